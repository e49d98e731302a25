/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-calendar-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-calendar-filters.h"
#include "ca-calendar-view-private.h"
#include "ca-format.h"
#include "ca-gradual-list.h"
#include "ca-page-heading.h"
#include "ca-text.h"
#include "ca-tooltip.h"
#include "ca-view.h"

static void ca_calendar_view_view_init (CaViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CaCalendarView, ca_calendar_view, ADW_TYPE_BREAKPOINT_BIN,
                               G_IMPLEMENT_INTERFACE (CA_TYPE_VIEW, ca_calendar_view_view_init))

typedef enum {
  OPEN_RESET,     /* from the calendar: a new history */
  OPEN_PUSH,      /* from a page: back returns to it */
  OPEN_BACK,      /* going back */
} OpenMode;

static void refilter (CaCalendarView *self);
static void filters_changed (CaCalendarView *self);
static void start_fill (CaCalendarView *self);
static void stop_fill (CaCalendarView *self);

#define RESOURCE_BASE "/io/github/clusteratlas/ClusterAtlas"

/* The Calendar's stylesheet (calendar.css) and its filter icon. Cluster Atlas's
 * application has both from its start: its style.css imports the stylesheet, and
 * GtkApplication adds the icons. Added once a window is up, a stylesheet restyles every
 * widget in the window, and an icon folder makes the theme and every icon on screen
 * load again: the Calendar's first showing took about twice as long. A window of its
 * own (the tests) gets them here. */
static void
ensure_style (GtkWidget *widget)
{
  GApplication *app = g_application_get_default ();
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (ADW_IS_APPLICATION (app) &&
      g_strcmp0 (g_application_get_resource_base_path (app), RESOURCE_BASE) == 0)
    return;
  if (display == NULL || g_object_get_data (G_OBJECT (display), "ca-calendar-style") != NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE "/calendar.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "ca-calendar-style",
                          g_steal_pointer (&provider), g_object_unref);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    RESOURCE_BASE "/icons");
}

static char *
record_key (const char *feed,
            const char *id)
{
  return g_strconcat (feed, "\x1f", id, NULL);
}

/* {{{ Filters */

/* The strings of a filter, under the gradual slice set_filter_strings() puts them in */
static GtkStringList *
filter_strings (GtkDropDown *dropdown)
{
  GListModel *model = dropdown != NULL ? gtk_drop_down_get_model (dropdown) : NULL;

  if (GTK_IS_SLICE_LIST_MODEL (model))
    model = gtk_slice_list_model_get_model (GTK_SLICE_LIST_MODEL (model));
  return model != NULL ? GTK_STRING_LIST (model) : NULL;
}

/* The choice in a filter's drop-down; 0 ("All …") before the popover is first opened */
static guint
filter_selected (GtkDropDown *dropdown)
{
  guint selected = dropdown != NULL ? gtk_drop_down_get_selected (dropdown) : 0;

  return selected != GTK_INVALID_LIST_POSITION ? selected : 0;
}

/* Sets the strings of a filter, keeping the selected one when it is still there.
 * With a long list (1,500 clusters) the drop-down's own list view would make 200
 * rows at once: it takes them gradually (ca-gradual-list.h). */
static void
set_filter_strings (CaCalendarView *self,
                    GtkDropDown    *dropdown,
                    const char    **strings)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (strings);
  g_autoptr(GtkSliceListModel) shown = ca_gradual_list_new (G_LIST_MODEL (list));
  GtkStringList *old = filter_strings (dropdown);
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autofree char *was = NULL;
  guint position = 0;

  if (old != NULL && selected != GTK_INVALID_LIST_POSITION && selected > 0)
    was = g_strdup (gtk_string_list_get_string (old, selected));
  for (guint i = 1; was != NULL && strings[i] != NULL; i++)
    if (g_strcmp0 (strings[i], was) == 0)
      position = i;

  if (position >= gtk_slice_list_model_get_size (shown))
    ca_gradual_list_show_all (shown);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (shown));
  gtk_drop_down_set_selected (dropdown, position);
}

