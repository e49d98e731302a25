/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-clash"

#include "config.h"

#include "ca-clash.h"
#include "ca-test-core.h"

/*
 * The clash rule (src/core/ca-clash.c) over events written in different zones, across
 * Europe/Sofia's DST changes (29 March and 25 October 2026), events without an end,
 * all-day and multi-day events, asked in three users' zones.
 */

/* A timed event from two RFC 3339 date-times (end NULL: none), in city */
static CaEvent *
timed (const char *id,
       const char *start,
       const char *end,
       const char *city)
{
  CaEvent *event = ca_event_new ();
  g_autoptr(GDateTime) s = g_date_time_new_from_iso8601 (start, NULL);
  g_autoptr(GDateTime) e = end != NULL ? g_date_time_new_from_iso8601 (end, NULL) : NULL;

  g_assert_nonnull (s);
  g_assert_true (end == NULL || e != NULL);
  event->feed = g_strdup (CA_TEST_FEED_A);
  event->id = g_strdup (id);
  event->title = g_strdup (id);
  event->start = g_date_time_to_unix (s);
  event->end = e != NULL ? g_date_time_to_unix (e) : event->start;
  event->has_end = e != NULL;
  event->city = g_strdup (city);
  return event;
}

/* An all-day event from first to last (YYYY-MM-DD, both included), as the store has it */
static CaEvent *
all_day (const char *id,
         int         y,
         int         m,
         int         first,
         int         last,
         const char *city)
{
  CaEvent *event = ca_event_new ();
  g_autoptr(GDateTime) s = g_date_time_new_utc (y, m, first, 0, 0, 0);
  g_autoptr(GDateTime) e = g_date_time_new_utc (y, m, last, 0, 0, 0);

  event->feed = g_strdup (CA_TEST_FEED_A);
  event->id = g_strdup (id);
  event->title = g_strdup (id);
  event->all_day = TRUE;
  event->start = g_date_time_to_unix (s);
  event->end = g_date_time_to_unix (e);
  event->has_end = last != first;
  event->city = g_strdup (city);
  return event;
}

static CaClashKind
between (CaEvent    *a,
         CaEvent    *b,
         const char *zone_name,
         CaClashFlags flags)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zone_name);
  CaClashKind ab, ba;

  g_assert_nonnull (zone);
  ab = ca_clash_between (a, b, zone, flags);
  ba = ca_clash_between (b, a, zone, flags);
  /* Symmetric, whichever is asked first */
  g_assert_cmpint (ab, ==, ba);
  return ab;
}

static const char * const zones[] = { "Europe/Sofia", "America/New_York", "Asia/Tokyo" };

/* Overlap is a matter of instants: the same in every user's zone */
static void
test_zones (void)
{
  /* 10:00–12:00 in Sofia (08:00–10:00 UTC) and 09:30–10:30 in Berlin (08:30–09:30 UTC) */
  g_autoptr(CaEvent) sofia = timed ("sofia", "2026-03-10T10:00:00+02:00",
                                    "2026-03-10T12:00:00+02:00", NULL);
  g_autoptr(CaEvent) berlin = timed ("berlin", "2026-03-10T09:30:00+01:00",
                                     "2026-03-10T10:30:00+01:00", NULL);
  /* 11:00–12:00 in London (11:00–12:00 UTC): after Sofia's ends at 10:00 UTC */
  g_autoptr(CaEvent) london = timed ("london", "2026-03-10T11:00:00Z",
                                     "2026-03-10T12:00:00Z", NULL);
  /* 19:00–20:00 in Tokyo is 10:00–11:00 UTC: back to back with Sofia's, no clash */
  g_autoptr(CaEvent) tokyo = timed ("tokyo", "2026-03-10T19:00:00+09:00",
                                    "2026-03-10T20:00:00+09:00", NULL);
  /* 05:30 in New York (10:30 UTC), a start only: inside Tokyo's hour */
  g_autoptr(CaEvent) call = timed ("call", "2026-03-10T05:30:00-05:00", NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      g_test_message ("user in %s", zones[i]);
      g_assert_cmpint (between (sofia, berlin, zones[i], 0), ==, CA_CLASH_OVERLAP);
      g_assert_cmpint (between (sofia, london, zones[i], 0), ==, CA_CLASH_NONE);
      g_assert_cmpint (between (sofia, tokyo, zones[i], 0), ==, CA_CLASH_NONE);
      g_assert_cmpint (between (berlin, tokyo, zones[i], 0), ==, CA_CLASH_NONE);
      g_assert_cmpint (between (tokyo, call, zones[i], 0), ==, CA_CLASH_OVERLAP);
      g_assert_cmpint (between (london, call, zones[i], 0), ==, CA_CLASH_NONE);
      g_assert_cmpint (between (sofia, call, zones[i], 0), ==, CA_CLASH_NONE);
    }
}

