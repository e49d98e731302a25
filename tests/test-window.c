/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <unistd.h>

#include "ca-application.h"
#include "ca-clusters-view.h"
#include "ca-composition-chart.h"
#include "ca-event-page.h"
#include "ca-gradual-list.h"
#include "ca-link.h"
#include "ca-page-heading.h"
#include "ca-store.h"
#include "ca-test-util.h"
#include "ca-text-row.h"
#include "ca-text.h"
#include "ca-window-private.h"
#include "ca-window.h"

/* The real application and window, on a store in a temporary XDG_DATA_HOME. */

typedef struct {
  char          *data_home;
  char          *store_path;
  CaApplication *app;
  CaWindow      *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->data_home = g_dir_make_tmp ("ca-window-XXXXXX", NULL);
  f->store_path = g_build_filename (f->data_home, "cluster-atlas", "atlas.db", NULL);
}

/* The application started up (its store open), no window yet */
static void
register_app (Fixture *f)
{
  f->app = ca_test_application_register (f->store_path);
}

static void
start_app (Fixture *f)
{
  f->window = ca_test_application_start (&f->app, f->store_path);
  /* Let it map and lay out its rows. */
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
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
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  stop_app (f);
  ca_test_remove_tree (f->data_home);
  g_free (f->data_home);
  g_free (f->store_path);
}

static gboolean
shows_text (Fixture    *f,
            const char *text)
{
  return ca_test_shows_text (GTK_WIDGET (f->window), text);
}

static void
iterate (void)
{
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* ca-gradual-list.c: a screenful first, the rest while idle, all at once on
 * demand, and no idle left behind when the list goes first */
static void
test_gradual_list (void)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  g_autoptr(GtkSliceListModel) slice = NULL;
  GtkSliceListModel *dropped;
  guint before;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *s = g_strdup_printf ("%u", i);
      gtk_string_list_append (strings, s);
    }
  slice = ca_gradual_list_new (G_LIST_MODEL (strings));
  before = g_list_model_get_n_items (G_LIST_MODEL (slice));
  g_assert_cmpuint (before, >, 0);
  g_assert_cmpuint (before, <, 100);
  for (int i = 0; i < 100 && g_list_model_get_n_items (G_LIST_MODEL (slice)) == before; i++)
    g_main_context_iteration (NULL, FALSE);
  /* a step at a time, not all at once */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slice)), >, before);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slice)), <, 1000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slice)), ==, 1000);

  dropped = ca_gradual_list_new (G_LIST_MODEL (strings));
  ca_gradual_list_show_all (dropped);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (dropped)), ==, 1000);
  g_object_unref (dropped);

  /* Gone before it grew: its idle goes with it (a stale one would touch freed memory) */
  dropped = ca_gradual_list_new (G_LIST_MODEL (strings));
  g_object_unref (dropped);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* A short list is whole from the start */
  {
    g_autoptr(GtkStringList) few = gtk_string_list_new ((const char *[]) { "a", "b", NULL });
    g_autoptr(GtkSliceListModel) all = ca_gradual_list_new (G_LIST_MODEL (few));

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 2);
  }
}

static void
test_lists_builtin_clusters (Fixture       *f,
                             gconstpointer  data)
{
  GListModel *clusters;

  start_app (f);

  clusters = ca_window_get_clusters (f->window);
  g_assert_cmpuint (g_list_model_get_n_items (clusters), ==, 3);
  g_assert_true (shows_text (f, "ICT Cluster"));
  g_assert_true (shows_text (f, "Cleantech Bulgaria"));
  /* The status line: the date the built-in feed gives, and no sync (loading it is none) */
  g_assert_true (shows_text (f, "Data of 23 November 2026"));
  g_assert_true (g_file_test (f->store_path, G_FILE_TEST_EXISTS));
  g_assert_null (ca_application_get_store_problem (f->app));
  /* The window showed the clusters read while GTK started up, not a second reading */
  g_assert_null (ca_application_take_clusters (f->app));
}

typedef struct {
  CaApplication *app;
  guint          changes;
  guint          windows_then;   /* windows the application had at the last change */
} ThemeChange;

static void
icon_theme_changed (GtkIconTheme *theme,
                    ThemeChange  *change)
{
  change->changes++;
  change->windows_then = g_list_length (gtk_application_get_windows (GTK_APPLICATION (change->app)));
}

/* GtkApplication's start-up adds the application's icons to the icon theme after
 * libadwaita's has set GTK reading it, and GTK tells the widgets from an idle; the
 * first window is made after that idle, or it would load its icons twice
 * (ca-application.c). A second change is made here the same way, as the first in
 * the process has long been told. */
static void
test_first_window_after_icon_theme_change (Fixture       *f,
                                           gconstpointer  data)
{
  GtkIconTheme *theme;
  ThemeChange change = { 0 };
  gulong handler;

  register_app (f);
  change.app = f->app;
  theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  /* Read, as start-up leaves it; then changed as GtkApplication's start-up does */
  g_assert_true (gtk_icon_theme_has_icon (theme, "view-refresh-symbolic"));
  gtk_icon_theme_add_resource_path (theme, "/io/github/clusteratlas/ClusterAtlas/tests/icons");
  handler = g_signal_connect (theme, "changed", G_CALLBACK (icon_theme_changed), &change);

  /* Twice, as a second start does when the first has no window yet: one window */
  g_application_activate (G_APPLICATION (f->app));
  f->window = CA_WINDOW (ca_test_application_activate (f->app));
  g_signal_handler_disconnect (theme, handler);
  g_assert_cmpuint (change.changes, ==, 1);
  g_assert_cmpuint (change.windows_then, ==, 0);
  ca_test_run_pending ();
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (f->app))), ==, 1);
  g_assert_nonnull (ca_test_wait_text (GTK_WIDGET (f->window), "ICT Cluster", 2000));
}

/* The window icon is named before GtkApplication's start-up, which then does not
 * read the icon theme on the main thread to look for it (ca-application.c): named
 * without looking, the icon must be there, in the application's resources, beside
 * libadwaita's icons. (The tests' applications have ids of their own; the icon is
 * the application's.) */
static void
test_window_icon (Fixture       *f,
                  gconstpointer  data)
{
  GtkIconTheme *theme;
  g_auto(GStrv) paths = NULL;
  g_autoptr(GtkIconPaintable) icon = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  register_app (f);
  g_assert_cmpstr (gtk_window_get_default_icon_name (), ==, APP_ID);

  theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  paths = gtk_icon_theme_get_resource_path (theme);
  g_assert_true (g_strv_contains ((const char * const *) paths, "/org/gnome/Adwaita/icons"));
  g_assert_true (g_strv_contains ((const char * const *) paths,
                                  "/io/github/clusteratlas/ClusterAtlas/icons/"));
  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID));
  icon = gtk_icon_theme_lookup_icon (theme, APP_ID, NULL, 48, 1, GTK_TEXT_DIR_NONE, 0);
  file = gtk_icon_paintable_get_file (icon);
  g_assert_nonnull (file);
  uri = g_file_get_uri (file);
  g_assert_true (g_str_has_prefix (uri, "resource:///io/github/clusteratlas/ClusterAtlas/icons/"));
}

/* The store is opened and its first clusters read in a thread during start-up
 * (ca-application.c); they are there once start-up is over, for one window */
static void
test_store_read_during_startup (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(CaClusterList) clusters = NULL;
  GtkWindow *window;

  register_app (f);
  g_assert_nonnull (ca_application_get_store (f->app));
  clusters = ca_application_take_clusters (f->app);
  g_assert_nonnull (clusters);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (clusters)), ==, 3);
  g_assert_null (ca_application_take_clusters (f->app));

  /* Taken: the window reads the store itself */
  window = ca_test_application_activate (f->app);
  g_assert_true (CA_IS_WINDOW (window));
  f->window = CA_WINDOW (window);
  g_assert_cmpuint (g_list_model_get_n_items (ca_window_get_clusters (f->window)), ==, 3);
  g_assert_nonnull (ca_test_wait_text (GTK_WIDGET (f->window), "ICT Cluster", 2000));
}