static void
update_filter_models (CaCalendarView *self)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);

  /* The drop-downs get their strings when the popover is made (ensure_filters) */
  if (self->filters == NULL)
    return;
  self->updating = TRUE;

  /* TRANSLATORS: the first item of the cluster filter */
  g_ptr_array_add (strings, g_strdup (_("All clusters")));
  for (guint i = 0; i < self->clusters->len; i++)
    {
      CaCluster *cluster = self->clusters->pdata[i];
      g_autofree char *key = record_key (cluster->feed, cluster->id);
      const char *name = g_hash_table_lookup (self->cluster_names, key);

      g_ptr_array_add (strings, g_strdup (name != NULL ? name : cluster->id));
    }
  g_ptr_array_add (strings, NULL);
  set_filter_strings (self, self->cluster_dropdown, (const char **) strings->pdata);

  g_ptr_array_set_size (strings, 0);
  /* TRANSLATORS: the first item of the event kind filter */
  g_ptr_array_add (strings, g_strdup (_("All kinds")));
  for (int kind = 0; kind < CA_N_EVENT_KINDS; kind++)
    g_ptr_array_add (strings, g_strdup (ca_format_event_kind (kind)));
  g_ptr_array_add (strings, NULL);
  set_filter_strings (self, self->kind_dropdown, (const char **) strings->pdata);

  g_ptr_array_set_size (strings, 0);
  /* TRANSLATORS: the first item of the funding programme filter */
  g_ptr_array_add (strings, g_strdup (_("All programmes")));
  for (guint i = 0; i < self->programmes->len; i++)
    g_ptr_array_add (strings, g_strdup (ca_format_programme (self->programmes->pdata[i])));
  g_ptr_array_add (strings, NULL);
  set_filter_strings (self, self->programme_dropdown, (const char **) strings->pdata);

  self->updating = FALSE;
}

/* The filter of what the filter bar shows chosen (the core's, ca-event-filter.h) */
static void
update_filter (CaCalendarView *self)
{
  guint cluster = filter_selected (self->cluster_dropdown);
  guint kind = filter_selected (self->kind_dropdown);
  guint programme = filter_selected (self->programme_dropdown);
  CaEventFilter *filter = ca_event_filter_new ();

  if (cluster > 0 && cluster <= self->clusters->len)
    {
      CaCluster *c = self->clusters->pdata[cluster - 1];
      ca_event_filter_set_cluster (filter, c->feed, c->id);
    }
  if (kind > 0 && kind <= CA_N_EVENT_KINDS)
    ca_event_filter_set_kind (filter, (int) kind - 1);
  if (programme > 0 && programme <= self->programmes->len)
    ca_event_filter_set_programme (filter, self->programmes->pdata[programme - 1],
                                   self->projects);
  ca_event_filter_set_starred_only (filter, gtk_toggle_button_get_active (self->starred_button));

  g_clear_pointer (&self->filter, ca_event_filter_free);
  self->filter = filter;
}

/* "Filtered: ICT Cluster · Conference · starred only", under the filter bar */
static void
update_filter_summary (CaCalendarView *self)
{
  GtkDropDown *dropdowns[] = { self->cluster_dropdown, self->kind_dropdown,
                               self->programme_dropdown };
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *text = NULL;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    {
      guint selected = filter_selected (dropdowns[i]);
      GtkStringList *strings = filter_strings (dropdowns[i]);

      if (selected == 0 || strings == NULL)
        continue;
      if (summary->len > 0)
        g_string_append (summary, " · ");
      g_string_append (summary, gtk_string_list_get_string (strings, selected));
      n++;
    }
  /* The Filters button stands out while one of its filters is set */
  if (n > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->filters_button), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filters_button), "accent");
  if (gtk_toggle_button_get_active (self->starred_button))
    {
      if (summary->len > 0)
        g_string_append (summary, " · ");
      /* TRANSLATORS: in the list of active filters */
      g_string_append (summary, _("starred only"));
      n++;
    }

  /* TRANSLATORS: the active filters, "Filtered: ICT Cluster · Conference" */
  text = n > 0 ? g_strdup_printf (_("Filtered: %s"), summary->str) : NULL;
  gtk_label_set_text (self->filter_summary, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->filter_revealer, n > 0);
}

/* }}} */

/* The Filters popover is made when first opened: its three drop-downs, each with a
 * popover and a list of its own, were a quarter of the work of making the view. Until
 * then every filter is "All …". */
