/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-format.h"
#include "ca-settings.h"
#include "ca-tooltip.h"
#include "ca-window-private.h"

/*
 * The window: a header bar with the view switcher, the four views in a stack,
 * the search over them, and the sync's progress, banner and toasts. This file
 * builds it, keeps its state and gives the views the store; the actions, the
 * search and the sync UI are in ca-window-actions.c, -search.c and -sync.c.
 */

G_DEFINE_FINAL_TYPE (CaWindow, ca_window, ADW_TYPE_APPLICATION_WINDOW)


/* The names of the view stack's pages, in CaWindowView's order */
static const char * const view_names[CA_WINDOW_N_VIEWS] = { "clusters", "members", "calendar",
                                                                  "schedule" };

static CaView *
ensure_slot_view (CaWindow     *self,
                  CaWindowSlot *slot)
{
  GtkWidget *view = adw_bin_get_child (slot->bin);

  if (view == NULL)
    {
      view = g_object_new (slot->type, NULL);
      adw_bin_set_child (slot->bin, view);
    }
  return CA_VIEW (view);
}

CaView *
_ca_window_ensure_view (CaWindow     *self,
                        CaWindowView  view)
{
  g_assert (view < CA_WINDOW_N_VIEWS);

  return ensure_slot_view (self, &self->slots[view]);
}

/* A view reads the store when it is first shown, and again when shown after the
 * store changed: the first frame and a sync wait only for the view on screen, not
 * for every member and event of a large store. */
static void
load_slot (CaWindow     *self,
           CaWindowSlot *slot)
{
  CaView *view;

  /* Before ca_window_new() gives the store, restoring the last view shows it */
  if (!self->loaded || slot->current)
    return;
  view = ensure_slot_view (self, slot);
  if (slot->has_store)
    ca_view_reload (view);
  else
    ca_view_set_store (view, self->store);
  slot->has_store = TRUE;
  slot->current = TRUE;
}

static void
load_visible_view (CaWindow *self)
{
  GtkWidget *visible = adw_view_stack_get_visible_child (self->view_stack);

  for (guint i = 0; i < CA_WINDOW_N_VIEWS; i++)
    if (GTK_WIDGET (self->slots[i].bin) == visible)
      load_slot (self, &self->slots[i]);
}

void
_ca_window_show_view (CaWindow     *self,
                      CaWindowView  view)
{
  g_assert (view < CA_WINDOW_N_VIEWS);

  _ca_window_search_close (self);
  adw_view_stack_set_visible_child_name (self->view_stack, view_names[view]);
}

/* The view stack's page of that name; CA_WINDOW_N_VIEWS when there is none */
CaWindowView
_ca_window_view_from_name (const char *name)
{
  for (guint i = 0; i < CA_WINDOW_N_VIEWS; i++)
    if (g_strcmp0 (name, view_names[i]) == 0)
      return i;
  return CA_WINDOW_N_VIEWS;
}

const char *
_ca_window_view_name (CaWindowView view)
{
  g_assert (view < CA_WINDOW_N_VIEWS);

  return view_names[view];
}

/* "Data of 23 November 2026 · synced 5 minutes ago": how fresh what the user sees
 * is; NULL when the store has no data */
char *
ca_window_dup_freshness (CaStore *store)
{
  gint64 generated = 0, synced = 0;

  if (store == NULL || !ca_store_get_freshness (store, &generated, &synced))
    return NULL;
  return ca_format_freshness (generated, synced, g_get_real_time () / G_USEC_PER_SEC);
}

static void
update_freshness (CaWindow *self)
{
  g_autofree char *text = ca_window_dup_freshness (self->store);

  gtk_label_set_text (self->freshness_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->freshness_label), text != NULL);
}

/* "synced 5 minutes ago" ages while the window is open */
static gboolean
freshness_tick (gpointer data)
{
  update_freshness (CA_WINDOW (data));
  return G_SOURCE_CONTINUE;
}

