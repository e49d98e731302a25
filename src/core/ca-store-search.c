/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-store"

#include "config.h"

#include <string.h>

#include "ca-store-internal.h"

/*
 * CaStore's full-text search: what the index holds for each record, how a
 * feed's documents leave it, and how the user's words become an FTS5 query.
 */

#define MAX_SEARCH_WORDS  16
#define MAX_WORD_CHARS    64

/* SQL_SEARCH spells the shift out */
G_STATIC_ASSERT (DOC_ID_SHIFT == 40);
/* SQL_NAME_LENGTH spells it x'1e' */
G_STATIC_ASSERT (CA_TEXT_RECORD_SEP == '\x1e');

/* {{{ Index */

#define SQL_OTHER_DOCS \
  "SELECT EXISTS (SELECT 1 FROM search_docs WHERE id < ?1)" \
  " OR EXISTS (SELECT 1 FROM search_docs WHERE id > ?2)"
#define SQL_DELETE_ALL_DOCS "INSERT INTO search (search) VALUES ('delete-all')"
#define SQL_DELETE_DOC \
  "INSERT INTO search (search, rowid, title, body) VALUES ('delete', ?1, ?2, ?3)"
#define SQL_DELETE_DOC_ROWS "DELETE FROM search_docs WHERE id BETWEEN ?1 AND ?2"

/* The indexed text of a feed's documents, rebuilt from its records exactly as
 * it was indexed (a contentless index is told what to remove). ?1–?2: the
 * feed's rowid range, ?3: its id. Columns: rowid, then the fields _ca_store_doc_text() reads. */
static const char * const doc_sources[] = {
  [CA_SEARCH_CLUSTER] =
    "SELECT d.id, c.name, c.acronym, c.summary, c.objectives FROM search_docs d"
    " JOIN clusters c ON c.feed = ?3 AND c.id = d.ref"
    " WHERE d.id BETWEEN ?1 AND ?2 AND d.kind = 0",
  [CA_SEARCH_MEMBER] =
    "SELECT d.id, m.name, NULL, NULL, NULL FROM search_docs d"
    " JOIN members m ON m.feed = ?3 AND m.cluster = d.ref AND m.position = d.pos"
    " WHERE d.id BETWEEN ?1 AND ?2 AND d.kind = 1",
  [CA_SEARCH_PROJECT] =
    "SELECT d.id, p.title, p.acronym, p.summary, NULL FROM search_docs d"
    " JOIN projects p ON p.feed = ?3 AND p.id = d.ref"
    " WHERE d.id BETWEEN ?1 AND ?2 AND d.kind = 2",
  [CA_SEARCH_EVENT] =
    "SELECT d.id, e.title, NULL, e.venue, e.city FROM search_docs d"
    " JOIN events e ON e.feed = ?3 AND e.id = d.ref"
    " WHERE d.id BETWEEN ?1 AND ?2 AND d.kind = 3",
};

static void
append_text (GString    *out,
             const char *text)
{
  if (text == NULL || text[0] == '\0')
    return;
  if (out->len > 0)
    g_string_append_c (out, '\n');
  if (ca_text_is_localized (text))
    {
      g_autofree char *flat = ca_text_flatten (text);
      g_string_append (out, flat);
    }
  else
    g_string_append (out, text);
}

static void
append_texts (GString      *out,
              char * const *texts)
{
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    append_text (out, texts[i]);
}

/* The indexed text of a document, from its record's fields:
 * cluster: name, acronym | summary, objectives (a joined list)
 * member:  name
 * project: title, acronym | summary
 * event:   title | venue, city
 * The same code indexes and, for a contentless index, unindexes. */
