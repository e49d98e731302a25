/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-store"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ca-enums.h"
#include "ca-feed-parser.h"
#include "ca-person.h"
#include "ca-store.h"
#include "ca-store-private.h"
#include "ca-text.h"

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
 */

#define BUSY_TIMEOUT_MS   5000
#define DOC_ID_SHIFT      40
#define MAX_SEARCH_WORDS  16
#define MAX_WORD_CHARS    64
#define SECONDS_PER_DAY   86400

/* SQL_SEARCH spells the shift out */
G_STATIC_ASSERT (DOC_ID_SHIFT == 40);

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

/* Migration n (1-based) brings user_version n - 1 to n; append, never edit. */
static const char * const migrations[] = {
  migration_1,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == _CA_STORE_SCHEMA_VERSION);

/* }}} */

/* {{{ Connections and statements */

typedef struct {
  sqlite3    *db;
  GMutex      lock;
  GHashTable *stmts;            /* SQL text → prepared sqlite3_stmt */
} Conn;

struct _CaStore
{
  GObject   parent_instance;

  char     *path;
  char     *moved_aside;
  gboolean  moved_newer;        /* set aside because a newer app wrote it */

  Conn      writer;             /* imports, feeds, stars */
  Conn      reader;             /* queries */

  int       fail_after;         /* tests: rows before an injected failure, -1 never */
};

G_DEFINE_FINAL_TYPE (CaStore, ca_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (ca-store-error-quark, ca_store_error)

/* A cached statement borrowed for one call: reset and unbound when released. */
typedef sqlite3_stmt Stmt;

static void
stmt_release (Stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stmt, stmt_release)

static void
stmt_finalize (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
is_damage (int rc)
{
  return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

static gboolean
set_db_error (GError  **error,
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
static Stmt *
conn_stmt (Conn        *c,
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
      set_db_error (error, c->db, rc);
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (c->stmts, g_strdup (sql), stmt);
  return stmt;
}

static gboolean
conn_exec (Conn        *c,
           const char  *sql,
           GError     **error)
{
  int rc = sqlite3_exec (c->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_db_error (error, c->db, rc);
  return TRUE;
}

static void
conn_rollback (Conn *c)
{
  if (!sqlite3_get_autocommit (c->db))
    sqlite3_exec (c->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Steps a statement that returns no row (or whose row is not wanted) and resets it. */
static gboolean
step_done (Conn          *c,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_db_error (error, c->db, rc);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Steps to the next row: TRUE with a row, FALSE at the end or on error. */
static gboolean
step_row (Conn          *c,
          sqlite3_stmt  *stmt,
          gboolean      *failed,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, c->db, rc);
      *failed = TRUE;
    }
  return FALSE;
}

static inline void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *value)
{
  sqlite3_bind_text (stmt, index, value, -1, SQLITE_STATIC);
}

/* Binds a string the statement then owns (NULL binds NULL). */
static inline void
bind_owned (sqlite3_stmt *stmt,
            int           index,
            char         *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, g_free);
}

static inline void
bind_list (sqlite3_stmt *stmt,
           int           index,
           char * const *list)
{
  bind_owned (stmt, index, ca_text_list_join ((const char * const *) list));
}

static inline char *
col_str (sqlite3_stmt *stmt,
         int           index)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, index));
}

static inline char **
col_list (sqlite3_stmt *stmt,
          int           index)
{
  return ca_text_list_split ((const char *) sqlite3_column_text (stmt, index));
}

/* Folded display name for ORDER BY; the UI sorts again if it needs a collation. */
static char *
sort_key (const char *text)
{
  g_autofree char *shown = NULL;

  if (text == NULL)
    return NULL;
  shown = ca_text_display (text);
  return g_utf8_casefold (shown, -1);
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

static OpenResult
open_failed (CaStore  *self,
             sqlite3  *db,
             int       rc,
             GError  **error)
{
  if (is_damage (rc))
    return OPEN_DAMAGED;
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

  /* Read the header and the schema before changing anything: a newer app's
   * file is set aside untouched. */
  if ((rc = query_int (w->db, "PRAGMA user_version", &version)) != SQLITE_OK ||
      (rc = query_int (w->db, "SELECT count(*) FROM sqlite_schema", &n_objects)) != SQLITE_OK)
    return open_failed (self, w->db, rc, error);
  if (version > (gint64) G_N_ELEMENTS (migrations) || version < 0)
    return OPEN_NEWER;

  if (sqlite3_db_readonly (w->db, "main") == 1)
    {
      /* Translators: %s is a file path */
      g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_OPEN,
                   _("The offline data at “%s” cannot be written."), self->path);
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

  if ((rc = migrate (w->db, version)) != SQLITE_OK)
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

  g_message ("Offline data set aside as %s", aside);
  self->moved_aside = g_steal_pointer (&aside);
  return TRUE;
}

/* }}} */

/* {{{ Import */

typedef struct {
  CaStore      *self;
  Conn         *conn;
  gint64        feed_id;
  gint64        next_doc;
  int           n_rows;
  guint         n_clusters;
  guint         n_members;
  guint         n_projects;
  guint         n_events;
  GString      *title;          /* reused full-text buffers */
  GString      *body;

  Stmt         *cluster;
  Stmt         *team;
  Stmt         *network;
  Stmt         *member;
  Stmt         *project;
  Stmt         *project_cluster;
  Stmt         *event;
  Stmt         *event_cluster;
  Stmt         *speaker;
  Stmt         *doc_row;
  Stmt         *doc;
} Import;

#define SQL_UPSERT_FEED \
  "INSERT INTO feeds (key, title, publisher_url, generated, warnings, last_sync," \
  "                   last_attempt, last_error)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, NULL)" \
  " ON CONFLICT (key) DO UPDATE SET title = excluded.title," \
  "   publisher_url = excluded.publisher_url, generated = excluded.generated," \
  "   warnings = excluded.warnings, last_sync = excluded.last_sync," \
  "   last_attempt = excluded.last_attempt, last_error = NULL" \
  " RETURNING id"

#define SQL_FEED_WARNINGS "UPDATE feeds SET warnings = ?2 WHERE id = ?1"

#define SQL_FEED_COUNTS \
  "UPDATE feeds SET n_clusters = ?2, n_members = ?3, n_projects = ?4, n_events = ?5" \
  " WHERE id = ?1"

#define SQL_OTHER_DOCS \
  "SELECT EXISTS (SELECT 1 FROM search_docs WHERE id < ?1)" \
  " OR EXISTS (SELECT 1 FROM search_docs WHERE id > ?2)"
#define SQL_DELETE_ALL_DOCS "INSERT INTO search (search) VALUES ('delete-all')"
#define SQL_DELETE_DOC \
  "INSERT INTO search (search, rowid, title, body) VALUES ('delete', ?1, ?2, ?3)"
#define SQL_DELETE_DOC_ROWS "DELETE FROM search_docs WHERE id BETWEEN ?1 AND ?2"

/* The indexed text of a feed's documents, rebuilt from its records exactly as
 * it was indexed (a contentless index is told what to remove). ?1–?2: the
 * feed's rowid range, ?3: its id. Columns: rowid, then the fields doc_text() reads. */
static const char * const doc_sources[] = {
  [CA_SEARCH_CLUSTER] =
    "SELECT d.id, c.name, c.acronym, c.summary, c.objectives FROM search_docs d"
    " JOIN clusters c ON c.feed = ?3 AND c.id = d.ref"
    " WHERE d.id BETWEEN ?1 AND ?2 AND d.kind = 0",
  [CA_SEARCH_MEMBER] =
    "SELECT d.id, m.name, NULL, NULL, NULL FROM search_docs d"
    " JOIN members m ON m.feed = ?3 AND m.cluster = d.ref AND m.position = d.pos"
    " WHERE d.id BETWEEN ?1 AND ?2 AND d.kind = 1",
  [CA_SEARCH_PROJECT] =
    "SELECT d.id, p.title, p.acronym, p.summary, NULL FROM search_docs d"
    " JOIN projects p ON p.feed = ?3 AND p.id = d.ref"
    " WHERE d.id BETWEEN ?1 AND ?2 AND d.kind = 2",
  [CA_SEARCH_EVENT] =
    "SELECT d.id, e.title, NULL, e.venue, e.city FROM search_docs d"
    " JOIN events e ON e.feed = ?3 AND e.id = d.ref"
    " WHERE d.id BETWEEN ?1 AND ?2 AND d.kind = 3",
};

static const char * const delete_records[] = {
  "DELETE FROM clusters WHERE feed = ?1",
  "DELETE FROM cluster_team WHERE feed = ?1",
  "DELETE FROM cluster_networks WHERE feed = ?1",
  "DELETE FROM members WHERE feed = ?1",
  "DELETE FROM projects WHERE feed = ?1",
  "DELETE FROM project_clusters WHERE feed = ?1",
  "DELETE FROM events WHERE feed = ?1",
  "DELETE FROM event_clusters WHERE feed = ?1",
  "DELETE FROM event_speakers WHERE feed = ?1",
};

#define SQL_INSERT_CLUSTER \
  "INSERT OR IGNORE INTO clusters (feed, id, name, sort_name, acronym, country, region, city," \
  " established, legal_form, website, email, phone, languages, summary, objectives," \
  " activities, services, sectors, technology_fields, s3_priorities, labels," \
  " comp_members, comp_smes, comp_startups, comp_large_companies, comp_research," \
  " comp_civil_society, comp_other, n_members)" \
  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?," \
  "         ?, ?, ?, ?, ?, ?, ?, ?)"

#define SQL_INSERT_TEAM \
  "INSERT INTO cluster_team (feed, cluster, position, name, role, email, phone)" \
  " VALUES (?, ?, ?, ?, ?, ?, ?)"

#define SQL_INSERT_NETWORK \
  "INSERT INTO cluster_networks (feed, cluster, position, name, url) VALUES (?, ?, ?, ?, ?)"

#define SQL_INSERT_MEMBER \
  "INSERT INTO members (feed, cluster, position, id, name, sort_name, kind, city, country," \
  " website, sectors, description, joined)" \
  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

#define SQL_INSERT_PROJECT \
  "INSERT OR IGNORE INTO projects (feed, id, title, sort_title, acronym, programme, grant_no," \
  " start_date, end_date, budget_amount, budget_currency, role, clusters, partners, summary," \
  " objectives, website)" \
  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

#define SQL_INSERT_PROJECT_CLUSTER \
  "INSERT OR IGNORE INTO project_clusters (feed, project, cluster) VALUES (?, ?, ?)"

#define SQL_INSERT_EVENT \
  "INSERT OR IGNORE INTO events (feed, id, title, start_time, end_time, stop_time, has_end," \
  " all_day, timezone, kind, status, venue, city, country, online, url, description, clusters," \
  " project, organizers, n_speakers)" \
  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

#define SQL_INSERT_EVENT_CLUSTER \
  "INSERT OR IGNORE INTO event_clusters (feed, event, cluster) VALUES (?, ?, ?)"

#define SQL_INSERT_SPEAKER \
  "INSERT INTO event_speakers (feed, event, position, name, role, email, phone)" \
  " VALUES (?, ?, ?, ?, ?, ?, ?)"

#define SQL_INSERT_DOC_ROW \
  "INSERT INTO search_docs (id, kind, ref, pos, display) VALUES (?, ?, ?, ?, ?)"

#define SQL_INSERT_DOC \
  "INSERT INTO search (rowid, title, body) VALUES (?, ?, ?)"

#define SQL_SET_META \
  "INSERT INTO meta (key, value) VALUES (?1, ?2)" \
  " ON CONFLICT (key) DO UPDATE SET value = excluded.value"

#define META_BUILTIN_LOADED "builtin-loaded"

/* Counts a row about to be inserted; fails there when the test hook says so. */
static gboolean
count_row (Import  *imp,
           GError **error)
{
  if (imp->self->fail_after >= 0 && imp->n_rows >= imp->self->fail_after)
    {
      g_set_error_literal (error, CA_STORE_ERROR, CA_STORE_ERROR_FAILED, "injected failure");
      return FALSE;
    }
  imp->n_rows++;
  return TRUE;
}

/* Inserts and resets; *inserted tells whether OR IGNORE skipped the row. */
static gboolean
insert_row (Import        *imp,
            sqlite3_stmt  *stmt,
            gboolean      *inserted,
            GError       **error)
{
  int rc;

  if (!count_row (imp, error))
    {
      sqlite3_reset (stmt);
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, imp->conn->db, rc);
      sqlite3_reset (stmt);
      return FALSE;
    }
  if (inserted != NULL)
    *inserted = sqlite3_changes (imp->conn->db) > 0;
  sqlite3_reset (stmt);
  return TRUE;
}

