/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ca-change.h"
#include "ca-cluster-filter.h"
#include "ca-feed.h"
#include "ca-feed-parser.h"

G_BEGIN_DECLS

#define CA_STORE_ERROR (ca_store_error_quark ())

typedef enum {
  CA_STORE_ERROR_OPEN,        /* the file cannot be opened or created */
  CA_STORE_ERROR_CORRUPT,     /* SQLite reports the file damaged */
  CA_STORE_ERROR_FULL,        /* disk full */
  CA_STORE_ERROR_NOT_FOUND,   /* no such feed or record */
  CA_STORE_ERROR_FAILED,      /* any other SQLite failure */
  CA_STORE_ERROR_NEWER,       /* written by a newer version of the app: left untouched */
  CA_STORE_ERROR_READ_ONLY,   /* the file or its folder cannot be written */
} CaStoreError;

typedef enum {
  CA_STORE_OPEN_DEFAULT   = 0,        /* read-write: created, migrated, recovered */
  CA_STORE_OPEN_READ_ONLY = 1 << 0,   /* an existing, current file, never written */
} CaStoreOpenFlags;

GQuark ca_store_error_quark (void);

/* What a feed's document is */
typedef enum {
  CA_FEED_KIND_JSON,        /* a cluster feed (docs/feed-format.md) */
  CA_FEED_KIND_ICS,         /* a calendar subscription: iCalendar, one cluster's events */
} CaFeedKind;

/* The key of the feed compiled into the app */
#define CA_FEED_BUILTIN "builtin"

typedef struct {
  char    *key;             /* "builtin" or the URL */
  char    *title;           /* Text: the publisher's name, or NULL before a first sync */
  char    *publisher_url;
  char    *generated;
  char    *etag;
  char    *last_modified;
  gint64   last_sync;       /* Unix seconds of the last successful import, 0 never */
  gint64   last_attempt;    /* Unix seconds of the last try, 0 never */
  char    *last_error;      /* message of the last failure, NULL after a success */
  gboolean hidden;
  guint    n_clusters;
  guint    n_members;
  guint    n_projects;
  guint    n_events;
  char   **warnings;        /* of the last import */
  gint64   retry_after;     /* Unix seconds before which the server asked not to be asked */
  CaFeedKind kind;
  char    *cluster_feed;    /* ICS: the key of the feed holding the cluster */
  char    *cluster_id;      /* ICS: the cluster its events belong to */
  char    *cluster_name;    /* ICS: a new cluster the user named (in this feed), or NULL */
} CaFeedInfo;

void        ca_feed_info_free (CaFeedInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaFeedInfo, ca_feed_info_free)

/* Filters of ca_store_list_events(); zero-initialise, then set what applies. */
typedef struct {
  gint64       from;        /* events ending at or after this instant; 0 = no bound */
  gint64       to;          /* events starting before this instant; 0 = no bound */
  const char  *feed;        /* with cluster/project: their feed (with cluster, also the
                             * calendar subscriptions attached to it); NULL = any feed */
  const char  *cluster;     /* cluster id, NULL = any */
  const char  *project;     /* project id, NULL = any */
  int          kind;        /* CaEventKind, or -1 = any */
  gboolean     starred_only;
} CaEventQuery;

#define CA_EVENT_QUERY_INIT { 0, 0, NULL, NULL, NULL, -1, FALSE }

typedef enum {
  CA_SEARCH_CLUSTER,
  CA_SEARCH_MEMBER,
  CA_SEARCH_PROJECT,
  CA_SEARCH_EVENT,
} CaSearchKind;

#define CA_N_SEARCH_KINDS (CA_SEARCH_EVENT + 1)

/* How a hit's name (any of its languages, case and accents aside) meets the words
 * searched for; ca_store_search_sections() puts the better first */
typedef enum {
  CA_SEARCH_MATCH_OTHER,        /* found by the words, anywhere */
  CA_SEARCH_MATCH_PREFIX,       /* the name starts with what was typed */
  CA_SEARCH_MATCH_EXACT,        /* the name is what was typed */
} CaSearchMatch;

typedef struct {
  CaSearchKind kind;
  char        *feed;
  char        *id;          /* record id; for members the cluster id */
  guint        position;    /* members: index within the cluster */
  char        *title;       /* Text */
  CaSearchMatch match;      /* ca_store_search_sections() only; OTHER otherwise */
  char       **clusters;    /* members, ca_store_search_sections() only: the ids of every
                             * cluster listing this organisation, id's first */
  char       **cluster_feeds; /* the same: each cluster's feed (an organisation is one
                             * across feeds), feed's first */
} CaSearchHit;

