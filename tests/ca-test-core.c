/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-test-core"

#include "config.h"

#include <glib/gstdio.h>

#include "ca-feed-parser.h"
#include "ca-test-core.h"

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

void
ca_test_load_builtin (CaStore *store)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "default-feed.json",
                                                 NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  ca_test_load_feed (store, CA_FEED_BUILTIN, bytes);
}
