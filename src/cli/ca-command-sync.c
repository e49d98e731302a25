/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-command-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "ca-command-store.h"
#include "ca-settings.h"
#include "ca-command-sync.h"
#include "ca-cluster.h"
#include "ca-credentials.h"
#include "ca-discover.h"
#include "ca-store.h"
#include "ca-sync.h"
#include "ca-text.h"

/*
 * The feed commands for scripts and publishers: --add-feed, --remove-feed,
 * --list-feeds and --sync. They open the same store the window uses (in
 * XDG_DATA_HOME) and need no display.
 */

/* The store for a feed command. One that writes first moves to the keyring a
 * password an older version kept in a feed's key. */
static CaStore *
open_feed_store (CaCommandStoreUse  use,
                 int               *status)
{
  g_autoptr(GError) error = NULL;
  CaStore *store;
  guint moved;

  if ((store = ca_command_open_store (use, status)) == NULL)
    return NULL;
  if (use != CA_COMMAND_STORE_WRITE || !ca_credentials_store_holds_any (store))
    return store;

  moved = ca_credentials_move_from_store (store, NULL, &error);
  if (moved > 0)
    g_printerr (ngettext ("The user name and password of %u feed were moved from the "
                          "offline data to the keyring.\n",
                          "The user names and passwords of %u feeds were moved from the "
                          "offline data to the keyring.\n", moved), moved);
  if (error != NULL)
    /* TRANSLATORS: %s is why the keyring failed */
    g_printerr (_("A feed’s password is still in the offline data: the keyring could not "
                  "take it (%s).\n"), error->message);
  return store;
}

static char *
format_counts (guint n_clusters,
               guint n_members,
               guint n_projects,
               guint n_events)
{
  g_autofree char *clusters = g_strdup_printf (ngettext ("%u cluster", "%u clusters",
                                                         n_clusters), n_clusters);
  g_autofree char *members = g_strdup_printf (ngettext ("%u member", "%u members",
                                                        n_members), n_members);
  g_autofree char *projects = g_strdup_printf (ngettext ("%u project", "%u projects",
                                                         n_projects), n_projects);
  g_autofree char *events = g_strdup_printf (ngettext ("%u event", "%u events",
                                                       n_events), n_events);

  /* TRANSLATORS: "3 clusters, 90 members, 10 projects, 14 events" */
  return g_strdup_printf (_("%s, %s, %s, %s"), clusters, members, projects, events);
}

