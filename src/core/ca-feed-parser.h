/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ca-feed.h"

G_BEGIN_DECLS

#define CA_FEED_ERROR (ca_feed_error_quark ())

/* Why a whole feed was rejected */
typedef enum {
  CA_FEED_ERROR_TOO_LARGE,
  CA_FEED_ERROR_INVALID_UTF8,
  CA_FEED_ERROR_TOO_DEEP,
  CA_FEED_ERROR_NOT_JSON,
  CA_FEED_ERROR_NOT_OBJECT,
  CA_FEED_ERROR_WRONG_FORMAT,
  CA_FEED_ERROR_UNSUPPORTED_VERSION,
  CA_FEED_ERROR_INVALID,       /* a required top-level field missing or of the wrong type */
  CA_FEED_ERROR_NOT_ICALENDAR, /* a calendar subscription's document is not iCalendar */
  CA_FEED_ERROR_CALENDAR,      /* a cluster feed's address serves an iCalendar calendar */
} CaFeedError;

GQuark ca_feed_error_quark (void);

#define CA_FEED_DEFAULT_MAX_SIZE  (128 * 1024 * 1024)
#define CA_FEED_MAX_DEPTH         64
#define CA_FEED_MAX_STRING        (64 * 1024)
#define CA_FEED_FORMAT_VERSION    1

#define CA_TYPE_FEED_PARSER (ca_feed_parser_get_type ())
G_DECLARE_FINAL_TYPE (CaFeedParser, ca_feed_parser, CA, FEED_PARSER, GObject)

CaFeedParser *ca_feed_parser_new          (void);
void          ca_feed_parser_set_max_size (CaFeedParser  *self,
                                           gsize          max_size);
gsize         ca_feed_parser_get_max_size (CaFeedParser  *self);

/* Returns the feed with its warnings, or NULL and one error for a rejected feed.
 * feed_key is copied into every record's ->feed. */
CaFeed       *ca_feed_parser_parse        (CaFeedParser  *self,
                                           GBytes        *bytes,
                                           const char    *feed_key,
                                           GError       **error);

/*
 * Where records go as they are read, so an import can run beside the parse. The
 * calls come on the thread that called ca_feed_parser_parse_to_sink(), in document
 * order: begin() once the header is read (feed holds it, no records yet), then
 * records() with batches of CaCluster, then CaProject, then CaEvent, each already
 * checked for duplicates and references. abort() drops all that was received: the
 * parse failed, a sink call failed, or the parser starts over (begin() again).
 */
typedef struct {
  gboolean (*begin)   (CaFeed     *feed,
                       gpointer    user_data,
                       GError    **error);
  gboolean (*records) (GPtrArray  *records,
                       gpointer    user_data,
                       GError    **error);
  void     (*abort)   (gpointer    user_data);
} CaFeedSink;

/* As ca_feed_parser_parse(), also handing every record to sink as it goes. */
CaFeed       *ca_feed_parser_parse_to_sink (CaFeedParser      *self,
                                            GBytes            *bytes,
                                            const char        *feed_key,
                                            const CaFeedSink  *sink,
                                            gpointer           user_data,
                                            GError           **error);

G_END_DECLS
