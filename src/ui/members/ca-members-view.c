/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-members-view"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "ca-format.h"
#include "ca-gradual-list.h"
#include "ca-member-page.h"
#include "ca-members-view.h"
#include "ca-page-heading.h"
#include "ca-view.h"
#include "ca-text.h"

struct _CaMembersView
{
  AdwBreakpointBin    parent_instance;

  CaStore            *store;
  GCancellable       *load_cancellable;
  gboolean            loading;        /* from set_store() until the members are in */
  gboolean            load_on_map;    /* the load waits for the view to be shown */

  /* CaMember: every member of every cluster, and those of each kind, ranked by
   * name in the loading thread; the same in reverse once asked for (index 0: all,
   * kind + 1: a kind). Choosing a kind or an order swaps the list under the
   * selection: with 45,000 members a GtkFilterListModel's change blocked the main
   * loop for 90–150 ms and a GtkSortListModel's sort by name for 130–380 ms, where
   * a swap to a ready list takes 30–60 ms. */
  GListStore         *members;
  GListStore         *by_kind[CA_N_MEMBER_KINDS];
  GListStore         *reversed[CA_N_MEMBER_KINDS + 1];
  gboolean            descending;
  CaMember           *probes[2];      /* ranked 1 and 2: which way the name sorter goes */
  GtkSliceListModel  *shown;      /* the list shown, a screenful first: ca-gradual-list.h */
  GtkSingleSelection *selection;
  GHashTable         *cluster_names;  /* "feed<US>id" → display name */
  int                 kind;           /* CaMemberKind or -1 */
  /* The store's counts for all (0) and each kind (kind + 1), as loaded */
  guint               n_organisations[CA_N_MEMBER_KINDS + 1];
  guint               n_memberships[CA_N_MEMBER_KINDS + 1];

  /* show_member() before the members are loaded */
  char               *pending_feed;
  char               *pending_cluster;
  guint               pending_position;

  /* template children */
  AdwNavigationSplitView *split_view;
  AdwNavigationPage  *content_page;
  GtkDropDown        *kind_dropdown;
  GtkLabel           *count_label;
  GtkStack           *list_stack;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *city_column;
  GtkColumnViewColumn *clusters_column;
  GtkStack           *page_stack;
  CaMemberPage       *member_page;
};

static void ca_members_view_view_init (CaViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CaMembersView, ca_members_view, ADW_TYPE_BREAKPOINT_BIN,
                               G_IMPLEMENT_INTERFACE (CA_TYPE_VIEW, ca_members_view_view_init))

