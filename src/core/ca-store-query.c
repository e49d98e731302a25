/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-store"

#include "config.h"

#include <string.h>

#include "ca-enums.h"
#include "ca-person.h"
#include "ca-store-internal.h"
#include "ca-text.h"

/*
 * CaStore's queries: they all run on the reader connection, so an import in
 * progress on the writer never blocks them.
 */

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
  " m.sectors, m.description, m.joined, m.registry_id, m.org_key"

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
  member->registry_id = col_str (s, i++);
  member->org_key = col_str (s, i++);
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

  if ((stmt = _ca_store_conn_stmt (c, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  bind_text (stmt, 2, owner);
  while (_ca_store_step_row (c, stmt, &failed, error))
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

  while (_ca_store_step_row (c, stmt, &failed, error))
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

/* }}} */

/* {{{ Public API */

GPtrArray *
ca_store_find_clusters (CaStore     *self,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = _ca_store_conn_stmt (&self->reader,
                                   "SELECT " CLUSTER_COLUMNS
                                   " FROM clusters c JOIN feeds f ON f.id = c.feed"
                                   " WHERE f.hidden = 0 AND c.id = ?1 ORDER BY f.id",
                                   error)) == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  clusters = g_ptr_array_new_with_free_func (g_object_unref);
  while (_ca_store_step_row (&self->reader, stmt, &failed, error))
    g_ptr_array_add (clusters, cluster_from_row (stmt));
  return failed ? NULL : g_steal_pointer (&clusters);
}

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
  if ((stmt = _ca_store_conn_stmt (&self->reader,
                                   "SELECT " CLUSTER_COLUMNS
                                   " FROM clusters c JOIN feeds f ON f.id = c.feed"
                                   " WHERE f.hidden = 0"
                                   " ORDER BY c.sort_name, c.feed, c.id",
                                   error)) == NULL)
    return NULL;
  clusters = g_ptr_array_new_with_free_func (g_object_unref);
  while (_ca_store_step_row (&self->reader, stmt, &failed, error))
    g_ptr_array_add (clusters, cluster_from_row (stmt));
  return failed ? NULL : g_steal_pointer (&clusters);
}

/* The clusters the filter lets through (ca-cluster-filter.h): its values are ?1 to ?4.
 * A sector or an S3 area is one item of a list the store keeps joined with
 * CA_TEXT_LIST_SEP (ca-store-import.c): matched whole between separators, so
 * "Energy" does not match "Renewable Energy". */
#define SQL_LIST_HAS(column, param) \
  "instr (char (29) || " column " || char (29), char (29) || " param " || char (29)) > 0"
#define SQL_CLUSTER_FILTER \
  " AND (?1 IS NULL OR c.country = ?1)" \
  " AND (?2 IS NULL OR c.region = ?2)" \
  " AND (?3 IS NULL OR " SQL_LIST_HAS ("c.sectors", "?3") ")" \
  " AND (?4 IS NULL OR " SQL_LIST_HAS ("c.s3_priorities", "?4") ")"

G_STATIC_ASSERT (CA_TEXT_LIST_SEP == 29);

/* skip: a facet left out (its choices count under the others), or CA_N_CLUSTER_FACETS */
static void
bind_cluster_filter (sqlite3_stmt          *stmt,
                     const CaClusterFilter *filter,
                     CaClusterFacet         skip)
{
  for (guint i = 0; i < CA_N_CLUSTER_FACETS; i++)
    if (i != skip)
      bind_text (stmt, i + 1, ca_cluster_filter_get (filter, i));
}

guint
ca_store_count_clusters (CaStore  *self,
                         GError  **error)
{
  return ca_store_count_clusters_filtered (self, NULL, error);
}

guint
ca_store_count_clusters_filtered (CaStore                *self,
                                  const CaClusterFilter  *filter,
                                  GError                **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  locker = g_mutex_locker_new (&self->reader.lock);
  /* Unfiltered, the count reads the primary key's index alone: the filter's
   * columns, even unbound, have SQLite read every row of the table (~7 MB on the
   * europe store), and this count is taken at every start */
  if (ca_cluster_filter_is_empty (filter))
    stmt = _ca_store_conn_stmt (&self->reader,
                                "SELECT count(*) FROM clusters c JOIN feeds f ON f.id = c.feed"
                                " WHERE f.hidden = 0",
                                error);
  else if ((stmt = _ca_store_conn_stmt (&self->reader,
                                        "SELECT count(*) FROM clusters c JOIN feeds f ON f.id = c.feed"
                                        " WHERE f.hidden = 0" SQL_CLUSTER_FILTER,
                                        error)) != NULL)
    bind_cluster_filter (stmt, filter, CA_N_CLUSTER_FACETS);
  if (stmt == NULL)
    return 0;
  if (!_ca_store_step_row (&self->reader, stmt, &failed, error))
    return 0;
  return sqlite3_column_int (stmt, 0);
}

GPtrArray *
ca_store_list_cluster_summaries (CaStore  *self,
                                 guint     offset,
                                 guint     limit,
                                 GError  **error)
{
  return ca_store_list_cluster_summaries_filtered (self, NULL, offset, limit, error);
}

/* Only what a list row shows; the rest comes with ca_store_get_cluster(). In the
 * order of the clusters_order index, which the filter's conditions do not change. */
GPtrArray *
ca_store_list_cluster_summaries_filtered (CaStore                *self,
                                          const CaClusterFilter  *filter,
                                          guint                   offset,
                                          guint                   limit,
                                          GError                **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = _ca_store_conn_stmt (&self->reader,
                                   "SELECT f.key, c.id, c.name, c.acronym, c.region,"
                                   " c.comp_members, c.n_members, c.city, c.country"
                                   " FROM clusters c JOIN feeds f ON f.id = c.feed"
                                   " WHERE f.hidden = 0" SQL_CLUSTER_FILTER
                                   " ORDER BY c.sort_name, c.feed, c.id"
                                   " LIMIT ?5 OFFSET ?6",
                                   error)) == NULL)
    return NULL;
  bind_cluster_filter (stmt, filter, CA_N_CLUSTER_FACETS);
  sqlite3_bind_int64 (stmt, 5, limit);
  sqlite3_bind_int64 (stmt, 6, offset);
  clusters = g_ptr_array_new_with_free_func (g_object_unref);
  while (_ca_store_step_row (&self->reader, stmt, &failed, error))
    {
      CaCluster *cluster = ca_cluster_new ();

      cluster->feed = col_str (stmt, 0);
      cluster->id = col_str (stmt, 1);
      cluster->name = col_str (stmt, 2);
      cluster->acronym = col_str (stmt, 3);
      cluster->region = col_str (stmt, 4);
      for (guint k = 0; k < CA_N_COMPOSITION; k++)
        cluster->composition[k] = -1;
      if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
        cluster->composition[CA_COMPOSITION_MEMBERS] = sqlite3_column_int64 (stmt, 5);
      cluster->n_members = sqlite3_column_int (stmt, 6);
      cluster->city = col_str (stmt, 7);
      cluster->country = col_str (stmt, 8);
      g_ptr_array_add (clusters, cluster);
    }
  return failed ? NULL : g_steal_pointer (&clusters);
}

