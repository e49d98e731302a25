/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-clusters-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-cluster-list.h"
#include "ca-cluster-page.h"
#include "ca-clusters-filters.h"
#include "ca-format.h"
#include "ca-iso-codes.h"
#include "ca-settings.h"
#include "ca-tooltip.h"
#include "ca-page-heading.h"
#include "ca-text-row.h"
#include "ca-clusters-view.h"
#include "ca-view.h"
#include "ca-gradual-list.h"
#include "ca-text.h"

struct _CaClustersView
{
  AdwBreakpointBin    parent_instance;

  CaStore            *store;
  GListModel         *clusters;   /* CaClusterList, or empty */
  GtkSliceListModel  *shown;      /* what the list has so far: ca-gradual-list.h */
  GtkSingleSelection *selection;
  guint               show_source;
  gboolean            focus_page;   /* a row was chosen: the page's heading gets the focus */
  GSettings          *settings;     /* NULL when the schema is not installed */
  CaClusterFilter    *filter;       /* what the list shows; kept in clusters-filter */
  CaClustersFilters  *filters;      /* the popover, NULL until first opened */
  GPtrArray          *choices[CA_N_CLUSTER_FACETS];  /* CaClusterChoice behind each drop-down */
  gboolean            updating;     /* setting the drop-downs, not the user */
  CaClusterFacet      changing;     /* the facet the user is choosing, or CA_N_CLUSTER_FACETS */

  /* template children */
  GtkStack           *stack;
  AdwNavigationSplitView *split_view;
  AdwNavigationPage  *content_page;
  GtkWidget          *content;
  GtkListView        *cluster_list;
  GtkStack           *list_stack;
  GtkLabel           *count_label;
  GtkMenuButton      *filters_button;
  GtkRevealer        *filter_revealer;
  GtkLabel           *filter_summary;
  GtkWidget          *clear_button;
  GtkWidget          *no_match_page;
  GtkStack           *page_stack;
  CaClusterPage      *cluster_page;   /* NULL until a cluster is shown */
  GtkWidget          *back_button;    /* NULL until the view first collapses */
};

static void ca_clusters_view_view_init (CaViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CaClustersView, ca_clusters_view, ADW_TYPE_BREAKPOINT_BIN,
                               G_IMPLEMENT_INTERFACE (CA_TYPE_VIEW, ca_clusters_view_view_init))

/* Rows: ca_clusters_view_format_row() says what they show */
static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (item, ca_text_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  CaCluster *cluster = gtk_list_item_get_item (item);
  CaTextRow *row = CA_TEXT_ROW (gtk_list_item_get_child (item));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  ca_clusters_view_format_row (cluster, &title, &subtitle);
  ca_text_row_set_text (row, title, subtitle);
}

/* The empty states are made the first time they are shown: two status pages
 * nobody sees would otherwise be built and styled for the window's first frame */
