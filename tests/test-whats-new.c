/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-whats-new"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "ca-agenda-item.h"
#include "ca-agenda-row.h"
#include "ca-application.h"
#include "ca-calendar-view.h"
#include "ca-event-page.h"
#include "ca-month-chip.h"
#include "ca-schedule-view.h"
#include "ca-store.h"
#include "ca-sync.h"
#include "ca-sync-manager.h"
#include "ca-test-change-feeds.h"
#include "ca-test-notify-daemon.h"
#include "ca-test-server.h"
#include "ca-test-util.h"
#include "ca-whats-new.h"
#include "ca-window-private.h"
#include "ca-window.h"

/*
 * The change log where people look, in the real application and window: a real
 * SoupServer serves a feed's v1, synced before the app starts, with one event
 * starred; the window then syncs v2 (ca-test-change-feeds.h). The toast names the
 * starred event's move; the agenda's rows, the month grid's chips and the event
 * page show the marks; opening the event clears its mark; What's New lists the
 * changes starred first, its badge counting what the store counts; Mark All as
 * Seen clears every mark.
 */

/* The process's own session bus (GIO keeps one connection to it), with a
 * notification daemon that records what it is told */
static GTestDBus *bus;
static CaTestNotifyDaemon *notify_daemon;

typedef struct {
  char          *data_home;
  char          *store_path;
  CaTestServer  *server;
  char          *url;
  int            version;
  CaApplication *app;
  CaWindow      *window;
} Fixture;

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Fixture *fx = user_data;
  const char *text = fx->version == 1 ? feed_v1 : feed_v2;
  const char *etag = fx->version == 1 ? "\"v1\"" : "\"v2\"";
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
  if (g_strcmp0 (soup_message_headers_get_one (request, "If-None-Match"), etag) == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  ca_test_server_reply (msg, "application/json", body);
}

static void
iterate (guint n)
{
  for (guint i = 0; i < n; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* v1 in the store, "conf" starred, before the app starts; then the app and window */
static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  static guint n_started;
  g_autofree char *app_id = g_strdup_printf ("io.github.clusteratlas.TestWhatsNew%u.P%d",
                                             ++n_started, (int) getpid ());
  g_autoptr(GError) error = NULL;

  fx->data_home = g_dir_make_tmp ("ca-whats-new-XXXXXX", NULL);
  fx->store_path = g_build_filename (fx->data_home, "cluster-atlas", "atlas.db", NULL);
  fx->server = ca_test_server_new (serve, fx);
  fx->url = ca_test_server_dup_url (fx->server, "feed.json");
  fx->version = 1;

  {
    g_autofree char *dir = g_path_get_dirname (fx->store_path);
    g_autoptr(CaStore) store = NULL;
    g_autoptr(CaSync) sync = NULL;

    g_mkdir_with_parents (dir, 0700);
    store = ca_store_open (fx->store_path, &error);
    g_assert_no_error (error);
    g_assert_true (ca_store_add_feed (store, fx->url, &error));
    sync = ca_sync_new (store);
    {
      g_autoptr(CaSyncResult) result = ca_sync_feed_wait (sync, fx->url, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (result);
    }
    g_assert_true (ca_store_set_starred (store, fx->url, "conf", TRUE, &error));
    g_assert_no_error (error);
  }

  /* The starred "conf" moves in v2, which sends My Schedule's notification: off but
   * where a test asks for it (/whats-new/notified) */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.clusteratlas.ClusterAtlas");
    g_settings_set_boolean (settings, "notifications", FALSE);
  }

  fx->app = ca_application_new ();
  ca_application_set_store_path (fx->app, fx->store_path);
  g_application_set_application_id (G_APPLICATION (fx->app), app_id);
  /* Registered on this process's bus, as the app is on a desktop: GIO sends its
   * notifications over that connection (an id of its own per test) */
  g_application_register (G_APPLICATION (fx->app), NULL, &error);
  g_assert_no_error (error);
  fx->window = CA_WINDOW (ca_test_application_activate (fx->app));
  iterate (50);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  ca_test_application_close (fx->app);
  ca_test_server_stop (fx->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fx->app);
  g_clear_object (&fx->server);
  ca_test_remove_tree (fx->data_home);
  g_free (fx->data_home);
  g_free (fx->store_path);
  g_free (fx->url);
}

/* {{{ Reading what the window shows */

typedef gboolean (*Condition) (Fixture *fx);

static void
wait_until_at (int        line,
               Fixture   *fx,
               Condition  condition)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!condition (fx))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("line %d: waited 20 s in vain", line);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}
