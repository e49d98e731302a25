/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-print-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ca-calendar-view.h"
#include "ca-event-page.h"
#include "ca-print-dialog.h"
#include "ca-schedule-print.h"
#include "ca-store.h"
#include "ca-test-util.h"

/*
 * Printing and exporting from the window under Xvfb, on a real store with the built-in
 * feed: the dialog before the print dialog (an AdwDialog in the window) and GTK's print
 * dialog after it, GtkPrintOperation's draw-page writing a PDF (its EXPORT action, read
 * back with pdftotext and pdfinfo) on A4 and Letter, "Export…" through GtkFileDialog
 * (with no portal on the test's bus, GTK's own file chooser window, answered as a user
 * would), "Add to Calendar" on an event page, and the alert when it cannot be added.
 */

typedef struct {
  char           *dir;
  CaStore        *store;
  GtkWidget      *window;
  CaCalendarView *view;
} Fixture;

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ca-print-ui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "atlas.db", NULL);
  f->store = ca_store_open (path, &error);
  g_assert_no_error (error);
  ca_test_load_builtin (f->store);

  f->view = g_object_new (CA_TYPE_CALENDAR_VIEW, NULL);
  ca_calendar_view_set_store (f->view, f->store);
  /* As the app's window is: libadwaita's, where dialogs show inside the window */
  f->window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->view));
  gtk_window_present (GTK_WINDOW (f->window));
  ca_test_wait_until (is_mapped, f->view, 10000);
  ca_calendar_view_get_events (f->view);
  ca_test_run_for (100);
}

/* Closes every window but the fixture's (dialogs a test opened) */
static void
close_other_windows (Fixture *f)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (GTK_WIDGET (window) != f->window)
        gtk_window_destroy (window);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  close_other_windows (f);
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->store);
  ca_test_remove_tree (f->dir);
  g_free (f->dir);
  ca_schedule_print_set_page_setup (NULL);
}

/* The first widget of type in any window: a dialog in the fixture's window, or one in a
 * window of its own */
static GtkWidget *
find_anywhere (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      GtkWidget *found = ca_test_find_widget (GTK_WIDGET (window), type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The window whose title is title (GTK's own file chooser and print dialog) */
static GtkWindow *
find_window_titled (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (window), title) == 0 &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
has_print_dialog (gpointer f)
{
  GtkWidget *dialog = find_anywhere (CA_TYPE_PRINT_DIALOG);

  return dialog != NULL && gtk_widget_get_mapped (dialog);
}

static gboolean
no_print_dialog (gpointer f)
{
  return find_anywhere (CA_TYPE_PRINT_DIALOG) == NULL;
}

static char *
tool_output (const char *tool,
             const char *path)
{
  const char *argv[] = { tool, path, g_str_equal (tool, "pdftotext") ? "-" : NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);
  g_autofree char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_regex_replace_literal (space, out, -1, 0, " ", 0, NULL);
}

/* Starred only, "Print…", chosen days: GtkPrintOperation's pages hold the two events */
static void
test_print_dialog (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "printed.pdf", NULL);
  g_autoptr(CaSchedule) schedule = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CaPrintDialog *dialog;
  GDate from, to;

  g_assert_true (ca_store_set_starred (f->store, CA_FEED_BUILTIN,
                                       "national-cluster-conference-2019", TRUE, NULL));
  g_assert_true (ca_store_set_starred (f->store, CA_FEED_BUILTIN,
                                       "i4ms-webinar-2021", TRUE, NULL));
  ca_calendar_view_reload (f->view);
  ca_calendar_view_set_starred_only (f->view, TRUE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "calendar.print", NULL));
  g_assert_true (ca_test_wait_until (has_print_dialog, f, 10000));
  dialog = CA_PRINT_DIALOG (find_anywhere (CA_TYPE_PRINT_DIALOG));
  g_assert_nonnull (dialog);
  /* An AdwDialog inside the window, not a window of its own */
  g_assert_true (gtk_widget_get_root (GTK_WIDGET (dialog)) == GTK_ROOT (f->window));
  /* Every event of the built-in feed is past: it offers the month the calendar shows */
  g_assert_cmpint (ca_print_dialog_get_range (dialog), ==, CA_PRINT_RANGE_CHOSEN);
  ca_print_dialog_set_range (dialog, CA_PRINT_RANGE_UPCOMING);
  g_assert_cmpuint (ca_print_dialog_get_n_events (dialog), ==, 0);

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 1, 1, 2019);
  g_date_set_dmy (&to, 31, 12, 2021);
  ca_print_dialog_set_days (dialog, &from, &to);
  ca_print_dialog_set_range (dialog, CA_PRINT_RANGE_CHOSEN);
  g_assert_cmpuint (ca_print_dialog_get_n_events (dialog), ==, 2);
  ca_print_dialog_set_include_descriptions (dialog, TRUE);

  schedule = ca_print_dialog_build_schedule (dialog);
  g_assert_true (ca_schedule_print_run (schedule, GTK_WINDOW (f->window),
                                        GTK_PRINT_OPERATION_ACTION_EXPORT, pdf, &error));
  g_assert_no_error (error);
  text = tool_output ("pdftotext", pdf);
  g_assert_nonnull (strstr (text, "Event schedule — 1 January 2019 – 31 December 2021"));
  g_assert_nonnull (strstr (text, "2 events · Filtered: starred only"));
  g_assert_nonnull (strstr (text, "National Cluster Conference"));
  g_assert_nonnull (strstr (text, "Tools and services supporting digital innovation"));
  g_assert_null (strstr (text, "BOWI"));
  g_assert_nonnull (strstr (text, "Page 1 of 1"));
  g_assert_nonnull (strstr (text, "Cluster Atlas built-in data"));
}

