/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-agenda"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-agenda.h"
#include "ca-agenda-item.h"
#include "ca-agenda-row.h"
#include "ca-format.h"
#include "ca-gradual-list.h"

/* Events made into rows at once when the events change (a screenful and more), and
 * then per main-loop turn: a large store's agenda never holds the loop for all */
#define FIRST_PART  200
#define NEXT_PART   1500

struct _CaAgenda
{
  AdwBin             parent_instance;

  gboolean           loaded;
  guint              n_total;
  GPtrArray         *upcoming;      /* CaEvent */
  GPtrArray         *past;
  gboolean           status_clears; /* the status page's button clears the filters */

  GListStore        *items;         /* CaAgendaItem, the list's model */
  GtkSliceListModel *shown;         /* of items, as much as the list view takes yet */
  gboolean           list_pending;  /* items the list view is to show once mapped */
  GListStore        *events;        /* CaEvent listed */

  /* Filling in, a part at a time */
  guint              fill_source;
  guint              fill_index;    /* into upcoming, then into past */
  gboolean           fill_in_past;
  char              *last_heading;
  guint32            last_first;
  guint32            last_last;
  gboolean           last_dated;

  /* template children */
  GtkWidget         *bar;
  GtkLabel          *count;
  GtkToggleButton   *past_button;
  GtkStack          *stack;
  GtkListView       *list;
  AdwStatusPage     *status;
  GtkButton         *status_button;
};

G_DEFINE_FINAL_TYPE (CaAgenda, ca_agenda, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SHOW_PAST,
  N_PROPS
};

enum {
  CLEAR_FILTERS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The heading of the day an event starts on ("26 March 2019"), or of its month or
 * year when the feed gave no day */
static char *
day_heading (guint32  first,
             guint32  last,
             gboolean dated)
{
  g_autoptr(GDateTime) day = NULL;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, first);
  day = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date),
                             g_date_get_day (&date), 12, 0, 0);
  if (!dated)
    {
      if (g_date_get_month (&date) == G_DATE_JANUARY && last - first >= 364)
        return g_date_time_format (day, "%Y");
      /* TRANSLATORS: a month of a year, strftime format: "March 2019". %OB is the
       * month's name in the nominative where the language has one. */
      return g_date_time_format (day, _("%OB %Y"));
    }
  return g_strstrip (ca_format_day (day));
}

/* {{{ Filling in */

static void
stop_fill (CaAgenda *self)
{
  g_clear_handle_id (&self->fill_source, g_source_remove);
}

/* Up to max events more, with their headings, onto the end of the models; FALSE
 * once every event is in */
static gboolean
fill_part (CaAgenda *self,
           guint     max)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) listed = g_ptr_array_new ();
  gboolean show_past = gtk_toggle_button_get_active (self->past_button);
  gboolean more = TRUE;

  while (listed->len < max)
    {
      GPtrArray *events = self->fill_in_past ? self->past : self->upcoming;
      CaEvent *event;
      guint32 first, last;
      gboolean dated;

      if (events == NULL || self->fill_index >= events->len)
        {
          if (self->fill_in_past || !show_past || self->past == NULL || self->past->len == 0)
            {
              more = FALSE;
              break;
            }
          /* On to the past events, under a heading of their own when some came before */
          self->fill_in_past = TRUE;
          self->fill_index = 0;
          g_clear_pointer (&self->last_heading, g_free);
          if (self->upcoming != NULL && self->upcoming->len > 0)
            /* TRANSLATORS: the agenda's heading above the events that are over */
            g_ptr_array_add (items, ca_agenda_item_new_heading (CA_AGENDA_ITEM_SECTION,
                                                                _("Past Events")));
          continue;
        }

      /* Past events the most recent first */
      event = events->pdata[self->fill_in_past ? events->len - 1 - self->fill_index
                                               : self->fill_index];
      self->fill_index++;
      dated = ca_event_get_days (event, &first, &last);

      /* A heading where the day changes (formatting one per event is slow) */
      if (self->last_heading == NULL || first != self->last_first ||
          dated != self->last_dated || (!dated && last != self->last_last))
        {
          g_autofree char *heading = day_heading (first, last, dated);

          if (g_strcmp0 (heading, self->last_heading) != 0)
            {
              g_ptr_array_add (items, ca_agenda_item_new_heading (CA_AGENDA_ITEM_HEADING,
                                                                  heading));
              g_free (self->last_heading);
              self->last_heading = g_steal_pointer (&heading);
            }
          self->last_first = first;
          self->last_last = last;
          self->last_dated = dated;
        }
      g_ptr_array_add (items, ca_agenda_item_new_event (event));
      g_ptr_array_add (listed, event);
    }

  {
    guint n_before = g_list_model_get_n_items (G_LIST_MODEL (self->items));

    g_list_store_splice (self->items, n_before, 0, items->pdata, items->len);
    /* The gradual slice stops once it has all there was: it takes what came after too */
    if (self->shown != NULL && gtk_slice_list_model_get_size (self->shown) >= n_before)
      gtk_slice_list_model_set_size (self->shown, n_before + items->len);
  }
  g_list_store_splice (self->events, g_list_model_get_n_items (G_LIST_MODEL (self->events)), 0,
                       listed->pdata, listed->len);
  return more;
}

