/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ca-schedule.h"

G_BEGIN_DECLS

/* For tests: what the pagination keeps once done (bytes), the layout's Row records
 * alive now in every schedule, and the most alive at once since the last call (which
 * starts the count again from those alive) */
gsize       _ca_schedule_get_kept_bytes       (CaSchedule  *self);
guint       _ca_schedule_get_live_rows        (void);
guint       _ca_schedule_take_peak_rows       (void);

G_END_DECLS
