/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-schema"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ca-feed-parser-private.h"

/*
 * Holds data/feed.schema.json and the parser to the same field list: the parser logs
 * "type.field" for every field it looks up, the schema names the same fields under its
 * object definitions. Each schema object with properties maps to one parser type.
 */

typedef struct {
  const char *pointer;   /* JSON pointer into the schema */
  const char *type;      /* the parser's type name, or NULL for a value type */
} Mapping;

static const Mapping mappings[] = {
  { "",                                        "feed" },
  { "/properties/publisher",                   "publisher" },
  { "/$defs/Cluster",                          "cluster" },
  { "/$defs/Cluster/properties/composition",   "composition" },
  { "/$defs/Cluster/properties/networks/items", "network" },
  { "/$defs/Member",                           "member" },
  { "/$defs/Person",                           "person" },
  { "/$defs/Project",                          "project" },
  { "/$defs/Project/properties/budget",        "budget" },
  { "/$defs/Event",                            "event" },
  /* A Text object is language tag → string: no fields of its own. */
  { "/$defs/Text/anyOf/1",                     NULL },
};

typedef struct {
  GHashTable *fields;     /* "type.field" */
  GHashTable *mapped;     /* pointers seen */
  GPtrArray  *unmapped;   /* pointers with properties but no mapping */
  GPtrArray  *refs;       /* every "$ref" value */
} Walk;

static const Mapping *
find_mapping (const char *pointer)
{
  for (guint i = 0; i < G_N_ELEMENTS (mappings); i++)
    if (g_str_equal (mappings[i].pointer, pointer))
      return &mappings[i];
  return NULL;
}

static void walk_node (Walk *walk, JsonNode *node, const char *pointer);

static void
walk_object (Walk       *walk,
             JsonObject *object,
             const char *pointer)
{
  g_autoptr(GList) members = json_object_get_members (object);
  JsonNode *properties = json_object_get_member (object, "properties");
  JsonNode *ref = json_object_get_member (object, "$ref");

  if (ref != NULL && JSON_NODE_HOLDS_VALUE (ref))
    g_ptr_array_add (walk->refs, g_strdup (json_node_get_string (ref)));

  if (properties != NULL && JSON_NODE_HOLDS_OBJECT (properties))
    {
      const Mapping *mapping = find_mapping (pointer);
      JsonObject *props = json_node_get_object (properties);
      g_autoptr(GList) names = json_object_get_members (props);

      if (mapping == NULL)
        {
          if (names != NULL)
            g_ptr_array_add (walk->unmapped, g_strdup (pointer));
        }
      else
        {
          g_hash_table_add (walk->mapped, g_strdup (pointer));
          if (mapping->type == NULL)
            g_assert_null (names);
          for (const GList *l = names; l != NULL; l = l->next)
            g_hash_table_add (walk->fields,
                              g_strconcat (mapping->type, ".", (const char *) l->data, NULL));
        }
    }

  for (const GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *child = g_strconcat (pointer, "/", (const char *) l->data, NULL);
      walk_node (walk, json_object_get_member (object, l->data), child);
    }
}

static void
walk_node (Walk       *walk,
           JsonNode   *node,
           const char *pointer)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    walk_object (walk, json_node_get_object (node), pointer);
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *child = g_strdup_printf ("%s/%u", pointer, i);
          walk_node (walk, json_array_get_element (array, i), child);
        }
    }
}

static JsonNode *
load_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s", error->message);
  return json_node_copy (json_parser_get_root (parser));
}

static GBytes *
load_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error->message);
  return g_bytes_new_take (contents, len);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Keys of a not in b, sorted, as a NULL-terminated array. */
static char **
difference (GHashTable *a,
            GHashTable *b)
{
  GPtrArray *out = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (b, key))
      g_ptr_array_add (out, g_strdup (key));
  g_ptr_array_sort (out, compare_strings);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static GHashTable *
