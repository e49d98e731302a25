/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ca-store.h"

G_BEGIN_DECLS

/*
 * GNOME Shell's search provider (org.gnome.Shell.SearchProvider2) over the store's
 * full-text search. It needs GIO only; activating a result is the application's
 * business: the "activate-result" signal hands it the parsed result, and
 * "launch-search" the terms.
 */

#define CA_TYPE_SEARCH_PROVIDER (ca_search_provider_get_type ())
G_DECLARE_FINAL_TYPE (CaSearchProvider, ca_search_provider, CA, SEARCH_PROVIDER, GObject)

/* app, if any, is held while a search runs, so a D-Bus-activated service stays up */
CaSearchProvider *ca_search_provider_new       (GApplication     *app);
void              ca_search_provider_set_store (CaSearchProvider *self,
                                                CaStore          *store);
gboolean          ca_search_provider_export    (CaSearchProvider *self,
                                                GDBusConnection  *connection,
                                                const char       *object_path,
                                                GError          **error);
void              ca_search_provider_unexport  (CaSearchProvider *self);

/* Result ids: "<kind>\t<feed>\t<id>[\t<position>]", kind one of cluster, member,
 * project, event; for members the id is the cluster's. */
char             *ca_search_provider_result_id (const CaSearchHit *hit);
gboolean          ca_search_provider_parse_result_id (const char   *result_id,
                                                      CaSearchKind *kind,
                                                      char        **feed,
                                                      char        **id,
                                                      guint        *position);

G_END_DECLS
