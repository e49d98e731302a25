/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-feeds"

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <libsoup/soup.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "ca-application.h"
#include "ca-feeds-page.h"
#include "ca-sync-manager.h"
#include "ca-sync-private.h"
#include "ca-test-feed.h"
#include "ca-test-server.h"
#include "ca-test-util.h"
#include "ca-text.h"
#include "ca-window.h"

/*
 * The feeds page and the window's sync, in the real app under Xvfb, against a
 * SoupServer on 127.0.0.1: add (and refuse) a feed, a sync that updates the
 * window, a failure that raises the banner, a cancel, removal and hiding.
 */

typedef enum {
  SERVE_V1,
  SERVE_V2,
  SERVE_404,
  SERVE_SILENT,
  SERVE_SLOW,      /* a chunked body, 1 KiB every 200 ms, that never ends */
} Serve;

typedef struct {
  char          *data_home;
  char          *store_path;
  CaApplication *app;
  CaWindow      *window;
  CaTestServer  *server;
  char          *url;
  Serve          serve;
  guint          hits;
  SoupServerMessage *dripping;
  guint          drip_source;
  guint64        dripped;
} Fixture;

static gboolean
drip_more (gpointer user_data)
{
  Fixture *fx = user_data;

  soup_message_body_append_take (soup_server_message_get_response_body (fx->dripping),
                                 (guchar *) g_strnfill (1024, ' '), 1024);
  soup_server_message_unpause (fx->dripping);
  fx->dripped += 1024;
  return G_SOURCE_CONTINUE;
}

static void
drip_finished (SoupServerMessage *msg,
               Fixture           *fx)
{
  if (msg == fx->dripping)
    {
      fx->dripping = NULL;
      g_clear_handle_id (&fx->drip_source, g_source_remove);
    }
}

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Fixture *fx = user_data;
  g_autoptr(GBytes) body = NULL;

  fx->hits++;
  switch (fx->serve)
    {
    case SERVE_V1:
    case SERVE_V2:
      body = ca_test_feed_build (&(CaTestFeedSpec) {
        .tag = fx->serve == SERVE_V1 ? "v1" : "v2", .n_clusters = fx->serve == SERVE_V1 ? 2 : 3,
        .markup = TRUE, .n_events = 1, .bad_event = TRUE });
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      break;
    case SERVE_404:
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      break;
    case SERVE_SILENT:
      soup_server_message_pause (msg);
      break;
    case SERVE_SLOW:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                         SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                             "application/json", NULL);
      g_clear_handle_id (&fx->drip_source, g_source_remove);
      fx->dripping = msg;
      g_signal_connect (msg, "finished", G_CALLBACK (drip_finished), fx);
      fx->drip_source = g_timeout_add (200, drip_more, fx);
      soup_server_message_pause (msg);
      break;
    }
}

/* {{{ A network monitor the test switches */

G_DECLARE_FINAL_TYPE (TestMonitor, test_monitor, TEST, MONITOR, GObject)

struct _TestMonitor {
  GObject  parent_instance;
  gboolean available;
};

static void test_monitor_iface_init (GNetworkMonitorInterface *iface) { }

static gboolean
test_monitor_initable_init (GInitable     *initable,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return TRUE;
}

static void
test_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = test_monitor_initable_init;
}

G_DEFINE_TYPE_WITH_CODE (TestMonitor, test_monitor, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_monitor_initable_iface_init)
                         G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_monitor_iface_init))

enum { PROP_0, PROP_AVAILABLE, PROP_METERED, PROP_CONNECTIVITY };

static void
test_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TestMonitor *self = (TestMonitor *) object;

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_monitor_class_init (TestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_monitor_get_property;
  g_object_class_override_property (object_class, PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, PROP_CONNECTIVITY, "connectivity");
}

static void
test_monitor_init (TestMonitor *self)
{
}

static void
test_monitor_set_available (TestMonitor *self,
                            gboolean     available)
{
  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
}

/* }}} */

/* {{{ A resolver that finds no name: the offline test's remote feed must not
 * send anything off this machine, not even a DNS query */

G_DECLARE_FINAL_TYPE (TestResolver, test_resolver, TEST, RESOLVER, GResolver)

