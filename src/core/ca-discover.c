/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-discover"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>

#include "ca-discover.h"
#include "ca-format.h"
#include "ca-sync-private.h"

/*
 * Discovery: a cluster's website announces its calendar in the head of its pages
 * (<link rel="alternate" type="text/calendar" href="…">, as The Events Calendar
 * writes it). The page is fetched with the sync's session and under its rules —
 * the address rules, redirects counted and never down from https, the connect
 * timeout, libsoup's idle timeout, the deadline — and only its first MiB is read.
 * The page is untrusted: it is read by libxml2's HTML parser, which never fetches
 * anything (HTML_PARSE_NONET), and only the links' addresses that pass the sync's
 * address rules come out.
 */

#define READ_CHUNK (64 * 1024)

void
ca_discovered_calendar_free (CaDiscoveredCalendar *calendar)
{
  if (calendar == NULL)
    return;
  g_free (calendar->url);
  g_free (calendar->title);
  g_free (calendar);
}

void
ca_discovery_free (CaDiscovery *discovery)
{
  if (discovery == NULL)
    return;
  g_free (discovery->page_url);
  g_ptr_array_unref (discovery->calendars);
  g_free (discovery);
}

/* {{{ The page */

static gboolean
is_html_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* rel is a set of space-separated keywords, compared without case */
static gboolean
rel_has_alternate (const char *rel)
{
  const char *p = rel;

  while (*p != '\0')
    {
      const char *start;

      while (is_html_space (*p))
        p++;
      start = p;
      while (*p != '\0' && !is_html_space (*p))
        p++;
      if (p - start == 9 && g_ascii_strncasecmp (start, "alternate", 9) == 0)
        return TRUE;
    }
  return FALSE;
}

/* "text/calendar", with or without parameters */
static gboolean
type_is_calendar (const char *type)
{
  g_autofree char *essence = g_strdup (type);
  char *semicolon = strchr (essence, ';');

  if (semicolon != NULL)
    *semicolon = '\0';
  g_strstrip (essence);
  return g_ascii_strcasecmp (essence, "text/calendar") == 0;
}

static char *
get_attribute (xmlNode    *node,
               const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_utf8_make_valid ((const char *) value, -1);
  xmlFree (value);
  return copy;
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE &&
         xmlStrcasecmp (node->name, (const xmlChar *) name) == 0;
}

/* href against base, as a feed key the sync accepts, or NULL */
static char *
resolve (GUri       *base,
         const char *href)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (href));
  g_autofree char *address = ca_sync_webcal_to_https (trimmed);
  g_autoptr(GUri) uri = NULL;
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;

  if (*address == '\0')
    return NULL;
  uri = base != NULL
        ? g_uri_parse_relative (base, address, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL)
        : g_uri_parse (address, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (uri == NULL)
    return NULL;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0 &&
      g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0)
    return NULL;
  text = g_uri_to_string (uri);
  /* The same rules as an address the user gives: http only on this computer */
  key = ca_sync_check_url (text, NULL);
  if (key == NULL || !g_str_has_prefix (key, "http"))
    return NULL;
  return g_steal_pointer (&key);
}

static gboolean
has_url (GPtrArray  *calendars,
         const char *url)
{
  for (guint i = 0; i < calendars->len; i++)
    if (g_str_equal (((CaDiscoveredCalendar *) calendars->pdata[i])->url, url))
      return TRUE;
  return FALSE;
}