schema_fields (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "feed.schema.json",
                                                 NULL);
  g_autoptr(JsonNode) schema = load_json (path);
  JsonObject *root;
  JsonNode *defs;
  Walk walk = {
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    g_ptr_array_new_with_free_func (g_free),
    g_ptr_array_new_with_free_func (g_free),
  };
  const char *no_strings[] = { NULL };

  if (!JSON_NODE_HOLDS_OBJECT (schema))
    g_error ("the schema is not an object");
  root = json_node_get_object (schema);
  defs = json_object_get_member (root, "$defs");
  if (defs == NULL || !JSON_NODE_HOLDS_OBJECT (defs))
    g_error ("the schema has no \"$defs\" object");

  walk_node (&walk, schema, "");

  /* Every object definition with properties is a known parser type… */
  g_ptr_array_add (walk.unmapped, NULL);
  g_assert_cmpstrv ((char **) walk.unmapped->pdata, no_strings);

  /* …and every mapping still points at one. */
  for (guint i = 0; i < G_N_ELEMENTS (mappings); i++)
    {
      if (!g_hash_table_contains (walk.mapped, mappings[i].pointer))
        g_error ("the schema has no object with properties at \"%s\" (type %s)",
                 mappings[i].pointer, mappings[i].type ? mappings[i].type : "(value)");
    }

  /* Every $ref resolves to a definition. */
  for (guint i = 0; i < walk.refs->len; i++)
    {
      const char *ref = g_ptr_array_index (walk.refs, i);
      g_assert_true (g_str_has_prefix (ref, "#/$defs/"));
      if (!json_object_has_member (json_node_get_object (defs), ref + strlen ("#/$defs/")))
        g_error ("dangling $ref \"%s\"", ref);
    }

  g_hash_table_unref (walk.mapped);
  g_ptr_array_unref (walk.unmapped);
  g_ptr_array_unref (walk.refs);
  return walk.fields;
}

static CaFeed *
parse_logged (GBytes     *bytes,
              GHashTable *log)
{
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(GError) error = NULL;
  CaFeed *feed;

  _ca_feed_parser_log_fields (parser, log);
  feed = ca_feed_parser_parse (parser, bytes, "schema-test", &error);
  if (feed == NULL)
    g_error ("%s", error->message);
  return feed;
}

static void
assert_no_warnings (CaFeed *feed)
{
  for (guint i = 0; i < feed->warnings->len; i++)
    g_printerr ("warning: %s\n", (const char *) g_ptr_array_index (feed->warnings, i));
  g_assert_cmpuint (feed->warnings->len, ==, 0);
}

static void
add_keys (GHashTable *present,
          const char *type,
          JsonNode   *node)
{
  g_autoptr(GList) names = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  names = json_object_get_members (json_node_get_object (node));
  for (const GList *l = names; l != NULL; l = l->next)
    g_hash_table_add (present, g_strconcat (type, ".", (const char *) l->data, NULL));
}

static void
add_each (GHashTable *present,
          const char *type,
          JsonObject *parent,
          const char *name,
          void      (*nested) (GHashTable *, JsonObject *))
{
  JsonNode *node = json_object_get_member (parent, name);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      add_keys (present, type, element);
      if (nested != NULL && JSON_NODE_HOLDS_OBJECT (element))
        nested (present, json_node_get_object (element));
    }
}

static void
cluster_children (GHashTable *present,
                  JsonObject *cluster)
{
  add_keys (present, "composition", json_object_get_member (cluster, "composition"));
  add_each (present, "person", cluster, "team", NULL);
  add_each (present, "member", cluster, "members", NULL);
  add_each (present, "network", cluster, "networks", NULL);
}

static void
project_children (GHashTable *present,
                  JsonObject *project)
{
  add_keys (present, "budget", json_object_get_member (project, "budget"));
}

static void
event_children (GHashTable *present,
                JsonObject *event)
{
  add_each (present, "person", event, "speakers", NULL);
}

/* "type.field" of every field full.json actually has. */
static GHashTable *
fixture_fields (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "full.json", NULL);
  g_autoptr(JsonNode) full = load_json (path);
  GHashTable *present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *root = json_node_get_object (full);

  add_keys (present, "feed", full);
  add_keys (present, "publisher", json_object_get_member (root, "publisher"));
  add_each (present, "cluster", root, "clusters", cluster_children);
  add_each (present, "project", root, "projects", project_children);
  add_each (present, "event", root, "events", event_children);
  return present;
}

