/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-timeline"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "ca-format.h"
#include "ca-project.h"
#include "ca-text.h"
#include "ca-timeline.h"

#define AXIS_H      44
#define ROW_H       52
#define PAD         12
#define BAR_H       14
#define MAX_DESCRIBED 100

typedef struct {
  CaProject *project;     /* NULL for the "Dates not known" heading */
  char      *label;       /* acronym, or title */
  char      *programme;   /* may be NULL */
  char      *dates;       /* "2020 – 2023", may be NULL */
  char      *text;        /* what the row says, for tooltips and screen readers */
  guint32    start;       /* Julian day, 0 when not known */
  guint32    end;         /* Julian day after the last, 0 when not known */
  gboolean   ongoing;
  guint      colour;
} Row;

struct _CaTimeline
{
  GtkWidget      parent_instance;

  GPtrArray     *projects;
  GArray        *rows;        /* Row */
  gboolean       rows_stale;  /* projects changed while the timeline was not shown */
  guint32        span_start;  /* Julian days of 1 January of the first and after the last year */
  guint32        span_end;
  int            first_year;
  int            last_year;

  int            hover_row;
  int            focus_row;
  GtkAdjustment *vadjustment; /* of the viewport we scroll in, if any */

  /* Parts styled by CSS that the drawing takes its colours from: the band of years
   * that stays at the top as the rows scroll under it, and the focus ring's colour */
  GtkWidget     *axis;
  GtkWidget     *focus_colour;
};

G_DEFINE_FINAL_TYPE (CaTimeline, ca_timeline, GTK_TYPE_WIDGET)

/* Programme colours that read on light and on dark backgrounds: GNOME palette,
 * darker shades for light mode and lighter ones for dark mode. */
static const char * const palette_light[] = {
  "#1c71d8", "#26a269", "#c64600", "#813d9c", "#c01c28", "#865e3c", "#0f7a7a", "#a51d76",
};
static const char * const palette_dark[] = {
  "#62a0ea", "#57e389", "#ffa348", "#dc8add", "#f66151", "#cdab8f", "#5bc8af", "#f0a0d0",
};
#define N_COLOURS G_N_ELEMENTS (palette_light)

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->label);
  g_free (row->programme);
  g_free (row->dates);
  g_free (row->text);
}

