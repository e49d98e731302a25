/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-member.h"

G_BEGIN_DECLS

#define CA_TYPE_MEMBER_PAGE (ca_member_page_get_type ())
G_DECLARE_FINAL_TYPE (CaMemberPage, ca_member_page, CA, MEMBER_PAGE, AdwBin)

/* One member organisation: names, kind, place, description, sectors, website and
 * the clusters that list it (each a button activating "win.show-cluster"). */
GtkWidget  *ca_member_page_new         (void);
/* cluster_names: display names parallel to member->clusters (NULL entries or a NULL
 * array fall back to the cluster ids) */
void        ca_member_page_set_member  (CaMemberPage       *self,
                                        CaMember           *member,
                                        const char * const *cluster_names);
CaMember   *ca_member_page_get_member  (CaMemberPage       *self);

G_END_DECLS
