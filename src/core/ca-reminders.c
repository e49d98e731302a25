/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-reminders"

#include "config.h"

#include "ca-reminders.h"

#define HOUR (60 * 60)
#define DAY  (24 * HOUR)

void
ca_reminder_free (CaReminder *reminder)
{
  if (reminder == NULL)
    return;
  g_clear_object (&reminder->event);
  g_free (reminder->key);
  g_free (reminder);
}

/* An all-day event's start is 00:00 UTC of its day (floating): the day before, at
 * 09:00 on the user's clock */
static gint64
all_day_reminder (CaEvent   *event,
                  GTimeZone *zone)
{
  g_autoptr(GDateTime) day = g_date_time_new_from_unix_utc (event->start);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) before = NULL;

  if (day == NULL)
    return 0;
  local = g_date_time_new (zone, g_date_time_get_year (day), g_date_time_get_month (day),
                           g_date_time_get_day_of_month (day), 9, 0, 0);
  before = local != NULL ? g_date_time_add_days (local, -1) : NULL;
  return before != NULL ? g_date_time_to_unix (before) : 0;
}

/* The moment the event's start is in the user's clock: for an all-day event, its
 * local midnight */
static gint64
event_start (CaEvent   *event,
             GTimeZone *zone)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (!event->all_day)
    return event->start;
  day = g_date_time_new_from_unix_utc (event->start);
  if (day == NULL)
    return event->start;
  local = g_date_time_new (zone, g_date_time_get_year (day), g_date_time_get_month (day),
                           g_date_time_get_day_of_month (day), 0, 0, 0);
  return local != NULL ? g_date_time_to_unix (local) : event->start;
}

typedef struct {
  CaReminderKind kind;
  gint64         at;       /* due from */
  gint64         until;    /* says nothing new from */
} Moment;

/* The event's reminders: one or two moments */
static guint
moments_of (CaEvent   *event,
            GTimeZone *zone,
            Moment     moments[2])
{
  gint64 start = event_start (event, zone);

  if (event->all_day)
    {
      moments[0] = (Moment) { CA_REMINDER_DAY, all_day_reminder (event, zone), start };
      return moments[0].at != 0 ? 1 : 0;
    }
  moments[0] = (Moment) { CA_REMINDER_DAY, start - DAY, start - HOUR };
  moments[1] = (Moment) { CA_REMINDER_HOUR, start - HOUR, start };
  return 2;
}

static char *
key_for (CaEvent        *event,
         CaReminderKind  kind)
{
  return g_strdup_printf ("%s\t%s\t%" G_GINT64_FORMAT "\t%s", event->feed, event->id,
                          event->start, kind == CA_REMINDER_DAY ? "day" : "hour");
}

static gboolean
is_sent (GHashTable     *sent,
         CaEvent        *event,
         CaReminderKind  kind)
{
  g_autofree char *key = NULL;

  if (sent == NULL)
    return FALSE;
  key = key_for (event, kind);
  return g_hash_table_contains (sent, key);
}

static int
compare_reminders (gconstpointer a,
                   gconstpointer b)
{
  const CaReminder *ra = *(CaReminder * const *) a;
  const CaReminder *rb = *(CaReminder * const *) b;

  return (ra->at > rb->at) - (ra->at < rb->at);
}

GPtrArray *
ca_reminders_due (GPtrArray  *events,
                  gint64      now,
                  GHashTable *sent,
                  GTimeZone  *zone)
{
  GPtrArray *due = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_reminder_free);
  g_autoptr(GTimeZone) local = NULL;

  g_return_val_if_fail (events != NULL, due);

  if (zone == NULL)
    zone = local = g_time_zone_new_local ();

  for (guint i = 0; i < events->len; i++)
    {
      CaEvent *event = events->pdata[i];
      Moment moments[2];
      guint n = moments_of (event, zone, moments);

      /* A cancelled event needs no reminder */
      if (event->status == CA_EVENT_STATUS_CANCELLED)
        continue;
      for (guint m = 0; m < n; m++)
        {
          CaReminder *reminder;

          if (now < moments[m].at || now >= moments[m].until ||
              is_sent (sent, event, moments[m].kind))
            continue;
          reminder = g_new0 (CaReminder, 1);
          reminder->event = g_object_ref (event);
          reminder->kind = moments[m].kind;
          reminder->at = moments[m].at;
          reminder->key = key_for (event, moments[m].kind);
          g_ptr_array_add (due, reminder);
        }
    }
  g_ptr_array_sort (due, compare_reminders);
  return due;
}

gint64
ca_reminders_next (GPtrArray  *events,
                   gint64      now,
                   GHashTable *sent,
                   GTimeZone  *zone)
{
  g_autoptr(GTimeZone) local = NULL;
  gint64 next = 0;

  g_return_val_if_fail (events != NULL, 0);

  if (zone == NULL)
    zone = local = g_time_zone_new_local ();

  for (guint i = 0; i < events->len; i++)
    {
      CaEvent *event = events->pdata[i];
      Moment moments[2];
      guint n = moments_of (event, zone, moments);

      if (event->status == CA_EVENT_STATUS_CANCELLED)
        continue;
      for (guint m = 0; m < n; m++)
        if (moments[m].at > now && !is_sent (sent, event, moments[m].kind) &&
            (next == 0 || moments[m].at < next))
          next = moments[m].at;
    }
  return next;
}

void
ca_reminders_query_window (gint64  now,
                           gint64 *from,
                           gint64 *to)
{
  /* Events not ended yet that start within a day and a half: every timed event
   * whose day reminder is due, and all-day events (their start is midnight UTC, up
   * to 14 h off the user's midnight) whose reminder at 09:00 the day before is. */
  *from = now;
  *to = now + DAY + DAY / 2 + 1;
}
