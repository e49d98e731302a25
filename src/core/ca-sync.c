/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "ca-credentials.h"
#include "ca-format.h"
#include "ca-ics-parser.h"
#include "ca-sync.h"
#include "ca-local-file.h"
#include "ca-sync-private.h"
#include "ca-thread-private.h"

/*
 * Fetches feeds into the store. The transfer runs on the main context (async
 * reads cost the loop nothing); the parse and the import run in a worker, and
 * so does every store write, since an import of another feed may hold the
 * writer for seconds. A failure of any kind leaves the records as they were:
 * only the feed's last error (and a server's Retry-After) is written.
 *
 * Three clocks bound a download: the connect timeout, the idle timeout (libsoup's
 * I/O timeout, and less than 1 KiB of body per idle period is a stall) and the
 * deadline, which counts from the request and covers the status line and headers
 * too: a server that drips a byte before every idle timeout is still given up.
 */

#define READ_CHUNK        (64 * 1024)
/* A transfer that brings less than this in one idle period is a stall */
#define MIN_PROGRESS      1024
#define MAX_RETRY_AFTER   (7 * 24 * 3600)

struct _CaSync
{
  GObject      parent_instance;

  CaStore     *store;
  SoupSession *session;
  gsize        max_size;
  guint        connect_timeout;
  guint        idle_timeout;
  guint        deadline;
  /* read by the import workers: set before a sync starts */
  gint64       calendar_now;
  guint        calendar_past_days;
  guint        calendar_future_days;

  GMutex       running_lock;   /* the workers end a sync */
  GHashTable  *running;        /* keys being synced */
};

G_DEFINE_FINAL_TYPE (CaSync, ca_sync, G_TYPE_OBJECT)

G_DEFINE_QUARK (ca-sync-error-quark, ca_sync_error)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Where a download is, for a message that says what was too slow */
typedef enum {
  PHASE_CONNECT,     /* name lookup, connection, TLS */
  PHASE_HEADERS,     /* the request sent, waiting for the status line and headers */
  PHASE_BODY,
} SyncPhase;

typedef struct {
  CaSync       *self;
  char         *key;
  CaFeedInfo   *info;
  GUri         *uri;
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *body;
  gint64        total;          /* Content-Length when it is the body's size, else -1 */
  guint64       received;
  guint64       received_at_check;
  guint         redirects;
  GCancellable *cancellable;    /* cancelled by the caller's and by the timers */
  GCancellable *caller;
  gulong        caller_handler;
  guint         connect_source;
  guint         stall_source;
  GSource      *deadline_source; /* holds a ref on the task; destroyed from any thread */
  gboolean      timed_out;
  gboolean      deadline_hit;
  SyncPhase     phase;
  char         *etag;
  char         *last_modified;
  GError       *failure;        /* to record in a worker, then return */
  int           lock_fd;        /* holds the feed's lock file: _ca_sync_lock_path() */
  GTask        *task;           /* not a reference: the task owns the op */
  GUri         *origin;         /* the feed's own address: credentials go only there */
  char         *user;           /* from a key an older version stored with them */
  char         *password;
  SoupAuth     *auth;           /* waiting for the keyring */
  gboolean      auth_sent;      /* credentials were given for this request */
  gboolean      auth_elsewhere; /* a 401 from another server than the feed's */
  char         *auth_problem;   /* why the keyring gave none */
} SyncOp;

/* The deadline's source may have fired or be firing: destroying it again is
 * harmless, where g_source_remove() of a gone id is a critical */
static void
stop_deadline (SyncOp *op)
{
  GSource *source = g_steal_pointer (&op->deadline_source);

  if (source != NULL)
    {
      g_source_destroy (source);
      g_source_unref (source);
    }
}

static void
stop_timers (SyncOp *op)
{
  g_clear_handle_id (&op->connect_source, g_source_remove);
  g_clear_handle_id (&op->stall_source, g_source_remove);
  stop_deadline (op);
}

static void
sync_op_free (SyncOp *op)
{
  stop_timers (op);
  if (op->caller_handler != 0)
    g_cancellable_disconnect (op->caller, op->caller_handler);
  g_clear_object (&op->caller);
  g_clear_object (&op->cancellable);
  g_clear_object (&op->stream);
  if (op->msg != NULL)
    g_signal_handlers_disconnect_by_data (op->msg, op);
  g_clear_object (&op->msg);
  g_clear_pointer (&op->uri, g_uri_unref);
  g_clear_pointer (&op->origin, g_uri_unref);
  g_clear_object (&op->auth);
  if (op->password != NULL)
    memset (op->password, 0, strlen (op->password));
  g_free (op->password);
  g_free (op->user);
  g_free (op->auth_problem);
  g_clear_pointer (&op->info, ca_feed_info_free);
  g_clear_pointer (&op->body, g_byte_array_unref);
  g_clear_pointer (&op->failure, g_error_free);
  if (op->lock_fd >= 0)
    close (op->lock_fd);
  g_free (op->etag);
  g_free (op->last_modified);
  g_free (op->key);
  g_clear_object (&op->self);
  g_free (op);
}

void
ca_sync_result_free (CaSyncResult *result)
{
  if (result == NULL)
    return;
  g_free (result->key);
  g_free (result);
}

static CaSyncResult *
result_new (const char   *key,
            CaSyncStatus  status,
            CaFeedInfo   *info)
{
  CaSyncResult *result = g_new0 (CaSyncResult, 1);

  result->key = g_strdup (key);
  result->status = status;
  if (info != NULL)
    {
      result->n_clusters = info->n_clusters;
      result->n_members = info->n_members;
      result->n_projects = info->n_projects;
      result->n_events = info->n_events;
      result->n_warnings = info->warnings != NULL ? g_strv_length (info->warnings) : 0;
    }
  return result;
}

/* Every ending goes through here, on whichever thread: the feed is free again
 * before the caller hears of it, so it may sync again at once. */
static void
end_running (SyncOp *op)
{
  stop_deadline (op);
  /* Closing the file lets go of the lock for the other processes */
  if (op->lock_fd >= 0)
    {
      close (op->lock_fd);
      op->lock_fd = -1;
    }
  g_mutex_lock (&op->self->running_lock);
  g_hash_table_remove (op->self->running, op->key);
  g_mutex_unlock (&op->self->running_lock);
}

