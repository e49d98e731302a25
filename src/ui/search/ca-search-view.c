/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-search-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-format.h"
#include "ca-search-view.h"
#include "ca-text-row.h"
#include "ca-text.h"
#include "ca-thread-private.h"
#include "ca-tooltip.h"

/* Rows of a section while all sections show: a launcher's few, with "Show all N"
 * for the rest. The first section (Clusters, Members, Projects, Events) whose best hit
 * is named exactly what was typed shows a few more, as that is most likely what one
 * is looking for. */
#define SECTION_ROWS        3
#define SECTION_ROWS_EXACT  5

#define N_KINDS CA_N_SEARCH_KINDS

struct _CaSearchView
{
  AdwBin             parent_instance;

  CaStore           *store;
  char              *query;
  guint              generation;      /* of the newest query */
  GCancellable      *cancellable;     /* of the search under way */
  GHashTable        *clusters;        /* "feed<US>id" → CaCluster, listed by a worker */

  int                expanded;        /* the kind shown in full, or -1: every section */
  gboolean           focus_first;     /* move focus to the first row of the next results */
  guint              n_matches[N_KINDS];
  GPtrArray         *hits[N_KINDS];   /* CaSearchHit shown, per kind */
  GPtrArray         *subtitles[N_KINDS]; /* char *, parallel to hits, NULL for none */
  guint              n_hits;

  GtkWidget         *groups[N_KINDS];
  GtkWidget         *headings[N_KINDS];
  GtkListBox        *lists[N_KINDS];
  GtkWidget         *show_all_rows[N_KINDS];  /* the last row of a list, or NULL */

  /* template children */
  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  GtkBox            *groups_box;
  /* the section shown in full */
  GtkWidget         *back_button;
  GtkLabel          *section_heading;
  GtkScrolledWindow *section_scroller;
  GtkListView       *section_list;
  GtkStringList     *section_titles;  /* of hits[shown], in order */
  int                shown;           /* the kind section_titles lists, or -1 */
};

