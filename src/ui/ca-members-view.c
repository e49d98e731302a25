/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PLACEHOLDER: the real view is being written; this keeps the build whole. */
#define G_LOG_DOMAIN "ca-members-view"

#include "config.h"

#include "ca-members-view.h"

struct _CaMembersView
{
  AdwBin parent_instance;
  GListStore *members;
};

G_DEFINE_FINAL_TYPE (CaMembersView, ca_members_view, ADW_TYPE_BIN)

static void
ca_members_view_finalize (GObject *object)
{
  CaMembersView *self = (CaMembersView *) object;
  g_clear_object (&self->members);
  (void) self;
  G_OBJECT_CLASS (ca_members_view_parent_class)->finalize (object);
}

static void
ca_members_view_class_init (CaMembersViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_members_view_finalize;
}

static void
ca_members_view_init (CaMembersView *self)
{
  self->members = g_list_store_new (CA_TYPE_MEMBER);
  adw_bin_set_child (ADW_BIN (self), gtk_label_new ("CaMembersView"));
}

void
ca_members_view_set_store (CaMembersView *self, CaStore *store)
{
}

void
ca_members_view_set_kind_filter (CaMembersView *self, int kind)
{
}

GListModel *
ca_members_view_get_members (CaMembersView *self)
{
  return G_LIST_MODEL (self->members);
}

gboolean
ca_members_view_show_member (CaMembersView *self, const char *feed, const char *cluster, guint position)
{
  return FALSE;
}
