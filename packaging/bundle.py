"""What goes into the Networking Folder bundle, and what it leaves to the system.

One place for the lists the PyInstaller spec, the build (build.py), the smoke test and
tests/packaging read: the Qt modules the program uses, the plugins it needs, the Python modules
it never imports, and on Linux the system libraries it takes from the machine (and the Debian
packages that hold them, for the .deb's Depends). Plain Python, no PyInstaller import, so the
tests can read it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

NAME = "networking-folder"  # the command, the bundle's folder, the .deb's package name
DISPLAY_NAME = "Networking Folder"
# The AppStream component id and the macOS bundle identifier (reverse-DNS, required by both).
# The project has no domain of its own yet: change this before the first public release if it
# gets one, since stores and software centres key the program on it.
APP_ID = "org.networkingfolder.NetworkingFolder"

# The Qt modules networking_folder imports (tests/packaging checks the source against this list;
# QtNetwork only for QLocalServer/QLocalSocket, the single-window handshake). Every other
# PySide6 module is left out, QtOpenGL (9 MB) among them: the home page's charts are painted
# with QPainter.
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtNetwork", "QtPrintSupport")

# Python modules the program never imports (checked by running it with the modules listed in
# sys.modules, and the test suite with these refused; tests/packaging checks the imports of
# networking_folder and of what it imports): left out of the bundle.
EXCLUDED_MODULES = [
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "unittest", "doctest",
    "pydoc_data", "lib2to3", "distutils", "setuptools", "pkg_resources", "ensurepip", "venv",
    "test", "curses", "readline", "crypt",
    "pytest", "_pytest", "hypothesis", "pytestqt", "pypdf", "IPython",
    "PyQt5", "PyQt6", "PySide2", "OpenGL", "numba",
    # No chart library and no numpy (42 MB with its OpenBLAS): the charts are painted with
    # QPainter, and Find duplicates scores names with rapidfuzz's extract_iter. numpy is
    # imported only inside what the program never calls: rapidfuzz's cdist and cpdist,
    # pypdfium2's to_numpy, Pillow's array interface (and its type hints, when type checking).
    "numpy", "pyqtgraph",
    # Nothing goes online: no TLS (OpenSSL's libssl and libcrypto, 5.4 MB). urllib, http.client
    # and asyncio, which the libraries import, try ssl and carry on without it; hashlib falls
    # back to Python's own MD5, SHA-1, SHA-2, SHA-3 and BLAKE2 (the change log hashes with
    # SHA-256, ReportLab its document ids with MD5), and hmac to them.
    "ssl", "_ssl", "_hashlib",
    # No process pool: the worker is a thread (networking_folder/ui/worker.py), and only
    # concurrent.futures' ProcessPoolExecutor imports multiprocessing. Left in, it brings
    # PyInstaller's multiprocessing hook, which imports it at every launch (about 12 ms of the
    # bundle's start-up: benchmarks/startup.py --bundle).
    "multiprocessing", "concurrent.futures.process",
    # Pillow is there for ReportLab, which imports PIL.Image whenever it starts: AVIF, WebP,
    # Tk, text drawing and colour management (with its lcms2) are optional parts Pillow
    # imports only when asked (each behind try/except).
    "PIL._avif", "PIL._webp", "PIL._imagingtk", "PIL.ImageTk", "PIL._imagingft", "PIL.ImageQt",
    "PIL.ImageCms", "PIL._imagingcms",
    # ReportLab guesses the encoding of an XMP metadata file with it; the program gives none.
    "charset_normalizer",
    # rapidfuzz's AVX2 builds (5 MB): rapidfuzz takes its generic build when one is missing
    # (each import behind contextlib.suppress(ImportError)). On names, Find duplicates finds
    # the same pairs as fast with either (benchmarks/duplicates.py: about 180 ms either way).
    "rapidfuzz.fuzz_cpp_avx2", "rapidfuzz.distance.metrics_cpp_avx2",
    # phonenumbers' place names, carriers and time zones (5 MB): the program only parses and
    # formats numbers, which needs none of them
    "phonenumbers.geocoder", "phonenumbers.geodata", "phonenumbers.carrier",
    "phonenumbers.carrierdata", "phonenumbers.timezone", "phonenumbers.tzdata",
]

# Libraries a PyInstaller hook collects for something the bundle leaves out (name prefixes, so
# that Linux's libssl.so.3, macOS's libssl.3.dylib and Windows' libssl-3-x64.dll all match):
# OpenSSL, which the QtNetwork hook adds for Qt's TLS backend (the "tls" plugins, not in
# QT_PLUGINS below: the program never goes online, and uses QtNetwork only for its local
# socket); Python's _ssl and _hashlib, which link it too, are in EXCLUDED_MODULES. build.py
# fails if a kept file links to one of them.
LEFT_OUT_LIBRARIES = ("libssl", "libcrypto")

# Qt plugins kept, by folder; every other plugin (and folder) is left out. Names without "lib"
# and without the suffix, so the same table serves Linux (.so), macOS (.dylib), Windows (.dll).
QT_PLUGINS = {
    "platforms": {"qxcb", "qwayland", "qwayland-egl", "qwayland-generic", "qoffscreen",
                  "qwindows", "qcocoa"},
    "platformthemes": {"qgtk3", "qxdgdesktopportal"},  # GNOME's dialogs and dark mode; portals
    "platforminputcontexts": {"composeplatforminputcontextplugin",  # dead keys, Compose
                              "ibusplatforminputcontextplugin"},
    "imageformats": {"qsvg"},  # PNG is built into QtGui; the program draws nothing else
    "iconengines": {"qsvgicon"},
    "xcbglintegrations": {"qxcb-glx-integration", "qxcb-egl-integration"},
    "printsupport": {"cupsprintersupport", "windowsprintersupport", "cocoaprintersupport"},
    "styles": None,  # None: the whole folder (the native Windows and macOS styles)
    "wayland-decoration-client": {"adwaita", "bradient"},
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-graphics-integration-client": {"qt-plugin-wayland-egl"},
}

# Linux: the libraries taken from the system, not bundled, with the Debian package that holds
# each (Debian 12 names; the build asks dpkg on the machine it runs on and says when a name
# differs). These belong to the desktop: the display (X11, Wayland, OpenGL), fonts, D-Bus and
# accessibility, GLib, printing and the C++ runtime. A bundled copy would have to agree with
# the system's drivers, configuration files and services, and breaks when it does not (a
# bundled libstdc++ older than the one Mesa's drivers need, a fontconfig older than the
# system's configuration). Also the small libraries those system libraries use themselves
# (zlib, zstd, libffi...), so that no bundled copy shadows the one they were built against.
# Found by running objdump -p and ldd over every file in a bundle (see packaging/README.md);
# build.py fails when a bundled file needs a library outside this list, the bundle and libc.
SYSTEM_LIBRARIES = {
    # the C++ runtime (Qt, rapidfuzz)
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
    # QtCore
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
    # QtGui: fonts, keyboard, OpenGL, D-Bus (accessibility, portals)
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libdbus-1.so.3": "libdbus-1-3",
    # QtNetwork (linked for HTTP, which the program never uses; it needs them to load)
    "libgssapi_krb5.so.2": "libgssapi-krb5-2",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlicommon.so.1": "libbrotli1",
    # the X11 platform plugin
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    # the Wayland platform plugin
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    # printing (the CUPS print-support plugin: the printers in the Print dialog)
    "libcups.so.2": "libcups2",
    # Python's own modules (ctypes, uuid, bz2, lzma)
    "libffi.so.8": "libffi8",
    "libuuid.so.1": "libuuid1",
    "libbz2.so.1.0": "libbz2-1.0",
    "liblzma.so.5": "liblzma5",
}

# Needed only by the GTK 3 platform theme plugin (GNOME's file dialogs and colours). Qt skips
# the plugin when GTK is missing, so GTK is the .deb's Recommends, not in its Depends (it
# brings the others).
RECOMMENDS = ("libgtk-3-0",)
OPTIONAL_LIBRARIES = {
    "libgtk-3.so.0": "libgtk-3-0",
    "libgdk-3.so.0": "libgtk-3-0",
    "libpangocairo-1.0.so.0": "libpangocairo-1.0-0",
    "libpango-1.0.so.0": "libpango-1.0-0",
    "libharfbuzz.so.0": "libharfbuzz0b",
    "libatk-1.0.so.0": "libatk1.0-0",
    "libcairo-gobject.so.2": "libcairo-gobject2",
    "libcairo.so.2": "libcairo2",
    "libgdk_pixbuf-2.0.so.0": "libgdk-pixbuf-2.0-0",
}
OPTIONAL_FOR = ("platformthemes/libqgtk3.so",)

# The C library's own parts: always there (Depends: libc6, with the version the bundle needs).
LIBC = re.compile(
    r"(libc|libm|libdl|libpthread|librt|libresolv|libutil|libanl|libthread_db)\.so\.\d+$"
    r"|ld-linux[-\w.]*\.so\.\d+$|ld64\.so\.\d+$"
)


def is_system_library(name: str) -> bool:
    return name in SYSTEM_LIBRARIES or name in OPTIONAL_LIBRARIES or bool(LIBC.match(name))


# The modules the window's first paint loads are kept as plain .pyc files beside the program,
# not in the bundle's archive, where each is compressed and must be inflated at every launch
# (benchmarks/startup.py --bundle: about 7 ms sooner, for 3 MB more). The program's own, the
# libraries it starts with, and the standard library's (a package named takes its modules
# with it); tests/gui/test_startup_imports.py says what to add when the first paint needs more.
FIRST_PAINT_PACKAGES = ("networking_folder", "PySide6", "shiboken6", "platformdirs")
FIRST_PAINT_STDLIB = (
    "__future__", "_collections_abc", "_compression", "_sitebuiltins", "_weakrefset", "abc",
    "argparse", "ast", "base64", "bisect", "bz2", "codecs", "collections", "contextlib", "copy",
    "copyreg", "dataclasses", "datetime", "dis", "encodings", "enum", "fnmatch", "functools",
    "genericpath", "gettext", "hashlib", "html", "importlib", "inspect", "io", "ipaddress",
    "json", "keyword", "linecache", "locale", "logging", "lzma", "ntpath", "opcode", "operator",
    "os", "pathlib", "posixpath", "random", "re", "reprlib", "shutil", "site", "sqlite3", "stat",
    "string", "struct", "tempfile", "textwrap", "threading", "token", "tokenize", "traceback",
    "types", "typing", "urllib", "warnings", "weakref", "zipfile", "zipimport",
)


def module_collection_mode() -> dict[str, str]:
    """For the spec's Analysis: the first paint's modules as .pyc files, the rest archived."""
    return {name: "pyc" for name in (*FIRST_PAINT_PACKAGES, *FIRST_PAINT_STDLIB)}


def excluded_modules() -> list[str]:
    """EXCLUDED_MODULES and every PySide6 module outside QT_MODULES that this PySide6 has."""
    extra = []
    try:
        import importlib.util

        spec = importlib.util.find_spec("PySide6")
        if spec and spec.submodule_search_locations:
            for location in spec.submodule_search_locations:
                for path in Path(location).glob("Qt*.*"):
                    module = path.name.split(".")[0]
                    if path.suffix in (".so", ".pyd") and module not in QT_MODULES:
                        extra.append(f"PySide6.{module}")
    except ImportError:
        pass
    return EXCLUDED_MODULES + sorted(set(extra))


def _plugin_kept(dest: str) -> bool:
    """dest: a path in the bundle. True unless it is a Qt plugin outside QT_PLUGINS."""
    parts = Path(dest).parts
    if "PySide6" not in parts or "plugins" not in parts:
        return True
    index = parts.index("plugins")
    if len(parts) < index + 3:
        return True
    folder, name = parts[index + 1], parts[-1]
    if folder not in QT_PLUGINS:
        return False
    wanted = QT_PLUGINS[folder]
    if wanted is None:
        return True
    stem = name.split(".")[0]
    stem = stem[3:] if stem.startswith("lib") else stem
    return stem in wanted


def _library_kept(dest: str) -> bool:
    """dest: a path in the bundle. False for a library in LEFT_OUT_LIBRARIES."""
    return not Path(dest).name.lower().startswith(LEFT_OUT_LIBRARIES)


def _is_translation(dest: str) -> bool:
    parts = Path(dest).parts
    return "PySide6" in parts and "translations" in parts


def debian_package(path: str) -> str | None:
    """The Debian package that holds the file at ``path`` on this machine (dpkg -S), or None.
    Asked under each name the file goes by (the merged /usr: /lib and /usr/lib)."""
    candidates = {path, os.path.realpath(path)}
    for text in list(candidates):
        if text.startswith("/usr/lib/"):
            candidates.add(text[len("/usr"):])
        elif text.startswith("/lib/"):
            candidates.add("/usr" + text)
    for candidate in sorted(candidates):
        done = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if done.returncode == 0 and ":" in done.stdout:
            return done.stdout.split(":")[0].strip()
    return None


def needed(paths: Iterable[Path]) -> dict[Path, list[str]]:
    """Each ELF file's DT_NEEDED entries (the libraries it asks the loader for), by objdump -p
    (binutils: PyInstaller needs it on Linux too). Files that are not ELF are left out."""
    paths = [Path(p) for p in paths]
    result: dict[Path, list[str]] = {}
    for start in range(0, len(paths), 200):
        chunk = paths[start:start + 200]
        output = subprocess.run(
            ["objdump", "-p", *map(str, chunk)], capture_output=True, text=True
        ).stdout
        current = None
        by_name = {str(p): p for p in chunk}
        for line in output.splitlines():
            match = re.match(r"^(.*):\s+file format ", line)
            if match and match.group(1) in by_name:
                current = by_name[match.group(1)]
                result[current] = []
                continue
            fields = line.split()
            if current is not None and len(fields) == 2 and fields[0] == "NEEDED":
                result[current].append(fields[1])
    return result


def _python_binary(src: str) -> bool:
    """Python's own shared library and the standard library's extension modules."""
    path = Path(src)
    return path.name.startswith("libpython") or "lib-dynload" in path.parts


def prune(binaries: list, datas: list, workpath: str, say=print) -> tuple[list, list]:
    """Leave out Qt's translations, the plugins outside QT_PLUGINS and the LEFT_OUT_LIBRARIES;
    on Linux also the system libraries and whatever only the left-out files needed, and strip
    the debugging information from Python's own binaries (a pyenv Python keeps it: about
    23 MB). Returns (binaries, datas)."""
    datas = [entry for entry in datas if not _is_translation(entry[0])]
    dropped = [entry for entry in binaries if not _plugin_kept(entry[0])]
    binaries = [entry for entry in binaries if _plugin_kept(entry[0])]
    say(f"bundle: {len(dropped)} Qt plugins left out")
    libraries = [entry for entry in binaries if not _library_kept(entry[0])]
    binaries = [entry for entry in binaries if _library_kept(entry[0])]
    dropped += libraries
    say("bundle: left out " + (" ".join(sorted(Path(e[0]).name for e in libraries)) or "nothing"))
    if not sys.platform.startswith("linux"):
        return binaries, datas

    system = [entry for entry in binaries if is_system_library(Path(entry[0]).name)]
    binaries = [entry for entry in binaries if not is_system_library(Path(entry[0]).name)]
    say(f"bundle: {len(system)} system libraries left to the system: "
        + " ".join(sorted(Path(entry[0]).name for entry in system)))

    # Libraries that nothing kept asks for. The roots are what no bundled file names in its
    # DT_NEEDED (so something loads it by path: the bootloader, ctypes, Qt's plugin loader),
    # taken before anything was left out; a library reached only from left-out files goes.
    everything = [*binaries, *dropped, *system]
    deps = needed(Path(entry[1]) for entry in everything)
    asked = {name for names in deps.values() for name in names}
    by_name = {Path(entry[0]).name: entry for entry in binaries}
    roots = [e for e in binaries if Path(e[0]).name not in asked or e[2] == "EXTENSION"]
    reached: set[str] = set()
    todo = [Path(entry[0]).name for entry in roots]
    while todo:
        name = todo.pop()
        if name in reached or name not in by_name:
            continue
        reached.add(name)
        todo.extend(deps.get(Path(by_name[name][1]), []))
    unused = [e for e in binaries if Path(e[0]).name not in reached]
    binaries = [e for e in binaries if Path(e[0]).name in reached]
    say(f"bundle: {len(unused)} libraries nothing kept needs: "
        + " ".join(sorted(Path(e[0]).name for e in unused)))
    # PyInstaller lists the top-level links to Qt's libraries among the data files.
    kept = {entry[0] for entry in binaries}
    datas = [e for e in datas if e[2] != "SYMLINK" or os.path.normpath(e[1]) in kept]

    if shutil.which("objcopy"):
        stripped_dir = Path(workpath) / "stripped"
        result = []
        for dest, src, typecode in binaries:
            if _python_binary(src):
                target = stripped_dir / dest
                if not target.exists() or target.stat().st_mtime < Path(src).stat().st_mtime:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    subprocess.run(["objcopy", "--strip-debug", src, str(target)], check=True)
                src = str(target)
            result.append((dest, src, typecode))
        binaries = result
    else:
        say("bundle: objcopy not found: Python's binaries keep their debugging information")
    return binaries, datas


def resource_datas(root: Path) -> list[tuple[str, str]]:
    """resources/ as the package networking_folder.resources, the files pyproject ships."""
    resources = root / "resources"
    patterns = {
        ".": ["__init__.py", "*.svg", "*.png", "*.desktop"],
        "fonts": ["*.ttf", "*.txt"],
        "help": ["*.html"],
        "icons": ["*.svg"],
    }
    datas = []
    for folder, globs in patterns.items():
        for pattern in globs:
            for path in sorted((resources / folder).glob(pattern)):
                target = Path("networking_folder", "resources", folder).as_posix()
                datas.append((str(path), os.path.normpath(target)))
    return datas
