/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-event"

#include "config.h"

#include "ca-event.h"
#include "ca-person.h"

G_DEFINE_FINAL_TYPE (CaEvent, ca_event, G_TYPE_OBJECT)

static void
ca_event_finalize (GObject *object)
{
  CaEvent *self = (CaEvent *) object;

  g_free (self->feed);
  g_free (self->id);
  g_free (self->title);
  g_free (self->timezone);
  g_free (self->venue);
  g_free (self->city);
  g_free (self->country);
  g_free (self->url);
  g_free (self->description);
  g_strfreev (self->clusters);
  g_free (self->project);
  g_clear_pointer (&self->speakers, g_ptr_array_unref);
  g_strfreev (self->organizers);

  G_OBJECT_CLASS (ca_event_parent_class)->finalize (object);
}

static void
ca_event_class_init (CaEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_event_finalize;
}

static void
ca_event_init (CaEvent *self)
{
  self->online = -1;
  self->kind = CA_EVENT_KIND_OTHER;
  self->status = CA_EVENT_STATUS_SCHEDULED;
  self->speakers = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_person_free);
}

CaEvent *
ca_event_new (void)
{
  return g_object_new (CA_TYPE_EVENT, NULL);
}

/* All-day dates are stored at 00:00 UTC, so read them back in UTC. */
static GDateTime *
instant (CaEvent *self,
         gint64   when)
{
  if (self->all_day)
    return g_date_time_new_from_unix_utc (when);
  return g_date_time_new_from_unix_local (when);
}

GDateTime *
ca_event_dup_start (CaEvent *self)
{
  g_return_val_if_fail (CA_IS_EVENT (self), NULL);
  return instant (self, self->start);
}

GDateTime *
ca_event_dup_end (CaEvent *self)
{
  g_return_val_if_fail (CA_IS_EVENT (self), NULL);
  return instant (self, self->end);
}

/* GDate's Julian day of 1 January 1970 */
#define UNIX_EPOCH_JULIAN 719163

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* For the month grid, the agenda and the printed schedule alike: plain
 * arithmetic, not a GDateTime per value, as a large feed asks it for every event. */
gboolean
ca_event_get_days (CaEvent *self,
                   guint32 *first,
                   guint32 *last)
{
  gint64 start, end, first_day, last_day;

  g_return_val_if_fail (CA_IS_EVENT (self), FALSE);
  g_return_val_if_fail (first != NULL && last != NULL, FALSE);

  start = self->start;
  end = MAX (self->end, self->start);
  if (!self->all_day)
    {
      /* Looked up once: a new GTimeZone per event made a 20,000-event calendar
       * take a third of a second (GLib itself keeps the local zone until
       * g_time_zone_refresh_local()) */
      static GTimeZone *zone;
      int interval;

      if (g_once_init_enter (&zone))
        g_once_init_leave (&zone, g_time_zone_new_local ());

      interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, start);
      start += interval >= 0 ? g_time_zone_get_offset (zone, interval) : 0;
      interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, end);
      end += interval >= 0 ? g_time_zone_get_offset (zone, interval) : 0;
      /* ending at midnight, it does not take the next day */
      if (end > start && floor_div (end, 86400) > floor_div (start, 86400) && end % 86400 == 0)
        end--;
    }
  first_day = floor_div (start, 86400) + UNIX_EPOCH_JULIAN;
  last_day = floor_div (end, 86400) + UNIX_EPOCH_JULIAN;
  if (first_day < 1 || last_day > G_MAXUINT32 / 2 || !g_date_valid_julian ((guint32) last_day))
    {
      *first = *last = 1;
      return FALSE;
    }
  *first = (guint32) first_day;
  *last = (guint32) last_day;

  /* A feed date of a month ("2019-04") or a year covers it whole: no day of its own */
  if (self->all_day && *last - *first >= 27)
    {
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, *first);
      if (g_date_get_day (&date) == 1)
        {
          g_date_set_julian (&date, *last + 1);
          if (g_date_get_day (&date) == 1)
            return FALSE;
        }
    }
  return TRUE;
}
