/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-clusters"

#include "config.h"

#include <gtk/gtk.h>
#include <string.h>
#include <unistd.h>

#include "ca-application.h"
#include "ca-clusters-filters.h"
#include "ca-clusters-view.h"
#include "ca-format.h"
#include "ca-settings.h"
#include "ca-store.h"
#include "ca-test-util.h"
#include "ca-text-row.h"
#include "ca-tooltip.h"
#include "ca-window.h"

/*
 * The Clusters view's filters in the real window under Xvfb, on the europe feed and
 * the built-in one: choices made in the Filters popover's drop-downs narrow the list,
 * and the count above it is the store's count for the same filter; the filters are
 * written to the settings and a window opened next starts with them; filters that
 * let nothing through show "No Clusters Match", whose Clear Filters brings every
 * cluster back.
 */

/* The europe feed's store, imported once and copied for each test */
static char *europe_dir;

typedef struct {
  char          *data_home;
  char          *store_path;
  CaApplication *app;
  CaWindow      *window;
  GSettings     *settings;
} Fixture;

static void
iterate (void)
{
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
start_app (Fixture *f)
{
  f->window = ca_test_application_start (&f->app, f->store_path);
  iterate ();
}

static void
stop_app (Fixture *f)
{
  if (f->app != NULL)
    ca_test_application_close (f->app);
  f->window = NULL;
  g_clear_object (&f->app);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autofree char *europe = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  f->data_home = g_dir_make_tmp ("ca-clusters-XXXXXX", NULL);
  dir = g_build_filename (f->data_home, "cluster-atlas", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  f->store_path = g_build_filename (dir, "atlas.db", NULL);
  europe = g_build_filename (europe_dir, "europe.db", NULL);
  if (!g_file_test (europe, G_FILE_TEST_EXISTS))
    {
      g_autoptr(CaStore) store = ca_test_open_store (europe);

      ca_test_load_europe (store);
    }
  /* Closed above: the whole database is in its main file */
  g_file_get_contents (europe, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (f->store_path, contents, length, &error);
  g_assert_no_error (error);

  f->settings = ca_settings_new_if_installed ();
  g_assert_nonnull (f->settings);
  g_settings_reset (f->settings, "clusters-filter");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  stop_app (f);
  g_settings_reset (f->settings, "clusters-filter");
  g_clear_object (&f->settings);
  ca_test_remove_tree (f->data_home);
  g_free (f->data_home);
  g_free (f->store_path);
}

static CaClustersView *
view_of (Fixture *f)
{
  return ca_window_get_clusters_view (f->window);
}

static gboolean
is_filters_button (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)),
                    "ca-filter-symbolic") == 0;
}

static GtkMenuButton *
filters_button (Fixture *f)
{
  GtkWidget *button = ca_test_find_widget_where (GTK_WIDGET (view_of (f)), is_filters_button,
                                                 NULL);

  g_assert_nonnull (button);
  return GTK_MENU_BUTTON (button);
}

/* The Filters popover, opened as a click would open it */
static CaClustersFilters *
open_filters (Fixture *f)
{
  GtkMenuButton *button = filters_button (f);
  GtkWidget *popover;

  gtk_menu_button_popup (button);
  iterate ();
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  g_assert_true (CA_IS_CLUSTERS_FILTERS (popover));
  g_assert_true (gtk_widget_get_mapped (popover));
  return CA_CLUSTERS_FILTERS (popover);
}

/* Chooses the item of a drop-down that starts with label, as a click on it would */
static void
choose (CaClustersFilters *filters,
        CaClusterFacet     facet,
        const char        *label)
{
  GtkDropDown *dropdown = ca_clusters_filters_get_dropdown (filters, facet);
  GListModel *model = gtk_drop_down_get_model (dropdown);
  g_autofree char *prefix = g_strconcat (label, " (", NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_has_prefix (gtk_string_object_get_string (item), prefix))
        {
          gtk_drop_down_set_selected (dropdown, i);
          iterate ();
          return;
        }
    }
  g_error ("No “%s” to choose among the %s", label, ca_cluster_facet_key (facet));
}

