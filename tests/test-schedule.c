/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-schedule"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ca-schedule.h"
#include "ca-schedule-private.h"
#include "ca-text.h"

/* The layout of the printed schedule, checked from its own page breaks, and the PDF
 * it writes read back with poppler-utils' pdfinfo. */

/* 2026-03-02T00:00:00Z */
#define T0  G_GINT64_CONSTANT (1772409600)
#define DAY G_GINT64_CONSTANT (86400)

static const char *words[] = {
  "cluster", "innovation", "hub", "SME", "digital", "трансформация", "training", "open",
  "call", "Horizon", "partners", "Sofia", "Plovdiv", "workshop", "клъстер", "data",
};

static char *
words_text (GRand *rand,
            guint  n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "",
                            words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
  return g_string_free (text, FALSE);
}

/* 500 events over about 150 days, some timed, some all day, some with several
 * organisers, descriptions from none to longer than a page */
static GPtrArray *
make_events (guint n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  GPtrArray *events = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 start = T0;

  for (guint i = 0; i < n; i++)
    {
      CaEvent *event = ca_event_new ();
      guint length = g_rand_int_range (rand, 0, 100);

      event->feed = g_strdup ("builtin");
      event->id = g_strdup_printf ("event-%u", i);
      g_autofree char *title = words_text (rand, g_rand_int_range (rand, 2, 25));

      event->title = g_strdup_printf ("Event %u: %s", i, title);
      /* A few days hold many events, most one to three */
      if (g_rand_int_range (rand, 0, 3) == 0)
        start += DAY * g_rand_int_range (rand, 1, 3);
      event->all_day = g_rand_boolean (rand);
      event->start = event->all_day ? start : start + 3600 * g_rand_int_range (rand, 8, 18);
      event->end = event->start + (event->all_day ? DAY * g_rand_int_range (rand, 0, 2) : 5400);
      event->has_end = TRUE;
      event->kind = g_rand_int_range (rand, 0, CA_N_EVENT_KINDS);
      event->venue = g_strdup ("Sofia Tech Park");
      event->city = g_strdup ("Sofia");
      if (g_rand_int_range (rand, 0, 4) == 0)
        {
          event->organizers = g_new0 (char *, 4);
          for (guint k = 0; k < 3; k++)
            event->organizers[k] = words_text (rand, 4);
        }
      if (length > 60)
        event->description = words_text (rand, length * 4);
      if (i == 123 || i == 377)
        {
          g_free (event->description);
          event->description = words_text (rand, 2500);
        }   /* longer than a page */
      g_ptr_array_add (events, event);
    }
  return events;
}

