/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-test-feed"

#include "config.h"

#include "ca-test-feed.h"

static void
append_cluster (GString              *json,
                const CaTestFeedSpec *spec,
                guint                 c)
{
  g_string_append_printf (json, "%s{\"id\": \"c%u\", \"name\": ", c ? "," : "", c);
  if (spec->bilingual)
    g_string_append_printf (json, "{\"en\": \"%s cluster %u\", \"bg\": \"Клъстер %s %u\"}",
                            spec->tag, c, spec->tag, c);
  else
    g_string_append_printf (json, "\"%s cluster %u\"", spec->tag, c);

  if (spec->website != NULL)
    g_string_append_printf (json, ", \"website\": \"%s\"", spec->website);
  if (spec->big_clusters)
    {
      g_string_append (json, ", \"summary\": \"");
      for (guint i = 0; i < 150; i++)
        g_string_append (json, "Clusters join firms, universities and public bodies. ");
      g_string_append (json, "\", \"members\": [");
      for (guint m = 0; m < 30; m++)
        g_string_append_printf (json, "%s{\"name\": \"%s member %u.%u\", \"kind\": \"sme\","
                                " \"description\": \"A small firm in the cluster, number %u.\"}",
                                m ? "," : "", spec->tag, c, m, m);
      g_string_append (json, "]");
    }
  g_string_append (json, "}\n");
}

GBytes *
ca_test_feed_build (const CaTestFeedSpec *spec)
{
  GString *json;
  guint broken;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (spec->tag != NULL, NULL);
  g_return_val_if_fail (!spec->broken_late || spec->n_events > 0, NULL);

  broken = !spec->broken_late ? G_MAXUINT : spec->n_events > 10 ? spec->n_events - 10 : 0;
  json = g_string_new ("{\"format\": \"cluster-feed\", \"version\": 1,\n");
  g_string_append_printf (json, "\"publisher\": {\"name\": \"%sPublisher%s %s\"},\n",
                          spec->markup ? "<b>" : "", spec->markup ? "</b>" : "", spec->tag);

  g_string_append (json, "\"clusters\": [\n");
  for (guint c = 0; c < spec->n_clusters; c++)
    append_cluster (json, spec, c);
  g_string_append (json, "],\n");

  g_string_append (json, "\"events\": [\n");
  for (guint e = 0; e < spec->n_events; e++)
    {
      g_string_append_printf (json, "%s{\"id\": \"e%u\"%s \"title\": \"%s event %u\","
                              " \"start\": \"2026-03-%02uT10:00:00+02:00\"",
                              e ? "," : "", e, e == broken ? "" : ",", spec->tag, e,
                              1 + e % 28);
      if (spec->n_clusters > 0)
        g_string_append_printf (json, ", \"clusters\": [\"c%u\"]", e % spec->n_clusters);
      g_string_append (json, "}\n");
    }
  if (spec->bad_event)
    g_string_append_printf (json, "%s{\"id\": \"bad\", \"title\": \"Bad\","
                            " \"start\": \"whenever\"}\n", spec->n_events > 0 ? "," : "");
  g_string_append (json, "]}\n");

  return g_string_free_to_bytes (json);
}
