/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-project"

#include "config.h"

#include "ca-project.h"

G_DEFINE_FINAL_TYPE (CaProject, ca_project, G_TYPE_OBJECT)

static void
ca_project_finalize (GObject *object)
{
  CaProject *self = (CaProject *) object;

  g_free (self->feed);
  g_free (self->id);
  g_free (self->title);
  g_free (self->acronym);
  g_free (self->programme);
  g_free (self->grant);
  g_free (self->start);
  g_free (self->end);
  g_free (self->budget_currency);
  g_free (self->role);
  g_strfreev (self->clusters);
  g_strfreev (self->partners);
  g_free (self->summary);
  g_strfreev (self->objectives);
  g_free (self->website);

  G_OBJECT_CLASS (ca_project_parent_class)->finalize (object);
}

static void
ca_project_class_init (CaProjectClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_project_finalize;
}

static void
ca_project_init (CaProject *self)
{
}

CaProject *
ca_project_new (void)
{
  return g_object_new (CA_TYPE_PROJECT, NULL);
}
