/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-members"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ca-format.h"
#include "ca-member-page.h"
#include "ca-members-view.h"
#include "ca-store.h"
#include "ca-test-util.h"
#include "ca-text.h"

/* The Members view on a real store: the built-in feed and a feed of members of
 * several kinds, shown in a window under Xvfb. */

#define EXTRA_FEED "https://example.org/members.json"

static const char extra_feed[] =
  "{"
  "  \"format\": \"cluster-feed\","
  "  \"version\": 1,"
  "  \"clusters\": ["
  "    {"
  "      \"id\": \"alpha\","
  "      \"name\": { \"en\": \"Alpha Cluster\", \"bg\": \"Клъстер Алфа\" },"
  "      \"members\": ["
  "        { \"id\": \"sofia-university\","
  "          \"name\": { \"en\": \"Sofia University\", \"bg\": \"Софийски университет\" },"
  "          \"kind\": \"university\","
  "          \"city\": { \"en\": \"Sofia\", \"bg\": \"София\" },"
  "          \"country\": \"BG\","
  "          \"website\": \"https://www.uni-sofia.bg/\","
  "          \"sectors\": [ \"Education\", { \"en\": \"Research\", \"bg\": \"Изследвания\" } ],"
  "          \"description\": \"The oldest university in Bulgaria.\","
  "          \"joined\": \"2019-03\" },"
  "        { \"name\": \"Plovdiv University\", \"kind\": \"university\", \"city\": \"Plovdiv\" },"
  "        { \"name\": \"Acme Software\", \"kind\": \"sme\", \"city\": \"Varna\" },"
  "        { \"name\": \"Rocket Start\", \"kind\": \"startup\" },"
  "        { \"name\": \"Big Corp\", \"kind\": \"large-company\" },"
  "        { \"name\": \"<span foreground=\\\"red\\\">x</span>\", \"kind\": \"research\","
  "          \"city\": \"<b>Ruse</b>\", \"description\": \"<i>not italic</i> & <b>not bold</b>\","
  "          \"sectors\": [ \"<u>tag</u>\" ] },"
  "        { \"name\": \"&amp;\", \"kind\": \"association\" }"
  "      ]"
  "    },"
  "    {"
  "      \"id\": \"beta\","
  "      \"name\": \"Beta Cluster\","
  "      \"members\": ["
  "        { \"id\": \"sofia-university\", \"name\": \"Sofia University\","
  "          \"kind\": \"university\", \"website\": \"http://uni-sofia.bg/en\" },"
  "        { \"name\": \"Green Society\", \"kind\": \"civil-society\" },"
  "        { \"name\": \"Rocket Start\", \"kind\": \"startup\", \"city\": \"Ruse\" }"
  "      ]"
  "    }"
  "  ]"
  "}";

/* The built-in feed's one member and the nine organisations of the extra feed: Sofia
 * University listed by two clusters (the same website), two Rocket Starts (the same
 * name, another city) */
#define N_MEMBERS 10

typedef struct {
  CaTestHost     host;
  CaMembersView *view;
} Fixture;

/* {{{ Helpers */

static gboolean
timeout_reached (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_loaded (Fixture *f)
{
  gboolean timed_out = FALSE;
  /* The europe store's 45,000 rows take longer under the sanitizers */
  guint id = g_timeout_add_seconds (120, timeout_reached, &timed_out);

  while (ca_members_view_get_loading (f->view) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("The members did not load within 120 s");
  g_source_remove (id);
  ca_test_run_for (100);
}

/* Runs the main loop until text no longer shows under root, for up to 5 s */
static gboolean
comes_to_hide (GtkWidget  *root,
               const char *text)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (ca_test_shows_text (root, text) && g_get_monotonic_time () < end)
    ca_test_run_for (20);
  return !ca_test_shows_text (root, text);
}

/* The button around the mapped label showing text */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *text)
{
  GtkWidget *label = ca_test_find_text (root, text);

  return label != NULL ? gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON) : NULL;
}

/* Shown and given a size (a slow machine gets there later) */
static gboolean
is_laid_out (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static GPtrArray *
shown_names (Fixture *f)
{
  GListModel *members = ca_members_view_get_members (f->view);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(CaMember) member = g_list_model_get_item (members, i);

      g_assert_true (CA_IS_MEMBER (member));
      g_ptr_array_add (names, ca_text_display (member->name));
    }
  return names;
}

