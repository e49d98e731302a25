/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-import"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ca-feed-parser.h"
#include "ca-store.h"
#include "ca-store-private.h"
#include "ca-test-core.h"
#include "ca-test-feed.h"

/*
 * The import that runs beside the parse (ca_store_import_bytes): feeds large enough
 * for the parser's worker threads, so records reach the store while later ones are
 * still being parsed, and a failure halfway must still leave the old data whole.
 */

#define FEED_KEY "https://example.org/feed.json"

/* A feed large enough for the parser's worker threads (about n_clusters × 12 KiB);
 * broken: its JSON breaks late, ten events before the end */
#define FEED(name, clusters, events, broken) \
  ca_test_feed_build (&(CaTestFeedSpec) { .tag = (name), .n_clusters = (clusters), \
                                          .big_clusters = TRUE, .bilingual = TRUE, \
                                          .n_events = (events), .broken_late = (broken) })

typedef struct {
  char    *dir;
  CaStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fx->dir = g_dir_make_tmp ("test-import-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fx->dir, "atlas.db", NULL);
  fx->store = ca_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->store);
  ca_test_remove_tree (fx->dir);
  g_free (fx->dir);
}

static CaFeed *
import (Fixture  *fx,
        GBytes   *bytes,
        GError  **error)
{
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  return ca_store_import_bytes (fx->store, FEED_KEY, parser, bytes, error);
}

/* What the store shows of the feed, to compare before and after a failed import */
static char *
describe_store (Fixture *fx)
{
  g_autoptr(CaFeedInfo) info = ca_store_get_feed_info (fx->store, FEED_KEY, NULL);
  g_autoptr(GPtrArray) clusters = ca_store_list_clusters (fx->store, NULL);
  g_autoptr(GPtrArray) hits = ca_store_search (fx->store, "cluster", 0, NULL);
  CaEventQuery all = CA_EVENT_QUERY_INIT;
  g_autoptr(GPtrArray) events = ca_store_list_events (fx->store, &all, NULL);
  g_autofree char *first = NULL;

  g_assert_nonnull (info);
  g_assert_nonnull (clusters);
  first = clusters->len > 0 ? g_strdup (((CaCluster *) clusters->pdata[0])->name) : NULL;
  return g_strdup_printf ("%s|%u clusters|%u members|%u events|%u hits|%u/%u listed|%s",
                          info->title, info->n_clusters, info->n_members, info->n_events,
                          hits->len, clusters->len, events->len, first);
}

static void
test_import_whole (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GBytes) bytes = FEED ("Alpha", 500, 3000, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(CaFeedInfo) info = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  /* Large enough for the worker threads */
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 5 * 1024 * 1024);

  feed = import (fx, bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feed->clusters->len, ==, 500);
  g_assert_cmpuint (feed->warnings->len, ==, 0);

  info = ca_store_get_feed_info (fx->store, FEED_KEY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->n_clusters, ==, 500);
  g_assert_cmpuint (info->n_members, ==, 500 * 30);
  g_assert_cmpuint (info->n_events, ==, 3000);
  g_assert_cmpstr (info->title, ==, "Publisher Alpha");

  /* The last records written are indexed too */
  hits = ca_store_search (fx->store, "Клъстер Alpha 499", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, >=, 1);
  g_assert_cmpstr (((CaSearchHit *) hits->pdata[0])->id, ==, "c499");
}

/* json-glib finds the fault only in the last slices, after the store has written
 * the first ones: the transaction is rolled back and the old feed stays. */
static void
test_import_broken_late (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GBytes) good = FEED ("Alpha", 200, 1000, FALSE);
  g_autoptr(GBytes) broken = FEED ("Omega", 500, 3000, TRUE);
  g_autoptr(CaFeed) first = NULL;
  g_autoptr(CaFeed) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  first = import (fx, good, &error);
  g_assert_no_error (error);
  before = describe_store (fx);

  second = import (fx, broken, &error);
  g_assert_null (second);
  g_assert_error (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_JSON);

  after = describe_store (fx);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (g_str_has_prefix (after, "Publisher Alpha|200 clusters|6000 members|1000 events"));
}

