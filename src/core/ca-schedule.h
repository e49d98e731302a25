/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "ca-event.h"
#include "ca-output.h"
#include "ca-store.h"

G_BEGIN_DECLS

/*
 * The printed event schedule: a title, a heading per day in the user's locale, and per
 * event its time, title, kind, place, organisers and (optionally) description; a footer
 * with "Page N of M", the date of the data and the feed. It paginates by itself (an
 * event that does not fit breaks inside its description, line by line, with at least
 * two lines of it on either side; an event that cannot break so moves whole to the next
 * page; a day heading is never left alone at a page's foot) and draws a page onto any
 * cairo_t with Pango, so the print dialog and a PDF file share one layout. Sizes are
 * in points; no GTK.
 */

#define CA_TYPE_SCHEDULE (ca_schedule_get_type ())
G_DECLARE_FINAL_TYPE (CaSchedule, ca_schedule, CA, SCHEDULE, GObject)

typedef enum {
  CA_SCHEDULE_BLOCK_TITLE,
  CA_SCHEDULE_BLOCK_HEADING,
  CA_SCHEDULE_BLOCK_EVENT,
} CaScheduleBlockKind;

/* Where a block of the layout went, for tests and callers that check the breaks */
typedef struct {
  CaScheduleBlockKind kind;
  guint               event;        /* EVENT: index in the events */
  guint               first_page;   /* from 0 */
  guint               last_page;    /* > first_page only when the block was split */
  double              height;
  guint               n_lines;      /* its lines */
  guint               first_body_line; /* EVENT: its description's first line, or n_lines */
  guint               lines_first;  /* lines on its first page, and on its last */
  guint               lines_last;
} CaScheduleBlock;

/* Paper sizes in points */
#define CA_SCHEDULE_A4_WIDTH      595.276
#define CA_SCHEDULE_A4_HEIGHT     841.89
#define CA_SCHEDULE_LETTER_WIDTH  612.0
#define CA_SCHEDULE_LETTER_HEIGHT 792.0

/* events: CaEvent by start, as the store lists them */
CaSchedule *ca_schedule_new                   (GPtrArray   *events);

void        ca_schedule_set_title             (CaSchedule  *self,
                                               const char  *title);
const char *ca_schedule_get_title             (CaSchedule  *self);
/* Under the title, e.g. "15 events · starred only"; may be NULL */
void        ca_schedule_set_subtitle          (CaSchedule  *self,
                                               const char  *subtitle);
void        ca_schedule_set_include_descriptions (CaSchedule *self,
                                               gboolean     include);
/* Unix seconds the data was last synced, 0 unknown; and the feed it came from */
void        ca_schedule_set_data_time         (CaSchedule  *self,
                                               gint64       synced);
void        ca_schedule_set_feed_name         (CaSchedule  *self,
                                               const char  *feed_name);
/* Both of the above from a store: its last sync and the names of its shown feeds */
void        ca_schedule_set_source            (CaSchedule  *self,
                                               CaStore     *store);
/* The area drawn on, from the cairo origin, and the margins inside it */
void        ca_schedule_set_page              (CaSchedule  *self,
                                               double       width,
                                               double       height,
                                               double       top,
                                               double       right,
                                               double       bottom,
                                               double       left);

/* Lays out and breaks into pages (again only after a change); the number of pages */
guint       ca_schedule_paginate              (CaSchedule  *self);
guint       ca_schedule_get_n_pages           (CaSchedule  *self);
/* The same in a worker thread, for a window that must not wait on a long schedule;
 * nothing else may use the schedule until the callback. Cancelled: the pagination
 * is left undone (G_IO_ERROR_CANCELLED). */
void        ca_schedule_paginate_async        (CaSchedule           *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
guint       ca_schedule_paginate_finish       (CaSchedule           *self,
                                               GAsyncResult         *result,
                                               GError              **error);
/* The height a page has for the schedule, below the margins and above the footer */
double      ca_schedule_get_body_height       (CaSchedule  *self);
/* Where every block went (CaScheduleBlock, in order), for tests and callers that check
 * the breaks: a new array, from one more walk through the layout. Printing does not
 * keep it: it keeps only where each page starts. */
GArray     *ca_schedule_list_blocks           (CaSchedule  *self);

/* Draws page (from 0) with its top-left corner at the cairo origin */
void        ca_schedule_draw_page             (CaSchedule  *self,
                                               cairo_t     *cr,
                                               guint        page);

/* Writes every page to a PDF file, whole or not at all, by CaOutput's rules ("-" is
 * standard output) */
gboolean    ca_schedule_write_pdf             (CaSchedule  *self,
                                               const char  *path,
                                               GError     **error);
/* The same into an output already opened (not committed: the caller does it); each
 * page is written as it is drawn */
gboolean    ca_schedule_write_pdf_to          (CaSchedule  *self,
                                               CaOutput    *output,
                                               GError     **error);

/* The events (CaEvent) with a day from `from` to `to` (either may be NULL: no
 * bound), by the days the calendar shows them on; a new array of the same events */
GPtrArray  *ca_schedule_select_days           (GPtrArray   *events,
                                               const GDate *from,
                                               const GDate *to);

/* "Event schedule — ICT Cluster — March 2026"; cluster, from and to may be NULL.
 * from and to are the first and the last day. */
char       *ca_schedule_make_title            (const char  *cluster,
                                               GDateTime   *from,
                                               GDateTime   *to);

/* Why nothing is printed or exported: "No events between 1 March 2026 and 31 March
 * 2026", "No starred events from 7 December 2026 on"; from and to (the first and the
 * last day) may be NULL */
char       *ca_schedule_make_empty_message    (GDateTime   *from,
                                               GDateTime   *to,
                                               gboolean     starred);

G_END_DECLS
