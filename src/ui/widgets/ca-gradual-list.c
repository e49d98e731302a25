/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-gradual-list"

#include "config.h"

#include "ca-gradual-list.h"

#define FIRST_ITEMS 40    /* a tall window's worth of rows */
#define MORE_ITEMS  20    /* a step costs a few ms of row widgets */
#define MAX_WIDGETS 200   /* GTK 4.8's list views make no more rows than this */

static GQuark source_quark;

static gboolean
grow (gpointer user_data)
{
  GtkSliceListModel *slice = user_data;
  GListModel *model = gtk_slice_list_model_get_model (slice);
  guint all = model != NULL ? g_list_model_get_n_items (model) : 0;
  guint size = gtk_slice_list_model_get_size (slice) + MORE_ITEMS;

  /* Past the widgets a list view keeps, more items cost it next to nothing */
  if (size >= MAX_WIDGETS || size >= all)
    size = all;
  gtk_slice_list_model_set_size (slice, size);
  if (size < all)
    return G_SOURCE_CONTINUE;
  /* Done: forget the source without removing it, as returning does that */
  g_object_steal_qdata (G_OBJECT (slice), source_quark);
  return G_SOURCE_REMOVE;
}

static void
remove_source (gpointer data)
{
  g_source_remove (GPOINTER_TO_UINT (data));
}

static GtkSliceListModel *
new_slice (GListModel *model,
           guint       first)
{
  GtkSliceListModel *slice;
  guint all;

  if (source_quark == 0)
    source_quark = g_quark_from_static_string ("ca-gradual-list-source");

  all = g_list_model_get_n_items (model);
  slice = gtk_slice_list_model_new (g_object_ref (model), 0, MIN (all, first));
  if (all > first)
    {
      /* The source goes with the slice; the slice does not outlive its source */
      guint id = g_idle_add_full (G_PRIORITY_LOW, grow, slice, NULL);

      g_object_set_qdata_full (G_OBJECT (slice), source_quark, GUINT_TO_POINTER (id),
                               remove_source);
    }
  return slice;
}

GtkSliceListModel *
ca_gradual_list_new (GListModel *model)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  return new_slice (model, FIRST_ITEMS);
}

GtkSliceListModel *
ca_gradual_list_new_for_height (GListModel *model,
                                int         height,
                                int         row_height)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (row_height > 0, NULL);

  return new_slice (model, height > 0 ? height / row_height + 1 : FIRST_ITEMS);
}

void
ca_gradual_list_show_all (GtkSliceListModel *slice)
{
  GListModel *model;

  g_return_if_fail (GTK_IS_SLICE_LIST_MODEL (slice));

  model = gtk_slice_list_model_get_model (slice);
  g_object_set_qdata (G_OBJECT (slice), source_quark, NULL);   /* removes the source */
  gtk_slice_list_model_set_size (slice, model != NULL ? g_list_model_get_n_items (model) : 0);
}
