/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ca-feed-parser.h"

G_BEGIN_DECLS

/* Records "type.field" (e.g. "cluster.website") of every field the parser looks up,
 * so a test can hold the JSON Schema and the parser to the same field list. */
void _ca_feed_parser_log_fields (CaFeedParser *self,
                                 GHashTable   *field_log);

G_END_DECLS
