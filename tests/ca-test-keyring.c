/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-test-keyring"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "ca-test-core.h"
#include "ca-test-keyring.h"

static char        *keyring_home;
static GTestDBus   *keyring_bus;
static GTestDBus   *empty_bus;
static char        *empty_bus_address;
static GSubprocess *keyring_daemon;

const SecretSchema *
ca_test_keyring_feed_schema (void)
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

static void
name_appeared (GDBusConnection *connection,
               const char      *name,
               const char      *owner,
               gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

void
ca_test_keyring_start (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *runtime = NULL;
  g_autofree char *config = NULL;
  gboolean appeared = FALSE;
  guint watch;

  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");

  /* Called before the tests are added, so the whole program is skipped (where no
   * Secret Service can be had, as in a Flatpak SDK) or, under CI, fails */
  if (daemon == NULL)
    {
      if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
        {
          /* Straight to stdout: GLib's TAP output makes g_print() a comment */
          fputs ("Bail out! gnome-keyring-daemon is not installed "
                 "(tools/deps.sh installs it; CI=true: nothing may be skipped)\n", stdout);
          fflush (stdout);
          exit (1);
        }
      fputs ("1..0 # SKIP gnome-keyring-daemon is not installed\n", stdout);
      fflush (stdout);
      exit (0);
    }

  g_assert_null (keyring_bus);

  /* The empty bus first: g_test_dbus_up() points this process at the last one */
  empty_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (empty_bus);
  empty_bus_address = g_strdup (g_test_dbus_get_bus_address (empty_bus));
  keyring_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (keyring_bus);
  /* which unsets DISPLAY (against D-Bus's X11 autolaunch): the UI tests need it */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  keyring_home = g_dir_make_tmp ("ca-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  data = g_build_filename (keyring_home, ".local", "share", NULL);
  config = g_build_filename (keyring_home, ".config", NULL);
  runtime = g_build_filename (keyring_home, "run", NULL);
  g_assert_cmpint (g_mkdir_with_parents (data, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_setenv (launcher, "HOME", keyring_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                g_test_dbus_get_bus_address (keyring_bus), TRUE);
  keyring_daemon = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon",
                                                "--foreground", "--unlock",
                                                "--components=secrets", NULL);
  g_assert_no_error (error);
  /* It reads the password to the end of its input, and goes on running */
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (keyring_daemon), "test-password", 13,
                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (g_subprocess_get_stdin_pipe (keyring_daemon), NULL, &error);
  g_assert_no_error (error);

  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.secrets",
                            G_BUS_NAME_WATCHER_FLAGS_NONE, name_appeared, NULL,
                            &appeared, NULL);
  if (!ca_test_wait_until (is_true, &appeared, 20000))
    g_error ("gnome-keyring-daemon did not come up on the private bus");
  g_bus_unwatch_name (watch);
}

void
ca_test_keyring_start_none (void)
{
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  g_assert_null (empty_bus);
  empty_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (empty_bus);
  empty_bus_address = g_strdup (g_test_dbus_get_bus_address (empty_bus));
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
}

void
ca_test_keyring_stop (void)
{
  secret_service_disconnect ();
  if (keyring_daemon == NULL)
    {
      g_test_dbus_stop (empty_bus);
      return;
    }
  g_subprocess_send_signal (keyring_daemon, SIGTERM);
  g_subprocess_wait (keyring_daemon, NULL, NULL);
  g_clear_object (&keyring_daemon);
  ca_test_remove_tree (keyring_home);
  g_clear_pointer (&keyring_home, g_free);
  /* libsecret keeps a reference on the session bus connection to the end of the
   * process: g_test_dbus_down() would wait for it in vain (and so would their last
   * unref, so the buses are left to the exit) */
  g_test_dbus_stop (keyring_bus);
  g_test_dbus_stop (empty_bus);
}

const char *
ca_test_keyring_get_bus_address (void)
{
  return g_test_dbus_get_bus_address (keyring_bus);
}

const char *
ca_test_keyring_get_empty_bus_address (void)
{
  return empty_bus_address;
}
