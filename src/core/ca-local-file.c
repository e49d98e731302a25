/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-local-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ca-format.h"
#include "ca-local-file.h"

/*
 * A FIFO given as a feed blocked a sync forever, and --validate-feed /dev/zero grew
 * to 4 GB (where GLib's g_file_load_contents() wraps its 32-bit GByteArray length and
 * writes past the buffer). So: stat first (opening some devices has effects), open
 * with O_NONBLOCK (a FIFO swapped in meanwhile does not block the open), and decide
 * on fstat() of the descriptor actually read; then read at most the limit.
 */

#define CHUNK_SIZE (256 * 1024)

G_DEFINE_QUARK (ca-local-file-error-quark, ca_local_file_error)

#define NOT_REGULAR(error, format, name) \
  g_set_error (error, CA_LOCAL_FILE_ERROR, CA_LOCAL_FILE_ERROR_NOT_REGULAR, format, name)

static gboolean
set_not_regular (GError     **error,
                 const char  *name,
                 mode_t       mode)
{
  if (S_ISDIR (mode))
    /* Translators: %s is a file name */
    NOT_REGULAR (error, _("%s is a folder, not a file."), name);
  else if (S_ISFIFO (mode))
    /* Translators: %s is a file name; a named pipe is a FIFO */
    NOT_REGULAR (error, _("%s is a named pipe, not a file: only regular files are read."), name);
  else if (S_ISSOCK (mode))
    /* Translators: %s is a file name */
    NOT_REGULAR (error, _("%s is a socket, not a file: only regular files are read."), name);
  else if (S_ISCHR (mode) || S_ISBLK (mode))
    /* Translators: %s is a file name, such as /dev/zero */
    NOT_REGULAR (error, _("%s is a device, not a file: only regular files are read."), name);
  else
    /* Translators: %s is a file name */
    NOT_REGULAR (error, _("%s is not a regular file."), name);
  return FALSE;
}

