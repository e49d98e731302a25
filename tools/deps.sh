# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by tools/build-env.sh and tools/build-root: the Debian packages needed to
# build Cluster Atlas and run its tests, and a way to install the missing ones.

# The Debian release that ships the platform floor: the build root's, unless
# CA_BUILD_SUITE names another (tools/build-root)
CA_FLOOR_SUITE=trixie

# libxml2-utils: xmllint strips the blanks of the .ui files in the GResource.
# libgtk-4-bin brings gtk4-builder-tool (the ui-files test); without librsvg2-common the
# symbolic icons, the view switcher's among them, draw as broken images. libx11-dev and
# libxdamage-dev build tools/ca-bench-exec (tools/bench's first frame from exec).
CA_DEPS=(
  meson ninja-build pkg-config gcc
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libgtk-4-bin libadwaita-1-dev librsvg2-common
  libsoup-3.0-dev libjson-glib-dev libsqlite3-dev libical-dev libxml2-dev libx11-dev libxdamage-dev
  libsecret-1-dev gnome-keyring
  gettext desktop-file-utils appstream libxml2-utils
  xvfb xauth dbus dbus-x11 at-spi2-core python3-pyatspi xdotool
  jq poppler-utils python3 ca-certificates
  iso-codes locales fonts-dejavu-core flatpak-builder openssl glib-networking
)

# Prints the packages of CA_DEPS that are not installed, one per line.
ca_missing_deps () {
  local pkg
  for pkg in "${CA_DEPS[@]}"; do
    if ! dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
      echo "$pkg"
    fi
  done
}

# Runs a command as root: directly when root, else through sudo.
ca_as_root () {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "deps: need root (or sudo) to run: $*" >&2
    return 1
  fi
}

# Installs the packages of CA_DEPS that are missing; does nothing when all are there
# or when dpkg is not available (not Debian: the build reports what it lacks).
ca_install_missing_deps () {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing
  mapfile -t missing < <(ca_missing_deps)
  [ "${#missing[@]}" -eq 0 ] && return 0
  echo "deps: installing ${missing[*]}" >&2
  ca_as_root apt-get update &&
  ca_as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
}
