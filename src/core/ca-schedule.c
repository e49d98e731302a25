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
 * A block keeps the measures of its rows, not its layouts: those are made to measure
 * it, dropped, and made again (the same texts, the same breaks) only to draw the page
 * it is on, so memory does not grow with the pages (a layout weighs kilobytes, a row
 * a few doubles).
 */
typedef struct {
  CaScheduleBlockKind kind;
  guint        event;          /* EVENT: its index; HEADING: the first event of its day,
                                * or G_MAXUINT for "No events match" */
  guint        heading;        /* EVENT: its day heading's block, or G_MAXUINT */
  gboolean     measured;       /* rows and height are set */
  GPtrArray   *layouts;        /* PangoLayout, while measured or drawn, else NULL */
  PangoLayout *aside;          /* EVENT: the time column, with the layouts */
  GArray      *rows;           /* Row */
  double       pad_top;
  double       pad_bottom;
  double       height;
  guint        first_page;
  guint        last_page;
} Block;

/* A block, or the rows of one, placed on a page */
typedef struct {
  guint    block;
  guint    first_row;
  guint    n_rows;
  double   y;                  /* from the top of the body */
  gboolean continued;          /* a day heading repeated at the top of a page */
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
  GArray       *blocks;        /* Block */
  GPtrArray    *pages;         /* GArray of Piece */
  double        footer_height;
};

G_DEFINE_FINAL_TYPE (CaSchedule, ca_schedule, G_TYPE_OBJECT)

static void
release_parts (Block *block)
{
  g_clear_object (&block->aside);
  g_clear_pointer (&block->layouts, g_ptr_array_unref);
}

