/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-discover-ui"

#include "config.h"

#include <gtk/gtk.h>
#include <string.h>
#include <unistd.h>

#include "ca-application.h"
#include "ca-calendar-dialog.h"
#include "ca-calendar-view.h"
#include "ca-cluster-page.h"
#include "ca-feeds-page.h"
#include "ca-month-chip.h"
#include "ca-sync-manager.h"
#include "ca-test-core.h"
#include "ca-test-feed.h"
#include "ca-test-site.h"
#include "ca-test-util.h"
#include "ca-window.h"

/*
 * Calendar subscriptions in the real window under Xvfb, against a cluster's
 * website on a SoupServer (ca-test-site.c): "Add a Calendar…" in Preferences →
 * Feeds given the web page, and the cluster page's "Follow This Cluster's
 * Calendar"; either way the calendar's events are chips in the month grid.
 */

#define FEED_KEY "https://feeds.example/clusters.json"

typedef struct {
  char          *data_home;
  CaApplication *app;
  CaWindow      *window;
  CaTestServer  *site;
  char          *page;
  char          *calendar;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *store_path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(CaStore) store = NULL;
  g_autoptr(GBytes) feed = NULL;
  g_autoptr(GError) error = NULL;

  fx->data_home = g_dir_make_tmp ("ca-discover-ui-XXXXXX", NULL);
  store_path = g_build_filename (fx->data_home, "cluster-atlas", "atlas.db", NULL);
  fx->site = ca_test_site_new ();
  fx->page = ca_test_server_dup_url (fx->site, "");
  fx->calendar = ca_test_server_dup_url (fx->site, "events/?ical=1");

  /* Two clusters whose website is the site */
  dir = g_path_get_dirname (store_path);
  g_mkdir_with_parents (dir, 0700);
  store = ca_store_open (store_path, &error);
  g_assert_no_error (error);
  feed = ca_test_feed_build (&(CaTestFeedSpec) { .tag = "w", .n_clusters = 2, .n_events = 2,
                                                 .website = fx->page });
  ca_test_load_feed (store, FEED_KEY, feed);
  g_clear_object (&store);

  fx->window = ca_test_application_start (&fx->app, store_path);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  ca_test_application_close (fx->app);
  ca_test_server_stop (fx->site);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fx->app);
  g_clear_object (&fx->site);
  ca_test_remove_tree (fx->data_home);
  g_free (fx->data_home);
  g_free (fx->page);
  g_free (fx->calendar);
}

static CaStore *
store (Fixture *fx)
{
  return ca_application_get_store (fx->app);
}

/* The board meeting of Monday 22 June 2026 is a chip in the month grid */
static void
assert_chips (Fixture *fx)
{
  CaCalendarView *view = ca_window_get_calendar_view (fx->window);
  GtkWidget *chip;

  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.show-view", "s", "calendar");
  ca_calendar_view_set_visible_view (view, "month");
  ca_calendar_view_show_month (view, 2026, 6);
  chip = ca_test_wait_text (GTK_WIDGET (view), "Board meeting", 10000);
  g_assert_nonnull (chip);
  g_assert_true (CA_IS_MONTH_CHIP (chip));
  g_assert_nonnull (ca_test_wait_text (GTK_WIDGET (view), "Board meeting (Tuesday this week)",
                                       10000));
}

static gboolean
dialog_settled (gpointer data)
{
  CaCalendarDialog *dialog = data;

  /* Looking at the page makes Add insensitive until it is done */
  return gtk_widget_get_sensitive (GTK_WIDGET (ca_calendar_dialog_get_url_row (dialog)));
}

static guint
cluster_position (CaCalendarDialog *dialog,
                  const char       *name)
{
  GListModel *names = adw_combo_row_get_model (ca_calendar_dialog_get_cluster_row (dialog));

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), name))
      return i;
  g_assert_not_reached ();
}

