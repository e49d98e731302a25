/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CA_MEMBER_KIND_SME,
  CA_MEMBER_KIND_STARTUP,
  CA_MEMBER_KIND_LARGE_COMPANY,
  CA_MEMBER_KIND_RESEARCH,
  CA_MEMBER_KIND_UNIVERSITY,
  CA_MEMBER_KIND_CIVIL_SOCIETY,
  CA_MEMBER_KIND_ASSOCIATION,
  CA_MEMBER_KIND_PUBLIC,
  CA_MEMBER_KIND_OTHER,
  CA_N_MEMBER_KINDS
} CaMemberKind;

typedef enum {
  CA_EVENT_KIND_CONFERENCE,
  CA_EVENT_KIND_WEBINAR,
  CA_EVENT_KIND_MEETING,
  CA_EVENT_KIND_WORKSHOP,
  CA_EVENT_KIND_TRAINING,
  CA_EVENT_KIND_FAIR,
  CA_EVENT_KIND_OPEN_CALL,
  CA_EVENT_KIND_DEADLINE,
  CA_EVENT_KIND_OTHER,
  CA_N_EVENT_KINDS
} CaEventKind;

typedef enum {
  CA_EVENT_STATUS_SCHEDULED,
  CA_EVENT_STATUS_CANCELLED,
  CA_EVENT_STATUS_POSTPONED,
  CA_EVENT_STATUS_RESCHEDULED,
  CA_EVENT_STATUS_MOVED_ONLINE,
  CA_N_EVENT_STATUSES
} CaEventStatus;

/* The feed's spelling of each value; *_from_string returns -1 for an unknown one. */
const char *ca_member_kind_to_string   (CaMemberKind  kind);
int         ca_member_kind_from_string (const char   *str);
const char *ca_event_kind_to_string    (CaEventKind   kind);
int         ca_event_kind_from_string  (const char   *str);
const char *ca_event_status_to_string  (CaEventStatus status);
int         ca_event_status_from_string (const char  *str);

G_END_DECLS
