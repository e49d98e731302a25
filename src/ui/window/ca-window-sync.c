/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-window-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-calendar-view.h"
#include "ca-credentials-dialog.h"
#include "ca-format.h"
#include "ca-text.h"
#include "ca-tooltip.h"
#include "ca-window-private.h"

/*
 * The sync as the window shows it: its progress in the header bar (with Cancel),
 * a toast for each feed that brought news, and a banner while a feed's last sync
 * failed. The progress and the banner are made when first needed.
 */

/* Feed titles and file paths are text, not markup */
void
_ca_window_show_toast (CaWindow   *self,
                       const char *text)
{
  AdwToast *toast = g_object_new (ADW_TYPE_TOAST, "use-markup", FALSE, "title", text, NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* "3 days ago": how old the data of a failing feed is */
static char *
format_age (gint64 when)
{
  gint64 age = g_get_real_time () / G_USEC_PER_SEC - when;
  int n;

  if (age < 3600)
    return g_strdup (_("less than an hour ago"));
  if (age < 86400)
    {
      n = age / 3600;
      return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", n), n);
    }
  n = age / 86400;
  return g_strdup_printf (ngettext ("%d day ago", "%d days ago", n), n);
}

/* The feed whose last sync in this session ended in a 401, kept on the window
 * (the store keeps only the message): the banner then asks for its user name and
 * password instead of offering a retry. */
#define AUTH_FEED "ca-window-auth-feed"

static const char *
auth_feed (CaWindow *self)
{
  return g_object_get_data (G_OBJECT (self), AUTH_FEED);
}

static void
banner_clicked (CaWindow *self)
{
  CaCredentialsDialog *dialog;

  if (auth_feed (self) == NULL || self->sync_manager == NULL)
    return;
  dialog = ca_credentials_dialog_new (self->sync_manager, auth_feed (self));
  ca_credentials_dialog_present (dialog, GTK_WIDGET (self));
}

/* Made with the first failure: most windows never show it. Under the header bar,
 * over the search bar. */
static void
ensure_banner (CaWindow *self)
{
  if (self->banner != NULL)
    return;

  self->banner = ADW_BANNER (adw_banner_new (""));
  /* the reason comes from the feed's server or file */
  adw_banner_set_use_markup (self->banner, FALSE);
  adw_banner_set_button_label (self->banner, _("_Retry"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->banner), "win.sync");
  g_signal_connect_object (self->banner, "button-clicked", G_CALLBACK (banner_clicked), self,
                           G_CONNECT_SWAPPED);
  gtk_box_prepend (self->top_box, GTK_WIDGET (self->banner));
}

/* The banner tells of the first shown feed whose last sync failed */
void
_ca_window_sync_update_banner (CaWindow *self)
{
  g_autoptr(GPtrArray) feeds = NULL;
  g_autofree char *text = NULL;
  gboolean sign_in = FALSE;

  if (self->store != NULL)
    feeds = ca_store_list_feeds (self->store, NULL);
  for (guint i = 0; feeds != NULL && i < feeds->len && text == NULL; i++)
    {
      CaFeedInfo *info = feeds->pdata[i];

      if (info->last_error == NULL || info->hidden || g_str_equal (info->key, CA_FEED_BUILTIN))
        continue;
      sign_in = g_strcmp0 (info->key, auth_feed (self)) == 0;
      if (info->last_sync > 0)
        {
          g_autofree char *age = format_age (info->last_sync);
          /* TRANSLATORS: the first %s is why the sync failed, the second "3 days ago" */
          text = g_strdup_printf (_("%s Showing data from %s."), info->last_error, age);
        }
      else
        /* TRANSLATORS: %s is why the sync failed */
        text = g_strdup_printf (_("%s No data from this feed yet."), info->last_error);
    }
  if (text == NULL && self->banner == NULL)
    return;
  ensure_banner (self);
  /* Left in place once made, so that it slides away when the feed recovers */
  if (text != NULL)
    {
      adw_banner_set_title (self->banner, text);
      adw_banner_set_button_label (self->banner, sign_in ? _("_Sign In…") : _("_Retry"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->banner),
                                      sign_in ? NULL : "win.sync");
    }
  adw_banner_set_revealed (self->banner, text != NULL);
}

/* The sync under way, in the header bar in the sync button's place: made with the
 * first sync, not with the window */
static void
ensure_progress (CaWindow *self)
{
  GtkWidget *cancel;

  if (self->progress_box != NULL)
    return;

  self->progress_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->progress_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_label), "numeric");
  cancel = gtk_button_new_from_icon_name ("process-stop-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "win.cancel-sync");
  ca_tooltip_set_text (cancel, _("Cancel Sync"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cancel Sync"), -1);

  self->progress_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_visible (self->progress_box, FALSE);
  gtk_box_append (GTK_BOX (self->progress_box), adw_spinner_new ());
  gtk_box_append (GTK_BOX (self->progress_box), GTK_WIDGET (self->progress_label));
  gtk_box_append (GTK_BOX (self->progress_box), cancel);
  /* after the search and sync buttons */
  adw_header_bar_pack_start (self->header_bar, self->progress_box);
}

/* Narrow, the header has no room for the size downloaded: the spinner and Cancel
 * say that a sync is under way, and the label's text is the spinner's tooltip */
void
_ca_window_sync_update_progress (CaWindow *self)
{
  gboolean syncing = self->sync_manager != NULL &&
                     ca_sync_manager_is_syncing (self->sync_manager);
  GtkWidget *spinner;

  /* Narrow, the header bar has room for search, What's New and the menu beside
   * a title (and GTK's three window buttons outside GNOME): syncing is the menu's
   * Sync Now there, and Ctrl+R */
  gtk_widget_set_visible (self->sync_button, !syncing && !self->narrow);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-sync", syncing);
  if (!syncing && self->progress_box == NULL)
    return;
  ensure_progress (self);
  gtk_widget_set_visible (self->progress_box, syncing);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), !self->narrow);
  spinner = gtk_widget_get_first_child (self->progress_box);
  ca_tooltip_set_text (spinner, self->narrow ? gtk_label_get_text (self->progress_label) : NULL);
}

static void
update_syncing (CaWindow *self)
{
  gboolean syncing = self->sync_manager != NULL &&
                     ca_sync_manager_is_syncing (self->sync_manager);

  if (syncing)
    {
      ensure_progress (self);
      gtk_label_set_text (self->progress_label, _("Syncing…"));
    }
  _ca_window_sync_update_progress (self);
}

static void
sync_progress (CaWindow *self,
               guint64   received,
               gint64    total)
{
  g_autofree char *size = g_format_size (received);
  g_autofree char *text = NULL;

  if (total > 0)
    /* TRANSLATORS: %s is a size as "12.3 MB", %d a percentage */
    text = g_strdup_printf (_("Syncing… %s (%d %%)"), size,
                            (int) MIN (100, received * 100 / total));
  else
    /* TRANSLATORS: %s is a size as "12.3 MB" */
    text = g_strdup_printf (_("Syncing… %s"), size);
  ensure_progress (self);
  gtk_label_set_text (self->progress_label, text);
  if (self->narrow)
    ca_tooltip_set_text (gtk_widget_get_first_child (self->progress_box), text);
}

/* "ICT Cluster feed: 2 events added, 1 changed" */
static char *
describe_changes (CaWindow     *self,
                  CaSyncResult *result)
{
  g_autoptr(CaFeedInfo) info = ca_store_get_feed_info (self->store, result->key, NULL);
  g_autofree char *title = info != NULL && info->title != NULL ? ca_text_display (info->title)
                                                               : g_strdup (result->key);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *changes = NULL;
  const CaImportChanges *c = &result->changes;

  if (c->events_added > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u event added", "%u events added",
                                                       c->events_added), c->events_added));
  if (c->events_changed > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u changed", "%u changed",
                                                       c->events_changed), c->events_changed));
  if (c->events_removed > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u removed", "%u removed",
                                                       c->events_removed), c->events_removed));
  g_ptr_array_add (parts, NULL);
  changes = parts->len > 1 ? g_strjoinv (", ", (char **) parts->pdata)
                           : g_strdup (_("updated, no event changed"));
  /* TRANSLATORS: a feed's title, then what changed: "2 events added, 1 changed" */
  return g_strdup_printf (_("%s: %s"), title, changes);
}

