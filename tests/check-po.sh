#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every language of po/LINGUAS is complete: `msgfmt --check` passes (formats,
# plural forms, header) and no message is fuzzy or untranslated, counted against
# a template made now from the sources of po/POTFILES.in, so a string added to the
# code but never merged into the .po files fails too. Prints TAP.
set -uo pipefail
cd "${1:?usage: check-po.sh SOURCE_ROOT}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The keywords of meson's i18n.gettext(preset: 'glib')
if ! xgettext --package-name=cluster-atlas --from-code=UTF-8 --add-comments \
     --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
     --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
     --keyword=ngettext:1,2 \
     --files-from=po/POTFILES.in --directory=. -o "$tmp/template.pot" 2>"$tmp/xgettext.log"; then
  echo "Bail out! xgettext failed: $(head -3 "$tmp/xgettext.log")"
  exit 1
fi

mapfile -t languages < <(grep -v '^#' po/LINGUAS | tr ' ' '\n' | sed '/^$/d')
echo "1..$(( ${#languages[@]} * 2 ))"
n=0
status=0
for lang in "${languages[@]}"; do
  n=$((n + 1))
  if out=$(msgfmt --check --statistics -o /dev/null "po/$lang.po" 2>&1); then
    echo "ok $n /po/$lang/msgfmt-check # $out"
  else
    echo "not ok $n /po/$lang/msgfmt-check"
    echo "$out" | sed 's/^/# /'
    status=1
  fi

  n=$((n + 1))
  msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" "po/$lang.po" "$tmp/template.pot"
  stats=$(msgfmt --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  untranslated=$(msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "po/$lang.po" | grep -c '^msgid ' || true)
  # msgattrib prints the header entry too when it prints anything
  [ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))
  [ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
  if [ "$untranslated" -eq 0 ] && [ "$fuzzy" -eq 0 ]; then
    echo "ok $n /po/$lang/complete # $stats"
  else
    echo "not ok $n /po/$lang/complete # $stats"
    msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep -A1 '^msgid ' | sed 's/^/# untranslated: /' | head -40
    msgattrib --only-fuzzy --no-obsolete "po/$lang.po" | grep -A1 '^msgid ' | sed 's/^/# fuzzy: /' | head -40
    status=1
  fi
done
exit $status
