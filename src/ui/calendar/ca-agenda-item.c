/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-agenda-item"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-agenda-item.h"
#include "ca-format.h"
#include "ca-text.h"

struct _CaAgendaItem
{
  GObject           parent_instance;

  CaAgendaItemKind  kind;
  char             *heading;
  CaEvent          *event;
  gboolean          starred;
  CaChangeMark      mark;

  /* An event's texts, made on first use */
  char             *title;
  char             *details;
  char             *place;
};

G_DEFINE_FINAL_TYPE (CaAgendaItem, ca_agenda_item, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CaAgendaItemKind, ca_agenda_item_kind,
                    G_DEFINE_ENUM_VALUE (CA_AGENDA_ITEM_HEADING, "heading"),
                    G_DEFINE_ENUM_VALUE (CA_AGENDA_ITEM_SECTION, "section"),
                    G_DEFINE_ENUM_VALUE (CA_AGENDA_ITEM_EVENT, "event"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_HEADING,
  PROP_EVENT,
  PROP_TITLE,
  PROP_DETAILS,
  PROP_PLACE,
  PROP_STARRED,
  PROP_MARK,
  PROP_MARK_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
make_texts (CaAgendaItem *self)
{
  CaEvent *event = self->event;
  g_autofree char *when = NULL;

  if (self->title != NULL || event == NULL)
    return;

  self->title = ca_text_display (event->title);
  if (self->title == NULL)
    self->title = g_strdup ("");
  when = ca_format_event_when (event, NULL);
  /* TRANSLATORS: an event's time and kind in the agenda, "26 March 2019 · Conference" */
  self->details = g_strdup_printf (_("%s · %s"), when, ca_format_event_kind (event->kind));

  self->place = ca_format_event_place (event);
}

static void
ca_agenda_item_finalize (GObject *object)
{
  CaAgendaItem *self = (CaAgendaItem *) object;

  g_free (self->heading);
  g_clear_object (&self->event);
  g_free (self->title);
  g_free (self->details);
  g_free (self->place);

  G_OBJECT_CLASS (ca_agenda_item_parent_class)->finalize (object);
}

static void
ca_agenda_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CaAgendaItem *self = CA_AGENDA_ITEM (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_HEADING:
      g_value_set_string (value, self->heading);
      break;
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;
    case PROP_TITLE:
      g_value_set_string (value, ca_agenda_item_get_title (self));
      break;
    case PROP_DETAILS:
      g_value_set_string (value, ca_agenda_item_get_details (self));
      break;
    case PROP_PLACE:
      g_value_set_string (value, ca_agenda_item_get_place (self));
      break;
    case PROP_STARRED:
      g_value_set_boolean (value, self->starred);
      break;
    case PROP_MARK:
      g_value_set_uint (value, self->mark);
      break;
    case PROP_MARK_LABEL:
      g_value_set_string (value, ca_change_mark_label (self->mark));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_agenda_item_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CaAgendaItem *self = CA_AGENDA_ITEM (object);

  switch (prop_id)
    {
    case PROP_STARRED:
      ca_agenda_item_set_starred (self, g_value_get_boolean (value));
      break;
    case PROP_MARK:
      ca_agenda_item_set_mark (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_agenda_item_class_init (CaAgendaItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ca_agenda_item_finalize;
  object_class->get_property = ca_agenda_item_get_property;
  object_class->set_property = ca_agenda_item_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, CA_TYPE_AGENDA_ITEM_KIND, CA_AGENDA_ITEM_HEADING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEADING] =
    g_param_spec_string ("heading", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL, CA_TYPE_EVENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAILS] =
    g_param_spec_string ("details", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACE] =
    g_param_spec_string ("place", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STARRED] =
    g_param_spec_boolean ("starred", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MARK] =
    g_param_spec_uint ("mark", NULL, NULL, CA_CHANGE_MARK_NONE, CA_CHANGE_MARK_CHANGED,
                       CA_CHANGE_MARK_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MARK_LABEL] =
    g_param_spec_string ("mark-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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
  self->starred = event->starred;
  self->mark = event->mark;
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

const char *
ca_agenda_item_get_title (CaAgendaItem *self)
{
  g_return_val_if_fail (CA_IS_AGENDA_ITEM (self), NULL);
  make_texts (self);
  return self->title;
}

const char *
ca_agenda_item_get_details (CaAgendaItem *self)
{
  g_return_val_if_fail (CA_IS_AGENDA_ITEM (self), NULL);
  make_texts (self);
  return self->details;
}

const char *
ca_agenda_item_get_place (CaAgendaItem *self)
{
  g_return_val_if_fail (CA_IS_AGENDA_ITEM (self), NULL);
  make_texts (self);
  return self->place;
}

gboolean
ca_agenda_item_get_starred (CaAgendaItem *self)
{
  g_return_val_if_fail (CA_IS_AGENDA_ITEM (self), FALSE);
  return self->starred;
}

void
ca_agenda_item_set_starred (CaAgendaItem *self,
                            gboolean      starred)
{
  g_return_if_fail (CA_IS_AGENDA_ITEM (self));

  starred = !!starred;
  if (self->starred == starred)
    return;
  self->starred = starred;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARRED]);
}

CaChangeMark
ca_agenda_item_get_mark (CaAgendaItem *self)
{
  g_return_val_if_fail (CA_IS_AGENDA_ITEM (self), CA_CHANGE_MARK_NONE);
  return self->mark;
}

void
ca_agenda_item_set_mark (CaAgendaItem *self,
                         CaChangeMark  mark)
{
  g_return_if_fail (CA_IS_AGENDA_ITEM (self));

  if (self->mark == mark)
    return;
  self->mark = mark;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARK]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARK_LABEL]);
}
