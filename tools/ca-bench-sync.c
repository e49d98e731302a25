/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-bench-sync"
#define _GNU_SOURCE   /* RUSAGE_THREAD */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/resource.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "ca-ics-parser.h"
#include "ca-store.h"
#include "ca-sync.h"

/*
 * Syncs a feed file served by a SoupServer on 127.0.0.1 (in its own thread, so
 * its writing costs the client's main loop nothing) while a 2 ms timer on the
 * main loop measures the longest gap between its ticks. Prints key=value lines:
 *
 *   ca-bench-sync FEED [--runs N] [--max-stall-ms MS] [--calendar ICS]
 *
 * sync_ms (best full sync into an empty store), sync_worst_ms, stall_ms (the
 * longest main-loop stall over all runs), resync_ms (an unchanged re-sync: 304),
 * resync_commits (commits the re-sync made: 0 is zero rows written), events,
 * main_cpu_ms (CPU time the main thread spent in the longest sync: what the sync
 * itself costs the loop, whatever else the machine runs).
 * With --max-stall-ms it exits 1 when the stall is longer (for meson test).
 *
 * With --calendar, each run also syncs the iCalendar file ICS as a calendar
 * subscription (into a store of its own, for a cluster it names), right after FEED:
 * ics_sync_ms, ics_sync_worst_ms, ics_stall_ms, ics_resync_ms, ics_events, the same
 * figures for the calendar. tools/gen-feed --preset calendar --ics / --ics-json
 * write a calendar and the same events as a feed, to compare the two. The calendar
 * window's "now" is fixed at 2026-11-20, the date gen-feed writes for.
 */

#define TICK_MS 2

#define CALENDAR_NOW G_GINT64_CONSTANT (1795132800)

typedef struct {
  GBytes       *feed;
  GBytes       *calendar;     /* served for a path ending .ics, or NULL */
  SoupServer   *server;
  char         *url;
  GMutex        lock;
  GCond         ready;
  GMainLoop    *loop;
} Server;

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Server *srv = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  gboolean calendar = srv->calendar != NULL && g_str_has_suffix (path, ".ics");
  const char *etag = calendar ? "\"bench-ics\"" : "\"bench\"";

  soup_message_headers_replace (response, "ETag", etag);
  if (g_strcmp0 (soup_message_headers_get_one (request, "If-None-Match"), etag) == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (response, calendar ? "text/calendar" : "application/json",
                                         NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg),
                                  calendar ? srv->calendar : srv->feed);
}

