/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PLACEHOLDER: the real view is being written; this keeps the build whole. */
#define G_LOG_DOMAIN "ca-search-view"

#include "config.h"

#include "ca-search-view.h"

struct _CaSearchView
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (CaSearchView, ca_search_view, ADW_TYPE_BIN)

static void
ca_search_view_finalize (GObject *object)
{
  CaSearchView *self = (CaSearchView *) object;
  (void) self;
  G_OBJECT_CLASS (ca_search_view_parent_class)->finalize (object);
}

static void
ca_search_view_class_init (CaSearchViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_search_view_finalize;
}

static void
ca_search_view_init (CaSearchView *self)
{
  adw_bin_set_child (ADW_BIN (self), gtk_label_new ("CaSearchView"));
}

void
ca_search_view_set_store (CaSearchView *self, CaStore *store)
{
}

void
ca_search_view_set_query (CaSearchView *self, const char *text)
{
}

guint
ca_search_view_get_n_hits (CaSearchView *self)
{
  return 0;
}

char *
ca_search_view_dup_hit_title (CaSearchView *self, CaSearchKind kind, guint index)
{
  return NULL;
}
