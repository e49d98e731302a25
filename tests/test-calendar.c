/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-calendar"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "ca-agenda-row.h"
#include "ca-agenda.h"
#include "ca-calendar-view.h"
#include "ca-event-page.h"
#include "ca-format.h"
#include "ca-month-chip.h"
#include "ca-month-grid.h"
#include "ca-page-heading.h"
#include "ca-project-page.h"
#include "ca-store.h"
#include "ca-test-feed.h"
#include "ca-test-util.h"
#include "ca-text.h"
#include "ca-timeline.h"
#include "ca-tooltip.h"

/* The Calendar view on a real store in a temporary directory, with the built-in feed, in
 * a real window under Xvfb; the narrow tests also in Bulgarian and German
 * (tests/meson.build runs them under tests/run-in-locale.sh). */

typedef struct {
  char           *dir;
  char           *path;
  CaStore        *store;
  GtkWidget      *window;
  CaCalendarView *view;
} Fixture;

/* Until widget is on screen, up to 10 s (a loaded machine, ASan) */
static void
wait_mapped (GtkWidget *widget)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < end)
    ca_test_run_for (20);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ca-calendar-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "atlas.db", NULL);
  f->store = ca_store_open (f->path, &error);
  g_assert_no_error (error);

  if (data == NULL)   /* else an empty store */
    ca_test_load_builtin (f->store);
}

static void
close_view (Fixture *f)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  f->view = NULL;
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A new view on the fixture's store, in a window of its own, shown */
static void
present_view (Fixture *f,
              int      width,
              int      height)
{
  g_autofree char *title = g_strdup_printf ("ca-test-calendar-%d", (int) getpid ());

  close_view (f);
  f->view = g_object_new (CA_TYPE_CALENDAR_VIEW, NULL);
  ca_calendar_view_set_store (f->view, f->store);
  /* As the app's window is: libadwaita's, so dialogs show inside it */
  f->window = adw_window_new ();
  /* A title of its own, for xdotool to find the X window by */
  gtk_window_set_title (GTK_WINDOW (f->window), title);
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->view));
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
open_view (Fixture *f,
           int      width,
           int      height)
{
  present_view (f, width, height);
  wait_mapped (GTK_WIDGET (f->view));
  ca_calendar_view_get_events (f->view);   /* reads the store if the idle has not yet */
  ca_test_run_for (200);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  close_view (f);
  g_clear_object (&f->store);
  ca_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Every label under widget, depth first, hidden ones too */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

/* The mapped label showing exactly text, waiting for it up to 10 s (a loaded
 * machine, ASan) */
static GtkLabel *
wait_label (GtkWidget  *widget,
            const char *text)
{
  GtkWidget *found = ca_test_wait_text (widget, text, 10000);

  return GTK_IS_LABEL (found) ? GTK_LABEL (found) : NULL;
}

/* The chip of an event's title in a day of the month grid, one drawn widget */
static GtkWidget *
wait_chip (GtkWidget  *widget,
           const char *title)
{
  GtkWidget *found = ca_test_wait_text (widget, title, 10000);

  return CA_IS_MONTH_CHIP (found) ? found : NULL;
}

static gboolean
label_starts_with (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), data);
}

static gboolean
lists_title (GListModel *events,
             const char *title)
{
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(CaEvent) event = g_list_model_get_item (events, i);
      g_autofree char *text = ca_text_display (event->title);
      if (g_strcmp0 (text, title) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_agenda_past_events (Fixture       *f,
                         gconstpointer  data)
{
  GListModel *events;

  open_view (f, 1280, 800);
  events = ca_calendar_view_get_events (f->view);

  /* The built-in events are all past: hidden at first, behind a status page. */
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 0);
  ca_calendar_view_set_visible_view (f->view, "agenda");
  ca_test_run_for (100);
  g_assert_nonnull (wait_label (GTK_WIDGET (f->view), "No Upcoming Events"));

  ca_calendar_view_set_show_past (f->view, TRUE);
  ca_test_run_for (100);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 15);
  g_assert_true (lists_title (events, "National Cluster Conference"));
  /* The most recent past event first */
  {
    g_autoptr(CaEvent) first = g_list_model_get_item (events, 0);
    g_assert_cmpstr (first->id, ==, "i4ms-webinar-2021");
  }
  g_assert_nonnull (wait_label (GTK_WIDGET (f->view),
                                "Tools and services supporting digital innovation of Manufacturing SMEs"));

  /* Enter on a row (row 0 is its day's heading) opens the event page */
  {
    GtkWidget *list = gtk_widget_get_ancestor (GTK_WIDGET (wait_label (GTK_WIDGET (f->view),
                                                                       "26 February 2021")),
                                               GTK_TYPE_LIST_VIEW);
    CaEventPage *page;

    g_assert_true (gtk_widget_activate_action (list, "list.activate-item", "u", 1));
    ca_test_run_for (100);
    page = CA_EVENT_PAGE (ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_EVENT_PAGE));
    g_assert_cmpstr (ca_event_page_get_event (page)->id, ==, "i4ms-webinar-2021");
    g_assert_nonnull (wait_label (GTK_WIDGET (page), "Online"));
  }
}

/* A feed of n upcoming events, one a day from 2099-01-01 */
static GBytes *
many_events_feed (guint n)
{
  g_autoptr(GString) json = g_string_new ("{ \"format\": \"cluster-feed\", \"version\": 1,"
                                          " \"clusters\": [], \"events\": [");
  g_autoptr(GDateTime) day = g_date_time_new_utc (2099, 1, 1, 12, 0, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GDateTime) next = g_date_time_add_days (day, i);
      g_autofree char *date = g_date_time_format (next, "%Y-%m-%d");

      g_string_append_printf (json, "%s{ \"id\": \"e%u\", \"title\": \"Event %u\","
                              " \"start\": \"%s\", \"kind\": \"meeting\" }",
                              i > 0 ? "," : "", i, i, date);
    }
  g_string_append (json, "] }");
  return g_string_free_to_bytes (g_steal_pointer (&json));
}

static gboolean
agenda_all_listed (gpointer data)
{
  GtkListView *list = data;
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (list));

  /* Every event under its own day's heading */
  return g_list_model_get_n_items (model) == 2 * 700;
}

/* A long agenda fills in a part per main-loop turn, and its list takes every row in
 * the end, the last one included */
static void
test_agenda_many (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) feed = many_events_feed (700);
  GtkWidget *agenda, *list;

  ca_test_load_feed (f->store, "https://example.org/many.json", feed);
  present_view (f, 1280, 800);
  ca_calendar_view_set_visible_view (f->view, "agenda");
  wait_mapped (GTK_WIDGET (f->view));
  agenda = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_AGENDA);
  list = ca_test_find_widget (agenda, GTK_TYPE_LIST_VIEW);
  g_assert_true (ca_test_wait_until (agenda_all_listed, list, 10000));
  g_assert_nonnull (wait_label (agenda, "700 upcoming events"));
  g_assert_cmpuint (g_list_model_get_n_items (ca_calendar_view_get_events (f->view)), ==, 700);
  /* Scrolled to the end, the last event shows */
  gtk_widget_activate_action (list, "list.scroll-to-item", "u", 2 * 700 - 1);
  g_assert_nonnull (wait_label (agenda, "Event 699"));
}

