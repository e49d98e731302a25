/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-member"

#include "config.h"

#include <string.h>

#include "ca-member.h"
#include "ca-text.h"

/*
 * When two membership rows are the same organisation (docs/feed-format.md, "Members:
 * one organisation"): each row has one identity key, made from the strongest thing
 * it says about the organisation, and rows with equal keys are one organisation,
 * whatever cluster or feed lists them:
 *
 *  1. its registry number (registry_id), when the feed gives one;
 *  2. else the host of its website: case folded, without "www.", scheme, port or path;
 *  3. else its name (the English or plain text, case folded, spaces collapsed) and
 *     its city (the same way).
 *
 * One key per row, not a pairwise comparison, so that "same organisation" is an
 * equivalence (a pairwise rule could join A and C through B while A and C differ)
 * and the store can group and count by an index (members.org_key). Hence a row with
 * a registry number never joins a row with another number, nor one without a number:
 * a publisher gives the number in every row of the organisation, or in none.
 */

G_DEFINE_FINAL_TYPE (CaMember, ca_member, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REGISTRY_ID,
  PROP_ORG_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The English (or plain) text, compatibility-composed, case folded, every run of
 * white space one space, none at the ends */
static char *
fold_text (const char *text)
{
  static const char * const english[] = { "en", NULL };
  g_autofree char *plain = ca_text_for_languages (text, english);
  g_autofree char *composed = NULL;
  g_autofree char *folded = NULL;
  GString *out;
  gboolean space = FALSE;

  if (plain == NULL)
    return g_strdup ("");
  composed = g_utf8_normalize (plain, -1, G_NORMALIZE_ALL_COMPOSE);
  folded = g_utf8_casefold (composed != NULL ? composed : plain, -1);
  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
ca_member_finalize (GObject *object)
{
  CaMember *self = (CaMember *) object;

  g_free (self->feed);
  g_free (self->cluster);
  g_free (self->id);
  g_free (self->name);
  g_free (self->city);
  g_free (self->country);
  g_free (self->website);
  g_strfreev (self->sectors);
  g_free (self->description);
  g_free (self->joined);
  g_free (self->registry_id);
  g_free (self->org_key);
  g_strfreev (self->clusters);
  g_strfreev (self->cluster_feeds);

  G_OBJECT_CLASS (ca_member_parent_class)->finalize (object);
}

static void
ca_member_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CaMember *self = CA_MEMBER (object);

  switch (prop_id)
    {
    case PROP_REGISTRY_ID:
      g_value_set_string (value, self->registry_id);
      break;

    case PROP_ORG_KEY:
      g_value_set_string (value, self->org_key);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_member_class_init (CaMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ca_member_finalize;
  object_class->get_property = ca_member_get_property;

  /* The organisation's registry number as the feed gave it, normalised */
  properties[PROP_REGISTRY_ID] =
    g_param_spec_string ("registry-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Which organisation the row is: ca_member_identity_key(), set by the store */
  properties[PROP_ORG_KEY] =
    g_param_spec_string ("org-key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ca_member_init (CaMember *self)
{
  self->kind = CA_MEMBER_KIND_OTHER;
}

CaMember *
ca_member_new (void)
{
  return g_object_new (CA_TYPE_MEMBER, NULL);
}

const char *
ca_member_get_registry_id (CaMember *self)
{
  g_return_val_if_fail (CA_IS_MEMBER (self), NULL);
  return self->registry_id;
}

const char *
ca_member_get_org_key (CaMember *self)
{
  g_return_val_if_fail (CA_IS_MEMBER (self), NULL);
  return self->org_key;
}

/**
 * ca_member_normalize_registry_id:
 * @raw: a registry number as a feed wrote it ("bg 175 325 806"), or %NULL
 *
 * Returns: (nullable): the number without white space, in upper case
 * ("BG175325806"); %NULL when nothing is left
 */
char *
ca_member_normalize_registry_id (const char *raw)
{
  g_autoptr(GString) kept = NULL;

  if (raw == NULL)
    return NULL;
  kept = g_string_new (NULL);
  for (const char *p = raw; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (kept, c);
    }
  if (kept->len == 0)
    return NULL;
  return g_utf8_strup (kept->str, kept->len);
}

/**
 * ca_member_website_host:
 * @website: a website address, with or without its scheme, or %NULL
 *
 * Returns: (nullable): the host, case folded, without a leading "www." or a
 * trailing dot; %NULL when there is none
 */
char *
ca_member_website_host (const char *website)
{
  g_autofree char *full = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;
  const char *start;
  gsize len;

  if (website == NULL)
    return NULL;
  while (g_ascii_isspace (*website))
    website++;
  if (*website == '\0')
    return NULL;
  /* "example.org/about" is a host and a path, as people write it */
  if (strstr (website, "://") == NULL)
    website = full = g_strconcat (g_str_has_prefix (website, "//") ? "http:" : "http://",
                                  website, NULL);
  uri = g_uri_parse (website, G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_NON_DNS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  host = g_utf8_casefold (g_uri_get_host (uri), -1);
  len = strlen (host);
  while (len > 0 && host[len - 1] == '.')
    host[--len] = '\0';
  start = host;
  if (g_str_has_prefix (start, "www.") && start[4] != '\0')
    start += 4;
  if (*start == '\0')
    return NULL;
  return g_strdup (start);
}

/**
 * ca_member_identity_key:
 * @registry_id: (nullable): the normalised registry number
 * @website: (nullable): the website
 * @name: (nullable): the name (a Text)
 * @city: (nullable): the city (a Text)
 *
 * The one rule for which organisation a membership row is: rows with equal keys
 * are the same organisation (see the top of this file). The store keeps the key in
 * members.org_key.
 *
 * Returns: the key, never %NULL
 */
char *
ca_member_identity_key (const char *registry_id,
                        const char *website,
                        const char *name,
                        const char *city)
{
  g_autofree char *registry = ca_member_normalize_registry_id (registry_id);
  g_autofree char *host = NULL;
  g_autofree char *folded_name = NULL;
  g_autofree char *folded_city = NULL;

  if (registry != NULL)
    return g_strconcat ("registry:", registry, NULL);
  if ((host = ca_member_website_host (website)) != NULL)
    return g_strconcat ("host:", host, NULL);
  folded_name = fold_text (name);
  folded_city = fold_text (city);
  /* Feed strings hold no control characters: the separator cannot be in either */
  return g_strdup_printf ("name:%s%c%s", folded_name, CA_TEXT_UNIT_SEP, folded_city);
}
