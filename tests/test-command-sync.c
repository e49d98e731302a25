/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-command-sync"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "ca-store.h"
#include "ca-sync-private.h"
#include "ca-test-app.h"
#include "ca-test-core.h"
#include "ca-test-drip-server.h"
#include "ca-test-feed.h"
#include "ca-test-server.h"
#include "ca-test-site.h"
#include "ca-text.h"

/*
 * --add-feed, --remove-feed, --list-feeds and --sync run as the real binary
 * against a SoupServer in this process, on a store in a temporary XDG_DATA_HOME;
 * and a kill -9 in the middle of an import leaves the previous data whole.
 */

typedef struct {
  char         *data_home;
  CaTestServer *server;
  char         *url;
  GBytes       *feed;          /* what the server sends; NULL: 404 */
  GBytes       *calendar;      /* what it sends for a path ending .ics; NULL: 404 */
  char         *etag;
  GMainLoop    *loop;
  char         *out;
  char         *err;
  int           status;
  gboolean      signaled;
} Fixture;

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Fixture *fx = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);

  if (g_str_has_suffix (path, ".ics"))
    {
      if (fx->calendar == NULL)
        soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      else
        ca_test_server_reply (msg, "text/calendar; charset=utf-8", fx->calendar);
      return;
    }
  if (fx->feed == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  if (fx->etag != NULL &&
      g_strcmp0 (soup_message_headers_get_one (request, "If-None-Match"), fx->etag) == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  ca_test_server_reply (msg, "application/json", fx->feed);
  if (fx->etag != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag",
                                  fx->etag);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->data_home = g_dir_make_tmp ("ca-cli-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fx->server = ca_test_server_new (serve, fx);
  fx->url = ca_test_server_dup_url (fx->server, "feed.json");
  fx->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  ca_test_server_stop (fx->server);
  g_clear_object (&fx->server);
  g_clear_pointer (&fx->feed, g_bytes_unref);
  g_clear_pointer (&fx->calendar, g_bytes_unref);
  g_clear_pointer (&fx->loop, g_main_loop_unref);
  ca_test_remove_tree (fx->data_home);
  g_free (fx->data_home);
  g_free (fx->url);
  g_free (fx->etag);
  g_free (fx->out);
  g_free (fx->err);
}

static CaTestApp
app_of (Fixture *fx)
{
  return (CaTestApp) { .data_home = fx->data_home, .debug = "ca-sync" };
}

static GSubprocess *
spawn_app (Fixture    *fx,
           const char *arg)
{
  const char *args[] = { arg, NULL };
  CaTestApp app = app_of (fx);

  return ca_test_app_spawn (&app, args);
}

/* Runs the app to its end while this process serves the feed */
static int
run_app_args (Fixture           *fx,
              const char *const *args)
{
  CaTestApp app = app_of (fx);

  g_clear_pointer (&fx->out, g_free);
  g_clear_pointer (&fx->err, g_free);
  return ca_test_app_run (&app, args, &fx->out, &fx->err);
}

static int
run_app (Fixture    *fx,
         const char *arg)
{
  const char *args[] = { arg, NULL };

  return run_app_args (fx, args);
}

static CaStore *
open_store (Fixture *fx)
{
  g_autofree char *path = g_build_filename (fx->data_home, "cluster-atlas", "atlas.db", NULL);
  g_autoptr(GError) error = NULL;
  CaStore *store = ca_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_null (ca_store_get_moved_aside (store));
  return store;
}

static void
test_add_list_sync_remove (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *add = g_strconcat ("--add-feed=", fx->url, NULL);
  g_autofree char *remove = g_strconcat ("--remove-feed=", fx->url, NULL);

  /* Refusals */
  g_assert_cmpint (run_app (fx, "--add-feed=http://example.org/feed.json"), ==, 1);
  ca_test_assert_contains (fx->err, "Only secure addresses (https://) are accepted");
  g_assert_cmpint (run_app (fx, "--add-feed=gopher://example.org/"), ==, 1);
  ca_test_assert_contains (fx->err, "“gopher:” are not supported");

  g_assert_cmpint (run_app (fx, add), ==, 0);
  ca_test_assert_contains (fx->out, "added");
  g_assert_cmpint (run_app (fx, "--list-feeds"), ==, 0);
  ca_test_assert_contains (fx->out, fx->url);
  ca_test_assert_contains (fx->out, "Last sync: never");

  fx->feed = ca_test_feed_build (&(CaTestFeedSpec) {
    .tag = "v1", .n_clusters = 2, .big_clusters = TRUE, .n_events = 3, .bad_event = TRUE });
  fx->etag = g_strdup ("\"v1\"");
  g_assert_cmpint (run_app (fx, "--sync"), ==, 0);
  ca_test_assert_contains (fx->out, "updated ");
  ca_test_assert_contains (fx->out, "2 clusters, 60 members, 0 projects, 3 events (3 events added, "
                            "0 changed, 0 removed); 1 warning\n");
  ca_test_assert_contains (fx->out, "events[3].start");

  g_assert_cmpint (run_app (fx, "--sync"), ==, 0);
  ca_test_assert_contains (fx->out, "unchanged ");

  g_assert_cmpint (run_app (fx, "--list-feeds"), ==, 0);
  ca_test_assert_contains (fx->out, "Title: Publisher v1");
  ca_test_assert_contains (fx->out, "2 clusters, 60 members, 0 projects, 3 events; 1 warning");
  g_assert_null (strstr (fx->out, "Last sync: never"));

  /* A failing feed: exit 1, its error listed, its records kept */
  g_clear_pointer (&fx->feed, g_bytes_unref);
  g_clear_pointer (&fx->etag, g_free);
  g_assert_cmpint (run_app (fx, "--sync"), ==, 1);
  ca_test_assert_contains (fx->out, "failed ");
  ca_test_assert_contains (fx->out, "HTTP 404");
  g_assert_cmpint (run_app (fx, "--list-feeds"), ==, 0);
  ca_test_assert_contains (fx->out, "Last error: There is no feed at this address");
  {
    g_autoptr(CaStore) store = open_store (fx);
    g_assert_cmpuint (ca_test_count_events (store, "v1"), ==, 3);
  }

  g_assert_cmpint (run_app (fx, remove), ==, 0);
  g_assert_cmpint (run_app (fx, remove), ==, 1);
  ca_test_assert_contains (fx->err, "no such feed");
  g_assert_cmpint (run_app (fx, "--sync"), ==, 0);
  ca_test_assert_contains (fx->out, "No feeds to sync");
  {
    g_autoptr(CaStore) store = open_store (fx);
    g_assert_cmpuint (ca_test_count_events (store, ""), ==, 0);
  }
}

/* {{{ Deadlines and interruptions */

#define DRIPPED_HEADERS "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" \
                        "Content-Length: 2\r\n\r\n{}"

/* A drip server's feed, added and synced once: v1, three events */
static CaTestDripServer *
drip_feed_v1 (Fixture *fx)
{
  CaTestDripServer *drip = ca_test_drip_server_new ();
  g_autofree char *add = g_strconcat ("--add-feed=", ca_test_drip_server_get_url (drip), NULL);
  g_autoptr(GBytes) v1 = ca_test_feed_build (&(CaTestFeedSpec) {
    .tag = "v1", .n_clusters = 1, .n_events = 3 });

  g_assert_cmpint (run_app (fx, add), ==, 0);
  ca_test_drip_server_serve_whole (drip, v1);
  g_assert_cmpint (run_app (fx, "--sync"), ==, 0);
  ca_test_assert_contains (fx->out, "updated ");
  return drip;
}

/* v1 still there, the lock free, and the next sync brings v2 */
static void
assert_kept_and_free (Fixture          *fx,
                      CaTestDripServer *drip)
{
  const char *url = ca_test_drip_server_get_url (drip);
  g_autoptr(GBytes) v2 = ca_test_feed_build (&(CaTestFeedSpec) {
    .tag = "v2", .n_clusters = 1, .n_events = 5 });

  {
    g_autoptr(CaStore) store = open_store (fx);
    g_autofree char *lock_path = _ca_sync_lock_path (store, url);
    int fd;

    g_assert_cmpuint (ca_test_count_events (store, "v1"), ==, 3);
    fd = g_open (lock_path, O_RDWR);
    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
    close (fd);
  }
  ca_test_drip_server_serve_whole (drip, v2);
  g_assert_cmpint (run_app (fx, "--sync"), ==, 0);
  {
    g_autoptr(CaStore) store = open_store (fx);
    g_assert_cmpuint (ca_test_count_events (store, "v2"), ==, 5);
  }
}

/* --timeout=3 against headers dripped a byte a second: over in about 3 s */
static void
test_timeout (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(CaTestDripServer) drip = drip_feed_v1 (fx);
  const char *args[] = { "--sync", "--timeout=3", NULL };
  const char *zero[] = { "--sync", "--timeout=0", NULL };
  const char *word[] = { "--sync", "--timeout=soon", NULL };
  gint64 started, elapsed;

  ca_test_drip_server_serve_drip (drip, DRIPPED_HEADERS, 1000);
  started = g_get_monotonic_time ();
  g_assert_cmpint (run_app_args (fx, args), ==, 1);
  elapsed = g_get_monotonic_time () - started;
  g_test_message ("--sync --timeout=3 ended after %.1f s", elapsed / 1e6);
  g_assert_cmpint (elapsed, <, 5500 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (ca_test_drip_server_get_dripped (drip), >=, 2);
  ca_test_assert_contains (fx->out, "failed ");
  ca_test_assert_contains (fx->out, "127.0.0.1 sent its headers too slowly: gave up after 3 s");
  g_assert_null (strstr (fx->out, "Could not reach"));
  g_assert_cmpint (run_app (fx, "--list-feeds"), ==, 0);
  ca_test_assert_contains (fx->out, "Last error: 127.0.0.1 sent its headers too slowly: gave up after 3 s");
  assert_kept_and_free (fx, drip);

  g_assert_cmpint (run_app_args (fx, zero), ==, 2);
  ca_test_assert_contains (fx->err, "--timeout takes a number of seconds greater than 0");
  g_assert_cmpint (run_app_args (fx, word), ==, 2);
  ca_test_assert_contains (fx->err, "--timeout takes a number of seconds greater than 0");
}

static void
process_waited (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  Fixture *fx = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), res, NULL);
  g_main_loop_quit (fx->loop);
}

/* SIGTERM and Ctrl+C (SIGINT) in the middle of a download: the app ends at once,
 * says so, exits 128 + the signal's number; lock released, data kept */
static void
test_signal (Fixture       *fx,
             gconstpointer  data)
{
  int signum = GPOINTER_TO_INT (data);
  g_autoptr(CaTestDripServer) drip = drip_feed_v1 (fx);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) out = NULL, err = NULL;
  g_autofree char *err_text = NULL;
  gint64 deadline, signalled;

  /* The default deadline, two minutes: only the signal can end it soon */
  ca_test_drip_server_serve_drip (drip, DRIPPED_HEADERS, 1000);
  process = spawn_app (fx, "--sync");
  g_subprocess_wait_async (process, NULL, process_waited, fx);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (ca_test_drip_server_get_dripped (drip) < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (20 * 1000);
  g_assert_cmpuint (ca_test_drip_server_get_dripped (drip), >=, 2);

  signalled = g_get_monotonic_time ();
  g_subprocess_send_signal (process, signum);
  g_main_loop_run (fx->loop);
  g_test_message ("ended %.2f s after the signal", (g_get_monotonic_time () - signalled) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - signalled, <, 2 * G_USEC_PER_SEC);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 128 + signum);
  err = g_input_stream_read_bytes (g_subprocess_get_stderr_pipe (process), 64 * 1024, NULL, NULL);
  g_assert_nonnull (err);
  err_text = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));
  ca_test_assert_contains (err_text, signum == SIGINT ? "Interrupted (Ctrl+C): the sync was stopped"
                                              : "Terminated (SIGTERM): the sync was stopped");
  /* The cancel is no failure of the feed's */
  g_assert_cmpint (run_app (fx, "--list-feeds"), ==, 0);
  g_assert_null (strstr (fx->out, "Last error"));
  assert_kept_and_free (fx, drip);
}

