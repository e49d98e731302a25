/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Headless commands: they need no display and return the process exit status. */
int  ca_command_validate_feed (const char *path);
int  ca_command_version       (void);

G_END_DECLS
