/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-application.h"
#include "ca-command-changes.h"
#include "ca-command-line.h"
#include "ca-command-schedule.h"
#include "ca-command-store.h"
#include "ca-command-sync.h"
#include "ca-cluster-filter.h"
#include "ca-cluster-list.h"
#include "ca-feeds-page.h"
#include "ca-iso-codes.h"
#include "ca-notifier.h"
#include "ca-preferences-dialog.h"
#include "ca-search-provider.h"
#include "ca-settings.h"
#include "ca-sync-manager.h"
#include "ca-text.h"
#include "ca-window.h"

struct _CaApplication
{
  AdwApplication  parent_instance;

  CaStore        *store;
  char           *store_path;      /* NULL: the default, in XDG_DATA_HOME */
  char           *store_problem;   /* for the user: recovery or failure to open */
  gboolean        store_newer;     /* written by a newer version: left alone, not shown */
  CaClusterList  *first_clusters;  /* read with the store, for the first window */
  CaFontPreload  *fonts;           /* the first window's, being loaded */
  GSettings      *settings;        /* NULL when the schema is not installed */
  CaSearchProvider *search_provider;
  CaNotifier     *notifier;        /* reminders of starred events */
  GObject        *watched_sync;    /* the sync manager told of (weak) */
  gint64          sync_since;      /* Unix seconds the sync under way began, or 0 */
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
  { "cluster-name", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --add-feed: subscribe to an iCalendar calendar as the events of a new "
       "cluster of this name (--cluster=ID: of a cluster already there)"), N_("NAME") },
  { "remove-feed", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Remove a feed and its records"), N_("URL") },
  { "list-feeds", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("List the feeds with their last sync, last error and counts"), NULL },
  { "sync", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Sync every feed and print one line per feed"), NULL },
  /* A string: GApplication would drop an int option given as 0 */
  { "timeout", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --sync: give up a feed's download after this long (default: the "
       "setting, 2 minutes)"), N_("SECONDS") },
  { "store", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use this offline data file instead of the usual one"), N_("FILE") },
  { NULL }
};

/* Headless commands run here, before GTK is initialised, so they need no display. */
static int
ca_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  g_autofree char *feed_path = NULL;
  g_autofree char *store_path = NULL;
  int status;

  if (g_variant_dict_contains (options, "version"))
    return ca_command_version ();
  /* --store: for the commands and the window; a regular file, or none yet */
  if (g_variant_dict_lookup (options, "store", "^ay", &store_path))
    {
      g_autofree char *absolute = NULL;

      if (!ca_command_set_store_path (store_path))
        return 1;
      absolute = ca_command_dup_store_path ();
      ca_application_set_store_path (CA_APPLICATION (app), absolute);
    }
  if (g_variant_dict_lookup (options, "validate-feed", "^ay", &feed_path))
    return ca_command_validate_feed (feed_path);
  /* The change log (ca-command-changes.c); before the schedule, whose --starred it shares */
  if (ca_command_changes_wanted (options))
    return ca_command_changes_run (options);
  /* The schedule as a PDF or an iCalendar file (ca-command-schedule.c) */
  if (ca_command_schedule_wanted (options))
    return ca_command_schedule_run (options);
  /* Feeds: --add-feed, --remove-feed, --list-feeds, --sync (ca-command-sync.c) */
  if ((status = ca_command_sync_dispatch (options)) >= 0)
    return status;

  return G_APPLICATION_CLASS (ca_application_parent_class)->handle_local_options (app, options);
}

/* Opening the store (and, on a first run, filling it with the built-in feed) and
 * reading the first clusters need no GTK: they run in this thread while GTK starts
 * up on the main one, which is most of the time to the window's first frame. */
typedef struct
{
  char          *path;
  CaStore       *store;
  char          *problem;    /* for the user */
  gboolean       newer;      /* written by a newer version */
  CaClusterFilter *filter;   /* the Clusters list's, kept from the last run */
  CaClusterList *clusters;   /* the first page already read, through that filter */
} StoreOpening;

