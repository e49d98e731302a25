/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-calendar-dialog.h"
#include "ca-credentials-dialog.h"
#include "ca-sync-manager.h"

G_BEGIN_DECLS

#define CA_TYPE_FEEDS_PAGE (ca_feeds_page_get_type ())
G_DECLARE_FINAL_TYPE (CaFeedsPage, ca_feeds_page, CA, FEEDS_PAGE, AdwPreferencesPage)

CaFeedsPage *ca_feeds_page_new           (CaSyncManager *manager);
/* Presents the dialog that asks for the feed's user name and password; the
 * dialog is the page's (returned for tests) */
CaCredentialsDialog *ca_feeds_page_ask_credentials (CaFeedsPage *self,
                                                    const char  *key);

/* Presents "Add a Calendar" (returned for tests) */
CaCalendarDialog *ca_feeds_page_add_calendar (CaFeedsPage *self);

/* Adds the feed file a user picked (with "Add a File…"), as a path typed in the
 * address row is added; FALSE, with the reason shown, when it is refused */
gboolean     ca_feeds_page_add_file      (CaFeedsPage   *self,
                                          GFile         *file);

/* For tests */
GPtrArray   *ca_feeds_page_get_rows      (CaFeedsPage   *self);   /* AdwExpanderRow */
AdwEntryRow *ca_feeds_page_get_url_row   (CaFeedsPage   *self);
GtkLabel    *ca_feeds_page_get_url_error (CaFeedsPage   *self);

G_END_DECLS
