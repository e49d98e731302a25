/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-store.h"

G_BEGIN_DECLS

#define CA_TYPE_SEARCH_VIEW (ca_search_view_get_type ())
G_DECLARE_FINAL_TYPE (CaSearchView, ca_search_view, CA, SEARCH_VIEW, AdwBin)

/* Search results across clusters, members, projects and events, in sections in that
 * order, each with its count and its best few rows, and "Show all N" for the rest.
 * Queries run off the main thread; the newest query wins. */
void        ca_search_view_set_store        (CaSearchView   *self,
                                             CaStore        *store);
void        ca_search_view_set_query        (CaSearchView   *self,
                                             const char     *text);
/* How many hits are shown, over all kinds */
guint       ca_search_view_get_n_hits       (CaSearchView   *self);
/* For tests: the display title of the i-th hit of a kind, or NULL */
char       *ca_search_view_dup_hit_title    (CaSearchView   *self,
                                             CaSearchKind    kind,
                                             guint           index);

/* Matches of a kind: what its heading counts ("Members · 40"); a member once */
guint       ca_search_view_get_n_matches    (CaSearchView   *self,
                                             CaSearchKind    kind);
/* For tests: the subtitle of the i-th hit of a kind, or NULL */
char       *ca_search_view_dup_hit_subtitle (CaSearchView   *self,
                                             CaSearchKind    kind,
                                             guint           index);
/* Shows one section in full, as its "Show all N" row does; -1: every section, as
 * "All Results" (and Alt+Left) does. A new query shows every section again. */
void        ca_search_view_show_all         (CaSearchView   *self,
                                             int             kind);
int         ca_search_view_get_expanded     (CaSearchView   *self);

/* The query whose results are shown (or will be, once its search ends) */
const char *ca_search_view_get_query        (CaSearchView   *self);

/*
 * Signals and properties, for the window and tests:
 *  "results-changed" (no arguments): new results are shown, or none for an empty
 *                    query; comes once per shown query, never for a superseded one.
 *  "n-hits" (guint, read-only): as ca_search_view_get_n_hits(), notified on change.
 */

G_END_DECLS