static void
return_result (GTask        *task,
               CaSyncResult *result)
{
  end_running (g_task_get_task_data (task));
  g_task_return_pointer (task, result, (GDestroyNotify) ca_sync_result_free);
}

static void
return_error (GTask  *task,
              GError *error)
{
  end_running (g_task_get_task_data (task));
  g_task_return_error (task, error);
}

/* {{{ Failures */

static void
record_failure_thread (GTask        *task,
                       gpointer      source,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  SyncOp *op = task_data;
  g_autoptr(GError) error = NULL;

  if (!ca_store_record_feed_error (op->self->store, op->key, op->failure->message, &error))
    g_warning ("Cannot record the failure of %s: %s", op->key, error->message);
  return_error (task, g_steal_pointer (&op->failure));
}

/* Ends the sync with error; the store keeps it as the feed's last error, unless
 * the user cancelled. */
static void
fail (GTask  *task,
      GError *error)
{
  SyncOp *op = g_task_get_task_data (task);

  stop_timers (op);
  g_clear_object (&op->stream);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_debug ("Sync of %s failed: %s", op->key, error->message);
  op->failure = error;
  g_task_run_in_thread (task, record_failure_thread);
  g_object_unref (task);
}

static const char *
op_host (SyncOp *op)
{
  const char *host = op->uri != NULL ? g_uri_get_host (op->uri) : NULL;
  return host != NULL ? host : op->key;
}

/* A timer ran out: the message names the phase and the time it was given */
static GError *
timeout_error (SyncOp *op,
               guint   seconds)
{
  g_autofree char *after = ca_format_seconds (seconds);
  const char *host = op_host (op);

  switch (op->phase)
    {
    case PHASE_CONNECT:
      /* Translators: %s is a server name, then a time as “15 s” or “2 min” */
      return g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_TIMEOUT,
                          _("Could not connect to %s: gave up after %s"), host, after);
    case PHASE_HEADERS:
      if (op->deadline_hit)
        /* Translators: %s is a server name, then a time as “2 min”; the headers are
         * the first part of a server's answer */
        return g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_TIMEOUT,
                            _("%s sent its headers too slowly: gave up after %s"), host, after);
      /* Translators: %s is a server name, then a time as “30 s” */
      return g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_TIMEOUT,
                          _("%s did not answer: gave up after %s"), host, after);
    case PHASE_BODY:
    default:
      /* Translators: %s is a server name, then a time as “2 min” */
      return g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_TIMEOUT,
                          _("%s sent the feed too slowly: gave up after %s"), host, after);
    }
}

GError *
_ca_sync_connection_error (const char   *host,
                           const GError *error)
{
  if (error->domain == G_TLS_ERROR)
    /* Translators: %s is a server name, the second %s the reason */
    return g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_TLS,
                        _("The secure connection to %s could not be verified: %s"),
                        host, error->message);
  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_NETWORK,
                        _("Could not reach %s: no server has that name."), host);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_NETWORK,
                        _("Could not reach %s: the connection was refused."), host);
  return NULL;
}

/* A failure before the body: of the connection, the name, the TLS handshake or a timer */
static GError *
transport_error (SyncOp *op,
                 GError *error)
{
  const char *host = op_host (op);
  GError *mapped;

  if (op->deadline_hit)
    return timeout_error (op, op->self->deadline);
  else if (op->timed_out)
    return timeout_error (op, op->self->connect_timeout);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The sync was cancelled."));
  else if ((mapped = _ca_sync_connection_error (host, error)) != NULL)
    return mapped;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    /* libsoup's I/O timeout: the idle one */
    mapped = timeout_error (op, op->self->idle_timeout);
  else if (op->phase == PHASE_HEADERS)
    /* Connected, so reached: what came back was broken or cut off */
    /* Translators: %s is a server name, the second %s the reason */
    mapped = g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_NETWORK,
                          _("%s did not send a valid answer: %s"), host, error->message);
  else
    /* Translators: %s is a server name, the second %s the reason */
    mapped = g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_NETWORK,
                          _("Could not reach %s: %s"), host, error->message);
  return mapped;
}

/* }}} */

/* {{{ Address rules */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static char *
file_key (GFile *file)
{
  return g_file_get_uri (file);
}

char *
ca_sync_check_url (const char  *text,
                   GError     **error)
{
  return ca_sync_check_url_full (text, NULL, NULL, error);
}

/* The user name and password of an address, decoded; FALSE when one is not
 * text (an encoded NUL, or bytes that are not UTF-8) */
static gboolean
split_userinfo (const char  *text,
                char       **user,
                char       **password)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_ENCODED | G_URI_FLAGS_HAS_PASSWORD |
                                     G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
  const char *encoded_password;

  *user = *password = NULL;
  if (uri == NULL || g_uri_get_user (uri) == NULL)
    return TRUE;
  *user = g_uri_unescape_string (g_uri_get_user (uri), NULL);
  encoded_password = g_uri_get_password (uri);
  *password = encoded_password != NULL ? g_uri_unescape_string (encoded_password, NULL)
                                       : g_strdup ("");
  if (*user == NULL || *password == NULL ||
      !g_utf8_validate (*user, -1, NULL) || !g_utf8_validate (*password, -1, NULL))
    {
      g_clear_pointer (user, g_free);
      g_clear_pointer (password, g_free);
      return FALSE;
    }
  return TRUE;
}