static gboolean
is_day_cell (GtkWidget     *widget,
             gconstpointer  day)
{
  return gtk_widget_has_css_class (widget, "ca-month-cell") &&
         !gtk_widget_has_css_class (widget, "other-month") &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (widget))), day) == 0;
}

/* The cell of a day of the shown month */
static GtkWidget *
find_day_cell (GtkWidget  *widget,
               const char *day)
{
  return ca_test_find_widget_where (widget, is_day_cell, day);
}

static void
test_month_grid (Fixture       *f,
                 gconstpointer  data)
{
  CaMonthGrid *grid;
  GtkWidget *cell;

  open_view (f, 1280, 800);
  grid = CA_MONTH_GRID (ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_MONTH_GRID));
  g_assert_nonnull (grid);

  /* No events this month nor later: the month of the most recent one */
  g_assert_cmpint (ca_month_grid_get_year (grid), ==, 2021);
  g_assert_cmpint (ca_month_grid_get_month (grid), ==, 2);
  g_assert_nonnull (wait_label (GTK_WIDGET (grid), "February 2021"));

  /* Back to March 2019, a month at a time as Page Up does */
  for (int i = 0; i < 23; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "month.previous", NULL));
  ca_test_run_for (100);
  g_assert_cmpint (ca_month_grid_get_year (grid), ==, 2019);
  g_assert_cmpint (ca_month_grid_get_month (grid), ==, 3);
  g_assert_nonnull (wait_label (GTK_WIDGET (grid), "March 2019"));

  /* A two-day conference on both its days */
  cell = find_day_cell (GTK_WIDGET (grid), "26");
  g_assert_nonnull (cell);
  g_assert_nonnull (wait_chip (cell, "National Cluster Conference"));
  cell = find_day_cell (GTK_WIDGET (grid), "27");
  g_assert_nonnull (wait_chip (cell, "National Cluster Conference"));
  cell = find_day_cell (GTK_WIDGET (grid), "28");
  g_assert_null (ca_test_find_text (cell, "National Cluster Conference"));

  /* A month-only date shows once for its month, not on every day */
  gtk_widget_activate_action (GTK_WIDGET (grid), "month.next", NULL);
  ca_test_run_for (50);
  g_assert_nonnull (wait_label (GTK_WIDGET (grid), "ADMA 2-day training"));
  g_assert_null (ca_test_find_text (find_day_cell (GTK_WIDGET (grid), "15"), "ADMA 2-day training"));

  /* An event opened from elsewhere (search, a cluster's page) brings its month */
  g_assert_true (ca_calendar_view_show_event (f->view, CA_FEED_BUILTIN,
                                              "national-cluster-conference-2019"));
  ca_test_run_for (50);
  g_assert_cmpint (ca_month_grid_get_year (grid), ==, 2019);
  g_assert_cmpint (ca_month_grid_get_month (grid), ==, 3);

  /* Today: a style class and an accessible description, not colour alone */
  gtk_widget_activate_action (GTK_WIDGET (grid), "month.today", NULL);
  ca_test_run_for (50);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *day = g_strdup_printf ("%d", g_date_time_get_day_of_month (now));

    cell = find_day_cell (GTK_WIDGET (grid), day);
    g_assert_nonnull (cell);
    g_assert_true (gtk_widget_has_css_class (cell, "today"));
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (cell),
                                         GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Today");
  }

  /* Clicking a title opens the event page */
  ca_calendar_view_show_month (f->view, 2019, 3);
  ca_test_run_for (50);
  cell = find_day_cell (GTK_WIDGET (grid), "26");
  {
    GtkWidget *button = wait_chip (cell, "National Cluster Conference");
    CaEventPage *page;

    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    ca_test_run_for (100);
    page = CA_EVENT_PAGE (ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_EVENT_PAGE));
    g_assert_nonnull (ca_event_page_get_event (page));
    g_assert_cmpstr (ca_event_page_get_event (page)->id, ==, "national-cluster-conference-2019");
    g_assert_nonnull (wait_label (GTK_WIDGET (page), "Sofia Tech Park"));
  }
}

static GtkToggleButton *
star_button (Fixture *f)
{
  GtkWidget *page = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_EVENT_PAGE);
  GtkWidget *button;

  g_assert_nonnull (page);
  button = ca_test_find_widget (page, GTK_TYPE_TOGGLE_BUTTON);
  g_assert_nonnull (button);
  return GTK_TOGGLE_BUTTON (button);
}

/* Whether the agenda's row of the event titled title, on screen, shows its star */
static gboolean
agenda_row_starred (Fixture    *f,
                    const char *title)
{
  GtkWidget *agenda = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_AGENDA);
  GtkLabel *label;
  GtkWidget *row, *star;

  ca_test_run_for (50);
  label = wait_label (agenda, title);
  g_assert_nonnull (label);
  row = gtk_widget_get_ancestor (GTK_WIDGET (label), CA_TYPE_AGENDA_ROW);
  g_assert_nonnull (row);
  star = ca_test_find_widget (row, GTK_TYPE_IMAGE);
  g_assert_nonnull (star);
  return gtk_widget_get_visible (star);
}

/* The star of an agenda row follows the event page's toggle at once: the row binds its
 * item's "starred" (ca-agenda-row.ui), no refilling needed */
static void
test_agenda_star (Fixture       *f,
                  gconstpointer  data)
{
  const char *title = "Tools and services supporting digital innovation of Manufacturing SMEs";
  GtkToggleButton *star;

  open_view (f, 1280, 800);
  ca_calendar_view_set_show_past (f->view, TRUE);
  ca_calendar_view_set_visible_view (f->view, "agenda");
  g_assert_false (agenda_row_starred (f, title));
  g_assert_true (ca_calendar_view_show_event (f->view, CA_FEED_BUILTIN, "i4ms-webinar-2021"));
  ca_test_run_for (100);
  star = star_button (f);
  g_signal_emit_by_name (star, "clicked");
  g_assert_true (agenda_row_starred (f, title));
  g_assert_false (agenda_row_starred (f, "First annual conference on European Digital Innovation Hubs under the Digital Europe Programme"));
  g_signal_emit_by_name (star, "clicked");
  g_assert_false (agenda_row_starred (f, title));
}

