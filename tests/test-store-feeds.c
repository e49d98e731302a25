/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-feeds"

#include "config.h"

#include "ca-store.h"
#include "ca-test-core.h"
#include "ca-text.h"

/*
 * The store’s feeds and stars (src/core/ca-store-feeds.c): what is known of each feed,
 * feeds kept apart, hidden feeds, stars that outlive their events.
 */

typedef CaTestStore Fixture;

static void
test_feeds_info (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  g_autoptr(CaFeedInfo) info = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_false (ca_store_has_feed (fx->store, CA_TEST_FEED_A));
  g_assert_null (ca_store_get_feed_info (fx->store, CA_TEST_FEED_A, &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Added, not yet synced */
  g_assert_true (ca_store_add_feed (fx->store, CA_TEST_FEED_B, &error));
  g_assert_true (ca_store_add_feed (fx->store, CA_TEST_FEED_B, &error));    /* twice is fine */
  g_assert_no_error (error);
  info = ca_test_feed_info (fx->store, CA_TEST_FEED_B);
  g_assert_cmpstr (info->key, ==, CA_TEST_FEED_B);
  g_assert_null (info->title);
  g_assert_cmpint (info->last_sync, ==, 0);
  g_assert_cmpint (info->last_attempt, ==, 0);
  g_assert_nonnull (info->warnings);
  g_assert_cmpuint (g_strv_length (info->warnings), ==, 0);
  g_clear_pointer (&info, ca_feed_info_free);

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  info = ca_test_feed_info (fx->store, CA_TEST_FEED_A);
  g_assert_cmpstr (info->title, ==, feed->publisher_name);
  g_assert_cmpstr (info->publisher_url, ==, "https://bca.example.org");
  g_assert_cmpstr (info->generated, ==, "2026-02-01T09:00:00Z");
  g_assert_cmpint (info->last_sync, >=, before);
  g_assert_cmpint (info->last_sync, <=, before + 60);
  g_assert_cmpint (info->last_attempt, ==, info->last_sync);
  g_assert_null (info->last_error);
  g_assert_false (info->hidden);
  g_assert_cmpuint (info->n_clusters, ==, 2);
  g_assert_cmpuint (info->n_members, ==, 5);
  g_assert_cmpuint (info->n_projects, ==, 3);
  g_assert_cmpuint (info->n_events, ==, 3);
  ca_test_assert_strv (info->warnings, "clusters[3]: no name",
                       "events[0].url: refused URL scheme \"file\"", NULL);
  g_clear_pointer (&info, ca_feed_info_free);

  /* Validators and errors */
  g_assert_true (ca_store_set_feed_validators (fx->store, CA_TEST_FEED_A, "\"abc\"",
                                               "Tue, 03 Mar 2026 10:00:00 GMT", &error));
  g_assert_true (ca_store_record_feed_error (fx->store, CA_TEST_FEED_A, "Server error 503",
                                             &error));
  g_assert_no_error (error);
  info = ca_test_feed_info (fx->store, CA_TEST_FEED_A);
  g_assert_cmpstr (info->etag, ==, "\"abc\"");
  g_assert_cmpstr (info->last_modified, ==, "Tue, 03 Mar 2026 10:00:00 GMT");
  g_assert_cmpstr (info->last_error, ==, "Server error 503");
  g_assert_cmpint (info->last_attempt, >=, info->last_sync);
  g_assert_cmpuint (info->n_events, ==, 3);         /* records untouched */
  g_clear_pointer (&info, ca_feed_info_free);

  /* A successful import clears the error, keeps the validators */
  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  info = ca_test_feed_info (fx->store, CA_TEST_FEED_A);
  g_assert_null (info->last_error);
  g_assert_cmpstr (info->etag, ==, "\"abc\"");
  g_clear_pointer (&info, ca_feed_info_free);

  /* Unknown feeds */
  g_assert_false (ca_store_set_feed_validators (fx->store, "nope", "x", NULL, &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ca_store_record_feed_error (fx->store, "nope", "x", &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ca_store_set_feed_hidden (fx->store, "nope", TRUE, &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ca_store_remove_feed (fx->store, "nope", &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* In the order they were added */
  feeds = ca_store_list_feeds (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feeds->len, ==, 2);
  g_assert_cmpstr (((CaFeedInfo *) g_ptr_array_index (feeds, 0))->key, ==, CA_TEST_FEED_B);
  g_assert_cmpstr (((CaFeedInfo *) g_ptr_array_index (feeds, 1))->key, ==, CA_TEST_FEED_A);
  g_assert_cmpuint (((CaFeedInfo *) g_ptr_array_index (feeds, 1))->n_members, ==, 5);
}

static void
test_feeds_separate (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(CaFeed) a = ca_test_full_feed ();
  g_autoptr(CaFeed) b = ca_test_full_feed ();
  g_autoptr(CaCluster) ca = NULL;
  g_autoptr(CaCluster) cb = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  CaEventQuery all = CA_EVENT_QUERY_INIT;
  CaCluster *bict = g_ptr_array_index (b->clusters, 0);
  g_autofree char *ids = NULL;

  /* Same ids, different content */
  g_free (bict->name);
  bict->name = g_strdup ("Other ICT");
  g_ptr_array_set_size (bict->members, 1);
  ca_test_replace (fx->store, CA_TEST_FEED_A, a);
  ca_test_replace (fx->store, CA_TEST_FEED_B, b);

  ca = ca_store_get_cluster (fx->store, CA_TEST_FEED_A, "ict", &error);
  g_assert_no_error (error);
  cb = ca_store_get_cluster (fx->store, CA_TEST_FEED_B, "ict", &error);
  g_assert_no_error (error);
  g_assert_true (ca_text_is_localized (ca->name));
  g_assert_cmpstr (cb->name, ==, "Other ICT");
  g_assert_cmpuint (ca->members->len, ==, 3);
  g_assert_cmpuint (cb->members->len, ==, 1);
  g_assert_cmpstr (cb->feed, ==, CA_TEST_FEED_B);

  clusters = ca_test_list_clusters (fx->store);
  g_assert_cmpuint (clusters->len, ==, 4);
  g_clear_pointer (&clusters, g_ptr_array_unref);
  ids = ca_test_query_events (fx->store, &all);
  g_assert_cmpstr (ids, ==, "conf conf fair fair webinar webinar");
  g_clear_pointer (&ids, g_free);

  /* The same member id in two feeds is two organisations */
  members = ca_store_list_members (fx->store, CA_MEMBER_KIND_SME, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);
  g_clear_pointer (&members, g_ptr_array_unref);

  g_assert_true (ca_test_search_finds (fx->store, "other", CA_SEARCH_CLUSTER, CA_TEST_FEED_B,
                                       "ict"));
  g_assert_true (ca_test_search_finds (fx->store, "ict", CA_SEARCH_CLUSTER, CA_TEST_FEED_A, "ict"));

  /* Removing B leaves A whole */
  g_assert_true (ca_store_remove_feed (fx->store, CA_TEST_FEED_B, &error));
  g_assert_no_error (error);
  g_assert_false (ca_store_has_feed (fx->store, CA_TEST_FEED_B));
  g_clear_object (&cb);
  g_assert_null (ca_store_get_cluster (fx->store, CA_TEST_FEED_B, "ict", &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  clusters = ca_test_list_clusters (fx->store);
  g_assert_cmpuint (clusters->len, ==, 2);
  for (guint i = 0; i < clusters->len; i++)
    g_assert_cmpstr (((CaCluster *) g_ptr_array_index (clusters, i))->feed, ==, CA_TEST_FEED_A);
  ids = ca_test_query_events (fx->store, &all);
  g_assert_cmpstr (ids, ==, "conf fair webinar");
  g_clear_object (&ca);
  ca = ca_store_get_cluster (fx->store, CA_TEST_FEED_A, "ict", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ca->members->len, ==, 3);
  g_assert_cmpuint (ca->team->len, ==, 2);
  g_assert_false (ca_test_search_finds (fx->store, "other", CA_SEARCH_CLUSTER, CA_TEST_FEED_B,
                                        "ict"));
  g_assert_true (ca_test_search_finds (fx->store, "ict", CA_SEARCH_CLUSTER, CA_TEST_FEED_A, "ict"));

  /* No rows of B are left anywhere */
  g_clear_object (&fx->store);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM members"), ==, 5);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM event_speakers"), ==, 2);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM cluster_team"), ==, 2);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM project_clusters"), ==, 3);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM search_docs"),
                   ==, 2 + 5 + 3 + 3);
  /* Nothing of B left in the index either */
  g_assert_cmpint (ca_test_sql_int (fx->path,
                                    "SELECT count(*) FROM search WHERE search MATCH 'other'"),
                   ==, 0);
  g_assert_cmpint (ca_test_sql_int (fx->path,
                                    "SELECT count(*) FROM search WHERE search MATCH 'ict'"),
                   ==, 1);
}

static void
test_feeds_hidden (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(CaFeed) a = ca_test_full_feed ();
  g_autoptr(CaFeed) b = ca_test_bulk_feed ("Bravo", 2, 2, 1, 1);
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCluster) c = NULL;
  g_autoptr(CaFeedInfo) info = NULL;
  CaEventQuery all = CA_EVENT_QUERY_INIT;
  g_autofree char *ids = NULL;

  ca_test_replace (fx->store, CA_TEST_FEED_A, a);
  ca_test_replace (fx->store, CA_TEST_FEED_B, b);
  g_assert_true (ca_store_set_feed_hidden (fx->store, CA_TEST_FEED_A, TRUE, &error));
  g_assert_no_error (error);

  info = ca_test_feed_info (fx->store, CA_TEST_FEED_A);
  g_assert_true (info->hidden);
  clusters = ca_test_list_clusters (fx->store);
  g_assert_cmpuint (clusters->len, ==, 2);
  g_assert_cmpstr (((CaCluster *) g_ptr_array_index (clusters, 0))->feed, ==, CA_TEST_FEED_B);
  members = ca_store_list_members (fx->store, -1, &error);
  g_assert_cmpuint (members->len, ==, 4);
  projects = ca_store_list_projects (fx->store, NULL, NULL, &error);
  g_assert_cmpuint (projects->len, ==, 1);
  ids = ca_test_query_events (fx->store, &all);
  g_assert_cmpstr (ids, ==, "e0");
  g_assert_false (ca_test_search_finds (fx->store, "ict", CA_SEARCH_CLUSTER, CA_TEST_FEED_A,
                                        "ict"));
  g_assert_null (ca_store_get_cluster (fx->store, CA_TEST_FEED_A, "ict", &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Shown again */
  g_assert_true (ca_store_set_feed_hidden (fx->store, CA_TEST_FEED_A, FALSE, &error));
  g_clear_pointer (&clusters, g_ptr_array_unref);
  clusters = ca_test_list_clusters (fx->store);
  g_assert_cmpuint (clusters->len, ==, 4);
  c = ca_store_get_cluster (fx->store, CA_TEST_FEED_A, "ict", &error);
  g_assert_no_error (error);
  g_assert_true (ca_test_search_finds (fx->store, "ict", CA_SEARCH_CLUSTER, CA_TEST_FEED_A, "ict"));
}

static void
test_feeds_data_time (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(CaFeed) a = ca_test_bulk_feed ("Alpha", 1, 1, 0, 0);
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpint (ca_store_get_data_time (fx->store), ==, 0);
  g_assert_true (ca_store_add_feed (fx->store, CA_TEST_FEED_A, &error));
  g_assert_cmpint (ca_store_get_data_time (fx->store), ==, 0);

  ca_test_replace (fx->store, CA_TEST_FEED_A, a);
  g_assert_cmpint (ca_store_get_data_time (fx->store), >=, before);
  g_assert_cmpint (ca_store_get_data_time (fx->store), <=, before + 60);

  /* Newest among the visible feeds: set B newer by hand, then hide it */
  ca_test_replace (fx->store, CA_TEST_FEED_B, a);
  g_clear_object (&fx->store);
  ca_test_sql_exec (fx->path,
                    "UPDATE feeds SET last_sync = 4000000000 WHERE key = '" CA_TEST_FEED_B "';"
                    "UPDATE feeds SET last_sync = 1000 WHERE key = '" CA_TEST_FEED_A "'");
  fx->store = ca_test_open_store (fx->path);
  g_assert_cmpint (ca_store_get_data_time (fx->store), ==, 4000000000);
  g_assert_true (ca_store_set_feed_hidden (fx->store, CA_TEST_FEED_B, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ca_store_get_data_time (fx->store), ==, 1000);
}

/* The status line's dates: the newest date a visible feed was generated (a date-time
 * or a plain date), and the last sync of a feed other than the built-in one */
static void
test_feeds_freshness (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(CaFeed) a = ca_test_bulk_feed ("Alpha", 1, 1, 0, 0);
  g_autoptr(GError) error = NULL;
  gint64 generated = -1, synced = -1;

  g_assert_true (ca_store_get_freshness (fx->store, &generated, &synced));
  g_assert_cmpint (generated, ==, 0);
  g_assert_cmpint (synced, ==, 0);

  /* The built-in data, loaded now: its own date, and no sync */
  ca_test_load_builtin (fx->store);
  g_assert_true (ca_store_get_freshness (fx->store, &generated, &synced));
  g_assert_cmpint (generated, ==, 1795392000);   /* 2026-11-23T00:00:00Z */
  g_assert_cmpint (synced, ==, 0);

  ca_test_replace (fx->store, CA_TEST_FEED_A, a);
  ca_test_replace (fx->store, CA_TEST_FEED_B, a);
  g_clear_object (&fx->store);
  ca_test_sql_exec (fx->path,
                    "UPDATE feeds SET generated = '2026-12-02T10:00:00+02:00', last_sync = 1000"
                    " WHERE key = '" CA_TEST_FEED_A "';"
                    "UPDATE feeds SET generated = '2026-12-03', last_sync = 2000"
                    " WHERE key = '" CA_TEST_FEED_B "'");
  fx->store = ca_test_open_store (fx->path);
  g_assert_true (ca_store_get_freshness (fx->store, &generated, &synced));
  g_assert_cmpint (generated, ==, 1796256000);   /* 2026-12-03T00:00:00Z */
  g_assert_cmpint (synced, ==, 2000);

  /* Hidden feeds are not what the user sees */
  g_assert_true (ca_store_set_feed_hidden (fx->store, CA_TEST_FEED_B, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (ca_store_get_freshness (fx->store, &generated, &synced));
  g_assert_cmpint (generated, ==, 1796198400);   /* 2026-12-02T08:00Z */
  g_assert_cmpint (synced, ==, 1000);
}

static void
test_stars_survive (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  g_autoptr(CaEvent) e = NULL;
  g_autoptr(GError) error = NULL;
  CaEventQuery starred = CA_EVENT_QUERY_INIT;
  g_autofree char *ids = NULL;

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  g_assert_false (ca_store_is_starred (fx->store, CA_TEST_FEED_A, "fair"));
  g_assert_true (ca_store_set_starred (fx->store, CA_TEST_FEED_A, "fair", TRUE, &error));
  g_assert_true (ca_store_set_starred (fx->store, CA_TEST_FEED_A, "fair", TRUE,
                                       &error));  /* idempotent */
  g_assert_no_error (error);
  g_assert_true (ca_store_is_starred (fx->store, CA_TEST_FEED_A, "fair"));
  g_assert_false (ca_store_is_starred (fx->store, CA_TEST_FEED_B, "fair"));

  e = ca_store_get_event (fx->store, CA_TEST_FEED_A, "fair", &error);
  g_assert_true (e->starred);
  g_clear_object (&e);

  /* Re-import */
  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  g_assert_true (ca_store_is_starred (fx->store, CA_TEST_FEED_A, "fair"));
  starred.starred_only = TRUE;
  ids = ca_test_query_events (fx->store, &starred);
  g_assert_cmpstr (ids, ==, "fair");
  g_clear_pointer (&ids, g_free);

  /* Removal of the feed, then reopening */
  g_assert_true (ca_store_remove_feed (fx->store, CA_TEST_FEED_A, &error));
  g_assert_no_error (error);
  g_assert_true (ca_store_is_starred (fx->store, CA_TEST_FEED_A, "fair"));
  ids = ca_test_query_events (fx->store, &starred);
  g_assert_cmpstr (ids, ==, "");
  g_clear_pointer (&ids, g_free);
  ca_test_store_reopen (fx);
  g_assert_true (ca_store_is_starred (fx->store, CA_TEST_FEED_A, "fair"));

  /* The feed comes back: so does its star */
  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  e = ca_store_get_event (fx->store, CA_TEST_FEED_A, "fair", &error);
  g_assert_no_error (error);
  g_assert_true (e->starred);
  g_clear_object (&e);

  /* Unstar */
  g_assert_true (ca_store_set_starred (fx->store, CA_TEST_FEED_A, "fair", FALSE, &error));
  g_assert_false (ca_store_is_starred (fx->store, CA_TEST_FEED_A, "fair"));
  e = ca_store_get_event (fx->store, CA_TEST_FEED_A, "fair", &error);
  g_assert_false (e->starred);
}

static void
test_stars_clear (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  g_autoptr(GError) error = NULL;
  CaEventQuery starred = CA_EVENT_QUERY_INIT;
  g_autofree char *ids = NULL;

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  ca_test_replace (fx->store, CA_TEST_FEED_B, feed);
  g_assert_true (ca_store_set_starred (fx->store, CA_TEST_FEED_A, "conf", TRUE, &error));
  g_assert_true (ca_store_set_starred (fx->store, CA_TEST_FEED_B, "webinar", TRUE, &error));
  g_assert_true (ca_store_set_starred (fx->store, "gone", "x", TRUE, &error));
  starred.starred_only = TRUE;
  ids = ca_test_query_events (fx->store, &starred);
  g_assert_cmpstr (ids, ==, "conf webinar");
  g_clear_pointer (&ids, g_free);

  g_assert_true (ca_store_clear_stars (fx->store, &error));
  g_assert_no_error (error);
  g_assert_false (ca_store_is_starred (fx->store, CA_TEST_FEED_A, "conf"));
  g_assert_false (ca_store_is_starred (fx->store, CA_TEST_FEED_B, "webinar"));
  g_assert_false (ca_store_is_starred (fx->store, "gone", "x"));
  ids = ca_test_query_events (fx->store, &starred);
  g_assert_cmpstr (ids, ==, "");
}

/* Kept stars (of events no feed holds) are counted and cleared on their own; the
 * stars of events still there, hidden feeds' too, stay */
static void
test_stars_kept (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  g_autoptr(GError) error = NULL;

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  ca_test_replace (fx->store, CA_TEST_FEED_B, feed);
  g_assert_true (ca_store_set_starred (fx->store, CA_TEST_FEED_A, "conf", TRUE, &error));
  g_assert_true (ca_store_set_starred (fx->store, CA_TEST_FEED_B, "webinar", TRUE, &error));
  g_assert_true (ca_store_set_starred (fx->store, "gone", "x", TRUE, &error));
  g_assert_true (ca_store_set_starred (fx->store, CA_TEST_FEED_A, "no-such-event", TRUE, &error));
  g_assert_true (ca_store_set_feed_hidden (fx->store, CA_TEST_FEED_B, TRUE, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (ca_store_count_kept_stars (fx->store, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_true (ca_store_clear_kept_stars (fx->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ca_store_count_kept_stars (fx->store, &error), ==, 0);
  g_assert_true (ca_store_is_starred (fx->store, CA_TEST_FEED_A, "conf"));
  g_assert_true (ca_store_is_starred (fx->store, CA_TEST_FEED_B, "webinar"));
  g_assert_false (ca_store_is_starred (fx->store, "gone", "x"));
  g_assert_false (ca_store_is_starred (fx->store, CA_TEST_FEED_A, "no-such-event"));

  /* A removed feed's stars become kept ones */
  g_assert_true (ca_store_remove_feed (fx->store, CA_TEST_FEED_A, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ca_store_count_kept_stars (fx->store, &error), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  ca_test_store_init (&argc, &argv);

  CA_TEST_STORE_ADD ("/store/feeds/info", test_feeds_info);
  CA_TEST_STORE_ADD ("/store/feeds/separate", test_feeds_separate);
  CA_TEST_STORE_ADD ("/store/feeds/hidden", test_feeds_hidden);
  CA_TEST_STORE_ADD ("/store/feeds/data-time", test_feeds_data_time);
  CA_TEST_STORE_ADD ("/store/feeds/freshness", test_feeds_freshness);
  CA_TEST_STORE_ADD ("/store/stars/survive", test_stars_survive);
  CA_TEST_STORE_ADD ("/store/stars/clear", test_stars_clear);
  CA_TEST_STORE_ADD ("/store/stars/kept", test_stars_kept);

  return g_test_run ();
}
