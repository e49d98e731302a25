/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-cluster-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-cluster-page.h"
#include "ca-composition-chart.h"
#include "ca-format.h"
#include "ca-iso-codes.h"
#include "ca-link.h"
#include "ca-page-heading.h"
#include "ca-person.h"
#include "ca-sync-manager.h"
#include "ca-text.h"
#include "ca-tooltip.h"

/*
 * One cluster: each section only when the feed has it. Everything from the feed
 * goes into labels as plain text; links open only for http, https and plain
 * addresses (ca-link.c).
 */

struct _CaClusterPage
{
  AdwBin        parent_instance;

  GtkBox       *sections;

  /* The calendar the cluster's website announces, looked for in the background */
  CaStore      *store;
  char         *cluster_feed;
  char         *cluster_id;
  GCancellable *discovery;       /* cancelled when another cluster is shown */
  GtkWidget    *follow_button;   /* hidden until a calendar is found */
  char         *calendar;        /* its address */
};

G_DEFINE_FINAL_TYPE (CaClusterPage, ca_cluster_page, ADW_TYPE_BIN)

/* "Bulgarian, English" for ["bg", "en"] */
static char *
language_names (char **codes)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (codes == NULL || codes[0] == NULL)
    return NULL;
  for (guint i = 0; codes[i] != NULL; i++)
    g_ptr_array_add (names, ca_iso_language_name (codes[i]));
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

static void discover_calendar (CaClusterPage *self,
                               CaCluster     *cluster,
                               GtkWidget     *links);

/* How many members the page lists before it sends people to the Members view */
#define MEMBERS_SHOWN 50

/* A widget built but not needed after all */
static void
drop (GtkWidget *widget)
{
  g_object_unref (g_object_ref_sink (widget));
}

static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkBox *
add_section (CaClusterPage *self,
             const char    *heading)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  if (heading != NULL)
    {
      GtkWidget *label = text_label (heading, "heading");
      gtk_label_set_selectable (GTK_LABEL (label), FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                      GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_box_append (self->sections, box);
  return GTK_BOX (box);
}

static void
open_link (GtkButton *button,
           gpointer   user_data)
{
  const char *uri = g_object_get_data (G_OBJECT (button), "uri");

  ca_link_open (GTK_WIDGET (button), uri);
}

static GtkWidget *
link_button (const char *label,
             const char *uri,
             const char *icon)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), icon);
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), FALSE);
  /* A long address is cut short rather than widening the page past a narrow
   * window; the tooltip has it whole */
  adw_button_content_set_can_shrink (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  ca_tooltip_set_text (button, uri);
  g_object_set_data_full (G_OBJECT (button), "uri", g_strdup (uri), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (open_link), NULL);
  return button;
}

/* A button that opens another record through a window action */
static GtkWidget *
record_button (const char *title,
               const char *subtitle,
               const char *action,
               GVariant   *target)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = text_label (title, NULL);

  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_box_append (GTK_BOX (box), label);
  if (subtitle != NULL)
    {
      GtkWidget *sub = text_label (subtitle, "caption");
      gtk_label_set_selectable (GTK_LABEL (sub), FALSE);
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_box_append (GTK_BOX (box), sub);
    }
  gtk_button_set_child (GTK_BUTTON (button), box);
  /* GTK 4.8 names no button after the labels in a box: say it */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

static void
add_fact (GtkGrid    *grid,
          int        *row,
          const char *name,
          const char *value)
{
  GtkWidget *label;

  if (value == NULL || value[0] == '\0')
    return;
  label = text_label (name, "dim-label");
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_grid_attach (grid, label, 0, *row, 1, 1);
  gtk_grid_attach (grid, text_label (value, NULL), 1, *row, 1, 1);
  (*row)++;
}

static void
add_text_list (CaClusterPage *self,
               const char    *heading,
               char         **texts,
               gboolean       numbered)
{
  GtkBox *box;

  if (texts == NULL || texts[0] == NULL)
    return;
  box = add_section (self, heading);
  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autofree char *text = ca_text_display (texts[i]);
      g_autofree char *line = numbered ? g_strdup_printf ("%u. %s", i + 1, text)
                                       : g_strdup_printf ("• %s", text);
      gtk_box_append (box, text_label (line, NULL));
    }
}

/* Tags and link buttons, each as wide as its text, one after the other and on to
 * the next line when the line is full (a flow box's columns left uneven gaps) */