static guint32
julian (int year,
        int month,
        int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

static int
year_of (guint32 day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  return g_date_get_year (&date);
}

/* A feed date (YYYY, YYYY-MM, YYYY-MM-DD) as the Julian day it starts, or the day
 * after it ends; 0 when there is none. */
static guint32
parse_feed_date (const char *text,
                 gboolean    at_end)
{
  int y = 0, m = 0, d = 0;
  int n;

  if (text == NULL || (n = sscanf (text, "%d-%d-%d", &y, &m, &d)) < 1 || y < 1 || y > 9998)
    return 0;
  if (n < 2)
    m = at_end ? 12 : 1;
  if (m < 1 || m > 12)
    return 0;
  if (n < 3)
    d = at_end ? g_date_get_days_in_month (m, y) : 1;
  if (!g_date_valid_dmy (d, m, y))
    return 0;
  return julian (y, m, d) + (at_end ? 1 : 0);
}

static guint32
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return julian (g_date_time_get_year (now), g_date_time_get_month (now),
                 g_date_time_get_day_of_month (now));
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *ra = a, *rb = b;

  if ((ra->start == 0) != (rb->start == 0))
    return ra->start == 0 ? 1 : -1;
  if (ra->start != rb->start)
    return ra->start < rb->start ? -1 : 1;
  return g_utf8_collate (ra->label, rb->label);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static void
update_accessible (CaTimeline *self)
{
  g_autoptr(GString) description = g_string_new (NULL);
  g_autofree char *label = NULL;
  guint n = 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);

      if (row->project == NULL)
        continue;
      if (n++ == MAX_DESCRIBED)
        {
          guint rest = 0;
          for (guint j = i; j < self->rows->len; j++)
            rest += g_array_index (self->rows, Row, j).project != NULL;
          g_string_append (description, "\n");
          /* TRANSLATORS: ends the list of projects a screen reader reads from the timeline */
          g_string_append_printf (description, ngettext ("and %u more project",
                                                         "and %u more projects", rest), rest);
          break;
        }
      if (description->len > 0)
        g_string_append (description, "\n");
      g_string_append (description, row->text);
    }

  if (self->focus_row >= 0 && (guint) self->focus_row < self->rows->len)
    /* TRANSLATORS: the timeline's accessible name with the project that has the focus */
    label = g_strdup_printf (_("Projects timeline: %s"),
                             g_array_index (self->rows, Row, self->focus_row).text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label != NULL ? label : _("Projects timeline"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
}

static void
build_rows (CaTimeline *self)
{
  g_autoptr(GHashTable) colours = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) programmes = g_ptr_array_new ();
  guint32 now = today ();
  guint32 lo = G_MAXUINT32, hi = 0;
  gboolean has_undated = FALSE;

  g_array_set_size (self->rows, 0);
  self->hover_row = -1;
  self->focus_row = -1;

  for (guint i = 0; self->projects != NULL && i < self->projects->len; i++)
    {
      CaProject *project = self->projects->pdata[i];
      Row row = { project, };
      g_autofree char *title = ca_text_display (project->title);
      g_autofree char *from = ca_format_feed_date (project->start);
      g_autofree char *to = ca_format_feed_date (project->end);
      GString *text = g_string_new (NULL);

      row.label = g_strdup (project->acronym != NULL && *project->acronym != '\0'
                            ? project->acronym : title);
      row.programme = g_strdup (ca_format_programme (project->programme));
      row.start = parse_feed_date (project->start, FALSE);
      row.end = row.start != 0 ? parse_feed_date (project->end, TRUE) : 0;
      if (row.end != 0 && row.end <= row.start)
        row.end = row.start + 1;
      row.ongoing = row.start != 0 && row.end != 0 && row.start <= now && now < row.end;

      if (row.start != 0 && row.end != 0)
        /* TRANSLATORS: a project's dates, "1 January 2020 – 30 June 2023" */
        row.dates = g_strdup_printf (_("%s – %s"), from, to);
      else if (row.start != 0)
        /* TRANSLATORS: a project that gives its start only, "from 2010" */
        row.dates = g_strdup_printf (_("from %s"), from);

      g_string_append (text, row.label);
      if (g_strcmp0 (row.label, title) != 0)
        g_string_append_printf (text, " – %s", title);
      if (row.programme != NULL)
        g_string_append_printf (text, "; %s", row.programme);
      g_string_append_printf (text, "; %s", row.dates != NULL ? row.dates : _("dates not known"));
      if (row.ongoing)
        g_string_append_printf (text, "; %s", _("ongoing"));
      else if (row.start != 0 && row.end == 0)
        g_string_append_printf (text, "; %s", _("end not given"));
      row.text = g_string_free (text, FALSE);

      if (row.programme != NULL && !g_hash_table_contains (colours, row.programme))
        {
          g_hash_table_insert (colours, row.programme, NULL);
          g_ptr_array_add (programmes, row.programme);
        }
      if (row.start != 0)
        {
          lo = MIN (lo, row.start);
          hi = MAX (hi, MAX (row.start + 1, row.end));
        }
      else
        has_undated = TRUE;
      g_array_append_val (self->rows, row);
    }

  /* Colours by programme in the order of their names, so a programme keeps its
   * colour whatever the filters leave. */
  g_ptr_array_sort (programmes, compare_names);
  for (guint i = 0; i < programmes->len; i++)
    g_hash_table_insert (colours, programmes->pdata[i], GUINT_TO_POINTER (i % N_COLOURS));
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);
      if (row->programme != NULL)
        row->colour = GPOINTER_TO_UINT (g_hash_table_lookup (colours, row->programme));
    }

  g_array_sort (self->rows, compare_rows);
  if (has_undated)
    {
      Row heading = { NULL, };
      guint at = 0;

      while (at < self->rows->len && g_array_index (self->rows, Row, at).start != 0)
        at++;
      heading.label = g_strdup (_("Dates not known"));
      heading.text = g_strdup (heading.label);
      g_array_insert_val (self->rows, at, heading);
    }

  if (hi == 0)
    lo = hi = now;
  else
    {
      lo = MIN (lo, now);
      hi = MAX (hi, now + 1);
    }
  self->first_year = year_of (lo);
  self->last_year = year_of (hi - 1);
  self->span_start = julian (self->first_year, 1, 1);
  self->span_end = julian (self->last_year + 1, 1, 1);

  update_accessible (self);
}

/* Rows are made from the projects once the timeline shows (or is asked about them):
 * behind the month grid, a large store's took as long as the grid's own filling */
