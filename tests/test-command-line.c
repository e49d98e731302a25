/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-command-line"

#include "config.h"

#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "ca-store.h"
#include "ca-test-core.h"

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

/* {{{ Hostile inputs and stores: the binary run with its standard input, its store
 * and its user chosen, and its peak memory read from wait4() */

#define MiB (1024 * 1024)
#define NOBODY 65534

typedef struct {
  char   *out;
  char   *err;
  int     status;
  glong   max_rss_kib;   /* the child's peak resident memory */
  gint64  usec;          /* how long it ran */
} Cli;

static void
cli_clear (Cli *cli)
{
  g_free (cli->out);
  g_free (cli->err);
  memset (cli, 0, sizeof *cli);
}

static int
cli_exit_status (Cli *cli)
{
  g_assert_true (WIFEXITED (cli->status));
  return WEXITSTATUS (cli->status);
}

/* As root, the command runs as nobody: permission bits then stop it as they stop a
 * user (they do not stop root) */
static void
drop_privileges (gpointer data)
{
  if (getuid () != 0)
    return;
  if (setgroups (0, NULL) != 0 || setgid (NOBODY) != 0 || setuid (NOBODY) != 0)
    _exit (125);
}

/* Whether nobody can reach and run path: every folder on the way searchable by
 * others (a checkout under /root is not) */
static gboolean
others_can_run (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  GStatBuf st;

  if (g_stat (path, &st) != 0 || !(st.st_mode & S_IXOTH))
    return FALSE;
  while (!g_str_equal (dir, "/") && !g_str_equal (dir, "."))
    {
      char *parent;

      if (g_stat (dir, &st) != 0 || !(st.st_mode & S_IXOTH))
        return FALSE;
      parent = g_path_get_dirname (dir);
      g_free (dir);
      dir = parent;
    }
  return TRUE;
}

static char *
read_and_remove (int         fd,
                 const char *path)
{
  char *contents = NULL;

  close (fd);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_unlink (path);
  return contents;
}

/* Runs cluster-atlas with args (up to NULL) on the store under data_home, standard
 * input from stdin_fd (-1: /dev/null), unprivileged when asked */
static void
cli_run (Cli        *cli,
         const char *data_home,
         int         stdin_fd,
         gboolean    unprivileged,
         const char *first,
         ...)
{
  const char *binary = g_getenv ("CLUSTER_ATLAS");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *err_path = NULL;
  int out_fd = g_file_open_tmp ("ca-cli-out-XXXXXX", &out_path, NULL);
  int err_fd = g_file_open_tmp ("ca-cli-err-XXXXXX", &err_path, NULL);
  int null_fd = -1;
  struct rusage usage;
  gint64 start;
  GPid pid;
  va_list args;

  g_assert_nonnull (binary);
  g_assert_cmpint (out_fd, >=, 0);
  g_assert_cmpint (err_fd, >=, 0);
  g_ptr_array_add (argv, (char *) binary);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = g_environ_setenv (env, "XDG_DATA_HOME", data_home, TRUE);
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_setenv (env, "LANGUAGE", "en", TRUE);
  if (unprivileged)
    {
      env = g_environ_setenv (env, "HOME", g_get_tmp_dir (), TRUE);
      env = g_environ_setenv (env, "XDG_CACHE_HOME", g_get_tmp_dir (), TRUE);
    }
  if (stdin_fd < 0)
    stdin_fd = null_fd = g_open ("/dev/null", O_RDONLY, 0);

  start = g_get_monotonic_time ();
  g_spawn_async_with_pipes_and_fds (NULL, (const char * const *) argv->pdata,
                                    (const char * const *) env, G_SPAWN_DO_NOT_REAP_CHILD,
                                    unprivileged ? drop_privileges : NULL, NULL,
                                    stdin_fd, out_fd, err_fd, NULL, NULL, 0,
                                    &pid, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wait4 (pid, &cli->status, 0, &usage), ==, pid);
  cli->usec = g_get_monotonic_time () - start;
  cli->max_rss_kib = usage.ru_maxrss;
  g_spawn_close_pid (pid);
  if (null_fd >= 0)
    close (null_fd);

  cli->out = read_and_remove (out_fd, out_path);
  cli->err = read_and_remove (err_fd, err_path);
  g_test_message ("%s: exit %d in %" G_GINT64_FORMAT " ms, peak %ld KiB; %s",
                  first, WIFEXITED (cli->status) ? WEXITSTATUS (cli->status) : -1,
                  cli->usec / 1000, cli->max_rss_kib, cli->err);
}

