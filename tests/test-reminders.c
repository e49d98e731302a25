/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-reminders"

#include "config.h"

#include "ca-reminders.h"

/* Which reminders fall due when, on a simulated clock: two days in a few milliseconds. */

#define HOUR (60 * 60)
#define DAY  (24 * HOUR)

static CaEvent *
timed_event (const char *id,
             gint64      start)
{
  CaEvent *event = ca_event_new ();

  event->feed = g_strdup ("builtin");
  event->id = g_strdup (id);
  event->start = start;
  event->end = start + 2 * HOUR;
  event->has_end = TRUE;
  return event;
}

static gint64
utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);
  return g_date_time_to_unix (dt);
}

/* Runs the clock from `from` to `to` in steps of `step` seconds as the app would: at
 * each tick, sends (records) what is due and marks it sent. Returns
 * "<seconds relative to base> <kind> <id>" lines. */
static GPtrArray *
simulate (GPtrArray  *events,
          gint64      from,
          gint64      to,
          gint64      step,
          gint64      base,
          GHashTable *sent,
          GTimeZone  *zone)
{
  GPtrArray *log = g_ptr_array_new_with_free_func (g_free);

  for (gint64 now = from; now <= to; now += step)
    {
      g_autoptr(GPtrArray) due = ca_reminders_due (events, now, sent, zone);

      for (guint i = 0; i < due->len; i++)
        {
          CaReminder *r = due->pdata[i];

          g_ptr_array_add (log, g_strdup_printf ("%" G_GINT64_FORMAT " %s %s", now - base,
                                                 r->kind == CA_REMINDER_DAY ? "day" : "hour",
                                                 r->event->id));
          g_hash_table_add (sent, g_strdup (r->key));
        }
    }
  return log;
}

static GHashTable *
new_sent (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Running all along: a day before and an hour before, each once */
static void
test_timed_event (void)
{
  gint64 start = utc (2026, 3, 26, 10, 0);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) sent = new_sent ();
  g_autoptr(GPtrArray) log = NULL;

  g_ptr_array_add (events, timed_event ("conference", start));
  log = simulate (events, start - 2 * DAY, start + HOUR, 60, start, sent, NULL);
  g_assert_cmpuint (log->len, ==, 2);
  g_assert_cmpstr (log->pdata[0], ==, "-86400 day conference");
  g_assert_cmpstr (log->pdata[1], ==, "-3600 hour conference");
}

/* When the next one is due: the app's timer sleeps until then */
static void
test_next (void)
{
  gint64 start = utc (2026, 3, 26, 10, 0);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) sent = new_sent ();
  g_autoptr(GPtrArray) due = NULL;

  g_ptr_array_add (events, timed_event ("conference", start));
  g_assert_cmpint (ca_reminders_next (events, start - 2 * DAY, sent, NULL), ==, start - DAY);
  g_assert_cmpint (ca_reminders_next (events, start - DAY - 1, sent, NULL), ==, start - DAY);

  due = ca_reminders_due (events, start - DAY, sent, NULL);
  g_assert_cmpuint (due->len, ==, 1);
  g_hash_table_add (sent, g_strdup (((CaReminder *) due->pdata[0])->key));
  g_assert_cmpint (ca_reminders_next (events, start - DAY, sent, NULL), ==, start - HOUR);

  g_clear_pointer (&due, g_ptr_array_unref);
  due = ca_reminders_due (events, start - HOUR, sent, NULL);
  g_assert_cmpuint (due->len, ==, 1);
  g_hash_table_add (sent, g_strdup (((CaReminder *) due->pdata[0])->key));
  g_assert_cmpint (ca_reminders_next (events, start - HOUR, sent, NULL), ==, 0);
  g_assert_cmpint (ca_reminders_next (events, start + HOUR, sent, NULL), ==, 0);
}

/* Started five hours before: the day reminder still says something; half an hour
 * before: only the hour one; after the start: nothing */
static void
test_started_late (void)
{
  gint64 start = utc (2026, 3, 26, 10, 0);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) sent = new_sent ();
  g_autoptr(GHashTable) sent2 = new_sent ();
  g_autoptr(GHashTable) sent3 = new_sent ();
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GPtrArray) log2 = NULL;
  g_autoptr(GPtrArray) log3 = NULL;

  g_ptr_array_add (events, timed_event ("conference", start));
  log = simulate (events, start - 5 * HOUR, start + HOUR, 60, start, sent, NULL);
  g_assert_cmpuint (log->len, ==, 2);
  g_assert_cmpstr (log->pdata[0], ==, "-18000 day conference");
  g_assert_cmpstr (log->pdata[1], ==, "-3600 hour conference");

  log2 = simulate (events, start - 30 * 60, start + HOUR, 60, start, sent2, NULL);
  g_assert_cmpuint (log2->len, ==, 1);
  g_assert_cmpstr (log2->pdata[0], ==, "-1800 hour conference");

  log3 = simulate (events, start, start + HOUR, 60, start, sent3, NULL);
  g_assert_cmpuint (log3->len, ==, 0);
}

