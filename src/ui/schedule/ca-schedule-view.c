/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-schedule-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-event-page.h"
#include "ca-format.h"
#include "ca-my-schedule.h"
#include "ca-print-dialog.h"
#include "ca-schedule-print.h"
#include "ca-schedule-view.h"
#include "ca-settings.h"
#include "ca-text.h"
#include "ca-view.h"

struct _CaScheduleView
{
  AdwBreakpointBin        parent_instance;

  CaStore                *store;
  GSettings              *settings;       /* NULL without the schema */
  gboolean                loaded;
  gboolean                reading;
  guint                   serial;         /* of the latest read */
  GPtrArray              *entries;        /* CaMyScheduleEntry, as listed */
  CaEventPage            *event_page;     /* NULL until an event is first opened */

  /* template children */
  AdwNavigationSplitView *split_view;
  GtkStack               *list_stack;
  GtkWidget              *days_box;
  AdwStatusPage          *empty_status;
  AdwNavigationPage      *content_page;
  GtkWidget              *page_header;
  GtkStack               *page_stack;
};

static void ca_schedule_view_view_init (CaViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CaScheduleView, ca_schedule_view, ADW_TYPE_BREAKPOINT_BIN,
                               G_IMPLEMENT_INTERFACE (CA_TYPE_VIEW, ca_schedule_view_view_init))

#define ENTRY_KEY "ca-schedule-entry"

static CaClashFlags
clash_flags (CaScheduleView *self)
{
  if (self->settings != NULL && g_settings_get_boolean (self->settings, "clash-all-day"))
    return CA_CLASH_ALL_DAY;
  return CA_CLASH_FLAGS_NONE;
}

/* {{{ The rows */

static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* Feed text: never markup */
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
row_new (CaMyScheduleEntry *entry)
{
  CaEvent *event = entry->event;
  g_autofree char *title = ca_text_display (event->title);
  g_autofree char *when = ca_format_event_when (event, NULL);
  g_autofree char *place = ca_format_event_place (event);
  g_autofree char *details = NULL;
  g_autofree char *name = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  if (*place != '\0')
    /* TRANSLATORS: an event's time and place in My Schedule, "10:00–12:00 · Sofia" */
    details = g_strdup_printf (_("%s · %s"), when, place);
  else
    details = g_strdup (when);
  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), text_label (title != NULL ? title : event->id, "heading"));
  gtk_box_append (GTK_BOX (box), text_label (details, "dim-label"));
  if (event->status == CA_EVENT_STATUS_CANCELLED)
    gtk_box_append (GTK_BOX (box),
                    text_label (ca_format_event_status (event->status), "error"));
  if (entry->note != NULL)
    {
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      GtkWidget *note = text_label (entry->note, NULL);

      gtk_widget_set_valign (icon, GTK_ALIGN_START);
      gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_box_append (GTK_BOX (line), icon);
      gtk_box_append (GTK_BOX (line), note);
      gtk_widget_add_css_class (line, "warning");
      gtk_box_append (GTK_BOX (box), line);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  /* A row is read as one: its title, when and where, and its clashes */
  name = g_strjoin (", ", title != NULL ? title : event->id, details,
                    entry->note != NULL ? entry->note : NULL, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data (G_OBJECT (row), ENTRY_KEY, entry);
  return row;
}

static void open_event (CaScheduleView *self, CaEvent *event);

static void
row_activated (CaScheduleView *self,
               GtkListBoxRow  *row)
{
  CaMyScheduleEntry *entry = g_object_get_data (G_OBJECT (row), ENTRY_KEY);

  if (entry != NULL)
    open_event (self, entry->event);
}

static GtkWidget *
heading_new (const char *text,
             const char *css_class,
             gboolean    first)
{
  GtkWidget *label = text_label (text, css_class);

  gtk_widget_set_margin_top (label, first ? 0 : 12);
  gtk_widget_set_margin_start (label, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL,
                                  g_str_equal (css_class, "title-4") ? 2 : 3, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text, -1);
  return label;
}

static void
clear_days (CaScheduleView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->days_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->days_box), child);
}

