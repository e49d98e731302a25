/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-person"

#include "config.h"

#include "ca-person.h"

G_DEFINE_BOXED_TYPE (CaPerson, ca_person, ca_person_copy, ca_person_free)
G_DEFINE_BOXED_TYPE (CaNetwork, ca_network, ca_network_copy, ca_network_free)

CaPerson *
ca_person_new (void)
{
  return g_new0 (CaPerson, 1);
}

CaPerson *
ca_person_copy (const CaPerson *person)
{
  CaPerson *copy;

  g_return_val_if_fail (person != NULL, NULL);

  copy = ca_person_new ();
  copy->name = g_strdup (person->name);
  copy->role = g_strdup (person->role);
  copy->email = g_strdup (person->email);
  copy->phone = g_strdup (person->phone);
  return copy;
}

void
ca_person_free (CaPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->name);
  g_free (person->role);
  g_free (person->email);
  g_free (person->phone);
  g_free (person);
}

CaNetwork *
ca_network_new (void)
{
  return g_new0 (CaNetwork, 1);
}

CaNetwork *
ca_network_copy (const CaNetwork *network)
{
  CaNetwork *copy;

  g_return_val_if_fail (network != NULL, NULL);

  copy = ca_network_new ();
  copy->name = g_strdup (network->name);
  copy->url = g_strdup (network->url);
  return copy;
}

void
ca_network_free (CaNetwork *network)
{
  if (network == NULL)
    return;
  g_free (network->name);
  g_free (network->url);
  g_free (network);
}