/* A facet's values among the clusters the filter's other facets let through. A list
 * (sectors, S3 areas) is split on its separator by a recursive query; a cluster that
 * names a value twice counts once. */
#define SQL_CHOICES_PLAIN(column) \
  "SELECT " column ", count(*) FROM clusters c JOIN feeds f ON f.id = c.feed" \
  " WHERE f.hidden = 0 AND " column " <> ''" SQL_CLUSTER_FILTER \
  " GROUP BY " column
#define SQL_CHOICES_LIST(column) \
  "WITH RECURSIVE split (cid, item, rest) AS (" \
  "  SELECT c.rowid, NULL, " column " || char (29)" \
  "   FROM clusters c JOIN feeds f ON f.id = c.feed" \
  "   WHERE f.hidden = 0 AND " column " <> ''" SQL_CLUSTER_FILTER \
  "  UNION ALL" \
  "  SELECT cid, substr (rest, 1, instr (rest, char (29)) - 1)," \
  "   substr (rest, instr (rest, char (29)) + 1) FROM split WHERE rest <> ''" \
  ") SELECT item, count(DISTINCT cid) FROM split WHERE item <> '' GROUP BY item"

static const char * const choices_sql[CA_N_CLUSTER_FACETS] = {
  SQL_CHOICES_PLAIN ("c.country"),
  SQL_CHOICES_PLAIN ("c.region"),
  SQL_CHOICES_LIST ("c.sectors"),
  SQL_CHOICES_LIST ("c.s3_priorities"),
};

