/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ca-store-internal.h"

/*
 * CaStore's feeds and stars: the small writes beside the imports, and the feed
 * list. Stars are keyed by the feed's key, so they outlive the feed's removal.
 */

/* {{{ Reading feeds */

#define FEED_COLUMNS \
  "key, title, publisher_url, generated, etag, last_modified, last_sync, last_attempt," \
  " last_error, hidden, n_clusters, n_members, n_projects, n_events, warnings, retry_after," \
  " kind, cluster_feed, cluster_id, cluster_name"

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
  info->retry_after = sqlite3_column_int64 (s, i++);
  info->kind = g_strcmp0 ((const char *) sqlite3_column_text (s, i++), "ics") == 0
               ? CA_FEED_KIND_ICS : CA_FEED_KIND_JSON;
  info->cluster_feed = col_str (s, i++);
  info->cluster_id = col_str (s, i++);
  info->cluster_name = col_str (s, i++);
  if (info->warnings == NULL)
    info->warnings = g_new0 (char *, 1);
  return info;
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
  g_free (info->cluster_feed);
  g_free (info->cluster_id);
  g_free (info->cluster_name);
  g_strfreev (info->warnings);
  g_free (info);
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
  if ((stmt = _ca_store_conn_stmt (&self->writer,
                                   "INSERT INTO feeds (key) VALUES (?1)"
                                   " ON CONFLICT (key) DO NOTHING",
                                   error)) == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  return _ca_store_step_done (&self->writer, stmt, error);
}

char *
ca_store_calendar_cluster_id (const char *key)
{
  g_autofree char *sum = NULL;

  g_return_val_if_fail (key != NULL, NULL);

  /* The same address is the same cluster whoever adds it, the window or the
   * command line */
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  return g_strdup_printf ("calendar-%.12s", sum);
}