static void
append_text (GString    *out,
             const char *text)
{
  if (text == NULL || text[0] == '\0')
    return;
  if (out->len > 0)
    g_string_append_c (out, '\n');
  if (ca_text_is_localized (text))
    {
      g_autofree char *flat = ca_text_flatten (text);
      g_string_append (out, flat);
    }
  else
    g_string_append (out, text);
}

static void
append_texts (GString      *out,
              char * const *texts)
{
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    append_text (out, texts[i]);
}

/* The indexed text of a document, from its record's fields:
 * cluster: name, acronym | summary, objectives (a joined list)
 * member:  name
 * project: title, acronym | summary
 * event:   title | venue, city
 * The same code indexes and, for a contentless index, unindexes. */
static void
doc_text (CaSearchKind  kind,
          const char   *a,
          const char   *b,
          const char   *c,
          const char   *d,
          GString      *title,
          GString      *body)
{
  g_string_truncate (title, 0);
  g_string_truncate (body, 0);
  append_text (title, a);
  switch (kind)
    {
    case CA_SEARCH_CLUSTER:
      append_text (title, b);
      append_text (body, c);
      if (d != NULL)
        {
          g_auto(GStrv) objectives = ca_text_list_split (d);
          append_texts (body, objectives);
        }
      break;

    case CA_SEARCH_PROJECT:
      append_text (title, b);
      append_text (body, c);
      break;

    case CA_SEARCH_EVENT:
      append_text (body, c);
      append_text (body, d);
      break;

    case CA_SEARCH_MEMBER:
    default:
      break;
    }
}

/* Adds the document whose text doc_text() left in imp->title and imp->body. */
static gboolean
add_doc (Import        *imp,
         CaSearchKind   kind,
         const char    *ref,
         guint          pos,
         const char    *display,
         GError       **error)
{
  sqlite3_stmt *s = imp->doc_row;
  gint64 rowid = (imp->feed_id << DOC_ID_SHIFT) + imp->next_doc++;
  int rc;

  if (!count_row (imp, error))
    return FALSE;

  sqlite3_bind_int64 (s, 1, rowid);
  sqlite3_bind_int (s, 2, kind);
  bind_text (s, 3, ref);
  sqlite3_bind_int64 (s, 4, pos);
  bind_text (s, 5, display);
  if ((rc = sqlite3_step (s)) == SQLITE_DONE)
    {
      sqlite3_reset (s);
      s = imp->doc;
      sqlite3_bind_int64 (s, 1, rowid);
      sqlite3_bind_text (s, 2, imp->title->str, imp->title->len, SQLITE_STATIC);
      sqlite3_bind_text (s, 3, imp->body->str, imp->body->len, SQLITE_STATIC);
      rc = sqlite3_step (s);
    }
  if (rc != SQLITE_DONE)
    set_db_error (error, imp->conn->db, rc);
  sqlite3_reset (s);
  return rc == SQLITE_DONE;
}

static gboolean
insert_person (Import         *imp,
               sqlite3_stmt   *s,
               const char     *owner,
               guint           position,
               const CaPerson *person,
               GError        **error)
{
  sqlite3_bind_int64 (s, 1, imp->feed_id);
  bind_text (s, 2, owner);
  sqlite3_bind_int64 (s, 3, position);
  bind_text (s, 4, person->name);
  bind_text (s, 5, person->role);
  bind_text (s, 6, person->email);
  bind_text (s, 7, person->phone);
  return insert_row (imp, s, NULL, error);
}

static gboolean
insert_member (Import    *imp,
               CaCluster *cluster,
               guint      position,
               CaMember  *member,
               GError   **error)
{
  sqlite3_stmt *s = imp->member;
  int i = 1;

  sqlite3_bind_int64 (s, i++, imp->feed_id);
  bind_text (s, i++, cluster->id);
  sqlite3_bind_int64 (s, i++, position);
  bind_text (s, i++, member->id);
  bind_text (s, i++, member->name);
  bind_owned (s, i++, sort_key (member->name));
  bind_text (s, i++, ca_member_kind_to_string (member->kind));
  bind_text (s, i++, member->city);
  bind_text (s, i++, member->country);
  bind_text (s, i++, member->website);
  bind_list (s, i++, member->sectors);
  bind_text (s, i++, member->description);
  bind_text (s, i++, member->joined);
  if (!insert_row (imp, s, NULL, error))
    return FALSE;
  imp->n_members++;

  doc_text (CA_SEARCH_MEMBER, member->name, NULL, NULL, NULL, imp->title, imp->body);
  return add_doc (imp, CA_SEARCH_MEMBER, cluster->id, position, member->name, error);
}

