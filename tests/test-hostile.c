/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hostile"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ca-cluster.h"
#include "ca-event.h"
#include "ca-format.h"
#include "ca-project.h"
#include "ca-store.h"
#include "ca-sync.h"
#include "ca-test-app.h"
#include "ca-test-core.h"
#include "ca-test-feed.h"
#include "ca-test-server.h"
#include "ca-text.h"

/*
 * Hostile cases the app already survived when issue 14 was filed, each tried for
 * real (docs/hostile-inputs.md lists them with the other tests that cover the rest):
 *
 *   /hostile/sync/…     CaSync against a SoupServer, or a raw socket on 127.0.0.1
 *                       where a SoupServer will not lie (Content-Length, header bytes)
 *   /hostile/command/…  the real cluster-atlas --sync as a subprocess: two at once,
 *                       a disk that refuses writes, kill -9 at many points
 *   /hostile/store/…    a WAL cut short, as a crash or a full disk leaves it
 *
 * Every sync test first syncs a good feed, "v1" with three events, then meets the
 * hostile server at the same address; the store, opened again from its file, must
 * still hold v1 whole.
 */

#define FEED(name, events) \
  ca_test_feed_build (&(CaTestFeedSpec) { .tag = (name), .n_clusters = 1, \
                                          .n_events = (events) })

/* {{{ A raw HTTP server: answers each request with the next canned reply, byte for
 * byte, then closes the connection; keeps every request's head */

typedef struct {
  GSocketService *service;
  char           *url;
  GMutex          lock;
  GPtrArray      *replies;      /* GBytes: the nth request gets the nth (or the last) */
  GPtrArray      *requests;     /* char *: each request's head */
} RawServer;