static void
test_add_calendar (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *none = ca_test_server_dup_url (fx->site, "none/");
  g_autoptr(CaFeedInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  CaCalendarDialog *dialog;
  CaFeedsPage *page;
  GtkWidget *prefs;
  GtkLabel *message;
  guint n_rows;

  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "preferences", NULL);
  prefs = GTK_WIDGET (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (fx->window)));
  page = CA_FEEDS_PAGE (ca_test_find_widget (prefs, CA_TYPE_FEEDS_PAGE));
  g_assert_nonnull (page);
  n_rows = ca_feeds_page_get_rows (page)->len;

  /* The row's action opens the dialog over Preferences */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feeds.add-calendar", NULL));
  dialog = CA_CALENDAR_DIALOG (adw_application_window_get_visible_dialog (
    ADW_APPLICATION_WINDOW (fx->window)));
  g_assert_true (CA_IS_CALENDAR_DIALOG (dialog));
  message = ca_calendar_dialog_get_error (dialog);

  /* Refused as a feed would be, with the reason shown */
  gtk_editable_set_text (GTK_EDITABLE (ca_calendar_dialog_get_url_row (dialog)),
                         "http://example.org/events/");
  ca_calendar_dialog_add (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
  ca_test_assert_contains (gtk_label_get_text (message), "https://");

  /* A new cluster needs a name */
  adw_combo_row_set_selected (ca_calendar_dialog_get_cluster_row (dialog),
                              cluster_position (dialog, "New cluster"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (ca_calendar_dialog_get_name_row (dialog))));
  gtk_editable_set_text (GTK_EDITABLE (ca_calendar_dialog_get_url_row (dialog)), fx->page);
  ca_calendar_dialog_add (dialog);
  ca_test_assert_contains (gtk_label_get_text (message), "Enter a name for the new cluster");

  /* A page that announces nothing */
  adw_combo_row_set_selected (ca_calendar_dialog_get_cluster_row (dialog),
                              cluster_position (dialog, "w cluster 0"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (ca_calendar_dialog_get_name_row (dialog))));
  gtk_editable_set_text (GTK_EDITABLE (ca_calendar_dialog_get_url_row (dialog)), none);
  ca_calendar_dialog_add (dialog);
  g_assert_true (ca_test_wait_until (dialog_settled, dialog, 10000));
  ca_test_assert_contains (gtk_label_get_text (message), "announces no calendar");
  g_assert_false (ca_store_has_feed (store (fx), none));

  /* The cluster's website: the calendar it announces is subscribed and synced */
  g_object_ref (dialog);
  gtk_editable_set_text (GTK_EDITABLE (ca_calendar_dialog_get_url_row (dialog)), fx->page);
  ca_calendar_dialog_add (dialog);
  g_assert_true (ca_test_wait_until (dialog_settled, dialog, 10000));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_object_unref (dialog);
  ca_test_wait_for_syncs (fx->app);
  g_assert_false (ca_store_has_feed (store (fx), fx->page));
  info = ca_store_get_feed_info (store (fx), fx->calendar, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->kind, ==, CA_FEED_KIND_ICS);
  g_assert_cmpstr (info->cluster_feed, ==, FEED_KEY);
  g_assert_cmpstr (info->cluster_id, ==, "c0");
  g_assert_null (info->last_error);
  g_assert_cmpuint (info->n_events, >, 0);
  g_assert_cmpuint (ca_test_site_get_calendar_hits (fx->site), ==, 1);
  /* Listed among the feeds */
  ca_test_run_pending ();
  g_assert_cmpuint (ca_feeds_page_get_rows (page)->len, ==, n_rows + 1);

  adw_dialog_close (ADW_DIALOG (prefs));
  assert_chips (fx);
}

static gboolean
is_follow_button (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_widget_get_name (widget), "follow-calendar") == 0;
}

typedef struct {
  Fixture    *fx;
  GtkWidget  *button;
} Finding;

static gboolean
find_follow (gpointer data)
{
  Finding *finding = data;
  GtkWidget *page = ca_test_find_widget (GTK_WIDGET (finding->fx->window), CA_TYPE_CLUSTER_PAGE);

  finding->button = page != NULL ? ca_test_find_widget_where (page, is_follow_button, NULL)
                                 : NULL;
  return finding->button != NULL;
}

static const char *
button_label (GtkWidget *button)
{
  return adw_button_content_get_label (ADW_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (button))));
}

static void
test_follow (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(CaFeedInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  Finding finding = { fx, NULL };

  /* The cluster page looks at the website in the background */
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.show-cluster", "(ss)",
                              FEED_KEY, "c1");
  g_assert_true (ca_test_wait_until (find_follow, &finding, 10000));
  g_assert_cmpstr (button_label (finding.button), ==, "Follow This Cluster’s Calendar");
  g_assert_true (gtk_widget_get_sensitive (finding.button));
  g_assert_false (ca_store_has_feed (store (fx), fx->calendar));

  g_signal_emit_by_name (finding.button, "clicked");
  ca_test_wait_for_syncs (fx->app);
  info = ca_store_get_feed_info (store (fx), fx->calendar, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->kind, ==, CA_FEED_KIND_ICS);
  g_assert_cmpstr (info->cluster_id, ==, "c1");
  g_assert_null (info->last_error);
  g_assert_cmpuint (info->n_events, >, 0);

  /* Shown again (the window reloads after the sync): following, and the site was
   * read once in the session */
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.show-cluster", "(ss)",
                              FEED_KEY, "c1");
  g_assert_true (ca_test_wait_until (find_follow, &finding, 10000));
  g_assert_cmpstr (button_label (finding.button), ==, "Following This Cluster’s Calendar");
  g_assert_false (gtk_widget_get_sensitive (finding.button));

  assert_chips (fx);
}

int
main (int   argc,
      char *argv[])
{
  ca_test_require_display ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/discover-ui/add-calendar", Fixture, NULL, fixture_set_up, test_add_calendar,
              fixture_tear_down);
  g_test_add ("/discover-ui/follow", Fixture, NULL, fixture_set_up, test_follow,
              fixture_tear_down);

  return g_test_run ();
}
