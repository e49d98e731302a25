/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-cluster"

#include "config.h"

#include "ca-cluster.h"
#include "ca-member.h"
#include "ca-person.h"

G_DEFINE_FINAL_TYPE (CaCluster, ca_cluster, G_TYPE_OBJECT)

static const char * const composition_names[CA_N_COMPOSITION] = {
  "members", "smes", "startups", "large_companies", "research", "civil_society", "other",
};

const char *
ca_composition_field_name (CaCompositionField field)
{
  g_return_val_if_fail (field < CA_N_COMPOSITION, NULL);
  return composition_names[field];
}

static void
ca_cluster_finalize (GObject *object)
{
  CaCluster *self = (CaCluster *) object;

  g_free (self->feed);
  g_free (self->id);
  g_free (self->name);
  g_free (self->acronym);
  g_free (self->country);
  g_free (self->region);
  g_free (self->city);
  g_free (self->established);
  g_free (self->legal_form);
  g_free (self->website);
  g_free (self->email);
  g_free (self->phone);
  g_strfreev (self->languages);
  g_free (self->summary);
  g_strfreev (self->objectives);
  g_strfreev (self->activities);
  g_strfreev (self->services);
  g_strfreev (self->sectors);
  g_strfreev (self->technology_fields);
  g_strfreev (self->s3_priorities);
  g_strfreev (self->labels);
  g_clear_pointer (&self->team, g_ptr_array_unref);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->networks, g_ptr_array_unref);

  G_OBJECT_CLASS (ca_cluster_parent_class)->finalize (object);
}

static void
ca_cluster_class_init (CaClusterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_cluster_finalize;
}

static void
ca_cluster_init (CaCluster *self)
{
  for (guint i = 0; i < CA_N_COMPOSITION; i++)
    self->composition[i] = -1;
  self->team = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_person_free);
  self->members = g_ptr_array_new_with_free_func (g_object_unref);
  self->networks = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_network_free);
}

CaCluster *
ca_cluster_new (void)
{
  return g_object_new (CA_TYPE_CLUSTER, NULL);
}
