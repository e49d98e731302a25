/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ca-application.h"

G_BEGIN_DECLS

#define CA_TYPE_WINDOW (ca_window_get_type ())
G_DECLARE_FINAL_TYPE (CaWindow, ca_window, CA, WINDOW, AdwApplicationWindow)

CaWindow   *ca_window_new            (CaApplication *application);
GListModel *ca_window_get_clusters   (CaWindow      *self);

G_END_DECLS
