/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-notifier"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ca-change.h"
#include "ca-notifier.h"
#include "ca-store.h"
#include "ca-sync.h"
#include "ca-test-notify-daemon.h"
#include "ca-test-server.h"

/*
 * Reminders go out as real GNotifications: a GApplication on a private session bus
 * (GTestDBus) sends them, and GIO hands them to org.freedesktop.Notifications, which a
 * notification daemon of this test owns on that bus, recording what it is told. The
 * clock is the test's: ca_notifier_check_at().
 */

/* One bus for the process: GIO's session bus connection is a singleton */
static GTestDBus *bus;
static CaTestNotifyDaemon *notify_daemon;

typedef struct {
  GPtrArray       *shown;
  char            *dir;
  CaStore         *store;
  GApplication    *app;
  GSettings       *settings;
} Fixture;


static void
start_bus (void)
{
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  notify_daemon = ca_test_notify_daemon_new (g_test_dbus_get_bus_address (bus));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint n_apps;
  g_autofree char *feed_path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                      "default-feed.json", NULL);
  g_autofree char *store_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *app_id = g_strdup_printf ("io.github.clusteratlas.NotifierTest%u.P%d",
                                             ++n_apps, (int) getpid ());
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  f->shown = ca_test_notify_daemon_get_shown (notify_daemon);
  g_ptr_array_set_size (f->shown, 0);
  f->dir = g_dir_make_tmp ("ca-notifier-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (f->dir, "atlas.db", NULL);
  f->store = ca_store_open (store_path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (feed_path, &contents, &length, &error));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_true (ca_store_ensure_builtin (f->store, bytes, &error));

  f->app = g_application_new (app_id, G_APPLICATION_DEFAULT_FLAGS);
  g_assert_true (g_application_register (f->app, NULL, &error));
  g_assert_no_error (error);
  f->settings = g_settings_new ("io.github.clusteratlas.ClusterAtlas");
  g_settings_reset (f->settings, "notifications");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *store_path = g_build_filename (f->dir, "atlas.db", NULL);

  g_clear_object (&f->settings);
  g_clear_object (&f->app);
  g_clear_object (&f->store);
  g_unlink (store_path);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
wait_shown (Fixture *f,
            guint    n)
{
  ca_test_notify_daemon_wait (notify_daemon, n);
}

static gint64
utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);
  return g_date_time_to_unix (dt);
}

/* "Founding meeting…" starts 2012-01-17 13:00 Europe/Sofia (11:00 UTC) */
#define MEETING_START utc (2012, 1, 17, 11, 0)

static void
test_starred_reminded (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CaNotifier) notifier = ca_notifier_new (f->app, f->store, f->settings);
  g_autoptr(GError) error = NULL;

  /* Not starred: nothing */
  g_assert_cmpuint (ca_notifier_check_at (notifier, MEETING_START - 3600), ==, 0);

  g_assert_true (ca_store_set_starred (f->store, "builtin", "gtme-founding-meeting-2012", TRUE,
                                       &error));
  g_assert_cmpuint (ca_notifier_check_at (notifier, MEETING_START - 2 * 86400), ==, 0);
  g_assert_cmpuint (ca_notifier_check_at (notifier, MEETING_START - 86400), ==, 1);
  wait_shown (f, 1);
  g_assert_cmpuint (f->shown->len, ==, 1);
  g_assert_true (g_str_has_prefix (f->shown->pdata[0],
                                   "Founding meeting of the Cluster Green Technology and Mechanical "
                                   "Engineering|Tomorrow: 17 January 2012"));
  /* Clicking it opens the event: its default action */
  g_assert_nonnull (strstr (f->shown->pdata[0], "|default,"));

  /* Sent once */
  g_assert_cmpuint (ca_notifier_check_at (notifier, MEETING_START - 86400 + 60), ==, 0);
  g_assert_cmpuint (ca_notifier_check_at (notifier, MEETING_START - 3600 + 30), ==, 1);
  wait_shown (f, 2);
  g_assert_cmpuint (f->shown->len, ==, 2);
  g_assert_nonnull (strstr (f->shown->pdata[1], "|Starting soon: 17 January 2012"));
  g_assert_cmpuint (ca_notifier_check_at (notifier, MEETING_START + 60), ==, 0);
}