static gboolean
raw_run (GThreadedSocketService *service,
         GSocketConnection      *connection,
         GObject                *source_object,
         gpointer                user_data)
{
  RawServer *raw = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  GString *head = g_string_new (NULL);
  g_autoptr(GBytes) reply = NULL;
  char c;

  /* The request's head, to the blank line (a GET has no body) */
  while (!g_str_has_suffix (head->str, "\r\n\r\n"))
    {
      if (g_input_stream_read (in, &c, 1, NULL, NULL) != 1)
        {
          g_string_free (head, TRUE);
          return TRUE;
        }
      g_string_append_c (head, c);
    }

  g_mutex_lock (&raw->lock);
  reply = g_bytes_ref (raw->replies->pdata[MIN (raw->requests->len, raw->replies->len - 1)]);
  g_ptr_array_add (raw->requests, g_string_free (head, FALSE));
  g_mutex_unlock (&raw->lock);

  g_output_stream_write_all (out, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                             NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static RawServer *
raw_server_new (void)
{
  RawServer *raw = g_new0 (RawServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&raw->lock);
  raw->replies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  raw->requests = g_ptr_array_new_with_free_func (g_free);
  raw->service = g_threaded_socket_service_new (2);
  g_socket_listener_add_address (G_SOCKET_LISTENER (raw->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (raw->service, "run", G_CALLBACK (raw_run), raw);
  g_socket_service_start (raw->service);
  raw->url = g_strdup_printf ("http://127.0.0.1:%u/feed",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return raw;
}

static void
raw_server_free (RawServer *raw)
{
  g_socket_service_stop (raw->service);
  g_socket_listener_close (G_SOCKET_LISTENER (raw->service));
  g_clear_object (&raw->service);
  g_ptr_array_unref (raw->replies);
  g_ptr_array_unref (raw->requests);
  g_mutex_clear (&raw->lock);
  g_free (raw->url);
  g_free (raw);
}

/* A reply: the status line and headers as given (each ending in CRLF), then the body */
static void
raw_add_reply (RawServer  *raw,
               const char *head,
               GBytes     *body)
{
  GByteArray *bytes = g_byte_array_new ();

  g_byte_array_append (bytes, (const guint8 *) head, strlen (head));
  g_byte_array_append (bytes, (const guint8 *) "\r\n", 2);
  if (body != NULL)
    g_byte_array_append (bytes, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_mutex_lock (&raw->lock);
  g_ptr_array_add (raw->replies, g_byte_array_free_to_bytes (bytes));
  g_mutex_unlock (&raw->lock);
}

/* 200 with an honest Content-Length and the given more headers */
static void
raw_add_feed (RawServer  *raw,
              GBytes     *body,
              const char *more_headers)
{
  g_autofree char *head =
    g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n%s",
                     g_bytes_get_size (body), more_headers);

  raw_add_reply (raw, head, body);
}

static char *
raw_dup_request (RawServer *raw,
                 guint      n)
{
  char *copy;

  g_mutex_lock (&raw->lock);
  g_assert_cmpuint (n, <, raw->requests->len);
  copy = g_strdup (raw->requests->pdata[n]);
  g_mutex_unlock (&raw->lock);
  return copy;
}

static guint
raw_n_requests (RawServer *raw)
{
  guint n;

  g_mutex_lock (&raw->lock);
  n = raw->requests->len;
  g_mutex_unlock (&raw->lock);
  return n;
}

/* }}} */

/* {{{ The sync fixture */

typedef enum {
  SERVE_V1,
  SERVE_V2,
  SERVE_GZIP_BOMB,
  SERVE_REDIRECT,
} Serve;

typedef struct {
  char         *dir;
  char         *path;
  CaStore      *store;
  CaSync       *sync;
  CaTestServer *server;
  RawServer    *raw;
  char         *url;
  Serve         serve;
  const char   *location;     /* SERVE_REDIRECT's */
  GBytes       *bomb;
  guint         hits;
  guint64       max_progress;
  CaSyncResult *result;
  GError       *error;
} Fixture;

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Fixture *fx = user_data;
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) body = NULL;

  fx->hits++;
  switch (fx->serve)
    {
    case SERVE_V1:
    case SERVE_V2:
      body = fx->serve == SERVE_V1 ? FEED ("v1", 3) : FEED ("v2", 5);
      ca_test_server_reply (msg, "application/json", body);
      soup_message_headers_replace (response, "ETag", fx->serve == SERVE_V1 ? "\"v1\"" : "\"v2\"");
      break;
    case SERVE_GZIP_BOMB:
      ca_test_server_reply (msg, "application/json", fx->bomb);
      soup_message_headers_replace (response, "Content-Encoding", "gzip");
      break;
    case SERVE_REDIRECT:
      soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
      soup_message_headers_replace (response, "Location", fx->location);
      break;
    }
}

static void
on_progress (CaSync     *sync,
             const char *key,
             guint64     received,
             gint64      total,
             Fixture    *fx)
{
  fx->max_progress = MAX (fx->max_progress, received);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("ca-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "store.db", NULL);
  fx->store = ca_store_open (fx->path, &error);
  g_assert_no_error (error);
  fx->sync = ca_sync_new (fx->store);
  /* Room for the sanitizers: no test here is about time */
  ca_sync_set_timeouts (fx->sync, 10, 10);
  g_signal_connect (fx->sync, "progress", G_CALLBACK (on_progress), fx);

  if (GPOINTER_TO_INT (data))
    {
      fx->raw = raw_server_new ();
      fx->url = g_strdup (fx->raw->url);
    }
  else
    {
      fx->server = ca_test_server_new (serve, fx);
      fx->url = ca_test_server_dup_url (fx->server, "feed");
    }
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->sync);
  g_clear_object (&fx->store);
  if (fx->server != NULL)
    ca_test_server_stop (fx->server);
  g_clear_object (&fx->server);
  g_clear_pointer (&fx->raw, raw_server_free);
  while (g_main_context_iteration (NULL, FALSE));
  g_clear_pointer (&fx->result, ca_sync_result_free);
  g_clear_pointer (&fx->bomb, g_bytes_unref);
  g_clear_error (&fx->error);
  g_free (fx->url);
  ca_test_remove_tree (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

static gboolean
sync_feed (Fixture *fx)
{
  fx->max_progress = 0;
  g_clear_pointer (&fx->result, ca_sync_result_free);
  g_clear_error (&fx->error);
  fx->result = ca_sync_feed_wait (fx->sync, fx->url, NULL, &fx->error);
  return fx->result != NULL;
}

static void
sync_v1 (Fixture *fx)
{
  g_autoptr(GError) error = NULL;

  ca_store_add_feed (fx->store, fx->url, &error);
  g_assert_no_error (error);
  fx->serve = SERVE_V1;
  g_assert_true (sync_feed (fx));
  g_assert_no_error (fx->error);
  g_assert_cmpint (fx->result->status, ==, CA_SYNC_UPDATED);
  g_assert_cmpuint (ca_test_count_events (fx->store, "v1"), ==, 3);
}

/* The sync failed with code and a message that says message_part; the store, opened
 * again from its file, still holds v1 and the feed shows the error */
static void
assert_v1_kept (Fixture    *fx,
                GQuark      domain,
                int         code,
                const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaStore) again = NULL;
  g_autoptr(CaFeedInfo) info = NULL;

  g_assert_null (fx->result);
  g_assert_error (fx->error, domain, code);
  ca_test_assert_contains (fx->error->message, message_part);

  g_assert_cmpuint (ca_test_count_events (fx->store, "v1"), ==, 3);
  again = ca_store_open (fx->path, &error);
  g_assert_no_error (error);
  g_assert_null (ca_store_get_moved_aside (again));
  g_assert_cmpuint (ca_test_count_events (again, "v1"), ==, 3);
  info = ca_store_get_feed_info (again, fx->url, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->n_events, ==, 3);
  g_assert_cmpstr (info->last_error, ==, fx->error->message);
}

/* }}} */

/* {{{ Servers */

/* 32 MiB of JSON white space in 32 KiB of gzip: the size limit counts what it
 * inflates to, and the read stops at the limit */
static void
test_gzip_bomb (Fixture *fx, gconstpointer data)
{
  const gsize limit = 1024 * 1024;
  g_autoptr(GBytes) plain = g_bytes_new_take (g_strnfill (32 * 1024 * 1024, ' '),
                                              32 * 1024 * 1024);

  fx->bomb = ca_test_gzip (plain);
  g_test_message ("%" G_GSIZE_FORMAT " bytes of gzip", g_bytes_get_size (fx->bomb));
  g_assert_cmpuint (g_bytes_get_size (fx->bomb), <, 64 * 1024);

  sync_v1 (fx);
  ca_sync_set_max_size (fx->sync, limit);
  fx->serve = SERVE_GZIP_BOMB;
  g_assert_false (sync_feed (fx));
  g_assert_cmpuint (fx->max_progress, >, limit);
  g_assert_cmpuint (fx->max_progress, <=, limit + 64 * 1024);
  assert_v1_kept (fx, CA_SYNC_ERROR, CA_SYNC_ERROR_TOO_LARGE, "larger than the limit of 1 MiB");
}

/* Content-Length promises more than the server sends before it closes */
static void
test_content_length_more (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) v1 = FEED ("v1", 3);
  g_autoptr(GBytes) v2 = FEED ("v2", 5);
  g_autoptr(GBytes) part = g_bytes_new_from_bytes (v2, 0, g_bytes_get_size (v2) / 2);
  g_autofree char *head =
    g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n",
                     g_bytes_get_size (v2));

  raw_add_feed (fx->raw, v1, "ETag: \"v1\"\r\n");
  raw_add_reply (fx->raw, head, part);
  sync_v1 (fx);
  g_assert_false (sync_feed (fx));
  assert_v1_kept (fx, CA_SYNC_ERROR, CA_SYNC_ERROR_TRUNCATED, "broke off");
}

/* Content-Length says less than the body: only that much is read, which is not a
 * whole document, and the rest is never taken for anything */
static void
test_content_length_less (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) v1 = FEED ("v1", 3);
  g_autoptr(GBytes) v2 = FEED ("v2", 5);
  g_autofree char *head =
    g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Content-Length: %" G_GSIZE_FORMAT "\r\n",
                     g_bytes_get_size (v2) / 2);

  raw_add_feed (fx->raw, v1, "ETag: \"v1\"\r\n");
  raw_add_reply (fx->raw, head, v2);
  raw_add_feed (fx->raw, v2, "ETag: \"v2\"\r\n");
  sync_v1 (fx);
  g_assert_false (sync_feed (fx));
  g_assert_cmpuint (fx->max_progress, ==, g_bytes_get_size (v2) / 2);
  assert_v1_kept (fx, CA_FEED_ERROR, CA_FEED_ERROR_NOT_JSON, "not valid JSON");

  /* The next answer is read as itself */
  g_assert_true (sync_feed (fx));
  g_assert_cmpuint (ca_test_count_events (fx->store, "v2"), ==, 5);
}

