/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-text"

#include "config.h"

#include <string.h>

#include "ca-text.h"

/* The content-language override (a preference); NULL follows GLib's languages. */
static char **content_languages;
G_LOCK_DEFINE_STATIC (content_languages);

typedef struct {
  const char *tag;
  gsize       tag_len;
  const char *value;
  gsize       value_len;
} Entry;

/* Calls func on each (tag, value) of a localised text; stops when it returns TRUE. */
static gboolean
foreach_entry (const char *text,
               gboolean  (*func) (const Entry *entry, gpointer data),
               gpointer    data)
{
  const char *p = text + 1;

  while (*p != '\0')
    {
      const char *end = strchr (p, CA_TEXT_RECORD_SEP);
      const char *unit;
      Entry entry;

      if (end == NULL)
        end = p + strlen (p);
      unit = memchr (p, CA_TEXT_UNIT_SEP, end - p);
      if (unit != NULL)
        {
          entry.tag = p;
          entry.tag_len = unit - p;
          entry.value = unit + 1;
          entry.value_len = end - (unit + 1);
          if (func (&entry, data))
            return TRUE;
        }
      p = *end != '\0' ? end + 1 : end;
    }
  return FALSE;
}

gboolean
ca_text_is_localized (const char *text)
{
  return text != NULL && text[0] == CA_TEXT_RECORD_SEP;
}

/* "bg_BG.UTF-8@latin" → "bg_bg"; "de-AT" → "de_at" */
static char *
normalize_tag (const char *tag,
               gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len && tag[i] != '.' && tag[i] != '@'; i++)
    g_string_append_c (out, tag[i] == '-' ? '_' : g_ascii_tolower (tag[i]));
  return g_string_free (out, FALSE);
}

static gsize
primary_len (const char *tag)
{
  return strcspn (tag, "_");
}

typedef struct {
  const char *wanted;     /* normalised */
  gboolean    primary;    /* compare the primary subtag only */
  const Entry *found;
  Entry       copy;
} Match;

static gboolean
match_entry (const Entry *entry,
             gpointer     data)
{
  Match *m = data;
  g_autofree char *tag = normalize_tag (entry->tag, entry->tag_len);
  gboolean hit;

  if (m->primary)
    hit = primary_len (tag) == primary_len (m->wanted)
          && strncmp (tag, m->wanted, primary_len (tag)) == 0;
  else
    hit = g_str_equal (tag, m->wanted);
  if (hit)
    {
      m->copy = *entry;
      m->found = &m->copy;
    }
  return hit;
}

static gboolean
first_entry (const Entry *entry,
             gpointer     data)
{
  Match *m = data;
  m->copy = *entry;
  m->found = &m->copy;
  return TRUE;
}

static char *
find_language (const char *text,
               const char *language,
               gboolean    primary)
{
  g_autofree char *wanted = normalize_tag (language, strlen (language));
  Match m = { wanted, primary, NULL };

  if (foreach_entry (text, match_entry, &m))
    return g_strndup (m.found->value, m.found->value_len);
  return NULL;
}

char *
ca_text_for_languages (const char         *text,
                       const char * const *languages)
{
  Match m = { NULL };

  if (text == NULL)
    return NULL;
  if (!ca_text_is_localized (text))
    return g_strdup (text);

  for (guint i = 0; languages != NULL && languages[i] != NULL; i++)
    {
      char *value;

      if (g_str_equal (languages[i], "C") || g_str_equal (languages[i], "POSIX"))
        continue;
      if ((value = find_language (text, languages[i], FALSE)) != NULL ||
          (value = find_language (text, languages[i], TRUE)) != NULL)
        return value;
    }

  {
    char *value = find_language (text, "en", TRUE);
    if (value != NULL)
      return value;
  }

  if (foreach_entry (text, first_entry, &m))
    return g_strndup (m.found->value, m.found->value_len);
  return g_strdup ("");
}

void
ca_text_set_content_languages (const char * const *languages)
{
  /* A list handed out by ca_text_get_content_languages() may still be read by a search
   * thread: replaced lists stay alive (the user changes this a handful of times). */
  static GPtrArray *replaced;

  G_LOCK (content_languages);
  if (content_languages != NULL)
    {
      if (replaced == NULL)
        replaced = g_ptr_array_new ();
      g_ptr_array_add (replaced, content_languages);
    }
  content_languages = languages != NULL && languages[0] != NULL
                      ? g_strdupv ((char **) languages) : NULL;
  G_UNLOCK (content_languages);
}

