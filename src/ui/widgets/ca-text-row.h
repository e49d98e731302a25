/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CA_TYPE_TEXT_ROW (ca_text_row_get_type ())
G_DECLARE_FINAL_TYPE (CaTextRow, ca_text_row, CA, TEXT_ROW, GtkWidget)

/* A list row's text: a bold title over a dim line of details, each on one line
 * and ellipsized (the clusters list, search results). */
GtkWidget  *ca_text_row_new          (void);
void        ca_text_row_set_text     (CaTextRow  *self,
                                      const char *title,
                                      const char *subtitle);
const char *ca_text_row_get_title    (CaTextRow  *self);
const char *ca_text_row_get_subtitle (CaTextRow  *self);
/* The fonts the two lines are drawn in (free with pango_font_description_free) */
PangoFontDescription *ca_text_row_dup_title_font    (CaTextRow *self);
PangoFontDescription *ca_text_row_dup_subtitle_font (CaTextRow *self);

G_END_DECLS