static gboolean
is_shown_caption (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         gtk_widget_has_css_class (widget, "caption");
}

static const PangoFontDescription *
widget_font (GtkWidget *widget)
{
  return pango_context_get_font_description (gtk_widget_get_pango_context (widget));
}

/* A list row draws its title in the view switcher's font and its details in the
 * captions' font: the very same fonts, not near ones that Pango loads again */
static void
test_row_fonts (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *row, *switcher_label, *caption;
  PangoFontDescription *title, *subtitle;

  start_app (f);
  row = ca_test_find_text (GTK_WIDGET (f->window), "ICT Cluster");
  g_assert_true (CA_IS_TEXT_ROW (row));
  switcher_label = ca_test_find_text (GTK_WIDGET (f->window), "Clusters");
  g_assert_true (GTK_IS_LABEL (switcher_label));
  g_assert_nonnull (gtk_widget_get_ancestor (switcher_label, ADW_TYPE_VIEW_SWITCHER));
  caption = ca_test_find_widget_where (GTK_WIDGET (f->window), is_shown_caption, NULL);
  g_assert_nonnull (caption);    /* the "data from" line */

  title = ca_text_row_dup_title_font (CA_TEXT_ROW (row));
  subtitle = ca_text_row_dup_subtitle_font (CA_TEXT_ROW (row));
  g_assert_cmpint (pango_font_description_get_weight (title), ==, PANGO_WEIGHT_BOLD);
  g_assert_true (pango_font_description_equal (title, widget_font (switcher_label)));
  g_assert_true (pango_font_description_equal (subtitle, widget_font (caption)));
  g_assert_cmpint (pango_font_description_get_size (subtitle), <, pango_font_description_get_size (title));
  pango_font_description_free (title);
  pango_font_description_free (subtitle);
}

/* The fonts of the first frame are loaded in a thread while the window is built
 * (ca-font-preload.c): the window draws with that font map, the default one from
 * then on, and the fonts loaded are the very ones its rows draw with */
static void
test_fonts_preloaded (Fixture       *f,
                      gconstpointer  data)
{
  CaFontPreload *fonts;
  GtkWidget *row;
  PangoFontDescription *preloaded, *drawn;
  PangoFontMap *map;

  start_app (f);
  map = gtk_widget_get_font_map (GTK_WIDGET (f->window));
  g_assert_true (PANGO_IS_CAIRO_FONT_MAP (map));
  g_assert_true (map == pango_cairo_font_map_get_default ());
  g_assert_null (ca_application_take_font_preload (f->app));   /* the window's, once */
  row = ca_test_find_text (GTK_WIDGET (f->window), "ICT Cluster");
  g_assert_true (CA_IS_TEXT_ROW (row));
  g_assert_true (pango_context_get_font_map (gtk_widget_get_pango_context (row)) == map);

  fonts = ca_font_preload_new ();
  preloaded = ca_font_preload_dup_font (fonts, CA_FONT_PRELOAD_BOLD);
  drawn = ca_text_row_dup_title_font (CA_TEXT_ROW (row));
  g_assert_true (pango_font_description_equal (preloaded, drawn));
  pango_font_description_free (preloaded);
  pango_font_description_free (drawn);
  preloaded = ca_font_preload_dup_font (fonts, CA_FONT_PRELOAD_CAPTION);
  drawn = ca_text_row_dup_subtitle_font (CA_TEXT_ROW (row));
  g_assert_true (pango_font_description_equal (preloaded, drawn));
  pango_font_description_free (preloaded);
  pango_font_description_free (drawn);
  ca_font_preload_finish (fonts, NULL);    /* never started: nothing to wait for */
}

/* The empty state is built only when it is needed (ca-clusters-view.c): a store
 * whose only feed is hidden must still show it */
static void
test_no_clusters (Fixture       *f,
                  gconstpointer  data)
{
  start_app (f);
  g_assert_false (shows_text (f, "No Clusters"));
  stop_app (f);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CaStore) store = ca_store_open (f->store_path, &error);

    g_assert_no_error (error);
    g_assert_true (ca_store_set_feed_hidden (store, CA_FEED_BUILTIN, TRUE, &error));
    g_assert_no_error (error);
  }

  start_app (f);
  g_assert_cmpuint (g_list_model_get_n_items (ca_window_get_clusters (f->window)), ==, 0);
  g_assert_true (shows_text (f, "No Clusters"));
  g_assert_true (shows_text (f, "The offline data holds no clusters yet. Add a cluster feed to fill it."));
}

static void
test_bulgarian_names (Fixture       *f,
                      gconstpointer  data)
{
  const char *bulgarian[] = { "bg", NULL };

  ca_text_set_content_languages (bulgarian);
  start_app (f);
  g_assert_true (shows_text (f, "ИКТ Клъстер"));
  g_assert_true (shows_text (f, "Клъстер зелени технологии и машиностроене"));
  ca_text_set_content_languages (NULL);
}

/* Feed strings are text: what looks like markup is shown as it is. */
static void
test_markup_shown_literally (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "markup.json", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);

  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  store = ca_store_open (f->store_path, &error);
  g_assert_no_error (error);
  ca_test_load_feed (store, "https://example.org/feed.json", bytes);
  g_clear_object (&store);

  start_app (f);
  g_assert_true (shows_text (f, "<span foreground=\"red\">x</span>"));
  g_assert_true (ca_clusters_view_select_cluster (ca_window_get_clusters_view (f->window),
                                                  "https://example.org/feed.json", "markup"));
  iterate ();
  /* On the page: the name, the acronym, the objectives, the team, as written */
  g_assert_true (shows_text (f, "&amp;"));
  g_assert_true (shows_text (f, "1. <b>"));
  g_assert_true (shows_text (f, "2. &lt;b&gt;"));
  g_assert_true (shows_text (f, "3. %s %n %x"));
}

static void
test_corrupt_store_rebuilt (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autoptr(GString) garbage = g_string_new (NULL);
  const char *problem;

  /* A folder name that would be markup: the toast shows the path as it is */
  g_free (f->store_path);
  f->store_path = g_build_filename (f->data_home, "R&D <b>atlas</b>", "atlas.db", NULL);
  dir = g_path_get_dirname (f->store_path);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (int i = 0; i < 4096; i++)
    g_string_append_c (garbage, (char) (i * 37 + 11));
  g_assert_true (g_file_set_contents (f->store_path, garbage->str, garbage->len, NULL));

  start_app (f);

  problem = ca_application_get_store_problem (f->app);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, ".corrupt-"));
  g_assert_nonnull (strstr (problem, "R&D <b>atlas</b>"));
  g_assert_true (shows_text (f, problem));
  g_assert_cmpuint (g_list_model_get_n_items (ca_window_get_clusters (f->window)), ==, 3);
  g_assert_true (shows_text (f, "ICT Cluster"));
  /* In a banner, not a toast that passes: it stays until dismissed */
  {
    AdwBanner *banner = ADW_BANNER (ca_test_find_widget (GTK_WIDGET (f->window),
                                                         ADW_TYPE_BANNER));

    g_assert_nonnull (banner);
    g_assert_cmpstr (adw_banner_get_title (banner), ==, problem);
    g_assert_true (adw_banner_get_revealed (banner));
    g_assert_false (adw_banner_get_use_markup (banner));
    ca_test_run_for (6000);
    g_assert_true (adw_banner_get_revealed (banner));
    g_signal_emit_by_name (banner, "button-clicked");
    g_assert_false (adw_banner_get_revealed (banner));
  }
}

/* A store a newer version wrote: a status page says so instead of the views, and the
 * file is left as it was */