static void
ensure_filters (CaCalendarView *self)
{
  if (self->filters != NULL)
    return;
  self->filters = CA_CALENDAR_FILTERS (ca_calendar_filters_new ());
  self->cluster_dropdown = ca_calendar_filters_get_cluster (self->filters);
  self->kind_dropdown = ca_calendar_filters_get_kind (self->filters);
  self->programme_dropdown = ca_calendar_filters_get_programme (self->filters);
  g_signal_connect_object (self->filters, "changed", G_CALLBACK (filters_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (self->filters_button, GTK_WIDGET (self->filters));
  update_filter_models (self);
}

static void
create_filters (GtkMenuButton *button,
                gpointer       user_data)
{
  ensure_filters (CA_CALENDAR_VIEW (user_data));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static guint32
today_julian (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  return g_date_get_julian (&date);
}

static void
choose_month (CaCalendarView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now);
  int month = g_date_time_get_month (now);
  GDate date;
  guint32 today = today_julian (), month_first, month_last;
  CaEvent *next = NULL, *last_past = NULL;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, month, year);
  month_first = g_date_get_julian (&date);
  month_last = month_first + g_date_get_days_in_month (month, year) - 1;

  /* This month when it has events; else the next month that has; else the last. */
  for (guint i = 0; i < self->all_events->len; i++)
    {
      CaEvent *event = self->all_events->pdata[i];
      guint32 first, last;

      ca_event_get_days (event, &first, &last);
      if (first <= month_last && last >= month_first)
        {
          next = last_past = NULL;
          break;
        }
      if (first > today && next == NULL)
        next = event;
      if (last < today)
        last_past = event;
    }

  if (next != NULL || last_past != NULL)
    {
      guint32 first, last;

      ca_event_get_days (next != NULL ? next : last_past, &first, &last);
      g_date_set_julian (&date, first);
      year = g_date_get_year (&date);
      month = g_date_get_month (&date);
    }
  ca_month_grid_set_month (self->month_grid, year, month);
  self->month_chosen = TRUE;
}

/* {{{ Reading the store, off the main thread */

/* What the view reads from the store, with its indexes and names made on the worker
 * thread too: on the main thread, indexing 20,000 events held the loop ~10 ms */
typedef struct {
  GPtrArray  *events;          /* CaEvent by start */
  GHashTable *event_index;     /* "feed\x1fid" → CaEvent of events */
  GPtrArray  *clusters;        /* CaCluster */
  GHashTable *cluster_names;   /* "feed\x1fid" → display name */
  GPtrArray  *projects;        /* CaProject by start */
  GPtrArray  *programmes;      /* char *, sorted */
  char       *error;
} Snapshot;

static void
snapshot_free (Snapshot *snap)
{
  g_clear_pointer (&snap->events, g_ptr_array_unref);
  g_clear_pointer (&snap->event_index, g_hash_table_unref);
  g_clear_pointer (&snap->clusters, g_ptr_array_unref);
  g_clear_pointer (&snap->cluster_names, g_hash_table_unref);
  g_clear_pointer (&snap->projects, g_ptr_array_unref);
  g_clear_pointer (&snap->programmes, g_ptr_array_unref);
  g_free (snap->error);
  g_free (snap);
}

static Snapshot *
snapshot_read (CaStore *store)
{
  Snapshot *snap = g_new0 (Snapshot, 1);
  CaEventQuery query = CA_EVENT_QUERY_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (store != NULL &&
      (snap->events = ca_store_list_events (store, &query, &error)) != NULL &&
      (snap->clusters = ca_store_list_clusters (store, &error)) != NULL)
    snap->projects = ca_store_list_projects (store, NULL, NULL, &error);
  if (error != NULL)
    snap->error = g_strdup (error->message);
  /* What could not be read is empty */
  if (snap->events == NULL)
    snap->events = g_ptr_array_new_with_free_func (g_object_unref);
  if (snap->clusters == NULL)
    snap->clusters = g_ptr_array_new_with_free_func (g_object_unref);
  if (snap->projects == NULL)
    snap->projects = g_ptr_array_new_with_free_func (g_object_unref);

  snap->event_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < snap->events->len; i++)
    {
      CaEvent *event = snap->events->pdata[i];
      g_hash_table_insert (snap->event_index, record_key (event->feed, event->id), event);
    }
  /* The marks of unseen changes, here rather than a row at a time on the main thread:
   * the newest change of an event first */
  if (store != NULL && snap->events->len > 0)
    {
      CaChangeQuery changes_query = CA_CHANGE_QUERY_INIT;
      g_autoptr(GPtrArray) changes = NULL;

      changes_query.kind = CA_CHANGE_EVENT;
      changes_query.unseen_only = TRUE;
      changes = ca_store_list_changes (store, &changes_query, NULL);
      for (guint i = 0; changes != NULL && i < changes->len; i++)
        {
          CaChange *change = changes->pdata[i];
          g_autofree char *key = record_key (change->feed, change->record_id);
          CaEvent *event = g_hash_table_lookup (snap->event_index, key);

          if (event != NULL && event->mark == CA_CHANGE_MARK_NONE)
            event->mark = ca_change_get_mark (change);
        }
    }
  snap->cluster_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < snap->clusters->len; i++)
    {
      CaCluster *cluster = snap->clusters->pdata[i];
      g_hash_table_insert (snap->cluster_names, record_key (cluster->feed, cluster->id),
                           ca_text_display (cluster->name));
    }
  snap->programmes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < snap->projects->len; i++)
    {
      CaProject *project = snap->projects->pdata[i];

      if (project->programme != NULL && !g_hash_table_contains (seen, project->programme))
        {
          g_hash_table_add (seen, project->programme);
          g_ptr_array_add (snap->programmes, g_strdup (project->programme));
        }
    }
  g_ptr_array_sort (snap->programmes, compare_names);
  return snap;
}

/* The snapshot's parts become the view's own; the cluster names stay in the same table,
 * which the pages share */
