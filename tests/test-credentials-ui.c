/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-credentials-ui"

#include "config.h"

#include <gtk/gtk.h>
#include <libsoup/soup.h>
#include <string.h>
#include <unistd.h>

#include "ca-application.h"
#include "ca-credentials-dialog.h"
#include "ca-feeds-page.h"
#include "ca-sync-manager.h"
#include "ca-test-feed.h"
#include "ca-test-keyring.h"
#include "ca-test-server.h"
#include "ca-test-util.h"
#include "ca-window.h"

/*
 * The window asks for a feed's user name and password: the feeds page takes an
 * address with them in it and moves them to the keyring; a 401 raises a banner
 * whose button opens the sign-in dialog; the feeds page's Sign In does the same;
 * removing the feed removes its secret. The real app under Xvfb, a SoupServer
 * asking for Basic authentication, and gnome-keyring-daemon on a private bus
 * (tests/ca-test-keyring.c).
 */

#define USER     "alice"
#define PASSWORD "secret"

typedef struct {
  char          *data_home;
  char          *store_path;
  CaApplication *app;
  CaWindow      *window;
  CaTestServer  *server;
  char          *url;
  char          *url_with_password;
  guint          n_authorized;
  guint          n_refused;      /* requests that brought a wrong Authorization */
} Fixture;

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Fixture *fx = user_data;
  const char *authorization = soup_message_headers_get_one (
    soup_server_message_get_request_headers (msg), "Authorization");
  g_autofree char *expected = g_base64_encode ((const guchar *) USER ":" PASSWORD,
                                               strlen (USER ":" PASSWORD));
  g_autofree char *expected_header = g_strconcat ("Basic ", expected, NULL);
  g_autoptr(GBytes) body = NULL;

  if (g_strcmp0 (authorization, expected_header) != 0)
    {
      if (authorization != NULL)
        fx->n_refused++;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Basic realm=\"Feeds\"");
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }
  fx->n_authorized++;
  body = ca_test_feed_build (&(CaTestFeedSpec) { .tag = "v1", .n_clusters = 2, .n_events = 1 });
  ca_test_server_reply (msg, "application/json", body);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  fx->data_home = g_dir_make_tmp ("ca-credentials-ui-XXXXXX", NULL);
  fx->store_path = g_build_filename (fx->data_home, "cluster-atlas", "atlas.db", NULL);
  fx->server = ca_test_server_new (serve, fx);
  fx->url = ca_test_server_dup_url (fx->server, "feed.json");
  uri = g_uri_parse (fx->url, G_URI_FLAGS_NONE, NULL);
  fx->url_with_password = g_strdup_printf ("http://" USER ":" PASSWORD "@127.0.0.1:%d/feed.json",
                                           g_uri_get_port (uri));

  /* A store of an older version, with the password in the feed's key */
  if (g_strcmp0 (data, "older") == 0)
    {
      g_autoptr(CaStore) store = NULL;
      g_autofree char *dir = g_path_get_dirname (fx->store_path);

      g_mkdir_with_parents (dir, 0700);
      store = ca_store_open (fx->store_path, &error);
      g_assert_no_error (error);
      g_assert_true (ca_store_add_feed (store, fx->url_with_password, &error));
    }

  fx->window = ca_test_application_start (&fx->app, fx->store_path);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  ca_test_application_close (fx->app);
  ca_test_server_stop (fx->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  secret_password_clear_sync (ca_test_keyring_feed_schema (), NULL, NULL, "feed", fx->url, NULL);
  g_clear_object (&fx->app);
  g_clear_object (&fx->server);
  ca_test_remove_tree (fx->data_home);
  g_free (fx->data_home);
  g_free (fx->store_path);
  g_free (fx->url);
  g_free (fx->url_with_password);
}

static char *
keyring_password (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  char *password = secret_password_lookup_sync (ca_test_keyring_feed_schema (), NULL, &error,
                                                "feed", fx->url, "user", USER, NULL);

  g_assert_no_error (error);
  return password;
}

static gboolean
has_feed (gpointer data)
{
  Fixture *fx = data;
  return ca_store_has_feed (ca_application_get_store (fx->app), fx->url);
}

static gboolean
dialog_is_up (gpointer data)
{
  Fixture *fx = data;
  return CA_IS_CREDENTIALS_DIALOG (adw_application_window_get_visible_dialog (
    ADW_APPLICATION_WINDOW (fx->window)));
}

static gboolean
has_row_subtitle_containing (GtkWidget  *root,
                             const char *part)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_ACTION_ROW (child) &&
          strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child)) ?: "", part) != NULL)
        return TRUE;
      if (has_row_subtitle_containing (child, part))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)),
                                              data) == 0;
}