struct _TestResolver {
  GResolver parent_instance;
};

G_DEFINE_TYPE (TestResolver, test_resolver, G_TYPE_RESOLVER)

static guint n_lookups;

static GList *
resolver_lookup (GResolver                 *resolver,
                 const char                *hostname,
                 GResolverNameLookupFlags   flags,
                 GCancellable              *cancellable,
                 GError                   **error)
{
  n_lookups++;
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "no name in tests: %s",
               hostname);
  return NULL;
}

static GList *
resolver_lookup_by_name (GResolver     *resolver,
                         const char    *hostname,
                         GCancellable  *cancellable,
                         GError       **error)
{
  return resolver_lookup (resolver, hostname, 0, cancellable, error);
}

static void
resolver_lookup_async (GResolver                *resolver,
                       const char               *hostname,
                       GResolverNameLookupFlags  flags,
                       GCancellable             *cancellable,
                       GAsyncReadyCallback       callback,
                       gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  n_lookups++;
  g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                           "no name in tests: %s", hostname);
}

static void
resolver_lookup_by_name_async (GResolver           *resolver,
                               const char          *hostname,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  resolver_lookup_async (resolver, hostname, 0, cancellable, callback, user_data);
}

static GList *
resolver_lookup_finish (GResolver     *resolver,
                        GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_resolver_class_init (TestResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = resolver_lookup_by_name;
  resolver_class->lookup_by_name_async = resolver_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = resolver_lookup_finish;
  resolver_class->lookup_by_name_with_flags = resolver_lookup;
  resolver_class->lookup_by_name_with_flags_async = resolver_lookup_async;
  resolver_class->lookup_by_name_with_flags_finish = resolver_lookup_finish;
}

static void
test_resolver_init (TestResolver *self)
{
}

/* }}} */

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->data_home = g_dir_make_tmp ("ca-feeds-XXXXXX", NULL);
  fx->store_path = g_build_filename (fx->data_home, "cluster-atlas", "atlas.db", NULL);

  fx->server = ca_test_server_new (serve, fx);
  fx->url = ca_test_server_dup_url (fx->server, "feed.json");

  /* A feed subscribed before the app starts: due at once */
  if (g_strcmp0 (data, "subscribed") == 0 || g_strcmp0 (data, "subscribed-not-drawn") == 0)
    {
      g_autoptr(CaStore) store = NULL;
      g_autofree char *dir = g_path_get_dirname (fx->store_path);

      g_mkdir_with_parents (dir, 0700);
      store = ca_store_open (fx->store_path, &error);
      g_assert_no_error (error);
      g_assert_true (ca_store_add_feed (store, fx->url, &error));
    }

  fx->window = ca_test_application_start (&fx->app, fx->store_path);
  if (g_strcmp0 (data, "subscribed-not-drawn") == 0)
    return;
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  ca_test_application_close (fx->app);
  g_clear_handle_id (&fx->drip_source, g_source_remove);
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

static guint
n_clusters (Fixture *fx)
{
  /* The clusters view reads the store anew after a sync */
  return g_list_model_get_n_items (ca_window_get_clusters (fx->window));
}

static gboolean
no_clusters (gpointer data)
{
  return n_clusters (data) == 0;
}

static gboolean
has_one_row (gpointer page)
{
  return ca_feeds_page_get_rows (page)->len == 1;
}

typedef struct {
  GType       type;
  const char *label;   /* "#name": the widget's name; else a button's label */
} Wanted;

static gboolean
is_wanted (GtkWidget     *widget,
           gconstpointer  data)
{
  const Wanted *wanted = data;

  return G_TYPE_CHECK_INSTANCE_TYPE (widget, wanted->type) &&
         (wanted->label[0] == '#' ? g_strcmp0 (gtk_widget_get_name (widget), wanted->label + 1) == 0
                                  : GTK_IS_BUTTON (widget) &&
                                    g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)),
                                               wanted->label) == 0);
}

/* The widget of type named "#name", or the button of type labelled label */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *label)
{
  Wanted wanted = { type, label };

  return ca_test_find_widget_where (root, is_wanted, &wanted);
}

