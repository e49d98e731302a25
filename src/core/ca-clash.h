/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ca-event.h"

G_BEGIN_DECLS

/*
 * When two events the user chose get in each other's way.
 *
 * Timed events clash when their times overlap, compared as instants (UTC), whatever
 * zone each was written in: 10:00–12:00 in Sofia and 09:30–10:30 in Berlin clash.
 * An event without an end is its start instant only: it clashes with what runs at
 * that instant. Back-to-back events (one ends when the other starts) do not clash.
 * An all-day event does not clash with anything unless CA_CLASH_ALL_DAY is given;
 * then it covers its days from midnight to midnight in the user's zone. A cancelled
 * event clashes with nothing. Two events on a same day (in the user's zone) in
 * different cities are flagged CA_CLASH_DIFFERENT_CITIES, overlapping or not.
 */

typedef enum {
  CA_CLASH_FLAGS_NONE = 0,
  CA_CLASH_ALL_DAY    = 1 << 0,   /* all-day events take their whole days */
} CaClashFlags;

typedef enum {
  CA_CLASH_NONE             = 0,
  CA_CLASH_OVERLAP          = 1 << 0,
  CA_CLASH_DIFFERENT_CITIES = 1 << 1,
} CaClashKind;

typedef struct {
  CaEvent     *a;       /* a reference each; a starts no later than b */
  CaEvent     *b;
  CaClashKind  kind;
} CaClash;

void        ca_clash_free    (CaClash      *clash);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaClash, ca_clash_free)

/* How a and b clash; zone is the user's (NULL: the local zone) */
CaClashKind ca_clash_between (CaEvent      *a,
                              CaEvent      *b,
                              GTimeZone    *zone,
                              CaClashFlags  flags);

/* Every clashing pair among events (CaEvent, e.g. the starred ones), as CaClash, in
 * the order of a's start then b's; sorts a copy, so events is left as it is */
GPtrArray  *ca_clash_find    (GPtrArray    *events,
                              GTimeZone    *zone,
                              CaClashFlags  flags);

/* The events that clash with event among events (itself left out): "the other one
 * named" on an event's page */
GPtrArray  *ca_clash_find_for (GPtrArray   *events,
                               CaEvent     *event,
                               GTimeZone   *zone,
                               CaClashFlags flags);

/* What a clash is, said from event's side (event is clash->a or clash->b), in the
 * user's language: "Clashes with Cluster Summit", "Different cities: Sofia, Plovdiv"
 * (the earlier one's city first), both on two lines when both apply */
char       *ca_clash_describe (CaClash     *clash,
                               CaEvent     *event);

/* The notes of My Schedule's rows: for each event of events that clashes with
 * another, "feed\x1fid" → char *, its clashes described (ca_clash_describe) one a
 * line, in the order of ca_clash_find; an event without a clash is not in it */
GHashTable *ca_clash_notes    (GPtrArray   *events,
                               GTimeZone   *zone,
                               CaClashFlags flags);

/* The same note for one event, as its page and the notification of a new star say
 * it: its clashes among events, one a line; NULL when it has none */
char       *ca_clash_note_for (GPtrArray   *events,
                               CaEvent     *event,
                               GTimeZone   *zone,
                               CaClashFlags flags);

G_END_DECLS
