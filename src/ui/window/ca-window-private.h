/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ca-sync-manager.h"
#include "ca-view.h"
#include "ca-whats-new.h"
#include "ca-window.h"

G_BEGIN_DECLS

/*
 * What the parts of CaWindow share: ca-window.c (construction, state, the views),
 * ca-window-actions.c (actions and shortcuts), ca-window-search.c (the search bar
 * and results) and ca-window-sync.c (sync progress, the banner, toasts).
 */

typedef enum
{
  CA_WINDOW_VIEW_CLUSTERS,
  CA_WINDOW_VIEW_MEMBERS,
  CA_WINDOW_VIEW_CALENDAR,
  CA_WINDOW_VIEW_SCHEDULE,
  CA_WINDOW_N_VIEWS
} CaWindowView;

/* A page of the view stack. Its view is made when first shown, in the page's bin,
 * and reads the store then: the first frame waits for the view on screen alone. */
typedef struct
{
  AdwBin  *bin;
  GType    type;
  gboolean has_store;   /* given the window's store */
  gboolean current;     /* and read it since it last changed */
} CaWindowSlot;

struct _CaWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;   /* NULL when the schema is not installed */
  CaStore              *store;
  gboolean              loaded;     /* given the application's store (ca_window_new) */
  gboolean              narrow;     /* the breakpoint of the .ui applies */
  gboolean              phone;      /* its phone-width breakpoint applies */
  CaWindowSlot          slots[CA_WINDOW_N_VIEWS];

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwToolbarView       *toolbar_view;
  AdwHeaderBar         *header_bar;
  AdwViewSwitcher      *header_switcher;
  AdwViewSwitcherBar   *switcher_bar;     /* given the stack when first narrow */
  GtkBox               *top_box;          /* the banner and the search bar */
  AdwViewStack         *view_stack;
  GtkStack             *main_stack;
  GtkSearchBar         *search_bar;
  GtkLabel             *freshness_label;
  AdwBin               *clusters_bin;
  AdwBin               *members_bin;
  AdwBin               *calendar_bin;
  AdwBin               *schedule_bin;
  AdwBin               *search_bin;
  GtkMenuButton        *menu_button;
  GtkWidget            *search_button;
  GMenuModel           *primary_menu;
  GtkWidget            *sync_button;
  CaWhatsNew           *whats_new;

  /* Made when first needed, not with the window */
  GtkSearchEntry       *search_entry;     /* on the first key or search */
  CaSearchView         *search_view;      /* on the first search */
  GtkWidget            *progress_box;     /* on the first sync */
  GtkLabel             *progress_label;
  AdwBanner            *banner;           /* on the first failed sync */

  CaSyncManager        *sync_manager;     /* NULL without a store */
  guint                 freshness_timer;  /* a minute on, the status line again */
  GtkWidget            *focus_kept;       /* the focus widget, see keep_focus_widget() */
  guint                 refocus_idle;     /* the focus went nowhere: refocus() */
};

/* ca-window.c */
CaWindowView  _ca_window_view_from_name    (const char    *name);
const char   *_ca_window_view_name         (CaWindowView   view);
void          _ca_window_show_view         (CaWindow      *self,
                                            CaWindowView   view);
CaView       *_ca_window_ensure_view       (CaWindow      *self,
                                            CaWindowView   view);
void          _ca_window_reload_views      (CaWindow      *self);

/* ca-window-actions.c */
void          _ca_window_class_actions_init (CaWindowClass *klass);
void          _ca_window_actions_init      (CaWindow      *self);

/* The keyboard shortcuts as the shortcuts dialog of libadwaita 1.8 lists them
 * (help-overlay.ui lists the same for GtkShortcutsWindow); untranslated, in the
 * "shortcut window" context */
typedef struct
{
  const char *group;
  const char *title;
  const char *accelerator;
} CaWindowShortcut;

const CaWindowShortcut *_ca_window_get_shortcuts (guint *n_shortcuts);

/* ca-window-search.c */
void          _ca_window_search_init       (CaWindow      *self);
GtkSearchEntry *_ca_window_ensure_search_entry (CaWindow  *self);
CaSearchView *_ca_window_ensure_search_view (CaWindow     *self);
void          _ca_window_search_open       (CaWindow      *self);
void          _ca_window_search_close      (CaWindow      *self);
void          _ca_window_search_reload     (CaWindow      *self);

/* ca-window-sync.c */
void          _ca_window_sync_start        (CaWindow      *self,
                                            CaApplication *app);
/* Starts the automatic syncs and What's New's count once the first frame is drawn */
void          _ca_window_after_first_frame (CaWindow      *self);
void          _ca_window_sync_now          (CaWindow      *self);
void          _ca_window_sync_cancel       (CaWindow      *self);
void          _ca_window_sync_update_banner (CaWindow     *self);
void          _ca_window_sync_update_progress (CaWindow   *self);
void          _ca_window_show_toast        (CaWindow      *self,
                                            const char    *text);
/* What's New: its signals (it gets the store after the first frame), counting again
 * after the store changed */
void          _ca_window_whats_new_init    (CaWindow      *self);
void          _ca_window_whats_new_refresh (CaWindow      *self);

G_END_DECLS
