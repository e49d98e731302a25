/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-schedule"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "ca-format.h"
#include "ca-output.h"
#include "ca-schedule.h"
#include "ca-schedule-private.h"
#include "ca-text.h"

/* Sizes in points */
#define ASIDE_WIDTH      84.0    /* the time column */
#define ASIDE_GAP        10.0
#define EVENT_PAD_TOP     5.0
#define EVENT_PAD_BOTTOM  6.0
#define HEADING_PAD_TOP  12.0
#define HEADING_PAD_BOTTOM 4.0
#define TITLE_PAD_BOTTOM 10.0
#define FOOTER_GAP       12.0
#define LINE_GAP          1.5    /* between the parts of an event */

/* Colours, as RGB */
#define INK        0.10, 0.10, 0.12
#define MUTED      0.36, 0.36, 0.40
#define ACCENT     0.10, 0.33, 0.60
#define RULE       0.78, 0.78, 0.80
#define CANCELLED  0.65, 0.11, 0.11

typedef enum {
  STYLE_TITLE,
  STYLE_SUBTITLE,
  STYLE_HEADING,
  STYLE_EVENT_TITLE,
  STYLE_META,
  STYLE_STATUS,
  STYLE_BODY,
  STYLE_ASIDE,
  STYLE_FOOTER,
  N_STYLES
} Style;

static const struct {
  const char *font;
  double      r, g, b;
} styles[N_STYLES] = {
  [STYLE_TITLE]       = { "Sans Bold 18", INK },
  [STYLE_SUBTITLE]    = { "Sans 10", MUTED },
  [STYLE_HEADING]     = { "Sans Bold 11.5", ACCENT },
  [STYLE_EVENT_TITLE] = { "Sans Bold 10.5", INK },
  [STYLE_META]        = { "Sans 9", MUTED },
  [STYLE_STATUS]      = { "Sans Bold 9", CANCELLED },
  [STYLE_BODY]        = { "Sans 9", INK },
  [STYLE_ASIDE]       = { "Sans 9.5", INK },
  [STYLE_FOOTER]      = { "Sans 8", MUTED },
};

/* One line of one layout: the unit a long event is split at */
typedef struct {
  guint        part;           /* its layout in the block's layouts */
  int          line;
  Style        style;
  double       space_before;
  double       height;
  double       baseline;       /* from the top of the line */
} Row;

/*
 * A block exists only while it is laid out: its layouts are made to measure it (and
 * kept to draw it when its page is drawn), its rows are the measures the breaks need.
 * Nothing is kept per block or per event once the pager has moved on: what the
 * schedule keeps is where each page starts (PageStart), and a page is drawn by laying
 * out again, from there, the same blocks with the same breaks.
 */
typedef struct {
  CaScheduleBlockKind kind;
  guint        index;          /* in the order of the blocks, the title is 0 */
  guint        event;          /* EVENT: its index; HEADING: the first event of its day,
                                * or G_MAXUINT for "No events match" */
  guint        heading;        /* EVENT: its day heading's block, or G_MAXUINT */
  GPtrArray   *layouts;        /* PangoLayout, while drawn, else NULL */
  PangoLayout *aside;          /* EVENT: the time column, with the layouts */
  GArray      *rows;           /* Row, while laid out */
  double       pad_top;
  double       pad_bottom;
  double       height;
  guint        first_page;
  guint        last_page;
  guint        rows_first;     /* rows placed on the first page, and on the last */
  guint        rows_last;
} Block;

/* How the pager goes on from where a page starts */
typedef enum {
  RESUME_BLOCK,                /* the block, as the pager meets it */
  RESUME_WHOLE,                /* an event from its start on a new page, under its
                                * heading repeated */
  RESUME_SPLIT,                /* an event broken, from a row, on a new page */
} Resume;

/* Where a page starts: enough to lay out that page again, and only it. The whole
 * index the schedule keeps, a few dozen bytes a page. */
typedef struct {
  guint  block;                /* the block the page begins with (after a repeated heading) */
  guint  event;                /* its event */
  guint  heading;              /* EVENT: its day heading's block and that heading's event */
  guint  heading_event;
  guint  row;                  /* RESUME_SPLIT: the first row on the page */
  guint8 kind;                 /* CaScheduleBlockKind */
  guint8 resume;               /* Resume */
} PageStart;

/* The rows of a block drawn on a page */
typedef struct {
  guint    first_row;
  guint    n_rows;
  double   y;                  /* from the top of the body */
} Piece;

struct _CaSchedule
{
  GObject       parent_instance;

  GPtrArray    *events;
  char         *title;
  char         *subtitle;
  char         *feed_name;
  gint64        data_time;
  gboolean      descriptions;
  double        width, height;
  double        top, right, bottom, left;

  gboolean      valid;         /* the pagination is up to date */
  PangoContext *context;
  GArray       *pages;         /* PageStart */
  double        footer_height;
};

/* Row records alive, and the most at once: for the test that memory stays flat */
static gint live_rows;
static gint peak_rows;

G_DEFINE_FINAL_TYPE (CaSchedule, ca_schedule, G_TYPE_OBJECT)

static void
release_parts (Block *block)
{
  g_clear_object (&block->aside);
  g_clear_pointer (&block->layouts, g_ptr_array_unref);
}

static void
release_rows (Block *block)
{
  if (block->rows == NULL)
    return;
  g_atomic_int_add (&live_rows, -(gint) block->rows->len);
  g_clear_pointer (&block->rows, g_array_unref);
}

static void
block_clear (Block *block)
{
  release_parts (block);
  release_rows (block);
}

static void
invalidate (CaSchedule *self)
{
  self->valid = FALSE;
}

/* Layouts measured at 72 dpi without hinting: the same line breaks on paper, in a
 * PDF and on any printer's resolution. */
static PangoContext *
create_context (void)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (map);
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 72);
  pango_context_set_language (context, pango_language_get_default ());
  cairo_font_options_destroy (options);
  return context;
}

/* A plain-text layout of length bytes of text (-1: all): feed strings are never markup */
static PangoLayout *
make_layout_len (CaSchedule *self,
                 Style       style,
                 const char *text,
                 int         length,
                 double      width)
{
  PangoLayout *layout = pango_layout_new (self->context);
  PangoFontDescription *font = pango_font_description_from_string (styles[style].font);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, length);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_font_description_free (font);
  return layout;
}

