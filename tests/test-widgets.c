/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-widgets"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ca-composition-chart.h"
#include "ca-link.h"
#include "ca-test-util.h"
#include "ca-text-row.h"

/* The small widgets the views share (src/ui/widgets), in a window under Xvfb.
 *
 * Links go to a handler of our own: a desktop file in a temporary XDG_DATA_HOME,
 * made the default for http, https and mailto links and for what a hostile feed
 * might try (javascript:, file:, data:), that writes each URI it gets to a file. */

static char *tmp_dir;
static char *launch_log;
static GtkWindow *window;

/* {{{ Helpers */

static void
write_file (const char *dir,
            const char *name,
            const char *contents,
            int         mode)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

/* Before GLib reads the XDG directories (they are read once) */
static void
set_up_handler (void)
{
  g_autofree char *data_home = NULL;
  g_autofree char *config_home = NULL;
  g_autofree char *applications = NULL;
  g_autofree char *script = NULL;
  g_autofree char *script_path = NULL;
  g_autofree char *desktop = NULL;
  const char *types[] = {
    "x-scheme-handler/http", "x-scheme-handler/https", "x-scheme-handler/mailto",
    "x-scheme-handler/javascript", "x-scheme-handler/data", "x-scheme-handler/ftp",
    "text/plain", "inode/directory",
  };
  g_autoptr(GString) mime_types = g_string_new (NULL);
  g_autoptr(GString) defaults = g_string_new ("[Default Applications]\n");

  tmp_dir = g_dir_make_tmp ("ca-widgets-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  data_home = g_build_filename (tmp_dir, "data", NULL);
  config_home = g_build_filename (tmp_dir, "config", NULL);
  applications = g_build_filename (data_home, "applications", NULL);
  launch_log = g_build_filename (tmp_dir, "launched.txt", NULL);
  script_path = g_build_filename (tmp_dir, "handler", NULL);

  script = g_strdup_printf ("#!/bin/sh\nprintf '%%s\\n' \"$1\" >> '%s'\n", launch_log);
  write_file (tmp_dir, "handler", script, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_string_append_printf (mime_types, "%s;", types[i]);
      g_string_append_printf (defaults, "%s=ca-test-handler.desktop\n", types[i]);
    }
  desktop = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Test Handler\n"
                             "Exec=%s %%u\nMimeType=%s\nNoDisplay=true\n",
                             script_path, mime_types->str);
  write_file (applications, "ca-test-handler.desktop", desktop, 0600);
  write_file (config_home, "mimeapps.list", defaults->str, 0600);
  write_file (applications, "mimeapps.list", defaults->str, 0600);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  /* No other handler may answer: only our folder, then the system's for GTK's own data */
  {
    g_autofree char *dirs = g_strdup_printf ("%s:/usr/share", data_home);

    g_setenv ("XDG_DATA_DIRS", dirs, TRUE);
  }
}

/* The URIs the handler was started with so far */
static GStrv
launched (void)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (launch_log, &contents, NULL, NULL))
    return g_new0 (char *, 1);
  g_strchomp (contents);
  return contents[0] != '\0' ? g_strsplit (contents, "\n", -1) : g_new0 (char *, 1);
}

static gboolean
was_launched (gpointer data)
{
  g_auto(GStrv) uris = launched ();

  return g_strv_contains ((const char * const *) uris, data);
}

static void
show (GtkWidget *child)
{
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  ca_test_run_for (100);
}

static gboolean
is_text_node (GskRenderNode *node)
{
  return gsk_render_node_get_node_type (node) == GSK_TEXT_NODE;
}

static gboolean
is_color_node (GskRenderNode *node)
{
  return gsk_render_node_get_node_type (node) == GSK_COLOR_NODE;
}

/* The first node under node that match() takes, depth first */
static GskRenderNode *
find_node (GskRenderNode *node,
           gboolean     (*match) (GskRenderNode *node))
{
  if (node == NULL)
    return NULL;
  if (match (node))
    return node;

  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        {
          GskRenderNode *found = find_node (gsk_container_node_get_child (node, i), match);

          if (found != NULL)
            return found;
        }
      return NULL;
    case GSK_TRANSFORM_NODE:
      return find_node (gsk_transform_node_get_child (node), match);
    case GSK_CLIP_NODE:
      return find_node (gsk_clip_node_get_child (node), match);
    case GSK_ROUNDED_CLIP_NODE:
      return find_node (gsk_rounded_clip_node_get_child (node), match);
    case GSK_OPACITY_NODE:
      return find_node (gsk_opacity_node_get_child (node), match);
    case GSK_DEBUG_NODE:
      return find_node (gsk_debug_node_get_child (node), match);
    default:
      return NULL;
    }
}

/* What widget draws, as render nodes */
static GskRenderNode *
draw (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  return gtk_snapshot_free_to_node (snapshot);
}

/* The colour a text or colour node draws in, as its serialization says ("color:
 * rgba(0,0,6,0.8);"): GTK 4.18's gsk_text_node_get_color() was seen returning
 * garbage where the node itself held the right colour */
