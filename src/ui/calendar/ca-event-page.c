/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-event-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-clash.h"
#include "ca-change-tag.h"
#include "ca-event-page.h"
#include "ca-iso-codes.h"
#include "ca-link.h"
#include "ca-format.h"
#include "ca-page-heading.h"
#include "ca-person.h"
#include "ca-schedule-print.h"
#include "ca-settings.h"
#include "ca-text.h"
#include "ca-tooltip.h"

struct _CaEventPage
{
  AdwBin             parent_instance;

  CaStore           *store;
  CaEvent           *event;
  GHashTable        *cluster_names;
  AdwSplitButton    *calendar_button;
  GSettings         *settings;      /* for clash-all-day; NULL without the schema */

  /* template children */
  GtkScrolledWindow *scroller;
  CaPageHeading     *title_heading;
  GtkLabel          *status_label;
  GtkLabel          *kind_label;
  GtkWidget         *changes_box;
  GtkToggleButton   *star_button;
  GtkImage          *star_icon;
  GtkLabel          *star_label;
  GtkWidget         *when_section;
  GtkLabel          *when_label;
  GtkLabel          *user_when_label;
  GtkLabel          *clash_label;
  GtkWidget         *where_section;
  GtkLabel          *venue_label;
  GtkLabel          *city_label;
  GtkWidget         *organisers_section;
  GtkWidget         *organisers_box;
  GtkWidget         *speakers_section;
  GtkWidget         *speakers_box;
  GtkWidget         *project_section;
  GtkButton         *project_button;
  GtkLabel          *project_label;
  GtkWidget         *clusters_section;
  GtkWidget         *clusters_box;
  GtkWidget         *description_section;
  GtkLabel          *description_label;
  GtkWidget         *link_button;
};

G_DEFINE_FINAL_TYPE (CaEventPage, ca_event_page, ADW_TYPE_BIN)

enum {
  STARRED_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Feed strings are plain text: a label here never parses markup. */
static void
set_text (GtkLabel   *label,
          const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static GtkWidget *
text_label_new (const char *text)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  return label;
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

static void
update_star (CaEventPage *self)
{
  gboolean starred = gtk_toggle_button_get_active (self->star_button);
  /* TRANSLATORS: the star toggle of an event once it is in My Schedule */
  const char *label = starred ? _("Starred") : _("Add to My Schedule");

  gtk_label_set_text (self->star_label, label);
  gtk_image_set_from_icon_name (self->star_icon,
                                starred ? "starred-symbolic" : "non-starred-symbolic");
  ca_tooltip_set_text (GTK_WIDGET (self->star_button),
                       starred ? _("Remove from My Schedule") : _("Add to My Schedule"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->star_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add to My Schedule"),
                                  -1);
}

/* A starred event: which other starred events it clashes with, as My Schedule says */
static void
update_clashes (CaEventPage *self)
{
  CaEventQuery query = CA_EVENT_QUERY_INIT;
  g_autoptr(GPtrArray) starred = NULL;
  g_autofree char *note = NULL;
  CaClashFlags flags = CA_CLASH_FLAGS_NONE;

  if (self->event != NULL && self->store != NULL &&
      gtk_toggle_button_get_active (self->star_button))
    {
      query.starred_only = TRUE;
      starred = ca_store_list_events (self->store, &query, NULL);
    }
  if (starred != NULL)
    {
      if (self->settings == NULL)
        self->settings = ca_settings_new_if_installed ();
      if (self->settings != NULL && g_settings_get_boolean (self->settings, "clash-all-day"))
        flags = CA_CLASH_ALL_DAY;
      note = ca_clash_note_for (starred, self->event, NULL, flags);
    }
  set_text (self->clash_label, note != NULL ? note : "");
}

static void
star_toggled (CaEventPage *self)
{
  gboolean starred = gtk_toggle_button_get_active (self->star_button);
  g_autoptr(GError) error = NULL;

  if (self->event == NULL || self->store == NULL)
    return;

  if (!ca_store_set_starred (self->store, self->event->feed, self->event->id, starred, &error))
    {
      g_warning ("Could not star %s: %s", self->event->id, error->message);
      g_signal_handlers_block_by_func (self->star_button, star_toggled, self);
      gtk_toggle_button_set_active (self->star_button, !starred);
      g_signal_handlers_unblock_by_func (self->star_button, star_toggled, self);
      update_star (self);
      return;
    }
  update_star (self);
  update_clashes (self);
  /* The application tells in a notification when the new star clashes */
  if (starred)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.star-added", "(ss)",
                                self->event->feed, self->event->id);
  g_signal_emit (self, signals[STARRED_CHANGED], 0, starred);
}

static void
project_clicked (CaEventPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (self->event == NULL || self->event->project == NULL)
    return;
  /* The window's action shows the Calendar too; on its own the calendar has one. */
  if (!gtk_widget_activate_action (widget, "win.show-project", "(ss)",
                                   self->event->feed, self->event->project))
    gtk_widget_activate_action (widget, "calendar.show-project", "(ss)",
                                self->event->feed, self->event->project);
}

static void
link_clicked (CaEventPage *self)
{
  if (self->event == NULL || !ca_link_is_web (self->event->url))
    return;
  ca_link_open (GTK_WIDGET (self), self->event->url);
}

static void
add_to_calendar_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CaEventPage *self = CA_EVENT_PAGE (widget);

  if (self->event != NULL)
    ca_schedule_open_in_calendar (widget, self->event);
}

static void
save_ics_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CaEventPage *self = CA_EVENT_PAGE (widget);
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  if (self->event == NULL)
    return;
  title = ca_text_display (self->event->title);
  name = ca_schedule_ics_file_name (title);
  g_ptr_array_add (one, self->event);
  ca_schedule_save_ics (widget, one, name);
}

