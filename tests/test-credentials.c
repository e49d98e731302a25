/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-credentials"

#include "config.h"

#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ca-credentials.h"
#include "ca-store.h"
#include "ca-sync.h"
#include "ca-test-app.h"
#include "ca-test-core.h"
#include "ca-test-feed.h"
#include "ca-test-keyring.h"
#include "ca-test-server.h"

/*
 * A user name and password in a feed's address: the real binary's --add-feed,
 * --list-feeds, --sync and --remove-feed against a SoupServer that asks for Basic
 * authentication, with a real Secret Service, gnome-keyring-daemon, on a private
 * session bus (GTestDBus) with a temporary home, so no real keyring is touched.
 * A second private bus has no Secret Service at all.
 */

#define USER     "alice"
#define PASSWORD "secret"

typedef struct {
  char         *data_home;
  CaTestServer *server;
  CaTestServer *other;         /* another origin: 127.0.0.1 on another port */
  char         *url;
  char         *url_with_password;
  GBytes       *feed;
  gboolean      redirect;      /* server redirects to other */
  guint         n_requests;
  guint         n_authorized;
  GPtrArray    *authorizations; /* every Authorization header either server saw */
  char         *out;
  char         *err;
} Fixture;

/* Both servers ask for Basic authentication and accept only USER:PASSWORD */
static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Fixture *fx = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *authorization = soup_message_headers_get_one (request, "Authorization");
  g_autofree char *expected = g_base64_encode ((const guchar *) USER ":" PASSWORD,
                                               strlen (USER ":" PASSWORD));
  g_autofree char *expected_header = g_strconcat ("Basic ", expected, NULL);

  fx->n_requests++;
  g_ptr_array_add (fx->authorizations, g_strdup (authorization != NULL ? authorization : ""));
  if (fx->redirect && server == ca_test_server_get_soup_server (fx->server))
    {
      g_autofree char *there = ca_test_server_dup_url (fx->other, "feed.json");

      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, there);
      return;
    }
  if (g_strcmp0 (authorization, expected_header) != 0)
    {
      soup_message_headers_replace (response, "WWW-Authenticate", "Basic realm=\"Feeds\"");
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }
  fx->n_authorized++;
  ca_test_server_reply (msg, "application/json", fx->feed);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  fx->data_home = g_dir_make_tmp ("ca-credentials-XXXXXX", &error);
  g_assert_no_error (error);
  fx->server = ca_test_server_new (serve, fx);
  fx->other = ca_test_server_new (serve, fx);
  fx->url = ca_test_server_dup_url (fx->server, "feed.json");
  uri = g_uri_parse (fx->url, G_URI_FLAGS_NONE, NULL);
  fx->url_with_password = g_strdup_printf ("http://" USER ":" PASSWORD "@127.0.0.1:%d/feed.json",
                                           g_uri_get_port (uri));
  fx->feed = ca_test_feed_build (&(CaTestFeedSpec) { .tag = "v1", .n_clusters = 2,
                                                     .n_events = 3 });
  fx->authorizations = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  ca_test_server_stop (fx->server);
  ca_test_server_stop (fx->other);
  g_clear_object (&fx->server);
  g_clear_object (&fx->other);
  g_clear_pointer (&fx->feed, g_bytes_unref);
  g_clear_pointer (&fx->authorizations, g_ptr_array_unref);
  /* The next test starts with an empty keyring */
  secret_password_clear_sync (ca_test_keyring_feed_schema (), NULL, NULL, "feed", fx->url, NULL);
  ca_test_remove_tree (fx->data_home);
  g_free (fx->data_home);
  g_free (fx->url);
  g_free (fx->url_with_password);
  g_free (fx->out);
  g_free (fx->err);
}

/* Runs the app to its end while this process serves the feed; bus is the
 * session bus it gets */
static int
run_app_on (Fixture    *fx,
            const char *bus,
            const char *arg)
{
  CaTestApp app = { .data_home = fx->data_home, .bus = bus };

  g_clear_pointer (&fx->out, g_free);
  g_clear_pointer (&fx->err, g_free);
  return ca_test_app_run1 (&app, arg, &fx->out, &fx->err);
}

