#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ca-bench-exec, with which tools/bench times every program's first frame from exec:
# it finds a real GTK frame (not the black background the server fills a window
# with as it maps it), fails for a program that draws no window, and ends the
# program's whole process group when it gives up. Runs its own Xvfb: the tool
# needs X11 with DAMAGE and no compositor, whatever display the caller has.
#   bench-exec.sh CA_BENCH_EXEC CA_BENCH_UI
set -u
tool=$1
ui=$2

# The TAP goes past the bus on fd 3: the services it starts write to its stdout
case "${CA_BENCH_EXEC_INSIDE:-}" in
  '') CA_BENCH_EXEC_INSIDE=x11 exec xvfb-run -a -s "-screen 0 1600x1000x24 -noreset" "$0" "$@" ;;
  x11) CA_BENCH_EXEC_INSIDE=bus exec dbus-run-session -- "$0" "$@" 3>&1 >/dev/null \
         2> >(grep -v '^dbus-daemon' >&2) ;;
  bus) exec >&3 3>&- ;;
esac

export GSETTINGS_BACKEND=memory GSK_RENDERER=cairo NO_AT_BRIDGE=1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "1..4"

status=0
result () {    # N NAME: ok when the last check passed
  if [ "$checked" -eq 0 ]; then
    echo "ok $1 $2"
  else
    echo "not ok $1 $2"
    status=1
  fi
}

# 1: an empty AdwApplicationWindow's first frame, and what it showed then
checked=0
"$tool" --snapshot "$dir/first.ppm" -- "$ui" empty-app >"$dir/out1" 2>"$dir/err1"
rc=$?
sed 's/^/# /' "$dir/out1" "$dir/err1"
if [ "$rc" -ne 0 ] ||
   ! grep -qE '^first_pixels_ms=[0-9]+\.[0-9]$' "$dir/out1" ||
   ! grep -qx 'window_size=1100×720' "$dir/out1"; then
  checked=1
elif ! python3 - "$dir/first.ppm" <<'PY'
import sys

data = open(sys.argv[1], 'rb').read()
magic, size, depth, pixels = data.split(b'\n', 3)
width, height = map(int, size.split())
assert magic == b'P6' and depth == b'255' and len(pixels) == width * height * 3
colours = {pixels[i:i + 3] for i in range(0, len(pixels), 3)}
centre = (height // 2 * width + width // 2) * 3
# GTK's frame: a light window inside a border, not the server's black fill
print(f'# {width}×{height}, {len(colours)} colours, centre {pixels[centre:centre + 3].hex()}')
sys.exit(0 if len(colours) >= 2 and min(pixels[centre:centre + 3]) > 0x80 else 1)
PY
then
  checked=1
fi
result 1 /bench-exec/first-frame

# 2: a program that exits without a window
checked=0
"$tool" --timeout 10 -- true >"$dir/out2" 2>"$dir/err2"
rc=$?
sed 's/^/# /' "$dir/err2"
if [ "$rc" -ne 1 ] || [ -s "$dir/out2" ] || ! grep -q 'exited before it drew a window' "$dir/err2"; then
  checked=1
fi
result 2 /bench-exec/no-window

# 3: one that draws nothing in time, with a helper of its own: both are ended
checked=0
# shellcheck disable=SC2016 # expanded by the inner shell
"$tool" --timeout 1 -- bash -c 'sleep 60 & echo $! >"$1"; wait' bash "$dir/helper" \
  >/dev/null 2>"$dir/err3"
rc=$?
sed 's/^/# /' "$dir/err3"
sleep 0.2
# Ended: gone, or a zombie (an init that is slow to reap it is not our business)
helper_state=$(awk '{ print $3 }' "/proc/$(cat "$dir/helper" 2>/dev/null)/stat" 2>/dev/null)
echo "# helper's state: ${helper_state:-gone}"
if [ "$rc" -ne 1 ] || ! grep -q 'mapped no window in time' "$dir/err3" ||
   [ ! -s "$dir/helper" ] || { [ -n "$helper_state" ] && [ "$helper_state" != Z ]; }; then
  checked=1
fi
result 3 /bench-exec/timeout-ends-group

# 4: no command
checked=0
"$tool" --timeout 1 >/dev/null 2>&1
[ $? -eq 2 ] || checked=1
result 4 /bench-exec/usage

exit "$status"