G_DEFINE_FINAL_TYPE (CaSearchView, ca_search_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_N_HITS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RESULTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const group_titles[N_KINDS] = {
  [CA_SEARCH_CLUSTER] = N_("Clusters"),
  [CA_SEARCH_MEMBER] = N_("Members"),
  [CA_SEARCH_PROJECT] = N_("Projects"),
  [CA_SEARCH_EVENT] = N_("Events"),
};

static char *
cluster_key (const char *feed,
             const char *id)
{
  return g_strdup_printf ("%s%c%s", feed != NULL ? feed : "", CA_TEXT_UNIT_SEP,
                          id != NULL ? id : "");
}

/* {{{ The search, off the main thread */

typedef struct {
  CaStore    *store;
  char       *text;
  int         kind;           /* the section shown in full, or -1 */
  guint       generation;
  GHashTable *clusters;       /* NULL until a worker has listed the clusters */
} SearchData;

typedef struct {
  CaSearchSections *sections; /* the hits to show */
  GPtrArray  *subtitles[N_KINDS];  /* char *, parallel to the hits, NULL for none */
  char      **titles;         /* the section shown in full: its hits' titles, shown */
  GHashTable *clusters;       /* listed by this worker, or NULL */
} SearchResult;

static void
search_data_free (gpointer data)
{
  SearchData *d = data;

  g_clear_object (&d->store);
  g_free (d->text);
  g_clear_pointer (&d->clusters, g_hash_table_unref);
  g_free (d);
}

static void
search_result_free (gpointer data)
{
  SearchResult *r = data;

  g_clear_pointer (&r->sections, ca_search_sections_free);
  for (int k = 0; k < N_KINDS; k++)
    g_clear_pointer (&r->subtitles[k], g_ptr_array_unref);
  g_strfreev (r->titles);
  g_clear_pointer (&r->clusters, g_hash_table_unref);
  g_free (r);
}

static GHashTable *
list_clusters (CaStore  *store,
               GError  **error)
{
  g_autoptr(GPtrArray) clusters = ca_store_list_clusters (store, error);
  GHashTable *map;

  if (clusters == NULL)
    return NULL;
  map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  for (guint i = 0; i < clusters->len; i++)
    {
      CaCluster *cluster = g_ptr_array_index (clusters, i);

      g_hash_table_insert (map, cluster_key (cluster->feed, cluster->id), g_object_ref (cluster));
    }
  return map;
}

/* Joins the non-empty parts with a middle dot; NULL when all are empty */
static char *
join_parts (const char *first,
            ...)
{
  g_autoptr(GString) out = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    {
      if (part[0] == '\0')
        continue;
      if (out->len > 0)
        /* TRANSLATORS: between the details under a search result: "ICT · Sofia" */
        g_string_append (out, _(" · "));
      g_string_append (out, part);
    }
  va_end (args);
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* An acronym, unless it is the title over it already ("ICT Cluster") */
static const char *
not_title (const char *acronym,
           const char *title)
{
  g_autofree char *shown = NULL;

  if (acronym == NULL)
    return "";
  shown = ca_text_display (title);
  return g_strcmp0 (shown, acronym) == 0 ? "" : acronym;
}

/* "Member of ICT Cluster, Mechatronics Cluster": every cluster listing the member */
static char *
member_subtitle (GHashTable        *clusters,
                 const CaSearchHit *hit)
{
  g_autoptr(GString) names = g_string_new (NULL);
  const char * const single[] = { hit->id, NULL };
  const char * const *ids = hit->clusters != NULL ? (const char * const *) hit->clusters : single;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *feed = hit->cluster_feeds != NULL && hit->cluster_feeds[i] != NULL
                         ? hit->cluster_feeds[i] : hit->feed;
      g_autofree char *key = cluster_key (feed, ids[i]);
      CaCluster *cluster = clusters != NULL ? g_hash_table_lookup (clusters, key) : NULL;
      g_autofree char *name = cluster != NULL ? ca_text_display (cluster->name) : NULL;

      if (names->len > 0)
        /* TRANSLATORS: between the clusters in "Member of ICT Cluster, Mechatronics Cluster" */
        g_string_append (names, _(", "));
      g_string_append (names, name != NULL ? name : ids[i]);
    }
  /* TRANSLATORS: under a member found by search; %s is one or more cluster names */
  return g_strdup_printf (_("Member of %s"), names->str);
}

/* What tells a hit from others of the same name: the cluster listing a member, a
 * cluster's acronym and region, a project's acronym and programme, an event's
 * date and city */
static char *
hit_subtitle (CaStore           *store,
              GHashTable        *clusters,
              const CaSearchHit *hit)
{
  switch (hit->kind)
    {
    case CA_SEARCH_CLUSTER:
    case CA_SEARCH_MEMBER:
      {
        g_autofree char *key = cluster_key (hit->feed, hit->id);
        CaCluster *cluster = clusters != NULL ? g_hash_table_lookup (clusters, key) : NULL;
        g_autofree char *name = NULL;
        g_autofree char *region = NULL;

        if (hit->kind == CA_SEARCH_MEMBER)
          return member_subtitle (clusters, hit);
        if (cluster == NULL)
          return NULL;
        region = ca_text_display (cluster->region);
        return join_parts (not_title (cluster->acronym, hit->title),
                           region != NULL ? region : "", NULL);
      }

    case CA_SEARCH_PROJECT:
      {
        g_autoptr(CaProject) project = ca_store_get_project (store, hit->feed, hit->id, NULL);

        if (project == NULL)
          return NULL;
        return join_parts (not_title (project->acronym, hit->title),
                           project->programme != NULL ? ca_format_programme (project->programme) : "", NULL);
      }

    case CA_SEARCH_EVENT:
      {
        g_autoptr(CaEvent) event = ca_store_get_event (store, hit->feed, hit->id, NULL);
        g_autofree char *when = NULL;
        g_autofree char *city = NULL;

        if (event == NULL)
          return NULL;
        when = ca_format_event_when (event, NULL);
        city = ca_text_display (event->city);
        return join_parts (when != NULL ? g_strstrip (when) : "", city != NULL ? city : "",
                           NULL);
      }

    default:
      return NULL;
    }
}

/* The hits and their subtitles; NULL on error, or when cancelled (no error then) */
static SearchResult *
search_run (SearchData    *d,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(CaSearchSections) sections = NULL;
  g_autoptr(GHashTable) listed = NULL;
  GHashTable *clusters = d->clusters;
  SearchResult *result;
  gboolean any = FALSE;
  gboolean exact_seen = FALSE;

  sections = ca_store_search_sections (d->store, d->text, d->kind,
                                       d->kind < 0 ? SECTION_ROWS_EXACT : 0, error);
  if (sections == NULL)
    return NULL;

  /* Every section: a few rows each, a few more for the first named exactly so */
  for (int k = 0; d->kind < 0 && k < N_KINDS; k++)
    {
      GPtrArray *hits = sections->hits[k];
      gboolean exact = hits->len > 0 &&
                       ((CaSearchHit *) g_ptr_array_index (hits, 0))->match == CA_SEARCH_MATCH_EXACT;

      if (exact && !exact_seen)
        exact_seen = TRUE;
      else if (hits->len > SECTION_ROWS)
        g_ptr_array_set_size (hits, SECTION_ROWS);
    }
  for (int k = 0; k < N_KINDS; k++)
    any = any || sections->hits[k]->len > 0;

  if (any && clusters == NULL)
    {
      if ((listed = list_clusters (d->store, error)) == NULL)
        return NULL;
      clusters = listed;
    }

  result = g_new0 (SearchResult, 1);
  for (int k = 0; k < N_KINDS; k++)
    {
      GPtrArray *hits = sections->hits[k];

      result->subtitles[k] = g_ptr_array_new_full (hits->len, g_free);
      for (guint i = 0; i < hits->len; i++)
        {
          if (g_cancellable_is_cancelled (cancellable))
            {
              search_result_free (result);
              return NULL;
            }
          g_ptr_array_add (result->subtitles[k],
                           hit_subtitle (d->store, clusters, g_ptr_array_index (hits, i)));
        }
    }
  /* Thousands, in a section shown in full: their text is made here, not on the
   * main thread (fill_section) */
  if (d->kind >= 0)
    {
      GPtrArray *hits = sections->hits[d->kind];

      result->titles = g_new0 (char *, hits->len + 1);
      for (guint i = 0; i < hits->len; i++)
        {
          char *title;

          if (g_cancellable_is_cancelled (cancellable))
            {
              search_result_free (result);
              return NULL;
            }
          title = ca_text_display (((CaSearchHit *) g_ptr_array_index (hits, i))->title);
          result->titles[i] = title != NULL ? title : g_strdup ("");
        }
    }
  result->sections = g_steal_pointer (&sections);
  result->clusters = g_steal_pointer (&listed);
  return result;
}

static void
search_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchResult *result;
  GError *error = NULL;
  int priority;

  /* Typing went on while this one waited for a thread */
  if (g_task_return_error_if_cancelled (task))
    return;

  /* The main loop goes first (as the parser's and the sync's workers let it): on
   * two busy cores a search at its weight left the main thread waiting for a
   * slice while the keys typed meanwhile were to be drawn */
  priority = _ca_thread_lower_priority ();
  result = search_run (task_data, cancellable, &error);
  _ca_thread_restore_priority (priority);

  if (error != NULL)
    g_task_return_error (task, error);
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, result, search_result_free);
  else
    g_clear_pointer (&result, search_result_free);
}

