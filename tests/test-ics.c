/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ics"

#include "config.h"

#include <libical/ical.h>
#include <string.h>

#include "ca-feed-parser.h"
#include "ca-ics.h"
#include "ca-text.h"

/* 2026-11-23T10:00:00Z */
#define STAMP G_GINT64_CONSTANT (1795428000)

static const char *hostile[] = {
  "Commas, semicolons; and \\ backslashes",
  "Line one\nline two\r\nline three\rline four",
  ";;;,,,\\\\\\",
  "Конференция „Клъстери, иновации; дигитална трансформация“ — Национален форум на "
  "българските клъстери за зелени технологии, машиностроене и информационни технологии",
  "日本語の長いタイトル、とても長いタイトル、さらに長いタイトル、もっと長いタイトルです",
  "Emoji 🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉 at the fold",
  "a\tb",
};

static CaEvent *
event_new (const char *feed,
           const char *id,
           const char *title)
{
  CaEvent *event = ca_event_new ();

  event->feed = g_strdup (feed);
  event->id = g_strdup (id);
  event->title = g_strdup (title);
  event->start = STAMP;
  event->end = STAMP + 3600;
  event->has_end = TRUE;
  return event;
}

/* Every physical line ends in CRLF, holds at most 75 octets and is valid UTF-8 */
static void
assert_lines_well_formed (const char *ics)
{
  const char *p = ics;

  g_assert_true (g_str_has_suffix (ics, "\r\n"));
  while (*p != '\0')
    {
      const char *end = strstr (p, "\r\n");

      g_assert_nonnull (end);
      g_assert_cmpint (end - p, <=, 75);
      g_assert_true (g_utf8_validate (p, end - p, NULL));
      g_assert_null (memchr (p, '\n', end - p));
      g_assert_null (memchr (p, '\r', end - p));
      p = end + 2;
    }
}

static char *
unfold (const char *ics)
{
  g_autoptr(GRegex) fold = g_regex_new ("\r\n[ \t]", 0, 0, NULL);

  return g_regex_replace_literal (fold, ics, -1, 0, "", 0, NULL);
}

static void
test_escape (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "a,b;c\\d", "a\\,b\\;c\\\\d" },
    { "one\ntwo", "one\\ntwo" },
    { "one\r\ntwo", "one\\ntwo" },
    { "one\rtwo", "one\\ntwo" },
    { "bell\x07", "bell" },
    { "Клъстер, „ИКТ“; 2019", "Клъстер\\, „ИКТ“\\; 2019" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = ca_ics_escape_text (cases[i].in);
      g_assert_cmpstr (escaped, ==, cases[i].out);
    }
}

static void
test_fold (void)
{
  for (guint n = 60; n < 200; n++)
    {
      /* Cyrillic letters are two octets, so a fold could fall inside one */
      g_autoptr(GString) value = g_string_new ("SUMMARY:");
      g_autoptr(GString) out = g_string_new (NULL);
      g_autofree char *back = NULL;

      for (guint i = 0; i < n; i++)
        g_string_append (value, i % 3 == 0 ? "ж" : (i % 3 == 1 ? "a" : "€"));
      ca_ics_append_line (out, value->str);
      assert_lines_well_formed (out->str);
      back = unfold (out->str);
      g_assert_true (g_str_has_suffix (back, "\r\n"));
      back[strlen (back) - 2] = '\0';
      g_assert_cmpstr (back, ==, value->str);
    }

  /* Exactly 75 octets: no fold */
  {
    g_autoptr(GString) out = g_string_new (NULL);
    g_autofree char *line = g_strnfill (75, 'x');

    ca_ics_append_line (out, line);
    g_assert_cmpuint (out->len, ==, 77);
  }
}

/* The hostile strings survive a round trip through libical, field by field */
static void
test_hostile_round_trip (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *ics = NULL;
  icalcomponent *calendar;
  icalcomponent *vevent;
  guint i = 0;

  for (guint k = 0; k < G_N_ELEMENTS (hostile); k++)
    {
      g_autofree char *id = g_strdup_printf ("e%u", k);
      CaEvent *event = event_new ("https://example.org/feed.json?a=1;b=2,c", id, hostile[k]);

      event->description = g_strdup (hostile[(k + 1) % G_N_ELEMENTS (hostile)]);
      event->venue = g_strdup (hostile[(k + 2) % G_N_ELEMENTS (hostile)]);
      event->url = g_strdup_printf ("https://example.org/events/%s?lang=bg&q=a,b;c&long=%s",
                                    id, "0123456789012345678901234567890123456789");
      g_ptr_array_add (events, event);
    }
  ics = ca_ics_write_events (events, STAMP);
  assert_lines_well_formed (ics);

  calendar = icalparser_parse_string (ics);
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_count_errors (calendar), ==, 0);
  for (vevent = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
       vevent != NULL;
       vevent = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT), i++)
    {
      g_autofree char *expected = NULL;
      g_autofree char *description = NULL;
      const char *summary = icalcomponent_get_summary (vevent);

      /* Line breaks come back as LF; control characters other than tab are dropped */
      expected = g_strdup (hostile[i]);
      {
        g_autoptr(GRegex) breaks = g_regex_new ("\r\n|\r", 0, 0, NULL);
        g_autofree char *lf = g_regex_replace_literal (breaks, expected, -1, 0, "\n", 0, NULL);
        g_free (expected);
        expected = g_steal_pointer (&lf);
      }
      g_assert_cmpstr (summary, ==, expected);
      description = g_strdup (icalcomponent_get_description (vevent));
      g_assert_nonnull (description);
      {
        icalproperty *url = icalcomponent_get_first_property (vevent, ICAL_URL_PROPERTY);
        g_autofree char *want = g_strdup_printf ("https://example.org/events/e%u?lang=bg&q=a,b;c"
                                                 "&long=0123456789012345678901234567890123456789",
                                                 i);
        g_assert_nonnull (url);
        g_assert_cmpstr (icalproperty_get_url (url), ==, want);
      }
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (hostile));
  icalcomponent_free (calendar);
}