static gpointer
server_thread (gpointer data)
{
  Server *srv = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (context);
  srv->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (srv->server, NULL, serve, srv, NULL);
  if (!soup_server_listen (srv->server, address, 0, &error))
    g_error ("Cannot listen: %s", error->message);
  uris = soup_server_get_uris (srv->server);
  srv->loop = g_main_loop_new (context, FALSE);

  g_mutex_lock (&srv->lock);
  srv->url = g_uri_to_string (uris->data);
  g_cond_signal (&srv->ready);
  g_mutex_unlock (&srv->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (srv->loop);
  soup_server_disconnect (srv->server);
  g_clear_object (&srv->server);
  g_main_context_pop_thread_default (context);
  return NULL;
}

typedef struct {
  gint64        last_tick;
  gint64        max_gap;
  gint64        started;
  gint64        max_gap_at;    /* since the start, when the longest gap ended */
  gint64        downloaded_at; /* since the start, the last byte */
} Run;

static gboolean
tick (gpointer data)
{
  Run *run = data;
  gint64 now = g_get_monotonic_time ();

  if (run->last_tick > 0 && now - run->last_tick > run->max_gap)
    {
      run->max_gap = now - run->last_tick;
      run->max_gap_at = now - run->started;
    }
  run->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
progressed (CaSync     *sync,
            const char *key,
            guint64     received,
            gint64      total,
            Run        *run)
{
  run->downloaded_at = g_get_monotonic_time () - run->started;
}

static double
thread_cpu_ms (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_THREAD, &usage) != 0)
    return 0;
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

static double main_cpu_ms;

/* One sync; returns its time in ms, the longest tick gap in *stall_ms */
static double
sync_once (CaSync     *sync,
           const char *url,
           double     *stall_ms,
           guint      *n_events)
{
  double cpu_before = thread_cpu_ms ();
  Run run = { 0, 0, g_get_monotonic_time (), 0, 0 };
  guint ticker = g_timeout_add (TICK_MS, tick, &run);
  gulong handler = g_signal_connect (sync, "progress", G_CALLBACK (progressed), &run);
  g_autoptr(GError) error = NULL;
  CaSyncResult *result;
  double ms;

  /* The ticker runs in the same main loop as the sync's own work */
  result = ca_sync_feed_wait (sync, url, NULL, &error);
  ms = (g_get_monotonic_time () - run.started) / 1000.0;
  main_cpu_ms = MAX (main_cpu_ms, thread_cpu_ms () - cpu_before);
  g_source_remove (ticker);
  g_signal_handler_disconnect (sync, handler);
  g_debug ("sync %.1f ms: downloaded at %.1f ms, longest stall %.1f ms ending at %.1f ms",
           ms, run.downloaded_at / 1000.0, run.max_gap / 1000.0, run.max_gap_at / 1000.0);
  if (result == NULL)
    g_error ("Sync failed: %s", error->message);
  *stall_ms = run.max_gap / 1000.0;
  *n_events = result->n_events;
  ca_sync_result_free (result);
  return ms;
}

static int
data_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

int
main (int   argc,
      char *argv[])
{
  int runs = 3;
  double max_stall = 0;
  g_autofree char *calendar_path = NULL;
  g_autofree char *cal_url = NULL;
  double ics_best = G_MAXDOUBLE, ics_worst = 0, ics_stall = 0, ics_resync_ms = 0;
  guint ics_events = 0;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *url = NULL;
  Server srv = { 0 };
  GThread *thread;
  double best = G_MAXDOUBLE, worst = 0, stall = 0, resync_ms = 0;
  int resync_commits = 0;
  guint n_events = 0;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Full syncs, best counts (3)", "N" },
    { "max-stall-ms", 0, 0, G_OPTION_ARG_DOUBLE, &max_stall, "Fail above this stall", "MS" },
    { "calendar", 0, 0, G_OPTION_ARG_FILENAME, &calendar_path,
      "Also sync this iCalendar file as a calendar subscription", "ICS" },
    { NULL }
  };

  context = g_option_context_new ("FEED");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "usage: ca-bench-sync FEED");
      return 2;
    }
  {
    g_autoptr(GMappedFile) mapped = g_mapped_file_new (argv[1], FALSE, &error);

    if (mapped == NULL)
      {
        g_printerr ("%s\n", error->message);
        return 2;
      }
    srv.feed = g_mapped_file_get_bytes (mapped);
  }
  if (calendar_path != NULL)
    {
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (calendar_path, FALSE, &error);

      if (mapped == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 2;
        }
      srv.calendar = g_mapped_file_get_bytes (mapped);
    }

  g_mutex_init (&srv.lock);
  g_cond_init (&srv.ready);
  g_mutex_lock (&srv.lock);
  thread = g_thread_new ("server", server_thread, &srv);
  while (srv.url == NULL)
    g_cond_wait (&srv.ready, &srv.lock);
  g_mutex_unlock (&srv.lock);
  url = g_strconcat (srv.url, "feed.json", NULL);
  cal_url = g_strconcat (srv.url, "calendar.ics", NULL);
  dir = g_dir_make_tmp ("ca-bench-sync-XXXXXX", NULL);

  for (int i = 0; i < MAX (runs, 1); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/run%d.db", dir, i);
      g_autoptr(CaStore) store = ca_store_open (path, &error);
      g_autoptr(CaSync) sync = NULL;
      double run_stall, ms;

      if (store == NULL || !ca_store_add_feed (store, url, &error))
        g_error ("%s", error->message);
      sync = ca_sync_new (store);
      ms = sync_once (sync, url, &run_stall, &n_events);
      best = MIN (best, ms);
      worst = MAX (worst, ms);
      stall = MAX (stall, run_stall);

      /* The unchanged re-sync, watched from another connection */
      if (i == 0)
        {
          sqlite3 *db = NULL;
          int before;

          sqlite3_open (path, &db);
          before = data_version (db);
          resync_ms = sync_once (sync, url, &run_stall, &n_events);
          resync_commits = data_version (db) - before;
          sqlite3_close (db);
        }

      /* The same events as a calendar subscription, in a store of its own */
      if (srv.calendar != NULL)
        {
          g_autofree char *cal_path = g_strdup_printf ("%s/cal%d.db", dir, i);
          g_autoptr(CaStore) cal_store = ca_store_open (cal_path, &error);
          g_autoptr(CaSync) cal_sync = NULL;

          if (cal_store == NULL ||
              !ca_store_add_calendar (cal_store, cal_url, cal_url, "cal", "Calendar", &error))
            g_error ("%s", error->message);
          cal_sync = ca_sync_new (cal_store);
          ca_sync_set_calendar_window (cal_sync, CALENDAR_NOW, CA_ICS_DEFAULT_PAST_DAYS,
                                       CA_ICS_DEFAULT_FUTURE_DAYS);
          ms = sync_once (cal_sync, cal_url, &run_stall, &ics_events);
          ics_best = MIN (ics_best, ms);
          ics_worst = MAX (ics_worst, ms);
          ics_stall = MAX (ics_stall, run_stall);
          if (i == 0)
            ics_resync_ms = sync_once (cal_sync, cal_url, &run_stall, &ics_events);
        }
    }

  g_print ("events=%u\n", n_events);
  g_print ("sync_ms=%.1f\n", best);
  g_print ("sync_worst_ms=%.1f\n", worst);
  g_print ("sync_runs=%d\n", MAX (runs, 1));
  g_print ("stall_ms=%.1f\n", stall);
  g_print ("resync_ms=%.1f\n", resync_ms);
  g_print ("resync_commits=%d\n", resync_commits);
  g_print ("main_cpu_ms=%.1f\n", main_cpu_ms);
  if (srv.calendar != NULL)
    {
      g_print ("ics_events=%u\n", ics_events);
      g_print ("ics_sync_ms=%.1f\n", ics_best);
      g_print ("ics_sync_worst_ms=%.1f\n", ics_worst);
      g_print ("ics_stall_ms=%.1f\n", ics_stall);
      g_print ("ics_resync_ms=%.1f\n", ics_resync_ms);
    }

  g_main_loop_quit (srv.loop);
  g_thread_join (thread);
  g_main_loop_unref (srv.loop);
  g_free (srv.url);
  g_bytes_unref (srv.feed);
  g_clear_pointer (&srv.calendar, g_bytes_unref);

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }

  if (resync_commits != 0)
    {
      g_printerr ("ca-bench-sync: the unchanged re-sync wrote to the store\n");
      return 1;
    }
  stall = MAX (stall, ics_stall);
  if (max_stall > 0 && stall > max_stall)
    {
      g_printerr ("ca-bench-sync: main-loop stall %.1f ms > %.1f ms\n", stall, max_stall);
      return 1;
    }
  return 0;
}
