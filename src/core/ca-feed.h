/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ca-cluster.h"
#include "ca-event.h"
#include "ca-member.h"
#include "ca-project.h"

G_BEGIN_DECLS

#define CA_TYPE_FEED (ca_feed_get_type ())
G_DECLARE_FINAL_TYPE (CaFeed, ca_feed, CA, FEED, GObject)

/* One parsed feed document: what the parser returns and the store imports. */
struct _CaFeed
{
  GObject    parent_instance;

  char      *generated;         /* date-time as the feed wrote it, or NULL */
  char      *publisher_name;    /* Text */
  char      *publisher_url;
  GPtrArray *clusters;          /* CaCluster, members inside */
  GPtrArray *projects;          /* CaProject */
  GPtrArray *events;            /* CaEvent */
  GPtrArray *warnings;          /* char *, "path: message" */
};

CaFeed *ca_feed_new          (void);
guint   ca_feed_count_members (CaFeed *self);

G_END_DECLS