static gboolean
has_name (GPtrArray  *names,
          const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (names->pdata[i], name) == 0)
      return TRUE;
  return FALSE;
}

/* }}} */
/* {{{ Fixture */

/* data: EMPTY for a store without members; NARROW for a window started at 360 px;
 * EUROPE for the europe feed's store */
enum { EMPTY = 1 << 0, NARROW = 1 << 1, EUROPE = 1 << 2 };

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  gboolean empty = GPOINTER_TO_INT (data) & EMPTY;
  gboolean narrow = GPOINTER_TO_INT (data) & NARROW;
  gboolean europe = GPOINTER_TO_INT (data) & EUROPE;

  ca_test_host_set_up (&f->host, "members");
  if (europe)
    ca_test_load_europe (f->host.store);
  else if (!empty)
    {
      g_autoptr(GBytes) extra = g_bytes_new_static (extra_feed, strlen (extra_feed));

      ca_test_load_builtin (f->host.store);
      ca_test_load_feed (f->host.store, EXTRA_FEED, extra);
    }
  f->view = g_object_new (CA_TYPE_MEMBERS_VIEW, NULL);
  ca_members_view_set_store (f->view, f->host.store);
  ca_test_host_show (&f->host, GTK_WIDGET (f->view), narrow ? 360 : 1100, 700);
  wait_loaded (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ca_test_host_tear_down (&f->host);
}

/* }}} */
/* {{{ Tests */

static const char *count_text (Fixture *f);

static void
test_lists_all (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) names = shown_names (f);
  GtkWidget *root = GTK_WIDGET (f->view);

  g_assert_cmpuint (names->len, ==, N_MEMBERS);
  g_assert_true (has_name (names, "Cleantech Bulgaria Foundation"));
  g_assert_true (has_name (names, "Plovdiv University"));
  g_assert_true (has_name (names, "Green Society"));
  g_assert_cmpint (ca_members_view_get_kind_filter (f->view), ==, -1);

  /* The directory's cells: name, kind, city and every cluster listing it */
  g_assert_nonnull (ca_test_wait_text (root, "No Member Selected", 5000));
  g_assert_true (ca_test_shows_text (root, "Name"));
  g_assert_true (ca_test_shows_text (root, "Clusters"));
  g_assert_true (ca_test_shows_text (root, "Sofia University"));
  g_assert_true (ca_test_shows_text (root, "University"));
  g_assert_true (ca_test_shows_text (root, "Plovdiv"));
  g_assert_true (ca_test_shows_text (root, "Alpha Cluster, Beta Cluster"));
  g_assert_true (ca_test_shows_text (root, "Cleantech Bulgaria"));
  g_assert_cmpstr (count_text (f), ==, "10\u00a0organisations · 11\u00a0memberships");
}

static void
test_filter_by_kind (Fixture       *f,
                     gconstpointer  data)
{
  GtkDropDown *dropdown;
  g_autoptr(GPtrArray) universities = NULL;
  g_autoptr(GPtrArray) smes = NULL;
  g_autoptr(GPtrArray) all = NULL;

  ca_members_view_set_kind_filter (f->view, CA_MEMBER_KIND_UNIVERSITY);
  ca_test_run_for (50);
  universities = shown_names (f);
  g_assert_cmpuint (universities->len, ==, 2);
  g_assert_true (has_name (universities, "Plovdiv University"));
  g_assert_true (has_name (universities, "Sofia University"));
  g_assert_false (ca_test_shows_text (GTK_WIDGET (f->view), "Acme Software"));
  g_assert_true (ca_test_shows_text (GTK_WIDGET (f->view), "2\u00a0organisations · 3\u00a0memberships"));

  /* The dropdown says so, and choosing in it filters too */
  dropdown = GTK_DROP_DOWN (ca_test_find_widget (GTK_WIDGET (f->view), GTK_TYPE_DROP_DOWN));
  g_assert_nonnull (dropdown);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, CA_MEMBER_KIND_UNIVERSITY + 1);
  g_assert_true (ca_test_shows_text (GTK_WIDGET (dropdown), "University"));

  gtk_drop_down_set_selected (dropdown, CA_MEMBER_KIND_SME + 1);
  ca_test_run_for (50);
  smes = shown_names (f);
  g_assert_cmpuint (smes->len, ==, 1);
  g_assert_cmpstr (smes->pdata[0], ==, "Acme Software");
  g_assert_cmpint (ca_members_view_get_kind_filter (f->view), ==, CA_MEMBER_KIND_SME);

  gtk_drop_down_set_selected (dropdown, 0);
  ca_test_run_for (50);
  all = shown_names (f);
  g_assert_cmpuint (all->len, ==, N_MEMBERS);
  g_assert_true (ca_test_shows_text (GTK_WIDGET (dropdown), "All kinds"));
}