static void
snapshot_apply (CaCalendarView *self,
                Snapshot       *snap,
                gboolean        gradually)
{
  GHashTableIter iter;
  gpointer key, name;

  self->loaded = TRUE;
  if (snap->error != NULL)
    g_warning ("Could not read the calendar: %s", snap->error);

  g_ptr_array_unref (self->all_events);
  self->all_events = g_steal_pointer (&snap->events);
  g_hash_table_unref (self->event_index);
  self->event_index = g_steal_pointer (&snap->event_index);
  g_ptr_array_unref (self->clusters);
  self->clusters = g_steal_pointer (&snap->clusters);
  g_ptr_array_unref (self->projects);
  self->projects = g_steal_pointer (&snap->projects);
  g_ptr_array_unref (self->programmes);
  self->programmes = g_steal_pointer (&snap->programmes);
  g_hash_table_remove_all (self->cluster_names);
  g_hash_table_iter_init (&iter, snap->cluster_names);
  while (g_hash_table_iter_next (&iter, &key, &name))
    {
      g_hash_table_iter_steal (&iter);
      g_hash_table_insert (self->cluster_names, key, name);
    }

  update_filter_models (self);
  update_filter (self);
  if (!self->month_chosen && self->all_events->len > 0)
    choose_month (self);
  if (gradually)
    start_fill (self);
  else
    refilter (self);
}

static void
read_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_task_return_pointer (task, snapshot_read (task_data), (GDestroyNotify) snapshot_free);
}

static void
read_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CaCalendarView *self = CA_CALENDAR_VIEW (object);
  guint serial = GPOINTER_TO_UINT (user_data);
  Snapshot *snap = g_task_propagate_pointer (G_TASK (result), NULL);

  /* A newer read, or a read on the spot, or the view is gone: drop this one. */
  if (serial == self->load_serial)
    self->reading = FALSE;
  if (snap != NULL && serial == self->load_serial && !self->loaded && !self->disposed)
    snapshot_apply (self, snap, TRUE);
  if (snap != NULL)
    snapshot_free (snap);
}

/* Reads the store on a worker thread; the view fills in when it is done. */
static void
start_loading (CaCalendarView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->loaded || self->reading)
    return;
  self->load_serial++;
  self->reading = TRUE;
  task = g_task_new (self, NULL, read_done, GUINT_TO_POINTER (self->load_serial));
  g_task_set_source_tag (task, start_loading);
  g_task_set_task_data (task, self->store != NULL ? g_object_ref (self->store) : NULL,
                        self->store != NULL ? g_object_unref : NULL);
  g_task_run_in_thread (task, read_worker);
}

void
_ca_calendar_view_ensure_loaded (CaCalendarView *self)
{
  if (self->fill_source != 0)
    refilter (self);
  if (!self->loaded)
    {
      Snapshot *snap;

      self->load_serial++;   /* a read under way is outdated */
      self->reading = FALSE;
      snap = snapshot_read (self->store);
      snapshot_apply (self, snap, FALSE);
      snapshot_free (snap);
    }
  ca_agenda_finish (self->agenda);
}

/* }}} */

/* {{{ Filling in */

/* The events the agenda lists: of those that pass, the ones not over and the ones over */
static void
fill_agenda (CaCalendarView *self,
             GPtrArray      *matching)
{
  g_autoptr(GPtrArray) upcoming = g_ptr_array_new ();
  g_autoptr(GPtrArray) past = g_ptr_array_new ();
  guint32 today = today_julian ();

  for (guint i = 0; i < matching->len; i++)
    {
      guint32 first, last;

      ca_event_get_days (matching->pdata[i], &first, &last);
      g_ptr_array_add (last >= today ? upcoming : past, matching->pdata[i]);
    }
  ca_agenda_set_events (self->agenda, self->loaded, self->all_events->len, upcoming, past);
  gtk_stack_set_visible_child_name (self->month_stack,
                                    self->all_events->len > 0 || !self->loaded
                                    ? "grid" : "empty");
}

static void
fill_projects (CaCalendarView *self)
{
  g_autoptr(GPtrArray) projects = ca_event_filter_projects (self->filter, self->projects);

  ca_timeline_set_projects (self->timeline, projects);
  if (projects->len == 0)
    adw_status_page_set_description (self->projects_status,
                                     self->projects->len > 0
                                     ? _("No project matches the filters.")
                                     : _("The offline data holds no projects. Add a cluster feed that lists them."));
  gtk_stack_set_visible_child_name (self->projects_stack,
                                    projects->len > 0 || !self->loaded ? "timeline" : "empty");
}

static void
stop_fill (CaCalendarView *self)
{
  g_clear_handle_id (&self->fill_source, g_source_remove);
  g_clear_pointer (&self->fill_matching, g_ptr_array_unref);
}

/* The month grid, the agenda and the timeline each take tens of milliseconds to
 * fill with a large store: after a read in the background they fill one per
 * main-loop turn, with a frame between, so that the loop is never held for all
 * (the agenda then takes its rows a part per turn too, ca-agenda.c) */
static gboolean
fill_next (gpointer user_data)
{
  CaCalendarView *self = user_data;

  switch (self->fill_step++)
    {
    case 0:
      self->fill_matching = ca_event_filter_events (self->filter, self->all_events);
      ca_month_grid_set_events (self->month_grid, self->fill_matching);
      return G_SOURCE_CONTINUE;
    case 1:
      fill_agenda (self, self->fill_matching);
      return G_SOURCE_CONTINUE;
    default:
      fill_projects (self);
      update_filter_summary (self);
      self->fill_source = 0;   /* removed by returning */
      stop_fill (self);
      return G_SOURCE_REMOVE;
    }
}

