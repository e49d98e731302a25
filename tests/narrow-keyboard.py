#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""In a narrow window the Clusters and Members views work from the keyboard alone.

Starts the real app on its built-in data (in a temporary store), makes its window
360 px wide (xdotool), and in each of the two views presses keys from the X server
(xdotool, through XTest): Tab to a row of the list, Return to open its page in the
list's place with the focus on its heading (the record's name), Escape and Alt+Left to
go back to the list, Shift+Tab to the page's back button and Space on it. Which pane shows and what
has the focus are read over AT-SPI, as a screen reader would. Needs a display and a
session bus (tools/test provides both); prints TAP.
"""

import os
import subprocess
import sys
import time

if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
    print("1..0 # SKIP no display")
    sys.exit(0)

import pyatspi  # noqa: E402  (Debian's python3-pyatspi)

from atspi_app import running_app, walk  # noqa: E402

VIEWS = (
    # view, its key, the back button's accessible name
    ("Clusters", "alt+1", "Back to the clusters"),
    ("Members", "alt+2", "Back to the members"),
)


def focused(app):
    for node, role, _ in walk(app):
        if node.getState().contains(pyatspi.STATE_FOCUSED):
            return role, node.name
    return None, None


def showing(app, name):
    return any(node.name == name and node.getState().contains(pyatspi.STATE_SHOWING)
               for node, _, _ in walk(app))


def wait_for(check, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        if check():
            return True
        time.sleep(0.2)
    return check()


def key(window, keys):
    subprocess.run(["xdotool", "key", "--window", window, keys], check=True)


def on_heading(app):
    return focused(app)[0] == pyatspi.ROLE_HEADING


def in_list(app):
    return focused(app)[0] in (pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_TABLE_ROW,
                               pyatspi.ROLE_TABLE_CELL)


def check_view(app, window, view, view_key, back):
    """Returns None, or what went wrong"""
    key(window, view_key)
    time.sleep(1.5)
    if showing(app, back):
        return f"the {view} view shows its page before a row is opened"
    for _ in range(12):
        if in_list(app):
            break
        key(window, "Tab")
        time.sleep(0.3)
    if not in_list(app):
        return f"Tab never reached a row of the {view} list (focus: {focused(app)})"

    key(window, "Return")
    if not wait_for(lambda: on_heading(app) and showing(app, back)):
        return f"Return on a row did not bring the page, focus on its heading " \
               f"(focus: {focused(app)})"
    key(window, "Escape")
    if not wait_for(lambda: in_list(app) and not showing(app, back)):
        return f"Escape did not go back to the list (focus: {focused(app)})"

    key(window, "Return")
    if not wait_for(lambda: showing(app, back)):
        return "Return did not open the page a second time"
    key(window, "alt+Left")
    if not wait_for(lambda: in_list(app) and not showing(app, back)):
        return f"Alt+Left did not go back to the list (focus: {focused(app)})"

    # The back button itself, one Shift+Tab from the heading, pressed from the keyboard
    key(window, "Return")
    if not wait_for(lambda: on_heading(app)):
        return "Return did not open the page a third time"
    key(window, "shift+Tab")
    if not wait_for(lambda: focused(app) == (pyatspi.ROLE_PUSH_BUTTON, back)):
        return f"Shift+Tab from the heading did not reach the back button (focus: {focused(app)})"
    key(window, "space")
    if not wait_for(lambda: in_list(app) and not showing(app, back)):
        return f"Space on the back button did not go back to the list (focus: {focused(app)})"
    return None


def main():
    with running_app(os.environ["CLUSTER_ATLAS"]) as (app, _env):
        found = subprocess.run(["xdotool", "search", "--name", "^Cluster Atlas$"],
                               capture_output=True, text=True, check=False).stdout.split()
        print(f"1..{len(VIEWS)}")
        if not found:
            print("not ok 1 the window was not found on the X server")
            return 1
        window = found[0]
        subprocess.run(["xdotool", "windowsize", window, "360", "700"], check=True)
        time.sleep(2)
        failed = 0
        for n, (view, view_key, back) in enumerate(VIEWS, 1):
            problem = check_view(app, window, view, view_key, back)
            if problem:
                failed += 1
                print(f"not ok {n} /narrow-keyboard/{view.lower()}: {problem}")
            else:
                print(f"ok {n} /narrow-keyboard/{view.lower()} # Tab, Return to the heading, "
                      "Escape, Alt+Left, Shift+Tab to the back button")
        return 1 if failed else 0


sys.exit(main())