static void
test_newer_store (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *contents = NULL;
  GtkWindow *window;
  AdwStatusPage *page;
  gsize len;

  {
    g_autoptr(CaStore) store = ca_test_open_store (f->store_path);

    ca_test_load_builtin (store);
  }
  ca_test_sql_exec (f->store_path, "PRAGMA user_version = 999");
  g_assert_true (g_file_get_contents (f->store_path, &contents, &len, NULL));
  before = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  g_clear_pointer (&contents, g_free);

  register_app (f);
  window = ca_test_application_activate (f->app);
  iterate ();
  g_assert_false (CA_IS_WINDOW (window));
  g_assert_null (ca_application_get_store (f->app));
  page = ADW_STATUS_PAGE (ca_test_find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE));
  g_assert_nonnull (page);
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Data From a Newer Version");
  g_assert_nonnull (strstr (adw_status_page_get_description (page), f->store_path));
  g_assert_nonnull (strstr (adw_status_page_get_description (page),
                            "written by a newer version of Cluster Atlas"));
  g_assert_null (ca_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));

  /* Activated again (a second start): the same page, no views */
  g_assert_true (ca_test_application_activate (f->app) == window);
  iterate ();
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (f->app)) == window);
  gtk_window_destroy (window);
  stop_app (f);

  g_assert_true (g_file_get_contents (f->store_path, &contents, &len, NULL));
  after = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  g_assert_cmpstr (after, ==, before);
}

/* A store of hundreds of clusters: the list comes in a screenful first and the rest
 * while idle (ca-clusters-view.c); in the end every cluster is there, in order,
 * and the last one can be opened from outside the list */
static void
test_large_list (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_feed_new ();
  g_autoptr(CaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GtkListView *list;
  GListModel *shown;
  CaClustersView *view;

  for (guint i = 0; i < 400; i++)
    {
      CaCluster *cluster = ca_cluster_new ();

      cluster->id = g_strdup_printf ("c%03u", i);
      cluster->name = g_strdup_printf ("Cluster number %03u", i);
      g_ptr_array_add (feed->clusters, cluster);
    }
  store = ca_store_open (f->store_path, &error);
  g_assert_no_error (error);
  g_assert_true (ca_store_replace_feed (store, "https://example.org/large.json", feed, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  start_app (f);
  view = ca_window_get_clusters_view (f->window);
  list = GTK_LIST_VIEW (ca_test_find_widget (GTK_WIDGET (view), GTK_TYPE_LIST_VIEW));
  shown = G_LIST_MODEL (gtk_list_view_get_model (list));
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (g_list_model_get_n_items (shown) < 403 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 403);
  g_assert_true (shows_text (f, "Cluster number 000"));
  /* The 400 in their order, among the three built-in ones */
  {
    guint next = 0;

    for (guint i = 0; i < 403; i++)
      {
        g_autoptr(CaCluster) cluster = g_list_model_get_item (shown, i);
        g_autofree char *name = g_strdup_printf ("Cluster number %03u", next);

        if (g_str_equal (cluster->name, name))
          next++;
      }
    g_assert_cmpuint (next, ==, 400);
  }

  g_assert_true (ca_clusters_view_select_cluster (view, "https://example.org/large.json", "c399"));
  iterate ();
  g_assert_nonnull (ca_clusters_view_get_page (view));
  g_assert_true (shows_text (f, "Cluster number 399"));
}

static gboolean
switcher_bar_revealed (gpointer bar)
{
  return adw_view_switcher_bar_get_reveal (bar);
}

static gboolean
switcher_bar_hidden (gpointer bar)
{
  return !adw_view_switcher_bar_get_reveal (bar);
}

static AdwHeaderBar *
header_bar (Fixture *f)
{
  return ADW_HEADER_BAR (ca_test_find_widget (GTK_WIDGET (f->window), ADW_TYPE_HEADER_BAR));
}

/* Narrow, the breakpoint of ca-window.ui moves the view switcher from the header
 * bar to a bar at the bottom and puts the window's title in its place. The bar gets
 * the stack, and so its buttons, the first time the window is narrow. */
static void
test_narrow_switcher (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *layout = NULL;
  AdwViewSwitcherBar *bar;
  GtkWidget *title;

  start_app (f);
  bar = ADW_VIEW_SWITCHER_BAR (ca_test_find_widget (GTK_WIDGET (f->window),
                                                    ADW_TYPE_VIEW_SWITCHER_BAR));
  g_assert_nonnull (bar);
  g_assert_false (adw_view_switcher_bar_get_reveal (bar));
  g_assert_null (adw_view_switcher_bar_get_stack (bar));
  g_assert_null (ca_test_find_widget (GTK_WIDGET (bar), GTK_TYPE_TOGGLE_BUTTON));
  g_assert_true (ADW_IS_VIEW_SWITCHER (adw_header_bar_get_title_widget (header_bar (f))));
  g_assert_null (adw_application_window_get_current_breakpoint (ADW_APPLICATION_WINDOW (f->window)));

  /* GNOME's window buttons: a close button only */
  g_object_get (gtk_settings_get_default (), "gtk-decoration-layout", &layout, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  g_assert_true (ca_test_set_surface_width (GTK_WINDOW (f->window), 360));
  g_assert_true (ca_test_wait_until (switcher_bar_revealed, bar, 5000));
  g_assert_nonnull (adw_application_window_get_current_breakpoint (ADW_APPLICATION_WINDOW (f->window)));
  g_assert_true (adw_view_switcher_bar_get_stack (bar) != NULL);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (bar)));
  /* its three buttons, one per view */
  g_assert_nonnull (ca_test_find_widget (GTK_WIDGET (bar), GTK_TYPE_TOGGLE_BUTTON));
  title = adw_header_bar_get_title_widget (header_bar (f));
  g_assert_true (ADW_IS_WINDOW_TITLE (title));
  g_assert_true (gtk_widget_get_mapped (title));
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (title)), ==, "Cluster Atlas");
  g_assert_null (ca_test_find_widget (GTK_WIDGET (header_bar (f)), ADW_TYPE_VIEW_SWITCHER));

  /* Minimize, maximize and close leave the title no room at a phone's width: it
   * makes way rather than show "Cluster …"; with the close button alone it is back */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout",
                "menu:minimize,maximize,close", NULL);
  iterate ();
  g_assert_false (adw_header_bar_get_show_title (header_bar (f)));
  g_assert_null (ca_test_find_ellipsized (GTK_WIDGET (header_bar (f))));
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  g_assert_true (adw_header_bar_get_show_title (header_bar (f)));
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", layout, NULL);

  /* The bottom bar switches views too */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s",
                                             "members"));
  iterate ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (ca_window_get_members_view (f->window))));

  /* Wide again: the bar hides, the header bar has the switcher */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  g_assert_true (ca_test_wait_until (switcher_bar_hidden, bar, 5000));
  g_assert_true (ADW_IS_VIEW_SWITCHER (adw_header_bar_get_title_widget (header_bar (f))));
  g_assert_true (ca_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped,
                                     adw_header_bar_get_title_widget (header_bar (f)), 5000));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "clusters");
}

/* The header's words fit at every width from GNOME's smallest (ca-test-util.c says
 * how); tests/test-ui-language.c checks the same in Bulgarian and German */
static void
test_header_fits (Fixture       *f,
                  gconstpointer  data)
{
  start_app (f);
  ca_test_check_header_fits (GTK_WINDOW (f->window));
}

static GtkWidget *
list_pane (AdwNavigationSplitView *split)
{
  return GTK_WIDGET (adw_navigation_split_view_get_sidebar (split));
}

/* The split view's own action goes back to the list */
static gboolean
is_back_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)),
                    "navigation.pop") == 0;
}

static guint
cluster_position (GListModel *model,
                  const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CaCluster) cluster = g_list_model_get_item (model, i);

      if (g_str_equal (cluster->id, id))
        return i;
    }
  g_assert_not_reached ();
}

/* Narrow, the Clusters view shows one pane at a time: the list, or the page of the
 * cluster chosen in it, with a button back to the list (made the first time the
 * view collapses). Back keeps the selection. */
