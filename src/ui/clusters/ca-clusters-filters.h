/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ca-cluster-filter.h"

G_BEGIN_DECLS

#define CA_TYPE_CLUSTERS_FILTERS (ca_clusters_filters_get_type ())
G_DECLARE_FINAL_TYPE (CaClustersFilters, ca_clusters_filters, CA, CLUSTERS_FILTERS, GtkPopover)

/*
 * The Clusters view's Filters popover: a drop-down for each facet (country, region,
 * sector, S3 area), each searchable by typing, and Clear Filters. Their strings are
 * the view's to set; "changed" (with the facet) when a choice changes. The view makes
 * it when it is first opened, as the Calendar does its own.
 */
GtkWidget   *ca_clusters_filters_new          (void);
GtkDropDown *ca_clusters_filters_get_dropdown (CaClustersFilters *self,
                                               CaClusterFacet     facet);

G_END_DECLS
