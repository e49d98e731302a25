/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cluster-atlas"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <unistd.h>

#include "ca-application.h"

/*
 * GLib before 2.76 hands small blocks out of its own slice allocator. json-glib builds
 * a node per JSON value with it, and on a large feed that costs a third of the import
 * next to glibc's malloc (measured with tools/bench; GLib 2.76 dropped the allocator).
 * GLib reads G_SLICE once, before main() runs, so the only way in is to set it and
 * start again. If the exec fails, the app simply runs on the slice allocator.
 */
static void
prefer_system_malloc (char *argv[])
{
  if (glib_check_version (2, 76, 0) == NULL || g_getenv ("G_SLICE") != NULL)
    return;
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  execv ("/proc/self/exe", argv);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CaApplication) app = NULL;

  prefer_system_malloc (argv);

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
