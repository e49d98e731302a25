/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-clusters-filters"

#include "config.h"

#include "ca-clusters-filters.h"
#include "ca-text-item-factory.h"

struct _CaClustersFilters
{
  GtkPopover   parent_instance;

  GtkDropDown *dropdowns[CA_N_CLUSTER_FACETS];
};

G_DEFINE_FINAL_TYPE (CaClustersFilters, ca_clusters_filters, GTK_TYPE_POPOVER)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
selection_changed (CaClustersFilters *self,
                   GParamSpec        *pspec,
                   GtkDropDown       *dropdown)
{
  for (guint i = 0; i < CA_N_CLUSTER_FACETS; i++)
    if (self->dropdowns[i] == dropdown)
      g_signal_emit (self, signals[CHANGED], 0, i);
}

static void
ca_clusters_filters_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CA_TYPE_CLUSTERS_FILTERS);

  G_OBJECT_CLASS (ca_clusters_filters_parent_class)->dispose (object);
}

static void
ca_clusters_filters_class_init (CaClustersFiltersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_clusters_filters_dispose;

  /* The facet (CaClusterFacet) whose choice changed */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-clusters-filters.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "country_dropdown", FALSE,
                                             G_STRUCT_OFFSET (CaClustersFilters,
                                                              dropdowns[CA_CLUSTER_FACET_COUNTRY]));
  gtk_widget_class_bind_template_child_full (widget_class, "region_dropdown", FALSE,
                                             G_STRUCT_OFFSET (CaClustersFilters,
                                                              dropdowns[CA_CLUSTER_FACET_REGION]));
  gtk_widget_class_bind_template_child_full (widget_class, "sector_dropdown", FALSE,
                                             G_STRUCT_OFFSET (CaClustersFilters,
                                                              dropdowns[CA_CLUSTER_FACET_SECTOR]));
  gtk_widget_class_bind_template_child_full (widget_class, "s3_dropdown", FALSE,
                                             G_STRUCT_OFFSET (CaClustersFilters,
                                                              dropdowns[CA_CLUSTER_FACET_S3]));
}

static void
ca_clusters_filters_init (CaClustersFilters *self)
{
  /* Long names (sectors, S3 areas, programmes) ellipsize, whole in the tooltip */
  g_autoptr(GtkListItemFactory) factory = ca_text_item_factory_new (28);
  /* What typing in an open list searches: the item's text (the drop-downs take refs) */
  g_autoptr(GtkExpression) text = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                                "string");

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < CA_N_CLUSTER_FACETS; i++)
    {
      /* Typing in the open list narrows it: forty countries, as many sectors */
      gtk_drop_down_set_expression (self->dropdowns[i], text);
      gtk_drop_down_set_enable_search (self->dropdowns[i], TRUE);
      gtk_drop_down_set_search_match_mode (self->dropdowns[i], GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
      gtk_drop_down_set_factory (self->dropdowns[i], factory);
      g_signal_connect_object (self->dropdowns[i], "notify::selected",
                               G_CALLBACK (selection_changed), self, G_CONNECT_SWAPPED);
    }
}

GtkWidget *
ca_clusters_filters_new (void)
{
  return g_object_new (CA_TYPE_CLUSTERS_FILTERS, NULL);
}

GtkDropDown *
ca_clusters_filters_get_dropdown (CaClustersFilters *self,
                                  CaClusterFacet     facet)
{
  g_return_val_if_fail (CA_IS_CLUSTERS_FILTERS (self), NULL);
  g_return_val_if_fail (facet < CA_N_CLUSTER_FACETS, NULL);
  return self->dropdowns[facet];
}