char *
ca_sync_check_url_full (const char  *text,
                        char       **user,
                        char       **password,
                        GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (user != NULL)
    *user = NULL;
  if (password != NULL)
    *password = NULL;
  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, CA_SYNC_ERROR, CA_SYNC_ERROR_BAD_URL,
                           _("Enter the address of a feed."));
      return NULL;
    }

  scheme = g_uri_peek_scheme (trimmed);
  if (scheme == NULL)
    {
      /* A shell expands "~/" before a program sees it; quoted, it arrives as is */
      if (trimmed[0] == '~')
        {
          /* Translators: %s is what the user typed, as “~/feed.json”; ~ stands for
           * the home folder only where a shell expands it */
          g_set_error (error, CA_SYNC_ERROR, CA_SYNC_ERROR_BAD_URL,
                       _("“%s” starts with ~, which was not expanded to the home folder: "
                         "give the whole path, as %s/…"), trimmed, g_get_home_dir ());
          return NULL;
        }
      /* A path: absolute, or relative to an existing file */
      if (g_path_is_absolute (trimmed) || g_file_test (trimmed, G_FILE_TEST_EXISTS))
        {
          g_autoptr(GFile) file = g_file_new_for_commandline_arg (trimmed);
          return file_key (file);
        }
      /* Translators: %s is what the user typed */
      g_set_error (error, CA_SYNC_ERROR, CA_SYNC_ERROR_BAD_URL,
                   _("“%s” is not an address: feed addresses start with https://"), trimmed);
      return NULL;
    }

  if (g_str_equal (scheme, "file"))
    {
      g_autoptr(GFile) file = NULL;

      uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
      if (uri == NULL || (g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0' &&
                          !host_is_loopback (g_uri_get_host (uri))))
        {
          g_set_error (error, CA_SYNC_ERROR, CA_SYNC_ERROR_BAD_URL,
                       _("“%s” is not a file on this computer."), trimmed);
          return NULL;
        }
      file = g_file_new_for_uri (trimmed);
      return file_key (file);
    }

  if (!g_str_equal (scheme, "https") && !g_str_equal (scheme, "http"))
    {
      /* Translators: %s is the part of an address before the colon, as “ftp” */
      g_set_error (error, CA_SYNC_ERROR, CA_SYNC_ERROR_BAD_URL,
                   _("Addresses starting with “%s:” are not supported: use https://"), scheme);
      return NULL;
    }

  uri = g_uri_parse (trimmed, G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, &local_error);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, CA_SYNC_ERROR, CA_SYNC_ERROR_BAD_URL,
                   _("“%s” is not a valid address."), trimmed);
      return NULL;
    }
  if (strpbrk (g_uri_get_host (uri), " \t") != NULL || strstr (g_uri_get_host (uri), "%20") != NULL)
    {
      /* Translators: %s is the server's name as typed, with a space in it */
      g_set_error (error, CA_SYNC_ERROR, CA_SYNC_ERROR_BAD_URL,
                   _("The server name “%s” has a space in it."), g_uri_get_host (uri));
      return NULL;
    }
  {
    /* The same feed is one key however its server's name is written: a name is
     * not case-sensitive (the path is) */
    g_autofree char *host = g_ascii_strdown (g_uri_get_host (uri), -1);

    if (!g_str_equal (host, g_uri_get_host (uri)))
      {
        GUri *lower = g_uri_build_with_user (g_uri_get_flags (uri), g_uri_get_scheme (uri),
                                             g_uri_get_user (uri), g_uri_get_password (uri),
                                             g_uri_get_auth_params (uri), host,
                                             g_uri_get_port (uri), g_uri_get_path (uri),
                                             g_uri_get_query (uri), g_uri_get_fragment (uri));
        g_uri_unref (uri);
        uri = lower;
      }
  }
  if (g_str_equal (scheme, "http") && !host_is_loopback (g_uri_get_host (uri)))
    {
      g_set_error (error, CA_SYNC_ERROR, CA_SYNC_ERROR_BAD_URL,
                   _("Only secure addresses (https://) are accepted; http:// only for "
                     "this computer (localhost)."));
      return NULL;
    }
  if (user != NULL || password != NULL)
    {
      g_autofree char *found_user = NULL;
      g_autofree char *found_password = NULL;

      if (!split_userinfo (trimmed, &found_user, &found_password))
        {
          g_set_error_literal (error, CA_SYNC_ERROR, CA_SYNC_ERROR_BAD_URL,
                               _("The user name or password in the address is not valid text."));
          return NULL;
        }
      if (user != NULL)
        *user = g_steal_pointer (&found_user);
      if (password != NULL)
        *password = g_steal_pointer (&found_password);
    }
  /* A password is never part of the key, nor the user name that goes with it:
   * they are kept in the keyring (ca-credentials.c), and the key stays the same
   * when they change */
  return g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO | G_URI_HIDE_FRAGMENT);
}

char *
ca_sync_check_new_feed (const char  *text,
                        char       **user,
                        char       **password,
                        GError     **error)
{
  g_autofree char *key = ca_sync_check_url_full (text, user, password, error);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  struct stat st;
  int fd;

  if (key == NULL || !g_str_has_prefix (key, "file:"))
    return g_steal_pointer (&key);
  /* A file to subscribe to is there, and a regular one (a FIFO would be read
   * at every sync, and block) */
  file = g_file_new_for_uri (key);
  path = g_file_get_path (file);
  if (path != NULL && (fd = ca_local_file_open (path, &st, error)) >= 0)
    {
      close (fd);
      return g_steal_pointer (&key);
    }
  if (path == NULL)
    g_set_error (error, CA_SYNC_ERROR, CA_SYNC_ERROR_BAD_URL,
                 _("“%s” is not a file on this computer."), text);
  if (user != NULL)
    g_clear_pointer (user, g_free);
  if (password != NULL)
    g_clear_pointer (password, g_free);
  return NULL;
}

char *
ca_sync_webcal_to_https (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  if (g_ascii_strncasecmp (text, "webcal://", 9) == 0)
    return g_strconcat ("https://", text + 9, NULL);
  if (g_ascii_strncasecmp (text, "webcals://", 10) == 0)
    return g_strconcat ("https://", text + 10, NULL);
  return g_strdup (text);
}

gboolean
ca_sync_key_is_local (const char *key)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (key != NULL, FALSE);

  if (g_str_has_prefix (key, "file:"))
    return TRUE;
  uri = g_uri_parse (key, G_URI_FLAGS_ENCODED, NULL);
  return uri != NULL && host_is_loopback (g_uri_get_host (uri));
}

/* }}} */

/* {{{ Import in a worker */

/* A calendar subscription is always read as iCalendar, whatever its Content-Type. A
 * cluster feed whose address starts to serve a calendar is not read as one: its
 * events would belong to no cluster, and its clusters, members and projects would all
 * be removed. It fails instead, its records kept, and the error says how to subscribe.
 * The body decides, not the Content-Type, which servers often get wrong. */
static gboolean
serves_calendar (GBytes  *bytes,
                 GError **error)
{
  const char *data;
  gsize len;

  data = g_bytes_get_data (bytes, &len);
  if (!ca_ics_sniff (data, len))
    return FALSE;
  g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_CALENDAR,
                       _("Expected a cluster feed, got an iCalendar calendar; the previous "
                         "data is kept. To follow this calendar, add it as a calendar of a "
                         "cluster."));
  return TRUE;
}

/* An iCalendar document, parsed whole (libical has no streaming reader), then
 * stored as a JSON feed's records are */