/* }}} */
/* {{{ Results */

static void
activate_hit (CaSearchView      *self,
              const CaSearchHit *hit)
{
  GtkWidget *widget = GTK_WIDGET (self);

  switch (hit->kind)
    {
    case CA_SEARCH_CLUSTER:
      gtk_widget_activate_action (widget, "win.show-cluster", "(ss)", hit->feed, hit->id);
      break;

    case CA_SEARCH_MEMBER:
      gtk_widget_activate_action (widget, "win.show-member", "(ssu)",
                                  hit->feed, hit->id, hit->position);
      break;

    case CA_SEARCH_PROJECT:
      gtk_widget_activate_action (widget, "win.show-project", "(ss)", hit->feed, hit->id);
      break;

    case CA_SEARCH_EVENT:
      gtk_widget_activate_action (widget, "win.show-event", "(ss)", hit->feed, hit->id);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void start_search (CaSearchView *self);

static void
set_expanded (CaSearchView *self,
              int           kind)
{
  if (self->expanded == kind)
    return;
  self->expanded = kind;
  /* The keyboard goes on where the new list starts */
  self->focus_first = gtk_widget_get_focus_child (GTK_WIDGET (self)) != NULL ||
                      gtk_widget_has_focus (GTK_WIDGET (self));
  start_search (self);
}

static void
row_activated (GtkListBox    *list,
               GtkListBoxRow *row,
               CaSearchView  *self)
{
  const CaSearchHit *hit = g_object_get_data (G_OBJECT (row), "ca-hit");
  int show_all = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "ca-show-all"));

  if (hit != NULL)
    activate_hit (self, hit);
  else if (show_all > 0)
    set_expanded (self, show_all - 1);
}