static gboolean
is_editable_with_text (GtkWidget     *widget,
                       gconstpointer  text)
{
  return GTK_IS_EDITABLE (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (widget)), text) == 0;
}

/* The chooser's file list shows names in GtkInscriptions, not labels */
static gboolean
is_inscription_with_text (GtkWidget     *widget,
                          gconstpointer  text)
{
  return GTK_IS_INSCRIPTION (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), text) == 0;
}

typedef struct {
  GtkWindow  *chooser;
  const char *name;
} ListedFile;

static gboolean
lists_file (gpointer data)
{
  ListedFile *listed = data;

  return ca_test_find_widget_where (GTK_WIDGET (listed->chooser), is_inscription_with_text,
                                    listed->name) != NULL;
}

/* Runs the main loop until the chooser lists the file name, for up to 10 s */
static gboolean
wait_listed (GtkWindow  *chooser,
             const char *name)
{
  ListedFile listed = { chooser, name };

  return ca_test_wait_until (lists_file, &listed, 10000);
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* Print… while the Calendar shows (the window's Ctrl+P, test-window): the dialog;
 * Cancel closes it */
static void
test_print_cancel (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "calendar.print", NULL));
  g_assert_true (ca_test_wait_until (has_print_dialog, f, 10000));
  dialog = find_anywhere (CA_TYPE_PRINT_DIALOG);
  g_assert_cmpstr (adw_dialog_get_title (ADW_DIALOG (dialog)), ==, "Print Schedule");
  {
    GtkWidget *cancel = ca_test_find_widget_where (dialog, is_button_labelled, "_Cancel");

    g_assert_nonnull (cancel);
    g_signal_emit_by_name (cancel, "clicked");
  }
  g_assert_true (ca_test_wait_until (no_print_dialog, f, 10000));

  /* Hidden (another view shows), the Calendar prints and exports nothing */
  gtk_widget_set_visible (GTK_WIDGET (f->view), FALSE);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "calendar.print", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "calendar.export", NULL);
  ca_test_run_for (300);
  g_assert_true (no_print_dialog (f));
  g_assert_null (find_window_titled ("Save Events as iCalendar"));
  gtk_widget_set_visible (GTK_WIDGET (f->view), TRUE);
}

static GtkWindow *
find_print_unix_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_str_equal (G_OBJECT_TYPE_NAME (window), "GtkPrintUnixDialog") &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
has_print_unix_dialog (gpointer f)
{
  return find_print_unix_dialog () != NULL;
}

/* "Print…" gives way to GTK's print dialog, over the calendar's window */
static void
test_print_opens_gtk_dialog (Fixture       *f,
                             gconstpointer  data)
{
  GtkWidget *dialog, *print;
  GtkWindow *gtk_dialog;

  ca_calendar_view_set_show_past (f->view, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "calendar.print", NULL));
  g_assert_true (ca_test_wait_until (has_print_dialog, f, 10000));
  dialog = find_anywhere (CA_TYPE_PRINT_DIALOG);
  ca_print_dialog_set_range (CA_PRINT_DIALOG (dialog), CA_PRINT_RANGE_CHOSEN);
  print = ca_test_find_widget_where (dialog, is_button_labelled, "_Print…");
  g_assert_nonnull (print);
  g_assert_true (gtk_widget_get_sensitive (print));
  g_signal_emit_by_name (print, "clicked");
  g_assert_true (ca_test_wait_until (has_print_unix_dialog, f, 10000));
  g_assert_true (ca_test_wait_until (no_print_dialog, f, 10000));
  gtk_dialog = find_print_unix_dialog ();
  g_assert_true (gtk_window_get_transient_for (gtk_dialog) == GTK_WINDOW (f->window));
  ca_test_run_for (300);
  gtk_window_close (gtk_dialog);
  ca_test_run_for (300);
}

