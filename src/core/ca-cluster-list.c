/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-cluster-list"

#include "config.h"

#include "ca-cluster.h"
#include "ca-cluster-list.h"

/* A list view asks for the rows it shows and a margin around them; one page
 * covers a screenful and then some, in one query. */
#define PAGE_SIZE 64

struct _CaClusterList
{
  GObject    parent_instance;

  CaStore   *store;
  CaClusterFilter *filter;   /* NULL: every cluster */
  GPtrArray *items;   /* CaCluster or NULL where not read yet */
};

static void ca_cluster_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CaClusterList, ca_cluster_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ca_cluster_list_model_init))

static GType
get_item_type (GListModel *model)
{
  return CA_TYPE_CLUSTER;
}

static guint
get_n_items (GListModel *model)
{
  return CA_CLUSTER_LIST (model)->items->len;
}

static void
read_page (CaClusterList *self,
           guint          position)
{
  guint offset = position - position % PAGE_SIZE;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;

  page = ca_store_list_cluster_summaries_filtered (self->store, self->filter, offset, PAGE_SIZE,
                                                   &error);
  if (page == NULL)
    g_warning ("Cannot read clusters %u to %u: %s", offset, offset + PAGE_SIZE, error->message);
  for (guint i = 0; page != NULL && i < page->len && offset + i < self->items->len; i++)
    if (self->items->pdata[offset + i] == NULL)
      self->items->pdata[offset + i] = g_object_ref (page->pdata[i]);
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  CaClusterList *self = CA_CLUSTER_LIST (model);

  if (position >= self->items->len)
    return NULL;
  if (self->items->pdata[position] == NULL)
    read_page (self, position);
  /* The store changed under the list (rows gone): an empty row until the list is
   * made anew, rather than a hole a list view cannot take. */
  if (self->items->pdata[position] == NULL)
    {
      CaCluster *blank = ca_cluster_new ();

      blank->feed = g_strdup ("");
      blank->id = g_strdup ("");
      self->items->pdata[position] = blank;
    }
  return g_object_ref (self->items->pdata[position]);
}

static void
ca_cluster_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
clear_item (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static void
ca_cluster_list_finalize (GObject *object)
{
  CaClusterList *self = CA_CLUSTER_LIST (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->filter, ca_cluster_filter_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  G_OBJECT_CLASS (ca_cluster_list_parent_class)->finalize (object);
}

static void
ca_cluster_list_class_init (CaClusterListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_cluster_list_finalize;
}

static void
ca_cluster_list_init (CaClusterList *self)
{
  self->items = g_ptr_array_new_with_free_func (clear_item);
}

CaClusterList *
ca_cluster_list_new (CaStore  *store,
                     GError  **error)
{
  return ca_cluster_list_new_filtered (store, NULL, error);
}

CaClusterList *
ca_cluster_list_new_filtered (CaStore                *store,
                              const CaClusterFilter  *filter,
                              GError                **error)
{
  g_autoptr(CaClusterList) self = NULL;
  g_autoptr(GError) local_error = NULL;
  guint n;

  g_return_val_if_fail (CA_IS_STORE (store), NULL);

  n = ca_store_count_clusters_filtered (store, filter, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  self = g_object_new (CA_TYPE_CLUSTER_LIST, NULL);
  self->store = g_object_ref (store);
  if (!ca_cluster_filter_is_empty (filter))
    self->filter = ca_cluster_filter_copy (filter);
  g_ptr_array_set_size (self->items, n);
  return g_steal_pointer (&self);
}

const CaClusterFilter *
ca_cluster_list_get_filter (CaClusterList *self)
{
  g_return_val_if_fail (CA_IS_CLUSTER_LIST (self), NULL);
  return self->filter;
}

gboolean
ca_cluster_list_find (CaClusterList *self,
                      const char    *feed,
                      const char    *id,
                      guint         *position)
{
  g_return_val_if_fail (CA_IS_CLUSTER_LIST (self), FALSE);
  g_return_val_if_fail (feed != NULL && id != NULL, FALSE);

  for (guint i = 0; i < self->items->len; i++)
    {
      g_autoptr(CaCluster) cluster = get_item (G_LIST_MODEL (self), i);

      if (g_str_equal (cluster->feed, feed) && g_str_equal (cluster->id, id))
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }
  return FALSE;
}
