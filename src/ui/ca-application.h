/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-cluster-list.h"
#include "ca-font-preload.h"
#include "ca-store.h"

G_BEGIN_DECLS

#define CA_TYPE_APPLICATION (ca_application_get_type ())
G_DECLARE_FINAL_TYPE (CaApplication, ca_application, CA, APPLICATION, AdwApplication)

CaApplication *ca_application_new       (void);
CaStore       *ca_application_get_store (CaApplication *self);
GSettings     *ca_application_get_settings (CaApplication *self);
const char    *ca_application_get_store_problem (CaApplication *self);
CaClusterList *ca_application_take_clusters     (CaApplication *self);
CaFontPreload *ca_application_take_font_preload (CaApplication *self);
void           ca_application_set_store_path    (CaApplication *self,
                                                 const char    *path);
/* After each sync of manager (from start to the end of its last feed), one
 * notification of what it did to the starred events (ca_notifier_sync_done);
 * the window calls it with the application's manager, once is enough */
void           ca_application_watch_sync        (CaApplication *self,
                                                 GObject       *sync_manager);

G_END_DECLS
