#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flatpak manifest against what the build installs. Prints TAP.

No Flatpak runtime exists on the build machine, so this checks what can be checked
without one: the manifest parses for flatpak-builder (--show-manifest, with
FLATPAK_USER_DIR in a temporary directory), its app id, command and sandbox agree
with the meson project, the desktop file, the metainfo, the D-Bus service and the
search provider, and `meson install --destdir` into a staging directory installs
exactly the files the manifest's cleanup keeps and the metainfo promises.

usage: check-flatpak.py SOURCE_ROOT BUILD_ROOT APP_ID COMMAND PREFIX BINDIR DATADIR LOCALEDIR
"""

import configparser
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tempfile
import struct
import xml.etree.ElementTree as ET

(source_root, build_root, app_id, command, prefix,
 bindir, datadir, localedir) = sys.argv[1:9]
manifest_path = os.path.join(source_root, "flatpak", app_id + ".json")
LANGUAGES = [line.strip() for line in open(os.path.join(source_root, "po", "LINGUAS"))
             if line.strip() and not line.startswith("#")]

# What the app needs from the sandbox, and nothing more: no filesystem (files go
# through portals), no X11 unless Wayland is missing, no bus names beyond its own:
# not even org.freedesktop.secrets, as libsecret inside a Flatpak keeps feed
# passwords through the Secret portal by itself.
FINISH_ARGS = {"--share=network", "--share=ipc", "--socket=wayland",
               "--socket=fallback-x11", "--device=dri"}

results = []


def check(name, ok, detail=""):
    results.append((name, bool(ok), detail))


def skip(name, why):
    # Something optional this machine lacks; under CI=true nothing may be skipped
    if os.environ.get("CI") == "true":
        results.append((name, False, f"{why} (CI=true: nothing may be skipped)"))
    else:
        results.append((name, None, why))


def rel(*parts):
    """A path under the prefix, relative to it, from meson's option values."""
    path = os.path.join(*parts)
    return os.path.relpath(path if os.path.isabs(path) else os.path.join(prefix, path), prefix)


# {{{ The manifest

with open(manifest_path, encoding="utf-8") as f:
    manifest = json.load(f)

builder = shutil.which("flatpak-builder")
if builder is None:
    # tools/deps.sh installs it: a machine without it has not been set up, and a
    # skipped check would hide a manifest flatpak-builder refuses
    check("/flatpak/show-manifest", False, "flatpak-builder not installed (Debian: flatpak-builder)")
else:
    with tempfile.TemporaryDirectory() as user_dir:
        env = dict(os.environ, FLATPAK_USER_DIR=user_dir)
        # In the temporary directory: flatpak-builder leaves its .flatpak-builder there
        run = subprocess.run([builder, "--show-manifest", manifest_path], env=env,
                             cwd=user_dir, capture_output=True, text=True)
    parsed = None
    if run.returncode == 0:
        try:
            parsed = json.loads(run.stdout)
        except ValueError:
            pass
    # It warns and goes on about a misspelt key: a warning is a failure here
    check("/flatpak/show-manifest",
          run.returncode == 0 and parsed is not None and "WARNING" not in run.stderr
          and parsed.get("id") == manifest["id"],
          (run.stderr.strip() or "parsed").replace("\n", " | "))

check("/flatpak/app-id", manifest.get("id") == app_id,
      f"manifest {manifest.get('id')!r}, meson {app_id!r}")
check("/flatpak/command", manifest.get("command") == command,
      f"manifest {manifest.get('command')!r}, meson {command!r}")
check("/flatpak/runtime",
      manifest.get("runtime") == "org.gnome.Platform" and manifest.get("sdk") == "org.gnome.Sdk"
      and str(manifest.get("runtime-version", "")).isdigit()
      and int(manifest["runtime-version"]) >= 48,
      f"{manifest.get('runtime')}//{manifest.get('runtime-version')}")
finish_args = set(manifest.get("finish-args", []))
check("/flatpak/finish-args", finish_args == FINISH_ARGS,
      f"extra {sorted(finish_args - FINISH_ARGS)}, missing {sorted(FINISH_ARGS - finish_args)}")
check("/flatpak/no-filesystem",
      not any(a.startswith(("--filesystem", "--socket=x11", "--device=all")) for a in finish_args))

modules = manifest.get("modules", [])
app_module = modules[-1] if modules else {}
sources = app_module.get("sources", [])
source_dir = (os.path.normpath(os.path.join(os.path.dirname(manifest_path), sources[0]["path"]))
              if sources and sources[0].get("type") == "dir" else None)
