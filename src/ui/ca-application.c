/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-application.h"
#include "ca-command-line.h"
#include "ca-command-sync.h"
#include "ca-feeds-page.h"
#include "ca-window.h"

struct _CaApplication
{
  AdwApplication  parent_instance;

  CaStore        *store;
  char           *store_path;      /* NULL: the default, in XDG_DATA_HOME */
  char           *store_problem;   /* for the user: recovery or failure to open */
};

G_DEFINE_FINAL_TYPE (CaApplication, ca_application, ADW_TYPE_APPLICATION)

#define BUILTIN_FEED_RESOURCE "/io/github/clusteratlas/ClusterAtlas/data/default-feed.json"

static const GOptionEntry option_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { "validate-feed", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Check a cluster feed file and print its problems"), N_("PATH") },
  { "add-feed", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Subscribe to a cluster feed (https address or file)"), N_("URL") },
  { "remove-feed", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Remove a feed and its records"), N_("URL") },
  { "list-feeds", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("List the feeds with their last sync, last error and counts"), NULL },
  { "sync", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Sync every feed and print one line per feed"), NULL },
  { NULL }
};

/* Headless commands run here, before GTK is initialised, so they need no display. */
static int
ca_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  g_autofree char *feed_path = NULL;
  int status;

  if (g_variant_dict_contains (options, "version"))
    return ca_command_version ();
  if (g_variant_dict_lookup (options, "validate-feed", "^ay", &feed_path))
    return ca_command_validate_feed (feed_path);
  if ((status = ca_command_sync_dispatch (options)) >= 0)
    return status;

  return G_APPLICATION_CLASS (ca_application_parent_class)->handle_local_options (app, options);
}

static void
open_store (CaApplication *self)
{
  g_autofree char *path = self->store_path != NULL ? g_strdup (self->store_path)
                                                    : ca_store_default_path ();
  g_autoptr(GBytes) builtin = NULL;
  g_autoptr(GError) error = NULL;

  self->store = ca_store_open (path, &error);
  if (self->store == NULL)
    {
      g_warning ("Cannot open %s: %s", path, error->message);
      self->store_problem = g_strdup_printf (_("The offline data cannot be opened: %s"),
                                             error->message);
      return;
    }
  self->store_problem = ca_store_dup_recovery_message (self->store);

  builtin = g_resources_lookup_data (BUILTIN_FEED_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (builtin != NULL);
  if (!ca_store_ensure_builtin (self->store, builtin, &error))
    {
      g_warning ("Cannot load the built-in feed: %s", error->message);
      g_clear_pointer (&self->store_problem, g_free);
      self->store_problem = g_strdup_printf (_("The built-in data cannot be loaded: %s"),
                                             error->message);
    }
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "Cluster Atlas developers", NULL };
  /* The pages the built-in feed was made from (data/default-feed.json) */
  static const char *data_sources[] = {
    "ICT Cluster — European Cluster Collaboration Platform profile",
    "Cluster Green Technology and Mechanical Engineering",
    "Technology Center Sofia",
    "Cleantech Bulgaria",
    "Bulgarian Small and Medium-sized Enterprises Promotion Agency (BSMEPA)",
    NULL
  };
  GtkWidget *about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                                   "transient-for", gtk_application_get_active_window (app),
                                   "application-name", _("Cluster Atlas"),
                                   "application-icon", APP_ID,
                                   "version", PACKAGE_VERSION,
                                   "developers", developers,
                                   "license-type", GTK_LICENSE_GPL_3_0,
                                   "copyright", "© 2026 Cluster Atlas developers",
                                   "comments", _("Browse business clusters, their members and the "
                                                 "calendar of their EU projects and events"),
                                   /* TRANSLATORS: put your name here, one per line */
                                   "translator-credits", _("translator-credits"),
                                   NULL);

  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about),
                                                _("Built-in data from public pages of"),
                                                data_sources);
  gtk_window_present (GTK_WINDOW (about));
}

/* A plain preferences window with the feeds page (CaPreferencesWindow takes it in) */
static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  CaApplication *self = CA_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *window;

  g_return_if_fail (self->store != NULL);
  window = adw_preferences_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (self));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (
    ca_feeds_page_new (ca_sync_manager_get_default (G_APPLICATION (self), self->store))));
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
};

static void
ca_application_startup (GApplication *app)
{
  CaApplication *self = CA_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (ca_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);

  open_store (self);
}

static void
ca_application_activate (GApplication *app)
{
  CaApplication *self = CA_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (ca_window_new (self));
  gtk_window_present (window);
}

static void
ca_application_finalize (GObject *object)
{
  CaApplication *self = (CaApplication *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->store_problem, g_free);

  G_OBJECT_CLASS (ca_application_parent_class)->finalize (object);
}

static void
ca_application_class_init (CaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = ca_application_finalize;
  app_class->handle_local_options = ca_application_handle_local_options;
  app_class->startup = ca_application_startup;
  app_class->activate = ca_application_activate;
}

static void
ca_application_init (CaApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Browse business clusters offline."));
}

CaApplication *
ca_application_new (void)
{
  return g_object_new (CA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/clusteratlas/ClusterAtlas",
                       NULL);
}

CaStore *
ca_application_get_store (CaApplication *self)
{
  g_return_val_if_fail (CA_IS_APPLICATION (self), NULL);
  return self->store;
}

const char *
ca_application_get_store_problem (CaApplication *self)
{
  g_return_val_if_fail (CA_IS_APPLICATION (self), NULL);
  return self->store_problem;
}

/* Before start-up only: where the store lives (tests use a temporary one). */
void
ca_application_set_store_path (CaApplication *self,
                               const char    *path)
{
  g_return_if_fail (CA_IS_APPLICATION (self));
  g_return_if_fail (self->store == NULL);

  g_free (self->store_path);
  self->store_path = g_strdup (path);
}
