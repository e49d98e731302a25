/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-text-row"

#include "config.h"

#include "ca-text-row.h"

/*
 * Why not a box of two GtkLabels: a GtkListView keeps up to 200 rows alive, and
 * measuring 400 labels was most of the window's first frame with a large store.
 * This row is one widget whose height comes from the font's metrics, so measuring
 * it lays out no text; text is laid out only for rows that are drawn.
 */

#define PADDING_Y     6   /* above and below, as the labels' margins were */
#define LINE_SPACING  2
#define DIM_ALPHA     0.55  /* Adwaita's .dim-label */

struct _CaTextRow
{
  GtkWidget  parent_instance;

  char      *title;
  char      *subtitle;
};

G_DEFINE_FINAL_TYPE (CaTextRow, ca_text_row, GTK_TYPE_WIDGET)

/* The title is the list's font in bold; the subtitle is the row's own font, which
 * is Adwaita's .caption (ca_text_row_init). CSS computes both, so they are the very
 * fonts of the view switcher and of the captions elsewhere in the window, not near
 * ones that Pango would load and rasterize once more. */
static PangoFontDescription *
title_font (GtkWidget *widget)
{
  GtkWidget *list_row = gtk_widget_get_parent (widget);
  PangoFontDescription *desc =
    pango_font_description_copy (pango_context_get_font_description (
      gtk_widget_get_pango_context (list_row != NULL ? list_row : widget)));

  pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  return desc;
}

static PangoFontDescription *
subtitle_font (GtkWidget *widget)
{
  return pango_font_description_copy (pango_context_get_font_description (gtk_widget_get_pango_context (widget)));
}

/* Line heights, by font: every row shares the same few fonts, so the metrics are
 * looked up once per font rather than once per row. */
static int
line_height (GtkWidget            *widget,
             PangoFontDescription *desc)
{
  static GHashTable *heights;
  gpointer found;
  int height;

  if (heights == NULL)
    heights = g_hash_table_new_full ((GHashFunc) pango_font_description_hash,
                                     (GEqualFunc) pango_font_description_equal,
                                     (GDestroyNotify) pango_font_description_free, NULL);
  if (g_hash_table_lookup_extended (heights, desc, NULL, &found))
    return GPOINTER_TO_INT (found);

  {
    PangoContext *context = gtk_widget_get_pango_context (widget);
    PangoFontMetrics *metrics = pango_context_get_metrics (context, desc, NULL);

    height = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics));
    if (height <= 0)
      height = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (metrics) +
                                  pango_font_metrics_get_descent (metrics));
    pango_font_metrics_unref (metrics);
  }
  g_hash_table_insert (heights, pango_font_description_copy (desc), GINT_TO_POINTER (height));
  return height;
}

static gboolean
has_subtitle (CaTextRow *self)
{
  return self->subtitle != NULL && self->subtitle[0] != '\0';
}

static void
ca_text_row_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  CaTextRow *self = CA_TEXT_ROW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Ellipsized: any width will do; the sidebar decides */
      *minimum = *natural = 0;
      return;
    }

  {
    PangoFontDescription *title = title_font (widget);
    int height = 2 * PADDING_Y + line_height (widget, title);

    if (has_subtitle (self))
      {
        PangoFontDescription *subtitle = subtitle_font (widget);

        height += LINE_SPACING + line_height (widget, subtitle);
        pango_font_description_free (subtitle);
      }
    pango_font_description_free (title);
    *minimum = *natural = height;
  }
}

static PangoLayout *
make_layout (GtkWidget            *widget,
             const char           *text,
             PangoFontDescription *desc,
             int                   width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text != NULL ? text : "");

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, MAX (width, 0) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_auto_dir (layout, FALSE);
  pango_layout_set_alignment (layout, gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL
                                      ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  return layout;
}

static void
ca_text_row_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  CaTextRow *self = CA_TEXT_ROW (widget);
  int width = gtk_widget_get_width (widget);
  PangoFontDescription *title = title_font (widget);
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA color;
  int y = PADDING_Y;

  gtk_widget_get_color (widget, &color);

  layout = make_layout (widget, self->title != NULL ? self->title : "", title, width);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
  y += line_height (widget, title) + LINE_SPACING;
  pango_font_description_free (title);

  if (has_subtitle (self))
    {
      PangoFontDescription *subtitle = subtitle_font (widget);
      g_autoptr(PangoLayout) sub = make_layout (widget, self->subtitle, subtitle, width);
      GdkRGBA dim = color;

      dim.alpha *= DIM_ALPHA;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y));
      gtk_snapshot_append_layout (snapshot, sub, &dim);
      gtk_snapshot_restore (snapshot);
      pango_font_description_free (subtitle);
    }
}

/* A name cut short shows whole in a tooltip */
static gboolean
ca_text_row_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_tooltip,
                              GtkTooltip *tooltip)
{
  CaTextRow *self = CA_TEXT_ROW (widget);
  PangoFontDescription *title = title_font (widget);
  g_autoptr(PangoLayout) layout = make_layout (widget, self->title, title, -1);
  int text_width;

  pango_layout_set_width (layout, -1);
  pango_layout_get_pixel_size (layout, &text_width, NULL);
  pango_font_description_free (title);
  if (self->title == NULL || text_width <= gtk_widget_get_width (widget))
    return FALSE;
  gtk_tooltip_set_text (tooltip, self->title);
  return TRUE;
}

static void
ca_text_row_finalize (GObject *object)
{
  CaTextRow *self = CA_TEXT_ROW (object);

  g_free (self->title);
  g_free (self->subtitle);
  G_OBJECT_CLASS (ca_text_row_parent_class)->finalize (object);
}

static void
ca_text_row_class_init (CaTextRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ca_text_row_finalize;
  widget_class->measure = ca_text_row_measure;
  widget_class->snapshot = ca_text_row_snapshot;
  widget_class->query_tooltip = ca_text_row_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "textrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
ca_text_row_init (CaTextRow *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "caption");
}

GtkWidget *
ca_text_row_new (void)
{
  return g_object_new (CA_TYPE_TEXT_ROW, NULL);
}

void
ca_text_row_set_text (CaTextRow  *self,
                      const char *title,
                      const char *subtitle)
{
  gboolean had_subtitle;
  g_autofree char *spoken = NULL;

  g_return_if_fail (CA_IS_TEXT_ROW (self));

  had_subtitle = has_subtitle (self);
  g_free (self->title);
  g_free (self->subtitle);
  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle);

  /* What a screen reader says is what the row shows */
  spoken = has_subtitle (self) ? g_strdup_printf ("%s, %s", title, subtitle) : g_strdup (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                  -1);
  if (had_subtitle != has_subtitle (self))
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
ca_text_row_get_title (CaTextRow *self)
{
  g_return_val_if_fail (CA_IS_TEXT_ROW (self), NULL);
  return self->title;
}

const char *
ca_text_row_get_subtitle (CaTextRow *self)
{
  g_return_val_if_fail (CA_IS_TEXT_ROW (self), NULL);
  return self->subtitle;
}

PangoFontDescription *
ca_text_row_dup_title_font (CaTextRow *self)
{
  g_return_val_if_fail (CA_IS_TEXT_ROW (self), NULL);
  return title_font (GTK_WIDGET (self));
}

PangoFontDescription *
ca_text_row_dup_subtitle_font (CaTextRow *self)
{
  g_return_val_if_fail (CA_IS_TEXT_ROW (self), NULL);
  return subtitle_font (GTK_WIDGET (self));
}
