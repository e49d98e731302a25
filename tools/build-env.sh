# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by tools/run, tools/test, tools/dev, tools/bench and tools/screenshots: where
# Cluster Atlas builds, and how a command gets there.
#
#   ca_enter_build_env SCRIPT ARGS…   on a host older than the platform floor, runs
#                                     SCRIPT ARGS… again inside the Debian 13 build
#                                     root (tools/build-root) and exits with its status;
#                                     on a host that has the floor, returns and the
#                                     script goes on natively
#   ca_build [TARGET…]                installs missing dependencies, configures
#                                     $CA_BUILD_DIR and builds
#   ca_headless_wrap [always]         sets CA_WRAP to the words that give a command a
#                                     display (Xvfb) and a private session bus: when it
#                                     has no display of its own, or always (the tests)
#
# CA_BUILD_DIR is _build for a native build and _build-root inside the root
# (_build-root-SUITE in a root of CA_BUILD_SUITE), so none share a configuration.
# CA_NATIVE=1 forces a native build, CA_NATIVE=0 the root.

. "$(dirname "${BASH_SOURCE[0]}")/deps.sh"

ca_src_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# What a build directory's name ends with: nothing natively, -root in the build root,
# -root-SUITE in a root of another Debian (CA_BUILD_SUITE, tools/build-root)
ca_build_tag=""
if [ -n "${CA_IN_BUILD_ROOT:-}" ]; then
  ca_build_tag=-root
  if [ "${CA_BUILD_SUITE:-$CA_FLOOR_SUITE}" != "$CA_FLOOR_SUITE" ]; then
    ca_build_tag=-root-$CA_BUILD_SUITE
  fi
fi
CA_BUILD_DIR=${CA_BUILD_DIR:-_build$ca_build_tag}

# Prints "pkg-config-module debian-package version" for each entry of meson.build's floor.
ca_floor () {
  local key version
  declare -A module=(
    [glib]="glib-2.0 libglib2.0-dev" [gtk]="gtk4 libgtk-4-dev"
    [adwaita]="libadwaita-1 libadwaita-1-dev" [soup]="libsoup-3.0 libsoup-3.0-dev"
    [json-glib]="json-glib-1.0 libjson-glib-dev" [sqlite]="sqlite3 libsqlite3-dev"
    [secret]="libsecret-1 libsecret-1-dev" [libical]="libical libical-dev"
    [libxml]="libxml-2.0 libxml2-dev"
  )
  sed -n "/^floor = {/,/^}/ s/^ *'\([a-z-]*\)': '\([0-9.]*\)',*$/\1 \2/p" \
    "$ca_src_dir/meson.build" |
  while read -r key version; do
    [ -n "${module[$key]:-}" ] || { echo "build-env: unknown floor entry $key" >&2; return 1; }
    echo "${module[$key]} $version"
  done
}

# Whether this host can build at the floor: every library is installed at the floor's
# version or newer, or (on Debian) apt would install such a version.
ca_host_has_floor () {
  local floor module package version have
  floor=$(ca_floor) || return 1
  [ -n "$floor" ] || { echo "build-env: no floor found in meson.build" >&2; return 1; }
  while read -r module package version; do
    have=""
    if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$module"; then
      have=$(pkg-config --modversion "$module")
    elif command -v apt-cache >/dev/null 2>&1; then
      have=$(apt-cache policy "$package" 2>/dev/null | awk '/Candidate:/ { print $2 }')
      [ "$have" = "(none)" ] && have=""
    fi
    if [ -z "$have" ] || ! dpkg --compare-versions "$have" ge "$version" 2>/dev/null; then
      echo "build-env: $package ${have:-is not available}, the floor is $version" >&2
      return 1
    fi
  done <<<"$floor"
}

ca_enter_build_env () {
  local script
  script=$(readlink -f "$1")
  shift
  [ -n "${CA_IN_BUILD_ROOT:-}" ] && return 0
  if [ "${CA_BUILD_SUITE:-$CA_FLOOR_SUITE}" != "$CA_FLOOR_SUITE" ]; then
    echo "build-env: CA_BUILD_SUITE=$CA_BUILD_SUITE: using the build root of Debian $CA_BUILD_SUITE" >&2
    exec "$ca_src_dir/tools/build-root" enter "$script" "$@"
  fi
  case "${CA_NATIVE:-}" in
    1) return 0 ;;
    0) ;;
    *) ca_host_has_floor 2>/dev/null && return 0 ;;
  esac
  ca_host_has_floor || true
  echo "build-env: this host is older than the platform floor; using the Debian 13 build root" >&2
  exec "$ca_src_dir/tools/build-root" enter "$script" "$@"
}

ca_build () {
  ca_install_missing_deps || echo "build-env: could not install every dependency; trying the build anyway" >&2
  if [ ! -f "$CA_BUILD_DIR/build.ninja" ]; then
    meson setup "$CA_BUILD_DIR"
  fi
  ninja -C "$CA_BUILD_DIR" "$@"
}

ca_headless_wrap () {
  CA_WRAP=()
  if [ "${1:-}" = always ] || { [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; }; then
    # -noreset: by default the server resets whenever its last client leaves, and an
    # AT-SPI test that started the app in the second the test before it ended now and
    # then found no display.
    CA_WRAP+=(xvfb-run -a -s "-screen 0 1280x1024x24 -noreset")
    CA_WRAP+=(dbus-run-session --)
  elif [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
    CA_WRAP+=(dbus-run-session --)
  fi
}