/* The title is the publisher's name, which a feed need not give: synced, such a
 * feed is not "(not synced yet)" */
static void
test_list_without_publisher (Fixture       *fx,
                             gconstpointer  data)
{
  static const char feed[] =
    "{\"format\": \"cluster-feed\", \"version\": 1,"
    " \"clusters\": [{\"id\": \"a\", \"name\": \"A cluster\"}]}";
  g_autofree char *add = g_strconcat ("--add-feed=", fx->url, NULL);

  g_assert_cmpint (run_app (fx, add), ==, 0);
  g_assert_cmpint (run_app (fx, "--list-feeds"), ==, 0);
  ca_test_assert_contains (fx->out, "Title: (not synced yet)");
  fx->feed = g_bytes_new_static (feed, sizeof feed - 1);
  g_assert_cmpint (run_app (fx, "--sync"), ==, 0);
  g_assert_cmpint (run_app (fx, "--list-feeds"), ==, 0);
  g_assert_null (strstr (fx->out, "not synced yet"));
  ca_test_assert_contains (fx->out, "Title: (the feed names no publisher)");
  ca_test_assert_contains (fx->out, "1 cluster, 0 members, 0 projects, 0 events");
}

/* }}} */

/* {{{ kill -9 */

typedef struct {
  Fixture          *fx;
  GSubprocess      *process;
  GDataInputStream *err;         /* the child's stdout, where GLib prints debug messages */
  gboolean          importing;
  gboolean          done;
} Kill;

