/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * A slice of model for a list view that shows a screenful at once and takes the
 * rest a step at a time while the main loop is idle. GTK 4.8's GtkListView and
 * GtkColumnView make a row widget for up to 200 items as soon as a model is set;
 * for a long list that is a long stall before anything shows, for rows not seen.
 */
GtkSliceListModel *ca_gradual_list_new      (GListModel        *model);
/* The same, starting with the rows of at least row_height that fit in height */
GtkSliceListModel *ca_gradual_list_new_for_height (GListModel  *model,
                                                   int          height,
                                                   int          row_height);
/* Everything at once: before jumping to a row further down */
void               ca_gradual_list_show_all (GtkSliceListModel *slice);

G_END_DECLS
