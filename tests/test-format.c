/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-format"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "ca-event.h"
#include "ca-format.h"

/*
 * Dates, times, counts and money as the user's locale writes them. Run three times
 * by meson (tests/run-in-locale.sh): CA_TEST_LANGUAGE is "en", "bg" or "de", and
 * LC_ALL the matching C.UTF-8, bg_BG.UTF-8 or de_DE.UTF-8.
 */

typedef struct {
  const char *language;
  const char *day;           /* 26 March 2019 */
  const char *month;         /* March 2019 */
  const char *span;          /* an all-day event of two days */
  const char *timed;         /* 26 February 2021, 10:30–14:00 in Europe/Sofia */
  const char *count;         /* 1234567 */
  const char *euros;         /* 1234567.5 EUR */
  const char *dollars;       /* 1234.5 USD */
} Expected;

/* glibc's bg_BG groups amounts of money with U+202F NARROW NO-BREAK SPACE and plain
 * numbers not at all (its LC_NUMERIC has no thousands separator) */
#define NNBSP "\xe2\x80\xaf"

static const Expected expectations[] = {
  { "en", "26 March 2019", "March 2019", "26 March 2019 – 27 March 2019",
    "Friday, 26 February 2021, 10:30–14:00", "1234567", "€1234567.50", "1234.50 USD" },
  { "bg", "26 март 2019", "март 2019", "26 март 2019 – 27 март 2019",
    "петък, 26 февруари 2021, 10:30–14:00", "1234567",
    "1" NNBSP "234" NNBSP "567,50 €", "1" NNBSP "234,50 USD" },
  { "de", "26. März 2019", "März 2019", "26. März 2019 – 27. März 2019",
    "Freitag, 26. Februar 2021, 10:30–14:00", "1.234.567", "1.234.567,50 €", "1.234,50 USD" },
};

static const Expected *
expected (void)
{
  const char *language = g_getenv ("CA_TEST_LANGUAGE");

  for (guint i = 0; i < G_N_ELEMENTS (expectations); i++)
    if (g_strcmp0 (expectations[i].language, language) == 0)
      return &expectations[i];
  g_error ("CA_TEST_LANGUAGE must be en, bg or de, not %s", language);
}

static void
test_day (void)
{
  g_autoptr(GDateTime) day = g_date_time_new_utc (2019, 3, 26, 12, 0, 0);
  g_autofree char *text = g_strstrip (ca_format_day (day));
  g_autofree char *feed_day = ca_format_feed_date ("2019-03-26");
  g_autofree char *feed_month = ca_format_feed_date ("2019-03");
  g_autofree char *feed_year = ca_format_feed_date ("2019");

  g_assert_cmpstr (text, ==, expected ()->day);
  g_assert_cmpstr (feed_day, ==, expected ()->day);
  g_assert_cmpstr (feed_month, ==, expected ()->month);
  g_assert_cmpstr (feed_year, ==, "2019");
}

static void
test_event_when (void)
{
  g_autoptr(CaEvent) days = ca_event_new ();
  g_autoptr(CaEvent) timed = ca_event_new ();
  g_autoptr(GTimeZone) sofia = g_time_zone_new_identifier ("Europe/Sofia");
  g_autoptr(GDateTime) start = g_date_time_new (sofia, 2021, 2, 26, 10, 30, 0);
  g_autoptr(GDateTime) end = g_date_time_new (sofia, 2021, 2, 26, 14, 0, 0);
  g_autofree char *span = NULL;
  g_autofree char *when = NULL;

  g_assert_nonnull (sofia);
  days->all_day = TRUE;
  days->has_end = TRUE;
  days->start = 1553558400;             /* 2019-03-26 00:00 UTC */
  days->end = days->start + 86400;
  span = ca_format_event_when (days, NULL);
  g_assert_cmpstr (span, ==, expected ()->span);

  timed->has_end = TRUE;
  timed->start = g_date_time_to_unix (start);
  timed->end = g_date_time_to_unix (end);
  when = ca_format_event_when (timed, sofia);
  /* The day's name is there only when the translation's format has it */
  if (!g_str_equal (when, expected ()->timed))
    g_assert_true (g_str_has_suffix (expected ()->timed, when));
}

/* An event in New York seen from Sofia (TZ, set in main ()): its own time with the
 * zone's place and offset, and the user's. The places are the zone database's
 * names, the same in every language. */
