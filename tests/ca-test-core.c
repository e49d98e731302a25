/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-test-core"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "ca-feed-parser.h"
#include "ca-test-core.h"
#include "ca-text.h"

void
ca_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        ca_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
ca_test_load_feed (CaStore    *store,
                   const char *key,
                   GBytes     *bytes)
{
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(GError) error = NULL;

  feed = ca_feed_parser_parse (parser, bytes, key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (feed);
  g_assert_true (ca_store_replace_feed (store, key, feed, &error));
  g_assert_no_error (error);
}

GBytes *
ca_test_builtin_bytes (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "default-feed.json",
                                                 NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  return bytes;
}

void
ca_test_load_builtin (CaStore *store)
{
  g_autoptr(GBytes) bytes = ca_test_builtin_bytes ();

  ca_test_load_feed (store, CA_FEED_BUILTIN, bytes);
}

void
ca_test_load_europe (CaStore *store)
{
  const char *path = g_getenv ("CA_TEST_EUROPE_FEED");
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(GError) error = NULL;

  /* Set by tests/meson.build for a row with 'europe': true */
  if (path == NULL)
    g_error ("CA_TEST_EUROPE_FEED is not set: give the test 'europe': true in tests/meson.build");
  mapped = g_mapped_file_new (path, FALSE, &error);
  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (mapped);
  feed = ca_store_import_bytes (store, CA_TEST_FEED_EUROPE, parser, bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (feed);
}

void
ca_test_skip_or_fail (const char *reason)
{
  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    g_test_fail_printf ("%s (CI=true: nothing may be skipped)", reason);
  else
    g_test_skip (reason);
}

static gboolean
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
ca_test_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_true, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
ca_test_run_pending (void)
{
  gboolean done = FALSE;

  /* Below the idle priority: it runs once nothing more urgent is ready */
  g_idle_add_full (G_PRIORITY_LOW, set_true, &done, NULL);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
ca_test_wait_until (gboolean (*done) (gpointer data),
                    gpointer   data,
                    guint      ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!done (data) && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);   /* nothing to do: look at the clock again soon */
  return done (data);
}

/* {{{ The store fixture */

CaStore *
ca_test_open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  CaStore *store = ca_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

void
ca_test_store_init (int    *argc,
                    char ***argv)
{
  static const char * const english[] = { "en", NULL };

  g_test_init (argc, argv, NULL);
  ca_text_set_content_languages (english);
}

void
ca_test_store_set_up (CaTestStore   *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("test-store-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "data", "atlas.db", NULL);
  fx->store = ca_test_open_store (fx->path);
}

void
ca_test_store_tear_down (CaTestStore   *fx,
                         gconstpointer  data)
{
  g_clear_object (&fx->store);
  ca_test_remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->path);
}

void
ca_test_store_reopen (CaTestStore *fx)
{
  g_clear_object (&fx->store);
  fx->store = ca_test_open_store (fx->path);
}

/* }}} */

/* {{{ Feeds built in C */

char *
ca_test_text2 (const char *en,
               const char *bg)
{
  GString *builder = ca_text_builder_new ();

  ca_text_builder_add (builder, "en", en);
  ca_text_builder_add (builder, "bg", bg);
  return ca_text_builder_end (builder);
}

char **
ca_test_strv (const char *first,
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

CaPerson *
ca_test_person (const char *name,
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

CaMember *
ca_test_member (const char   *id,
                const char   *name,
                CaMemberKind  kind)
{
  CaMember *m = ca_member_new ();

  m->id = g_strdup (id);
  m->name = g_strdup (name);
  m->kind = kind;
  return m;
}

CaCluster *
ca_test_cluster (const char *id,
                 const char *name)
{
  CaCluster *c = ca_cluster_new ();

  c->id = g_strdup (id);
  c->name = g_strdup (name);
  return c;
}

CaProject *
ca_test_project (const char *id,
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

CaEvent *
ca_test_event (const char  *id,
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
CaCluster *
ca_test_full_cluster (void)
{
  CaCluster *c = ca_test_cluster ("ict", NULL);

  c->name = ca_test_text2 ("ICT Cluster", "ИКТ Клъстер");
  c->acronym = g_strdup ("ICTC");
  c->country = g_strdup ("BG");
  c->region = ca_test_text2 ("South-West", "Югозападен");
  c->city = ca_test_text2 ("Sofia", "София");
  c->established = g_strdup ("2005-01-31");
  c->legal_form = g_strdup ("Foundation");
  c->website = g_strdup ("https://ict.example.org");
  c->email = g_strdup ("office@ict.example.org");
  c->phone = g_strdup ("+359 2 000 000");
  c->languages = ca_test_strv ("bg", "en", NULL);
  c->summary = ca_test_text2 ("Uniting software companies", "Обединява софтуерни компании");
  c->objectives = ca_test_strv ("Grow exports", "Train engineers", NULL);
  c->activities = ca_test_strv ("Matchmaking", NULL);
  c->services = ca_test_strv ("Mentoring", "Internationalisation", NULL);
  c->sectors = ca_test_strv ("Software", NULL);
  c->technology_fields = ca_test_strv ("AI", "Cybersecurity", NULL);
  c->s3_priorities = ca_test_strv ("Informatics and ICT", NULL);
  c->labels = ca_test_strv ("Cluster Management Excellence Label BRONZE", NULL);
  c->composition[CA_COMPOSITION_MEMBERS] = 120;
  c->composition[CA_COMPOSITION_SMES] = 100;
  c->composition[CA_COMPOSITION_STARTUPS] = 0;
  c->composition[CA_COMPOSITION_RESEARCH] = 6;
  /* large_companies, civil_society, other: not given (-1) */

  g_ptr_array_add (c->team, ca_test_person ("Maria Petrova", "Manager", "maria@ict.example.org",
                                            "+359 1"));
  g_ptr_array_add (c->team, ca_test_person ("Ivan Ivanov", NULL, NULL, NULL));
  {
    CaNetwork *n = ca_network_new ();
    n->name = ca_test_text2 ("European Cluster Collaboration Platform", "Европейска платформа");
    n->url = g_strdup ("https://clustercollaboration.eu");
    g_ptr_array_add (c->networks, n);
    n = ca_network_new ();
    n->name = g_strdup ("BCA");
    g_ptr_array_add (c->networks, n);
  }
  {
    CaMember *m = ca_test_member ("acme", "Acme Software", CA_MEMBER_KIND_SME);
    m->city = ca_test_text2 ("Plovdiv", "Пловдив");
    m->country = g_strdup ("BG");
    m->website = g_strdup ("https://acme.example.org");
    m->sectors = ca_test_strv ("Software", "Games", NULL);
    m->description = g_strdup ("Makes software");
    m->joined = g_strdup ("2010-05");
    g_ptr_array_add (c->members, m);
    g_ptr_array_add (c->members, ca_test_member (NULL, "Technical University of Sofia",
                                                 CA_MEMBER_KIND_UNIVERSITY));
    g_ptr_array_add (c->members, ca_test_member ("zeta", "Zeta Labs", CA_MEMBER_KIND_STARTUP));
  }
  return c;
}

/* A feed holding ca_test_full_cluster(), a second cluster, projects and events. */
CaFeed *
ca_test_full_feed (void)
{
  CaFeed *feed = ca_feed_new ();
  CaCluster *c2 = ca_test_cluster ("agro", "Agro Cluster");
  CaProject *p;
  CaEvent *e;

  feed->publisher_name = ca_test_text2 ("Business Clusters Association", "Асоциация на клъстерите");
  feed->publisher_url = g_strdup ("https://bca.example.org");
  feed->generated = g_strdup ("2026-02-01T09:00:00Z");
  g_ptr_array_add (feed->warnings, g_strdup ("clusters[3]: no name"));
  g_ptr_array_add (feed->warnings, g_strdup ("events[0].url: refused URL scheme \"file\""));

  g_ptr_array_add (feed->clusters, ca_test_full_cluster ());
  /* The same organisation (id "acme") in a second cluster */
  g_ptr_array_add (c2->members, ca_test_member ("acme", "Acme Software", CA_MEMBER_KIND_SME));
  g_ptr_array_add (c2->members, ca_test_member (NULL, "Farmers Union", CA_MEMBER_KIND_ASSOCIATION));
  g_ptr_array_add (feed->clusters, c2);

  p = ca_test_project ("bowi", NULL, "2019-01-01", ca_test_strv ("ict", "agro", NULL));
  p->title = ca_test_text2 ("Boosting Digital Innovation", "Ускоряване на дигиталните иновации");
  p->acronym = g_strdup ("BOWI");
  p->programme = g_strdup ("Horizon 2020");
  p->grant = g_strdup ("873155");
  p->end = g_strdup ("2022-06");
  p->has_budget = TRUE;
  p->budget_amount = 1234567.5;
  g_free (p->budget_currency);
  p->budget_currency = g_strdup ("BGN");
  p->role = ca_test_text2 ("Partner", "Партньор");
  p->partners = ca_test_strv ("TU Sofia", "Fraunhofer", NULL);
  p->summary = g_strdup ("Digital innovation hubs network");
  p->objectives = ca_test_strv ("Support hubs", NULL);
  p->website = g_strdup ("https://bowi.example.org");
  g_ptr_array_add (feed->projects, p);
  g_ptr_array_add (feed->projects, ca_test_project ("nostart", "Zeta project", NULL, NULL));
  g_ptr_array_add (feed->projects, ca_test_project ("agri", "Agri project", "2021",
                                                    ca_test_strv ("agro", NULL)));

  e = ca_test_event ("conf", NULL, CA_TEST_T0 + 9 * CA_TEST_HOUR, CA_TEST_T0 + 17 * CA_TEST_HOUR,
                     CA_EVENT_KIND_CONFERENCE,
                     ca_test_strv ("ict", NULL), "bowi");
  e->title = ca_test_text2 ("Digital Days", "Дигитални дни");
  e->timezone = g_strdup ("Europe/Sofia");
  e->status = CA_EVENT_STATUS_MOVED_ONLINE;
  e->venue = g_strdup ("Sofia Tech Park");
  e->city = ca_test_text2 ("Sofia", "София");
  e->country = g_strdup ("BG");
  e->online = 1;
  e->url = g_strdup ("https://days.example.org");
  e->description = g_strdup ("Two tracks");
  e->organizers = ca_test_strv ("ICT Cluster", "BCA", NULL);
  g_ptr_array_add (e->speakers, ca_test_person ("Dr. Ana", "TU Sofia", NULL, NULL));
  g_ptr_array_add (e->speakers, ca_test_person ("Bob", NULL, "bob@example.org", "+1"));
  g_ptr_array_add (feed->events, e);

  e = ca_test_event ("fair", "Agro Fair", CA_TEST_T0 + 10 * CA_TEST_DAY,
                     CA_TEST_T0 + 12 * CA_TEST_DAY, CA_EVENT_KIND_FAIR,
                     ca_test_strv ("agro", NULL), NULL);
  e->all_day = TRUE;
  e->online = 0;
  g_ptr_array_add (feed->events, e);

  e = ca_test_event ("webinar", "Cyber webinar", CA_TEST_T0 + 20 * CA_TEST_DAY,
                     CA_TEST_T0 + 20 * CA_TEST_DAY, CA_EVENT_KIND_WEBINAR,
                     ca_test_strv ("ict", "agro", NULL), "agri");
  g_ptr_array_add (feed->events, e);

  return feed;
}

/* A plain feed of a given size, for volume tests. */
CaFeed *
ca_test_bulk_feed (const char *tag,
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
      CaCluster *c = ca_test_cluster (id, name);

      c->summary = g_strdup_printf ("Summary of %s cluster number %u, with a few words of text "
                                    "so that the pages fill up", tag, i);
      c->composition[CA_COMPOSITION_MEMBERS] = n_members;
      for (guint j = 0; j < n_members; j++)
        {
          g_autofree char *mid = g_strdup_printf ("m%u-%u", i, j);
          g_autofree char *mname = g_strdup_printf ("%s member %u of %u", tag, j, i);
          CaMember *m = ca_test_member (mid, mname, j % CA_N_MEMBER_KINDS);

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
                       ca_test_project (id, title, "2020-01-01",
                                        ca_test_strv (n_clusters > 0 ? "c0" : "none", NULL)));
    }
  for (guint i = 0; i < n_events; i++)
    {
      g_autofree char *id = g_strdup_printf ("e%u", i);
      g_autofree char *title = g_strdup_printf ("%s event %u", tag, i);

      g_ptr_array_add (feed->events,
                       ca_test_event (id, title, CA_TEST_T0 + i * CA_TEST_HOUR,
                                      CA_TEST_T0 + i * CA_TEST_HOUR + CA_TEST_HOUR,
                                      i % CA_N_EVENT_KINDS, ca_test_strv ("c0", NULL), NULL));
    }
  return feed;
}

void
ca_test_replace (CaStore    *store,
                 const char *key,
                 CaFeed     *feed)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ca_store_replace_feed (store, key, feed, &error));
  g_assert_no_error (error);
}

/* }}} */

/* {{{ Reading the store */

GPtrArray *
ca_test_list_clusters (CaStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *clusters = ca_store_list_clusters (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (clusters);
  return clusters;
}

GPtrArray *
ca_test_list_events (CaStore            *store,
                     const CaEventQuery *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *events = ca_store_list_events (store, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (events);
  return events;
}

/* The ids of the events, joined with spaces, in order */
char *
ca_test_event_ids (GPtrArray *events)
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

char *
ca_test_query_events (CaStore            *store,
                      const CaEventQuery *query)
{
  g_autoptr(GPtrArray) events = ca_test_list_events (store, query);

  return ca_test_event_ids (events);
}

GPtrArray *
ca_test_search (CaStore    *store,
                const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = ca_store_search (store, text, 50, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

CaSearchHit *
ca_test_find_hit (GPtrArray    *hits,
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

gboolean
ca_test_search_finds (CaStore      *store,
                      const char   *text,
                      CaSearchKind  kind,
                      const char   *feed,
                      const char   *id)
{
  g_autoptr(GPtrArray) hits = ca_test_search (store, text);

  return ca_test_find_hit (hits, kind, feed, id) != NULL;
}

CaFeedInfo *
ca_test_feed_info (CaStore    *store,
                   const char *key)
{
  g_autoptr(GError) error = NULL;
  CaFeedInfo *info = ca_store_get_feed_info (store, key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

gint64
ca_test_sql_int (const char *path,
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

void
ca_test_sql_exec (const char *path,
                  const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

void
ca_test_assert_strv (char       **got,
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

CaFeed *
ca_test_parse (GBytes     *bytes,
               const char *key)
{
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(GError) error = NULL;
  CaFeed *feed = ca_feed_parser_parse (parser, bytes, key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (feed);
  return feed;
}

/* }}} */

guint
ca_test_count_events (CaStore    *store,
                      const char *tag)
{
  CaEventQuery query = CA_EVENT_QUERY_INIT;
  g_autoptr(GPtrArray) events = ca_test_list_events (store, &query);

  for (guint i = 0; i < events->len; i++)
    {
      g_autofree char *title = ca_text_display (((CaEvent *) events->pdata[i])->title);

      if (!g_str_has_prefix (title, tag))
        g_error ("“%s” is not an event of %s", title, tag);
    }
  return events->len;
}

void
ca_test_assert_contains (const char *text,
                         const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” is not in “%s”", part, text);
}
