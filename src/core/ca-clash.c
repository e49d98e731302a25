/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-clash"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ca-clash.h"
#include "ca-text.h"

/* {{{ Helpers */

/* The instants [*start, *end] an event takes; an end equal to the start is an instant */
static void
span_of (CaEvent   *event,
         GTimeZone *zone,
         gint64    *start,
         gint64    *end)
{
  if (event->all_day)
    {
      /* Stored at 00:00 UTC of the first and the last day: those days in the user's zone */
      g_autoptr(GDateTime) first = g_date_time_new_from_unix_utc (event->start);
      g_autoptr(GDateTime) last = g_date_time_new_from_unix_utc (MAX (event->end, event->start));
      g_autoptr(GDateTime) from = g_date_time_new (zone, g_date_time_get_year (first),
                                                   g_date_time_get_month (first),
                                                   g_date_time_get_day_of_month (first),
                                                   0, 0, 0);
      g_autoptr(GDateTime) to_day = g_date_time_new (zone, g_date_time_get_year (last),
                                                     g_date_time_get_month (last),
                                                     g_date_time_get_day_of_month (last),
                                                     0, 0, 0);
      g_autoptr(GDateTime) to = to_day != NULL ? g_date_time_add_days (to_day, 1) : NULL;

      *start = from != NULL ? g_date_time_to_unix (from) : event->start;
      *end = to != NULL ? g_date_time_to_unix (to) : event->end + 86400;
      return;
    }
  *start = event->start;
  *end = event->has_end ? MAX (event->end, event->start) : event->start;
}

/* Half-open spans; an instant lies in a span it falls in, or on another instant */
static gboolean
overlap (gint64 a_start,
         gint64 a_end,
         gint64 b_start,
         gint64 b_end)
{
  if (a_start == b_start)
    return TRUE;
  return a_start < b_end && b_start < a_end;
}

/* The days (Julian) an event falls on in zone */
static gboolean
days_of (CaEvent   *event,
         GTimeZone *zone,
         guint32   *first,
         guint32   *last)
{
  g_autoptr(GDateTime) s = NULL;
  g_autoptr(GDateTime) e = NULL;
  gint64 end = event->has_end ? MAX (event->end, event->start) : event->start;
  GDate date;

  if (event->all_day)
    {
      s = g_date_time_new_from_unix_utc (event->start);
      e = g_date_time_new_from_unix_utc (end);
    }
  else
    {
      g_autoptr(GDateTime) s_utc = g_date_time_new_from_unix_utc (event->start);
      /* An end at midnight ends the day before */
      g_autoptr(GDateTime) e_utc = g_date_time_new_from_unix_utc (end > event->start ? end - 1
                                                                                    : end);

      if (s_utc == NULL || e_utc == NULL)
        return FALSE;
      s = g_date_time_to_timezone (s_utc, zone);
      e = g_date_time_to_timezone (e_utc, zone);
    }
  if (s == NULL || e == NULL)
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (s), g_date_time_get_month (s),
                  g_date_time_get_year (s));
  *first = g_date_get_julian (&date);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (e), g_date_time_get_month (e),
                  g_date_time_get_year (e));
  *last = g_date_get_julian (&date);
  return TRUE;
}

static char *
city_key (CaEvent *event)
{
  g_autofree char *shown = NULL;

  if (event->city == NULL)
    return NULL;
  shown = ca_text_display (event->city);
  return shown != NULL ? g_utf8_casefold (g_strstrip (shown), -1) : NULL;
}

static gboolean
different_cities (CaEvent   *a,
                  CaEvent   *b,
                  GTimeZone *zone)
{
  g_autofree char *city_a = city_key (a);
  g_autofree char *city_b = city_key (b);
  guint32 a_first, a_last, b_first, b_last;

  if (city_a == NULL || city_b == NULL || *city_a == '\0' || *city_b == '\0' ||
      g_str_equal (city_a, city_b))
    return FALSE;
  if (!days_of (a, zone, &a_first, &a_last) || !days_of (b, zone, &b_first, &b_last))
    return FALSE;
  return a_first <= b_last && b_first <= a_last;
}

