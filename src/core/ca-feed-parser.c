/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-feed-parser"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ca-feed-layout.h"
#include "ca-format.h"
#include "ca-feed-parser-private.h"
#include "ca-thread-private.h"
#include "ca-feed-records.h"
#include "ca-feed-values.h"

G_DEFINE_QUARK (ca-feed-error-quark, ca_feed_error)

struct _CaFeedParser
{
  GObject     parent_instance;

  gsize       max_size;
  GHashTable *field_log;
};

G_DEFINE_FINAL_TYPE (CaFeedParser, ca_feed_parser, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAX_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* References to records the feed lacks are kept, but said, with their path. */
static void
check_cluster_references (Ctx         *ctx,
                          const char  *path,
                          char       **ids)
{
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (!g_hash_table_contains (ctx->cluster_ids, ids[i]))
      {
        g_autofree char *item = g_strdup_printf ("clusters[%u]", i);
        g_autofree char *shown = _ca_feed_quote (ids[i]);
        _ca_feed_warn (ctx, path, item, _("unknown cluster %s"), shown);
      }
}

static const char *
record_id (gpointer record)
{
  if (CA_IS_CLUSTER (record))
    return CA_CLUSTER (record)->id;
  if (CA_IS_PROJECT (record))
    return CA_PROJECT (record)->id;
  return CA_EVENT (record)->id;
}

typedef gpointer (*RecordReader) (Ctx *ctx, JsonObject *object, const char *path);

static const RecordReader section_readers[CA_N_FEED_SECTIONS] = {
  (RecordReader) _ca_feed_read_cluster,
  (RecordReader) _ca_feed_read_project,
  (RecordReader) _ca_feed_read_event,
};

/* A run of one top-level array's records: a slice of the document that a worker hands
 * to json-glib and reads, or an array json-glib has already parsed. */
typedef struct {
  CaFeedSection section;
  guint         first_index;    /* JSON index of its first element */
  const char   *text;           /* the elements, without brackets */
  gsize         text_len;
  JsonArray    *array;
  const char   *feed_key;
  GHashTable   *field_log;

  GPtrArray    *records;
  GArray       *indices;        /* JSON index of each record */
  GPtrArray    *warnings;
  gboolean      refused;        /* json-glib would not parse the slice */
  gboolean      done;
  GAsyncQueue  *finished;       /* where a worker reports the chunk read, or NULL */
} Chunk;

static Chunk *
chunk_new (CaFeedSection  section,
           guint          first_index,
           const char    *feed_key,
           GHashTable    *field_log)
{
  Chunk *chunk = g_new0 (Chunk, 1);

  chunk->section = section;
  chunk->first_index = first_index;
  chunk->feed_key = feed_key;
  chunk->field_log = field_log;
  chunk->records = g_ptr_array_new_with_free_func (g_object_unref);
  chunk->indices = g_array_new (FALSE, FALSE, sizeof (guint));
  chunk->warnings = g_ptr_array_new_with_free_func (g_free);
  return chunk;
}

static void
chunk_free (Chunk *chunk)
{
  g_ptr_array_unref (chunk->records);
  g_array_unref (chunk->indices);
  g_ptr_array_unref (chunk->warnings);
  g_free (chunk);
}

static void
read_chunk (Chunk *chunk)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GHashTable) zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_time_zone_unref);
  const char *name = _ca_feed_section_name (chunk->section);
  JsonArray *array = chunk->array;
  Ctx ctx = { chunk->warnings, chunk->feed_key, chunk->field_log, NULL, NULL, zones };
  guint n;

  if (array == NULL)
    {
      g_autofree char *text = g_malloc (chunk->text_len + 2);
      JsonNode *root;

      text[0] = '[';
      memcpy (text + 1, chunk->text, chunk->text_len);
      text[chunk->text_len + 1] = ']';
      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, text, chunk->text_len + 2, NULL) ||
          (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
        {
          chunk->refused = TRUE;
          return;
        }
      array = json_node_get_array (root);
    }

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      guint index = chunk->first_index + i;
      g_autofree char *path = _ca_feed_index_path ("", name, index);
      JsonObject *object = _ca_feed_object_of (&ctx, json_array_get_element (array, i), path,
                                               _("an object"));
      gpointer record;

      if (object == NULL || (record = section_readers[chunk->section] (&ctx, object, path)) == NULL)
        continue;
      g_ptr_array_add (chunk->records, record);
      g_array_append_val (chunk->indices, index);
    }
}