static void
test_no_members_of_kind (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->view);
  GtkWidget *button;

  ca_members_view_set_kind_filter (f->view, CA_MEMBER_KIND_PUBLIC);
  ca_test_run_for (50);
  g_assert_cmpuint (g_list_model_get_n_items (ca_members_view_get_members (f->view)), ==, 0);
  g_assert_true (ca_test_shows_text (root, "No Members of This Kind"));
  g_assert_false (ca_test_shows_text (root, "No Members"));

  button = find_button (root, "Show All Kinds");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  ca_test_run_for (50);
  g_assert_cmpuint (g_list_model_get_n_items (ca_members_view_get_members (f->view)), ==,
                    N_MEMBERS);
  g_assert_cmpint (ca_members_view_get_kind_filter (f->view), ==, -1);
  g_assert_false (ca_test_shows_text (root, "No Members of This Kind"));
}

static void
test_no_members (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->view);

  g_assert_cmpuint (g_list_model_get_n_items (ca_members_view_get_members (f->view)), ==, 0);
  g_assert_true (ca_test_shows_text (root, "No Members"));
  g_assert_true (ca_test_shows_text (root, "The clusters in your feeds list no members yet."));
  g_assert_false (ca_test_shows_text (root, "No Members of This Kind"));
}

static void
test_markup_literal (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->view);
  GtkWidget *page = ca_members_view_get_page (f->view);

  /* In the directory's cells */
  g_assert_true (ca_test_shows_text (root, "<span foreground=\"red\">x</span>"));
  g_assert_true (ca_test_shows_text (root, "&amp;"));
  g_assert_true (ca_test_shows_text (root, "<b>Ruse</b>"));

  /* On the member's page */
  g_assert_true (ca_members_view_show_member (f->view, EXTRA_FEED, "alpha", 5));
  ca_test_run_for (100);
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_true (ca_test_shows_text (page, "<span foreground=\"red\">x</span>"));
  g_assert_true (ca_test_shows_text (page, "<b>Ruse</b>"));
  g_assert_true (ca_test_shows_text (page, "<i>not italic</i> & <b>not bold</b>"));
  g_assert_true (ca_test_shows_text (page, "<u>tag</u>"));
  g_assert_true (ca_test_shows_text (page, "Research organisation"));

  g_assert_true (ca_members_view_show_member (f->view, EXTRA_FEED, "alpha", 6));
  ca_test_run_for (100);
  g_assert_true (ca_test_shows_text (page, "&amp;"));
  g_assert_true (ca_test_shows_text (page, "Association"));
}

