/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>

G_BEGIN_DECLS

/* A real Secret Service for the credentials tests: gnome-keyring-daemon on a
 * private session bus (GTestDBus) with a home of its own, its login keyring made
 * and unlocked with a password on its standard input, so no real keyring is
 * touched. Once per test program: libsecret keeps its connection to the service
 * for the life of the process. This process's session bus is the keyring's from
 * ca_test_keyring_start() on. */
void                ca_test_keyring_start             (void);
/* Instead: this process's session bus a private one with no Secret Service */
void                ca_test_keyring_start_none        (void);
void                ca_test_keyring_stop              (void);
/* The keyring's bus, and another private bus with no Secret Service on it */
const char         *ca_test_keyring_get_bus_address   (void);
const char         *ca_test_keyring_get_empty_bus_address (void);

/* The app's schema, written out again: tests read the keyring as any other
 * libsecret client would, not through ca-credentials.c */
const SecretSchema *ca_test_keyring_feed_schema       (void);

G_END_DECLS