/* The preference off: nothing goes out, and it is sent when it is back on */
static void
test_preference_off (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CaNotifier) notifier = ca_notifier_new (f->app, f->store, f->settings);
  g_autoptr(GError) error = NULL;

  g_assert_true (ca_store_set_starred (f->store, "builtin", "gtme-founding-meeting-2012", TRUE,
                                       &error));
  g_settings_set_boolean (f->settings, "notifications", FALSE);
  g_assert_cmpuint (ca_notifier_check_at (notifier, MEETING_START - 3600), ==, 0);
  wait_shown (f, 0);
  g_assert_cmpuint (f->shown->len, ==, 0);

  g_settings_set_boolean (f->settings, "notifications", TRUE);
  g_assert_cmpuint (ca_notifier_check_at (notifier, MEETING_START - 3600), ==, 1);
  wait_shown (f, 1);
  g_assert_cmpuint (f->shown->len, ==, 1);
}

/* {{{ What a sync did to My Schedule: one notification */

#define FEED_HEAD \
  "{\"format\": \"cluster-feed\", \"version\": 1," \
  " \"publisher\": {\"name\": \"Notifier Test\"}," \
  " \"clusters\": [{\"id\": \"ict\", \"name\": \"ICT Cluster\"}],"

/* v1; v2 moves the conference a day, cancels the workshop and renames the webinar
 * (not starred); v3 moves the conference back */
static const char *const feeds[] = {
  FEED_HEAD " \"events\": ["
  "  {\"id\": \"conf\", \"title\": \"Cluster Summit\", \"kind\": \"conference\","
  "   \"start\": \"2026-03-26T10:00:00+02:00\", \"end\": \"2026-03-26T17:00:00+02:00\","
  "   \"city\": \"Sofia\"},"
  "  {\"id\": \"workshop\", \"title\": \"Cluster Workshop\", \"kind\": \"workshop\","
  "   \"start\": \"2026-03-26T14:00:00+02:00\", \"end\": \"2026-03-26T15:00:00+02:00\","
  "   \"city\": \"Sofia\"},"
  "  {\"id\": \"webinar\", \"title\": \"Webinar\", \"kind\": \"webinar\","
  "   \"start\": \"2026-05-05T10:00:00Z\", \"online\": true}"
  " ]}",
  FEED_HEAD " \"events\": ["
  "  {\"id\": \"conf\", \"title\": \"Cluster Summit\", \"kind\": \"conference\","
  "   \"start\": \"2026-03-27T10:00:00+02:00\", \"end\": \"2026-03-27T17:00:00+02:00\","
  "   \"city\": \"Sofia\"},"
  "  {\"id\": \"workshop\", \"title\": \"Cluster Workshop\", \"kind\": \"workshop\","
  "   \"start\": \"2026-03-26T14:00:00+02:00\", \"end\": \"2026-03-26T15:00:00+02:00\","
  "   \"city\": \"Sofia\", \"status\": \"cancelled\"},"
  "  {\"id\": \"webinar\", \"title\": \"Webinar Renamed\", \"kind\": \"webinar\","
  "   \"start\": \"2026-05-05T10:00:00Z\", \"online\": true}"
  " ]}",
  FEED_HEAD " \"events\": ["
  "  {\"id\": \"conf\", \"title\": \"Cluster Summit\", \"kind\": \"conference\","
  "   \"start\": \"2026-03-26T10:00:00+02:00\", \"end\": \"2026-03-26T17:00:00+02:00\","
  "   \"city\": \"Sofia\"},"
  "  {\"id\": \"workshop\", \"title\": \"Cluster Workshop\", \"kind\": \"workshop\","
  "   \"start\": \"2026-03-26T14:00:00+02:00\", \"end\": \"2026-03-26T15:00:00+02:00\","
  "   \"city\": \"Sofia\", \"status\": \"cancelled\"},"
  "  {\"id\": \"webinar\", \"title\": \"Webinar Renamed\", \"kind\": \"webinar\","
  "   \"start\": \"2026-05-05T10:00:00Z\", \"online\": true}"
  " ]}",
};