static void
test_member_page (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *page = ca_members_view_get_page (f->view);
  CaMember *member;
  GtkWidget *button;
  GtkColumnView *column_view;
  GtkSelectionModel *selection;
  const char *feed, *cluster;

  /* Sofia University as Beta lists it: the directory's one entry for it */
  g_assert_true (ca_members_view_show_member (f->view, EXTRA_FEED, "beta", 0));
  ca_test_run_for (100);
  member = ca_member_page_get_member (CA_MEMBER_PAGE (page));
  g_assert_nonnull (member);
  g_assert_cmpstr (member->id, ==, "sofia-university");

  g_assert_true (ca_test_shows_text (page, "Sofia University"));
  g_assert_true (ca_test_shows_text (page, "Софийски университет"));
  g_assert_true (ca_test_shows_text (page, "University"));
  g_assert_true (ca_test_shows_text (page, "Sofia"));
  g_assert_true (ca_test_shows_text (page, "Bulgaria"));
  g_assert_true (ca_test_shows_text (page, "March 2019"));
  g_assert_true (ca_test_shows_text (page, "The oldest university in Bulgaria."));
  g_assert_true (ca_test_shows_text (page, "Education"));
  g_assert_true (ca_test_shows_text (page, "Research"));
  /* the sectors one after the other, the same small gap between them */
  {
    GtkWidget *education = ca_test_find_text (page, "Education");
    GtkWidget *research = ca_test_find_text (page, "Research");
    GtkWidget *tags = gtk_widget_get_parent (education);
    graphene_rect_t a, b;

    g_assert_true (ADW_IS_WRAP_BOX (tags));
    g_assert_true (gtk_widget_get_parent (research) == tags);
    g_assert_true (ca_test_wait_until (is_laid_out, research, 5000));
    g_assert_true (gtk_widget_compute_bounds (education, tags, &a));
    g_assert_true (gtk_widget_compute_bounds (research, tags, &b));
    g_assert_cmpfloat (a.origin.y, ==, b.origin.y);
    g_assert_cmpfloat (b.origin.x - (a.origin.x + a.size.width), ==, 6);
  }
  g_assert_true (ca_test_shows_text (page, "Website"));
  g_assert_true (ca_test_shows_text (page, "Alpha Cluster"));
  g_assert_true (ca_test_shows_text (page, "Beta Cluster"));

  /* Its row is selected in the directory */
  column_view = GTK_COLUMN_VIEW (ca_test_find_widget (GTK_WIDGET (f->view), GTK_TYPE_COLUMN_VIEW));
  g_assert_nonnull (column_view);
  selection = gtk_column_view_get_model (column_view);
  g_assert_true (GTK_IS_SINGLE_SELECTION (selection));
  g_assert_true (gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (selection)) ==
                 (gpointer) member);

  /* Its clusters open through the window */
  button = find_button (page, "Beta Cluster");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (f->host.action, ==, "show-cluster");
  g_assert_nonnull (f->host.parameter);
  g_variant_get (f->host.parameter, "(&s&s)", &feed, &cluster);
  g_assert_cmpstr (feed, ==, EXTRA_FEED);
  g_assert_cmpstr (cluster, ==, "beta");

  /* A member without website, city or sectors shows none of them */
  g_assert_true (ca_members_view_show_member (f->view, EXTRA_FEED, "alpha", 3));
  ca_test_run_for (100);
  g_assert_true (ca_test_shows_text (page, "Rocket Start"));
  g_assert_false (ca_test_shows_text (page, "Website"));
  g_assert_false (ca_test_shows_text (page, "Sectors"));
  g_assert_false (ca_test_shows_text (page, "City"));

  /* Nothing at a position no cluster has */
  g_assert_false (ca_members_view_show_member (f->view, EXTRA_FEED, "alpha", 99));
  g_assert_false (ca_members_view_show_member (f->view, "nope", "alpha", 0));
}

/* Members come by name; the Name header turns the order round, kind by kind */
static void
test_sort_by_name (Fixture       *f,
                   gconstpointer  data)
{
  GtkColumnView *column_view = GTK_COLUMN_VIEW (ca_test_find_widget (GTK_WIDGET (f->view),
                                                             GTK_TYPE_COLUMN_VIEW));
  g_autoptr(GtkColumnViewColumn) name_column = NULL;
  g_autoptr(GPtrArray) ascending = shown_names (f);
  g_autoptr(GPtrArray) descending = NULL;
  g_autoptr(GPtrArray) universities = NULL;

  /* By the collation of the locale the test runs in, case not counting: gtk_test_init()
   * takes en_US.UTF-8 where it is installed (where "&amp;" sorts as "amp"), else C
   * (where it comes first) */
  g_assert_cmpuint (ascending->len, ==, N_MEMBERS);
  for (guint i = 1; i < ascending->len; i++)
    {
      g_autofree char *a = g_utf8_casefold (ascending->pdata[i - 1], -1);
      g_autofree char *b = g_utf8_casefold (ascending->pdata[i], -1);

      g_assert_cmpint (g_utf8_collate (a, b), <=, 0);
    }

  g_assert_nonnull (column_view);
  name_column = g_list_model_get_item (gtk_column_view_get_columns (column_view), 0);
  g_assert_cmpstr (gtk_column_view_column_get_title (name_column), ==, "Name");
  gtk_column_view_sort_by_column (column_view, name_column, GTK_SORT_DESCENDING);
  ca_test_run_for (50);
  descending = shown_names (f);
  g_assert_cmpuint (descending->len, ==, N_MEMBERS);
  for (guint i = 0; i < N_MEMBERS; i++)
    g_assert_cmpstr (descending->pdata[i], ==, ascending->pdata[N_MEMBERS - 1 - i]);

  /* A member shown from elsewhere is found and selected in either order */
  for (guint i = 0; i < 2; i++)
    {
      GtkSelectionModel *selection = gtk_column_view_get_model (column_view);
      CaMember *selected;
      g_autofree char *name = NULL;

      g_assert_true (ca_members_view_show_member (f->view, EXTRA_FEED, "alpha", 1));
      selected = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (selection));
      g_assert_nonnull (selected);
      name = ca_text_display (selected->name);
      g_assert_cmpstr (name, ==, "Plovdiv University");
      gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (selection),
                                         GTK_INVALID_LIST_POSITION);
      gtk_column_view_sort_by_column (column_view, name_column, GTK_SORT_ASCENDING);
    }
  gtk_column_view_sort_by_column (column_view, name_column, GTK_SORT_DESCENDING);

  ca_members_view_set_kind_filter (f->view, CA_MEMBER_KIND_UNIVERSITY);
  universities = shown_names (f);
  g_assert_cmpuint (universities->len, ==, 2);
  g_assert_cmpstr (universities->pdata[0], ==, "Sofia University");
  g_assert_cmpstr (universities->pdata[1], ==, "Plovdiv University");

  gtk_column_view_sort_by_column (column_view, name_column, GTK_SORT_ASCENDING);
  g_clear_pointer (&universities, g_ptr_array_unref);
  universities = shown_names (f);
  g_assert_cmpstr (universities->pdata[0], ==, "Plovdiv University");
}