/* The page setup's paper and margins: the PDF of GTK's print path has its size */
static void
test_page_setup (Fixture       *f,
                 gconstpointer  data)
{
  const char *papers[] = { GTK_PAPER_NAME_LETTER, GTK_PAPER_NAME_A4 };
  const char *sizes[] = { "612 x 792 pts", "595.276 x 841.89 pts" };
  g_autoptr(GPtrArray) all = NULL;
  CaEventQuery query = CA_EVENT_QUERY_INIT;

  all = ca_store_list_events (f->store, &query, NULL);
  g_assert_cmpuint (all->len, ==, 15);
  for (guint i = 0; i < G_N_ELEMENTS (papers); i++)
    {
      g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
      g_autoptr(GtkPaperSize) paper = gtk_paper_size_new (papers[i]);
      g_autoptr(CaSchedule) schedule = ca_schedule_new (all);
      g_autofree char *pdf = g_build_filename (f->dir, "paper.pdf", NULL);
      g_autofree char *info = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;

      gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
      gtk_page_setup_set_top_margin (setup, 72, GTK_UNIT_POINTS);
      ca_schedule_print_set_page_setup (setup);
      g_assert_true (ca_schedule_print_run (schedule, GTK_WINDOW (f->window),
                                            GTK_PRINT_OPERATION_ACTION_EXPORT, pdf, &error));
      info = tool_output ("pdfinfo", pdf);
      g_assert_nonnull (strstr (info, sizes[i]));
      text = tool_output ("pdftotext", pdf);
      g_assert_nonnull (strstr (text, "Page 1 of "));
      /* Below the page setup's margin, the schedule's body is what the context gave it */
      g_assert_cmpfloat (ca_schedule_get_body_height (schedule), <, (i == 0 ? 792 : 842) - 72);
      g_unlink (pdf);
    }
}

/* GTK's file chooser, which GtkFileDialog shows when no portal answers */
/* A file in the test's home folder, where Export opens */
#define HOME_FILE "already-here.ics"
#define SAVE_TITLE "Save Events as iCalendar"

static gboolean
has_save_window (gpointer f)
{
  return find_window_titled (SAVE_TITLE) != NULL;
}

static gboolean
no_save_window (gpointer f)
{
  return find_window_titled (SAVE_TITLE) == NULL;
}

/* "Export…" (Ctrl+E's action): the file chooser, offering the name of the cluster filter
 * or "Events"; closed, it writes nothing */
static gboolean
has_alert (gpointer f);

static gboolean
no_alert (gpointer f)
{
  return find_anywhere (ADW_TYPE_ALERT_DIALOG) == NULL;
}

/* Over the print-page-limit setting, "Print…" asks first, naming the count and the
 * days; Cancel prints nothing, "Print All" goes on to GTK's print dialog */
