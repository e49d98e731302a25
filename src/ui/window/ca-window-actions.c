/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-window-private.h"

/*
 * The window's actions and their keys: the views (Alt+1, 2, 3, 4), a record shown
 * from elsewhere (search results, the Shell, a reminder) and search (Ctrl+F) are
 * bound here. The keys of the main menu's items — sync (Ctrl+R), print (Ctrl+P),
 * export (Ctrl+E), the keyboard shortcuts (Ctrl+?), Preferences (Ctrl+,), quit
 * (Ctrl+Q) — are the application's accelerators (ca-application.c), so that the menu
 * shows them.
 */

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CaWindowView view = _ca_window_view_from_name (g_variant_get_string (parameter, NULL));

  if (view < CA_WINDOW_N_VIEWS)
    _ca_window_show_view (CA_WINDOW (widget), view);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _ca_window_search_open (CA_WINDOW (widget));
}

static void
show_cluster_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);
  const char *feed, *id;

  g_variant_get (parameter, "(&s&s)", &feed, &id);
  _ca_window_show_view (self, CA_WINDOW_VIEW_CLUSTERS);
  ca_clusters_view_select_cluster (ca_window_get_clusters_view (self), feed, id);
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
  _ca_window_show_view (self, CA_WINDOW_VIEW_MEMBERS);
  ca_members_view_show_member (ca_window_get_members_view (self), feed, cluster, position);
}

static void
show_event_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);
  const char *feed, *id;

  g_variant_get (parameter, "(&s&s)", &feed, &id);
  _ca_window_show_view (self, CA_WINDOW_VIEW_CALENDAR);
  ca_calendar_view_show_event (ca_window_get_calendar_view (self), feed, id);
}

static void
show_project_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);
  const char *feed, *id;

  g_variant_get (parameter, "(&s&s)", &feed, &id);
  _ca_window_show_view (self, CA_WINDOW_VIEW_CALENDAR);
  ca_calendar_view_show_project (ca_window_get_calendar_view (self), feed, id);
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _ca_window_sync_now (CA_WINDOW (widget));
}

/* The main menu's Print Schedule… and Export Events…: those of the view shown when it
 * is My Schedule (the starred events), else the calendar's own, on the events it
 * shows (its filters and range), so the calendar is shown first */
static void
calendar_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);
  gboolean print = g_str_equal (action_name, "win.print");

  /* The keys reach the window under a dialog too, where the menu cannot be opened */
  if (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (self)) != NULL)
    return;
  /* Over search results, the view whose events they are is shown first, as below */
  _ca_window_search_close (self);
  if (adw_view_stack_get_visible_child (self->view_stack) == GTK_WIDGET (self->schedule_bin))
    {
      gtk_widget_activate_action (GTK_WIDGET (ca_window_get_schedule_view (self)),
                                  print ? "schedule.print" : "schedule.export", NULL);
      return;
    }
  _ca_window_show_view (self, CA_WINDOW_VIEW_CALENDAR);
  gtk_widget_activate_action (GTK_WIDGET (ca_window_get_calendar_view (self)),
                              print ? "calendar.print" : "calendar.export", NULL);
}

static void
cancel_sync_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _ca_window_sync_cancel (CA_WINDOW (widget));
}

/* The same as help-overlay.ui, whose translations they share */
static const CaWindowShortcut shortcuts[] = {
  { NC_("shortcut window", "Views"), NC_("shortcut window", "Clusters"), "<Alt>1" },
  { NC_("shortcut window", "Views"), NC_("shortcut window", "Members"), "<Alt>2" },
  { NC_("shortcut window", "Views"), NC_("shortcut window", "Calendar"), "<Alt>3" },
  { NC_("shortcut window", "Views"), NC_("shortcut window", "My Schedule"), "<Alt>4" },
  { NC_("shortcut window", "Search"),
    NC_("shortcut window", "Search clusters, members, projects and events"), "<Primary>f" },
  { NC_("shortcut window", "Search"), NC_("shortcut window", "Close the search"), "Escape" },
  { NC_("shortcut window", "Calendar"), NC_("shortcut window", "Previous month"), "Page_Up" },
  { NC_("shortcut window", "Calendar"), NC_("shortcut window", "Next month"), "Page_Down" },
  { NC_("shortcut window", "Calendar"), NC_("shortcut window", "Print the schedule"),
    "<Primary>p" },
  { NC_("shortcut window", "Calendar"), NC_("shortcut window", "Export the events as iCalendar"),
    "<Primary>e" },
  { NC_("shortcut window", "General"), NC_("shortcut window", "Sync the feeds"), "<Primary>r" },
  { NC_("shortcut window", "General"), NC_("shortcut window", "Preferences"), "<Primary>comma" },
  { NC_("shortcut window", "General"), NC_("shortcut window", "Keyboard shortcuts"),
    "<Primary>question" },
  { NC_("shortcut window", "General"), NC_("shortcut window", "Quit"), "<Primary>q" },
};

