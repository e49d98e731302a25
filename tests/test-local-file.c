/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-local-file"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ca-local-file.h"
#include "ca-store.h"
#include "ca-sync.h"
#include "ca-test-core.h"
#include "ca-test-feed.h"

/*
 * The bounded, regular-file-only reader (src/core/ca-local-file.c) on real files, a
 * FIFO, a socket, a directory, devices and a sparse file; and a sync of a local feed
 * that is one of them (src/core/ca-sync.c), on a real store.
 */

#define MiB (1024 * 1024)

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("ca-local-file-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  ca_test_remove_tree (fx->dir);
  g_free (fx->dir);
}

static char *
make_path (Fixture    *fx,
           const char *name)
{
  return g_build_filename (fx->dir, name, NULL);
}

static char *
make_file (Fixture    *fx,
           const char *name,
           gsize       size)
{
  char *path = make_path (fx, name);
  g_autofree char *contents = g_malloc (size + 1);

  for (gsize i = 0; i < size; i++)
    contents[i] = 'a' + i % 26;
  g_assert_true (g_file_set_contents (path, contents, size, NULL));
  return path;
}

/* This process's peak resident memory (KiB), after resetting it: what the next
 * read adds is what its peak minus the start shows */
static void
reset_peak_rss (void)
{
  int fd = g_open ("/proc/self/clear_refs", O_WRONLY, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "5", 1), ==, 1);
  close (fd);
}

static gint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10);
}

static gint64
current_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);
}

static void
test_regular (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *path = make_file (fx, "feed.json", 300 * 1024);
  g_autofree char *link = make_path (fx, "link.json");
  g_autofree char *empty = make_file (fx, "empty.json", 0);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) linked = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  bytes = ca_local_file_read (path, MiB, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), contents, len);

  /* A symbolic link to a regular file is read: the file it points to */
  g_assert_cmpint (symlink (path, link), ==, 0);
  linked = ca_local_file_read (link, MiB, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, linked));

  none = ca_local_file_read (empty, MiB, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (none), ==, 0);

  g_assert_null (ca_local_file_read ("/nonexistent/feed.json", MiB, NULL, &error));
  g_assert_error (error, CA_LOCAL_FILE_ERROR, CA_LOCAL_FILE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "/nonexistent/feed.json"));
}

/* Refused at once, with what it is, and never read */
static void
assert_refused (const char *path,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  GBytes *bytes = ca_local_file_read (path, MiB, NULL, &error);

  g_assert_null (bytes);
  g_assert_error (error, CA_LOCAL_FILE_ERROR, CA_LOCAL_FILE_ERROR_NOT_REGULAR);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, words));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_clear_error (&error);

  /* As a store's path too */
  g_assert_false (ca_local_file_check (path, &error));
  g_assert_error (error, CA_LOCAL_FILE_ERROR, CA_LOCAL_FILE_ERROR_NOT_REGULAR);
}

static void
test_not_regular (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *fifo = make_path (fx, "fifo.json");
  g_autofree char *fifo_link = make_path (fx, "fifo-link.json");
  g_autofree char *socket_path = make_path (fx, "socket.json");
  g_autofree char *folder = make_path (fx, "folder.json");
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  g_autoptr(GError) error = NULL;
  int sock;

  /* A FIFO with no writer: opening it for reading would block for ever */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_refused (fifo, "named pipe");
  g_assert_cmpint (symlink (fifo, fifo_link), ==, 0);
  assert_refused (fifo_link, "named pipe");

  sock = socket (AF_UNIX, SOCK_STREAM, 0);
  g_assert_cmpint (sock, >=, 0);
  g_assert_cmpuint (strlen (socket_path), <, sizeof address.sun_path);
  strcpy (address.sun_path, socket_path);
  g_assert_cmpint (bind (sock, (struct sockaddr *) &address, sizeof address), ==, 0);
  assert_refused (socket_path, "socket");
  close (sock);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  assert_refused (folder, "folder");

  /* Devices: endless, empty, or endless and failing */
  assert_refused ("/dev/zero", "device");
  assert_refused ("/dev/null", "device");
  assert_refused ("/dev/full", "device");

  /* A store that does not exist yet is fine; a regular one too */
  {
    g_autofree char *absent = make_path (fx, "absent.db");
    g_autofree char *regular = make_file (fx, "regular.db", 10);

    g_assert_true (ca_local_file_check (absent, &error));
    g_assert_no_error (error);
    g_assert_true (ca_local_file_check (regular, &error));
    g_assert_no_error (error);
  }
}

