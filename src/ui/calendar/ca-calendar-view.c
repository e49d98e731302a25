/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-calendar-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-agenda-item.h"
#include "ca-calendar-view.h"
#include "ca-view.h"
#include "ca-event-page.h"
#include "ca-format.h"
#include "ca-gradual-list.h"
#include "ca-month-grid.h"
#include "ca-print-dialog.h"
#include "ca-schedule-print.h"
#include "ca-project-page.h"
#include "ca-text.h"
#include "ca-timeline.h"
#include "ca-tooltip.h"

struct _CaCalendarView
{
  AdwBin             parent_instance;

  CaStore           *store;
  gboolean           loaded;
  gboolean           month_chosen;
  gboolean           updating;       /* filter models being rebuilt */
  gboolean           status_clears;  /* the agenda's status button clears the filters */
  guint              load_serial;    /* of the latest read of the store */
  gboolean           reading;        /* a read runs on a worker thread */
  gboolean           disposed;

  GPtrArray         *all_events;     /* CaEvent by start: every event of the store */
  GPtrArray         *clusters;       /* CaCluster, in the order of the cluster filter */
  GPtrArray         *projects;       /* CaProject by start */
  GPtrArray         *programmes;     /* char *, in the order of the programme filter */
  GHashTable        *project_index;  /* "feed\x1fid" → CaProject */
  GHashTable        *cluster_names;  /* "feed\x1fid" → display name */
  GHashTable        *starred;        /* "feed\x1fid" of starred events */

  /* Filling in after a read in the background: one part per main-loop turn */
  guint              fill_source;
  guint              fill_step;
  GPtrArray         *fill_matching;  /* CaEvent, the events that pass the filters */
  GPtrArray         *fill_upcoming;  /* of those, the ones not over */
  GPtrArray         *fill_past;      /* and the ones over */

  GListStore        *events;         /* CaEvent the agenda lists */
  GListStore        *agenda;         /* CaAgendaItem */

  GPtrArray         *history;        /* "e|p\x1ffeed\x1fid" of pages to go back to */
  char              *current;

  /* template children */
  AdwLeaflet        *leaflet;
  GtkMenuButton     *filters_button;
  GtkRevealer       *filter_revealer;
  GtkLabel          *filter_summary;
  GtkDropDown       *cluster_dropdown;
  GtkDropDown       *kind_dropdown;
  GtkDropDown       *programme_dropdown;
  GtkToggleButton   *starred_button;
  GtkStack          *view_stack;
  GtkStack          *month_stack;
  CaMonthGrid       *month_grid;
  GtkWidget         *agenda_bar;
  GtkLabel          *agenda_count;
  GtkToggleButton   *past_button;
  GtkStack          *agenda_stack;
  GtkListView       *agenda_list;
  AdwStatusPage     *agenda_status;
  GtkButton         *agenda_status_button;
  GtkStack          *projects_stack;
  CaTimeline        *timeline;
  AdwStatusPage     *projects_status;
  GtkWidget         *page_header;
  GtkWidget         *page_separator;
  GtkButton         *back_button;
  GtkLabel          *page_title;
  GtkStack          *page_stack;
  CaEventPage       *event_page;     /* NULL until an event is first opened */
  CaProjectPage     *project_page;   /* NULL until a project is first opened */
};

static void ca_calendar_view_view_init (CaViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CaCalendarView, ca_calendar_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CA_TYPE_VIEW, ca_calendar_view_view_init))

typedef enum {
  OPEN_RESET,     /* from the calendar: a new history */
  OPEN_PUSH,      /* from a page: back returns to it */
  OPEN_BACK,      /* going back */
} OpenMode;

static void refilter (CaCalendarView *self);
static void start_fill (CaCalendarView *self);

/* Adwaita gives switcher buttons 100 px at least: too wide for a 360 px window. */
static const char style[] =
  "stackswitcher.ca-calendar-switcher > button { min-width: 0; padding-left: 8px;"
  "  padding-right: 8px; }"
  "listview.ca-agenda { background-color: transparent; }";

static void
ensure_style (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), "ca-calendar-style") != NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, style, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "ca-calendar-style",
                          g_steal_pointer (&provider), g_object_unref);
}

static char *
record_key (const char *feed,
            const char *id)
{
  return g_strconcat (feed, "\x1f", id, NULL);
}

static gboolean
is_starred (CaCalendarView *self,
            CaEvent        *event)
{
  g_autofree char *key = record_key (event->feed, event->id);

  return g_hash_table_contains (self->starred, key);
}

/* Filter drop-downs: long names (programmes) ellipsize; plain text, never markup. */
static void
dropdown_setup (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 22);
  gtk_list_item_set_child (item, label);
}

static void
dropdown_bind (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (label), text);
  ca_tooltip_set_text (label, text);
}

