/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ca-test-core.h"

G_BEGIN_DECLS

/* What the UI tests share: finding widgets and the text they show, and a window
 * for a view (the files, feeds and main-loop waits of ca-test-core.h besides). */

/* Fails the program, with a clear message, when there is no display to test on:
 * tools/test gives one (Xvfb); by hand, run the test under xvfb-run -a */
void       ca_test_require_display (void);

/* The first widget of type under root, depth first, hidden ones too */
GtkWidget *ca_test_find_widget   (GtkWidget  *root,
                                  GType       type);
/* The first widget under root, root included, for which match (widget, data) is
 * TRUE, depth first, hidden ones too */
typedef gboolean (*CaTestMatch) (GtkWidget     *widget,
                                 gconstpointer  data);
GtkWidget *ca_test_find_widget_where (GtkWidget     *root,
                                      CaTestMatch    match,
                                      gconstpointer  data);

/* The first mapped label under root showing exactly text, or the first row that
 * draws its own text (CaTextRow) with text as a line; NULL when none shows it */
GtkWidget *ca_test_find_text     (GtkWidget  *root,
                                  const char *text);
gboolean   ca_test_shows_text    (GtkWidget  *root,
                                  const char *text);
/* ca_test_find_text(), running the main loop until it finds it or ms passed */
GtkWidget *ca_test_wait_text     (GtkWidget  *root,
                                  const char *text,
                                  guint       ms);

/* A window for a view under test, with a store of its own in a temporary folder
 * and the window actions a view calls ("win.show-cluster", "win.show-member",
 * "win.show-project", "win.show-event") recorded rather than carried out */
typedef struct {
  char               *dir;
  CaStore            *store;
  GtkWindow          *window;
  GSimpleActionGroup *actions;
  char               *action;      /* name of the last window action activated */
  GVariant           *parameter;   /* and its parameter */
} CaTestHost;

/* An empty store in a new folder named after name */
void       ca_test_host_set_up    (CaTestHost *host,
                                   const char *name);
/* Puts view in the window, width × height, and shows it */
void       ca_test_host_show      (CaTestHost *host,
                                   GtkWidget  *view,
                                   int         width,
                                   int         height);
void       ca_test_host_tear_down (CaTestHost *host);
/* At the end of a test program: the window the hosts share goes */
void       ca_test_host_close_window (void);

G_END_DECLS
