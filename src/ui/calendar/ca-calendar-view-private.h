/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ca-agenda.h"
#include "ca-calendar-filters.h"
#include "ca-calendar-view.h"
#include "ca-event-filter.h"
#include "ca-event-page.h"
#include "ca-month-grid.h"
#include "ca-project-page.h"
#include "ca-timeline.h"

G_BEGIN_DECLS

/* Shared by ca-calendar-view.c and ca-calendar-actions.c (printing and exporting) */
struct _CaCalendarView
{
  AdwBreakpointBin        parent_instance;

  CaStore                *store;
  gboolean                loaded;
  gboolean                month_chosen;
  gboolean                updating;       /* filter models being rebuilt */
  guint                   load_serial;    /* of the latest read of the store */
  gboolean                reading;        /* a read runs on a worker thread */
  gboolean                disposed;
  gboolean                grid_revealed;  /* after the view's first frame (map) */
  gboolean                first_showing;  /* until the grid's first frame: no read yet */
  guint                   reveal_source;

  GPtrArray              *all_events;     /* CaEvent by start: every event of the store */
  GHashTable             *event_index;    /* "feed\x1fid" → CaEvent of all_events */
  GPtrArray              *clusters;       /* CaCluster, in the order of the cluster filter */
  GPtrArray              *projects;       /* CaProject by start */
  GPtrArray              *programmes;     /* char *, in the order of the programme filter */
  GHashTable             *cluster_names;  /* "feed\x1fid" → display name */
  CaEventFilter          *filter;         /* what the filter bar lets through */

  /* Filling in after a read in the background: one part per main-loop turn */
  guint                   fill_source;
  guint                   fill_step;
  GPtrArray              *fill_matching;  /* CaEvent, the events that pass the filters */

  GPtrArray              *history;        /* "e|p\x1ffeed\x1fid" of pages to go back to */
  char                   *current;

  /* template children */
  AdwBreakpoint          *narrow_breakpoint;
  AdwNavigationSplitView *split_view;
  AdwNavigationPage      *content_page;
  GtkMenuButton          *filters_button;
  GtkRevealer            *filter_revealer;
  GtkLabel               *filter_summary;
  GtkToggleButton        *starred_button;
  AdwViewStack           *view_stack;
  GtkStack               *month_stack;
  CaMonthGrid            *month_grid;
  CaAgenda               *agenda;
  GtkStack               *projects_stack;
  CaTimeline             *timeline;
  AdwStatusPage          *projects_status;
  GtkWidget              *page_pane;
  GtkWidget              *page_header;
  GtkWidget              *page_separator;
  GtkButton              *back_button;
  GtkLabel               *page_title;
  GtkStack               *page_stack;
  CaEventPage            *event_page;     /* NULL until an event is first opened */
  CaCalendarFilters      *filters;        /* NULL until the Filters popover is first opened */
  GtkDropDown            *cluster_dropdown;    /* the popover's, or NULL */
  GtkDropDown            *kind_dropdown;
  GtkDropDown            *programme_dropdown;
  CaProjectPage          *project_page;   /* NULL until a project is first opened */
};

/* The store read and filled in now, if it was not yet */
void        _ca_calendar_view_ensure_loaded      (CaCalendarView *self);
/* The cluster filter's name, or NULL */
const char *_ca_calendar_view_get_cluster_name   (CaCalendarView *self);

/* ca-calendar-actions.c: calendar.print (Ctrl+P) and calendar.export (Ctrl+E) */
void        _ca_calendar_view_class_actions_init (GtkWidgetClass *widget_class);

G_END_DECLS
