/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-store.h"

G_BEGIN_DECLS

#define CA_TYPE_SCHEDULE_VIEW (ca_schedule_view_get_type ())
G_DECLARE_FINAL_TYPE (CaScheduleView, ca_schedule_view, CA, SCHEDULE_VIEW, AdwBreakpointBin)

/*
 * My Schedule: the starred events, upcoming first and then the past ones, under a
 * heading per day in the user's zone and language; a row tells the events it clashes
 * with (ca-my-schedule.h). A row opens the event's page beside the list, or in its
 * place when narrow. schedule.print and schedule.export print and export the starred
 * events (the window's Ctrl+P and Ctrl+E while it shows).
 */
void        ca_schedule_view_set_store  (CaScheduleView *self,
                                         CaStore        *store);
/* Reads the starred events again */
void        ca_schedule_view_reload     (CaScheduleView *self);
/* The store read and the list filled in now, if it was not yet (tests) */
void        ca_schedule_view_ensure_loaded (CaScheduleView *self);
/* The starred events listed, CaEvent in the order shown */
GPtrArray  *ca_schedule_view_get_events (CaScheduleView *self);
/* The rows' list boxes, one per day, in order (tests) */
GtkWidget  *ca_schedule_view_get_list   (CaScheduleView *self);
gboolean    ca_schedule_view_show_event (CaScheduleView *self,
                                         const char     *feed,
                                         const char     *id);

G_END_DECLS
