/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-calendar-view.h"
#include "ca-clusters-view.h"
#include "ca-format.h"
#include "ca-members-view.h"
#include "ca-search-view.h"
#include "ca-sync-manager.h"
#include "ca-text.h"
#include "ca-tooltip.h"
#include "ca-window.h"

struct _CaWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;   /* NULL when the schema is not installed */
  CaStore              *store;
  guint                 loaded;     /* LOADED_* of the views given the store so far */

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwSqueezer          *title_squeezer;
  AdwBin               *narrow_title;     /* empty until the window is first narrow */
  AdwViewSwitcher      *header_switcher;
  AdwViewSwitcherBar   *switcher_bar;    /* NULL until the window is first narrow */
  GtkBox               *content_box;
  AdwViewStack         *view_stack;
  GtkStack             *main_stack;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;     /* NULL until the first key or search */
  GtkLabel             *freshness_label;
  CaClustersView       *clusters_view;
  AdwBin               *members_bin;
  AdwBin               *calendar_bin;
  AdwBin               *search_bin;
  GtkMenuButton        *menu_button;
  GMenuModel           *primary_menu;
  CaSearchView         *search_view;   /* NULL until the first search */
  GtkWidget            *sync_button;
  AdwHeaderBar         *header_bar;
  GtkWidget            *progress_box;     /* NULL until the first sync */
  GtkSpinner           *sync_spinner;
  GtkLabel             *progress_label;
  GtkRevealer          *banner_revealer;  /* NULL until the first failed sync */
  GtkLabel             *banner_label;

  CaSyncManager        *sync_manager;   /* NULL without a store */

  /* Built when first shown: the first frame waits for the clusters view alone */
  CaMembersView        *members_view;
  CaCalendarView       *calendar_view;
};

G_DEFINE_FINAL_TYPE (CaWindow, ca_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  LOADED_CLUSTERS = 1 << 0,
  LOADED_MEMBERS  = 1 << 1,
  LOADED_CALENDAR = 1 << 2,
};

#define SCHEMA_ID "io.github.clusteratlas.ClusterAtlas"

static void load_view (CaWindow *self, const char *name);
static void start_sync (CaWindow *self, CaApplication *app);

static void
show_view (CaWindow   *self,
           const char *name)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  load_view (self, name);
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/* Made when search first opens: the first frame does not wait for it */
static CaSearchView *
ensure_search_view (CaWindow *self)
{
  if (self->search_view == NULL)
    {
      self->search_view = g_object_new (CA_TYPE_SEARCH_VIEW, NULL);
      ca_search_view_set_store (self->search_view, self->store);
      adw_bin_set_child (self->search_bin, GTK_WIDGET (self->search_view));
    }
  return self->search_view;
}

static void
search_changed (CaWindow *self)
{
  const char *text = self->search_entry != NULL
                     ? gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) : "";
  gboolean searching = text[0] != '\0';

  if (searching || self->search_view != NULL)
    ca_search_view_set_query (ensure_search_view (self), text);
  gtk_stack_set_visible_child_name (self->main_stack, searching ? "search" : "views");
}

static void
stop_search (CaWindow *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
search_activated (CaWindow *self)
{
  /* Enter moves into the results, where arrows and Enter go on. */
  gtk_widget_child_focus (GTK_WIDGET (ensure_search_view (self)), GTK_DIR_TAB_FORWARD);
}

/* The search entry is made when first needed: a GtkSearchEntry holds a GtkText, whose
 * class alone (its key bindings) is a good part of what a hidden entry would cost
 * the first frame */
static GtkSearchEntry *
ensure_search_entry (CaWindow *self)
{
  GtkWidget *clamp;

  if (self->search_entry != NULL)
    return self->search_entry;

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search_entry,
                "placeholder-text", _("Search clusters, members, projects and events"),
                "hexpand", TRUE, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search"), -1);
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (search_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search",
                           G_CALLBACK (stop_search), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate",
                           G_CALLBACK (search_activated), self, G_CONNECT_SWAPPED);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 560);
  gtk_widget_set_hexpand (clamp, TRUE);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->search_entry));
  gtk_search_bar_set_child (self->search_bar, clamp);
  /* The bar forwards keys only to an entry it is connected to, and does not find
   * one inside the clamp by itself */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  return self->search_entry;
}

