/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ca-sync.h"

G_BEGIN_DECLS

/* How much of a web page discovery reads: the head comes first */
#define CA_DISCOVER_MAX_PAGE (1024 * 1024)

/* A calendar a page announces */
typedef struct {
  char *url;      /* http(s), a webcal:// link as https://, passed by the sync's address rules */
  char *title;    /* the link's title, or NULL */
} CaDiscoveredCalendar;

void ca_discovered_calendar_free (CaDiscoveredCalendar *calendar);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaDiscoveredCalendar, ca_discovered_calendar_free)

/* What an address answered with */
typedef struct {
  gboolean   is_page;     /* FALSE: not a web page (a calendar itself, say): nothing was read */
  char      *page_url;    /* where it was found, after redirects */
  GPtrArray *calendars;   /* CaDiscoveredCalendar, in the page's order; empty when none */
} CaDiscovery;

void ca_discovery_free (CaDiscovery *discovery);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaDiscovery, ca_discovery_free)

/* The calendars announced in the head of an HTML document (at most the first
 * CA_DISCOVER_MAX_PAGE bytes of data are read) by <link rel="alternate"
 * type="text/calendar" href="…">, href resolved against page_url (or a <base>).
 * Never NULL. */
GPtrArray   *ca_discover_parse_page (const char          *data,
                                     gsize                len,
                                     const char          *page_url);

/* Fetches url with the sync's session and rules (address rules, redirects,
 * timeouts and deadline, TLS) and reads the calendars its page announces. Errors
 * as the sync's (CA_SYNC_ERROR), or G_IO_ERROR_CANCELLED. */
void         ca_discover_async      (CaSync              *sync,
                                     const char          *url,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
CaDiscovery *ca_discover_finish     (GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