typedef struct {
  char *dir;         /* data home: cluster-atlas/atlas.db */
  char *store;
  char *scratch;     /* FIFOs, feeds, outputs: writable by anyone */
} Home;

static void
home_set_up (Home *home)
{
  g_autofree char *store_dir = NULL;

  home->dir = g_dir_make_tmp ("ca-cli-home-XXXXXX", NULL);
  g_assert_nonnull (home->dir);
  store_dir = g_build_filename (home->dir, "cluster-atlas", NULL);
  home->store = g_build_filename (store_dir, "atlas.db", NULL);
  home->scratch = g_build_filename (home->dir, "scratch", NULL);
  g_assert_cmpint (g_mkdir (home->scratch, 0777), ==, 0);
  g_assert_cmpint (g_chmod (home->scratch, 01777), ==, 0);
  g_assert_cmpint (g_chmod (home->dir, 0755), ==, 0);
}

static void
home_tear_down (Home *home)
{
  g_autofree char *store_dir = g_path_get_dirname (home->store);

  g_chmod (store_dir, 0700);
  ca_test_remove_tree (home->dir);
  g_free (home->dir);
  g_free (home->store);
  g_free (home->scratch);
}

static char *
home_path (Home       *home,
           const char *name)
{
  return g_build_filename (home->scratch, name, NULL);
}

/* A store with the built-in feed and a star, closed, as the window leaves it */
static void
home_fill_store (Home *home)
{
  g_autoptr(CaStore) store = ca_test_open_store (home->store);
  g_autoptr(GError) error = NULL;

  ca_test_load_builtin (store);
  g_assert_true (ca_store_add_feed (store, "https://example.org/feed.json", &error));
  g_assert_no_error (error);
}

static char *
checksum_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static guint
count_set_aside (Home *home)
{
  g_autofree char *dir = g_path_get_dirname (home->store);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    n += strstr (name, ".corrupt") != NULL;
  return n;
}

static void
assert_refused_at_once (Cli        *cli,
                        const char *words)
{
  g_assert_cmpint (cli_exit_status (cli), ==, 1);
  g_assert_nonnull (strstr (cli->err, words));
  g_assert_cmpint (cli->usec, <, 5 * G_USEC_PER_SEC);
}

/* --validate-feed reads regular files only: a FIFO (no writer: opening it would
 * block), a folder and devices are refused at once; a symbolic link is followed */
static void
test_validate_not_regular (void)
{
  Home home = { 0 };
  g_autofree char *fifo = NULL;
  g_autofree char *link = NULL;
  g_autofree char *builtin = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                    "default-feed.json", NULL);
  Cli cli = { 0 };

  home_set_up (&home);
  fifo = home_path (&home, "fifo.json");
  link = home_path (&home, "link.json");
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  cli_run (&cli, home.dir, -1, FALSE, "--validate-feed", fifo, NULL);
  assert_refused_at_once (&cli, "is a named pipe, not a file");
  g_assert_nonnull (strstr (cli.err, fifo));
  cli_clear (&cli);

  cli_run (&cli, home.dir, -1, FALSE, "--validate-feed", home.scratch, NULL);
  assert_refused_at_once (&cli, "is a folder, not a file");
  cli_clear (&cli);

  cli_run (&cli, home.dir, -1, FALSE, "--validate-feed", "/dev/null", NULL);
  assert_refused_at_once (&cli, "/dev/null is a device, not a file");
  cli_clear (&cli);

  cli_run (&cli, home.dir, -1, FALSE, "--validate-feed", "/dev/zero", NULL);
  assert_refused_at_once (&cli, "/dev/zero is a device, not a file");
  g_assert_cmpint (cli.max_rss_kib, <, 200 * 1024);
  cli_clear (&cli);

  g_assert_cmpint (symlink (builtin, link), ==, 0);
  cli_run (&cli, home.dir, -1, FALSE, "--validate-feed", link, NULL);
  g_assert_cmpint (cli_exit_status (&cli), ==, 0);
  g_assert_true (g_str_has_prefix (cli.out, "3 clusters, 10 projects, "));
  cli_clear (&cli);

  home_tear_down (&home);
}

