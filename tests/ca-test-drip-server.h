/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A raw HTTP server on 127.0.0.1, for what a SoupServer cannot be made to do: send
 * its status line and headers one byte at a time. It runs in a thread of its own
 * (the client under test may block the test's main context) and answers one
 * connection after the other, after reading the request's head:
 *   - whole: the bytes given, then the connection is closed;
 *   - drip: the text given, one byte every interval, for as long as the client
 *     stays (a closed connection ends it). */

typedef struct _CaTestDripServer CaTestDripServer;

CaTestDripServer *ca_test_drip_server_new         (void);
/* http://127.0.0.1:PORT/feed.json */
const char       *ca_test_drip_server_get_url     (CaTestDripServer *self);
/* The next connections get a 200 with body as application/json, whole */
void              ca_test_drip_server_serve_whole (CaTestDripServer *self,
                                                   GBytes           *body);
/* The next connections get text one byte every interval_ms */
void              ca_test_drip_server_serve_drip  (CaTestDripServer *self,
                                                   const char       *text,
                                                   guint             interval_ms);
/* Bytes dripped so far, over every connection */
guint             ca_test_drip_server_get_dripped (CaTestDripServer *self);
/* Connections that ended: the client closed them, or a whole answer was sent */
guint             ca_test_drip_server_get_ended   (CaTestDripServer *self);
void              ca_test_drip_server_free        (CaTestDripServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaTestDripServer, ca_test_drip_server_free)

/* A server whose queue of connections is full and that never accepts: a connection
 * to it hangs as one to a dead host would. Returns the listening socket's fd, its
 * port in *port and the fds that fill its queue in fillers (ints); close them all. */
int               ca_test_listen_full             (guint16          *port,
                                                   GArray           *fillers);

G_END_DECLS
