/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-credentials"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "ca-credentials.h"
#include "ca-sync.h"

/*
 * libsecret's blocking calls, run in a worker for the window and the sync. The
 * item's attributes are the feed's key and the user name; its secret is the
 * password. Any failure of the keyring is one error: the caller says what
 * could not be done, and never falls back to writing the password elsewhere.
 */

G_DEFINE_QUARK (ca-credentials-error-quark, ca_credentials_error)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.clusteratlas.ClusterAtlas.Feed", SECRET_SCHEMA_NONE,
    {
      { "feed", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };
  return &schema;
}

static gboolean
keyring_failed (GError  *cause,
                GError **error)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, cause);
      return FALSE;
    }
  /* Translators: %s is the reason, from the system */
  g_set_error (error, CA_CREDENTIALS_ERROR, CA_CREDENTIALS_ERROR_NO_KEYRING,
               _("No keyring answered: %s"), cause->message);
  g_error_free (cause);
  return FALSE;
}

char *
ca_credentials_display_url (const char *key)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (key != NULL, NULL);

  if (!g_str_has_prefix (key, "http") ||
      (uri = g_uri_parse (key, G_URI_FLAGS_ENCODED | G_URI_FLAGS_HAS_PASSWORD, NULL)) == NULL ||
      g_uri_get_password (uri) == NULL)
    return g_strdup (key);
  return g_uri_to_string_partial (uri, G_URI_HIDE_PASSWORD);
}

