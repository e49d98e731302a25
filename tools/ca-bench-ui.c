/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-bench-ui"

/*
 * The window's figures, measured in a real window (run it under Xvfb):
 *
 *   ca-bench-ui empty               first frame of an empty AdwApplicationWindow
 *   ca-bench-ui empty-app           an empty AdwApplicationWindow as an app would start
 *                                   one: a unique application, Cluster Atlas's default
 *                                   window size, no timing of its own, running until
 *                                   killed (ca-bench-exec times it from outside)
 *   ca-bench-ui chrome              the same with a header bar and a three-page view
 *                                   switcher, and nothing else: what the chrome costs
 *   ca-bench-ui window STORE        first frame of Cluster Atlas's window on STORE
 *   ca-bench-ui search STORE        the longest main-loop stall while typing searches and
 *                                   their results are shown; then while "Show all" lists
 *                                   every member a one-letter query finds
 *   ca-bench-ui views STORE         the longest stall while each view first fills, the
 *                                   longest layout and paint of a frame meanwhile, and
 *                                   the widgets mapped once it is filled
 *   ca-bench-ui whats-new STORE     the longest stall while What's New opens after a
 *                                   sync that moved 5,000 events (STORE's largest feed
 *                                   re-imported with every fourth event a day later,
 *                                   first: give it a copy)
 *
 * Times count from the start of main(), so both first frames include GTK's own
 * start-up, and print as key=value lines for tools/bench.
 *
 * To see where a view's stall goes, `views` also takes:
 *   CA_BENCH_TRACE=1        each main-loop turn away over 8 ms and each frame over 4 ms,
 *                           with the main thread's CPU time in it and how often it
 *                           waited or was preempted (on a busy machine the wall time of
 *                           a turn is often twice its CPU time)
 *   CA_BENCH_PROFILE=VIEW   under valgrind --tool=callgrind --instr-atstart=no: counts
 *                           only while VIEW is first shown, a dump after each frame
 *   CA_BENCH_VIEW_MS=N      N ms a view rather than 2000 (valgrind needs a minute)
 *   CA_BENCH_NODES=PREFIX   the window's render nodes as each view ends, to
 *                           PREFIX.VIEW.node (gtk4-rendernode-tool benchmark times the
 *                           drawing alone)
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_VALGRIND_CALLGRIND_H
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_STOP_INSTRUMENTATION
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_DUMP_STATS_AT(s)
#endif

#include "ca-application.h"
#include "ca-search-view.h"
#include "ca-feed.h"
#include "ca-store.h"
#include "ca-whats-new.h"
#include "ca-window.h"

static gint64 started;
static GApplication *app;

/* CPU time of the main thread: on a busy machine it varies less than wall time */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* The main thread's voluntary (it waited) and involuntary (another thread or process
 * had its core) context switches */
static void
context_switches (long *waits,
                  long *preempted)
{
  g_autofree char *status = NULL;
  const char *at;

  *waits = *preempted = 0;
  if (!g_file_get_contents ("/proc/thread-self/status", &status, NULL, NULL))
    return;
  if ((at = strstr (status, "\nvoluntary_ctxt_switches:")) != NULL)
    *waits = strtol (strchr (at, ':') + 1, NULL, 10);
  if ((at = strstr (status, "\nnonvoluntary_ctxt_switches:")) != NULL)
    *preempted = strtol (strchr (at, ':') + 1, NULL, 10);
}

/* CA_BENCH_TRACE=1: when each step was reached, to see where the time goes */
static void
trace (const char *step)
{
  if (g_getenv ("CA_BENCH_TRACE"))
    g_printerr ("%-12s wall %6.1f ms  cpu %6.1f ms\n", step,
                (g_get_monotonic_time () - started) / 1000.0, thread_cpu_ms ());
}

static void
trace_layout (void)
{
  trace ("layout done");
}

static void
trace_paint (void)
{
  trace ("painted");
}

