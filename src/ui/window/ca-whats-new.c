/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-whats-new"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-change-tag.h"
#include "ca-format.h"
#include "ca-text.h"
#include "ca-tooltip.h"
#include "ca-whats-new.h"

/* A GtkListView makes a row widget for each of its first 200 items whatever its
 * height (GTK's GTK_LIST_VIEW_MAX_LIST_ITEMS), all in the frame after they come:
 * 200 rows of wrapped labels held the loop 350 ms. So the list takes FILL_CHUNK
 * items a frame up to those 200, then the rest at once (no widget is made for them). */
#define FILL_CHUNK 10
#define FILL_ROWS  200

struct _CaWhatsNew
{
  AdwBin          parent_instance;

  CaStore        *store;
  GtkMenuButton  *button;
  GtkWidget      *badge;
  GListStore     *items;        /* GtkStringObject headings and CaChange */
  guint           unseen;

  /* Made when first opened */
  GtkWidget      *popover;
  GtkStack       *stack;
  AdwStatusPage  *empty;
  GtkWidget      *mark_all_button;

  guint           count_serial;
  gboolean        counting;
  guint           load_serial;
  gboolean        reading;
  GPtrArray      *pending;      /* read, not yet in items */
  guint           pending_pos;
  guint           fill_tick;
  GtkWidget      *list;
};

G_DEFINE_FINAL_TYPE (CaWhatsNew, ca_whats_new, ADW_TYPE_BIN)

enum {
  MARKED_ALL_SEEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* {{{ The count on the button */

static void
update_badge (CaWhatsNew *self)
{
  g_autofree char *count = NULL;
  g_autofree char *name = NULL;

  if (self->unseen > 99)
    count = g_strdup ("99+");
  else
    count = g_strdup_printf ("%u", self->unseen);
  gtk_label_set_text (GTK_LABEL (self->badge), count);
  gtk_widget_set_visible (self->badge, self->unseen > 0);

  if (self->unseen > 0)
    /* TRANSLATORS: accessible name of the What's New button with its count of changes
     * not seen yet: "What's New, 3 unseen changes" */
    name = g_strdup_printf (ngettext ("What’s New, %u unseen change",
                                      "What’s New, %u unseen changes", self->unseen),
                            self->unseen);
  else
    name = g_strdup (_("What’s New"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  ca_tooltip_set_text (GTK_WIDGET (self->button), name);
  if (self->mark_all_button != NULL)
    gtk_widget_set_sensitive (self->mark_all_button, self->unseen > 0);
}

static void
count_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CaChangeQuery query = CA_CHANGE_QUERY_INIT;
  GError *error = NULL;
  guint n = 0;

  query.unseen_only = TRUE;
  if (!ca_store_count_changes (task_data, &query, &n, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

static void
count_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  CaWhatsNew *self = CA_WHATS_NEW (object);
  g_autoptr(GError) error = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &error);

  if (GPOINTER_TO_UINT (user_data) != self->count_serial)
    return;
  self->counting = FALSE;
  if (error != NULL)
    {
      g_warning ("Could not count the changes: %s", error->message);
      return;
    }
  self->unseen = n;
  update_badge (self);
}

static void
start_count (CaWhatsNew *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL)
    return;
  self->count_serial++;
  self->counting = TRUE;
  task = g_task_new (self, NULL, count_done, GUINT_TO_POINTER (self->count_serial));
  g_task_set_source_tag (task, start_count);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, count_worker);
}

/* }}} */

/* {{{ The list, read on a worker thread */

typedef struct {
  GPtrArray *items;       /* GtkStringObject and CaChange, in the list's order */
  gint64     last_sync;   /* of any visible feed, 0 never */
} Reading;

static void
reading_free (Reading *reading)
{
  g_clear_pointer (&reading->items, g_ptr_array_unref);
  g_free (reading);
}

/* The last sync's changes, the starred events' first, then a group a feed (in the
 * order the store gives: the newest sync first) under the feed's title */
static void
read_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CaStore *store = task_data;
  CaChangeQuery query = CA_CHANGE_QUERY_INIT;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GPtrArray) order = g_ptr_array_new ();                 /* feed keys */
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) titles = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                        g_free, g_free);
  g_autoptr(GPtrArray) starred = g_ptr_array_new ();
  Reading *reading = g_new0 (Reading, 1);
  GError *error = NULL;