static void
read_chunk_in_worker (gpointer data,
                      gpointer user_data)
{
  Chunk *chunk = data;
  int priority = _ca_thread_lower_priority ();

  read_chunk (chunk);
  _ca_thread_restore_priority (priority);
  g_async_queue_push (chunk->finished, chunk);
}

/* Cuts a recorded array into slices of about target bytes. */
static void
add_slices (GPtrArray                *chunks,
            CaFeedSection             section,
            const CaFeedArrayLayout  *layout,
            const char               *data,
            gsize                     target,
            const char               *feed_key,
            GHashTable               *field_log)
{
  const CaFeedSpan *spans = (const CaFeedSpan *) layout->elements->data;
  guint n = layout->elements->len;
  guint first = 0;

  while (first < n)
    {
      guint last = first;
      Chunk *chunk;

      while (last + 1 < n && spans[last + 1].end - spans[first].start <= target)
        last++;
      chunk = chunk_new (section, first, feed_key, field_log);
      chunk->text = data + spans[first].start;
      chunk->text_len = spans[last].end - spans[first].start;
      g_ptr_array_add (chunks, chunk);
      first = last + 1;
    }
}

static gsize
chunks_bytes (GPtrArray *chunks)
{
  gsize total = 0;

  for (guint i = 0; i < chunks->len; i++)
    total += ((Chunk *) chunks->pdata[i])->text_len;
  return total;
}

/* Small feeds, and field logging (a test aid that is not thread-safe), stay on this thread. */
#define PARALLEL_MIN_BYTES (4 * 1024 * 1024)

/* "clusters[12].name: …" sorts as (1, 12); feed-level warnings come first. */
static void
warning_key (const char *warning,
             guint      *section,
             guint64    *index)
{
  *section = 0;
  *index = 0;
  for (guint i = 0; i < CA_N_FEED_SECTIONS; i++)
    {
      const char *name = _ca_feed_section_name (i);
      gsize len = strlen (name);

      if (strncmp (warning, name, len) == 0 && warning[len] == '[')
        {
          *section = i + 1;
          *index = g_ascii_strtoull (warning + len + 1, NULL, 10);
          return;
        }
    }
}

static int
compare_warnings (gconstpointer a,
                  gconstpointer b)
{
  guint sa, sb;
  guint64 ia, ib;

  warning_key (*(const char **) a, &sa, &ia);
  warning_key (*(const char **) b, &sb, &ib);
  if (sa != sb)
    return sa < sb ? -1 : 1;
  return ia < ib ? -1 : ia > ib;
}

/* Settles one chunk's records in document order: the first record with an id wins;
 * references are checked against the records kept before. */
typedef struct {
  Ctx              *ctx;
  CaFeed           *feed;
  GHashTable       *seen[CA_N_FEED_SECTIONS];
  const CaFeedSink *sink;
  gpointer          sink_data;
} Merge;

static gboolean
merge_chunk (Merge   *merge,
             Chunk   *chunk,
             GError **error)
{
  Ctx *ctx = merge->ctx;
  GPtrArray *targets[CA_N_FEED_SECTIONS] = {
    merge->feed->clusters, merge->feed->projects, merge->feed->events
  };
  GHashTable *seen = merge->seen[chunk->section];
  const char *name = _ca_feed_section_name (chunk->section);
  g_autoptr(GPtrArray) kept = g_ptr_array_sized_new (chunk->records->len);

  for (guint i = 0; i < chunk->warnings->len; i++)
    g_ptr_array_add (ctx->warnings, g_steal_pointer (&chunk->warnings->pdata[i]));

  for (guint i = 0; i < chunk->records->len; i++)
    {
      gpointer record = chunk->records->pdata[i];
      g_autofree char *path = _ca_feed_index_path ("", name,
                                                   g_array_index (chunk->indices, guint, i));
      const char *id = record_id (record);

      if (g_hash_table_contains (seen, id))
        {
          g_autofree char *shown = _ca_feed_quote (id);
          _ca_feed_warn (ctx, path, NULL, _("duplicate id %s, skipped"), shown);
          continue;
        }
      g_hash_table_add (seen, (gpointer) id);

      if (CA_IS_PROJECT (record))
        check_cluster_references (ctx, path, CA_PROJECT (record)->clusters);
      else if (CA_IS_EVENT (record))
        {
          CaEvent *event = record;

          check_cluster_references (ctx, path, event->clusters);
          if (event->project != NULL && !g_hash_table_contains (ctx->project_ids, event->project))
            {
              g_autofree char *shown = _ca_feed_quote (event->project);
              _ca_feed_warn (ctx, path, "project", _("unknown project %s"), shown);
            }
        }
      g_ptr_array_add (targets[chunk->section], g_object_ref (record));
      g_ptr_array_add (kept, record);
    }

  if (merge->sink != NULL && kept->len > 0)
    return merge->sink->records (kept, merge->sink_data, error);
  return TRUE;
}

