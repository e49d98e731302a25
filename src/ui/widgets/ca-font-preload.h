/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The fonts a window's first frame draws, loaded and their glyphs drawn once in a
 * thread of their own while the main thread builds the window (ca-font-preload.c) */
typedef struct _CaFontPreload CaFontPreload;

typedef enum
{
  CA_FONT_PRELOAD_BOLD,      /* the window's font in bold: list titles, view switcher */
  CA_FONT_PRELOAD_CAPTION,   /* Adwaita's .caption: subtitles, the bottom bar */
} CaFontPreloadStyle;

CaFontPreload *ca_font_preload_new    (void);
void           ca_font_preload_add    (CaFontPreload      *self,
                                       CaFontPreloadStyle  style,
                                       const char         *text);
void           ca_font_preload_start  (CaFontPreload      *self);
PangoFontDescription *
               ca_font_preload_dup_font (CaFontPreload      *self,
                                         CaFontPreloadStyle  style);
void           ca_font_preload_finish (CaFontPreload      *self,
                                       GtkWidget          *window);

G_END_DECLS