static gboolean
has_row_titled (GtkWidget  *root,
                const char *part)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_PREFERENCES_ROW (child) &&
          strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), part) != NULL)
        return TRUE;
      if (has_row_titled (child, part))
        return TRUE;
    }
  return FALSE;
}

/* A visible label whose text contains part, anywhere under root */
static gboolean
shows_label (GtkWidget  *root,
             const char *part)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_is_visible (child) &&
          strstr (gtk_label_get_text (GTK_LABEL (child)), part) != NULL)
        return TRUE;
      if (shows_label (child, part))
        return TRUE;
    }
  return FALSE;
}

/* The banner's text while it shows; NULL when it does not */
static const char *
banner_text (Fixture *fx)
{
  GtkWidget *banner = ca_test_find_widget (GTK_WIDGET (fx->window), ADW_TYPE_BANNER);

  /* Made with the first failure (ca-window-sync.c) */
  if (banner == NULL || !adw_banner_get_revealed (ADW_BANNER (banner)))
    return NULL;
  g_assert_true (gtk_widget_get_mapped (banner));
  /* the feed's words are text, not markup */
  g_assert_false (adw_banner_get_use_markup (ADW_BANNER (banner)));
  return adw_banner_get_title (ADW_BANNER (banner));
}

static void
test_feeds_page (Fixture       *fx,
                 gconstpointer  data)
{
  CaFeedsPage *page;
  GtkWidget *prefs;
  AdwEntryRow *url_row;
  GtkLabel *url_error;
  GPtrArray *rows;
  guint builtin_clusters = n_clusters (fx);
  g_autofree char *title = NULL;

  g_assert_cmpuint (builtin_clusters, >, 0);

  /* app.preferences opens the page in the Preferences dialog, over the window */
  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "preferences", NULL);
  prefs = GTK_WIDGET (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (fx->window)));
  g_assert_true (ADW_IS_PREFERENCES_DIALOG (prefs));
  page = CA_FEEDS_PAGE (ca_test_find_widget (prefs, CA_TYPE_FEEDS_PAGE));
  g_assert_nonnull (page);
  rows = ca_feeds_page_get_rows (page);
  g_assert_cmpuint (rows->len, ==, 1);   /* the built-in feed */
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[0]), ==, "Built-in data");

  /* Refused, with the reason shown */
  url_row = ca_feeds_page_get_url_row (page);
  url_error = ca_feeds_page_get_url_error (page);
  gtk_editable_set_text (GTK_EDITABLE (url_row), "http://example.org/feed.json");
  g_signal_emit_by_name (url_row, "apply");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (url_error)));
  g_assert_nonnull (strstr (gtk_label_get_text (url_error), "https://"));
  g_assert_cmpuint (rows->len, ==, 1);

  /* Added: synced at once; the window shows its clusters */
  fx->serve = SERVE_V1;
  gtk_editable_set_text (GTK_EDITABLE (url_row), fx->url);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (url_error)));
  g_signal_emit_by_name (url_row, "apply");
  ca_test_wait_for_syncs (fx->app);
  rows = ca_feeds_page_get_rows (page);
  g_assert_cmpuint (rows->len, ==, 2);
  /* Markup in a feed is text */
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[1]), ==, "<b>Publisher</b> v1");
  g_assert_false (adw_preferences_row_get_use_markup (rows->pdata[1]));
  g_assert_cmpuint (n_clusters (fx), ==, builtin_clusters + 2);
  /* The toast says what came, in plain text */
  g_assert_true (shows_label (GTK_WIDGET (fx->window), "<b>Publisher</b> v1: 1 event added"));
  /* Its warning can be read in the row */
  g_assert_true (has_row_titled (rows->pdata[1], "events[1].start"));

  /* Ctrl+R's action: a new document updates the window */
  fx->serve = SERVE_V2;
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.sync", NULL);
  ca_test_wait_for_syncs (fx->app);
  g_assert_cmpuint (n_clusters (fx), ==, builtin_clusters + 3);
  g_assert_null (banner_text (fx));
  /* no failure yet: no banner made */
  g_assert_null (ca_test_find_widget (GTK_WIDGET (fx->window), ADW_TYPE_BANNER));

  /* A failure: the banner, the data kept */
  fx->serve = SERVE_404;
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.sync", NULL);
  ca_test_wait_for_syncs (fx->app);
  g_assert_nonnull (banner_text (fx));
  g_assert_nonnull (strstr (banner_text (fx), "HTTP 404"));
  g_assert_nonnull (strstr (banner_text (fx), "Showing data from less than an hour ago"));
  /* Its Retry syncs again */
  {
    GtkWidget *retry = ca_test_find_widget (ca_test_find_widget (GTK_WIDGET (fx->window),
                                                                 ADW_TYPE_BANNER),
                                            GTK_TYPE_BUTTON);

    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (retry)), ==, "_Retry");
    g_signal_emit_by_name (retry, "clicked");
    g_assert_true (ca_sync_manager_is_syncing (ca_test_sync_manager (fx->app)));
    ca_test_wait_for_syncs (fx->app);
    g_assert_nonnull (strstr (banner_text (fx), "HTTP 404"));
  }
  g_assert_cmpuint (n_clusters (fx), ==, builtin_clusters + 3);
  rows = ca_feeds_page_get_rows (page);
  g_assert_cmpstr (adw_expander_row_get_subtitle (rows->pdata[1]), ==, "The last sync failed");

  /* Cancel stops a sync that would hang */
  fx->serve = SERVE_SILENT;
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.sync", NULL);
  g_assert_true (ca_sync_manager_is_syncing (ca_test_sync_manager (fx->app)));
  ca_test_run_pending ();
  /* The header bar shows the sync under way */
  g_assert_true (shows_label (GTK_WIDGET (fx->window), "Syncing…"));
  {
    GtkWidget *spinner = ca_test_find_widget (GTK_WIDGET (fx->window), ADW_TYPE_SPINNER);

    g_assert_nonnull (spinner);
    g_assert_true (gtk_widget_get_mapped (spinner));
    g_assert_nonnull (gtk_widget_get_ancestor (spinner, ADW_TYPE_HEADER_BAR));
  }
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.cancel-sync", NULL);
  ca_test_wait_for_syncs (fx->app);
  g_assert_cmpuint (n_clusters (fx), ==, builtin_clusters + 3);

  /* Removed: its records go; the star on its event is kept, and can be let go */
  g_assert_true (ca_store_set_starred (ca_application_get_store (fx->app), fx->url, "e0",
                                       TRUE, NULL));
  rows = ca_feeds_page_get_rows (page);
  adw_expander_row_set_expanded (rows->pdata[1], TRUE);
  g_signal_emit_by_name (find_widget (rows->pdata[1], GTK_TYPE_BUTTON, "_Remove"), "clicked");
  /* The rows come back when idle: a while under the sanitizers */
  g_assert_true (ca_test_wait_until (has_one_row, page, 10000));
  rows = ca_feeds_page_get_rows (page);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpuint (n_clusters (fx), ==, builtin_clusters);
  g_assert_true (ca_store_is_starred (ca_application_get_store (fx->app), fx->url, "e0"));
  g_assert_true (shows_label (GTK_WIDGET (page), "1 starred event no feed has now"));
  g_signal_emit_by_name (find_widget (GTK_WIDGET (page), GTK_TYPE_BUTTON, "_Clear"), "clicked");
  ca_test_run_for (100);
  g_assert_false (ca_store_is_starred (ca_application_get_store (fx->app), fx->url, "e0"));
  g_assert_false (shows_label (GTK_WIDGET (page), "1 starred event no feed has now"));

  /* The built-in feed hidden: nothing left to show */
  gtk_switch_set_active (GTK_SWITCH (find_widget (rows->pdata[0], GTK_TYPE_SWITCH, "#builtin-shown")), FALSE);
  g_assert_true (ca_test_wait_until (no_clusters, fx, 10000));
  {
    g_autoptr(CaFeedInfo) info = ca_store_get_feed_info (ca_application_get_store (fx->app),
                                                        "builtin", NULL);
    g_assert_true (info->hidden);
  }
  g_assert_cmpuint (n_clusters (fx), ==, 0);
}