  query.last_sync_only = TRUE;
  if ((changes = ca_store_list_changes (store, &query, &error)) == NULL)
    {
      reading_free (reading);
      g_task_return_error (task, error);
      return;
    }
  feeds = ca_store_list_feeds (store, NULL);
  for (guint i = 0; feeds != NULL && i < feeds->len; i++)
    {
      CaFeedInfo *info = feeds->pdata[i];

      if (info->hidden)
        continue;
      reading->last_sync = MAX (reading->last_sync, info->last_sync);
      g_hash_table_insert (titles, g_strdup (info->key),
                           info->title != NULL ? ca_text_display (info->title)
                                               : g_strdup (info->key));
    }

  for (guint i = 0; i < changes->len; i++)
    {
      CaChange *change = changes->pdata[i];
      GPtrArray *group;

      if (change->starred)
        {
          g_ptr_array_add (starred, change);
          continue;
        }
      if ((group = g_hash_table_lookup (groups, change->feed)) == NULL)
        {
          group = g_ptr_array_new ();
          g_hash_table_insert (groups, change->feed, group);
          g_ptr_array_add (order, change->feed);
        }
      g_ptr_array_add (group, change);
    }

  reading->items = g_ptr_array_new_full (changes->len + order->len + 1, g_object_unref);
  if (starred->len > 0)
    {
      /* TRANSLATORS: heading of the starred events' changes in What's New */
      g_ptr_array_add (reading->items, gtk_string_object_new (_("Starred")));
      for (guint i = 0; i < starred->len; i++)
        g_ptr_array_add (reading->items, g_object_ref (starred->pdata[i]));
    }
  for (guint i = 0; i < order->len; i++)
    {
      GPtrArray *group = g_hash_table_lookup (groups, order->pdata[i]);
      const char *title = g_hash_table_lookup (titles, order->pdata[i]);

      g_ptr_array_add (reading->items,
                       gtk_string_object_new (title != NULL ? title : order->pdata[i]));
      for (guint j = 0; j < group->len; j++)
        g_ptr_array_add (reading->items, g_object_ref (group->pdata[j]));
    }
  g_task_return_pointer (task, reading, (GDestroyNotify) reading_free);
}

static void
stop_fill (CaWhatsNew *self)
{
  if (self->fill_tick != 0 && self->list != NULL)
    gtk_widget_remove_tick_callback (self->list, self->fill_tick);
  self->fill_tick = 0;
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  self->pending_pos = 0;
}

/* A part of the list; FALSE once it is all in */
static gboolean
fill_part (CaWhatsNew *self)
{
  guint n = self->pending->len - self->pending_pos;

  if (self->pending_pos < FILL_ROWS)
    n = MIN (n, FILL_CHUNK);
  g_list_store_splice (self->items, g_list_model_get_n_items (G_LIST_MODEL (self->items)), 0,
                       self->pending->pdata + self->pending_pos, n);
  self->pending_pos += n;
  return self->pending_pos < self->pending->len;
}

static gboolean
fill_tick (GtkWidget     *widget,
           GdkFrameClock *clock,
           gpointer       user_data)
{
  CaWhatsNew *self = user_data;

  if (fill_part (self))
    return G_SOURCE_CONTINUE;
  self->fill_tick = 0;   /* removed by returning */
  stop_fill (self);
  return G_SOURCE_REMOVE;
}

