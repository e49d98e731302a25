/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-cluster-list.h"
#include "ca-store.h"

G_BEGIN_DECLS

#define CA_TYPE_CLUSTERS_VIEW (ca_clusters_view_get_type ())
G_DECLARE_FINAL_TYPE (CaClustersView, ca_clusters_view, CA, CLUSTERS_VIEW, AdwBreakpointBin)

/* The Clusters view: the list of clusters beside the selected cluster's page
 * (an AdwNavigationSplitView); narrow, it shows one of them at a time, the page
 * with a button back to the list. */
void        ca_clusters_view_set_store      (CaClustersView *self,
                                             CaStore        *store);
void        ca_clusters_view_set_clusters   (CaClustersView *self,
                                             CaStore        *store,
                                             CaClusterList  *clusters);
gboolean    ca_clusters_view_select_cluster (CaClustersView *self,
                                             const char     *feed,
                                             const char     *id);
GListModel *ca_clusters_view_get_clusters   (CaClustersView *self);
void        ca_clusters_view_format_row     (CaCluster      *cluster,
                                             char          **title,
                                             char          **subtitle);
/* The page shown, for tests: NULL when no cluster is selected */
GtkWidget  *ca_clusters_view_get_page       (CaClustersView *self);

G_END_DECLS