static void
back_clicked (CaSearchView *self)
{
  set_expanded (self, -1);
}

/* Escape in a section shown in full: every section again, as Escape takes a page
 * back to its list; otherwise the window's (it closes the search) */
static gboolean
escape_section (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  CaSearchView *self = CA_SEARCH_VIEW (widget);

  if (self->expanded < 0)
    return FALSE;
  set_expanded (self, -1);
  return TRUE;
}

static void
all_results_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  set_expanded (CA_SEARCH_VIEW (widget), -1);
}

static int
kind_of_list (CaSearchView *self,
              GtkWidget    *list)
{
  for (int k = 0; k < N_KINDS; k++)
    if (GTK_WIDGET (self->lists[k]) == list)
      return k;
  return -1;
}

/* Arrows go on from the last result of one group to the first of the next */
static gboolean
list_keynav_failed (GtkWidget        *list,
                    GtkDirectionType  direction,
                    CaSearchView     *self)
{
  int k = kind_of_list (self, list);
  int step;

  if (direction == GTK_DIR_DOWN)
    step = 1;
  else if (direction == GTK_DIR_UP)
    step = -1;
  else
    return FALSE;

  for (int next = k + step; k >= 0 && next >= 0 && next < N_KINDS; next += step)
    {
      /* the rows, and "Show all" after them */
      GtkWidget *list_widget = GTK_WIDGET (self->lists[next]);
      GtkWidget *row = step > 0 ? gtk_widget_get_first_child (list_widget)
                                : gtk_widget_get_last_child (list_widget);

      if (!gtk_widget_get_visible (self->groups[next]) || !GTK_IS_LIST_BOX_ROW (row))
        continue;
      gtk_widget_grab_focus (row);
      return TRUE;
    }
  return FALSE;
}

/* {{{ The section shown in full */

#define POSITION_KEY "ca-position"

static void
setup_section_row (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   CaSearchView             *self)
{
  gtk_list_item_set_child (item, ca_text_row_new ());
}

static void
bind_section_row (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  CaSearchView             *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  guint position = gtk_list_item_get_position (item);
  GtkStringObject *title = gtk_list_item_get_item (item);
  /* The kind listed, not the one asked for: its results may be on their way */
  GPtrArray *subtitles = self->shown >= 0 ? self->subtitles[self->shown] : NULL;

  ca_text_row_set_text (CA_TEXT_ROW (row), gtk_string_object_get_string (title),
                        subtitles != NULL && position < subtitles->len
                        ? g_ptr_array_index (subtitles, position) : NULL);
  /* For the arrow keys (section_up) */
  g_object_set_data (G_OBJECT (row), POSITION_KEY, GUINT_TO_POINTER (position + 1));
}

static void
section_row_activated (GtkListView  *list,
                       guint         position,
                       CaSearchView *self)
{
  if (self->shown >= 0 && position < self->hits[self->shown]->len)
    activate_hit (self, g_ptr_array_index (self->hits[self->shown], position));
}

