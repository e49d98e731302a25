/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-changes"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "ca-settings.h"
#include "ca-store.h"
#include "ca-store-private.h"
#include "ca-sync.h"
#include "ca-test-change-feeds.h"
#include "ca-test-core.h"
#include "ca-test-server.h"

/*
 * The change log (src/core/ca-store-changes.c): a real SoupServer serves a feed's v1,
 * then v2 with an event moved a day, one venue gone online, one cancelled, one removed
 * and one added, and the store's log must hold exactly those, old and new; a third
 * sync (304) adds nothing. Then what the log keeps (the last N syncs), the built-in
 * feed's first load, projects, stars, "seen", and the europe feed with 5,000 events
 * moved.
 */

/* {{{ The feeds */

static GBytes *
bytes_of (const char *text)
{
  return g_bytes_new_static (text, strlen (text));
}

/* 2026-03-26T10:00 in Sofia (EET, +02:00) */
#define CONF_START G_GINT64_CONSTANT (1774512000)

/* }}} */

/* {{{ The server and the sync */

typedef struct {
  char         *dir;
  char         *path;
  CaStore      *store;
  CaSync       *sync;
  CaTestServer *server;
  char         *url;
  int           version;        /* 1 or 2 */
  guint         hits;
  guint         not_modified;
  CaSyncResult *result;
  GError       *error;
} Fixture;

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Fixture *fx = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *etag = fx->version == 1 ? "\"v1\"" : "\"v2\"";
  g_autoptr(GBytes) body = bytes_of (fx->version == 1 ? feed_v1 : feed_v2);

  fx->hits++;
  soup_message_headers_replace (response, "ETag", etag);
  if (g_strcmp0 (soup_message_headers_get_one (request, "If-None-Match"), etag) == 0)
    {
      fx->not_modified++;
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  ca_test_server_reply (msg, "application/json", body);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("ca-changes-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "store.db", NULL);
  fx->store = ca_store_open (fx->path, &error);
  g_assert_no_error (error);
  fx->sync = ca_sync_new (fx->store);
  fx->server = ca_test_server_new (serve, fx);
  fx->url = ca_test_server_dup_url (fx->server, "feed.json");
  ca_store_add_feed (fx->store, fx->url, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->sync);
  g_clear_object (&fx->store);
  ca_test_server_stop (fx->server);
  g_clear_object (&fx->server);
  while (g_main_context_iteration (NULL, FALSE));
  g_clear_pointer (&fx->result, ca_sync_result_free);
  g_clear_error (&fx->error);
  g_free (fx->url);
  ca_test_remove_tree (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

static CaSyncStatus
sync_version (Fixture *fx,
              int      version)
{
  fx->version = version;
  g_clear_pointer (&fx->result, ca_sync_result_free);
  fx->result = ca_sync_feed_wait (fx->sync, fx->url, NULL, &fx->error);
  g_assert_no_error (fx->error);
  g_assert_nonnull (fx->result);
  return fx->result->status;
}

/* }}} */

/* {{{ Reading the log */

static GPtrArray *
list_changes (CaStore             *store,
              const CaChangeQuery *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *changes = ca_store_list_changes (store, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (changes);
  return changes;
}

static guint
count_changes (CaStore *store)
{
  g_autoptr(GPtrArray) changes = list_changes (store, NULL);
  return changes->len;
}

static CaChange *
find_change (GPtrArray  *changes,
             const char *record_id)
{
  for (guint i = 0; i < changes->len; i++)
    if (g_str_equal (((CaChange *) changes->pdata[i])->record_id, record_id))
      return changes->pdata[i];
  g_error ("no change of “%s” in the log", record_id);
  return NULL;
}

/* The change's sentences in Sofia's zone, joined with " | " */
static char *
describe (CaChange *change)
{
  g_autoptr(GTimeZone) sofia = g_time_zone_new_identifier ("Europe/Sofia");
  g_autoptr(GPtrArray) lines = ca_change_describe (change, sofia);

  g_ptr_array_add (lines, NULL);
  return g_strjoinv (" | ", (char **) lines->pdata);
}

static gint64
data_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA data_version", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

/* }}} */

/* {{{ Tests */

/* The "Done when": v1, then v2 from a real server, then v2 again (304) */
static void
test_sync_v1_v2 (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) starred = NULL;
  g_autoptr(GPtrArray) last = NULL;
  g_autofree char *text = NULL;
  CaChangeQuery query = CA_CHANGE_QUERY_INIT;
  sqlite3 *db = NULL;
  gint64 before;
  CaChange *c;

  /* A first import is records, not changes */
  g_assert_cmpint (sync_version (fx, 1), ==, CA_SYNC_UPDATED);
  g_assert_cmpuint (count_changes (fx->store), ==, 0);
  g_assert_cmpuint (fx->result->changes.logged, ==, 0);

  ca_store_set_starred (fx->store, fx->url, "conf", TRUE, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sync_version (fx, 2), ==, CA_SYNC_UPDATED);
  g_assert_cmpuint (fx->result->changes.logged, ==, 5);
  changes = list_changes (fx->store, NULL);
  g_assert_cmpuint (changes->len, ==, 5);
  /* The starred event leads */
  g_assert_cmpstr (((CaChange *) changes->pdata[0])->record_id, ==, "conf");

  /* Moved a day, in the same zone: start and end */
  c = find_change (changes, "conf");
  g_assert_cmpint (c->kind, ==, CA_CHANGE_EVENT);
  g_assert_cmpint (c->action, ==, CA_CHANGE_CHANGED);
  g_assert_cmpint (c->fields, ==, CA_CHANGE_FIELD_START | CA_CHANGE_FIELD_END);
  g_assert_cmpint (c->old.start, ==, CONF_START);
  g_assert_cmpint (c->new.start, ==, CONF_START + CA_TEST_DAY);
  g_assert_cmpint (c->old.end, ==, CONF_START + 7 * CA_TEST_HOUR);
  g_assert_cmpint (c->new.end, ==, CONF_START + CA_TEST_DAY + 7 * CA_TEST_HOUR);
  g_assert_cmpstr (c->new.timezone, ==, "Europe/Sofia");
  g_assert_true (c->starred);
  g_assert_false (c->seen);
  g_assert_cmpuint (c->sync, ==, 1);
  g_assert_cmpstr (c->feed, ==, fx->url);
  g_assert_cmpint (ca_change_get_mark (c), ==, CA_CHANGE_MARK_MOVED);
  text = describe (c);
  g_assert_cmpstr (text, ==,
                   "Moved from 26 March 2026, 10:00–17:00 to 27 March 2026, 10:00–17:00");
  g_clear_pointer (&text, g_free);

  /* Online now: venue and city gone, online set, the status says so */
  c = find_change (changes, "forum");
  g_assert_cmpint (c->action, ==, CA_CHANGE_CHANGED);
  g_assert_cmpint (c->fields, ==, CA_CHANGE_FIELD_VENUE | CA_CHANGE_FIELD_CITY |
                                  CA_CHANGE_FIELD_ONLINE | CA_CHANGE_FIELD_STATUS);
  g_assert_cmpstr (c->old.venue, ==, "Plovdiv Fair");
  g_assert_cmpstr (c->old.city, ==, "Plovdiv");
  g_assert_cmpint (c->old.online, ==, -1);
  g_assert_null (c->new.venue);
  g_assert_null (c->new.city);
  g_assert_cmpint (c->new.online, ==, 1);
  g_assert_cmpint (c->old.status, ==, CA_EVENT_STATUS_SCHEDULED);
  g_assert_cmpint (c->new.status, ==, CA_EVENT_STATUS_MOVED_ONLINE);
  g_assert_false (c->starred);
  g_assert_cmpint (ca_change_get_mark (c), ==, CA_CHANGE_MARK_ONLINE);
  text = describe (c);
  g_assert_cmpstr (text, ==, "Status: Scheduled → Moved online | "
                             "Venue: Plovdiv Fair, Plovdiv → Online");
  g_clear_pointer (&text, g_free);

  /* Cancelled: the status only */
  c = find_change (changes, "workshop");
  g_assert_cmpint (c->fields, ==, CA_CHANGE_FIELD_STATUS);
  g_assert_cmpint (c->new.status, ==, CA_EVENT_STATUS_CANCELLED);
  g_assert_cmpint (ca_change_get_mark (c), ==, CA_CHANGE_MARK_CANCELLED);
  text = describe (c);
  g_assert_cmpstr (text, ==, "Status: Scheduled → Cancelled");
  g_clear_pointer (&text, g_free);

  /* Removed, with what it was */
  c = find_change (changes, "meeting");
  g_assert_cmpint (c->action, ==, CA_CHANGE_REMOVED);
  g_assert_cmpint (c->fields, ==, 0);
  g_assert_cmpstr (ca_change_get_title (c), ==, "Board Meeting");
  g_assert_true (c->old.all_day);
  g_assert_null (c->new.title);
  g_assert_cmpint (ca_change_get_mark (c), ==, CA_CHANGE_MARK_REMOVED);
  text = describe (c);
  g_assert_cmpstr (text, ==, "Removed from the feed: 15 April 2026");
  g_clear_pointer (&text, g_free);

  /* Added */
  c = find_change (changes, "academy");
  g_assert_cmpint (c->action, ==, CA_CHANGE_ADDED);
  g_assert_cmpstr (ca_change_get_title (c), ==, "Export Academy");
  g_assert_true (c->new.all_day);
  g_assert_cmpint (ca_change_get_mark (c), ==, CA_CHANGE_MARK_NEW);
  text = describe (c);
  g_assert_cmpstr (text, ==, "Added: 20 May 2026 – 21 May 2026");
  g_clear_pointer (&text, g_free);

  /* Starred only: the moved conference */
  query.starred_only = TRUE;
  starred = list_changes (fx->store, &query);
  g_assert_cmpuint (starred->len, ==, 1);
  g_assert_cmpstr (((CaChange *) starred->pdata[0])->record_id, ==, "conf");

  /* A third sync of v2: a 304, no write, nothing logged */
  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  before = data_version (db);
  g_assert_cmpint (sync_version (fx, 2), ==, CA_SYNC_NOT_MODIFIED);
  g_assert_cmpuint (fx->not_modified, ==, 1);
  g_assert_cmpint (data_version (db), ==, before);
  sqlite3_close (db);
  g_assert_cmpuint (count_changes (fx->store), ==, 5);

  /* And read from the file again */
  g_clear_object (&fx->sync);
  g_clear_object (&fx->store);
  fx->store = ca_store_open (fx->path, &error);
  g_assert_no_error (error);
  query = (CaChangeQuery) CA_CHANGE_QUERY_INIT;
  query.last_sync_only = TRUE;
  last = list_changes (fx->store, &query);
  g_assert_cmpuint (last->len, ==, 5);
}

/* "Seen": one event's marks, then all of them; a later change is unseen again */
static void
test_seen (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unseen = NULL;
  CaChangeQuery query = CA_CHANGE_QUERY_INIT;

  sync_version (fx, 1);
  /* Starred, then gone with v2 */
  g_assert_true (ca_store_set_starred (fx->store, fx->url, "meeting", TRUE, &error));
  sync_version (fx, 2);
  query.unseen_only = TRUE;

  g_assert_true (ca_store_mark_changes_seen (fx->store, fx->url, "conf", &error));
  g_assert_no_error (error);
  unseen = list_changes (fx->store, &query);
  g_assert_cmpuint (unseen->len, ==, 4);
  {
    guint n = 0;

    /* The count agrees with the list, and counts what the query lets through */
    g_assert_true (ca_store_count_changes (fx->store, &query, &n, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, 4);
    g_assert_true (ca_store_count_changes (fx->store, NULL, &n, &error));
    g_assert_cmpuint (n, ==, 5);
  }
  for (guint i = 0; i < unseen->len; i++)
    g_assert_cmpstr (((CaChange *) unseen->pdata[i])->record_id, !=, "conf");
  g_clear_pointer (&unseen, g_ptr_array_unref);

  /* One record's changes only */
  query.feed = fx->url;
  query.record_id = "conf";
  query.unseen_only = FALSE;
  unseen = list_changes (fx->store, &query);
  g_assert_cmpuint (unseen->len, ==, 1);
  g_assert_true (((CaChange *) unseen->pdata[0])->seen);
  g_clear_pointer (&unseen, g_ptr_array_unref);

  /* Mark all as seen */
  query = (CaChangeQuery) CA_CHANGE_QUERY_INIT;
  query.unseen_only = TRUE;
  g_assert_true (ca_store_mark_changes_seen (fx->store, NULL, NULL, &error));
  unseen = list_changes (fx->store, &query);
  g_assert_cmpuint (unseen->len, ==, 0);
  {
    guint n = 1;

    g_assert_true (ca_store_count_changes (fx->store, &query, &n, &error));
    g_assert_cmpuint (n, ==, 0);
  }
  g_clear_pointer (&unseen, g_ptr_array_unref);

  /* v1 again: five changes back, unseen; the earlier ones stay seen. The meeting
   * comes back starred, and leads */
  sync_version (fx, 1);
  unseen = list_changes (fx->store, &query);
  g_assert_cmpuint (unseen->len, ==, 5);
  g_assert_cmpuint (count_changes (fx->store), ==, 10);
  g_assert_cmpuint (((CaChange *) unseen->pdata[0])->sync, ==, 2);
  g_assert_cmpstr (((CaChange *) unseen->pdata[0])->record_id, ==, "meeting");
  g_assert_cmpint (((CaChange *) unseen->pdata[0])->action, ==, CA_CHANGE_ADDED);
  g_assert_true (((CaChange *) unseen->pdata[0])->starred);
  g_assert_true (ca_store_is_starred (fx->store, fx->url, "meeting"));
}

/* A feed whose one event's title names the round */
static void
load_round (CaStore    *store,
            const char *key,
            guint       round)
{
  g_autofree char *text = g_strdup_printf (
    "{\"format\": \"cluster-feed\", \"version\": 1,"
    " \"clusters\": [{\"id\": \"c\", \"name\": \"C\"}],"
    " \"events\": [{\"id\": \"e\", \"title\": \"Round %u\", \"start\": \"2026-03-01\"}]}",
    round);
  g_autoptr(GBytes) feed = g_bytes_new (text, strlen (text));

  ca_test_load_feed (store, key, feed);
}

/* The last N syncs that changed something are kept, per feed; an unchanged import
 * keeps them all; 0 stops the log; a removed feed takes its log with it */
static void
test_trim (CaTestStore   *fx,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  CaChangeQuery query = CA_CHANGE_QUERY_INIT;

  g_assert_cmpuint (ca_store_get_change_log_syncs (fx->store), ==,
                    CA_STORE_DEFAULT_CHANGE_LOG_SYNCS);
  ca_store_set_change_log_syncs (fx->store, 3);
  for (guint round = 1; round <= 6; round++)
    {
      load_round (fx->store, CA_TEST_FEED_A, round);
      load_round (fx->store, CA_TEST_FEED_B, round);
      /* The same document again: no sync of the log's */
      load_round (fx->store, CA_TEST_FEED_A, round);
    }
  /* Rounds 2–6 changed the title: syncs 1–5 of each feed, 3–5 kept */
  g_assert_cmpuint (count_changes (fx->store), ==, 6);
  query.feed = CA_TEST_FEED_A;
  changes = list_changes (fx->store, &query);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (((CaChange *) changes->pdata[0])->sync, ==, 5);
  g_assert_cmpuint (((CaChange *) changes->pdata[2])->sync, ==, 3);
  g_assert_cmpstr (((CaChange *) changes->pdata[0])->old.title, ==, "Round 5");
  g_assert_cmpstr (((CaChange *) changes->pdata[0])->new.title, ==, "Round 6");
  g_assert_cmpint (((CaChange *) changes->pdata[0])->fields, ==, CA_CHANGE_FIELD_TITLE);
  g_assert_cmpint (ca_test_sql_int (fx->path, "SELECT min (sync) FROM changes"), ==, 3);

  /* Off: nothing more is logged, what is there stays */
  ca_store_set_change_log_syncs (fx->store, 0);
  load_round (fx->store, CA_TEST_FEED_A, 7);
  g_assert_cmpuint (count_changes (fx->store), ==, 6);

  /* Since: nothing is logged in the future */
  query = (CaChangeQuery) CA_CHANGE_QUERY_INIT;
  query.since = g_get_real_time () / G_USEC_PER_SEC + 3600;
  g_clear_pointer (&changes, g_ptr_array_unref);
  changes = list_changes (fx->store, &query);
  g_assert_cmpuint (changes->len, ==, 0);

  g_assert_true (ca_store_remove_feed (fx->store, CA_TEST_FEED_B, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_changes (fx->store), ==, 3);
}

/* The built-in feed's first load is no change; projects are logged as events are */
static void
test_builtin_and_projects (CaTestStore   *fx,
                           gconstpointer  data)
{
  g_autoptr(GBytes) builtin = ca_test_builtin_bytes ();
  g_autoptr(GBytes) v1 = bytes_of (feed_v1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *v2_text = NULL;
  g_autoptr(GBytes) v2 = NULL;
  g_autofree char *text = NULL;
  CaChangeQuery query = CA_CHANGE_QUERY_INIT;
  CaChange *c;

  g_assert_true (ca_store_ensure_builtin (fx->store, builtin, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_changes (fx->store), ==, 0);

  /* The project's end moves a year, a second project comes */
  ca_test_load_feed (fx->store, CA_TEST_FEED_A, v1);
  v2_text = g_strdup (feed_v1);
  memcpy (strstr (v2_text, "2022-12-31"), "2023", 4);
  {
    g_autoptr(GString) s = g_string_new (v2_text);

    g_string_replace (s, "\"projects\": [",
                      "\"projects\": [{\"id\": \"dih\", \"title\": \"DIH\", \"start\": \"2024-03\"},", 1);
    v2 = g_string_free_to_bytes (g_steal_pointer (&s));
  }
  ca_test_load_feed (fx->store, CA_TEST_FEED_A, v2);

  query.kind = CA_CHANGE_PROJECT;
  changes = list_changes (fx->store, &query);
  g_assert_cmpuint (changes->len, ==, 2);
  c = find_change (changes, "bowi");
  g_assert_cmpint (c->action, ==, CA_CHANGE_CHANGED);
  g_assert_cmpint (c->fields, ==, CA_CHANGE_FIELD_END);
  g_assert_cmpstr (c->old.end_date, ==, "2022-12-31");
  g_assert_cmpstr (c->new.end_date, ==, "2023-12-31");
  text = describe (c);
  g_assert_cmpstr (text, ==, "Time: 1 January 2020 – 31 December 2022 → "
                             "1 January 2020 – 31 December 2023");
  g_clear_pointer (&text, g_free);
  c = find_change (changes, "dih");
  g_assert_cmpint (c->action, ==, CA_CHANGE_ADDED);
  g_assert_cmpint (c->kind, ==, CA_CHANGE_PROJECT);
  text = describe (c);
  g_assert_cmpstr (text, ==, "Added: March 2024");
  /* Only the projects changed */
  g_assert_cmpuint (count_changes (fx->store), ==, 2);
}

/* The europe feed (20,000 events, 3,000 projects) again with 5,000 events moved a day:
 * 5,000 entries, every one START | END, in one import. The second version is made from
 * what the store gives back (a second parse of 66 MiB would take minutes under the
 * sanitizers): the clusters are left out of it, which the log does not record. */
static void
test_europe (CaTestStore   *fx,
             gconstpointer  data)
{
  CaEventQuery all = CA_EVENT_QUERY_INIT;
  g_autoptr(CaFeed) feed = ca_feed_new ();
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0;

  ca_test_load_europe (fx->store);
  events = ca_test_list_events (fx->store, &all);
  projects = ca_store_list_projects (fx->store, CA_TEST_FEED_EUROPE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 20000);
  g_assert_cmpuint (projects->len, ==, 3000);

  for (guint i = 0; i < events->len; i++)
    {
      CaEvent *event = events->pdata[i];

      if (i % 4 == 0)
        {
          event->start += CA_TEST_DAY;
          event->end += CA_TEST_DAY;
        }
      g_ptr_array_add (feed->events, g_object_ref (event));
    }
  for (guint i = 0; i < projects->len; i++)
    g_ptr_array_add (feed->projects, g_object_ref (projects->pdata[i]));

  t0 = g_get_monotonic_time ();
  ca_test_replace (fx->store, CA_TEST_FEED_EUROPE, feed);
  g_test_message ("re-import with 5,000 events moved: %.0f ms",
                  (g_get_monotonic_time () - t0) / 1000.0);

  changes = list_changes (fx->store, NULL);
  g_assert_cmpuint (changes->len, ==, 5000);
  for (guint i = 0; i < changes->len; i++)
    {
      CaChange *c = changes->pdata[i];

      g_assert_cmpint (c->kind, ==, CA_CHANGE_EVENT);
      g_assert_cmpint (c->action, ==, CA_CHANGE_CHANGED);
      g_assert_cmpint (c->fields, ==, CA_CHANGE_FIELD_START | CA_CHANGE_FIELD_END);
      g_assert_cmpint (c->new.start - c->old.start, ==, CA_TEST_DAY);
    }
}

/* The setting reaches the store where it is opened */
static void
test_setting (CaTestStore   *fx,
              gconstpointer  data)
{
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  const char *dir = g_getenv ("GSETTINGS_SCHEMA_DIR");

  ca_settings_apply_to_store (NULL, fx->store);
  g_assert_cmpuint (ca_store_get_change_log_syncs (fx->store), ==, 10);

  g_assert_nonnull (dir);
  source = g_settings_schema_source_new_from_directory (dir, NULL, FALSE, &error);
  g_assert_no_error (error);
  schema = g_settings_schema_source_lookup (source, CA_SETTINGS_SCHEMA, FALSE);
  g_assert_nonnull (schema);
  /* GSETTINGS_BACKEND=memory: nothing is written anywhere */
  settings = g_settings_new_full (schema, NULL, NULL);
  g_assert_cmpuint (g_settings_get_uint (settings, "change-log-syncs"), ==,
                    CA_STORE_DEFAULT_CHANGE_LOG_SYNCS);
  g_settings_set_uint (settings, "change-log-syncs", 4);
  ca_settings_apply_to_store (settings, fx->store);
  g_assert_cmpuint (ca_store_get_change_log_syncs (fx->store), ==, 4);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  ca_test_store_init (&argc, &argv);

  g_test_add ("/changes/sync/v1-v2", Fixture, NULL, fixture_set_up, test_sync_v1_v2,
              fixture_tear_down);
  g_test_add ("/changes/sync/seen", Fixture, NULL, fixture_set_up, test_seen,
              fixture_tear_down);
  CA_TEST_STORE_ADD ("/changes/trim", test_trim);
  CA_TEST_STORE_ADD ("/changes/builtin-and-projects", test_builtin_and_projects);
  CA_TEST_STORE_ADD ("/changes/setting", test_setting);
  CA_TEST_STORE_ADD ("/changes/europe", test_europe);

  return g_test_run ();
}
