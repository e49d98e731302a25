/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ca-agenda-item.h"

G_BEGIN_DECLS

#define CA_TYPE_AGENDA_ROW (ca_agenda_row_get_type ())
G_DECLARE_FINAL_TYPE (CaAgendaRow, ca_agenda_row, CA, AGENDA_ROW, GtkWidget)

/* A row of the agenda: a day's heading, "Past Events", or an event (title; when and
 * kind; place; a star when starred), bound to its CaAgendaItem in ca-agenda-row.ui */
GtkWidget    *ca_agenda_row_new      (void);
CaAgendaItem *ca_agenda_row_get_item (CaAgendaRow  *self);
void          ca_agenda_row_set_item (CaAgendaRow  *self,
                                      CaAgendaItem *item);

G_END_DECLS