static void
start_fill (CaCalendarView *self)
{
  stop_fill (self);
  self->fill_step = 0;
  self->fill_source = g_idle_add (fill_next, self);
}

/* Everything at once: after a change of filters, or when the API needs it now */
static void
refilter (CaCalendarView *self)
{
  g_autoptr(GPtrArray) matching = NULL;

  stop_fill (self);
  matching = ca_event_filter_events (self->filter, self->all_events);
  ca_month_grid_set_events (self->month_grid, matching);
  fill_agenda (self, matching);
  fill_projects (self);
  update_filter_summary (self);
}

static void
filters_changed (CaCalendarView *self)
{
  if (self->updating || !self->loaded)
    return;
  update_filter (self);
  refilter (self);
}

static void
clear_filters (CaCalendarView *self)
{
  self->updating = TRUE;
  if (self->filters != NULL)
    {
      gtk_drop_down_set_selected (self->cluster_dropdown, 0);
      gtk_drop_down_set_selected (self->kind_dropdown, 0);
      gtk_drop_down_set_selected (self->programme_dropdown, 0);
    }
  gtk_toggle_button_set_active (self->starred_button, FALSE);
  self->updating = FALSE;
  update_filter (self);
  refilter (self);
}

/* }}} */

/* {{{ Pages */

static gboolean
focus_in_page (CaCalendarView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && gtk_widget_is_ancestor (focus, self->page_pane);
}

static void
update_back_button (CaCalendarView *self)
{
  gboolean collapsed = adw_navigation_split_view_get_collapsed (self->split_view);
  gboolean empty = self->current == NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          collapsed || self->history->len > 0);
  /* Nothing to title while nothing is shown */
  gtk_widget_set_visible (self->page_header, !empty || collapsed);
  gtk_widget_set_visible (self->page_separator, !empty || collapsed);
}

static void
event_starred_changed (CaCalendarView *self,
                       gboolean        starred)
{
  CaEvent *shown = self->event_page != NULL ? ca_event_page_get_event (self->event_page) : NULL;
  g_autofree char *key = NULL;
  CaEvent *event;

  if (shown == NULL)
    return;
  /* The view's own copy, which the filters read */
  key = record_key (shown->feed, shown->id);
  if ((event = g_hash_table_lookup (self->event_index, key)) != NULL)
    event->starred = starred;
  ca_agenda_set_starred (self->agenda, shown->feed, shown->id, starred);
  if (gtk_toggle_button_get_active (self->starred_button))
    refilter (self);
}

/* The pages are made when first opened: the Calendar shows sooner without them */
static CaEventPage *
ensure_event_page (CaCalendarView *self)
{
  if (self->event_page == NULL)
    {
      self->event_page = CA_EVENT_PAGE (ca_event_page_new ());
      ca_event_page_set_store (self->event_page, self->store);
      ca_event_page_set_cluster_names (self->event_page, self->cluster_names);
      g_signal_connect_object (self->event_page, "starred-changed",
                               G_CALLBACK (event_starred_changed), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->page_stack, GTK_WIDGET (self->event_page), "event");
    }
  return self->event_page;
}

static CaProjectPage *
ensure_project_page (CaCalendarView *self)
{
  if (self->project_page == NULL)
    {
      self->project_page = CA_PROJECT_PAGE (ca_project_page_new ());
      ca_project_page_set_store (self->project_page, self->store);
      ca_project_page_set_cluster_names (self->project_page, self->cluster_names);
      gtk_stack_add_named (self->page_stack, GTK_WIDGET (self->project_page), "project");
    }
  return self->project_page;
}

