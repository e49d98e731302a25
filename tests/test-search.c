/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-search"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ca-search-view.h"
#include "ca-store.h"
#include "ca-test-feed.h"
#include "ca-test-util.h"
#include "ca-text-row.h"

/* The search view on a real store (the built-in feed and a small feed of members),
 * shown in a window under Xvfb; results come from a worker thread. */

#define EXTRA_FEED "https://example.org/members.json"

static const char extra_feed[] =
  "{"
  "  \"format\": \"cluster-feed\","
  "  \"version\": 1,"
  "  \"clusters\": ["
  "    {"
  "      \"id\": \"alpha\","
  "      \"name\": \"Alpha Cluster\","
  "      \"members\": ["
  "        { \"name\": \"Sofia University\", \"kind\": \"university\" },"
  "        { \"name\": \"<span foreground=\\\"red\\\">x</span>\", \"kind\": \"research\" },"
  "        { \"name\": \"&amp;\", \"kind\": \"association\" }"
  "      ]"
  "    },"
  "    {"
  "      \"id\": \"beta\","
  "      \"name\": \"Beta Cluster\","
  "      \"members\": ["
  "        { \"name\": \"University of Sofia\", \"kind\": \"university\" },"
  "        { \"name\": \"Sofia University\", \"kind\": \"university\" },"
  "        { \"name\": \"Sofia\", \"kind\": \"public\" }"
  "      ]"
  "    }"
  "  ]"
  "}";

typedef struct {
  CaTestHost    host;
  CaSearchView *view;
  guint         n_changes;   /* "results-changed" emissions */
} Fixture;

/* {{{ Helpers */

/* The rows of hits ("Show all N" aside) */
static guint
count_rows (GtkWidget *widget)
{
  guint n = GTK_IS_LIST_BOX_ROW (widget) &&
            g_object_get_data (G_OBJECT (widget), "ca-show-all") == NULL ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_rows (child);
  return n;
}

static void
results_changed (CaSearchView *view,
                 Fixture      *f)
{
  f->n_changes++;
}

static gboolean
timeout_reached (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates until "results-changed" has come since n_before, or fails */
static void
wait_results_since (Fixture *f,
                    guint    n_before)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_reached, &timed_out);

  while (f->n_changes == n_before && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("No search results within 10 s for “%s”", ca_search_view_get_query (f->view));
  g_source_remove (id);
  /* Let the rows map */
  ca_test_run_for (50);
}

static void
search (Fixture    *f,
        const char *text)
{
  guint n_before = f->n_changes;

  ca_search_view_set_query (f->view, text);
  wait_results_since (f, n_before);
  g_assert_cmpstr (ca_search_view_get_query (f->view), ==, text);
}

static gboolean
shows_text (Fixture    *f,
           const char *text)
{
  return ca_test_shows_text (GTK_WIDGET (f->view), text);
}

/* The row showing a title, or NULL */
static GtkListBoxRow *
find_row (Fixture    *f,
          const char *title)
{
  GtkWidget *widget = ca_test_find_text (GTK_WIDGET (f->view), title);

  return widget != NULL ? (GtkListBoxRow *) gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW)
                        : NULL;
}

/* Is title among the shown hits of kind? */
static gboolean
has_hit (Fixture      *f,
         CaSearchKind  kind,
         const char   *title)
{
  for (guint i = 0; ; i++)
    {
      g_autofree char *hit = ca_search_view_dup_hit_title (f->view, kind, i);

      if (hit == NULL)
        return FALSE;
      if (g_strcmp0 (hit, title) == 0)
        return TRUE;
    }
}

static guint
count_hits (Fixture *f)
{
  guint n = 0;

  for (CaSearchKind kind = CA_SEARCH_CLUSTER; kind <= CA_SEARCH_EVENT; kind++)
    for (guint i = 0; ; i++)
      {
        g_autofree char *hit = ca_search_view_dup_hit_title (f->view, kind, i);

        if (hit == NULL)
          break;
        n++;
      }
  return n;
}

