/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-member-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-format.h"
#include "ca-iso-codes.h"
#include "ca-member-page.h"
#include "ca-link.h"
#include "ca-page-heading.h"
#include "ca-text.h"
#include "ca-tooltip.h"

struct _CaMemberPage
{
  AdwBin            parent_instance;

  CaMember         *member;

  /* template children */
  GtkScrolledWindow *scroller;
  CaPageHeading    *name_heading;
  GtkLabel         *other_name_label;
  GtkWidget        *facts_grid;
  GtkWidget        *kind_caption;
  GtkLabel         *kind_label;
  GtkWidget        *city_caption;
  GtkLabel         *city_label;
  GtkWidget        *country_caption;
  GtkLabel         *country_label;
  GtkWidget        *joined_caption;
  GtkLabel         *joined_label;
  GtkLabel         *description_label;
  GtkWidget        *website_button;
  GtkWidget        *sectors_box;
  AdwWrapBox       *sectors_wrap;
  GtkWidget        *clusters_box;
  GtkWidget        *clusters_list;
};

G_DEFINE_FINAL_TYPE (CaMemberPage, ca_member_page, ADW_TYPE_BIN)

/* An organisation in more clusters than this shows the first ones */
#define MAX_CLUSTER_BUTTONS 50

enum {
  PROP_0,
  PROP_MEMBER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Shows text in label, or hides label (and its caption) when there is none */
static void
set_optional_text (GtkLabel   *label,
                   GtkWidget  *caption,
                   const char *text)
{
  gboolean shown = text != NULL && text[0] != '\0';

  gtk_label_set_text (label, shown ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), shown);
  if (caption != NULL)
    gtk_widget_set_visible (caption, shown);
}

static void
website_clicked (CaMemberPage *self)
{
  if (self->member == NULL || !ca_link_is_web (self->member->website))
    return;
  ca_link_open (GTK_WIDGET (self), self->member->website);
}

static void
cluster_clicked (GtkButton *button,
                 gpointer   user_data)
{
  const char *feed = g_object_get_data (G_OBJECT (button), "ca-feed");
  const char *id = g_object_get_data (G_OBJECT (button), "ca-cluster");

  gtk_widget_activate_action (GTK_WIDGET (button), "win.show-cluster", "(ss)", feed, id);
}

static void
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (ADW_IS_WRAP_BOX (parent))
        adw_wrap_box_remove (ADW_WRAP_BOX (parent), child);
      else
        gtk_box_remove (GTK_BOX (parent), child);
    }
}

static void
fill_sectors (CaMemberPage *self)
{
  char **sectors = self->member != NULL ? self->member->sectors : NULL;
  guint n = 0;

  remove_children (GTK_WIDGET (self->sectors_wrap));
  for (guint i = 0; sectors != NULL && sectors[i] != NULL; i++)
    {
      g_autofree char *text = ca_text_display (sectors[i]);
      GtkWidget *tag;

      if (text == NULL || text[0] == '\0')
        continue;
      tag = gtk_label_new (NULL);
      gtk_label_set_text (GTK_LABEL (tag), text);
      gtk_label_set_wrap (GTK_LABEL (tag), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (tag), PANGO_WRAP_WORD_CHAR);
      /* .ca-tag is in the application's style.css */
      gtk_widget_add_css_class (tag, "ca-tag");
      adw_wrap_box_append (self->sectors_wrap, tag);
      n++;
    }
  gtk_widget_set_visible (self->sectors_box, n > 0);
}

