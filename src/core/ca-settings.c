/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ca-settings.h"
#include "ca-store.h"

GSettings *
ca_settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL ||
      (schema = g_settings_schema_source_lookup (source, CA_SETTINGS_SCHEMA, TRUE)) == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

/* What the store takes from the settings: how many syncs the change log keeps. Set
 * where the store is opened, so the import itself reads no settings. */
void
ca_settings_apply_to_store (GSettings *settings,
                            CaStore   *store)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));
  g_return_if_fail (CA_IS_STORE (store));

  if (settings == NULL)
    return;
  g_object_get (settings, "settings-schema", &schema, NULL);
  if (g_settings_schema_has_key (schema, "change-log-syncs"))
    ca_store_set_change_log_syncs (store, g_settings_get_uint (settings, "change-log-syncs"));
}
