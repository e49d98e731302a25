/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-format"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <monetary.h>
#include <stdio.h>
#include <string.h>

#include "ca-format.h"
#include "ca-text.h"

const char *
ca_format_member_kind (CaMemberKind kind)
{
  switch (kind)
    {
    case CA_MEMBER_KIND_SME: return _("SME");
    case CA_MEMBER_KIND_STARTUP: return _("Start-up");
    case CA_MEMBER_KIND_LARGE_COMPANY: return _("Large company");
    case CA_MEMBER_KIND_RESEARCH: return _("Research organisation");
    case CA_MEMBER_KIND_UNIVERSITY: return _("University");
    case CA_MEMBER_KIND_CIVIL_SOCIETY: return _("Civil society");
    case CA_MEMBER_KIND_ASSOCIATION: return _("Association");
    case CA_MEMBER_KIND_PUBLIC: return _("Public body");
    case CA_MEMBER_KIND_OTHER:
    case CA_N_MEMBER_KINDS:
    default: return _("Other");
    }
}

const char *
ca_format_event_kind (CaEventKind kind)
{
  switch (kind)
    {
    case CA_EVENT_KIND_CONFERENCE: return _("Conference");
    case CA_EVENT_KIND_WEBINAR: return _("Webinar");
    case CA_EVENT_KIND_MEETING: return _("Meeting");
    case CA_EVENT_KIND_WORKSHOP: return _("Workshop");
    case CA_EVENT_KIND_TRAINING: return _("Training");
    case CA_EVENT_KIND_FAIR: return _("Fair");
    case CA_EVENT_KIND_OPEN_CALL: return _("Open call");
    case CA_EVENT_KIND_DEADLINE: return _("Deadline");
    case CA_EVENT_KIND_OTHER:
    case CA_N_EVENT_KINDS:
    default: return _("Other");
    }
}

const char *
ca_format_event_status (CaEventStatus status)
{
  switch (status)
    {
    case CA_EVENT_STATUS_CANCELLED: return _("Cancelled");
    case CA_EVENT_STATUS_POSTPONED: return _("Postponed");
    case CA_EVENT_STATUS_RESCHEDULED: return _("Rescheduled");
    case CA_EVENT_STATUS_MOVED_ONLINE: return _("Moved online");
    case CA_EVENT_STATUS_SCHEDULED:
    case CA_N_EVENT_STATUSES:
    default: return _("Scheduled");
    }
}

char *
ca_format_day (GDateTime *day)
{
  g_return_val_if_fail (day != NULL, NULL);
  /* TRANSLATORS: a date, strftime format as GDateTime takes it: "26 March 2019".
   * %-e is the day without padding, %B the month's name in the genitive
   * where the language has one. */
  return g_date_time_format (day, _("%-e %B %Y"));
}

char *
ca_format_weekday_day (GDateTime *day)
{
  g_return_val_if_fail (day != NULL, NULL);
  /* TRANSLATORS: a day heading of the printed schedule, strftime format as GDateTime
   * takes it: "Thursday, 26 March 2019". %A is the weekday, %-e the day without
   * padding, %B the month's name in the genitive where the language has one. */
  return g_strstrip (g_date_time_format (day, _("%A, %-e %B %Y")));
}

char *
ca_format_month (GDateTime *month)
{
  g_return_val_if_fail (month != NULL, NULL);
  /* TRANSLATORS: a month of a year, strftime format: "March 2019". %OB is the
   * month's name in the nominative where the language has one. */
  return g_date_time_format (month, _("%OB %Y"));
}

const char *
ca_format_online (void)
{
  /* TRANSLATORS: where an event happens when it has no venue */
  return _("Online");
}