/* The strings of a filter, under the gradual slice set_filter_strings() puts them in */
static GtkStringList *
filter_strings (GtkDropDown *dropdown)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  if (GTK_IS_SLICE_LIST_MODEL (model))
    model = gtk_slice_list_model_get_model (GTK_SLICE_LIST_MODEL (model));
  return model != NULL ? GTK_STRING_LIST (model) : NULL;
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
    g_ptr_array_add (strings, g_strdup (self->programmes->pdata[i]));
  g_ptr_array_add (strings, NULL);
  set_filter_strings (self, self->programme_dropdown, (const char **) strings->pdata);

  self->updating = FALSE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static void
choose_month (CaCalendarView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now);
  int month = g_date_time_get_month (now);
  GDate date;
  guint32 today, month_first, month_last;
  CaEvent *next = NULL, *last_past = NULL;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (now), month, year);
  today = g_date_get_julian (&date);
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

/* What the view reads from the store; built on any thread */
typedef struct {
  GPtrArray *events;          /* CaEvent */
  GPtrArray *clusters;        /* CaCluster */
  GPtrArray *cluster_names;   /* char *, display names of clusters */
  GPtrArray *projects;        /* CaProject */
  char      *error;
} Snapshot;

static void
snapshot_free (Snapshot *snap)
{
  g_clear_pointer (&snap->events, g_ptr_array_unref);
  g_clear_pointer (&snap->clusters, g_ptr_array_unref);
  g_clear_pointer (&snap->cluster_names, g_ptr_array_unref);
  g_clear_pointer (&snap->projects, g_ptr_array_unref);
  g_free (snap->error);
  g_free (snap);
}

static Snapshot *
snapshot_read (CaStore *store)
{
  Snapshot *snap = g_new0 (Snapshot, 1);
  CaEventQuery query = CA_EVENT_QUERY_INIT;
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return snap;
  if ((snap->events = ca_store_list_events (store, &query, &error)) != NULL &&
      (snap->clusters = ca_store_list_clusters (store, &error)) != NULL)
    snap->projects = ca_store_list_projects (store, NULL, NULL, &error);
  if (error != NULL)
    snap->error = g_strdup (error->message);

  snap->cluster_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; snap->clusters != NULL && i < snap->clusters->len; i++)
    g_ptr_array_add (snap->cluster_names,
                     ca_text_display (((CaCluster *) snap->clusters->pdata[i])->name));
  return snap;
}

static void
snapshot_apply (CaCalendarView *self,
                Snapshot       *snap,
                gboolean        gradually)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  self->loaded = TRUE;
  if (snap->error != NULL)
    g_warning ("Could not read the calendar: %s", snap->error);

  g_ptr_array_set_size (self->all_events, 0);
  g_ptr_array_set_size (self->clusters, 0);
  g_ptr_array_set_size (self->projects, 0);
  g_ptr_array_set_size (self->programmes, 0);
  g_hash_table_remove_all (self->project_index);
  g_hash_table_remove_all (self->cluster_names);
  g_hash_table_remove_all (self->starred);

  for (guint i = 0; snap->events != NULL && i < snap->events->len; i++)
    {
      CaEvent *event = snap->events->pdata[i];
      g_ptr_array_add (self->all_events, g_object_ref (event));
      if (event->starred)
        g_hash_table_add (self->starred, record_key (event->feed, event->id));
    }
  for (guint i = 0; snap->clusters != NULL && i < snap->clusters->len; i++)
    {
      CaCluster *cluster = snap->clusters->pdata[i];
      g_ptr_array_add (self->clusters, g_object_ref (cluster));
      g_hash_table_insert (self->cluster_names, record_key (cluster->feed, cluster->id),
                           g_strdup (snap->cluster_names->pdata[i]));
    }
  for (guint i = 0; snap->projects != NULL && i < snap->projects->len; i++)
    {
      CaProject *project = snap->projects->pdata[i];
      g_ptr_array_add (self->projects, g_object_ref (project));
      g_hash_table_insert (self->project_index, record_key (project->feed, project->id),
                           project);
      if (project->programme != NULL && !g_hash_table_contains (seen, project->programme))
        {
          g_hash_table_add (seen, project->programme);
          g_ptr_array_add (self->programmes, g_strdup (project->programme));
        }
    }
  g_ptr_array_sort (self->programmes, compare_names);

  update_filter_models (self);
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

/* For the API: read the store now, if it was not yet, and finish filling in */
static void
ensure_loaded (CaCalendarView *self)
{
  Snapshot *snap;

  if (self->fill_source != 0)
    refilter (self);
  if (self->loaded)
    return;
  self->load_serial++;   /* a read under way is outdated */
  self->reading = FALSE;
  snap = snapshot_read (self->store);
  snapshot_apply (self, snap, FALSE);
  snapshot_free (snap);
}

