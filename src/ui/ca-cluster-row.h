/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CA_TYPE_CLUSTER_ROW (ca_cluster_row_get_type ())
G_DECLARE_FINAL_TYPE (CaClusterRow, ca_cluster_row, CA, CLUSTER_ROW, GtkWidget)

/* One row of the clusters list: a bold name over a dim line of details, each on
 * one line and ellipsized. */
GtkWidget  *ca_cluster_row_new          (void);
void        ca_cluster_row_set_text     (CaClusterRow *self,
                                         const char   *title,
                                         const char   *subtitle);
const char *ca_cluster_row_get_title    (CaClusterRow *self);
const char *ca_cluster_row_get_subtitle (CaClusterRow *self);

G_END_DECLS
