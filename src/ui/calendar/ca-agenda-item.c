/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-agenda-item"

#include "config.h"

#include "ca-agenda-item.h"

struct _CaAgendaItem
{
  GObject           parent_instance;

  CaAgendaItemKind  kind;
  char             *heading;
  CaEvent          *event;
};

G_DEFINE_FINAL_TYPE (CaAgendaItem, ca_agenda_item, G_TYPE_OBJECT)

static void
ca_agenda_item_finalize (GObject *object)
{
  CaAgendaItem *self = (CaAgendaItem *) object;

  g_free (self->heading);
  g_clear_object (&self->event);

  G_OBJECT_CLASS (ca_agenda_item_parent_class)->finalize (object);
}

static void
ca_agenda_item_class_init (CaAgendaItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_agenda_item_finalize;
}

static void
ca_agenda_item_init (CaAgendaItem *self)
{
}

CaAgendaItem *
ca_agenda_item_new_heading (CaAgendaItemKind  kind,
                            const char       *text)
{
  CaAgendaItem *self;

  g_return_val_if_fail (kind != CA_AGENDA_ITEM_EVENT, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (CA_TYPE_AGENDA_ITEM, NULL);
  self->kind = kind;
  self->heading = g_strdup (text);
  return self;
}

CaAgendaItem *
ca_agenda_item_new_event (CaEvent *event)
{
  CaAgendaItem *self;

  g_return_val_if_fail (CA_IS_EVENT (event), NULL);

  self = g_object_new (CA_TYPE_AGENDA_ITEM, NULL);
  self->kind = CA_AGENDA_ITEM_EVENT;
  self->event = g_object_ref (event);
  return self;
}

CaAgendaItemKind
ca_agenda_item_get_kind (CaAgendaItem *self)
{
  g_return_val_if_fail (CA_IS_AGENDA_ITEM (self), CA_AGENDA_ITEM_HEADING);
  return self->kind;
}

const char *
ca_agenda_item_get_heading (CaAgendaItem *self)
{
  g_return_val_if_fail (CA_IS_AGENDA_ITEM (self), NULL);
  return self->heading;
}

CaEvent *
ca_agenda_item_get_event (CaAgendaItem *self)
{
  g_return_val_if_fail (CA_IS_AGENDA_ITEM (self), NULL);
  return self->event;
}
