/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ca-event.h"

G_BEGIN_DECLS

/*
 * When to remind the user of a starred event: the rules alone, on a clock given by
 * the caller, so they are tested without waiting (tests/test-reminders.c).
 *
 * A timed event is reminded of a day (24 h) before it starts and an hour before.
 * An all-day event is reminded of once, at 09:00 local time the day before (an hour
 * before midnight says nothing). A reminder whose moment passed while the app was
 * not running is still sent as long as it says something new: the day reminder
 * until the hour reminder's moment, the hour reminder until the start. Each is sent
 * once per start time, so a rescheduled event is reminded of again.
 */

typedef enum {
  CA_REMINDER_DAY,
  CA_REMINDER_HOUR,
} CaReminderKind;

typedef struct {
  CaEvent        *event;
  CaReminderKind  kind;
  gint64          at;       /* Unix seconds: when it is due */
  char           *key;      /* unique per event, kind and start: the "sent" mark */
} CaReminder;

void        ca_reminder_free      (CaReminder *reminder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaReminder, ca_reminder_free)

/* The reminders of events (CaEvent) due at now and not in sent (keys), in time order */
GPtrArray  *ca_reminders_due      (GPtrArray   *events,
                                   gint64       now,
                                   GHashTable  *sent,
                                   GTimeZone   *zone);

/* The next moment after now at which one of them falls due, or 0 when none will */
gint64      ca_reminders_next     (GPtrArray   *events,
                                   gint64       now,
                                   GHashTable  *sent,
                                   GTimeZone   *zone);

/* The window of starred events worth asking the store for at now: [from, to) */
void        ca_reminders_query_window (gint64   now,
                                       gint64  *from,
                                       gint64  *to);

G_END_DECLS
