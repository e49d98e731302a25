/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-text"

#include "config.h"

#include <string.h>

#include "ca-text.h"

/* Builds a localised text from tag, value pairs (NULL-terminated). */
G_GNUC_NULL_TERMINATED static char *
text_new (const char *tag,
          ...)
{
  GString *builder = ca_text_builder_new ();
  va_list args;

  va_start (args, tag);
  for (const char *t = tag; t != NULL; t = va_arg (args, const char *))
    ca_text_builder_add (builder, t, va_arg (args, const char *));
  va_end (args);
  return ca_text_builder_end (builder);
}

#define assert_for_languages(text, expected, ...) G_STMT_START {                    \
    const char *languages_[] = { __VA_ARGS__, NULL };                               \
    g_autofree char *got_ = ca_text_for_languages ((text), languages_);             \
    g_assert_cmpstr (got_, ==, (expected));                                         \
  } G_STMT_END

static void
test_text_encoding (void)
{
  g_autofree char *text = text_new ("en", "ICT Cluster", "bg", "ИКТ Клъстер", NULL);
  g_auto(GStrv) tags = ca_text_languages (text);
  g_auto(GStrv) none = ca_text_languages ("plain");
  const char *expected_tags[] = { "en", "bg", NULL };
  const char *no_tags[] = { NULL };

  g_assert_cmpstr (text, ==, "\x1e" "en\x1f" "ICT Cluster\x1e" "bg\x1f" "ИКТ Клъстер");
  g_assert_true (ca_text_is_localized (text));
  g_assert_false (ca_text_is_localized ("plain"));
  g_assert_false (ca_text_is_localized (""));
  g_assert_false (ca_text_is_localized (NULL));
  g_assert_cmpstrv (tags, expected_tags);
  g_assert_cmpstrv (none, no_tags);

  /* An empty builder makes no text. */
  g_assert_null (ca_text_builder_end (ca_text_builder_new ()));
}

static void
test_text_lookup (void)
{
  g_autofree char *text = text_new ("en", "Cluster", "bg", "Клъстер", "de-AT", "Cluster (AT)",
                                    NULL);
  g_autofree char *en = ca_text_lookup (text, "en");
  g_autofree char *bg = ca_text_lookup (text, "bg");
  g_autofree char *de_at = ca_text_lookup (text, "de_AT");
  g_autofree char *de = ca_text_lookup (text, "de");
  g_autofree char *fr = ca_text_lookup (text, "fr");
  g_autofree char *neutral = ca_text_lookup ("Cluster", "en");

  g_assert_cmpstr (en, ==, "Cluster");
  g_assert_cmpstr (bg, ==, "Клъстер");
  /* lookup is exact, up to spelling: de_AT is de-AT, de is not */
  g_assert_cmpstr (de_at, ==, "Cluster (AT)");
  g_assert_null (de);
  g_assert_null (fr);
  g_assert_null (neutral);
}

static void
test_text_pick_order (void)
{
  g_autofree char *text = text_new ("de", "Deutsch", "en", "English", "bg", "Български", NULL);
  g_autofree char *no_english = text_new ("fr", "Français", "de", "Deutsch", NULL);
  g_autofree char *british = text_new ("bg", "Български", "en-GB", "British", NULL);

  /* The first of the given languages that the text has… */
  assert_for_languages (text, "Български", "bg", "de");
  assert_for_languages (text, "Deutsch", "fr", "de", "bg");
  assert_for_languages (text, "Български", "C", "bg");
  /* …then English… */
  assert_for_languages (text, "English", "fr", "it");
  assert_for_languages (text, "English", "C");
  assert_for_languages (british, "British", "fr");
  /* …then the first entry. */
  assert_for_languages (no_english, "Français", "bg", "ru");
  assert_for_languages (no_english, "Français", "C");

  {
    g_autofree char *none = ca_text_for_languages (no_english, NULL);
    g_assert_cmpstr (none, ==, "Français");
  }
}

static void
test_text_locale_names (void)
{
  g_autofree char *text = text_new ("en", "Cluster", "bg", "Клъстер", NULL);
  g_autofree char *regional = text_new ("en", "Cluster", "de", "Cluster (DE)",
                                        "de-AT", "Cluster (AT)", NULL);
  g_autofree char *upper = text_new ("EN", "Upper", "BG-bg", "Горен", NULL);

  /* Locale names as GLib gives them match language tags. */
  assert_for_languages (text, "Клъстер", "bg_BG.UTF-8", "bg_BG", "bg", "C");
  assert_for_languages (text, "Клъстер", "bg_BG.UTF-8@latin");
  assert_for_languages (text, "Клъстер", "bg-BG");
  assert_for_languages (regional, "Cluster (AT)", "de_AT");
  assert_for_languages (regional, "Cluster (AT)", "de_AT.UTF-8");
  assert_for_languages (regional, "Cluster (DE)", "de");
  /* de_CH has no text of its own: the German one, not English */
  assert_for_languages (regional, "Cluster (DE)", "de_CH");
  /* case does not matter */
  assert_for_languages (upper, "Горен", "bg_BG");
  assert_for_languages (upper, "Upper", "fr");
}

