/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-store"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ca-local-file.h"
#include "ca-member.h"
#include "ca-store.h"
#include "ca-store-internal.h"
#include "ca-store-private.h"

/*
 * The offline copy of every feed, in one SQLite file.
 *
 * Two connections share the file in WAL mode: the writer (imports, feed
 * management, stars) and the reader (every query), each with its own mutex
 * and its own cache of prepared statements. A long import on the sync thread
 * thus never blocks the lists the UI shows: readers see the previous data
 * until the import commits.
 *
 * Records are keyed by the feed's integer rowid; stars by the feed's key
 * string, so that they outlive re-imports and the removal of the feed. The
 * full-text index gives each feed a range of rowids (feed id << 40), so a
 * feed's documents are deleted by a rowid range, never by a scan.
 *
 * This file opens, migrates and recovers the file; the rest is split by concern
 * into ca-store-feeds.c, ca-store-import.c, ca-store-query.c and
 * ca-store-search.c, sharing ca-store-internal.h.
 */

#define BUSY_TIMEOUT_MS   5000

/* {{{ Schema */

static const char migration_1[] =
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT"
  ") WITHOUT ROWID;"

  "CREATE TABLE feeds ("
  "  id            INTEGER PRIMARY KEY,"
  "  key           TEXT NOT NULL UNIQUE,"
  "  title         TEXT,"
  "  publisher_url TEXT,"
  "  generated     TEXT,"
  "  etag          TEXT,"
  "  last_modified TEXT,"
  "  last_sync     INTEGER NOT NULL DEFAULT 0,"
  "  last_attempt  INTEGER NOT NULL DEFAULT 0,"
  "  last_error    TEXT,"
  "  hidden        INTEGER NOT NULL DEFAULT 0,"
  "  warnings      TEXT,"
  "  n_clusters    INTEGER NOT NULL DEFAULT 0,"
  "  n_members     INTEGER NOT NULL DEFAULT 0,"
  "  n_projects    INTEGER NOT NULL DEFAULT 0,"
  "  n_events      INTEGER NOT NULL DEFAULT 0"
  ");"

  "CREATE TABLE clusters ("
  "  feed                 INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,"
  "  id                   TEXT NOT NULL,"
  "  name                 TEXT,"
  "  sort_name            TEXT,"
  "  acronym              TEXT,"
  "  country              TEXT,"
  "  region               TEXT,"
  "  city                 TEXT,"
  "  established          TEXT,"
  "  legal_form           TEXT,"
  "  website              TEXT,"
  "  email                TEXT,"
  "  phone                TEXT,"
  "  languages            TEXT,"
  "  summary              TEXT,"
  "  objectives           TEXT,"
  "  activities           TEXT,"
  "  services             TEXT,"
  "  sectors              TEXT,"
  "  technology_fields    TEXT,"
  "  s3_priorities        TEXT,"
  "  labels               TEXT,"
  "  comp_members         INTEGER,"
  "  comp_smes            INTEGER,"
  "  comp_startups        INTEGER,"
  "  comp_large_companies INTEGER,"
  "  comp_research        INTEGER,"
  "  comp_civil_society   INTEGER,"
  "  comp_other           INTEGER,"
  "  n_members            INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (feed, id)"
  ");"

  "CREATE TABLE cluster_team ("
  "  feed     INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,"
  "  cluster  TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  name     TEXT,"
  "  role     TEXT,"
  "  email    TEXT,"
  "  phone    TEXT,"
  "  PRIMARY KEY (feed, cluster, position)"
  ");"

  "CREATE TABLE cluster_networks ("
  "  feed     INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,"
  "  cluster  TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  name     TEXT,"
  "  url      TEXT,"
  "  PRIMARY KEY (feed, cluster, position)"
  ");"

  "CREATE TABLE members ("
  "  feed        INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,"
  "  cluster     TEXT NOT NULL,"
  "  position    INTEGER NOT NULL,"
  "  id          TEXT,"
  "  name        TEXT,"
  "  sort_name   TEXT,"
  "  kind        TEXT NOT NULL,"
  "  city        TEXT,"
  "  country     TEXT,"
  "  website     TEXT,"
  "  sectors     TEXT,"
  "  description TEXT,"
  "  joined      TEXT,"
  "  PRIMARY KEY (feed, cluster, position)"
  ");"
  "CREATE INDEX members_kind ON members (kind);"

  "CREATE TABLE projects ("
  "  feed            INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,"
  "  id              TEXT NOT NULL,"
  "  title           TEXT,"
  "  sort_title      TEXT,"
  "  acronym         TEXT,"
  "  programme       TEXT,"
  "  grant_no        TEXT,"
  "  start_date      TEXT,"
  "  end_date        TEXT,"
  "  budget_amount   REAL,"
  "  budget_currency TEXT,"
  "  role            TEXT,"
  "  clusters        TEXT,"
  "  partners        TEXT,"
  "  summary         TEXT,"
  "  objectives      TEXT,"
  "  website         TEXT,"
  "  PRIMARY KEY (feed, id)"
  ");"

  "CREATE TABLE project_clusters ("
  "  feed    INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,"
  "  project TEXT NOT NULL,"
  "  cluster TEXT NOT NULL,"
  "  PRIMARY KEY (feed, project, cluster)"
  ");"
  "CREATE INDEX project_clusters_cluster ON project_clusters (feed, cluster);"

  /* stop_time: the last instant the event covers, for range queries
   * (an all-day event covers its last day to 23:59:59 UTC). */
  "CREATE TABLE events ("
  "  feed        INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,"
  "  id          TEXT NOT NULL,"
  "  title       TEXT,"
  "  start_time  INTEGER NOT NULL,"
  "  end_time    INTEGER NOT NULL,"
  "  stop_time   INTEGER NOT NULL,"
  "  has_end     INTEGER NOT NULL,"
  "  all_day     INTEGER NOT NULL,"
  "  timezone    TEXT,"
  "  kind        TEXT NOT NULL,"
  "  status      TEXT NOT NULL,"
  "  venue       TEXT,"
  "  city        TEXT,"
  "  country     TEXT,"
  "  online      INTEGER NOT NULL DEFAULT -1,"
  "  url         TEXT,"
  "  description TEXT,"
  "  clusters    TEXT,"
  "  project     TEXT,"
  "  organizers  TEXT,"
  "  n_speakers  INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (feed, id)"
  ");"
  "CREATE INDEX events_start ON events (start_time);"

  "CREATE TABLE event_clusters ("
  "  feed    INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,"
  "  event   TEXT NOT NULL,"
  "  cluster TEXT NOT NULL,"
  "  PRIMARY KEY (feed, event, cluster)"
  ");"
  "CREATE INDEX event_clusters_cluster ON event_clusters (feed, cluster);"

  "CREATE TABLE event_speakers ("
  "  feed     INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,"
  "  event    TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  name     TEXT,"
  "  role     TEXT,"
  "  email    TEXT,"
  "  phone    TEXT,"
  "  PRIMARY KEY (feed, event, position)"
  ");"

  "CREATE TABLE stars ("
  "  feed_key TEXT NOT NULL,"
  "  event_id TEXT NOT NULL,"
  "  PRIMARY KEY (feed_key, event_id)"
  ") WITHOUT ROWID;"

  /* Full-text search: a contentless FTS5 index (the text is in the records)
   * and, under the same rowid, what a hit shows. rowid = (feeds.id << 40) + n,
   * so a feed's documents are one rowid range. */
  "CREATE TABLE search_docs ("
  "  id      INTEGER PRIMARY KEY,"   /* the rowid in search */
  "  kind    INTEGER NOT NULL,"      /* CaSearchKind */
  "  ref     TEXT NOT NULL,"         /* record id; a member's cluster id */
  "  pos     INTEGER NOT NULL,"      /* a member's position */
  "  display TEXT"                   /* Text: the record's name or title */
  ");"
  "CREATE VIRTUAL TABLE search USING fts5 ("
  "  title, body,"
  "  content = '',"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  /* Titles (names) weigh ten times the body */
  "INSERT INTO search (search, rank) VALUES ('rank', 'bm25 (10.0, 1.0)');";

