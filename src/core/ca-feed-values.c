/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-feed-parser"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ca-feed-parser.h"
#include "ca-feed-values.h"
#include "ca-text.h"

/* Warnings name a JSON path: base path, then an optional field or [index]. */
void
_ca_feed_warn (Ctx        *ctx,
               const char *path,
               const char *field,
               const char *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (field == NULL)
    g_ptr_array_add (ctx->warnings, g_strdup_printf ("%s: %s", path, message));
  else if (path == NULL || *path == '\0')
    g_ptr_array_add (ctx->warnings, g_strdup_printf ("%s: %s", field, message));
  else
    g_ptr_array_add (ctx->warnings, g_strdup_printf ("%s.%s: %s", path, field, message));
}

char *
_ca_feed_join_path (const char *path,
                    const char *field)
{
  if (path == NULL || *path == '\0')
    return g_strdup (field);
  return g_strconcat (path, ".", field, NULL);
}

char *
_ca_feed_index_path (const char *path,
                     const char *field,
                     guint       index)
{
  if (path == NULL || *path == '\0')
    return g_strdup_printf ("%s[%u]", field, index);
  return g_strdup_printf ("%s.%s[%u]", path, field, index);
}

/* A feed string for a message: quoted, shortened, with quotes, control characters and
 * bidi controls escaped (GLib's strescape would also escape every non-ASCII byte,
 * mangling Cyrillic). */