/* Refused at the size limit (128 MiB, the setting's default) with flat memory: a
 * 1 GiB sparse file before a byte is read, /dev/zero on standard input once 128 MiB
 * came; a feed on standard input is read whole */
static void
test_validate_limit (void)
{
  Home home = { 0 };
  g_autofree char *sparse = NULL;
  g_autofree char *builtin = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                    "default-feed.json", NULL);
  Cli small = { 0 };
  Cli cli = { 0 };
  int fd;

  home_set_up (&home);
  sparse = home_path (&home, "sparse.json");

  /* What the command needs anyway: a small feed from standard input */
  fd = g_open (builtin, O_RDONLY, 0);
  cli_run (&small, home.dir, fd, FALSE, "--validate-feed", "-", NULL);
  close (fd);
  g_assert_cmpint (cli_exit_status (&small), ==, 0);
  g_assert_true (g_str_has_prefix (small.out, "3 clusters, 10 projects, "));

  fd = g_open (sparse, O_WRONLY | O_CREAT, 0644);
  g_assert_cmpint (ftruncate (fd, (off_t) 1024 * MiB), ==, 0);
  close (fd);
  cli_run (&cli, home.dir, -1, FALSE, "--validate-feed", sparse, NULL);
  assert_refused_at_once (&cli, "is larger than the feed size limit of 128 MiB.");
  g_assert_cmpint (cli.max_rss_kib - small.max_rss_kib, <, 16 * 1024);
  cli_clear (&cli);

  /* Standard input without end: read up to the limit, never copied */
  fd = g_open ("/dev/zero", O_RDONLY, 0);
  cli_run (&cli, home.dir, fd, FALSE, "--validate-feed", "-", NULL);
  close (fd);
  g_assert_cmpint (cli_exit_status (&cli), ==, 1);
  g_assert_cmpstr (cli.err, ==, "standard input is larger than the feed size limit of 128 MiB.\n");
  g_assert_cmpint (cli.max_rss_kib - small.max_rss_kib, <, (128 + 48) * 1024);
  g_assert_cmpint (cli.usec, <, 20 * G_USEC_PER_SEC);
  cli_clear (&cli);

  cli_clear (&small);
  home_tear_down (&home);
}

/* A newer version's store: every command says so, what to do, exits 2, and the
 * file is the same byte for byte, not set aside */
static void
test_store_newer (void)
{
  static const char *commands[][2] = {
    { "--list-feeds", NULL },
    { "--export-ics", "events.ics" },
    { "--print-schedule", "schedule.pdf" },
    { "--sync", NULL },
    { "--add-feed", "https://example.com/feed.json" },
    { "--remove-feed", "https://example.org/feed.json" },
  };
  Home home = { 0 };
  g_autofree char *before = NULL;

  home_set_up (&home);
  home_fill_store (&home);
  ca_test_sql_exec (home.store, "PRAGMA user_version = 999");
  before = checksum_of (home.store);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *value = commands[i][1] == NULL ? NULL
                               : g_str_has_prefix (commands[i][1], "https:")
                               ? g_strdup (commands[i][1]) : home_path (&home, commands[i][1]);
      g_autofree char *after = NULL;
      Cli cli = { 0 };

      cli_run (&cli, home.dir, -1, FALSE, commands[i][0], value, NULL);
      g_assert_cmpint (cli_exit_status (&cli), ==, 2);
      g_assert_true (g_str_has_prefix (cli.err, "This data was written by a newer version of "
                                                "Cluster Atlas"));
      g_assert_nonnull (strstr (cli.err, home.store));
      g_assert_nonnull (strstr (cli.err, "Install the newer version"));
      g_assert_nonnull (strstr (cli.err, "move the file"));
      after = checksum_of (home.store);
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpuint (count_set_aside (&home), ==, 0);
      if (value != NULL && !g_str_has_prefix (value, "https:"))
        g_assert_false (g_file_test (value, G_FILE_TEST_EXISTS));
      cli_clear (&cli);
    }
  home_tear_down (&home);
}

