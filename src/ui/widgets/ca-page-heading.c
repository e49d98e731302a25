/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-page-heading"

#include "config.h"

#include "ca-page-heading.h"

struct _CaPageHeading
{
  AdwBin    parent_instance;

  GtkLabel *label;
};

enum {
  PROP_0,
  PROP_TEXT,
  PROP_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CaPageHeading, ca_page_heading, ADW_TYPE_BIN)

static void
ca_page_heading_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CaPageHeading *self = CA_PAGE_HEADING (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, ca_page_heading_get_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_page_heading_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CaPageHeading *self = CA_PAGE_HEADING (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      ca_page_heading_set_text (self, g_value_get_string (value));
      break;
    case PROP_LEVEL:
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LEVEL,
                                      g_value_get_int (value), -1);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_page_heading_class_init (CaPageHeadingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ca_page_heading_get_property;
  object_class->set_property = ca_page_heading_set_property;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* 1 for a page's title, 2 for a section's */
  properties[PROP_LEVEL] =
    g_param_spec_int ("level", NULL, NULL, 1, 6, 1,
                      G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "pageheading");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_HEADING);
}

static void
ca_page_heading_init (CaPageHeading *self)
{
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_wrap_mode (self->label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->label, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->label), TRUE);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->label));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  /* A click on the title is no reason to move the focus off the list */
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1, -1);
}

GtkWidget *
ca_page_heading_new (void)
{
  return g_object_new (CA_TYPE_PAGE_HEADING, NULL);
}

void
ca_page_heading_set_text (CaPageHeading *self,
                          const char    *text)
{
  g_return_if_fail (CA_IS_PAGE_HEADING (self));

  if (g_strcmp0 (text, gtk_label_get_text (self->label)) == 0)
    return;
  /* Feed text: never markup */
  gtk_label_set_text (self->label, text != NULL ? text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text != NULL ? text : "", -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
ca_page_heading_get_text (CaPageHeading *self)
{
  g_return_val_if_fail (CA_IS_PAGE_HEADING (self), NULL);

  return gtk_label_get_text (self->label);
}

static GtkWidget *
find_heading (GtkWidget *widget)
{
  if (CA_IS_PAGE_HEADING (widget))
    return gtk_widget_get_visible (widget) ? widget : NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (child))
        continue;
      if ((found = find_heading (child)) != NULL)
        return found;
    }
  return NULL;
}

gboolean
ca_page_heading_focus_in (GtkWidget *root)
{
  GtkWidget *heading;

  g_return_val_if_fail (GTK_IS_WIDGET (root), FALSE);

  if ((heading = find_heading (root)) == NULL)
    return FALSE;
  return gtk_widget_grab_focus (heading);
}
