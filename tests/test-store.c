/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

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
                                    "  'project_clusters_cluster', 'members_org_key')"),
                   ==, 5);
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

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* The files next to the store but its write-ahead log and shared memory */
static guint
count_set_aside (Fixture *fx)
{
  g_autofree char *dir = g_path_get_dirname (fx->path);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (listing)) != NULL)
    n += strstr (name, ".corrupt") != NULL;
  return n;
}

/* A store a newer version wrote is neither opened for writing nor moved: the error
 * says so and what to do, and the file is the same byte for byte */
static void
test_open_newer (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CaStore *store;

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  g_clear_object (&fx->store);
  ca_test_sql_exec (fx->path, "PRAGMA user_version = 999");
  before = file_checksum (fx->path);

  for (guint i = 0; i < 2; i++)
    {
      store = i == 0 ? ca_store_open (fx->path, &error)
                     : ca_store_open_full (fx->path, CA_STORE_OPEN_READ_ONLY, &error);
      g_assert_null (store);
      g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NEWER);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "newer version of Cluster Atlas"));
      g_assert_nonnull (strstr (error->message, fx->path));
      g_assert_nonnull (strstr (error->message, "Install the newer version"));
      g_assert_nonnull (strstr (error->message, "move the file"));
      g_clear_error (&error);
    }

  after = file_checksum (fx->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_set_aside (fx), ==, 0);
  g_assert_cmpint (ca_test_sql_int (fx->path, "PRAGMA user_version"), ==, 999);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM clusters"), ==, 2);
}

