/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-query"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "ca-cluster-list.h"
#include "ca-store.h"
#include "ca-test-core.h"
#include "ca-text.h"

/*
 * Reading the store (src/core/ca-store-query.c): the cluster list model, events by range,
 * kind, cluster and project, members by kind, projects; and, with -m perf, at volume.
 */

typedef CaTestStore Fixture;

/* The clusters list as a model read a page at a time: the same rows in the same
 * order as the full list, hidden feeds left out, and pages that walk an index
 * rather than sort every cluster. */
static void
test_cluster_list_model (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(CaFeed) a = ca_test_bulk_feed ("Alpha", 300, 0, 0, 0);
  g_autoptr(CaFeed) b = ca_test_bulk_feed ("Bravo", 200, 0, 0, 0);
  g_autoptr(GPtrArray) full = NULL;
  g_autoptr(CaClusterList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = NULL;
  guint position = G_MAXUINT;

  ((CaCluster *) g_ptr_array_index (a->clusters, 7))->acronym = g_strdup ("A7");
  ca_test_replace (fx->store, CA_TEST_FEED_A, a);
  ca_test_replace (fx->store, CA_TEST_FEED_B, b);
  full = ca_test_list_clusters (fx->store);
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
  g_assert_true (ca_cluster_list_find (list, CA_TEST_FEED_A, "c7", &position));
  g_assert_cmpstr (((CaCluster *) g_ptr_array_index (full, position))->acronym, ==, "A7");
  g_assert_false (ca_cluster_list_find (list, CA_TEST_FEED_A, "c300", NULL));
  g_clear_object (&list);

  g_assert_true (ca_store_set_feed_hidden (fx->store, CA_TEST_FEED_B, TRUE, &error));
  list = ca_cluster_list_new (fx->store, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 300);
  g_assert_false (ca_cluster_list_find (list, CA_TEST_FEED_B, "c0", NULL));

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
test_events_filters (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  g_autoptr(CaFeed) other = ca_test_bulk_feed ("Bravo", 1, 0, 0, 2);
  CaEventQuery q = CA_EVENT_QUERY_INIT;
  char *ids;

#define ASSERT_EVENTS(query, expected) \
  G_STMT_START { \
    ids = ca_test_query_events (fx->store, &(query)); \
    g_assert_cmpstr (ids, ==, expected); \
    g_free (ids); \
  } G_STMT_END

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  /* e0: T0–T0+1h, e1: T0+1h–T0+2h, cluster c0 */
  ca_test_replace (fx->store, CA_TEST_FEED_B, other);

  ASSERT_EVENTS (q, "e0 e1 conf fair webinar");

  /* Range: end >= from, start < to */
  q.from = CA_TEST_T0 + 10 * CA_TEST_HOUR;
  q.to = CA_TEST_T0 + 11 * CA_TEST_HOUR;
  ASSERT_EVENTS (q, "conf");
  q.from = CA_TEST_T0 + 17 * CA_TEST_HOUR;          /* ends exactly then: still in */
  q.to = 0;
  ASSERT_EVENTS (q, "conf fair webinar");
  q.from = CA_TEST_T0 + 17 * CA_TEST_HOUR + 1;
  ASSERT_EVENTS (q, "fair webinar");
  q.from = 0;
  q.to = CA_TEST_T0 + 9 * CA_TEST_HOUR;             /* starts exactly then: out */
  ASSERT_EVENTS (q, "e0 e1");
  /* An all-day event covers its whole last day (12 March, UTC) */
  q.from = CA_TEST_T0 + 12 * CA_TEST_DAY + 23 * CA_TEST_HOUR;
  q.to = CA_TEST_T0 + 13 * CA_TEST_DAY;
  ASSERT_EVENTS (q, "fair");
  q.from = CA_TEST_T0 + 13 * CA_TEST_DAY;
  q.to = 0;
  ASSERT_EVENTS (q, "webinar");
  q.from = q.to = 0;

  /* Cluster: with and without the feed */
  q.cluster = "agro";
  ASSERT_EVENTS (q, "fair webinar");
  q.cluster = "c0";
  ASSERT_EVENTS (q, "e0 e1");
  q.feed = CA_TEST_FEED_A;
  ASSERT_EVENTS (q, "");
  q.cluster = "ict";
  ASSERT_EVENTS (q, "conf webinar");
  q.feed = CA_TEST_FEED_B;
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
  g_assert_true (ca_store_set_starred (fx->store, CA_TEST_FEED_A, "webinar", TRUE, NULL));
  g_assert_true (ca_store_set_starred (fx->store, CA_TEST_FEED_B, "e1", TRUE, NULL));
  ASSERT_EVENTS (q, "e1 webinar");
  q.feed = CA_TEST_FEED_A;
  ASSERT_EVENTS (q, "webinar");
  q.feed = NULL;
  q.starred_only = FALSE;
  {
    g_autoptr(GPtrArray) events = ca_test_list_events (fx->store, &q);

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
  q.from = CA_TEST_T0 + CA_TEST_DAY;
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
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  CaCluster *agro = g_ptr_array_index (feed->clusters, 1);
  CaMember *m;

  /* Same name and (no) city, no website, in two clusters: one organisation */
  g_ptr_array_add (agro->members, ca_test_member (NULL, "Technical University of Sofia",
                                                  CA_MEMBER_KIND_UNIVERSITY));
  /* Acme's second row has the first one's website, written another way: the same
   * host, so the same organisation though it gives no city */
  {
    CaMember *acme = g_ptr_array_index (agro->members, 0);

    g_assert_cmpstr (acme->id, ==, "acme");
    acme->website = g_strdup ("http://WWW.Acme.Example.org/members");
  }
  /* The same id in two clusters for two organisations: ids are unique only within
   * one cluster's members and say nothing of which organisation it is, so they stay
   * two (checked below) */
  g_ptr_array_add (agro->members, ca_test_member ("m01", "Plovdiv Food Co-op",
                                                  CA_MEMBER_KIND_OTHER));
  g_ptr_array_add (((CaCluster *) g_ptr_array_index (feed->clusters, 0))->members,
                   ca_test_member ("m01", "Sofia Software Guild", CA_MEMBER_KIND_OTHER));
  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);

  members = ca_store_list_members (fx->store, -1, &error);
  g_assert_no_error (error);
  /* acme (ict+agro), Farmers Union, the two m01, TU Sofia (ict+agro), Zeta Labs; by name */
  g_assert_cmpuint (members->len, ==, 6);
  m = g_ptr_array_index (members, 0);
  g_assert_cmpstr (m->name, ==, "Acme Software");
  g_assert_cmpstr (m->id, ==, "acme");
  g_assert_cmpstr (m->feed, ==, CA_TEST_FEED_A);
  ca_test_assert_strv (m->clusters, "agro", "ict", NULL);
  m = g_ptr_array_index (members, 1);
  g_assert_cmpstr (m->name, ==, "Farmers Union");
  ca_test_assert_strv (m->clusters, "agro", NULL);
  m = g_ptr_array_index (members, 4);
  g_assert_cmpstr (m->name, ==, "Technical University of Sofia");
  ca_test_assert_strv (m->clusters, "agro", "ict", NULL);
  m = g_ptr_array_index (members, 5);
  g_assert_cmpstr (m->name, ==, "Zeta Labs");
  ca_test_assert_strv (m->clusters, "ict", NULL);
  g_clear_pointer (&members, g_ptr_array_unref);

  /* Kind filter */
  members = ca_store_list_members (fx->store, CA_MEMBER_KIND_SME, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 1);
  m = g_ptr_array_index (members, 0);
  g_assert_cmpstr (m->id, ==, "acme");
  g_assert_cmpint (m->kind, ==, CA_MEMBER_KIND_SME);
  ca_test_assert_strv (m->clusters, "agro", "ict", NULL);
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
  ca_test_assert_strv (m->clusters, "agro", NULL);
  m = g_ptr_array_index (members, 1);
  g_assert_cmpstr (m->name, ==, "Sofia Software Guild");
  ca_test_assert_strv (m->clusters, "ict", NULL);
}

static void
test_projects_list (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  g_autoptr(CaFeed) other = ca_test_bulk_feed ("Bravo", 1, 0, 1, 0);
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GError) error = NULL;

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  ca_test_replace (fx->store, CA_TEST_FEED_B, other);

  /* By start (no start last), then title */
  projects = ca_store_list_projects (fx->store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, ==, 4);
  g_assert_cmpstr (((CaProject *) g_ptr_array_index (projects, 0))->id, ==, "bowi");
  g_assert_cmpstr (((CaProject *) g_ptr_array_index (projects, 1))->id, ==, "p0");
  g_assert_cmpstr (((CaProject *) g_ptr_array_index (projects, 2))->id, ==, "agri");
  g_assert_cmpstr (((CaProject *) g_ptr_array_index (projects, 3))->id, ==, "nostart");
  g_clear_pointer (&projects, g_ptr_array_unref);

  projects = ca_store_list_projects (fx->store, CA_TEST_FEED_A, NULL, &error);
  g_assert_cmpuint (projects->len, ==, 3);
  g_clear_pointer (&projects, g_ptr_array_unref);

  projects = ca_store_list_projects (fx->store, CA_TEST_FEED_A, "agro", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, ==, 2);
  g_assert_cmpstr (((CaProject *) g_ptr_array_index (projects, 0))->id, ==, "bowi");
  g_assert_cmpstr (((CaProject *) g_ptr_array_index (projects, 1))->id, ==, "agri");
  g_clear_pointer (&projects, g_ptr_array_unref);

  projects = ca_store_list_projects (fx->store, CA_TEST_FEED_B, "agro", &error);
  g_assert_cmpuint (projects->len, ==, 0);
  g_clear_pointer (&projects, g_ptr_array_unref);

  projects = ca_store_list_projects (fx->store, NULL, "c0", &error);
  g_assert_cmpuint (projects->len, ==, 1);
  g_assert_cmpstr (((CaProject *) g_ptr_array_index (projects, 0))->feed, ==, CA_TEST_FEED_B);
}

static void
test_perf_large (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_bulk_feed ("Alpha", 1500, 30, 3000, 20000);
  g_autoptr(GPtrArray) clusters = NULL;
  gint64 t0;

  t0 = g_get_monotonic_time ();
  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  g_test_minimized_result ((g_get_monotonic_time () - t0) / 1e6, "import: %.3f s",
                           (g_get_monotonic_time () - t0) / 1e6);
  t0 = g_get_monotonic_time ();
  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
  g_test_minimized_result ((g_get_monotonic_time () - t0) / 1e6, "re-import: %.3f s",
                           (g_get_monotonic_time () - t0) / 1e6);

  g_clear_object (&fx->store);
  t0 = g_get_monotonic_time ();
  fx->store = ca_test_open_store (fx->path);
  clusters = ca_test_list_clusters (fx->store);
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
        hits = ca_test_search (fx->store, queries[i]);
        g_test_message ("search “%s”: %u hits in %.2f ms", queries[i], hits->len,
                        (g_get_monotonic_time () - t0) / 1e3);
      }
  }
  {
    CaEventQuery month = CA_EVENT_QUERY_INIT;
    g_autoptr(GPtrArray) events = NULL;
    g_autoptr(GPtrArray) members = NULL;

    month.from = CA_TEST_T0 + 100 * CA_TEST_DAY;
    month.to = CA_TEST_T0 + 131 * CA_TEST_DAY;
    t0 = g_get_monotonic_time ();
    events = ca_test_list_events (fx->store, &month);
    g_test_message ("a month of events: %u in %.2f ms", events->len,
                    (g_get_monotonic_time () - t0) / 1e3);
    g_clear_pointer (&events, g_ptr_array_unref);
    month.from = month.to = 0;
    t0 = g_get_monotonic_time ();
    events = ca_test_list_events (fx->store, &month);
    g_test_message ("every event: %u in %.2f ms", events->len,
                    (g_get_monotonic_time () - t0) / 1e3);
    t0 = g_get_monotonic_time ();
    members = ca_store_list_members (fx->store, -1, NULL);
    g_test_message ("every member: %u in %.2f ms", members->len,
                    (g_get_monotonic_time () - t0) / 1e3);
  }
}

