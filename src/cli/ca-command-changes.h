/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* --changes [--since=DATE] [--starred]: the store's change log, one line per change */
extern const GOptionEntry ca_command_changes_options[];

/* TRUE when the command line holds --changes or --since */
gboolean ca_command_changes_wanted (GVariantDict *options);

/* Prints the log in the user's language and time zone; the exit status */
int      ca_command_changes_run    (GVariantDict *options);

G_END_DECLS