static gpointer
open_store_thread (gpointer data)
{
  StoreOpening *opening = data;
  g_autoptr(GBytes) builtin = NULL;
  g_autoptr(GError) error = NULL;

  opening->store = ca_store_open (opening->path, &error);
  if (opening->store != NULL)
    {
      g_autoptr(GSettings) settings = ca_settings_new_if_installed ();

      /* How many syncs the change log keeps */
      ca_settings_apply_to_store (settings, opening->store);
    }
  /* A file or folder without write permission: shown as it is */
  if (opening->store == NULL && g_error_matches (error, CA_STORE_ERROR, CA_STORE_ERROR_READ_ONLY))
    {
      g_autoptr(GError) read_only_error = NULL;

      opening->store = ca_store_open_full (opening->path, CA_STORE_OPEN_READ_ONLY,
                                           &read_only_error);
      if (opening->store != NULL)
        {
          /* Translators: %s is a file path */
          opening->problem = g_strdup_printf (_("The offline data at %s cannot be written: "
                                                "it is shown as it is, and syncs and stars "
                                                "are not saved."), opening->path);
          g_clear_error (&error);
        }
    }
  if (opening->store == NULL)
    {
      /* A newer version's data is left alone, and the window says what to do */
      opening->newer = g_error_matches (error, CA_STORE_ERROR, CA_STORE_ERROR_NEWER);
      if (opening->newer)
        opening->problem = g_strdup (error->message);
      else
        {
          g_warning ("Cannot open %s: %s", opening->path, error->message);
          opening->problem = g_strdup_printf (_("The offline data cannot be opened: %s"),
                                              error->message);
        }
      return opening;
    }
  if (opening->problem == NULL)
    opening->problem = ca_store_dup_recovery_message (opening->store);

  builtin = g_resources_lookup_data (BUILTIN_FEED_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (builtin != NULL);
  if (ca_store_is_read_only (opening->store))
    ;   /* what it holds, with or without the built-in feed */
  else if (!ca_store_ensure_builtin (opening->store, builtin, &error))
    {
      g_warning ("Cannot load the built-in feed: %s", error->message);
      g_clear_pointer (&opening->problem, g_free);
      opening->problem = g_strdup_printf (_("The built-in data cannot be loaded: %s"),
                                          error->message);
      g_clear_error (&error);
    }

  opening->clusters = ca_cluster_list_new_filtered (opening->store, opening->filter, &error);
  if (opening->clusters != NULL && g_list_model_get_n_items (G_LIST_MODEL (opening->clusters)) > 0)
    {
      g_autoptr(CaCluster) first = g_list_model_get_item (G_LIST_MODEL (opening->clusters), 0);

      /* A row names its cluster's country: the names (iso-codes' table and its
       * translations) are read here, not by the main thread at the first row */
      if (first->country != NULL)
        g_free (ca_iso_country_name (first->country));
    }
  return opening;
}

static GThread *
start_opening_store (CaApplication *self)
{
  StoreOpening *opening = g_new0 (StoreOpening, 1);

  opening->path = self->store_path != NULL ? g_strdup (self->store_path)
                                           : ca_store_default_path ();
  /* The list as the window will show it: filtered as the last run left it
   * (ca-clusters-view.c), so the first rows are not read a second time */
  {
    g_autoptr(GSettings) settings = ca_settings_new_if_installed ();
    g_autoptr(GVariant) saved = settings != NULL
                                ? g_settings_get_value (settings, "clusters-filter") : NULL;

    opening->filter = saved != NULL ? ca_cluster_filter_new_from_variant (saved)
                                    : ca_cluster_filter_new ();
  }
  return g_thread_new ("ca-open-store", open_store_thread, opening);
}

static void
finish_opening_store (CaApplication *self,
                      GThread       *thread)
{
  StoreOpening *opening = g_thread_join (thread);

  self->store = opening->store;
  self->store_problem = opening->problem;
  self->store_newer = opening->newer;
  self->first_clusters = opening->clusters;
  ca_cluster_filter_free (opening->filter);
  g_free (opening->path);
  g_free (opening);
}

/* GTK draws the symbolic icons of the header bar from the icon theme's SVG files,
 * each in a worker thread, and the first frame waits for them all. The first one
 * loads gdk-pixbuf's SVG module, which maps librsvg and the libraries it needs
 * and sets it up: several ms of a core, and in the window's first frame the main
 * thread sat waiting for it. Loaded here, in a thread of its own while GTK starts
 * up on the main one, the module is ready when the window needs its icons; the
 * empty AdwApplicationWindow that tools/bench compares with has no icon at all.
 *
 * That is GTK 4.18, the floor. GTK 4.24 (the Flatpak runtime's, Debian testing's)
 * draws symbolic icons without gdk-pixbuf, whose SVG module there goes through
 * glycin and starts a loader process of its own: loading it ahead only cost the
 * first frame (1.33 against 1.20 times the empty window, docs/performance.md). It is
 * loaded ahead only where GTK is older than 4.20. */
static gboolean
svg_module_wanted (void)
{
  return gtk_check_version (4, 20, 0) != NULL;
}

static gpointer
load_svg_module_thread (gpointer data)
{
  static const char svg[] = "<svg xmlns='http://www.w3.org/2000/svg' width='16' height='16'/>";
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("svg", NULL);

  /* Without the module GTK shows its broken-image icon anyway: nothing to report */
  if (loader == NULL)
    return NULL;
  gdk_pixbuf_loader_write (loader, (const guchar *) svg, sizeof svg - 1, NULL);
  gdk_pixbuf_loader_close (loader, NULL);
  return NULL;
}

/* Adding a folder to the icon theme throws away what GTK has read of it, and
 * GtkApplication adds the application's icons after libadwaita has added its own
 * and GTK has started reading (see ca_application_startup): the first icon the
 * window then looks up would read it all again, index files and caches of Adwaita
 * and hicolor, on the main thread, in the window's first frame (about 30 M
 * instructions). GTK reads a theme in a thread of its own when the icon theme
 * setting changes; telling it that it did, with the same name, has that read done
 * in the background while the window is being built. */
static void
read_icon_theme_in_thread (void)
{
  GtkSettings *settings = gtk_settings_get_default ();

  if (settings != NULL)
    g_object_notify (G_OBJECT (settings), "gtk-icon-theme-name");
}

/* The texts the first window's first frame shows, drawn once in a thread while
 * the window is being built (ca-font-preload.c): the view switcher's titles, the
 * rows of the list of clusters that fit in the window, the bottom bar */
static void
start_font_preload (CaApplication *self)
{
  static const char *views[] = { N_("Clusters"), N_("Members"), N_("Calendar") };
  g_autofree char *freshness = ca_window_dup_freshness (self->store);
  /* As many rows as the list makes for the window's height (ca-clusters-view.c),
   * when the window opens on the list (ca-window.c restores the last view) */
  int height = self->settings != NULL ? g_settings_get_int (self->settings, "window-height") : 0;
  g_autofree char *view = self->settings != NULL ? g_settings_get_string (self->settings, "last-view")
                                                 : NULL;
  guint n = self->first_clusters != NULL
            ? g_list_model_get_n_items (G_LIST_MODEL (self->first_clusters)) : 0;

  if (view != NULL && !g_str_equal (view, "clusters"))
    n = 0;
  n = MIN (n, (guint) (height > 0 ? height : 720) / 44 + 1);
  self->fonts = ca_font_preload_new ();
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    ca_font_preload_add (self->fonts, CA_FONT_PRELOAD_BOLD, _(views[i]));
  ca_font_preload_add (self->fonts, CA_FONT_PRELOAD_CAPTION, freshness);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaCluster) cluster = g_list_model_get_item (G_LIST_MODEL (self->first_clusters), i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      ca_clusters_view_format_row (cluster, &title, &subtitle);
      ca_font_preload_add (self->fonts, CA_FONT_PRELOAD_BOLD, title);
      ca_font_preload_add (self->fonts, CA_FONT_PRELOAD_CAPTION, subtitle);
    }
  ca_font_preload_start (self->fonts);
}

