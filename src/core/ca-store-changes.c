/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-store"

#include "config.h"

#include "ca-store-internal.h"

/*
 * CaStore's change log: what each import did to a feed's events and projects,
 * written by the import (ca-store-import.c) in its own transaction from the
 * snapshot of the records it replaces, and read by the views and --changes.
 *
 * Only imports of a feed that had been imported before write to it (a first
 * import, the built-in feed's first load included, adds records, not changes),
 * and only the fields people plan by are compared, in SQL over the two tables:
 * 20,000 events cost a join, not 20,000 round trips.
 */

/* {{{ Writing, inside the import's transaction */

/* The projects as they were; the events' snapshot is the import's own (prev_events) */
static const char sql_snapshot_projects[] =
  "CREATE TEMP TABLE IF NOT EXISTS prev_projects (id TEXT, title TEXT, start_date TEXT,"
  "                                               end_date TEXT);"
  "CREATE INDEX IF NOT EXISTS temp.prev_projects_id ON prev_projects (id);"
  "DELETE FROM temp.prev_projects;";

#define SQL_SNAPSHOT_PROJECTS \
  "INSERT INTO temp.prev_projects SELECT id, title, start_date, end_date" \
  " FROM main.projects WHERE feed = ?1"

#define EVENT_OLD "old_title, old_start, old_end, old_has_end, old_all_day, old_timezone," \
                  " old_venue, old_city, old_online, old_status"
#define EVENT_NEW "new_title, new_start, new_end, new_has_end, new_all_day, new_timezone," \
                  " new_venue, new_city, new_online, new_status"
#define EVENT_VALUES(t) t ".title, " t ".start_time, " t ".end_time, " t ".has_end, " \
                        t ".all_day, " t ".timezone, " t ".venue, " t ".city, " \
                        t ".online, " t ".status"

/* ?1 the feed's id, ?2 the sync number, ?3 the time */
static const char * const sql_log[] = {
  /* Events added */
  "INSERT INTO changes (feed, sync, time, kind, record, action, fields, " EVENT_NEW ")"
  " SELECT ?1, ?2, ?3, 0, e.id, 0, 0, " EVENT_VALUES ("e")
  " FROM main.events e WHERE e.feed = ?1"
  " AND NOT EXISTS (SELECT 1 FROM temp.prev_events p WHERE p.id = e.id)",

  /* Events removed */
  "INSERT INTO changes (feed, sync, time, kind, record, action, fields, " EVENT_OLD ")"
  " SELECT ?1, ?2, ?3, 0, p.id, 1, 0, " EVENT_VALUES ("p")
  " FROM temp.prev_events p"
  " WHERE NOT EXISTS (SELECT 1 FROM main.events e WHERE e.feed = ?1 AND e.id = p.id)",

  /* Events changed: the CaChangeFields bits, added up */
  "INSERT INTO changes (feed, sync, time, kind, record, action, fields, " EVENT_OLD ", "
  EVENT_NEW ")"
  " SELECT ?1, ?2, ?3, 0, id, 2, fields, o1, o2, o3, o4, o5, o6, o7, o8, o9, o10,"
  "        n1, n2, n3, n4, n5, n6, n7, n8, n9, n10"
  " FROM (SELECT e.id AS id,"
  "   (e.title IS NOT p.title) * 1"
  "   + (e.start_time IS NOT p.start_time OR e.all_day IS NOT p.all_day) * 2"
  "   + (e.end_time IS NOT p.end_time OR e.has_end IS NOT p.has_end) * 4"
  "   + (e.timezone IS NOT p.timezone) * 8"
  "   + (e.venue IS NOT p.venue) * 16"
  "   + (e.city IS NOT p.city) * 32"
  "   + (e.online IS NOT p.online) * 64"
  "   + (e.status IS NOT p.status) * 128 AS fields,"
  "   p.title AS o1, p.start_time AS o2, p.end_time AS o3, p.has_end AS o4,"
  "   p.all_day AS o5, p.timezone AS o6, p.venue AS o7, p.city AS o8, p.online AS o9,"
  "   p.status AS o10,"
  "   e.title AS n1, e.start_time AS n2, e.end_time AS n3, e.has_end AS n4,"
  "   e.all_day AS n5, e.timezone AS n6, e.venue AS n7, e.city AS n8, e.online AS n9,"
  "   e.status AS n10"
  "   FROM main.events e JOIN temp.prev_events p ON p.id = e.id WHERE e.feed = ?1)"
  " WHERE fields <> 0",

  /* Projects added, removed, changed */
  "INSERT INTO changes (feed, sync, time, kind, record, action, fields, new_title,"
  "                     new_start, new_end)"
  " SELECT ?1, ?2, ?3, 1, pr.id, 0, 0, pr.title, pr.start_date, pr.end_date"
  " FROM main.projects pr WHERE pr.feed = ?1"
  " AND NOT EXISTS (SELECT 1 FROM temp.prev_projects p WHERE p.id = pr.id)",

  "INSERT INTO changes (feed, sync, time, kind, record, action, fields, old_title,"
  "                     old_start, old_end)"
  " SELECT ?1, ?2, ?3, 1, p.id, 1, 0, p.title, p.start_date, p.end_date"
  " FROM temp.prev_projects p"
  " WHERE NOT EXISTS (SELECT 1 FROM main.projects pr WHERE pr.feed = ?1 AND pr.id = p.id)",

  "INSERT INTO changes (feed, sync, time, kind, record, action, fields, old_title,"
  "                     old_start, old_end, new_title, new_start, new_end)"
  " SELECT ?1, ?2, ?3, 1, id, 2, fields, o1, o2, o3, n1, n2, n3"
  " FROM (SELECT pr.id AS id,"
  "   (pr.title IS NOT p.title) * 1 + (pr.start_date IS NOT p.start_date) * 2"
  "   + (pr.end_date IS NOT p.end_date) * 4 AS fields,"
  "   p.title AS o1, p.start_date AS o2, p.end_date AS o3,"
  "   pr.title AS n1, pr.start_date AS n2, pr.end_date AS n3"
  "   FROM main.projects pr JOIN temp.prev_projects p ON p.id = pr.id WHERE pr.feed = ?1)"
  " WHERE fields <> 0",
};

