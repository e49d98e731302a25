/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-preferences"

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <unistd.h>

#include "ca-application.h"
#include "ca-preferences-dialog.h"
#include "ca-test-util.h"
#include "ca-text.h"
#include "ca-window.h"

/* The preferences, on the real application and window (GSETTINGS_BACKEND=memory). */

typedef struct {
  char          *data_home;
  CaApplication *app;
  CaWindow      *window;
  GSettings     *settings;
} Fixture;

static void
iterate (void)
{
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *store_path = NULL;

  f->data_home = g_dir_make_tmp ("ca-preferences-XXXXXX", NULL);
  store_path = g_build_filename (f->data_home, "atlas.db", NULL);

  f->window = ca_test_application_start (&f->app, store_path);

  f->settings = ca_application_get_settings (f->app);
  g_assert_nonnull (f->settings);
  iterate ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *store_path = g_build_filename (f->data_home, "atlas.db", NULL);

  g_settings_reset (f->settings, "content-language");
  g_settings_reset (f->settings, "notifications");
  iterate ();
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->app);
  g_unlink (store_path);
  g_rmdir (f->data_home);
  g_free (f->data_home);
}

/* The content language is the preference's, whatever the UI's is (C here), and the
 * window shows it as soon as it changes: the list and the open cluster's page. */
static void
test_content_language (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);

  g_assert_true (ca_test_shows_text (window, "ICT Cluster"));
  g_assert_false (ca_test_shows_text (window, "ИКТ Клъстер"));

  g_settings_set_string (f->settings, "content-language", "bg");
  iterate ();
  g_assert_cmpstr (ca_text_get_content_languages ()[0], ==, "bg");
  g_assert_true (ca_test_shows_text (window, "ИКТ Клъстер"));
  g_assert_false (ca_test_shows_text (window, "ICT Cluster"));

  g_settings_set_string (f->settings, "content-language", "en");
  iterate ();
  g_assert_true (ca_test_shows_text (window, "ICT Cluster"));
  g_assert_false (ca_test_shows_text (window, "ИКТ Клъстер"));

  /* auto: the UI's languages again */
  g_settings_set_string (f->settings, "content-language", "auto");
  iterate ();
  g_assert_true (ca_text_get_content_languages () == g_get_language_names ());
}

/* The dialog over the window, as the user sees it */
static CaPreferencesDialog *
find_preferences_dialog (Fixture *f)
{
  AdwDialog *dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (f->window));

  return CA_IS_PREFERENCES_DIALOG (dialog) ? CA_PREFERENCES_DIALOG (dialog) : NULL;
}

static void
close_dialog (AdwDialog *dialog)
{
  adw_dialog_force_close (dialog);
  iterate ();
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action))
        return TRUE;
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_primary_menu_button (GtkWidget     *widget,
                        gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget));
}

static GMenuModel *
find_primary_menu (GtkWidget *root)
{
  GtkWidget *button = ca_test_find_widget_where (root, is_primary_menu_button, NULL);

  if (button == NULL)
    return NULL;
  /* The menu is built when first opened (ca-window.c) */
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  return gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
}

/* app.preferences is in the primary menu, on Ctrl+comma and in the shortcuts window */
static void
test_dialog_reachable (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char **accels = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app),
                                                                    "app.preferences");
  GMenuModel *menu = find_primary_menu (GTK_WIDGET (f->window));
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (
      "/io/github/clusteratlas/ClusterAtlas/ui/help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  gboolean in_overlay = FALSE;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->app), "preferences"));
  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Control>comma");
  g_strfreev (g_steal_pointer (&accels));

  g_assert_nonnull (menu);
  g_assert_true (menu_has_action (menu, "app.preferences"));

  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        g_autofree char *accel = NULL;
        g_object_get (l->data, "accelerator", &accel, NULL);
        in_overlay |= g_strcmp0 (accel, "<Primary>comma") == 0;
      }
  g_assert_true (in_overlay);
}

/* The dialog opens over the window on the action, its rows follow the settings
 * and set them */