static gboolean
insert_cluster (Import    *imp,
                CaCluster *cluster,
                GError   **error)
{
  sqlite3_stmt *s = imp->cluster;
  gboolean inserted = FALSE;
  int i = 1;

  sqlite3_bind_int64 (s, i++, imp->feed_id);
  bind_text (s, i++, cluster->id);
  bind_text (s, i++, cluster->name);
  bind_owned (s, i++, sort_key (cluster->name));
  bind_text (s, i++, cluster->acronym);
  bind_text (s, i++, cluster->country);
  bind_text (s, i++, cluster->region);
  bind_text (s, i++, cluster->city);
  bind_text (s, i++, cluster->established);
  bind_text (s, i++, cluster->legal_form);
  bind_text (s, i++, cluster->website);
  bind_text (s, i++, cluster->email);
  bind_text (s, i++, cluster->phone);
  bind_list (s, i++, cluster->languages);
  bind_text (s, i++, cluster->summary);
  bind_list (s, i++, cluster->objectives);
  bind_list (s, i++, cluster->activities);
  bind_list (s, i++, cluster->services);
  bind_list (s, i++, cluster->sectors);
  bind_list (s, i++, cluster->technology_fields);
  bind_list (s, i++, cluster->s3_priorities);
  bind_list (s, i++, cluster->labels);
  for (guint k = 0; k < CA_N_COMPOSITION; k++, i++)
    {
      if (cluster->composition[k] < 0)
        sqlite3_bind_null (s, i);
      else
        sqlite3_bind_int64 (s, i, cluster->composition[k]);
    }
  sqlite3_bind_int64 (s, i++, cluster->members != NULL ? cluster->members->len : 0);

  if (!insert_row (imp, s, &inserted, error))
    return FALSE;
  if (!inserted)
    {
      g_debug ("Skipped a second cluster “%s”", cluster->id);
      return TRUE;
    }
  imp->n_clusters++;

  for (guint p = 0; cluster->team != NULL && p < cluster->team->len; p++)
    if (!insert_person (imp, imp->team, cluster->id, p,
                        g_ptr_array_index (cluster->team, p), error))
      return FALSE;

  for (guint p = 0; cluster->networks != NULL && p < cluster->networks->len; p++)
    {
      const CaNetwork *network = g_ptr_array_index (cluster->networks, p);

      sqlite3_bind_int64 (imp->network, 1, imp->feed_id);
      bind_text (imp->network, 2, cluster->id);
      sqlite3_bind_int64 (imp->network, 3, p);
      bind_text (imp->network, 4, network->name);
      bind_text (imp->network, 5, network->url);
      if (!insert_row (imp, imp->network, NULL, error))
        return FALSE;
    }

  for (guint p = 0; cluster->members != NULL && p < cluster->members->len; p++)
    if (!insert_member (imp, cluster, p, g_ptr_array_index (cluster->members, p), error))
      return FALSE;

  {
    g_autofree char *objectives = ca_text_list_join ((const char * const *) cluster->objectives);

    doc_text (CA_SEARCH_CLUSTER, cluster->name, cluster->acronym, cluster->summary, objectives,
              imp->title, imp->body);
  }
  return add_doc (imp, CA_SEARCH_CLUSTER, cluster->id, 0, cluster->name, error);
}

