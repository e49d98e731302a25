/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-application.h"
#include "ca-sync-manager.h"
#include "ca-test-core.h"
#include "ca-window.h"

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

/* Cluster Atlas's application as a user starts it, on the store at store_path:
 * registered (so started up, its store open) under an id of its own and not unique,
 * so that test runs, and the restarts within a test, never meet on the bus; no
 * window yet */
CaApplication *ca_test_application_register (const char *store_path);
/* g_application_activate(), then the main loop run until the window it presents
 * is there (the first comes from an idle: ca-application.c); fails after 5 s */
GtkWindow     *ca_test_application_activate (CaApplication *app);
/* ca_test_application_register(), then activated: *app and its window, presented
 * (the main loop has run until the window was made, not further) */
CaWindow      *ca_test_application_start    (CaApplication **app,
                                             const char     *store_path);
/* Every window of app destroyed, then the main loop run until it is idle */
void           ca_test_application_close    (CaApplication  *app);
/* The sync manager of app's store: the one its window shows and starts */
CaSyncManager *ca_test_sync_manager         (CaApplication  *app);
/* Runs the main loop until app's syncs are over (failing after 20 s), then a few
 * turns more, for the window to show what they brought */
void           ca_test_wait_for_syncs       (CaApplication  *app);

/* A key pressed with the focus in widget, as GTK delivers it to the shortcut
 * controllers on widget's path: those of the capture phase from the window down to
 * widget (the application's accelerators among them), then those of the bubble phase
 * from widget back up. TRUE when a shortcut whose trigger is accel ("<Control>p") took
 * it. Global shortcuts of widgets off that path, and key controllers that are not
 * shortcut controllers, are not tried. */
gboolean       ca_test_press_shortcut       (GtkWidget      *widget,
                                             const char     *accel);

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

/* Sizes window so that its X window (its surface: the frame GTK draws without a
 * compositor included) is width pixels wide, as `xdotool windowsize` would;
 * FALSE when it is not after 5 s */
gboolean   ca_test_set_surface_width (GtkWindow *window,
                                      int        width);
/* The first mapped label under root whose text is cut short with an ellipsis */
GtkWidget *ca_test_find_ellipsized   (GtkWidget *root);
/* Fails unless the words of window's header bar fit at every width from GNOME's
 * smallest, 360 px, to 1100 px: the title while the window is narrow, the view
 * switcher's labels once it is wide. With GNOME's window buttons (close alone)
 * everything must fit; with GTK's own minimize, maximize and close, which no GNOME
 * session shows, the title may be cut below 380 px and nothing else may */
void       ca_test_check_header_fits (GtkWindow *window);
/* Fails unless every word of the Preferences dialog (both pages) and of the About
 * dialog fits when window is 360 px wide */
void       ca_test_check_dialogs_fit (GtkWindow *window);

/* Which panes of a split view are on screen: the list, the page, or both */
enum { CA_TEST_LIST = 1 << 0, CA_TEST_PAGE = 1 << 1 };
guint      ca_test_shown_panes       (AdwNavigationSplitView *split);
/* Runs the main loop until split is (not) collapsed and shows panes and nothing else
 * (a transition between them over), for up to 10 s; fails naming the caller's line */
void       ca_test_wait_for_panes_at (int                     line,
                                      AdwNavigationSplitView *split,
                                      gboolean                collapsed,
                                      guint                   panes);
#define ca_test_wait_for_panes(...) ca_test_wait_for_panes_at (__LINE__, __VA_ARGS__)

G_END_DECLS
