/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-ics-parser"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>
#include <string.h>

#include "ca-feed-parser.h"
#include "ca-feed-values.h"
#include "ca-format.h"
#include "ca-ics-parser.h"
#include "ca-text.h"

/* A file of a million broken components says enough with the first thousand */
#define MAX_WARNINGS       1000
/* Steps of one recurrence iterator, emitted or not: FREQ=SECONDLY;COUNT=… with every
 * instance excluded would otherwise keep a sync busy for minutes */
#define MAX_STEPS          100000
/* Longer UIDs (Outlook's run to hundreds of hex digits) are hashed into the id */
#define MAX_UID            200

struct _CaIcsParser
{
  GObject  parent_instance;

  gsize    max_size;
  char    *cluster_id;
  char    *cluster_name;
  char    *default_zone;
  gint64   now;
  guint    past_days;
  guint    future_days;
  guint    max_occurrences;
};

G_DEFINE_FINAL_TYPE (CaIcsParser, ca_ics_parser, G_TYPE_OBJECT)

/* {{{ Windows zone names */

/* Outlook and Exchange write Windows zone names in TZID. The common ones of
 * Europe (and of the places webinars are held from), after CLDR's windowsZones.xml;
 * FLE is Bulgaria's own zone, so it maps to Sofia rather than CLDR's Kyiv. */
static const struct {
  const char *windows;
  const char *iana;
} windows_zones[] = {
  { "FLE Standard Time", "Europe/Sofia" },
  { "GTB Standard Time", "Europe/Bucharest" },
  { "E. Europe Standard Time", "Europe/Chisinau" },
  { "W. Europe Standard Time", "Europe/Berlin" },
  { "Central Europe Standard Time", "Europe/Budapest" },
  { "Central European Standard Time", "Europe/Warsaw" },
  { "Romance Standard Time", "Europe/Paris" },
  { "GMT Standard Time", "Europe/London" },
  { "Greenwich Standard Time", "Atlantic/Reykjavik" },
  { "Turkey Standard Time", "Europe/Istanbul" },
  { "Russian Standard Time", "Europe/Moscow" },
  { "Kaliningrad Standard Time", "Europe/Kaliningrad" },
  { "Belarus Standard Time", "Europe/Minsk" },
  { "Israel Standard Time", "Asia/Jerusalem" },
  { "Eastern Standard Time", "America/New_York" },
  { "Central Standard Time", "America/Chicago" },
  { "Mountain Standard Time", "America/Denver" },
  { "Pacific Standard Time", "America/Los_Angeles" },
  { "UTC", "UTC" },
  { "Coordinated Universal Time", "UTC" },
};

/* }}} */

/* {{{ One parse */

typedef struct {
  CaIcsParser   *self;
  CaFeed        *feed;
  const char    *feed_key;
  icalcomponent *calendar;        /* the VCALENDAR being read */
  GHashTable    *zones;           /* TZID → Zone, per calendar */
  icaltimezone  *floating_zone;
  char          *floating_name;
  guint          n_floating;
  GHashTable    *event_ids;       /* of the events kept */
  GHashTable    *overridden;      /* "UID\x1finstant" of every RECURRENCE-ID */
  gint64         window_start;
  gint64         window_end;
  guint          n_warnings;
} Parse;

typedef struct {
  icaltimezone *zone;             /* NULL: unknown, read as floating */
  char         *iana;             /* NULL for a VTIMEZONE of the file's own */
} Zone;

static void
zone_free (Zone *zone)
{
  g_free (zone->iana);
  g_free (zone);
}

G_GNUC_PRINTF (3, 4)
static void
warn (Parse      *ps,
      const char *where,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (++ps->n_warnings > MAX_WARNINGS)
    {
      if (ps->n_warnings == MAX_WARNINGS + 1)
        g_ptr_array_add (ps->feed->warnings,
                         g_strdup_printf (_("VCALENDAR: more than %u warnings; the rest are "
                                            "left out"), MAX_WARNINGS));
      return;
    }
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (ps->feed->warnings, g_strdup_printf ("%s: %s", where, message));
}

/* C0 controls but tab and newline, DEL and C1 controls go (the CaText encoding uses
 * some); a text over the feed string limit is cut on a character boundary. */
