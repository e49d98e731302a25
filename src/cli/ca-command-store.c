/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-command-store"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-command-store.h"
#include "ca-settings.h"
#include "ca-feed-parser.h"
#include "ca-local-file.h"

/* The same resource the application loads on first start (ca-application.c) */
#define BUILTIN_FEED_RESOURCE "/io/github/clusteratlas/ClusterAtlas/data/default-feed.json"

static char *store_path;   /* --store; NULL: the default */

gboolean
ca_command_set_store_path (const char *path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&store_path, g_free);
  if (path == NULL)
    return TRUE;
  file = g_file_new_for_commandline_arg (path);
  store_path = g_file_get_path (file);
  if (store_path == NULL || !ca_local_file_check (store_path, &error))
    {
      /* TRANSLATORS: the first %s is a file name, the second why it is refused */
      g_printerr (_("--store=%s: %s\n"), path,
                  error != NULL ? error->message : _("not a file on this computer"));
      g_clear_pointer (&store_path, g_free);
      return FALSE;
    }
  return TRUE;
}

char *
ca_command_dup_store_path (void)
{
  return store_path != NULL ? g_strdup (store_path) : ca_store_default_path ();
}

static gboolean
load_builtin (CaStore  *store,
              GError  **error)
{
  g_autoptr(GBytes) builtin = g_resources_lookup_data (BUILTIN_FEED_RESOURCE,
                                                       G_RESOURCE_LOOKUP_FLAGS_NONE, error);

  return builtin != NULL && ca_store_ensure_builtin (store, builtin, error);
}

static void
print_open_error (const GError *error,
                  int          *status)
{
  /* Nothing was touched: the user decides (a newer version, or moving the file) */
  if (g_error_matches (error, CA_STORE_ERROR, CA_STORE_ERROR_NEWER))
    {
      g_printerr ("%s\n", error->message);
      *status = 2;
      return;
    }
  /* Says it all, with the path */
  if (g_error_matches (error, CA_STORE_ERROR, CA_STORE_ERROR_READ_ONLY))
    {
      g_printerr ("%s\n", error->message);
      *status = 1;
      return;
    }
  g_printerr (_("The offline data cannot be opened: %s\n"), error->message);
  *status = 1;
}

CaStore *
ca_command_open_store (CaCommandStoreUse  use,
                       int               *status)
{
  g_autofree char *path = ca_command_dup_store_path ();
  g_autoptr(CaStore) read_only = NULL;
  g_autoptr(CaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recovered = NULL;

  *status = 0;
  if (use != CA_COMMAND_STORE_WRITE)
    {
      read_only = ca_store_open_full (path, CA_STORE_OPEN_READ_ONLY, &error);
      if (read_only != NULL &&
          (use == CA_COMMAND_STORE_READ || load_builtin (read_only, NULL)))
        return g_steal_pointer (&read_only);
      if (g_error_matches (error, CA_STORE_ERROR, CA_STORE_ERROR_NEWER))
        {
          print_open_error (error, status);
          return NULL;
        }
      /* Missing, older, damaged or without the built-in data: opened to be written */
      g_clear_error (&error);
    }

  if ((store = ca_store_open (path, &error)) == NULL)
    {
      /* The built-in data cannot be added: what the file holds is shown */
      if (read_only != NULL &&
          g_error_matches (error, CA_STORE_ERROR, CA_STORE_ERROR_READ_ONLY))
        return g_steal_pointer (&read_only);
      print_open_error (error, status);
      return NULL;
    }
  {
    g_autoptr(GSettings) settings = ca_settings_new_if_installed ();

    ca_settings_apply_to_store (settings, store);
  }
  /* Every command says so, with where the damaged file went */
  if ((recovered = ca_store_dup_recovery_message (store)) != NULL)
    g_printerr ("%s\n", recovered);
  if (use == CA_COMMAND_STORE_READ_BUILTIN && !load_builtin (store, &error))
    {
      g_printerr (_("The built-in data cannot be loaded: %s\n"), error->message);
      *status = 1;
      return NULL;
    }
  return g_steal_pointer (&store);
}

gsize
ca_command_feed_size_limit (void)
{
  g_autoptr(GSettings) settings = ca_settings_new_if_installed ();

  if (settings == NULL)
    return CA_FEED_DEFAULT_MAX_SIZE;
  return (gsize) MAX (g_settings_get_uint (settings, "feed-size-limit"), 1) * 1024 * 1024;
}
