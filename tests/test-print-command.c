/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-print-command"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* Runs the app with args in a language ("en", "bg", "de"), on the store under
 * data_home (NULL: a fresh one, removed after), with the environment's extra
 * variables (NAME=VALUE; may be NULL) and child_setup run before exec */
static void
run_app_full (Run                  *run,
              const char           *language,
              const char          **args,
              const char           *data_home,
              const char * const   *extra_env,
              GSpawnChildSetupFunc  child_setup)
{
  const char *binary = g_getenv ("CLUSTER_ATLAS");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *own_home = data_home == NULL ? g_dir_make_tmp ("ca-print-XXXXXX", NULL)
                                                : NULL;
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
  env = g_environ_setenv (env, "XDG_DATA_HOME", data_home != NULL ? data_home : own_home, TRUE);
  env = g_environ_setenv (env, "LC_ALL", locale, TRUE);
  env = g_environ_setenv (env, "LANGUAGE", language, TRUE);
  /* A4, whatever the locale says */
  env = g_environ_setenv (env, "LC_PAPER", locale, TRUE);
  if (locales_dir != NULL)
    env = g_environ_setenv (env, "LOCPATH", locales_dir, TRUE);
  for (guint i = 0; extra_env != NULL && extra_env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (extra_env[i], "=", 2);

      env = g_environ_setenv (env, pair[0], pair[1], TRUE);
    }

  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, child_setup, NULL,
                &run->out, &run->err, &run->status, &error);
  g_assert_no_error (error);
  if (own_home != NULL)
    remove_dir (own_home);
}

/* Runs the app with args in a language ("en", "bg", "de") and a fresh store */
static void
run_app (Run         *run,
         const char  *language,
         const char **args)
{
  run_app_full (run, language, args, NULL, NULL, NULL);
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

static void
assert_exit (Run *run,
             int  code)
{
  if (!WIFEXITED (run->status) || WEXITSTATUS (run->status) != code)
    g_error ("expected exit %d, got status %d: %s%s", code, run->status, run->err, run->out);
}

static void
assert_err (Run        *run,
            const char *message)
{
  if (strstr (run->err, message) == NULL)
    g_error ("\"%s\" not in \"%s\"", message, run->err);
}

/* The names in a folder, sorted, space-separated: no temporary file may be left */
static char *
listing (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, (char *) name);
  g_ptr_array_sort_values (names, (GCompareFunc) strcmp);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
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

  /* A fresh store has no stars: nothing to export, said, and the file left as it was */
  run_app (&run, "en", starred);
  assert_exit (&run, 1);
  assert_err (&run, "No starred events\n");
  assert_err (&run, "Star an event with “Add to My Schedule” on its page in the Calendar.");
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_file_get_contents (out, &ics, NULL, NULL));
  g_assert_cmpuint (count (ics, "BEGIN:VEVENT"), ==, 1);
  g_clear_pointer (&ics, g_free);
  run_clear (&run);
  g_unlink (out);
}

/* --starred with a star: the starred event only; with a range that misses it, the
 * range in the message */
static void
test_export_starred (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ca-starred-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (dir, "data", NULL);
  g_autofree char *db = g_build_filename (data_home, "cluster-atlas", "atlas.db", NULL);
  g_autofree char *out = g_build_filename (dir, "starred.ics", NULL);
  g_autofree char *arg = g_strconcat ("--export-ics=", out, NULL);
  const char *starred[] = { arg, "--starred", NULL };
  const char *elsewhen[] = { arg, "--starred", "--from=2026-03-01", "--to=2026-03-31", NULL };
  g_autofree char *ics = NULL;
  Run run = { 0 };

  g_assert_cmpint (g_mkdir (data_home, 0700), ==, 0);
  /* The first run loads the built-in feed into the store */
  run_app_full (&run, "en", starred, data_home, NULL, NULL);
  assert_exit (&run, 1);
  run_clear (&run);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  {
    g_autoptr(CaStore) store = ca_test_open_store (db);

    g_assert_true (ca_store_set_starred (store, CA_FEED_BUILTIN,
                                         "national-cluster-conference-2019", TRUE, NULL));
  }

  run_app_full (&run, "en", starred, data_home, NULL, NULL);
  assert_exit (&run, 0);
  g_assert_true (g_str_has_suffix (run.out, ": 1 event\n"));
  g_assert_true (g_file_get_contents (out, &ics, NULL, NULL));
  g_assert_cmpuint (count (ics, "BEGIN:VEVENT"), ==, 1);
  g_assert_nonnull (strstr (ics, "National Cluster Conference"));
  run_clear (&run);

  g_assert_true (g_file_set_contents (out, "earlier file", -1, NULL));
  run_app_full (&run, "en", elsewhen, data_home, NULL, NULL);
  assert_exit (&run, 1);
  assert_err (&run, "No starred events between 1 March 2026 and 31 March 2026\n");
  /* There are stars: no hint how to star */
  g_assert_null (strstr (run.err, "Add to My Schedule"));
  g_clear_pointer (&ics, g_free);
  g_assert_true (g_file_get_contents (out, &ics, NULL, NULL));
  g_assert_cmpstr (ics, ==, "earlier file");
  run_clear (&run);
  remove_dir (dir);
}

