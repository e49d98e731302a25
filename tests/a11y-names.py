#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every control of Cluster Atlas's window has an accessible name.

Starts the real app on its built-in data (in a temporary store), reads its
accessibility tree over AT-SPI the way a screen reader does, visits each view
through the view switcher (My Schedule too), the Clusters list's Filters popover,
the search's results and a section of them shown in full,
What's New (its header-bar button and popover), Preferences and its Feeds page (and its
Add a Calendar dialog) and the About dialog,
and fails naming every button, toggle, drop-down or entry that a screen reader
would announce without a name. Needs a display and a
session bus (tools/test provides both); prints TAP.
"""

import os
import re
import subprocess
import sys
import time

if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
    print("Bail out! no display (tools/test runs this under Xvfb with a session bus)")
    sys.exit(1)

import pyatspi  # noqa: E402  (Debian's python3-pyatspi)

from atspi_app import press, running_app, walk  # noqa: E402

CONTROLS = {
    pyatspi.ROLE_PUSH_BUTTON,
    pyatspi.ROLE_TOGGLE_BUTTON,
    pyatspi.ROLE_COMBO_BOX,
    pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON,
    pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_TEXT,
    pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_SLIDER,
}


# GTK 4.8 names a control it knows no name for after its type ("GtkButton",
# "GtkImage"): a screen reader would read that out, so it counts as no name.
TYPE_NAME = re.compile(r"^(Gtk|Adw|Ca)[A-Z][A-Za-z]*$")
# GTK 4.8 may build a button's name from its mnemonic label, underscore and all
# ("_Retry Retry"): a screen reader would read the underscore out
MNEMONIC = re.compile(r"(^|\s)_\w")


def nameless(app, within=None):
    """The controls without a name, under the dialog named within when given."""
    found = []
    checked = 0
    root = app
    if within is not None:
        root = next((node for node, role, _ in walk(app)
                     if role == pyatspi.ROLE_DIALOG and node.name == within), None)
        if root is None:
            return 0, [f"no dialog named {within}"]
    for node, role, path in walk(root):
        if role not in CONTROLS:
            continue
        checked += 1
        name = (node.name or "").strip()
        labelled = any(r.getRelationType() == pyatspi.RELATION_LABELLED_BY
                       for r in node.getRelationSet())
        # A drop-down's inner toggle is GTK's own part: the named combo box is announced
        parent = node.parent
        if parent is not None and parent.getRole() == pyatspi.ROLE_COMBO_BOX and parent.name:
            continue
        # Text areas that only show text need no name; editable ones do
        if role == pyatspi.ROLE_TEXT and not node.getState().contains(pyatspi.STATE_EDITABLE):
            continue
        if MNEMONIC.search(name):
            found.append(" > ".join(path[-4:]) + f" (name with a mnemonic underscore: {name})")
            continue
        if (not name or TYPE_NAME.match(name)) and not labelled:
            try:
                near = [c.name for c in node.parent if c is not None and c.name][:3]
            except Exception:
                near = []
            found.append(" > ".join(path[-4:]) + f" ({name or 'no name'}; beside {near})")
    return checked, found


BUTTON_ROLES = (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_PUSH_BUTTON_MENU)


def press_row(app, label, roles=BUTTON_ROLES):
    """Clicks the row named label where it shows (label ending in "…*": any name that
    starts with the rest): libadwaita's button rows and list rows offer no action over
    AT-SPI"""
    for node, role, _ in walk(app):
        name = node.name or ""
        matches = name.startswith(label[:-1]) if label.endswith("*") else name == label
        if not matches or role not in roles:
            continue
        try:
            if not node.getState().contains(pyatspi.STATE_SHOWING):
                continue
            # GTK 4 on X11 knows where a widget is in its window, not on the screen
            box = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        except Exception:
            continue
        if box.width <= 0 or box.height <= 0:
            continue
        window = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^Cluster Atlas$",
                                 "getwindowgeometry", "--shell"],
                                capture_output=True, text=True, check=False).stdout
        origin = dict(line.split("=", 1) for line in window.splitlines() if "=" in line)
        x = int(origin.get("X", 0)) + box.x + box.width // 2
        y = int(origin.get("Y", 0)) + box.y + box.height // 2
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=False)
        return True
    return False


def activate(env, action):
    """Activates one of the app's actions over the session bus (org.gtk.Actions)."""
    subprocess.run(["gdbus", "call", "--session",
                    "--dest", "io.github.clusteratlas.ClusterAtlas",
                    "--object-path", "/io/github/clusteratlas/ClusterAtlas",
                    "--method", "org.gtk.Actions.Activate", action, "[]", "{}"],
                   env=env, check=False, stdout=subprocess.DEVNULL)


