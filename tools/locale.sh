# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by tests/run-in-locale.sh, tools/screenshots and tools/schedule-screenshots:
# finds a UTF-8 locale, or builds it when the machine lacks it.
#
#   ca_locale_env NAME DIR    NAME is bg_BG, de_DE… (or C); DIR a scratch directory.
#                             Sets CA_LOCALE (e.g. bg_BG.UTF-8) and CA_LOCALE_ENV, the
#                             env assignments to run a program in it; returns 1 when
#                             the locale is neither installed nor buildable.
#
# An installed locale is used as it is. A missing one is built with localedef into DIR
# (needs the definitions of Debian's "locales" package), and only then is LOCPATH set:
# glibc ignores the system's locale archive under LOCPATH, so setting it for an
# installed locale would lose that locale. CA_BUILD_LOCALES=1 builds even an installed
# one, so the build path is tested on machines that have the locales too.

ca_locale_env () {
  local name=$1 dir=$2
  CA_LOCALE_ENV=()
  if [ "$name" = C ]; then
    CA_LOCALE=C.UTF-8
  elif [ -z "${CA_BUILD_LOCALES:-}" ] && locale -a 2>/dev/null | grep -qix "${name}.utf8"; then
    CA_LOCALE=$name.UTF-8
  elif [ -f "/usr/share/i18n/locales/$name" ] &&
       localedef -i "$name" -f UTF-8 "$dir/$name.UTF-8" >/dev/null 2>&1; then
    CA_LOCALE=$name.UTF-8
    CA_LOCALE_ENV=(LOCPATH="$dir")
  else
    CA_LOCALE=
    return 1
  fi
  CA_LOCALE_ENV+=(LANG="$CA_LOCALE" LC_ALL="$CA_LOCALE")
}