static void
show_status (GtkStack   *stack,
             const char *name,
             const char *title,
             const char *description)
{
  if (gtk_stack_get_child_by_name (stack, name) == NULL)
    {
      AdwStatusPage *status = ADW_STATUS_PAGE (adw_status_page_new ());

      adw_status_page_set_icon_name (status, "view-grid-symbolic");
      adw_status_page_set_title (status, title);
      adw_status_page_set_description (status, description);
      gtk_stack_add_named (stack, GTK_WIDGET (status), name);
    }
  gtk_stack_set_visible_child_name (stack, name);
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
  /* Made when first needed: a page of many sections costs the first frame otherwise */
  if (self->cluster_page == NULL && cluster != NULL)
    {
      self->cluster_page = g_object_new (CA_TYPE_CLUSTER_PAGE, NULL);
      gtk_stack_add_named (self->page_stack, GTK_WIDGET (self->cluster_page), "page");
    }
  if (self->cluster_page != NULL)
    ca_cluster_page_set_cluster (self->cluster_page, self->store, cluster);
  if (cluster != NULL)
    {
      g_autofree char *name = ca_text_display (cluster->name);

      /* What a screen reader calls the page, and what a header bar would show */
      adw_navigation_page_set_title (self->content_page, name != NULL && name[0] != '\0'
                                                         ? name : cluster->id);
      gtk_stack_set_visible_child_name (self->page_stack, "page");
      if (self->focus_page)
        ca_page_heading_focus_in (GTK_WIDGET (self->cluster_page));
    }
  else
    {
      adw_navigation_page_set_title (self->content_page, _("No Cluster Selected"));
      show_status (self->page_stack, "none", _("No Cluster Selected"),
                   _("Choose a cluster from the list to see its objectives, members and "
                     "projects."));
    }
  self->focus_page = FALSE;
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

/* A click, Enter, or a cluster opened from elsewhere: its page comes forward (when
 * collapsed, in place of the list) */
static void
cluster_activated (CaClustersView *self,
                   guint           position)
{
  gtk_single_selection_set_selected (self->selection, position);
  adw_navigation_split_view_set_show_content (self->split_view, TRUE);
  /* The focus goes to the page's title, once it is built (not to its first
   * selectable text, which would be selected) */
  if (self->show_source != 0)
    self->focus_page = TRUE;
  else if (self->cluster_page != NULL)
    ca_page_heading_focus_in (GTK_WIDGET (self->cluster_page));
}

/* Collapsed (a narrow view), the page has a button back to the list; Escape,
 * Alt+Left and the mouse's back button go back too (AdwNavigationView). The
 * window's header bar serves every view, so the page has no header bar of its own
 * to put the button in. It is made the first time the view collapses: a wide
 * window never shows it. */
static void
collapsed_changed (CaClustersView *self)
{
  GtkWidget *button, *content;

  if (!adw_navigation_split_view_get_collapsed (self->split_view) || self->back_button != NULL)
    return;

  /* An arrow and "Clusters", as a header bar's back button has. Not an
   * AdwButtonContent: its label would become the button's accessible name, over
   * the one given below */
  content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (content),
                  g_object_new (GTK_TYPE_IMAGE,
                                "icon-name", "go-previous-symbolic",
                                "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                NULL));
  gtk_box_append (GTK_BOX (content), gtk_label_new (_("Clusters")));
  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "image-text-button");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_start (button, 6);
  gtk_widget_set_margin_top (button, 6);
  /* Where the button goes, not just "Clusters" as the view switcher's tab says */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Back to the clusters"), -1);
  /* The split view's own action: shows the list, the selection kept */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "navigation.pop");
  g_object_bind_property (self->split_view, "collapsed", button, "visible",
                          G_BINDING_SYNC_CREATE);
  gtk_box_prepend (GTK_BOX (self->content), button);
  self->back_button = button;
}

/* {{{ Filters */

static const char *
all_choice (CaClusterFacet facet)
{
  switch (facet)
    {
    case CA_CLUSTER_FACET_COUNTRY:
      /* TRANSLATORS: the first item of the clusters' country filter */
      return _("All countries");
    case CA_CLUSTER_FACET_REGION:
      /* TRANSLATORS: the first item of the clusters' region filter */
      return _("All regions");
    case CA_CLUSTER_FACET_SECTOR:
      /* TRANSLATORS: the first item of the clusters' sector filter */
      return _("All sectors");
    case CA_CLUSTER_FACET_S3:
      /* TRANSLATORS: the first item of the clusters' smart specialisation (S3) filter */
      return _("All S3 areas");
    case CA_N_CLUSTER_FACETS:
    default:
      g_assert_not_reached ();
    }
}

/* Each drop-down offers its facet's values among the clusters the other filters let
 * through, with how many clusters have each; the one chosen stays selected. skip: the
 * facet whose choice the user just changed (its values do not depend on it, and its
 * drop-down is closing), or CA_N_CLUSTER_FACETS. */
