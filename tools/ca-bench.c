/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ca-bench: measures the core (parser and store) on a feed file.
 *
 *   ca-bench [all] FEED       every figure; imports run in child processes
 *   ca-bench import FEED      one import in this process: read + parse + replace_feed
 *   ca-bench reimport FEED    import FEED, then time a sync's import of a copy with
 *                             5,000 events moved a day (what the change log records)
 *   ca-bench parse FEED       parse only, --runs times
 *   ca-bench query STORE      store open + cluster list, then search latency
 *
 * Options: --runs N, --open-runs N, --queries N, --limit N, --tmpdir DIR,
 * --store PATH (import), --no-change-log (import, reimport: the store keeps no change
 * log, for the comparison), --keep (keep the temporary store), --kv (key=value lines
 * for scripts instead of the table). tools/bench runs `ca-bench all FEED --kv`.
 *
 * Peak RSS is VmHWM of the importing process: `all` imports in a fresh child
 * process per run so the figure is not inflated by anything else.
 */

#include "config.h"

#define G_LOG_DOMAIN "ca-bench"

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <json-glib/json-glib.h>

#include "ca-feed-parser.h"
#include "ca-store.h"
#include "ca-text.h"

#define FEED_KEY "bench"

static int     opt_runs = 3;
static int     opt_open_runs = 7;
static int     opt_queries = 200;
static int     opt_limit = 50;
static int     opt_section_rows = 5;
static char   *opt_tmpdir;
static char   *opt_store;
static gboolean opt_keep;
static gboolean opt_kv;
static gboolean opt_no_change_log;

/* key=value results, in the order they were measured */
static GPtrArray *results;

/* ---------------------------------------------------------------- helpers */

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
put (const char *key,
     const char *format,
     ...) G_GNUC_PRINTF (2, 3);

static void
put (const char *key,
     const char *format,
     ...)
{
  va_list args;
  g_autofree char *value = NULL;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (results, g_strdup_printf ("%s=%s", key, value));
}

static const char *
get (GPtrArray  *kv,
     const char *key)
{
  gsize len = strlen (key);

  for (guint i = 0; i < kv->len; i++)
    {
      const char *line = g_ptr_array_index (kv, i);
      if (strncmp (line, key, len) == 0 && line[len] == '=')
        return line + len + 1;
    }
  return NULL;
}

static double
get_double (GPtrArray  *kv,
            const char *key)
{
  const char *v = get (kv, key);
  return v ? g_ascii_strtod (v, NULL) : -1;
}

/* Peak and current resident set size of this process, in KiB */
static void
read_rss (gint64 *hwm_kib,
          gint64 *rss_kib)
{
  g_autofree char *status = NULL;

  *hwm_kib = *rss_kib = -1;
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const char *p;
      if ((p = strstr (status, "\nVmHWM:")))
        *hwm_kib = g_ascii_strtoll (p + 7, NULL, 10);
      if ((p = strstr (status, "\nVmRSS:")))
        *rss_kib = g_ascii_strtoll (p + 7, NULL, 10);
    }
  if (*hwm_kib < 0)
    {
      struct rusage ru;
      if (getrusage (RUSAGE_SELF, &ru) == 0)
        *hwm_kib = ru.ru_maxrss;   /* KiB on Linux */
    }
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Nearest-rank percentile of a sorted array */
static double
percentile (const double *sorted,
            guint         n,
            double        p)
{
  guint rank;

  if (n == 0)
    return -1;
  rank = (guint) (p / 100.0 * n + 0.999999);
  rank = CLAMP (rank, 1, n);
  return sorted[rank - 1];
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_double);
  return percentile (values, n, 50);
}

static double
minimum (const double *values,
         guint         n)
{
  double m = n ? values[0] : -1;
  for (guint i = 1; i < n; i++)
    m = MIN (m, values[i]);
  return m;
}

static void
remove_store_files (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_unlink (p);
    }
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR) && !g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        remove_tree (p);
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}

