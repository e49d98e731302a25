/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ca-store.h"

G_BEGIN_DECLS

/* The file a sync of key holds an flock() on, beside the store, so that the window
 * and `cluster-atlas --sync` (another process) never sync one feed at once. For
 * tests, which hold it to play the other process. */
char *_ca_sync_lock_path (CaStore    *store,
                          const char *key);

G_END_DECLS