/* A damaged store is set aside and rebuilt, and each command says where it went */
static void
test_store_corrupt (void)
{
  static const char *commands[][2] = {
    { "--list-feeds", NULL },
    { "--export-ics", "events.ics" },
    { "--print-schedule", "schedule.pdf" },
    { "--sync", NULL },
  };
  Home home = { 0 };

  home_set_up (&home);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *value = commands[i][1] != NULL ? home_path (&home, commands[i][1]) : NULL;
      g_autofree char *expected = g_strdup_printf ("has been set aside as %s.corrupt-",
                                                   home.store);
      g_autofree char *dir = g_path_get_dirname (home.store);
      Cli cli = { 0 };

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (home.store, "garbage, not a database: the header "
                                          "of an SQLite file is a hundred bytes, and this is "
                                          "more than that, so it is read and refused", -1, NULL));
      cli_run (&cli, home.dir, -1, FALSE, commands[i][0], value, NULL);
      g_assert_cmpint (cli_exit_status (&cli), ==, 0);
      g_assert_true (g_str_has_prefix (cli.err, "The offline data was damaged"));
      g_assert_nonnull (strstr (cli.err, expected));
      g_assert_cmpuint (count_set_aside (&home), ==, i + 1);
      cli_clear (&cli);
    }
  home_tear_down (&home);
}

/* Read-only commands on a store that cannot be written: the file and its folder
 * without write permission, and (as root, where the bits do not stop writes) the
 * command run as nobody; and with another process in a write transaction, so that
 * any write would wait and fail */
static void
test_store_read_only (void)
{
  Home home = { 0 };
  g_autofree char *store_dir = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Cli cli = { 0 };

  home_set_up (&home);
  home_fill_store (&home);
  store_dir = g_path_get_dirname (home.store);
  ics = home_path (&home, "events.ics");
  pdf = home_path (&home, "schedule.pdf");
  g_assert_cmpint (g_chmod (home.store, 0444), ==, 0);
  g_assert_cmpint (g_chmod (store_dir, 0555), ==, 0);
  before = checksum_of (home.store);

  for (guint locked = 0; locked < 2; locked++)
    {
      gboolean unprivileged = !locked;
      sqlite3 *writer = NULL;

      if (unprivileged && getuid () == 0 && !others_can_run (g_getenv ("CLUSTER_ATLAS")))
        {
          g_test_message ("as root, and nobody cannot reach %s: the run as nobody is not "
                          "tried (the run beside a writer is)", g_getenv ("CLUSTER_ATLAS"));
          continue;
        }

      if (locked)
        {
          /* Root writes where it likes: a writer in the middle of a transaction stops
           * every other write instead (for longer than the store's busy timeout) */
          g_assert_cmpint (g_chmod (store_dir, 0700), ==, 0);
          g_assert_cmpint (sqlite3_open (home.store, &writer), ==, SQLITE_OK);
          g_assert_cmpint (sqlite3_exec (writer, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==,
                           SQLITE_OK);
        }
      cli_run (&cli, home.dir, -1, unprivileged, "--list-feeds", NULL);
      g_assert_cmpint (cli_exit_status (&cli), ==, 0);
      g_assert_nonnull (strstr (cli.out, "https://example.org/feed.json"));
      g_assert_cmpstr (cli.err, ==, "");
      cli_clear (&cli);

      cli_run (&cli, home.dir, -1, unprivileged, "--export-ics", ics, NULL);
      g_assert_cmpint (cli_exit_status (&cli), ==, 0);
      g_assert_cmpstr (cli.err, ==, "");
      g_assert_true (g_file_test (ics, G_FILE_TEST_IS_REGULAR));
      g_assert_cmpint (cli.usec, <, 4 * G_USEC_PER_SEC);
      cli_clear (&cli);

      cli_run (&cli, home.dir, -1, unprivileged, "--print-schedule", pdf, NULL);
      g_assert_cmpint (cli_exit_status (&cli), ==, 0);
      g_assert_cmpstr (cli.err, ==, "");
      g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
      g_assert_cmpint (cli.usec, <, 4 * G_USEC_PER_SEC);
      cli_clear (&cli);
      g_unlink (ics);
      g_unlink (pdf);

      if (unprivileged)
        {
          /* A command that writes says why it cannot */
          cli_run (&cli, home.dir, -1, TRUE, "--add-feed", "https://example.com/feed.json",
                   NULL);
          g_assert_cmpint (cli_exit_status (&cli), ==, 1);
          g_assert_nonnull (strstr (cli.err, "cannot be written"));
          cli_clear (&cli);
        }
      if (writer != NULL)
        {
          sqlite3_exec (writer, "ROLLBACK", NULL, NULL, NULL);
          sqlite3_close (writer);
        }
      after = checksum_of (home.store);
      g_assert_cmpstr (after, ==, before);
      g_clear_pointer (&after, g_free);
    }
  home_tear_down (&home);
}

/* --store: a regular file (or none yet), after following links; a FIFO or a folder
 * is refused at once */
static void
test_store_option (void)
{
  Home home = { 0 };
  g_autofree char *fifo = NULL;
  g_autofree char *link = NULL;
  g_autofree char *fresh = NULL;
  Cli cli = { 0 };

  home_set_up (&home);
  home_fill_store (&home);
  fifo = home_path (&home, "fifo.db");
  link = home_path (&home, "link.db");
  fresh = home_path (&home, "fresh.db");
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink (home.store, link), ==, 0);

  cli_run (&cli, home.dir, -1, FALSE, "--store", fifo, "--list-feeds", NULL);
  assert_refused_at_once (&cli, "is a named pipe, not a file");
  cli_clear (&cli);
  cli_run (&cli, home.dir, -1, FALSE, "--store", home.scratch, "--list-feeds", NULL);
  assert_refused_at_once (&cli, "is a folder, not a file");
  cli_clear (&cli);

  cli_run (&cli, home.dir, -1, FALSE, "--store", link, "--list-feeds", NULL);
  g_assert_cmpint (cli_exit_status (&cli), ==, 0);
  g_assert_nonnull (strstr (cli.out, "https://example.org/feed.json"));
  cli_clear (&cli);

  /* None yet: made, with the built-in feed */
  cli_run (&cli, home.dir, -1, FALSE, "--store", fresh, "--list-feeds", NULL);
  g_assert_cmpint (cli_exit_status (&cli), ==, 0);
  g_assert_true (g_file_test (fresh, G_FILE_TEST_IS_REGULAR));
  cli_clear (&cli);
  home_tear_down (&home);
}