/* }}} */

static gboolean
event_matches (CaCalendarView *self,
               CaEvent        *event)
{
  guint cluster = gtk_drop_down_get_selected (self->cluster_dropdown);
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint programme = gtk_drop_down_get_selected (self->programme_dropdown);

  if (cluster != GTK_INVALID_LIST_POSITION && cluster > 0 && cluster <= self->clusters->len)
    {
      CaCluster *c = self->clusters->pdata[cluster - 1];
      if (g_strcmp0 (event->feed, c->feed) != 0 || event->clusters == NULL ||
          !g_strv_contains ((const char * const *) event->clusters, c->id))
        return FALSE;
    }
  if (kind != GTK_INVALID_LIST_POSITION && kind > 0 && (int) event->kind != (int) kind - 1)
    return FALSE;
  if (programme != GTK_INVALID_LIST_POSITION && programme > 0 &&
      programme <= self->programmes->len)
    {
      g_autofree char *key = NULL;
      CaProject *project = NULL;

      if (event->project != NULL)
        {
          key = record_key (event->feed, event->project);
          project = g_hash_table_lookup (self->project_index, key);
        }
      if (project == NULL ||
          g_strcmp0 (project->programme, self->programmes->pdata[programme - 1]) != 0)
        return FALSE;
    }
  if (gtk_toggle_button_get_active (self->starred_button) && !is_starred (self, event))
    return FALSE;
  return TRUE;
}

static gboolean
project_matches (CaCalendarView *self,
                 CaProject      *project)
{
  guint cluster = gtk_drop_down_get_selected (self->cluster_dropdown);
  guint programme = gtk_drop_down_get_selected (self->programme_dropdown);

  if (cluster != GTK_INVALID_LIST_POSITION && cluster > 0 && cluster <= self->clusters->len)
    {
      CaCluster *c = self->clusters->pdata[cluster - 1];
      if (g_strcmp0 (project->feed, c->feed) != 0 || project->clusters == NULL ||
          !g_strv_contains ((const char * const *) project->clusters, c->id))
        return FALSE;
    }
  if (programme != GTK_INVALID_LIST_POSITION && programme > 0 &&
      programme <= self->programmes->len &&
      g_strcmp0 (project->programme, self->programmes->pdata[programme - 1]) != 0)
    return FALSE;
  return TRUE;
}

/* The agenda heading of the day an event starts on ("26 March 2019"), or of its
 * month or year when the feed gave no day */
static char *
day_heading (CaEvent *event,
             guint32  first,
             guint32  last,
             gboolean dated)
{
  g_autoptr(GDateTime) day = NULL;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, first);
  day = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date),
                             g_date_get_day (&date), 12, 0, 0);
  if (!dated)
    {
      if (g_date_get_month (&date) == G_DATE_JANUARY && last - first >= 364)
        return g_date_time_format (day, "%Y");
      /* TRANSLATORS: a month of a year, strftime format: "March 2019". %OB is the
       * month's name in the nominative where the language has one. */
      return g_date_time_format (day, _("%OB %Y"));
    }
  return g_strstrip (ca_format_day (day));
}

static void
add_agenda_events (CaCalendarView *self,
                   GPtrArray      *items,
                   GPtrArray      *listed,
                   GPtrArray      *events,
                   gboolean        reverse)
{
  g_autofree char *last_heading = NULL;
  guint32 last_first = 0, last_last = 0;
  gboolean last_dated = FALSE;

  for (guint n = 0; n < events->len; n++)
    {
      CaEvent *event = events->pdata[reverse ? events->len - 1 - n : n];
      guint32 first, last;
      gboolean dated = ca_event_get_days (event, &first, &last);

      /* A heading where the day changes (formatting one per event is slow) */
      if (n == 0 || first != last_first || dated != last_dated || (!dated && last != last_last))
        {
          g_autofree char *heading = day_heading (event, first, last, dated);

          if (g_strcmp0 (heading, last_heading) != 0)
            {
              g_ptr_array_add (items, ca_agenda_item_new_heading (CA_AGENDA_ITEM_HEADING,
                                                                  heading));
              g_free (last_heading);
              last_heading = g_steal_pointer (&heading);
            }
          last_first = first;
          last_last = last;
          last_dated = dated;
        }
      g_ptr_array_add (items, ca_agenda_item_new_event (event));
      g_ptr_array_add (listed, g_object_ref (event));
    }
}