static void
test_star_persists (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GListModel *events;
  GtkToggleButton *star;

  open_view (f, 1280, 800);
  g_assert_true (ca_calendar_view_show_event (f->view, CA_FEED_BUILTIN,
                                              "national-cluster-conference-2019"));
  ca_test_run_for (100);
  star = star_button (f);
  g_assert_false (gtk_toggle_button_get_active (star));
  g_assert_nonnull (wait_label (GTK_WIDGET (star), "Add to My Schedule"));
  g_signal_emit_by_name (star, "clicked");
  ca_test_run_for (50);
  g_assert_true (gtk_toggle_button_get_active (star));
  g_assert_nonnull (wait_label (GTK_WIDGET (star), "Starred"));
  g_assert_true (ca_store_is_starred (f->store, CA_FEED_BUILTIN,
                                      "national-cluster-conference-2019"));

  ca_calendar_view_set_show_past (f->view, TRUE);
  ca_calendar_view_set_starred_only (f->view, TRUE);
  events = ca_calendar_view_get_events (f->view);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 1);
  {
    g_autoptr(CaEvent) event = g_list_model_get_item (events, 0);
    g_assert_cmpstr (event->id, ==, "national-cluster-conference-2019");
  }

  /* A new view on the store file opened again */
  close_view (f);
  g_clear_object (&f->store);
  f->store = ca_store_open (f->path, &error);
  g_assert_no_error (error);
  open_view (f, 1280, 800);
  ca_calendar_view_set_show_past (f->view, TRUE);
  ca_calendar_view_set_starred_only (f->view, TRUE);
  events = ca_calendar_view_get_events (f->view);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 1);
  {
    g_autoptr(CaEvent) event = g_list_model_get_item (events, 0);
    g_assert_cmpstr (event->id, ==, "national-cluster-conference-2019");
  }

  /* And off again */
  g_assert_true (ca_calendar_view_show_event (f->view, CA_FEED_BUILTIN,
                                              "national-cluster-conference-2019"));
  ca_test_run_for (50);
  star = star_button (f);
  g_assert_true (gtk_toggle_button_get_active (star));
  g_signal_emit_by_name (star, "clicked");
  g_assert_false (ca_store_is_starred (f->store, CA_FEED_BUILTIN,
                                       "national-cluster-conference-2019"));
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 0);
}

static const char markup_feed[] =
  "{ \"format\": \"cluster-feed\", \"version\": 1, \"clusters\": [],"
  "  \"events\": ["
  "    { \"id\": \"red\", \"title\": \"<span foreground=\\\"red\\\">x</span>\","
  "      \"start\": \"2099-05-04\", \"kind\": \"meeting\", \"venue\": \"<b>Hall</b>\","
  "      \"description\": \"<i>not italic</i> &lt;\", \"url\": \"https://example.org/red\" },"
  "    { \"id\": \"amp\", \"title\": \"&amp;\", \"start\": \"2099-05-05\","
  "      \"url\": \"ftp://example.org/amp\" }"
  "  ] }";

static void
test_markup_shown_literally (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (markup_feed, strlen (markup_feed));
  const char *red = "<span foreground=\"red\">x</span>";
  GtkLabel *label;
  GtkWidget *page;

  ca_test_load_feed (f->store, "https://example.org/markup.json", bytes);
  open_view (f, 1280, 800);

  /* Upcoming, so in the agenda as it opens */
  ca_calendar_view_set_visible_view (f->view, "agenda");
  ca_test_run_for (100);
  g_assert_cmpuint (g_list_model_get_n_items (ca_calendar_view_get_events (f->view)), ==, 2);
  label = wait_label (GTK_WIDGET (f->view), red);
  g_assert_nonnull (label);
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_nonnull (wait_label (GTK_WIDGET (f->view), "&amp;"));
  g_assert_nonnull (wait_label (GTK_WIDGET (f->view), "<b>Hall</b>"));

  /* The month grid opens on the month of the next event */
  ca_calendar_view_set_visible_view (f->view, "month");
  ca_test_run_for (100);
  g_assert_nonnull (wait_label (GTK_WIDGET (f->view), "May 2099"));
  /* A chip lays its title out as text (pango_layout_set_text), never as markup */
  g_assert_nonnull (wait_chip (GTK_WIDGET (f->view), red));

  g_assert_true (ca_calendar_view_show_event (f->view, "https://example.org/markup.json", "red"));
  ca_test_run_for (100);
  page = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_EVENT_PAGE);
  label = wait_label (page, red);
  g_assert_nonnull (label);
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_nonnull (wait_label (page, "<b>Hall</b>"));
  g_assert_nonnull (wait_label (page, "<i>not italic</i> &lt;"));
  /* Its http(s) link opens from a button */
  g_assert_nonnull (wait_label (page, "Website"));

  g_assert_true (ca_calendar_view_show_event (f->view, "https://example.org/markup.json", "amp"));
  ca_test_run_for (50);
  g_assert_nonnull (wait_label (page, "&amp;"));
  /* Nothing but http(s) opens */
  g_assert_null (ca_test_find_text (page, "Website"));
}

static const char zone_feed[] =
  "{ \"format\": \"cluster-feed\", \"version\": 1, \"clusters\": [],"
  "  \"events\": ["
  "    { \"id\": \"nyc\", \"title\": \"Cluster Days New York\","
  "      \"start\": \"2027-03-26T10:00:00\", \"end\": \"2027-03-26T12:00:00\","
  "      \"timezone\": \"America/New_York\", \"kind\": \"conference\" },"
  "    { \"id\": \"sofia\", \"title\": \"Cluster Days Sofia\","
  "      \"start\": \"2027-03-27T10:00:00\", \"end\": \"2027-03-27T12:00:00\","
  "      \"timezone\": \"Europe/Sofia\", \"kind\": \"conference\" }"
  "  ] }";

/* An event in New York, seen from Sofia: its time there with the zone named, and
 * the user's time; an event in the user's own zone has one time only. (On 26 March
 * 2027 New York is on summer time, Sofia not yet: 6 hours apart.) */
static void
test_event_other_zone (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (zone_feed, strlen (zone_feed));
  g_autofree char *old_tz = g_strdup (g_getenv ("TZ"));
  GtkWidget *page;
  GtkWidget *found;

  g_setenv ("TZ", "Europe/Sofia", TRUE);
  ca_test_load_feed (f->store, "https://example.org/zones.json", bytes);
  open_view (f, 1280, 800);

  g_assert_true (ca_calendar_view_show_event (f->view, "https://example.org/zones.json", "nyc"));
  ca_test_run_for (100);
  page = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_EVENT_PAGE);
  g_assert_nonnull (wait_label (page, "Cluster Days New York"));
  /* The page's heading has the focus; no text is selected */
  g_assert_true (CA_IS_PAGE_HEADING (gtk_root_get_focus (GTK_ROOT (f->window))));
  g_assert_nonnull (wait_label (page, "26 March 2027, 10:00–12:00 (New York, UTC\u22124)"));
  g_assert_nonnull (wait_label (page, "Your time: 26 March 2027, 16:00–18:00 (Sofia, UTC+2)"));

  g_assert_true (ca_calendar_view_show_event (f->view, "https://example.org/zones.json", "sofia"));
  ca_test_run_for (100);
  g_assert_nonnull (wait_label (page, "27 March 2027, 10:00–12:00"));
  found = ca_test_find_widget_where (page, label_starts_with, "Your time");
  g_assert_true (found == NULL || !gtk_widget_get_visible (found));

  if (old_tz != NULL)
    g_setenv ("TZ", old_tz, TRUE);
  else
    g_unsetenv ("TZ");
}