/* Cluster names in a cell of the directory */
#define MAX_CELL_CLUSTERS 4

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* {{{ Loading */

typedef struct {
  GListStore *members;
  GListStore *by_kind[CA_N_MEMBER_KINDS];
  GHashTable *cluster_names;
  guint       n_organisations[CA_N_MEMBER_KINDS + 1];
  guint       n_memberships[CA_N_MEMBER_KINDS + 1];
} LoadResult;

static void
load_result_free (gpointer data)
{
  LoadResult *result = data;

  g_clear_object (&result->members);
  for (guint k = 0; k < CA_N_MEMBER_KINDS; k++)
    g_clear_object (&result->by_kind[k]);
  g_clear_pointer (&result->cluster_names, g_hash_table_unref);
  g_free (result);
}

/* A member's place in the directory by name, from 1; 0 for none */
static GQuark
rank_quark (void)
{
  return g_quark_from_static_string ("ca-members-view-rank");
}

static guint
member_rank (CaMember *member)
{
  return member != NULL ? GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (member), rank_quark ()))
                        : 0;
}

/* What tells an entry from others of the same name in its list: a string, or none */
static GQuark
subtitle_quark (void)
{
  return g_quark_from_static_string ("ca-members-view-subtitle");
}

typedef struct {
  const char *key;
  CaMember   *member;
  guint       index;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *ra = a;
  const Ranked *rb = b;
  int cmp = strcmp (ra->key, rb->key);

  if (cmp != 0)
    return cmp;
  return ra->index < rb->index ? -1 : ra->index > rb->index;
}

/* The collation key of a member's name as shown, case folded, from keys (name →
 * key), where the worker keeps those of its lists: the europe store's 45,000 rows
 * bear a few thousand names, over the list of all and those of each kind */
static const char *
name_key (GHashTable *keys,
          CaMember   *member)
{
  const char *name = member->name != NULL ? member->name : "";
  char *key = g_hash_table_lookup (keys, name);

  if (key == NULL)
    {
      g_autofree char *shown = ca_text_display (name);
      g_autofree char *folded = g_utf8_casefold (shown != NULL ? shown : "", -1);

      key = g_utf8_collate_key (folded, -1);
      g_hash_table_insert (keys, g_strdup (name), key);
    }
  return key;
}

/* Orders the members by their names as shown, in the user's collation, and ranks
 * them so that the view sorts by name comparing numbers */
static void
rank_members (GPtrArray  *members,
              GHashTable *keys)
{
  g_autofree Ranked *ranked = NULL;

  if (members->len == 0)
    return;
  ranked = g_new (Ranked, members->len);
  for (guint i = 0; i < members->len; i++)
    {
      CaMember *member = g_ptr_array_index (members, i);

      ranked[i].key = name_key (keys, member);
      ranked[i].member = member;
      ranked[i].index = i;
    }
  qsort (ranked, members->len, sizeof (Ranked), compare_ranked);
  for (guint i = 0; i < members->len; i++)
    {
      members->pdata[i] = ranked[i].member;
      g_object_set_qdata (G_OBJECT (ranked[i].member), rank_quark (), GUINT_TO_POINTER (i + 1));
    }
}

static char *
cluster_key (const char *feed,
             const char *id)
{
  return g_strdup_printf ("%s%c%s", feed != NULL ? feed : "", CA_TEXT_UNIT_SEP,
                          id != NULL ? id : "");
}

/* The display names of the first (up to limit) clusters listing member, parallel to
 * member->clusters, NULL-terminated */
static GPtrArray *
member_cluster_names (GHashTable *cluster_names,
                      CaMember   *member,
                      guint       limit)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < limit && member->clusters != NULL && member->clusters[i] != NULL; i++)
    {
      /* An organisation spans feeds: each cluster is named in its own */
      const char *feed = member->cluster_feeds != NULL && member->cluster_feeds[i] != NULL
                         ? member->cluster_feeds[i] : member->feed;
      g_autofree char *key = cluster_key (feed, member->clusters[i]);
      const char *name = cluster_names != NULL ? g_hash_table_lookup (cluster_names, key) : NULL;

      g_ptr_array_add (names, (gpointer) (name != NULL ? name : member->clusters[i]));
    }
  g_ptr_array_add (names, NULL);
  return names;
}

/* "ICT Cluster, Mechatronics Cluster", or the first few "and 12 more" */
static char *
clusters_text (GHashTable *cluster_names,
               CaMember   *member)
{
  /* A cell is one line: a few names say enough, the page has them all */
  g_autoptr(GPtrArray) names = member_cluster_names (cluster_names, member, MAX_CELL_CLUSTERS);
  guint n = member->clusters != NULL ? g_strv_length (member->clusters) : 0;
  g_autofree char *first = NULL;

  /* TRANSLATORS: separates the names of the clusters a member belongs to */
  first = g_strjoinv (_(", "), (char **) names->pdata);
  if (n <= MAX_CELL_CLUSTERS)
    return g_steal_pointer (&first);
  /* TRANSLATORS: the first names of the clusters listing a member, and how many
   * more there are: "ICT Cluster, Cleantech Bulgaria and 12 more" */
  return g_strdup_printf (ngettext ("%s and %u more", "%s and %u more", n - MAX_CELL_CLUSTERS),
                          first, n - MAX_CELL_CLUSTERS);
}

/* The subtitle of an entry that shares its name: "Sofia · ICT Cluster, Mechatronics
 * Cluster"; where that is still the same, its website's host or registry number too */
static char *
distinguishing_text (GHashTable *cluster_names,
                     CaMember   *member,
                     gboolean    more)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  char *city = ca_text_display (member->city);
  char *clusters = clusters_text (cluster_names, member);

  if (city != NULL && city[0] != '\0')
    g_ptr_array_add (parts, city);
  else
    g_free (city);
  if (clusters[0] != '\0')
    g_ptr_array_add (parts, clusters);
  else
    g_free (clusters);
  if (more)
    {
      char *host = ca_member_website_host (member->website);

      if (host != NULL)
        g_ptr_array_add (parts, host);
      else if (member->registry_id != NULL)
        g_ptr_array_add (parts, g_strdup (member->registry_id));
    }
  g_ptr_array_add (parts, NULL);
  /* TRANSLATORS: between the city and the clusters under a member's name */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