static void
update_agenda_status (CaCalendarView *self,
                      guint           n_matching,
                      guint           n_upcoming,
                      guint           n_listed)
{
  gboolean show_past = gtk_toggle_button_get_active (self->past_button);
  g_autofree char *count = NULL;

  if (!self->loaded)
    ;   /* not read yet: an empty list, not "No Events" */
  else if (self->all_events->len == 0)
    {
      adw_status_page_set_title (self->agenda_status, _("No Events"));
      adw_status_page_set_description (self->agenda_status,
                                       _("The offline data holds no events. Add a cluster feed that lists events."));
      gtk_widget_set_visible (GTK_WIDGET (self->agenda_status_button), FALSE);
    }
  else if (n_matching == 0)
    {
      adw_status_page_set_title (self->agenda_status, _("No Matching Events"));
      adw_status_page_set_description (self->agenda_status,
                                       _("No event matches the filters. Choose other filters, or clear them."));
      gtk_button_set_label (self->agenda_status_button, _("_Clear Filters"));
      gtk_widget_set_visible (GTK_WIDGET (self->agenda_status_button), TRUE);
      self->status_clears = TRUE;
    }
  else if (n_upcoming == 0 && !show_past)
    {
      adw_status_page_set_title (self->agenda_status, _("No Upcoming Events"));
      adw_status_page_set_description (self->agenda_status,
                                       _("Every event in the offline data is in the past."));
      gtk_button_set_label (self->agenda_status_button, _("Show _Past Events"));
      gtk_widget_set_visible (GTK_WIDGET (self->agenda_status_button), TRUE);
      self->status_clears = FALSE;
    }
  gtk_button_set_use_underline (self->agenda_status_button, TRUE);
  {
    /* GTK 4.8 would read out the mnemonic's underscore in the button's name */
    const char *label = gtk_button_get_label (self->agenda_status_button);
    g_auto(GStrv) parts = g_strsplit (label != NULL ? label : "", "_", -1);
    g_autofree char *spoken = g_strjoinv ("", parts);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->agenda_status_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  }
  gtk_stack_set_visible_child_name (self->agenda_stack,
                                    n_listed > 0 || !self->loaded ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->month_stack,
                                    self->all_events->len > 0 || !self->loaded
                                    ? "grid" : "empty");

  if (n_listed > 0)
    {
      if (show_past)
        /* TRANSLATORS: above the agenda, with past events shown */
        count = g_strdup_printf (ngettext ("%u event", "%u events", n_listed), n_listed);
      else
        /* TRANSLATORS: above the agenda */
        count = g_strdup_printf (ngettext ("%u upcoming event", "%u upcoming events", n_listed),
                                 n_listed);
    }
  gtk_label_set_text (self->agenda_count, count != NULL ? count : "");
  /* With nothing listed, the status page's own button does what the bar would */
  gtk_widget_set_visible (self->agenda_bar, self->loaded && (n_listed > 0 || show_past));
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
      guint selected = gtk_drop_down_get_selected (dropdowns[i]);
      GtkStringList *strings = filter_strings (dropdowns[i]);

      if (selected == GTK_INVALID_LIST_POSITION || selected == 0 || strings == NULL)
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
  ca_tooltip_set_text (GTK_WIDGET (self->filter_summary), text);
  gtk_revealer_set_reveal_child (self->filter_revealer, n > 0);
}

/* The events that pass the filters, and of those the ones not over and the ones over */
static void
match_events (CaCalendarView  *self,
              GPtrArray      **matching,
              GPtrArray      **upcoming,
              GPtrArray      **past)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate date;
  guint32 today;

  *matching = g_ptr_array_new_with_free_func (g_object_unref);
  *upcoming = g_ptr_array_new ();
  *past = g_ptr_array_new ();
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  today = g_date_get_julian (&date);

  for (guint i = 0; i < self->all_events->len; i++)
    {
      CaEvent *event = self->all_events->pdata[i];
      guint32 first, last;

      if (!event_matches (self, event))
        continue;
      g_ptr_array_add (*matching, g_object_ref (event));
      ca_event_get_days (event, &first, &last);
      g_ptr_array_add (last >= today ? *upcoming : *past, event);
    }
}

