/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-change.h"

G_BEGIN_DECLS

#define CA_TYPE_AGENDA (ca_agenda_get_type ())
G_DECLARE_FINAL_TYPE (CaAgenda, ca_agenda, CA, AGENDA, AdwBin)

/*
 * The Calendar's agenda: the events that pass the filters by day, the upcoming ones
 * first and, with "Show Past Events", the past ones after them, the most recent first.
 * A row opens its event through the "calendar.show-event" action of an ancestor.
 * When the filters leave nothing, its status page offers to clear them: the
 * "clear-filters" signal.
 */
GtkWidget  *ca_agenda_new            (void);

/* loaded: FALSE while the store is being read (a spinner shows); n_total: the events
 * the store holds, before the filters; upcoming and past: CaEvent by start, those
 * that pass the filters and are not over, and those over */
void        ca_agenda_set_events     (CaAgenda  *self,
                                      gboolean   loaded,
                                      guint      n_total,
                                      GPtrArray *upcoming,
                                      GPtrArray *past);
gboolean    ca_agenda_get_show_past  (CaAgenda  *self);
void        ca_agenda_set_show_past  (CaAgenda  *self,
                                      gboolean   show_past);
/* The events listed (CaEvent), in the agenda's order; the same model throughout */
GListModel *ca_agenda_get_events     (CaAgenda  *self);
/* Rows fill in a part per main-loop turn: this fills the rest now */
void        ca_agenda_finish         (CaAgenda  *self);
/* The star of an event's row, after the event page changed it */
void        ca_agenda_set_starred    (CaAgenda   *self,
                                      const char *feed,
                                      const char *id,
                                      gboolean    starred);

/* The mark of an event's unseen changes (feed and id), or of every event (both NULL) */
void       ca_agenda_set_mark       (CaAgenda     *self,
                                     const char   *feed,
                                     const char   *id,
                                     CaChangeMark  mark);

G_END_DECLS