static PangoLayout *
make_layout (CaSchedule *self,
             Style       style,
             const char *text,
             double      width)
{
  return make_layout_len (self, style, text, -1, width);
}

static int
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return logical.height;
}

/* The end of the last line of layout whose bottom is at most max (Pango units), as a
 * byte index in its text; 0 when not even the first line fits */
static int
end_of_fitting_lines (PangoLayout *layout,
                      int          max)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  int end = 0;

  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      int y0, y1;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      if (y1 > max)
        break;
      end = line->start_index + line->length;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  return end;
}

/*
 * A feed text laid out to at most the height of a page; when it is longer it is cut
 * with "…" (the feed's text in the store is kept whole). Pango's line breaking takes
 * time that grows faster than the length of a run with no break in it (a 60 KB word
 * took seconds), so no more than about two pages of text are ever laid out: the
 * first bytes, then twice as many, until the text ends or overflows the page.
 */
#define FIRST_PREFIX 4096

/* A run this long with no space in it gets a zero-width space (a place to break,
 * not drawn) every BREAK_EVERY characters: Pango looks for a line's end through the
 * whole rest of a run, so a long one costs time with the square of its length */
#define LONG_RUN    160
#define BREAK_EVERY 8

static char *
break_long_runs (const char *text)
{
  GString *out = NULL;
  guint run = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      run = g_unichar_isspace (c) || c == 0x200B ? 0 : run + 1;
      if (run > LONG_RUN && run % BREAK_EVERY == 1)
        {
          if (out == NULL)
            out = g_string_new_len (text, p - text);
          g_string_append (out, "\u200B");
        }
      if (out != NULL)
        g_string_append_unichar (out, c);
    }
  return out != NULL ? g_string_free (out, FALSE) : NULL;
}

static PangoLayout *
make_bounded_layout (CaSchedule *self,
                     Style       style,
                     const char *original,
                     double      width)
{
  g_autofree char *broken = break_long_runs (original);
  const char *text = broken != NULL ? broken : original;
  int max = (int) ((ca_schedule_get_body_height (self) - EVENT_PAD_TOP - EVENT_PAD_BOTTOM) *
                   PANGO_SCALE);
  gsize length = strlen (text);
  gsize prefix = MIN (length, FIRST_PREFIX);
  g_autoptr(PangoLayout) layout = NULL;
  int cut;

  for (;;)
    {
      /* On a character's first byte */
      while (prefix < length && (text[prefix] & 0xc0) == 0x80)
        prefix++;
      g_clear_object (&layout);
      layout = make_layout_len (self, style, text, (int) prefix, width);
      if (layout_height (layout) > max)
        break;
      if (prefix == length)
        return g_steal_pointer (&layout);
      prefix = length - prefix < prefix ? length : prefix * 2;
    }

  /* The lines that fit before the prefix's end are the whole text's lines: greedy
   * breaking does not look further than the next break */
  cut = end_of_fitting_lines (layout, max);
  for (guint tries = 0; tries < 16; tries++)
    {
      g_autoptr(GString) shown = g_string_new_len (text, cut);

      /* The "…" on the last line shown, not after a line break or a space */
      while (shown->len > 0 && g_ascii_isspace (shown->str[shown->len - 1]))
        g_string_truncate (shown, shown->len - 1);
      g_string_append (shown, "…");
      g_clear_object (&layout);
      layout = make_layout_len (self, style, shown->str, (int) shown->len, width);
      if (layout_height (layout) <= max || cut == 0)
        return g_steal_pointer (&layout);
      /* The "…" took a line of its own: a character less, then a whole line less */
      cut = tries < 8 ? (int) (g_utf8_find_prev_char (text, text + cut) - text)
                      : end_of_fitting_lines (layout, max - 1);
      cut = MAX (cut, 0);
    }
  return g_steal_pointer (&layout);
}

/* Adds a layout (taken) to the block, and its lines as rows */
static void
add_rows (Block      *block,
          PangoLayout *layout,
          Style       style,
          double      space_before)
{
  PangoLayoutIter *iter;
  guint part = block->layouts->len;
  int line = 0;

  g_ptr_array_add (block->layouts, layout);
  iter = pango_layout_get_iter (layout);
  do
    {
      PangoRectangle logical;
      Row row = { 0 };
      int y0, y1;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      row.part = part;
      row.line = line++;
      row.style = style;
      row.space_before = line == 1 ? space_before : 0;
      row.height = (double) (y1 - y0) / PANGO_SCALE;
      row.baseline = (double) (pango_layout_iter_get_baseline (iter) - y0) / PANGO_SCALE;
      g_array_append_val (block->rows, row);
      if (g_atomic_int_add (&live_rows, 1) + 1 > g_atomic_int_get (&peak_rows))
        g_atomic_int_set (&peak_rows, g_atomic_int_get (&live_rows));
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

/* A block not laid out yet: what it is and its padding */
static void
block_init (Block               *block,
            CaScheduleBlockKind  kind,
            guint                index,
            guint                event,
            guint                heading)
{
  memset (block, 0, sizeof (Block));
  block->kind = kind;
  block->index = index;
  block->event = event;
  block->heading = heading;
  switch (kind)
    {
    case CA_SCHEDULE_BLOCK_TITLE:
      block->pad_bottom = TITLE_PAD_BOTTOM;
      break;
    case CA_SCHEDULE_BLOCK_HEADING:
      block->pad_top = HEADING_PAD_TOP;
      block->pad_bottom = event != G_MAXUINT ? HEADING_PAD_BOTTOM : 0;
      break;
    case CA_SCHEDULE_BLOCK_EVENT:
      block->pad_top = EVENT_PAD_TOP;
      block->pad_bottom = EVENT_PAD_BOTTOM;
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
finish_block (Block *block)
{
  block->height = block->pad_top + block->pad_bottom;
  for (guint i = 0; i < block->rows->len; i++)
    {
      Row *row = &g_array_index (block->rows, Row, i);
      block->height += row->space_before + row->height;
    }
}

static double
content_width (CaSchedule *self)
{
  return MAX (self->width - self->left - self->right, 72.0);
}

/* The heading of the day an event starts on, or of its month or year when the feed
 * gave no day */
static char *
heading_text (CaEvent *event)
{
  g_autoptr(GDateTime) day = NULL;
  guint32 first, last;
  gboolean dated = ca_event_get_days (event, &first, &last);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, first);
  day = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date),
                             g_date_get_day (&date), 12, 0, 0);
  if (!dated)
    {
      if (g_date_get_month (&date) == G_DATE_JANUARY && last - first >= 364)
        return g_date_time_format (day, "%Y");
      return ca_format_month (day);
    }
  return ca_format_weekday_day (day);
}

/* The time column: "10:30–14:00", "All day", or nothing for a month or a year */
static char *
aside_text (CaEvent *event)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  guint32 first, last;

  if (event->all_day)
    return g_strdup (ca_event_get_days (event, &first, &last) ? ca_format_all_day () : "");

  start = g_date_time_new_from_unix_local (event->start);
  end = g_date_time_new_from_unix_local (event->end);
  /* TRANSLATORS: a time of day, strftime format: "10:30" */
  from = g_date_time_format (start, _("%H:%M"));
  if (!event->has_end || event->end <= event->start ||
      !ca_event_get_days (event, &first, &last) || first != last)
    return g_steal_pointer (&from);
  to = g_date_time_format (end, _("%H:%M"));
  /* TRANSLATORS: a span of time in the printed schedule: "10:30–14:00" */
  return g_strdup_printf (_("%s–%s"), from, to);
}

