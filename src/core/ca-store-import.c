/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-store"

#include "config.h"

#include "ca-enums.h"
#include "ca-feed-parser.h"
#include "ca-person.h"
#include "ca-store-internal.h"

/*
 * CaStore's imports: a feed's records replace the previous ones in one write
 * transaction, whole or not at all, with its full-text documents.
 */

#define SECONDS_PER_DAY   86400

/* {{{ Import */

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

  gboolean      log_changes;    /* an import of a feed imported before, with the log on */
  guint         n_syncs;

  gboolean      set_validators;
  char         *etag;
  char         *last_modified;
  CaImportChanges changes;
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

/* The feed's events as they were, to tell what the import changed */
static const char sql_snapshot_events[] =
  "CREATE TEMP TABLE IF NOT EXISTS prev_events AS SELECT * FROM main.events WHERE 0;"
  "CREATE INDEX IF NOT EXISTS temp.prev_events_id ON prev_events (id);"
  "DELETE FROM temp.prev_events;";

#define SQL_SNAPSHOT_EVENTS \
  "INSERT INTO temp.prev_events SELECT * FROM main.events WHERE feed = ?1"

#define SQL_EVENTS_ADDED \
  "SELECT count(*) FROM main.events e WHERE e.feed = ?1" \
  " AND NOT EXISTS (SELECT 1 FROM temp.prev_events p WHERE p.id = e.id)"

#define SQL_EVENTS_REMOVED \
  "SELECT count(*) FROM temp.prev_events p" \
  " WHERE NOT EXISTS (SELECT 1 FROM main.events e WHERE e.feed = ?1 AND e.id = p.id)"

#define SQL_EVENTS_CHANGED \
  "SELECT count(*) FROM main.events e JOIN temp.prev_events p ON p.id = e.id" \
  " WHERE e.feed = ?1 AND (e.title IS NOT p.title OR e.start_time IS NOT p.start_time" \
  " OR e.end_time IS NOT p.end_time OR e.has_end IS NOT p.has_end" \
  " OR e.all_day IS NOT p.all_day OR e.timezone IS NOT p.timezone OR e.kind IS NOT p.kind" \
  " OR e.status IS NOT p.status OR e.venue IS NOT p.venue OR e.city IS NOT p.city" \
  " OR e.country IS NOT p.country OR e.online IS NOT p.online OR e.url IS NOT p.url" \
  " OR e.description IS NOT p.description OR e.clusters IS NOT p.clusters" \
  " OR e.project IS NOT p.project OR e.organizers IS NOT p.organizers" \
  " OR e.n_speakers IS NOT p.n_speakers)"

#define SQL_FEED_LAST_SYNC "SELECT last_sync FROM feeds WHERE key = ?1"

#define SQL_FEED_VALIDATORS \
  "UPDATE feeds SET etag = ?2, last_modified = ?3, retry_after = 0 WHERE id = ?1"

#define SQL_FEED_WARNINGS "UPDATE feeds SET warnings = ?2 WHERE id = ?1"

#define SQL_FEED_COUNTS \
  "UPDATE feeds SET n_clusters = ?2, n_members = ?3, n_projects = ?4, n_events = ?5" \
  " WHERE id = ?1"

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
  " website, sectors, description, joined, registry_id, org_key)" \
  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

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
  "INSERT INTO search_docs (id, kind, ref, pos, display, grp) VALUES (?, ?, ?, ?, ?, ?)"

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
      _ca_store_set_db_error (error, imp->conn->db, rc);
      sqlite3_reset (stmt);
      return FALSE;
    }
  if (inserted != NULL)
    *inserted = sqlite3_changes (imp->conn->db) > 0;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Adds the document whose text _ca_store_doc_text() left in imp->title and imp->body;
 * grp: a member's organisation key, NULL for the other kinds */