/* A member of another kind than the one shown: the filter makes way */
static void
test_show_member_resets_filter (Fixture       *f,
                                gconstpointer  data)
{
  ca_members_view_set_kind_filter (f->view, CA_MEMBER_KIND_UNIVERSITY);
  g_assert_true (ca_members_view_show_member (f->view, EXTRA_FEED, "beta", 1));
  ca_test_run_for (100);
  g_assert_cmpint (ca_members_view_get_kind_filter (f->view), ==, -1);
  g_assert_true (ca_test_shows_text (ca_members_view_get_page (f->view), "Green Society"));
}

/* The count above the directory, "9,321 organisations · 45,000 memberships" */
static gboolean
is_count_label (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "numeric");
}

static const char *
count_text (Fixture *f)
{
  GtkWidget *label = ca_test_find_widget_where (GTK_WIDGET (f->view), is_count_label, NULL);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

/* What the count must say: the store's numbers for the kind */
static char *
store_count_text (Fixture *f,
                  int      kind)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *organisations = NULL;
  g_autofree char *memberships = NULL;
  guint n_organisations = 0, n_memberships = 0;

  g_assert_true (ca_store_count_members (f->host.store, kind, &n_organisations, &n_memberships,
                                         &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ca_members_view_get_members (f->view)), ==,
                    n_organisations);
  organisations = ca_format_count (n_organisations);
  memberships = ca_format_count (n_memberships);
  /* No-break spaces: a narrow view wraps the count at the dot only */
  return g_strdup_printf ("%s\u00a0organisation%s · %s\u00a0membership%s",
                          organisations, n_organisations == 1 ? "" : "s",
                          memberships, n_memberships == 1 ? "" : "s");
}

/* The count says the store's numbers, for every kind */
static void
test_count (Fixture       *f,
            gconstpointer  data)
{
  for (int kind = -1; kind < CA_N_MEMBER_KINDS; kind++)
    {
      g_autofree char *expected = NULL;

      ca_members_view_set_kind_filter (f->view, kind);
      ca_test_run_for (20);
      if (g_list_model_get_n_items (ca_members_view_get_members (f->view)) == 0)
        continue;
      expected = store_count_text (f, kind);
      g_assert_cmpstr (count_text (f), ==, expected);
    }
}

/* The subtitle under an entry's name (the label after it in the Name cell) */
static const char *
subtitle_of (GtkWidget *name_label)
{
  GtkWidget *subtitle = gtk_widget_get_next_sibling (name_label);

  g_assert_true (GTK_IS_LABEL (subtitle));
  if (!gtk_widget_get_visible (subtitle))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (subtitle));
}

typedef struct {
  const char *text;
  GPtrArray  *found;
} Collect;

static void
collect_labels (GtkWidget *widget,
                Collect   *collect)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), collect->text) == 0)
    g_ptr_array_add (collect->found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, collect);
}

/* Organisations of the same name show what tells them apart under it: the city and
 * the clusters; one of a name of its own shows nothing more */