static gboolean
kill_now (gpointer user_data)
{
  Kill *kill = user_data;

  g_subprocess_send_signal (kill->process, SIGKILL);
  return G_SOURCE_REMOVE;
}

static void
line_read (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  Kill *kill = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                      res, NULL, NULL);

  if (line == NULL)
    return;
  if (!kill->importing && strstr (line, "Importing ") != NULL)
    {
      /* Well inside an import that takes over a second */
      kill->importing = TRUE;
      g_timeout_add (150, kill_now, kill);
    }
  g_data_input_stream_read_line_async (kill->err, G_PRIORITY_DEFAULT, NULL, line_read, kill);
}

static void
waited (GObject      *source,
        GAsyncResult *res,
        gpointer      user_data)
{
  Kill *kill = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), res, NULL);
  kill->done = TRUE;
  g_main_loop_quit (kill->fx->loop);
}

static void
test_kill_during_import (Fixture       *fx,
                         gconstpointer  data)
{
  g_autofree char *add = g_strconcat ("--add-feed=", fx->url, NULL);
  g_autoptr(GSubprocess) process = NULL;
  Kill kill = { fx, NULL, NULL, FALSE, FALSE };

  g_assert_cmpint (run_app (fx, add), ==, 0);
  fx->feed = ca_test_feed_build (&(CaTestFeedSpec) {
    .tag = "v1", .n_clusters = 3, .big_clusters = TRUE, .n_events = 5 });
  g_assert_cmpint (run_app (fx, "--sync"), ==, 0);

  /* About 40 MiB: its import takes well over a second */
  g_clear_pointer (&fx->feed, g_bytes_unref);
  fx->feed = ca_test_feed_build (&(CaTestFeedSpec) {
    .tag = "v2", .n_clusters = 3200, .big_clusters = TRUE, .n_events = 20000 });
  process = spawn_app (fx, "--sync");
  kill.process = process;
  kill.err = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_data_input_stream_read_line_async (kill.err, G_PRIORITY_DEFAULT, NULL, line_read, &kill);
  g_subprocess_wait_async (process, NULL, waited, &kill);
  g_main_loop_run (fx->loop);
  g_assert_true (kill.importing);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
  g_clear_object (&kill.err);

  /* Next start: the previous data whole */
  {
    g_autoptr(CaStore) store = open_store (fx);
    g_autoptr(CaFeedInfo) info = ca_store_get_feed_info (store, fx->url, NULL);

    g_assert_cmpuint (ca_test_count_events (store, "v1"), ==, 5);
    g_assert_cmpuint (info->n_clusters, ==, 3);
  }

  /* and the sync simply done again */
  g_assert_cmpint (run_app (fx, "--sync"), ==, 0);
  ca_test_assert_contains (fx->out, "3200 clusters, 96000 members, 0 projects, 20000 events");
  {
    g_autoptr(CaStore) store = open_store (fx);
    g_assert_cmpuint (ca_test_count_events (store, "v2"), ==, 20000);
  }
}

