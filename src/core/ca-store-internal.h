/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "ca-store.h"
#include "ca-text.h"

G_BEGIN_DECLS

/*
 * What the parts of CaStore share: ca-store.c (opening, migrations, recovery),
 * ca-store-feeds.c, ca-store-import.c, ca-store-query.c and ca-store-search.c.
 * Tests use ca-store-private.h instead, so these short names stay out of them.
 */

/* A feed's full-text documents are the rowids from feed id << DOC_ID_SHIFT on */
#define DOC_ID_SHIFT      40

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
  gboolean  read_only;          /* CA_STORE_OPEN_READ_ONLY: both connections read only */

  Conn      writer;             /* imports, feeds, stars */
  Conn      reader;             /* queries */

  int       fail_after;         /* tests: rows before an injected failure, -1 never */
  guint     change_log_syncs;   /* atomic: the imports kept in the change log, 0 none */
};

/* A cached statement borrowed for one call: reset and unbound when released. */
typedef sqlite3_stmt Stmt;

void      _ca_store_stmt_release     (Stmt          *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stmt, _ca_store_stmt_release)

gint64    _ca_store_now_seconds      (void);
gboolean  _ca_store_set_db_error     (GError       **error,
                                      sqlite3       *db,
                                      int            rc);
gboolean  _ca_store_set_not_found    (GError       **error,
                                      const char    *feed,
                                      const char    *id);

Stmt     *_ca_store_conn_stmt        (Conn          *c,
                                      const char    *sql,
                                      GError       **error);
gboolean  _ca_store_conn_exec        (Conn          *c,
                                      const char    *sql,
                                      GError       **error);
void      _ca_store_conn_rollback    (Conn          *c);
gboolean  _ca_store_step_done        (Conn          *c,
                                      sqlite3_stmt  *stmt,
                                      GError       **error);
gboolean  _ca_store_step_row         (Conn          *c,
                                      sqlite3_stmt  *stmt,
                                      gboolean      *failed,
                                      GError       **error);
/* The number a "SELECT count(*) …" gives; 0 with error set when it fails. The
 * caller holds c's lock. */
guint     _ca_store_conn_count       (Conn          *c,
                                      const char    *sql,
                                      GError       **error);

/* ca-store-changes.c: the change log, written inside an import's transaction after
 * the events' snapshot (temp.prev_events) and the new records are in */
gboolean  _ca_store_snapshot_projects (Conn         *c,
                                       gint64        feed_id,
                                       GError      **error);
gboolean  _ca_store_log_changes      (Conn          *c,
                                      gint64         feed_id,
                                      guint          n_syncs,
                                      guint         *n_logged,
                                      GError       **error);

/* ca-store-search.c: what the full-text index holds for a record */
void      _ca_store_doc_text         (CaSearchKind   kind,
                                      const char    *a,
                                      const char    *b,
                                      const char    *c,
                                      const char    *d,
                                      GString       *title,
                                      GString       *body);
gboolean  _ca_store_delete_feed_docs (Conn          *c,
                                      gint64         feed_id,
                                      GError       **error);
/* Adds the search's rank function (ca_rank) to a connection that searches */
int       _ca_store_add_search_functions (sqlite3   *db);

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

G_END_DECLS