/* "Conference · Sofia Tech Park, Sofia" */
static char *
meta_text (CaEvent *event)
{
  g_autofree char *place = ca_format_event_place (event);
  GString *out = g_string_new (ca_format_event_kind (event->kind));

  if (*place != '\0')
    g_string_append_printf (out, " · %s", place);
  return g_string_free (out, FALSE);
}

/* The dates of an event that lasts longer than its day, or is in another zone */
static char *
span_text (CaEvent *event)
{
  guint32 first, last;
  gboolean dated = ca_event_get_days (event, &first, &last);
  g_autofree char *local = ca_format_event_local_when (event);

  if (local != NULL)
    return g_steal_pointer (&local);
  if (dated && first != last)
    return ca_format_event_when (event, NULL);
  return NULL;
}

static void
event_parts (CaSchedule *self,
             Block      *block)
{
  CaEvent *event = self->events->pdata[block->event];
  double text_width = content_width (self) - ASIDE_WIDTH - ASIDE_GAP;
  g_autofree char *title = ca_text_display (event->title);
  g_autofree char *aside = aside_text (event);
  g_autofree char *meta = meta_text (event);
  g_autofree char *span = span_text (event);

  block->aside = make_layout (self, STYLE_ASIDE, aside, ASIDE_WIDTH);

  if (event->status != CA_EVENT_STATUS_SCHEDULED)
    add_rows (block, make_layout (self, STYLE_STATUS, ca_format_event_status (event->status),
                                  text_width), STYLE_STATUS, 0);
  add_rows (block, make_bounded_layout (self, STYLE_EVENT_TITLE,
                                        title != NULL ? title : event->id, text_width),
            STYLE_EVENT_TITLE, 0);
  add_rows (block, make_bounded_layout (self, STYLE_META, meta, text_width),
            STYLE_META, LINE_GAP);
  if (span != NULL)
    add_rows (block, make_bounded_layout (self, STYLE_META, span, text_width), STYLE_META, 0);
  if (event->organizers != NULL && event->organizers[0] != NULL)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *joined = NULL;
      g_autofree char *text = NULL;

      for (guint i = 0; event->organizers[i] != NULL; i++)
        g_ptr_array_add (names, ca_text_display (event->organizers[i]));
      g_ptr_array_add (names, NULL);
      joined = g_strjoinv (", ", (char **) names->pdata);
      /* TRANSLATORS: in the printed schedule, "Organisers: ICT Cluster, Sofia Tech Park" */
      text = g_strdup_printf (_("Organisers: %s"), joined);
      add_rows (block, make_bounded_layout (self, STYLE_META, text, text_width), STYLE_META, 0);
    }
  if (self->descriptions && event->description != NULL)
    {
      g_autofree char *description = ca_text_display (event->description);

      if (description != NULL && *description != '\0')
        add_rows (block, make_bounded_layout (self, STYLE_BODY, description, text_width),
                  STYLE_BODY, 3 * LINE_GAP);
    }
}

/* The title: the schedule's title and subtitle */
static void
title_parts (CaSchedule *self,
             Block      *block)
{
  add_rows (block, make_bounded_layout (self, STYLE_TITLE,
                                        self->title != NULL ? self->title
                                                            : _("Event schedule"),
                                        content_width (self)), STYLE_TITLE, 0);
  if (self->subtitle != NULL && *self->subtitle != '\0')
    add_rows (block, make_bounded_layout (self, STYLE_SUBTITLE, self->subtitle,
                                          content_width (self)), STYLE_SUBTITLE, 2);
}

static void
heading_parts (CaSchedule *self,
               Block      *block)
{
  g_autofree char *text = NULL;

  if (block->event == G_MAXUINT)
    {
      /* TRANSLATORS: the printed schedule when no event matches */
      add_rows (block, make_layout (self, STYLE_META, _("No events match the filters."),
                                    content_width (self)), STYLE_META, 0);
      return;
    }
  text = heading_text (self->events->pdata[block->event]);
  add_rows (block, make_layout (self, STYLE_HEADING, text, content_width (self)),
            STYLE_HEADING, 0);
}

/* Lays the block out: its layouts, its rows and its height; the layouts are kept only
 * to draw it */
static void
build_parts (CaSchedule *self,
             Block      *block,
             gboolean    keep_layouts)
{
  g_assert (block->layouts == NULL && block->rows == NULL);

  block->layouts = g_ptr_array_new_with_free_func (g_object_unref);
  block->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  switch (block->kind)
    {
    case CA_SCHEDULE_BLOCK_TITLE:
      title_parts (self, block);
      break;
    case CA_SCHEDULE_BLOCK_HEADING:
      heading_parts (self, block);
      break;
    case CA_SCHEDULE_BLOCK_EVENT:
      event_parts (self, block);
      break;
    default:
      g_assert_not_reached ();
    }
  finish_block (block);
  if (!keep_layouts)
    release_parts (block);
}

static double
footer_height (CaSchedule *self)
{
  g_autoptr(PangoLayout) layout = make_layout (self, STYLE_FOOTER, "Page 1", 200);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return FOOTER_GAP + (double) logical.height / PANGO_SCALE;
}

/* {{{ Drawing */

static void
set_colour (cairo_t *cr,
            Style    style)
{
  cairo_set_source_rgb (cr, styles[style].r, styles[style].g, styles[style].b);
}

