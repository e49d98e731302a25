/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-store.h"

G_BEGIN_DECLS

#define CA_TYPE_MEMBERS_VIEW (ca_members_view_get_type ())
G_DECLARE_FINAL_TYPE (CaMembersView, ca_members_view, CA, MEMBERS_VIEW, AdwBreakpointBin)

/* The Members view: every member of every cluster in one directory, with a kind
 * filter, beside the selected member's page (an AdwNavigationSplitView); narrow, it
 * shows one of them at a time, the page with a button back to the list. */
void        ca_members_view_set_store       (CaMembersView  *self,
                                             CaStore        *store);
/* kind: a CaMemberKind, or -1 for all */
void        ca_members_view_set_kind_filter (CaMembersView  *self,
                                             int             kind);
/* The members shown (CaMember), after the filter; a new list when the filter or
 * the order changes */
GListModel *ca_members_view_get_members     (CaMembersView  *self);
gboolean    ca_members_view_show_member     (CaMembersView  *self,
                                             const char     *feed,
                                             const char     *cluster,
                                             guint           position);

/* The members load off the main thread once the view is shown (mapped) after
 * set_store(), which reloads them when called again with the same store. TRUE from
 * set_store() until they are in the model; "notify::loading" tells when. */
gboolean    ca_members_view_get_loading     (CaMembersView  *self);
/* The kind shown: a CaMemberKind, or -1 for all */
int         ca_members_view_get_kind_filter (CaMembersView  *self);
/* The member page (a CaMemberPage), for tests */
GtkWidget  *ca_members_view_get_page        (CaMembersView  *self);

G_END_DECLS
