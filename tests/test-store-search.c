/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-search"

#include "config.h"

#include <unistd.h>

#include <sqlite3.h>

#include "ca-store.h"
#include "ca-test-core.h"
#include "ca-text.h"

/*
 * Full-text search over the store (src/core/ca-store-search.c): every language of a
 * text, every kind of record, hostile queries, and the index kept in step with imports.
 */

typedef CaTestStore Fixture;

/* ca_test_find_hit() that must succeed */
static CaSearchHit *
expect_hit (GPtrArray    *hits,
            CaSearchKind  kind,
            const char   *feed,
            const char   *id)
{
  CaSearchHit *hit = ca_test_find_hit (hits, kind, feed, id);

  if (hit == NULL)
    g_error ("no hit of kind %d for %s in %s among %u hits", kind, id, feed, hits->len);
  return hit;
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
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO search (search) VALUES ('integrity-check')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return g_string_free (out, FALSE);
}

static void
test_search_languages (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  const char * const finds_ict[] = {
    "ИКТ", "икт", "клъст", "КЛЪСТЕР", "Клъстер", "ict", "ICT", "cluster", "clu",
    "ИКТ клъстер", "ict cluster", "ict клъстер", "  ict   ", "\"ict\"", "ICTC",
  };
  const char * const finds_nothing[] = {
    "ict banana", "клъстерр", "zzz",
  };

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);

  for (guint i = 0; i < G_N_ELEMENTS (finds_ict); i++)
    {
      g_autoptr(GPtrArray) hits = ca_test_search (fx->store, finds_ict[i]);
      CaSearchHit *hit = expect_hit (hits, CA_SEARCH_CLUSTER, CA_TEST_FEED_A, "ict");

      g_assert_cmpstr (hit->title, ==, ((CaCluster *) g_ptr_array_index (feed->clusters, 0))->name);
      g_assert_cmpuint (hit->position, ==, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (finds_nothing); i++)
    {
      g_autoptr(GPtrArray) hits = ca_test_search (fx->store, finds_nothing[i]);
      g_assert_cmpuint (hits->len, ==, 0);
    }

  /* Other languages of other fields */
  g_assert_true (ca_test_search_finds (fx->store, "дигитални", CA_SEARCH_EVENT, CA_TEST_FEED_A,
                                       "conf"));
  g_assert_true (ca_test_search_finds (fx->store, "ускоряване", CA_SEARCH_PROJECT, CA_TEST_FEED_A,
                                       "bowi"));
  g_assert_true (ca_test_search_finds (fx->store, "софтуерни", CA_SEARCH_CLUSTER, CA_TEST_FEED_A,
                                       "ict"));
  g_assert_true (ca_test_search_finds (fx->store, "софия", CA_SEARCH_EVENT, CA_TEST_FEED_A,
                                       "conf"));
}

static void
test_search_kinds (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  g_autoptr(GPtrArray) hits = NULL;
  CaSearchHit *hit;

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);

  /* Members: id is the cluster, position the index there */
  hits = ca_test_search (fx->store, "zeta");
  hit = expect_hit (hits, CA_SEARCH_MEMBER, CA_TEST_FEED_A, "ict");
  g_assert_cmpuint (hit->position, ==, 2);
  g_assert_cmpstr (hit->title, ==, "Zeta Labs");
  hit = expect_hit (hits, CA_SEARCH_PROJECT, CA_TEST_FEED_A, "nostart");
  g_assert_cmpstr (hit->title, ==, "Zeta project");
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = ca_test_search (fx->store, "acme");
  g_assert_cmpuint (hits->len, ==, 2);       /* in ict (0) and in agro (0) */
  g_assert_nonnull (ca_test_find_hit (hits, CA_SEARCH_MEMBER, CA_TEST_FEED_A, "agro"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Projects by acronym and summary; events by venue */
  g_assert_true (ca_test_search_finds (fx->store, "bowi", CA_SEARCH_PROJECT, CA_TEST_FEED_A,
                                       "bowi"));
  g_assert_true (ca_test_search_finds (fx->store, "hubs", CA_SEARCH_PROJECT, CA_TEST_FEED_A,
                                       "bowi"));
  g_assert_true (ca_test_search_finds (fx->store, "tech park", CA_SEARCH_EVENT, CA_TEST_FEED_A,
                                       "conf"));
  g_assert_true (ca_test_search_finds (fx->store, "exports", CA_SEARCH_CLUSTER, CA_TEST_FEED_A,
                                       "ict"));

  /* A title match ranks before a body match: "digital" is the title of
   * the event and the project, and only in the summary of nothing else; "software"
   * is a member's name and the cluster's summary */
  hits = ca_test_search (fx->store, "software");
  g_assert_cmpuint (hits->len, >=, 2);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpint (hit->kind, ==, CA_SEARCH_MEMBER);
  g_assert_nonnull (ca_test_find_hit (hits, CA_SEARCH_CLUSTER, CA_TEST_FEED_A, "ict"));
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
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
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

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);

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
  g_assert_true (ca_test_search_finds (fx->store, "(ict", CA_SEARCH_CLUSTER, CA_TEST_FEED_A,
                                       "ict"));
  g_assert_true (ca_test_search_finds (fx->store, "\"ict\" (", CA_SEARCH_CLUSTER, CA_TEST_FEED_A,
                                       "ict"));
  g_assert_true (ca_test_search_finds (fx->store, "ict*", CA_SEARCH_CLUSTER, CA_TEST_FEED_A,
                                       "ict"));
  g_assert_false (ca_test_search_finds (fx->store, "ict NOT", CA_SEARCH_CLUSTER, CA_TEST_FEED_A,
                                        "ict"));
  /* The store still works */
  g_assert_true (ca_test_search_finds (fx->store, "ict", CA_SEARCH_CLUSTER, CA_TEST_FEED_A, "ict"));
  g_assert_true (ca_store_has_feed (fx->store, CA_TEST_FEED_A));
}