static void
ensure_rows (CaTimeline *self)
{
  if (self->rows_stale)
    {
      self->rows_stale = FALSE;
      build_rows (self);
    }
}

static int
row_y (int row)
{
  return AXIS_H + row * ROW_H;
}

/* The scrolled-to range of the widget, or all of it */
static void
visible_range (CaTimeline *self,
               double     *top,
               double     *bottom)
{
  *top = 0;
  *bottom = gtk_widget_get_height (GTK_WIDGET (self));
  if (self->vadjustment != NULL && gtk_adjustment_get_page_size (self->vadjustment) > 0)
    {
      *top = gtk_adjustment_get_value (self->vadjustment);
      *bottom = MIN (*bottom, *top + gtk_adjustment_get_page_size (self->vadjustment));
    }
}

static int
row_at (CaTimeline *self,
        double      y)
{
  double top, bottom;
  int row;

  visible_range (self, &top, &bottom);
  if (y < top + AXIS_H || y < AXIS_H)
    return -1;
  row = (int) ((y - AXIS_H) / ROW_H);
  return row < (int) self->rows->len ? row : -1;
}

static void
bar_area (CaTimeline *self,
          double     *x0,
          double     *x1,
          double     *label_w)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  *label_w = CLAMP (width * 0.3, 100, 260);
  *x0 = *label_w + PAD;
  *x1 = MAX (*x0 + 40, width - PAD);
}

static double
x_of (CaTimeline *self,
      guint32     day,
      double      x0,
      double      x1)
{
  double span = MAX (1, (double) self->span_end - self->span_start);

  return x0 + ((double) day - self->span_start) / span * (x1 - x0);
}

static PangoLayout *
make_layout (CaTimeline *self,
             const char *text,
             double      scale,
             gboolean    bold,
             double      width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  if (scale != 1.0)
    pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  return layout;
}

static void
draw_layout (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             double         x,
             double         y,
             const GdkRGBA *colour)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
}

static int
layout_width (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

static void
draw_rounded (GtkSnapshot     *snapshot,
              graphene_rect_t *rect,
              double           radius,
              const GdkRGBA   *colour)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, rect, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, colour, rect);
  gtk_snapshot_pop (snapshot);
}

/* "Ongoing" or "end not given" as an outlined badge at x (right of it, or left
 * when it would not fit) */
static void
draw_badge (CaTimeline    *self,
            GtkSnapshot   *snapshot,
            const char    *text,
            double         after,
            double         before,
            double         y,
            double         limit,
            const GdkRGBA *outline,
            const GdkRGBA *fg)
{
  g_autoptr(PangoLayout) layout = make_layout (self, text, 0.8, TRUE, -1);
  int w = layout_width (layout) + 12;
  double x = after + 6;
  graphene_rect_t rect;
  GskRoundedRect rounded;
  float widths[4] = { 1, 1, 1, 1 };
  GdkRGBA colours[4] = { *outline, *outline, *outline, *outline };

  if (x + w > limit)
    x = MAX (0, before - 6 - w);
  rect = GRAPHENE_RECT_INIT (x, y - 2, w, BAR_H + 4);
  gsk_rounded_rect_init_from_rect (&rounded, &rect, (BAR_H + 4) / 2.0);
  gtk_snapshot_append_border (snapshot, &rounded, widths, colours);
  draw_layout (snapshot, layout, x + 6, y - 1, fg);
}

