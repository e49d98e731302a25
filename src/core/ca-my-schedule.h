/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ca-clash.h"
#include "ca-event.h"

G_BEGIN_DECLS

/*
 * What the My Schedule view lists, worked out off the main thread with no GTK: the
 * starred events, upcoming first (by start), then the past ones (the latest first),
 * each with the day it is listed under in the user's zone and its clashes with the
 * other starred events (ca-clash.h says when two clash).
 */

typedef struct {
  CaEvent  *event;      /* a reference */
  gboolean  past;       /* ended before now */
  char     *day;        /* its day heading in zone: "Thursday, 26 March 2026" */
  char     *note;       /* its clashes (ca_clash_notes), or NULL */
} CaMyScheduleEntry;

void        ca_my_schedule_entry_free (CaMyScheduleEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaMyScheduleEntry, ca_my_schedule_entry_free)

/* starred: CaEvent (any order); zone: the user's (NULL: local); now: Unix seconds.
 * Returns CaMyScheduleEntry in the order the view shows them. */
GPtrArray  *ca_my_schedule_entries    (GPtrArray    *starred,
                                       GTimeZone    *zone,
                                       CaClashFlags  flags,
                                       gint64        now);

G_END_DECLS