static void
test_text_neutral (void)
{
  const char *languages[] = { "bg", NULL };
  g_autofree char *shown = ca_text_for_languages ("ИКТ Клъстер", languages);
  g_autofree char *displayed = ca_text_display ("<b>ICT</b> & co");
  g_autofree char *flat = ca_text_flatten ("plain");
  g_autofree char *empty = ca_text_display ("");

  g_assert_cmpstr (shown, ==, "ИКТ Клъстер");
  g_assert_cmpstr (displayed, ==, "<b>ICT</b> & co");
  g_assert_cmpstr (flat, ==, "plain");
  g_assert_cmpstr (empty, ==, "");
  g_assert_null (ca_text_display (NULL));
  g_assert_null (ca_text_flatten (NULL));
  g_assert_null (ca_text_other_language ("plain"));
  g_assert_null (ca_text_other_language (NULL));
}

static void
test_text_flatten (void)
{
  g_autofree char *text = text_new ("en", "ICT Cluster", "bg", "ИКТ Клъстер", "de", "IKT", NULL);
  g_autofree char *single = text_new ("bg", "Само", NULL);
  g_autofree char *flat = ca_text_flatten (text);
  g_autofree char *flat_single = ca_text_flatten (single);

  /* Every language, in the feed's order, one per line: what search indexes. */
  g_assert_cmpstr (flat, ==, "ICT Cluster\nИКТ Клъстер\nIKT");
  g_assert_cmpstr (flat_single, ==, "Само");
  g_assert_null (strchr (flat, '\x1e'));
  g_assert_null (strchr (flat, '\x1f'));
}

static void
test_text_other_language (void)
{
  g_autofree char *text = text_new ("en", "ICT Cluster", "bg", "ИКТ Клъстер", NULL);
  g_autofree char *same = text_new ("en", "BOWI", "bg", "BOWI", NULL);
  g_autofree char *single = text_new ("bg", "Само", NULL);
  const char *bulgarian[] = { "bg", NULL };
  const char *english[] = { "en", NULL };

  ca_text_set_content_languages (bulgarian);
  {
    g_autofree char *other = ca_text_other_language (text);
    g_assert_cmpstr (other, ==, "ICT Cluster");
  }
  ca_text_set_content_languages (english);
  {
    g_autofree char *other = ca_text_other_language (text);
    g_assert_cmpstr (other, ==, "ИКТ Клъстер");
  }
  /* Nothing to add when every language says the same, or there is only one. */
  g_assert_null (ca_text_other_language (same));
  g_assert_null (ca_text_other_language (single));
  ca_text_set_content_languages (NULL);
}

static void
test_text_list (void)
{
  g_autofree char *localized = text_new ("en", "Two", "bg", "Две", NULL);
  const char *items[] = { "One", localized, "Three <b>&amp;</b>", NULL };
  g_autofree char *joined = ca_text_list_join (items);
  g_auto(GStrv) split = ca_text_list_split (joined);
  const char *single[] = { "Only", NULL };
  g_autofree char *joined_single = ca_text_list_join (single);
  g_auto(GStrv) split_single = ca_text_list_split (joined_single);
  const char *empty[] = { NULL };

  g_assert_nonnull (joined);
  g_assert_cmpuint (strlen (joined), ==,
                    strlen ("One") + 1 + strlen (localized) + 1 + strlen ("Three <b>&amp;</b>"));
  g_assert_cmpstrv (split, items);
  {
    g_autofree char *bg = ca_text_lookup (split[1], "bg");
    g_assert_cmpstr (bg, ==, "Две");
  }

  g_assert_cmpstr (joined_single, ==, "Only");
  g_assert_cmpstrv (split_single, single);

  g_assert_null (ca_text_list_join (NULL));
  g_assert_null (ca_text_list_join (empty));
  g_assert_null (ca_text_list_split (NULL));
  g_assert_null (ca_text_list_split (""));
}

