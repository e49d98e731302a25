/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * One pass over a feed's raw bytes, before json-glib sees them: it checks the nesting
 * depth (json-glib recurses per level) and finds where the elements of the top-level
 * record arrays lie, so the parser can hand json-glib a small header document and
 * slices of records to parse side by side.
 */

typedef enum {
  CA_FEED_SECTION_CLUSTERS,
  CA_FEED_SECTION_PROJECTS,
  CA_FEED_SECTION_EVENTS,
  CA_N_FEED_SECTIONS
} CaFeedSection;

typedef struct {
  gsize start;   /* first byte of the element */
  gsize end;     /* one past its last byte */
} CaFeedSpan;

typedef struct {
  gboolean found;    /* the key's (last) value is an array */
  gsize    open;     /* offset of its '[' */
  gsize    close;    /* offset of its ']' */
  GArray  *elements; /* CaFeedSpan */
} CaFeedArrayLayout;

typedef struct {
  gboolean          is_object;   /* the document starts with '{' */
  gboolean          sliceable;   /* every recorded array has only whole elements */
  CaFeedArrayLayout sections[CA_N_FEED_SECTIONS];
} CaFeedLayout;

typedef enum {
  CA_FEED_SCAN_OK,
  CA_FEED_SCAN_TOO_DEEP,
  CA_FEED_SCAN_NOT_JSON,   /* a byte outside strings that JSON does not allow there */
} CaFeedScanResult;

const char *_ca_feed_section_name  (CaFeedSection       section);
CaFeedScanResult _ca_feed_layout_scan (CaFeedLayout  *layout,
                                    const char         *data,
                                    gsize               len,
                                    guint               max_depth,
                                    gsize              *bad_offset);
char       *_ca_feed_layout_header (const CaFeedLayout *layout,
                                    const char         *data,
                                    gsize               len,
                                    gsize              *header_len);
void        _ca_feed_layout_clear  (CaFeedLayout       *layout);

G_END_DECLS