/* Gives every entry of a ranked list that shares its shown name with another one (the
 * same collation key: it ranks them side by side) a subtitle that tells them apart */
static void
mark_same_names (GPtrArray  *members,
                 GHashTable *cluster_names,
                 GHashTable *keys)
{
  const char *previous = NULL;
  guint run_start = 0;

  for (guint i = 0; i <= members->len; i++)
    {
      const char *name = i < members->len ? name_key (keys, members->pdata[i]) : NULL;

      if (i > 0 && g_strcmp0 (name, previous) == 0)
        continue;
      if (i - run_start > 1)
        {
          g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          gboolean collide = FALSE;

          for (guint j = run_start; j < i; j++)
            {
              char *text = distinguishing_text (cluster_names, members->pdata[j], FALSE);

              collide |= !g_hash_table_add (seen, text);
            }
          for (guint j = run_start; j < i; j++)
            g_object_set_qdata_full (members->pdata[j], subtitle_quark (),
                                     distinguishing_text (cluster_names, members->pdata[j],
                                                          collide),
                                     g_free);
        }
      previous = name;
      run_start = i;
    }
}

static GListStore *
store_of (GPtrArray *members)
{
  GListStore *list = g_list_store_new (CA_TYPE_MEMBER);

  g_list_store_splice (list, 0, 0, members->pdata, members->len);
  return list;
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CaStore *store = task_data;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  LoadResult *result;
  GError *error = NULL;

  if ((clusters = ca_store_list_clusters (store, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  result = g_new0 (LoadResult, 1);
  result->cluster_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < clusters->len; i++)
    {
      CaCluster *cluster = g_ptr_array_index (clusters, i);

      g_hash_table_insert (result->cluster_names, cluster_key (cluster->feed, cluster->id),
                           ca_text_display (cluster->name));
    }

  /* All, then each kind: the store groups the rows of a kind into organisations
   * (one that is an SME in one cluster and a start-up in another is in both
   * lists, with those clusters), and counts them the same way. The lists are made
   * here and handed over whole to the main thread. */
  for (int kind = -1; kind < CA_N_MEMBER_KINDS; kind++)
    {
      if (g_task_return_error_if_cancelled (task) ||
          (members = ca_store_list_members (store, kind, &error)) == NULL ||
          !ca_store_count_members (store, kind, &result->n_organisations[kind + 1],
                                   &result->n_memberships[kind + 1], &error))
        {
          if (error != NULL)
            g_task_return_error (task, error);
          load_result_free (result);
          return;
        }
      rank_members (members, keys);
      mark_same_names (members, result->cluster_names, keys);
      if (kind < 0)
        result->members = store_of (members);
      else
        result->by_kind[kind] = store_of (members);
      g_clear_pointer (&members, g_ptr_array_unref);
    }
  g_task_return_pointer (task, result, load_result_free);
}

static void apply_pending (CaMembersView *self);
static void update_state  (CaMembersView *self);

/* The members of the kind chosen (or all) in the order chosen */
static GListModel *
shown_list (CaMembersView *self)
{
  GListStore *ranked = self->kind >= 0 ? self->by_kind[self->kind] : self->members;
  GListStore **reversed = &self->reversed[self->kind + 1];

  if (!self->descending)
    return G_LIST_MODEL (ranked);

  if (*reversed == NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (ranked));
      g_autoptr(GPtrArray) items = g_ptr_array_new_full (n, g_object_unref);

      for (guint i = n; i > 0; i--)
        g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (ranked), i - 1));
      *reversed = g_list_store_new (CA_TYPE_MEMBER);
      g_list_store_splice (*reversed, 0, 0, items->pdata, items->len);
    }
  return G_LIST_MODEL (*reversed);
}

static void
show_list (CaMembersView *self)
{
  GListModel *list = shown_list (self);

  if (gtk_slice_list_model_get_model (self->shown) != list)
    {
      g_clear_object (&self->shown);
      self->shown = ca_gradual_list_new (list);
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->shown));
    }
}

