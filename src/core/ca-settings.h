/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ca-store.h"

G_BEGIN_DECLS

/* The release id, in a .Devel build too */
#define CA_SETTINGS_SCHEMA "io.github.clusteratlas.ClusterAtlas"

/* The application's settings, or NULL where their schema is not installed (a build
 * run by hand from its tree without the devenv): every caller then keeps to the
 * defaults rather than aborting, as g_settings_new() would. */
GSettings *ca_settings_new_if_installed (void);

/* The settings the store takes (change-log-syncs); settings may be NULL (defaults) */
void       ca_settings_apply_to_store   (GSettings *settings,
                                         CaStore   *store);

G_END_DECLS
