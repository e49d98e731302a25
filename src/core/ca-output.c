/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-output"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ca-output.h"

/* As many links as the kernel follows (MAXSYMLINKS) */
#define MAX_LINKS 40

struct _CaOutput
{
  char       *target;       /* the file written, links followed */
  char       *temp;         /* the temporary file next to it, until renamed */
  int         fd;
  gboolean    is_stdout;
  gboolean    existed;
  struct stat old;          /* the file replaced, when it existed */
  gboolean    committed;
};

G_DEFINE_QUARK (ca-output-error-quark, ca_output_error)

static const char *
kind_message (mode_t mode)
{
  if (S_ISDIR (mode))
    return _("it is a folder, not a file");
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return _("it is a device, not a regular file; nothing was written to it");
  if (S_ISFIFO (mode))
    return _("it is a named pipe (FIFO), not a regular file; nothing was written to it");
  if (S_ISSOCK (mode))
    return _("it is a socket, not a regular file; nothing was written to it");
  return _("it is not a regular file; nothing was written to it");
}

/* "cannot write: No space left on device": what was done, then why from the system */
static void
set_errno_error (GError     **error,
                 int          saved,
                 const char  *what)
{
  g_set_error (error, CA_OUTPUT_ERROR, CA_OUTPUT_ERROR_FAILED, "%s: %s", what,
               g_strerror (saved));
}

/* Follows symbolic links with lstat only, opening nothing: the path to write, and
 * whether something is there (then *st is it). A dangling link leads to the missing
 * file it names, which is created. */
static char *
resolve (const char   *path,
         gboolean     *exists,
         struct stat  *st,
         GError      **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint hops = 0; hops <= MAX_LINKS; hops++)
    {
      g_autofree char *link = NULL;
      g_autoptr(GError) local = NULL;

      if (lstat (current, st) != 0)
        {
          int saved = errno;

          if (saved != ENOENT)
            {
              set_errno_error (error, saved, _("cannot look at it"));
              return NULL;
            }
          *exists = FALSE;
          return g_steal_pointer (&current);
        }
      if (!S_ISLNK (st->st_mode))
        {
          *exists = TRUE;
          return g_steal_pointer (&current);
        }
      link = g_file_read_link (current, &local);
      if (link == NULL)
        {
          g_set_error (error, CA_OUTPUT_ERROR, CA_OUTPUT_ERROR_FAILED,
                       "%s: %s", _("cannot look at it"), local->message);
          return NULL;
        }
      if (!g_path_is_absolute (link))
        {
          g_autofree char *dir = g_path_get_dirname (current);
          g_autofree char *joined = g_build_filename (dir, link, NULL);

          g_free (current);
          current = g_steal_pointer (&joined);
        }
      else
        {
          g_free (current);
          current = g_steal_pointer (&link);
        }
    }
  g_set_error_literal (error, CA_OUTPUT_ERROR, CA_OUTPUT_ERROR_LOOP,
                       _("too many symbolic links lead on from it"));
  return NULL;
}

CaOutput *
ca_output_open (const char  *path,
                GError     **error)
{
  g_autoptr(CaOutput) self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  struct stat st;
  gboolean exists;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*path == '\0')
    {
      g_set_error_literal (error, CA_OUTPUT_ERROR, CA_OUTPUT_ERROR_FAILED,
                           _("no file name was given"));
      return NULL;
    }

  self = g_new0 (CaOutput, 1);
  self->fd = -1;
  if (g_str_equal (path, "-"))
    {
      self->target = g_strdup ("-");
      self->is_stdout = TRUE;
      self->fd = STDOUT_FILENO;
      return g_steal_pointer (&self);
    }

  self->target = resolve (path, &exists, &st, error);
  if (self->target == NULL)
    return NULL;
  if (exists && !S_ISREG (st.st_mode))
    {
      if (g_strcmp0 (self->target, path) != 0)
        g_set_error (error, CA_OUTPUT_ERROR, CA_OUTPUT_ERROR_NOT_REGULAR,
                     /* TRANSLATORS: a symbolic link followed: "/tmp/x leads to /dev/full:
                      * it is a device…" */
                     _("it leads to %s: %s"), self->target, kind_message (st.st_mode));
      else
        g_set_error_literal (error, CA_OUTPUT_ERROR, CA_OUTPUT_ERROR_NOT_REGULAR,
                             kind_message (st.st_mode));
      return NULL;
    }
  self->existed = exists;
  self->old = st;

  /* Next to the target, so the rename stays on one file system; hidden, and short
   * enough for any file system's longest name */
  dir = g_path_get_dirname (self->target);
  base = g_path_get_basename (self->target);
  if (strlen (base) > 200)
    base[200] = '\0';
  self->temp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  /* 0666 through the umask, as a new file gets from any tool */
  self->fd = g_mkstemp_full (self->temp, O_WRONLY | O_CLOEXEC, 0666);
  if (self->fd < 0)
    {
      int saved = errno;

      g_clear_pointer (&self->temp, g_free);
      set_errno_error (error, saved, _("cannot create a file in its folder"));
      return NULL;
    }
  return g_steal_pointer (&self);
}

