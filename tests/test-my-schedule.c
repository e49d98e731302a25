/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-my-schedule"

#include "config.h"

#include <string.h>

#include "ca-my-schedule.h"
#include "ca-test-core.h"

/*
 * What the My Schedule view lists (src/core/ca-my-schedule.c): the order (upcoming,
 * then past), the day each event is listed under and the clash notes of its rows,
 * as users in three zones see the same five starred events. When two events clash
 * is tests/test-clash.c's: here only what the rows say of it.
 */

static CaEvent *
timed (const char *id,
       const char *title,
       const char *start,
       const char *end,
       const char *city)
{
  CaEvent *event = ca_event_new ();
  g_autoptr(GDateTime) s = g_date_time_new_from_iso8601 (start, NULL);
  g_autoptr(GDateTime) e = g_date_time_new_from_iso8601 (end, NULL);

  event->feed = g_strdup (CA_TEST_FEED_A);
  event->id = g_strdup (id);
  event->title = g_strdup (title);
  event->start = g_date_time_to_unix (s);
  event->end = g_date_time_to_unix (e);
  event->has_end = TRUE;
  event->city = g_strdup (city);
  return event;
}

/* Summit and Workshop overlap in Sofia in the morning of 26 March 2026; the Fair is
 * that afternoon in Plovdiv; Late Dinner (Plovdiv) is 00:30 on the 27th in Sofia but
 * the 26th in New York; Breakfast (Sofia) is the 27th everywhere */
static GPtrArray *
five_events (void)
{
  GPtrArray *events = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (events, timed ("dinner", "Late Dinner", "2026-03-26T22:30:00Z",
                                  "2026-03-26T23:30:00Z", "Plovdiv"));
  g_ptr_array_add (events, timed ("summit", "Cluster Summit", "2026-03-26T10:00:00+02:00",
                                  "2026-03-26T12:00:00+02:00", "Sofia"));
  g_ptr_array_add (events, timed ("workshop", "Workshop", "2026-03-26T09:30:00+01:00",
                                  "2026-03-26T10:30:00+01:00", "Sofia"));
  g_ptr_array_add (events, timed ("fair", "Fair", "2026-03-26T14:00:00Z",
                                  "2026-03-26T16:00:00Z", "Plovdiv"));
  g_ptr_array_add (events, timed ("breakfast", "Breakfast", "2026-03-27T06:00:00Z",
                                  "2026-03-27T07:00:00Z", "Sofia"));
  return events;
}

static CaMyScheduleEntry *
entry_of (GPtrArray  *entries,
          const char *id)
{
  for (guint i = 0; i < entries->len; i++)
    {
      CaMyScheduleEntry *entry = entries->pdata[i];

      if (g_str_equal (entry->event->id, id))
        return entry;
    }
  g_assert_not_reached ();
}

/* 12:00 UTC on 26 March 2026: Summit and Workshop are over */
#define NOON G_GINT64_CONSTANT (1774526400)

static GPtrArray *
entries_in (const char *zone_name)
{
  g_autoptr(GPtrArray) events = five_events ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zone_name);

  g_assert_nonnull (zone);
  return ca_my_schedule_entries (events, zone, CA_CLASH_FLAGS_NONE, NOON);
}

static void
test_order (void)
{
  g_autoptr(GPtrArray) entries = entries_in ("Europe/Sofia");
  const char *order[] = { "fair", "dinner", "breakfast", "workshop", "summit" };

  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (order));
  /* Upcoming by start, then the past ones the latest first */
  for (guint i = 0; i < entries->len; i++)
    {
      CaMyScheduleEntry *entry = entries->pdata[i];

      g_assert_cmpstr (entry->event->id, ==, order[i]);
      g_assert_true (entry->past == (i >= 3));
    }
}

