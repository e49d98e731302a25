/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-test-notify-daemon"

#include "config.h"

#include "ca-test-notify-daemon.h"

struct _CaTestNotifyDaemon
{
  GDBusConnection *connection;
  GPtrArray       *shown;
  guint32          n_notified;  /* every Notify's id is its number, from 1 */
  guint32          last_replaced; /* the id the last Notify said it replaces, 0 none */
};

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static void
daemon_method (GDBusConnection       *connection,
               const char            *sender,
               const char            *object_path,
               const char            *interface_name,
               const char            *method_name,
               GVariant              *parameters,
               GDBusMethodInvocation *invocation,
               gpointer               user_data)
{
  CaTestNotifyDaemon *self = user_data;

  if (g_str_equal (method_name, "Notify"))
    {
      const char *app_name, *icon, *summary, *body;
      guint32 replaces;
      g_autofree const char **actions = NULL;
      g_autoptr(GVariant) hints = NULL;
      gint32 timeout;
      g_autofree char *joined = NULL;

      g_variant_get (parameters, "(&su&s&s&s^a&s@a{sv}i)", &app_name, &replaces, &icon,
                     &summary, &body, &actions, &hints, &timeout);
      joined = g_strjoinv (",", (char **) actions);
      g_ptr_array_add (self->shown, g_strdup_printf ("%s|%s|%s", summary, body, joined));
      self->last_replaced = replaces;
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(u)", ++self->n_notified));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new_parsed ("(['body', 'actions'],)"));
  else if (g_str_equal (method_name, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "test", "test", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable daemon_vtable = { daemon_method, NULL, NULL };

CaTestNotifyDaemon *
ca_test_notify_daemon_new (const char *address)
{
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  CaTestNotifyDaemon *self = g_new0 (CaTestNotifyDaemon, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  guint32 result = 0;

  self->shown = g_ptr_array_new_with_free_func (g_free);
  self->connection = g_dbus_connection_new_for_address_sync (address,
                                                             G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                             G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (self->connection, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &daemon_vtable, self, NULL, &error);
  g_assert_no_error (error);
  /* 4: DBUS_NAME_FLAG_DO_NOT_QUEUE; 1: DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */
  reply = g_dbus_connection_call_sync (self->connection, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1);
  return self;
}

GPtrArray *
ca_test_notify_daemon_get_shown (CaTestNotifyDaemon *self)
{
  return self->shown;
}

guint32
ca_test_notify_daemon_get_last_id (CaTestNotifyDaemon *self)
{
  return self->n_notified;
}

guint32
ca_test_notify_daemon_get_last_replaced (CaTestNotifyDaemon *self)
{
  return self->last_replaced;
}

void
ca_test_notify_daemon_wait (CaTestNotifyDaemon *self,
                            guint               n)
{
  for (int i = 0; i < 500 && self->shown->len < n; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

void
ca_test_notify_daemon_free (CaTestNotifyDaemon *self)
{
  if (self == NULL)
    return;
  g_dbus_connection_close_sync (self->connection, NULL, NULL);
  g_clear_object (&self->connection);
  g_ptr_array_unref (self->shown);
  g_free (self);
}