static int
compare_choices (gconstpointer a,
                 gconstpointer b)
{
  const CaClusterChoice *x = *(CaClusterChoice * const *) a;
  const CaClusterChoice *y = *(CaClusterChoice * const *) b;
  int by_label = g_utf8_collate (x->label, y->label);

  return by_label != 0 ? by_label : strcmp (x->value, y->value);
}

GPtrArray *
ca_store_list_cluster_choices (CaStore                *self,
                               CaClusterFacet          facet,
                               const CaClusterFilter  *filter,
                               GError                **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  const char *chosen = ca_cluster_filter_get (filter, facet);
  gboolean failed = FALSE;
  gboolean has_chosen = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (facet < CA_N_CLUSTER_FACETS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = _ca_store_conn_stmt (&self->reader, choices_sql[facet], error)) == NULL)
    return NULL;
  bind_cluster_filter (stmt, filter, facet);
  choices = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_cluster_choice_free);
  while (_ca_store_step_row (&self->reader, stmt, &failed, error))
    {
      CaClusterChoice *choice = g_new0 (CaClusterChoice, 1);

      choice->value = col_str (stmt, 0);
      choice->count = sqlite3_column_int (stmt, 1);
      has_chosen |= g_strcmp0 (choice->value, chosen) == 0;
      g_ptr_array_add (choices, choice);
    }
  if (failed)
    return NULL;
  g_clear_pointer (&locker, g_mutex_locker_free);

  /* The value chosen stays a choice when the other facets leave it no cluster */
  if (chosen != NULL && !has_chosen)
    {
      CaClusterChoice *choice = g_new0 (CaClusterChoice, 1);

      choice->value = g_strdup (chosen);
      g_ptr_array_add (choices, choice);
    }
  for (guint i = 0; i < choices->len; i++)
    {
      CaClusterChoice *choice = choices->pdata[i];

      choice->label = ca_cluster_facet_dup_label (facet, choice->value);
    }
  g_ptr_array_sort (choices, compare_choices);
  return g_steal_pointer (&choices);
}

