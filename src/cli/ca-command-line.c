/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-command-line"

#include "config.h"

#include <glib/gi18n.h>

#include <unistd.h>

#include "ca-command-line.h"
#include "ca-command-store.h"
#include "ca-feed-parser.h"
#include "ca-ics-parser.h"
#include "ca-local-file.h"

int
ca_command_version (void)
{
  g_print ("cluster-atlas %s\n", PACKAGE_VERSION);
  return 0;
}

static gboolean
is_ics_name (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".ics") || g_str_has_suffix (lower, ".ical");
}

/* Prints each warning as "path: message", then a summary; 1 when the feed is rejected.
 * "-" is standard input. Like a download, at most the feed size limit is read. */
int
ca_command_validate_feed (const char *path)
{
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *clusters = NULL;
  g_autofree char *projects = NULL;
  g_autofree char *events = NULL;
  g_autofree char *warnings = NULL;
  gsize limit = ca_command_feed_size_limit ();
  guint n;

  /* Not g_file_load_bytes(): it reads without a limit, and past 4 GiB its 32-bit
   * buffer length wraps and it writes beyond the buffer (/dev/zero did) */
  if (g_str_equal (path, "-"))
    bytes = ca_local_file_read_fd (STDIN_FILENO, _("standard input"), limit, NULL, &error);
  else
    bytes = ca_local_file_read (path, limit, NULL, &error);
  if (bytes == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  ca_feed_parser_set_max_size (parser, limit);

  /* By content: a calendar, or a cluster feed; a file named .ics is a calendar
   * whatever it holds, so what is wrong with it is said in calendar terms */
  if (ca_ics_sniff (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) ||
      is_ics_name (path))
    {
      g_autoptr(CaIcsParser) ics = ca_ics_parser_new ();

      ca_ics_parser_set_max_size (ics, limit);
      feed = ca_ics_parser_parse (ics, bytes, "validate", &error);
    }
  else
    feed = ca_feed_parser_parse (parser, bytes, "validate", &error);
  if (feed == NULL)
    {
      /* TRANSLATORS: the first %s is a file name, the second why it was rejected */
      g_printerr (_("%s: rejected: %s\n"), path, error->message);
      return 1;
    }

  for (guint i = 0; i < feed->warnings->len; i++)
    g_print ("%s\n", (const char *) feed->warnings->pdata[i]);

  n = feed->clusters->len;
  clusters = g_strdup_printf (ngettext ("%u cluster", "%u clusters", n), n);
  n = feed->projects->len;
  projects = g_strdup_printf (ngettext ("%u project", "%u projects", n), n);
  n = feed->events->len;
  events = g_strdup_printf (ngettext ("%u event", "%u events", n), n);
  n = feed->warnings->len;
  warnings = g_strdup_printf (ngettext ("%u warning", "%u warnings", n), n);
  /* TRANSLATORS: a summary: "3 clusters, 10 projects, 14 events, 0 warnings" */
  g_print (_("%s, %s, %s, %s\n"), clusters, projects, events, warnings);
  return 0;
}