static void
fill_agenda (CaCalendarView *self,
             GPtrArray      *matching,
             GPtrArray      *upcoming,
             GPtrArray      *past)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean show_past = gtk_toggle_button_get_active (self->past_button);

  add_agenda_events (self, items, listed, upcoming, FALSE);
  if (show_past && past->len > 0)
    {
      if (upcoming->len > 0)
        /* TRANSLATORS: the agenda's heading above the events that are over */
        g_ptr_array_add (items, ca_agenda_item_new_heading (CA_AGENDA_ITEM_SECTION,
                                                            _("Past Events")));
      /* The most recent first */
      add_agenda_events (self, items, listed, past, TRUE);
    }
  /* A new model for the list, rather than a splice into the shown one: the list
   * view would sort out thousands of changed rows one by one. */
  {
    GListStore *agenda = g_list_store_new (CA_TYPE_AGENDA_ITEM);
    GtkNoSelection *selection;

    g_list_store_splice (agenda, 0, 0, items->pdata, items->len);
    g_set_object (&self->agenda, agenda);
    /* A screenful of rows first (ca-gradual-list.h) */
    selection = gtk_no_selection_new (G_LIST_MODEL (ca_gradual_list_new (G_LIST_MODEL (agenda))));
    gtk_list_view_set_model (self->agenda_list, GTK_SELECTION_MODEL (selection));
    g_object_unref (selection);
  }
  g_list_store_splice (self->events, 0, g_list_model_get_n_items (G_LIST_MODEL (self->events)),
                       listed->pdata, listed->len);
  update_agenda_status (self, matching->len, upcoming->len, listed->len);
}

static void
fill_projects (CaCalendarView *self)
{
  g_autoptr(GPtrArray) projects = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->projects->len; i++)
    if (project_matches (self, self->projects->pdata[i]))
      g_ptr_array_add (projects, g_object_ref (self->projects->pdata[i]));
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
  g_clear_pointer (&self->fill_upcoming, g_ptr_array_unref);
  g_clear_pointer (&self->fill_past, g_ptr_array_unref);
}

/* The month grid, the agenda and the timeline each take tens of milliseconds to
 * fill with a large store: after a read in the background they fill one per
 * main-loop turn, with a frame between, so that the loop is never held for all */
static gboolean
fill_next (gpointer user_data)
{
  CaCalendarView *self = user_data;

  switch (self->fill_step++)
    {
    case 0:
      match_events (self, &self->fill_matching, &self->fill_upcoming, &self->fill_past);
      ca_month_grid_set_events (self->month_grid, self->fill_matching);
      return G_SOURCE_CONTINUE;
    case 1:
      fill_agenda (self, self->fill_matching, self->fill_upcoming, self->fill_past);
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
  g_autoptr(GPtrArray) upcoming = NULL;
  g_autoptr(GPtrArray) past = NULL;

  stop_fill (self);
  match_events (self, &matching, &upcoming, &past);
  ca_month_grid_set_events (self->month_grid, matching);
  fill_agenda (self, matching, upcoming, past);
  fill_projects (self);
  update_filter_summary (self);
}

static void
filters_changed (CaCalendarView *self)
{
  if (self->updating || !self->loaded)
    return;
  refilter (self);
}

static void
clear_filters (CaCalendarView *self)
{
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->cluster_dropdown, 0);
  gtk_drop_down_set_selected (self->kind_dropdown, 0);
  gtk_drop_down_set_selected (self->programme_dropdown, 0);
  gtk_toggle_button_set_active (self->starred_button, FALSE);
  self->updating = FALSE;
  refilter (self);
}

static void
agenda_status_clicked (CaCalendarView *self)
{
  if (self->status_clears)
    clear_filters (self);
  else
    gtk_toggle_button_set_active (self->past_button, TRUE);
}

/* Agenda rows: a heading, or an event (title; when · kind; place; a star) */
static void
agenda_setup (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *heading = gtk_label_new (NULL);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *when = gtk_label_new (NULL);
  GtkWidget *place = gtk_label_new (NULL);
  GtkWidget *star = gtk_image_new_from_icon_name ("starred-symbolic");

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_set_margin_top (heading, 6);
  gtk_widget_add_css_class (heading, "heading");

  for (GtkWidget *label = title; label != NULL;
       label = label == title ? when : label == when ? place : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_box_append (GTK_BOX (text), label);
    }
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (when, "dim-label");
  gtk_widget_add_css_class (place, "dim-label");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_margin_start (row, 12);

  gtk_widget_set_valign (star, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (star, "accent");
  /* TRANSLATORS: accessible name of the star shown on a starred event in the agenda */
  gtk_accessible_update_property (GTK_ACCESSIBLE (star),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Starred"),
                                  -1);
  ca_tooltip_set_text (star, _("In My Schedule"));

  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), star);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), row);
  gtk_list_item_set_child (item, box);
}