/* The label above the list says the store's counts, and the list has as many rows */
static guint
check_count (Fixture               *f,
             const CaClusterFilter *filter)
{
  CaStore *store = ca_application_get_store (f->app);
  guint total = ca_store_count_clusters (store, NULL);
  guint shown = ca_store_count_clusters_filtered (store, filter, NULL);
  g_autofree char *total_count = ca_format_count (total);
  g_autofree char *shown_count = ca_format_count (shown);
  g_autofree char *text = NULL;

  if (ca_cluster_filter_is_empty (filter))
    text = g_strdup_printf ("%s clusters", total_count);
  else
    text = g_strdup_printf ("%s clusters · %s shown", total_count, shown_count);
  g_test_message ("%s", text);
  g_assert_nonnull (ca_test_find_text (GTK_WIDGET (view_of (f)), text));
  g_assert_cmpuint (g_list_model_get_n_items (ca_clusters_view_get_clusters (view_of (f))), ==,
                    shown);
  return shown;
}

static CaClusterFilter *
saved_filter (Fixture *f)
{
  g_autoptr(GVariant) saved = g_settings_get_value (f->settings, "clusters-filter");

  return ca_cluster_filter_new_from_variant (saved);
}

/* The first row's subtitle: where the cluster is */
static const char *
first_subtitle (Fixture *f)
{
  GtkWidget *row = ca_test_find_widget (GTK_WIDGET (view_of (f)), CA_TYPE_TEXT_ROW);

  g_assert_nonnull (row);
  return ca_text_row_get_subtitle (CA_TEXT_ROW (row));
}

static void
test_filter_and_restart (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CaClusterFilter) filter = ca_cluster_filter_new ();
  g_autoptr(CaClusterFilter) saved = NULL;
  CaClustersFilters *filters;
  GtkMenuButton *button;
  guint all, germany, robotics;

  start_app (f);
  all = check_count (f, filter);
  g_assert_cmpuint (all, ==, 1503);

  /* Named, explained and announced as opening a popover */
  button = filters_button (f);
  g_assert_cmpstr (gtk_test_accessible_check_property (GTK_ACCESSIBLE (button),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                       "Filters"), ==, NULL);
  g_assert_cmpstr (ca_tooltip_get_text (GTK_WIDGET (button)), ==,
                   "Filter by country, region, sector and S3 area");

  /* From the keyboard: the button takes the focus, and the open popover has it */
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (button)) ||
                 gtk_widget_get_focusable (gtk_widget_get_first_child (GTK_WIDGET (button))));
  filters = open_filters (f);
  {
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (f->window));
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (filters));
    GtkWidget *inside = root != NULL ? gtk_root_get_focus (root) : NULL;

    if (inside == NULL)
      inside = focus;
    g_assert_nonnull (inside);
    g_assert_true (gtk_widget_is_ancestor (inside, GTK_WIDGET (filters)));
  }
  choose (filters, CA_CLUSTER_FACET_COUNTRY, "Germany");
  ca_cluster_filter_set (filter, CA_CLUSTER_FACET_COUNTRY, "DE");
  germany = check_count (f, filter);
  g_assert_cmpuint (germany, >, 0);
  g_assert_cmpuint (germany, <, all);
  ca_test_assert_contains (first_subtitle (f), " · Germany · ");
  g_assert_true (ca_test_shows_text (GTK_WIDGET (view_of (f)), "Filtered: Germany"));
  saved = saved_filter (f);
  g_assert_true (ca_cluster_filter_equal (saved, filter));
  g_clear_pointer (&saved, ca_cluster_filter_free);

  /* A sector too: its choices were counted among German clusters */
  choose (filters, CA_CLUSTER_FACET_SECTOR, "Robotics");
  saved = saved_filter (f);
  g_assert_nonnull (ca_cluster_filter_get (saved, CA_CLUSTER_FACET_SECTOR));
  robotics = check_count (f, saved);
  g_assert_cmpuint (robotics, >, 0);
  g_assert_cmpuint (robotics, <, germany);
  g_assert_true (ca_test_shows_text (GTK_WIDGET (view_of (f)), "Filtered: Germany · Robotics"));
  gtk_popover_popdown (GTK_POPOVER (filters));

  /* The next window starts with them */
  stop_app (f);
  start_app (f);
  g_assert_cmpuint (check_count (f, saved), ==, robotics);
  g_assert_true (ca_test_shows_text (GTK_WIDGET (view_of (f)), "Filtered: Germany · Robotics"));
  /* and its popover shows them chosen */
  filters = open_filters (f);
  g_assert_cmpuint (gtk_drop_down_get_selected (ca_clusters_filters_get_dropdown (filters,
                                                  CA_CLUSTER_FACET_COUNTRY)), >, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (ca_clusters_filters_get_dropdown (filters,
                                                  CA_CLUSTER_FACET_REGION)), ==, 0);

  /* Clear Filters, from the popover */
  gtk_widget_activate_action (GTK_WIDGET (view_of (f)), "clusters.clear-filters", NULL);
  iterate ();
  ca_cluster_filter_clear (filter);
  g_assert_cmpuint (check_count (f, filter), ==, all);
  g_clear_pointer (&saved, ca_cluster_filter_free);
  saved = saved_filter (f);
  g_assert_true (ca_cluster_filter_is_empty (saved));
  g_assert_cmpuint (gtk_drop_down_get_selected (ca_clusters_filters_get_dropdown (filters,
                                                  CA_CLUSTER_FACET_COUNTRY)), ==, 0);
}