#define wait_until(fx, condition) wait_until_at (__LINE__, fx, condition)

static gboolean
label_has_prefix (GtkWidget     *widget,
                  gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

/* The text of the first visible label under root starting with prefix, or NULL */
static const char *
label_starting (GtkWidget  *root,
                const char *prefix)
{
  GtkWidget *label = ca_test_find_widget_where (root, label_has_prefix, prefix);

  return label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static gboolean
is_shown_tag (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "ca-change-tag") &&
         gtk_widget_get_visible (widget);
}

/* The word of the mark shown under root, or NULL */
static const char *
shown_mark (GtkWidget *root)
{
  GtkWidget *tag = ca_test_find_widget_where (root, is_shown_tag, NULL);

  return tag != NULL ? gtk_label_get_text (GTK_LABEL (tag)) : NULL;
}

static gboolean
is_row_of (GtkWidget     *widget,
           gconstpointer  title)
{
  CaAgendaItem *item;

  if (!CA_IS_AGENDA_ROW (widget))
    return FALSE;
  item = ca_agenda_row_get_item (CA_AGENDA_ROW (widget));
  return item != NULL && ca_agenda_item_get_kind (item) == CA_AGENDA_ITEM_EVENT &&
         g_strcmp0 (ca_agenda_item_get_title (item), title) == 0;
}

static GtkWidget *
agenda_row (Fixture    *fx,
            const char *title)
{
  return ca_test_find_widget_where (GTK_WIDGET (ca_window_get_calendar_view (fx->window)),
                                    is_row_of, title);
}

static const char *
agenda_mark (Fixture    *fx,
             const char *title)
{
  GtkWidget *row = agenda_row (fx, title);

  g_assert_nonnull (row);
  return shown_mark (row);
}

static gboolean
is_chip_of (GtkWidget     *widget,
            gconstpointer  title)
{
  return CA_IS_MONTH_CHIP (widget) &&
         g_strcmp0 (ca_month_chip_get_text (CA_MONTH_CHIP (widget)), title) == 0;
}

static const char *
chip_mark (Fixture    *fx,
           int         month,
           const char *title)
{
  CaCalendarView *view = ca_window_get_calendar_view (fx->window);
  GtkWidget *chip;

  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  ca_calendar_view_show_month (view, 2026, month);
  /* The grid makes its days on its next frame */
  while ((chip = ca_test_find_widget_where (GTK_WIDGET (view), is_chip_of, title)) == NULL &&
         g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_nonnull (chip);
  return ca_month_chip_get_mark_text (CA_MONTH_CHIP (chip));
}

static guint
store_unseen (Fixture *fx)
{
  CaChangeQuery query = CA_CHANGE_QUERY_INIT;
  g_autoptr(GError) error = NULL;
  guint n = G_MAXUINT;

  query.unseen_only = TRUE;
  g_assert_true (ca_store_count_changes (ca_application_get_store (fx->app), &query, &n,
                                         &error));
  g_assert_no_error (error);
  return n;
}

static gboolean
toast_shown (Fixture *fx)
{
  return label_starting (GTK_WIDGET (fx->window), "National Cluster Conference moved to") != NULL;
}

static gboolean
three_unseen (Fixture *fx)
{
  return store_unseen (fx) == 3;
}

/* Mark All as Seen done: written on a worker thread, then the badge cleared */
static gboolean
badge_cleared (Fixture *fx)
{
  return ca_whats_new_get_unseen_count (fx->window->whats_new) == 0 &&
         !ca_whats_new_is_loading (fx->window->whats_new);
}

static gboolean
count_read (Fixture *fx)
{
  return !ca_whats_new_is_loading (fx->window->whats_new) &&
         ca_whats_new_get_unseen_count (fx->window->whats_new) == store_unseen (fx);
}

static gboolean
list_read (Fixture *fx)
{
  return !ca_whats_new_is_loading (fx->window->whats_new) &&
         g_list_model_get_n_items (ca_whats_new_get_model (fx->window->whats_new)) > 0;
}

static gboolean
agenda_filled (Fixture *fx)
{
  return agenda_row (fx, "National Cluster Conference") != NULL &&
         agenda_row (fx, "Export Academy") != NULL;
}

/* The Calendar's agenda, past events shown (the feed's dates are in 2026), filled */
static CaCalendarView *
show_agenda (Fixture *fx)
{
  CaCalendarView *view;

  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.show-view", "s", "calendar");
  view = ca_window_get_calendar_view (fx->window);
  ca_calendar_view_set_visible_view (view, "agenda");
  ca_calendar_view_set_show_past (view, TRUE);
  wait_until (fx, agenda_filled);
  return view;
}

static gboolean
conf_mark_gone (Fixture *fx)
{
  return agenda_mark (fx, "National Cluster Conference") == NULL;
}

static GtkWidget *
badge_button (Fixture *fx)
{
  return ca_test_find_widget (GTK_WIDGET (fx->window->whats_new), GTK_TYPE_MENU_BUTTON);
}

static gboolean
is_badge (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "ca-badge");
}

static GtkWidget *
badge (Fixture *fx)
{
  return ca_test_find_widget_where (GTK_WIDGET (fx->window->whats_new), is_badge, NULL);
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)),
                                              label) == 0;
}