/* A Content-Length over the limit is refused before a byte of the body is read */
static void
test_content_length_huge (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) v1 = FEED ("v1", 3);
  g_autoptr(GBytes) v2 = FEED ("v2", 5);

  raw_add_feed (fx->raw, v1, "ETag: \"v1\"\r\n");
  raw_add_reply (fx->raw, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                 "Content-Length: 1099511627776\r\nConnection: close\r\n", v2);
  sync_v1 (fx);
  g_assert_false (sync_feed (fx));
  g_assert_cmpuint (fx->max_progress, ==, 0);
  assert_v1_kept (fx, CA_SYNC_ERROR, CA_SYNC_ERROR_TOO_LARGE, "larger than the limit of 128 MiB");
}

/* An ETag that tries to add a header line of its own to the next request (a folded
 * header line, and a bare CR in it) is kept as one value and sent back as one line */
static void
test_etag_injection (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) v1 = FEED ("v1", 3);
  g_autoptr(GBytes) v2 = FEED ("v2", 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeedInfo) info = NULL;
  g_autofree char *request = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_if_none_match = 0;

  raw_add_feed (fx->raw, v1, "ETag: \"v1\"\r\n X-Injected: folded\r\n");
  raw_add_feed (fx->raw, v2, "ETag: \"v2\"\rX-Injected: cr\r\n");
  raw_add_feed (fx->raw, v2, "");

  ca_store_add_feed (fx->store, fx->url, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (sync_feed (fx));
      g_assert_no_error (fx->error);
      info = ca_store_get_feed_info (fx->store, fx->url, &error);
      g_assert_no_error (error);
      g_test_message ("ETag kept: %s", info->etag);
      g_assert_true (info->etag == NULL || strpbrk (info->etag, "\r\n") == NULL);
      g_clear_pointer (&info, ca_feed_info_free);
    }
  g_assert_cmpuint (ca_test_count_events (fx->store, "v2"), ==, 5);

  /* What each sync after the first sent: one If-None-Match line, nothing injected */
  for (guint r = 1; r < 3; r++)
    {
      request = raw_dup_request (fx->raw, r);
      g_test_message ("request %u:\n%s", r, request);
      lines = g_strsplit (request, "\r\n", -1);
      n_if_none_match = 0;
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_assert_null (strchr (lines[i], '\r'));
          g_assert_null (strchr (lines[i], '\n'));
          g_assert_false (g_str_has_prefix (lines[i], "X-Injected"));
          if (g_ascii_strncasecmp (lines[i], "If-None-Match:", 14) == 0)
            n_if_none_match++;
        }
      g_assert_cmpuint (n_if_none_match, <=, 1);
      g_clear_pointer (&lines, g_strfreev);
      g_clear_pointer (&request, g_free);
    }
}