GPtrArray *
ca_discover_parse_page (const char *data,
                        gsize       len,
                        const char *page_url)
{
  GPtrArray *calendars = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_discovered_calendar_free);
  g_autoptr(GUri) base = NULL;
  htmlDocPtr doc;
  xmlNode *root, *head = NULL;

  g_return_val_if_fail (data != NULL || len == 0, calendars);

  if (len == 0)
    return calendars;
  if (page_url != NULL)
    base = g_uri_parse (page_url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  /* No network, no messages on stderr for a page's mistakes, and a page cut at
   * the limit still gives what came before */
  doc = htmlReadMemory (data, (int) MIN (len, CA_DISCOVER_MAX_PAGE), page_url, NULL,
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_RECOVER);
  if (doc == NULL)
    return calendars;

  root = xmlDocGetRootElement (doc);
  for (xmlNode *node = root != NULL ? root->children : NULL; node != NULL; node = node->next)
    if (is_element (node, "head"))
      {
        head = node;
        break;
      }

  for (xmlNode *node = head != NULL ? head->children : NULL; node != NULL; node = node->next)
    {
      g_autofree char *rel = NULL;
      g_autofree char *type = NULL;
      g_autofree char *href = NULL;
      g_autofree char *url = NULL;
      CaDiscoveredCalendar *calendar;

      /* The first <base href> in the head changes what relative links mean */
      if (is_element (node, "base"))
        {
          g_autofree char *base_href = get_attribute (node, "href");
          GUri *new_base;

          if (base_href != NULL && base != NULL &&
              (new_base = g_uri_parse_relative (base, g_strstrip (base_href),
                                                G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED,
                                                NULL)) != NULL)
            {
              g_uri_unref (base);
              base = new_base;
            }
          continue;
        }
      if (!is_element (node, "link"))
        continue;
      rel = get_attribute (node, "rel");
      type = get_attribute (node, "type");
      href = get_attribute (node, "href");
      if (rel == NULL || type == NULL || href == NULL ||
          !rel_has_alternate (rel) || !type_is_calendar (type))
        continue;
      if ((url = resolve (base, href)) == NULL || has_url (calendars, url))
        continue;
      calendar = g_new0 (CaDiscoveredCalendar, 1);
      calendar->url = g_steal_pointer (&url);
      calendar->title = get_attribute (node, "title");
      if (calendar->title != NULL && *g_strstrip (calendar->title) == '\0')
        g_clear_pointer (&calendar->title, g_free);
      g_ptr_array_add (calendars, calendar);
    }
  xmlFreeDoc (doc);
  return calendars;
}

/* }}} */

/* {{{ The fetch */

typedef struct {
  CaSync       *sync;
  GUri         *uri;
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *body;
  guint         redirects;
  GCancellable *cancellable;    /* cancelled by the caller's and by the timers */
  GCancellable *caller;
  gulong        caller_handler;
  guint         connect_source;
  guint         deadline_source;
  gboolean      connect_timed_out;
  gboolean      deadline_hit;
  gboolean      sniff;          /* no Content-Type says what it is: the first bytes will */
} DiscoverOp;

static void
discover_op_free (DiscoverOp *op)
{
  g_clear_handle_id (&op->connect_source, g_source_remove);
  g_clear_handle_id (&op->deadline_source, g_source_remove);
  if (op->caller_handler != 0)
    g_cancellable_disconnect (op->caller, op->caller_handler);
  g_clear_object (&op->caller);
  g_clear_object (&op->cancellable);
  g_clear_object (&op->stream);
  if (op->msg != NULL)
    g_signal_handlers_disconnect_by_data (op->msg, op);
  g_clear_object (&op->msg);
  g_clear_pointer (&op->uri, g_uri_unref);
  g_clear_pointer (&op->body, g_byte_array_unref);
  g_clear_object (&op->sync);
  g_free (op);
}

static const char *
op_host (DiscoverOp *op)
{
  return g_uri_get_host (op->uri);
}

static void
fail (GTask  *task,
      GError *error)
{
  DiscoverOp *op = g_task_get_task_data (task);

  g_clear_handle_id (&op->connect_source, g_source_remove);
  g_clear_handle_id (&op->deadline_source, g_source_remove);
  g_clear_object (&op->stream);
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* The sync's words for the same failures */
static GError *
transport_error (DiscoverOp *op,
                 GError     *error)
{
  const char *host = op_host (op);
  GError *mapped;

  if (op->deadline_hit || op->connect_timed_out)
    {
      g_autofree char *after = ca_format_seconds (op->deadline_hit
                                                  ? ca_sync_get_deadline (op->sync)
                                                  : _ca_sync_get_connect_timeout (op->sync));

      return op->deadline_hit
             ? g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_TIMEOUT,
                            _("%s did not answer: gave up after %s"), host, after)
             : g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_TIMEOUT,
                            _("Could not connect to %s: gave up after %s"), host, after);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if ((mapped = _ca_sync_connection_error (host, error)) != NULL)
    return mapped;
  return g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_NETWORK,
                      _("Could not reach %s: %s"), host, error->message);
}