void
_ca_store_doc_text (CaSearchKind  kind,
                    const char   *a,
                    const char   *b,
                    const char   *c,
                    const char   *d,
                    GString      *title,
                    GString      *body)
{
  g_string_truncate (title, 0);
  g_string_truncate (body, 0);
  append_text (title, a);
  switch (kind)
    {
    case CA_SEARCH_CLUSTER:
      append_text (title, b);
      append_text (body, c);
      if (d != NULL)
        {
          g_auto(GStrv) objectives = ca_text_list_split (d);
          append_texts (body, objectives);
        }
      break;

    case CA_SEARCH_PROJECT:
      append_text (title, b);
      append_text (body, c);
      break;

    case CA_SEARCH_EVENT:
      append_text (body, c);
      append_text (body, d);
      break;

    case CA_SEARCH_MEMBER:
    default:
      break;
    }
}

/* Removes a feed's documents from the index; its records must still be there. */
gboolean
_ca_store_delete_feed_docs (Conn    *c,
                            gint64   feed_id,
                            GError **error)
{
  gint64 first = feed_id << DOC_ID_SHIFT;
  gint64 last = ((feed_id + 1) << DOC_ID_SHIFT) - 1;
  gboolean others = FALSE;
  gboolean failed = FALSE;

  {
    g_autoptr(Stmt) stmt = _ca_store_conn_stmt (c, SQL_OTHER_DOCS, error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, first);
    sqlite3_bind_int64 (stmt, 2, last);
    if (!_ca_store_step_row (c, stmt, &failed, error))
      return failed ? FALSE : _ca_store_set_db_error (error, c->db, SQLITE_ERROR);
    others = sqlite3_column_int (stmt, 0) != 0;
  }

  if (!others)
    {
      /* The only feed in the index: empty it at once */
      g_autoptr(Stmt) stmt = _ca_store_conn_stmt (c, SQL_DELETE_ALL_DOCS, error);

      if (stmt == NULL || !_ca_store_step_done (c, stmt, error))
        return FALSE;
    }
  else
    {
      g_autoptr(GString) title = g_string_sized_new (256);
      g_autoptr(GString) body = g_string_sized_new (1024);
      g_autoptr(Stmt) remove = _ca_store_conn_stmt (c, SQL_DELETE_DOC, error);

      if (remove == NULL)
        return FALSE;
      for (guint kind = 0; kind < G_N_ELEMENTS (doc_sources); kind++)
        {
          g_autoptr(Stmt) source = _ca_store_conn_stmt (c, doc_sources[kind], error);

          if (source == NULL)
            return FALSE;
          sqlite3_bind_int64 (source, 1, first);
          sqlite3_bind_int64 (source, 2, last);
          sqlite3_bind_int64 (source, 3, feed_id);
          while (_ca_store_step_row (c, source, &failed, error))
            {
              _ca_store_doc_text (kind,
                                  (const char *) sqlite3_column_text (source, 1),
                                  (const char *) sqlite3_column_text (source, 2),
                                  (const char *) sqlite3_column_text (source, 3),
                                  (const char *) sqlite3_column_text (source, 4),
                                  title, body);
              sqlite3_bind_int64 (remove, 1, sqlite3_column_int64 (source, 0));
              sqlite3_bind_text (remove, 2, title->str, title->len, SQLITE_STATIC);
              sqlite3_bind_text (remove, 3, body->str, body->len, SQLITE_STATIC);
              if (!_ca_store_step_done (c, remove, error))
                return FALSE;
            }
          if (failed)
            return FALSE;
        }
    }

  {
    g_autoptr(Stmt) stmt = _ca_store_conn_stmt (c, SQL_DELETE_DOC_ROWS, error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, first);
    sqlite3_bind_int64 (stmt, 2, last);
    return _ca_store_step_done (c, stmt, error);
  }
}

/* }}} */

/* {{{ Search */

static gboolean
has_token_char (const char *word)
{
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_isalnum (ch) || g_unichar_type (ch) == G_UNICODE_PRIVATE_USE)
        return TRUE;
    }
  return FALSE;
}

/* "ict clu" → "ict"* AND "clu"*: every word a quoted prefix, so that no
 * input reaches the FTS5 query syntax. NULL when nothing is searchable. */