/* The feed texts' language follows the preference, not the UI's (a Bulgarian
 * manager may run an English desktop); "auto" is the UI's languages. */
static void
apply_content_language (CaApplication *self)
{
  g_autofree char *language = g_settings_get_string (self->settings, "content-language");
  const char *languages[] = { language, NULL };

  if (g_str_equal (language, "auto"))
    ca_text_set_content_languages (NULL);
  else
    ca_text_set_content_languages (languages);
}

static void
content_language_changed (CaApplication *self)
{
  apply_content_language (self);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (CA_IS_WINDOW (l->data))
      ca_window_reload (CA_WINDOW (l->data));
}

static void
load_settings (CaApplication *self)
{
  /* An uninstalled build run by hand has no schema: defaults, nothing kept */
  if ((self->settings = ca_settings_new_if_installed ()) == NULL)
    return;
  g_signal_connect_object (self->settings, "changed::content-language",
                           G_CALLBACK (content_language_changed), self, G_CONNECT_SWAPPED);
  /* "auto" is what CaText does unless told otherwise: nothing to set at start-up */
  {
    g_autofree char *language = g_settings_get_string (self->settings, "content-language");

    if (!g_str_equal (language, "auto"))
      apply_content_language (self);
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
  AdwDialog *about = g_object_new (ADW_TYPE_ABOUT_DIALOG,
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

  adw_about_dialog_add_acknowledgement_section (ADW_ABOUT_DIALOG (about),
                                                _("Built-in data from public pages of"),
                                                data_sources);
  adw_dialog_present (about, GTK_WIDGET (gtk_application_get_active_window (app)));
}

/* The General page, and the feeds */
static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  CaApplication *self = CA_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  CaPreferencesDialog *dialog = ca_preferences_dialog_new (self->settings);

  if (self->store != NULL)
    ca_preferences_dialog_add_page (dialog, ADW_PREFERENCES_PAGE (
      ca_feeds_page_new (ca_sync_manager_get_default (G_APPLICATION (self), self->store))));
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (parent));
}

