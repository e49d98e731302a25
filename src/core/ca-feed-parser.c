/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-feed-parser"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ca-feed-layout.h"
#include "ca-feed-parser-private.h"
#include "ca-person.h"
#include "ca-text.h"

G_DEFINE_QUARK (ca-feed-error-quark, ca_feed_error)

struct _CaFeedParser
{
  GObject     parent_instance;

  gsize       max_size;
  GHashTable *field_log;
};

G_DEFINE_FINAL_TYPE (CaFeedParser, ca_feed_parser, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAX_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* State of one parse: where warnings go and which fields were read. */
typedef struct {
  GPtrArray  *warnings;
  const char *feed_key;
  GHashTable *field_log;
  GHashTable *cluster_ids;   /* of the records kept, for reference checks */
  GHashTable *project_ids;
  GHashTable *zones;         /* IANA name → GTimeZone */
} Ctx;

/* Warnings name a JSON path: base path, then an optional field or [index]. */
G_GNUC_PRINTF (4, 5) static void
warn (Ctx        *ctx,
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

static char *
join_path (const char *path,
           const char *field)
{
  if (path == NULL || *path == '\0')
    return g_strdup (field);
  return g_strconcat (path, ".", field, NULL);
}

static char *
index_path (const char *path,
            const char *field,
            guint       index)
{
  if (path == NULL || *path == '\0')
    return g_strdup_printf ("%s[%u]", field, index);
  return g_strdup_printf ("%s.%s[%u]", path, field, index);
}

/* A feed string for a message: quoted, shortened, with quotes and control characters
 * escaped (GLib's strescape would also escape every non-ASCII byte, mangling Cyrillic). */
static char *
quote (const char *str)
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
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if ((guchar) *p < 0x20 || *p == 0x7f)
        g_string_append_printf (out, "\\x%02x", (guchar) *p);
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
      return quote (json_node_get_string (node));
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

static JsonNode *
field (Ctx        *ctx,
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

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static void
expected (Ctx        *ctx,
          const char *path,
          const char *name,
          const char *what,
          JsonNode   *node)
{
  g_autofree char *got = describe (node);
  /* TRANSLATORS: e.g. "expected a date-time, got "tomorrow"" */
  warn (ctx, path, name, _("expected %s, got %s"), what, got);
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
      warn (ctx, path, name, _("an escape that is no character, replaced"));
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
      warn (ctx, path, name, _("string longer than %u KiB, cut"),
            (guint) (CA_FEED_MAX_STRING / 1024));
    }

  return g_string_free (out, FALSE);
}

static char *
read_string (Ctx        *ctx,
             JsonObject *object,
             const char *type,
             const char *path,
             const char *name)
{
  JsonNode *node = field (ctx, object, type, name);

  if (node == NULL)
    return NULL;
  if (!is_string (node))
    {
      expected (ctx, path, name, _("a string"), node);
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
static char *
text_from_node (Ctx        *ctx,
                JsonNode   *node,
                const char *path,
                const char *name)
{
  g_autofree char *tag_path = NULL;
  JsonObjectIter iter;
  const char *tag;
  JsonNode *value;
  GString *builder;

  if (is_string (node))
    return clean_string (ctx, path, name, json_node_get_string (node));

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      expected (ctx, path, name, _("a text"), node);
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
      if (!valid_language_tag (tag) || !is_string (value) ||
          needs_cleaning (str = json_node_get_string (value)))
        {
          if (tag_path == NULL)
            tag_path = join_path (path, name);
          if (!valid_language_tag (tag))
            {
              g_autofree char *shown = quote (tag);
              warn (ctx, tag_path, NULL, _("%s is not a language tag"), shown);
              continue;
            }
          if (!is_string (value))
            {
              expected (ctx, tag_path, tag, _("a string"), value);
              continue;
            }
          str = clean = clean_string (ctx, tag_path, tag, json_node_get_string (value));
        }
      ca_text_builder_add (builder, tag, str);
    }

  if (builder->len == 0)
    {
      g_string_free (builder, TRUE);
      warn (ctx, path, name, _("a text with no language in it"));
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

static char *
read_text (Ctx        *ctx,
           JsonObject *object,
           const char *type,
           const char *path,
           const char *name)
{
  JsonNode *node = field (ctx, object, type, name);

  if (node == NULL)
    return NULL;
  return text_from_node (ctx, node, path, name);
}

/* A name or title: a blank one counts as none. */
static char *
read_required_text (Ctx        *ctx,
                    JsonObject *object,
                    const char *type,
                    const char *path,
                    const char *name,
                    gboolean   *blank)
{
  char *text = read_text (ctx, object, type, path, name);

  /* The caller says why the record or element goes. */
  *blank = text != NULL && text_is_blank (text);
  if (*blank)
    g_clear_pointer (&text, g_free);
  return text;
}

static JsonArray *
read_array (Ctx        *ctx,
            JsonObject *object,
            const char *type,
            const char *path,
            const char *name)
{
  JsonNode *node = field (ctx, object, type, name);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      expected (ctx, path, name, _("an array"), node);
      return NULL;
    }
  return json_node_get_array (node);
}

typedef char *(*ItemReader) (Ctx *ctx, JsonNode *node, const char *path, const char *name);

/* An array of simple values; a bad element alone is dropped. */
static char **
read_list (Ctx        *ctx,
           JsonObject *object,
           const char *type,
           const char *path,
           const char *name,
           ItemReader  reader)
{
  JsonArray *array = read_array (ctx, object, type, path, name);
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
  if (!is_string (node) || !check (json_node_get_string (node)))
    {
      expected (ctx, path, name, what, node);
      return NULL;
    }
  return g_strdup (json_node_get_string (node));
}

static char *
id_from_node (Ctx        *ctx,
              JsonNode   *node,
              const char *path,
              const char *name)
{
  return checked_from_node (ctx, node, path, name, valid_id, _("an id"));
}

static char *
read_id (Ctx        *ctx,
         JsonObject *object,
         const char *type,
         const char *path,
         const char *name)
{
  JsonNode *node = field (ctx, object, type, name);

  if (node == NULL)
    return NULL;
  return id_from_node (ctx, node, path, name);
}

/* ISO 3166-1 alpha-2: two capital letters */
static gboolean
valid_country (const char *str)
{
  return strlen (str) == 2 && g_ascii_isupper (str[0]) && g_ascii_isupper (str[1]);
}

static char *
read_country (Ctx        *ctx,
              JsonObject *object,
              const char *type,
              const char *path,
              const char *name)
{
  JsonNode *node = field (ctx, object, type, name);

  if (node == NULL)
    return NULL;
  return checked_from_node (ctx, node, path, name, valid_country,
                            _("a two-letter country code"));
}

static char *
language_from_node (Ctx        *ctx,
                    JsonNode   *node,
                    const char *path,
                    const char *name)
{
  return checked_from_node (ctx, node, path, name, valid_language_tag, _("a language tag"));
}

/* An e-mail address, plain or as a mailto: URL; kept without the scheme. */
static char *
read_email (Ctx        *ctx,
            JsonObject *object,
            const char *type,
            const char *path,
            const char *name)
{
  JsonNode *node = field (ctx, object, type, name);
  const char *str;
  const char *at;

  if (node == NULL)
    return NULL;
  if (!is_string (node))
    {
      expected (ctx, path, name, _("an e-mail address"), node);
      return NULL;
    }
  str = json_node_get_string (node);
  if (g_ascii_strncasecmp (str, "mailto:", 7) == 0)
    str += 7;
  at = strchr (str, '@');
  if (at == NULL || at == str || at[1] == '\0' || strchr (at + 1, '@') != NULL ||
      strpbrk (str, " \t\n<>\"") != NULL)
    {
      expected (ctx, path, name, _("an e-mail address"), node);
      return NULL;
    }
  return clean_string (ctx, path, name, str);
}

/* Links are http or https; everything else (file:, javascript:, data:, a custom
 * scheme, and mailto:, as addresses have their own e-mail fields) is refused. */
static char *
read_url (Ctx        *ctx,
          JsonObject *object,
          const char *type,
          const char *path,
          const char *name)
{
  JsonNode *node = field (ctx, object, type, name);
  g_autoptr(GUri) uri = NULL;
  const char *str;
  const char *scheme;

  if (node == NULL)
    return NULL;
  if (!is_string (node))
    {
      expected (ctx, path, name, _("a URL"), node);
      return NULL;
    }

  str = json_node_get_string (node);
  uri = g_uri_parse (str, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      expected (ctx, path, name, _("a URL"), node);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
    {
      const char *host = g_uri_get_host (uri);
      if (host == NULL || *host == '\0')
        {
          expected (ctx, path, name, _("a URL"), node);
          return NULL;
        }
    }
  else
    {
      g_autofree char *shown = quote (scheme);
      warn (ctx, path, name, _("refused URL scheme %s"), shown);
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
static guint
parse_date (const char *s,
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

static char *
read_date (Ctx        *ctx,
           JsonObject *object,
           const char *type,
           const char *path,
           const char *name)
{
  JsonNode *node = field (ctx, object, type, name);
  int y, m, d;

  if (node == NULL)
    return NULL;
  if (!is_string (node) || parse_date (json_node_get_string (node), &y, &m, &d) == 0)
    {
      expected (ctx, path, name, _("a date"), node);
      return NULL;
    }
  return g_strdup (json_node_get_string (node));
}

/* A parsed date-time: an instant, or an all-day span of dates. */
typedef struct {
  gboolean all_day;
  guint    parts;     /* all-day: 1 year, 2 month, 3 day */
  gint64   first;     /* instant, or 00:00 UTC of the first day */
  gint64   last;      /* all-day: 00:00 UTC of the last day the value covers */
} When;

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

static gint64
utc_midnight (int year,
              int month,
              int day)
{
  return days_from_civil (year, month, day) * 86400;
}

/* RFC 3339, or the same without an offset (then read in tz, or UTC when tz is NULL),
 * or a date. */
static gboolean
parse_when (const char *s,
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
      when->parts = parse_date (s, &y, &m, &d);
      if (when->parts == 0)
        return FALSE;
      when->all_day = TRUE;
      when->first = utc_midnight (y, m, d);
      if (when->parts == 3)
        when->last = when->first;
      else if (when->parts == 2)
        when->last = utc_midnight (y, m, days_in_month (y, m));
      else
        when->last = utc_midnight (y, 12, 31);
      return TRUE;
    }

  if (len < 19 || parse_date ((char[11]) { s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7],
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
    when->first = utc_midnight (y, m, d) + hour * 3600 + minute * 60 + second - offset;

  when->last = when->first;
  when->parts = 0;
  return TRUE;
}

static gboolean
read_when (Ctx        *ctx,
           JsonObject *object,
           const char *type,
           const char *path,
           const char *name,
           GTimeZone  *tz,
           When       *when)
{
  JsonNode *node = field (ctx, object, type, name);

  if (node == NULL)
    return FALSE;
  if (!is_string (node) || !parse_when (json_node_get_string (node), tz, when))
    {
      expected (ctx, path, name, _("a date-time"), node);
      return FALSE;
    }
  return TRUE;
}

static int
read_boolean (Ctx        *ctx,
              JsonObject *object,
              const char *type,
              const char *path,
              const char *name)
{
  JsonNode *node = field (ctx, object, type, name);

  if (node == NULL)
    return -1;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      expected (ctx, path, name, _("true or false"), node);
      return -1;
    }
  return json_node_get_boolean (node) ? 1 : 0;
}

/* An enumeration: unknown or mistyped values read as the default, with a warning. */
static int
read_enum (Ctx        *ctx,
           JsonObject *object,
           const char *type,
           const char *path,
           const char *name,
           int       (*from_string) (const char *),
           int         fallback,
           const char *fallback_name)
{
  JsonNode *node = field (ctx, object, type, name);
  int value;

  if (node == NULL)
    return fallback;
  if (!is_string (node))
    {
      expected (ctx, path, name, _("a string"), node);
      return fallback;
    }
  value = from_string (json_node_get_string (node));
  if (value < 0)
    {
      g_autofree char *got = describe (node);
      warn (ctx, path, name, _("unknown value %s, read as \"%s\""), got, fallback_name);
      return fallback;
    }
  return value;
}

static JsonObject *
object_of (Ctx        *ctx,
           JsonNode   *node,
           const char *path,
           const char *what)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *got = describe (node);
      warn (ctx, path, NULL, _("expected %s, got %s"), what, got);
      return NULL;
    }
  return json_node_get_object (node);
}

/* A record without a valid required field is skipped. An invalid value was already
 * reported by its reader; an absent one is reported here. */
static gpointer
skipped (Ctx        *ctx,
         JsonObject *object,
         const char *type,
         const char *path,
         const char *name,
         gboolean    blank)
{
  if (field (ctx, object, type, name) == NULL)
    warn (ctx, path, NULL, _("no “%s”, record skipped"), name);
  else if (blank)
    warn (ctx, path, name, _("empty, record skipped"));
  return NULL;
}

/* An element without a usable name is dropped from its array. */
static gpointer
no_name (Ctx        *ctx,
         JsonObject *object,
         const char *type,
         const char *path,
         gboolean    blank)
{
  if (blank || field (ctx, object, type, "name") == NULL)
    warn (ctx, path, NULL, _("no name"));
  return NULL;
}

static CaPerson *
read_person (Ctx        *ctx,
             JsonNode   *node,
             const char *path)
{
  JsonObject *object = object_of (ctx, node, path, _("a person"));
  CaPerson *person;
  char *name;

  if (object == NULL)
    return NULL;
  name = read_string (ctx, object, "person", path, "name");
  if (name == NULL || *g_strstrip (name) == '\0')
    {
      gboolean blank = name != NULL;

      g_free (name);
      return no_name (ctx, object, "person", path, blank);
    }
  person = ca_person_new ();
  person->name = name;
  person->role = read_text (ctx, object, "person", path, "role");
  person->email = read_email (ctx, object, "person", path, "email");
  person->phone = read_string (ctx, object, "person", path, "phone");
  return person;
}

static void
read_people (Ctx        *ctx,
             JsonObject *object,
             const char *type,
             const char *path,
             const char *name,
             GPtrArray  *into)
{
  JsonArray *array = read_array (ctx, object, type, path, name);
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item_path = index_path (path, name, i);
      CaPerson *person = read_person (ctx, json_array_get_element (array, i), item_path);

      if (person != NULL)
        g_ptr_array_add (into, person);
    }
}

static CaMember *
read_member (Ctx        *ctx,
             JsonNode   *node,
             const char *path)
{
  JsonObject *object = object_of (ctx, node, path, _("a member"));
  CaMember *member;
  char *name;
  gboolean blank;

  if (object == NULL)
    return NULL;
  if ((name = read_required_text (ctx, object, "member", path, "name", &blank)) == NULL)
    return no_name (ctx, object, "member", path, blank);

  member = ca_member_new ();
  member->feed = g_strdup (ctx->feed_key);
  member->name = name;
  member->id = read_id (ctx, object, "member", path, "id");
  member->kind = read_enum (ctx, object, "member", path, "kind",
                            ca_member_kind_from_string, CA_MEMBER_KIND_OTHER, "other");
  member->city = read_text (ctx, object, "member", path, "city");
  member->country = read_country (ctx, object, "member", path, "country");
  member->website = read_url (ctx, object, "member", path, "website");
  member->sectors = read_list (ctx, object, "member", path, "sectors", text_from_node);
  member->description = read_text (ctx, object, "member", path, "description");
  member->joined = read_date (ctx, object, "member", path, "joined");
  return member;
}

static void
read_composition (Ctx        *ctx,
                  JsonObject *object,
                  const char *path,
                  CaCluster  *cluster)
{
  JsonNode *node = field (ctx, object, "cluster", "composition");
  g_autofree char *comp_path = NULL;
  JsonObject *composition;

  if (node == NULL)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      expected (ctx, path, "composition", _("an object"), node);
      return;
    }

  composition = json_node_get_object (node);
  comp_path = join_path (path, "composition");
  for (guint i = 0; i < CA_N_COMPOSITION; i++)
    {
      const char *name = ca_composition_field_name (i);
      JsonNode *value = field (ctx, composition, "composition", name);

      if (value == NULL)
        continue;
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64 ||
          json_node_get_int (value) < 0)
        {
          expected (ctx, comp_path, name, _("a non-negative integer"), value);
          continue;
        }
      cluster->composition[i] = json_node_get_int (value);
    }
}

static void
read_networks (Ctx        *ctx,
               JsonObject *object,
               const char *path,
               CaCluster  *cluster)
{
  JsonArray *array = read_array (ctx, object, "cluster", path, "networks");
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item_path = index_path (path, "networks", i);
      JsonObject *item = object_of (ctx, json_array_get_element (array, i), item_path,
                                    _("a network"));
      CaNetwork *network;
      char *name;
      gboolean blank;

      if (item == NULL)
        continue;
      if ((name = read_required_text (ctx, item, "network", item_path, "name", &blank)) == NULL)
        {
          no_name (ctx, item, "network", item_path, blank);
          continue;
        }
      network = ca_network_new ();
      network->name = name;
      network->url = read_url (ctx, item, "network", item_path, "url");
      g_ptr_array_add (cluster->networks, network);
    }
}

static void
read_members (Ctx        *ctx,
              JsonObject *object,
              const char *path,
              CaCluster  *cluster)
{
  JsonArray *array = read_array (ctx, object, "cluster", path, "members");
  guint n = array != NULL ? json_array_get_length (array) : 0;
  g_autoptr(GHashTable) seen = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item_path = index_path (path, "members", i);
      CaMember *member = read_member (ctx, json_array_get_element (array, i), item_path);

      if (member == NULL)
        continue;
      if (member->id != NULL)
        {
          if (seen == NULL)
            seen = g_hash_table_new (g_str_hash, g_str_equal);
          /* The first keeps its key: adding again would swap in the duplicate's. */
          if (g_hash_table_contains (seen, member->id))
            {
              g_autofree char *shown = quote (member->id);
              warn (ctx, item_path, NULL, _("duplicate id %s, skipped"), shown);
              g_object_unref (member);
              continue;
            }
          g_hash_table_add (seen, member->id);
        }
      member->cluster = g_strdup (cluster->id);
      member->position = cluster->members->len;
      g_ptr_array_add (cluster->members, member);
    }
}

/* Required fields decide whether a record is kept at all. */
static CaCluster *
read_cluster (Ctx        *ctx,
              JsonObject *object,
              const char *path)
{
  g_autoptr(CaCluster) cluster = ca_cluster_new ();
  gboolean blank;

  if ((cluster->id = read_id (ctx, object, "cluster", path, "id")) == NULL)
    return skipped (ctx, object, "cluster", path, "id", FALSE);
  if ((cluster->name = read_required_text (ctx, object, "cluster", path, "name",
                                        &blank)) == NULL)
    return skipped (ctx, object, "cluster", path, "name", blank);

  cluster->feed = g_strdup (ctx->feed_key);
  cluster->acronym = read_string (ctx, object, "cluster", path, "acronym");
  cluster->country = read_country (ctx, object, "cluster", path, "country");
  cluster->region = read_text (ctx, object, "cluster", path, "region");
  cluster->city = read_text (ctx, object, "cluster", path, "city");
  cluster->established = read_date (ctx, object, "cluster", path, "established");
  cluster->legal_form = read_text (ctx, object, "cluster", path, "legal_form");
  cluster->website = read_url (ctx, object, "cluster", path, "website");
  cluster->email = read_email (ctx, object, "cluster", path, "email");
  cluster->phone = read_string (ctx, object, "cluster", path, "phone");
  cluster->languages = read_list (ctx, object, "cluster", path, "languages",
                                  language_from_node);
  cluster->summary = read_text (ctx, object, "cluster", path, "summary");
  cluster->objectives = read_list (ctx, object, "cluster", path, "objectives", text_from_node);
  cluster->activities = read_list (ctx, object, "cluster", path, "activities", text_from_node);
  cluster->services = read_list (ctx, object, "cluster", path, "services", text_from_node);
  cluster->sectors = read_list (ctx, object, "cluster", path, "sectors", text_from_node);
  cluster->technology_fields = read_list (ctx, object, "cluster", path, "technology_fields",
                                          text_from_node);
  cluster->s3_priorities = read_list (ctx, object, "cluster", path, "s3_priorities",
                                      text_from_node);
  cluster->labels = read_list (ctx, object, "cluster", path, "labels", text_from_node);
  read_composition (ctx, object, path, cluster);
  read_people (ctx, object, "cluster", path, "team", cluster->team);
  read_members (ctx, object, path, cluster);
  read_networks (ctx, object, path, cluster);

  return g_steal_pointer (&cluster);
}

/* References to records the feed lacks are kept, but said, with their path. */
static void
check_cluster_references (Ctx         *ctx,
                          const char  *path,
                          char       **ids)
{
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (!g_hash_table_contains (ctx->cluster_ids, ids[i]))
      {
        g_autofree char *item = g_strdup_printf ("clusters[%u]", i);
        g_autofree char *shown = quote (ids[i]);
        warn (ctx, path, item, _("unknown cluster %s"), shown);
      }
}

static void
read_budget (Ctx        *ctx,
             JsonObject *object,
             const char *path,
             CaProject  *project)
{
  JsonNode *node = field (ctx, object, "project", "budget");
  g_autofree char *budget_path = NULL;
  JsonObject *budget;
  JsonNode *amount;
  char *currency;

  if (node == NULL)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      expected (ctx, path, "budget", _("an object"), node);
      return;
    }

  budget = json_node_get_object (node);
  budget_path = join_path (path, "budget");
  amount = field (ctx, budget, "budget", "amount");
  if (amount == NULL)
    {
      warn (ctx, budget_path, NULL, _("no amount"));
      return;
    }
  if (!JSON_NODE_HOLDS_VALUE (amount) ||
      (json_node_get_value_type (amount) != G_TYPE_INT64 &&
       json_node_get_value_type (amount) != G_TYPE_DOUBLE) ||
      json_node_get_double (amount) < 0)
    {
      expected (ctx, budget_path, "amount", _("a non-negative number"), amount);
      return;
    }

  currency = read_string (ctx, budget, "budget", budget_path, "currency");
  if (currency != NULL &&
      (strlen (currency) != 3 || !g_ascii_isupper (currency[0]) ||
       !g_ascii_isupper (currency[1]) || !g_ascii_isupper (currency[2])))
    {
      g_autofree char *shown = quote (currency);
      warn (ctx, budget_path, "currency", _("expected an ISO 4217 code, got %s"), shown);
      g_clear_pointer (&currency, g_free);
    }

  project->has_budget = TRUE;
  project->budget_amount = json_node_get_double (amount);
  project->budget_currency = currency != NULL ? currency : g_strdup ("EUR");
}

