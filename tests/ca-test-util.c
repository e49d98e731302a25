/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-test-util"

#include "config.h"

#include <execinfo.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <adwaita.h>
#include <string.h>

#include "ca-month-chip.h"
#include "ca-test-util.h"
#include "ca-text-row.h"

/* A UI test that crashes says where, in the log that `meson test --print-errorlogs`
 * (tools/test, CI) shows: a crash seen once in CI could not be made again by hand.
 * Each frame is a library or the test program with an offset in it, "(+0x1f30a)",
 * which `addr2line -f -e PROGRAM 0x1f30a` names. Not under ASan, whose own report
 * is better. */
#if !defined(__SANITIZE_ADDRESS__)
static void
report_crash (int signum)
{
  static const char header[] = "\nca-test: crashed; the stack, innermost first:\n";
  void *frames[64];
  int n = backtrace (frames, G_N_ELEMENTS (frames));

  if (write (STDERR_FILENO, header, sizeof header - 1) > 0)
    backtrace_symbols_fd (frames, n, STDERR_FILENO);
  signal (signum, SIG_DFL);
  raise (signum);
}

__attribute__((constructor)) static void
install_crash_report (void)
{
  /* backtrace() loads libgcc on its first call: not in the handler */
  void *frame;

  backtrace (&frame, 1);
  signal (SIGSEGV, report_crash);
  signal (SIGBUS, report_crash);
  signal (SIGILL, report_crash);
  signal (SIGFPE, report_crash);
}
#endif

/* Warnings stay fatal in the UI tests (G_DEBUG=fatal-warnings), except three that
 * GDK 4.20 and later prints on an X server without a compositor or window manager
 * (Xvfb, where the tests run), about its own bookkeeping whatever the window shows:
 * its X11 backend marks a frame submitted twice, then finds it still being prepared;
 * and when another test's window on the same display takes the focus and so closes
 * a popover (tests run side by side), it finds the popover's pointer grab already
 * gone ("Unpaired ungrab call": never seen with the test run alone). Other GTK apps'
 * suites on Debian testing meet the first two as well. GTK 4.18, the floor, prints
 * none of them, so there nothing is let through; any other warning, from GDK too,
 * still ends the test. GTK's g_warning()s go through the structured API, which GLib
 * makes fatal in its default writer: these are written to stderr without it. */
static gboolean
gdk_warns_under_xvfb (void)
{
  return gtk_check_version (4, 20, 0) == NULL;
}

static gboolean
is_gdk_xvfb_warning (GLogLevelFlags  log_level,
                     const char     *domain,
                     const char     *message)
{
  return (log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "Gdk") == 0 && message != NULL &&
         (strstr (message, "gdk_frame_timings_submitted() called on submitted frame") != NULL ||
          strstr (message, "gdk_frame_timings_throttling_hint: runtime check failed") != NULL ||
          g_str_equal (message, "Unpaired ungrab call"));
}

