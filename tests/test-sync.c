/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/file.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ca-store.h"
#include "ca-sync.h"
#include "ca-sync-private.h"
#include "ca-test-core.h"
#include "ca-test-drip-server.h"
#include "ca-test-feed.h"
#include "ca-test-server.h"
#include "ca-text.h"

/*
 * CaSync against a real SoupServer on 127.0.0.1. Every fault first syncs a good
 * feed ("v1", three events), then serves the fault to the same address and checks
 * the message and that the store, opened again from its file, still holds v1.
 */

typedef enum {
  SERVE_V1,
  SERVE_V2,
  SERVE_404,
  SERVE_500,
  SERVE_503,
  SERVE_SILENT,
  SERVE_DRIP,
  SERVE_SLOW_BODY,
  SERVE_TRUNCATED,
  SERVE_HTML,
  SERVE_NOT_JSON,
  SERVE_WRONG_FORMAT,
  SERVE_HUGE,
  SERVE_LOOP,
  SERVE_GZIP,
  SERVE_BAD_RECORD,
  SERVE_TO_HTTP,
  SERVE_SUBSCRIPTION,   /* fixtures/ics/subscription.ics */
  SERVE_SUBSCRIPTION_MOVED, /* the same, the summer fair a day later */
  SERVE_V2_AS_CALENDAR, /* v2 labelled text/calendar */
} Serve;

typedef struct {
  char         *dir;
  char         *path;
  CaStore      *store;
  CaSync       *sync;
  CaTestServer *server;
  CaTestServer *tls_server;
  char         *url;          /* the feed on the server */
  Serve         serve;
  guint         hits;
  char         *user_agent;
  char         *if_none_match;
  guint64       written;      /* body bytes the server sent of SERVE_HUGE/DRIP */
  gboolean      finished;     /* the server's message for SERVE_DRIP/HUGE ended */
  guint         drip_source;
  SoupServerMessage *dripping;
  guint64       max_progress;
  guint         n_progress;
  GCancellable *cancel_on_progress;
  GMainLoop    *loop;
  CaSyncResult *result;
  GError       *error;
  gboolean      calendar;     /* the feed is a calendar subscription (test data != NULL) */
} Fixture;

/* The calendar variant of the tests: the same faults against a subscription */
#define CALENDAR GINT_TO_POINTER (1)

/* v1 has three events, v2 five: both with one cluster */
#define FEED(name, events, bad) \
  ca_test_feed_build (&(CaTestFeedSpec) { .tag = (name), .n_clusters = 1, \
                                          .n_events = (events), .bad_event = (bad) })

/* The same documents as iCalendar: n events "TAG event i" with UIDs e0…, one
 * calendar cluster, and with bad one more VEVENT without DTSTART */
static GBytes *
calendar_build (const char *tag,
                guint       n_events,
                gboolean    bad)
{
  GString *out = g_string_new ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n");

  g_string_append_printf (out, "X-WR-CALNAME:Calendar %s\r\n", tag);
  for (guint i = 0; i < n_events; i++)
    g_string_append_printf (out, "BEGIN:VEVENT\r\nUID:e%u\r\nDTSTART:202603%02uT080000Z\r\n"
                            "DURATION:PT1H\r\nSUMMARY:%s event %u\r\nEND:VEVENT\r\n",
                            i, i + 1, tag, i);
  if (bad)
    g_string_append (out, "BEGIN:VEVENT\r\nUID:bad\r\nSUMMARY:No start\r\nEND:VEVENT\r\n");
  g_string_append (out, "END:VCALENDAR\r\n");
  return g_string_free_to_bytes (out);
}

/* The fixture's document: a JSON feed or a calendar */
#define BODY(fx, name, events, bad) \
  ((fx)->calendar ? calendar_build ((name), (events), (bad)) : FEED ((name), (events), (bad)))
#define BODY_TYPE(fx) ((fx)->calendar ? "text/calendar; charset=utf-8" : "application/json")

/* {{{ The server */

static gboolean
drip_one (gpointer user_data)
{
  Fixture *fx = user_data;

  gboolean slow_body = fx->serve == SERVE_SLOW_BODY;

  if (fx->finished || fx->written > (slow_body ? 1024 * 1024 : 4096))
    {
      fx->drip_source = 0;
      return G_SOURCE_REMOVE;
    }
  /* SERVE_SLOW_BODY: 2 KiB/s, enough for the idle check, never done */
  if (slow_body)
    soup_message_body_append_take (soup_server_message_get_response_body (fx->dripping),
                                   (guchar *) g_strnfill (1024, ' '), 1024);
  else
    soup_message_body_append (soup_server_message_get_response_body (fx->dripping),
                              SOUP_MEMORY_STATIC, "{", 1);
  soup_server_message_unpause (fx->dripping);
  return G_SOURCE_CONTINUE;
}

static void
message_finished (SoupServerMessage *msg,
                  Fixture           *fx)
{
  fx->finished = TRUE;
  if (msg == fx->dripping)
    {
      fx->dripping = NULL;
      g_clear_handle_id (&fx->drip_source, g_source_remove);
    }
}

static void
wrote_body_data (SoupServerMessage *msg,
                 guint              chunk_size,
                 Fixture           *fx)
{
  fx->written += chunk_size;
}