/* Instead of the views, when the store was written by a newer version: what
 * happened and what to do, and nothing that could touch the file */
static GtkWindow *
newer_data_window_new (CaApplication *self)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (self));
  GtkWidget *toolbar = adw_toolbar_view_new ();
  GtkWidget *status = adw_status_page_new ();
  /* The description is markup; the message holds a path */
  g_autofree char *description = g_markup_escape_text (self->store_problem, -1);

  gtk_window_set_title (GTK_WINDOW (window), _("Cluster Atlas"));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "dialog-warning-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Data From a Newer Version"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), description);
  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (toolbar), adw_header_bar_new ());
  adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (toolbar), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), toolbar);
  return GTK_WINDOW (window);
}

static CaWindow *present_window (CaApplication *self);

/* A reminder's notification was clicked */
static void
show_event_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  CaWindow *window = present_window (CA_APPLICATION (user_data));

  if (window != NULL)
    gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.show-event", parameter);
}

/* A sync's notification was clicked: the window, with What's New open on that sync's
 * changes, starred events first */
static void
show_changes_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  CaWindow *window = present_window (CA_APPLICATION (user_data));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.whats-new", NULL);
}

/* An event page starred an event: tell if it now clashes with another starred one */
static void
star_added_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  CaApplication *self = CA_APPLICATION (user_data);
  const char *feed, *id;

  g_variant_get (parameter, "(&s&s)", &feed, &id);
  if (self->notifier != NULL)
    ca_notifier_star_added (self->notifier, feed, id);
}

static const GActionEntry app_actions[] = {
  { "show-event", show_event_activated, "(ss)" },
  { "show-changes", show_changes_activated },
  { "star-added", star_added_activated, "(ss)" },
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "about", about_activated },
};

/* The window the Shell's choice shows up in: the open one, or a new one. The
 * Shell's timestamp goes unused: GTK 4.14 deprecated presenting with one, which
 * on Wayland gives no right to focus (an activation token does). */
static CaWindow *
present_window (CaApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = self->store_newer ? newer_data_window_new (self) : GTK_WINDOW (ca_window_new (self));
  gtk_window_present (window);
  /* NULL: the store is a newer version's, and the window says so */
  return CA_IS_WINDOW (window) ? CA_WINDOW (window) : NULL;
}

