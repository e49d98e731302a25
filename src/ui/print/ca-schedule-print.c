/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-schedule-print"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ca-ics.h"
#include "ca-output.h"
#include "ca-schedule-print.h"
#include "ca-text.h"

/* Half an inch: what the page keeps free at least, whatever the page setup says */
#define MIN_MARGIN 36.0

/* The last page setup and settings, for the next print in this run */
static GtkPageSetup *last_page_setup;
static GtkPrintSettings *last_settings;

static void
report_error (GtkWidget  *widget,
              const char *heading,
              const char *message)
{
  AdwDialog *dialog;

  if (widget == NULL || gtk_widget_get_root (widget) == NULL)
    {
      g_warning ("%s: %s", heading, message);
      return;
    }
  /* The message comes from GLib or GTK; plain text, never markup */
  dialog = adw_alert_dialog_new (heading, message);
  adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), "close", _("_Close"));
  adw_dialog_present (dialog, widget);
}

/* {{{ Printing */

static void
begin_print (GtkPrintOperation *operation,
             GtkPrintContext   *context,
             CaSchedule        *schedule)
{
  GtkPageSetup *setup = gtk_print_context_get_page_setup (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  double top = gtk_page_setup_get_top_margin (setup, GTK_UNIT_POINTS);
  double bottom = gtk_page_setup_get_bottom_margin (setup, GTK_UNIT_POINTS);
  double left = gtk_page_setup_get_left_margin (setup, GTK_UNIT_POINTS);
  double right = gtk_page_setup_get_right_margin (setup, GTK_UNIT_POINTS);

  /* The context's origin is already inside the page setup's margins */
  ca_schedule_set_page (schedule, width, height,
                        MAX (0, MIN_MARGIN - top), MAX (0, MIN_MARGIN - right),
                        MAX (0, MIN_MARGIN - bottom), MAX (0, MIN_MARGIN - left));
  gtk_print_operation_set_n_pages (operation, (int) ca_schedule_paginate (schedule));
}

static void
draw_page (GtkPrintOperation *operation,
           GtkPrintContext   *context,
           int                page,
           CaSchedule        *schedule)
{
  ca_schedule_draw_page (schedule, gtk_print_context_get_cairo_context (context), page);
}

static void
print_done (GtkPrintOperation       *operation,
            GtkPrintOperationResult  result,
            GtkWindow               *parent)
{
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      g_set_object (&last_settings, gtk_print_operation_get_print_settings (operation));
      g_set_object (&last_page_setup, gtk_print_operation_get_default_page_setup (operation));
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      report_error (GTK_WIDGET (parent), _("The Schedule Could Not Be Printed"),
                    error != NULL ? error->message : "");
    }
}

void
ca_schedule_print_set_first_page (CaSchedule *schedule)
{
  g_autoptr(GtkPageSetup) setup = NULL;
  double top, right, bottom, left;

  g_return_if_fail (CA_IS_SCHEDULE (schedule));

  /* The page the print dialog starts from, as begin_print will set it */
  setup = last_page_setup != NULL ? g_object_ref (last_page_setup) : gtk_page_setup_new ();
  top = gtk_page_setup_get_top_margin (setup, GTK_UNIT_POINTS);
  right = gtk_page_setup_get_right_margin (setup, GTK_UNIT_POINTS);
  bottom = gtk_page_setup_get_bottom_margin (setup, GTK_UNIT_POINTS);
  left = gtk_page_setup_get_left_margin (setup, GTK_UNIT_POINTS);
  /* The page without the setup's margins, as GTK's print context gives it */
  ca_schedule_set_page (schedule,
                        gtk_page_setup_get_page_width (setup, GTK_UNIT_POINTS),
                        gtk_page_setup_get_page_height (setup, GTK_UNIT_POINTS),
                        MAX (0, MIN_MARGIN - top), MAX (0, MIN_MARGIN - right),
                        MAX (0, MIN_MARGIN - bottom), MAX (0, MIN_MARGIN - left));
}

guint
ca_schedule_print_count_pages (CaSchedule *schedule)
{
  g_return_val_if_fail (CA_IS_SCHEDULE (schedule), 0);

  ca_schedule_print_set_first_page (schedule);
  return ca_schedule_paginate (schedule);
}