static void
after_paint (GdkFrameClock *clock,
             gpointer       user_data)
{
  /* Under callgrind, the count ends here: not with what runs after the first frame
   * (the automatic syncs start) nor with the exit */
  CALLGRIND_STOP_INSTRUMENTATION;
  g_print ("first_frame_ms=%.1f\nfirst_frame_cpu_ms=%.1f\n",
           (g_get_monotonic_time () - started) / 1000.0, thread_cpu_ms ());
  g_signal_handlers_disconnect_by_func (clock, after_paint, user_data);
  g_application_quit (app);
}

static void
watch_first_frame (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), NULL);
  /* Connected after GTK's own handlers, so these mark the ends of the phases */
  g_signal_connect (clock, "layout", G_CALLBACK (trace_layout), NULL);
  g_signal_connect (clock, "paint", G_CALLBACK (trace_paint), NULL);
}

static void
window_realized (GtkWidget *window)
{
  trace ("realized");
  watch_first_frame (window);
}

static void
traced_startup (GApplication *application)
{
  trace ("started up");
}

static void
empty_activate (GApplication *application)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (application));

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  g_signal_connect (window, "realize", G_CALLBACK (window_realized), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

/* Cluster Atlas's own default size (ca-window.ui): the first frame from exec is
 * compared at the same number of pixels */
static void
empty_app_activate (GApplication *application)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (application));

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
}

static void
chrome_activate (GApplication *application)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (application));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *stack = adw_view_stack_new ();
  GtkWidget *switcher = adw_view_switcher_new ();
  static const char *pages[][2] = {
    { "Clusters", "view-grid-symbolic" },
    { "Members", "system-users-symbolic" },
    { "Calendar", "x-office-calendar-symbolic" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    adw_view_stack_add_titled_with_icon (ADW_VIEW_STACK (stack), adw_bin_new (), pages[i][0],
                                         pages[i][0], pages[i][1]);
  gtk_widget_set_vexpand (stack, TRUE);
  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_STACK (stack));
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), switcher);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), stack);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  g_signal_connect (window, "realize", G_CALLBACK (window_realized), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

static void
window_added (GtkApplication *application,
              GtkWindow      *window)
{
  trace ("window made");
  gtk_window_set_default_size (window, 1280, 800);
  g_signal_connect (window, "realize", G_CALLBACK (window_realized), NULL);
}

/* Typing: one key every 40 ms, as a quick typist; a 1 ms timer measures how long
 * the main loop is away between its ticks. A search entry searches only once the
 * typing pauses (GtkSearchEntry's search-delay, 150 ms), so after each query the
 * typist waits until its results are shown, as one does to read them, and then
 * types the next: every query is searched and its results laid out and drawn
 * while the timer ticks. Typing on without that pause searched nothing at all. */
typedef struct {
  GtkEditable  *entry;
  CaSearchView *view;
  const char   *query;        /* being typed, or waited for */
  const char   *text;         /* what is left of it to type */
  guint         typed;
  guint         shown;        /* queries whose results were shown */
  guint         hits;         /* over all of them */
  gint64        waiting;      /* since the last key of the query, or 0 */
  gint64        last_tick;
  gint64        longest;
  guint         ticks;
  gint64        all_since;    /* "Show all" asked for, or 0 */
  gint64        all_longest;  /* the longest stall since */
} Typing;

/* A query's results are awaited at most this long before the next is typed */
#define RESULTS_TIMEOUT_US (2 * G_USEC_PER_SEC)

static const char *queries[] = {
  "клъстер", "Industry", "Innovation", "ИКТ", "Tra", "цифров", "Förderung", "energy",
};

static gboolean
tick (gpointer user_data)
{
  Typing *t = user_data;
  gint64 now = g_get_monotonic_time ();

  if (t->last_tick > 0 && t->all_since == 0)
    t->longest = MAX (t->longest, now - t->last_tick);
  else if (t->last_tick > 0)
    t->all_longest = MAX (t->all_longest, now - t->last_tick);
  t->last_tick = now;
  t->ticks++;
  return G_SOURCE_CONTINUE;
}

static void
results_changed (CaSearchView *view,
                 Typing       *t)
{
  if (t->waiting == 0 || t->query == NULL ||
      g_strcmp0 (ca_search_view_get_query (view), t->query) != 0)
    return;
  t->shown++;
  t->hits += ca_search_view_get_n_hits (view);
  t->waiting = 0;
  t->query = NULL;
}

/* "Show all" of the largest section of a one-letter query: the longest stall from
 * the click through its search and rows to ALL_SETTLE_US after, scrolled to the end
 * and back meanwhile, as one does to look through them */
#define ALL_QUERY "a"
#define ALL_SETTLE_US (3 * G_USEC_PER_SEC)

static gboolean
show_all_done (gpointer user_data)
{
  Typing *t = user_data;

  /* 0 rows: the section never showed, and the stall says nothing */
  g_print ("search_all_stall_ms=%.1f\nsearch_all_rows=%u\n", t->all_longest / 1000.0,
           ca_search_view_get_expanded (t->view) == CA_SEARCH_MEMBER
           ? ca_search_view_get_n_hits (t->view) : 0);
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

/* The first widget of type in widget's tree, mapped only if mapped_only */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type,
             gboolean   mapped_only)
{
  if (mapped_only && !gtk_widget_get_mapped (widget))
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, mapped_only);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Ten steps down to the end of the list, ten back up */
static gboolean
scroll_all (gpointer user_data)
{
  Typing *t = user_data;
  /* The section's own list, once its results show */
  GtkWidget *list = find_widget (GTK_WIDGET (t->view), GTK_TYPE_LIST_VIEW, TRUE);
  GtkWidget *scroller = list != NULL ? gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW)
                                     : NULL;
  static guint step;
  GtkAdjustment *adj;
  double end;

  if (step >= 20)
    return G_SOURCE_REMOVE;
  if (scroller == NULL)
    return G_SOURCE_CONTINUE;
  step++;
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
  gtk_adjustment_set_value (adj, step <= 10 ? end * step / 10 : end * (20 - step) / 10);
  return G_SOURCE_CONTINUE;
}

