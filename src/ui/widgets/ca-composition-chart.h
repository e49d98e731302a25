/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ca-cluster.h"

G_BEGIN_DECLS

#define CA_TYPE_COMPOSITION_CHART (ca_composition_chart_get_type ())
G_DECLARE_FINAL_TYPE (CaCompositionChart, ca_composition_chart, CA, COMPOSITION_CHART, GtkWidget)

GtkWidget *ca_composition_chart_new             (void);
/* counts: CA_N_COMPOSITION values indexed by CaCompositionField, -1 where unknown */
void       ca_composition_chart_set_counts      (CaCompositionChart *self,
                                                 const gint64       *counts);
gboolean   ca_composition_chart_has_counts      (CaCompositionChart *self);
char      *ca_composition_chart_dup_description (CaCompositionChart *self);

G_END_DECLS
