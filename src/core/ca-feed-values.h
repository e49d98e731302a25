/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The feed parser's value readers (ca-feed-values.c), shared by the record
 * readers (ca-feed-records.c) and the parser itself (ca-feed-parser.c). Each
 * reader checks one field of a JSON object and, when the value is wrong,
 * warns with the field's path and reads it as absent.
 */

/* State of one parse: where warnings go and which fields were read. */
typedef struct {
  GPtrArray  *warnings;
  const char *feed_key;
  GHashTable *field_log;
  GHashTable *cluster_ids;   /* of the records kept, for reference checks */
  GHashTable *project_ids;
  GHashTable *zones;         /* IANA name → GTimeZone */
} Ctx;

/* A parsed date-time: an instant, or an all-day span of dates. */
typedef struct {
  gboolean all_day;
  guint    parts;     /* all-day: 1 year, 2 month, 3 day */
  gint64   first;     /* instant, or 00:00 UTC of the first day */
  gint64   last;      /* all-day: 00:00 UTC of the last day the value covers */
} When;

typedef char *(*ItemReader) (Ctx *ctx, JsonNode *node, const char *path, const char *name);

G_GNUC_PRINTF (4, 5)
void        _ca_feed_warn               (Ctx         *ctx,
                                         const char  *path,
                                         const char  *field,
                                         const char  *format,
                                         ...);
char       *_ca_feed_join_path          (const char  *path,
                                         const char  *field);
char       *_ca_feed_index_path         (const char  *path,
                                         const char  *field,
                                         guint        index);
char       *_ca_feed_quote              (const char  *str);
JsonNode   *_ca_feed_field              (Ctx         *ctx,
                                         JsonObject  *object,
                                         const char  *type,
                                         const char  *name);
gboolean    _ca_feed_is_string          (JsonNode    *node);
void        _ca_feed_expected           (Ctx         *ctx,
                                         const char  *path,
                                         const char  *name,
                                         const char  *what,
                                         JsonNode    *node);
JsonObject *_ca_feed_object_of          (Ctx         *ctx,
                                         JsonNode    *node,
                                         const char  *path,
                                         const char  *what);

char       *_ca_feed_read_string        (Ctx         *ctx,
                                         JsonObject  *object,
                                         const char  *type,
                                         const char  *path,
                                         const char  *name);
char       *_ca_feed_text_from_node     (Ctx         *ctx,
                                         JsonNode    *node,
                                         const char  *path,
                                         const char  *name);
char       *_ca_feed_read_text          (Ctx         *ctx,
                                         JsonObject  *object,
                                         const char  *type,
                                         const char  *path,
                                         const char  *name);
char       *_ca_feed_read_required_text (Ctx         *ctx,
                                         JsonObject  *object,
                                         const char  *type,
                                         const char  *path,
                                         const char  *name,
                                         gboolean    *blank);
JsonArray  *_ca_feed_read_array         (Ctx         *ctx,
                                         JsonObject  *object,
                                         const char  *type,
                                         const char  *path,
                                         const char  *name);
char      **_ca_feed_read_list          (Ctx         *ctx,
                                         JsonObject  *object,
                                         const char  *type,
                                         const char  *path,
                                         const char  *name,
                                         ItemReader   reader);
char       *_ca_feed_id_from_node       (Ctx         *ctx,
                                         JsonNode    *node,
                                         const char  *path,
                                         const char  *name);
char       *_ca_feed_read_id            (Ctx         *ctx,
                                         JsonObject  *object,
                                         const char  *type,
                                         const char  *path,
                                         const char  *name);
char       *_ca_feed_read_country       (Ctx         *ctx,
                                         JsonObject  *object,
                                         const char  *type,
                                         const char  *path,
                                         const char  *name);
char       *_ca_feed_language_from_node (Ctx         *ctx,
                                         JsonNode    *node,
                                         const char  *path,
                                         const char  *name);
char       *_ca_feed_read_email         (Ctx         *ctx,
                                         JsonObject  *object,
                                         const char  *type,
                                         const char  *path,
                                         const char  *name);
char       *_ca_feed_read_url           (Ctx         *ctx,
                                         JsonObject  *object,
                                         const char  *type,
                                         const char  *path,
                                         const char  *name);

guint       _ca_feed_parse_date         (const char  *s,
                                         int         *year,
                                         int         *month,
                                         int         *day);
gint64      _ca_feed_utc_midnight       (int          year,
                                         int          month,
                                         int          day);
gboolean    _ca_feed_parse_when         (const char  *s,
                                         GTimeZone   *tz,
                                         When        *when);
char       *_ca_feed_read_date          (Ctx         *ctx,
                                         JsonObject  *object,
                                         const char  *type,
                                         const char  *path,
                                         const char  *name);
gboolean    _ca_feed_read_when          (Ctx         *ctx,
                                         JsonObject  *object,
                                         const char  *type,
                                         const char  *path,
                                         const char  *name,
                                         GTimeZone   *tz,
                                         When        *when);
int         _ca_feed_read_boolean       (Ctx         *ctx,
                                         JsonObject  *object,
                                         const char  *type,
                                         const char  *path,
                                         const char  *name);
int         _ca_feed_read_enum          (Ctx         *ctx,
                                         JsonObject  *object,
                                         const char  *type,
                                         const char  *path,
                                         const char  *name,
                                         int        (*from_string) (const char *),
                                         int          fallback,
                                         const char  *fallback_name);

G_END_DECLS
