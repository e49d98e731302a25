/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ca-store.h"

G_BEGIN_DECLS

/* What the UI tests share: finding widgets and the text they show, running the
 * main loop for a while, and cleaning up a test's files. */

void       ca_test_remove_tree   (const char *path);

/* Parses bytes as the feed key and stores it, asserting both work */
void       ca_test_load_feed     (CaStore    *store,
                                  const char *key,
                                  GBytes     *bytes);

/* The first widget of type under root, depth first, hidden ones too */
GtkWidget *ca_test_find_widget   (GtkWidget  *root,
                                  GType       type);

/* The texts shown under root, depth first: mapped labels, and the lines of the
 * rows that draw their own text (CaTextRow). Borrowed strings. */
void       ca_test_collect_texts (GtkWidget  *root,
                                  GPtrArray  *texts);
gboolean   ca_test_shows_text    (GtkWidget  *root,
                                  const char *text);

/* Runs the main loop for ms milliseconds */
void       ca_test_run_for       (guint       ms);
/* Runs the main loop until done (data) is TRUE or ms milliseconds passed;
 * returns done's last answer */
gboolean   ca_test_wait_until    (gboolean  (*done) (gpointer data),
                                  gpointer    data,
                                  guint       ms);

G_END_DECLS
