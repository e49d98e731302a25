#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Typing into Cluster Atlas's window starts a search, as GNOME apps do; and in the
Calendar, Ctrl+P and Ctrl+E bring up printing and exporting.

Starts the real app on its built-in data (in a temporary store), types "mech" as
key presses from the X server (xdotool, through XTest), and checks over AT-SPI that the search entry came up and that the results hold
an event found by that text alone: the founding meeting of the Cluster Green
Technology and Mechanical Engineering (the Calendar is not built before, so
nothing else shows it). GTK 4.8 does not expose the entry's text over AT-SPI. Then
Alt+3 shows the Calendar, and the keys a user presses there, from the X server too:
Ctrl+P brings up the "Print Schedule" dialog and Escape closes it; Ctrl+E brings up the
file chooser that saves the events ("Save Events as iCalendar", GTK's own window with no
portal on the test's bus) and Escape closes it. Needs a display and a session bus
(tools/test provides both); prints TAP.
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


PRINT_TITLE = "Print Schedule"
EXPORT_TITLE = "Save Events as iCalendar"


def shown_named(app, name, roles):
    """A window or dialog of the app's, with that name, on screen"""
    for node, role, _ in walk(app):
        if role in roles and node.name == name:
            try:
                if node.getState().contains(pyatspi.STATE_SHOWING):
                    return True
            except Exception:
                pass
    return False


def print_dialog_shown(app):
    return shown_named(app, PRINT_TITLE, (pyatspi.ROLE_DIALOG, pyatspi.ROLE_FRAME,
                                          pyatspi.ROLE_ALERT))


def export_dialog_shown(app):
    return shown_named(app, EXPORT_TITLE, (pyatspi.ROLE_DIALOG, pyatspi.ROLE_FRAME,
                                           pyatspi.ROLE_FILE_CHOOSER))


def key(*keys):
    subprocess.run(["xdotool", "key", "--delay", "80", *keys], check=True)


def print_and_export(app):
    """Ctrl+P and Ctrl+E in the Calendar: each dialog comes up, and Escape closes it"""
    results = []
    key("Escape", "alt+3")
    time.sleep(1.5)
    key("ctrl+p")
    shown = wait_for(lambda: print_dialog_shown(app))
    key("Escape")
    closed = shown and wait_for(lambda: not print_dialog_shown(app))
    results.append(("/calendar-keys/ctrl-p", shown and closed,
                    f"Ctrl+P brought up \"{PRINT_TITLE}\"; Escape closed it" if shown and closed
                    else f"\"{PRINT_TITLE}\" " + ("did not close on Escape" if shown
                                                    else "did not come up on Ctrl+P")))
    key("ctrl+e")
    shown = wait_for(lambda: export_dialog_shown(app))
    time.sleep(0.5)
    key("Escape")
    closed = shown and wait_for(lambda: not export_dialog_shown(app))
    results.append(("/calendar-keys/ctrl-e", shown and closed,
                    f"Ctrl+E brought up \"{EXPORT_TITLE}\"; Escape closed it" if shown and closed
                    else f"\"{EXPORT_TITLE}\" " + ("did not close on Escape" if shown
                                                     else "did not come up on Ctrl+E")))
    return results


def wait_for(check, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        if check():
            return True
        time.sleep(0.2)
    return check()


def main():
    with running_app(os.environ["CLUSTER_ATLAS"]) as (app, _env):
        print("1..4")
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
        keys_ok = True
        for n, (path, ok, note) in enumerate(print_and_export(app), start=3):
            print(f"ok {n} {path} # {note}" if ok else f"not ok {n} {path}: {note}")
            keys_ok = keys_ok and ok
        return 0 if typed and found and keys_ok else 1


sys.exit(main())