static GLogWriterOutput
write_log (GLogLevelFlags   log_level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN") && fields[i].length < 0)
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
        message = fields[i].value;
    }
  if (is_gdk_xvfb_warning (log_level, domain, message))
    return g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* The same through g_log() (g_warn_if_fail's, as when the window is resized).
 * GLib makes them fatal before any writer: the test framework's handler, which would
 * report them as the test's failure, is not given them, and a test's fatal handler
 * keeps them from aborting it. Any other GDK warning is reported and ends the test. */
static void
log_gdk (const char     *log_domain,
         GLogLevelFlags  log_level,
         const char     *message,
         gpointer        user_data)
{
  if (is_gdk_xvfb_warning (log_level, log_domain, message))
    log_level &= ~G_LOG_FLAG_FATAL;
  g_log_default_handler (log_domain, log_level, message, user_data);
}

static gboolean
fatal_log (const char     *log_domain,
           GLogLevelFlags  log_level,
           const char     *message,
           gpointer        user_data)
{
  return !is_gdk_xvfb_warning (log_level, log_domain, message);
}

__attribute__((constructor)) static void
install_log_writer (void)
{
  if (gdk_warns_under_xvfb ())
    {
      g_log_set_writer_func (write_log, NULL, NULL);
      g_log_set_handler ("Gdk", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
                         log_gdk, NULL);
    }
}

/* GLib drops a test's fatal handler as each test case starts: the helpers a UI test
 * case starts with, and the one that resizes its window, set it again */
static void
set_fatal_handler (void)
{
  if (gdk_warns_under_xvfb ())
    g_test_log_set_fatal_handler (fatal_log, NULL);
}

void
ca_test_require_display (void)
{
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    return;
  /* TAP's way of failing the whole program; a skip would pass for a green run */
  g_print ("Bail out! no display: the UI tests need one (tools/test runs them under Xvfb; "
           "by hand, run the test under xvfb-run -a)\n");
  exit (1);
}

GtkWidget *
ca_test_find_widget_where (GtkWidget     *root,
                           CaTestMatch    match,
                           gconstpointer  data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ca_test_find_widget_where (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

GtkWidget *
ca_test_find_widget (GtkWidget *root,
                     GType      type)
{
  return ca_test_find_widget_where (root, is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
widget_shows (GtkWidget  *widget,
              const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget))
    return g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
  if (CA_IS_TEXT_ROW (widget))
    return g_strcmp0 (ca_text_row_get_title (CA_TEXT_ROW (widget)), text) == 0 ||
           g_strcmp0 (ca_text_row_get_subtitle (CA_TEXT_ROW (widget)), text) == 0;
  if (CA_IS_MONTH_CHIP (widget))
    return g_strcmp0 (ca_month_chip_get_text (CA_MONTH_CHIP (widget)), text) == 0;
  return FALSE;
}

GtkWidget *
ca_test_find_text (GtkWidget  *root,
                   const char *text)
{
  if (widget_shows (root, text))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ca_test_find_text (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
ca_test_shows_text (GtkWidget  *root,
                    const char *text)
{
  return ca_test_find_text (root, text) != NULL;
}

GtkWidget *
ca_test_wait_text (GtkWidget  *root,
                   const char *text,
                   guint       ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  GtkWidget *found;

  while ((found = ca_test_find_text (root, text)) == NULL && g_get_monotonic_time () < end)
    ca_test_run_for (20);
  return found;
}

/* One window for all of a program's tests: GDK's X11 clipboard starts reads as
 * toplevels come and go, and one still under way when the process ends shows up
 * as a leak */
static GtkWindow *shared_window;

CaApplication *
ca_test_application_register (const char *store_path)
{
  static guint n_registered;
  g_autofree char *app_id = g_strdup_printf ("io.github.clusteratlas.Test%u.P%d",
                                             ++n_registered, (int) getpid ());
  CaApplication *app = ca_application_new ();
  g_autoptr(GError) error = NULL;

  ca_application_set_store_path (app, store_path);
  g_application_set_application_id (G_APPLICATION (app), app_id);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

static gboolean
has_window (gpointer app)
{
  return gtk_application_get_active_window (GTK_APPLICATION (app)) != NULL;
}

GtkWindow *
ca_test_application_activate (CaApplication *app)
{
  g_application_activate (G_APPLICATION (app));
  g_assert_true (ca_test_wait_until (has_window, app, 5000));
  return gtk_application_get_active_window (GTK_APPLICATION (app));
}

CaWindow *
ca_test_application_start (CaApplication **app,
                           const char     *store_path)
{
  GtkWindow *window;

  set_fatal_handler ();
  *app = ca_test_application_register (store_path);
  window = ca_test_application_activate (*app);
  g_assert_true (CA_IS_WINDOW (window));
  return CA_WINDOW (window);
}

void
ca_test_application_close (CaApplication *app)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

CaSyncManager *
ca_test_sync_manager (CaApplication *app)
{
  return ca_sync_manager_get_default (G_APPLICATION (app), ca_application_get_store (app));
}

void
ca_test_wait_for_syncs (CaApplication *app)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (ca_sync_manager_is_syncing (ca_test_sync_manager (app)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  ca_test_run_pending ();
}

static gboolean
press_in_phase (GtkWidget           *widget,
                GtkShortcutTrigger  *wanted,
                GtkPropagationPhase  phase)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)) != phase)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted) &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                            gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }
  return FALSE;
}

gboolean
ca_test_press_shortcut (GtkWidget  *widget,
                        const char *accel)
{
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accel);
  g_autoptr(GPtrArray) path = g_ptr_array_new ();

  g_assert_nonnull (wanted);
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    g_ptr_array_add (path, w);
  for (guint i = path->len; i > 0; i--)
    if (press_in_phase (path->pdata[i - 1], wanted, GTK_PHASE_CAPTURE))
      return TRUE;
  for (guint i = 0; i < path->len; i++)
    if (press_in_phase (path->pdata[i], wanted, GTK_PHASE_BUBBLE))
      return TRUE;
  return FALSE;
}

