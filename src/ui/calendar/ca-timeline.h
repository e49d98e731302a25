/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CA_TYPE_TIMELINE (ca_timeline_get_type ())
G_DECLARE_FINAL_TYPE (CaTimeline, ca_timeline, CA, TIMELINE, GtkWidget)

/*
 * The projects on a year axis, one row each: a bar from start to end coloured by
 * programme, with the programme's name written beside it, ongoing ones marked
 * "Ongoing" and a line for today. Projects without a start are listed under
 * "Dates not known". Clicking a row, or Enter on the focused one, activates
 * "calendar.show-project" with (feed, id). Put it in a GtkScrolledWindow.
 */
GtkWidget  *ca_timeline_new          (void);
/* projects: CaProject; the timeline keeps a reference */
void        ca_timeline_set_projects (CaTimeline *self,
                                      GPtrArray  *projects);
guint       ca_timeline_get_n_rows   (CaTimeline *self);
/* The accessible text of a row (project or heading), for tests */
const char *ca_timeline_get_row_text (CaTimeline *self,
                                      guint       row);

G_END_DECLS