static const char words_feed[] =
  "{ \"format\": \"cluster-feed\", \"version\": 1,"
  "  \"clusters\": [ { \"id\": \"c\", \"name\": \"Words Cluster\" } ],"
  "  \"projects\": ["
  "    { \"id\": \"p1\", \"title\": \"Project One\", \"programme\": \"Horizon Europe\","
  "      \"role\": \"coordinator\", \"start\": \"2026-01-01\", \"clusters\": [\"c\"] },"
  "    { \"id\": \"p2\", \"title\": \"Project Two\", \"programme\": \"Interreg Danube\","
  "      \"role\": { \"en\": \"lead partner\", \"bg\": \"водещ партньор\" },"
  "      \"start\": \"2026-01-01\", \"clusters\": [\"c\"] },"
  "    { \"id\": \"p3\", \"title\": \"Project Three\", \"programme\": \"Digital Europe\","
  "      \"role\": \"Associated-Partner\", \"start\": \"2026-01-01\", \"clusters\": [\"c\"] }"
  "  ],"
  "  \"events\": ["
  "    { \"id\": \"e1\", \"title\": \"Event One\", \"start\": \"2099-05-04\","
  "      \"kind\": \"open-call\", \"status\": \"moved-online\", \"project\": \"p1\" },"
  "    { \"id\": \"e2\", \"title\": \"Event Two\", \"start\": \"2099-05-05\","
  "      \"kind\": \"fair\", \"status\": \"postponed\" },"
  "    { \"id\": \"e3\", \"title\": \"Event Three\", \"start\": \"2099-05-06\","
  "      \"kind\": \"deadline\", \"status\": \"cancelled\" }"
  "  ] }";

/* What the feed writes as keys, never as the page shows them */
static const char * const raw_keys[] = {
  "coordinator", "lead partner", "Associated-Partner", "partner", "moved-online",
  "postponed", "cancelled", "open-call", "fair", "deadline",
};

static void
assert_no_raw_key (GtkWidget *page)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (page, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (labels->pdata[i]);

      if (!gtk_widget_get_visible (labels->pdata[i]))
        continue;
      /* A label that is the key, or a key with a hyphen anywhere ("Lead partner" is the
       * English name of "lead partner", and may well be shown) */
      for (guint k = 0; k < G_N_ELEMENTS (raw_keys); k++)
        if (g_str_equal (text, raw_keys[k]) ||
            (strchr (raw_keys[k], '-') != NULL && strstr (text, raw_keys[k]) != NULL))
          g_error ("\"%s\" shows the feed's key \"%s\"", text, raw_keys[k]);
    }
}

/* Roles, statuses, kinds and programmes by their names in the user's language, never
 * the feed's keys (run in English, Bulgarian and German) */
static void
test_no_raw_values (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (words_feed, strlen (words_feed));
  const char *feed = "https://example.org/words.json";
  static const char * const events[] = { "e1", "e2", "e3" };
  static const char * const projects[] = { "p1", "p2", "p3" };
  GtkWidget *page;

  ca_test_load_feed (f->store, feed, bytes);
  open_view (f, 1280, 800);

  for (guint i = 0; i < G_N_ELEMENTS (projects); i++)
    {
      g_assert_true (ca_calendar_view_show_project (f->view, feed, projects[i]));
      ca_test_run_for (100);
      page = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_PROJECT_PAGE);
      g_assert_nonnull (page);
      wait_mapped (page);
      assert_no_raw_key (page);
    }
  /* The last one shown: "Associated-Partner" by its name, the programme by its */
  g_assert_nonnull (wait_label (page, _("Associated partner")));
  g_assert_nonnull (wait_label (page, _("Digital Europe")));

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      g_assert_true (ca_calendar_view_show_event (f->view, feed, events[i]));
      ca_test_run_for (100);
      page = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_EVENT_PAGE);
      g_assert_nonnull (page);
      wait_mapped (page);
      assert_no_raw_key (page);
    }
  g_assert_nonnull (wait_label (page, _("Cancelled")));

  /* In another language the words are that language's */
  if (g_strcmp0 (g_getenv ("CA_TEST_LANGUAGE"), "bg") == 0)
    {
      g_assert_true (ca_calendar_view_show_project (f->view, feed, "p1"));
      ca_test_run_for (100);
      page = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_PROJECT_PAGE);
      g_assert_nonnull (wait_label (page, "Координатор"));
      g_assert_nonnull (wait_label (page, "Хоризонт Европа"));
    }
}

static void
test_timeline (Fixture       *f,
               gconstpointer  data)
{
  static const char * const acronyms[] = { "BOWI", "GIVE", "BRIDGE" };
  CaTimeline *timeline;
  guint n;

  open_view (f, 1280, 800);
  ca_calendar_view_set_visible_view (f->view, "projects");
  ca_test_run_for (100);
  timeline = CA_TIMELINE (ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_TIMELINE));
  g_assert_nonnull (timeline);
  wait_mapped (GTK_WIDGET (timeline));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (timeline)));

  /* 10 projects and the "Dates not known" heading */
  n = ca_timeline_get_n_rows (timeline);
  g_assert_cmpuint (n, ==, 11);
  for (guint a = 0; a < G_N_ELEMENTS (acronyms); a++)
    {
      gboolean found = FALSE;
      for (guint i = 0; i < n; i++)
        if (g_str_has_prefix (ca_timeline_get_row_text (timeline, i), acronyms[a]))
          found = TRUE;
      g_assert_true (found);
    }
  for (guint i = 0; i < n; i++)
    if (g_str_has_prefix (ca_timeline_get_row_text (timeline, i), "BRIDGE"))
      {
        const char *text = ca_timeline_get_row_text (timeline, i);
        g_assert_nonnull (strstr (text, "COSME"));
        g_assert_nonnull (strstr (text, "1 September 2020 – 30 April 2022"));
      }
  /* BOWI, GIVE, DANUBE ICT, BRIDGE and Erasmus give a start; five give no dates */
  g_assert_cmpstr (ca_timeline_get_row_text (timeline, 5), ==, "Dates not known");

  /* Enter on the first row opens its project */
  gtk_widget_grab_focus (GTK_WIDGET (timeline));
  ca_test_run_for (50);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "calendar.show-project", "(ss)",
                              CA_FEED_BUILTIN, "bridge");
  ca_test_run_for (100);
  {
    GtkWidget *page = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_PROJECT_PAGE);
    CaProject *project = ca_project_page_get_project (CA_PROJECT_PAGE (page));

    g_assert_nonnull (project);
    g_assert_cmpstr (project->id, ==, "bridge");
    g_assert_nonnull (wait_label (page, "BRIDGE"));
    /* The budget in the locale's way: gtk_test_init() takes en_US.UTF-8 where it is
     * installed, which groups thousands, else the test runs in C */
    if (g_str_has_prefix (setlocale (LC_MONETARY, NULL), "en_US"))
      g_assert_nonnull (wait_label (page, "€222,206.90"));
    else
      g_assert_nonnull (wait_label (page, "€222206.90"));
    g_assert_nonnull (wait_label (page, "1."));
  }
}

