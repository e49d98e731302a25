/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-print-command"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "ca-feed-parser.h"
#include "ca-test-core.h"
#include "ca-text.h"

/*
 * --print-schedule and --export-ics run as the real binary with no display, on a
 * fresh store that holds the built-in feed; the PDF is read back with pdftotext and
 * pdfinfo (poppler-utils). Bulgarian and German dates need their locales: they are
 * built with localedef into a temporary LOCPATH, as tools/screenshots does.
 */

static char *locales_dir;     /* LOCPATH with bg_BG.UTF-8 and de_DE.UTF-8, or NULL */
static gboolean have_bg, have_de;

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
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_dir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Runs the app with args in a language ("en", "bg", "de") and a fresh store */
static void
run_app (Run         *run,
         const char  *language,
         const char **args)
{
  const char *binary = g_getenv ("CLUSTER_ATLAS");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *data_home = g_dir_make_tmp ("ca-print-XXXXXX", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *locale = "C.UTF-8";

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (char *) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  if (g_str_equal (language, "bg") && have_bg)
    locale = "bg_BG.UTF-8";
  else if (g_str_equal (language, "de") && have_de)
    locale = "de_DE.UTF-8";

  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = g_environ_setenv (env, "XDG_DATA_HOME", data_home, TRUE);
  env = g_environ_setenv (env, "LC_ALL", locale, TRUE);
  env = g_environ_setenv (env, "LANGUAGE", language, TRUE);
  /* A4, whatever the locale says */
  env = g_environ_setenv (env, "LC_PAPER", locale, TRUE);
  if (locales_dir != NULL)
    env = g_environ_setenv (env, "LOCPATH", locales_dir, TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &run->status, &error);
  g_assert_no_error (error);
  remove_dir (data_home);
}

static char *
tool_output (const char *tool,
             const char *path)
{
  const char *argv[] = { tool, path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  if (g_str_equal (tool, "pdfinfo"))
    argv[2] = NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The PDF's text with every run of white space one space, as a wrapped title reads */
static char *
pdf_text (const char *path)
{
  g_autofree char *text = tool_output ("pdftotext", path);
  g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);

  return g_regex_replace_literal (space, text, -1, 0, " ", 0, NULL);
}

static guint
pdf_pages (const char *path)
{
  g_autofree char *info = tool_output ("pdfinfo", path);
  const char *p = strstr (info, "Pages:");

  g_assert_nonnull (p);
  return (guint) g_ascii_strtoull (p + strlen ("Pages:"), NULL, 10);
}

/* The built-in feed's event titles in a language, in the store's order (by start) */
static GPtrArray *
builtin_titles (const char *language)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "default-feed.json", NULL);
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(GPtrArray) events = NULL;
  const char *languages[] = { language, NULL };
  GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  feed = ca_feed_parser_parse (parser, bytes, "builtin", &error);
  g_assert_no_error (error);
  events = g_ptr_array_copy (feed->events, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (events, g_object_unref);
  for (guint i = 1; i < events->len; i++)
    for (guint k = i; k > 0; k--)
      {
        CaEvent *a = events->pdata[k - 1], *b = events->pdata[k];
        if (a->start <= b->start)
          break;
        events->pdata[k - 1] = b;
        events->pdata[k] = a;
      }
  for (guint i = 0; i < events->len; i++)
    g_ptr_array_add (titles, ca_text_for_languages (((CaEvent *) events->pdata[i])->title,
                                                    languages));
  return titles;
}

static void
assert_titles_in_order (const char *text,
                        GPtrArray  *titles)
{
  const char *p = text;

  for (guint i = 0; i < titles->len; i++)
    {
      const char *found = strstr (p, titles->pdata[i]);

      if (found == NULL)
        g_error ("title %u \"%s\" is not in the PDF after the previous one", i,
                 (const char *) titles->pdata[i]);
      p = found + strlen (titles->pdata[i]);
    }
}

static char *
temp_path (const char *name)
{
  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
print_builtin (const char *language,
               char      **text,
               guint      *n_pages)
{
  g_autofree char *out = temp_path ("ca-print-builtin.pdf");
  g_autofree char *arg = g_strconcat ("--print-schedule=", out, NULL);
  const char *args[] = { arg, NULL };
  Run run = { 0 };

  g_unlink (out);
  run_app (&run, language, args);
  if (!g_spawn_check_wait_status (run.status, NULL))
    g_error ("exit %d: %s", run.status, run.err);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  *text = pdf_text (out);
  *n_pages = pdf_pages (out);
  g_unlink (out);
  run_clear (&run);
}

static void
test_builtin_english (void)
{
  g_autoptr(GPtrArray) titles = builtin_titles ("en");
  g_autofree char *text = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  guint n_pages;

  print_builtin ("en", &text, &n_pages);
  g_assert_cmpuint (titles->len, ==, 15);
  assert_titles_in_order (text, titles);
  g_assert_cmpuint (n_pages, >=, 1);
  first = g_strdup_printf ("Page 1 of %u", n_pages);
  last = g_strdup_printf ("Page %u of %u", n_pages, n_pages);
  g_assert_nonnull (strstr (text, first));
  g_assert_nonnull (strstr (text, last));
  g_assert_nonnull (strstr (text, "Event schedule"));
  g_assert_nonnull (strstr (text, "Tuesday, 26 March 2019"));
  g_assert_nonnull (strstr (text, "Cluster Atlas built-in data"));
  g_assert_nonnull (strstr (text, "Data as of "));
}

static void
test_builtin_bulgarian (void)
{
  g_autoptr(GPtrArray) titles = builtin_titles ("bg");
  g_autofree char *text = NULL;
  g_autofree char *first = NULL;
  guint n_pages;

  print_builtin ("bg", &text, &n_pages);
  /* Cyrillic from the feed, intact and in order */
  g_assert_nonnull (strstr (titles->pdata[0], "Учредително събрание"));
  assert_titles_in_order (text, titles);
  first = g_strdup_printf ("Страница 1 от %u", n_pages);
  g_assert_nonnull (strstr (text, first));
  g_assert_nonnull (strstr (text, "График на събитията"));
  if (!have_bg)
    {
      ca_test_skip_or_fail ("no bg_BG.UTF-8 locale (localedef or Debian's locales package "
                            "is missing): Bulgarian dates not checked");
      return;
    }
  g_assert_nonnull (strstr (text, "вторник, 26 март 2019 г."));
  g_assert_nonnull (strstr (text, "Цял ден"));
}

static void
test_builtin_german (void)
{
  g_autofree char *text = NULL;
  guint n_pages;

  if (!have_de)
    {
      ca_test_skip_or_fail ("no de_DE.UTF-8 locale (localedef or Debian's locales package "
                            "is missing)");
      return;
    }
  print_builtin ("de", &text, &n_pages);
  g_assert_nonnull (strstr (text, "Dienstag, 26. März 2019"));
  g_assert_nonnull (strstr (text, "Seite 1 von"));
}

/* The filters of the window, on the command line */
static void
test_filters (void)
{
  g_autofree char *out = temp_path ("ca-print-filters.pdf");
  g_autofree char *arg = g_strconcat ("--print-schedule=", out, NULL);
  const char *args[] = { arg, "--from=2019-01-01", "--to=2019-12-31", "--cluster=ict-cluster",
                         "--paper=letter", NULL };
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  Run run = { 0 };

  run_app (&run, "en", args);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_true (g_str_has_suffix (run.out, ": 1 page, 5 events\n"));
  text = pdf_text (out);
  info = tool_output ("pdfinfo", out);
  g_unlink (out);

  g_assert_nonnull (strstr (text, "Event schedule — ICT Cluster — 1 January 2019 – "
                                  "31 December 2019"));
  g_assert_nonnull (strstr (text, "ADMA 2-day training"));
  g_assert_nonnull (strstr (text, "Sofia Business School"));
  /* Not of the ICT Cluster, or not in 2019 */
  g_assert_null (strstr (text, "National Cluster Conference"));
  g_assert_null (strstr (text, "BOWI"));
  g_assert_nonnull (strstr (info, "612 x 792 pts"));
  run_clear (&run);
}

static guint
count (const char *text,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_export_ics (void)
{
  g_autofree char *out = temp_path ("ca-export.ics");
  g_autofree char *arg = g_strconcat ("--export-ics=", out, NULL);
  const char *all[] = { arg, NULL };
  const char *month[] = { arg, "--from=2019-03-01", "--to=2019-03-31", NULL };
  const char *starred[] = { arg, "--starred", NULL };
  g_autofree char *ics = NULL;
  Run run = { 0 };

  run_app (&run, "en", all);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_true (g_file_get_contents (out, &ics, NULL, NULL));
  g_assert_cmpuint (count (ics, "\r\nBEGIN:VEVENT\r\n"), ==, 15);
  g_assert_true (g_str_has_prefix (ics, "BEGIN:VCALENDAR\r\n"));
  g_assert_true (g_str_has_suffix (ics, "END:VCALENDAR\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nDTSTART;VALUE=DATE:20190326\r\nDTEND;VALUE=DATE:20190328\r\n"));
  g_clear_pointer (&ics, g_free);
  run_clear (&run);

  run_app (&run, "en", month);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_true (g_file_get_contents (out, &ics, NULL, NULL));
  g_assert_cmpuint (count (ics, "BEGIN:VEVENT"), ==, 1);
  g_clear_pointer (&ics, g_free);
  run_clear (&run);

  /* A fresh store has no stars */
  run_app (&run, "en", starred);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_true (g_file_get_contents (out, &ics, NULL, NULL));
  g_assert_cmpuint (count (ics, "BEGIN:VEVENT"), ==, 0);
  run_clear (&run);
  g_unlink (out);
}

/* Bad input: a clear message, exit status 1, and the file already there untouched */
static void
test_bad_input (void)
{
  g_autofree char *out = temp_path ("ca-print-bad.pdf");
  g_autofree char *arg = g_strconcat ("--print-schedule=", out, NULL);
  const char *bad_date[] = { arg, "--from=tomorrow", NULL };
  const char *reversed[] = { arg, "--from=2020-01-01", "--to=2019-01-01", NULL };
  const char *no_cluster[] = { arg, "--cluster=no-such-cluster", NULL };
  const char *no_command[] = { "--starred", NULL };
  const char *bad_paper[] = { arg, "--paper=a3", NULL };
  const char *unwritable[] = { "--print-schedule=/nonexistent/dir/out.pdf", NULL };
  struct { const char **args; const char *message; } cases[] = {
    { bad_date, "--from: expected a date as YYYY-MM-DD, got “tomorrow”" },
    { reversed, "--from is after --to" },
    { no_cluster, "--cluster: no cluster has the id “no-such-cluster”" },
    { no_command, "go with --print-schedule or --export-ics" },
    { bad_paper, "--paper: expected a4 or letter, got “a3”" },
    { unwritable, "/nonexistent/dir/out.pdf: cannot write:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *kept = NULL;
      Run run = { 0 };

      g_assert_true (g_file_set_contents (out, "earlier file", -1, NULL));
      run_app (&run, "en", cases[i].args);
      g_assert_true (WIFEXITED (run.status));
      g_assert_cmpint (WEXITSTATUS (run.status), ==, 1);
      if (strstr (run.err, cases[i].message) == NULL)
        g_error ("case %u: \"%s\" not in \"%s\"", i, cases[i].message, run.err);
      g_assert_true (g_file_get_contents (out, &kept, NULL, NULL));
      g_assert_cmpstr (kept, ==, "earlier file");
      run_clear (&run);
    }
  g_unlink (out);
}

/* Builds a locale into locales_dir; FALSE when the machine cannot */
static gboolean
build_locale (const char *name)
{
  g_autofree char *target = g_strconcat (locales_dir, "/", name, ".UTF-8", NULL);
  const char *argv[] = { "localedef", "-i", name, "-f", "UTF-8", target, NULL };
  int status = 1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;
  /* localedef exits 1 on warnings, with the locale written */
  return g_file_test (target, G_FILE_TEST_IS_DIR);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  locales_dir = g_dir_make_tmp ("ca-locales-XXXXXX", NULL);
  have_bg = build_locale ("bg_BG");
  have_de = build_locale ("de_DE");

  g_test_add_func ("/print-command/builtin/english", test_builtin_english);
  g_test_add_func ("/print-command/builtin/bulgarian", test_builtin_bulgarian);
  g_test_add_func ("/print-command/builtin/german", test_builtin_german);
  g_test_add_func ("/print-command/filters", test_filters);
  g_test_add_func ("/print-command/export-ics", test_export_ics);
  g_test_add_func ("/print-command/bad-input", test_bad_input);

  status = g_test_run ();
  remove_dir (locales_dir);
  g_free (locales_dir);
  return status;
}