/* A 32 KiB ETag: stored as it came and sent back whole */
static void
test_etag_huge (Fixture *fx, gconstpointer data)
{
  g_autoptr(GBytes) v1 = FEED ("v1", 3);
  g_autofree char *huge = g_strnfill (32 * 1024, 'e');
  g_autofree char *header = g_strdup_printf ("ETag: \"%s\"\r\n", huge);
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", huge);
  g_autofree char *sent = g_strdup_printf ("\r\nIf-None-Match: \"%s\"\r\n", huge);
  g_autofree char *request = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeedInfo) info = NULL;

  raw_add_feed (fx->raw, v1, header);
  raw_add_reply (fx->raw, "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n", NULL);

  ca_store_add_feed (fx->store, fx->url, &error);
  g_assert_no_error (error);
  g_assert_true (sync_feed (fx));
  g_assert_no_error (fx->error);
  info = ca_store_get_feed_info (fx->store, fx->url, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->etag, ==, quoted);

  g_assert_true (sync_feed (fx));
  g_assert_cmpint (fx->result->status, ==, CA_SYNC_NOT_MODIFIED);
  g_assert_cmpuint (raw_n_requests (fx->raw), ==, 2);
  request = raw_dup_request (fx->raw, 1);
  ca_test_assert_contains (request, sent);
  g_assert_cmpuint (ca_test_count_events (fx->store, "v1"), ==, 3);
}