static void
record_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  CaTestHost *host = user_data;

  g_free (host->action);
  host->action = g_strdup (g_action_get_name (G_ACTION (action)));
  g_clear_pointer (&host->parameter, g_variant_unref);
  host->parameter = parameter != NULL ? g_variant_ref (parameter) : NULL;
}

void
ca_test_host_set_up (CaTestHost *host,
                     const char *name)
{
  static const GActionEntry entries[] = {
    { "show-cluster", record_action, "(ss)" },
    { "show-member", record_action, "(ssu)" },
    { "show-project", record_action, "(ss)" },
    { "show-event", record_action, "(ss)" },
  };
  g_autofree char *template = g_strdup_printf ("ca-%s-XXXXXX", name);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  set_fatal_handler ();
  memset (host, 0, sizeof *host);
  host->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  path = g_build_filename (host->dir, "atlas.db", NULL);
  host->store = ca_store_open (path, &error);
  g_assert_no_error (error);

  if (shared_window == NULL)
    shared_window = GTK_WINDOW (gtk_window_new ());
  host->window = shared_window;
  host->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (host->actions), entries,
                                   G_N_ELEMENTS (entries), host);
  gtk_widget_insert_action_group (GTK_WIDGET (host->window), "win",
                                  G_ACTION_GROUP (host->actions));
}

void
ca_test_host_show (CaTestHost *host,
                   GtkWidget  *view,
                   int         width,
                   int         height)
{
  gtk_window_set_default_size (host->window, width, height);
  gtk_window_set_child (host->window, view);
  gtk_window_present (host->window);
}

void
ca_test_host_tear_down (CaTestHost *host)
{
  gtk_window_set_child (host->window, NULL);
  gtk_widget_insert_action_group (GTK_WIDGET (host->window), "win", NULL);
  gtk_widget_set_visible (GTK_WIDGET (host->window), FALSE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&host->actions);
  g_clear_object (&host->store);
  g_clear_pointer (&host->parameter, g_variant_unref);
  g_clear_pointer (&host->action, g_free);
  ca_test_remove_tree (host->dir);
  g_clear_pointer (&host->dir, g_free);
}

void
ca_test_host_close_window (void)
{
  if (shared_window != NULL)
    gtk_window_destroy (shared_window);
  shared_window = NULL;
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct {
  GtkWindow *window;
  int        width;
} SurfaceWait;

static gboolean
surface_has_width (gpointer data)
{
  SurfaceWait *wait = data;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (wait->window));

  return surface != NULL && gtk_widget_get_mapped (GTK_WIDGET (wait->window)) &&
         gdk_surface_get_width (surface) == wait->width &&
         gtk_widget_get_width (GTK_WIDGET (wait->window)) > 0;
}

static gboolean
window_mapped (gpointer window)
{
  return gtk_widget_get_mapped (window);
}

gboolean
ca_test_set_surface_width (GtkWindow *window,
                           int        width)
{
  SurfaceWait wait = { window, width };

  set_fatal_handler ();
  if (!ca_test_wait_until (window_mapped, window, 5000))
    return FALSE;
  for (int tries = 0; tries < 3 && !surface_has_width (&wait); tries++)
    {
      int default_width, height, frame;

      /* The surface is the window and its frame: the default size, which follows
       * the window's size, is without it */
      gtk_window_get_default_size (window, &default_width, &height);
      frame = gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window))) - default_width;
      gtk_window_set_default_size (window, width - frame, height);
      ca_test_wait_until (surface_has_width, &wait, 2000);
    }
  /* Let the breakpoints and the layout settle at that width */
  ca_test_run_for (100);
  return surface_has_width (&wait);
}

static gboolean
is_ellipsized (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget)));
}

GtkWidget *
ca_test_find_ellipsized (GtkWidget *root)
{
  return ca_test_find_widget_where (root, is_ellipsized, NULL);
}

