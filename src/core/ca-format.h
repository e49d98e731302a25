/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ca-enums.h"
#include "ca-event.h"

G_BEGIN_DECLS

/* Words and dates for people, in the user's language and locale; no GTK, so the
 * window, the printed schedule and the command line say things the same way. */

const char *ca_format_member_kind   (CaMemberKind   kind);
const char *ca_format_event_kind    (CaEventKind    kind);
const char *ca_format_event_status  (CaEventStatus  status);

/* A cluster's role in a project (a feed's Text): the role by its name in the user's
 * language when it is one of the usual ones ("partner", "lead partner",
 * "coordinator"…), else the feed's own words */
char       *ca_format_project_role  (const char    *role);

/* A funding programme by its name in the user's language where the app knows it
 * ("Horizon Europe" → "Хоризонт Европа"), else as the feed gives it */
const char *ca_format_programme     (const char    *programme);

/* A feed date ("2019", "2019-03", "2019-03-26") as "2019", "March 2019", "26 March 2019" */
char       *ca_format_feed_date     (const char    *date);

/* "26 March 2019" for a day of a GDateTime, in its own time zone */
char       *ca_format_day           (GDateTime     *day);

/* When an event happens, in the given zone (NULL: the user's): "26–27 March 2019",
 * "Friday, 26 February 2021, 10:30–14:00" */
char       *ca_format_event_when    (CaEvent       *event,
                                     GTimeZone     *zone);

/* "Thursday, 26 March 2019": a day heading of the printed schedule */
char       *ca_format_weekday_day   (GDateTime     *day);

/* "March 2019", with the month's name in the nominative */
char       *ca_format_month         (GDateTime     *month);

/* "Online", where an event has no venue but happens online */
const char *ca_format_online        (void);

/* Where an event happens, in one line: "Sofia Tech Park, Sofia", "Online, Plovdiv"
 * (the venue, or Online without one, then the city); "" when it says nothing */
char       *ca_format_event_place   (CaEvent       *event);

/* "All day" */
const char *ca_format_all_day       (void);

/* A zone as people name it, at an instant: "New York, UTC−4", or "UTC+2" when the
 * zone has no place in its name */
char       *ca_format_zone          (GDateTime     *at);

/* For an event in a zone other than the user's, its time there and the zone:
 * "26 March 2026, 10:00–14:00 (New York, UTC−4)"; NULL when it is in the user's zone
 * (or all day, or has no zone) */
char       *ca_format_event_local_when (CaEvent    *event);

/* The same event's time in the user's zone, named: "26 March 2026, 17:00–21:00
 * (Sofia, UTC+3)"; NULL where ca_format_event_local_when() is */
char       *ca_format_event_user_when  (CaEvent    *event);

/* The window's status line: "Data of 2 December 2026 · synced 5 minutes ago", from the
 * date the feeds say they were generated and the last successful sync (0: unknown),
 * as seen at now; NULL when neither is known */
char       *ca_format_freshness     (gint64         generated,
                                     gint64         synced,
                                     gint64         now);

/* A count with the locale's digit grouping: "12,345", "12 345", "12.345" */
char       *ca_format_count         (gint64         n);

/* An amount of money in the locale's way: "€1,234.50", "1 234,50 €", "1.234,50 €";
 * other currencies by their ISO 4217 code: "1,234.50 USD". NULL currency means EUR. */
char       *ca_format_money         (double         amount,
                                     const char    *currency);

/* A limit the settings give in MiB, said in MiB: "128 MiB" (KiB or bytes when it
 * is no whole number of MiB, as tests set it), never "134.2 MB" */
char       *ca_format_size_limit    (guint64        bytes);

/* A time the settings give in seconds, in their units: "2 min", "90 s", "5 s" */
char       *ca_format_seconds       (guint          seconds);

G_END_DECLS