static void
rule (cairo_t *cr,
      double   x0,
      double   x1,
      double   y,
      double   width,
      double   r,
      double   g,
      double   b)
{
  cairo_save (cr);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_piece (CaSchedule *self,
            cairo_t    *cr,
            Block      *block,
            Piece      *piece)
{
  double x = self->left;
  double y = self->top + piece->y;
  double width = content_width (self);
  double y_first_row;

  if (block->kind == CA_SCHEDULE_BLOCK_EVENT)
    x += ASIDE_WIDTH + ASIDE_GAP;
  if (piece->first_row == 0)
    y += block->pad_top;
  y_first_row = y;

  for (guint i = piece->first_row; i < piece->first_row + piece->n_rows; i++)
    {
      Row *row = &g_array_index (block->rows, Row, i);
      PangoLayoutLine *line = pango_layout_get_line_readonly (block->layouts->pdata[row->part],
                                                              row->line);

      if (i > piece->first_row)
        y += row->space_before;
      set_colour (cr, row->style);
      cairo_move_to (cr, x, y + row->baseline);
      pango_cairo_show_layout_line (cr, line);
      y += row->height;
    }

  if (block->kind == CA_SCHEDULE_BLOCK_EVENT && piece->first_row == 0)
    {
      Row *first = &g_array_index (block->rows, Row, 0);

      set_colour (cr, STYLE_ASIDE);
      cairo_move_to (cr, self->left, y_first_row + first->baseline -
                     (double) pango_layout_get_baseline (block->aside) / PANGO_SCALE);
      pango_cairo_show_layout (cr, block->aside);
    }
  if (block->kind == CA_SCHEDULE_BLOCK_EVENT &&
      piece->first_row + piece->n_rows == block->rows->len)
    rule (cr, x, self->left + width, y + block->pad_bottom - 0.5, 0.4, RULE);
  else if (block->kind == CA_SCHEDULE_BLOCK_HEADING && self->events->len > 0)
    rule (cr, self->left, self->left + width, y + 1.5, 0.8, ACCENT);
  else if (block->kind == CA_SCHEDULE_BLOCK_TITLE)
    rule (cr, self->left, self->left + width, y + TITLE_PAD_BOTTOM / 2, 1.5, INK);
}

/* A heading repeated on top of a page: "Thursday, 26 March 2019 (continued)" */
static void
draw_continued (CaSchedule *self,
                cairo_t    *cr,
                Block      *block,
                Piece      *piece)
{
  Row *row = &g_array_index (block->rows, Row, 0);
  PangoLayoutLine *line = pango_layout_get_line_readonly (block->layouts->pdata[row->part], 0);
  double y = self->top + piece->y + block->pad_top;
  PangoRectangle logical;
  g_autoptr(PangoLayout) more = NULL;

  set_colour (cr, STYLE_HEADING);
  cairo_move_to (cr, self->left, y + row->baseline);
  pango_cairo_show_layout_line (cr, line);
  pango_layout_line_get_extents (line, NULL, &logical);
  /* TRANSLATORS: after a day heading repeated on the next page of the printed schedule */
  more = make_layout (self, STYLE_META, _("(continued)"), 200);
  set_colour (cr, STYLE_META);
  cairo_move_to (cr, self->left + (double) logical.width / PANGO_SCALE + 6,
                 y + row->baseline - (double) pango_layout_get_baseline (more) / PANGO_SCALE);
  pango_cairo_show_layout (cr, more);
  rule (cr, self->left, self->left + content_width (self),
        y + row->height + 1.5, 0.8, ACCENT);
}

static void
draw_footer (CaSchedule *self,
             cairo_t    *cr,
             guint       page)
{
  double width = content_width (self);
  double y = self->height - self->bottom - self->footer_height + FOOTER_GAP;
  g_autoptr(GString) left = g_string_new (NULL);
  g_autofree char *number = NULL;
  g_autoptr(PangoLayout) left_layout = NULL;
  g_autoptr(PangoLayout) right_layout = NULL;

  if (self->data_time > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (self->data_time);
      g_autofree char *day = when != NULL ? g_strstrip (ca_format_day (when)) : NULL;

      if (day != NULL)
        /* TRANSLATORS: in the printed schedule's footer: "Data as of 23 November 2026" */
        g_string_append_printf (left, _("Data as of %s"), day);
    }
  if (self->feed_name != NULL && *self->feed_name != '\0')
    g_string_append_printf (left, "%s%s", left->len > 0 ? " · " : "", self->feed_name);

  /* TRANSLATORS: the printed schedule's page number: "Page 1 of 3" */
  number = g_strdup_printf (_("Page %u of %u"), page + 1, self->pages->len);
  right_layout = make_layout (self, STYLE_FOOTER, number, width);
  pango_layout_set_alignment (right_layout, PANGO_ALIGN_RIGHT);
  left_layout = make_layout (self, STYLE_FOOTER, left->str, width * 0.75);
  pango_layout_set_ellipsize (left_layout, PANGO_ELLIPSIZE_END);

  rule (cr, self->left, self->left + width, y - FOOTER_GAP / 2, 0.4, RULE);
  set_colour (cr, STYLE_FOOTER);
  cairo_move_to (cr, self->left, y);
  pango_cairo_show_layout (cr, left_layout);
  cairo_move_to (cr, self->left, y);
  pango_cairo_show_layout (cr, right_layout);
}

/* }}} */

/* {{{ Pagination */

typedef struct {
  CaOutput *output;
  GError   *error;
} Sink;

/*
 * The pager walks the blocks in order, laying out each as it comes (and the next one
 * when a heading must know it), and forgets a block once it has passed it. It runs
 * to count the pages (noting where each starts), and again from a page's start to
 * draw it, with the same code: the breaks are the same.
 */
typedef struct {
  CaSchedule *self;
  double      body;            /* height of a page's body */
  double      y;
  guint       page;
  gboolean    done;            /* past the last page to draw */
  gboolean    record;          /* counting: each page's start into self->pages */
  GCancellable *cancellable;   /* counting in a thread: stops the walk */
  GArray     *list;            /* CaScheduleBlock, when listing the blocks */
  /* Drawing: the pages up to `last` onto cr, cairo_show_page after each when asked */
  cairo_t    *cr;
  guint       last;
  gboolean    show_pages;
  Sink       *sink;
  char       *day;             /* the text of the last day heading met */
  Block       heading;         /* the day heading of `block`, laid out */
  Block       block;           /* the block being placed */
  Block       next;            /* the one after it, when looked at */
  gboolean    have_next;
  gboolean    fresh;           /* nothing on the page yet but a repeated day heading */
} Pager;

/* Which block follows `block` (not laid out yet); FALSE after the last */
static gboolean
next_block (Pager *pager,
            Block *block,
            Block *next)
{
  CaSchedule *self = pager->self;
  g_autofree char *text = NULL;
  guint event;

  switch (block->kind)
    {
    case CA_SCHEDULE_BLOCK_TITLE:
      if (self->events->len == 0)
        {
          block_init (next, CA_SCHEDULE_BLOCK_HEADING, block->index + 1, G_MAXUINT, G_MAXUINT);
          return TRUE;
        }
      event = 0;
      break;
    case CA_SCHEDULE_BLOCK_HEADING:
      if (block->event == G_MAXUINT)
        return FALSE;
      block_init (next, CA_SCHEDULE_BLOCK_EVENT, block->index + 1, block->event, block->index);
      return TRUE;
    case CA_SCHEDULE_BLOCK_EVENT:
      event = block->event + 1;
      if (event >= self->events->len)
        return FALSE;
      break;
    default:
      g_assert_not_reached ();
    }

  /* A heading where the day changes */
  text = heading_text (self->events->pdata[event]);
  if (g_strcmp0 (text, pager->day) != 0)
    {
      g_free (pager->day);
      pager->day = g_steal_pointer (&text);
      block_init (next, CA_SCHEDULE_BLOCK_HEADING, block->index + 1, event, G_MAXUINT);
    }
  else
    block_init (next, CA_SCHEDULE_BLOCK_EVENT, block->index + 1, event,
                block->kind == CA_SCHEDULE_BLOCK_EVENT ? block->heading : G_MAXUINT);
  return TRUE;
}

/* The block after the current one, laid out; NULL after the last */
static Block *
look_ahead (Pager *pager)
{
  if (!pager->have_next)
    {
      if (!next_block (pager, &pager->block, &pager->next))
        return NULL;
      build_parts (pager->self, &pager->next, pager->cr != NULL);
      pager->have_next = TRUE;
    }
  return &pager->next;
}

/* Moves on to the next block; the current one is forgotten, unless it is a heading:
 * its events may need it again on top of a page */
static gboolean
advance (Pager *pager)
{
  if (look_ahead (pager) == NULL)
    return FALSE;
  if (pager->block.kind == CA_SCHEDULE_BLOCK_HEADING)
    {
      block_clear (&pager->heading);
      pager->heading = pager->block;
    }
  else
    block_clear (&pager->block);
  pager->block = pager->next;
  memset (&pager->next, 0, sizeof (Block));
  pager->have_next = FALSE;
  return TRUE;
}

static void
begin_page (Pager *pager)
{
  if (pager->cr != NULL)
    cairo_save (pager->cr);
}

static void
end_page (Pager *pager)
{
  if (pager->cr == NULL)
    return;
  draw_footer (pager->self, pager->cr, pager->page);
  cairo_restore (pager->cr);
  if (pager->show_pages)
    cairo_show_page (pager->cr);
}

/* A new page, starting with `block` as `resume` says */
static void
new_page (Pager  *pager,
          Resume  resume,
          guint   row)
{
  end_page (pager);
  pager->page++;
  pager->y = 0;
  pager->fresh = TRUE;
  if (pager->cr != NULL &&
      (pager->page > pager->last || (pager->sink != NULL && pager->sink->error != NULL)))
    {
      pager->done = TRUE;
      return;
    }
  begin_page (pager);
  if (pager->record)
    {
      Block *block = &pager->block;
      PageStart start = { block->index, block->event, block->heading, G_MAXUINT, row,
                          block->kind, resume };

      if (block->heading != G_MAXUINT)
        start.heading_event = pager->heading.event;
      g_array_append_val (pager->self->pages, start);
    }
}

/* The height of rows [first, first + n) of a block, with its padding where it applies */
static double
rows_height (Block *block,
             guint  first,
             guint  n)
{
  double h = 0;

  for (guint i = first; i < first + n; i++)
    {
      Row *row = &g_array_index (block->rows, Row, i);
      h += (i > first ? row->space_before : 0) + row->height;
    }
  return h;
}

static void
place (Pager   *pager,
       Block   *block,
       guint    first_row,
       guint    n_rows,
       double   height,
       gboolean continued)
{
  if (pager->done)
    return;
  if (pager->cr != NULL)
    {
      Piece piece = { first_row, n_rows, pager->y };

      if (continued)
        draw_continued (pager->self, pager->cr, block, &piece);
      else
        draw_piece (pager->self, pager->cr, block, &piece);
    }
  pager->y += height;
  if (continued)
    return;
  pager->fresh = FALSE;
  if (first_row == 0)
    {
      block->first_page = pager->page;
      block->rows_first = n_rows;
    }
  block->last_page = pager->page;
  block->rows_last = n_rows;
}

/*
 * Where an event may break: only inside its description, with at least KEEP lines of
 * it on either side, so that neither its heading (time, title, place, organisers) nor
 * a single line of the description is left alone at a page's foot or top.
 */
#define KEEP 2

/* The first row of the event's description, or the number of rows when it has none */
static guint
first_body_row (Block *block)
{
  for (guint i = 0; i < block->rows->len; i++)
    if (g_array_index (block->rows, Row, i).style == STYLE_BODY)
      return i;
  return block->rows->len;
}

/* The first break allowed after row `from` (from is 0 or a break), or 0 when none is */
static guint
first_break_after (Block *block,
                   guint  from)
{
  guint k = MAX (from, first_body_row (block)) + KEEP;

  if (block->kind != CA_SCHEDULE_BLOCK_EVENT || k + KEEP > block->rows->len)
    return 0;
  return k;
}

/* The height of a piece of an event from row first to row end (not included), with
 * its padding where it applies */
static double
piece_height (Block *block,
              guint  first,
              guint  end)
{
  return (first == 0 ? block->pad_top : 0) + rows_height (block, first, end - first) +
         (end == block->rows->len ? block->pad_bottom : 0);
}

/* The day's heading again on top of a page begun for an event of a day begun on an
 * earlier page; left out only when the event fits whole on the page without it and
 * cannot be broken, so that it is not broken for the heading's sake */
static void
continued_heading (Pager *pager,
                   guint  row)
{
  Block *block = &pager->block;
  Block *heading = &pager->heading;

  if (pager->done || block->heading == G_MAXUINT)
    return;
  g_assert (heading->index == block->heading && heading->rows != NULL);
  if (row == 0 && first_break_after (block, 0) == 0 &&
      heading->height + block->height > pager->body && block->height <= pager->body)
    return;
  place (pager, heading, 0, heading->rows->len, heading->height, TRUE);
}

static void
page_for_event (Pager *pager,
                guint  row)
{
  new_page (pager, row == 0 ? RESUME_WHOLE : RESUME_SPLIT, row);
  continued_heading (pager, row);
}

/*
 * Places the current event from row on: the rest whole when it fits; else as much as
 * fits up to a break allowed, and the rest on the next page; else, when the page
 * holds something already, the rest on the next page. Only a piece that cannot be
 * broken and is longer than a whole page (a title of a page) is broken anywhere: as
 * many rows as fit.
 */
static void
place_event (Pager *pager,
             guint  row)
{
  Block *block = &pager->block;
  guint len = block->rows->len;

  while (row < len && !pager->done)
    {
      double room = pager->body - pager->y;
      guint end = 0;

      if (piece_height (block, row, len) <= room)
        {
          place (pager, block, row, len - row, piece_height (block, row, len), FALSE);
          return;
        }

      /* The last break allowed that fits */
      for (guint k = first_break_after (block, row); k > 0 && k + KEEP <= len; k++)
        {
          if (piece_height (block, row, k) > room)
            break;
          end = k;
        }

      if (end == 0 && !pager->fresh && block->heading + 1 != block->index)
        {
          page_for_event (pager, row);
          continue;
        }
      if (end == 0)
        {
          /* Right under its heading or on a page of its own, and still no break
           * allowed fits: as many rows as fit, at least one, so the loop ends */
          end = row;
          while (end < len && piece_height (block, row, end + 1) <= room)
            end++;
          end = MAX (end, row + 1);
        }
      place (pager, block, row, end - row, piece_height (block, row, end), FALSE);
      row = end;
      if (row < len)
        page_for_event (pager, row);
    }
}

/* Places the current block, from its start */
static void
place_block (Pager *pager)
{
  Block *block = &pager->block;

  if (block->kind == CA_SCHEDULE_BLOCK_HEADING)
    {
      /* Kept with the next event: with as much of it as may start a page (its
       * heading and two lines of its description), or all of it when it cannot be
       * broken; with its first row when even that is longer than a page */
      double need = block->height;
      Block *next = look_ahead (pager);

      if (next != NULL && next->kind == CA_SCHEDULE_BLOCK_EVENT)
        {
          guint k = first_break_after (next, 0);
          double first = k > 0 ? piece_height (next, 0, k) : next->height;

          need += first <= pager->body - block->height ? first : piece_height (next, 0, 1);
        }
      if (pager->y > 0 && pager->y + need > pager->body)
        new_page (pager, RESUME_BLOCK, 0);
      place (pager, block, 0, block->rows->len, block->height, FALSE);
    }
  else if (block->kind == CA_SCHEDULE_BLOCK_EVENT)
    place_event (pager, 0);
  else
    place (pager, block, 0, block->rows->len, block->height, FALSE);
}

static void
record_block (Pager *pager)
{
  Block *block = &pager->block;
  CaScheduleBlock info = { block->kind, block->event, block->first_page, block->last_page,
                           block->height, block->rows->len,
                           block->kind == CA_SCHEDULE_BLOCK_EVENT ? first_body_row (block)
                                                                  : block->rows->len,
                           block->rows_first, block->rows_last };

  if (pager->list != NULL)
    g_array_append_val (pager->list, info);
}

/* Lays out from where a page starts to the end, or to the last page drawn */
static void
run (Pager           *pager,
     const PageStart *start)
{
  CaSchedule *self = pager->self;

  pager->body = ca_schedule_get_body_height (self);
  pager->y = 0;
  pager->fresh = TRUE;
  block_init (&pager->block, start->kind, start->block, start->event, start->heading);
  if (start->kind == CA_SCHEDULE_BLOCK_EVENT && start->heading != G_MAXUINT)
    {
      block_init (&pager->heading, CA_SCHEDULE_BLOCK_HEADING, start->heading,
                  start->heading_event, G_MAXUINT);
      build_parts (self, &pager->heading, pager->cr != NULL);
      pager->day = heading_text (self->events->pdata[start->heading_event]);
    }
  else if (start->kind == CA_SCHEDULE_BLOCK_HEADING && start->event != G_MAXUINT)
    pager->day = heading_text (self->events->pdata[start->event]);
  build_parts (self, &pager->block, pager->cr != NULL);

  begin_page (pager);
  switch (start->resume)
    {
    case RESUME_WHOLE:
    case RESUME_SPLIT:
      continued_heading (pager, start->row);
      place_event (pager, start->row);
      break;
    default:
      place_block (pager);
    }
  while (!pager->done)
    {
      if (g_cancellable_is_cancelled (pager->cancellable))
        break;
      record_block (pager);
      if (!advance (pager))
        break;
      place_block (pager);
    }
  if (!pager->done)
    end_page (pager);

  block_clear (&pager->heading);
  block_clear (&pager->block);
  block_clear (&pager->next);
  g_clear_pointer (&pager->day, g_free);
}

static void
paginate (CaSchedule   *self,
          GArray       *list,
          GCancellable *cancellable)
{
  Pager pager = { .self = self, .record = TRUE, .list = list, .cancellable = cancellable };
  PageStart first = { 0, G_MAXUINT, G_MAXUINT, G_MAXUINT, 0,
                      CA_SCHEDULE_BLOCK_TITLE, RESUME_BLOCK };

  g_array_set_size (self->pages, 0);
  g_array_append_val (self->pages, first);
  run (&pager, &first);
}

/* Draws pages from `first` to `last` onto cr */
static void
draw_pages (CaSchedule *self,
            cairo_t    *cr,
            guint       first,
            guint       last,
            gboolean    show_pages,
            Sink       *sink)
{
  Pager pager = { .self = self, .page = first, .cr = cr, .last = last,
                  .show_pages = show_pages, .sink = sink };

  run (&pager, &g_array_index (self->pages, PageStart, first));
}

/* }}} */


static void
ca_schedule_finalize (GObject *object)
{
  CaSchedule *self = (CaSchedule *) object;

  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->feed_name, g_free);
  g_clear_pointer (&self->pages, g_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ca_schedule_parent_class)->finalize (object);
}