static char *
build_match (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *match = g_string_new (NULL);
  const char *p = valid;
  guint n_words = 0;

  while (*p != '\0' && n_words < MAX_SEARCH_WORDS)
    {
      const char *start;
      g_autofree char *word = NULL;
      guint n_chars = 0;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          n_chars++;
        }
      if (p == start)
        break;

      word = g_strndup (start, p - start);
      if (n_chars > MAX_WORD_CHARS)
        *g_utf8_offset_to_pointer (word, MAX_WORD_CHARS) = '\0';
      if (!has_token_char (word))
        continue;

      if (n_words++ > 0)
        g_string_append (match, " AND ");
      g_string_append_c (match, '"');
      for (const char *q = word; *q != '\0'; q++)
        {
          if (*q == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, *q);
        }
      g_string_append (match, "\"*");
    }

  if (n_words == 0)
    {
      g_string_free (match, TRUE);
      return NULL;
    }
  return g_string_free (match, FALSE);
}

/* When two membership rows are one member, the one place that says it: one row
 * per organisation, the key ca_member_identity_key() gave the row at import (the
 * Members view's rule: the same registry number, else website host, else name and
 * city), which a member's document carries (search_docs.grp, as members.org_key) */
#define SQL_MEMBER_KEY \
  "d.grp"

/* A name's length for breaking ties, shorter first. A localised Text holds the name
 * in each of its languages (CA_TEXT_RECORD_SEP first), most often two: it counts half,
 * so a name given in two languages is not taken for one twice as long. (Counting the
 * languages exactly, with replace(), cost 1–2 ms on the largest searches.) */
#define SQL_NAME_LENGTH \
  "(CASE WHEN substr (d.display, 1, 1) = x'1e' THEN octet_length (d.display) / 2" \
  " ELSE octet_length (d.display) END)"

/* The flat search of GNOME Shell's provider: ranked as the sections are (ca_rank,
 * then the shorter name), and a member once however many clusters it is in (its best
 * row, SQL_MEMBER_KEY); ?2 rows at most. */
#define SQL_SEARCH \
  "SELECT kind, key, ref, pos, display FROM (" \
  "  SELECT d.kind, f.key, d.ref, d.pos, d.display, h.rank, h.id," \
  "         " SQL_NAME_LENGTH " AS len," \
  "         row_number () OVER (PARTITION BY CASE d.kind WHEN 1 THEN " SQL_MEMBER_KEY \
  "                             ELSE h.id END ORDER BY h.rank, h.id) AS nth" \
  "  FROM (SELECT rowid AS id, ca_rank (search) AS rank FROM search" \
  "        WHERE search MATCH ?1" \
  "          AND rowid >> 40 NOT IN (SELECT id FROM feeds WHERE hidden)) AS h" \
  "  JOIN search_docs d ON d.id = h.id" \
  "  JOIN feeds f ON f.id = h.id >> 40)" \
  " WHERE nth = 1" \
  " ORDER BY rank, len, id LIMIT ?2"

/* {{{ Rank */

/* Where a typed word was found, as ca_rank weighs it */
#define RANK_NAME_START  100.0   /* the first word of the name (title column) */
#define RANK_NAME         10.0   /* another word of the name */
#define RANK_BODY          1.0   /* the body only */

/* ca_rank (search): how well a document matches, for a launcher, lower first as
 * FTS5 ranks. Each typed word counts where it was found best (RANK_*), and the
 * document scores the sum. Unlike bm25 it reads only the match's own positions:
 * bm25 also reads each match's column sizes, a lookup per match that cost more
 * than the match itself on a big store (8,423 matches for "tra": 7 ms against
 * 2 ms). The section query breaks ties by the shorter name instead. */
