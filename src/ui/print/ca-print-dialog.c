/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-print-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-format.h"
#include "ca-print-dialog.h"
#include "ca-schedule-print.h"
#include "ca-settings.h"

struct _CaPrintDialog
{
  AdwDialog            parent_instance;

  CaStore             *store;
  GPtrArray           *events;
  char                *cluster;
  char                *filters;
  GDate                from;        /* the chosen days */
  GDate                to;
  GCancellable        *counting;    /* the pages being counted, after Print… */

  /* template children */
  GtkButton           *print_button;
  AdwPreferencesGroup *range_group;
  AdwActionRow        *week_row;
  AdwActionRow        *month_row;
  GtkCheckButton      *week_check;
  GtkCheckButton      *month_check;
  GtkCheckButton      *upcoming_check;
  GtkCheckButton      *range_check;
  GtkMenuButton       *from_button;
  GtkMenuButton       *to_button;
  GtkCalendar         *from_calendar;
  GtkCalendar         *to_calendar;
  GtkLabel            *empty_label;
  AdwSwitchRow        *descriptions_row;
};

G_DEFINE_FINAL_TYPE (CaPrintDialog, ca_print_dialog, ADW_TYPE_DIALOG)

static void
today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

/* The first and last day of a range; an invalid last day: no end */
static void
range_days (CaPrintDialog *self,
            GDate         *from,
            GDate         *to)
{
  CaPrintRange range = ca_print_dialog_get_range (self);

  today (from);
  g_date_clear (to, 1);
  switch (range)
    {
    case CA_PRINT_RANGE_WEEK:
      g_date_subtract_days (from, g_date_get_weekday (from) - G_DATE_MONDAY);
      *to = *from;
      g_date_add_days (to, 6);
      break;
    case CA_PRINT_RANGE_MONTH:
      g_date_set_day (from, 1);
      *to = *from;
      g_date_set_day (to, g_date_get_days_in_month (g_date_get_month (from),
                                                    g_date_get_year (from)));
      break;
    case CA_PRINT_RANGE_CHOSEN:
      *from = self->from;
      *to = self->to;
      break;
    case CA_PRINT_RANGE_UPCOMING:
    default:
      break;
    }
}

static GDateTime *
noon (const GDate *date)
{
  if (!g_date_valid (date))
    return NULL;
  return g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                              g_date_get_day (date), 12, 0, 0);
}

static GPtrArray *
selected_events (CaPrintDialog *self)
{
  GDate from, to;

  range_days (self, &from, &to);
  return ca_schedule_select_days (self->events, &from, &to);
}

static void
set_day_label (GtkMenuButton *button,
               const GDate   *date)
{
  g_autoptr(GDateTime) day = noon (date);
  g_autofree char *text = day != NULL ? g_strstrip (ca_format_day (day)) : NULL;

  gtk_menu_button_set_label (button, text != NULL ? text : "");
}

/* An empty range prints nothing: Print is off, and the reason shows under the range
 * ("No events between 1 March 2026 and 31 March 2026"), with the calendar's filters
 * when they narrowed the events, and is Print's tooltip and accessible description */
static void
show_empty (CaPrintDialog *self,
            gboolean       empty)
{
  g_autofree char *reason = NULL;

  if (empty)
    {
      g_autoptr(GDateTime) first = NULL;
      g_autoptr(GDateTime) last = NULL;
      g_autofree char *message = NULL;
      GDate from, to;

      range_days (self, &from, &to);
      first = noon (&from);
      last = noon (&to);
      message = ca_schedule_make_empty_message (first, last, FALSE);
      reason = self->filters != NULL && *self->filters != '\0'
               ? g_strdup_printf ("%s\n%s", message, self->filters)
               : g_steal_pointer (&message);
      gtk_label_set_text (self->empty_label, reason);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->print_button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, reason, -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->print_button),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), empty);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->print_button), reason);
  gtk_widget_set_sensitive (GTK_WIDGET (self->print_button), !empty);
}

