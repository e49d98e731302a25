/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-feed-parser"

#include "config.h"

#include <string.h>

#include "ca-feed-parser-private.h"
#include "ca-format.h"
#include "ca-person.h"
#include "ca-text.h"

#define FEED_KEY "https://feeds.example.org/test.json"

/* Helpers */

/* Assertions do not stop a test: a missing error must not crash the checks after it. */
static const char *
error_message (const GError *error)
{
  return error != NULL ? error->message : "(no error)";
}

static GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  /* Helpers stop the test outright: the callers use what they return. */
  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error_message (error));
  return g_bytes_new_take (contents, len);
}

static CaFeed *
parse_bytes (GBytes  *bytes,
             GError **error)
{
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();

  return ca_feed_parser_parse (parser, bytes, FEED_KEY, error);
}

static CaFeed *
parse_data (const char  *data,
            gsize        len,
            GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);

  return parse_bytes (bytes, error);
}

static CaFeed *
parse_str (const char  *json,
           GError     **error)
{
  return parse_data (json, strlen (json), error);
}

static CaFeed *
parse_fixture (const char *name)
{
  g_autoptr(GBytes) bytes = load_fixture (name);
  g_autoptr(GError) error = NULL;
  CaFeed *feed = parse_bytes (bytes, &error);

  if (feed == NULL)
    g_error ("fixture %s rejected: %s", name, error_message (error));
  return feed;
}

/* Inline JSON is written with ' for " to keep it readable; \' is not needed anywhere. */
static char *
dq (const char *json)
{
  char *out = g_strdup (json);

  for (char *p = out; *p != '\0'; p++)
    if (*p == '\'')
      *p = '"';
  return out;
}

/* A valid feed around the given record arrays (each NULL for none), parsed. */
static CaFeed *
parse_records (const char *clusters,
               const char *projects,
               const char *events)
{
  g_autoptr(GString) json = g_string_new ("{\"format\": \"cluster-feed\", \"version\": 1");
  g_autoptr(GError) error = NULL;
  CaFeed *feed;

  g_string_append_printf (json, ", \"clusters\": [%s]", clusters != NULL ? clusters : "");
  if (projects != NULL)
    g_string_append_printf (json, ", \"projects\": [%s]", projects);
  if (events != NULL)
    g_string_append_printf (json, ", \"events\": [%s]", events);
  g_string_append (json, "}");

  {
    g_autofree char *text = dq (json->str);
    feed = parse_str (text, &error);
    if (feed == NULL)
      g_error ("feed rejected: %s\n%s", error_message (error), text);
  }
  return feed;
}

static char **
warnings_strv (CaFeed *feed)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **strv;

  for (guint i = 0; i < feed->warnings->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (feed->warnings, i));
  strv = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return strv;
}

static void
dump_warnings (const char * const *actual,
               const char * const *expected)
{
  g_printerr ("warnings differ; the parser gave %u:\n", g_strv_length ((char **) actual));
  for (guint i = 0; actual[i] != NULL; i++)
    g_printerr ("  %s\n", actual[i]);
  g_printerr ("expected %u:\n", g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_printerr ("  %s\n", expected[i]);
}

/* The feed's warnings are exactly these, in this order. */
#define assert_warnings(feed, ...) G_STMT_START {                                  \
    const char *expected_[] = { __VA_ARGS__, NULL };                               \
    g_auto(GStrv) actual_ = warnings_strv (feed);                                  \
    if (!g_strv_equal ((const char * const *) actual_, expected_))                 \
      dump_warnings ((const char * const *) actual_, expected_);                   \
    g_assert_cmpstrv (actual_, expected_);                                         \
  } G_STMT_END

#define assert_no_warnings(feed) G_STMT_START {                                    \
    const char *expected_[] = { NULL };                                            \
    g_auto(GStrv) actual_ = warnings_strv (feed);                                  \
    if (actual_[0] != NULL)                                                        \
      dump_warnings ((const char * const *) actual_, expected_);                   \
    g_assert_cmpstrv (actual_, expected_);                                         \
  } G_STMT_END

/* The feed must have been read: what follows uses it (assertions are not fatal here). */
#define require_feed(feed, error) G_STMT_START {                                   \
    if ((feed) == NULL)                                                            \
      g_error ("feed rejected: %s", error_message (error)); \
    g_assert_no_error (error);                                                     \
  } G_STMT_END

#define assert_text(text, tag, value) G_STMT_START {                               \
    g_autofree char *got_ = ca_text_lookup ((text), (tag));                        \
    g_assert_cmpstr (got_, ==, (value));                                           \
  } G_STMT_END

/* A language-neutral text: the plain string itself. */
#define assert_neutral(text, value) G_STMT_START {                                 \
    g_assert_false (ca_text_is_localized (text));                                  \
    g_assert_cmpstr ((text), ==, (value));                                         \
  } G_STMT_END

#define CLUSTER(feed, i) ((CaCluster *) g_ptr_array_index ((feed)->clusters, (i)))
#define PROJECT(feed, i) ((CaProject *) g_ptr_array_index ((feed)->projects, (i)))
#define EVENT(feed, i)   ((CaEvent *) g_ptr_array_index ((feed)->events, (i)))
#define MEMBER(c, i)     ((CaMember *) g_ptr_array_index ((c)->members, (i)))
#define PERSON(a, i)     ((CaPerson *) g_ptr_array_index ((a), (i)))
#define NETWORK(c, i)    ((CaNetwork *) g_ptr_array_index ((c)->networks, (i)))

static CaEvent *
find_event (CaFeed     *feed,
            const char *id)
{
  for (guint i = 0; i < feed->events->len; i++)
    if (g_str_equal (EVENT (feed, i)->id, id))
      return EVENT (feed, i);
  g_error ("no event \"%s\" in the feed", id);
  return NULL;
}

static gint64
utc (int year,
     int month,
     int day,
     int hour,
     int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);
  return g_date_time_to_unix (dt);
}

static void
assert_rejected (const char *json,
                 CaFeedError code,
                 const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeed) feed = parse_str (json, &error);

  g_assert_null (feed);
  g_assert_error (error, CA_FEED_ERROR, (int) code);
  g_assert_cmpstr (error_message (error), ==, message);
}

#define FORMAT_MESSAGE "This is not a cluster feed: its “format” is not “cluster-feed”"
#define VERSION_MESSAGE "The feed has no valid “version”"
#define CLUSTERS_MESSAGE "The feed has no “clusters” array"

/* Whole-feed rejections */

static void
test_reject_not_json (void)
{
  const char *inputs[] = {
    "{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": [",
    "{format: cluster-feed}",
    "{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": []} trailing",
    "<?xml version=\"1.0\"?><rss/>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CaFeed) feed = parse_str (inputs[i], &error);

      g_test_message ("input: %s", inputs[i]);
      g_assert_null (feed);
      g_assert_error (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_JSON);
      g_assert_true (g_str_has_prefix (error_message (error), "The feed is not valid JSON: "));
    }
}

static void
test_reject_not_object (void)
{
  const char *inputs[] = { "[1, 2]", "\"cluster-feed\"", "42", "true", "null", "[]" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_test_message ("input: %s", inputs[i]);
      assert_rejected (inputs[i], CA_FEED_ERROR_NOT_OBJECT, "The feed is not a JSON object");
    }
}

static void
test_reject_empty (void)
{
  assert_rejected ("", CA_FEED_ERROR_NOT_JSON, "The feed is empty");
}

static void
test_reject_blank (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeed) feed = parse_str (" \n\t ", &error);

  /* Only whitespace is no JSON document either. */
  g_assert_null (feed);
  g_assert_error (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_JSON);
}

static void
test_reject_wrong_format (void)
{
  assert_rejected ("{\"format\": \"rss\", \"version\": 1, \"clusters\": []}",
                   CA_FEED_ERROR_WRONG_FORMAT, FORMAT_MESSAGE);
  assert_rejected ("{\"format\": \"Cluster-Feed\", \"version\": 1, \"clusters\": []}",
                   CA_FEED_ERROR_WRONG_FORMAT, FORMAT_MESSAGE);
  assert_rejected ("{\"format\": 1, \"version\": 1, \"clusters\": []}",
                   CA_FEED_ERROR_WRONG_FORMAT, FORMAT_MESSAGE);
  assert_rejected ("{\"format\": [\"cluster-feed\"], \"version\": 1, \"clusters\": []}",
                   CA_FEED_ERROR_WRONG_FORMAT, FORMAT_MESSAGE);
}

static void
test_reject_missing_format (void)
{
  assert_rejected ("{\"version\": 1, \"clusters\": []}",
                   CA_FEED_ERROR_WRONG_FORMAT, FORMAT_MESSAGE);
  assert_rejected ("{\"format\": null, \"version\": 1, \"clusters\": []}",
                   CA_FEED_ERROR_WRONG_FORMAT, FORMAT_MESSAGE);
}

static void
test_reject_newer_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeed) feed =
    parse_str ("{\"format\": \"cluster-feed\", \"version\": 2, \"clusters\": []}", &error);

  g_assert_null (feed);
  g_assert_error (error, CA_FEED_ERROR, CA_FEED_ERROR_UNSUPPORTED_VERSION);
  g_assert_nonnull (strstr (error_message (error),
                            "feed version 2 is newer than this app supports"));
}

static void
test_reject_version_string (void)
{
  assert_rejected ("{\"format\": \"cluster-feed\", \"version\": \"1\", \"clusters\": []}",
                   CA_FEED_ERROR_UNSUPPORTED_VERSION, VERSION_MESSAGE);
}

static void
test_reject_bad_version (void)
{
  assert_rejected ("{\"format\": \"cluster-feed\", \"clusters\": []}",
                   CA_FEED_ERROR_UNSUPPORTED_VERSION, VERSION_MESSAGE);
  assert_rejected ("{\"format\": \"cluster-feed\", \"version\": 0, \"clusters\": []}",
                   CA_FEED_ERROR_UNSUPPORTED_VERSION, VERSION_MESSAGE);
  assert_rejected ("{\"format\": \"cluster-feed\", \"version\": -1, \"clusters\": []}",
                   CA_FEED_ERROR_UNSUPPORTED_VERSION, VERSION_MESSAGE);
  assert_rejected ("{\"format\": \"cluster-feed\", \"version\": 1.5, \"clusters\": []}",
                   CA_FEED_ERROR_UNSUPPORTED_VERSION, VERSION_MESSAGE);
  assert_rejected ("{\"format\": \"cluster-feed\", \"version\": true, \"clusters\": []}",
                   CA_FEED_ERROR_UNSUPPORTED_VERSION, VERSION_MESSAGE);
}

static void
test_reject_missing_clusters (void)
{
  assert_rejected ("{\"format\": \"cluster-feed\", \"version\": 1}",
                   CA_FEED_ERROR_INVALID, CLUSTERS_MESSAGE);
  assert_rejected ("{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": null,"
                   " \"events\": []}",
                   CA_FEED_ERROR_INVALID, CLUSTERS_MESSAGE);
}

static void
test_reject_clusters_not_array (void)
{
  assert_rejected ("{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": {}}",
                   CA_FEED_ERROR_INVALID, CLUSTERS_MESSAGE);
  assert_rejected ("{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": \"all\"}",
                   CA_FEED_ERROR_INVALID, CLUSTERS_MESSAGE);
  assert_rejected ("{\"format\": \"cluster-feed\", \"version\": 1,"
                   " \"clusters\": {\"id\": \"c\", \"name\": \"C\"}}",
                   CA_FEED_ERROR_INVALID, CLUSTERS_MESSAGE);
}

static void
test_reject_too_large (void)
{
  const char *json = "{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": []}";
  gsize len = strlen (json);
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, len);
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeed) feed = NULL;
  guint64 max_size = 0;

  g_assert_cmpuint (ca_feed_parser_get_max_size (parser), ==, 128 * 1024 * 1024);
  g_object_get (parser, "max-size", &max_size, NULL);
  g_assert_cmpuint (max_size, ==, CA_FEED_DEFAULT_MAX_SIZE);

  /* One byte over the limit… */
  ca_feed_parser_set_max_size (parser, len - 1);
  g_assert_cmpuint (ca_feed_parser_get_max_size (parser), ==, len - 1);
  feed = ca_feed_parser_parse (parser, bytes, FEED_KEY, &error);
  g_assert_null (feed);
  g_assert_error (error, CA_FEED_ERROR, CA_FEED_ERROR_TOO_LARGE);
  {
    g_autofree char *limit = ca_format_size_limit (len - 1);
    g_autofree char *message = g_strdup_printf ("The feed is larger than the limit of %s", limit);
    g_assert_cmpstr (error_message (error), ==, message);
  }
  g_clear_error (&error);

  /* …and exactly at it. */
  ca_feed_parser_set_max_size (parser, len);
  feed = ca_feed_parser_parse (parser, bytes, FEED_KEY, &error);
  require_feed (feed, error);
  assert_no_warnings (feed);
  g_clear_object (&feed);

  /* The limit is checked before anything else: a big non-JSON input is too large. */
  ca_feed_parser_set_max_size (parser, 10);
  {
    g_autoptr(GBytes) junk = g_bytes_new_static ("\xff\xfe not json at all", 19);
    feed = ca_feed_parser_parse (parser, junk, FEED_KEY, &error);
  }
  g_assert_null (feed);
  g_assert_error (error, CA_FEED_ERROR, CA_FEED_ERROR_TOO_LARGE);
}

