# SPDX-License-Identifier: GPL-3.0-or-later
"""Finding and driving the running app over AT-SPI, for the tests that read its
window as a screen reader does (a11y-names.py, type-to-search.py)."""

import time

import pyatspi  # Debian's python3-pyatspi


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
