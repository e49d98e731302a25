/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-search"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ca-feed-parser.h"
#include "ca-search-view.h"
#include "ca-store.h"
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
  "    }"
  "  ]"
  "}";

static GtkWidget *shared_window;

typedef struct {
  char               *dir;
  CaStore            *store;
  GtkWidget          *window;
  CaSearchView       *view;
  guint               n_changes;   /* "results-changed" emissions */
  GSimpleActionGroup *actions;
  char               *action;
  GVariant           *parameter;
} Fixture;

/* {{{ Helpers */

static void
window_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  Fixture *f = user_data;

  g_free (f->action);
  f->action = g_strdup (g_action_get_name (G_ACTION (action)));
  g_clear_pointer (&f->parameter, g_variant_unref);
  f->parameter = parameter != NULL ? g_variant_ref (parameter) : NULL;
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

/* The mapped widgets showing text: labels, and result rows (CaTextRow) */
static void
collect_texts (GtkWidget *widget,
               GPtrArray *widgets)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) || CA_IS_TEXT_ROW (widget))
    g_ptr_array_add (widgets, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, widgets);
}

static gboolean
widget_shows (GtkWidget  *widget,
              const char *text)
{
  if (GTK_IS_LABEL (widget))
    return g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
  return g_strcmp0 (ca_text_row_get_title (CA_TEXT_ROW (widget)), text) == 0 ||
         g_strcmp0 (ca_text_row_get_subtitle (CA_TEXT_ROW (widget)), text) == 0;
}

static GtkWidget *
find_text (GtkWidget  *root,
           const char *text)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

  collect_texts (root, widgets);
  for (guint i = 0; i < widgets->len; i++)
    if (widget_shows (widgets->pdata[i], text))
      return widgets->pdata[i];
  return NULL;
}

static gboolean
shows_text (Fixture    *f,
           const char *text)
{
  return find_text (GTK_WIDGET (f->view), text) != NULL;
}

/* The row showing a title, or NULL */
static GtkListBoxRow *
find_row (Fixture    *f,
          const char *title)
{
  GtkWidget *widget = find_text (GTK_WIDGET (f->view), title);

  while (widget != NULL && !GTK_IS_LIST_BOX_ROW (widget))
    widget = gtk_widget_get_parent (widget);
  return (GtkListBoxRow *) widget;
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
  g_autofree char *path = NULL;
  g_autofree char *builtin = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                    "default-feed.json", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) extra = g_bytes_new_static (extra_feed, strlen (extra_feed));
  g_autoptr(GFile) file = g_file_new_for_path (builtin);
  g_autoptr(GError) error = NULL;
  static const GActionEntry entries[] = {
    { "show-cluster", window_action, "(ss)" },
    { "show-member", window_action, "(ssu)" },
    { "show-project", window_action, "(ss)" },
    { "show-event", window_action, "(ss)" },
  };

  f->dir = g_dir_make_tmp ("ca-search-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "atlas.db", NULL);
  f->store = ca_store_open (path, &error);
  g_assert_no_error (error);

  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  ca_test_load_feed (f->store, CA_FEED_BUILTIN, bytes);
  ca_test_load_feed (f->store, EXTRA_FEED, extra);

  /* One window for all tests: GDK's X11 clipboard starts reads as toplevels come
   * and go, and one still under way when the process ends shows up as a leak */
  if (shared_window == NULL)
    {
      shared_window = gtk_window_new ();
      gtk_window_set_default_size (GTK_WINDOW (shared_window), 800, 1000);
    }
  f->window = shared_window;
  f->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (f->actions), entries, G_N_ELEMENTS (entries), f);
  gtk_widget_insert_action_group (f->window, "win", G_ACTION_GROUP (f->actions));

  f->view = g_object_new (CA_TYPE_SEARCH_VIEW, NULL);
  g_signal_connect (f->view, "results-changed", G_CALLBACK (results_changed), f);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  ca_search_view_set_store (f->view, f->store);
  gtk_window_present (GTK_WINDOW (f->window));
  ca_test_run_for (100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_set_child (GTK_WINDOW (f->window), NULL);
  gtk_widget_insert_action_group (f->window, "win", NULL);
  gtk_widget_set_visible (f->window, FALSE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->actions);
  g_clear_object (&f->store);
  g_clear_pointer (&f->parameter, g_variant_unref);
  g_free (f->action);
  ca_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* }}} */
/* {{{ Tests */

static void
test_empty_query (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_cmpuint (ca_search_view_get_n_hits (f->view), ==, 0);
  g_assert_true (shows_text (f, "Search clusters, members, projects and events"));

  search (f, "ICT");
  g_assert_cmpuint (ca_search_view_get_n_hits (f->view), >, 0);
  search (f, "   ");
  g_assert_cmpuint (ca_search_view_get_n_hits (f->view), ==, 0);
  g_assert_null (ca_search_view_dup_hit_title (f->view, CA_SEARCH_CLUSTER, 0));
  g_assert_true (shows_text (f, "Search clusters, members, projects and events"));
}

static void
test_cyrillic_acronym (Fixture       *f,
                       gconstpointer  data)
{
  guint n_hits;

  search (f, "ИКТ");
  g_assert_true (has_hit (f, CA_SEARCH_CLUSTER, "ICT Cluster"));
  g_assert_true (shows_text (f, "Clusters"));
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
  g_assert_true (shows_text (f, "Members"));
  /* a member says which cluster lists it */
  g_assert_true (shows_text (f, "Alpha Cluster"));
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
  g_assert_cmpstr (f->action, ==, "show-cluster");
  g_variant_get (f->parameter, "(&s&s)", &feed, &id);
  g_assert_cmpstr (feed, ==, CA_FEED_BUILTIN);
  g_assert_cmpstr (id, ==, "ict-cluster");

  search (f, "foreground");
  row = find_row (f, "<span foreground=\"red\">x</span>");
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
  g_assert_cmpstr (f->action, ==, "show-member");
  g_variant_get (f->parameter, "(&s&su)", &feed, &id, &position);
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
  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->view), GTK_DIR_TAB_FORWARD));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (GTK_IS_LIST_BOX_ROW (focus));
  g_assert_cmpint (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (focus)), ==, 0);
  first_list = gtk_widget_get_parent (focus);

  /* Down through the clusters, and on into the next group */
  for (guint i = 0; i < n_clusters; i++)
    g_signal_emit_by_name (gtk_widget_get_parent (gtk_root_get_focus (GTK_ROOT (f->window))),
                           "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, 1, FALSE, FALSE);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (GTK_IS_LIST_BOX_ROW (focus));
  list = gtk_widget_get_parent (focus);
  g_assert_true (list != first_list);
  g_assert_cmpint (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (focus)), ==, 0);

  /* Up goes back to the last cluster */
  g_signal_emit_by_name (list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, -1, FALSE, FALSE);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (gtk_widget_get_parent (focus) == first_list);
  g_assert_cmpint (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (focus)), ==,
                   (int) n_clusters - 1);

  /* Enter */
  g_clear_pointer (&f->action, g_free);
  g_signal_emit_by_name (first_list, "activate-cursor-row");
  g_assert_cmpstr (f->action, ==, "show-cluster");
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  int ret;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }

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
#undef ADD

  ret = g_test_run ();
  if (shared_window != NULL)
    gtk_window_destroy (GTK_WINDOW (shared_window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return ret;
}