static void
test_print_too_long (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.clusteratlas.ClusterAtlas");
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GDate from, to;
  guint n;

  g_settings_set_uint (settings, "print-page-limit", 1);
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(CaSchedule) schedule = NULL;
      CaPrintDialog *dialog;
      AdwAlertDialog *alert;
      GtkWidget *print;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "calendar.print", NULL));
      g_assert_true (ca_test_wait_until (has_print_dialog, f, 10000));
      dialog = CA_PRINT_DIALOG (find_anywhere (CA_TYPE_PRINT_DIALOG));
      g_date_clear (&from, 1);
      g_date_clear (&to, 1);
      g_date_set_dmy (&from, 1, 1, 2010);
      g_date_set_dmy (&to, 31, 12, 2030);
      ca_print_dialog_set_days (dialog, &from, &to);
      ca_print_dialog_set_range (dialog, CA_PRINT_RANGE_CHOSEN);
      ca_print_dialog_set_include_descriptions (dialog, TRUE);
      schedule = ca_print_dialog_build_schedule (dialog);
      n = ca_schedule_print_count_pages (schedule);
      g_assert_cmpuint (n, >, 1);

      print = ca_test_find_widget_where (GTK_WIDGET (dialog), is_button_labelled, "_Print…");
      g_signal_emit_by_name (print, "clicked");
      g_assert_true (ca_test_wait_until (has_alert, f, 10000));
      alert = ADW_ALERT_DIALOG (find_anywhere (ADW_TYPE_ALERT_DIALOG));
      g_assert_true (gtk_widget_get_root (GTK_WIDGET (alert)) == GTK_ROOT (f->window));
      heading = g_strdup_printf ("Print %u Pages?", n);
      body = g_strdup_printf ("“Event schedule — 1 January 2010 – 31 December 2030” takes %u "
                              "pages, more than 1 page.", n);
      g_assert_cmpstr (adw_alert_dialog_get_heading (alert), ==, heading);
      if (!g_str_has_prefix (adw_alert_dialog_get_body (alert), body))
        g_error ("\"%s\" is not \"%s…\"", adw_alert_dialog_get_body (alert), body);
      g_clear_pointer (&heading, g_free);
      g_clear_pointer (&body, g_free);
      g_assert_null (find_print_unix_dialog ());

      if (round == 0)
        {
          /* Cancel (Escape): nothing printed */
          g_assert_true (adw_dialog_close (ADW_DIALOG (alert)));
          g_assert_true (ca_test_wait_until (no_alert, f, 10000));
          ca_test_run_for (300);
          g_assert_null (find_print_unix_dialog ());
        }
      else
        {
          GtkWidget *all = ca_test_find_widget_where (GTK_WIDGET (alert), is_button_labelled,
                                                      "_Print All");

          g_assert_nonnull (all);
          g_signal_emit_by_name (all, "clicked");
          g_assert_true (ca_test_wait_until (has_print_unix_dialog, f, 10000));
          gtk_window_close (find_print_unix_dialog ());
          ca_test_run_for (300);
        }
    }
  g_settings_reset (settings, "print-page-limit");
}

static void
set_chosen_days (CaPrintDialog *dialog,
                 int            d1,
                 int            m1,
                 int            y1,
                 int            d2,
                 int            m2,
                 int            y2)
{
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, d1, m1, y1);
  g_date_set_dmy (&to, d2, m2, y2);
  ca_print_dialog_set_days (dialog, &from, &to);
  ca_print_dialog_set_range (dialog, CA_PRINT_RANGE_CHOSEN);
}

