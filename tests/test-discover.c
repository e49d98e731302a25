/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-discover"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "ca-discover.h"
#include "ca-test-core.h"
#include "ca-test-drip-server.h"
#include "ca-test-site.h"

/*
 * Discovery (src/core/ca-discover.c): the calendar a page's head announces, found
 * in pages as they come — among stylesheets and other feeds, relative, over 1 MiB,
 * absent — served by a real SoupServer on 127.0.0.1, and in documents parsed
 * without a server.
 */

typedef struct {
  char         *dir;
  CaStore      *store;
  CaSync       *sync;
  CaTestServer *site;
  CaDiscovery  *discovery;
  GError       *error;
  gboolean      done;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fx->dir = g_dir_make_tmp ("ca-discover-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fx->dir, "atlas.db", NULL);
  fx->store = ca_test_open_store (path);
  fx->sync = ca_sync_new (fx->store);
  ca_sync_set_timeouts (fx->sync, 5, 5);
  ca_sync_set_deadline (fx->sync, 10);
  fx->site = ca_test_site_new ();
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  ca_test_server_stop (fx->site);
  g_clear_object (&fx->site);
  g_clear_pointer (&fx->discovery, ca_discovery_free);
  g_clear_error (&fx->error);
  g_clear_object (&fx->sync);
  g_clear_object (&fx->store);
  ca_test_remove_tree (fx->dir);
  g_free (fx->dir);
}

static void
discovered (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  Fixture *fx = user_data;

  fx->discovery = ca_discover_finish (res, &fx->error);
  fx->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Fixture *) data)->done;
}

/* Discovers path on the site; TRUE when it answered */
static gboolean
discover (Fixture    *fx,
          const char *path)
{
  g_autofree char *url = ca_test_server_dup_url (fx->site, path);

  g_clear_pointer (&fx->discovery, ca_discovery_free);
  g_clear_error (&fx->error);
  fx->done = FALSE;
  ca_discover_async (fx->sync, url, NULL, discovered, fx);
  g_assert_true (ca_test_wait_until (is_done, fx, 15000));
  return fx->discovery != NULL;
}

static CaDiscoveredCalendar *
calendar_at (Fixture *fx,
             guint    i)
{
  g_assert_cmpuint (fx->discovery->calendars->len, >, i);
  return fx->discovery->calendars->pdata[i];
}

static void
test_announced (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *expected = ca_test_server_dup_url (fx->site, "events/?ical=1");
  g_autofree char *page = ca_test_server_dup_url (fx->site, "");

  g_assert_true (discover (fx, ""));
  g_assert_no_error (fx->error);
  g_assert_true (fx->discovery->is_page);
  g_assert_cmpstr (fx->discovery->page_url, ==, page);
  /* The stylesheets, the RSS feed, the icon and the link in the body are not it */
  g_assert_cmpuint (fx->discovery->calendars->len, ==, 1);
  g_assert_cmpstr (calendar_at (fx, 0)->url, ==, expected);
  g_assert_cmpstr (calendar_at (fx, 0)->title, ==, "Cluster board » iCal Feed");
  /* Only the page was read, not the calendar */
  g_assert_cmpuint (ca_test_site_get_calendar_hits (fx->site), ==, 0);
}

static void
test_redirect (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *expected = ca_test_server_dup_url (fx->site, "events/?ical=1");
  g_autofree char *page = ca_test_server_dup_url (fx->site, "");

  g_assert_true (discover (fx, "moved"));
  g_assert_cmpstr (fx->discovery->page_url, ==, page);
  g_assert_cmpstr (calendar_at (fx, 0)->url, ==, expected);
}

static void
test_relative (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *expected = ca_test_server_dup_url (fx->site, "relative/board.ics");

  g_assert_true (discover (fx, "relative/"));
  g_assert_cmpuint (fx->discovery->calendars->len, ==, 1);
  g_assert_cmpstr (calendar_at (fx, 0)->url, ==, expected);
  g_assert_null (calendar_at (fx, 0)->title);
}

/* Only the first MiB is read: a link after it is not seen */
static void
test_big_page (Fixture       *fx,
               gconstpointer  data)
{
  g_assert_true (discover (fx, "big/"));
  g_assert_true (fx->discovery->is_page);
  g_assert_cmpuint (fx->discovery->calendars->len, ==, 0);
}