static char *
make_tmpdir (GError **error)
{
  g_autofree char *tmpl = g_build_filename (opt_tmpdir ? opt_tmpdir : g_get_tmp_dir (),
                                            "ca-bench-XXXXXX", NULL);
  if (g_mkdtemp (tmpl) == NULL)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot create %s: %s", tmpl, g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&tmpl);
}

static GBytes *
read_feed (const char  *path,
           GError     **error)
{
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  return g_bytes_new_take (contents, len);
}

static CaFeed *
parse_feed (GBytes  *bytes,
            GError **error)
{
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  gsize size = g_bytes_get_size (bytes);

  if (size >= ca_feed_parser_get_max_size (parser))
    ca_feed_parser_set_max_size (parser, size + 1);
  return ca_feed_parser_parse (parser, bytes, FEED_KEY, error);
}

static void
report_warnings (CaFeed *feed)
{
  guint n = feed->warnings ? feed->warnings->len : 0;

  put ("warnings", "%u", n);
  for (guint i = 0; i < MIN (n, 5); i++)
    g_printerr ("ca-bench: feed warning: %s\n", (const char *) g_ptr_array_index (feed->warnings, i));
  if (n > 5)
    g_printerr ("ca-bench: … and %u more warnings\n", n - 5);
}

/* ------------------------------------------------------------ subcommands */

/* One import in this process. Keys: read_ms store_create_ms
 * import_ms peak_rss_kib rss_after_kib store_bytes clusters members projects events warnings */
static gboolean
run_import (const char  *feed_path,
            GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;
  g_autoptr(CaStore) store = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(CaFeedParser) parser = NULL;
  gint64 t0, t_read, hwm, rss;
  double create_ms;
  GStatBuf st;

  if (opt_store)
    {
      if (g_file_test (opt_store, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                       "%s exists: import needs a new store path", opt_store);
          return FALSE;
        }
      store_path = g_strdup (opt_store);
    }
  else
    {
      if (!(dir = make_tmpdir (error)))
        return FALSE;
      store_path = g_build_filename (dir, "store.db", NULL);
    }

  t0 = g_get_monotonic_time ();
  store = ca_store_open (store_path, error);
  create_ms = ms_since (t0);
  if (store == NULL)
    return FALSE;
  if (opt_no_change_log)
    ca_store_set_change_log_syncs (store, 0);

  /* As the app imports: the store writes each batch of records while the parser's
   * workers read the next ones (ca_store_import_bytes). */
  t0 = g_get_monotonic_time ();
  if (!(bytes = read_feed (feed_path, error)))
    return FALSE;
  t_read = g_get_monotonic_time ();
  parser = ca_feed_parser_new ();
  if (g_bytes_get_size (bytes) >= ca_feed_parser_get_max_size (parser))
    ca_feed_parser_set_max_size (parser, g_bytes_get_size (bytes) + 1);
  if (!(feed = ca_store_import_bytes (store, FEED_KEY, parser, bytes, error)))
    return FALSE;
  put ("import_ms", "%.1f", ms_since (t0));
  put ("read_ms", "%.1f", (t_read - t0) / 1000.0);
  put ("store_create_ms", "%.1f", create_ms);

  read_rss (&hwm, &rss);
  put ("peak_rss_kib", "%" G_GINT64_FORMAT, hwm);
  put ("rss_after_kib", "%" G_GINT64_FORMAT, rss);

  put ("feed_bytes", "%" G_GSIZE_FORMAT, g_bytes_get_size (bytes));
  put ("clusters", "%u", feed->clusters->len);
  put ("members", "%u", ca_feed_count_members (feed));
  put ("projects", "%u", feed->projects->len);
  put ("events", "%u", feed->events->len);
  report_warnings (feed);

  g_clear_object (&store);
  if (g_stat (store_path, &st) == 0)
    put ("store_bytes", "%" G_GINT64_FORMAT, (gint64) st.st_size);
  put ("store_path", "%s", store_path);

  if (dir && !opt_keep)
    remove_tree (dir);
  return TRUE;
}

/* The events moved: every fourth, up to 5,000 */
#define REIMPORT_MOVED 5000