/* Cuts the connection once part of the promised body is out */
static void
wrote_part (SoupServerMessage *msg,
            guint              chunk_size,
            Fixture           *fx)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  fx->written += chunk_size;
  if (fx->written >= 100 && socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Fixture *fx = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) body = NULL;

  fx->hits++;
  g_free (fx->user_agent);
  fx->user_agent = g_strdup (soup_message_headers_get_one (request, "User-Agent"));
  g_free (fx->if_none_match);
  fx->if_none_match = g_strdup (soup_message_headers_get_one (request, "If-None-Match"));

  switch (fx->serve)
    {
    case SERVE_V1:
    case SERVE_V2:
      {
        const char *etag = fx->serve == SERVE_V1 ? "\"v1\"" : "\"v2\"";

        if (g_strcmp0 (fx->if_none_match, etag) == 0)
          {
            soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
            soup_message_headers_replace (response, "ETag", etag);
            return;
          }
        body = BODY (fx, fx->serve == SERVE_V1 ? "v1" : "v2", fx->serve == SERVE_V1 ? 3 : 5, FALSE);
        ca_test_server_reply (msg, BODY_TYPE (fx), body);
        soup_message_headers_replace (response, "ETag", etag);
      }
      break;
    case SERVE_V2_AS_CALENDAR:
      body = BODY (fx, "v2", 5, FALSE);
      ca_test_server_reply (msg, "text/calendar; charset=utf-8", body);
      break;
    case SERVE_404:
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      break;
    case SERVE_500:
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      break;
    case SERVE_503:
      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_message_headers_replace (response, "Retry-After", "3600");
      break;
    case SERVE_SILENT:
      soup_server_message_pause (msg);
      break;
    case SERVE_DRIP:
    case SERVE_SLOW_BODY:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (response, "application/json", NULL);
      fx->dripping = msg;
      g_signal_connect (msg, "finished", G_CALLBACK (message_finished), fx);
      g_signal_connect (msg, "wrote-body-data", G_CALLBACK (wrote_body_data), fx);
      fx->drip_source = g_timeout_add (500, drip_one, fx);
      soup_server_message_pause (msg);
      break;
    case SERVE_TRUNCATED:
      body = BODY (fx, "v2", 5, FALSE);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (response, "application/json", NULL);
      soup_message_headers_set_content_length (response, g_bytes_get_size (body));
      /* Half the body, then the connection goes */
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_COPY,
                                g_bytes_get_data (body, NULL), g_bytes_get_size (body) / 2);
      g_signal_connect (msg, "wrote-body-data", G_CALLBACK (wrote_part), fx);
      break;
    case SERVE_HTML:
      body = g_bytes_new_static ("<!DOCTYPE html><html><body>Welcome</body></html>", 48);
      ca_test_server_reply (msg, "text/html; charset=utf-8", body);
      break;
    case SERVE_NOT_JSON:
      body = g_bytes_new_static ("{\"format\": \"cluster-feed\", \"version\": 1,", 40);
      ca_test_server_reply (msg, "application/json", body);
      break;
    case SERVE_WRONG_FORMAT:
      body = g_bytes_new_static ("{\"type\": \"FeatureCollection\", \"features\": []}", 45);
      ca_test_server_reply (msg, "application/json", body);
      break;
    case SERVE_HUGE:
      {
        /* 32 MiB without a Content-Length, so only the read can tell */
        SoupMessageBody *out = soup_server_message_get_response_body (msg);

        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
        soup_message_headers_set_content_type (response, "application/json", NULL);
        for (guint i = 0; i < 512; i++)
          soup_message_body_append_take (out, (guchar *) g_strnfill (64 * 1024, ' '), 64 * 1024);
        soup_message_body_complete (out);
        g_signal_connect (msg, "wrote-body-data", G_CALLBACK (wrote_body_data), fx);
        g_signal_connect (msg, "finished", G_CALLBACK (message_finished), fx);
      }
      break;
    case SERVE_LOOP:
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/feed");
      break;
    case SERVE_GZIP:
      {
        g_autoptr(GBytes) plain = BODY (fx, "v2", 5, FALSE);

        body = ca_test_gzip (plain);
        ca_test_server_reply (msg, BODY_TYPE (fx), body);
        soup_message_headers_replace (response, "Content-Encoding", "gzip");
      }
      break;
    case SERVE_BAD_RECORD:
      body = BODY (fx, "v2", 5, TRUE);
      ca_test_server_reply (msg, BODY_TYPE (fx), body);
      break;
    case SERVE_SUBSCRIPTION:
      {
        g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "ics",
                                                          "subscription.ics", NULL);
        g_autoptr(GMappedFile) file = g_mapped_file_new (fixture, FALSE, NULL);

        g_assert_nonnull (file);
        if (g_strcmp0 (fx->if_none_match, "\"cal1\"") == 0)
          {
            soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
            soup_message_headers_replace (response, "ETag", "\"cal1\"");
            return;
          }
        body = g_mapped_file_get_bytes (file);
        ca_test_server_reply (msg, "text/calendar; charset=utf-8", body);
        soup_message_headers_replace (response, "ETag", "\"cal1\"");
      }
      break;
    case SERVE_SUBSCRIPTION_MOVED:
      {
        g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "ics",
                                                          "subscription.ics", NULL);
        g_autofree char *text = NULL;
        GString *moved;

        g_assert_true (g_file_get_contents (fixture, &text, NULL, NULL));
        moved = g_string_new (text);
        g_assert_cmpuint (g_string_replace (moved, "DTSTART;VALUE=DATE:20260701",
                                            "DTSTART;VALUE=DATE:20260702", 1), ==, 1);
        g_assert_cmpuint (g_string_replace (moved, "DTEND;VALUE=DATE:20260703",
                                            "DTEND;VALUE=DATE:20260704", 1), ==, 1);
        body = g_string_free_to_bytes (moved);
        ca_test_server_reply (msg, "text/calendar; charset=utf-8", body);
        soup_message_headers_replace (response, "ETag", "\"cal2\"");
      }
      break;
    case SERVE_TO_HTTP:
      {
        g_autofree char *to = ca_test_server_dup_url (fx->server, "feed");

        soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, to);
      }
      break;
    }
}

/* }}} */

/* {{{ Fixture */

