/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-font-preload"

#include "config.h"

#include <pango/pangocairo.h>

#include "ca-font-preload.h"

/*
 * An empty window draws no text; a window of text draws its first frame only once
 * Pango has matched its fonts, opened their files, measured their glyphs, and cairo
 * has rasterized each glyph it draws — all on the main thread, at first use, inside
 * that frame. Here a thread does it while the main thread is still building the
 * window: it makes the font map the window will use, with GTK's own font options,
 * resolution and language, loads the window's two fonts (its font in bold, and the
 * .caption font) and lays out and draws the texts the first frame shows. Cairo keeps
 * the glyphs it drew with each font, so the frame finds them drawn. Once finished,
 * that font map is the main thread's default and the window's.
 */

struct _CaFontPreload
{
  GThread              *thread;
  PangoFontMap         *font_map;      /* made by the thread */
  cairo_font_options_t *options;
  double                resolution;
  PangoLanguage        *language;
  gboolean              round_positions;
  PangoFontDescription *fonts[2];      /* by CaFontPreloadStyle */
  GPtrArray            *texts[2];
};

/* The font GTK gives a label with that style class, and the rest of its Pango
 * context: the fonts must be the very ones the window asks for, or the work is
 * done for fonts nobody draws with */
static PangoFontDescription *
read_font (CaFontPreload *self,
           const char    *css_class)
{
  g_autoptr(GtkWidget) label = g_object_ref_sink (gtk_label_new (NULL));
  PangoContext *context;
  const cairo_font_options_t *options;

  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  context = gtk_widget_get_pango_context (label);
  if (self->options == NULL)
    {
      options = pango_cairo_context_get_font_options (context);
      self->options = options != NULL ? cairo_font_options_copy (options)
                                      : cairo_font_options_create ();
      self->resolution = pango_cairo_context_get_resolution (context);
      self->language = pango_context_get_language (context);
      self->round_positions = pango_context_get_round_glyph_positions (context);
    }
  return pango_font_description_copy (pango_context_get_font_description (context));
}

static gpointer
preload_thread (gpointer data)
{
  CaFontPreload *self = data;
  PangoContext *context;
  cairo_surface_t *surface;
  cairo_t *cr;

  self->font_map = pango_cairo_font_map_new ();
  context = pango_font_map_create_context (self->font_map);
  pango_cairo_context_set_font_options (context, self->options);
  pango_cairo_context_set_resolution (context, self->resolution);
  pango_context_set_language (context, self->language);
  pango_context_set_round_glyph_positions (context, self->round_positions);

  /* Wide enough for the texts as ca_font_preload_add() cuts them */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 32);
  cr = cairo_create (surface);
  for (guint style = 0; style < G_N_ELEMENTS (self->fonts); style++)
    {
      for (guint i = 0; i < self->texts[style]->len; i++)
        {
          g_autoptr(PangoLayout) layout = pango_layout_new (context);

          pango_layout_set_font_description (layout, self->fonts[style]);
          pango_layout_set_single_paragraph_mode (layout, TRUE);
          pango_layout_set_text (layout, g_ptr_array_index (self->texts[style], i), -1);
          cairo_move_to (cr, 0, 0);
          pango_cairo_show_layout (cr, layout);
        }
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_object_unref (context);
  return NULL;
}

/* On the main thread, once GTK is initialised */
CaFontPreload *
ca_font_preload_new (void)
{
  CaFontPreload *self = g_new0 (CaFontPreload, 1);

  self->fonts[CA_FONT_PRELOAD_BOLD] = read_font (self, NULL);
  pango_font_description_set_weight (self->fonts[CA_FONT_PRELOAD_BOLD], PANGO_WEIGHT_BOLD);
  self->fonts[CA_FONT_PRELOAD_CAPTION] = read_font (self, "caption");
  for (guint style = 0; style < G_N_ELEMENTS (self->texts); style++)
    self->texts[style] = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
ca_font_preload_add (CaFontPreload      *self,
                     CaFontPreloadStyle  style,
                     const char         *text)
{
  g_return_if_fail (self != NULL && self->thread == NULL);
  g_return_if_fail (style < G_N_ELEMENTS (self->texts));

  /* A line of the list is cut short well before: what is not drawn needs no
   * glyphs, and the glyphs before the cut are placed the same either way */
  if (text != NULL && text[0] != '\0')
    g_ptr_array_add (self->texts[style], g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), 48)));
}

void
ca_font_preload_start (CaFontPreload *self)
{
  g_return_if_fail (self != NULL && self->thread == NULL);

  self->thread = g_thread_new ("ca-font-preload", preload_thread, self);
}

/* What it loads for that style, as GTK gives it to widgets */
PangoFontDescription *
ca_font_preload_dup_font (CaFontPreload      *self,
                          CaFontPreloadStyle  style)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (style < G_N_ELEMENTS (self->fonts), NULL);

  return pango_font_description_copy (self->fonts[style]);
}

/* Waits for the thread, makes its font map the main thread's default and the
 * window's, and frees @self */
void
ca_font_preload_finish (CaFontPreload *self,
                        GtkWidget     *window)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (window == NULL || GTK_IS_WIDGET (window));

  if (self->thread != NULL)
    {
      g_thread_join (self->thread);
      /* Tooltips and other windows draw with it too; a change of the fonts
       * installed reaches it, as GTK tells the default font map */
      pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (self->font_map));
      /* Contexts made while the window was built still have the old one */
      if (window != NULL)
        gtk_widget_set_font_map (window, self->font_map);
      g_object_unref (self->font_map);
    }
  for (guint style = 0; style < G_N_ELEMENTS (self->fonts); style++)
    {
      pango_font_description_free (self->fonts[style]);
      g_ptr_array_unref (self->texts[style]);
    }
  g_clear_pointer (&self->options, cairo_font_options_destroy);
  g_free (self);
}
