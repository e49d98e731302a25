/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ca-change.h"

G_BEGIN_DECLS

#define CA_TYPE_MONTH_CHIP (ca_month_chip_get_type ())
G_DECLARE_FINAL_TYPE (CaMonthChip, ca_month_chip, CA, MONTH_CHIP, GtkWidget)

/*
 * A button in a day of the month grid that is one widget: its text on one line, cut
 * short to its width, drawn by itself (an event's title, "3 more"). It is styled as a
 * button ("button" in CSS), takes the focus, and emits "clicked" when clicked or
 * activated from the keyboard (Space, Enter) or by an assistive technology. Its
 * accessible name and tooltip are the caller's to set. A popover given to it opens
 * below it.
 */
GtkWidget  *ca_month_chip_new         (const char  *text);
const char *ca_month_chip_get_text    (CaMonthChip *self);
/* The natural width: as many average characters (an event's title, cut short at
 * once), or 0 for the text's own width (a short text, "3 more") */
void        ca_month_chip_set_width_chars (CaMonthChip *self,
                                           int          n_chars);
void        ca_month_chip_set_popover (CaMonthChip *self,
                                       GtkWidget   *popover);
GtkPopover *ca_month_chip_get_popover (CaMonthChip *self);
/* An unseen change's mark (ca-change-tag.h) before the text; CA_CHANGE_MARK_NONE
 * takes it away. Its word, or NULL. */
void        ca_month_chip_set_mark    (CaMonthChip  *self,
                                       CaChangeMark  mark);
const char *ca_month_chip_get_mark_text (CaMonthChip *self);

G_END_DECLS