static gboolean
feed_synced (gpointer data)
{
  Fixture *fx = data;
  g_autoptr(CaFeedInfo) info = ca_store_get_feed_info (ca_application_get_store (fx->app),
                                                       fx->url, NULL);

  return info != NULL && info->last_sync > 0 && !ca_sync_manager_is_syncing (ca_test_sync_manager (fx->app));
}

/* On start-up a feed older than the interval (here never synced) is synced */
static void
test_startup_sync (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(CaFeedInfo) info = NULL;

  g_assert_true (ca_test_wait_until (feed_synced, fx, 20000));
  info = ca_store_get_feed_info (ca_application_get_store (fx->app), fx->url, NULL);
  g_assert_cmpint (info->last_sync, >, 0);
  g_assert_cmpuint (info->n_clusters, ==, 2);
  /* and the window shows it */
  g_assert_cmpuint (n_clusters (fx), ==, 3 + 2);
}

static void
count_frame (GdkFrameClock *clock,
             guint         *frames)
{
  (*frames)++;
}

static gboolean
drawn (gpointer data)
{
  return *(guint *) data > 0;
}

/* ... but only once the window is on screen: its first frame does not share the
 * machine with the sync's threads (ca-window.c) */
static void
test_startup_sync_after_first_frame (Fixture       *fx,
                                     gconstpointer  data)
{
  guint frames = 0;

  g_assert_false (ca_sync_manager_is_syncing (ca_test_sync_manager (fx->app)));
  g_assert_true (ca_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_realized,
                                     fx->window, 10000));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (fx->window)), "after-paint",
                    G_CALLBACK (count_frame), &frames);
  g_assert_false (ca_sync_manager_is_syncing (ca_test_sync_manager (fx->app)));
  g_assert_true (ca_test_wait_until (drawn, &frames, 10000));
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (GTK_WIDGET (fx->window)),
                                        count_frame, &frames);
  g_assert_true (ca_test_wait_until (feed_synced, fx, 20000));
  g_assert_cmpuint (n_clusters (fx), ==, 3 + 2);
}