/* }}} */
/* {{{ Fixture */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) extra = g_bytes_new_static (extra_feed, strlen (extra_feed));

  ca_test_host_set_up (&f->host, "search");
  ca_test_load_builtin (f->host.store);
  ca_test_load_feed (f->host.store, EXTRA_FEED, extra);

  f->view = g_object_new (CA_TYPE_SEARCH_VIEW, NULL);
  g_signal_connect (f->view, "results-changed", G_CALLBACK (results_changed), f);
  ca_search_view_set_store (f->view, f->host.store);
  ca_test_host_show (&f->host, GTK_WIDGET (f->view), 800, 1000);
  ca_test_run_for (100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ca_test_host_tear_down (&f->host);
}

/* }}} */
/* {{{ Tests */

static void
test_empty_query (Fixture       *f,
                  gconstpointer  data)
{
  /* Nothing to show, not even "No Results": the window shows the view only once
   * there is text, and until its results come the page stays empty */
  g_assert_cmpuint (ca_search_view_get_n_hits (f->view), ==, 0);
  g_assert_false (shows_text (f, "No Results"));
  g_assert_false (shows_text (f, "Search clusters, members, projects and events"));
  g_assert_false (shows_text (f, "ICT Cluster"));

  search (f, "ICT");
  g_assert_cmpuint (ca_search_view_get_n_hits (f->view), >, 0);
  g_assert_true (shows_text (f, "ICT Cluster"));
  search (f, "   ");
  g_assert_cmpuint (ca_search_view_get_n_hits (f->view), ==, 0);
  g_assert_null (ca_search_view_dup_hit_title (f->view, CA_SEARCH_CLUSTER, 0));
  g_assert_false (shows_text (f, "No Results"));
  g_assert_false (shows_text (f, "ICT Cluster"));
}

static void
test_cyrillic_acronym (Fixture       *f,
                       gconstpointer  data)
{
  guint n_hits;

  search (f, "ИКТ");
  g_assert_true (has_hit (f, CA_SEARCH_CLUSTER, "ICT Cluster"));
  g_assert_cmpuint (ca_search_view_get_n_matches (f->view, CA_SEARCH_CLUSTER), >, 0);
  {
    g_autofree char *heading = g_strdup_printf ("Clusters · %'u",
                                                ca_search_view_get_n_matches (f->view,
                                                                              CA_SEARCH_CLUSTER));
    g_assert_true (shows_text (f, heading));
  }
  g_assert_true (shows_text (f, "ICT Cluster"));
  n_hits = ca_search_view_get_n_hits (f->view);
  g_assert_cmpuint (n_hits, ==, count_hits (f));
  g_object_get (f->view, "n-hits", &n_hits, NULL);
  g_assert_cmpuint (n_hits, ==, count_hits (f));

  /* Lower case finds the same */
  search (f, "икт");
  g_assert_true (has_hit (f, CA_SEARCH_CLUSTER, "ICT Cluster"));
}

static void
test_mechanical (Fixture       *f,
                 gconstpointer  data)
{
  search (f, "mechanical");
  g_assert_true (has_hit (f, CA_SEARCH_CLUSTER,
                          "Cluster Green Technology and Mechanical Engineering"));
  g_assert_true (shows_text (f, "Cluster Green Technology and Mechanical Engineering"));
  g_assert_false (has_hit (f, CA_SEARCH_CLUSTER, "ICT Cluster"));
}

static void
test_groups (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *first_cluster = NULL;

  /* "Sofia" names a member here and events of the built-in feed */
  search (f, "Sofia");
  g_assert_true (has_hit (f, CA_SEARCH_MEMBER, "Sofia University"));
  g_assert_true (shows_text (f, "Members · 3"));
  /* a member says which clusters list it: one row for the two */
  g_assert_true (shows_text (f, "Member of Alpha Cluster, Beta Cluster"));
  /* a group with no hits has no heading */
  first_cluster = ca_search_view_dup_hit_title (f->view, CA_SEARCH_CLUSTER, 0);
  if (first_cluster == NULL)
    g_assert_false (shows_text (f, "Clusters"));
}

