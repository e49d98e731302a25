/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The release id, in a .Devel build too */
#define CA_SETTINGS_SCHEMA "io.github.clusteratlas.ClusterAtlas"

/* The application's settings, or NULL where their schema is not installed (a build
 * run by hand from its tree without the devenv): every caller then keeps to the
 * defaults rather than aborting, as g_settings_new() would. */
GSettings *ca_settings_new_if_installed (void);

G_END_DECLS