void ca_search_hit_free (CaSearchHit *hit);

/* Search results in sections, one per CaSearchKind */
typedef struct {
  guint      n_matches[CA_N_SEARCH_KINDS];   /* entities found: a member once */
  GPtrArray *hits[CA_N_SEARCH_KINDS];        /* CaSearchHit, best first, never NULL */
} CaSearchSections;

void ca_search_sections_free (CaSearchSections *sections);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaSearchSections, ca_search_sections_free)

#define CA_TYPE_STORE (ca_store_get_type ())
G_DECLARE_FINAL_TYPE (CaStore, ca_store, CA, STORE, GObject)

/* Opening: a damaged file is moved aside and rebuilt; one from a newer app is left
 * as it is (CA_STORE_ERROR_NEWER); one that cannot be written gives
 * CA_STORE_ERROR_READ_ONLY, and can then be opened with CA_STORE_OPEN_READ_ONLY. */
char        *ca_store_default_path     (void);
CaStore     *ca_store_open             (const char   *path,
                                        GError      **error);
CaStore     *ca_store_open_full        (const char   *path,
                                        CaStoreOpenFlags flags,
                                        GError      **error);
gboolean     ca_store_is_read_only     (CaStore      *self);
const char  *ca_store_get_path         (CaStore      *self);
const char  *ca_store_get_moved_aside  (CaStore      *self);   /* NULL unless recovered */
char        *ca_store_dup_recovery_message (CaStore  *self);   /* for the user, or NULL */

/* Feeds */
gboolean     ca_store_add_feed         (CaStore      *self,
                                        const char   *key,
                                        GError      **error);
/* A calendar subscription (CA_FEED_KIND_ICS) whose events belong to the cluster
 * cluster_id of the feed cluster_feed; with cluster_name, a new cluster of that name
 * that the subscription itself holds (cluster_feed is then key). A key already
 * there is left as it is (FALSE with CA_STORE_ERROR_FAILED when it is not a
 * calendar attached the same way). */
gboolean     ca_store_add_calendar     (CaStore      *self,
                                        const char   *key,
                                        const char   *cluster_feed,
                                        const char   *cluster_id,
                                        const char   *cluster_name,
                                        GError      **error);
/* The id of the new cluster a calendar subscription key holds (for cluster_name) */
char        *ca_store_calendar_cluster_id (const char *key);
/* The visible clusters with this id, in any feed (CaCluster, no members) */
GPtrArray   *ca_store_find_clusters    (CaStore      *self,
                                        const char   *id,
                                        GError      **error);
gboolean     ca_store_remove_feed      (CaStore      *self,
                                        const char   *key,
                                        GError      **error);
gboolean     ca_store_has_feed         (CaStore      *self,
                                        const char   *key);
GPtrArray   *ca_store_list_feeds       (CaStore      *self,      /* CaFeedInfo */
                                        GError      **error);
CaFeedInfo  *ca_store_get_feed_info    (CaStore      *self,
                                        const char   *key,
                                        GError      **error);
gboolean     ca_store_set_feed_hidden  (CaStore      *self,
                                        const char   *key,
                                        gboolean      hidden,
                                        GError      **error);
gboolean     ca_store_set_feed_validators (CaStore   *self,
                                        const char   *key,
                                        const char   *etag,
                                        const char   *last_modified,
                                        GError      **error);
gboolean     ca_store_record_feed_error (CaStore     *self,
                                        const char   *key,
                                        const char   *message,
                                        GError      **error);
gboolean     ca_store_set_feed_retry_after (CaStore  *self,
                                        const char   *key,
                                        gint64        until,    /* Unix seconds, 0 none */
                                        GError      **error);
gint64       ca_store_get_data_time    (CaStore      *self);   /* newest last_sync, 0 none */
/* How fresh the data shown is: the newest date a visible feed says it was generated,
 * and the last successful sync of a visible feed (the built-in one is never synced);
 * 0 for what is not known */
gboolean     ca_store_get_freshness    (CaStore      *self,
                                        gint64       *generated,
                                        gint64       *synced);
/* Gives a feed another key, its stars with it; NOT_FOUND, or FAILED when new_key
 * is taken. The old key's bytes are overwritten in the file and the WAL emptied
 * where no reader holds it: for keys that held a password. */
gboolean     ca_store_rename_feed      (CaStore      *self,
                                        const char   *key,
                                        const char   *new_key,
                                        GError      **error);

/* Replaces every record of the feed in one transaction (adds the feed if new);
 * on failure the previous records stay whole. */
