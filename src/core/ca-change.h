/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ca-enums.h"

G_BEGIN_DECLS

/*
 * One entry of the store's change log: what an import of a feed did to one of its
 * events or projects. Read with ca_store_list_changes(); the fields are public, as
 * CaEvent's are, and the ones a list row shows are also properties.
 */

typedef enum {
  CA_CHANGE_EVENT,
  CA_CHANGE_PROJECT,
} CaChangeKind;

typedef enum {
  CA_CHANGE_ADDED,
  CA_CHANGE_REMOVED,
  CA_CHANGE_CHANGED,
} CaChangeAction;

/* Which fields a CA_CHANGE_CHANGED entry changed */
typedef enum {
  CA_CHANGE_FIELD_TITLE    = 1 << 0,
  CA_CHANGE_FIELD_START    = 1 << 1,   /* the start, or all day / timed */
  CA_CHANGE_FIELD_END      = 1 << 2,   /* the end, or whether there is one */
  CA_CHANGE_FIELD_TIMEZONE = 1 << 3,
  CA_CHANGE_FIELD_VENUE    = 1 << 4,
  CA_CHANGE_FIELD_CITY     = 1 << 5,
  CA_CHANGE_FIELD_ONLINE   = 1 << 6,
  CA_CHANGE_FIELD_STATUS   = 1 << 7,
} CaChangeFields;

/* The mark an event gets in the calendar: one word for what matters most */
typedef enum {
  CA_CHANGE_MARK_NONE,
  CA_CHANGE_MARK_NEW,
  CA_CHANGE_MARK_MOVED,
  CA_CHANGE_MARK_CANCELLED,
  CA_CHANGE_MARK_ONLINE,
  CA_CHANGE_MARK_REMOVED,
  CA_CHANGE_MARK_CHANGED,       /* a title, venue, time zone… */
} CaChangeMark;

/* A record's fields before or after the change (an added record has no "before",
 * a removed one no "after": all NULL and 0 there). Events: start and end are Unix
 * seconds as in CaEvent. Projects: start_date and end_date are the feed's dates. */
typedef struct {
  char          *title;         /* Text */
  gint64         start;
  gint64         end;
  gboolean       has_end;
  gboolean       all_day;
  char          *timezone;
  char          *venue;         /* Text */
  char          *city;          /* Text */
  int            online;        /* -1 not given, 0 no, 1 yes */
  CaEventStatus  status;
  char          *start_date;    /* projects */
  char          *end_date;
} CaChangeValues;

#define CA_TYPE_CHANGE (ca_change_get_type ())
G_DECLARE_FINAL_TYPE (CaChange, ca_change, CA, CHANGE, GObject)

struct _CaChange
{
  GObject         parent_instance;

  gint64          id;           /* the log's row: for ca_store_mark_change_seen() */
  char           *feed;         /* the feed's key */
  CaChangeKind    kind;
  char           *record_id;
  CaChangeAction  action;
  CaChangeFields  fields;       /* CA_CHANGE_CHANGED: what changed */
  guint           sync;         /* the feed's import that made it: 1, 2, … */
  gint64          time;         /* Unix seconds of that import */
  gboolean        seen;
  gboolean        starred;      /* an event the user starred */
  CaChangeValues  old;
  CaChangeValues  new;
};

CaChange     *ca_change_new          (void);

/* The record's title, shown: the new one, or the old one of a removed record */
const char   *ca_change_get_title    (CaChange  *self);
CaChangeMark  ca_change_get_mark     (CaChange  *self);
/* "New", "Moved", "Cancelled", "Online now", "Removed", "Changed"; NULL for none */
const char   *ca_change_mark_label   (CaChangeMark mark);

/* What changed, one sentence per field, old → new, in the user's language and in
 * zone (NULL: the user's): "Moved from 26 March 2026, 10:00 to 27 March 2026, 10:00",
 * "Venue: Sofia Tech Park → Online". For an added or removed record one sentence. */
GPtrArray    *ca_change_describe     (CaChange  *self,
                                      GTimeZone *zone);

G_END_DECLS