static int
run_app (Fixture    *fx,
         const char *arg)
{
  return run_app_on (fx, ca_test_keyring_get_bus_address (), arg);
}

static void
assert_lacks (const char *text,
              const char *part)
{
  if (strstr (text, part) != NULL)
    g_error ("“%s” is in “%s”", part, text);
}

/* No file under dir (the store, its WAL and shared memory, the lock files)
 * holds needle anywhere in its bytes */
static void
assert_no_file_holds (const char *dir,
                      const char *needle)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          assert_no_file_holds (path, needle);
          continue;
        }
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      if (memmem (contents, length, needle, strlen (needle)) != NULL)
        g_error ("%s holds “%s”", path, needle);
    }
}

static char *
keyring_password (const char *key)
{
  g_autoptr(GError) error = NULL;
  char *password = secret_password_lookup_sync (ca_test_keyring_feed_schema (), NULL, &error,
                                                "feed", key, "user", USER, NULL);

  g_assert_no_error (error);
  return password;
}

/* Every file the store made, with the store closed so the WAL is what a crash
 * would leave: a copy of the database's file is taken while it is open */
static void
assert_store_lacks_credentials (Fixture *fx)
{
  g_autofree char *db = g_build_filename (fx->data_home, "cluster-atlas", "atlas.db", NULL);

  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
  assert_no_file_holds (fx->data_home, PASSWORD);
  assert_no_file_holds (fx->data_home, USER);
}

static void
test_add_list_sync_remove (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *add = g_strconcat ("--add-feed=", fx->url_with_password, NULL);
  g_autofree char *remove = g_strconcat ("--remove-feed=", fx->url, NULL);
  g_autofree char *password = NULL;
  g_autoptr(CaStore) store = NULL;
  g_autofree char *db = NULL;

  g_assert_cmpint (run_app (fx, add), ==, 0);
  ca_test_assert_contains (fx->out, "added, with its user name and password in the keyring");
  assert_lacks (fx->out, PASSWORD);
  assert_lacks (fx->err, PASSWORD);

  /* In the keyring, under the address without them */
  password = keyring_password (fx->url);
  g_assert_cmpstr (password, ==, PASSWORD);
  assert_store_lacks_credentials (fx);

  g_assert_cmpint (run_app (fx, "--list-feeds"), ==, 0);
  ca_test_assert_contains (fx->out, fx->url);
  assert_lacks (fx->out, PASSWORD);
  assert_lacks (fx->out, USER);

  /* The server asks, and gets them from the keyring */
  g_assert_cmpint (run_app (fx, "--sync"), ==, 0);
  ca_test_assert_contains (fx->out, "updated ");
  ca_test_assert_contains (fx->out, "2 clusters");
  g_assert_cmpuint (fx->n_authorized, ==, 1);
  assert_store_lacks_credentials (fx);

  db = g_build_filename (fx->data_home, "cluster-atlas", "atlas.db", NULL);
  store = ca_store_open (db, NULL);
  g_assert_nonnull (store);
  {
    g_autoptr(CaFeedInfo) info = ca_store_get_feed_info (store, fx->url, NULL);

    g_assert_nonnull (info);
    g_assert_cmpuint (info->n_clusters, ==, 2);
    g_assert_null (info->last_error);
  }
  g_clear_object (&store);

  /* Removing the feed removes its secret */
  g_assert_cmpint (run_app (fx, remove), ==, 0);
  g_clear_pointer (&password, g_free);
  password = keyring_password (fx->url);
  g_assert_null (password);
}

