/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A notification daemon for tests: it owns org.freedesktop.Notifications on a bus
 * and records what GIO's GNotification backend tells it, each Notify as
 * "summary|body|actions" (the actions' ids joined by commas). Its calls arrive on
 * the main context of the thread that made it.
 */
typedef struct _CaTestNotifyDaemon CaTestNotifyDaemon;

/* On the bus at address; fails the test when the name is taken */
CaTestNotifyDaemon *ca_test_notify_daemon_new       (const char         *address);
/* "summary|body|actions", oldest first; the caller may empty it */
GPtrArray          *ca_test_notify_daemon_get_shown (CaTestNotifyDaemon *self);
/* The daemon gives each Notify its number as id, from 1: the last one's, and the id
 * the last one said it replaces (0: none) */
guint32             ca_test_notify_daemon_get_last_id       (CaTestNotifyDaemon *self);
guint32             ca_test_notify_daemon_get_last_replaced (CaTestNotifyDaemon *self);
/* Iterates the main context until n notifications are recorded (at most ~1 s), then
 * a little longer, so that one too many would be seen */
void                ca_test_notify_daemon_wait      (CaTestNotifyDaemon *self,
                                                     guint               n);
void                ca_test_notify_daemon_free      (CaTestNotifyDaemon *self);

G_END_DECLS