static CaFeed *
import_calendar (SyncOp           *op,
                 GBytes           *bytes,
                 CaImportChanges  *changes,
                 GError          **error)
{
  g_autoptr(CaIcsParser) parser = ca_ics_parser_new ();
  g_autoptr(CaFeed) feed = NULL;

  ca_ics_parser_set_max_size (parser, op->self->max_size);
  if (op->info->kind == CA_FEED_KIND_ICS && op->info->cluster_id != NULL)
    ca_ics_parser_set_cluster (parser, op->info->cluster_id, op->info->cluster_name);
  ca_ics_parser_set_window (parser, op->self->calendar_now, op->self->calendar_past_days,
                            op->self->calendar_future_days);
  if ((feed = ca_ics_parser_parse (parser, bytes, op->key, error)) == NULL)
    return NULL;
  if (!ca_store_import_feed_full (op->self->store, op->key, feed, op->etag,
                                  op->last_modified, changes, error))
    return NULL;
  return g_steal_pointer (&feed);
}

/* Parses and stores, with the validators in the same transaction. */
static CaSyncResult *
import_bytes (SyncOp  *op,
              GBytes  *bytes,
              GError **error)
{
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(CaFeedInfo) info = NULL;
  CaImportChanges changes = { 0 };
  CaSyncResult *result;

  if (op->info->kind == CA_FEED_KIND_ICS)
    feed = import_calendar (op, bytes, &changes, error);
  else if (serves_calendar (bytes, error))
    return NULL;
  else
    {
      g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();

      ca_feed_parser_set_max_size (parser, op->self->max_size);
      feed = ca_store_import_bytes_full (op->self->store, op->key, parser, bytes,
                                         op->etag, op->last_modified, &changes, error);
    }
  if (feed == NULL)
    return NULL;

  info = ca_store_get_feed_info (op->self->store, op->key, NULL);
  result = result_new (op->key, CA_SYNC_UPDATED, info);
  result->bytes = g_bytes_get_size (bytes);
  result->changes = changes;
  return result;
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SyncOp *op = task_data;
  g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (g_steal_pointer (&op->body));
  g_autoptr(GError) error = NULL;
  CaSyncResult *result;
  int priority = _ca_thread_lower_priority ();

  g_debug ("Importing %s: %" G_GSIZE_FORMAT " bytes", op->key, g_bytes_get_size (bytes));
  result = import_bytes (op, bytes, &error);
  _ca_thread_restore_priority (priority);
  if (result == NULL)
    {
      g_autoptr(GError) record_error = NULL;

      if (!ca_store_record_feed_error (op->self->store, op->key, error->message, &record_error))
        g_warning ("Cannot record the failure of %s: %s", op->key, record_error->message);
      return_error (task, g_steal_pointer (&error));
      return;
    }
  return_result (task, result);
}

/* Clears a previous error after a 304: the only write an unchanged feed costs. */
static void
not_modified_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  SyncOp *op = task_data;
  g_autoptr(GError) error = NULL;

  if (!ca_store_record_feed_error (op->self->store, op->key, NULL, &error))
    g_warning ("Cannot clear the error of %s: %s", op->key, error->message);
  return_result (task, result_new (op->key, CA_SYNC_NOT_MODIFIED, op->info));
}

static void
not_modified (GTask *task)
{
  SyncOp *op = g_task_get_task_data (task);

  stop_timers (op);
  if (op->info->last_error != NULL)
    g_task_run_in_thread (task, not_modified_thread);
  else
    return_result (task, result_new (op->key, CA_SYNC_NOT_MODIFIED, op->info));
  g_object_unref (task);
}

/* }}} */

/* {{{ Local files, read and imported in a worker */

static void
file_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SyncOp *op = task_data;
  g_autoptr(GFile) file = g_file_new_for_uri (op->key);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_parse_name (file);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stamp = NULL;
  CaSyncResult *result;
  struct stat st;
  int fd;

  /* A regular file only, read without blocking and never past the size limit
   * (ca-local-file.c): a FIFO or a device ends the sync at once, with a message */
  if (path == NULL)
    {
      /* Translators: %s is a feed address */
      op->failure = g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_FILE,
                                 _("“%s” is not a file on this computer."), name);
      record_failure_thread (task, source, task_data, cancellable);
      return;
    }
  if ((fd = ca_local_file_open (path, &st, &error)) < 0)
    goto failed;
  /* Its size and time stand in for an ETag: the same file is not read again */
  stamp = g_strdup_printf ("file:%" G_GUINT64_FORMAT ".%u:%" G_GINT64_FORMAT,
                           (guint64) st.st_mtim.tv_sec, (guint) (st.st_mtim.tv_nsec / 1000),
                           (gint64) st.st_size);
  if (g_strcmp0 (stamp, op->info->etag) == 0 && op->info->last_error == NULL)
    {
      close (fd);
      return_result (task, result_new (op->key, CA_SYNC_NOT_MODIFIED, op->info));
      return;
    }
  bytes = ca_local_file_read_fd (fd, name, op->self->max_size, op->cancellable, &error);
  close (fd);
  if (bytes == NULL)
    goto failed;
  op->etag = g_steal_pointer (&stamp);
  op->received = g_bytes_get_size (bytes);

  result = import_bytes (op, bytes, &error);
  if (result == NULL)
    {
      op->failure = g_steal_pointer (&error);
      record_failure_thread (task, source, task_data, cancellable);
      return;
    }
  return_result (task, result);
  return;

failed:
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !op->deadline_hit)
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }
  if (op->deadline_hit)
    {
      g_autofree char *after = ca_format_seconds (op->self->deadline);

      /* Translators: %s is a file name, then a time as “2 min” */
      op->failure = g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_TIMEOUT,
                                 _("%s was read too slowly: gave up after %s"), name, after);
      record_failure_thread (task, source, task_data, cancellable);
      return;
    }
  /* The reader's messages name the file and say what is wrong with it */
  op->failure = g_error_new_literal (CA_SYNC_ERROR,
                                     g_error_matches (error, CA_LOCAL_FILE_ERROR,
                                                      CA_LOCAL_FILE_ERROR_TOO_LARGE)
                                     ? CA_SYNC_ERROR_TOO_LARGE : CA_SYNC_ERROR_FILE,
                                     error->message);
  record_failure_thread (task, source, task_data, cancellable);
}

/* }}} */