static gboolean
insert_links (Import        *imp,
              sqlite3_stmt  *s,
              const char    *owner,
              char * const  *clusters,
              GError       **error)
{
  for (guint i = 0; clusters != NULL && clusters[i] != NULL; i++)
    {
      sqlite3_bind_int64 (s, 1, imp->feed_id);
      bind_text (s, 2, owner);
      bind_text (s, 3, clusters[i]);
      if (!insert_row (imp, s, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_project (Import    *imp,
                CaProject *project,
                GError   **error)
{
  sqlite3_stmt *s = imp->project;
  gboolean inserted = FALSE;
  int i = 1;

  sqlite3_bind_int64 (s, i++, imp->feed_id);
  bind_text (s, i++, project->id);
  bind_text (s, i++, project->title);
  bind_owned (s, i++, sort_key (project->title));
  bind_text (s, i++, project->acronym);
  bind_text (s, i++, project->programme);
  bind_text (s, i++, project->grant);
  bind_text (s, i++, project->start);
  bind_text (s, i++, project->end);
  if (project->has_budget)
    sqlite3_bind_double (s, i++, project->budget_amount);
  else
    sqlite3_bind_null (s, i++);
  bind_text (s, i++, project->budget_currency);
  bind_text (s, i++, project->role);
  bind_list (s, i++, project->clusters);
  bind_list (s, i++, project->partners);
  bind_text (s, i++, project->summary);
  bind_list (s, i++, project->objectives);
  bind_text (s, i++, project->website);

  if (!insert_row (imp, s, &inserted, error))
    return FALSE;
  if (!inserted)
    {
      g_debug ("Skipped a second project “%s”", project->id);
      return TRUE;
    }
  imp->n_projects++;

  if (!insert_links (imp, imp->project_cluster, project->id, project->clusters, error))
    return FALSE;

  doc_text (CA_SEARCH_PROJECT, project->title, project->acronym, project->summary, NULL,
            imp->title, imp->body);
  return add_doc (imp, CA_SEARCH_PROJECT, project->id, 0, project->title, error);
}

static gboolean
insert_event (Import   *imp,
              CaEvent  *event,
              GError  **error)
{
  sqlite3_stmt *s = imp->event;
  gboolean inserted = FALSE;
  gint64 end = MAX (event->end, event->start);
  int i = 1;

  sqlite3_bind_int64 (s, i++, imp->feed_id);
  bind_text (s, i++, event->id);
  bind_text (s, i++, event->title);
  sqlite3_bind_int64 (s, i++, event->start);
  sqlite3_bind_int64 (s, i++, event->end);
  sqlite3_bind_int64 (s, i++, event->all_day ? end + SECONDS_PER_DAY - 1 : end);
  sqlite3_bind_int (s, i++, event->has_end ? 1 : 0);
  sqlite3_bind_int (s, i++, event->all_day ? 1 : 0);
  bind_text (s, i++, event->timezone);
  bind_text (s, i++, ca_event_kind_to_string (event->kind));
  bind_text (s, i++, ca_event_status_to_string (event->status));
  bind_text (s, i++, event->venue);
  bind_text (s, i++, event->city);
  bind_text (s, i++, event->country);
  sqlite3_bind_int (s, i++, event->online < 0 ? -1 : event->online > 0);
  bind_text (s, i++, event->url);
  bind_text (s, i++, event->description);
  bind_list (s, i++, event->clusters);
  bind_text (s, i++, event->project);
  bind_list (s, i++, event->organizers);
  sqlite3_bind_int (s, i++, event->speakers != NULL ? event->speakers->len : 0);

  if (!insert_row (imp, s, &inserted, error))
    return FALSE;
  if (!inserted)
    {
      g_debug ("Skipped a second event “%s”", event->id);
      return TRUE;
    }
  imp->n_events++;

  if (!insert_links (imp, imp->event_cluster, event->id, event->clusters, error))
    return FALSE;

  for (guint p = 0; event->speakers != NULL && p < event->speakers->len; p++)
    if (!insert_person (imp, imp->speaker, event->id, p,
                        g_ptr_array_index (event->speakers, p), error))
      return FALSE;

  doc_text (CA_SEARCH_EVENT, event->title, NULL, event->venue, event->city,
            imp->title, imp->body);
  return add_doc (imp, CA_SEARCH_EVENT, event->id, 0, event->title, error);
}

static gboolean
prepare_import (Import  *imp,
                GError **error)
{
  Conn *c = imp->conn;

  return (imp->cluster = conn_stmt (c, SQL_INSERT_CLUSTER, error)) != NULL &&
         (imp->team = conn_stmt (c, SQL_INSERT_TEAM, error)) != NULL &&
         (imp->network = conn_stmt (c, SQL_INSERT_NETWORK, error)) != NULL &&
         (imp->member = conn_stmt (c, SQL_INSERT_MEMBER, error)) != NULL &&
         (imp->project = conn_stmt (c, SQL_INSERT_PROJECT, error)) != NULL &&
         (imp->project_cluster = conn_stmt (c, SQL_INSERT_PROJECT_CLUSTER, error)) != NULL &&
         (imp->event = conn_stmt (c, SQL_INSERT_EVENT, error)) != NULL &&
         (imp->event_cluster = conn_stmt (c, SQL_INSERT_EVENT_CLUSTER, error)) != NULL &&
         (imp->speaker = conn_stmt (c, SQL_INSERT_SPEAKER, error)) != NULL &&
         (imp->doc_row = conn_stmt (c, SQL_INSERT_DOC_ROW, error)) != NULL &&
         (imp->doc = conn_stmt (c, SQL_INSERT_DOC, error)) != NULL;
}

/* Unbinds every insert statement: SQLITE_STATIC bindings point into the feed. */
static void
finish_import (Import *imp)
{
  Stmt *stmts[] = {
    imp->cluster, imp->team, imp->network, imp->member, imp->project,
    imp->project_cluster, imp->event, imp->event_cluster, imp->speaker, imp->doc_row,
    imp->doc,
  };

  for (guint i = 0; i < G_N_ELEMENTS (stmts); i++)
    if (stmts[i] != NULL)
      stmt_release (stmts[i]);
  g_string_free (imp->title, TRUE);
  g_string_free (imp->body, TRUE);
}

/* Removes a feed's documents from the index; its records must still be there. */
static gboolean
delete_feed_docs (Conn    *c,
                  gint64   feed_id,
                  GError **error)
{
  gint64 first = feed_id << DOC_ID_SHIFT;
  gint64 last = ((feed_id + 1) << DOC_ID_SHIFT) - 1;
  gboolean others = FALSE;
  gboolean failed = FALSE;

  {
    g_autoptr(Stmt) stmt = conn_stmt (c, SQL_OTHER_DOCS, error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, first);
    sqlite3_bind_int64 (stmt, 2, last);
    if (!step_row (c, stmt, &failed, error))
      return failed ? FALSE : set_db_error (error, c->db, SQLITE_ERROR);
    others = sqlite3_column_int (stmt, 0) != 0;
  }

  if (!others)
    {
      /* The only feed in the index: empty it at once */
      g_autoptr(Stmt) stmt = conn_stmt (c, SQL_DELETE_ALL_DOCS, error);

      if (stmt == NULL || !step_done (c, stmt, error))
        return FALSE;
    }
  else
    {
      g_autoptr(GString) title = g_string_sized_new (256);
      g_autoptr(GString) body = g_string_sized_new (1024);
      g_autoptr(Stmt) remove = conn_stmt (c, SQL_DELETE_DOC, error);

      if (remove == NULL)
        return FALSE;
      for (guint kind = 0; kind < G_N_ELEMENTS (doc_sources); kind++)
        {
          g_autoptr(Stmt) source = conn_stmt (c, doc_sources[kind], error);

          if (source == NULL)
            return FALSE;
          sqlite3_bind_int64 (source, 1, first);
          sqlite3_bind_int64 (source, 2, last);
          sqlite3_bind_int64 (source, 3, feed_id);
          while (step_row (c, source, &failed, error))
            {
              doc_text (kind,
                        (const char *) sqlite3_column_text (source, 1),
                        (const char *) sqlite3_column_text (source, 2),
                        (const char *) sqlite3_column_text (source, 3),
                        (const char *) sqlite3_column_text (source, 4),
                        title, body);
              sqlite3_bind_int64 (remove, 1, sqlite3_column_int64 (source, 0));
              sqlite3_bind_text (remove, 2, title->str, title->len, SQLITE_STATIC);
              sqlite3_bind_text (remove, 3, body->str, body->len, SQLITE_STATIC);
              if (!step_done (c, remove, error))
                return FALSE;
            }
          if (failed)
            return FALSE;
        }
    }

  {
    g_autoptr(Stmt) stmt = conn_stmt (c, SQL_DELETE_DOC_ROWS, error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, first);
    sqlite3_bind_int64 (stmt, 2, last);
    return step_done (c, stmt, error);
  }
}

static gboolean
set_meta (Conn        *c,
          const char  *key,
          const char  *value,
          GError     **error)
{
  g_autoptr(Stmt) stmt = NULL;

  if ((stmt = conn_stmt (c, SQL_SET_META, error)) == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, value);
  return step_done (c, stmt, error);
}

/* Inside the transaction, before any record: the feed row from the feed's header,
 * then the feed's old records and their index entries out. */
static gboolean
import_begin (Import      *imp,
              const char  *key,
              CaFeed      *feed,
              GError     **error)
{
  Conn *c = imp->conn;

  {
    g_autoptr(Stmt) stmt = NULL;
    g_autoptr(GPtrArray) warnings = g_ptr_array_new ();
    gboolean failed = FALSE;

    for (guint i = 0; feed->warnings != NULL && i < feed->warnings->len; i++)
      g_ptr_array_add (warnings, g_ptr_array_index (feed->warnings, i));
    g_ptr_array_add (warnings, NULL);

    if ((stmt = conn_stmt (c, SQL_UPSERT_FEED, error)) == NULL)
      return FALSE;
    bind_text (stmt, 1, key);
    bind_text (stmt, 2, feed->publisher_name);
    bind_text (stmt, 3, feed->publisher_url);
    bind_text (stmt, 4, feed->generated);
    bind_list (stmt, 5, (char **) warnings->pdata);
    sqlite3_bind_int64 (stmt, 6, now_seconds ());
    if (!step_row (c, stmt, &failed, error))
      {
        if (!failed)
          set_db_error (error, c->db, SQLITE_ERROR);
        return FALSE;
      }
    imp->feed_id = sqlite3_column_int64 (stmt, 0);
  }

  /* The index first: unindexing reads the old records */
  if (!delete_feed_docs (c, imp->feed_id, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (delete_records); i++)
    {
      g_autoptr(Stmt) stmt = NULL;

      if ((stmt = conn_stmt (c, delete_records[i], error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, imp->feed_id);
      if (!step_done (c, stmt, error))
        return FALSE;
    }

  return prepare_import (imp, error);
}

static gboolean
import_record (Import   *imp,
               gpointer  record,
               GError  **error)
{
  if (CA_IS_CLUSTER (record))
    return insert_cluster (imp, record, error);
  if (CA_IS_PROJECT (record))
    return insert_project (imp, record, error);
  g_assert (CA_IS_EVENT (record));
  return insert_event (imp, record, error);
}

/* Inside the transaction, after the last record: what is only known at the end. */
static gboolean
import_end (Import      *imp,
            CaFeed      *feed,
            gboolean     mark_builtin,
            GError     **error)
{
  Conn *c = imp->conn;

  {
    g_autoptr(Stmt) stmt = NULL;
    g_autoptr(GPtrArray) warnings = g_ptr_array_new ();

    for (guint i = 0; feed->warnings != NULL && i < feed->warnings->len; i++)
      g_ptr_array_add (warnings, g_ptr_array_index (feed->warnings, i));
    g_ptr_array_add (warnings, NULL);

    if ((stmt = conn_stmt (c, SQL_FEED_WARNINGS, error)) == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, imp->feed_id);
    bind_list (stmt, 2, (char **) warnings->pdata);
    if (!step_done (c, stmt, error))
      return FALSE;
  }

  {
    g_autoptr(Stmt) stmt = NULL;

    if ((stmt = conn_stmt (c, SQL_FEED_COUNTS, error)) == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, imp->feed_id);
    sqlite3_bind_int64 (stmt, 2, imp->n_clusters);
    sqlite3_bind_int64 (stmt, 3, imp->n_members);
    sqlite3_bind_int64 (stmt, 4, imp->n_projects);
    sqlite3_bind_int64 (stmt, 5, imp->n_events);
    if (!step_done (c, stmt, error))
      return FALSE;
  }

  if (mark_builtin && !set_meta (c, META_BUILTIN_LOADED, "1", error))
    return FALSE;

  return TRUE;
}

/* Inside the transaction: the feed row, then every record anew. */
static gboolean
import_records (Import      *imp,
                const char  *key,
                CaFeed      *feed,
                gboolean     mark_builtin,
                GError     **error)
{
  GPtrArray *sections[] = { feed->clusters, feed->projects, feed->events };

  if (!import_begin (imp, key, feed, error))
    return FALSE;
  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    for (guint i = 0; sections[s] != NULL && i < sections[s]->len; i++)
      if (!import_record (imp, g_ptr_array_index (sections[s], i), error))
        return FALSE;
  return import_end (imp, feed, mark_builtin, error);
}

/* With the writer lock held. */
static gboolean
replace_feed_locked (CaStore     *self,
                     const char  *key,
                     CaFeed      *feed,
                     gboolean     mark_builtin,
                     GError     **error)
{
  Conn *c = &self->writer;
  Import imp = { 0 };
  gboolean ok;
  gint64 started = g_get_monotonic_time ();

  imp.self = self;
  imp.conn = c;
  imp.title = g_string_sized_new (256);
  imp.body = g_string_sized_new (1024);

  if (!conn_exec (c, "BEGIN IMMEDIATE", error))
    {
      finish_import (&imp);
      return FALSE;
    }

  ok = import_records (&imp, key, feed, mark_builtin, error) && conn_exec (c, "COMMIT", error);
  if (!ok)
    conn_rollback (c);
  finish_import (&imp);

  if (ok)
    g_debug ("Imported feed %s: %u clusters, %u members, %u projects, %u events in %.0f ms",
             key, imp.n_clusters, imp.n_members, imp.n_projects, imp.n_events,
             (g_get_monotonic_time () - started) / 1000.0);
  return ok;
}

/* }}} */

/* {{{ Reading records */

#define CLUSTER_COLUMNS \
  "c.feed, f.key, c.id, c.name, c.acronym, c.country, c.region, c.city, c.established," \
  " c.legal_form, c.website, c.email, c.phone, c.languages, c.summary, c.objectives," \
  " c.activities, c.services, c.sectors, c.technology_fields, c.s3_priorities, c.labels," \
  " c.comp_members, c.comp_smes, c.comp_startups, c.comp_large_companies, c.comp_research," \
  " c.comp_civil_society, c.comp_other, c.n_members"

static CaCluster *
cluster_from_row (sqlite3_stmt *s)
{
  CaCluster *cluster = ca_cluster_new ();
  int i = 1;

  cluster->feed = col_str (s, i++);
  cluster->id = col_str (s, i++);
  cluster->name = col_str (s, i++);
  cluster->acronym = col_str (s, i++);
  cluster->country = col_str (s, i++);
  cluster->region = col_str (s, i++);
  cluster->city = col_str (s, i++);
  cluster->established = col_str (s, i++);
  cluster->legal_form = col_str (s, i++);
  cluster->website = col_str (s, i++);
  cluster->email = col_str (s, i++);
  cluster->phone = col_str (s, i++);
  cluster->languages = col_list (s, i++);
  cluster->summary = col_str (s, i++);
  cluster->objectives = col_list (s, i++);
  cluster->activities = col_list (s, i++);
  cluster->services = col_list (s, i++);
  cluster->sectors = col_list (s, i++);
  cluster->technology_fields = col_list (s, i++);
  cluster->s3_priorities = col_list (s, i++);
  cluster->labels = col_list (s, i++);
  for (guint k = 0; k < CA_N_COMPOSITION; k++, i++)
    cluster->composition[k] = sqlite3_column_type (s, i) == SQLITE_NULL
                              ? -1 : sqlite3_column_int64 (s, i);
  cluster->n_members = sqlite3_column_int (s, i++);
  return cluster;
}

#define MEMBER_COLUMNS \
  "m.feed, f.key, m.cluster, m.position, m.id, m.name, m.kind, m.city, m.country, m.website," \
  " m.sectors, m.description, m.joined"

static CaMember *
member_from_row (sqlite3_stmt *s)
{
  CaMember *member = ca_member_new ();
  int kind;
  int i = 1;

  member->feed = col_str (s, i++);
  member->cluster = col_str (s, i++);
  member->position = sqlite3_column_int (s, i++);
  member->id = col_str (s, i++);
  member->name = col_str (s, i++);
  kind = ca_member_kind_from_string ((const char *) sqlite3_column_text (s, i++));
  member->kind = kind >= 0 ? (CaMemberKind) kind : CA_MEMBER_KIND_OTHER;
  member->city = col_str (s, i++);
  member->country = col_str (s, i++);
  member->website = col_str (s, i++);
  member->sectors = col_list (s, i++);
  member->description = col_str (s, i++);
  member->joined = col_str (s, i++);
  return member;
}

#define PROJECT_COLUMNS \
  "p.feed, f.key, p.id, p.title, p.acronym, p.programme, p.grant_no, p.start_date," \
  " p.end_date, p.budget_amount, p.budget_currency, p.role, p.clusters, p.partners," \
  " p.summary, p.objectives, p.website"

static CaProject *
project_from_row (sqlite3_stmt *s)
{
  CaProject *project = ca_project_new ();
  int i = 1;

  project->feed = col_str (s, i++);
  project->id = col_str (s, i++);
  project->title = col_str (s, i++);
  project->acronym = col_str (s, i++);
  project->programme = col_str (s, i++);
  project->grant = col_str (s, i++);
  project->start = col_str (s, i++);
  project->end = col_str (s, i++);
  project->has_budget = sqlite3_column_type (s, i) != SQLITE_NULL;
  project->budget_amount = project->has_budget ? sqlite3_column_double (s, i) : 0.0;
  i++;
  project->budget_currency = col_str (s, i++);
  project->role = col_str (s, i++);
  project->clusters = col_list (s, i++);
  project->partners = col_list (s, i++);
  project->summary = col_str (s, i++);
  project->objectives = col_list (s, i++);
  project->website = col_str (s, i++);
  return project;
}

/* The last column is the starred flag, the one before it n_speakers. */
#define EVENT_COLUMNS \
  "e.feed, f.key, e.id, e.title, e.start_time, e.end_time, e.has_end, e.all_day, e.timezone," \
  " e.kind, e.status, e.venue, e.city, e.country, e.online, e.url, e.description, e.clusters," \
  " e.project, e.organizers, e.n_speakers, st.event_id IS NOT NULL"

#define EVENT_STAR_JOIN "stars st ON st.feed_key = f.key AND st.event_id = e.id"

static CaEvent *
event_from_row (sqlite3_stmt *s,
                guint        *n_speakers)
{
  CaEvent *event = ca_event_new ();
  int value;
  int i = 1;

  event->feed = col_str (s, i++);
  event->id = col_str (s, i++);
  event->title = col_str (s, i++);
  event->start = sqlite3_column_int64 (s, i++);
  event->end = sqlite3_column_int64 (s, i++);
  event->has_end = sqlite3_column_int (s, i++) != 0;
  event->all_day = sqlite3_column_int (s, i++) != 0;
  event->timezone = col_str (s, i++);
  value = ca_event_kind_from_string ((const char *) sqlite3_column_text (s, i++));
  event->kind = value >= 0 ? (CaEventKind) value : CA_EVENT_KIND_OTHER;
  value = ca_event_status_from_string ((const char *) sqlite3_column_text (s, i++));
  event->status = value >= 0 ? (CaEventStatus) value : CA_EVENT_STATUS_SCHEDULED;
  event->venue = col_str (s, i++);
  event->city = col_str (s, i++);
  event->country = col_str (s, i++);
  value = sqlite3_column_int (s, i++);
  event->online = CLAMP (value, -1, 1);
  event->url = col_str (s, i++);
  event->description = col_str (s, i++);
  event->clusters = col_list (s, i++);
  event->project = col_str (s, i++);
  event->organizers = col_list (s, i++);
  *n_speakers = sqlite3_column_int (s, i++);
  event->starred = sqlite3_column_int (s, i++) != 0;
  return event;
}

static CaPerson *
person_from_row (sqlite3_stmt *s)
{
  CaPerson *person = ca_person_new ();

  person->name = col_str (s, 0);
  person->role = col_str (s, 1);
  person->email = col_str (s, 2);
  person->phone = col_str (s, 3);
  return person;
}

/* Appends the people of (feed, owner) from a "SELECT name, role, email, phone" query. */
static gboolean
load_people (Conn        *c,
             const char  *sql,
             gint64       feed_id,
             const char  *owner,
             GPtrArray   *people,
             GError     **error)
{
  g_autoptr(Stmt) stmt = NULL;
  gboolean failed = FALSE;

  if ((stmt = conn_stmt (c, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  bind_text (stmt, 2, owner);
  while (step_row (c, stmt, &failed, error))
    g_ptr_array_add (people, person_from_row (stmt));
  return !failed;
}

#define SQL_SPEAKERS \
  "SELECT name, role, email, phone FROM event_speakers WHERE feed = ?1 AND event = ?2" \
  " ORDER BY position"

/* Runs an event query and reads the events with their speakers. */
static GPtrArray *
read_events (Conn          *c,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) feed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) with_speakers = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean failed = FALSE;

  while (step_row (c, stmt, &failed, error))
    {
      guint n_speakers = 0;
      gint64 feed_id = sqlite3_column_int64 (stmt, 0);
      guint index = events->len;

      g_ptr_array_add (events, event_from_row (stmt, &n_speakers));
      if (n_speakers > 0)
        {
          g_array_append_val (feed_ids, feed_id);
          g_array_append_val (with_speakers, index);
        }
    }
  if (failed)
    return NULL;
  /* Release the read transaction before the speaker look-ups. */
  sqlite3_reset (stmt);

  for (guint i = 0; i < with_speakers->len; i++)
    {
      CaEvent *event = g_ptr_array_index (events, g_array_index (with_speakers, guint, i));

      if (!load_people (c, SQL_SPEAKERS, g_array_index (feed_ids, gint64, i), event->id,
                        event->speakers, error))
        return NULL;
    }
  return g_steal_pointer (&events);
}

#define FEED_COLUMNS \
  "key, title, publisher_url, generated, etag, last_modified, last_sync, last_attempt," \
  " last_error, hidden, n_clusters, n_members, n_projects, n_events, warnings"

static CaFeedInfo *
feed_info_from_row (sqlite3_stmt *s)
{
  CaFeedInfo *info = g_new0 (CaFeedInfo, 1);
  int i = 0;

  info->key = col_str (s, i++);
  info->title = col_str (s, i++);
  info->publisher_url = col_str (s, i++);
  info->generated = col_str (s, i++);
  info->etag = col_str (s, i++);
  info->last_modified = col_str (s, i++);
  info->last_sync = sqlite3_column_int64 (s, i++);
  info->last_attempt = sqlite3_column_int64 (s, i++);
  info->last_error = col_str (s, i++);
  info->hidden = sqlite3_column_int (s, i++) != 0;
  info->n_clusters = sqlite3_column_int (s, i++);
  info->n_members = sqlite3_column_int (s, i++);
  info->n_projects = sqlite3_column_int (s, i++);
  info->n_events = sqlite3_column_int (s, i++);
  info->warnings = col_list (s, i++);
  if (info->warnings == NULL)
    info->warnings = g_new0 (char *, 1);
  return info;
}

static gboolean
set_not_found (GError     **error,
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

/* {{{ Search */

static gboolean
has_token_char (const char *word)
{
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_isalnum (ch) || g_unichar_type (ch) == G_UNICODE_PRIVATE_USE)
        return TRUE;
    }
  return FALSE;
}

/* "ict clu" → "ict"* AND "clu"*: every word a quoted prefix, so that no
 * input reaches the FTS5 query syntax. NULL when nothing is searchable. */
static char *
build_match (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *match = g_string_new (NULL);
  const char *p = valid;
  guint n_words = 0;

  while (*p != '\0' && n_words < MAX_SEARCH_WORDS)
    {
      const char *start;
      g_autofree char *word = NULL;
      guint n_chars = 0;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          n_chars++;
        }
      if (p == start)
        break;

      word = g_strndup (start, p - start);
      if (n_chars > MAX_WORD_CHARS)
        *g_utf8_offset_to_pointer (word, MAX_WORD_CHARS) = '\0';
      if (!has_token_char (word))
        continue;

      if (n_words++ > 0)
        g_string_append (match, " AND ");
      g_string_append_c (match, '"');
      for (const char *q = word; *q != '\0'; q++)
        {
          if (*q == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, *q);
        }
      g_string_append (match, "\"*");
    }

  if (n_words == 0)
    {
      g_string_free (match, TRUE);
      return NULL;
    }
  return g_string_free (match, FALSE);
}

/* The inner query ranks the matches on the index alone; only the best
 * rows are then looked up. */
#define SQL_SEARCH \
  "SELECT d.kind, f.key, d.ref, d.pos, d.display" \
  " FROM (SELECT rowid, rank FROM search" \
  "       WHERE search MATCH ?1" \
  "         AND NOT EXISTS (SELECT 1 FROM feeds WHERE id = search.rowid >> 40 AND hidden)" \
  "       ORDER BY rank LIMIT ?2) AS top" \
  " JOIN search_docs d ON d.id = top.rowid" \
  " JOIN feeds f ON f.id = top.rowid >> 40" \
  " ORDER BY top.rank, top.rowid"

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
}

/* }}} */

/* {{{ Public API */

void
ca_feed_info_free (CaFeedInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->key);
  g_free (info->title);
  g_free (info->publisher_url);
  g_free (info->generated);
  g_free (info->etag);
  g_free (info->last_modified);
  g_free (info->last_error);
  g_strfreev (info->warnings);
  g_free (info);
}

void
ca_search_hit_free (CaSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->feed);
  g_free (hit->id);
  g_free (hit->title);
  g_free (hit);
}

char *
ca_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "cluster-atlas", "atlas.db", NULL);
}

CaStore *
ca_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(CaStore) self = NULL;
  g_autofree char *dir = NULL;
  OpenResult result;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

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

  self = g_object_new (CA_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  result = open_writer (self, error);
  if (result == OPEN_DAMAGED || result == OPEN_NEWER)
    {
      conn_close (&self->writer);
      if (!move_aside (self, error))
        return NULL;
      self->moved_newer = result == OPEN_NEWER;

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
  if (self->moved_newer)
    /* Translators: %s is a file path */
    return g_strdup_printf (_("The offline data was written by a newer version of Cluster "
                              "Atlas and has been set aside as %s. It is rebuilt from the "
                              "feeds."), self->moved_aside);
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

/* Feeds */

gboolean
ca_store_add_feed (CaStore     *self,
                   const char  *key,
                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if ((stmt = conn_stmt (&self->writer,
                         "INSERT INTO feeds (key) VALUES (?1) ON CONFLICT (key) DO NOTHING",
                         error)) == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  return step_done (&self->writer, stmt, error);
}

gboolean
ca_store_remove_feed (CaStore     *self,
                      const char  *key,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Conn *c = &self->writer;
  gint64 feed_id = 0;
  gboolean found = FALSE;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&c->lock);
  if (!conn_exec (c, "BEGIN IMMEDIATE", error))
    return FALSE;

  {
    g_autoptr(Stmt) stmt = conn_stmt (c, "SELECT id FROM feeds WHERE key = ?1", error);

    if (stmt == NULL)
      failed = TRUE;
    else
      {
        bind_text (stmt, 1, key);
        if ((found = step_row (c, stmt, &failed, error)))
          feed_id = sqlite3_column_int64 (stmt, 0);
      }
  }

  if (!failed && found)
    {
      g_autoptr(Stmt) stmt = NULL;

      /* The records go with the feed row (ON DELETE CASCADE); stars stay. */
      failed = !delete_feed_docs (c, feed_id, error) ||
               (stmt = conn_stmt (c, "DELETE FROM feeds WHERE id = ?1", error)) == NULL;
      if (!failed)
        {
          sqlite3_bind_int64 (stmt, 1, feed_id);
          failed = !step_done (c, stmt, error);
        }
    }

  if (failed || !found || !conn_exec (c, "COMMIT", error))
    {
      conn_rollback (c);
      if (!failed && !found)
        set_not_found (error, key, NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
ca_store_has_feed (CaStore    *self,
                   const char *key)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = conn_stmt (&self->reader, "SELECT 1 FROM feeds WHERE key = ?1", NULL)) == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  return step_row (&self->reader, stmt, &failed, NULL);
}

GPtrArray *
ca_store_list_feeds (CaStore  *self,
                     GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = conn_stmt (&self->reader, "SELECT " FEED_COLUMNS " FROM feeds ORDER BY id",
                         error)) == NULL)
    return NULL;
  feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_feed_info_free);
  while (step_row (&self->reader, stmt, &failed, error))
    g_ptr_array_add (feeds, feed_info_from_row (stmt));
  return failed ? NULL : g_steal_pointer (&feeds);
}

CaFeedInfo *
ca_store_get_feed_info (CaStore     *self,
                        const char  *key,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = conn_stmt (&self->reader, "SELECT " FEED_COLUMNS " FROM feeds WHERE key = ?1",
                         error)) == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  if (step_row (&self->reader, stmt, &failed, error))
    return feed_info_from_row (stmt);
  if (!failed)
    set_not_found (error, key, NULL);
  return NULL;
}