static void
test_reject_invalid_utf8 (void)
{
  const struct {
    const char *data;
    gsize       len;
  } inputs[] = {
    /* \xff\xfe inside a string value */
    { "{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": ["
      "{\"id\": \"c\", \"name\": \"a\xff\xfe" "b\"}]}", 0 },
    /* an overlong encoding of '/' */
    { "{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": [],"
      " \"x\": \"\xc0\xaf\"}", 0 },
    /* a sequence cut short at the end of a string */
    { "{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": [],"
      " \"x\": \"\xd0\"}", 0 },
    /* a UTF-16 surrogate encoded as UTF-8 */
    { "{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": [],"
      " \"x\": \"\xed\xa0\x80\"}", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_test_message ("input %u", i);
      assert_rejected (inputs[i].data, CA_FEED_ERROR_INVALID_UTF8,
                       "The feed is not valid UTF-8 text");
    }

  /* An embedded NUL byte is not text either. */
  {
    static const char data[] = "{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": [],"
                               " \"x\": \"a\0b\"}";
    g_autoptr(GError) error = NULL;
    g_autoptr(CaFeed) feed = parse_data (data, sizeof data - 1, &error);

    g_assert_null (feed);
    g_assert_error (error, CA_FEED_ERROR, CA_FEED_ERROR_INVALID_UTF8);
  }
}

/* \ud800 alone is no character: whatever the parser does with the escape, no invalid UTF-8
 * reaches a record (the spec: invalid UTF-8 rejects the feed). */
static void
test_reject_lone_surrogate (void)
{
  const char *inputs[] = {
    "{'format': 'cluster-feed', 'version': 1, 'clusters': [{'id': 'c', 'name': 'x\\ud800y'}]}",
    "{'format': 'cluster-feed', 'version': 1, 'clusters': [{'id': 'c', 'name': 'N',"
    " 'summary': 'a\\udfffb'}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *json = dq (inputs[i]);
      g_autoptr(CaFeed) feed = parse_str (json, &error);

      g_test_message ("input: %s", json);
      if (feed == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error != NULL && error->domain == CA_FEED_ERROR);
          continue;
        }
      g_assert_no_error (error);
      for (guint j = 0; j < feed->clusters->len; j++)
        {
          CaCluster *cluster = CLUSTER (feed, j);
          g_assert_true (g_utf8_validate (cluster->name, -1, NULL));
          g_assert_true (cluster->summary == NULL ||
                         g_utf8_validate (cluster->summary, -1, NULL));
        }
    }
}

/* Commas with no element around them are not JSON, in the record arrays as elsewhere. */
static void
test_reject_stray_commas (void)
{
  const char *inputs[] = {
    "{'format': 'cluster-feed', 'version': 1, 'clusters': [{'id': 'a', 'name': 'A'},]}",
    "{'format': 'cluster-feed', 'version': 1, 'clusters': [,{'id': 'a', 'name': 'A'}]}",
    ("{'format': 'cluster-feed', 'version': 1, 'clusters': [],"
     " 'events': [{'id': 'e', 'title': 'E', 'start': '2024-01-01'},]}"),
    "{'format': 'cluster-feed', 'version': 1, 'clusters': [], 'x': [1,]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *json = dq (inputs[i]);
      g_autoptr(CaFeed) feed = parse_str (json, &error);

      g_test_message ("input: %s", json);
      g_assert_null (feed);
      g_assert_error (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_JSON);
      g_assert_true (g_str_has_prefix (error_message (error), "The feed is not valid JSON: "));
    }
}

static char *
nested_arrays (guint depth)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (out, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

static void
test_reject_too_deep (void)
{
  g_autofree char *brackets = g_strnfill (100000, '[');
  g_autofree char *message = g_strdup_printf ("The feed nests deeper than %d levels",
                                              CA_FEED_MAX_DEPTH);
  gint64 begin = g_get_monotonic_time ();

  assert_rejected (brackets, CA_FEED_ERROR_TOO_DEEP, message);

  /* The same inside an otherwise valid feed, and balanced. */
  {
    g_autofree char *deep = nested_arrays (100000);
    g_autofree char *json =
      g_strdup_printf ("{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": [],"
                       " \"x\": %s}", deep);
    assert_rejected (json, CA_FEED_ERROR_TOO_DEEP, message);
  }
  {
    GString *objects = g_string_new (NULL);
    for (guint i = 0; i < 100000; i++)
      g_string_append (objects, "{\"a\":");
    assert_rejected (objects->str, CA_FEED_ERROR_TOO_DEEP, message);
    g_string_free (objects, TRUE);
  }

  /* Rejected up front, not after a recursive descent. */
  g_assert_cmpint (g_get_monotonic_time () - begin, <, 2 * G_USEC_PER_SEC);
}

static void
test_reject_depth_limit (void)
{
  g_autofree char *message = g_strdup_printf ("The feed nests deeper than %d levels",
                                              CA_FEED_MAX_DEPTH);

  g_assert_cmpint (CA_FEED_MAX_DEPTH, ==, 64);

  /* Bare arrays: 64 levels is JSON (then not an object), 65 is too deep. */
  {
    g_autofree char *ok = nested_arrays (64);
    g_autofree char *deep = nested_arrays (65);

    assert_rejected (ok, CA_FEED_ERROR_NOT_OBJECT, "The feed is not a JSON object");
    assert_rejected (deep, CA_FEED_ERROR_TOO_DEEP, message);
  }

  /* In an ignored field of a valid feed: the root object is level 1, so 63 arrays under
   * it make 64 levels and the feed is used; 64 arrays make 65 and reject it. */
  {
    g_autofree char *arrays = nested_arrays (63);
    g_autofree char *json =
      g_strdup_printf ("{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": "
                       "[{\"id\": \"c\", \"name\": \"C\"}], \"x-deep\": %s}", arrays);
    g_autoptr(GError) error = NULL;
    g_autoptr(CaFeed) feed = parse_str (json, &error);

    require_feed (feed, error);
    g_assert_cmpuint (feed->clusters->len, ==, 1);
    assert_no_warnings (feed);
  }
  {
    g_autofree char *arrays = nested_arrays (64);
    g_autofree char *json =
      g_strdup_printf ("{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": "
                       "[{\"id\": \"c\", \"name\": \"C\"}], \"x-deep\": %s}", arrays);
    assert_rejected (json, CA_FEED_ERROR_TOO_DEEP, message);
  }

  /* Objects count as levels too: clusters[0] is level 3, so 61 more objects inside an
   * unknown field of the cluster are level 64. */
  {
    GString *json = g_string_new ("{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": "
                                  "[{\"id\": \"c\", \"name\": \"C\", \"x\": ");
    g_autoptr(GError) error = NULL;
    g_autoptr(CaFeed) feed = NULL;

    for (guint i = 0; i < 61; i++)
      g_string_append (json, "{\"a\": ");
    g_string_append (json, "1");
    for (guint i = 0; i < 61; i++)
      g_string_append (json, "}");
    g_string_append (json, "}]}");
    feed = parse_str (json->str, &error);
    require_feed (feed, error);
    assert_no_warnings (feed);
    g_string_free (json, TRUE);
  }
}

/* json-glib also reads C comments and single-quoted strings, which are not JSON. A quote
 * character inside either must not hide nesting from the depth check: 100,000 levels
 * reaching json-glib's recursive descent overflow the stack. Run in a subprocess so a crash
 * fails this test alone. */
static void
assert_hidden_depth_rejected (const char *before,
                              const char *after)
{
  if (g_test_subprocess ())
    {
      g_autofree char *deep = nested_arrays (100000);
      g_autofree char *json =
        g_strdup_printf ("{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": [],"
                         " %s%s%s}", before, deep, after);
      g_autoptr(GError) error = NULL;
      g_autoptr(CaFeed) feed = parse_str (json, &error);

      g_assert_null (feed);
      g_assert_nonnull (error);
      g_assert_true (error != NULL && error->domain == CA_FEED_ERROR);
      g_assert_true (error != NULL && (error->code == CA_FEED_ERROR_TOO_DEEP ||
                                       error->code == CA_FEED_ERROR_NOT_JSON));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_reject_depth_hidden_by_comment (void)
{
  assert_hidden_depth_rejected ("\"x\": /* \" */ ", " /* \" */");
}

static void
test_reject_depth_hidden_by_single_quotes (void)
{
  assert_hidden_depth_rejected ("'a': '\"', 'x': ", ", 'b': '\"'");
}

/* Comments and single-quoted strings, which json-glib tolerates, are not JSON. */
static void
test_reject_not_strict_json (void)
{
  const char *inputs[] = {
    "{\"format\": \"cluster-feed\", \"version\": 1, /* c */ \"clusters\": []}",
    "{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": ['x']}",
    "{'format': 'cluster-feed', 'version': 1, 'clusters': []}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CaFeed) feed = parse_str (inputs[i], &error);

      g_test_message ("input: %s", inputs[i]);
      g_assert_null (feed);
      g_assert_error (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_JSON);
    }
}

/* Brackets inside strings, including after escaped quotes and backslashes, are text. */
static void
test_reject_depth_ignores_strings (void)
{
  g_autofree char *brackets = g_strnfill (1000, '[');
  g_autofree char *json =
    g_strdup_printf ("{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": ["
                     "{\"id\": \"c\", \"name\": \"%s\", \"acronym\": \"\\\"[[[\\\\\","
                     " \"x\": \"\\\\\", \"summary\": \"{{{\\\"{{\"}]}", brackets);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeed) feed = parse_str (json, &error);

  require_feed (feed, error);
  assert_no_warnings (feed);
  g_assert_cmpstr (CLUSTER (feed, 0)->name, ==, brackets);
  g_assert_cmpstr (CLUSTER (feed, 0)->acronym, ==, "\"[[[\\");
  g_assert_cmpstr (CLUSTER (feed, 0)->summary, ==, "{{{\"{{");
}

/* Strings */

static void
test_string_long_cut (void)
{
  GString *long_text = g_string_new ("a");
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeed) feed = NULL;
  CaCluster *cluster;
  g_autofree char *bg = NULL;

  /* 'a' then 35840 two-byte letters: 71681 bytes (70 KiB of text). Byte 65536 is the
   * second byte of a letter, so the cut falls back to 65535. */
  for (guint i = 0; i < 35840; i++)
    g_string_append (long_text, "я");
  g_assert_cmpuint (long_text->len, ==, 71681);
  g_assert_cmpuint ((guchar) long_text->str[CA_FEED_MAX_STRING] & 0xC0, ==, 0x80);

  json = g_strdup_printf ("{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": ["
                          "{\"id\": \"c\", \"name\": {\"en\": \"Long\", \"bg\": \"%s\"},"
                          " \"summary\": \"%s\"}]}", long_text->str, long_text->str);
  feed = parse_str (json, &error);
  require_feed (feed, error);

  assert_warnings (feed,
                   "clusters[0].name.bg: string longer than 64 KiB, cut",
                   "clusters[0].summary: string longer than 64 KiB, cut");

  cluster = CLUSTER (feed, 0);
  g_assert_cmpuint (strlen (cluster->summary), ==, 65535);
  g_assert_cmpuint (strlen (cluster->summary), <=, CA_FEED_MAX_STRING);
  g_assert_true (g_utf8_validate (cluster->summary, -1, NULL));
  g_assert_cmpint (memcmp (cluster->summary, long_text->str, 65535), ==, 0);
  g_assert_true (g_str_has_suffix (cluster->summary, "я"));

  bg = ca_text_lookup (cluster->name, "bg");
  g_assert_nonnull (bg);
  g_assert_cmpuint (strlen (bg), ==, 65535);
  g_assert_true (g_utf8_validate (bg, -1, NULL));
  assert_text (cluster->name, "en", "Long");

  g_string_free (long_text, TRUE);
}

static void
test_string_long_boundary (void)
{
  g_autofree char *exact = g_strnfill (CA_FEED_MAX_STRING, 'x');
  g_autofree char *over = g_strnfill (CA_FEED_MAX_STRING + 1, 'y');
  g_autofree char *json =
    g_strdup_printf ("{\"format\": \"cluster-feed\", \"version\": 1, \"clusters\": ["
                     "{\"id\": \"c\", \"name\": \"%s\", \"summary\": \"%s\"}]}", exact, over);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeed) feed = parse_str (json, &error);

  require_feed (feed, error);
  assert_warnings (feed, "clusters[0].summary: string longer than 64 KiB, cut");
  g_assert_cmpstr (CLUSTER (feed, 0)->name, ==, exact);
  g_assert_cmpuint (strlen (CLUSTER (feed, 0)->summary), ==, CA_FEED_MAX_STRING);
}

static void
test_string_markup_verbatim (void)
{
  g_autoptr(CaFeed) feed = parse_fixture ("markup.json");
  CaCluster *cluster;
  CaEvent *event;
  const char *objectives[] = { "<b>", "&lt;b&gt;", "%s %n %x", NULL };

  assert_no_warnings (feed);
  cluster = CLUSTER (feed, 0);
  assert_neutral (cluster->name, "<span foreground=\"red\">x</span>");
  g_assert_cmpstr (cluster->acronym, ==, "&amp;");
  assert_text (cluster->summary, "en", "<b>bold</b> & <i>not</i>");
  assert_text (cluster->summary, "bg", "<a href=\"https://evil.example/\">връзка</a>");
  g_assert_cmpstrv (cluster->objectives, objectives);
  g_assert_cmpuint (cluster->team->len, ==, 1);
  g_assert_cmpstr (PERSON (cluster->team, 0)->name, ==, "<big>Boss</big>");
  assert_neutral (PERSON (cluster->team, 0)->role, "&#60;script&#62;");

  event = EVENT (feed, 0);
  assert_neutral (event->title, "Tom & Jerry <3");
  assert_neutral (event->description, "<![CDATA[x]]> <!-- c --> \\ \" '");
}

static void
test_string_control_characters (void)
{
  /* \u0001, the three CaText separators, DEL, CR and ESC go; tab and newline stay. */
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'c',"
                   " 'name': {'en': 'a\\u0001b\\u001ec\\u001fd\\u001de\\u007ff', 'bg': 'x\\u001e'},"
                   " 'acronym': 'A\\u001bB',"
                   " 'summary': 'line\\tone\\r\\nline two\\u0000',"
                   " 'objectives': ['one\\u001dtwo', 'three'],"
                   " 'team': [{'name': 'N\\u0007ame'}]}",
                   NULL, NULL);
  CaCluster *cluster = CLUSTER (feed, 0);
  const char *objectives[] = { "onetwo", "three", NULL };
  g_autofree char *flat = NULL;

  assert_no_warnings (feed);
  assert_text (cluster->name, "en", "abcdef");
  assert_text (cluster->name, "bg", "x");
  g_assert_cmpstr (cluster->acronym, ==, "AB");
  assert_neutral (cluster->summary, "line\tone\nline two");
  g_assert_cmpstrv (cluster->objectives, objectives);
  g_assert_cmpstr (PERSON (cluster->team, 0)->name, ==, "Name");

  flat = ca_text_flatten (cluster->name);
  g_assert_cmpstr (flat, ==, "abcdef\nx");
}

/* Records skipped for a missing or invalid required field */

static void
test_record_event_no_start (void)
{
  g_autoptr(CaFeed) feed =
    parse_records (NULL, NULL,
                   "{'id': 'a', 'title': 'A', 'start': '2024-01-01'},"
                   "{'id': 'b', 'title': 'B'},"
                   "{'id': 'c', 'title': 'C', 'start': null},"
                   "{'id': 'd', 'title': 'D', 'start': '2024-01-02'}");

  assert_warnings (feed,
                   "events[1]: no “start”, record skipped",
                   "events[2]: no “start”, record skipped");
  g_assert_cmpuint (feed->events->len, ==, 2);
  g_assert_cmpstr (EVENT (feed, 0)->id, ==, "a");
  g_assert_cmpstr (EVENT (feed, 1)->id, ==, "d");
}

static void
test_record_event_bad_start (void)
{
  g_autoptr(CaFeed) feed = parse_fixture ("events.json");

  g_assert_cmpstr (g_ptr_array_index (feed->warnings, 0), ==,
                   "events[3].start: expected a date-time, got \"tomorrow\"");
  for (guint i = 0; i < feed->events->len; i++)
    g_assert_cmpstr (EVENT (feed, i)->id, !=, "tomorrow");
}

static void
test_record_event_bad_start_types (void)
{
  g_autoptr(CaFeed) feed =
    parse_records (NULL, NULL,
                   "{'id': 'a', 'title': 'A', 'start': 20240101},"
                   "{'id': 'b', 'title': 'B', 'start': '2024-02-30'},"
                   "{'id': 'c', 'title': 'C', 'start': '2024-01-01T25:00:00Z'},"
                   "{'id': 'd', 'title': 'D', 'start': '2024-01-01T10:00'},"
                   "{'id': 'e', 'title': 'E', 'start': '2024-01-01T10:00:00+0200'},"
                   "{'id': 'f', 'title': 'F', 'start': ['2024-01-01']},"
                   "{'id': 'g', 'title': 'G', 'start': '2024-01-01T10:00:00Z'}");

  assert_warnings (feed,
                   "events[0].start: expected a date-time, got 20240101",
                   "events[1].start: expected a date-time, got \"2024-02-30\"",
                   "events[2].start: expected a date-time, got \"2024-01-01T25:00:00Z\"",
                   "events[3].start: expected a date-time, got \"2024-01-01T10:00\"",
                   "events[4].start: expected a date-time, got \"2024-01-01T10:00:00+0200\"",
                   "events[5].start: expected a date-time, got an array");
  /* RFC 3339 wants seconds: "2024-01-01T10:00" is refused like the rest */
  g_assert_cmpuint (feed->events->len, ==, 1);
  g_assert_cmpstr (EVENT (feed, 0)->id, ==, "g");
  g_assert_cmpint (EVENT (feed, 0)->start, ==, utc (2024, 1, 1, 10, 0));
}

static void
test_record_cluster_no_id (void)
{
  g_autoptr(CaFeed) feed = parse_records ("{'name': 'No id'},"
                                          "{'id': null, 'name': 'Null id'},"
                                          "{'id': 'ok', 'name': 'OK'}",
                                          NULL, NULL);

  assert_warnings (feed,
                   "clusters[0]: no “id”, record skipped",
                   "clusters[1]: no “id”, record skipped");
  g_assert_cmpuint (feed->clusters->len, ==, 1);
  g_assert_cmpstr (CLUSTER (feed, 0)->id, ==, "ok");
}

static void
test_record_cluster_bad_id (void)
{
  g_autofree char *id128 = g_strnfill (128, 'i');
  g_autofree char *id129 = g_strnfill (129, 'i');
  g_autofree char *clusters =
    g_strdup_printf ("{'id': 'has spaces', 'name': 'A'},"
                     "{'id': '%s', 'name': 'B'},"
                     "{'id': '', 'name': 'C'},"
                     "{'id': 42, 'name': 'D'},"
                     "{'id': 'ümlaut', 'name': 'E'},"
                     "{'id': 'a/b', 'name': 'F'},"
                     "{'id': '%s', 'name': 'G'},"
                     "{'id': 'Az09._:-', 'name': 'H'}",
                     id129, id128);
  g_autoptr(CaFeed) feed = parse_records (clusters, NULL, NULL);

  assert_warnings (feed,
                   "clusters[0].id: expected an id, got \"has spaces\"",
                   "clusters[1].id: expected an id, got "
                   "\"iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii…\"",
                   "clusters[2].id: expected an id, got \"\"",
                   "clusters[3].id: expected an id, got 42",
                   "clusters[4].id: expected an id, got \"ümlaut\"",
                   "clusters[5].id: expected an id, got \"a/b\"");
  g_assert_cmpuint (feed->clusters->len, ==, 2);
  g_assert_cmpstr (CLUSTER (feed, 0)->id, ==, id128);
  g_assert_cmpstr (CLUSTER (feed, 1)->id, ==, "Az09._:-");
}

static void
test_record_cluster_no_name (void)
{
  g_autoptr(CaFeed) feed = parse_records ("{'id': 'a'},"
                                          "{'id': 'b', 'name': null},"
                                          "{'id': 'c', 'name': 'C'}",
                                          NULL, NULL);

  assert_warnings (feed,
                   "clusters[0]: no “name”, record skipped",
                   "clusters[1]: no “name”, record skipped");
  g_assert_cmpuint (feed->clusters->len, ==, 1);
  g_assert_cmpstr (CLUSTER (feed, 0)->id, ==, "c");
}

static void
test_record_cluster_name_type (void)
{
  g_autoptr(CaFeed) feed = parse_records ("{'id': 'a', 'name': 7},"
                                          "{'id': 'b', 'name': ['B']},"
                                          "{'id': 'c', 'name': true},"
                                          "{'id': 'd', 'name': {}},"
                                          "{'id': 'e', 'name': {'en': 5}},"
                                          "{'id': 'f', 'name': 'F'}",
                                          NULL, NULL);

  assert_warnings (feed,
                   "clusters[0].name: expected a text, got 7",
                   "clusters[1].name: expected a text, got an array",
                   "clusters[2].name: expected a text, got true",
                   "clusters[3].name: a text with no language in it",
                   "clusters[4].name.en: expected a string, got 5",
                   "clusters[4].name: a text with no language in it");
  g_assert_cmpuint (feed->clusters->len, ==, 1);
  g_assert_cmpstr (CLUSTER (feed, 0)->id, ==, "f");
}

static void
test_record_not_object (void)
{
  g_autoptr(CaFeed) feed = parse_records ("42, 'c', [], {'id': 'ok', 'name': 'OK'}",
                                          "null",
                                          "true");

  assert_warnings (feed,
                   "clusters[0]: expected an object, got 42",
                   "clusters[1]: expected an object, got \"c\"",
                   "clusters[2]: expected an object, got an array",
                   "projects[0]: expected an object, got null",
                   "events[0]: expected an object, got true");
  g_assert_cmpuint (feed->clusters->len, ==, 1);
  g_assert_cmpuint (feed->projects->len, ==, 0);
  g_assert_cmpuint (feed->events->len, ==, 0);
}

static void
test_record_project_and_event_required (void)
{
  g_autoptr(CaFeed) feed =
    parse_records (NULL,
                   "{'title': 'No id'}, {'id': 'p'}, {'id': 'q', 'title': 3},"
                   "{'id': 'ok', 'title': 'OK'}",
                   "{'title': 'No id', 'start': '2024-01-01'},"
                   "{'id': 'e', 'start': '2024-01-01'},"
                   "{'id': 'bad id', 'title': 'T', 'start': '2024-01-01'}");

  assert_warnings (feed,
                   "projects[0]: no “id”, record skipped",
                   "projects[1]: no “title”, record skipped",
                   "projects[2].title: expected a text, got 3",
                   "events[0]: no “id”, record skipped",
                   "events[1]: no “title”, record skipped",
                   "events[2].id: expected an id, got \"bad id\"");
  g_assert_cmpuint (feed->projects->len, ==, 1);
  g_assert_cmpstr (PROJECT (feed, 0)->id, ==, "ok");
  g_assert_cmpuint (feed->events->len, ==, 0);
}

/* Optional fields dropped (or read as the default) with the record kept */

static void
test_optional_bad_date (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'a', 'name': 'A', 'established': '2012-13-01'},"
                   "{'id': 'b', 'name': 'B', 'established': '2012-02-30'},"
                   "{'id': 'c', 'name': 'C', 'established': '12 May 2012'},"
                   "{'id': 'd', 'name': 'D', 'established': 2012},"
                   "{'id': 'e', 'name': 'E', 'established': '2004'},"
                   "{'id': 'f', 'name': 'F', 'established': '2004-10',"
                   "  'members': [{'name': 'M', 'joined': 'yesterday'},"
                   "              {'name': 'N', 'joined': '2020-02-29'}]}",
                   "{'id': 'p', 'title': 'P', 'start': '2019-9-1', 'end': '2023-02-28'}",
                   NULL);

  assert_warnings (feed,
                   "clusters[0].established: expected a date, got \"2012-13-01\"",
                   "clusters[1].established: expected a date, got \"2012-02-30\"",
                   "clusters[2].established: expected a date, got \"12 May 2012\"",
                   "clusters[3].established: expected a date, got 2012",
                   "clusters[5].members[0].joined: expected a date, got \"yesterday\"",
                   "projects[0].start: expected a date, got \"2019-9-1\"");
  g_assert_cmpuint (feed->clusters->len, ==, 6);
  for (guint i = 0; i < 4; i++)
    g_assert_null (CLUSTER (feed, i)->established);
  g_assert_cmpstr (CLUSTER (feed, 4)->established, ==, "2004");
  g_assert_cmpstr (CLUSTER (feed, 5)->established, ==, "2004-10");
  g_assert_cmpuint (CLUSTER (feed, 5)->members->len, ==, 2);
  g_assert_null (MEMBER (CLUSTER (feed, 5), 0)->joined);
  g_assert_cmpstr (MEMBER (CLUSTER (feed, 5), 1)->joined, ==, "2020-02-29");
  g_assert_null (PROJECT (feed, 0)->start);
  g_assert_cmpstr (PROJECT (feed, 0)->end, ==, "2023-02-28");
}

