/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A real SoupServer on 127.0.0.1 for the tests that talk HTTP: the sync, the
 * command line's --sync, the feeds page. It listens on a port of its own, runs on
 * the main context of the thread that made it, and hands every request to the
 * test's callback. */

#define CA_TYPE_TEST_SERVER (ca_test_server_get_type ())
G_DECLARE_FINAL_TYPE (CaTestServer, ca_test_server, CA, TEST_SERVER, GObject)

/* http://127.0.0.1:PORT/, every path answered by callback */
CaTestServer *ca_test_server_new              (SoupServerCallback  callback,
                                               gpointer            user_data);
/* https://127.0.0.1:PORT/ with a self-signed certificate for 127.0.0.1, made with
 * openssl in dir (which must exist until the server is gone) */
CaTestServer *ca_test_server_new_https        (const char         *dir,
                                               SoupServerCallback  callback,
                                               gpointer            user_data);

/* The base address, with the trailing slash */
const char   *ca_test_server_get_url          (CaTestServer       *self);
/* The base address followed by path */
char         *ca_test_server_dup_url          (CaTestServer       *self,
                                               const char         *path);
/* A database that trusts the https server's certificate (NULL for http) */
GTlsDatabase *ca_test_server_get_tls_database (CaTestServer       *self);
SoupServer   *ca_test_server_get_soup_server  (CaTestServer       *self);

/* Closes the port (a connection to it is then refused) and every connection.
 * Safe to call twice; the last unref calls it. */
void          ca_test_server_stop             (CaTestServer       *self);

/* bytes gzipped (at the best compression: a small body that inflates a lot), for
 * Content-Encoding: gzip */
GBytes       *ca_test_gzip                    (GBytes             *bytes);

/* Answers msg with 200 and body as content_type */
void          ca_test_server_reply            (SoupServerMessage  *msg,
                                               const char         *content_type,
                                               GBytes             *body);

G_END_DECLS
