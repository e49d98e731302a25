/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-ics"

#include "config.h"

#include <string.h>

#include "ca-format.h"
#include "ca-ics.h"
#include "ca-text.h"

#define FOLD_OCTETS 75

char *
ca_ics_escape_text (const char *text)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\': g_string_append (out, "\\\\"); break;
        case ';': g_string_append (out, "\\;"); break;
        case ',': g_string_append (out, "\\,"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r':
          /* CRLF is one break; a lone CR is one too */
          if (p[1] != '\n')
            g_string_append (out, "\\n");
          break;
        default:
          /* RFC 5545 allows no other control characters in a TEXT value */
          if ((guchar) *p < 0x20 && *p != '\t')
            break;
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

void
ca_ics_append_line (GString    *out,
                    const char *line)
{
  gsize len = strlen (line);
  gsize pos = 0;
  gsize room = FOLD_OCTETS;

  g_return_if_fail (out != NULL && line != NULL);

  while (len - pos > room)
    {
      gsize cut = pos + room;

      /* Back up to the first byte of a character: never split a UTF-8 sequence */
      while (cut > pos && ((guchar) line[cut] & 0xC0) == 0x80)
        cut--;
      g_string_append_len (out, line + pos, cut - pos);
      /* A continuation line starts with a space, which counts in its 75 octets */
      g_string_append (out, "\r\n ");
      pos = cut;
      room = FOLD_OCTETS - 1;
    }
  g_string_append_len (out, line + pos, len - pos);
  g_string_append (out, "\r\n");
}

static void
append_text_property (GString    *out,
                      const char *name,
                      const char *text)
{
  g_autofree char *escaped = NULL;
  g_autofree char *line = NULL;

  if (text == NULL || *text == '\0')
    return;
  escaped = ca_ics_escape_text (text);
  line = g_strconcat (name, ":", escaped, NULL);
  ca_ics_append_line (out, line);
}

char *
ca_ics_event_uid (CaEvent *event)
{
  g_autofree char *feed_hash = NULL;

  g_return_val_if_fail (CA_IS_EVENT (event), NULL);

  /* Feed keys are URLs; a digest keeps the UID short and free of characters that
   * would need escaping, and the same feed always gives the same one. */
  feed_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1,
                                             event->feed != NULL ? event->feed : "", -1);
  feed_hash[16] = '\0';
  return g_strdup_printf ("%s-%s@clusteratlas.github.io", event->id, feed_hash);
}

static char *
utc_stamp (gint64 when)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (when);

  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, "%Y%m%dT%H%M%SZ");
}

static char *
date_value (gint64 when)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (when);

  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, "%Y%m%d");
}

/* "Sofia Tech Park, Sofia, BG", or "Online" */
static char *
location (CaEvent *event)
{
  g_autofree char *venue = ca_text_display (event->venue);
  g_autofree char *city = ca_text_display (event->city);
  GString *out = g_string_new (NULL);

  if (venue != NULL && *venue != '\0')
    g_string_append (out, venue);
  if (city != NULL && *city != '\0')
    g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", city);
  if (event->country != NULL && *event->country != '\0')
    g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", event->country);
  if (out->len == 0 && event->online == 1)
    g_string_append (out, ca_format_online ());
  return g_string_free (out, out->len == 0);
}

static const char *
status_value (CaEventStatus status)
{
  switch (status)
    {
    case CA_EVENT_STATUS_CANCELLED: return "CANCELLED";
    case CA_EVENT_STATUS_POSTPONED: return "TENTATIVE";
    case CA_EVENT_STATUS_SCHEDULED:
    case CA_EVENT_STATUS_RESCHEDULED:
    case CA_EVENT_STATUS_MOVED_ONLINE:
    case CA_N_EVENT_STATUSES:
    default: return "CONFIRMED";
    }
}

static void
append_event (GString    *out,
              CaEvent    *event,
              const char *dtstamp)
{
  g_autofree char *uid = ca_ics_event_uid (event);
  g_autofree char *summary = ca_text_display (event->title);
  g_autofree char *description = ca_text_display (event->description);
  g_autofree char *where = location (event);
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *line = NULL;

  ca_ics_append_line (out, "BEGIN:VEVENT");
  append_text_property (out, "UID", uid);
  line = g_strconcat ("DTSTAMP:", dtstamp, NULL);
  ca_ics_append_line (out, line);
  g_clear_pointer (&line, g_free);

  if (event->all_day)
    {
      /* All-day events are stored at 00:00 UTC of their first and (inclusive) last
       * day; DTEND is exclusive, so it is the day after the last. */
      start = date_value (event->start);
      end = date_value (MAX (event->end, event->start) + 86400);
      line = g_strconcat ("DTSTART;VALUE=DATE:", start, NULL);
      ca_ics_append_line (out, line);
      g_clear_pointer (&line, g_free);
      line = g_strconcat ("DTEND;VALUE=DATE:", end, NULL);
      ca_ics_append_line (out, line);
      g_clear_pointer (&line, g_free);
    }
  else
    {
      start = utc_stamp (event->start);
      line = g_strconcat ("DTSTART:", start, NULL);
      ca_ics_append_line (out, line);
      g_clear_pointer (&line, g_free);
      if (event->has_end && event->end > event->start)
        {
          end = utc_stamp (event->end);
          line = g_strconcat ("DTEND:", end, NULL);
          ca_ics_append_line (out, line);
          g_clear_pointer (&line, g_free);
        }
    }

  append_text_property (out, "SUMMARY", summary);
  append_text_property (out, "LOCATION", where);
  append_text_property (out, "DESCRIPTION", description);
  /* The parser accepts only http(s) and mailto URLs, which hold no line breaks */
  if (event->url != NULL && *event->url != '\0')
    {
      line = g_strconcat ("URL:", event->url, NULL);
      ca_ics_append_line (out, line);
      g_clear_pointer (&line, g_free);
    }
  append_text_property (out, "CATEGORIES", ca_format_event_kind (event->kind));
  line = g_strconcat ("STATUS:", status_value (event->status), NULL);
  ca_ics_append_line (out, line);
  ca_ics_append_line (out, "END:VEVENT");
}

char *
ca_ics_write_events (GPtrArray *events,
                     gint64     dtstamp)
{
  GString *out = g_string_new (NULL);
  g_autofree char *stamp = utc_stamp (dtstamp);

  g_return_val_if_fail (events != NULL, NULL);
  g_return_val_if_fail (stamp != NULL, NULL);

  ca_ics_append_line (out, "BEGIN:VCALENDAR");
  ca_ics_append_line (out, "VERSION:2.0");
  ca_ics_append_line (out, "PRODID:-//Cluster Atlas//Cluster Atlas " PACKAGE_VERSION "//EN");
  ca_ics_append_line (out, "CALSCALE:GREGORIAN");
  ca_ics_append_line (out, "METHOD:PUBLISH");
  for (guint i = 0; i < events->len; i++)
    append_event (out, events->pdata[i], stamp);
  ca_ics_append_line (out, "END:VCALENDAR");
  return g_string_free (out, FALSE);
}