/* Up from the first row: "All Results", as from a list box's first row; elsewhere
 * the list view's own Up */
static gboolean
section_up (GtkWidget *list,
            GVariant  *args,
            gpointer   user_data)
{
  CaSearchView *self = user_data;
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (list));
  GtkWidget *row = focus != NULL ? gtk_widget_get_first_child (focus) : NULL;

  if (!CA_IS_TEXT_ROW (row) ||
      GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), POSITION_KEY)) != 1)
    return FALSE;
  gtk_widget_grab_focus (self->back_button);
  return TRUE;
}

/* }}} */

static GtkWidget *
make_row (const CaSearchHit *hit,
          const char        *subtitle)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *text_row = ca_text_row_new ();
  g_autofree char *title = ca_text_display (hit->title);

  /* One widget, one line each (ca-text-row.c): fifty rows of labels took a frame
   * of their own to lay out as one typed; the page opened has the whole title */
  gtk_widget_set_margin_top (text_row, 3);
  gtk_widget_set_margin_bottom (text_row, 3);
  gtk_widget_set_margin_start (text_row, 12);
  gtk_widget_set_margin_end (text_row, 12);
  ca_text_row_set_text (CA_TEXT_ROW (text_row), title != NULL ? title : "", subtitle);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), text_row);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "ca-hit", (gpointer) hit);
  return row;
}

/* "Show all 40": the last row of a section that shows only some of its hits */
static GtkWidget *
make_show_all_row (CaSearchKind kind,
                   guint        n_matches)
{
  GtkWidget *row = gtk_list_box_row_new ();
  g_autofree char *text = g_strdup_printf (ngettext ("Show all %'u", "Show all %'u", n_matches),
                                           n_matches);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "accent");
  gtk_widget_set_margin_top (label, 9);
  gtk_widget_set_margin_bottom (label, 9);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "ca-show-all", GINT_TO_POINTER (kind + 1));
  return row;
}

static void
clear_lists (CaSearchView *self)
{
  /* The section list's rows find their hits by position: gone first */
  gtk_string_list_splice (self->section_titles, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->section_titles)), NULL);
  self->shown = -1;
  for (int k = 0; k < N_KINDS; k++)
    {
      GtkWidget *row;

      while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->lists[k]))) != NULL)
        gtk_list_box_remove (self->lists[k], row);
      g_ptr_array_set_size (self->hits[k], 0);
      g_ptr_array_set_size (self->subtitles[k], 0);
      self->n_matches[k] = 0;
      self->show_all_rows[k] = NULL;
      gtk_widget_set_visible (self->groups[k], FALSE);
    }
}

/* Every section: a few rows each (at most SECTION_ROWS_EXACT and three times
 * SECTION_ROWS), made at once */
static void
make_rows (CaSearchView *self)
{
  for (int k = 0; k < N_KINDS; k++)
    for (guint i = 0; i < self->hits[k]->len; i++)
      gtk_list_box_append (self->lists[k], make_row (g_ptr_array_index (self->hits[k], i),
                                                     g_ptr_array_index (self->subtitles[k], i)));
}

static char *
section_heading (int   kind,
                 guint n_matches)
{
  /* TRANSLATORS: a search section's heading and how many it found: "Members · 4,618"
   * (%'u: the number with the locale's thousands separator) */
  return g_strdup_printf (_("%s · %'u"), _(group_titles[kind]), n_matches);
}

/* One section in full: its hits' titles (none: no hits) in the list view's model,
 * whose rows are made for what shows (bind_section_row) */
static void
fill_section (CaSearchView       *self,
              int                 kind,
              const char * const *titles)
{
  g_autofree char *heading = section_heading (kind, self->n_matches[kind]);

  self->shown = kind;
  gtk_string_list_splice (self->section_titles, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->section_titles)),
                          titles);
  gtk_label_set_text (self->section_heading, heading);
}

static void
set_n_hits (CaSearchView *self,
            guint         n_hits)
{
  if (self->n_hits == n_hits)
    return;
  self->n_hits = n_hits;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HITS]);
}