static void
fill_project (CaEventPage *self)
{
  CaEvent *event = self->event;
  g_autoptr(CaProject) project = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->project_section, event->project != NULL);
  if (event->project == NULL)
    return;

  if (self->store != NULL)
    project = ca_store_get_project (self->store, event->feed, event->project, NULL);
  if (project != NULL)
    title = ca_text_display (project->title);
  if (project != NULL && project->acronym != NULL && g_strcmp0 (project->acronym, title) != 0)
    /* TRANSLATORS: a project's acronym and title, "BOWI – Booting Widening…" */
    text = g_strdup_printf (_("%s – %s"), project->acronym, title);
  else
    text = g_strdup (title != NULL ? title : event->project);
  gtk_label_set_text (self->project_label, text);
  /* A button is not named after a label inside it in GTK 4.8 */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->project_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
fill_clusters (CaEventPage *self)
{
  CaEvent *event = self->event;
  guint n = event->clusters != NULL ? g_strv_length (event->clusters) : 0;

  clear_box (self->clusters_box);
  gtk_widget_set_visible (self->clusters_section, n > 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strconcat (event->feed, "\x1f", event->clusters[i], NULL);
      const char *name = self->cluster_names != NULL
                         ? g_hash_table_lookup (self->cluster_names, key) : NULL;
      GtkWidget *label = text_label_new (name != NULL ? name : event->clusters[i]);
      GtkWidget *button = gtk_button_new ();

      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-cluster");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)",
                                        event->feed, event->clusters[i]);
      gtk_box_append (GTK_BOX (self->clusters_box), button);
    }
}

/* Marking seen writes to the store, which waits while a sync's import holds it
 * (seconds, for a large feed): a worker thread does it, and the marks leave the
 * views when it is done */
typedef struct {
  CaStore *store;
  char    *feed;
  char    *id;
} SeenTarget;

static void
seen_target_free (SeenTarget *target)
{
  g_object_unref (target->store);
  g_free (target->feed);
  g_free (target->id);
  g_free (target);
}

static void
mark_seen_worker (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SeenTarget *target = task_data;
  GError *error = NULL;

  if (ca_store_mark_changes_seen (target->store, target->feed, target->id, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
marked_seen (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CaEventPage *self = CA_EVENT_PAGE (source);
  SeenTarget *target = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("Could not mark the changes of %s seen: %s", target->id, error->message);
      return;
    }
  /* The window counts the unseen changes again and takes the event's mark off the
   * Calendar, wherever the page was shown (the Calendar, My Schedule) */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.changes-seen", "(ss)",
                              target->feed, target->id);
}

static void
mark_seen_async (CaEventPage *self,
                 CaEvent     *event)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, marked_seen, NULL);
  SeenTarget *target = g_new0 (SeenTarget, 1);

  target->store = g_object_ref (self->store);
  target->feed = g_strdup (event->feed);
  target->id = g_strdup (event->id);
  g_task_set_source_tag (task, mark_seen_async);
  g_task_set_task_data (task, target, (GDestroyNotify) seen_target_free);
  g_task_run_in_thread (task, mark_seen_worker);
}

/* The unseen changes of the event: its mark and what changed, shown this once and
 * marked seen, so that the mark leaves the agenda and the month grid (a change
 * read here is a change seen) */