static gboolean
open_page (CaCalendarView *self,
           char            kind,
           const char     *feed,
           const char     *id,
           OpenMode        mode)
{
  g_autoptr(GError) error = NULL;
  const char *title;
  char *key;

  g_return_val_if_fail (feed != NULL && id != NULL, FALSE);

  _ca_calendar_view_ensure_loaded (self);
  if (self->store == NULL)
    return FALSE;

  if (kind == 'e')
    {
      g_autoptr(CaEvent) event = ca_store_get_event (self->store, feed, id, &error);
      guint32 first, last;
      GDate date;

      if (event == NULL)
        {
          g_debug ("No event %s in %s: %s", id, feed, error->message);
          return FALSE;
        }
      ca_event_page_set_event (ensure_event_page (self), event);
      gtk_stack_set_visible_child_name (self->page_stack, "event");
      /* The month grid beside the page shows the event's month (FALSE for a month or
       * a year without a day: first is still in it) */
      ca_event_get_days (event, &first, &last);
      g_date_clear (&date, 1);
      g_date_set_julian (&date, first);
      ca_month_grid_set_month (self->month_grid, g_date_get_year (&date),
                               g_date_get_month (&date));
      self->month_chosen = TRUE;
      /* TRANSLATORS: the title above an event's page */
      title = _("Event");
    }
  else
    {
      g_autoptr(CaProject) project = ca_store_get_project (self->store, feed, id, &error);

      if (project == NULL)
        {
          g_debug ("No project %s in %s: %s", id, feed, error->message);
          return FALSE;
        }
      ca_project_page_set_project (ensure_project_page (self), project);
      gtk_stack_set_visible_child_name (self->page_stack, "project");
      /* TRANSLATORS: the title above a project's page */
      title = _("Project");
    }
  gtk_label_set_text (self->page_title, title);
  adw_navigation_page_set_title (self->content_page, title);

  key = g_strdup_printf ("%c\x1f%s\x1f%s", kind, feed, id);
  if (mode == OPEN_RESET)
    g_ptr_array_set_size (self->history, 0);
  if (mode == OPEN_PUSH && self->current != NULL && g_strcmp0 (self->current, key) != 0)
    g_ptr_array_add (self->history, g_steal_pointer (&self->current));
  g_free (self->current);
  self->current = key;

  adw_navigation_split_view_set_show_content (self->split_view, TRUE);
  update_back_button (self);
  /* The focus goes to the page's title, which a screen reader reads (not to its first
   * selectable text, which would be selected); the way back is the next key away */
  ca_page_heading_focus_in (gtk_stack_get_visible_child (self->page_stack));
  return TRUE;
}

static gboolean
open_key (CaCalendarView *self,
          const char     *key,
          OpenMode        mode)
{
  g_auto(GStrv) parts = g_strsplit (key, "\x1f", 3);

  if (g_strv_length (parts) != 3)
    return FALSE;
  return open_page (self, parts[0][0], parts[1], parts[2], mode);
}

static void
back_clicked (CaCalendarView *self)
{
  if (self->history->len > 0)
    {
      g_autofree char *key = g_ptr_array_steal_index (self->history, self->history->len - 1);
      open_key (self, key, OPEN_BACK);
    }
  else
    adw_navigation_split_view_set_show_content (self->split_view, FALSE);
}

static void
split_changed (CaCalendarView *self)
{
  /* Back at the calendar in a narrow view (the button, Escape, a swipe): the pages'
   * history ends there */
  if (adw_navigation_split_view_get_collapsed (self->split_view) &&
      !adw_navigation_split_view_get_show_content (self->split_view))
    g_ptr_array_set_size (self->history, 0);
  update_back_button (self);
}

static void
show_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CaCalendarView *self = CA_CALENDAR_VIEW (widget);
  const char *feed, *id;

  g_variant_get (parameter, "(&s&s)", &feed, &id);
  open_page (self, g_str_equal (action_name, "calendar.show-event") ? 'e' : 'p', feed, id,
             focus_in_page (self) ? OPEN_PUSH : OPEN_RESET);
}

/* Page Up/Down turn the month wherever the focus is in the month view, while it shows */
static gboolean
page_key (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  CaCalendarView *self = CA_CALENDAR_VIEW (widget);

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "month") != 0 ||
      (adw_navigation_split_view_get_collapsed (self->split_view) &&
       adw_navigation_split_view_get_show_content (self->split_view)))
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self->month_grid),
                                     g_variant_get_int32 (args) < 0 ? "month.previous"
                                                                    : "month.next",
                                     NULL);
}

/* }}} */

const char *
_ca_calendar_view_get_cluster_name (CaCalendarView *self)
{
  guint cluster = filter_selected (self->cluster_dropdown);
  GtkStringList *strings = filter_strings (self->cluster_dropdown);

  if (cluster == 0 || strings == NULL)
    return NULL;
  return gtk_string_list_get_string (strings, cluster);
}

/* The view's first showing, a step per main-loop turn: its first frame without the
 * month grid; the grid, mapped in a turn of its own and drawn in the next frame; then
 * the store read on a worker thread. With the cairo renderer the view's and the grid's
 * frames each took about as long as a stall may (docs/performance.md); and on a
 * machine with two cores, a worker reading 20,000 events beside those frames made them
 * wait for a core. The data comes a frame or two later. */
static void
grid_drawn (GdkFrameClock  *clock,
            CaCalendarView *self)
{
  g_signal_handlers_disconnect_by_func (clock, grid_drawn, self);
  self->first_showing = FALSE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_loading (self);
}

static gboolean
reveal_grid (gpointer user_data)
{
  CaCalendarView *self = user_data;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  self->reveal_source = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->month_grid), TRUE);
  if (clock != NULL)
    g_signal_connect_object (clock, "after-paint", G_CALLBACK (grid_drawn), self, 0);
  else
    grid_drawn (NULL, self);
  return G_SOURCE_REMOVE;
}

