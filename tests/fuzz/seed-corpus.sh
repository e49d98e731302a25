#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fills a libFuzzer corpus directory with seed feeds:
#   tests/fuzz/seed-corpus.sh [DIR]      (default: _build-fuzz/corpus)
# Seeds: tests/fixtures/*.json, data/default-feed.json and a few small
# generated feeds (tools/gen-feed). Files already there are kept.
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")/../.."
dir=${1:-_build-fuzz/corpus}
mkdir -p "$dir"

shopt -s nullglob
for f in tests/fixtures/*.json data/default-feed.json; do
  cp -- "$f" "$dir/seed-$(basename "$f")"
done

tools/gen-feed --preset tiny -o "$dir/seed-gen-tiny.json"
tools/gen-feed --clusters 1 --members 1 --projects 1 --events 3 --seed 2 -o "$dir/seed-gen-1.json"
tools/gen-feed --clusters 1 --members 0 --projects 0 --events 0 --seed 3 -o "$dir/seed-gen-empty.json"
printf '{"format":"cluster-feed","version":1,"clusters":[]}' >"$dir/seed-minimal.json"

# The iCalendar target's corpus (fuzz-ics-parser): the calendars of tests/fixtures/ics
mkdir -p "$dir-ics"
for f in tests/fixtures/ics/*.ics; do
  cp -- "$f" "$dir-ics/seed-$(basename "$f")"
done
echo "$(find "$dir-ics" -maxdepth 1 -type f | wc -l) files in $dir-ics"

echo "$(find "$dir" -maxdepth 1 -type f | wc -l) files in $dir"
