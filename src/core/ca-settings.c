/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ca-settings.h"

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