static gboolean
set_failed (GError     **error,
            const char  *name,
            int          saved_errno)
{
  /* Translators: the first %s is a file name, the second the reason */
  g_set_error (error, CA_LOCAL_FILE_ERROR, CA_LOCAL_FILE_ERROR_FAILED, _("Cannot read %s: %s"),
               name, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
set_too_large (GError     **error,
               const char  *name,
               gsize        max_size)
{
  g_autofree char *limit = ca_format_size_limit (max_size);

  /* Translators: the first %s is a file name, the second a size as “128 MiB” */
  g_set_error (error, CA_LOCAL_FILE_ERROR, CA_LOCAL_FILE_ERROR_TOO_LARGE,
               _("%s is larger than the feed size limit of %s."), name, limit);
  return FALSE;
}

gboolean
ca_local_file_check (const char  *path,
                     GError     **error)
{
  g_autofree char *name = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);

  if (stat (path, &st) == 0)
    {
      if (S_ISREG (st.st_mode))
        return TRUE;
      name = g_filename_display_name (path);
      return set_not_regular (error, name, st.st_mode);
    }
  if (errno == ENOENT)
    return TRUE;
  name = g_filename_display_name (path);
  return set_failed (error, name, errno);
}

int
ca_local_file_open (const char   *path,
                    struct stat  *st,
                    GError      **error)
{
  g_autofree char *name = g_filename_display_name (path);
  struct stat before;
  int fd;

  g_return_val_if_fail (path != NULL, -1);
  g_return_val_if_fail (st != NULL, -1);

  /* A device is refused before it is opened: opening a tape rewinds it */
  if (stat (path, &before) != 0)
    return set_failed (error, name, errno), -1;
  if (!S_ISREG (before.st_mode))
    return set_not_regular (error, name, before.st_mode), -1;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    return set_failed (error, name, errno), -1;
  /* What is read is what was checked, whatever replaced the path meanwhile */
  if (fstat (fd, st) != 0)
    {
      int saved_errno = errno;

      close (fd);
      return set_failed (error, name, saved_errno), -1;
    }
  if (!S_ISREG (st->st_mode))
    {
      close (fd);
      return set_not_regular (error, name, st->st_mode), -1;
    }
  /* Regular files ignore it, but nothing else will see it set */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

/* One read(), retried when interrupted, waiting when the descriptor does not block */
static gssize
read_some (int    fd,
           void  *buffer,
           gsize  size)
{
  for (;;)
    {
      gssize n = read (fd, buffer, size);

      if (n >= 0)
        return n;
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        {
          GPollFD poll_fd = { fd, G_IO_IN | G_IO_HUP | G_IO_ERR, 0 };

          g_poll (&poll_fd, 1, -1);
          continue;
        }
      return -1;
    }
}

/* The blocks read, joined into one buffer, each freed once copied */
static GBytes *
join_blocks (GPtrArray *blocks,
             gsize      block_size,
             gsize      len)
{
  guint8 *joined;

  if (len == 0)
    return g_bytes_new (NULL, 0);
  if (blocks->len == 1)
    return g_bytes_new_take (g_realloc (g_ptr_array_steal_index (blocks, 0), len), len);
  joined = g_malloc (len);
  for (guint i = 0; i < blocks->len; i++)
    {
      gsize offset = i == 0 ? 0 : block_size * i;

      memcpy (joined + offset, blocks->pdata[i], MIN (block_size, len - offset));
      g_clear_pointer (&blocks->pdata[i], g_free);
    }
  return g_bytes_new_take (joined, len);
}

GBytes *
ca_local_file_read_fd (int            fd,
                       const char    *name,
                       gsize          max_size,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_free);
  struct stat st;
  gsize block_size;
  gsize len = 0;

  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (max_size > 0, NULL);

  if (fstat (fd, &st) != 0)
    return set_failed (error, name, errno), NULL;
  if (S_ISDIR (st.st_mode))
    return set_not_regular (error, name, st.st_mode), NULL;
  /* A regular file says how much is coming: refused, or read into one block with a
   * byte to spare to see its end. A stream goes into blocks that are never copied
   * while it is read (a growing buffer would be, under the sanitizers twice over):
   * refused at the limit, memory is the limit and no more. */
  if (S_ISREG (st.st_mode) && st.st_size > 0 && (guint64) st.st_size > max_size)
    return set_too_large (error, name, max_size), NULL;
  block_size = S_ISREG (st.st_mode) && st.st_size > 0 ? (gsize) st.st_size + 1 : CHUNK_SIZE;
  block_size = MIN (block_size, max_size);

  for (;;)
    {
      gsize in_block = len % block_size;
      guint8 *block;
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (len == max_size)
        {
          guint8 probe;

          /* Full at the limit: one byte more means too large, none means done */
          if ((n = read_some (fd, &probe, 1)) < 0)
            return set_failed (error, name, errno), NULL;
          if (n > 0)
            return set_too_large (error, name, max_size), NULL;
          break;
        }
      if (in_block == 0 && len / block_size == blocks->len)
        g_ptr_array_add (blocks, g_malloc (MIN (block_size, max_size - len)));
      block = blocks->pdata[blocks->len - 1];
      n = read_some (fd, block + in_block,
                     MIN (MIN (block_size - in_block, max_size - len), CHUNK_SIZE));
      if (n < 0)
        return set_failed (error, name, errno), NULL;
      if (n == 0)
        break;
      len += n;
    }

  return join_blocks (blocks, block_size, len);
}

GBytes *
ca_local_file_read (const char    *path,
                    gsize          max_size,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *name = NULL;
  struct stat st;
  GBytes *bytes;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if ((fd = ca_local_file_open (path, &st, error)) < 0)
    return NULL;
  name = g_filename_display_name (path);
  bytes = ca_local_file_read_fd (fd, name, max_size, cancellable, error);
  close (fd);
  return bytes;
}
