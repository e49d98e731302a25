# SPDX-License-Identifier: GPL-3.0-or-later
"""Finding and driving the running app over AT-SPI, for the tests that read its
window as a screen reader does (a11y-names.py, type-to-search.py)."""

import contextlib
import os
import subprocess
import sys
import tempfile
import time

import pyatspi  # Debian's python3-pyatspi


@contextlib.contextmanager
def running_app(binary):
    """The app started on its built-in data, in a temporary store, in English.

    Yields its accessible application, once it has settled, and the environment it
    runs in; the app is ended on leaving. A test that cannot find it on the bus
    fails there, with a TAP line saying so."""
    with running_process(binary) as (app, env, _process):
        yield app, env


@contextlib.contextmanager
def running_process(binary, before=None):
    """running_app(), yielding the app's process too.

    before(env), when given, runs first in the environment the app will have (to
    subscribe a feed, say). The app is ended on leaving unless it ended itself."""
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, XDG_DATA_HOME=home, LANGUAGE="en", NO_AT_BRIDGE="0")
        env.pop("GTK_A11Y", None)
        if before is not None:
            before(env)
        log = os.path.join(home, "stderr")
        with open(log, "wb") as err:
            process = subprocess.Popen([binary], env=env, stderr=err)
        try:
            app = find_app(process.pid)
            if app is None:
                print("1..1\nnot ok 1 the app did not appear on the accessibility bus")
                raise SystemExit(1)
            time.sleep(1.5)
            yield app, env, process
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=10)
            check_log(log)


# What GDK 4.20 and later says of its own bookkeeping under Xvfb (tests/ca-test-util.c)
GDK_XVFB = ("gdk_frame_timings_submitted() called on submitted frame",
            "gdk_frame_timings_throttling_hint: runtime check failed",
            ": Unpaired ungrab call")


def check_log(path):
    """The app's own output, passed on; a critical or warning in it (GTK's or the
    app's) fails the test, which may have passed every check it made"""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    sys.stderr.write(text)
    found = [line for line in text.splitlines()
             if ("-CRITICAL **" in line or "-WARNING **" in line)
             and not ("Gdk-WARNING **" in line and any(known in line for known in GDK_XVFB))]
    if found:
        sys.stderr.write("the app logged %d warning(s) or critical(s), the first: %s\n"
                         % (len(found), found[0]))
        raise SystemExit(1)


def find_app(pid, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            try:
                if app is not None and app.get_process_id() == pid and app.childCount > 0:
                    return app
            except Exception:
                pass
        time.sleep(0.3)
    return None


def walk(node, path=()):
    # GTK 4.8 marks inner nodes "visible", not "showing": walk what is visible, pages
    # of stacks not on screen included (a stricter check, not a looser one)
    try:
        if path and not node.getState().contains(pyatspi.STATE_VISIBLE):
            return
        role = node.getRole()
        here = path + (node.getRoleName(),)
        yield node, role, here
        for child in node:
            if child is not None:
                yield from walk(child, here)
    except Exception:
        return


def press(app, label):
    for node, role, _ in walk(app):
        # The view switcher's buttons are page tabs
        if role in (pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_PUSH_BUTTON,
                    pyatspi.ROLE_PAGE_TAB) and node.name == label:
            action = node.queryAction()
            for i in range(action.nActions):
                if action.getName(i) in ("click", "activate", "press"):
                    action.doAction(i)
                    return True
    return False
