/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ca-store.h"

G_BEGIN_DECLS

#define CA_TYPE_VIEW (ca_view_get_type ())
G_DECLARE_INTERFACE (CaView, ca_view, CA, VIEW, GtkWidget)

/*
 * A view of the window's stack (Clusters, Members, Calendar), as the window sees
 * it: it is given the store when first shown, and told to read it again when what
 * the store holds changed (a sync, the feed texts' language).
 */
struct _CaViewInterface
{
  GTypeInterface parent_iface;

  void (*set_store) (CaView  *self,
                     CaStore *store);
  void (*reload)    (CaView  *self);
};

/* store may be NULL: the view then shows that there is nothing to show */
void ca_view_set_store (CaView  *self,
                        CaStore *store);
/* Reads the store it was given again */
void ca_view_reload    (CaView  *self);

G_END_DECLS
