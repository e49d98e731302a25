/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-search-provider"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "ca-cluster.h"
#include "ca-event.h"
#include "ca-format.h"
#include "ca-member.h"
#include "ca-project.h"
#include "ca-search-provider.h"
#include "ca-text.h"

/* The Shell shows a handful per provider; more is wasted work */
#define MAX_RESULTS 20

struct _CaSearchProvider
{
  GObject          parent_instance;

  GApplication    *app;           /* weak */
  CaStore         *store;
  GDBusConnection *connection;
  guint            registration;
};

G_DEFINE_FINAL_TYPE (CaSearchProvider, ca_search_provider, G_TYPE_OBJECT)

enum {
  SIGNAL_ACTIVATE_RESULT,
  SIGNAL_LAUNCH_SEARCH,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gnome.Shell.SearchProvider2'>"
  "    <method name='GetInitialResultSet'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetSubsearchResultSet'>"
  "      <arg type='as' name='previous_results' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetResultMetas'>"
  "      <arg type='as' name='identifiers' direction='in'/>"
  "      <arg type='aa{sv}' name='metas' direction='out'/>"
  "    </method>"
  "    <method name='ActivateResult'>"
  "      <arg type='s' name='identifier' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "    <method name='LaunchSearch'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static const char * const kind_names[] = {
  [CA_SEARCH_CLUSTER] = "cluster",
  [CA_SEARCH_MEMBER] = "member",
  [CA_SEARCH_PROJECT] = "project",
  [CA_SEARCH_EVENT] = "event",
};

/* {{{ Searching */

typedef struct {
  char       *text;
  GHashTable *previous;   /* result ids, or NULL */
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->text);
  g_clear_pointer (&data->previous, g_hash_table_unref);
  g_free (data);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CaStore *store = source_object;
  SearchData *data = task_data;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  hits = ca_store_search (store, data->text, MAX_RESULTS, &error);
  if (hits == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < hits->len; i++)
    {
      char *id = ca_search_provider_result_id (hits->pdata[i]);

      if (data->previous == NULL || g_hash_table_contains (data->previous, id))
        g_ptr_array_add (ids, id);
      else
        g_free (id);
    }
  g_ptr_array_add (ids, NULL);
  g_task_return_pointer (task, g_ptr_array_free (g_steal_pointer (&ids), FALSE),
                         (GDestroyNotify) g_strfreev);
}

typedef struct {
  CaSearchProvider      *self;
  GDBusMethodInvocation *invocation;
} Reply;

static void
search_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Reply *reply = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = g_task_propagate_pointer (G_TASK (result), &error);

  if (ids == NULL)
    {
      /* The Shell shows nothing from us either way; the log says why */
      g_warning ("Search for the Shell failed: %s", error->message);
      ids = g_new0 (char *, 1);
    }
  g_dbus_method_invocation_return_value (reply->invocation,
                                         g_variant_new ("(^as)", ids));
  if (reply->self->app != NULL)
    g_application_release (reply->self->app);
  g_object_unref (reply->self);
  g_free (reply);
}

static void
search (CaSearchProvider      *self,
        GDBusMethodInvocation *invocation,
        const char * const    *terms,
        const char * const    *previous)
{
  g_autoptr(GTask) task = NULL;
  SearchData *data;
  Reply *reply;

  if (self->store == NULL)
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(as)", NULL));
      return;
    }

  data = g_new0 (SearchData, 1);
  data->text = g_strjoinv (" ", (char **) terms);
  if (previous != NULL)
    {
      data->previous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; previous[i] != NULL; i++)
        g_hash_table_add (data->previous, g_strdup (previous[i]));
    }

  reply = g_new0 (Reply, 1);
  reply->self = g_object_ref (self);
  reply->invocation = invocation;
  if (self->app != NULL)
    g_application_hold (self->app);

  task = g_task_new (self->store, NULL, search_done, reply);
  g_task_set_source_tag (task, search);
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);
  g_task_run_in_thread (task, search_thread);
}

/* }}} */
/* {{{ Metas */

static void
add_meta (GVariantBuilder *metas,
          const char      *result_id,
          const char      *name_text,
          const char      *description,
          const char      *icon_name)
{
  g_autofree char *name = ca_text_display (name_text);
  g_autoptr(GIcon) icon = g_themed_icon_new (icon_name);
  /* Not floating: the builder takes a reference of its own */
  g_autoptr(GVariant) serialized_icon = g_icon_serialize (icon);
  GVariantBuilder meta;

  g_variant_builder_init (&meta, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&meta, "{sv}", "id", g_variant_new_string (result_id));
  g_variant_builder_add (&meta, "{sv}", "name", g_variant_new_string (name != NULL ? name : ""));
  if (description != NULL && description[0] != '\0')
    g_variant_builder_add (&meta, "{sv}", "description", g_variant_new_string (description));
  g_variant_builder_add (&meta, "{sv}", "icon", serialized_icon);
  g_variant_builder_add_value (metas, g_variant_builder_end (&meta));
}