/* {{{ HTTP */

static void start_request (GTask *task);

static gboolean
deadline_passed (gpointer user_data)
{
  SyncOp *op = g_task_get_task_data (G_TASK (user_data));

  g_debug ("Deadline of %s passed", op->key);
  op->deadline_hit = TRUE;
  op->timed_out = TRUE;
  g_cancellable_cancel (op->cancellable);
  return G_SOURCE_REMOVE;
}

/* From the request on, redirects included; a local read too, whose worker the
 * cancel stops at its next read */
static void
start_deadline (GTask *task)
{
  SyncOp *op = g_task_get_task_data (task);

  g_assert (op->deadline_source == NULL);
  op->deadline_source = g_timeout_source_new_seconds (op->self->deadline);
  g_source_set_callback (op->deadline_source, deadline_passed, g_object_ref (task),
                         g_object_unref);
  g_source_attach (op->deadline_source, g_main_context_get_thread_default ());
}

static gboolean
connect_timed_out (gpointer user_data)
{
  SyncOp *op = user_data;

  op->connect_source = 0;
  op->timed_out = TRUE;
  g_cancellable_cancel (op->cancellable);
  return G_SOURCE_REMOVE;
}

static void
network_event (SoupMessage        *msg,
               GSocketClientEvent  event,
               GIOStream          *connection,
               gpointer            user_data)
{
  SyncOp *op = user_data;

  if (event == G_SOCKET_CLIENT_RESOLVING || event == G_SOCKET_CLIENT_CONNECTING)
    {
      op->phase = PHASE_CONNECT;
      if (op->connect_source == 0)
        op->connect_source = g_timeout_add_seconds (op->self->connect_timeout,
                                                    connect_timed_out, op);
    }
  else if (event == G_SOCKET_CLIENT_COMPLETE)
    {
      op->phase = PHASE_HEADERS;
      g_clear_handle_id (&op->connect_source, g_source_remove);
    }
}

static gboolean
stall_check (gpointer user_data)
{
  SyncOp *op = user_data;

  if (op->received - op->received_at_check < MIN_PROGRESS)
    {
      op->stall_source = 0;
      op->timed_out = TRUE;
      g_cancellable_cancel (op->cancellable);
      return G_SOURCE_REMOVE;
    }
  op->received_at_check = op->received;
  return G_SOURCE_CONTINUE;
}

static void read_next (GTask *task);

static void
read_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  GTask *task = user_data;
  SyncOp *op = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), res, &error);
  if (chunk == NULL)
    {
      g_autofree char *got = g_format_size (op->received);

      if (op->deadline_hit)
        fail (task, timeout_error (op, op->self->deadline));
      else if (op->timed_out)
        {
          g_autofree char *period = ca_format_seconds (op->self->idle_timeout);

          /* Translators: %s is a server name, then a time as “30 s” */
          fail (task, g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_TIMEOUT,
                                   _("%s sent the feed too slowly: less than 1 KiB in %s"),
                                   op_host (op), period));
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                         _("The sync was cancelled.")));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        {
          g_autofree char *period = ca_format_seconds (op->self->idle_timeout);

          /* Translators: %s is a server name, then a time as “30 s” */
          fail (task, g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_TIMEOUT,
                                   _("%s stopped sending the feed: gave up after %s"),
                                   op_host (op), period));
        }
      else
        /* Translators: %s is a server name, then a size as “1.2 MB”, then the reason */
        fail (task, g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_TRUNCATED,
                                 _("The connection to %s broke off after %s, before the "
                                   "whole feed arrived: %s"),
                                 op_host (op), got, error->message));
      return;
    }

  len = g_bytes_get_size (chunk);
  if (len == 0)
    {
      stop_timers (op);
      if (op->total >= 0 && op->received != (guint64) op->total)
        {
          g_autofree char *got = g_format_size (op->received);

          fail (task, g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_TRUNCATED,
                                   _("The connection to %s broke off after %s, before the "
                                     "whole feed arrived."),
                                   op_host (op), got));
          return;
        }
      g_input_stream_close (op->stream, NULL, NULL);
      g_task_run_in_thread (task, import_thread);
      g_object_unref (task);
      return;
    }

  op->received += len;
  if (op->received > op->self->max_size)
    {
      g_autofree char *limit = ca_format_size_limit (op->self->max_size);

      /* Dropping the stream unfinished closes the connection: nothing more is read */
      g_signal_emit (op->self, signals[PROGRESS], 0, op->key, op->received, op->total);
      fail (task, g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_TOO_LARGE,
                               /* Translators: %s is a size as “128 MiB” */
                               _("The feed is larger than the limit of %s; the "
                                 "transfer was stopped."), limit));
      return;
    }
  g_byte_array_append (op->body, g_bytes_get_data (chunk, NULL), len);
  g_signal_emit (op->self, signals[PROGRESS], 0, op->key, op->received, op->total);
  read_next (task);
}

static void
read_next (GTask *task)
{
  SyncOp *op = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (op->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   op->cancellable, read_done, task);
}

static gint64
parse_retry_after (const char *value,
                   gint64      now)
{
  g_autoptr(GDateTime) when = NULL;
  char *end = NULL;
  gint64 seconds;

  if (value == NULL)
    return 0;
  seconds = g_ascii_strtoll (value, &end, 10);
  if (end != value && *end == '\0')
    return now + CLAMP (seconds, 0, MAX_RETRY_AFTER);
  if ((when = soup_date_time_new_from_http_string (value)) == NULL)
    return 0;
  return CLAMP (g_date_time_to_unix (when), now, now + MAX_RETRY_AFTER);
}

static void
record_retry_after_thread (GTask        *task,
                           gpointer      source,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  SyncOp *op = task_data;
  g_autoptr(GError) error = NULL;

  if (!ca_store_set_feed_retry_after (op->self->store, op->key, op->info->retry_after, &error))
    g_warning ("Cannot record when to retry %s: %s", op->key, error->message);
  record_failure_thread (task, source, task_data, cancellable);
}

static char *
format_time (gint64 when)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (when);
  return g_date_time_format (dt, "%x %X");
}

static GError *
retry_later_error (SyncOp *op)
{
  g_autofree char *when = format_time (op->info->retry_after);

  /* Translators: the first %s is a server name, the second a date and time */
  return g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_RETRY_LATER,
                      _("%s is busy and asked to be tried again after %s."),
                      op_host (op), when);
}

