/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ca-store.h"

G_BEGIN_DECLS

/* The schema version this build writes (PRAGMA user_version) */
#define _CA_STORE_SCHEMA_VERSION 7

/* The change-log-syncs setting's default */
#define CA_STORE_DEFAULT_CHANGE_LOG_SYNCS 10

/* Tests only: makes ca_store_replace_feed() fail with CA_STORE_ERROR_FAILED
 * ("injected failure") once n_rows rows were inserted; -1 never fails. */
void _ca_store_set_fail_after (CaStore *self,
                               int      n_rows);

G_END_DECLS