/* Replacing or removing one feed among others unindexes exactly its text. */
static void
test_search_unindex (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(CaFeed) full = ca_test_full_feed ();
  g_autoptr(CaFeed) alpha = ca_test_bulk_feed ("Alpha", 5, 3, 4, 6);
  g_autoptr(CaFeed) omega = ca_test_bulk_feed ("Omega", 3, 2, 2, 2);
  g_autofree char *other_path = g_build_filename (fx->dir, "other", "atlas.db", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  CaStore *other;

  /* The reference: only the final data, imported once */
  other = ca_test_open_store (other_path);
  ca_test_replace (other, CA_TEST_FEED_A, full);
  ca_test_replace (other, CA_TEST_FEED_B, omega);
  g_object_unref (other);
  expected = index_vocabulary (other_path);
  g_assert_cmpstr (expected, !=, "");

  /* The same reached through replacements and a removal among other feeds */
  ca_test_replace (fx->store, CA_TEST_FEED_B, alpha);
  ca_test_replace (fx->store, "third", alpha);
  ca_test_replace (fx->store, CA_TEST_FEED_A, alpha);
  ca_test_replace (fx->store, CA_TEST_FEED_A, full);      /* unindexes alpha, B and third stay */
  ca_test_replace (fx->store, CA_TEST_FEED_B, full);
  ca_test_replace (fx->store, CA_TEST_FEED_B, omega);     /* unindexes full, A keeps its own */
  g_assert_true (ca_store_remove_feed (fx->store, "third", NULL));
  g_clear_object (&fx->store);
  got = index_vocabulary (fx->path);
  g_assert_cmpstr (got, ==, expected);
}

static CaSearchHit *
section_hit (CaSearchSections *sections,
             CaSearchKind      kind,
             guint             index)
{
  g_assert_cmpuint (sections->hits[kind]->len, >, index);
  return g_ptr_array_index (sections->hits[kind], index);
}

/* A member of that name in that city */
static CaMember *
member_in (const char *name,
           const char *city)
{
  CaMember *member = ca_test_member (NULL, name, CA_MEMBER_KIND_SME);

  member->city = g_strdup (city);
  return member;
}

/* The sections' order (ca_rank): a word that starts a name, then one inside a
 * name, then one in the body only; among equals the shorter name. Hidden feeds
 * count nothing. */
static void
test_search_sections_rank (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_feed_new ();
  g_autoptr(CaFeed) other = ca_feed_new ();
  g_autoptr(CaSearchSections) sections = NULL;
  g_autoptr(GError) error = NULL;
  CaCluster *food = ca_test_cluster ("food", "Food Cluster");
  CaCluster *c;

  /* Body first in the feed, so the feed's order alone would put it first */
  food->summary = g_strdup ("Trade of fresh food");
  g_ptr_array_add (food->members, ca_test_member (NULL, "Sofia Trade Union",
                                                  CA_MEMBER_KIND_ASSOCIATION));
  g_ptr_array_add (food->members, ca_test_member (NULL, "Trade Bank of Commerce",
                                                  CA_MEMBER_KIND_LARGE_COMPANY));
  g_ptr_array_add (food->members, ca_test_member (NULL, "Trade Bank",
                                                  CA_MEMBER_KIND_LARGE_COMPANY));
  g_ptr_array_add (feed->clusters, food);
  g_ptr_array_add (feed->clusters, ca_test_cluster ("east", "Eastern Trade Alliance"));
  c = ca_test_cluster ("trade", "Trade Partners");
  /* Two organisations named alike: the one in two clusters goes first */
  g_ptr_array_add (c->members, ca_test_member (NULL, "Sofia Exporters", CA_MEMBER_KIND_SME));
  g_ptr_array_add (feed->clusters, c);
  c = ca_test_cluster ("agro", "Agro Cluster");
  g_ptr_array_add (c->members, member_in ("Sofia Exporters", "Plovdiv"));
  g_ptr_array_add (feed->clusters, c);
  c = ca_test_cluster ("wine", "Wine Cluster");
  g_ptr_array_add (c->members, member_in ("Sofia Exporters", "Plovdiv"));
  g_ptr_array_add (feed->clusters, c);
  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);

  c = ca_test_cluster ("hidden", "Trade Secrets");
  g_ptr_array_add (c->members, ca_test_member (NULL, "Trade House", CA_MEMBER_KIND_SME));
  g_ptr_array_add (other->clusters, c);
  ca_test_replace (fx->store, CA_TEST_FEED_B, other);
  g_assert_true (ca_store_set_feed_hidden (fx->store, CA_TEST_FEED_B, TRUE, &error));
  g_assert_no_error (error);

  sections = ca_store_search_sections (fx->store, "trade", -1, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sections->n_matches[CA_SEARCH_CLUSTER], ==, 3);
  g_assert_cmpuint (sections->n_matches[CA_SEARCH_MEMBER], ==, 3);
  g_assert_cmpuint (sections->hits[CA_SEARCH_CLUSTER]->len, ==, 3);
  g_assert_cmpstr (section_hit (sections, CA_SEARCH_CLUSTER, 0)->id, ==, "trade");
  g_assert_cmpstr (section_hit (sections, CA_SEARCH_CLUSTER, 1)->id, ==, "east");
  g_assert_cmpstr (section_hit (sections, CA_SEARCH_CLUSTER, 2)->id, ==, "food");
  g_assert_cmpstr (section_hit (sections, CA_SEARCH_MEMBER, 0)->title, ==, "Trade Bank");
  g_assert_cmpstr (section_hit (sections, CA_SEARCH_MEMBER, 1)->title, ==,
                   "Trade Bank of Commerce");
  g_assert_cmpstr (section_hit (sections, CA_SEARCH_MEMBER, 2)->title, ==, "Sofia Trade Union");
  g_clear_pointer (&sections, ca_search_sections_free);

  sections = ca_store_search_sections (fx->store, "exporters", CA_SEARCH_MEMBER, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sections->n_matches[CA_SEARCH_MEMBER], ==, 2);
  g_assert_cmpuint (g_strv_length (section_hit (sections, CA_SEARCH_MEMBER, 0)->clusters), ==, 2);
  g_assert_cmpstr (section_hit (sections, CA_SEARCH_MEMBER, 1)->id, ==, "trade");
  g_clear_pointer (&sections, ca_search_sections_free);

  /* Two words: the name that has both ranks before the one that has one */
  sections = ca_store_search_sections (fx->store, "trade food", CA_SEARCH_CLUSTER, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sections->n_matches[CA_SEARCH_CLUSTER], ==, 1);
  g_assert_cmpstr (section_hit (sections, CA_SEARCH_CLUSTER, 0)->id, ==, "food");
  g_clear_pointer (&sections, ca_search_sections_free);

  /* Shown again, the hidden feed's cluster and member count */
  g_assert_true (ca_store_set_feed_hidden (fx->store, CA_TEST_FEED_B, FALSE, &error));
  sections = ca_store_search_sections (fx->store, "trade", -1, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sections->n_matches[CA_SEARCH_CLUSTER], ==, 4);
  g_assert_cmpuint (sections->n_matches[CA_SEARCH_MEMBER], ==, 4);
  g_assert_cmpstr (section_hit (sections, CA_SEARCH_CLUSTER, 1)->id, ==, "trade");
}