static CaProject *
read_project (Ctx        *ctx,
              JsonObject *object,
              const char *path)
{
  g_autoptr(CaProject) project = ca_project_new ();
  gboolean blank;

  if ((project->id = read_id (ctx, object, "project", path, "id")) == NULL)
    return skipped (ctx, object, "project", path, "id", FALSE);
  if ((project->title = read_required_text (ctx, object, "project", path, "title",
                                        &blank)) == NULL)
    return skipped (ctx, object, "project", path, "title", blank);

  project->feed = g_strdup (ctx->feed_key);
  project->acronym = read_string (ctx, object, "project", path, "acronym");
  project->programme = read_string (ctx, object, "project", path, "programme");
  project->grant = read_string (ctx, object, "project", path, "grant");
  project->start = read_date (ctx, object, "project", path, "start");
  project->end = read_date (ctx, object, "project", path, "end");
  if (project->start != NULL && project->end != NULL)
    {
      int y1, m1, d1, y2, m2, d2;
      parse_date (project->start, &y1, &m1, &d1);
      parse_date (project->end, &y2, &m2, &d2);
      if (utc_midnight (y2, m2, d2) < utc_midnight (y1, m1, d1))
        {
          warn (ctx, path, "end", _("before the start, dropped"));
          g_clear_pointer (&project->end, g_free);
        }
    }
  read_budget (ctx, object, path, project);
  project->role = read_text (ctx, object, "project", path, "role");
  project->clusters = read_list (ctx, object, "project", path, "clusters", id_from_node);
  project->partners = read_list (ctx, object, "project", path, "partners", text_from_node);
  project->summary = read_text (ctx, object, "project", path, "summary");
  project->objectives = read_list (ctx, object, "project", path, "objectives", text_from_node);
  project->website = read_url (ctx, object, "project", path, "website");

  return g_steal_pointer (&project);
}

