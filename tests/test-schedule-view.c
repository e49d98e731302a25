/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-schedule-view"

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>
#include <unistd.h>

#include "ca-application.h"
#include "ca-event-page.h"
#include "ca-feed-parser.h"
#include "ca-print-dialog.h"
#include "ca-schedule-view.h"
#include "ca-store.h"
#include "ca-test-util.h"
#include "ca-window-private.h"
#include "ca-window.h"

/*
 * My Schedule in the real window under Xvfb (TZ=Europe/Sofia, English): Alt+4 shows
 * it, the starred events are listed under their days, a clash row names the other
 * event, nothing starred shows how to star, and Ctrl+P prints the starred events.
 * The store is made before the app starts: a feed file subscribed and imported,
 * some of its events starred.
 */

#define FEED \
  "{\"format\": \"cluster-feed\", \"version\": 1," \
  " \"publisher\": {\"name\": \"Schedule Test\"}," \
  " \"clusters\": [{\"id\": \"ict\", \"name\": \"ICT Cluster\"}]," \
  " \"events\": [" \
  "  {\"id\": \"summit\", \"title\": \"Cluster Summit\", \"kind\": \"conference\"," \
  "   \"start\": \"2031-03-26T10:00:00+02:00\", \"end\": \"2031-03-26T12:00:00+02:00\"," \
  "   \"city\": \"Sofia\"}," \
  "  {\"id\": \"workshop\", \"title\": \"Export Workshop\", \"kind\": \"workshop\"," \
  "   \"start\": \"2031-03-26T11:00:00+02:00\", \"end\": \"2031-03-26T13:00:00+02:00\"," \
  "   \"city\": \"Sofia\"}," \
  "  {\"id\": \"fair\", \"title\": \"Innovation Fair\", \"kind\": \"fair\"," \
  "   \"start\": \"2031-03-28T10:00:00+02:00\", \"end\": \"2031-03-28T16:00:00+02:00\"," \
  "   \"city\": \"Plovdiv\"}," \
  "  {\"id\": \"quiet\", \"title\": \"Not Starred\", \"kind\": \"meeting\"," \
  "   \"start\": \"2031-03-26T11:30:00+02:00\", \"city\": \"Sofia\"}," \
  "  {\"id\": \"old\", \"title\": \"Founding Meeting\", \"kind\": \"meeting\"," \
  "   \"start\": \"2012-01-17T13:00:00+02:00\", \"city\": \"Sofia\"}" \
  " ]}"

typedef struct {
  char          *data_home;
  char          *store_path;
  char          *feed_path;
  CaApplication *app;
  CaWindow      *window;
} Fixture;

static void
make_store (Fixture     *f,
            const char **starred)
{
  g_autoptr(CaStore) store = NULL;
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (FEED, strlen (FEED));
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (f->store_path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->feed_path, FEED, -1, &error));
  store = ca_store_open (f->store_path, &error);
  g_assert_no_error (error);
  g_assert_true (ca_store_add_feed (store, f->feed_path, &error));
  feed = ca_store_import_bytes (store, f->feed_path, parser, bytes, &error);
  g_assert_no_error (error);
  for (guint i = 0; starred != NULL && starred[i] != NULL; i++)
    g_assert_true (ca_store_set_starred (store, f->feed_path, starred[i], TRUE, &error));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->data_home = g_dir_make_tmp ("ca-schedule-view-XXXXXX", NULL);
  f->store_path = g_build_filename (f->data_home, "cluster-atlas", "atlas.db", NULL);
  f->feed_path = g_build_filename (f->data_home, "feed.json", NULL);
}

static void
start_app (Fixture *f)
{
  f->window = ca_test_application_start (&f->app, f->store_path);
  ca_test_run_for (200);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* The next start opens on the clusters again */
  if (f->window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "clusters");
  if (f->app != NULL)
    ca_test_application_close (f->app);
  g_clear_object (&f->app);
  ca_test_remove_tree (f->data_home);
  g_free (f->data_home);
  g_free (f->store_path);
  g_free (f->feed_path);
}

static gboolean
schedule_listed (gpointer data)
{
  return ca_test_shows_text (GTK_WIDGET (data), "Cluster Summit");
}

/* Alt+4 shows My Schedule: the starred events, upcoming first, under their days; the
 * two that overlap each name the other; the past one after "Past" */