static void
fill_changes (CaEventPage *self)
{
  CaEvent *event = self->event;
  CaChangeQuery query = CA_CHANGE_QUERY_INIT;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  CaChangeMark mark = CA_CHANGE_MARK_NONE;

  clear_box (self->changes_box);
  gtk_widget_set_visible (self->changes_box, FALSE);
  if (self->store == NULL)
    return;

  query.feed = event->feed;
  query.record_id = event->id;
  query.kind = CA_CHANGE_EVENT;
  query.unseen_only = TRUE;
  if ((changes = ca_store_list_changes (self->store, &query, &error)) == NULL)
    {
      g_warning ("Could not read the changes of %s: %s", event->id, error->message);
      return;
    }
  if (changes->len == 0)
    return;

  /* The newest change's mark, as the agenda showed it */
  for (guint i = 0; i < changes->len && mark == CA_CHANGE_MARK_NONE; i++)
    mark = ca_change_get_mark (changes->pdata[i]);
  gtk_box_append (GTK_BOX (self->changes_box), ca_change_tag_new (mark));
  for (guint i = 0; i < changes->len; i++)
    {
      g_autoptr(GPtrArray) lines = ca_change_describe (changes->pdata[i], NULL);

      for (guint j = 0; j < lines->len; j++)
        gtk_box_append (GTK_BOX (self->changes_box), text_label_new (lines->pdata[j]));
    }
  gtk_widget_set_visible (self->changes_box, TRUE);

  /* A store opened read only keeps no "seen": the marks stay */
  if (!ca_store_is_read_only (self->store))
    mark_seen_async (self, event);
}

static void
fill (CaEventPage *self)
{
  CaEvent *event = self->event;
  g_autofree char *title = ca_text_display (event->title);
  g_autofree char *when = ca_format_event_when (event, NULL);
  g_autofree char *own_when = ca_format_event_local_when (event);
  g_autofree char *user_when = ca_format_event_user_when (event);
  g_autofree char *user_line = NULL;
  g_autofree char *venue = ca_text_display (event->venue);
  g_autofree char *city = ca_text_display (event->city);
  g_autofree char *description = ca_text_display (event->description);
  g_autoptr(GString) place = g_string_new (NULL);
  guint n;

  ca_page_heading_set_text (self->title_heading, title);
  set_text (self->status_label, event->status != CA_EVENT_STATUS_SCHEDULED
                                ? ca_format_event_status (event->status) : NULL);
  set_text (self->kind_label, ca_format_event_kind (event->kind));
  fill_changes (self);

  g_signal_handlers_block_by_func (self->star_button, star_toggled, self);
  gtk_toggle_button_set_active (self->star_button,
                                self->store != NULL
                                ? ca_store_is_starred (self->store, event->feed, event->id)
                                : event->starred);
  g_signal_handlers_unblock_by_func (self->star_button, star_toggled, self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->star_button), self->store != NULL);
  update_star (self);
  update_clashes (self);

  /* In another zone: the time there, as the organisers say it, with the zone named,
   * and then the user's */
  set_text (self->when_label, own_when != NULL ? own_when : when);
  if (user_when != NULL)
    /* TRANSLATORS: an event's date and time in the user's time zone, under its time
     * in the event's own zone: "Your time: 26 March 2026, 16:00–18:00 (Sofia, UTC+2)" */
    user_line = g_strdup_printf (_("Your time: %s"), user_when);
  set_text (self->user_when_label, user_line);

  if (venue != NULL && *venue != '\0')
    g_string_append (place, venue);
  if (event->online == 1)
    {
      if (place->len > 0)
        g_string_append (place, " · ");
      /* TRANSLATORS: where an event happens when it has no venue */
      g_string_append (place, _("Online"));
    }
  set_text (self->venue_label, place->str);
  g_string_truncate (place, 0);
  if (city != NULL && *city != '\0')
    g_string_append (place, city);
  if (event->country != NULL)
    {
      g_autofree char *country = ca_iso_country_name (event->country);

      g_string_append_printf (place, "%s%s", place->len > 0 ? ", " : "", country);
    }
  set_text (self->city_label, place->str);
  gtk_widget_set_visible (self->where_section,
                          gtk_widget_get_visible (GTK_WIDGET (self->venue_label)) ||
                          gtk_widget_get_visible (GTK_WIDGET (self->city_label)));

  clear_box (self->organisers_box);
  n = event->organizers != NULL ? g_strv_length (event->organizers) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = ca_text_display (event->organizers[i]);
      gtk_box_append (GTK_BOX (self->organisers_box), text_label_new (name));
    }
  gtk_widget_set_visible (self->organisers_section, n > 0);

  clear_box (self->speakers_box);
  n = event->speakers != NULL ? event->speakers->len : 0;
  for (guint i = 0; i < n; i++)
    {
      const CaPerson *person = event->speakers->pdata[i];
      g_autofree char *role = ca_text_display (person->role);
      g_autofree char *line = NULL;

      if (role != NULL && *role != '\0')
        /* TRANSLATORS: a speaker and their role, "Todor Mitov — ICT Cluster" */
        line = g_strdup_printf (_("%s — %s"), person->name, role);
      else
        line = g_strdup (person->name);
      gtk_box_append (GTK_BOX (self->speakers_box), text_label_new (line));
    }
  gtk_widget_set_visible (self->speakers_section, n > 0);

  fill_project (self);
  fill_clusters (self);

  set_text (self->description_label, description);
  gtk_widget_set_visible (self->description_section, description != NULL && *description != '\0');

  gtk_widget_set_visible (self->link_button, ca_link_is_web (event->url));
  if (ca_link_is_web (event->url))
    ca_tooltip_set_text (self->link_button, event->url);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static void
