/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-search-provider"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ca-search-provider.h"
#include "ca-store.h"

/*
 * org.gnome.Shell.SearchProvider2 on a real, private session bus (GTestDBus), over a
 * real store holding the built-in feed, called as the Shell calls it: from another
 * connection, by the bus name the provider's connection owns.
 */

#define BUS_NAME    "io.github.clusteratlas.SearchProviderTest"
#define OBJECT_PATH "/io/github/clusteratlas/SearchProviderTest/SearchProvider"
#define IFACE       "org.gnome.Shell.SearchProvider2"

typedef struct {
  GTestDBus        *bus;
  GDBusConnection  *service;
  GDBusConnection  *client;
  char             *dir;
  CaStore          *store;
  CaSearchProvider *provider;
  GPtrArray        *activated;    /* "kind feed id position timestamp" */
  GPtrArray        *launched;     /* "text timestamp" */
} Fixture;

static void
on_activate (CaSearchProvider *provider,
             int               kind,
             const char       *feed,
             const char       *id,
             guint             position,
             guint             timestamp,
             Fixture          *f)
{
  g_ptr_array_add (f->activated, g_strdup_printf ("%d %s %s %u %u", kind, feed, id, position,
                                                  timestamp));
}

static void
on_launch (CaSearchProvider *provider,
           const char       *text,
           guint             timestamp,
           Fixture          *f)
{
  g_ptr_array_add (f->launched, g_strdup_printf ("%s %u", text, timestamp));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *feed_path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                      "default-feed.json", NULL);
  g_autofree char *store_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  GVariant *reply;

  f->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (f->bus);

  f->service = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (f->bus),
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  f->client = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (f->bus),
                                                      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                      G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                      NULL, NULL, &error);
  g_assert_no_error (error);

  f->dir = g_dir_make_tmp ("ca-search-provider-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (f->dir, "atlas.db", NULL);
  f->store = ca_store_open (store_path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (feed_path, &contents, &length, &error));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_true (ca_store_ensure_builtin (f->store, bytes, &error));
  g_assert_no_error (error);

  f->activated = g_ptr_array_new_with_free_func (g_free);
  f->launched = g_ptr_array_new_with_free_func (g_free);
  f->provider = ca_search_provider_new (NULL);
  ca_search_provider_set_store (f->provider, f->store);
  g_signal_connect (f->provider, "activate-result", G_CALLBACK (on_activate), f);
  g_signal_connect (f->provider, "launch-search", G_CALLBACK (on_launch), f);
  g_assert_true (ca_search_provider_export (f->provider, f->service, OBJECT_PATH, &error));
  g_assert_no_error (error);

  reply = g_dbus_connection_call_sync (f->service, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", BUS_NAME, 0), G_VARIANT_TYPE ("(u)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_unref (reply);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *store_path = g_build_filename (f->dir, "atlas.db", NULL);

  g_clear_object (&f->provider);
  g_clear_object (&f->store);
  g_dbus_connection_close_sync (f->client, NULL, NULL);
  g_dbus_connection_close_sync (f->service, NULL, NULL);
  g_clear_object (&f->client);
  g_clear_object (&f->service);
  g_test_dbus_down (f->bus);
  g_clear_object (&f->bus);
  g_unlink (store_path);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_ptr_array_unref (f->activated);
  g_ptr_array_unref (f->launched);
}

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

/* Calls the provider as the Shell does; the service answers on this main context */
static GVariant *
call (Fixture     *f,
      const char  *method,
      GVariant    *parameters,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_dbus_connection_call (f->client, BUS_NAME, OBJECT_PATH, IFACE, method, parameters, NULL,
                          G_DBUS_CALL_FLAGS_NONE, 10000, NULL, call_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_dbus_connection_call_finish (f->client, result, error);
}

static char **
result_set (Fixture            *f,
            const char * const *terms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = call (f, "GetInitialResultSet",
                                    g_variant_new ("(^as)", terms), &error);
  char **ids = NULL;

  g_assert_no_error (error);
  g_assert_true (g_variant_is_of_type (reply, G_VARIANT_TYPE ("(as)")));
  g_variant_get (reply, "(^as)", &ids);
  return ids;
}

/* The Shell's meta for one id: name and description */
static gboolean
meta_of (Fixture     *f,
         const char  *id,
         char       **name,
         char       **description)
{
  const char *ids[] = { id, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = call (f, "GetResultMetas", g_variant_new ("(^as)", ids), &error);
  g_autoptr(GVariant) metas = NULL;
  g_autoptr(GVariant) icon = NULL;
  const char *meta_id = NULL;

  g_assert_no_error (error);
  metas = g_variant_get_child_value (reply, 0);
  if (g_variant_n_children (metas) == 0)
    return FALSE;
  g_assert_cmpuint (g_variant_n_children (metas), ==, 1);
  {
    g_autoptr(GVariant) meta = g_variant_get_child_value (metas, 0);
    GVariantDict dict;

    g_variant_dict_init (&dict, meta);
    g_assert_true (g_variant_dict_lookup (&dict, "id", "&s", &meta_id));
    g_assert_cmpstr (meta_id, ==, id);
    g_assert_true (g_variant_dict_lookup (&dict, "name", "s", name));
    if (!g_variant_dict_lookup (&dict, "description", "s", description))
      *description = NULL;
    icon = g_variant_dict_lookup_value (&dict, "icon", NULL);
    g_assert_nonnull (icon);
    g_variant_dict_clear (&dict);
  }
  {
    g_autoptr(GIcon) gicon = g_icon_deserialize (icon);
    g_assert_true (G_IS_ICON (gicon));
  }
  return TRUE;
}

static gboolean
strv_has (char * const *strv,
          const char   *value)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, value);
}

static void
test_initial (Fixture       *f,
              gconstpointer  data)
{
  const char *latin[] = { "ict", NULL };
  const char *cyrillic[] = { "ИКТ", NULL };
  const char *two[] = { "national", "conference", NULL };
  const char *member[] = { "foundation", NULL };
  const char *nothing[] = { "zzzqqq", NULL };
  g_auto(GStrv) ids = NULL;

  ids = result_set (f, latin);
  g_assert_true (strv_has (ids, "cluster\tbuiltin\tict-cluster"));
  g_clear_pointer (&ids, g_strfreev);

  ids = result_set (f, cyrillic);
  g_assert_true (strv_has (ids, "cluster\tbuiltin\tict-cluster"));
  g_clear_pointer (&ids, g_strfreev);

  ids = result_set (f, two);
  g_assert_true (strv_has (ids, "event\tbuiltin\tnational-cluster-conference-2019"));
  g_clear_pointer (&ids, g_strfreev);

  ids = result_set (f, member);
  g_assert_true (strv_has (ids, "member\tbuiltin\tcleantech-bulgaria\t0"));
  g_clear_pointer (&ids, g_strfreev);

  ids = result_set (f, nothing);
  g_assert_cmpuint (g_strv_length (ids), ==, 0);
}

/* More terms narrow the previous results, never add to them */
static void
test_subsearch (Fixture       *f,
                gconstpointer  data)
{
  const char *first[] = { "cluster", NULL };
  const char *more[] = { "cluster", "national", NULL };
  const char *previous[] = { "cluster\tbuiltin\tict-cluster", NULL };
  g_auto(GStrv) all = result_set (f, first);
  g_auto(GStrv) narrowed = NULL;
  g_auto(GStrv) kept = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_strv_length (all), >, 1);
  reply = call (f, "GetSubsearchResultSet", g_variant_new ("(^as^as)", all, more), &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(^as)", &narrowed);
  g_assert_true (strv_has (narrowed, "event\tbuiltin\tnational-cluster-conference-2019"));
  g_assert_cmpuint (g_strv_length (narrowed), <, g_strv_length (all));
  for (guint i = 0; narrowed[i] != NULL; i++)
    g_assert_true (strv_has (all, narrowed[i]));
  g_clear_pointer (&reply, g_variant_unref);

  /* Only what was there before */
  reply = call (f, "GetSubsearchResultSet", g_variant_new ("(^as^as)", previous, more), &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(^as)", &kept);
  g_assert_cmpuint (g_strv_length (kept), ==, 0);
}

static void
test_metas (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;

  g_assert_true (meta_of (f, "cluster\tbuiltin\tict-cluster", &name, &description));
  g_assert_cmpstr (name, ==, "ICT Cluster");
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&description, g_free);

  g_assert_true (meta_of (f, "event\tbuiltin\tnational-cluster-conference-2019", &name,
                          &description));
  g_assert_cmpstr (name, ==, "National Cluster Conference");
  g_assert_nonnull (description);
  g_assert_nonnull (strstr (description, "2019"));
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&description, g_free);

  g_assert_true (meta_of (f, "member\tbuiltin\tcleantech-bulgaria\t0", &name, &description));
  g_assert_cmpstr (name, ==, "Cleantech Bulgaria Foundation");
  g_assert_nonnull (strstr (description, "Cleantech Bulgaria"));
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&description, g_free);

  g_assert_true (meta_of (f, "project\tbuiltin\tbowi", &name, &description));
  g_assert_cmpstr (name, ==, "Booting Widening Digital Innovation Hubs");
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&description, g_free);

  /* Gone from the store, or never ours: no meta, no error */
  g_assert_false (meta_of (f, "cluster\tbuiltin\tno-such-cluster", &name, &description));
  g_assert_false (meta_of (f, "member\tbuiltin\tcleantech-bulgaria\t999", &name, &description));
  g_assert_false (meta_of (f, "garbage", &name, &description));
}