static int
compare_start (gconstpointer a,
               gconstpointer b)
{
  CaEvent *x = *(CaEvent **) a;
  CaEvent *y = *(CaEvent **) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

static CaClash *
clash_new (CaEvent     *a,
           CaEvent     *b,
           CaClashKind  kind)
{
  CaClash *clash = g_new0 (CaClash, 1);

  clash->a = g_object_ref (a);
  clash->b = g_object_ref (b);
  clash->kind = kind;
  return clash;
}

/* }}} */

/* {{{ Public API */

void
ca_clash_free (CaClash *clash)
{
  if (clash == NULL)
    return;
  g_clear_object (&clash->a);
  g_clear_object (&clash->b);
  g_free (clash);
}

CaClashKind
ca_clash_between (CaEvent      *a,
                  CaEvent      *b,
                  GTimeZone    *zone,
                  CaClashFlags  flags)
{
  g_autoptr(GTimeZone) local = NULL;
  CaClashKind kind = CA_CLASH_NONE;

  g_return_val_if_fail (CA_IS_EVENT (a), CA_CLASH_NONE);
  g_return_val_if_fail (CA_IS_EVENT (b), CA_CLASH_NONE);

  if (a == b || a->status == CA_EVENT_STATUS_CANCELLED ||
      b->status == CA_EVENT_STATUS_CANCELLED)
    return CA_CLASH_NONE;
  if (zone == NULL)
    zone = local = g_time_zone_new_local ();

  if ((!a->all_day && !b->all_day) || (flags & CA_CLASH_ALL_DAY))
    {
      gint64 a_start, a_end, b_start, b_end;

      span_of (a, zone, &a_start, &a_end);
      span_of (b, zone, &b_start, &b_end);
      if (overlap (a_start, a_end, b_start, b_end))
        kind |= CA_CLASH_OVERLAP;
    }
  if (different_cities (a, b, zone))
    kind |= CA_CLASH_DIFFERENT_CITIES;
  return kind;
}

GPtrArray *
ca_clash_find (GPtrArray    *events,
               GTimeZone    *zone,
               CaClashFlags  flags)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  GPtrArray *clashes = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_clash_free);

  g_return_val_if_fail (events != NULL, clashes);

  if (zone == NULL)
    zone = local = g_time_zone_new_local ();
  /* Not g_ptr_array_copy(): the copy would keep events' free function */
  sorted = g_ptr_array_sized_new (events->len);
  for (guint i = 0; i < events->len; i++)
    g_ptr_array_add (sorted, events->pdata[i]);
  g_ptr_array_sort (sorted, compare_start);

  /* A starred schedule is tens of events, not thousands: every pair is asked */
  for (guint i = 0; i < sorted->len; i++)
    for (guint j = i + 1; j < sorted->len; j++)
      {
        CaEvent *a = sorted->pdata[i];
        CaEvent *b = sorted->pdata[j];
        CaClashKind kind = ca_clash_between (a, b, zone, flags);

        if (kind != CA_CLASH_NONE)
          g_ptr_array_add (clashes, clash_new (a, b, kind));
      }
  return clashes;
}

GPtrArray *
ca_clash_find_for (GPtrArray    *events,
                   CaEvent      *event,
                   GTimeZone    *zone,
                   CaClashFlags  flags)
{
  GPtrArray *others = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (events != NULL, others);
  g_return_val_if_fail (CA_IS_EVENT (event), others);

  for (guint i = 0; i < events->len; i++)
    {
      CaEvent *other = events->pdata[i];

      if (other == event ||
          (g_strcmp0 (other->feed, event->feed) == 0 && g_strcmp0 (other->id, event->id) == 0))
        continue;
      if (ca_clash_between (event, other, zone, flags) != CA_CLASH_NONE)
        g_ptr_array_add (others, g_object_ref (other));
    }
  return others;
}

