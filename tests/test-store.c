/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ca-store.h"
#include "ca-store-private.h"
#include "ca-test-core.h"
#include "ca-text.h"

/*
 * The SQLite store as src/core/ca-store.c makes it: opening, the schema, recovery from
 * a damaged file, and reads beside an import in another thread. The store fixture and
 * the feeds built in C are ca-test-core’s; tests/test-store-*.c test the other files
 * of the store.
 */

typedef CaTestStore Fixture;

typedef struct {
  CaStore *store;
  CaFeed  *feeds[2];
  guint    n_imports;
  gint     done;
} ImportJob;

static void
test_open_schema (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (fx->path);
  g_autofree char *default_path = ca_store_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "cluster-atlas",
                                                "atlas.db", NULL);
  GStatBuf st;

  g_assert_cmpstr (default_path, ==, expected);
  g_assert_cmpstr (ca_store_get_path (fx->store), ==, fx->path);
  g_assert_null (ca_store_get_moved_aside (fx->store));
  g_assert_null (ca_store_dup_recovery_message (fx->store));

  /* The directory was created, private */
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_cmpint (ca_test_sql_int (fx->path, "PRAGMA user_version"), ==,
                   _CA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (ca_test_sql_int (fx->path,
                                    "SELECT count(*) FROM sqlite_schema"
                                    " WHERE type = 'table' AND name IN"
                                    " ('feeds', 'clusters', 'cluster_team', 'cluster_networks',"
                                    "  'members', 'projects', 'project_clusters', 'events',"
                                    "  'event_clusters', 'event_speakers', 'stars', 'meta',"
                                    "  'search', 'search_docs')"),
                   ==, 14);
  g_assert_cmpint (ca_test_sql_int (fx->path,
                                    "SELECT count(*) FROM sqlite_schema"
                                    " WHERE type = 'index' AND name IN"
                                    " ('events_start', 'members_kind', 'event_clusters_cluster',"
                                    "  'project_clusters_cluster')"),
                   ==, 4);
  /* WAL is persistent in the file header: byte 18 = 2 */
  {
    g_autofree char *contents = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (fx->path, &contents, &len, NULL));
    g_assert_cmpuint (len, >=, 100);
    g_assert_cmpint (contents[18], ==, 2);
  }

  /* Reopening keeps the version and the data */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (ca_store_add_feed (fx->store, CA_TEST_FEED_A, &error));
    g_assert_no_error (error);
    ca_test_store_reopen (fx);
    g_assert_true (ca_store_has_feed (fx->store, CA_TEST_FEED_A));
    g_assert_null (ca_store_get_moved_aside (fx->store));
    g_assert_cmpint (ca_test_sql_int (fx->path, "PRAGMA user_version"), ==,
                     _CA_STORE_SCHEMA_VERSION);
  }
}

static void
test_open_unopenable (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fx->dir, "plain-file", NULL);
  g_autofree char *below = g_build_filename (file, "sub", "atlas.db", NULL);
  g_autofree char *dir_path = g_build_filename (fx->dir, "a-directory", NULL);
  g_autoptr(GError) error = NULL;
  CaStore *store;

  /* A directory that cannot be created (a file is in the way) */
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  store = ca_store_open (below, &error);
  g_assert_null (store);
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "plain-file"));
  g_clear_error (&error);

  /* The path is a directory */
  g_assert_cmpint (g_mkdir (dir_path, 0700), ==, 0);
  store = ca_store_open (dir_path, &error);
  g_assert_null (store);
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_OPEN);
}

