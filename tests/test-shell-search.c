/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-shell-search"

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <unistd.h>

#include "ca-application.h"
#include "ca-test-util.h"
#include "ca-window.h"

/*
 * The real application on a private session bus (GTestDBus), asked by another
 * connection exactly as GNOME Shell asks it: by its bus name, at the object path of
 * data/…search-provider.ini. Activating a result must open the window on it.
 */

#define IFACE "org.gnome.Shell.SearchProvider2"

static GDBusConnection *client;
static char *bus_name;
static char *object_path;

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

static GVariant *
call (const char *method,
      GVariant   *parameters)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GVariant *reply;

  g_dbus_connection_call (client, bus_name, object_path, IFACE, method, parameters, NULL,
                          G_DBUS_CALL_FLAGS_NONE, 10000, NULL, call_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  reply = g_dbus_connection_call_finish (client, result, &error);
  g_assert_no_error (error);
  return reply;
}

static void
iterate (void)
{
  for (int i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Waits for idle page building and the views' threads */
static gboolean
wait_text (GtkWidget  *widget,
           const char *text)
{
  for (int i = 0; i < 200; i++)
    {
      if (ca_test_shows_text (widget, text))
        return TRUE;
      g_usleep (10000);
      iterate ();
    }
  return FALSE;
}

static void
activate (const char *result_id)
{
  const char *terms[] = { "x", NULL };
  g_autoptr(GVariant) reply = call ("ActivateResult",
                                    g_variant_new ("(s^asu)", result_id, terms, 0));
  iterate ();
}

static void
test_shell_search (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ca-shell-search-XXXXXX", NULL);
  g_autofree char *store_path = g_build_filename (dir, "atlas.db", NULL);
  g_autoptr(CaApplication) app = ca_application_new ();
  g_autoptr(GSettings) settings = g_settings_new ("io.github.clusteratlas.ClusterAtlas");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_auto(GStrv) ids = NULL;
  const char *terms[] = { "ИКТ", NULL };
  GtkWidget *window;

  bus_name = g_strdup_printf ("io.github.clusteratlas.ShellSearchTest.P%d", (int) getpid ());
  object_path = g_strdup_printf ("/io/github/clusteratlas/ShellSearchTest/P%d/SearchProvider",
                                 (int) getpid ());
  ca_application_set_store_path (app, store_path);
  g_application_set_application_id (G_APPLICATION (app), bus_name);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));

  /* Started for the search alone: no window yet */
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));
  reply = call ("GetInitialResultSet", g_variant_new ("(^as)", terms));
  g_variant_get (reply, "(^as)", &ids);
  g_assert_true (g_strv_contains ((const char * const *) ids, "cluster\tbuiltin\tict-cluster"));
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));

  /* A cluster: the window opens on its page */
  g_settings_set_string (settings, "last-view", "calendar");
  activate ("cluster\tbuiltin\tgreen-tech-mechanical-engineering");
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (CA_IS_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (window));
  {
    g_autofree char *view = g_settings_get_string (settings, "last-view");
    g_assert_cmpstr (view, ==, "clusters");
  }
  g_assert_true (wait_text (ca_clusters_view_get_page (ca_window_get_clusters_view (CA_WINDOW (window))),
                            "Cluster Green Technology and Mechanical Engineering"));

  /* An event, a member: the same window, on them */
  activate ("event\tbuiltin\tnational-cluster-conference-2019");
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) == GTK_WINDOW (window));
  {
    g_autofree char *view = g_settings_get_string (settings, "last-view");
    g_assert_cmpstr (view, ==, "calendar");
  }
  g_assert_true (wait_text (window, "National Cluster Conference"));

  activate ("member\tbuiltin\tcleantech-bulgaria\t0");
  {
    g_autofree char *view = g_settings_get_string (settings, "last-view");
    g_assert_cmpstr (view, ==, "members");
  }
  g_assert_true (wait_text (ca_members_view_get_page (ca_window_get_members_view (CA_WINDOW (window))),
                            "Cleantech Bulgaria Foundation"));

  /* A reminder's notification opens its event through app.show-event */
  g_settings_set_string (settings, "last-view", "clusters");
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-event",
                                  g_variant_new ("(ss)", "builtin", "coderdojo-ardino-2014"));
  iterate ();
  {
    g_autofree char *view = g_settings_get_string (settings, "last-view");
    g_assert_cmpstr (view, ==, "calendar");
  }
  g_assert_true (wait_text (window, "First CoderDojo meeting in Ardino"));

  /* "Search in the app": the window's own search, with the terms */
  {
    const char *words[] = { "green", "tech", NULL };
    g_autoptr(GVariant) launched = call ("LaunchSearch", g_variant_new ("(^asu)", words, 0));
    GtkWidget *entry;

    iterate ();
    entry = gtk_window_get_focus (GTK_WINDOW (window));
    while (entry != NULL && !GTK_IS_SEARCH_ENTRY (entry))
      entry = gtk_widget_get_parent (entry);
    g_assert_nonnull (entry);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "green tech");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_unlink (store_path);
  g_rmdir (dir);
  g_free (bus_name);
  g_free (object_path);
}

int
main (int   argc,
      char *argv[])
{
  /* Not unreffed: its dispose would wait for the session bus singleton too */
  static GTestDBus *bus;
  g_autoptr(GError) error = NULL;
  int status;

  ca_test_require_display ();

  g_setenv ("XDG_DATA_HOME", "/nonexistent/ca-test-data-home", TRUE);
  /* Before GTK: the app's session bus is this private one. GTestDBus unsets DISPLAY
   * (against X11 autolaunch), which the window needs back. */
  {
    g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

    bus = g_test_dbus_new (G_TEST_DBUS_NONE);
    g_test_dbus_up (bus);
    if (display != NULL)
      g_setenv ("DISPLAY", display, TRUE);
  }
  gtk_test_init (&argc, &argv, NULL);

  client = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                                   G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                   G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                   NULL, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/shell-search/app", test_shell_search);
  status = g_test_run ();

  g_dbus_connection_close_sync (client, NULL, NULL);
  g_clear_object (&client);
  /* _down() would wait for GTK's and the app's hold on the session bus to go */
  g_test_dbus_stop (bus);
  return status;
}
