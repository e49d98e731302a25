/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The title of a page that can hold the keyboard focus: choosing a row in a list
 * puts the focus here, so a screen reader reads the page's name and keys go on from
 * the top of the page. Its text is never selected (a selectable label that takes
 * the focus selects all of its text). */

#define CA_TYPE_PAGE_HEADING (ca_page_heading_get_type ())
G_DECLARE_FINAL_TYPE (CaPageHeading, ca_page_heading, CA, PAGE_HEADING, AdwBin)

GtkWidget  *ca_page_heading_new       (void);
void        ca_page_heading_set_text  (CaPageHeading *self,
                                       const char    *text);
const char *ca_page_heading_get_text  (CaPageHeading *self);
/* The first heading under root (a page), given the focus; FALSE when there is none
 * or it cannot take it now (not shown) */
gboolean    ca_page_heading_focus_in  (GtkWidget     *root);

G_END_DECLS