gboolean
_ca_sync_is_web_page (const char *content_type)
{
  return content_type != NULL &&
         (g_ascii_strcasecmp (content_type, "text/html") == 0 ||
          g_ascii_strcasecmp (content_type, "application/xhtml+xml") == 0);
}

GError *
_ca_sync_http_error (const char  *host,
                     SoupMessage *msg)
{
  guint status = soup_message_get_status (msg);
  const char *reason = soup_message_get_reason_phrase (msg);

  /* Translators: %s is a server name, %u an HTTP status code, the last %s its name */
  return g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_HTTP,
                      _("%s answered with an error: HTTP %u %s"), host, status,
                      reason != NULL && *reason != '\0' ? reason : soup_status_get_phrase (status));
}

/* {{{ HTTP authentication */

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

static void
credentials_found (GObject      *source,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  GTask *task = user_data;
  SyncOp *op = g_task_get_task_data (task);
  g_autoptr(SoupAuth) auth = g_steal_pointer (&op->auth);
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;

  if (ca_credentials_lookup_finish (res, &user, &password, &error))
    {
      g_debug ("Credentials of %s from the keyring", op->key);
      op->auth_sent = TRUE;
      soup_auth_authenticate (auth, user, password);
      memset (password, 0, strlen (password));
    }
  else
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        op->auth_problem = g_strdup (error->message);
      soup_auth_cancel (auth);
    }
  g_object_unref (task);
}

/* A 401 (or its challenge) asks for the feed's user name and password: they are
 * looked up in the keyring only then, so a feed without them costs the keyring
 * nothing, and given only to the server of the feed's own address, never to
 * another one a redirect led to. */
static gboolean
authenticate (SoupMessage *msg,
              SoupAuth    *auth,
              gboolean     retrying,
              gpointer     user_data)
{
  SyncOp *op = user_data;

  /* A retry after ours were refused ends here; one after libsoup's own cache of
   * this session was refused (the user may have changed them since) asks the
   * keyring */
  if (soup_auth_is_for_proxy (auth) || (retrying && op->auth_sent))
    return FALSE;
  if (!same_origin (soup_message_get_uri (msg), op->origin))
    {
      op->auth_elsewhere = TRUE;
      return FALSE;
    }
  if (op->user != NULL)
    {
      op->auth_sent = TRUE;
      soup_auth_authenticate (auth, op->user, op->password);
      return TRUE;
    }
  op->auth = g_object_ref (auth);
  ca_credentials_lookup_async (op->key, op->cancellable, credentials_found,
                               g_object_ref (op->task));
  return TRUE;
}

static GError *
auth_error (SyncOp *op)
{
  if (op->auth_sent)
    /* Translators: %s is a server name */
    return g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_AUTH,
                        _("%s needs a user name and password: it refused the ones in the "
                          "keyring (HTTP 401)."), op_host (op));
  if (op->auth_problem != NULL)
    /* Translators: %s is a server name, the second %s why the keyring could not be read */
    return g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_AUTH,
                        _("%s needs a user name and password (HTTP 401), and they could not "
                          "be read: %s"), op_host (op), op->auth_problem);
  if (op->auth_elsewhere)
    /* Translators: the first %s is a server name, the second that of the feed */
    return g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_AUTH,
                        _("%s needs a user name and password (HTTP 401); those of the feed "
                          "are sent only to %s."), op_host (op), g_uri_get_host (op->origin));
  /* Translators: %s is a server name */
  return g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_AUTH,
                      _("%s needs a user name and password for this feed (HTTP 401)."),
                      op_host (op));
}

/* }}} */

static void
handle_response (GTask *task)
{
  SyncOp *op = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (op->msg);
  guint status = soup_message_get_status (op->msg);

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      not_modified (task);
      return;
    }

  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE || status == 429 /* Too Many Requests */)
    {
      gint64 until = parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"),
                                        g_get_real_time () / G_USEC_PER_SEC);

      if (until > 0)
        {
          op->info->retry_after = until;
          op->failure = retry_later_error (op);
          stop_timers (op);
          g_clear_object (&op->stream);
          g_task_run_in_thread (task, record_retry_after_thread);
          g_object_unref (task);
          return;
        }
    }

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      fail (task, auth_error (op));
      return;
    }

  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
    {
      fail (task, g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_NOT_FOUND,
                               status == SOUP_STATUS_GONE
                               /* Translators: %s is a server name */
                               ? _("The publisher has removed this feed from %s (HTTP 410).")
                               : _("There is no feed at this address on %s (HTTP 404)."),
                               op_host (op)));
      return;
    }

  if (status != SOUP_STATUS_OK)
    {
      fail (task, _ca_sync_http_error (op_host (op), op->msg));
      return;
    }

  if (_ca_sync_is_web_page (soup_message_headers_get_content_type (headers, NULL)))
    {
      fail (task, g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_NOT_FEED,
                               _("%s answered with a web page, not a cluster feed: check "
                                 "the address."),
                               op_host (op)));
      return;
    }

  op->total = -1;
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_one (headers, "Content-Encoding") == NULL)
    op->total = soup_message_headers_get_content_length (headers);
  if (op->total > (gint64) op->self->max_size)
    {
      g_autofree char *limit = ca_format_size_limit (op->self->max_size);

      /* Translators: %s is a size as “128 MiB” */
      fail (task, g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_TOO_LARGE,
                               _("The feed is larger than the limit of %s; the "
                                 "transfer was stopped."), limit));
      return;
    }

  op->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  op->last_modified = g_strdup (soup_message_headers_get_one (headers, "Last-Modified"));
  op->body = g_byte_array_sized_new (op->total > 0 ? op->total : READ_CHUNK);
  op->stall_source = g_timeout_add_seconds (op->self->idle_timeout, stall_check, op);
  g_signal_emit (op->self, signals[PROGRESS], 0, op->key, (guint64) 0, op->total);
  read_next (task);
}

