/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ca-event.h"

G_BEGIN_DECLS

/*
 * One row of the agenda. GTK 4.8 has no list sections, so the agenda is a flat
 * model of headings (a day, or "Past Events") and the events under them.
 */
typedef enum {
  CA_AGENDA_ITEM_HEADING,     /* a day */
  CA_AGENDA_ITEM_SECTION,     /* "Past Events" */
  CA_AGENDA_ITEM_EVENT,
} CaAgendaItemKind;

#define CA_TYPE_AGENDA_ITEM (ca_agenda_item_get_type ())
G_DECLARE_FINAL_TYPE (CaAgendaItem, ca_agenda_item, CA, AGENDA_ITEM, GObject)

CaAgendaItem     *ca_agenda_item_new_heading (CaAgendaItemKind kind,
                                              const char   *text);
CaAgendaItem     *ca_agenda_item_new_event   (CaEvent      *event);
CaAgendaItemKind  ca_agenda_item_get_kind    (CaAgendaItem *self);
const char       *ca_agenda_item_get_heading (CaAgendaItem *self);
CaEvent          *ca_agenda_item_get_event   (CaAgendaItem *self);

G_END_DECLS
