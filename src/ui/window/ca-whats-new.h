/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-store.h"

G_BEGIN_DECLS

#define CA_TYPE_WHATS_NEW (ca_whats_new_get_type ())
G_DECLARE_FINAL_TYPE (CaWhatsNew, ca_whats_new, CA, WHATS_NEW, AdwBin)

/*
 * "What's New": the header bar's button with the count of unseen changes on it, and
 * its popover listing what each feed's last sync changed, starred events first, then
 * by feed; a row opens its event or project ("win.show-event", "win.show-project").
 * "Mark All as Seen" marks every change seen, on a worker thread, and then emits
 * "marked-all-seen". The count
 * and the list are read on a worker thread, and the list filled a part per
 * main-loop turn into a GtkListView: a sync that changed 5,000 events holds the
 * loop for no row it does not show.
 */
GtkWidget  *ca_whats_new_new               (void);
void        ca_whats_new_set_store         (CaWhatsNew *self,
                                            CaStore    *store);
/* Counts the unseen changes again (and reads the list again while it shows) */
void        ca_whats_new_refresh           (CaWhatsNew *self);
void        ca_whats_new_popup             (CaWhatsNew *self);
void        ca_whats_new_popdown           (CaWhatsNew *self);
/* The count on the button, once read */
guint       ca_whats_new_get_unseen_count  (CaWhatsNew *self);
/* The popover's list: a GtkStringObject for a group's heading ("Starred", a feed's
 * title), a CaChange for a change */
GListModel *ca_whats_new_get_model         (CaWhatsNew *self);
/* TRUE while a count or the list is being read or filled in */
gboolean    ca_whats_new_is_loading        (CaWhatsNew *self);
/* "Mark All as Seen", as its button does it */
void        ca_whats_new_mark_all_seen     (CaWhatsNew *self);

G_END_DECLS