CaCluster *
ca_store_get_cluster (CaStore     *self,
                      const char  *feed,
                      const char  *id,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(CaCluster) cluster = NULL;
  Conn *c;
  gboolean failed = FALSE;
  gint64 feed_id = 0;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (feed != NULL && id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  c = &self->reader;

  locker = g_mutex_locker_new (&c->lock);

  /* One read transaction, so the parts come from the same import. */
  if (!_ca_store_conn_exec (c, "BEGIN", error))
    return NULL;

  {
    g_autoptr(Stmt) stmt = _ca_store_conn_stmt (c,
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
        if (_ca_store_step_row (c, stmt, &failed, error))
          {
            cluster = cluster_from_row (stmt);
            feed_id = sqlite3_column_int64 (stmt, 0);
          }
        else if (!failed)
          {
            _ca_store_set_not_found (error, feed, id);
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
      g_autoptr(Stmt) stmt = _ca_store_conn_stmt (c,
                                                  "SELECT name, url FROM cluster_networks"
                                                  " WHERE feed = ?1 AND cluster = ?2"
                                                  " ORDER BY position",
                                                  error);
      if (stmt == NULL)
        failed = TRUE;
      else
        {
          sqlite3_bind_int64 (stmt, 1, feed_id);
          bind_text (stmt, 2, id);
          while (_ca_store_step_row (c, stmt, &failed, error))
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
      g_autoptr(Stmt) stmt = _ca_store_conn_stmt (c,
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
          while (_ca_store_step_row (c, stmt, &failed, error))
            g_ptr_array_add (cluster->members, member_from_row (stmt));
        }
    }

  if (failed)
    {
      _ca_store_conn_rollback (c);
      return NULL;
    }
  if (!_ca_store_conn_exec (c, "COMMIT", error))
    {
      _ca_store_conn_rollback (c);
      return NULL;
    }
  return g_steal_pointer (&cluster);
}

typedef struct {
  CaMember  *member;
  GPtrArray *clusters;
  GPtrArray *cluster_feeds;
} MemberGroup;

static void
member_group_free (gpointer data)
{
  MemberGroup *group = data;

  g_clear_object (&group->member);
  g_clear_pointer (&group->clusters, g_ptr_array_unref);
  g_clear_pointer (&group->cluster_feeds, g_ptr_array_unref);
  g_free (group);
}

static char **
steal_strv (GPtrArray **array)
{
  g_ptr_array_add (*array, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (array), FALSE);
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
    stmt = _ca_store_conn_stmt (&self->reader,
                                "SELECT " MEMBER_COLUMNS
                                " FROM members m JOIN feeds f ON f.id = m.feed WHERE f.hidden = 0"
                                " ORDER BY m.sort_name, m.name, m.feed, m.cluster, m.position",
                                error);
  else
    stmt = _ca_store_conn_stmt (&self->reader,
                                "SELECT " MEMBER_COLUMNS
                                " FROM members m JOIN feeds f ON f.id = m.feed"
                                " WHERE f.hidden = 0 AND m.kind = ?1"
                                " ORDER BY m.sort_name, m.name, m.feed, m.cluster, m.position",
                                error);
  if (stmt == NULL)
    return NULL;
  if (kind >= 0)
    bind_text (stmt, 1, ca_member_kind_to_string (kind));

  /* One entry per organisation: the rows with the same org_key, from any cluster of
   * any feed (ca_member_identity_key() says why they are one) */
  groups = g_hash_table_new (g_str_hash, g_str_equal);
  order = g_ptr_array_new_with_free_func (member_group_free);
  while (_ca_store_step_row (&self->reader, stmt, &failed, error))
    {
      const char *feed = (const char *) sqlite3_column_text (stmt, 1);
      const char *cluster = (const char *) sqlite3_column_text (stmt, 2);
      const char *org_key = (const char *) sqlite3_column_text (stmt, 14);
      MemberGroup *group = org_key != NULL ? g_hash_table_lookup (groups, org_key) : NULL;
      gboolean listed = FALSE;

      if (group == NULL)
        {
          group = g_new0 (MemberGroup, 1);
          group->member = member_from_row (stmt);
          group->clusters = g_ptr_array_new_with_free_func (g_free);
          group->cluster_feeds = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (order, group);
          /* The key is the member's own copy, which lives as long as the table */
          if (group->member->org_key != NULL)
            g_hash_table_insert (groups, group->member->org_key, group);
        }

      for (guint i = 0; i < group->clusters->len && !listed; i++)
        listed = g_strcmp0 (g_ptr_array_index (group->clusters, i), cluster) == 0 &&
                 g_strcmp0 (g_ptr_array_index (group->cluster_feeds, i), feed) == 0;
      if (!listed)
        {
          g_ptr_array_add (group->clusters, g_strdup (cluster));
          g_ptr_array_add (group->cluster_feeds, g_strdup (feed));
        }
    }
  if (failed)
    return NULL;
  g_clear_pointer (&groups, g_hash_table_unref);

  members = g_ptr_array_new_full (order->len, g_object_unref);
  for (guint i = 0; i < order->len; i++)
    {
      MemberGroup *group = g_ptr_array_index (order, i);

      group->member->clusters = steal_strv (&group->clusters);
      group->member->cluster_feeds = steal_strv (&group->cluster_feeds);
      g_ptr_array_add (members, g_steal_pointer (&group->member));
    }
  return g_steal_pointer (&members);
}

gboolean
ca_store_count_members (CaStore  *self,
                        int       kind,
                        guint    *n_organisations,
                        guint    *n_memberships,
                        GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind >= -1 && kind < CA_N_MEMBER_KINDS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->reader.lock);
  /* The same rows as ca_store_list_members(), which makes one entry per org_key */
  if ((stmt = _ca_store_conn_stmt (&self->reader,
                                   "SELECT count(DISTINCT m.org_key), count(*)"
                                   " FROM members m JOIN feeds f ON f.id = m.feed"
                                   " WHERE f.hidden = 0 AND (?1 IS NULL OR m.kind = ?1)",
                                   error)) == NULL)
    return FALSE;
  if (kind >= 0)
    bind_text (stmt, 1, ca_member_kind_to_string (kind));
  if (!_ca_store_step_row (&self->reader, stmt, &failed, error))
    {
      if (!failed)
        g_set_error_literal (error, CA_STORE_ERROR, CA_STORE_ERROR_FAILED, "no count");
      return FALSE;
    }
  if (n_organisations != NULL)
    *n_organisations = sqlite3_column_int64 (stmt, 0);
  if (n_memberships != NULL)
    *n_memberships = sqlite3_column_int64 (stmt, 1);
  return TRUE;
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
  if ((stmt = _ca_store_conn_stmt (&self->reader, sql->str, error)) == NULL)
    return NULL;
  if (feed != NULL)
    bind_text (stmt, 1, feed);
  if (cluster != NULL)
    bind_text (stmt, 2, cluster);

  projects = g_ptr_array_new_with_free_func (g_object_unref);
  while (_ca_store_step_row (&self->reader, stmt, &failed, error))
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
  if ((stmt = _ca_store_conn_stmt (&self->reader,
                                   "SELECT " PROJECT_COLUMNS
                                   " FROM projects p JOIN feeds f ON f.id = p.feed"
                                   " WHERE f.key = ?1 AND p.id = ?2 AND f.hidden = 0",
                                   error)) == NULL)
    return NULL;
  bind_text (stmt, 1, feed);
  bind_text (stmt, 2, id);
  if (_ca_store_step_row (&self->reader, stmt, &failed, error))
    return project_from_row (stmt);
  if (!failed)
    _ca_store_set_not_found (error, feed, id);
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

  /* Starred only, the stars lead (CROSS JOIN keeps SQLite to that order): from the
   * events, SQLite walked every event that starts before the query's end, and the
   * reminders ask for the next day's starred events on the main thread every minute
   * (~30 ms on the europe store with no star at all, now under 1 ms) */
  if (query->starred_only)
    sql = g_string_new ("SELECT " EVENT_COLUMNS " FROM stars st"
                        " CROSS JOIN feeds f ON f.key = st.feed_key"
                        " CROSS JOIN events e ON e.feed = f.id AND e.id = st.event_id");
  else
    sql = g_string_new ("SELECT " EVENT_COLUMNS " FROM events e JOIN feeds f ON f.id = e.feed"
                        " LEFT JOIN " EVENT_STAR_JOIN);
  g_string_append (sql, " WHERE f.hidden = 0");
  if (query->from != 0)
    g_string_append (sql, " AND e.stop_time >= ?1");
  if (query->to != 0)
    g_string_append (sql, " AND e.start_time < ?2");
  /* A cluster's events: its feed's, and those of the calendars subscribed for it */
  if (query->feed != NULL && query->cluster != NULL)
    g_string_append (sql, " AND (f.key = ?3 OR (f.kind = 'ics' AND f.cluster_feed = ?3"
                          " AND f.cluster_id = ?4))");
  else if (query->feed != NULL)
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
  if ((stmt = _ca_store_conn_stmt (&self->reader, sql->str, error)) == NULL)
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
  if ((stmt = _ca_store_conn_stmt (&self->reader,
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
      _ca_store_set_not_found (error, feed, id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (events, 0));
}

/* }}} */
