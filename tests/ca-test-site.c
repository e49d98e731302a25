/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-test-site"

#include "config.h"

#include <string.h>

#include "ca-test-site.h"

static const char site_page[] =
  "<!DOCTYPE html>\n"
  "<html lang=\"bg\"><head>\n"
  "<meta charset=\"utf-8\">\n"
  "<title>Cluster board</title>\n"
  /* Noise first: stylesheets, a feed of another type, a link with no type */
  "<link rel=\"alternate stylesheet\" type=\"text/css\" href=\"/dark.css\" title=\"Dark\">\n"
  "<link rel=\"stylesheet\" href=\"/style.css\">\n"
  "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed/\" title=\"News\">\n"
  "<link rel=\"alternate\" href=\"/events/list/\">\n"
  "<link rel=\"icon\" type=\"text/calendar\" href=\"/not-a-calendar.ics\">\n"
  "<link rel=\"Alternate\" type=\"text/calendar; charset=utf-8\" "
  "title=\"Cluster board » iCal Feed\" href=\"/events/?ical=1\">\n"
  "</head><body><h1>Cluster board</h1>\n"
  /* Only the head announces */
  "<link rel=\"alternate\" type=\"text/calendar\" href=\"/body.ics\">\n"
  "</body></html>\n";

static const char relative_page[] =
  "<html><head><title>Relative</title>"
  "<link rel=\"alternate\" type=\"text/calendar\" href=\"board.ics\">"
  "</head><body></body></html>";

static const char none_page[] =
  "<!DOCTYPE html><html><head><title>No calendar</title>"
  "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed/\">"
  "</head><body><p>Events: ask us.</p></body></html>";

static void
serve_site (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  guint *hits = user_data;
  g_autoptr(GBytes) body = NULL;

  if (g_str_equal (path, "/"))
    body = g_bytes_new_static (site_page, strlen (site_page));
  else if (g_str_equal (path, "/relative/"))
    body = g_bytes_new_static (relative_page, strlen (relative_page));
  else if (g_str_equal (path, "/none/"))
    body = g_bytes_new_static (none_page, strlen (none_page));
  else if (g_str_equal (path, "/big/"))
    {
      GString *page = g_string_new ("<!DOCTYPE html><html><head><title>Big</title><!-- ");

      while (page->len < 1024 * 1024 + 4096)
        g_string_append (page, "filler filler filler filler filler filler filler filler\n");
      g_string_append (page, " --><link rel=\"alternate\" type=\"text/calendar\" "
                             "href=\"/events/?ical=1\"></head><body></body></html>");
      body = g_string_free_to_bytes (page);
    }
  else if (g_str_equal (path, "/moved"))
    {
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/");
      return;
    }
  else if ((g_str_equal (path, "/events/") && query != NULL &&
            g_strcmp0 (g_hash_table_lookup (query, "ical"), "1") == 0) ||
           g_str_equal (path, "/relative/board.ics"))
    {
      g_autofree char *file = g_test_build_filename (G_TEST_DIST, "fixtures", "ics",
                                                     "subscription.ics", NULL);
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (file, FALSE, NULL);
      g_autoptr(GBytes) calendar = NULL;

      g_assert_nonnull (mapped);
      calendar = g_mapped_file_get_bytes (mapped);
      (*hits)++;
      ca_test_server_reply (msg, "text/calendar; charset=utf-8", calendar);
      return;
    }
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  ca_test_server_reply (msg, "text/html; charset=utf-8", body);
}

CaTestServer *
ca_test_site_new (void)
{
  guint *hits = g_new0 (guint, 1);
  CaTestServer *site = ca_test_server_new (serve_site, hits);

  g_object_set_data_full (G_OBJECT (site), "ca-test-site-hits", hits, g_free);
  return site;
}

guint
ca_test_site_get_calendar_hits (CaTestServer *site)
{
  return *(guint *) g_object_get_data (G_OBJECT (site), "ca-test-site-hits");
}