static void
test_narrow_back_button (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *view, *list, *button, *page;
  AdwNavigationSplitView *split;
  GtkSingleSelection *selection;
  guint ict;
  int min_width;

  /* Panes change at once, not over a slide a slow (sanitizer) run may not finish:
   * the test checks where a change ends, and AdwNavigationView was seen leaking a
   * render node of a slide cut short */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  start_app (f);
  view = GTK_WIDGET (ca_window_get_clusters_view (f->window));
  split = ADW_NAVIGATION_SPLIT_VIEW (ca_test_find_widget (view, ADW_TYPE_NAVIGATION_SPLIT_VIEW));
  g_assert_nonnull (split);
  ca_test_wait_for_panes (split, FALSE, CA_TEST_LIST | CA_TEST_PAGE);
  g_assert_null (ca_test_find_widget_where (view, is_back_button, NULL));
  list = ca_test_find_widget (view, GTK_TYPE_LIST_VIEW);
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  ict = cluster_position (G_LIST_MODEL (selection), "ict-cluster");

  /* The view fits a 360 px window, whose content is about 350 px under Xvfb */
  gtk_widget_measure (view, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 350);

  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
  ca_test_wait_for_panes (split, TRUE, CA_TEST_LIST);
  /* the one pane has the view's whole width */
  g_assert_cmpint (gtk_widget_get_width (list_pane (split)), ==, gtk_widget_get_width (view));
  button = ca_test_find_widget_where (view, is_back_button, NULL);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_get_mapped (button));

  /* A row activated (a click, Enter) brings its page in the list's place */
  gtk_widget_activate_action (list, "list.activate-item", "u", ict);
  ca_test_wait_for_panes (split, TRUE, CA_TEST_PAGE);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, ict);
  page = ca_clusters_view_get_page (CA_CLUSTERS_VIEW (view));
  g_assert_nonnull (page);
  g_assert_nonnull (ca_test_wait_text (page, "ИКТ Клъстер", 5000));
  g_assert_cmpstr (adw_navigation_page_get_title (adw_navigation_split_view_get_content (split)),
                   ==, "ICT Cluster");
  g_assert_true (gtk_widget_get_mapped (button));
  /* the back button is the page's first stop for Tab, and named for screen readers */
  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);   /* Tab from outside the page */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (adw_navigation_split_view_get_content (split)),
                                         GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (f->window)) == button);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Back to the clusters");
  /* and nothing else names it */
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (button),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY));

  /* Back: the list again, the cluster still selected */
  g_signal_emit_by_name (button, "clicked");
  ca_test_wait_for_panes (split, TRUE, CA_TEST_LIST);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, ict);

  /* A cluster opened from elsewhere (search, a member's page) shows its page */
  g_assert_true (ca_clusters_view_select_cluster (CA_CLUSTERS_VIEW (view),
                                                  "builtin", "cleantech-bulgaria"));
  ca_test_wait_for_panes (split, TRUE, CA_TEST_PAGE);
  /* the page made now rather than when the main loop is idle, which a slow run may
   * not be for a while */
  g_assert_true (ca_clusters_view_get_page (CA_CLUSTERS_VIEW (view)) == page);
  g_assert_nonnull (ca_test_wait_text (page, "Cleantech Bulgaria", 5000));

  /* Wide again: list and page side by side, no back button */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  ca_test_wait_for_panes (split, FALSE, CA_TEST_LIST | CA_TEST_PAGE);
  g_assert_false (gtk_widget_get_visible (button));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
}

/* Shown and given a size (a slow machine gets there later) */
static gboolean
is_laid_out (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

/* The gap between two tags showing a and b, which must be side by side on one line */
static double
tag_gap (GtkWidget  *root,
         const char *a,
         const char *b)
{
  GtkWidget *first = ca_test_find_text (root, a);
  GtkWidget *second = ca_test_find_text (root, b);
  graphene_rect_t r1, r2;

  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_true (gtk_widget_get_parent (first) == gtk_widget_get_parent (second));
  g_assert_true (ca_test_wait_until (is_laid_out, second, 5000));
  g_assert_true (gtk_widget_compute_bounds (first, gtk_widget_get_parent (first), &r1));
  g_assert_true (gtk_widget_compute_bounds (second, gtk_widget_get_parent (first), &r2));
  g_assert_cmpfloat (r1.origin.y, ==, r2.origin.y);
  return r2.origin.x - (r1.origin.x + r1.size.width);
}

/* Select a cluster in the real window and read its objectives and composition */
static void
test_cluster_page (Fixture       *f,
                   gconstpointer  data)
{
  CaClustersView *view;
  GtkWidget *page;
  CaCompositionChart *chart;
  g_autofree char *description = NULL;

  start_app (f);
  view = ca_window_get_clusters_view (f->window);
  g_assert_true (ca_clusters_view_select_cluster (view, "builtin", "ict-cluster"));
  iterate ();

  page = ca_clusters_view_get_page (view);
  g_assert_nonnull (page);
  g_assert_true (shows_text (f, "ИКТ Клъстер"));
  g_assert_true (shows_text (f, "1. Creating value chains that cut across sectors"));
  g_assert_true (shows_text (f, "4. Promoting cooperation across regions, countries and sectors"));
  g_assert_true (shows_text (f, "Objectives"));

  chart = CA_COMPOSITION_CHART (ca_test_find_widget (page, CA_TYPE_COMPOSITION_CHART));
  g_assert_nonnull (chart);
  description = ca_composition_chart_dup_description (chart);
  g_assert_nonnull (strstr (description, "SMEs: 280"));
  g_assert_nonnull (strstr (description, "Start-ups: 5"));
  g_assert_true (shows_text (f, "293 members in all"));

  /* Another cluster replaces the page: no objectives of the first are left */
  g_assert_true (ca_clusters_view_select_cluster (view, "builtin", "cleantech-bulgaria"));
  iterate ();
  g_assert_false (shows_text (f, "1. Creating value chains that cut across sectors"));
  g_assert_null (ca_test_find_widget (ca_clusters_view_get_page (view), CA_TYPE_COMPOSITION_CHART));

  /* Short tags follow each other with the same small gap (a flow box's columns left
   * wide, uneven ones), under a heading that names them for screen readers */
  g_assert_true (ca_clusters_view_select_cluster (view, "builtin",
                                                  "green-tech-mechanical-engineering"));
  iterate ();
  page = ca_clusters_view_get_page (view);
  g_assert_cmpfloat (tag_gap (page, "Green technology", "Metalworking"), ==, 6);
  g_assert_cmpfloat (tag_gap (page, "Metalworking", "Mechanical engineering"), ==, 6);
  {
    GtkWidget *tags = gtk_widget_get_parent (ca_test_find_text (page, "Metalworking"));

    g_assert_true (ADW_IS_WRAP_BOX (tags));
    gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (tags), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                         ca_test_find_text (page, "Sectors"), NULL);
  }
}

static gboolean
has_selection (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_label_get_selection_bounds (GTK_LABEL (widget), NULL, NULL);
}

static gboolean
focus_on_heading (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (data));

  return focus != NULL && gtk_widget_get_ancestor (focus, CA_TYPE_PAGE_HEADING) != NULL;
}

/* A row chosen in the list (a click or Enter: the list's activation) puts the focus on
 * the page's heading, which names the cluster, and selects no text (the first
 * selectable label, given the focus, would select all its text) */
