/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ca-store.h"

G_BEGIN_DECLS

#define CA_TYPE_CLUSTER_LIST (ca_cluster_list_get_type ())
G_DECLARE_FINAL_TYPE (CaClusterList, ca_cluster_list, CA, CLUSTER_LIST, GObject)

/* The clusters of a store, in list order, as a GListModel of CaCluster summaries
 * (name, acronym, region, member counts). Rows are read a page at a time when first
 * asked for, so a list of thousands shows without reading them all. It is a view of
 * the store as it was when made: make a new one after the store changes. */
CaClusterList *ca_cluster_list_new  (CaStore        *store,
                                     GError        **error);
/* The clusters filter lets through (NULL: all), in the same order */
CaClusterList *ca_cluster_list_new_filtered (CaStore               *store,
                                     const CaClusterFilter *filter,
                                     GError               **error);
/* NULL when it lists every cluster */
const CaClusterFilter *ca_cluster_list_get_filter (CaClusterList *self);
gboolean       ca_cluster_list_find (CaClusterList  *self,
                                     const char     *feed,
                                     const char     *id,
                                     guint          *position);

G_END_DECLS
