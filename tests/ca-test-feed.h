/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The feed JSON the tests build, from one description: the sync and the command
 * line serve it, the import parses it, the feeds page subscribes to it.
 *
 *   g_autoptr(GBytes) feed = ca_test_feed_build (&(CaTestFeedSpec) {
 *     .tag = "v1", .n_clusters = 2, .n_events = 3, .bad_event = TRUE });
 *
 * Every record is named after tag: the publisher "Publisher TAG", clusters
 * "c0"… "TAG cluster 0"…, events "e0"… "TAG event 0"… on the days of March 2026
 * (10:00 +02:00), each event in cluster c(n % n_clusters) when there are clusters. */
typedef struct {
  const char *tag;
  guint       n_clusters;
  /* Each cluster about 12 KiB: a long summary and 30 members with descriptions */
  gboolean    big_clusters;
  /* Cluster names in English and Bulgarian ({"en": …, "bg": "Клъстер TAG 0"}) */
  gboolean    bilingual;
  /* The publisher's name in markup, "<b>Publisher</b> TAG", which must show as typed */
  gboolean    markup;
  guint       n_events;
  /* One more event, "bad", whose start is not a date: dropped with a warning */
  gboolean    bad_event;
  /* A comma missing ten events before the end (in the first event when there are
   * fewer), so that only json-glib, late in the parse, can tell */
  gboolean    broken_late;
  /* Every cluster's website */
  const char *website;
} CaTestFeedSpec;

GBytes *ca_test_feed_build (const CaTestFeedSpec *spec);

G_END_DECLS