static void
update (CaPrintDialog *self)
{
  g_autoptr(GPtrArray) events = selected_events (self);
  g_autofree char *count = NULL;
  GDate from, to;

  if (events->len > 0)
    /* TRANSLATORS: under "Events" in the window before printing */
    count = g_strdup_printf (ngettext ("%u event will be printed.", "%u events will be printed.",
                                       events->len), events->len);
  adw_preferences_group_set_description (self->range_group, count);
  /* Not while the pages are counted: Print is a spinner then */
  if (self->counting == NULL)
    show_empty (self, events->len == 0);

  set_day_label (self->from_button, &self->from);
  set_day_label (self->to_button, &self->to);

  /* The days of this week and month, under their names */
  {
    g_autoptr(GDateTime) a = NULL;
    g_autoptr(GDateTime) b = NULL;
    g_autofree char *first = NULL;
    g_autofree char *last = NULL;
    g_autofree char *span = NULL;
    g_autofree char *month = NULL;

    today (&from);
    g_date_subtract_days (&from, g_date_get_weekday (&from) - G_DATE_MONDAY);
    to = from;
    g_date_add_days (&to, 6);
    a = noon (&from);
    b = noon (&to);
    first = g_strstrip (ca_format_day (a));
    last = g_strstrip (ca_format_day (b));
    span = g_strdup_printf (_("%s – %s"), first, last);
    adw_action_row_set_subtitle (self->week_row, span);
    /* The month of today, which this week's Monday may not be in */
    today (&from);
    g_clear_pointer (&a, g_date_time_unref);
    a = noon (&from);
    month = ca_format_month (a);
    adw_action_row_set_subtitle (self->month_row, month);
  }
}

static void
range_toggled (CaPrintDialog *self)
{
  update (self);
}

static void
day_selected (CaPrintDialog *self,
              GtkCalendar   *calendar)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  GDate *date = calendar == self->from_calendar ? &self->from : &self->to;

  g_date_set_dmy (date, g_date_time_get_day_of_month (day), g_date_time_get_month (day),
                  g_date_time_get_year (day));
  /* The range stays a range: moving one end past the other moves both */
  if (g_date_compare (&self->from, &self->to) > 0)
    {
      if (calendar == self->from_calendar)
        self->to = self->from;
      else
        self->from = self->to;
    }
  gtk_check_button_set_active (self->range_check, TRUE);
  update (self);
}

static void
cancel_clicked (CaPrintDialog *self)
{
  adw_dialog_close (ADW_DIALOG (self));
}

/* Closed while the pages were being counted: the count stops */
static void
dialog_closed (CaPrintDialog *self)
{
  if (self->counting != NULL)
    g_cancellable_cancel (self->counting);
}

/* The window the dialog was presented over: its root, or when the dialog floats in a
 * window of its own (over a plain GtkWindow), the window that one is transient for */
static GtkWindow *
parent_window (CaPrintDialog *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;

  if (parent != NULL && gtk_window_get_transient_for (parent) != NULL)
    parent = gtk_window_get_transient_for (parent);
  return parent;
}

#define DEFAULT_PAGE_LIMIT 500

/* The print-page-limit setting, where the schema is installed */
static guint
page_limit (void)
{
  g_autoptr(GSettings) settings = ca_settings_new_if_installed ();

  if (settings == NULL)
    return DEFAULT_PAGE_LIMIT;
  return MAX (g_settings_get_uint (settings, "print-page-limit"), 1);
}

static void
print_schedule (CaSchedule *schedule,
                GtkWindow  *parent)
{
  g_autoptr(GError) error = NULL;

  /* GTK's print dialog takes over from here */
  if (!ca_schedule_print_run (schedule, parent, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                              NULL, &error))
    g_warning ("Could not print: %s", error->message);
}

static void
too_long_print (AdwAlertDialog *alert,
                const char     *response,
                gpointer        user_data)
{
  print_schedule (g_object_get_data (G_OBJECT (alert), "ca-schedule"),
                  g_object_get_data (G_OBJECT (alert), "ca-parent"));
}

/* Many more pages than usual: asked first, with the count and what is printed */
static void
ask_too_long (CaSchedule *schedule,
              GtkWindow  *parent,
              guint       n,
              guint       limit)
{
  AdwDialog *alert;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *pages = NULL;
  g_autofree char *most = NULL;

  /* TRANSLATORS: the question before a very long print */
  heading = g_strdup_printf (ngettext ("Print %u Page?", "Print %u Pages?", n), n);
  pages = g_strdup_printf (ngettext ("%u page", "%u pages", n), n);
  most = g_strdup_printf (ngettext ("%u page", "%u pages", limit), limit);
  /* TRANSLATORS: the first %s is the schedule's title, with its days ("Event schedule —
   * from 1 March 2026"), the second how long it is ("1200 pages"), the third the most
   * printed without asking ("500 pages") */
  body = g_strdup_printf (_("“%s” takes %s, more than %s. Fewer days, one cluster or the "
                            "starred events print less."),
                          ca_schedule_get_title (schedule), pages, most);
  alert = adw_alert_dialog_new (heading, body);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (alert),
                                  "cancel", _("_Cancel"),
                                  /* TRANSLATORS: prints the long schedule all the same */
                                  "print", _("_Print All"),
                                  NULL);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (alert), "cancel");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (alert), "cancel");
  g_object_set_data_full (G_OBJECT (alert), "ca-schedule", g_object_ref (schedule),
                          g_object_unref);
  if (parent != NULL)
    g_object_set_data_full (G_OBJECT (alert), "ca-parent", g_object_ref (parent),
                            g_object_unref);
  g_signal_connect (alert, "response::print", G_CALLBACK (too_long_print), NULL);
  adw_dialog_present (alert, parent != NULL ? GTK_WIDGET (parent) : NULL);
}