static GtkWidget *
wrap_box_new (void)
{
  GtkWidget *wrap = adw_wrap_box_new ();

  adw_wrap_box_set_child_spacing (ADW_WRAP_BOX (wrap), 6);
  adw_wrap_box_set_line_spacing (ADW_WRAP_BOX (wrap), 6);
  return wrap;
}

static void
add_tags (CaClusterPage *self,
          const char    *heading,
          char         **texts)
{
  GtkBox *box;
  GtkWidget *wrap;

  if (texts == NULL || texts[0] == NULL)
    return;
  box = add_section (self, heading);
  wrap = wrap_box_new ();
  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autofree char *text = ca_text_display (texts[i]);
      GtkWidget *tag = text_label (text, "caption");

      gtk_label_set_selectable (GTK_LABEL (tag), FALSE);
      gtk_widget_add_css_class (tag, "ca-tag");
      adw_wrap_box_append (ADW_WRAP_BOX (wrap), tag);
    }
  /* A screen reader says which tags these are */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (wrap), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  gtk_widget_get_first_child (GTK_WIDGET (box)), NULL, -1);
  gtk_box_append (box, wrap);
}

static void
add_header (CaClusterPage *self,
            CaCluster     *cluster)
{
  GtkBox *box = add_section (self, NULL);
  g_autofree char *name = ca_text_display (cluster->name);
  g_autofree char *other = ca_text_other_language (cluster->name);
  g_autofree char *summary = ca_text_display (cluster->summary);
  GtkWidget *title = ca_page_heading_new ();

  /* Where the focus goes when the cluster is chosen (ca_page_heading_focus_in) */
  ca_page_heading_set_text (CA_PAGE_HEADING (title), name);
  gtk_widget_add_css_class (title, "title-1");
  gtk_box_append (box, title);
  if (other != NULL)
    gtk_box_append (box, text_label (other, "title-4"));
  /* An "acronym" that is the name in some language says nothing new */
  if (cluster->acronym != NULL && !ca_text_has_value (cluster->name, cluster->acronym))
    gtk_box_append (box, text_label (cluster->acronym, "dim-label"));
  if (summary != NULL)
    {
      GtkWidget *label = text_label (summary, NULL);
      gtk_widget_set_margin_top (label, 6);
      gtk_box_append (box, label);
    }
}

static void
add_facts (CaClusterPage *self,
           CaCluster     *cluster)
{
  GtkWidget *grid = gtk_grid_new ();
  g_autofree char *region = ca_text_display (cluster->region);
  g_autofree char *city = ca_text_display (cluster->city);
  g_autofree char *legal_form = ca_text_display (cluster->legal_form);
  g_autofree char *established = ca_format_feed_date (cluster->established);
  g_autofree char *languages = language_names (cluster->languages);
  g_autofree char *country = ca_iso_country_name (cluster->country);
  /* A long address goes to a line of its own rather than widening the page past a
   * narrow window */
  GtkWidget *links = wrap_box_new ();
  int row = 0;

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  add_fact (GTK_GRID (grid), &row, _("Region"), region);
  add_fact (GTK_GRID (grid), &row, _("City"), city);
  add_fact (GTK_GRID (grid), &row, _("Country"), country);
  add_fact (GTK_GRID (grid), &row, _("Established"), established);
  add_fact (GTK_GRID (grid), &row, _("Legal form"), legal_form);
  add_fact (GTK_GRID (grid), &row, _("Languages"), languages);
  add_fact (GTK_GRID (grid), &row, _("Phone"), cluster->phone);
  if (row > 0)
    gtk_box_append (add_section (self, NULL), grid);
  else
    drop (grid);

  if (cluster->website != NULL && ca_link_is_web (cluster->website))
    adw_wrap_box_append (ADW_WRAP_BOX (links), link_button (_("Website"), cluster->website,
                                                            "web-browser-symbolic"));
  if (cluster->email != NULL)
    {
      g_autofree char *mailto = ca_link_mailto (cluster->email);

      /* An address that is more than an address is shown, not launched */
      GtkWidget *address = mailto != NULL
                           ? link_button (cluster->email, mailto, "mail-send-symbolic")
                           : text_label (cluster->email, NULL);

      adw_wrap_box_append (ADW_WRAP_BOX (links), address);
    }
  discover_calendar (self, cluster, links);
  if (gtk_widget_get_first_child (links) != NULL)
    gtk_box_append (add_section (self, NULL), links);
  else
    drop (links);
}

