/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ca-store.h"

G_BEGIN_DECLS

/*
 * A feed's user name and password live in the user's keyring (the Secret
 * Service, or the Secret portal inside a Flatpak), never in the store: one item
 * per feed, found by the feed's key, the address without credentials.
 */

#define CA_CREDENTIALS_ERROR (ca_credentials_error_quark ())

typedef enum {
  CA_CREDENTIALS_ERROR_NO_KEYRING,   /* no Secret Service answered, or it refused */
} CaCredentialsError;

GQuark   ca_credentials_error_quark     (void);

/* The address without its password, for showing a key stored by an older
 * version, before passwords were moved out of addresses. */
char    *ca_credentials_display_url     (const char    *key);

/* Blocking; for the command line. */
gboolean ca_credentials_store_sync      (const char    *key,
                                         const char    *user,
                                         const char    *password,
                                         GCancellable  *cancellable,
                                         GError       **error);
/* Whether an item was there to remove; FALSE with error when the keyring failed */
gboolean ca_credentials_clear_sync      (const char    *key,
                                         GCancellable  *cancellable,
                                         GError       **error);
/* Without blocking, on the thread default main context: the window's and the
 * sync's */
void     ca_credentials_store_async     (const char          *key,
                                         const char          *user,
                                         const char          *password,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean ca_credentials_store_finish    (GAsyncResult        *result,
                                         GError             **error);
void     ca_credentials_clear_async     (const char          *key,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean ca_credentials_clear_finish    (GAsyncResult        *result,
                                         GError             **error);
void     ca_credentials_lookup_async    (const char          *key,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* TRUE and the user name and password when the keyring has them; FALSE and no
 * error when it has none */
gboolean ca_credentials_lookup_finish   (GAsyncResult        *result,
                                         char               **user,
                                         char               **password,
                                         GError             **error);

/* Feeds an older version stored with the user name and password in their key:
 * whether there are any (no keyring asked), and moving them to the keyring, each
 * feed renamed to its address without them. Returns how many moved; on the first
 * failure of the keyring stops, with error, and the rest stay as they were. */
gboolean ca_credentials_store_holds_any    (CaStore             *store);
guint    ca_credentials_move_from_store    (CaStore             *store,
                                            GCancellable        *cancellable,
                                            GError             **error);
void     ca_credentials_move_from_store_async  (CaStore             *store,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
guint    ca_credentials_move_from_store_finish (GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
