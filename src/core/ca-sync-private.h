/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ca-store.h"
#include "ca-sync.h"

G_BEGIN_DECLS

/* The file a sync of key holds an flock() on, beside the store, so that the window
 * and `cluster-atlas --sync` (another process) never sync one feed at once. For
 * tests, which hold it to play the other process. */
char *_ca_sync_lock_path (CaStore    *store,
                          const char *key);

/* The sync's rules for a redirect from from to location, for discovery
 * (ca-discover.c) as for the sync: the next address, or NULL with
 * CA_SYNC_ERROR_REDIRECT when redirects is past CA_SYNC_MAX_REDIRECTS, the address
 * is invalid, goes from https to http, or breaks the address rules. */
GUri  *_ca_sync_redirect_target       (GUri        *from,
                                       const char  *location,
                                       guint        redirects,
                                       GError     **error);
guint  _ca_sync_get_connect_timeout   (CaSync      *self);
/* A connection that failed for a reason the user can act on, in the sync's words:
 * the TLS check, an unknown server name, a refused connection; NULL for another
 * error (the caller names it, as it knows the phase) */
GError *_ca_sync_connection_error     (const char  *host,
                                       const GError *error);
/* An answer other than 200 OK (and the statuses the caller handles), in the sync's
 * words: "HOST answered with an error: HTTP 500 Internal Server Error" */
GError *_ca_sync_http_error           (const char  *host,
                                       SoupMessage *msg);
/* text/html or application/xhtml+xml */
gboolean _ca_sync_is_web_page         (const char  *content_type);

G_END_DECLS