static void
test_event_zones (void)
{
  g_autoptr(CaEvent) event = ca_event_new ();
  g_autoptr(CaEvent) here = ca_event_new ();
  g_autoptr(GTimeZone) new_york = g_time_zone_new_identifier ("America/New_York");
  g_autoptr(GDateTime) start = g_date_time_new (new_york, 2026, 3, 26, 10, 0, 0);
  g_autoptr(GDateTime) winter = g_date_time_new (new_york, 2026, 1, 15, 10, 0, 0);
  g_autoptr(GDateTime) delhi = NULL;
  g_autofree char *own = NULL;
  g_autofree char *user = NULL;
  g_autofree char *zone = NULL;
  g_autofree char *winter_zone = NULL;
  g_autofree char *half = NULL;

  event->has_end = TRUE;
  event->start = g_date_time_to_unix (start);
  event->end = event->start + 2 * 3600;
  event->timezone = g_strdup ("America/New_York");
  own = ca_format_event_local_when (event);
  user = ca_format_event_user_when (event);
  g_assert_nonnull (own);
  g_assert_nonnull (user);
  /* New York is on summer time from 8 March, Sofia only from 29 March */
  g_assert_nonnull (strstr (own, "10:00–12:00 (New York, UTC\u22124)"));
  g_assert_nonnull (strstr (user, "16:00–18:00 (Sofia, UTC+2)"));

  zone = ca_format_zone (start);
  winter_zone = ca_format_zone (winter);
  g_assert_cmpstr (zone, ==, "New York, UTC\u22124");
  g_assert_cmpstr (winter_zone, ==, "New York, UTC\u22125");
  {
    g_autoptr(GTimeZone) kolkata = g_time_zone_new_identifier ("Asia/Kolkata");
    g_autoptr(GTimeZone) offset = g_time_zone_new_identifier ("+03:00");
    g_autoptr(GDateTime) at_offset = g_date_time_new (offset, 2026, 1, 1, 0, 0, 0);
    g_autofree char *bare = NULL;

    delhi = g_date_time_new (kolkata, 2026, 1, 1, 0, 0, 0);
    half = ca_format_zone (delhi);
    g_assert_cmpstr (half, ==, "Kolkata, UTC+5:30");
    bare = ca_format_zone (at_offset);
    g_assert_cmpstr (bare, ==, "UTC+3");
  }

  /* In the user's own zone, or all day: one time, nothing more to say */
  here->has_end = TRUE;
  here->start = event->start;
  here->end = event->end;
  here->timezone = g_strdup ("Europe/Sofia");
  g_assert_null (ca_format_event_local_when (here));
  g_assert_null (ca_format_event_user_when (here));
  event->all_day = TRUE;
  g_assert_null (ca_format_event_local_when (event));
}

/* The status line, as seen at a fixed now (2026-12-07 12:00 UTC; TZ is Sofia) */
/* Where an event happens, on one line: the venue, or Online without one, then the city */
static void
test_event_place (void)
{
  g_autoptr(CaEvent) event = ca_event_new ();
  g_autofree char *nothing = ca_format_event_place (event);
  g_autofree char *both = NULL;
  g_autofree char *online = NULL;
  g_autofree char *city_only = NULL;
  g_autofree char *expected = g_strdup_printf ("%s, Sofia", ca_format_online ());

  g_assert_cmpstr (nothing, ==, "");
  event->venue = g_strdup ("Sofia Tech Park");
  event->city = g_strdup ("Sofia");
  event->online = 1;
  both = ca_format_event_place (event);
  g_assert_cmpstr (both, ==, "Sofia Tech Park, Sofia");
  g_clear_pointer (&event->venue, g_free);
  online = ca_format_event_place (event);
  g_assert_cmpstr (online, ==, expected);
  event->online = 0;
  city_only = ca_format_event_place (event);
  g_assert_cmpstr (city_only, ==, "Sofia");
}

static void
test_freshness (void)
{
  const gint64 now = 1796644800;
  const gint64 generated = 1796205600;    /* 2 December 2026, 10:00 UTC */
  g_autofree char *none = ca_format_freshness (0, 0, now);
  g_autofree char *builtin = ca_format_freshness (generated, 0, now);
  g_autofree char *seconds = ca_format_freshness (generated, now - 20, now);
  g_autofree char *minutes = ca_format_freshness (generated, now - 5 * 60, now);
  g_autofree char *hours = ca_format_freshness (generated, now - 3 * 3600, now);
  g_autofree char *days = ca_format_freshness (generated, now - 3 * 86400, now);
  g_autofree char *undated = ca_format_freshness (0, now - 5 * 60, now);

  g_assert_null (none);
  if (g_strcmp0 (expected ()->language, "en") == 0)
    {
      g_assert_cmpstr (builtin, ==, "Data of 2 December 2026");
      g_assert_cmpstr (seconds, ==, "Data of 2 December 2026 · synced just now");
      g_assert_cmpstr (minutes, ==, "Data of 2 December 2026 · synced 5 minutes ago");
      g_assert_cmpstr (hours, ==, "Data of 2 December 2026 · synced 3 hours ago");
      g_assert_cmpstr (days, ==, "Data of 2 December 2026 · synced on 4 December 2026");
      g_assert_cmpstr (undated, ==, "Synced 5 minutes ago");
    }
  else
    {
      /* In the user's language: the date as the locale writes it, no English word */
      g_autofree char *day_de = g_strdup ("2. Dezember 2026");
      const char *day = g_str_equal (expected ()->language, "bg") ? "2 декември 2026" : day_de;

      g_assert_nonnull (strstr (builtin, day));
      g_assert_nonnull (strstr (minutes, "5"));
      g_assert_null (strstr (minutes, "synced"));
      g_assert_null (strstr (builtin, "Data of"));
      g_assert_true (g_unichar_isupper (g_utf8_get_char (undated)));
    }
}