static void
agenda_bind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CaCalendarView           *self)
{
  CaAgendaItem *entry = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *heading = gtk_widget_get_first_child (box);
  GtkWidget *row = gtk_widget_get_next_sibling (heading);
  GtkWidget *text = gtk_widget_get_first_child (row);
  GtkWidget *star = gtk_widget_get_next_sibling (text);
  GtkWidget *title = gtk_widget_get_first_child (text);
  GtkWidget *when = gtk_widget_get_next_sibling (title);
  GtkWidget *place = gtk_widget_get_next_sibling (when);
  CaAgendaItemKind kind = ca_agenda_item_get_kind (entry);
  CaEvent *event;

  gtk_list_item_set_activatable (item, kind == CA_AGENDA_ITEM_EVENT);
  gtk_list_item_set_selectable (item, FALSE);
  gtk_widget_set_visible (heading, kind != CA_AGENDA_ITEM_EVENT);
  gtk_widget_set_visible (row, kind == CA_AGENDA_ITEM_EVENT);

  if (kind != CA_AGENDA_ITEM_EVENT)
    {
      gtk_label_set_text (GTK_LABEL (heading), ca_agenda_item_get_heading (entry));
      if (kind == CA_AGENDA_ITEM_SECTION)
        {
          gtk_widget_add_css_class (heading, "title-3");
          gtk_widget_remove_css_class (heading, "heading");
        }
      else
        {
          gtk_widget_add_css_class (heading, "heading");
          gtk_widget_remove_css_class (heading, "title-3");
        }
      return;
    }

  event = ca_agenda_item_get_event (entry);
  {
    g_autofree char *title_text = ca_text_display (event->title);
    g_autofree char *when_text = ca_format_event_when (event, NULL);
    g_autofree char *line = NULL;
    g_autofree char *venue = ca_text_display (event->venue);
    g_autofree char *city = ca_text_display (event->city);
    g_autoptr(GString) where = g_string_new (NULL);

    /* TRANSLATORS: an event's time and kind in the agenda, "26 March 2019 · Conference" */
    line = g_strdup_printf (_("%s · %s"), when_text, ca_format_event_kind (event->kind));
    if (venue != NULL && *venue != '\0')
      g_string_append (where, venue);
    else if (event->online == 1)
      /* TRANSLATORS: where an event happens when it has no venue */
      g_string_append (where, _("Online"));
    if (city != NULL && *city != '\0')
      g_string_append_printf (where, "%s%s", where->len > 0 ? ", " : "", city);

    gtk_label_set_text (GTK_LABEL (title), title_text);
    gtk_label_set_text (GTK_LABEL (when), line);
    gtk_label_set_text (GTK_LABEL (place), where->str);
    gtk_widget_set_visible (place, where->len > 0);
    gtk_widget_set_visible (star, is_starred (self, event));
  }
}

static gboolean
focus_in_page (CaCalendarView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *pane = gtk_widget_get_ancestor (GTK_WIDGET (self->page_stack), GTK_TYPE_BOX);

  return focus != NULL && pane != NULL && gtk_widget_is_ancestor (focus, pane);
}

static void
update_back_button (CaCalendarView *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);
  gboolean empty = self->current == NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), folded || self->history->len > 0);
  /* Nothing to title while nothing is shown */
  gtk_widget_set_visible (self->page_header, !empty || folded);
  gtk_widget_set_visible (self->page_separator, !empty || folded);
}

static void event_starred_changed (CaCalendarView *self, gboolean starred);

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
  char *key;

  g_return_val_if_fail (feed != NULL && id != NULL, FALSE);

  ensure_loaded (self);
  if (self->store == NULL)
    return FALSE;

  if (kind == 'e')
    {
      g_autoptr(CaEvent) event = ca_store_get_event (self->store, feed, id, &error);

      if (event == NULL)
        {
          g_debug ("No event %s in %s: %s", id, feed, error->message);
          return FALSE;
        }
      ca_event_page_set_event (ensure_event_page (self), event);
      gtk_stack_set_visible_child_name (self->page_stack, "event");
      /* The month grid beside the page shows the event's month */
      {
        guint32 first, last;
        GDate date;

        /* FALSE for a month or a year without a day: first is still in it */
        ca_event_get_days (event, &first, &last);
        g_date_clear (&date, 1);
        g_date_set_julian (&date, first);
        ca_month_grid_set_month (self->month_grid, g_date_get_year (&date),
                                 g_date_get_month (&date));
        self->month_chosen = TRUE;
      }
      /* TRANSLATORS: the title above an event's page */
      gtk_label_set_text (self->page_title, _("Event"));
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
      gtk_label_set_text (self->page_title, _("Project"));
    }

  key = g_strdup_printf ("%c\x1f%s\x1f%s", kind, feed, id);
  if (mode == OPEN_RESET)
    g_ptr_array_set_size (self->history, 0);
  if (mode == OPEN_PUSH && self->current != NULL && g_strcmp0 (self->current, key) != 0)
    g_ptr_array_add (self->history, g_steal_pointer (&self->current));
  g_free (self->current);
  self->current = key;

  adw_leaflet_set_visible_child_name (self->leaflet, "page");
  update_back_button (self);
  if (adw_leaflet_get_folded (self->leaflet))
    gtk_widget_grab_focus (GTK_WIDGET (self->back_button));
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
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
leaflet_changed (CaCalendarView *self)
{
  /* Back at the calendar on a narrow window: the pages' history ends there. */
  if (adw_leaflet_get_folded (self->leaflet) &&
      g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "content") == 0)
    g_ptr_array_set_size (self->history, 0);
  update_back_button (self);
}