/* A result the store no longer has (a sync removed it) is left out */
static void
add_result_meta (CaSearchProvider *self,
                 GVariantBuilder  *metas,
                 const char       *result_id)
{
  CaSearchKind kind;
  g_autofree char *feed = NULL;
  g_autofree char *id = NULL;
  guint position;

  if (!ca_search_provider_parse_result_id (result_id, &kind, &feed, &id, &position))
    return;

  switch (kind)
    {
    case CA_SEARCH_CLUSTER:
      {
        g_autoptr(CaCluster) cluster = ca_store_get_cluster (self->store, feed, id, NULL);
        g_autofree char *city = cluster != NULL ? ca_text_display (cluster->city) : NULL;

        if (cluster != NULL)
          add_meta (metas, result_id, cluster->name,
                    city != NULL ? city : cluster->acronym, "system-users-symbolic");
        break;
      }
    case CA_SEARCH_MEMBER:
      {
        g_autoptr(CaCluster) cluster = ca_store_get_cluster (self->store, feed, id, NULL);
        g_autofree char *cluster_name = NULL;
        g_autofree char *description = NULL;
        CaMember *member = NULL;

        for (guint i = 0; cluster != NULL && i < cluster->members->len; i++)
          if (((CaMember *) cluster->members->pdata[i])->position == position)
            member = cluster->members->pdata[i];
        if (member == NULL)
          break;
        cluster_name = ca_text_display (cluster->name);
        /* TRANSLATORS: a member's kind and its cluster: "SME · ICT Cluster" */
        description = g_strdup_printf (_("%s · %s"), ca_format_member_kind (member->kind),
                                       cluster_name);
        add_meta (metas, result_id, member->name, description, "avatar-default-symbolic");
        break;
      }
    case CA_SEARCH_PROJECT:
      {
        g_autoptr(CaProject) project = ca_store_get_project (self->store, feed, id, NULL);

        if (project != NULL)
          add_meta (metas, result_id, project->title, project->acronym,
                    "folder-documents-symbolic");
        break;
      }
    case CA_SEARCH_EVENT:
      {
        g_autoptr(CaEvent) event = ca_store_get_event (self->store, feed, id, NULL);
        g_autofree char *when = event != NULL ? ca_format_event_when (event, NULL) : NULL;

        if (event != NULL)
          add_meta (metas, result_id, event->title, when, "x-office-calendar-symbolic");
        break;
      }
    default:
      break;
    }
}

/* }}} */

static void
method_call (GDBusConnection       *connection,
             const char            *sender,
             const char            *object_path,
             const char            *interface_name,
             const char            *method_name,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  CaSearchProvider *self = user_data;

  if (g_str_equal (method_name, "GetInitialResultSet"))
    {
      g_autofree const char **terms = NULL;

      g_variant_get (parameters, "(^a&s)", &terms);
      search (self, invocation, terms, NULL);
    }
  else if (g_str_equal (method_name, "GetSubsearchResultSet"))
    {
      g_autofree const char **previous = NULL;
      g_autofree const char **terms = NULL;

      g_variant_get (parameters, "(^a&s^a&s)", &previous, &terms);
      search (self, invocation, terms, previous);
    }
  else if (g_str_equal (method_name, "GetResultMetas"))
    {
      g_autofree const char **ids = NULL;
      GVariantBuilder metas;

      g_variant_get (parameters, "(^a&s)", &ids);
      g_variant_builder_init (&metas, G_VARIANT_TYPE ("aa{sv}"));
      for (guint i = 0; self->store != NULL && ids[i] != NULL; i++)
        add_result_meta (self, &metas, ids[i]);
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(aa{sv})", &metas));
    }
  else if (g_str_equal (method_name, "ActivateResult"))
    {
      const char *result_id;
      g_autofree const char **terms = NULL;
      guint32 timestamp;
      CaSearchKind kind;
      g_autofree char *feed = NULL;
      g_autofree char *id = NULL;
      guint position;

      g_variant_get (parameters, "(&s^a&su)", &result_id, &terms, &timestamp);
      if (!ca_search_provider_parse_result_id (result_id, &kind, &feed, &id, &position))
        {
          g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR,
                                                 G_DBUS_ERROR_INVALID_ARGS,
                                                 "Not a result of this provider: %s", result_id);
          return;
        }
      g_signal_emit (self, signals[SIGNAL_ACTIVATE_RESULT], 0, kind, feed, id, position, timestamp);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "LaunchSearch"))
    {
      g_autofree const char **terms = NULL;
      g_autofree char *text = NULL;
      guint32 timestamp;

      g_variant_get (parameters, "(^a&su)", &terms, &timestamp);
      text = g_strjoinv (" ", (char **) terms);
      g_signal_emit (self, signals[SIGNAL_LAUNCH_SEARCH], 0, text, timestamp);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                           "No method %s", method_name);
}