/* Zones are cached for the parse: creating one expands its rules, which is slow. */
static GTimeZone *
read_timezone (Ctx        *ctx,
               JsonObject *object,
               const char *path,
               char      **name_out)
{
  g_autofree char *name = read_string (ctx, object, "event", path, "timezone");
  GTimeZone *tz;

  *name_out = NULL;
  if (name == NULL)
    return NULL;

  tz = g_hash_table_lookup (ctx->zones, name);
  if (tz == NULL)
    {
      /* Only IANA names ("Europe/Sofia", "UTC"): GLib would also take "+02:00". */
      if (strchr (name, '/') != NULL || g_str_equal (name, "UTC"))
        tz = g_time_zone_new_identifier (name);
      if (tz == NULL)
        {
          g_autofree char *shown = quote (name);
          warn (ctx, path, "timezone", _("unknown time zone %s"), shown);
          return NULL;
        }
      g_hash_table_insert (ctx->zones, g_strdup (name), tz);
    }

  *name_out = g_steal_pointer (&name);
  return tz;
}

static CaEvent *
read_event (Ctx        *ctx,
            JsonObject *object,
            const char *path)
{
  g_autoptr(CaEvent) event = ca_event_new ();
  gboolean blank;
  GTimeZone *tz;
  When start, end;

  if ((event->id = read_id (ctx, object, "event", path, "id")) == NULL)
    return skipped (ctx, object, "event", path, "id", FALSE);
  if ((event->title = read_required_text (ctx, object, "event", path, "title",
                                        &blank)) == NULL)
    return skipped (ctx, object, "event", path, "title", blank);

  tz = read_timezone (ctx, object, path, &event->timezone);
  if (!read_when (ctx, object, "event", path, "start", tz, &start))
    return skipped (ctx, object, "event", path, "start", FALSE);

  event->feed = g_strdup (ctx->feed_key);
  event->all_day = start.all_day;
  event->start = start.first;
  event->end = start.last;
  event->has_end = start.all_day && start.parts < 3;

  if (read_when (ctx, object, "event", path, "end", tz, &end))
    {
      if (end.all_day != start.all_day)
        warn (ctx, path, "end", start.all_day ? _("expected a date, as the start is a date")
                                              : _("expected a date-time, as the start has a time"));
      else if (end.last < start.first)
        warn (ctx, path, "end", _("before the start, dropped"));
      else
        {
          event->end = end.last;
          event->has_end = TRUE;
        }
    }

  event->kind = read_enum (ctx, object, "event", path, "kind",
                           ca_event_kind_from_string, CA_EVENT_KIND_OTHER, "other");
  event->status = read_enum (ctx, object, "event", path, "status",
                             ca_event_status_from_string, CA_EVENT_STATUS_SCHEDULED,
                             "scheduled");
  event->venue = read_text (ctx, object, "event", path, "venue");
  event->city = read_text (ctx, object, "event", path, "city");
  event->country = read_country (ctx, object, "event", path, "country");
  event->online = read_boolean (ctx, object, "event", path, "online");
  event->url = read_url (ctx, object, "event", path, "url");
  event->description = read_text (ctx, object, "event", path, "description");
  event->clusters = read_list (ctx, object, "event", path, "clusters", id_from_node);
  event->project = read_id (ctx, object, "event", path, "project");
  read_people (ctx, object, "event", path, "speakers", event->speakers);
  event->organizers = read_list (ctx, object, "event", path, "organizers", text_from_node);

  return g_steal_pointer (&event);
}