static void
ca_timeline_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  CaTimeline *self = CA_TIMELINE (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  const char * const *palette = dark ? palette_dark : palette_light;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double top, bottom, x0, x1, label_w;
  GdkRGBA fg, dim, faint, hover, ring;
  int step = 1;
  guint32 now = today ();

  gtk_widget_get_color (widget, &fg);
  gtk_widget_get_color (self->focus_colour, &ring);
  dim = fg, dim.alpha *= 0.7;
  faint = fg, faint.alpha *= 0.12;
  hover = fg, hover.alpha *= 0.06;

  visible_range (self, &top, &bottom);
  bar_area (self, &x0, &x1, &label_w);

  /* Years: as many labelled as fit */
  {
    static const int steps[] = { 1, 2, 5, 10, 20, 50, 100 };
    double per_year = (x1 - x0) / MAX (1, self->last_year - self->first_year + 1);

    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      if ((step = steps[i]) * per_year >= 48)
        break;
    for (int year = self->first_year; year <= self->last_year + 1; year++)
      if (year % step == 0)
        {
          double x = x_of (self, julian (year, 1, 1), x0, x1);
          gtk_snapshot_append_color (snapshot, &faint,
                                     &GRAPHENE_RECT_INIT (x, top + AXIS_H - 6, 1,
                                                          bottom - top - AXIS_H + 6));
        }
  }

  /* Rows on screen */
  for (int i = MAX (0, (int) ((top - AXIS_H) / ROW_H)); i < (int) self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);
      double y = row_y (i);
      GdkRGBA colour;

      if (y > bottom)
        break;

      if (row->project == NULL)
        {
          g_autoptr(PangoLayout) layout = make_layout (self, row->label, 1.0, TRUE, width - 2 * PAD);
          gtk_snapshot_append_color (snapshot, &faint, &GRAPHENE_RECT_INIT (0, y + 4, width, 1));
          draw_layout (snapshot, layout, PAD, y + ROW_H / 2.0 - 4, &dim);
          continue;
        }

      if (i == self->focus_row || i == self->hover_row)
        {
          graphene_rect_t rect = GRAPHENE_RECT_INIT (2, y + 1, width - 4, ROW_H - 2);
          GdkRGBA shade = hover;

          if (i == self->focus_row && gtk_widget_has_focus (widget))
            shade.alpha *= 2;
          draw_rounded (snapshot, &rect, 6, &shade);
          if (i == self->focus_row && gtk_widget_has_visible_focus (widget))
            {
              GskRoundedRect rounded;
              float widths[4] = { 2, 2, 2, 2 };
              GdkRGBA rings[4];

              rings[0] = rings[1] = rings[2] = rings[3] = ring;
              gsk_rounded_rect_init_from_rect (&rounded, &rect, 6);
              gtk_snapshot_append_border (snapshot, &rounded, widths, rings);
            }
        }

      gdk_rgba_parse (&colour, palette[row->colour]);
      {
        g_autoptr(PangoLayout) name = make_layout (self, row->label, 1.0, TRUE, label_w - PAD);
        draw_layout (snapshot, name, PAD, y + 6, &fg);
      }
      if (row->programme != NULL)
        {
          g_autoptr(PangoLayout) programme = make_layout (self, row->programme, 0.8, FALSE,
                                                          label_w - PAD);
          draw_layout (snapshot, programme, PAD, y + 28, &dim);
        }

      if (row->start != 0)
        {
          double bx0 = x_of (self, row->start, x0, x1);
          double bx1 = row->end != 0 ? MAX (bx0 + 4, x_of (self, row->end, x0, x1)) : bx0 + 6;
          graphene_rect_t bar = GRAPHENE_RECT_INIT (bx0, y + 10, bx1 - bx0, BAR_H);
          g_autoptr(PangoLayout) dates = make_layout (self, row->dates, 0.75, FALSE,
                                                      MAX (40, width - PAD - MIN (bx0, x1 - 120)));

          draw_rounded (snapshot, &bar, 4, &colour);
          draw_layout (snapshot, dates, MIN (bx0, x1 - 120), y + 28, &dim);
          if (row->ongoing)
            /* TRANSLATORS: the badge of a project running today, on the timeline */
            draw_badge (self, snapshot, _("Ongoing"), bx1, bx0, y + 10, width - 2, &colour, &fg);
          else if (row->end == 0)
            /* TRANSLATORS: beside a project's start on the timeline when its end is not known */
            draw_badge (self, snapshot, _("end not given"), bx1, bx0, y + 10, width - 2, &faint, &dim);
        }
    }

  /* Today */
  if (now >= self->span_start && now < self->span_end)
    {
      double x = x_of (self, now, x0, x1);
      GdkRGBA line = fg;
      /* TRANSLATORS: marks today's line on the projects timeline */
      g_autoptr(PangoLayout) label = make_layout (self, C_("timeline", "Today"), 0.8, TRUE, -1);
      int w = layout_width (label);

      line.alpha *= 0.75;
      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (x - 1, top + AXIS_H - 4, 2,
                                                      bottom - top - AXIS_H + 4));
      /* The axis, drawn over the rows at the top of what is on screen */
      gtk_widget_snapshot_child (widget, self->axis, snapshot);
      draw_layout (snapshot, label, x + 3 + w > width ? x - 3 - w : x + 3, top + 22, &fg);
      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (x - 1, top + 22, 2, 18));
    }
  else
    gtk_widget_snapshot_child (widget, self->axis, snapshot);

  for (int year = self->first_year; year <= self->last_year; year++)
    if (year % step == 0)
      {
        g_autofree char *text = g_strdup_printf ("%d", year);
        g_autoptr(PangoLayout) layout = make_layout (self, text, 0.85, FALSE, -1);
        double x = x_of (self, julian (year, 1, 1), x0, x1);

        draw_layout (snapshot, layout, x + 3, top + 4, &dim);
      }
  gtk_snapshot_append_color (snapshot, &faint, &GRAPHENE_RECT_INIT (0, top + AXIS_H - 5, width, 1));
  (void) height;
}