static void
test_project_events (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *page;
  GtkLabel *label;
  GtkWidget *row;

  open_view (f, 1280, 800);

  /* A project with a website: a button opens it */
  g_assert_true (ca_calendar_view_show_project (f->view, CA_FEED_BUILTIN, "bowi"));
  ca_test_run_for (100);
  page = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_PROJECT_PAGE);
  g_assert_nonnull (wait_label (page, "Open Project Website"));
  g_assert_nonnull (wait_label (page, "Horizon 2020"));

  g_assert_true (ca_calendar_view_show_project (f->view, CA_FEED_BUILTIN, "give"));
  ca_test_run_for (100);
  page = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_PROJECT_PAGE);
  g_assert_nonnull (wait_label (page, "Green ICT Development"));
  label = wait_label (page, "Future Today – the Automotive Forum");
  g_assert_nonnull (label);

  /* Its event opens from the page; back returns to the project */
  row = gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (row);
  gtk_widget_grab_focus (row);
  g_signal_emit_by_name (row, "activate");
  ca_test_run_for (100);
  page = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_EVENT_PAGE);
  g_assert_cmpstr (ca_event_page_get_event (CA_EVENT_PAGE (page))->id, ==,
                   "future-today-automotive-forum-2019");
  g_assert_nonnull (wait_label (page, "Krasimira Shindarova — ICT Cluster"));

  {
    GtkWidget *back = NULL;
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    GtkWidget *pane = gtk_widget_get_parent (gtk_widget_get_parent (page));

    for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_first_child (pane));
         w != NULL; w = gtk_widget_get_next_sibling (w))
      if (GTK_IS_BUTTON (w))
        back = w;
    g_assert_nonnull (back);
    g_assert_true (gtk_widget_get_visible (back));
    g_signal_emit_by_name (back, "clicked");
    ca_test_run_for (100);
    g_assert_nonnull (wait_label (GTK_WIDGET (f->view), "Green ICT Development"));
  }
}

/* The "Filters" menu button (the event page has menu buttons too): its icon and label */
static gboolean
is_filters_button (GtkWidget     *widget,
                   gconstpointer  data)
{
  GtkWidget *child = GTK_IS_MENU_BUTTON (widget)
                     ? gtk_menu_button_get_child (GTK_MENU_BUTTON (widget)) : NULL;

  return ADW_IS_BUTTON_CONTENT (child) &&
         g_strcmp0 (adw_button_content_get_icon_name (ADW_BUTTON_CONTENT (child)),
                    "ca-filter-symbolic") == 0;
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  GListModel *events;
  GtkDropDown *kind = NULL;

  open_view (f, 1280, 800);
  ca_calendar_view_set_show_past (f->view, TRUE);
  events = ca_calendar_view_get_events (f->view);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 15);

  /* The filters popover, made as it first opens: the drop-down labelled "Event kind";
   * pick "Conference" */
  {
    GtkWidget *button = ca_test_find_widget_where (GTK_WIDGET (f->view), is_filters_button, NULL);
    GtkWidget *popover;
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();

    g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button),
                                         GTK_ACCESSIBLE_PROPERTY_HAS_POPUP, TRUE);
    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
    g_assert_nonnull (popover);

    collect_labels (popover, labels);
    for (guint i = 0; i < labels->len; i++)
      if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), "Event kind") == 0)
        kind = GTK_DROP_DOWN (gtk_label_get_mnemonic_widget (labels->pdata[i]));
  }
  g_assert_true (GTK_IS_DROP_DOWN (kind));
  {
    /* Under the slice that takes long lists in gradually */
    GListModel *kinds = gtk_drop_down_get_model (kind);
    g_autoptr(GtkStringObject) second = NULL;

    g_assert_true (GTK_IS_SLICE_LIST_MODEL (kinds));
    second = g_list_model_get_item (kinds, 1);
    g_assert_cmpstr (gtk_string_object_get_string (second), ==, "Conference");
  }
  gtk_drop_down_set_selected (kind, 1);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 7);
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(CaEvent) event = g_list_model_get_item (events, i);
      g_assert_cmpint (event->kind, ==, CA_EVENT_KIND_CONFERENCE);
    }

  /* Starred only on top of it: nothing, and a way out */
  ca_calendar_view_set_starred_only (f->view, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 0);
  ca_calendar_view_set_visible_view (f->view, "agenda");
  ca_test_run_for (100);
  g_assert_nonnull (wait_label (GTK_WIDGET (f->view), "No Matching Events"));
  {
    GtkWidget *clear = gtk_widget_get_ancestor (GTK_WIDGET (wait_label (GTK_WIDGET (f->view),
                                                                        "Clear Filters")),
                                                GTK_TYPE_BUTTON);
    g_assert_nonnull (clear);
    g_signal_emit_by_name (clear, "clicked");
  }
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 15);
  g_assert_cmpuint (gtk_drop_down_get_selected (kind), ==, 0);

  /* The filters in force are said in words under the bar, with a way to clear them */
  gtk_drop_down_set_selected (kind, 1);
  ca_test_run_for (50);
  g_assert_nonnull (wait_label (GTK_WIDGET (f->view), "Filtered: Conference"));
}

static void
test_empty_store (Fixture       *f,
                  gconstpointer  data)
{
  open_view (f, 1280, 800);
  g_assert_cmpuint (g_list_model_get_n_items (ca_calendar_view_get_events (f->view)), ==, 0);
  g_assert_nonnull (wait_label (GTK_WIDGET (f->view), "No Events"));
  ca_calendar_view_set_visible_view (f->view, "projects");
  ca_test_run_for (100);
  g_assert_nonnull (wait_label (GTK_WIDGET (f->view), "No Projects"));
}

/* {{{ Narrow: a phone's width in a real window */

