/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-sync-manager.h"

G_BEGIN_DECLS

#define CA_TYPE_CREDENTIALS_DIALOG (ca_credentials_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CaCredentialsDialog, ca_credentials_dialog, CA, CREDENTIALS_DIALOG,
                      AdwAlertDialog)

/*
 * Asks for a feed's user name and password, keeps them in the keyring and syncs
 * the feed again. Signals:
 *   saved ()                       the keyring has them; the sync is started
 *   failed (const char *message)   the keyring could not keep them (also shown to
 *                                  the user, over the widget it was presented on)
 */
CaCredentialsDialog *ca_credentials_dialog_new             (CaSyncManager       *manager,
                                                            const char          *key);
void                 ca_credentials_dialog_present         (CaCredentialsDialog *self,
                                                            GtkWidget           *parent);
/* For tests */
AdwEntryRow         *ca_credentials_dialog_get_user_row     (CaCredentialsDialog *self);
AdwEntryRow         *ca_credentials_dialog_get_password_row (CaCredentialsDialog *self);

G_END_DECLS