char *
ca_format_event_place (CaEvent *event)
{
  g_autofree char *venue = NULL;
  g_autofree char *city = NULL;
  GString *where = g_string_new (NULL);

  g_return_val_if_fail (CA_IS_EVENT (event), g_string_free (where, FALSE));

  venue = ca_text_display (event->venue);
  city = ca_text_display (event->city);
  if (venue != NULL && *venue != '\0')
    g_string_append (where, venue);
  else if (event->online == 1)
    g_string_append (where, ca_format_online ());
  if (city != NULL && *city != '\0')
    g_string_append_printf (where, "%s%s", where->len > 0 ? ", " : "", city);
  return g_string_free (where, FALSE);
}

const char *
ca_format_all_day (void)
{
  /* TRANSLATORS: the time of an event that lasts the whole day */
  return _("All day");
}

/* The words feeds use for a cluster's part in a project, in lower case with single
 * spaces, and what the user reads for each */
static const struct {
  const char *key;
  const char *name;
} project_roles[] = {
  /* TRANSLATORS: a cluster's role in a project */
  { "partner", N_("Partner") },
  /* TRANSLATORS: a cluster's role in a project */
  { "lead partner", N_("Lead partner") },
  /* TRANSLATORS: a cluster's role in a project */
  { "coordinator", N_("Coordinator") },
  /* TRANSLATORS: a cluster's role in a project */
  { "associated partner", N_("Associated partner") },
  /* TRANSLATORS: a cluster's role in a project */
  { "beneficiary", N_("Beneficiary") },
  /* TRANSLATORS: a cluster's role in a project */
  { "affiliated entity", N_("Affiliated entity") },
  /* TRANSLATORS: a cluster's role in a project */
  { "subcontractor", N_("Subcontractor") },
  /* TRANSLATORS: a cluster's role in a project */
  { "observer", N_("Observer") },
  /* TRANSLATORS: a cluster's role in a project */
  { "implementing organisation", N_("Implementing organisation") },
  /* TRANSLATORS: a cluster's role in a project */
  { "intermediary organisation", N_("Intermediary organisation") },
};

/* Funding programmes by the names feeds give them, and their names in the user's
 * language */
static const struct {
  const char *key;
  const char *name;
} programmes[] = {
  /* TRANSLATORS: an EU funding programme, as it is officially called in your language */
  { "Horizon 2020", N_("Horizon 2020") },
  /* TRANSLATORS: an EU funding programme, as it is officially called in your language */
  { "Horizon Europe", N_("Horizon Europe") },
  /* TRANSLATORS: an EU funding programme, as it is officially called in your language */
  { "COSME", N_("COSME") },
  /* TRANSLATORS: an EU funding programme, as it is officially called in your language */
  { "Interreg Danube", N_("Interreg Danube") },
  /* TRANSLATORS: an EU funding programme, as it is officially called in your language */
  { "Interreg Europe", N_("Interreg Europe") },
  /* TRANSLATORS: an EU funding programme, as it is officially called in your language */
  { "Interreg Balkan-Mediterranean", N_("Interreg Balkan-Mediterranean") },
  /* TRANSLATORS: an EU funding programme, as it is officially called in your language */
  { "Erasmus+", N_("Erasmus+") },
  /* TRANSLATORS: an EU funding programme, as it is officially called in your language */
  { "Digital Europe", N_("Digital Europe") },
  /* TRANSLATORS: an EU funding programme, as it is officially called in your language */
  { "Single Market Programme", N_("Single Market Programme") },
  /* TRANSLATORS: an EU funding programme, as it is officially called in your language */
  { "South-East Transnational Cooperation Programme", N_("South-East Transnational Cooperation Programme") },
  /* TRANSLATORS: a Bulgarian operational programme, as it is officially called in your language */
  { "OP Innovation and Competitiveness", N_("OP Innovation and Competitiveness") },
  /* TRANSLATORS: a Bulgarian programme, as it is officially called in your language */
  { "Programme Research, Innovation and Digitalisation", N_("Programme Research, Innovation and Digitalisation") },
};

