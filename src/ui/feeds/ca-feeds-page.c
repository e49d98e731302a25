/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-feeds-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-credentials.h"
#include "ca-credentials-dialog.h"
#include "ca-feeds-page.h"
#include "ca-format.h"
#include "ca-text.h"
#include "ca-tooltip.h"

/*
 * The feeds in Preferences: add one by address, and for each its title, last
 * sync, last error, counts and warnings; sync or remove it; hide the built-in
 * one. Feed text is shown as plain text: every row has use-markup off.
 */

#define MAX_WARNING_ROWS 50

struct _CaFeedsPage
{
  AdwPreferencesPage    parent_instance;

  CaSyncManager        *manager;
  GPtrArray            *rows;        /* the feed rows in feeds_group */
  GHashTable           *expanded;    /* keys of expanded rows, kept across rebuilds */
  guint                 rebuild_idle;

  /* template children */
  AdwEntryRow          *url_row;
  GtkLabel             *url_error;
  AdwPreferencesGroup  *feeds_group;
  GtkButton            *sync_all_button;
  AdwPreferencesGroup  *kept_group;
  AdwActionRow         *kept_row;
};

G_DEFINE_FINAL_TYPE (CaFeedsPage, ca_feeds_page, ADW_TYPE_PREFERENCES_PAGE)

static void queue_rebuild (CaFeedsPage *self);

static const char *
row_key (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "ca-feed-key");
}

static GtkWidget *
plain_row (const char *title,
           const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static char *
format_when (gint64 when)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (when);
  g_autofree char *day = g_strstrip (ca_format_day (dt));
  g_autofree char *time = g_date_time_format (dt, "%H:%M");

  /* TRANSLATORS: a date, then a time: "23 November 2026, 15:40" */
  return g_strdup_printf (_("%s, %s"), day, time);
}

static char *
format_counts (CaFeedInfo *info)
{
  g_autofree char *clusters = g_strdup_printf (ngettext ("%u cluster", "%u clusters",
                                                         info->n_clusters), info->n_clusters);
  g_autofree char *members = g_strdup_printf (ngettext ("%u member", "%u members",
                                                        info->n_members), info->n_members);
  g_autofree char *projects = g_strdup_printf (ngettext ("%u project", "%u projects",
                                                         info->n_projects), info->n_projects);
  g_autofree char *events = g_strdup_printf (ngettext ("%u event", "%u events",
                                                       info->n_events), info->n_events);

  /* TRANSLATORS: "3 clusters, 90 members, 10 projects, 14 events" */
  return g_strdup_printf (_("%s, %s, %s, %s"), clusters, members, projects, events);
}

static void
sync_clicked (GtkButton   *button,
              CaFeedsPage *self)
{
  ca_sync_manager_sync_feed (self->manager, row_key (GTK_WIDGET (button)));
  queue_rebuild (self);
}

static void
credentials_cleared (GObject      *source,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A feed without credentials is the usual case, and no keyring then no error */
  if (!ca_credentials_clear_finish (res, &error) && error != NULL)
    g_debug ("No credentials removed: %s", error->message);
}

static gboolean
is_web_feed (const char *key)
{
  return g_str_has_prefix (key, "https:") || g_str_has_prefix (key, "http:");
}

static void
remove_clicked (GtkButton   *button,
                CaFeedsPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *key = row_key (GTK_WIDGET (button));

  if (!ca_store_remove_feed (ca_sync_manager_get_store (self->manager), key, &error))
    g_warning ("Cannot remove a feed: %s", error->message);
  else if (is_web_feed (key))
    ca_credentials_clear_async (key, NULL, credentials_cleared, NULL);
  ca_sync_manager_store_changed (self->manager);
  queue_rebuild (self);
}

CaCredentialsDialog *
ca_feeds_page_ask_credentials (CaFeedsPage *self,
                               const char  *key)
{
  CaCredentialsDialog *dialog;

  g_return_val_if_fail (CA_IS_FEEDS_PAGE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  dialog = ca_credentials_dialog_new (self->manager, key);
  ca_credentials_dialog_present (dialog, GTK_WIDGET (self));
  return dialog;
}

static void
credentials_clicked (GtkButton   *button,
                     CaFeedsPage *self)
{
  ca_feeds_page_ask_credentials (self, row_key (GTK_WIDGET (button)));
}

static void
shown_changed (GtkSwitch   *sw,
               GParamSpec  *pspec,
               CaFeedsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!ca_store_set_feed_hidden (ca_sync_manager_get_store (self->manager), CA_FEED_BUILTIN,
                                 !gtk_switch_get_active (sw), &error))
    g_warning ("Cannot hide the built-in feed: %s", error->message);
  ca_sync_manager_store_changed (self->manager);
}