typedef enum {
  READ_OK,
  READ_REFUSED,     /* json-glib refused a slice */
  READ_FAILED,      /* the sink failed: error is set */
} ReadResult;

/* Reads the chunks, on the worker threads when there is enough to share, and merges
 * each in document order as soon as it and all before it are read, so a sink can
 * store records while later ones are still being parsed. */
static ReadResult
read_chunks (GPtrArray  *chunks,
             gboolean    serial,
             Merge      *merge,
             GError    **error)
{
  g_autoptr(GAsyncQueue) finished = NULL;
  GThreadPool *pool = NULL;
  ReadResult result = READ_OK;

  if (!serial && chunks_bytes (chunks) >= PARALLEL_MIN_BYTES)
    {
      finished = g_async_queue_new ();
      pool = g_thread_pool_new (read_chunk_in_worker, NULL,
                                CLAMP (g_get_num_processors (), 1, 8), FALSE, NULL);
      for (guint i = 0; i < chunks->len; i++)
        {
          Chunk *chunk = chunks->pdata[i];
          chunk->finished = finished;
          g_thread_pool_push (pool, chunk, NULL);
        }
    }

  for (guint i = 0; i < chunks->len && result == READ_OK; i++)
    {
      Chunk *chunk = chunks->pdata[i];

      if (pool == NULL)
        read_chunk (chunk);
      else
        while (!chunk->done)
          ((Chunk *) g_async_queue_pop (finished))->done = TRUE;

      if (chunk->refused)
        result = READ_REFUSED;
      else if (!merge_chunk (merge, chunk, error))
        result = READ_FAILED;
    }

  /* On failure the chunks not started yet are dropped; running ones are waited for. */
  if (pool != NULL)
    g_thread_pool_free (pool, result != READ_OK, TRUE);

  if (result == READ_OK)
    g_ptr_array_sort (merge->feed->warnings, compare_warnings);
  return result;
}

static gboolean
read_header (Ctx         *ctx,
             JsonObject  *root,
             CaFeed      *feed,
             GError     **error)
{
  JsonNode *node;
  JsonNode *publisher;

  node = _ca_feed_field (ctx, root, "feed", "format");
  if (node == NULL || !_ca_feed_is_string (node) ||
      !g_str_equal (json_node_get_string (node), "cluster-feed"))
    {
      g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_WRONG_FORMAT,
                           _("This is not a cluster feed: its “format” is not “cluster-feed”"));
      return FALSE;
    }

  node = _ca_feed_field (ctx, root, "feed", "version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 1)
    {
      g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_UNSUPPORTED_VERSION,
                           _("The feed has no valid “version”"));
      return FALSE;
    }
  if (json_node_get_int (node) > CA_FEED_FORMAT_VERSION)
    {
      g_set_error (error, CA_FEED_ERROR, CA_FEED_ERROR_UNSUPPORTED_VERSION,
                   _("feed version %lld is newer than this app supports"),
                   (long long) json_node_get_int (node));
      return FALSE;
    }

  node = _ca_feed_field (ctx, root, "feed", "clusters");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_INVALID,
                           _("The feed has no “clusters” array"));
      return FALSE;
    }

  node = _ca_feed_field (ctx, root, "feed", "generated");
  if (node != NULL)
    {
      When when;

      if (_ca_feed_is_string (node) &&
          _ca_feed_parse_when (json_node_get_string (node), NULL, &when))
        feed->generated = g_strdup (json_node_get_string (node));
      else
        _ca_feed_expected (ctx, "", "generated", _("a date-time"), node);
    }

  publisher = _ca_feed_field (ctx, root, "feed", "publisher");
  if (publisher != NULL)
    {
      if (JSON_NODE_HOLDS_OBJECT (publisher))
        {
          JsonObject *object = json_node_get_object (publisher);
          feed->publisher_name = _ca_feed_read_text (ctx, object, "publisher", "publisher", "name");
          feed->publisher_url = _ca_feed_read_url (ctx, object, "publisher", "publisher", "url");
        }
      else
        _ca_feed_expected (ctx, "", "publisher", _("an object"), publisher);
    }
  return TRUE;
}