/* Steps an UPDATE of one feed on the writer; NOT_FOUND when no row changed. */
static gboolean
finish_feed_update (CaStore     *self,
                    Stmt        *stmt,
                    const char  *key,
                    GError     **error)
{
  if (!step_done (&self->writer, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->writer.db) == 0)
    return set_not_found (error, key, NULL);
  return TRUE;
}

gboolean
ca_store_set_feed_hidden (CaStore     *self,
                          const char  *key,
                          gboolean     hidden,
                          GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if ((stmt = conn_stmt (&self->writer, "UPDATE feeds SET hidden = ?2 WHERE key = ?1",
                         error)) == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  sqlite3_bind_int (stmt, 2, hidden ? 1 : 0);
  return finish_feed_update (self, stmt, key, error);
}

gboolean
ca_store_set_feed_validators (CaStore     *self,
                              const char  *key,
                              const char  *etag,
                              const char  *last_modified,
                              GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if ((stmt = conn_stmt (&self->writer,
                         "UPDATE feeds SET etag = ?2, last_modified = ?3 WHERE key = ?1",
                         error)) == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, etag);
  bind_text (stmt, 3, last_modified);
  return finish_feed_update (self, stmt, key, error);
}

gboolean
ca_store_record_feed_error (CaStore     *self,
                            const char  *key,
                            const char  *message,
                            GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if ((stmt = conn_stmt (&self->writer,
                         "UPDATE feeds SET last_error = ?2, last_attempt = ?3 WHERE key = ?1",
                         error)) == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, message);
  sqlite3_bind_int64 (stmt, 3, now_seconds ());
  return finish_feed_update (self, stmt, key, error);
}

gint64
ca_store_get_data_time (CaStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), 0);

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = conn_stmt (&self->reader,
                         "SELECT coalesce (max (last_sync), 0) FROM feeds WHERE hidden = 0",
                         NULL)) == NULL)
    return 0;
  if (!step_row (&self->reader, stmt, &failed, NULL))
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
ca_store_replace_feed (CaStore     *self,
                       const char  *key,
                       CaFeed      *feed,
                       GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (CA_IS_FEED (feed), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  return replace_feed_locked (self, key, feed, FALSE, error);
}

struct _CaStoreImport
{
  CaStore  *store;
  Import    imp;
};

static void
import_free (CaStoreImport *import,
             gboolean       rollback)
{
  if (rollback)
    conn_rollback (&import->store->writer);
  finish_import (&import->imp);
  g_mutex_unlock (&import->store->writer.lock);
  g_object_unref (import->store);
  g_free (import);
}

CaStoreImport *
ca_store_import_begin (CaStore     *self,
                       const char  *key,
                       CaFeed      *header,
                       GError     **error)
{
  CaStoreImport *import;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (CA_IS_FEED (header), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  import = g_new0 (CaStoreImport, 1);
  import->store = g_object_ref (self);
  import->imp.self = self;
  import->imp.conn = &self->writer;
  import->imp.title = g_string_sized_new (256);
  import->imp.body = g_string_sized_new (1024);

  g_mutex_lock (&self->writer.lock);
  if (!conn_exec (&self->writer, "BEGIN IMMEDIATE", error))
    {
      import_free (import, FALSE);
      return NULL;
    }
  if (!import_begin (&import->imp, key, header, error))
    {
      import_free (import, TRUE);
      return NULL;
    }
  return import;
}

gboolean
ca_store_import_add (CaStoreImport  *import,
                     GPtrArray      *records,
                     GError        **error)
{
  g_return_val_if_fail (import != NULL, FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  for (guint i = 0; i < records->len; i++)
    if (!import_record (&import->imp, g_ptr_array_index (records, i), error))
      return FALSE;
  return TRUE;
}

gboolean
ca_store_import_commit (CaStoreImport  *import,
                        CaFeed         *feed,
                        GError        **error)
{
  gboolean ok;

  g_return_val_if_fail (import != NULL, FALSE);
  g_return_val_if_fail (CA_IS_FEED (feed), FALSE);

  ok = import_end (&import->imp, feed, FALSE, error) &&
       conn_exec (&import->store->writer, "COMMIT", error);
  import_free (import, !ok);
  return ok;
}

void
ca_store_import_abort (CaStoreImport *import)
{
  g_return_if_fail (import != NULL);
  import_free (import, TRUE);
}

/* The parser's sink, writing each batch while the workers parse the next ones */
typedef struct {
  CaStore       *store;
  const char    *key;
  CaStoreImport *import;
} ImportSink;

static gboolean
sink_begin (CaFeed    *header,
            gpointer   user_data,
            GError   **error)
{
  ImportSink *sink = user_data;

  sink->import = ca_store_import_begin (sink->store, sink->key, header, error);
  return sink->import != NULL;
}

static gboolean
sink_records (GPtrArray  *records,
              gpointer    user_data,
              GError    **error)
{
  ImportSink *sink = user_data;
  return ca_store_import_add (sink->import, records, error);
}

static void
sink_abort (gpointer user_data)
{
  ImportSink *sink = user_data;

  if (sink->import != NULL)
    ca_store_import_abort (g_steal_pointer (&sink->import));
}

static const CaFeedSink import_sink = { sink_begin, sink_records, sink_abort };

CaFeed *
ca_store_import_bytes (CaStore       *self,
                       const char    *key,
                       CaFeedParser  *parser,
                       GBytes        *bytes,
                       GError       **error)
{
  ImportSink sink = { self, key, NULL };
  g_autoptr(CaFeed) feed = NULL;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (CA_IS_FEED_PARSER (parser), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  feed = ca_feed_parser_parse_to_sink (parser, bytes, key, &import_sink, &sink, error);
  if (feed == NULL)
    return NULL;
  g_assert (sink.import != NULL);
  if (!ca_store_import_commit (g_steal_pointer (&sink.import), feed, error))
    return NULL;
  return g_steal_pointer (&feed);
}

/* Whether the built-in feed was ever loaded (or, from before the mark, is there). */
static gboolean
builtin_loaded (CaStore  *self,
                gboolean *loaded,
                GError  **error)
{
  Conn *c = &self->writer;
  g_autoptr(Stmt) stmt = NULL;
  gboolean failed = FALSE;

  if ((stmt = conn_stmt (c,
                         "SELECT EXISTS (SELECT 1 FROM meta WHERE key = ?1)"
                         " OR EXISTS (SELECT 1 FROM feeds WHERE key = ?2 AND last_sync > 0)",
                         error)) == NULL)
    return FALSE;
  bind_text (stmt, 1, META_BUILTIN_LOADED);
  bind_text (stmt, 2, CA_FEED_BUILTIN);
  if (!step_row (c, stmt, &failed, error))
    return failed ? FALSE : set_db_error (error, c->db, SQLITE_ERROR);
  *loaded = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

gboolean
ca_store_ensure_builtin (CaStore  *self,
                         GBytes   *builtin_feed,
                         GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(CaFeedParser) parser = NULL;
  g_autoptr(CaFeed) feed = NULL;
  gboolean loaded = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (builtin_feed != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if (!builtin_loaded (self, &loaded, error))
    return FALSE;
  if (loaded)   /* and mark a built-in feed stored before the mark existed */
    return set_meta (&self->writer, META_BUILTIN_LOADED, "1", error);

  /* Parse without holding the writer */
  g_clear_pointer (&locker, g_mutex_locker_free);
  parser = ca_feed_parser_new ();
  if ((feed = ca_feed_parser_parse (parser, builtin_feed, CA_FEED_BUILTIN, error)) == NULL)
    return FALSE;

  locker = g_mutex_locker_new (&self->writer.lock);
  if (!builtin_loaded (self, &loaded, error))
    return FALSE;
  if (loaded)   /* by another thread meanwhile */
    return TRUE;
  return replace_feed_locked (self, CA_FEED_BUILTIN, feed, TRUE, error);
}

/* Queries */

GPtrArray *
ca_store_list_clusters (CaStore  *self,
                        GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = conn_stmt (&self->reader,
                         "SELECT " CLUSTER_COLUMNS
                         " FROM clusters c JOIN feeds f ON f.id = c.feed WHERE f.hidden = 0"
                         " ORDER BY c.sort_name, f.id, c.id",
                         error)) == NULL)
    return NULL;
  clusters = g_ptr_array_new_with_free_func (g_object_unref);
  while (step_row (&self->reader, stmt, &failed, error))
    g_ptr_array_add (clusters, cluster_from_row (stmt));
  return failed ? NULL : g_steal_pointer (&clusters);
}

CaCluster *
ca_store_get_cluster (CaStore     *self,
                      const char  *feed,
                      const char  *id,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(CaCluster) cluster = NULL;
  Conn *c = &self->reader;
  gboolean failed = FALSE;
  gint64 feed_id = 0;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (feed != NULL && id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&c->lock);

  /* One read transaction, so the parts come from the same import. */
  if (!conn_exec (c, "BEGIN", error))
    return NULL;

  {
    g_autoptr(Stmt) stmt = conn_stmt (c,
                                      "SELECT " CLUSTER_COLUMNS
                                      " FROM clusters c JOIN feeds f ON f.id = c.feed"
                                      " WHERE f.key = ?1 AND c.id = ?2 AND f.hidden = 0",
                                      error);
    if (stmt == NULL)
      failed = TRUE;
    else
      {
        bind_text (stmt, 1, feed);
        bind_text (stmt, 2, id);
        if (step_row (c, stmt, &failed, error))
          {
            cluster = cluster_from_row (stmt);
            feed_id = sqlite3_column_int64 (stmt, 0);
          }
        else if (!failed)
          {
            set_not_found (error, feed, id);
            failed = TRUE;
          }
      }
  }

  if (!failed)
    failed = !load_people (c,
                           "SELECT name, role, email, phone FROM cluster_team"
                           " WHERE feed = ?1 AND cluster = ?2 ORDER BY position",
                           feed_id, id, cluster->team, error);

  if (!failed)
    {
      g_autoptr(Stmt) stmt = conn_stmt (c,
                                        "SELECT name, url FROM cluster_networks"
                                        " WHERE feed = ?1 AND cluster = ?2 ORDER BY position",
                                        error);
      if (stmt == NULL)
        failed = TRUE;
      else
        {
          sqlite3_bind_int64 (stmt, 1, feed_id);
          bind_text (stmt, 2, id);
          while (step_row (c, stmt, &failed, error))
            {
              CaNetwork *network = ca_network_new ();

              network->name = col_str (stmt, 0);
              network->url = col_str (stmt, 1);
              g_ptr_array_add (cluster->networks, network);
            }
        }
    }

  if (!failed)
    {
      g_autoptr(Stmt) stmt = conn_stmt (c,
                                        "SELECT " MEMBER_COLUMNS
                                        " FROM members m JOIN feeds f ON f.id = m.feed"
                                        " WHERE m.feed = ?1 AND m.cluster = ?2"
                                        " ORDER BY m.position",
                                        error);
      if (stmt == NULL)
        failed = TRUE;
      else
        {
          sqlite3_bind_int64 (stmt, 1, feed_id);
          bind_text (stmt, 2, id);
          while (step_row (c, stmt, &failed, error))
            g_ptr_array_add (cluster->members, member_from_row (stmt));
        }
    }

  if (failed)
    {
      conn_rollback (c);
      return NULL;
    }
  if (!conn_exec (c, "COMMIT", error))
    {
      conn_rollback (c);
      return NULL;
    }
  return g_steal_pointer (&cluster);
}

typedef struct {
  CaMember  *member;
  GPtrArray *clusters;
} MemberGroup;

static void
member_group_free (gpointer data)
{
  MemberGroup *group = data;

  g_clear_object (&group->member);
  if (group->clusters != NULL)
    g_ptr_array_free (group->clusters, TRUE);
  g_free (group);
}

GPtrArray *
ca_store_list_members (CaStore  *self,
                       int       kind,
                       GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GHashTable) groups = NULL;
  g_autoptr(GPtrArray) order = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (kind >= -1 && kind < CA_N_MEMBER_KINDS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  if (kind < 0)
    stmt = conn_stmt (&self->reader,
                      "SELECT " MEMBER_COLUMNS
                      " FROM members m JOIN feeds f ON f.id = m.feed WHERE f.hidden = 0"
                      " ORDER BY m.sort_name, m.name, m.feed, m.cluster, m.position",
                      error);
  else
    stmt = conn_stmt (&self->reader,
                      "SELECT " MEMBER_COLUMNS
                      " FROM members m JOIN feeds f ON f.id = m.feed"
                      " WHERE f.hidden = 0 AND m.kind = ?1"
                      " ORDER BY m.sort_name, m.name, m.feed, m.cluster, m.position",
                      error);
  if (stmt == NULL)
    return NULL;
  if (kind >= 0)
    bind_text (stmt, 1, ca_member_kind_to_string (kind));

  /* One entry per organisation: (feed, id), or (feed, name) without an id. */
  groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  order = g_ptr_array_new_with_free_func (member_group_free);
  while (step_row (&self->reader, stmt, &failed, error))
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 4);
      const char *name = (const char *) sqlite3_column_text (stmt, 5);
      const char *cluster = (const char *) sqlite3_column_text (stmt, 2);
      char *group_key = g_strdup_printf ("%" G_GINT64_FORMAT "%c%c%s",
                                         (gint64) sqlite3_column_int64 (stmt, 0),
                                         CA_TEXT_UNIT_SEP,
                                         id != NULL ? 'i' : 'n',
                                         id != NULL ? id : name != NULL ? name : "");
      MemberGroup *group = g_hash_table_lookup (groups, group_key);
      gboolean listed = FALSE;

      if (group == NULL)
        {
          group = g_new0 (MemberGroup, 1);
          group->member = member_from_row (stmt);
          group->clusters = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (order, group);
          g_hash_table_insert (groups, group_key, group);
        }
      else
        g_free (group_key);

      for (guint i = 0; i < group->clusters->len && !listed; i++)
        listed = g_strcmp0 (g_ptr_array_index (group->clusters, i), cluster) == 0;
      if (!listed)
        g_ptr_array_add (group->clusters, g_strdup (cluster));
    }
  if (failed)
    return NULL;

  members = g_ptr_array_new_full (order->len, g_object_unref);
  for (guint i = 0; i < order->len; i++)
    {
      MemberGroup *group = g_ptr_array_index (order, i);

      g_ptr_array_add (group->clusters, NULL);
      group->member->clusters = (char **) g_ptr_array_free (group->clusters, FALSE);
      group->clusters = NULL;
      g_ptr_array_add (members, g_steal_pointer (&group->member));
    }
  return g_steal_pointer (&members);
}

GPtrArray *
ca_store_list_projects (CaStore     *self,
                        const char  *feed,
                        const char  *cluster,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(Stmt) stmt = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sql = g_string_new ("SELECT " PROJECT_COLUMNS
                      " FROM projects p JOIN feeds f ON f.id = p.feed WHERE f.hidden = 0");
  if (feed != NULL)
    g_string_append (sql, " AND f.key = ?1");
  if (cluster != NULL)
    g_string_append (sql, " AND EXISTS (SELECT 1 FROM project_clusters pc"
                          " WHERE pc.feed = p.feed AND pc.project = p.id AND pc.cluster = ?2)");
  g_string_append (sql, " ORDER BY p.start_date IS NULL, p.start_date, p.sort_title, p.title,"
                        " f.id, p.id");

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = conn_stmt (&self->reader, sql->str, error)) == NULL)
    return NULL;
  if (feed != NULL)
    bind_text (stmt, 1, feed);
  if (cluster != NULL)
    bind_text (stmt, 2, cluster);

  projects = g_ptr_array_new_with_free_func (g_object_unref);
  while (step_row (&self->reader, stmt, &failed, error))
    g_ptr_array_add (projects, project_from_row (stmt));
  return failed ? NULL : g_steal_pointer (&projects);
}

