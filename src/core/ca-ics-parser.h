/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ca-feed.h"

G_BEGIN_DECLS

/*
 * iCalendar (RFC 5545) documents, read with libical, into the records the JSON
 * parser gives (ca-feed-parser.h): the events of one calendar subscription, all
 * attached to the subscription's cluster. Errors are CA_FEED_ERROR; warnings go in
 * the feed's warnings as "VEVENT 12 (UID abc): DTSTART missing".
 * docs/feed-format.md, "Calendar subscriptions", says how each property maps.
 */

/* The recurrence window's defaults (the ics-window-past-days and
 * ics-window-future-days settings) and the cap on the occurrences of one series */
#define CA_ICS_DEFAULT_PAST_DAYS        365
#define CA_ICS_DEFAULT_FUTURE_DAYS      730
#define CA_ICS_DEFAULT_MAX_OCCURRENCES  500
/* Where a floating time is read when neither the calendar nor the cluster says */
#define CA_ICS_DEFAULT_ZONE             "Europe/Sofia"

#define CA_TYPE_ICS_PARSER (ca_ics_parser_get_type ())
G_DECLARE_FINAL_TYPE (CaIcsParser, ca_ics_parser, CA, ICS_PARSER, GObject)

CaIcsParser *ca_ics_parser_new          (void);
void         ca_ics_parser_set_max_size (CaIcsParser  *self,
                                         gsize         max_size);
/* Every event gets cluster_id in its clusters (NULL: none). With cluster_name, the
 * feed also holds that cluster (a cluster the user named for the subscription). */
void         ca_ics_parser_set_cluster  (CaIcsParser  *self,
                                         const char   *cluster_id,
                                         const char   *cluster_name);
/* The IANA zone floating times are read in when the calendar gives no
 * X-WR-TIMEZONE; NULL is CA_ICS_DEFAULT_ZONE */
void         ca_ics_parser_set_default_zone (CaIcsParser *self,
                                         const char   *zone);
/* Recurring events are expanded from now - past_days to now + future_days;
 * now is Unix seconds (0: the real time) */
void         ca_ics_parser_set_window   (CaIcsParser  *self,
                                         gint64        now,
                                         guint         past_days,
                                         guint         future_days);
void         ca_ics_parser_set_max_occurrences (CaIcsParser *self,
                                         guint         max_occurrences);

CaFeed      *ca_ics_parser_parse        (CaIcsParser  *self,
                                         GBytes       *bytes,
                                         const char   *feed_key,
                                         GError      **error);

/* Whether the document looks like iCalendar: "BEGIN:VCALENDAR" after an optional
 * byte order mark and white space */
gboolean     ca_ics_sniff               (const char   *data,
                                         gsize         len);
/* Whether a Content-Type names iCalendar (text/calendar) */
gboolean     ca_ics_is_calendar_type    (const char   *content_type);

/* The IANA zone of a Windows zone name as Outlook writes it in TZID
 * ("FLE Standard Time" → "Europe/Sofia"), or NULL */
const char  *ca_ics_windows_zone        (const char   *windows_name);

G_END_DECLS
