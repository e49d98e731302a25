/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-my-schedule"

#include "config.h"

#include "ca-format.h"
#include "ca-my-schedule.h"

void
ca_my_schedule_entry_free (CaMyScheduleEntry *entry)
{
  if (entry == NULL)
    return;
  g_clear_object (&entry->event);
  g_free (entry->day);
  g_free (entry->note);
  g_free (entry);
}

static gint64
end_of (CaEvent *event)
{
  if (event->all_day)
    /* Stored at 00:00 UTC of its last day: over when that day is */
    return MAX (event->end, event->start) + 86400;
  return event->has_end ? MAX (event->end, event->start) : event->start;
}

/* Upcoming by start, then the past ones the latest first */
static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const CaMyScheduleEntry *x = *(CaMyScheduleEntry **) a;
  const CaMyScheduleEntry *y = *(CaMyScheduleEntry **) b;
  int order;

  if (x->past != y->past)
    return x->past ? 1 : -1;
  if (x->event->start != y->event->start)
    order = x->event->start < y->event->start ? -1 : 1;
  else
    order = g_strcmp0 (x->event->id, y->event->id);
  return x->past ? -order : order;
}

static char *
day_of (CaEvent   *event,
        GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (event->start);
  g_autoptr(GDateTime) day = NULL;

  if (utc == NULL)
    return g_strdup ("");
  /* An all-day event's day is the same everywhere: its date as the feed gives it */
  if (event->all_day)
    return ca_format_weekday_day (utc);
  day = g_date_time_to_timezone (utc, zone);
  return ca_format_weekday_day (day);
}

GPtrArray *
ca_my_schedule_entries (GPtrArray    *starred,
                        GTimeZone    *zone,
                        CaClashFlags  flags,
                        gint64        now)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_my_schedule_entry_free);
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GHashTable) notes = NULL;

  g_return_val_if_fail (starred != NULL, entries);

  if (zone == NULL)
    zone = local = g_time_zone_new_local ();
  notes = ca_clash_notes (starred, zone, flags);
  for (guint i = 0; i < starred->len; i++)
    {
      CaEvent *event = starred->pdata[i];
      CaMyScheduleEntry *entry = g_new0 (CaMyScheduleEntry, 1);
      g_autofree char *key = g_strconcat (event->feed, "\x1f", event->id, NULL);

      entry->event = g_object_ref (event);
      entry->past = end_of (event) <= now;
      entry->day = day_of (event, zone);
      entry->note = g_strdup (g_hash_table_lookup (notes, key));
      g_ptr_array_add (entries, entry);
    }
  g_ptr_array_sort (entries, compare_entries);
  return entries;
}