/* Focus on the first row of the results shown */
static void
focus_first_row (CaSearchView *self)
{
  /* A list view's row is focused by making it the list's focus, then focusing the
   * list: scrolling to it with the focus flag alone focuses it only when the focus
   * is in the list already */
  if (self->expanded >= 0)
    {
      if (g_list_model_get_n_items (G_LIST_MODEL (self->section_titles)) > 0)
        {
          gtk_list_view_scroll_to (self->section_list, 0, GTK_LIST_SCROLL_FOCUS, NULL);
          gtk_widget_grab_focus (GTK_WIDGET (self->section_list));
        }
      return;
    }
  for (int k = 0; k < N_KINDS; k++)
    {
      GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->lists[k]));

      if (gtk_widget_get_visible (self->groups[k]) && GTK_IS_LIST_BOX_ROW (row))
        {
          gtk_widget_grab_focus (row);
          return;
        }
    }
}

/* Takes the hits and their subtitles out of result (NULL: none) */
static void
show_hits (CaSearchView *self,
           SearchResult *result)
{
  guint n = 0;
  guint n_found = 0;
  const char *page;

  clear_lists (self);
  for (int k = 0; result != NULL && k < N_KINDS; k++)
    {
      GPtrArray *hits = result->sections->hits[k];
      GPtrArray *subtitles = result->subtitles[k];

      for (guint i = 0; i < hits->len; i++)
        {
          g_ptr_array_add (self->hits[k], g_steal_pointer (&hits->pdata[i]));
          g_ptr_array_add (self->subtitles[k], i < subtitles->len
                                               ? g_steal_pointer (&subtitles->pdata[i]) : NULL);
          n++;
        }
      self->n_matches[k] = MAX (result->sections->n_matches[k], self->hits[k]->len);
      n_found += self->n_matches[k];
    }

  if (self->expanded >= 0)
    {
      fill_section (self, self->expanded,
                    result != NULL ? (const char * const *) result->titles : NULL);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->section_scroller), 0);
      page = "section";
    }
  else
    {
      for (int k = 0; k < N_KINDS; k++)
        {
          g_autofree char *heading = NULL;

          if (self->n_matches[k] == 0)
            continue;
          heading = section_heading (k, self->n_matches[k]);
          gtk_label_set_text (GTK_LABEL (self->headings[k]), heading);
          gtk_widget_set_visible (self->groups[k], TRUE);
        }
      make_rows (self);
      /* Sections showing some of their hits end in "Show all N" */
      for (int k = 0; k < N_KINDS; k++)
        if (self->n_matches[k] > self->hits[k]->len)
          {
            self->show_all_rows[k] = make_show_all_row (k, self->n_matches[k]);
            gtk_list_box_append (self->lists[k], self->show_all_rows[k]);
          }
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
      page = "results";
    }
  gtk_stack_set_visible_child_name (self->stack, n_found > 0 ? page : "empty");

  if (self->focus_first)
    {
      self->focus_first = FALSE;
      focus_first_row (self);
    }
  set_n_hits (self, n);
  g_signal_emit (self, signals[RESULTS_CHANGED], 0);
}

static void
search_done (GObject      *source_object,
             GAsyncResult *res,
             gpointer      user_data)
{
  CaSearchView *self = CA_SEARCH_VIEW (source_object);
  SearchData *d = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  SearchResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  /* A newer query took over: its results are the ones to show */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      d->generation != self->generation)
    {
      g_clear_pointer (&result, search_result_free);
      return;
    }

  g_clear_object (&self->cancellable);

  if (result == NULL)
    {
      /* Whatever the store could not search for, nothing was found */
      g_debug ("Search for “%s” failed: %s", d->text, error->message);
      show_hits (self, NULL);
      return;
    }

  if (result->clusters != NULL && self->clusters == NULL)
    self->clusters = g_steal_pointer (&result->clusters);
  show_hits (self, result);
  search_result_free (result);
}