static void
test_listed_with_clashes (Fixture       *f,
                          gconstpointer  data)
{
  static const char *starred[] = { "summit", "workshop", "fair", "old", NULL };
  CaScheduleView *view;
  g_autoptr(GPtrArray) events = NULL;
  static const char *order[] = { "summit", "workshop", "fair", "old" };

  make_store (f, starred);
  start_app (f);
  g_assert_true (ca_test_press_shortcut (GTK_WIDGET (f->window), "<Alt>4"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->view_stack), ==, "schedule");
  view = ca_window_get_schedule_view (f->window);
  g_assert_true (ca_test_wait_until (schedule_listed, view, 10000));

  events = ca_schedule_view_get_events (view);
  g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < events->len; i++)
    g_assert_cmpstr (((CaEvent *) events->pdata[i])->id, ==, order[i]);

  g_assert_true (ca_test_shows_text (GTK_WIDGET (view), "Wednesday, 26 March 2031"));
  g_assert_true (ca_test_shows_text (GTK_WIDGET (view), "Friday, 28 March 2031"));
  g_assert_true (ca_test_shows_text (GTK_WIDGET (view), "Past"));
  g_assert_true (ca_test_shows_text (GTK_WIDGET (view), "Clashes with Export Workshop"));
  g_assert_true (ca_test_shows_text (GTK_WIDGET (view), "Clashes with Cluster Summit"));
  g_assert_false (ca_test_shows_text (GTK_WIDGET (view), "Not Starred"));
  g_assert_false (ca_test_shows_text (GTK_WIDGET (view), "Clashes with Not Starred"));
  /* Different days, different cities: no flag */
  g_assert_false (ca_test_shows_text (GTK_WIDGET (view), "Different cities: Sofia, Plovdiv"));

  /* A row opens the event's page, which names the clash too */
  g_assert_true (ca_schedule_view_show_event (view, f->feed_path, "workshop"));
  ca_test_run_for (100);
  {
    GtkWidget *page = ca_test_find_widget (GTK_WIDGET (view), CA_TYPE_EVENT_PAGE);

    g_assert_nonnull (page);
    g_assert_cmpstr (ca_event_page_get_event (CA_EVENT_PAGE (page))->id, ==, "workshop");
    g_assert_true (ca_test_shows_text (page, "Clashes with Cluster Summit"));
  }
}

/* Nothing starred: the view says so, and how to star */
static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  CaScheduleView *view;

  make_store (f, NULL);
  start_app (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s",
                                             "schedule"));
  view = ca_window_get_schedule_view (f->window);
  g_assert_nonnull (ca_test_wait_text (GTK_WIDGET (view), "No Starred Events", 10000));
  g_assert_true (ca_test_shows_text (GTK_WIDGET (view),
                                     "Open an event in the Calendar and press “Add to My "
                                     "Schedule”: it is listed here, with the events it "
                                     "clashes with."));
}

/* Ctrl+P in My Schedule opens the print dialog on the starred events; the main
 * menu's Print Schedule… does the same while it shows, and stays on it */
static void
test_print (Fixture       *f,
            gconstpointer  data)
{
  static const char *starred[] = { "summit", "workshop", "fair", "old", NULL };
  CaScheduleView *view;
  AdwDialog *dialog;

  make_store (f, starred);
  start_app (f);
  /* The Calendar made first: Ctrl+P prints what shows, My Schedule, not the Calendar */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s",
                                             "calendar"));
  ca_test_run_for (200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s",
                                             "schedule"));
  view = ca_window_get_schedule_view (f->window);
  g_assert_true (ca_test_wait_until (schedule_listed, view, 10000));

  /* Pressed over search results: they close, and My Schedule prints */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL));
  gtk_editable_set_text (GTK_EDITABLE (ca_test_find_widget (GTK_WIDGET (f->window),
                                                            GTK_TYPE_SEARCH_ENTRY)), "summit");
  ca_test_run_for (400);
  g_assert_true (ca_test_press_shortcut (ca_test_find_widget (GTK_WIDGET (f->window),
                                                              GTK_TYPE_SEARCH_ENTRY),
                                         "<Control>p"));
  ca_test_run_for (100);
  g_assert_false (gtk_search_bar_get_search_mode (f->window->search_bar));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->view_stack), ==, "schedule");
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (f->window));
  g_assert_nonnull (dialog);
  g_assert_true (CA_IS_PRINT_DIALOG (dialog));
  /* From today on: the three upcoming starred events, not the past one, nor the
   * event not starred */
  g_assert_cmpuint (ca_print_dialog_get_n_events (CA_PRINT_DIALOG (dialog)), ==, 3);
  adw_dialog_force_close (dialog);
  ca_test_run_for (100);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.print", NULL));
  ca_test_run_for (100);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->view_stack), ==, "schedule");
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (f->window));
  g_assert_true (CA_IS_PRINT_DIALOG (dialog));
  g_assert_cmpuint (ca_print_dialog_get_n_events (CA_PRINT_DIALOG (dialog)), ==, 3);
  adw_dialog_force_close (dialog);
  ca_test_run_for (100);
}

int
main (int   argc,
      char *argv[])
{
  ca_test_require_display ();

  g_setenv ("XDG_DATA_HOME", "/nonexistent/ca-test-data-home", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/schedule-view/listed-with-clashes", Fixture, NULL,
              fixture_set_up, test_listed_with_clashes, fixture_tear_down);
  g_test_add ("/schedule-view/empty", Fixture, NULL,
              fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/schedule-view/print", Fixture, NULL,
              fixture_set_up, test_print, fixture_tear_down);
  return g_test_run ();
}
