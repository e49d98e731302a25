/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ca-test-app.h"

GSubprocess *
ca_test_app_spawn (const CaTestApp    *app,
                   const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("CLUSTER_ATLAS");
  GSubprocess *process;

  g_assert_nonnull (binary);
  g_assert_nonnull (app->data_home);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", app->data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  /* The tests' fatal warnings are theirs, not the app's */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  if (app->bus != NULL)
    g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", app->bus, TRUE);
  if (app->debug != NULL)
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", app->debug, TRUE);
  if (app->child_setup != NULL)
    g_subprocess_launcher_set_child_setup (launcher, app->child_setup, app->child_data, NULL);

  g_strv_builder_add (builder, binary);
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);
  return process;
}

typedef struct {
  gboolean  done;
  char     *out;
  char     *err;
} Run;

static void
communicated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

int
ca_test_app_run (const CaTestApp    *app,
                 const char * const *args,
                 char              **out,
                 char              **err)
{
  g_autoptr(GSubprocess) process = ca_test_app_spawn (app, args);
  g_autofree char *line = g_strjoinv (" ", (char **) args);
  Run run = { FALSE, NULL, NULL };

  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("cluster-atlas %s:\n%s%s", line, run.out, run.err);
  if (out != NULL)
    *out = g_steal_pointer (&run.out);
  if (err != NULL)
    *err = g_steal_pointer (&run.err);
  g_free (run.out);
  g_free (run.err);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

int
ca_test_app_run1 (const CaTestApp *app,
                  const char      *arg,
                  char           **out,
                  char           **err)
{
  const char *args[] = { arg, NULL };

  return ca_test_app_run (app, args, out, err);
}