static void
pages_counted (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CaPrintDialog) self = user_data;
  CaSchedule *schedule = CA_SCHEDULE (object);
  g_autoptr(GtkWindow) parent = NULL;
  g_autoptr(GError) error = NULL;
  guint limit = page_limit ();
  guint n;

  n = ca_schedule_paginate_finish (schedule, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->counting);
  parent = parent_window (self);
  if (parent != NULL)
    g_object_ref (parent);
  adw_dialog_close (ADW_DIALOG (self));
  if (n > limit)
    ask_too_long (schedule, parent, n, limit);
  else
    print_schedule (schedule, parent);
}

/* The pages are counted before GTK's print dialog opens, in a thread: a schedule of
 * thousands of pages takes seconds to lay out, and the window must not wait. The
 * dialog stays, its Print button a spinner, until the count is in; Cancel stops it. */
static void
print_clicked (CaPrintDialog *self)
{
  g_autoptr(CaSchedule) schedule = NULL;
  const char *counting = _("Counting the pages…");

  /* Nothing to print (the button is off then, but a click may still come) */
  if (self->counting != NULL || ca_print_dialog_get_n_events (self) == 0)
    return;
  schedule = ca_print_dialog_build_schedule (self);
  ca_schedule_print_set_first_page (schedule);
  self->counting = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->print_button), FALSE);
  gtk_button_set_child (self->print_button, adw_spinner_new ());
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->print_button), counting);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->print_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, counting, -1);
  ca_schedule_paginate_async (schedule, self->counting, pages_counted, g_object_ref (self));
}

static void
ca_print_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CA_TYPE_PRINT_DIALOG);
  G_OBJECT_CLASS (ca_print_dialog_parent_class)->dispose (object);
}

static void
ca_print_dialog_finalize (GObject *object)
{
  CaPrintDialog *self = (CaPrintDialog *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->counting);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->cluster, g_free);
  g_clear_pointer (&self->filters, g_free);

  G_OBJECT_CLASS (ca_print_dialog_parent_class)->finalize (object);
}

static void
ca_print_dialog_class_init (CaPrintDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_print_dialog_dispose;
  object_class->finalize = ca_print_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-print-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CaPrintDialog, print_button);
  gtk_widget_class_bind_template_child (widget_class, CaPrintDialog, range_group);
  gtk_widget_class_bind_template_child (widget_class, CaPrintDialog, week_row);
  gtk_widget_class_bind_template_child (widget_class, CaPrintDialog, month_row);
  gtk_widget_class_bind_template_child (widget_class, CaPrintDialog, week_check);
  gtk_widget_class_bind_template_child (widget_class, CaPrintDialog, month_check);
  gtk_widget_class_bind_template_child (widget_class, CaPrintDialog, upcoming_check);
  gtk_widget_class_bind_template_child (widget_class, CaPrintDialog, range_check);
  gtk_widget_class_bind_template_child (widget_class, CaPrintDialog, from_button);
  gtk_widget_class_bind_template_child (widget_class, CaPrintDialog, to_button);
  gtk_widget_class_bind_template_child (widget_class, CaPrintDialog, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, CaPrintDialog, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, CaPrintDialog, empty_label);
  gtk_widget_class_bind_template_child (widget_class, CaPrintDialog, descriptions_row);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, print_clicked);
  gtk_widget_class_bind_template_callback (widget_class, range_toggled);
  gtk_widget_class_bind_template_callback (widget_class, day_selected);
}

static void
ca_print_dialog_init (CaPrintDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_date_clear (&self->from, 1);
  g_date_clear (&self->to, 1);
  g_signal_connect (self, "closed", G_CALLBACK (dialog_closed), NULL);
}

static void
select_calendar_day (GtkCalendar *calendar,
                     const GDate *date)
{
  g_autoptr(GDateTime) day = noon (date);

  if (day != NULL)
    gtk_calendar_select_day (calendar, day);
}

