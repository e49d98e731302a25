#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test program in a locale: run-in-locale.sh LANGUAGE LOCALE PROGRAM [ARGS…]
# ("bg bg_BG test-format"). A locale the machine lacks is built with localedef into a
# temporary LOCPATH, as tools/screenshots does; when that is impossible (no locale
# definitions: Debian's "locales" package) the test skips and says why.
# LOCPATH is set only for a locale built here: glibc then ignores the system's locale
# archive, so on a machine where the locale is installed it would no longer be found.
# The locale chosen is passed on as CA_TEST_LOCALE, for programs the test starts.
set -euo pipefail
language=$1 name=$2
shift 2

locpath=$(mktemp -d)
trap 'rm -rf "$locpath"' EXIT
use_locpath=()

if [ "$name" = C ]; then
  locale=C.UTF-8
elif locale -a 2>/dev/null | grep -qix "${name}.utf8"; then
  locale=$name.UTF-8
elif [ -f "/usr/share/i18n/locales/$name" ] &&
     localedef -i "$name" -f UTF-8 "$locpath/$name.UTF-8" >/dev/null 2>&1; then
  locale=$name.UTF-8
  use_locpath=(LOCPATH="$locpath")
else
  echo "1..0 # SKIP locale $name.UTF-8 is not installed and cannot be built (needs Debian's locales package)"
  exit 0
fi

env LANGUAGE="$language" LANG="$locale" LC_ALL="$locale" "${use_locpath[@]}" \
    CA_TEST_LANGUAGE="$language" CA_TEST_LOCALE="$locale" "$@"
