/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ca-cluster-list.h"
#include "ca-feed-parser.h"
#include "ca-person.h"
#include "ca-store.h"
#include "ca-store-private.h"
#include "ca-text.h"

#define FEED_A "https://a.example.org/feed.json"
#define FEED_B "https://b.example.org/feed.json"

/* 2026-03-01T00:00:00Z and one day */
#define T0  G_GINT64_CONSTANT (1772323200)
#define DAY G_GINT64_CONSTANT (86400)
#define HOUR G_GINT64_CONSTANT (3600)

/* {{{ Fixture */

typedef struct {
  char    *dir;
  char    *path;
  CaStore *store;
} Fixture;

static void
remove_tree (const char *path)
{
  GDir *dir;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      const char *name;

      if ((dir = g_dir_open (path, 0, NULL)) != NULL)
        {
          while ((name = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *child = g_build_filename (path, name, NULL);
              remove_tree (child);
            }
          g_dir_close (dir);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static CaStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  CaStore *store = ca_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("test-store-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "data", "atlas.db", NULL);
  fx->store = open_store (fx->path);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->store);
  remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->path);
}

static void
fixture_reopen (Fixture *fx)
{
  g_clear_object (&fx->store);
  fx->store = open_store (fx->path);
}

/* }}} */

/* {{{ Building feeds in C */

static char *
text2 (const char *en,
       const char *bg)
{
  GString *builder = ca_text_builder_new ();

  ca_text_builder_add (builder, "en", en);
  ca_text_builder_add (builder, "bg", bg);
  return ca_text_builder_end (builder);
}

static char **
strv (const char *first,
      ...)
{
  GPtrArray *array = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_ptr_array_add (array, g_strdup (s));
  va_end (args);
  g_ptr_array_add (array, NULL);
  return (char **) g_ptr_array_free (array, FALSE);
}

static CaPerson *
person (const char *name,
        const char *role,
        const char *email,
        const char *phone)
{
  CaPerson *p = ca_person_new ();

  p->name = g_strdup (name);
  p->role = g_strdup (role);
  p->email = g_strdup (email);
  p->phone = g_strdup (phone);
  return p;
}

static CaMember *
member (const char   *id,
        const char   *name,
        CaMemberKind  kind)
{
  CaMember *m = ca_member_new ();

  m->id = g_strdup (id);
  m->name = g_strdup (name);
  m->kind = kind;
  return m;
}

static CaCluster *
cluster (const char *id,
         const char *name)
{
  CaCluster *c = ca_cluster_new ();

  c->id = g_strdup (id);
  c->name = g_strdup (name);
  return c;
}

static CaProject *
project (const char *id,
         const char *title,
         const char *start,
         char      **clusters)
{
  CaProject *p = ca_project_new ();

  p->id = g_strdup (id);
  p->title = g_strdup (title);
  p->start = g_strdup (start);
  p->clusters = clusters;
  p->budget_currency = g_strdup ("EUR");
  return p;
}

static CaEvent *
event (const char  *id,
       const char  *title,
       gint64       start,
       gint64       end,
       CaEventKind  kind,
       char       **clusters,
       const char  *project_id)
{
  CaEvent *e = ca_event_new ();

  e->id = g_strdup (id);
  e->title = g_strdup (title);
  e->start = start;
  e->end = end;
  e->has_end = end != start;
  e->kind = kind;
  e->clusters = clusters;
  e->project = g_strdup (project_id);
  return e;
}

/* A cluster with every field set, its team, networks and three members. */
static CaCluster *
full_cluster (void)
{
  CaCluster *c = cluster ("ict", NULL);

  c->name = text2 ("ICT Cluster", "ИКТ Клъстер");
  c->acronym = g_strdup ("ICTC");
  c->country = g_strdup ("BG");
  c->region = text2 ("South-West", "Югозападен");
  c->city = text2 ("Sofia", "София");
  c->established = g_strdup ("2005-01-31");
  c->legal_form = g_strdup ("Foundation");
  c->website = g_strdup ("https://ict.example.org");
  c->email = g_strdup ("office@ict.example.org");
  c->phone = g_strdup ("+359 2 000 000");
  c->languages = strv ("bg", "en", NULL);
  c->summary = text2 ("Uniting software companies", "Обединява софтуерни компании");
  c->objectives = strv ("Grow exports", "Train engineers", NULL);
  c->activities = strv ("Matchmaking", NULL);
  c->services = strv ("Mentoring", "Internationalisation", NULL);
  c->sectors = strv ("Software", NULL);
  c->technology_fields = strv ("AI", "Cybersecurity", NULL);
  c->s3_priorities = strv ("Informatics and ICT", NULL);
  c->labels = strv ("Cluster Management Excellence Label BRONZE", NULL);
  c->composition[CA_COMPOSITION_MEMBERS] = 120;
  c->composition[CA_COMPOSITION_SMES] = 100;
  c->composition[CA_COMPOSITION_STARTUPS] = 0;
  c->composition[CA_COMPOSITION_RESEARCH] = 6;
  /* large_companies, civil_society, other: not given (-1) */

  g_ptr_array_add (c->team, person ("Maria Petrova", "Manager", "maria@ict.example.org",
                                    "+359 1"));
  g_ptr_array_add (c->team, person ("Ivan Ivanov", NULL, NULL, NULL));
  {
    CaNetwork *n = ca_network_new ();
    n->name = text2 ("European Cluster Collaboration Platform", "Европейска платформа");
    n->url = g_strdup ("https://clustercollaboration.eu");
    g_ptr_array_add (c->networks, n);
    n = ca_network_new ();
    n->name = g_strdup ("BCA");
    g_ptr_array_add (c->networks, n);
  }
  {
    CaMember *m = member ("acme", "Acme Software", CA_MEMBER_KIND_SME);
    m->city = text2 ("Plovdiv", "Пловдив");
    m->country = g_strdup ("BG");
    m->website = g_strdup ("https://acme.example.org");
    m->sectors = strv ("Software", "Games", NULL);
    m->description = g_strdup ("Makes software");
    m->joined = g_strdup ("2010-05");
    g_ptr_array_add (c->members, m);
    g_ptr_array_add (c->members, member (NULL, "Technical University of Sofia",
                                         CA_MEMBER_KIND_UNIVERSITY));
    g_ptr_array_add (c->members, member ("zeta", "Zeta Labs", CA_MEMBER_KIND_STARTUP));
  }
  return c;
}

/* A feed holding full_cluster(), a second cluster, projects and events. */
static CaFeed *
make_full_feed (void)
{
  CaFeed *feed = ca_feed_new ();
  CaCluster *c2 = cluster ("agro", "Agro Cluster");
  CaProject *p;
  CaEvent *e;

  feed->publisher_name = text2 ("Business Clusters Association", "Асоциация на клъстерите");
  feed->publisher_url = g_strdup ("https://bca.example.org");
  feed->generated = g_strdup ("2026-02-01T09:00:00Z");
  g_ptr_array_add (feed->warnings, g_strdup ("clusters[3]: no name"));
  g_ptr_array_add (feed->warnings, g_strdup ("events[0].url: refused URL scheme \"file\""));

  g_ptr_array_add (feed->clusters, full_cluster ());
  /* The same organisation (id "acme") in a second cluster */
  g_ptr_array_add (c2->members, member ("acme", "Acme Software", CA_MEMBER_KIND_SME));
  g_ptr_array_add (c2->members, member (NULL, "Farmers Union", CA_MEMBER_KIND_ASSOCIATION));
  g_ptr_array_add (feed->clusters, c2);

  p = project ("bowi", NULL, "2019-01-01", strv ("ict", "agro", NULL));
  p->title = text2 ("Boosting Digital Innovation", "Ускоряване на дигиталните иновации");
  p->acronym = g_strdup ("BOWI");
  p->programme = g_strdup ("Horizon 2020");
  p->grant = g_strdup ("873155");
  p->end = g_strdup ("2022-06");
  p->has_budget = TRUE;
  p->budget_amount = 1234567.5;
  g_free (p->budget_currency);
  p->budget_currency = g_strdup ("BGN");
  p->role = text2 ("Partner", "Партньор");
  p->partners = strv ("TU Sofia", "Fraunhofer", NULL);
  p->summary = g_strdup ("Digital innovation hubs network");
  p->objectives = strv ("Support hubs", NULL);
  p->website = g_strdup ("https://bowi.example.org");
  g_ptr_array_add (feed->projects, p);
  g_ptr_array_add (feed->projects, project ("nostart", "Zeta project", NULL, NULL));
  g_ptr_array_add (feed->projects, project ("agri", "Agri project", "2021", strv ("agro", NULL)));

  e = event ("conf", NULL, T0 + 9 * HOUR, T0 + 17 * HOUR, CA_EVENT_KIND_CONFERENCE,
             strv ("ict", NULL), "bowi");
  e->title = text2 ("Digital Days", "Дигитални дни");
  e->timezone = g_strdup ("Europe/Sofia");
  e->status = CA_EVENT_STATUS_MOVED_ONLINE;
  e->venue = g_strdup ("Sofia Tech Park");
  e->city = text2 ("Sofia", "София");
  e->country = g_strdup ("BG");
  e->online = 1;
  e->url = g_strdup ("https://days.example.org");
  e->description = g_strdup ("Two tracks");
  e->organizers = strv ("ICT Cluster", "BCA", NULL);
  g_ptr_array_add (e->speakers, person ("Dr. Ana", "TU Sofia", NULL, NULL));
  g_ptr_array_add (e->speakers, person ("Bob", NULL, "bob@example.org", "+1"));
  g_ptr_array_add (feed->events, e);

  e = event ("fair", "Agro Fair", T0 + 10 * DAY, T0 + 12 * DAY, CA_EVENT_KIND_FAIR,
             strv ("agro", NULL), NULL);
  e->all_day = TRUE;
  e->online = 0;
  g_ptr_array_add (feed->events, e);

  e = event ("webinar", "Cyber webinar", T0 + 20 * DAY, T0 + 20 * DAY, CA_EVENT_KIND_WEBINAR,
             strv ("ict", "agro", NULL), "agri");
  g_ptr_array_add (feed->events, e);

  return feed;
}

/* A plain feed of a given size, for volume tests. */
static CaFeed *
make_bulk_feed (const char *tag,
                guint       n_clusters,
                guint       n_members,
                guint       n_projects,
                guint       n_events)
{
  CaFeed *feed = ca_feed_new ();

  feed->publisher_name = g_strdup_printf ("Publisher %s", tag);
  for (guint i = 0; i < n_clusters; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i);
      g_autofree char *name = g_strdup_printf ("%s cluster %u", tag, i);
      CaCluster *c = cluster (id, name);

      c->summary = g_strdup_printf ("Summary of %s cluster number %u, with a few words of text "
                                    "so that the pages fill up", tag, i);
      c->composition[CA_COMPOSITION_MEMBERS] = n_members;
      for (guint j = 0; j < n_members; j++)
        {
          g_autofree char *mid = g_strdup_printf ("m%u-%u", i, j);
          g_autofree char *mname = g_strdup_printf ("%s member %u of %u", tag, j, i);
          CaMember *m = member (mid, mname, j % CA_N_MEMBER_KINDS);

          m->description = g_strdup_printf ("Description of member %u of cluster %u", j, i);
          g_ptr_array_add (c->members, m);
        }
      g_ptr_array_add (feed->clusters, c);
    }
  for (guint i = 0; i < n_projects; i++)
    {
      g_autofree char *id = g_strdup_printf ("p%u", i);
      g_autofree char *title = g_strdup_printf ("%s project %u", tag, i);

      g_ptr_array_add (feed->projects,
                       project (id, title, "2020-01-01",
                                strv (n_clusters > 0 ? "c0" : "none", NULL)));
    }
  for (guint i = 0; i < n_events; i++)
    {
      g_autofree char *id = g_strdup_printf ("e%u", i);
      g_autofree char *title = g_strdup_printf ("%s event %u", tag, i);

      g_ptr_array_add (feed->events,
                       event (id, title, T0 + i * HOUR, T0 + i * HOUR + HOUR,
                              i % CA_N_EVENT_KINDS, strv ("c0", NULL), NULL));
    }
  return feed;
}

