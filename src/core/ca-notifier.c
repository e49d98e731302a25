/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-notifier"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ca-change.h"
#include "ca-clash.h"
#include "ca-format.h"
#include "ca-notifier.h"
#include "ca-reminders.h"
#include "ca-text.h"

/* New stars and synced feeds are noticed within this many seconds */
#define POLL_SECONDS 60

struct _CaNotifier
{
  GObject       parent_instance;

  GApplication *app;        /* weak */
  CaStore      *store;
  GSettings    *settings;
  GHashTable   *sent;       /* reminder keys */
  guint         timeout;
};

G_DEFINE_FINAL_TYPE (CaNotifier, ca_notifier, G_TYPE_OBJECT)

static void schedule (CaNotifier *self, gint64 now, GPtrArray *events);

static gboolean
enabled (CaNotifier *self)
{
  return self->app != NULL &&
         (self->settings == NULL || g_settings_get_boolean (self->settings, "notifications"));
}

static gboolean
same_local_day (gint64     a,
                gint64     b)
{
  g_autoptr(GDateTime) da = g_date_time_new_from_unix_local (a);
  g_autoptr(GDateTime) db = g_date_time_new_from_unix_local (b);

  return g_date_time_get_year (da) == g_date_time_get_year (db) &&
         g_date_time_get_day_of_year (da) == g_date_time_get_day_of_year (db);
}

static GNotification *
notification_for (CaReminder *reminder,
                  gint64      now)
{
  CaEvent *event = reminder->event;
  g_autofree char *title = ca_text_display (event->title);
  g_autofree char *when = ca_format_event_when (event, NULL);
  g_autofree char *body = NULL;
  GNotification *notification = g_notification_new (title != NULL && title[0] != '\0'
                                                    ? title : _("Starred event"));

  if (reminder->kind == CA_REMINDER_HOUR)
    /* TRANSLATORS: a reminder; %s is when the event is: "26 March 2019, 10:30–14:00" */
    body = g_strdup_printf (_("Starting soon: %s"), when);
  else if (!event->all_day && same_local_day (event->start, now))
    /* TRANSLATORS: a reminder; %s is when the event is: "26 March 2019, 10:30–14:00" */
    body = g_strdup_printf (_("Today: %s"), when);
  else
    /* TRANSLATORS: a reminder; %s is when the event is: "26 March 2019, 10:30–14:00" */
    body = g_strdup_printf (_("Tomorrow: %s"), when);
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.show-event", "(ss)",
                                                event->feed, event->id);
  return notification;
}

static GPtrArray *
starred_events (CaNotifier *self,
                gint64      now)
{
  CaEventQuery query = CA_EVENT_QUERY_INIT;
  g_autoptr(GError) error = NULL;
  GPtrArray *events;

  ca_reminders_query_window (now, &query.from, &query.to);
  query.starred_only = TRUE;
  events = ca_store_list_events (self->store, &query, &error);
  if (events == NULL)
    {
      g_warning ("Cannot read the starred events: %s", error->message);
      events = g_ptr_array_new_with_free_func (g_object_unref);
    }
  return events;
}

guint
ca_notifier_check_at (CaNotifier *self,
                      gint64      now)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) due = NULL;

  g_return_val_if_fail (CA_IS_NOTIFIER (self), 0);

  if (!enabled (self))
    return 0;

  events = starred_events (self, now);
  due = ca_reminders_due (events, now, self->sent, NULL);
  for (guint i = 0; i < due->len; i++)
    {
      CaReminder *reminder = due->pdata[i];
      g_autoptr(GNotification) notification = notification_for (reminder, now);
      g_autofree char *id = g_strdelimit (g_strdup (reminder->key), "\t", '/');

      g_application_send_notification (self->app, id, notification);
      g_hash_table_add (self->sent, g_strdup (reminder->key));
    }
  return due->len;
}

/* {{{ What a sync did to the starred events */

static gboolean
counts_for_schedule (CaChange *change)
{
  return change->kind == CA_CHANGE_EVENT && change->starred &&
         (change->action == CA_CHANGE_CHANGED || change->action == CA_CHANGE_REMOVED);
}

GNotification *
ca_notifier_sync_notification (GPtrArray *changes)
{
  g_autoptr(GPtrArray) counted = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  GNotification *notification;

  g_return_val_if_fail (changes != NULL, NULL);

  /* An event changed twice in one sync (two feeds' imports) is one event */
  for (guint i = 0; i < changes->len; i++)
    {
      CaChange *change = changes->pdata[i];

      if (counts_for_schedule (change) &&
          g_hash_table_add (seen, g_strconcat (change->feed, "\x1f", change->record_id, NULL)))
        g_ptr_array_add (counted, change);
    }
  if (counted->len == 0)
    return NULL;

  if (counted->len == 1)
    {
      CaChange *change = counted->pdata[0];
      g_autoptr(GPtrArray) lines = ca_change_describe (change, NULL);
      g_autofree char *what = ca_text_display (ca_change_get_title (change));

      title = g_strdup (what != NULL && *what != '\0' ? what : _("Starred event"));
      g_ptr_array_add (lines, NULL);
      body = g_strjoinv ("\n", (char **) lines->pdata);
    }
  else
    {
      g_autoptr(GString) names = g_string_new (NULL);

      /* TRANSLATORS: the one notification of a sync that changed several starred events */
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u starred event changed",
                                            "%u starred events changed", counted->len),
                               counted->len);
      for (guint i = 0; i < counted->len; i++)
        {
          g_autofree char *what = ca_text_display (ca_change_get_title (counted->pdata[i]));

          if (names->len > 0)
            /* TRANSLATORS: between the titles of events in a notification */
            g_string_append (names, _(", "));
          g_string_append (names, what != NULL ? what : "");
        }
      body = g_string_free (g_steal_pointer (&names), FALSE);
    }
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.show-changes");
  return notification;
}