static const char *
record_id (gpointer record)
{
  if (CA_IS_CLUSTER (record))
    return CA_CLUSTER (record)->id;
  if (CA_IS_PROJECT (record))
    return CA_PROJECT (record)->id;
  return CA_EVENT (record)->id;
}

typedef gpointer (*RecordReader) (Ctx *ctx, JsonObject *object, const char *path);

static const RecordReader section_readers[CA_N_FEED_SECTIONS] = {
  (RecordReader) read_cluster,
  (RecordReader) read_project,
  (RecordReader) read_event,
};

/* A run of one top-level array's records: a slice of the document that a worker hands
 * to json-glib and reads, or an array json-glib has already parsed. */
typedef struct {
  CaFeedSection section;
  guint         first_index;    /* JSON index of its first element */
  const char   *text;           /* the elements, without brackets */
  gsize         text_len;
  JsonArray    *array;
  const char   *feed_key;
  GHashTable   *field_log;

  GPtrArray    *records;
  GArray       *indices;        /* JSON index of each record */
  GPtrArray    *warnings;
  gboolean      refused;        /* json-glib would not parse the slice */
  gboolean      done;
  GAsyncQueue  *finished;       /* where a worker reports the chunk read, or NULL */
} Chunk;

static Chunk *
chunk_new (CaFeedSection  section,
           guint          first_index,
           const char    *feed_key,
           GHashTable    *field_log)
{
  Chunk *chunk = g_new0 (Chunk, 1);

  chunk->section = section;
  chunk->first_index = first_index;
  chunk->feed_key = feed_key;
  chunk->field_log = field_log;
  chunk->records = g_ptr_array_new_with_free_func (g_object_unref);
  chunk->indices = g_array_new (FALSE, FALSE, sizeof (guint));
  chunk->warnings = g_ptr_array_new_with_free_func (g_free);
  return chunk;
}