static gboolean
fill_next (gpointer user_data)
{
  CaAgenda *self = user_data;

  if (fill_part (self, NEXT_PART))
    return G_SOURCE_CONTINUE;
  self->fill_source = 0;
  return G_SOURCE_REMOVE;
}

static void
update_status (CaAgenda *self,
               guint     n_listed)
{
  gboolean show_past = gtk_toggle_button_get_active (self->past_button);
  guint n_upcoming = self->upcoming != NULL ? self->upcoming->len : 0;
  guint n_matching = n_upcoming + (self->past != NULL ? self->past->len : 0);
  g_autofree char *count = NULL;
  const char *page = "list";

  if (!self->loaded)
    page = "loading";
  else if (n_listed > 0)
    page = "list";
  else if (self->n_total == 0)
    {
      page = "empty";
      adw_status_page_set_title (self->status, _("No Events"));
      adw_status_page_set_description (self->status,
                                       _("The offline data holds no events. Add a cluster feed that lists events."));
      gtk_widget_set_visible (GTK_WIDGET (self->status_button), FALSE);
    }
  else if (n_matching == 0)
    {
      page = "empty";
      adw_status_page_set_title (self->status, _("No Matching Events"));
      adw_status_page_set_description (self->status,
                                       _("No event matches the filters. Choose other filters, or clear them."));
      gtk_button_set_label (self->status_button, _("_Clear Filters"));
      gtk_widget_set_visible (GTK_WIDGET (self->status_button), TRUE);
      self->status_clears = TRUE;
    }
  else
    {
      page = "empty";
      adw_status_page_set_title (self->status, _("No Upcoming Events"));
      adw_status_page_set_description (self->status,
                                       _("Every event in the offline data is in the past."));
      gtk_button_set_label (self->status_button, _("Show _Past Events"));
      gtk_widget_set_visible (GTK_WIDGET (self->status_button), TRUE);
      self->status_clears = FALSE;
    }
  gtk_stack_set_visible_child_name (self->stack, page);

  if (n_listed > 0 && show_past)
    /* TRANSLATORS: above the agenda, with past events shown */
    count = g_strdup_printf (ngettext ("%u event", "%u events", n_listed), n_listed);
  else if (n_listed > 0)
    /* TRANSLATORS: above the agenda */
    count = g_strdup_printf (ngettext ("%u upcoming event", "%u upcoming events", n_listed),
                             n_listed);
  gtk_label_set_text (self->count, count != NULL ? count : "");
  /* With nothing listed, the status page's own button does what the bar would */
  gtk_widget_set_visible (self->bar, self->loaded && (n_listed > 0 || show_past));
}

/* The list view makes its rows once the agenda shows: behind the month grid it made
 * 40 rows at once and 160 more a step at a time while the Calendar first filled */
static void
show_list (CaAgenda *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  if (!self->list_pending)
    return;
  self->list_pending = FALSE;
  /* A screenful of rows first, the rest a step at a time (ca-gradual-list.h): the list
   * view would make a row widget for each of the first hundreds of items at once */
  self->shown = ca_gradual_list_new (G_LIST_MODEL (self->items));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->shown)));
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (selection));
}