/* The clusters list reads a page at a time in this order (ca-cluster-list.c): with
 * the index a page is a short walk, without it every page sorts every cluster. */
static const char migration_2[] =
  "CREATE INDEX clusters_order ON clusters (sort_name, feed, id);";

/* Sync: the instant before which the server asked not to be asked again
 * (Retry-After), kept across runs so the command line honours it too. */
static const char migration_3[] =
  "ALTER TABLE feeds ADD COLUMN retry_after INTEGER NOT NULL DEFAULT 0;";

/* The change log (ca-store-changes.c): per import of a feed that had been imported
 * before, one row per event or project added, removed or changed, with the old and
 * new values of the fields people plan by. sync counts the feed's imports that
 * changed something; the last N of them are kept. start and end are Unix seconds for
 * events and the feed's date text for projects. */
static const char migration_4[] =
  "CREATE TABLE changes ("
  "  id          INTEGER PRIMARY KEY,"
  "  feed        INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,"
  "  sync        INTEGER NOT NULL,"
  "  time        INTEGER NOT NULL,"
  "  kind        INTEGER NOT NULL,"     /* CaChangeKind */
  "  record      TEXT NOT NULL,"
  "  action      INTEGER NOT NULL,"     /* CaChangeAction */
  "  fields      INTEGER NOT NULL,"     /* CaChangeFields */
  "  seen        INTEGER NOT NULL DEFAULT 0,"
  "  old_title TEXT, old_start, old_end, old_has_end INTEGER, old_all_day INTEGER,"
  "  old_timezone TEXT, old_venue TEXT, old_city TEXT, old_online INTEGER, old_status TEXT,"
  "  new_title TEXT, new_start, new_end, new_has_end INTEGER, new_all_day INTEGER,"
  "  new_timezone TEXT, new_venue TEXT, new_city TEXT, new_online INTEGER, new_status TEXT"
  ");"
  "CREATE INDEX changes_feed_sync ON changes (feed, sync);"
  "CREATE INDEX changes_record ON changes (feed, record);";

