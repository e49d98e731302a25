/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The one place that decides which feed links may be launched: http and https pages,
 * and mailto for addresses. Feed content is untrusted; nothing else is ever opened. */

gboolean ca_link_is_web   (const char *uri);
gboolean ca_link_can_open (const char *uri);
void     ca_link_open     (GtkWidget  *from,
                           const char *uri);

G_END_DECLS
