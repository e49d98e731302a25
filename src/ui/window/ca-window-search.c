/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-window-search"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-window-private.h"

/*
 * The window's search: typing anywhere or Ctrl+F opens the search bar, and the
 * results take the views' place while there is text. Neither the entry nor the
 * results are made with the window.
 */

static gboolean
escape_results (GtkWidget *bin,
                GVariant  *args,
                gpointer   user_data)
{
  CaWindow *self = user_data;

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  /* The keyboard goes on in the view that shows again */
  gtk_widget_child_focus (GTK_WIDGET (self->main_stack), GTK_DIR_TAB_FORWARD);
  return TRUE;
}

/* Made when search first opens: the first frame does not wait for it */
CaSearchView *
_ca_window_ensure_search_view (CaWindow *self)
{
  if (self->search_view == NULL)
    {
      GtkEventController *keys = gtk_shortcut_controller_new ();

      self->search_view = g_object_new (CA_TYPE_SEARCH_VIEW, NULL);
      ca_search_view_set_store (self->search_view, self->store);
      adw_bin_set_child (self->search_bin, GTK_WIDGET (self->search_view));
      /* Escape closes the search from its results too, not only from the entry
       * (GtkSearchBar sees the key only there). On the view's bin: from a section
       * shown in full the view takes it first, back to every section */
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                            gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                              gtk_callback_action_new (escape_results,
                                                                                       self, NULL)));
      gtk_widget_add_controller (GTK_WIDGET (self->search_bin), keys);
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
    ca_search_view_set_query (_ca_window_ensure_search_view (self), text);
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
  gtk_widget_child_focus (GTK_WIDGET (_ca_window_ensure_search_view (self)), GTK_DIR_TAB_FORWARD);
}

/* The search entry is made when first needed: a GtkSearchEntry holds a GtkText, whose
 * class alone (its key bindings) is a good part of what a hidden entry would cost
 * the first frame */
GtkSearchEntry *
_ca_window_ensure_search_entry (CaWindow *self)
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
  _ca_window_ensure_search_entry (self);
  return GDK_EVENT_PROPAGATE;
}

/* The bar looks at key releases too, and one can come alone: Escape pressed in a
 * popover closes it, and the key is let go over the window. Without an entry the
 * bar says so with a warning. */
static void
first_key_released (CaWindow *self)
{
  _ca_window_ensure_search_entry (self);
}

static void
search_mode_changed (CaWindow *self)
{
  if (gtk_search_bar_get_search_mode (self->search_bar))
    {
      _ca_window_ensure_search_entry (self);
      _ca_window_ensure_search_view (self);
    }
  else
    {
      if (self->search_entry != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_stack_set_visible_child_name (self->main_stack, "views");
    }
}

/* Ctrl+F and the search button */
void
_ca_window_search_open (CaWindow *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (_ca_window_ensure_search_entry (self)));
}

void
_ca_window_search_close (CaWindow *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* The store's records changed language: the results are found again */
void
_ca_window_search_reload (CaWindow *self)
{
  if (self->search_view != NULL)
    ca_search_view_set_store (self->search_view, self->store);
  search_changed (self);
}

void
_ca_window_search_init (CaWindow *self)
{
  /* Typing anywhere starts a search; the entry is made on the first key */
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (first_key_pressed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (keys, "key-released", G_CALLBACK (first_key_released), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_changed), self, G_CONNECT_SWAPPED);
}

/* Opens the search with text in it, as typing it would */
void
ca_window_search (CaWindow   *self,
                  const char *text)
{
  GtkSearchEntry *entry;

  g_return_if_fail (CA_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  entry = _ca_window_ensure_search_entry (self);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
}

CaSearchView *
ca_window_get_search_view (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);
  return _ca_window_ensure_search_view (self);
}
