/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-event-filter"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ca-event-filter.h"
#include "ca-store.h"
#include "ca-test-core.h"

/*
 * The Calendar's filters (src/core/ca-event-filter.c), without a display: a table of
 * filters over a small set of events and projects made here, each row with the ids
 * that must pass in order; then the built-in feed read from a real store.
 */

static guint32
julian (const char *iso)
{
  int y, m, d;
  GDate date;

  g_assert_cmpint (sscanf (iso, "%d-%d-%d", &y, &m, &d), ==, 3);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return g_date_get_julian (&date);
}

/* An all-day event from first to last (YYYY-MM-DD), as the store gives it */
static CaEvent *
make_event (const char  *feed,
            const char  *id,
            CaEventKind  kind,
            const char  *clusters,
            const char  *project,
            gboolean     starred,
            const char  *first,
            const char  *last)
{
  CaEvent *event = ca_event_new ();
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  int y, m, d;

  event->feed = g_strdup (feed);
  event->id = g_strdup (id);
  event->title = g_strdup (id);
  event->kind = kind;
  event->clusters = clusters != NULL ? g_strsplit (clusters, ",", -1) : NULL;
  event->project = g_strdup (project);
  event->starred = starred;
  event->all_day = TRUE;
  g_assert_cmpint (sscanf (first, "%d-%d-%d", &y, &m, &d), ==, 3);
  start = g_date_time_new_utc (y, m, d, 0, 0, 0);
  g_assert_cmpint (sscanf (last, "%d-%d-%d", &y, &m, &d), ==, 3);
  end = g_date_time_new_utc (y, m, d, 0, 0, 0);
  event->start = g_date_time_to_unix (start);
  event->end = g_date_time_to_unix (end);
  event->has_end = event->end != event->start;
  return event;
}

static CaProject *
make_project (const char *feed,
              const char *id,
              const char *programme,
              const char *clusters)
{
  CaProject *project = ca_project_new ();

  project->feed = g_strdup (feed);
  project->id = g_strdup (id);
  project->title = g_strdup (id);
  project->programme = g_strdup (programme);
  project->clusters = clusters != NULL ? g_strsplit (clusters, ",", -1) : NULL;
  return project;
}

typedef struct {
  GPtrArray *events;
  GPtrArray *projects;
} Data;

/* Two feeds that both have a cluster "ict": a filter names the feed too */
static void
data_init (Data *data)
{
  data->events = g_ptr_array_new_with_free_func (g_object_unref);
  data->projects = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (data->projects, make_project ("a", "bowi", "Horizon 2020", "ict"));
  g_ptr_array_add (data->projects, make_project ("a", "give", "Interreg", "ict,green"));
  g_ptr_array_add (data->projects, make_project ("a", "none", NULL, "green"));
  g_ptr_array_add (data->projects, make_project ("b", "bowi", "Interreg", "ict"));

  g_ptr_array_add (data->events, make_event ("a", "conf", CA_EVENT_KIND_CONFERENCE, "ict",
                                             "bowi", FALSE, "2024-03-05", "2024-03-06"));
  g_ptr_array_add (data->events, make_event ("a", "web", CA_EVENT_KIND_WEBINAR, "ict,green",
                                             "give", TRUE, "2024-03-10", "2024-03-10"));
  g_ptr_array_add (data->events, make_event ("a", "month", CA_EVENT_KIND_TRAINING, "green",
                                             NULL, FALSE, "2024-04-01", "2024-04-30"));
  g_ptr_array_add (data->events, make_event ("a", "bare", CA_EVENT_KIND_OTHER, NULL,
                                             "missing", TRUE, "2024-05-01", "2024-05-01"));
  g_ptr_array_add (data->events, make_event ("b", "conf", CA_EVENT_KIND_CONFERENCE, "ict",
                                             "bowi", TRUE, "2024-06-01", "2024-06-03"));
}

static void
data_clear (Data *data)
{
  g_ptr_array_unref (data->events);
  g_ptr_array_unref (data->projects);
}