gboolean
ca_store_add_calendar (CaStore     *self,
                       const char  *key,
                       const char  *cluster_feed,
                       const char  *cluster_id,
                       const char  *cluster_name,
                       GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (cluster_feed != NULL && cluster_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if ((stmt = _ca_store_conn_stmt (&self->writer,
                                   "INSERT INTO feeds (key, kind, cluster_feed, cluster_id,"
                                   "                   cluster_name)"
                                   " VALUES (?1, 'ics', ?2, ?3, ?4)"
                                   " ON CONFLICT (key) DO NOTHING RETURNING id",
                                   error)) == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, cluster_feed);
  bind_text (stmt, 3, cluster_id);
  bind_text (stmt, 4, cluster_name);
  if (_ca_store_step_row (&self->writer, stmt, &failed, error))
    {
      while (_ca_store_step_row (&self->writer, stmt, &failed, error))
        ;
      return !failed;
    }
  if (failed)
    return FALSE;
  g_clear_pointer (&stmt, _ca_store_stmt_release);

  /* Already there: fine if it is the same subscription */
  if ((stmt = _ca_store_conn_stmt (&self->writer,
                                   "SELECT 1 FROM feeds WHERE key = ?1 AND kind = 'ics'"
                                   " AND cluster_feed = ?2 AND cluster_id = ?3",
                                   error)) == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, cluster_feed);
  bind_text (stmt, 3, cluster_id);
  if (_ca_store_step_row (&self->writer, stmt, &failed, error))
    return TRUE;
  if (!failed)
    /* TRANSLATORS: %s is a feed address */
    g_set_error (error, CA_STORE_ERROR, CA_STORE_ERROR_FAILED,
                 _("%s is subscribed already, as another feed or for another cluster: "
                   "remove it first"), key);
  return FALSE;
}

gboolean
ca_store_remove_feed (CaStore     *self,
                      const char  *key,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Conn *c;
  gint64 feed_id = 0;
  gboolean found = FALSE;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  c = &self->writer;

  locker = g_mutex_locker_new (&c->lock);
  if (!_ca_store_conn_exec (c, "BEGIN IMMEDIATE", error))
    return FALSE;

  {
    g_autoptr(Stmt) stmt = _ca_store_conn_stmt (c, "SELECT id FROM feeds WHERE key = ?1", error);

    if (stmt == NULL)
      failed = TRUE;
    else
      {
        bind_text (stmt, 1, key);
        if ((found = _ca_store_step_row (c, stmt, &failed, error)))
          feed_id = sqlite3_column_int64 (stmt, 0);
      }
  }

  if (!failed && found)
    {
      g_autoptr(Stmt) stmt = NULL;

      /* The records go with the feed row (ON DELETE CASCADE); stars stay. */
      failed = !_ca_store_delete_feed_docs (c, feed_id, error) ||
               (stmt = _ca_store_conn_stmt (c, "DELETE FROM feeds WHERE id = ?1", error)) == NULL;
      if (!failed)
        {
          sqlite3_bind_int64 (stmt, 1, feed_id);
          failed = !_ca_store_step_done (c, stmt, error);
        }
    }

  if (failed || !found || !_ca_store_conn_exec (c, "COMMIT", error))
    {
      _ca_store_conn_rollback (c);
      if (!failed && !found)
        _ca_store_set_not_found (error, key, NULL);
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
  if ((stmt = _ca_store_conn_stmt (&self->reader, "SELECT 1 FROM feeds WHERE key = ?1",
                                   NULL)) == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  return _ca_store_step_row (&self->reader, stmt, &failed, NULL);
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
  if ((stmt = _ca_store_conn_stmt (&self->reader, "SELECT " FEED_COLUMNS " FROM feeds ORDER BY id",
                                   error)) == NULL)
    return NULL;
  feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_feed_info_free);
  while (_ca_store_step_row (&self->reader, stmt, &failed, error))
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
  if ((stmt = _ca_store_conn_stmt (&self->reader,
                                   "SELECT " FEED_COLUMNS " FROM feeds WHERE key = ?1",
                                   error)) == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  if (_ca_store_step_row (&self->reader, stmt, &failed, error))
    return feed_info_from_row (stmt);
  if (!failed)
    _ca_store_set_not_found (error, key, NULL);
  return NULL;
}

/* Steps an UPDATE of one feed on the writer; NOT_FOUND when no row changed. */
static gboolean
finish_feed_update (CaStore     *self,
                    Stmt        *stmt,
                    const char  *key,
                    GError     **error)
{
  if (!_ca_store_step_done (&self->writer, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->writer.db) == 0)
    return _ca_store_set_not_found (error, key, NULL);
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
  if ((stmt = _ca_store_conn_stmt (&self->writer, "UPDATE feeds SET hidden = ?2 WHERE key = ?1",
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
  if ((stmt = _ca_store_conn_stmt (&self->writer,
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
  if ((stmt = _ca_store_conn_stmt (&self->writer,
                                   "UPDATE feeds SET last_error = ?2, last_attempt = ?3"
                                   " WHERE key = ?1",
                                   error)) == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, message);
  sqlite3_bind_int64 (stmt, 3, _ca_store_now_seconds ());
  return finish_feed_update (self, stmt, key, error);
}

gboolean
ca_store_set_feed_retry_after (CaStore     *self,
                               const char  *key,
                               gint64       until,
                               GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if ((stmt = _ca_store_conn_stmt (&self->writer,
                                   "UPDATE feeds SET retry_after = ?2 WHERE key = ?1",
                                   error)) == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, until);
  return finish_feed_update (self, stmt, key, error);
}

gboolean
ca_store_rename_feed (CaStore     *self,
                      const char  *key,
                      const char  *new_key,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Conn *c;
  gboolean ok;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && new_key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  c = &self->writer;
  locker = g_mutex_locker_new (&c->lock);
  /* The old key is not left in a free page of the file */
  if (!_ca_store_conn_exec (c, "PRAGMA secure_delete = ON; BEGIN IMMEDIATE", error))
    return FALSE;
  {
    g_autoptr(Stmt) feeds = _ca_store_conn_stmt (c, "UPDATE feeds SET key = ?2 WHERE key = ?1",
                                                 error);
    g_autoptr(Stmt) stars = NULL;

    ok = feeds != NULL;
    if (ok)
      {
        bind_text (feeds, 1, key);
        bind_text (feeds, 2, new_key);
        ok = _ca_store_step_done (c, feeds, error);
      }
    if (ok && sqlite3_changes (c->db) == 0)
      ok = _ca_store_set_not_found (error, key, NULL);
    if (ok)
      ok = (stars = _ca_store_conn_stmt (c, "UPDATE stars SET feed_key = ?2 WHERE feed_key = ?1",
                                         error)) != NULL;
    if (ok)
      {
        bind_text (stars, 1, key);
        bind_text (stars, 2, new_key);
        ok = _ca_store_step_done (c, stars, error);
      }
  }
  if (!ok || !_ca_store_conn_exec (c, "COMMIT", error))
    {
      _ca_store_conn_rollback (c);
      _ca_store_conn_exec (c, "PRAGMA secure_delete = OFF", NULL);
      return FALSE;
    }
  /* and not in the WAL either, unless a reader holds it now (then the next
   * checkpoint overwrites it) */
  _ca_store_conn_exec (c, "PRAGMA secure_delete = OFF; PRAGMA wal_checkpoint (TRUNCATE)", NULL);
  return TRUE;
}

gint64
ca_store_get_data_time (CaStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), 0);

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = _ca_store_conn_stmt (&self->reader,
                                   "SELECT coalesce (max (last_sync), 0) FROM feeds"
                                   " WHERE hidden = 0",
                                   NULL)) == NULL)
    return 0;
  if (!_ca_store_step_row (&self->reader, stmt, &failed, NULL))
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
ca_store_get_freshness (CaStore *self,
                        gint64  *generated,
                        gint64  *synced)
{
  g_autoptr(GPtrArray) feeds = NULL;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (generated != NULL && synced != NULL, FALSE);

  *generated = *synced = 0;
  if ((feeds = ca_store_list_feeds (self, NULL)) == NULL)
    return FALSE;
  for (guint i = 0; i < feeds->len; i++)
    {
      CaFeedInfo *info = g_ptr_array_index (feeds, i);
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) when = NULL;
      g_autofree char *midnight = NULL;

      if (info->hidden)
        continue;
      /* The built-in data comes with the app: loading it is no sync */
      if (g_strcmp0 (info->key, CA_FEED_BUILTIN) != 0)
        *synced = MAX (*synced, info->last_sync);
      /* The feed's date-time, or a plain date read as its first instant */
      if (info->generated == NULL)
        continue;
      if ((when = g_date_time_new_from_iso8601 (info->generated, utc)) == NULL &&
          strlen (info->generated) == 10)
        {
          midnight = g_strconcat (info->generated, "T00:00:00Z", NULL);
          when = g_date_time_new_from_iso8601 (midnight, utc);
        }
      if (when != NULL)
        *generated = MAX (*generated, g_date_time_to_unix (when));
    }
  return TRUE;
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
  if ((stmt = _ca_store_conn_stmt (&self->writer,
                                   starred
                                   ? "INSERT OR IGNORE INTO stars (feed_key, event_id)"
                                     " VALUES (?1, ?2)"
                                   : "DELETE FROM stars WHERE feed_key = ?1 AND event_id = ?2",
                                   error)) == NULL)
    return FALSE;
  bind_text (stmt, 1, feed);
  bind_text (stmt, 2, event_id);
  return _ca_store_step_done (&self->writer, stmt, error);
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
  if ((stmt = _ca_store_conn_stmt (&self->reader,
                                   "SELECT 1 FROM stars WHERE feed_key = ?1 AND event_id = ?2",
                                   NULL)) == NULL)
    return FALSE;
  bind_text (stmt, 1, feed);
  bind_text (stmt, 2, event_id);
  return _ca_store_step_row (&self->reader, stmt, &failed, NULL);
}

gboolean
ca_store_clear_stars (CaStore  *self,
                      GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  return _ca_store_conn_exec (&self->writer, "DELETE FROM stars", error);
}

/* Stars whose event is in no feed the store holds (hidden feeds count as held) */
#define KEPT_STARS_WHERE \
  " WHERE NOT EXISTS (SELECT 1 FROM events e JOIN feeds f ON f.id = e.feed" \
  "                   WHERE f.key = stars.feed_key AND e.id = stars.event_id)"

guint
ca_store_count_kept_stars (CaStore  *self,
                           GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CA_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  locker = g_mutex_locker_new (&self->reader.lock);
  return _ca_store_conn_count (&self->reader, "SELECT count(*) FROM stars" KEPT_STARS_WHERE,
                               error);
}

gboolean
ca_store_clear_kept_stars (CaStore  *self,
                           GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  return _ca_store_conn_exec (&self->writer, "DELETE FROM stars" KEPT_STARS_WHERE, error);
}

/* }}} */