/* Runs before the bar's own key handler on the window (in the capture phase):
 * on the first key the window gets the entry is made, and the bar then types the
 * key into it as it would have */
static gboolean
first_key_pressed (CaWindow *self)
{
  ensure_search_entry (self);
  return GDK_EVENT_PROPAGATE;
}

static void
search_mode_changed (CaWindow *self)
{
  if (gtk_search_bar_get_search_mode (self->search_bar))
    {
      ensure_search_entry (self);
      ensure_search_view (self);
    }
  else
    {
      if (self->search_entry != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_stack_set_visible_child_name (self->main_stack, "views");
    }
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  show_view (CA_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (ensure_search_entry (self)));
}

static void
show_cluster_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);
  const char *feed, *id;

  g_variant_get (parameter, "(&s&s)", &feed, &id);
  show_view (self, "clusters");
  ca_clusters_view_select_cluster (self->clusters_view, feed, id);
}

static void
show_member_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);
  const char *feed, *cluster;
  guint position;

  g_variant_get (parameter, "(&s&su)", &feed, &cluster, &position);
  show_view (self, "members");
  ca_members_view_show_member (self->members_view, feed, cluster, position);
}

static void
show_event_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);
  const char *feed, *id;

  g_variant_get (parameter, "(&s&s)", &feed, &id);
  show_view (self, "calendar");
  ca_calendar_view_show_event (self->calendar_view, feed, id);
}

static void
show_project_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);
  const char *feed, *id;

  g_variant_get (parameter, "(&s&s)", &feed, &id);
  show_view (self, "calendar");
  ca_calendar_view_show_project (self->calendar_view, feed, id);
}

/* "Offline data from 23 November 2026": how fresh what the user sees is */
static void
update_freshness (CaWindow *self,
                  CaStore  *store)
{
  gint64 when = store != NULL ? ca_store_get_data_time (store) : 0;
  g_autofree char *text = NULL;

  if (when > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (when);
      g_autofree char *day = g_strstrip (ca_format_day (dt));

      /* TRANSLATORS: %s is a date, "23 November 2026" */
      text = g_strdup_printf (_("Offline data from %s"), day);
    }
  gtk_label_set_text (self->freshness_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->freshness_label), text != NULL);
}

static CaMembersView *
ensure_members_view (CaWindow *self)
{
  if (self->members_view == NULL)
    {
      self->members_view = g_object_new (CA_TYPE_MEMBERS_VIEW, NULL);
      adw_bin_set_child (self->members_bin, GTK_WIDGET (self->members_view));
    }
  return self->members_view;
}

static CaCalendarView *
ensure_calendar_view (CaWindow *self)
{
  if (self->calendar_view == NULL)
    {
      self->calendar_view = g_object_new (CA_TYPE_CALENDAR_VIEW, NULL);
      adw_bin_set_child (self->calendar_bin, GTK_WIDGET (self->calendar_view));
    }
  return self->calendar_view;
}

/* A view reads the store when it is first shown: the first frame waits only for the
 * view on screen, not for every member and event of a large store. */
static void
load_view (CaWindow   *self,
           const char *name)
{
  if (g_strcmp0 (name, "clusters") == 0 && !(self->loaded & LOADED_CLUSTERS))
    {
      self->loaded |= LOADED_CLUSTERS;
      ca_clusters_view_set_store (self->clusters_view, self->store);
    }
  else if (g_strcmp0 (name, "members") == 0 && !(self->loaded & LOADED_MEMBERS))
    {
      self->loaded |= LOADED_MEMBERS;
      ca_members_view_set_store (ensure_members_view (self), self->store);
    }
  else if (g_strcmp0 (name, "calendar") == 0 && !(self->loaded & LOADED_CALENDAR))
    {
      self->loaded |= LOADED_CALENDAR;
      ca_calendar_view_set_store (ensure_calendar_view (self), self->store);
    }
}