static void
view_drawn (GdkFrameClock  *clock,
            CaCalendarView *self)
{
  g_signal_handlers_disconnect_by_func (clock, view_drawn, self);
  self->reveal_source = g_idle_add (reveal_grid, self);
}

static void
ca_calendar_view_map (GtkWidget *widget)
{
  CaCalendarView *self = CA_CALENDAR_VIEW (widget);

  if (!self->grid_revealed)
    {
      self->grid_revealed = TRUE;
      self->first_showing = TRUE;
      gtk_widget_set_visible (GTK_WIDGET (self->month_grid), FALSE);
      g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                               G_CALLBACK (view_drawn), self, 0);
    }

  GTK_WIDGET_CLASS (ca_calendar_view_parent_class)->map (widget);

  /* Read the store once the view is shown, off the main thread */
  if (!self->loaded && !self->first_showing)
    start_loading (self);
}

static void
ca_calendar_view_dispose (GObject *object)
{
  CaCalendarView *self = (CaCalendarView *) object;

  self->disposed = TRUE;
  stop_fill (self);
  g_clear_handle_id (&self->reveal_source, g_source_remove);
  /* AdwBreakpointBin unparents its child itself: let it go before the template does */
  adw_breakpoint_bin_set_child (ADW_BREAKPOINT_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_CALENDAR_VIEW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ca_calendar_view_parent_class)->dispose (object);
}

static void
ca_calendar_view_finalize (GObject *object)
{
  CaCalendarView *self = (CaCalendarView *) object;

  g_clear_pointer (&self->all_events, g_ptr_array_unref);
  g_clear_pointer (&self->event_index, g_hash_table_unref);
  g_clear_pointer (&self->clusters, g_ptr_array_unref);
  g_clear_pointer (&self->projects, g_ptr_array_unref);
  g_clear_pointer (&self->programmes, g_ptr_array_unref);
  g_clear_pointer (&self->cluster_names, g_hash_table_unref);
  g_clear_pointer (&self->filter, ca_event_filter_free);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->current, g_free);

  G_OBJECT_CLASS (ca_calendar_view_parent_class)->finalize (object);
}

static void
ca_calendar_view_class_init (CaCalendarViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_calendar_view_dispose;
  object_class->finalize = ca_calendar_view_finalize;
  widget_class->map = ca_calendar_view_map;

  g_type_ensure (CA_TYPE_AGENDA);
  g_type_ensure (CA_TYPE_MONTH_GRID);
  g_type_ensure (CA_TYPE_TIMELINE);
  g_type_ensure (CA_TYPE_EVENT_PAGE);
  g_type_ensure (CA_TYPE_PROJECT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-calendar-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, narrow_breakpoint);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, split_view);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, content_page);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, filters_button);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, filter_summary);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, starred_button);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, month_stack);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, month_grid);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, agenda);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, projects_stack);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, timeline);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, projects_status);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, page_pane);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, page_header);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, page_separator);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, back_button);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, page_title);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, page_stack);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, clear_filters);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, split_changed);

  gtk_widget_class_install_action (widget_class, "calendar.show-event", "(ss)", show_action);
  gtk_widget_class_install_action (widget_class, "calendar.show-project", "(ss)", show_action);
  _ca_calendar_view_class_actions_init (widget_class);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Page_Up, 0, page_key, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Page_Down, 0, page_key, "i", 1);
}

static void
ca_calendar_view_init (CaCalendarView *self)
{
  ensure_style (GTK_WIDGET (self));
  gtk_widget_init_template (GTK_WIDGET (self));

  self->all_events = g_ptr_array_new_with_free_func (g_object_unref);
  self->event_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->clusters = g_ptr_array_new_with_free_func (g_object_unref);
  self->projects = g_ptr_array_new_with_free_func (g_object_unref);
  self->programmes = g_ptr_array_new_with_free_func (g_free);
  self->cluster_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->history = g_ptr_array_new_with_free_func (g_free);

  /* Tooltips given when GTK asks for them (ca-tooltip.h); each set in the template
   * asked the X server twice where the pointer was as the view was made */
  ca_tooltip_set_text (GTK_WIDGET (self->starred_button),
                       _("Starred only: show the events in My Schedule"));
  ca_tooltip_set_text (GTK_WIDGET (self->filters_button),
                       _("Filter by cluster, event kind and programme"));
  ca_tooltip_set_text (GTK_WIDGET (self->back_button), _("Back"));
  gtk_menu_button_set_create_popup_func (self->filters_button, create_filters, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filters_button),
                                  GTK_ACCESSIBLE_PROPERTY_HAS_POPUP, TRUE,
                                  -1);

  update_filter_models (self);
  update_filter (self);
  update_back_button (self);
  refilter (self);
}

void
ca_calendar_view_set_store (CaCalendarView *self,
                            CaStore        *store)
{
  g_return_if_fail (CA_IS_CALENDAR_VIEW (self));
  g_return_if_fail (store == NULL || CA_IS_STORE (store));

  g_set_object (&self->store, store);
  if (self->event_page != NULL)
    ca_event_page_set_store (self->event_page, store);
  if (self->project_page != NULL)
    ca_project_page_set_store (self->project_page, store);
  ca_calendar_view_reload (self);
}

