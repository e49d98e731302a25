/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-store.h"

G_BEGIN_DECLS

#define CA_TYPE_CLUSTER_PAGE (ca_cluster_page_get_type ())
G_DECLARE_FINAL_TYPE (CaClusterPage, ca_cluster_page, CA, CLUSTER_PAGE, AdwBin)

GtkWidget *ca_cluster_page_new         (void);
/* cluster as ca_store_get_cluster() gives it (with members); store for its
 * projects and events. NULL clears the page. */
void       ca_cluster_page_set_cluster (CaClusterPage *self,
                                        CaStore       *store,
                                        CaCluster     *cluster);

G_END_DECLS
