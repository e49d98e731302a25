/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-preferences-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-format.h"
#include "ca-preferences-dialog.h"

struct _CaPreferencesDialog
{
  AdwPreferencesDialog  parent_instance;

  GSettings            *settings;

  /* template children */
  AdwPreferencesPage   *general_page;
  AdwComboRow          *language_row;
  AdwComboRow          *interval_row;
  AdwComboRow          *size_row;
  AdwComboRow          *deadline_row;
  AdwSpinRow           *page_limit_row;
  AdwActionRow         *notifications_row;
  GtkSwitch            *notifications_switch;
  AdwSwitchRow         *clash_all_day_row;
};

G_DEFINE_FINAL_TYPE (CaPreferencesDialog, ca_preferences_dialog, ADW_TYPE_PREFERENCES_DIALOG)

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

/* The choices of the sync settings: sync-interval in minutes, feed-size-limit in
 * MiB, sync-deadline in seconds. A value set some other way (gsettings) shows as
 * the nearest choice. */
static const guint intervals[] = { 60, 180, 360, 720, 1440, 10080 };
static const guint sizes[] = { 16, 32, 64, 128, 256, 512, 1024 };
static const guint deadlines[] = { 30, 60, 120, 300, 600, 1800 };

static guint
n_choices (const guint *choices)
{
  if (choices == intervals)
    return G_N_ELEMENTS (intervals);
  if (choices == sizes)
    return G_N_ELEMENTS (sizes);
  return G_N_ELEMENTS (deadlines);
}

static GListModel *
interval_names (void)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (intervals); i++)
    {
      guint minutes = intervals[i];
      g_autofree char *name = NULL;

      if (minutes == 10080)
        name = g_strdup (_("Week"));
      else if (minutes % 1440 == 0)
        name = g_strdup_printf (ngettext ("%u day", "%u days", minutes / 1440), minutes / 1440);
      else
        name = g_strdup_printf (ngettext ("%u hour", "%u hours", minutes / 60), minutes / 60);
      gtk_string_list_append (names, name);
    }
  return G_LIST_MODEL (names);
}

static GListModel *
size_names (void)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = NULL;

      if (sizes[i] % 1024 == 0)
        /* Translators: a size in gibibytes */
        name = g_strdup_printf (_("%u GiB"), sizes[i] / 1024);
      else
        /* Translators: a size in mebibytes */
        name = g_strdup_printf (_("%u MiB"), sizes[i]);
      gtk_string_list_append (names, name);
    }
  return G_LIST_MODEL (names);
}

static GListModel *
deadline_names (void)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (deadlines); i++)
    {
      g_autofree char *name = ca_format_seconds (deadlines[i]);
      gtk_string_list_append (names, name);
    }
  return G_LIST_MODEL (names);
}

/* print-page-limit is a count ("u"), the spin row's value a double */
static gboolean
count_to_value (GValue   *value,
                GVariant *variant,
                gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
value_to_count (const GValue       *value,
                const GVariantType *expected_type,
                gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) CLAMP (g_value_get_double (value), 1, G_MAXUINT32));
}

static gboolean
value_to_row (GValue   *value,
              GVariant *variant,
              gpointer  user_data)
{
  const guint *choices = user_data;
  guint n = n_choices (choices);
  guint wanted = g_variant_get_uint32 (variant);
  guint best = 0;

  for (guint i = 1; i < n; i++)
    if (ABS ((gint64) choices[i] - wanted) < ABS ((gint64) choices[best] - wanted))
      best = i;
  g_value_set_uint (value, best);
  return TRUE;
}

static GVariant *
row_to_value (const GValue       *value,
              const GVariantType *expected_type,
              gpointer            user_data)
{
  const guint *choices = user_data;
  guint n = n_choices (choices);
  guint row = g_value_get_uint (value);

  if (row >= n)
    return NULL;
  return g_variant_new_uint32 (choices[row]);
}

/* The value a row shows is a few words at most ("128 MiB", "Same as the
 * Application"): shown whole, the row's title and subtitle wrap beside it rather
 * than the value being cut short (libadwaita's own label stops at 20 characters,
 * and gives way first in a narrow window). The list that drops down keeps the
 * row's own. */
