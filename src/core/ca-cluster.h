/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  CA_COMPOSITION_MEMBERS,
  CA_COMPOSITION_SMES,
  CA_COMPOSITION_STARTUPS,
  CA_COMPOSITION_LARGE_COMPANIES,
  CA_COMPOSITION_RESEARCH,
  CA_COMPOSITION_CIVIL_SOCIETY,
  CA_COMPOSITION_OTHER,
  CA_N_COMPOSITION
} CaCompositionField;

/* The feed's field name ("smes", "large_companies"…) of a composition count */
const char *ca_composition_field_name (CaCompositionField field);

#define CA_TYPE_CLUSTER (ca_cluster_get_type ())
G_DECLARE_FINAL_TYPE (CaCluster, ca_cluster, CA, CLUSTER, GObject)

/*
 * Plain records: fields are filled by the parser or the store and read-only
 * afterwards. Strings marked Text are in the CaText encoding (ca-text.h);
 * lists of Text are NULL-terminated arrays, NULL when the feed has none.
 */
struct _CaCluster
{
  GObject    parent_instance;

  char      *feed;              /* key of the feed it came from */
  char      *id;
  char      *name;              /* Text */
  char      *acronym;
  char      *country;
  char      *region;            /* Text */
  char      *city;              /* Text */
  char      *established;       /* date */
  char      *legal_form;        /* Text */
  char      *website;
  char      *email;
  char      *phone;
  char     **languages;
  char      *summary;           /* Text */
  char     **objectives;        /* Text list */
  char     **activities;
  char     **services;
  char     **sectors;
  char     **technology_fields;
  char     **s3_priorities;
  char     **labels;
  gint64     composition[CA_N_COMPOSITION]; /* -1 where not given */
  GPtrArray *team;              /* CaPerson */
  GPtrArray *members;           /* CaMember */
  GPtrArray *networks;          /* CaNetwork */

  guint      n_members;         /* members in the store, set by store queries */
};

CaCluster *ca_cluster_new (void);

G_END_DECLS