/* {{{ The toast names what matters most */

/* What a toast names first: a cancellation, a new date, a new place, a new event */
static int
mark_rank (CaChangeMark mark)
{
  switch (mark)
    {
    case CA_CHANGE_MARK_CANCELLED: return 0;
    case CA_CHANGE_MARK_MOVED: return 1;
    case CA_CHANGE_MARK_ONLINE: return 2;
    case CA_CHANGE_MARK_NEW: return 3;
    case CA_CHANGE_MARK_REMOVED: return 4;
    case CA_CHANGE_MARK_CHANGED:
    case CA_CHANGE_MARK_NONE:
    default: return 5;
    }
}

/* "National Cluster Conference moved to 27 March 2026" */
static char *
headline (CaChange *change)
{
  g_autofree char *title = ca_text_display (ca_change_get_title (change));
  CaChangeMark mark = ca_change_get_mark (change);

  if (title == NULL)
    title = g_strdup (change->record_id);
  switch (mark)
    {
    case CA_CHANGE_MARK_CANCELLED:
      /* TRANSLATORS: a toast after a sync: "Cluster Workshop is cancelled" */
      return g_strdup_printf (_("%s is cancelled"), title);
    case CA_CHANGE_MARK_MOVED:
      {
        g_autofree char *day = NULL;

        if (change->kind == CA_CHANGE_PROJECT)
          day = ca_format_feed_date (change->new.start_date);
        else
          {
            /* An all-day event's day is a UTC date (ca-event.h) */
            g_autoptr(GDateTime) start = change->new.all_day
                                         ? g_date_time_new_from_unix_utc (change->new.start)
                                         : g_date_time_new_from_unix_local (change->new.start);
            day = start != NULL ? g_strstrip (ca_format_day (start)) : NULL;
          }
        if (day != NULL)
          /* TRANSLATORS: a toast after a sync: "National Cluster Conference moved to 27 March 2026" */
          return g_strdup_printf (_("%s moved to %s"), title, day);
        /* TRANSLATORS: a toast after a sync, when the new date is not known */
        return g_strdup_printf (_("%s moved"), title);
      }
    case CA_CHANGE_MARK_ONLINE:
      /* TRANSLATORS: a toast after a sync: "Innovation Forum is now online" */
      return g_strdup_printf (_("%s is now online"), title);
    case CA_CHANGE_MARK_NEW:
      return g_strdup_printf (change->kind == CA_CHANGE_PROJECT
                              /* TRANSLATORS: a toast after a sync: "New project: BOWI" */
                              ? _("New project: %s")
                              /* TRANSLATORS: a toast after a sync: "New event: Export Academy" */
                              : _("New event: %s"), title);
    case CA_CHANGE_MARK_REMOVED:
      /* TRANSLATORS: a toast after a sync: "Board Meeting was removed" */
      return g_strdup_printf (_("%s was removed"), title);
    case CA_CHANGE_MARK_CHANGED:
    case CA_CHANGE_MARK_NONE:
    default:
      /* TRANSLATORS: a toast after a sync: "Board Meeting changed" */
      return g_strdup_printf (_("%s changed"), title);
    }
}