/* Reads the feed from the header document and slices the layout found (layout set), or
 * from the whole document (layout NULL). Returns NULL with no error when json-glib
 * refused a slice or the header: the caller then reads the whole document, so a
 * syntax error is reported where it is in the document. */
static CaFeed *
parse_document (CaFeedParser        *self,
                const char          *data,
                gsize                len,
                const CaFeedLayout  *layout,
                const char          *feed_key,
                const CaFeedSink    *sink,
                gpointer             sink_data,
                GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) json_error = NULL;
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(GHashTable) cluster_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) project_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_time_zone_unref);
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) chunk_free);
  g_autoptr(GHashTable) event_ids = g_hash_table_new (g_str_hash, g_str_equal);
  Merge merge;
  gboolean loaded;
  JsonNode *root_node;
  JsonObject *root;
  Ctx ctx;

  if (layout != NULL)
    {
      gsize header_len;
      g_autofree char *header = _ca_feed_layout_header (layout, data, len, &header_len);

      loaded = json_parser_load_from_data (parser, header, header_len, &json_error);
    }
  else
    loaded = json_parser_load_from_data (parser, data, len, &json_error);

  if (!loaded)
    {
      if (layout == NULL)
        g_set_error (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_JSON,
                     _("The feed is not valid JSON: %s"), json_error->message);
      return NULL;
    }

  root_node = json_parser_get_root (parser);
  if (root_node == NULL && layout == NULL)
    {
      g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_JSON,
                           _("The feed is empty"));
      return NULL;
    }
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      if (layout == NULL)
        g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_OBJECT,
                             _("The feed is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (root_node);

  feed = ca_feed_new ();
  ctx = (Ctx) { feed->warnings, feed_key, self->field_log, cluster_ids, project_ids, zones };

  if (!read_header (&ctx, root, feed, error))
    return NULL;

  for (guint s = 0; s < CA_N_FEED_SECTIONS; s++)
    {
      const char *name = _ca_feed_section_name (s);
      JsonArray *array = _ca_feed_read_array (&ctx, root, "feed", "", name);

      if (layout != NULL && layout->sections[s].found)
        add_slices (chunks, s, &layout->sections[s], data,
                    MAX (len / (4 * g_get_num_processors ()), 256 * 1024), feed_key,
                    self->field_log);
      else if (array != NULL && json_array_get_length (array) > 0)
        {
          Chunk *chunk = chunk_new (s, 0, feed_key, self->field_log);
          chunk->array = array;
          g_ptr_array_add (chunks, chunk);
        }
    }

  if (sink != NULL && !sink->begin (feed, sink_data, error))
    {
      sink->abort (sink_data);
      return NULL;
    }

  merge = (Merge) { &ctx, feed, { cluster_ids, project_ids, event_ids }, sink, sink_data };
  switch (read_chunks (chunks, self->field_log != NULL, &merge, error))
    {
    case READ_OK:
      return g_steal_pointer (&feed);
    case READ_REFUSED:
    case READ_FAILED:
    default:
      if (sink != NULL)
        sink->abort (sink_data);
      return NULL;
    }
}

