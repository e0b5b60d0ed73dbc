"""Build Networking Folder for the system this runs on: `python3 dev.py package` runs it.

    python packaging/build.py             (from the venv dev.py sets up)

Makes, under dist/:
  networking-folder/                       the PyInstaller one-folder bundle (every system;
                                           on macOS also "Networking Folder.app")
  networking_folder-<v>-py3-none-any.whl   the wheel, for pipx or pip
and on Linux also:
  networking-folder_<v>_<arch>.deb         installs under /opt, /usr/bin, /usr/share
  networking-folder-<v>-linux-<arch>.tar.gz  the bundle with a per-user install.sh
Before it packs anything on Linux it checks, with objdump and ldd, that every library a bundled
file needs is in the bundle, in bundle.SYSTEM_LIBRARIES (the .deb's Depends) or in libc, and
fails naming the file and library when not; and it validates the AppStream metainfo with
appstreamcli when that is installed. packaging/README.md describes each artefact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUILD = ROOT / "build"
DIST = ROOT / "dist"
sys.path.insert(0, str(HERE))
import bundle  # noqa: E402
import icons  # noqa: E402

NAME = bundle.NAME
BUNDLE = DIST / NAME
STAMP = BUILD / "package.stamp"
MAINTAINER = os.environ.get(
    "DEB_MAINTAINER", "Networking Folder team <maintainers@networking-folder.invalid>")


class BuildError(Exception):
    pass


def say(message: str) -> None:
    print(f"package: {message}", flush=True)


def version() -> str:
    return importlib.metadata.version("networking-folder")


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if not p.is_dir())


def megabytes(count: int) -> str:
    return f"{count / 1e6:.1f} MB"


# -- freshness -------------------------------------------------------------------------------
def inputs_digest() -> str:
    """What the artefacts are made from: the sources, resources, packaging and the venv's
    installed packages (its stamp, written by dev.py, changes with pyproject.toml)."""
    digest = hashlib.sha256()
    files = [ROOT / "pyproject.toml", ROOT / "LICENSE", ROOT / ".venv" / ".installed-from"]
    for folder in ("networking_folder", "resources", "packaging"):
        files += sorted(p for p in (ROOT / folder).rglob("*")
                        if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    digest.update(sys.version.encode())
    return digest.hexdigest()


def artefacts() -> list[Path]:
    v = version()
    made = [BUNDLE / NAME if os.name != "nt" else BUNDLE / f"{NAME}.exe",
            DIST / f"networking_folder-{v}-py3-none-any.whl"]
    if sys.platform.startswith("linux"):
        made += [DIST / f"{NAME}_{v}_{deb_architecture()}.deb",
                 DIST / f"{NAME}-{v}-linux-{deb_architecture()}.tar.gz"]
    return made


def is_fresh() -> bool:
    return (STAMP.exists() and STAMP.read_text().strip() == inputs_digest()
            and all(p.exists() for p in artefacts()))


# -- the bundle ------------------------------------------------------------------------------
def pyinstaller() -> None:
    say("building the bundle with PyInstaller (about a minute)")
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(DIST), "--workpath", str(BUILD / "pyinstaller"),
               str(HERE / "networking_folder.spec")]
    if subprocess.call(command, cwd=ROOT) != 0:
        raise BuildError("PyInstaller failed (its messages are above)")


def wheel() -> Path:
    """The wheel, built from a clean copy of the sources (setuptools would otherwise write its
    own build/ and egg-info into the repository)."""
    say("building the wheel")
    source = BUILD / "wheel-source"
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("networking_folder", "resources"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    for old in DIST.glob("networking_folder-*.whl"):
        old.unlink()
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
               "--disable-pip-version-check", "-w", str(DIST), str(source)]
    if subprocess.call(command) != 0:
        raise BuildError("pip wheel failed (its messages are above)")
    made = DIST / f"networking_folder-{version()}-py3-none-any.whl"
    if not made.exists():
        raise BuildError(f"pip wheel did not make {made.name}")
    return made


# -- Linux: the libraries the bundle needs ---------------------------------------------------
def deb_architecture() -> str:
    if shutil.which("dpkg"):
        return subprocess.run(["dpkg", "--print-architecture"], capture_output=True,
                              text=True, check=True).stdout.strip()
    machine = os.uname().machine
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(machine, machine)


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def ldd(files: list[Path], library_path: Path) -> dict[Path, dict[str, str | None]]:
    """Where the loader finds each library each file needs (None: not found), with the
    library path the bootloader gives the program."""
    env = dict(os.environ, LD_LIBRARY_PATH=str(library_path))
    result: dict[Path, dict[str, str | None]] = {}
    for start in range(0, len(files), 100):
        chunk = files[start:start + 100]
        output = subprocess.run(["ldd", *map(str, chunk)], capture_output=True, text=True,
                                env=env).stdout
        current: dict[str, str | None] | None = None
        names = {f"{p}:": p for p in chunk}
        for line in output.splitlines():
            if line in names:
                current = result.setdefault(names[line], {})
            elif len(chunk) == 1 and current is None:
                current = result.setdefault(chunk[0], {})
            if current is None or "=>" not in line:
                continue
            name, _, where = line.strip().partition(" => ")
            where = where.strip()
            current[name] = None if where.startswith("not found") else where.split(" (")[0]
    return result


def glibc_needed(files: list[Path]) -> str:
    """The newest GLIBC_x.y symbol version any bundled file asks for."""
    newest = (2, 17)
    for start in range(0, len(files), 100):
        output = subprocess.run(["objdump", "-T", *map(str, files[start:start + 100])],
                                capture_output=True, text=True).stdout
        for major, minor in re.findall(r"\bGLIBC_(\d+)\.(\d+)\b", output):
            newest = max(newest, (int(major), int(minor)))
    return f"{newest[0]}.{newest[1]}"


def check_libraries(folder: Path) -> dict[str, list[str]]:
    """Every library a bundled file needs (its DT_NEEDED) must be in the bundle, in
    bundle.SYSTEM_LIBRARIES, or libc's; the GTK theme plugin's may be missing. Returns the
    .deb's Depends and Recommends; raises BuildError listing each problem."""
    say("checking the libraries the bundle needs (objdump -p, ldd)")
    files = elf_files(folder)
    needs = bundle.needed(files)
    where = ldd(files, folder / "_internal")
    inside = str(folder.resolve()) + os.sep
    problems, missing, system, optional = [], {}, {}, {}
    for path in files:
        relative = path.relative_to(folder).as_posix()
        is_optional = relative.endswith(bundle.OPTIONAL_FOR)
        for name in needs.get(path, []):
            found = where.get(path, {}).get(name)
            if found and os.path.realpath(found).startswith(inside):
                continue
            if bundle.LIBC.match(name):
                continue
            if name in bundle.SYSTEM_LIBRARIES:
                if found is None:
                    missing.setdefault(name, []).append(relative)
                else:
                    system[name] = found
            elif name in bundle.OPTIONAL_LIBRARIES and is_optional:
                optional[name] = found
            else:
                problems.append(
                    f"{relative} needs {name} ({found or 'not found'}), which is neither in the "
                    "bundle nor in bundle.SYSTEM_LIBRARIES: bundle it, or review it and add it "
                    "to that list with its Debian package")
    for name, users in sorted(missing.items()):
        problems.append(
            f"{name} is not on this machine, so the bundle cannot be checked: install "
            f"{bundle.SYSTEM_LIBRARIES[name]} (needed by {', '.join(users)})")
    if problems:
        raise BuildError("the bundle needs libraries it does not carry or name:\n  "
                         + "\n  ".join(problems))

    def package_for(name: str, path: str | None, reviewed: str) -> str:
        if path is None or not shutil.which("dpkg"):
            return reviewed
        found = bundle.debian_package(path)
        if found and found != reviewed:
            say(f"{name} is in {found} on this system ({reviewed} on Debian 12): using {found}")
            return found
        return found or reviewed

    depends = {package_for(n, p, bundle.SYSTEM_LIBRARIES[n]) for n, p in system.items()}
    recommends = set(bundle.RECOMMENDS) - depends if optional else set()
    unused = sorted(set(bundle.SYSTEM_LIBRARIES) - set(system))
    if unused:
        say("listed in bundle.SYSTEM_LIBRARIES but needed by nothing in this bundle: "
            + " ".join(unused))
    libc = f"libc6 (>= {glibc_needed(files)})"
    return {"Depends": [libc, *sorted(depends)], "Recommends": sorted(recommends)}