static gboolean
is_label_with_prefix (GtkWidget     *widget,
                      gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* An empty range prints nothing: Print is off, the reason shows under the days (and is
 * Print's tooltip), with the calendar's filters; days with events turn it on again, and
 * a click on the insensitive button (as a script might send) prints nothing */
static void
test_print_empty (Fixture       *f,
                  gconstpointer  data)
{
  const char *reason = "No events between 1 March 2026 and 31 March 2026";
  CaPrintDialog *dialog;
  GtkWidget *print, *label, *last_row;
  graphene_rect_t label_box, row_box;

  for (guint round = 0; round < 2; round++)
    {
      if (round == 1)
        {
          g_assert_true (ca_store_set_starred (f->store, CA_FEED_BUILTIN,
                                               "national-cluster-conference-2019", TRUE, NULL));
          ca_calendar_view_reload (f->view);
          ca_calendar_view_set_starred_only (f->view, TRUE);
        }
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "calendar.print", NULL));
      g_assert_true (ca_test_wait_until (has_print_dialog, f, 10000));
      dialog = CA_PRINT_DIALOG (find_anywhere (CA_TYPE_PRINT_DIALOG));
      print = ca_test_find_widget_where (GTK_WIDGET (dialog), is_button_labelled, "_Print…");
      g_assert_nonnull (print);

      set_chosen_days (dialog, 1, 3, 2026, 31, 3, 2026);
      ca_test_run_for (100);
      g_assert_cmpuint (ca_print_dialog_get_n_events (dialog), ==, 0);
      g_assert_false (gtk_widget_get_sensitive (print));
      label = ca_test_find_widget_where (GTK_WIDGET (dialog), is_label_with_prefix, reason);
      g_assert_nonnull (label);
      /* The dialog's sheet shows its content a frame after the dialog maps */
      g_assert_true (ca_test_wait_until (is_mapped, label, 10000));
      g_assert_true (gtk_widget_is_drawable (label));
      if (round == 0)
        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, reason);
      else
        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==,
                         "No events between 1 March 2026 and 31 March 2026\n"
                         "Filtered: starred only");
      g_assert_cmpstr (gtk_widget_get_tooltip_text (print), ==,
                       gtk_label_get_text (GTK_LABEL (label)));
      /* Under the range: below the row of its last day */
      last_row = ca_test_find_widget_where (GTK_WIDGET (dialog), is_row_titled, "Last day");
      g_assert_nonnull (last_row);
      g_assert_true (gtk_widget_compute_bounds (label, GTK_WIDGET (dialog), &label_box));
      g_assert_true (gtk_widget_compute_bounds (last_row, GTK_WIDGET (dialog), &row_box));
      g_assert_cmpfloat (label_box.origin.y, >=, row_box.origin.y + row_box.size.height);
      g_assert_cmpfloat (label_box.size.width, >, 0);

      /* Clicked all the same: nothing is counted, nothing printed */
      g_signal_emit_by_name (print, "clicked");
      g_assert_false (ADW_IS_SPINNER (gtk_button_get_child (GTK_BUTTON (print))));
      ca_test_run_for (300);
      g_assert_true (has_print_dialog (f));
      g_assert_null (find_print_unix_dialog ());

      /* Days with events: Print again, the reason gone */
      set_chosen_days (dialog, 1, 1, 2019, 31, 12, 2021);
      ca_test_run_for (100);
      g_assert_cmpuint (ca_print_dialog_get_n_events (dialog), >, 0);
      g_assert_true (gtk_widget_get_sensitive (print));
      g_assert_false (gtk_widget_get_visible (label));
      g_assert_null (gtk_widget_get_tooltip_text (print));

      /* And off once more for a day with none */
      set_chosen_days (dialog, 2, 3, 2026, 2, 3, 2026);
      g_assert_false (gtk_widget_get_sensitive (print));
      g_assert_true (gtk_widget_get_visible (label));
      g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)),
                                       "No events on 2 March 2026"));
      g_assert_true (adw_dialog_close (ADW_DIALOG (dialog)));
      g_assert_true (ca_test_wait_until (no_print_dialog, f, 10000));
    }
}

/* Export… when the filters let no event through: an alert that says so, with the
 * filters, and no file chooser (nothing to save) */
static void
test_export_nothing (Fixture       *f,
                     gconstpointer  data)
{
  AdwAlertDialog *alert;

  ca_calendar_view_set_starred_only (f->view, TRUE);
  ca_test_run_for (200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "calendar.export", NULL));
  g_assert_true (ca_test_wait_until (has_alert, f, 10000));
  alert = ADW_ALERT_DIALOG (find_anywhere (ADW_TYPE_ALERT_DIALOG));
  g_assert_cmpstr (adw_alert_dialog_get_heading (alert), ==, "No Events to Export");
  g_assert_cmpstr (adw_alert_dialog_get_body (alert), ==, "Filtered: starred only");
  ca_test_run_for (300);
  g_assert_null (find_window_titled ("Save Events as iCalendar"));
  g_assert_true (adw_dialog_close (ADW_DIALOG (alert)));
  ca_test_run_for (200);
}

/* The pages are counted in a thread after "Print…": meanwhile the dialog stays, its
 * Print button a spinner named for screen readers; closing the dialog stops the count,
 * and then neither the question nor GTK's print dialog comes */
static void
test_print_counting (Fixture       *f,
                     gconstpointer  data)
{
  CaPrintDialog *dialog;
  GtkWidget *print;
  GtkWidget *child;

  for (guint round = 0; round < 2; round++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "calendar.print", NULL));
      g_assert_true (ca_test_wait_until (has_print_dialog, f, 10000));
      dialog = CA_PRINT_DIALOG (find_anywhere (CA_TYPE_PRINT_DIALOG));
      set_chosen_days (dialog, 1, 1, 2019, 31, 12, 2021);
      print = ca_test_find_widget_where (GTK_WIDGET (dialog), is_button_labelled, "_Print…");
      g_assert_nonnull (print);
      g_assert_true (gtk_widget_get_sensitive (print));

      g_signal_emit_by_name (print, "clicked");
      /* No main loop turn yet: the count cannot have come back */
      child = gtk_button_get_child (GTK_BUTTON (print));
      g_assert_true (ADW_IS_SPINNER (child));
      g_assert_false (gtk_widget_get_sensitive (print));
      g_assert_cmpstr (gtk_widget_get_tooltip_text (print), ==, "Counting the pages…");
      /* A second click while counting starts nothing more */
      g_signal_emit_by_name (print, "clicked");

      if (round == 0)
        {
          g_assert_true (adw_dialog_close (ADW_DIALOG (dialog)));
          g_assert_true (ca_test_wait_until (no_print_dialog, f, 10000));
          ca_test_run_for (500);
          g_assert_null (find_anywhere (ADW_TYPE_ALERT_DIALOG));
          g_assert_null (find_print_unix_dialog ());
        }
      else
        {
          /* Left to finish: a short schedule goes straight on to GTK's dialog */
          g_assert_true (ca_test_wait_until (has_print_unix_dialog, f, 10000));
          g_assert_true (ca_test_wait_until (no_print_dialog, f, 10000));
          g_assert_null (find_anywhere (ADW_TYPE_ALERT_DIALOG));
          gtk_window_close (find_print_unix_dialog ());
          ca_test_run_for (300);
        }
    }
}