static void
replace (CaStore    *store,
         const char *key,
         CaFeed     *feed)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ca_store_replace_feed (store, key, feed, &error));
  g_assert_no_error (error);
}

/* }}} */

/* {{{ Query helpers */

static GPtrArray *
list_clusters (CaStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *clusters = ca_store_list_clusters (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (clusters);
  return clusters;
}

static GPtrArray *
list_events (CaStore            *store,
             const CaEventQuery *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *events = ca_store_list_events (store, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (events);
  return events;
}

/* The ids of the events, joined with spaces, in order */
static char *
event_ids (GPtrArray *events)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < events->len; i++)
    {
      CaEvent *e = g_ptr_array_index (events, i);
      if (i > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, e->id);
    }
  return g_string_free (ids, FALSE);
}

static char *
query_events (CaStore            *store,
              const CaEventQuery *query)
{
  g_autoptr(GPtrArray) events = list_events (store, query);

  return event_ids (events);
}

static GPtrArray *
search (CaStore    *store,
        const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = ca_store_search (store, text, 50, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

static CaSearchHit *
find_hit (GPtrArray    *hits,
          CaSearchKind  kind,
          const char   *feed,
          const char   *id)
{
  for (guint i = 0; i < hits->len; i++)
    {
      CaSearchHit *hit = g_ptr_array_index (hits, i);

      if (hit->kind == kind && g_str_equal (hit->feed, feed) && g_str_equal (hit->id, id))
        return hit;
    }
  return NULL;
}

/* find_hit() that must succeed */
static CaSearchHit *
expect_hit (GPtrArray    *hits,
            CaSearchKind  kind,
            const char   *feed,
            const char   *id)
{
  CaSearchHit *hit = find_hit (hits, kind, feed, id);

  if (hit == NULL)
    g_error ("no hit of kind %d for %s in %s among %u hits", kind, id, feed, hits->len);
  return hit;
}

static gboolean
search_finds (CaStore      *store,
              const char   *text,
              CaSearchKind  kind,
              const char   *feed,
              const char   *id)
{
  g_autoptr(GPtrArray) hits = search (store, text);

  return find_hit (hits, kind, feed, id) != NULL;
}

static CaFeedInfo *
feed_info (CaStore    *store,
           const char *key)
{
  g_autoptr(GError) error = NULL;
  CaFeedInfo *info = ca_store_get_feed_info (store, key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

static gint64
sql_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
sql_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* Every indexed term with its document and instance counts: equal for two
 * stores exactly when their full-text indexes hold the same text. */
static char *
index_vocabulary (const char *path)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE VIRTUAL TABLE temp.vocab"
                                     " USING fts5vocab (main, search, 'row')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT term, doc, cnt FROM vocab ORDER BY term",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s:%d:%d ", sqlite3_column_text (stmt, 0),
                            sqlite3_column_int (stmt, 1), sqlite3_column_int (stmt, 2));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO search (search) VALUES ('integrity-check')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return g_string_free (out, FALSE);
}

/* }}} */

/* {{{ Opening */

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

  g_assert_cmpint (sql_int (fx->path, "PRAGMA user_version"), ==, _CA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (fx->path,
                            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN"
                            " ('feeds', 'clusters', 'cluster_team', 'cluster_networks',"
                            "  'members', 'projects', 'project_clusters', 'events',"
                            "  'event_clusters', 'event_speakers', 'stars', 'meta', 'search',"
                            "  'search_docs')"),
                   ==, 14);
  g_assert_cmpint (sql_int (fx->path,
                            "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN"
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

    g_assert_true (ca_store_add_feed (fx->store, FEED_A, &error));
    g_assert_no_error (error);
    fixture_reopen (fx);
    g_assert_true (ca_store_has_feed (fx->store, FEED_A));
    g_assert_null (ca_store_get_moved_aside (fx->store));
    g_assert_cmpint (sql_int (fx->path, "PRAGMA user_version"), ==, _CA_STORE_SCHEMA_VERSION);
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

/* }}} */

/* {{{ Round trips */

static void
assert_strv (char       **got,
             const char  *first,
             ...)
{
  va_list args;
  guint i = 0;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *), i++)
    {
      g_assert_nonnull (got);
      g_assert_cmpstr (got[i], ==, s);
    }
  va_end (args);
  if (i == 0)
    g_assert_null (got);
  else
    g_assert_null (got[i]);
}

static void
assert_person (CaPerson   *p,
               const char *name,
               const char *role,
               const char *email,
               const char *phone)
{
  g_assert_cmpstr (p->name, ==, name);
  g_assert_cmpstr (p->role, ==, role);
  g_assert_cmpstr (p->email, ==, email);
  g_assert_cmpstr (p->phone, ==, phone);
}

static void
test_roundtrip_cluster (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();
  g_autoptr(CaCluster) expected = full_cluster ();
  g_autoptr(CaCluster) c = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;
  CaMember *m;
  CaNetwork *n;

  replace (fx->store, FEED_A, feed);
  /* From a freshly opened store, not from any cache */
  fixture_reopen (fx);

  c = ca_store_get_cluster (fx->store, FEED_A, "ict", &error);
  g_assert_no_error (error);
  g_assert_nonnull (c);
  g_assert_cmpstr (c->feed, ==, FEED_A);
  g_assert_cmpstr (c->id, ==, "ict");
  g_assert_cmpstr (c->name, ==, expected->name);
  g_assert_true (ca_text_is_localized (c->name));
  g_assert_cmpstr (c->acronym, ==, "ICTC");
  g_assert_cmpstr (c->country, ==, "BG");
  g_assert_cmpstr (c->region, ==, expected->region);
  g_assert_cmpstr (c->city, ==, expected->city);
  g_assert_cmpstr (c->established, ==, "2005-01-31");
  g_assert_cmpstr (c->legal_form, ==, "Foundation");
  g_assert_cmpstr (c->website, ==, "https://ict.example.org");
  g_assert_cmpstr (c->email, ==, "office@ict.example.org");
  g_assert_cmpstr (c->phone, ==, "+359 2 000 000");
  assert_strv (c->languages, "bg", "en", NULL);
  g_assert_cmpstr (c->summary, ==, expected->summary);
  assert_strv (c->objectives, "Grow exports", "Train engineers", NULL);
  assert_strv (c->activities, "Matchmaking", NULL);
  assert_strv (c->services, "Mentoring", "Internationalisation", NULL);
  assert_strv (c->sectors, "Software", NULL);
  assert_strv (c->technology_fields, "AI", "Cybersecurity", NULL);
  assert_strv (c->s3_priorities, "Informatics and ICT", NULL);
  assert_strv (c->labels, "Cluster Management Excellence Label BRONZE", NULL);
  g_assert_cmpint (c->composition[CA_COMPOSITION_MEMBERS], ==, 120);
  g_assert_cmpint (c->composition[CA_COMPOSITION_SMES], ==, 100);
  g_assert_cmpint (c->composition[CA_COMPOSITION_STARTUPS], ==, 0);
  g_assert_cmpint (c->composition[CA_COMPOSITION_LARGE_COMPANIES], ==, -1);
  g_assert_cmpint (c->composition[CA_COMPOSITION_RESEARCH], ==, 6);
  g_assert_cmpint (c->composition[CA_COMPOSITION_CIVIL_SOCIETY], ==, -1);
  g_assert_cmpint (c->composition[CA_COMPOSITION_OTHER], ==, -1);
  g_assert_cmpuint (c->n_members, ==, 3);

  g_assert_cmpuint (c->team->len, ==, 2);
  assert_person (g_ptr_array_index (c->team, 0), "Maria Petrova", "Manager",
                 "maria@ict.example.org", "+359 1");
  assert_person (g_ptr_array_index (c->team, 1), "Ivan Ivanov", NULL, NULL, NULL);

  g_assert_cmpuint (c->networks->len, ==, 2);
  n = g_ptr_array_index (c->networks, 0);
  g_assert_cmpstr (n->name, ==, ((CaNetwork *) g_ptr_array_index (expected->networks, 0))->name);
  g_assert_cmpstr (n->url, ==, "https://clustercollaboration.eu");
  n = g_ptr_array_index (c->networks, 1);
  g_assert_cmpstr (n->name, ==, "BCA");
  g_assert_null (n->url);

  g_assert_cmpuint (c->members->len, ==, 3);
  m = g_ptr_array_index (c->members, 0);
  g_assert_cmpstr (m->feed, ==, FEED_A);
  g_assert_cmpstr (m->cluster, ==, "ict");
  g_assert_cmpuint (m->position, ==, 0);
  g_assert_cmpstr (m->id, ==, "acme");
  g_assert_cmpstr (m->name, ==, "Acme Software");
  g_assert_cmpint (m->kind, ==, CA_MEMBER_KIND_SME);
  g_assert_cmpstr (m->city, ==, ((CaMember *) g_ptr_array_index (expected->members, 0))->city);
  g_assert_cmpstr (m->country, ==, "BG");
  g_assert_cmpstr (m->website, ==, "https://acme.example.org");
  assert_strv (m->sectors, "Software", "Games", NULL);
  g_assert_cmpstr (m->description, ==, "Makes software");
  g_assert_cmpstr (m->joined, ==, "2010-05");
  m = g_ptr_array_index (c->members, 1);
  g_assert_cmpuint (m->position, ==, 1);
  g_assert_null (m->id);
  g_assert_cmpstr (m->name, ==, "Technical University of Sofia");
  g_assert_cmpint (m->kind, ==, CA_MEMBER_KIND_UNIVERSITY);
  g_assert_null (m->city);
  g_assert_null (m->sectors);
  m = g_ptr_array_index (c->members, 2);
  g_assert_cmpuint (m->position, ==, 2);
  g_assert_cmpint (m->kind, ==, CA_MEMBER_KIND_STARTUP);

  /* The list has every cluster, without members, with their counts */
  clusters = list_clusters (fx->store);
  g_assert_cmpuint (clusters->len, ==, 2);
  {
    CaCluster *item = g_ptr_array_index (clusters, 0);    /* "agro cluster" < "ict cluster" */

    g_assert_cmpstr (item->id, ==, "agro");
    g_assert_cmpuint (item->n_members, ==, 2);
    g_assert_cmpuint (item->members->len, ==, 0);
    g_assert_cmpint (item->composition[CA_COMPOSITION_MEMBERS], ==, -1);
    item = g_ptr_array_index (clusters, 1);
    g_assert_cmpstr (item->id, ==, "ict");
    g_assert_cmpuint (item->n_members, ==, 3);
    g_assert_cmpstr (item->acronym, ==, "ICTC");
  }

  /* Unknown ids */
  g_assert_null (ca_store_get_cluster (fx->store, FEED_A, "nope", &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (ca_store_get_cluster (fx->store, FEED_B, "ict", &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
}

static void
test_roundtrip_project (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();
  CaProject *expected = g_ptr_array_index (feed->projects, 0);
  g_autoptr(CaProject) p = NULL;
  g_autoptr(GError) error = NULL;

  replace (fx->store, FEED_A, feed);
  fixture_reopen (fx);

  p = ca_store_get_project (fx->store, FEED_A, "bowi", &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->feed, ==, FEED_A);
  g_assert_cmpstr (p->id, ==, "bowi");
  g_assert_cmpstr (p->title, ==, expected->title);
  g_assert_cmpstr (p->acronym, ==, "BOWI");
  g_assert_cmpstr (p->programme, ==, "Horizon 2020");
  g_assert_cmpstr (p->grant, ==, "873155");
  g_assert_cmpstr (p->start, ==, "2019-01-01");
  g_assert_cmpstr (p->end, ==, "2022-06");
  g_assert_true (p->has_budget);
  g_assert_cmpfloat (p->budget_amount, ==, 1234567.5);
  g_assert_cmpstr (p->budget_currency, ==, "BGN");
  g_assert_cmpstr (p->role, ==, expected->role);
  assert_strv (p->clusters, "ict", "agro", NULL);
  assert_strv (p->partners, "TU Sofia", "Fraunhofer", NULL);
  g_assert_cmpstr (p->summary, ==, "Digital innovation hubs network");
  assert_strv (p->objectives, "Support hubs", NULL);
  g_assert_cmpstr (p->website, ==, "https://bowi.example.org");
  g_clear_object (&p);

  p = ca_store_get_project (fx->store, FEED_A, "nostart", &error);
  g_assert_no_error (error);
  g_assert_false (p->has_budget);
  g_assert_cmpfloat (p->budget_amount, ==, 0.0);
  g_assert_cmpstr (p->budget_currency, ==, "EUR");
  g_assert_null (p->start);
  g_assert_null (p->clusters);
  g_clear_object (&p);

  g_assert_null (ca_store_get_project (fx->store, FEED_A, "nope", &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
}

static void
test_roundtrip_event (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();
  CaEvent *expected = g_ptr_array_index (feed->events, 0);
  g_autoptr(CaEvent) e = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  CaEventQuery all = CA_EVENT_QUERY_INIT;

  replace (fx->store, FEED_A, feed);
  fixture_reopen (fx);

  e = ca_store_get_event (fx->store, FEED_A, "conf", &error);
  g_assert_no_error (error);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->feed, ==, FEED_A);
  g_assert_cmpstr (e->id, ==, "conf");
  g_assert_cmpstr (e->title, ==, expected->title);
  g_assert_cmpint (e->start, ==, T0 + 9 * HOUR);
  g_assert_cmpint (e->end, ==, T0 + 17 * HOUR);
  g_assert_true (e->has_end);
  g_assert_false (e->all_day);
  g_assert_cmpstr (e->timezone, ==, "Europe/Sofia");
  g_assert_cmpint (e->kind, ==, CA_EVENT_KIND_CONFERENCE);
  g_assert_cmpint (e->status, ==, CA_EVENT_STATUS_MOVED_ONLINE);
  g_assert_cmpstr (e->venue, ==, "Sofia Tech Park");
  g_assert_cmpstr (e->city, ==, expected->city);
  g_assert_cmpstr (e->country, ==, "BG");
  g_assert_cmpint (e->online, ==, 1);
  g_assert_cmpstr (e->url, ==, "https://days.example.org");
  g_assert_cmpstr (e->description, ==, "Two tracks");
  assert_strv (e->clusters, "ict", NULL);
  g_assert_cmpstr (e->project, ==, "bowi");
  assert_strv (e->organizers, "ICT Cluster", "BCA", NULL);
  g_assert_cmpuint (e->speakers->len, ==, 2);
  assert_person (g_ptr_array_index (e->speakers, 0), "Dr. Ana", "TU Sofia", NULL, NULL);
  assert_person (g_ptr_array_index (e->speakers, 1), "Bob", NULL, "bob@example.org", "+1");
  g_assert_false (e->starred);
  g_clear_object (&e);

  e = ca_store_get_event (fx->store, FEED_A, "fair", &error);
  g_assert_no_error (error);
  g_assert_true (e->all_day);
  g_assert_true (e->has_end);
  g_assert_cmpint (e->online, ==, 0);
  g_assert_cmpint (e->kind, ==, CA_EVENT_KIND_FAIR);
  g_assert_cmpint (e->status, ==, CA_EVENT_STATUS_SCHEDULED);
  g_assert_null (e->project);
  g_assert_cmpuint (e->speakers->len, ==, 0);
  g_clear_object (&e);

  e = ca_store_get_event (fx->store, FEED_A, "webinar", &error);
  g_assert_no_error (error);
  g_assert_false (e->has_end);
  g_assert_cmpint (e->end, ==, e->start);
  g_assert_cmpint (e->online, ==, -1);
  assert_strv (e->clusters, "ict", "agro", NULL);
  g_clear_object (&e);

  /* The list carries the speakers too, ordered by start */
  events = list_events (fx->store, &all);
  g_assert_cmpuint (events->len, ==, 3);
  e = g_object_ref (g_ptr_array_index (events, 0));
  g_assert_cmpstr (e->id, ==, "conf");
  g_assert_cmpuint (e->speakers->len, ==, 2);
  g_assert_cmpstr (((CaPerson *) g_ptr_array_index (e->speakers, 1))->name, ==, "Bob");

  g_assert_null (ca_store_get_event (fx->store, FEED_A, "nope", &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
}

/* }}} */

/* {{{ Feeds */

static void
test_feeds_info (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();
  g_autoptr(CaFeedInfo) info = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_false (ca_store_has_feed (fx->store, FEED_A));
  g_assert_null (ca_store_get_feed_info (fx->store, FEED_A, &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Added, not yet synced */
  g_assert_true (ca_store_add_feed (fx->store, FEED_B, &error));
  g_assert_true (ca_store_add_feed (fx->store, FEED_B, &error));    /* twice is fine */
  g_assert_no_error (error);
  info = feed_info (fx->store, FEED_B);
  g_assert_cmpstr (info->key, ==, FEED_B);
  g_assert_null (info->title);
  g_assert_cmpint (info->last_sync, ==, 0);
  g_assert_cmpint (info->last_attempt, ==, 0);
  g_assert_nonnull (info->warnings);
  g_assert_cmpuint (g_strv_length (info->warnings), ==, 0);
  g_clear_pointer (&info, ca_feed_info_free);

  replace (fx->store, FEED_A, feed);
  info = feed_info (fx->store, FEED_A);
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
  assert_strv (info->warnings, "clusters[3]: no name",
               "events[0].url: refused URL scheme \"file\"", NULL);
  g_clear_pointer (&info, ca_feed_info_free);

  /* Validators and errors */
  g_assert_true (ca_store_set_feed_validators (fx->store, FEED_A, "\"abc\"",
                                               "Tue, 03 Mar 2026 10:00:00 GMT", &error));
  g_assert_true (ca_store_record_feed_error (fx->store, FEED_A, "Server error 503", &error));
  g_assert_no_error (error);
  info = feed_info (fx->store, FEED_A);
  g_assert_cmpstr (info->etag, ==, "\"abc\"");
  g_assert_cmpstr (info->last_modified, ==, "Tue, 03 Mar 2026 10:00:00 GMT");
  g_assert_cmpstr (info->last_error, ==, "Server error 503");
  g_assert_cmpint (info->last_attempt, >=, info->last_sync);
  g_assert_cmpuint (info->n_events, ==, 3);         /* records untouched */
  g_clear_pointer (&info, ca_feed_info_free);

  /* A successful import clears the error, keeps the validators */
  replace (fx->store, FEED_A, feed);
  info = feed_info (fx->store, FEED_A);
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
  g_assert_cmpstr (((CaFeedInfo *) g_ptr_array_index (feeds, 0))->key, ==, FEED_B);
  g_assert_cmpstr (((CaFeedInfo *) g_ptr_array_index (feeds, 1))->key, ==, FEED_A);
  g_assert_cmpuint (((CaFeedInfo *) g_ptr_array_index (feeds, 1))->n_members, ==, 5);
}

static void
test_feeds_separate (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(CaFeed) a = make_full_feed ();
  g_autoptr(CaFeed) b = make_full_feed ();
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
  replace (fx->store, FEED_A, a);
  replace (fx->store, FEED_B, b);

  ca = ca_store_get_cluster (fx->store, FEED_A, "ict", &error);
  g_assert_no_error (error);
  cb = ca_store_get_cluster (fx->store, FEED_B, "ict", &error);
  g_assert_no_error (error);
  g_assert_true (ca_text_is_localized (ca->name));
  g_assert_cmpstr (cb->name, ==, "Other ICT");
  g_assert_cmpuint (ca->members->len, ==, 3);
  g_assert_cmpuint (cb->members->len, ==, 1);
  g_assert_cmpstr (cb->feed, ==, FEED_B);

  clusters = list_clusters (fx->store);
  g_assert_cmpuint (clusters->len, ==, 4);
  g_clear_pointer (&clusters, g_ptr_array_unref);
  ids = query_events (fx->store, &all);
  g_assert_cmpstr (ids, ==, "conf conf fair fair webinar webinar");
  g_clear_pointer (&ids, g_free);

  /* The same member id in two feeds is two organisations */
  members = ca_store_list_members (fx->store, CA_MEMBER_KIND_SME, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);
  g_clear_pointer (&members, g_ptr_array_unref);

  g_assert_true (search_finds (fx->store, "other", CA_SEARCH_CLUSTER, FEED_B, "ict"));
  g_assert_true (search_finds (fx->store, "ict", CA_SEARCH_CLUSTER, FEED_A, "ict"));

  /* Removing B leaves A whole */
  g_assert_true (ca_store_remove_feed (fx->store, FEED_B, &error));
  g_assert_no_error (error);
  g_assert_false (ca_store_has_feed (fx->store, FEED_B));
  g_clear_object (&cb);
  g_assert_null (ca_store_get_cluster (fx->store, FEED_B, "ict", &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  clusters = list_clusters (fx->store);
  g_assert_cmpuint (clusters->len, ==, 2);
  for (guint i = 0; i < clusters->len; i++)
    g_assert_cmpstr (((CaCluster *) g_ptr_array_index (clusters, i))->feed, ==, FEED_A);
  ids = query_events (fx->store, &all);
  g_assert_cmpstr (ids, ==, "conf fair webinar");
  g_clear_object (&ca);
  ca = ca_store_get_cluster (fx->store, FEED_A, "ict", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ca->members->len, ==, 3);
  g_assert_cmpuint (ca->team->len, ==, 2);
  g_assert_false (search_finds (fx->store, "other", CA_SEARCH_CLUSTER, FEED_B, "ict"));
  g_assert_true (search_finds (fx->store, "ict", CA_SEARCH_CLUSTER, FEED_A, "ict"));

  /* No rows of B are left anywhere */
  g_clear_object (&fx->store);
  g_assert_cmpint (sql_int (fx->path, "SELECT count(*) FROM members"), ==, 5);
  g_assert_cmpint (sql_int (fx->path, "SELECT count(*) FROM event_speakers"), ==, 2);
  g_assert_cmpint (sql_int (fx->path, "SELECT count(*) FROM cluster_team"), ==, 2);
  g_assert_cmpint (sql_int (fx->path, "SELECT count(*) FROM project_clusters"), ==, 3);
  g_assert_cmpint (sql_int (fx->path, "SELECT count(*) FROM search_docs"),
                   ==, 2 + 5 + 3 + 3);
  /* Nothing of B left in the index either */
  g_assert_cmpint (sql_int (fx->path, "SELECT count(*) FROM search WHERE search MATCH 'other'"),
                   ==, 0);
  g_assert_cmpint (sql_int (fx->path, "SELECT count(*) FROM search WHERE search MATCH 'ict'"),
                   ==, 1);
}

static void
test_feeds_hidden (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(CaFeed) a = make_full_feed ();
  g_autoptr(CaFeed) b = make_bulk_feed ("Bravo", 2, 2, 1, 1);
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCluster) c = NULL;
  g_autoptr(CaFeedInfo) info = NULL;
  CaEventQuery all = CA_EVENT_QUERY_INIT;
  g_autofree char *ids = NULL;

  replace (fx->store, FEED_A, a);
  replace (fx->store, FEED_B, b);
  g_assert_true (ca_store_set_feed_hidden (fx->store, FEED_A, TRUE, &error));
  g_assert_no_error (error);

  info = feed_info (fx->store, FEED_A);
  g_assert_true (info->hidden);
  clusters = list_clusters (fx->store);
  g_assert_cmpuint (clusters->len, ==, 2);
  g_assert_cmpstr (((CaCluster *) g_ptr_array_index (clusters, 0))->feed, ==, FEED_B);
  members = ca_store_list_members (fx->store, -1, &error);
  g_assert_cmpuint (members->len, ==, 4);
  projects = ca_store_list_projects (fx->store, NULL, NULL, &error);
  g_assert_cmpuint (projects->len, ==, 1);
  ids = query_events (fx->store, &all);
  g_assert_cmpstr (ids, ==, "e0");
  g_assert_false (search_finds (fx->store, "ict", CA_SEARCH_CLUSTER, FEED_A, "ict"));
  g_assert_null (ca_store_get_cluster (fx->store, FEED_A, "ict", &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Shown again */
  g_assert_true (ca_store_set_feed_hidden (fx->store, FEED_A, FALSE, &error));
  g_clear_pointer (&clusters, g_ptr_array_unref);
  clusters = list_clusters (fx->store);
  g_assert_cmpuint (clusters->len, ==, 4);
  c = ca_store_get_cluster (fx->store, FEED_A, "ict", &error);
  g_assert_no_error (error);
  g_assert_true (search_finds (fx->store, "ict", CA_SEARCH_CLUSTER, FEED_A, "ict"));
}

/* The clusters list as a model read a page at a time: the same rows in the same
 * order as the full list, hidden feeds left out, and pages that walk an index
 * rather than sort every cluster. */
static void
test_cluster_list_model (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(CaFeed) a = make_bulk_feed ("Alpha", 300, 0, 0, 0);
  g_autoptr(CaFeed) b = make_bulk_feed ("Bravo", 200, 0, 0, 0);
  g_autoptr(GPtrArray) full = NULL;
  g_autoptr(CaClusterList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = NULL;
  guint position = G_MAXUINT;

  ((CaCluster *) g_ptr_array_index (a->clusters, 7))->acronym = g_strdup ("A7");
  replace (fx->store, FEED_A, a);
  replace (fx->store, FEED_B, b);
  full = list_clusters (fx->store);
  g_assert_cmpuint (full->len, ==, 500);

  list = ca_cluster_list_new (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 500);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == CA_TYPE_CLUSTER);
  /* From the end first, then the rest: pages read out of order still line up */
  for (guint k = 0; k < 500; k++)
    {
      guint i = (k + 450) % 500;
      g_autoptr(CaCluster) got = g_list_model_get_item (G_LIST_MODEL (list), i);
      CaCluster *want = g_ptr_array_index (full, i);

      g_assert_cmpstr (got->feed, ==, want->feed);
      g_assert_cmpstr (got->id, ==, want->id);
      g_assert_cmpstr (got->name, ==, want->name);
      g_assert_cmpstr (got->acronym, ==, want->acronym);
      g_assert_cmpint (got->composition[CA_COMPOSITION_MEMBERS], ==,
                       want->composition[CA_COMPOSITION_MEMBERS]);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 500));
  g_assert_true (ca_cluster_list_find (list, FEED_A, "c7", &position));
  g_assert_cmpstr (((CaCluster *) g_ptr_array_index (full, position))->acronym, ==, "A7");
  g_assert_false (ca_cluster_list_find (list, FEED_A, "c300", NULL));
  g_clear_object (&list);

  g_assert_true (ca_store_set_feed_hidden (fx->store, FEED_B, TRUE, &error));
  list = ca_cluster_list_new (fx->store, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 300);
  g_assert_false (ca_cluster_list_find (list, FEED_B, "c0", NULL));

  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    GString *steps = g_string_new (NULL);

    g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db,
                                         "EXPLAIN QUERY PLAN SELECT c.id"
                                         " FROM clusters c JOIN feeds f ON f.id = c.feed"
                                         " WHERE f.hidden = 0"
                                         " ORDER BY c.sort_name, c.feed, c.id LIMIT 128",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append_printf (steps, "%s\n", sqlite3_column_text (stmt, 3));
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    plan = g_string_free (steps, FALSE);
  }
  g_assert_nonnull (strstr (plan, "clusters_order"));
  g_assert_null (strstr (plan, "TEMP B-TREE"));
}

static void
test_feeds_data_time (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(CaFeed) a = make_bulk_feed ("Alpha", 1, 1, 0, 0);
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpint (ca_store_get_data_time (fx->store), ==, 0);
  g_assert_true (ca_store_add_feed (fx->store, FEED_A, &error));
  g_assert_cmpint (ca_store_get_data_time (fx->store), ==, 0);

  replace (fx->store, FEED_A, a);
  g_assert_cmpint (ca_store_get_data_time (fx->store), >=, before);
  g_assert_cmpint (ca_store_get_data_time (fx->store), <=, before + 60);

  /* Newest among the visible feeds: set B newer by hand, then hide it */
  replace (fx->store, FEED_B, a);
  g_clear_object (&fx->store);
  sql_exec (fx->path, "UPDATE feeds SET last_sync = 4000000000 WHERE key = '" FEED_B "';"
                      "UPDATE feeds SET last_sync = 1000 WHERE key = '" FEED_A "'");
  fx->store = open_store (fx->path);
  g_assert_cmpint (ca_store_get_data_time (fx->store), ==, 4000000000);
  g_assert_true (ca_store_set_feed_hidden (fx->store, FEED_B, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ca_store_get_data_time (fx->store), ==, 1000);
}

/* }}} */

/* {{{ Import */

typedef struct {
  guint  n_clusters;
  guint  n_members;
  guint  n_projects;
  guint  n_events;
  guint  n_docs;
  char  *first_cluster;
  char  *ids;
  char  *title;
} Snapshot;

static void
snapshot_clear (Snapshot *s)
{
  g_free (s->first_cluster);
  g_free (s->ids);
  g_free (s->title);
}

static void
snapshot (CaStore  *store,
          Snapshot *s)
{
  g_autoptr(GPtrArray) clusters = list_clusters (store);
  g_autoptr(GPtrArray) members = ca_store_list_members (store, -1, NULL);
  g_autoptr(GPtrArray) projects = ca_store_list_projects (store, NULL, NULL, NULL);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(CaFeedInfo) info = feed_info (store, FEED_A);
  g_autoptr(CaCluster) c = NULL;
  CaEventQuery all = CA_EVENT_QUERY_INIT;

  g_assert_nonnull (members);
  g_assert_nonnull (projects);
  s->n_clusters = clusters->len;
  s->n_members = members->len;
  s->n_projects = projects->len;
  s->ids = query_events (store, &all);
  s->n_events = info->n_events;
  s->title = g_strdup (info->title);
  c = ca_store_get_cluster (store, FEED_A, "c1", NULL);
  g_assert_nonnull (c);
  s->first_cluster = g_strdup_printf ("%s|%s|%u", c->name, c->summary, c->members->len);
  hits = search (store, "Alpha");
  s->n_docs = hits->len;
}

static void
test_import_atomic (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(CaFeed) old_feed = make_bulk_feed ("Alpha", 10, 4, 5, 8);
  g_autoptr(CaFeed) new_feed = make_bulk_feed ("Omega", 12, 6, 7, 9);
  Snapshot before = { 0 };
  /* Before the first row, inside the members, and at the very last row */
  const int fail_points[] = { 0, 1, 37, 100, 12 * (1 + 6 + 6 + 1) + 7 * 3 + 9 * 3 - 1 };

  replace (fx->store, FEED_A, old_feed);
  g_assert_true (ca_store_set_starred (fx->store, FEED_A, "e3", TRUE, NULL));
  snapshot (fx->store, &before);
  g_assert_cmpuint (before.n_clusters, ==, 10);
  g_assert_cmpuint (before.n_members, ==, 40);
  g_assert_cmpuint (before.n_docs, ==, 50);

  for (guint i = 0; i < G_N_ELEMENTS (fail_points); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CaFeedInfo) info = NULL;
      Snapshot after = { 0 };

      _ca_store_set_fail_after (fx->store, fail_points[i]);
      g_assert_false (ca_store_replace_feed (fx->store, FEED_A, new_feed, &error));
      g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_FAILED);
      g_assert_cmpstr (error->message, ==, "injected failure");

      snapshot (fx->store, &after);
      g_assert_cmpuint (after.n_clusters, ==, before.n_clusters);
      g_assert_cmpuint (after.n_members, ==, before.n_members);
      g_assert_cmpuint (after.n_projects, ==, before.n_projects);
      g_assert_cmpuint (after.n_events, ==, before.n_events);
      g_assert_cmpuint (after.n_docs, ==, before.n_docs);
      g_assert_cmpstr (after.ids, ==, before.ids);
      g_assert_cmpstr (after.title, ==, before.title);
      g_assert_cmpstr (after.first_cluster, ==, before.first_cluster);
      g_assert_false (search_finds (fx->store, "omega cluster 0", CA_SEARCH_CLUSTER, FEED_A, "c0"));
      g_assert_true (ca_store_is_starred (fx->store, FEED_A, "e3"));
      info = feed_info (fx->store, FEED_A);
      g_assert_cmpstr (info->title, ==, "Publisher Alpha");
      snapshot_clear (&after);
    }

  /* The same failure after a reopen: nothing half-written reached the file */
  fixture_reopen (fx);
  {
    Snapshot after = { 0 };

    snapshot (fx->store, &after);
    g_assert_cmpuint (after.n_members, ==, before.n_members);
    g_assert_cmpstr (after.ids, ==, before.ids);
    snapshot_clear (&after);
  }

  /* Without the hook the new data replaces the old, whole */
  _ca_store_set_fail_after (fx->store, -1);
  replace (fx->store, FEED_A, new_feed);
  {
    g_autoptr(GPtrArray) clusters = list_clusters (fx->store);
    g_autoptr(CaFeedInfo) info = feed_info (fx->store, FEED_A);

    g_assert_cmpuint (clusters->len, ==, 12);
    g_assert_cmpuint (info->n_members, ==, 72);
    g_assert_cmpuint (info->n_events, ==, 9);
    g_assert_cmpstr (info->title, ==, "Publisher Omega");
    g_assert_true (search_finds (fx->store, "omega cluster 0", CA_SEARCH_CLUSTER, FEED_A, "c0"));
    g_assert_false (search_finds (fx->store, "alpha cluster 0", CA_SEARCH_CLUSTER, FEED_A, "c0"));
  }
  snapshot_clear (&before);
}

static void
test_import_reimport (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(CaFeed) first = make_full_feed ();
  g_autoptr(CaFeed) second = make_full_feed ();
  g_autoptr(CaCluster) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeedInfo) info = NULL;
  CaCluster *ict = g_ptr_array_index (second->clusters, 0);

  replace (fx->store, FEED_A, first);

  /* The second version drops a cluster, a member, a project and an event */
  g_ptr_array_remove_index (second->clusters, 1);
  g_ptr_array_remove_index (ict->members, 2);
  g_ptr_array_remove_index (second->projects, 2);
  g_ptr_array_remove_index (second->events, 1);
  g_ptr_array_set_size (second->warnings, 0);
  replace (fx->store, FEED_A, second);

  info = feed_info (fx->store, FEED_A);
  g_assert_cmpuint (info->n_clusters, ==, 1);
  g_assert_cmpuint (info->n_members, ==, 2);
  g_assert_cmpuint (info->n_projects, ==, 2);
  g_assert_cmpuint (info->n_events, ==, 2);
  g_assert_cmpuint (g_strv_length (info->warnings), ==, 0);
  c = ca_store_get_cluster (fx->store, FEED_A, "ict", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->members->len, ==, 2);
  g_assert_cmpuint (c->n_members, ==, 2);
  g_assert_cmpuint (c->team->len, ==, 2);
  g_assert_cmpuint (c->networks->len, ==, 2);
  g_assert_false (search_finds (fx->store, "agro", CA_SEARCH_CLUSTER, FEED_A, "agro"));
  g_assert_false (search_finds (fx->store, "zeta", CA_SEARCH_MEMBER, FEED_A, "ict"));
  g_assert_false (search_finds (fx->store, "fair", CA_SEARCH_EVENT, FEED_A, "fair"));

  /* Reimporting the same feed leaves no duplicate rows */
  replace (fx->store, FEED_A, second);
  replace (fx->store, FEED_A, second);
  g_clear_object (&fx->store);
  g_assert_cmpint (sql_int (fx->path, "SELECT count(*) FROM search_docs"), ==, 1 + 2 + 2 + 2);
  g_assert_cmpint (sql_int (fx->path, "SELECT count(*) FROM search WHERE search MATCH 'agro'"),
                   ==, 0);
  g_assert_cmpint (sql_int (fx->path, "SELECT count(*) FROM cluster_team"), ==, 2);
  g_assert_cmpint (sql_int (fx->path, "SELECT count(*) FROM event_speakers"), ==, 2);
  g_assert_cmpint (sql_int (fx->path, "SELECT count(*) FROM event_clusters"), ==, 3);
}

static void
test_import_duplicates (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_bulk_feed ("Alpha", 2, 1, 1, 1);
  g_autoptr(CaFeedInfo) info = NULL;
  g_autoptr(CaCluster) c = NULL;

  /* A feed object with repeated ids (the parser drops them; the store must cope) */
  g_ptr_array_add (feed->clusters, cluster ("c0", "Second c0"));
  g_ptr_array_add (feed->events, event ("e0", "Second e0", T0, T0, CA_EVENT_KIND_OTHER,
                                        NULL, NULL));
  g_ptr_array_add (feed->projects, project ("p0", "Second p0", NULL, NULL));
  replace (fx->store, FEED_A, feed);

  info = feed_info (fx->store, FEED_A);
  g_assert_cmpuint (info->n_clusters, ==, 2);
  g_assert_cmpuint (info->n_events, ==, 1);
  g_assert_cmpuint (info->n_projects, ==, 1);
  c = ca_store_get_cluster (fx->store, FEED_A, "c0", NULL);
  g_assert_cmpstr (c->name, ==, "Alpha cluster 0");
  g_assert_false (search_finds (fx->store, "second", CA_SEARCH_CLUSTER, FEED_A, "c0"));
}

/* }}} */

/* {{{ Stars */

static void
test_stars_survive (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();
  g_autoptr(CaEvent) e = NULL;
  g_autoptr(GError) error = NULL;
  CaEventQuery starred = CA_EVENT_QUERY_INIT;
  g_autofree char *ids = NULL;

  replace (fx->store, FEED_A, feed);
  g_assert_false (ca_store_is_starred (fx->store, FEED_A, "fair"));
  g_assert_true (ca_store_set_starred (fx->store, FEED_A, "fair", TRUE, &error));
  g_assert_true (ca_store_set_starred (fx->store, FEED_A, "fair", TRUE, &error));  /* idempotent */
  g_assert_no_error (error);
  g_assert_true (ca_store_is_starred (fx->store, FEED_A, "fair"));
  g_assert_false (ca_store_is_starred (fx->store, FEED_B, "fair"));

  e = ca_store_get_event (fx->store, FEED_A, "fair", &error);
  g_assert_true (e->starred);
  g_clear_object (&e);

  /* Re-import */
  replace (fx->store, FEED_A, feed);
  g_assert_true (ca_store_is_starred (fx->store, FEED_A, "fair"));
  starred.starred_only = TRUE;
  ids = query_events (fx->store, &starred);
  g_assert_cmpstr (ids, ==, "fair");
  g_clear_pointer (&ids, g_free);

  /* Removal of the feed, then reopening */
  g_assert_true (ca_store_remove_feed (fx->store, FEED_A, &error));
  g_assert_no_error (error);
  g_assert_true (ca_store_is_starred (fx->store, FEED_A, "fair"));
  ids = query_events (fx->store, &starred);
  g_assert_cmpstr (ids, ==, "");
  g_clear_pointer (&ids, g_free);
  fixture_reopen (fx);
  g_assert_true (ca_store_is_starred (fx->store, FEED_A, "fair"));

  /* The feed comes back: so does its star */
  replace (fx->store, FEED_A, feed);
  e = ca_store_get_event (fx->store, FEED_A, "fair", &error);
  g_assert_no_error (error);
  g_assert_true (e->starred);
  g_clear_object (&e);

  /* Unstar */
  g_assert_true (ca_store_set_starred (fx->store, FEED_A, "fair", FALSE, &error));
  g_assert_false (ca_store_is_starred (fx->store, FEED_A, "fair"));
  e = ca_store_get_event (fx->store, FEED_A, "fair", &error);
  g_assert_false (e->starred);
}

static void
test_stars_clear (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();
  g_autoptr(GError) error = NULL;
  CaEventQuery starred = CA_EVENT_QUERY_INIT;
  g_autofree char *ids = NULL;

  replace (fx->store, FEED_A, feed);
  replace (fx->store, FEED_B, feed);
  g_assert_true (ca_store_set_starred (fx->store, FEED_A, "conf", TRUE, &error));
  g_assert_true (ca_store_set_starred (fx->store, FEED_B, "webinar", TRUE, &error));
  g_assert_true (ca_store_set_starred (fx->store, "gone", "x", TRUE, &error));
  starred.starred_only = TRUE;
  ids = query_events (fx->store, &starred);
  g_assert_cmpstr (ids, ==, "conf webinar");
  g_clear_pointer (&ids, g_free);

  g_assert_true (ca_store_clear_stars (fx->store, &error));
  g_assert_no_error (error);
  g_assert_false (ca_store_is_starred (fx->store, FEED_A, "conf"));
  g_assert_false (ca_store_is_starred (fx->store, FEED_B, "webinar"));
  g_assert_false (ca_store_is_starred (fx->store, "gone", "x"));
  ids = query_events (fx->store, &starred);
  g_assert_cmpstr (ids, ==, "");
}

/* Kept stars (of events no feed holds) are counted and cleared on their own; the
 * stars of events still there, hidden feeds' too, stay */
static void
test_stars_kept (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();
  g_autoptr(GError) error = NULL;

  replace (fx->store, FEED_A, feed);
  replace (fx->store, FEED_B, feed);
  g_assert_true (ca_store_set_starred (fx->store, FEED_A, "conf", TRUE, &error));
  g_assert_true (ca_store_set_starred (fx->store, FEED_B, "webinar", TRUE, &error));
  g_assert_true (ca_store_set_starred (fx->store, "gone", "x", TRUE, &error));
  g_assert_true (ca_store_set_starred (fx->store, FEED_A, "no-such-event", TRUE, &error));
  g_assert_true (ca_store_set_feed_hidden (fx->store, FEED_B, TRUE, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (ca_store_count_kept_stars (fx->store, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_true (ca_store_clear_kept_stars (fx->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ca_store_count_kept_stars (fx->store, &error), ==, 0);
  g_assert_true (ca_store_is_starred (fx->store, FEED_A, "conf"));
  g_assert_true (ca_store_is_starred (fx->store, FEED_B, "webinar"));
  g_assert_false (ca_store_is_starred (fx->store, "gone", "x"));
  g_assert_false (ca_store_is_starred (fx->store, FEED_A, "no-such-event"));

  /* A removed feed's stars become kept ones */
  g_assert_true (ca_store_remove_feed (fx->store, FEED_A, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ca_store_count_kept_stars (fx->store, &error), ==, 1);
}

/* }}} */

/* {{{ Queries */

static void
test_events_filters (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();
  g_autoptr(CaFeed) other = make_bulk_feed ("Bravo", 1, 0, 0, 2);
  CaEventQuery q = CA_EVENT_QUERY_INIT;
  char *ids;

#define ASSERT_EVENTS(query, expected) \
  G_STMT_START { \
    ids = query_events (fx->store, &(query)); \
    g_assert_cmpstr (ids, ==, expected); \
    g_free (ids); \
  } G_STMT_END

  replace (fx->store, FEED_A, feed);
  replace (fx->store, FEED_B, other);   /* e0: T0–T0+1h, e1: T0+1h–T0+2h, cluster c0 */

  ASSERT_EVENTS (q, "e0 e1 conf fair webinar");

  /* Range: end >= from, start < to */
  q.from = T0 + 10 * HOUR;
  q.to = T0 + 11 * HOUR;
  ASSERT_EVENTS (q, "conf");
  q.from = T0 + 17 * HOUR;          /* ends exactly then: still in */
  q.to = 0;
  ASSERT_EVENTS (q, "conf fair webinar");
  q.from = T0 + 17 * HOUR + 1;
  ASSERT_EVENTS (q, "fair webinar");
  q.from = 0;
  q.to = T0 + 9 * HOUR;             /* starts exactly then: out */
  ASSERT_EVENTS (q, "e0 e1");
  /* An all-day event covers its whole last day (12 March, UTC) */
  q.from = T0 + 12 * DAY + 23 * HOUR;
  q.to = T0 + 13 * DAY;
  ASSERT_EVENTS (q, "fair");
  q.from = T0 + 13 * DAY;
  q.to = 0;
  ASSERT_EVENTS (q, "webinar");
  q.from = q.to = 0;

  /* Cluster: with and without the feed */
  q.cluster = "agro";
  ASSERT_EVENTS (q, "fair webinar");
  q.cluster = "c0";
  ASSERT_EVENTS (q, "e0 e1");
  q.feed = FEED_A;
  ASSERT_EVENTS (q, "");
  q.cluster = "ict";
  ASSERT_EVENTS (q, "conf webinar");
  q.feed = FEED_B;
  ASSERT_EVENTS (q, "");
  q.feed = NULL;
  q.cluster = NULL;

  /* Kind */
  q.kind = CA_EVENT_KIND_FAIR;
  ASSERT_EVENTS (q, "fair");
  q.kind = CA_EVENT_KIND_CONFERENCE;      /* e0 is a conference too (i % kinds = 0) */
  ASSERT_EVENTS (q, "e0 conf");
  q.kind = CA_EVENT_KIND_DEADLINE;
  ASSERT_EVENTS (q, "");
  q.kind = -1;

  /* Project */
  q.project = "bowi";
  ASSERT_EVENTS (q, "conf");
  q.project = "agri";
  ASSERT_EVENTS (q, "webinar");
  q.project = "none";
  ASSERT_EVENTS (q, "");
  q.project = NULL;

  /* Starred only, and the starred flag */
  q.starred_only = TRUE;
  ASSERT_EVENTS (q, "");
  g_assert_true (ca_store_set_starred (fx->store, FEED_A, "webinar", TRUE, NULL));
  g_assert_true (ca_store_set_starred (fx->store, FEED_B, "e1", TRUE, NULL));
  ASSERT_EVENTS (q, "e1 webinar");
  q.feed = FEED_A;
  ASSERT_EVENTS (q, "webinar");
  q.feed = NULL;
  q.starred_only = FALSE;
  {
    g_autoptr(GPtrArray) events = list_events (fx->store, &q);

    for (guint i = 0; i < events->len; i++)
      {
        CaEvent *e = g_ptr_array_index (events, i);
        g_assert_cmpint (e->starred, ==, g_str_equal (e->id, "webinar") ||
                                         g_str_equal (e->id, "e1"));
      }
  }

  /* Several filters at once */
  q.cluster = "ict";
  q.kind = CA_EVENT_KIND_WEBINAR;
  q.from = T0 + DAY;
  q.starred_only = TRUE;
  ASSERT_EVENTS (q, "webinar");

  /* NULL is every event */
  {
    g_autoptr(GPtrArray) events = ca_store_list_events (fx->store, NULL, NULL);
    g_assert_cmpuint (events->len, ==, 5);
  }
#undef ASSERT_EVENTS
}

static void
test_members_kinds_groups (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  CaCluster *agro = g_ptr_array_index (feed->clusters, 1);
  CaMember *m;

  /* Same name without an id in two clusters: one organisation */
  g_ptr_array_add (agro->members, member (NULL, "Technical University of Sofia",
                                          CA_MEMBER_KIND_UNIVERSITY));
  /* The same id in two clusters for two organisations: ids are unique only within
   * one cluster's members, so they stay two (checked below) */
  g_ptr_array_add (agro->members, member ("m01", "Plovdiv Food Co-op", CA_MEMBER_KIND_OTHER));
  g_ptr_array_add (((CaCluster *) g_ptr_array_index (feed->clusters, 0))->members,
                   member ("m01", "Sofia Software Guild", CA_MEMBER_KIND_OTHER));
  replace (fx->store, FEED_A, feed);

  members = ca_store_list_members (fx->store, -1, &error);
  g_assert_no_error (error);
  /* acme (ict+agro), Farmers Union, the two m01, TU Sofia (ict+agro), Zeta Labs; by name */
  g_assert_cmpuint (members->len, ==, 6);
  m = g_ptr_array_index (members, 0);
  g_assert_cmpstr (m->name, ==, "Acme Software");
  g_assert_cmpstr (m->id, ==, "acme");
  g_assert_cmpstr (m->feed, ==, FEED_A);
  assert_strv (m->clusters, "agro", "ict", NULL);
  m = g_ptr_array_index (members, 1);
  g_assert_cmpstr (m->name, ==, "Farmers Union");
  assert_strv (m->clusters, "agro", NULL);
  m = g_ptr_array_index (members, 4);
  g_assert_cmpstr (m->name, ==, "Technical University of Sofia");
  assert_strv (m->clusters, "agro", "ict", NULL);
  m = g_ptr_array_index (members, 5);
  g_assert_cmpstr (m->name, ==, "Zeta Labs");
  assert_strv (m->clusters, "ict", NULL);
  g_clear_pointer (&members, g_ptr_array_unref);

  /* Kind filter */
  members = ca_store_list_members (fx->store, CA_MEMBER_KIND_SME, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 1);
  m = g_ptr_array_index (members, 0);
  g_assert_cmpstr (m->id, ==, "acme");
  g_assert_cmpint (m->kind, ==, CA_MEMBER_KIND_SME);
  assert_strv (m->clusters, "agro", "ict", NULL);
  g_clear_pointer (&members, g_ptr_array_unref);

  members = ca_store_list_members (fx->store, CA_MEMBER_KIND_STARTUP, &error);
  g_assert_cmpuint (members->len, ==, 1);
  g_assert_cmpstr (((CaMember *) g_ptr_array_index (members, 0))->name, ==, "Zeta Labs");
  g_clear_pointer (&members, g_ptr_array_unref);

  members = ca_store_list_members (fx->store, CA_MEMBER_KIND_PUBLIC, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 0);
  g_clear_pointer (&members, g_ptr_array_unref);

  members = ca_store_list_members (fx->store, CA_MEMBER_KIND_OTHER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);
  m = g_ptr_array_index (members, 0);
  g_assert_cmpstr (m->name, ==, "Plovdiv Food Co-op");
  assert_strv (m->clusters, "agro", NULL);
  m = g_ptr_array_index (members, 1);
  g_assert_cmpstr (m->name, ==, "Sofia Software Guild");
  assert_strv (m->clusters, "ict", NULL);
}

static void
test_projects_list (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();
  g_autoptr(CaFeed) other = make_bulk_feed ("Bravo", 1, 0, 1, 0);
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GError) error = NULL;

  replace (fx->store, FEED_A, feed);
  replace (fx->store, FEED_B, other);

  /* By start (no start last), then title */
  projects = ca_store_list_projects (fx->store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, ==, 4);
  g_assert_cmpstr (((CaProject *) g_ptr_array_index (projects, 0))->id, ==, "bowi");
  g_assert_cmpstr (((CaProject *) g_ptr_array_index (projects, 1))->id, ==, "p0");
  g_assert_cmpstr (((CaProject *) g_ptr_array_index (projects, 2))->id, ==, "agri");
  g_assert_cmpstr (((CaProject *) g_ptr_array_index (projects, 3))->id, ==, "nostart");
  g_clear_pointer (&projects, g_ptr_array_unref);

  projects = ca_store_list_projects (fx->store, FEED_A, NULL, &error);
  g_assert_cmpuint (projects->len, ==, 3);
  g_clear_pointer (&projects, g_ptr_array_unref);

  projects = ca_store_list_projects (fx->store, FEED_A, "agro", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, ==, 2);
  g_assert_cmpstr (((CaProject *) g_ptr_array_index (projects, 0))->id, ==, "bowi");
  g_assert_cmpstr (((CaProject *) g_ptr_array_index (projects, 1))->id, ==, "agri");
  g_clear_pointer (&projects, g_ptr_array_unref);

  projects = ca_store_list_projects (fx->store, FEED_B, "agro", &error);
  g_assert_cmpuint (projects->len, ==, 0);
  g_clear_pointer (&projects, g_ptr_array_unref);

  projects = ca_store_list_projects (fx->store, NULL, "c0", &error);
  g_assert_cmpuint (projects->len, ==, 1);
  g_assert_cmpstr (((CaProject *) g_ptr_array_index (projects, 0))->feed, ==, FEED_B);
}

/* }}} */

/* {{{ Search */

static void
test_search_languages (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();
  const char * const finds_ict[] = {
    "ИКТ", "икт", "клъст", "КЛЪСТЕР", "Клъстер", "ict", "ICT", "cluster", "clu",
    "ИКТ клъстер", "ict cluster", "ict клъстер", "  ict   ", "\"ict\"", "ICTC",
  };
  const char * const finds_nothing[] = {
    "ict banana", "клъстерр", "zzz",
  };

  replace (fx->store, FEED_A, feed);

  for (guint i = 0; i < G_N_ELEMENTS (finds_ict); i++)
    {
      g_autoptr(GPtrArray) hits = search (fx->store, finds_ict[i]);
      CaSearchHit *hit = expect_hit (hits, CA_SEARCH_CLUSTER, FEED_A, "ict");

      g_assert_cmpstr (hit->title, ==, ((CaCluster *) g_ptr_array_index (feed->clusters, 0))->name);
      g_assert_cmpuint (hit->position, ==, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (finds_nothing); i++)
    {
      g_autoptr(GPtrArray) hits = search (fx->store, finds_nothing[i]);
      g_assert_cmpuint (hits->len, ==, 0);
    }

  /* Other languages of other fields */
  g_assert_true (search_finds (fx->store, "дигитални", CA_SEARCH_EVENT, FEED_A, "conf"));
  g_assert_true (search_finds (fx->store, "ускоряване", CA_SEARCH_PROJECT, FEED_A, "bowi"));
  g_assert_true (search_finds (fx->store, "софтуерни", CA_SEARCH_CLUSTER, FEED_A, "ict"));
  g_assert_true (search_finds (fx->store, "софия", CA_SEARCH_EVENT, FEED_A, "conf"));
}

static void
test_search_kinds (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();
  g_autoptr(GPtrArray) hits = NULL;
  CaSearchHit *hit;

  replace (fx->store, FEED_A, feed);

  /* Members: id is the cluster, position the index there */
  hits = search (fx->store, "zeta");
  hit = expect_hit (hits, CA_SEARCH_MEMBER, FEED_A, "ict");
  g_assert_cmpuint (hit->position, ==, 2);
  g_assert_cmpstr (hit->title, ==, "Zeta Labs");
  hit = expect_hit (hits, CA_SEARCH_PROJECT, FEED_A, "nostart");
  g_assert_cmpstr (hit->title, ==, "Zeta project");
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search (fx->store, "acme");
  g_assert_cmpuint (hits->len, ==, 2);       /* in ict (0) and in agro (0) */
  g_assert_nonnull (find_hit (hits, CA_SEARCH_MEMBER, FEED_A, "agro"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Projects by acronym and summary; events by venue */
  g_assert_true (search_finds (fx->store, "bowi", CA_SEARCH_PROJECT, FEED_A, "bowi"));
  g_assert_true (search_finds (fx->store, "hubs", CA_SEARCH_PROJECT, FEED_A, "bowi"));
  g_assert_true (search_finds (fx->store, "tech park", CA_SEARCH_EVENT, FEED_A, "conf"));
  g_assert_true (search_finds (fx->store, "exports", CA_SEARCH_CLUSTER, FEED_A, "ict"));

  /* A title match ranks before a body match: "digital" is the title of
   * the event and the project, and only in the summary of nothing else; "software"
   * is a member's name and the cluster's summary */
  hits = search (fx->store, "software");
  g_assert_cmpuint (hits->len, >=, 2);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpint (hit->kind, ==, CA_SEARCH_MEMBER);
  g_assert_nonnull (find_hit (hits, CA_SEARCH_CLUSTER, FEED_A, "ict"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* The limit */
  {
    g_autoptr(GError) error = NULL;

    hits = ca_store_search (fx->store, "a", 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, >, 2);
    g_clear_pointer (&hits, g_ptr_array_unref);
    hits = ca_store_search (fx->store, "a", 2, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 2);
  }
}

static void
test_search_hostile (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();
  g_autofree char *long_word = g_strnfill (5000, 'a');
  g_autofree char *many_words = NULL;
  const char * const hostile[] = {
    "\"", "\"\"", "\"ict", "ict\"", "\"ict\" OR \"x", "NEAR", "NEAR(ict cluster)",
    "NEAR(ict, 2)", "AND", "OR", "NOT", "ict AND", "AND ict", "ict OR", "ict NOT agro",
    "*", "**", "ict*", "*ict", "(", ")", "(ict", "ict)", "((()))", "^ict", "ict^",
    "title:ict", "body : ict", "-ict", "+ict", "{title body}: ict", "ict:", ":",
    "'", "';DROP TABLE feeds;--", "\\", "%", "_", "ict\x1e", "\x1d\x1e\x1f",
    "\xff\xfe invalid utf8", "-", "—", "́", "\t\n", "ict - cluster", "icт", "e-mail",
    "@@", "NEAR/2", "ict + cluster", "a b c d e f g h i j k l m n o p q r s t u v w x y z",
  };

  replace (fx->store, FEED_A, feed);

  many_words = g_strjoinv (" ", (char **) (const char *[]) {
    "ict", "cluster", "(", "NEAR", "\"", "x", "y", "z", "1", "2", "3", "4", "5", "6", "7",
    "8", "9", "10", "11", "12", "13", NULL });

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = ca_store_search (fx->store, hostile[i], 20, &error);
      g_autofree char *escaped = g_strescape (hostile[i], NULL);

      g_test_message ("search \"%s\"", escaped);
      g_assert_no_error (error);
      g_assert_nonnull (hits);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) hits = ca_store_search (fx->store, long_word, 20, &error);
    g_assert_no_error (error);
    g_assert_nonnull (hits);
    g_clear_pointer (&hits, g_ptr_array_unref);
    hits = ca_store_search (fx->store, many_words, 20, &error);
    g_assert_no_error (error);
    g_assert_nonnull (hits);
  }

  /* Operators are words like any other; punctuation around a word is ignored */
  g_assert_true (search_finds (fx->store, "(ict", CA_SEARCH_CLUSTER, FEED_A, "ict"));
  g_assert_true (search_finds (fx->store, "\"ict\" (", CA_SEARCH_CLUSTER, FEED_A, "ict"));
  g_assert_true (search_finds (fx->store, "ict*", CA_SEARCH_CLUSTER, FEED_A, "ict"));
  g_assert_false (search_finds (fx->store, "ict NOT", CA_SEARCH_CLUSTER, FEED_A, "ict"));
  /* The store still works */
  g_assert_true (search_finds (fx->store, "ict", CA_SEARCH_CLUSTER, FEED_A, "ict"));
  g_assert_true (ca_store_has_feed (fx->store, FEED_A));
}

/* Replacing or removing one feed among others unindexes exactly its text. */
static void
test_search_unindex (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(CaFeed) full = make_full_feed ();
  g_autoptr(CaFeed) alpha = make_bulk_feed ("Alpha", 5, 3, 4, 6);
  g_autoptr(CaFeed) omega = make_bulk_feed ("Omega", 3, 2, 2, 2);
  g_autofree char *other_path = g_build_filename (fx->dir, "other", "atlas.db", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  CaStore *other;

  /* The reference: only the final data, imported once */
  other = open_store (other_path);
  replace (other, FEED_A, full);
  replace (other, FEED_B, omega);
  g_object_unref (other);
  expected = index_vocabulary (other_path);
  g_assert_cmpstr (expected, !=, "");

  /* The same reached through replacements and a removal among other feeds */
  replace (fx->store, FEED_B, alpha);
  replace (fx->store, "third", alpha);
  replace (fx->store, FEED_A, alpha);
  replace (fx->store, FEED_A, full);      /* unindexes alpha, B and third stay */
  replace (fx->store, FEED_B, full);
  replace (fx->store, FEED_B, omega);     /* unindexes full, A keeps its own */
  g_assert_true (ca_store_remove_feed (fx->store, "third", NULL));
  g_clear_object (&fx->store);
  got = index_vocabulary (fx->path);
  g_assert_cmpstr (got, ==, expected);
}

static void
test_search_empty (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();
  const char * const empty[] = { "", " ", "   \t\n ", "\u00a0", "\"\"", "*", "( )", "-- ''" };

  replace (fx->store, FEED_A, feed);
  for (guint i = 0; i < G_N_ELEMENTS (empty); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = ca_store_search (fx->store, empty[i], 20, &error);

      g_assert_no_error (error);
      g_assert_nonnull (hits);
      g_assert_cmpuint (hits->len, ==, 0);
    }
  {
    g_autoptr(GPtrArray) hits = ca_store_search (fx->store, NULL, 20, NULL);
    g_assert_nonnull (hits);
    g_assert_cmpuint (hits->len, ==, 0);
  }
}

/* }}} */

/* {{{ Recovery */

static void
assert_recovered (Fixture    *fx,
                  const char *expected_words)
{
  g_autofree char *message = NULL;
  g_autofree char *base = g_path_get_basename (fx->path);
  g_autofree char *aside_base = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(CaFeed) feed = make_bulk_feed ("Fresh", 2, 1, 1, 1);
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
  g_assert_cmpint (sql_int (fx->path, "PRAGMA user_version"), ==, _CA_STORE_SCHEMA_VERSION);
  clusters = list_clusters (fx->store);
  g_assert_cmpuint (clusters->len, ==, 0);
  replace (fx->store, FEED_A, feed);
  g_clear_pointer (&clusters, g_ptr_array_unref);
  clusters = list_clusters (fx->store);
  g_assert_cmpuint (clusters->len, ==, 2);
  g_assert_true (search_finds (fx->store, "fresh", CA_SEARCH_CLUSTER, FEED_A, "c1"));

  /* And a clean one the next time */
  fixture_reopen (fx);
  g_assert_null (ca_store_get_moved_aside (fx->store));
  g_assert_null (ca_store_dup_recovery_message (fx->store));
  g_clear_pointer (&clusters, g_ptr_array_unref);
  clusters = list_clusters (fx->store);
  g_assert_cmpuint (clusters->len, ==, 2);
}

static void
test_recovery_truncated (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_bulk_feed ("Alpha", 40, 20, 100, 300);
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
  GStatBuf st;

  replace (fx->store, FEED_A, feed);
  g_clear_object (&fx->store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));   /* checkpointed on close */
  g_assert_cmpint (g_stat (fx->path, &st), ==, 0);
  g_test_message ("store of %" G_GINT64_FORMAT " bytes", (gint64) st.st_size);
  g_assert_cmpint (st.st_size, >, 256 * 1024);
  g_assert_cmpint (truncate (fx->path, st.st_size / 2), ==, 0);

  fx->store = open_store (fx->path);
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
  fx->store = open_store (fx->path);
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
  fx->store = open_store (fx->path);
  g_assert_nonnull (ca_store_get_moved_aside (fx->store));
  g_assert_cmpstr (ca_store_get_moved_aside (fx->store), !=, first_aside);
  g_assert_true (g_file_test (first_aside, G_FILE_TEST_IS_REGULAR));
  assert_recovered (fx, "damaged");

  /* A file shorter than a header */
  g_clear_object (&fx->store);
  g_assert_true (g_file_set_contents (fx->path, "SQLite format 3", 15, NULL));
  fx->store = open_store (fx->path);
  assert_recovered (fx, "damaged");
}

static void
test_recovery_newer (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();
  const char *aside;

  replace (fx->store, FEED_A, feed);
  g_clear_object (&fx->store);
  sql_exec (fx->path, "PRAGMA user_version = 999");

  fx->store = open_store (fx->path);
  aside = ca_store_get_moved_aside (fx->store);
  g_assert_nonnull (aside);
  /* The newer file is set aside untouched, its data readable by that newer app */
  g_assert_cmpint (sql_int (aside, "PRAGMA user_version"), ==, 999);
  g_assert_cmpint (sql_int (aside, "SELECT count(*) FROM clusters"), ==, 2);
  assert_recovered (fx, "newer version");
}

static void
test_recovery_schema_damage (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();

  /* A damaged schema table (SQLite refuses to read it) */
  replace (fx->store, FEED_A, feed);
  g_clear_object (&fx->store);
  sql_exec (fx->path, "PRAGMA writable_schema = ON;"
                      "UPDATE sqlite_schema SET sql = 'CREATE TABLE feeds ('"
                      " WHERE name = 'feeds';");
  fx->store = open_store (fx->path);
  assert_recovered (fx, "damaged");
}

/* }}} */

/* {{{ Built-in feed */

static void
test_builtin_not_twice (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(CaFeed) feed = make_full_feed ();
  g_autoptr(GBytes) garbage = g_bytes_new_static ("not json", 8);
  g_autoptr(GError) error = NULL;

  /* Garbage is refused, nothing stored, and it is tried again next time */
  g_assert_false (ca_store_ensure_builtin (fx->store, garbage, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (ca_store_has_feed (fx->store, CA_FEED_BUILTIN));
  g_assert_false (ca_store_ensure_builtin (fx->store, garbage, &error));
  g_clear_error (&error);

  /* A store that has the built-in feed does not parse it again... */
  replace (fx->store, CA_FEED_BUILTIN, feed);
  g_assert_true (ca_store_ensure_builtin (fx->store, garbage, &error));
  g_assert_no_error (error);

  /* ...nor after the user removed it, nor after a reopen */
  g_assert_true (ca_store_remove_feed (fx->store, CA_FEED_BUILTIN, &error));
  g_assert_true (ca_store_ensure_builtin (fx->store, garbage, &error));
  g_assert_no_error (error);
  fixture_reopen (fx);
  g_assert_true (ca_store_ensure_builtin (fx->store, garbage, &error));
  g_assert_no_error (error);
  g_assert_false (ca_store_has_feed (fx->store, CA_FEED_BUILTIN));
}

/* }}} */

/* {{{ Threads */

typedef struct {
  CaStore *store;
  CaFeed  *feeds[2];
  guint    n_imports;
  gint     done;
} ImportJob;

static gpointer
import_thread (gpointer data)
{
  ImportJob *job = data;
  char *failure = NULL;

  for (guint i = 0; i < job->n_imports && failure == NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!ca_store_replace_feed (job->store, FEED_A, job->feeds[i % 2], &error))
        failure = g_strdup (error->message);
    }
  g_atomic_int_set (&job->done, 1);
  return failure;
}

static void
test_thread_concurrent (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(CaFeed) small = make_bulk_feed ("Alpha", 30, 10, 20, 50);
  g_autoptr(CaFeed) large = make_bulk_feed ("Omega", 60, 10, 20, 50);
  ImportJob job = { fx->store, { large, small }, 8, 0 };
  GThread *thread;
  char *failure;
  guint n_reads = 0;
  guint seen_small = 0;
  guint seen_large = 0;

  replace (fx->store, FEED_A, small);
  thread = g_thread_new ("import", import_thread, &job);
  while (!g_atomic_int_get (&job.done))
    {
      g_autoptr(GPtrArray) clusters = list_clusters (fx->store);
      g_autoptr(GPtrArray) hits = search (fx->store, "cluster");
      g_autoptr(CaFeedInfo) info = feed_info (fx->store, FEED_A);
      CaEventQuery all = CA_EVENT_QUERY_INIT;
      g_autoptr(GPtrArray) events = list_events (fx->store, &all);

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
    g_autoptr(GPtrArray) clusters = list_clusters (fx->store);
    g_assert_cmpuint (clusters->len, ==, 30);     /* the last import: small */
  }
}

/* }}} */

/* {{{ Parsed JSON (needs the real parser) */

static CaFeed *
parse_or_skip (GBytes     *bytes,
               const char *key)
{
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(GError) error = NULL;
  CaFeed *feed = ca_feed_parser_parse (parser, bytes, key, &error);

  if (feed == NULL)
    {
      g_autofree char *reason = g_strdup_printf ("the feed parser refused the test feed: %s",
                                                 error->message);
      g_test_skip (reason);
    }
  return feed;
}

static gboolean
has_alnum (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static void
test_parsed_builtin (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "default-feed.json",
                                                 NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(CaFeedInfo) info = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    {
      g_test_skip ("data/default-feed.json is not there yet");
      return;
    }
  bytes = g_bytes_new_take (contents, len);
  if ((feed = parse_or_skip (bytes, CA_FEED_BUILTIN)) == NULL)
    return;

  g_assert_true (ca_store_ensure_builtin (fx->store, bytes, &error));
  g_assert_no_error (error);
  info = feed_info (fx->store, CA_FEED_BUILTIN);
  g_assert_cmpuint (info->n_clusters, ==, feed->clusters->len);
  g_assert_cmpuint (info->n_members, ==, ca_feed_count_members (feed));
  g_assert_cmpuint (info->n_projects, ==, feed->projects->len);
  g_assert_cmpuint (info->n_events, ==, feed->events->len);
  g_assert_cmpuint (info->n_clusters, >, 0);
  g_assert_cmpstr (info->title, ==, feed->publisher_name);
  clusters = list_clusters (fx->store);
  g_assert_cmpuint (clusters->len, ==, feed->clusters->len);

  /* Every cluster is found by each word of its name, in every language */
  for (guint i = 0; i < feed->clusters->len; i++)
    {
      CaCluster *c = g_ptr_array_index (feed->clusters, i);
      g_autofree char *flat = ca_text_flatten (c->name);
      g_auto(GStrv) lines = g_strsplit (flat, "\n", -1);

      for (guint l = 0; lines[l] != NULL; l++)
        {
          g_test_message ("search “%s”", lines[l]);
          if (has_alnum (lines[l]))
            g_assert_true (search_finds (fx->store, lines[l], CA_SEARCH_CLUSTER,
                                         CA_FEED_BUILTIN, c->id));
        }
    }

  /* Removed by the user: stays removed */
  g_assert_true (ca_store_remove_feed (fx->store, CA_FEED_BUILTIN, &error));
  g_assert_true (ca_store_ensure_builtin (fx->store, bytes, &error));
  g_assert_no_error (error);
  g_assert_false (ca_store_has_feed (fx->store, CA_FEED_BUILTIN));
}

static void
test_parsed_search (Fixture       *fx,
                    gconstpointer  data)
{
  static const char json[] =
    "{\"format\": \"cluster-feed\", \"version\": 1,"
    " \"publisher\": {\"name\": {\"en\": \"Test publisher\", \"bg\": \"Издател\"}},"
    " \"clusters\": [{\"id\": \"ict\","
    "   \"name\": {\"en\": \"ICT Cluster\", \"bg\": \"ИКТ Клъстер\"},"
    "   \"members\": [{\"name\": \"Café Électronique\", \"kind\": \"sme\"}]}],"
    " \"events\": [{\"id\": \"e1\","
    "   \"title\": {\"en\": \"Open day\", \"de\": \"Tag der offenen Tür\"},"
    "   \"start\": \"2026-03-01T10:00:00+02:00\", \"clusters\": [\"ict\"]}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, sizeof json - 1);
  g_autoptr(CaFeed) feed = parse_or_skip (bytes, FEED_A);
  const char * const finds_ict[] = { "ИКТ", "икт", "клъст", "ict", "cluster" };

  if (feed == NULL)
    return;
  replace (fx->store, FEED_A, feed);

  for (guint i = 0; i < G_N_ELEMENTS (finds_ict); i++)
    g_assert_true (search_finds (fx->store, finds_ict[i], CA_SEARCH_CLUSTER, FEED_A, "ict"));
  /* Diacritics folded both ways */
  g_assert_true (search_finds (fx->store, "cafe electr", CA_SEARCH_MEMBER, FEED_A, "ict"));
  g_assert_true (search_finds (fx->store, "CAFÉ", CA_SEARCH_MEMBER, FEED_A, "ict"));
  g_assert_true (search_finds (fx->store, "tur", CA_SEARCH_EVENT, FEED_A, "e1"));
  g_assert_true (search_finds (fx->store, "offenen", CA_SEARCH_EVENT, FEED_A, "e1"));
}

/* }}} */

/* {{{ Volume (run with -m perf) */

static void
test_perf_large (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  gint64 t0;

  if (!g_test_perf ())
    {
      g_test_skip ("a volume test: run with -m perf");
      return;
    }

  feed = make_bulk_feed ("Alpha", 1500, 30, 3000, 20000);
  t0 = g_get_monotonic_time ();
  replace (fx->store, FEED_A, feed);
  g_test_minimized_result ((g_get_monotonic_time () - t0) / 1e6, "import: %.3f s",
                           (g_get_monotonic_time () - t0) / 1e6);
  t0 = g_get_monotonic_time ();
  replace (fx->store, FEED_A, feed);
  g_test_minimized_result ((g_get_monotonic_time () - t0) / 1e6, "re-import: %.3f s",
                           (g_get_monotonic_time () - t0) / 1e6);

  g_clear_object (&fx->store);
  t0 = g_get_monotonic_time ();
  fx->store = open_store (fx->path);
  clusters = list_clusters (fx->store);
  g_test_minimized_result ((g_get_monotonic_time () - t0) / 1e3, "open + list: %.1f ms",
                           (g_get_monotonic_time () - t0) / 1e3);
  g_assert_cmpuint (clusters->len, ==, 1500);

  {
    const char * const queries[] = {
      "alp", "alpha", "member 1", "cluster 14", "event", "e", "proj",
    };

    for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
      {
        g_autoptr(GPtrArray) hits = NULL;

        t0 = g_get_monotonic_time ();
        hits = search (fx->store, queries[i]);
        g_test_message ("search “%s”: %u hits in %.2f ms", queries[i], hits->len,
                        (g_get_monotonic_time () - t0) / 1e3);
      }
  }
  {
    CaEventQuery month = CA_EVENT_QUERY_INIT;
    g_autoptr(GPtrArray) events = NULL;
    g_autoptr(GPtrArray) members = NULL;

    month.from = T0 + 100 * DAY;
    month.to = T0 + 131 * DAY;
    t0 = g_get_monotonic_time ();
    events = list_events (fx->store, &month);
    g_test_message ("a month of events: %u in %.2f ms", events->len,
                    (g_get_monotonic_time () - t0) / 1e3);
    g_clear_pointer (&events, g_ptr_array_unref);
    month.from = month.to = 0;
    t0 = g_get_monotonic_time ();
    events = list_events (fx->store, &month);
    g_test_message ("every event: %u in %.2f ms", events->len,
                    (g_get_monotonic_time () - t0) / 1e3);
    t0 = g_get_monotonic_time ();
    members = ca_store_list_members (fx->store, -1, NULL);
    g_test_message ("every member: %u in %.2f ms", members->len,
                    (g_get_monotonic_time () - t0) / 1e3);
  }
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Sorting and display follow English here, whatever the machine's locale */
  {
    static const char * const english[] = { "en", NULL };
    ca_text_set_content_languages (english);
  }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/open/schema", test_open_schema);
  ADD ("/store/open/unopenable", test_open_unopenable);
  ADD ("/store/roundtrip/cluster", test_roundtrip_cluster);
  ADD ("/store/roundtrip/project", test_roundtrip_project);
  ADD ("/store/roundtrip/event", test_roundtrip_event);
  ADD ("/store/feeds/info", test_feeds_info);
  ADD ("/store/feeds/separate", test_feeds_separate);
  ADD ("/store/feeds/hidden", test_feeds_hidden);
  ADD ("/store/clusters/list-model", test_cluster_list_model);
  ADD ("/store/feeds/data-time", test_feeds_data_time);
  ADD ("/store/import/atomic", test_import_atomic);
  ADD ("/store/import/reimport", test_import_reimport);
  ADD ("/store/import/duplicates", test_import_duplicates);
  ADD ("/store/stars/survive", test_stars_survive);
  ADD ("/store/stars/clear", test_stars_clear);
  ADD ("/store/stars/kept", test_stars_kept);
  ADD ("/store/events/filters", test_events_filters);
  ADD ("/store/members/kinds-and-groups", test_members_kinds_groups);
  ADD ("/store/projects/list", test_projects_list);
  ADD ("/store/search/languages", test_search_languages);
  ADD ("/store/search/kinds", test_search_kinds);
  ADD ("/store/search/hostile", test_search_hostile);
  ADD ("/store/search/unindex", test_search_unindex);
  ADD ("/store/search/empty", test_search_empty);
  ADD ("/store/recovery/truncated", test_recovery_truncated);
  ADD ("/store/recovery/garbage", test_recovery_garbage);
  ADD ("/store/recovery/newer", test_recovery_newer);
  ADD ("/store/recovery/schema-damage", test_recovery_schema_damage);
  ADD ("/store/builtin/not-twice", test_builtin_not_twice);
  ADD ("/store/thread/concurrent", test_thread_concurrent);
  ADD ("/store/parsed/builtin", test_parsed_builtin);
  ADD ("/store/parsed/search", test_parsed_search);
  ADD ("/store/perf/large", test_perf_large);

#undef ADD

  return g_test_run ();
}
