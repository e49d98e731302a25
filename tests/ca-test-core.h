/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ca-person.h"
#include "ca-store.h"

G_BEGIN_DECLS

/* What the tests share that needs no display: files, feeds and waiting on the
 * main loop. */

/* Removes path and everything under it (symbolic links, not what they point to) */
void      ca_test_remove_tree   (const char *path);

/* Parses bytes as the feed key, asserting it parses */
CaFeed   *ca_test_parse         (GBytes     *bytes,
                                 const char *key);
/* Parses bytes as the feed key and stores it, asserting both work */
void      ca_test_load_feed     (CaStore    *store,
                                 const char *key,
                                 GBytes     *bytes);
/* The built-in feed, data/default-feed.json */
GBytes   *ca_test_builtin_bytes (void);
/* The built-in feed stored as CA_FEED_BUILTIN */
void      ca_test_load_builtin  (CaStore    *store);

/* The bench's europe feed (tools/gen-feed --preset europe), built by tests/meson.build,
 * imported as CA_TEST_FEED_EUROPE: for the tests whose point is scale */
#define CA_TEST_FEED_EUROPE "https://europe.example.org/feed.json"
void      ca_test_load_europe   (CaStore    *store);

/* g_test_skip() for something optional that this machine lacks; under CI=true, where
 * nothing may be skipped, the test fails instead */
void      ca_test_skip_or_fail  (const char *reason);

/* Runs the main loop for ms milliseconds */
void      ca_test_run_for       (guint       ms);
/* Runs the main loop until all that is ready to run at idle priority, or above, has
 * run (a page's rebuild queued in an idle, say): a count of turns is not enough when
 * frames keep coming before the idle */
void      ca_test_run_pending   (void);
/* Runs the main loop until done (data) is TRUE or ms milliseconds passed;
 * returns done's last answer */
gboolean  ca_test_wait_until    (gboolean  (*done) (gpointer data),
                                 gpointer    data,
                                 guint       ms);

/* {{{ The store tests' fixture (tests/test-store*.c): a new store in a temporary folder */

typedef struct {
  char    *dir;
  char    *path;     /* dir/data/atlas.db */
  CaStore *store;
} CaTestStore;

void      ca_test_store_set_up    (CaTestStore   *fx,
                                   gconstpointer  data);
void      ca_test_store_tear_down (CaTestStore   *fx,
                                   gconstpointer  data);
/* Closes the store and opens its file again */
void      ca_test_store_reopen    (CaTestStore   *fx);
CaStore  *ca_test_open_store      (const char    *path);

/* g_test_init(), with sorting and display in English whatever the machine's locale */
void      ca_test_store_init      (int           *argc,
                                   char        ***argv);
/* A test of a store test program, on the fixture above */
#define CA_TEST_STORE_ADD(path, func) \
  g_test_add (path, CaTestStore, NULL, ca_test_store_set_up, func, ca_test_store_tear_down)

/* }}} */

/* {{{ Feeds built in C, without the parser */

#define CA_TEST_FEED_A "https://a.example.org/feed.json"
#define CA_TEST_FEED_B "https://b.example.org/feed.json"

/* 2026-03-01T00:00:00Z, an hour and a day */
#define CA_TEST_T0   G_GINT64_CONSTANT (1772323200)
#define CA_TEST_HOUR G_GINT64_CONSTANT (3600)
#define CA_TEST_DAY  G_GINT64_CONSTANT (86400)

/* CaText of an English and a Bulgarian text */
char       *ca_test_text2        (const char   *en,
                                  const char   *bg);
/* A NULL-terminated string array of the arguments, up to NULL */
char      **ca_test_strv         (const char   *first,
                                  ...) G_GNUC_NULL_TERMINATED;
CaPerson   *ca_test_person       (const char   *name,
                                  const char   *role,
                                  const char   *email,
                                  const char   *phone);
CaMember   *ca_test_member       (const char   *id,
                                  const char   *name,
                                  CaMemberKind  kind);
CaCluster  *ca_test_cluster      (const char   *id,
                                  const char   *name);
/* clusters: taken */
CaProject  *ca_test_project      (const char   *id,
                                  const char   *title,
                                  const char   *start,
                                  char        **clusters);
/* clusters: taken; an event with end == start has no end */
CaEvent    *ca_test_event        (const char   *id,
                                  const char   *title,
                                  gint64        start,
                                  gint64        end,
                                  CaEventKind   kind,
                                  char        **clusters,
                                  const char   *project_id);
/* "ict": a cluster with every field set, its team, networks and three members */
CaCluster  *ca_test_full_cluster (void);
/* ca_test_full_cluster(), a second cluster ("agro"), three projects and three events */
CaFeed     *ca_test_full_feed    (void);
/* A plain feed of a given size, named after tag, for volume */
CaFeed     *ca_test_bulk_feed    (const char   *tag,
                                  guint         n_clusters,
                                  guint         n_members,
                                  guint         n_projects,
                                  guint         n_events);
/* ca_store_replace_feed(), asserting it works */
void        ca_test_replace      (CaStore      *store,
                                  const char   *key,
                                  CaFeed       *feed);

/* }}} */

/* {{{ Reading the store, asserting each read works */

GPtrArray   *ca_test_list_clusters (CaStore            *store);
GPtrArray   *ca_test_list_events   (CaStore            *store,
                                    const CaEventQuery *query);
/* The ids of the events, joined with spaces, in order */
char        *ca_test_event_ids     (GPtrArray          *events);
/* ca_test_event_ids() of the events query finds */
char        *ca_test_query_events  (CaStore            *store,
                                    const CaEventQuery *query);
/* At most 50 hits */
GPtrArray   *ca_test_search        (CaStore            *store,
                                    const char         *text);
CaSearchHit *ca_test_find_hit      (GPtrArray          *hits,
                                    CaSearchKind        kind,
                                    const char         *feed,
                                    const char         *id);
/* Whether searching text finds the record kind, feed, id */
gboolean     ca_test_search_finds  (CaStore            *store,
                                    const char         *text,
                                    CaSearchKind        kind,
                                    const char         *feed,
                                    const char         *id);
CaFeedInfo  *ca_test_feed_info     (CaStore            *store,
                                    const char         *key);
/* The first column of the first row of sql, run on the file at path */
gint64       ca_test_sql_int       (const char         *path,
                                    const char         *sql);
void         ca_test_sql_exec      (const char         *path,
                                    const char         *sql);
/* How many events the store holds, failing the test unless each one's title starts
 * with tag */
guint        ca_test_count_events  (CaStore            *store,
                                    const char         *tag);
/* part is in text (a command's output, a message), or the test fails naming both */
void         ca_test_assert_contains (const char       *text,
                                      const char       *part);
/* got holds exactly the strings given, up to NULL (none: got is NULL) */
void         ca_test_assert_strv   (char              **got,
                                    const char         *first,
                                    ...);

/* }}} */

G_END_DECLS
