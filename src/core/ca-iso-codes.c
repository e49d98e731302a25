/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-iso-codes"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ca-iso-codes.h"

typedef struct {
  const char *standard;  /* the file's name and its top-level key */
  const char *domain;    /* gettext domain of its translations */
  const char *keys[3];   /* code fields to index by */
  GHashTable *names;     /* code -> English name */
} Table;

static Table countries = { "3166-1", "iso_3166-1", { "alpha_2", "alpha_3", NULL } };
static Table languages = { "639-2", "iso_639-2", { "alpha_2", "alpha_3", NULL } };

static void
load (Table *table)
{
  g_autofree char *file = g_strdup_printf ("iso_%s.json", table->standard);
  g_autofree char *path = g_build_filename (g_getenv ("CA_ISO_CODES_DIR") != NULL
                                            ? g_getenv ("CA_ISO_CODES_DIR") : ISO_CODES_DIR,
                                            file, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonArray *entries = NULL;

  table->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  bind_textdomain_codeset (table->domain, "UTF-8");
  bindtextdomain (table->domain, ISO_CODES_LOCALEDIR);

  if (!json_parser_load_from_mapped_file (parser, path, &error))
    {
      g_debug ("No names for ISO %s codes: %s", table->standard, error->message);
      return;
    }
  root = json_parser_get_root (parser);
  if (JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), table->standard))
    entries = json_object_get_array_member (json_node_get_object (root), table->standard);
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      /* The everyday name where there is one ("Taiwan", not its official one) */
      const char *name = json_object_get_string_member_with_default (
        entry, "common_name", json_object_get_string_member_with_default (entry, "name", NULL));

      if (name == NULL)
        continue;
      for (guint k = 0; table->keys[k] != NULL; k++)
        {
          const char *code = json_object_get_string_member_with_default (entry, table->keys[k], NULL);

          if (code != NULL)
            g_hash_table_insert (table->names, g_ascii_strdown (code, -1), g_strdup (name));
        }
    }
}

static char *
lookup (Table      *table,
        const char *code)
{
  static GMutex lock;
  g_autofree char *key = NULL;
  const char *name;

  if (code == NULL)
    return NULL;
  g_mutex_lock (&lock);
  if (table->names == NULL)
    load (table);
  g_mutex_unlock (&lock);

  key = g_ascii_strdown (code, -1);
  name = g_hash_table_lookup (table->names, key);
  return g_strdup (name != NULL ? g_dgettext (table->domain, name) : code);
}

char *
ca_iso_country_name (const char *code)
{
  return lookup (&countries, code);
}

char *
ca_iso_language_name (const char *code)
{
  char *name = lookup (&languages, code);
  char *alternatives;

  /* "Spanish; Castilian": the first is the name people use */
  if (name != NULL && (alternatives = strchr (name, ';')) != NULL)
    *alternatives = '\0';
  return name;
}