/* Takes new lists (new empty ones for NULL) and shows the kind chosen */
static void
set_lists (CaMembersView *self,
           GListStore    *members,
           GListStore   **by_kind)
{
  g_clear_object (&self->members);
  self->members = members != NULL ? g_object_ref (members) : g_list_store_new (CA_TYPE_MEMBER);
  for (guint k = 0; k < CA_N_MEMBER_KINDS; k++)
    {
      g_clear_object (&self->by_kind[k]);
      self->by_kind[k] = by_kind != NULL ? g_object_ref (by_kind[k])
                                         : g_list_store_new (CA_TYPE_MEMBER);
    }
  for (guint k = 0; k < G_N_ELEMENTS (self->reversed); k++)
    g_clear_object (&self->reversed[k]);
  show_list (self);
}

static void
set_loading (CaMembersView *self,
             gboolean       loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
load_done (GObject      *source_object,
           GAsyncResult *res,
           gpointer      user_data)
{
  CaMembersView *self = CA_MEMBERS_VIEW (source_object);
  g_autoptr(GError) error = NULL;
  LoadResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  /* A newer load or dispose cancelled this one */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->load_cancellable);

  g_clear_pointer (&self->cluster_names, g_hash_table_unref);
  if (result != NULL)
    {
      self->cluster_names = g_steal_pointer (&result->cluster_names);
      memcpy (self->n_organisations, result->n_organisations, sizeof self->n_organisations);
      memcpy (self->n_memberships, result->n_memberships, sizeof self->n_memberships);
      set_lists (self, result->members, result->by_kind);
      load_result_free (result);
    }
  else
    {
      /* The store has told why on its side; the view shows what it has: nothing */
      g_message ("Cannot list the members: %s", error->message);
      self->cluster_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      memset (self->n_organisations, 0, sizeof self->n_organisations);
      memset (self->n_memberships, 0, sizeof self->n_memberships);
      set_lists (self, NULL, NULL);
    }

  set_loading (self, FALSE);
  update_state (self);
  apply_pending (self);
}

/* }}} */
/* {{{ Cells */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
set_cell_text (GtkListItem *item,
               const char  *text)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));

  gtk_label_set_text (label, text != NULL ? text : "");
}

/* The name, and under it what tells the entry from others of the same name */
static void
setup_name (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_visible (subtitle, FALSE);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_item_set_child (item, box);
}

static void
bind_name (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  CaMember *member = gtk_list_item_get_item (item);
  GtkWidget *name_label = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *subtitle_label = gtk_widget_get_next_sibling (name_label);
  g_autofree char *name = ca_text_display (member->name);
  const char *subtitle = g_object_get_qdata (G_OBJECT (member), subtitle_quark ());

  gtk_label_set_text (GTK_LABEL (name_label), name != NULL ? name : "");
  gtk_label_set_text (GTK_LABEL (subtitle_label), subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (subtitle_label, subtitle != NULL && subtitle[0] != '\0');
}

static void
bind_kind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  CaMember *member = gtk_list_item_get_item (item);

  set_cell_text (item, ca_format_member_kind (member->kind));
}

static void
bind_city (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  CaMember *member = gtk_list_item_get_item (item);
  g_autofree char *city = ca_text_display (member->city);

  set_cell_text (item, city);
}

static void
bind_clusters (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  CaMembersView *self = CA_MEMBERS_VIEW (user_data);
  CaMember *member = gtk_list_item_get_item (item);
  g_autofree char *text = clusters_text (self->cluster_names, member);

  set_cell_text (item, text);
}

/* }}} */
/* {{{ State and selection */

/* text with no-break spaces for its spaces */
static char *
no_break_spaces (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  return g_strjoinv ("\u00a0", words);
}