static void
rank_function (const Fts5ExtensionApi  *api,
               Fts5Context             *fts,
               sqlite3_context         *context,
               int                      argc,
               sqlite3_value          **argv)
{
  double best[MAX_SEARCH_WORDS] = { 0 };
  double score = 0;
  int n_inst = 0;

  if (api->xInstCount (fts, &n_inst) != SQLITE_OK)
    n_inst = 0;
  for (int i = 0; i < n_inst; i++)
    {
      int phrase, column, offset;
      double weight;

      if (api->xInst (fts, i, &phrase, &column, &offset) != SQLITE_OK ||
          phrase < 0 || phrase >= MAX_SEARCH_WORDS)
        continue;
      weight = column != 0 ? RANK_BODY : offset == 0 ? RANK_NAME_START : RANK_NAME;
      best[phrase] = MAX (best[phrase], weight);
    }
  for (guint p = 0; p < MAX_SEARCH_WORDS; p++)
    score += best[p];
  sqlite3_result_double (context, -score);
}

int
_ca_store_add_search_functions (sqlite3 *db)
{
  fts5_api *fts5 = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* SQLite's documented way to reach the FTS5 API of a connection */
  if ((rc = sqlite3_prepare_v2 (db, "SELECT fts5 (?1)", -1, &stmt, NULL)) != SQLITE_OK)
    return rc;
  sqlite3_bind_pointer (stmt, 1, &fts5, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  rc = sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return rc;
  if (fts5 == NULL)
    return SQLITE_ERROR;
  return fts5->xCreateFunction (fts5, "ca_rank", NULL, rank_function, NULL);
}

/* }}} */

/* {{{ Sections */

/* Best first within each kind (ca_rank; among members, the organisation in more
 * clusters; then the shorter name, then the rowid: the feed's order), at most ?2 of
 * each (-1: all), and each kind's count, in one
 * statement: the index is matched and ranked once (hits), each match's kind read
 * once (docs), and only the rows returned are looked up in full. Hidden feeds are
 * read once, not per match.
 * ?1: the MATCH, ?3: one kind or -1. Rows: kind, count (the count rows) or NULL, feed
 * key, ref, pos, display, the member's clusters (US-separated).
 * A member's rows are one entity (SQL_MEMBER_KEY): it counts once, ranks as its best
 * row and shows that row, naming every cluster whose row matched; the rows of one
 * member share its name, so a match of one is a match of all. */
#define SQL_SECTIONS \
  "WITH hits AS MATERIALIZED (" \
  "  SELECT rowid AS id, ca_rank (search) AS rank FROM search" \
  "  WHERE search MATCH ?1" \
  "    AND rowid >> 40 NOT IN (SELECT id FROM feeds WHERE hidden))," \
  " docs AS MATERIALIZED (" \
  "  SELECT d.kind, h.id, h.rank, " SQL_NAME_LENGTH " AS len," \
  "         CASE d.kind WHEN 1 THEN " SQL_MEMBER_KEY " END AS grp," \
  "         CASE d.kind WHEN 1 THEN d.ref END AS ref" \
  "  FROM hits h JOIN search_docs d ON d.id = h.id" \
  "  WHERE ?3 < 0 OR d.kind = ?3)," \
  " orgs AS (" \
  "  SELECT min(rank) AS rank, count(*) AS n, len, o.id," \
  "         group_concat(f.key || x'1e' || o.ref, x'1f') AS clusters" \
  "  FROM docs o JOIN feeds f ON f.id = o.id >> 40 WHERE o.kind = 1 GROUP BY o.grp)," \
  " top AS (" \
  "  SELECT kind, count(*) AS n, NULL AS id, NULL AS clusters FROM docs" \
  "  WHERE kind <> 1 GROUP BY kind" \
  "  UNION ALL SELECT 1, count(*), NULL, NULL FROM orgs" \
  "  UNION ALL SELECT * FROM (SELECT 0, NULL, id, NULL FROM docs WHERE kind = 0" \
  "                          ORDER BY rank, len, id LIMIT ?2)" \
  "  UNION ALL SELECT * FROM (SELECT 1, NULL, id, clusters FROM orgs" \
  "                          ORDER BY rank, n DESC, len, id LIMIT ?2)" \
  "  UNION ALL SELECT * FROM (SELECT 2, NULL, id, NULL FROM docs WHERE kind = 2" \
  "                          ORDER BY rank, len, id LIMIT ?2)" \
  "  UNION ALL SELECT * FROM (SELECT 3, NULL, id, NULL FROM docs WHERE kind = 3" \
  "                          ORDER BY rank, len, id LIMIT ?2))" \
  " SELECT t.kind, t.n, f.key, d.ref, d.pos, d.display, t.clusters" \
  " FROM top t LEFT JOIN search_docs d ON d.id = t.id" \
  " LEFT JOIN feeds f ON f.id = t.id >> 40"

/* Each kind's best hits by ca_rank that are looked at for a name that is or starts
 * with what was typed: a word at the start of a name outweighs one inside it, and
 * a word in a name any number in the body, so such a name ranks among them */
#define SECTION_CANDIDATES 50

/* Case, accents and runs of spaces aside, as the index's tokenizer sees them */
static char *
fold_name (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *decomposed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKD);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = FALSE;

  if (decomposed == NULL)
    return g_strdup ("");
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_ismark (ch))
        continue;
      if (g_unichar_isspace (ch))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, ch);
    }
  return g_utf8_casefold (out->str, -1);
}

