/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A widget's tooltip, handed to GTK only when it asks for it. GTK 4.8's
 * gtk_widget_set_tooltip_text() asks the display where the pointer is, a round trip
 * to the X server for each call: a month grid or a long drop-down spent most of its
 * filling waiting on those. The text is plain text, never markup. */

void        ca_tooltip_set_text (GtkWidget  *widget,
                                 const char *text);
const char *ca_tooltip_get_text (GtkWidget  *widget);

G_END_DECLS