static char *
format_time (gint64 when)
{
  g_autoptr(GDateTime) dt = NULL;

  if (when <= 0)
    return g_strdup (_("never"));
  dt = g_date_time_new_from_unix_local (when);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

/* A user name and password in the address go to the keyring, never to the
 * store: where no keyring answers, the feed is refused and nothing is kept. */
static int
add_feed (const char *text)
{
  g_autoptr(CaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  gboolean subscribed;
  int status;

  if ((key = ca_sync_check_new_feed (text, &user, &password, &error)) == NULL)
    {
      g_autofree char *shown = ca_credentials_display_url (text);

      /* TRANSLATORS: the first %s is what the user gave, the second why it is refused */
      g_printerr (_("%s: refused: %s\n"), shown, error->message);
      return 1;
    }
  if ((store = open_feed_store (CA_COMMAND_STORE_WRITE, &status)) == NULL)
    return status;
  subscribed = ca_store_has_feed (store, key);
  if (user != NULL && !ca_credentials_store_sync (key, user, password, NULL, &error))
    {
      /* TRANSLATORS: %s is a feed address, then why the keyring failed */
      g_printerr (_("%s: refused: its user name and password are kept only in the keyring, "
                    "and the keyring could not keep them (%s). Nothing was stored.\n"),
                  key, error->message);
      return 1;
    }
  if (subscribed)
    {
      if (user != NULL)
        /* TRANSLATORS: %s is a feed address */
        g_print (_("%s: already subscribed; its user name and password were saved in the "
                   "keyring\n"), key);
      else
        g_print (_("%s: already subscribed\n"), key);
      return 0;
    }
  if (!ca_store_add_feed (store, key, &error))
    {
      if (user != NULL)
        ca_credentials_clear_sync (key, NULL, NULL);
      g_printerr ("%s: %s\n", key, error->message);
      return 1;
    }
  if (user != NULL)
    /* TRANSLATORS: %s is a feed address, shown without its user name and password */
    g_print (_("%s: added, with its user name and password in the keyring; run --sync to "
               "fetch it\n"), key);
  else
    /* TRANSLATORS: %s is a feed address */
    g_print (_("%s: added; run --sync to fetch it\n"), key);
  return 0;
}

/* The window's feed-size-limit and sync-deadline settings, when the schema is installed */
static void
apply_settings (CaSync *sync)
{
  g_autoptr(GSettings) settings = ca_settings_new_if_installed ();

  if (settings == NULL)
    return;
  ca_sync_set_max_size (sync, ca_command_feed_size_limit ());
  ca_sync_set_deadline (sync, MAX (g_settings_get_uint (settings, "sync-deadline"), 1));
  ca_sync_set_calendar_window (sync, 0, g_settings_get_uint (settings, "calendar-window-past-days"),
                               g_settings_get_uint (settings, "calendar-window-future-days"));
}

typedef struct {
  GMainLoop   *loop;
  CaDiscovery *discovery;
  GError      *error;
} DiscoverWait;

static void
discovered (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  DiscoverWait *wait = user_data;

  wait->discovery = ca_discover_finish (res, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* Given a web page rather than a calendar, the calendar its head announces
 * (announced, and the page in page); given a calendar, neither. A page that
 * announces none is an error (1). An address that cannot be looked at now is
 * taken as given, as an address was before discovery: a calendar's server may be
 * down for a day. */
static int
find_announced_calendar (CaStore     *store,
                         const char  *key,
                         char       **announced,
                         char       **page)
{
  g_autoptr(CaSync) sync = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(CaDiscovery) discovery = NULL;
  g_autoptr(GError) error = NULL;
  DiscoverWait wait = { loop, NULL, NULL };

  *announced = *page = NULL;
  /* The sync's session and rules, with the user's deadline */
  sync = ca_sync_new (store);
  apply_settings (sync);
  ca_discover_async (sync, key, NULL, discovered, &wait);
  g_main_loop_run (loop);
  discovery = wait.discovery;
  error = wait.error;

  if (discovery == NULL)
    {
      g_autofree char *message = ca_text_for_terminal (error->message);

      /* TRANSLATORS: %s is a calendar's address, the second %s why it could not be read */
      g_printerr (_("%s: could not be looked at now (%s); added as given\n"), key, message);
      return 0;
    }
  if (!discovery->is_page)
    return 0;
  if (discovery->calendars->len == 0)
    {
      /* TRANSLATORS: %s is a web page's address */
      g_printerr (_("%s is a web page that announces no calendar: give the calendar’s own "
                    "address (a webcal:// link, or one ending in .ics or ?ical=1). Nothing "
                    "was added.\n"), discovery->page_url);
      return 1;
    }
  *announced = g_strdup (((CaDiscoveredCalendar *) discovery->calendars->pdata[0])->url);
  *page = g_strdup (discovery->page_url);
  return 0;
}

/* A calendar subscription: its events belong to the cluster with the id cluster (in
 * whichever feed has it), or to a new cluster the subscription holds, named
 * cluster_name. The cluster must be there: a typo would file the events nowhere. */
static int
add_calendar (const char *text,
              const char *cluster,
              const char *cluster_name)
{
  g_autoptr(CaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autofree char *address = ca_sync_webcal_to_https (text);
  g_autofree char *key = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  g_autofree char *cluster_feed = NULL;
  g_autofree char *cluster_id = NULL;
  g_autofree char *shown_name = NULL;
  g_autofree char *page = NULL;
  int status;

  if (cluster != NULL && cluster_name != NULL)
    {
      g_printerr (_("--cluster and --cluster-name do not go together: a calendar belongs to "
                    "one cluster\n"));
      return 2;
    }
  if ((key = ca_sync_check_new_feed (address, &user, &password, &error)) == NULL)
    {
      g_autofree char *shown = ca_credentials_display_url (text);
      g_printerr (_("%s: refused: %s\n"), shown, error->message);
      return 1;
    }
  if (user != NULL)
    {
      g_printerr (_("%s: refused: a calendar’s address cannot hold a user name and "
                    "password\n"), key);
      return 1;
    }
  if ((store = open_feed_store (CA_COMMAND_STORE_WRITE, &status)) == NULL)
    return status;
  if (cluster != NULL)
    {
      if ((clusters = ca_store_find_clusters (store, cluster, &error)) == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      if (clusters->len == 0)
        {
          /* TRANSLATORS: %s is what the user gave as --cluster=ID */
          g_printerr (_("No cluster has the id “%s”: give the id of a cluster in the "
                        "offline data, or --cluster-name=NAME for a new one\n"), cluster);
          return 1;
        }
      cluster_feed = g_strdup (CA_CLUSTER (clusters->pdata[0])->feed);
      cluster_id = g_strdup (cluster);
      shown_name = ca_text_display (CA_CLUSTER (clusters->pdata[0])->name);
    }
  else
    {
      shown_name = g_strstrip (g_strdup (cluster_name));
      if (*shown_name == '\0')
        {
          g_printerr (_("--cluster-name needs a name\n"));
          return 2;
        }
    }

  /* The cluster checked first: looking at a page is the network's time, and a
   * refusal after "added as given" would read as a contradiction */
  if (g_str_has_prefix (key, "http"))
    {
      g_autofree char *announced = NULL;

      if ((status = find_announced_calendar (store, key, &announced, &page)) != 0)
        return status;
      if (announced != NULL)
        {
          g_free (key);
          key = g_steal_pointer (&announced);
        }
    }
  if (cluster == NULL)
    {
      /* A new cluster, held by the subscription: named after its final address */
      cluster_feed = g_strdup (key);
      cluster_id = ca_store_calendar_cluster_id (key);
    }

  if (!ca_store_add_calendar (store, key, cluster_feed, cluster_id,
                              cluster != NULL ? NULL : shown_name, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  {
    g_autofree char *name = ca_text_for_terminal (shown_name != NULL ? shown_name : cluster_id);

    if (page != NULL)
      /* TRANSLATORS: the first %s is a calendar's address, the second the web page that
       * announced it, the third a cluster's name */
      g_print (_("Subscribed to %s, announced by %s, as the calendar of %s; run --sync to "
                 "fetch it\n"), key, page, name);
    else
      /* TRANSLATORS: the first %s is a calendar's address, the second a cluster's name */
      g_print (_("%s: added as the calendar of %s; run --sync to fetch it\n"), key, name);
  }
  return 0;
}

/* The feed's user name and password, if the keyring has them. A feed without
 * any is the usual case, and a keyring that does not answer then is no error. */
static void
forget_credentials (const char *key)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_has_prefix (key, "http"))
    return;
  if (!ca_credentials_clear_sync (key, NULL, &error) && error != NULL)
    g_debug ("No credentials of %s removed: %s", key, error->message);
}

static int
remove_feed (const char *text)
{
  g_autoptr(CaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = ca_sync_check_url (text, NULL);
  g_autofree char *shown = NULL;
  int status;

  if (g_strcmp0 (text, CA_FEED_BUILTIN) == 0)
    {
      g_printerr (_("The built-in feed cannot be removed; it can be hidden in Preferences.\n"));
      return 1;
    }
  if ((store = open_feed_store (CA_COMMAND_STORE_WRITE, &status)) == NULL)
    return status;
  if (key == NULL || !ca_store_has_feed (store, key))
    {
      g_free (key);
      key = g_strdup (text);
    }
  if (!ca_store_remove_feed (store, key, &error))
    {
      if (g_error_matches (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND))
        {
          shown = ca_credentials_display_url (text);
          g_printerr (_("%s: no such feed; --list-feeds shows them\n"), shown);
        }
      else
        g_printerr ("%s: %s\n", key, error->message);
      return 1;
    }
  forget_credentials (key);
  shown = ca_credentials_display_url (key);
  g_print (_("%s: removed\n"), shown);
  return 0;
}

static int
list_feeds (void)
{
  g_autoptr(CaStore) store = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  /* Read only: it works on a store that cannot be written */
  if ((store = ca_command_open_store (CA_COMMAND_STORE_READ, &status)) == NULL)
    return status;
  if ((feeds = ca_store_list_feeds (store, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < feeds->len; i++)
    {
      CaFeedInfo *info = feeds->pdata[i];
      g_autofree char *name = info->title != NULL ? ca_text_display (info->title) : NULL;
      /* The publisher's words: nothing in them may turn the line around */
      g_autofree char *title = name != NULL ? ca_text_for_terminal (name) : NULL;
      g_autofree char *last_error = info->last_error != NULL
                                    ? ca_text_for_terminal (info->last_error) : NULL;
      g_autofree char *when = format_time (info->last_sync);
      g_autofree char *counts = format_counts (info->n_clusters, info->n_members,
                                               info->n_projects, info->n_events);
      /* A key stored by an older version may hold a password */
      g_autofree char *shown = ca_credentials_display_url (info->key);
      guint n_warnings = g_strv_length (info->warnings);

      g_print ("%s%s\n", shown, info->hidden ? _(" (hidden)") : "");
      /* The title is the publisher's name, which a feed need not give: its
       * absence says nothing of whether the feed was synced */
      g_print (_("  Title: %s\n"), title != NULL ? title
                                   : info->last_sync > 0 ? _("(the feed names no publisher)")
                                   : _("(not synced yet)"));
      g_print (_("  Last sync: %s\n"), when);
      if (last_error != NULL)
        g_print (_("  Last error: %s\n"), last_error);
      g_print ("  %s; ", counts);
      g_print (ngettext ("%u warning\n", "%u warnings\n", n_warnings), n_warnings);
    }
  return 0;
}

/* One line per feed: status, counts, warnings; the warnings themselves follow */
static gboolean
sync_one (CaSync       *sync,
          CaFeedInfo   *info,
          GCancellable *cancellable)
{
  g_autoptr(CaSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeedInfo) after = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *shown = ca_credentials_display_url (info->key);

  result = ca_sync_feed_wait (sync, info->key, cancellable, &error);

  if (result == NULL)
    {
      /* TRANSLATORS: a status line of --sync: the feed address, then the error */
      g_autofree char *message = ca_text_for_terminal (error->message);

      g_print (_("failed     %s: %s\n"), shown, message);
      return FALSE;
    }

  counts = format_counts (result->n_clusters, result->n_members, result->n_projects,
                          result->n_events);
  if (result->status == CA_SYNC_NOT_MODIFIED)
    /* TRANSLATORS: a status line of --sync: the feed address, then its counts */
    g_print (_("unchanged  %s: %s; "), shown, counts);
  else
    {
      g_autofree char *added = g_strdup_printf (ngettext ("%u event added", "%u events added",
                                                          result->changes.events_added),
                                                result->changes.events_added);
      g_autofree char *changed = g_strdup_printf (ngettext ("%u changed", "%u changed",
                                                            result->changes.events_changed),
                                                  result->changes.events_changed);
      g_autofree char *removed = g_strdup_printf (ngettext ("%u removed", "%u removed",
                                                            result->changes.events_removed),
                                                  result->changes.events_removed);

      /* TRANSLATORS: a status line of --sync: the feed address, its counts, then
       * "2 events added, 1 changed, 0 removed" */
      g_print (_("updated    %s: %s (%s, %s, %s); "), shown, counts, added, changed, removed);
    }
  g_print (ngettext ("%u warning\n", "%u warnings\n", result->n_warnings), result->n_warnings);

  after = ca_store_get_feed_info (ca_sync_get_store (sync), info->key, NULL);
  for (guint i = 0; after != NULL && after->warnings[i] != NULL; i++)
    g_print ("    %s\n", after->warnings[i]);
  return TRUE;
}

/* Ctrl+C or SIGTERM: the download under way stops (an import under way ends
 * first: it is one transaction), its lock goes with it, the data stays */
typedef struct {
  GCancellable *cancellable;
  int           signal;
} Interrupt;

static gboolean
interrupted (Interrupt *interrupt,
             int        signum)
{
  if (interrupt->signal == 0)
    interrupt->signal = signum;
  g_cancellable_cancel (interrupt->cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
sigint_received (gpointer user_data)
{
  return interrupted (user_data, SIGINT);
}

static gboolean
sigterm_received (gpointer user_data)
{
  return interrupted (user_data, SIGTERM);
}

static int
sync_all (int timeout)
{
  g_autoptr(CaStore) store = NULL;
  g_autoptr(CaSync) sync = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Interrupt interrupt = { cancellable, 0 };
  guint sigint_source, sigterm_source;
  gboolean all_ok = TRUE;
  guint n_synced = 0;
  int status;

  if ((store = open_feed_store (CA_COMMAND_STORE_WRITE, &status)) == NULL)
    return status;
  if ((feeds = ca_store_list_feeds (store, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  sync = ca_sync_new (store);
  apply_settings (sync);
  if (timeout > 0)
    ca_sync_set_deadline (sync, timeout);

  sigint_source = g_unix_signal_add (SIGINT, sigint_received, &interrupt);
  sigterm_source = g_unix_signal_add (SIGTERM, sigterm_received, &interrupt);
  for (guint i = 0; i < feeds->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      CaFeedInfo *info = feeds->pdata[i];

      if (g_str_equal (info->key, CA_FEED_BUILTIN))
        continue;
      n_synced++;
      all_ok &= sync_one (sync, info, cancellable);
    }
  /* A signal that came between two feeds is handled here */
  while (g_main_context_iteration (NULL, FALSE));
  g_source_remove (sigint_source);
  g_source_remove (sigterm_source);

  if (interrupt.signal != 0)
    {
      g_printerr (interrupt.signal == SIGINT
                  ? _("Interrupted (Ctrl+C): the sync was stopped; the feeds it did not "
                      "finish keep the data they had.\n")
                  : _("Terminated (SIGTERM): the sync was stopped; the feeds it did not "
                      "finish keep the data they had.\n"));
      return 128 + interrupt.signal;
    }
  if (n_synced == 0)
    g_print (_("No feeds to sync: add one with --add-feed=URL\n"));
  return all_ok ? 0 : 1;
}

int
ca_command_sync_dispatch (GVariantDict *options)
{
  const char *url = NULL;

  if (g_variant_dict_lookup (options, "add-feed", "&s", &url))
    {
      const char *cluster = NULL;
      const char *cluster_name = NULL;

      g_variant_dict_lookup (options, "cluster", "&s", &cluster);
      g_variant_dict_lookup (options, "cluster-name", "&s", &cluster_name);
      if (cluster != NULL || cluster_name != NULL)
        return add_calendar (url, cluster, cluster_name);
      if (g_ascii_strncasecmp (url, "webcal", 6) == 0)
        {
          g_printerr (_("%s is a calendar: say whose events it holds with --cluster=ID or "
                        "--cluster-name=NAME\n"), url);
          return 2;
        }
      return add_feed (url);
    }
  if (g_variant_dict_lookup (options, "remove-feed", "&s", &url))
    return remove_feed (url);
  if (g_variant_dict_contains (options, "list-feeds"))
    return list_feeds ();
  if (g_variant_dict_contains (options, "sync"))
    {
      const char *text = NULL;
      guint64 timeout = 0;

      if (g_variant_dict_lookup (options, "timeout", "&s", &text) &&
          (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT, &timeout, NULL)))
        {
          g_printerr (_("--timeout takes a number of seconds greater than 0.\n"));
          return 2;
        }
      return sync_all ((int) timeout);
    }
  return -1;
}