gboolean     ca_store_replace_feed     (CaStore      *self,
                                        const char   *key,
                                        CaFeed       *feed,
                                        GError      **error);

/*
 * The same replacement taking the records in batches, for an import that runs beside
 * the parse. The writer stays locked from begin to commit or abort, which come on the
 * thread that began; commit and abort free the import.
 */
typedef struct _CaStoreImport CaStoreImport;

CaStoreImport *ca_store_import_begin  (CaStore       *self,
                                       const char    *key,
                                       CaFeed        *header,
                                       GError       **error);
gboolean       ca_store_import_add    (CaStoreImport *import,
                                       GPtrArray     *records,   /* CaCluster, CaProject, CaEvent */
                                       GError       **error);
gboolean       ca_store_import_commit (CaStoreImport *import,
                                       CaFeed        *feed,      /* for its final warnings */
                                       GError       **error);
void           ca_store_import_abort  (CaStoreImport *import);

/* Before commit: the HTTP validators to store with the records, in the same
 * transaction, so they never describe records the store does not hold. */
void           ca_store_import_set_validators (CaStoreImport *import,
                                       const char    *etag,
                                       const char    *last_modified);

/* What an import changed in the feed's events, for "2 events added, 1 changed" */
typedef struct {
  guint events_added;
  guint events_changed;
  guint events_removed;
  guint logged;             /* entries the change log got (events and projects) */
} CaImportChanges;

/* As ca_store_import_commit(), also telling what changed. */
gboolean       ca_store_import_commit_changes (CaStoreImport   *import,
                                       CaFeed          *feed,
                                       CaImportChanges *changes,
                                       GError         **error);

/* Stores an already parsed feed (a calendar subscription's) as a sync does: the
 * validators with the records in one transaction, and what changed. */
gboolean     ca_store_import_feed_full (CaStore        *self,
                                        const char      *key,
                                        CaFeed          *feed,
                                        const char      *etag,
                                        const char      *last_modified,
                                        CaImportChanges *changes,
                                        GError         **error);

/* Parses a feed and stores its records while the parse goes on; on any error the
 * previous records stay whole. Returns the parsed feed (with its warnings). */
CaFeed      *ca_store_import_bytes     (CaStore      *self,
                                        const char   *key,
                                        CaFeedParser *parser,
                                        GBytes       *bytes,
                                        GError      **error);
/* The same, storing the HTTP validators with the records (NULL for none: the old
 * ones go) and telling what changed (changes may be NULL): what a sync needs. */
CaFeed      *ca_store_import_bytes_full (CaStore        *self,
                                        const char      *key,
                                        CaFeedParser    *parser,
                                        GBytes          *bytes,
                                        const char      *etag,
                                        const char      *last_modified,
                                        CaImportChanges *changes,
                                        GError         **error);

/* Loads the built-in feed (from the GResource or a path) when the store has never had it. */
gboolean     ca_store_ensure_builtin   (CaStore      *self,
                                        GBytes       *builtin_feed,
                                        GError      **error);

/* Queries; records from hidden feeds are left out */
GPtrArray   *ca_store_list_clusters    (CaStore      *self,      /* CaCluster, no members */
                                        GError      **error);
guint        ca_store_count_clusters   (CaStore      *self,
                                        GError      **error);
GPtrArray   *ca_store_list_cluster_summaries (CaStore *self, /* name, acronym, region, */
                                        guint         offset,       /* city, country, counts */
                                        guint         limit,
                                        GError      **error);
/* The same for the clusters a filter lets through (NULL: all), in the same order */
guint        ca_store_count_clusters_filtered (CaStore *self,
                                        const CaClusterFilter *filter,
                                        GError      **error);
GPtrArray   *ca_store_list_cluster_summaries_filtered (CaStore *self,
                                        const CaClusterFilter *filter,
                                        guint         offset,
                                        guint         limit,
                                        GError      **error);
/* The values of a facet among the clusters the filter's other facets let through,
 * with how many clusters have each (CaClusterChoice, by label); the filter's own
 * value of the facet is among them, with 0 when no cluster has it */
GPtrArray   *ca_store_list_cluster_choices (CaStore  *self,
                                        CaClusterFacet facet,
                                        const CaClusterFilter *filter,
                                        GError      **error);
CaCluster   *ca_store_get_cluster      (CaStore      *self,      /* with team, networks, members */
                                        const char   *feed,
                                        const char   *id,
                                        GError      **error);
/* One CaMember per organisation (members.org_key, ca_member_identity_key()) with a
 * membership of kind (-1: any): the fields of its first row by name, ->clusters and
 * ->cluster_feeds naming every cluster in which it is a member of that kind */