static void
test_dialog_rows (Fixture       *f,
                  gconstpointer  data)
{
  CaPreferencesDialog *prefs;
  AdwComboRow *language;
  GtkSwitch *notifications;

  g_assert_null (find_preferences_dialog (f));
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  iterate ();
  prefs = find_preferences_dialog (f);
  g_assert_nonnull (prefs);
  /* In the window, not a window of its own */
  g_assert_true (gtk_widget_get_root (GTK_WIDGET (prefs)) == GTK_ROOT (f->window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (prefs)));
  g_assert_cmpstr (adw_preferences_dialog_get_visible_page_name (ADW_PREFERENCES_DIALOG (prefs)),
                   ==, "general");

  language = ca_preferences_dialog_get_language_row (prefs);
  notifications = ca_preferences_dialog_get_notifications_switch (prefs);
  g_assert_cmpuint (adw_combo_row_get_selected (language), ==, 0);       /* auto */
  g_assert_true (gtk_switch_get_active (notifications));

  /* Row to setting, and the window follows */
  adw_combo_row_set_selected (language, 2);
  iterate ();
  {
    g_autofree char *value = g_settings_get_string (f->settings, "content-language");
    g_assert_cmpstr (value, ==, "de");
  }
  adw_combo_row_set_selected (language, 1);
  iterate ();
  g_assert_true (ca_test_shows_text (GTK_WIDGET (f->window), "ИКТ Клъстер"));

  /* Setting to row */
  g_settings_set_string (f->settings, "content-language", "en");
  iterate ();
  g_assert_cmpuint (adw_combo_row_get_selected (language), ==, 3);

  gtk_switch_set_active (notifications, FALSE);
  iterate ();
  g_assert_false (g_settings_get_boolean (f->settings, "notifications"));
  g_settings_set_boolean (f->settings, "notifications", TRUE);
  iterate ();
  g_assert_true (gtk_switch_get_active (notifications));

  close_dialog (ADW_DIALOG (prefs));
  g_assert_null (find_preferences_dialog (f));
}

static gboolean
is_combo_titled (GtkWidget     *widget,
                 gconstpointer  title)
{
  return ADW_IS_COMBO_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* The row titled title under root */
static AdwComboRow *
find_combo (GtkWidget  *root,
            const char *title)
{
  return ADW_COMBO_ROW (ca_test_find_widget_where (root, is_combo_titled, title));
}

/* The sync's settings: how often, how large a feed may be; a value set elsewhere
 * shows as the nearest choice */
static void
test_sync_rows (Fixture       *f,
                gconstpointer  data)
{
  CaPreferencesDialog *prefs;
  AdwComboRow *interval, *size, *deadline;

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  iterate ();
  prefs = find_preferences_dialog (f);
  g_assert_nonnull (prefs);
  interval = find_combo (GTK_WIDGET (prefs), "Sync _Every");
  size = find_combo (GTK_WIDGET (prefs), "_Largest Feed");
  deadline = find_combo (GTK_WIDGET (prefs), "_Give Up After");
  g_assert_nonnull (interval);
  g_assert_nonnull (size);
  g_assert_nonnull (deadline);

  /* The defaults: 6 hours, 128 MiB */
  g_assert_cmpuint (g_settings_get_uint (f->settings, "sync-interval"), ==, 360);
  g_assert_cmpuint (adw_combo_row_get_selected (interval), ==, 2);
  g_assert_cmpuint (adw_combo_row_get_selected (size), ==, 3);
  /* and a download given 2 minutes */
  g_assert_cmpuint (g_settings_get_uint (f->settings, "sync-deadline"), ==, 120);
  g_assert_cmpuint (adw_combo_row_get_selected (deadline), ==, 2);
  /* the dialog slides in: its rows are mapped once it is on screen */
  g_assert_nonnull (ca_test_wait_text (GTK_WIDGET (prefs), "6 hours", 5000));
  g_assert_true (ca_test_shows_text (GTK_WIDGET (prefs), "128 MiB"));
  g_assert_true (ca_test_shows_text (GTK_WIDGET (prefs), "2 min"));

  adw_combo_row_set_selected (interval, 4);
  adw_combo_row_set_selected (size, 6);
  adw_combo_row_set_selected (deadline, 0);
  iterate ();
  g_assert_cmpuint (g_settings_get_uint (f->settings, "sync-deadline"), ==, 30);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "sync-interval"), ==, 1440);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "feed-size-limit"), ==, 1024);

  g_settings_set_uint (f->settings, "sync-interval", 200);   /* nearest: 3 hours */
  iterate ();
  g_assert_cmpuint (adw_combo_row_get_selected (interval), ==, 1);

  g_settings_reset (f->settings, "sync-interval");
  g_settings_reset (f->settings, "feed-size-limit");
  g_settings_reset (f->settings, "sync-deadline");
  close_dialog (ADW_DIALOG (prefs));
}