static CaFeed *
parse (CaFeedParser      *self,
       GBytes            *bytes,
       const char        *feed_key,
       const CaFeedSink  *sink,
       gpointer           sink_data,
       GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  CaFeedLayout layout;
  const char *data;
  gsize len;
  gsize bad_offset = 0;
  CaFeed *feed = NULL;

  data = g_bytes_get_data (bytes, &len);

  if (len > self->max_size)
    {
      g_autofree char *limit = ca_format_size_limit (self->max_size);
      g_set_error (error, CA_FEED_ERROR, CA_FEED_ERROR_TOO_LARGE,
                   _("The feed is larger than the limit of %s"), limit);
      return NULL;
    }
  if (len == 0)
    {
      g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_JSON,
                           _("The feed is empty"));
      return NULL;
    }
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_INVALID_UTF8,
                           _("The feed is not valid UTF-8 text"));
      return NULL;
    }
  switch (_ca_feed_layout_scan (&layout, data, len, CA_FEED_MAX_DEPTH, &bad_offset))
    {
    case CA_FEED_SCAN_TOO_DEEP:
      _ca_feed_layout_clear (&layout);
      g_set_error (error, CA_FEED_ERROR, CA_FEED_ERROR_TOO_DEEP,
                   _("The feed nests deeper than %d levels"), CA_FEED_MAX_DEPTH);
      return NULL;
    case CA_FEED_SCAN_NOT_JSON:
      {
        guint line = 1;
        g_autofree char *shown = g_strndup (data + bad_offset,
                                            g_utf8_next_char (data + bad_offset) - (data + bad_offset));

        _ca_feed_layout_clear (&layout);
        for (gsize i = 0; i < bad_offset; i++)
          line += data[i] == '\n';
        /* TRANSLATORS: e.g. "unexpected “/” on line 3" */
        g_set_error (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_JSON,
                     _("The feed is not valid JSON: unexpected “%s” on line %u"), shown, line);
        return NULL;
      }
    case CA_FEED_SCAN_OK:
    default:
      break;
    }

  if (layout.is_object && layout.sliceable)
    feed = parse_document (self, data, len, &layout, feed_key, sink, sink_data, &local_error);
  _ca_feed_layout_clear (&layout);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (feed == NULL)
    feed = parse_document (self, data, len, NULL, feed_key, sink, sink_data, error);
  return feed;
}

static void
ca_feed_parser_finalize (GObject *object)
{
  CaFeedParser *self = (CaFeedParser *) object;

  g_clear_pointer (&self->field_log, g_hash_table_unref);

  G_OBJECT_CLASS (ca_feed_parser_parent_class)->finalize (object);
}

static void
ca_feed_parser_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CaFeedParser *self = CA_FEED_PARSER (object);

  switch (prop_id)
    {
    case PROP_MAX_SIZE:
      g_value_set_uint64 (value, self->max_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_feed_parser_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CaFeedParser *self = CA_FEED_PARSER (object);

  switch (prop_id)
    {
    case PROP_MAX_SIZE:
      ca_feed_parser_set_max_size (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_feed_parser_class_init (CaFeedParserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ca_feed_parser_finalize;
  object_class->get_property = ca_feed_parser_get_property;
  object_class->set_property = ca_feed_parser_set_property;

  properties[PROP_MAX_SIZE] =
    g_param_spec_uint64 ("max-size", NULL, NULL,
                         1, G_MAXUINT64, CA_FEED_DEFAULT_MAX_SIZE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ca_feed_parser_init (CaFeedParser *self)
{
  self->max_size = CA_FEED_DEFAULT_MAX_SIZE;
}

CaFeedParser *
ca_feed_parser_new (void)
{
  return g_object_new (CA_TYPE_FEED_PARSER, NULL);
}

void
ca_feed_parser_set_max_size (CaFeedParser *self,
                             gsize         max_size)
{
  g_return_if_fail (CA_IS_FEED_PARSER (self));
  g_return_if_fail (max_size > 0);

  if (self->max_size == max_size)
    return;
  self->max_size = max_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_SIZE]);
}

gsize
ca_feed_parser_get_max_size (CaFeedParser *self)
{
  g_return_val_if_fail (CA_IS_FEED_PARSER (self), 0);
  return self->max_size;
}

CaFeed *
ca_feed_parser_parse (CaFeedParser  *self,
                      GBytes        *bytes,
                      const char    *feed_key,
                      GError       **error)
{
  g_return_val_if_fail (CA_IS_FEED_PARSER (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (feed_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse (self, bytes, feed_key, NULL, NULL, error);
}

CaFeed *
ca_feed_parser_parse_to_sink (CaFeedParser      *self,
                              GBytes            *bytes,
                              const char        *feed_key,
                              const CaFeedSink  *sink,
                              gpointer           user_data,
                              GError           **error)
{
  g_return_val_if_fail (CA_IS_FEED_PARSER (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (feed_key != NULL, NULL);
  g_return_val_if_fail (sink != NULL && sink->begin && sink->records && sink->abort, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse (self, bytes, feed_key, sink, user_data, error);
}

void
_ca_feed_parser_log_fields (CaFeedParser *self,
                            GHashTable   *field_log)
{
  g_return_if_fail (CA_IS_FEED_PARSER (self));

  g_clear_pointer (&self->field_log, g_hash_table_unref);
  if (field_log != NULL)
    self->field_log = g_hash_table_ref (field_log);
}