/* A range with no event: print and export say so in the user's language and date
 * format, exit 1, and write nothing: no file made, an existing one left untouched */
static void
test_empty_range (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ca-empty-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "march.pdf", NULL);
  g_autofree char *ics = g_build_filename (dir, "march.ics", NULL);
  g_autofree char *print = g_strconcat ("--print-schedule=", pdf, NULL);
  g_autofree char *export = g_strconcat ("--export-ics=", ics, NULL);
  const char *both[] = { "--from=2026-03-01", "--to=2026-03-31", NULL };
  const char *one_day[] = { "--from=2026-03-02", "--to=2026-03-02", NULL };
  const char *from_only[] = { "--from=2026-03-01", NULL };
  const char *to_only[] = { "--to=2011-12-31", NULL };
  const char *cluster[] = { "--cluster=ict-cluster", "--from=2022-01-01", NULL };
  struct {
    const char  *language;
    const char **range;
    const char  *message;
  } cases[] = {
    { "en", both, "No events between 1 March 2026 and 31 March 2026\n" },
    { "en", one_day, "No events on 2 March 2026\n" },
    { "en", from_only, "No events from 1 March 2026 on\n" },
    { "en", to_only, "No events until 31 December 2011\n" },
    { "en", cluster, "No events from 1 January 2022 on\n" },
    { "bg", both, "Няма събития между 1 март 2026 и 31 март 2026\n" },
    { "de", both, "Keine Veranstaltungen zwischen dem 1. März 2026 und dem 31. März 2026\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint k = 0; k < 2; k++)
      {
        const char *path = k == 0 ? pdf : ics;
        g_autoptr(GPtrArray) args = g_ptr_array_new ();
        g_autofree char *kept = NULL;
        Run run = { 0 };

        if ((g_str_equal (cases[i].language, "bg") && !have_bg) ||
            (g_str_equal (cases[i].language, "de") && !have_de))
          {
            ca_test_skip_or_fail ("no bg_BG.UTF-8 or de_DE.UTF-8 locale: the dates of the "
                                  "message in that language are not checked");
            continue;
          }
        g_ptr_array_add (args, k == 0 ? print : export);
        for (guint a = 0; cases[i].range[a] != NULL; a++)
          g_ptr_array_add (args, (char *) cases[i].range[a]);
        g_ptr_array_add (args, NULL);

        /* No file there: none made */
        g_unlink (path);
        run_app (&run, cases[i].language, (const char **) args->pdata);
        assert_exit (&run, 1);
        if (g_strcmp0 (run.err, cases[i].message) != 0)
          g_error ("case %u, %s: \"%s\" where \"%s\" was expected", i, path, run.err,
                   cases[i].message);
        g_assert_cmpstr (run.out, ==, "");
        g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
        run_clear (&run);

        /* A file there: left as it was */
        g_assert_true (g_file_set_contents (path, "earlier file", -1, NULL));
        run_app (&run, cases[i].language, (const char **) args->pdata);
        assert_exit (&run, 1);
        g_assert_true (g_file_get_contents (path, &kept, NULL, NULL));
        g_assert_cmpstr (kept, ==, "earlier file");
        g_unlink (path);
        run_clear (&run);
      }
  {
    g_autofree char *names = listing (dir);
    g_assert_cmpstr (names, ==, "");
  }
  remove_dir (dir);
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
  const char *empty_print[] = { "--print-schedule=", NULL };
  const char *empty_export[] = { "--export-ics=", NULL };
  struct { const char **args; const char *message; } cases[] = {
    { bad_date, "--from: expected a date as YYYY-MM-DD, got “tomorrow”" },
    { reversed, "--from is after --to" },
    { no_cluster, "--cluster: no cluster has the id “no-such-cluster”" },
    { no_command, "go with --print-schedule or --export-ics" },
    { bad_paper, "--paper: expected a4 or letter, got “a3”" },
    { unwritable, "/nonexistent/dir/out.pdf: cannot create a file in its folder:" },
    { empty_print, ": no file name was given" },
    { empty_export, ": no file name was given" },
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

/* {{{ Where the output goes (issue 14): CaOutput's rules, through the real binary */

/* A 0600 file behind a symbolic link: the file gets the PDF (then the .ics), stays
 * 0600, and the link stays a link */
static void
test_output_kept (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ca-out-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "private.pdf", NULL);
  g_autofree char *link = g_build_filename (dir, "link.pdf", NULL);
  g_autofree char *print = g_strconcat ("--print-schedule=", link, NULL);
  g_autofree char *export = g_strconcat ("--export-ics=", link, NULL);
  const char *print_args[] = { print, NULL };
  const char *export_args[] = { export, NULL };
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  GStatBuf st;
  Run run = { 0 };

  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_cmpint (g_chmod (target, 0600), ==, 0);
  g_assert_cmpint (symlink ("private.pdf", link), ==, 0);

  run_app (&run, "en", print_args);
  assert_exit (&run, 0);
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  run_clear (&run);
  g_clear_pointer (&contents, g_free);

  run_app (&run, "en", export_args);
  assert_exit (&run, 0);
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "BEGIN:VCALENDAR\r\n"));
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  names = listing (dir);
  g_assert_cmpstr (names, ==, "link.pdf private.pdf");
  run_clear (&run);
  remove_dir (dir);
}