static CaFeed *
builtin_feed (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "default-feed.json", NULL);
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  CaFeed *feed;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  feed = ca_feed_parser_parse (parser, bytes, "builtin", &error);
  g_assert_no_error (error);
  return feed;
}

static icalcomponent *
find_event (icalcomponent *calendar,
            const char    *uid_prefix)
{
  for (icalcomponent *vevent = icalcomponent_get_first_component (calendar,
                                                                  ICAL_VEVENT_COMPONENT);
       vevent != NULL;
       vevent = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    if (g_str_has_prefix (icalcomponent_get_uid (vevent), uid_prefix))
      return vevent;
  return NULL;
}

/* The built-in feed parses with libical: no errors, every event, the right dates */
static void
test_builtin_libical (void)
{
  const char *languages[] = { "en", NULL };
  g_autoptr(CaFeed) feed = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *again = NULL;
  icalcomponent *calendar;
  icalcomponent *vevent;
  struct icaltimetype t;
  guint n = 0;

  ca_text_set_content_languages (languages);
  feed = builtin_feed ();
  g_assert_cmpuint (feed->events->len, ==, 15);
  ics = ca_ics_write_events (feed->events, STAMP);
  assert_lines_well_formed (ics);
  g_assert_nonnull (strstr (ics, "\r\nPRODID:-//Cluster Atlas//Cluster Atlas "));
  g_assert_nonnull (strstr (ics, "\r\nVERSION:2.0\r\n"));

  calendar = icalparser_parse_string (ics);
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpint (icalcomponent_count_errors (calendar), ==, 0);
  n = icalcomponent_count_components (calendar, ICAL_VEVENT_COMPONENT);
  g_assert_cmpuint (n, ==, feed->events->len);

  /* All day, 26–27 March: DTEND is exclusive, the 28th */
  vevent = find_event (calendar, "national-cluster-conference-2019-");
  g_assert_nonnull (vevent);
  t = icalcomponent_get_dtstart (vevent);
  g_assert_true (t.is_date);
  g_assert_cmpint (t.year * 10000 + t.month * 100 + t.day, ==, 20190326);
  t = icalcomponent_get_dtend (vevent);
  g_assert_true (t.is_date);
  g_assert_cmpint (t.year * 10000 + t.month * 100 + t.day, ==, 20190328);
  g_assert_cmpstr (icalcomponent_get_summary (vevent), ==, "National Cluster Conference");
  g_assert_nonnull (icalcomponent_get_location (vevent));
  g_assert_cmpstr (icalproperty_get_categories (
                     icalcomponent_get_first_property (vevent, ICAL_CATEGORIES_PROPERTY)),
                   ==, "Conference");

  /* A month with no day ("2019-04") covers it whole */
  vevent = find_event (calendar, "adma-training-eindhoven-2019-");
  t = icalcomponent_get_dtend (vevent);
  g_assert_true (t.is_date);
  g_assert_cmpint (t.year * 10000 + t.month * 100 + t.day, ==, 20190501);

  /* Timed, 10:30–14:00 +02:00: in UTC */
  vevent = find_event (calendar, "i4ms-webinar-2021-");
  t = icalcomponent_get_dtstart (vevent);
  g_assert_false (t.is_date);
  g_assert_true (icaltime_is_utc (t));
  g_assert_cmpint (t.hour * 100 + t.minute, ==, 830);
  t = icalcomponent_get_dtend (vevent);
  g_assert_cmpint (t.hour * 100 + t.minute, ==, 1200);

  /* DTSTAMP */
  t = icalcomponent_get_dtstamp (vevent);
  g_assert_cmpint (icaltime_as_timet (t), ==, STAMP);
  icalcomponent_free (calendar);

  /* The UIDs, and so the whole file but its stamp, are the same in the next export */
  again = ca_ics_write_events (feed->events, STAMP);
  g_assert_cmpstr (ics, ==, again);
  ca_text_set_content_languages (NULL);
}

/* The UID depends on the feed and the id, and on nothing else */
static void
test_uid (void)
{
  g_autoptr(CaEvent) a = event_new ("builtin", "x", "A");
  g_autoptr(CaEvent) b = event_new ("builtin", "x", "B, changed");
  g_autoptr(CaEvent) c = event_new ("https://example.org/feed.json", "x", "A");
  g_autofree char *ua = ca_ics_event_uid (a);
  g_autofree char *ub = NULL;
  g_autofree char *uc = NULL;

  b->start += 86400;
  ub = ca_ics_event_uid (b);
  uc = ca_ics_event_uid (c);
  g_assert_cmpstr (ua, ==, ub);
  g_assert_cmpstr (ua, !=, uc);
  g_assert_true (g_str_has_prefix (ua, "x-"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ics/escape", test_escape);
  g_test_add_func ("/ics/fold", test_fold);
  g_test_add_func ("/ics/hostile-round-trip", test_hostile_round_trip);
  g_test_add_func ("/ics/builtin-libical", test_builtin_libical);
  g_test_add_func ("/ics/uid", test_uid);

  return g_test_run ();
}