/* What xdotool prints for args ("search --name T", "getwindowgeometry ID"…) */
static char *
xdotool (const char *args)
{
  g_autofree char *command = g_strconcat ("xdotool ", args, NULL);
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_spawn_command_line_sync (command, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The X window of the fixture's window, found by its title */
static char *
x_window (Fixture *f)
{
  g_autofree char *args = g_strdup_printf ("search --onlyvisible --name '^%s$'",
                                           gtk_window_get_title (GTK_WINDOW (f->window)));
  g_autofree char *out = xdotool (args);
  g_auto(GStrv) lines = g_strsplit (g_strstrip (out), "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  return g_strdup (lines[0]);
}

/* The width of the X window, as the X server has it */
static int
x_window_width (Fixture *f)
{
  g_autofree char *id = x_window (f);
  g_autofree char *args = g_strdup_printf ("getwindowgeometry %s", id);
  g_autofree char *out = xdotool (args);
  const char *geometry = strstr (out, "Geometry: ");

  g_assert_nonnull (geometry);
  return atoi (geometry + strlen ("Geometry: "));
}

static AdwNavigationSplitView *
split_view (Fixture *f)
{
  GtkWidget *split = ca_test_find_widget (GTK_WIDGET (f->view), ADW_TYPE_NAVIGATION_SPLIT_VIEW);

  g_assert_nonnull (split);
  return ADW_NAVIGATION_SPLIT_VIEW (split);
}

static gboolean
is_collapsed (gpointer f)
{
  return adw_navigation_split_view_get_collapsed (split_view (f));
}

static gboolean
is_expanded (gpointer f)
{
  return !adw_navigation_split_view_get_collapsed (split_view (f));
}

/* Which panes are on screen: 'c' the calendar, 'p' the page, "cp" both */
static const char *
panes (Fixture *f)
{
  AdwNavigationSplitView *split = split_view (f);
  gboolean calendar = gtk_widget_get_mapped (GTK_WIDGET (adw_navigation_split_view_get_sidebar (split)));
  gboolean page = gtk_widget_get_mapped (GTK_WIDGET (adw_navigation_split_view_get_content (split)));

  return calendar && page ? "cp" : calendar ? "c" : page ? "p" : "";
}

static gboolean
page_showing (gpointer f)
{
  return g_str_equal (panes (f), "p");
}

static gboolean
calendar_showing (gpointer f)
{
  return g_str_equal (panes (f), "c");
}

/* Every label on screen in the view shows its text whole: none is cut short with "…"
 * (a label that wraps or fits never is) */
static void
assert_nothing_ellipsized (Fixture    *f,
                           const char *where)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  guint checked = 0;

  collect_labels (GTK_WIDGET (f->view), labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = labels->pdata[i];

      if (!gtk_widget_get_mapped (GTK_WIDGET (label)))
        continue;
      checked++;
      if (pango_layout_is_ellipsized (gtk_label_get_layout (label)))
        g_error ("%s: the label \"%s\" is cut short (%d px wide)", where,
                 gtk_label_get_text (label), gtk_widget_get_width (GTK_WIDGET (label)));
    }
  /* The view switcher's three at least */
  g_assert_cmpuint (checked, >=, 3);
}

/* The calendar fits a 360 px X window (about 350 px of content under Xvfb, where GTK
 * draws a frame of its own), with no text cut short in any of its three views */
static void
assert_narrow_calendar (Fixture *f)
{
  static const char * const views[] = { "month", "agenda", "projects" };
  GtkWidget *filters;

  g_assert_true (ca_test_wait_until (is_collapsed, f, 10000));
  g_assert_true (ca_test_wait_until (calendar_showing, f, 10000));
  g_assert_cmpint (x_window_width (f), ==, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->view)), <=, 350);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s at %d px", views[i],
                                                gtk_widget_get_width (GTK_WIDGET (f->view)));

      ca_calendar_view_set_visible_view (f->view, views[i]);
      ca_test_run_for (200);
      g_assert_cmpstr (panes (f), ==, "c");
      assert_nothing_ellipsized (f, where);
    }
  ca_calendar_view_set_visible_view (f->view, "month");

  /* The filters' button is its icon alone, and says what it is */
  filters = ca_test_find_widget_where (GTK_WIDGET (f->view), is_filters_button, NULL);
  g_assert_nonnull (filters);
  g_assert_cmpstr (adw_button_content_get_label (ADW_BUTTON_CONTENT (gtk_menu_button_get_child (GTK_MENU_BUTTON (filters)))),
                   ==, "");
  g_assert_nonnull (ca_tooltip_get_text (filters));
  g_assert_true (gtk_widget_get_has_tooltip (filters));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (filters), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       _("Filters"));
}

/* The page's way back: the first button of the header above it */
static GtkWidget *
back_button (Fixture *f)
{
  AdwNavigationPage *content = adw_navigation_split_view_get_content (split_view (f));
  GtkWidget *back = ca_test_find_widget (GTK_WIDGET (content), GTK_TYPE_BUTTON);

  g_assert_nonnull (back);
  return back;
}

static gboolean
is_day_button (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_widget_has_css_class (widget, "ca-month-day");
}

static gboolean
is_back_button (GtkWidget     *widget,
                gconstpointer  data)
{
  /* the month grid's "previous month" has the same icon, but is under the page */
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         gtk_widget_get_ancestor (widget, CA_TYPE_MONTH_GRID) == NULL &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "go-previous-symbolic") == 0;
}

/* The page covers the calendar, the focus on its heading (the event's title, for a
 * screen reader to read), with a way back that works */
static void
assert_page_then_back (Fixture    *f,
                       const char *event_id)
{
  GtkWidget *focus;
  CaEventPage *page;

  g_assert_true (ca_test_wait_until (page_showing, f, 10000));
  page = CA_EVENT_PAGE (ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_EVENT_PAGE));
  g_assert_cmpstr (ca_event_page_get_event (page)->id, ==, event_id);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (CA_IS_PAGE_HEADING (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (page)));
  focus = ca_test_find_widget_where (GTK_WIDGET (f->view), is_back_button, NULL);
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_true (gtk_widget_get_mapped (focus));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (focus), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       _("Back"));
  assert_nothing_ellipsized (f, "the event page");
  g_signal_emit_by_name (focus, "clicked");
  g_assert_true (ca_test_wait_until (calendar_showing, f, 10000));
}

/* In the narrow month, a day's events are dots on a button; its popover opens them */
static void
open_from_month_and_agenda (Fixture *f)
{
  GtkWidget *cell, *day, *popover, *chip;

  ca_calendar_view_show_month (f->view, 2019, 3);
  ca_test_run_for (100);
  cell = find_day_cell (ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_MONTH_GRID), "26");
  g_assert_nonnull (cell);
  g_assert_null (ca_test_find_text (cell, "National Cluster Conference"));
  day = ca_test_find_widget_where (cell, is_day_button, NULL);
  g_assert_nonnull (day);
  g_assert_true (gtk_widget_get_mapped (day));
  {
    g_autoptr(GDateTime) noon = g_date_time_new_utc (2019, 3, 26, 12, 0, 0);
    g_autofree char *date = g_strstrip (ca_format_day (noon));
    g_autofree char *name = g_strdup_printf (ngettext ("%u event on %s", "%u events on %s", 1),
                                             1, date);

    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (day), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         name);
  }
  g_assert_cmpstr (ca_tooltip_get_text (day), ==, "National Cluster Conference");
  /* Its popover is made as it opens; found whether or not it is mapped yet (tests that
   * run beside this one on the same display may take the focus, which closes it) */
  gtk_menu_button_popup (GTK_MENU_BUTTON (day));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (day)));
  g_assert_nonnull (popover);
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();

    collect_labels (popover, labels);
    g_assert_cmpuint (labels->len, ==, 2);   /* the day, and its one event */
    chip = gtk_widget_get_ancestor (labels->pdata[1], GTK_TYPE_BUTTON);
    g_assert_cmpstr (gtk_label_get_text (labels->pdata[1]), ==, "National Cluster Conference");
  }
  g_assert_nonnull (chip);
  g_signal_emit_by_name (chip, "clicked");
  assert_page_then_back (f, "national-cluster-conference-2019");

  /* The agenda's row opens its event the same way */
  ca_calendar_view_set_visible_view (f->view, "agenda");
  ca_calendar_view_set_show_past (f->view, TRUE);
  ca_test_run_for (100);
  {
    GtkWidget *agenda = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_AGENDA);
    GtkWidget *list = ca_test_find_widget (agenda, GTK_TYPE_LIST_VIEW);

    g_assert_true (gtk_widget_get_mapped (list));
    /* Row 0 is its day's heading */
    g_assert_true (gtk_widget_activate_action (list, "list.activate-item", "u", 1));
  }
  assert_page_then_back (f, "i4ms-webinar-2021");
}