static void
test_limit_exact (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *at = make_file (fx, "at.json", 64 * 1024);
  g_autofree char *over = make_file (fx, "over.json", 64 * 1024 + 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = ca_local_file_read (at, 64 * 1024, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 64 * 1024);

  g_assert_null (ca_local_file_read (over, 64 * 1024, NULL, &error));
  g_assert_error (error, CA_LOCAL_FILE_ERROR, CA_LOCAL_FILE_ERROR_TOO_LARGE);
  /* In binary units, as the setting's MiB (ca_format_size_limit) */
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "64 KiB"));
  g_clear_error (&error);
  g_assert_null (ca_local_file_read (over, MiB / 16 - 1, NULL, &error));
  g_assert_error (error, CA_LOCAL_FILE_ERROR, CA_LOCAL_FILE_ERROR_TOO_LARGE);
}

/* A 1 GiB sparse file is refused at the limit, before a byte is read */
static void
test_limit_sparse (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *path = make_path (fx, "sparse.json");
  g_autoptr(GError) error = NULL;
  gint64 before;
  gint64 start;
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 1024 * MiB), ==, 0);
  close (fd);

  reset_peak_rss ();
  before = current_rss_kib ();
  start = g_get_monotonic_time ();
  g_assert_null (ca_local_file_read (path, 128 * MiB, NULL, &error));
  g_assert_error (error, CA_LOCAL_FILE_ERROR, CA_LOCAL_FILE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "128 MiB"));
  g_test_message ("%s; peak %" G_GINT64_FORMAT " KiB over %" G_GINT64_FORMAT " KiB",
                  error->message, peak_rss_kib (), before);
  g_assert_cmpint (peak_rss_kib () - before, <, 4 * 1024);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

/* A stream without end (standard input from /dev/zero) is read up to the limit
 * and refused there: memory peaks at the limit, not at what was offered */
static void
test_limit_stream (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int fd = g_open ("/dev/zero", O_RDONLY, 0);
  gint64 before;

  g_assert_cmpint (fd, >=, 0);
  reset_peak_rss ();
  before = current_rss_kib ();
  g_assert_null (ca_local_file_read_fd (fd, "standard input", 16 * MiB, NULL, &error));
  close (fd);
  g_assert_error (error, CA_LOCAL_FILE_ERROR, CA_LOCAL_FILE_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==,
                   "standard input is larger than the feed size limit of 16 MiB.");
  g_test_message ("peak %" G_GINT64_FORMAT " KiB over %" G_GINT64_FORMAT " KiB",
                  peak_rss_kib (), before);
  /* The limit's 16 MiB in blocks never copied, and no more */
  g_assert_cmpint (peak_rss_kib () - before, <, 24 * 1024);
}

/* A pipe (standard input from another program) is read to its end in chunks */
static void
test_pipe (Fixture       *fx,
           gconstpointer  data)
{
  const char *argv[] = { "head", "-c", "3145729", "/dev/zero", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GPid pid;
  int out;
  int status;

  /* 3 MiB of zeros and one byte over: more than a pipe buffer and a chunk */
  g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                            G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  bytes = ca_local_file_read_fd (out, "standard input", 4 * MiB, NULL, &error);
  close (out);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 3 * MiB + 1);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_spawn_close_pid (pid);
}

/* {{{ A sync of a local feed */