static void
ca_schedule_class_init (CaScheduleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_schedule_finalize;
}

static void
ca_schedule_init (CaSchedule *self)
{
  self->pages = g_array_new (FALSE, TRUE, sizeof (PageStart));
  self->width = CA_SCHEDULE_A4_WIDTH;
  self->height = CA_SCHEDULE_A4_HEIGHT;
  self->top = self->bottom = 50;
  self->left = self->right = 56;
}

CaSchedule *
ca_schedule_new (GPtrArray *events)
{
  CaSchedule *self;

  g_return_val_if_fail (events != NULL, NULL);

  self = g_object_new (CA_TYPE_SCHEDULE, NULL);
  self->events = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < events->len; i++)
    g_ptr_array_add (self->events, g_object_ref (events->pdata[i]));
  return self;
}

void
ca_schedule_set_title (CaSchedule *self,
                       const char *title)
{
  g_return_if_fail (CA_IS_SCHEDULE (self));
  g_free (self->title);
  self->title = g_strdup (title);
  invalidate (self);
}

const char *
ca_schedule_get_title (CaSchedule *self)
{
  g_return_val_if_fail (CA_IS_SCHEDULE (self), NULL);
  return self->title;
}

void
ca_schedule_set_subtitle (CaSchedule *self,
                          const char *subtitle)
{
  g_return_if_fail (CA_IS_SCHEDULE (self));
  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
  invalidate (self);
}