/* One organisation in clusters of two feeds, both clusters called "ict": the section's
 * row names both, each with its own feed */
static void
test_search_member_across_feeds (Fixture       *fx,
                                 gconstpointer  data)
{
  g_autoptr(CaFeed) a = ca_feed_new ();
  g_autoptr(CaFeed) b = ca_feed_new ();
  g_autoptr(CaSearchSections) sections = NULL;
  g_autoptr(GError) error = NULL;
  CaCluster *c;
  CaSearchHit *hit;

  c = ca_test_cluster ("ict", "ICT Cluster");
  g_ptr_array_add (c->members, member_in ("Varna Robotics", "Varna"));
  g_ptr_array_add (a->clusters, c);
  c = ca_test_cluster ("ict", "ICT Alliance");
  g_ptr_array_add (c->members, member_in ("Varna Robotics", "Varna"));
  g_ptr_array_add (b->clusters, c);
  ca_test_replace (fx->store, CA_TEST_FEED_A, a);
  ca_test_replace (fx->store, CA_TEST_FEED_B, b);

  sections = ca_store_search_sections (fx->store, "robotics", CA_SEARCH_MEMBER, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sections->n_matches[CA_SEARCH_MEMBER], ==, 1);
  hit = section_hit (sections, CA_SEARCH_MEMBER, 0);
  g_assert_cmpuint (g_strv_length (hit->clusters), ==, 2);
  g_assert_cmpuint (g_strv_length (hit->cluster_feeds), ==, 2);
  g_assert_cmpstr (hit->clusters[0], ==, "ict");
  g_assert_cmpstr (hit->clusters[1], ==, "ict");
  g_assert_cmpstr (hit->cluster_feeds[0], ==, hit->feed);
  g_assert_cmpstr (hit->cluster_feeds[1], !=, hit->feed);
  g_assert_true (g_str_equal (hit->cluster_feeds[1], CA_TEST_FEED_A) ||
                 g_str_equal (hit->cluster_feeds[1], CA_TEST_FEED_B));
}