/* In Bulgarian and German the texts are theirs, not English ones that would fit */
static void
assert_language (void)
{
  const char *language = g_getenv ("CA_TEST_LANGUAGE");

  if (language != NULL && !g_str_equal (language, "en"))
    g_assert_cmpstr (_("Month"), !=, "Month");
}

/* A window started at a phone's width: the calendar alone, whole */
static void
test_narrow_started (Fixture       *f,
                     gconstpointer  data)
{
  assert_language ();
  open_view (f, 360, 720);
  assert_narrow_calendar (f);
  open_from_month_and_agenda (f);

  /* An event opened from elsewhere covers the calendar as well */
  g_assert_true (ca_calendar_view_show_event (f->view, CA_FEED_BUILTIN,
                                              "national-cluster-conference-2019"));
  assert_page_then_back (f, "national-cluster-conference-2019");
}

/* A wide window shows the calendar and the page side by side; resized by the X server
 * to a phone's width it shows one at a time */
static void
test_narrow_resized (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *args = NULL;
  g_autofree char *out = NULL;

  assert_language ();
  open_view (f, 1000, 720);
  g_assert_true (ca_test_wait_until (is_expanded, f, 10000));
  g_assert_cmpstr (panes (f), ==, "cp");
  g_assert_true (ca_calendar_view_show_event (f->view, CA_FEED_BUILTIN,
                                              "national-cluster-conference-2019"));
  ca_test_run_for (100);
  g_assert_cmpstr (panes (f), ==, "cp");
  /* Beside the calendar, the page needs no way back to it */
  g_assert_false (gtk_widget_get_visible (back_button (f)));

  id = x_window (f);
  args = g_strdup_printf ("windowsize %s 360 720", id);
  out = xdotool (args);
  g_assert_true (ca_test_wait_until (is_collapsed, f, 10000));
  /* The page that was open stays open, now alone */
  g_assert_true (ca_test_wait_until (page_showing, f, 10000));
  g_assert_true (gtk_widget_get_mapped (back_button (f)));
  g_signal_emit_by_name (back_button (f), "clicked");
  assert_narrow_calendar (f);
  open_from_month_and_agenda (f);
}

/* A crowded month on a phone: twenty events on each of 28 days, as a large feed has.
 * Each day shows a dot and its count, and the month still fits 360 px (libadwaita
 * warns when a view is wider than its window: fatal here) */
static void
test_narrow_crowded (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GBytes) feed = ca_test_feed_build (&(CaTestFeedSpec) {
    .tag = "busy", .n_clusters = 3, .n_events = 28 * 20 });
  GtkWidget *grid, *busiest;
  int minimum;

  ca_test_load_feed (f->store, "busy", feed);
  open_view (f, 360, 720);
  ca_calendar_view_show_month (f->view, 2026, 3);
  ca_test_run_for (300);
  assert_narrow_calendar (f);
  ca_calendar_view_show_month (f->view, 2026, 3);
  ca_test_run_for (300);

  gtk_widget_measure (GTK_WIDGET (f->view), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 350);
  grid = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_MONTH_GRID);
  g_assert_true (ca_month_grid_get_compact (CA_MONTH_GRID (grid)));
  busiest = ca_test_find_text (grid, "20");
  g_assert_nonnull (busiest);
  g_assert_true (gtk_widget_get_mapped (busiest));
}

/* }}} */

/*
 * Under AddressSanitizer: GIO's module scan, which adw_init() sets off through
 * GTK's theme, drops a GIOModule every UI test sees (not ours; it belongs in
 * tests/lsan.supp for all of them).
 */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:g_io_module_new\n";
}

/* An event's chip in the month grid tells its whole title and time on hover. The
 * text is handed to GTK when it asks (ca-tooltip.c), not set up front, which would
 * ask the X server where the pointer is for every chip */
static void
test_month_tooltips (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *grid, *cell, *chip;
  g_autoptr(GtkTooltip) tooltip = NULL;
  gboolean shown = FALSE;

  open_view (f, 1280, 800);
  ca_calendar_view_show_month (f->view, 2019, 3);
  ca_test_run_for (50);
  grid = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_MONTH_GRID);
  cell = find_day_cell (grid, "26");
  g_assert_nonnull (cell);
  chip = wait_chip (cell, "National Cluster Conference");
  g_assert_nonnull (chip);

  g_assert_true (gtk_widget_get_has_tooltip (chip));
  g_assert_null (gtk_widget_get_tooltip_text (chip));
  g_assert_cmpstr (ca_tooltip_get_text (chip), ==,
                   "National Cluster Conference, 26 March 2019 – 27 March 2019");
  tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  g_signal_emit_by_name (chip, "query-tooltip", 4, 4, FALSE, tooltip, &shown);
  g_assert_true (shown);

  /* No text, no tooltip */
  ca_tooltip_set_text (chip, NULL);
  g_assert_false (gtk_widget_get_has_tooltip (chip));
  shown = TRUE;
  g_signal_emit_by_name (chip, "query-tooltip", 4, 4, FALSE, tooltip, &shown);
  g_assert_false (shown);
}

/* A feed of n events on 2099-01-01, "Busy 0" to "Busy n-1" */
static GBytes *
busy_day_feed (guint n)
{
  g_autoptr(GString) json = g_string_new ("{ \"format\": \"cluster-feed\", \"version\": 1,"
                                          " \"clusters\": [], \"events\": [");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{ \"id\": \"b%u\", \"title\": \"Busy %u\","
                            " \"start\": \"2099-01-01T%02u:00:00Z\", \"kind\": \"meeting\" }",
                            i > 0 ? "," : "", i, i, 8 + i);
  g_string_append (json, "] }");
  return g_string_free_to_bytes (g_steal_pointer (&json));
}

static gboolean
is_more_chip (GtkWidget     *widget,
              gconstpointer  data)
{
  return CA_IS_MONTH_CHIP (widget) && gtk_widget_has_css_class (widget, "ca-month-more");
}