/* Calendar subscriptions (issue 17): a feed's kind ('json' or 'ics') and, for an
 * iCalendar feed, the cluster its events belong to: cluster_id in the feed whose key
 * is cluster_feed (another feed's, or the subscription's own when the user named a
 * new cluster, cluster_name). */
static const char migration_5[] =
  "ALTER TABLE feeds ADD COLUMN kind TEXT NOT NULL DEFAULT 'json';"
  "ALTER TABLE feeds ADD COLUMN cluster_feed TEXT;"
  "ALTER TABLE feeds ADD COLUMN cluster_id TEXT;"
  "ALTER TABLE feeds ADD COLUMN cluster_name TEXT;";

/* Which organisation a membership row is (ca-member.c): the registry number the feed
 * may give, and the key ca_member_identity_key() makes at import, indexed so that
 * the Members view and the search group and count by it. Rows of older versions
 * get their key here from the same C function (ca_org_key(), registered on the
 * writer by open_writer()); they had no registry number, which their feed's next
 * import brings. */
static const char migration_6[] =
  "ALTER TABLE members ADD COLUMN registry_id TEXT;"
  "ALTER TABLE members ADD COLUMN org_key TEXT;"
  "UPDATE members SET org_key = ca_org_key (registry_id, website, name, city);"
  "CREATE INDEX members_org_key ON members (org_key);";

/* Search (ca-store-search.c): a member's document carries its organisation's key, so
 * that the sectioned search groups a member's matches without looking each one up in
 * members: on a word that matches thousands of memberships that lookup was a third of
 * the search's time. Documents of other kinds have none. */
