/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-command-changes"

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "ca-store.h"
#include "ca-test-core.h"

/*
 * `cluster-atlas --changes [--since=DATE] [--starred]` as the real binary, with no
 * display, on a store this test fills: a feed imported, then imported again with an
 * event moved, one cancelled, one removed and one added. In English and in
 * Bulgarian (the test runs in bg_BG, tests/meson.build), in Sofia's time zone.
 */

#define FEED_KEY "https://changes.example.org/feed.json"

#define HEAD \
  "{\"format\": \"cluster-feed\", \"version\": 1," \
  " \"clusters\": [{\"id\": \"ict\", \"name\": \"ICT Cluster\"}]," \
  " \"events\": ["

static const char feed_v1[] =
  HEAD
  "  {\"id\": \"conf\", \"title\": {\"en\": \"National Cluster Conference\","
  "                                \"bg\": \"Национална клъстерна конференция\"},"
  "   \"start\": \"2026-03-26T10:00:00\", \"end\": \"2026-03-26T17:00:00\","
  "   \"timezone\": \"Europe/Sofia\"},"
  "  {\"id\": \"workshop\", \"title\": \"Cluster Workshop\","
  "   \"start\": \"2026-04-10T14:00:00+03:00\", \"venue\": \"ICT Hub\"},"
  "  {\"id\": \"meeting\", \"title\": \"Board Meeting\", \"start\": \"2026-04-15\"}"
  " ]}";

static const char feed_v2[] =
  HEAD
  "  {\"id\": \"conf\", \"title\": {\"en\": \"National Cluster Conference\","
  "                                \"bg\": \"Национална клъстерна конференция\"},"
  "   \"start\": \"2026-03-27T10:00:00\", \"end\": \"2026-03-27T17:00:00\","
  "   \"timezone\": \"Europe/Sofia\"},"
  "  {\"id\": \"workshop\", \"title\": \"Cluster Workshop\","
  "   \"start\": \"2026-04-10T14:00:00+03:00\", \"venue\": \"ICT Hub\","
  "   \"status\": \"cancelled\"},"
  "  {\"id\": \"academy\", \"title\": \"Export Academy\", \"start\": \"2026-05-20\"}"
  " ]}";

static char *home;          /* XDG_DATA_HOME of every run */
static char *store_path;

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

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs the app in language ("en" or "bg") with args after --store */
static void
run_app (Run         *run,
         const char  *language,
         const char  *first,
         ...)
{
  const char *binary = g_getenv ("CLUSTER_ATLAS");
  const char *bg_locale = g_getenv ("CA_TEST_LOCALE");
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  gboolean bg = g_str_equal (language, "bg");
  va_list args;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, g_strdup (binary));
  g_ptr_array_add (argv, g_strconcat ("--store=", store_path, NULL));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = g_environ_unsetenv (env, "G_DEBUG");
  env = g_environ_setenv (env, "XDG_DATA_HOME", home, TRUE);
  env = g_environ_setenv (env, "TZ", "Europe/Sofia", TRUE);
  env = g_environ_setenv (env, "LANGUAGE", language, TRUE);
  env = g_environ_setenv (env, "LC_ALL", bg && bg_locale != NULL ? bg_locale : "C.UTF-8", TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &run->status, &error);
  g_assert_no_error (error);
  g_test_message ("out: %s\nerr: %s", run->out, run->err);
}