static gboolean
show_all (gpointer user_data)
{
  Typing *t = user_data;

  /* Its results shown first */
  if (t->query != NULL && g_get_monotonic_time () - t->waiting < RESULTS_TIMEOUT_US)
    return G_SOURCE_CONTINUE;
  t->all_since = g_get_monotonic_time ();
  ca_search_view_show_all (t->view, CA_SEARCH_MEMBER);
  g_timeout_add (100, scroll_all, t);
  g_timeout_add (ALL_SETTLE_US / 1000, show_all_done, t);
  return G_SOURCE_REMOVE;
}

static gboolean
type_key (gpointer user_data)
{
  static guint query;
  Typing *t = user_data;
  const char *next;

  /* Waiting for the results of the query typed */
  if (t->waiting > 0 && g_get_monotonic_time () - t->waiting < RESULTS_TIMEOUT_US)
    return G_SOURCE_CONTINUE;
  t->waiting = 0;

  if (t->text == NULL || t->text[0] == '\0')
    {
      if (query == G_N_ELEMENTS (queries))
        {
          g_print ("search_stall_ms=%.1f\nsearch_keys=%u\nsearch_queries=%u\n"
                   "search_shown=%u\nsearch_hits=%u\n",
                   t->longest / 1000.0, t->typed, query, t->shown, t->hits);
          /* Then every member with an "a" in its name */
          t->query = ALL_QUERY;
          gtk_editable_set_text (t->entry, ALL_QUERY);
          t->waiting = g_get_monotonic_time ();
          g_timeout_add (40, show_all, t);
          return G_SOURCE_REMOVE;
        }
      t->query = t->text = queries[query++];
      gtk_editable_set_text (t->entry, "");
    }

  next = g_utf8_next_char (t->text);
  {
    g_autofree char *typed = g_strconcat (gtk_editable_get_text (t->entry), NULL);
    g_autofree char *more = g_strndup (t->text, next - t->text);
    g_autofree char *text = g_strconcat (typed, more, NULL);
    gtk_editable_set_text (t->entry, text);
  }
  t->text = next;
  t->typed++;
  if (t->text[0] == '\0')
    t->waiting = g_get_monotonic_time ();
  return G_SOURCE_CONTINUE;
}

