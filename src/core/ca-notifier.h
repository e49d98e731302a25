/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ca-store.h"

G_BEGIN_DECLS

/*
 * Sends the reminders of starred events (ca-reminders.h says when) as GNotifications
 * of the application while it runs; they open the event through app.show-event.
 * settings, if not NULL, has the "notifications" key: off, nothing is sent.
 * What was sent is remembered while the app runs.
 */

#define CA_TYPE_NOTIFIER (ca_notifier_get_type ())
G_DECLARE_FINAL_TYPE (CaNotifier, ca_notifier, CA, NOTIFIER, GObject)

CaNotifier *ca_notifier_new      (GApplication *app,
                                  CaStore      *store,
                                  GSettings    *settings);

/* Sends what is due at now (Unix seconds) and returns how many were sent; the
 * notifier calls it itself on its timer with the real clock. */
guint       ca_notifier_check_at (CaNotifier   *self,
                                  gint64        now);

G_END_DECLS