/* A feed date or date-time a day later, in the form it was written; NULL for a
 * month or a year, which this does not move */
static char *
day_later (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) later = NULL;
  gsize len = strlen (text);

  if (len == 10)
    {
      g_autofree char *noon = g_strconcat (text, "T12:00:00Z", NULL);

      if ((dt = g_date_time_new_from_iso8601 (noon, NULL)) == NULL)
        return NULL;
      later = g_date_time_add_days (dt, 1);
      return g_date_time_format (later, "%Y-%m-%d");
    }
  if (len < 19 || (dt = g_date_time_new_from_iso8601 (text, utc)) == NULL)
    return NULL;
  later = g_date_time_add_days (dt, 1);
  /* Without an offset it is a wall-clock time in the event's zone: keep it so */
  if (len == 19)
    return g_date_time_format (later, "%Y-%m-%dT%H:%M:%S");
  return g_date_time_format (later, "%Y-%m-%dT%H:%M:%S%:z");
}

/* The feed's JSON with every fourth event (up to REIMPORT_MOVED) a day later */
static GBytes *
move_events (GBytes  *bytes,
             guint   *moved,
             GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonArray *events;
  char *text;
  gsize len;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), error))
    return NULL;
  events = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "events");
  *moved = 0;
  for (guint i = 0; i < json_array_get_length (events) && *moved < REIMPORT_MOVED; i += 4)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      g_autofree char *start = day_later (json_object_get_string_member_with_default (event, "start", ""));
      g_autofree char *end = json_object_has_member (event, "end")
        ? day_later (json_object_get_string_member_with_default (event, "end", "")) : NULL;

      if (start == NULL || (json_object_has_member (event, "end") && end == NULL))
        continue;
      json_object_set_string_member (event, "start", start);
      if (end != NULL)
        json_object_set_string_member (event, "end", end);
      (*moved)++;
    }
  json_generator_set_root (generator, json_parser_get_root (parser));
  text = json_generator_to_data (generator, &len);
  return g_bytes_new_take (text, len);
}

/* FEED imported into a new store, then a copy with REIMPORT_MOVED events a day later
 * imported over it as a sync does (parse and store side by side), timed: with the
 * change log, what a sync that moved them costs; with --no-change-log, the same
 * without the log. Keys: reimport_ms or reimport_nolog_ms, reimport_moved,
 * reimport_logged */
static gboolean
run_reimport (const char  *feed_path,
              GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;
  g_autoptr(CaStore) store = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) moved_bytes = NULL;
  g_autoptr(CaFeed) first = NULL;
  g_autoptr(CaFeed) again = NULL;
  g_autoptr(CaFeedParser) parser = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  CaImportChanges counts = { 0 };
  guint moved = 0;
  gint64 t0;

  if (!(dir = make_tmpdir (error)))
    return FALSE;
  store_path = g_build_filename (dir, "store.db", NULL);
  if (!(store = ca_store_open (store_path, error)) ||
      !(bytes = read_feed (feed_path, error)) ||
      !(moved_bytes = move_events (bytes, &moved, error)))
    return FALSE;
  if (opt_no_change_log)
    ca_store_set_change_log_syncs (store, 0);
  parser = ca_feed_parser_new ();
  ca_feed_parser_set_max_size (parser, MAX (g_bytes_get_size (bytes),
                                            g_bytes_get_size (moved_bytes)) + 1);
  t0 = g_get_monotonic_time ();
  if (!(first = ca_store_import_bytes (store, FEED_KEY, parser, bytes, error)))
    return FALSE;
  put ("reimport_first_ms", "%.1f", ms_since (t0));

  t0 = g_get_monotonic_time ();
  if (!(again = ca_store_import_bytes_full (store, FEED_KEY, parser, moved_bytes, NULL, NULL,
                                            &counts, error)))
    return FALSE;
  put (opt_no_change_log ? "reimport_nolog_ms" : "reimport_ms", "%.1f", ms_since (t0));
  put ("reimport_moved", "%u", moved);
  put ("reimport_logged", "%u", counts.logged);

  if (!(changes = ca_store_list_changes (store, NULL, error)))
    return FALSE;
  if (changes->len != (opt_no_change_log ? 0 : moved))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "the change log holds %u entries, not %u", changes->len, moved);
      return FALSE;
    }

  g_clear_object (&store);
  if (!opt_keep)
    remove_tree (dir);
  return TRUE;
}