static void
test_hostile_queries (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const queries[] = {
    "\"*(NEAR", "\"", "*", "(", ")", "NEAR(", "AND", "OR NOT", "-", "^", "+",
    "name:x", "{a b}", "\"unterminated", "a\"b", "'", "\\", "%", "_", "*икт*",
    "NEAR(ict cluster, 2)", ":", "x OR", "()", "&amp;", "<b>", "\xe2\x80\x8b", "!!!",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_test_message ("query %s", queries[i]);
      search (f, queries[i]);
      if (ca_search_view_get_n_hits (f->view) == 0)
        g_assert_true (shows_text (f, "No Results"));
      else
        g_assert_false (shows_text (f, "No Results"));
      g_assert_cmpuint (ca_search_view_get_n_hits (f->view), ==, count_hits (f));
    }

  search (f, "zzzzqqqq");
  g_assert_cmpuint (ca_search_view_get_n_hits (f->view), ==, 0);
  g_assert_true (shows_text (f, "No Results"));
  g_assert_true (shows_text (f, "Try a different search"));
}

/* Typing quickly: only the last query's results are ever shown */
static void
test_typing_quickly (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const typed[] = { "m", "me", "mec", "mech", "mecha", "mechan",
                                        "И", "ИК", "ИКТ", "s", "so", "sof", "mechanical" };
  guint n_before = f->n_changes;

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    ca_search_view_set_query (f->view, typed[i]);
  wait_results_since (f, n_before);
  /* Whatever the earlier searches return later is dropped */
  ca_test_run_for (500);
  g_assert_cmpuint (f->n_changes, ==, n_before + 1);
  g_assert_true (has_hit (f, CA_SEARCH_CLUSTER,
                          "Cluster Green Technology and Mechanical Engineering"));
  g_assert_false (has_hit (f, CA_SEARCH_CLUSTER, "ICT Cluster"));
  g_assert_false (has_hit (f, CA_SEARCH_MEMBER, "Sofia University"));

  /* And again, ending on another */
  n_before = f->n_changes;
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    ca_search_view_set_query (f->view, typed[i]);
  ca_search_view_set_query (f->view, "ИКТ");
  wait_results_since (f, n_before);
  ca_test_run_for (500);
  g_assert_cmpuint (f->n_changes, ==, n_before + 1);
  g_assert_true (has_hit (f, CA_SEARCH_CLUSTER, "ICT Cluster"));
  g_assert_false (has_hit (f, CA_SEARCH_CLUSTER,
                           "Cluster Green Technology and Mechanical Engineering"));
}

static void
test_markup_literal (Fixture       *f,
                     gconstpointer  data)
{
  search (f, "foreground");
  g_assert_true (has_hit (f, CA_SEARCH_MEMBER, "<span foreground=\"red\">x</span>"));
  g_assert_true (shows_text (f, "<span foreground=\"red\">x</span>"));

  search (f, "amp");
  g_assert_true (has_hit (f, CA_SEARCH_MEMBER, "&amp;"));
  g_assert_true (shows_text (f, "&amp;"));
}

static void
test_activate (Fixture       *f,
               gconstpointer  data)
{
  GtkListBoxRow *row;
  const char *feed, *id;
  guint position;

  search (f, "ИКТ");
  row = find_row (f, "ICT Cluster");
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
  g_assert_cmpstr (f->host.action, ==, "show-cluster");
  g_variant_get (f->host.parameter, "(&s&s)", &feed, &id);
  g_assert_cmpstr (feed, ==, CA_FEED_BUILTIN);
  g_assert_cmpstr (id, ==, "ict-cluster");

  search (f, "foreground");
  row = find_row (f, "<span foreground=\"red\">x</span>");
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
  g_assert_cmpstr (f->host.action, ==, "show-member");
  g_variant_get (f->host.parameter, "(&s&su)", &feed, &id, &position);
  g_assert_cmpstr (feed, ==, EXTRA_FEED);
  g_assert_cmpstr (id, ==, "alpha");
  g_assert_cmpuint (position, ==, 1);
}