GUri *
_ca_sync_redirect_target (GUri        *from,
                          const char  *location,
                          guint        redirects,
                          GError     **error)
{
  const char *host = g_uri_get_host (from);
  g_autoptr(GUri) next = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *next_text = NULL;
  g_autofree char *checked = NULL;

  if (redirects > CA_SYNC_MAX_REDIRECTS)
    {
      g_set_error (error, CA_SYNC_ERROR, CA_SYNC_ERROR_REDIRECT,
                   /* Translators: %s is a server name, %d a number */
                   _("%s redirected more than %d times; the sync was stopped."),
                   host, CA_SYNC_MAX_REDIRECTS);
      return NULL;
    }
  next = g_uri_parse_relative (from, location, G_URI_FLAGS_ENCODED, NULL);
  if (next == NULL)
    {
      g_set_error (error, CA_SYNC_ERROR, CA_SYNC_ERROR_REDIRECT,
                   _("%s redirected to an invalid address."), host);
      return NULL;
    }
  if (g_str_equal (g_uri_get_scheme (from), "https") &&
      !g_str_equal (g_uri_get_scheme (next), "https"))
    {
      g_set_error (error, CA_SYNC_ERROR, CA_SYNC_ERROR_REDIRECT,
                   _("%s redirected from a secure address to an insecure one; "
                     "the sync was stopped."), host);
      return NULL;
    }
  next_text = g_uri_to_string (next);
  if ((checked = ca_sync_check_url (next_text, &local_error)) == NULL ||
      !g_str_has_prefix (checked, "http"))
    {
      g_set_error (error, CA_SYNC_ERROR, CA_SYNC_ERROR_REDIRECT,
                   /* Translators: the last %s says why the address is refused */
                   _("%s redirected to an address that is not accepted: %s"),
                   host, local_error != NULL ? local_error->message : next_text);
      return NULL;
    }
  return g_steal_pointer (&next);
}

guint
_ca_sync_get_connect_timeout (CaSync *self)
{
  g_return_val_if_fail (CA_IS_SYNC (self), 0);
  return self->connect_timeout;
}

/* Redirects are followed here, not by libsoup, to count them and refuse a
 * step down from https. */
static gboolean
follow_redirect (GTask *task)
{
  SyncOp *op = g_task_get_task_data (task);
  const char *location;
  GUri *next;
  GError *error = NULL;

  location = soup_message_headers_get_one (soup_message_get_response_headers (op->msg),
                                           "Location");
  if (location == NULL)
    return FALSE;

  g_clear_object (&op->stream);
  if ((next = _ca_sync_redirect_target (op->uri, location, ++op->redirects, &error)) == NULL)
    {
      fail (task, error);
      return TRUE;
    }
  {
    g_autofree char *next_text = g_uri_to_string (next);
    g_debug ("Redirect of %s to %s", op->key, next_text);
  }
  g_uri_unref (op->uri);
  op->uri = next;
  start_request (task);
  return TRUE;
}

static void
request_sent (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  GTask *task = user_data;
  SyncOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint status;

  op->stream = soup_session_send_finish (SOUP_SESSION (source), res, &error);
  g_clear_handle_id (&op->connect_source, g_source_remove);
  if (op->stream == NULL)
    {
      fail (task, transport_error (op, error));
      return;
    }
  op->phase = PHASE_BODY;

  status = soup_message_get_status (op->msg);
  if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED &&
      follow_redirect (task))
    return;
  handle_response (task);
}

static void
start_request (GTask *task)
{
  SyncOp *op = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  if (op->msg != NULL)
    g_signal_handlers_disconnect_by_data (op->msg, op);
  g_clear_object (&op->msg);
  op->msg = soup_message_new_from_uri (SOUP_METHOD_GET, op->uri);
  soup_message_add_flags (op->msg, SOUP_MESSAGE_NO_REDIRECT);
  op->task = task;
  op->auth_sent = op->auth_elsewhere = FALSE;
  g_clear_pointer (&op->auth_problem, g_free);
  headers = soup_message_get_request_headers (op->msg);
  soup_message_headers_replace (headers, "Accept", "application/json, */*;q=0.1");
  if (op->info->etag != NULL && op->info->last_sync > 0)
    soup_message_headers_replace (headers, "If-None-Match", op->info->etag);
  if (op->info->last_modified != NULL && op->info->last_sync > 0)
    soup_message_headers_replace (headers, "If-Modified-Since", op->info->last_modified);
  g_signal_connect (op->msg, "network-event", G_CALLBACK (network_event), op);
  g_signal_connect (op->msg, "authenticate", G_CALLBACK (authenticate), op);
  /* A kept-alive connection sends no events: the request goes out at once */
  op->phase = PHASE_HEADERS;

  soup_session_send_async (ca_sync_get_session (op->self), op->msg, G_PRIORITY_DEFAULT,
                           op->cancellable, request_sent, task);
}

/* }}} */

/* {{{ GObject */

static void
ca_sync_dispose (GObject *object)
{
  CaSync *self = (CaSync *) object;

  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ca_sync_parent_class)->dispose (object);
}

static void
ca_sync_finalize (GObject *object)
{
  CaSync *self = (CaSync *) object;

  g_hash_table_unref (self->running);
  g_mutex_clear (&self->running_lock);

  G_OBJECT_CLASS (ca_sync_parent_class)->finalize (object);
}

static void
ca_sync_class_init (CaSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ca_sync_dispose;
  object_class->finalize = ca_sync_finalize;

  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                    G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_INT64);
}

static void
ca_sync_init (CaSync *self)
{
  self->max_size = CA_FEED_DEFAULT_MAX_SIZE;
  self->connect_timeout = CA_SYNC_CONNECT_TIMEOUT;
  self->idle_timeout = CA_SYNC_IDLE_TIMEOUT;
  self->deadline = CA_SYNC_DEADLINE;
  self->calendar_past_days = CA_ICS_DEFAULT_PAST_DAYS;
  self->calendar_future_days = CA_ICS_DEFAULT_FUTURE_DAYS;
  self->running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&self->running_lock);
}

/* }}} */

/* {{{ Public API */