/* What a read-only command opens: the data as it is, and nothing written */
static void
test_open_read_only (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  g_autoptr(GBytes) builtin = ca_test_builtin_bytes ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CaStore) store = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  g_assert_true (ca_store_set_starred (fx->store, CA_TEST_FEED_A, "e1", TRUE, &error));
  g_clear_object (&fx->store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  before = file_checksum (fx->path);

  store = ca_store_open_full (fx->path, CA_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (ca_store_is_read_only (store));
  clusters = ca_test_list_clusters (store);
  g_assert_cmpuint (clusters->len, ==, 2);
  g_assert_true (ca_test_search_finds (store, "ict", CA_SEARCH_CLUSTER, CA_TEST_FEED_A, "ict"));
  g_assert_true (ca_store_is_starred (store, CA_TEST_FEED_A, "e1"));

  /* Every write says why it failed */
  g_assert_false (ca_store_add_feed (store, CA_TEST_FEED_B, &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (ca_store_set_starred (store, CA_TEST_FEED_A, "e2", TRUE, &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (ca_store_replace_feed (store, CA_TEST_FEED_A, feed, &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  /* The built-in feed is not there, and cannot be added */
  g_assert_false (ca_store_ensure_builtin (store, builtin, &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_clear_object (&store);

  after = file_checksum (fx->path);
  g_assert_cmpstr (after, ==, before);

  /* With the built-in feed loaded, ensuring it writes nothing */
  fx->store = ca_test_open_store (fx->path);
  ca_test_load_builtin (fx->store);
  g_clear_object (&fx->store);
  g_free (before);
  before = file_checksum (fx->path);
  store = ca_store_open_full (fx->path, CA_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (ca_store_ensure_builtin (store, builtin, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  g_free (after);
  after = file_checksum (fx->path);
  g_assert_cmpstr (after, ==, before);
}

/* Read only, nothing is made, moved or migrated: the caller opens it for writing */
static void
test_open_read_only_refused (Fixture       *fx,
                             gconstpointer  data)
{
  g_autofree char *absent = g_build_filename (fx->dir, "absent", "atlas.db", NULL);
  g_autofree char *absent_dir = g_path_get_dirname (absent);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (ca_store_open_full (absent, CA_STORE_OPEN_READ_ONLY, &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_OPEN);
  g_assert_false (g_file_test (absent_dir, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* An older schema would need a migration */
  g_clear_object (&fx->store);
  ca_test_sql_exec (fx->path, "PRAGMA user_version = 2");
  before = file_checksum (fx->path);
  g_assert_null (ca_store_open_full (fx->path, CA_STORE_OPEN_READ_ONLY, &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  after = file_checksum (fx->path);
  g_assert_cmpstr (after, ==, before);

  /* Damage is reported, the file left where it is */
  g_assert_true (g_file_set_contents (fx->path, "not a database at all, but long enough to be "
                                      "taken for one by nobody: more than a hundred bytes of "
                                      "text where SQLite's header should be.", -1, NULL));
  g_assert_null (ca_store_open_full (fx->path, CA_STORE_OPEN_READ_ONLY, &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_CORRUPT);
  g_assert_cmpuint (count_set_aside (fx), ==, 0);
}

/* A store whose file or folder cannot be written: CA_STORE_ERROR_READ_ONLY, then
 * opened read only. Permission bits do not stop root, so this part runs as a user;
 * the read-only flag's own case above runs always. */
static void
test_open_read_only_permissions (Fixture       *fx,
                                 gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (fx->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaStore) store = NULL;
  g_autoptr(GPtrArray) clusters = NULL;

  ca_test_load_builtin (fx->store);
  g_clear_object (&fx->store);
  if (getuid () == 0)
    {
      g_test_message ("as root permission bits do not stop writes: chmod 0444/0555 "
                      "not tried (the read-only flag is, in /store/open/read-only)");
      return;
    }

  for (guint i = 0; i < 2; i++)
    {
      /* The file without write permission, then its folder */
      if (i == 0)
        g_assert_cmpint (g_chmod (fx->path, 0444), ==, 0);
      else
        {
          g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
          g_autofree char *shm = g_strconcat (fx->path, "-shm", NULL);

          /* A read-only connection leaves its log files: they would be written */
          g_unlink (wal);
          g_unlink (shm);
          g_assert_cmpint (g_chmod (fx->path, 0644), ==, 0);
          g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
        }
      store = ca_store_open (fx->path, &error);
      g_test_message ("%s: %s", i == 0 ? "file 0444" : "folder 0555",
                      error != NULL ? error->message : "opened");
      g_assert_null (store);
      g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_READ_ONLY);
      g_assert_nonnull (strstr (error->message, fx->path));
      g_clear_error (&error);

      store = ca_store_open_full (fx->path, CA_STORE_OPEN_READ_ONLY, &error);
      g_assert_no_error (error);
      clusters = ca_test_list_clusters (store);
      g_assert_cmpuint (clusters->len, ==, 3);
      g_assert_true (ca_test_search_finds (store, "cleantech", CA_SEARCH_CLUSTER,
                                           CA_FEED_BUILTIN, "cleantech-bulgaria"));
      g_clear_pointer (&clusters, g_ptr_array_unref);
      g_clear_object (&store);
    }
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
}

/* A FIFO (or a folder) where the store should be is refused at once: SQLite would
 * wait on the FIFO for ever */
static void
test_open_not_regular (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (fx->dir, "fifo.db", NULL);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_null (ca_store_open_full (fifo, i == 0 ? CA_STORE_OPEN_DEFAULT
                                                      : CA_STORE_OPEN_READ_ONLY, &error));
      g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_OPEN);
      g_assert_nonnull (strstr (error->message, "named pipe"));
      g_clear_error (&error);
    }
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_true (g_file_test (fifo, G_FILE_TEST_EXISTS));
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

/* A store of schema version 5 (before members.registry_id and members.org_key) is
 * migrated on opening: every row gets the key ca_member_identity_key() gives it, and
 * the directory groups by it */
static void
test_migrate_org_key (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_rows = 0;

  /* TU Sofia in the second cluster too, as in the first: no website, no city */
  g_ptr_array_add (((CaCluster *) g_ptr_array_index (feed->clusters, 1))->members,
                   ca_test_member (NULL, "Technical University of Sofia",
                                   CA_MEMBER_KIND_UNIVERSITY));
  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  g_clear_object (&fx->store);

  /* Version 5's schema: this version's without what migrations 6 and 7 add */
  ca_test_sql_exec (fx->path,
                    "DROP INDEX members_org_key;"
                    "ALTER TABLE members DROP COLUMN org_key;"
                    "ALTER TABLE members DROP COLUMN registry_id;"
                    "ALTER TABLE search_docs DROP COLUMN grp;"
                    "PRAGMA user_version = 5;");
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM pragma_table_info ('members')"
                                              " WHERE name IN ('org_key', 'registry_id')"), ==, 0);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM members"), ==, 6);

  fx->store = ca_test_open_store (fx->path);
  g_assert_cmpint (ca_test_sql_int (fx->path, "PRAGMA user_version"), ==, _CA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM sqlite_schema"
                                              " WHERE type = 'index' AND name = 'members_org_key'"),
                   ==, 1);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM members"
                                              " WHERE org_key IS NULL"), ==, 0);
  /* …and every member's search document carries it (migration 7), the others none */
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM search_docs d"
                                              " JOIN members m ON m.feed = d.id >> 40"
                                              "  AND m.cluster = d.ref AND m.position = d.pos"
                                              " WHERE d.kind = 1 AND d.grp = m.org_key"), ==, 6);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM search_docs"
                                              " WHERE kind <> 1 AND grp IS NOT NULL"), ==, 0);

  /* Each key is the C function's */
  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT registry_id, website, name, city, org_key"
                                           " FROM members", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *expected =
        ca_member_identity_key ((const char *) sqlite3_column_text (stmt, 0),
                                (const char *) sqlite3_column_text (stmt, 1),
                                (const char *) sqlite3_column_text (stmt, 2),
                                (const char *) sqlite3_column_text (stmt, 3));

      g_assert_null (sqlite3_column_text (stmt, 0));
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 4), ==, expected);
      n_rows++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (n_rows, ==, 6);

  /* TU Sofia's rows (the same name, no city) are one organisation; Acme's are two
   * (one gives a website, the other none); the counts agree with the list */
  members = ca_store_list_members (fx->store, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 5);
  {
    guint n_organisations = 0, n_memberships = 0;

    g_assert_true (ca_store_count_members (fx->store, -1, &n_organisations, &n_memberships,
                                           &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_organisations, ==, 5);
    g_assert_cmpuint (n_memberships, ==, 6);
  }

  /* The next import brings the registry numbers */
  {
    g_autoptr(CaFeed) again = ca_test_full_feed ();
    CaCluster *ict = g_ptr_array_index (again->clusters, 0);

    ((CaMember *) g_ptr_array_index (ict->members, 0))->registry_id = g_strdup ("BG175325806");
    ca_test_replace (fx->store, CA_TEST_FEED_A, again);
    g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM members"
                                                " WHERE registry_id = 'BG175325806'"
                                                " AND org_key = 'registry:BG175325806'"), ==, 1);
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
  CA_TEST_STORE_ADD ("/store/open/newer", test_open_newer);
  CA_TEST_STORE_ADD ("/store/open/read-only", test_open_read_only);
  CA_TEST_STORE_ADD ("/store/open/read-only-refused", test_open_read_only_refused);
  CA_TEST_STORE_ADD ("/store/open/read-only-permissions", test_open_read_only_permissions);
  CA_TEST_STORE_ADD ("/store/open/not-regular", test_open_not_regular);
  CA_TEST_STORE_ADD ("/store/recovery/schema-damage", test_recovery_schema_damage);
  CA_TEST_STORE_ADD ("/store/thread/concurrent", test_thread_concurrent);
  CA_TEST_STORE_ADD ("/store/migrate/org-key", test_migrate_org_key);

  return g_test_run ();
}