static void
search_result_activated (CaApplication *self,
                         int            kind,
                         const char    *feed,
                         const char    *id,
                         guint          position,
                         guint          timestamp)
{
  GtkWidget *window = GTK_WIDGET (present_window (self));

  if (window == NULL)
    return;
  switch (kind)
    {
    case CA_SEARCH_CLUSTER:
      gtk_widget_activate_action (window, "win.show-cluster", "(ss)", feed, id);
      break;
    case CA_SEARCH_MEMBER:
      gtk_widget_activate_action (window, "win.show-member", "(ssu)", feed, id, position);
      break;
    case CA_SEARCH_PROJECT:
      gtk_widget_activate_action (window, "win.show-project", "(ss)", feed, id);
      break;
    case CA_SEARCH_EVENT:
      gtk_widget_activate_action (window, "win.show-event", "(ss)", feed, id);
      break;
    default:
      break;
    }
}

static void
search_launched (CaApplication *self,
                 const char    *text,
                 guint          timestamp)
{
  CaWindow *window = present_window (self);

  if (window != NULL)
    ca_window_search (window, text);
}

/* Before start-up: the Shell may call as soon as the name is on the bus */
static gboolean
ca_application_dbus_register (GApplication     *app,
                              GDBusConnection  *connection,
                              const char       *object_path,
                              GError          **error)
{
  CaApplication *self = CA_APPLICATION (app);
  g_autofree char *path = g_strconcat (object_path, "/SearchProvider", NULL);

  if (!G_APPLICATION_CLASS (ca_application_parent_class)->dbus_register (app, connection,
                                                                          object_path, error))
    return FALSE;

  self->search_provider = ca_search_provider_new (app);
  g_signal_connect_object (self->search_provider, "activate-result",
                           G_CALLBACK (search_result_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_provider, "launch-search",
                           G_CALLBACK (search_launched), self, G_CONNECT_SWAPPED);
  return ca_search_provider_export (self->search_provider, connection, path, error);
}

static void
ca_application_dbus_unregister (GApplication    *app,
                                GDBusConnection *connection,
                                const char      *object_path)
{
  CaApplication *self = CA_APPLICATION (app);

  if (self->search_provider != NULL)
    ca_search_provider_unexport (self->search_provider);
  g_clear_object (&self->search_provider);

  G_APPLICATION_CLASS (ca_application_parent_class)->dbus_unregister (app, connection, object_path);
}

static void
ca_application_startup (GApplication *app)
{
  CaApplication *self = CA_APPLICATION (app);
  /* The application's and the window's keys that the main menu shows beside its
   * items (the window's own, such as Alt+1 and Ctrl+F, are ca-window-actions.c's) */
  static const struct { const char *action; const char *accels[3]; } menu_accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.sync", { "<Control>r", NULL } },
    /* The Calendar's, or My Schedule's when it shows (ca-window-actions.c) */
    { "win.print", { "<Control>p", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.show-help-overlay", { "<Control>question", "<Control><Shift>question", NULL } },
  };
  GThread *opening = start_opening_store (self);

  /* GtkApplication's start-up reads the whole icon theme on the main thread to ask
   * whether there is an icon named after the application, unless a default window
   * icon is set; there is one, in our resources. And libadwaita, set up first,
   * adds its icons before GtkApplication adds ours, rather than after the theme
   * has been read for them (read_icon_theme_in_thread). The main thread reaches
   * the first frame some 20 M instructions sooner, the median start 1 % sooner
   * (docs/performance.md). The chain-up below calls gtk_init () and adw_init ()
   * again, which then do nothing. */
  gtk_init ();
  adw_init ();
  gtk_window_set_default_icon_name (APP_ID);
  G_APPLICATION_CLASS (ca_application_parent_class)->startup (app);
  read_icon_theme_in_thread ();
  if (svg_module_wanted ())
    g_thread_unref (g_thread_new ("ca-svg-module", load_svg_module_thread, NULL));

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (menu_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), menu_accels[i].action,
                                           menu_accels[i].accels);

  load_settings (self);
  finish_opening_store (self, opening);
  start_font_preload (self);
  if (self->search_provider != NULL)
    ca_search_provider_set_store (self->search_provider, self->store);
  if (self->store != NULL)
    self->notifier = ca_notifier_new (app, self->store, self->settings);
}

/* The first window is made from an idle just after GTK's own at GTK_PRIORITY_RESIZE
 * - 2, which tells every widget that the icon theme changed: GtkApplication's
 * start-up adds the application's icons to the theme after libadwaita's has set GTK
 * reading it (see read_icon_theme_in_thread and ca_application_startup), and GTK
 * announces the change once the main loop runs.
 * A window built before that announcement looks each of its icons up again and
 * loads the SVG files of the header's eleven icons a second time, on the main thread
 * while drawing its first frame (the first loads, in GTK's threads, are thrown away;
 * GTK 4.18 and 4.24 alike). Built after it, each icon is loaded once, in GTK's
 * threads, while the window is laid out. docs/performance.md has the measurements. */
static gboolean
present_first_window (gpointer data)
{
  /* Activated twice before the first idle ran: the second finds the window made */
  present_window (CA_APPLICATION (data));
  g_application_release (G_APPLICATION (data));
  return G_SOURCE_REMOVE;
}

static void
ca_application_activate (GApplication *app)
{
  if (gtk_application_get_active_window (GTK_APPLICATION (app)) != NULL)
    {
      present_window (CA_APPLICATION (app));
      return;
    }
  /* Held: with no window yet the application would have no reason to run */
  g_application_hold (app);
  g_idle_add_full (GTK_PRIORITY_RESIZE - 1, present_first_window, g_object_ref (app),
                   g_object_unref);
}

static void
syncing_changed (CaApplication *self,
                 GObject       *manager)
{
  gboolean syncing = ca_sync_manager_is_syncing (CA_SYNC_MANAGER (manager));

  if (syncing && self->sync_since == 0)
    self->sync_since = g_get_real_time () / G_USEC_PER_SEC;
  else if (!syncing && self->sync_since != 0)
    {
      gint64 since = self->sync_since;

      self->sync_since = 0;
      if (self->notifier != NULL)
        ca_notifier_sync_done (self->notifier, since);
    }
}

void
ca_application_watch_sync (CaApplication *self,
                           GObject       *sync_manager)
{
  g_return_if_fail (CA_IS_APPLICATION (self));
  g_return_if_fail (CA_IS_SYNC_MANAGER (sync_manager));

  if (self->watched_sync == sync_manager)
    return;
  g_set_weak_pointer (&self->watched_sync, sync_manager);
  g_signal_connect_object (sync_manager, "syncing-changed", G_CALLBACK (syncing_changed), self,
                           G_CONNECT_SWAPPED);
}

static void
ca_application_finalize (GObject *object)
{
  CaApplication *self = (CaApplication *) object;

  g_clear_weak_pointer (&self->watched_sync);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->search_provider);
  g_clear_object (&self->notifier);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->store_problem, g_free);
  g_clear_object (&self->first_clusters);
  if (self->fonts != NULL)
    ca_font_preload_finish (g_steal_pointer (&self->fonts), NULL);

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
  app_class->dbus_register = ca_application_dbus_register;
  app_class->dbus_unregister = ca_application_dbus_unregister;
}