static const char migration_7[] =
  "ALTER TABLE search_docs ADD COLUMN grp TEXT;"
  "UPDATE search_docs SET grp = (SELECT m.org_key FROM members m"
  "                              WHERE m.feed = search_docs.id >> 40"
  "                                AND m.cluster = search_docs.ref"
  "                                AND m.position = search_docs.pos)"
  " WHERE kind = 1;";

/* Migration n (1-based) brings user_version n - 1 to n; append, never edit. */
static const char * const migrations[] = {
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
  migration_7,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == _CA_STORE_SCHEMA_VERSION);

/* }}} */

/* {{{ Connections and statements */

G_DEFINE_FINAL_TYPE (CaStore, ca_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (ca-store-error-quark, ca_store_error)

void
_ca_store_stmt_release (Stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static void
stmt_finalize (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

gint64
_ca_store_now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
is_damage (int rc)
{
  return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

gboolean
_ca_store_set_db_error (GError  **error,
                        sqlite3  *db,
                        int       rc)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error_literal (error, CA_STORE_ERROR, CA_STORE_ERROR_FULL,
                           _("The disk is full, so the offline data could not be saved. "
                             "Free some space and try again."));
      break;

    case SQLITE_READONLY:
      g_set_error_literal (error, CA_STORE_ERROR, CA_STORE_ERROR_READ_ONLY,
                           _("The offline data cannot be saved: it can only be read."));
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      /* Translators: %s is SQLite's description of the problem */
      g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_CORRUPT,
                   _("The offline data is damaged (%s). It is rebuilt from the feeds "
                     "the next time Cluster Atlas starts."), detail);
      break;

    default:
      /* Translators: %s is SQLite's description of the problem */
      g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_FAILED,
                   _("The offline data could not be read or saved: %s"), detail);
      break;
    }
  return FALSE;
}

static void
conn_init (Conn *c)
{
  g_mutex_init (&c->lock);
  c->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stmt_finalize);
}

static void
conn_close (Conn *c)
{
  g_hash_table_remove_all (c->stmts);
  if (c->db != NULL)
    {
      sqlite3_close_v2 (c->db);
      c->db = NULL;
    }
}

static void
conn_clear (Conn *c)
{
  conn_close (c);
  g_clear_pointer (&c->stmts, g_hash_table_unref);
  g_mutex_clear (&c->lock);
}