/* Wall clocks lie on the days the clocks change; instants do not */
static void
test_dst (void)
{
  /* 29 March 2026 in Sofia: 03:00 EET becomes 04:00 EEST (01:00 UTC). 01:00–03:00 EET
   * is 23:00–01:00 UTC, 04:00–05:00 EEST 01:00–02:00 UTC: back to back, although the
   * wall clock shows an hour between them */
  g_autoptr(CaEvent) night = timed ("night", "2026-03-29T01:00:00+02:00",
                                    "2026-03-29T03:00:00+02:00", "Sofia");
  g_autoptr(CaEvent) morning = timed ("morning", "2026-03-29T04:00:00+03:00",
                                      "2026-03-29T05:00:00+03:00", "Sofia");
  /* 02:30–03:30 UTC+02:00 is 00:30–01:30 UTC: overlaps "morning"'s first half hour,
   * although on the wall clock it ends before 04:00 */
  g_autoptr(CaEvent) late = timed ("late", "2026-03-29T02:30:00+02:00",
                                   "2026-03-29T03:30:00+02:00", "Plovdiv");
  /* 25 October 2026: 04:00 EEST becomes 03:00 EET, 03:00–04:00 happens twice. 03:15–03:45
   * the first time (EEST: 00:15–00:45 UTC) and 03:30–04:00 the second (EET: 01:30–02:00
   * UTC) do not clash, though their wall-clock times overlap */
  g_autoptr(CaEvent) first = timed ("first", "2026-10-25T03:15:00+03:00",
                                    "2026-10-25T03:45:00+03:00", "Sofia");
  g_autoptr(CaEvent) second = timed ("second", "2026-10-25T03:30:00+02:00",
                                     "2026-10-25T04:00:00+02:00", "Sofia");
  /* 03:40 EET, the second time: 01:40 UTC, inside "second" only */
  g_autoptr(CaEvent) again = timed ("again", "2026-10-25T03:40:00+02:00", NULL, "Sofia");

  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      g_test_message ("user in %s", zones[i]);
      g_assert_cmpint (between (night, morning, zones[i], 0) & CA_CLASH_OVERLAP, ==, 0);
      g_assert_cmpint (between (late, morning, zones[i], 0) & CA_CLASH_OVERLAP, !=, 0);
      g_assert_cmpint (between (first, second, zones[i], 0), ==, CA_CLASH_NONE);
      g_assert_cmpint (between (second, again, zones[i], 0), ==, CA_CLASH_OVERLAP);
      g_assert_cmpint (between (first, again, zones[i], 0), ==, CA_CLASH_NONE);
    }

  /* The same day in Sofia: "late" in Plovdiv and "morning" in Sofia are in different
   * cities; in New York "late" (20:30–21:30 on the 28th) and "morning" (21:00–22:00
   * on the 28th) are on one day too; "night" and "late" both are */
  g_assert_cmpint (between (late, morning, "Europe/Sofia", 0), ==,
                   CA_CLASH_OVERLAP | CA_CLASH_DIFFERENT_CITIES);
  g_assert_cmpint (between (night, late, "Europe/Sofia", 0), ==,
                   CA_CLASH_OVERLAP | CA_CLASH_DIFFERENT_CITIES);
}

