/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-feed-layout"

#include "config.h"

#include <string.h>

#include "ca-feed-layout.h"

static const char * const section_names[CA_N_FEED_SECTIONS] = {
  "clusters", "projects", "events",
};

const char *
_ca_feed_section_name (CaFeedSection section)
{
  g_return_val_if_fail (section < CA_N_FEED_SECTIONS, NULL);
  return section_names[section];
}

static int
section_of_key (const char *key,
                gsize       len)
{
  for (guint i = 0; i < CA_N_FEED_SECTIONS; i++)
    if (strlen (section_names[i]) == len && memcmp (section_names[i], key, len) == 0)
      return (int) i;
  return -1;
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Outside strings JSON has only structure, numbers and true/false/null. json-glib is
 * more lenient (comments, single-quoted strings), and brackets hidden from this scan
 * inside such text would escape the depth limit, so they are refused here. */
static gboolean
allowed_outside_strings (char c)
{
  return strchr ("{}[],:0123456789+-.eEtrufalsn", c) != NULL;
}

/* Checks the depth and the bytes outside strings; bad_offset tells where a refused byte
 * is. Other faults are left to json-glib, which has the last word on validity. */
CaFeedScanResult
_ca_feed_layout_scan (CaFeedLayout *layout,
                      const char   *data,
                      gsize         len,
                      guint         max_depth,
                      gsize        *bad_offset)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gboolean key_expected = FALSE;  /* at depth 1: the next string is a key */
  gsize key_start = 0;
  gboolean string_is_key = FALSE;
  int key_section = -1;           /* section named by the last key at depth 1 */
  gboolean value_expected = FALSE;
  CaFeedArrayLayout *recording = NULL;
  gssize element_start = -1;
  gboolean comma_pending = FALSE;   /* in a recorded array: a ',' with no element yet */
  gsize last_significant = 0;
  gsize i = 0;

  memset (layout, 0, sizeof *layout);
  layout->sliceable = TRUE;
  while (i < len && is_space (data[i]))
    i++;
  layout->is_object = i < len && data[i] == '{';

  for (; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              in_string = FALSE;
              if (string_is_key)
                {
                  key_section = section_of_key (data + key_start, i - key_start);
                  string_is_key = FALSE;
                }
            }
          last_significant = i;
          continue;
        }

      if (is_space (c))
        continue;

      if (c != '"' && !allowed_outside_strings (c))
        {
          *bad_offset = i;
          return CA_FEED_SCAN_NOT_JSON;
        }

      if (recording != NULL && depth == 2 && element_start < 0 && c != ']' && c != ',')
        {
          element_start = i;
          comma_pending = FALSE;
        }

      if (depth == 1 && value_expected && c != ':')
        {
          value_expected = FALSE;
          if (c == '[' && key_section >= 0 && layout->is_object)
            {
              /* The last value of a repeated key wins, as in json-glib. */
              recording = &layout->sections[key_section];
              recording->found = TRUE;
              recording->open = i;
              if (recording->elements == NULL)
                recording->elements = g_array_new (FALSE, FALSE, sizeof (CaFeedSpan));
              g_array_set_size (recording->elements, 0);
              element_start = -1;
            }
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          if (depth == 1 && key_expected)
            {
              string_is_key = TRUE;
              key_start = i + 1;
              key_expected = FALSE;
            }
          break;

        case ':':
          if (depth == 1)
            value_expected = TRUE;
          break;

        case ',':
          if (depth == 1)
            {
              key_expected = TRUE;
              key_section = -1;
            }
          else if (depth == 2 && recording != NULL)
            {
              CaFeedSpan span = { element_start, last_significant + 1 };

              /* "[,", ",,": not JSON, and slicing would hide it from json-glib. */
              if (element_start < 0)
                layout->sliceable = FALSE;
              else
                g_array_append_val (recording->elements, span);
              element_start = -1;
              comma_pending = TRUE;
            }
          break;

        case '[':
        case '{':
          if (++depth > max_depth)
            return CA_FEED_SCAN_TOO_DEEP;
          if (depth == 1 && c == '{')
            key_expected = TRUE;
          break;

        case ']':
        case '}':
          if (depth == 2 && recording != NULL)
            {
              if (comma_pending && element_start < 0)
                layout->sliceable = FALSE;
              comma_pending = FALSE;
              if (element_start >= 0)
                {
                  CaFeedSpan span = { element_start, last_significant + 1 };
                  g_array_append_val (recording->elements, span);
                }
              recording->close = i;
              recording = NULL;
              element_start = -1;
            }
          if (depth > 0)
            depth--;
          break;

        default:
          break;
        }
      last_significant = i;
    }

  /* An array never closed: let json-glib say what is wrong with the document. */
  if (recording != NULL)
    recording->found = FALSE;
  return CA_FEED_SCAN_OK;
}

/* The document with the recorded arrays emptied: what is left is small. */
char *
_ca_feed_layout_header (const CaFeedLayout *layout,
                        const char         *data,
                        gsize               len,
                        gsize              *header_len)
{
  const CaFeedArrayLayout *order[CA_N_FEED_SECTIONS];
  guint n = 0;
  GString *out = g_string_sized_new (4096);
  gsize from = 0;

  for (guint i = 0; i < CA_N_FEED_SECTIONS; i++)
    if (layout->sections[i].found)
      order[n++] = &layout->sections[i];

  /* In document order */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && order[j]->open < order[j - 1]->open; j--)
      {
        const CaFeedArrayLayout *tmp = order[j];
        order[j] = order[j - 1];
        order[j - 1] = tmp;
      }

  for (guint i = 0; i < n; i++)
    {
      g_string_append_len (out, data + from, order[i]->open + 1 - from);
      from = order[i]->close;
    }
  g_string_append_len (out, data + from, len - from);

  *header_len = out->len;
  return g_string_free (out, FALSE);
}

void
_ca_feed_layout_clear (CaFeedLayout *layout)
{
  for (guint i = 0; i < CA_N_FEED_SECTIONS; i++)
    g_clear_pointer (&layout->sections[i].elements, g_array_unref);
}
