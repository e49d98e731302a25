/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-test-server"

#include "config.h"

#include "ca-test-server.h"

/* How long stop() lets a TLS handshake under way end before it calls it a hang */
#define HANDSHAKE_WAIT_SECONDS 20

struct _CaTestServer {
  GObject       parent_instance;

  SoupServer   *server;
  GMainContext *context;
  char         *url;
  GTlsDatabase *tls_database;

  /* Every connection seen (its GSocket, held so that a new connection cannot reuse
   * the pointer), to tell a connection's first message from the ones after it */
  GHashTable   *sockets;
  /* The first message of each connection whose TLS handshake has not ended yet, held */
  GPtrArray    *handshaking;
  gboolean      stopped;
};

G_DEFINE_FINAL_TYPE (CaTestServer, ca_test_server, G_TYPE_OBJECT)

/*
 * Why the server waits for TLS handshakes before it stops: libsoup 3.6.5 (Debian 13)
 * starts the server side of a handshake with no cancellable and a bare pointer to its
 * SoupServerConnection. soup_server_disconnect() frees the connection while the
 * handshake is under way; the handshake then ends with an error and its callback,
 * tls_connection_handshake_ready_cb(), calls soup_server_connection_disconnect() on
 * the freed connection. The sync-tls test did just that: the client refused the
 * server's untrusted certificate and went, the test ended at once, its tear-down
 * disconnected the server before the server's side of the failed handshake came
 * back, and the main loop then ran the callback ("soup_server_connection_disconnect:
 * assertion 'SOUP_IS_SERVER_CONNECTION (conn)' failed", or SIGSEGV with
 * MALLOC_PERTURB_). libsoup 3.6.6 and 3.7.1 fix it (commit "server-connection: check
 * for cancellation in handshake callback": a cancellable cancelled in finalize).
 *
 * A handshake's end is seen on the connection's first message: "connected" when it
 * succeeded, "disconnected" when it failed. stop() waits for every one before it
 * disconnects. That hides nothing of the client: a client that leaves a handshake
 * hanging makes stop() fail the test.
 */

static void
handshake_ended (CaTestServer      *self,
                 SoupServerMessage *msg)
{
  g_signal_handlers_disconnect_by_func (msg, handshake_ended, self);
  g_ptr_array_remove_fast (self->handshaking, msg);
}

static void
request_started (SoupServer        *server,
                 SoupServerMessage *msg,
                 CaTestServer      *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket == NULL || g_hash_table_contains (self->sockets, socket))
    return;
  g_hash_table_add (self->sockets, g_object_ref (socket));

  /* The message holds its connection: held here, neither is freed before the
   * handshake's callback has run */
  g_ptr_array_add (self->handshaking, g_object_ref (msg));
  g_signal_connect_object (msg, "connected", G_CALLBACK (handshake_ended), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (msg, "disconnected", G_CALLBACK (handshake_ended), self,
                           G_CONNECT_SWAPPED);
}

static void
wait_for_handshakes (CaTestServer *self)
{
  gint64 end = g_get_monotonic_time () + HANDSHAKE_WAIT_SECONDS * G_USEC_PER_SEC;

  while (self->handshaking->len > 0)
    {
      if (g_get_monotonic_time () > end)
        g_error ("A TLS handshake with the test server did not end in %d s: the client "
                 "neither finished it nor closed its connection", HANDSHAKE_WAIT_SECONDS);
      if (!g_main_context_iteration (self->context, FALSE))
        g_usleep (1000);
    }
}

static void
listen_local (CaTestServer            *self,
              SoupServerListenOptions  options)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  if (!soup_server_listen (self->server, address, options, &error))
    g_error ("The test server cannot listen on 127.0.0.1: %s", error->message);
  uris = soup_server_get_uris (self->server);
  g_assert_cmpuint (g_slist_length (uris), ==, 1);
  self->url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

/* A self-signed certificate for 127.0.0.1, made now: nothing is downloaded */
static GTlsCertificate *
make_certificate (const char  *dir,
                  char       **cert_path)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *cert = g_build_filename (dir, "test-server-cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "test-server-key.pem", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;
  int status = 0;
  const char *argv[] = {
    openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
    "-keyout", key, "-out", cert, NULL
  };

  if (openssl == NULL)
    g_error ("The https test server needs openssl to make its certificate "
             "(Debian: openssl, in tools/deps.sh)");
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, &err, &status, &error))
    g_error ("Cannot run openssl: %s", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("openssl could not make the test certificate: %s\n%s", error->message, err);

  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  *cert_path = g_steal_pointer (&cert);
  return certificate;
}