static void
add_composition (CaClusterPage *self,
                 CaCluster     *cluster)
{
  GtkWidget *chart = ca_composition_chart_new ();
  GtkBox *box;

  ca_composition_chart_set_counts (CA_COMPOSITION_CHART (chart), cluster->composition);
  if (!ca_composition_chart_has_counts (CA_COMPOSITION_CHART (chart)))
    {
      drop (chart);
      return;
    }

  box = add_section (self, _("Composition"));
  if (cluster->composition[CA_COMPOSITION_MEMBERS] >= 0)
    {
      g_autofree char *total = g_strdup_printf (ngettext ("%lld member in all", "%lld members in all",
                                                          cluster->composition[CA_COMPOSITION_MEMBERS]),
                                                (long long) cluster->composition[CA_COMPOSITION_MEMBERS]);
      gtk_box_append (box, text_label (total, "dim-label"));
    }
  gtk_box_append (box, chart);
}

static void
add_team (CaClusterPage *self,
          CaCluster     *cluster)
{
  GtkBox *box;

  if (cluster->team->len == 0)
    return;
  box = add_section (self, _("Team and Contacts"));
  for (guint i = 0; i < cluster->team->len; i++)
    {
      CaPerson *person = g_ptr_array_index (cluster->team, i);
      g_autofree char *role = ca_text_display (person->role);
      g_autoptr(GString) line = g_string_new (person->name);

      if (role != NULL)
        g_string_append_printf (line, " — %s", role);
      if (person->email != NULL)
        g_string_append_printf (line, " · %s", person->email);
      if (person->phone != NULL)
        g_string_append_printf (line, " · %s", person->phone);
      gtk_box_append (box, text_label (line->str, NULL));
    }
}

static void
add_networks (CaClusterPage *self,
              CaCluster     *cluster)
{
  GtkBox *box;

  if (cluster->networks->len == 0)
    return;
  box = add_section (self, _("Networks"));
  for (guint i = 0; i < cluster->networks->len; i++)
    {
      CaNetwork *network = g_ptr_array_index (cluster->networks, i);
      g_autofree char *name = ca_text_display (network->name);

      if (network->url != NULL && ca_link_is_web (network->url))
        {
          GtkWidget *button = link_button (name, network->url, "web-browser-symbolic");
          gtk_widget_set_halign (button, GTK_ALIGN_START);
          gtk_box_append (box, button);
        }
      else
        gtk_box_append (box, text_label (name, NULL));
    }
}

static void
add_members (CaClusterPage *self,
             CaCluster     *cluster)
{
  GtkBox *box;

  if (cluster->members->len == 0)
    return;
  box = add_section (self, _("Members"));
  for (guint i = 0; i < MIN (cluster->members->len, MEMBERS_SHOWN); i++)
    {
      CaMember *member = g_ptr_array_index (cluster->members, i);
      g_autofree char *name = ca_text_display (member->name);
      g_autofree char *city = ca_text_display (member->city);
      g_autofree char *subtitle = city != NULL
        ? g_strdup_printf ("%s · %s", ca_format_member_kind (member->kind), city)
        : g_strdup (ca_format_member_kind (member->kind));

      gtk_box_append (box, record_button (name, subtitle, "win.show-member",
                                          g_variant_new ("(ssu)", member->feed, member->cluster,
                                                         member->position)));
    }
  if (cluster->members->len > MEMBERS_SHOWN)
    {
      guint more = cluster->members->len - MEMBERS_SHOWN;
      g_autofree char *text = g_strdup_printf (ngettext ("%u more member in the Members view",
                                                         "%u more members in the Members view",
                                                         more), more);
      gtk_box_append (box, text_label (text, "dim-label"));
    }
}

static void
add_projects (CaClusterPage *self,
              CaStore       *store,
              CaCluster     *cluster)
{
  g_autoptr(GPtrArray) projects = ca_store_list_projects (store, cluster->feed, cluster->id, NULL);
  GtkBox *box;

  if (projects == NULL || projects->len == 0)
    return;
  box = add_section (self, _("Projects"));
  for (guint i = 0; i < projects->len; i++)
    {
      CaProject *project = g_ptr_array_index (projects, i);
      g_autofree char *title = ca_text_display (project->title);
      g_autofree char *start = ca_format_feed_date (project->start);
      g_autofree char *end = ca_format_feed_date (project->end);
      g_autoptr(GPtrArray) parts = g_ptr_array_new ();
      g_autofree char *dates = NULL;
      g_autofree char *subtitle = NULL;

      if (project->acronym != NULL)
        g_ptr_array_add (parts, project->acronym);
      if (project->programme != NULL)
        g_ptr_array_add (parts, (gpointer) ca_format_programme (project->programme));
      if (start != NULL)
        {
          /* TRANSLATORS: a project's dates, "1 January 2020 – 30 June 2023" */
          dates = end != NULL ? g_strdup_printf (_("%s – %s"), start, end) : g_strdup (start);
          g_ptr_array_add (parts, dates);
        }
      g_ptr_array_add (parts, NULL);
      subtitle = g_strjoinv (" · ", (char **) parts->pdata);
      gtk_box_append (box, record_button (title, subtitle[0] ? subtitle : NULL, "win.show-project",
                                          g_variant_new ("(ss)", project->feed, project->id)));
    }
}

