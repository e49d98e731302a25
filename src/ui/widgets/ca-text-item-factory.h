/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Rows of a drop-down over GtkStringObjects: the string as plain text (feed text,
 * never markup), ellipsized past max_width_chars, whole in its tooltip. The filter
 * popovers of the Calendar and the Clusters list use it. */
GtkListItemFactory *ca_text_item_factory_new (int max_width_chars);

G_END_DECLS