static void
assert_recovered (Fixture    *fx,
                  const char *expected_words)
{
  g_autofree char *message = NULL;
  g_autofree char *base = g_path_get_basename (fx->path);
  g_autofree char *aside_base = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(CaFeed) feed = ca_test_bulk_feed ("Fresh", 2, 1, 1, 1);
  const char *aside;

  aside = ca_store_get_moved_aside (fx->store);
  g_assert_nonnull (aside);
  g_assert_true (g_file_test (aside, G_FILE_TEST_IS_REGULAR));
  aside_base = g_path_get_basename (aside);
  g_assert_true (g_str_has_prefix (aside_base, base));
  g_assert_nonnull (strstr (aside_base, ".corrupt-20"));

  message = ca_store_dup_recovery_message (fx->store);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, aside));
  g_assert_nonnull (strstr (message, expected_words));

  /* A fresh, working store */
  g_assert_cmpint (ca_test_sql_int (fx->path, "PRAGMA user_version"), ==, _CA_STORE_SCHEMA_VERSION);
  clusters = ca_test_list_clusters (fx->store);
  g_assert_cmpuint (clusters->len, ==, 0);
  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  g_clear_pointer (&clusters, g_ptr_array_unref);
  clusters = ca_test_list_clusters (fx->store);
  g_assert_cmpuint (clusters->len, ==, 2);
  g_assert_true (ca_test_search_finds (fx->store, "fresh", CA_SEARCH_CLUSTER, CA_TEST_FEED_A,
                                       "c1"));

  /* And a clean one the next time */
  ca_test_store_reopen (fx);
  g_assert_null (ca_store_get_moved_aside (fx->store));
  g_assert_null (ca_store_dup_recovery_message (fx->store));
  g_clear_pointer (&clusters, g_ptr_array_unref);
  clusters = ca_test_list_clusters (fx->store);
  g_assert_cmpuint (clusters->len, ==, 2);
}

static void
test_recovery_truncated (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_bulk_feed ("Alpha", 40, 20, 100, 300);
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
  GStatBuf st;

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  g_clear_object (&fx->store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));   /* checkpointed on close */
  g_assert_cmpint (g_stat (fx->path, &st), ==, 0);
  g_test_message ("store of %" G_GINT64_FORMAT " bytes", (gint64) st.st_size);
  g_assert_cmpint (st.st_size, >, 256 * 1024);
  g_assert_cmpint (truncate (fx->path, st.st_size / 2), ==, 0);

  fx->store = ca_test_open_store (fx->path);
  {
    GStatBuf aside_st;

    /* The damaged file itself was kept, as it was */
    g_assert_nonnull (ca_store_get_moved_aside (fx->store));
    g_assert_cmpint (g_stat (ca_store_get_moved_aside (fx->store), &aside_st), ==, 0);
    g_assert_cmpint (aside_st.st_size, ==, st.st_size / 2);
  }
  assert_recovered (fx, "damaged");
}

static void
test_recovery_garbage (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *garbage = g_malloc (64 * 1024);
  g_autofree char *first_aside = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  for (guint i = 0; i < 64 * 1024; i++)
    garbage[i] = (char) (g_test_rand_int () & 0xff);

  g_clear_object (&fx->store);
  g_assert_true (g_file_set_contents (fx->path, garbage, 64 * 1024, NULL));
  fx->store = ca_test_open_store (fx->path);
  first_aside = g_strdup (ca_store_get_moved_aside (fx->store));
  g_assert_nonnull (first_aside);
  /* Set aside unchanged */
  g_assert_true (g_file_get_contents (first_aside, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, 64 * 1024);
  g_assert_true (memcmp (contents, garbage, len) == 0);
  assert_recovered (fx, "damaged");

  /* Again within the same second: another name, the first file kept */
  g_clear_object (&fx->store);
  g_assert_true (g_file_set_contents (fx->path, "not a database", -1, NULL));
  fx->store = ca_test_open_store (fx->path);
  g_assert_nonnull (ca_store_get_moved_aside (fx->store));
  g_assert_cmpstr (ca_store_get_moved_aside (fx->store), !=, first_aside);
  g_assert_true (g_file_test (first_aside, G_FILE_TEST_IS_REGULAR));
  assert_recovered (fx, "damaged");

  /* A file shorter than a header */
  g_clear_object (&fx->store);
  g_assert_true (g_file_set_contents (fx->path, "SQLite format 3", 15, NULL));
  fx->store = ca_test_open_store (fx->path);
  assert_recovered (fx, "damaged");
}

static void
test_recovery_newer (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  const char *aside;

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  g_clear_object (&fx->store);
  ca_test_sql_exec (fx->path, "PRAGMA user_version = 999");

  fx->store = ca_test_open_store (fx->path);
  aside = ca_store_get_moved_aside (fx->store);
  g_assert_nonnull (aside);
  /* The newer file is set aside untouched, its data readable by that newer app */
  g_assert_cmpint (ca_test_sql_int (aside, "PRAGMA user_version"), ==, 999);
  g_assert_cmpint (ca_test_sql_int (aside, "SELECT count(*) FROM clusters"), ==, 2);
  assert_recovered (fx, "newer version");
}

static void
test_recovery_schema_damage (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();

  /* A damaged schema table (SQLite refuses to read it) */
  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  g_clear_object (&fx->store);
  ca_test_sql_exec (fx->path, "PRAGMA writable_schema = ON;"
                      "UPDATE sqlite_schema SET sql = 'CREATE TABLE feeds ('"
                      " WHERE name = 'feeds';");
  fx->store = ca_test_open_store (fx->path);
  assert_recovered (fx, "damaged");
}

static gpointer
import_thread (gpointer data)
{
  ImportJob *job = data;
  char *failure = NULL;

  for (guint i = 0; i < job->n_imports && failure == NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!ca_store_replace_feed (job->store, CA_TEST_FEED_A, job->feeds[i % 2], &error))
        failure = g_strdup (error->message);
    }
  g_atomic_int_set (&job->done, 1);
  return failure;
}