static void
parse_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DiscoverOp *op = task_data;
  CaDiscovery *discovery = g_new0 (CaDiscovery, 1);

  discovery->is_page = TRUE;
  discovery->page_url = g_uri_to_string_partial (op->uri, G_URI_HIDE_USERINFO |
                                                 G_URI_HIDE_FRAGMENT);
  discovery->calendars = ca_discover_parse_page ((const char *) op->body->data, op->body->len,
                                                 discovery->page_url);
  g_task_return_pointer (task, discovery, (GDestroyNotify) ca_discovery_free);
}

static void
not_a_page (GTask *task)
{
  DiscoverOp *op = g_task_get_task_data (task);
  CaDiscovery *discovery = g_new0 (CaDiscovery, 1);

  g_clear_handle_id (&op->deadline_source, g_source_remove);
  /* Dropping the stream unread closes the connection: a calendar is not downloaded */
  g_clear_object (&op->stream);
  discovery->page_url = g_uri_to_string_partial (op->uri, G_URI_HIDE_USERINFO |
                                                 G_URI_HIDE_FRAGMENT);
  discovery->calendars = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_discovered_calendar_free);
  g_task_return_pointer (task, discovery, (GDestroyNotify) ca_discovery_free);
  g_object_unref (task);
}

static void read_next (GTask *task);

static void
read_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  GTask *task = user_data;
  DiscoverOp *op = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), res, &error);
  if (chunk == NULL)
    {
      fail (task, transport_error (op, error));
      return;
    }
  len = g_bytes_get_size (chunk);
  if (len > 0 && op->sniff)
    {
      g_autofree char *guess = g_content_type_guess (NULL, g_bytes_get_data (chunk, NULL),
                                                     len, NULL);

      op->sniff = FALSE;
      if (!g_content_type_is_a (guess, "text/html"))
        {
          not_a_page (task);
          return;
        }
    }
  g_byte_array_append (op->body, g_bytes_get_data (chunk, NULL),
                       MIN (len, CA_DISCOVER_MAX_PAGE - op->body->len));
  /* The head is at the start: the rest of a large page is never read */
  if (len == 0 || op->body->len >= CA_DISCOVER_MAX_PAGE)
    {
      g_clear_handle_id (&op->deadline_source, g_source_remove);
      g_clear_object (&op->stream);
      g_task_run_in_thread (task, parse_thread);
      g_object_unref (task);
      return;
    }
  read_next (task);
}

static void
read_next (GTask *task)
{
  DiscoverOp *op = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (op->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   op->cancellable, read_done, task);
}

/* What a server sends when it does not know what a file is */
static gboolean
is_unknown_type (const char *content_type)
{
  return content_type == NULL ||
         g_ascii_strcasecmp (content_type, "text/plain") == 0 ||
         g_ascii_strcasecmp (content_type, "application/octet-stream") == 0;
}

static void start_request (GTask *task);

static void
request_sent (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  GTask *task = user_data;
  DiscoverOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *content_type;
  guint status;

  op->stream = soup_session_send_finish (SOUP_SESSION (source), res, &error);
  g_clear_handle_id (&op->connect_source, g_source_remove);
  if (op->stream == NULL)
    {
      fail (task, transport_error (op, error));
      return;
    }

  status = soup_message_get_status (op->msg);
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (
        soup_message_get_response_headers (op->msg), "Location");
      GUri *next;

      if (location != NULL)
        {
          g_clear_object (&op->stream);
          if ((next = _ca_sync_redirect_target (op->uri, location, ++op->redirects,
                                                &error)) == NULL)
            {
              fail (task, g_steal_pointer (&error));
              return;
            }
          g_uri_unref (op->uri);
          op->uri = next;
          start_request (task);
          return;
        }
    }
  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
    {
      fail (task, g_error_new (CA_SYNC_ERROR, CA_SYNC_ERROR_NOT_FOUND,
                               /* Translators: %s is a server name */
                               _("There is no page at this address on %s (HTTP %u)."),
                               op_host (op), status));
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      fail (task, _ca_sync_http_error (op_host (op), op->msg));
      return;
    }

  content_type = soup_message_headers_get_content_type (
    soup_message_get_response_headers (op->msg), NULL);
  if (!_ca_sync_is_web_page (content_type))
    {
      if (!is_unknown_type (content_type))
        {
          not_a_page (task);
          return;
        }
      op->sniff = TRUE;
    }
  op->body = g_byte_array_sized_new (READ_CHUNK);
  read_next (task);
}