static void
load_visible_view (CaWindow *self)
{
  load_view (self, adw_view_stack_get_visible_child_name (self->view_stack));
}

/* A toast's title is Pango markup in libadwaita 1.2: text (feed titles, file
 * paths) goes in escaped */
static void
show_toast (CaWindow   *self,
            const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
load (CaWindow      *self,
      CaApplication *app)
{
  CaStore *store = ca_application_get_store (app);
  const char *problem = ca_application_get_store_problem (app);
  g_autoptr(CaClusterList) clusters = ca_application_take_clusters (app);

  if (problem != NULL)
    {
      /* the message holds a file's path */
      show_toast (self, problem);
    }

  g_set_object (&self->store, store);
  self->loaded = 0;
  if (self->search_view != NULL)
    ca_search_view_set_store (self->search_view, store);
  if (clusters != NULL &&
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "clusters") == 0)
    {
      self->loaded |= LOADED_CLUSTERS;
      ca_clusters_view_set_clusters (self->clusters_view, store, clusters);
    }
  load_visible_view (self);
  update_freshness (self, store);
  start_sync (self, app);
}

/* {{{ Sync */

/* "3 days ago": how old the data of a failing feed is */
static char *
format_age (gint64 when)
{
  gint64 age = g_get_real_time () / G_USEC_PER_SEC - when;
  int n;

  if (age < 3600)
    return g_strdup (_("less than an hour ago"));
  if (age < 86400)
    {
      n = age / 3600;
      return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", n), n);
    }
  n = age / 86400;
  return g_strdup_printf (ngettext ("%d day ago", "%d days ago", n), n);
}

/* The banner tells of the first shown feed whose last sync failed */
/* A banner as libadwaita 1.3 has it, for 1.2: the last sync of a feed failed.
 * Made with the first failure: most windows never show it. */
