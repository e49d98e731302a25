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
  char         *registry_id;    /* optional; normalised: no spaces, upper case */

  char         *org_key;        /* from the store: ca_member_identity_key() at import */
  char        **clusters;       /* directory queries: ids of every cluster listing it */
  char        **cluster_feeds;  /* the feed key of each of them, parallel to clusters
                                 * (an organisation spans feeds) */
};

CaMember *ca_member_new                   (void);

const char *ca_member_get_registry_id     (CaMember   *self);
const char *ca_member_get_org_key         (CaMember   *self);

char     *ca_member_normalize_registry_id (const char *raw);
char     *ca_member_website_host          (const char *website);
char     *ca_member_identity_key          (const char *registry_id,
                                           const char *website,
                                           const char *name,
                                           const char *city);

G_END_DECLS
