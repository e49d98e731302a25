/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-link"

#include "config.h"

#include "ca-link.h"

static gboolean
has_scheme (const char *uri,
            const char *wanted)
{
  /* GLib's own parser, which also refuses leading spaces and other tricks */
  const char *scheme = uri != NULL ? g_uri_peek_scheme (uri) : NULL;

  return scheme != NULL && g_str_equal (scheme, wanted);
}

gboolean
ca_link_is_web (const char *uri)
{
  return has_scheme (uri, "https") || has_scheme (uri, "http");
}

gboolean
ca_link_can_open (const char *uri)
{
  return ca_link_is_web (uri) || has_scheme (uri, "mailto");
}

void
ca_link_open (GtkWidget  *from,
              const char *uri)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (from));

  if (!ca_link_can_open (uri))
    {
      g_debug ("Not opening %s: only http, https and mailto links are", uri);
      return;
    }
  root = gtk_widget_get_root (from);
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}