static int
exit_status (Run *run)
{
  g_assert_true (WIFEXITED (run->status));
  return WEXITSTATUS (run->status);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

/* The store: the built-in feed, the feed's two versions, the conference starred */
static void
make_store (void)
{
  g_autoptr(CaStore) store = ca_test_open_store (store_path);
  g_autoptr(GBytes) builtin = ca_test_builtin_bytes ();
  g_autoptr(GBytes) v1 = g_bytes_new_static (feed_v1, strlen (feed_v1));
  g_autoptr(GBytes) v2 = g_bytes_new_static (feed_v2, strlen (feed_v2));
  g_autoptr(GError) error = NULL;

  g_assert_true (ca_store_ensure_builtin (store, builtin, &error));
  g_assert_no_error (error);
  ca_test_load_feed (store, FEED_KEY, v1);
  ca_test_load_feed (store, FEED_KEY, v2);
  g_assert_true (ca_store_set_starred (store, FEED_KEY, "conf", TRUE, &error));
}

static void
test_english (void)
{
  g_auto(Run) run = { 0 };

  run_app (&run, "en", "--changes", NULL);
  g_assert_cmpint (exit_status (&run), ==, 0);
  g_assert_cmpuint (count_lines (run.out), ==, 4);
  /* The starred event first */
  g_assert_nonnull (strstr (run.out, "  Moved: “National Cluster Conference”"));
  g_assert_true (strstr (run.out, "  Moved: “National Cluster Conference”") <
                 strstr (run.out, "Cluster Workshop"));
  ca_test_assert_contains (run.out, "Moved: “National Cluster Conference”: Moved from "
                                    "26 March 2026, 10:00–17:00 to 27 March 2026, 10:00–17:00\n");
  ca_test_assert_contains (run.out, "Cancelled: “Cluster Workshop”: Status: Scheduled → "
                                    "Cancelled\n");
  ca_test_assert_contains (run.out, "Removed: “Board Meeting”: Removed from the feed: "
                                    "15 April 2026\n");
  ca_test_assert_contains (run.out, "New: “Export Academy”: Added: 20 May 2026\n");
  g_assert_cmpstr (run.err, ==, "");
}

static void
test_starred (void)
{
  g_auto(Run) run = { 0 };

  run_app (&run, "en", "--changes", "--starred", NULL);
  g_assert_cmpint (exit_status (&run), ==, 0);
  g_assert_cmpuint (count_lines (run.out), ==, 1);
  ca_test_assert_contains (run.out, "“National Cluster Conference”: Moved from");
}

static void
test_since (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) before = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(Run) alone = { 0 };

  /* The log was written today: nothing from next year on, all of it from 2020 */
  run_app (&run, "en", "--changes", "--since=2099-01-01", NULL);
  g_assert_cmpint (exit_status (&run), ==, 0);
  g_assert_cmpstr (run.out, ==, "No changes.\n");
  run_app (&before, "en", "--changes", "--since=2020-01-01T00:00:00Z", NULL);
  g_assert_cmpint (exit_status (&before), ==, 0);
  g_assert_cmpuint (count_lines (before.out), ==, 4);

  run_app (&bad, "en", "--changes", "--since=yesterday", NULL);
  g_assert_cmpint (exit_status (&bad), ==, 1);
  g_assert_cmpstr (bad.out, ==, "");
  g_assert_cmpstr (bad.err, ==, "--since: expected a date as YYYY-MM-DD, got “yesterday”\n");

  run_app (&alone, "en", "--since=2020-01-01", NULL);
  g_assert_cmpint (exit_status (&alone), ==, 1);
  g_assert_cmpstr (alone.err, ==, "--since goes with --changes\n");
}

static void
test_bulgarian (void)
{
  g_auto(Run) run = { 0 };

  if (g_getenv ("CA_TEST_LOCALE") == NULL)
    {
      ca_test_skip_or_fail ("not run through run-in-locale.sh: no Bulgarian locale");
      return;
    }
  run_app (&run, "bg", "--changes", NULL);
  g_assert_cmpint (exit_status (&run), ==, 0);
  g_assert_cmpuint (count_lines (run.out), ==, 4);
  ca_test_assert_contains (run.out, "Преместено: „Национална клъстерна конференция“: "
                                    "Преместено от 26 март 2026");
  ca_test_assert_contains (run.out, "27 март 2026");
  ca_test_assert_contains (run.out, "Отменено: „Cluster Workshop“: Статус: Насрочено → Отменено");
  ca_test_assert_contains (run.out, "Ново: „Export Academy“: Добавено: 20 май 2026");
}

/* --export-ics --starred still exports the starred events, --changes or not */
static void
test_export_starred (void)
{
  g_auto(Run) run = { 0 };

  run_app (&run, "en", "--export-ics=-", "--starred", NULL);
  g_assert_cmpint (exit_status (&run), ==, 0);
  ca_test_assert_contains (run.out, "BEGIN:VCALENDAR\r\n");
  ca_test_assert_contains (run.out, "SUMMARY:National Cluster Conference\r\n");
  ca_test_assert_contains (run.out, "DTSTART:20260327T080000Z\r\n");
  g_assert_null (strstr (run.out, "Cluster Workshop"));
}

/* A store with no log yet: the built-in feed's first load is no change */
static void
test_empty (void)
{
  g_autofree char *saved = g_steal_pointer (&store_path);
  g_auto(Run) run = { 0 };

  store_path = g_build_filename (home, "empty.db", NULL);
  run_app (&run, "en", "--changes", NULL);
  g_assert_cmpint (exit_status (&run), ==, 0);
  g_assert_cmpstr (run.out, ==, "No changes.\n");
  g_free (store_path);
  store_path = g_steal_pointer (&saved);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  ca_test_store_init (&argc, &argv);
  home = g_dir_make_tmp ("ca-command-changes-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (home, "atlas.db", NULL);
  make_store ();

  g_test_add_func ("/command-changes/english", test_english);
  g_test_add_func ("/command-changes/starred", test_starred);
  g_test_add_func ("/command-changes/since", test_since);
  g_test_add_func ("/command-changes/bulgarian", test_bulgarian);
  g_test_add_func ("/command-changes/export-starred", test_export_starred);
  g_test_add_func ("/command-changes/empty", test_empty);

  status = g_test_run ();
  ca_test_remove_tree (home);
  g_free (store_path);
  g_free (home);
  return status;
}