/* A FIFO (no reader: opening it would block), a folder and /dev/full: refused by
 * print and export at once, with a message, and still what they were */
static void
test_output_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ca-out-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.pdf", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder.pdf", NULL);
  struct { const char *path; const char *message; } cases[] = {
    { fifo, "it is a named pipe (FIFO), not a regular file; nothing was written to it" },
    { folder, "it is a folder, not a file" },
    { "/dev/full", "it is a device, not a regular file; nothing was written to it" },
  };
  GStatBuf st;

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint k = 0; k < 2; k++)
      {
        g_autofree char *arg = g_strconcat (k == 0 ? "--print-schedule=" : "--export-ics=",
                                            cases[i].path, NULL);
        g_autofree char *message = g_strdup_printf ("%s: %s", cases[i].path, cases[i].message);
        const char *args[] = { arg, NULL };
        Run run = { 0 };

        run_app (&run, "en", args);
        assert_exit (&run, 1);
        assert_err (&run, message);
        run_clear (&run);
      }
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpint (g_lstat (folder, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpint (g_lstat ("/dev/full", &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
  {
    g_autofree char *names = listing (dir);
    g_assert_cmpstr (names, ==, "fifo.pdf folder.pdf");
  }
  remove_dir (dir);
}

/* A device node made with mknod in a temporary folder (as root): refused by print
 * and export, and a device afterwards */
static void
test_output_device (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *node = NULL;
  GStatBuf st;

  if (geteuid () != 0)
    {
      ca_test_skip_or_fail ("not root: mknod needs root, the device node case is not tried");
      return;
    }
  dir = g_dir_make_tmp ("ca-out-XXXXXX", NULL);
  node = g_build_filename (dir, "full.pdf", NULL);
  /* /dev/full's numbers: were it opened, every write would fail */
  g_assert_cmpint (mknod (node, S_IFCHR | 0666, makedev (1, 7)), ==, 0);
  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *arg = g_strconcat (k == 0 ? "--print-schedule=" : "--export-ics=",
                                          node, NULL);
      g_autofree char *message = g_strdup_printf ("%s: it is a device, not a regular file",
                                                  node);
      const char *args[] = { arg, NULL };
      Run run = { 0 };

      run_app (&run, "en", args);
      assert_exit (&run, 1);
      assert_err (&run, message);
      run_clear (&run);
      g_assert_cmpint (g_lstat (node, &st), ==, 0);
      g_assert_true (S_ISCHR (st.st_mode));
      g_assert_cmpuint (major (st.st_rdev), ==, 1);
      g_assert_cmpuint (minor (st.st_rdev), ==, 7);
    }
  {
    g_autofree char *names = listing (dir);
    g_assert_cmpstr (names, ==, "full.pdf");
  }
  remove_dir (dir);
}

/* "-": the PDF and the .ics on standard output, the summary on standard error */
static void
test_output_stdout (void)
{
  const char *print[] = { "--print-schedule=-", NULL };
  const char *export[] = { "--export-ics=-", NULL };
  Run run = { 0 };

  run_app (&run, "en", print);
  assert_exit (&run, 0);
  g_assert_true (g_str_has_prefix (run.out, "%PDF-"));
  assert_err (&run, "-: 2 pages, 15 events");
  run_clear (&run);

  run_app (&run, "en", export);
  assert_exit (&run, 0);
  g_assert_true (g_str_has_prefix (run.out, "BEGIN:VCALENDAR\r\n"));
  g_assert_true (g_str_has_suffix (run.out, "END:VCALENDAR\r\n"));
  assert_err (&run, "-: 15 events");
  run_clear (&run);
}

/* Standard output that is a full disk (/dev/full): exit 1 with why. (A regular file
 * that fills up half way is test-output's /output/write-fails: here the store itself
 * would hit any file size limit first.) */
static void
test_output_disk_full (void)
{
  const char *commands[] = { "--export-ics=-", "--print-schedule=-" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *data_home = g_dir_make_tmp ("ca-print-XXXXXX", NULL);
      g_autofree char *line = g_strdup_printf ("exec \"$CLUSTER_ATLAS\" %s >/dev/full",
                                               commands[i]);
      const char *argv[] = { "/bin/sh", "-c", line, NULL };
      g_auto(GStrv) env = g_get_environ ();
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;
      int status;

      env = g_environ_setenv (env, "XDG_DATA_HOME", data_home, TRUE);
      env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
      env = g_environ_unsetenv (env, "DISPLAY");
      env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
      g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err,
                    &status, &error);
      g_assert_no_error (error);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 1);
      if (strstr (err, "-: cannot write: No space left on device") == NULL)
        g_error ("%s: %s", commands[i], err);
      remove_dir (data_home);
    }
}