static void
update_choices (CaClustersView *self,
                CaClusterFacet  skip)
{
  if (self->filters == NULL || self->store == NULL)
    return;

  self->updating = TRUE;
  for (guint f = 0; f < CA_N_CLUSTER_FACETS; f++)
    {
      GtkDropDown *dropdown = ca_clusters_filters_get_dropdown (self->filters, f);
      const char *chosen = ca_cluster_filter_get (self->filter, f);
      g_autoptr(GtkStringList) strings = NULL;
      g_autoptr(GError) error = NULL;
      guint selected = 0;

      if (f == skip)
        continue;
      g_clear_pointer (&self->choices[f], g_ptr_array_unref);
      self->choices[f] = ca_store_list_cluster_choices (self->store, f, self->filter, &error);
      if (self->choices[f] == NULL)
        {
          g_warning ("Cannot list the clusters' %s: %s", ca_cluster_facet_key (f), error->message);
          self->choices[f] = g_ptr_array_new ();
        }
      strings = gtk_string_list_new (NULL);
      gtk_string_list_append (strings, all_choice (f));
      for (guint i = 0; i < self->choices[f]->len; i++)
        {
          CaClusterChoice *choice = self->choices[f]->pdata[i];
          g_autofree char *count = ca_format_count (choice->count);
          /* TRANSLATORS: a choice of a clusters filter and how many clusters it
           * shows, "Bulgaria (34)" */
          g_autofree char *text = g_strdup_printf (C_("filter choice", "%s (%s)"),
                                                   choice->label, count);

          gtk_string_list_append (strings, text);
          if (g_strcmp0 (choice->value, chosen) == 0)
            selected = i + 1;
        }
      gtk_drop_down_set_model (dropdown, G_LIST_MODEL (strings));
      gtk_drop_down_set_selected (dropdown, selected);
    }
  self->updating = FALSE;
}

/* "1,500 clusters · 34 shown": the store's count and the list's, which the store
 * counted for the same filter */
static void
update_count (CaClustersView *self)
{
  g_autoptr(GError) error = NULL;
  guint shown = g_list_model_get_n_items (self->clusters);
  /* Unfiltered, the list is every cluster: counted once, when it was read */
  guint total = self->store == NULL ? 0
                : ca_cluster_filter_is_empty (self->filter) ? shown
                : ca_store_count_clusters (self->store, &error);
  g_autofree char *total_text = NULL;
  g_autofree char *text = NULL;

  if (error != NULL)
    g_warning ("Cannot count clusters: %s", error->message);
  /* Grouped the locale's way ("1,500"), as ca_format_count() groups */
  /* TRANSLATORS: above the clusters list, how many there are, "1,500 clusters" */
  total_text = g_strdup_printf (ngettext ("%'u cluster", "%'u clusters", total), total);
  if (ca_cluster_filter_is_empty (self->filter))
    text = g_steal_pointer (&total_text);
  else
    {
      /* TRANSLATORS: after the clusters count, how many of them the filters let
       * through, "1,500 clusters · 34 shown" */
      g_autofree char *shown_text = g_strdup_printf (ngettext ("%'u shown", "%'u shown", shown),
                                                      shown);

      text = g_strconcat (total_text, " · ", shown_text, NULL);
    }
  gtk_label_set_text (self->count_label, text);
}

/* "Filtered: Bulgaria · ICT" under the count, with Clear Filters */
static void
update_summary (CaClustersView *self)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  g_autofree char *text = NULL;

  for (guint f = 0; f < CA_N_CLUSTER_FACETS; f++)
    {
      const char *value = ca_cluster_filter_get (self->filter, f);

      if (value != NULL)
        g_ptr_array_add (labels, ca_cluster_facet_dup_label (f, value));
    }
  g_ptr_array_add (labels, NULL);
  joined = g_strjoinv (" · ", (char **) labels->pdata);
  /* The Filters button stands out while one of its filters is set */
  if (labels->len > 1)
    {
      /* TRANSLATORS: the active filters, "Filtered: ICT Cluster · Conference" */
      text = g_strdup_printf (_("Filtered: %s"), joined);
      gtk_widget_add_css_class (GTK_WIDGET (self->filters_button), "accent");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filters_button), "accent");
  gtk_label_set_text (self->filter_summary, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->filter_revealer, text != NULL);
}

static void
save_filter (CaClustersView *self)
{
  if (self->settings != NULL)
    g_settings_set_value (self->settings, "clusters-filter",
                          ca_cluster_filter_to_variant (self->filter));
}