void
ca_schedule_print_set_page_setup (GtkPageSetup *setup)
{
  g_return_if_fail (setup == NULL || GTK_IS_PAGE_SETUP (setup));
  g_set_object (&last_page_setup, setup);
}

gboolean
ca_schedule_print_run (CaSchedule               *schedule,
                       GtkWindow                *parent,
                       GtkPrintOperationAction   action,
                       const char               *export_path,
                       GError                  **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;

  g_return_val_if_fail (CA_IS_SCHEDULE (schedule), FALSE);
  g_return_val_if_fail (action != GTK_PRINT_OPERATION_ACTION_EXPORT || export_path != NULL,
                        FALSE);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  /* TRANSLATORS: the name of the print job */
  gtk_print_operation_set_job_name (operation, _("Event schedule"));
  if (last_settings != NULL)
    gtk_print_operation_set_print_settings (operation, last_settings);
  if (last_page_setup != NULL)
    gtk_print_operation_set_default_page_setup (operation, last_page_setup);
  if (export_path != NULL)
    gtk_print_operation_set_export_filename (operation, export_path);
  gtk_print_operation_set_allow_async (operation, action != GTK_PRINT_OPERATION_ACTION_EXPORT);

  /* The schedule lives as long as the operation, which outlives this call when async */
  g_object_set_data_full (G_OBJECT (operation), "ca-schedule", g_object_ref (schedule),
                          g_object_unref);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print), schedule);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page), schedule);
  if (action != GTK_PRINT_OPERATION_ACTION_EXPORT)
    g_signal_connect (operation, "done", G_CALLBACK (print_done), parent);

  result = gtk_print_operation_run (operation, action, parent, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

/* }}} */

/* {{{ iCalendar */

char *
ca_schedule_ics_file_name (const char *title)
{
  GString *name = g_string_new (NULL);

  /* A title makes a file name once the characters file systems refuse are gone */
  for (const char *p = title != NULL ? title : ""; *p != '\0' && name->len < 80;
       p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || c == ':' || c < 0x20 || c == '*' || c == '?' ||
          c == '"' || c == '<' || c == '>' || c == '|')
        c = ' ';
      g_string_append_unichar (name, c);
    }
  g_strstrip (name->str);
  g_string_set_size (name, strlen (name->str));
  if (name->len == 0)
    /* TRANSLATORS: the file name "Export…" suggests, without ".ics" */
    g_string_append (name, _("events"));
  g_string_append (name, ".ics");
  return g_string_free (name, FALSE);
}

static char *
ics_for (GPtrArray *events)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return ca_ics_write_events (events, g_date_time_to_unix (now));
}

typedef struct {
  GtkWidget *widget;
  char      *text;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->widget);
  g_free (data->text);
  g_free (data);
}

static void
write_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  const char *text = task_data;
  const char *path = g_object_get_data (G_OBJECT (task), "ca-path");
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  if (!ca_output_write_file (path, text, strlen (text), &warning, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      if (warning != NULL)
        g_message ("%s: %s", path, warning);
      g_task_return_boolean (task, TRUE);
    }
}

void
ca_schedule_write_text_async (GFile               *file,
                              const char          *text,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (text != NULL);

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_schedule_write_text_async);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      /* Where the file chooser gives no local path (no FUSE for it): GIO's own
       * replace, which also keeps a link a link and refuses what is not a file */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "%s", "not a local file");
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "ca-path", g_steal_pointer (&path), g_free);
  g_task_set_task_data (task, g_strdup (text), g_free);
  g_task_run_in_thread (task, write_in_thread);
}

gboolean
ca_schedule_write_text_finish (GFile         *file,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, file), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
replaced (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    report_error (data->widget, _("The Events Could Not Be Saved"), error->message);
  save_data_free (data);
}

static void
written (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!ca_schedule_write_text_finish (G_FILE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        {
          g_file_replace_contents_async (G_FILE (object), data->text, strlen (data->text),
                                         NULL, FALSE, G_FILE_CREATE_NONE, NULL, replaced,
                                         data);
          return;
        }
      report_error (data->widget, _("The Events Could Not Be Saved"), error->message);
    }
  save_data_free (data);
}