char *
ca_clash_describe (CaClash *clash,
                   CaEvent *event)
{
  CaEvent *other;
  GString *text;

  g_return_val_if_fail (clash != NULL, NULL);
  g_return_val_if_fail (CA_IS_EVENT (event), NULL);

  other = event == clash->a ? clash->b : clash->a;
  text = g_string_new (NULL);
  if (clash->kind & CA_CLASH_OVERLAP)
    {
      g_autofree char *title = ca_text_display (other->title);

      /* TRANSLATORS: under a starred event whose time overlaps another starred one;
       * %s is the other's title */
      g_string_append_printf (text, _("Clashes with %s"), title != NULL ? title : other->id);
    }
  if (clash->kind & CA_CLASH_DIFFERENT_CITIES)
    {
      g_autofree char *city_a = ca_text_display (clash->a->city);
      g_autofree char *city_b = ca_text_display (clash->b->city);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: under two starred events on the same day in different cities;
       * the earlier one's city first: "Different cities: Sofia, Plovdiv" */
      g_string_append_printf (text, _("Different cities: %s, %s"), city_a, city_b);
    }
  return g_string_free (text, FALSE);
}

static void
add_note (GHashTable *notes,
          CaClash    *clash,
          CaEvent    *event)
{
  g_autofree char *key = g_strconcat (event->feed, "\x1f", event->id, NULL);
  g_autofree char *line = ca_clash_describe (clash, event);
  const char *before = g_hash_table_lookup (notes, key);

  g_auto(GStrv) lines = before != NULL ? g_strsplit (before, "\n", -1) : NULL;

  /* Two events in Plovdiv on a Sofia event's day: said once */
  if (lines != NULL && g_strv_contains ((const char * const *) lines, line))
    return;
  if (before != NULL)
    g_hash_table_replace (notes, g_steal_pointer (&key), g_strconcat (before, "\n", line, NULL));
  else
    g_hash_table_insert (notes, g_steal_pointer (&key), g_steal_pointer (&line));
}

GHashTable *
ca_clash_notes (GPtrArray    *events,
                GTimeZone    *zone,
                CaClashFlags  flags)
{
  GHashTable *notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) clashes = NULL;

  g_return_val_if_fail (events != NULL, notes);

  clashes = ca_clash_find (events, zone, flags);
  for (guint i = 0; i < clashes->len; i++)
    {
      CaClash *clash = clashes->pdata[i];

      add_note (notes, clash, clash->a);
      add_note (notes, clash, clash->b);
    }
  return notes;
}

char *
ca_clash_note_for (GPtrArray    *events,
                   CaEvent      *event,
                   GTimeZone    *zone,
                   CaClashFlags  flags)
{
  g_autoptr(GHashTable) notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) others = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (events != NULL, NULL);
  g_return_val_if_fail (CA_IS_EVENT (event), NULL);

  others = ca_clash_find_for (events, event, zone, flags);
  /* In ca_clash_find's order, each pair the earlier event first, as My Schedule */
  g_ptr_array_sort (others, compare_start);
  for (guint i = 0; i < others->len; i++)
    {
      CaEvent *other = others->pdata[i];
      CaEvent *pair[2] = { event, other };
      g_autoptr(CaClash) clash = NULL;

      if (compare_start (&pair[1], &pair[0]) < 0)
        clash = clash_new (other, event, ca_clash_between (other, event, zone, flags));
      else
        clash = clash_new (event, other, ca_clash_between (event, other, zone, flags));
      add_note (notes, clash, event);
    }
  key = g_strconcat (event->feed, "\x1f", event->id, NULL);
  return g_strdup (g_hash_table_lookup (notes, key));
}

/* }}} */
