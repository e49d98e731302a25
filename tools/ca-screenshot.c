/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-screenshot"

/*
 * Renders Cluster Atlas's real window to a PNG, for docs/screenshots (run it under
 * Xvfb; tools/screenshots drives it):
 *
 *   ca-screenshot --store PATH --output FILE.png [--size 1280x800] [--dark]
 *                 [--view clusters|members|calendar|schedule] [--cluster FEED:ID]
 *                 [--event FEED:ID] [--project FEED:ID] [--search TEXT
 *                 [--search-show-all clusters|members|projects|events]]
 *                 [--preferences [--feeds]]   (the Preferences dialog over the window,
 *                                              on its Feeds page, every feed expanded)
 *                 [--update FILE] [--whats-new]
 *                                             (the first --feed's next version imported:
 *                                              the change log has news; What's New open)
 *                 [--clusters-filter FACET=VALUE]…  (the Clusters list's filters, as
 *                                              the last run left them: country=BG,
 *                                              sector=ICT by the feed's English text,
 *                                              "_" for a space)
 *                 [--feed FILE]…              (feed files stored first, beside the
 *                                              built-in data, unless the store has them)
 *                 [--star FEED:ID]…           (events starred first: My Schedule)
 *                 [--site FILE.ics [--follow]] (a cluster, SITE_CLUSTER, whose website on
 *                                              127.0.0.1 announces the calendar FILE.ics;
 *                                              --follow clicks its page's "Follow This
 *                                              Cluster's Calendar" and waits for the sync)
 *
 * The window draws itself through GTK's own renderer, so what is saved is exactly
 * what a user sees, without a window manager's decorations.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libsoup/soup.h>

#include "ca-application.h"
#include "ca-cluster-page.h"
#include "ca-settings.h"
#include "ca-text.h"
#include "ca-feed-parser.h"
#include "ca-sync-manager.h"
#include "ca-store.h"
#include "ca-whats-new.h"
#include "ca-window.h"

static char *opt_store;
static char *opt_output;
static char *opt_size = "1280x800";
static gboolean opt_dark;
static char *opt_view;
static char *opt_cluster;
static char *opt_event;
static char *opt_project;
static char *opt_search;
static char *opt_search_show_all;
static char *opt_calendar_page;
static char *opt_month;
static gboolean opt_past;

static char **opt_feeds_files;
static char **opt_stars;
static char *opt_site;
static gboolean opt_follow;
static char **opt_clusters_filter;
static gboolean opt_preferences;
static gboolean opt_feeds;
static char *opt_update;
static gboolean opt_whats_new;

static const GOptionEntry entries[] = {
  { "store", 0, 0, G_OPTION_ARG_FILENAME, &opt_store, "The store to show", "PATH" },
  { "output", 0, 0, G_OPTION_ARG_FILENAME, &opt_output, "The PNG to write", "FILE" },
  { "size", 0, 0, G_OPTION_ARG_STRING, &opt_size, "Window size", "WxH" },
  { "dark", 0, 0, G_OPTION_ARG_NONE, &opt_dark, "Dark style", NULL },
  { "view", 0, 0, G_OPTION_ARG_STRING, &opt_view, "clusters, members, calendar or schedule",
    "NAME" },
  { "cluster", 0, 0, G_OPTION_ARG_STRING, &opt_cluster, "Show a cluster", "FEED:ID" },
  { "event", 0, 0, G_OPTION_ARG_STRING, &opt_event, "Show an event", "FEED:ID" },
  { "project", 0, 0, G_OPTION_ARG_STRING, &opt_project, "Show a project", "FEED:ID" },
  { "search", 0, 0, G_OPTION_ARG_STRING, &opt_search, "Search for TEXT", "TEXT" },
  { "search-show-all", 0, 0, G_OPTION_ARG_STRING, &opt_search_show_all,
    "With --search: one section in full, as its \"Show all\" row shows it", "SECTION" },
  { "calendar-page", 0, 0, G_OPTION_ARG_STRING, &opt_calendar_page,
    "month, agenda or projects", "NAME" },
  { "month", 0, 0, G_OPTION_ARG_STRING, &opt_month, "The month grid's month", "YYYY-MM" },
  { "past", 0, 0, G_OPTION_ARG_NONE, &opt_past, "Show past events in the agenda", NULL },
  { "feeds", 0, 0, G_OPTION_ARG_NONE, &opt_feeds,
    "With --preferences: its Feeds page", NULL },
  { "feed", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_feeds_files,
    "Store this feed file first (once: a store that has it keeps it)", "FILE" },
  { "star", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_stars,
    "Star this event first (FEED:ID; a --feed file's key is its file: URI)", "FEED:ID" },
  { "update", 0, 0, G_OPTION_ARG_FILENAME, &opt_update,
    "Import FILE as the next version of the first --feed: the change log has news", "FILE" },
  { "whats-new", 0, 0, G_OPTION_ARG_NONE, &opt_whats_new,
    "Render the window with What's New open", NULL },
  { "site", 0, 0, G_OPTION_ARG_FILENAME, &opt_site,
    "Serve a cluster's website on 127.0.0.1 that announces this calendar", "FILE.ics" },
  { "follow", 0, 0, G_OPTION_ARG_NONE, &opt_follow,
    "With --site: follow the cluster's calendar from its page", NULL },
  { "clusters-filter", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_clusters_filter,
    "Filter the clusters list (country, region, sector, s3)", "FACET=VALUE" },
  { "preferences", 0, 0, G_OPTION_ARG_NONE, &opt_preferences,
    "Render the window with Preferences over it, every feed expanded", NULL },
  { NULL }
};

/* The feed files, each under its file: URI as a feed added with --add-feed is, so
 * that a store kept between shots imports each once */
