/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-test-drip-server"

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

#include "ca-test-drip-server.h"

struct _CaTestDripServer
{
  GSocket      *listener;
  GCancellable *stop;
  GThread      *thread;
  char         *url;

  GMutex        lock;
  GCond         cond;
  GBytes       *whole;       /* the whole answer, or NULL to drip */
  char         *drip;
  guint         interval_ms;
  guint         dripped;
  guint         ended;
};

/* Reads up to the blank line that ends the request's head */
static gboolean
read_request (CaTestDripServer *self,
              GSocket          *client)
{
  g_autoptr(GString) head = g_string_new (NULL);
  char buffer[1024];

  while (strstr (head->str, "\r\n\r\n") == NULL)
    {
      gssize n = g_socket_receive (client, buffer, sizeof buffer, self->stop, NULL);

      if (n <= 0 || head->len > 64 * 1024)
        return FALSE;
      g_string_append_len (head, buffer, n);
    }
  return TRUE;
}

/* Waits interval_ms unless stopped; FALSE when stopped */
static gboolean
wait_interval (CaTestDripServer *self,
       guint             interval_ms)
{
  gint64 until = g_get_monotonic_time () + interval_ms * G_TIME_SPAN_MILLISECOND;
  gboolean stopped;

  g_mutex_lock (&self->lock);
  while (!(stopped = g_cancellable_is_cancelled (self->stop)) &&
         g_cond_wait_until (&self->cond, &self->lock, until))
    ;
  stopped = g_cancellable_is_cancelled (self->stop);
  g_mutex_unlock (&self->lock);
  return !stopped;
}

static void
answer (CaTestDripServer *self,
        GSocket          *client)
{
  g_autoptr(GBytes) whole = NULL;
  g_autofree char *drip = NULL;
  guint interval_ms;

  g_mutex_lock (&self->lock);
  whole = self->whole != NULL ? g_bytes_ref (self->whole) : NULL;
  drip = g_strdup (self->drip);
  interval_ms = self->interval_ms;
  g_mutex_unlock (&self->lock);

  if (!read_request (self, client))
    return;

  if (whole != NULL)
    {
      g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                                               "Content-Type: application/json\r\n"
                                               "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                               "Connection: close\r\n\r\n",
                                               g_bytes_get_size (whole));
      gsize size;
      const char *data = g_bytes_get_data (whole, &size);

      if (g_socket_send_with_blocking (client, head, strlen (head), TRUE, self->stop, NULL) > 0)
        while (size > 0)
          {
            gssize n = g_socket_send_with_blocking (client, data, size, TRUE, self->stop, NULL);

            if (n <= 0)
              break;
            data += n;
            size -= n;
          }
      g_socket_shutdown (client, FALSE, TRUE, NULL);
      return;
    }

  for (const char *p = drip; p != NULL && *p != '\0'; p++)
    {
      /* The client gone: a read returns 0 (or fails) at once */
      if (g_socket_condition_check (client, G_IO_IN | G_IO_HUP | G_IO_ERR) != 0)
        return;
      if (g_socket_send_with_blocking (client, p, 1, TRUE, self->stop, NULL) != 1)
        return;
      g_mutex_lock (&self->lock);
      self->dripped++;
      g_mutex_unlock (&self->lock);
      if (!wait_interval (self, interval_ms))
        return;
    }
  /* All dripped: hold the connection until the client lets go */
  while (g_socket_condition_check (client, G_IO_IN | G_IO_HUP | G_IO_ERR) == 0 &&
         wait_interval (self, 50))
    ;
}

static gpointer
serve_thread (gpointer data)
{
  CaTestDripServer *self = data;

  for (;;)
    {
      g_autoptr(GSocket) client = g_socket_accept (self->listener, self->stop, NULL);

      if (client == NULL)
        break;
      answer (self, client);
      g_socket_close (client, NULL);
      g_mutex_lock (&self->lock);
      self->ended++;
      g_mutex_unlock (&self->lock);
    }
  return NULL;
}

CaTestDripServer *
ca_test_drip_server_new (void)
{
  CaTestDripServer *self = g_new0 (CaTestDripServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->stop = g_cancellable_new ();
  self->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (self->listener, any_port, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (self->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (self->listener, &error);
  g_assert_no_error (error);
  self->url = g_strdup_printf ("http://127.0.0.1:%u/feed.json",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  self->thread = g_thread_new ("drip-server", serve_thread, self);
  return self;
}

const char *
ca_test_drip_server_get_url (CaTestDripServer *self)
{
  return self->url;
}

void
ca_test_drip_server_serve_whole (CaTestDripServer *self,
                                 GBytes           *body)
{
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->whole, g_bytes_unref);
  self->whole = g_bytes_ref (body);
  g_mutex_unlock (&self->lock);
}

void
ca_test_drip_server_serve_drip (CaTestDripServer *self,
                                const char       *text,
                                guint             interval_ms)
{
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->whole, g_bytes_unref);
  g_free (self->drip);
  self->drip = g_strdup (text);
  self->interval_ms = interval_ms;
  g_mutex_unlock (&self->lock);
}

guint
ca_test_drip_server_get_dripped (CaTestDripServer *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->dripped;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
ca_test_drip_server_get_ended (CaTestDripServer *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->ended;
  g_mutex_unlock (&self->lock);
  return n;
}

void
ca_test_drip_server_free (CaTestDripServer *self)
{
  if (self == NULL)
    return;
  g_mutex_lock (&self->lock);
  g_cancellable_cancel (self->stop);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  g_socket_close (self->listener, NULL);
  g_object_unref (self->listener);
  g_object_unref (self->stop);
  g_clear_pointer (&self->whole, g_bytes_unref);
  g_free (self->drip);
  g_free (self->url);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

/* A server whose queue of connections is full and that never accepts: the kernel
 * drops the next handshake, so a connection to it hangs where a slow network or a
 * dead host would. The queue is filled here; the listening socket's fd is
 * returned, the port in *port, the fillers' fds in fillers. */
int
ca_test_listen_full (guint16 *port,
                     GArray  *fillers)
{
  struct sockaddr_in addr = { .sin_family = AF_INET,
                              .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (fd, 0), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  *port = ntohs (addr.sin_port);

  /* Connect until one does not complete: the queue is then full */
  for (guint i = 0; i < 16; i++)
    {
      int c = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
      struct pollfd p = { .fd = c, .events = POLLOUT };

      g_assert_cmpint (c, >=, 0);
      g_array_append_val (fillers, c);
      if (connect (c, (struct sockaddr *) &addr, sizeof addr) == 0)
        continue;
      g_assert_cmpint (errno, ==, EINPROGRESS);
      if (poll (&p, 1, 300) == 0)
        return fd;
    }
  g_error ("the connection queue of a socket listening with a backlog of 0 never filled");
}
