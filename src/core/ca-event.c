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
