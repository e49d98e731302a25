/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ca-feed.h"
#include "ca-feed-values.h"

G_BEGIN_DECLS

/*
 * The feed parser's record readers (ca-feed-records.c): one top-level record
 * from its JSON object, or NULL when a required field is missing or wrong (the
 * reason is in ctx's warnings). Duplicates and references are the parser's.
 */

CaCluster *_ca_feed_read_cluster (Ctx         *ctx,
                                  JsonObject  *object,
                                  const char  *path);
CaProject *_ca_feed_read_project (Ctx         *ctx,
                                  JsonObject  *object,
                                  const char  *path);
CaEvent   *_ca_feed_read_event   (Ctx         *ctx,
                                  JsonObject  *object,
                                  const char  *path);

G_END_DECLS