/* What the store holds changed: the view on screen reads it again now, the others
 * when next shown */
void
_ca_window_reload_views (CaWindow *self)
{
  for (guint i = 0; i < CA_WINDOW_N_VIEWS; i++)
    self->slots[i].current = FALSE;
  load_visible_view (self);
  update_freshness (self);
  _ca_window_sync_update_banner (self);
  _ca_window_whats_new_refresh (self);
}

static void
store_banner_dismissed (AdwBanner *banner)
{
  adw_banner_set_revealed (banner, FALSE);
}

static void
show_store_banner (CaWindow   *self,
                   const char *problem)
{
  AdwBanner *banner = ADW_BANNER (adw_banner_new (problem));

  /* the message holds a file's path */
  adw_banner_set_use_markup (banner, FALSE);
  /* TRANSLATORS: the button of the banner that tells of a store set aside or read only */
  adw_banner_set_button_label (banner, _("_Dismiss"));
  g_signal_connect (banner, "button-clicked", G_CALLBACK (store_banner_dismissed), NULL);
  adw_banner_set_revealed (banner, TRUE);
  gtk_box_prepend (self->top_box, GTK_WIDGET (banner));
}

static void
load (CaWindow      *self,
      CaApplication *app)
{
  CaStore *store = ca_application_get_store (app);
  const char *problem = ca_application_get_store_problem (app);
  g_autoptr(CaClusterList) clusters = ca_application_take_clusters (app);
  CaWindowSlot *slot = &self->slots[CA_WINDOW_VIEW_CLUSTERS];

  /* A store set aside or read only: said until dismissed, not in a passing toast */
  if (problem != NULL)
    show_store_banner (self, problem);

  g_set_object (&self->store, store);
  self->loaded = TRUE;
  /* The clusters read while GTK started up, when the window opens on them */
  if (clusters != NULL &&
      adw_view_stack_get_visible_child (self->view_stack) == GTK_WIDGET (slot->bin))
    {
      ca_clusters_view_set_clusters (CA_CLUSTERS_VIEW (ensure_slot_view (self, slot)),
                                     store, clusters);
      slot->has_store = TRUE;
      slot->current = TRUE;
    }
  load_visible_view (self);
  update_freshness (self);
  _ca_window_whats_new_init (self);
  self->freshness_timer = g_timeout_add_seconds (60, freshness_tick, self);
  /* A store opened read only keeps nothing a sync brings: the banner says why */
  if (store != NULL && ca_store_is_read_only (store))
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", FALSE);
  else
    _ca_window_sync_start (self, app);
  _ca_window_after_first_frame (self);
  /* The fonts its first frame draws, loaded meanwhile (ca-application.c) */
  {
    CaFontPreload *fonts = ca_application_take_font_preload (app);

    if (fonts != NULL)
      ca_font_preload_finish (fonts, GTK_WIDGET (self));
  }
}