CaProject *
ca_store_get_project (CaStore     *self,
                      const char  *feed,
                      const char  *id,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (feed != NULL && id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = conn_stmt (&self->reader,
                         "SELECT " PROJECT_COLUMNS
                         " FROM projects p JOIN feeds f ON f.id = p.feed"
                         " WHERE f.key = ?1 AND p.id = ?2 AND f.hidden = 0",
                         error)) == NULL)
    return NULL;
  bind_text (stmt, 1, feed);
  bind_text (stmt, 2, id);
  if (step_row (&self->reader, stmt, &failed, error))
    return project_from_row (stmt);
  if (!failed)
    set_not_found (error, feed, id);
  return NULL;
}

GPtrArray *
ca_store_list_events (CaStore             *self,
                      const CaEventQuery  *query,
                      GError             **error)
{
  static const CaEventQuery any = CA_EVENT_QUERY_INIT;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(Stmt) stmt = NULL;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (query == NULL)
    query = &any;

  sql = g_string_new ("SELECT " EVENT_COLUMNS " FROM events e JOIN feeds f ON f.id = e.feed");
  g_string_append (sql, query->starred_only ? " JOIN " EVENT_STAR_JOIN
                                            : " LEFT JOIN " EVENT_STAR_JOIN);
  g_string_append (sql, " WHERE f.hidden = 0");
  if (query->from != 0)
    g_string_append (sql, " AND e.stop_time >= ?1");
  if (query->to != 0)
    g_string_append (sql, " AND e.start_time < ?2");
  if (query->feed != NULL)
    g_string_append (sql, " AND f.key = ?3");
  if (query->cluster != NULL)
    g_string_append (sql, " AND EXISTS (SELECT 1 FROM event_clusters ec"
                          " WHERE ec.feed = e.feed AND ec.event = e.id AND ec.cluster = ?4)");
  if (query->project != NULL)
    g_string_append (sql, " AND e.project = ?5");
  if (query->kind >= 0)
    g_string_append (sql, " AND e.kind = ?6");
  g_string_append (sql, " ORDER BY e.start_time, e.end_time, f.id, e.id");

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = conn_stmt (&self->reader, sql->str, error)) == NULL)
    return NULL;
  if (query->from != 0)
    sqlite3_bind_int64 (stmt, 1, query->from);
  if (query->to != 0)
    sqlite3_bind_int64 (stmt, 2, query->to);
  if (query->feed != NULL)
    bind_text (stmt, 3, query->feed);
  if (query->cluster != NULL)
    bind_text (stmt, 4, query->cluster);
  if (query->project != NULL)
    bind_text (stmt, 5, query->project);
  if (query->kind >= 0)
    bind_text (stmt, 6, query->kind < CA_N_EVENT_KINDS ? ca_event_kind_to_string (query->kind)
                                                       : "");
  return read_events (&self->reader, stmt, error);
}