static void
on_progress (CaSync     *sync,
             const char *key,
             guint64     received,
             gint64      total,
             Fixture    *fx)
{
  fx->n_progress++;
  fx->max_progress = MAX (fx->max_progress, received);
  if (fx->cancel_on_progress != NULL && received > 0)
    g_cancellable_cancel (fx->cancel_on_progress);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->calendar = data == CALENDAR;
  fx->dir = g_dir_make_tmp ("ca-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "store.db", NULL);
  fx->store = ca_store_open (fx->path, &error);
  g_assert_no_error (error);
  fx->sync = ca_sync_new (fx->store);
  ca_sync_set_timeouts (fx->sync, 2, 1);
  g_signal_connect (fx->sync, "progress", G_CALLBACK (on_progress), fx);

  fx->server = ca_test_server_new (serve, fx);
  fx->url = ca_test_server_dup_url (fx->server, "feed");
  fx->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_handle_id (&fx->drip_source, g_source_remove);
  g_clear_object (&fx->sync);
  g_clear_object (&fx->store);
  if (fx->server != NULL)
    ca_test_server_stop (fx->server);
  g_clear_object (&fx->server);
  if (fx->tls_server != NULL)
    ca_test_server_stop (fx->tls_server);
  g_clear_object (&fx->tls_server);
  /* Let the cancelled I/O settle */
  while (g_main_context_iteration (NULL, FALSE));
  g_clear_pointer (&fx->loop, g_main_loop_unref);
  g_clear_pointer (&fx->result, ca_sync_result_free);
  g_clear_error (&fx->error);
  g_free (fx->user_agent);
  g_free (fx->if_none_match);
  g_free (fx->url);
  ca_test_remove_tree (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

static void
synced (GObject      *source,
        GAsyncResult *res,
        gpointer      user_data)
{
  Fixture *fx = user_data;

  g_clear_pointer (&fx->result, ca_sync_result_free);
  g_clear_error (&fx->error);
  fx->result = ca_sync_feed_finish (CA_SYNC (source), res, &fx->error);
  g_main_loop_quit (fx->loop);
}

static gboolean
sync_key (Fixture      *fx,
          CaSync       *sync,
          const char   *key,
          GCancellable *cancellable)
{
  fx->max_progress = 0;
  fx->n_progress = 0;
  ca_sync_feed_async (sync, key, cancellable, synced, fx);
  g_main_loop_run (fx->loop);
  return fx->result != NULL;
}

static gboolean
sync_feed (Fixture *fx)
{
  return sync_key (fx, fx->sync, fx->url, NULL);
}

/* The first sync: v1 with its three events */
static void
sync_v1 (Fixture *fx)
{
  g_autoptr(GError) error = NULL;

  if (fx->calendar)
    ca_store_add_calendar (fx->store, fx->url, fx->url, "cal", "Calendar cluster", &error);
  else
    ca_store_add_feed (fx->store, fx->url, &error);
  g_assert_no_error (error);
  fx->serve = SERVE_V1;
  g_assert_true (sync_feed (fx));
  g_assert_no_error (fx->error);
  g_assert_cmpint (fx->result->status, ==, CA_SYNC_UPDATED);
  g_assert_cmpuint (ca_test_count_events (fx->store, "v1"), ==, 3);
}

/* The store, opened again from its file, still holds v1, and the feed shows the error */
static void
assert_v1_kept (Fixture    *fx,
                const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaStore) again = NULL;
  g_autoptr(CaFeedInfo) info = NULL;

  g_assert_null (fx->result);
  g_assert_nonnull (fx->error);
  if (strstr (fx->error->message, message_part) == NULL)
    g_error ("“%s” is not in the message “%s”", message_part, fx->error->message);

  g_assert_cmpuint (ca_test_count_events (fx->store, "v1"), ==, 3);
  again = ca_store_open (fx->path, &error);
  g_assert_no_error (error);
  g_assert_null (ca_store_get_moved_aside (again));
  g_assert_cmpuint (ca_test_count_events (again, "v1"), ==, 3);
  info = ca_store_get_feed_info (again, fx->url, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->n_events, ==, 3);
  g_assert_cmpstr (info->etag, ==, "\"v1\"");
  if (!g_error_matches (fx->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_assert_cmpstr (info->last_error, ==, fx->error->message);
}

static void
fault (Fixture    *fx,
       Serve       what,
       int         code,
       const char *message_part)
{
  sync_v1 (fx);
  fx->serve = what;
  g_assert_false (sync_feed (fx));
  g_assert_error (fx->error, CA_SYNC_ERROR, code);
  assert_v1_kept (fx, message_part);
}

/* }}} */

/* {{{ Tests */

static void
test_url_rules (void)
{
  static const struct {
    const char *text;
    const char *key;      /* NULL: refused */
  } cases[] = {
    { "https://example.org/feed.json", "https://example.org/feed.json" },
    { "  https://example.org/feed.json#top ", "https://example.org/feed.json" },
    { "HTTPS://example.org/f", "https://example.org/f" },
    /* One feed however its server's name is written: case, default port, empty path */
    { "https://Example.ORG/Feed.json", "https://example.org/Feed.json" },
    { "https://example.org:443/feed.json", "https://example.org/feed.json" },
    { "https://example.org", "https://example.org/" },
    { "https://example.org/", "https://example.org/" },
    { "https://exa mple.org/feed.json", NULL },
    { "https://exa%20mple.org/feed.json", NULL },
    { "~/feed.json", NULL },
    { "http://127.0.0.1:8080/feed.json", "http://127.0.0.1:8080/feed.json" },
    { "http://localhost/feed.json", "http://localhost/feed.json" },
    { "http://[::1]:8080/f", "http://[::1]:8080/f" },
    { "http://example.org/feed.json", NULL },
    { "http://10.0.0.1/feed.json", NULL },
    { "ftp://example.org/feed.json", NULL },
    { "javascript:alert(1)", NULL },
    { "https://", NULL },
    { "example.org/feed.json", NULL },
    { "", NULL },
    { "/tmp/feed.json", "file:///tmp/feed.json" },
    { "file:///tmp/feed.json", "file:///tmp/feed.json" },
    { "file://example.org/feed.json", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *key = ca_sync_check_url (cases[i].text, &error);

      g_assert_cmpstr (key, ==, cases[i].key);
      if (cases[i].key == NULL)
        {
          g_assert_error (error, CA_SYNC_ERROR, CA_SYNC_ERROR_BAD_URL);
          g_assert_cmpuint (strlen (error->message), >, 10);
        }
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *key = ca_sync_check_url ("http://example.org/feed.json", &error);

    g_assert_null (key);
    g_assert_nonnull (strstr (error->message, "https://"));
  }
  /* Each its own message */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *key = ca_sync_check_url ("https://exa mple.org/feed.json", &error);

    g_assert_null (key);
    g_assert_cmpstr (error->message, ==, "The server name “exa mple.org” has a space in it.");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *key = ca_sync_check_url ("~/feed.json", &error);
    g_autofree char *expected = g_strdup_printf ("“~/feed.json” starts with ~, which was not "
                                                 "expanded to the home folder: give the whole "
                                                 "path, as %s/…", g_get_home_dir ());

    g_assert_null (key);
    g_assert_cmpstr (error->message, ==, expected);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *key = ca_sync_check_url ("   ", &error);

    g_assert_null (key);
    g_assert_cmpstr (error->message, ==, "Enter the address of a feed.");
  }
}

/* A 200 imports, a 304 costs nothing: no parse, no row written */
static void
test_update_and_not_modified (Fixture       *fx,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeedInfo) info = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int before, after;

  sync_v1 (fx);
  g_assert_true (g_str_has_prefix (fx->user_agent, "Cluster-Atlas/" PACKAGE_VERSION));
  g_assert_null (fx->if_none_match);
  g_assert_cmpuint (fx->result->n_events, ==, 3);
  g_assert_cmpuint (fx->result->n_clusters, ==, 1);
  g_assert_cmpuint (fx->result->changes.events_added, ==, 3);
  g_assert_cmpuint (fx->n_progress, >, 0);
  info = ca_store_get_feed_info (fx->store, fx->url, &error);
  g_assert_cmpstr (info->etag, ==, "\"v1\"");
  g_assert_cmpint (info->last_sync, >, 0);
  g_assert_cmpstr (info->title, !=, NULL);

  /* data_version changes when another connection commits */
  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA data_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  before = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  g_assert_true (sync_feed (fx));
  g_assert_cmpstr (fx->if_none_match, ==, "\"v1\"");
  g_assert_cmpint (fx->result->status, ==, CA_SYNC_NOT_MODIFIED);
  g_assert_cmpuint (fx->result->n_events, ==, 3);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  after = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpint (before, ==, after);

  /* A new document: two added; the three old ids stay, none changed in content but titles */
  fx->serve = SERVE_V2;
  g_assert_true (sync_feed (fx));
  g_assert_cmpint (fx->result->status, ==, CA_SYNC_UPDATED);
  g_assert_cmpuint (fx->result->changes.events_added, ==, 2);
  g_assert_cmpuint (fx->result->changes.events_changed, ==, 3);
  g_assert_cmpuint (fx->result->changes.events_removed, ==, 0);
  g_assert_cmpuint (ca_test_count_events (fx->store, "v2"), ==, 5);
}

static void
test_404 (Fixture *fx, gconstpointer data)
{
  fault (fx, SERVE_404, CA_SYNC_ERROR_NOT_FOUND, "HTTP 404");
}

static void
test_500 (Fixture *fx, gconstpointer data)
{
  fault (fx, SERVE_500, CA_SYNC_ERROR_HTTP, "HTTP 500 Internal Server Error");
}

/* The Retry-After is kept, and the server is not asked again before it */
static void
test_503_retry_after (Fixture *fx, gconstpointer data)
{
  g_autoptr(CaFeedInfo) info = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint hits;

  fault (fx, SERVE_503, CA_SYNC_ERROR_RETRY_LATER, "asked to be tried again after");
  info = ca_store_get_feed_info (fx->store, fx->url, NULL);
  g_assert_cmpint (info->retry_after, >=, now + 3600 - 5);
  g_assert_cmpint (info->retry_after, <=, now + 3600 + 5);

  hits = fx->hits;
  fx->serve = SERVE_V2;
  g_assert_false (sync_feed (fx));
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_RETRY_LATER);
  g_assert_cmpuint (fx->hits, ==, hits);
  assert_v1_kept (fx, "asked to be tried again after");

  /* Once the time has passed, the sync goes ahead and clears it */
  g_assert_true (ca_store_set_feed_retry_after (fx->store, fx->url, now - 1, NULL));
  g_assert_true (sync_feed (fx));
  g_assert_cmpuint (fx->hits, ==, hits + 1);
  g_clear_pointer (&info, ca_feed_info_free);
  info = ca_store_get_feed_info (fx->store, fx->url, NULL);
  g_assert_cmpint (info->retry_after, ==, 0);
  g_assert_null (info->last_error);
}

static void
test_refused (Fixture *fx, gconstpointer data)
{
  /* The server goes away: its port refuses */
  sync_v1 (fx);
  ca_test_server_stop (fx->server);
  g_assert_false (sync_feed (fx));
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_NETWORK);
  assert_v1_kept (fx, "the connection was refused");
}

static void
test_silent (Fixture *fx, gconstpointer data)
{
  gint64 started;

  sync_v1 (fx);
  fx->serve = SERVE_SILENT;
  started = g_get_monotonic_time ();
  g_assert_false (sync_feed (fx));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_TIMEOUT);
  /* Connected: the server was reached, it did not answer */
  assert_v1_kept (fx, "127.0.0.1 did not answer: gave up after 1 s");
  g_assert_null (strstr (fx->error->message, "Could not reach"));
}

