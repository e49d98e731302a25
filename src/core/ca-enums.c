/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-enums"

#include "config.h"

#include "ca-enums.h"

static const char * const member_kinds[CA_N_MEMBER_KINDS] = {
  "sme", "startup", "large-company", "research", "university",
  "civil-society", "association", "public", "other",
};

static const char * const event_kinds[CA_N_EVENT_KINDS] = {
  "conference", "webinar", "meeting", "workshop", "training",
  "fair", "open-call", "deadline", "other",
};

static const char * const event_statuses[CA_N_EVENT_STATUSES] = {
  "scheduled", "cancelled", "postponed", "rescheduled", "moved-online",
};

static int
lookup (const char * const *table,
        guint               n,
        const char         *str)
{
  if (str == NULL)
    return -1;
  for (guint i = 0; i < n; i++)
    if (g_str_equal (table[i], str))
      return (int) i;
  return -1;
}

const char *
ca_member_kind_to_string (CaMemberKind kind)
{
  g_return_val_if_fail (kind < CA_N_MEMBER_KINDS, "other");
  return member_kinds[kind];
}

int
ca_member_kind_from_string (const char *str)
{
  return lookup (member_kinds, CA_N_MEMBER_KINDS, str);
}

const char *
ca_event_kind_to_string (CaEventKind kind)
{
  g_return_val_if_fail (kind < CA_N_EVENT_KINDS, "other");
  return event_kinds[kind];
}

int
ca_event_kind_from_string (const char *str)
{
  return lookup (event_kinds, CA_N_EVENT_KINDS, str);
}

const char *
ca_event_status_to_string (CaEventStatus status)
{
  g_return_val_if_fail (status < CA_N_EVENT_STATUSES, "scheduled");
  return event_statuses[status];
}

int
ca_event_status_from_string (const char *str)
{
  return lookup (event_statuses, CA_N_EVENT_STATUSES, str);
}