CaSync *
ca_sync_new (CaStore *store)
{
  CaSync *self;

  g_return_val_if_fail (CA_IS_STORE (store), NULL);

  self = g_object_new (CA_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  return self;
}

CaStore *
ca_sync_get_store (CaSync *self)
{
  g_return_val_if_fail (CA_IS_SYNC (self), NULL);
  return self->store;
}

/* Made on first use, not with the CaSync: the window makes one at start-up, and
 * a start with no feed due would set up libsoup for nothing */
SoupSession *
ca_sync_get_session (CaSync *self)
{
  g_return_val_if_fail (CA_IS_SYNC (self), NULL);

  if (self->session == NULL)
    {
      /* The trailing space makes libsoup add its own name and version. TLS errors
       * are never accepted: no handler for accept-certificate exists. */
      self->session = soup_session_new_with_options ("user-agent",
                                                     "Cluster-Atlas/" PACKAGE_VERSION " ",
                                                     "timeout", self->idle_timeout,
                                                     NULL);
      if (!soup_session_has_feature (self->session, SOUP_TYPE_CONTENT_DECODER))
        soup_session_add_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
    }
  return self->session;
}

void
ca_sync_set_max_size (CaSync *self,
                      gsize   max_size)
{
  g_return_if_fail (CA_IS_SYNC (self));
  g_return_if_fail (max_size > 0);
  self->max_size = max_size;
}

void
ca_sync_set_timeouts (CaSync *self,
                      guint   connect_seconds,
                      guint   idle_seconds)
{
  g_return_if_fail (CA_IS_SYNC (self));
  g_return_if_fail (connect_seconds > 0 && idle_seconds > 0);

  self->connect_timeout = connect_seconds;
  self->idle_timeout = idle_seconds;
  if (self->session != NULL)
    g_object_set (self->session, "timeout", idle_seconds, NULL);
}

void
ca_sync_set_deadline (CaSync *self,
                      guint   seconds)
{
  g_return_if_fail (CA_IS_SYNC (self));
  g_return_if_fail (seconds > 0);
  self->deadline = seconds;
}

guint
ca_sync_get_deadline (CaSync *self)
{
  g_return_val_if_fail (CA_IS_SYNC (self), 0);
  return self->deadline;
}

void
ca_sync_set_calendar_window (CaSync *self,
                             gint64  now,
                             guint   past_days,
                             guint   future_days)
{
  g_return_if_fail (CA_IS_SYNC (self));
  self->calendar_now = now;
  self->calendar_past_days = past_days;
  self->calendar_future_days = future_days;
}

gboolean
ca_sync_is_syncing (CaSync     *self,
                    const char *key)
{
  gboolean syncing;

  g_return_val_if_fail (CA_IS_SYNC (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  g_mutex_lock (&self->running_lock);
  syncing = g_hash_table_contains (self->running, key);
  g_mutex_unlock (&self->running_lock);
  return syncing;
}

static void
caller_cancelled (GCancellable *caller,
                  gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

char *
_ca_sync_lock_path (CaStore    *store,
                    const char *key)
{
  g_autofree char *dir = g_path_get_dirname (ca_store_get_path (store));
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  g_autofree char *name = g_strdup_printf ("%.24s.lock", hash);

  return g_build_filename (dir, "sync-locks", name, NULL);
}

/* The feed's lock file, locked: -1 when another process holds it. A lock file
 * that cannot be made at all (a read-only folder) does not stop the sync: the
 * store's own transaction still keeps its data whole. */
static int
lock_feed (CaStore    *store,
           const char *key,
           gboolean   *busy)
{
  g_autofree char *path = _ca_sync_lock_path (store, key);
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  *busy = FALSE;
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      (fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
    {
      g_debug ("No lock file %s: %s", path, g_strerror (errno));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      *busy = errno == EWOULDBLOCK;
      close (fd);
      return -1;
    }
  return fd;
}

void
ca_sync_feed_async (CaSync              *self,
                    const char          *key,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *checked = NULL;
  SyncOp *op;
  gboolean busy;

  g_return_if_fail (CA_IS_SYNC (self));
  g_return_if_fail (key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* The task has no cancellable: a cancel stops the transfer, but an import
   * under way finishes, and the result says what really happened. */
  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, ca_sync_feed_async);

  g_mutex_lock (&self->running_lock);
  busy = g_hash_table_contains (self->running, key);
  if (!busy)
    g_hash_table_add (self->running, g_strdup (key));
  g_mutex_unlock (&self->running_lock);
  if (busy)
    {
      /* Translators: %s is a feed address */
      g_task_return_new_error (task, CA_SYNC_ERROR, CA_SYNC_ERROR_BUSY,
                               _("%s is being synced already."), key);
      return;
    }

  op = g_new0 (SyncOp, 1);
  op->self = g_object_ref (self);
  op->key = g_strdup (key);
  op->total = -1;
  op->lock_fd = lock_feed (self->store, key, &busy);
  op->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, op, (GDestroyNotify) sync_op_free);
  if (cancellable != NULL)
    {
      op->caller = g_object_ref (cancellable);
      op->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled),
                                                  g_object_ref (op->cancellable),
                                                  g_object_unref);
    }

  if (busy)
    {
      /* Translators: %s is a feed address */
      return_error (task, g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_BUSY,
                                       _("%s is being synced already by another Cluster Atlas."),
                                       key));
      return;
    }

  if ((op->info = ca_store_get_feed_info (self->store, key, &error)) == NULL)
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  if ((checked = ca_sync_check_url_full (key, &op->user, &op->password, &error)) == NULL)
    {
      fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  start_deadline (task);
  if (g_str_has_prefix (checked, "file:"))
    {
      g_task_run_in_thread (task, file_thread);
      return;
    }

  op->uri = g_uri_parse (checked, G_URI_FLAGS_ENCODED, NULL);
  g_assert (op->uri != NULL);
  op->origin = g_uri_ref (op->uri);

  /* A server that asked for a pause is not asked before its time */
  if (op->info->retry_after > g_get_real_time () / G_USEC_PER_SEC)
    {
      fail (g_steal_pointer (&task), retry_later_error (op));
      return;
    }

  start_request (g_steal_pointer (&task));
}

CaSyncResult *
ca_sync_feed_finish (CaSync        *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (CA_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ca_sync_feed_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  GMainLoop    *loop;
  CaSyncResult *result;
  GError       *error;
} SyncWait;

static void
feed_waited (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  SyncWait *wait = user_data;

  wait->result = ca_sync_feed_finish (CA_SYNC (source), res, &wait->error);
  g_main_loop_quit (wait->loop);
}

CaSyncResult *
ca_sync_feed_wait (CaSync        *self,
                   const char    *key,
                   GCancellable  *cancellable,
                   GError       **error)
{
  SyncWait wait = { NULL, NULL, NULL };

  g_return_val_if_fail (CA_IS_SYNC (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (g_main_context_get_thread_default () == NULL ||
                        g_main_context_get_thread_default () == g_main_context_default (), NULL);

  wait.loop = g_main_loop_new (NULL, FALSE);
  ca_sync_feed_async (self, key, cancellable, feed_waited, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.result;
}

/* }}} */