static void
add_warnings (AdwExpanderRow *row,
              char          **warnings)
{
  guint n = g_strv_length (warnings);
  g_autofree char *count = NULL;
  GtkWidget *header;

  if (n == 0)
    return;
  count = g_strdup_printf (ngettext ("%u warning in the last document",
                                     "%u warnings in the last document", n), n);
  header = plain_row (_("Warnings"), count);
  gtk_widget_add_css_class (header, "property");
  adw_expander_row_add_row (row, header);
  for (guint i = 0; i < n && i < MAX_WARNING_ROWS; i++)
    {
      GtkWidget *line = plain_row (warnings[i], NULL);

      gtk_widget_add_css_class (line, "ca-warning");
      adw_expander_row_add_row (row, line);
    }
  if (n > MAX_WARNING_ROWS)
    {
      g_autofree char *more = g_strdup_printf (_("and %u more; cluster-atlas --validate-feed "
                                                 "lists them all"), n - MAX_WARNING_ROWS);
      adw_expander_row_add_row (row, plain_row (more, NULL));
    }
}

static GtkWidget *
feed_row (CaFeedsPage *self,
          CaFeedInfo  *info)
{
  gboolean builtin = g_str_equal (info->key, CA_FEED_BUILTIN);
  gboolean syncing = ca_sync_is_syncing (ca_sync_manager_get_sync (self->manager), info->key);
  g_autofree char *title = info->title != NULL ? ca_text_display (info->title) : NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *counts = format_counts (info);
  AdwExpanderRow *row = ADW_EXPANDER_ROW (adw_expander_row_new ());

  g_object_set_data_full (G_OBJECT (row), "ca-feed-key", g_strdup (info->key), g_free);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 builtin ? _("Built-in data")
                                 : title != NULL ? title : info->key);

  if (builtin)
    subtitle = g_strdup (info->hidden ? _("Comes with the app; hidden")
                                      : _("Comes with the app"));
  else if (syncing)
    subtitle = g_strdup (_("Syncing…"));
  else if (info->last_error != NULL)
    subtitle = g_strdup (_("The last sync failed"));
  else if (info->last_sync > 0)
    {
      g_autofree char *when = format_when (info->last_sync);
      /* TRANSLATORS: %s is a date and time */
      subtitle = g_strdup_printf (_("Synced %s"), when);
    }
  else
    subtitle = g_strdup (_("Not synced yet"));
  adw_expander_row_set_subtitle (row, subtitle);
  if (info->last_error != NULL && !builtin)
    gtk_widget_add_css_class (GTK_WIDGET (row), "ca-feed-failed");

  if (!builtin)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("view-refresh-symbolic");

      g_object_set_data_full (G_OBJECT (button), "ca-feed-key", g_strdup (info->key), g_free);
      ca_tooltip_set_text (button, _("Sync this feed"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Sync this feed"), -1);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (button, !syncing);
      gtk_widget_add_css_class (button, "flat");
      g_signal_connect_object (button, "clicked", G_CALLBACK (sync_clicked), self, 0);
      adw_expander_row_add_suffix (row, button);

      {
        /* A key stored by an older version may hold a password */
        g_autofree char *shown = ca_credentials_display_url (info->key);
        adw_expander_row_add_row (row, plain_row (_("Address"), shown));
      }
    }

  adw_expander_row_add_row (row, plain_row (_("Records"), counts));
  if (info->last_sync > 0 && !builtin)
    {
      g_autofree char *when = format_when (info->last_sync);
      adw_expander_row_add_row (row, plain_row (_("Last successful sync"), when));
    }
  if (info->last_error != NULL && !builtin)
    {
      GtkWidget *error_row = plain_row (_("Last error"), info->last_error);

      gtk_widget_add_css_class (error_row, "error");
      adw_expander_row_add_row (row, error_row);
    }
  add_warnings (row, info->warnings);

  if (builtin)
    {
      GtkWidget *shown = plain_row (_("Show the built-in data"), NULL);
      GtkWidget *sw = gtk_switch_new ();

      gtk_widget_set_name (sw, "builtin-shown");
      gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Show the built-in data"), -1);
      gtk_switch_set_active (GTK_SWITCH (sw), !info->hidden);
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      g_signal_connect_object (sw, "notify::active", G_CALLBACK (shown_changed), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (shown), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (shown), sw);
      adw_expander_row_add_row (row, shown);
    }
  else
    {
      GtkWidget *remove;
      GtkWidget *button;

      if (is_web_feed (info->key))
        {
          GtkWidget *sign_in = plain_row (_("User name and password"),
                                          _("Kept in your keyring; sent only to this feed’s "
                                            "server when it asks"));
          GtkWidget *set = gtk_button_new_with_mnemonic (_("_Sign In…"));

          gtk_widget_set_name (set, "sign-in");
          gtk_accessible_update_property (GTK_ACCESSIBLE (set), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Sign in to this feed"), -1);
          g_object_set_data_full (G_OBJECT (set), "ca-feed-key", g_strdup (info->key), g_free);
          gtk_widget_set_valign (set, GTK_ALIGN_CENTER);
          g_signal_connect_object (set, "clicked", G_CALLBACK (credentials_clicked), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (sign_in), set);
          adw_expander_row_add_row (row, sign_in);
        }

      remove = plain_row (_("Remove this feed"),
                          _("Its records go; stars on its events are kept"));
      button = gtk_button_new_with_mnemonic (_("_Remove"));
      /* GTK 4.8 would name it "_Remove Remove" */
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove this feed"), -1);

      g_object_set_data_full (G_OBJECT (button), "ca-feed-key", g_strdup (info->key), g_free);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "destructive-action");
      g_signal_connect_object (button, "clicked", G_CALLBACK (remove_clicked), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (remove), button);
      adw_expander_row_add_row (row, remove);
    }

  adw_expander_row_set_expanded (row, g_hash_table_contains (self->expanded, info->key));
  return GTK_WIDGET (row);
}