/* "feed/id …" of what passed */
static char *
ids (GPtrArray *records,
     gboolean   events)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    {
      const char *feed = events ? ((CaEvent *) records->pdata[i])->feed
                                : ((CaProject *) records->pdata[i])->feed;
      const char *id = events ? ((CaEvent *) records->pdata[i])->id
                              : ((CaProject *) records->pdata[i])->id;

      g_string_append_printf (text, "%s%s/%s", i > 0 ? " " : "", feed, id);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef struct {
  const char *name;
  const char *cluster;     /* "feed/id", or NULL */
  int         kind;
  const char *programme;
  gboolean    starred_only;
  const char *first;       /* YYYY-MM-DD, or NULL */
  const char *last;
  gboolean    narrowed;
  const char *events;      /* what passes, in order */
  const char *projects;
} Case;

static const Case cases[] = {
  { "everything", NULL, -1, NULL, FALSE, NULL, NULL, FALSE,
    "a/conf a/web a/month a/bare b/conf", "a/bowi a/give a/none b/bowi" },
  { "cluster", "a/ict", -1, NULL, FALSE, NULL, NULL, TRUE,
    "a/conf a/web", "a/bowi a/give" },
  { "cluster-of-other-feed", "b/ict", -1, NULL, FALSE, NULL, NULL, TRUE,
    "b/conf", "b/bowi" },
  { "cluster-second-of-two", "a/green", -1, NULL, FALSE, NULL, NULL, TRUE,
    "a/web a/month", "a/give a/none" },
  { "cluster-unknown", "a/nothing", -1, NULL, FALSE, NULL, NULL, TRUE, "", "" },
  { "kind", NULL, CA_EVENT_KIND_CONFERENCE, NULL, FALSE, NULL, NULL, TRUE,
    "a/conf b/conf", "a/bowi a/give a/none b/bowi" },
  { "kind-none", NULL, CA_EVENT_KIND_FAIR, NULL, FALSE, NULL, NULL, TRUE,
    "", "a/bowi a/give a/none b/bowi" },
  /* Events by their project's programme, in their own feed */
  { "programme", NULL, -1, "Interreg", FALSE, NULL, NULL, TRUE,
    "a/web b/conf", "a/give b/bowi" },
  { "programme-horizon", NULL, -1, "Horizon 2020", FALSE, NULL, NULL, TRUE,
    "a/conf", "a/bowi" },
  { "programme-unknown", NULL, -1, "Erasmus+", FALSE, NULL, NULL, TRUE, "", "" },
  { "starred", NULL, -1, NULL, TRUE, NULL, NULL, TRUE,
    "a/web a/bare b/conf", "a/bowi a/give a/none b/bowi" },
  { "cluster-and-kind", "a/ict", CA_EVENT_KIND_WEBINAR, NULL, FALSE, NULL, NULL, TRUE,
    "a/web", "a/bowi a/give" },
  { "cluster-and-starred", "a/ict", -1, NULL, TRUE, NULL, NULL, TRUE,
    "a/web", "a/bowi a/give" },
  { "all-four", "b/ict", CA_EVENT_KIND_CONFERENCE, "Interreg", TRUE, NULL, NULL, TRUE,
    "b/conf", "b/bowi" },
  { "all-four-none", "a/ict", CA_EVENT_KIND_CONFERENCE, "Interreg", TRUE, NULL, NULL, TRUE,
    "", "a/give" },
  /* Days: an event on any day of the range; a month-only date by its whole month */
  { "days", NULL, -1, NULL, FALSE, "2024-03-06", "2024-03-10", FALSE,
    "a/conf a/web", "a/bowi a/give a/none b/bowi" },
  { "days-from", NULL, -1, NULL, FALSE, "2024-04-15", NULL, FALSE,
    "a/month a/bare b/conf", "a/bowi a/give a/none b/bowi" },
  { "days-until", NULL, -1, NULL, FALSE, NULL, "2024-03-05", FALSE,
    "a/conf", "a/bowi a/give a/none b/bowi" },
  { "days-between", NULL, -1, NULL, FALSE, "2024-03-11", "2024-03-31", FALSE,
    "", "a/bowi a/give a/none b/bowi" },
  { "days-and-starred", NULL, -1, NULL, TRUE, "2024-04-01", NULL, TRUE,
    "a/bare b/conf", "a/bowi a/give a/none b/bowi" },
};

static CaEventFilter *
filter_for (const Case *c,
            Data       *data)
{
  CaEventFilter *filter = ca_event_filter_new ();

  if (c->cluster != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (c->cluster, "/", 2);
      ca_event_filter_set_cluster (filter, parts[0], parts[1]);
    }
  ca_event_filter_set_kind (filter, c->kind);
  ca_event_filter_set_programme (filter, c->programme, data->projects);
  ca_event_filter_set_starred_only (filter, c->starred_only);
  ca_event_filter_set_days (filter, c->first != NULL ? julian (c->first) : 0,
                            c->last != NULL ? julian (c->last) : 0);
  return filter;
}

static void
test_case (gconstpointer user_data)
{
  const Case *c = user_data;
  g_autoptr(CaEventFilter) filter = NULL;
  g_autoptr(CaEventFilter) copy = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autofree char *event_ids = NULL;
  g_autofree char *project_ids = NULL;
  Data data;

  data_init (&data);
  filter = filter_for (c, &data);
  g_assert_cmpint (ca_event_filter_is_narrowed (filter), ==, c->narrowed);

  events = ca_event_filter_events (filter, data.events);
  projects = ca_event_filter_projects (filter, data.projects);
  event_ids = ids (events, TRUE);
  project_ids = ids (projects, FALSE);
  g_assert_cmpstr (event_ids, ==, c->events);
  g_assert_cmpstr (project_ids, ==, c->projects);

  /* A copy filters alike, and outlives the original and the projects it was set from */
  copy = ca_event_filter_copy (filter);
  g_clear_pointer (&filter, ca_event_filter_free);
  g_ptr_array_set_size (data.projects, 0);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = ca_event_filter_events (copy, data.events);
  g_clear_pointer (&event_ids, g_free);
  event_ids = ids (events, TRUE);
  g_assert_cmpstr (event_ids, ==, c->events);

  data_clear (&data);
}

/* Setting a filter back lets everything through again */
static void
test_reset (void)
{
  g_autoptr(CaEventFilter) filter = ca_event_filter_new ();
  g_autoptr(GPtrArray) events = NULL;
  Data data;

  data_init (&data);
  ca_event_filter_set_cluster (filter, "a", "ict");
  ca_event_filter_set_kind (filter, CA_EVENT_KIND_WEBINAR);
  ca_event_filter_set_programme (filter, "Interreg", data.projects);
  ca_event_filter_set_starred_only (filter, TRUE);
  ca_event_filter_set_days (filter, julian ("2024-01-01"), julian ("2024-12-31"));
  events = ca_event_filter_events (filter, data.events);
  g_assert_cmpuint (events->len, ==, 1);
  g_clear_pointer (&events, g_ptr_array_unref);

  ca_event_filter_set_cluster (filter, NULL, NULL);
  ca_event_filter_set_kind (filter, -1);
  ca_event_filter_set_programme (filter, NULL, NULL);
  ca_event_filter_set_starred_only (filter, FALSE);
  ca_event_filter_set_days (filter, 0, 0);
  g_assert_false (ca_event_filter_is_narrowed (filter));
  events = ca_event_filter_events (filter, data.events);
  g_assert_cmpuint (events->len, ==, data.events->len);
  data_clear (&data);
}

/* The built-in feed from a real store, as the Calendar reads it: 7 of its 15 events are
 * conferences (tests/test-calendar.c finds the same through the filters popover) */
static void
test_builtin (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ca-event-filter-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "atlas.db", NULL);
  g_autoptr(CaStore) store = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GPtrArray) matching = NULL;
  g_autoptr(CaEventFilter) filter = ca_event_filter_new ();
  CaEventQuery query = CA_EVENT_QUERY_INIT;

  g_assert_no_error (error);
  store = ca_store_open (path, &error);
  g_assert_no_error (error);
  ca_test_load_builtin (store);
  events = ca_store_list_events (store, &query, &error);
  g_assert_no_error (error);
  projects = ca_store_list_projects (store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 15);

  ca_event_filter_set_kind (filter, CA_EVENT_KIND_CONFERENCE);
  matching = ca_event_filter_events (filter, events);
  g_assert_cmpuint (matching->len, ==, 7);
  g_clear_pointer (&matching, g_ptr_array_unref);

  /* The same as the store's own query by cluster */
  ca_event_filter_set_kind (filter, -1);
  ca_event_filter_set_cluster (filter, CA_FEED_BUILTIN, "ict-cluster");
  matching = ca_event_filter_events (filter, events);
  {
    g_autoptr(GPtrArray) queried = NULL;
    CaEventQuery by_cluster = CA_EVENT_QUERY_INIT;

    by_cluster.feed = CA_FEED_BUILTIN;
    by_cluster.cluster = "ict-cluster";
    queried = ca_store_list_events (store, &by_cluster, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (matching->len, >, 0);
    g_assert_cmpuint (matching->len, ==, queried->len);
    for (guint i = 0; i < matching->len; i++)
      g_assert_cmpstr (((CaEvent *) matching->pdata[i])->id, ==,
                       ((CaEvent *) queried->pdata[i])->id);
  }
  g_clear_pointer (&matching, g_ptr_array_unref);

  /* The programme of BRIDGE (COSME) lets its project through */
  ca_event_filter_set_cluster (filter, NULL, NULL);
  ca_event_filter_set_programme (filter, "COSME", projects);
  matching = ca_event_filter_projects (filter, projects);
  g_assert_cmpuint (matching->len, >=, 1);
  for (guint i = 0; i < matching->len; i++)
    g_assert_cmpstr (((CaProject *) matching->pdata[i])->programme, ==, "COSME");

  g_clear_object (&store);
  ca_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/event-filter/table/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/event-filter/reset", test_reset);
  g_test_add_func ("/event-filter/builtin", test_builtin);
  return g_test_run ();
}
