/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-feed-parser"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ca-feed-records.h"
#include "ca-person.h"

/* A record without a valid required field is skipped. An invalid value was already
 * reported by its reader; an absent one is reported here. */
static gpointer
skipped (Ctx        *ctx,
         JsonObject *object,
         const char *type,
         const char *path,
         const char *name,
         gboolean    blank)
{
  if (_ca_feed_field (ctx, object, type, name) == NULL)
    _ca_feed_warn (ctx, path, NULL, _("no “%s”, record skipped"), name);
  else if (blank)
    _ca_feed_warn (ctx, path, name, _("empty, record skipped"));
  return NULL;
}

/* An element without a usable name is dropped from its array. */
static gpointer
no_name (Ctx        *ctx,
         JsonObject *object,
         const char *type,
         const char *path,
         gboolean    blank)
{
  if (blank || _ca_feed_field (ctx, object, type, "name") == NULL)
    _ca_feed_warn (ctx, path, NULL, _("no name"));
  return NULL;
}

static CaPerson *
read_person (Ctx        *ctx,
             JsonNode   *node,
             const char *path)
{
  JsonObject *object = _ca_feed_object_of (ctx, node, path, _("a person"));
  CaPerson *person;
  char *name;

  if (object == NULL)
    return NULL;
  name = _ca_feed_read_string (ctx, object, "person", path, "name");
  if (name == NULL || *g_strstrip (name) == '\0')
    {
      gboolean blank = name != NULL;

      g_free (name);
      return no_name (ctx, object, "person", path, blank);
    }
  person = ca_person_new ();
  person->name = name;
  person->role = _ca_feed_read_text (ctx, object, "person", path, "role");
  person->email = _ca_feed_read_email (ctx, object, "person", path, "email");
  person->phone = _ca_feed_read_string (ctx, object, "person", path, "phone");
  return person;
}

static void
read_people (Ctx        *ctx,
             JsonObject *object,
             const char *type,
             const char *path,
             const char *name,
             GPtrArray  *into)
{
  JsonArray *array = _ca_feed_read_array (ctx, object, type, path, name);
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item_path = _ca_feed_index_path (path, name, i);
      CaPerson *person = read_person (ctx, json_array_get_element (array, i), item_path);

      if (person != NULL)
        g_ptr_array_add (into, person);
    }
}

static CaMember *
read_member (Ctx        *ctx,
             JsonNode   *node,
             const char *path)
{
  JsonObject *object = _ca_feed_object_of (ctx, node, path, _("a member"));
  CaMember *member;
  char *name;
  gboolean blank;

  if (object == NULL)
    return NULL;
  if ((name = _ca_feed_read_required_text (ctx, object, "member", path, "name", &blank)) == NULL)
    return no_name (ctx, object, "member", path, blank);

  member = ca_member_new ();
  member->feed = g_strdup (ctx->feed_key);
  member->name = name;
  member->id = _ca_feed_read_id (ctx, object, "member", path, "id");
  member->kind = _ca_feed_read_enum (ctx, object, "member", path, "kind",
                                     ca_member_kind_from_string, CA_MEMBER_KIND_OTHER, "other");
  member->city = _ca_feed_read_text (ctx, object, "member", path, "city");
  member->country = _ca_feed_read_country (ctx, object, "member", path, "country");
  member->website = _ca_feed_read_url (ctx, object, "member", path, "website");
  member->sectors = _ca_feed_read_list (ctx, object, "member", path, "sectors",
                                        _ca_feed_text_from_node);
  member->description = _ca_feed_read_text (ctx, object, "member", path, "description");
  member->joined = _ca_feed_read_date (ctx, object, "member", path, "joined");
  {
    /* Written as publishers do ("bg 175 325 806"), compared as one form */
    g_autofree char *registry = _ca_feed_read_string (ctx, object, "member", path,
                                                      "registry_id");

    member->registry_id = ca_member_normalize_registry_id (registry);
  }
  return member;
}

static void
read_composition (Ctx        *ctx,
                  JsonObject *object,
                  const char *path,
                  CaCluster  *cluster)
{
  JsonNode *node = _ca_feed_field (ctx, object, "cluster", "composition");
  g_autofree char *comp_path = NULL;
  JsonObject *composition;

  if (node == NULL)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _ca_feed_expected (ctx, path, "composition", _("an object"), node);
      return;
    }

  composition = json_node_get_object (node);
  comp_path = _ca_feed_join_path (path, "composition");
  for (guint i = 0; i < CA_N_COMPOSITION; i++)
    {
      const char *name = ca_composition_field_name (i);
      JsonNode *value = _ca_feed_field (ctx, composition, "composition", name);

      if (value == NULL)
        continue;
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64 ||
          json_node_get_int (value) < 0)
        {
          _ca_feed_expected (ctx, comp_path, name, _("a non-negative integer"), value);
          continue;
        }
      cluster->composition[i] = json_node_get_int (value);
    }
}