/* }}} */

static void
test_marks (Fixture       *fx,
            gconstpointer  data)
{
  CaCalendarView *view;
  GListModel *model;
  GtkWidget *page, *mark_all;
  const char *toast;

  /* Nothing unseen before: a feed's first import logs nothing */
  ca_test_wait_for_syncs (fx->app);
  wait_until (fx, count_read);
  g_assert_cmpuint (ca_whats_new_get_unseen_count (fx->window->whats_new), ==, 0);
  g_assert_false (gtk_widget_get_visible (badge (fx)));
  gtk_test_accessible_assert_property (badge_button (fx), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "What’s New");

  /* The window syncs v2: the toast names the starred event's move, not counts */
  fx->version = 2;
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.sync", NULL);
  iterate (5);
  ca_test_wait_for_syncs (fx->app);
  wait_until (fx, toast_shown);
  toast = label_starting (GTK_WIDGET (fx->window), "National Cluster Conference moved to");
  g_assert_true (g_str_has_prefix (toast, "National Cluster Conference moved to 27 March"));
  g_assert_true (g_str_has_suffix (toast, ", and 4 more changes"));

  /* The badge counts what the store counts, and its button says so */
  wait_until (fx, count_read);
  g_assert_cmpuint (store_unseen (fx), ==, 5);
  g_assert_cmpuint (ca_whats_new_get_unseen_count (fx->window->whats_new), ==, 5);
  g_assert_true (gtk_widget_get_visible (badge (fx)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge (fx))), ==, "5");
  gtk_test_accessible_assert_property (badge_button (fx), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "What’s New, 5 unseen changes");

  /* The agenda's rows (past events shown: the feed's dates are in 2026) */
  view = show_agenda (fx);
  g_assert_cmpstr (agenda_mark (fx, "National Cluster Conference"), ==, "Moved");
  g_assert_cmpstr (agenda_mark (fx, "Innovation Forum"), ==, "Online now");
  g_assert_cmpstr (agenda_mark (fx, "Cluster Workshop"), ==, "Cancelled");
  g_assert_cmpstr (agenda_mark (fx, "Export Academy"), ==, "New");
  g_assert_null (agenda_mark (fx, "Steady Webinar"));
  g_assert_null (agenda_row (fx, "Board Meeting"));

  /* The month grid's chips */
  ca_calendar_view_set_visible_view (view, "month");
  g_assert_cmpstr (chip_mark (fx, 3, "National Cluster Conference"), ==, "Moved");
  g_assert_cmpstr (chip_mark (fx, 4, "Innovation Forum"), ==, "Online now");
  g_assert_cmpstr (chip_mark (fx, 4, "Cluster Workshop"), ==, "Cancelled");
  g_assert_cmpstr (chip_mark (fx, 5, "Export Academy"), ==, "New");
  g_assert_null (chip_mark (fx, 5, "Steady Webinar"));

  /* The event page says what changed, and opening it clears the mark */
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.show-event", "(ss)",
                              fx->url, "forum");
  iterate (10);
  page = ca_test_find_widget (GTK_WIDGET (view), CA_TYPE_EVENT_PAGE);
  g_assert_nonnull (page);
  g_assert_cmpstr (shown_mark (page), ==, "Online now");
  g_assert_cmpstr (label_starting (page, "Venue: "), ==, "Venue: Plovdiv Fair, Plovdiv → Online");

  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.show-event", "(ss)",
                              fx->url, "conf");
  iterate (10);
  g_assert_cmpstr (shown_mark (page), ==, "Moved");
  g_assert_nonnull (label_starting (page, "Moved from 26 March 2026"));
  g_assert_nonnull (strstr (label_starting (page, "Moved from 26 March 2026"), " to 27 March 2026"));
  /* marked seen on a worker thread, then counted again */
  wait_until (fx, three_unseen);
  wait_until (fx, count_read);
  g_assert_cmpuint (store_unseen (fx), ==, 3);
  g_assert_cmpuint (ca_whats_new_get_unseen_count (fx->window->whats_new), ==, 3);
  gtk_test_accessible_assert_property (badge_button (fx), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "What’s New, 3 unseen changes");
  g_assert_null (chip_mark (fx, 3, "National Cluster Conference"));
  g_assert_null (chip_mark (fx, 4, "Innovation Forum"));
  g_assert_cmpstr (chip_mark (fx, 4, "Cluster Workshop"), ==, "Cancelled");
  ca_calendar_view_set_visible_view (view, "agenda");
  wait_until (fx, conf_mark_gone);
  g_assert_cmpstr (agenda_mark (fx, "Cluster Workshop"), ==, "Cancelled");
  /* Seen is seen: shown again, the page has no news */
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.show-event", "(ss)",
                              fx->url, "forum");
  iterate (10);
  g_assert_null (shown_mark (page));

  /* What's New: the last sync's changes, the starred event's first, then the feed's */
  ca_whats_new_popup (fx->window->whats_new);
  wait_until (fx, list_read);
  model = ca_whats_new_get_model (fx->window->whats_new);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 7);
  {
    g_autoptr(GObject) first = g_list_model_get_item (model, 0);
    g_autoptr(GObject) second = g_list_model_get_item (model, 1);
    g_autoptr(GObject) third = g_list_model_get_item (model, 2);

    g_assert_true (GTK_IS_STRING_OBJECT (first));
    g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (first)), ==, "Starred");
    g_assert_true (CA_IS_CHANGE (second));
    g_assert_cmpstr (CA_CHANGE (second)->record_id, ==, "conf");
    g_assert_true (GTK_IS_STRING_OBJECT (third));
    g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (third)), ==,
                     "Changes Test");
    for (guint i = 3; i < 7; i++)
      {
        g_autoptr(GObject) item = g_list_model_get_item (model, i);

        g_assert_true (CA_IS_CHANGE (item));
        g_assert_false (CA_CHANGE (item)->starred);
      }
  }
  /* Its rows show the marks and the titles */
  g_assert_true (ca_test_wait_text (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (badge_button (fx)))),
                                    "Export Academy", 2000) != NULL);

  /* Mark All as Seen: no mark anywhere, no count */
  mark_all = ca_test_find_widget_where (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (badge_button (fx)))),
                                        is_button_labelled, "_Mark All as Seen");
  g_assert_nonnull (mark_all);
  g_signal_emit_by_name (mark_all, "clicked");
  wait_until (fx, badge_cleared);
  g_assert_cmpuint (store_unseen (fx), ==, 0);
  g_assert_cmpuint (ca_whats_new_get_unseen_count (fx->window->whats_new), ==, 0);
  g_assert_false (gtk_widget_get_visible (badge (fx)));
  gtk_test_accessible_assert_property (badge_button (fx), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "What’s New");
  ca_whats_new_popdown (fx->window->whats_new);
  g_assert_null (agenda_mark (fx, "Cluster Workshop"));
  g_assert_null (agenda_mark (fx, "Export Academy"));
  ca_calendar_view_set_visible_view (view, "month");
  g_assert_null (chip_mark (fx, 4, "Cluster Workshop"));
  g_assert_null (chip_mark (fx, 5, "Export Academy"));
}