/* }}} */

/* --add-feed gives each bad address its own message and adds nothing; the same feed
 * written another way (the server's name in capitals, the default port, no path)
 * is not added twice */
static void
test_add_feed_refusals (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fx->data_home, "a-folder", NULL);
  g_autofree char *missing = g_build_filename (fx->data_home, "missing.json", NULL);
  g_autofree char *add_folder = g_strconcat ("--add-feed=", folder, NULL);
  g_autofree char *add_missing = g_strconcat ("--add-feed=", missing, NULL);
  g_autofree char *home_hint = g_strdup_printf ("give the whole path, as %s/…", g_get_home_dir ());
  const struct { const char *arg; const char *message; } refused[] = {
    { "--add-feed=https://exa mple.org/feed.json", "The server name “exa mple.org” has a space in it." },
    { "--add-feed=", "Enter the address of a feed." },
    { "--add-feed=   ", "Enter the address of a feed." },
    { "--add-feed=ftp://example.org/feed.json", "Addresses starting with “ftp:” are not supported" },
    { "--add-feed=~/feed.json", "“~/feed.json” starts with ~, which was not expanded to the home folder" },
    { "--add-feed=~/feed.json", home_hint },
    { add_missing, "No such file or directory" },
    { add_folder, "is a folder, not a file." },
  };

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_cmpint (run_app (fx, refused[i].arg), ==, 1);
      ca_test_assert_contains (fx->err, refused[i].message);
    }
  g_assert_cmpint (run_app (fx, "--list-feeds"), ==, 0);
  g_assert_null (strstr (fx->out, "exa mple"));
  g_assert_null (strstr (fx->out, "missing.json"));
  g_assert_null (strstr (fx->out, "a-folder"));

  g_assert_cmpint (run_app (fx, "--add-feed=https://example.org"), ==, 0);
  ca_test_assert_contains (fx->out, "https://example.org/: added");
  g_assert_cmpint (run_app (fx, "--add-feed=HTTPS://Example.ORG:443/"), ==, 0);
  ca_test_assert_contains (fx->out, "https://example.org/: already subscribed");
}

