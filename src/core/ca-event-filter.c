/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-event-filter"

#include "config.h"

#include "ca-event-filter.h"

struct _CaEventFilter
{
  char       *cluster_feed;   /* with cluster_id, or both NULL */
  char       *cluster_id;
  int         kind;           /* CaEventKind, or -1 */
  char       *programme;
  GHashTable *programme_projects;  /* "feed\x1fid" of the programme's projects */
  gboolean    starred_only;
  guint32     first;          /* 0: no bound */
  guint32     last;
};

G_DEFINE_BOXED_TYPE (CaEventFilter, ca_event_filter, ca_event_filter_copy, ca_event_filter_free)

static char *
record_key (const char *feed,
            const char *id)
{
  return g_strconcat (feed, "\x1f", id, NULL);
}

static gboolean
lists_cluster (const char          *feed,
               char               **clusters,
               const CaEventFilter *self)
{
  return g_strcmp0 (feed, self->cluster_feed) == 0 && clusters != NULL &&
         g_strv_contains ((const char * const *) clusters, self->cluster_id);
}

CaEventFilter *
ca_event_filter_new (void)
{
  CaEventFilter *self = g_new0 (CaEventFilter, 1);

  self->kind = -1;
  return self;
}

CaEventFilter *
ca_event_filter_copy (const CaEventFilter *self)
{
  CaEventFilter *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = ca_event_filter_new ();
  copy->cluster_feed = g_strdup (self->cluster_feed);
  copy->cluster_id = g_strdup (self->cluster_id);
  copy->kind = self->kind;
  copy->programme = g_strdup (self->programme);
  if (self->programme_projects != NULL)
    copy->programme_projects = g_hash_table_ref (self->programme_projects);
  copy->starred_only = self->starred_only;
  copy->first = self->first;
  copy->last = self->last;
  return copy;
}

void
ca_event_filter_free (CaEventFilter *self)
{
  if (self == NULL)
    return;
  g_free (self->cluster_feed);
  g_free (self->cluster_id);
  g_free (self->programme);
  g_clear_pointer (&self->programme_projects, g_hash_table_unref);
  g_free (self);
}

void
ca_event_filter_set_cluster (CaEventFilter *self,
                             const char    *feed,
                             const char    *id)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((feed == NULL) == (id == NULL));

  g_free (self->cluster_feed);
  g_free (self->cluster_id);
  self->cluster_feed = g_strdup (feed);
  self->cluster_id = g_strdup (id);
}

void
ca_event_filter_set_kind (CaEventFilter *self,
                          int            kind)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (kind >= -1 && kind < CA_N_EVENT_KINDS);

  self->kind = kind;
}

void
ca_event_filter_set_programme (CaEventFilter *self,
                               const char    *programme,
                               GPtrArray     *projects)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->programme, g_free);
  g_clear_pointer (&self->programme_projects, g_hash_table_unref);
  if (programme == NULL)
    return;

  self->programme = g_strdup (programme);
  /* A shared set: copies of the filter (one per print) keep it without rebuilding */
  self->programme_projects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; projects != NULL && i < projects->len; i++)
    {
      CaProject *project = projects->pdata[i];

      if (g_strcmp0 (project->programme, programme) == 0)
        g_hash_table_add (self->programme_projects, record_key (project->feed, project->id));
    }
}

void
ca_event_filter_set_starred_only (CaEventFilter *self,
                                  gboolean       starred_only)
{
  g_return_if_fail (self != NULL);

  self->starred_only = !!starred_only;
}

void
ca_event_filter_set_days (CaEventFilter *self,
                          guint32        first,
                          guint32        last)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (first == 0 || last == 0 || first <= last);

  self->first = first;
  self->last = last;
}

gboolean
ca_event_filter_is_narrowed (const CaEventFilter *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->cluster_id != NULL || self->kind >= 0 || self->programme != NULL ||
         self->starred_only;
}

gboolean
ca_event_filter_match_event (const CaEventFilter *self,
                             CaEvent             *event)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (CA_IS_EVENT (event), FALSE);

  if (self->cluster_id != NULL && !lists_cluster (event->feed, event->clusters, self))
    return FALSE;
  if (self->kind >= 0 && (int) event->kind != self->kind)
    return FALSE;
  if (self->starred_only && !event->starred)
    return FALSE;
  if (self->programme != NULL)
    {
      g_autofree char *key = NULL;

      if (event->project == NULL)
        return FALSE;
      key = record_key (event->feed, event->project);
      if (!g_hash_table_contains (self->programme_projects, key))
        return FALSE;
    }
  if (self->first != 0 || self->last != 0)
    {
      guint32 first, last;

      ca_event_get_days (event, &first, &last);
      if (self->first != 0 && last < self->first)
        return FALSE;
      if (self->last != 0 && first > self->last)
        return FALSE;
    }
  return TRUE;
}

gboolean
ca_event_filter_match_project (const CaEventFilter *self,
                               CaProject           *project)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (CA_IS_PROJECT (project), FALSE);

  if (self->cluster_id != NULL && !lists_cluster (project->feed, project->clusters, self))
    return FALSE;
  if (self->programme != NULL && g_strcmp0 (project->programme, self->programme) != 0)
    return FALSE;
  return TRUE;
}

GPtrArray *
ca_event_filter_events (const CaEventFilter *self,
                        GPtrArray           *events)
{
  GPtrArray *matching;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (events != NULL, NULL);

  matching = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < events->len; i++)
    if (ca_event_filter_match_event (self, events->pdata[i]))
      g_ptr_array_add (matching, g_object_ref (events->pdata[i]));
  return matching;
}

GPtrArray *
ca_event_filter_projects (const CaEventFilter *self,
                          GPtrArray           *projects)
{
  GPtrArray *matching;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (projects != NULL, NULL);

  matching = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < projects->len; i++)
    if (ca_event_filter_match_project (self, projects->pdata[i]))
      g_ptr_array_add (matching, g_object_ref (projects->pdata[i]));
  return matching;
}