static const GDBusInterfaceVTable vtable = { method_call, NULL, NULL };

static void
ca_search_provider_dispose (GObject *object)
{
  CaSearchProvider *self = (CaSearchProvider *) object;

  ca_search_provider_unexport (self);
  g_clear_object (&self->store);
  if (self->app != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->app), (gpointer *) &self->app);
  self->app = NULL;

  G_OBJECT_CLASS (ca_search_provider_parent_class)->dispose (object);
}

static void
ca_search_provider_class_init (CaSearchProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ca_search_provider_dispose;

  /* (kind: CaSearchKind, feed, id, position, timestamp) */
  signals[SIGNAL_ACTIVATE_RESULT] =
    g_signal_new ("activate-result", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 5,
                  G_TYPE_INT, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT);
  /* (text, timestamp) */
  signals[SIGNAL_LAUNCH_SEARCH] =
    g_signal_new ("launch-search", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
}

static void
ca_search_provider_init (CaSearchProvider *self)
{
}

CaSearchProvider *
ca_search_provider_new (GApplication *app)
{
  CaSearchProvider *self;

  g_return_val_if_fail (app == NULL || G_IS_APPLICATION (app), NULL);

  self = g_object_new (CA_TYPE_SEARCH_PROVIDER, NULL);
  self->app = app;
  if (app != NULL)
    g_object_add_weak_pointer (G_OBJECT (app), (gpointer *) &self->app);
  return self;
}

void
ca_search_provider_set_store (CaSearchProvider *self,
                              CaStore          *store)
{
  g_return_if_fail (CA_IS_SEARCH_PROVIDER (self));
  g_return_if_fail (store == NULL || CA_IS_STORE (store));

  g_set_object (&self->store, store);
}

gboolean
ca_search_provider_export (CaSearchProvider *self,
                           GDBusConnection  *connection,
                           const char       *object_path,
                           GError          **error)
{
  g_autoptr(GDBusNodeInfo) info = NULL;

  g_return_val_if_fail (CA_IS_SEARCH_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (self->registration == 0, FALSE);

  info = g_dbus_node_info_new_for_xml (introspection_xml, error);
  if (info == NULL)
    return FALSE;
  self->registration = g_dbus_connection_register_object (connection, object_path,
                                                          info->interfaces[0], &vtable,
                                                          self, NULL, error);
  if (self->registration == 0)
    return FALSE;
  self->connection = g_object_ref (connection);
  return TRUE;
}

void
ca_search_provider_unexport (CaSearchProvider *self)
{
  g_return_if_fail (CA_IS_SEARCH_PROVIDER (self));

  if (self->registration != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration);
  self->registration = 0;
  g_clear_object (&self->connection);
}

char *
ca_search_provider_result_id (const CaSearchHit *hit)
{
  g_return_val_if_fail (hit != NULL && hit->kind <= CA_SEARCH_EVENT, NULL);

  if (hit->kind == CA_SEARCH_MEMBER)
    return g_strdup_printf ("%s\t%s\t%s\t%u", kind_names[hit->kind], hit->feed, hit->id,
                            hit->position);
  return g_strdup_printf ("%s\t%s\t%s", kind_names[hit->kind], hit->feed, hit->id);
}

gboolean
ca_search_provider_parse_result_id (const char   *result_id,
                                    CaSearchKind *kind,
                                    char        **feed,
                                    char        **id,
                                    guint        *position)
{
  g_auto(GStrv) parts = NULL;
  guint n;
  int k = -1;

  g_return_val_if_fail (result_id != NULL, FALSE);

  parts = g_strsplit (result_id, "\t", 5);
  n = g_strv_length (parts);
  for (guint i = 0; n > 0 && i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (parts[0], kind_names[i]))
      k = i;
  if (k < 0 || n != (k == CA_SEARCH_MEMBER ? 4u : 3u) || parts[1][0] == '\0' || parts[2][0] == '\0')
    return FALSE;

  *position = 0;
  if (k == CA_SEARCH_MEMBER)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (parts[3], 10, 0, G_MAXUINT, &value, NULL))
        return FALSE;
      *position = (guint) value;
    }
  *kind = k;
  *feed = g_strdup (parts[1]);
  *id = g_strdup (parts[2]);
  return TRUE;
}
