/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cluster-atlas"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ca-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CaApplication) app = NULL;

  /* Before anything prints: command-line output in Cyrillic needs the locale. */
  setlocale (LC_ALL, "");
  /* tools/run points an uninstalled build at the translations it compiled. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CLUSTER_ATLAS_LOCALEDIR") != NULL
                                   ? g_getenv ("CLUSTER_ATLAS_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ca_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
