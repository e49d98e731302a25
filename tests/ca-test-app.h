/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The built `cluster-atlas` ($CLUSTER_ATLAS, set by tests/meson.build) run as a user
 * would run its headless commands: on a data directory of its own, in English, with
 * no display and without the tests' G_DEBUG. A server in this process keeps
 * answering while it runs.
 */
typedef struct {
  const char          *data_home;     /* XDG_DATA_HOME */
  const char          *bus;           /* DBUS_SESSION_BUS_ADDRESS; NULL: this one's */
  const char          *debug;         /* G_MESSAGES_DEBUG; NULL: none */
  GSpawnChildSetupFunc child_setup;   /* in the child before exec, or NULL */
  gpointer             child_data;
} CaTestApp;

/* Started with its stdout and stderr piped */
GSubprocess *ca_test_app_spawn (const CaTestApp    *app,
                                const char * const *args);
/* Run to its end, the default main context turning meanwhile; out and err (may be
 * NULL) get what it printed. Returns its exit status; a signal fails the test. */
int          ca_test_app_run   (const CaTestApp    *app,
                                const char * const *args,
                                char              **out,
                                char              **err);
/* ca_test_app_run() with one argument */
int          ca_test_app_run1  (const CaTestApp    *app,
                                const char         *arg,
                                char              **out,
                                char              **err);

G_END_DECLS