/* The sync notification's default action (app.show-changes) opens it, as the toast's
 * "What's New" (win.whats-new) does; with nothing new, What's New says so */
static void
test_empty (Fixture       *fx,
            gconstpointer  data)
{
  GtkPopover *popover;

  ca_test_wait_for_syncs (fx->app);
  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "show-changes", NULL);
  iterate (10);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (badge_button (fx)));
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_nonnull (ca_test_wait_text (GTK_WIDGET (popover), "No Changes", 5000));
  g_assert_nonnull (label_starting (GTK_WIDGET (popover), "Synced "));
}

/* From a sync in the window to the notification: the window syncs v2, which moves the
 * starred "conf"; the application, told by the sync manager that the sync is over,
 * decides (ca_notifier_sync_done) and sends one notification naming the event, which
 * the notification daemon on this test's bus receives. Off, the same sync sends none. */
static void
test_notified (Fixture       *fx,
               gconstpointer  data)
{
  GPtrArray *shown = ca_test_notify_daemon_get_shown (notify_daemon);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.clusteratlas.ClusterAtlas");

  /* The start-up sync finds v1 unchanged: nothing to tell */
  ca_test_wait_for_syncs (fx->app);
  ca_test_notify_daemon_wait (notify_daemon, 1);
  g_assert_cmpuint (shown->len, ==, 0);

  g_settings_set_boolean (settings, "notifications", TRUE);
  fx->version = 2;
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.sync", NULL);
  iterate (5);
  ca_test_wait_for_syncs (fx->app);
  ca_test_notify_daemon_wait (notify_daemon, 2);
  g_assert_cmpuint (shown->len, ==, 1);
  g_assert_true (g_str_has_prefix (shown->pdata[0], "National Cluster Conference|"));
  /* Its default action opens What's New (app.show-changes) */
  g_assert_nonnull (strstr (shown->pdata[0], "|default,"));
  g_ptr_array_set_size (shown, 0);
}

