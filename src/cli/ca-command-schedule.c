/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-command-schedule"

#include "config.h"

#include <glib/gi18n.h>
#include <langinfo.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ca-cluster.h"
#include "ca-command-schedule.h"
#include "ca-command-store.h"
#include "ca-settings.h"
#include "ca-ics.h"
#include "ca-output.h"
#include "ca-schedule.h"
#include "ca-store.h"
#include "ca-text.h"

const GOptionEntry ca_command_schedule_options[] = {
  { "print-schedule", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the event schedule to a PDF file"), N_("FILE") },
  { "export-ics", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the events to an iCalendar (.ics) file"), N_("FILE") },
  { "from", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --print-schedule or --export-ics: events from this day on"), N_("YYYY-MM-DD") },
  { "to", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --print-schedule or --export-ics: events until this day"), N_("YYYY-MM-DD") },
  { "cluster", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --print-schedule or --export-ics: the events of one cluster"), N_("ID") },
  { "starred", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --print-schedule, --export-ics or --changes: starred events only"), NULL },
  { "descriptions", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --print-schedule: print the events’ descriptions"), NULL },
  { "paper", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --print-schedule: the paper size, a4 or letter (default: the locale’s)"),
    N_("SIZE") },
  /* A string: GApplication drops an int option given as 0, which must be refused */
  { "max-pages", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --print-schedule: print up to this many pages (default: the print-page-limit "
       "setting, 500)"), N_("N") },
  { NULL }
};

gboolean
ca_command_schedule_wanted (GVariantDict *options)
{
  /* --cluster also names the cluster of a calendar --add-feed subscribes to */
  if (g_variant_dict_contains (options, "add-feed"))
    return FALSE;
  for (guint i = 0; ca_command_schedule_options[i].long_name != NULL; i++)
    if (g_variant_dict_contains (options, ca_command_schedule_options[i].long_name))
      return TRUE;
  return FALSE;
}

static gboolean
parse_day (const char *option,
           const char *text,
           GDate      *date)
{
  int y, m, d;
  char end;

  g_date_clear (date, 1);
  if (text == NULL)
    return TRUE;
  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 &&
      g_date_valid_dmy (d, m, y))
    {
      g_date_set_dmy (date, d, m, y);
      return TRUE;
    }
  /* TRANSLATORS: the first %s is an option ("--from"), the second what was given */
  g_printerr (_("%s: expected a date as YYYY-MM-DD, got “%s”\n"), option, text);
  return FALSE;
}

static GDateTime *
date_time_of (const GDate *date)
{
  if (!g_date_valid (date))
    return NULL;
  return g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                              g_date_get_day (date), 12, 0, 0);
}

/* The paper of LC_PAPER: Letter where the locale says 216 mm wide, else A4 */
static gboolean
locale_letter (void)
{
#ifdef _NL_PAPER_WIDTH
  return (int) (intptr_t) nl_langinfo (_NL_PAPER_WIDTH) == 216;
#else
  return FALSE;
#endif
}

#define DEFAULT_PAGE_LIMIT 500

/* --max-pages, else the window's print-page-limit setting when the schema is
 * installed; 0 when --max-pages is not a count */
static guint
page_limit (GVariantDict *options)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *max = NULL;
  guint64 n;

  if (g_variant_dict_lookup (options, "max-pages", "s", &max))
    return g_ascii_string_to_unsigned (max, 10, 1, G_MAXUINT, &n, NULL) ? (guint) n : 0;
  settings = ca_settings_new_if_installed ();
  if (settings == NULL)
    return DEFAULT_PAGE_LIMIT;
  g_object_get (settings, "settings-schema", &schema, NULL);
  if (!g_settings_schema_has_key (schema, "print-page-limit"))
    return DEFAULT_PAGE_LIMIT;
  return MAX (g_settings_get_uint (settings, "print-page-limit"), 1);
}

/* Where a summary goes: not into the file written to standard output */
static void
report (CaOutput   *output,
        const char *line)
{
  if (ca_output_is_stdout (output))
    g_printerr ("%s", line);
  else
    g_print ("%s", line);
}

static int
write_pdf (const char   *out,
           CaStore      *store,
           GPtrArray    *events,
           const char   *cluster_name,
           const GDate  *from,
           const GDate  *to,
           GVariantDict *options)
{
  g_autoptr(GDateTime) first = date_time_of (from);
  g_autoptr(GDateTime) last = date_time_of (to);
  g_autofree char *title = ca_schedule_make_title (cluster_name, first, last);
  g_autofree char *paper = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autoptr(CaSchedule) schedule = ca_schedule_new (events);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaOutput) output = NULL;
  g_autofree char *warning = NULL;
  gboolean letter = locale_letter ();
  guint limit = page_limit (options);
  guint n;

  if (g_variant_dict_lookup (options, "paper", "s", &paper))
    {
      if (g_ascii_strcasecmp (paper, "letter") == 0)
        letter = TRUE;
      else if (g_ascii_strcasecmp (paper, "a4") == 0)
        letter = FALSE;
      else
        {
          g_printerr (_("--paper: expected a4 or letter, got “%s”\n"), paper);
          return 1;
        }
    }
  if (limit == 0)
    {
      g_printerr (_("--max-pages: expected a number of pages, 1 or more\n"));
      return 1;
    }

  g_string_append_printf (subtitle, ngettext ("%u event", "%u events", events->len),
                          events->len);
  if (g_variant_dict_contains (options, "starred"))
    /* TRANSLATORS: in the list of active filters */
    g_string_append_printf (subtitle, " · %s", _("starred only"));

  ca_schedule_set_title (schedule, title);
  ca_schedule_set_subtitle (schedule, subtitle->str);
  ca_schedule_set_include_descriptions (schedule,
                                        g_variant_dict_contains (options, "descriptions"));
  ca_schedule_set_source (schedule, store);
  /* 2 cm at the sides, a little less above and below */
  if (letter)
    ca_schedule_set_page (schedule, CA_SCHEDULE_LETTER_WIDTH, CA_SCHEDULE_LETTER_HEIGHT,
                          50, 54, 42, 54);
  else
    ca_schedule_set_page (schedule, CA_SCHEDULE_A4_WIDTH, CA_SCHEDULE_A4_HEIGHT,
                          50, 57, 42, 57);

  /* The target first: a device or a folder is refused before anything is laid out */
  output = ca_output_open (out, &error);
  if (output == NULL)
    {
      g_printerr ("%s: %s\n", out, error->message);
      return 1;
    }
  /* Counted before a page is drawn */
  n = ca_schedule_paginate (schedule);
  if (n > limit)
    {
      g_autofree char *pages = g_strdup_printf (ngettext ("%u page", "%u pages", n), n);

      g_printerr (ngettext ("%s: not written: “%s” would take %s, more than the limit of "
                            "%u page.\n",
                            "%s: not written: “%s” would take %s, more than the limit of "
                            "%u pages.\n", limit),
                  out, title, pages, limit);
      g_printerr (_("Print fewer days with --from and --to, one cluster with --cluster or "
                    "the starred events with --starred; or allow it with --max-pages=%u.\n"),
                  n);
      return 1;
    }
  if (!ca_schedule_write_pdf_to (schedule, output, &error) ||
      !ca_output_commit (output, &warning, &error))
    {
      g_printerr ("%s: %s\n", out, error->message);
      return 1;
    }
  if (warning != NULL)
    g_printerr ("%s: %s\n", out, warning);
  {
    g_autofree char *pages = g_strdup_printf (ngettext ("%u page", "%u pages", n), n);
    g_autofree char *count = g_strdup_printf (ngettext ("%u event", "%u events", events->len),
                                              events->len);
    /* TRANSLATORS: after writing a file: "schedule.pdf: 3 pages, 15 events" */
    g_autofree char *line = g_strdup_printf (_("%s: %s, %s\n"), out, pages, count);

    report (output, line);
  }
  return 0;
}

static int
write_ics (const char *out,
           GPtrArray  *events)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = ca_ics_write_events (events, g_date_time_to_unix (now));
  g_autoptr(GError) error = NULL;
  g_autoptr(CaOutput) output = ca_output_open (out, &error);
  g_autofree char *warning = NULL;
  g_autofree char *count = NULL;
  g_autofree char *line = NULL;

  if (output == NULL ||
      !ca_output_write (output, text, strlen (text), &error) ||
      !ca_output_commit (output, &warning, &error))
    {
      g_printerr ("%s: %s\n", out, error->message);
      return 1;
    }
  if (warning != NULL)
    g_printerr ("%s: %s\n", out, warning);
  count = g_strdup_printf (ngettext ("%u event", "%u events", events->len), events->len);
  line = g_strdup_printf ("%s: %s\n", out, count);
  report (output, line);
  return 0;
}

int
ca_command_schedule_run (GVariantDict *options)
{
  g_autofree char *pdf = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *cluster = NULL;
  g_autofree char *cluster_name = NULL;
  g_autoptr(CaStore) store = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  CaEventQuery query = CA_EVENT_QUERY_INIT;
  GDate from, to;
  int status = 0;

  g_variant_dict_lookup (options, "print-schedule", "^ay", &pdf);
  g_variant_dict_lookup (options, "export-ics", "^ay", &ics);
  g_variant_dict_lookup (options, "from", "s", &from_text);
  g_variant_dict_lookup (options, "to", "s", &to_text);
  g_variant_dict_lookup (options, "cluster", "s", &cluster);

  if (pdf == NULL && ics == NULL)
    {
      g_printerr (_("--from, --to, --cluster, --starred, --descriptions and --paper go "
                    "with --print-schedule or --export-ics\n"));
      return 1;
    }
  if (!parse_day ("--from", from_text, &from) || !parse_day ("--to", to_text, &to))
    return 1;
  if (g_date_valid (&from) && g_date_valid (&to) && g_date_compare (&from, &to) > 0)
    {
      g_printerr (_("--from is after --to\n"));
      return 1;
    }

  /* Read only where it can be: it works on a store that cannot be written */
  if ((store = ca_command_open_store (CA_COMMAND_STORE_READ_BUILTIN, &status)) == NULL)
    return status;

  if (cluster != NULL)
    {
      g_autoptr(GPtrArray) clusters = ca_store_list_clusters (store, &error);

      for (guint i = 0; clusters != NULL && i < clusters->len; i++)
        {
          CaCluster *c = clusters->pdata[i];
          if (g_strcmp0 (c->id, cluster) == 0)
            {
              cluster_name = ca_text_display (c->name);
              break;
            }
        }
      if (cluster_name == NULL)
        {
          g_printerr (_("--cluster: no cluster has the id “%s”\n"), cluster);
          return 1;
        }
      query.cluster = cluster;
    }
  query.starred_only = g_variant_dict_contains (options, "starred");

  all = ca_store_list_events (store, &query, &error);
  if (all == NULL)
    {
      g_printerr (_("The events cannot be read: %s\n"), error->message);
      return 1;
    }
  events = ca_schedule_select_days (all, &from, &to);

  /* Nothing to print or export: said, and no file written (an empty schedule or
   * calendar would replace one that is there and look like a success) */
  if (events->len == 0)
    {
      g_autoptr(GDateTime) first = date_time_of (&from);
      g_autoptr(GDateTime) last = date_time_of (&to);
      g_autofree char *message = ca_schedule_make_empty_message (first, last,
                                                                 query.starred_only);

      g_printerr ("%s\n", message);
      if (query.starred_only && all->len == 0)
        g_printerr (_("Star an event with “Add to My Schedule” on its page in the Calendar.\n"));
      return 1;
    }

  if (pdf != NULL)
    status = write_pdf (pdf, store, events, cluster_name, &from, &to, options);
  if (ics != NULL && status == 0)
    status = write_ics (ics, events);
  return status;
}