static void
ensure_banner (CaWindow *self)
{
  GtkWidget *box, *retry;

  if (self->banner_revealer != NULL)
    return;

  self->banner_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (self->banner_label), TRUE);
  gtk_label_set_wrap (self->banner_label, TRUE);
  gtk_label_set_xalign (self->banner_label, 0);

  retry = gtk_button_new_with_mnemonic (_("_Retry"));
  gtk_widget_set_valign (retry, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (retry), "win.sync");
  gtk_accessible_update_property (GTK_ACCESSIBLE (retry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Retry the sync"), -1);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (box, "ca-banner");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->banner_label));
  gtk_box_append (GTK_BOX (box), retry);

  self->banner_revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_widget_set_name (GTK_WIDGET (self->banner_revealer), "banner");
  gtk_revealer_set_transition_type (self->banner_revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_revealer_set_child (self->banner_revealer, box);
  /* under the header bar, over the search bar */
  gtk_box_insert_child_after (self->content_box, GTK_WIDGET (self->banner_revealer),
                              GTK_WIDGET (self->header_bar));
}

static void
update_banner (CaWindow *self)
{
  g_autoptr(GPtrArray) feeds = NULL;
  g_autofree char *text = NULL;

  if (self->store != NULL)
    feeds = ca_store_list_feeds (self->store, NULL);
  for (guint i = 0; feeds != NULL && i < feeds->len && text == NULL; i++)
    {
      CaFeedInfo *info = feeds->pdata[i];

      if (info->last_error == NULL || info->hidden || g_str_equal (info->key, CA_FEED_BUILTIN))
        continue;
      if (info->last_sync > 0)
        {
          g_autofree char *age = format_age (info->last_sync);
          /* TRANSLATORS: the first %s is why the sync failed, the second "3 days ago" */
          text = g_strdup_printf (_("%s Showing data from %s."), info->last_error, age);
        }
      else
        /* TRANSLATORS: %s is why the sync failed */
        text = g_strdup_printf (_("%s No data from this feed yet."), info->last_error);
    }
  if (text == NULL && self->banner_revealer == NULL)
    return;
  ensure_banner (self);
  gtk_label_set_text (self->banner_label, text != NULL ? text : "");
  /* Left in place once made, so that it slides away when the feed recovers */
  gtk_revealer_set_reveal_child (self->banner_revealer, text != NULL);
}

/* The sync under way, in the header bar in the sync button's place: made with the
 * first sync, not with the window */
static void
ensure_progress (CaWindow *self)
{
  GtkWidget *cancel;

  if (self->progress_box != NULL)
    return;

  self->sync_spinner = GTK_SPINNER (gtk_spinner_new ());
  self->progress_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_label), "numeric");
  cancel = gtk_button_new_from_icon_name ("process-stop-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "win.cancel-sync");
  ca_tooltip_set_text (cancel, _("Cancel Sync"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cancel Sync"), -1);

  self->progress_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_visible (self->progress_box, FALSE);
  gtk_box_append (GTK_BOX (self->progress_box), GTK_WIDGET (self->sync_spinner));
  gtk_box_append (GTK_BOX (self->progress_box), GTK_WIDGET (self->progress_label));
  gtk_box_append (GTK_BOX (self->progress_box), cancel);
  /* after the search and sync buttons */
  adw_header_bar_pack_start (self->header_bar, self->progress_box);
}

static void
update_syncing (CaWindow *self)
{
  gboolean syncing = self->sync_manager != NULL &&
                     ca_sync_manager_is_syncing (self->sync_manager);

  gtk_widget_set_visible (self->sync_button, !syncing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-sync", syncing);
  if (!syncing && self->progress_box == NULL)
    return;
  ensure_progress (self);
  gtk_widget_set_visible (self->progress_box, syncing);
  gtk_spinner_set_spinning (self->sync_spinner, syncing);
  if (syncing)
    gtk_label_set_text (self->progress_label, _("Syncing…"));
}

static void
sync_progress (CaWindow *self,
               guint64   received,
               gint64    total)
{
  g_autofree char *size = g_format_size (received);
  g_autofree char *text = NULL;

  if (total > 0)
    /* TRANSLATORS: %s is a size as "12.3 MB", %d a percentage */
    text = g_strdup_printf (_("Syncing… %s (%d %%)"), size,
                            (int) MIN (100, received * 100 / total));
  else
    /* TRANSLATORS: %s is a size as "12.3 MB" */
    text = g_strdup_printf (_("Syncing… %s"), size);
  ensure_progress (self);
  gtk_label_set_text (self->progress_label, text);
}

static void
reload_views (CaWindow *self)
{
  /* Views not on screen read the store again when next shown */
  self->loaded = 0;
  load_visible_view (self);
  update_freshness (self, self->store);
  update_banner (self);
}

/* "ICT Cluster feed: 2 events added, 1 changed" */
static char *
describe_changes (CaWindow     *self,
                  CaSyncResult *result)
{
  g_autoptr(CaFeedInfo) info = ca_store_get_feed_info (self->store, result->key, NULL);
  g_autofree char *title = info != NULL && info->title != NULL ? ca_text_display (info->title)
                                                               : g_strdup (result->key);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *changes = NULL;
  const CaImportChanges *c = &result->changes;

  if (c->events_added > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u event added", "%u events added",
                                                       c->events_added), c->events_added));
  if (c->events_changed > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u changed", "%u changed",
                                                       c->events_changed), c->events_changed));
  if (c->events_removed > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u removed", "%u removed",
                                                       c->events_removed), c->events_removed));
  g_ptr_array_add (parts, NULL);
  changes = parts->len > 1 ? g_strjoinv (", ", (char **) parts->pdata)
                           : g_strdup (_("updated, no event changed"));
  /* TRANSLATORS: a feed's title, then what changed: "2 events added, 1 changed" */
  return g_strdup_printf (_("%s: %s"), title, changes);
}