/* Keys: parse_ms (best), parse_median_ms, parse_runs */
static gboolean
run_parse (const char  *feed_path,
           GError     **error)
{
  g_autoptr(GBytes) bytes = read_feed (feed_path, error);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  if (bytes == NULL)
    return FALSE;
  for (int i = 0; i < MAX (opt_runs, 1); i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(CaFeed) feed = parse_feed (bytes, error);
      double ms = ms_since (t0);

      if (feed == NULL)
        return FALSE;
      g_array_append_val (times, ms);
    }
  put ("parse_ms", "%.1f", minimum ((double *) times->data, times->len));
  put ("parse_median_ms", "%.1f", median ((double *) times->data, times->len));
  put ("parse_runs", "%u", times->len);
  return TRUE;
}

/* ---- search queries: words and prefixes of names and titles in the store */

static guint64 rng_state = 0x5eed5eed2026ULL;

static guint64
rng_next (void)
{
  /* splitmix64: fixed, so the query list depends only on the store's contents */
  guint64 z = (rng_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static guint
rng_below (guint n)
{
  return n ? (guint) (rng_next () % n) : 0;
}

static char **
split_words (const char *s)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  const char *p = s, *start = NULL;

  for (;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean word_char = c != 0 && g_unichar_isalnum (c);

      if (word_char && start == NULL)
        start = p;
      else if (!word_char && start != NULL)
        {
          g_ptr_array_add (words, g_strndup (start, p - start));
          start = NULL;
        }
      if (c == 0)
        break;
    }
  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&words), FALSE);
}

static void
pool_add_text (GPtrArray  *pools,
               const char *text)
{
  static const char *const langs[] = { "en", "bg", "de" };

  if (text == NULL)
    return;
  if (!ca_text_is_localized (text))
    {
      g_ptr_array_add (g_ptr_array_index (pools, 0), split_words (text));
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      g_autofree char *value = ca_text_lookup (text, langs[i]);
      if (value)
        g_ptr_array_add (g_ptr_array_index (pools, i), split_words (value));
    }
}

static GPtrArray *
build_queries (CaStore *store,
               guint    n)
{
  g_autoptr(GPtrArray) pools = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);
  CaEventQuery eq = CA_EVENT_QUERY_INIT;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GPtrArray) events = NULL;
  guint guard = 0;

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (pools, g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev));

  if ((clusters = ca_store_list_clusters (store, NULL)))
    for (guint i = 0; i < clusters->len; i++)
      pool_add_text (pools, ((CaCluster *) g_ptr_array_index (clusters, i))->name);
  if ((projects = ca_store_list_projects (store, NULL, NULL, NULL)))
    for (guint i = 0; i < projects->len; i++)
      pool_add_text (pools, ((CaProject *) g_ptr_array_index (projects, i))->title);
  if ((events = ca_store_list_events (store, &eq, NULL)))
    for (guint i = 0; i < events->len; i += 7)
      pool_add_text (pools, ((CaEvent *) g_ptr_array_index (events, i))->title);

  while (queries->len < n && guard++ < n * 20)
    {
      /* Latin and Cyrillic in turn: en, bg, de, bg */
      static const guint lang_cycle[] = { 0, 1, 2, 1 };
      GPtrArray *pool = g_ptr_array_index (pools, lang_cycle[queries->len % 4]);
      char **words;
      guint n_words, w, form;
      g_autofree char *q = NULL;

      if (pool->len == 0)
        pool = g_ptr_array_index (pools, 0);
      if (pool->len == 0)
        break;
      words = g_ptr_array_index (pool, rng_below (pool->len));
      n_words = g_strv_length (words);
      if (n_words == 0)
        continue;
      w = rng_below (n_words);
      if (g_utf8_strlen (words[w], -1) < 3)
        continue;

      form = rng_below (10);
      if (form < 4)
        {
          /* a prefix, as typed: the first 3–6 characters of a word */
          glong len = MIN (g_utf8_strlen (words[w], -1), 3 + (glong) rng_below (4));
          q = g_utf8_substring (words[w], 0, len);
        }
      else if (form < 7 || w + 1 >= n_words)
        q = g_strdup (words[w]);                                /* a whole word */
      else
        {
          /* a word and the start of the next one: "Digital Inno" */
          glong len = MIN (g_utf8_strlen (words[w + 1], -1), 2 + (glong) rng_below (4));
          g_autofree char *next = g_utf8_substring (words[w + 1], 0, len);
          q = g_strconcat (words[w], " ", next, NULL);
        }

      form = rng_below (10);
      if (form < 4)
        {
          char *lower = g_utf8_strdown (q, -1);
          g_free (q);
          q = lower;
        }
      else if (form < 5)
        {
          char *upper = g_utf8_strup (q, -1);
          g_free (q);
          q = upper;
        }
      g_ptr_array_add (queries, g_steal_pointer (&q));
    }
  return queries;
}