/* The usual roles and programmes by their names, in any case and spelling; the
 * others as the feed words them */
static void
test_names (void)
{
  g_autofree char *coordinator = ca_format_project_role ("Coordinator");
  g_autofree char *lead = ca_format_project_role ("lead_partner");
  g_autofree char *localised = g_strdup ("\x1e" "en\x1f" "partner\x1e" "bg\x1f" "партньор");
  g_autofree char *texts = ca_format_project_role (localised);
  g_autofree char *own = ca_format_project_role ("work package leader");

  g_assert_cmpstr (coordinator, ==, _("Coordinator"));
  g_assert_cmpstr (lead, ==, _("Lead partner"));
  g_assert_cmpstr (texts, ==, _("Partner"));
  g_assert_cmpstr (own, ==, "work package leader");
  g_assert_null (ca_format_project_role (NULL));
  g_assert_cmpstr (ca_format_programme ("horizon europe"), ==, _("Horizon Europe"));
  g_assert_cmpstr (ca_format_programme ("LIFE"), ==, "LIFE");
  if (g_strcmp0 (expected ()->language, "en") != 0)
    g_assert_cmpstr (coordinator, !=, "Coordinator");
}

static void
test_count (void)
{
  g_autofree char *count = ca_format_count (1234567);
  g_autofree char *small = ca_format_count (12);

  g_assert_cmpstr (count, ==, expected ()->count);
  g_assert_cmpstr (small, ==, "12");
}

static void
test_money (void)
{
  g_autofree char *euros = ca_format_money (1234567.5, "EUR");
  g_autofree char *default_euros = ca_format_money (1234567.5, NULL);
  g_autofree char *dollars = ca_format_money (1234.5, "USD");

  g_assert_cmpstr (euros, ==, expected ()->euros);
  g_assert_cmpstr (default_euros, ==, expected ()->euros);
  g_assert_cmpstr (dollars, ==, expected ()->dollars);
}

/* Limits and times in the settings' units: MiB, not "134.2 MB"; "2 min", "5 s" */
static void
test_units (void)
{
  static const struct {
    const char *language, *mib, *kib, *minutes, *seconds;
  } units[] = {
    { "en", "128 MiB", "256 KiB", "2 min", "5 s" },
    { "bg", "128 МиБ", "256 КиБ", "2 мин", "5 сек" },
    { "de", "128 MiB", "256 KiB", "2 min", "5 s" },
  };
  const char *language = expected ()->language;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autofree char *mib = NULL, *kib = NULL, *odd = NULL, *minutes = NULL;
      g_autofree char *seconds = NULL, *ninety = NULL;

      if (!g_str_equal (units[i].language, language))
        continue;
      mib = ca_format_size_limit (128 * 1024 * 1024);
      kib = ca_format_size_limit (256 * 1024);
      odd = ca_format_size_limit (1000);
      minutes = ca_format_seconds (120);
      seconds = ca_format_seconds (5);
      ninety = ca_format_seconds (90);
      g_assert_cmpstr (mib, ==, units[i].mib);
      g_assert_cmpstr (kib, ==, units[i].kib);
      g_assert_nonnull (strstr (odd, "1000"));
      g_assert_cmpstr (minutes, ==, units[i].minutes);
      g_assert_cmpstr (seconds, ==, units[i].seconds);
      g_assert_true (g_str_has_prefix (ninety, "90 "));
      return;
    }
  g_assert_not_reached ();
}

/* The locale really is the one asked for: a C run must not pass for a German one */
static void
test_locale (void)
{
  const char *language = expected ()->language;
  const char *lc_time = setlocale (LC_TIME, NULL);

  if (g_str_equal (language, "en"))
    g_assert_true (g_str_has_prefix (lc_time, "C"));
  else
    g_assert_true (g_str_has_prefix (lc_time, language));
  /* And the translations were found */
  if (!g_str_equal (language, "en"))
    g_assert_cmpstr (_("Conference"), !=, "Conference");
}

int
main (int   argc,
      char *argv[])
{
  /* The user's zone for /format/event-zones */
  g_setenv ("TZ", "Europe/Sofia", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CLUSTER_ATLAS_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/locale", test_locale);
  g_test_add_func ("/format/day", test_day);
  g_test_add_func ("/format/event-when", test_event_when);
  g_test_add_func ("/format/event-zones", test_event_zones);
  g_test_add_func ("/format/event-place", test_event_place);
  g_test_add_func ("/format/freshness", test_freshness);
  g_test_add_func ("/format/names", test_names);
  g_test_add_func ("/format/count", test_count);
  g_test_add_func ("/format/money", test_money);
  g_test_add_func ("/format/units", test_units);

  return g_test_run ();
}
