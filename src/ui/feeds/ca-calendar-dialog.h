/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-sync-manager.h"

G_BEGIN_DECLS

#define CA_TYPE_CALENDAR_DIALOG (ca_calendar_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CaCalendarDialog, ca_calendar_dialog, CA, CALENDAR_DIALOG, AdwDialog)

/*
 * "Add a Calendar": the address of an iCalendar calendar or of a web page that
 * announces one, and the cluster whose events it holds (one in the store, or a new
 * one named here). Signals:
 *   added (const char *key)   subscribed; the sync has started and the dialog closes
 */
CaCalendarDialog *ca_calendar_dialog_new           (CaSyncManager    *manager);
/* For tests: the controls, and Add as the button does it */
AdwEntryRow      *ca_calendar_dialog_get_url_row   (CaCalendarDialog *self);
AdwComboRow      *ca_calendar_dialog_get_cluster_row (CaCalendarDialog *self);
AdwEntryRow      *ca_calendar_dialog_get_name_row  (CaCalendarDialog *self);
GtkLabel         *ca_calendar_dialog_get_error     (CaCalendarDialog *self);
void              ca_calendar_dialog_add           (CaCalendarDialog *self);

G_END_DECLS