static void
test_unauthorized (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *add = g_strconcat ("--add-feed=", fx->url, NULL);
  g_autofree char *wrong = NULL;
  g_autofree char *add_wrong = NULL;

  /* Without a user name and password */
  g_assert_cmpint (run_app (fx, add), ==, 0);
  g_assert_cmpint (run_app (fx, "--sync"), ==, 1);
  ca_test_assert_contains (fx->out, "needs a user name and password for this feed (HTTP 401)");
  g_assert_cmpuint (fx->n_authorized, ==, 0);
  g_assert_cmpint (run_app (fx, "--list-feeds"), ==, 0);
  ca_test_assert_contains (fx->out, "Last error: 127.0.0.1 needs a user name and password");

  /* With a wrong password: saved for the feed there is, then refused */
  wrong = g_strdup (fx->url_with_password);
  memcpy (strstr (wrong, PASSWORD), "wr0ng!", strlen (PASSWORD));
  add_wrong = g_strconcat ("--add-feed=", wrong, NULL);
  g_assert_cmpint (run_app (fx, add_wrong), ==, 0);
  ca_test_assert_contains (fx->out, "already subscribed; its user name and password were saved");
  g_assert_cmpint (run_app (fx, "--sync"), ==, 1);
  ca_test_assert_contains (fx->out, "needs a user name and password: it refused the ones in the keyring");
  g_assert_cmpuint (fx->n_authorized, ==, 0);

  /* and the right one */
  {
    g_autofree char *add_right = g_strconcat ("--add-feed=", fx->url_with_password, NULL);

    g_assert_cmpint (run_app (fx, add_right), ==, 0);
    g_assert_cmpint (run_app (fx, "--sync"), ==, 0);
    g_assert_cmpuint (fx->n_authorized, ==, 1);
  }
}

/* A redirect to another server (127.0.0.1 on another port is another origin):
 * the feed's credentials are not sent there */
static void
test_redirect (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *add = g_strconcat ("--add-feed=", fx->url_with_password, NULL);

  fx->redirect = TRUE;
  g_assert_cmpint (run_app (fx, add), ==, 0);
  g_assert_cmpint (run_app (fx, "--sync"), ==, 1);
  ca_test_assert_contains (fx->out, "needs a user name and password (HTTP 401); those of the feed are "
                            "sent only to 127.0.0.1");
  g_assert_cmpuint (fx->n_requests, ==, 2);
  g_assert_cmpuint (fx->n_authorized, ==, 0);
  for (guint i = 0; i < fx->authorizations->len; i++)
    g_assert_cmpstr (fx->authorizations->pdata[i], ==, "");
}

/* A store of an older version, with the password in the feed's key: the next
 * command moves it to the keyring and renames the feed, its star kept, and the
 * old key's bytes are gone from the files */
static void
test_older_store (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fx->data_home, "cluster-atlas", "atlas.db", NULL);
  g_autofree char *dir = g_path_get_dirname (db);
  g_autofree char *password = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  {
    g_autoptr(CaStore) store = ca_store_open (db, NULL);

    g_assert_nonnull (store);
    g_assert_true (ca_store_add_feed (store, fx->url_with_password, NULL));
    g_assert_true (ca_store_set_starred (store, fx->url_with_password, "e1", TRUE, NULL));
  }

  /* Moved, then synced with them, in one process */
  g_assert_cmpint (run_app (fx, "--sync"), ==, 0);
  ca_test_assert_contains (fx->err, "The user name and password of 1 feed were moved from the offline "
                            "data to the keyring.");
  ca_test_assert_contains (fx->out, "updated ");
  ca_test_assert_contains (fx->out, fx->url);
  assert_lacks (fx->out, PASSWORD);
  g_assert_cmpuint (fx->n_authorized, ==, 1);
  password = keyring_password (fx->url);
  g_assert_cmpstr (password, ==, PASSWORD);
  assert_store_lacks_credentials (fx);
  {
    g_autoptr(CaStore) store = ca_store_open (db, NULL);

    g_assert_true (ca_store_has_feed (store, fx->url));
    g_assert_false (ca_store_has_feed (store, fx->url_with_password));
    g_assert_true (ca_store_is_starred (store, fx->url, "e1"));
  }

  /* Nothing more to move */
  g_assert_cmpint (run_app (fx, "--list-feeds"), ==, 0);
  assert_lacks (fx->err, "moved");
  ca_test_assert_contains (fx->out, fx->url);
}

