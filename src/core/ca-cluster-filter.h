/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * The Clusters list's filters: at most one value for each facet, a cluster shown when
 * it has every value set. The store applies them in its query (ca-store.h), so the
 * list of thousands stays paged. Values are as the store holds them: a country's
 * ISO code, a region's Text, one sector or S3 area of the cluster's list (a Text).
 */
typedef enum {
  CA_CLUSTER_FACET_COUNTRY,
  CA_CLUSTER_FACET_REGION,
  CA_CLUSTER_FACET_SECTOR,
  CA_CLUSTER_FACET_S3,
  CA_N_CLUSTER_FACETS
} CaClusterFacet;

typedef struct _CaClusterFilter CaClusterFilter;

#define CA_TYPE_CLUSTER_FILTER (ca_cluster_filter_get_type ())
GType            ca_cluster_filter_get_type  (void) G_GNUC_CONST;

CaClusterFilter *ca_cluster_filter_new       (void);
CaClusterFilter *ca_cluster_filter_copy      (const CaClusterFilter *self);
void             ca_cluster_filter_free      (CaClusterFilter       *self);
gboolean         ca_cluster_filter_equal     (const CaClusterFilter *a,    /* NULL: none */
                                              const CaClusterFilter *b);

/* value NULL (or "") lets every value of the facet through */
void             ca_cluster_filter_set       (CaClusterFilter       *self,
                                              CaClusterFacet         facet,
                                              const char            *value);
const char      *ca_cluster_filter_get       (const CaClusterFilter *self,
                                              CaClusterFacet         facet);
gboolean         ca_cluster_filter_is_empty  (const CaClusterFilter *self);   /* NULL: TRUE */
void             ca_cluster_filter_clear     (CaClusterFilter       *self);

/* As the settings keep it (clusters-filter, a{ss}): { "country": "BG", "sector": … };
 * unknown keys and empty values are ignored */
GVariant        *ca_cluster_filter_to_variant   (const CaClusterFilter *self);
CaClusterFilter *ca_cluster_filter_new_from_variant (GVariant          *variant);

/* "country", "region", "sector", "s3" */
const char      *ca_cluster_facet_key        (CaClusterFacet         facet);

/* A value as the user reads it: a country by its name in the user's language, a Text
 * in the content language */
char            *ca_cluster_facet_dup_label  (CaClusterFacet         facet,
                                              const char            *value);

/* One of a facet's values among the clusters of visible feeds, with how many have it */
typedef struct {
  char  *value;     /* as stored */
  char  *label;     /* ca_cluster_facet_dup_label() */
  guint  count;
} CaClusterChoice;

void             ca_cluster_choice_free      (CaClusterChoice       *choice);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaClusterFilter, ca_cluster_filter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaClusterChoice, ca_cluster_choice_free)

G_END_DECLS