static void
print_list (const char  *title,
            char       **items)
{
  if (items[0] == NULL)
    return;
  g_printerr ("%s:\n", title);
  for (guint i = 0; items[i] != NULL; i++)
    g_printerr ("  %s\n", items[i]);
}

static void
test_schema_matches_parser (void)
{
  g_autofree char *full_path = g_test_build_filename (G_TEST_DIST, "fixtures", "full.json", NULL);
  g_autoptr(GHashTable) schema = schema_fields ();
  g_autoptr(GHashTable) log = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) present = fixture_fields ();
  g_autoptr(GBytes) bytes = load_bytes (full_path);
  g_autoptr(CaFeed) feed = parse_logged (bytes, log);
  g_auto(GStrv) unread = difference (schema, log);
  g_auto(GStrv) undocumented = difference (log, schema);
  g_auto(GStrv) missing_in_fixture = difference (schema, present);
  g_auto(GStrv) unknown_in_fixture = difference (present, schema);
  const char *none[] = { NULL };

  assert_no_warnings (feed);
  g_assert_cmpuint (g_hash_table_size (schema), >, 80);

  if (g_test_verbose ())
    {
      g_autoptr(GHashTable) empty = g_hash_table_new (g_str_hash, g_str_equal);
      g_auto(GStrv) all = difference (log, empty);
      for (guint i = 0; all[i] != NULL; i++)
        g_test_message ("parser reads %s", all[i]);
    }

  print_list ("schema fields missing from fixtures/full.json", missing_in_fixture);
  print_list ("fields in fixtures/full.json the schema lacks", unknown_in_fixture);
  print_list ("schema fields the parser did not read", unread);
  print_list ("fields the parser read that the schema lacks", undocumented);

  /* The parser reads every field of the schema… */
  g_assert_cmpstrv (unread, none);
  /* …the schema documents every field the parser reads… */
  g_assert_cmpstrv (undocumented, none);
  /* …and the fixture exercises every one of them (and nothing else), so the nested
   * types (member, person, network, composition, budget) were really reached. */
  g_assert_cmpstrv (missing_in_fixture, none);
  g_assert_cmpstrv (unknown_in_fixture, none);
}

/* Logging is off unless asked for, and can be switched off again. */
static void
test_schema_log_switch (void)
{
  g_autofree char *full_path = g_test_build_filename (G_TEST_DIST, "fixtures", "full.json", NULL);
  g_autoptr(GHashTable) log = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GBytes) bytes = load_bytes (full_path);
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeed) first = NULL;
  g_autoptr(CaFeed) second = NULL;

  _ca_feed_parser_log_fields (parser, log);
  _ca_feed_parser_log_fields (parser, NULL);
  first = ca_feed_parser_parse (parser, bytes, "k", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (log), ==, 0);

  _ca_feed_parser_log_fields (parser, log);
  second = ca_feed_parser_parse (parser, bytes, "k", &error);
  g_assert_no_error (error);
  g_assert_true (g_hash_table_contains (log, "cluster.website"));
  g_assert_true (g_hash_table_contains (log, "person.role"));
  g_assert_true (g_hash_table_contains (log, "composition.smes"));
}

static void
test_schema_default_feed (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "default-feed.json",
                                                 NULL);
  g_autoptr(GBytes) bytes = load_bytes (path);
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeed) feed = ca_feed_parser_parse (parser, bytes, "default", &error);

  if (feed == NULL)
    g_error ("default-feed.json rejected: %s", error->message);
  assert_no_warnings (feed);
  g_assert_cmpuint (feed->clusters->len, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* A failed check fails its test and the others still run. */
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/schema/matches-parser", test_schema_matches_parser);
  g_test_add_func ("/schema/log-switch", test_schema_log_switch);
  g_test_add_func ("/schema/default-feed", test_schema_default_feed);

  return g_test_run ();
}
