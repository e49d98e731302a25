/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "ca-store.h"

G_BEGIN_DECLS

#define CA_SYNC_ERROR (ca_sync_error_quark ())

/* Why a sync failed; every message is written for the user. Parse failures
 * come in CA_FEED_ERROR, store failures in CA_STORE_ERROR, a cancel as
 * G_IO_ERROR_CANCELLED. */
typedef enum {
  CA_SYNC_ERROR_BAD_URL,       /* an address the app does not fetch */
  CA_SYNC_ERROR_BUSY,          /* this feed is being synced already */
  CA_SYNC_ERROR_RETRY_LATER,   /* the server asked to wait (Retry-After) */
  CA_SYNC_ERROR_NOT_FOUND,     /* HTTP 404 or 410 */
  CA_SYNC_ERROR_HTTP,          /* any other HTTP error status */
  CA_SYNC_ERROR_NETWORK,       /* no connection, name not found, refused */
  CA_SYNC_ERROR_TIMEOUT,       /* connect, answer or transfer too slow */
  CA_SYNC_ERROR_TLS,           /* the secure connection could not be verified */
  CA_SYNC_ERROR_REDIRECT,      /* too many, or from https to http */
  CA_SYNC_ERROR_NOT_FEED,      /* a web page instead of a feed */
  CA_SYNC_ERROR_TOO_LARGE,     /* over the size limit */
  CA_SYNC_ERROR_TRUNCATED,     /* the body ended early */
  CA_SYNC_ERROR_FILE,          /* a local file cannot be read */
  CA_SYNC_ERROR_AUTH,          /* HTTP 401: needs a user name and password */
} CaSyncError;

GQuark ca_sync_error_quark (void);

#define CA_SYNC_CONNECT_TIMEOUT   15    /* seconds */
#define CA_SYNC_IDLE_TIMEOUT      30    /* seconds */
#define CA_SYNC_DEADLINE          120   /* seconds, the sync-deadline setting's default */
#define CA_SYNC_MAX_REDIRECTS     5

typedef enum {
  CA_SYNC_UPDATED,        /* a new document was imported */
  CA_SYNC_NOT_MODIFIED,   /* 304 or the same file: nothing parsed, nothing written */
} CaSyncStatus;

typedef struct {
  char            *key;
  CaSyncStatus     status;
  guint64          bytes;        /* body bytes read */
  guint            n_clusters;   /* what the feed now holds */
  guint            n_members;
  guint            n_projects;
  guint            n_events;
  guint            n_warnings;
  CaImportChanges  changes;
} CaSyncResult;

void ca_sync_result_free (CaSyncResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaSyncResult, ca_sync_result_free)

/* The address rules: https:, http: on loopback only, file: and paths. Returns
 * the key to store the feed under, or NULL with CA_SYNC_ERROR_BAD_URL. */
char        *ca_sync_check_url         (const char  *text,
                                        GError     **error);
/* The same; a user name and password in an http(s) address are left out of the
 * key and given in user and password (percent-decoded; password "" when only a
 * user name is given; both NULL when there is none). */
char        *ca_sync_check_url_full    (const char  *text,
                                        char       **user,
                                        char       **password,
                                        GError     **error);
/* ca_sync_check_url_full() for a feed about to be added: a file must be there, and
 * a regular file (a missing one, a folder, a FIFO or a device each get a message) */
char        *ca_sync_check_new_feed    (const char  *text,
                                        char       **user,
                                        char       **password,
                                        GError     **error);

/* A calendar's address as given: webcal:// and webcals:// are https:// (what
 * calendar links mean), anything else is returned as it is. Newly allocated. */
char        *ca_sync_webcal_to_https   (const char  *text);

/* Whether a feed key is on this computer (a file or a loopback address): such
 * feeds are synced even when the network is down. */
gboolean     ca_sync_key_is_local      (const char  *key);

#define CA_TYPE_SYNC (ca_sync_get_type ())
G_DECLARE_FINAL_TYPE (CaSync, ca_sync, CA, SYNC, GObject)

/* One per app: its one SoupSession is shared by every feed. Signals, on the
 * thread default main context of the creator:
 *   progress (const char *key, guint64 received, gint64 total or -1) */
CaSync      *ca_sync_new               (CaStore     *store);
CaStore     *ca_sync_get_store         (CaSync      *self);
SoupSession *ca_sync_get_session       (CaSync      *self);
void         ca_sync_set_max_size      (CaSync      *self,
                                        gsize        max_size);
/* Tests shorten them; connect covers name lookup, TLS and connecting, idle any
 * wait for the server and a transfer slower than 1 KiB per idle period. */
void         ca_sync_set_timeouts      (CaSync      *self,
                                        guint        connect_seconds,
                                        guint        idle_seconds);
/* The longest a download may take, counted from the request: the connection,
 * the status line and headers, and the body. An import under way is not cut. */
void         ca_sync_set_deadline      (CaSync      *self,
                                        guint        seconds);
guint        ca_sync_get_deadline      (CaSync      *self);
/* How far around today a calendar subscription's repeating events are expanded (the
 * calendar-window-past-days and -future-days settings); now is Unix seconds, 0 for
 * the real time (tests fix it) */
void         ca_sync_set_calendar_window (CaSync    *self,
                                        gint64       now,
                                        guint        past_days,
                                        guint        future_days);
gboolean     ca_sync_is_syncing        (CaSync      *self,
                                        const char  *key);

void          ca_sync_feed_async       (CaSync              *self,
                                        const char          *key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
CaSyncResult *ca_sync_feed_finish      (CaSync              *self,
                                        GAsyncResult        *result,
                                        GError             **error);
/* ca_sync_feed_async() run to its end while the default main context turns (a headless
 * command's, a test's; the sync's timers are on that context): its result, or NULL
 * and error. Not from a thread that pushed a main context of its own. */
CaSyncResult *ca_sync_feed_wait        (CaSync              *self,
                                        const char          *key,
                                        GCancellable        *cancellable,
                                        GError             **error);

G_END_DECLS