char *
ca_format_project_role (const char *role)
{
  static const char * const english[] = { "en", NULL };
  g_autofree char *plain = NULL;
  g_autofree char *key = NULL;

  if (role == NULL)
    return NULL;
  /* The English (or only) value names the role: {"en": "partner", "bg": …} too */
  plain = ca_text_for_languages (role, english);
  if (plain != NULL)
    {
      key = g_utf8_strdown (g_strstrip (plain), -1);
      g_strdelimit (key, "-_", ' ');
      for (guint i = 0; i < G_N_ELEMENTS (project_roles); i++)
        if (g_str_equal (key, project_roles[i].key))
          return g_strdup (_(project_roles[i].name));
    }
  /* A role of the feed's own: its words, in the user's language where it has them */
  return ca_text_display (role);
}

const char *
ca_format_programme (const char *programme)
{
  if (programme == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (programmes); i++)
    if (g_ascii_strcasecmp (programme, programmes[i].key) == 0)
      return _(programmes[i].name);
  return programme;
}

char *
ca_format_feed_date (const char *date)
{
  g_autoptr(GDateTime) dt = NULL;
  int y = 0, m = 1, d = 1;
  int parts;

  if (date == NULL)
    return NULL;
  parts = sscanf (date, "%d-%d-%d", &y, &m, &d);
  if (parts < 1 || (dt = g_date_time_new_utc (y, m, d, 0, 0, 0)) == NULL)
    return g_strdup (date);
  if (parts == 1)
    return g_date_time_format (dt, "%Y");
  if (parts == 2)
    /* TRANSLATORS: a month of a year, strftime format: "March 2019". %OB is the
     * month's name in the nominative where the language has one. */
    return g_date_time_format (dt, _("%OB %Y"));
  return g_strstrip (ca_format_day (dt));
}

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  return g_date_time_get_year (a) == g_date_time_get_year (b) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

char *
ca_format_event_when (CaEvent   *event,
                      GTimeZone *zone)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_return_val_if_fail (CA_IS_EVENT (event), NULL);

  if (event->all_day)
    {
      /* All-day dates are floating: read them as they were written. */
      start = g_date_time_new_from_unix_utc (event->start);
      end = g_date_time_new_from_unix_utc (event->end);
      first = g_strstrip (ca_format_day (start));
      if (!event->has_end || same_day (start, end))
        return g_steal_pointer (&first);
      last = g_strstrip (ca_format_day (end));
      /* TRANSLATORS: a span of days, "26 March 2019 – 27 March 2019" */
      return g_strdup_printf (_("%s – %s"), first, last);
    }

  if (zone == NULL)
    zone = local = g_time_zone_new_local ();
  start = g_date_time_new_from_unix_utc (event->start);
  end = g_date_time_new_from_unix_utc (event->end);
  {
    g_autoptr(GDateTime) s = g_date_time_to_timezone (start, zone);
    g_autoptr(GDateTime) e = g_date_time_to_timezone (end, zone);
    g_autofree char *day = g_strstrip (ca_format_day (s));
    /* TRANSLATORS: a time of day, strftime format: "10:30" */
    g_autofree char *from = g_date_time_format (s, _("%H:%M"));
    g_autofree char *to = g_date_time_format (e, _("%H:%M"));

    if (!event->has_end || event->end == event->start)
      /* TRANSLATORS: a day and a time: "26 February 2021, 10:30" */
      return g_strdup_printf (_("%s, %s"), day, from);
    if (same_day (s, e))
      /* TRANSLATORS: a day and a span of time: "26 February 2021, 10:30–14:00" */
      return g_strdup_printf (_("%s, %s–%s"), day, from, to);
    {
      g_autofree char *day2 = g_strstrip (ca_format_day (e));
      /* TRANSLATORS: from a day and time to another: "1 May 2026, 18:00 – 2 May 2026, 02:00" */
      return g_strdup_printf (_("%s, %s – %s, %s"), day, from, day2, to);
    }
  }
}

/* "UTC+2", "UTC−4", "UTC+5:30", "UTC": the offset at that instant, which names a zone
 * in every language */