/* Stars on the events of removed feeds are kept (they come back with their
 * events); here the user sees how many and may let them go. */
static void
update_kept_stars (CaFeedsPage *self)
{
  g_autoptr(GError) error = NULL;
  guint n = ca_store_count_kept_stars (ca_sync_manager_get_store (self->manager), &error);
  g_autofree char *title = NULL;

  if (error != NULL)
    g_warning ("Cannot count the kept stars: %s", error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->kept_group), n > 0);
  title = g_strdup_printf (ngettext ("%u starred event no feed has now",
                                     "%u starred events no feed has now", n), n);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kept_row), title);
}

static void
clear_kept_clicked (CaFeedsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!ca_store_clear_kept_stars (ca_sync_manager_get_store (self->manager), &error))
    g_warning ("Cannot clear the kept stars: %s", error->message);
  update_kept_stars (self);
}

static void
rebuild (CaFeedsPage *self)
{
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];

      if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
        g_hash_table_add (self->expanded, g_strdup (row_key (row)));
      else
        g_hash_table_remove (self->expanded, row_key (row));
      adw_preferences_group_remove (self->feeds_group, row);
    }
  g_ptr_array_set_size (self->rows, 0);

  if (self->manager == NULL)
    return;
  feeds = ca_store_list_feeds (ca_sync_manager_get_store (self->manager), &error);
  if (feeds == NULL)
    {
      g_warning ("Cannot list the feeds: %s", error->message);
      return;
    }
  for (guint i = 0; i < feeds->len; i++)
    {
      GtkWidget *row = feed_row (self, feeds->pdata[i]);

      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (self->feeds_group, row);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_all_button),
                            !ca_sync_manager_is_syncing (self->manager));
  update_kept_stars (self);
}

/* The rows go and come back later: a handler of a row's own widget must not
 * destroy it under its feet (a switch being toggled, a button being clicked). */
