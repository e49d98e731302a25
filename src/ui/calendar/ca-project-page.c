/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-project-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-format.h"
#include "ca-page-heading.h"
#include "ca-project-page.h"
#include "ca-link.h"
#include "ca-text.h"
#include "ca-tooltip.h"

struct _CaProjectPage
{
  AdwBin             parent_instance;

  CaStore           *store;
  CaProject         *project;
  GHashTable        *cluster_names;

  /* template children */
  GtkScrolledWindow *scroller;
  GtkLabel          *acronym_label;
  CaPageHeading     *title_heading;
  GtkGrid           *details_grid;
  GtkWidget         *summary_section;
  GtkLabel          *summary_label;
  GtkWidget         *objectives_section;
  GtkGrid           *objectives_grid;
  GtkWidget         *partners_section;
  GtkWidget         *partners_box;
  GtkWidget         *clusters_section;
  GtkWidget         *clusters_box;
  GtkWidget         *events_section;
  GtkListBox        *events_list;
  GtkWidget         *website_button;
};

G_DEFINE_FINAL_TYPE (CaProjectPage, ca_project_page, ADW_TYPE_BIN)

/* Feed strings are plain text: a label here never parses markup. */
static GtkWidget *
text_label_new (const char *text)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  return label;
}

static void
set_text (GtkLabel   *label,
          const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
clear_container (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    {
      if (GTK_IS_BOX (container))
        gtk_box_remove (GTK_BOX (container), child);
      else if (GTK_IS_GRID (container))
        gtk_grid_remove (GTK_GRID (container), child);
      else if (GTK_IS_LIST_BOX (container))
        gtk_list_box_remove (GTK_LIST_BOX (container), child);
      else
        g_assert_not_reached ();
    }
}

static void
add_detail (CaProjectPage *self,
            int           *row,
            const char    *term,
            const char    *value)
{
  GtkWidget *term_label;
  GtkWidget *value_label;

  if (value == NULL || *value == '\0')
    return;
  term_label = gtk_label_new (term);
  gtk_label_set_xalign (GTK_LABEL (term_label), 0);
  gtk_label_set_yalign (GTK_LABEL (term_label), 0);
  gtk_widget_add_css_class (term_label, "dim-label");
  value_label = text_label_new (value);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, term_label, NULL,
                                  -1);
  gtk_grid_attach (self->details_grid, term_label, 0, *row, 1, 1);
  gtk_grid_attach (self->details_grid, value_label, 1, *row, 1, 1);
  (*row)++;
}

static char *
format_dates (CaProject *project)
{
  g_autofree char *from = ca_format_feed_date (project->start);
  g_autofree char *to = ca_format_feed_date (project->end);

  if (from != NULL && to != NULL)
    /* TRANSLATORS: a project's dates, "1 January 2020 – 30 June 2023" */
    return g_strdup_printf (_("%s – %s"), from, to);
  if (from != NULL)
    /* TRANSLATORS: a project that gives its start only, "from 2010" */
    return g_strdup_printf (_("from %s"), from);
  if (to != NULL)
    /* TRANSLATORS: a project that gives its end only, "until 2023" */
    return g_strdup_printf (_("until %s"), to);
  return NULL;
}

static void
event_row_activated (CaProjectPage *self,
                     GtkListBoxRow *row)
{
  CaEvent *event = g_object_get_data (G_OBJECT (row), "event");

  if (event != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "calendar.show-event", "(ss)",
                                event->feed, event->id);
}

static void
website_clicked (CaProjectPage *self)
{
  if (self->project == NULL || !ca_link_is_web (self->project->website))
    return;
  ca_link_open (GTK_WIDGET (self), self->project->website);
}

static void
fill_events (CaProjectPage *self)
{
  CaProject *project = self->project;
  CaEventQuery query = CA_EVENT_QUERY_INIT;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  clear_container (GTK_WIDGET (self->events_list));
  if (self->store != NULL)
    {
      query.feed = project->feed;
      query.project = project->id;
      events = ca_store_list_events (self->store, &query, &error);
      if (events == NULL)
        g_warning ("Could not list the events of %s: %s", project->id, error->message);
    }
  gtk_widget_set_visible (self->events_section, events != NULL && events->len > 0);

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      CaEvent *event = events->pdata[i];
      g_autofree char *title = ca_text_display (event->title);
      g_autofree char *when = ca_format_event_when (event, NULL);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title_label = text_label_new (title);
      GtkWidget *when_label = text_label_new (when);

      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_add_css_class (title_label, "heading");
      gtk_widget_add_css_class (when_label, "dim-label");
      gtk_box_append (GTK_BOX (box), title_label);
      gtk_box_append (GTK_BOX (box), when_label);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data_full (G_OBJECT (row), "event", g_object_ref (event), g_object_unref);
      gtk_list_box_append (self->events_list, row);
    }
}