static void
feed_synced (CaWindow     *self,
             const char   *key,
             CaSyncResult *result,
             GError       *error)
{
  if (result != NULL && result->status == CA_SYNC_UPDATED)
    {
      g_autofree char *text = describe_changes (self, result);

      show_toast (self, text);
      reload_views (self);
      return;
    }
  update_banner (self);
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);

  if (self->sync_manager == NULL)
    return;
  /* Feeds on this computer still sync; the others wait for the network */
  if (!g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    show_toast (self, _("Offline: feeds on the web will sync when the network is back."));
  ca_sync_manager_sync_all (self->sync_manager);
}

static void
cancel_sync_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);

  if (self->sync_manager != NULL)
    ca_sync_manager_cancel (self->sync_manager);
}

/* The automatic syncs start once the window is on screen: a sync due at start-up
 * reads and stores in threads that would otherwise compete with the first frame */
static void
start_sync_after_paint (GdkFrameClock *clock,
                        CaWindow      *self)
{
  g_signal_handlers_disconnect_by_func (clock, start_sync_after_paint, self);
  if (self->sync_manager != NULL)
    ca_sync_manager_start (self->sync_manager);
}

static void
wait_for_first_frame (CaWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, wait_for_first_frame, NULL);
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (start_sync_after_paint), self, 0);
}

static void
start_sync (CaWindow      *self,
            CaApplication *app)
{
  if (self->store == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", FALSE);
      update_syncing (self);
      return;
    }
  self->sync_manager = g_object_ref (ca_sync_manager_get_default (G_APPLICATION (app),
                                                                  self->store));
  g_signal_connect_object (self->sync_manager, "syncing-changed",
                           G_CALLBACK (update_syncing), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync_manager, "progress",
                           G_CALLBACK (sync_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync_manager, "feed-synced",
                           G_CALLBACK (feed_synced), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync_manager, "store-changed",
                           G_CALLBACK (reload_views), self, G_CONNECT_SWAPPED);
  update_syncing (self);
  update_banner (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ca_sync_manager_start (self->sync_manager);
  else
    g_signal_connect (self, "map", G_CALLBACK (wait_for_first_frame), NULL);
}

/* }}} */

static void
restore_state (CaWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Without the schema (an uninstalled build run by hand) the window just
   * forgets its state, rather than aborting. */
  if (source == NULL || (schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE)) == NULL)
    {
      g_debug ("No settings schema %s: window state is not kept", SCHEMA_ID);
      return;
    }

  self->settings = g_settings_new (SCHEMA_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_settings_bind (self->settings, "last-view", self->view_stack, "visible-child-name",
                   G_SETTINGS_BIND_DEFAULT);
}

static gboolean
ca_window_close_request (GtkWindow *window)
{
  CaWindow *self = CA_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (ca_window_parent_class)->close_request (window);
}

/* Narrow, the header bar has no room for the view switcher: the squeezer shows
 * the window's title instead and the switcher moves to a bar at the bottom. The
 * bar is made the first time, as most windows never get that narrow. (This is
 * AdwViewSwitcherTitle, less its second, narrow switcher in the header bar.) */
static void
title_squeezed (CaWindow *self)
{
  gboolean narrow = adw_squeezer_get_visible_child (self->title_squeezer) !=
                    GTK_WIDGET (self->header_switcher);

  if (narrow && adw_bin_get_child (self->narrow_title) == NULL)
    adw_bin_set_child (self->narrow_title, adw_window_title_new (_("Cluster Atlas"), NULL));
  if (self->switcher_bar == NULL && narrow)
    {
      self->switcher_bar = ADW_VIEW_SWITCHER_BAR (adw_view_switcher_bar_new ());
      adw_view_switcher_bar_set_stack (self->switcher_bar, self->view_stack);
      gtk_box_append (self->content_box, GTK_WIDGET (self->switcher_bar));
    }
  if (self->switcher_bar != NULL)
    adw_view_switcher_bar_set_reveal (self->switcher_bar, narrow);
}

/* The menu and the shortcuts window are built when first opened, not with the
 * window: its first frame needs neither. */
static void
create_menu_popup (GtkMenuButton *button,
                   gpointer       user_data)
{
  CaWindow *self = CA_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/clusteratlas/ClusterAtlas/ui/help-overlay.ui");
  GtkWindow *overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_window_set_transient_for (overlay, GTK_WINDOW (widget));
  gtk_window_present (overlay);
}

static void
ca_window_dispose (GObject *object)
{
  CaWindow *self = (CaWindow *) object;

  /* The switchers must let go of the stack before the template tears it down. */
  if (self->header_switcher != NULL)
    adw_view_switcher_set_stack (self->header_switcher, NULL);
  if (self->switcher_bar != NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, NULL);
  self->members_view = NULL;
  self->calendar_view = NULL;
  self->search_view = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (object), CA_TYPE_WINDOW);

  G_OBJECT_CLASS (ca_window_parent_class)->dispose (object);
}

static void
ca_window_finalize (GObject *object)
{
  CaWindow *self = (CaWindow *) object;

  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->sync_manager);

  G_OBJECT_CLASS (ca_window_parent_class)->finalize (object);
}