/* "Different cities" is about the user's days, which depend on the user's zone */
static void
test_cities (void)
{
  /* 23:00 UTC on the 10th and 01:00 UTC on the 11th: the 11th in Sofia and Tokyo, the
   * 10th in New York (18:00, 20:00): one day everywhere, two cities */
  g_autoptr(CaEvent) sofia = timed ("sofia", "2026-03-10T23:00:00Z", "2026-03-10T23:30:00Z",
                                    "Sofia");
  g_autoptr(CaEvent) varna = timed ("varna", "2026-03-11T01:00:00Z", "2026-03-11T01:30:00Z",
                                    "Varna");
  /* 21:00 UTC on the 10th: the 10th in New York and (23:00) in Sofia, the 11th in Tokyo */
  g_autoptr(CaEvent) ruse = timed ("ruse", "2026-03-10T21:00:00Z", "2026-03-10T21:30:00Z",
                                   "Ruse");
  /* Same city, told apart only by case and spaces: one city */
  g_autoptr(CaEvent) sofia2 = timed ("sofia2", "2026-03-11T03:00:00Z", "2026-03-11T04:00:00Z",
                                     " SOFIA ");
  /* Online only: no city to be in */
  g_autoptr(CaEvent) webinar = timed ("webinar", "2026-03-11T02:00:00Z", NULL, NULL);

  g_assert_cmpint (between (sofia, varna, "Europe/Sofia", 0), ==, CA_CLASH_DIFFERENT_CITIES);
  g_assert_cmpint (between (sofia, varna, "America/New_York", 0), ==, CA_CLASH_DIFFERENT_CITIES);
  g_assert_cmpint (between (sofia, varna, "Asia/Tokyo", 0), ==, CA_CLASH_DIFFERENT_CITIES);

  /* Ruse and Varna: the 10th and the 11th in Sofia and New York, one day in Tokyo */
  g_assert_cmpint (between (ruse, varna, "Europe/Sofia", 0), ==, CA_CLASH_NONE);
  g_assert_cmpint (between (ruse, varna, "America/New_York", 0), ==, CA_CLASH_DIFFERENT_CITIES);
  g_assert_cmpint (between (ruse, varna, "Asia/Tokyo", 0), ==, CA_CLASH_DIFFERENT_CITIES);
  /* Ruse and Sofia: the 10th and the 11th in Sofia, one day in New York and Tokyo */
  g_assert_cmpint (between (ruse, sofia, "Europe/Sofia", 0), ==, CA_CLASH_NONE);
  g_assert_cmpint (between (ruse, sofia, "America/New_York", 0), ==, CA_CLASH_DIFFERENT_CITIES);
  g_assert_cmpint (between (ruse, sofia, "Asia/Tokyo", 0), ==, CA_CLASH_DIFFERENT_CITIES);

  g_assert_cmpint (between (sofia, sofia2, "Asia/Tokyo", 0), ==, CA_CLASH_NONE);
  g_assert_cmpint (between (varna, webinar, "Europe/Sofia", 0), ==, CA_CLASH_NONE);
}

/* All-day events stay out unless asked; multi-day events count every day */
static void
test_all_day_and_multi_day (void)
{
  /* A fair on 2–4 March, all day, in Plovdiv */
  g_autoptr(CaEvent) fair = all_day ("fair", 2026, 3, 2, 4, "Plovdiv");
  /* A deadline on 5 March, all day */
  g_autoptr(CaEvent) deadline = all_day ("deadline", 2026, 3, 5, 5, NULL);
  /* A webinar on 3 March 10:00–11:00 Sofia time, online */
  g_autoptr(CaEvent) webinar = timed ("webinar", "2026-03-03T10:00:00+02:00",
                                      "2026-03-03T11:00:00+02:00", NULL);
  /* A three-day timed conference, 3 March 09:00 to 5 March 17:00 Sofia time */
  g_autoptr(CaEvent) conference = timed ("conference", "2026-03-03T09:00:00+02:00",
                                         "2026-03-05T17:00:00+02:00", "Sofia");
  /* A meeting on 4 March 14:00 Sofia time, no end */
  g_autoptr(CaEvent) meeting = timed ("meeting", "2026-03-04T14:00:00+02:00", NULL, "Sofia");
  /* 5 March 00:30 in Sofia is 4 March 22:30 UTC: on the 5th for a user in Sofia */
  g_autoptr(CaEvent) early = timed ("early", "2026-03-05T00:30:00+02:00",
                                    "2026-03-05T01:00:00+02:00", NULL);

  g_assert_cmpint (between (fair, webinar, "Europe/Sofia", 0), ==, CA_CLASH_NONE);
  g_assert_cmpint (between (fair, webinar, "Europe/Sofia", CA_CLASH_ALL_DAY), ==,
                   CA_CLASH_OVERLAP);
  g_assert_cmpint (between (fair, deadline, "Europe/Sofia", CA_CLASH_ALL_DAY), ==,
                   CA_CLASH_NONE);
  /* The fair's days in Sofia end at midnight Sofia time: "early" is after them there,
   * and on them for a user in New York */
  g_assert_cmpint (between (fair, early, "Europe/Sofia", CA_CLASH_ALL_DAY), ==, CA_CLASH_NONE);
  g_assert_cmpint (between (fair, early, "America/New_York", CA_CLASH_ALL_DAY), ==,
                   CA_CLASH_OVERLAP);

  /* The conference runs over the webinar and the meeting, and over "early" */
  g_assert_cmpint (between (conference, webinar, "Europe/Sofia", 0), ==, CA_CLASH_OVERLAP);
  g_assert_cmpint (between (conference, meeting, "Europe/Sofia", 0), ==, CA_CLASH_OVERLAP);
  g_assert_cmpint (between (conference, early, "Europe/Sofia", 0), ==, CA_CLASH_OVERLAP);
  /* Plovdiv's fair and Sofia's conference share days: different cities, with the flag
   * an overlap as well */
  g_assert_cmpint (between (fair, conference, "Europe/Sofia", 0), ==, CA_CLASH_DIFFERENT_CITIES);
  g_assert_cmpint (between (fair, conference, "Europe/Sofia", CA_CLASH_ALL_DAY), ==,
                   CA_CLASH_OVERLAP | CA_CLASH_DIFFERENT_CITIES);
  /* Meeting and webinar are a day apart */
  g_assert_cmpint (between (meeting, webinar, "Europe/Sofia", CA_CLASH_ALL_DAY), ==,
                   CA_CLASH_NONE);
}

