/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Feed "Text" values are kept in every language the feed gave, in one string:
 *  - a language-neutral text is the plain string;
 *  - a localised text starts with CA_TEXT_RECORD_SEP and holds
 *    "<RS>tag<US>value<RS>tag<US>value…" in the feed's order.
 * Lists of texts (objectives, sectors…) join their items with CA_TEXT_LIST_SEP.
 * The parser removes C0 control characters from feed strings, so these
 * separators never occur inside a value.
 */
#define CA_TEXT_LIST_SEP   '\x1d'
#define CA_TEXT_RECORD_SEP '\x1e'
#define CA_TEXT_UNIT_SEP   '\x1f'

gboolean   ca_text_is_localized        (const char         *text);
char      *ca_text_display             (const char         *text);
char      *ca_text_for_languages       (const char         *text,
                                        const char * const *languages);
char      *ca_text_lookup              (const char         *text,
                                        const char         *tag);
char     **ca_text_languages           (const char         *text);
/* Whether value is the text, in any of its languages */
gboolean   ca_text_has_value           (const char         *text,
                                        const char         *value);
char      *ca_text_flatten             (const char         *text);
char      *ca_text_other_language      (const char         *text);

/* For a terminal: control characters and bidi controls (which would turn the rest
 * of the line around, the app's own words included) escaped as \xNN and \uNNNN */
gboolean   ca_text_is_bidi_control     (gunichar            c);
char      *ca_text_for_terminal        (const char         *text);

void       ca_text_set_content_languages (const char * const *languages);
const char * const *ca_text_get_content_languages (void);

/* Building, for the parser and tests */
GString   *ca_text_builder_new         (void);
void       ca_text_builder_add         (GString            *builder,
                                        const char         *tag,
                                        const char         *value);
char      *ca_text_builder_end         (GString            *builder);

char      *ca_text_list_join           (const char * const *texts);
char     **ca_text_list_split          (const char         *joined);

G_END_DECLS
