/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ca-event.h"
#include "ca-project.h"

G_BEGIN_DECLS

/*
 * The Calendar's filters over events and projects already read from the store: the
 * in-memory counterpart of CaEventQuery (ca-store.h), so that changing a filter does
 * not read the store again. No GTK: tested without a display (tests/test-event-filter.c).
 *
 * A new filter lets everything through; each setter narrows it.
 *   cluster      events and projects that list the cluster (its feed and id)
 *   kind         events of a CaEventKind (projects have no kind: not narrowed)
 *   programme    projects of the funding programme, and the events of those projects
 *   starred      starred events only (projects are never starred: not narrowed)
 *   days         events on at least one day of [first, last] (GDate Julian days, 0 for
 *                no bound); a month or a year without a day counts by the days it covers
 */
typedef struct _CaEventFilter CaEventFilter;

#define CA_TYPE_EVENT_FILTER (ca_event_filter_get_type ())
GType          ca_event_filter_get_type          (void) G_GNUC_CONST;

CaEventFilter *ca_event_filter_new               (void);
CaEventFilter *ca_event_filter_copy              (const CaEventFilter *self);
void           ca_event_filter_free              (CaEventFilter       *self);

void           ca_event_filter_set_cluster       (CaEventFilter *self,
                                                  const char    *feed,
                                                  const char    *id);
void           ca_event_filter_set_kind          (CaEventFilter *self,
                                                  int            kind);
/* projects: every project read (CaProject), to find the events of the programme's
 * projects; programme NULL lets every programme through */
void           ca_event_filter_set_programme     (CaEventFilter *self,
                                                  const char    *programme,
                                                  GPtrArray     *projects);
void           ca_event_filter_set_starred_only  (CaEventFilter *self,
                                                  gboolean       starred_only);
void           ca_event_filter_set_days          (CaEventFilter *self,
                                                  guint32        first,
                                                  guint32        last);

/* Whether a cluster, kind, programme or starred-only narrows it (days do not count:
 * they are what a print or an agenda section asks for, not a filter the user set) */
gboolean       ca_event_filter_is_narrowed       (const CaEventFilter *self);

gboolean       ca_event_filter_match_event       (const CaEventFilter *self,
                                                  CaEvent             *event);
gboolean       ca_event_filter_match_project     (const CaEventFilter *self,
                                                  CaProject           *project);

/* New arrays (with references) of what passes, in the order given */
GPtrArray     *ca_event_filter_events            (const CaEventFilter *self,
                                                  GPtrArray           *events);
GPtrArray     *ca_event_filter_projects          (const CaEventFilter *self,
                                                  GPtrArray           *projects);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaEventFilter, ca_event_filter_free)

G_END_DECLS