/* Offline: no attempt (a feed on this computer excepted); back online: a sync */
static void
test_offline (Fixture       *fx,
              gconstpointer  data)
{
  const char *remote = "https://feeds.invalid/feed.json";
  CaStore *store = ca_application_get_store (fx->app);
  g_autoptr(TestMonitor) monitor = g_object_new (test_monitor_get_type (), NULL);
  g_autoptr(GResolver) resolver = g_object_new (test_resolver_get_type (), NULL);
  g_autoptr(GResolver) system_resolver = g_resolver_get_default ();
  g_autoptr(CaFeedInfo) info = NULL;

  g_resolver_set_default (resolver);

  g_assert_true (ca_store_add_feed (store, remote, NULL));
  g_assert_true (ca_store_add_feed (store, fx->url, NULL));
  ca_sync_manager_set_network_monitor (ca_test_sync_manager (fx->app), G_NETWORK_MONITOR (monitor));

  ca_sync_manager_sync_all (ca_test_sync_manager (fx->app));
  g_assert_false (ca_sync_is_syncing (ca_sync_manager_get_sync (ca_test_sync_manager (fx->app)), remote));
  ca_test_wait_for_syncs (fx->app);
  info = ca_store_get_feed_info (store, remote, NULL);
  g_assert_cmpint (info->last_attempt, ==, 0);
  g_clear_pointer (&info, ca_feed_info_free);
  info = ca_store_get_feed_info (store, fx->url, NULL);
  g_assert_cmpint (info->last_sync, >, 0);
  g_clear_pointer (&info, ca_feed_info_free);

  test_monitor_set_available (monitor, TRUE);
  g_assert_true (ca_sync_is_syncing (ca_sync_manager_get_sync (ca_test_sync_manager (fx->app)), remote));
  ca_test_wait_for_syncs (fx->app);
  info = ca_store_get_feed_info (store, remote, NULL);
  g_assert_cmpint (info->last_attempt, >, 0);
  g_assert_nonnull (strstr (info->last_error, "Could not reach feeds.invalid: no server has that name"));
  g_assert_cmpuint (n_lookups, >, 0);   /* asked here, not of the network */
  g_resolver_set_default (system_resolver);
}

static gboolean
is_cancel_button (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)),
                    "win.cancel-sync") == 0;
}