/* A redirect to anything but http(s) is refused, and not followed */
static void
test_redirect_not_http (Fixture *fx, gconstpointer data)
{
  const char *locations[] = {
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:application/json,{\"format\":\"cluster-feed\",\"version\":1,\"clusters\":[]}",
    "ftp://127.0.0.1/feed.json",
  };

  sync_v1 (fx);
  for (guint i = 0; i < G_N_ELEMENTS (locations); i++)
    {
      guint hits = fx->hits;

      g_test_message ("Location: %s", locations[i]);
      fx->serve = SERVE_REDIRECT;
      fx->location = locations[i];
      g_assert_false (sync_feed (fx));
      g_assert_cmpuint (fx->hits, ==, hits + 1);
      assert_v1_kept (fx, CA_SYNC_ERROR, CA_SYNC_ERROR_REDIRECT,
                      "redirected to an address that is not accepted");
    }
}

/* }}} */

/* {{{ The command line */

typedef struct {
  char         *data_home;
  CaTestServer *server;
  char         *url;
  GBytes       *feed;
  guint         hits;
  guint         delay_ms;     /* before each answer */
  GMainLoop    *loop;
  guint64       fsize_limit;  /* RLIMIT_FSIZE of the app, 0: none */
} App;

typedef struct {
  SoupServerMessage *msg;
  GBytes            *feed;
} Delayed;

static gboolean
answer_later (gpointer data)
{
  Delayed *delayed = data;

  ca_test_server_reply (delayed->msg, "application/json", delayed->feed);
  soup_server_message_unpause (delayed->msg);
  g_object_unref (delayed->msg);
  g_bytes_unref (delayed->feed);
  g_free (delayed);
  return G_SOURCE_REMOVE;
}

static void
app_serve (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  App *app = user_data;

  app->hits++;
  if (app->delay_ms > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->msg = g_object_ref (msg);
      delayed->feed = g_bytes_ref (app->feed);
      soup_server_message_pause (msg);
      g_timeout_add (app->delay_ms, answer_later, delayed);
      return;
    }
  ca_test_server_reply (msg, "application/json", app->feed);
}

static void
app_set_up (App           *app,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  app->data_home = g_dir_make_tmp ("ca-hostile-app-XXXXXX", &error);
  g_assert_no_error (error);
  app->server = ca_test_server_new (app_serve, app);
  app->url = ca_test_server_dup_url (app->server, "feed.json");
  app->loop = g_main_loop_new (NULL, FALSE);
}

static void
app_tear_down (App           *app,
               gconstpointer  data)
{
  ca_test_server_stop (app->server);
  g_clear_object (&app->server);
  while (g_main_context_iteration (NULL, FALSE));
  g_clear_pointer (&app->feed, g_bytes_unref);
  g_clear_pointer (&app->loop, g_main_loop_unref);
  ca_test_remove_tree (app->data_home);
  g_free (app->data_home);
  g_free (app->url);
}

/* In the child, before exec: a file size limit, as a full disk refuses writes (EFBIG
 * instead of ENOSPC); SIGXFSZ ignored, which exec keeps, so a write fails instead
 * of killing the app */
static void
limit_file_size (gpointer data)
{
  App *app = data;
  struct rlimit limit = { app->fsize_limit, app->fsize_limit };

  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* How the app runs: on the test's data, its sync messages on stderr, and a file
 * size limit when the test sets one */
static CaTestApp
app_env (App *app)
{
  return (CaTestApp) { .data_home = app->data_home, .debug = "ca-sync",
                       .child_setup = app->fsize_limit > 0 ? limit_file_size : NULL,
                       .child_data = app };
}

static GSubprocess *
app_spawn (App        *app,
           const char *arg)
{
  const char *args[] = { arg, NULL };
  CaTestApp run = app_env (app);

  return ca_test_app_spawn (&run, args);
}

typedef struct {
  GMainLoop *loop;
  guint      pending;
  char      *out;
  char      *err;
} Run;

static void
communicated (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), res, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  if (--run->pending == 0)
    g_main_loop_quit (run->loop);
}

/* Runs the app to its end while this process serves; returns its exit status */
static int
app_run (App         *app,
         const char  *arg,
         char       **out)
{
  CaTestApp run = app_env (app);

  return ca_test_app_run1 (&run, arg, out, NULL);
}

static char *
app_store_path (App *app)
{
  return g_build_filename (app->data_home, "cluster-atlas", "atlas.db", NULL);
}

static CaStore *
app_open_store (App *app)
{
  g_autofree char *path = app_store_path (app);
  g_autoptr(GError) error = NULL;
  CaStore *store = ca_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_null (ca_store_get_moved_aside (store));
  return store;
}

static void
app_add_and_sync_v1 (App *app)
{
  g_autofree char *add = g_strconcat ("--add-feed=", app->url, NULL);

  g_assert_cmpint (app_run (app, add, NULL), ==, 0);
  app->feed = ca_test_feed_build (&(CaTestFeedSpec) {
    .tag = "v1", .n_clusters = 3, .big_clusters = TRUE, .n_events = 5 });
  g_assert_cmpint (app_run (app, "--sync", NULL), ==, 0);
}

/* Two `cluster-atlas --sync` at once: one downloads and imports, the other says the
 * feed is being synced elsewhere; the store holds the feed once */
static void
test_two_syncs (App *app, gconstpointer data)
{
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  Run runs[2] = { { app->loop, 1, NULL, NULL }, { app->loop, 1, NULL, NULL } };
  g_autofree char *both = NULL;
  guint hits;
  int status[2];

  app_add_and_sync_v1 (app);
  g_clear_pointer (&app->feed, g_bytes_unref);
  app->feed = ca_test_feed_build (&(CaTestFeedSpec) {
    .tag = "v2", .n_clusters = 3, .big_clusters = TRUE, .n_events = 7 });
  /* The first to get the lock holds it for at least the delay, long enough for the
   * other to start even under the sanitizers */
  app->delay_ms = 3000;
  hits = app->hits;

  first = app_spawn (app, "--sync");
  second = app_spawn (app, "--sync");
  g_subprocess_communicate_utf8_async (first, NULL, NULL, communicated, &runs[0]);
  g_main_loop_run (app->loop);
  g_subprocess_communicate_utf8_async (second, NULL, NULL, communicated, &runs[1]);
  g_main_loop_run (app->loop);

  for (guint i = 0; i < 2; i++)
    {
      GSubprocess *process = i == 0 ? first : second;

      g_test_message ("--sync %u: %s%s", i, runs[i].out, runs[i].err);
      g_assert_true (g_subprocess_get_if_exited (process));
      status[i] = g_subprocess_get_exit_status (process);
    }
  both = g_strconcat (runs[0].out, runs[1].out, NULL);
  /* One synced, the other met the lock and waited for nothing */
  g_assert_cmpint (status[0] + status[1], ==, 1);
  ca_test_assert_contains (both, "updated ");
  ca_test_assert_contains (both, "being synced");
  g_assert_cmpuint (app->hits, ==, hits + 1);
  for (guint i = 0; i < 2; i++)
    {
      g_free (runs[i].out);
      g_free (runs[i].err);
    }

  {
    g_autoptr(CaStore) store = app_open_store (app);
    g_assert_cmpuint (ca_test_count_events (store, "v2"), ==, 7);
  }

  /* The lock went with the process that held it */
  app->delay_ms = 0;
  g_assert_cmpint (app_run (app, "--sync", NULL), ==, 0);
}

/* A publisher's name with a right-to-left override: --list-feeds shows it escaped, so
 * it cannot turn the rest of the line around in a terminal */
static void
test_bidi_in_list (App *app, gconstpointer data)
{
  g_autofree char *add = g_strconcat ("--add-feed=", app->url, NULL);
  g_autofree char *out = NULL;

  g_assert_cmpint (app_run (app, add, NULL), ==, 0);
  app->feed = ca_test_feed_build (&(CaTestFeedSpec) {
    .tag = "\u202egnp.exe", .n_clusters = 1, .n_events = 1 });
  g_assert_cmpint (app_run (app, "--sync", NULL), ==, 0);
  g_assert_cmpint (app_run (app, "--list-feeds", &out), ==, 0);
  ca_test_assert_contains (out, "Publisher \\u202egnp.exe");
  g_assert_null (strstr (out, "\u202e"));
}

/* The disk refuses writes in the middle of an import: --sync fails with the store's
 * message, the previous data stays whole, and the next sync with room works */
static void
test_full_disk (App *app, gconstpointer data)
{
  g_autofree char *path = app_store_path (app);
  g_autofree char *out = NULL;
  GStatBuf st;

  app_add_and_sync_v1 (app);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  /* About 10 MiB to import; the store may grow by 64 KiB */
  g_clear_pointer (&app->feed, g_bytes_unref);
  app->feed = ca_test_feed_build (&(CaTestFeedSpec) {
    .tag = "v2", .n_clusters = 800, .big_clusters = TRUE, .n_events = 2000 });
  app->fsize_limit = st.st_size + 64 * 1024;
  g_test_message ("store of %" G_GINT64_FORMAT " bytes", (gint64) st.st_size);

  g_assert_cmpint (app_run (app, "--sync", &out), ==, 1);
  ca_test_assert_contains (out, "failed ");
  {
    g_autoptr(CaStore) store = app_open_store (app);
    g_autoptr(CaFeedInfo) info = ca_store_get_feed_info (store, app->url, NULL);

    g_assert_cmpuint (ca_test_count_events (store, "v1"), ==, 5);
    g_assert_cmpuint (info->n_clusters, ==, 3);
    g_assert_nonnull (info->last_error);
    g_test_message ("the feed's error: %s", info->last_error);
  }

  app->fsize_limit = 0;
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (app_run (app, "--sync", &out), ==, 0);
  ca_test_assert_contains (out, "800 clusters");
  {
    g_autoptr(CaStore) store = app_open_store (app);
    g_assert_cmpuint (ca_test_count_events (store, "v2"), ==, 2000);
  }
}

typedef struct {
  GMainLoop        *loop;
  GSubprocess      *process;
  GDataInputStream *out;
  int               delay_ms;       /* after "Importing", or -1: no kill */
  guint             kill_source;
  gint64            importing;      /* when the app said it imports */
  gint64            ended;
} Kill;

static gboolean
kill_now (gpointer data)
{
  Kill *kill = data;

  kill->kill_source = 0;
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
  if (kill->importing == 0 && strstr (line, "Importing ") != NULL)
    {
      kill->importing = g_get_monotonic_time ();
      if (kill->delay_ms >= 0)
        kill->kill_source = g_timeout_add (kill->delay_ms, kill_now, kill);
    }
  g_data_input_stream_read_line_async (kill->out, G_PRIORITY_DEFAULT, NULL, line_read, kill);
}

static void
waited (GObject      *source,
        GAsyncResult *res,
        gpointer      user_data)
{
  Kill *kill = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), res, NULL);
  kill->ended = g_get_monotonic_time ();
  g_main_loop_quit (kill->loop);
}