static void
fill_clusters (CaMemberPage       *self,
               const char * const *names)
{
  char **clusters = self->member != NULL ? self->member->clusters : NULL;
  char *only[2] = { NULL, NULL };
  guint n = 0;

  remove_children (self->clusters_list);

  /* A member not from a directory query knows only the cluster that lists it */
  if (self->member != NULL && clusters == NULL && self->member->cluster != NULL)
    {
      only[0] = self->member->cluster;
      clusters = only;
    }

  for (guint i = 0; clusters != NULL && clusters[i] != NULL; i++)
    {
      const char *name;
      GtkWidget *button;
      GtkWidget *label;

      if (i == MAX_CLUSTER_BUTTONS)
        {
          guint more = g_strv_length (clusters) - i;
          g_autofree char *text = NULL;

          /* TRANSLATORS: after the buttons of the first clusters listing a member */
          text = g_strdup_printf (ngettext ("And %u more cluster", "And %u more clusters", more),
                                  more);
          label = gtk_label_new (text);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_widget_add_css_class (label, "dim-label");
          gtk_box_append (GTK_BOX (self->clusters_list), label);
          break;
        }

      name = names != NULL && names[i] != NULL ? names[i] : clusters[i];
      button = gtk_button_new ();
      label = gtk_label_new (NULL);

      gtk_label_set_text (GTK_LABEL (label), name);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      ca_tooltip_set_text (button, _("Show the cluster"));
      /* An organisation spans feeds: each cluster is in its own */
      g_object_set_data_full (G_OBJECT (button), "ca-feed",
                              g_strdup (clusters == self->member->clusters &&
                                        self->member->cluster_feeds != NULL &&
                                        self->member->cluster_feeds[i] != NULL
                                        ? self->member->cluster_feeds[i] : self->member->feed),
                              g_free);
      g_object_set_data_full (G_OBJECT (button), "ca-cluster", g_strdup (clusters[i]), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (cluster_clicked), NULL);
      gtk_box_append (GTK_BOX (self->clusters_list), button);
      n++;
    }
  gtk_widget_set_visible (self->clusters_box, n > 0);
}

static void
ca_member_page_dispose (GObject *object)
{
  CaMemberPage *self = (CaMemberPage *) object;

  /* AdwBin keeps its own pointer to the template's top widget: let go of it first */

  adw_bin_set_child (ADW_BIN (self), NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_MEMBER_PAGE);
  g_clear_object (&self->member);

  G_OBJECT_CLASS (ca_member_page_parent_class)->dispose (object);
}

static void
ca_member_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CaMemberPage *self = CA_MEMBER_PAGE (object);

  switch (prop_id)
    {
    case PROP_MEMBER:
      g_value_set_object (value, self->member);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_member_page_class_init (CaMemberPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_member_page_dispose;
  object_class->get_property = ca_member_page_get_property;

  properties[PROP_MEMBER] =
    g_param_spec_object ("member", NULL, NULL, CA_TYPE_MEMBER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CA_TYPE_PAGE_HEADING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-member-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, name_heading);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, other_name_label);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, kind_caption);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, kind_label);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, city_caption);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, city_label);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, country_caption);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, country_label);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, joined_caption);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, joined_label);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, website_button);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, sectors_box);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, sectors_wrap);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, clusters_box);
  gtk_widget_class_bind_template_child (widget_class, CaMemberPage, clusters_list);
  gtk_widget_class_bind_template_callback (widget_class, website_clicked);
}

static void
ca_member_page_init (CaMemberPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ca_member_page_set_member (self, NULL, NULL);
}

GtkWidget *
ca_member_page_new (void)
{
  return g_object_new (CA_TYPE_MEMBER_PAGE, NULL);
}

void
ca_member_page_set_member (CaMemberPage       *self,
                           CaMember           *member,
                           const char * const *cluster_names)
{
  g_autofree char *name = NULL;
  g_autofree char *other_name = NULL;
  g_autofree char *city = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *description = NULL;
  g_autofree char *country = member != NULL ? ca_iso_country_name (member->country) : NULL;

  g_return_if_fail (CA_IS_MEMBER_PAGE (self));
  g_return_if_fail (member == NULL || CA_IS_MEMBER (member));

  g_set_object (&self->member, member);

  if (member != NULL)
    {
      name = ca_text_display (member->name);
      other_name = ca_text_other_language (member->name);
      city = ca_text_display (member->city);
      joined = member->joined != NULL ? ca_format_feed_date (member->joined) : NULL;
      description = ca_text_display (member->description);
    }

  ca_page_heading_set_text (self->name_heading, name);
  set_optional_text (self->other_name_label, NULL, other_name);
  set_optional_text (self->kind_label, self->kind_caption,
                     member != NULL ? ca_format_member_kind (member->kind) : NULL);
  set_optional_text (self->city_label, self->city_caption, city);
  set_optional_text (self->country_label, self->country_caption, country);
  set_optional_text (self->joined_label, self->joined_caption, joined);
  set_optional_text (self->description_label, NULL, description);

  gtk_widget_set_visible (self->website_button, member != NULL && ca_link_is_web (member->website));
  ca_tooltip_set_text (self->website_button,
                       member != NULL && ca_link_is_web (member->website)
                       ? member->website : NULL);

  fill_sectors (self);
  fill_clusters (self, cluster_names);

  /* A new member starts at the top */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER]);
}

CaMember *
ca_member_page_get_member (CaMemberPage *self)
{
  g_return_val_if_fail (CA_IS_MEMBER_PAGE (self), NULL);
  return self->member;
}
