/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-import"

#include "config.h"

#include "ca-person.h"
#include "ca-store.h"
#include "ca-store-private.h"
#include "ca-test-core.h"
#include "ca-text.h"

/*
 * Writing feeds into the store (src/core/ca-store-import.c): every field read back as
 * written, imports that replace a feed whole or not at all, and the built-in feed.
 */

typedef CaTestStore Fixture;

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
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  g_autoptr(CaCluster) expected = ca_test_full_cluster ();
  g_autoptr(CaCluster) c = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;
  CaMember *m;
  CaNetwork *n;

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  /* From a freshly opened store, not from any cache */
  ca_test_store_reopen (fx);

  c = ca_store_get_cluster (fx->store, CA_TEST_FEED_A, "ict", &error);
  g_assert_no_error (error);
  g_assert_nonnull (c);
  g_assert_cmpstr (c->feed, ==, CA_TEST_FEED_A);
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
  ca_test_assert_strv (c->languages, "bg", "en", NULL);
  g_assert_cmpstr (c->summary, ==, expected->summary);
  ca_test_assert_strv (c->objectives, "Grow exports", "Train engineers", NULL);
  ca_test_assert_strv (c->activities, "Matchmaking", NULL);
  ca_test_assert_strv (c->services, "Mentoring", "Internationalisation", NULL);
  ca_test_assert_strv (c->sectors, "Software", NULL);
  ca_test_assert_strv (c->technology_fields, "AI", "Cybersecurity", NULL);
  ca_test_assert_strv (c->s3_priorities, "Informatics and ICT", NULL);
  ca_test_assert_strv (c->labels, "Cluster Management Excellence Label BRONZE", NULL);
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
  g_assert_cmpstr (m->feed, ==, CA_TEST_FEED_A);
  g_assert_cmpstr (m->cluster, ==, "ict");
  g_assert_cmpuint (m->position, ==, 0);
  g_assert_cmpstr (m->id, ==, "acme");
  g_assert_cmpstr (m->name, ==, "Acme Software");
  g_assert_cmpint (m->kind, ==, CA_MEMBER_KIND_SME);
  g_assert_cmpstr (m->city, ==, ((CaMember *) g_ptr_array_index (expected->members, 0))->city);
  g_assert_cmpstr (m->country, ==, "BG");
  g_assert_cmpstr (m->website, ==, "https://acme.example.org");
  ca_test_assert_strv (m->sectors, "Software", "Games", NULL);
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
  clusters = ca_test_list_clusters (fx->store);
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
  g_assert_null (ca_store_get_cluster (fx->store, CA_TEST_FEED_A, "nope", &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (ca_store_get_cluster (fx->store, CA_TEST_FEED_B, "ict", &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
}

static void
test_roundtrip_project (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  CaProject *expected = g_ptr_array_index (feed->projects, 0);
  g_autoptr(CaProject) p = NULL;
  g_autoptr(GError) error = NULL;

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  ca_test_store_reopen (fx);

  p = ca_store_get_project (fx->store, CA_TEST_FEED_A, "bowi", &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->feed, ==, CA_TEST_FEED_A);
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
  ca_test_assert_strv (p->clusters, "ict", "agro", NULL);
  ca_test_assert_strv (p->partners, "TU Sofia", "Fraunhofer", NULL);
  g_assert_cmpstr (p->summary, ==, "Digital innovation hubs network");
  ca_test_assert_strv (p->objectives, "Support hubs", NULL);
  g_assert_cmpstr (p->website, ==, "https://bowi.example.org");
  g_clear_object (&p);

  p = ca_store_get_project (fx->store, CA_TEST_FEED_A, "nostart", &error);
  g_assert_no_error (error);
  g_assert_false (p->has_budget);
  g_assert_cmpfloat (p->budget_amount, ==, 0.0);
  g_assert_cmpstr (p->budget_currency, ==, "EUR");
  g_assert_null (p->start);
  g_assert_null (p->clusters);
  g_clear_object (&p);

  g_assert_null (ca_store_get_project (fx->store, CA_TEST_FEED_A, "nope", &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
}

static void
test_roundtrip_event (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  CaEvent *expected = g_ptr_array_index (feed->events, 0);
  g_autoptr(CaEvent) e = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  CaEventQuery all = CA_EVENT_QUERY_INIT;

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  ca_test_store_reopen (fx);

  e = ca_store_get_event (fx->store, CA_TEST_FEED_A, "conf", &error);
  g_assert_no_error (error);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->feed, ==, CA_TEST_FEED_A);
  g_assert_cmpstr (e->id, ==, "conf");
  g_assert_cmpstr (e->title, ==, expected->title);
  g_assert_cmpint (e->start, ==, CA_TEST_T0 + 9 * CA_TEST_HOUR);
  g_assert_cmpint (e->end, ==, CA_TEST_T0 + 17 * CA_TEST_HOUR);
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
  ca_test_assert_strv (e->clusters, "ict", NULL);
  g_assert_cmpstr (e->project, ==, "bowi");
  ca_test_assert_strv (e->organizers, "ICT Cluster", "BCA", NULL);
  g_assert_cmpuint (e->speakers->len, ==, 2);
  assert_person (g_ptr_array_index (e->speakers, 0), "Dr. Ana", "TU Sofia", NULL, NULL);
  assert_person (g_ptr_array_index (e->speakers, 1), "Bob", NULL, "bob@example.org", "+1");
  g_assert_false (e->starred);
  g_clear_object (&e);

  e = ca_store_get_event (fx->store, CA_TEST_FEED_A, "fair", &error);
  g_assert_no_error (error);
  g_assert_true (e->all_day);
  g_assert_true (e->has_end);
  g_assert_cmpint (e->online, ==, 0);
  g_assert_cmpint (e->kind, ==, CA_EVENT_KIND_FAIR);
  g_assert_cmpint (e->status, ==, CA_EVENT_STATUS_SCHEDULED);
  g_assert_null (e->project);
  g_assert_cmpuint (e->speakers->len, ==, 0);
  g_clear_object (&e);

  e = ca_store_get_event (fx->store, CA_TEST_FEED_A, "webinar", &error);
  g_assert_no_error (error);
  g_assert_false (e->has_end);
  g_assert_cmpint (e->end, ==, e->start);
  g_assert_cmpint (e->online, ==, -1);
  ca_test_assert_strv (e->clusters, "ict", "agro", NULL);
  g_clear_object (&e);

  /* The list carries the speakers too, ordered by start */
  events = ca_test_list_events (fx->store, &all);
  g_assert_cmpuint (events->len, ==, 3);
  e = g_object_ref (g_ptr_array_index (events, 0));
  g_assert_cmpstr (e->id, ==, "conf");
  g_assert_cmpuint (e->speakers->len, ==, 2);
  g_assert_cmpstr (((CaPerson *) g_ptr_array_index (e->speakers, 1))->name, ==, "Bob");

  g_assert_null (ca_store_get_event (fx->store, CA_TEST_FEED_A, "nope", &error));
  g_assert_error (error, CA_STORE_ERROR, CA_STORE_ERROR_NOT_FOUND);
}

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
  g_autoptr(GPtrArray) clusters = ca_test_list_clusters (store);
  g_autoptr(GPtrArray) members = ca_store_list_members (store, -1, NULL);
  g_autoptr(GPtrArray) projects = ca_store_list_projects (store, NULL, NULL, NULL);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(CaFeedInfo) info = ca_test_feed_info (store, CA_TEST_FEED_A);
  g_autoptr(CaCluster) c = NULL;
  CaEventQuery all = CA_EVENT_QUERY_INIT;

  g_assert_nonnull (members);
  g_assert_nonnull (projects);
  s->n_clusters = clusters->len;
  s->n_members = members->len;
  s->n_projects = projects->len;
  s->ids = ca_test_query_events (store, &all);
  s->n_events = info->n_events;
  s->title = g_strdup (info->title);
  c = ca_store_get_cluster (store, CA_TEST_FEED_A, "c1", NULL);
  g_assert_nonnull (c);
  s->first_cluster = g_strdup_printf ("%s|%s|%u", c->name, c->summary, c->members->len);
  hits = ca_test_search (store, "Alpha");
  s->n_docs = hits->len;
}

static void
test_import_atomic (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(CaFeed) old_feed = ca_test_bulk_feed ("Alpha", 10, 4, 5, 8);
  g_autoptr(CaFeed) new_feed = ca_test_bulk_feed ("Omega", 12, 6, 7, 9);
  Snapshot before = { 0 };
  /* Before the first row, inside the members, and at the very last row */
  const int fail_points[] = { 0, 1, 37, 100, 12 * (1 + 6 + 6 + 1) + 7 * 3 + 9 * 3 - 1 };

  ca_test_replace (fx->store, CA_TEST_FEED_A, old_feed);
  g_assert_true (ca_store_set_starred (fx->store, CA_TEST_FEED_A, "e3", TRUE, NULL));
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
      g_assert_false (ca_store_replace_feed (fx->store, CA_TEST_FEED_A, new_feed, &error));
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
      g_assert_false (ca_test_search_finds (fx->store, "omega cluster 0", CA_SEARCH_CLUSTER,
                                            CA_TEST_FEED_A, "c0"));
      g_assert_true (ca_store_is_starred (fx->store, CA_TEST_FEED_A, "e3"));
      info = ca_test_feed_info (fx->store, CA_TEST_FEED_A);
      g_assert_cmpstr (info->title, ==, "Publisher Alpha");
      snapshot_clear (&after);
    }

  /* The same failure after a reopen: nothing half-written reached the file */
  ca_test_store_reopen (fx);
  {
    Snapshot after = { 0 };

    snapshot (fx->store, &after);
    g_assert_cmpuint (after.n_members, ==, before.n_members);
    g_assert_cmpstr (after.ids, ==, before.ids);
    snapshot_clear (&after);
  }

  /* Without the hook the new data replaces the old, whole */
  _ca_store_set_fail_after (fx->store, -1);
  ca_test_replace (fx->store, CA_TEST_FEED_A, new_feed);
  {
    g_autoptr(GPtrArray) clusters = ca_test_list_clusters (fx->store);
    g_autoptr(CaFeedInfo) info = ca_test_feed_info (fx->store, CA_TEST_FEED_A);

    g_assert_cmpuint (clusters->len, ==, 12);
    g_assert_cmpuint (info->n_members, ==, 72);
    g_assert_cmpuint (info->n_events, ==, 9);
    g_assert_cmpstr (info->title, ==, "Publisher Omega");
    g_assert_true (ca_test_search_finds (fx->store, "omega cluster 0", CA_SEARCH_CLUSTER,
                                         CA_TEST_FEED_A, "c0"));
    g_assert_false (ca_test_search_finds (fx->store, "alpha cluster 0", CA_SEARCH_CLUSTER,
                                          CA_TEST_FEED_A, "c0"));
  }
  snapshot_clear (&before);
}

static void
test_import_reimport (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(CaFeed) first = ca_test_full_feed ();
  g_autoptr(CaFeed) second = ca_test_full_feed ();
  g_autoptr(CaCluster) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeedInfo) info = NULL;
  CaCluster *ict = g_ptr_array_index (second->clusters, 0);

  ca_test_replace (fx->store, CA_TEST_FEED_A, first);

  /* The second version drops a cluster, a member, a project and an event */
  g_ptr_array_remove_index (second->clusters, 1);
  g_ptr_array_remove_index (ict->members, 2);
  g_ptr_array_remove_index (second->projects, 2);
  g_ptr_array_remove_index (second->events, 1);
  g_ptr_array_set_size (second->warnings, 0);
  ca_test_replace (fx->store, CA_TEST_FEED_A, second);

  info = ca_test_feed_info (fx->store, CA_TEST_FEED_A);
  g_assert_cmpuint (info->n_clusters, ==, 1);
  g_assert_cmpuint (info->n_members, ==, 2);
  g_assert_cmpuint (info->n_projects, ==, 2);
  g_assert_cmpuint (info->n_events, ==, 2);
  g_assert_cmpuint (g_strv_length (info->warnings), ==, 0);
  c = ca_store_get_cluster (fx->store, CA_TEST_FEED_A, "ict", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->members->len, ==, 2);
  g_assert_cmpuint (c->n_members, ==, 2);
  g_assert_cmpuint (c->team->len, ==, 2);
  g_assert_cmpuint (c->networks->len, ==, 2);
  g_assert_false (ca_test_search_finds (fx->store, "agro", CA_SEARCH_CLUSTER, CA_TEST_FEED_A,
                                        "agro"));
  g_assert_false (ca_test_search_finds (fx->store, "zeta", CA_SEARCH_MEMBER, CA_TEST_FEED_A,
                                        "ict"));
  g_assert_false (ca_test_search_finds (fx->store, "fair", CA_SEARCH_EVENT, CA_TEST_FEED_A,
                                        "fair"));

  /* Reimporting the same feed leaves no duplicate rows */
  ca_test_replace (fx->store, CA_TEST_FEED_A, second);
  ca_test_replace (fx->store, CA_TEST_FEED_A, second);
  g_clear_object (&fx->store);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM search_docs"), ==,
                   1 + 2 + 2 + 2);
  g_assert_cmpint (ca_test_sql_int (fx->path,
                                    "SELECT count(*) FROM search WHERE search MATCH 'agro'"),
                   ==, 0);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM cluster_team"), ==, 2);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM event_speakers"), ==, 2);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM event_clusters"), ==, 3);
}