typedef struct {
  guint         version;
  CaSyncResult *result;
} Served;

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Served *served = user_data;
  g_autoptr(GBytes) body = g_bytes_new_static (feeds[served->version],
                                               strlen (feeds[served->version]));

  ca_test_server_reply (msg, "application/json", body);
}

static void
sync_version (CaSync     *sync,
              const char *url,
              Served     *served,
              guint       version)
{
  g_autoptr(GError) error = NULL;

  served->version = version;
  g_clear_pointer (&served->result, ca_sync_result_free);
  served->result = ca_sync_feed_wait (sync, url, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (served->result);
}

/* A real sync over HTTP that moves one starred event and cancels another, and
 * changes an event that is not starred: one notification, for the two starred;
 * with the setting off, none */
static void
test_sync_one_notification (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(CaNotifier) notifier = ca_notifier_new (f->app, f->store, f->settings);
  Served served = { 0, NULL };
  g_autoptr(CaTestServer) server = ca_test_server_new (serve, &served);
  g_autofree char *url = ca_test_server_dup_url (server, "feed.json");
  g_autoptr(CaSync) sync = ca_sync_new (f->store);
  g_autoptr(GError) error = NULL;
  gint64 since;

  ca_store_add_feed (f->store, url, &error);
  g_assert_no_error (error);
  sync_version (sync, url, &served, 0);
  g_assert_true (ca_store_set_starred (f->store, url, "conf", TRUE, &error));
  g_assert_true (ca_store_set_starred (f->store, url, "workshop", TRUE, &error));
  wait_shown (f, 0);
  g_ptr_array_set_size (f->shown, 0);

  since = g_get_real_time () / G_USEC_PER_SEC;
  sync_version (sync, url, &served, 1);
  g_assert_true (ca_notifier_sync_done (notifier, since));
  wait_shown (f, 1);
  g_assert_cmpuint (f->shown->len, ==, 1);
  g_assert_true (g_str_has_prefix (f->shown->pdata[0], "2 starred events changed|"));
  g_assert_nonnull (strstr (f->shown->pdata[0], "Cluster Summit"));
  g_assert_nonnull (strstr (f->shown->pdata[0], "Cluster Workshop"));
  g_assert_null (strstr (f->shown->pdata[0], "Webinar"));
  /* Clicking it opens the window (app.show-changes) */
  g_assert_nonnull (strstr (f->shown->pdata[0], "|default,"));

  /* The same sync asked again (a second window): still the one notification, not one
   * per event, and it replaces the first */
  {
    guint32 first = ca_test_notify_daemon_get_last_id (notify_daemon);

    g_ptr_array_set_size (f->shown, 0);
    g_assert_true (ca_notifier_sync_done (notifier, since));
    wait_shown (f, 2);
    g_assert_cmpuint (f->shown->len, ==, 1);
    g_assert_true (g_str_has_prefix (f->shown->pdata[0], "2 starred events changed|"));
    g_assert_cmpuint (ca_test_notify_daemon_get_last_replaced (notify_daemon), ==, first);
  }
  g_ptr_array_set_size (f->shown, 0);

  /* Off: the next sync that moves a starred event tells nothing */
  g_settings_set_boolean (f->settings, "notifications", FALSE);
  since = g_get_real_time () / G_USEC_PER_SEC;
  sync_version (sync, url, &served, 2);
  g_assert_false (ca_notifier_sync_done (notifier, since));
  wait_shown (f, 1);
  g_assert_cmpuint (f->shown->len, ==, 0);

  g_clear_pointer (&served.result, ca_sync_result_free);
  ca_test_server_stop (server);
}

/* One moved starred event: titled by it, the move in the body; changes of events not
 * starred, or of projects, decide nothing */
static void
test_sync_decision (void)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GNotification) none = NULL;
  g_autoptr(GNotification) one = NULL;
  CaChange *plain = ca_change_new ();
  CaChange *project = ca_change_new ();
  CaChange *moved = ca_change_new ();
  CaChange *again = ca_change_new ();

  plain->kind = CA_CHANGE_EVENT;
  plain->feed = g_strdup ("f");
  plain->record_id = g_strdup ("plain");
  plain->action = CA_CHANGE_CHANGED;
  plain->fields = CA_CHANGE_FIELD_START;
  plain->new.title = g_strdup ("Not Starred");
  g_ptr_array_add (changes, plain);
  project->kind = CA_CHANGE_PROJECT;
  project->feed = g_strdup ("f");
  project->record_id = g_strdup ("p");
  project->action = CA_CHANGE_REMOVED;
  project->starred = TRUE;
  g_ptr_array_add (changes, project);
  none = ca_notifier_sync_notification (changes);
  g_assert_null (none);

  moved->kind = CA_CHANGE_EVENT;
  moved->feed = g_strdup ("f");
  moved->record_id = g_strdup ("conf");
  moved->action = CA_CHANGE_CHANGED;
  moved->fields = CA_CHANGE_FIELD_STATUS;
  moved->starred = TRUE;
  moved->old.title = g_strdup ("Cluster Summit");
  moved->new.title = g_strdup ("Cluster Summit");
  moved->new.status = CA_EVENT_STATUS_CANCELLED;
  g_ptr_array_add (changes, moved);
  /* the same event in a second entry of the same sync counts once */
  again->kind = CA_CHANGE_EVENT;
  again->feed = g_strdup ("f");
  again->record_id = g_strdup ("conf");
  again->action = CA_CHANGE_CHANGED;
  again->fields = CA_CHANGE_FIELD_VENUE;
  again->starred = TRUE;
  again->new.title = g_strdup ("Cluster Summit");
  g_ptr_array_add (changes, again);
  one = ca_notifier_sync_notification (changes);
  g_assert_nonnull (one);
}

