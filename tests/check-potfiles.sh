#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a source file has translatable strings but is missing from
# po/POTFILES.in (its strings would never reach the translators), or when
# POTFILES.in names a file that does not exist. Prints TAP.
set -euo pipefail
cd "${1:?usage: check-potfiles.sh SOURCE_ROOT}"

listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort)
marked=$( {
  grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext)[[:space:]]*\(' --include='*.c' src || true
  grep -rl 'translatable="yes"' --include='*.ui' src || true
  grep -rlE '<(summary|description)>' --include='*.gschema.xml' data || true
  # Desktop file and metainfo are translated whole by i18n.merge_file
  ls data/*.desktop.in data/*.metainfo.xml.in 2>/dev/null || true
} | sort -u)

echo "1..2"
missing=$(comm -13 <(echo "$listed") <(echo "$marked"))
if [ -z "$missing" ]; then
  echo "ok 1 /potfiles/every-marked-file-listed # $(echo "$marked" | wc -l) files"
else
  echo "not ok 1 /potfiles/every-marked-file-listed"
  echo "$missing" | sed 's/^/# not in po\/POTFILES.in: /'
fi
gone=$(while read -r f; do [ -e "$f" ] || echo "$f"; done <<<"$listed")
if [ -z "$gone" ]; then
  echo "ok 2 /potfiles/every-listed-file-exists"
else
  echo "not ok 2 /potfiles/every-listed-file-exists"
  echo "$gone" | sed 's/^/# no such file: /'
fi
[ -z "$missing" ] && [ -z "$gone" ]