static gboolean
start_typing (gpointer user_data)
{
  GtkWindow *window = user_data;
  static Typing typing;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  typing.entry = GTK_EDITABLE (find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, FALSE));
  typing.view = ca_window_get_search_view (CA_WINDOW (window));
  g_signal_connect (typing.view, "results-changed", G_CALLBACK (results_changed), &typing);
  g_timeout_add (1, tick, &typing);
  g_timeout_add (40, type_key, &typing);
  return G_SOURCE_REMOVE;
}

static void
search_window_added (GtkApplication *application,
                     GtkWindow      *window)
{
  gtk_window_set_default_size (window, 1280, 800);
  /* Once the window is up and settled */
  g_timeout_add (1000, start_typing, window);
}

/* Opening each view for the first time: the longest time the main loop is away
 * while it reads the store and fills, with a 1 ms timer ticking; and, to tell
 * where a stall goes, the longest layout and paint (snapshot and render) phases
 * of the frames meanwhile: what is in neither is the app's own code */
typedef struct {
  GtkWidget  *window;
  guint       step;
  gint64      last_tick;
  gint64      longest;
  gint64      mark;
  gint64      layout;
  gint64      paint;
  gint64      longest_layout;
  gint64      longest_paint;
  gint64      view_started;
  double      last_cpu;
  double      frame_cpu;
  long        waits;
  long        preempted;
} Views;

static const char *view_names[] = { "members", "calendar", "clusters" };

/* What a frame lays out and draws: the widgets mapped */
static guint
count_mapped (GtkWidget *widget)
{
  guint n = gtk_widget_get_mapped (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_mapped (child);
  return n;
}

static gboolean
next_view (gpointer user_data)
{
  Views *v = user_data;

  if (v->step > 0)
    g_print ("view_%s_stall_ms=%.1f\nview_%s_layout_ms=%.1f\nview_%s_paint_ms=%.1f\n",
             view_names[v->step - 1], v->longest / 1000.0,
             view_names[v->step - 1], v->longest_layout / 1000.0,
             view_names[v->step - 1], v->longest_paint / 1000.0);
  if (v->step > 0)
    g_print ("view_%s_widgets=%u\n", view_names[v->step - 1], count_mapped (v->window));
  if (v->step > 0 && g_getenv ("CA_BENCH_NODES"))
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (v->window);
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autofree char *path = g_strdup_printf ("%s.%s.node", g_getenv ("CA_BENCH_NODES"),
                                               view_names[v->step - 1]);

      gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (v->window),
                              gtk_widget_get_height (v->window));
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL)
        gsk_render_node_write_to_file (node, path, NULL);
    }
  if (v->step == G_N_ELEMENTS (view_names))
    {
      g_application_quit (app);
      return G_SOURCE_REMOVE;
    }
  v->longest = v->longest_layout = v->longest_paint = 0;
  /* CA_BENCH_PROFILE=VIEW under valgrind --tool=callgrind --instr-atstart=no: only
   * while that view is first shown, a dump after each of its frames */
  /* Braces: the client requests are single statements that some valgrind.h
   * versions expand to an empty one */
  if (g_strcmp0 (g_getenv ("CA_BENCH_PROFILE"), view_names[v->step]) == 0)
    {
      CALLGRIND_START_INSTRUMENTATION;
    }
  else if (g_getenv ("CA_BENCH_PROFILE") != NULL)
    {
      CALLGRIND_STOP_INSTRUMENTATION;
    }
  v->view_started = v->last_tick = g_get_monotonic_time ();
  if (g_getenv ("CA_BENCH_TRACE"))
    g_printerr ("  %-9s shown at monotonic %.6f s\n", view_names[v->step],
                v->view_started / 1e6);
  v->last_cpu = thread_cpu_ms ();
  gtk_widget_activate_action (v->window, "win.show-view", "s", view_names[v->step++]);
  return G_SOURCE_CONTINUE;
}