static void
chunk_free (Chunk *chunk)
{
  g_ptr_array_unref (chunk->records);
  g_array_unref (chunk->indices);
  g_ptr_array_unref (chunk->warnings);
  g_free (chunk);
}

static void
read_chunk (Chunk *chunk)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GHashTable) zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_time_zone_unref);
  const char *name = _ca_feed_section_name (chunk->section);
  JsonArray *array = chunk->array;
  Ctx ctx = { chunk->warnings, chunk->feed_key, chunk->field_log, NULL, NULL, zones };
  guint n;

  if (array == NULL)
    {
      g_autofree char *text = g_malloc (chunk->text_len + 2);
      JsonNode *root;

      text[0] = '[';
      memcpy (text + 1, chunk->text, chunk->text_len);
      text[chunk->text_len + 1] = ']';
      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, text, chunk->text_len + 2, NULL) ||
          (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
        {
          chunk->refused = TRUE;
          return;
        }
      array = json_node_get_array (root);
    }

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      guint index = chunk->first_index + i;
      g_autofree char *path = index_path ("", name, index);
      JsonObject *object = object_of (&ctx, json_array_get_element (array, i), path,
                                      _("an object"));
      gpointer record;

      if (object == NULL || (record = section_readers[chunk->section] (&ctx, object, path)) == NULL)
        continue;
      g_ptr_array_add (chunk->records, record);
      g_array_append_val (chunk->indices, index);
    }
}