/* Upcoming events first; when there are none, the latest past ones. */
static void
add_events (CaClusterPage *self,
            CaStore       *store,
            CaCluster     *cluster)
{
  CaEventQuery query = CA_EVENT_QUERY_INIT;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 today = g_date_time_to_unix (now) - g_date_time_to_unix (now) % 86400;
  gboolean upcoming;
  GtkBox *box;
  guint first, shown = 0;

  query.feed = cluster->feed;
  query.cluster = cluster->id;
  events = ca_store_list_events (store, &query, NULL);
  if (events == NULL || events->len == 0)
    return;

  for (first = 0; first < events->len; first++)
    if (((CaEvent *) g_ptr_array_index (events, first))->end >= today)
      break;
  upcoming = first < events->len;
  box = add_section (self, upcoming ? _("Upcoming Events") : _("Past Events"));

  for (guint k = 0; k < events->len && shown < 10; k++)
    {
      /* Upcoming: from the first to come on; past: from the most recent back */
      guint i = upcoming ? first + k : events->len - 1 - k;
      CaEvent *event;
      g_autofree char *title = NULL;
      g_autofree char *when = NULL;

      if (i >= events->len)
        break;
      event = g_ptr_array_index (events, i);
      title = ca_text_display (event->title);
      when = ca_format_event_when (event, NULL);
      gtk_box_append (box, record_button (title, when, "win.show-event",
                                          g_variant_new ("(ss)", event->feed, event->id)));
      shown++;
    }
}

/* {{{ The cluster's calendar */

static CaSyncManager *
sync_manager (CaClusterPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  /* The window's application: a test process may have had others before */
  GApplication *app = GTK_IS_WINDOW (root) && gtk_window_get_application (GTK_WINDOW (root)) != NULL
                      ? G_APPLICATION (gtk_window_get_application (GTK_WINDOW (root)))
                      : g_application_get_default ();

  return app != NULL && self->store != NULL ? ca_sync_manager_get_default (app, self->store)
                                            : NULL;
}

static void
show_follow_state (CaClusterPage *self)
{
  gboolean following = ca_store_has_feed (self->store, self->calendar);
  GtkWidget *content = gtk_button_get_child (GTK_BUTTON (self->follow_button));

  adw_button_content_set_label (ADW_BUTTON_CONTENT (content),
                                following ? _("Following This Cluster’s Calendar")
                                          : _("Follow This Cluster’s Calendar"));
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content),
                                    following ? "object-select-symbolic"
                                              : "x-office-calendar-symbolic");
  gtk_widget_set_sensitive (self->follow_button, !following);
  ca_tooltip_set_text (self->follow_button, self->calendar);
  gtk_widget_set_visible (self->follow_button, TRUE);
}

static void
follow_clicked (CaClusterPage *self)
{
  CaSyncManager *manager = sync_manager (self);
  g_autoptr(GError) error = NULL;

  if (manager == NULL || self->calendar == NULL)
    return;
  if (!ca_store_add_calendar (self->store, self->calendar, self->cluster_feed,
                              self->cluster_id, NULL, &error))
    {
      ca_tooltip_set_text (self->follow_button, error->message);
      return;
    }
  /* The window reloads when the sync ends: the page, this button included, is not
   * rebuilt under the click's feet */
  ca_sync_manager_sync_feed (manager, self->calendar);
  show_follow_state (self);
}