/* Fills in the dialog and saves, as the Save and Sync button does */
static void
sign_in (CaCredentialsDialog *dialog,
         const char          *password)
{
  AdwEntryRow *user_row = ca_credentials_dialog_get_user_row (dialog);

  gtk_editable_set_text (GTK_EDITABLE (user_row), USER);
  gtk_editable_set_text (GTK_EDITABLE (ca_credentials_dialog_get_password_row (dialog)),
                         password);
  g_assert_true (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "save"));
  g_signal_emit_by_name (dialog, "response", "save");
  adw_dialog_close (ADW_DIALOG (dialog));
}

static CaFeedsPage *
open_feeds_page (Fixture *fx)
{
  GtkWidget *prefs;

  g_action_group_activate_action (G_ACTION_GROUP (fx->app), "preferences", NULL);
  prefs = GTK_WIDGET (adw_application_window_get_visible_dialog (
    ADW_APPLICATION_WINDOW (fx->window)));
  g_assert_true (ADW_IS_PREFERENCES_DIALOG (prefs));
  return CA_FEEDS_PAGE (ca_test_find_widget (prefs, CA_TYPE_FEEDS_PAGE));
}

static gboolean
synced_once (gpointer data)
{
  Fixture *fx = data;
  return fx->n_authorized > 0 && !ca_sync_manager_is_syncing (ca_test_sync_manager (fx->app));
}

static gboolean
user_filled_in (gpointer data)
{
  AdwEntryRow *row = ca_credentials_dialog_get_user_row (data);
  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), USER) == 0;
}

static gboolean
failed_once (gpointer data)
{
  Fixture *fx = data;
  return fx->n_refused > 0 && !ca_sync_manager_is_syncing (ca_test_sync_manager (fx->app));
}

static gboolean
secret_gone (gpointer data)
{
  g_autofree char *password = keyring_password (data);
  return password == NULL;
}

/* An address with a user name and a wrong password typed into the feeds page;
 * then the right one through the page's Sign In, in the same session (libsoup
 * may have kept the wrong one) */
static void
test_feeds_page (Fixture       *fx,
                 gconstpointer  data)
{
  CaFeedsPage *page = open_feeds_page (fx);
  AdwEntryRow *url_row = ca_feeds_page_get_url_row (page);
  g_autofree char *wrong = g_strdup (fx->url_with_password);
  g_autofree char *password = NULL;
  GPtrArray *rows;
  GtkWidget *button;
  CaCredentialsDialog *dialog;
  g_autoptr(CaFeedInfo) info = NULL;

  memcpy (strstr (wrong, PASSWORD), "wr0ng!", strlen (PASSWORD));
  gtk_editable_set_text (GTK_EDITABLE (url_row), wrong);
  g_signal_emit_by_name (url_row, "apply");
  g_assert_true (ca_test_wait_until (has_feed, fx, 10000));
  g_assert_true (ca_test_wait_until (failed_once, fx, 20000));
  ca_test_wait_for_syncs (fx->app);
  g_assert_cmpuint (fx->n_authorized, ==, 0);
  password = keyring_password (fx);
  g_assert_cmpstr (password, ==, "wr0ng!");
  info = ca_store_get_feed_info (ca_application_get_store (fx->app), fx->url, NULL);
  g_assert_nonnull (strstr (info->last_error, "refused the ones in the keyring"));
  /* The entry let go of it */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, "");

  /* Its row: the address without them, and a Sign In button */
  rows = ca_feeds_page_get_rows (page);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_false (has_row_subtitle_containing (rows->pdata[1], "wr0ng"));
  g_assert_true (has_row_subtitle_containing (rows->pdata[1], fx->url));
  button = ca_test_find_widget_where (rows->pdata[1], is_button_labelled, "_Sign In…");
  g_assert_nonnull (button);

  /* The page's Sign In opens the dialog, with the user name the keyring has */
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (ca_test_wait_until (dialog_is_up, fx, 5000));
  dialog = CA_CREDENTIALS_DIALOG (adw_application_window_get_visible_dialog (
    ADW_APPLICATION_WINDOW (fx->window)));
  g_assert_true (ca_test_wait_until (user_filled_in, dialog, 5000));
  sign_in (dialog, PASSWORD);
  /* and the feed is synced again with them */
  g_assert_true (ca_test_wait_until (synced_once, fx, 20000));
  ca_test_wait_for_syncs (fx->app);
  g_clear_pointer (&password, g_free);
  password = keyring_password (fx);
  g_assert_cmpstr (password, ==, PASSWORD);

  /* Removing the feed removes its secret */
  rows = ca_feeds_page_get_rows (page);
  button = ca_test_find_widget_where (rows->pdata[1], is_button_labelled, "_Remove");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (ca_test_wait_until (secret_gone, fx, 10000));
  g_assert_false (has_feed (fx));
}