gboolean
ca_output_write (CaOutput    *self,
                 const void  *data,
                 gsize        length,
                 GError     **error)
{
  const char *p = data;

  g_return_val_if_fail (self != NULL && self->fd >= 0, FALSE);

  while (length > 0)
    {
      gssize n = write (self->fd, p, MIN (length, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          set_errno_error (error, n < 0 ? errno : ENOSPC, _("cannot write"));
          return FALSE;
        }
      p += n;
      length -= (gsize) n;
    }
  return TRUE;
}

static char *
user_name (uid_t uid)
{
  struct passwd pw, *found = NULL;
  char buffer[1024];

  if (getpwuid_r (uid, &pw, buffer, sizeof buffer, &found) == 0 && found != NULL)
    return g_strdup (found->pw_name);
  return g_strdup_printf ("%u", (guint) uid);
}

/* The temporary file takes the old one's owner, group and mode (in that order: a
 * change of owner clears the set-id bits) */
static void
keep_owner_and_mode (CaOutput  *self,
                     char     **warning)
{
  if ((self->old.st_uid != geteuid () || self->old.st_gid != getegid ()) &&
      fchown (self->fd, self->old.st_uid, self->old.st_gid) != 0)
    {
      g_autofree char *owner = user_name (self->old.st_uid);

      /* The group alone, where we belong to it */
      if (fchown (self->fd, (uid_t) -1, self->old.st_gid) != 0)
        g_debug ("%s: group %u not kept: %s", self->target, (guint) self->old.st_gid,
                 g_strerror (errno));
      if (warning != NULL)
        /* TRANSLATORS: %s is a user name; the file was written anyway */
        *warning = g_strdup_printf (_("written, but it belonged to %s and now belongs to "
                                      "you: only its owner or root can keep that"), owner);
    }
  if (fchmod (self->fd, self->old.st_mode & 07777) != 0)
    g_debug ("%s: mode not kept: %s", self->target, g_strerror (errno));
}

gboolean
ca_output_commit (CaOutput  *self,
                  char     **warning,
                  GError   **error)
{
  int fd;

  g_return_val_if_fail (self != NULL && !self->committed, FALSE);

  if (warning != NULL)
    *warning = NULL;
  if (self->is_stdout)
    {
      self->committed = TRUE;
      return TRUE;
    }
  if (self->existed)
    keep_owner_and_mode (self, warning);
  /* On disk before the rename: a crash leaves the old file or the new one */
  if (fsync (self->fd) != 0 && errno != EINVAL)
    {
      set_errno_error (error, errno, _("cannot write"));
      return FALSE;
    }
  fd = self->fd;
  self->fd = -1;
  if (close (fd) != 0)
    {
      set_errno_error (error, errno, _("cannot write"));
      return FALSE;
    }
  if (g_rename (self->temp, self->target) != 0)
    {
      set_errno_error (error, errno, _("cannot put the file in place"));
      return FALSE;
    }
  g_clear_pointer (&self->temp, g_free);
  self->committed = TRUE;
  return TRUE;
}

void
ca_output_free (CaOutput *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0 && !self->is_stdout)
    close (self->fd);
  if (self->temp != NULL)
    g_unlink (self->temp);
  g_free (self->temp);
  g_free (self->target);
  g_free (self);
}

const char *
ca_output_get_target (CaOutput *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->target;
}

gboolean
ca_output_is_stdout (CaOutput *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->is_stdout;
}

gboolean
ca_output_write_file (const char  *path,
                      const void  *data,
                      gsize        length,
                      char       **warning,
                      GError     **error)
{
  g_autoptr(CaOutput) output = ca_output_open (path, error);

  return output != NULL &&
         ca_output_write (output, data, length, error) &&
         ca_output_commit (output, warning, error);
}