void
ca_schedule_set_include_descriptions (CaSchedule *self,
                                      gboolean    include)
{
  g_return_if_fail (CA_IS_SCHEDULE (self));
  self->descriptions = !!include;
  invalidate (self);
}

void
ca_schedule_set_data_time (CaSchedule *self,
                           gint64      synced)
{
  g_return_if_fail (CA_IS_SCHEDULE (self));
  self->data_time = synced;
}

void
ca_schedule_set_feed_name (CaSchedule *self,
                           const char *feed_name)
{
  g_return_if_fail (CA_IS_SCHEDULE (self));
  g_free (self->feed_name);
  self->feed_name = g_strdup (feed_name);
}

void
ca_schedule_set_source (CaSchedule *self,
                        CaStore    *store)
{
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (CA_IS_SCHEDULE (self));
  g_return_if_fail (CA_IS_STORE (store));

  feeds = ca_store_list_feeds (store, NULL);
  for (guint i = 0; feeds != NULL && i < feeds->len; i++)
    {
      CaFeedInfo *info = feeds->pdata[i];

      if (!info->hidden)
        g_ptr_array_add (names, info->title != NULL ? ca_text_display (info->title)
                                                    : g_strdup (info->key));
    }
  g_ptr_array_add (names, NULL);
  g_free (self->feed_name);
  self->feed_name = g_strjoinv (", ", (char **) names->pdata);
  self->data_time = ca_store_get_data_time (store);
}