static void
test_optional_composition (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'a', 'name': 'A', 'composition': {'members': 10, 'smes': -1,"
                   " 'startups': 2.5, 'large_companies': '3', 'research': 0, 'other': null}},"
                   "{'id': 'b', 'name': 'B', 'composition': [1, 2]}",
                   NULL, NULL);
  CaCluster *cluster = CLUSTER (feed, 0);

  assert_warnings (feed,
                   "clusters[0].composition.smes: expected a non-negative integer, got -1",
                   "clusters[0].composition.startups: expected a non-negative integer,"
                   " got 2.5",
                   "clusters[0].composition.large_companies: expected a non-negative integer,"
                   " got \"3\"",
                   "clusters[1].composition: expected an object, got an array");
  g_assert_cmpuint (feed->clusters->len, ==, 2);
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_MEMBERS], ==, 10);
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_SMES], ==, -1);
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_STARTUPS], ==, -1);
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_LARGE_COMPANIES], ==, -1);
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_RESEARCH], ==, 0);
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_CIVIL_SOCIETY], ==, -1);
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_OTHER], ==, -1);
  for (guint i = 0; i < CA_N_COMPOSITION; i++)
    g_assert_cmpint (CLUSTER (feed, 1)->composition[i], ==, -1);
}

static void
test_optional_url_scheme (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'a', 'name': 'A', 'website': 'javascript:alert(1)',"
                   " 'members': [{'name': 'M', 'website': 'file:///etc/passwd'}],"
                   " 'networks': [{'name': 'N', 'url': 'data:text/html,<script>x</script>'}]},"
                   "{'id': 'b', 'name': 'B', 'website': 'JavaScript:alert(1)'},"
                   "{'id': 'c', 'name': 'C', 'website': 'ftp://ftp.example.org/'},"
                   "{'id': 'd', 'name': 'D', 'website': 'HTTPS://Example.org/Path?q=1#f'}",
                   "{'id': 'p', 'title': 'P', 'website': 'vbscript:msgbox'}",
                   "{'id': 'e', 'title': 'E', 'start': '2024-01-01', 'url': 'x-app:open'}");

  assert_warnings (feed,
                   "clusters[0].website: refused URL scheme \"javascript\"",
                   "clusters[0].members[0].website: refused URL scheme \"file\"",
                   "clusters[0].networks[0].url: refused URL scheme \"data\"",
                   "clusters[1].website: refused URL scheme \"javascript\"",
                   "clusters[2].website: refused URL scheme \"ftp\"",
                   "projects[0].website: refused URL scheme \"vbscript\"",
                   "events[0].url: refused URL scheme \"x-app\"");
  g_assert_cmpuint (feed->clusters->len, ==, 4);
  g_assert_null (CLUSTER (feed, 0)->website);
  g_assert_cmpuint (CLUSTER (feed, 0)->members->len, ==, 1);
  g_assert_null (MEMBER (CLUSTER (feed, 0), 0)->website);
  g_assert_cmpuint (CLUSTER (feed, 0)->networks->len, ==, 1);
  g_assert_null (NETWORK (CLUSTER (feed, 0), 0)->url);
  g_assert_null (CLUSTER (feed, 1)->website);
  g_assert_null (CLUSTER (feed, 2)->website);
  g_assert_cmpstr (CLUSTER (feed, 3)->website, ==, "HTTPS://Example.org/Path?q=1#f");
  g_assert_null (PROJECT (feed, 0)->website);
  g_assert_null (EVENT (feed, 0)->url);
}