/* Syncs path as a feed of a new store; the result, or NULL and *error */
static CaSyncResult *
sync_path (Fixture     *fx,
           const char  *path,
           gsize        max_size,
           char       **last_error,
           GError     **error)
{
  g_autofree char *store_path = make_path (fx, "store.db");
  g_autoptr(CaStore) store = ca_test_open_store (store_path);
  g_autoptr(CaSync) sync = ca_sync_new (store);
  g_autofree char *key = ca_sync_check_url (path, NULL);
  g_autoptr(CaFeedInfo) info = NULL;
  CaSyncResult *result;

  g_assert_nonnull (key);
  g_assert_true (g_str_has_prefix (key, "file:///"));
  if (!ca_store_has_feed (store, key))
    g_assert_true (ca_store_add_feed (store, key, NULL));
  ca_sync_set_max_size (sync, max_size);
  result = ca_sync_feed_wait (sync, key, NULL, error);
  info = ca_test_feed_info (store, key);
  *last_error = g_strdup (info->last_error);
  return result;
}

static void
assert_sync_refused (Fixture    *fx,
                     const char *path,
                     int         code,
                     const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *last_error = NULL;
  gint64 start = g_get_monotonic_time ();
  CaSyncResult *result = sync_path (fx, path, MiB, &last_error, &error);

  g_assert_null (result);
  g_assert_error (error, CA_SYNC_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, words));
  /* The feed's row says it too, for the window and --list-feeds */
  g_assert_cmpstr (last_error, ==, error->message);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

static void
test_sync_refused (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *fifo = make_path (fx, "fifo.json");
  g_autofree char *folder = make_path (fx, "folder.json");
  g_autofree char *big = make_file (fx, "big.json", MiB + 1);
  g_autofree char *sparse = make_path (fx, "sparse.json");
  int fd;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_sync_refused (fx, fifo, CA_SYNC_ERROR_FILE, "named pipe");
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  assert_sync_refused (fx, folder, CA_SYNC_ERROR_FILE, "folder");
  assert_sync_refused (fx, "/dev/null", CA_SYNC_ERROR_FILE, "device");
  assert_sync_refused (fx, big, CA_SYNC_ERROR_TOO_LARGE, "feed size limit of 1 MiB");

  fd = g_open (sparse, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (ftruncate (fd, (off_t) 1024 * MiB), ==, 0);
  close (fd);
  assert_sync_refused (fx, sparse, CA_SYNC_ERROR_TOO_LARGE, "feed size limit of 1 MiB");
}

/* A symbolic link to the feed is the feed; unchanged, it is not read again */
static void
test_sync_symlink (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GBytes) feed = ca_test_builtin_bytes ();
  g_autofree char *path = make_path (fx, "feed.json");
  g_autofree char *link = make_path (fx, "link.json");
  g_autofree char *last_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaSyncResult) first = NULL;
  g_autoptr(CaSyncResult) again = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (feed, NULL),
                                      g_bytes_get_size (feed), NULL));
  g_assert_cmpint (symlink (path, link), ==, 0);
  first = sync_path (fx, link, 16 * MiB, &last_error, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->status, ==, CA_SYNC_UPDATED);
  g_assert_cmpuint (first->n_clusters, ==, 3);
  g_assert_cmpuint (first->bytes, ==, g_bytes_get_size (feed));
  g_assert_null (last_error);

  again = sync_path (fx, link, 16 * MiB, &last_error, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->status, ==, CA_SYNC_NOT_MODIFIED);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  ca_test_store_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/local-file/regular", test_regular);
  ADD ("/local-file/not-regular", test_not_regular);
  ADD ("/local-file/limit/exact", test_limit_exact);
  ADD ("/local-file/limit/sparse", test_limit_sparse);
  ADD ("/local-file/limit/stream", test_limit_stream);
  ADD ("/local-file/pipe", test_pipe);
  ADD ("/local-file/sync/refused", test_sync_refused);
  ADD ("/local-file/sync/symlink", test_sync_symlink);
#undef ADD

  return g_test_run ();
}