GPtrArray   *ca_store_list_members     (CaStore      *self,
                                        int           kind,      /* CaMemberKind or -1 */
                                        GError      **error);
/* What ca_store_list_members() lists for kind: its length, and the membership rows
 * behind it */
gboolean     ca_store_count_members    (CaStore      *self,
                                        int           kind,      /* CaMemberKind or -1 */
                                        guint        *n_organisations,
                                        guint        *n_memberships,
                                        GError      **error);
GPtrArray   *ca_store_list_projects    (CaStore      *self,      /* CaProject, by start */
                                        const char   *feed,
                                        const char   *cluster,   /* NULL = all */
                                        GError      **error);
CaProject   *ca_store_get_project      (CaStore      *self,
                                        const char   *feed,
                                        const char   *id,
                                        GError      **error);
GPtrArray   *ca_store_list_events      (CaStore      *self,      /* CaEvent, by start */
                                        const CaEventQuery *query,
                                        GError      **error);
CaEvent     *ca_store_get_event        (CaStore      *self,
                                        const char   *feed,
                                        const char   *id,
                                        GError      **error);
GPtrArray   *ca_store_search           (CaStore      *self,      /* CaSearchHit, best first */
                                        const char   *text,
                                        guint         limit,
                                        GError      **error);
/* The search as a launcher shows it (ca-store-search.c says how it ranks): each kind's
 * count and its best hits, at most limit of each (0: all); kind: one kind only, or -1 */
CaSearchSections *ca_store_search_sections (CaStore  *self,
                                        const char   *text,
                                        int           kind,
                                        guint         limit,
                                        GError      **error);

/*
 * The change log: what each import of an already imported feed did to its events and
 * projects (CaChange), for the last N imports of each feed that changed anything;
 * older ones are trimmed in the import's transaction. A feed's first import and an
 * unchanged one add nothing. N comes from the change-log-syncs setting; 0 stops the
 * log (what is there stays). Default 10.
 */
void         ca_store_set_change_log_syncs (CaStore  *self,
                                        guint         n_syncs);
guint        ca_store_get_change_log_syncs (CaStore  *self);

/* Filters of ca_store_list_changes(); zero-initialise with CA_CHANGE_QUERY_INIT */
typedef struct {
  gint64       since;           /* logged at or after this Unix time; 0 = any */
  gboolean     last_sync_only;  /* each feed's last sync that changed something */
  const char  *feed;            /* a feed's key, NULL = any */
  const char  *record_id;       /* with feed: one record's changes */
  int          kind;            /* CaChangeKind, -1 = both */
  gboolean     starred_only;    /* events the user starred */
  gboolean     unseen_only;     /* not marked seen */
} CaChangeQuery;

#define CA_CHANGE_QUERY_INIT { 0, FALSE, NULL, NULL, -1, FALSE, FALSE }

/* CaChange, the newest sync first, and within one the starred events first, then
 * by feed and start. Hidden feeds are left out. */
GPtrArray   *ca_store_list_changes     (CaStore      *self,
                                        const CaChangeQuery *query,  /* NULL: all */
                                        GError      **error);
/* How many entries ca_store_list_changes() would return, without reading them: the
 * count on the What's New button after a sync that changed thousands */
gboolean     ca_store_count_changes    (CaStore      *self,
                                        const CaChangeQuery *query,  /* NULL: all */
                                        guint        *n_changes,
                                        GError      **error);
/* Marks as seen what the UI showed: one record's changes (feed and record_id), a
 * feed's (record_id NULL) or every change (both NULL: "Mark all as seen") */
gboolean     ca_store_mark_changes_seen (CaStore     *self,
                                        const char   *feed,
                                        const char   *record_id,
                                        GError      **error);

/* Stars live in their own table keyed by (feed key, event id): they survive
 * every re-import and the removal of the feed. */
gboolean     ca_store_set_starred      (CaStore      *self,
                                        const char   *feed,
                                        const char   *event_id,
                                        gboolean      starred,
                                        GError      **error);
gboolean     ca_store_is_starred       (CaStore      *self,
                                        const char   *feed,
                                        const char   *event_id);
gboolean     ca_store_clear_stars      (CaStore      *self,
                                        GError      **error);
/* Stars kept from removed feeds (or events a feed dropped): counted, and cleared
 * at the user's word; a star comes back to life if its event returns. */
guint        ca_store_count_kept_stars (CaStore      *self,
                                        GError      **error);
gboolean     ca_store_clear_kept_stars (CaStore      *self,
                                        GError      **error);

G_END_DECLS