/* An all-day event: once, at 09:00 the day before on the user's clock */
static void
test_all_day (void)
{
  g_autoptr(GTimeZone) sofia = g_time_zone_new_identifier ("Europe/Sofia");
  g_autoptr(GTimeZone) new_york = g_time_zone_new_identifier ("America/New_York");
  gint64 day = utc (2026, 3, 26, 0, 0);       /* floating: 26 March */
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) sent = new_sent ();
  g_autoptr(GHashTable) sent2 = new_sent ();
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GPtrArray) log2 = NULL;
  CaEvent *fair = timed_event ("fair", day);

  g_assert_nonnull (sofia);
  g_assert_nonnull (new_york);
  fair->all_day = TRUE;
  fair->end = day + DAY;
  g_ptr_array_add (events, fair);

  /* 25 March 09:00 in Sofia (EET, UTC+2) is 07:00 UTC */
  log = simulate (events, day - 3 * DAY, day + DAY, 60, utc (2026, 3, 25, 7, 0), sent, sofia);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpstr (log->pdata[0], ==, "0 day fair");

  /* 25 March 09:00 in New York (EDT, UTC−4) is 13:00 UTC */
  log2 = simulate (events, day - 3 * DAY, day + 2 * DAY, 60, utc (2026, 3, 25, 13, 0), sent2,
                   new_york);
  g_assert_cmpuint (log2->len, ==, 1);
  g_assert_cmpstr (log2->pdata[0], ==, "0 day fair");
}

/* Moved to another day after its reminders: reminded of again; cancelled: never */
static void
test_rescheduled_and_cancelled (void)
{
  gint64 start = utc (2026, 3, 26, 10, 0);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) sent = new_sent ();
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GPtrArray) log2 = NULL;
  g_autoptr(GPtrArray) log3 = NULL;
  CaEvent *event = timed_event ("meeting", start);

  g_ptr_array_add (events, event);
  log = simulate (events, start - 2 * DAY, start - 30 * 60, 60, start, sent, NULL);
  g_assert_cmpuint (log->len, ==, 2);

  event->start = start + 2 * DAY;
  log2 = simulate (events, start - 30 * 60, start + 3 * DAY, 60, start + 2 * DAY, sent, NULL);
  g_assert_cmpuint (log2->len, ==, 2);
  g_assert_cmpstr (log2->pdata[0], ==, "-86400 day meeting");
  g_assert_cmpstr (log2->pdata[1], ==, "-3600 hour meeting");

  event->start = start + 5 * DAY;
  event->status = CA_EVENT_STATUS_CANCELLED;
  log3 = simulate (events, start + 3 * DAY, start + 6 * DAY, 60, 0, sent, NULL);
  g_assert_cmpuint (log3->len, ==, 0);
  g_assert_cmpint (ca_reminders_next (events, start + 3 * DAY, sent, NULL), ==, 0);
}

/* Two events due at once come in time order; the query window holds both reminders */
static void
test_order_and_window (void)
{
  gint64 now = utc (2026, 3, 26, 9, 0);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) due = NULL;
  gint64 from, to;

  g_ptr_array_add (events, timed_event ("later", now + 50 * 60));        /* hour: due 10 min ago */
  g_ptr_array_add (events, timed_event ("tomorrow", now + 20 * HOUR));  /* day: due 4 h ago */
  due = ca_reminders_due (events, now, NULL, NULL);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpstr (((CaReminder *) due->pdata[0])->event->id, ==, "tomorrow");
  g_assert_cmpint (((CaReminder *) due->pdata[0])->kind, ==, CA_REMINDER_DAY);
  g_assert_cmpstr (((CaReminder *) due->pdata[1])->event->id, ==, "later");
  g_assert_cmpint (((CaReminder *) due->pdata[1])->kind, ==, CA_REMINDER_HOUR);

  ca_reminders_query_window (now, &from, &to);
  g_assert_cmpint (from, <=, now);
  /* Every event whose day reminder is due within the window's reach */
  g_assert_cmpint (to, >, now + DAY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reminders/timed-event", test_timed_event);
  g_test_add_func ("/reminders/next", test_next);
  g_test_add_func ("/reminders/started-late", test_started_late);
  g_test_add_func ("/reminders/all-day", test_all_day);
  g_test_add_func ("/reminders/rescheduled-and-cancelled", test_rescheduled_and_cancelled);
  g_test_add_func ("/reminders/order-and-window", test_order_and_window);

  return g_test_run ();
}
