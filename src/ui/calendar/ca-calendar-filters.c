/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-calendar-filters"

#include "config.h"

#include "ca-calendar-filters.h"
#include "ca-text-item-factory.h"

struct _CaCalendarFilters
{
  GtkPopover   parent_instance;

  GtkDropDown *cluster_dropdown;
  GtkDropDown *kind_dropdown;
  GtkDropDown *programme_dropdown;
};

G_DEFINE_FINAL_TYPE (CaCalendarFilters, ca_calendar_filters, GTK_TYPE_POPOVER)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
selection_changed (CaCalendarFilters *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
ca_calendar_filters_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CA_TYPE_CALENDAR_FILTERS);

  G_OBJECT_CLASS (ca_calendar_filters_parent_class)->dispose (object);
}

static void
ca_calendar_filters_class_init (CaCalendarFiltersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_calendar_filters_dispose;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-calendar-filters.ui");
  gtk_widget_class_bind_template_child (widget_class, CaCalendarFilters, cluster_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarFilters, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CaCalendarFilters, programme_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed);
}

static void
ca_calendar_filters_init (CaCalendarFilters *self)
{
  /* Long names (sectors, S3 areas, programmes) ellipsize, whole in the tooltip */
  g_autoptr(GtkListItemFactory) factory = ca_text_item_factory_new (22);
  GtkDropDown *dropdowns[3];

  gtk_widget_init_template (GTK_WIDGET (self));

  dropdowns[0] = self->cluster_dropdown;
  dropdowns[1] = self->kind_dropdown;
  dropdowns[2] = self->programme_dropdown;
  for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    gtk_drop_down_set_factory (dropdowns[i], factory);
}

GtkWidget *
ca_calendar_filters_new (void)
{
  return g_object_new (CA_TYPE_CALENDAR_FILTERS, NULL);
}

GtkDropDown *
ca_calendar_filters_get_cluster (CaCalendarFilters *self)
{
  g_return_val_if_fail (CA_IS_CALENDAR_FILTERS (self), NULL);
  return self->cluster_dropdown;
}

GtkDropDown *
ca_calendar_filters_get_kind (CaCalendarFilters *self)
{
  g_return_val_if_fail (CA_IS_CALENDAR_FILTERS (self), NULL);
  return self->kind_dropdown;
}

GtkDropDown *
ca_calendar_filters_get_programme (CaCalendarFilters *self)
{
  g_return_val_if_fail (CA_IS_CALENDAR_FILTERS (self), NULL);
  return self->programme_dropdown;
}