static void
update_state (CaMembersView *self)
{
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (self->members));
  /* The whole list, not the part a gradual slice has taken in so far */
  guint n_shown = g_list_model_get_n_items (gtk_slice_list_model_get_model (self->shown));
  const char *page;

  if (self->loading && n_all == 0)
    page = "loading";
  else if (n_all == 0)
    page = "empty";
  else if (n_shown == 0)
    page = "empty-kind";
  else
    page = "list";

  /* The spinner on the "loading" page turns while it is shown (AdwSpinner) */
  gtk_stack_set_visible_child_name (self->list_stack, page);

  if (n_all > 0)
    {
      guint n_organisations = self->n_organisations[self->kind + 1];
      guint n_memberships = self->n_memberships[self->kind + 1];
      g_autofree char *organisations_number = ca_format_count (n_organisations);
      g_autofree char *memberships_number = ca_format_count (n_memberships);
      g_autofree char *organisations = NULL;
      g_autofree char *memberships = NULL;
      g_autofree char *organisations_kept = NULL;
      g_autofree char *memberships_kept = NULL;
      g_autofree char *count = NULL;

      /* The store counts what its list holds (an import between the two reads
       * could make them differ until the reload it brings) */
      if (n_organisations != n_shown)
        g_debug ("The store counts %u organisations, the list has %u", n_organisations,
                 n_shown);
      /* TRANSLATORS: how many organisations the directory lists (rows with the same
       * registry number, website or name and city are one), "9,321 organisations";
       * %s is the number, grouped as in the user's language */
      organisations = g_strdup_printf (ngettext ("%s organisation", "%s organisations",
                                                 n_organisations),
                                       organisations_number);
      /* TRANSLATORS: how many times the clusters list them, "45,000 memberships"; %s
       * is the number */
      memberships = g_strdup_printf (ngettext ("%s membership", "%s memberships", n_memberships),
                                     memberships_number);
      /* Where the view is narrow the label wraps between the two, not inside one */
      organisations_kept = no_break_spaces (organisations);
      memberships_kept = no_break_spaces (memberships);
      /* TRANSLATORS: the directory's count, "9,321 organisations · 45,000 memberships" */
      count = g_strdup_printf (_("%s · %s"), organisations_kept, memberships_kept);
      gtk_label_set_text (self->count_label, count);
    }
  else
    gtk_label_set_text (self->count_label, "");
}

static void
shown_changed (CaMembersView *self)
{
  update_state (self);
}

static void
show_in_page (CaMembersView *self,
              CaMember      *member)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *name = NULL;

  if (member == NULL)
    return;
  names = member_cluster_names (self->cluster_names, member, G_MAXUINT);
  ca_member_page_set_member (self->member_page, member, (const char * const *) names->pdata);
  /* What a screen reader calls the page, and what a header bar would show */
  name = ca_text_display (member->name);
  adw_navigation_page_set_title (self->content_page,
                                 name != NULL && name[0] != '\0' ? name
                                 : member->id != NULL ? member->id : _("Members"));
  gtk_stack_set_visible_child_name (self->page_stack, "page");
}

static void
selection_changed (CaMembersView *self)
{
  show_in_page (self, gtk_single_selection_get_selected_item (self->selection));
}

/* Enter, a double click, or a click when collapsed: the member's page comes forward
 * (when collapsed, in place of the list) */
static void
member_activated (CaMembersView *self,
                  guint          position)
{
  g_autoptr(CaMember) member = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (member == NULL)
    return;
  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);
  show_in_page (self, member);
  adw_navigation_split_view_set_show_content (self->split_view, TRUE);
  /* The focus goes to the page's title (not to its first selectable text, which
   * would be selected) */
  ca_page_heading_focus_in (GTK_WIDGET (self->member_page));
}

/* Side by side, a click selects a row and its page shows beside the table (a double
 * click or Enter activates it); the click chose the member, so the focus goes to its
 * page's heading, as in the other views. Keys that move through the table keep the
 * focus there. A click on a column's title only sorts. */
static void
table_clicked (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               CaMembersView   *self)
{
  GtkWidget *table = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *picked = gtk_widget_pick (table, x, y, GTK_PICK_DEFAULT);

  if (n_press != 1 || adw_navigation_split_view_get_collapsed (self->split_view))
    return;
  for (GtkWidget *w = picked; w != NULL && w != table; w = gtk_widget_get_parent (w))
    if (g_str_equal (G_OBJECT_TYPE_NAME (w), "GtkColumnViewTitle"))
      return;
  if (gtk_single_selection_get_selected_item (self->selection) != NULL)
    ca_page_heading_focus_in (GTK_WIDGET (self->member_page));
}

static void
apply_kind (CaMembersView *self,
            int            kind)
{
  if (self->kind == kind)
    return;
  self->kind = kind;
  show_list (self);
  update_state (self);
}