static void
read_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CaWhatsNew *self = CA_WHATS_NEW (object);
  g_autoptr(GError) error = NULL;
  Reading *reading = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *synced = NULL;

  if (GPOINTER_TO_UINT (user_data) != self->load_serial)
    {
      g_clear_pointer (&reading, reading_free);
      return;
    }
  self->reading = FALSE;
  if (reading == NULL)
    {
      g_warning ("Could not read the changes: %s", error->message);
      return;
    }

  stop_fill (self);
  g_list_store_remove_all (self->items);
  if (reading->last_sync > 0)
    synced = ca_format_freshness (0, reading->last_sync, g_get_real_time () / G_USEC_PER_SEC);
  adw_status_page_set_description (self->empty, synced != NULL ? synced : _("Not synced yet"));
  gtk_stack_set_visible_child_name (self->stack, reading->items->len > 0 ? "list" : "empty");

  self->pending = g_steal_pointer (&reading->items);
  reading_free (reading);
  /* The first part now, for the next frame; the rest a part a frame (all at once
   * when the popover closed meanwhile: a list not shown makes no rows) */
  if (!gtk_widget_get_mapped (self->list))
    {
      while (fill_part (self))
        ;
      stop_fill (self);
    }
  else if (fill_part (self))
    self->fill_tick = gtk_widget_add_tick_callback (self->list, fill_tick, self, NULL);
  else
    stop_fill (self);
}

static void
start_reading (CaWhatsNew *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL || self->popover == NULL)
    return;
  self->load_serial++;
  self->reading = TRUE;
  task = g_task_new (self, NULL, read_done, GUINT_TO_POINTER (self->load_serial));
  g_task_set_source_tag (task, start_reading);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, read_worker);
}

/* }}} */

/* {{{ The popover */

/* A row: a group's heading, or a change's mark, title and first sentence */
static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *heading = gtk_label_new (NULL);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (heading), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_top (heading, 6);
  gtk_box_append (GTK_BOX (line), ca_change_tag_new (CA_CHANGE_MARK_NONE));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  /* Wrapped rather than widening the popover past a phone's width */
  gtk_label_set_max_width_chars (GTK_LABEL (title), 30);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (line), title);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (detail), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (detail), 40);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  GObject *object = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *heading = gtk_widget_get_first_child (box);
  GtkWidget *line = gtk_widget_get_next_sibling (heading);
  GtkWidget *detail = gtk_widget_get_next_sibling (line);
  GtkWidget *tag = gtk_widget_get_first_child (line);
  GtkWidget *title = gtk_widget_get_next_sibling (tag);

  if (GTK_IS_STRING_OBJECT (object))
    {
      gtk_label_set_text (GTK_LABEL (heading),
                          gtk_string_object_get_string (GTK_STRING_OBJECT (object)));
      gtk_widget_set_visible (heading, TRUE);
      gtk_widget_set_visible (line, FALSE);
      gtk_widget_set_visible (detail, FALSE);
      gtk_list_item_set_activatable (item, FALSE);
      gtk_list_item_set_selectable (item, FALSE);
    }
  else
    {
      CaChange *change = CA_CHANGE (object);
      g_autofree char *text = ca_text_display (ca_change_get_title (change));
      /* Described when shown: 5,000 changes cost a sentence a row on screen */
      g_autoptr(GPtrArray) lines = ca_change_describe (change, NULL);
      CaChangeMark mark = ca_change_get_mark (change);
      g_autofree char *name = NULL;

      ca_change_tag_set_mark (tag, mark);
      gtk_label_set_text (GTK_LABEL (title), text != NULL ? text : "");
      gtk_label_set_text (GTK_LABEL (detail), lines->len > 0 ? lines->pdata[0] : "");
      gtk_widget_set_visible (heading, FALSE);
      gtk_widget_set_visible (line, TRUE);
      gtk_widget_set_visible (detail, lines->len > 0);
      /* A removed record has no page to open */
      gtk_list_item_set_activatable (item, change->action != CA_CHANGE_REMOVED);
      gtk_list_item_set_selectable (item, FALSE);
      name = g_strdup_printf ("%s: %s. %s", ca_change_mark_label (mark), text != NULL ? text : "",
                              lines->len > 0 ? (char *) lines->pdata[0] : "");
      gtk_list_item_set_accessible_label (item, name);
    }
}