/* No Secret Service on the bus: refused, and nothing stored */
static void
test_no_keyring (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *add = g_strconcat ("--add-feed=", fx->url_with_password, NULL);
  g_autofree char *dir = g_build_filename (fx->data_home, "cluster-atlas", NULL);

  g_assert_cmpint (run_app_on (fx, ca_test_keyring_get_empty_bus_address (), add), ==, 1);
  ca_test_assert_contains (fx->err, "refused: its user name and password are kept only in the keyring, "
                            "and the keyring could not keep them");
  ca_test_assert_contains (fx->err, "Nothing was stored.");
  /* ("org.freedesktop.secrets" is in the reason) */
  assert_lacks (fx->err, USER);

  g_assert_cmpint (run_app_on (fx, ca_test_keyring_get_empty_bus_address (), "--list-feeds"), ==, 0);
  assert_lacks (fx->out, "127.0.0.1");
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    assert_no_file_holds (fx->data_home, PASSWORD);

  /* An address without them is still fine there */
  {
    g_autofree char *plain = g_strconcat ("--add-feed=", fx->url, NULL);

    g_assert_cmpint (run_app_on (fx, ca_test_keyring_get_empty_bus_address (), plain), ==, 0);
  }
}

/* The address rules: what goes to the key, and what to the keyring */
static void
test_split (void)
{
  static const struct {
    const char *text;
    const char *key;
    const char *user;
    const char *password;
  } cases[] = {
    { "https://a.example.org/feed.json", "https://a.example.org/feed.json", NULL, NULL },
    { "https://alice:secret@a.example.org/feed.json", "https://a.example.org/feed.json",
      "alice", "secret" },
    { "  HTTPS://alice@A.example.org:443/f?x=1#top ", "https://a.example.org/f?x=1",
      "alice", "" },
    { "https://al%40ice:p%3Ass%20w@a.example.org/", "https://a.example.org/", "al@ice",
      "p:ss w" },
    { "https://alice:@a.example.org/", "https://a.example.org/", "alice", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *user = NULL;
      g_autofree char *password = NULL;
      g_autofree char *key = ca_sync_check_url_full (cases[i].text, &user, &password, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (key, ==, cases[i].key);
      g_assert_cmpstr (user, ==, cases[i].user);
      g_assert_cmpstr (password, ==, cases[i].password);
      /* The plain check gives the same key */
      g_free (key);
      key = ca_sync_check_url (cases[i].text, &error);
      g_assert_cmpstr (key, ==, cases[i].key);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *user = NULL;
    g_autofree char *password = NULL;

    /* An encoded NUL is no password */
    g_assert_null (ca_sync_check_url_full ("https://alice:a%00b@a.example.org/", &user,
                                           &password, &error));
    g_assert_error (error, CA_SYNC_ERROR, CA_SYNC_ERROR_BAD_URL);
  }

  /* A key an older version stored with a password is shown without it */
  {
    g_autofree char *shown = ca_credentials_display_url ("https://alice:secret@a.example.org/f");

    g_assert_cmpstr (shown, ==, "https://alice@a.example.org/f");
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  ca_test_keyring_start ();

  g_test_add_func ("/credentials/split", test_split);
  g_test_add ("/credentials/add-list-sync-remove", Fixture, NULL,
              fixture_set_up, test_add_list_sync_remove, fixture_tear_down);
  g_test_add ("/credentials/unauthorized", Fixture, NULL,
              fixture_set_up, test_unauthorized, fixture_tear_down);
  g_test_add ("/credentials/redirect", Fixture, NULL,
              fixture_set_up, test_redirect, fixture_tear_down);
  g_test_add ("/credentials/older-store", Fixture, NULL,
              fixture_set_up, test_older_store, fixture_tear_down);
  g_test_add ("/credentials/no-keyring", Fixture, NULL,
              fixture_set_up, test_no_keyring, fixture_tear_down);

  status = g_test_run ();
  ca_test_keyring_stop ();
  return status;
}