/* {{{ Calendar subscriptions */

/* A calendar of five events inside the sync window, wherever the clock stands: a
 * weekly series of four from next week on, and one meeting */
static char *
calendar_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, 7);
  g_autofree char *start = g_date_time_format (day, "%Y%m%dT100000Z");
  g_autofree char *other = g_date_time_format (day, "%Y%m%dT150000Z");

  return g_strdup_printf ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
                          "X-WR-CALNAME:Събития\r\n"
                          "BEGIN:VEVENT\r\nUID:weekly\r\nDTSTART:%s\r\n"
                          "RRULE:FREQ=WEEKLY;COUNT=4\r\nSUMMARY:Седмична среща\r\n"
                          "END:VEVENT\r\n"
                          "BEGIN:VEVENT\r\nUID:once\r\nDTSTART:%s\r\nSUMMARY:Workshop\r\n"
                          "END:VEVENT\r\nEND:VCALENDAR\r\n", start, other);
}

static CaFeedInfo *
feed_info (Fixture    *fx,
           const char *key)
{
  g_autoptr(CaStore) store = open_store (fx);

  return ca_store_get_feed_info (store, key, NULL);
}

/* --add-feed=URL --cluster=ID files a calendar's events under a cluster of the offline
 * data; an id no cluster has is refused and adds nothing; --cluster-name makes a new
 * cluster; webcal:// is https://, and a webcal address without a cluster is refused */