/* A byte every half second keeps the connection alive but never finishes */
static void
test_drip (Fixture *fx, gconstpointer data)
{
  gint64 started;

  sync_v1 (fx);
  fx->serve = SERVE_DRIP;
  started = g_get_monotonic_time ();
  g_assert_false (sync_feed (fx));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_TIMEOUT);
  assert_v1_kept (fx, "127.0.0.1 sent the feed too slowly: less than 1 KiB in 1 s");
}

/* The lock of key is free: another process could take it, and this one syncs again */
static void
assert_lock_free (Fixture    *fx,
                  const char *key)
{
  g_autofree char *lock_path = _ca_sync_lock_path (fx->store, key);
  int fd;

  g_assert_false (ca_sync_is_syncing (fx->sync, key));
  fd = g_open (lock_path, O_RDWR);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  close (fd);
}

/* A status line and headers dripped a byte every 2 s: each byte comes well within
 * the idle timeout, so only the deadline, counted from the request, ends it */
static void
test_deadline_headers (Fixture *fx, gconstpointer data)
{
  g_autoptr(CaTestDripServer) drip = ca_test_drip_server_new ();
  const char *url = ca_test_drip_server_get_url (drip);
  g_autoptr(GBytes) v1 = FEED ("v1", 3, FALSE);
  g_autoptr(GBytes) v2 = FEED ("v2", 5, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaStore) again = NULL;
  g_autoptr(CaFeedInfo) info = NULL;
  gint64 started, elapsed;

  ca_store_add_feed (fx->store, url, &error);
  g_assert_no_error (error);
  ca_test_drip_server_serve_whole (drip, v1);
  g_assert_true (sync_key (fx, fx->sync, url, NULL));
  g_assert_cmpuint (ca_test_count_events (fx->store, "v1"), ==, 3);

  ca_sync_set_timeouts (fx->sync, 15, 30);
  ca_sync_set_deadline (fx->sync, 5);
  ca_test_drip_server_serve_drip (drip, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                  "Content-Length: 2\r\n\r\n{}", 2000);
  started = g_get_monotonic_time ();
  g_assert_false (sync_key (fx, fx->sync, url, NULL));
  elapsed = g_get_monotonic_time () - started;
  g_test_message ("gave up after %.1f s, %u bytes dripped", elapsed / 1e6,
                  ca_test_drip_server_get_dripped (drip));
  g_assert_cmpint (elapsed, >=, 4 * G_USEC_PER_SEC);
  g_assert_cmpint (elapsed, <=, 8 * G_USEC_PER_SEC);
  g_assert_cmpuint (ca_test_drip_server_get_dripped (drip), >=, 2);
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_TIMEOUT);
  g_assert_cmpstr (fx->error->message, ==,
                   "127.0.0.1 sent its headers too slowly: gave up after 5 s");

  /* The previous rows kept, in the file too; the error recorded */
  g_assert_cmpuint (ca_test_count_events (fx->store, "v1"), ==, 3);
  again = ca_store_open (fx->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ca_test_count_events (again, "v1"), ==, 3);
  info = ca_store_get_feed_info (again, url, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->last_error, ==, fx->error->message);

  /* The lock is free: the next sync starts and brings v2 */
  assert_lock_free (fx, url);
  ca_test_drip_server_serve_whole (drip, v2);
  g_assert_true (sync_key (fx, fx->sync, url, NULL));
  g_assert_no_error (fx->error);
  g_assert_cmpuint (ca_test_count_events (fx->store, "v2"), ==, 5);
}

