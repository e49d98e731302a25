/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cluster-filter"

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "ca-cluster-filter.h"
#include "ca-cluster-list.h"
#include "ca-store.h"
#include "ca-test-core.h"
#include "ca-text.h"

/*
 * The Clusters list's filters (src/core/ca-cluster-filter.c and the store's queries
 * in ca-store-query.c): on the europe feed, each facet and their combination give the
 * list model as many rows as a count made another way (in C over every cluster read
 * whole, and in plain SQL on the file), in the list's order; the choices of each facet
 * and their counts are the values the clusters have.
 */

/* The values of facet a cluster read whole has */
static char **
cluster_values (CaCluster      *cluster,
                CaClusterFacet  facet)
{
  switch (facet)
    {
    case CA_CLUSTER_FACET_COUNTRY:
      return cluster->country != NULL ? g_strsplit (cluster->country, "\n", 1) : NULL;
    case CA_CLUSTER_FACET_REGION:
      return cluster->region != NULL ? g_strsplit (cluster->region, "\n", 1) : NULL;
    case CA_CLUSTER_FACET_SECTOR:
      return g_strdupv (cluster->sectors);
    case CA_CLUSTER_FACET_S3:
      return g_strdupv (cluster->s3_priorities);
    case CA_N_CLUSTER_FACETS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
cluster_matches (CaCluster             *cluster,
                 const CaClusterFilter *filter,
                 CaClusterFacet         skip)
{
  for (guint f = 0; f < CA_N_CLUSTER_FACETS; f++)
    {
      const char *want = ca_cluster_filter_get (filter, f);
      g_auto(GStrv) values = NULL;

      if (f == skip || want == NULL)
        continue;
      values = cluster_values (cluster, f);
      if (values == NULL || !g_strv_contains ((const char * const *) values, want))
        return FALSE;
    }
  return TRUE;
}

/* The clusters read whole that filter lets through, in the list's order */
static GPtrArray *
expected_clusters (GPtrArray             *all,
                   const CaClusterFilter *filter)
{
  GPtrArray *matching = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    if (cluster_matches (all->pdata[i], filter, CA_N_CLUSTER_FACETS))
      g_ptr_array_add (matching, all->pdata[i]);
  return matching;
}

/* The list model for filter holds exactly the expected clusters, in order */
static guint
check_list (CaStore               *store,
            GPtrArray             *all,
            const CaClusterFilter *filter)
{
  g_autoptr(GPtrArray) want = expected_clusters (all, filter);
  g_autoptr(CaClusterList) list = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  list = ca_cluster_list_new_filtered (store, filter, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, want->len);
  g_assert_cmpuint (ca_store_count_clusters_filtered (store, filter, &error), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaCluster) got = g_list_model_get_item (G_LIST_MODEL (list), i);
      CaCluster *cluster = want->pdata[i];

      g_assert_cmpstr (got->id, ==, cluster->id);
      /* What the row shows besides the name */
      g_assert_cmpstr (got->city, ==, cluster->city);
      g_assert_cmpstr (got->country, ==, cluster->country);
    }
  return n;
}

/* A facet's choices under filter are the values the clusters its other facets let
 * through have, each counted once per cluster */
static void
check_choices (CaStore               *store,
               GPtrArray             *all,
               CaClusterFacet         facet,
               const CaClusterFilter *filter)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GError) error = NULL;
  const char *chosen = ca_cluster_filter_get (filter, facet);

  for (guint i = 0; i < all->len; i++)
    {
      g_auto(GStrv) values = NULL;
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      if (!cluster_matches (all->pdata[i], filter, facet))
        continue;
      values = cluster_values (all->pdata[i], facet);
      for (guint k = 0; values != NULL && values[k] != NULL; k++)
        if (values[k][0] != '\0' && g_hash_table_add (seen, values[k]))
          g_hash_table_insert (counts, g_strdup (values[k]),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (
                                 g_hash_table_lookup (counts, values[k])) + 1));
    }
  if (chosen != NULL && !g_hash_table_contains (counts, chosen))
    g_hash_table_insert (counts, g_strdup (chosen), GUINT_TO_POINTER (0));

  choices = ca_store_list_cluster_choices (store, facet, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (choices->len, ==, g_hash_table_size (counts));
  for (guint i = 0; i < choices->len; i++)
    {
      CaClusterChoice *choice = choices->pdata[i];
      g_autofree char *label = ca_cluster_facet_dup_label (facet, choice->value);

      g_assert_true (g_hash_table_contains (counts, choice->value));
      g_assert_cmpuint (choice->count, ==,
                        GPOINTER_TO_UINT (g_hash_table_lookup (counts, choice->value)));
      g_assert_cmpstr (choice->label, ==, label);
      /* People's words, not codes and not the store's separators */
      g_assert_null (strchr (choice->label, CA_TEXT_RECORD_SEP));
      if (i > 0)
        g_assert_cmpint (g_utf8_collate (((CaClusterChoice *) choices->pdata[i - 1])->label,
                                         choice->label), <=, 0);
    }
}

