/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-schedule.h"
#include "ca-store.h"

G_BEGIN_DECLS

typedef enum {
  CA_PRINT_RANGE_WEEK,       /* Monday to Sunday of this week */
  CA_PRINT_RANGE_MONTH,      /* this month */
  CA_PRINT_RANGE_UPCOMING,   /* from today on */
  CA_PRINT_RANGE_CHOSEN,     /* the days picked */
} CaPrintRange;

#define CA_TYPE_PRINT_DIALOG (ca_print_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CaPrintDialog, ca_print_dialog, CA, PRINT_DIALOG, AdwDialog)

/*
 * The dialog before the print dialog (present it with adw_dialog_present()): which
 * days of the filtered events to print, and whether with their descriptions.
 * "Print…" opens GTK's print dialog.
 * events: CaEvent by start, after the calendar's filters; cluster: the cluster
 * filter's name or NULL; filters: the filters as the calendar shows them, or NULL;
 * year and month: the month the calendar shows, the first chosen days.
 */
CaPrintDialog *ca_print_dialog_new                (CaStore       *store,
                                                   GPtrArray     *events,
                                                   const char    *cluster,
                                                   const char    *filters,
                                                   int            year,
                                                   int            month);
void           ca_print_dialog_set_range          (CaPrintDialog *self,
                                                   CaPrintRange   range);
CaPrintRange   ca_print_dialog_get_range          (CaPrintDialog *self);
void           ca_print_dialog_set_days           (CaPrintDialog *self,
                                                   const GDate   *from,
                                                   const GDate   *to);
void           ca_print_dialog_set_include_descriptions (CaPrintDialog *self,
                                                   gboolean       include);
/* The events of the current choice */
guint          ca_print_dialog_get_n_events       (CaPrintDialog *self);
/* The schedule "Print…" prints */
CaSchedule    *ca_print_dialog_build_schedule     (CaPrintDialog *self);

G_END_DECLS