static void
written (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **error = user_data;

  if (!ca_schedule_write_text_finish (G_FILE (object), result, error) && *error == NULL)
    g_assert_not_reached ();
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "written");
}

static gboolean
is_set (gpointer error)
{
  return *(GError **) error != NULL;
}

/* "Export…" saves through ca_schedule_write_text_async: the careful writer of the
 * command line (tests/test-output.c), here on a 0600 file behind a link and a FIFO */
static void
test_export_writer (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *target = g_build_filename (f->dir, "private.ics", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link.ics", NULL);
  g_autofree char *fifo = g_build_filename (f->dir, "fifo.ics", NULL);
  g_autoptr(GFile) link_file = g_file_new_for_path (link);
  g_autoptr(GFile) fifo_file = g_file_new_for_path (fifo);
  g_autofree char *text = NULL;
  GError *error = NULL;
  GStatBuf st;

  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_cmpint (g_chmod (target, 0600), ==, 0);
  g_assert_cmpint (symlink ("private.ics", link), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);

  ca_schedule_write_text_async (link_file, "BEGIN:VCALENDAR\r\n", NULL, written, &error);
  g_assert_true (ca_test_wait_until (is_set, &error, 10000));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (target, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "BEGIN:VCALENDAR\r\n");
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));

  /* A FIFO with no reader: refused at once, never opened */
  ca_schedule_write_text_async (fifo_file, "BEGIN:VCALENDAR\r\n", NULL, written, &error);
  g_assert_true (ca_test_wait_until (is_set, &error, 10000));
  g_assert_error (error, CA_OUTPUT_ERROR, CA_OUTPUT_ERROR_NOT_REGULAR);
  g_assert_nonnull (strstr (error->message, "named pipe (FIFO)"));
  g_clear_error (&error);
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
}

static void
test_export_closed (Fixture       *f,
                    gconstpointer  data)
{
  GtkWindow *chooser;
  GtkWidget *name;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "calendar.export", NULL));
  g_assert_true (ca_test_wait_until (has_save_window, f, 10000));
  chooser = find_window_titled (SAVE_TITLE);
  g_assert_true (gtk_window_get_modal (chooser));
  g_assert_true (gtk_window_get_transient_for (chooser) == GTK_WINDOW (f->window));
  name = ca_test_find_widget_where (GTK_WIDGET (chooser), is_editable_with_text, "Events.ics");
  g_assert_nonnull (name);
  /* Once it has read its folder, the home folder: closed while it still reads one, GTK's
   * chooser was seen to fail a critical check */
  g_assert_true (wait_listed (chooser, HOME_FILE));
  gtk_window_close (chooser);
  g_assert_true (ca_test_wait_until (no_save_window, f, 10000));
  ca_test_run_for (200);
  /* Dismissed is no error: no alert */
  g_assert_null (find_anywhere (ADW_TYPE_ALERT_DIALOG));
}

static gboolean
ics_written (gpointer path)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (path, &text, NULL, NULL) &&
         g_str_has_suffix (text, "END:VCALENDAR\r\n");
}

/* "Export…" answered with a file: the events of the filters (starred only here) as one
 * iCalendar file, under the cluster filter's name */