static void
fill (CaScheduleView *self)
{
  GtkWidget *list = NULL;
  const char *day = NULL;
  gboolean past = FALSE;

  clear_days (self);
  for (guint i = 0; i < self->entries->len; i++)
    {
      CaMyScheduleEntry *entry = self->entries->pdata[i];

      if (entry->past && !past)
        {
          past = TRUE;
          day = NULL;
          /* TRANSLATORS: the heading over the starred events that are over */
          gtk_box_append (GTK_BOX (self->days_box), heading_new (_("Past"), "title-4", i == 0));
        }
      if (g_strcmp0 (day, entry->day) != 0)
        {
          day = entry->day;
          gtk_box_append (GTK_BOX (self->days_box),
                          heading_new (day, "heading", i == 0 && !entry->past));
          list = gtk_list_box_new ();
          gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
          gtk_widget_add_css_class (list, "boxed-list");
          gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          day, -1);
          g_signal_connect_object (list, "row-activated", G_CALLBACK (row_activated), self,
                                   G_CONNECT_SWAPPED);
          gtk_box_append (GTK_BOX (self->days_box), list);
        }
      gtk_list_box_append (GTK_LIST_BOX (list), row_new (entry));
    }
  gtk_stack_set_visible_child_name (self->list_stack,
                                    self->entries->len > 0 ? "list" : "empty");
}

/* }}} */

/* {{{ Reading the store, off the main thread */

typedef struct {
  CaStore      *store;
  CaClashFlags  flags;
  gint64        now;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->store);
  g_free (data);
}

static GPtrArray *
read_entries (CaStore      *store,
              CaClashFlags  flags,
              gint64        now)
{
  CaEventQuery query = CA_EVENT_QUERY_INIT;
  g_autoptr(GPtrArray) starred = NULL;
  g_autoptr(GError) error = NULL;

  query.starred_only = TRUE;
  if (store != NULL)
    starred = ca_store_list_events (store, &query, &error);
  if (starred == NULL)
    {
      if (error != NULL)
        g_warning ("Cannot read the starred events: %s", error->message);
      starred = g_ptr_array_new_with_free_func (g_object_unref);
    }
  /* The clashes too: a long schedule's pairs are no work for the main loop */
  return ca_my_schedule_entries (starred, NULL, flags, now);
}

static void
read_worker (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *data = task_data;

  g_task_return_pointer (task, read_entries (data->store, data->flags, data->now),
                         (GDestroyNotify) g_ptr_array_unref);
}

static void
set_entries (CaScheduleView *self,
             GPtrArray      *entries)
{
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  self->entries = entries;
  self->loaded = TRUE;
  fill (self);
}

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CaScheduleView *self = CA_SCHEDULE_VIEW (source);
  GPtrArray *entries = g_task_propagate_pointer (G_TASK (result), NULL);

  self->reading = FALSE;
  if (GPOINTER_TO_UINT (user_data) != self->serial || self->loaded)
    {
      g_clear_pointer (&entries, g_ptr_array_unref);
      /* The store changed while it was read: again */
      if (!self->loaded && gtk_widget_get_mapped (GTK_WIDGET (self)))
        ca_schedule_view_reload (self);
      return;
    }
  set_entries (self, entries);
}

static void
start_loading (CaScheduleView *self)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  if (self->loaded || self->reading)
    return;
  self->reading = TRUE;
  data = g_new0 (ReadData, 1);
  data->store = self->store != NULL ? g_object_ref (self->store) : NULL;
  data->flags = clash_flags (self);
  data->now = g_get_real_time () / G_USEC_PER_SEC;
  task = g_task_new (self, NULL, read_done, GUINT_TO_POINTER (self->serial));
  g_task_set_source_tag (task, start_loading);
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);
  if (self->entries == NULL)
    gtk_stack_set_visible_child_name (self->list_stack, "loading");
  g_task_run_in_thread (task, read_worker);
}

/* }}} */

/* {{{ The event's page */