/* The flat search (GNOME Shell's provider) lists an organisation once, however many
 * clusters it is in, in the sections' order */
static void
test_search_flat_one_member (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_feed_new ();
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  CaCluster *east = ca_test_cluster ("east", "Eastern Alliance");
  CaCluster *food = ca_test_cluster ("food", "Food Cluster");
  CaSearchHit *hit;

  /* The same name and city, no registry number or website: one organisation */
  g_ptr_array_add (east->members, ca_test_member (NULL, "Trade Bank of Commerce",
                                                  CA_MEMBER_KIND_LARGE_COMPANY));
  g_ptr_array_add (east->members, ca_test_member (NULL, "Trade Bank", CA_MEMBER_KIND_LARGE_COMPANY));
  g_ptr_array_add (food->members, ca_test_member (NULL, "Trade Bank", CA_MEMBER_KIND_LARGE_COMPANY));
  g_ptr_array_add (feed->clusters, east);
  g_ptr_array_add (feed->clusters, food);
  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);

  hits = ca_store_search (fx->store, "trade bank", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 2);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpint (hit->kind, ==, CA_SEARCH_MEMBER);
  g_assert_cmpstr (hit->title, ==, "Trade Bank");
  hit = g_ptr_array_index (hits, 1);
  g_assert_cmpstr (hit->title, ==, "Trade Bank of Commerce");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* The limit counts organisations, not rows */
  hits = ca_store_search (fx->store, "trade", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((CaSearchHit *) g_ptr_array_index (hits, 0))->title, ==, "Trade Bank");
}

static void
test_search_empty (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_full_feed ();
  const char * const empty[] = { "", " ", "   \t\n ", "\u00a0", "\"\"", "*", "( )", "-- ''" };

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);
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
  g_autoptr(CaFeed) feed = ca_test_parse (bytes, CA_TEST_FEED_A);
  const char * const finds_ict[] = { "ИКТ", "икт", "клъст", "ict", "cluster" };

  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);

  for (guint i = 0; i < G_N_ELEMENTS (finds_ict); i++)
    g_assert_true (ca_test_search_finds (fx->store, finds_ict[i], CA_SEARCH_CLUSTER, CA_TEST_FEED_A,
                                         "ict"));
  /* Diacritics folded both ways */
  g_assert_true (ca_test_search_finds (fx->store, "cafe electr", CA_SEARCH_MEMBER, CA_TEST_FEED_A,
                                       "ict"));
  g_assert_true (ca_test_search_finds (fx->store, "CAFÉ", CA_SEARCH_MEMBER, CA_TEST_FEED_A, "ict"));
  g_assert_true (ca_test_search_finds (fx->store, "tur", CA_SEARCH_EVENT, CA_TEST_FEED_A, "e1"));
  g_assert_true (ca_test_search_finds (fx->store, "offenen", CA_SEARCH_EVENT, CA_TEST_FEED_A,
                                       "e1"));
}

int
main (int   argc,
      char *argv[])
{
  ca_test_store_init (&argc, &argv);

  CA_TEST_STORE_ADD ("/store/search/languages", test_search_languages);
  CA_TEST_STORE_ADD ("/store/search/kinds", test_search_kinds);
  CA_TEST_STORE_ADD ("/store/search/hostile", test_search_hostile);
  CA_TEST_STORE_ADD ("/store/search/unindex", test_search_unindex);
  CA_TEST_STORE_ADD ("/store/search/empty", test_search_empty);
  CA_TEST_STORE_ADD ("/store/search/sections-rank", test_search_sections_rank);
  CA_TEST_STORE_ADD ("/store/search/flat-one-member", test_search_flat_one_member);
  CA_TEST_STORE_ADD ("/store/search/member-across-feeds", test_search_member_across_feeds);
  CA_TEST_STORE_ADD ("/store/parsed/search", test_parsed_search);

  return g_test_run ();
}
