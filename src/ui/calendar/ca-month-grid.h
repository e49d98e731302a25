/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ca-event.h"

G_BEGIN_DECLS

#define CA_TYPE_MONTH_GRID (ca_month_grid_get_type ())
G_DECLARE_FINAL_TYPE (CaMonthGrid, ca_month_grid, CA, MONTH_GRID, GtkWidget)

/*
 * A month as 6 weeks of 7 days, Monday first, with the events of each day. An
 * event's title is a button activating "calendar.show-event" with (feed, id).
 * Actions month.previous, month.next and month.today (Page Up, Page Down).
 * Compact (a phone's width, where no title fits a day): a day's events are dots on
 * one button, whose popover lists them.
 */
GtkWidget *ca_month_grid_new        (void);
/* events: CaEvent by start; the grid keeps a reference */
void       ca_month_grid_set_events (CaMonthGrid *self,
                                     GPtrArray   *events);
void       ca_month_grid_set_month  (CaMonthGrid *self,
                                     int          year,
                                     int          month);
int        ca_month_grid_get_year   (CaMonthGrid *self);
int        ca_month_grid_get_month  (CaMonthGrid *self);
gboolean   ca_month_grid_get_compact (CaMonthGrid *self);
void       ca_month_grid_set_compact (CaMonthGrid *self,
                                      gboolean     compact);

/* The days made again from the same events: after their marks changed */
void       ca_month_grid_refresh     (CaMonthGrid *self);

G_END_DECLS
