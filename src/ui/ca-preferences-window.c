/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-preferences-window.h"

struct _CaPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* template children */
  AdwPreferencesPage   *general_page;
  AdwComboRow          *language_row;
  AdwActionRow         *notifications_row;
  GtkSwitch            *notifications_switch;
};

G_DEFINE_FINAL_TYPE (CaPreferencesWindow, ca_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The rows of language_row, in the order of the .ui's string list */
static const char * const content_languages[] = { "auto", "bg", "de", "en" };

static gboolean
language_to_row (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  const char *language = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (content_languages); i++)
    if (g_str_equal (language, content_languages[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
row_to_language (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  guint row = g_value_get_uint (value);

  if (row >= G_N_ELEMENTS (content_languages))
    return NULL;
  return g_variant_new_string (content_languages[row]);
}

static void
ca_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CA_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (ca_preferences_window_parent_class)->dispose (object);
}

static void
ca_preferences_window_finalize (GObject *object)
{
  CaPreferencesWindow *self = (CaPreferencesWindow *) object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ca_preferences_window_parent_class)->finalize (object);
}

static void
ca_preferences_window_class_init (CaPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_preferences_window_dispose;
  object_class->finalize = ca_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesWindow, general_page);
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesWindow, notifications_row);
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesWindow, notifications_switch);
}

static void
ca_preferences_window_init (CaPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CaPreferencesWindow *
ca_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  CaPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (CA_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  if (settings == NULL)
    {
      /* An uninstalled build without its schema: nothing could be kept */
      gtk_widget_set_sensitive (GTK_WIDGET (self->general_page), FALSE);
      return self;
    }

  self->settings = g_object_ref (settings);
  g_settings_bind_with_mapping (settings, "content-language", self->language_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, language_to_row, row_to_language,
                                NULL, NULL);
  g_settings_bind (settings, "notifications", self->notifications_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  return self;
}

void
ca_preferences_window_add_page (CaPreferencesWindow *self,
                                AdwPreferencesPage  *page)
{
  g_return_if_fail (CA_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (ADW_IS_PREFERENCES_PAGE (page));

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);
}

AdwComboRow *
ca_preferences_window_get_language_row (CaPreferencesWindow *self)
{
  g_return_val_if_fail (CA_IS_PREFERENCES_WINDOW (self), NULL);
  return self->language_row;
}

GtkSwitch *
ca_preferences_window_get_notifications_switch (CaPreferencesWindow *self)
{
  g_return_val_if_fail (CA_IS_PREFERENCES_WINDOW (self), NULL);
  return self->notifications_switch;
}
