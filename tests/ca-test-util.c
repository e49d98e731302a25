/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-test-util"

#include "config.h"

#include <glib/gstdio.h>

#include "ca-feed-parser.h"
#include "ca-test-util.h"
#include "ca-text-row.h"

void
ca_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        ca_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
ca_test_load_feed (CaStore    *store,
                   const char *key,
                   GBytes     *bytes)
{
  g_autoptr(CaFeedParser) parser = ca_feed_parser_new ();
  g_autoptr(CaFeed) feed = NULL;
  g_autoptr(GError) error = NULL;

  feed = ca_feed_parser_parse (parser, bytes, key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (feed);
  g_assert_true (ca_store_replace_feed (store, key, feed, &error));
  g_assert_no_error (error);
}

GtkWidget *
ca_test_find_widget (GtkWidget *root,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ca_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
ca_test_collect_texts (GtkWidget *root,
                       GPtrArray *texts)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_text (GTK_LABEL (root)));
  if (CA_IS_TEXT_ROW (root) && gtk_widget_get_mapped (root))
    {
      g_ptr_array_add (texts, (gpointer) ca_text_row_get_title (CA_TEXT_ROW (root)));
      g_ptr_array_add (texts, (gpointer) ca_text_row_get_subtitle (CA_TEXT_ROW (root)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    ca_test_collect_texts (child, texts);
}

gboolean
ca_test_shows_text (GtkWidget  *root,
                    const char *text)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  ca_test_collect_texts (root, texts);
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (texts->pdata[i], text) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
ca_test_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_true, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
ca_test_wait_until (gboolean (*done) (gpointer data),
                    gpointer   data,
                    guint      ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!done (data) && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);   /* nothing to do: look at the clock again soon */
  return done (data);
}