/* Starring an event that overlaps a starred one tells, naming the other */
static void
test_star_clash (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CaNotifier) notifier = ca_notifier_new (f->app, f->store, f->settings);
  Served served = { 0, NULL };
  g_autoptr(CaTestServer) server = ca_test_server_new (serve, &served);
  g_autofree char *url = ca_test_server_dup_url (server, "feed.json");
  g_autoptr(CaSync) sync = ca_sync_new (f->store);
  g_autoptr(GError) error = NULL;

  ca_store_add_feed (f->store, url, &error);
  g_assert_no_error (error);
  sync_version (sync, url, &served, 0);
  g_assert_true (ca_store_set_starred (f->store, url, "webinar", TRUE, &error));
  g_assert_false (ca_notifier_star_added (notifier, url, "webinar"));
  g_assert_true (ca_store_set_starred (f->store, url, "conf", TRUE, &error));
  g_assert_false (ca_notifier_star_added (notifier, url, "conf"));
  g_assert_true (ca_store_set_starred (f->store, url, "workshop", TRUE, &error));
  g_assert_true (ca_notifier_star_added (notifier, url, "workshop"));
  wait_shown (f, 1);
  g_assert_cmpuint (f->shown->len, ==, 1);
  g_assert_cmpstr (f->shown->pdata[0], ==, "Cluster Workshop|Clashes with Cluster Summit|default,");

  g_clear_pointer (&served.result, ca_sync_result_free);
  ca_test_server_stop (server);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  start_bus ();

  g_test_add ("/notifier/starred-reminded", Fixture, NULL,
              fixture_set_up, test_starred_reminded, fixture_tear_down);
  g_test_add ("/notifier/preference-off", Fixture, NULL,
              fixture_set_up, test_preference_off, fixture_tear_down);
  g_test_add ("/notifier/sync/one-notification", Fixture, NULL,
              fixture_set_up, test_sync_one_notification, fixture_tear_down);
  g_test_add_func ("/notifier/sync/decision", test_sync_decision);
  g_test_add ("/notifier/star-clash", Fixture, NULL,
              fixture_set_up, test_star_clash, fixture_tear_down);
  status = g_test_run ();

  g_clear_pointer (&notify_daemon, ca_test_notify_daemon_free);
  /* GIO's notification backend keeps the session bus, which _down() would wait
   * for; the bus object stays, reachable, to the end */
  g_test_dbus_stop (bus);
  return status;
}