static gboolean
received_some (gpointer data)
{
  return shows_label (GTK_WIDGET (((Fixture *) data)->window), "kB");
}

/* The header bar's Cancel, clicked, stops a sync from a server that sends slowly
 * but steadily (no timer would end it for two minutes): at once, no error
 * recorded, the window's data and the store's as they were, the lock free */
static void
test_cancel_slow (Fixture       *fx,
                  gconstpointer  data)
{
  CaStore *store = ca_application_get_store (fx->app);
  CaSync *sync = ca_sync_manager_get_sync (ca_test_sync_manager (fx->app));
  g_autoptr(GSettings) settings = g_settings_new ("io.github.clusteratlas.ClusterAtlas");
  g_autoptr(CaFeedInfo) info = NULL;
  g_autofree char *lock_path = NULL;
  GtkWidget *cancel;
  guint builtin_clusters = n_clusters (fx);
  gint64 clicked;
  int fd;

  /* The deadline follows its setting */
  g_assert_cmpuint (ca_sync_get_deadline (sync), ==, 120);
  g_settings_set_uint (settings, "sync-deadline", 600);
  g_assert_cmpuint (ca_sync_get_deadline (sync), ==, 600);

  g_assert_true (ca_store_add_feed (store, fx->url, NULL));
  fx->serve = SERVE_V1;
  ca_sync_manager_sync_feed (ca_test_sync_manager (fx->app), fx->url);
  ca_test_wait_for_syncs (fx->app);
  g_assert_cmpuint (n_clusters (fx), ==, builtin_clusters + 2);

  fx->serve = SERVE_SLOW;
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.sync", NULL);
  g_assert_true (ca_sync_manager_is_syncing (ca_test_sync_manager (fx->app)));
  /* Under way: the header bar counts what came */
  g_assert_true (ca_test_wait_until (received_some, fx, 10000));
  cancel = ca_test_find_widget_where (GTK_WIDGET (fx->window), is_cancel_button, NULL);
  g_assert_nonnull (cancel);
  g_assert_true (gtk_widget_get_mapped (cancel));
  g_assert_nonnull (gtk_widget_get_ancestor (cancel, ADW_TYPE_HEADER_BAR));

  clicked = g_get_monotonic_time ();
  g_signal_emit_by_name (cancel, "clicked");
  ca_test_wait_for_syncs (fx->app);
  g_test_message ("stopped %.2f s after the click, %" G_GUINT64_FORMAT " bytes sent",
                  (g_get_monotonic_time () - clicked) / 1e6, fx->dripped);
  g_assert_cmpint (g_get_monotonic_time () - clicked, <, 3 * G_USEC_PER_SEC);
  g_assert_false (gtk_widget_get_mapped (cancel));
  g_assert_cmpuint (n_clusters (fx), ==, builtin_clusters + 2);
  g_assert_null (banner_text (fx));
  info = ca_store_get_feed_info (store, fx->url, NULL);
  g_assert_null (info->last_error);
  g_assert_cmpuint (info->n_clusters, ==, 2);

  lock_path = _ca_sync_lock_path (store, fx->url);
  g_assert_false (ca_sync_is_syncing (sync, fx->url));
  fd = g_open (lock_path, O_RDWR);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  close (fd);

  /* and the next sync goes through */
  fx->serve = SERVE_V2;
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.sync", NULL);
  ca_test_wait_for_syncs (fx->app);
  g_assert_cmpuint (n_clusters (fx), ==, builtin_clusters + 3);
  g_settings_reset (settings, "sync-deadline");
}

/* While the app runs, a timer syncs again every interval */
static void
test_timer (Fixture       *fx,
            gconstpointer  data)
{
  CaStore *store = ca_application_get_store (fx->app);
  gint64 deadline;
  guint hits;

  g_assert_true (ca_store_add_feed (store, fx->url, NULL));
  ca_sync_manager_sync_feed (ca_test_sync_manager (fx->app), fx->url);
  ca_test_wait_for_syncs (fx->app);
  hits = fx->hits;
  g_assert_cmpuint (hits, ==, 1);

  ca_sync_manager_set_interval (ca_test_sync_manager (fx->app), 1);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (fx->hits < hits + 2)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  ca_test_wait_for_syncs (fx->app);
}

