/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-event.h"
#include "ca-schedule.h"

G_BEGIN_DECLS

/*
 * The schedule out of the window: printed through GtkPrintOperation (the print portal
 * when sandboxed; "Print to File" gives a PDF), its pages drawn by CaSchedule as the
 * command line's PDF is, and events saved as iCalendar or handed to the calendar app.
 */

/* PRINT_DIALOG runs asynchronously; EXPORT writes export_path (a PDF) before returning.
 * The page setup's paper and margins apply (margins at least half an inch). */
gboolean ca_schedule_print_run          (CaSchedule              *schedule,
                                         GtkWindow               *parent,
                                         GtkPrintOperationAction  action,
                                         const char              *export_path,
                                         GError                 **error);

/* Sets the page the print dialog will start with (the last page setup, else the
 * default), so that a count made before (ca_schedule_paginate_async) is the one
 * GTK's print operation uses, unless the user picks other paper */
void     ca_schedule_print_set_first_page (CaSchedule            *schedule);
/* The same, and the pages counted (on this thread) */
guint    ca_schedule_print_count_pages  (CaSchedule              *schedule);

/* The page setup the next print starts from (the last one used replaces it) */
void     ca_schedule_print_set_page_setup (GtkPageSetup          *setup);

/* Asks where to save events (CaEvent) as one .ics file, and saves them */
void     ca_schedule_save_ics           (GtkWidget               *widget,
                                         GPtrArray               *events,
                                         const char              *suggested_name);

/* Writes text to file in a thread by CaOutput's rules (what "Export…" saves with) */
void     ca_schedule_write_text_async   (GFile                   *file,
                                         const char              *text,
                                         GCancellable            *cancellable,
                                         GAsyncReadyCallback      callback,
                                         gpointer                 user_data);
gboolean ca_schedule_write_text_finish  (GFile                   *file,
                                         GAsyncResult            *result,
                                         GError                 **error);

/* Hands one event to the desktop's calendar app; asks where to save it when no app
 * takes it */
void     ca_schedule_open_in_calendar   (GtkWidget               *widget,
                                         CaEvent                 *event);

/* The .ics file name for a title: "National Cluster Conference.ics" */
char    *ca_schedule_ics_file_name      (const char              *title);

G_END_DECLS