const CaWindowShortcut *
_ca_window_get_shortcuts (guint *n_shortcuts)
{
  *n_shortcuts = G_N_ELEMENTS (shortcuts);
  return shortcuts;
}

#if ADW_CHECK_VERSION (1, 8, 0)
/* libadwaita 1.8 (the Flatpak's runtime) has GtkShortcutsWindow's successor. The
 * build pins the API to the floor, 1.7, where this is not compiled at all; built
 * against 1.8 with that pin, its functions count as "not available before 1.8",
 * which here is known and wanted. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
present_shortcuts_dialog (CaWindow *self)
{
  AdwDialog *dialog = adw_shortcuts_dialog_new ();
  AdwShortcutsSection *section = NULL;
  const char *group = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      if (g_strcmp0 (group, shortcuts[i].group) != 0)
        {
          if (section != NULL)
            adw_shortcuts_dialog_add (ADW_SHORTCUTS_DIALOG (dialog), section);
          group = shortcuts[i].group;
          section = adw_shortcuts_section_new (g_dpgettext2 (GETTEXT_PACKAGE, "shortcut window", group));
        }
      adw_shortcuts_section_add (section,
                                 adw_shortcuts_item_new (g_dpgettext2 (GETTEXT_PACKAGE, "shortcut window",
                                                                       shortcuts[i].title),
                                                         shortcuts[i].accelerator));
    }
  adw_shortcuts_dialog_add (ADW_SHORTCUTS_DIALOG (dialog), section);
  adw_dialog_present (dialog, GTK_WIDGET (self));
}
G_GNUC_END_IGNORE_DEPRECATIONS
#endif

/* Built when asked for, not with the window: its first frame does not need it */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
#if ADW_CHECK_VERSION (1, 8, 0)
  present_shortcuts_dialog (CA_WINDOW (widget));
#else
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/clusteratlas/ClusterAtlas/ui/help-overlay.ui");
  GtkWindow *overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_window_set_transient_for (overlay, GTK_WINDOW (widget));
  gtk_window_present (overlay);
#endif
}

/* The toast's "What's New" */
static void
whats_new_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ca_whats_new_popup (CA_WINDOW (widget)->whats_new);
}

/* An event page showed and marked seen an event's changes */
static void
changes_seen_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);
  GtkWidget *view = adw_bin_get_child (self->calendar_bin);
  const char *feed, *id;

  g_variant_get (parameter, "(&s&s)", &feed, &id);
  _ca_window_whats_new_refresh (self);
  /* A calendar not made yet reads the marks when it is */
  if (CA_IS_CALENDAR_VIEW (view))
    ca_calendar_view_clear_mark (CA_CALENDAR_VIEW (view), feed, id);
}

/* The menu is built when first opened, not with the window */
static void
create_menu_popup (GtkMenuButton *button,
                   gpointer       user_data)
{
  CaWindow *self = CA_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

void
_ca_window_class_actions_init (CaWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

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
  gtk_widget_class_install_action (widget_class, "win.whats-new", NULL, whats_new_action);
  gtk_widget_class_install_action (widget_class, "win.changes-seen", "(ss)", changes_seen_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, calendar_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, calendar_action);

  for (CaWindowView view = 0; view < CA_WINDOW_N_VIEWS; view++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + view, GDK_ALT_MASK,
                                         "win.show-view", "s", _ca_window_view_name (view));
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
}

void
_ca_window_actions_init (CaWindow *self)
{
  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu_popup, NULL, NULL);
}
