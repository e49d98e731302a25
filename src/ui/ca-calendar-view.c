/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PLACEHOLDER: the real view is being written; this keeps the build whole. */
#define G_LOG_DOMAIN "ca-calendar-view"

#include "config.h"

#include "ca-calendar-view.h"

struct _CaCalendarView
{
  AdwBin parent_instance;
  GListStore *events;
};

G_DEFINE_FINAL_TYPE (CaCalendarView, ca_calendar_view, ADW_TYPE_BIN)

static void
ca_calendar_view_finalize (GObject *object)
{
  CaCalendarView *self = (CaCalendarView *) object;
  g_clear_object (&self->events);
  (void) self;
  G_OBJECT_CLASS (ca_calendar_view_parent_class)->finalize (object);
}

static void
ca_calendar_view_class_init (CaCalendarViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_calendar_view_finalize;
}

static void
ca_calendar_view_init (CaCalendarView *self)
{
  self->events = g_list_store_new (CA_TYPE_EVENT);
  adw_bin_set_child (ADW_BIN (self), gtk_label_new ("CaCalendarView"));
}

void
ca_calendar_view_set_store (CaCalendarView *self, CaStore *store)
{
}

gboolean
ca_calendar_view_show_event (CaCalendarView *self, const char *feed, const char *id)
{
  return FALSE;
}

gboolean
ca_calendar_view_show_project (CaCalendarView *self, const char *feed, const char *id)
{
  return FALSE;
}

void
ca_calendar_view_set_starred_only (CaCalendarView *self, gboolean starred_only)
{
}

GListModel *
ca_calendar_view_get_events (CaCalendarView *self)
{
  return G_LIST_MODEL (self->events);
}