static char *
clean_text (const char *str)
{
  g_autofree char *valid = NULL;
  GString *out;
  gsize len;

  if (str == NULL)
    return NULL;
  len = strlen (str);
  if (!g_utf8_validate_len (str, len, NULL))
    {
      str = valid = g_utf8_make_valid (str, len);
      len = strlen (str);
    }
  out = g_string_sized_new (MIN (len, CA_FEED_MAX_STRING) + 1);
  for (gsize i = 0; i < len && out->len < CA_FEED_MAX_STRING; i++)
    {
      guchar c = str[i];

      if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
        continue;
      if (c == 0xC2 && (guchar) str[i + 1] >= 0x80 && (guchar) str[i + 1] <= 0x9F)
        {
          i++;
          continue;
        }
      g_string_append_c (out, c);
    }
  if (out->len >= CA_FEED_MAX_STRING)
    {
      const char *cut = out->str + MIN (out->len, CA_FEED_MAX_STRING);

      while (cut > out->str && ((guchar) *cut & 0xC0) == 0x80)
        cut--;
      g_string_truncate (out, cut - out->str);
    }
  g_strstrip (out->str);
  if (out->str[0] == '\0')
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* An X- property's value as libical keeps it: still TEXT-escaped */
static char *
unescape_text (const char *str)
{
  GString *out = g_string_new (NULL);

  for (const char *p = str; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          g_string_append_c (out, *p == 'n' || *p == 'N' ? '\n' : *p);
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static const char *
x_property (icalcomponent *comp,
            const char    *name)
{
  for (icalproperty *p = icalcomponent_get_first_property (comp, ICAL_X_PROPERTY);
       p != NULL; p = icalcomponent_get_next_property (comp, ICAL_X_PROPERTY))
    {
      const char *x_name = icalproperty_get_x_name (p);

      if (x_name != NULL && g_ascii_strcasecmp (x_name, name) == 0)
        return icalproperty_get_x (p);
    }
  return NULL;
}

static gboolean
is_zone_name (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 64 || strstr (name, "..") != NULL)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("/_+-", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* A builtin zone by IANA name ("UTC" included), and its name (a copy) in iana */
static icaltimezone *
builtin_zone (const char  *name,
              char       **iana)
{
  icaltimezone *zone;

  if (g_strcmp0 (name, "UTC") == 0 || g_strcmp0 (name, "Etc/UTC") == 0 ||
      g_strcmp0 (name, "GMT") == 0 || g_strcmp0 (name, "Z") == 0)
    {
      *iana = g_strdup ("UTC");
      return icaltimezone_get_utc_timezone ();
    }
  if (!is_zone_name (name) || (zone = icaltimezone_get_builtin_timezone (name)) == NULL)
    return NULL;
  *iana = g_strdup (name);
  return zone;
}

/* A TZID as found: an IANA name (also behind a "/vendor/…/" prefix as older
 * Thunderbirds write), a Windows name, or a VTIMEZONE of the file's own */
static Zone *
resolve_zone (Parse      *ps,
              const char *tzid)
{
  Zone *found = g_hash_table_lookup (ps->zones, tzid);
  char *iana = NULL;
  icaltimezone *zone;

  if (found != NULL)
    return found;
  found = g_new0 (Zone, 1);

  zone = builtin_zone (tzid, &iana);
  for (const char *p = tzid; zone == NULL && *p == '/' && (p = strchr (p + 1, '/')) != NULL; )
    zone = builtin_zone (p + 1, &iana);
  if (zone == NULL)
    {
      const char *windows = ca_ics_windows_zone (tzid);

      if (windows != NULL)
        zone = builtin_zone (windows, &iana);
    }
  if (zone == NULL)
    zone = icalcomponent_get_timezone (ps->calendar, tzid);

  found->zone = zone;
  found->iana = iana;
  g_hash_table_insert (ps->zones, g_strdup (tzid), found);
  return found;
}

/* A DTSTART, DTEND, RDATE, EXDATE or RECURRENCE-ID value, read in its zone */
typedef struct {
  struct icaltimetype  local;     /* as written, zone attached */
  gboolean             all_day;
  gboolean             floating;
  icaltimezone        *zone;      /* NULL for a date */
  const char          *iana;
  gint64               instant;   /* the instant; a date: 00:00 UTC of the day */
} Moment;

static gint64
instant_in (struct icaltimetype  t,
            icaltimezone        *zone)
{
  if (t.is_date)
    return _ca_feed_utc_midnight (t.year, t.month, t.day);
  t.zone = NULL;
  return (gint64) icaltime_as_timet_with_zone (t, zone);
}

static gboolean
read_moment (Parse               *ps,
             const char          *where,
             icalproperty        *prop,
             struct icaltimetype  t,
             Moment              *m)
{
  icalparameter *param;

  memset (m, 0, sizeof *m);
  if (icaltime_is_null_time (t) || !icaltime_is_valid_time (t) ||
      t.year < 1 || t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31)
    return FALSE;

  m->local = t;
  m->all_day = t.is_date;
  if (t.is_date)
    ;
  else if (icaltime_is_utc (t))
    {
      m->zone = icaltimezone_get_utc_timezone ();
      m->iana = "UTC";
    }
  else if ((param = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER)) != NULL &&
           icalparameter_get_tzid (param) != NULL)
    {
      const char *tzid = icalparameter_get_tzid (param);
      Zone *zone = resolve_zone (ps, tzid);

      if (zone->zone != NULL)
        {
          m->zone = zone->zone;
          m->iana = zone->iana;
        }
      else
        {
          g_autofree char *shown = clean_text (tzid);

          /* TRANSLATORS: a warning; the first %s is a time zone name, the second an
           * IANA zone name such as Europe/Sofia */
          warn (ps, where, _("unknown time zone “%s”, read as %s"),
                shown != NULL ? shown : "", ps->floating_name);
          m->floating = TRUE;
        }
    }
  else
    m->floating = TRUE;

  if (m->floating)
    {
      m->zone = ps->floating_zone;
      m->iana = ps->floating_name;
    }
  m->local.zone = m->zone;
  m->instant = instant_in (t, m->zone);
  return TRUE;
}

/* "20260105T090000Z", or "20260105" for a day: what follows the UID in an
 * occurrence's id */
static char *
instant_suffix (gint64   instant,
                gboolean all_day)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (instant);

  if (dt == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, instant);
  return g_date_time_format (dt, all_day ? "%Y%m%d" : "%Y%m%dT%H%M%SZ");
}

static char *
override_key (const char *uid,
              gint64      instant)
{
  return g_strdup_printf ("%s\x1f%" G_GINT64_FORMAT, uid, instant);
}

static int
kind_of_word (const char *word)
{
  static const char * const synonyms[][12] = {
    [CA_EVENT_KIND_CONFERENCE] = { "conference", "conferences", "summit", "forum",
                                   "конференция", "конференции", "форум", "konferenz",
                                   "tagung", "kongress", NULL },
    [CA_EVENT_KIND_WEBINAR] = { "webinar", "webinars", "online event", "уебинар",
                                "уебинари", "онлайн събитие", NULL },
    [CA_EVENT_KIND_MEETING] = { "meeting", "meetings", "meetup", "networking", "среща",
                                "срещи", "нетуъркинг", "treffen", "sitzung", NULL },
    [CA_EVENT_KIND_WORKSHOP] = { "workshop", "workshops", "seminar", "уъркшоп",
                                 "работилница", "семинар", "семинари", NULL },
    [CA_EVENT_KIND_TRAINING] = { "training", "course", "обучение", "обучения", "курс",
                                 "schulung", "kurs", "weiterbildung", NULL },
    [CA_EVENT_KIND_FAIR] = { "fair", "exhibition", "expo", "изложение", "панаир",
                             "messe", "ausstellung", NULL },
    [CA_EVENT_KIND_OPEN_CALL] = { "open call", "open_call", "call for proposals",
                                  "покана", "конкурс", "ausschreibung", NULL },
    [CA_EVENT_KIND_DEADLINE] = { "deadline", "краен срок", "срок", "frist", NULL },
    [CA_EVENT_KIND_OTHER] = { NULL },
  };
  g_autofree char *folded = g_utf8_casefold (word, -1);

  for (int k = 0; k < CA_N_EVENT_KINDS; k++)
    {
      g_autofree char *own = g_utf8_casefold (ca_format_event_kind (k), -1);

      /* The app's own export writes the kind's name in the user's language */
      if (g_str_equal (folded, ca_event_kind_to_string (k)) || g_str_equal (folded, own))
        return k;
      for (guint i = 0; synonyms[k][i] != NULL; i++)
        if (g_str_equal (folded, synonyms[k][i]))
          return k;
    }
  return -1;
}

static CaEventKind
read_kind (icalcomponent *comp)
{
  for (icalproperty *p = icalcomponent_get_first_property (comp, ICAL_CATEGORIES_PROPERTY);
       p != NULL; p = icalcomponent_get_next_property (comp, ICAL_CATEGORIES_PROPERTY))
    {
      g_autofree char *value = clean_text (icalproperty_get_categories (p));
      g_auto(GStrv) words = value != NULL ? g_strsplit (value, ",", -1) : NULL;

      for (guint i = 0; words != NULL && words[i] != NULL; i++)
        {
          int kind = kind_of_word (g_strstrip (words[i]));
          if (kind >= 0)
            return kind;
        }
    }
  return CA_EVENT_KIND_OTHER;
}

static char *
read_url (Parse         *ps,
          const char    *where,
          icalcomponent *comp)
{
  icalproperty *p = icalcomponent_get_first_property (comp, ICAL_URL_PROPERTY);
  g_autofree char *url = NULL;

  if (p == NULL || (url = clean_text (icalproperty_get_url (p))) == NULL)
    return NULL;
  if ((g_ascii_strncasecmp (url, "https://", 8) == 0 ||
       g_ascii_strncasecmp (url, "http://", 7) == 0) &&
      strpbrk (url, " \t\n") == NULL && g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL))
    return g_steal_pointer (&url);
  /* TRANSLATORS: a warning; %s is the URL property's value */
  warn (ps, where, _("URL “%s” is not a web address, dropped"), url);
  return NULL;
}

/* The event as its VEVENT describes it, before recurrence: NULL when it cannot be
 * an event (the reason warned) */
static CaEvent *
read_event (Parse         *ps,
            const char    *where,
            icalcomponent *comp,
            Moment        *start)
{
  g_autoptr(CaEvent) event = ca_event_new ();
  icalproperty *p;

  if ((p = icalcomponent_get_first_property (comp, ICAL_DTSTART_PROPERTY)) == NULL ||
      !read_moment (ps, where, p, icalproperty_get_dtstart (p), start))
    {
      warn (ps, where, _("DTSTART missing or not a date; the event is left out"));
      return NULL;
    }
  p = icalcomponent_get_first_property (comp, ICAL_SUMMARY_PROPERTY);
  if (p == NULL || (event->title = clean_text (icalproperty_get_summary (p))) == NULL)
    {
      warn (ps, where, _("SUMMARY missing; the event is left out"));
      return NULL;
    }

  event->feed = g_strdup (ps->feed_key);
  event->all_day = start->all_day;
  event->start = start->instant;
  event->end = start->instant;
  event->timezone = start->all_day || start->floating || start->iana == NULL ||
                    g_str_equal (start->iana, "UTC") ? NULL : g_strdup (start->iana);
  if (start->floating)
    ps->n_floating++;

  if ((p = icalcomponent_get_first_property (comp, ICAL_DTEND_PROPERTY)) != NULL)
    {
      Moment end;

      if (!read_moment (ps, where, p, icalproperty_get_dtend (p), &end))
        warn (ps, where, _("DTEND is not a date, dropped"));
      else if (end.all_day != start->all_day)
        warn (ps, where, start->all_day ? _("DTEND has a time but DTSTART is a date, dropped")
                                        : _("DTEND is a date but DTSTART has a time, dropped"));
      else if (end.instant < start->instant)
        warn (ps, where, _("DTEND before DTSTART, dropped"));
      else if (start->all_day)
        {
          /* DTEND is exclusive: the day after the last */
          event->end = MAX (end.instant - 86400, start->instant);
          event->has_end = event->end > event->start;
        }
      else
        {
          event->end = end.instant;
          event->has_end = TRUE;
        }
    }
  else if ((p = icalcomponent_get_first_property (comp, ICAL_DURATION_PROPERTY)) != NULL)
    {
      struct icaldurationtype duration = icalproperty_get_duration (p);
      gint64 seconds = icaldurationtype_as_int (duration);

      if (icaldurationtype_is_bad_duration (duration) || seconds < 0)
        warn (ps, where, _("DURATION is not a length of time, dropped"));
      else if (start->all_day)
        {
          event->end = start->instant + MAX (seconds / 86400 - 1, 0) * 86400;
          event->has_end = event->end > event->start;
        }
      else
        {
          event->end = start->instant + seconds;
          event->has_end = TRUE;
        }
    }

  event->status = icalcomponent_get_status (comp) == ICAL_STATUS_CANCELLED
                  ? CA_EVENT_STATUS_CANCELLED : CA_EVENT_STATUS_SCHEDULED;
  event->kind = read_kind (comp);
  if ((p = icalcomponent_get_first_property (comp, ICAL_LOCATION_PROPERTY)) != NULL)
    event->venue = clean_text (icalproperty_get_location (p));
  /* Plain text only: X-ALT-DESC's HTML is never read */
  if ((p = icalcomponent_get_first_property (comp, ICAL_DESCRIPTION_PROPERTY)) != NULL)
    event->description = clean_text (icalproperty_get_description (p));
  event->url = read_url (ps, where, comp);
  if (ps->self->cluster_id != NULL)
    {
      event->clusters = g_new0 (char *, 2);
      event->clusters[0] = g_strdup (ps->self->cluster_id);
    }
  return g_steal_pointer (&event);
}

/* The id of an event from its UID: as it is, or hashed when too long or odd */
static char *
uid_to_id (const char *uid)
{
  g_autofree char *clean = clean_text (uid);
  g_autofree char *sum = NULL;

  if (clean == NULL)
    return NULL;
  if (strlen (clean) <= MAX_UID && strpbrk (clean, "\t\n") == NULL)
    return g_steal_pointer (&clean);
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uid, -1);
  return g_strconcat ("uid-", sum, NULL);
}