# -- Linux: the files around the bundle ------------------------------------------------------
def release_date() -> str:
    """The day of the last commit (so a rebuild says the same), or today outside git."""
    done = subprocess.run(["git", "log", "-1", "--format=%cs"], capture_output=True,
                          text=True, cwd=ROOT)
    text = done.stdout.strip()
    return text if done.returncode == 0 and text else dt.date.today().isoformat()


def metainfo_text() -> str:
    template = (HERE / "linux" / "metainfo.xml").read_text(encoding="utf-8")
    return (template.replace("@APP_ID@", bundle.APP_ID).replace("@VERSION@", version())
            .replace("@DATE@", release_date()))


def validate_metainfo(root: Path, path: Path) -> None:
    """root: the installed tree (the .deb's), path: its metainfo file."""
    if not shutil.which("appstreamcli"):
        say("appstreamcli is not installed: the AppStream metainfo is not validated "
            "(apt-get install appstream)")
        return
    # validate: the file itself; validate-tree: with the menu entry and icons it names.
    for command in (["validate", "--no-net", str(path)],
                    ["validate-tree", "--no-net", str(root)]):
        done = subprocess.run(["appstreamcli", *command], capture_output=True, text=True)
        output = (done.stdout + done.stderr).strip()
        flagged = [line for line in output.splitlines() if re.match(r"^[EW]: ", line)]
        if done.returncode != 0 or flagged:
            raise BuildError(f"appstreamcli {command[0]} found problems:\n{output}")
    say(f"appstreamcli validate and validate-tree: {path.name} is valid")


