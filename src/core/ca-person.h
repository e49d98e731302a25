/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A team member, contact or speaker; role is a CaText (a speaker's affiliation). */
typedef struct {
  char *name;
  char *role;
  char *email;
  char *phone;
} CaPerson;

/* A cluster network or meta-cluster the cluster belongs to; name is a CaText. */
typedef struct {
  char *name;
  char *url;
} CaNetwork;

#define CA_TYPE_PERSON  (ca_person_get_type ())
#define CA_TYPE_NETWORK (ca_network_get_type ())

GType      ca_person_get_type  (void) G_GNUC_CONST;
CaPerson  *ca_person_new       (void);
CaPerson  *ca_person_copy      (const CaPerson *person);
void       ca_person_free      (CaPerson       *person);

GType      ca_network_get_type (void) G_GNUC_CONST;
CaNetwork *ca_network_new      (void);
CaNetwork *ca_network_copy     (const CaNetwork *network);
void       ca_network_free     (CaNetwork      *network);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaPerson, ca_person_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaNetwork, ca_network_free)

G_END_DECLS