static void
setup_value (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_value (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static void
show_value_whole (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_value), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_value), NULL);
  adw_combo_row_set_list_factory (row, adw_combo_row_get_factory (row));
  adw_combo_row_set_factory (row, factory);
}

static void
ca_preferences_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CA_TYPE_PREFERENCES_DIALOG);

  G_OBJECT_CLASS (ca_preferences_dialog_parent_class)->dispose (object);
}

static void
ca_preferences_dialog_finalize (GObject *object)
{
  CaPreferencesDialog *self = (CaPreferencesDialog *) object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ca_preferences_dialog_parent_class)->finalize (object);
}

static void
ca_preferences_dialog_class_init (CaPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_preferences_dialog_dispose;
  object_class->finalize = ca_preferences_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesDialog, general_page);
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesDialog, interval_row);
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesDialog, size_row);
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesDialog, deadline_row);
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesDialog, page_limit_row);
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesDialog, notifications_row);
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesDialog, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesDialog, clash_all_day_row);
}

/* AdwPreferencesDialog keeps a search entry of its own, hidden here (search is
 * off) but still in the accessibility tree: it gets a name like every control */
static void
name_search_entry (GtkWidget *widget)
{
  if (GTK_IS_SEARCH_ENTRY (widget))
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Search Preferences"), -1);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_search_entry (child);
}

static void
ca_preferences_dialog_init (CaPreferencesDialog *self)
{
  g_autoptr(GListModel) interval_model = interval_names ();
  g_autoptr(GListModel) size_model = size_names ();
  g_autoptr(GListModel) deadline_model = deadline_names ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Named here, not in the .ui: gtk4-builder-tool validate builds the template on
   * a real instance, which has the page already, and would add a second one of
   * the same name */
  adw_preferences_page_set_name (self->general_page, "general");
  adw_combo_row_set_model (self->interval_row, interval_model);
  adw_combo_row_set_model (self->size_row, size_model);
  adw_combo_row_set_model (self->deadline_row, deadline_model);
  show_value_whole (self->language_row);
  show_value_whole (self->interval_row);
  show_value_whole (self->size_row);
  show_value_whole (self->deadline_row);
  name_search_entry (GTK_WIDGET (self));
}

CaPreferencesDialog *
ca_preferences_dialog_new (GSettings *settings)
{
  CaPreferencesDialog *self;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (CA_TYPE_PREFERENCES_DIALOG, NULL);
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
  g_settings_bind (settings, "clash-all-day", self->clash_all_day_row, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "sync-interval", self->interval_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, value_to_row, row_to_value,
                                (gpointer) intervals, NULL);
  g_settings_bind_with_mapping (settings, "feed-size-limit", self->size_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, value_to_row, row_to_value,
                                (gpointer) sizes, NULL);
  g_settings_bind_with_mapping (settings, "sync-deadline", self->deadline_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, value_to_row, row_to_value,
                                (gpointer) deadlines, NULL);
  g_settings_bind_with_mapping (settings, "print-page-limit", self->page_limit_row, "value",
                                G_SETTINGS_BIND_DEFAULT, count_to_value, value_to_count,
                                NULL, NULL);
  return self;
}

void
ca_preferences_dialog_add_page (CaPreferencesDialog *self,
                                AdwPreferencesPage  *page)
{
  g_return_if_fail (CA_IS_PREFERENCES_DIALOG (self));
  g_return_if_fail (ADW_IS_PREFERENCES_PAGE (page));

  adw_preferences_dialog_add (ADW_PREFERENCES_DIALOG (self), page);
}

AdwComboRow *
ca_preferences_dialog_get_language_row (CaPreferencesDialog *self)
{
  g_return_val_if_fail (CA_IS_PREFERENCES_DIALOG (self), NULL);
  return self->language_row;
}

GtkSwitch *
ca_preferences_dialog_get_notifications_switch (CaPreferencesDialog *self)
{
  g_return_val_if_fail (CA_IS_PREFERENCES_DIALOG (self), NULL);
  return self->notifications_switch;
}
