/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-change-tag"

#include "config.h"

#include "ca-change-tag.h"

static const char *
mark_class (CaChangeMark mark)
{
  switch (mark)
    {
    case CA_CHANGE_MARK_NEW: return "ca-change-new";
    case CA_CHANGE_MARK_MOVED: return "ca-change-moved";
    case CA_CHANGE_MARK_CANCELLED: return "ca-change-cancelled";
    case CA_CHANGE_MARK_ONLINE: return "ca-change-online";
    case CA_CHANGE_MARK_REMOVED: return "ca-change-removed";
    case CA_CHANGE_MARK_CHANGED: return "ca-change-changed";
    case CA_CHANGE_MARK_NONE:
    default: return NULL;
    }
}

GStrv
ca_change_tag_css_classes (CaChangeMark mark)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add (builder, "ca-change-tag");
  if (mark_class (mark) != NULL)
    g_strv_builder_add (builder, mark_class (mark));
  return g_strv_builder_end (builder);
}

void
ca_change_tag_set_mark (GtkWidget    *tag,
                        CaChangeMark  mark)
{
  g_auto(GStrv) classes = ca_change_tag_css_classes (mark);
  const char *label = ca_change_mark_label (mark);

  g_return_if_fail (GTK_IS_LABEL (tag));

  gtk_label_set_text (GTK_LABEL (tag), label != NULL ? label : "");
  gtk_widget_set_css_classes (tag, (const char **) classes);
  gtk_widget_set_visible (tag, label != NULL);
}

GtkWidget *
ca_change_tag_new (CaChangeMark mark)
{
  GtkWidget *tag = gtk_label_new (NULL);

  gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (tag, GTK_ALIGN_START);
  ca_change_tag_set_mark (tag, mark);
  return tag;
}
