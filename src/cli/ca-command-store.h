/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ca-store.h"

G_BEGIN_DECLS

/* What the headless commands share: the store they open (--store or the default)
 * and the size limit of what they read. */

typedef enum {
  CA_COMMAND_STORE_WRITE,          /* --add-feed, --remove-feed, --sync */
  CA_COMMAND_STORE_READ,           /* --list-feeds */
  CA_COMMAND_STORE_READ_BUILTIN,   /* --print-schedule, --export-ics: and the built-in feed */
} CaCommandStoreUse;

/* Where the store is: --store=FILE, checked to be a regular file (or none yet),
 * made absolute; NULL goes back to the default. FALSE, with a message on stderr,
 * when the path is refused. */
gboolean  ca_command_set_store_path  (const char        *path);
char     *ca_command_dup_store_path  (void);

/* Opens the store for use: a read-only use opens it read only when it can (so it
 * works on a store that cannot be written) and read-write when it must (a first
 * run, an older schema, damage). Says on stderr what went wrong or what was set
 * aside; NULL with *status the exit status (2: written by a newer version). */
CaStore  *ca_command_open_store      (CaCommandStoreUse  use,
                                      int               *status);

/* The feed-size-limit setting (MiB), or the built-in limit without the schema */
gsize      ca_command_feed_size_limit (void);

G_END_DECLS