void
ca_schedule_set_page (CaSchedule *self,
                      double      width,
                      double      height,
                      double      top,
                      double      right,
                      double      bottom,
                      double      left)
{
  g_return_if_fail (CA_IS_SCHEDULE (self));
  g_return_if_fail (width > 0 && height > 0);

  /* The same page again (the print dialog's after the count): no new layout */
  if (self->width == width && self->height == height && self->top == MAX (top, 0) &&
      self->right == MAX (right, 0) && self->bottom == MAX (bottom, 0) &&
      self->left == MAX (left, 0))
    return;
  self->width = width;
  self->height = height;
  self->top = MAX (top, 0);
  self->right = MAX (right, 0);
  self->bottom = MAX (bottom, 0);
  self->left = MAX (left, 0);
  invalidate (self);
}

guint
ca_schedule_paginate (CaSchedule *self)
{
  g_return_val_if_fail (CA_IS_SCHEDULE (self), 0);

  if (self->valid)
    return self->pages->len;
  if (self->context == NULL)
    self->context = create_context ();
  self->footer_height = footer_height (self);
  paginate (self, NULL, NULL);
  self->valid = TRUE;
  return self->pages->len;
}

/* In the worker thread, the only one to touch the schedule until it returns. A
 * layout context made here comes from this thread's font map; once the task is
 * over, the main thread draws with it (one thread at a time, as Pango asks). */
static void
paginate_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  CaSchedule *self = source;

  if (!self->valid)
    {
      if (self->context == NULL)
        self->context = create_context ();
      self->footer_height = footer_height (self);
      paginate (self, NULL, cancellable);
      if (g_task_return_error_if_cancelled (task))
        return;
      self->valid = TRUE;
    }
  g_task_return_int (task, self->pages->len);
}

void
ca_schedule_paginate_async (CaSchedule          *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CA_IS_SCHEDULE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_schedule_paginate_async);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, paginate_thread);
}

guint
ca_schedule_paginate_finish (CaSchedule    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  n = g_task_propagate_int (G_TASK (result), error);
  return n > 0 ? (guint) n : 0;
}

guint
ca_schedule_get_n_pages (CaSchedule *self)
{
  return ca_schedule_paginate (self);
}

double
ca_schedule_get_body_height (CaSchedule *self)
{
  g_return_val_if_fail (CA_IS_SCHEDULE (self), 0);
  if (self->footer_height == 0)
    {
      if (self->context == NULL)
        self->context = create_context ();
      self->footer_height = footer_height (self);
    }
  /* Never less than an inch, however wide the margins */
  return MAX (self->height - self->top - self->bottom - self->footer_height, 72.0);
}

GArray *
ca_schedule_list_blocks (CaSchedule *self)
{
  GArray *list;

  g_return_val_if_fail (CA_IS_SCHEDULE (self), NULL);

  ca_schedule_paginate (self);
  /* The same walk as the count, noting each block as it leaves it */
  list = g_array_new (FALSE, TRUE, sizeof (CaScheduleBlock));
  paginate (self, list, NULL);
  return list;
}

gsize
_ca_schedule_get_kept_bytes (CaSchedule *self)
{
  g_return_val_if_fail (CA_IS_SCHEDULE (self), 0);
  return self->pages->len * sizeof (PageStart);
}

guint
_ca_schedule_get_live_rows (void)
{
  return (guint) g_atomic_int_get (&live_rows);
}

guint
_ca_schedule_take_peak_rows (void)
{
  guint peak = (guint) g_atomic_int_get (&peak_rows);

  g_atomic_int_set (&peak_rows, g_atomic_int_get (&live_rows));
  return peak;
}