/* An event's changes seen on My Schedule's own page leave the Calendar too: the
 * window hears of them from any event page (win.changes-seen) */
static void
test_seen_from_schedule (Fixture       *fx,
                         gconstpointer  data)
{
  ca_test_wait_for_syncs (fx->app);
  fx->version = 2;
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.sync", NULL);
  iterate (5);
  ca_test_wait_for_syncs (fx->app);

  show_agenda (fx);
  g_assert_cmpstr (agenda_mark (fx, "National Cluster Conference"), ==, "Moved");

  /* "conf" is starred: My Schedule opens it on its own page */
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.show-view", "s", "schedule");
  g_assert_true (ca_schedule_view_show_event (ca_window_get_schedule_view (fx->window),
                                              fx->url, "conf"));
  wait_until (fx, conf_mark_gone);
  g_assert_cmpuint (store_unseen (fx), ==, 4);
  g_assert_cmpstr (agenda_mark (fx, "Cluster Workshop"), ==, "Cancelled");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  ca_test_require_display ();
  /* Before anything connects to the session bus. GTestDBus unsets the display's
   * variables, which GTK needs: they are put back. */
  {
    g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
    g_autofree char *runtime_dir = g_strdup (g_getenv ("XDG_RUNTIME_DIR"));

    bus = g_test_dbus_new (G_TEST_DBUS_NONE);
    g_test_dbus_up (bus);
    if (display != NULL)
      g_setenv ("DISPLAY", display, TRUE);
    if (runtime_dir != NULL)
      g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  }
  notify_daemon = ca_test_notify_daemon_new (g_test_dbus_get_bus_address (bus));
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/whats-new/marks", Fixture, NULL, fixture_set_up, test_marks,
              fixture_tear_down);
  g_test_add ("/whats-new/empty", Fixture, NULL, fixture_set_up, test_empty,
              fixture_tear_down);
  g_test_add ("/whats-new/notified", Fixture, NULL, fixture_set_up, test_notified,
              fixture_tear_down);
  g_test_add ("/whats-new/seen-from-schedule", Fixture, NULL, fixture_set_up,
              test_seen_from_schedule, fixture_tear_down);

  status = g_test_run ();
  g_clear_pointer (&notify_daemon, ca_test_notify_daemon_free);
  /* GIO keeps its session bus connection, which _down() would wait for */
  g_test_dbus_stop (bus);
  return status;
}