/* The list: every pair once, in order of start; a cancelled event clashes with nothing */
static void
test_find (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) clashes = NULL;
  g_autoptr(GPtrArray) others = NULL;
  g_autoptr(GTimeZone) sofia = g_time_zone_new_identifier ("Europe/Sofia");
  CaClash *clash;
  CaEvent *cancelled;

  g_ptr_array_add (events, timed ("c", "2026-03-10T11:00:00+02:00", "2026-03-10T13:00:00+02:00",
                                  NULL));
  g_ptr_array_add (events, timed ("a", "2026-03-10T10:00:00+02:00", "2026-03-10T12:00:00+02:00",
                                  NULL));
  g_ptr_array_add (events, timed ("b", "2026-03-10T12:00:00+02:00", "2026-03-10T12:30:00+02:00",
                                  NULL));
  cancelled = timed ("x", "2026-03-10T10:00:00+02:00", "2026-03-10T14:00:00+02:00", NULL);
  cancelled->status = CA_EVENT_STATUS_CANCELLED;
  g_ptr_array_add (events, cancelled);

  clashes = ca_clash_find (events, sofia, 0);
  /* a–c (10–12 and 11–13), b–c (12–12:30 inside 11–13); a–b back to back */
  g_assert_cmpuint (clashes->len, ==, 2);
  clash = clashes->pdata[0];
  g_assert_cmpstr (clash->a->id, ==, "a");
  g_assert_cmpstr (clash->b->id, ==, "c");
  clash = clashes->pdata[1];
  g_assert_cmpstr (clash->a->id, ==, "c");
  g_assert_cmpstr (clash->b->id, ==, "b");
  g_assert_cmpint (clash->kind, ==, CA_CLASH_OVERLAP);
  /* The input's order is kept */
  g_assert_cmpstr (((CaEvent *) events->pdata[0])->id, ==, "c");

  others = ca_clash_find_for (events, events->pdata[0], sofia, 0);
  g_assert_cmpuint (others->len, ==, 2);
  g_assert_cmpstr (((CaEvent *) others->pdata[0])->id, ==, "a");
  g_assert_cmpstr (((CaEvent *) others->pdata[1])->id, ==, "b");

  /* One event's note, as its page and the notification say it, is My Schedule's note
   * for it, line for line; an event without a clash has none */
  {
    g_autoptr(GHashTable) notes = ca_clash_notes (events, sofia, 0);

    for (guint i = 0; i < events->len; i++)
      {
        CaEvent *event = events->pdata[i];
        g_autofree char *key = g_strconcat (event->feed, "\x1f", event->id, NULL);
        g_autofree char *note = ca_clash_note_for (events, event, sofia, 0);

        g_assert_cmpstr (note, ==, g_hash_table_lookup (notes, key));
      }
    g_assert_cmpuint (g_hash_table_size (notes), ==, 3);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clash/zones", test_zones);
  g_test_add_func ("/clash/dst", test_dst);
  g_test_add_func ("/clash/cities", test_cities);
  g_test_add_func ("/clash/all-day-multi-day", test_all_day_and_multi_day);
  g_test_add_func ("/clash/find", test_find);

  return g_test_run ();
}
