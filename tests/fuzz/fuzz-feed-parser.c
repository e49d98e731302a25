/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the feed parser: every input is parsed by a fresh
 * CaFeedParser as a whole feed; the result (feed or error) is freed again.
 * AddressSanitizer, UndefinedBehaviorSanitizer and LeakSanitizer report what
 * goes wrong. See docs/fuzzing.md.
 */

#include "config.h"

#define G_LOG_DOMAIN "fuzz-feed-parser"

#include <stdint.h>
#include <stdlib.h>

#include "ca-feed-parser.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A g_warning() or g_critical() on any input is a bug, as under G_DEBUG=fatal-warnings
   * in the tests: it aborts, and libFuzzer keeps the input */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  /* Register the types once, outside any input, so their memory is not
   * mistaken for a per-input leak */
  g_object_unref (ca_feed_parser_new ());
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFeed) feed = NULL;

  feed = ca_feed_parser_parse (parser, bytes, "fuzz", &error);

  /* The contract: a feed and no error, or an error and no feed */
  if ((feed == NULL) == (error == NULL))
    abort ();
  if (feed != NULL &&
      (feed->clusters == NULL || feed->projects == NULL ||
       feed->events == NULL || feed->warnings == NULL))
    abort ();

  return 0;
}
