/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-composition-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ca-composition-chart.h"
#include "ca-format.h"

/* One labelled bar per kind of member, its number written beside it: the chart
 * reads without colour, and screen readers get the numbers as its description. */

struct _CaCompositionChart
{
  GtkWidget  parent_instance;

  gint64     counts[CA_N_COMPOSITION];
};

G_DEFINE_FINAL_TYPE (CaCompositionChart, ca_composition_chart, GTK_TYPE_WIDGET)

#define ROW_HEIGHT   28
#define LABEL_WIDTH  210
#define BAR_HEIGHT   14
#define NUMBER_GAP   8
#define MIN_WIDTH    260

/* The kinds drawn, in order: the total ("members") is said in the heading instead */
static const CaCompositionField drawn[] = {
  CA_COMPOSITION_SMES,
  CA_COMPOSITION_STARTUPS,
  CA_COMPOSITION_LARGE_COMPANIES,
  CA_COMPOSITION_RESEARCH,
  CA_COMPOSITION_CIVIL_SOCIETY,
  CA_COMPOSITION_OTHER,
};

static const char *
field_label (CaCompositionField field)
{
  switch (field)
    {
    case CA_COMPOSITION_SMES: return _("SMEs");
    case CA_COMPOSITION_STARTUPS: return _("Start-ups");
    case CA_COMPOSITION_LARGE_COMPANIES: return _("Large companies");
    case CA_COMPOSITION_RESEARCH: return _("Research and universities");
    case CA_COMPOSITION_CIVIL_SOCIETY: return _("Civil society");
    case CA_COMPOSITION_OTHER: return _("Other");
    case CA_COMPOSITION_MEMBERS:
    case CA_N_COMPOSITION:
    default: return _("Members");
    }
}

static guint
n_rows (CaCompositionChart *self)
{
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (drawn); i++)
    n += self->counts[drawn[i]] >= 0;
  return n;
}

static void
ca_composition_chart_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  CaCompositionChart *self = CA_COMPOSITION_CHART (widget);

  /* At the least, the page fits a 300 px view with its margins (ca-cluster-page.c) */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = 520;
    }
  else
    *minimum = *natural = n_rows (self) * ROW_HEIGHT;
}

static PangoLayout *
layout_for (GtkWidget  *widget,
            const char *text,
            int         width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);

  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

static void
ca_composition_chart_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  CaCompositionChart *self = CA_COMPOSITION_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int label_width = MIN (LABEL_WIDTH, width / 2);
  int bar_space = width - label_width - 64;
  gint64 largest = 1;
  GdkRGBA color;
  GdkRGBA track;
  int y = 0;

  /* The widget's own foreground: right in light and dark styles alike */
  gtk_widget_get_color (widget, &color);
  track = color;
  track.alpha = 0.1;
  color.alpha = 0.75;

  for (guint i = 0; i < G_N_ELEMENTS (drawn); i++)
    largest = MAX (largest, self->counts[drawn[i]]);

  for (guint i = 0; i < G_N_ELEMENTS (drawn); i++)
    {
      gint64 count = self->counts[drawn[i]];
      g_autoptr(PangoLayout) label = NULL;
      g_autoptr(PangoLayout) number = NULL;
      g_autofree char *count_text = NULL;
      int text_height;
      int bar_width;

      if (count < 0)
        continue;

      label = layout_for (widget, field_label (drawn[i]), label_width - NUMBER_GAP);
      pango_layout_get_pixel_size (label, NULL, &text_height);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y + (ROW_HEIGHT - text_height) / 2.0));
      gtk_snapshot_append_layout (snapshot, label, &(GdkRGBA) { color.red, color.green, color.blue, 1 });
      gtk_snapshot_restore (snapshot);

      bar_width = MAX (2, (int) (bar_space * (double) count / largest));
      gtk_snapshot_append_color (snapshot, &track,
                                 &GRAPHENE_RECT_INIT (label_width, y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0,
                                                      bar_space, BAR_HEIGHT));
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (label_width, y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0,
                                                      bar_width, BAR_HEIGHT));

      count_text = ca_format_count (count);
      number = layout_for (widget, count_text, 60);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (label_width + bar_space + NUMBER_GAP,
                                                    y + (ROW_HEIGHT - text_height) / 2.0));
      gtk_snapshot_append_layout (snapshot, number, &(GdkRGBA) { color.red, color.green, color.blue, 1 });
      gtk_snapshot_restore (snapshot);

      y += ROW_HEIGHT;
    }
}

static void
ca_composition_chart_class_init (CaCompositionChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = ca_composition_chart_measure;
  widget_class->snapshot = ca_composition_chart_snapshot;

  gtk_widget_class_set_css_name (widget_class, "compositionchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ca_composition_chart_init (CaCompositionChart *self)
{
  for (guint i = 0; i < CA_N_COMPOSITION; i++)
    self->counts[i] = -1;
}

GtkWidget *
ca_composition_chart_new (void)
{
  return g_object_new (CA_TYPE_COMPOSITION_CHART, NULL);
}

void
ca_composition_chart_set_counts (CaCompositionChart *self,
                                 const gint64       *counts)
{
  g_autofree char *description = NULL;

  g_return_if_fail (CA_IS_COMPOSITION_CHART (self));

  memcpy (self->counts, counts, sizeof self->counts);
  description = ca_composition_chart_dup_description (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Composition"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

gboolean
ca_composition_chart_has_counts (CaCompositionChart *self)
{
  g_return_val_if_fail (CA_IS_COMPOSITION_CHART (self), FALSE);
  return n_rows (self) > 0;
}

/* "280 SMEs, 5 start-ups, 6 research and universities…": what the bars say */
char *
ca_composition_chart_dup_description (CaCompositionChart *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (CA_IS_COMPOSITION_CHART (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (drawn); i++)
    {
      if (self->counts[drawn[i]] < 0)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      /* TRANSLATORS: what a bar counts and its number, "SMEs: 280" */
      g_string_append_printf (out, _("%s: %lld"), field_label (drawn[i]),
                              (long long) self->counts[drawn[i]]);
    }
  return g_string_free (out, FALSE);
}
