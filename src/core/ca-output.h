/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A file written the way careful tools write one, for print and export, from the
 * command line and the window alike:
 *
 * - a missing file is created (0666 less the umask);
 * - an existing regular file is replaced by a temporary file written in the same
 *   folder and renamed over it, with the old file's mode, owner and group; when the
 *   owner cannot be kept (not root, someone else's file) the file is still written and
 *   a warning says so;
 * - a symbolic link is followed and the file it leads to is written, by the same
 *   rules; the link stays a link;
 * - a device, FIFO, socket or folder is refused (CA_OUTPUT_ERROR_NOT_REGULAR) and
 *   never opened, so nothing blocks and nothing is replaced;
 * - "-" is standard output.
 *
 * A write that fails (a full disk, a quota) leaves any old file as it was and no
 * temporary file behind. No GTK; safe to use from a worker thread.
 */

#define CA_OUTPUT_ERROR (ca_output_error_quark ())

typedef enum {
  CA_OUTPUT_ERROR_NOT_REGULAR,   /* a device, FIFO, socket or folder */
  CA_OUTPUT_ERROR_LOOP,          /* too many symbolic links */
  CA_OUTPUT_ERROR_FAILED,        /* creating, writing or renaming failed */
} CaOutputError;

typedef struct _CaOutput CaOutput;

GQuark      ca_output_error_quark  (void);

/* Checks the target and opens the temporary file (or standard output) */
CaOutput   *ca_output_open         (const char  *path,
                                    GError     **error);
gboolean    ca_output_write        (CaOutput    *self,
                                    const void  *data,
                                    gsize        length,
                                    GError     **error);
/* Puts the file in place. warning (may be NULL) gets a message for the user when the
 * file was written but its owner could not be kept, else NULL. */
gboolean    ca_output_commit       (CaOutput    *self,
                                    char       **warning,
                                    GError     **error);
/* Removes the temporary file unless committed, and frees */
void        ca_output_free         (CaOutput    *self);

/* The file written: the path with its symbolic links followed; "-" for standard output */
const char *ca_output_get_target   (CaOutput    *self);
gboolean    ca_output_is_stdout    (CaOutput    *self);

/* All of it at once: open, write, commit */
gboolean    ca_output_write_file   (const char  *path,
                                    const void  *data,
                                    gsize        length,
                                    char       **warning,
                                    GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaOutput, ca_output_free)

G_END_DECLS