/* Rows from the first event on: a new model for the list rather than a splice into the
 * shown one, where the list view would sort out thousands of changed rows one by one */
static void
refill (CaAgenda *self)
{
  gboolean show_past = gtk_toggle_button_get_active (self->past_button);
  guint n_listed = (self->upcoming != NULL ? self->upcoming->len : 0) +
                   (show_past && self->past != NULL ? self->past->len : 0);

  stop_fill (self);
  g_clear_object (&self->shown);
  self->fill_index = 0;
  self->fill_in_past = FALSE;
  g_clear_pointer (&self->last_heading, g_free);

  g_clear_object (&self->items);
  self->items = g_list_store_new (CA_TYPE_AGENDA_ITEM);
  g_list_store_remove_all (self->events);
  if (fill_part (self, FIRST_PART))
    self->fill_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fill_next, self, NULL);
  gtk_list_view_set_model (self->list, NULL);
  self->list_pending = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    show_list (self);
  update_status (self, n_listed);
}

/* }}} */

static void
past_toggled (CaAgenda *self)
{
  refill (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_PAST]);
}

static void
status_clicked (CaAgenda *self)
{
  if (self->status_clears)
    g_signal_emit (self, signals[CLEAR_FILTERS], 0);
  else
    gtk_toggle_button_set_active (self->past_button, TRUE);
}

static void
row_setup (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gtk_list_item_set_selectable (item, FALSE);
  gtk_list_item_set_child (item, ca_agenda_row_new ());
}

static void
row_bind (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  CaAgendaItem *entry = gtk_list_item_get_item (item);
  gboolean is_event = ca_agenda_item_get_kind (entry) == CA_AGENDA_ITEM_EVENT;

  /* Headings are read, not activated, nor stopped at by Tab */
  gtk_list_item_set_activatable (item, is_event);
  gtk_list_item_set_focusable (item, is_event);
  ca_agenda_row_set_item (CA_AGENDA_ROW (gtk_list_item_get_child (item)), entry);
}

static void
row_unbind (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  ca_agenda_row_set_item (CA_AGENDA_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
row_activated (CaAgenda *self,
               guint     position)
{
  g_autoptr(CaAgendaItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), position);
  CaEvent *event;

  if (item == NULL || (event = ca_agenda_item_get_event (item)) == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "calendar.show-event", "(ss)",
                              event->feed, event->id);
}

static void
ca_agenda_map (GtkWidget *widget)
{
  show_list (CA_AGENDA (widget));
  GTK_WIDGET_CLASS (ca_agenda_parent_class)->map (widget);
}

static void
ca_agenda_dispose (GObject *object)
{
  CaAgenda *self = (CaAgenda *) object;

  stop_fill (self);
  /* AdwBin unparents its child itself: let it go before the template does */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_AGENDA);

  G_OBJECT_CLASS (ca_agenda_parent_class)->dispose (object);
}

static void
ca_agenda_finalize (GObject *object)
{
  CaAgenda *self = (CaAgenda *) object;

  g_clear_pointer (&self->upcoming, g_ptr_array_unref);
  g_clear_pointer (&self->past, g_ptr_array_unref);
  g_clear_pointer (&self->last_heading, g_free);
  g_clear_object (&self->shown);
  g_clear_object (&self->items);
  g_clear_object (&self->events);

  G_OBJECT_CLASS (ca_agenda_parent_class)->finalize (object);
}

