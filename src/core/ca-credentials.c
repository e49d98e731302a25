/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-credentials"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "ca-credentials.h"
#include "ca-sync.h"

/*
 * libsecret, blocking for the command line, asynchronous for the window and the
 * sync. The item's attributes are the feed's key and the user name; its secret is
 * the password. Any failure of the keyring is one error: the caller says what
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

/* {{{ Asynchronous, on the caller's main context
 *
 * libsecret's own asynchronous calls, not its blocking ones in a worker: its
 * Secret Service proxy belongs to the context that made it, and items made for a
 * search in another thread's context were never finished (and leaked). */

typedef struct {
  char *key;
  char *user;
  char *password;
} Request;

static void
wipe (char *text)
{
  if (text != NULL)
    memset (text, 0, strlen (text));
  g_free (text);
}

static void
request_free (Request *request)
{
  g_free (request->key);
  g_free (request->user);
  wipe (request->password);
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
return_keyring_error (GTask  *task,
                      GError *cause)
{
  GError *error = NULL;

  keyring_failed (cause, &error);
  g_task_return_error (task, error);
}

static void
stored (GObject      *source,
        GAsyncResult *res,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (res, &error))
    return_keyring_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
cleared_before_store (GObject      *source,
                      GAsyncResult *res,
                      gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autofree char *label = NULL;
  GError *error = NULL;

  secret_password_clear_finish (res, &error);
  if (error != NULL)
    {
      return_keyring_error (task, error);
      g_object_unref (task);
      return;
    }
  label = g_strdup_printf (_("Cluster Atlas feed %s"), request->key);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, request->password,
                         g_task_get_cancellable (task), stored, task,
                         "feed", request->key, "user", request->user, NULL);
}

void
ca_credentials_store_async (const char          *key,
                            const char          *user,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (key != NULL && user != NULL && password != NULL);

  task = request_task (ca_credentials_store_async, key, user, password, cancellable,
                       callback, user_data);
  /* One item per feed: an item of another user name would stay beside it */
  secret_password_clear (get_schema (), cancellable, cleared_before_store, task,
                         "feed", key, NULL);
}

gboolean
ca_credentials_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
cleared (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean found = secret_password_clear_finish (res, &error);

  if (error != NULL)
    return_keyring_error (task, error);
  else
    g_task_return_boolean (task, found);
}

void
ca_credentials_clear_async (const char          *key,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (key != NULL);

  task = request_task (ca_credentials_clear_async, key, NULL, NULL, cancellable,
                       callback, user_data);
  secret_password_clear (get_schema (), cancellable, cleared, task, "feed", key, NULL);
}

gboolean
ca_credentials_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
secret_retrieved (GObject      *source,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  GError *error = NULL;

  value = secret_retrievable_retrieve_secret_finish (SECRET_RETRIEVABLE (source), res, &error);
  if (error != NULL)
    {
      return_keyring_error (task, error);
      return;
    }
  if (value == NULL || secret_value_get_text (value) == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  attributes = secret_retrievable_get_attributes (SECRET_RETRIEVABLE (source));
  request->user = g_strdup (attributes != NULL ? g_hash_table_lookup (attributes, "user") : NULL);
  if (request->user == NULL)
    request->user = g_strdup ("");
  request->password = g_strdup (secret_value_get_text (value));
  g_task_return_boolean (task, TRUE);
}

static void
searched (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  GTask *task = user_data;
  g_autolist(SecretRetrievable) items = NULL;
  GError *error = NULL;

  items = secret_password_search_finish (res, &error);
  if (error != NULL)
    return_keyring_error (task, error);
  else if (items == NULL)
    g_task_return_boolean (task, FALSE);
  else
    {
      secret_retrievable_retrieve_secret (items->data, g_task_get_cancellable (task),
                                          secret_retrieved, task);
      return;
    }
  g_object_unref (task);
}

void
ca_credentials_lookup_async (const char          *key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (key != NULL);

  task = request_task (ca_credentials_lookup_async, key, NULL, NULL, cancellable,
                       callback, user_data);
  secret_password_search (get_schema (), SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                          cancellable, searched, task, "feed", key, NULL);
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

/* The window's: one feed at a time, each through the keyring's asynchronous
 * calls; the store's rename is one small write */
typedef struct {
  CaStore   *store;
  GPtrArray *feeds;     /* CaFeedInfo */
  guint      next;
  guint      moved;
  char      *bare;      /* the key being moved to */
} Moving;

static void
moving_free (Moving *moving)
{
  g_object_unref (moving->store);
  g_ptr_array_unref (moving->feeds);
  g_free (moving->bare);
  g_free (moving);
}

static void move_next (GTask *task);

static void
moved_one (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  GTask *task = user_data;
  Moving *moving = g_task_get_task_data (task);
  CaFeedInfo *info = moving->feeds->pdata[moving->next - 1];
  GError *error = NULL;

  if (!ca_credentials_store_finish (res, &error) ||
      !ca_store_rename_feed (moving->store, info->key, moving->bare, &error))
    {
      ca_credentials_clear_async (moving->bare, NULL, NULL, NULL);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_debug ("Credentials of %s moved to the keyring", moving->bare);
  moving->moved++;
  move_next (task);
}

static void
move_next (GTask *task)
{
  Moving *moving = g_task_get_task_data (task);

  while (moving->next < moving->feeds->len)
    {
      CaFeedInfo *info = moving->feeds->pdata[moving->next++];
      g_autofree char *user = NULL;
      g_autofree char *password = NULL;

      g_clear_pointer (&moving->bare, g_free);
      moving->bare = split_key (info->key, &user, &password);
      if (moving->bare == NULL || ca_store_has_feed (moving->store, moving->bare))
        continue;
      ca_credentials_store_async (moving->bare, user, password, g_task_get_cancellable (task),
                                  moved_one, task);
      wipe (g_steal_pointer (&password));
      return;
    }
  g_task_return_int (task, moving->moved);
  g_object_unref (task);
}

void
ca_credentials_move_from_store_async (CaStore             *store,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;
  Moving *moving;
  GError *error = NULL;

  g_return_if_fail (CA_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_credentials_move_from_store_async);
  moving = g_new0 (Moving, 1);
  moving->store = g_object_ref (store);
  g_task_set_task_data (task, moving, (GDestroyNotify) moving_free);
  if ((moving->feeds = ca_store_list_feeds (store, &error)) == NULL)
    {
      moving->feeds = g_ptr_array_new ();
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  move_next (task);
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