static CaSearchMatch
name_match (const char *title,
            const char *folded_query)
{
  g_auto(GStrv) languages = NULL;
  CaSearchMatch best = CA_SEARCH_MATCH_OTHER;

  if (title == NULL || folded_query[0] == '\0')
    return CA_SEARCH_MATCH_OTHER;
  if (!ca_text_is_localized (title))
    {
      g_autofree char *folded = fold_name (title);

      if (g_str_equal (folded, folded_query))
        return CA_SEARCH_MATCH_EXACT;
      return g_str_has_prefix (folded, folded_query) ? CA_SEARCH_MATCH_PREFIX
                                                     : CA_SEARCH_MATCH_OTHER;
    }
  languages = ca_text_languages (title);
  for (guint i = 0; languages != NULL && languages[i] != NULL; i++)
    {
      g_autofree char *value = ca_text_lookup (title, languages[i]);
      CaSearchMatch match = value != NULL ? name_match (value, folded_query)
                                          : CA_SEARCH_MATCH_OTHER;

      best = MAX (best, match);
    }
  return best;
}

/* Exact names first, then names that start with it; FTS rank otherwise (the hits
 * come in rank order and the sort is stable) */
static int
compare_match (gconstpointer a,
               gconstpointer b)
{
  const CaSearchHit *x = *(const CaSearchHit * const *) a;
  const CaSearchHit *y = *(const CaSearchHit * const *) b;

  return (int) y->match - (int) x->match;
}

/* }}} */

/* {{{ Public API */

void
ca_search_hit_free (CaSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->feed);
  g_free (hit->id);
  g_free (hit->title);
  g_strfreev (hit->clusters);
  g_strfreev (hit->cluster_feeds);
  g_free (hit);
}

void
ca_search_sections_free (CaSearchSections *sections)
{
  if (sections == NULL)
    return;
  for (guint k = 0; k < CA_N_SEARCH_KINDS; k++)
    g_clear_pointer (&sections->hits[k], g_ptr_array_unref);
  g_free (sections);
}

GPtrArray *
ca_store_search (CaStore     *self,
                 const char  *text,
                 guint        limit,
                 GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *match = NULL;
  gboolean failed = FALSE;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_search_hit_free);
  if (text == NULL || (match = build_match (text)) == NULL)
    return g_steal_pointer (&hits);

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = _ca_store_conn_stmt (&self->reader, SQL_SEARCH, error)) == NULL)
    return NULL;
  bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  while (_ca_store_step_row (&self->reader, stmt, &failed, error))
    {
      CaSearchHit *hit = g_new0 (CaSearchHit, 1);

      int kind = sqlite3_column_int (stmt, 0);

      hit->kind = CLAMP (kind, CA_SEARCH_CLUSTER, CA_SEARCH_EVENT);
      hit->feed = col_str (stmt, 1);
      hit->id = col_str (stmt, 2);
      hit->position = sqlite3_column_int (stmt, 3);
      hit->title = col_str (stmt, 4);
      g_ptr_array_add (hits, hit);
    }
  return failed ? NULL : g_steal_pointer (&hits);
}

