#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Typing into Cluster Atlas's window starts a search, as GNOME apps do.

Starts the real app on its built-in data (in a temporary store), types "mech" as
key presses from the X server (xdotool, through XTest), and checks over AT-SPI that the search entry came up and that the results hold
an event found by that text alone: the founding meeting of the Cluster Green
Technology and Mechanical Engineering (the Calendar is not built before, so
nothing else shows it). GTK 4.8 does not expose the entry's text over AT-SPI. Needs a display and
a session bus (tools/test provides both); prints TAP.
"""

import os
import subprocess
import sys
import time

if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
    print("Bail out! no display (tools/test runs this under Xvfb with a session bus)")
    sys.exit(1)

import pyatspi  # noqa: E402  (Debian's python3-pyatspi)

from atspi_app import running_app, walk  # noqa: E402

TYPED = "mech"
EXPECTED = "Founding meeting of the Cluster Green Technology and Mechanical Engineering"


def search_entry_shown(app):
    return any(role == pyatspi.ROLE_ENTRY and node.name == "Search"
               for node, role, _ in walk(app))


def result_shown(app):
    return any(node.name and node.name.startswith(EXPECTED) for node, _, _ in walk(app))


def wait_for(check, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        if check():
            return True
        time.sleep(0.2)
    return check()


def main():
    with running_app(os.environ["CLUSTER_ATLAS"]) as (app, _env):
        print("1..2")
        if search_entry_shown(app) or result_shown(app):
            print("not ok 1 /type-to-search/entry: a search shows before any typing")
            return 1
        subprocess.run(["xdotool", "type", "--delay", "80", TYPED], check=True)
        typed = wait_for(lambda: search_entry_shown(app))
        if typed:
            print(f"ok 1 /type-to-search/entry # typing \"{TYPED}\" brought up the search")
        else:
            print(f"not ok 1 /type-to-search/entry: typing \"{TYPED}\" brought up no search")
        found = wait_for(lambda: result_shown(app))
        if found:
            print(f"ok 2 /type-to-search/results # {EXPECTED}")
        else:
            print(f"not ok 2 /type-to-search/results: \"{EXPECTED}\" is not shown")
        return 0 if typed and found else 1


sys.exit(main())
