/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-command-line"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

/* The headless commands run the real binary with no display in its environment. */

typedef struct {
  char *out;
  char *err;
  int   status;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

static void
run_app_in (Run        *run,
            const char *arg,
            const char *language)
{
  const char *binary = g_getenv ("CLUSTER_ATLAS");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *data_home = g_dir_make_tmp ("ca-cli-XXXXXX", NULL);
  const char *argv[] = { binary, arg, NULL };

  g_assert_nonnull (binary);
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = g_environ_setenv (env, "XDG_DATA_HOME", data_home, TRUE);
  /* gettext ignores LANGUAGE in the C locale, and glibc 2.41 counts C.UTF-8 as C:
   * another language needs a real locale, which tests/run-in-locale.sh provides. */
  if (g_str_equal (language, "en"))
    env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  else
    {
      const char *locale = g_getenv ("CA_TEST_LOCALE");

      g_assert_nonnull (locale);
      g_assert_true (g_str_has_prefix (locale, language));
      env = g_environ_setenv (env, "LC_ALL", locale, TRUE);
    }
  env = g_environ_setenv (env, "LANGUAGE", language, TRUE);

  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &run->status, &error);
  g_assert_no_error (error);

  /* A headless command must not touch the store. */
  {
    g_autofree char *store_dir = g_build_filename (data_home, "cluster-atlas", NULL);
    g_assert_false (g_file_test (store_dir, G_FILE_TEST_EXISTS));
  }
  g_rmdir (data_home);
}

static void
run_app (Run        *run,
         const char *arg)
{
  run_app_in (run, arg, "en");
}

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

static void
test_version (void)
{
  Run run = { 0 };

  run_app (&run, "--version");
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_cmpstr (run.out, ==, "cluster-atlas " PACKAGE_VERSION "\n");
  run_clear (&run);
}

static void
test_validate_builtin (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "default-feed.json", NULL);
  g_autofree char *arg = g_strconcat ("--validate-feed=", path, NULL);
  Run run = { 0 };

  run_app (&run, arg);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_true (g_str_has_suffix (run.out, " events, 0 warnings\n"));
  g_assert_true (g_str_has_prefix (run.out, "3 clusters, 10 projects, "));
  g_assert_cmpstr (run.err, ==, "");
  run_clear (&run);
}

static void
test_validate_warnings (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "ca-cli-warnings.json", NULL);
  g_autofree char *arg = g_strconcat ("--validate-feed=", path, NULL);
  g_auto(GStrv) lines = NULL;
  Run run = { 0 };
  const char *feed =
    "{\"format\":\"cluster-feed\",\"version\":1,"
    "\"clusters\":[{\"id\":\"a\",\"name\":\"A\",\"website\":\"javascript:x()\"}],"
    "\"events\":[{\"id\":\"e\",\"title\":\"T\",\"start\":\"tomorrow\"},"
    "{\"id\":\"f\",\"title\":\"U\",\"start\":\"2019-03-26\"}]}";

  g_assert_true (g_file_set_contents (path, feed, -1, NULL));
  run_app (&run, arg);
  g_unlink (path);

  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "clusters[0].website: refused URL scheme \"javascript\"");
  g_assert_cmpstr (lines[1], ==, "events[0].start: expected a date-time, got \"tomorrow\"");
  g_assert_cmpstr (lines[2], ==, "1 cluster, 0 projects, 1 event, 2 warnings");
  run_clear (&run);
}

/* The summary and the messages in Bulgarian, Cyrillic intact on a UTF-8 locale */
static void
test_validate_bulgarian (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "default-feed.json", NULL);
  g_autofree char *arg = g_strconcat ("--validate-feed=", path, NULL);
  g_autofree char *v2 = g_build_filename (g_get_tmp_dir (), "ca-cli-v2-bg.json", NULL);
  g_autofree char *arg2 = g_strconcat ("--validate-feed=", v2, NULL);
  Run run = { 0 };
  Run rejected = { 0 };

  run_app_in (&run, arg, "bg");
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_true (g_str_has_prefix (run.out, "3 клъстера, 10 проекта, "));
  g_assert_true (g_str_has_suffix (run.out, " събития, 0 предупреждения\n"));
  run_clear (&run);

  g_assert_true (g_file_set_contents (v2, "{\"format\":\"cluster-feed\",\"version\":2,"
                                          "\"clusters\":[]}", -1, NULL));
  run_app_in (&rejected, arg2, "bg");
  g_unlink (v2);
  g_assert_nonnull (strstr (rejected.err, "версията на емисията е 2"));
  run_clear (&rejected);
}

static void
test_validate_rejected (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "ca-cli-v2.json", NULL);
  g_autofree char *arg = g_strconcat ("--validate-feed=", path, NULL);
  Run run = { 0 };

  g_assert_true (g_file_set_contents (path, "{\"format\":\"cluster-feed\",\"version\":2,"
                                            "\"clusters\":[]}", -1, NULL));
  run_app (&run, arg);
  g_unlink (path);

  g_assert_false (g_spawn_check_wait_status (run.status, NULL));
  g_assert_true (WIFEXITED (run.status));
  g_assert_cmpint (WEXITSTATUS (run.status), ==, 1);
  g_assert_nonnull (strstr (run.err, "feed version 2 is newer than this app supports"));
  g_assert_cmpstr (run.out, ==, "");
  run_clear (&run);
}

static void
test_validate_missing_file (void)
{
  Run run = { 0 };

  run_app (&run, "--validate-feed=/nonexistent/feed.json");
  g_assert_true (WIFEXITED (run.status));
  g_assert_cmpint (WEXITSTATUS (run.status), ==, 1);
  g_assert_nonnull (strstr (run.err, "/nonexistent/feed.json"));
  run_clear (&run);
}

static void
test_validate_fixture_markup (void)
{
  g_autofree char *path = fixture ("markup.json");
  g_autofree char *arg = g_strconcat ("--validate-feed=", path, NULL);
  Run run = { 0 };

  run_app (&run, arg);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_true (g_str_has_suffix (run.out, ", 0 warnings\n"));
  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/command-line/version", test_version);
  g_test_add_func ("/command-line/validate/builtin", test_validate_builtin);
  g_test_add_func ("/command-line/validate/warnings", test_validate_warnings);
  g_test_add_func ("/command-line/validate/rejected", test_validate_rejected);
  g_test_add_func ("/command-line/validate/bulgarian", test_validate_bulgarian);
  g_test_add_func ("/command-line/validate/missing-file", test_validate_missing_file);
  g_test_add_func ("/command-line/validate/markup", test_validate_fixture_markup);

  return g_test_run ();
}