static void
test_optional_url_relative (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'a', 'name': 'A', 'website': '/about'},"
                   "{'id': 'b', 'name': 'B', 'website': 'example.org'},"
                   "{'id': 'c', 'name': 'C', 'website': '//example.org/x'},"
                   "{'id': 'd', 'name': 'D', 'website': 'https:///nohost'},"
                   "{'id': 'e', 'name': 'E', 'website': 42},"
                   "{'id': 'f', 'name': 'F', 'website': 'http://example.org'}",
                   NULL, NULL);

  assert_warnings (feed,
                   "clusters[0].website: expected a URL, got \"/about\"",
                   "clusters[1].website: expected a URL, got \"example.org\"",
                   "clusters[2].website: expected a URL, got \"//example.org/x\"",
                   "clusters[3].website: expected a URL, got \"https:///nohost\"",
                   "clusters[4].website: expected a URL, got 42");
  g_assert_cmpuint (feed->clusters->len, ==, 6);
  for (guint i = 0; i < 5; i++)
    g_assert_null (CLUSTER (feed, i)->website);
  g_assert_cmpstr (CLUSTER (feed, 5)->website, ==, "http://example.org");
}

static void
test_optional_member_kind (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'a', 'name': 'A', 'members': ["
                   "  {'name': 'Robot', 'kind': 'robot'},"
                   "  {'name': 'None'},"
                   "  {'name': 'SME', 'kind': 'sme'},"
                   "  {'name': 'Large', 'kind': 'large-company'},"
                   "  {'name': 'Number', 'kind': 3},"
                   "  {'name': 'Upper', 'kind': 'SME'}]}",
                   NULL, NULL);
  CaCluster *cluster = CLUSTER (feed, 0);

  assert_warnings (feed,
                   "clusters[0].members[0].kind: unknown value \"robot\", read as \"other\"",
                   "clusters[0].members[4].kind: expected a string, got 3",
                   "clusters[0].members[5].kind: unknown value \"SME\", read as \"other\"");
  g_assert_cmpuint (cluster->members->len, ==, 6);
  g_assert_cmpint (MEMBER (cluster, 0)->kind, ==, CA_MEMBER_KIND_OTHER);
  g_assert_cmpint (MEMBER (cluster, 1)->kind, ==, CA_MEMBER_KIND_OTHER);
  g_assert_cmpint (MEMBER (cluster, 2)->kind, ==, CA_MEMBER_KIND_SME);
  g_assert_cmpint (MEMBER (cluster, 3)->kind, ==, CA_MEMBER_KIND_LARGE_COMPANY);
  g_assert_cmpint (MEMBER (cluster, 4)->kind, ==, CA_MEMBER_KIND_OTHER);
  g_assert_cmpint (MEMBER (cluster, 5)->kind, ==, CA_MEMBER_KIND_OTHER);
}

/* registry_id: a string, read without white space and in upper case; anything else
 * is warned about and dropped, the member kept */
static void
test_member_registry_id (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'a', 'name': 'A', 'members': ["
                   "  {'name': 'UIC', 'registry_id': '175325806'},"
                   "  {'name': 'VAT', 'registry_id': ' bg 175\u00a0325 806 '},"
                   "  {'name': 'Number', 'registry_id': 175325806},"
                   "  {'name': 'Blank', 'registry_id': '  '},"
                   "  {'name': 'Null', 'registry_id': null},"
                   "  {'name': 'None'}]}",
                   NULL, NULL);
  CaCluster *cluster = CLUSTER (feed, 0);

  assert_warnings (feed,
                   "clusters[0].members[2].registry_id: expected a string, got 175325806");
  g_assert_cmpuint (cluster->members->len, ==, 6);
  g_assert_cmpstr (MEMBER (cluster, 0)->registry_id, ==, "175325806");
  g_assert_cmpstr (MEMBER (cluster, 1)->registry_id, ==, "BG175325806");
  g_assert_cmpstr (ca_member_get_registry_id (MEMBER (cluster, 1)), ==, "BG175325806");
  for (guint i = 2; i < 6; i++)
    g_assert_null (MEMBER (cluster, i)->registry_id);
}

static void
test_optional_event_kind (void)
{
  g_autoptr(CaFeed) feed =
    parse_records (NULL, NULL,
                   "{'id': 'a', 'title': 'A', 'start': '2024-01-01', 'kind': 'gala'},"
                   "{'id': 'b', 'title': 'B', 'start': '2024-01-01', 'kind': 'open-call'},"
                   "{'id': 'c', 'title': 'C', 'start': '2024-01-01'}");

  assert_warnings (feed, "events[0].kind: unknown value \"gala\", read as \"other\"");
  g_assert_cmpuint (feed->events->len, ==, 3);
  g_assert_cmpint (EVENT (feed, 0)->kind, ==, CA_EVENT_KIND_OTHER);
  g_assert_cmpint (EVENT (feed, 1)->kind, ==, CA_EVENT_KIND_OPEN_CALL);
  g_assert_cmpint (EVENT (feed, 2)->kind, ==, CA_EVENT_KIND_OTHER);
}

static void
test_optional_event_status (void)
{
  g_autoptr(CaFeed) feed =
    parse_records (NULL, NULL,
                   "{'id': 'a', 'title': 'A', 'start': '2024-01-01', 'status': 'delayed'},"
                   "{'id': 'b', 'title': 'B', 'start': '2024-01-01', 'status': 'cancelled'},"
                   "{'id': 'c', 'title': 'C', 'start': '2024-01-01'},"
                   "{'id': 'd', 'title': 'D', 'start': '2024-01-01', 'status': 'moved-online'},"
                   "{'id': 'e', 'title': 'E', 'start': '2024-01-01', 'status': false}");

  assert_warnings (feed,
                   "events[0].status: unknown value \"delayed\", read as \"scheduled\"",
                   "events[4].status: expected a string, got false");
  g_assert_cmpuint (feed->events->len, ==, 5);
  g_assert_cmpint (EVENT (feed, 0)->status, ==, CA_EVENT_STATUS_SCHEDULED);
  g_assert_cmpint (EVENT (feed, 1)->status, ==, CA_EVENT_STATUS_CANCELLED);
  g_assert_cmpint (EVENT (feed, 2)->status, ==, CA_EVENT_STATUS_SCHEDULED);
  g_assert_cmpint (EVENT (feed, 3)->status, ==, CA_EVENT_STATUS_MOVED_ONLINE);
  g_assert_cmpint (EVENT (feed, 4)->status, ==, CA_EVENT_STATUS_SCHEDULED);
}

static void
test_optional_online (void)
{
  g_autoptr(CaFeed) feed =
    parse_records (NULL, NULL,
                   "{'id': 'a', 'title': 'A', 'start': '2024-01-01', 'online': 'yes'},"
                   "{'id': 'b', 'title': 'B', 'start': '2024-01-01', 'online': 1},"
                   "{'id': 'c', 'title': 'C', 'start': '2024-01-01', 'online': true},"
                   "{'id': 'd', 'title': 'D', 'start': '2024-01-01', 'online': false},"
                   "{'id': 'e', 'title': 'E', 'start': '2024-01-01'}");

  assert_warnings (feed,
                   "events[0].online: expected true or false, got \"yes\"",
                   "events[1].online: expected true or false, got 1");
  g_assert_cmpuint (feed->events->len, ==, 5);
  g_assert_cmpint (EVENT (feed, 0)->online, ==, -1);
  g_assert_cmpint (EVENT (feed, 1)->online, ==, -1);
  g_assert_cmpint (EVENT (feed, 2)->online, ==, 1);
  g_assert_cmpint (EVENT (feed, 3)->online, ==, 0);
  g_assert_cmpint (EVENT (feed, 4)->online, ==, -1);
}

static void
test_optional_budget (void)
{
  g_autoptr(CaFeed) feed =
    parse_records (NULL,
                   "{'id': 'a', 'title': 'A', 'budget': 'lots'},"
                   "{'id': 'b', 'title': 'B', 'budget': {'amount': -5}},"
                   "{'id': 'c', 'title': 'C', 'budget': {'amount': '5000'}},"
                   "{'id': 'd', 'title': 'D', 'budget': {'currency': 'EUR'}},"
                   "{'id': 'e', 'title': 'E', 'budget': {'amount': 1000}},"
                   "{'id': 'f', 'title': 'F', 'budget': {'amount': 2.5, 'currency': 'eur'}},"
                   "{'id': 'g', 'title': 'G', 'budget': {'amount': 0, 'currency': 'BGN'}},"
                   "{'id': 'h', 'title': 'H'}",
                   NULL);

  assert_warnings (feed,
                   "projects[0].budget: expected an object, got \"lots\"",
                   "projects[1].budget.amount: expected a non-negative number, got -5",
                   "projects[2].budget.amount: expected a non-negative number, got \"5000\"",
                   "projects[3].budget: no amount",
                   "projects[5].budget.currency: expected an ISO 4217 code, got \"eur\"");
  g_assert_cmpuint (feed->projects->len, ==, 8);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_false (PROJECT (feed, i)->has_budget);
      g_assert_null (PROJECT (feed, i)->budget_currency);
    }
  g_assert_true (PROJECT (feed, 4)->has_budget);
  g_assert_cmpfloat (PROJECT (feed, 4)->budget_amount, ==, 1000.0);
  g_assert_cmpstr (PROJECT (feed, 4)->budget_currency, ==, "EUR");
  g_assert_true (PROJECT (feed, 5)->has_budget);
  g_assert_cmpfloat (PROJECT (feed, 5)->budget_amount, ==, 2.5);
  g_assert_cmpstr (PROJECT (feed, 5)->budget_currency, ==, "EUR");
  g_assert_true (PROJECT (feed, 6)->has_budget);
  g_assert_cmpfloat (PROJECT (feed, 6)->budget_amount, ==, 0.0);
  g_assert_cmpstr (PROJECT (feed, 6)->budget_currency, ==, "BGN");
  g_assert_false (PROJECT (feed, 7)->has_budget);
}

static void
test_optional_timezone (void)
{
  g_autoptr(CaFeed) feed =
    parse_records (NULL, NULL,
                   "{'id': 'a', 'title': 'A', 'start': '2021-02-26T10:30:00',"
                   " 'timezone': 'Mars/Olympus_Mons'},"
                   "{'id': 'b', 'title': 'B', 'start': '2021-02-26T10:30:00',"
                   " 'timezone': '+02:00'},"
                   "{'id': 'c', 'title': 'C', 'start': '2021-02-26T10:30:00', 'timezone': 2},"
                   "{'id': 'd', 'title': 'D', 'start': '2021-02-26T10:30:00', 'timezone': 'UTC'},"
                   "{'id': 'e', 'title': 'E', 'start': '2021-02-26T10:30:00',"
                   " 'timezone': 'Europe/Sofia'}");
  gint64 as_utc = utc (2021, 2, 26, 10, 30);

  assert_warnings (feed,
                   "events[0].timezone: unknown time zone \"Mars/Olympus_Mons\"",
                   "events[1].timezone: unknown time zone \"+02:00\"",
                   "events[2].timezone: expected a string, got 2");
  g_assert_cmpuint (feed->events->len, ==, 5);
  /* A dropped zone reads the time as UTC. */
  for (guint i = 0; i < 3; i++)
    {
      g_assert_null (EVENT (feed, i)->timezone);
      g_assert_cmpint (EVENT (feed, i)->start, ==, as_utc);
    }
  g_assert_cmpstr (EVENT (feed, 3)->timezone, ==, "UTC");
  g_assert_cmpint (EVENT (feed, 3)->start, ==, as_utc);
  g_assert_cmpstr (EVENT (feed, 4)->timezone, ==, "Europe/Sofia");
  g_assert_cmpint (EVENT (feed, 4)->start, ==, as_utc - 2 * 3600);
}