static void
keep_event (Parse      *ps,
            const char *where,
            CaEvent    *event)
{
  if (g_hash_table_contains (ps->event_ids, event->id))
    {
      warn (ps, where, _("the same UID (and RECURRENCE-ID) as an earlier event; left out"));
      return;
    }
  g_hash_table_add (ps->event_ids, event->id);
  g_ptr_array_add (ps->feed->events, g_object_ref (event));
}

/* A copy of a series' event for the occurrence at instant */
static CaEvent *
occurrence_of (CaEvent *series,
               gint64   instant,
               const char *uid_id)
{
  CaEvent *event = ca_event_new ();
  g_autofree char *suffix = instant_suffix (instant, series->all_day);

  event->feed = g_strdup (series->feed);
  event->id = g_strconcat (uid_id, "@", suffix, NULL);
  event->title = g_strdup (series->title);
  event->start = instant;
  event->end = instant + (series->end - series->start);
  event->has_end = series->has_end;
  event->all_day = series->all_day;
  event->timezone = g_strdup (series->timezone);
  event->kind = series->kind;
  event->status = series->status;
  event->venue = g_strdup (series->venue);
  event->url = g_strdup (series->url);
  event->description = g_strdup (series->description);
  event->clusters = g_strdupv (series->clusters);
  return event;
}

