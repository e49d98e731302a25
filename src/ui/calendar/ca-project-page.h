/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-store.h"

G_BEGIN_DECLS

#define CA_TYPE_PROJECT_PAGE (ca_project_page_get_type ())
G_DECLARE_FINAL_TYPE (CaProjectPage, ca_project_page, CA, PROJECT_PAGE, AdwBin)

/*
 * A project: programme, grant, dates, budget, role, partners, summary, numbered
 * objectives, website, clusters (win.show-cluster) and its events, each
 * activating "calendar.show-event".
 */
GtkWidget  *ca_project_page_new               (void);
void        ca_project_page_set_store         (CaProjectPage *self,
                                               CaStore       *store);
/* cluster_names: "feed\x1fid" → display name, for the cluster buttons; may be NULL */
void        ca_project_page_set_cluster_names (CaProjectPage *self,
                                               GHashTable    *cluster_names);
void        ca_project_page_set_project       (CaProjectPage *self,
                                               CaProject     *project);
CaProject  *ca_project_page_get_project       (CaProjectPage *self);

G_END_DECLS