static void
test_row_focus_heading (Fixture       *f,
                        gconstpointer  data)
{
  GtkListView *list;
  GtkWidget *focus;

  start_app (f);
  list = GTK_LIST_VIEW (ca_test_find_widget (GTK_WIDGET (ca_window_get_clusters_view (f->window)),
                                             GTK_TYPE_LIST_VIEW));
  g_assert_nonnull (list);
  gtk_widget_grab_focus (GTK_WIDGET (list));
  g_signal_emit_by_name (list, "activate", 2);
  g_assert_true (ca_test_wait_until (focus_on_heading, f->window, 5000));
  focus = gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), CA_TYPE_PAGE_HEADING);
  g_assert_cmpstr (ca_page_heading_get_text (CA_PAGE_HEADING (focus)), ==, "ICT Cluster");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (focus), GTK_ACCESSIBLE_ROLE_HEADING);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (focus), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "ICT Cluster");
  iterate ();
  g_assert_null (ca_test_find_widget_where (GTK_WIDGET (f->window), has_selection, NULL));

  /* Arrowing through the list selects without activating: each page shows, and the
   * focus stays in the list */
  gtk_widget_grab_focus (GTK_WIDGET (list));
  gtk_selection_model_select_item (gtk_list_view_get_model (list), 0, TRUE);
  iterate ();
  g_assert_true (shows_text (f, "Cleantech Bulgaria"));
  g_assert_false (focus_on_heading (f->window));
}

/* Read again (a sync) while the keyboard focus is on the page's heading: the focus
 * stays on the page's new heading, and no text is selected */
typedef struct {
  CaWindow  *window;
  GtkWidget *old_heading;   /* a weak pointer */
} Reload;

static gboolean
heading_replaced (gpointer data)
{
  Reload *reload = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (reload->window));

  return focus_on_heading (reload->window) &&
         gtk_widget_get_ancestor (focus, CA_TYPE_PAGE_HEADING) != reload->old_heading;
}

static void
test_reload_keeps_focus (Fixture       *f,
                         gconstpointer  data)
{
  Reload reload;
  GtkWidget *focus;

  start_app (f);
  reload.window = f->window;
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-cluster", "(ss)",
                              "builtin", "ict-cluster");
  g_assert_true (ca_test_wait_until (focus_on_heading, f->window, 5000));
  reload.old_heading = gtk_root_get_focus (GTK_ROOT (f->window));
  g_object_add_weak_pointer (G_OBJECT (reload.old_heading), (gpointer *) &reload.old_heading);

  ca_window_reload (f->window);
  g_assert_true (ca_test_wait_until (heading_replaced, &reload, 5000));
  ca_test_run_for (200);
  focus = gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), CA_TYPE_PAGE_HEADING);
  g_assert_nonnull (focus);
  g_assert_cmpstr (ca_page_heading_get_text (CA_PAGE_HEADING (focus)), ==, "ICT Cluster");
  g_assert_null (ca_test_find_widget_where (GTK_WIDGET (f->window), has_selection, NULL));
  g_clear_weak_pointer (&reload.old_heading);
}

static gboolean
focus_on_label (gpointer data)
{
  return GTK_IS_LABEL (gtk_root_get_focus (GTK_ROOT (data)));
}

/* A focused widget taken out of the window with what holds it: GTK gives the focus on
 * at the next frame, here to the page's first selectable text, which reads the widget
 * it took the focus from after the window let go of it (ca-window.c keeps it until
 * the main loop is idle) */
static void
test_removed_focus (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *heading, *section;

  start_app (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-cluster", "(ss)",
                              "builtin", "ict-cluster");
  g_assert_true (ca_test_wait_until (focus_on_heading, f->window, 5000));
  heading = gtk_root_get_focus (GTK_ROOT (f->window));
  section = gtk_widget_get_parent (heading);

  gtk_box_remove (GTK_BOX (gtk_widget_get_parent (section)), section);
  g_assert_true (ca_test_wait_until (focus_on_label, f->window, 5000));
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (gtk_root_get_focus (GTK_ROOT (f->window)))));
  /* The window keeps the new focus widget now, and let go of the one taken out */
  iterate ();
  g_assert_true (f->window->focus_kept == gtk_root_get_focus (GTK_ROOT (f->window)));
}

/* A window whose focus widget went leaves none: once idle, the first widget that
 * takes the focus has it (ca-window.c refocus()), and the main menu then opens
 * without GTK failing a check on the missing focus */
static void
test_focus_never_lost (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *focus;

  start_app (f);
  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
  g_assert_null (gtk_window_get_focus (GTK_WINDOW (f->window)));
  ca_test_run_pending ();
  focus = gtk_window_get_focus (GTK_WINDOW (f->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (f->window)));
  g_assert_true (gtk_widget_get_mapped (focus));

  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
  ca_test_run_pending ();
  gtk_menu_button_popup (f->window->menu_button);
  ca_test_run_pending ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (f->window->menu_button))));
  gtk_menu_button_popdown (f->window->menu_button);
  ca_test_run_pending ();
}

/* Alt+1/2/3 switch views, and the window opens again on the last one */
static void
test_views_and_last_view (Fixture       *f,
                          gconstpointer  data)
{
  GtkWidget *stack;

  start_app (f);
  stack = ca_test_find_widget (GTK_WIDGET (f->window), ADW_TYPE_VIEW_STACK);
  g_assert_nonnull (stack);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "calendar"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "calendar");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "members"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "members");

  stop_app (f);
  start_app (f);
  stack = ca_test_find_widget (GTK_WIDGET (f->window), ADW_TYPE_VIEW_STACK);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "members");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "clusters");
}

static gboolean
is_search_button (GtkWidget     *widget,
                  gconstpointer  data)
{
  return G_OBJECT_TYPE (widget) == GTK_TYPE_TOGGLE_BUTTON &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "system-search-symbolic") == 0;
}

/* The search entry opens over the views and closes with them back. It is made
 * when search first opens (or on the first key typed into the window, which
 * tests/type-to-search.py types), not with the window. */
static void
test_search_opens (Fixture       *f,
                   gconstpointer  data)
{
  GtkSearchBar *bar;
  GtkWidget *entry;

  start_app (f);
  bar = GTK_SEARCH_BAR (ca_test_find_widget (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_BAR));
  g_assert_false (gtk_search_bar_get_search_mode (bar));
  g_assert_null (ca_test_find_widget (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (bar));
  entry = ca_test_find_widget (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_is_ancestor (entry, GTK_WIDGET (bar)));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (f->window)), entry));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  gtk_search_bar_set_search_mode (bar, FALSE);
  g_assert_false (gtk_search_bar_get_search_mode (bar));

  /* The search button opens it too, and the same entry comes back */
  {
    /* the header bar's search toggle (the Filters button of the Clusters list has
     * a toggle inside it too) */
    GtkWidget *button = ca_test_find_widget_where (GTK_WIDGET (f->window), is_search_button,
                                                   NULL);

    g_assert_true (G_OBJECT_TYPE (button) == GTK_TYPE_TOGGLE_BUTTON);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
    g_assert_true (gtk_search_bar_get_search_mode (bar));
    g_assert_true (ca_test_find_widget (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY) == entry);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), FALSE);
    g_assert_false (gtk_search_bar_get_search_mode (bar));
  }
}

/* The main menu offers Sync Now, Print Schedule… and Export Events… above the
 * application's items, each beside its key; Print Schedule… (Ctrl+P, from any view)
 * shows the calendar and its print dialog */