static void
filter_changed (CaClustersView *self,
                CaClusterFacet  facet)
{
  GtkDropDown *dropdown = ca_clusters_filters_get_dropdown (self->filters, facet);
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *value = NULL;

  if (self->updating || self->choices[facet] == NULL)
    return;
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 &&
      selected <= self->choices[facet]->len)
    value = ((CaClusterChoice *) self->choices[facet]->pdata[selected - 1])->value;
  if (g_strcmp0 (value, ca_cluster_filter_get (self->filter, facet)) == 0)
    return;
  ca_cluster_filter_set (self->filter, facet, value);
  save_filter (self);
  self->changing = facet;
  ca_clusters_view_set_store (self, self->store);
  self->changing = CA_N_CLUSTER_FACETS;
}

/* The list's place when the filters let nothing through, built the first time */
static void
ensure_no_match_page (CaClustersView *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->no_match_page != NULL)
    return;
  builder = gtk_builder_new_from_resource ("/io/github/clusteratlas/ClusterAtlas/ui/"
                                           "ca-clusters-no-match.ui");
  self->no_match_page = GTK_WIDGET (gtk_builder_get_object (builder, "no_match_page"));
  gtk_stack_add_named (self->list_stack, self->no_match_page, "no-match");
}

static void
clear_filters (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CaClustersView *self = CA_CLUSTERS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  /* The button pressed goes with the filters (the empty state's, or the one beside
   * the summary, which hides): the list takes the focus, not nothing */
  gboolean button_goes = focus != NULL && ((self->no_match_page != NULL &&
                                            gtk_widget_is_ancestor (focus, self->no_match_page)) ||
                                           focus == self->clear_button);

  if (ca_cluster_filter_is_empty (self->filter))
    return;
  ca_cluster_filter_clear (self->filter);
  save_filter (self);
  ca_clusters_view_set_store (self, self->store);
  if (button_goes)
    gtk_widget_grab_focus (GTK_WIDGET (self->cluster_list));
}

/* The popover is made when first opened: four drop-downs with lists of their own */
static void
ensure_filters (CaClustersView *self)
{
  if (self->filters != NULL)
    return;
  self->filters = CA_CLUSTERS_FILTERS (ca_clusters_filters_new ());
  g_signal_connect_object (self->filters, "changed", G_CALLBACK (filter_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (self->filters_button, GTK_WIDGET (self->filters));
  update_choices (self, CA_N_CLUSTER_FACETS);
}

static void
create_filters (GtkMenuButton *button,
                gpointer       user_data)
{
  ensure_filters (CA_CLUSTERS_VIEW (user_data));
}

/* }}} */

static void
ca_clusters_view_dispose (GObject *object)
{
  CaClustersView *self = (CaClustersView *) object;

  g_clear_handle_id (&self->show_source, g_source_remove);
  /* The bin keeps its own pointer to the template's top widget: let go of it first */
  adw_breakpoint_bin_set_child (ADW_BREAKPOINT_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), CA_TYPE_CLUSTERS_VIEW);

  G_OBJECT_CLASS (ca_clusters_view_parent_class)->dispose (object);
}

static void
ca_clusters_view_finalize (GObject *object)
{
  CaClustersView *self = (CaClustersView *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->clusters);
  g_clear_object (&self->shown);
  g_clear_object (&self->selection);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->filter, ca_cluster_filter_free);
  for (guint f = 0; f < CA_N_CLUSTER_FACETS; f++)
    g_clear_pointer (&self->choices[f], g_ptr_array_unref);

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
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, split_view);
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, content_page);
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, content);
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, cluster_list);
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, page_stack);
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, filters_button);
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, filter_summary);
  gtk_widget_class_bind_template_child (widget_class, CaClustersView, clear_button);
  gtk_widget_class_bind_template_callback (widget_class, setup_row);
  gtk_widget_class_bind_template_callback (widget_class, bind_row);
  gtk_widget_class_bind_template_callback (widget_class, cluster_activated);
  gtk_widget_class_bind_template_callback (widget_class, collapsed_changed);

  gtk_widget_class_install_action (widget_class, "clusters.clear-filters", NULL, clear_filters);
}