static void
test_add_calendar (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *add_json = g_strconcat ("--add-feed=", fx->url, NULL);
  g_autofree char *base = ca_test_server_dup_url (fx->server, "");
  g_autofree char *cal = g_strconcat (base, "cal.ics", NULL);
  g_autofree char *named = g_strconcat (base, "named.ics", NULL);
  g_autofree char *typo = g_strconcat (base, "typo.ics", NULL);
  g_autofree char *add_cal = g_strconcat ("--add-feed=", cal, NULL);
  g_autofree char *add_named = g_strconcat ("--add-feed=", named, NULL);
  g_autofree char *add_typo = g_strconcat ("--add-feed=", typo, NULL);
  g_autofree char *text = calendar_text ();
  g_autoptr(CaFeedInfo) info = NULL;

  fx->feed = ca_test_feed_build (&(CaTestFeedSpec) { .tag = "v1", .n_clusters = 2, .n_events = 3 });
  fx->calendar = g_bytes_new (text, strlen (text));
  g_assert_cmpint (run_app (fx, add_json), ==, 0);
  g_assert_cmpint (run_app (fx, "--sync"), ==, 0);

  /* A cluster that is there */
  g_assert_cmpint (run_app_args (fx, (const char *[]) { add_cal, "--cluster=c1", NULL }), ==, 0);
  ca_test_assert_contains (fx->out, ": added as the calendar of ");
  info = feed_info (fx, cal);
  g_assert_nonnull (info);
  g_assert_cmpint (info->kind, ==, CA_FEED_KIND_ICS);
  g_assert_cmpstr (info->cluster_id, ==, "c1");
  g_assert_cmpstr (info->cluster_feed, ==, fx->url);
  g_assert_null (info->cluster_name);
  g_clear_pointer (&info, ca_feed_info_free);

  /* One no cluster has: refused, nothing added */
  g_assert_cmpint (run_app_args (fx, (const char *[]) { add_typo, "--cluster=c9", NULL }), ==, 1);
  ca_test_assert_contains (fx->err, "No cluster has the id “c9”");
  g_assert_null (feed_info (fx, typo));
  /* …before the address is looked at: an address that cannot be looked at now is
   * not said to be "added as given" ahead of the refusal */
  g_assert_cmpint (run_app_args (fx, (const char *[]) { "--add-feed=https://calendar.invalid/x.ics",
                                                        "--cluster=c9", NULL }), ==, 1);
  ca_test_assert_contains (fx->err, "No cluster has the id “c9”");
  g_assert_null (strstr (fx->err, "added as given"));
  g_assert_null (feed_info (fx, "https://calendar.invalid/x.ics"));

  /* A new cluster, named */
  g_assert_cmpint (run_app_args (fx, (const char *[]) { add_named, "--cluster-name=Конференции",
                                                        NULL }), ==, 0);
  ca_test_assert_contains (fx->out, ": added as the calendar of Конференции");
  info = feed_info (fx, named);
  g_assert_nonnull (info);
  g_assert_cmpint (info->kind, ==, CA_FEED_KIND_ICS);
  g_assert_cmpstr (info->cluster_name, ==, "Конференции");
  g_assert_cmpstr (info->cluster_feed, ==, named);
  g_clear_pointer (&info, ca_feed_info_free);
  g_assert_cmpint (run_app_args (fx, (const char *[]) { add_typo, "--cluster=c1",
                                                        "--cluster-name=Both", NULL }), ==, 2);
  ca_test_assert_contains (fx->err, "do not go together");
  g_assert_null (feed_info (fx, typo));

  /* Both calendars synced: four occurrences and one event each, in their clusters */
  g_assert_cmpint (run_app (fx, "--sync"), ==, 0);
  ca_test_assert_contains (fx->out, "5 events (5 events added");
  {
    g_autoptr(CaStore) store = open_store (fx);
    g_autoptr(CaFeedInfo) synced = ca_store_get_feed_info (store, named, NULL);

    CaEventQuery query = CA_EVENT_QUERY_INIT;
    g_autoptr(GPtrArray) events = ca_test_list_events (store, &query);
    guint weekly = 0;

    for (guint i = 0; i < events->len; i++)
      {
        g_autofree char *title = ca_text_display (CA_EVENT (events->pdata[i])->title);
        weekly += g_str_equal (title, "Седмична среща");
      }
    g_assert_cmpuint (weekly, ==, 8);
    g_assert_cmpuint (synced->n_events, ==, 5);
    g_assert_cmpuint (synced->n_clusters, ==, 1);
    g_assert_null (synced->last_error);
  }

  /* webcal:// is https:// */
  g_assert_cmpint (run_app_args (fx, (const char *[]) { "--add-feed=webcal://example.org/events.ics",
                                                        "--cluster=c0", NULL }), ==, 0);
  ca_test_assert_contains (fx->out, "https://example.org/events.ics: added as the calendar of ");
  info = feed_info (fx, "https://example.org/events.ics");
  g_assert_nonnull (info);
  g_assert_cmpint (info->kind, ==, CA_FEED_KIND_ICS);
  g_clear_pointer (&info, ca_feed_info_free);

  /* …and says whose events it holds */
  g_assert_cmpint (run_app (fx, "--add-feed=webcal://example.org/other.ics"), ==, 2);
  ca_test_assert_contains (fx->err, "is a calendar: say whose events it holds with --cluster=ID");
  g_assert_null (feed_info (fx, "https://example.org/other.ics"));
}

