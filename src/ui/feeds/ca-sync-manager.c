/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-sync-manager"

#include "config.h"

#include "ca-credentials.h"
#include "ca-discover.h"
#include "ca-settings.h"
#include "ca-sync-manager.h"

#define DEFAULT_INTERVAL_MIN    360

struct _CaSyncManager
{
  GObject          parent_instance;

  CaStore         *store;
  CaSync          *sync;
  GSettings       *settings;        /* NULL without the schema */
  GNetworkMonitor *monitor;
  GCancellable    *cancellable;     /* of the syncs under way */
  GHashTable      *progress;        /* key → gint64[2]: received, total */
  GHashTable      *discovered;      /* page → the calendar it announces, "" for none */
  guint            timer;
  guint            interval;        /* seconds, tests only; 0: the setting */
  gboolean         started;
  gboolean         was_online;
};

G_DEFINE_FINAL_TYPE (CaSyncManager, ca_sync_manager, G_TYPE_OBJECT)

enum {
  SYNCING_CHANGED,
  PROGRESS,
  FEED_SYNCED,
  STORE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
interval_seconds (CaSyncManager *self)
{
  guint minutes;

  if (self->interval > 0)
    return self->interval;
  minutes = self->settings != NULL ? g_settings_get_uint (self->settings, "sync-interval")
                                         : DEFAULT_INTERVAL_MIN;
  return MAX (minutes, 1) * 60;
}

static void
emit_progress (CaSyncManager *self)
{
  GHashTableIter iter;
  gpointer value;
  guint64 received = 0;
  gint64 total = 0;

  g_hash_table_iter_init (&iter, self->progress);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      gint64 *p = value;

      received += p[0];
      total = (total < 0 || p[1] < 0) ? -1 : total + p[1];
    }
  g_signal_emit (self, signals[PROGRESS], 0, received, total);
}

static void
sync_progress (CaSync        *sync,
               const char    *key,
               guint64        received,
               gint64         total,
               CaSyncManager *self)
{
  gint64 *p = g_hash_table_lookup (self->progress, key);

  if (p == NULL)
    return;
  p[0] = received;
  p[1] = total;
  emit_progress (self);
}

typedef struct {
  CaSyncManager *self;
  char          *key;
} Pending;

static void
feed_synced (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  Pending *pending = user_data;
  CaSyncManager *self = pending->self;
  g_autoptr(CaSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = ca_sync_feed_finish (CA_SYNC (source), res, &error);
  g_hash_table_remove (self->progress, pending->key);
  g_signal_emit (self, signals[FEED_SYNCED], 0, pending->key, result, error);
  if (g_hash_table_size (self->progress) == 0)
    {
      g_clear_object (&self->cancellable);
      g_signal_emit (self, signals[SYNCING_CHANGED], 0);
    }
  g_free (pending->key);
  g_object_unref (self);
  g_free (pending);
}

/* GIO's monitor is made when first asked: making it asks D-Bus for NetworkManager
 * and the kernel for its routes, which the window's first frame need not wait for */
static GNetworkMonitor *
get_monitor (CaSyncManager *self)
{
  if (self->monitor == NULL)
    self->monitor = g_object_ref (g_network_monitor_get_default ());
  return self->monitor;
}

static gboolean
online_for (CaSyncManager *self,
            const char    *key)
{
  return ca_sync_key_is_local (key) || g_network_monitor_get_network_available (get_monitor (self));
}

static void
start_feed (CaSyncManager *self,
            const char    *key)
{
  Pending *pending;
  gboolean was_idle;

  if (g_str_equal (key, CA_FEED_BUILTIN) || g_hash_table_contains (self->progress, key))
    return;
  if (!online_for (self, key))
    {
      g_debug ("Offline: %s waits for the network", key);
      return;
    }

  was_idle = g_hash_table_size (self->progress) == 0;
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    g_set_object (&self->cancellable, g_cancellable_new ());
  g_hash_table_insert (self->progress, g_strdup (key), g_new0 (gint64, 2));
  ((gint64 *) g_hash_table_lookup (self->progress, key))[1] = -1;

  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->key = g_strdup (key);
  ca_sync_feed_async (self->sync, key, self->cancellable, feed_synced, pending);
  if (was_idle)
    g_signal_emit (self, signals[SYNCING_CHANGED], 0);
}

/* Feeds whose last success is older than the interval (or never) */
static void
sync_due (CaSyncManager *self)
{
  g_autoptr(GPtrArray) feeds = ca_store_list_feeds (self->store, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; feeds != NULL && i < feeds->len; i++)
    {
      CaFeedInfo *info = feeds->pdata[i];

      if (now - info->last_sync >= (gint64) interval_seconds (self))
        start_feed (self, info->key);
    }
}

static gboolean
timer_fired (gpointer user_data)
{
  sync_due (CA_SYNC_MANAGER (user_data));
  return G_SOURCE_CONTINUE;
}

static void
restart_timer (CaSyncManager *self)
{
  g_clear_handle_id (&self->timer, g_source_remove);
  self->timer = g_timeout_add_seconds (interval_seconds (self), timer_fired, self);
}

static void
network_changed (CaSyncManager *self)
{
  gboolean online = g_network_monitor_get_network_available (get_monitor (self));

  /* Back online: what fell due meanwhile goes now */
  if (online && !self->was_online && self->started)
    sync_due (self);
  self->was_online = online;
}

static void
apply_size_limit (CaSyncManager *self)
{
  guint mib = g_settings_get_uint (self->settings, "feed-size-limit");
  ca_sync_set_max_size (self->sync, (gsize) MAX (mib, 1) * 1024 * 1024);
}

static void
apply_deadline (CaSyncManager *self)
{
  ca_sync_set_deadline (self->sync, MAX (g_settings_get_uint (self->settings, "sync-deadline"), 1));
}

static void
apply_calendar_window (CaSyncManager *self)
{
  ca_sync_set_calendar_window (self->sync, 0,
                               g_settings_get_uint (self->settings, "calendar-window-past-days"),
                               g_settings_get_uint (self->settings,
                                                    "calendar-window-future-days"));
}

static void
ca_sync_manager_dispose (GObject *object)
{
  CaSyncManager *self = (CaSyncManager *) object;

  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->monitor);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_pointer (&self->progress, g_hash_table_unref);

  g_clear_pointer (&self->discovered, g_hash_table_unref);
  G_OBJECT_CLASS (ca_sync_manager_parent_class)->dispose (object);
}