static void
kind_selected (CaMembersView *self)
{
  guint selected = gtk_drop_down_get_selected (self->kind_dropdown);

  apply_kind (self, selected == GTK_INVALID_LIST_POSITION || selected == 0
                    ? -1 : (int) selected - 1);
}

static int
compare_ranks (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  guint ra = member_rank ((CaMember *) a);
  guint rb = member_rank ((CaMember *) b);

  return ra < rb ? GTK_ORDERING_SMALLER : ra > rb ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* A click on the Name header: the column view's sorter now compares the other way
 * (or not at all) */
static void
order_changed (CaMembersView *self)
{
  gboolean descending;

  /* The columns leave as the view goes */
  if (self->column_view == NULL || self->selection == NULL)
    return;

  descending = gtk_sorter_compare (gtk_column_view_get_sorter (self->column_view),
                                   self->probes[0], self->probes[1]) == GTK_ORDERING_LARGER;
  if (self->descending == descending)
    return;
  self->descending = descending;
  show_list (self);
}

static void
show_all_clicked (CaMembersView *self)
{
  ca_members_view_set_kind_filter (self, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->kind_dropdown));
}

/* The list view inside the column view, which can scroll to an item */
static GtkWidget *
inner_list_view (CaMembersView *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

/* The entry of list for the member at position of cluster, or NULL. listed is that
 * membership row, when known; org_key says which organisation it is, the rule the
 * store grouped the list by. */
static CaMember *
find_in_list (GListModel *list,
              const char *feed,
              const char *cluster,
              guint       position,
              CaMember   *listed)
{
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaMember) member = g_list_model_get_item (list, i);

      if (listed != NULL ? g_strcmp0 (member->org_key, listed->org_key) == 0
                         : (member->position == position &&
                            g_strcmp0 (member->cluster, cluster) == 0 &&
                            g_strcmp0 (member->feed, feed) == 0))
        return g_steal_pointer (&member);
    }
  return NULL;
}

/* The directory's entry for the member at position of cluster in list, or NULL */
static CaMember *
find_member (CaMembersView *self,
             GListModel    *list,
             const char    *feed,
             const char    *cluster,
             guint          position)
{
  g_autoptr(CaCluster) record = NULL;
  CaMember *member;

  /* An entry shows the first row of its organisation */
  if ((member = find_in_list (list, feed, cluster, position, NULL)) != NULL)
    return member;

  /* A later row: find which organisation it is */
  if (self->store == NULL ||
      (record = ca_store_get_cluster (self->store, feed, cluster, NULL)) == NULL ||
      position >= record->members->len)
    return NULL;
  return find_in_list (list, feed, cluster, position,
                       g_ptr_array_index (record->members, position));
}

static gboolean
show_member (CaMembersView *self,
             const char    *feed,
             const char    *cluster,
             guint          position)
{
  g_autoptr(CaMember) member = NULL;
  GListModel *shown = G_LIST_MODEL (self->selection);
  guint lo, hi;
  GtkWidget *list_view;
  gboolean in_kind = FALSE;

  /* In the kind shown, or else among all */
  if (self->kind >= 0)
    in_kind = (member = find_member (self, G_LIST_MODEL (self->by_kind[self->kind]), feed,
                                     cluster, position)) != NULL;
  if (member == NULL &&
      (member = find_member (self, G_LIST_MODEL (self->members), feed, cluster,
                             position)) == NULL)
    return FALSE;

  if (self->kind >= 0 && !in_kind)
    ca_members_view_set_kind_filter (self, -1);
  ca_gradual_list_show_all (self->shown);

  /* The list shown is in rank order, one way or the other */
  lo = 0;
  hi = g_list_model_get_n_items (shown);
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      g_autoptr(CaMember) item = g_list_model_get_item (shown, mid);
      guint rank = member_rank (item);

      if (item == member)
        {
          gtk_single_selection_set_selected (self->selection, mid);
          if ((list_view = inner_list_view (self)) != NULL)
            gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", mid);
          break;
        }
      if ((rank < member_rank (member)) != self->descending)
        lo = mid + 1;
      else
        hi = mid;
    }

  show_in_page (self, member);
  adw_navigation_split_view_set_show_content (self->split_view, TRUE);
  return TRUE;
}

static void
clear_pending (CaMembersView *self)
{
  g_clear_pointer (&self->pending_feed, g_free);
  g_clear_pointer (&self->pending_cluster, g_free);
}