static CaMember *
identity_member (const char *name,
                 const char *registry_id,
                 const char *website,
                 const char *city)
{
  CaMember *m = ca_test_member (NULL, name, CA_MEMBER_KIND_SME);

  m->registry_id = g_strdup (registry_id);
  m->website = g_strdup (website);
  m->city = g_strdup (city);
  return m;
}

static CaMember *
find_org (GPtrArray  *members,
          const char *org_key)
{
  for (guint i = 0; i < members->len; i++)
    if (g_strcmp0 (((CaMember *) members->pdata[i])->org_key, org_key) == 0)
      return members->pdata[i];
  g_error ("No organisation %s", org_key);
}

/* The directory groups rows by the one rule (ca_member_identity_key()), across the
 * clusters of two feeds, and counts what it lists */
static void
test_members_identity (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(CaFeed) a = ca_feed_new ();
  g_autoptr(CaFeed) b = ca_feed_new ();
  CaCluster *ict = ca_test_cluster ("ict", "ICT Cluster");
  CaCluster *x = ca_test_cluster ("x", "X Cluster");
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  guint n_organisations = 0, n_memberships = 0;
  CaMember *m;

  g_ptr_array_add (ict->members, identity_member ("Alpha Ltd", "BG175325806",
                                                  "https://a.example.com", "Sofia"));
  g_ptr_array_add (ict->members, identity_member ("University of Sofia", NULL, NULL, "Sofia"));
  g_ptr_array_add (ict->members, identity_member ("Host Co", NULL, "https://www.host.example/",
                                                  "Ruse"));
  g_ptr_array_add (a->clusters, ict);
  /* The same number written another way, another name, website and city: one */
  g_ptr_array_add (x->members, identity_member ("Alpha Bulgaria", "bg 175 325 806",
                                                "https://alpha.example.org", "Varna"));
  /* Another number: another organisation, though name, website and city agree */
  g_ptr_array_add (x->members, identity_member ("Alpha Ltd", "BG999999999",
                                                "https://a.example.com", "Sofia"));
  /* The same name and city in other case: one; in another city: two */
  g_ptr_array_add (x->members, identity_member ("UNIVERSITY OF SOFIA", NULL, NULL, "sofia"));
  g_ptr_array_add (x->members, identity_member ("University of Sofia", NULL, NULL, "Plovdiv"));
  /* The same host, written another way, under another name: one */
  g_ptr_array_add (x->members, identity_member ("Host Company", NULL, "http://HOST.example/about",
                                                NULL));
  g_ptr_array_add (b->clusters, x);
  ca_test_replace (fx->store, CA_TEST_FEED_A, a);
  ca_test_replace (fx->store, CA_TEST_FEED_B, b);

  members = ca_store_list_members (fx->store, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 5);
  g_assert_true (ca_store_count_members (fx->store, -1, &n_organisations, &n_memberships, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_organisations, ==, 5);
  g_assert_cmpuint (n_memberships, ==, 8);

  /* One entry spans the feeds: each cluster named with its feed */
  m = find_org (members, "registry:BG175325806");
  g_assert_cmpstr (m->name, ==, "Alpha Bulgaria");
  ca_test_assert_strv (m->clusters, "x", "ict", NULL);
  ca_test_assert_strv (m->cluster_feeds, CA_TEST_FEED_B, CA_TEST_FEED_A, NULL);
  m = find_org (members, "registry:BG999999999");
  ca_test_assert_strv (m->clusters, "x", NULL);
  m = find_org (members, "host:host.example");
  ca_test_assert_strv (m->clusters, "ict", "x", NULL);
  ca_test_assert_strv (m->cluster_feeds, CA_TEST_FEED_A, CA_TEST_FEED_B, NULL);
  m = find_org (members, "name:university of sofia\x1fsofia");
  g_assert_cmpuint (g_strv_length (m->clusters), ==, 2);
  m = find_org (members, "name:university of sofia\x1fplovdiv");
  ca_test_assert_strv (m->clusters, "x", NULL);

  /* A hidden feed's rows are neither listed nor counted */
  g_assert_true (ca_store_set_feed_hidden (fx->store, CA_TEST_FEED_B, TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&members, g_ptr_array_unref);
  members = ca_store_list_members (fx->store, -1, &error);
  g_assert_true (ca_store_count_members (fx->store, -1, &n_organisations, &n_memberships, &error));
  g_assert_cmpuint (members->len, ==, 3);
  g_assert_cmpuint (n_organisations, ==, 3);
  g_assert_cmpuint (n_memberships, ==, 3);
}

/* On the europe store, for all members and each kind: the organisations the store
 * counts are the distinct identity keys, its memberships the rows, and a list has
 * one entry per organisation counted */
static void
check_europe_members (CaTestStore *fx)
{
  guint total_organisations = 0;

  for (int kind = -1; kind < CA_N_MEMBER_KINDS; kind++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) members = NULL;
      g_autofree char *where = kind < 0 ? g_strdup ("")
                               : g_strdup_printf (" WHERE kind = '%s'",
                                                  ca_member_kind_to_string (kind));
      g_autofree char *distinct = g_strconcat ("SELECT count(DISTINCT org_key) FROM members",
                                               where, NULL);
      g_autofree char *rows = g_strconcat ("SELECT count(*) FROM members", where, NULL);
      guint n_organisations = 0, n_memberships = 0;

      g_assert_true (ca_store_count_members (fx->store, kind, &n_organisations, &n_memberships,
                                             &error));
      g_assert_no_error (error);
      g_assert_cmpint (n_organisations, ==, ca_test_sql_int (fx->path, distinct));
      g_assert_cmpint (n_memberships, ==, ca_test_sql_int (fx->path, rows));
      /* The list of all and of one kind (each list takes seconds under the
       * sanitizers; the members-europe test compares the view's lists of every
       * kind with these counts) */
      if (kind < 0 || kind == CA_MEMBER_KIND_UNIVERSITY)
        {
          members = ca_store_list_members (fx->store, kind, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (members->len, ==, n_organisations);
        }
      if (kind < 0)
        {
          g_assert_cmpuint (n_memberships, ==, 45000);
          /* Rows do merge, by each part of the rule */
          g_assert_cmpuint (n_organisations, <, n_memberships);
          total_organisations = n_organisations;
        }
      else
        g_assert_cmpuint (n_organisations, <=, total_organisations);
    }
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM members"
                                              " WHERE org_key IS NULL"), ==, 0);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM (SELECT org_key FROM members"
                                              " WHERE org_key LIKE 'registry:%'"
                                              " GROUP BY org_key HAVING count(*) > 1)"), >, 0);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM (SELECT org_key FROM members"
                                              " WHERE org_key LIKE 'host:%'"
                                              " GROUP BY org_key HAVING count(*) > 1)"), >, 0);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT count(*) FROM (SELECT org_key FROM members"
                                              " WHERE org_key LIKE 'name:%'"
                                              " GROUP BY org_key HAVING count(*) > 1)"), >, 0);
}