static void
test_menu_schedule_items (Fixture       *f,
                          gconstpointer  data)
{
  GtkMenuButton *button;
  GMenuModel *menu, *first;
  g_autofree char *label = NULL;
  g_autofree char *action = NULL;
  static const char *expected[][2] = {
    { "_Sync Now", "win.sync" },
    { "_Print Schedule…", "win.print" },
    { "_Export Events…", "win.export" },
  };
  static const char *keys[] = { "Ctrl+R", "Ctrl+P", "Ctrl+E", "Ctrl+,", "Ctrl+?", "Ctrl+Q" };
  AdwDialog *dialog;

  start_app (f);
  /* The main menu's, not What's New's */
  button = f->window->menu_button;
  gtk_menu_button_popup (button);
  iterate ();
  menu = gtk_menu_button_get_menu_model (button);
  g_assert_nonnull (menu);
  first = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_nonnull (first);
  g_assert_cmpint (g_menu_model_get_n_items (first), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_true (g_menu_model_get_item_attribute (first, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_assert_true (g_menu_model_get_item_attribute (first, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      g_assert_cmpstr (label, ==, expected[i][0]);
      g_assert_cmpstr (action, ==, expected[i][1]);
      g_clear_pointer (&label, g_free);
      g_clear_pointer (&action, g_free);
    }
  g_object_unref (first);
  /* Each beside its key */
  g_assert_nonnull (gtk_menu_button_get_popover (button));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_nonnull (ca_test_wait_text (GTK_WIDGET (gtk_menu_button_get_popover (button)),
                                         keys[i], 5000));
  gtk_menu_button_popdown (button);

  /* Ctrl+P from the Clusters view, as the menu item does */
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->view_stack), ==, "clusters");
  g_assert_true (ca_test_press_shortcut (ca_test_find_widget (GTK_WIDGET (f->window),
                                                              GTK_TYPE_LIST_VIEW),
                                         "<Control>p"));
  iterate ();
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->view_stack), ==, "calendar");
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (f->window));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (dialog), ==, "CaPrintDialog");
  adw_dialog_force_close (dialog);
  /* The window remembers its view: the next test starts on the clusters again */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s",
                                             "clusters"));
  iterate ();
}

/* The main menu and the shortcuts window are built when first opened
 * (ca-window.c): both must still be there when asked for */
static void
test_menu_and_shortcuts (Fixture       *f,
                         gconstpointer  data)
{
  GtkMenuButton *menu;
  GtkWindow *shortcuts = NULL;
  g_autoptr(GList) toplevels = NULL;

  start_app (f);
  menu = f->window->menu_button;
  g_assert_nonnull (menu);
  gtk_menu_button_popup (menu);
  iterate ();
  g_assert_nonnull (gtk_menu_button_get_menu_model (menu));
  g_assert_cmpint (g_menu_model_get_n_items (gtk_menu_button_get_menu_model (menu)), >, 0);
  g_assert_true (GTK_IS_POPOVER_MENU (gtk_menu_button_get_popover (menu)));
  gtk_menu_button_popdown (menu);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-help-overlay", NULL));
  iterate ();
#if ADW_CHECK_VERSION (1, 8, 0)
  /* GtkShortcutsWindow's successor, over the window */
  {
    AdwDialog *dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (f->window));

    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    g_assert_true (ADW_IS_SHORTCUTS_DIALOG (dialog));
    G_GNUC_END_IGNORE_DEPRECATIONS
    adw_dialog_force_close (dialog);
  }
  (void) shortcuts;
  (void) toplevels;
#else
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_WINDOW (l->data))
      shortcuts = l->data;
  g_assert_nonnull (shortcuts);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (f->window));
  gtk_window_destroy (shortcuts);
#endif
}

static gboolean members_loaded (gpointer data);

/* The shortcuts libadwaita 1.8's dialog lists (ca-window-actions.c) are those of
 * help-overlay.ui, group by group and in order, so that the Flatpak shows the same */
static gboolean
collect_of_type (GtkWidget     *widget,
                 gconstpointer  data)
{
  const struct { GType type; GPtrArray *found; } *collect = data;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, collect->type))
    g_ptr_array_add (collect->found, widget);
  return FALSE;
}

/* The widgets of type under root, depth first: in the order of their .ui */
static GPtrArray *
find_all (GtkWidget *root,
          GType      type)
{
  struct { GType type; GPtrArray *found; } collect = { type, g_ptr_array_new () };

  ca_test_find_widget_where (root, collect_of_type, &collect);
  return collect.found;
}

static void
test_shortcuts_table (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/clusteratlas/ClusterAtlas/ui/help-overlay.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_autoptr(GPtrArray) groups = find_all (overlay, GTK_TYPE_SHORTCUTS_GROUP);
  guint n, i = 0;
  const CaWindowShortcut *table = _ca_window_get_shortcuts (&n);

  g_assert_cmpuint (groups->len, >, 0);
  for (guint g = 0; g < groups->len; g++)
    {
      g_autoptr(GPtrArray) items = find_all (groups->pdata[g], GTK_TYPE_SHORTCUTS_SHORTCUT);
      g_autofree char *group_title = NULL;

      g_object_get (groups->pdata[g], "title", &group_title, NULL);
      for (guint s = 0; s < items->len; s++, i++)
        {
          g_autofree char *title = NULL;
          g_autofree char *accelerator = NULL;

          g_object_get (items->pdata[s], "title", &title, "accelerator", &accelerator, NULL);
          g_assert_cmpuint (i, <, n);
          g_assert_cmpstr (table[i].group, ==, group_title);
          g_assert_cmpstr (table[i].title, ==, title);
          g_assert_cmpstr (table[i].accelerator, ==, accelerator);
        }
    }
  g_assert_cmpuint (i, ==, n);
  gtk_window_destroy (GTK_WINDOW (overlay));
}

/* A view is made when first shown, and given the store then: the first frame waits
 * for the view on screen alone. Each is a CaView, through which the window gives it
 * the store. */
static void
test_views_made_when_shown (Fixture       *f,
                            gconstpointer  data)
{
  static const struct { const char *name; GType (*type) (void); } views[] = {
    { "members", ca_members_view_get_type },
    { "calendar", ca_calendar_view_get_type },
    { "clusters", ca_clusters_view_get_type },
  };

  start_app (f);
  g_assert_nonnull (ca_test_find_widget (GTK_WIDGET (f->window), CA_TYPE_CLUSTERS_VIEW));
  g_assert_null (ca_test_find_widget (GTK_WIDGET (f->window), CA_TYPE_MEMBERS_VIEW));
  g_assert_null (ca_test_find_widget (GTK_WIDGET (f->window), CA_TYPE_CALENDAR_VIEW));
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      GtkWidget *view;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s",
                                                 views[i].name));
      iterate ();
      view = ca_test_find_widget (GTK_WIDGET (f->window), views[i].type ());
      g_assert_nonnull (view);
      g_assert_true (CA_IS_VIEW (view));
      g_assert_true (gtk_widget_get_mapped (view));
    }
  /* The Members view read the store when shown: the one member is listed */
  g_assert_true (ca_test_wait_until (members_loaded, ca_window_get_members_view (f->window), 10000));
  g_assert_cmpuint (g_list_model_get_n_items (ca_members_view_get_members (ca_window_get_members_view (f->window))),
                    ==, 1);
}

/* The window's size and whether it is maximized are kept when it closes, and the
 * next window opens so */
static void
test_state_saved (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.clusteratlas.ClusterAtlas");
  int width, height;

  start_app (f);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 640);
  iterate ();
  gtk_window_close (GTK_WINDOW (f->window));
  f->window = NULL;
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  stop_app (f);

  start_app (f);
  gtk_window_get_default_size (GTK_WINDOW (f->window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

/* Runs the main loop until done() says so, failing after 10 s */
static gboolean
members_loaded (gpointer data)
{
  return !ca_members_view_get_loading (data);
}

/* The Members view in the real window, filtered by kind */
static void
test_members_filter (Fixture       *f,
                     gconstpointer  data)
{
  CaMembersView *view;
  GListModel *members;

  start_app (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "members");
  view = ca_window_get_members_view (f->window);
  g_assert_true (ca_test_wait_until (members_loaded, view, 10000));
  iterate ();

  members = ca_members_view_get_members (view);
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, 1);
  g_assert_true (shows_text (f, "Cleantech Bulgaria Foundation"));

  /* The one member is of kind "other": none is an SME, one is "other" */
  ca_members_view_set_kind_filter (view, CA_MEMBER_KIND_SME);
  iterate ();
  members = ca_members_view_get_members (view);
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, 0);
  ca_members_view_set_kind_filter (view, CA_MEMBER_KIND_OTHER);
  iterate ();
  members = ca_members_view_get_members (view);
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, 1);
  ca_members_view_set_kind_filter (view, -1);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "clusters");
}