static void
test_optional_wrong_types (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'a', 'name': 'A', 'acronym': 1, 'country': ['BG'],"
                   " 'languages': 'bg', 'team': {'name': 'X'}, 'members': 'many',"
                   " 'networks': 3, 'summary': false, 'objectives': 'one'}",
                   "{'id': 'p', 'title': 'P', 'clusters': 'a', 'role': ['partner']}",
                   "{'id': 'e', 'title': 'E', 'start': '2024-01-01', 'speakers': 'Ivan',"
                   " 'project': 5, 'organizers': {'en': 'X'}}");
  CaCluster *cluster = CLUSTER (feed, 0);

  assert_warnings (feed,
                   "clusters[0].acronym: expected a string, got 1",
                   "clusters[0].country: expected a two-letter country code, got an array",
                   "clusters[0].languages: expected an array, got \"bg\"",
                   "clusters[0].summary: expected a text, got false",
                   "clusters[0].objectives: expected an array, got \"one\"",
                   "clusters[0].team: expected an array, got an object",
                   "clusters[0].members: expected an array, got \"many\"",
                   "clusters[0].networks: expected an array, got 3",
                   "projects[0].role: expected a text, got an array",
                   "projects[0].clusters: expected an array, got \"a\"",
                   "events[0].project: expected an id, got 5",
                   "events[0].speakers: expected an array, got \"Ivan\"",
                   "events[0].organizers: expected an array, got an object");
  g_assert_null (cluster->acronym);
  g_assert_null (cluster->country);
  g_assert_null (cluster->languages);
  g_assert_null (cluster->summary);
  g_assert_null (cluster->objectives);
  g_assert_cmpuint (cluster->team->len, ==, 0);
  g_assert_cmpuint (cluster->members->len, ==, 0);
  g_assert_cmpuint (cluster->networks->len, ==, 0);
  g_assert_null (PROJECT (feed, 0)->role);
  g_assert_null (PROJECT (feed, 0)->clusters);
  g_assert_null (EVENT (feed, 0)->project);
  g_assert_cmpuint (EVENT (feed, 0)->speakers->len, ==, 0);
  g_assert_null (EVENT (feed, 0)->organizers);
}

/* Arrays: the bad element alone is dropped */

static void
test_array_bad_element (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'c', 'name': 'C',"
                   " 'members': [{'id': 'm0', 'name': 'First'}, {'id': 'm1', 'kind': 'sme'},"
                   "             'just a string', {'id': 'm3', 'name': 'Fourth'},"
                   "             {'id': 'm4', 'name': 6}],"
                   " 'team': [{'role': 'Manager'}, {'name': 'Ann'}, {'name': ''}],"
                   " 'networks': [{'url': 'https://n.example.org/'}, {'name': 'Net'}]}",
                   NULL,
                   "{'id': 'e', 'title': 'E', 'start': '2024-01-01',"
                   " 'speakers': [7, {'name': 'Bo', 'role': 'Uni'}, {'name': {'en': 'X'}}]}");
  CaCluster *cluster = CLUSTER (feed, 0);
  CaEvent *event = EVENT (feed, 0);

  assert_warnings (feed,
                   "clusters[0].team[0]: no name",
                   "clusters[0].team[2]: no name",
                   "clusters[0].members[1]: no name",
                   "clusters[0].members[2]: expected a member, got \"just a string\"",
                   "clusters[0].members[4].name: expected a text, got 6",
                   "clusters[0].networks[0]: no name",
                   "events[0].speakers[0]: expected a person, got 7",
                   "events[0].speakers[2].name: expected a string, got an object");
  g_assert_cmpuint (cluster->members->len, ==, 2);
  g_assert_cmpstr (MEMBER (cluster, 0)->id, ==, "m0");
  g_assert_cmpstr (MEMBER (cluster, 1)->id, ==, "m3");
  g_assert_cmpuint (MEMBER (cluster, 0)->position, ==, 0);
  g_assert_cmpuint (MEMBER (cluster, 1)->position, ==, 1);
  g_assert_cmpstr (MEMBER (cluster, 0)->cluster, ==, "c");
  g_assert_cmpstr (MEMBER (cluster, 1)->cluster, ==, "c");
  g_assert_cmpuint (cluster->team->len, ==, 1);
  g_assert_cmpstr (PERSON (cluster->team, 0)->name, ==, "Ann");
  g_assert_cmpuint (cluster->networks->len, ==, 1);
  assert_neutral (NETWORK (cluster, 0)->name, "Net");
  g_assert_cmpuint (event->speakers->len, ==, 1);
  g_assert_cmpstr (PERSON (event->speakers, 0)->name, ==, "Bo");
  assert_neutral (PERSON (event->speakers, 0)->role, "Uni");
}

/* A member whose name is empty has no name, as for a team member. */
static void
test_array_member_empty_name (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'c', 'name': 'C',"
                   " 'members': [{'name': ''}, {'name': 'Kept'}],"
                   " 'networks': [{'name': ''}]}",
                   NULL, NULL);
  CaCluster *cluster = CLUSTER (feed, 0);

  assert_warnings (feed,
                   "clusters[0].members[0]: no name",
                   "clusters[0].networks[0]: no name");
  g_assert_cmpuint (cluster->members->len, ==, 1);
  assert_neutral (MEMBER (cluster, 0)->name, "Kept");
  g_assert_cmpuint (cluster->networks->len, ==, 0);
}

static void
test_array_text_list (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'c', 'name': 'C', 'objectives': ['a', 5, {'en': 'b', 'bg': 'б'}],"
                   " 'sectors': [1, 2], 'labels': [], 'languages': ['bg', 3, 'en']}",
                   "{'id': 'p', 'title': 'P', 'clusters': ['c', 'bad id', 'c'],"
                   " 'partners': [7, 'Partner']}",
                   NULL);
  CaCluster *cluster = CLUSTER (feed, 0);
  const char *languages[] = { "bg", "en", NULL };
  const char *clusters[] = { "c", "c", NULL };
  const char *partners[] = { "Partner", NULL };

  assert_warnings (feed,
                   "clusters[0].languages[1]: expected a language tag, got 3",
                   "clusters[0].objectives[1]: expected a text, got 5",
                   "clusters[0].sectors[0]: expected a text, got 1",
                   "clusters[0].sectors[1]: expected a text, got 2",
                   "projects[0].clusters[1]: expected an id, got \"bad id\"",
                   "projects[0].partners[0]: expected a text, got 7");
  g_assert_nonnull (cluster->objectives);
  g_assert_cmpuint (g_strv_length (cluster->objectives), ==, 2);
  assert_neutral (cluster->objectives[0], "a");
  assert_text (cluster->objectives[1], "en", "b");
  assert_text (cluster->objectives[1], "bg", "б");
  g_assert_null (cluster->sectors);
  g_assert_null (cluster->labels);
  g_assert_cmpstrv (cluster->languages, languages);
  g_assert_cmpstrv (PROJECT (feed, 0)->clusters, clusters);
  g_assert_cmpstrv (PROJECT (feed, 0)->partners, partners);
}

/* Ids */

static void
test_ids_duplicate (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'a', 'name': 'First', 'acronym': 'F'},"
                   "{'id': 'a', 'name': 'Second', 'acronym': 'S', 'city': 'Varna'},"
                   "{'id': 'b', 'name': 'B'}",
                   "{'id': 'p', 'title': 'P1'}, {'id': 'p', 'title': 'P2'}",
                   "{'id': 'e', 'title': 'E1', 'start': '2024-01-01'},"
                   "{'id': 'e', 'title': 'E2', 'start': '2025-01-01'}");

  assert_warnings (feed,
                   "clusters[1]: duplicate id \"a\", skipped",
                   "projects[1]: duplicate id \"p\", skipped",
                   "events[1]: duplicate id \"e\", skipped");
  g_assert_cmpuint (feed->clusters->len, ==, 2);
  g_assert_cmpstr (CLUSTER (feed, 0)->id, ==, "a");
  assert_neutral (CLUSTER (feed, 0)->name, "First");
  g_assert_cmpstr (CLUSTER (feed, 0)->acronym, ==, "F");
  g_assert_null (CLUSTER (feed, 0)->city);
  g_assert_cmpstr (CLUSTER (feed, 1)->id, ==, "b");
  g_assert_cmpuint (feed->projects->len, ==, 1);
  assert_neutral (PROJECT (feed, 0)->title, "P1");
  g_assert_cmpuint (feed->events->len, ==, 1);
  assert_neutral (EVENT (feed, 0)->title, "E1");
  g_assert_cmpint (EVENT (feed, 0)->start, ==, utc (2024, 1, 1, 0, 0));
}

/* The same id three and more times: every later copy is skipped, not only the second. */
static void
test_ids_duplicate_repeated (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'dup', 'name': 'One'}, {'id': 'dup', 'name': 'Two'},"
                   "{'id': 'dup', 'name': 'Three'}, {'id': 'dup', 'name': 'Four'},"
                   "{'id': 'c', 'name': 'C', 'members': ["
                   "  {'id': 'm', 'name': 'M1'}, {'id': 'm', 'name': 'M2'},"
                   "  {'id': 'm', 'name': 'M3'}, {'name': 'No id'}]}",
                   NULL,
                   "{'id': 'e', 'title': 'E1', 'start': '2024-01-01'},"
                   "{'id': 'e', 'title': 'E2', 'start': '2024-01-01'},"
                   "{'id': 'e', 'title': 'E3', 'start': '2024-01-01'}");
  CaCluster *cluster;

  assert_warnings (feed,
                   "clusters[1]: duplicate id \"dup\", skipped",
                   "clusters[2]: duplicate id \"dup\", skipped",
                   "clusters[3]: duplicate id \"dup\", skipped",
                   "clusters[4].members[1]: duplicate id \"m\", skipped",
                   "clusters[4].members[2]: duplicate id \"m\", skipped",
                   "events[1]: duplicate id \"e\", skipped",
                   "events[2]: duplicate id \"e\", skipped");
  g_assert_cmpuint (feed->clusters->len, ==, 2);
  assert_neutral (CLUSTER (feed, 0)->name, "One");
  cluster = CLUSTER (feed, 1);
  g_assert_cmpuint (cluster->members->len, ==, 2);
  assert_neutral (MEMBER (cluster, 0)->name, "M1");
  assert_neutral (MEMBER (cluster, 1)->name, "No id");
  g_assert_cmpuint (feed->events->len, ==, 1);
}

static void
test_ids_duplicate_members (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'c1', 'name': 'C1', 'members': ["
                   "  {'id': 'm', 'name': 'First', 'kind': 'sme'},"
                   "  {'name': 'Anonymous'},"
                   "  {'id': 'm', 'name': 'Second', 'kind': 'research'},"
                   "  {'name': 'Anonymous'}]},"
                   "{'id': 'c2', 'name': 'C2', 'members': [{'id': 'm', 'name': 'Other'}]}",
                   NULL, NULL);
  CaCluster *c1 = CLUSTER (feed, 0);
  CaCluster *c2 = CLUSTER (feed, 1);

  /* Member ids are unique within one cluster's array; other clusters may reuse them. */
  assert_warnings (feed, "clusters[0].members[2]: duplicate id \"m\", skipped");
  g_assert_cmpuint (c1->members->len, ==, 3);
  assert_neutral (MEMBER (c1, 0)->name, "First");
  g_assert_cmpint (MEMBER (c1, 0)->kind, ==, CA_MEMBER_KIND_SME);
  assert_neutral (MEMBER (c1, 1)->name, "Anonymous");
  assert_neutral (MEMBER (c1, 2)->name, "Anonymous");
  for (guint i = 0; i < c1->members->len; i++)
    g_assert_cmpuint (MEMBER (c1, i)->position, ==, i);
  g_assert_cmpuint (c2->members->len, ==, 1);
  g_assert_cmpstr (MEMBER (c2, 0)->id, ==, "m");
  g_assert_cmpstr (MEMBER (c2, 0)->cluster, ==, "c2");
}

static void
test_ids_per_array (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'x', 'name': 'Cluster'}",
                   "{'id': 'x', 'title': 'Project', 'clusters': ['x']}",
                   "{'id': 'x', 'title': 'Event', 'start': '2024-01-01', 'clusters': ['x'],"
                   " 'project': 'x'}");

  assert_no_warnings (feed);
  g_assert_cmpuint (feed->clusters->len, ==, 1);
  g_assert_cmpuint (feed->projects->len, ==, 1);
  g_assert_cmpuint (feed->events->len, ==, 1);
}

static void
test_references_unknown (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'c', 'name': 'C'}, {'id': 'skipped'}",
                   "{'id': 'p', 'title': 'P', 'clusters': ['c', 'nope']}",
                   "{'id': 'e', 'title': 'E', 'start': '2024-01-01', 'clusters': ['skipped'],"
                   " 'project': 'ghost'},"
                   "{'id': 'f', 'title': 'F', 'start': '2024-01-01', 'clusters': ['c'],"
                   " 'project': 'p'}");
  const char *project_clusters[] = { "c", "nope", NULL };
  const char *event_clusters[] = { "skipped", NULL };

  assert_warnings (feed,
                   "clusters[1]: no “name”, record skipped",
                   "projects[0].clusters[1]: unknown cluster \"nope\"",
                   "events[0].clusters[0]: unknown cluster \"skipped\"",
                   "events[0].project: unknown project \"ghost\"");
  /* Kept as written */
  g_assert_cmpstrv (PROJECT (feed, 0)->clusters, project_clusters);
  g_assert_cmpstrv (EVENT (feed, 0)->clusters, event_clusters);
  g_assert_cmpstr (EVENT (feed, 0)->project, ==, "ghost");
  g_assert_cmpstr (EVENT (feed, 1)->project, ==, "p");
}