/* }}} */

/* {{{ Bounded print (issue 14) */

/* n events in March 2026 whose titles and descriptions are one word of length bytes */
static char *
long_text_feed (guint n,
                gsize length)
{
  GString *json = g_string_new ("{\"format\": \"cluster-feed\", \"version\": 1,\n"
                                "\"publisher\": {\"name\": \"Long words\"},\n"
                                "\"clusters\": [], \"events\": [\n");
  g_autofree char *word = g_strnfill (length, 'x');

  for (guint e = 0; e < n; e++)
    g_string_append_printf (json, "%s{\"id\": \"long%u\", \"title\": \"T%s\", "
                            "\"description\": \"D%s\", "
                            "\"start\": \"2026-03-%02uT10:00:00+02:00\"}\n",
                            e ? "," : "", e, word, word, 1 + e % 28);
  g_string_append (json, "]}\n");
  return g_string_free (json, FALSE);
}

/* 60 KB titles and descriptions with no space in them (over 100 s before): cut with
 * "…" to a page each, in a few seconds */
static void
test_long_text (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ca-long-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (dir, "data", NULL);
  g_autofree char *feed_path = g_build_filename (dir, "long.json", NULL);
  g_autofree char *feed = long_text_feed (8, 60 * 1024);
  g_autofree char *out = g_build_filename (dir, "long.pdf", NULL);
  g_autofree char *add = g_strconcat ("--add-feed=", feed_path, NULL);
  g_autofree char *print = g_strconcat ("--print-schedule=", out, NULL);
  const char *add_args[] = { add, NULL };
  const char *sync_args[] = { "--sync", NULL };
  const char *print_args[] = { print, "--descriptions", "--from=2026-03-01",
                               "--to=2026-03-31", NULL };
  g_autofree char *text = NULL;
  gint64 start;
  double seconds;
  Run run = { 0 };

  g_assert_cmpint (g_mkdir (data_home, 0700), ==, 0);
  g_assert_true (g_file_set_contents (feed_path, feed, -1, NULL));
  run_app_full (&run, "en", add_args, data_home, NULL, NULL);
  assert_exit (&run, 0);
  run_clear (&run);
  run_app_full (&run, "en", sync_args, data_home, NULL, NULL);
  assert_exit (&run, 0);
  run_clear (&run);

  start = g_get_monotonic_time ();
  run_app_full (&run, "en", print_args, data_home, NULL, NULL);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  assert_exit (&run, 0);
  g_test_message ("8 events of 2 × 60 KB words: %.1f s; %s", seconds, run.out);
  /* About a page for each title and each description, no more */
  g_assert_cmpuint (pdf_pages (out), >=, 8);
  g_assert_cmpuint (pdf_pages (out), <=, 8 * 2 + 2);
  text = tool_output ("pdftotext", out);
  g_assert_nonnull (strstr (text, "xxxxxxxxxx…"));
  g_assert_nonnull (strstr (text, "Txxxxx"));
  g_assert_nonnull (strstr (text, "Dxxxxx"));
  /* Generous for a loaded machine or the sanitizers: it took minutes before */
  g_assert_cmpfloat (seconds, <, 30);
  run_clear (&run);
  remove_dir (dir);
}