static void
save_chosen (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, &error);

  if (file == NULL)
    {
      /* Cancelled, or closed: nothing to say */
      if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) &&
          !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
        report_error (data->widget, _("The Events Could Not Be Saved"), error->message);
      save_data_free (data);
      return;
    }
  /* As the command line writes: whole or not at all, a link followed, a device or a
   * FIFO refused, the old file's mode and owner kept */
  ca_schedule_write_text_async (file, data->text, NULL, written, data);
}

void
ca_schedule_save_ics (GtkWidget  *widget,
                      GPtrArray  *events,
                      const char *suggested_name)
{
  GtkRoot *root;
  g_autoptr(GtkFileDialog) dialog = NULL;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GListStore) filters = NULL;
  SaveData *data;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (events != NULL);

  root = gtk_widget_get_root (widget);
  data = g_new0 (SaveData, 1);
  data->widget = g_object_ref (widget);
  data->text = ics_for (events);

  filter = gtk_file_filter_new ();
  /* TRANSLATORS: a file type in the file chooser */
  gtk_file_filter_set_name (filter, _("iCalendar files"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_suffix (filter, "ics");
  filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_list_store_append (filters, filter);

  dialog = gtk_file_dialog_new ();
  /* TRANSLATORS: the title of the file chooser that saves events as iCalendar */
  gtk_file_dialog_set_title (dialog, _("Save Events as iCalendar"));
  gtk_file_dialog_set_accept_label (dialog, _("_Save"));
  gtk_file_dialog_set_modal (dialog, TRUE);
  gtk_file_dialog_set_initial_name (dialog,
                                    suggested_name != NULL ? suggested_name : "events.ics");
  /* Where documents go, not the folder the app happened to be started in */
  {
    const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
    g_autoptr(GFile) folder =
      g_file_new_for_path (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR)
                           ? documents : g_get_home_dir ());

    gtk_file_dialog_set_initial_folder (dialog, folder);
  }
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  gtk_file_dialog_save (dialog, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL,
                        save_chosen, data);
}

typedef struct {
  GtkWidget *widget;
  CaEvent   *event;
} LaunchData;

static void
launched (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  LaunchData *data = user_data;
  g_autoptr(GError) error = NULL;

  /* No calendar app takes .ics files: save the event where the user says instead */
  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_autofree char *title = ca_text_display (data->event->title);
      g_autofree char *name = ca_schedule_ics_file_name (title);

      g_debug ("No app opened the event: %s", error->message);
      g_ptr_array_add (one, data->event);
      if (gtk_widget_get_root (data->widget) != NULL)
        ca_schedule_save_ics (data->widget, one, name);
    }
  g_object_unref (data->widget);
  g_object_unref (data->event);
  g_free (data);
}

void
ca_schedule_open_in_calendar (GtkWidget *widget,
                              CaEvent   *event)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autofree char *text = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *file_name = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkAppLaunchContext) context = NULL;
  LaunchData *data;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (CA_IS_EVENT (event));

  g_ptr_array_add (one, event);
  text = ics_for (one);
  /* In the cache, not /tmp: a sandbox's /tmp is its own; the launcher passes the file
   * to the portal, which hands it to the app. Event ids are [A-Za-z0-9._:-]. */
  dir = g_build_filename (g_get_user_cache_dir (), "cluster-atlas", NULL);
  file_name = g_strdup_printf ("%s.ics", event->id);
  g_strdelimit (file_name, ":", '-');
  path = g_build_filename (dir, file_name, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents (path, text, -1, &error))
    {
      report_error (widget, _("The Event Could Not Be Added"),
                    error != NULL ? error->message : g_strerror (errno));
      return;
    }

  uri = g_filename_to_uri (path, NULL, NULL);
  context = gdk_display_get_app_launch_context (gtk_widget_get_display (widget));
  data = g_new0 (LaunchData, 1);
  data->widget = g_object_ref (widget);
  data->event = g_object_ref (event);
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           launched, data);
}

/* }}} */