/* Arrows go through the results, from group to group; Enter opens one */
static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *focus;
  GtkWidget *first_list;
  GtkWidget *list;
  guint n_clusters = 0;
  guint n_before;
  gboolean show_all;

  /* "cluster" finds clusters, and events and projects that name them */
  search (f, "cluster");
  while (TRUE)
    {
      g_autofree char *title = ca_search_view_dup_hit_title (f->view, CA_SEARCH_CLUSTER,
                                                              n_clusters);
      if (title == NULL)
        break;
      n_clusters++;
    }
  g_assert_cmpuint (n_clusters, >, 0);
  g_assert_cmpuint (ca_search_view_get_n_hits (f->view), >, n_clusters);

  /* As the window does on Enter in the search entry */
  gtk_window_set_focus (f->host.window, NULL);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->view), GTK_DIR_TAB_FORWARD));
  focus = gtk_root_get_focus (GTK_ROOT (f->host.window));
  g_assert_true (GTK_IS_LIST_BOX_ROW (focus));
  g_assert_cmpint (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (focus)), ==, 0);
  first_list = gtk_widget_get_parent (focus);

  /* Down through the clusters (and "Show all"), and on into the next group */
  show_all = ca_search_view_get_n_matches (f->view, CA_SEARCH_CLUSTER) > n_clusters;
  /* the fixture's feeds have more clusters than the section shows */
  g_assert_true (show_all);
  n_clusters++;
  for (guint i = 0; i < n_clusters; i++)
    g_signal_emit_by_name (gtk_widget_get_parent (gtk_root_get_focus (GTK_ROOT (f->host.window))),
                           "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, 1, FALSE, FALSE);
  focus = gtk_root_get_focus (GTK_ROOT (f->host.window));
  g_assert_true (GTK_IS_LIST_BOX_ROW (focus));
  list = gtk_widget_get_parent (focus);
  g_assert_true (list != first_list);
  g_assert_cmpint (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (focus)), ==, 0);

  /* Up goes back to the last cluster */
  g_signal_emit_by_name (list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, -1, FALSE, FALSE);
  focus = gtk_root_get_focus (GTK_ROOT (f->host.window));
  g_assert_true (gtk_widget_get_parent (focus) == first_list);
  g_assert_cmpint (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (focus)), ==,
                   (int) n_clusters - 1);

  /* Enter: on "Show all", every cluster; on a cluster, its page */
  g_clear_pointer (&f->host.action, g_free);
  n_before = f->n_changes;
  g_signal_emit_by_name (first_list, "activate-cursor-row");
  if (show_all)
    {
      g_autofree char *first = NULL;
      GtkWidget *back;

      wait_results_since (f, n_before);
      g_assert_cmpint (ca_search_view_get_expanded (f->view), ==, CA_SEARCH_CLUSTER);
      /* the keyboard goes on at the first cluster of the list of them all */
      first = ca_search_view_dup_hit_title (f->view, CA_SEARCH_CLUSTER, 0);
      focus = gtk_root_get_focus (GTK_ROOT (f->host.window));
      g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_VIEW));
      g_assert_true (ca_test_find_text (focus, first) != NULL);
      /* Up from the second cluster: the first; from the first: "All Results" */
      list = gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_VIEW);
      gtk_list_view_scroll_to (GTK_LIST_VIEW (list), 1, GTK_LIST_SCROLL_FOCUS, NULL);
      gtk_widget_grab_focus (list);
      g_assert_true (gtk_root_get_focus (GTK_ROOT (f->host.window)) != focus);
      g_assert_true (ca_test_press_shortcut (gtk_root_get_focus (GTK_ROOT (f->host.window)), "Up"));
      g_assert_true (gtk_root_get_focus (GTK_ROOT (f->host.window)) == focus);
      g_assert_true (ca_test_press_shortcut (focus, "Up"));
      back = gtk_root_get_focus (GTK_ROOT (f->host.window));
      g_assert_true (GTK_IS_BUTTON (back));
      g_assert_nonnull (ca_test_find_text (back, "All Results"));
      /* Enter on the first cluster */
      gtk_widget_grab_focus (focus);
      g_assert_true (ca_test_press_shortcut (focus, "Return"));
    }
  g_assert_cmpstr (f->host.action, ==, "show-cluster");
}

static gboolean
all_rows_made (gpointer data)
{
  Fixture *f = data;

  return count_rows (GTK_WIDGET (f->view)) == ca_search_view_get_n_hits (f->view);
}