/* {{{ Pages filled (issue 15) */

/* Descriptions of words "dEEwNNN" (event EE, word NNN), which pdftotext gives back one
 * by one, in order: 40 events, from 4 to 40 lines long in an order that puts each
 * length at a page's foot somewhere, so that a break that left one line alone would
 * show */
#define N_FILL 40

static guint
fill_words (guint e)
{
  return 40 + 9 * ((e * 17) % N_FILL);
}

static char *
fill_feed (void)
{
  GString *json = g_string_new ("{\"format\": \"cluster-feed\", \"version\": 1,\n"
                                "\"publisher\": {\"name\": \"Long descriptions\"},\n"
                                "\"clusters\": [], \"events\": [\n");

  for (guint e = 0; e < N_FILL; e++)
    {
      /* Every 20 minutes from 06:00 */
      guint start = 6 * 60 + 20 * e;

      g_string_append_printf (json, "%s{\"id\": \"session%u\", \"title\": \"Session %02u\", "
                              "\"start\": \"2026-03-10T%02u:%02u:00Z\", "
                              "\"end\": \"2026-03-10T%02u:%02u:00Z\", \"description\": \"",
                              e ? "," : "", e, e, start / 60, start % 60, (start + 15) / 60,
                              (start + 15) % 60);
      for (guint w = 0; w < fill_words (e); w++)
        g_string_append_printf (json, "%sd%02uw%03u", w ? " " : "", e, w);
      g_string_append (json, "\"}\n");
    }
  g_string_append (json, "]}\n");
  return g_string_free (json, FALSE);
}

/* A fresh store under dir/data with the feed at dir/name added and synced */
static char *
store_with_feed (const char *dir,
                 const char *name,
                 const char *feed)
{
  g_autofree char *data_home = g_build_filename (dir, "data", NULL);
  g_autofree char *feed_path = g_build_filename (dir, name, NULL);
  g_autofree char *add = g_strconcat ("--add-feed=", feed_path, NULL);
  const char *add_args[] = { add, NULL };
  const char *sync_args[] = { "--sync", NULL };
  Run run = { 0 };

  g_assert_cmpint (g_mkdir (data_home, 0700), ==, 0);
  g_assert_true (g_file_set_contents (feed_path, feed, -1, NULL));
  run_app_full (&run, "en", add_args, data_home, NULL, NULL);
  assert_exit (&run, 0);
  run_clear (&run);
  run_app_full (&run, "en", sync_args, data_home, NULL, NULL);
  assert_exit (&run, 0);
  run_clear (&run);
  return g_steal_pointer (&data_home);
}