gboolean
ca_notifier_sync_done (CaNotifier *self,
                       gint64      since)
{
  CaChangeQuery query = CA_CHANGE_QUERY_INIT;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CA_IS_NOTIFIER (self), FALSE);

  if (!enabled (self))
    return FALSE;
  query.since = since;
  query.kind = CA_CHANGE_EVENT;
  query.starred_only = TRUE;
  changes = ca_store_list_changes (self->store, &query, &error);
  if (changes == NULL)
    {
      g_warning ("Cannot read what the sync changed: %s", error->message);
      return FALSE;
    }
  notification = ca_notifier_sync_notification (changes);
  if (notification == NULL)
    return FALSE;
  /* One id: a later sync's notification replaces an earlier one still shown */
  g_application_send_notification (self->app, "sync-changes", notification);
  return TRUE;
}

/* }}} */

/* {{{ A star that clashes */

static CaClashFlags
clash_flags (CaNotifier *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return CA_CLASH_FLAGS_NONE;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (!g_settings_schema_has_key (schema, "clash-all-day"))
    return CA_CLASH_FLAGS_NONE;
  return g_settings_get_boolean (self->settings, "clash-all-day") ? CA_CLASH_ALL_DAY
                                                                  : CA_CLASH_FLAGS_NONE;
}

gboolean
ca_notifier_star_added (CaNotifier *self,
                        const char *feed,
                        const char *event_id)
{
  CaEventQuery query = CA_EVENT_QUERY_INIT;
  g_autoptr(GPtrArray) starred = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *id = NULL;
  g_autofree char *body = NULL;
  CaEvent *event = NULL;

  g_return_val_if_fail (CA_IS_NOTIFIER (self), FALSE);
  g_return_val_if_fail (feed != NULL && event_id != NULL, FALSE);

  if (!enabled (self))
    return FALSE;
  query.starred_only = TRUE;
  starred = ca_store_list_events (self->store, &query, &error);
  if (starred == NULL)
    {
      g_warning ("Cannot read the starred events: %s", error->message);
      return FALSE;
    }
  for (guint i = 0; i < starred->len && event == NULL; i++)
    {
      CaEvent *e = starred->pdata[i];

      if (g_str_equal (e->feed, feed) && g_str_equal (e->id, event_id))
        event = e;
    }
  if (event == NULL)
    return FALSE;
  if ((body = ca_clash_note_for (starred, event, NULL, clash_flags (self))) == NULL)
    return FALSE;
  title = ca_text_display (event->title);
  notification = g_notification_new (title != NULL && *title != '\0' ? title : _("Starred event"));
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.show-event", "(ss)",
                                                event->feed, event->id);
  id = g_strdup_printf ("clash/%s/%s", event->feed, event->id);
  g_application_send_notification (self->app, id, notification);
  return TRUE;
}

/* }}} */

static gboolean
tick (gpointer user_data)
{
  CaNotifier *self = user_data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  self->timeout = 0;
  ca_notifier_check_at (self, now);
  schedule (self, now, NULL);
  return G_SOURCE_REMOVE;
}

/* Wakes at the next reminder, or at the next poll if sooner */
static void
schedule (CaNotifier *self,
          gint64      now,
          GPtrArray  *events)
{
  g_autoptr(GPtrArray) read = NULL;
  gint64 next;
  guint wait = POLL_SECONDS;

  g_clear_handle_id (&self->timeout, g_source_remove);
  if (!enabled (self))
    return;
  if (events == NULL)
    events = read = starred_events (self, now);
  next = ca_reminders_next (events, now, self->sent, NULL);
  if (next > now && next - now < POLL_SECONDS)
    wait = (guint) (next - now);
  self->timeout = g_timeout_add_seconds (wait, tick, self);
}

static void
notifications_changed (CaNotifier *self)
{
  g_clear_handle_id (&self->timeout, g_source_remove);
  if (enabled (self))
    self->timeout = g_idle_add (tick, self);
}

static void
ca_notifier_dispose (GObject *object)
{
  CaNotifier *self = (CaNotifier *) object;

  g_clear_handle_id (&self->timeout, g_source_remove);
  if (self->app != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->app), (gpointer *) &self->app);
  self->app = NULL;
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ca_notifier_parent_class)->dispose (object);
}

static void
ca_notifier_finalize (GObject *object)
{
  CaNotifier *self = (CaNotifier *) object;

  g_hash_table_unref (self->sent);

  G_OBJECT_CLASS (ca_notifier_parent_class)->finalize (object);
}

static void
ca_notifier_class_init (CaNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ca_notifier_dispose;
  object_class->finalize = ca_notifier_finalize;
}

static void
ca_notifier_init (CaNotifier *self)
{
  self->sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

CaNotifier *
ca_notifier_new (GApplication *app,
                 CaStore      *store,
                 GSettings    *settings)
{
  CaNotifier *self;

  g_return_val_if_fail (G_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (CA_IS_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (CA_TYPE_NOTIFIER, NULL);
  self->app = app;
  g_object_add_weak_pointer (G_OBJECT (app), (gpointer *) &self->app);
  self->store = g_object_ref (store);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_signal_connect_object (settings, "changed::notifications",
                               G_CALLBACK (notifications_changed), self, G_CONNECT_SWAPPED);
    }
  notifications_changed (self);
  return self;
}