static gboolean
add_doc (Import        *imp,
         CaSearchKind   kind,
         const char    *ref,
         guint          pos,
         const char    *display,
         const char    *grp,
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
  bind_text (s, 6, grp);
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
    _ca_store_set_db_error (error, imp->conn->db, rc);
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
  g_autofree char *org_key = ca_member_identity_key (member->registry_id, member->website,
                                                     member->name, member->city);
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
  bind_text (s, i++, member->registry_id);
  bind_text (s, i++, org_key);
  if (!insert_row (imp, s, NULL, error))
    return FALSE;
  imp->n_members++;

  _ca_store_doc_text (CA_SEARCH_MEMBER, member->name, NULL, NULL, NULL, imp->title, imp->body);
  return add_doc (imp, CA_SEARCH_MEMBER, cluster->id, position, member->name, org_key,
                  error);
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

    _ca_store_doc_text (CA_SEARCH_CLUSTER, cluster->name, cluster->acronym, cluster->summary,
                        objectives, imp->title, imp->body);
  }
  return add_doc (imp, CA_SEARCH_CLUSTER, cluster->id, 0, cluster->name, NULL, error);
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

  _ca_store_doc_text (CA_SEARCH_PROJECT, project->title, project->acronym, project->summary, NULL,
                      imp->title, imp->body);
  return add_doc (imp, CA_SEARCH_PROJECT, project->id, 0, project->title, NULL, error);
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

  _ca_store_doc_text (CA_SEARCH_EVENT, event->title, NULL, event->venue, event->city,
                      imp->title, imp->body);
  return add_doc (imp, CA_SEARCH_EVENT, event->id, 0, event->title, NULL, error);
}

static gboolean
prepare_import (Import  *imp,
                GError **error)
{
  Conn *c = imp->conn;

  return (imp->cluster = _ca_store_conn_stmt (c, SQL_INSERT_CLUSTER, error)) != NULL &&
         (imp->team = _ca_store_conn_stmt (c, SQL_INSERT_TEAM, error)) != NULL &&
         (imp->network = _ca_store_conn_stmt (c, SQL_INSERT_NETWORK, error)) != NULL &&
         (imp->member = _ca_store_conn_stmt (c, SQL_INSERT_MEMBER, error)) != NULL &&
         (imp->project = _ca_store_conn_stmt (c, SQL_INSERT_PROJECT, error)) != NULL &&
         (imp->project_cluster = _ca_store_conn_stmt (c, SQL_INSERT_PROJECT_CLUSTER,
                                                      error)) != NULL &&
         (imp->event = _ca_store_conn_stmt (c, SQL_INSERT_EVENT, error)) != NULL &&
         (imp->event_cluster = _ca_store_conn_stmt (c, SQL_INSERT_EVENT_CLUSTER, error)) != NULL &&
         (imp->speaker = _ca_store_conn_stmt (c, SQL_INSERT_SPEAKER, error)) != NULL &&
         (imp->doc_row = _ca_store_conn_stmt (c, SQL_INSERT_DOC_ROW, error)) != NULL &&
         (imp->doc = _ca_store_conn_stmt (c, SQL_INSERT_DOC, error)) != NULL;
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
      _ca_store_stmt_release (stmts[i]);
  g_string_free (imp->title, TRUE);
  g_string_free (imp->body, TRUE);
  g_clear_pointer (&imp->etag, g_free);
  g_clear_pointer (&imp->last_modified, g_free);
}