def main():
    with running_app(os.environ["CLUSTER_ATLAS"]) as (app, env):
        results = []
        for view in ("Clusters", "Members", "Calendar", "Schedule"):
            if not press(app, view):
                results.append((view, (0, [])))
                continue
            time.sleep(1.5)
            results.append((view, nameless(app)))
            # The Clusters list's Filters popover: its drop-downs and Clear Filters
            if view == "Clusters":
                if press(app, "Filters"):
                    time.sleep(1.5)
                    checked, missing = nameless(app)
                    popover = [node for node, role, _ in walk(app)
                               if role == pyatspi.ROLE_COMBO_BOX]
                    if len(popover) < 4:
                        missing = missing + [f"{len(popover)} drop-downs shown, not 4"]
                    results.append(("Clusters-Filters", (checked, missing)))
                    subprocess.run(["xdotool", "key", "Escape"], check=False)
                    time.sleep(1)
                else:
                    results.append(("Clusters-Filters", (0, ["no Filters button"])))
        # Search, typed as one does (Ctrl+F, then the words): its sections with
        # "Show all N", then one section shown in full
        subprocess.run(["xdotool", "key", "ctrl+f"], check=False)
        time.sleep(0.5)
        subprocess.run(["xdotool", "type", "--delay", "60", "cluster"], check=False)
        time.sleep(2)
        results.append(("Search", nameless(app)))
        if press_row(app, "Show all *", roles=(pyatspi.ROLE_LABEL,)):
            time.sleep(1.5)
            checked, missing = nameless(app)
            if not any(node.name == "All Results" for node, role, _ in walk(app)
                       if role == pyatspi.ROLE_PUSH_BUTTON):
                missing = missing + ["no All Results button: the section did not show"]
            results.append(("Search-Section", (checked, missing)))
        else:
            results.append(("Search-Section", (0, ["no Show all row showing"])))
        # Escape: from the section back to every section, then the search closed
        subprocess.run(["xdotool", "key", "Escape"], check=False)
        time.sleep(1)
        subprocess.run(["xdotool", "key", "Escape"], check=False)
        time.sleep(1)
        # What's New: the header bar's button (its name says how many changes are
        # unseen: "What's New, 3 unseen changes") and its popover
        whats_new = next((node.name for node, role, _ in walk(app)
                          if role in (pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_PUSH_BUTTON)
                          and (node.name or "").startswith("What’s New")), None)
        if whats_new is not None and press(app, whats_new):
            time.sleep(1.5)
            results.append(("WhatsNew", nameless(app)))
            subprocess.run(["xdotool", "key", "Escape"], check=False)
            time.sleep(1)
        else:
            results.append(("WhatsNew", (0, ["no button named What’s New"])))
        # Preferences, through the app's own action on the session bus (as its
        # menu item and Ctrl+, do); then its Feeds page
        activate(env, "preferences")
        time.sleep(1.5)
        results.append(("Preferences", nameless(app)))
        if press(app, "Feeds"):
            time.sleep(1.5)
            results.append(("Preferences-Feeds", nameless(app)))
        else:
            results.append(("Preferences-Feeds", (0, [])))
        # The Feeds page's "Add a Calendar…" dialog, closed on Escape
        if press_row(app, "Add a Calendar…"):
            time.sleep(1.5)
            results.append(("Add-a-Calendar", nameless(app, within="Add a Calendar")))
            subprocess.run(["xdotool", "key", "Escape"], check=False)
            time.sleep(1)
        else:
            results.append(("Add-a-Calendar", (0, ["no Add a Calendar… row showing"])))
        # The dialog closes on Escape, as a user would close it; then About
        subprocess.run(["xdotool", "key", "Escape"], check=False)
        time.sleep(1)
        activate(env, "about")
        time.sleep(1.5)
        results.append(("About", nameless(app, within="About")))
        print(f"1..{len(results)}")
        failed = 0
        for n, (view, (checked, missing)) in enumerate(results, 1):
            if checked == 0:
                failed += 1
                print(f"not ok {n} /a11y/names/{view}: no control found to check"
                      + "".join(f" ({m})" for m in missing))
            elif missing:
                failed += 1
                print(f"not ok {n} /a11y/names/{view}: {len(missing)} controls without a name")
                for where in sorted(set(missing)):
                    print(f"# {where}")
            else:
                print(f"ok {n} /a11y/names/{view} # {checked} controls, all named")
        return 1 if failed else 0


sys.exit(main())