static void
test_same_names (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->view);
  Collect collect = { "Rocket Start", g_ptr_array_new () };
  g_autoptr(GPtrArray) subtitles = g_ptr_array_new ();
  GtkWidget *unique;

  collect_labels (root, &collect);
  g_assert_cmpuint (collect.found->len, ==, 2);
  for (guint i = 0; i < collect.found->len; i++)
    g_ptr_array_add (subtitles, (gpointer) subtitle_of (collect.found->pdata[i]));
  g_ptr_array_sort_values (subtitles, (GCompareFunc) g_strcmp0);
  g_assert_cmpstr (subtitles->pdata[0], ==, "Alpha Cluster");
  g_assert_cmpstr (subtitles->pdata[1], ==, "Ruse · Beta Cluster");
  g_ptr_array_unref (collect.found);

  unique = ca_test_find_text (root, "Acme Software");
  g_assert_nonnull (unique);
  g_assert_null (subtitle_of (unique));
  unique = ca_test_find_text (root, "Sofia University");
  g_assert_nonnull (unique);
  g_assert_null (subtitle_of (unique));

  /* Both are start-ups: the kind's list has the two, still told apart */
  ca_members_view_set_kind_filter (f->view, CA_MEMBER_KIND_STARTUP);
  ca_test_run_for (50);
  g_assert_cmpuint (g_list_model_get_n_items (ca_members_view_get_members (f->view)), ==, 2);
  g_assert_nonnull (ca_test_wait_text (root, "Ruse · Beta Cluster", 5000));
}

/* On the europe store: the count is the store's, kind by kind, grouped by the
 * locale's separator */
static void
test_europe_count (Fixture       *f,
                   gconstpointer  data)
{
  const char *all;

  test_count (f, data);
  ca_members_view_set_kind_filter (f->view, -1);
  ca_test_run_for (20);
  /* What the window says, and the feed's own number of memberships */
  all = count_text (f);
  g_assert_true (g_str_has_suffix (all, " · 45000\u00a0memberships") ||
                 g_str_has_suffix (all, " · 45,000\u00a0memberships"));
}

/* }}} */
/* {{{ Narrow */

static AdwNavigationSplitView *
split_view (Fixture *f)
{
  GtkWidget *split = ca_test_find_widget (GTK_WIDGET (f->view), ADW_TYPE_NAVIGATION_SPLIT_VIEW);

  g_assert_nonnull (split);
  return ADW_NAVIGATION_SPLIT_VIEW (split);
}

static GtkWidget *
list_pane (AdwNavigationSplitView *split)
{
  return GTK_WIDGET (adw_navigation_split_view_get_sidebar (split));
}

static guint
member_position (Fixture    *f,
                 const char *name)
{
  g_autoptr(GPtrArray) names = shown_names (f);

  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (names->pdata[i], name))
      return i;
  g_assert_not_reached ();
}