static void
row_activated (GtkListView *list,
               guint        position,
               CaWhatsNew  *self)
{
  g_autoptr(GObject) object = g_list_model_get_item (G_LIST_MODEL (self->items), position);
  CaChange *change;

  if (!CA_IS_CHANGE (object))
    return;
  change = CA_CHANGE (object);
  if (change->action == CA_CHANGE_REMOVED)
    return;
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  gtk_widget_activate_action (GTK_WIDGET (self),
                              change->kind == CA_CHANGE_EVENT ? "win.show-event"
                                                              : "win.show-project",
                              "(ss)", change->feed, change->record_id);
}

static void
mark_all_clicked (CaWhatsNew *self)
{
  ca_whats_new_mark_all_seen (self);
}

static void
popover_shown (CaWhatsNew *self)
{
  start_reading (self);
}

/* Ticks stop with the popover: what is left of the list goes in at once */
static void
popover_hidden (CaWhatsNew *self)
{
  if (self->fill_tick == 0)
    return;
  gtk_widget_remove_tick_callback (self->list, self->fill_tick);
  self->fill_tick = 0;
  while (fill_part (self))
    ;
  stop_fill (self);
}

static void
ensure_popover (CaWhatsNew *self)
{
  GtkListItemFactory *factory;
  GtkWidget *box, *heading, *scroller, *list;

  if (self->popover != NULL)
    return;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  heading = gtk_label_new (_("What’s New"));
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_margin_start (heading, 6);
  gtk_box_append (GTK_BOX (box), heading);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (
                              G_LIST_MODEL (g_object_ref (self->items)))),
                            factory);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (list), TRUE);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Changes of the Last Sync"), -1);
  g_signal_connect_object (list, "activate", G_CALLBACK (row_activated), self, 0);
  self->list = list;
  scroller = gtk_scrolled_window_new ();
  /* Its width fixed, not the rows': measuring the widest of the list view's 200 row
   * widgets on every frame while it fills held the loop longest */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_EXTERNAL,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scroller, 320, -1);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 420);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);

  self->empty = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty, "preferences-system-notifications-symbolic");
  /* TRANSLATORS: What's New when the last sync changed nothing */
  adw_status_page_set_title (self->empty, _("No Changes"));
  gtk_widget_add_css_class (GTK_WIDGET (self->empty), "compact");

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  gtk_stack_add_named (self->stack, scroller, "list");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty), "empty");
  gtk_stack_add_named (self->stack, adw_spinner_new (), "loading");
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));

  self->mark_all_button = gtk_button_new_with_mnemonic (_("_Mark All as Seen"));
  gtk_widget_set_halign (self->mark_all_button, GTK_ALIGN_END);
  g_signal_connect_object (self->mark_all_button, "clicked", G_CALLBACK (mark_all_clicked),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_set_sensitive (self->mark_all_button, self->unseen > 0);
  gtk_box_append (GTK_BOX (box), self->mark_all_button);

  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  g_signal_connect_object (self->popover, "show", G_CALLBACK (popover_shown), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->popover, "hide", G_CALLBACK (popover_hidden), self,
                           G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (self->button, self->popover);
}

static void
create_popup (GtkMenuButton *button,
              gpointer       user_data)
{
  ensure_popover (CA_WHATS_NEW (user_data));
}

/* }}} */

static void
ca_whats_new_dispose (GObject *object)
{
  CaWhatsNew *self = CA_WHATS_NEW (object);

  stop_fill (self);
  /* Results still on their way are for no one */
  self->count_serial++;
  self->load_serial++;
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ca_whats_new_parent_class)->dispose (object);
}

static void
ca_whats_new_finalize (GObject *object)
{
  CaWhatsNew *self = CA_WHATS_NEW (object);

  g_clear_object (&self->items);

  G_OBJECT_CLASS (ca_whats_new_parent_class)->finalize (object);
}

