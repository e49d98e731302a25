/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-preferences"

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <unistd.h>

#include "ca-application.h"
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
  g_autofree char *app_id = g_strdup_printf ("io.github.clusteratlas.TestPreferences.P%d",
                                             (int) getpid ());
  g_autoptr(GError) error = NULL;

  f->data_home = g_dir_make_tmp ("ca-preferences-XXXXXX", NULL);
  store_path = g_build_filename (f->data_home, "atlas.db", NULL);

  f->app = ca_application_new ();
  ca_application_set_store_path (f->app, store_path);
  g_application_set_application_id (G_APPLICATION (f->app), app_id);
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (f->app));
  f->window = CA_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (f->app)));
  g_assert_nonnull (f->window);

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

static void
collect_labels (GtkWidget *widget,
                GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  collect_labels (widget, texts);
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (texts->pdata[i], text) == 0)
      return TRUE;
  return FALSE;
}

/* The content language is the preference's, whatever the UI's is (C here), and the
 * window shows it as soon as it changes: the list and the open cluster's page. */
static void
test_content_language (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);

  g_assert_true (shows_text (window, "ICT Cluster"));
  g_assert_false (shows_text (window, "ИКТ Клъстер"));

  g_settings_set_string (f->settings, "content-language", "bg");
  iterate ();
  g_assert_cmpstr (ca_text_get_content_languages ()[0], ==, "bg");
  g_assert_true (shows_text (window, "ИКТ Клъстер"));
  g_assert_false (shows_text (window, "ICT Cluster"));

  g_settings_set_string (f->settings, "content-language", "en");
  iterate ();
  g_assert_true (shows_text (window, "ICT Cluster"));
  g_assert_false (shows_text (window, "ИКТ Клъстер"));

  /* auto: the UI's languages again */
  g_settings_set_string (f->settings, "content-language", "auto");
  iterate ();
  g_assert_true (ca_text_get_content_languages () == g_get_language_names ());
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }

  g_setenv ("XDG_DATA_HOME", "/nonexistent/ca-test-data-home", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/preferences/content-language", Fixture, NULL,
              fixture_set_up, test_content_language, fixture_tear_down);

  return g_test_run ();
}
