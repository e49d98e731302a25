/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Names of ISO 3166 countries ("BG") and ISO 639 languages ("bg", "bul") in the
 * user's language, from the iso-codes package. A code it does not know, or a
 * machine without iso-codes, gives the code back unchanged. */
char *ca_iso_country_name  (const char *code);
char *ca_iso_language_name (const char *code);

G_END_DECLS
