/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ca-test-server.h"

G_BEGIN_DECLS

/* A cluster's website on a SoupServer (127.0.0.1), for discovery: the tests of
 * ca-discover.c, of --add-feed=PAGE and of the window's "Follow This Cluster's
 * Calendar". Its paths:
 *   /                 a page whose head announces /events/?ical=1 among other links
 *   /events/?ical=1   the calendar: tests/fixtures/ics/subscription.ics
 *   /relative/        a page announcing "board.ics" (/relative/board.ics, the same calendar)
 *   /big/             a page over 1 MiB whose link comes after the first MiB
 *   /none/            a page that announces no calendar
 *   /moved            a redirect to /
 *   anything else     404 */
CaTestServer *ca_test_site_new         (void);
/* How many times the calendar itself was asked for */
guint         ca_test_site_get_calendar_hits (CaTestServer *site);

G_END_DECLS