/* The prepared statement for sql, prepared once per connection. */
Stmt *
_ca_store_conn_stmt (Conn        *c,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (c->stmts, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _ca_store_set_db_error (error, c->db, rc);
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (c->stmts, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_ca_store_conn_exec (Conn        *c,
                     const char  *sql,
                     GError     **error)
{
  int rc = sqlite3_exec (c->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _ca_store_set_db_error (error, c->db, rc);
  return TRUE;
}

void
_ca_store_conn_rollback (Conn *c)
{
  if (!sqlite3_get_autocommit (c->db))
    sqlite3_exec (c->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Steps a statement that returns no row (or whose row is not wanted) and resets it. */
gboolean
_ca_store_step_done (Conn          *c,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _ca_store_set_db_error (error, c->db, rc);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Steps to the next row: TRUE with a row, FALSE at the end or on error. */
gboolean
_ca_store_step_row (Conn          *c,
                    sqlite3_stmt  *stmt,
                    gboolean      *failed,
                    GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    {
      _ca_store_set_db_error (error, c->db, rc);
      *failed = TRUE;
    }
  return FALSE;
}

guint
_ca_store_conn_count (Conn        *c,
                      const char  *sql,
                      GError     **error)
{
  g_autoptr(Stmt) stmt = NULL;
  gboolean failed = FALSE;

  if ((stmt = _ca_store_conn_stmt (c, sql, error)) == NULL)
    return 0;
  if (!_ca_store_step_row (c, stmt, &failed, error))
    return 0;
  return sqlite3_column_int (stmt, 0);
}

gboolean
_ca_store_set_not_found (GError     **error,
                         const char  *feed,
                         const char  *id)
{
  if (id == NULL)
    /* Translators: %s is a feed address */
    g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND,
                 _("There is no feed “%s”."), feed);
  else
    /* Translators: %s is a record id */
    g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND,
                 _("“%s” is no longer in the offline data."), id);
  return FALSE;
}

/* }}} */

/* {{{ Opening, recovery */

typedef enum {
  OPEN_OK,
  OPEN_DAMAGED,
  OPEN_NEWER,
  OPEN_ERROR,
} OpenResult;

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* A cheap look at the file header, without reading the rest of the file:
 * not an SQLite file, or shorter than the header says (truncated). */
static gboolean
header_looks_damaged (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  guint8 header[100];
  GStatBuf st;
  guint32 page_size;
  guint32 page_count;
  FILE *file;
  size_t n;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size == 0)
    return FALSE;   /* absent (created), or not a file (SQLite reports it) */
  if (st.st_size < (goffset) sizeof header)
    return TRUE;

  if ((file = g_fopen (path, "rb")) == NULL)
    return FALSE;   /* SQLite reports why */
  n = fread (header, 1, sizeof header, file);
  fclose (file);
  if (n != sizeof header)
    return TRUE;

  if (memcmp (header, "SQLite format 3", 16) != 0)
    return TRUE;
  page_size = ((guint32) header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  if (page_size < 512 || (page_size & (page_size - 1)) != 0)
    return TRUE;

  /* With a write-ahead log the file may lag behind the header. */
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    return FALSE;

  /* The in-header size is valid when the change counter matches version-valid-for. */
  page_count = read_be32 (header + 28);
  if (page_count == 0 || memcmp (header + 24, header + 92, 4) != 0)
    return FALSE;
  return (guint64) st.st_size < (guint64) page_count * page_size;
}

static gboolean
set_read_only_error (CaStore  *self,
                     GError  **error)
{
  /* Translators: %s is a file path */
  g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_READ_ONLY,
               _("The offline data at “%s” cannot be written."), self->path);
  return FALSE;
}

static gboolean
set_newer_error (CaStore  *self,
                 GError  **error)
{
  /* Translators: %s is a file path */
  g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NEWER,
               _("This data was written by a newer version of Cluster Atlas, which this "
                 "version cannot use: “%s”. It has been left as it is. Install the newer "
                 "version of Cluster Atlas to use it, or move the file elsewhere to start "
                 "again with the built-in data."), self->path);
  return FALSE;
}

static OpenResult
open_failed (CaStore  *self,
             sqlite3  *db,
             int       rc,
             GError  **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);

  if (is_damage (rc))
    return OPEN_DAMAGED;
  /* A file without write permission, or in a folder where the write-ahead log
   * cannot be made: read-only commands can still open it read only */
  if ((rc & 0xff) == SQLITE_READONLY ||
      ((rc & 0xff) == SQLITE_CANTOPEN && access (dir, W_OK) != 0))
    {
      set_read_only_error (self, error);
      return OPEN_ERROR;
    }
  /* Translators: the first %s is a file path, the second the reason */
  g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_OPEN,
               _("The offline data at “%s” cannot be opened: %s"),
               self->path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return OPEN_ERROR;
}

static int
query_int (sqlite3    *db,
           const char *sql,
           gint64     *value)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        {
          *value = 0;
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* ca_org_key (registry_id, website, name, city): ca_member_identity_key() in SQL */
static void
org_key_function (sqlite3_context  *context,
                  int               argc,
                  sqlite3_value   **argv)
{
  const char *args[4] = { NULL };

  g_assert (argc == 4);
  for (int i = 0; i < argc; i++)
    if (sqlite3_value_type (argv[i]) != SQLITE_NULL)
      args[i] = (const char *) sqlite3_value_text (argv[i]);
  sqlite3_result_text (context, ca_member_identity_key (args[0], args[1], args[2], args[3]),
                       -1, g_free);
}

static int
migrate (sqlite3 *db,
         gint64   version)
{
  for (gsize v = version; v < G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u;",
                                                      (guint) v + 1);
      int rc;

      if ((rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) != SQLITE_OK)
        return rc;
      if ((rc = sqlite3_exec (db, migrations[v], NULL, NULL, NULL)) != SQLITE_OK ||
          (rc = sqlite3_exec (db, set_version, NULL, NULL, NULL)) != SQLITE_OK ||
          (rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
        {
          if (!sqlite3_get_autocommit (db))
            sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return rc;
        }
    }
  return SQLITE_OK;
}

static OpenResult
open_writer (CaStore  *self,
             GError  **error)
{
  Conn *w = &self->writer;
  gint64 version = 0;
  gint64 n_objects = 0;
  int rc;

  g_assert (w->db == NULL);

  if (header_looks_damaged (self->path))
    return OPEN_DAMAGED;

  rc = sqlite3_open_v2 (self->path, &w->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    return open_failed (self, w->db, rc, error);
  sqlite3_busy_timeout (w->db, BUSY_TIMEOUT_MS);
  /* Until the version is known to be ours, closing must not checkpoint a newer
   * app's write-ahead log into its file */
  sqlite3_db_config (w->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);

  /* Read the header and the schema before changing anything: a newer app's
   * file is left untouched. */
  if ((rc = query_int (w->db, "PRAGMA user_version", &version)) != SQLITE_OK ||
      (rc = query_int (w->db, "SELECT count(*) FROM sqlite_schema", &n_objects)) != SQLITE_OK)
    return open_failed (self, w->db, rc, error);
  if (version > (gint64) G_N_ELEMENTS (migrations) || version < 0)
    return OPEN_NEWER;
  sqlite3_db_config (w->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);

  if (sqlite3_db_readonly (w->db, "main") == 1)
    {
      set_read_only_error (self, error);
      return OPEN_ERROR;
    }

  if ((rc = sqlite3_exec (w->db,
                          "PRAGMA page_size = 16384;"   /* a new file only */
                          "PRAGMA journal_mode = WAL;"
                          "PRAGMA synchronous = NORMAL;"
                          "PRAGMA foreign_keys = ON;"
                          "PRAGMA journal_size_limit = 16777216;"
                          "PRAGMA cache_size = -32768;",
                          NULL, NULL, NULL)) != SQLITE_OK)
    return open_failed (self, w->db, rc, error);

  if ((rc = sqlite3_create_function_v2 (w->db, "ca_org_key", 4,
                                        SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
                                        NULL, org_key_function, NULL, NULL, NULL)) != SQLITE_OK ||
      (rc = migrate (w->db, version)) != SQLITE_OK)
    return open_failed (self, w->db, rc, error);

  return OPEN_OK;
}

static gboolean
open_reader (CaStore  *self,
             GError  **error)
{
  Conn *r = &self->reader;
  int rc;

  rc = sqlite3_open_v2 (self->path, &r->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (r->db, BUSY_TIMEOUT_MS);
      rc = sqlite3_exec (r->db,
                         "PRAGMA query_only = ON;"
                         "PRAGMA cache_size = -16384;",
                         NULL, NULL, NULL);
    }
  if (rc == SQLITE_OK)
    rc = _ca_store_add_search_functions (r->db);
  if (rc != SQLITE_OK)
    {
      /* Translators: the first %s is a file path, the second the reason */
      g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_OPEN,
                   _("The offline data at “%s” cannot be opened: %s"),
                   self->path, r->db != NULL ? sqlite3_errmsg (r->db) : sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

/* A read-only connection; in a folder that cannot be written, where the shared
 * memory file of the write-ahead log cannot be made, the file is read as
 * immutable: a writer would have had to make that file there too. */
static int
open_read_only_conn (CaStore *self,
                     Conn    *c)
{
  gint64 version;
  int rc;

  rc = sqlite3_open_v2 (self->path, &c->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc == SQLITE_OK)
    rc = query_int (c->db, "PRAGMA user_version", &version);
  if ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY)
    {
      g_autofree char *escaped = g_uri_escape_string (self->path, "/", FALSE);
      g_autofree char *uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);

      g_debug ("%s: read as immutable (%s)", self->path, sqlite3_errstr (rc));
      conn_close (c);
      rc = sqlite3_open_v2 (uri, &c->db,
                            SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, NULL);
    }
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (c->db, BUSY_TIMEOUT_MS);
      rc = sqlite3_exec (c->db, "PRAGMA query_only = ON;", NULL, NULL, NULL);
    }
  if (rc == SQLITE_OK)
    rc = _ca_store_add_search_functions (c->db);
  return rc;
}

static gboolean
open_read_only (CaStore  *self,
                GError  **error)
{
  gint64 version = 0;
  gint64 n_objects = 0;
  int rc;

  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      /* Translators: %s is a file path */
      g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_OPEN,
                   _("There is no offline data at “%s” yet."), self->path);
      return FALSE;
    }
  if (header_looks_damaged (self->path))
    return _ca_store_set_db_error (error, NULL, SQLITE_CORRUPT);

  if ((rc = open_read_only_conn (self, &self->writer)) != SQLITE_OK ||
      (rc = query_int (self->writer.db, "PRAGMA user_version", &version)) != SQLITE_OK ||
      (rc = query_int (self->writer.db, "SELECT count(*) FROM sqlite_schema",
                       &n_objects)) != SQLITE_OK)
    {
      if (open_failed (self, self->writer.db, rc, error) == OPEN_DAMAGED)
        _ca_store_set_db_error (error, self->writer.db, rc);
      return FALSE;
    }
  if (version > (gint64) G_N_ELEMENTS (migrations) || version < 0)
    return set_newer_error (self, error);
  if (version < (gint64) G_N_ELEMENTS (migrations))
    {
      /* Translators: %s is a file path */
      g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_READ_ONLY,
                   _("The offline data at “%s” needs to be updated, which writes it."),
                   self->path);
      return FALSE;
    }
  if ((rc = open_read_only_conn (self, &self->reader)) != SQLITE_OK)
    {
      open_failed (self, self->reader.db, rc, error);
      return FALSE;
    }
  self->read_only = TRUE;
  return TRUE;
}

static gboolean
move_file (const char  *from,
           const char  *to,
           GError     **error)
{
  int saved_errno;

  if (g_rename (from, to) == 0)
    return TRUE;
  saved_errno = errno;
  if (saved_errno == ENOENT)
    return TRUE;
  /* Translators: the first %s is a file path, the second the reason */
  g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_OPEN,
               _("The damaged offline data “%s” cannot be set aside: %s"),
               from, g_strerror (saved_errno));
  return FALSE;
}

