/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ca-change.h"

G_BEGIN_DECLS

/*
 * The mark of an unseen change ("New", "Moved", "Cancelled", "Online now") as a
 * small tag: the word on a tinted pill, its colour saying the same as the word
 * (never the colour alone). Shared by the agenda's rows, the month grid's chips,
 * the event page and What's New.
 */

/* "ca-change-tag", then "ca-change-new", "ca-change-moved"…: for a css-classes
 * binding; only "ca-change-tag" for CA_CHANGE_MARK_NONE */
GStrv      ca_change_tag_css_classes (CaChangeMark mark);
/* A label showing mark's word, hidden for CA_CHANGE_MARK_NONE */
GtkWidget *ca_change_tag_new         (CaChangeMark mark);
void       ca_change_tag_set_mark    (GtkWidget   *tag,
                                      CaChangeMark mark);

G_END_DECLS