void
ca_calendar_view_reload (CaCalendarView *self)
{
  g_return_if_fail (CA_IS_CALENDAR_VIEW (self));

  stop_fill (self);
  self->loaded = FALSE;
  self->load_serial++;   /* a read under way read the old data */
  self->reading = FALSE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_loading (self);
}

gboolean
ca_calendar_view_show_event (CaCalendarView *self,
                             const char     *feed,
                             const char     *id)
{
  g_return_val_if_fail (CA_IS_CALENDAR_VIEW (self), FALSE);
  g_return_val_if_fail (feed != NULL && id != NULL, FALSE);

  return open_page (self, 'e', feed, id, focus_in_page (self) ? OPEN_PUSH : OPEN_RESET);
}

gboolean
ca_calendar_view_show_project (CaCalendarView *self,
                               const char     *feed,
                               const char     *id)
{
  g_return_val_if_fail (CA_IS_CALENDAR_VIEW (self), FALSE);
  g_return_val_if_fail (feed != NULL && id != NULL, FALSE);

  return open_page (self, 'p', feed, id, focus_in_page (self) ? OPEN_PUSH : OPEN_RESET);
}

void
ca_calendar_view_set_starred_only (CaCalendarView *self,
                                   gboolean        starred_only)
{
  g_return_if_fail (CA_IS_CALENDAR_VIEW (self));

  _ca_calendar_view_ensure_loaded (self);
  gtk_toggle_button_set_active (self->starred_button, starred_only);
}

void
ca_calendar_view_set_show_past (CaCalendarView *self,
                                gboolean        show_past)
{
  g_return_if_fail (CA_IS_CALENDAR_VIEW (self));

  _ca_calendar_view_ensure_loaded (self);
  ca_agenda_set_show_past (self->agenda, show_past);
  ca_agenda_finish (self->agenda);
}

GListModel *
ca_calendar_view_get_events (CaCalendarView *self)
{
  g_return_val_if_fail (CA_IS_CALENDAR_VIEW (self), NULL);

  _ca_calendar_view_ensure_loaded (self);
  return ca_agenda_get_events (self->agenda);
}

void
ca_calendar_view_set_visible_view (CaCalendarView *self,
                                   const char     *name)
{
  g_return_if_fail (CA_IS_CALENDAR_VIEW (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

const char *
ca_calendar_view_get_visible_view (CaCalendarView *self)
{
  g_return_val_if_fail (CA_IS_CALENDAR_VIEW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

void
ca_calendar_view_show_month (CaCalendarView *self,
                             int             year,
                             int             month)
{
  g_return_if_fail (CA_IS_CALENDAR_VIEW (self));
  g_return_if_fail (month >= 1 && month <= 12);

  _ca_calendar_view_ensure_loaded (self);
  self->month_chosen = TRUE;
  ca_month_grid_set_month (self->month_grid, year, month);
  adw_view_stack_set_visible_child_name (self->view_stack, "month");
}

/* {{{ CaView: the window gives the store and asks for a reload through it */

static void
ca_calendar_view_view_set_store (CaView  *view,
                                  CaStore *store)
{
  ca_calendar_view_set_store (CA_CALENDAR_VIEW (view), store);
}

static void
ca_calendar_view_view_reload (CaView *view)
{
  ca_calendar_view_reload (CA_CALENDAR_VIEW (view));
}

static void
ca_calendar_view_view_init (CaViewInterface *iface)
{
  iface->set_store = ca_calendar_view_view_set_store;
  iface->reload = ca_calendar_view_view_reload;
}

/* }}} */

void
ca_calendar_view_clear_mark (CaCalendarView *self,
                             const char     *feed,
                             const char     *id)
{
  g_autofree char *key = NULL;
  CaEvent *event;

  g_return_if_fail (CA_IS_CALENDAR_VIEW (self));
  g_return_if_fail (feed != NULL && id != NULL);

  key = record_key (feed, id);
  if ((event = g_hash_table_lookup (self->event_index, key)) == NULL ||
      event->mark == CA_CHANGE_MARK_NONE)
    return;
  event->mark = CA_CHANGE_MARK_NONE;
  ca_agenda_set_mark (self->agenda, feed, id, CA_CHANGE_MARK_NONE);
  ca_month_grid_refresh (self->month_grid);
}

void
ca_calendar_view_clear_marks (CaCalendarView *self)
{
  g_return_if_fail (CA_IS_CALENDAR_VIEW (self));

  for (guint i = 0; i < self->all_events->len; i++)
    ((CaEvent *) self->all_events->pdata[i])->mark = CA_CHANGE_MARK_NONE;
  ca_agenda_set_mark (self->agenda, NULL, NULL, CA_CHANGE_MARK_NONE);
  ca_month_grid_refresh (self->month_grid);
}