static void
ca_sync_manager_class_init (CaSyncManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ca_sync_manager_dispose;

  signals[SYNCING_CHANGED] = g_signal_new ("syncing-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                    G_TYPE_UINT64, G_TYPE_INT64);
  signals[FEED_SYNCED] = g_signal_new ("feed-synced", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                       G_TYPE_STRING, G_TYPE_POINTER, G_TYPE_ERROR);
  signals[STORE_CHANGED] = g_signal_new ("store-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);
}

static void
ca_sync_manager_init (CaSyncManager *self)
{
  self->progress = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->discovered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* The application holds it: one CaSync, so one SoupSession, for every window */
CaSyncManager *
ca_sync_manager_get_default (GApplication *application,
                             CaStore      *store)
{
  CaSyncManager *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (CA_IS_STORE (store), NULL);

  if ((self = g_object_get_data (G_OBJECT (application), "ca-sync-manager")) != NULL)
    return self;

  self = g_object_new (CA_TYPE_SYNC_MANAGER, NULL);
  self->store = g_object_ref (store);
  self->sync = ca_sync_new (store);
  g_signal_connect_object (self->sync, "progress", G_CALLBACK (sync_progress), self, 0);
  if ((self->settings = ca_settings_new_if_installed ()) != NULL)
    {
      apply_size_limit (self);
      g_signal_connect_object (self->settings, "changed::feed-size-limit",
                               G_CALLBACK (apply_size_limit), self, G_CONNECT_SWAPPED);
      apply_deadline (self);
      g_signal_connect_object (self->settings, "changed::sync-deadline",
                               G_CALLBACK (apply_deadline), self, G_CONNECT_SWAPPED);
      apply_calendar_window (self);
      g_signal_connect_object (self->settings, "changed::calendar-window-past-days",
                               G_CALLBACK (apply_calendar_window), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::calendar-window-future-days",
                               G_CALLBACK (apply_calendar_window), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::sync-interval",
                               G_CALLBACK (restart_timer), self, G_CONNECT_SWAPPED);
    }
  g_object_set_data_full (G_OBJECT (application), "ca-sync-manager", self, g_object_unref);
  return self;
}

CaSync *
ca_sync_manager_get_sync (CaSyncManager *self)
{
  g_return_val_if_fail (CA_IS_SYNC_MANAGER (self), NULL);
  return self->sync;
}

CaStore *
ca_sync_manager_get_store (CaSyncManager *self)
{
  g_return_val_if_fail (CA_IS_SYNC_MANAGER (self), NULL);
  return self->store;
}

gboolean
ca_sync_manager_is_syncing (CaSyncManager *self)
{
  g_return_val_if_fail (CA_IS_SYNC_MANAGER (self), FALSE);
  return g_hash_table_size (self->progress) > 0;
}

void
ca_sync_manager_sync_all (CaSyncManager *self)
{
  g_autoptr(GPtrArray) feeds = NULL;

  g_return_if_fail (CA_IS_SYNC_MANAGER (self));

  feeds = ca_store_list_feeds (self->store, NULL);
  for (guint i = 0; feeds != NULL && i < feeds->len; i++)
    start_feed (self, ((CaFeedInfo *) feeds->pdata[i])->key);
}

void
ca_sync_manager_sync_feed (CaSyncManager *self,
                           const char    *key)
{
  g_return_if_fail (CA_IS_SYNC_MANAGER (self));
  g_return_if_fail (key != NULL);
  start_feed (self, key);
}

void
ca_sync_manager_cancel (CaSyncManager *self)
{
  g_return_if_fail (CA_IS_SYNC_MANAGER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

void
ca_sync_manager_store_changed (CaSyncManager *self)
{
  g_return_if_fail (CA_IS_SYNC_MANAGER (self));
  g_signal_emit (self, signals[STORE_CHANGED], 0);
}

void
ca_sync_manager_set_interval (CaSyncManager *self,
                              guint          seconds)
{
  g_return_if_fail (CA_IS_SYNC_MANAGER (self));

  self->interval = seconds;
  if (self->started)
    restart_timer (self);
}

void
ca_sync_manager_set_network_monitor (CaSyncManager   *self,
                                     GNetworkMonitor *monitor)
{
  g_return_if_fail (CA_IS_SYNC_MANAGER (self));
  g_return_if_fail (G_IS_NETWORK_MONITOR (monitor));

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_func (self->monitor, network_changed, self);
  g_set_object (&self->monitor, monitor);
  self->was_online = g_network_monitor_get_network_available (monitor);
  if (self->started)
    g_signal_connect_object (monitor, "notify::network-available",
                             G_CALLBACK (network_changed), self, G_CONNECT_SWAPPED);
}

static void
start_syncing (CaSyncManager *self)
{
  self->was_online = g_network_monitor_get_network_available (get_monitor (self));
  g_signal_connect_object (self->monitor, "notify::network-available",
                           G_CALLBACK (network_changed), self, G_CONNECT_SWAPPED);
  restart_timer (self);
  sync_due (self);
}

static void
credentials_moved (GObject      *source,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  g_autoptr(CaSyncManager) self = user_data;
  g_autoptr(GError) error = NULL;
  guint moved = ca_credentials_move_from_store_finish (res, &error);

  /* The feed keeps working with the key it has; the next start tries again */
  if (error != NULL)
    g_message ("A feed's password stays in the offline data: %s", error->message);
  if (moved > 0)
    ca_sync_manager_store_changed (self);
  start_syncing (self);
}

void
ca_sync_manager_start (CaSyncManager *self)
{
  g_return_if_fail (CA_IS_SYNC_MANAGER (self));

  if (self->started)
    return;
  self->started = TRUE;
  /* A password an older version kept in a feed's key goes to the keyring first:
   * the feed is renamed, so no sync of it may run meanwhile */
  if (ca_credentials_store_holds_any (self->store))
    ca_credentials_move_from_store_async (self->store, NULL, credentials_moved,
                                          g_object_ref (self));
  else
    start_syncing (self);
}

static void
discovered (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CaSyncManager *self = g_task_get_source_object (task);
  g_autoptr(CaDiscovery) discovery = NULL;
  GError *error = NULL;
  const char *found = NULL;

  if ((discovery = ca_discover_finish (res, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* A page that answers is remembered, with a calendar or without; one that does
   * not is asked again next time */
  if (discovery->calendars->len > 0)
    found = ((CaDiscoveredCalendar *) discovery->calendars->pdata[0])->url;
  else if (!discovery->is_page)
    /* The address is a calendar itself */
    found = discovery->page_url;
  if (self->discovered != NULL)
    g_hash_table_replace (self->discovered, g_strdup (g_task_get_task_data (task)),
                          g_strdup (found != NULL ? found : ""));
  g_task_return_pointer (task, g_strdup (found), g_free);
}

void
ca_sync_manager_discover_async (CaSyncManager       *self,
                                const char          *url,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *known;

  g_return_if_fail (CA_IS_SYNC_MANAGER (self));
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_sync_manager_discover_async);
  g_task_set_task_data (task, g_strdup (url), g_free);
  if ((known = g_hash_table_lookup (self->discovered, url)) != NULL)
    {
      g_task_return_pointer (task, *known != '\0' ? g_strdup (known) : NULL, g_free);
      return;
    }
  ca_discover_async (self->sync, url, cancellable, discovered, g_steal_pointer (&task));
}

char *
ca_sync_manager_discover_finish (CaSyncManager  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (CA_IS_SYNC_MANAGER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