static void
read_networks (Ctx        *ctx,
               JsonObject *object,
               const char *path,
               CaCluster  *cluster)
{
  JsonArray *array = _ca_feed_read_array (ctx, object, "cluster", path, "networks");
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item_path = _ca_feed_index_path (path, "networks", i);
      JsonObject *item = _ca_feed_object_of (ctx, json_array_get_element (array, i), item_path,
                                             _("a network"));
      CaNetwork *network;
      char *name;
      gboolean blank;

      if (item == NULL)
        continue;
      if ((name = _ca_feed_read_required_text (ctx, item, "network", item_path, "name",
                                               &blank)) == NULL)
        {
          no_name (ctx, item, "network", item_path, blank);
          continue;
        }
      network = ca_network_new ();
      network->name = name;
      network->url = _ca_feed_read_url (ctx, item, "network", item_path, "url");
      g_ptr_array_add (cluster->networks, network);
    }
}

static void
read_members (Ctx        *ctx,
              JsonObject *object,
              const char *path,
              CaCluster  *cluster)
{
  JsonArray *array = _ca_feed_read_array (ctx, object, "cluster", path, "members");
  guint n = array != NULL ? json_array_get_length (array) : 0;
  g_autoptr(GHashTable) seen = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item_path = _ca_feed_index_path (path, "members", i);
      CaMember *member = read_member (ctx, json_array_get_element (array, i), item_path);

      if (member == NULL)
        continue;
      if (member->id != NULL)
        {
          if (seen == NULL)
            seen = g_hash_table_new (g_str_hash, g_str_equal);
          /* The first keeps its key: adding again would swap in the duplicate's. */
          if (g_hash_table_contains (seen, member->id))
            {
              g_autofree char *shown = _ca_feed_quote (member->id);
              _ca_feed_warn (ctx, item_path, NULL, _("duplicate id %s, skipped"), shown);
              g_object_unref (member);
              continue;
            }
          g_hash_table_add (seen, member->id);
        }
      member->cluster = g_strdup (cluster->id);
      member->position = cluster->members->len;
      g_ptr_array_add (cluster->members, member);
    }
}

/* Required fields decide whether a record is kept at all. */
CaCluster *
_ca_feed_read_cluster (Ctx        *ctx,
                       JsonObject *object,
                       const char *path)
{
  g_autoptr(CaCluster) cluster = ca_cluster_new ();
  gboolean blank;

  if ((cluster->id = _ca_feed_read_id (ctx, object, "cluster", path, "id")) == NULL)
    return skipped (ctx, object, "cluster", path, "id", FALSE);
  if ((cluster->name = _ca_feed_read_required_text (ctx, object, "cluster", path, "name",
                                                    &blank)) == NULL)
    return skipped (ctx, object, "cluster", path, "name", blank);

  cluster->feed = g_strdup (ctx->feed_key);
  cluster->acronym = _ca_feed_read_string (ctx, object, "cluster", path, "acronym");
  cluster->country = _ca_feed_read_country (ctx, object, "cluster", path, "country");
  cluster->region = _ca_feed_read_text (ctx, object, "cluster", path, "region");
  cluster->city = _ca_feed_read_text (ctx, object, "cluster", path, "city");
  cluster->established = _ca_feed_read_date (ctx, object, "cluster", path, "established");
  cluster->legal_form = _ca_feed_read_text (ctx, object, "cluster", path, "legal_form");
  cluster->website = _ca_feed_read_url (ctx, object, "cluster", path, "website");
  cluster->email = _ca_feed_read_email (ctx, object, "cluster", path, "email");
  cluster->phone = _ca_feed_read_string (ctx, object, "cluster", path, "phone");
  cluster->languages = _ca_feed_read_list (ctx, object, "cluster", path, "languages",
                                           _ca_feed_language_from_node);
  cluster->summary = _ca_feed_read_text (ctx, object, "cluster", path, "summary");
  cluster->objectives = _ca_feed_read_list (ctx, object, "cluster", path, "objectives",
                                            _ca_feed_text_from_node);
  cluster->activities = _ca_feed_read_list (ctx, object, "cluster", path, "activities",
                                            _ca_feed_text_from_node);
  cluster->services = _ca_feed_read_list (ctx, object, "cluster", path, "services",
                                          _ca_feed_text_from_node);
  cluster->sectors = _ca_feed_read_list (ctx, object, "cluster", path, "sectors",
                                         _ca_feed_text_from_node);
  cluster->technology_fields = _ca_feed_read_list (ctx, object, "cluster", path,
                                                   "technology_fields", _ca_feed_text_from_node);
  cluster->s3_priorities = _ca_feed_read_list (ctx, object, "cluster", path, "s3_priorities",
                                               _ca_feed_text_from_node);
  cluster->labels = _ca_feed_read_list (ctx, object, "cluster", path, "labels",
                                        _ca_feed_text_from_node);
  read_composition (ctx, object, path, cluster);
  read_people (ctx, object, "cluster", path, "team", cluster->team);
  read_members (ctx, object, path, cluster);
  read_networks (ctx, object, path, cluster);

  return g_steal_pointer (&cluster);
}

