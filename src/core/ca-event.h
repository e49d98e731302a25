/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ca-change.h"
#include "ca-enums.h"

G_BEGIN_DECLS

#define CA_TYPE_EVENT (ca_event_get_type ())
G_DECLARE_FINAL_TYPE (CaEvent, ca_event, CA, EVENT, GObject)

/*
 * A dated event; see ca-cluster.h for the field rules.
 * Times are Unix seconds. A timed event's start/end are instants. An all-day
 * event's start is 00:00 UTC of its first day and end 00:00 UTC of its last
 * day (inclusive), so the dates read back with a UTC GDateTime.
 */
struct _CaEvent
{
  GObject        parent_instance;

  char          *feed;
  char          *id;
  char          *title;         /* Text */
  gint64         start;
  gint64         end;           /* == start when the feed gave no end */
  gboolean       has_end;
  gboolean       all_day;
  char          *timezone;      /* IANA name, or NULL */
  CaEventKind    kind;
  CaEventStatus  status;
  char          *venue;         /* Text */
  char          *city;          /* Text */
  char          *country;
  int            online;        /* -1 not given, 0 no, 1 yes */
  char          *url;
  char          *description;   /* Text */
  char         **clusters;      /* cluster ids */
  char          *project;       /* project id */
  GPtrArray     *speakers;      /* CaPerson */
  char         **organizers;    /* Text list */

  gboolean       starred;       /* set by store queries */
  CaChangeMark   mark;          /* an unseen change: set by the views from the change log */
};

CaEvent  *ca_event_new        (void);
GDateTime *ca_event_dup_start (CaEvent *self);
GDateTime *ca_event_dup_end   (CaEvent *self);

/* The days (GDate Julian numbers) an event falls on, in the user's time zone for
 * timed events; FALSE when the feed gave no day (only a month or a year), or the
 * date is out of range. */
gboolean   ca_event_get_days  (CaEvent *self,
                               guint32 *first,
                               guint32 *last);

G_END_DECLS