static void
apply_pending (CaMembersView *self)
{
  g_autofree char *feed = g_steal_pointer (&self->pending_feed);
  g_autofree char *cluster = g_steal_pointer (&self->pending_cluster);

  if (feed != NULL && cluster != NULL)
    show_member (self, feed, cluster, self->pending_position);
}

static void
start_load (CaMembersView *self)
{
  g_autoptr(GTask) task = NULL;

  g_assert (self->store != NULL);

  self->load_on_map = FALSE;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->load_cancellable, load_done, NULL);
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, load_worker);
}

/* }}} */

static void
ca_members_view_map (GtkWidget *widget)
{
  CaMembersView *self = CA_MEMBERS_VIEW (widget);

  GTK_WIDGET_CLASS (ca_members_view_parent_class)->map (widget);

  if (self->load_on_map && self->store != NULL)
    start_load (self);
}

static void
ca_members_view_dispose (GObject *object)
{
  CaMembersView *self = (CaMembersView *) object;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  /* The bin keeps its own pointer to the template's top widget: let go of it first */
  adw_breakpoint_bin_set_child (ADW_BREAKPOINT_BIN (self), NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_MEMBERS_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->shown);
  g_clear_object (&self->members);
  for (guint k = 0; k < CA_N_MEMBER_KINDS; k++)
    g_clear_object (&self->by_kind[k]);
  for (guint k = 0; k < G_N_ELEMENTS (self->reversed); k++)
    g_clear_object (&self->reversed[k]);
  g_clear_object (&self->probes[0]);
  g_clear_object (&self->probes[1]);
  g_clear_object (&self->store);
  g_clear_pointer (&self->cluster_names, g_hash_table_unref);
  clear_pending (self);

  G_OBJECT_CLASS (ca_members_view_parent_class)->dispose (object);
}

static void
ca_members_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CaMembersView *self = CA_MEMBERS_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_members_view_class_init (CaMembersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_members_view_dispose;
  object_class->get_property = ca_members_view_get_property;
  widget_class->map = ca_members_view_map;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CA_TYPE_MEMBER_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clusteratlas/ClusterAtlas/ui/ca-members-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CaMembersView, split_view);
  gtk_widget_class_bind_template_child (widget_class, CaMembersView, content_page);
  gtk_widget_class_bind_template_child (widget_class, CaMembersView, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CaMembersView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CaMembersView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CaMembersView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CaMembersView, name_column);
  gtk_widget_class_bind_template_child (widget_class, CaMembersView, city_column);
  gtk_widget_class_bind_template_child (widget_class, CaMembersView, clusters_column);
  gtk_widget_class_bind_template_child (widget_class, CaMembersView, page_stack);
  gtk_widget_class_bind_template_child (widget_class, CaMembersView, member_page);
  gtk_widget_class_bind_template_callback (widget_class, setup_cell);
  gtk_widget_class_bind_template_callback (widget_class, setup_name);
  gtk_widget_class_bind_template_callback (widget_class, bind_name);
  gtk_widget_class_bind_template_callback (widget_class, bind_kind);
  gtk_widget_class_bind_template_callback (widget_class, bind_city);
  gtk_widget_class_bind_template_callback (widget_class, bind_clusters);
  gtk_widget_class_bind_template_callback (widget_class, member_activated);
  gtk_widget_class_bind_template_callback (widget_class, kind_selected);
  gtk_widget_class_bind_template_callback (widget_class, show_all_clicked);
}

