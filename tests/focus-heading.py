#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A click on a list row puts the focus on the page's heading, and selects no text.

Starts the real app on its built-in data (in a temporary store), and in the
Clusters and Members views clicks a row of the list with the pointer (a
real click from the X server, xdotool). Read over AT-SPI as a screen reader would:
the focus is then on a heading that names the record, and no text of the window is
selected (a selectable label that takes the focus selects all its text). Needs a
display and a session bus (tools/test provides both); prints TAP.
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

ROWS = (pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_TABLE_ROW, pyatspi.ROLE_TABLE_CELL)
VIEWS = (
    # view, its key, the name a row of its list starts with
    ("clusters", "alt+1", "Cleantech Bulgaria"),
    ("members", "alt+2", "Cleantech Bulgaria Foundation"),
)


def focused(app):
    for node, role, _ in walk(app):
        if node.getState().contains(pyatspi.STATE_FOCUSED):
            return node, role
    return None, None


def selected_texts(app):
    found = []
    for node, _, path in walk(app):
        try:
            text = node.queryText()
        except NotImplementedError:
            continue
        except Exception:
            continue
        if text.getNSelections() > 0:
            found.append(f"{' > '.join(path[-3:])}: {node.name or text.getText(0, 40)!r}")
    return found


def first_row(app, name):
    """A row of the view shown: the one whose name starts with name, or the first"""
    for node, role, _ in walk(app):
        if role not in ROWS or not node.getState().contains(pyatspi.STATE_SHOWING):
            continue
        # A table's row of column headers is no record
        if any(c is not None and c.getRole() == pyatspi.ROLE_COLUMN_HEADER for c in node):
            continue
        label = node.name or " ".join(c.name for c in node if c is not None and c.name)
        if name is None or label.startswith(name):
            return node, label
    return None, None


def wait_for(check, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    return check()


def check_view(app, window, view_key, name):
    """Returns None, or what went wrong"""
    subprocess.run(["xdotool", "key", "--window", window, view_key], check=True)
    time.sleep(1.5)
    found = wait_for(lambda: first_row(app, name)[0] is not None and first_row(app, name))
    if not found:
        return "no row of the list is on screen"
    row, label = found
    # GTK gives a widget's place in its window; the window's place is the X server's
    box = row.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    geometry = subprocess.run(["xdotool", "getwindowgeometry", "--shell", window],
                              capture_output=True, text=True, check=True).stdout
    at = dict(line.split("=", 1) for line in geometry.split())
    x = int(at["X"]) + box.x + min(box.width // 2, 60)
    y = int(at["Y"]) + box.y + box.height // 2
    print(f"# clicking {label!r} at {x},{y} (in the window {box.x},{box.y} {box.width}x{box.height})")
    subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=True)

    def on_heading():
        node, role = focused(app)
        return role == pyatspi.ROLE_HEADING and bool(node.name)
    if not wait_for(on_heading):
        node, role = focused(app)
        return (f"after a click on {label!r} the focus is on "
                f"{pyatspi.Role(role) if role is not None else 'nothing'} "
                f"{node.name if node is not None else ''!r}, not the page's heading")
    heading = focused(app)[0].name
    if name is not None and heading != name:
        return f"the heading says {heading!r}, not {name!r}"
    selected = selected_texts(app)
    if selected:
        return "text selected after the click: " + "; ".join(selected[:3])
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
        subprocess.run(["xdotool", "windowsize", window, "1100", "760"], check=True)
        time.sleep(1.5)
        failed = 0
        for n, (view, view_key, name) in enumerate(VIEWS, 1):
            problem = check_view(app, window, view_key, name)
            if problem:
                failed += 1
                print(f"not ok {n} /focus-heading/{view}: {problem}")
            else:
                print(f"ok {n} /focus-heading/{view} # a click on a row: the focus on the "
                      "page's heading, no text selected")
        return 1 if failed else 0


sys.exit(main())