static gboolean
store_feeds (GError **error)
{
  g_autoptr(CaStore) store = NULL;

  if (opt_update != NULL && opt_feeds_files == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--update needs a --feed to update");
      return FALSE;
    }
  if (opt_feeds_files == NULL && opt_stars == NULL)
    return TRUE;
  if ((store = ca_store_open (opt_store, error)) == NULL)
    return FALSE;
  /* Stars are kept by feed key and event id, whether the feed is stored yet or not */
  for (guint i = 0; opt_stars != NULL && opt_stars[i] != NULL; i++)
    {
      const char *colon = strrchr (opt_stars[i], ':');
      g_autofree char *feed = colon != NULL ? g_strndup (opt_stars[i], colon - opt_stars[i])
                                            : NULL;

      if (feed == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--star %s: not FEED-KEY:EVENT-ID", opt_stars[i]);
          return FALSE;
        }
      if (!ca_store_set_starred (store, feed, colon + 1, TRUE, error))
        return FALSE;
    }
  for (guint i = 0; opt_feeds_files != NULL && opt_feeds_files[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (opt_feeds_files[i]);
      g_autofree char *key = g_file_get_uri (file);
      g_autoptr(GMappedFile) mapped = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
      g_autoptr(CaFeed) feed = NULL;

      if (ca_store_has_feed (store, key))
        continue;
      if ((mapped = g_mapped_file_new (opt_feeds_files[i], FALSE, error)) == NULL)
        return FALSE;
      bytes = g_mapped_file_get_bytes (mapped);
      if (!ca_store_add_feed (store, key, error) ||
          (feed = ca_store_import_bytes (store, key, parser, bytes, error)) == NULL)
        return FALSE;
    }
  /* The first feed again, changed: its second import writes the change log */
  if (opt_update != NULL)
    {
      g_autoptr(GFile) first = g_file_new_for_commandline_arg (opt_feeds_files[0]);
      g_autofree char *key = g_file_get_uri (first);
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (opt_update, FALSE, error);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
      g_autoptr(CaFeed) feed = NULL;

      if (mapped == NULL)
        return FALSE;
      bytes = g_mapped_file_get_bytes (mapped);
      if ((feed = ca_store_import_bytes (store, key, parser, bytes, error)) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* {{{ --site: a cluster's website, on a SoupServer in this process */

#define SITE_FEED "https://sofia-events.example/clusters.json"
#define SITE_CLUSTER "sofia-events"

static SoupServer *site;
static GBytes *site_calendar;

static const char site_page[] =
  "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sofia Events Cluster</title>"
  "<link rel=\"stylesheet\" href=\"/style.css\">"
  "<link rel=\"alternate\" type=\"text/calendar\" title=\"Sofia Events Cluster » iCal Feed\" "
  "href=\"/events/?ical=1\"></head><body><h1>Sofia Events Cluster</h1></body></html>";

static void
serve_site (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  if (g_str_equal (path, "/"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                        site_page, strlen (site_page));
    }
  else if (g_str_equal (path, "/events/"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/calendar; charset=utf-8", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (site_calendar, NULL),
                                        g_bytes_get_size (site_calendar));
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

/* The server, and a feed whose one cluster has it as its website */
static gboolean
start_site (GError **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(CaStore) store = NULL;
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *url = NULL;
  GSList *uris;

  if ((mapped = g_mapped_file_new (opt_site, FALSE, error)) == NULL)
    return FALSE;
  site_calendar = g_mapped_file_get_bytes (mapped);
  site = soup_server_new (NULL, NULL);
  soup_server_add_handler (site, NULL, serve_site, NULL, NULL);
  if (!soup_server_listen_local (site, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;
  uris = soup_server_get_uris (site);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  text = g_strdup_printf ("{\"format\": \"cluster-feed\", \"version\": 1,"
                          " \"publisher\": {\"name\": \"Sofia Events Cluster\"},"
                          " \"clusters\": [{\"id\": \"" SITE_CLUSTER "\","
                          " \"name\": {\"en\": \"Sofia Events Cluster\","
                          " \"bg\": \"Клъстер „София Събития“\"},"
                          " \"summary\": {\"en\": \"Meetings, fairs and webinars of Sofia's "
                          "event organisers.\", \"bg\": \"Срещи, изложения и уебинари на "
                          "организаторите на събития в София.\"},"
                          " \"region\": \"BG41\", \"city\": {\"en\": \"Sofia\", \"bg\": "
                          "\"София\"}, \"country\": \"BG\", \"website\": \"%s\"}]}", url);
  json = g_bytes_new (text, strlen (text));
  if ((store = ca_store_open (opt_store, error)) == NULL)
    return FALSE;
  /* A store kept from another shot has the site's old port: its feed is replaced */
  if (ca_store_has_feed (store, SITE_FEED) && !ca_store_remove_feed (store, SITE_FEED, error))
    return FALSE;
  if (!ca_store_add_feed (store, SITE_FEED, error) ||
      (feed = ca_store_import_bytes (store, SITE_FEED, parser, json, error)) == NULL)
    return FALSE;
  return TRUE;
}

/* --follow: the page's button, once discovery has shown it; then the sync */
static gboolean
is_follow_button (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_widget_get_name (widget), "follow-calendar") == 0;
}

static GtkWidget *
find_follow_button (GtkWidget *widget)
{
  if (is_follow_button (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_follow_button (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* }}} */

/* The filters go where the last run would have left them, the settings, so the
 * window restores them as it opens. A value is the store's, or a Text's English. */
static gboolean
set_clusters_filter (GError **error)
{
  g_autoptr(CaStore) store = NULL;
  g_autoptr(CaClusterFilter) filter = ca_cluster_filter_new ();
  g_autoptr(GSettings) settings = NULL;

  if (opt_clusters_filter == NULL)
    return TRUE;
  if ((store = ca_store_open (opt_store, error)) == NULL)
    return FALSE;
  for (guint i = 0; opt_clusters_filter[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (opt_clusters_filter[i], "=", 2);
      g_autoptr(GPtrArray) choices = NULL;
      const char *value = NULL;
      guint facet = 0;

      while (facet < CA_N_CLUSTER_FACETS &&
             (pair[0] == NULL || g_strcmp0 (pair[0], ca_cluster_facet_key (facet)) != 0))
        facet++;
      /* tools/screenshots splits its arguments on spaces: "_" stands for one */
      if (pair[0] != NULL && pair[1] != NULL)
        g_strdelimit (pair[1], "_", ' ');
      if (facet == CA_N_CLUSTER_FACETS || pair[1] == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "bad --clusters-filter %s", opt_clusters_filter[i]);
          return FALSE;
        }
      if ((choices = ca_store_list_cluster_choices (store, facet, NULL, error)) == NULL)
        return FALSE;
      for (guint k = 0; value == NULL && k < choices->len; k++)
        {
          CaClusterChoice *choice = choices->pdata[k];
          g_autofree char *english = ca_text_lookup (choice->value, "en");

          if (g_str_equal (choice->value, pair[1]) || g_strcmp0 (english, pair[1]) == 0)
            value = choice->value;
        }
      ca_cluster_filter_set (filter, facet, value != NULL ? value : pair[1]);
    }
  if ((settings = ca_settings_new_if_installed ()) != NULL)
    g_settings_set_value (settings, "clusters-filter", ca_cluster_filter_to_variant (filter));
  return TRUE;
}

static GApplication *app;
static int status = 1;

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* "builtin:ict-cluster" → ("builtin", "ict-cluster"); the feed key may hold colons */
static gboolean
activate_record (GtkWidget  *window,
                 const char *action,
                 const char *spec)
{
  const char *colon = strrchr (spec, ':');
  g_autofree char *feed = NULL;

  if (colon == NULL)
    return FALSE;
  feed = g_strndup (spec, colon - spec);
  return gtk_widget_activate_action (window, action, "(ss)", feed, colon + 1);
}

static gboolean
save (gpointer user_data)
{
  GtkWidget *window = user_data;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_printerr ("ca-screenshot: the window drew nothing\n");
      g_application_quit (app);
      return G_SOURCE_REMOVE;
    }
  /* A popover is a surface of its own: drawn over the window where it shows */
  if (opt_whats_new)
    {
      GtkWidget *button = find_widget (window, CA_TYPE_WHATS_NEW);
      GtkWidget *popover = button != NULL ? find_widget (button, GTK_TYPE_POPOVER) : NULL;

      if (popover != NULL && gtk_widget_get_visible (popover))
        {
          g_autoptr(GdkPaintable) over = gtk_widget_paintable_new (popover);
          GtkSnapshot *both = gtk_snapshot_new ();
          GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (popover));
          double wx, wy, px, py;

          gtk_native_get_surface_transform (GTK_NATIVE (window), &wx, &wy);
          gtk_native_get_surface_transform (GTK_NATIVE (popover), &px, &py);
          double x = gdk_popup_get_position_x (GDK_POPUP (surface)) + px - wx;
          double y = gdk_popup_get_position_y (GDK_POPUP (surface)) + py - wy;

          /* Beside the window's edge the popover goes past it, on the screen; in a
           * picture of the window alone it slides back in, as it does at the
           * screen's edge */
          x = MAX (0, MIN (x, width - gtk_widget_get_width (popover)));
          gtk_snapshot_append_node (both, node);
          gtk_snapshot_translate (both, &GRAPHENE_POINT_INIT (x, y));
          gdk_paintable_snapshot (over, both, gtk_widget_get_width (popover),
                                  gtk_widget_get_height (popover));
          g_clear_pointer (&node, gsk_render_node_unref);
          node = gtk_snapshot_free_to_node (both);
        }
      else
        g_printerr ("ca-screenshot: What's New did not open\n");
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (gdk_texture_save_to_png (texture, opt_output))
    status = 0;
  else
    g_printerr ("ca-screenshot: cannot write %s\n", opt_output);
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
expand_rows (GtkWidget *widget)
{
  if (ADW_IS_EXPANDER_ROW (widget))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (widget), TRUE);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    expand_rows (child);
}

/* --search-show-all: once the search's sections are shown, one of them in full */
static void
show_all_once (CaSearchView *view,
               gpointer      data)
{
  static const char * const sections[] = { "clusters", "members", "projects", "events" };

  g_signal_handlers_disconnect_by_func (view, show_all_once, data);
  for (int k = 0; k < (int) G_N_ELEMENTS (sections); k++)
    if (g_strcmp0 (opt_search_show_all, sections[k]) == 0)
      {
        ca_search_view_show_all (view, k);
        return;
      }
  g_printerr ("ca-screenshot: bad --search-show-all %s\n", opt_search_show_all);
}

/* Preferences is a dialog over the window: the window is saved with it on top */
static gboolean
arrange_preferences (gpointer user_data)
{
  GtkWidget *window = user_data;
  AdwDialog *dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));

  if (!ADW_IS_PREFERENCES_DIALOG (dialog))
    {
      g_printerr ("ca-screenshot: Preferences did not open\n");
      g_application_quit (app);
      return G_SOURCE_REMOVE;
    }
  if (opt_feeds)
    adw_preferences_dialog_set_visible_page_name (ADW_PREFERENCES_DIALOG (dialog), "feeds");
  expand_rows (GTK_WIDGET (dialog));
  g_timeout_add (1500, save, window);
  return G_SOURCE_REMOVE;
}

static gboolean arrange (gpointer user_data);

static gboolean followed;
static guint follow_tries;

static gboolean
follow_step (gpointer user_data)
{
  GtkWidget *window = user_data;
  CaSyncManager *manager = ca_sync_manager_get_default (
    app, ca_application_get_store (CA_APPLICATION (app)));
  GtkWidget *button = find_follow_button (window);

  if (++follow_tries > 100)
    {
      g_printerr ("ca-screenshot: no Follow This Cluster's Calendar button\n");
      g_application_quit (app);
      return G_SOURCE_REMOVE;
    }
  if (button == NULL || ca_sync_manager_is_syncing (manager))
    return G_SOURCE_CONTINUE;
  if (gtk_widget_get_sensitive (button))
    {
      g_signal_emit_by_name (button, "clicked");
      return G_SOURCE_CONTINUE;
    }
  /* Following, and synced: on to the view asked for */
  followed = TRUE;
  g_idle_add (arrange, window);
  return G_SOURCE_REMOVE;
}

static gboolean
arrange (gpointer user_data)
{
  GtkWidget *window = user_data;

  if (opt_follow && !followed)
    {
      gtk_widget_activate_action (window, "win.show-cluster", "(ss)", SITE_FEED, SITE_CLUSTER);
      g_timeout_add (200, follow_step, window);
      return G_SOURCE_REMOVE;
    }
  if (opt_preferences)
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
      g_timeout_add (300, arrange_preferences, window);
      return G_SOURCE_REMOVE;
    }

  if (opt_view != NULL)
    gtk_widget_activate_action (window, "win.show-view", "s", opt_view);
  if (opt_calendar_page != NULL || opt_month != NULL || opt_past)
    {
      CaCalendarView *calendar = ca_window_get_calendar_view (CA_WINDOW (window));
      int year, month;

      if (opt_past)
        ca_calendar_view_set_show_past (calendar, TRUE);
      if (opt_calendar_page != NULL)
        ca_calendar_view_set_visible_view (calendar, opt_calendar_page);
      if (opt_month != NULL && sscanf (opt_month, "%d-%d", &year, &month) == 2)
        ca_calendar_view_show_month (calendar, year, month);
    }
  if (opt_cluster != NULL && !activate_record (window, "win.show-cluster", opt_cluster))
    g_printerr ("ca-screenshot: bad --cluster %s\n", opt_cluster);
  if (opt_event != NULL && !activate_record (window, "win.show-event", opt_event))
    g_printerr ("ca-screenshot: bad --event %s\n", opt_event);
  if (opt_project != NULL && !activate_record (window, "win.show-project", opt_project))
    g_printerr ("ca-screenshot: bad --project %s\n", opt_project);
  if (opt_search != NULL)
    {
      if (opt_search_show_all != NULL)
        g_signal_connect (ca_window_get_search_view (CA_WINDOW (window)), "results-changed",
                          G_CALLBACK (show_all_once), NULL);
      gtk_widget_activate_action (window, "win.search", NULL);
      gtk_editable_set_text (GTK_EDITABLE (find_widget (window, GTK_TYPE_SEARCH_ENTRY)),
                             opt_search);
    }

  if (opt_whats_new)
    gtk_widget_activate_action (window, "win.whats-new", NULL);

  /* Time for idle page building, a debounced search and its worker to finish */
  g_timeout_add (1500, save, window);
  return G_SOURCE_REMOVE;
}

/* The window's buttons as GNOME has them (close alone), whatever this X server's
 * settings: the screenshots show the app as GNOME users see it */
static void
gnome_window_buttons (GApplication *application)
{
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
}

static void
force_dark (GApplication *application)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
}

static void
window_added (GtkApplication *application,
              GtkWindow      *window)
{
  int width = 1280, height = 800;

  sscanf (opt_size, "%dx%d", &width, &height);
  gtk_window_set_default_size (window, width, height);
  g_timeout_add (800, arrange, window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- render Cluster Atlas's window");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("io.github.clusteratlas.Screenshot.P%d", (int) getpid ());
  CaApplication *ca;
  char *no_args[] = { argv[0], NULL };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CLUSTER_ATLAS_LOCALEDIR") != NULL
                                   ? g_getenv ("CLUSTER_ATLAS_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || opt_store == NULL ||
      opt_output == NULL)
    {
      g_printerr ("ca-screenshot: %s\n", error ? error->message : "--store and --output are needed");
      return 2;
    }

  if (!store_feeds (&error) || !set_clusters_filter (&error))
    {
      g_printerr ("ca-screenshot: %s\n", error->message);
      return 1;
    }

  if (opt_site != NULL && !start_site (&error))
    {
      g_printerr ("ca-screenshot: %s\n", error->message);
      return 1;
    }

  ca = ca_application_new ();
  ca_application_set_store_path (ca, opt_store);
  g_application_set_application_id (G_APPLICATION (ca), id);
  g_application_set_flags (G_APPLICATION (ca), G_APPLICATION_NON_UNIQUE);
  app = G_APPLICATION (ca);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added), NULL);
  g_signal_connect_after (app, "startup", G_CALLBACK (gnome_window_buttons), NULL);
  if (opt_dark)
    g_signal_connect_after (app, "startup", G_CALLBACK (force_dark), NULL);

  g_application_run (app, 1, no_args);
  g_object_unref (app);
  g_clear_object (&site);
  g_clear_pointer (&site_calendar, g_bytes_unref);
  return status;
}
