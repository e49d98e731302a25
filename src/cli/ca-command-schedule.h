/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The options of --print-schedule and --export-ics, for the application's table */
extern const GOptionEntry ca_command_schedule_options[];

/* TRUE when the command line holds one of those options */
gboolean ca_command_schedule_wanted (GVariantDict *options);

/* Writes the schedule as a PDF or an iCalendar file with no display; the exit status */
int      ca_command_schedule_run    (GVariantDict *options);

G_END_DECLS
