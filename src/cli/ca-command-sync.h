/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs --add-feed, --remove-feed, --list-feeds or --sync when one is among the
 * options, returning the exit status; -1 when none is. Needs no display. */
int  ca_command_sync_dispatch (GVariantDict *options);

G_END_DECLS