static void
update_back_button (CaScheduleView *self)
{
  gtk_widget_set_visible (self->page_header,
                          adw_navigation_split_view_get_collapsed (self->split_view));
}

static void
back_clicked (CaScheduleView *self)
{
  adw_navigation_split_view_set_show_content (self->split_view, FALSE);
}

/* Unstarred or starred again on its page: the list says so at once */
static void
event_starred_changed (CaScheduleView *self)
{
  ca_schedule_view_reload (self);
}

static void
open_event (CaScheduleView *self,
            CaEvent        *event)
{
  g_autofree char *title = ca_text_display (event->title);

  if (self->event_page == NULL)
    {
      self->event_page = CA_EVENT_PAGE (ca_event_page_new ());
      ca_event_page_set_store (self->event_page, self->store);
      g_signal_connect_object (self->event_page, "starred-changed",
                               G_CALLBACK (event_starred_changed), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->page_stack, GTK_WIDGET (self->event_page), "event");
    }
  ca_event_page_set_event (self->event_page, event);
  gtk_stack_set_visible_child_name (self->page_stack, "event");
  adw_navigation_page_set_title (self->content_page, title != NULL ? title : event->id);
  adw_navigation_split_view_set_show_content (self->split_view, TRUE);
}

/* }}} */

/* {{{ Printing and exporting the starred events */

static int
compare_start (gconstpointer a,
               gconstpointer b)
{
  CaEvent *x = *(CaEvent **) a;
  CaEvent *y = *(CaEvent **) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CaScheduleView *self = CA_SCHEDULE_VIEW (widget);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  CaPrintDialog *dialog;

  /* Only while it shows: win.print (Ctrl+P) chooses it when it does */
  if (!gtk_widget_get_mapped (widget))
    return;
  events = ca_schedule_view_get_events (self);
  g_ptr_array_sort (events, compare_start);
  /* TRANSLATORS: the filters line of a printed My Schedule */
  dialog = ca_print_dialog_new (self->store, events, NULL, _("starred only"),
                                g_date_time_get_year (now), g_date_time_get_month (now));
  ca_print_dialog_set_range (dialog, CA_PRINT_RANGE_UPCOMING);
  adw_dialog_present (ADW_DIALOG (dialog), widget);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CaScheduleView *self = CA_SCHEDULE_VIEW (widget);
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *name = NULL;

  if (!gtk_widget_get_mapped (widget))
    return;
  events = ca_schedule_view_get_events (self);
  if (events->len == 0)
    {
      AdwDialog *alert = adw_alert_dialog_new (_("No Events to Export"),
                                               _("Star events to add them to My Schedule."));

      adw_alert_dialog_add_response (ADW_ALERT_DIALOG (alert), "close", _("_Close"));
      adw_dialog_present (alert, widget);
      return;
    }
  g_ptr_array_sort (events, compare_start);
  /* TRANSLATORS: the file name Export… suggests in My Schedule, without ".ics" */
  name = ca_schedule_ics_file_name (_("My Schedule"));
  ca_schedule_save_ics (widget, events, name);
}

/* }}} */

static void
settings_changed (CaScheduleView *self)
{
  ca_schedule_view_reload (self);
}

static void
ca_schedule_view_map (GtkWidget *widget)
{
  CaScheduleView *self = CA_SCHEDULE_VIEW (widget);

  GTK_WIDGET_CLASS (ca_schedule_view_parent_class)->map (widget);
  /* Stars change in the Calendar and in notifications without telling the view: read
   * again each time it shows (the old list stays until then) */
  self->loaded = FALSE;
  self->serial++;
  start_loading (self);
}

static void
ca_schedule_view_dispose (GObject *object)
{
  CaScheduleView *self = (CaScheduleView *) object;

  /* AdwBreakpointBin unparents its child itself: let it go before the template does */
  adw_breakpoint_bin_set_child (ADW_BREAKPOINT_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_SCHEDULE_VIEW);
  self->event_page = NULL;
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (ca_schedule_view_parent_class)->dispose (object);
}

