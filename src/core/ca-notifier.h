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

/*
 * What a sync did to My Schedule, said once per sync: changes are the CaChange a sync
 * logged (any feed, any record); only starred events that changed, moved, were
 * cancelled or left their feed count. NULL when none did. Its default action is
 * app.show-changes. (Pure: the decision is tested without a bus.)
 */
GNotification *ca_notifier_sync_notification (GPtrArray    *changes);

/* After a sync that began at since (Unix seconds): sends the one notification of
 * ca_notifier_sync_notification() for the changes logged since then, unless the
 * setting is off. Returns whether it sent one. */
gboolean    ca_notifier_sync_done  (CaNotifier   *self,
                                    gint64        since);

/* The user just starred the event: when it now clashes with another starred event
 * (the "clash-all-day" setting says whether all-day events count), a notification
 * says so. Returns whether one was sent. */
gboolean    ca_notifier_star_added (CaNotifier   *self,
                                    const char   *feed,
                                    const char   *event_id);

G_END_DECLS