static char *
format_offset (GDateTime *at)
{
  GTimeSpan offset = g_date_time_get_utc_offset (at);
  gint64 minutes = ABS (offset) / G_TIME_SPAN_MINUTE;
  /* a minus sign, not a hyphen */
  const char *sign = offset < 0 ? "\u2212" : "+";

  if (offset == 0)
    return g_strdup ("UTC");
  if (minutes % 60 == 0)
    return g_strdup_printf ("UTC%s%" G_GINT64_FORMAT, sign, minutes / 60);
  return g_strdup_printf ("UTC%s%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT, sign,
                          minutes / 60, minutes % 60);
}

char *
ca_format_zone (GDateTime *at)
{
  GTimeZone *zone;
  const char *id, *city;
  g_autofree char *offset = NULL;
  g_autofree char *place = NULL;

  g_return_val_if_fail (at != NULL, NULL);

  zone = g_date_time_get_timezone (at);
  offset = format_offset (at);
  id = zone != NULL ? g_time_zone_get_identifier (zone) : NULL;
  /* "America/New_York" → "New York"; a zone read from a file (":/etc/localtime")
   * or named by its offset has no place to name */
  if (id == NULL || !g_ascii_isupper (id[0]) || (city = strrchr (id, '/')) == NULL ||
      city[1] == '\0')
    return g_steal_pointer (&offset);
  place = g_strdelimit (g_strdup (city + 1), "_", ' ');
  /* TRANSLATORS: a time zone by its place and offset: "New York, UTC−4" */
  return g_strdup_printf (_("%s, %s"), place, offset);
}

/* The zone the event gives, when its offset at the event's start is not the user's */
static GTimeZone *
other_zone (CaEvent *event)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) in_zone = NULL;
  g_autoptr(GDateTime) in_local = NULL;

  if (event->all_day || event->timezone == NULL ||
      (zone = g_time_zone_new_identifier (event->timezone)) == NULL)
    return NULL;
  start = g_date_time_new_from_unix_utc (event->start);
  in_zone = g_date_time_to_timezone (start, zone);
  in_local = g_date_time_to_local (start);
  if (g_date_time_get_utc_offset (in_zone) == g_date_time_get_utc_offset (in_local))
    return NULL;
  return g_steal_pointer (&zone);
}

/* when, followed by the zone it is in at the event's start */
static char *
when_in_zone (CaEvent   *event,
              GTimeZone *zone)
{
  g_autofree char *when = ca_format_event_when (event, zone);
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (event->start);
  g_autoptr(GDateTime) at = g_date_time_to_timezone (start, zone);
  g_autofree char *name = ca_format_zone (at);

  /* TRANSLATORS: an event's time and the zone it is in:
   * "26 February 2021, 10:30–14:00 (New York, UTC−5)" */
  return g_strdup_printf (_("%s (%s)"), when, name);
}

char *
ca_format_event_local_when (CaEvent *event)
{
  g_autoptr(GTimeZone) zone = NULL;

  g_return_val_if_fail (CA_IS_EVENT (event), NULL);

  if ((zone = other_zone (event)) == NULL)
    return NULL;
  return when_in_zone (event, zone);
}

char *
ca_format_event_user_when (CaEvent *event)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GTimeZone) local = NULL;

  g_return_val_if_fail (CA_IS_EVENT (event), NULL);

  if ((zone = other_zone (event)) == NULL)
    return NULL;
  local = g_time_zone_new_local ();
  return when_in_zone (event, local);
}

/* "synced 5 minutes ago": how long ago, in the words a clock on the wall would give */
static char *
format_synced (gint64 synced,
               gint64 now)
{
  gint64 ago = MAX (now - synced, 0);
  g_autoptr(GDateTime) then = NULL;
  g_autofree char *day = NULL;

  if (ago < 60)
    /* TRANSLATORS: part of the window's status line, after "Data of 2 December · " */
    return g_strdup (_("synced just now"));
  if (ago < 3600)
    /* TRANSLATORS: part of the window's status line, after "Data of 2 December · " */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "synced %u minute ago", "synced %u minutes ago",
                                      (gulong) (ago / 60)), (guint) (ago / 60));
  if (ago < 24 * 3600)
    /* TRANSLATORS: part of the window's status line, after "Data of 2 December · " */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "synced %u hour ago", "synced %u hours ago",
                                      (gulong) (ago / 3600)), (guint) (ago / 3600));
  then = g_date_time_new_from_unix_local (synced);
  day = g_strstrip (ca_format_day (then));
  /* TRANSLATORS: part of the window's status line, after "Data of 2 December · ";
   * %s is a date, "1 December 2026" */
  return g_strdup_printf (_("synced on %s"), day);
}