/* The overlap is the same instant everywhere: both rows name the other one */
static void
test_overlap_named (gconstpointer data)
{
  g_autoptr(GPtrArray) entries = entries_in (data);

  g_assert_nonnull (strstr (entry_of (entries, "summit")->note, "Clashes with Workshop"));
  g_assert_nonnull (strstr (entry_of (entries, "workshop")->note, "Clashes with Cluster Summit"));
  g_assert_null (strstr (entry_of (entries, "fair")->note, "Clashes with"));
  /* Sofia and Plovdiv the same day: the earlier one's city first */
  g_assert_nonnull (strstr (entry_of (entries, "fair")->note, "Different cities: Sofia, Plovdiv"));
}

static void
test_days_in_zones (void)
{
  g_autoptr(GPtrArray) sofia = entries_in ("Europe/Sofia");
  g_autoptr(GPtrArray) new_york = entries_in ("America/New_York");
  g_autoptr(GPtrArray) tokyo = entries_in ("Asia/Tokyo");

  /* 22:30 UTC: the 27th in Sofia, the 26th in New York, the 27th in Tokyo */
  g_assert_cmpstr (entry_of (sofia, "dinner")->day, ==, "Friday, 27 March 2026");
  g_assert_cmpstr (entry_of (new_york, "dinner")->day, ==, "Thursday, 26 March 2026");
  g_assert_cmpstr (entry_of (tokyo, "dinner")->day, ==, "Friday, 27 March 2026");
  g_assert_cmpstr (entry_of (sofia, "summit")->day, ==, "Thursday, 26 March 2026");

  /* Dinner in Plovdiv and Breakfast in Sofia share a day in Sofia and in Tokyo:
   * flagged there, not in New York */
  g_assert_cmpstr (entry_of (sofia, "breakfast")->note, ==, "Different cities: Plovdiv, Sofia");
  /* (in Tokyo the Fair, 23:00 to 01:00, is on the 27th too: the same line, once) */
  g_assert_cmpstr (entry_of (tokyo, "breakfast")->note, ==, "Different cities: Plovdiv, Sofia");
  g_assert_null (entry_of (new_york, "breakfast")->note);
  /* and in New York Dinner shares the 26th with the Sofia events instead */
  g_assert_nonnull (strstr (entry_of (new_york, "dinner")->note,
                            "Different cities: Sofia, Plovdiv"));
  g_assert_null (strstr (entry_of (sofia, "dinner")->note, "Clashes with"));
}

/* An all-day event takes its day only when the setting says so */
static void
test_all_day_flag (void)
{
  g_autoptr(GPtrArray) events = five_events ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Sofia");
  g_autoptr(GPtrArray) without = NULL;
  g_autoptr(GPtrArray) with = NULL;
  g_autoptr(GDateTime) day = g_date_time_new_utc (2026, 3, 27, 0, 0, 0);
  CaEvent *expo = ca_event_new ();

  expo->feed = g_strdup (CA_TEST_FEED_A);
  expo->id = g_strdup ("expo");
  expo->title = g_strdup ("Expo");
  expo->all_day = TRUE;
  expo->start = expo->end = g_date_time_to_unix (day);
  expo->city = g_strdup ("Sofia");
  g_ptr_array_add (events, expo);

  without = ca_my_schedule_entries (events, zone, CA_CLASH_FLAGS_NONE, NOON);
  g_assert_null (strstr (entry_of (without, "breakfast")->note, "Expo"));
  g_assert_cmpstr (entry_of (without, "expo")->day, ==, "Friday, 27 March 2026");
  with = ca_my_schedule_entries (events, zone, CA_CLASH_ALL_DAY, NOON);
  g_assert_nonnull (strstr (entry_of (with, "breakfast")->note, "Clashes with Expo"));
  g_assert_nonnull (strstr (entry_of (with, "expo")->note, "Clashes with Breakfast"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/my-schedule/order", test_order);
  g_test_add_data_func ("/my-schedule/overlap/sofia", "Europe/Sofia", test_overlap_named);
  g_test_add_data_func ("/my-schedule/overlap/new-york", "America/New_York", test_overlap_named);
  g_test_add_data_func ("/my-schedule/overlap/tokyo", "Asia/Tokyo", test_overlap_named);
  g_test_add_func ("/my-schedule/days-in-zones", test_days_in_zones);
  g_test_add_func ("/my-schedule/all-day-flag", test_all_day_flag);
  return g_test_run ();
}