static void
fill (CaProjectPage *self)
{
  CaProject *project = self->project;
  g_autofree char *title = ca_text_display (project->title);
  g_autofree char *role = ca_format_project_role (project->role);
  g_autofree char *summary = ca_text_display (project->summary);
  g_autofree char *dates = format_dates (project);
  g_autofree char *budget = NULL;
  guint n;
  int row = 0;

  set_text (self->acronym_label, project->acronym);
  ca_page_heading_set_text (self->title_heading, title);

  if (project->has_budget)
    budget = ca_format_money (project->budget_amount, project->budget_currency);

  clear_container (GTK_WIDGET (self->details_grid));
  add_detail (self, &row, _("Programme"), ca_format_programme (project->programme));
  add_detail (self, &row, _("Grant"), project->grant);
  add_detail (self, &row, _("Dates"), dates);
  add_detail (self, &row, _("Budget"), budget);
  /* TRANSLATORS: the role the cluster has in the project */
  add_detail (self, &row, _("Role"), role);
  gtk_widget_set_visible (GTK_WIDGET (self->details_grid), row > 0);

  set_text (self->summary_label, summary);
  gtk_widget_set_visible (self->summary_section, summary != NULL && *summary != '\0');

  clear_container (GTK_WIDGET (self->objectives_grid));
  n = project->objectives != NULL ? g_strv_length (project->objectives) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u.", i + 1);
      g_autofree char *text = ca_text_display (project->objectives[i]);
      GtkWidget *number_label = gtk_label_new (number);
      GtkWidget *text_label = text_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (number_label), 1);
      gtk_label_set_yalign (GTK_LABEL (number_label), 0);
      gtk_widget_add_css_class (number_label, "dim-label");
      gtk_widget_add_css_class (number_label, "numeric");
      gtk_widget_set_hexpand (text_label, TRUE);
      gtk_grid_attach (self->objectives_grid, number_label, 0, i, 1, 1);
      gtk_grid_attach (self->objectives_grid, text_label, 1, i, 1, 1);
    }
  gtk_widget_set_visible (self->objectives_section, n > 0);

  clear_container (self->partners_box);
  n = project->partners != NULL ? g_strv_length (project->partners) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = ca_text_display (project->partners[i]);
      gtk_box_append (GTK_BOX (self->partners_box), text_label_new (name));
    }
  gtk_widget_set_visible (self->partners_section, n > 0);

  clear_container (self->clusters_box);
  n = project->clusters != NULL ? g_strv_length (project->clusters) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strconcat (project->feed, "\x1f", project->clusters[i], NULL);
      const char *name = self->cluster_names != NULL
                         ? g_hash_table_lookup (self->cluster_names, key) : NULL;
      GtkWidget *button = gtk_button_new ();

      gtk_button_set_child (GTK_BUTTON (button),
                            text_label_new (name != NULL ? name : project->clusters[i]));
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-cluster");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)",
                                        project->feed, project->clusters[i]);
      gtk_box_append (GTK_BOX (self->clusters_box), button);
    }
  gtk_widget_set_visible (self->clusters_section, n > 0);

  fill_events (self);

  gtk_widget_set_visible (self->website_button, ca_link_is_web (project->website));
  if (ca_link_is_web (project->website))
    ca_tooltip_set_text (self->website_button, project->website);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static void
ca_project_page_dispose (GObject *object)
{
  CaProjectPage *self = (CaProjectPage *) object;

  /* AdwBin unparents its child itself: let it go before the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_PROJECT_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->project);
  g_clear_pointer (&self->cluster_names, g_hash_table_unref);

  G_OBJECT_CLASS (ca_project_page_parent_class)->dispose (object);
}

static void
ca_project_page_class_init (CaProjectPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_project_page_dispose;

  g_type_ensure (CA_TYPE_PAGE_HEADING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-project-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CaProjectPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, CaProjectPage, acronym_label);
  gtk_widget_class_bind_template_child (widget_class, CaProjectPage, title_heading);
  gtk_widget_class_bind_template_child (widget_class, CaProjectPage, details_grid);
  gtk_widget_class_bind_template_child (widget_class, CaProjectPage, summary_section);
  gtk_widget_class_bind_template_child (widget_class, CaProjectPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CaProjectPage, objectives_section);
  gtk_widget_class_bind_template_child (widget_class, CaProjectPage, objectives_grid);
  gtk_widget_class_bind_template_child (widget_class, CaProjectPage, partners_section);
  gtk_widget_class_bind_template_child (widget_class, CaProjectPage, partners_box);
  gtk_widget_class_bind_template_child (widget_class, CaProjectPage, clusters_section);
  gtk_widget_class_bind_template_child (widget_class, CaProjectPage, clusters_box);
  gtk_widget_class_bind_template_child (widget_class, CaProjectPage, events_section);
  gtk_widget_class_bind_template_child (widget_class, CaProjectPage, events_list);
  gtk_widget_class_bind_template_child (widget_class, CaProjectPage, website_button);
  gtk_widget_class_bind_template_callback (widget_class, event_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, website_clicked);
}

static void
ca_project_page_init (CaProjectPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Selectable for the mouse, but not a focus stop that selects it all on focus */
  gtk_widget_set_focusable (GTK_WIDGET (self->summary_label), FALSE);
}

GtkWidget *
ca_project_page_new (void)
{
  return g_object_new (CA_TYPE_PROJECT_PAGE, NULL);
}

void
ca_project_page_set_store (CaProjectPage *self,
                           CaStore       *store)
{
  g_return_if_fail (CA_IS_PROJECT_PAGE (self));
  g_return_if_fail (store == NULL || CA_IS_STORE (store));

  g_set_object (&self->store, store);
}

void
ca_project_page_set_cluster_names (CaProjectPage *self,
                                   GHashTable    *cluster_names)
{
  g_return_if_fail (CA_IS_PROJECT_PAGE (self));

  if (cluster_names != NULL)
    g_hash_table_ref (cluster_names);
  g_clear_pointer (&self->cluster_names, g_hash_table_unref);
  self->cluster_names = cluster_names;
}

void
ca_project_page_set_project (CaProjectPage *self,
                             CaProject     *project)
{
  g_return_if_fail (CA_IS_PROJECT_PAGE (self));
  g_return_if_fail (project == NULL || CA_IS_PROJECT (project));

  if (!g_set_object (&self->project, project) || project == NULL)
    return;
  fill (self);
}

CaProject *
ca_project_page_get_project (CaProjectPage *self)
{
  g_return_val_if_fail (CA_IS_PROJECT_PAGE (self), NULL);
  return self->project;
}