static gint
compare_instants (gconstpointer a,
                  gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* The instants of a series inside the window: DTSTART, RRULEs and RDATEs, less the
 * EXDATEs and the occurrences that RECURRENCE-ID components replace */
static void
expand_series (Parse         *ps,
               const char    *where,
               icalcomponent *comp,
               const char    *uid,
               CaEvent       *series,
               Moment        *start)
{
  g_autoptr(GArray) instants = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) excluded = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                          g_free, NULL);
  gint64 length = series->end - series->start;
  guint cap = ps->self->max_occurrences;
  gboolean capped = FALSE;
  guint kept = 0;

  for (icalproperty *p = icalcomponent_get_first_property (comp, ICAL_EXDATE_PROPERTY);
       p != NULL; p = icalcomponent_get_next_property (comp, ICAL_EXDATE_PROPERTY))
    {
      Moment m;

      if (read_moment (ps, where, p, icalproperty_get_exdate (p), &m))
        g_hash_table_add (excluded, g_memdup2 (&m.instant, sizeof m.instant));
      else
        warn (ps, where, _("EXDATE is not a date, dropped"));
    }

  g_array_append_val (instants, start->instant);

  for (icalproperty *p = icalcomponent_get_first_property (comp, ICAL_RRULE_PROPERTY);
       p != NULL; p = icalcomponent_get_next_property (comp, ICAL_RRULE_PROPERTY))
    {
      struct icalrecurrencetype rule = icalproperty_get_rrule (p);
      icalrecur_iterator *it = NULL;
      struct icaltimetype next;
      guint in_window = 0;

      if (rule.freq != ICAL_NO_RECURRENCE)
        it = icalrecur_iterator_new (rule, start->local);
      if (it == NULL)
        {
          warn (ps, where, _("RRULE not understood; only its first occurrence is kept"));
          icalerror_clear_errno ();
          continue;
        }
      /* Straight to the window, where the rule allows it */
      if (rule.count == 0 && start->instant < ps->window_start)
        {
          struct icaltimetype from = icaltime_from_timet_with_zone (
              (time_t) (ps->window_start - MAX (length, 0) - 86400), start->all_day,
              start->zone != NULL ? start->zone : icaltimezone_get_utc_timezone ());

          if (!icalrecur_iterator_set_start (it, from))
            icalerror_clear_errno ();
        }
      for (guint steps = 0;
           steps < MAX_STEPS && !icaltime_is_null_time (next = icalrecur_iterator_next (it));
           steps++)
        {
          gint64 instant = instant_in (next, start->zone);

          if (instant >= ps->window_end)
            break;
          if (instant + length < ps->window_start)
            continue;
          g_array_append_val (instants, instant);
          /* Enough to fill the cap once the exclusions are taken out */
          if (++in_window > cap + g_hash_table_size (excluded) +
                            g_hash_table_size (ps->overridden))
            break;
        }
      icalrecur_iterator_free (it);
    }

  for (icalproperty *p = icalcomponent_get_first_property (comp, ICAL_RDATE_PROPERTY);
       p != NULL; p = icalcomponent_get_next_property (comp, ICAL_RDATE_PROPERTY))
    {
      struct icaldatetimeperiodtype value = icalproperty_get_rdate (p);
      Moment m;

      if (read_moment (ps, where, p, !icaltime_is_null_time (value.time) ? value.time
                                         : value.period.start, &m) &&
          m.all_day == start->all_day)
        g_array_append_val (instants, m.instant);
      else
        warn (ps, where, _("RDATE is not a date like DTSTART, dropped"));
    }

  g_array_sort (instants, compare_instants);
  for (guint i = 0; i < instants->len; i++)
    {
      gint64 instant = g_array_index (instants, gint64, i);
      g_autofree char *key = override_key (uid, instant);
      g_autoptr(CaEvent) event = NULL;

      if ((i > 0 && instant == g_array_index (instants, gint64, i - 1)) ||
          instant >= ps->window_end || instant + length < ps->window_start ||
          g_hash_table_contains (excluded, &instant) ||
          g_hash_table_contains (ps->overridden, key))
        continue;
      if (kept == cap)
        {
          capped = TRUE;
          break;
        }
      event = occurrence_of (series, instant, series->id);
      keep_event (ps, where, event);
      kept++;
    }
  if (capped)
    /* TRANSLATORS: a warning; %u is the cap on the occurrences of one event */
    warn (ps, where, _("more occurrences in the window than the cap of %u; the rest are "
                       "left out"), cap);
}

