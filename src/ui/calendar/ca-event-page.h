/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-store.h"

G_BEGIN_DECLS

#define CA_TYPE_EVENT_PAGE (ca_event_page_get_type ())
G_DECLARE_FINAL_TYPE (CaEventPage, ca_event_page, CA, EVENT_PAGE, AdwBin)

/*
 * An event: when (in the user's zone, and the event's own when it differs),
 * where, who, its project and clusters, its description and link, and a star
 * toggle that adds it to My Schedule through the store. Emits
 * "starred-changed" (gboolean) after the user changed the star. Under its title,
 * the mark and sentences of the event's unseen changes, which showing marks seen,
 * on a worker thread, then activating "win.changes-seen" with (feed, id).
 */
GtkWidget  *ca_event_page_new               (void);
void        ca_event_page_set_store         (CaEventPage *self,
                                             CaStore     *store);
/* cluster_names: "feed\x1fid" → display name, for the cluster buttons; may be NULL */
void        ca_event_page_set_cluster_names (CaEventPage *self,
                                             GHashTable  *cluster_names);
void        ca_event_page_set_event         (CaEventPage *self,
                                             CaEvent     *event);
CaEvent    *ca_event_page_get_event         (CaEventPage *self);

G_END_DECLS