/* Renames the file and its -wal and -shm to "<path>.corrupt-<time>[-n]". */
static gboolean
move_aside (CaStore  *self,
            GError  **error)
{
  static const char * const suffixes[] = { "-wal", "-shm" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *base = g_strdup_printf ("%s.corrupt-%s", self->path, stamp);
  g_autofree char *aside = g_strdup (base);

  for (guint n = 2; ; n++)
    {
      g_autofree char *wal = g_strconcat (aside, "-wal", NULL);

      if (!g_file_test (aside, G_FILE_TEST_EXISTS) && !g_file_test (wal, G_FILE_TEST_EXISTS))
        break;
      g_free (aside);
      aside = g_strdup_printf ("%s-%u", base, n);
    }

  if (!move_file (self->path, aside, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (self->path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      /* A log left next to the fresh file would be replayed into it:
       * when it cannot be moved, it is deleted. */
      if (!move_file (from, to, NULL) && g_unlink (from) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          /* Translators: the first %s is a file path, the second the reason */
          g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_OPEN,
                       _("The damaged offline data “%s” cannot be set aside: %s"),
                       from, g_strerror (saved_errno));
          return FALSE;
        }
    }

  /* Every caller tells the user, with ca_store_dup_recovery_message() */
  g_debug ("Offline data set aside as %s", aside);
  self->moved_aside = g_steal_pointer (&aside);
  return TRUE;
}

/* }}} */

/* {{{ GObject */

static void
ca_store_finalize (GObject *object)
{
  CaStore *self = (CaStore *) object;

  conn_clear (&self->reader);
  conn_clear (&self->writer);
  g_free (self->path);
  g_free (self->moved_aside);

  G_OBJECT_CLASS (ca_store_parent_class)->finalize (object);
}

static void
ca_store_class_init (CaStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_store_finalize;
}

static void
ca_store_init (CaStore *self)
{
  conn_init (&self->writer);
  conn_init (&self->reader);
  self->fail_after = -1;
  self->change_log_syncs = CA_STORE_DEFAULT_CHANGE_LOG_SYNCS;
}

/* }}} */

/* {{{ Public API */

char *
ca_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "cluster-atlas", "atlas.db", NULL);
}