static gboolean
is_recurring (icalcomponent *comp)
{
  return icalcomponent_get_first_property (comp, ICAL_RRULE_PROPERTY) != NULL ||
         icalcomponent_get_first_property (comp, ICAL_RDATE_PROPERTY) != NULL;
}

static char *
component_label (guint       index,
                 const char *uid)
{
  g_autofree char *shown = clean_text (uid);

  if (shown == NULL)
    /* TRANSLATORS: where a warning is: the 12th VEVENT of the file */
    return g_strdup_printf (_("VEVENT %u"), index);
  if (g_utf8_strlen (shown, -1) > 60)
    {
      g_autofree char *cut = g_utf8_substring (shown, 0, 59);
      g_free (shown);
      shown = g_strconcat (cut, "…", NULL);
    }
  /* TRANSLATORS: where a warning is: the 12th VEVENT of the file, and its UID */
  return g_strdup_printf (_("VEVENT %u (UID %s)"), index, shown);
}

/* A stable id for an event a careless generator gave no UID */
static char *
made_up_uid (icalcomponent *comp)
{
  icalproperty *start = icalcomponent_get_first_property (comp, ICAL_DTSTART_PROPERTY);
  icalproperty *summary = icalcomponent_get_first_property (comp, ICAL_SUMMARY_PROPERTY);
  g_autofree char *text = g_strdup_printf ("%s\x1f%s",
                                           start != NULL ? icalproperty_as_ical_string (start) : "",
                                           summary != NULL ? icalproperty_get_summary (summary) : "");
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  return g_strndup (sum, 32);
}