static gboolean
views_tick (gpointer user_data)
{
  Views *v = user_data;
  gint64 now = g_get_monotonic_time ();

  v->longest = MAX (v->longest, now - v->last_tick);
  /* CA_BENCH_TRACE=1: each turn the loop was away over 8 ms, with the main thread's
   * CPU time in it (the rest is waiting: for a core, a lock, the X server) */
  if (g_getenv ("CA_BENCH_TRACE") && now - v->last_tick > 8000)
    g_printerr ("  %-9s at %6.1f ms  away %6.1f ms  cpu %6.1f ms\n",
                v->step > 0 ? view_names[v->step - 1] : "",
                (v->last_tick - v->view_started) / 1000.0, (now - v->last_tick) / 1000.0,
                thread_cpu_ms () - v->last_cpu);
  v->last_cpu = thread_cpu_ms ();
  v->last_tick = now;
  return G_SOURCE_CONTINUE;
}

/* The frame clock's phases, each handler connected after GDK's own (the window
 * was realized long before): each marks the end of its phase */
static void
views_frame_started (GdkFrameClock *clock,
                     Views         *v)
{
  v->mark = g_get_monotonic_time ();
  v->layout = v->paint = 0;
  v->frame_cpu = thread_cpu_ms ();
  context_switches (&v->waits, &v->preempted);
}

static void
views_updated (GdkFrameClock *clock,
               Views         *v)
{
  v->mark = g_get_monotonic_time ();
}

static void
views_laid_out (GdkFrameClock *clock,
                Views         *v)
{
  gint64 now = g_get_monotonic_time ();

  v->layout += now - v->mark;
  v->mark = now;
}

static void
views_painted (GdkFrameClock *clock,
               Views         *v)
{
  gint64 now = g_get_monotonic_time ();

  v->paint += now - v->mark;
  v->mark = now;
}

static void
views_frame_ended (GdkFrameClock *clock,
                   Views         *v)
{
  v->longest_layout = MAX (v->longest_layout, v->layout);
  v->longest_paint = MAX (v->longest_paint, v->paint);
  if (v->step > 0 && g_strcmp0 (g_getenv ("CA_BENCH_PROFILE"), view_names[v->step - 1]) == 0)
    {
      CALLGRIND_DUMP_STATS_AT ("frame");
    }
  if (g_getenv ("CA_BENCH_TRACE") && v->layout + v->paint > 4000)
    {
      long waits, preempted;

      context_switches (&waits, &preempted);
      g_printerr ("  %-9s frame ending at %6.1f ms: layout %5.1f ms, paint %5.1f ms, "
                  "cpu %5.1f ms; waited %ld and preempted %ld times\n",
                  v->step > 0 ? view_names[v->step - 1] : "",
                  (g_get_monotonic_time () - v->view_started) / 1000.0,
                  v->layout / 1000.0, v->paint / 1000.0, thread_cpu_ms () - v->frame_cpu,
                  waits - v->waits, preempted - v->preempted);
    }
}

static gboolean
start_views (gpointer user_data)
{
  static Views views;
  GdkFrameClock *clock;

  views.window = user_data;
  clock = gtk_widget_get_frame_clock (views.window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (views_frame_started), &views);
  g_signal_connect (clock, "update", G_CALLBACK (views_updated), &views);
  g_signal_connect (clock, "layout", G_CALLBACK (views_laid_out), &views);
  g_signal_connect (clock, "paint", G_CALLBACK (views_painted), &views);
  g_signal_connect (clock, "after-paint", G_CALLBACK (views_frame_ended), &views);
  views.last_tick = g_get_monotonic_time ();
  g_timeout_add (1, views_tick, &views);
  next_view (&views);
  /* Two seconds a view: time to read and fill in the background (more under valgrind:
   * CA_BENCH_VIEW_MS) */
  g_timeout_add (g_getenv ("CA_BENCH_VIEW_MS") ? atoi (g_getenv ("CA_BENCH_VIEW_MS")) : 2000,
                 next_view, &views);
  return G_SOURCE_REMOVE;
}