static gboolean
connect_timed_out (gpointer user_data)
{
  DiscoverOp *op = user_data;

  op->connect_source = 0;
  op->connect_timed_out = TRUE;
  g_cancellable_cancel (op->cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
deadline_passed (gpointer user_data)
{
  DiscoverOp *op = user_data;

  op->deadline_source = 0;
  op->deadline_hit = TRUE;
  g_cancellable_cancel (op->cancellable);
  return G_SOURCE_REMOVE;
}

static void
network_event (SoupMessage        *msg,
               GSocketClientEvent  event,
               GIOStream          *connection,
               gpointer            user_data)
{
  DiscoverOp *op = user_data;

  if ((event == G_SOCKET_CLIENT_RESOLVING || event == G_SOCKET_CLIENT_CONNECTING) &&
      op->connect_source == 0)
    op->connect_source = g_timeout_add_seconds (_ca_sync_get_connect_timeout (op->sync),
                                                connect_timed_out, op);
  else if (event == G_SOCKET_CLIENT_COMPLETE)
    g_clear_handle_id (&op->connect_source, g_source_remove);
}

static void
start_request (GTask *task)
{
  DiscoverOp *op = g_task_get_task_data (task);

  if (op->msg != NULL)
    g_signal_handlers_disconnect_by_data (op->msg, op);
  g_clear_object (&op->msg);
  op->msg = soup_message_new_from_uri (SOUP_METHOD_GET, op->uri);
  /* Redirects are the sync's: counted, never from https down to http */
  soup_message_add_flags (op->msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (op->msg), "Accept",
                                "text/html, application/xhtml+xml, */*;q=0.1");
  g_signal_connect (op->msg, "network-event", G_CALLBACK (network_event), op);
  soup_session_send_async (ca_sync_get_session (op->sync), op->msg, G_PRIORITY_DEFAULT,
                           op->cancellable, request_sent, task);
}

static void
caller_cancelled (GCancellable *caller,
                  gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* }}} */

void
ca_discover_async (CaSync              *sync,
                   const char          *url,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *key = NULL;
  DiscoverOp *op;

  g_return_if_fail (CA_IS_SYNC (sync));
  g_return_if_fail (url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (sync, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_discover_async);

  address = ca_sync_webcal_to_https (url);
  if ((key = ca_sync_check_url (address, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!g_str_has_prefix (key, "http"))
    {
      g_task_return_new_error (task, CA_SYNC_ERROR, CA_SYNC_ERROR_BAD_URL,
                               _("A calendar is found on a web page: give a web address "
                                 "(https://)."));
      return;
    }

  op = g_new0 (DiscoverOp, 1);
  op->sync = g_object_ref (sync);
  op->uri = g_uri_parse (key, G_URI_FLAGS_ENCODED, NULL);
  g_assert (op->uri != NULL);
  op->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, op, (GDestroyNotify) discover_op_free);
  if (cancellable != NULL)
    {
      op->caller = g_object_ref (cancellable);
      op->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled),
                                                  g_object_ref (op->cancellable),
                                                  g_object_unref);
    }
  op->deadline_source = g_timeout_add_seconds (ca_sync_get_deadline (sync), deadline_passed, op);
  start_request (g_steal_pointer (&task));
}

CaDiscovery *
ca_discover_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ca_discover_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