typedef struct {
  double      ms;
  const char *query;
  guint       hits;
} Timed;

static int
compare_timed (gconstpointer a,
               gconstpointer b)
{
  /* slowest first */
  return -compare_double (&((const Timed *) a)->ms, &((const Timed *) b)->ms);
}

/* Keys: open_list_ms (median), open_list_first_ms, open_list_runs, list_clusters,
 * search_p50_ms search_p95_ms search_max_ms search_mean_ms search_queries
 * search_no_hits search_errors (the sectioned search with its counts, as the search view
 * runs it per keystroke), search_flat_p95_ms (ca_store_search, the Shell provider's) */
static gboolean
run_query (const char  *store_path,
           GError     **error)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(CaStore) store = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GArray) timed = g_array_new (FALSE, FALSE, sizeof (Timed));
  g_autoptr(GArray) flat_times = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_clusters = 0, no_hits = 0, errors = 0;
  double first = -1, sum = 0;

  if (!g_file_test (store_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "no store at %s", store_path);
      return FALSE;
    }

  for (int i = 0; i < MAX (opt_open_runs, 1); i++)
    {
      g_autoptr(CaStore) s = NULL;
      g_autoptr(GPtrArray) list = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      if (!(s = ca_store_open (store_path, error)))
        return FALSE;
      if (!(list = ca_store_list_clusters (s, error)))
        return FALSE;
      ms = ms_since (t0);
      if (i == 0)
        first = ms;
      n_clusters = list->len;
      g_array_append_val (times, ms);
    }
  put ("open_list_ms", "%.1f", median ((double *) times->data, times->len));
  put ("open_list_first_ms", "%.1f", first);
  put ("open_list_runs", "%u", times->len);
  put ("list_clusters", "%u", n_clusters);

  if (!(store = ca_store_open (store_path, error)))
    return FALSE;
  queries = build_queries (store, opt_queries);
  g_array_set_size (times, 0);

  /* Reopen so the searches start from a freshly opened store, as in the app */
  g_clear_object (&store);
  if (!(store = ca_store_open (store_path, error)))
    return FALSE;

  for (guint i = 0; i < queries->len; i++)
    {
      const char *q = g_ptr_array_index (queries, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GPtrArray) hits = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      g_autoptr(CaSearchSections) sections = NULL;
      guint n_found = 0;

      /* What the search view asks for per keystroke: every section's count and its
       * best rows (ca-search-view.c) */
      sections = ca_store_search_sections (store, q, -1, opt_section_rows, &local_error);
      ms = ms_since (t0);
      for (guint k = 0; sections != NULL && k < CA_N_SEARCH_KINDS; k++)
        n_found += sections->n_matches[k];
      g_array_append_val (times, ms);
      g_array_append_vals (timed, &(Timed) { ms, q, n_found }, 1);
      sum += ms;
      if (sections == NULL)
        {
          if (errors++ < 3)
            g_printerr ("ca-bench: search “%s”: %s\n", q,
                        local_error ? local_error->message : "no result");
        }
      else if (n_found == 0)
        no_hits++;
    }
  /* The flat search the Shell's search provider runs, for comparison */
  g_array_set_size (flat_times, 0);
  for (guint i = 0; i < queries->len; i++)
    {
      g_autoptr(GPtrArray) hits = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      hits = ca_store_search (store, g_ptr_array_index (queries, i), opt_limit, NULL);
      ms = ms_since (t0);
      g_array_append_val (flat_times, ms);
    }
  qsort (flat_times->data, flat_times->len, sizeof (double), compare_double);
  put ("search_flat_p95_ms", "%.2f", percentile ((double *) flat_times->data, flat_times->len, 95));
  qsort (times->data, times->len, sizeof (double), compare_double);
  put ("search_p50_ms", "%.2f", percentile ((double *) times->data, times->len, 50));
  put ("search_p95_ms", "%.2f", percentile ((double *) times->data, times->len, 95));
  put ("search_max_ms", "%.2f", times->len ? g_array_index (times, double, times->len - 1) : -1);
  put ("search_mean_ms", "%.2f", times->len ? sum / times->len : -1);
  put ("search_queries", "%u", queries->len);
  put ("search_no_hits", "%u", no_hits);
  put ("search_errors", "%u", errors);
  if (timed->len)
    {
      g_autoptr(GString) slow = g_string_new (NULL);
      g_array_sort (timed, compare_timed);
      for (guint i = 0; i < MIN (timed->len, 5); i++)
        {
          const Timed *t = &g_array_index (timed, Timed, i);
          g_string_append_printf (slow, "%s%s (%.1f ms, %u found)", i ? " | " : "",
                                  t->query, t->ms, t->hits);
        }
      put ("search_slowest", "%s", slow->str);
    }
  if (queries->len)
    {
      g_autoptr(GString) sample = g_string_new (NULL);
      for (guint i = 0; i < MIN (queries->len, 8); i++)
        g_string_append_printf (sample, "%s%s", i ? " | " : "",
                                (const char *) g_ptr_array_index (queries, i));
      put ("search_sample", "%s", sample->str);
    }
  return TRUE;
}