CaPrintDialog *
ca_print_dialog_new (CaStore    *store,
                     GPtrArray  *events,
                     const char *cluster,
                     const char *filters,
                     int         year,
                     int         month)
{
  CaPrintDialog *self;
  g_autoptr(GPtrArray) upcoming = NULL;
  GDate from, to;

  g_return_val_if_fail (events != NULL, NULL);

  self = g_object_new (CA_TYPE_PRINT_DIALOG, NULL);
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->events = g_ptr_array_ref (events);
  self->cluster = g_strdup (cluster);
  self->filters = g_strdup (filters);

  if (year < 1 || month < 1 || month > 12)
    {
      today (&from);
      year = g_date_get_year (&from);
      month = g_date_get_month (&from);
    }
  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 1, month, year);
  to = from;
  g_date_set_day (&to, g_date_get_days_in_month (month, year));
  ca_print_dialog_set_days (self, &from, &to);

  /* What is coming, when something is; else the month the calendar shows */
  today (&from);
  upcoming = ca_schedule_select_days (events, &from, NULL);
  ca_print_dialog_set_range (self, upcoming->len > 0 ? CA_PRINT_RANGE_UPCOMING
                                                     : CA_PRINT_RANGE_CHOSEN);
  update (self);
  /* Return prints: the dialog opens with the focus on "Print…" (its .ui) */
  return self;
}

void
ca_print_dialog_set_range (CaPrintDialog *self,
                           CaPrintRange   range)
{
  GtkCheckButton *checks[] = { self->week_check, self->month_check, self->upcoming_check,
                               self->range_check };

  g_return_if_fail (CA_IS_PRINT_DIALOG (self));
  g_return_if_fail (range <= CA_PRINT_RANGE_CHOSEN);
  gtk_check_button_set_active (checks[range], TRUE);
}

CaPrintRange
ca_print_dialog_get_range (CaPrintDialog *self)
{
  g_return_val_if_fail (CA_IS_PRINT_DIALOG (self), CA_PRINT_RANGE_UPCOMING);

  if (gtk_check_button_get_active (self->week_check))
    return CA_PRINT_RANGE_WEEK;
  if (gtk_check_button_get_active (self->month_check))
    return CA_PRINT_RANGE_MONTH;
  if (gtk_check_button_get_active (self->range_check))
    return CA_PRINT_RANGE_CHOSEN;
  return CA_PRINT_RANGE_UPCOMING;
}

void
ca_print_dialog_set_days (CaPrintDialog *self,
                          const GDate   *from,
                          const GDate   *to)
{
  g_return_if_fail (CA_IS_PRINT_DIALOG (self));
  g_return_if_fail (from != NULL && g_date_valid (from));
  g_return_if_fail (to != NULL && g_date_valid (to));

  self->from = *from;
  self->to = g_date_compare (from, to) <= 0 ? *to : *from;
  g_signal_handlers_block_by_func (self->from_calendar, day_selected, self);
  g_signal_handlers_block_by_func (self->to_calendar, day_selected, self);
  select_calendar_day (self->from_calendar, &self->from);
  select_calendar_day (self->to_calendar, &self->to);
  g_signal_handlers_unblock_by_func (self->from_calendar, day_selected, self);
  g_signal_handlers_unblock_by_func (self->to_calendar, day_selected, self);
  update (self);
}

void
ca_print_dialog_set_include_descriptions (CaPrintDialog *self,
                                          gboolean       include)
{
  g_return_if_fail (CA_IS_PRINT_DIALOG (self));
  adw_switch_row_set_active (self->descriptions_row, include);
}

guint
ca_print_dialog_get_n_events (CaPrintDialog *self)
{
  g_autoptr(GPtrArray) events = NULL;

  g_return_val_if_fail (CA_IS_PRINT_DIALOG (self), 0);
  events = selected_events (self);
  return events->len;
}

CaSchedule *
ca_print_dialog_build_schedule (CaPrintDialog *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  CaSchedule *schedule;
  GDate from, to;

  g_return_val_if_fail (CA_IS_PRINT_DIALOG (self), NULL);

  range_days (self, &from, &to);
  events = ca_schedule_select_days (self->events, &from, &to);
  first = noon (&from);
  last = noon (&to);
  title = ca_schedule_make_title (self->cluster, first, last);
  g_string_append_printf (subtitle, ngettext ("%u event", "%u events", events->len),
                          events->len);
  if (self->filters != NULL && *self->filters != '\0')
    g_string_append_printf (subtitle, " · %s", self->filters);

  schedule = ca_schedule_new (events);
  ca_schedule_set_title (schedule, title);
  ca_schedule_set_subtitle (schedule, subtitle->str);
  ca_schedule_set_include_descriptions (schedule,
                                        adw_switch_row_get_active (self->descriptions_row));
  if (self->store != NULL)
    ca_schedule_set_source (schedule, self->store);
  return schedule;
}