static guint
nonblank_lines (char **lines)
{
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += *g_strstrip (lines[i]) != '\0';
  return n;
}

/* A day of events with long descriptions, printed and read back with pdftotext
 * -layout, page by page (form feeds): every page but the last holds at least 70 % of
 * the lines of the fullest; every description is there whole, each word once and in
 * order; a description broken across pages has at least two lines on each, the first
 * two under its title */
static void
test_fills_pages (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ca-fill-XXXXXX", NULL);
  g_autofree char *feed = fill_feed ();
  g_autofree char *data_home = store_with_feed (dir, "long.json", feed);
  g_autofree char *out = g_build_filename (dir, "day.pdf", NULL);
  g_autofree char *print = g_strconcat ("--print-schedule=", out, NULL);
  const char *print_args[] = { print, "--descriptions", "--from=2026-03-10",
                               "--to=2026-03-10", NULL };
  const char *argv[] = { "pdftotext", "-layout", out, "-", NULL };
  g_autoptr(GRegex) word = g_regex_new ("d(\\d\\d)w(\\d\\d\\d)", 0, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;
  g_autoptr(GArray) filled = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_pages, fullest = 0, n_broken = 0, next_e = 0, next_w = 0;
  int status;
  Run run = { 0 };

  run_app_full (&run, "en", print_args, data_home, NULL, NULL);
  assert_exit (&run, 0);
  run_clear (&run);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &text, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* pdftotext ends every page with a form feed */
  pages = g_strsplit (text, "\f", -1);
  n_pages = g_strv_length (pages);
  if (n_pages > 0 && *g_strstrip (pages[n_pages - 1]) == '\0')
    n_pages--;
  g_assert_cmpuint (n_pages, >=, 3);
  g_assert_cmpuint (n_pages, ==, pdf_pages (out));

  for (guint p = 0; p < n_pages; p++)
    {
      g_auto(GStrv) lines = g_strsplit (pages[p], "\n", -1);
      guint per_event[N_FILL] = { 0 };
      guint n = 0;

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autoptr(GMatchInfo) match = NULL;
          guint e = G_MAXUINT;
          gboolean first_line = FALSE;

          g_regex_match (word, lines[i], 0, &match);
          while (g_match_info_matches (match))
            {
              g_autofree char *ee = g_match_info_fetch (match, 1);
              g_autofree char *ww = g_match_info_fetch (match, 2);
              guint we = atoi (ee), w = atoi (ww);

              /* The next word of the description, or the first of the next one */
              if (next_e < N_FILL && next_w == fill_words (next_e))
                {
                  next_e++;
                  next_w = 0;
                }
              if (we != next_e || w != next_w)
                g_error ("page %u: d%02uw%03u where d%02uw%03u was due", p + 1, we, w,
                         next_e, next_w);
              next_w++;
              first_line |= w == 0;
              g_assert_true (e == G_MAXUINT || e == we);
              e = we;
              g_match_info_next (match, NULL);
            }
          if (e != G_MAXUINT)
            {
              per_event[e]++;
              /* A description's first line: its title is on the same page */
              if (first_line)
                {
                  g_autofree char *title = g_strdup_printf ("Session %02u", e);
                  g_assert_nonnull (strstr (pages[p], title));
                }
            }
        }
      n = nonblank_lines (lines);
      g_array_append_val (filled, n);
      fullest = MAX (fullest, n);

      for (guint e = 0; e < N_FILL; e++)
        if (per_event[e] == 1)
          g_error ("page %u has a single line of the description of Session %02u", p + 1, e);
      /* Broken across this page's foot: the first word of the next page is of it */
      if (p + 1 < n_pages)
        {
          g_autoptr(GMatchInfo) match = NULL;

          if (g_regex_match (word, pages[p + 1], 0, &match))
            {
              g_autofree char *w = g_match_info_fetch (match, 2);
              n_broken += atoi (w) != 0;
            }
        }
    }
  /* Every word, once, in order */
  g_assert_cmpuint (next_e, ==, N_FILL - 1);
  g_assert_cmpuint (next_w, ==, fill_words (next_e));

  for (guint p = 0; p + 1 < n_pages; p++)
    {
      guint n = g_array_index (filled, guint, p);

      g_test_message ("page %u: %u lines of %u (%.0f %%)", p + 1, n, fullest,
                      100.0 * n / fullest);
      if (n * 10 < fullest * 7)
        g_error ("page %u holds %u lines, under 70 %% of the fullest page's %u", p + 1, n,
                 fullest);
    }
  g_assert_cmpuint (n_broken, >, 0);
  remove_dir (dir);
}