static void
node_color (GskRenderNode *node,
            GdkRGBA       *color)
{
  g_autoptr(GBytes) bytes = gsk_render_node_serialize (node);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  const char *start = strstr (text, "color: ");
  g_autofree char *value = NULL;

  g_assert_nonnull (start);
  start += strlen ("color: ");
  value = g_strndup (start, strcspn (start, ";"));
  if (!gdk_rgba_parse (color, value))
    g_error ("Not a colour: %s", value);
}

static void
assert_same_color (const GdkRGBA *drawn,
                   const GdkRGBA *expected)
{
  /* The serialization has 8 bits a channel */
  g_assert_cmpfloat_with_epsilon (drawn->red, expected->red, 1 / 255.0);
  g_assert_cmpfloat_with_epsilon (drawn->green, expected->green, 1 / 255.0);
  g_assert_cmpfloat_with_epsilon (drawn->blue, expected->blue, 1 / 255.0);
  g_assert_cmpfloat_with_epsilon (drawn->alpha, expected->alpha, 1 / 255.0);
}

static double
luminance (const GdkRGBA *color)
{
  return 0.2126 * color->red + 0.7152 * color->green + 0.0722 * color->blue;
}

static void
set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  ca_test_run_for (100);
}

/* }}} */
/* {{{ Tests */

/* Feed links go to the desktop's handler (GtkUriLauncher); nothing but http, https
 * and plain addresses is ever handed over, though a handler is there for all */