/* --validate-feed reads a calendar by its content: a good one gives its counts and
 * exit 0; a file named .ics that is no calendar is rejected in calendar terms */
static void
test_validate_calendar (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *good = g_build_filename (fx->data_home, "good.ics", NULL);
  g_autofree char *bad = g_build_filename (fx->data_home, "bad.ics", NULL);
  g_autofree char *validate_good = g_strconcat ("--validate-feed=", good, NULL);
  g_autofree char *validate_bad = g_strconcat ("--validate-feed=", bad, NULL);
  g_autofree char *text = calendar_text ();

  g_assert_true (g_file_set_contents (good, text, -1, NULL));
  g_assert_true (g_file_set_contents (bad, "{\"format\": \"cluster-feed\"}\n", -1, NULL));

  g_assert_cmpint (run_app (fx, validate_good), ==, 0);
  ca_test_assert_contains (fx->out, "0 clusters, 0 projects, 5 events, 0 warnings\n");
  g_assert_cmpint (run_app (fx, validate_bad), ==, 1);
  ca_test_assert_contains (fx->err, "bad.ics: rejected: This is not an iCalendar calendar: "
                                    "it does not begin with “BEGIN:VCALENDAR”");
}

/* }}} */

/* --add-feed=PAGE --cluster=ID: the page's head announces the calendar, and the
 * calendar is what is subscribed to; a page that announces none adds nothing */