/* A FIFO is not added as a feed; a feed file that becomes a FIFO later ends --sync
 * at once, with the message */
static void
test_sync_fifo (void)
{
  Home home = { 0 };
  g_autofree char *fifo = NULL;
  Cli cli = { 0 };

  home_set_up (&home);
  fifo = home_path (&home, "feed.json");
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  cli_run (&cli, home.dir, -1, FALSE, "--add-feed", fifo, NULL);
  g_assert_cmpint (cli_exit_status (&cli), ==, 1);
  g_assert_nonnull (strstr (cli.err, "feed.json is a named pipe, not a file"));
  cli_clear (&cli);

  g_assert_cmpint (g_unlink (fifo), ==, 0);
  g_assert_true (g_file_set_contents (fifo, "{}", -1, NULL));
  cli_run (&cli, home.dir, -1, FALSE, "--add-feed", fifo, NULL);
  g_assert_cmpint (cli_exit_status (&cli), ==, 0);
  cli_clear (&cli);
  g_assert_cmpint (g_unlink (fifo), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  cli_run (&cli, home.dir, -1, FALSE, "--sync", NULL);
  g_assert_cmpint (cli_exit_status (&cli), ==, 1);
  g_assert_cmpint (cli.usec, <, 5 * G_USEC_PER_SEC);
  g_assert_true (g_str_has_prefix (cli.out, "failed     file://"));
  g_assert_nonnull (strstr (cli.out, "feed.json is a named pipe, not a file"));
  cli_clear (&cli);

  cli_run (&cli, home.dir, -1, FALSE, "--list-feeds", NULL);
  g_assert_nonnull (strstr (cli.out, "Last error: "));
  g_assert_nonnull (strstr (cli.out, "is a named pipe, not a file"));
  cli_clear (&cli);
  home_tear_down (&home);
}

/* }}} */

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
  g_test_add_func ("/command-line/validate/not-regular", test_validate_not_regular);
  g_test_add_func ("/command-line/validate/limit", test_validate_limit);
  g_test_add_func ("/command-line/store/newer", test_store_newer);
  g_test_add_func ("/command-line/store/corrupt", test_store_corrupt);
  g_test_add_func ("/command-line/store/read-only", test_store_read_only);
  g_test_add_func ("/command-line/store/option", test_store_option);
  g_test_add_func ("/command-line/sync/fifo", test_sync_fifo);

  return g_test_run ();
}