static void
ca_members_view_init (CaMembersView *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkSorter) name_sorter = NULL;

  self->kind = -1;
  self->members = g_list_store_new (CA_TYPE_MEMBER);
  for (guint k = 0; k < CA_N_MEMBER_KINDS; k++)
    self->by_kind[k] = g_list_store_new (CA_TYPE_MEMBER);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* TRANSLATORS: the kind filter's first choice, showing members of every kind */
  gtk_string_list_append (kinds, _("All kinds"));
  for (int kind = 0; kind < CA_N_MEMBER_KINDS; kind++)
    gtk_string_list_append (kinds, ca_format_member_kind (kind));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
  gtk_drop_down_set_selected (self->kind_dropdown, 0);

  /* members (all, or of the kind chosen, in the order chosen) → selection → view */
  self->shown = ca_gradual_list_new (G_LIST_MODEL (self->members));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->shown)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* The name sorter only tells the column view, and order_changed(), which way */
  name_sorter = GTK_SORTER (gtk_custom_sorter_new (compare_ranks, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (self->probes); i++)
    {
      self->probes[i] = ca_member_new ();
      g_object_set_qdata (G_OBJECT (self->probes[i]), rank_quark (), GUINT_TO_POINTER (i + 1));
    }
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (order_changed), self, G_CONNECT_SWAPPED);
  gtk_column_view_column_set_sorter (self->name_column, name_sorter);

  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (shown_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed), self, G_CONNECT_SWAPPED);

  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
    g_signal_connect_object (click, "released", G_CALLBACK (table_clicked), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (click));
  }

  /* Collapsed to one pane: the name and the kind; a click opens the page */
  g_object_bind_property (self->split_view, "collapsed", self->city_column, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_object_bind_property (self->split_view, "collapsed", self->clusters_column, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_object_bind_property (self->split_view, "collapsed", self->column_view,
                          "single-click-activate", G_BINDING_SYNC_CREATE);

  update_state (self);
}

void
ca_members_view_set_store (CaMembersView *self,
                           CaStore       *store)
{
  g_return_if_fail (CA_IS_MEMBERS_VIEW (self));
  g_return_if_fail (store == NULL || CA_IS_STORE (store));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_set_object (&self->store, store);
  self->load_on_map = FALSE;

  if (store == NULL)
    {
      set_lists (self, NULL, NULL);
      set_loading (self, FALSE);
      update_state (self);
      return;
    }

  set_loading (self, TRUE);
  update_state (self);
  /* Listing every member takes the store's reader for a while: not while the
   * window's first frame is made with another view in front */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_load (self);
  else
    self->load_on_map = TRUE;
}

void
ca_members_view_set_kind_filter (CaMembersView *self,
                                 int            kind)
{
  g_return_if_fail (CA_IS_MEMBERS_VIEW (self));
  g_return_if_fail (kind >= -1 && kind < CA_N_MEMBER_KINDS);

  gtk_drop_down_set_selected (self->kind_dropdown, (guint) (kind + 1));
  apply_kind (self, kind);
}

int
ca_members_view_get_kind_filter (CaMembersView *self)
{
  g_return_val_if_fail (CA_IS_MEMBERS_VIEW (self), -1);
  return self->kind;
}

GListModel *
ca_members_view_get_members (CaMembersView *self)
{
  g_return_val_if_fail (CA_IS_MEMBERS_VIEW (self), NULL);
  return gtk_slice_list_model_get_model (self->shown);
}

gboolean
ca_members_view_show_member (CaMembersView *self,
                             const char    *feed,
                             const char    *cluster,
                             guint          position)
{
  g_return_val_if_fail (CA_IS_MEMBERS_VIEW (self), FALSE);
  g_return_val_if_fail (feed != NULL && cluster != NULL, FALSE);

  if (self->loading)
    {
      /* Shown as soon as the members are there */
      clear_pending (self);
      self->pending_feed = g_strdup (feed);
      self->pending_cluster = g_strdup (cluster);
      self->pending_position = position;
      return TRUE;
    }
  return show_member (self, feed, cluster, position);
}

gboolean
ca_members_view_get_loading (CaMembersView *self)
{
  g_return_val_if_fail (CA_IS_MEMBERS_VIEW (self), FALSE);
  return self->loading;
}

GtkWidget *
ca_members_view_get_page (CaMembersView *self)
{
  g_return_val_if_fail (CA_IS_MEMBERS_VIEW (self), NULL);
  return GTK_WIDGET (self->member_page);
}

/* {{{ CaView: the window gives the store and asks for a reload through it */

static void
ca_members_view_view_set_store (CaView  *view,
                                 CaStore *store)
{
  ca_members_view_set_store (CA_MEMBERS_VIEW (view), store);
}

static void
ca_members_view_view_reload (CaView *view)
{
  CaMembersView *self = CA_MEMBERS_VIEW (view);

  /* set_store() with the same store reads it again */
  ca_members_view_set_store (self, self->store);
}

static void
ca_members_view_view_init (CaViewInterface *iface)
{
  iface->set_store = ca_members_view_view_set_store;
  iface->reload = ca_members_view_view_reload;
}

/* }}} */
