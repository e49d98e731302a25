/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CA_TYPE_PROJECT (ca_project_get_type ())
G_DECLARE_FINAL_TYPE (CaProject, ca_project, CA, PROJECT, GObject)

/* An EU or national project; see ca-cluster.h for the field rules. */
struct _CaProject
{
  GObject    parent_instance;

  char      *feed;
  char      *id;
  char      *title;             /* Text */
  char      *acronym;
  char      *programme;
  char      *grant;
  char      *start;             /* date: YYYY, YYYY-MM or YYYY-MM-DD */
  char      *end;               /* date */
  gboolean   has_budget;
  double     budget_amount;
  char      *budget_currency;   /* ISO 4217, "EUR" when the feed gave none */
  char      *role;              /* Text */
  char     **clusters;          /* cluster ids */
  char     **partners;          /* Text list */
  char      *summary;           /* Text */
  char     **objectives;        /* Text list */
  char      *website;
};

CaProject *ca_project_new (void);

G_END_DECLS