/* The most common value of facet among the clusters filter lets through */
static char *
most_common (CaStore               *store,
             CaClusterFacet         facet,
             const CaClusterFilter *filter)
{
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GError) error = NULL;
  CaClusterChoice *best = NULL;

  choices = ca_store_list_cluster_choices (store, facet, filter, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < choices->len; i++)
    if (best == NULL || ((CaClusterChoice *) choices->pdata[i])->count > best->count)
      best = choices->pdata[i];
  g_assert_nonnull (best);
  return g_strdup (best->value);
}

static gint64
sql_count (CaTestStore *fx,
           const char  *where)
{
  g_autofree char *sql = g_strconcat ("SELECT count(*) FROM clusters c JOIN feeds f"
                                      " ON f.id = c.feed WHERE f.hidden = 0 AND ", where, NULL);

  return ca_test_sql_int (fx->path, sql);
}

static void
test_europe (CaTestStore   *fx,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(CaClusterFilter) filter = ca_cluster_filter_new ();
  g_autofree char *country = NULL;
  g_autofree char *sector = NULL;
  guint n;

  ca_test_load_europe (fx->store);
  all = ca_test_list_clusters (fx->store);
  g_assert_cmpuint (all->len, ==, 1500);

  /* No filter: every cluster, every value */
  g_assert_cmpuint (check_list (fx->store, all, filter), ==, 1500);
  for (guint f = 0; f < CA_N_CLUSTER_FACETS; f++)
    check_choices (fx->store, all, f, filter);

  /* Each facet alone, on its most common value */
  for (guint f = 0; f < CA_N_CLUSTER_FACETS; f++)
    {
      g_autofree char *value = most_common (fx->store, f, NULL);

      g_test_message ("%s", ca_cluster_facet_key (f));
      ca_cluster_filter_clear (filter);
      ca_cluster_filter_set (filter, f, value);
      n = check_list (fx->store, all, filter);
      g_assert_cmpuint (n, >, 0);
      g_assert_cmpuint (n, <, 1500);
      for (guint g = 0; g < CA_N_CLUSTER_FACETS; g++)
        check_choices (fx->store, all, g, filter);
    }

  /* Plain SQL agrees, a list item matched whole between separators */
  ca_cluster_filter_clear (filter);
  country = most_common (fx->store, CA_CLUSTER_FACET_COUNTRY, NULL);
  ca_cluster_filter_set (filter, CA_CLUSTER_FACET_COUNTRY, country);
  {
    char *where = sqlite3_mprintf ("c.country = %Q", country);

    g_assert_cmpint (check_list (fx->store, all, filter), ==, sql_count (fx, where));
    sqlite3_free (where);
  }
  sector = most_common (fx->store, CA_CLUSTER_FACET_SECTOR, filter);
  ca_cluster_filter_set (filter, CA_CLUSTER_FACET_SECTOR, sector);
  {
    char *where = sqlite3_mprintf ("c.country = %Q AND ('%q' || c.sectors || '%q')"
                                   " LIKE '%%%q%q%q%%'", country, "\x1d", "\x1d",
                                   "\x1d", sector, "\x1d");

    n = check_list (fx->store, all, filter);
    g_assert_cmpint (n, ==, sql_count (fx, where));
    g_assert_cmpuint (n, >, 0);
    sqlite3_free (where);
  }

  /* All four together */
  {
    g_autofree char *region = most_common (fx->store, CA_CLUSTER_FACET_REGION, filter);
    g_autofree char *s3 = NULL;

    ca_cluster_filter_set (filter, CA_CLUSTER_FACET_REGION, region);
    s3 = most_common (fx->store, CA_CLUSTER_FACET_S3, filter);
    ca_cluster_filter_set (filter, CA_CLUSTER_FACET_S3, s3);
    g_assert_cmpuint (check_list (fx->store, all, filter), >, 0);
    for (guint g = 0; g < CA_N_CLUSTER_FACETS; g++)
      check_choices (fx->store, all, g, filter);
  }

  /* A region of another country: nothing, and the region chosen stays a choice */
  {
    g_autoptr(CaClusterFilter) other = ca_cluster_filter_new ();
    const char *region = NULL, *region_country = NULL, *elsewhere = NULL;

    for (guint i = 0; region == NULL && i < all->len; i++)
      {
        CaCluster *cluster = all->pdata[i];

        if (cluster->region != NULL)
          region = cluster->region, region_country = cluster->country;
      }
    for (guint i = 0; elsewhere == NULL && i < all->len; i++)
      {
        CaCluster *cluster = all->pdata[i];

        if (g_strcmp0 (cluster->country, region_country) != 0)
          elsewhere = cluster->country;
      }
    g_assert_nonnull (region);
    g_assert_nonnull (elsewhere);
    ca_cluster_filter_set (other, CA_CLUSTER_FACET_COUNTRY, elsewhere);
    ca_cluster_filter_set (other, CA_CLUSTER_FACET_REGION, region);
    g_assert_cmpuint (check_list (fx->store, all, other), ==, 0);
    check_choices (fx->store, all, CA_CLUSTER_FACET_REGION, other);
  }

  /* A hidden feed's clusters are not counted, nor are their values offered */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) choices = NULL;

    g_assert_true (ca_store_set_feed_hidden (fx->store, CA_TEST_FEED_EUROPE, TRUE, &error));
    g_assert_cmpuint (ca_store_count_clusters_filtered (fx->store, filter, &error), ==, 0);
    choices = ca_store_list_cluster_choices (fx->store, CA_CLUSTER_FACET_COUNTRY, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (choices->len, ==, 0);
  }
}