static void
test_import_duplicates (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_bulk_feed ("Alpha", 2, 1, 1, 1);
  g_autoptr(CaFeedInfo) info = NULL;
  g_autoptr(CaCluster) c = NULL;

  /* A feed object with repeated ids (the parser drops them; the store must cope) */
  g_ptr_array_add (feed->clusters, ca_test_cluster ("c0", "Second c0"));
  g_ptr_array_add (feed->events, ca_test_event ("e0", "Second e0", CA_TEST_T0, CA_TEST_T0,
                                                CA_EVENT_KIND_OTHER,
                                                NULL, NULL));
  g_ptr_array_add (feed->projects, ca_test_project ("p0", "Second p0", NULL, NULL));
  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);

  info = ca_test_feed_info (fx->store, CA_TEST_FEED_A);
  g_assert_cmpuint (info->n_clusters, ==, 2);
  g_assert_cmpuint (info->n_events, ==, 1);
  g_assert_cmpuint (info->n_projects, ==, 1);
  c = ca_store_get_cluster (fx->store, CA_TEST_FEED_A, "c0", NULL);
  g_assert_cmpstr (c->name, ==, "Alpha cluster 0");
  g_assert_false (ca_test_search_finds (fx->store, "second", CA_SEARCH_CLUSTER, CA_TEST_FEED_A,
                                        "c0"));
}