static void
test_thread_concurrent (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(CaFeed) small = ca_test_bulk_feed ("Alpha", 30, 10, 20, 50);
  g_autoptr(CaFeed) large = ca_test_bulk_feed ("Omega", 60, 10, 20, 50);
  ImportJob job = { fx->store, { large, small }, 8, 0 };
  GThread *thread;
  char *failure;
  guint n_reads = 0;
  guint seen_small = 0;
  guint seen_large = 0;

  ca_test_replace (fx->store, CA_TEST_FEED_A, small);
  thread = g_thread_new ("import", import_thread, &job);
  while (!g_atomic_int_get (&job.done))
    {
      g_autoptr(GPtrArray) clusters = ca_test_list_clusters (fx->store);
      g_autoptr(GPtrArray) hits = ca_test_search (fx->store, "cluster");
      g_autoptr(CaFeedInfo) info = ca_test_feed_info (fx->store, CA_TEST_FEED_A);
      CaEventQuery all = CA_EVENT_QUERY_INIT;
      g_autoptr(GPtrArray) events = ca_test_list_events (fx->store, &all);

      /* Always one whole import or the other, never a mix */
      g_assert_true (clusters->len == 30 || clusters->len == 60);
      g_assert_true (info->n_clusters == 30 || info->n_clusters == 60);
      g_assert_cmpuint (events->len, ==, 50);
      if (clusters->len == 30)
        seen_small++;
      else
        seen_large++;
      n_reads++;
    }
  failure = g_thread_join (thread);
  g_assert_cmpstr (failure, ==, NULL);
  g_test_message ("%u reads during the imports (%u of 30 clusters, %u of 60)",
                  n_reads, seen_small, seen_large);
  g_assert_cmpuint (n_reads, >, 0);
  {
    g_autoptr(GPtrArray) clusters = ca_test_list_clusters (fx->store);
    g_assert_cmpuint (clusters->len, ==, 30);     /* the last import: small */
  }
}

int
main (int   argc,
      char *argv[])
{
  ca_test_store_init (&argc, &argv);

  CA_TEST_STORE_ADD ("/store/open/schema", test_open_schema);
  CA_TEST_STORE_ADD ("/store/open/unopenable", test_open_unopenable);
  CA_TEST_STORE_ADD ("/store/recovery/truncated", test_recovery_truncated);
  CA_TEST_STORE_ADD ("/store/recovery/garbage", test_recovery_garbage);
  CA_TEST_STORE_ADD ("/store/recovery/newer", test_recovery_newer);
  CA_TEST_STORE_ADD ("/store/recovery/schema-damage", test_recovery_schema_damage);
  CA_TEST_STORE_ADD ("/store/thread/concurrent", test_thread_concurrent);

  return g_test_run ();
}