static void
test_unknown_fields (void)
{
  g_autoptr(CaFeed) feed = parse_fixture ("unknown-fields.json");
  CaCluster *cluster;

  assert_no_warnings (feed);
  g_assert_cmpuint (feed->clusters->len, ==, 1);
  g_assert_cmpuint (feed->projects->len, ==, 1);
  g_assert_cmpuint (feed->events->len, ==, 1);
  cluster = CLUSTER (feed, 0);
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_SMES], ==, 10);
  g_assert_cmpuint (cluster->team->len, ==, 1);
  g_assert_cmpuint (cluster->members->len, ==, 1);
  g_assert_cmpint (MEMBER (cluster, 0)->kind, ==, CA_MEMBER_KIND_SME);
  g_assert_cmpuint (cluster->networks->len, ==, 1);
  g_assert_cmpstr (NETWORK (cluster, 0)->url, ==, "https://net.example.org/");
  g_assert_cmpfloat (PROJECT (feed, 0)->budget_amount, ==, 100.0);
  g_assert_cmpuint (EVENT (feed, 0)->speakers->len, ==, 1);
}

static void
test_null_is_absent (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json =
    dq ("{'format': 'cluster-feed', 'version': 1, 'generated': null, 'publisher': null,"
        " 'projects': null, 'events': null,"
        " 'clusters': [{'id': 'c', 'name': 'C', 'acronym': null, 'website': null,"
        "   'established': null, 'composition': null, 'team': null, 'members': null,"
        "   'objectives': null, 'summary': null}]}");
  g_autoptr(CaFeed) feed = parse_str (json, &error);
  g_autoptr(CaFeed) events = NULL;
  CaCluster *cluster;

  require_feed (feed, error);
  assert_no_warnings (feed);
  g_assert_null (feed->generated);
  g_assert_null (feed->publisher_name);
  cluster = CLUSTER (feed, 0);
  g_assert_null (cluster->acronym);
  g_assert_null (cluster->website);
  g_assert_null (cluster->established);
  g_assert_null (cluster->objectives);
  g_assert_null (cluster->summary);
  for (guint i = 0; i < CA_N_COMPOSITION; i++)
    g_assert_cmpint (cluster->composition[i], ==, -1);

  events = parse_records (NULL,
                          "{'id': 'p', 'title': 'P', 'budget': {'amount': 5, 'currency': null}}",
                          "{'id': 'e', 'title': 'E', 'start': '2024-01-01', 'end': null,"
                          " 'timezone': null, 'kind': null, 'status': null, 'online': null,"
                          " 'url': null, 'speakers': null, 'project': null}");
  assert_no_warnings (events);
  g_assert_cmpstr (PROJECT (events, 0)->budget_currency, ==, "EUR");
  g_assert_false (EVENT (events, 0)->has_end);
  g_assert_cmpint (EVENT (events, 0)->online, ==, -1);
  g_assert_cmpint (EVENT (events, 0)->status, ==, CA_EVENT_STATUS_SCHEDULED);
}

static void
test_header (void)
{
  g_autoptr(CaFeed) good = NULL;
  g_autoptr(CaFeed) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *good_json =
    dq ("{'format': 'cluster-feed', 'version': 1, 'generated': '2026-11-20T09:00:00Z',"
        " 'publisher': {'name': {'en': 'Association', 'bg': 'Асоциация'},"
        "               'url': 'https://example.org'}, 'clusters': []}");
  g_autofree char *bad_json =
    dq ("{'format': 'cluster-feed', 'version': 1, 'generated': 'soon',"
        " 'publisher': {'name': 5, 'url': 'javascript:void(0)'}, 'clusters': []}");
  g_autofree char *bad_publisher =
    dq ("{'format': 'cluster-feed', 'version': 1, 'publisher': 'Me', 'clusters': []}");

  good = parse_str (good_json, &error);
  require_feed (good, error);
  assert_no_warnings (good);
  g_assert_cmpstr (good->generated, ==, "2026-11-20T09:00:00Z");
  assert_text (good->publisher_name, "bg", "Асоциация");
  g_assert_cmpstr (good->publisher_url, ==, "https://example.org");
  g_assert_cmpuint (good->clusters->len, ==, 0);
  g_assert_cmpuint (good->projects->len, ==, 0);
  g_assert_cmpuint (good->events->len, ==, 0);

  bad = parse_str (bad_json, &error);
  require_feed (bad, error);
  assert_warnings (bad,
                   "generated: expected a date-time, got \"soon\"",
                   "publisher.name: expected a text, got 5",
                   "publisher.url: refused URL scheme \"javascript\"");
  g_assert_null (bad->generated);
  g_assert_null (bad->publisher_name);
  g_assert_null (bad->publisher_url);
  g_clear_object (&bad);

  bad = parse_str (bad_publisher, &error);
  require_feed (bad, error);
  assert_warnings (bad, "publisher: expected an object, got \"Me\"");
}

/* Text values */

static void
test_text_languages (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'c', 'name': {'en': 'ICT Cluster', 'bg': 'ИКТ Клъстер'},"
                   " 'region': {'en': 'South-West', 'bg': 5, 'de': 'Südwest'},"
                   " 'city': {'english language': 'Sofia', 'x': 'X', 'bg': 'София',"
                   "          'en-GB': 'Sofia', 'sr-Latn-RS': 'Sofija', 'en_US': 'S'},"
                   " 'summary': {'de-AT': 'Zusammenfassung', 'en': 'Summary'}}",
                   NULL, NULL);
  CaCluster *cluster = CLUSTER (feed, 0);
  g_auto(GStrv) name_languages = ca_text_languages (cluster->name);
  g_auto(GStrv) city_languages = ca_text_languages (cluster->city);
  const char *expected_name_languages[] = { "en", "bg", NULL };
  const char *expected_city_languages[] = { "bg", "en-GB", "sr-Latn-RS", NULL };

  assert_warnings (feed,
                   "clusters[0].region.bg: expected a string, got 5",
                   "clusters[0].city: \"english language\" is not a language tag",
                   "clusters[0].city: \"x\" is not a language tag",
                   "clusters[0].city: \"en_US\" is not a language tag");

  g_assert_true (ca_text_is_localized (cluster->name));
  assert_text (cluster->name, "en", "ICT Cluster");
  assert_text (cluster->name, "bg", "ИКТ Клъстер");
  g_assert_cmpstrv (name_languages, expected_name_languages);

  assert_text (cluster->region, "en", "South-West");
  assert_text (cluster->region, "de", "Südwest");
  assert_text (cluster->region, "bg", NULL);

  g_assert_cmpstrv (city_languages, expected_city_languages);
  assert_text (cluster->city, "bg", "София");
  assert_text (cluster->city, "sr-Latn-RS", "Sofija");

  assert_text (cluster->summary, "en", "Summary");
  assert_text (cluster->summary, "de-AT", "Zusammenfassung");
}

static void
test_text_plain (void)
{
  g_autoptr(CaFeed) feed = parse_records ("{'id': 'c', 'name': 'Cleantech Bulgaria'}",
                                          NULL, NULL);
  CaCluster *cluster = CLUSTER (feed, 0);
  const char *languages[] = { "bg", NULL };
  g_autofree char *shown = ca_text_for_languages (cluster->name, languages);

  assert_no_warnings (feed);
  assert_neutral (cluster->name, "Cleantech Bulgaria");
  assert_text (cluster->name, "en", NULL);
  g_assert_cmpstr (shown, ==, "Cleantech Bulgaria");
}

/* Date-times */

static void
test_datetime_offset (void)
{
  g_autoptr(CaFeed) feed = parse_fixture ("events.json");
  CaEvent *event = find_event (feed, "offset");

  g_assert_false (event->all_day);
  g_assert_cmpint (event->start, ==, 1614328200);
  g_assert_cmpint (event->start, ==, utc (2021, 2, 26, 8, 30));
  g_assert_true (event->has_end);
  g_assert_cmpint (event->end, ==, utc (2021, 2, 26, 12, 0));
  g_assert_null (event->timezone);

  event = find_event (feed, "fraction");
  g_assert_false (event->all_day);
  g_assert_cmpint (event->start, ==, 1614328200);

  /* An explicit offset wins over the event's zone. */
  event = find_event (feed, "offset-wins");
  g_assert_cmpint (event->start, ==, 1614328200);
  g_assert_cmpstr (event->timezone, ==, "America/New_York");
}

static void
test_datetime_zone (void)
{
  g_autoptr(CaFeed) feed = parse_fixture ("events.json");
  CaEvent *event = find_event (feed, "zone");

  /* Sofia is +02:00 in February… */
  g_assert_false (event->all_day);
  g_assert_cmpstr (event->timezone, ==, "Europe/Sofia");
  g_assert_cmpint (event->start, ==, 1614328200);
  g_assert_false (event->has_end);
  g_assert_cmpint (event->end, ==, event->start);

  /* …and +03:00 in July. */
  event = find_event (feed, "summer");
  g_assert_cmpint (event->start, ==, utc (2021, 7, 1, 7, 0));
}

static void
test_datetime_utc (void)
{
  g_autoptr(CaFeed) feed = parse_fixture ("events.json");
  CaEvent *event = find_event (feed, "utc");

  g_assert_false (event->all_day);
  g_assert_null (event->timezone);
  g_assert_cmpint (event->start, ==, utc (2021, 2, 26, 10, 30));
}

static void
test_datetime_date (void)
{
  g_autoptr(CaFeed) feed = parse_fixture ("events.json");
  CaEvent *event = find_event (feed, "single-day");
  g_autoptr(GDateTime) start = NULL;

  g_assert_true (event->all_day);
  g_assert_cmpint (event->start, ==, utc (2019, 3, 26, 0, 0));
  g_assert_cmpint (event->end, ==, event->start);
  g_assert_false (event->has_end);
  start = ca_event_dup_start (event);
  g_assert_cmpint (g_date_time_get_year (start), ==, 2019);
  g_assert_cmpint (g_date_time_get_month (start), ==, 3);
  g_assert_cmpint (g_date_time_get_day_of_month (start), ==, 26);
  g_assert_cmpint (g_date_time_get_hour (start), ==, 0);
}

static void
test_datetime_inclusive_end (void)
{
  g_autoptr(CaFeed) feed = parse_fixture ("events.json");
  CaEvent *event = find_event (feed, "days");

  g_assert_true (event->all_day);
  g_assert_true (event->has_end);
  g_assert_cmpint (event->start, ==, utc (2019, 3, 26, 0, 0));
  /* The end date is the last day, at 00:00 UTC. */
  g_assert_cmpint (event->end, ==, utc (2019, 3, 27, 0, 0));
}

static void
test_datetime_month_and_year (void)
{
  g_autoptr(CaFeed) feed = parse_fixture ("events.json");
  CaEvent *event = find_event (feed, "month");

  g_assert_true (event->all_day);
  g_assert_true (event->has_end);
  g_assert_cmpint (event->start, ==, utc (2019, 4, 1, 0, 0));
  g_assert_cmpint (event->end, ==, utc (2019, 4, 30, 0, 0));

  event = find_event (feed, "year");
  g_assert_true (event->all_day);
  g_assert_true (event->has_end);
  g_assert_cmpint (event->start, ==, utc (2020, 1, 1, 0, 0));
  g_assert_cmpint (event->end, ==, utc (2020, 12, 31, 0, 0));
}

static void
test_datetime_end_checks (void)
{
  g_autoptr(CaFeed) feed = parse_fixture ("events.json");
  CaEvent *event;

  assert_warnings (feed,
                   "events[3].start: expected a date-time, got \"tomorrow\"",
                   "events[6].end: before the start, dropped",
                   "events[7].end: expected a date, as the start is a date",
                   "events[8]: no “start”, record skipped",
                   "events[13].end: before the start, dropped",
                   "events[15].end: expected a date-time, as the start has a time");
  g_assert_cmpuint (feed->events->len, ==, 14);

  /* end before start: dropped, the event kept */
  event = find_event (feed, "backwards");
  g_assert_false (event->has_end);
  g_assert_cmpint (event->start, ==, utc (2021, 2, 26, 10, 30));
  g_assert_cmpint (event->end, ==, event->start);

  event = find_event (feed, "days-backwards");
  g_assert_true (event->all_day);
  g_assert_false (event->has_end);
  g_assert_cmpint (event->end, ==, event->start);

  /* a date start with a date-time end, and the reverse: the end is dropped */
  event = find_event (feed, "mixed");
  g_assert_true (event->all_day);
  g_assert_false (event->has_end);
  g_assert_cmpint (event->end, ==, utc (2019, 3, 26, 0, 0));

  event = find_event (feed, "timed-mixed");
  g_assert_false (event->all_day);
  g_assert_false (event->has_end);
  g_assert_cmpint (event->end, ==, event->start);
}

static void
test_project_dates (void)
{
  g_autoptr(CaFeed) feed =
    parse_records (NULL,
                   "{'id': 'a', 'title': 'A', 'start': '2020-06-01', 'end': '2019-01-01'},"
                   "{'id': 'b', 'title': 'B', 'start': '2020', 'end': '2020-12'}",
                   NULL);

  assert_warnings (feed, "projects[0].end: before the start, dropped");
  g_assert_cmpstr (PROJECT (feed, 0)->start, ==, "2020-06-01");
  g_assert_null (PROJECT (feed, 0)->end);
  g_assert_cmpstr (PROJECT (feed, 1)->start, ==, "2020");
  g_assert_cmpstr (PROJECT (feed, 1)->end, ==, "2020-12");
}

/* Record bookkeeping */