static void
test_export_saved (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "Saved.ics", NULL);
  g_autofree char *ics = NULL;
  GtkWindow *chooser;
  GtkWidget *name, *save;

  g_assert_true (ca_store_set_starred (f->store, CA_FEED_BUILTIN,
                                       "national-cluster-conference-2019", TRUE, NULL));
  ca_calendar_view_reload (f->view);
  ca_calendar_view_set_starred_only (f->view, TRUE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "calendar.export", NULL));
  g_assert_true (ca_test_wait_until (has_save_window, f, 10000));
  chooser = find_window_titled (SAVE_TITLE);
  name = ca_test_find_widget_where (GTK_WIDGET (chooser), is_editable_with_text, "Events.ics");
  g_assert_nonnull (name);
  g_assert_true (wait_listed (chooser, HOME_FILE));
  /* A whole path typed in the name, as a user may */
  gtk_editable_set_text (GTK_EDITABLE (name), path);
  save = ca_test_find_widget_where (GTK_WIDGET (chooser), is_button_labelled, "_Save");
  g_assert_nonnull (save);
  g_signal_emit_by_name (save, "clicked");
  /* A new file is written in place: whole once it ends the calendar */
  g_assert_true (ca_test_wait_until (ics_written, path, 10000));
  g_assert_true (ca_test_wait_until (no_save_window, f, 10000));

  g_assert_true (g_file_get_contents (path, &ics, NULL, NULL));
  g_assert_true (g_str_has_prefix (ics, "BEGIN:VCALENDAR\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nSUMMARY:National Cluster Conference\r\n"));
  /* Starred only: the one event */
  g_assert_null (strstr (ics, "i4ms-webinar-2021"));
  {
    guint n = 0;
    for (const char *p = ics; (p = strstr (p, "BEGIN:VEVENT")) != NULL; p++)
      n++;
    g_assert_cmpuint (n, ==, 1);
  }
}

/* "Add to Calendar": the event as .ics in the cache, handed to the desktop's calendar
 * app, which here is a script main() registers for text/calendar: it copies what it is
 * given next to itself */
static void
test_add_to_calendar (Fixture       *f,
                      gconstpointer  data)
{
  /* GLib reads XDG_CACHE_HOME once: main() points it at this run's own directory */
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "cluster-atlas",
                                            "national-cluster-conference-2019.ics", NULL);
  g_autofree char *received = g_build_filename (g_get_user_data_dir (), "received.ics", NULL);
  g_autofree char *ics = NULL;
  g_autofree char *handed = NULL;
  GtkWidget *page;

  g_assert_true (ca_calendar_view_show_event (f->view, CA_FEED_BUILTIN,
                                              "national-cluster-conference-2019"));
  ca_test_run_for (100);
  page = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_EVENT_PAGE);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_activate_action (page, "event.add-to-calendar", NULL));
  ca_test_wait_until (file_exists, received, 10000);

  g_assert_true (g_file_get_contents (path, &ics, NULL, NULL));
  g_assert_nonnull (strstr (ics, "\r\nUID:national-cluster-conference-2019-"));
  g_assert_nonnull (strstr (ics, "\r\nDTEND;VALUE=DATE:20190328\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nSUMMARY:National Cluster Conference\r\n"));
  /* The app got that very file, and no file chooser came up */
  g_assert_true (g_file_get_contents (received, &handed, NULL, NULL));
  g_assert_cmpstr (handed, ==, ics);
  g_assert_null (find_window_titled (SAVE_TITLE));
}

static gboolean
has_alert (gpointer f)
{
  GtkWidget *alert = find_anywhere (ADW_TYPE_ALERT_DIALOG);

  return alert != NULL && gtk_widget_get_mapped (alert);
}

/* "Add to Calendar" where the cache cannot be written: an alert in the window says so */
static void
test_add_to_calendar_fails (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "cluster-atlas", NULL);
  GtkWidget *page;
  AdwAlertDialog *alert;

  /* A file where the folder would be */
  ca_test_remove_tree (cache);
  g_assert_true (g_file_set_contents (cache, "not a folder", -1, NULL));
  g_assert_true (ca_calendar_view_show_event (f->view, CA_FEED_BUILTIN,
                                              "national-cluster-conference-2019"));
  ca_test_run_for (100);
  page = ca_test_find_widget (GTK_WIDGET (f->view), CA_TYPE_EVENT_PAGE);
  g_assert_true (gtk_widget_activate_action (page, "event.add-to-calendar", NULL));
  g_assert_true (ca_test_wait_until (has_alert, f, 10000));
  alert = ADW_ALERT_DIALOG (find_anywhere (ADW_TYPE_ALERT_DIALOG));
  g_assert_true (gtk_widget_get_root (GTK_WIDGET (alert)) == GTK_ROOT (f->window));
  g_assert_cmpstr (adw_alert_dialog_get_heading (alert), ==, "The Event Could Not Be Added");
  g_assert_cmpstr (adw_alert_dialog_get_body (alert), !=, "");
  g_assert_true (adw_alert_dialog_has_response (alert, "close"));
  g_assert_true (adw_dialog_close (ADW_DIALOG (alert)));
  g_unlink (cache);
}

