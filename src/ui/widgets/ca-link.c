/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-link"

#include "config.h"

#include <string.h>

#include "ca-link.h"

static gboolean
has_scheme (const char *uri,
            const char *wanted)
{
  /* GLib's own parser, which also refuses leading spaces and other tricks */
  const char *scheme = uri != NULL ? g_uri_peek_scheme (uri) : NULL;

  return scheme != NULL && g_str_equal (scheme, wanted);
}

/* ASCII letters, digits and ".-_+" around one "@": what addresses in feeds are, and
 * nothing a URI would need escaped. A mailto URI can carry more than an address
 * ("?attach=", "?body=", more recipients), and some mail clients act on that: none
 * of it is let through. */
static gboolean
is_plain_address (const char *address)
{
  const char *at;

  if (address == NULL)
    return FALSE;
  at = strchr (address, '@');
  if (at == NULL || at == address || at[1] == '\0' || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = address; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (".-_+@", *p) == NULL)
      return FALSE;
  return TRUE;
}

gboolean
ca_link_is_web (const char *uri)
{
  return has_scheme (uri, "https") || has_scheme (uri, "http");
}

gboolean
ca_link_can_open (const char *uri)
{
  return ca_link_is_web (uri) ||
         (has_scheme (uri, "mailto") && is_plain_address (uri + strlen ("mailto:")));
}

char *
ca_link_mailto (const char *address)
{
  if (!is_plain_address (address))
    return NULL;
  return g_strconcat ("mailto:", address, NULL);
}

static void
launched (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autofree char *uri = user_data;
  g_autoptr(GError) error = NULL;

  /* Nothing to tell the user that the desktop has not told them already */
  if (!gtk_uri_launcher_launch_finish (GTK_URI_LAUNCHER (source), result, &error) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
    g_message ("Cannot open %s: %s", uri, error->message);
}

gboolean
ca_link_open (GtkWidget  *from,
              const char *uri)
{
  g_autoptr(GtkUriLauncher) launcher = NULL;
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (from), FALSE);

  if (!ca_link_can_open (uri))
    {
      g_debug ("Not opening %s: only http, https and mailto links are", uri);
      return FALSE;
    }
  root = gtk_widget_get_root (from);
  launcher = gtk_uri_launcher_new (uri);
  /* The launch holds the launcher until it is done */
  gtk_uri_launcher_launch (launcher, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL,
                           launched, g_strdup (uri));
  return TRUE;
}
