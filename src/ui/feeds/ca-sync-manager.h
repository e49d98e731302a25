/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ca-store.h"
#include "ca-sync.h"

G_BEGIN_DECLS

#define CA_TYPE_SYNC_MANAGER (ca_sync_manager_get_type ())
G_DECLARE_FINAL_TYPE (CaSyncManager, ca_sync_manager, CA, SYNC_MANAGER, GObject)

/*
 * When the app syncs: on start-up for feeds older than the sync interval, on a
 * timer while running, when the network returns, and on demand; never while
 * offline (except feeds on this computer). One per application, with its one
 * CaSync. Signals:
 *   syncing-changed ()                          a sync started or all ended
 *   progress (guint64 received, gint64 total)   over the feeds being synced, total -1
 *                                               when not known for every one
 *   feed-synced (const char *key, CaSyncResult *result or NULL, GError *error or NULL)
 *   store-changed ()                            a feed was removed or hidden: views reload
 */
CaSyncManager *ca_sync_manager_get_default   (GApplication  *application,
                                              CaStore       *store);
CaSync        *ca_sync_manager_get_sync      (CaSyncManager *self);
CaStore       *ca_sync_manager_get_store     (CaSyncManager *self);
gboolean       ca_sync_manager_is_syncing    (CaSyncManager *self);
void           ca_sync_manager_sync_all      (CaSyncManager *self);
void           ca_sync_manager_sync_feed     (CaSyncManager *self,
                                              const char    *key);
void           ca_sync_manager_cancel        (CaSyncManager *self);
void           ca_sync_manager_store_changed (CaSyncManager *self);
/* The calendar the web page url announces (ca-discover.c), with the app's session:
 * the address, or NULL with no error when the page announces none. Remembered for
 * the session, so a page shown again is not fetched again. */
void           ca_sync_manager_discover_async  (CaSyncManager       *self,
                                                const char          *url,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
char          *ca_sync_manager_discover_finish (CaSyncManager       *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Tests: an interval in seconds instead of the setting's minutes; 0 goes back */
void           ca_sync_manager_set_interval  (CaSyncManager *self,
                                              guint          seconds);
/* Tests: another monitor than GIO's default */
void           ca_sync_manager_set_network_monitor (CaSyncManager   *self,
                                                    GNetworkMonitor *monitor);
/* Starts the automatic syncs (start-up, timer, network); the window calls it once */
void           ca_sync_manager_start         (CaSyncManager *self);

G_END_DECLS
