#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A sync of a generated feed (about 14 MiB) from a SoupServer keeps the main
# loop responsive, and its unchanged re-sync (304) writes nothing. The bound is
# loose (the machine is shared, and the sanitizers slow everything): it catches
# a parse or import on the main thread, which stalls for seconds. tools/bench
# measures the europe feed against the real target.
#   sync-stall.sh SOURCE_ROOT CA_BENCH_SYNC
set -u
root=$1
bench=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "1..1"
if ! python3 "$root/tools/gen-feed" --clusters 300 --members 30 --projects 600 --events 4000 \
     -o "$dir/feed.json" >/dev/null 2>&1; then
  echo "not ok 1 /sync/stall # could not generate the feed"
  exit 1
fi
if out=$("$bench" "$dir/feed.json" --runs 1 --max-stall-ms 250 2>&1); then
  echo "$out" | sed 's/^/# /'
  echo "ok 1 /sync/stall"
else
  echo "$out" | sed 's/^/# /'
  echo "not ok 1 /sync/stall"
  exit 1
fi