static void
start_search (CaSearchView *self)
{
  g_autoptr(GTask) task = NULL;
  SearchData *d;
  g_autofree char *text = g_strstrip (g_strdup (self->query != NULL ? self->query : ""));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->generation++;

  if (text[0] == '\0' || self->store == NULL)
    {
      clear_lists (self);
      gtk_stack_set_visible_child_name (self->stack, "results");
      set_n_hits (self, 0);
      g_signal_emit (self, signals[RESULTS_CHANGED], 0);
      return;
    }

  d = g_new0 (SearchData, 1);
  d->store = g_object_ref (self->store);
  d->text = g_steal_pointer (&text);
  d->kind = self->expanded;
  d->generation = self->generation;
  d->clusters = self->clusters != NULL ? g_hash_table_ref (self->clusters) : NULL;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, search_done, NULL);
  g_task_set_source_tag (task, start_search);
  g_task_set_task_data (task, d, search_data_free);
  g_task_run_in_thread (task, search_worker);
}

/* }}} */

static void
ca_search_view_dispose (GObject *object)
{
  CaSearchView *self = (CaSearchView *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  /* AdwBin keeps its own pointer to the template's top widget: let go of it first */

  adw_bin_set_child (ADW_BIN (self), NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_SEARCH_VIEW);

  for (int k = 0; k < N_KINDS; k++)
    {
      self->groups[k] = NULL;
      self->headings[k] = NULL;
      self->lists[k] = NULL;
      self->show_all_rows[k] = NULL;
    }
  g_clear_object (&self->store);
  g_clear_pointer (&self->clusters, g_hash_table_unref);

  G_OBJECT_CLASS (ca_search_view_parent_class)->dispose (object);
}

static void
ca_search_view_finalize (GObject *object)
{
  CaSearchView *self = (CaSearchView *) object;

  for (int k = 0; k < N_KINDS; k++)
    {
      g_clear_pointer (&self->hits[k], g_ptr_array_unref);
      g_clear_pointer (&self->subtitles[k], g_ptr_array_unref);
    }
  g_free (self->query);

  G_OBJECT_CLASS (ca_search_view_parent_class)->finalize (object);
}

static void
ca_search_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CaSearchView *self = CA_SEARCH_VIEW (object);

  switch (prop_id)
    {
    case PROP_N_HITS:
      g_value_set_uint (value, self->n_hits);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_search_view_class_init (CaSearchViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_search_view_dispose;
  object_class->finalize = ca_search_view_finalize;
  object_class->get_property = ca_search_view_get_property;

  properties[PROP_N_HITS] =
    g_param_spec_uint ("n-hits", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RESULTS_CHANGED] =
    g_signal_new ("results-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-search-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CaSearchView, stack);
  gtk_widget_class_bind_template_child (widget_class, CaSearchView, scroller);
  gtk_widget_class_bind_template_child (widget_class, CaSearchView, groups_box);
  gtk_widget_class_bind_template_child (widget_class, CaSearchView, back_button);
  gtk_widget_class_bind_template_child (widget_class, CaSearchView, section_heading);
  gtk_widget_class_bind_template_child (widget_class, CaSearchView, section_scroller);
  gtk_widget_class_bind_template_child (widget_class, CaSearchView, section_list);
  gtk_widget_class_bind_template_child (widget_class, CaSearchView, section_titles);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, setup_section_row);
  gtk_widget_class_bind_template_callback (widget_class, bind_section_row);
  gtk_widget_class_bind_template_callback (widget_class, section_row_activated);

  gtk_widget_class_install_action (widget_class, "search.all-results", NULL, all_results_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "search.all-results", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_section, NULL);
}

static void
ca_search_view_init (CaSearchView *self)
{
  static const guint up_keys[] = { GDK_KEY_Up, GDK_KEY_KP_Up };
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->expanded = -1;
  self->shown = -1;

  /* Back from a section shown in full (Alt+Left too) */
  ca_tooltip_set_text (self->back_button, _("Back to every section (Alt+Left)"));
  keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (up_keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (up_keys[i], 0),
                                                            gtk_callback_action_new (section_up,
                                                                                     self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->section_list), keys);

  for (int k = 0; k < N_KINDS; k++)
    {
      GtkWidget *group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *heading = gtk_label_new (_(group_titles[k]));
      GtkWidget *list = gtk_list_box_new ();

      self->hits[k] = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_search_hit_free);
      self->subtitles[k] = g_ptr_array_new_with_free_func (g_free);

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_box_append (GTK_BOX (group), heading);

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_accessible_update_relation (GTK_ACCESSIBLE (list),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading, NULL,
                                      -1);
      g_signal_connect_object (list, "row-activated", G_CALLBACK (row_activated), self, 0);
      g_signal_connect_object (list, "keynav-failed", G_CALLBACK (list_keynav_failed), self, 0);
      gtk_box_append (GTK_BOX (group), list);

      gtk_widget_set_visible (group, FALSE);
      gtk_box_append (self->groups_box, group);
      self->groups[k] = group;
      self->headings[k] = heading;
      self->lists[k] = GTK_LIST_BOX (list);
    }

  gtk_stack_set_visible_child_name (self->stack, "results");
}

void
ca_search_view_set_store (CaSearchView *self,
                          CaStore      *store)
{
  g_return_if_fail (CA_IS_SEARCH_VIEW (self));
  g_return_if_fail (store == NULL || CA_IS_STORE (store));

  g_set_object (&self->store, store);
  g_clear_pointer (&self->clusters, g_hash_table_unref);
  start_search (self);
}

void
ca_search_view_set_query (CaSearchView *self,
                          const char   *text)
{
  g_return_if_fail (CA_IS_SEARCH_VIEW (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->query, text) == 0)
    return;
  g_free (self->query);
  self->query = g_strdup (text);
  /* What is typed next is searched in every section again, and the keyboard stays
   * where it types */
  self->expanded = -1;
  self->focus_first = FALSE;
  start_search (self);
}

const char *
ca_search_view_get_query (CaSearchView *self)
{
  g_return_val_if_fail (CA_IS_SEARCH_VIEW (self), NULL);
  return self->query != NULL ? self->query : "";
}

guint
ca_search_view_get_n_hits (CaSearchView *self)
{
  g_return_val_if_fail (CA_IS_SEARCH_VIEW (self), 0);
  return self->n_hits;
}

char *
ca_search_view_dup_hit_title (CaSearchView *self,
                              CaSearchKind  kind,
                              guint         index)
{
  g_return_val_if_fail (CA_IS_SEARCH_VIEW (self), NULL);
  g_return_val_if_fail ((int) kind >= 0 && kind < N_KINDS, NULL);

  if (index >= self->hits[kind]->len)
    return NULL;
  return ca_text_display (((CaSearchHit *) g_ptr_array_index (self->hits[kind], index))->title);
}

guint
ca_search_view_get_n_matches (CaSearchView *self,
                              CaSearchKind  kind)
{
  g_return_val_if_fail (CA_IS_SEARCH_VIEW (self), 0);
  g_return_val_if_fail ((int) kind >= 0 && kind < N_KINDS, 0);
  return self->n_matches[kind];
}

char *
ca_search_view_dup_hit_subtitle (CaSearchView *self,
                                 CaSearchKind  kind,
                                 guint         index)
{
  g_return_val_if_fail (CA_IS_SEARCH_VIEW (self), NULL);
  g_return_val_if_fail ((int) kind >= 0 && kind < N_KINDS, NULL);

  if (index >= self->subtitles[kind]->len)
    return NULL;
  return g_strdup (g_ptr_array_index (self->subtitles[kind], index));
}

void
ca_search_view_show_all (CaSearchView *self,
                         int           kind)
{
  g_return_if_fail (CA_IS_SEARCH_VIEW (self));
  g_return_if_fail (kind >= -1 && kind < N_KINDS);
  set_expanded (self, kind);
}

int
ca_search_view_get_expanded (CaSearchView *self)
{
  g_return_val_if_fail (CA_IS_SEARCH_VIEW (self), -1);
  return self->expanded;
}