static gboolean
count_rows (Conn        *c,
            const char  *sql,
            gint64       feed_id,
            guint       *count,
            GError     **error)
{
  g_autoptr(Stmt) stmt = NULL;
  gboolean failed = FALSE;

  if ((stmt = _ca_store_conn_stmt (c, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  if (!_ca_store_step_row (c, stmt, &failed, error))
    return failed ? FALSE : _ca_store_set_db_error (error, c->db, SQLITE_ERROR);
  *count = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static gboolean
exec_on_feed (Conn        *c,
              const char  *sql,
              gint64       feed_id,
              GError     **error)
{
  g_autoptr(Stmt) stmt = NULL;

  if ((stmt = _ca_store_conn_stmt (c, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  return _ca_store_step_done (c, stmt, error);
}

static gboolean
set_meta (Conn        *c,
          const char  *key,
          const char  *value,
          GError     **error)
{
  g_autoptr(Stmt) stmt = NULL;

  if ((stmt = _ca_store_conn_stmt (c, SQL_SET_META, error)) == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, value);
  return _ca_store_step_done (c, stmt, error);
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

  /* A first import (the built-in feed's first load too) adds records, not changes */
  imp->n_syncs = g_atomic_int_get (&imp->self->change_log_syncs);
  if (imp->n_syncs > 0)
    {
      g_autoptr(Stmt) stmt = NULL;
      gboolean failed = FALSE;

      if ((stmt = _ca_store_conn_stmt (c, SQL_FEED_LAST_SYNC, error)) == NULL)
        return FALSE;
      bind_text (stmt, 1, key);
      if (_ca_store_step_row (c, stmt, &failed, error))
        imp->log_changes = sqlite3_column_int64 (stmt, 0) > 0;
      else if (failed)
        return FALSE;
    }

  {
    g_autoptr(Stmt) stmt = NULL;
    g_autoptr(GPtrArray) warnings = g_ptr_array_new ();
    gboolean failed = FALSE;

    for (guint i = 0; feed->warnings != NULL && i < feed->warnings->len; i++)
      g_ptr_array_add (warnings, g_ptr_array_index (feed->warnings, i));
    g_ptr_array_add (warnings, NULL);

    if ((stmt = _ca_store_conn_stmt (c, SQL_UPSERT_FEED, error)) == NULL)
      return FALSE;
    bind_text (stmt, 1, key);
    bind_text (stmt, 2, feed->publisher_name);
    bind_text (stmt, 3, feed->publisher_url);
    bind_text (stmt, 4, feed->generated);
    bind_list (stmt, 5, (char **) warnings->pdata);
    sqlite3_bind_int64 (stmt, 6, _ca_store_now_seconds ());
    if (!_ca_store_step_row (c, stmt, &failed, error))
      {
        if (!failed)
          _ca_store_set_db_error (error, c->db, SQLITE_ERROR);
        return FALSE;
      }
    imp->feed_id = sqlite3_column_int64 (stmt, 0);
  }

  if (!_ca_store_conn_exec (c, sql_snapshot_events, error) ||
      !exec_on_feed (c, SQL_SNAPSHOT_EVENTS, imp->feed_id, error))
    return FALSE;
  if (imp->log_changes && !_ca_store_snapshot_projects (c, imp->feed_id, error))
    return FALSE;

  /* The index first: unindexing reads the old records */
  if (!_ca_store_delete_feed_docs (c, imp->feed_id, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (delete_records); i++)
    {
      g_autoptr(Stmt) stmt = NULL;

      if ((stmt = _ca_store_conn_stmt (c, delete_records[i], error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, imp->feed_id);
      if (!_ca_store_step_done (c, stmt, error))
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

    if ((stmt = _ca_store_conn_stmt (c, SQL_FEED_WARNINGS, error)) == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, imp->feed_id);
    bind_list (stmt, 2, (char **) warnings->pdata);
    if (!_ca_store_step_done (c, stmt, error))
      return FALSE;
  }

  {
    g_autoptr(Stmt) stmt = NULL;

    if ((stmt = _ca_store_conn_stmt (c, SQL_FEED_COUNTS, error)) == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, imp->feed_id);
    sqlite3_bind_int64 (stmt, 2, imp->n_clusters);
    sqlite3_bind_int64 (stmt, 3, imp->n_members);
    sqlite3_bind_int64 (stmt, 4, imp->n_projects);
    sqlite3_bind_int64 (stmt, 5, imp->n_events);
    if (!_ca_store_step_done (c, stmt, error))
      return FALSE;
  }

  if (!count_rows (c, SQL_EVENTS_ADDED, imp->feed_id, &imp->changes.events_added, error) ||
      !count_rows (c, SQL_EVENTS_REMOVED, imp->feed_id, &imp->changes.events_removed, error) ||
      !count_rows (c, SQL_EVENTS_CHANGED, imp->feed_id, &imp->changes.events_changed, error))
    return FALSE;
  if (imp->log_changes &&
      !_ca_store_log_changes (c, imp->feed_id, imp->n_syncs, &imp->changes.logged, error))
    return FALSE;
  if (!_ca_store_conn_exec (c, "DELETE FROM temp.prev_events", error))
    return FALSE;

  if (imp->set_validators)
    {
      g_autoptr(Stmt) stmt = NULL;

      if ((stmt = _ca_store_conn_stmt (c, SQL_FEED_VALIDATORS, error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, imp->feed_id);
      bind_text (stmt, 2, imp->etag);
      bind_text (stmt, 3, imp->last_modified);
      if (!_ca_store_step_done (c, stmt, error))
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

  if (!_ca_store_conn_exec (c, "BEGIN IMMEDIATE", error))
    {
      finish_import (&imp);
      return FALSE;
    }

  ok = import_records (&imp, key, feed, mark_builtin, error) &&
       _ca_store_conn_exec (c, "COMMIT", error);
  if (!ok)
    _ca_store_conn_rollback (c);
  finish_import (&imp);

  if (ok)
    g_debug ("Imported feed %s: %u clusters, %u members, %u projects, %u events in %.0f ms",
             key, imp.n_clusters, imp.n_members, imp.n_projects, imp.n_events,
             (g_get_monotonic_time () - started) / 1000.0);
  return ok;
}

/* }}} */

/* {{{ Public API */

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
    _ca_store_conn_rollback (&import->store->writer);
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
  if (!_ca_store_conn_exec (&self->writer, "BEGIN IMMEDIATE", error))
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
  return ca_store_import_commit_changes (import, feed, NULL, error);
}

gboolean
ca_store_import_commit_changes (CaStoreImport    *import,
                                CaFeed           *feed,
                                CaImportChanges  *changes,
                                GError          **error)
{
  gboolean ok;

  g_return_val_if_fail (import != NULL, FALSE);
  g_return_val_if_fail (CA_IS_FEED (feed), FALSE);

  ok = import_end (&import->imp, feed, FALSE, error) &&
       _ca_store_conn_exec (&import->store->writer, "COMMIT", error);
  if (ok && changes != NULL)
    *changes = import->imp.changes;
  import_free (import, !ok);
  return ok;
}

void
ca_store_import_set_validators (CaStoreImport *import,
                                const char    *etag,
                                const char    *last_modified)
{
  g_return_if_fail (import != NULL);

  import->imp.set_validators = TRUE;
  g_free (import->imp.etag);
  import->imp.etag = g_strdup (etag);
  g_free (import->imp.last_modified);
  import->imp.last_modified = g_strdup (last_modified);
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

static CaFeed *
import_bytes (CaStore         *self,
              const char      *key,
              CaFeedParser    *parser,
              GBytes          *bytes,
              gboolean         validators,
              const char      *etag,
              const char      *last_modified,
              CaImportChanges *changes,
              GError         **error)
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
  if (validators)
    ca_store_import_set_validators (sink.import, etag, last_modified);
  if (!ca_store_import_commit_changes (g_steal_pointer (&sink.import), feed, changes, error))
    return NULL;
  return g_steal_pointer (&feed);
}

gboolean
ca_store_import_feed_full (CaStore         *self,
                           const char      *key,
                           CaFeed          *feed,
                           const char      *etag,
                           const char      *last_modified,
                           CaImportChanges *changes,
                           GError         **error)
{
  GPtrArray *sections[3];
  CaStoreImport *import;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (CA_IS_FEED (feed), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((import = ca_store_import_begin (self, key, feed, error)) == NULL)
    return FALSE;
  sections[0] = feed->clusters;
  sections[1] = feed->projects;
  sections[2] = feed->events;
  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    if (sections[s] != NULL && !ca_store_import_add (import, sections[s], error))
      {
        ca_store_import_abort (import);
        return FALSE;
      }
  ca_store_import_set_validators (import, etag, last_modified);
  return ca_store_import_commit_changes (import, feed, changes, error);
}

CaFeed *
ca_store_import_bytes (CaStore       *self,
                       const char    *key,
                       CaFeedParser  *parser,
                       GBytes        *bytes,
                       GError       **error)
{
  return import_bytes (self, key, parser, bytes, FALSE, NULL, NULL, NULL, error);
}

/* The validators are always stored, none included: a server that stopped
 * sending an ETag must not be asked with the old one. */
CaFeed *
ca_store_import_bytes_full (CaStore         *self,
                            const char      *key,
                            CaFeedParser    *parser,
                            GBytes          *bytes,
                            const char      *etag,
                            const char      *last_modified,
                            CaImportChanges *changes,
                            GError         **error)
{
  return import_bytes (self, key, parser, bytes, TRUE, etag, last_modified, changes, error);
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

  if ((stmt = _ca_store_conn_stmt (c,
                                   "SELECT EXISTS (SELECT 1 FROM meta WHERE key = ?1)"
                                   " OR EXISTS (SELECT 1 FROM feeds"
                                   " WHERE key = ?2 AND last_sync > 0)",
                                   error)) == NULL)
    return FALSE;
  bind_text (stmt, 1, META_BUILTIN_LOADED);
  bind_text (stmt, 2, CA_FEED_BUILTIN);
  if (!_ca_store_step_row (c, stmt, &failed, error))
    return failed ? FALSE : _ca_store_set_db_error (error, c->db, SQLITE_ERROR);
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
    return self->read_only || set_meta (&self->writer, META_BUILTIN_LOADED, "1", error);
  /* A read-only store shows what it has; the caller may open it for writing */
  if (self->read_only)
    return _ca_store_set_db_error (error, NULL, SQLITE_READONLY);

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

/* }}} */
