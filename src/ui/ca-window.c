/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-text.h"
#include "ca-window.h"

struct _CaWindow
{
  AdwApplicationWindow  parent_instance;

  GListStore           *clusters;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkListView          *cluster_list;
  AdwStatusPage        *empty_page;
};

G_DEFINE_FINAL_TYPE (CaWindow, ca_window, ADW_TYPE_APPLICATION_WINDOW)

/* Feed strings go into labels as plain text, never markup. */
static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_use_markup (GTK_LABEL (title), FALSE);
  gtk_label_set_use_markup (GTK_LABEL (subtitle), FALSE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
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
  g_autofree char *other = ca_text_other_language (cluster->name);
  g_autofree char *region = ca_text_display (cluster->region);
  GString *line = g_string_new (other);

  if (region != NULL)
    g_string_append_printf (line, "%s%s", line->len > 0 ? " · " : "", region);

  gtk_label_set_text (GTK_LABEL (title), name);
  gtk_label_set_text (GTK_LABEL (subtitle), line->str);
  gtk_widget_set_visible (subtitle, line->len > 0);
  g_string_free (line, TRUE);
}

static void
load_clusters (CaWindow      *self,
               CaApplication *app)
{
  CaStore *store = ca_application_get_store (app);
  const char *problem = ca_application_get_store_problem (app);
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;

  if (problem != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (problem));

  if (store != NULL)
    clusters = ca_store_list_clusters (store, &error);
  if (error != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));

  if (clusters != NULL)
    g_list_store_splice (self->clusters, 0, 0, clusters->pdata, clusters->len);

  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->clusters)) > 0
                                    ? "clusters" : "empty");
}

static void
ca_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CA_TYPE_WINDOW);

  G_OBJECT_CLASS (ca_window_parent_class)->dispose (object);
}

static void
ca_window_finalize (GObject *object)
{
  CaWindow *self = (CaWindow *) object;

  g_clear_object (&self->clusters);

  G_OBJECT_CLASS (ca_window_parent_class)->finalize (object);
}

static void
ca_window_class_init (CaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_window_dispose;
  object_class->finalize = ca_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, cluster_list);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, setup_row);
  gtk_widget_class_bind_template_callback (widget_class, bind_row);
}

static void
ca_window_init (CaWindow *self)
{
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->clusters = g_list_store_new (CA_TYPE_CLUSTER);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->clusters)));
  gtk_list_view_set_model (self->cluster_list, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
}

CaWindow *
ca_window_new (CaApplication *application)
{
  CaWindow *self;

  g_return_val_if_fail (CA_IS_APPLICATION (application), NULL);

  self = g_object_new (CA_TYPE_WINDOW, "application", application, NULL);
  load_clusters (self, application);
  return self;
}

GListModel *
ca_window_get_clusters (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->clusters);
}