static void
calendar_discovered (GObject      *source,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  g_autoptr(CaClusterPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  found = ca_sync_manager_discover_finish (CA_SYNC_MANAGER (source), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("No calendar for %s: %s", self->cluster_id, error->message);
  if (found == NULL || self->follow_button == NULL)
    return;
  g_free (self->calendar);
  self->calendar = g_steal_pointer (&found);
  show_follow_state (self);
}

/* Once per cluster shown: the sync manager remembers what a site announced */
static void
discover_calendar (CaClusterPage *self,
                   CaCluster     *cluster,
                   GtkWidget     *links)
{
  CaSyncManager *manager = sync_manager (self);
  GtkWidget *content;

  if (manager == NULL || cluster->website == NULL || !ca_link_is_web (cluster->website))
    return;
  self->follow_button = gtk_button_new ();
  gtk_widget_set_name (self->follow_button, "follow-calendar");
  content = adw_button_content_new ();
  adw_button_content_set_can_shrink (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (self->follow_button), content);
  gtk_widget_add_css_class (self->follow_button, "suggested-action");
  gtk_widget_set_visible (self->follow_button, FALSE);
  g_signal_connect_object (self->follow_button, "clicked", G_CALLBACK (follow_clicked), self,
                           G_CONNECT_SWAPPED);
  adw_wrap_box_append (ADW_WRAP_BOX (links), self->follow_button);

  self->discovery = g_cancellable_new ();
  ca_sync_manager_discover_async (manager, cluster->website, self->discovery,
                                  calendar_discovered, g_object_ref (self));
}

static void
stop_discovery (CaClusterPage *self)
{
  if (self->discovery != NULL)
    g_cancellable_cancel (self->discovery);
  g_clear_object (&self->discovery);
  self->follow_button = NULL;
  g_clear_pointer (&self->calendar, g_free);
}

/* }}} */

static void
clear (CaClusterPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sections))) != NULL)
    gtk_box_remove (self->sections, child);
}

static void
ca_cluster_page_dispose (GObject *object)
{
  CaClusterPage *self = (CaClusterPage *) object;

  stop_discovery (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ca_cluster_page_parent_class)->dispose (object);
}

static void
ca_cluster_page_finalize (GObject *object)
{
  CaClusterPage *self = (CaClusterPage *) object;

  g_free (self->cluster_feed);
  g_free (self->cluster_id);

  G_OBJECT_CLASS (ca_cluster_page_parent_class)->finalize (object);
}

static void
ca_cluster_page_class_init (CaClusterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ca_cluster_page_dispose;
  object_class->finalize = ca_cluster_page_finalize;
}

static void
ca_cluster_page_init (CaClusterPage *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->sections = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 24));
  gtk_widget_set_margin_top (GTK_WIDGET (self->sections), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->sections), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (self->sections), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->sections), 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->sections));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  adw_bin_set_child (ADW_BIN (self), scrolled);
}

void
ca_cluster_page_set_cluster (CaClusterPage *self,
                             CaStore       *store,
                             CaCluster     *cluster)
{
  GtkRoot *root;
  GtkWidget *focus;
  gboolean refocus;

  g_return_if_fail (CA_IS_CLUSTER_PAGE (self));

  /* Read again (a sync) under the keyboard focus: it stays at the page's top, where
   * GTK would give it, at the next frame, to the first selectable text, all selected */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  refocus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->sections));
  stop_discovery (self);
  clear (self);
  g_set_object (&self->store, store);
  if (cluster == NULL)
    return;
  g_free (self->cluster_feed);
  self->cluster_feed = g_strdup (cluster->feed);
  g_free (self->cluster_id);
  self->cluster_id = g_strdup (cluster->id);

  add_header (self, cluster);
  add_facts (self, cluster);
  add_text_list (self, _("Objectives"), cluster->objectives, TRUE);
  add_composition (self, cluster);
  add_text_list (self, _("Areas of Activity"), cluster->activities, FALSE);
  add_text_list (self, _("Services"), cluster->services, FALSE);
  add_tags (self, _("Sectors"), cluster->sectors);
  add_tags (self, _("Technology Fields"), cluster->technology_fields);
  add_tags (self, _("S3 Priority Areas"), cluster->s3_priorities);
  add_tags (self, _("Labels"), cluster->labels);
  add_team (self, cluster);
  add_networks (self, cluster);
  add_members (self, cluster);
  if (store != NULL)
    {
      add_projects (self, store, cluster);
      add_events (self, store, cluster);
    }

  /* A new cluster starts at the top */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (adw_bin_get_child (ADW_BIN (self)))), 0);
  if (refocus)
    ca_page_heading_focus_in (GTK_WIDGET (self));
}

GtkWidget *
ca_cluster_page_new (void)
{
  return g_object_new (CA_TYPE_CLUSTER_PAGE, NULL);
}
