/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-cluster-filter"

#include "config.h"

#include "ca-cluster-filter.h"
#include "ca-iso-codes.h"
#include "ca-text.h"

struct _CaClusterFilter
{
  char *values[CA_N_CLUSTER_FACETS];
};

G_DEFINE_BOXED_TYPE (CaClusterFilter, ca_cluster_filter,
                     ca_cluster_filter_copy, ca_cluster_filter_free)

static const char * const facet_keys[CA_N_CLUSTER_FACETS] = {
  "country", "region", "sector", "s3",
};

const char *
ca_cluster_facet_key (CaClusterFacet facet)
{
  g_return_val_if_fail (facet < CA_N_CLUSTER_FACETS, NULL);
  return facet_keys[facet];
}

CaClusterFilter *
ca_cluster_filter_new (void)
{
  return g_new0 (CaClusterFilter, 1);
}

CaClusterFilter *
ca_cluster_filter_copy (const CaClusterFilter *self)
{
  CaClusterFilter *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = ca_cluster_filter_new ();
  for (guint i = 0; i < CA_N_CLUSTER_FACETS; i++)
    copy->values[i] = g_strdup (self->values[i]);
  return copy;
}

void
ca_cluster_filter_free (CaClusterFilter *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < CA_N_CLUSTER_FACETS; i++)
    g_free (self->values[i]);
  g_free (self);
}

gboolean
ca_cluster_filter_equal (const CaClusterFilter *a,
                         const CaClusterFilter *b)
{
  for (guint i = 0; i < CA_N_CLUSTER_FACETS; i++)
    if (g_strcmp0 (a != NULL ? a->values[i] : NULL, b != NULL ? b->values[i] : NULL) != 0)
      return FALSE;
  return TRUE;
}

void
ca_cluster_filter_set (CaClusterFilter *self,
                       CaClusterFacet   facet,
                       const char      *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (facet < CA_N_CLUSTER_FACETS);

  g_free (self->values[facet]);
  self->values[facet] = value != NULL && value[0] != '\0' ? g_strdup (value) : NULL;
}

const char *
ca_cluster_filter_get (const CaClusterFilter *self,
                       CaClusterFacet         facet)
{
  g_return_val_if_fail (facet < CA_N_CLUSTER_FACETS, NULL);
  return self != NULL ? self->values[facet] : NULL;
}

gboolean
ca_cluster_filter_is_empty (const CaClusterFilter *self)
{
  return ca_cluster_filter_equal (self, NULL);
}

void
ca_cluster_filter_clear (CaClusterFilter *self)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < CA_N_CLUSTER_FACETS; i++)
    g_clear_pointer (&self->values[i], g_free);
}

GVariant *
ca_cluster_filter_to_variant (const CaClusterFilter *self)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  for (guint i = 0; self != NULL && i < CA_N_CLUSTER_FACETS; i++)
    if (self->values[i] != NULL)
      g_variant_builder_add (&builder, "{ss}", facet_keys[i], self->values[i]);
  return g_variant_builder_end (&builder);
}

CaClusterFilter *
ca_cluster_filter_new_from_variant (GVariant *variant)
{
  CaClusterFilter *self = ca_cluster_filter_new ();
  GVariantIter iter;
  const char *key, *value;

  if (variant == NULL || !g_variant_is_of_type (variant, G_VARIANT_TYPE ("a{ss}")))
    return self;
  g_variant_iter_init (&iter, variant);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    for (guint i = 0; i < CA_N_CLUSTER_FACETS; i++)
      if (g_str_equal (key, facet_keys[i]))
        ca_cluster_filter_set (self, i, value);
  return self;
}

char *
ca_cluster_facet_dup_label (CaClusterFacet  facet,
                            const char     *value)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (facet < CA_N_CLUSTER_FACETS, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  if (facet == CA_CLUSTER_FACET_COUNTRY)
    return ca_iso_country_name (value);
  label = ca_text_display (value);
  return label != NULL && label[0] != '\0' ? g_steal_pointer (&label) : g_strdup (value);
}

void
ca_cluster_choice_free (CaClusterChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->value);
  g_free (choice->label);
  g_free (choice);
}