static void
test_link_launch (void)
{
  GtkWidget *button = gtk_button_new_with_label ("link");
  const char *refused[] = {
    "javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://example.org/",
    "mailto:office@example.org?attach=/etc/passwd", "mailto:a@example.org,b@example.org",
    "mailto:?to=office@example.org", "mailto:", " https://example.org/", "/etc/passwd",
  };
  const char *opened[] = {
    "https://example.org/a?b=c&d=e", "http://example.org/", "mailto:office@example.org",
  };
  g_auto(GStrv) uris = NULL;

  show (button);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_message ("refused: %s", refused[i]);
      g_assert_false (ca_link_open (button, refused[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (opened); i++)
    {
      g_test_message ("opened: %s", opened[i]);
      g_assert_true (ca_link_open (button, opened[i]));
      /* One at a time: the log then lists them in order */
      g_assert_true (ca_test_wait_until (was_launched, (gpointer) opened[i], 10000));
    }
  ca_test_run_for (200);
  uris = launched ();
  g_assert_cmpuint (g_strv_length (uris), ==, G_N_ELEMENTS (opened));
  for (guint i = 0; i < G_N_ELEMENTS (opened); i++)
    g_assert_cmpstr (uris[i], ==, opened[i]);
}

/* A feed's address becomes a mailto link only when it is an address and nothing more */
static void
test_link_mailto (void)
{
  const char *plain[] = { "office@example.org", "first.last+tag@sub.example-domain.bg" };
  const char *refused[] = {
    "office@example.org?attach=/etc/passwd", "a@example.org,b@example.org", "office",
    "@example.org", "office@", "a@b@example.org", "office@example.org\n", " office@example.org",
    "office@example.org&body=x", "office@example.org#x", "оfis@example.org", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      g_autofree char *mailto = ca_link_mailto (plain[i]);
      g_autofree char *expected = g_strconcat ("mailto:", plain[i], NULL);

      g_assert_cmpstr (mailto, ==, expected);
      g_assert_true (ca_link_can_open (mailto));
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *mailto = ca_link_mailto (refused[i]);
      g_autofree char *uri = g_strconcat ("mailto:", refused[i], NULL);

      g_test_message ("%s", refused[i]);
      g_assert_null (mailto);
      g_assert_false (ca_link_can_open (uri));
    }
  g_assert_null (ca_link_mailto (NULL));
}

/* A row draws in its own foreground colour, which follows the style: dark text on
 * light, light text on dark */
static void
test_text_row_color (void)
{
  GtkWidget *row = ca_text_row_new ();

  ca_text_row_set_text (CA_TEXT_ROW (row), "ICT Cluster", "Sofia · 293 members");
  gtk_widget_set_size_request (row, 300, -1);
  show (row);

  for (int dark = 0; dark < 2; dark++)
    {
      g_autoptr(GskRenderNode) node = NULL;
      GskRenderNode *text;
      GdkRGBA drawn, color;

      set_dark (dark);
      node = draw (row);
      text = find_node (node, is_text_node);
      g_assert_nonnull (text);
      node_color (text, &drawn);
      gtk_widget_get_color (row, &color);
      assert_same_color (&drawn, &color);
      if (dark)
        g_assert_cmpfloat (luminance (&drawn), >, 0.5);
      else
        g_assert_cmpfloat (luminance (&drawn), <, 0.5);
    }
  set_dark (FALSE);
}

/* The chart's bars and numbers are in its foreground colour too */
static void
test_chart_color (void)
{
  GtkWidget *chart = ca_composition_chart_new ();
  gint64 counts[CA_N_COMPOSITION];
  int min_width;

  for (guint i = 0; i < CA_N_COMPOSITION; i++)
    counts[i] = -1;
  counts[CA_COMPOSITION_SMES] = 280;
  counts[CA_COMPOSITION_STARTUPS] = 5;
  ca_composition_chart_set_counts (CA_COMPOSITION_CHART (chart), counts);
  show (chart);

  /* Narrow enough for a page in a 300 px view, with its margins */
  gtk_widget_measure (chart, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 300 - 24);

  for (int dark = 0; dark < 2; dark++)
    {
      g_autoptr(GskRenderNode) node = NULL;
      GskRenderNode *bar, *text;
      GdkRGBA color, text_color, bar_color;

      set_dark (dark);
      node = draw (chart);
      gtk_widget_get_color (chart, &color);
      text = find_node (node, is_text_node);
      bar = find_node (node, is_color_node);
      g_assert_nonnull (text);
      g_assert_nonnull (bar);
      node_color (text, &text_color);
      node_color (bar, &bar_color);
      /* the labels in the foreground colour, opaque; the bars in it, translucent */
      color.alpha = 1;
      assert_same_color (&text_color, &color);
      color.alpha = bar_color.alpha;
      assert_same_color (&bar_color, &color);
      g_assert_cmpfloat (bar_color.alpha, >, 0);
      if (dark)
        g_assert_cmpfloat (luminance (&text_color), >, 0.5);
      else
        g_assert_cmpfloat (luminance (&text_color), <, 0.5);
    }
  set_dark (FALSE);
}

/* }}} */
/* {{{ The UI tests' fatal warnings (ca-test-util.c) */

#define THROTTLING_WARNING "(../../../gdk/gdkframetimings.c:443):gdk_frame_timings_throttling_hint: " \
                           "runtime check failed: (self->result != GDK_FRAME_PREPARING)"
#define SUBMITTED_WARNING  "gdk_frame_timings_submitted() called on submitted frame."
#define OTHER_WARNING      "gdk_frame_timings_submitted() called on a frame never prepared"

/* In a UI test case, GDK's warnings under Xvfb (g_warn_if_fail's, through g_log(),
 * and g_warning's, structured) end the test only where GTK is older than 4.20 */
static void
test_gdk_xvfb_warnings (void)
{
  if (g_test_subprocess ())
    {
      CaTestHost host;

      ca_test_host_set_up (&host, "warnings");
      g_log ("Gdk", G_LOG_LEVEL_WARNING, "%s", THROTTLING_WARNING);
      g_log_structured ("Gdk", G_LOG_LEVEL_WARNING, "MESSAGE", SUBMITTED_WARNING);
      g_log_structured ("Gdk", G_LOG_LEVEL_WARNING, "MESSAGE", "Unpaired ungrab call");
      ca_test_host_tear_down (&host);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  if (gtk_check_version (4, 20, 0) == NULL)
    {
      g_test_trap_assert_passed ();
      g_test_trap_assert_stderr ("*gdk_frame_timings_throttling_hint: runtime check failed*"
                                 "*gdk_frame_timings_submitted() called on submitted frame*"
                                 "*Unpaired ungrab call*");
    }
  else
    g_test_trap_assert_failed ();
}

/* Any other warning, GDK's too, by either way, still ends the test */
static void
test_other_warnings (void)
{
  static const char * const ways[] = { "g_log", "structured" };
  const char *way = g_getenv ("CA_TEST_WARNING_WAY");

  if (g_test_subprocess ())
    {
      CaTestHost host;

      ca_test_host_set_up (&host, "warnings");
      if (g_strcmp0 (way, "g_log") == 0)
        g_log ("Gdk", G_LOG_LEVEL_WARNING, "%s", OTHER_WARNING);
      else
        g_log_structured ("Gdk", G_LOG_LEVEL_WARNING, "MESSAGE", OTHER_WARNING);
      ca_test_host_tear_down (&host);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (ways); i++)
    {
      g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "CA_TEST_WARNING_WAY", ways[i], TRUE);

      g_test_trap_subprocess_with_envp (NULL, (const char * const *) envp, 0,
                                        G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_failed ();
      g_test_trap_assert_stderr ("*" OTHER_WARNING "*");
    }
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  int ret;

  ca_test_require_display ();
  set_up_handler ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 400, 300);

  g_test_add_func ("/widgets/link/launch", test_link_launch);
  g_test_add_func ("/widgets/link/mailto", test_link_mailto);
  g_test_add_func ("/widgets/text-row/color", test_text_row_color);
  g_test_add_func ("/widgets/composition-chart/color", test_chart_color);
  g_test_add_func ("/test-util/warnings/gdk-xvfb", test_gdk_xvfb_warnings);
  g_test_add_func ("/test-util/warnings/other", test_other_warnings);

  ret = g_test_run ();
  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  ca_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (launch_log);
  return ret;
}