static void
read_chunk_in_worker (gpointer data,
                      gpointer user_data)
{
  Chunk *chunk = data;

  read_chunk (chunk);
  g_async_queue_push (chunk->finished, chunk);
}

/* Cuts a recorded array into slices of about target bytes. */
static void
add_slices (GPtrArray                *chunks,
            CaFeedSection             section,
            const CaFeedArrayLayout  *layout,
            const char               *data,
            gsize                     target,
            const char               *feed_key,
            GHashTable               *field_log)
{
  const CaFeedSpan *spans = (const CaFeedSpan *) layout->elements->data;
  guint n = layout->elements->len;
  guint first = 0;

  while (first < n)
    {
      guint last = first;
      Chunk *chunk;

      while (last + 1 < n && spans[last + 1].end - spans[first].start <= target)
        last++;
      chunk = chunk_new (section, first, feed_key, field_log);
      chunk->text = data + spans[first].start;
      chunk->text_len = spans[last].end - spans[first].start;
      g_ptr_array_add (chunks, chunk);
      first = last + 1;
    }
}

static gsize
chunks_bytes (GPtrArray *chunks)
{
  gsize total = 0;

  for (guint i = 0; i < chunks->len; i++)
    total += ((Chunk *) chunks->pdata[i])->text_len;
  return total;
}

/* Small feeds, and field logging (a test aid that is not thread-safe), stay on this thread. */
#define PARALLEL_MIN_BYTES (4 * 1024 * 1024)

/* "clusters[12].name: …" sorts as (1, 12); feed-level warnings come first. */
static void
warning_key (const char *warning,
             guint      *section,
             guint64    *index)
{
  *section = 0;
  *index = 0;
  for (guint i = 0; i < CA_N_FEED_SECTIONS; i++)
    {
      const char *name = _ca_feed_section_name (i);
      gsize len = strlen (name);

      if (strncmp (warning, name, len) == 0 && warning[len] == '[')
        {
          *section = i + 1;
          *index = g_ascii_strtoull (warning + len + 1, NULL, 10);
          return;
        }
    }
}

static int
compare_warnings (gconstpointer a,
                  gconstpointer b)
{
  guint sa, sb;
  guint64 ia, ib;

  warning_key (*(const char **) a, &sa, &ia);
  warning_key (*(const char **) b, &sb, &ib);
  if (sa != sb)
    return sa < sb ? -1 : 1;
  return ia < ib ? -1 : ia > ib;
}

/* Settles one chunk's records in document order: the first record with an id wins;
 * references are checked against the records kept before. */
typedef struct {
  Ctx              *ctx;
  CaFeed           *feed;
  GHashTable       *seen[CA_N_FEED_SECTIONS];
  const CaFeedSink *sink;
  gpointer          sink_data;
} Merge;

static gboolean
merge_chunk (Merge   *merge,
             Chunk   *chunk,
             GError **error)
{
  Ctx *ctx = merge->ctx;
  GPtrArray *targets[CA_N_FEED_SECTIONS] = {
    merge->feed->clusters, merge->feed->projects, merge->feed->events
  };
  GHashTable *seen = merge->seen[chunk->section];
  const char *name = _ca_feed_section_name (chunk->section);
  g_autoptr(GPtrArray) kept = g_ptr_array_sized_new (chunk->records->len);

  for (guint i = 0; i < chunk->warnings->len; i++)
    g_ptr_array_add (ctx->warnings, g_steal_pointer (&chunk->warnings->pdata[i]));

  for (guint i = 0; i < chunk->records->len; i++)
    {
      gpointer record = chunk->records->pdata[i];
      g_autofree char *path = index_path ("", name, g_array_index (chunk->indices, guint, i));
      const char *id = record_id (record);

      if (g_hash_table_contains (seen, id))
        {
          g_autofree char *shown = quote (id);
          warn (ctx, path, NULL, _("duplicate id %s, skipped"), shown);
          continue;
        }
      g_hash_table_add (seen, (gpointer) id);

      if (CA_IS_PROJECT (record))
        check_cluster_references (ctx, path, CA_PROJECT (record)->clusters);
      else if (CA_IS_EVENT (record))
        {
          CaEvent *event = record;

          check_cluster_references (ctx, path, event->clusters);
          if (event->project != NULL && !g_hash_table_contains (ctx->project_ids, event->project))
            {
              g_autofree char *shown = quote (event->project);
              warn (ctx, path, "project", _("unknown project %s"), shown);
            }
        }
      g_ptr_array_add (targets[chunk->section], g_object_ref (record));
      g_ptr_array_add (kept, record);
    }

  if (merge->sink != NULL && kept->len > 0)
    return merge->sink->records (kept, merge->sink_data, error);
  return TRUE;
}

typedef enum {
  READ_OK,
  READ_REFUSED,     /* json-glib refused a slice */
  READ_FAILED,      /* the sink failed: error is set */
} ReadResult;

