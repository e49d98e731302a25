/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ca-event.h"

G_BEGIN_DECLS

/*
 * iCalendar (RFC 5545) for events: one VCALENDAR holding a VEVENT per event, with
 * CRLF line ends and lines folded at 75 octets. Texts are in the user's language.
 */

/* events: CaEvent; dtstamp: Unix seconds the export is made (its DTSTAMP) */
char *ca_ics_write_events  (GPtrArray  *events,
                            gint64      dtstamp);

/* The UID of an event: the same for the same (feed, id) in every export */
char *ca_ics_event_uid     (CaEvent    *event);

/* A TEXT value escaped: "\" ";" "," and line breaks */
char *ca_ics_escape_text   (const char *text);

/* Appends one content line, folded at 75 octets without splitting a UTF-8 character,
 * each physical line ended by CRLF */
void  ca_ics_append_line   (GString    *out,
                            const char *line);

G_END_DECLS