char *
ca_format_freshness (gint64 generated,
                     gint64 synced,
                     gint64 now)
{
  g_autoptr(GString) line = g_string_new (NULL);

  if (generated > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (generated);
      g_autofree char *day = g_strstrip (ca_format_day (when));

      /* TRANSLATORS: the window's status line: the date the feed says its data is of,
       * "Data of 2 December 2026" */
      g_string_append_printf (line, _("Data of %s"), day);
    }
  if (synced > 0)
    {
      g_autofree char *ago = format_synced (synced, now);

      if (line->len > 0)
        g_string_append (line, " · ");
      g_string_append (line, ago);
    }
  if (line->len == 0)
    return NULL;
  /* Without a feed date the line starts with "synced …": as a sentence */
  if (generated <= 0)
    {
      gunichar first = g_utf8_get_char (line->str);
      char upper[6];
      int n = g_unichar_to_utf8 (g_unichar_totitle (first), upper);

      g_string_erase (line, 0, g_utf8_next_char (line->str) - line->str);
      g_string_insert_len (line, 0, upper, n);
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* printf's ' flag groups digits by LC_NUMERIC, which main () set from the user's locale;
 * GLib has no number formatting of its own. */
char *
ca_format_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

/* Money is grouped as LC_MONETARY says, which is not always as LC_NUMERIC does:
 * glibc's bg_BG groups amounts ("1 234,50") but not plain numbers. strfmon's "!"
 * leaves the locale's own currency out; the euro sign comes from the translation. */
char *
ca_format_money (double      amount,
                 const char *currency)
{
  /* The largest double has 309 digits, and grouping may add a 3-byte separator
   * for every three: a feed's 1e308 is shown whole, not cut at the buffer's end */
  char number[1024];

  if (strfmon (number, sizeof number, "%!.2n", amount) < 0)
    g_snprintf (number, sizeof number, "%.2f", amount);

  if (currency == NULL || g_ascii_strcasecmp (currency, "EUR") == 0)
    /* TRANSLATORS: an amount in euros; %s is the number, already grouped the
     * locale's way ("1,234.50"). Put the sign where your language does: "%s €" */
    return g_strdup_printf (_("€%s"), number);
  /* TRANSLATORS: an amount and its ISO 4217 currency code, "1,234.50 USD" */
  return g_strdup_printf (_("%s %s"), number, currency);
}

/* The settings count whole MiB; g_format_size() would say 128 MiB as "134.2 MB" */
char *
ca_format_size_limit (guint64 bytes)
{
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 && bytes / (1024 * 1024) <= G_MAXUINT)
    /* TRANSLATORS: a size limit in mebibytes, as the preferences set it */
    return g_strdup_printf (_("%u MiB"), (guint) (bytes / (1024 * 1024)));
  if (bytes >= 1024 && bytes % 1024 == 0 && bytes / 1024 <= G_MAXUINT)
    /* TRANSLATORS: a size limit in kibibytes */
    return g_strdup_printf (_("%u KiB"), (guint) (bytes / 1024));
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

char *
ca_format_seconds (guint seconds)
{
  if (seconds >= 60 && seconds % 60 == 0)
    /* TRANSLATORS: a time in whole minutes, as in "gave up after 2 min" */
    return g_strdup_printf (_("%u min"), seconds / 60);
  /* TRANSLATORS: a time in seconds, as in "gave up after 5 s" */
  return g_strdup_printf (_("%u s"), seconds);
}
