/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-feed"

#include "config.h"

#include "ca-feed.h"

G_DEFINE_FINAL_TYPE (CaFeed, ca_feed, G_TYPE_OBJECT)

static void
ca_feed_finalize (GObject *object)
{
  CaFeed *self = (CaFeed *) object;

  g_free (self->generated);
  g_free (self->publisher_name);
  g_free (self->publisher_url);
  g_clear_pointer (&self->clusters, g_ptr_array_unref);
  g_clear_pointer (&self->projects, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (ca_feed_parent_class)->finalize (object);
}

static void
ca_feed_class_init (CaFeedClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_feed_finalize;
}

static void
ca_feed_init (CaFeed *self)
{
  self->clusters = g_ptr_array_new_with_free_func (g_object_unref);
  self->projects = g_ptr_array_new_with_free_func (g_object_unref);
  self->events = g_ptr_array_new_with_free_func (g_object_unref);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
}

CaFeed *
ca_feed_new (void)
{
  return g_object_new (CA_TYPE_FEED, NULL);
}

guint
ca_feed_count_members (CaFeed *self)
{
  guint n = 0;

  g_return_val_if_fail (CA_IS_FEED (self), 0);

  for (guint i = 0; i < self->clusters->len; i++)
    n += ((CaCluster *) g_ptr_array_index (self->clusters, i))->members->len;
  return n;
}