CaEvent *
ca_store_get_event (CaStore     *self,
                    const char  *feed,
                    const char  *id,
                    GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  g_autoptr(GPtrArray) events = NULL;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (feed != NULL && id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = conn_stmt (&self->reader,
                         "SELECT " EVENT_COLUMNS
                         " FROM events e JOIN feeds f ON f.id = e.feed"
                         " LEFT JOIN " EVENT_STAR_JOIN
                         " WHERE f.key = ?1 AND e.id = ?2 AND f.hidden = 0",
                         error)) == NULL)
    return NULL;
  bind_text (stmt, 1, feed);
  bind_text (stmt, 2, id);
  if ((events = read_events (&self->reader, stmt, error)) == NULL)
    return NULL;
  if (events->len == 0)
    {
      set_not_found (error, feed, id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (events, 0));
}

GPtrArray *
ca_store_search (CaStore     *self,
                 const char  *text,
                 guint        limit,
                 GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *match = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_search_hit_free);
  if (text == NULL || (match = build_match (text)) == NULL)
    return g_steal_pointer (&hits);

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = conn_stmt (&self->reader, SQL_SEARCH, error)) == NULL)
    return NULL;
  bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  while (step_row (&self->reader, stmt, &failed, error))
    {
      CaSearchHit *hit = g_new0 (CaSearchHit, 1);

      int kind = sqlite3_column_int (stmt, 0);

      hit->kind = CLAMP (kind, CA_SEARCH_CLUSTER, CA_SEARCH_EVENT);
      hit->feed = col_str (stmt, 1);
      hit->id = col_str (stmt, 2);
      hit->position = sqlite3_column_int (stmt, 3);
      hit->title = col_str (stmt, 4);
      g_ptr_array_add (hits, hit);
    }
  return failed ? NULL : g_steal_pointer (&hits);
}