static void
test_activate (Fixture       *f,
               gconstpointer  data)
{
  const char *terms[] = { "ict", NULL };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = call (f, "ActivateResult",
                g_variant_new ("(s^asu)", "cluster\tbuiltin\tict-cluster", terms, 42), &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_variant_unref);
  reply = call (f, "ActivateResult",
                g_variant_new ("(s^asu)", "member\tbuiltin\tcleantech-bulgaria\t0", terms, 43),
                &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_variant_unref);
  g_assert_cmpuint (f->activated->len, ==, 2);
  g_assert_cmpstr (f->activated->pdata[0], ==, "0 builtin ict-cluster 0 42");
  g_assert_cmpstr (f->activated->pdata[1], ==, "1 builtin cleantech-bulgaria 0 43");

  /* Not one of ours: an error for the caller, nothing opened */
  reply = call (f, "ActivateResult", g_variant_new ("(s^asu)", "cluster\tonly-two", terms, 1),
                &error);
  g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
  g_assert_null (reply);
  g_clear_error (&error);
  g_assert_cmpuint (f->activated->len, ==, 2);

  reply = call (f, "LaunchSearch", g_variant_new ("(^asu)", (const char *[]) { "green", "tech", NULL }, 7),
                &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->launched->len, ==, 1);
  g_assert_cmpstr (f->launched->pdata[0], ==, "green tech 7");
}