static void
read_vevent (Parse         *ps,
             icalcomponent *comp,
             guint          index,
             gboolean       overrides_only)
{
  const char *uid = icalcomponent_get_uid (comp);
  icalproperty *rid_prop = icalcomponent_get_first_property (comp,
                                                             ICAL_RECURRENCEID_PROPERTY);
  g_autofree char *where = component_label (index, uid);
  g_autofree char *made_up = NULL;
  g_autofree char *uid_id = NULL;
  g_autoptr(CaEvent) event = NULL;
  Moment start;

  if ((rid_prop != NULL) != overrides_only)
    return;

  /* libical's own complaints about the values it could not read */
  for (icalproperty *p = icalcomponent_get_first_property (comp, ICAL_XLICERROR_PROPERTY);
         p != NULL; p = icalcomponent_get_next_property (comp, ICAL_XLICERROR_PROPERTY))
      {
        g_autofree char *message = clean_text (icalproperty_get_xlicerror (p));

        /* Google writes "LOCATION:" and "DESCRIPTION:" for none: nothing is lost */
        if (message != NULL && g_str_has_prefix (message, "No value for "))
          continue;
        /* TRANSLATORS: a warning; %s is libical's message (in English) */
        warn (ps, where, _("not understood: %s"), message != NULL ? message : "");
      }

  if (uid == NULL || (uid_id = uid_to_id (uid)) == NULL)
    {
      uid = made_up = made_up_uid (comp);
      uid_id = g_strdup (made_up);
      warn (ps, where, _("UID missing; an id is made from its start and summary"));
    }

  if (rid_prop != NULL)
    {
      Moment rid;
      g_autofree char *suffix = NULL;

      if (!read_moment (ps, where, rid_prop, icalproperty_get_recurrenceid (rid_prop), &rid))
        {
          warn (ps, where, _("RECURRENCE-ID is not a date; the event is left out"));
          return;
        }
      if ((event = read_event (ps, where, comp, &start)) == NULL)
        return;
      g_hash_table_add (ps->overridden, override_key (uid, rid.instant));
      suffix = instant_suffix (rid.instant, rid.all_day);
      event->id = g_strconcat (uid_id, "@", suffix, NULL);
      keep_event (ps, where, event);
      return;
    }

  if ((event = read_event (ps, where, comp, &start)) == NULL)
    return;
  event->id = g_steal_pointer (&uid_id);
  if (is_recurring (comp))
    expand_series (ps, where, comp, uid, event, &start);
  else
    keep_event (ps, where, event);
}