static void
agenda_activate (CaCalendarView *self,
                 guint           position)
{
  g_autoptr(CaAgendaItem) item = g_list_model_get_item (G_LIST_MODEL (self->agenda), position);
  CaEvent *event;

  if (item == NULL || (event = ca_agenda_item_get_event (item)) == NULL)
    return;
  open_page (self, 'e', event->feed, event->id, OPEN_RESET);
}

static void
event_starred_changed (CaCalendarView *self,
                       gboolean        starred)
{
  CaEvent *event = self->event_page != NULL ? ca_event_page_get_event (self->event_page)
                                            : NULL;

  if (event == NULL)
    return;
  if (starred)
    g_hash_table_add (self->starred, record_key (event->feed, event->id));
  else
    {
      g_autofree char *key = record_key (event->feed, event->id);
      g_hash_table_remove (self->starred, key);
    }
  refilter (self);
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

static gboolean
page_key (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  CaCalendarView *self = CA_CALENDAR_VIEW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "month") != 0 ||
      g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "content") != 0)
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self->month_grid),
                                     g_variant_get_int32 (args) < 0 ? "month.previous"
                                                                    : "month.next",
                                     NULL);
}

/* {{{ Printing and exporting what the filters let through */

static GPtrArray *
filtered_events (CaCalendarView *self)
{
  GPtrArray *events = g_ptr_array_new_with_free_func (g_object_unref);

  ensure_loaded (self);
  for (guint i = 0; i < self->all_events->len; i++)
    if (event_matches (self, self->all_events->pdata[i]))
      g_ptr_array_add (events, g_object_ref (self->all_events->pdata[i]));
  return events;
}

/* The cluster filter's name, or NULL */
static const char *
filter_cluster_name (CaCalendarView *self)
{
  guint cluster = gtk_drop_down_get_selected (self->cluster_dropdown);
  GListModel *model = gtk_drop_down_get_model (self->cluster_dropdown);

  if (cluster == GTK_INVALID_LIST_POSITION || cluster == 0 || model == NULL)
    return NULL;
  return gtk_string_list_get_string (GTK_STRING_LIST (model), cluster);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CaCalendarView *self = CA_CALENDAR_VIEW (widget);
  g_autoptr(GPtrArray) events = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  CaPrintDialog *dialog;

  /* The shortcut reaches the view from anywhere in the window: only while it shows */
  if (!gtk_widget_get_mapped (widget))
    return;
  gtk_menu_button_popdown (self->filters_button);
  events = filtered_events (self);
  dialog = ca_print_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                self->store, events, filter_cluster_name (self),
                                gtk_label_get_text (self->filter_summary),
                                ca_month_grid_get_year (self->month_grid),
                                ca_month_grid_get_month (self->month_grid));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CaCalendarView *self = CA_CALENDAR_VIEW (widget);
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *name = NULL;
  const char *cluster;

  if (!gtk_widget_get_mapped (widget))
    return;
  gtk_menu_button_popdown (self->filters_button);
  events = filtered_events (self);
  cluster = filter_cluster_name (self);
  /* TRANSLATORS: the file name "Export…" suggests, without ".ics" */
  name = ca_schedule_ics_file_name (cluster != NULL ? cluster : _("Events"));
  ca_schedule_save_ics (widget, events, name);
}

/* }}} */

static void
ca_calendar_view_map (GtkWidget *widget)
{
  CaCalendarView *self = CA_CALENDAR_VIEW (widget);

  GTK_WIDGET_CLASS (ca_calendar_view_parent_class)->map (widget);

  /* Read the store once the view is shown, off the main thread. */
  if (!self->loaded)
    start_loading (self);
}

