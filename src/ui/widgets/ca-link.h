/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The one place that decides which feed links may be launched: http and https pages,
 * and mailto for plain addresses. Feed content is untrusted; nothing else is ever
 * opened. */

gboolean ca_link_is_web   (const char *uri);
gboolean ca_link_can_open (const char *uri);
/* "mailto:" and address, or NULL when address is not a plain one (a query such as
 * "?attach=…" or anything else a mail client might act on) */
char    *ca_link_mailto   (const char *address);
/* Hands uri to the desktop's handler for it (GtkUriLauncher, asynchronously);
 * FALSE, and nothing launched, when it is not a link that may be opened */
gboolean ca_link_open     (GtkWidget  *from,
                           const char *uri);

G_END_DECLS