static void
read_budget (Ctx        *ctx,
             JsonObject *object,
             const char *path,
             CaProject  *project)
{
  JsonNode *node = _ca_feed_field (ctx, object, "project", "budget");
  g_autofree char *budget_path = NULL;
  JsonObject *budget;
  JsonNode *amount;
  char *currency;

  if (node == NULL)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _ca_feed_expected (ctx, path, "budget", _("an object"), node);
      return;
    }

  budget = json_node_get_object (node);
  budget_path = _ca_feed_join_path (path, "budget");
  amount = _ca_feed_field (ctx, budget, "budget", "amount");
  if (amount == NULL)
    {
      _ca_feed_warn (ctx, budget_path, NULL, _("no amount"));
      return;
    }
  if (!JSON_NODE_HOLDS_VALUE (amount) ||
      (json_node_get_value_type (amount) != G_TYPE_INT64 &&
       json_node_get_value_type (amount) != G_TYPE_DOUBLE) ||
      json_node_get_double (amount) < 0 ||
      /* 1e400 reads as infinity */
      !isfinite (json_node_get_double (amount)))
    {
      _ca_feed_expected (ctx, budget_path, "amount", _("a non-negative number"), amount);
      return;
    }

  currency = _ca_feed_read_string (ctx, budget, "budget", budget_path, "currency");
  if (currency != NULL &&
      (strlen (currency) != 3 || !g_ascii_isupper (currency[0]) ||
       !g_ascii_isupper (currency[1]) || !g_ascii_isupper (currency[2])))
    {
      g_autofree char *shown = _ca_feed_quote (currency);
      _ca_feed_warn (ctx, budget_path, "currency", _("expected an ISO 4217 code, got %s"), shown);
      g_clear_pointer (&currency, g_free);
    }

  project->has_budget = TRUE;
  project->budget_amount = json_node_get_double (amount);
  project->budget_currency = currency != NULL ? currency : g_strdup ("EUR");
}

CaProject *
_ca_feed_read_project (Ctx        *ctx,
                       JsonObject *object,
                       const char *path)
{
  g_autoptr(CaProject) project = ca_project_new ();
  gboolean blank;

  if ((project->id = _ca_feed_read_id (ctx, object, "project", path, "id")) == NULL)
    return skipped (ctx, object, "project", path, "id", FALSE);
  if ((project->title = _ca_feed_read_required_text (ctx, object, "project", path, "title",
                                                     &blank)) == NULL)
    return skipped (ctx, object, "project", path, "title", blank);

  project->feed = g_strdup (ctx->feed_key);
  project->acronym = _ca_feed_read_string (ctx, object, "project", path, "acronym");
  project->programme = _ca_feed_read_string (ctx, object, "project", path, "programme");
  project->grant = _ca_feed_read_string (ctx, object, "project", path, "grant");
  project->start = _ca_feed_read_date (ctx, object, "project", path, "start");
  project->end = _ca_feed_read_date (ctx, object, "project", path, "end");
  if (project->start != NULL && project->end != NULL)
    {
      int y1, m1, d1, y2, m2, d2;
      _ca_feed_parse_date (project->start, &y1, &m1, &d1);
      _ca_feed_parse_date (project->end, &y2, &m2, &d2);
      if (_ca_feed_utc_midnight (y2, m2, d2) < _ca_feed_utc_midnight (y1, m1, d1))
        {
          _ca_feed_warn (ctx, path, "end", _("before the start, dropped"));
          g_clear_pointer (&project->end, g_free);
        }
    }
  read_budget (ctx, object, path, project);
  project->role = _ca_feed_read_text (ctx, object, "project", path, "role");
  project->clusters = _ca_feed_read_list (ctx, object, "project", path, "clusters",
                                          _ca_feed_id_from_node);
  project->partners = _ca_feed_read_list (ctx, object, "project", path, "partners",
                                          _ca_feed_text_from_node);
  project->summary = _ca_feed_read_text (ctx, object, "project", path, "summary");
  project->objectives = _ca_feed_read_list (ctx, object, "project", path, "objectives",
                                            _ca_feed_text_from_node);
  project->website = _ca_feed_read_url (ctx, object, "project", path, "website");

  return g_steal_pointer (&project);
}

