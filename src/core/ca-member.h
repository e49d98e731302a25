/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ca-enums.h"

G_BEGIN_DECLS

#define CA_TYPE_MEMBER (ca_member_get_type ())
G_DECLARE_FINAL_TYPE (CaMember, ca_member, CA, MEMBER, GObject)

/* A member organisation of a cluster; see ca-cluster.h for the field rules. */
struct _CaMember
{
  GObject       parent_instance;

  char         *feed;
  char         *cluster;        /* id of the cluster whose members array holds it */
  guint         position;       /* index in that array */
  char         *id;             /* optional */
  char         *name;           /* Text */
  CaMemberKind  kind;
  char         *city;           /* Text */
  char         *country;
  char         *website;
  char        **sectors;        /* Text list */
  char         *description;    /* Text */
  char         *joined;         /* date */

  char        **clusters;       /* directory queries: ids of every cluster listing it */
};

CaMember *ca_member_new (void);

G_END_DECLS