static GPtrArray *
spawn_self (const char * const *args,
            GError            **error)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *kv;
  int status = 0;

  g_ptr_array_add (argv, self ? self : (char *) g_get_prgname ());
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, (char *) "--kv");
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                     self ? G_SPAWN_DEFAULT : G_SPAWN_SEARCH_PATH,
                     NULL, NULL, &out, NULL, &status, error))
    return NULL;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s %s: ", args[0], args[1]);
      return NULL;
    }
  kv = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (strchr (lines[i], '='))
      g_ptr_array_add (kv, g_strdup (lines[i]));
  return kv;
}

static void
copy_key (GPtrArray  *from,
          const char *key)
{
  const char *v = get (from, key);
  if (v)
    g_ptr_array_add (results, g_strdup_printf ("%s=%s", key, v));
}

/* Imports --runs times, each in a fresh child process with a fresh store, keeps
 * the best time (and the largest peak RSS), then runs the queries on the last store. */
static gboolean
run_all (const char  *feed_path,
         GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;
  g_autoptr(GPtrArray) best = NULL;
  g_autoptr(GPtrArray) parse = NULL;
  g_autofree char *runs = g_strdup_printf ("%d", MAX (opt_runs, 1));
  gint64 peak = 0;
  double worst = 0, parse_best = -1;
  static const char *const keys[] = {
    "feed_bytes", "clusters", "members", "projects", "events", "warnings",
    "import_ms", "read_ms", "store_create_ms",
    "rss_after_kib", "store_bytes",
  };

  if (!(dir = make_tmpdir (error)))
    return FALSE;
  store_path = g_build_filename (dir, "store.db", NULL);

  for (int i = 0; i < MAX (opt_runs, 1); i++)
    {
      const char *args[] = { "import", feed_path, "--store", store_path, NULL };
      g_autoptr(GPtrArray) kv = NULL;

      remove_store_files (store_path);
      if (!(kv = spawn_self (args, error)))
        goto fail;
      peak = MAX (peak, (gint64) get_double (kv, "peak_rss_kib"));
      worst = MAX (worst, get_double (kv, "import_ms"));
      if (best == NULL || get_double (kv, "import_ms") < get_double (best, "import_ms"))
        {
          g_clear_pointer (&best, g_ptr_array_unref);
          best = g_steal_pointer (&kv);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    copy_key (best, keys[i]);
  put ("import_worst_ms", "%.1f", worst);
  put ("import_runs", "%s", runs);
  put ("peak_rss_kib", "%" G_GINT64_FORMAT, peak);

  {
    const char *args[] = { "parse", feed_path, "--runs", runs, NULL };
    if (!(parse = spawn_self (args, error)))
      goto fail;
    /* Best of N, as `jq length` is: the machine's noise is large against one parse */
    parse_best = get_double (parse, "parse_ms");
    put ("parse_best_ms", "%.1f", parse_best);
    put ("parse_best_runs", "%d", MAX (opt_runs, 1));
    copy_key (parse, "parse_median_ms");
  }

  /* The change log's cost: the first import without it, and a re-import that moves
   * 5,000 events with it and without it, best of the runs each */
  {
    const char *import_args[] = { "import", feed_path, "--store", store_path,
                                  "--no-change-log", NULL };
    double best_import = -1;

    for (int i = 0; i < MAX (opt_runs, 1); i++)
      {
        g_autoptr(GPtrArray) kv = NULL;

        remove_store_files (store_path);
        if (!(kv = spawn_self (import_args, error)))
          goto fail;
        if (best_import < 0 || get_double (kv, "import_ms") < best_import)
          best_import = get_double (kv, "import_ms");
      }
    /* The last store stays for the queries: the same records, without a log */
    put ("import_nolog_ms", "%.1f", best_import);

    for (int log = 1; log >= 0; log--)
      {
        const char *args[] = { "reimport", feed_path, log ? NULL : "--no-change-log", NULL };
        const char *key = log ? "reimport_ms" : "reimport_nolog_ms";
        double fastest = -1;
        g_autoptr(GPtrArray) last = NULL;

        for (int i = 0; i < MAX (opt_runs, 1); i++)
          {
            g_clear_pointer (&last, g_ptr_array_unref);
            if (!(last = spawn_self (args, error)))
              goto fail;
            if (fastest < 0 || get_double (last, key) < fastest)
              fastest = get_double (last, key);
          }
        put (key, "%.1f", fastest);
        if (log)
          {
            copy_key (last, "reimport_moved");
            copy_key (last, "reimport_logged");
          }
      }
  }

  if (!run_query (store_path, error))
    goto fail;

  if (opt_keep)
    put ("store_path", "%s", store_path);
  else
    remove_tree (dir);
  return TRUE;

fail:
  if (!opt_keep)
    remove_tree (dir);
  return FALSE;
}

/* ------------------------------------------------------------------ output */

static void
print_table (void)
{
  static const struct { const char *key; const char *label; const char *unit; } rows[] = {
    { "feed_bytes", "feed size", "bytes" },
    { "clusters", "clusters", "" },
    { "members", "members", "" },
    { "projects", "projects", "" },
    { "events", "events", "" },
    { "warnings", "parser warnings", "" },
    { "read_ms", "read file", "ms" },
    { "parse_best_ms", "parse, best of runs", "ms" },
    { "parse_median_ms", "parse, median of runs", "ms" },
    { "import_ms", "full import (read+parse+store, side by side)", "ms" },
    { "import_worst_ms", "full import, worst run", "ms" },
    { "import_runs", "import runs", "" },
    { "import_nolog_ms", "full import, change log off", "ms" },
    { "reimport_ms", "full re-import, 5,000 moved, log on", "ms" },
    { "reimport_nolog_ms", "full re-import, 5,000 moved, log off", "ms" },
    { "reimport_logged", "change log entries of the re-import", "" },
    { "reimport_first_ms", "first import before the re-import", "ms" },
    { "store_create_ms", "create empty store", "ms" },
    { "peak_rss_kib", "peak RSS of the import", "KiB" },
    { "rss_after_kib", "RSS after the import", "KiB" },
    { "store_bytes", "store file size", "bytes" },
    { "open_list_ms", "store open + list clusters, median", "ms" },
    { "open_list_first_ms", "store open + list clusters, first", "ms" },
    { "open_list_runs", "open runs", "" },
    { "list_clusters", "clusters listed", "" },
    { "search_p50_ms", "search p50", "ms" },
    { "search_p95_ms", "search p95", "ms" },
    { "search_flat_p95_ms", "flat search p95 (Shell provider)", "ms" },
    { "search_max_ms", "search max", "ms" },
    { "search_mean_ms", "search mean", "ms" },
    { "search_queries", "search queries", "" },
    { "search_no_hits", "queries with no hit", "" },
    { "search_errors", "queries with an error", "" },
    { "search_slowest", "slowest queries", "" },
    { "search_sample", "first queries", "" },
    { "store_path", "store", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *v = get (results, rows[i].key);
      if (v == NULL)
        continue;
      g_print ("%-38s %12s %s\n", rows[i].label, v, rows[i].unit);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  const GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Imports (and parses) to run; the best counts", "N" },
    { "open-runs", 0, 0, G_OPTION_ARG_INT, &opt_open_runs, "Store open + list runs; the median counts", "N" },
    { "queries", 0, 0, G_OPTION_ARG_INT, &opt_queries, "Search queries to time", "N" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &opt_limit, "Flat search result limit", "N" },
    { "section-rows", 0, 0, G_OPTION_ARG_INT, &opt_section_rows, "Sectioned search: rows per section", "N" },
    { "tmpdir", 0, 0, G_OPTION_ARG_FILENAME, &opt_tmpdir, "Where the temporary store goes", "DIR" },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &opt_store, "import: the new store file to write", "PATH" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &opt_keep, "Keep the temporary store", NULL },
    { "kv", 0, 0, G_OPTION_ARG_NONE, &opt_kv, "Print key=value lines instead of a table", NULL },
    { "no-change-log", 0, 0, G_OPTION_ARG_NONE, &opt_no_change_log,
      "import, reimport: keep no change log (for the comparison)", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, "[all|import|reimport|parse|query] FILE" },
    { NULL }
  };
  const char *command = "all", *path;
  gboolean ok;

  setlocale (LC_ALL, "");
  results = g_ptr_array_new_with_free_func (g_free);

  context = g_option_context_new ("[all|import|reimport|parse|query] FILE — benchmark the Cluster Atlas core");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ca-bench: %s\n", error->message);
      return 2;
    }
  if (args && args[0] && args[1])
    {
      command = args[0];
      path = args[1];
    }
  else if (args && args[0])
    path = args[0];
  else
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
      return 2;
    }

  if (g_str_equal (command, "all"))
    ok = run_all (path, &error);
  else if (g_str_equal (command, "import"))
    ok = run_import (path, &error);
  else if (g_str_equal (command, "reimport"))
    ok = run_reimport (path, &error);
  else if (g_str_equal (command, "parse"))
    ok = run_parse (path, &error);
  else if (g_str_equal (command, "query"))
    ok = run_query (path, &error);
  else
    {
      g_printerr ("ca-bench: unknown command “%s”\n", command);
      return 2;
    }

  if (opt_kv)
    for (guint i = 0; i < results->len; i++)
      g_print ("%s\n", (const char *) g_ptr_array_index (results, i));
  else
    print_table ();

  if (!ok)
    {
      g_printerr ("ca-bench: %s\n", error->message);
      return 1;
    }
  g_ptr_array_unref (results);
  return 0;
}