typedef struct {
  CaSearchView *view;
  const char   *query;
  gboolean      changed;
} SearchWait;

static void
results_changed (CaSearchView *view,
                 SearchWait   *w)
{
  if (g_strcmp0 (ca_search_view_get_query (view), w->query) == 0)
    w->changed = TRUE;
}

static gboolean
search_done (gpointer data)
{
  return ((SearchWait *) data)->changed;
}

/* Types a query into the real window's search entry and waits for its results */
static void
search_for (Fixture    *f,
            const char *query)
{
  SearchWait w = { ca_window_get_search_view (f->window), query, FALSE };
  gulong id = g_signal_connect (w.view, "results-changed", G_CALLBACK (results_changed), &w);
  GtkSearchEntry *entry;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL);
  entry = GTK_SEARCH_ENTRY (ca_test_find_widget (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY));
  gtk_editable_set_text (GTK_EDITABLE (entry), query);
  g_assert_true (ca_test_wait_until (search_done, &w, 10000));
  g_signal_handler_disconnect (w.view, id);
}

static gboolean
is_show_all_row (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_LIST_BOX_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_object_get_data (G_OBJECT (widget), "ca-show-all") != NULL;
}

/* A section of the search shown in full, its list on screen */
static gboolean
shows_section (gpointer data)
{
  CaSearchView *view = data;
  GtkWidget *list = ca_test_find_widget (GTK_WIDGET (view), GTK_TYPE_LIST_VIEW);

  return ca_search_view_get_expanded (view) >= 0 && list != NULL && gtk_widget_get_mapped (list);
}

/* Every section of the search again, "Show all" rows and all */
static gboolean
shows_every_section (gpointer data)
{
  CaSearchView *view = data;

  return ca_search_view_get_expanded (view) < 0 &&
         ca_test_find_widget_where (GTK_WIDGET (view), is_show_all_row, NULL) != NULL;
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  CaSearchView *view;
  g_autofree char *ict = NULL;
  g_autofree char *mechanical = NULL;

  start_app (f);
  view = ca_window_get_search_view (f->window);

  search_for (f, "ИКТ");
  ict = ca_search_view_dup_hit_title (view, CA_SEARCH_CLUSTER, 0);
  g_assert_cmpstr (ict, ==, "ICT Cluster");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));

  search_for (f, "mechanical");
  mechanical = ca_search_view_dup_hit_title (view, CA_SEARCH_CLUSTER, 0);
  g_assert_cmpstr (mechanical, ==, "Cluster Green Technology and Mechanical Engineering");

  /* The sections' headings, read from the window: in order, each with the store's count */
  search_for (f, "cluster");
  /* laid out */
  ca_test_run_for (200);
  {
    static const char * const titles[] = { "Clusters", "Members", "Projects", "Events" };
    g_autoptr(CaStore) store = ca_store_open (f->store_path, NULL);
    g_autoptr(CaSearchSections) sections = ca_store_search_sections (store, "cluster", -1, 5,
                                                                     NULL);
    double last_y = -1;
    guint n_shown = 0;

    g_assert_nonnull (sections);
    for (guint k = 0; k < G_N_ELEMENTS (titles); k++)
      {
        g_autofree char *heading = g_strdup_printf ("%s · %'u", titles[k],
                                                    sections->n_matches[k]);
        GtkWidget *label;
        graphene_point_t at;

        g_assert_cmpuint (ca_search_view_get_n_matches (view, k), ==, sections->n_matches[k]);
        if (sections->n_matches[k] == 0)
          continue;
        label = ca_test_find_text (GTK_WIDGET (f->window), heading);
        g_assert_nonnull (label);
        g_assert_true (gtk_widget_get_mapped (label));
        g_assert_true (gtk_widget_compute_point (label, GTK_WIDGET (f->window),
                                                 &GRAPHENE_POINT_INIT (0, 0), &at));
        g_assert_cmpfloat (at.y, >, last_y);
        last_y = at.y;
        n_shown++;
      }
    g_assert_cmpuint (n_shown, >=, 2);
  }

  /* Escape closes the search from its results (where Enter in the entry takes the
   * keyboard), and the views show again; from a section shown in full it goes back
   * to every section first */
  {
    GtkSearchBar *bar = GTK_SEARCH_BAR (ca_test_find_widget (GTK_WIDGET (f->window),
                                                             GTK_TYPE_SEARCH_BAR));
    GtkWidget *focus;

    g_assert_true (gtk_widget_child_focus (GTK_WIDGET (view), GTK_DIR_TAB_FORWARD));
    focus = gtk_root_get_focus (GTK_ROOT (f->window));
    g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (view)));
    g_assert_true (ca_test_press_shortcut (focus, "Escape"));
    g_assert_false (gtk_search_bar_get_search_mode (bar));
    g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (view)));
    focus = gtk_root_get_focus (GTK_ROOT (f->window));
    g_assert_nonnull (focus);
    g_assert_false (gtk_widget_is_ancestor (focus, GTK_WIDGET (view)));

    search_for (f, "cluster");
    ca_search_view_show_all (view, CA_SEARCH_PROJECT);
    g_assert_true (ca_test_wait_until (shows_section, view, 10000));
    focus = gtk_root_get_focus (GTK_ROOT (f->window));
    g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (view)));
    g_assert_true (ca_test_press_shortcut (focus, "Escape"));
    g_assert_cmpint (ca_search_view_get_expanded (view), ==, -1);
    g_assert_true (gtk_search_bar_get_search_mode (bar));
    g_assert_true (ca_test_wait_until (shows_every_section, view, 10000));
    focus = gtk_root_get_focus (GTK_ROOT (f->window));
    g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (view)));
    g_assert_true (ca_test_press_shortcut (focus, "Escape"));
    g_assert_false (gtk_search_bar_get_search_mode (bar));
  }
}

static void
click_star (GtkWidget *widget)
{
  /* The star is the event page's toggle button */
  GtkWidget *star = ca_test_find_widget (widget, GTK_TYPE_TOGGLE_BUTTON);

  g_assert_nonnull (star);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (star)));
  /* As a click does (gtk_widget_activate would finish only after a 250 ms animation) */
  g_signal_emit_by_name (star, "clicked");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (star)));
}

/* Star an event in the real window, restart the app on the same store, and find it
 * under "starred only" */
static void
test_star_survives_restart (Fixture       *f,
                            gconstpointer  data)
{
  CaCalendarView *calendar;
  GtkWidget *page;
  GListModel *events;
  g_autoptr(CaEvent) event = NULL;

  start_app (f);
  calendar = ca_window_get_calendar_view (f->window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-event", "(ss)",
                                             "builtin", "national-cluster-conference-2019"));
  iterate ();
  page = ca_test_find_widget (GTK_WIDGET (calendar), CA_TYPE_EVENT_PAGE);
  g_assert_nonnull (page);
  g_assert_cmpstr (ca_event_page_get_event (CA_EVENT_PAGE (page))->id, ==,
                   "national-cluster-conference-2019");
  click_star (page);
  iterate ();
  g_assert_true (ca_store_is_starred (ca_application_get_store (f->app), "builtin",
                                      "national-cluster-conference-2019"));

  stop_app (f);
  start_app (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "calendar");
  calendar = ca_window_get_calendar_view (f->window);
  ca_calendar_view_set_show_past (calendar, TRUE);
  ca_calendar_view_set_starred_only (calendar, TRUE);
  iterate ();

  events = ca_calendar_view_get_events (calendar);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 1);
  event = g_list_model_get_item (events, 0);
  g_assert_cmpstr (event->id, ==, "national-cluster-conference-2019");
  g_assert_true (event->starred);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "clusters");
}

