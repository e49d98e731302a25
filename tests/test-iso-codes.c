/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-iso-codes"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "ca-iso-codes.h"
#include "ca-test-core.h"

static void
test_english (void)
{
  g_autofree char *bg = ca_iso_country_name ("BG");
  g_autofree char *de = ca_iso_country_name ("de");
  g_autofree char *deu = ca_iso_country_name ("DEU");
  g_autofree char *bulgarian = ca_iso_language_name ("bg");
  g_autofree char *bul = ca_iso_language_name ("bul");
  g_autofree char *spanish = ca_iso_language_name ("es");

  if (!g_file_test (ISO_CODES_DIR, G_FILE_TEST_IS_DIR))
    {
      ca_test_skip_or_fail ("iso-codes is not installed (" ISO_CODES_DIR ")");
      return;
    }
  g_assert_cmpstr (bg, ==, "Bulgaria");
  g_assert_cmpstr (de, ==, "Germany");
  g_assert_cmpstr (deu, ==, "Germany");
  g_assert_cmpstr (bulgarian, ==, "Bulgarian");
  g_assert_cmpstr (bul, ==, "Bulgarian");
  /* "Spanish; Castilian" in iso-codes: the first name only */
  g_assert_cmpstr (spanish, ==, "Spanish");
}

/* Whatever a feed says comes back as written when it is no code */
static void
test_unknown_codes (void)
{
  g_autofree char *xx = ca_iso_country_name ("XX");
  g_autofree char *hostile = ca_iso_country_name ("<b>BG</b>");
  g_autofree char *empty = ca_iso_language_name ("");

  g_assert_cmpstr (xx, ==, "XX");
  g_assert_cmpstr (hostile, ==, "<b>BG</b>");
  g_assert_cmpstr (empty, ==, "");
  g_assert_null (ca_iso_country_name (NULL));
}

/* No iso-codes on the machine: codes, not a crash or a blank */
static void
test_missing_data (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *bg = NULL;

      g_setenv ("CA_ISO_CODES_DIR", "/nonexistent", TRUE);
      bg = ca_iso_country_name ("BG");
      g_assert_cmpstr (bg, ==, "BG");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* In Bulgarian, from iso-codes' own translations. Needs a bg_BG locale: built
 * here with localedef when the machine has none. */
static void
test_bulgarian (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *bg = NULL;
      g_autofree char *de = NULL;
      g_autofree char *english = NULL;

      g_assert_nonnull (setlocale (LC_ALL, "bg_BG.UTF-8"));
      bg = ca_iso_country_name ("BG");
      de = ca_iso_country_name ("DE");
      english = ca_iso_language_name ("en");
      g_assert_cmpstr (bg, ==, "България");
      g_assert_cmpstr (de, ==, "Германия");
      g_assert_cmpstr (english, ==, "Английски");
      return;
    }

  {
    g_autofree char *locales = g_dir_make_tmp ("ca-locales-XXXXXX", NULL);
    g_autofree char *target = g_build_filename (locales, "bg_BG.UTF-8", NULL);
    const char *argv[] = { "localedef", "-i", "bg_BG", "-f", "UTF-8", target, NULL };
    int status = -1;

    if (!g_file_test (ISO_CODES_LOCALEDIR "/bg/LC_MESSAGES/iso_3166-1.mo", G_FILE_TEST_EXISTS) ||
        !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                       G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) ||
        !g_spawn_check_wait_status (status, NULL))
      {
        ca_test_skip_or_fail ("no bg_BG locale or iso-codes translations to test with");
        return;
      }
    g_setenv ("LOCPATH", locales, TRUE);
    g_setenv ("LANGUAGE", "bg", TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_unsetenv ("LOCPATH");
    g_unsetenv ("LANGUAGE");
    {
      g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", locales);
      g_assert_true (g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL));
    }
    g_test_trap_assert_passed ();
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/iso-codes/english", test_english);
  g_test_add_func ("/iso-codes/unknown-codes", test_unknown_codes);
  g_test_add_func ("/iso-codes/missing-data", test_missing_data);
  g_test_add_func ("/iso-codes/bulgarian", test_bulgarian);
  return g_test_run ();
}