/* The toast's title for a feed's last sync: the change that matters most (a starred
 * event's first), and how many more; NULL when the log has none */
static char *
describe_headline (GPtrArray *changes)
{
  CaChange *best = NULL;
  g_autofree char *first = NULL;

  for (guint i = 0; i < changes->len; i++)
    {
      CaChange *change = changes->pdata[i];

      if (best == NULL ||
          (change->starred && !best->starred) ||
          (change->starred == best->starred &&
           mark_rank (ca_change_get_mark (change)) < mark_rank (ca_change_get_mark (best))))
        best = change;
    }
  if (best == NULL)
    return NULL;
  first = headline (best);
  if (changes->len == 1)
    return g_steal_pointer (&first);
  /* TRANSLATORS: a toast after a sync: the change that matters most, then how many
   * others there are: "National Cluster Conference moved to 27 March 2026, and 3 more changes" */
  return g_strdup_printf (ngettext ("%s, and %u more change", "%s, and %u more changes",
                                    changes->len - 1),
                          first, changes->len - 1);
}

typedef struct {
  char *key;
  char *counts;   /* the toast without a change log: "ICT Cluster feed: 2 events added" */
} ToastData;

static void
toast_data_free (ToastData *data)
{
  g_free (data->key);
  g_free (data->counts);
  g_free (data);
}

static void
toast_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CaWindow *self = source_object;
  ToastData *data = task_data;
  CaChangeQuery query = CA_CHANGE_QUERY_INIT;
  g_autoptr(GPtrArray) changes = NULL;

  query.feed = data->key;
  query.last_sync_only = TRUE;
  changes = ca_store_list_changes (self->store, &query, NULL);
  g_task_return_pointer (task, changes != NULL ? describe_headline (changes) : NULL, g_free);
}

static void
toast_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  CaWindow *self = CA_WINDOW (object);
  ToastData *data = g_task_get_task_data (G_TASK (result));
  g_autofree char *text = g_task_propagate_pointer (G_TASK (result), NULL);
  AdwToast *toast;

  if (text == NULL)
    {
      _ca_window_show_toast (self, data->counts);
      return;
    }
  toast = g_object_new (ADW_TYPE_TOAST, "use-markup", FALSE, "title", text,
                        /* TRANSLATORS: the button of the toast after a sync */
                        "button-label", _("What’s New"),
                        "action-name", "win.whats-new",
                        "timeout", 8,
                        NULL);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The log is read on a worker thread: a sync of the europe feed logs thousands */