static void
ca_window_class_init (CaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  static const char * const views[] = { "clusters", "members", "calendar" };

  object_class->dispose = ca_window_dispose;
  object_class->finalize = ca_window_finalize;
  window_class->close_request = ca_window_close_request;

  g_type_ensure (CA_TYPE_CLUSTERS_VIEW);
  g_type_ensure (CA_TYPE_MEMBERS_VIEW);
  g_type_ensure (CA_TYPE_CALENDAR_VIEW);
  g_type_ensure (CA_TYPE_SEARCH_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, title_squeezer);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, narrow_title);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, header_switcher);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, freshness_label);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, clusters_view);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, members_bin);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, calendar_bin);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, search_bin);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, header_bar);

  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_help_overlay_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-cluster", "(ss)", show_cluster_action);
  gtk_widget_class_install_action (widget_class, "win.show-member", "(ssu)", show_member_action);
  gtk_widget_class_install_action (widget_class, "win.show-event", "(ss)", show_event_action);
  gtk_widget_class_install_action (widget_class, "win.show-project", "(ss)", show_project_action);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-sync", NULL, cancel_sync_action);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-view", "s", views[i]);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK,
                                       "win.show-help-overlay", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-help-overlay", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.sync", NULL);
}

static void
ca_window_init (CaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu_popup, NULL, NULL);
  g_signal_connect_object (self->title_squeezer, "notify::visible-child",
                           G_CALLBACK (title_squeezed), self, G_CONNECT_SWAPPED);

  /* Typing anywhere starts a search; the entry is made on the first key */
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (first_key_pressed), self,
                             G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (load_visible_view), self, G_CONNECT_SWAPPED);

  restore_state (self);
}

CaWindow *
ca_window_new (CaApplication *application)
{
  CaWindow *self;

  g_return_val_if_fail (CA_IS_APPLICATION (application), NULL);

  self = g_object_new (CA_TYPE_WINDOW, "application", application, NULL);
  load (self, application);
  return self;
}

/* Reads the store again into every view, as shown now (after the content language
 * changed); views not shown yet read it when they are. */
void
ca_window_reload (CaWindow *self)
{
  g_return_if_fail (CA_IS_WINDOW (self));

  self->loaded = 0;
  if (self->search_view != NULL)
    ca_search_view_set_store (self->search_view, self->store);
  search_changed (self);
  load_visible_view (self);
}

/* Opens the search with text in it, as typing it would */
void
ca_window_search (CaWindow   *self,
                  const char *text)
{
  g_return_if_fail (CA_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  ensure_search_entry (self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

GListModel *
ca_window_get_clusters (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);
  return ca_clusters_view_get_clusters (self->clusters_view);
}

CaClustersView *
ca_window_get_clusters_view (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);
  return self->clusters_view;
}

CaMembersView *
ca_window_get_members_view (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);
  return ensure_members_view (self);
}

CaCalendarView *
ca_window_get_calendar_view (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);
  return ensure_calendar_view (self);
}

CaSearchView *
ca_window_get_search_view (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);
  return ensure_search_view (self);
}