static CaTestServer *
new_server (GTlsCertificate    *certificate,
            SoupServerCallback  callback,
            gpointer            user_data)
{
  CaTestServer *self = g_object_new (CA_TYPE_TEST_SERVER, NULL);

  self->server = soup_server_new ("server-header", "ca-test-server ",
                                  "tls-certificate", certificate,
                                  NULL);
  g_signal_connect_object (self->server, "request-started", G_CALLBACK (request_started),
                           self, 0);
  soup_server_add_handler (self->server, NULL, callback, user_data, NULL);
  return self;
}

static void
ca_test_server_dispose (GObject *object)
{
  CaTestServer *self = CA_TEST_SERVER (object);

  if (self->server != NULL)
    ca_test_server_stop (self);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (ca_test_server_parent_class)->dispose (object);
}

static void
ca_test_server_finalize (GObject *object)
{
  CaTestServer *self = CA_TEST_SERVER (object);

  g_clear_pointer (&self->handshaking, g_ptr_array_unref);
  g_clear_pointer (&self->sockets, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->tls_database);
  g_free (self->url);

  G_OBJECT_CLASS (ca_test_server_parent_class)->finalize (object);
}

static void
ca_test_server_class_init (CaTestServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ca_test_server_dispose;
  object_class->finalize = ca_test_server_finalize;
}

static void
ca_test_server_init (CaTestServer *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->sockets = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->handshaking = g_ptr_array_new_with_free_func (g_object_unref);
}

CaTestServer *
ca_test_server_new (SoupServerCallback callback,
                    gpointer           user_data)
{
  CaTestServer *self;

  g_return_val_if_fail (callback != NULL, NULL);

  self = new_server (NULL, callback, user_data);
  listen_local (self, 0);
  g_assert_true (g_str_has_prefix (self->url, "http://127.0.0.1:"));
  return self;
}

CaTestServer *
ca_test_server_new_https (const char         *dir,
                          SoupServerCallback  callback,
                          gpointer            user_data)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *cert_path = NULL;
  g_autoptr(GError) error = NULL;
  CaTestServer *self;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (callback != NULL, NULL);

  certificate = make_certificate (dir, &cert_path);
  self = new_server (certificate, callback, user_data);
  listen_local (self, SOUP_SERVER_LISTEN_HTTPS);
  g_assert_true (g_str_has_prefix (self->url, "https://127.0.0.1:"));
  self->tls_database = g_tls_file_database_new (cert_path, &error);
  g_assert_no_error (error);
  return self;
}

const char *
ca_test_server_get_url (CaTestServer *self)
{
  g_return_val_if_fail (CA_IS_TEST_SERVER (self), NULL);

  return self->url;
}

char *
ca_test_server_dup_url (CaTestServer *self,
                        const char   *path)
{
  g_return_val_if_fail (CA_IS_TEST_SERVER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return g_strconcat (self->url, path[0] == '/' ? path + 1 : path, NULL);
}

GTlsDatabase *
ca_test_server_get_tls_database (CaTestServer *self)
{
  g_return_val_if_fail (CA_IS_TEST_SERVER (self), NULL);

  return self->tls_database;
}

SoupServer *
ca_test_server_get_soup_server (CaTestServer *self)
{
  g_return_val_if_fail (CA_IS_TEST_SERVER (self), NULL);

  return self->server;
}

void
ca_test_server_stop (CaTestServer *self)
{
  g_return_if_fail (CA_IS_TEST_SERVER (self));

  if (self->stopped)
    return;
  self->stopped = TRUE;
  wait_for_handshakes (self);
  soup_server_disconnect (self->server);
  g_hash_table_remove_all (self->sockets);
}

void
ca_test_server_reply (SoupServerMessage *msg,
                      const char        *content_type,
                      GBytes            *body)
{
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (body != NULL);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

GBytes *
ca_test_gzip (GBytes *bytes)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GInputStream) plain = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GInputStream) zipped = g_converter_input_stream_new (plain, G_CONVERTER (compressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_assert_cmpint (g_output_stream_splice (out, zipped, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                           G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL),
                   >, 0);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}