static gboolean
rebuild_now (gpointer user_data)
{
  CaFeedsPage *self = user_data;

  self->rebuild_idle = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
queue_rebuild (CaFeedsPage *self)
{
  if (self->rebuild_idle == 0)
    self->rebuild_idle = g_idle_add (rebuild_now, self);
}

static void
show_url_error (CaFeedsPage *self,
                const char  *message)
{
  gtk_label_set_text (self->url_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->url_error), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
}

static void
url_changed (CaFeedsPage *self)
{
  show_url_error (self, NULL);
}

static void
subscribe (CaFeedsPage *self,
           const char  *key)
{
  g_autoptr(GError) error = NULL;

  if (!ca_store_add_feed (ca_sync_manager_get_store (self->manager), key, &error))
    {
      show_url_error (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), "");
  show_url_error (self, NULL);
  g_hash_table_add (self->expanded, g_strdup (key));
  ca_sync_manager_sync_feed (self->manager, key);
  queue_rebuild (self);
}

typedef struct {
  CaFeedsPage *self;
  char        *key;
} Adding;

static void
credentials_stored (GObject      *source,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  Adding *adding = user_data;
  CaFeedsPage *self = adding->self;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), TRUE);
  if (!ca_credentials_store_finish (res, &error))
    {
      /* Translators: %s is why the keyring failed */
      g_autofree char *message = g_strdup_printf (_("The user name and password in the address "
                                                    "are kept only in your keyring, and the "
                                                    "keyring could not keep them (%s). The feed "
                                                    "was not added."), error->message);

      show_url_error (self, message);
    }
  else if (self->manager != NULL)
    subscribe (self, adding->key);
  g_object_unref (self);
  g_free (adding->key);
  g_free (adding);
}

/* A user name and password in the address go to the keyring first: where no
 * keyring keeps them, the feed is not added, and nothing is written */
static void
add_feed (CaFeedsPage *self,
          const char  *text)
{
  CaStore *store = ca_sync_manager_get_store (self->manager);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  Adding *adding;

  if ((key = ca_sync_check_new_feed (text, &user, &password, &error)) == NULL)
    {
      show_url_error (self, error->message);
      return;
    }
  if (ca_store_has_feed (store, key))
    {
      show_url_error (self, _("This feed is in the list already."));
      return;
    }
  if (user == NULL)
    {
      subscribe (self, key);
      return;
    }
  adding = g_new0 (Adding, 1);
  adding->self = g_object_ref (self);
  adding->key = g_steal_pointer (&key);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), FALSE);
  ca_credentials_store_async (adding->key, user, password, NULL, credentials_stored, adding);
}

static void
url_applied (CaFeedsPage *self)
{
  add_feed (self, gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
}

gboolean
ca_feeds_page_add_file (CaFeedsPage *self,
                        GFile       *file)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (CA_IS_FEEDS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  /* A file the portal hands over from elsewhere has no path here */
  if ((path = g_file_get_path (file)) == NULL)
    {
      show_url_error (self, _("This file cannot be read as a feed: it is not on this computer."));
      return FALSE;
    }
  /* Shown where a typed path would be, so an error reads against it */
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), path);
  add_feed (self, path);
  return !gtk_widget_get_visible (GTK_WIDGET (self->url_error));
}

static void
file_chosen (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CaFeedsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result, &error);

  if (file == NULL)
    {
      if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) &&
          !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
        show_url_error (self, error->message);
      return;
    }
  if (self->manager != NULL)
    ca_feeds_page_add_file (self, file);
}

static void
add_file_activated (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  CaFeedsPage *self = CA_FEEDS_PAGE (widget);
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  /* Translators: the title of the dialog that picks a feed file */
  gtk_file_dialog_set_title (dialog, _("Add a Feed File"));
  gtk_file_dialog_set_accept_label (dialog, _("_Add"));
  gtk_file_dialog_set_modal (dialog, TRUE);
  /* Translators: a file type in the dialog that picks a feed file */
  gtk_file_filter_set_name (json, _("Cluster feeds (JSON)"));
  gtk_file_filter_add_mime_type (json, "application/json");
  gtk_file_filter_add_suffix (json, "json");
  /* Translators: a file type in the dialog that picks a feed file */
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  g_list_store_append (filters, json);
  g_list_store_append (filters, all);
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, json);
  gtk_file_dialog_open (dialog, GTK_WINDOW (gtk_widget_get_root (widget)), NULL, file_chosen,
                        g_object_ref (self));
}