static void
block_clear (Block *block)
{
  release_parts (block);
  g_clear_pointer (&block->rows, g_array_unref);
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

/* Adds a layout (taken) to the block, and its lines as rows when first measured */
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
  if (block->measured)
    return;
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
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static Block *
new_block (CaSchedule          *self,
           CaScheduleBlockKind  kind)
{
  Block block = { 0 };

  block.kind = kind;
  block.heading = G_MAXUINT;
  block.rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_append_val (self->blocks, block);
  return &g_array_index (self->blocks, Block, self->blocks->len - 1);
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
  g_autofree char *venue = ca_text_display (event->venue);
  g_autofree char *city = ca_text_display (event->city);
  GString *out = g_string_new (ca_format_event_kind (event->kind));
  GString *place = g_string_new (NULL);

  if (venue != NULL && *venue != '\0')
    g_string_append (place, venue);
  else if (event->online == 1)
    g_string_append (place, ca_format_online ());
  if (city != NULL && *city != '\0')
    g_string_append_printf (place, "%s%s", place->len > 0 ? ", " : "", city);
  if (place->len > 0)
    g_string_append_printf (out, " · %s", place->str);
  g_string_free (place, TRUE);
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

/* Makes the block's layouts: to measure it the first time, to draw it after */
static void
build_parts (CaSchedule *self,
             Block      *block)
{
  g_assert (block->layouts == NULL);

  block->layouts = g_ptr_array_new_with_free_func (g_object_unref);
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
  if (!block->measured)
    {
      finish_block (block);
      block->measured = TRUE;
    }
}

static guint
add_block (CaSchedule          *self,
           CaScheduleBlockKind  kind,
           guint                event,
           guint                heading)
{
  Block *block = new_block (self, kind);

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
  build_parts (self, block);
  release_parts (block);
  return self->blocks->len - 1;
}

static void
build_blocks (CaSchedule *self)
{
  g_autofree char *last_heading = NULL;
  guint heading = G_MAXUINT;

  g_array_set_size (self->blocks, 0);
  add_block (self, CA_SCHEDULE_BLOCK_TITLE, G_MAXUINT, G_MAXUINT);

  for (guint i = 0; i < self->events->len; i++)
    {
      g_autofree char *text = heading_text (self->events->pdata[i]);

      if (g_strcmp0 (text, last_heading) != 0)
        {
          heading = add_block (self, CA_SCHEDULE_BLOCK_HEADING, i, G_MAXUINT);
          g_free (last_heading);
          last_heading = g_steal_pointer (&text);
        }
      add_block (self, CA_SCHEDULE_BLOCK_EVENT, i, heading);
    }

  if (self->events->len == 0)
    add_block (self, CA_SCHEDULE_BLOCK_HEADING, G_MAXUINT, G_MAXUINT);
}

static double
footer_height (CaSchedule *self)
{
  g_autoptr(PangoLayout) layout = make_layout (self, STYLE_FOOTER, "Page 1", 200);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return FOOTER_GAP + (double) logical.height / PANGO_SCALE;
}

/* {{{ Pagination */

typedef struct {
  CaSchedule *self;
  double      body;        /* height of a page's body */
  double      y;
  GArray     *page;        /* Piece, of the current page */
} Pager;

static void
new_page (Pager *pager)
{
  pager->page = g_array_new (FALSE, TRUE, sizeof (Piece));
  g_ptr_array_add (pager->self->pages, pager->page);
  pager->y = 0;
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
place (Pager *pager,
       guint  index,
       guint  first_row,
       guint  n_rows,
       double height,
       gboolean continued)
{
  Piece piece = { index, first_row, n_rows, pager->y, continued };
  Block *block = &g_array_index (pager->self->blocks, Block, index);
  guint page = pager->self->pages->len - 1;

  g_array_append_val (pager->page, piece);
  pager->y += height;
  if (continued)
    return;
  if (first_row == 0)
    block->first_page = page;
  block->last_page = page;
}

/* Starts a page for an event of a day begun on an earlier page: the day's heading
 * comes again on top when the event still fits whole under it */
static void
page_for_event (Pager *pager,
                Block *block)
{
  new_page (pager);
  if (block->heading != G_MAXUINT)
    {
      Block *heading = &g_array_index (pager->self->blocks, Block, block->heading);

      if (heading->height + block->height <= pager->body || block->height > pager->body)
        place (pager, block->heading, 0, heading->rows->len, heading->height, TRUE);
    }
}

/* An event longer than a page: as many rows as fit on each page */
static void
place_split (Pager *pager,
             guint  index)
{
  Block *block = &g_array_index (pager->self->blocks, Block, index);
  guint row = 0;

  while (row < block->rows->len)
    {
      double room = pager->body - pager->y - (row == 0 ? block->pad_top : 0);
      guint n = 0;

      while (row + n < block->rows->len &&
             rows_height (block, row, n + 1) +
             (row + n + 1 == block->rows->len ? block->pad_bottom : 0) <= room)
        n++;
      /* Not one row fits, or a single row is taller than a page: take one anyway
       * on a fresh page so the loop ends */
      if (n == 0 && pager->y > 0)
        {
          page_for_event (pager, block);
          continue;
        }
      n = MAX (n, 1);
      place (pager, index, row, n,
             (row == 0 ? block->pad_top : 0) + rows_height (block, row, n) +
             (row + n == block->rows->len ? block->pad_bottom : 0), FALSE);
      row += n;
      if (row < block->rows->len)
        page_for_event (pager, block);
    }
}

static void
paginate (CaSchedule *self)
{
  Pager pager = { self, 0, 0, NULL };

  g_ptr_array_set_size (self->pages, 0);
  self->footer_height = footer_height (self);
  pager.body = ca_schedule_get_body_height (self);
  new_page (&pager);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);

      if (block->kind == CA_SCHEDULE_BLOCK_HEADING)
        {
          /* Kept with the next event: with all of it when it fits a page, else
           * with its first row */
          double need = block->height;
          Block *next = i + 1 < self->blocks->len ? &g_array_index (self->blocks, Block, i + 1)
                                                  : NULL;

          if (next != NULL && next->kind == CA_SCHEDULE_BLOCK_EVENT)
            need += next->height <= pager.body - block->height
                    ? next->height
                    : next->pad_top + rows_height (next, 0, 1);
          if (pager.y > 0 && pager.y + need > pager.body)
            new_page (&pager);
          place (&pager, i, 0, block->rows->len, block->height, FALSE);
        }
      else if (block->kind == CA_SCHEDULE_BLOCK_EVENT)
        {
          if (pager.y + block->height <= pager.body)
            place (&pager, i, 0, block->rows->len, block->height, FALSE);
          else if (block->heading == i - 1)
            /* Right under its heading and still too long: the heading took it along
             * as far as one row, as the event is longer than the page below it */
            place_split (&pager, i);
          else if (block->height <= pager.body)
            {
              page_for_event (&pager, block);
              place (&pager, i, 0, block->rows->len, block->height, FALSE);
            }
          else
            place_split (&pager, i);
        }
      else
        place (&pager, i, 0, block->rows->len, block->height, FALSE);
    }
}

/* }}} */

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
            Piece      *piece)
{
  Block *block = &g_array_index (self->blocks, Block, piece->block);
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
                Piece      *piece)
{
  Block *block = &g_array_index (self->blocks, Block, piece->block);
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

static void
ca_schedule_finalize (GObject *object)
{
  CaSchedule *self = (CaSchedule *) object;

  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->feed_name, g_free);
  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
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
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (self->blocks, (GDestroyNotify) block_clear);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
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
  build_blocks (self);
  paginate (self);
  self->valid = TRUE;
  return self->pages->len;
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

guint
ca_schedule_get_n_blocks (CaSchedule *self)
{
  ca_schedule_paginate (self);
  return self->blocks->len;
}

gboolean
ca_schedule_get_block (CaSchedule      *self,
                       guint            index,
                       CaScheduleBlock *info)
{
  Block *block;

  g_return_val_if_fail (info != NULL, FALSE);
  ca_schedule_paginate (self);
  if (index >= self->blocks->len)
    return FALSE;
  block = &g_array_index (self->blocks, Block, index);
  info->kind = block->kind;
  info->event = block->event;
  info->first_page = block->first_page;
  info->last_page = block->last_page;
  info->height = block->height;
  return TRUE;
}

void
ca_schedule_draw_page (CaSchedule *self,
                       cairo_t    *cr,
                       guint       page)
{
  GArray *pieces;

  g_return_if_fail (CA_IS_SCHEDULE (self));
  g_return_if_fail (cr != NULL);

  if (page >= ca_schedule_paginate (self))
    return;
  pieces = self->pages->pdata[page];
  cairo_save (cr);
  for (guint i = 0; i < pieces->len; i++)
    {
      Piece *piece = &g_array_index (pieces, Piece, i);
      Block *block = &g_array_index (self->blocks, Block, piece->block);

      if (block->layouts == NULL)
        build_parts (self, block);
      if (piece->continued)
        draw_continued (self, cr, piece);
      else
        draw_piece (self, cr, piece);
    }
  draw_footer (self, cr, page);
  cairo_restore (cr);
  /* Only this page's layouts were made, and they go with it */
  for (guint i = 0; i < pieces->len; i++)
    release_parts (&g_array_index (self->blocks, Block, g_array_index (pieces, Piece, i).block));
}

typedef struct {
  CaOutput *output;
  GError   *error;
} Sink;

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
  for (guint page = 0; page < n && sink.error == NULL; page++)
    {
      ca_schedule_draw_page (self, cr, page);
      cairo_show_page (cr);
    }
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