static void
collect_text_rows (GtkWidget *widget,
                   GPtrArray *rows)
{
  if (CA_IS_TEXT_ROW (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text_rows (child, rows);
}

/* Rows by where they are in widget */
static int
compare_y (gconstpointer a,
           gconstpointer b,
           gpointer      widget)
{
  graphene_point_t pa, pb;

  g_assert_true (gtk_widget_compute_point (*(GtkWidget **) a, widget, &GRAPHENE_POINT_INIT (0, 0), &pa));
  g_assert_true (gtk_widget_compute_point (*(GtkWidget **) b, widget, &GRAPHENE_POINT_INIT (0, 0), &pb));
  return (pa.y > pb.y) - (pa.y < pb.y);
}

static char *
row_key (const char *title,
         const char *subtitle)
{
  return g_strdup_printf ("%s\x1f%s", title, subtitle != NULL ? subtitle : "");
}

/* A section shown in full lists every hit in a list view, which makes rows only for
 * what is on screen: the list has them all, and the hit at index shows once
 * scrolled to */
static void
assert_section_shows (Fixture      *f,
                      CaSearchKind  kind,
                      guint         index)
{
  GtkWidget *list = ca_test_find_widget (GTK_WIDGET (f->view), GTK_TYPE_LIST_VIEW);
  GListModel *model;
  guint n = ca_search_view_get_n_hits (f->view);
  g_autofree char *title = ca_search_view_dup_hit_title (f->view, kind, index);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  gboolean found = FALSE;

  g_assert_nonnull (title);
  g_assert_nonnull (list);
  g_assert_true (gtk_widget_get_mapped (list));
  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  gtk_list_view_scroll_to (GTK_LIST_VIEW (list), index, GTK_LIST_SCROLL_NONE, NULL);
  g_assert_nonnull (ca_test_wait_text (list, title, 5000));

  /* The rows shown, top to bottom, are hits in a row, each with its own subtitle
   * (one name may be several hits, each with its clusters) */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *t = ca_search_view_dup_hit_title (f->view, kind, i);
      g_autofree char *s = ca_search_view_dup_hit_subtitle (f->view, kind, i);

      g_ptr_array_add (keys, row_key (t, s));
    }
  collect_text_rows (list, rows);
  g_assert_cmpuint (rows->len, >, 1);
  g_ptr_array_sort_with_data (rows, compare_y, list);
  for (guint start = 0; start + rows->len <= n && !found; start++)
    {
      found = TRUE;
      for (guint i = 0; i < rows->len && found; i++)
        {
          CaTextRow *row = rows->pdata[i];
          g_autofree char *key = row_key (ca_text_row_get_title (row),
                                          ca_text_row_get_subtitle (row));

          found = g_str_equal (key, keys->pdata[start + i]);
        }
    }
  g_assert_true (found);
}

/* A section shows a few rows and "Show all N"; that row shows the section in full, in
 * a list of its own, and "All Results" goes back */
static void
test_many_results (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) many = ca_test_feed_build (&(CaTestFeedSpec) { .tag = "many",
                                                                   .n_clusters = 40 });
  GtkListBoxRow *row;
  GtkWidget *section_list;
  guint n_clusters = 0;
  guint n_before;

  ca_test_load_feed (f->host.store, "https://example.org/many.json", many);
  search (f, "many");
  g_assert_cmpuint (ca_search_view_get_n_matches (f->view, CA_SEARCH_CLUSTER), ==, 40);
  while (TRUE)
    {
      g_autofree char *title = ca_search_view_dup_hit_title (f->view, CA_SEARCH_CLUSTER,
                                                              n_clusters);
      if (title == NULL)
        break;
      n_clusters++;
    }
  g_assert_cmpuint (n_clusters, >=, 3);
  g_assert_cmpuint (n_clusters, <=, 5);
  g_assert_true (shows_text (f, "Clusters · 40"));
  row = find_row (f, "Show all 40");
  g_assert_nonnull (row);

  /* Enter on "Show all 40" */
  n_before = f->n_changes;
  g_signal_emit_by_name (row, "activate");
  wait_results_since (f, n_before);
  g_assert_cmpint (ca_search_view_get_expanded (f->view), ==, CA_SEARCH_CLUSTER);
  g_assert_cmpuint (ca_search_view_get_n_hits (f->view), ==, 40);
  g_assert_null (find_row (f, "Show all 40"));
  g_assert_true (shows_text (f, "All Results"));
  g_assert_true (shows_text (f, "Clusters · 40"));
  /* the other sections wait behind "All Results" */
  g_assert_cmpuint (ca_search_view_get_n_matches (f->view, CA_SEARCH_EVENT), ==, 0);
  assert_section_shows (f, CA_SEARCH_CLUSTER, 39);
  /* the rows of every section are gone meanwhile */
  g_assert_cmpuint (count_rows (GTK_WIDGET (f->view)), ==, 0);

  /* Alt+Left: every section again */
  n_before = f->n_changes;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "search.all-results", NULL));
  wait_results_since (f, n_before);
  g_assert_cmpint (ca_search_view_get_expanded (f->view), ==, -1);
  g_assert_nonnull (find_row (f, "Show all 40"));
  g_assert_false (shows_text (f, "All Results"));

  /* A new query while a section shows in full searches every section again: the
   * section's list is emptied and its page gives way */
  n_before = f->n_changes;
  ca_search_view_show_all (f->view, CA_SEARCH_CLUSTER);
  wait_results_since (f, n_before);
  section_list = ca_test_find_widget (GTK_WIDGET (f->view), GTK_TYPE_LIST_VIEW);
  g_assert_true (gtk_widget_get_mapped (section_list));
  search (f, "ICT");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (section_list)))),
                    ==, 0);
  g_assert_false (gtk_widget_get_mapped (section_list));
  g_assert_cmpint (ca_search_view_get_expanded (f->view), ==, -1);
  g_assert_true (ca_test_wait_until (all_rows_made, f, 5000));
  g_assert_null (find_row (f, "many cluster 39"));
}