static guint
pdf_pages (const char *path,
           double     *width,
           double     *height)
{
  g_autofree char *out = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  const char *p;
  int status;

  command = g_strdup_printf ("pdfinfo %s", path);
  g_spawn_command_line_sync (command, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  p = strstr (out, "Page size:");
  g_assert_nonnull (p);
  g_assert_cmpint (sscanf (p, "Page size: %lf x %lf", width, height), ==, 2);
  p = strstr (out, "Pages:");
  g_assert_nonnull (p);
  return (guint) g_ascii_strtoull (p + strlen ("Pages:"), NULL, 10);
}

/* An event breaks only inside its description, with at least two of its lines on either
 * side (its heading, time, title and place, never alone at a page's foot; no single
 * line of a description alone at a page's top); no heading without its first event
 * under it on the same page. The number of events broken goes to n_split. */
static void
check_breaks (CaSchedule *schedule,
              guint       n_events,
              guint      *n_split)
{
  g_autoptr(GArray) blocks = ca_schedule_list_blocks (schedule);
  guint n_blocks = blocks->len;
  guint n_pages = ca_schedule_get_n_pages (schedule);
  guint last_page = 0, events_seen = 0;

  *n_split = 0;
  for (guint i = 0; i < n_blocks; i++)
    {
      CaScheduleBlock block = g_array_index (blocks, CaScheduleBlock, i);
      CaScheduleBlock next;

      /* In order, on pages that exist */
      g_assert_cmpuint (block.first_page, >=, last_page);
      g_assert_cmpuint (block.last_page, >=, block.first_page);
      g_assert_cmpuint (block.last_page, <, n_pages);
      last_page = block.last_page;

      switch (block.kind)
        {
        case CA_SCHEDULE_BLOCK_TITLE:
          g_assert_cmpuint (i, ==, 0);
          g_assert_cmpuint (block.first_page, ==, 0);
          break;
        case CA_SCHEDULE_BLOCK_HEADING:
          g_assert_cmpuint (block.first_page, ==, block.last_page);
          g_assert_cmpuint (i + 1, <, n_blocks);
          next = g_array_index (blocks, CaScheduleBlock, i + 1);
          g_assert_cmpint (next.kind, ==, CA_SCHEDULE_BLOCK_EVENT);
          if (next.first_page != block.first_page)
            g_error ("heading %u alone at the foot of page %u", i, block.first_page + 1);
          break;
        case CA_SCHEDULE_BLOCK_EVENT:
          g_assert_cmpuint (block.event, ==, events_seen);
          events_seen++;
          g_assert_cmpuint (block.first_body_line, <=, block.n_lines);
          if (block.first_page == block.last_page)
            {
              g_assert_cmpuint (block.lines_first, ==, block.n_lines);
              break;
            }
          if (block.lines_first < block.first_body_line + 2)
            g_error ("event %u: its heading and %d description lines end page %u",
                     block.event, (int) block.lines_first - (int) block.first_body_line,
                     block.first_page + 1);
          if (block.lines_last < 2)
            g_error ("event %u: %u description line alone on top of page %u", block.event,
                     block.lines_last, block.last_page + 1);
          (*n_split)++;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_assert_cmpuint (events_seen, ==, n_events);
}

static void
test_paginate_500 (void)
{
  g_autoptr(GPtrArray) events = make_events (500);
  g_autoptr(CaSchedule) schedule = ca_schedule_new (events);
  g_autofree char *dir = g_dir_make_tmp ("ca-schedule-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "schedule.pdf", NULL);
  g_autoptr(GError) error = NULL;
  double width, height;
  guint n_pages, n_split;

  ca_schedule_set_title (schedule, "Event schedule — 500 events");
  ca_schedule_set_include_descriptions (schedule, TRUE);
  ca_schedule_set_data_time (schedule, T0);
  ca_schedule_set_feed_name (schedule, "Test feed");
  ca_schedule_set_page (schedule, CA_SCHEDULE_A4_WIDTH, CA_SCHEDULE_A4_HEIGHT, 50, 57, 42, 57);

  n_pages = ca_schedule_paginate (schedule);
  g_assert_cmpuint (n_pages, >, 20);
  check_breaks (schedule, events->len, &n_split);
  /* The two events longer than a page, and many a long description at a page's foot */
  g_assert_cmpuint (n_split, >, 2);
  g_test_message ("A4: %u pages, %u events broken across pages", n_pages, n_split);

  g_assert_true (ca_schedule_write_pdf (schedule, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (path, &width, &height), ==, n_pages);
  g_assert_cmpfloat_with_epsilon (width, CA_SCHEDULE_A4_WIDTH, 0.5);
  g_assert_cmpfloat_with_epsilon (height, CA_SCHEDULE_A4_HEIGHT, 0.5);

  g_unlink (path);
  g_rmdir (dir);
}

/* Letter is shorter and wider: other breaks, the same rules, the paper in the PDF */
static void
test_paginate_letter (void)
{
  g_autoptr(GPtrArray) events = make_events (500);
  g_autoptr(CaSchedule) schedule = ca_schedule_new (events);
  g_autofree char *dir = g_dir_make_tmp ("ca-schedule-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "schedule.pdf", NULL);
  g_autoptr(GError) error = NULL;
  double width, height;
  guint n_a4, n_letter, n_split;

  ca_schedule_set_include_descriptions (schedule, TRUE);
  ca_schedule_set_page (schedule, CA_SCHEDULE_A4_WIDTH, CA_SCHEDULE_A4_HEIGHT, 50, 57, 42, 57);
  n_a4 = ca_schedule_paginate (schedule);
  ca_schedule_set_page (schedule, CA_SCHEDULE_LETTER_WIDTH, CA_SCHEDULE_LETTER_HEIGHT,
                        50, 54, 42, 54);
  n_letter = ca_schedule_paginate (schedule);
  g_assert_cmpuint (n_letter, !=, n_a4);
  check_breaks (schedule, events->len, &n_split);

  g_assert_true (ca_schedule_write_pdf (schedule, path, &error));
  g_assert_cmpuint (pdf_pages (path, &width, &height), ==, n_letter);
  g_assert_cmpfloat_with_epsilon (width, 612, 0.5);
  g_assert_cmpfloat_with_epsilon (height, 792, 0.5);
  g_unlink (path);
  g_rmdir (dir);
}

/* Small pages and wide margins, as a page setup may give: still no broken rule */
static void
test_paginate_small_pages (void)
{
  g_autoptr(GPtrArray) events = make_events (120);
  g_autoptr(CaSchedule) schedule = ca_schedule_new (events);
  guint n_split;

  ca_schedule_set_include_descriptions (schedule, TRUE);
  for (double h = 300; h <= 600; h += 100)
    {
      ca_schedule_set_page (schedule, 420, h, 30, 30, 30, 30);
      ca_schedule_paginate (schedule);
      check_breaks (schedule, events->len, &n_split);
    }
}

/* Without descriptions every event is short: nothing is split at all */
static void
test_paginate_no_descriptions (void)
{
  g_autoptr(GPtrArray) events = make_events (500);
  g_autoptr(CaSchedule) schedule = ca_schedule_new (events);
  guint n_with, n_without, n_split;

  ca_schedule_set_include_descriptions (schedule, TRUE);
  n_with = ca_schedule_paginate (schedule);
  ca_schedule_set_include_descriptions (schedule, FALSE);
  n_without = ca_schedule_paginate (schedule);
  g_assert_cmpuint (n_without, <, n_with);
  check_breaks (schedule, events->len, &n_split);
  g_assert_cmpuint (n_split, ==, 0);
}

/* Memory that stays flat as the pages grow: once paginated, a schedule keeps an index
 * of where each page starts (a few dozen bytes a page) and no Row record of any block;
 * while it lays out or draws, no more rows are alive at once than about three pages'
 * worth (the block placed, the one after it, the day heading), whatever the events */
static void
test_paginate_flat (void)
{
  static const guint sizes[] = { 200, 2000 };
  double per_page[G_N_ELEMENTS (sizes)];

  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      g_autoptr(GPtrArray) events = make_events (sizes[k]);
      g_autoptr(CaSchedule) schedule = ca_schedule_new (events);
      g_autofree char *dir = g_dir_make_tmp ("ca-schedule-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "flat.pdf", NULL);
      g_autoptr(GError) error = NULL;
      guint live = _ca_schedule_get_live_rows ();
      guint n_pages, peak, bound;
      gsize kept;

      ca_schedule_set_include_descriptions (schedule, TRUE);
      /* A line of the smallest text is more than 8 pt high */
      bound = 3 * (guint) (ca_schedule_get_body_height (schedule) / 8);
      _ca_schedule_take_peak_rows ();
      n_pages = ca_schedule_paginate (schedule);
      peak = _ca_schedule_take_peak_rows () - live;
      kept = _ca_schedule_get_kept_bytes (schedule);
      g_test_message ("%u events: %u pages, %" G_GSIZE_FORMAT " bytes kept, "
                      "at most %u rows at once", sizes[k], n_pages, kept, peak);
      g_assert_cmpuint (n_pages, >, sizes[k] / 20);
      g_assert_cmpuint (_ca_schedule_get_live_rows (), ==, live);
      g_assert_cmpuint (peak, <=, bound);
      g_assert_cmpuint (kept, <=, 64 * n_pages);
      per_page[k] = (double) kept / n_pages;

      /* Drawing lays the blocks out again, a page's worth at a time */
      g_assert_true (ca_schedule_write_pdf (schedule, path, &error));
      g_assert_no_error (error);
      peak = _ca_schedule_take_peak_rows () - live;
      g_assert_cmpuint (peak, <=, bound);
      g_assert_cmpuint (_ca_schedule_get_live_rows (), ==, live);
      g_assert_cmpuint (_ca_schedule_get_kept_bytes (schedule), ==, kept);
      g_unlink (path);
      g_rmdir (dir);
    }
  /* Ten times the events, ten times the pages, the same bytes a page */
  g_assert_cmpfloat (per_page[1], ==, per_page[0]);
}

/* Feed strings are text: markup in them prints as it is written; "Online" stands in
 * for a missing venue */
static void
test_markup_literal (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CaSchedule) schedule = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ca-schedule-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "markup.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", path, "-", NULL };
  CaEvent *event = ca_event_new ();
  int status;

  event->feed = g_strdup ("builtin");
  event->id = g_strdup ("markup");
  event->title = g_strdup ("<b>Bold</b> & <span foreground=\"red\">red</span>");
  event->description = g_strdup ("&amp; <i>not italic</i>");
  event->online = 1;
  event->start = event->end = T0;
  event->all_day = TRUE;
  g_ptr_array_add (events, event);

  schedule = ca_schedule_new (events);
  ca_schedule_set_include_descriptions (schedule, TRUE);
  g_assert_true (ca_schedule_write_pdf (schedule, path, &error));
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &text, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "<b>Bold</b> & <span foreground=\"red\">red</span>"));
  g_assert_nonnull (strstr (text, "&amp; <i>not italic</i>"));
  g_assert_nonnull (strstr (text, "Online"));
  g_assert_nonnull (strstr (text, "All day"));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new ();
  g_autoptr(CaSchedule) schedule = ca_schedule_new (events);

  g_assert_cmpuint (ca_schedule_paginate (schedule), ==, 1);
}

static void
test_title (void)
{
  g_autoptr(GDateTime) first = g_date_time_new_utc (2026, 3, 1, 12, 0, 0);
  g_autoptr(GDateTime) last = g_date_time_new_utc (2026, 3, 31, 12, 0, 0);
  g_autoptr(GDateTime) other = g_date_time_new_utc (2026, 4, 2, 12, 0, 0);
  g_autofree char *month = ca_schedule_make_title ("ICT Cluster", first, last);
  g_autofree char *range = ca_schedule_make_title (NULL, first, other);
  g_autofree char *all = ca_schedule_make_title (NULL, NULL, NULL);

  g_assert_cmpstr (month, ==, "Event schedule — ICT Cluster — March 2026");
  g_assert_cmpstr (range, ==, "Event schedule — 1 March 2026 – 2 April 2026");
  g_assert_cmpstr (all, ==, "Event schedule");
}

static void
test_select_days (void)
{
  g_autoptr(GPtrArray) events = make_events (50);
  g_autoptr(GPtrArray) selected = NULL;
  GDate from, to;
  guint32 first, last;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 10, 3, 2026);
  g_date_set_dmy (&to, 20, 3, 2026);
  selected = ca_schedule_select_days (events, &from, &to);
  g_assert_cmpuint (selected->len, >, 0);
  g_assert_cmpuint (selected->len, <, events->len);
  for (guint i = 0; i < events->len; i++)
    {
      gboolean in = FALSE;

      ca_event_get_days (events->pdata[i], &first, &last);
      for (guint k = 0; k < selected->len; k++)
        in |= selected->pdata[k] == events->pdata[i];
      g_assert_true (in == (last >= g_date_get_julian (&from) &&
                            first <= g_date_get_julian (&to)));
    }
}

static void
paginated (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  guint *n = user_data;
  g_autoptr(GError) error = NULL;

  n[0] = ca_schedule_paginate_finish (CA_SCHEDULE (object), result, &error);
  n[1] = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? 2 : error == NULL;
}

/* In a worker thread (the window counts that way): the same pages as on this thread,
 * kept for the drawing; cancelled, nothing kept and the next count starts afresh */
static void
test_paginate_async (void)
{
  g_autoptr(GPtrArray) events = make_events (300);
  g_autoptr(CaSchedule) here = ca_schedule_new (events);
  g_autoptr(CaSchedule) there = ca_schedule_new (events);
  g_autoptr(CaSchedule) stopped = ca_schedule_new (events);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint n[2] = { 0, 0 };
  guint expected;

  ca_schedule_set_include_descriptions (here, TRUE);
  ca_schedule_set_include_descriptions (there, TRUE);
  ca_schedule_set_include_descriptions (stopped, TRUE);
  expected = ca_schedule_paginate (here);
  g_assert_cmpuint (expected, >, 10);

  ca_schedule_paginate_async (there, NULL, paginated, n);
  while (n[1] == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n[1], ==, 1);
  g_assert_cmpuint (n[0], ==, expected);
  /* Kept: asking again lays nothing out */
  g_assert_cmpuint (ca_schedule_get_n_pages (there), ==, expected);
  {
    g_autoptr(GArray) a = ca_schedule_list_blocks (here);
    g_autoptr(GArray) b = ca_schedule_list_blocks (there);

    g_assert_cmpuint (a->len, ==, b->len);
    g_assert_cmpmem (a->data, a->len * sizeof (CaScheduleBlock),
                     b->data, b->len * sizeof (CaScheduleBlock));
  }

  n[0] = n[1] = 0;
  g_cancellable_cancel (cancellable);
  ca_schedule_paginate_async (stopped, cancellable, paginated, n);
  while (n[1] == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n[1], ==, 2);
  g_assert_cmpuint (n[0], ==, 0);
  g_assert_cmpuint (ca_schedule_paginate (stopped), ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schedule/paginate/500-a4", test_paginate_500);
  g_test_add_func ("/schedule/paginate/500-letter", test_paginate_letter);
  g_test_add_func ("/schedule/paginate/small-pages", test_paginate_small_pages);
  g_test_add_func ("/schedule/paginate/no-descriptions", test_paginate_no_descriptions);
  g_test_add_func ("/schedule/paginate/flat", test_paginate_flat);
  g_test_add_func ("/schedule/paginate/async", test_paginate_async);
  g_test_add_func ("/schedule/empty", test_empty);
  g_test_add_func ("/schedule/markup-literal", test_markup_literal);
  g_test_add_func ("/schedule/title", test_title);
  g_test_add_func ("/schedule/select-days", test_select_days);

  return g_test_run ();
}
