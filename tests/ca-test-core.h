/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ca-store.h"

G_BEGIN_DECLS

/* What the tests share that needs no display: files and feeds. */

/* Removes path and everything under it (symbolic links, not what they point to) */
void ca_test_remove_tree  (const char *path);

/* Parses bytes as the feed key and stores it, asserting both work */
void ca_test_load_feed    (CaStore    *store,
                           const char *key,
                           GBytes     *bytes);
/* The built-in feed, data/default-feed.json, stored as CA_FEED_BUILTIN */
void ca_test_load_builtin (CaStore    *store);

G_END_DECLS