/* At 360 px the view shows one pane at a time: the directory, its name and kind
 * columns only, a click opening a member's page in its place; the page has a
 * button back, which keeps the selection */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->view);
  AdwNavigationSplitView *split = split_view (f);
  GtkColumnView *column_view = GTK_COLUMN_VIEW (ca_test_find_widget (root, GTK_TYPE_COLUMN_VIEW));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (column_view));
  GtkWidget *back, *list_view;
  guint acme;
  int min_width;

  /* Wide: side by side, every column, a click only selects, no back button */
  ca_test_wait_for_panes (split_view (f), FALSE, CA_TEST_LIST | CA_TEST_PAGE);
  g_assert_true (ca_test_shows_text (root, "Alpha Cluster, Beta Cluster"));
  g_assert_false (gtk_column_view_get_single_click_activate (column_view));
  back = find_button (root, "Members");
  g_assert_null (back);

  gtk_window_set_default_size (f->host.window, 360, 720);
  ca_test_wait_for_panes (split_view (f), TRUE, CA_TEST_LIST);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->host.window)), <=, 400);
  /* the one pane has the view's whole width */
  g_assert_cmpint (gtk_widget_get_width (list_pane (split)), ==, gtk_widget_get_width (root));
  g_assert_true (comes_to_hide (root, "Alpha Cluster, Beta Cluster"));   /* the Clusters column */
  g_assert_true (ca_test_shows_text (root, "Sofia University"));
  g_assert_true (ca_test_shows_text (root, "University"));               /* the Kind column */
  g_assert_true (gtk_column_view_get_single_click_activate (column_view));
  /* the view leaves room around itself in a 360 px window */
  gtk_widget_measure (root, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 320);

  /* A row activated (a click, Enter) brings the member's page in the list's place */
  acme = member_position (f, "Acme Software");
  list_view = gtk_widget_get_first_child (GTK_WIDGET (column_view));
  while (list_view != NULL && !GTK_IS_LIST_VIEW (list_view))
    list_view = gtk_widget_get_next_sibling (list_view);
  g_assert_nonnull (list_view);
  gtk_widget_activate_action (list_view, "list.activate-item", "u", acme);
  ca_test_wait_for_panes (split_view (f), TRUE, CA_TEST_PAGE);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, acme);
  g_assert_true (ca_test_shows_text (ca_members_view_get_page (f->view), "Varna"));
  g_assert_cmpstr (adw_navigation_page_get_title (adw_navigation_split_view_get_content (split)),
                   ==, "Acme Software");

  /* The back button: the page's first stop for Tab, named for screen readers */
  back = find_button (root, "Members");
  g_assert_nonnull (back);
  gtk_window_set_focus (f->host.window, NULL);   /* Tab from outside the page */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (adw_navigation_split_view_get_content (split)),
                                         GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_window_get_focus (f->host.window) == back);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Back to the members");
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (back),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_signal_emit_by_name (back, "clicked");
  ca_test_wait_for_panes (split_view (f), TRUE, CA_TEST_LIST);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, acme);
  g_assert_false (gtk_widget_get_mapped (back));

  /* A member shown from elsewhere (a cluster's page, search) opens its page */
  g_assert_true (ca_members_view_show_member (f->view, EXTRA_FEED, "alpha", 1));
  ca_test_wait_for_panes (split_view (f), TRUE, CA_TEST_PAGE);
  g_assert_true (ca_test_shows_text (ca_members_view_get_page (f->view), "Plovdiv University"));

  /* Wide again: side by side, every column, no back button */
  gtk_window_set_default_size (f->host.window, 1100, 700);
  ca_test_wait_for_panes (split_view (f), FALSE, CA_TEST_LIST | CA_TEST_PAGE);
  g_assert_nonnull (ca_test_wait_text (root, "Alpha Cluster, Beta Cluster", 5000));
  g_assert_false (gtk_widget_get_visible (back));
  g_assert_false (gtk_column_view_get_single_click_activate (column_view));
}

/* A window started at 360 px shows the directory alone, not beside a squeezed page */
static void
test_narrow_start (Fixture       *f,
                   gconstpointer  data)
{
  AdwNavigationSplitView *split = split_view (f);

  ca_test_wait_for_panes (split_view (f), TRUE, CA_TEST_LIST);
  g_assert_cmpint (gtk_widget_get_width (list_pane (split)), ==,
                   gtk_widget_get_width (GTK_WIDGET (f->view)));
  g_assert_true (ca_test_shows_text (GTK_WIDGET (f->view), "Sofia University"));
  g_assert_false (ca_test_shows_text (GTK_WIDGET (f->view), "No Member Selected"));
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
  /* Panes change at once, not over a slide a slow (sanitizer) run may not finish:
   * the tests check where a change ends, and AdwNavigationView was seen leaking a
   * render node of a slide cut short */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, flags, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (flags), fixture_set_up, func, fixture_tear_down)
  ADD ("/members/lists-all", 0, test_lists_all);
  ADD ("/members/filter-by-kind", 0, test_filter_by_kind);
  ADD ("/members/no-members-of-kind", 0, test_no_members_of_kind);
  ADD ("/members/no-members", EMPTY, test_no_members);
  ADD ("/members/markup-literal", 0, test_markup_literal);
  ADD ("/members/member-page", 0, test_member_page);
  ADD ("/members/sort-by-name", 0, test_sort_by_name);
  ADD ("/members/show-member-resets-filter", 0, test_show_member_resets_filter);
  ADD ("/members/narrow", 0, test_narrow);
  ADD ("/members/narrow-start", NARROW, test_narrow_start);
  ADD ("/members/count", 0, test_count);
  ADD ("/members/same-names", 0, test_same_names);
  /* Only where the europe feed is built (the members-europe row of tests/meson.build) */
  if (g_getenv ("CA_TEST_EUROPE_FEED") != NULL)
    ADD ("/members/europe-count", EUROPE, test_europe_count);
#undef ADD

  ret = g_test_run ();
  ca_test_host_close_window ();
  return ret;
}