static void
calendar_added (CaCalendarDialog *dialog,
                const char       *key,
                CaFeedsPage      *self)
{
  /* Its row opens, to show how its first sync goes */
  g_hash_table_add (self->expanded, g_strdup (key));
  queue_rebuild (self);
}

CaCalendarDialog *
ca_feeds_page_add_calendar (CaFeedsPage *self)
{
  CaCalendarDialog *dialog;

  g_return_val_if_fail (CA_IS_FEEDS_PAGE (self), NULL);

  dialog = ca_calendar_dialog_new (self->manager);
  g_signal_connect_object (dialog, "added", G_CALLBACK (calendar_added), self, 0);
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (self));
  return dialog;
}

static void
add_calendar_activated (GtkWidget  *widget,
                        const char *action,
                        GVariant   *parameter)
{
  ca_feeds_page_add_calendar (CA_FEEDS_PAGE (widget));
}

static void
sync_all_clicked (CaFeedsPage *self)
{
  ca_sync_manager_sync_all (self->manager);
  queue_rebuild (self);
}

static void
ca_feeds_page_dispose (GObject *object)
{
  CaFeedsPage *self = (CaFeedsPage *) object;

  g_clear_handle_id (&self->rebuild_idle, g_source_remove);
  g_clear_object (&self->manager);
  gtk_widget_dispose_template (GTK_WIDGET (object), CA_TYPE_FEEDS_PAGE);

  G_OBJECT_CLASS (ca_feeds_page_parent_class)->dispose (object);
}

static void
ca_feeds_page_finalize (GObject *object)
{
  CaFeedsPage *self = (CaFeedsPage *) object;

  g_ptr_array_unref (self->rows);
  g_hash_table_unref (self->expanded);

  G_OBJECT_CLASS (ca_feeds_page_parent_class)->finalize (object);
}

static void
ca_feeds_page_class_init (CaFeedsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_feeds_page_dispose;
  object_class->finalize = ca_feeds_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-feeds-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CaFeedsPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, CaFeedsPage, url_error);
  gtk_widget_class_bind_template_child (widget_class, CaFeedsPage, feeds_group);
  gtk_widget_class_bind_template_child (widget_class, CaFeedsPage, sync_all_button);
  gtk_widget_class_bind_template_child (widget_class, CaFeedsPage, kept_group);
  gtk_widget_class_bind_template_child (widget_class, CaFeedsPage, kept_row);
  gtk_widget_class_bind_template_callback (widget_class, clear_kept_clicked);
  gtk_widget_class_bind_template_callback (widget_class, url_applied);
  gtk_widget_class_install_action (widget_class, "feeds.add-file", NULL, add_file_activated);
  gtk_widget_class_install_action (widget_class, "feeds.add-calendar", NULL,
                                   add_calendar_activated);
  gtk_widget_class_bind_template_callback (widget_class, url_changed);
  gtk_widget_class_bind_template_callback (widget_class, sync_all_clicked);
}

static void
ca_feeds_page_init (CaFeedsPage *self)
{
  self->rows = g_ptr_array_new ();
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

CaFeedsPage *
ca_feeds_page_new (CaSyncManager *manager)
{
  CaFeedsPage *self;

  g_return_val_if_fail (CA_IS_SYNC_MANAGER (manager), NULL);

  self = g_object_new (CA_TYPE_FEEDS_PAGE, NULL);
  self->manager = g_object_ref (manager);
  g_signal_connect_object (manager, "syncing-changed", G_CALLBACK (queue_rebuild), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "feed-synced", G_CALLBACK (queue_rebuild), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "store-changed", G_CALLBACK (queue_rebuild), self,
                           G_CONNECT_SWAPPED);
  rebuild (self);
  return self;
}

/* For tests: the rows of the feeds, in the store's order */
GPtrArray *
ca_feeds_page_get_rows (CaFeedsPage *self)
{
  g_return_val_if_fail (CA_IS_FEEDS_PAGE (self), NULL);
  return self->rows;
}

AdwEntryRow *
ca_feeds_page_get_url_row (CaFeedsPage *self)
{
  g_return_val_if_fail (CA_IS_FEEDS_PAGE (self), NULL);
  return self->url_row;
}

GtkLabel *
ca_feeds_page_get_url_error (CaFeedsPage *self)
{
  g_return_val_if_fail (CA_IS_FEEDS_PAGE (self), NULL);
  return self->url_error;
}
