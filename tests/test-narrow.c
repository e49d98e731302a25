/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-narrow"

#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <unistd.h>

#include "ca-application.h"
#include "ca-test-util.h"
#include "ca-window.h"

/*
 * The real window at GNOME's mobile width, 360 px, as an X server sees it (Xvfb, no
 * window manager): started that narrow, and resized from wide with xdotool the way a
 * user drags it. An offscreen snapshot at 360 px says nothing about either: a window
 * whose minimum is wider simply grows back, and that is what is checked here.
 *
 * In each view, exactly one pane of its split view shows; the X window is 360 px wide;
 * no label in a header bar, the bottom switcher or on a button is ellipsized. Run once
 * per language (tests/meson.build: narrow-en, narrow-bg, narrow-de), as Bulgarian and
 * German words are longer.
 */

#define SCHEMA_ID "io.github.clusteratlas.ClusterAtlas"
#define NARROW 360
#define HEIGHT 700

typedef struct {
  char          *data_home;
  CaApplication *app;
  GtkWindow     *window;
} Fixture;

static const char * const views[] = { "clusters", "members", "calendar", "schedule" };

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->data_home = g_dir_make_tmp ("ca-narrow-XXXXXX", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->app != NULL)
    ca_test_application_close (f->app);
  g_clear_object (&f->app);
  ca_test_remove_tree (f->data_home);
  g_free (f->data_home);
}

/* The app on the built-in data, its window at width × HEIGHT (the size it restores) */
static void
start_app (Fixture *f,
           int      width)
{
  g_autofree char *store = g_build_filename (f->data_home, "atlas.db", NULL);
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);

  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", HEIGHT);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  f->window = GTK_WINDOW (ca_test_application_start (&f->app, store));
  g_assert_true (ca_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped,
                                     f->window, 10000));
  ca_test_run_for (300);
}

static char *xdotool (const char *args);

/* The X window of this process's main window, as xdotool finds it (GDK's own X11
 * calls are deprecated with the X11 backend in GTK 4.18). The tests share one X server
 * and others move its pointer, so a tooltip or popup of ours may be mapped too: only
 * the window that carries the main window's title counts. */
static gulong
xid_of (Fixture *f)
{
  g_autofree char *args = g_strdup_printf ("search --onlyvisible --pid %d", (int) getpid ());
  g_autofree char *out = xdotool (args);
  g_auto(GStrv) ids = g_strsplit (g_strstrip (out), "\n", -1);
  const char *title = gtk_window_get_title (f->window);
  gulong found = 0;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *name_args = g_strdup_printf ("getwindowname %s", ids[i]);
      g_autofree char *name = xdotool (name_args);

      if (g_strcmp0 (g_strstrip (name), title) != 0)
        continue;
      g_assert_cmpuint (found, ==, 0);
      found = strtoul (ids[i], NULL, 10);
    }
  g_assert_cmpuint (found, !=, 0);
  return found;
}

static char *
xdotool (const char *args)
{
  g_autofree char *command = g_strdup_printf ("xdotool %s", args);
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_spawn_command_line_sync (command, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The X window's width, as the X server has it */
static int
x_window_width (Fixture *f)
{
  g_autofree char *args = g_strdup_printf ("getwindowgeometry --shell %lu", xid_of (f));
  g_autofree char *out = xdotool (args);
  const char *width = strstr (out, "WIDTH=");

  g_assert_nonnull (width);
  return atoi (width + strlen ("WIDTH="));
}

typedef struct {
  Fixture *f;
  int      width;
} WidthWait;

static gboolean
x_width_is (gpointer data)
{
  WidthWait *wait = data;
  return x_window_width (wait->f) == wait->width;
}

/* Lets the window settle: a window that cannot be this narrow grows back meanwhile */
static void
settle (Fixture *f)
{
  ca_test_run_for (500);
}

static gboolean
mapped_split_view (GtkWidget     *widget,
                   gconstpointer  data)
{
  return ADW_IS_NAVIGATION_SPLIT_VIEW (widget) && gtk_widget_get_mapped (widget);
}

/* Exactly one of the split view's two panes is on screen, whichever is asked for */
static void
assert_one_pane (Fixture    *f,
                 const char *view)
{
  AdwNavigationSplitView *split;

  split = ADW_NAVIGATION_SPLIT_VIEW (ca_test_find_widget_where (GTK_WIDGET (f->window),
                                                                 mapped_split_view, NULL));
  g_assert_nonnull (split);
  if (!adw_navigation_split_view_get_collapsed (split))
    g_error ("%s: the split view is not collapsed at %d px", view, x_window_width (f));

  for (int show_content = 0; show_content <= 1; show_content++)
    {
      g_test_message ("%s: the %s alone", view, show_content ? "page" : "list");
      adw_navigation_split_view_set_show_content (split, show_content);
      ca_test_wait_for_panes (split, TRUE, show_content ? CA_TEST_PAGE : CA_TEST_LIST);
    }
  adw_navigation_split_view_set_show_content (split, FALSE);
  ca_test_wait_for_panes (split, TRUE, CA_TEST_LIST);
}

static gboolean
inside (GtkWidget *widget,
        GType      type)
{
  return gtk_widget_get_ancestor (widget, type) != NULL;
}

/* A label the user must read whole: a header bar's title and buttons, the bottom
 * switcher, any button (the Calendar's filter chips among them) */
static void
collect_cut_labels (GtkWidget *widget,
                    GString   *cut)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) &&
      (inside (widget, ADW_TYPE_HEADER_BAR) || inside (widget, ADW_TYPE_VIEW_SWITCHER_BAR) ||
       inside (widget, GTK_TYPE_BUTTON)) &&
      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    g_string_append_printf (cut, " \"%s\"", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cut_labels (child, cut);
}

static void
assert_nothing_cut (Fixture    *f,
                    const char *view)
{
  g_autoptr(GString) cut = g_string_new (NULL);

  collect_cut_labels (GTK_WIDGET (f->window), cut);
  if (cut->len > 0)
    g_error ("%s at %d px (%s): cut labels:%s", view, x_window_width (f),
             g_getenv ("CA_TEST_LANGUAGE") ? g_getenv ("CA_TEST_LANGUAGE") : "en", cut->str);
}

static void
check_every_view (Fixture *f)
{
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", views[i]);
      settle (f);
      g_assert_cmpint (x_window_width (f), ==, NARROW);
      assert_one_pane (f, views[i]);
      assert_nothing_cut (f, views[i]);
    }
}

static void
test_started_narrow (Fixture       *f,
                     gconstpointer  data)
{
  start_app (f, NARROW);
  settle (f);
  g_assert_cmpint (x_window_width (f), ==, NARROW);
  check_every_view (f);
}

static void
test_resized_narrow (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *args = NULL;
  g_autofree char *out = NULL;
  WidthWait wait = { f, NARROW };

  start_app (f, 1100);
  g_assert_cmpint (x_window_width (f), >, 1000);

  args = g_strdup_printf ("windowsize %lu %d %d", xid_of (f), NARROW, HEIGHT);
  out = xdotool (args);
  g_assert_true (ca_test_wait_until (x_width_is, &wait, 5000));
  check_every_view (f);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* GNOME's own title-bar buttons (close only), not GTK's fallback for desktops that
   * set none (minimize, maximize, close): what users of the app see */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);

  g_test_add ("/narrow/started-at-360", Fixture, NULL,
              fixture_set_up, test_started_narrow, fixture_tear_down);
  g_test_add ("/narrow/resized-to-360", Fixture, NULL,
              fixture_set_up, test_resized_narrow, fixture_tear_down);
  return g_test_run ();
}