def share_tree(target: Path) -> None:
    """share/: the menu entry, the icon at the theme's sizes, the AppStream metainfo."""
    icon_dir = icons.ensure(BUILD / "icons")
    (target / "applications").mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "resources" / f"{NAME}.desktop", target / "applications")
    for size in icons.HICOLOR_SIZES:
        folder = target / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(icons.png(icon_dir, size), folder / f"{NAME}.png")
    scalable = target / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "resources" / f"{NAME}.svg", scalable / f"{NAME}.svg")
    (target / "metainfo").mkdir(parents=True, exist_ok=True)
    metainfo = target / "metainfo" / f"{bundle.APP_ID}.metainfo.xml"
    metainfo.write_text(metainfo_text(), encoding="utf-8")


def link_tree(source: Path, target: Path) -> None:
    """A copy of the bundle made of hard links (it is 200 MB), or a plain copy."""
    def copy(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    shutil.copytree(source, target, symlinks=True, copy_function=copy)


def normalise_modes(folder: Path) -> None:
    """Folders 755, files 644, or 755 when executable by their owner: what a package holds."""
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if path.stat().st_mode & 0o100 else 0o644)


def debian_copyright() -> str:
    return f"""Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Networking Folder
Comment: The program is a PyInstaller bundle under /opt/{NAME}/. It carries Python, Qt
 (PySide6, under the LGPL-3.0: see licenses/Qt/NOTICE.txt) and the Python packages listed in
 licenses/THIRD-PARTY.txt, each with its licence texts in licenses/ beside this file (the same
 folder is /opt/{NAME}/_internal/licenses/).

Files: *
Copyright: the Networking Folder team
License: GPL-3+
 This program is free software: you can redistribute it and/or modify it under the terms of
 the GNU General Public License as published by the Free Software Foundation, either version 3
 of the License, or (at your option) any later version.
 .
 On Debian systems, the complete text of the GNU General Public License version 3 can be found
 in /usr/share/common-licenses/GPL-3, and in licenses/LICENSE beside this file.
"""


