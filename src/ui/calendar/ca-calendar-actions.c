/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-calendar-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-calendar-view-private.h"
#include "ca-print-dialog.h"
#include "ca-schedule-print.h"

/*
 * Printing and exporting what the Calendar's filters let through: "Print…" (Ctrl+P)
 * asks which days in a dialog before GTK's print dialog, "Export…" (Ctrl+E) asks
 * where to save them as one iCalendar file.
 */

static GPtrArray *
filtered_events (CaCalendarView *self)
{
  _ca_calendar_view_ensure_loaded (self);
  return ca_event_filter_events (self->filter, self->all_events);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CaCalendarView *self = CA_CALENDAR_VIEW (widget);
  g_autoptr(GPtrArray) events = NULL;
  CaPrintDialog *dialog;

  /* Only while it shows: win.print (Ctrl+P) shows it first */
  if (!gtk_widget_get_mapped (widget))
    return;
  gtk_menu_button_popdown (self->filters_button);
  events = filtered_events (self);
  dialog = ca_print_dialog_new (self->store, events, _ca_calendar_view_get_cluster_name (self),
                                gtk_label_get_text (self->filter_summary),
                                ca_month_grid_get_year (self->month_grid),
                                ca_month_grid_get_month (self->month_grid));
  adw_dialog_present (ADW_DIALOG (dialog), widget);
}

/* The filters let no event through: said, rather than a file chooser for an empty
 * calendar (the command line refuses it as well) */
static void
nothing_to_export (CaCalendarView *self)
{
  const char *filters = gtk_label_get_text (self->filter_summary);
  AdwDialog *alert;

  /* TRANSLATORS: Export… when the calendar's filters let no event through; the
   * filters follow under it ("Filtered: starred only") */
  alert = adw_alert_dialog_new (_("No Events to Export"),
                                filters != NULL && *filters != '\0' ? filters : NULL);
  adw_alert_dialog_add_response (ADW_ALERT_DIALOG (alert), "close", _("_Close"));
  adw_dialog_present (alert, GTK_WIDGET (self));
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
  if (events->len == 0)
    {
      nothing_to_export (self);
      return;
    }
  cluster = _ca_calendar_view_get_cluster_name (self);
  /* TRANSLATORS: the file name "Export…" suggests, without ".ics" */
  name = ca_schedule_ics_file_name (cluster != NULL ? cluster : _("Events"));
  ca_schedule_save_ics (widget, events, name);
}

void
_ca_calendar_view_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "calendar.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "calendar.export", NULL, export_action);
}
