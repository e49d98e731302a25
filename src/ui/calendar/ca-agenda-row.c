/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-agenda-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-agenda-row.h"
#include "ca-change-tag.h"
#include "ca-tooltip.h"

struct _CaAgendaRow
{
  GtkWidget     parent_instance;

  CaAgendaItem *item;

  /* template children */
  GtkWidget    *star;
};

G_DEFINE_FINAL_TYPE (CaAgendaRow, ca_agenda_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Closures of the template's bindings: what shows for which kind of item */
static gboolean
is_day (CaAgendaRow      *self,
        CaAgendaItemKind  kind)
{
  return kind == CA_AGENDA_ITEM_HEADING;
}

static gboolean
is_section (CaAgendaRow      *self,
            CaAgendaItemKind  kind)
{
  return kind == CA_AGENDA_ITEM_SECTION;
}

static gboolean
is_event (CaAgendaRow      *self,
          CaAgendaItemKind  kind)
{
  return kind == CA_AGENDA_ITEM_EVENT;
}

static gboolean
has_text (CaAgendaRow *self,
          const char  *text)
{
  return text != NULL && *text != '\0';
}

static GStrv
mark_classes (CaAgendaRow *self,
              guint        mark)
{
  return ca_change_tag_css_classes (mark);
}

static void
ca_agenda_row_dispose (GObject *object)
{
  CaAgendaRow *self = (CaAgendaRow *) object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_AGENDA_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (ca_agenda_row_parent_class)->dispose (object);
}

static void
ca_agenda_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CaAgendaRow *self = CA_AGENDA_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_agenda_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CaAgendaRow *self = CA_AGENDA_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      ca_agenda_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_agenda_row_class_init (CaAgendaRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_agenda_row_dispose;
  object_class->get_property = ca_agenda_row_get_property;
  object_class->set_property = ca_agenda_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, CA_TYPE_AGENDA_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CA_TYPE_AGENDA_ITEM);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "agendarow");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-agenda-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CaAgendaRow, star);
  gtk_widget_class_bind_template_callback (widget_class, is_day);
  gtk_widget_class_bind_template_callback (widget_class, is_section);
  gtk_widget_class_bind_template_callback (widget_class, is_event);
  gtk_widget_class_bind_template_callback (widget_class, has_text);
  gtk_widget_class_bind_template_callback (widget_class, mark_classes);
}

static void
ca_agenda_row_init (CaAgendaRow *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Handed to GTK when it asks (ca-tooltip.h), not set up front for every row */
  ca_tooltip_set_text (self->star, _("In My Schedule"));
}

GtkWidget *
ca_agenda_row_new (void)
{
  return g_object_new (CA_TYPE_AGENDA_ROW, NULL);
}

CaAgendaItem *
ca_agenda_row_get_item (CaAgendaRow *self)
{
  g_return_val_if_fail (CA_IS_AGENDA_ROW (self), NULL);
  return self->item;
}

void
ca_agenda_row_set_item (CaAgendaRow  *self,
                        CaAgendaItem *item)
{
  g_return_if_fail (CA_IS_AGENDA_ROW (self));
  g_return_if_fail (item == NULL || CA_IS_AGENDA_ITEM (item));

  if (g_set_object (&self->item, item))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