static void
ca_application_init (CaApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  /* --print-schedule, --export-ics and their filters */
  g_application_add_main_option_entries (G_APPLICATION (self), ca_command_schedule_options);
  /* --changes, --since */
  g_application_add_main_option_entries (G_APPLICATION (self), ca_command_changes_options);
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

/* NULL when the schema is not installed */
GSettings *
ca_application_get_settings (CaApplication *self)
{
  g_return_val_if_fail (CA_IS_APPLICATION (self), NULL);
  return self->settings;
}

const char *
ca_application_get_store_problem (CaApplication *self)
{
  g_return_val_if_fail (CA_IS_APPLICATION (self), NULL);
  return self->store_problem;
}

/* The fonts the first window draws, loaded or being loaded; NULL after the first */
CaFontPreload *
ca_application_take_font_preload (CaApplication *self)
{
  g_return_val_if_fail (CA_IS_APPLICATION (self), NULL);

  return g_steal_pointer (&self->fonts);
}

/* The clusters as read when the store was opened, once: the first window shows
 * them without reading the store again. NULL afterwards. */

CaClusterList *
ca_application_take_clusters (CaApplication *self)
{
  g_return_val_if_fail (CA_IS_APPLICATION (self), NULL);
  return g_steal_pointer (&self->first_clusters);
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