static void
restore_state (CaWindow *self)
{
  /* Without the schema (an uninstalled build run by hand) the window just
   * forgets its state, rather than aborting. */
  if ((self->settings = ca_settings_new_if_installed ()) == NULL)
    {
      g_debug ("No settings schema %s: window state is not kept", CA_SETTINGS_SCHEMA);
      return;
    }
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

/* The breakpoint of the .ui swapped the header's switcher for the title and
 * revealed the bottom bar, or undid it. The bar gets the stack the first time:
 * most windows are never narrow, and a bar with a stack makes its buttons. */
static void
narrow_changed (CaWindow *self,
                gboolean  narrow)
{
  self->narrow = narrow;
  if (narrow && adw_view_switcher_bar_get_stack (self->switcher_bar) == NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, self->view_stack);
  _ca_window_sync_update_progress (self);
}

static void
narrow_applied (CaWindow *self)
{
  narrow_changed (self, TRUE);
}

static void
narrow_unapplied (CaWindow *self)
{
  narrow_changed (self, FALSE);
}

/* How many of minimize, maximize and close the decoration layout asks for */
static guint
count_window_buttons (GtkWidget *widget)
{
  g_autofree char *layout = NULL;
  g_auto(GStrv) items = NULL;
  guint n = 0;

  g_object_get (gtk_widget_get_settings (widget), "gtk-decoration-layout", &layout, NULL);
  items = g_strsplit_set (layout != NULL ? layout : "", ":,", -1);
  for (guint i = 0; items[i] != NULL; i++)
    n += g_str_equal (items[i], "minimize") || g_str_equal (items[i], "maximize") ||
         g_str_equal (items[i], "close");
  return n;
}

/* At a phone's width the title fits beside GNOME's close button, not beside three
 * window buttons: rather than cut it short ("Cluster …") the header leaves it out
 * there; the bar at the bottom says which view is shown */
static void
update_title_shown (CaWindow *self)
{
  adw_header_bar_set_show_title (self->header_bar,
                                 !self->phone || count_window_buttons (GTK_WIDGET (self)) <= 1);
}

static void
phone_applied (CaWindow *self)
{
  self->phone = TRUE;
  narrow_changed (self, TRUE);
  update_title_shown (self);
}

static void
phone_unapplied (CaWindow *self)
{
  self->phone = FALSE;
  narrow_changed (self, FALSE);
  update_title_shown (self);
}

/* A selectable GtkLabel given the focus reads the window's previous focus widget after
 * the window has let go of it (gtk_label_grab_focus, GTK 4.18 and later). When that
 * widget had been taken out of the window (a page rebuilt under the keyboard focus,
 * which GTK moves on at the next frame), the window held its last reference and the
 * label read freed memory. The window holds one of its own, and lets go of the
 * previous focus widget only once the main loop is idle. */
static gboolean
release_focus_widget (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* When the focus widget goes (the search closed from a section shown in full, whose
 * rows go with it), GTK leaves the window with no focus at all: the keyboard reaches
 * nothing until a click, and a popover opened then makes GTK fail a check
 * (gtk_widget_is_ancestor on no widget, GTK 4.18 to 4.24). Once the main loop is
 * idle, a window still without a focus gives it to the first widget that takes it,
 * as Tab would. */
static gboolean
refocus (gpointer data)
{
  CaWindow *self = data;

  self->refocus_idle = 0;
  /* A dialog opening or closing over the window places the focus itself */
  if (gtk_window_get_focus (GTK_WINDOW (self)) == NULL && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (self)) == NULL)
    {
      /* From the window's start: the chain of focus children still leads to where
       * the focus was, and Tab from there may find nothing after it */
      for (GtkWidget *widget = GTK_WIDGET (self), *next; widget != NULL; widget = next)
        {
          next = gtk_widget_get_focus_child (widget);
          gtk_widget_set_focus_child (widget, NULL);
        }
      gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
    }
  return G_SOURCE_REMOVE;
}

static void
keep_focus_widget (CaWindow *self)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

  if (focus == NULL && self->refocus_idle == 0)
    self->refocus_idle = g_idle_add (refocus, self);
  if (focus == self->focus_kept)
    return;
  if (self->focus_kept != NULL)
    g_idle_add (release_focus_widget, g_steal_pointer (&self->focus_kept));
  self->focus_kept = focus != NULL ? g_object_ref (focus) : NULL;
}

