/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-credentials-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-credentials.h"
#include "ca-credentials-dialog.h"

/*
 * "Sign In to the Feed": a user name and a password, for the feeds page's row
 * and the window's banner after a 401. They go to the keyring only
 * (ca-credentials.c); the store never sees them. The user name the keyring has
 * already is filled in.
 */

struct _CaCredentialsDialog
{
  AdwAlertDialog  parent_instance;

  CaSyncManager  *manager;
  char           *key;
  GtkWidget      *parent;        /* weak: where an error is shown */
  GCancellable   *cancellable;   /* the look-up of the user name */
  AdwEntryRow    *user_row;
  AdwEntryRow    *password_row;
};

G_DEFINE_FINAL_TYPE (CaCredentialsDialog, ca_credentials_dialog, ADW_TYPE_ALERT_DIALOG)

enum {
  SAVED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
user_changed (CaCredentialsDialog *self)
{
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));

  adw_alert_dialog_set_response_enabled (ADW_ALERT_DIALOG (self), "save", *user != '\0');
}

static void
user_found (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(CaCredentialsDialog) self = user_data;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  g_autoptr(GError) error = NULL;

  if (!ca_credentials_lookup_finish (res, &user, &password, &error))
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No user name of %s: %s", self->key, error->message);
      return;
    }
  /* Only the user name: the password stays where it is */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->user_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
}

static void
stored (GObject      *source,
        GAsyncResult *res,
        gpointer      user_data)
{
  g_autoptr(CaCredentialsDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ca_credentials_store_finish (res, &error))
    {
      g_signal_emit (self, signals[FAILED], 0, error->message);
      if (self->parent != NULL)
        {
          AdwDialog *alert = adw_alert_dialog_new (_("The User Name and Password Were Not Saved"),
                                                   error->message);

          adw_alert_dialog_add_response (ADW_ALERT_DIALOG (alert), "close", _("_Close"));
          adw_dialog_present (alert, self->parent);
        }
      return;
    }
  g_signal_emit (self, signals[SAVED], 0);
  ca_sync_manager_sync_feed (self->manager, self->key);
}

static void
ca_credentials_dialog_response (AdwAlertDialog *dialog,
                                const char     *response)
{
  CaCredentialsDialog *self = CA_CREDENTIALS_DIALOG (dialog);
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (!g_str_equal (response, "save") || *user == '\0')
    return;
  ca_credentials_store_async (self->key, user, password, NULL, stored, g_object_ref (self));
  /* Not left in the entry's buffer while the dialog may live on */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

static void
ca_credentials_dialog_dispose (GObject *object)
{
  CaCredentialsDialog *self = (CaCredentialsDialog *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->manager);
  g_clear_weak_pointer (&self->parent);

  G_OBJECT_CLASS (ca_credentials_dialog_parent_class)->dispose (object);
}

static void
ca_credentials_dialog_finalize (GObject *object)
{
  CaCredentialsDialog *self = (CaCredentialsDialog *) object;

  g_free (self->key);

  G_OBJECT_CLASS (ca_credentials_dialog_parent_class)->finalize (object);
}

static void
ca_credentials_dialog_class_init (CaCredentialsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwAlertDialogClass *alert_class = ADW_ALERT_DIALOG_CLASS (klass);

  object_class->dispose = ca_credentials_dialog_dispose;
  object_class->finalize = ca_credentials_dialog_finalize;
  alert_class->response = ca_credentials_dialog_response;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ca_credentials_dialog_init (CaCredentialsDialog *self)
{
  AdwAlertDialog *alert = ADW_ALERT_DIALOG (self);
  GtkWidget *list = gtk_list_box_new ();

  self->cancellable = g_cancellable_new ();
  adw_alert_dialog_set_heading (alert, _("Sign In to the Feed"));
  adw_alert_dialog_add_responses (alert,
                                  "cancel", _("_Cancel"),
                                  "save", _("_Save and Sync"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (alert, "save", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (alert, "save");
  adw_alert_dialog_set_close_response (alert, "cancel");
  adw_alert_dialog_set_response_enabled (alert, "save", FALSE);

  self->user_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->user_row), _("User Name"));
  adw_entry_row_set_activates_default (self->user_row, TRUE);
  g_signal_connect_object (self->user_row, "changed", G_CALLBACK (user_changed), self,
                           G_CONNECT_SWAPPED);
  self->password_row = ADW_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Password"));
  adw_entry_row_set_activates_default (self->password_row, TRUE);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->user_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->password_row));
  adw_alert_dialog_set_extra_child (alert, list);
}

CaCredentialsDialog *
ca_credentials_dialog_new (CaSyncManager *manager,
                           const char    *key)
{
  CaCredentialsDialog *self;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *body = NULL;
  const char *host;

  g_return_val_if_fail (CA_IS_SYNC_MANAGER (manager), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  self = g_object_new (CA_TYPE_CREDENTIALS_DIALOG, NULL);
  self->manager = g_object_ref (manager);
  self->key = g_strdup (key);

  uri = g_uri_parse (key, G_URI_FLAGS_ENCODED, NULL);
  host = uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : key;
  /* Translators: %s is a server name */
  body = g_strdup_printf (_("%s asks for a user name and password for this feed. They are "
                            "kept in your keyring and sent only to %s."), host, host);
  adw_alert_dialog_set_body (ADW_ALERT_DIALOG (self), body);

  ca_credentials_lookup_async (key, self->cancellable, user_found, g_object_ref (self));
  return self;
}

void
ca_credentials_dialog_present (CaCredentialsDialog *self,
                               GtkWidget           *parent)
{
  g_return_if_fail (CA_IS_CREDENTIALS_DIALOG (self));
  g_return_if_fail (GTK_IS_WIDGET (parent));

  g_set_weak_pointer (&self->parent, parent);
  adw_dialog_present (ADW_DIALOG (self), parent);
  gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
}

AdwEntryRow *
ca_credentials_dialog_get_user_row (CaCredentialsDialog *self)
{
  g_return_val_if_fail (CA_IS_CREDENTIALS_DIALOG (self), NULL);
  return self->user_row;
}

AdwEntryRow *
ca_credentials_dialog_get_password_row (CaCredentialsDialog *self)
{
  g_return_val_if_fail (CA_IS_CREDENTIALS_DIALOG (self), NULL);
  return self->password_row;
}