/* The server takes no connection: the connect timeout ends the sync (long before
 * the deadline), the message names the phase and the time, the lock is free */
static void
test_deadline_connect (Fixture *fx, gconstpointer data)
{
  g_autoptr(GArray) fillers = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started, elapsed;
  guint16 port;
  int fd;

  fd = ca_test_listen_full (&port, fillers);
  url = g_strdup_printf ("http://127.0.0.1:%u/feed.json", port);
  ca_store_add_feed (fx->store, url, &error);
  g_assert_no_error (error);

  ca_sync_set_timeouts (fx->sync, 2, 30);
  ca_sync_set_deadline (fx->sync, 60);
  started = g_get_monotonic_time ();
  g_assert_false (sync_key (fx, fx->sync, url, NULL));
  elapsed = g_get_monotonic_time () - started;
  g_test_message ("gave up after %.1f s: %s", elapsed / 1e6, fx->error->message);
  g_assert_cmpint (elapsed, >=, 1 * G_USEC_PER_SEC);
  g_assert_cmpint (elapsed, <=, 6 * G_USEC_PER_SEC);
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_TIMEOUT);
  g_assert_cmpstr (fx->error->message, ==, "Could not connect to 127.0.0.1: gave up after 2 s");
  assert_lock_free (fx, url);

  for (guint i = 0; i < fillers->len; i++)
    close (g_array_index (fillers, int, i));
  close (fd);
}

/* A chunked body at 2 KiB/s passes the idle check every time; the deadline ends it */
static void
test_deadline_body (Fixture *fx, gconstpointer data)
{
  gint64 started, elapsed;

  sync_v1 (fx);
  ca_sync_set_timeouts (fx->sync, 15, 2);
  ca_sync_set_deadline (fx->sync, 3);
  fx->serve = SERVE_SLOW_BODY;
  started = g_get_monotonic_time ();
  g_assert_false (sync_feed (fx));
  elapsed = g_get_monotonic_time () - started;
  g_test_message ("gave up after %.1f s, %" G_GUINT64_FORMAT " bytes read", elapsed / 1e6,
                  fx->max_progress);
  g_assert_cmpint (elapsed, >=, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (elapsed, <=, 6 * G_USEC_PER_SEC);
  /* More than one idle period's worth arrived: not the stall check */
  g_assert_cmpuint (fx->max_progress, >=, 3 * 1024);
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_TIMEOUT);
  assert_v1_kept (fx, "127.0.0.1 sent the feed too slowly: gave up after 3 s");
  assert_lock_free (fx, fx->url);
  fx->serve = SERVE_V2;
  g_assert_true (sync_feed (fx));
  g_assert_cmpuint (ca_test_count_events (fx->store, "v2"), ==, 5);
}

/* Headers that are not HTTP: the server was reached, so not "Could not reach" */
static void
test_bad_headers (Fixture *fx, gconstpointer data)
{
  g_autoptr(CaTestDripServer) drip = ca_test_drip_server_new ();
  const char *url = ca_test_drip_server_get_url (drip);
  g_autoptr(GError) error = NULL;

  ca_store_add_feed (fx->store, url, &error);
  g_assert_no_error (error);
  ca_test_drip_server_serve_drip (drip, "SSH-2.0-OpenSSH_9.2\r\n\r\n", 1);
  g_assert_false (sync_key (fx, fx->sync, url, NULL));
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (fx->error->message, "127.0.0.1 did not send a valid answer: "));
  assert_lock_free (fx, url);
}

static void
test_truncated (Fixture *fx, gconstpointer data)
{
  fault (fx, SERVE_TRUNCATED, CA_SYNC_ERROR_TRUNCATED, "broke off");
}

static void
test_html (Fixture *fx, gconstpointer data)
{
  fault (fx, SERVE_HTML, CA_SYNC_ERROR_NOT_FEED, "web page");
}

static void
test_not_json (Fixture *fx, gconstpointer data)
{
  sync_v1 (fx);
  fx->serve = SERVE_NOT_JSON;
  g_assert_false (sync_feed (fx));
  g_assert_error (fx->error, CA_FEED_ERROR,
                  (fx->calendar ? CA_FEED_ERROR_NOT_ICALENDAR : CA_FEED_ERROR_NOT_JSON));
  assert_v1_kept (fx, fx->calendar ? "not an iCalendar calendar" : "not valid JSON");
}

static void
test_wrong_format (Fixture *fx, gconstpointer data)
{
  sync_v1 (fx);
  fx->serve = SERVE_WRONG_FORMAT;
  g_assert_false (sync_feed (fx));
  g_assert_error (fx->error, CA_FEED_ERROR,
                  (fx->calendar ? CA_FEED_ERROR_NOT_ICALENDAR : CA_FEED_ERROR_WRONG_FORMAT));
  assert_v1_kept (fx, fx->calendar ? "not an iCalendar calendar" : "not a cluster feed");
}

/* The read stops at the limit: no more than limit + 64 KiB, and the server
 * cannot send the rest */
static void
test_too_large (Fixture *fx, gconstpointer data)
{
  const gsize limit = 256 * 1024;

  sync_v1 (fx);
  ca_sync_set_max_size (fx->sync, limit);
  fx->serve = SERVE_HUGE;
  g_assert_false (sync_feed (fx));
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_TOO_LARGE);
  g_assert_cmpuint (fx->max_progress, >, limit);
  g_assert_cmpuint (fx->max_progress, <=, limit + 64 * 1024);
  assert_v1_kept (fx, "The feed is larger than the limit of 256 KiB; the transfer was stopped.");

  /* The server's message ends without the whole 32 MiB going out (the rest
   * is what the loopback's socket buffers took) */
  while (!fx->finished)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("server sent %" G_GUINT64_FORMAT " bytes, client read %" G_GUINT64_FORMAT, fx->written, fx->max_progress);
  g_assert_cmpuint (fx->written, <, 16 * 1024 * 1024);
}