static void
ca_clusters_view_init (CaClustersView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->changing = CA_N_CLUSTER_FACETS;
  /* The filters of the last run */
  self->settings = ca_settings_new_if_installed ();
  if (self->settings != NULL)
    {
      g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "clusters-filter");

      self->filter = ca_cluster_filter_new_from_variant (saved);
    }
  else
    self->filter = ca_cluster_filter_new ();
  ca_tooltip_set_text (GTK_WIDGET (self->filters_button),
                       _("Filter by country, region, sector and S3 area"));
  ca_tooltip_set_text (self->clear_button, _("Clear Filters"));
  gtk_menu_button_set_create_popup_func (self->filters_button, create_filters, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filters_button),
                                  GTK_ACCESSIBLE_PROPERTY_HAS_POPUP, TRUE, -1);

  self->clusters = G_LIST_MODEL (g_list_store_new (CA_TYPE_CLUSTER));
  self->shown = ca_gradual_list_new (self->clusters);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->shown)));
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->cluster_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (show_selected), self, G_CONNECT_SWAPPED);
  collapsed_changed (self);
}

void
ca_clusters_view_set_store (CaClustersView *self,
                            CaStore        *store)
{
  g_autoptr(CaClusterList) clusters = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CA_IS_CLUSTERS_VIEW (self));

  if (store != NULL &&
      (clusters = ca_cluster_list_new_filtered (store, self->filter, &error)) == NULL)
    g_warning ("Cannot list clusters: %s", error->message);
  ca_clusters_view_set_clusters (self, store, clusters);
}

/* The same with the store's clusters already listed (NULL: none could be) */
void
ca_clusters_view_set_clusters (CaClustersView *self,
                               CaStore        *store,
                               CaClusterList  *list)
{
  g_autoptr(CaClusterList) clusters = list != NULL ? g_object_ref (list) : NULL;
  guint n;

  g_return_if_fail (CA_IS_CLUSTERS_VIEW (self));
  g_return_if_fail (list == NULL || CA_IS_CLUSTER_LIST (list));

  g_set_object (&self->store, store);
  /* Read before the filters of the last run were known (ca-application.c) */
  if (clusters != NULL && store != NULL &&
      !ca_cluster_filter_equal (ca_cluster_list_get_filter (clusters), self->filter))
    {
      g_autoptr(GError) error = NULL;

      g_clear_object (&clusters);
      if ((clusters = ca_cluster_list_new_filtered (store, self->filter, &error)) == NULL)
        g_warning ("Cannot list clusters: %s", error->message);
    }

  /* Read again (a sync, the content language changed): the same cluster stays selected */
  {
    CaCluster *selected = gtk_single_selection_get_selected_item (self->selection);
    g_autofree char *feed = selected != NULL ? g_strdup (selected->feed) : NULL;
    g_autofree char *id = selected != NULL ? g_strdup (selected->id) : NULL;
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
    int width = 0, height = 0;
    guint position;

    g_clear_object (&self->clusters);
    self->clusters = clusters != NULL ? G_LIST_MODEL (g_steal_pointer (&clusters))
                                      : G_LIST_MODEL (g_list_store_new (CA_TYPE_CLUSTER));
    n = g_list_model_get_n_items (self->clusters);
    /* A screenful first: the window's first frame does not wait for 200 rows */
    if (GTK_IS_WINDOW (root))
      gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);
    g_clear_object (&self->shown);
    /* A row is two lines and padding, 44 px with the default fonts; the window's
     * height holds the header bar too, so rows are not undercounted */
    self->shown = ca_gradual_list_new_for_height (self->clusters, height, 44);
    gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->shown));
    update_count (self);
    update_summary (self);
    update_choices (self, self->changing);
    /* The filters let none through: said in the list's place, the filters at hand */
    if (n == 0)
      ensure_no_match_page (self);
    gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "no-match");
    if (n > 0 || (!ca_cluster_filter_is_empty (self->filter) && self->store != NULL &&
                  ca_store_count_clusters (self->store, NULL) > 0))
      gtk_stack_set_visible_child_name (self->stack, "clusters");
    else
      show_status (self->stack, "empty", _("No Clusters"),
                   _("The offline data holds no clusters yet. Add a cluster feed to fill it."));
    if (feed != NULL && CA_IS_CLUSTER_LIST (self->clusters) &&
        ca_cluster_list_find (CA_CLUSTER_LIST (self->clusters), feed, id, &position))
      {
        if (position >= gtk_slice_list_model_get_size (self->shown))
          ca_gradual_list_show_all (self->shown);
        gtk_single_selection_set_selected (self->selection, position);
      }
    show_selected (self);
  }
}

