/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-clusters-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-cluster-page.h"
#include "ca-clusters-view.h"
#include "ca-text.h"

struct _CaClustersView
{
  AdwBin              parent_instance;

  CaStore            *store;
  GListStore         *clusters;
  GtkSingleSelection *selection;
  guint               show_source;

  /* template children */
  GtkStack           *stack;
  AdwLeaflet         *leaflet;
  GtkWidget          *sidebar;
  GtkWidget          *content;
  GtkListView        *cluster_list;
  GtkStack           *page_stack;
  CaClusterPage      *cluster_page;
};

G_DEFINE_FINAL_TYPE (CaClustersView, ca_clusters_view, ADW_TYPE_BIN)

/* Rows: the name in the user's language, then acronym, region and member count.
 * Feed strings are plain text, never markup. */
static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  CaCluster *cluster = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  g_autofree char *name = ca_text_display (cluster->name);
  g_autofree char *region = ca_text_display (cluster->region);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *line = NULL;

  if (cluster->acronym != NULL && g_strcmp0 (cluster->acronym, name) != 0)
    g_ptr_array_add (parts, g_strdup (cluster->acronym));
  if (region != NULL)
    g_ptr_array_add (parts, g_steal_pointer (&region));
  if (cluster->n_members > 0 || cluster->composition[CA_COMPOSITION_MEMBERS] > 0)
    {
      guint n = MAX ((gint64) cluster->n_members, cluster->composition[CA_COMPOSITION_MEMBERS]);
      g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u member", "%u members", n), n));
    }
  g_ptr_array_add (parts, NULL);
  line = g_strjoinv (" · ", (char **) parts->pdata);

  gtk_label_set_text (GTK_LABEL (title), name);
  gtk_label_set_text (GTK_LABEL (subtitle), line);
  gtk_widget_set_visible (subtitle, line[0] != '\0');
}

static gboolean
show_selected_now (gpointer user_data)
{
  CaClustersView *self = user_data;
  CaCluster *listed = gtk_single_selection_get_selected_item (self->selection);
  g_autoptr(CaCluster) cluster = NULL;
  g_autoptr(GError) error = NULL;

  if (listed != NULL && self->store != NULL)
    cluster = ca_store_get_cluster (self->store, listed->feed, listed->id, &error);
  if (error != NULL)
    g_warning ("Cannot read cluster %s: %s", listed->id, error->message);

  self->show_source = 0;
  ca_cluster_page_set_cluster (self->cluster_page, self->store, cluster);
  gtk_stack_set_visible_child_name (self->page_stack, cluster != NULL ? "page" : "none");
  return G_SOURCE_REMOVE;
}

/* The page is built when the main loop is idle: the window's first frame shows the
 * list without waiting for it, and arrowing through the list builds one page, not
 * one per row passed. */
static void
show_selected (CaClustersView *self)
{
  if (self->show_source == 0)
    self->show_source = g_idle_add_full (G_PRIORITY_LOW, show_selected_now, self, NULL);
}

static void
cluster_activated (CaClustersView *self,
                   guint           position)
{
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
back_clicked (CaClustersView *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
ca_clusters_view_dispose (GObject *object)
{
  CaClustersView *self = (CaClustersView *) object;

  g_clear_handle_id (&self->show_source, g_source_remove);
  /* AdwBin keeps its own pointer to the template's top widget: let go of it first */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), CA_TYPE_CLUSTERS_VIEW);

  G_OBJECT_CLASS (ca_clusters_view_parent_class)->dispose (object);
}

static void
ca_clusters_view_finalize (GObject *object)
{
  CaClustersView *self = (CaClustersView *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->clusters);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (ca_clusters_view_parent_class)->finalize (object);
}

static void
ca_clusters_view_class_init (CaClustersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_clusters_view_dispose;
  object_class->finalize = ca_clusters_view_finalize;

  g_type_ensure (CA_TYPE_CLUSTER_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-clusters-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, stack);
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, content);
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, cluster_list);
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, page_stack);
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, cluster_page);
  gtk_widget_class_bind_template_callback (widget_class, setup_row);
  gtk_widget_class_bind_template_callback (widget_class, bind_row);
  gtk_widget_class_bind_template_callback (widget_class, cluster_activated);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked);
}

static void
ca_clusters_view_init (CaClustersView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->clusters = g_list_store_new (CA_TYPE_CLUSTER);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->clusters)));
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->cluster_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (show_selected), self, G_CONNECT_SWAPPED);
}

void
ca_clusters_view_set_store (CaClustersView *self,
                            CaStore        *store)
{
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CA_IS_CLUSTERS_VIEW (self));

  g_set_object (&self->store, store);
  if (store != NULL)
    clusters = ca_store_list_clusters (store, &error);
  if (error != NULL)
    g_warning ("Cannot list clusters: %s", error->message);

  /* Read again (the content language changed): the same cluster stays selected */
  {
    CaCluster *selected = gtk_single_selection_get_selected_item (self->selection);
    g_autofree char *feed = selected != NULL ? g_strdup (selected->feed) : NULL;
    g_autofree char *id = selected != NULL ? g_strdup (selected->id) : NULL;

    g_list_store_remove_all (self->clusters);
    if (clusters != NULL)
      g_list_store_splice (self->clusters, 0, 0, clusters->pdata, clusters->len);
    gtk_stack_set_visible_child_name (self->stack, clusters != NULL && clusters->len > 0
                                                   ? "clusters" : "empty");
    for (guint i = 0; feed != NULL && clusters != NULL && i < clusters->len; i++)
      {
        CaCluster *cluster = g_ptr_array_index (clusters, i);

        if (g_str_equal (cluster->feed, feed) && g_str_equal (cluster->id, id))
          gtk_single_selection_set_selected (self->selection, i);
      }
    show_selected (self);
  }
}

gboolean
ca_clusters_view_select_cluster (CaClustersView *self,
                                 const char     *feed,
                                 const char     *id)
{
  guint n;

  g_return_val_if_fail (CA_IS_CLUSTERS_VIEW (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->clusters));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaCluster) cluster = g_list_model_get_item (G_LIST_MODEL (self->clusters), i);

      if (g_str_equal (cluster->feed, feed) && g_str_equal (cluster->id, id))
        {
          cluster_activated (self, i);
          return TRUE;
        }
    }
  return FALSE;
}

GListModel *
ca_clusters_view_get_clusters (CaClustersView *self)
{
  g_return_val_if_fail (CA_IS_CLUSTERS_VIEW (self), NULL);
  return G_LIST_MODEL (self->clusters);
}

GtkWidget *
ca_clusters_view_get_page (CaClustersView *self)
{
  g_return_val_if_fail (CA_IS_CLUSTERS_VIEW (self), NULL);

  if (self->show_source != 0)
    {
      g_clear_handle_id (&self->show_source, g_source_remove);
      show_selected_now (self);
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->page_stack), "page") != 0)
    return NULL;
  return GTK_WIDGET (self->cluster_page);
}
