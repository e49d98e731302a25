/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-view"

#include "config.h"

#include "ca-view.h"

G_DEFINE_INTERFACE (CaView, ca_view, GTK_TYPE_WIDGET)

static void
ca_view_default_init (CaViewInterface *iface)
{
}

void
ca_view_set_store (CaView  *self,
                   CaStore *store)
{
  g_return_if_fail (CA_IS_VIEW (self));
  g_return_if_fail (store == NULL || CA_IS_STORE (store));

  CA_VIEW_GET_IFACE (self)->set_store (self, store);
}

void
ca_view_reload (CaView *self)
{
  g_return_if_fail (CA_IS_VIEW (self));

  CA_VIEW_GET_IFACE (self)->reload (self);
}