static void
test_result_ids (void)
{
  CaSearchHit hit = { CA_SEARCH_MEMBER, (char *) "https://example.org/feed.json", (char *) "c1", 3, NULL };
  g_autofree char *id = ca_search_provider_result_id (&hit);
  g_autofree char *feed = NULL;
  g_autofree char *record = NULL;
  CaSearchKind kind;
  guint position;

  g_assert_true (ca_search_provider_parse_result_id (id, &kind, &feed, &record, &position));
  g_assert_cmpint (kind, ==, CA_SEARCH_MEMBER);
  g_assert_cmpstr (feed, ==, "https://example.org/feed.json");
  g_assert_cmpstr (record, ==, "c1");
  g_assert_cmpuint (position, ==, 3);

  g_assert_false (ca_search_provider_parse_result_id ("", &kind, &feed, &record, &position));
  g_assert_false (ca_search_provider_parse_result_id ("member\tf\tc", &kind, &feed, &record, &position));
  g_assert_false (ca_search_provider_parse_result_id ("member\tf\tc\tx", &kind, &feed, &record, &position));
  g_assert_false (ca_search_provider_parse_result_id ("event\tf\t", &kind, &feed, &record, &position));
  g_assert_false (ca_search_provider_parse_result_id ("event\tf\te\textra", &kind, &feed, &record, &position));
}

/* The Shell's search works on a store opened read only, as the app opens one it
 * cannot write (ca-application.c): results and their metas, nothing written */
static void
test_read_only_store (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *store_path = g_build_filename (f->dir, "atlas.db", NULL);
  g_autofree char *wal = g_strconcat (store_path, "-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  const char *terms[] = { "ict", NULL };
  g_auto(GStrv) ids = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  ca_search_provider_set_store (f->provider, NULL);
  g_clear_object (&f->store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (store_path, &contents, &len, NULL));
  before = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  g_clear_pointer (&contents, g_free);

  f->store = ca_store_open_full (store_path, CA_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  ca_search_provider_set_store (f->provider, f->store);
  ids = result_set (f, terms);
  g_assert_true (strv_has (ids, "cluster\tbuiltin\tict-cluster"));
  g_assert_true (meta_of (f, "cluster\tbuiltin\tict-cluster", &name, &description));
  g_assert_cmpstr (name, ==, "ICT Cluster");

  ca_search_provider_set_store (f->provider, NULL);
  g_clear_object (&f->store);
  g_assert_true (g_file_get_contents (store_path, &contents, &len, NULL));
  after = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  g_assert_cmpstr (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search-provider/result-ids", test_result_ids);
  g_test_add ("/search-provider/initial", Fixture, NULL,
              fixture_set_up, test_initial, fixture_tear_down);
  g_test_add ("/search-provider/subsearch", Fixture, NULL,
              fixture_set_up, test_subsearch, fixture_tear_down);
  g_test_add ("/search-provider/metas", Fixture, NULL,
              fixture_set_up, test_metas, fixture_tear_down);
  g_test_add ("/search-provider/activate", Fixture, NULL,
              fixture_set_up, test_activate, fixture_tear_down);
  g_test_add ("/search-provider/read-only-store", Fixture, NULL,
              fixture_set_up, test_read_only_store, fixture_tear_down);

  return g_test_run ();
}