static gboolean
is_file_chooser (GtkWindow *window)
{
  return g_str_equal (G_OBJECT_TYPE_NAME (window), "GtkFileChooserDialog");
}

/* The open file chooser of the app, or NULL */
static GtkWindow *
file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (is_file_chooser (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
file_chooser_open (gpointer data)
{
  return file_chooser () != NULL;
}

/* Preferences → Feeds → "Add a File…": a file chooser for feeds (JSON); the file
 * picked is subscribed and synced; a file that is gone is refused with its reason */
static void
test_add_file (Fixture       *fx,
               gconstpointer  data)
{
  static const char feed[] =
    "{ \"format\": \"cluster-feed\", \"version\": 1,"
    "  \"publisher\": { \"name\": \"Feed from a file\" },"
    "  \"clusters\": [ { \"id\": \"f\", \"name\": \"File Cluster\" } ] }";
  g_autofree char *path = g_build_filename (fx->data_home, "my feed.json", NULL);
  g_autofree char *gone = g_build_filename (fx->data_home, "gone.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) gone_file = g_file_new_for_path (gone);
  guint builtin_clusters = n_clusters (fx);
  CaFeedsPage *page;
  GtkWidget *prefs, *button;
  GtkWindow *chooser;
  GPtrArray *rows;

  g_assert_true (g_file_set_contents (path, feed, -1, NULL));
  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "preferences", NULL);
  prefs = GTK_WIDGET (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (fx->window)));
  page = CA_FEEDS_PAGE (ca_test_find_widget (prefs, CA_TYPE_FEEDS_PAGE));
  g_assert_nonnull (page);

  /* The row opens a file chooser over the window */
  button = ca_test_find_widget (GTK_WIDGET (page), ADW_TYPE_BUTTON_ROW);
  g_assert_nonnull (button);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (button)), ==, "Add a _File…");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "feeds.add-file");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feeds.add-file", NULL));
  g_assert_true (ca_test_wait_until (file_chooser_open, NULL, 10000));
  chooser = file_chooser ();
  g_assert_true (gtk_window_get_transient_for (chooser) == GTK_WINDOW (fx->window));
  gtk_window_close (chooser);
  ca_test_run_for (100);

  /* A file that is not there: refused, saying so */
  g_assert_false (ca_feeds_page_add_file (page, gone_file));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (ca_feeds_page_get_url_error (page))));
  g_assert_cmpuint (ca_feeds_page_get_rows (page)->len, ==, 1);

  /* The file picked: subscribed and read at once */
  g_assert_true (ca_feeds_page_add_file (page, file));
  ca_test_wait_for_syncs (fx->app);
  rows = ca_feeds_page_get_rows (page);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[1]), ==, "Feed from a file");
  g_assert_cmpuint (n_clusters (fx), ==, builtin_clusters + 1);
  /* The same file again is the same feed */
  g_assert_false (ca_feeds_page_add_file (page, file));
  g_assert_cmpstr (gtk_label_get_text (ca_feeds_page_get_url_error (page)), ==,
                   "This feed is in the list already.");
}

int
main (int   argc,
      char *argv[])
{
  ca_test_require_display ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/feeds/page-and-window", Fixture, NULL, fixture_set_up, test_feeds_page,
              fixture_tear_down);
  g_test_add ("/feeds/startup-sync", Fixture, "subscribed", fixture_set_up, test_startup_sync,
              fixture_tear_down);
  g_test_add ("/feeds/startup-sync-after-first-frame", Fixture, "subscribed-not-drawn",
              fixture_set_up, test_startup_sync_after_first_frame, fixture_tear_down);
  g_test_add ("/feeds/offline", Fixture, NULL, fixture_set_up, test_offline,
              fixture_tear_down);
  g_test_add ("/feeds/timer", Fixture, NULL, fixture_set_up, test_timer, fixture_tear_down);
  g_test_add ("/feeds/add-file", Fixture, NULL, fixture_set_up, test_add_file,
              fixture_tear_down);
  g_test_add ("/feeds/cancel-slow", Fixture, NULL, fixture_set_up, test_cancel_slow,
              fixture_tear_down);

  return g_test_run ();
}