static gboolean
is_clear_button (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "C_lear Filters") == 0 &&
         gtk_widget_get_ancestor (widget, ADW_TYPE_STATUS_PAGE) != NULL;
}

/* Filters the data no longer matches (a German cluster in a Bulgarian region, as a
 * sync may leave them): "No Clusters Match", and its button clears them */
static void
test_no_match (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CaClusterFilter) filter = ca_cluster_filter_new ();
  g_autoptr(CaClusterFilter) saved = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  GtkWidget *clear;

  {
    g_autoptr(CaStore) store = ca_test_open_store (f->store_path);

    regions = ca_store_list_cluster_choices (store, CA_CLUSTER_FACET_REGION, NULL, NULL);
    g_assert_cmpuint (regions->len, >, 0);
  }
  ca_cluster_filter_set (filter, CA_CLUSTER_FACET_COUNTRY, "DE");
  ca_cluster_filter_set (filter, CA_CLUSTER_FACET_REGION,
                         ((CaClusterChoice *) regions->pdata[0])->value);
  g_settings_set_value (f->settings, "clusters-filter", ca_cluster_filter_to_variant (filter));

  start_app (f);
  g_assert_cmpuint (check_count (f, filter), ==, 0);
  g_assert_nonnull (ca_test_find_text (GTK_WIDGET (view_of (f)), "No Clusters Match"));
  clear = ca_test_find_widget_where (GTK_WIDGET (view_of (f)), is_clear_button, NULL);
  g_assert_nonnull (clear);
  /* As Enter on it would: the focus then goes to the list, not nowhere */
  gtk_widget_grab_focus (clear);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (f->window)) == clear);
  g_signal_emit_by_name (clear, "clicked");
  iterate ();
  g_assert_nonnull (gtk_window_get_focus (GTK_WINDOW (f->window)));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (f->window)),
                                         GTK_WIDGET (view_of (f))));
  g_assert_true (gtk_widget_get_mapped (gtk_window_get_focus (GTK_WINDOW (f->window))));

  ca_cluster_filter_clear (filter);
  g_assert_cmpuint (check_count (f, filter), ==, 1503);
  g_assert_null (ca_test_find_text (GTK_WIDGET (view_of (f)), "No Clusters Match"));
  saved = saved_filter (f);
  g_assert_true (ca_cluster_filter_is_empty (saved));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  ca_test_require_display ();

  /* Nothing in a test may touch the user's own data. */
  g_setenv ("XDG_DATA_HOME", "/nonexistent/ca-test-data-home", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  europe_dir = g_dir_make_tmp ("ca-clusters-europe-XXXXXX", NULL);
  g_test_add ("/clusters/filter-and-restart", Fixture, NULL, fixture_set_up,
              test_filter_and_restart, fixture_tear_down);
  g_test_add ("/clusters/no-match", Fixture, NULL, fixture_set_up, test_no_match,
              fixture_tear_down);

  status = g_test_run ();
  ca_test_remove_tree (europe_dir);
  g_free (europe_dir);
  return status;
}