static void
ca_timeline_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  CaTimeline *self = CA_TIMELINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 300;
      *natural = 760;
    }
  else
    {
      ensure_rows (self);
      *minimum = *natural = row_y (self->rows->len) + PAD;
    }
}

/* The axis's band follows the top of what is on screen */
static void
ca_timeline_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  CaTimeline *self = CA_TIMELINE (widget);
  double top, bottom;
  int min;

  visible_range (self, &top, &bottom);
  gtk_widget_measure (self->axis, GTK_ORIENTATION_VERTICAL, width, &min, NULL, NULL, NULL);
  gtk_widget_size_allocate (self->axis,
                            &(GtkAllocation) { 0, (int) top, width, MAX (min, AXIS_H - 4) },
                            -1);
}

static void
scroll_to_row (CaTimeline *self,
               int         row)
{
  double top, bottom;
  double y0 = row_y (row), y1 = y0 + ROW_H;

  if (self->vadjustment == NULL)
    return;
  visible_range (self, &top, &bottom);
  if (y0 - AXIS_H < top)
    gtk_adjustment_set_value (self->vadjustment, y0 - AXIS_H);
  else if (y1 > bottom)
    gtk_adjustment_set_value (self->vadjustment, y1 - (bottom - top));
}

static void
set_focus_row (CaTimeline *self,
               int         row)
{
  if (row == self->focus_row)
    return;
  self->focus_row = row;
  if (row >= 0)
    scroll_to_row (self, row);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
activate_row (CaTimeline *self,
              int         row)
{
  CaProject *project;

  if (row < 0 || (guint) row >= self->rows->len)
    return;
  if ((project = g_array_index (self->rows, Row, row).project) == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "calendar.show-project", "(ss)",
                              project->feed, project->id);
}

/* The next project row from row in direction dir, or row itself */
static int
step_row (CaTimeline *self,
          int         row,
          int         dir)
{
  for (int i = row + dir; i >= 0 && i < (int) self->rows->len; i += dir)
    if (g_array_index (self->rows, Row, i).project != NULL)
      return i;
  return row;
}

static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             CaTimeline            *self)
{
  int n = self->rows->len;

  if (n == 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      set_focus_row (self, self->focus_row < 0 ? step_row (self, -1, 1)
                                               : step_row (self, self->focus_row, -1));
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      set_focus_row (self, step_row (self, self->focus_row, 1));
      return TRUE;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      set_focus_row (self, step_row (self, -1, 1));
      return TRUE;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      set_focus_row (self, step_row (self, n, -1));
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      activate_row (self, self->focus_row);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
focus_entered (GtkEventControllerFocus *controller,
               CaTimeline              *self)
{
  if (self->focus_row < 0)
    set_focus_row (self, step_row (self, -1, 1));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
pressed (GtkGestureClick *gesture,
         int              n_press,
         double           x,
         double           y,
         CaTimeline      *self)
{
  int row = row_at (self, y);

  if (row < 0 || g_array_index (self->rows, Row, row).project == NULL)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  set_focus_row (self, row);
  activate_row (self, row);
}

static void
motion (GtkEventControllerMotion *controller,
        double                    x,
        double                    y,
        CaTimeline               *self)
{
  int row = row_at (self, y);

  if (row >= 0 && g_array_index (self->rows, Row, row).project == NULL)
    row = -1;
  if (row == self->hover_row)
    return;
  self->hover_row = row;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), row >= 0 ? "pointer" : NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave (GtkEventControllerMotion *controller,
       CaTimeline               *self)
{
  motion (controller, -1, -1, self);
}

static gboolean
ca_timeline_query_tooltip (GtkWidget  *widget,
                           int         x,
                           int         y,
                           gboolean    keyboard,
                           GtkTooltip *tooltip)
{
  CaTimeline *self = CA_TIMELINE (widget);
  int row = keyboard ? self->focus_row : row_at (self, y);

  if (row < 0 || g_array_index (self->rows, Row, row).project == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, g_array_index (self->rows, Row, row).text);
  return TRUE;
}

static void
ca_timeline_map (GtkWidget *widget)
{
  ensure_rows (CA_TIMELINE (widget));
  GTK_WIDGET_CLASS (ca_timeline_parent_class)->map (widget);
}

static void
ca_timeline_root (GtkWidget *widget)
{
  CaTimeline *self = CA_TIMELINE (widget);
  GtkWidget *parent = gtk_widget_get_parent (widget);

  GTK_WIDGET_CLASS (ca_timeline_parent_class)->root (widget);

  if (GTK_IS_SCROLLABLE (parent))
    {
      self->vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (parent));
      if (self->vadjustment != NULL)
        {
          g_object_ref (self->vadjustment);
          g_signal_connect_object (self->vadjustment, "value-changed",
                                   G_CALLBACK (gtk_widget_queue_allocate), self, G_CONNECT_SWAPPED);
        }
    }
}

static void
ca_timeline_unroot (GtkWidget *widget)
{
  CaTimeline *self = CA_TIMELINE (widget);

  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->vadjustment);

  GTK_WIDGET_CLASS (ca_timeline_parent_class)->unroot (widget);
}

static void
ca_timeline_dispose (GObject *object)
{
  CaTimeline *self = (CaTimeline *) object;

  g_clear_pointer (&self->axis, gtk_widget_unparent);
  g_clear_pointer (&self->focus_colour, gtk_widget_unparent);
  g_clear_pointer (&self->projects, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_array_unref);

  G_OBJECT_CLASS (ca_timeline_parent_class)->dispose (object);
}

static void
ca_timeline_class_init (CaTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_timeline_dispose;
  widget_class->snapshot = ca_timeline_snapshot;
  widget_class->measure = ca_timeline_measure;
  widget_class->size_allocate = ca_timeline_size_allocate;
  widget_class->query_tooltip = ca_timeline_query_tooltip;
  widget_class->map = ca_timeline_map;
  widget_class->root = ca_timeline_root;
  widget_class->unroot = ca_timeline_unroot;

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ca_timeline_init (CaTimeline *self)
{
  GtkEventController *controller;

  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, row_clear);
  self->hover_row = self->focus_row = -1;

  self->axis = g_object_new (GTK_TYPE_BOX, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                             "can-target", FALSE, "css-classes",
                             (const char * const []) { "ca-timeline-axis", NULL }, NULL);
  gtk_widget_set_parent (self->axis, GTK_WIDGET (self));
  /* Never drawn nor allocated: only its CSS colour is read */
  self->focus_colour = g_object_new (GTK_TYPE_BOX, "accessible-role",
                                     GTK_ACCESSIBLE_ROLE_PRESENTATION, "can-target", FALSE,
                                     "css-classes",
                                     (const char * const []) { "ca-timeline-focus", NULL }, NULL);
  gtk_widget_set_parent (self->focus_colour, GTK_WIDGET (self));
  gtk_widget_set_child_visible (self->focus_colour, FALSE);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (focus_entered), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  g_signal_connect (controller, "pressed", G_CALLBACK (pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);

  build_rows (self);
}

GtkWidget *
ca_timeline_new (void)
{
  return g_object_new (CA_TYPE_TIMELINE, NULL);
}

void
ca_timeline_set_projects (CaTimeline *self,
                          GPtrArray  *projects)
{
  g_return_if_fail (CA_IS_TIMELINE (self));

  if (projects != NULL)
    g_ptr_array_ref (projects);
  g_clear_pointer (&self->projects, g_ptr_array_unref);
  self->projects = projects;
  self->rows_stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ensure_rows (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
ca_timeline_get_n_rows (CaTimeline *self)
{
  g_return_val_if_fail (CA_IS_TIMELINE (self), 0);
  ensure_rows (self);
  return self->rows->len;
}

const char *
ca_timeline_get_row_text (CaTimeline *self,
                          guint       row)
{
  g_return_val_if_fail (CA_IS_TIMELINE (self), NULL);
  ensure_rows (self);
  g_return_val_if_fail (row < self->rows->len, NULL);
  return g_array_index (self->rows, Row, row).text;
}
