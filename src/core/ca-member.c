/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-member"

#include "config.h"

#include "ca-member.h"

G_DEFINE_FINAL_TYPE (CaMember, ca_member, G_TYPE_OBJECT)

static void
ca_member_finalize (GObject *object)
{
  CaMember *self = (CaMember *) object;

  g_free (self->feed);
  g_free (self->cluster);
  g_free (self->id);
  g_free (self->name);
  g_free (self->city);
  g_free (self->country);
  g_free (self->website);
  g_strfreev (self->sectors);
  g_free (self->description);
  g_free (self->joined);
  g_strfreev (self->clusters);

  G_OBJECT_CLASS (ca_member_parent_class)->finalize (object);
}

static void
ca_member_class_init (CaMemberClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_member_finalize;
}

static void
ca_member_init (CaMember *self)
{
  self->kind = CA_MEMBER_KIND_OTHER;
}

CaMember *
ca_member_new (void)
{
  return g_object_new (CA_TYPE_MEMBER, NULL);
}