#define SQL_NEXT_SYNC "SELECT coalesce (max (sync), 0) + 1 FROM changes WHERE feed = ?1"

#define SQL_TRIM "DELETE FROM changes WHERE feed = ?1 AND sync <= ?2"

gboolean
_ca_store_snapshot_projects (Conn     *c,
                             gint64    feed_id,
                             GError  **error)
{
  g_autoptr(Stmt) stmt = NULL;

  if (!_ca_store_conn_exec (c, sql_snapshot_projects, error) ||
      (stmt = _ca_store_conn_stmt (c, SQL_SNAPSHOT_PROJECTS, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  return _ca_store_step_done (c, stmt, error);
}

gboolean
_ca_store_log_changes (Conn     *c,
                       gint64    feed_id,
                       guint     n_syncs,
                       guint    *n_logged,
                       GError  **error)
{
  gint64 now = _ca_store_now_seconds ();
  gint64 sync;
  guint n = 0;

  {
    g_autoptr(Stmt) stmt = NULL;
    gboolean failed = FALSE;

    if ((stmt = _ca_store_conn_stmt (c, SQL_NEXT_SYNC, error)) == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, feed_id);
    if (!_ca_store_step_row (c, stmt, &failed, error))
      return failed ? FALSE : _ca_store_set_db_error (error, c->db, SQLITE_ERROR);
    sync = sqlite3_column_int64 (stmt, 0);
  }

  for (guint i = 0; i < G_N_ELEMENTS (sql_log); i++)
    {
      g_autoptr(Stmt) stmt = NULL;

      if ((stmt = _ca_store_conn_stmt (c, sql_log[i], error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, feed_id);
      sqlite3_bind_int64 (stmt, 2, sync);
      sqlite3_bind_int64 (stmt, 3, now);
      if (!_ca_store_step_done (c, stmt, error))
        return FALSE;
      n += sqlite3_changes (c->db);
    }

  /* An import that changed nothing is no sync of the log's: it keeps the last N
   * that did, however often the feed is fetched unchanged */
  if (n > 0 && sync > n_syncs)
    {
      g_autoptr(Stmt) stmt = NULL;

      if ((stmt = _ca_store_conn_stmt (c, SQL_TRIM, error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, feed_id);
      sqlite3_bind_int64 (stmt, 2, sync - n_syncs);
      if (!_ca_store_step_done (c, stmt, error))
        return FALSE;
    }
  if (!_ca_store_conn_exec (c, "DELETE FROM temp.prev_projects", error))
    return FALSE;
  *n_logged = n;
  return TRUE;
}

/* }}} */

/* {{{ Reading */

#define CHANGE_COLUMNS \
  "c.id, f.key, c.kind, c.record, c.action, c.fields, c.sync, c.time, c.seen," \
  " st.event_id IS NOT NULL," \
  " c.old_title, c.old_start, c.old_end, c.old_has_end, c.old_all_day, c.old_timezone," \
  " c.old_venue, c.old_city, c.old_online, c.old_status," \
  " c.new_title, c.new_start, c.new_end, c.new_has_end, c.new_all_day, c.new_timezone," \
  " c.new_venue, c.new_city, c.new_online, c.new_status"

static void
read_values (sqlite3_stmt   *s,
             int             i,
             CaChangeKind    kind,
             CaChangeValues *v)
{
  v->title = col_str (s, i);
  if (kind == CA_CHANGE_PROJECT)
    {
      v->start_date = col_str (s, i + 1);
      v->end_date = col_str (s, i + 2);
      return;
    }
  v->start = sqlite3_column_int64 (s, i + 1);
  v->end = sqlite3_column_int64 (s, i + 2);
  v->has_end = sqlite3_column_int (s, i + 3) != 0;
  v->all_day = sqlite3_column_int (s, i + 4) != 0;
  v->timezone = col_str (s, i + 5);
  v->venue = col_str (s, i + 6);
  v->city = col_str (s, i + 7);
  v->online = sqlite3_column_type (s, i + 8) == SQLITE_NULL ? -1 : sqlite3_column_int (s, i + 8);
  if (sqlite3_column_type (s, i + 9) != SQLITE_NULL)
    {
      int status = ca_event_status_from_string ((const char *) sqlite3_column_text (s, i + 9));

      v->status = status < 0 ? CA_EVENT_STATUS_SCHEDULED : (CaEventStatus) status;
    }
}

static CaChange *
read_change (sqlite3_stmt *s)
{
  CaChange *change = ca_change_new ();
  int i = 0;

  change->id = sqlite3_column_int64 (s, i++);
  change->feed = col_str (s, i++);
  change->kind = sqlite3_column_int (s, i++) == CA_CHANGE_PROJECT ? CA_CHANGE_PROJECT
                                                                   : CA_CHANGE_EVENT;
  change->record_id = col_str (s, i++);
  change->action = CLAMP (sqlite3_column_int (s, i), CA_CHANGE_ADDED, CA_CHANGE_CHANGED);
  i++;
  change->fields = sqlite3_column_int (s, i++);
  change->sync = sqlite3_column_int (s, i++);
  change->time = sqlite3_column_int64 (s, i++);
  change->seen = sqlite3_column_int (s, i++) != 0;
  change->starred = sqlite3_column_int (s, i++) != 0;
  if (change->action != CA_CHANGE_ADDED)
    read_values (s, i, change->kind, &change->old);
  i += 10;
  if (change->action != CA_CHANGE_REMOVED)
    read_values (s, i, change->kind, &change->new);
  return change;
}

/* }}} */

/* {{{ Public API */

void
ca_store_set_change_log_syncs (CaStore *self,
                               guint    n_syncs)
{
  g_return_if_fail (CA_IS_STORE (self));
  g_atomic_int_set (&self->change_log_syncs, MIN (n_syncs, G_MAXINT));
}

guint
ca_store_get_change_log_syncs (CaStore *self)
{
  g_return_val_if_fail (CA_IS_STORE (self), 0);
  return g_atomic_int_get (&self->change_log_syncs);
}

/* The query's conditions, after "WHERE f.hidden = 0", and its parameters bound */
static void
append_conditions (GString             *sql,
                   const CaChangeQuery *query)
{
  if (query->since > 0)
    g_string_append (sql, " AND c.time >= :since");
  if (query->last_sync_only)
    g_string_append (sql, " AND c.sync = (SELECT max (l.sync) FROM changes l"
                          " WHERE l.feed = c.feed)");
  if (query->feed != NULL)
    g_string_append (sql, " AND f.key = :feed");
  if (query->record_id != NULL)
    g_string_append (sql, " AND c.record = :record");
  if (query->kind >= 0)
    g_string_append (sql, " AND c.kind = :kind");
  if (query->starred_only)
    g_string_append (sql, " AND st.event_id IS NOT NULL");
  if (query->unseen_only)
    g_string_append (sql, " AND c.seen = 0");
}

static void
bind_conditions (sqlite3_stmt        *stmt,
                 const CaChangeQuery *query)
{
  if (query->since > 0)
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":since"), query->since);
  if (query->feed != NULL)
    bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":feed"), query->feed);
  if (query->record_id != NULL)
    bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":record"), query->record_id);
  if (query->kind >= 0)
    sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":kind"), query->kind);
}

