/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-application.h"
#include "ca-calendar-view.h"
#include "ca-clusters-view.h"
#include "ca-members-view.h"
#include "ca-schedule-view.h"
#include "ca-search-view.h"

G_BEGIN_DECLS

#define CA_TYPE_WINDOW (ca_window_get_type ())
G_DECLARE_FINAL_TYPE (CaWindow, ca_window, CA, WINDOW, AdwApplicationWindow)

CaWindow       *ca_window_new               (CaApplication *application);
void            ca_window_reload            (CaWindow      *self);
void            ca_window_search            (CaWindow      *self,
                                             const char    *text);
GListModel     *ca_window_get_clusters      (CaWindow      *self);
char           *ca_window_dup_freshness     (CaStore       *store);

/* The views, for tests that drive the real window */
CaClustersView *ca_window_get_clusters_view (CaWindow      *self);
CaMembersView  *ca_window_get_members_view  (CaWindow      *self);
CaCalendarView *ca_window_get_calendar_view (CaWindow      *self);
CaScheduleView *ca_window_get_schedule_view (CaWindow      *self);
CaSearchView   *ca_window_get_search_view   (CaWindow      *self);

G_END_DECLS