void
ca_schedule_draw_page (CaSchedule *self,
                       cairo_t    *cr,
                       guint       page)
{
  g_return_if_fail (CA_IS_SCHEDULE (self));
  g_return_if_fail (cr != NULL);

  if (page >= ca_schedule_paginate (self))
    return;
  draw_pages (self, cr, page, page, FALSE, NULL);
}

static cairo_status_t
write_to_output (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!ca_output_write (sink->output, data, length, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

gboolean
ca_schedule_write_pdf_to (CaSchedule  *self,
                          CaOutput    *output,
                          GError     **error)
{
  Sink sink = { output, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  guint n;

  g_return_val_if_fail (CA_IS_SCHEDULE (self), FALSE);
  g_return_val_if_fail (output != NULL, FALSE);

  n = ca_schedule_paginate (self);
  /* Each page goes to the output as it is finished: cairo keeps only the fonts */
  surface = cairo_pdf_surface_create_for_stream (write_to_output, &sink,
                                                 self->width, self->height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  self->title != NULL ? self->title : _("Event schedule"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Cluster Atlas");
  cr = cairo_create (surface);
  /* One walk for all the pages: each block is laid out once more, not once a page */
  draw_pages (self, cr, 0, n - 1, TRUE, &sink);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* TRANSLATORS: %s is why, from the drawing library */
                   _("The schedule could not be drawn: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

gboolean
ca_schedule_write_pdf (CaSchedule  *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(CaOutput) output = NULL;
  g_autofree char *warning = NULL;

  g_return_val_if_fail (CA_IS_SCHEDULE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* The target is checked before anything is laid out; written next to it and renamed
   * over it, so a failure leaves any earlier file as it was */
  output = ca_output_open (path, error);
  if (output == NULL ||
      !ca_schedule_write_pdf_to (self, output, error) ||
      !ca_output_commit (output, &warning, error))
    return FALSE;
  if (warning != NULL)
    g_message ("%s: %s", path, warning);
  return TRUE;
}

char *
ca_schedule_make_title (const char *cluster,
                        GDateTime  *from,
                        GDateTime  *to)
{
  GString *title = g_string_new (_("Event schedule"));
  g_autofree char *range = NULL;

  if (cluster != NULL && *cluster != '\0')
    g_string_append_printf (title, " — %s", cluster);

  if (from != NULL && to != NULL)
    {
      g_autoptr(GDateTime) after = g_date_time_add_days (to, 1);

      if (g_date_time_get_day_of_month (from) == 1 &&
          g_date_time_get_day_of_month (after) == 1 &&
          g_date_time_get_year (from) == g_date_time_get_year (to) &&
          g_date_time_get_month (from) == g_date_time_get_month (to))
        range = ca_format_month (from);
      else
        {
          g_autofree char *first = g_strstrip (ca_format_day (from));
          g_autofree char *last = g_strstrip (ca_format_day (to));

          range = g_strcmp0 (first, last) == 0 ? g_strdup (first)
                  : g_strdup_printf (_("%s – %s"), first, last);
        }
    }
  else if (from != NULL)
    {
      g_autofree char *first = g_strstrip (ca_format_day (from));
      /* TRANSLATORS: the range of a printed schedule with no end: "from 26 March 2019" */
      range = g_strdup_printf (_("from %s"), first);
    }
  else if (to != NULL)
    {
      g_autofree char *last = g_strstrip (ca_format_day (to));
      /* TRANSLATORS: the range of a printed schedule with no start: "until 26 March 2019" */
      range = g_strdup_printf (_("until %s"), last);
    }
  if (range != NULL)
    g_string_append_printf (title, " — %s", range);
  return g_string_free (title, FALSE);
}

char *
ca_schedule_make_empty_message (GDateTime *from,
                                GDateTime *to,
                                gboolean   starred)
{
  g_autofree char *first = from != NULL ? g_strstrip (ca_format_day (from)) : NULL;
  g_autofree char *last = to != NULL ? g_strstrip (ca_format_day (to)) : NULL;

  if (first != NULL && last != NULL && g_str_equal (first, last))
    return starred
      /* TRANSLATORS: nothing to print or export: "No starred events on 26 March 2019" */
      ? g_strdup_printf (_("No starred events on %s"), first)
      /* TRANSLATORS: nothing to print or export: "No events on 26 March 2019" */
      : g_strdup_printf (_("No events on %s"), first);
  if (first != NULL && last != NULL)
    return starred
      /* TRANSLATORS: nothing to print or export: "No starred events between 1 March
       * 2026 and 31 March 2026" */
      ? g_strdup_printf (_("No starred events between %s and %s"), first, last)
      /* TRANSLATORS: nothing to print or export: "No events between 1 March 2026 and
       * 31 March 2026" */
      : g_strdup_printf (_("No events between %s and %s"), first, last);
  if (first != NULL)
    return starred
      /* TRANSLATORS: nothing to print or export: "No starred events from 7 December
       * 2026 on" */
      ? g_strdup_printf (_("No starred events from %s on"), first)
      /* TRANSLATORS: nothing to print or export: "No events from 7 December 2026 on" */
      : g_strdup_printf (_("No events from %s on"), first);
  if (last != NULL)
    return starred
      /* TRANSLATORS: nothing to print or export: "No starred events until 31 March 2026" */
      ? g_strdup_printf (_("No starred events until %s"), last)
      /* TRANSLATORS: nothing to print or export: "No events until 31 March 2026" */
      : g_strdup_printf (_("No events until %s"), last);
  /* TRANSLATORS: nothing to print or export, on any day */
  return g_strdup (starred ? _("No starred events") : _("No events"));
}

GPtrArray *
ca_schedule_select_days (GPtrArray   *events,
                         const GDate *from,
                         const GDate *to)
{
  GPtrArray *selected;
  guint32 lo = from != NULL && g_date_valid (from) ? g_date_get_julian (from) : 0;
  guint32 hi = to != NULL && g_date_valid (to) ? g_date_get_julian (to) : G_MAXUINT32;

  g_return_val_if_fail (events != NULL, NULL);

  selected = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < events->len; i++)
    {
      guint32 first, last;

      /* A month or a year with no day counts by the days it covers */
      ca_event_get_days (events->pdata[i], &first, &last);
      if (last >= lo && first <= hi)
        g_ptr_array_add (selected, g_object_ref (events->pdata[i]));
    }
  return selected;
}
