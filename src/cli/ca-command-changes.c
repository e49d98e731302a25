/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-command-changes"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ca-command-changes.h"
#include "ca-command-store.h"
#include "ca-format.h"
#include "ca-store.h"
#include "ca-text.h"

/* --starred is the schedule's option (ca-command-schedule.c): one option, two uses */
const GOptionEntry ca_command_changes_options[] = {
  { "changes", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print what the syncs changed in the events and projects, one line per change"),
    NULL },
  { "since", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --changes: only what changed from this day on"), N_("YYYY-MM-DD") },
  { NULL }
};

gboolean
ca_command_changes_wanted (GVariantDict *options)
{
  return g_variant_dict_contains (options, "changes") ||
         g_variant_dict_contains (options, "since");
}

/* A day (midnight in the user's zone) or an RFC 3339 date-time, as Unix seconds */
static gboolean
parse_since (const char *text,
             gint64     *since)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;
  char end;

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 && g_date_valid_dmy (d, m, y))
    dt = g_date_time_new (local, y, m, d, 0, 0, 0);
  else
    dt = g_date_time_new_from_iso8601 (text, local);
  if (dt == NULL)
    {
      /* TRANSLATORS: the first %s is an option ("--from"), the second what was given */
      g_printerr (_("%s: expected a date as YYYY-MM-DD, got “%s”\n"), "--since", text);
      return FALSE;
    }
  *since = g_date_time_to_unix (dt);
  return TRUE;
}

/* "7 December 2026, 06:20": when the sync that made the change ran, in the user's zone */
static char *
sync_time (gint64 time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (time);
  g_autofree char *day = g_strstrip (ca_format_day (dt));
  /* TRANSLATORS: a time of day, strftime format: "10:30" */
  g_autofree char *clock = g_date_time_format (dt, _("%H:%M"));

  /* TRANSLATORS: a day and a time: "26 February 2021, 10:30" */
  return g_strdup_printf (_("%s, %s"), day, clock);
}

static void
print_change (CaChange *change)
{
  g_autoptr(GPtrArray) details = ca_change_describe (change, NULL);
  g_autofree char *when = sync_time (change->time);
  g_autofree char *title = ca_text_display (ca_change_get_title (change));
  g_autofree char *joined = NULL;
  const char *mark = ca_change_mark_label (ca_change_get_mark (change));

  g_ptr_array_add (details, NULL);
  /* TRANSLATORS: a list of what changed in one event: "Status: … → …; Venue: … → …" */
  joined = g_strjoinv (_("; "), (char **) details->pdata);
  if (change->kind == CA_CHANGE_PROJECT)
    /* TRANSLATORS: one line of --changes for a project: when the sync ran, the mark
     * ("Moved"), the project's title and what changed */
    g_print (_("%s  %s: project “%s”: %s\n"), when, mark != NULL ? mark : "", title, joined);
  else
    /* TRANSLATORS: one line of --changes: when the sync ran, the mark ("Moved"), the
     * event's title and what changed, old → new */
    g_print (_("%s  %s: “%s”: %s\n"), when, mark != NULL ? mark : "", title, joined);
}

/* A stable sort (g_ptr_array_sort is one) by when the sync ran */
static int
compare_sync (gconstpointer a,
              gconstpointer b)
{
  CaChange *x = *(CaChange **) a;
  CaChange *y = *(CaChange **) b;

  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  if (g_strcmp0 (x->feed, y->feed) != 0)
    return g_strcmp0 (x->feed, y->feed);
  return (int) x->sync - (int) y->sync;
}

int
ca_command_changes_run (GVariantDict *options)
{
  CaChangeQuery query = CA_CHANGE_QUERY_INIT;
  g_autoptr(CaStore) store = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *since = NULL;
  int status = 0;

  if (!g_variant_dict_contains (options, "changes"))
    {
      g_printerr (_("--since goes with --changes\n"));
      return 1;
    }
  if (g_variant_dict_lookup (options, "since", "s", &since) && !parse_since (since, &query.since))
    return 1;
  query.starred_only = g_variant_dict_contains (options, "starred");

  if ((store = ca_command_open_store (CA_COMMAND_STORE_READ_BUILTIN, &status)) == NULL)
    return status;
  if ((changes = ca_store_list_changes (store, &query, &error)) == NULL)
    {
      g_printerr (_("The offline data cannot be read: %s\n"), error->message);
      return 1;
    }
  if (changes->len == 0)
    {
      g_print ("%s\n", query.starred_only ? _("No changes to starred events.")
                                          : _("No changes."));
      return 0;
    }
  /* The oldest sync first, as a log reads; within one, the store's order (starred first) */
  g_ptr_array_sort (changes, compare_sync);
  for (guint i = 0; i < changes->len; i++)
    print_change (g_ptr_array_index (changes, i));
  return 0;
}
