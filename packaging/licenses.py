"""Gather the licences that travel with the bundle into one folder.

The folder holds: the project's own LICENSE (GPL-3.0-or-later); Qt's notice and the LGPL v3;
for every Python distribution in the bundle, the licence files its .dist-info carries (read
from the venv's metadata); Python's licence; PyInstaller's (its bootloader starts the program);
the DejaVu fonts' licence; on Linux the Debian copyright files of the system libraries that are
bundled; and THIRD-PARTY.txt, one line per component with its version and licence. Called by
the PyInstaller spec, which puts the folder in the bundle as licenses/.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import shutil
import subprocess
import sys
from pathlib import Path

import bundle

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LICENCE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|COPYRIGHT)", re.IGNORECASE)


# Read from the licence text when the metadata says nothing (peewee's, for one).
KNOWN_TEXTS = (
    ("Permission is hereby granted, free of charge", "MIT (from its licence text)"),
    ("Redistribution and use in source and binary forms", "BSD (from its licence text)"),
    ("Apache License", "Apache-2.0 (from its licence text)"),
)
QT_BINDINGS = ("pyside6-essentials", "pyside6", "shiboken6")


def _summary(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    text = (meta.get("License") or "").strip().splitlines()
    text = text[0].strip() if text else ""
    if text and len(text) <= 60 and "UNKNOWN" not in text:
        return text + (f" ({', '.join(classifiers)})" if classifiers and text.lower()
                       not in " ".join(classifiers).lower() else "")
    if classifiers or text:
        return ", ".join(classifiers) or text[:60]
    for path, _ in _licence_files(dist):
        body = path.read_text(encoding="utf-8", errors="replace")
        for phrase, name in KNOWN_TEXTS:
            if phrase in body:
                return name
    return "see its licence files"


def _licence_files(dist: metadata.Distribution) -> list[tuple[Path, str]]:
    """(file on disk, path inside the .dist-info) of each licence file the distribution has."""
    found = []
    for entry in dist.files or []:
        parts = Path(entry).parts
        if not parts or not parts[0].endswith(".dist-info"):
            continue
        inside = Path(*parts[1:])
        if not inside.parts:
            continue
        if inside.parts[0] == "licenses" or LICENCE_FILE.match(inside.name):
            path = Path(dist.locate_file(entry))
            if path.is_file():
                relative = inside.relative_to("licenses") if inside.parts[0] == "licenses" \
                    else inside
                found.append((path, relative.as_posix()))
    return found


def distributions(top_level_names: set[str]) -> list[metadata.Distribution]:
    """The installed distributions that provide these top-level modules, the program's own left
    out (its licence is LICENSE)."""
    provided = metadata.packages_distributions()
    names = set()
    for top in top_level_names:
        names.update(provided.get(top, []))
    result = {}
    for name in names:
        dist = metadata.distribution(name)
        key = dist.metadata["Name"].lower().replace("_", "-")
        if key != "networking-folder":
            result[key] = dist
    return [result[key] for key in sorted(result)]


def gather(dest: Path, top_level_names: set[str], system_libraries: list[Path] = ()) -> Path:
    """Write the licence folder to dest (emptied first) and return it. system_libraries: the
    libraries from the system (not from a wheel or Python) that the bundle carries."""
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    project = metadata.distribution("networking-folder")
    lines = [
        "Networking Folder and what it is built from",
        "===========================================",
        "",
        "Each component, its version and licence; its licence texts are in the folder named.",
        "",
        f"Networking Folder {project.version}: GPL-3.0-or-later (LICENSE)",
    ]
    shutil.copy2(ROOT / "LICENSE", dest / "LICENSE")

    def add(name: str, version: str, licence: str, files: list[tuple[Path, str]],
            folder: str = "") -> None:
        folder = folder or (f"{name}-{version}" if version else name)
        for path, relative in files:
            target = dest / folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        where = f" ({folder}/)" if files or folder == "Qt" else ""
        lines.append(f"{name} {version}".strip() + f": {licence}{where}")

    major_minor = f"{sys.version_info[0]}.{sys.version_info[1]}"
    python_licence = Path(sys.base_prefix) / "lib" / f"python{major_minor}" / "LICENSE.txt"
    if not python_licence.exists():
        python_licence = Path(sys.base_prefix) / "LICENSE.txt"  # Windows
    add("Python", ".".join(map(str, sys.version_info[:3])), "PSF-2.0",
        [(python_licence, "LICENSE.txt")] if python_licence.exists() else [])

    for dist in distributions(top_level_names):
        name = dist.metadata["Name"]
        if name.lower().replace("_", "-") in QT_BINDINGS:
            # Offered under LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only: used under the LGPL.
            add(name, dist.version, f"LGPL-3.0-only (offered: {_summary(dist)})", [],
                folder="Qt")
            if name.lower().replace("_", "-") != "shiboken6":
                lines.append(f"Qt {dist.version} (its libraries, inside {name}): "
                             "LGPL-3.0-only (Qt/)")
        else:
            add(name, dist.version, _summary(dist), _licence_files(dist))
    (dest / "Qt").mkdir(exist_ok=True)
    shutil.copy2(HERE / "licenses" / "Qt-NOTICE.txt", dest / "Qt" / "NOTICE.txt")
    shutil.copy2(HERE / "licenses" / "LGPL-3.0.txt", dest / "Qt" / "LGPL-3.0.txt")

    try:
        pyinstaller = metadata.distribution("pyinstaller")
        add("PyInstaller (its bootloader starts the program)", pyinstaller.version,
            "GPL-2.0-or-later with the bootloader exception", _licence_files(pyinstaller),
            folder=f"PyInstaller-{pyinstaller.version}")
    except metadata.PackageNotFoundError:
        pass

    add("DejaVu fonts", "", "Bitstream Vera / Arev fonts licence (public domain changes)",
        [(ROOT / "resources" / "fonts" / "LICENSE-DejaVu.txt", "LICENSE-DejaVu.txt")],
        folder="DejaVu-fonts")

    if system_libraries and shutil.which("dpkg"):
        for library in sorted(system_libraries, key=lambda p: p.name):
            package = bundle.debian_package(str(library))
            copyright_file = Path("/usr/share/doc") / (package or "-") / "copyright"
            if package and copyright_file.exists():
                version = subprocess.run(
                    ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True,
                    text=True).stdout.strip()
                add(f"{library.name} (Debian package {package})", version,
                    "see its copyright file", [(copyright_file, "copyright")],
                    folder=f"system/{package}")
            else:
                lines.append(f"{library.name}: from {library} (no Debian copyright file found)")
    elif system_libraries:
        for library in system_libraries:
            lines.append(f"{library.name}: from {library}")

    (dest / "THIRD-PARTY.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest
