/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CA_TYPE_PREFERENCES_WINDOW (ca_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CaPreferencesWindow, ca_preferences_window, CA, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/*
 * The app's preferences. It opens on the General page (content language,
 * notifications); other pages (the feeds) are added with
 * ca_preferences_window_add_page(), which is adw_preferences_window_add().
 * settings may be NULL (no schema installed): the rows are then insensitive.
 */
CaPreferencesWindow *ca_preferences_window_new      (GtkWindow           *parent,
                                                     GSettings           *settings);
void                 ca_preferences_window_add_page (CaPreferencesWindow *self,
                                                     AdwPreferencesPage  *page);

/* For tests */
AdwComboRow         *ca_preferences_window_get_language_row      (CaPreferencesWindow *self);
GtkSwitch           *ca_preferences_window_get_notifications_switch (CaPreferencesWindow *self);

G_END_DECLS