/* Exact names, then names that start with what was typed, then the rest; one row for
 * a member that two clusters list */
static void
test_exact_first (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *subtitle = NULL;
  guint n_sofia_university = 0;

  search (f, "sofia");
  first = ca_search_view_dup_hit_title (f->view, CA_SEARCH_MEMBER, 0);
  second = ca_search_view_dup_hit_title (f->view, CA_SEARCH_MEMBER, 1);
  g_assert_cmpstr (first, ==, "Sofia");
  g_assert_cmpstr (second, ==, "Sofia University");
  for (guint i = 0; ; i++)
    {
      g_autofree char *title = ca_search_view_dup_hit_title (f->view, CA_SEARCH_MEMBER, i);

      if (title == NULL)
        break;
      n_sofia_university += g_str_equal (title, "Sofia University");
    }
  g_assert_cmpuint (n_sofia_university, ==, 1);
  subtitle = ca_search_view_dup_hit_subtitle (f->view, CA_SEARCH_MEMBER, 1);
  g_assert_cmpstr (subtitle, ==, "Member of Alpha Cluster, Beta Cluster");
  g_assert_cmpuint (ca_search_view_get_n_matches (f->view, CA_SEARCH_MEMBER), ==, 3);
}

/* The europe store: a city's name finds its clusters, its university's memberships and
 * events; sections in order with the store's counts, and "Show all" lists them all.
 * (The generated feed has no name that one cluster and forty members share: a city
 * is the nearest, some twenty clusters and thirty to forty member rows.) */