ca_event_page_dispose (GObject *object)
{
  CaEventPage *self = (CaEventPage *) object;

  /* AdwBin unparents its child itself: let it go before the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_EVENT_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->event);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->cluster_names, g_hash_table_unref);

  G_OBJECT_CLASS (ca_event_page_parent_class)->dispose (object);
}

static void
ca_event_page_class_init (CaEventPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_event_page_dispose;

  signals[STARRED_CHANGED] =
    g_signal_new ("starred-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  g_type_ensure (CA_TYPE_PAGE_HEADING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-event-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, calendar_button);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, title_heading);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, kind_label);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, changes_box);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, star_button);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, star_icon);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, star_label);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, when_section);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, when_label);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, user_when_label);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, clash_label);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, where_section);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, venue_label);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, city_label);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, organisers_section);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, organisers_box);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, speakers_section);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, speakers_box);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, project_section);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, project_button);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, project_label);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, clusters_section);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, clusters_box);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, description_section);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, CaEventPage, link_button);
  gtk_widget_class_bind_template_callback (widget_class, star_toggled);
  gtk_widget_class_bind_template_callback (widget_class, project_clicked);
  gtk_widget_class_bind_template_callback (widget_class, link_clicked);

  gtk_widget_class_install_action (widget_class, "event.add-to-calendar", NULL,
                                   add_to_calendar_action);
  gtk_widget_class_install_action (widget_class, "event.save-ics", NULL, save_ics_action);
}

static void
ca_event_page_init (CaEventPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The split button's arrow is a menu button of its own, which GTK 4.8 leaves
   * nameless: it is named after its tooltip */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->calendar_button));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_MENU_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      adw_split_button_get_dropdown_tooltip (self->calendar_button),
                                      -1);
  update_star (self);
  /* Selectable for the mouse, but not a focus stop that selects it all on focus */
  gtk_widget_set_focusable (GTK_WIDGET (self->description_label), FALSE);
}

GtkWidget *
ca_event_page_new (void)
{
  return g_object_new (CA_TYPE_EVENT_PAGE, NULL);
}

void
ca_event_page_set_store (CaEventPage *self,
                         CaStore     *store)
{
  g_return_if_fail (CA_IS_EVENT_PAGE (self));
  g_return_if_fail (store == NULL || CA_IS_STORE (store));

  g_set_object (&self->store, store);
}

void
ca_event_page_set_cluster_names (CaEventPage *self,
                                 GHashTable  *cluster_names)
{
  g_return_if_fail (CA_IS_EVENT_PAGE (self));

  if (cluster_names != NULL)
    g_hash_table_ref (cluster_names);
  g_clear_pointer (&self->cluster_names, g_hash_table_unref);
  self->cluster_names = cluster_names;
}

void
ca_event_page_set_event (CaEventPage *self,
                         CaEvent     *event)
{
  g_return_if_fail (CA_IS_EVENT_PAGE (self));
  g_return_if_fail (event == NULL || CA_IS_EVENT (event));

  if (!g_set_object (&self->event, event) || event == NULL)
    return;
  fill (self);
}

CaEvent *
ca_event_page_get_event (CaEventPage *self)
{
  g_return_val_if_fail (CA_IS_EVENT_PAGE (self), NULL);
  return self->event;
}