char *
_ca_feed_quote (const char *str)
{
  GString *out = g_string_new ("\"");
  guint n = 0;

  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      if (n == 40)
        {
          g_string_append (out, "…");
          break;
        }
      gunichar c = g_utf8_get_char (p);

      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if ((guchar) *p < 0x20 || *p == 0x7f)
        g_string_append_printf (out, "\\x%02x", (guchar) *p);
      else if (ca_text_is_bidi_control (c))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* How a value looks, for "expected X, got Y" messages; strings are quoted and shortened. */
static char *
describe (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return g_strdup (_("an object"));
    case JSON_NODE_ARRAY:
      return g_strdup (_("an array"));
    case JSON_NODE_NULL:
      return g_strdup ("null");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _ca_feed_quote (json_node_get_string (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    default:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
      }
    }
}

JsonNode *
_ca_feed_field (Ctx        *ctx,
                JsonObject *object,
                const char *type,
                const char *name)
{
  JsonNode *node;

  if (ctx->field_log != NULL)
    g_hash_table_add (ctx->field_log, g_strconcat (type, ".", name, NULL));

  node = json_object_get_member (object, name);
  /* An explicit null reads as an absent field. */
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

gboolean
_ca_feed_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

void
_ca_feed_expected (Ctx        *ctx,
                   const char *path,
                   const char *name,
                   const char *what,
                   JsonNode   *node)
{
  g_autofree char *got = describe (node);
  /* TRANSLATORS: e.g. "expected a date-time, got "tomorrow"" */
  _ca_feed_warn (ctx, path, name, _("expected %s, got %s"), what, got);
}

/* C0 controls but tab and newline, DEL, and C1 controls (U+0080–U+009F, in UTF-8
 * 0xC2 0x80–0x9F) have no place in text; some are used by the CaText encoding. */
static gsize
control_length (const char *p)
{
  guchar c = p[0];

  if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
    return 1;
  if (c == 0xC2 && (guchar) p[1] >= 0x80 && (guchar) p[1] <= 0x9F)
    return 2;
  return 0;
}

static gboolean
needs_cleaning (const char *str)
{
  gsize i;

  for (i = 0; str[i] != '\0'; i++)
    if (control_length (str + i) > 0)
      return TRUE;
  /* The document was valid UTF-8, but a lone surrogate escape ("\ud800") is not. */
  return i > CA_FEED_MAX_STRING || !g_utf8_validate_len (str, i, NULL);
}

/* Copies a feed string: control characters are removed, a character a bad escape
 * made is replaced by U+FFFD, and a string over the limit is cut on a character
 * boundary. */
static char *
clean_string (Ctx        *ctx,
              const char *path,
              const char *name,
              const char *str)
{
  g_autofree char *valid = NULL;
  gsize len = strlen (str);
  GString *out;

  if (!needs_cleaning (str))
    return g_strndup (str, len);

  if (!g_utf8_validate_len (str, len, NULL))
    {
      str = valid = g_utf8_make_valid (str, len);
      len = strlen (str);
      _ca_feed_warn (ctx, path, name, _("an escape that is no character, replaced"));
    }

  out = g_string_sized_new (MIN (len, CA_FEED_MAX_STRING));
  for (gsize i = 0; i < len; i++)
    {
      gsize skip = control_length (str + i);

      if (skip > 0)
        i += skip - 1;
      else
        g_string_append_c (out, str[i]);
    }

  if (out->len > CA_FEED_MAX_STRING)
    {
      const char *cut = out->str + CA_FEED_MAX_STRING;

      /* Step back to the start of the character the limit falls in. */
      while (cut > out->str && ((guchar) *cut & 0xC0) == 0x80)
        cut--;
      g_string_truncate (out, cut - out->str);
      _ca_feed_warn (ctx, path, name, _("string longer than %u KiB, cut"),
                     (guint) (CA_FEED_MAX_STRING / 1024));
    }

  return g_string_free (out, FALSE);
}

char *
_ca_feed_read_string (Ctx        *ctx,
                      JsonObject *object,
                      const char *type,
                      const char *path,
                      const char *name)
{
  JsonNode *node = _ca_feed_field (ctx, object, type, name);

  if (node == NULL)
    return NULL;
  if (!_ca_feed_is_string (node))
    {
      _ca_feed_expected (ctx, path, name, _("a string"), node);
      return NULL;
    }
  return clean_string (ctx, path, name, json_node_get_string (node));
}

static gboolean
valid_language_tag (const char *tag)
{
  gsize n = 0;

  /* BCP 47 in broad strokes: a 2–8 letter primary subtag, then -alphanumeric subtags. */
  while (g_ascii_isalpha (tag[n]))
    n++;
  if (n < 2 || n > 8)
    return FALSE;
  while (tag[n] == '-')
    {
      gsize m = 0;
      n++;
      while (g_ascii_isalnum (tag[n + m]))
        m++;
      if (m < 1 || m > 8)
        return FALSE;
      n += m;
    }
  return tag[n] == '\0';
}

/* A Text value: a plain string or an object of language tag → string. */
char *
_ca_feed_text_from_node (Ctx        *ctx,
                         JsonNode   *node,
                         const char *path,
                         const char *name)
{
  g_autofree char *tag_path = NULL;
  JsonObjectIter iter;
  const char *tag;
  JsonNode *value;
  GString *builder;

  if (_ca_feed_is_string (node))
    return clean_string (ctx, path, name, json_node_get_string (node));

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _ca_feed_expected (ctx, path, name, _("a text"), node);
      return NULL;
    }

  builder = ca_text_builder_new ();
  /* In the feed's order: the first entry is the last fallback for display. */
  json_object_iter_init_ordered (&iter, json_node_get_object (node));
  while (json_object_iter_next_ordered (&iter, &tag, &value))
    {
      g_autofree char *clean = NULL;
      const char *str;

      /* The path is built only when something is wrong: most texts are fine. */
      if (!valid_language_tag (tag) || !_ca_feed_is_string (value) ||
          needs_cleaning (str = json_node_get_string (value)))
        {
          if (tag_path == NULL)
            tag_path = _ca_feed_join_path (path, name);
          if (!valid_language_tag (tag))
            {
              g_autofree char *shown = _ca_feed_quote (tag);
              _ca_feed_warn (ctx, tag_path, NULL, _("%s is not a language tag"), shown);
              continue;
            }
          if (!_ca_feed_is_string (value))
            {
              _ca_feed_expected (ctx, tag_path, tag, _("a string"), value);
              continue;
            }
          str = clean = clean_string (ctx, tag_path, tag, json_node_get_string (value));
        }
      ca_text_builder_add (builder, tag, str);
    }

  if (builder->len == 0)
    {
      g_string_free (builder, TRUE);
      _ca_feed_warn (ctx, path, name, _("a text with no language in it"));
      return NULL;
    }
  return ca_text_builder_end (builder);
}

/* A text with nothing but white space in every language */
static gboolean
text_is_blank (const char *text)
{
  g_autofree char *flat = ca_text_flatten (text);

  for (const char *p = flat; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

char *
_ca_feed_read_text (Ctx        *ctx,
                    JsonObject *object,
                    const char *type,
                    const char *path,
                    const char *name)
{
  JsonNode *node = _ca_feed_field (ctx, object, type, name);

  if (node == NULL)
    return NULL;
  return _ca_feed_text_from_node (ctx, node, path, name);
}

/* A name or title: a blank one counts as none. */
char *
_ca_feed_read_required_text (Ctx        *ctx,
                             JsonObject *object,
                             const char *type,
                             const char *path,
                             const char *name,
                             gboolean   *blank)
{
  char *text = _ca_feed_read_text (ctx, object, type, path, name);

  /* The caller says why the record or element goes. */
  *blank = text != NULL && text_is_blank (text);
  if (*blank)
    g_clear_pointer (&text, g_free);
  return text;
}

JsonArray *
_ca_feed_read_array (Ctx        *ctx,
                     JsonObject *object,
                     const char *type,
                     const char *path,
                     const char *name)
{
  JsonNode *node = _ca_feed_field (ctx, object, type, name);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      _ca_feed_expected (ctx, path, name, _("an array"), node);
      return NULL;
    }
  return json_node_get_array (node);
}

/* An array of simple values; a bad element alone is dropped. */
char **
_ca_feed_read_list (Ctx        *ctx,
                    JsonObject *object,
                    const char *type,
                    const char *path,
                    const char *name,
                    ItemReader  reader)
{
  JsonArray *array = _ca_feed_read_array (ctx, object, type, path, name);
  GPtrArray *items;
  guint n;

  if (array == NULL || (n = json_array_get_length (array)) == 0)
    return NULL;

  items = g_ptr_array_sized_new (n + 1);
  for (guint i = 0; i < n; i++)
    {
      char item_name[64];
      char *item;

      g_snprintf (item_name, sizeof item_name, "%s[%u]", name, i);
      item = reader (ctx, json_array_get_element (array, i), path, item_name);

      if (item != NULL)
        g_ptr_array_add (items, item);
    }

  if (items->len == 0)
    {
      g_ptr_array_free (items, TRUE);
      return NULL;
    }
  g_ptr_array_add (items, NULL);
  return (char **) g_ptr_array_free (items, FALSE);
}

static gboolean
valid_id (const char *id)
{
  gsize len = strlen (id);

  if (len < 1 || len > 128)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (id[i]) && strchr ("._:-", id[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* A string that must pass check, or it is dropped with "expected <what>". */
static char *
checked_from_node (Ctx         *ctx,
                   JsonNode    *node,
                   const char  *path,
                   const char  *name,
                   gboolean   (*check) (const char *str),
                   const char  *what)
{
  if (!_ca_feed_is_string (node) || !check (json_node_get_string (node)))
    {
      _ca_feed_expected (ctx, path, name, what, node);
      return NULL;
    }
  return g_strdup (json_node_get_string (node));
}

char *
_ca_feed_id_from_node (Ctx        *ctx,
                       JsonNode   *node,
                       const char *path,
                       const char *name)
{
  return checked_from_node (ctx, node, path, name, valid_id, _("an id"));
}

char *
_ca_feed_read_id (Ctx        *ctx,
                  JsonObject *object,
                  const char *type,
                  const char *path,
                  const char *name)
{
  JsonNode *node = _ca_feed_field (ctx, object, type, name);

  if (node == NULL)
    return NULL;
  return _ca_feed_id_from_node (ctx, node, path, name);
}

/* ISO 3166-1 alpha-2: two capital letters */
static gboolean
valid_country (const char *str)
{
  return strlen (str) == 2 && g_ascii_isupper (str[0]) && g_ascii_isupper (str[1]);
}

char *
_ca_feed_read_country (Ctx        *ctx,
                       JsonObject *object,
                       const char *type,
                       const char *path,
                       const char *name)
{
  JsonNode *node = _ca_feed_field (ctx, object, type, name);

  if (node == NULL)
    return NULL;
  return checked_from_node (ctx, node, path, name, valid_country,
                            _("a two-letter country code"));
}

char *
_ca_feed_language_from_node (Ctx        *ctx,
                             JsonNode   *node,
                             const char *path,
                             const char *name)
{
  return checked_from_node (ctx, node, path, name, valid_language_tag, _("a language tag"));
}

/* An e-mail address, plain or as a mailto: URL; kept without the scheme. */
char *
_ca_feed_read_email (Ctx        *ctx,
                     JsonObject *object,
                     const char *type,
                     const char *path,
                     const char *name)
{
  JsonNode *node = _ca_feed_field (ctx, object, type, name);
  const char *str;
  const char *at;

  if (node == NULL)
    return NULL;
  if (!_ca_feed_is_string (node))
    {
      _ca_feed_expected (ctx, path, name, _("an e-mail address"), node);
      return NULL;
    }
  str = json_node_get_string (node);
  if (g_ascii_strncasecmp (str, "mailto:", 7) == 0)
    str += 7;
  at = strchr (str, '@');
  if (at == NULL || at == str || at[1] == '\0' || strchr (at + 1, '@') != NULL ||
      strpbrk (str, " \t\n<>\"") != NULL)
    {
      _ca_feed_expected (ctx, path, name, _("an e-mail address"), node);
      return NULL;
    }
  return clean_string (ctx, path, name, str);
}

/* Links are http or https; everything else (file:, javascript:, data:, a custom
 * scheme, and mailto:, as addresses have their own e-mail fields) is refused. */
char *
_ca_feed_read_url (Ctx        *ctx,
                   JsonObject *object,
                   const char *type,
                   const char *path,
                   const char *name)
{
  JsonNode *node = _ca_feed_field (ctx, object, type, name);
  g_autoptr(GUri) uri = NULL;
  const char *str;
  const char *scheme;

  if (node == NULL)
    return NULL;
  if (!_ca_feed_is_string (node))
    {
      _ca_feed_expected (ctx, path, name, _("a URL"), node);
      return NULL;
    }

  str = json_node_get_string (node);
  uri = g_uri_parse (str, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      _ca_feed_expected (ctx, path, name, _("a URL"), node);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
    {
      const char *host = g_uri_get_host (uri);
      if (host == NULL || *host == '\0')
        {
          _ca_feed_expected (ctx, path, name, _("a URL"), node);
          return NULL;
        }
    }
  else
    {
      g_autofree char *shown = _ca_feed_quote (scheme);
      _ca_feed_warn (ctx, path, name, _("refused URL scheme %s"), shown);
      return NULL;
    }

  return clean_string (ctx, path, name, str);
}

static gboolean
digits (const char *s,
        guint       n)
{
  for (guint i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static int
number (const char *s,
        guint       n)
{
  int v = 0;
  for (guint i = 0; i < n; i++)
    v = v * 10 + (s[i] - '0');
  return v;
}

static int days_in_month (int year, int month);

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD"; returns the number of parts, 0 if invalid. */
guint
_ca_feed_parse_date (const char *s,
                     int        *year,
                     int        *month,
                     int        *day)
{
  gsize len = strlen (s);

  *month = 1;
  *day = 1;
  if (len < 4 || !digits (s, 4))
    return 0;
  *year = number (s, 4);
  if (*year < 1)
    return 0;
  if (len == 4)
    return 1;
  if (len < 7 || s[4] != '-' || !digits (s + 5, 2))
    return 0;
  *month = number (s + 5, 2);
  if (*month < 1 || *month > 12)
    return 0;
  if (len == 7)
    return 2;
  if (len != 10 || s[7] != '-' || !digits (s + 8, 2))
    return 0;
  *day = number (s + 8, 2);
  if (*day < 1 || *day > days_in_month (*year, *month))
    return 0;
  return 3;
}

char *
_ca_feed_read_date (Ctx        *ctx,
                    JsonObject *object,
                    const char *type,
                    const char *path,
                    const char *name)
{
  JsonNode *node = _ca_feed_field (ctx, object, type, name);
  int y, m, d;

  if (node == NULL)
    return NULL;
  if (!_ca_feed_is_string (node) ||
      _ca_feed_parse_date (json_node_get_string (node), &y, &m, &d) == 0)
    {
      _ca_feed_expected (ctx, path, name, _("a date"), node);
      return NULL;
    }
  return g_strdup (json_node_get_string (node));
}

static gboolean
leap_year (int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
days_in_month (int year,
               int month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  return month == 2 && leap_year (year) ? 29 : days[month - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date. Plain arithmetic: building a
 * GDateTime per value made parsing a large feed several times slower. */
static gint64
days_from_civil (int year,
                 int month,
                 int day)
{
  gint64 y = year - (month <= 2);
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

gint64
_ca_feed_utc_midnight (int year,
                       int month,
                       int day)
{
  return days_from_civil (year, month, day) * 86400;
}

/* RFC 3339, or the same without an offset (then read in tz, or UTC when tz is NULL),
 * or a date. */
gboolean
_ca_feed_parse_when (const char *s,
                     GTimeZone  *tz,
                     When       *when)
{
  gsize len = strlen (s);
  int y, m, d, hour, minute, second = 0;
  gint64 offset = 0;
  gboolean has_offset = FALSE;
  const char *p;

  when->all_day = FALSE;
  if (len <= 10)
    {
      when->parts = _ca_feed_parse_date (s, &y, &m, &d);
      if (when->parts == 0)
        return FALSE;
      when->all_day = TRUE;
      when->first = _ca_feed_utc_midnight (y, m, d);
      if (when->parts == 3)
        when->last = when->first;
      else if (when->parts == 2)
        when->last = _ca_feed_utc_midnight (y, m, days_in_month (y, m));
      else
        when->last = _ca_feed_utc_midnight (y, 12, 31);
      return TRUE;
    }

  if (len < 19 || _ca_feed_parse_date ((char[11]) { s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7],
                                                    s[8], s[9], '\0' }, &y, &m, &d) != 3)
    return FALSE;
  if ((s[10] != 'T' && s[10] != 't') || !digits (s + 11, 2) || s[13] != ':' ||
      !digits (s + 14, 2) || s[16] != ':' || !digits (s + 17, 2))
    return FALSE;
  hour = number (s + 11, 2);
  minute = number (s + 14, 2);
  second = number (s + 17, 2);
  p = s + 19;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (hour > 23 || minute > 59 || second > 60)
    return FALSE;

  if (*p == 'Z' || *p == 'z')
    {
      has_offset = TRUE;
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      int oh, om;

      if (!digits (p + 1, 2) || p[3] != ':' || !digits (p + 4, 2))
        return FALSE;
      oh = number (p + 1, 2);
      om = number (p + 4, 2);
      if (oh > 23 || om > 59)
        return FALSE;
      offset = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
      has_offset = TRUE;
      p += 6;
    }
  if (*p != '\0')
    return FALSE;

  if (!has_offset && tz != NULL)
    {
      g_autoptr(GDateTime) dt = g_date_time_new (tz, y, m, d, hour, minute, MIN (second, 59));
      if (dt == NULL)
        return FALSE;
      when->first = g_date_time_to_unix (dt) + (second == 60);
    }
  else
    when->first = _ca_feed_utc_midnight (y, m, d) + hour * 3600 + minute * 60 + second - offset;

  when->last = when->first;
  when->parts = 0;
  return TRUE;
}

gboolean
_ca_feed_read_when (Ctx        *ctx,
                    JsonObject *object,
                    const char *type,
                    const char *path,
                    const char *name,
                    GTimeZone  *tz,
                    When       *when)
{
  JsonNode *node = _ca_feed_field (ctx, object, type, name);

  if (node == NULL)
    return FALSE;
  if (!_ca_feed_is_string (node) || !_ca_feed_parse_when (json_node_get_string (node), tz, when))
    {
      _ca_feed_expected (ctx, path, name, _("a date-time"), node);
      return FALSE;
    }
  return TRUE;
}

int
_ca_feed_read_boolean (Ctx        *ctx,
                       JsonObject *object,
                       const char *type,
                       const char *path,
                       const char *name)
{
  JsonNode *node = _ca_feed_field (ctx, object, type, name);

  if (node == NULL)
    return -1;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      _ca_feed_expected (ctx, path, name, _("true or false"), node);
      return -1;
    }
  return json_node_get_boolean (node) ? 1 : 0;
}

/* An enumeration: unknown or mistyped values read as the default, with a warning. */
int
_ca_feed_read_enum (Ctx        *ctx,
                    JsonObject *object,
                    const char *type,
                    const char *path,
                    const char *name,
                    int       (*from_string) (const char *),
                    int         fallback,
                    const char *fallback_name)
{
  JsonNode *node = _ca_feed_field (ctx, object, type, name);
  int value;

  if (node == NULL)
    return fallback;
  if (!_ca_feed_is_string (node))
    {
      _ca_feed_expected (ctx, path, name, _("a string"), node);
      return fallback;
    }
  value = from_string (json_node_get_string (node));
  if (value < 0)
    {
      g_autofree char *got = describe (node);
      _ca_feed_warn (ctx, path, name, _("unknown value %s, read as \"%s\""), got, fallback_name);
      return fallback;
    }
  return value;
}

JsonObject *
_ca_feed_object_of (Ctx        *ctx,
                    JsonNode   *node,
                    const char *path,
                    const char *what)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *got = describe (node);
      _ca_feed_warn (ctx, path, NULL, _("expected %s, got %s"), what, got);
      return NULL;
    }
  return json_node_get_object (node);
}