static void
ca_whats_new_class_init (CaWhatsNewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ca_whats_new_dispose;
  object_class->finalize = ca_whats_new_finalize;

  /* After "Mark All as Seen": no event is marked any more */
  signals[MARKED_ALL_SEEN] =
    g_signal_new ("marked-all-seen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ca_whats_new_init (CaWhatsNew *self)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("preferences-system-notifications-symbolic");

  self->items = g_list_store_new (G_TYPE_OBJECT);

  self->badge = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->badge, "ca-badge");
  gtk_widget_set_halign (self->badge, GTK_ALIGN_END);
  gtk_widget_set_valign (self->badge, GTK_ALIGN_START);
  gtk_widget_set_can_target (self->badge, FALSE);
  /* The button's name says the count */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->badge), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                               -1);
  gtk_widget_set_visible (self->badge, FALSE);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), icon);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->badge);

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_child (self->button, overlay);
  /* As wide as the header bar's other icon buttons (a child that is not an icon
   * makes a wider, label button): a phone's header has no pixel to spare */
  gtk_widget_add_css_class (gtk_widget_get_first_child (GTK_WIDGET (self->button)),
                            "image-button");
  gtk_menu_button_set_create_popup_func (self->button, create_popup, self, NULL);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->button));
  update_badge (self);
}

GtkWidget *
ca_whats_new_new (void)
{
  return g_object_new (CA_TYPE_WHATS_NEW, NULL);
}

void
ca_whats_new_set_store (CaWhatsNew *self,
                        CaStore    *store)
{
  g_return_if_fail (CA_IS_WHATS_NEW (self));
  g_return_if_fail (store == NULL || CA_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  ca_whats_new_refresh (self);
}

void
ca_whats_new_refresh (CaWhatsNew *self)
{
  g_return_if_fail (CA_IS_WHATS_NEW (self));

  start_count (self);
  if (self->popover != NULL && gtk_widget_get_visible (self->popover))
    start_reading (self);
}

void
ca_whats_new_popup (CaWhatsNew *self)
{
  g_return_if_fail (CA_IS_WHATS_NEW (self));
  gtk_menu_button_popup (self->button);
}

void
ca_whats_new_popdown (CaWhatsNew *self)
{
  g_return_if_fail (CA_IS_WHATS_NEW (self));
  gtk_menu_button_popdown (self->button);
}

guint
ca_whats_new_get_unseen_count (CaWhatsNew *self)
{
  g_return_val_if_fail (CA_IS_WHATS_NEW (self), 0);
  return self->unseen;
}

GListModel *
ca_whats_new_get_model (CaWhatsNew *self)
{
  g_return_val_if_fail (CA_IS_WHATS_NEW (self), NULL);
  return G_LIST_MODEL (self->items);
}

gboolean
ca_whats_new_is_loading (CaWhatsNew *self)
{
  g_return_val_if_fail (CA_IS_WHATS_NEW (self), FALSE);
  return self->counting || self->reading || self->fill_tick != 0;
}

/* The write waits while a sync's import holds the store: a worker does it */
static void
mark_all_worker (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;

  if (ca_store_mark_changes_seen (CA_STORE (task_data), NULL, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
marked_all_seen (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CaWhatsNew *self = CA_WHATS_NEW (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("Could not mark the changes seen: %s", error->message);
      return;
    }
  self->unseen = 0;
  self->count_serial++;   /* a count under way is outdated */
  self->counting = FALSE;
  update_badge (self);
  g_signal_emit (self, signals[MARKED_ALL_SEEN], 0);
}

void
ca_whats_new_mark_all_seen (CaWhatsNew *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CA_IS_WHATS_NEW (self));

  if (self->store == NULL)
    return;
  task = g_task_new (self, NULL, marked_all_seen, NULL);
  g_task_set_source_tag (task, ca_whats_new_mark_all_seen);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, mark_all_worker);
}
