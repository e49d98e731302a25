/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-member"

#include "config.h"

#include "ca-member.h"
#include "ca-text.h"

/*
 * The one rule for when two membership rows are the same organisation
 * (ca_member_identity_key(), docs/feed-format.md): the registry number where the
 * feed gives one, else the website's host, else the name and the city.
 */

static char *
key (const char *registry_id,
     const char *website,
     const char *name,
     const char *city)
{
  return ca_member_identity_key (registry_id, website, name, city);
}

/* Whether two rows, given as their fields, are one organisation */
static gboolean
same (const char *registry_a, const char *website_a, const char *name_a, const char *city_a,
      const char *registry_b, const char *website_b, const char *name_b, const char *city_b)
{
  g_autofree char *a = key (registry_a, website_a, name_a, city_a);
  g_autofree char *b = key (registry_b, website_b, name_b, city_b);

  return g_str_equal (a, b);
}

static char *
text2 (const char *en,
       const char *bg)
{
  GString *builder = ca_text_builder_new ();

  ca_text_builder_add (builder, "bg", bg);
  ca_text_builder_add (builder, "en", en);
  return ca_text_builder_end (builder);
}

static void
test_registry_first (void)
{
  /* The same number, written two ways: one organisation, whatever else differs */
  g_assert_true (same ("BG175325806", "https://a.example.org", "Alpha Ltd", "Sofia",
                       "bg 175 325 806", "https://b.example.org", "Alpha Bulgaria", "Varna"));
  /* Different numbers: never one, not by host nor by name and city */
  g_assert_false (same ("BG175325806", "https://a.example.org", "Alpha Ltd", "Sofia",
                        "BG999999999", "https://a.example.org", "Alpha Ltd", "Sofia"));
  /* A number on one row only: the rows are keyed by different things */
  g_assert_false (same ("BG175325806", "https://a.example.org", "Alpha Ltd", "Sofia",
                        NULL, "https://a.example.org", "Alpha Ltd", "Sofia"));
  /* A blank number is none */
  g_assert_true (same ("  ", "https://a.example.org", "Alpha", NULL,
                       NULL, "https://a.example.org", "Beta", NULL));
}

static void
test_host_next (void)
{
  /* Scheme, case, "www.", port, path, query and a trailing dot make no difference */
  g_assert_true (same (NULL, "https://www.Uni-Sofia.bg/en/about?x=1", "Sofia University", "Sofia",
                       NULL, "http://uni-sofia.bg.:8080", "SU", NULL));
  g_assert_true (same (NULL, "uni-sofia.bg/contacts", "A", NULL,
                       NULL, "HTTPS://WWW.UNI-SOFIA.BG", "B", NULL));
  /* Another host is another organisation, though the names and cities agree */
  g_assert_false (same (NULL, "https://uni-sofia.bg", "Sofia University", "Sofia",
                        NULL, "https://su.example.org", "Sofia University", "Sofia"));
  /* A subdomain other than www is another host */
  g_assert_false (same (NULL, "https://fmi.uni-sofia.bg", "A", NULL,
                        NULL, "https://uni-sofia.bg", "A", NULL));
  /* "www." alone is a host, not nothing */
  g_assert_false (same (NULL, "https://www.", "A", NULL, NULL, NULL, "A", NULL));

  {
    g_autofree char *host = ca_member_website_host ("https://WWW.Example.ORG:443/a/b");

    g_assert_cmpstr (host, ==, "example.org");
  }
  g_assert_null (ca_member_website_host (NULL));
  g_assert_null (ca_member_website_host ("   "));
  g_assert_null (ca_member_website_host ("https:///nohost"));
}

static void
test_name_and_city_last (void)
{
  g_autofree char *sofia = text2 ("Sofia", "София");
  g_autofree char *university = text2 ("University of Sofia", "Софийски университет");

  /* Case, white space and the language of a localised name make no difference */
  g_assert_true (same (NULL, NULL, "University  of\tSofia ", "SOFIA",
                       NULL, NULL, university, sofia));
  /* The same name in another city: two organisations */
  g_assert_false (same (NULL, NULL, "Acme Ltd", "Sofia", NULL, NULL, "Acme Ltd", "Varna"));
  /* A city on one row only: two */
  g_assert_false (same (NULL, NULL, "Acme Ltd", "Sofia", NULL, NULL, "Acme Ltd", NULL));
  /* No city on either: the name decides */
  g_assert_true (same (NULL, NULL, "Acme Ltd", NULL, NULL, NULL, "ACME LTD", NULL));
  /* Another name: two */
  g_assert_false (same (NULL, NULL, "Acme Ltd", "Sofia", NULL, NULL, "Acme AD", "Sofia"));
  /* The name and city do not run into each other */
  g_assert_false (same (NULL, NULL, "Acme Sofia", NULL, NULL, NULL, "Acme", "Sofia"));
}

static void
test_normalize_registry (void)
{
  g_autofree char *a = ca_member_normalize_registry_id (" bg 175 325\u00a0806\n");
  g_autofree char *b = ca_member_normalize_registry_id ("175325806");

  g_assert_cmpstr (a, ==, "BG175325806");
  g_assert_cmpstr (b, ==, "175325806");
  g_assert_null (ca_member_normalize_registry_id (NULL));
  g_assert_null (ca_member_normalize_registry_id (" \t "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/member/identity/registry-first", test_registry_first);
  g_test_add_func ("/member/identity/host-next", test_host_next);
  g_test_add_func ("/member/identity/name-and-city-last", test_name_and_city_last);
  g_test_add_func ("/member/registry-id/normalize", test_normalize_registry);

  return g_test_run ();
}
