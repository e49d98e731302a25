/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-output"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include "ca-output.h"
#include "ca-test-core.h"

/*
 * CaOutput, the writer print and export use, on real files in a temporary folder:
 * what it creates, what it keeps, what it follows and what it refuses.
 */

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("ca-output-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ca_test_remove_tree (f->dir);
  g_free (f->dir);
}

static char *
path_in (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* The names in the folder, sorted, space-separated: no temporary file may be left */
static char *
listing (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, (char *) name);
  g_ptr_array_sort_values (names, (GCompareFunc) strcmp);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
assert_contents (const char *path,
                 const char *expected)
{
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, expected);
}

static void
write_ok (const char *path,
          const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  g_assert_true (ca_output_write_file (path, text, strlen (text), &warning, &error));
  g_assert_no_error (error);
  g_assert_null (warning);
}

static void
refused (const char *path,
         int         code,
         const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaOutput) output = ca_output_open (path, &error);

  g_assert_null (output);
  g_assert_error (error, CA_OUTPUT_ERROR, code);
  if (strstr (error->message, message) == NULL)
    g_error ("\"%s\" not in \"%s\"", message, error->message);
}

/* A missing file: made, 0666 less the umask */
static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = path_in (f, "new.pdf");
  g_autofree char *names = NULL;
  mode_t old = umask (022);
  GStatBuf st;

  write_ok (path, "one");
  umask (old);
  assert_contents (path, "one");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0644);
  names = listing (f);
  g_assert_cmpstr (names, ==, "new.pdf");

  /* Another umask, another mode */
  g_unlink (path);
  old = umask (077);
  write_ok (path, "two");
  umask (old);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
}

/* An existing file: new content, its mode (and, as root, its owner and group) kept */
static void
test_keeps_mode (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = path_in (f, "private.pdf");
  g_autofree char *names = NULL;
  GStatBuf st;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  write_ok (path, "new");
  assert_contents (path, "new");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  write_ok (path, "newer");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);

  if (geteuid () == 0)
    {
      /* Someone else's file, as root writes it: still theirs */
      g_assert_cmpint (chown (path, 65534, 65534), ==, 0);
      write_ok (path, "theirs");
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_uid, ==, 65534);
      g_assert_cmpint (st.st_gid, ==, 65534);
      g_assert_cmpint (st.st_mode & 07777, ==, 0640);
    }
  else
    g_test_message ("not root: the owner kept is not checked");
  assert_contents (path, geteuid () == 0 ? "theirs" : "newer");
  names = listing (f);
  g_assert_cmpstr (names, ==, "private.pdf");
}

/* Someone else's file written by a user who cannot give it back to them (root's file in
 * a folder anyone may write, written as "nobody"): written all the same, and a warning
 * says whose it was */
static void
test_owner_not_kept (Fixture       *f,
                     gconstpointer  data)
{
  /* In /tmp, which "nobody" can reach (TMPDIR may be a private folder) */
  static char dir[] = "/tmp/ca-output-owner-XXXXXX";
  g_autofree char *path = NULL;

  if (geteuid () != 0)
    {
      ca_test_skip_or_fail ("not root: another user's file cannot be made");
      return;
    }
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *warning = NULL;
      GStatBuf st;

      path = g_build_filename (g_getenv ("CA_TEST_OWNER_DIR"), "roots.pdf", NULL);
      g_assert_cmpint (setegid (65534), ==, 0);
      g_assert_cmpint (seteuid (65534), ==, 0);
      ca_output_write_file (path, "new", 3, &warning, &error);
      g_assert_no_error (error);
      g_assert_nonnull (warning);
      g_assert_nonnull (strstr (warning, "it belonged to root and now belongs to you"));
      assert_contents (path, "new");
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_uid, ==, 65534);
      g_assert_cmpint (st.st_mode & 07777, ==, 0644);
      /* Root again, so that the leak checker can read this process at its exit */
      g_assert_cmpint (seteuid (0), ==, 0);
      g_assert_cmpint (setegid (0), ==, 0);
      return;
    }
  g_assert_nonnull (g_mkdtemp_full (dir, 0777));
  g_assert_cmpint (g_chmod (dir, 0777), ==, 0);
  path = g_build_filename (dir, "roots.pdf", NULL);
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (chown (path, 0, 0), ==, 0);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_setenv ("CA_TEST_OWNER_DIR", dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  ca_test_remove_tree (dir);
  g_test_trap_assert_passed ();
}