/* Reads the chunks, on the worker threads when there is enough to share, and merges
 * each in document order as soon as it and all before it are read, so a sink can
 * store records while later ones are still being parsed. */
static ReadResult
read_chunks (GPtrArray  *chunks,
             gboolean    serial,
             Merge      *merge,
             GError    **error)
{
  g_autoptr(GAsyncQueue) finished = NULL;
  GThreadPool *pool = NULL;
  ReadResult result = READ_OK;

  if (!serial && chunks_bytes (chunks) >= PARALLEL_MIN_BYTES)
    {
      finished = g_async_queue_new ();
      pool = g_thread_pool_new (read_chunk_in_worker, NULL,
                                CLAMP (g_get_num_processors (), 1, 8), FALSE, NULL);
      for (guint i = 0; i < chunks->len; i++)
        {
          Chunk *chunk = chunks->pdata[i];
          chunk->finished = finished;
          g_thread_pool_push (pool, chunk, NULL);
        }
    }

  for (guint i = 0; i < chunks->len && result == READ_OK; i++)
    {
      Chunk *chunk = chunks->pdata[i];

      if (pool == NULL)
        read_chunk (chunk);
      else
        while (!chunk->done)
          ((Chunk *) g_async_queue_pop (finished))->done = TRUE;

      if (chunk->refused)
        result = READ_REFUSED;
      else if (!merge_chunk (merge, chunk, error))
        result = READ_FAILED;
    }

  /* On failure the chunks not started yet are dropped; running ones are waited for. */
  if (pool != NULL)
    g_thread_pool_free (pool, result != READ_OK, TRUE);

  if (result == READ_OK)
    g_ptr_array_sort (merge->feed->warnings, compare_warnings);
  return result;
}

static gboolean
read_header (Ctx         *ctx,
             JsonObject  *root,
             CaFeed      *feed,
             GError     **error)
{
  JsonNode *node;
  JsonNode *publisher;

  node = field (ctx, root, "feed", "format");
  if (node == NULL || !is_string (node) ||
      !g_str_equal (json_node_get_string (node), "cluster-feed"))
    {
      g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_WRONG_FORMAT,
                           _("This is not a cluster feed: its “format” is not “cluster-feed”"));
      return FALSE;
    }

  node = field (ctx, root, "feed", "version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 1)
    {
      g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_UNSUPPORTED_VERSION,
                           _("The feed has no valid “version”"));
      return FALSE;
    }
  if (json_node_get_int (node) > CA_FEED_FORMAT_VERSION)
    {
      g_set_error (error, CA_FEED_ERROR, CA_FEED_ERROR_UNSUPPORTED_VERSION,
                   _("feed version %lld is newer than this app supports"),
                   (long long) json_node_get_int (node));
      return FALSE;
    }

  node = field (ctx, root, "feed", "clusters");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_INVALID,
                           _("The feed has no “clusters” array"));
      return FALSE;
    }

  node = field (ctx, root, "feed", "generated");
  if (node != NULL)
    {
      When when;

      if (is_string (node) && parse_when (json_node_get_string (node), NULL, &when))
        feed->generated = g_strdup (json_node_get_string (node));
      else
        expected (ctx, "", "generated", _("a date-time"), node);
    }

  publisher = field (ctx, root, "feed", "publisher");
  if (publisher != NULL)
    {
      if (JSON_NODE_HOLDS_OBJECT (publisher))
        {
          JsonObject *object = json_node_get_object (publisher);
          feed->publisher_name = read_text (ctx, object, "publisher", "publisher", "name");
          feed->publisher_url = read_url (ctx, object, "publisher", "publisher", "url");
        }
      else
        expected (ctx, "", "publisher", _("an object"), publisher);
    }
  return TRUE;
}

/* Reads the feed from the header document and slices the layout found (layout set), or
 * from the whole document (layout NULL). Returns NULL with no error when json-glib
 * refused a slice or the header: the caller then reads the whole document, so a
 * syntax error is reported where it is in the document. */
static CaFeed *
parse_document (CaFeedParser        *self,
                const char          *data,
                gsize                len,
                const CaFeedLayout  *layout,
                const char          *feed_key,
                const CaFeedSink    *sink,
                gpointer             sink_data,
                GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) json_error = NULL;
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(GHashTable) cluster_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) project_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_time_zone_unref);
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) chunk_free);
  g_autoptr(GHashTable) event_ids = g_hash_table_new (g_str_hash, g_str_equal);
  Merge merge;
  gboolean loaded;
  JsonNode *root_node;
  JsonObject *root;
  Ctx ctx;

  if (layout != NULL)
    {
      gsize header_len;
      g_autofree char *header = _ca_feed_layout_header (layout, data, len, &header_len);

      loaded = json_parser_load_from_data (parser, header, header_len, &json_error);
    }
  else
    loaded = json_parser_load_from_data (parser, data, len, &json_error);

  if (!loaded)
    {
      if (layout == NULL)
        g_set_error (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_JSON,
                     _("The feed is not valid JSON: %s"), json_error->message);
      return NULL;
    }

  root_node = json_parser_get_root (parser);
  if (root_node == NULL && layout == NULL)
    {
      g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_JSON,
                           _("The feed is empty"));
      return NULL;
    }
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      if (layout == NULL)
        g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_OBJECT,
                             _("The feed is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (root_node);

  feed = ca_feed_new ();
  ctx = (Ctx) { feed->warnings, feed_key, self->field_log, cluster_ids, project_ids, zones };

  if (!read_header (&ctx, root, feed, error))
    return NULL;

  for (guint s = 0; s < CA_N_FEED_SECTIONS; s++)
    {
      const char *name = _ca_feed_section_name (s);
      JsonArray *array = read_array (&ctx, root, "feed", "", name);

      if (layout != NULL && layout->sections[s].found)
        add_slices (chunks, s, &layout->sections[s], data,
                    MAX (len / (4 * g_get_num_processors ()), 256 * 1024), feed_key,
                    self->field_log);
      else if (array != NULL && json_array_get_length (array) > 0)
        {
          Chunk *chunk = chunk_new (s, 0, feed_key, self->field_log);
          chunk->array = array;
          g_ptr_array_add (chunks, chunk);
        }
    }

  if (sink != NULL && !sink->begin (feed, sink_data, error))
    {
      sink->abort (sink_data);
      return NULL;
    }

  merge = (Merge) { &ctx, feed, { cluster_ids, project_ids, event_ids }, sink, sink_data };
  switch (read_chunks (chunks, self->field_log != NULL, &merge, error))
    {
    case READ_OK:
      return g_steal_pointer (&feed);
    case READ_REFUSED:
    case READ_FAILED:
    default:
      if (sink != NULL)
        sink->abort (sink_data);
      return NULL;
    }
}