static void
test_builtin_not_twice (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
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
  ca_test_replace (fx->store, CA_FEED_BUILTIN, feed);
  g_assert_true (ca_store_ensure_builtin (fx->store, garbage, &error));
  g_assert_no_error (error);

  /* ...nor after the user removed it, nor after a reopen */
  g_assert_true (ca_store_remove_feed (fx->store, CA_FEED_BUILTIN, &error));
  g_assert_true (ca_store_ensure_builtin (fx->store, garbage, &error));
  g_assert_no_error (error);
  ca_test_store_reopen (fx);
  g_assert_true (ca_store_ensure_builtin (fx->store, garbage, &error));
  g_assert_no_error (error);
  g_assert_false (ca_store_has_feed (fx->store, CA_FEED_BUILTIN));
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
  g_autoptr(GBytes) bytes = ca_test_builtin_bytes ();
  g_autoptr(CaFeed) feed = ca_test_parse (bytes, CA_FEED_BUILTIN);
  g_autoptr(CaFeedInfo) info = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ca_store_ensure_builtin (fx->store, bytes, &error));
  g_assert_no_error (error);
  info = ca_test_feed_info (fx->store, CA_FEED_BUILTIN);
  g_assert_cmpuint (info->n_clusters, ==, feed->clusters->len);
  g_assert_cmpuint (info->n_members, ==, ca_feed_count_members (feed));
  g_assert_cmpuint (info->n_projects, ==, feed->projects->len);
  g_assert_cmpuint (info->n_events, ==, feed->events->len);
  g_assert_cmpuint (info->n_clusters, >, 0);
  g_assert_cmpstr (info->title, ==, feed->publisher_name);
  clusters = ca_test_list_clusters (fx->store);
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
            g_assert_true (ca_test_search_finds (fx->store, lines[l], CA_SEARCH_CLUSTER,
                                                 CA_FEED_BUILTIN, c->id));
        }
    }

  /* Removed by the user: stays removed */
  g_assert_true (ca_store_remove_feed (fx->store, CA_FEED_BUILTIN, &error));
  g_assert_true (ca_store_ensure_builtin (fx->store, bytes, &error));
  g_assert_no_error (error);
  g_assert_false (ca_store_has_feed (fx->store, CA_FEED_BUILTIN));
}

int
main (int   argc,
      char *argv[])
{
  ca_test_store_init (&argc, &argv);

  CA_TEST_STORE_ADD ("/store/roundtrip/cluster", test_roundtrip_cluster);
  CA_TEST_STORE_ADD ("/store/roundtrip/project", test_roundtrip_project);
  CA_TEST_STORE_ADD ("/store/roundtrip/event", test_roundtrip_event);
  CA_TEST_STORE_ADD ("/store/import/atomic", test_import_atomic);
  CA_TEST_STORE_ADD ("/store/import/reimport", test_import_reimport);
  CA_TEST_STORE_ADD ("/store/import/duplicates", test_import_duplicates);
  CA_TEST_STORE_ADD ("/store/builtin/not-twice", test_builtin_not_twice);
  CA_TEST_STORE_ADD ("/store/parsed/builtin", test_parsed_builtin);

  return g_test_run ();
}
