/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-change"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ca-change.h"
#include "ca-event.h"
#include "ca-format.h"
#include "ca-text.h"

G_DEFINE_FINAL_TYPE (CaChange, ca_change, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FEED,
  PROP_RECORD_ID,
  PROP_KIND,
  PROP_ACTION,
  PROP_FIELDS,
  PROP_TITLE,
  PROP_MARK,
  PROP_TIME,
  PROP_SEEN,
  PROP_STARRED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* {{{ Helpers */

static void
values_clear (CaChangeValues *v)
{
  g_clear_pointer (&v->title, g_free);
  g_clear_pointer (&v->timezone, g_free);
  g_clear_pointer (&v->venue, g_free);
  g_clear_pointer (&v->city, g_free);
  g_clear_pointer (&v->start_date, g_free);
  g_clear_pointer (&v->end_date, g_free);
}

/* A throw-away event of the values, for ca_format_event_when() */
static CaEvent *
event_of (const CaChangeValues *v)
{
  CaEvent *event = ca_event_new ();

  event->start = v->start;
  event->end = v->end;
  event->has_end = v->has_end;
  event->all_day = v->all_day;
  return event;
}

static char *
event_when (const CaChangeValues *v,
            GTimeZone            *zone)
{
  g_autoptr(CaEvent) event = event_of (v);
  return ca_format_event_when (event, zone);
}

static char *
project_dates (const CaChangeValues *v)
{
  g_autofree char *start = ca_format_feed_date (v->start_date);
  g_autofree char *end = ca_format_feed_date (v->end_date);

  if (start == NULL && end == NULL)
    return g_strdup ("—");
  if (end == NULL)
    return g_steal_pointer (&start);
  /* TRANSLATORS: a span of days, "26 March 2019 – 27 March 2019" */
  return g_strdup_printf (_("%s – %s"), start != NULL ? start : "…", end);
}

/* Where: "Venue, City", "Online", "Venue, City (online too)" */
static char *
place (const CaChangeValues *v)
{
  g_autofree char *venue = v->venue != NULL ? ca_text_display (v->venue) : NULL;
  g_autofree char *city = v->city != NULL ? ca_text_display (v->city) : NULL;
  g_autofree char *where = NULL;

  if (venue != NULL && city != NULL)
    /* TRANSLATORS: a venue and its city, "Sofia Tech Park, Sofia" */
    where = g_strdup_printf (_("%s, %s"), venue, city);
  else
    where = g_strdup (venue != NULL ? venue : city);

  if (v->online != 1)
    return where != NULL ? g_steal_pointer (&where) : g_strdup ("—");
  if (where == NULL)
    return g_strdup (ca_format_online ());
  /* TRANSLATORS: a place where an event happens that can also be followed online */
  return g_strdup_printf (_("%s (online too)"), where);
}

static char *
display_or_dash (const char *text)
{
  return text != NULL ? ca_text_display (text) : g_strdup ("—");
}

/* }}} */

/* {{{ GObject */

static void
ca_change_finalize (GObject *object)
{
  CaChange *self = (CaChange *) object;

  g_free (self->feed);
  g_free (self->record_id);
  values_clear (&self->old);
  values_clear (&self->new);

  G_OBJECT_CLASS (ca_change_parent_class)->finalize (object);
}

static void
ca_change_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CaChange *self = CA_CHANGE (object);

  switch (prop_id)
    {
    case PROP_FEED:
      g_value_set_string (value, self->feed);
      break;
    case PROP_RECORD_ID:
      g_value_set_string (value, self->record_id);
      break;
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;
    case PROP_ACTION:
      g_value_set_uint (value, self->action);
      break;
    case PROP_FIELDS:
      g_value_set_uint (value, self->fields);
      break;
    case PROP_TITLE:
      g_value_take_string (value, ca_text_display (ca_change_get_title (self)));
      break;
    case PROP_MARK:
      g_value_set_uint (value, ca_change_get_mark (self));
      break;
    case PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;
    case PROP_SEEN:
      g_value_set_boolean (value, self->seen);
      break;
    case PROP_STARRED:
      g_value_set_boolean (value, self->starred);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_change_class_init (CaChangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ca_change_finalize;
  object_class->get_property = ca_change_get_property;

  properties[PROP_FEED] = g_param_spec_string ("feed", NULL, NULL, NULL, flags);
  properties[PROP_RECORD_ID] = g_param_spec_string ("record-id", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_uint ("kind", NULL, NULL, 0, CA_CHANGE_PROJECT, 0, flags);
  properties[PROP_ACTION] = g_param_spec_uint ("action", NULL, NULL,
                                               0, CA_CHANGE_CHANGED, 0, flags);
  properties[PROP_FIELDS] = g_param_spec_uint ("fields", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* Shown: the feed's text in the user's language */
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_MARK] = g_param_spec_uint ("mark", NULL, NULL,
                                             0, CA_CHANGE_MARK_CHANGED, 0, flags);
  properties[PROP_TIME] = g_param_spec_int64 ("time", NULL, NULL,
                                              0, G_MAXINT64, 0, flags);
  properties[PROP_SEEN] = g_param_spec_boolean ("seen", NULL, NULL, FALSE, flags);
  properties[PROP_STARRED] = g_param_spec_boolean ("starred", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ca_change_init (CaChange *self)
{
  self->old.online = -1;
  self->new.online = -1;
}

/* }}} */

/* {{{ Public API */

CaChange *
ca_change_new (void)
{
  return g_object_new (CA_TYPE_CHANGE, NULL);
}

const char *
ca_change_get_title (CaChange *self)
{
  g_return_val_if_fail (CA_IS_CHANGE (self), NULL);
  return self->new.title != NULL ? self->new.title : self->old.title;
}

CaChangeMark
ca_change_get_mark (CaChange *self)
{
  g_return_val_if_fail (CA_IS_CHANGE (self), CA_CHANGE_MARK_NONE);

  switch (self->action)
    {
    case CA_CHANGE_ADDED:
      return CA_CHANGE_MARK_NEW;
    case CA_CHANGE_REMOVED:
      return CA_CHANGE_MARK_REMOVED;
    case CA_CHANGE_CHANGED:
    default:
      break;
    }
  /* What the user must act on first: a cancellation, then a place, then a time */
  if ((self->fields & CA_CHANGE_FIELD_STATUS) && self->new.status == CA_EVENT_STATUS_CANCELLED)
    return CA_CHANGE_MARK_CANCELLED;
  if (((self->fields & CA_CHANGE_FIELD_ONLINE) && self->new.online == 1) ||
      ((self->fields & CA_CHANGE_FIELD_STATUS) &&
       self->new.status == CA_EVENT_STATUS_MOVED_ONLINE))
    return CA_CHANGE_MARK_ONLINE;
  if (self->fields & (CA_CHANGE_FIELD_START | CA_CHANGE_FIELD_END))
    return CA_CHANGE_MARK_MOVED;
  return self->fields != 0 ? CA_CHANGE_MARK_CHANGED : CA_CHANGE_MARK_NONE;
}

const char *
ca_change_mark_label (CaChangeMark mark)
{
  switch (mark)
    {
    /* TRANSLATORS: a mark on an event the last sync added */
    case CA_CHANGE_MARK_NEW: return C_("change", "New");
    /* TRANSLATORS: a mark on an event whose date or time changed */
    case CA_CHANGE_MARK_MOVED: return C_("change", "Moved");
    /* TRANSLATORS: a mark on an event that was cancelled */
    case CA_CHANGE_MARK_CANCELLED: return C_("change", "Cancelled");
    /* TRANSLATORS: a mark on an event that now happens online */
    case CA_CHANGE_MARK_ONLINE: return C_("change", "Online now");
    /* TRANSLATORS: a mark on an event its feed no longer has */
    case CA_CHANGE_MARK_REMOVED: return C_("change", "Removed");
    /* TRANSLATORS: a mark on an event whose title, venue or time zone changed */
    case CA_CHANGE_MARK_CHANGED: return C_("change", "Changed");
    case CA_CHANGE_MARK_NONE:
    default: return NULL;
    }
}

GPtrArray *
ca_change_describe (CaChange  *self,
                    GTimeZone *zone)
{
  g_autoptr(GTimeZone) local = NULL;
  GPtrArray *lines;
  gboolean event;
  CaChangeFields f;

  g_return_val_if_fail (CA_IS_CHANGE (self), NULL);

  lines = g_ptr_array_new_with_free_func (g_free);
  event = self->kind == CA_CHANGE_EVENT;
  f = self->fields;

  if (zone == NULL)
    zone = local = g_time_zone_new_local ();

  if (self->action == CA_CHANGE_ADDED || self->action == CA_CHANGE_REMOVED)
    {
      const CaChangeValues *v = self->action == CA_CHANGE_ADDED ? &self->new : &self->old;
      g_autofree char *when = event ? event_when (v, zone) : project_dates (v);

      if (self->action == CA_CHANGE_ADDED)
        /* TRANSLATORS: an event or project the last sync added, and its dates */
        g_ptr_array_add (lines, g_strdup_printf (_("Added: %s"), when));
      else
        /* TRANSLATORS: an event or project its feed no longer has, and its dates */
        g_ptr_array_add (lines, g_strdup_printf (_("Removed from the feed: %s"), when));
      return lines;
    }

  if (f & CA_CHANGE_FIELD_STATUS)
    /* TRANSLATORS: an event's status before and after: "Status: Scheduled → Cancelled" */
    g_ptr_array_add (lines, g_strdup_printf (_("Status: %s → %s"),
                                             ca_format_event_status (self->old.status),
                                             ca_format_event_status (self->new.status)));
  if (f & (CA_CHANGE_FIELD_START | CA_CHANGE_FIELD_END))
    {
      g_autofree char *from = event ? event_when (&self->old, zone) : project_dates (&self->old);
      g_autofree char *to = event ? event_when (&self->new, zone) : project_dates (&self->new);

      if (f & CA_CHANGE_FIELD_START)
        /* TRANSLATORS: "Moved from 26 March 2026, 10:00 to 27 March 2026, 14:00" */
        g_ptr_array_add (lines, g_strdup_printf (_("Moved from %s to %s"), from, to));
      else
        /* TRANSLATORS: a new end: "Time: 26 March 2026, 10:00–12:00 → 26 March 2026, 10:00–13:00" */
        g_ptr_array_add (lines, g_strdup_printf (_("Time: %s → %s"), from, to));
    }
  if (f & (CA_CHANGE_FIELD_VENUE | CA_CHANGE_FIELD_CITY | CA_CHANGE_FIELD_ONLINE))
    {
      g_autofree char *from = place (&self->old);
      g_autofree char *to = place (&self->new);

      /* TRANSLATORS: where an event happens, before and after: "Venue: Sofia Tech Park → Online" */
      g_ptr_array_add (lines, g_strdup_printf (_("Venue: %s → %s"), from, to));
    }
  if (f & CA_CHANGE_FIELD_TIMEZONE)
    /* TRANSLATORS: an event's time zone before and after: "Europe/Sofia → Europe/Berlin" */
    g_ptr_array_add (lines, g_strdup_printf (_("Time zone: %s → %s"),
                                             self->old.timezone != NULL ? self->old.timezone : "—",
                                             self->new.timezone != NULL ? self->new.timezone : "—"));
  if (f & CA_CHANGE_FIELD_TITLE)
    {
      g_autofree char *from = display_or_dash (self->old.title);
      g_autofree char *to = display_or_dash (self->new.title);

      /* TRANSLATORS: a title before and after */
      g_ptr_array_add (lines, g_strdup_printf (_("Title: “%s” → “%s”"), from, to));
    }
  return lines;
}

/* }}} */