def deb(libraries: dict[str, list[str]]) -> Path:
    v, arch = version(), deb_architecture()
    root = BUILD / "deb" / f"{NAME}_{v}_{arch}"
    if root.exists():
        shutil.rmtree(root)
    opt = root / "opt" / NAME
    opt.parent.mkdir(parents=True)
    link_tree(BUNDLE, opt)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / NAME).symlink_to(f"/opt/{NAME}/{NAME}")
    share_tree(root / "usr" / "share")
    doc = root / "usr" / "share" / "doc" / NAME
    shutil.copytree(BUNDLE / "_internal" / "licenses", doc / "licenses")
    (doc / "copyright").write_text(debian_copyright(), encoding="utf-8")
    normalise_modes(root)
    validate_metainfo(root, root / "usr" / "share" / "metainfo" / f"{bundle.APP_ID}.metainfo.xml")

    installed_kib = (size_of(root) + 1023) // 1024
    fields = {
        "Package": NAME,
        "Version": v,
        "Architecture": arch,
        "Maintainer": MAINTAINER,
        "Installed-Size": str(installed_kib),
        "Depends": ", ".join(libraries["Depends"]),
        "Recommends": ", ".join(libraries["Recommends"]),
        "Section": "misc",
        "Priority": "optional",
        "Description": "referral networker's folder: contacts, referrals and follow-ups\n"
        " Networking Folder is the networking folder that referral coaches tell you to\n"
        " keep, as a desktop program: your contacts, the referrals you give and receive,\n"
        " and the follow-ups that keep every referral moving, with the weekly tracking\n"
        " sheet, partner scorecards and quarter reports as PDF. For financial advisors\n"
        " and other sales producers who belong to a networking group. It works offline\n"
        " and keeps everything in one file that belongs to you.",
    }
    control = "".join(f"{key}: {value}\n" for key, value in fields.items() if value)
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(control, encoding="utf-8")
    (root / "DEBIAN").chmod(0o755)
    (root / "DEBIAN" / "control").chmod(0o644)

    out = DIST / f"{NAME}_{v}_{arch}.deb"
    say(f"building {out.name} (dpkg-deb)")
    if not shutil.which("dpkg-deb"):
        raise BuildError("dpkg-deb is not installed (apt-get install dpkg)")
    done = subprocess.run(["dpkg-deb", "--build", "--root-owner-group", str(root), str(out)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"dpkg-deb failed:\n{done.stdout}{done.stderr}")
    say("Depends: " + fields["Depends"])
    if fields["Recommends"]:
        say("Recommends: " + fields["Recommends"])
    return out


TARBALL_README = """Networking Folder {version} for Linux ({arch})

To install it for yourself (no administrator password needed), open a terminal in this folder
and type:

    ./install.sh

It copies the program to ~/.local/lib/networking-folder, adds the command networking-folder
to ~/.local/bin and puts Networking Folder in your applications menu. Your data will live in
~/.local/share/networking-folder/.

To remove it: ~/.local/lib/networking-folder/install.sh --uninstall (or ./install.sh --uninstall
from here). Your data stays where it is.

To run it without installing: ./networking-folder/networking-folder

It needs a Linux desktop with glibc {glibc} or newer (`ldd --version` says which you have) and
the usual desktop libraries (X11 or Wayland, fontconfig, GLib, D-Bus, CUPS), which every
desktop has; the .deb names them and installs any that are missing. The licences of everything
inside are in networking-folder/_internal/licenses/.
"""


def tarball(libraries: dict[str, list[str]]) -> Path:
    v, arch = version(), deb_architecture()
    top = f"{NAME}-{v}"
    stage = BUILD / "tarball" / top
    if stage.parent.exists():
        shutil.rmtree(stage.parent)
    stage.mkdir(parents=True)
    link_tree(BUNDLE, stage / NAME)
    share_tree(stage / "share")
    shutil.copy2(HERE / "linux" / "install.sh", stage / "install.sh")
    shutil.copy2(ROOT / "LICENSE", stage / "LICENSE")
    glibc = libraries["Depends"][0].split(">= ")[1].rstrip(")")
    (stage / "README.txt").write_text(
        TARBALL_README.format(version=v, arch=arch, glibc=glibc), encoding="utf-8")
    normalise_modes(stage)
    (stage / "install.sh").chmod(0o755)

    out = DIST / f"{NAME}-{v}-linux-{arch}.tar.gz"
    say(f"building {out.name}")

    def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(out, "w:gz", compresslevel=6) as archive:
        archive.add(stage, arcname=top, filter=owned_by_root)
    return out


# -- main ------------------------------------------------------------------------------------
def build() -> list[Path]:
    started = time.monotonic()
    steps: list[str] = []

    def timed(label: str, function, *args):
        begun = time.monotonic()
        result = function(*args)
        steps.append(f"{label} {time.monotonic() - begun:.0f} s")
        return result

    if STAMP.exists():
        STAMP.unlink()
    icons.ensure(BUILD / "icons")
    timed("PyInstaller", pyinstaller)
    made = [BUNDLE]
    if sys.platform == "darwin":
        made.append(DIST / f"{bundle.DISPLAY_NAME}.app")
    if sys.platform.startswith("linux"):
        libraries = timed("library check", check_libraries, BUNDLE)
        made.append(timed(".deb", deb, libraries))
        made.append(timed("tarball", tarball, libraries))
    made.append(timed("wheel", wheel))
    STAMP.parent.mkdir(parents=True, exist_ok=True)
    STAMP.write_text(inputs_digest())
    seconds = time.monotonic() - started
    say(f"done in {seconds:.0f} s ({', '.join(steps)}):")
    for path in made:
        print(f"  {path.relative_to(ROOT)}{'/' if path.is_dir() else ''}  "
              f"{megabytes(size_of(path))}", flush=True)
    return made


def main(argv: list[str]) -> int:
    if argv == ["--if-stale"] and is_fresh():
        say("the bundle and packages are up to date with the sources")
        return 0
    try:
        build()
    except BuildError as error:
        print(f"package: FAILED: {error}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