/* A row's two lines: the name in the user's language, then acronym, where it is
 * (city, or region when the feed gives no city, and the country by name) and member
 * count. Feed strings are plain text, never markup (the row draws them as text). */
void
ca_clusters_view_format_row (CaCluster  *cluster,
                             char      **title,
                             char      **subtitle)
{
  g_autofree char *name = NULL;
  g_autofree char *place = NULL;
  g_autoptr(GPtrArray) parts = NULL;

  g_return_if_fail (cluster != NULL && title != NULL && subtitle != NULL);

  name = ca_text_display (cluster->name);
  place = ca_text_display (cluster->city);
  if (place == NULL || place[0] == '\0')
    {
      g_free (place);
      place = ca_text_display (cluster->region);
    }
  parts = g_ptr_array_new_with_free_func (g_free);
  if (cluster->acronym != NULL && !ca_text_has_value (cluster->name, cluster->acronym))
    g_ptr_array_add (parts, g_strdup (cluster->acronym));
  if (place != NULL && place[0] != '\0')
    g_ptr_array_add (parts, g_steal_pointer (&place));
  if (cluster->country != NULL && cluster->country[0] != '\0')
    g_ptr_array_add (parts, ca_iso_country_name (cluster->country));
  if (cluster->n_members > 0 || cluster->composition[CA_COMPOSITION_MEMBERS] > 0)
    {
      /* A feed's count goes up to the largest JSON integer: a guint said 4294967295 */
      gint64 n = MAX ((gint64) cluster->n_members, cluster->composition[CA_COMPOSITION_MEMBERS]);
      g_autofree char *count = ca_format_count (n);

      /* TRANSLATORS: the member count in a cluster's row; %s is the number, "1,234" */
      g_ptr_array_add (parts, g_strdup_printf (ngettext ("%s member", "%s members",
                                                         (gulong) MIN (n, G_MAXLONG)),
                                               count));
    }
  g_ptr_array_add (parts, NULL);
  *subtitle = g_strjoinv (" · ", (char **) parts->pdata);
  *title = name != NULL ? g_steal_pointer (&name) : g_strdup ("");
}

gboolean
ca_clusters_view_select_cluster (CaClustersView *self,
                                 const char     *feed,
                                 const char     *id)
{
  guint position;

  g_return_val_if_fail (CA_IS_CLUSTERS_VIEW (self), FALSE);

  if (CA_IS_CLUSTER_LIST (self->clusters) &&
      ca_cluster_list_find (CA_CLUSTER_LIST (self->clusters), feed, id, &position))
    {
      ca_gradual_list_show_all (self->shown);
      cluster_activated (self, position);
      return TRUE;
    }
  return FALSE;
}

GListModel *
ca_clusters_view_get_clusters (CaClustersView *self)
{
  g_return_val_if_fail (CA_IS_CLUSTERS_VIEW (self), NULL);
  return self->clusters;
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

/* {{{ CaView: the window gives the store and asks for a reload through it */

static void
ca_clusters_view_view_set_store (CaView  *view,
                                  CaStore *store)
{
  ca_clusters_view_set_store (CA_CLUSTERS_VIEW (view), store);
}

static void
ca_clusters_view_view_reload (CaView *view)
{
  CaClustersView *self = CA_CLUSTERS_VIEW (view);

  ca_clusters_view_set_store (self, self->store);
}

static void
ca_clusters_view_view_init (CaViewInterface *iface)
{
  iface->set_store = ca_clusters_view_view_set_store;
  iface->reload = ca_clusters_view_view_reload;
}

/* }}} */