#define CHANGES_FROM \
  " FROM changes c JOIN feeds f ON f.id = c.feed" \
  " LEFT JOIN stars st ON c.kind = 0 AND st.feed_key = f.key AND st.event_id = c.record" \
  " WHERE f.hidden = 0"

GPtrArray *
ca_store_list_changes (CaStore             *self,
                       const CaChangeQuery *query,
                       GError             **error)
{
  static const CaChangeQuery all = CA_CHANGE_QUERY_INIT;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(Stmt) stmt = NULL;
  Conn *c = &self->reader;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (query == NULL)
    query = &all;

  sql = g_string_new ("SELECT " CHANGE_COLUMNS CHANGES_FROM);
  append_conditions (sql, query);
  /* The newest sync first; in it, what the user chose first */
  g_string_append (sql, " ORDER BY c.time DESC, c.sync DESC, st.event_id IS NULL,"
                        " f.key, coalesce (c.new_start, c.old_start), c.id");

  locker = g_mutex_locker_new (&c->lock);
  if ((stmt = _ca_store_conn_stmt (c, sql->str, error)) == NULL)
    return NULL;
  bind_conditions (stmt, query);

  changes = g_ptr_array_new_with_free_func (g_object_unref);
  while (_ca_store_step_row (c, stmt, &failed, error))
    g_ptr_array_add (changes, read_change (stmt));
  if (failed)
    return NULL;
  return g_steal_pointer (&changes);
}