static void
read_calendar (Parse         *ps,
               icalcomponent *calendar)
{
  g_autoptr(GHashTable) zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) zone_free);
  const char *value;
  guint index;

  ps->calendar = calendar;
  ps->zones = zones;

  if (ps->feed->publisher_name == NULL && (value = x_property (calendar, "X-WR-CALNAME")) != NULL)
    {
      g_autofree char *name = unescape_text (value);
      ps->feed->publisher_name = clean_text (name);
    }
  if (ps->feed->publisher_url == NULL &&
      (value = x_property (calendar, "X-ORIGINAL-URL")) != NULL &&
      (g_str_has_prefix (value, "https://") || g_str_has_prefix (value, "http://")) &&
      g_uri_is_valid (value, G_URI_FLAGS_NONE, NULL))
    ps->feed->publisher_url = clean_text (value);

  /* Floating times: the calendar's own zone, else the cluster's, else Sofia */
  ps->floating_zone = NULL;
  g_clear_pointer (&ps->floating_name, g_free);
  if ((value = x_property (calendar, "X-WR-TIMEZONE")) != NULL)
    {
      g_autofree char *name = clean_text (value);
      Zone *zone = name != NULL ? resolve_zone (ps, name) : NULL;

      if (zone != NULL && zone->zone != NULL && zone->iana != NULL)
        {
          ps->floating_zone = zone->zone;
          ps->floating_name = g_strdup (zone->iana);
        }
    }
  if (ps->floating_zone == NULL)
    {
      ps->floating_zone = builtin_zone (ps->self->default_zone, &ps->floating_name);
      if (ps->floating_zone == NULL)
        ps->floating_zone = builtin_zone (CA_ICS_DEFAULT_ZONE, &ps->floating_name);
      if (ps->floating_zone == NULL)
        ps->floating_zone = builtin_zone ("UTC", &ps->floating_name);
    }

  /* The overrides first, so their series know which occurrences they replace */
  for (int pass = 0; pass < 2; pass++)
    {
      index = 0;
      for (icalcomponent *c = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
           c != NULL; c = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
        read_vevent (ps, c, ++index, pass == 0);
    }
  ps->zones = NULL;
}

/* }}} */

static void
ca_ics_parser_finalize (GObject *object)
{
  CaIcsParser *self = (CaIcsParser *) object;

  g_free (self->cluster_id);
  g_free (self->cluster_name);
  g_free (self->default_zone);

  G_OBJECT_CLASS (ca_ics_parser_parent_class)->finalize (object);
}

static void
ca_ics_parser_class_init (CaIcsParserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ca_ics_parser_finalize;

  /* A bad value must become a warning, never an abort() inside libical */
  icalerror_set_errors_are_fatal (0);
}

static void
ca_ics_parser_init (CaIcsParser *self)
{
  self->max_size = CA_FEED_DEFAULT_MAX_SIZE;
  self->past_days = CA_ICS_DEFAULT_PAST_DAYS;
  self->future_days = CA_ICS_DEFAULT_FUTURE_DAYS;
  self->max_occurrences = CA_ICS_DEFAULT_MAX_OCCURRENCES;
}

CaIcsParser *
ca_ics_parser_new (void)
{
  return g_object_new (CA_TYPE_ICS_PARSER, NULL);
}

void
ca_ics_parser_set_max_size (CaIcsParser *self,
                            gsize        max_size)
{
  g_return_if_fail (CA_IS_ICS_PARSER (self));
  g_return_if_fail (max_size > 0);
  self->max_size = max_size;
}

void
ca_ics_parser_set_cluster (CaIcsParser *self,
                           const char  *cluster_id,
                           const char  *cluster_name)
{
  g_return_if_fail (CA_IS_ICS_PARSER (self));
  g_return_if_fail (cluster_name == NULL || cluster_id != NULL);

  g_free (self->cluster_id);
  self->cluster_id = g_strdup (cluster_id);
  g_free (self->cluster_name);
  self->cluster_name = g_strdup (cluster_name);
}

void
ca_ics_parser_set_default_zone (CaIcsParser *self,
                                const char  *zone)
{
  g_return_if_fail (CA_IS_ICS_PARSER (self));
  g_free (self->default_zone);
  self->default_zone = g_strdup (zone);
}

void
ca_ics_parser_set_window (CaIcsParser *self,
                          gint64       now,
                          guint        past_days,
                          guint        future_days)
{
  g_return_if_fail (CA_IS_ICS_PARSER (self));
  self->now = now;
  self->past_days = past_days;
  self->future_days = future_days;
}