/* The limit is set in MiB and said in MiB, not "1.0 MB" */
static void
test_too_large_mib (Fixture *fx, gconstpointer data)
{
  sync_v1 (fx);
  ca_sync_set_max_size (fx->sync, 1024 * 1024);
  fx->serve = SERVE_HUGE;
  g_assert_false (sync_feed (fx));
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_TOO_LARGE);
  g_assert_cmpstr (fx->error->message, ==,
                   "The feed is larger than the limit of 1 MiB; the transfer was stopped.");
  assert_v1_kept (fx, "1 MiB");
}

static void
test_redirect_loop (Fixture *fx, gconstpointer data)
{
  guint hits;

  sync_v1 (fx);
  hits = fx->hits;
  fx->serve = SERVE_LOOP;
  g_assert_false (sync_feed (fx));
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_REDIRECT);
  g_assert_cmpuint (fx->hits - hits, ==, 1 + CA_SYNC_MAX_REDIRECTS);
  assert_v1_kept (fx, "redirected more than 5 times");
}

static void
test_gzip (Fixture *fx, gconstpointer data)
{
  sync_v1 (fx);
  fx->serve = SERVE_GZIP;
  g_assert_true (sync_feed (fx));
  g_assert_cmpuint (fx->result->n_events, ==, 5);
  g_assert_cmpuint (ca_test_count_events (fx->store, "v2"), ==, 5);
}

static void
test_bad_record (Fixture *fx, gconstpointer data)
{
  g_autoptr(CaFeedInfo) info = NULL;

  sync_v1 (fx);
  fx->serve = SERVE_BAD_RECORD;
  g_assert_true (sync_feed (fx));
  g_assert_cmpuint (fx->result->n_events, ==, 5);
  g_assert_cmpuint (fx->result->n_warnings, ==, 1);
  info = ca_store_get_feed_info (fx->store, fx->url, NULL);
  g_assert_cmpuint (g_strv_length (info->warnings), ==, 1);
  g_assert_nonnull (strstr (info->warnings[0], fx->calendar ? "VEVENT 6 (UID bad): DTSTART missing"
                                                             : "events[5].start"));
}

static CaEvent *
find_event (GPtrArray  *events,
            const char *id)
{
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (CA_EVENT (events->pdata[i])->id, id))
      return events->pdata[i];
  g_error ("no event %s", id);
  return NULL;
}

/* A calendar subscribed for a cluster of another feed: a weekly meeting with a moved
 * and a cancelled occurrence, an all-day event, one in New York's zone. Its events
 * are the cluster's, found, starred; the next sync is a 304 that writes nothing. */