static void
test_none (Fixture       *fx,
           gconstpointer  data)
{
  g_assert_true (discover (fx, "none/"));
  g_assert_true (fx->discovery->is_page);
  g_assert_cmpuint (fx->discovery->calendars->len, ==, 0);
}

/* A calendar's own address is no page: discovery says so and does not download it */
static void
test_not_a_page (Fixture       *fx,
                 gconstpointer  data)
{
  g_assert_true (discover (fx, "events/?ical=1"));
  g_assert_false (fx->discovery->is_page);
  g_assert_cmpuint (fx->discovery->calendars->len, ==, 0);
}

static void
test_errors (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *url = NULL;

  g_assert_false (discover (fx, "missing/"));
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_NOT_FOUND);

  /* The sync's address rules: plain http only on this computer */
  g_clear_error (&fx->error);
  fx->done = FALSE;
  ca_discover_async (fx->sync, "http://example.org/", NULL, discovered, fx);
  g_assert_true (ca_test_wait_until (is_done, fx, 5000));
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_BAD_URL);

  /* A server gone: refused */
  url = g_strdup (ca_test_server_get_url (fx->site));
  ca_test_server_stop (fx->site);
  g_clear_error (&fx->error);
  fx->done = FALSE;
  ca_discover_async (fx->sync, url, NULL, discovered, fx);
  g_assert_true (ca_test_wait_until (is_done, fx, 15000));
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_NETWORK);
}

/* Discovers url; the seconds it took */
static double
discover_url_timed (Fixture    *fx,
                    const char *url)
{
  gint64 started = g_get_monotonic_time ();

  g_clear_pointer (&fx->discovery, ca_discovery_free);
  g_clear_error (&fx->error);
  fx->done = FALSE;
  ca_discover_async (fx->sync, url, NULL, discovered, fx);
  g_assert_true (ca_test_wait_until (is_done, fx, 30000));
  return (g_get_monotonic_time () - started) / 1e6;
}

/* A host that never takes the connection, and a page that never ends: the sync's
 * connect timeout and deadline end each, with the sync's words */
static void
test_timeouts (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GArray) fillers = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(CaTestDripServer) drip = ca_test_drip_server_new ();
  g_autofree char *url = NULL;
  double seconds;
  guint16 port;
  int fd;

  fd = ca_test_listen_full (&port, fillers);
  url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  ca_sync_set_timeouts (fx->sync, 2, 30);
  ca_sync_set_deadline (fx->sync, 60);
  seconds = discover_url_timed (fx, url);
  g_test_message ("connect: gave up after %.1f s", seconds);
  g_assert_null (fx->discovery);
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_TIMEOUT);
  g_assert_cmpstr (fx->error->message, ==, "Could not connect to 127.0.0.1: gave up after 2 s");
  g_assert_cmpfloat (seconds, >=, 1.0);
  g_assert_cmpfloat (seconds, <=, 6.0);
  for (guint i = 0; i < fillers->len; i++)
    close (g_array_index (fillers, int, i));
  close (fd);

  /* Headers one byte every 100 ms, for ever: only the deadline ends it */
  ca_test_drip_server_serve_drip (drip, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                        "X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", 100);
  ca_sync_set_timeouts (fx->sync, 5, 30);
  ca_sync_set_deadline (fx->sync, 2);
  seconds = discover_url_timed (fx, ca_test_drip_server_get_url (drip));
  g_test_message ("deadline: gave up after %.1f s, %u bytes dripped", seconds,
                  ca_test_drip_server_get_dripped (drip));
  g_assert_null (fx->discovery);
  g_assert_error (fx->error, CA_SYNC_ERROR, CA_SYNC_ERROR_TIMEOUT);
  g_assert_cmpstr (fx->error->message, ==, "127.0.0.1 did not answer: gave up after 2 s");
  g_assert_cmpuint (ca_test_drip_server_get_dripped (drip), >=, 2);
  g_assert_cmpfloat (seconds, >=, 1.5);
  g_assert_cmpfloat (seconds, <=, 8.0);
}