static void
test_text_content_languages (void)
{
  g_autofree char *text = text_new ("en", "Cluster", "bg", "Клъстер", "de", "Verbund", NULL);
  const char *bulgarian[] = { "bg_BG.UTF-8", NULL };
  const char *german_first[] = { "de", "bg", NULL };
  const char *nothing[] = { NULL };
  const char * const *system = g_get_language_names ();

  /* By default the content languages are GLib's. */
  g_assert_true (ca_text_get_content_languages () == system);

  ca_text_set_content_languages (bulgarian);
  g_assert_cmpstrv (ca_text_get_content_languages (), bulgarian);
  {
    g_autofree char *shown = ca_text_display (text);
    g_assert_cmpstr (shown, ==, "Клъстер");
  }

  /* The override is copied. */
  {
    char *languages[] = { g_strdup ("de"), g_strdup ("bg"), NULL };
    ca_text_set_content_languages ((const char * const *) languages);
    g_free (languages[0]);
    g_free (languages[1]);
  }
  g_assert_cmpstrv (ca_text_get_content_languages (), german_first);
  {
    g_autofree char *shown = ca_text_display (text);
    g_assert_cmpstr (shown, ==, "Verbund");
  }

  /* NULL, or an empty list, resets to GLib's languages. */
  ca_text_set_content_languages (NULL);
  g_assert_true (ca_text_get_content_languages () == g_get_language_names ());
  ca_text_set_content_languages (german_first);
  ca_text_set_content_languages (nothing);
  g_assert_true (ca_text_get_content_languages () == g_get_language_names ());
}

/* With no override, display follows the user's languages as GLib orders them. */
static void
test_text_display_follows_glib (void)
{
  g_autofree char *text = text_new ("en", "Cluster", "bg", "Клъстер", "de", "Verbund", NULL);

  ca_text_set_content_languages (NULL);

  g_setenv ("LANGUAGE", "bg_BG:de", TRUE);
  {
    g_autofree char *shown = ca_text_display (text);
    g_assert_cmpstr (shown, ==, "Клъстер");
  }
  g_setenv ("LANGUAGE", "de:bg", TRUE);
  {
    g_autofree char *shown = ca_text_display (text);
    g_assert_cmpstr (shown, ==, "Verbund");
  }
  g_setenv ("LANGUAGE", "fr", TRUE);
  {
    g_autofree char *shown = ca_text_display (text);
    g_assert_cmpstr (shown, ==, "Cluster");
  }
  g_unsetenv ("LANGUAGE");
}

/* An acronym that repeats the name in some language is no acronym to show */
static void
test_text_has_value (void)
{
  g_autofree char *text = text_new ("en", "ICT Cluster", "bg", "ИКТ Клъстер", NULL);

  g_assert_true (ca_text_has_value (text, "ICT Cluster"));
  g_assert_true (ca_text_has_value (text, "ИКТ Клъстер"));
  g_assert_false (ca_text_has_value (text, "ICT"));
  g_assert_false (ca_text_has_value (text, "ICT Cluster2"));
  g_assert_false (ca_text_has_value (text, "en"));
  g_assert_true (ca_text_has_value ("plain", "plain"));
  g_assert_false (ca_text_has_value ("plain", "plai"));
  g_assert_false (ca_text_has_value (NULL, "x"));
}

/* For a terminal: control characters and bidi controls escaped, Cyrillic and the
 * rest as they are, invalid UTF-8 made valid */
static void
test_text_for_terminal (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "ИКТ Клъстер", "ИКТ Клъстер" },
    { "a\u202eb\u202cc", "a\\u202eb\\u202cc" },
    { "\u2066x\u2069\u200e\u200f\u061c", "\\u2066x\\u2069\\u200e\\u200f\\u061c" },
    { "line\nnext\x1b[31m", "line\\x0anext\\x1b[31m" },
    { "\x7f", "\\x7f" },
    { "ok\xff", "ok\xef\xbf\xbd" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = ca_text_for_terminal (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/encoding", test_text_encoding);
  g_test_add_func ("/text/has-value", test_text_has_value);
  g_test_add_func ("/text/for-terminal", test_text_for_terminal);
  g_test_add_func ("/text/lookup", test_text_lookup);
  g_test_add_func ("/text/pick-order", test_text_pick_order);
  g_test_add_func ("/text/locale-names", test_text_locale_names);
  g_test_add_func ("/text/neutral", test_text_neutral);
  g_test_add_func ("/text/flatten", test_text_flatten);
  g_test_add_func ("/text/other-language", test_text_other_language);
  g_test_add_func ("/text/list", test_text_list);
  g_test_add_func ("/text/content-languages", test_text_content_languages);
  g_test_add_func ("/text/display-follows-glib", test_text_display_follows_glib);

  return g_test_run ();
}
