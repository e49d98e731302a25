#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test program in a locale: run-in-locale.sh LANGUAGE LOCALE PROGRAM [ARGS…]
# ("bg bg_BG test-format"). The locale is the installed one, else one built with
# localedef for the run (tools/locale.sh); when neither is possible (no locale
# definitions: Debian's "locales" package) the test fails and says why.
# The locale chosen is passed on as CA_TEST_LOCALE, for programs the test starts.
set -euo pipefail
language=$1 name=$2
shift 2
. "$(dirname "$(readlink -f "$0")")/../tools/locale.sh"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

if ! ca_locale_env "$name" "$scratch"; then
  echo "Bail out! locale $name.UTF-8 is not installed and cannot be built (needs Debian's locales package)"
  exit 1
fi

env LANGUAGE="$language" "${CA_LOCALE_ENV[@]}" \
    CA_TEST_LANGUAGE="$language" CA_TEST_LOCALE="$CA_LOCALE" "$@"
