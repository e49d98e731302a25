/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-calendar-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-calendar-dialog.h"
#include "ca-cluster-list.h"
#include "ca-cluster.h"
#include "ca-text.h"

/*
 * "Add a Calendar": the same address rules as a feed (ca_sync_check_new_feed), a
 * webcal:// link taken as https://, and a web page taken for the calendar its head
 * announces (ca-discover.c, through the sync manager). The clusters come from the
 * store; their names are feed text, shown as plain text.
 */

struct _CaCalendarDialog
{
  AdwDialog       parent_instance;

  CaSyncManager  *manager;
  GPtrArray      *clusters;      /* CaCluster, in the combo's order; "New cluster" after */
  GCancellable   *cancellable;   /* the look at a web page */

  AdwEntryRow    *url_row;
  AdwComboRow    *cluster_row;
  AdwEntryRow    *name_row;
  GtkLabel       *error;
  GtkButton      *add_button;
  AdwSpinner     *spinner;
};

G_DEFINE_FINAL_TYPE (CaCalendarDialog, ca_calendar_dialog, ADW_TYPE_DIALOG)

enum {
  ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
new_cluster_chosen (CaCalendarDialog *self)
{
  return adw_combo_row_get_selected (self->cluster_row) >= self->clusters->len;
}

static void
show_error (CaCalendarDialog *self,
            GtkWidget        *row,
            const char       *message)
{
  gtk_label_set_text (self->error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error), message != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  if (row != NULL)
    gtk_widget_add_css_class (row, "error");
}

static void
set_busy (CaCalendarDialog *self,
          gboolean          busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !busy);
}

static void
changed (CaCalendarDialog *self)
{
  show_error (self, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), new_cluster_chosen (self));
}

/* The calendar at key, for the chosen cluster */
static void
subscribe (CaCalendarDialog *self,
           const char       *key)
{
  CaStore *store = ca_sync_manager_get_store (self->manager);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *cluster_id = NULL;
  const char *cluster_feed;

  if (ca_store_has_feed (store, key))
    {
      show_error (self, GTK_WIDGET (self->url_row), _("This calendar is in the list already."));
      return;
    }
  if (new_cluster_chosen (self))
    {
      name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
      cluster_feed = key;
      cluster_id = ca_store_calendar_cluster_id (key);
    }
  else
    {
      CaCluster *cluster = self->clusters->pdata[adw_combo_row_get_selected (self->cluster_row)];

      cluster_feed = cluster->feed;
      cluster_id = g_strdup (cluster->id);
    }
  if (!ca_store_add_calendar (store, key, cluster_feed, cluster_id, name, &error))
    {
      show_error (self, GTK_WIDGET (self->url_row), error->message);
      return;
    }
  ca_sync_manager_sync_feed (self->manager, key);
  ca_sync_manager_store_changed (self->manager);
  g_signal_emit (self, signals[ADDED], 0, key);
  adw_dialog_close (ADW_DIALOG (self));
}

typedef struct {
  CaCalendarDialog *self;
  char             *key;     /* as typed, checked */
} Looking;

static void
page_read (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  Looking *looking = user_data;
  CaCalendarDialog *self = looking->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  found = ca_sync_manager_discover_finish (CA_SYNC_MANAGER (source), res, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_busy (self, FALSE);
      if (found != NULL)
        subscribe (self, found);
      else if (error == NULL)
        show_error (self, GTK_WIDGET (self->url_row),
                    _("This web page announces no calendar: give the calendar’s own address "
                      "(a webcal:// link, or one ending in .ics or ?ical=1)."));
      else
        /* A server down today may answer tomorrow: the calendar is kept, and its
         * row in the feeds list says what the sync finds */
        subscribe (self, looking->key);
    }
  g_object_unref (self);
  g_free (looking->key);
  g_free (looking);
}

void
ca_calendar_dialog_add (CaCalendarDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *key = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  Looking *looking;

  g_return_if_fail (CA_IS_CALENDAR_DIALOG (self));

  address = ca_sync_webcal_to_https (gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
  if ((key = ca_sync_check_new_feed (address, &user, &password, &error)) == NULL)
    {
      show_error (self, GTK_WIDGET (self->url_row), error->message);
      return;
    }
  if (user != NULL)
    {
      show_error (self, GTK_WIDGET (self->url_row),
                  _("A calendar’s address cannot hold a user name and password."));
      return;
    }
  if (new_cluster_chosen (self))
    {
      g_autofree char *name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));

      if (*g_strstrip (name) == '\0')
        {
          show_error (self, GTK_WIDGET (self->name_row), _("Enter a name for the new cluster."));
          return;
        }
    }
  if (!g_str_has_prefix (key, "http"))
    {
      subscribe (self, key);
      return;
    }

  /* A web page gives the calendar it announces; a calendar gives itself */
  show_error (self, NULL, NULL);
  set_busy (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  looking = g_new0 (Looking, 1);
  looking->self = g_object_ref (self);
  looking->key = g_steal_pointer (&key);
  ca_sync_manager_discover_async (self->manager, looking->key, self->cancellable, page_read,
                                  looking);
}