/* A link: its target written, the link still a link; relative, chained, dangling */
static void
test_symlink (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *target = path_in (f, "target.ics");
  g_autofree char *link = path_in (f, "link.ics");
  g_autofree char *chain = path_in (f, "chain.ics");
  g_autofree char *dangling = path_in (f, "dangling.ics");
  g_autofree char *created = path_in (f, "created.ics");
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaOutput) output = NULL;
  GStatBuf st;

  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_cmpint (g_chmod (target, 0600), ==, 0);
  g_assert_cmpint (symlink ("target.ics", link), ==, 0);
  g_assert_cmpint (symlink (link, chain), ==, 0);
  g_assert_cmpint (symlink ("created.ics", dangling), ==, 0);

  output = ca_output_open (chain, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ca_output_get_target (output), ==, target);
  g_clear_pointer (&output, ca_output_free);

  write_ok (chain, "via two links");
  assert_contents (target, "via two links");
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (chain, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  /* A link to nothing yet: the file it names is made */
  write_ok (dangling, "made");
  assert_contents (created, "made");
  g_assert_cmpint (g_lstat (dangling, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  names = listing (f);
  g_assert_cmpstr (names, ==, "chain.ics created.ics dangling.ics link.ics target.ics");
}

static void
test_symlink_loop (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *a = path_in (f, "a");
  g_autofree char *b = path_in (f, "b");

  g_assert_cmpint (symlink ("b", a), ==, 0);
  g_assert_cmpint (symlink ("a", b), ==, 0);
  refused (a, CA_OUTPUT_ERROR_LOOP, "too many symbolic links");
}

/* A FIFO, with no reader: refused at once (opening it would block), still a FIFO */
static void
test_fifo (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *fifo = path_in (f, "fifo.pdf");
  g_autofree char *link = path_in (f, "link.pdf");
  g_autofree char *names = NULL;
  GStatBuf st;

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_cmpint (symlink ("fifo.pdf", link), ==, 0);
  refused (fifo, CA_OUTPUT_ERROR_NOT_REGULAR, "named pipe (FIFO)");
  refused (link, CA_OUTPUT_ERROR_NOT_REGULAR, "fifo.pdf: it is a named pipe");
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  names = listing (f);
  g_assert_cmpstr (names, ==, "fifo.pdf link.pdf");
}

static void
test_directory (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *dir = path_in (f, "folder.pdf");
  g_autofree char *inside = path_in (f, "folder.pdf/kept");
  GStatBuf st;

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inside, "kept", -1, NULL));
  refused (dir, CA_OUTPUT_ERROR_NOT_REGULAR, "it is a folder");
  g_assert_cmpint (g_lstat (dir, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  assert_contents (inside, "kept");
}

static void
test_socket (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = path_in (f, "socket.ics");
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_STREAM, 0);
  GStatBuf st;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpuint (strlen (path), <, sizeof address.sun_path);
  strcpy (address.sun_path, path);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  refused (path, CA_OUTPUT_ERROR_NOT_REGULAR, "it is a socket");
  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISSOCK (st.st_mode));
  close (fd);
}

/* A device node made in the temporary folder (root only): refused, still a device */
static void
test_device (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = path_in (f, "full.pdf");
  g_autofree char *names = NULL;
  GStatBuf st;

  if (geteuid () != 0)
    {
      ca_test_skip_or_fail ("not root: mknod needs root, the device node case is not tried");
      return;
    }
  /* /dev/full's numbers */
  g_assert_cmpint (mknod (path, S_IFCHR | 0666, makedev (1, 7)), ==, 0);
  refused (path, CA_OUTPUT_ERROR_NOT_REGULAR, "it is a device");
  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
  g_assert_cmpuint (major (st.st_rdev), ==, 1);
  g_assert_cmpuint (minor (st.st_rdev), ==, 7);
  names = listing (f);
  g_assert_cmpstr (names, ==, "full.pdf");

  /* The system's own, by its name */
  refused ("/dev/full", CA_OUTPUT_ERROR_NOT_REGULAR, "it is a device");
  g_assert_cmpint (g_lstat ("/dev/full", &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
}

/* The disk fills up half way (a file size limit, as a quota would): the old file is
 * as it was and no temporary file is left */
static void
test_write_fails (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = path_in (f, "kept.pdf");

  g_assert_true (g_file_set_contents (path, "the old file", -1, NULL));
  if (g_test_subprocess ())
    {
      struct rlimit limit = { 4096, 4096 };
      g_autoptr(GError) error = NULL;
      g_autoptr(CaOutput) output = NULL;
      g_autofree char *big = g_malloc0 (64 * 1024);
      g_autofree char *names = NULL;

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      output = ca_output_open (path, &error);
      g_assert_no_error (error);
      g_assert_false (ca_output_write (output, big, 64 * 1024, &error));
      g_assert_error (error, CA_OUTPUT_ERROR, CA_OUTPUT_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "cannot write: "));
      g_clear_pointer (&output, ca_output_free);
      assert_contents (path, "the old file");
      names = listing (f);
      g_assert_cmpstr (names, ==, "kept.pdf");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Given up before committing: nothing of it stays */
static void
test_abandoned (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = path_in (f, "kept.ics");
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  CaOutput *output;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  output = ca_output_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (ca_output_write (output, "half", 4, &error));
  ca_output_free (output);
  assert_contents (path, "old");
  names = listing (f);
  g_assert_cmpstr (names, ==, "kept.ics");
}

/* "-": standard output */
static void
test_stdout (Fixture       *f,
             gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CaOutput) output = ca_output_open ("-", &error);

      g_assert_no_error (error);
      g_assert_true (ca_output_is_stdout (output));
      g_assert_true (ca_output_write (output, "BEGIN:VCALENDAR\r\n", 17, &error));
      g_assert_true (ca_output_commit (output, NULL, &error));
      g_assert_no_error (error);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("BEGIN:VCALENDAR\r\n");
}

/* A folder that cannot be written: the error says so, the old file is as it was */
static void
test_no_folder (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = path_in (f, "missing/out.pdf");

  refused (path, CA_OUTPUT_ERROR_FAILED, "cannot create a file in its folder: ");
  refused ("", CA_OUTPUT_ERROR_FAILED, "no file name was given");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/output/create", test_create);
  ADD ("/output/keeps-mode", test_keeps_mode);
  ADD ("/output/owner-not-kept", test_owner_not_kept);
  ADD ("/output/symlink", test_symlink);
  ADD ("/output/symlink/loop", test_symlink_loop);
  ADD ("/output/refused/fifo", test_fifo);
  ADD ("/output/refused/directory", test_directory);
  ADD ("/output/refused/socket", test_socket);
  ADD ("/output/refused/device", test_device);
  ADD ("/output/write-fails", test_write_fails);
  ADD ("/output/abandoned", test_abandoned);
  ADD ("/output/stdout", test_stdout);
  ADD ("/output/no-folder", test_no_folder);
#undef ADD

  return g_test_run ();
}
