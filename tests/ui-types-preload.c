/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ui-types-preload"

#include "config.h"

#include <adwaita.h>

/*
 * Preloaded into gtk4-builder-tool by tests/check-ui-files.sh. GTK 4.8's
 * `validate` resolves a template's parent type by name only, so a template on
 * AdwBin or AdwApplicationWindow fails with "Failed to lookup template parent type"
 * unless libadwaita has registered it. Registering them here lets the tool build
 * each template from the .ui file itself; the app's own child types (CaClusterPage…)
 * it finds by their get_type symbol, which this module exports.
 */
static void ensure_parent_types (void) __attribute__ ((constructor));

static void
ensure_parent_types (void)
{
  g_type_ensure (ADW_TYPE_BIN);
  g_type_ensure (ADW_TYPE_APPLICATION_WINDOW);
  g_type_ensure (ADW_TYPE_PREFERENCES_DIALOG);
  g_type_ensure (ADW_TYPE_PREFERENCES_PAGE);
}