/* The page count above which printing asks: a spin row on the General page */
static void
test_dialog_page_limit (Fixture       *f,
                        gconstpointer  data)
{
  CaPreferencesDialog *prefs;
  GtkWidget *label;
  AdwSpinRow *row;

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  iterate ();
  prefs = find_preferences_dialog (f);
  g_assert_nonnull (prefs);
  label = ca_test_wait_text (GTK_WIDGET (prefs), "Ask Before Printing More Pages Than", 5000);
  g_assert_nonnull (label);
  row = ADW_SPIN_ROW (gtk_widget_get_ancestor (label, ADW_TYPE_SPIN_ROW));
  g_assert_nonnull (row);

  g_assert_cmpuint (g_settings_get_uint (f->settings, "print-page-limit"), ==, 500);
  g_assert_cmpfloat (adw_spin_row_get_value (row), ==, 500);
  adw_spin_row_set_value (row, 1200);
  iterate ();
  g_assert_cmpuint (g_settings_get_uint (f->settings, "print-page-limit"), ==, 1200);
  g_settings_set_uint (f->settings, "print-page-limit", 40);
  iterate ();
  g_assert_cmpfloat (adw_spin_row_get_value (row), ==, 40);

  g_settings_reset (f->settings, "print-page-limit");
  close_dialog (ADW_DIALOG (prefs));
}

/* Other pages (the feeds page of the sync) join the General one */
static void
test_dialog_add_page (Fixture       *f,
                      gconstpointer  data)
{
  CaPreferencesDialog *prefs = ca_preferences_dialog_new (f->settings);
  AdwPreferencesDialog *dialog = ADW_PREFERENCES_DIALOG (prefs);
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());

  adw_preferences_page_set_name (page, "feeds");
  adw_preferences_page_set_title (page, "Feeds");
  ca_preferences_dialog_add_page (prefs, page);
  adw_dialog_present (ADW_DIALOG (prefs), GTK_WIDGET (f->window));
  iterate ();
  g_assert_true (find_preferences_dialog (f) == prefs);
  adw_preferences_dialog_set_visible_page_name (dialog, "feeds");
  g_assert_true (adw_preferences_dialog_get_visible_page (dialog) == page);
  adw_preferences_dialog_set_visible_page_name (dialog, "general");
  g_assert_cmpstr (adw_preferences_dialog_get_visible_page_name (dialog), ==, "general");
  close_dialog (ADW_DIALOG (prefs));
}

/* Without a settings schema nothing could be kept: the General page is there,
 * insensitive */
static void
test_dialog_without_settings (Fixture       *f,
                              gconstpointer  data)
{
  CaPreferencesDialog *prefs = ca_preferences_dialog_new (NULL);

  adw_dialog_present (ADW_DIALOG (prefs), GTK_WIDGET (f->window));
  iterate ();
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (ca_preferences_dialog_get_language_row (prefs))));
  close_dialog (ADW_DIALOG (prefs));
}

/* Preferences and About fit a window 360 px wide: no word is cut (tests/test-ui-language.c
 * tries the same in Bulgarian and German) */
static void
test_dialogs_fit (Fixture       *f,
                  gconstpointer  data)
{
  ca_test_check_dialogs_fit (GTK_WINDOW (f->window));
}

int
main (int   argc,
      char *argv[])
{
  ca_test_require_display ();

  g_setenv ("XDG_DATA_HOME", "/nonexistent/ca-test-data-home", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/preferences/content-language", Fixture, NULL,
              fixture_set_up, test_content_language, fixture_tear_down);
  g_test_add ("/preferences/dialog/reachable", Fixture, NULL,
              fixture_set_up, test_dialog_reachable, fixture_tear_down);
  g_test_add ("/preferences/dialog/rows", Fixture, NULL,
              fixture_set_up, test_dialog_rows, fixture_tear_down);
  g_test_add ("/preferences/dialog/sync-rows", Fixture, NULL,
              fixture_set_up, test_sync_rows, fixture_tear_down);
  g_test_add ("/preferences/dialog/page-limit", Fixture, NULL,
              fixture_set_up, test_dialog_page_limit, fixture_tear_down);
  g_test_add ("/preferences/dialog/add-page", Fixture, NULL,
              fixture_set_up, test_dialog_add_page, fixture_tear_down);
  g_test_add ("/preferences/dialog/without-settings", Fixture, NULL,
              fixture_set_up, test_dialog_without_settings, fixture_tear_down);
  g_test_add ("/preferences/dialogs-fit", Fixture, NULL,
              fixture_set_up, test_dialogs_fit, fixture_tear_down);

  return g_test_run ();
}