/* Runs --sync and kills it delay_ms after its import began (-1: never); returns
 * whether it was killed, and how long the import had run */
static gboolean
sync_and_kill (App  *app,
               int   delay_ms,
               guint *import_ms)
{
  g_autoptr(GSubprocess) process = app_spawn (app, "--sync");
  Kill kill = { app->loop, process, NULL, delay_ms, 0, 0, 0 };

  kill.out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_data_input_stream_read_line_async (kill.out, G_PRIORITY_DEFAULT, NULL, line_read, &kill);
  g_subprocess_wait_async (process, NULL, waited, &kill);
  g_main_loop_run (app->loop);
  /* It may have ended before its kill */
  g_clear_handle_id (&kill.kill_source, g_source_remove);
  /* The read under way ends with the pipe */
  while (g_main_context_iteration (NULL, FALSE));
  g_clear_object (&kill.out);
  g_assert_cmpint (kill.importing, >, 0);
  *import_ms = (kill.ended - kill.importing) / 1000;
  if (g_subprocess_get_if_signaled (process))
    {
      g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
      return TRUE;
    }
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  return FALSE;
}

/* kill -9 eighteen times at as many points of an import, from its start to its
 * commit: every time the next start finds the previous data whole (or, had the
 * import ended first, the new data whole) */
static void
test_kill_repeatedly (App *app, gconstpointer data)
{
  g_autoptr(GBytes) v1 = NULL;
  g_autoptr(GBytes) v2 = ca_test_feed_build (&(CaTestFeedSpec) {
    .tag = "v2", .n_clusters = 400, .big_clusters = TRUE, .n_events = 2500 });
  guint import_ms = 0;
  guint n_killed = 0;
  guint n_v1 = 0;
  gboolean v2_done = FALSE;

  app_add_and_sync_v1 (app);
  v1 = g_bytes_ref (app->feed);

  /* How long a whole import of v2 takes here, then back to v1 */
  g_bytes_unref (app->feed);
  app->feed = g_bytes_ref (v2);
  g_assert_false (sync_and_kill (app, -1, &import_ms));
  g_test_message ("the import takes %u ms", import_ms);
  g_bytes_unref (app->feed);
  app->feed = g_bytes_ref (v1);
  g_assert_cmpint (app_run (app, "--sync", NULL), ==, 0);

  g_bytes_unref (app->feed);
  app->feed = g_bytes_ref (v2);
  for (guint i = 0; i < 18; i++)
    {
      guint delay_ms = import_ms * i / 18;
      guint ran_ms = 0;
      gboolean killed = sync_and_kill (app, delay_ms, &ran_ms);

      g_test_message ("kill after %u ms: %s after %u ms", delay_ms,
                      killed ? "killed" : "had ended", ran_ms);
      if (killed)
        n_killed++;

      /* Killed after its commit, the import is there whole; once it is, every other
       * import replaces v2 with v2 */
      {
        g_autoptr(CaStore) store = app_open_store (app);
        g_autoptr(CaFeedInfo) info = ca_store_get_feed_info (store, app->url, NULL);

        if (info->n_clusters == 400)
          {
            g_assert_cmpuint (ca_test_count_events (store, "v2"), ==, 2500);
            v2_done = TRUE;
          }
        else
          {
            g_assert_false (v2_done);
            g_assert_cmpuint (info->n_clusters, ==, 3);
            g_assert_cmpuint (ca_test_count_events (store, "v1"), ==, 5);
            n_v1++;
          }
      }
    }
  g_test_message ("%u of 18 killed, %u of them before the commit", n_killed, n_v1);
  /* The kill points are spread over the import as timed once; on a machine whose
   * load changes under the test the imports that follow run faster or slower, so
   * only ask that a good part of them landed, and several before the commit */
  g_assert_cmpuint (n_killed, >=, 6);
  g_assert_cmpuint (n_v1, >=, 4);

  g_assert_cmpint (app_run (app, "--sync", NULL), ==, 0);
  {
    g_autoptr(CaStore) store = app_open_store (app);
    g_assert_cmpuint (ca_test_count_events (store, "v2"), ==, 2500);
  }
}