static void
test_europe (void)
{
  Fixture fx = { 0 };
  Fixture *f = &fx;
  static const char * const titles[] = { "Clusters", "Members", "Projects", "Events" };
  static const char *const sql_count[] = {
    [CA_SEARCH_CLUSTER] = "SELECT count(*) FROM search JOIN search_docs d ON d.id = search.rowid"
                          " WHERE search MATCH '\"paris\"*' AND d.kind = 0",
    [CA_SEARCH_MEMBER] = "SELECT count(DISTINCT m.org_key)"
                         " FROM search JOIN search_docs d ON d.id = search.rowid"
                         " JOIN members m ON m.feed = d.id >> 40 AND m.cluster = d.ref"
                         "  AND m.position = d.pos"
                         " WHERE search MATCH '\"paris\"*' AND d.kind = 1",
    [CA_SEARCH_PROJECT] = "SELECT count(*) FROM search JOIN search_docs d ON d.id = search.rowid"
                          " WHERE search MATCH '\"paris\"*' AND d.kind = 2",
    [CA_SEARCH_EVENT] = "SELECT count(*) FROM search JOIN search_docs d ON d.id = search.rowid"
                        " WHERE search MATCH '\"paris\"*' AND d.kind = 3",
  };
  int last_y = -1;

  ca_test_host_set_up (&fx.host, "search-europe");
  ca_test_load_europe (fx.host.store);
  fx.view = g_object_new (CA_TYPE_SEARCH_VIEW, NULL);
  g_signal_connect (fx.view, "results-changed", G_CALLBACK (results_changed), f);
  ca_search_view_set_store (fx.view, fx.host.store);
  ca_test_host_show (&fx.host, GTK_WIDGET (fx.view), 800, 1000);

  search (f, "Paris");
  /* laid out, for the headings' places */
  ca_test_run_for (200);
  for (CaSearchKind k = CA_SEARCH_CLUSTER; k <= CA_SEARCH_EVENT; k++)
    {
      guint n = ca_search_view_get_n_matches (f->view, k);
      gint64 expected = ca_test_sql_int (ca_store_get_path (f->host.store), sql_count[k]);
      g_autofree char *heading = g_strdup_printf ("%s · %'u", titles[k], n);
      GtkWidget *label;
      graphene_point_t at;

      g_test_message ("%s: %u", titles[k], n);
      g_assert_cmpint (n, ==, expected);
      if (n == 0)
        {
          g_assert_false (shows_text (f, titles[k]));
          continue;
        }
      /* The heading, read from the window, below the one before */
      label = ca_test_find_text (GTK_WIDGET (f->view), heading);
      g_assert_nonnull (label);
      g_assert_true (gtk_widget_compute_point (label, GTK_WIDGET (f->view),
                                               &GRAPHENE_POINT_INIT (0, 0), &at));
      g_assert_cmpint ((int) at.y, >, last_y);
      last_y = (int) at.y;
    }
  g_assert_cmpuint (ca_search_view_get_n_matches (f->view, CA_SEARCH_CLUSTER), >, 5);
  g_assert_cmpuint (ca_search_view_get_n_matches (f->view, CA_SEARCH_MEMBER), >, 5);
  /* No name is "Paris": three rows a section, and "Show all N" */
  {
    g_autofree char *fourth = ca_search_view_dup_hit_title (f->view, CA_SEARCH_CLUSTER, 3);
    g_autofree char *text = g_strdup_printf ("Show all %'u",
                                             ca_search_view_get_n_matches (f->view,
                                                                           CA_SEARCH_MEMBER));
    g_assert_null (fourth);
    g_assert_nonnull (find_row (f, text));
  }

  /* Show all members: every one (two members of one name and cluster with other ids
   * stay two rows until members.org_key says they are one) */
  {
    guint n_members = ca_search_view_get_n_matches (f->view, CA_SEARCH_MEMBER);
    guint n_before = f->n_changes;

    ca_search_view_show_all (f->view, CA_SEARCH_MEMBER);
    wait_results_since (f, n_before);
    g_assert_cmpuint (ca_search_view_get_n_hits (f->view), ==, n_members);
    g_assert_cmpuint (ca_search_view_get_n_matches (f->view, CA_SEARCH_MEMBER), ==, n_members);
    for (guint i = 0; i < n_members; i++)
      {
        g_autofree char *title = ca_search_view_dup_hit_title (f->view, CA_SEARCH_MEMBER, i);
        g_autofree char *subtitle = ca_search_view_dup_hit_subtitle (f->view, CA_SEARCH_MEMBER, i);

        g_assert_nonnull (title);
        g_assert_true (g_str_has_prefix (subtitle, "Member of "));
      }
    assert_section_shows (f, CA_SEARCH_MEMBER, n_members - 1);
  }

  ca_test_host_tear_down (&fx.host);
}

/* The europe store and one more feed whose cluster and the forty organisations it
 * lists share a name nothing else has (the query that matches one cluster and
 * forty members): the cluster's section first, with its one row; then Members · 40,
 * three rows and "Show all 40", which lists the forty, each naming the cluster */