static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = ca_test_server_dup_url (fx->site, "");

  ca_discover_async (fx->sync, url, cancellable, discovered, fx);
  g_cancellable_cancel (cancellable);
  g_assert_true (ca_test_wait_until (is_done, fx, 5000));
  g_assert_error (fx->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static guint
count_parsed (const char *html,
              const char *base,
              char      **first)
{
  g_autoptr(GPtrArray) calendars = ca_discover_parse_page (html, strlen (html), base);

  if (first != NULL)
    *first = calendars->len > 0
             ? g_strdup (((CaDiscoveredCalendar *) calendars->pdata[0])->url) : NULL;
  return calendars->len;
}

/* The rules of <link>, without a server */
static void
test_parse (void)
{
  const char *base = "https://cluster.example/about/";
  g_autofree char *first = NULL;
  char *url = NULL;

  /* rel is a list, any case; the type may have parameters; webcal is https */
  g_assert_cmpuint (count_parsed ("<head><link rel=\"feed ALTERNATE\" type=\"TEXT/Calendar\" "
                                  "href=\"webcal://cluster.example/cal.ics\">", base, &url),
                    ==, 1);
  g_assert_cmpstr (url, ==, "https://cluster.example/cal.ics");
  g_clear_pointer (&url, g_free);
  /* Relative to the page, or to its <base> */
  g_assert_cmpuint (count_parsed ("<head><link rel=alternate type=text/calendar href=\"../ev.ics\">",
                                  base, &url), ==, 1);
  g_assert_cmpstr (url, ==, "https://cluster.example/ev.ics");
  g_clear_pointer (&url, g_free);
  g_assert_cmpuint (count_parsed ("<head><base href=\"https://cdn.example/x/\">"
                                  "<link rel=alternate type=text/calendar href=\"ev.ics\">",
                                  base, &url), ==, 1);
  g_assert_cmpstr (url, ==, "https://cdn.example/x/ev.ics");
  g_clear_pointer (&url, g_free);
  /* Twice the same: once */
  g_assert_cmpuint (count_parsed ("<head><link rel=alternate type=text/calendar href=/a.ics>"
                                  "<link rel=alternate type=text/calendar href=/a.ics>",
                                  base, NULL), ==, 1);
  /* Not http(s), or plain http to another computer: not offered */
  g_assert_cmpuint (count_parsed ("<head><link rel=alternate type=text/calendar "
                                  "href=\"javascript:alert(1)\">"
                                  "<link rel=alternate type=text/calendar href=\"file:///etc/passwd\">"
                                  "<link rel=alternate type=text/calendar href=\"http://cluster.example/c.ics\">"
                                  "<link rel=alternate type=text/calendar href=\"\">",
                                  base, NULL), ==, 0);
  /* Not alternate, not a calendar, not in the head */
  g_assert_cmpuint (count_parsed ("<head><link rel=\"alternates\" type=text/calendar href=/a.ics>"
                                  "<link rel=alternate type=\"text/calendar-x\" href=/b.ics>"
                                  "</head><body><p>x</p>"
                                  "<link rel=alternate type=text/calendar href=/c.ics></body>",
                                  base, NULL), ==, 0);
  /* Broken markup is still read: a document never closed keeps its link; a link
   * inside a title never closed is the title's text, not a link. Nothing is nothing. */
  g_assert_cmpuint (count_parsed ("<html><head><link rel=alternate type=text/calendar "
                                  "href=/d.ics><body><p>never closed", base, &first), ==, 1);
  g_assert_cmpstr (first, ==, "https://cluster.example/d.ics");
  g_clear_pointer (&first, g_free);
  g_assert_cmpuint (count_parsed ("<html><head><title>x<link rel=alternate "
                                  "type=text/calendar href=/d.ics", base, NULL), ==, 0);
  g_assert_cmpuint (count_parsed ("", base, NULL), ==, 0);
  g_assert_cmpuint (count_parsed ("\x01\x02\xff\xfe<<<>>>", base, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/discover/parse", test_parse);
  ADD ("/discover/announced", test_announced);
  ADD ("/discover/redirect", test_redirect);
  ADD ("/discover/relative", test_relative);
  ADD ("/discover/big-page", test_big_page);
  ADD ("/discover/none", test_none);
  ADD ("/discover/not-a-page", test_not_a_page);
  ADD ("/discover/errors", test_errors);
  ADD ("/discover/cancel", test_cancel);
  ADD ("/discover/timeouts", test_timeouts);

  return g_test_run ();
}