static void
ca_window_dispose (GObject *object)
{
  CaWindow *self = (CaWindow *) object;

  g_signal_handlers_disconnect_by_func (self, keep_focus_widget, self);
  g_clear_object (&self->focus_kept);
  g_clear_handle_id (&self->refocus_idle, g_source_remove);

  /* The switchers must let go of the stack before the template tears it down. */
  if (self->header_switcher != NULL)
    adw_view_switcher_set_stack (self->header_switcher, NULL);
  if (self->switcher_bar != NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, NULL);
  self->search_entry = NULL;
  self->search_view = NULL;
  self->progress_box = NULL;
  self->progress_label = NULL;
  self->banner = NULL;
  g_clear_handle_id (&self->freshness_timer, g_source_remove);
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

  object_class->dispose = ca_window_dispose;
  object_class->finalize = ca_window_finalize;
  window_class->close_request = ca_window_close_request;

  g_type_ensure (CA_TYPE_WHATS_NEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, toolbar_view);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, header_switcher);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, top_box);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, freshness_label);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, clusters_bin);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, members_bin);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, calendar_bin);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, schedule_bin);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, search_bin);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, whats_new);
  gtk_widget_class_bind_template_callback (widget_class, narrow_applied);
  gtk_widget_class_bind_template_callback (widget_class, narrow_unapplied);
  gtk_widget_class_bind_template_callback (widget_class, phone_applied);
  gtk_widget_class_bind_template_callback (widget_class, phone_unapplied);

  _ca_window_class_actions_init (klass);
}

static void
ca_window_init (CaWindow *self)
{
  /* The header buttons' tooltips are set here, not as the .ui's tooltip-text: GTK
   * asks the X server where the pointer is each time one is set on a widget already
   * visible, two round trips each (ca-tooltip.h) */
  gtk_widget_init_template (GTK_WIDGET (self));
  ca_tooltip_set_text (self->search_button, _("Search"));
  ca_tooltip_set_text (self->sync_button, _("Sync Feeds (Ctrl+R)"));
  ca_tooltip_set_text (GTK_WIDGET (self->menu_button), _("Main Menu"));

  self->slots[CA_WINDOW_VIEW_CLUSTERS] = (CaWindowSlot) { self->clusters_bin,
                                                          CA_TYPE_CLUSTERS_VIEW };
  self->slots[CA_WINDOW_VIEW_MEMBERS] = (CaWindowSlot) { self->members_bin,
                                                         CA_TYPE_MEMBERS_VIEW };
  self->slots[CA_WINDOW_VIEW_CALENDAR] = (CaWindowSlot) { self->calendar_bin,
                                                          CA_TYPE_CALENDAR_VIEW };
  self->slots[CA_WINDOW_VIEW_SCHEDULE] = (CaWindowSlot) { self->schedule_bin,
                                                          CA_TYPE_SCHEDULE_VIEW };

  _ca_window_actions_init (self);
  _ca_window_search_init (self);
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (load_visible_view), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self, "notify::focus-widget", G_CALLBACK (keep_focus_widget), self);
  g_signal_connect_object (gtk_widget_get_settings (GTK_WIDGET (self)),
                           "notify::gtk-decoration-layout",
                           G_CALLBACK (update_title_shown), self, G_CONNECT_SWAPPED);

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

  for (guint i = 0; i < CA_WINDOW_N_VIEWS; i++)
    self->slots[i].current = FALSE;
  _ca_window_search_reload (self);
  load_visible_view (self);
}

GListModel *
ca_window_get_clusters (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);
  return ca_clusters_view_get_clusters (ca_window_get_clusters_view (self));
}

CaClustersView *
ca_window_get_clusters_view (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);
  return CA_CLUSTERS_VIEW (_ca_window_ensure_view (self, CA_WINDOW_VIEW_CLUSTERS));
}

CaMembersView *
ca_window_get_members_view (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);
  return CA_MEMBERS_VIEW (_ca_window_ensure_view (self, CA_WINDOW_VIEW_MEMBERS));
}

CaScheduleView *
ca_window_get_schedule_view (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);
  return CA_SCHEDULE_VIEW (_ca_window_ensure_view (self, CA_WINDOW_VIEW_SCHEDULE));
}

CaCalendarView *
ca_window_get_calendar_view (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);
  return CA_CALENDAR_VIEW (_ca_window_ensure_view (self, CA_WINDOW_VIEW_CALENDAR));
}