gboolean
ca_store_count_changes (CaStore             *self,
                        const CaChangeQuery *query,
                        guint               *n_changes,
                        GError             **error)
{
  static const CaChangeQuery all = CA_CHANGE_QUERY_INIT;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(Stmt) stmt = NULL;
  Conn *c = &self->reader;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (n_changes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (query == NULL)
    query = &all;
  *n_changes = 0;

  sql = g_string_new ("SELECT count (*)" CHANGES_FROM);
  append_conditions (sql, query);

  locker = g_mutex_locker_new (&c->lock);
  if ((stmt = _ca_store_conn_stmt (c, sql->str, error)) == NULL)
    return FALSE;
  bind_conditions (stmt, query);
  if (!_ca_store_step_row (c, stmt, &failed, error))
    return failed ? FALSE : _ca_store_set_db_error (error, c->db, SQLITE_ERROR);
  *n_changes = (guint) MIN (sqlite3_column_int64 (stmt, 0), G_MAXUINT);
  return TRUE;
}

gboolean
ca_store_mark_changes_seen (CaStore     *self,
                            const char  *feed,
                            const char  *record_id,
                            GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  Conn *c = &self->writer;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (record_id == NULL || feed != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&c->lock);
  if (self->read_only)
    return _ca_store_set_db_error (error, NULL, SQLITE_READONLY);
  if ((stmt = _ca_store_conn_stmt (c,
                                   "UPDATE changes SET seen = 1 WHERE seen = 0"
                                   " AND (?1 IS NULL OR feed = (SELECT id FROM feeds"
                                   "                            WHERE key = ?1))"
                                   " AND (?2 IS NULL OR record = ?2)",
                                   error)) == NULL)
    return FALSE;
  bind_text (stmt, 1, feed);
  bind_text (stmt, 2, record_id);
  return _ca_store_step_done (c, stmt, error);
}

/* }}} */
