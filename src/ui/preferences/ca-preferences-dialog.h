/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CA_TYPE_PREFERENCES_DIALOG (ca_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CaPreferencesDialog, ca_preferences_dialog, CA, PREFERENCES_DIALOG,
                      AdwPreferencesDialog)

/*
 * The app's preferences. It opens on the General page (content language,
 * notifications); other pages (the feeds) are added with
 * ca_preferences_dialog_add_page(), which is adw_preferences_dialog_add().
 * settings may be NULL (no schema installed): the rows are then insensitive.
 */
CaPreferencesDialog *ca_preferences_dialog_new      (GSettings           *settings);
void                 ca_preferences_dialog_add_page (CaPreferencesDialog *self,
                                                     AdwPreferencesPage  *page);

/* For tests */
AdwComboRow         *ca_preferences_dialog_get_language_row      (CaPreferencesDialog *self);
GtkSwitch           *ca_preferences_dialog_get_notifications_switch (CaPreferencesDialog *self);

G_END_DECLS