CaSearchSections *
ca_store_search_sections (CaStore     *self,
                          const char  *text,
                          int          kind,
                          guint        limit,
                          GError     **error)
{
  g_autoptr(CaSearchSections) sections = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Stmt) stmt = NULL;
  g_autofree char *match = NULL;
  g_autofree char *folded = NULL;
  gboolean failed = FALSE;
  gint64 candidates;

  g_return_val_if_fail (CA_IS_STORE (self), NULL);
  g_return_val_if_fail (kind >= -1 && kind < CA_N_SEARCH_KINDS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sections = g_new0 (CaSearchSections, 1);
  for (guint k = 0; k < CA_N_SEARCH_KINDS; k++)
    sections->hits[k] = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_search_hit_free);
  if (text == NULL || (match = build_match (text)) == NULL)
    return g_steal_pointer (&sections);
  folded = fold_name (text);
  candidates = limit == 0 ? -1 : (gint64) MAX (limit, SECTION_CANDIDATES);

  locker = g_mutex_locker_new (&self->reader.lock);
  if ((stmt = _ca_store_conn_stmt (&self->reader, SQL_SECTIONS, error)) == NULL)
    return NULL;
  bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, candidates);
  sqlite3_bind_int (stmt, 3, kind);
  while (_ca_store_step_row (&self->reader, stmt, &failed, error))
    {
      int k = sqlite3_column_int (stmt, 0);
      CaSearchHit *hit;

      if (k < 0 || k >= CA_N_SEARCH_KINDS)
        continue;
      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        {
          sections->n_matches[k] = (guint) sqlite3_column_int64 (stmt, 1);
          continue;
        }
      if (sqlite3_column_type (stmt, 2) == SQLITE_NULL)
        continue;   /* a document without its feed: not in a consistent store */
      hit = g_new0 (CaSearchHit, 1);
      hit->kind = k;
      hit->feed = col_str (stmt, 2);
      hit->id = col_str (stmt, 3);
      hit->position = sqlite3_column_int (stmt, 4);
      hit->title = col_str (stmt, 5);
      hit->match = name_match (hit->title, folded);
      if (k == CA_SEARCH_MEMBER)
        {
          g_autofree char *joined = col_str (stmt, 6);
          g_auto(GStrv) all = g_strsplit (joined != NULL ? joined : "", "\x1f", -1);
          g_autoptr(GStrvBuilder) clusters = g_strv_builder_new ();
          g_autoptr(GStrvBuilder) feeds = g_strv_builder_new ();
          g_autofree char *shown = g_strconcat (hit->feed, "\x1e", hit->id, NULL);

          /* the cluster of the row shown first, then the others once each: the
           * same organisation may be in clusters of other feeds ("feed<RS>id") */
          g_strv_builder_add (clusters, hit->id);
          g_strv_builder_add (feeds, hit->feed);
          for (guint i = 0; all[i] != NULL; i++)
            {
              const char *sep = strchr (all[i], '\x1e');
              gboolean seen = sep == NULL || g_str_equal (all[i], shown);

              for (guint j = 0; j < i && !seen; j++)
                seen = g_str_equal (all[j], all[i]);
              if (seen)
                continue;
              g_strv_builder_add (clusters, sep + 1);
              g_strv_builder_take (feeds, g_strndup (all[i], sep - all[i]));
            }
          hit->clusters = g_strv_builder_end (clusters);
          hit->cluster_feeds = g_strv_builder_end (feeds);
        }
      g_ptr_array_add (sections->hits[k], hit);
    }
  if (failed)
    return NULL;

  for (guint k = 0; k < CA_N_SEARCH_KINDS; k++)
    {
      GPtrArray *hits = sections->hits[k];

      g_ptr_array_sort (hits, compare_match);   /* stable */
      if (limit > 0 && hits->len > limit)
        g_ptr_array_set_size (hits, limit);
    }
  return g_steal_pointer (&sections);
}

/* }}} */
