#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test program in a locale: run-in-locale.sh LANGUAGE LOCALE PROGRAM [ARGS…]
# ("bg bg_BG test-format"). A locale the machine lacks is built with localedef into a
# temporary LOCPATH, as tools/screenshots does; when that is impossible (no locale
# definitions: Debian's "locales" package) the test skips and says why.
set -euo pipefail
language=$1 name=$2
shift 2

locpath=$(mktemp -d)
trap 'rm -rf "$locpath"' EXIT

if [ "$name" = C ]; then
  locale=C.UTF-8
elif locale -a 2>/dev/null | grep -qix "${name}.utf8"; then
  locale=$name.UTF-8
elif [ -f "/usr/share/i18n/locales/$name" ] &&
     localedef -i "$name" -f UTF-8 "$locpath/$name.UTF-8" >/dev/null 2>&1; then
  locale=$name.UTF-8
else
  echo "1..0 # SKIP locale $name.UTF-8 is not installed and cannot be built (needs Debian's locales package)"
  exit 0
fi

env LANGUAGE="$language" LANG="$locale" LC_ALL="$locale" LOCPATH="$locpath" \
         CA_TEST_LANGUAGE="$language" "$@"