/* A calendar app for the run: a desktop file for text/calendar whose command copies
 * the file it opens to $XDG_DATA_HOME/received.ics */
static void
install_calendar_app (const char *data_home,
                      const char *config_home)
{
  g_autofree char *apps = g_build_filename (data_home, "applications", NULL);
  g_autofree char *script = g_build_filename (data_home, "calendar-app.sh", NULL);
  g_autofree char *desktop = g_build_filename (apps, "ca-test-calendar.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (config_home, "mimeapps.list", NULL);
  /* Copied under another name, then renamed: the test waits for the name, and must
   * not find it half written */
  g_autofree char *script_text = g_strdup_printf ("#!/bin/sh\ncp \"$1\" '%s/received.part' && "
                                                  "mv '%s/received.part' '%s/received.ics'\n",
                                                  data_home, data_home, data_home);
  g_autofree char *desktop_text = g_strdup_printf ("[Desktop Entry]\nType=Application\n"
                                                   "Name=Test Calendar\nExec=%s %%f\n"
                                                   "MimeType=text/calendar;\n", script);

  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config_home, 0700), ==, 0);
  g_assert_true (g_file_set_contents (script, script_text, -1, NULL));
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);
  g_assert_true (g_file_set_contents (desktop, desktop_text, -1, NULL));
  g_assert_true (g_file_set_contents (mimeapps, "[Default Applications]\n"
                                     "text/calendar=ca-test-calendar.desktop\n", -1, NULL));
}

int
main (int   argc,
      char *argv[])
{
  char *home_dir, *cache_dir, *data_dir, *config_dir;
  int status;

  ca_test_require_display ();

  /* The run's own cache (where "Add to Calendar" writes), data and configuration (where
   * its calendar app is registered) */
  home_dir = g_dir_make_tmp ("ca-print-ui-XXXXXX", NULL);
  cache_dir = g_build_filename (home_dir, "cache", NULL);
  data_dir = g_build_filename (home_dir, "data", NULL);
  config_dir = g_build_filename (home_dir, "config", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  /* Export opens in the home folder (no Documents folder here): one file in it, which
   * the tests wait for, so they close the chooser only once it has read the folder */
  g_setenv ("HOME", home_dir, TRUE);
  {
    g_autofree char *file = g_build_filename (home_dir, HOME_FILE, NULL);
    g_assert_true (g_file_set_contents (file, "", 0, NULL));
  }
  install_calendar_app (data_dir, config_dir);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  /* Export's tests are a meson test of their own (print-ui-export, CA_TEST_PRINT_UI=
   * export): GTK's file chooser leaks what it reads, which a sanitizer build must not
   * hold against the other tests (tests/meson.build) */
  if (g_strcmp0 (g_getenv ("CA_TEST_PRINT_UI"), "export") == 0)
    {
      ADD ("/print-ui/export/closed", test_export_closed);
      ADD ("/print-ui/export/saved", test_export_saved);
    }
  else
    {
      ADD ("/print-ui/print-dialog", test_print_dialog);
      ADD ("/print-ui/page-setup", test_page_setup);
      ADD ("/print-ui/print-dialog/cancel", test_print_cancel);
      ADD ("/print-ui/print-dialog/print", test_print_opens_gtk_dialog);
      ADD ("/print-ui/print-dialog/too-long", test_print_too_long);
      ADD ("/print-ui/print-dialog/counting", test_print_counting);
      ADD ("/print-ui/print-dialog/empty", test_print_empty);
      ADD ("/print-ui/export/writer", test_export_writer);
      ADD ("/print-ui/export/nothing", test_export_nothing);
      ADD ("/print-ui/add-to-calendar", test_add_to_calendar);
      ADD ("/print-ui/add-to-calendar/fails", test_add_to_calendar_fails);
    }
#undef ADD

  status = g_test_run ();
  ca_test_remove_tree (home_dir);
  g_free (home_dir);
  g_free (cache_dir);
  g_free (data_dir);
  g_free (config_dir);
  return status;
}