static void
ca_agenda_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CaAgenda *self = CA_AGENDA (object);

  switch (prop_id)
    {
    case PROP_SHOW_PAST:
      g_value_set_boolean (value, ca_agenda_get_show_past (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_agenda_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CaAgenda *self = CA_AGENDA (object);

  switch (prop_id)
    {
    case PROP_SHOW_PAST:
      ca_agenda_set_show_past (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_agenda_class_init (CaAgendaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_agenda_dispose;
  object_class->finalize = ca_agenda_finalize;
  object_class->get_property = ca_agenda_get_property;
  object_class->set_property = ca_agenda_set_property;
  widget_class->map = ca_agenda_map;

  properties[PROP_SHOW_PAST] =
    g_param_spec_boolean ("show-past", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CLEAR_FILTERS] =
    g_signal_new ("clear-filters", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (CA_TYPE_AGENDA_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-agenda.ui");
  gtk_widget_class_bind_template_child (widget_class, CaAgenda, bar);
  gtk_widget_class_bind_template_child (widget_class, CaAgenda, count);
  gtk_widget_class_bind_template_child (widget_class, CaAgenda, past_button);
  gtk_widget_class_bind_template_child (widget_class, CaAgenda, stack);
  gtk_widget_class_bind_template_child (widget_class, CaAgenda, list);
  gtk_widget_class_bind_template_child (widget_class, CaAgenda, status);
  gtk_widget_class_bind_template_child (widget_class, CaAgenda, status_button);
  gtk_widget_class_bind_template_callback (widget_class, past_toggled);
  gtk_widget_class_bind_template_callback (widget_class, status_clicked);
  gtk_widget_class_bind_template_callback (widget_class, row_setup);
  gtk_widget_class_bind_template_callback (widget_class, row_bind);
  gtk_widget_class_bind_template_callback (widget_class, row_unbind);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
}

static void
ca_agenda_init (CaAgenda *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->items = g_list_store_new (CA_TYPE_AGENDA_ITEM);
  self->events = g_list_store_new (CA_TYPE_EVENT);
  update_status (self, 0);
}

GtkWidget *
ca_agenda_new (void)
{
  return g_object_new (CA_TYPE_AGENDA, NULL);
}

void
ca_agenda_set_events (CaAgenda  *self,
                      gboolean   loaded,
                      guint      n_total,
                      GPtrArray *upcoming,
                      GPtrArray *past)
{
  g_return_if_fail (CA_IS_AGENDA (self));

  self->loaded = loaded;
  self->n_total = n_total;
  g_clear_pointer (&self->upcoming, g_ptr_array_unref);
  g_clear_pointer (&self->past, g_ptr_array_unref);
  self->upcoming = upcoming != NULL ? g_ptr_array_ref (upcoming) : NULL;
  self->past = past != NULL ? g_ptr_array_ref (past) : NULL;
  refill (self);
}

gboolean
ca_agenda_get_show_past (CaAgenda *self)
{
  g_return_val_if_fail (CA_IS_AGENDA (self), FALSE);
  return gtk_toggle_button_get_active (self->past_button);
}

void
ca_agenda_set_show_past (CaAgenda *self,
                         gboolean  show_past)
{
  g_return_if_fail (CA_IS_AGENDA (self));
  /* Toggled, it fills again and notifies */
  gtk_toggle_button_set_active (self->past_button, show_past);
}

GListModel *
ca_agenda_get_events (CaAgenda *self)
{
  g_return_val_if_fail (CA_IS_AGENDA (self), NULL);
  return G_LIST_MODEL (self->events);
}

void
ca_agenda_finish (CaAgenda *self)
{
  g_return_if_fail (CA_IS_AGENDA (self));

  if (self->fill_source == 0)
    return;
  stop_fill (self);
  while (fill_part (self, G_MAXUINT))
    ;
}

void
ca_agenda_set_starred (CaAgenda   *self,
                       const char *feed,
                       const char *id,
                       gboolean    starred)
{
  GListModel *items;

  g_return_if_fail (CA_IS_AGENDA (self));
  g_return_if_fail (feed != NULL && id != NULL);

  items = G_LIST_MODEL (self->items);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CaAgendaItem) item = g_list_model_get_item (items, i);
      CaEvent *event = ca_agenda_item_get_event (item);

      if (event != NULL && g_str_equal (event->id, id) && g_str_equal (event->feed, feed))
        ca_agenda_item_set_starred (item, starred);
    }
}

void
ca_agenda_set_mark (CaAgenda     *self,
                    const char   *feed,
                    const char   *id,
                    CaChangeMark  mark)
{
  GListModel *items;

  g_return_if_fail (CA_IS_AGENDA (self));
  g_return_if_fail ((feed == NULL) == (id == NULL));

  items = G_LIST_MODEL (self->items);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CaAgendaItem) item = g_list_model_get_item (items, i);
      CaEvent *event = ca_agenda_item_get_event (item);

      if (event != NULL &&
          (feed == NULL || (g_str_equal (event->id, id) && g_str_equal (event->feed, feed))))
        ca_agenda_item_set_mark (item, mark);
    }
}