static void
test_add_calendar_from_page (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(CaTestServer) site = ca_test_site_new ();
  g_autofree char *page = ca_test_server_dup_url (site, "");
  g_autofree char *calendar = ca_test_server_dup_url (site, "events/?ical=1");
  g_autofree char *none = ca_test_server_dup_url (site, "none/");
  g_autofree char *add_page = g_strconcat ("--add-feed=", page, NULL);
  g_autofree char *add_none = g_strconcat ("--add-feed=", none, NULL);
  g_autofree char *expected = g_strdup_printf ("Subscribed to %s, announced by %s, as the "
                                               "calendar of ", calendar, page);
  const char *none_args[] = { add_none, "--cluster=ict-cluster", NULL };
  const char *page_args[] = { add_page, "--cluster=ict-cluster", NULL };
  g_autoptr(CaStore) store = NULL;
  g_autoptr(CaFeedInfo) info = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;

  /* The built-in feed has the cluster */
  g_assert_cmpint (run_app (fx, "--list-feeds"), ==, 0);
  store = open_store (fx);
  ca_test_load_builtin (store);
  g_clear_object (&store);

  g_assert_cmpint (run_app_args (fx, none_args), ==, 1);
  ca_test_assert_contains (fx->err, "is a web page that announces no calendar");
  g_assert_cmpint (run_app_args (fx, page_args), ==, 0);
  ca_test_assert_contains (fx->out, expected);
  /* Only the page was read */
  g_assert_cmpuint (ca_test_site_get_calendar_hits (site), ==, 0);

  store = open_store (fx);
  feeds = ca_store_list_feeds (store, &error);
  g_assert_no_error (error);
  /* The built-in feed and the calendar: neither page */
  g_assert_cmpuint (feeds->len, ==, 2);
  g_assert_false (ca_store_has_feed (store, page));
  g_assert_false (ca_store_has_feed (store, none));
  info = ca_store_get_feed_info (store, calendar, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->kind, ==, CA_FEED_KIND_ICS);
  g_assert_cmpstr (info->cluster_id, ==, "ict-cluster");
  g_clear_object (&store);

  /* And it syncs as a calendar */
  g_assert_cmpint (run_app (fx, "--sync"), ==, 0);
  ca_test_assert_contains (fx->out, "updated");
  g_assert_cmpuint (ca_test_site_get_calendar_hits (site), ==, 1);
  store = open_store (fx);
  g_clear_pointer (&info, ca_feed_info_free);
  info = ca_store_get_feed_info (store, calendar, &error);
  g_assert_no_error (error);
  g_assert_null (info->last_error);
  g_assert_cmpuint (info->n_events, >, 0);

  ca_test_server_stop (site);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/command-sync/add-list-sync-remove", Fixture, NULL,
              fixture_set_up, test_add_list_sync_remove, fixture_tear_down);
  g_test_add ("/command-sync/kill-during-import", Fixture, NULL,
              fixture_set_up, test_kill_during_import, fixture_tear_down);
  g_test_add ("/command-sync/timeout", Fixture, NULL,
              fixture_set_up, test_timeout, fixture_tear_down);
  g_test_add ("/command-sync/sigterm", Fixture, GINT_TO_POINTER (SIGTERM),
              fixture_set_up, test_signal, fixture_tear_down);
  g_test_add ("/command-sync/sigint", Fixture, GINT_TO_POINTER (SIGINT),
              fixture_set_up, test_signal, fixture_tear_down);
  g_test_add ("/command-sync/add-feed-refusals", Fixture, NULL,
              fixture_set_up, test_add_feed_refusals, fixture_tear_down);
  g_test_add ("/command-sync/add-calendar", Fixture, NULL,
              fixture_set_up, test_add_calendar, fixture_tear_down);
  g_test_add ("/command-sync/validate-calendar", Fixture, NULL,
              fixture_set_up, test_validate_calendar, fixture_tear_down);
  g_test_add ("/command-sync/list-without-publisher", Fixture, NULL,
              fixture_set_up, test_list_without_publisher, fixture_tear_down);
  g_test_add ("/command-sync/add-calendar-from-page", Fixture, NULL,
              fixture_set_up, test_add_calendar_from_page, fixture_tear_down);

  return g_test_run ();
}