static void
ca_calendar_view_dispose (GObject *object)
{
  CaCalendarView *self = (CaCalendarView *) object;

  self->disposed = TRUE;
  stop_fill (self);
  /* AdwBin unparents its child itself: let it go before the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_CALENDAR_VIEW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ca_calendar_view_parent_class)->dispose (object);
}

static void
ca_calendar_view_finalize (GObject *object)
{
  CaCalendarView *self = (CaCalendarView *) object;

  g_clear_pointer (&self->all_events, g_ptr_array_unref);
  g_clear_pointer (&self->clusters, g_ptr_array_unref);
  g_clear_pointer (&self->projects, g_ptr_array_unref);
  g_clear_pointer (&self->programmes, g_ptr_array_unref);
  g_clear_pointer (&self->project_index, g_hash_table_unref);
  g_clear_pointer (&self->cluster_names, g_hash_table_unref);
  g_clear_pointer (&self->starred, g_hash_table_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->current, g_free);
  g_clear_object (&self->events);
  g_clear_object (&self->agenda);

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

  g_type_ensure (CA_TYPE_MONTH_GRID);
  g_type_ensure (CA_TYPE_TIMELINE);
  g_type_ensure (CA_TYPE_EVENT_PAGE);
  g_type_ensure (CA_TYPE_PROJECT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-calendar-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, filters_button);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, filter_summary);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, cluster_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, programme_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, starred_button);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, month_stack);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, month_grid);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, agenda_bar);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, agenda_count);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, past_button);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, agenda_stack);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, agenda_list);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, agenda_status);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, agenda_status_button);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, projects_stack);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, timeline);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, projects_status);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, page_header);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, page_separator);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, back_button);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, page_title);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarView, page_stack);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, agenda_setup);
  gtk_widget_class_bind_template_callback (widget_class, agenda_bind);
  gtk_widget_class_bind_template_callback (widget_class, agenda_activate);
  gtk_widget_class_bind_template_callback (widget_class, agenda_status_clicked);
  gtk_widget_class_bind_template_callback (widget_class, clear_filters);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_changed);

  gtk_widget_class_install_action (widget_class, "calendar.show-event", "(ss)", show_action);
  gtk_widget_class_install_action (widget_class, "calendar.show-project", "(ss)", show_action);
  gtk_widget_class_install_action (widget_class, "calendar.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "calendar.export", NULL, export_action);

  /* Page Up/Down turn the month wherever the focus is in the month view. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Page_Up, 0, page_key, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Page_Down, 0, page_key, "i", 1);
}

static void
ca_calendar_view_init (CaCalendarView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkDropDown *dropdowns[3];

  ensure_style (GTK_WIDGET (self));
  gtk_widget_init_template (GTK_WIDGET (self));

  self->all_events = g_ptr_array_new_with_free_func (g_object_unref);
  self->clusters = g_ptr_array_new_with_free_func (g_object_unref);
  self->projects = g_ptr_array_new_with_free_func (g_object_unref);
  self->programmes = g_ptr_array_new_with_free_func (g_free);
  self->project_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cluster_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->starred = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->history = g_ptr_array_new_with_free_func (g_free);
  self->events = g_list_store_new (CA_TYPE_EVENT);
  self->agenda = g_list_store_new (CA_TYPE_AGENDA_ITEM);

  g_signal_connect (factory, "setup", G_CALLBACK (dropdown_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (dropdown_bind), NULL);
  dropdowns[0] = self->cluster_dropdown;
  dropdowns[1] = self->kind_dropdown;
  dropdowns[2] = self->programme_dropdown;
  for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    gtk_drop_down_set_factory (dropdowns[i], factory);

  /* Ctrl+P and Ctrl+E wherever the focus is in the window, as the view is not always
   * focused when it shows; the actions do nothing while it is hidden */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                       GTK_SHORTCUT_SCOPE_GLOBAL);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
      gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>p"),
                        gtk_named_action_new ("calendar.print")));
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
      gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>e"),
                        gtk_named_action_new ("calendar.export")));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  }

  update_filter_models (self);
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

  ensure_loaded (self);
  gtk_toggle_button_set_active (self->starred_button, starred_only);
}

void
ca_calendar_view_set_show_past (CaCalendarView *self,
                                gboolean        show_past)
{
  g_return_if_fail (CA_IS_CALENDAR_VIEW (self));

  ensure_loaded (self);
  gtk_toggle_button_set_active (self->past_button, show_past);
}

GListModel *
ca_calendar_view_get_events (CaCalendarView *self)
{
  g_return_val_if_fail (CA_IS_CALENDAR_VIEW (self), NULL);

  ensure_loaded (self);
  return G_LIST_MODEL (self->events);
}

void
ca_calendar_view_set_visible_view (CaCalendarView *self,
                                   const char     *name)
{
  g_return_if_fail (CA_IS_CALENDAR_VIEW (self));
  g_return_if_fail (name != NULL);

  if (gtk_stack_get_child_by_name (self->view_stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->view_stack, name);
}

const char *
ca_calendar_view_get_visible_view (CaCalendarView *self)
{
  g_return_val_if_fail (CA_IS_CALENDAR_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->view_stack);
}

void
ca_calendar_view_show_month (CaCalendarView *self,
                             int             year,
                             int             month)
{
  g_return_if_fail (CA_IS_CALENDAR_VIEW (self));
  g_return_if_fail (month >= 1 && month <= 12);

  ensure_loaded (self);
  self->month_chosen = TRUE;
  ca_month_grid_set_month (self->month_grid, year, month);
  gtk_stack_set_visible_child_name (self->view_stack, "month");
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