CaStore *
ca_store_open (const char  *path,
               GError     **error)
{
  return ca_store_open_full (path, CA_STORE_OPEN_DEFAULT, error);
}

CaStore *
ca_store_open_full (const char        *path,
                    CaStoreOpenFlags   flags,
                    GError           **error)
{
  g_autoptr(CaStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  OpenResult result;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* SQLite would open a FIFO and wait on it for ever */
  if (!ca_local_file_check (path, &local_error))
    {
      /* Translators: the first %s is a file path, the second the reason */
      g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_OPEN,
                   _("The offline data at “%s” cannot be opened: %s"), path,
                   local_error->message);
      return NULL;
    }

  self = g_object_new (CA_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (flags & CA_STORE_OPEN_READ_ONLY)
    return open_read_only (self, error) ? g_steal_pointer (&self) : NULL;

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      /* Translators: the first %s is a folder, the second the reason */
      g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_OPEN,
                   _("The folder for the offline data, “%s”, cannot be created: %s"),
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  result = open_writer (self, error);
  if (result == OPEN_NEWER)
    {
      set_newer_error (self, error);
      return NULL;
    }
  if (result == OPEN_DAMAGED)
    {
      conn_close (&self->writer);
      if (!move_aside (self, error))
        return NULL;

      result = open_writer (self, error);
      if (result == OPEN_DAMAGED || result == OPEN_NEWER)
        {
          /* Translators: %s is a file path */
          g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_OPEN,
                       _("The offline data at “%s” cannot be created."), path);
          return NULL;
        }
    }
  if (result != OPEN_OK || !open_reader (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
ca_store_get_path (CaStore *self)
{
  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  return self->path;
}

/* Opened with CA_STORE_OPEN_READ_ONLY: every write fails with CA_STORE_ERROR_READ_ONLY */
gboolean
ca_store_is_read_only (CaStore *self)
{
  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  return self->read_only;
}

const char *
ca_store_get_moved_aside (CaStore *self)
{
  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  return self->moved_aside;
}

char *
ca_store_dup_recovery_message (CaStore *self)
{
  g_return_val_if_fail (CA_IS_STORE (self), NULL);

  if (self->moved_aside == NULL)
    return NULL;
  /* Translators: %s is a file path */
  return g_strdup_printf (_("The offline data was damaged and has been set aside as %s. "
                            "It is rebuilt from the feeds."), self->moved_aside);
}

void
_ca_store_set_fail_after (CaStore *self,
                          int      n_rows)
{
  g_return_if_fail (CA_IS_STORE (self));

  g_mutex_lock (&self->writer.lock);
  self->fail_after = n_rows < 0 ? -1 : n_rows;
  g_mutex_unlock (&self->writer.lock);
}

/* }}} */