static void
test_europe_one_cluster (void)
{
  Fixture fx = { 0 };
  Fixture *f = &fx;
  g_autoptr(CaFeed) extra = ca_test_bulk_feed ("Quokkaville", 1, 40, 0, 0);
  g_autofree char *cluster = NULL;
  g_autofree char *fourth = NULL;
  g_autofree char *subtitle = NULL;
  graphene_point_t clusters_at, members_at;
  guint n_before;

  ca_test_host_set_up (&fx.host, "search-europe-one");
  ca_test_load_europe (fx.host.store);
  ca_test_replace (fx.host.store, "https://quokkaville.example.org/feed.json", extra);
  fx.view = g_object_new (CA_TYPE_SEARCH_VIEW, NULL);
  g_signal_connect (fx.view, "results-changed", G_CALLBACK (results_changed), f);
  ca_search_view_set_store (fx.view, fx.host.store);
  ca_test_host_show (&fx.host, GTK_WIDGET (fx.view), 800, 1000);

  search (f, "Quokkaville");
  ca_test_run_for (200);
  g_assert_cmpuint (ca_search_view_get_n_matches (f->view, CA_SEARCH_CLUSTER), ==, 1);
  g_assert_cmpuint (ca_search_view_get_n_matches (f->view, CA_SEARCH_MEMBER), ==, 40);
  g_assert_cmpuint (ca_search_view_get_n_matches (f->view, CA_SEARCH_PROJECT), ==, 0);
  g_assert_cmpuint (ca_search_view_get_n_matches (f->view, CA_SEARCH_EVENT), ==, 0);

  /* Clusters above Members, read from the window */
  g_assert_true (gtk_widget_compute_point (ca_test_find_text (GTK_WIDGET (f->view), "Clusters · 1"),
                                           GTK_WIDGET (f->view), &GRAPHENE_POINT_INIT (0, 0),
                                           &clusters_at));
  g_assert_true (gtk_widget_compute_point (ca_test_find_text (GTK_WIDGET (f->view), "Members · 40"),
                                           GTK_WIDGET (f->view), &GRAPHENE_POINT_INIT (0, 0),
                                           &members_at));
  g_assert_cmpfloat (clusters_at.y, <, members_at.y);
  cluster = ca_search_view_dup_hit_title (f->view, CA_SEARCH_CLUSTER, 0);
  g_assert_cmpstr (cluster, ==, "Quokkaville cluster 0");

  /* A few members and the way to the rest */
  fourth = ca_search_view_dup_hit_title (f->view, CA_SEARCH_MEMBER, 3);
  g_assert_null (fourth);
  g_assert_nonnull (find_row (f, "Show all 40"));
  subtitle = ca_search_view_dup_hit_subtitle (f->view, CA_SEARCH_MEMBER, 0);
  g_assert_cmpstr (subtitle, ==, "Member of Quokkaville cluster 0");

  n_before = f->n_changes;
  ca_search_view_show_all (f->view, CA_SEARCH_MEMBER);
  wait_results_since (f, n_before);
  g_assert_cmpuint (ca_search_view_get_n_hits (f->view), ==, 40);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *title = ca_search_view_dup_hit_title (f->view, CA_SEARCH_MEMBER, i);

      if (g_strcmp0 (title, "Quokkaville member 39 of 0") == 0)
        {
          assert_section_shows (f, CA_SEARCH_MEMBER, i);
          break;
        }
      g_assert_cmpuint (i, <, 39);
    }
  /* each row names the cluster */
  g_assert_nonnull (ca_test_find_text (GTK_WIDGET (f->view), "Member of Quokkaville cluster 0"));

  ca_test_host_tear_down (&fx.host);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  int ret;

  ca_test_require_display ();

  g_setenv ("XDG_DATA_HOME", "/nonexistent/ca-test-data-home", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/search/empty-query", test_empty_query);
  ADD ("/search/cyrillic-acronym", test_cyrillic_acronym);
  ADD ("/search/mechanical", test_mechanical);
  ADD ("/search/groups", test_groups);
  ADD ("/search/hostile-queries", test_hostile_queries);
  ADD ("/search/typing-quickly", test_typing_quickly);
  ADD ("/search/markup-literal", test_markup_literal);
  ADD ("/search/activate", test_activate);
  ADD ("/search/keyboard", test_keyboard);
  ADD ("/search/many-results", test_many_results);
  ADD ("/search/exact-first", test_exact_first);
  g_test_add_func ("/search/europe", test_europe);
  g_test_add_func ("/search/europe/one-cluster", test_europe_one_cluster);
#undef ADD

  ret = g_test_run ();
  ca_test_host_close_window ();
  return ret;
}