/* A 401: the banner says so and its button asks for them */
static void
test_banner (Fixture       *fx,
             gconstpointer  data)
{
  GtkWidget *banner;
  CaCredentialsDialog *dialog;
  g_autofree char *password = NULL;

  g_assert_true (ca_store_add_feed (ca_application_get_store (fx->app), fx->url, NULL));
  ca_sync_manager_sync_feed (ca_test_sync_manager (fx->app), fx->url);
  ca_test_wait_for_syncs (fx->app);
  g_assert_cmpuint (fx->n_authorized, ==, 0);

  banner = ca_test_find_widget (GTK_WIDGET (fx->window), ADW_TYPE_BANNER);
  g_assert_nonnull (banner);
  g_assert_true (adw_banner_get_revealed (ADW_BANNER (banner)));
  g_assert_nonnull (strstr (adw_banner_get_title (ADW_BANNER (banner)),
                            "needs a user name and password"));
  g_assert_cmpstr (adw_banner_get_button_label (ADW_BANNER (banner)), ==, "_Sign In…");

  g_signal_emit_by_name (banner, "button-clicked");
  g_assert_true (ca_test_wait_until (dialog_is_up, fx, 5000));
  dialog = CA_CREDENTIALS_DIALOG (adw_application_window_get_visible_dialog (
    ADW_APPLICATION_WINDOW (fx->window)));
  /* Nothing to save without a user name */
  g_assert_false (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "save"));
  sign_in (dialog, PASSWORD);

  /* Saved in the keyring, and synced with them */
  g_assert_true (ca_test_wait_until (synced_once, fx, 20000));
  ca_test_wait_for_syncs (fx->app);
  g_assert_cmpuint (fx->n_authorized, ==, 1);
  password = keyring_password (fx);
  g_assert_cmpstr (password, ==, PASSWORD);
  g_assert_false (adw_banner_get_revealed (ADW_BANNER (banner)));
}

/* The window moves it to the keyring before its first sync, which then uses it */
static void
test_older_store (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *password = NULL;

  g_assert_true (ca_test_wait_until (synced_once, fx, 20000));
  ca_test_wait_for_syncs (fx->app);
  g_assert_true (has_feed (fx));
  g_assert_false (ca_store_has_feed (ca_application_get_store (fx->app), fx->url_with_password));
  password = keyring_password (fx);
  g_assert_cmpstr (password, ==, PASSWORD);
}

/* No Secret Service on the bus: an address with a password is refused with the
 * reason, and nothing is stored */
static void
test_no_keyring (Fixture       *fx,
                 gconstpointer  data)
{
  CaFeedsPage *page = open_feeds_page (fx);
  AdwEntryRow *url_row = ca_feeds_page_get_url_row (page);
  GtkLabel *url_error = ca_feeds_page_get_url_error (page);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  gtk_editable_set_text (GTK_EDITABLE (url_row), fx->url_with_password);
  g_signal_emit_by_name (url_row, "apply");
  while (!gtk_widget_get_visible (GTK_WIDGET (url_error)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_nonnull (strstr (gtk_label_get_text (url_error),
                            "the keyring could not keep them"));
  g_assert_nonnull (strstr (gtk_label_get_text (url_error), "The feed was not added."));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (url_row)));
  g_assert_false (has_feed (fx));
  g_assert_false (ca_store_has_feed (ca_application_get_store (fx->app),
                                     fx->url_with_password));
  g_assert_cmpuint (ca_feeds_page_get_rows (page)->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  ca_test_require_display ();
  /* Before GTK: the app's session bus is the keyring's private one, or (the
   * credentials-ui-no-keyring test) one without any */
  if (g_strcmp0 (g_getenv ("CA_TEST_KEYRING"), "none") == 0)
    {
      ca_test_keyring_start_none ();
      gtk_test_init (&argc, &argv, NULL);
      adw_init ();
      g_test_add ("/credentials-ui/no-keyring", Fixture, NULL, fixture_set_up, test_no_keyring,
                  fixture_tear_down);
      status = g_test_run ();
      ca_test_keyring_stop ();
      return status;
    }
  ca_test_keyring_start ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/credentials-ui/feeds-page", Fixture, NULL, fixture_set_up, test_feeds_page,
              fixture_tear_down);
  g_test_add ("/credentials-ui/banner", Fixture, NULL, fixture_set_up, test_banner,
              fixture_tear_down);

  g_test_add ("/credentials-ui/older-store", Fixture, "older", fixture_set_up,
              test_older_store, fixture_tear_down);

  status = g_test_run ();
  ca_test_keyring_stop ();
  return status;
}