/* The one rule for launching feed links: http and https, mailto for addresses */
static void
test_links (void)
{
  const char *refused[] = {
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", "file:///etc/passwd", "data:text/html,x",
    " https://example.org/", "ftp://example.org/", "org.gnome.Nautilus:", "", "example.org",
  };

  g_assert_true (ca_link_is_web ("https://example.org/"));
  g_assert_true (ca_link_is_web ("HTTP://example.org/"));
  g_assert_false (ca_link_is_web ("mailto:office@example.org"));
  g_assert_true (ca_link_can_open ("mailto:office@example.org"));
  g_assert_false (ca_link_is_web (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_message ("%s", refused[i]);
      g_assert_false (ca_link_can_open (refused[i]));
    }
}

/* A member count as large as a JSON integer is shown whole in the cluster's row (a
 * guint made 9223372036854775807 into 4294967295) */
static void
test_huge_member_count (void)
{
  g_autoptr(CaCluster) cluster = ca_cluster_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  cluster->name = g_strdup ("Huge");
  cluster->composition[CA_COMPOSITION_MEMBERS] = G_MAXINT64;
  ca_clusters_view_format_row (cluster, &title, &subtitle);
  g_assert_cmpstr (title, ==, "Huge");
  /* Grouped as the test's locale groups: its digits are the count's */
  g_assert_true (g_str_has_suffix (subtitle, " members"));
  {
    GString *digits = g_string_new (NULL);

    for (const char *p = subtitle; *p != ' '; p++)
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
    g_assert_cmpstr (digits->str, ==, "9223372036854775807");
    g_string_free (digits, TRUE);
  }

  g_clear_pointer (&subtitle, g_free);
  g_clear_pointer (&title, g_free);
  cluster->composition[CA_COMPOSITION_MEMBERS] = 1;
  ca_clusters_view_format_row (cluster, &title, &subtitle);
  g_assert_cmpstr (subtitle, ==, "1 member");
}

/* Ctrl+P and Ctrl+E over search results show the view they act on, the search
 * closed; under a dialog (Preferences) they do nothing, as the menu cannot be opened */
static void
test_print_keys_over_search_and_dialog (Fixture       *f,
                                        gconstpointer  data)
{
  GtkWidget *entry;
  AdwDialog *dialog;

  start_app (f);
  search_for (f, "ИКТ");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f->window->main_stack), ==, "search");
  entry = ca_test_find_widget (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY);
  g_assert_true (ca_test_press_shortcut (entry, "<Control>p"));
  iterate ();
  g_assert_false (gtk_search_bar_get_search_mode (f->window->search_bar));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f->window->main_stack), ==, "views");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->view_stack), ==, "calendar");
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (f->window));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (dialog), ==, "CaPrintDialog");
  adw_dialog_force_close (dialog);
  iterate ();

  /* Preferences over the Clusters view: the keys leave both as they are */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s",
                                             "clusters"));
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  iterate ();
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (f->window));
  g_assert_nonnull (dialog);
  g_assert_true (ADW_IS_PREFERENCES_DIALOG (dialog));
  ca_test_press_shortcut (GTK_WIDGET (dialog), "<Control>p");
  ca_test_press_shortcut (GTK_WIDGET (dialog), "<Control>e");
  iterate ();
  g_assert_true (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (f->window))
                 == dialog);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->view_stack), ==, "clusters");
  adw_dialog_force_close (dialog);
  iterate ();
}

int
main (int   argc,
      char *argv[])
{
  ca_test_require_display ();

  /* Nothing in a test may touch the user's own data. */
  g_setenv ("XDG_DATA_HOME", "/nonexistent/ca-test-data-home", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/window/links", test_links);
  g_test_add_func ("/window/huge-member-count", test_huge_member_count);
  g_test_add_func ("/window/gradual-list", test_gradual_list);
  g_test_add ("/window/lists-builtin-clusters", Fixture, NULL,
              fixture_set_up, test_lists_builtin_clusters, fixture_tear_down);
  g_test_add ("/window/window-icon", Fixture, NULL,
              fixture_set_up, test_window_icon, fixture_tear_down);
  g_test_add ("/window/first-window-after-icon-theme-change", Fixture, NULL,
              fixture_set_up, test_first_window_after_icon_theme_change, fixture_tear_down);
  g_test_add ("/window/store-read-during-startup", Fixture, NULL,
              fixture_set_up, test_store_read_during_startup, fixture_tear_down);
  g_test_add ("/window/row-fonts", Fixture, NULL,
              fixture_set_up, test_row_fonts, fixture_tear_down);
  g_test_add ("/window/fonts-preloaded", Fixture, NULL,
              fixture_set_up, test_fonts_preloaded, fixture_tear_down);
  g_test_add ("/window/row-focus-heading", Fixture, NULL,
              fixture_set_up, test_row_focus_heading, fixture_tear_down);
  g_test_add ("/window/reload-keeps-focus", Fixture, NULL,
              fixture_set_up, test_reload_keeps_focus, fixture_tear_down);
  g_test_add ("/window/removed-focus", Fixture, NULL,
              fixture_set_up, test_removed_focus, fixture_tear_down);
  g_test_add ("/window/focus-never-lost", Fixture, NULL,
              fixture_set_up, test_focus_never_lost, fixture_tear_down);
  g_test_add ("/window/menu-schedule-items", Fixture, NULL,
              fixture_set_up, test_menu_schedule_items, fixture_tear_down);
  g_test_add ("/window/print-keys-over-search-and-dialog", Fixture, NULL,
              fixture_set_up, test_print_keys_over_search_and_dialog, fixture_tear_down);
  g_test_add ("/window/no-clusters", Fixture, NULL,
              fixture_set_up, test_no_clusters, fixture_tear_down);
  g_test_add ("/window/bulgarian-names", Fixture, NULL,
              fixture_set_up, test_bulgarian_names, fixture_tear_down);
  g_test_add ("/window/markup-shown-literally", Fixture, NULL,
              fixture_set_up, test_markup_shown_literally, fixture_tear_down);
  g_test_add ("/window/large-list", Fixture, NULL,
              fixture_set_up, test_large_list, fixture_tear_down);
  g_test_add ("/window/narrow-switcher", Fixture, NULL,
              fixture_set_up, test_narrow_switcher, fixture_tear_down);
  g_test_add ("/window/header-fits", Fixture, NULL,
              fixture_set_up, test_header_fits, fixture_tear_down);
  g_test_add ("/window/narrow-back-button", Fixture, NULL,
              fixture_set_up, test_narrow_back_button, fixture_tear_down);
  g_test_add ("/window/cluster-page", Fixture, NULL,
              fixture_set_up, test_cluster_page, fixture_tear_down);
  g_test_add ("/window/views-and-last-view", Fixture, NULL,
              fixture_set_up, test_views_and_last_view, fixture_tear_down);
  g_test_add ("/window/search-opens", Fixture, NULL,
              fixture_set_up, test_search_opens, fixture_tear_down);
  g_test_add ("/window/menu-and-shortcuts", Fixture, NULL,
              fixture_set_up, test_menu_and_shortcuts, fixture_tear_down);
  g_test_add_func ("/window/shortcuts-table", test_shortcuts_table);
  g_test_add ("/window/views-made-when-shown", Fixture, NULL,
              fixture_set_up, test_views_made_when_shown, fixture_tear_down);
  g_test_add ("/window/state-saved", Fixture, NULL,
              fixture_set_up, test_state_saved, fixture_tear_down);
  g_test_add ("/window/members-filter", Fixture, NULL,
              fixture_set_up, test_members_filter, fixture_tear_down);
  g_test_add ("/window/search", Fixture, NULL,
              fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/window/star-survives-restart", Fixture, NULL,
              fixture_set_up, test_star_survives_restart, fixture_tear_down);
  g_test_add ("/window/corrupt-store-rebuilt", Fixture, NULL,
              fixture_set_up, test_corrupt_store_rebuilt, fixture_tear_down);
  g_test_add ("/window/newer-store", Fixture, NULL,
              fixture_set_up, test_newer_store, fixture_tear_down);

  return g_test_run ();
}