static void
test_feed_key (void)
{
  g_autoptr(CaFeed) feed = parse_fixture ("full.json");
  CaCluster *cluster;
  g_autoptr(CaFeed) other = NULL;

  assert_no_warnings (feed);
  for (guint i = 0; i < feed->clusters->len; i++)
    {
      cluster = CLUSTER (feed, i);
      g_assert_cmpstr (cluster->feed, ==, FEED_KEY);
      for (guint j = 0; j < cluster->members->len; j++)
        {
          CaMember *member = MEMBER (cluster, j);
          g_assert_cmpstr (member->feed, ==, FEED_KEY);
          g_assert_cmpstr (member->cluster, ==, cluster->id);
          g_assert_cmpuint (member->position, ==, j);
        }
    }
  for (guint i = 0; i < feed->projects->len; i++)
    g_assert_cmpstr (PROJECT (feed, i)->feed, ==, FEED_KEY);
  for (guint i = 0; i < feed->events->len; i++)
    g_assert_cmpstr (EVENT (feed, i)->feed, ==, FEED_KEY);
  g_assert_cmpuint (ca_feed_count_members (feed), ==, 2);

  /* The key is copied, not kept: another key gives another feed field. */
  {
    g_autoptr(GBytes) bytes = load_fixture ("full.json");
    g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
    g_autoptr(GError) error = NULL;
    char *key = g_strdup ("second-feed");

    other = ca_feed_parser_parse (parser, bytes, key, &error);
    require_feed (other, error);
    memset (key, 'X', strlen (key));
    g_free (key);
  }
  g_assert_cmpstr (CLUSTER (other, 0)->feed, ==, "second-feed");
  g_assert_cmpstr (MEMBER (CLUSTER (other, 0), 1)->feed, ==, "second-feed");
  g_assert_cmpstr (PROJECT (other, 0)->feed, ==, "second-feed");
  g_assert_cmpstr (EVENT (other, 0)->feed, ==, "second-feed");
}

/* Every field of every record type lands where it belongs. */
static void
test_full (void)
{
  g_autoptr(CaFeed) feed = parse_fixture ("full.json");
  CaCluster *cluster;
  CaMember *member;
  CaProject *project;
  CaEvent *event;
  CaPerson *person;
  const char *languages[] = { "bg", "en", NULL };
  const char *services[] = { "Service one", "Service two", NULL };
  const char *ids[] = { "ict-cluster", NULL };

  assert_no_warnings (feed);
  g_assert_cmpstr (feed->generated, ==, "2026-11-20T09:00:00Z");
  assert_text (feed->publisher_name, "en", "Business Clusters Association");
  assert_text (feed->publisher_name, "bg", "Асоциация на бизнес клъстерите");
  g_assert_cmpstr (feed->publisher_url, ==, "https://publisher.example.org/");

  g_assert_cmpuint (feed->clusters->len, ==, 1);
  cluster = CLUSTER (feed, 0);
  g_assert_cmpstr (cluster->id, ==, "ict-cluster");
  assert_text (cluster->name, "bg", "ИКТ Клъстер");
  g_assert_cmpstr (cluster->acronym, ==, "ICT");
  g_assert_cmpstr (cluster->country, ==, "BG");
  assert_text (cluster->region, "en", "South-West (Bulgaria)");
  assert_text (cluster->city, "bg", "София");
  g_assert_cmpstr (cluster->established, ==, "2004-10-15");
  assert_text (cluster->legal_form, "en", "Association");
  g_assert_cmpstr (cluster->website, ==, "https://ict.example.org/");
  g_assert_cmpstr (cluster->email, ==, "office@ict.example.org");
  g_assert_cmpstr (cluster->phone, ==, "+359 2 000 0000");
  g_assert_cmpstrv (cluster->languages, languages);
  assert_text (cluster->summary, "en", "The ICT cluster.");
  g_assert_cmpuint (g_strv_length (cluster->objectives), ==, 2);
  assert_neutral (cluster->objectives[0], "Objective one");
  assert_text (cluster->objectives[1], "bg", "Цел две");
  g_assert_cmpstr (cluster->activities[0], ==, "Activity");
  g_assert_cmpstrv (cluster->services, services);
  g_assert_cmpstr (cluster->sectors[0], ==, "ICT");
  g_assert_cmpstr (cluster->technology_fields[0], ==, "Artificial intelligence");
  g_assert_cmpstr (cluster->s3_priorities[0], ==, "Informatics and ICT");
  g_assert_cmpstr (cluster->labels[0], ==, "Cluster Management Excellence Label BRONZE");
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_MEMBERS], ==, 293);
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_SMES], ==, 280);
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_STARTUPS], ==, 5);
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_LARGE_COMPANIES], ==, 0);
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_RESEARCH], ==, 6);
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_CIVIL_SOCIETY], ==, 5);
  g_assert_cmpint (cluster->composition[CA_COMPOSITION_OTHER], ==, 2);

  g_assert_cmpuint (cluster->team->len, ==, 1);
  person = PERSON (cluster->team, 0);
  g_assert_cmpstr (person->name, ==, "Maria Ivanova");
  assert_text (person->role, "en", "Cluster manager");
  g_assert_cmpstr (person->email, ==, "maria@ict.example.org");
  g_assert_cmpstr (person->phone, ==, "+359 2 000 0001");

  g_assert_cmpuint (cluster->members->len, ==, 2);
  member = MEMBER (cluster, 0);
  assert_text (member->name, "en", "Example Software");
  g_assert_cmpstr (member->id, ==, "example-software");
  g_assert_cmpint (member->kind, ==, CA_MEMBER_KIND_SME);
  assert_neutral (member->city, "Plovdiv");
  g_assert_cmpstr (member->country, ==, "BG");
  g_assert_cmpstr (member->website, ==, "https://software.example.com/");
  g_assert_cmpuint (g_strv_length (member->sectors), ==, 2);
  g_assert_cmpstr (member->sectors[1], ==, "Consulting");
  assert_neutral (member->description, "Writes software.");
  g_assert_cmpstr (member->joined, ==, "2010-05");
  g_assert_cmpstr (member->registry_id, ==, "BG175325806");
  member = MEMBER (cluster, 1);
  g_assert_null (member->registry_id);
  g_assert_null (member->id);
  g_assert_cmpint (member->kind, ==, CA_MEMBER_KIND_UNIVERSITY);
  g_assert_cmpuint (member->position, ==, 1);

  g_assert_cmpuint (cluster->networks->len, ==, 1);
  assert_neutral (NETWORK (cluster, 0)->name, "European Cluster Collaboration Platform");
  g_assert_cmpstr (NETWORK (cluster, 0)->url, ==, "https://clustercollaboration.eu/");

  g_assert_cmpuint (feed->projects->len, ==, 1);
  project = PROJECT (feed, 0);
  g_assert_cmpstr (project->id, ==, "bowi");
  assert_text (project->title, "en", "Boosting Digital Innovation");
  g_assert_cmpstr (project->acronym, ==, "BOWI");
  g_assert_cmpstr (project->programme, ==, "Horizon 2020");
  g_assert_cmpstr (project->grant, ==, "873087");
  g_assert_cmpstr (project->start, ==, "2019-09-01");
  g_assert_cmpstr (project->end, ==, "2023-02-28");
  g_assert_true (project->has_budget);
  g_assert_cmpfloat (project->budget_amount, ==, 4998237.5);
  g_assert_cmpstr (project->budget_currency, ==, "BGN");
  assert_neutral (project->role, "partner");
  g_assert_cmpstrv (project->clusters, ids);
  g_assert_cmpuint (g_strv_length (project->partners), ==, 2);
  assert_text (project->partners[1], "bg", "Партньор Б");
  assert_neutral (project->summary, "A project summary.");
  g_assert_cmpstr (project->objectives[0], ==, "Project objective");
  g_assert_cmpstr (project->website, ==, "https://bowi.example.eu/");

  g_assert_cmpuint (feed->events->len, ==, 1);
  event = EVENT (feed, 0);
  g_assert_cmpstr (event->id, ==, "i4ms-webinar-2021");
  assert_text (event->title, "bg", "Уебинар I4MS");
  g_assert_false (event->all_day);
  g_assert_cmpint (event->start, ==, utc (2021, 2, 26, 8, 30));
  g_assert_true (event->has_end);
  g_assert_cmpint (event->end, ==, utc (2021, 2, 26, 12, 0));
  g_assert_cmpstr (event->timezone, ==, "Europe/Sofia");
  g_assert_cmpint (event->kind, ==, CA_EVENT_KIND_WEBINAR);
  g_assert_cmpint (event->status, ==, CA_EVENT_STATUS_MOVED_ONLINE);
  assert_text (event->venue, "en", "Sofia Tech Park");
  assert_neutral (event->city, "Sofia");
  g_assert_cmpstr (event->country, ==, "BG");
  g_assert_cmpint (event->online, ==, 1);
  g_assert_cmpstr (event->url, ==, "https://events.example.org/i4ms");
  assert_neutral (event->description, "A webinar.");
  g_assert_cmpstrv (event->clusters, ids);
  g_assert_cmpstr (event->project, ==, "bowi");
  g_assert_cmpuint (event->speakers->len, ==, 1);
  person = PERSON (event->speakers, 0);
  g_assert_cmpstr (person->name, ==, "Ivan Petrov");
  assert_neutral (person->role, "Example University");
  g_assert_cmpstr (person->email, ==, "ivan@example.edu");
  g_assert_cmpstr (person->phone, ==, "+359 1");
  g_assert_cmpuint (g_strv_length (event->organizers), ==, 2);
  assert_text (event->organizers[1], "bg", "БОУИ");
}

/* Large feeds */

#define LARGE_CLUSTERS 20000
#define LARGE_EVENTS   4000

/* Over the size where the parser reads slices of records on several threads. Bad records,
 * duplicates and references are spread over the whole document, so they fall in
 * different slices. */
static char *
large_feed (void)
{
  GString *json = g_string_new ("{\"format\": \"cluster-feed\", \"version\": 1,"
                                " \"generated\": \"2026-11-20T09:00:00Z\", \"clusters\": [");
  g_autofree char *padding = g_strnfill (200, 'x');

  for (guint i = 0; i < LARGE_CLUSTERS; i++)
    {
      if (i > 0)
        g_string_append (json, ",\n");
      if (i == LARGE_CLUSTERS - 1)
        g_string_append (json, "{\"id\": \"c0\", \"name\": \"Late duplicate\"}");
      else if (i % 1000 == 999)
        g_string_append_printf (json, "{\"id\": \"c%u\", \"summary\": \"no name\"}", i);
      else
        g_string_append_printf (json, "{\"id\": \"c%u\", \"name\": {\"en\": \"Cluster %u\","
                                " \"bg\": \"Клъстер %u\"}, \"summary\": \"%s\","
                                " \"website\": \"%s\", \"members\": [{\"id\": \"m\","
                                " \"name\": \"Member\"}]}",
                                i, i, i, padding,
                                i % 5000 == 1 ? "javascript:x()" : "https://example.org/");
    }
  g_string_append (json, "], \"events\": [");
  for (guint i = 0; i < LARGE_EVENTS; i++)
    {
      if (i > 0)
        g_string_append (json, ",\n");
      g_string_append_printf (json, "{\"id\": \"e%u\", \"title\": \"Event %u\","
                              " \"start\": \"%s\", \"timezone\": \"Europe/Sofia\","
                              " \"clusters\": [\"c%u\"], \"description\": \"%s\"}",
                              i, i, i % 500 == 7 ? "tomorrow" : "2024-03-01T10:00:00",
                              i == LARGE_EVENTS - 1 ? 999 : i, padding);
    }
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

static void
test_large_parallel (void)
{
  g_autofree char *json = large_feed ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(CaFeedParser) parallel = ca_feed_parser_new ();
  g_autoptr(CaFeedParser) serial = ca_feed_parser_new ();
  g_autoptr(GHashTable) log = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeed) a = NULL;
  g_autoptr(CaFeed) b = NULL;
  g_auto(GStrv) warnings_a = NULL;
  g_auto(GStrv) warnings_b = NULL;
  /* every 1000th cluster has no name, the last is a duplicate (and would be the 20th) */
  guint skipped = LARGE_CLUSTERS / 1000 - 1;
  guint expected_clusters = LARGE_CLUSTERS - skipped - 1;

  g_assert_cmpuint (strlen (json), >, 4 * 1024 * 1024);

  a = ca_feed_parser_parse (parallel, bytes, FEED_KEY, &error);
  require_feed (a, error);
  /* Logging fields keeps the parse on one thread: the same feed must come out. */
  _ca_feed_parser_log_fields (serial, log);
  b = ca_feed_parser_parse (serial, bytes, FEED_KEY, &error);
  require_feed (b, error);

  g_assert_cmpuint (a->clusters->len, ==, expected_clusters);
  g_assert_cmpuint (a->events->len, ==, LARGE_EVENTS - LARGE_EVENTS / 500);
  g_assert_cmpstr (a->generated, ==, "2026-11-20T09:00:00Z");

  /* In document order, the first of a duplicate id kept */
  for (guint i = 0, json_index = 0; i < a->clusters->len; i++, json_index++)
    {
      g_autofree char *id = NULL;

      if (json_index % 1000 == 999)
        json_index++;
      id = g_strdup_printf ("c%u", json_index);
      g_assert_cmpstr (CLUSTER (a, i)->id, ==, id);
      g_assert_cmpstr (CLUSTER (a, i)->feed, ==, FEED_KEY);
      g_assert_cmpuint (CLUSTER (a, i)->members->len, ==, 1);
      g_assert_cmpstr (MEMBER (CLUSTER (a, i), 0)->cluster, ==, id);
    }
  assert_neutral (CLUSTER (a, 0)->summary, CLUSTER (a, 1)->summary);
  {
    g_autofree char *bg = ca_text_lookup (CLUSTER (a, 0)->name, "bg");
    g_assert_cmpstr (bg, ==, "Клъстер 0");
  }
  g_assert_cmpint (EVENT (a, 0)->start, ==, utc (2024, 3, 1, 8, 0));

  warnings_a = warnings_strv (a);
  warnings_b = warnings_strv (b);
  g_assert_cmpstr (warnings_a[0], ==, "clusters[1].website: refused URL scheme \"javascript\"");
  g_assert_cmpstr (warnings_a[1], ==, "clusters[999]: no “name”, record skipped");
  {
    guint n = g_strv_length (warnings_a);
    g_autofree char *dup = g_strdup_printf ("clusters[%u]: duplicate id \"c0\", skipped",
                                            LARGE_CLUSTERS - 1);
    g_autofree char *ref = g_strdup_printf ("events[%u].clusters[0]: unknown cluster \"c999\"",
                                            LARGE_EVENTS - 1);

    /* 4 refused URLs, 19 skipped clusters, 1 duplicate, 8 bad starts, and 4 events naming
     * a skipped cluster (c999, c1999, c2999, and the last one) */
    g_assert_cmpuint (n, ==, 4 + skipped + 1 + LARGE_EVENTS / 500 + LARGE_EVENTS / 1000);
    g_assert_cmpstr (warnings_a[4 + skipped], ==, dup);
    g_assert_cmpstr (warnings_a[n - 1], ==, ref);
  }
  g_assert_cmpstrv (warnings_a, warnings_b);

  g_assert_cmpuint (a->clusters->len, ==, b->clusters->len);
  g_assert_cmpuint (a->events->len, ==, b->events->len);
  for (guint i = 0; i < a->events->len; i++)
    {
      g_assert_cmpstr (EVENT (a, i)->id, ==, EVENT (b, i)->id);
      g_assert_cmpint (EVENT (a, i)->start, ==, EVENT (b, i)->start);
    }
}