void
ca_ics_parser_set_max_occurrences (CaIcsParser *self,
                                   guint        max_occurrences)
{
  g_return_if_fail (CA_IS_ICS_PARSER (self));
  g_return_if_fail (max_occurrences > 0);
  self->max_occurrences = max_occurrences;
}

gboolean
ca_ics_sniff (const char *data,
              gsize       len)
{
  static const char begin[] = "BEGIN:VCALENDAR";
  gsize i = 0;

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && g_ascii_isspace (data[i]))
    i++;
  return len - i >= sizeof begin - 1 &&
         g_ascii_strncasecmp (data + i, begin, sizeof begin - 1) == 0;
}

gboolean
ca_ics_is_calendar_type (const char *content_type)
{
  return content_type != NULL && g_ascii_strcasecmp (content_type, "text/calendar") == 0;
}

const char *
ca_ics_windows_zone (const char *windows_name)
{
  g_return_val_if_fail (windows_name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (windows_zones); i++)
    if (g_ascii_strcasecmp (windows_zones[i].windows, windows_name) == 0)
      return windows_zones[i].iana;
  return NULL;
}

CaFeed *
ca_ics_parser_parse (CaIcsParser  *self,
                     GBytes       *bytes,
                     const char   *feed_key,
                     GError      **error)
{
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(GHashTable) event_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) overridden = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                            g_free, NULL);
  g_autofree char *text = NULL;
  icalcomponent *root;
  const char *data;
  gsize len;
  gint64 now;
  guint n_calendars = 0;
  Parse ps = { 0 };

  g_return_val_if_fail (CA_IS_ICS_PARSER (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (feed_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len > self->max_size)
    {
      g_autofree char *limit = ca_format_size_limit (self->max_size);
      g_set_error (error, CA_FEED_ERROR, CA_FEED_ERROR_TOO_LARGE,
                   _("The feed is larger than the limit of %s"), limit);
      return NULL;
    }
  if (len == 0)
    {
      g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_ICALENDAR,
                           _("The feed is empty"));
      return NULL;
    }
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_INVALID_UTF8,
                           _("The feed is not valid UTF-8 text"));
      return NULL;
    }
  if (!ca_ics_sniff (data, len))
    {
      g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_ICALENDAR,
                           _("This is not an iCalendar calendar: it does not begin with "
                             "“BEGIN:VCALENDAR”"));
      return NULL;
    }

  /* libical wants a string: the bytes end where a NUL would cut them anyway */
  text = g_strndup (data, len);
  root = icalparser_parse_string (text);
  icalerror_clear_errno ();

  feed = ca_feed_new ();
  now = self->now != 0 ? self->now : g_get_real_time () / G_USEC_PER_SEC;
  ps.self = self;
  ps.feed = feed;
  ps.feed_key = feed_key;
  ps.event_ids = event_ids;
  ps.overridden = overridden;
  ps.window_start = now - (gint64) self->past_days * 86400;
  ps.window_end = now + (gint64) self->future_days * 86400;

  if (root != NULL && icalcomponent_isa (root) == ICAL_VCALENDAR_COMPONENT)
    {
      read_calendar (&ps, root);
      n_calendars = 1;
    }
  else if (root != NULL)
    for (icalcomponent *c = icalcomponent_get_first_component (root, ICAL_VCALENDAR_COMPONENT);
         c != NULL; c = icalcomponent_get_next_component (root, ICAL_VCALENDAR_COMPONENT))
      {
        read_calendar (&ps, c);
        n_calendars++;
      }
  if (root != NULL)
    icalcomponent_free (root);

  if (n_calendars == 0)
    {
      g_clear_pointer (&ps.floating_name, g_free);
      g_set_error_literal (error, CA_FEED_ERROR, CA_FEED_ERROR_NOT_ICALENDAR,
                           _("The calendar could not be read: it holds no VCALENDAR that "
                             "libical understands"));
      return NULL;
    }

  if (ps.n_floating > 0)
    /* TRANSLATORS: a notice among the feed's warnings; %s is an IANA zone name */
    warn (&ps, "VCALENDAR",
          g_dngettext (GETTEXT_PACKAGE,
                       "%u event has a floating time (no time zone): read in %s",
                       "%u events have floating times (no time zone): read in %s",
                       ps.n_floating),
          ps.n_floating, ps.floating_name);
  g_clear_pointer (&ps.floating_name, g_free);

  if (self->cluster_name != NULL)
    {
      CaCluster *cluster = ca_cluster_new ();

      cluster->feed = g_strdup (feed_key);
      cluster->id = g_strdup (self->cluster_id);
      cluster->name = clean_text (self->cluster_name);
      if (cluster->name == NULL)
        cluster->name = g_strdup (self->cluster_id);
      g_ptr_array_add (feed->clusters, cluster);
    }
  return g_steal_pointer (&feed);
}