static void
test_calendar_subscribe (Fixture *fx, gconstpointer data)
{
  const char *json_key = "https://feeds.example/cluster.json";
  g_autoptr(GBytes) json = FEED ("v1", 3, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(CaFeedInfo) info = NULL;
  CaEventQuery query = CA_EVENT_QUERY_INIT;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  CaEvent *event;
  guint n_calendar = 0;
  int before, after;

  ca_test_load_feed (fx->store, json_key, json);
  clusters = ca_store_find_clusters (fx->store, "c0", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clusters->len, ==, 1);
  g_assert_cmpstr (CA_CLUSTER (clusters->pdata[0])->feed, ==, json_key);

  g_assert_true (ca_store_add_calendar (fx->store, fx->url, json_key, "c0", NULL, &error));
  g_assert_no_error (error);
  /* Again: the same subscription is no error; for another cluster it is */
  g_assert_true (ca_store_add_calendar (fx->store, fx->url, json_key, "c0", NULL, &error));
  g_assert_false (ca_store_add_calendar (fx->store, fx->url, json_key, "c9", NULL, &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_FAILED);
  g_clear_error (&error);

  /* 2026-06-01T00:00:00Z */
  ca_sync_set_calendar_window (fx->sync, 1780272000, 365, 730);
  fx->serve = SERVE_SUBSCRIPTION;
  g_assert_true (sync_feed (fx));
  g_assert_no_error (fx->error);
  g_assert_cmpint (fx->result->status, ==, CA_SYNC_UPDATED);
  /* Ten weeks (two of them overridden) and two more */
  g_assert_cmpuint (fx->result->n_events, ==, 12);
  g_assert_cmpuint (fx->result->n_warnings, ==, 0);
  info = ca_store_get_feed_info (fx->store, fx->url, &error);
  g_assert_cmpint (info->kind, ==, CA_FEED_KIND_ICS);
  g_assert_cmpstr (info->cluster_feed, ==, json_key);
  g_assert_cmpstr (info->cluster_id, ==, "c0");
  g_assert_cmpstr (info->title, ==, "Cluster board");

  /* The cluster's events: its feed's three and the calendar's twelve */
  query.feed = json_key;
  query.cluster = "c0";
  events = ca_store_list_events (fx->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 15);
  for (guint i = 0; i < events->len; i++)
    n_calendar += g_str_equal (CA_EVENT (events->pdata[i])->feed, fx->url);
  g_assert_cmpuint (n_calendar, ==, 12);

  event = find_event (events, "board-weekly@20260608T070000Z");
  g_assert_cmpint (event->start, ==, 1781006400);   /* moved to Tuesday 15:00 in Sofia */
  g_assert_cmpint (event->kind, ==, CA_EVENT_KIND_MEETING);
  event = find_event (events, "board-weekly@20260615T070000Z");
  g_assert_cmpint (event->status, ==, CA_EVENT_STATUS_CANCELLED);
  event = find_event (events, "board-weekly@20260622T070000Z");
  g_assert_cmpstr (event->venue, ==, "Sofia Tech Park");
  event = find_event (events, "summer-fair");
  g_assert_true (event->all_day);
  g_assert_cmpint (event->end - event->start, ==, 86400);
  event = find_event (events, "new-york-webinar");
  g_assert_cmpint (event->start, ==, 1783688400);
  g_assert_cmpstr (event->timezone, ==, "America/New_York");

  hits = ca_store_search (fx->store, "Summer fair", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, >=, 1);

  g_assert_true (ca_store_set_starred (fx->store, fx->url, "board-weekly@20260622T070000Z",
                                       TRUE, &error));

  /* The next sync: 304, and no write */
  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA data_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  before = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  g_assert_true (sync_feed (fx));
  g_assert_cmpstr (fx->if_none_match, ==, "\"cal1\"");
  g_assert_cmpint (fx->result->status, ==, CA_SYNC_NOT_MODIFIED);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  after = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpint (before, ==, after);

  /* A full re-import keeps the ids: the star stays on its occurrence */
  g_assert_true (ca_store_set_feed_validators (fx->store, fx->url, NULL, NULL, &error));
  g_assert_true (sync_feed (fx));
  g_assert_cmpint (fx->result->status, ==, CA_SYNC_UPDATED);
  g_assert_cmpuint (fx->result->changes.events_added, ==, 0);
  g_assert_cmpuint (fx->result->changes.events_removed, ==, 0);
  g_assert_true (ca_store_is_starred (fx->store, fx->url, "board-weekly@20260622T070000Z"));

  /* The calendar moves its fair a day: the change log says so, as for a JSON feed */
  fx->serve = SERVE_SUBSCRIPTION_MOVED;
  g_assert_true (sync_feed (fx));
  g_assert_cmpint (fx->result->status, ==, CA_SYNC_UPDATED);
  {
    CaChangeQuery changes_query = CA_CHANGE_QUERY_INIT;
    g_autoptr(GPtrArray) changes = NULL;
    CaChange *change;

    changes_query.feed = fx->url;
    changes_query.last_sync_only = TRUE;
    changes = ca_store_list_changes (fx->store, &changes_query, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (changes->len, ==, 1);
    change = changes->pdata[0];
    g_assert_cmpstr (change->record_id, ==, "summer-fair");
    g_assert_cmpint (change->action, ==, CA_CHANGE_CHANGED);
    g_assert_true (change->fields & CA_CHANGE_FIELD_START);
    g_assert_cmpint (change->new.start - change->old.start, ==, 86400);
  }
}

/* Two syncs of one feed never run at once */
static void
test_busy (Fixture *fx, gconstpointer data)
{
  sync_v1 (fx);
  fx->serve = SERVE_V2;
  ca_sync_feed_async (fx->sync, fx->url, NULL, synced, fx);
  g_assert_true (ca_sync_is_syncing (fx->sync, fx->url));
  g_assert_false (sync_feed (fx));
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_BUSY);
  /* The first one still completes */
  g_main_loop_run (fx->loop);
  g_assert_no_error (fx->error);
  g_assert_cmpuint (fx->result->n_events, ==, 5);
  g_assert_false (ca_sync_is_syncing (fx->sync, fx->url));
}

/* Nor in two processes: the window and `cluster-atlas --sync` take the feed's
 * lock file (here the test holds it, as the other process would) */
static void
test_busy_elsewhere (Fixture *fx, gconstpointer data)
{
  g_autofree char *lock_path = _ca_sync_lock_path (fx->store, fx->url);
  g_autofree char *lock_dir = g_path_get_dirname (lock_path);
  int fd;

  sync_v1 (fx);
  fx->serve = SERVE_V2;
  g_assert_cmpint (g_mkdir_with_parents (lock_dir, 0700), ==, 0);
  fd = g_open (lock_path, O_RDWR | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);

  g_assert_false (sync_feed (fx));
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_BUSY);
  g_assert_nonnull (strstr (fx->error->message, "another"));
  g_assert_false (ca_sync_is_syncing (fx->sync, fx->url));
  g_assert_cmpuint (ca_test_count_events (fx->store, "v1"), ==, 3);

  /* The other one is done: this one syncs */
  close (fd);
  g_assert_true (sync_feed (fx));
  g_assert_no_error (fx->error);
  g_assert_cmpuint (fx->result->n_events, ==, 5);
}

/* Cancel stops the transfer itself: the server sees the connection go */
static void
test_cancel (Fixture *fx, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 started;

  sync_v1 (fx);
  ca_sync_set_timeouts (fx->sync, 30, 30);
  fx->serve = SERVE_DRIP;
  fx->cancel_on_progress = cancellable;
  started = g_get_monotonic_time ();
  g_assert_false (sync_key (fx, fx->sync, fx->url, cancellable));
  g_assert_error (fx->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  assert_v1_kept (fx, "cancelled");
  while (!fx->finished)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

/* A local file is read through GFile; the same file again is not parsed */
static void
test_file (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) feed = FEED ("v1", 3, FALSE);
  g_autofree char *path = g_build_filename (fx->dir, "feed.json", NULL);
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (feed, NULL),
                                      g_bytes_get_size (feed), NULL));
  key = ca_sync_check_url (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (key, "file:///"));
  ca_store_add_feed (fx->store, key, &error);
  g_assert_no_error (error);

  g_assert_true (sync_key (fx, fx->sync, key, NULL));
  g_assert_cmpint (fx->result->status, ==, CA_SYNC_UPDATED);
  g_assert_cmpuint (ca_test_count_events (fx->store, "v1"), ==, 3);
  g_assert_true (sync_key (fx, fx->sync, key, NULL));
  g_assert_cmpint (fx->result->status, ==, CA_SYNC_NOT_MODIFIED);

  /* Invalid now: refused whole, v1 kept */
  g_assert_true (g_file_set_contents (path, "{\"format\": ", -1, NULL));
  g_assert_false (sync_key (fx, fx->sync, key, NULL));
  g_assert_error (fx->error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_JSON);
  g_assert_cmpuint (ca_test_count_events (fx->store, "v1"), ==, 3);

  g_unlink (path);
  g_assert_false (sync_key (fx, fx->sync, key, NULL));
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_FILE);
  g_assert_cmpuint (ca_test_count_events (fx->store, "v1"), ==, 3);
}

/* Removing a feed takes its records; a star waits for its event to come back */
static void
test_remove_keeps_stars (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  sync_v1 (fx);
  g_assert_true (ca_store_set_starred (fx->store, fx->url, "e1", TRUE, &error));
  g_assert_true (ca_store_remove_feed (fx->store, fx->url, &error));
  g_assert_cmpuint (ca_test_count_events (fx->store, ""), ==, 0);
  g_assert_true (ca_store_is_starred (fx->store, fx->url, "e1"));

  sync_v1 (fx);
  g_assert_true (ca_store_is_starred (fx->store, fx->url, "e1"));
  g_assert_false (ca_store_is_starred (fx->store, fx->url, "e0"));
  g_assert_true (ca_store_clear_stars (fx->store, &error));
  g_assert_false (ca_store_is_starred (fx->store, fx->url, "e1"));
}

/* {{{ TLS */