gboolean
ca_credentials_store_sync (const char    *key,
                           const char    *user,
                           const char    *password,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autofree char *label = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (key != NULL && user != NULL && password != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* One item per feed: an item of another user name would stay beside it */
  if (!ca_credentials_clear_sync (key, cancellable, &local_error) && local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  /* Translators: the name of the item in the keyring (Passwords and Keys); %s is
   * a feed address */
  label = g_strdup_printf (_("Cluster Atlas feed %s"), key);
  if (!secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                                   cancellable, &local_error,
                                   "feed", key, "user", user, NULL))
    return keyring_failed (local_error, error);
  return TRUE;
}

gboolean
ca_credentials_clear_sync (const char    *key,
                           GCancellable  *cancellable,
                           GError       **error)
{
  GError *local_error = NULL;
  gboolean cleared;

  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  cleared = secret_password_clear_sync (get_schema (), cancellable, &local_error,
                                        "feed", key, NULL);
  if (local_error != NULL)
    return keyring_failed (local_error, error);
  return cleared;
}

gboolean
ca_credentials_lookup_sync (const char    *key,
                            char         **user,
                            char         **password,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autolist(SecretRetrievable) items = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (key != NULL && user != NULL && password != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *user = *password = NULL;
  items = secret_password_search_sync (get_schema (),
                                       SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                                       cancellable, &local_error, "feed", key, NULL);
  if (local_error != NULL)
    return keyring_failed (local_error, error);
  if (items == NULL)
    return FALSE;

  attributes = secret_retrievable_get_attributes (items->data);
  value = secret_retrievable_retrieve_secret_sync (items->data, cancellable, &local_error);
  if (local_error != NULL)
    return keyring_failed (local_error, error);
  if (value == NULL || secret_value_get_text (value) == NULL)
    return FALSE;
  *user = g_strdup (attributes != NULL ? g_hash_table_lookup (attributes, "user") : NULL);
  if (*user == NULL)
    *user = g_strdup ("");
  *password = g_strdup (secret_value_get_text (value));
  return TRUE;
}

/* {{{ In a worker */

typedef struct {
  char *key;
  char *user;
  char *password;
} Request;

static void
request_free (Request *request)
{
  g_free (request->key);
  g_free (request->user);
  if (request->password != NULL)
    {
      /* Not left lying in freed memory */
      memset (request->password, 0, strlen (request->password));
      g_free (request->password);
    }
  g_free (request);
}

static GTask *
request_task (gpointer             source_tag,
              const char          *key,
              const char          *user,
              const char          *password,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  request->key = g_strdup (key);
  request->user = g_strdup (user);
  request->password = g_strdup (password);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  return task;
}

static void
store_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;

  if (ca_credentials_store_sync (request->key, request->user, request->password, cancellable,
                                 &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ca_credentials_store_async (const char          *key,
                            const char          *user,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (key != NULL && user != NULL && password != NULL);

  task = request_task (ca_credentials_store_async, key, user, password, cancellable,
                       callback, user_data);
  g_task_run_in_thread (task, store_thread);
}

gboolean
ca_credentials_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;
  gboolean cleared = ca_credentials_clear_sync (request->key, cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, cleared);
}

void
ca_credentials_clear_async (const char          *key,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (key != NULL);

  task = request_task (ca_credentials_clear_async, key, NULL, NULL, cancellable,
                       callback, user_data);
  g_task_run_in_thread (task, clear_thread);
}

gboolean
ca_credentials_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;

  if (ca_credentials_lookup_sync (request->key, &request->user, &request->password,
                                  cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, FALSE);
}

void
ca_credentials_lookup_async (const char          *key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (key != NULL);

  task = request_task (ca_credentials_lookup_async, key, NULL, NULL, cancellable,
                       callback, user_data);
  g_task_run_in_thread (task, lookup_thread);
}

gboolean
ca_credentials_lookup_finish (GAsyncResult  *result,
                              char         **user,
                              char         **password,
                              GError       **error)
{
  Request *request;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (user != NULL && password != NULL, FALSE);

  *user = *password = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  request = g_task_get_task_data (G_TASK (result));
  *user = g_steal_pointer (&request->user);
  *password = g_steal_pointer (&request->password);
  return TRUE;
}

/* }}} */

/* {{{ Keys of older versions */

/* The key without user name and password, and those, when key has them */
static char *
split_key (const char  *key,
           char       **user,
           char       **password)
{
  g_autofree char *bare = NULL;

  if (!g_str_has_prefix (key, "http"))
    return NULL;
  bare = ca_sync_check_url_full (key, user, password, NULL);
  if (bare == NULL || *user == NULL)
    {
      g_clear_pointer (user, g_free);
      g_clear_pointer (password, g_free);
      return NULL;
    }
  return g_steal_pointer (&bare);
}

gboolean
ca_credentials_store_holds_any (CaStore *store)
{
  g_autoptr(GPtrArray) feeds = NULL;

  g_return_val_if_fail (CA_IS_STORE (store), FALSE);

  if ((feeds = ca_store_list_feeds (store, NULL)) == NULL)
    return FALSE;
  for (guint i = 0; i < feeds->len; i++)
    {
      CaFeedInfo *info = feeds->pdata[i];
      g_autofree char *user = NULL;
      g_autofree char *password = NULL;
      g_autofree char *bare = split_key (info->key, &user, &password);

      if (bare != NULL)
        return TRUE;
    }
  return FALSE;
}

guint
ca_credentials_move_from_store (CaStore       *store,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GPtrArray) feeds = NULL;
  guint moved = 0;

  g_return_val_if_fail (CA_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if ((feeds = ca_store_list_feeds (store, error)) == NULL)
    return 0;
  for (guint i = 0; i < feeds->len; i++)
    {
      CaFeedInfo *info = feeds->pdata[i];
      g_autofree char *user = NULL;
      g_autofree char *password = NULL;
      g_autofree char *bare = split_key (info->key, &user, &password);

      /* (the same feed subscribed again without them: the two stay apart) */
      if (bare == NULL || ca_store_has_feed (store, bare))
        continue;
      if (!ca_credentials_store_sync (bare, user, password, cancellable, error))
        break;
      if (!ca_store_rename_feed (store, info->key, bare, error))
        {
          ca_credentials_clear_sync (bare, NULL, NULL);
          break;
        }
      g_debug ("Credentials of %s moved to the keyring", bare);
      moved++;
    }
  return moved;
}

static void
move_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  guint moved = ca_credentials_move_from_store (task_data, cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, moved);
}

void
ca_credentials_move_from_store_async (CaStore             *store,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CA_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_credentials_move_from_store_async);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, move_thread);
}

guint
ca_credentials_move_from_store_finish (GAsyncResult  *result,
                                       GError       **error)
{
  gssize moved;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);

  moved = g_task_propagate_int (G_TASK (result), error);
  return moved > 0 ? (guint) moved : 0;
}

/* }}} */