static void
ca_schedule_view_class_init (CaScheduleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_schedule_view_dispose;
  widget_class->map = ca_schedule_view_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-schedule-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CaScheduleView, split_view);
  gtk_widget_class_bind_template_child (widget_class, CaScheduleView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CaScheduleView, days_box);
  gtk_widget_class_bind_template_child (widget_class, CaScheduleView, empty_status);
  gtk_widget_class_bind_template_child (widget_class, CaScheduleView, content_page);
  gtk_widget_class_bind_template_child (widget_class, CaScheduleView, page_header);
  gtk_widget_class_bind_template_child (widget_class, CaScheduleView, page_stack);
  gtk_widget_class_bind_template_callback (widget_class, update_back_button);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked);

  gtk_widget_class_install_action (widget_class, "schedule.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "schedule.export", NULL, export_action);
}

static void
ca_schedule_view_init (CaScheduleView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if ((self->settings = ca_settings_new_if_installed ()) != NULL)
    g_signal_connect_object (self->settings, "changed::clash-all-day",
                             G_CALLBACK (settings_changed), self, G_CONNECT_SWAPPED);
  update_back_button (self);
}

void
ca_schedule_view_set_store (CaScheduleView *self,
                            CaStore        *store)
{
  g_return_if_fail (CA_IS_SCHEDULE_VIEW (self));
  g_return_if_fail (store == NULL || CA_IS_STORE (store));

  g_set_object (&self->store, store);
  if (self->event_page != NULL)
    ca_event_page_set_store (self->event_page, store);
  ca_schedule_view_reload (self);
}

void
ca_schedule_view_reload (CaScheduleView *self)
{
  g_return_if_fail (CA_IS_SCHEDULE_VIEW (self));

  self->loaded = FALSE;
  self->serial++;   /* a read under way read the old stars */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_loading (self);
}

void
ca_schedule_view_ensure_loaded (CaScheduleView *self)
{
  g_return_if_fail (CA_IS_SCHEDULE_VIEW (self));

  if (self->loaded)
    return;
  self->serial++;   /* a read under way is outdated */
  set_entries (self, read_entries (self->store, clash_flags (self),
                                   g_get_real_time () / G_USEC_PER_SEC));
}

GPtrArray *
ca_schedule_view_get_events (CaScheduleView *self)
{
  GPtrArray *events = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (CA_IS_SCHEDULE_VIEW (self), events);

  ca_schedule_view_ensure_loaded (self);
  for (guint i = 0; i < self->entries->len; i++)
    g_ptr_array_add (events, g_object_ref (((CaMyScheduleEntry *) self->entries->pdata[i])->event));
  return events;
}

GtkWidget *
ca_schedule_view_get_list (CaScheduleView *self)
{
  g_return_val_if_fail (CA_IS_SCHEDULE_VIEW (self), NULL);
  return self->days_box;
}

gboolean
ca_schedule_view_show_event (CaScheduleView *self,
                             const char     *feed,
                             const char     *id)
{
  g_return_val_if_fail (CA_IS_SCHEDULE_VIEW (self), FALSE);

  ca_schedule_view_ensure_loaded (self);
  for (guint i = 0; i < self->entries->len; i++)
    {
      CaMyScheduleEntry *entry = self->entries->pdata[i];

      if (g_strcmp0 (entry->event->feed, feed) == 0 && g_strcmp0 (entry->event->id, id) == 0)
        {
          open_event (self, entry->event);
          return TRUE;
        }
    }
  return FALSE;
}

/* {{{ CaView */

static void
ca_schedule_view_view_set_store (CaView  *view,
                                 CaStore *store)
{
  ca_schedule_view_set_store (CA_SCHEDULE_VIEW (view), store);
}

static void
ca_schedule_view_view_reload (CaView *view)
{
  ca_schedule_view_reload (CA_SCHEDULE_VIEW (view));
}

static void
ca_schedule_view_view_init (CaViewInterface *iface)
{
  iface->set_store = ca_schedule_view_view_set_store;
  iface->reload = ca_schedule_view_view_reload;
}

/* }}} */
