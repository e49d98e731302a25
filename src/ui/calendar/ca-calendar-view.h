/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-store.h"

G_BEGIN_DECLS

#define CA_TYPE_CALENDAR_VIEW (ca_calendar_view_get_type ())
G_DECLARE_FINAL_TYPE (CaCalendarView, ca_calendar_view, CA, CALENDAR_VIEW, AdwBreakpointBin)

/* The Calendar view: a month grid, an agenda and the projects timeline, with
 * filters (cluster, event kind, programme, starred only), and event and project pages
 * beside them, or in their place when the view is narrow (an AdwNavigationSplitView
 * collapsed by the view's own breakpoints). calendar.print and calendar.export print
 * and export what the filters let through (ca-calendar-actions.c; the window's
 * Ctrl+P and Ctrl+E). */
void        ca_calendar_view_set_store      (CaCalendarView *self,
                                             CaStore        *store);
gboolean    ca_calendar_view_show_event     (CaCalendarView *self,
                                             const char     *feed,
                                             const char     *id);
gboolean    ca_calendar_view_show_project   (CaCalendarView *self,
                                             const char     *feed,
                                             const char     *id);
/* The filters, as the filter bar sets them (tests drive them here) */
void        ca_calendar_view_set_starred_only (CaCalendarView *self,
                                               gboolean        starred_only);
/* The events the agenda lists now (CaEvent), after the filters */
GListModel *ca_calendar_view_get_events     (CaCalendarView *self);

/* Reads the store again, after a sync or an import changed what it holds */
void        ca_calendar_view_reload         (CaCalendarView *self);
/* The agenda's "Show Past Events" toggle */
void        ca_calendar_view_set_show_past  (CaCalendarView *self,
                                             gboolean        show_past);
/* "month", "agenda" or "projects" */
void        ca_calendar_view_set_visible_view (CaCalendarView *self,
                                               const char     *name);
const char *ca_calendar_view_get_visible_view (CaCalendarView *self);
/* Shows a month (1–12) of a year in the month grid, and the grid */
void        ca_calendar_view_show_month     (CaCalendarView *self,
                                             int             year,
                                             int             month);

/* The event's changes are seen, wherever its page showed them */
void            ca_calendar_view_clear_mark       (CaCalendarView *self,
                                                   const char     *feed,
                                                   const char     *id);
/* No event marked as changed any more: after "Mark All as Seen" */
void            ca_calendar_view_clear_marks      (CaCalendarView *self);

G_END_DECLS