/* The store fails in the middle of the stream: nothing of the new feed remains. */
static void
test_import_store_fails (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GBytes) good = FEED ("Alpha", 200, 1000, FALSE);
  g_autoptr(GBytes) next = FEED ("Omega", 500, 3000, FALSE);
  g_autoptr(CaFeed) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  const int fail_points[] = { 0, 5000, 20000 };

  first = import (fx, good, &error);
  g_assert_no_error (error);
  before = describe_store (fx);

  for (guint i = 0; i < G_N_ELEMENTS (fail_points); i++)
    {
      g_autoptr(CaFeed) feed = NULL;
      g_autofree char *after = NULL;

      _ca_store_set_fail_after (fx->store, fail_points[i]);
      feed = import (fx, next, &error);
      g_assert_null (feed);
      g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_FAILED);
      g_clear_error (&error);

      after = describe_store (fx);
      g_assert_cmpstr (after, ==, before);
    }

  /* And the store is usable for the next import */
  _ca_store_set_fail_after (fx->store, -1);
  {
    g_autoptr(CaFeed) feed = import (fx, next, &error);
    g_autoptr(CaFeedInfo) info = ca_store_get_feed_info (fx->store, FEED_KEY, NULL);

    g_assert_no_error (error);
    g_assert_cmpuint (info->n_clusters, ==, 500);
    g_assert_cmpstr (info->title, ==, "Publisher Omega");
  }
}

/* A feed rejected before any record reaches the store touches nothing. */
static void
test_import_rejected (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GBytes) good = FEED ("Alpha", 20, 50, FALSE);
  static const char newer_json[] = "{\"format\": \"cluster-feed\", \"version\": 9,"
                                   " \"clusters\": []}";
  g_autoptr(GBytes) newer = g_bytes_new_static (newer_json, strlen (newer_json));
  g_autoptr(CaFeed) first = NULL;
  g_autoptr(CaFeed) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  first = import (fx, good, &error);
  g_assert_no_error (error);
  before = describe_store (fx);

  second = import (fx, newer, &error);
  g_assert_null (second);
  g_assert_error (error, CA_FEED_ERROR, CA_FEED_ERROR_UNSUPPORTED_VERSION);
  after = describe_store (fx);
  g_assert_cmpstr (after, ==, before);
}

/* What a sink is told, in order */
typedef struct {
  GString *log;
  guint    n_records;
  int      last_section;
  gboolean out_of_order;
} Recorder;

static gboolean
record_begin (CaFeed    *feed,
              gpointer   user_data,
              GError   **error)
{
  Recorder *r = user_data;

  g_assert_cmpuint (feed->clusters->len, ==, 0);
  g_string_append (r->log, "begin ");
  r->n_records = 0;
  r->last_section = 0;
  return TRUE;
}

static gboolean
record_records (GPtrArray  *records,
                gpointer    user_data,
                GError    **error)
{
  Recorder *r = user_data;

  for (guint i = 0; i < records->len; i++)
    {
      int section = CA_IS_CLUSTER (records->pdata[i]) ? 0 : CA_IS_PROJECT (records->pdata[i]) ? 1 : 2;

      if (section < r->last_section)
        r->out_of_order = TRUE;
      r->last_section = section;
    }
  r->n_records += records->len;
  return TRUE;
}

static void
record_abort (gpointer user_data)
{
  Recorder *r = user_data;
  g_string_append (r->log, "abort ");
}

static const CaFeedSink recorder_sink = { record_begin, record_records, record_abort };

static void
test_sink_order (void)
{
  g_autoptr(GBytes) bytes = FEED ("Alpha", 500, 3000, FALSE);
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  Recorder r = { g_string_new (NULL), 0, 0, FALSE };

  feed = ca_feed_parser_parse_to_sink (parser, bytes, FEED_KEY, &recorder_sink, &r, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r.log->str, ==, "begin ");
  g_assert_false (r.out_of_order);
  g_assert_cmpuint (r.n_records, ==, feed->clusters->len + feed->projects->len + feed->events->len);
  g_assert_cmpuint (r.n_records, ==, 3500);
  g_string_free (r.log, TRUE);
}

static void
test_sink_abort (void)
{
  g_autoptr(GBytes) bytes = FEED ("Omega", 500, 3000, TRUE);
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  Recorder r = { g_string_new (NULL), 0, 0, FALSE };

  feed = ca_feed_parser_parse_to_sink (parser, bytes, FEED_KEY, &recorder_sink, &r, &error);
  g_assert_null (feed);
  g_assert_error (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_JSON);
  /* Records went out before the fault was found; then everything was taken back */
  g_assert_cmpstr (r.log->str, ==, "begin abort ");
  g_assert_cmpuint (r.n_records, >, 0);
  g_string_free (r.log, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/import/whole", Fixture, NULL, fixture_set_up, test_import_whole,
              fixture_tear_down);
  g_test_add ("/import/broken-late", Fixture, NULL, fixture_set_up, test_import_broken_late,
              fixture_tear_down);
  g_test_add ("/import/store-fails", Fixture, NULL, fixture_set_up, test_import_store_fails,
              fixture_tear_down);
  g_test_add ("/import/rejected", Fixture, NULL, fixture_set_up, test_import_rejected,
              fixture_tear_down);
  g_test_add_func ("/import/sink/order", test_sink_order);
  g_test_add_func ("/import/sink/abort", test_sink_abort);

  return g_test_run ();
}