static void
test_tls (Fixture *fx, gconstpointer data)
{
  fx->tls_server = ca_test_server_new_https (fx->dir, serve, fx);
  g_free (fx->url);
  fx->url = ca_test_server_dup_url (fx->tls_server, "feed");

  /* The handshake counts against the connect timeout: room for the sanitizers */
  ca_sync_set_timeouts (fx->sync, 15, 10);

  /* Trusting the certificate, https works */
  g_object_set (ca_sync_get_session (fx->sync),
                "tls-database", ca_test_server_get_tls_database (fx->tls_server), NULL);
  sync_v1 (fx);

  /* Never from https down to http */
  fx->serve = SERVE_TO_HTTP;
  g_assert_false (sync_feed (fx));
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_REDIRECT);
  assert_v1_kept (fx, "from a secure address to an insecure one");

  /* Not trusting it, the error is not ignored */
  {
    g_autoptr(CaSync) strict = ca_sync_new (fx->store);

    ca_sync_set_timeouts (strict, 15, 10);
    fx->serve = SERVE_V2;
    g_assert_false (sync_key (fx, strict, fx->url, NULL));
    g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_TLS);
    assert_v1_kept (fx, "could not be verified");
  }
}

static void
count_request (SoupServer        *server,
               SoupServerMessage *msg,
               guint             *n_started)
{
  (*n_started)++;
}

static gpointer
close_later (gpointer data)
{
  GIOStream *stream = data;

  g_usleep (300 * 1000);
  g_io_stream_close (stream, NULL, NULL);
  return NULL;
}

/* A client that goes in the middle of the TLS handshake: the server stops only once
 * its side of the handshake has ended (ca-test-server.c says why; before, this freed
 * libsoup 3.6.5's connection under its handshake callback) */
static void
test_tls_mid_handshake (Fixture *fx, gconstpointer data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) raw = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) closer = NULL;
  guint n_started = 0;
  gint64 started;

  fx->tls_server = ca_test_server_new_https (fx->dir, serve, fx);
  g_signal_connect (ca_test_server_get_soup_server (fx->tls_server), "request-started",
                    G_CALLBACK (count_request), &n_started);
  uri = g_uri_parse (ca_test_server_get_url (fx->tls_server), G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);

  /* Plain TCP: the server starts its handshake and waits for a ClientHello */
  raw = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL,
                                         &error);
  g_assert_no_error (error);
  while (n_started == 0)
    g_main_context_iteration (NULL, TRUE);

  started = g_get_monotonic_time ();
  closer = g_thread_new ("close-later", close_later, raw);
  ca_test_server_stop (fx->tls_server);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 250 * 1000);
  g_thread_join (g_steal_pointer (&closer));
  g_clear_object (&fx->tls_server);
  ca_test_run_for (200);
  g_assert_cmpuint (fx->hits, ==, 0);
}

/* A cluster feed whose address starts to serve a calendar is not silently turned
 * into a calendar of no cluster (which would remove its clusters, members and
 * projects): the sync fails, v1 is kept, and the error says what to do. A cluster
 * feed mislabelled text/calendar is still read as JSON: the body decides. */
static void
test_json_serves_calendar (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(CaFeedInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  sync_v1 (fx);
  fx->serve = SERVE_SUBSCRIPTION;
  g_assert_false (sync_feed (fx));
  g_assert_error (fx->error, CA_FEED_ERROR, CA_FEED_ERROR_CALENDAR);
  assert_v1_kept (fx, "Expected a cluster feed, got an iCalendar calendar; the previous "
                      "data is kept");
  clusters = ca_store_list_clusters (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clusters->len, >, 0);
  info = ca_store_get_feed_info (fx->store, fx->url, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->kind, ==, CA_FEED_KIND_JSON);

  fx->serve = SERVE_V2_AS_CALENDAR;
  g_assert_true (sync_feed (fx));
  g_assert_no_error (fx->error);
  g_assert_cmpuint (ca_test_count_events (fx->store, "v2"), ==, 5);
  g_clear_pointer (&info, ca_feed_info_free);
  info = ca_store_get_feed_info (fx->store, fx->url, &error);
  g_assert_null (info->last_error);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  /* The same test against a calendar subscription, under /sync/calendar/… */
#define ADD_BOTH(path, func) \
  G_STMT_START { \
    ADD ("/sync" path, func); \
    g_test_add ("/sync/calendar" path, Fixture, CALENDAR, fixture_set_up, func, \
                fixture_tear_down); \
  } G_STMT_END

  /* The TLS tests are the sync-tls test, without leak checking (tests/meson.build
   * says why); the others are the sync test */
  if (g_strcmp0 (g_getenv ("CA_TEST_SYNC"), "tls") == 0)
    {
      ADD ("/sync/fault/tls", test_tls);
      ADD ("/sync/fault/tls-mid-handshake", test_tls_mid_handshake);
      return g_test_run ();
    }

  g_test_add_func ("/sync/url-rules", test_url_rules);
  ADD_BOTH ("/update-and-not-modified", test_update_and_not_modified);
  ADD_BOTH ("/fault/404", test_404);
  ADD_BOTH ("/fault/500", test_500);
  ADD_BOTH ("/fault/503-retry-after", test_503_retry_after);
  ADD_BOTH ("/fault/refused", test_refused);
  ADD_BOTH ("/fault/silent", test_silent);
  ADD_BOTH ("/fault/drip", test_drip);
  /* These three add and serve their own JSON feed, before any body: a calendar's
   * run would be the same test again */
  ADD ("/sync/fault/bad-headers", test_bad_headers);
  ADD ("/sync/deadline/headers", test_deadline_headers);
  ADD ("/sync/deadline/connect", test_deadline_connect);
  ADD_BOTH ("/deadline/body", test_deadline_body);
  ADD_BOTH ("/fault/truncated", test_truncated);
  ADD_BOTH ("/fault/html", test_html);
  ADD_BOTH ("/fault/not-json", test_not_json);
  ADD_BOTH ("/fault/wrong-format", test_wrong_format);
  ADD_BOTH ("/fault/too-large", test_too_large);
  ADD_BOTH ("/fault/too-large-mib", test_too_large_mib);
  ADD_BOTH ("/fault/redirect-loop", test_redirect_loop);
  ADD_BOTH ("/gzip", test_gzip);
  ADD_BOTH ("/bad-record", test_bad_record);
  ADD ("/sync/calendar/subscribe", test_calendar_subscribe);
  ADD ("/sync/json-serves-calendar", test_json_serves_calendar);
  ADD ("/sync/busy", test_busy);
  ADD ("/sync/busy-elsewhere", test_busy_elsewhere);
  ADD ("/sync/cancel", test_cancel);
  ADD ("/sync/file", test_file);
  ADD ("/sync/remove-keeps-stars", test_remove_keeps_stars);

  return g_test_run ();
}