/* The titles and "N more" in a day are drawn chips, not buttons with labels: each still
 * a button to the keyboard and to a screen reader, with a name, which activates */
static void
test_month_chips (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) feed = busy_day_feed (5);
  GtkWidget *grid, *cell, *chip, *more;
  GtkPopover *popover;
  CaEventPage *page;

  ca_test_load_feed (f->store, "https://example.org/busy.json", feed);
  open_view (f, 1280, 800);
  grid = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_MONTH_GRID);
  g_assert_cmpint (ca_month_grid_get_year (CA_MONTH_GRID (grid)), ==, 2099);
  g_assert_cmpint (ca_month_grid_get_month (CA_MONTH_GRID (grid)), ==, 1);
  cell = find_day_cell (grid, "1");
  g_assert_nonnull (cell);

  /* Three titles, then "2 more" for the rest */
  chip = wait_chip (cell, "Busy 0");
  g_assert_nonnull (chip);
  g_assert_nonnull (wait_chip (cell, "Busy 2"));
  g_assert_null (ca_test_find_text (cell, "Busy 3"));
  g_assert_true (gtk_widget_get_focusable (chip));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (chip)), ==,
                   GTK_ACCESSIBLE_ROLE_BUTTON);
  {
    g_autoptr(CaEvent) event = ca_store_get_event (f->store, "https://example.org/busy.json",
                                                   "b0", NULL);
    g_autofree char *when = ca_format_event_when (event, NULL);
    g_autofree char *name = g_strdup_printf ("Busy 0, %s", when);

    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         name);
  }
  /* Drawn, it is as tall as a line of its text and cut short to its day */
  g_assert_cmpint (gtk_widget_get_height (chip), >, 0);
  g_assert_cmpint (gtk_widget_get_width (chip), <=, gtk_widget_get_width (cell));

  /* Activated as the keyboard does (Enter, Space) and as a screen reader does (its
   * widget action), it opens its event */
  g_assert_true (gtk_widget_activate (chip));
  ca_test_run_for (100);
  page = CA_EVENT_PAGE (ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_EVENT_PAGE));
  g_assert_nonnull (page);
  g_assert_cmpstr (ca_event_page_get_event (page)->id, ==, "b0");
  chip = wait_chip (cell, "Busy 1");
  g_assert_true (gtk_widget_activate_action (chip, "chip.activate", NULL));
  ca_test_run_for (100);
  g_assert_cmpstr (ca_event_page_get_event (page)->id, ==, "b1");

  /* "2 more" opens every event of the day in a popover, made as it opens */
  more = ca_test_find_widget_where (cell, is_more_chip, NULL);
  g_assert_nonnull (more);
  g_assert_cmpstr (ca_month_chip_get_text (CA_MONTH_CHIP (more)), ==, "2 more");
  g_assert_true (gtk_widget_get_focusable (more));
  g_assert_null (ca_month_chip_get_popover (CA_MONTH_CHIP (more)));
  g_assert_true (gtk_widget_activate (more));
  popover = ca_month_chip_get_popover (CA_MONTH_CHIP (more));
  g_assert_nonnull (popover);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (more), GTK_ACCESSIBLE_PROPERTY_HAS_POPUP,
                                       TRUE);
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    GtkWidget *button;

    g_object_ref (popover);   /* the event's month, shown again, makes its days anew */
    collect_labels (GTK_WIDGET (popover), labels);
    g_assert_cmpuint (labels->len, ==, 6);   /* the day, and its five events */
    g_assert_cmpstr (gtk_label_get_text (labels->pdata[5]), ==, "Busy 4");
    button = gtk_widget_get_ancestor (labels->pdata[5], GTK_TYPE_BUTTON);
    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
  }
  ca_test_run_for (100);
  g_assert_cmpstr (ca_event_page_get_event (page)->id, ==, "b4");
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  g_object_unref (popover);
}

/* As the window shows it: the view reads the store in a worker when mapped, and the
 * grid, agenda and timeline fill in one main-loop turn after another; nothing
 * here calls the API that would read and fill at once */
static void
test_fills_in_background (Fixture       *f,
                          gconstpointer  data)
{
  CaTimeline *timeline;
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  present_view (f, 1280, 800);

  /* The month of the latest event, with it on its day; the agenda's verdict */
  g_assert_nonnull (wait_label (GTK_WIDGET (f->view), "February 2021"));
  g_assert_nonnull (wait_chip (GTK_WIDGET (f->view), "Tools and services supporting digital "
                                                     "innovation of Manufacturing SMEs"));
  ca_calendar_view_set_visible_view (f->view, "agenda");   /* switches the page only */
  g_assert_nonnull (wait_label (GTK_WIDGET (f->view), "No Upcoming Events"));
  timeline = CA_TIMELINE (ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_TIMELINE));
  g_assert_nonnull (timeline);
  while (ca_timeline_get_n_rows (timeline) == 0 && g_get_monotonic_time () < end)
    ca_test_run_for (20);
  g_assert_cmpuint (ca_timeline_get_n_rows (timeline), ==, 11);
}

int
main (int   argc,
      char *argv[])
{
  ca_test_require_display ();

  /* English, or the language tests/run-in-locale.sh runs it in */
  setlocale (LC_ALL, "");
  if (g_getenv ("CLUSTER_ATLAS_LOCALEDIR") != NULL)
    bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CLUSTER_ATLAS_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_setenv ("XDG_DATA_HOME", "/nonexistent/ca-test-data-home", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Pages and folds change at once: no slide to wait for (nor, with libadwaita 1.2,
   * the render node a leaflet's slide leaks). */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/calendar/agenda/past-events", test_agenda_past_events, NULL);
  ADD ("/calendar/agenda/many", test_agenda_many, "empty");
  ADD ("/calendar/agenda/star", test_agenda_star, NULL);
  ADD ("/calendar/month/grid", test_month_grid, NULL);
  ADD ("/calendar/fills-in-background", test_fills_in_background, NULL);
  ADD ("/calendar/month/tooltips", test_month_tooltips, NULL);
  ADD ("/calendar/month/chips", test_month_chips, "empty");
  ADD ("/calendar/star/persists", test_star_persists, NULL);
  ADD ("/calendar/markup-shown-literally", test_markup_shown_literally, NULL);
  ADD ("/calendar/event/other-zone", test_event_other_zone, "empty");
  ADD ("/calendar/words/no-raw-values", test_no_raw_values, "empty");
  ADD ("/calendar/timeline", test_timeline, NULL);
  ADD ("/calendar/project/events", test_project_events, NULL);
  ADD ("/calendar/filters", test_filters, NULL);
  ADD ("/calendar/empty-store", test_empty_store, "empty");
  ADD ("/calendar/narrow/started", test_narrow_started, NULL);
  ADD ("/calendar/narrow/resized", test_narrow_resized, NULL);
  ADD ("/calendar/narrow/crowded", test_narrow_crowded, GINT_TO_POINTER (1));
#undef ADD

  return g_test_run ();
}
