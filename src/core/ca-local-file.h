/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sys/stat.h>

G_BEGIN_DECLS

/*
 * Local files the app reads (a feed given as a path or file: URL, --validate-feed,
 * standard input, the store's path): regular files only, after following symbolic
 * links, and never more than a size limit, read in chunks.
 */

#define CA_LOCAL_FILE_ERROR (ca_local_file_error_quark ())

typedef enum {
  CA_LOCAL_FILE_ERROR_NOT_REGULAR,   /* a directory, FIFO, socket or device */
  CA_LOCAL_FILE_ERROR_TOO_LARGE,     /* more bytes than the limit */
  CA_LOCAL_FILE_ERROR_FAILED,        /* cannot be opened or read */
} CaLocalFileError;

GQuark   ca_local_file_error_quark (void);

/* Opens path for reading (following links) without blocking on a FIFO or a device,
 * and only when the opened file is a regular one; its fstat in *st. -1 on error. */
int      ca_local_file_open        (const char    *path,
                                    struct stat   *st,
                                    GError       **error);
/* Reads fd to its end, in chunks, but fails once it has more than max_size bytes:
 * memory never goes far past the limit. name is for the messages. */
GBytes  *ca_local_file_read_fd     (int            fd,
                                    const char    *name,
                                    gsize          max_size,
                                    GCancellable  *cancellable,
                                    GError       **error);
/* Both: a regular file's contents, at most max_size bytes */
GBytes  *ca_local_file_read        (const char    *path,
                                    gsize          max_size,
                                    GCancellable  *cancellable,
                                    GError       **error);
/* For a path another library opens (SQLite): TRUE when it does not exist yet or
 * is a regular file, after following links */
gboolean ca_local_file_check       (const char    *path,
                                    GError       **error);

G_END_DECLS
