#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The window's keys, pressed as a user presses them.

Starts the real app (in a temporary store, with a feed file subscribed), presses
keys as key presses from the X server (xdotool, through XTest) and reads what
they did over AT-SPI: Alt+1, 2, 3, 4 choose the view; Ctrl+F opens the search and
Escape closes it; Ctrl+, opens Preferences and Escape closes it; Ctrl+? opens the
keyboard shortcuts; Ctrl+R syncs the feed, changed on disk, and a toast names
what came; Ctrl+Q quits. Needs a display and a session bus (tools/test provides both);
prints TAP.
"""

import json
import os
import subprocess
import sys
import time

if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
    print("1..0 # SKIP no display")
    sys.exit(0)

import pyatspi  # noqa: E402  (Debian's python3-pyatspi)

from atspi_app import running_process, walk  # noqa: E402

PUBLISHER = "Keys Test Feed"


def feed(events):
    return {
        "format": "cluster-feed",
        "version": 1,
        "publisher": {"name": {"en": PUBLISHER}},
        "clusters": [{"id": "keys", "name": {"en": "Keys Cluster"}, "country": "BG"}],
        "events": [{"id": i, "title": {"en": t}, "start": "2031-05-0%dT10:00:00Z" % (n + 1),
                    "cluster": "keys"} for n, (i, t) in enumerate(events)],
    }


def write_feed(path, events):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(feed(events), out)


def key(*keys):
    subprocess.run(["xdotool", "key", "--delay", "60", *keys], check=True)


def wait_for(check, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        if check():
            return True
        time.sleep(0.2)
    return check()


VIEWS = ("Clusters", "Members", "Calendar", "Schedule")


def selected_tab(app):
    """The view whose tab in the window's view switcher is selected (the header's or,
    narrow, the bottom bar's: the one showing); the Calendar's own tabs are not
    among them"""
    for node, role, _ in walk(app):
        if role == pyatspi.ROLE_PAGE_TAB and node.name in VIEWS:
            state = node.getState()
            if state.contains(pyatspi.STATE_SHOWING) and (
                    state.contains(pyatspi.STATE_SELECTED) or
                    state.contains(pyatspi.STATE_CHECKED) or
                    state.contains(pyatspi.STATE_PRESSED)):
                return node.name
    return None


def shows(app, role, name):
    return any(r == role and node.name == name and node.getState().contains(pyatspi.STATE_SHOWING)
               for node, r, _ in walk(app))


def shows_text(app, text):
    return any(node.name == text and node.getState().contains(pyatspi.STATE_SHOWING)
               for node, _, _ in walk(app))


def windows(app):
    return sum(1 for child in app if child is not None and
               child.getState().contains(pyatspi.STATE_SHOWING))


def main():
    results = []

    def check(name, ok, detail=""):
        results.append((name, ok, detail))

    feed_path = None

    def subscribe(env):
        nonlocal feed_path
        feed_path = os.path.join(env["XDG_DATA_HOME"], "keys-feed.json")
        write_feed(feed_path, [("first", "First meeting")])
        subprocess.run([os.environ["CLUSTER_ATLAS"], "--add-feed", feed_path], env=env,
                       check=True, stdout=subprocess.DEVNULL)

    with running_process(os.environ["CLUSTER_ATLAS"], before=subscribe) as (app, env, process):
        # The feed's first sync, at start-up, has its toast
        wait_for(lambda: shows_text(app, f"{PUBLISHER}: 1 event added"), 15)

        for keys, view in (("alt+2", "Members"), ("alt+3", "Calendar"), ("alt+4", "Schedule"),
                           ("alt+1", "Clusters")):
            key(keys)
            ok = wait_for(lambda: selected_tab(app) == view)
            check(f"/keys/view/{keys}", ok, f"{selected_tab(app)} is shown, not {view}")

        key("ctrl+f")
        ok = wait_for(lambda: shows(app, pyatspi.ROLE_ENTRY, "Search"))
        check("/keys/search/ctrl+f", ok, "no search entry")
        key("Escape")
        ok = wait_for(lambda: not shows(app, pyatspi.ROLE_ENTRY, "Search"))
        check("/keys/search/escape", ok, "the search entry is still shown")

        key("ctrl+comma")
        ok = wait_for(lambda: shows(app, pyatspi.ROLE_DIALOG, "Preferences"))
        check("/keys/preferences/ctrl+comma", ok, "no Preferences dialog")
        key("Escape")
        ok = wait_for(lambda: not shows(app, pyatspi.ROLE_DIALOG, "Preferences"))
        check("/keys/preferences/escape", ok, "Preferences is still shown")

        before = windows(app)
        key("ctrl+question")
        ok = wait_for(lambda: windows(app) > before or shows(app, pyatspi.ROLE_DIALOG, "Shortcuts")
                      or shows(app, pyatspi.ROLE_DIALOG, "Keyboard Shortcuts"))
        check("/keys/shortcuts/ctrl+question", ok, "no keyboard shortcuts came up")
        key("Escape")
        ok = wait_for(lambda: windows(app) == before)
        check("/keys/shortcuts/escape", ok, "the keyboard shortcuts are still shown")

        write_feed(feed_path, [("first", "First meeting, moved"), ("second", "Second meeting")])
        key("ctrl+r")
        # The toast names the change that matters most (a new event before a new
        # title), and how many more
        toast = "New event: Second meeting, and 1 more change"
        ok = wait_for(lambda: shows_text(app, toast), 15)
        check("/keys/sync/ctrl+r", ok, f"no toast \"{toast}\"")

        key("ctrl+q")
        try:
            process.wait(timeout=10)
            check("/keys/quit/ctrl+q", process.returncode == 0,
                  f"the app ended with {process.returncode}")
        except subprocess.TimeoutExpired:
            check("/keys/quit/ctrl+q", False, "the app is still running")

    print(f"1..{len(results)}")
    for n, (name, ok, detail) in enumerate(results, 1):
        print(f"ok {n} {name}" if ok else f"not ok {n} {name}: {detail}")
    return 0 if all(ok for _, ok, _ in results) else 1


sys.exit(main())