static void
fill_clusters (CaCalendarDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaClusterList) list = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n;

  list = ca_cluster_list_new (ca_sync_manager_get_store (self->manager), &error);
  if (list == NULL)
    g_warning ("Cannot list the clusters: %s", error->message);
  n = list != NULL ? g_list_model_get_n_items (G_LIST_MODEL (list)) : 0;
  for (guint i = 0; i < n; i++)
    {
      CaCluster *cluster = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *name = ca_text_display (cluster->name);

      gtk_string_list_append (names, name != NULL ? name : cluster->id);
      g_ptr_array_add (self->clusters, cluster);
    }
  /* Translators: the last choice of the cluster a calendar belongs to */
  gtk_string_list_append (names, _("New cluster"));
  adw_combo_row_set_model (self->cluster_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->cluster_row, 0);
}

static void
ca_calendar_dialog_dispose (GObject *object)
{
  CaCalendarDialog *self = (CaCalendarDialog *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (ca_calendar_dialog_parent_class)->dispose (object);
}

static void
ca_calendar_dialog_finalize (GObject *object)
{
  CaCalendarDialog *self = (CaCalendarDialog *) object;

  g_ptr_array_unref (self->clusters);

  G_OBJECT_CLASS (ca_calendar_dialog_parent_class)->finalize (object);
}

static void
ca_calendar_dialog_class_init (CaCalendarDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ca_calendar_dialog_dispose;
  object_class->finalize = ca_calendar_dialog_finalize;

  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ca_calendar_dialog_init (CaCalendarDialog *self)
{
  GtkWidget *view = adw_toolbar_view_new ();
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *cluster_group = adw_preferences_group_new ();
  GtkWidget *add_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *add_label = gtk_label_new_with_mnemonic (_("_Add"));

  self->clusters = g_ptr_array_new_with_free_func (g_object_unref);

  /* Translators: the title of the dialog that subscribes to an iCalendar calendar */
  adw_dialog_set_title (ADW_DIALOG (self), _("Add a Calendar"));
  adw_dialog_set_content_width (ADW_DIALOG (self), 520);

  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (adw_dialog_close), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);

  self->spinner = ADW_SPINNER (adw_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_box_append (GTK_BOX (add_box), GTK_WIDGET (self->spinner));
  gtk_box_append (GTK_BOX (add_box), add_label);
  self->add_button = GTK_BUTTON (gtk_button_new ());
  gtk_widget_set_name (GTK_WIDGET (self->add_button), "add-calendar");
  gtk_button_set_child (self->add_button, add_box);
  gtk_label_set_mnemonic_widget (GTK_LABEL (add_label), GTK_WIDGET (self->add_button));
  gtk_widget_add_css_class (GTK_WIDGET (self->add_button), "suggested-action");
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (ca_calendar_dialog_add), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->add_button));
  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (view), header);

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The address of an iCalendar calendar (webcal:// or "
                                           "https://), or of a web page that announces one, "
                                           "as a cluster’s website often does"));
  self->url_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row),
                                 _("Calendar or web page address"));
  gtk_editable_set_enable_undo (GTK_EDITABLE (self->url_row), TRUE);
  adw_entry_row_set_input_purpose (self->url_row, GTK_INPUT_PURPOSE_URL);
  adw_entry_row_set_activates_default (self->url_row, TRUE);
  g_signal_connect_swapped (self->url_row, "changed", G_CALLBACK (changed), self);
  g_signal_connect_swapped (self->url_row, "entry-activated",
                            G_CALLBACK (ca_calendar_dialog_add), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->url_row));

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (cluster_group),
                                         _("Its events are shown as this cluster’s"));
  self->cluster_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->cluster_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->cluster_row), _("Cluster"));
  adw_combo_row_set_enable_search (self->cluster_row, TRUE);
  g_signal_connect_swapped (self->cluster_row, "notify::selected", G_CALLBACK (changed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (cluster_group), GTK_WIDGET (self->cluster_row));
  self->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row),
                                 _("Name of the new cluster"));
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (changed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (cluster_group), GTK_WIDGET (self->name_row));

  self->error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error, TRUE);
  gtk_label_set_xalign (self->error, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->error), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error), "error");
  gtk_widget_set_margin_top (GTK_WIDGET (self->error), 6);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->error));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (cluster_group));
  adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (view), page);
  adw_dialog_set_child (ADW_DIALOG (self), view);
  adw_dialog_set_default_widget (ADW_DIALOG (self), GTK_WIDGET (self->add_button));
  adw_dialog_set_focus (ADW_DIALOG (self), GTK_WIDGET (self->url_row));
}

CaCalendarDialog *
ca_calendar_dialog_new (CaSyncManager *manager)
{
  CaCalendarDialog *self;

  g_return_val_if_fail (CA_IS_SYNC_MANAGER (manager), NULL);

  self = g_object_new (CA_TYPE_CALENDAR_DIALOG, NULL);
  self->manager = g_object_ref (manager);
  fill_clusters (self);
  changed (self);
  return self;
}

AdwEntryRow *
ca_calendar_dialog_get_url_row (CaCalendarDialog *self)
{
  g_return_val_if_fail (CA_IS_CALENDAR_DIALOG (self), NULL);
  return self->url_row;
}

AdwComboRow *
ca_calendar_dialog_get_cluster_row (CaCalendarDialog *self)
{
  g_return_val_if_fail (CA_IS_CALENDAR_DIALOG (self), NULL);
  return self->cluster_row;
}

AdwEntryRow *
ca_calendar_dialog_get_name_row (CaCalendarDialog *self)
{
  g_return_val_if_fail (CA_IS_CALENDAR_DIALOG (self), NULL);
  return self->name_row;
}

GtkLabel *
ca_calendar_dialog_get_error (CaCalendarDialog *self)
{
  g_return_val_if_fail (CA_IS_CALENDAR_DIALOG (self), NULL);
  return self->error;
}