static void
show_changes_toast (CaWindow     *self,
                    CaSyncResult *result)
{
  g_autoptr(GTask) task = NULL;
  ToastData *data;

  if (result->changes.logged == 0)
    {
      /* A first import, or the log off: nothing to name */
      g_autofree char *counts = describe_changes (self, result);

      _ca_window_show_toast (self, counts);
      return;
    }
  data = g_new0 (ToastData, 1);
  data->key = g_strdup (result->key);
  data->counts = describe_changes (self, result);
  task = g_task_new (self, NULL, toast_done, NULL);
  g_task_set_source_tag (task, show_changes_toast);
  g_task_set_task_data (task, data, (GDestroyNotify) toast_data_free);
  g_task_run_in_thread (task, toast_worker);
}

/* }}} */

/* {{{ What's New */

static void
marked_all_seen (CaWindow *self)
{
  GtkWidget *view = adw_bin_get_child (self->calendar_bin);

  /* A calendar not made yet reads the marks when it is */
  if (CA_IS_CALENDAR_VIEW (view))
    ca_calendar_view_clear_marks (CA_CALENDAR_VIEW (view));
}

void
_ca_window_whats_new_init (CaWindow *self)
{
  g_signal_connect_object (self->whats_new, "marked-all-seen", G_CALLBACK (marked_all_seen),
                           self, G_CONNECT_SWAPPED);
}

void
_ca_window_whats_new_refresh (CaWindow *self)
{
  ca_whats_new_refresh (self->whats_new);
}

/* }}} */

static void
feed_synced (CaWindow     *self,
             const char   *key,
             CaSyncResult *result,
             GError       *error)
{
  if (result != NULL && result->status == CA_SYNC_UPDATED)
    {
      show_changes_toast (self, result);
      if (g_strcmp0 (key, auth_feed (self)) == 0)
        g_object_set_data (G_OBJECT (self), AUTH_FEED, NULL);
      _ca_window_reload_views (self);
      return;
    }
  if (g_error_matches (error, CA_SYNC_ERROR, CA_SYNC_ERROR_AUTH))
    g_object_set_data_full (G_OBJECT (self), AUTH_FEED, g_strdup (key), g_free);
  else if (g_strcmp0 (key, auth_feed (self)) == 0)
    g_object_set_data (G_OBJECT (self), AUTH_FEED, NULL);
  _ca_window_sync_update_banner (self);
}

/* Ctrl+R, the sync button and the banner's Retry */
void
_ca_window_sync_now (CaWindow *self)
{
  if (self->sync_manager == NULL)
    return;
  /* Feeds on this computer still sync; the others wait for the network */
  if (!g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    _ca_window_show_toast (self, _("Offline: feeds on the web will sync when the network is back."));
  ca_sync_manager_sync_all (self->sync_manager);
}

void
_ca_window_sync_cancel (CaWindow *self)
{
  if (self->sync_manager != NULL)
    ca_sync_manager_cancel (self->sync_manager);
}

/* What the first frame need not wait for starts once the window is on screen: a
 * sync due at start-up reads and stores in threads, and What's New counts the
 * unseen changes in one, which would otherwise compete with the first frame */
static void
start_after_first_frame (CaWindow *self)
{
  ca_whats_new_set_store (self->whats_new, self->store);
  if (self->sync_manager != NULL)
    ca_sync_manager_start (self->sync_manager);
}

static void
first_frame_drawn (GdkFrameClock *clock,
                   CaWindow      *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_drawn, self);
  start_after_first_frame (self);
}

static void
wait_for_first_frame (CaWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, wait_for_first_frame, NULL);
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (first_frame_drawn), self, 0);
}

void
_ca_window_after_first_frame (CaWindow *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_after_first_frame (self);
  else
    g_signal_connect (self, "map", G_CALLBACK (wait_for_first_frame), NULL);
}

void
_ca_window_sync_start (CaWindow      *self,
                       CaApplication *app)
{
  if (self->store == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", FALSE);
      update_syncing (self);
      return;
    }
  self->sync_manager = g_object_ref (ca_sync_manager_get_default (G_APPLICATION (app),
                                                                  self->store));
  g_signal_connect_object (self->sync_manager, "syncing-changed",
                           G_CALLBACK (update_syncing), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync_manager, "progress",
                           G_CALLBACK (sync_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync_manager, "feed-synced",
                           G_CALLBACK (feed_synced), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync_manager, "store-changed",
                           G_CALLBACK (_ca_window_reload_views), self, G_CONNECT_SWAPPED);
  ca_application_watch_sync (app, G_OBJECT (self->sync_manager));
  update_syncing (self);
  _ca_window_sync_update_banner (self);
}