/* Stars */

gboolean
ca_store_set_starred (CaStore     *self,
                      const char  *feed,
                      const char  *event_id,
                      gboolean     starred,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (feed != NULL && event_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if ((stmt = conn_stmt (&self->writer,
                         starred
                         ? "INSERT OR IGNORE INTO stars (feed_key, event_id) VALUES (?1, ?2)"
                         : "DELETE FROM stars WHERE feed_key = ?1 AND event_id = ?2",
                         error)) == NULL)
    return FALSE;
  bind_text (stmt, 1, feed);
  bind_text (stmt, 2, event_id);
  return step_done (&self->writer, stmt, error);
}

gboolean
ca_store_is_starred (CaStore    *self,
                     const char *feed,
                     const char *event_id)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (feed != NULL && event_id != NULL, FALSE);

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = conn_stmt (&self->reader,
                         "SELECT 1 FROM stars WHERE feed_key = ?1 AND event_id = ?2",
                         NULL)) == NULL)
    return FALSE;
  bind_text (stmt, 1, feed);
  bind_text (stmt, 2, event_id);
  return step_row (&self->reader, stmt, &failed, NULL);
}

gboolean
ca_store_clear_stars (CaStore  *self,
                      GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  return conn_exec (&self->writer, "DELETE FROM stars", error);
}

/* }}} */