/* }}} */

/* {{{ The store */

static void
copy_file (const char *from,
           const char *to,
           goffset     length)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
  if (length >= 0)
    len = MIN (len, (gsize) length);
  g_assert_true (g_file_set_contents (to, contents, len, NULL));
}

/* Clusters and events of feed A in the store at path, which must be one whole import */
static void
assert_whole (const char *path,
              guint      *n_clusters)
{
  g_autoptr(CaStore) store = ca_test_open_store (path);
  g_autoptr(GPtrArray) clusters = ca_test_list_clusters (store);
  CaEventQuery all = CA_EVENT_QUERY_INIT;
  g_autoptr(GPtrArray) events = ca_test_list_events (store, &all);
  g_autoptr(CaFeedInfo) info = ca_test_feed_info (store, CA_TEST_FEED_A);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_null (ca_store_get_moved_aside (store));
  g_assert_true ((clusters->len == 40 && events->len == 300) ||
                 (clusters->len == 3 && events->len == 2));
  g_assert_cmpuint (info->n_clusters, ==, clusters->len);
  g_assert_cmpuint (info->n_events, ==, events->len);
  *n_clusters = clusters->len;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* A crash (or a full disk) can leave the write-ahead log cut anywhere: the store
 * opens with the last whole import, checks as sound, and is not set aside */
static void
test_truncated_wal (CaTestStore *fx, gconstpointer data)
{
  g_autoptr(CaFeed) v1 = ca_test_bulk_feed ("Alpha", 40, 20, 100, 300);
  g_autoptr(CaFeed) v2 = ca_test_bulk_feed ("Omega", 3, 1, 1, 2);
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
  g_autofree char *copy_dir = g_build_filename (fx->dir, "copy", NULL);
  g_autofree char *copy = g_build_filename (copy_dir, "atlas.db", NULL);
  g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
  g_autofree char *db_copy = g_build_filename (fx->dir, "db-copy", NULL);
  g_autofree char *wal_copy = g_build_filename (fx->dir, "wal-copy", NULL);
  const goffset cuts[] = { -1, 0, 20, 32 + 24 + 100, -2, -3 };
  GStatBuf st;

  ca_test_replace (fx->store, CA_TEST_FEED_A, v1);
  ca_test_store_reopen (fx);      /* v1 checkpointed into the file */
  ca_test_replace (fx->store, CA_TEST_FEED_A, v2);
  /* v2 is in the log only: take the file and the log as a crash would leave them */
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_test_message ("log of %" G_GINT64_FORMAT " bytes", (gint64) st.st_size);
  g_assert_cmpint (st.st_size, >, 32 + 2 * (24 + 16384));
  copy_file (fx->path, db_copy, -1);
  copy_file (wal, wal_copy, -1);
  g_assert_cmpint (g_mkdir (copy_dir, 0700), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      /* -1: the whole log; -2: half of it; -3: all but its last 100 bytes */
      goffset cut = cuts[i] == -1 ? st.st_size : cuts[i] == -2 ? st.st_size / 2
                    : cuts[i] == -3 ? st.st_size - 100 : cuts[i];
      guint n_clusters = 0;

      g_test_message ("log cut at %" G_GINT64_FORMAT, (gint64) cut);
      copy_file (db_copy, copy, -1);
      copy_file (wal_copy, copy_wal, cut);
      assert_whole (copy, &n_clusters);
      /* The whole log has v2; a log cut before its first commit has v1 */
      if (cut == st.st_size)
        g_assert_cmpuint (n_clusters, ==, 3);
      else if (cut <= 32 + 24 + 100)
        g_assert_cmpuint (n_clusters, ==, 40);
      ca_test_remove_tree (copy_dir);
      g_assert_cmpint (g_mkdir (copy_dir, 0700), ==, 0);
    }
}

/* }}} */

/* {{{ Feed content */

static CaFeed *
parse (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  return ca_test_parse (bytes, "https://example.org/feed.json");
}

static void
assert_warnings (CaFeed     *feed,
                 const char *first,
                 ...)
{
  va_list args;
  guint n = 0;

  for (guint i = 0; i < feed->warnings->len; i++)
    g_test_message ("warning: %s", (const char *) feed->warnings->pdata[i]);
  va_start (args, first);
  for (const char *w = first; w != NULL; w = va_arg (args, const char *), n++)
    {
      g_assert_cmpuint (n, <, feed->warnings->len);
      g_assert_cmpstr (feed->warnings->pdata[n], ==, w);
    }
  va_end (args);
  g_assert_cmpuint (n, ==, feed->warnings->len);
}

/* Numbers past what a count, an amount or a date can hold: what JSON reads as
 * infinity, and counts that are not integers, are warned about and dropped (never
 * shown as "inf"); the largest double is shown whole; a year past 9999 is no date */
static void
test_huge_numbers (void)
{
  static const char json[] =
    "{\"format\": \"cluster-feed\", \"version\": 1,"
    " \"clusters\": [{\"id\": \"c\", \"name\": \"N\", \"composition\": {"
    "   \"members\": 9223372036854775807, \"startups\": 1e400, \"research\": 1e20,"
    "   \"other\": -1e400}}],"
    " \"projects\": ["
    "   {\"id\": \"p\", \"title\": \"P\", \"start\": \"2024-01-01\", \"budget\": {\"amount\": 1e400}},"
    "   {\"id\": \"q\", \"title\": \"Q\", \"start\": \"2024-01-01\","
    "    \"budget\": {\"amount\": 1.7976931348623157e308}}],"
    " \"events\": ["
    "   {\"id\": \"e\", \"title\": \"E\", \"start\": \"99999-01-01\"},"
    "   {\"id\": \"f\", \"title\": \"F\", \"start\": \"2024-01-01T10:00:00+99:00\"},"
    "   {\"id\": \"g\", \"title\": \"G\", \"start\": \"9999-12-31\", \"end\": \"9999-12-31\"}]}";
  g_autoptr(CaFeed) feed = parse (json);
  CaCluster *cluster = feed->clusters->pdata[0];
  CaProject *project;
  g_autofree char *money = NULL;
  g_autofree char *count = NULL;
  const char *digits;

  assert_warnings (feed,
                   "clusters[0].composition.startups: expected a non-negative integer, got inf",
                   "clusters[0].composition.research: expected a non-negative integer, got 1e+20",
                   "clusters[0].composition.other: expected a non-negative integer, got -inf",
                   "projects[0].budget.amount: expected a non-negative number, got inf",
                   "events[0].start: expected a date-time, got \"99999-01-01\"",
                   "events[1].start: expected a date-time, got \"2024-01-01T10:00:00+99:00\"",
                   NULL);

  g_assert_cmpint (cluster->composition[CA_COMPOSITION_MEMBERS], ==, G_MAXINT64);
  count = ca_format_count (cluster->composition[CA_COMPOSITION_MEMBERS]);
  g_assert_cmpstr (count, ==, "9223372036854775807");
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_STARTUPS], ==, -1);
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_RESEARCH], ==, -1);
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_OTHER], ==, -1);

  g_assert_cmpuint (feed->projects->len, ==, 2);
  project = feed->projects->pdata[0];
  g_assert_false (project->has_budget);
  project = feed->projects->pdata[1];
  g_assert_true (project->has_budget);
  money = ca_format_money (project->budget_amount, project->budget_currency);
  g_test_message ("%s", money);
  /* In C.UTF-8, no grouping: 309 digits, the point and two decimals */
  digits = strstr (money, "1797693134862315");
  g_assert_nonnull (digits);
  g_assert_cmpuint (strspn (digits, "0123456789"), ==, 309);
  g_assert_true (g_str_has_prefix (digits + 309, ".00"));

  g_assert_cmpuint (feed->events->len, ==, 1);
  g_assert_cmpstr (((CaEvent *) feed->events->pdata[0])->id, ==, "g");
}

/* Bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE and the like) stay in the feed's text,
 * but a warning that quotes a value shows them as escapes: they cannot turn the rest
 * of a --validate-feed or --sync line around */
static void
test_bidi_in_messages (void)
{
  static const char json[] =
    "{\"format\": \"cluster-feed\", \"version\": 1,"
    " \"clusters\": [{\"id\": \"c\", \"name\": \"\\u202egnp.exe\\u202c name\","
    "   \"country\": \"\\u202eBG\\u2066x\\u2069\\u200f\"}]}";
  g_autoptr(CaFeed) feed = parse (json);
  CaCluster *cluster = feed->clusters->pdata[0];
  g_autofree char *name = ca_text_display (cluster->name);

  g_assert_cmpstr (name, ==, "\u202egnp.exe\u202c name");
  assert_warnings (feed, "clusters[0].country: expected a two-letter country code, got "
                         "\"\\u202eBG\\u2066x\\u2069\\u200f\"", NULL);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  ca_test_store_init (&argc, &argv);

#define SYNC(path, func, raw) \
  g_test_add (path, Fixture, GINT_TO_POINTER (raw), fixture_set_up, func, fixture_tear_down)
#define APP(path, func) \
  g_test_add (path, App, NULL, app_set_up, func, app_tear_down)

  SYNC ("/hostile/sync/gzip-bomb", test_gzip_bomb, FALSE);
  SYNC ("/hostile/sync/content-length/more", test_content_length_more, TRUE);
  SYNC ("/hostile/sync/content-length/less", test_content_length_less, TRUE);
  SYNC ("/hostile/sync/content-length/huge", test_content_length_huge, TRUE);
  SYNC ("/hostile/sync/etag/injection", test_etag_injection, TRUE);
  SYNC ("/hostile/sync/etag/huge", test_etag_huge, TRUE);
  SYNC ("/hostile/sync/redirect/not-http", test_redirect_not_http, FALSE);

  APP ("/hostile/command/two-syncs", test_two_syncs);
  APP ("/hostile/command/full-disk", test_full_disk);
  APP ("/hostile/command/bidi-in-list", test_bidi_in_list);
  APP ("/hostile/command/kill-repeatedly", test_kill_repeatedly);

  CA_TEST_STORE_ADD ("/hostile/store/truncated-wal", test_truncated_wal);

  g_test_add_func ("/hostile/feed/huge-numbers", test_huge_numbers);
  g_test_add_func ("/hostile/feed/bidi-in-messages", test_bidi_in_messages);

  return g_test_run ();
}
