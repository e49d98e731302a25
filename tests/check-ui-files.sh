#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs `gtk4-builder-tool validate` on every .ui file under src/ui/. Prints TAP.
#
# GTK 4.8's tool cannot resolve libadwaita or app types on its own ("Failed to
# lookup template parent type AdwBin", "Invalid object type 'CaClusterPage'"), so it
# runs with UI_TYPES_PRELOAD (tests/ui-types-preload.c: libadwaita's parent types
# registered, the app's widget types exported) in LD_PRELOAD. It builds each template
# from the file, so a misspelt property, a wrong child type or bad XML fails here.
# Signal handlers are static functions the tool cannot see ("No function named
# `x`"): such a line is accepted only when the widget's .c binds x with
# gtk_widget_class_bind_template_callback, so a handler that is not bound still fails.
# The tool needs a display to instantiate widgets. Without the tool or a display the test
# fails and says why: a skip would let a broken .ui file pass (it once hid one).
set -uo pipefail
src=${1:?usage: check-ui-files.sh SOURCE_ROOT}
tool=$(command -v gtk4-builder-tool || true)
mapfile -t files < <(find "$src"/src/ui -name "*.ui" | sort)

if [ -z "$tool" ]; then
  echo "Bail out! gtk4-builder-tool is not installed (Debian: libgtk-4-bin, in tools/deps.sh)"
  exit 1
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "Bail out! no display: gtk4-builder-tool validate needs one (tools/test runs it under Xvfb)"
  exit 1
fi
if [ ! -f "${UI_TYPES_PRELOAD:-}" ]; then
  echo "Bail out! UI_TYPES_PRELOAD is not set to the built module"
  exit 1
fi

# A module built with the sanitizers needs their runtime loaded first
preload=$UI_TYPES_PRELOAD
asan=$(ldd "$UI_TYPES_PRELOAD" 2>/dev/null | awk '/libasan/ { print $3 }')
ubsan=$(ldd "$UI_TYPES_PRELOAD" 2>/dev/null | awk '/libubsan/ { print $3 }')
if [ -n "$asan" ]; then
  preload="$asan ${ubsan:+$ubsan }$UI_TYPES_PRELOAD"
  # The tool itself is not ours to hold to leak checks
  export ASAN_OPTIONS=detect_leaks=0
fi

echo "1..${#files[@]}"
status=0
n=0
for f in "${files[@]}"; do
  n=$((n + 1))
  name=$(basename "$f")
  # The tool prints its findings and still exits 0 on some of them: any output fails.
  out=$(LD_PRELOAD="$preload" "$tool" validate "$f" 2>&1)
  rc=$?
  csrc=${f%.ui}.c
  unbound=""
  while read -r line; do
    if [[ $line =~ ^No\ function\ named\ \`([A-Za-z0-9_]+)\`\.$ ]] && [ -f "$csrc" ] &&
       grep -qE "bind_template_callback \(widget_class, ${BASH_REMATCH[1]}\)" "$csrc"; then
      continue
    fi
    # Mesa's EGL on an X server without DRI3 (Xvfb) says so as GTK starts, newer Mesa
    # (Debian testing's) on every run: about the display, never about the file
    [[ $line == "libEGL warning: "* ]] && continue
    unbound+="$line"$'\n'
  done <<<"$out"
  out=${unbound%$'\n'}
  # With every finding a bound handler, the tool's own exit status is that of the last one
  [ -z "$out" ] && rc=0
  if [ $rc -eq 0 ] && [ -z "$out" ]; then
    echo "ok $n /ui/validate/$name"
  else
    echo "not ok $n /ui/validate/$name"
    echo "$out" | sed 's/^/# /'
    status=1
  fi
done
exit $status