static void
views_window_added (GtkApplication *application,
                    GtkWindow      *window)
{
  gtk_window_set_default_size (window, 1280, 800);
  g_timeout_add (1000, start_views, window);
}

/* What's New opening after a sync that moved 5,000 events: the longest time the main
 * loop is away, a 1 ms timer ticking, from the click until its list is filled */
typedef struct {
  GtkWidget  *window;
  CaWhatsNew *whats_new;
  gint64      last_tick;
  gint64      longest;
  gint64      opened;
  double      last_cpu;
  double      longest_cpu;   /* the main thread's CPU time in the longest stall */
} WhatsNew;

static gboolean
whats_new_tick (gpointer user_data)
{
  WhatsNew *w = user_data;
  gint64 now = g_get_monotonic_time ();

  double cpu = thread_cpu_ms ();

  if (now - w->last_tick > w->longest)
    {
      w->longest = now - w->last_tick;
      w->longest_cpu = cpu - w->last_cpu;
    }
  /* CA_BENCH_TRACE=1: each turn away over 8 ms, with the main thread's CPU time in it */
  if (g_getenv ("CA_BENCH_TRACE") && now - w->last_tick > 8000)
    g_printerr ("  whats-new at %6.1f ms  away %6.1f ms  cpu %6.1f ms\n",
                (w->last_tick - w->opened) / 1000.0, (now - w->last_tick) / 1000.0,
                cpu - w->last_cpu);
  w->last_tick = now;
  w->last_cpu = cpu;
  /* Filled, and a few frames drawn after */
  if (!ca_whats_new_is_loading (w->whats_new) && now - w->opened > 500 * 1000)
    {
      g_print ("whats_new_stall_ms=%.1f\nwhats_new_stall_cpu_ms=%.1f\n"
               "whats_new_items=%u\nwhats_new_unseen=%u\n",
               w->longest / 1000.0, w->longest_cpu,
               g_list_model_get_n_items (ca_whats_new_get_model (w->whats_new)),
               ca_whats_new_get_unseen_count (w->whats_new));
      g_application_quit (app);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
start_whats_new (gpointer user_data)
{
  static WhatsNew w;

  w.window = user_data;
  w.whats_new = CA_WHATS_NEW (find_widget (w.window, CA_TYPE_WHATS_NEW, FALSE));
  w.opened = w.last_tick = g_get_monotonic_time ();
  w.last_cpu = thread_cpu_ms ();
  g_timeout_add (1, whats_new_tick, &w);
  gtk_widget_activate_action (w.window, "win.whats-new", NULL);
  return G_SOURCE_REMOVE;
}

static void
whats_new_window_added (GtkApplication *application,
                        GtkWindow      *window)
{
  gtk_window_set_default_size (window, 1280, 800);
  /* Once the window is up, its count read and settled */
  g_timeout_add (2000, start_whats_new, window);
}

/* STORE's largest feed again, whole (its publisher, clusters with their members,
 * projects), with every fourth event a day later: 5,000 of the europe feed's
 * 20,000, as a sync would log them (once: a store that has changes keeps them) */
static gboolean
move_events (const char  *path,
             GError     **error)
{
  g_autoptr(CaStore) store = ca_store_open (path, error);
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(CaFeed) feed = ca_feed_new ();
  CaEventQuery query = CA_EVENT_QUERY_INIT;
  g_autoptr(GPtrArray) clusters = NULL;
  CaFeedInfo *from = NULL;
  const char *key = NULL;
  guint most = 0, n = 0;

  if (store == NULL || !ca_store_count_changes (store, NULL, &n, error))
    return FALSE;
  if (n > 0)
    return TRUE;
  n = 0;
  if ((feeds = ca_store_list_feeds (store, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < feeds->len; i++)
    {
      CaFeedInfo *info = feeds->pdata[i];

      if (info->n_events > most)
        {
          most = info->n_events;
          key = info->key;
          from = info;
        }
    }
  if (key == NULL)
    return TRUE;
  feed->publisher_name = g_strdup (from->title);
  feed->publisher_url = g_strdup (from->publisher_url);
  feed->generated = g_strdup (from->generated);
  if ((clusters = ca_store_list_clusters (store, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < clusters->len; i++)
    {
      CaCluster *summary = clusters->pdata[i];
      CaCluster *cluster;

      if (!g_str_equal (summary->feed, key))
        continue;
      if ((cluster = ca_store_get_cluster (store, key, summary->id, error)) == NULL)
        return FALSE;
      g_ptr_array_add (feed->clusters, cluster);
    }
  if ((events = ca_store_list_events (store, &query, error)) == NULL ||
      (projects = ca_store_list_projects (store, key, NULL, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < events->len; i++)
    {
      CaEvent *event = events->pdata[i];

      if (!g_str_equal (event->feed, key))
        continue;
      if (n++ % 4 == 0)
        {
          event->start += 86400;
          event->end += 86400;
        }
      g_ptr_array_add (feed->events, g_object_ref (event));
    }
  for (guint i = 0; i < projects->len; i++)
    g_ptr_array_add (feed->projects, g_object_ref (projects->pdata[i]));
  return ca_store_replace_feed (store, key, feed, error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *id = g_strdup_printf ("io.github.clusteratlas.Bench.P%d", (int) getpid ());
  const char *mode = argc > 1 ? argv[1] : "";
  int status;

  started = g_get_monotonic_time ();

  if (g_str_equal (mode, "empty") || g_str_equal (mode, "chrome"))
    {
      app = G_APPLICATION (adw_application_new (id, G_APPLICATION_NON_UNIQUE));
      g_signal_connect (app, "activate",
                        g_str_equal (mode, "empty") ? G_CALLBACK (empty_activate)
                                                    : G_CALLBACK (chrome_activate),
                        NULL);
    }
  else if (g_str_equal (mode, "empty-app"))
    {
      app = G_APPLICATION (adw_application_new ("io.github.clusteratlas.Bench.Empty",
                                                G_APPLICATION_DEFAULT_FLAGS));
      g_signal_connect (app, "activate", G_CALLBACK (empty_app_activate), NULL);
    }
  else if ((g_str_equal (mode, "window") || g_str_equal (mode, "search") ||
            g_str_equal (mode, "views") || g_str_equal (mode, "whats-new")) && argc > 2)
    {
      CaApplication *ca;

      if (g_str_equal (mode, "whats-new"))
        {
          g_autoptr(GError) error = NULL;

          if (!move_events (argv[2], &error))
            {
              g_printerr ("ca-bench-ui: %s\n", error->message);
              return 1;
            }
        }
      ca = ca_application_new ();

      ca_application_set_store_path (ca, argv[2]);
      g_application_set_application_id (G_APPLICATION (ca), id);
      g_application_set_flags (G_APPLICATION (ca), G_APPLICATION_NON_UNIQUE);
      app = G_APPLICATION (ca);
      g_signal_connect (app, "window-added",
                        G_CALLBACK (g_str_equal (mode, "window") ? window_added
                                    : g_str_equal (mode, "search") ? search_window_added
                                    : g_str_equal (mode, "whats-new") ? whats_new_window_added
                                    : views_window_added),
                        NULL);
    }
  else
    {
      g_printerr ("usage: ca-bench-ui empty | empty-app | chrome | window STORE | search STORE | "
                  "views STORE | whats-new STORE\n");
      return 2;
    }

  g_signal_connect_after (app, "startup", G_CALLBACK (traced_startup), NULL);
  status = g_application_run (app, 1, argv);
  g_object_unref (app);
  return status;
}