/* "Energy" is not found in "Renewable Energy", nor "ICT" in "ICT services" */
static void
test_whole_items (CaTestStore   *fx,
                  gconstpointer  data)
{
  g_autoptr(CaFeed) feed = ca_test_bulk_feed ("Items", 4, 0, 0, 0);
  g_autoptr(CaClusterFilter) filter = ca_cluster_filter_new ();
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ict = ca_test_text2 ("ICT", "ИКТ");
  CaCluster *c;

  c = feed->clusters->pdata[0];
  g_strfreev (c->sectors);
  c->sectors = ca_test_strv ("Renewable Energy", "ICT services", NULL);
  c = feed->clusters->pdata[1];
  g_strfreev (c->sectors);
  c->sectors = ca_test_strv ("Energy", "Energy", NULL);
  c = feed->clusters->pdata[2];
  g_strfreev (c->sectors);
  c->sectors = ca_test_strv (ict, "Energy", NULL);
  c = feed->clusters->pdata[3];
  g_clear_pointer (&c->sectors, g_strfreev);
  ca_test_replace (fx->store, CA_TEST_FEED_A, feed);

  ca_cluster_filter_set (filter, CA_CLUSTER_FACET_SECTOR, "Energy");
  g_assert_cmpuint (ca_store_count_clusters_filtered (fx->store, filter, &error), ==, 2);
  ca_cluster_filter_set (filter, CA_CLUSTER_FACET_SECTOR, "ICT");
  g_assert_cmpuint (ca_store_count_clusters_filtered (fx->store, filter, &error), ==, 0);
  ca_cluster_filter_set (filter, CA_CLUSTER_FACET_SECTOR, "Renewable Energy");
  g_assert_cmpuint (ca_store_count_clusters_filtered (fx->store, filter, &error), ==, 1);

  /* Energy twice in one cluster counts once; the localised ICT shows in English */
  choices = ca_store_list_cluster_choices (fx->store, CA_CLUSTER_FACET_SECTOR, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (choices->len, ==, 4);
  g_assert_cmpstr (((CaClusterChoice *) choices->pdata[0])->label, ==, "Energy");
  g_assert_cmpuint (((CaClusterChoice *) choices->pdata[0])->count, ==, 2);
  g_assert_cmpstr (((CaClusterChoice *) choices->pdata[1])->label, ==, "ICT");
  g_assert_cmpuint (((CaClusterChoice *) choices->pdata[1])->count, ==, 1);
  g_assert_cmpstr (((CaClusterChoice *) choices->pdata[2])->label, ==, "ICT services");
  g_assert_cmpstr (((CaClusterChoice *) choices->pdata[3])->label, ==, "Renewable Energy");
  ca_cluster_filter_set (filter, CA_CLUSTER_FACET_SECTOR,
                         ((CaClusterChoice *) choices->pdata[1])->value);
  g_assert_cmpuint (ca_store_count_clusters_filtered (fx->store, filter, &error), ==, 1);
}

/* The settings' form: a{ss} by facet key, empty values and unknown keys dropped */
static void
test_variant (void)
{
  g_autoptr(CaClusterFilter) filter = ca_cluster_filter_new ();
  g_autoptr(CaClusterFilter) back = NULL;
  g_autoptr(CaClusterFilter) parsed = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autofree char *label = NULL;

  g_assert_true (ca_cluster_filter_is_empty (filter));
  ca_cluster_filter_set (filter, CA_CLUSTER_FACET_COUNTRY, "BG");
  ca_cluster_filter_set (filter, CA_CLUSTER_FACET_S3, "\x1e" "en\x1f" "ICT\x1e" "bg\x1f" "ИКТ");
  g_assert_false (ca_cluster_filter_is_empty (filter));
  variant = g_variant_ref_sink (ca_cluster_filter_to_variant (filter));
  back = ca_cluster_filter_new_from_variant (variant);
  g_assert_true (ca_cluster_filter_equal (filter, back));

  g_clear_pointer (&variant, g_variant_unref);
  variant = g_variant_ref_sink (g_variant_new_parsed ("{'country': 'DE', 'region': '', "
                                                      "'planet': 'Mars'}"));
  parsed = ca_cluster_filter_new_from_variant (variant);
  g_assert_cmpstr (ca_cluster_filter_get (parsed, CA_CLUSTER_FACET_COUNTRY), ==, "DE");
  g_assert_null (ca_cluster_filter_get (parsed, CA_CLUSTER_FACET_REGION));
  ca_cluster_filter_set (parsed, CA_CLUSTER_FACET_COUNTRY, NULL);
  g_assert_true (ca_cluster_filter_is_empty (parsed));

  /* Countries by name */
  label = ca_cluster_facet_dup_label (CA_CLUSTER_FACET_COUNTRY, "BG");
  if (g_file_test (ISO_CODES_DIR, G_FILE_TEST_IS_DIR))
    g_assert_cmpstr (label, ==, "Bulgaria");
  else
    ca_test_skip_or_fail ("iso-codes is not installed (" ISO_CODES_DIR ")");
}

int
main (int   argc,
      char *argv[])
{
  ca_test_store_init (&argc, &argv);

  g_test_add_func ("/cluster-filter/variant", test_variant);
  CA_TEST_STORE_ADD ("/cluster-filter/whole-items", test_whole_items);
  CA_TEST_STORE_ADD ("/cluster-filter/europe", test_europe);

  return g_test_run ();
}