/* The feed the app ships with */

static CaCluster *
find_cluster_named (CaFeed     *feed,
                    const char *english)
{
  for (guint i = 0; i < feed->clusters->len; i++)
    {
      g_autofree char *en = ca_text_lookup (CLUSTER (feed, i)->name, "en");
      if (g_strcmp0 (en, english) == 0 || g_strcmp0 (CLUSTER (feed, i)->name, english) == 0)
        return CLUSTER (feed, i);
    }
  g_error ("no cluster named \"%s\"", english);
  return NULL;
}

static CaEvent *
find_event_titled (CaFeed     *feed,
                   const char *prefix)
{
  for (guint i = 0; i < feed->events->len; i++)
    {
      g_autofree char *flat = ca_text_flatten (EVENT (feed, i)->title);
      if (strstr (flat, prefix) != NULL)
        return EVENT (feed, i);
    }
  g_error ("no event titled \"%s…\"", prefix);
  return NULL;
}

static void
test_default_feed (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "default-feed.json",
                                                 NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeed) feed = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  CaCluster *ict;
  CaEvent *event;

  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error_message (error));
  feed = parse_data (contents, len, &error);
  require_feed (feed, error);
  assert_no_warnings (feed);

  g_assert_cmpuint (feed->clusters->len, ==, 3);
  g_assert_cmpuint (feed->projects->len, ==, 10);
  g_assert_cmpuint (feed->events->len, >=, 14);

  ict = find_cluster_named (feed, "ICT Cluster");
  g_assert_cmpint (ict->composition[CA_COMPOSITION_SMES], ==, 280);

  event = find_event_titled (feed, "National Cluster Conference");
  g_assert_true (event->all_day);
  g_assert_cmpint (event->start, ==, utc (2019, 3, 26, 0, 0));
  g_assert_true (event->has_end);
  g_assert_cmpint (event->end, ==, utc (2019, 3, 27, 0, 0));

  event = find_event_titled (feed, "supporting digital innovation of Manufacturing SMEs");
  g_assert_false (event->all_day);
  g_assert_cmpint (event->start, ==, utc (2021, 2, 26, 8, 30));

  event = find_event_titled (feed, "Founding meeting");
  g_assert_false (event->all_day);
  g_assert_cmpint (event->start, ==, utc (2012, 1, 17, 11, 0));
}

/* Country codes, language tags and e-mail addresses are checked; links are http(s). */
static void
test_optional_checked_strings (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'c', 'name': 'C', 'country': 'Bulgaria', 'languages': ['bg', 'x', 'de-AT'],"
                   " 'email': 'mailto:office@example.org', 'website': 'mailto:office@example.org',"
                   " 'team': [{'name': 'Ann', 'email': 'not an address'},"
                   "          {'name': 'Bo', 'email': 'bo@example.org'}],"
                   " 'members': [{'name': 'M', 'country': 'bg'}]}",
                   NULL,
                   "{'id': 'e', 'title': 'E', 'start': '2024-01-01', 'country': 'DE'}");
  CaCluster *cluster = CLUSTER (feed, 0);

  assert_warnings (feed,
                   "clusters[0].country: expected a two-letter country code, got \"Bulgaria\"",
                   "clusters[0].website: refused URL scheme \"mailto\"",
                   "clusters[0].languages[1]: expected a language tag, got \"x\"",
                   "clusters[0].team[0].email: expected an e-mail address, got \"not an address\"",
                   "clusters[0].members[0].country: expected a two-letter country code, got \"bg\"");
  g_assert_null (cluster->country);
  g_assert_null (cluster->website);
  g_assert_cmpstr (cluster->email, ==, "office@example.org");
  g_assert_cmpuint (g_strv_length (cluster->languages), ==, 2);
  g_assert_cmpstr (cluster->languages[1], ==, "de-AT");
  g_assert_null (PERSON (cluster->team, 0)->email);
  g_assert_cmpstr (PERSON (cluster->team, 1)->email, ==, "bo@example.org");
  g_assert_cmpstr (EVENT (feed, 0)->country, ==, "DE");
}

/* C1 control characters (U+0080–U+009F) go like the C0 ones. */
static void
test_strings_c1_controls (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'c', 'name': 'A\\u0085B\\u009fC\\u00a0D'}", NULL, NULL);

  assert_no_warnings (feed);
  /* U+00A0 (no-break space) is text and stays */
  g_assert_cmpstr (CLUSTER (feed, 0)->name, ==, "ABC\u00a0D");
}

/* A name or title of nothing but white space is no name. */
static void
test_record_blank_names (void)
{
  g_autoptr(CaFeed) feed =
    parse_records ("{'id': 'a', 'name': '  '},"
                   "{'id': 'b', 'name': {'en': '', 'bg': ' '}},"
                   "{'id': 'c', 'name': 'C', 'team': [{'name': ' '}]}",
                   "{'id': 'p', 'title': ''}",
                   "{'id': 'e', 'title': {'en': '\\t'}, 'start': '2024-01-01'}");

  assert_warnings (feed,
                   "clusters[0].name: empty, record skipped",
                   "clusters[1].name: empty, record skipped",
                   "clusters[2].team[0]: no name",
                   "projects[0].title: empty, record skipped",
                   "events[0].title: empty, record skipped");
  g_assert_cmpuint (feed->clusters->len, ==, 1);
  g_assert_cmpuint (CLUSTER (feed, 0)->team->len, ==, 0);
  g_assert_cmpuint (feed->projects->len, ==, 0);
  g_assert_cmpuint (feed->events->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* A failed check fails its test and the others still run. */
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/feed-parser/reject/not-json", test_reject_not_json);
  g_test_add_func ("/feed-parser/reject/not-object", test_reject_not_object);
  g_test_add_func ("/feed-parser/reject/empty", test_reject_empty);
  g_test_add_func ("/feed-parser/reject/blank", test_reject_blank);
  g_test_add_func ("/feed-parser/reject/wrong-format", test_reject_wrong_format);
  g_test_add_func ("/feed-parser/reject/missing-format", test_reject_missing_format);
  g_test_add_func ("/feed-parser/reject/newer-version", test_reject_newer_version);
  g_test_add_func ("/feed-parser/reject/version-string", test_reject_version_string);
  g_test_add_func ("/feed-parser/reject/bad-version", test_reject_bad_version);
  g_test_add_func ("/feed-parser/reject/missing-clusters", test_reject_missing_clusters);
  g_test_add_func ("/feed-parser/reject/clusters-not-array", test_reject_clusters_not_array);
  g_test_add_func ("/feed-parser/reject/too-large", test_reject_too_large);
  g_test_add_func ("/feed-parser/reject/invalid-utf8", test_reject_invalid_utf8);
  g_test_add_func ("/feed-parser/reject/lone-surrogate", test_reject_lone_surrogate);
  g_test_add_func ("/feed-parser/reject/stray-commas", test_reject_stray_commas);
  g_test_add_func ("/feed-parser/reject/too-deep", test_reject_too_deep);
  g_test_add_func ("/feed-parser/reject/depth-limit", test_reject_depth_limit);
  g_test_add_func ("/feed-parser/reject/depth-ignores-strings",
                   test_reject_depth_ignores_strings);
  g_test_add_func ("/feed-parser/reject/depth-hidden-by-comment",
                   test_reject_depth_hidden_by_comment);
  g_test_add_func ("/feed-parser/reject/depth-hidden-by-single-quotes",
                   test_reject_depth_hidden_by_single_quotes);
  g_test_add_func ("/feed-parser/reject/not-strict-json", test_reject_not_strict_json);

  g_test_add_func ("/feed-parser/string/long-cut", test_string_long_cut);
  g_test_add_func ("/feed-parser/string/long-boundary", test_string_long_boundary);
  g_test_add_func ("/feed-parser/string/markup-verbatim", test_string_markup_verbatim);
  g_test_add_func ("/feed-parser/string/control-characters", test_string_control_characters);

  g_test_add_func ("/feed-parser/record/event-no-start", test_record_event_no_start);
  g_test_add_func ("/feed-parser/record/event-bad-start", test_record_event_bad_start);
  g_test_add_func ("/feed-parser/record/event-bad-start-types",
                   test_record_event_bad_start_types);
  g_test_add_func ("/feed-parser/record/cluster-no-id", test_record_cluster_no_id);
  g_test_add_func ("/feed-parser/record/cluster-bad-id", test_record_cluster_bad_id);
  g_test_add_func ("/feed-parser/record/cluster-no-name", test_record_cluster_no_name);
  g_test_add_func ("/feed-parser/record/cluster-name-type", test_record_cluster_name_type);
  g_test_add_func ("/feed-parser/record/not-object", test_record_not_object);
  g_test_add_func ("/feed-parser/record/project-event-required",
                   test_record_project_and_event_required);

  g_test_add_func ("/feed-parser/optional/bad-date", test_optional_bad_date);
  g_test_add_func ("/feed-parser/optional/composition", test_optional_composition);
  g_test_add_func ("/feed-parser/optional/url-scheme", test_optional_url_scheme);
  g_test_add_func ("/feed-parser/optional/url-relative", test_optional_url_relative);
  g_test_add_func ("/feed-parser/optional/member-kind", test_optional_member_kind);
  g_test_add_func ("/feed-parser/optional/member-registry-id", test_member_registry_id);
  g_test_add_func ("/feed-parser/optional/event-kind", test_optional_event_kind);
  g_test_add_func ("/feed-parser/optional/event-status", test_optional_event_status);
  g_test_add_func ("/feed-parser/optional/online", test_optional_online);
  g_test_add_func ("/feed-parser/optional/budget", test_optional_budget);
  g_test_add_func ("/feed-parser/optional/timezone", test_optional_timezone);
  g_test_add_func ("/feed-parser/optional/wrong-types", test_optional_wrong_types);

  g_test_add_func ("/feed-parser/array/bad-element", test_array_bad_element);
  g_test_add_func ("/feed-parser/array/member-empty-name", test_array_member_empty_name);
  g_test_add_func ("/feed-parser/optional/checked-strings", test_optional_checked_strings);
  g_test_add_func ("/feed-parser/strings/c1-controls", test_strings_c1_controls);
  g_test_add_func ("/feed-parser/record/blank-names", test_record_blank_names);
  g_test_add_func ("/feed-parser/array/text-list", test_array_text_list);

  g_test_add_func ("/feed-parser/ids/duplicate", test_ids_duplicate);
  g_test_add_func ("/feed-parser/ids/duplicate-repeated", test_ids_duplicate_repeated);
  g_test_add_func ("/feed-parser/ids/duplicate-members", test_ids_duplicate_members);
  g_test_add_func ("/feed-parser/ids/per-array", test_ids_per_array);
  g_test_add_func ("/feed-parser/references/unknown", test_references_unknown);

  g_test_add_func ("/feed-parser/unknown-fields", test_unknown_fields);
  g_test_add_func ("/feed-parser/null-is-absent", test_null_is_absent);
  g_test_add_func ("/feed-parser/header", test_header);

  g_test_add_func ("/feed-parser/text/languages", test_text_languages);
  g_test_add_func ("/feed-parser/text/plain", test_text_plain);

  g_test_add_func ("/feed-parser/datetime/offset", test_datetime_offset);
  g_test_add_func ("/feed-parser/datetime/zone", test_datetime_zone);
  g_test_add_func ("/feed-parser/datetime/utc", test_datetime_utc);
  g_test_add_func ("/feed-parser/datetime/date", test_datetime_date);
  g_test_add_func ("/feed-parser/datetime/inclusive-end", test_datetime_inclusive_end);
  g_test_add_func ("/feed-parser/datetime/month-and-year", test_datetime_month_and_year);
  g_test_add_func ("/feed-parser/datetime/end-checks", test_datetime_end_checks);
  g_test_add_func ("/feed-parser/project-dates", test_project_dates);

  g_test_add_func ("/feed-parser/feed-key", test_feed_key);
  g_test_add_func ("/feed-parser/full", test_full);
  g_test_add_func ("/feed-parser/large/parallel", test_large_parallel);
  g_test_add_func ("/feed-parser/default-feed", test_default_feed);

  return g_test_run ();
}