/* Zones are cached for the parse: creating one expands its rules, which is slow. */
static GTimeZone *
read_timezone (Ctx        *ctx,
               JsonObject *object,
               const char *path,
               char      **name_out)
{
  g_autofree char *name = _ca_feed_read_string (ctx, object, "event", path, "timezone");
  GTimeZone *tz;

  *name_out = NULL;
  if (name == NULL)
    return NULL;

  tz = g_hash_table_lookup (ctx->zones, name);
  if (tz == NULL)
    {
      /* Only IANA names ("Europe/Sofia", "UTC"): GLib would also take "+02:00". */
      if (strchr (name, '/') != NULL || g_str_equal (name, "UTC"))
        tz = g_time_zone_new_identifier (name);
      if (tz == NULL)
        {
          g_autofree char *shown = _ca_feed_quote (name);
          _ca_feed_warn (ctx, path, "timezone", _("unknown time zone %s"), shown);
          return NULL;
        }
      g_hash_table_insert (ctx->zones, g_strdup (name), tz);
    }

  *name_out = g_steal_pointer (&name);
  return tz;
}

CaEvent *
_ca_feed_read_event (Ctx        *ctx,
                     JsonObject *object,
                     const char *path)
{
  g_autoptr(CaEvent) event = ca_event_new ();
  gboolean blank;
  GTimeZone *tz;
  When start, end;

  if ((event->id = _ca_feed_read_id (ctx, object, "event", path, "id")) == NULL)
    return skipped (ctx, object, "event", path, "id", FALSE);
  if ((event->title = _ca_feed_read_required_text (ctx, object, "event", path, "title",
                                                   &blank)) == NULL)
    return skipped (ctx, object, "event", path, "title", blank);

  tz = read_timezone (ctx, object, path, &event->timezone);
  if (!_ca_feed_read_when (ctx, object, "event", path, "start", tz, &start))
    return skipped (ctx, object, "event", path, "start", FALSE);

  event->feed = g_strdup (ctx->feed_key);
  event->all_day = start.all_day;
  event->start = start.first;
  event->end = start.last;
  event->has_end = start.all_day && start.parts < 3;

  if (_ca_feed_read_when (ctx, object, "event", path, "end", tz, &end))
    {
      if (end.all_day != start.all_day)
        _ca_feed_warn (ctx, path, "end",
                       start.all_day ? _("expected a date, as the start is a date")
                                     : _("expected a date-time, as the start has a time"));
      else if (end.last < start.first)
        _ca_feed_warn (ctx, path, "end", _("before the start, dropped"));
      else
        {
          event->end = end.last;
          event->has_end = TRUE;
        }
    }

  event->kind = _ca_feed_read_enum (ctx, object, "event", path, "kind",
                                    ca_event_kind_from_string, CA_EVENT_KIND_OTHER, "other");
  event->status = _ca_feed_read_enum (ctx, object, "event", path, "status",
                                      ca_event_status_from_string, CA_EVENT_STATUS_SCHEDULED,
                                      "scheduled");
  event->venue = _ca_feed_read_text (ctx, object, "event", path, "venue");
  event->city = _ca_feed_read_text (ctx, object, "event", path, "city");
  event->country = _ca_feed_read_country (ctx, object, "event", path, "country");
  event->online = _ca_feed_read_boolean (ctx, object, "event", path, "online");
  event->url = _ca_feed_read_url (ctx, object, "event", path, "url");
  event->description = _ca_feed_read_text (ctx, object, "event", path, "description");
  event->clusters = _ca_feed_read_list (ctx, object, "event", path, "clusters",
                                        _ca_feed_id_from_node);
  event->project = _ca_feed_read_id (ctx, object, "event", path, "project");
  read_people (ctx, object, "event", path, "speakers", event->speakers);
  event->organizers = _ca_feed_read_list (ctx, object, "event", path, "organizers",
                                          _ca_feed_text_from_node);

  return g_steal_pointer (&event);
}