void
ca_test_check_header_fits (GtkWindow *window)
{
  static const char * const layouts[] = { "appmenu:close", "menu:minimize,maximize,close" };
  static const int widths[] = { 360, 370, 380, 420, 500, 600, 670, 680, 720, 800, 1100 };
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *layout = NULL;
  GtkWidget *header;

  g_object_get (settings, "gtk-decoration-layout", &layout, NULL);
  for (guint l = 0; l < G_N_ELEMENTS (layouts); l++)
    {
      g_object_set (settings, "gtk-decoration-layout", layouts[l], NULL);
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        {
          GtkWidget *cut;

          if (!ca_test_set_surface_width (window, widths[w]))
            {
              int min;

              gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min,
                                  NULL, NULL, NULL);
              g_error ("The window cannot be %d px wide: it is %d px, its minimum %d px", widths[w],
                       gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window))), min);
            }
          header = ca_test_find_widget (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
          g_assert_nonnull (header);
          cut = ca_test_find_ellipsized (header);
          if (cut != NULL)
            g_error ("%d px, %s: \"%s\" is cut", widths[w], layouts[l],
                     gtk_label_get_text (GTK_LABEL (cut)));
          /* The title makes way only for more window buttons than GNOME's close */
          if (l == 0)
            g_assert_true (adw_header_bar_get_show_title (ADW_HEADER_BAR (header)));
        }
    }
  g_object_set (settings, "gtk-decoration-layout", layout, NULL);
}

static void
check_nothing_cut (GtkWidget  *root,
                   const char *where)
{
  GtkWidget *cut;

  ca_test_run_for (500);   /* a dialog slides in */
  cut = ca_test_find_ellipsized (root);
  if (cut != NULL)
    g_error ("%s: \"%s\" is cut in a window 360 px wide", where, gtk_label_get_text (GTK_LABEL (cut)));
}

void
ca_test_check_dialogs_fit (GtkWindow *window)
{
  GActionGroup *app = G_ACTION_GROUP (gtk_window_get_application (window));
  AdwApplicationWindow *adw_window = ADW_APPLICATION_WINDOW (window);
  AdwDialog *dialog;

  /* 360 px of window, as GNOME gives it: libadwaita's Preferences and About are
   * 360 px wide at least, and without a compositor the X window also holds the
   * 5 px frame GTK draws on each side */
  g_assert_true (ca_test_set_surface_width (window, 370));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, 360);
  g_action_group_activate_action (app, "preferences", NULL);
  dialog = adw_application_window_get_visible_dialog (adw_window);
  g_assert_true (ADW_IS_PREFERENCES_DIALOG (dialog));
  check_nothing_cut (GTK_WIDGET (dialog), "Preferences");
  adw_preferences_dialog_set_visible_page_name (ADW_PREFERENCES_DIALOG (dialog), "feeds");
  check_nothing_cut (GTK_WIDGET (dialog), "Preferences, Feeds");
  adw_dialog_force_close (dialog);

  g_action_group_activate_action (app, "about", NULL);
  dialog = adw_application_window_get_visible_dialog (adw_window);
  g_assert_true (ADW_IS_ABOUT_DIALOG (dialog));
  check_nothing_cut (GTK_WIDGET (dialog), "About");
  adw_dialog_force_close (dialog);
}

guint
ca_test_shown_panes (AdwNavigationSplitView *split)
{
  GtkWidget *sidebar = GTK_WIDGET (adw_navigation_split_view_get_sidebar (split));
  GtkWidget *content = GTK_WIDGET (adw_navigation_split_view_get_content (split));

  return (gtk_widget_get_mapped (sidebar) ? CA_TEST_LIST : 0) |
         (gtk_widget_get_mapped (content) ? CA_TEST_PAGE : 0);
}

typedef struct {
  AdwNavigationSplitView *split;
  GtkWidget              *bin_child;
  guint                   panes;
  gboolean                collapsed;
} Panes;

static gboolean
panes_are (gpointer data)
{
  Panes *p = data;

  /* The view (an AdwBreakpointBin) hides its child until the frame after its
   * breakpoint changed; a bin let go of before then leaks the picture it drew
   * meanwhile (libadwaita 1.7), which the sanitizers' runs report */
  return adw_navigation_split_view_get_collapsed (p->split) == p->collapsed &&
         ca_test_shown_panes (p->split) == p->panes &&
         (p->bin_child == NULL || gtk_widget_get_child_visible (p->bin_child));
}

void
ca_test_wait_for_panes_at (int                     line,
                           AdwNavigationSplitView *split,
                           gboolean                collapsed,
                           guint                   panes)
{
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (split), ADW_TYPE_BREAKPOINT_BIN);
  Panes p = { split, view != NULL ? adw_breakpoint_bin_get_child (ADW_BREAKPOINT_BIN (view)) : NULL,
              panes, collapsed };

  if (!ca_test_wait_until (panes_are, &p, 10000))
    g_error ("Split view: collapsed %d, panes %u; expected collapsed %d, panes %u (line %d)",
             adw_navigation_split_view_get_collapsed (split), ca_test_shown_panes (split),
             collapsed, panes, line);
}