/* The bench's europe feed stores whole: the counts gen-feed was asked for, and its
 * members as above (one import: it takes a minute under the sanitizers) */
static void
test_europe_counts (CaTestStore   *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;

  ca_test_load_europe (fx->store);
  g_assert_cmpuint (ca_store_count_clusters (fx->store, &error), ==, 1500);
  g_assert_no_error (error);
  events = ca_store_list_events (fx->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 20000);
  check_europe_members (fx);
}

int
main (int   argc,
      char *argv[])
{
  ca_test_store_init (&argc, &argv);

  CA_TEST_STORE_ADD ("/store/clusters/list-model", test_cluster_list_model);
  CA_TEST_STORE_ADD ("/store/events/filters", test_events_filters);
  CA_TEST_STORE_ADD ("/store/members/kinds-and-groups", test_members_kinds_groups);
  CA_TEST_STORE_ADD ("/store/projects/list", test_projects_list);
  CA_TEST_STORE_ADD ("/store/members/identity", test_members_identity);
  CA_TEST_STORE_ADD ("/store/europe/counts", test_europe_counts);
  /* A volume test, run with -m perf (meson test store-query --test-args '-m perf') */
  if (g_test_perf ())
    CA_TEST_STORE_ADD ("/store/perf/large", test_perf_large);

  return g_test_run ();
}
