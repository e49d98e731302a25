/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the iCalendar reader: every input is parsed by a fresh
 * CaIcsParser as a calendar subscription (a cluster, a fixed "now", a small cap so
 * recurrences stay fast); the result (feed or error) is freed again. See
 * docs/fuzzing.md.
 */

#include "config.h"

#define G_LOG_DOMAIN "fuzz-ics-parser"

#include <libical/ical.h>
#include <stdint.h>
#include <stdlib.h>

#include "ca-ics-parser.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  /* Types and libical's builtin zones are loaded once, outside any input, so their
   * memory is not mistaken for a per-input leak */
  g_object_unref (ca_ics_parser_new ());
  icaltimezone_get_builtin_timezone ("Europe/Sofia");
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CaIcsParser) parser = ca_ics_parser_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeed) feed = NULL;

  ca_ics_parser_set_cluster (parser, "fuzz", "Fuzz");
  /* 2026-06-01T00:00:00Z */
  ca_ics_parser_set_window (parser, 1780272000, 365, 730);
  ca_ics_parser_set_max_occurrences (parser, 50);
  feed = ca_ics_parser_parse (parser, bytes, "fuzz", &error);

  if ((feed == NULL) == (error == NULL))
    abort ();
  if (feed != NULL &&
      (feed->clusters == NULL || feed->events == NULL || feed->warnings == NULL))
    abort ();
  return 0;
}
