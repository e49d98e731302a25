/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ca-event.h"

G_BEGIN_DECLS

/*
 * One row of the agenda: a flat model of headings (a day, or "Past Events") and the
 * events under them. What a row shows is in properties, which the row's template
 * (ca-agenda-row.ui) binds; an event's texts are made when a row first asks for them,
 * so that a model of thousands of events costs no formatting for rows never shown.
 */
typedef enum {
  CA_AGENDA_ITEM_HEADING,     /* a day */
  CA_AGENDA_ITEM_SECTION,     /* "Past Events" */
  CA_AGENDA_ITEM_EVENT,
} CaAgendaItemKind;

#define CA_TYPE_AGENDA_ITEM_KIND (ca_agenda_item_kind_get_type ())
GType ca_agenda_item_kind_get_type (void) G_GNUC_CONST;

#define CA_TYPE_AGENDA_ITEM (ca_agenda_item_get_type ())
G_DECLARE_FINAL_TYPE (CaAgendaItem, ca_agenda_item, CA, AGENDA_ITEM, GObject)

CaAgendaItem     *ca_agenda_item_new_heading (CaAgendaItemKind kind,
                                              const char   *text);
CaAgendaItem     *ca_agenda_item_new_event   (CaEvent      *event);
CaAgendaItemKind  ca_agenda_item_get_kind    (CaAgendaItem *self);
/* A heading's text; NULL for an event */
const char       *ca_agenda_item_get_heading (CaAgendaItem *self);
/* NULL for a heading */
CaEvent          *ca_agenda_item_get_event   (CaAgendaItem *self);
/* An event's title, "26 March 2019 · Conference", and "Venue, City" (or "") */
const char       *ca_agenda_item_get_title   (CaAgendaItem *self);
const char       *ca_agenda_item_get_details (CaAgendaItem *self);
const char       *ca_agenda_item_get_place   (CaAgendaItem *self);
gboolean          ca_agenda_item_get_starred (CaAgendaItem *self);
void              ca_agenda_item_set_starred (CaAgendaItem *self,
                                              gboolean      starred);
/* The mark of the event's unseen change (CaChangeMark), from the event when made;
 * "mark-label" is its word, or NULL */
CaChangeMark      ca_agenda_item_get_mark    (CaAgendaItem *self);
void              ca_agenda_item_set_mark    (CaAgendaItem *self,
                                              CaChangeMark  mark);

G_END_DECLS