check("/flatpak/module",
      app_module.get("buildsystem") == "meson" and app_module.get("run-tests") is True
      and source_dir is not None
      and os.path.samefile(source_dir, source_root),
      f"buildsystem {app_module.get('buildsystem')}, run-tests {app_module.get('run-tests')}, "
      f"source {source_dir}")

# The libraries built before the app: each source pinned (an archive by its sha256, a
# git checkout by its commit), and libical among them, which meson.build needs and
# org.gnome.Platform does not ship (gnome-build-meta builds it for GNOME OS only)
deps = modules[:-1]
unpinned = [f"{m.get('name')}: {s.get('url') or s.get('path')}"
            for m in deps for s in m.get("sources", [])
            if not (s.get("type") in ("archive", "file") and len(s.get("sha256", "")) == 64)
            and not (s.get("type") == "git" and len(s.get("commit", "")) == 40)]
check("/flatpak/dependencies-pinned", deps and not unpinned, f"unpinned {unpinned}")
check("/flatpak/libical", any(m.get("name") == "libical" for m in deps),
      [m.get("name") for m in deps])

# }}}
# {{{ The staged install

stage = tempfile.mkdtemp(prefix="ca-stage-")
try:
    install = subprocess.run(["meson", "install", "-C", build_root, "--destdir", stage,
                              "--no-rebuild", "--quiet"],
                             capture_output=True, text=True)
    check("/install/runs", install.returncode == 0,
          (install.stderr.strip() or "ok").replace("\n", " | ")[:500])
    root = os.path.join(stage, os.path.relpath(prefix, "/"))

    installed = set()
    for directory, _, files in os.walk(stage):
        for name in files:
            path = os.path.join(directory, name)
            installed.add(os.path.relpath(path, root))

    # flatpak-builder's cleanup: "/x" is a path under the prefix, "x" a file name anywhere
    def cleaned(path):
        for pattern in manifest.get("cleanup", []):
            if pattern.startswith("/"):
                p = pattern.lstrip("/")
                if fnmatch.fnmatch(path, p) or path.startswith(p.rstrip("/") + "/"):
                    return True
            elif fnmatch.fnmatch(os.path.basename(path), pattern):
                return True
        return False

    kept = {p for p in installed if not cleaned(p)}
    expected = {
        rel(bindir, command),
        rel(datadir, "applications", app_id + ".desktop"),
        rel(datadir, "metainfo", app_id + ".metainfo.xml"),
        rel(datadir, "icons", "hicolor", "scalable", "apps", app_id + ".svg"),
        rel(datadir, "icons", "hicolor", "symbolic", "apps", app_id + "-symbolic.svg"),
        rel(datadir, "glib-2.0", "schemas", app_id + ".gschema.xml"),
        rel(datadir, "dbus-1", "services", app_id + ".service"),
        rel(datadir, "gnome-shell", "search-providers", app_id + ".search-provider.ini"),
    } | {rel(localedir, lang, "LC_MESSAGES", "cluster-atlas.mo") for lang in LANGUAGES}
    check("/install/exactly-these-files", kept == expected,
          f"unexpected {sorted(kept - expected)}, missing {sorted(expected - kept)}")
    check("/install/binary-executable",
          os.access(os.path.join(root, rel(bindir, command)), os.X_OK))

    def read(path):
        with open(os.path.join(root, path), encoding="utf-8") as f:
            return f.read()

    # The desktop file: what starts the app is the manifest's command
    desktop = configparser.ConfigParser(interpolation=None, strict=False)
    desktop.optionxform = str
    desktop.read_string(read(rel(datadir, "applications", app_id + ".desktop")))
    entry = desktop["Desktop Entry"]
    check("/desktop/exec-is-command", entry.get("Exec", "").split()[0] == command,
          entry.get("Exec"))
    check("/desktop/icon-installed",
          entry.get("Icon") == app_id, entry.get("Icon"))
    check("/desktop/dbus-activatable", entry.get("DBusActivatable") == "true")
    check("/desktop/translated",
          all(f"Comment[{lang}]" in entry and f"Name[{lang}]" in entry for lang in LANGUAGES))

    service = configparser.ConfigParser(interpolation=None)
    service.optionxform = str
    service.read_string(read(rel(datadir, "dbus-1", "services", app_id + ".service")))
    check("/dbus-service/name-and-exec",
          service["D-BUS Service"].get("Name") == app_id
          and service["D-BUS Service"].get("Exec", "").split()[0]
          == os.path.join(prefix, rel(bindir, command)),
          dict(service["D-BUS Service"]))

    ini = configparser.ConfigParser(interpolation=None)
    ini.optionxform = str
    ini.read_string(read(rel(datadir, "gnome-shell", "search-providers",
                             app_id + ".search-provider.ini")))
    provider = ini["Shell Search Provider"]
    check("/search-provider/ini",
          provider.get("DesktopId") == app_id + ".desktop"
          and provider.get("BusName") == app_id
          and provider.get("ObjectPath") == "/" + app_id.replace(".", "/") + "/SearchProvider"
          and provider.get("Version") == "2",
          dict(provider))

    # The metainfo promises a launchable, a binary, a D-Bus name and translations
    XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
    component = ET.fromstring(read(rel(datadir, "metainfo", app_id + ".metainfo.xml")))
    launchable = component.findtext("launchable[@type='desktop-id']")
    binaries = [b.text for b in component.findall("provides/binary")]
    dbus_names = [d.text for d in component.findall("provides/dbus")]
    domain = component.findtext("translation[@type='gettext']")
    check("/metainfo/id", component.findtext("id") == app_id, component.findtext("id"))
    check("/metainfo/launchable-installed",
          launchable == app_id + ".desktop"
          and rel(datadir, "applications", launchable) in kept, launchable)
    check("/metainfo/binary-installed",
          binaries == [command] and rel(bindir, command) in kept, binaries)
    check("/metainfo/dbus-name", dbus_names == [app_id], dbus_names)
    check("/metainfo/translations-installed",
          domain == "cluster-atlas"
          and all(rel(localedir, lang, "LC_MESSAGES", domain + ".mo") in kept
                  for lang in LANGUAGES)
          and all(component.find(f"summary[@{{http://www.w3.org/XML/1998/namespace}}lang='{lang}']")
                  is not None for lang in LANGUAGES),
          domain)
    shots = [i.text for i in component.findall("screenshots/screenshot/image")]
    prefix_url = "https://github.com/clusteratlas/cluster-atlas/raw/main/"
    missing_shots = [s for s in shots if not s.startswith(prefix_url)
                     or not os.path.isfile(os.path.join(source_root, s[len(prefix_url):]))]
    check("/metainfo/screenshots-committed", shots and not missing_shots,
          f"not in the repository: {missing_shots}")

    # Stores show screenshots at most 1000×700 and read each one's caption
    def png_size(path):
        with open(path, "rb") as png:
            head = png.read(24)
        if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
            return None
        return struct.unpack(">II", head[16:24])

    sizes = {s: png_size(os.path.join(source_root, s[len(prefix_url):]))
             for s in shots if s not in missing_shots}
    too_big = {s: size for s, size in sizes.items()
               if size is None or size[0] > 1000 or size[1] > 700}
    check("/metainfo/screenshots-at-most-1000x700", shots and not too_big,
          f"not a PNG or larger: {too_big}")
    untitled = [i.findtext("image") for i in component.findall("screenshots/screenshot")
                if not (i.findtext("caption") or "").strip()]
    check("/metainfo/screenshots-captioned", shots and not untitled,
          f"no caption: {untitled}")

    # Light and dark brand colours, as GNOME Software and Flathub show the app
    colours = {c.get("scheme_preference"): c.text
               for c in component.findall("branding/color[@type='primary']")}
    check("/metainfo/brand-colours",
          set(colours) == {"light", "dark"}
          and all(c and len(c) == 7 and c.startswith("#") for c in colours.values()),
          colours)

    # This version's release entry is there, newest first
    with open(os.path.join(build_root, "meson-info", "intro-projectinfo.json"),
              encoding="utf-8") as info:
        version = json.load(info)["version"]
    releases = [r.get("version") for r in component.findall("releases/release")]
    check("/metainfo/release-of-this-version", releases[:1] == [version],
          f"newest release {releases[:1]}, meson project {version}")
    check("/metainfo/supports-touch-and-360px",
          component.find("supports/control") is not None
          and "touch" in [c.text for c in component.findall("supports/control")]
          and component.findtext("requires/display_length[@compare='ge']") == "360")
finally:
    shutil.rmtree(stage, ignore_errors=True)

# }}}

print(f"1..{len(results)}")
failed = False
for n, (name, ok, detail) in enumerate(results, 1):
    if ok is None:
        print(f"ok {n} {name} # SKIP {detail}")
    elif ok:
        print(f"ok {n} {name}")
    else:
        failed = True
        print(f"not ok {n} {name}")
        if detail:
            print(f"# {detail}")
sys.exit(1 if failed else 0)