const char * const *
ca_text_get_content_languages (void)
{
  const char * const *languages;

  G_LOCK (content_languages);
  languages = content_languages != NULL
              ? (const char * const *) content_languages
              : g_get_language_names ();
  G_UNLOCK (content_languages);
  return languages;
}

char *
ca_text_display (const char *text)
{
  return ca_text_for_languages (text, ca_text_get_content_languages ());
}

char *
ca_text_lookup (const char *text,
                const char *tag)
{
  g_return_val_if_fail (tag != NULL, NULL);

  if (!ca_text_is_localized (text))
    return NULL;
  return find_language (text, tag, FALSE);
}

static gboolean
value_is (const Entry *entry,
          gpointer     data)
{
  const char *value = data;

  return entry->value_len == strlen (value) && strncmp (entry->value, value, entry->value_len) == 0;
}

gboolean
ca_text_has_value (const char *text,
                   const char *value)
{
  if (text == NULL || value == NULL)
    return FALSE;
  if (!ca_text_is_localized (text))
    return g_str_equal (text, value);
  return foreach_entry (text, value_is, (gpointer) value);
}

static gboolean
collect_tag (const Entry *entry,
             gpointer     data)
{
  g_ptr_array_add (data, g_strndup (entry->tag, entry->tag_len));
  return FALSE;
}

char **
ca_text_languages (const char *text)
{
  GPtrArray *tags = g_ptr_array_new ();

  if (ca_text_is_localized (text))
    foreach_entry (text, collect_tag, tags);
  g_ptr_array_add (tags, NULL);
  return (char **) g_ptr_array_free (tags, FALSE);
}

static gboolean
collect_value (const Entry *entry,
               gpointer     data)
{
  GString *out = data;

  if (out->len > 0)
    g_string_append_c (out, '\n');
  g_string_append_len (out, entry->value, entry->value_len);
  return FALSE;
}

char *
ca_text_flatten (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  if (!ca_text_is_localized (text))
    return g_strdup (text);
  out = g_string_new (NULL);
  foreach_entry (text, collect_value, out);
  return g_string_free (out, FALSE);
}

typedef struct {
  char    *shown;
  char    *other;
} Other;

static gboolean
find_other (const Entry *entry,
            gpointer     data)
{
  Other *o = data;

  if (strlen (o->shown) == entry->value_len &&
      strncmp (o->shown, entry->value, entry->value_len) == 0)
    return FALSE;
  o->other = g_strndup (entry->value, entry->value_len);
  return TRUE;
}

/* The name in another language than the one displayed, for a subtitle. */
char *
ca_text_other_language (const char *text)
{
  Other o = { NULL, NULL };

  if (!ca_text_is_localized (text))
    return NULL;
  o.shown = ca_text_display (text);
  foreach_entry (text, find_other, &o);
  g_free (o.shown);
  return o.other;
}

GString *
ca_text_builder_new (void)
{
  return g_string_new (NULL);
}

void
ca_text_builder_add (GString    *builder,
                     const char *tag,
                     const char *value)
{
  g_return_if_fail (builder != NULL);
  g_return_if_fail (tag != NULL && value != NULL);

  g_string_append_c (builder, CA_TEXT_RECORD_SEP);
  g_string_append (builder, tag);
  g_string_append_c (builder, CA_TEXT_UNIT_SEP);
  g_string_append (builder, value);
}

char *
ca_text_builder_end (GString *builder)
{
  if (builder->len == 0)
    {
      g_string_free (builder, TRUE);
      return NULL;
    }
  return g_string_free (builder, FALSE);
}

char *
ca_text_list_join (const char * const *texts)
{
  static const char sep[] = { CA_TEXT_LIST_SEP, '\0' };

  if (texts == NULL || texts[0] == NULL)
    return NULL;
  return g_strjoinv (sep, (char **) texts);
}

char **
ca_text_list_split (const char *joined)
{
  static const char sep[] = { CA_TEXT_LIST_SEP, '\0' };

  if (joined == NULL || joined[0] == '\0')
    return NULL;
  return g_strsplit (joined, sep, -1);
}

gboolean
ca_text_is_bidi_control (gunichar c)
{
  /* Unicode's bidi embeddings, overrides, isolates and marks */
  return c == 0x061C || c == 0x200E || c == 0x200F ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

char *
ca_text_for_terminal (const char *text)
{
  GString *out;

  g_autofree char *valid = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((guchar) *p < 0x20 || *p == 0x7f)
        g_string_append_printf (out, "\\x%02x", (guchar) *p);
      else if (ca_text_is_bidi_control (c))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}