/* }}} */

/* Over the page limit: refused with the count and a hint; --max-pages allows it; the
 * limit is the print-page-limit setting when no --max-pages is given */
static void
test_page_limit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ca-limit-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "schedule.pdf", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *keyfile_dir = g_build_filename (config, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (keyfile_dir, "keyfile", NULL);
  g_autofree char *arg = g_strconcat ("--print-schedule=", out, NULL);
  g_autofree char *config_env = g_strconcat ("XDG_CONFIG_HOME=", config, NULL);
  const char *one[] = { arg, "--max-pages=1", NULL };
  const char *two[] = { arg, "--max-pages=2", NULL };
  const char *zero[] = { arg, "--max-pages=0", NULL };
  const char *plain[] = { arg, NULL };
  const char *keyfile_env[] = { "GSETTINGS_BACKEND=keyfile", config_env, NULL };
  g_autofree char *kept = NULL;
  Run run = { 0 };

  g_assert_true (g_file_set_contents (out, "earlier file", -1, NULL));
  run_app (&run, "en", one);
  assert_exit (&run, 1);
  assert_err (&run, ": not written: “Event schedule” would take 2 pages, more than the "
                    "limit of 1 page.");
  assert_err (&run, "Print fewer days with --from and --to, one cluster with --cluster or "
                    "the starred events with --starred; or allow it with --max-pages=2.");
  g_assert_true (g_file_get_contents (out, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "earlier file");
  {
    g_autofree char *names = listing (dir);
    g_assert_cmpstr (names, ==, "schedule.pdf");
  }
  run_clear (&run);

  run_app (&run, "en", zero);
  assert_exit (&run, 1);
  assert_err (&run, "--max-pages: expected a number of pages, 1 or more");
  run_clear (&run);

  run_app (&run, "en", two);
  assert_exit (&run, 0);
  g_assert_cmpuint (pdf_pages (out), ==, 2);
  run_clear (&run);

  /* The setting, as the window's: 1 page */
  g_assert_cmpint (g_mkdir_with_parents (keyfile_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (keyfile, "[io/github/clusteratlas/ClusterAtlas]\n"
                                      "print-page-limit=1\n", -1, NULL));
  run_app_full (&run, "en", plain, NULL, keyfile_env, NULL);
  assert_exit (&run, 1);
  assert_err (&run, "more than the limit of 1 page.");
  run_clear (&run);
  /* --max-pages over the setting */
  run_app_full (&run, "en", two, NULL, keyfile_env, NULL);
  assert_exit (&run, 0);
  run_clear (&run);
  /* And without it, the default of 500 */
  run_app (&run, "en", plain);
  assert_exit (&run, 0);
  run_clear (&run);
  remove_dir (dir);
}

/* }}} */

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
  g_test_add_func ("/print-command/export-ics/starred", test_export_starred);
  g_test_add_func ("/print-command/empty-range", test_empty_range);
  g_test_add_func ("/print-command/bad-input", test_bad_input);
  g_test_add_func ("/print-command/output/kept", test_output_kept);
  g_test_add_func ("/print-command/output/refused", test_output_refused);
  g_test_add_func ("/print-command/output/device", test_output_device);
  g_test_add_func ("/print-command/output/stdout", test_output_stdout);
  g_test_add_func ("/print-command/output/disk-full", test_output_disk_full);
  g_test_add_func ("/print-command/long-text", test_long_text);
  g_test_add_func ("/print-command/page-limit", test_page_limit);
  g_test_add_func ("/print-command/fills-pages", test_fills_pages);

  status = g_test_run ();
  remove_dir (locales_dir);
  g_free (locales_dir);
  return status;
}
