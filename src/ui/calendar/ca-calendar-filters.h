/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CA_TYPE_CALENDAR_FILTERS (ca_calendar_filters_get_type ())
G_DECLARE_FINAL_TYPE (CaCalendarFilters, ca_calendar_filters, CA, CALENDAR_FILTERS, GtkPopover)

/*
 * The Calendar's Filters popover: a drop-down each for the cluster, the event kind and
 * the funding programme (their strings are the Calendar view's to set), and Print and
 * Export. "changed" when a drop-down's choice changes. The Calendar view makes it when
 * it is first opened.
 */
GtkWidget   *ca_calendar_filters_new            (void);
GtkDropDown *ca_calendar_filters_get_cluster    (CaCalendarFilters *self);
GtkDropDown *ca_calendar_filters_get_kind       (CaCalendarFilters *self);
GtkDropDown *ca_calendar_filters_get_programme  (CaCalendarFilters *self);

G_END_DECLS