static CaFeed *
parse (CaFeedParser      *self,
       GBytes            *bytes,
       const char        *feed_key,
       const CaFeedSink  *sink,
       gpointer           sink_data,
       GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  CaFeedLayout layout;
  const char *data;
  gsize len;
  gsize bad_offset = 0;
  CaFeed *feed = NULL;

  data = g_bytes_get_data (bytes, &len);

  if (len > self->max_size)
    {
      g_autofree char *limit = g_format_size (self->max_size);
      g_set_error (error, CA_FEED_ERROR, CA_FEED_ERROR_TOO_LARGE,
                   _("The feed is larger than the limit of %s"), limit);
      return NULL;
    }
  if (len == 0)
    {
      g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_JSON,
                           _("The feed is empty"));
      return NULL;
    }
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_INVALID_UTF8,
                           _("The feed is not valid UTF-8 text"));
      return NULL;
    }
  switch (_ca_feed_layout_scan (&layout, data, len, CA_FEED_MAX_DEPTH, &bad_offset))
    {
    case CA_FEED_SCAN_TOO_DEEP:
      _ca_feed_layout_clear (&layout);
      g_set_error (error, CA_FEED_ERROR, CA_FEED_ERROR_TOO_DEEP,
                   _("The feed nests deeper than %d levels"), CA_FEED_MAX_DEPTH);
      return NULL;
    case CA_FEED_SCAN_NOT_JSON:
      {
        guint line = 1;
        g_autofree char *shown = g_strndup (data + bad_offset,
                                            g_utf8_next_char (data + bad_offset) - (data + bad_offset));

        _ca_feed_layout_clear (&layout);
        for (gsize i = 0; i < bad_offset; i++)
          line += data[i] == '\n';
        /* TRANSLATORS: e.g. "unexpected “/” on line 3" */
        g_set_error (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_JSON,
                     _("The feed is not valid JSON: unexpected “%s” on line %u"), shown, line);
        return NULL;
      }
    case CA_FEED_SCAN_OK:
    default:
      break;
    }

  if (layout.is_object && layout.sliceable)
    feed = parse_document (self, data, len, &layout, feed_key, sink, sink_data, &local_error);
  _ca_feed_layout_clear (&layout);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (feed == NULL)
    feed = parse_document (self, data, len, NULL, feed_key, sink, sink_data, error);
  return feed;
}

static void
ca_feed_parser_finalize (GObject *object)
{
  CaFeedParser *self = (CaFeedParser *) object;

  g_clear_pointer (&self->field_log, g_hash_table_unref);

  G_OBJECT_CLASS (ca_feed_parser_parent_class)->finalize (object);
}

static void
ca_feed_parser_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CaFeedParser *self = CA_FEED_PARSER (object);

  switch (prop_id)
    {
    case PROP_MAX_SIZE:
      g_value_set_uint64 (value, self->max_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_feed_parser_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CaFeedParser *self = CA_FEED_PARSER (object);

  switch (prop_id)
    {
    case PROP_MAX_SIZE:
      ca_feed_parser_set_max_size (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_feed_parser_class_init (CaFeedParserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ca_feed_parser_finalize;
  object_class->get_property = ca_feed_parser_get_property;
  object_class->set_property = ca_feed_parser_set_property;

  properties[PROP_MAX_SIZE] =
    g_param_spec_uint64 ("max-size", NULL, NULL,
                         1, G_MAXUINT64, CA_FEED_DEFAULT_MAX_SIZE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ca_feed_parser_init (CaFeedParser *self)
{
  self->max_size = CA_FEED_DEFAULT_MAX_SIZE;
}

CaFeedParser *
ca_feed_parser_new (void)
{
  return g_object_new (CA_TYPE_FEED_PARSER, NULL);
}

void
ca_feed_parser_set_max_size (CaFeedParser *self,
                             gsize         max_size)
{
  g_return_if_fail (CA_IS_FEED_PARSER (self));
  g_return_if_fail (max_size > 0);

  if (self->max_size == max_size)
    return;
  self->max_size = max_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_SIZE]);
}

gsize
ca_feed_parser_get_max_size (CaFeedParser *self)
{
  g_return_val_if_fail (CA_IS_FEED_PARSER (self), 0);
  return self->max_size;
}

CaFeed *
ca_feed_parser_parse (CaFeedParser  *self,
                      GBytes        *bytes,
                      const char    *feed_key,
                      GError       **error)
{
  g_return_val_if_fail (CA_IS_FEED_PARSER (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (feed_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse (self, bytes, feed_key, NULL, NULL, error);
}

CaFeed *
ca_feed_parser_parse_to_sink (CaFeedParser      *self,
                              GBytes            *bytes,
                              const char        *feed_key,
                              const CaFeedSink  *sink,
                              gpointer           user_data,
                              GError           **error)
{
  g_return_val_if_fail (CA_IS_FEED_PARSER (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (feed_key != NULL, NULL);
  g_return_val_if_fail (sink != NULL && sink->begin && sink->records && sink->abort, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse (self, bytes, feed_key, sink, user_data, error);
}

void
_ca_feed_parser_log_fields (CaFeedParser *self,
                            GHashTable   *field_log)
{
  g_return_if_fail (CA_IS_FEED_PARSER (self));

  g_clear_pointer (&self->field_log, g_hash_table_unref);
  if (field_log != NULL)
    self->field_log = g_hash_table_ref (field_log);
}
