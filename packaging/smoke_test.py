"""Smoke test of the built program: the frozen bundle itself, never the source.

    python3 dev.py smoke      (builds first unless dist/ is up to date with the sources)

Runs the same checks on each way the program reaches a user:
  dist      dist/networking-folder/networking-folder, as PyInstaller made it
  deb       the .deb unpacked with dpkg-deb -x into a temporary root: /opt/networking-folder/
            networking-folder run there, /usr/bin/networking-folder checked to be a link to it,
            the menu entry, icons, metainfo and licences checked to be where they belong
  tarball   the tarball unpacked, install.sh run with a temporary HOME, the installed command
            run, then install.sh --uninstall, which must remove what it put there and leave
            the data folder alone
The checks: --version; demo --no-open --data-dir; sheet to a PDF, which must embed DejaVu Sans
and hold text; due --json with the documented keys; report quarter to a PDF; the window opened
offscreen (NETWORKING_FOLDER_QUIT_AFTER_FIRST_PAINT=1), which must print its first paint and
exit 0. No command may print a Python traceback, a missing module or a missing Qt plugin. Each
run has its own HOME and XDG folders, so your own settings and data are never touched. Prints
each failure and exits 1 if there was any. Linux only for the deb and tarball parts.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIST = ROOT / "dist"
sys.path.insert(0, str(HERE))
import bundle  # noqa: E402

NAME = bundle.NAME
VERSION = importlib.metadata.version("networking-folder")
BAD_OUTPUT = ("Traceback (most recent call last)", "ModuleNotFoundError", "ImportError",
              "Could not find the Qt platform plugin", "Could not load the Qt platform plugin",
              "Cannot load library", "Fatal Python error", "Segmentation fault",
              "error while loading shared libraries")
DUE_KEYS = {"id", "uuid", "kind", "title", "due", "overdue", "contact", "contact_id",
            "contact_uuid", "referral", "referral_uuid", "rule", "reason", "state"}
failures: list[str] = []


def ok(where: str, what: str, seconds: float | None = None) -> None:
    took = f" ({seconds:.1f} s)" if seconds is not None else ""
    print(f"  ok   [{where}] {what}{took}", flush=True)


def fail(where: str, what: str, detail: str = "") -> None:
    message = f"[{where}] {what}" + (f"\n{detail.rstrip()}" if detail else "")
    failures.append(message)
    print(f"  FAIL {message}", flush=True)


def clean_env(home: Path) -> dict[str, str]:
    """A HOME and XDG folders of the test's own, no display but Qt's offscreen one."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("XDG_", "QT_", "PYTHON", "NETWORKING_FOLDER", "LD_"))
           and key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    runtime = home / ".runtime"
    for folder in (home, home / ".config", home / ".local" / "share", home / ".cache",
                   home / ".local" / "state", runtime):
        folder.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local" / "share"),
               XDG_CACHE_HOME=str(home / ".cache"), XDG_STATE_HOME=str(home / ".local" / "state"),
               XDG_RUNTIME_DIR=str(runtime), QT_QPA_PLATFORM="offscreen")
    return env


def run(where: str, what: str, command: list[str], env: dict[str, str], cwd: Path,
        timeout: float = 180) -> subprocess.CompletedProcess | None:
    """Run it; a non-zero exit, a timeout or a traceback is a failure (returns None)."""
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        fail(where, f"{what}: still running after {timeout:.0f} s")
        return None
    except OSError as error:
        fail(where, f"{what}: cannot run {command[0]}: {error}")
        return None
    output = done.stdout + done.stderr
    bad = [text for text in BAD_OUTPUT if text in output]
    if done.returncode != 0 or bad:
        reason = f"exit {done.returncode}" + (f", printed {', '.join(bad)}" if bad else "")
        fail(where, f"{what}: {reason}", output[-3000:])
        return None
    done.seconds = time.monotonic() - started
    return done


def pdf_problems(path: Path, words: str) -> list[str]:
    """An embedded DejaVu Sans (a /FontFile2 whose descriptor names it) and text to extract."""
    from pypdf import PdfReader

    if not path.exists():
        return [f"{path.name} was not written"]
    reader = PdfReader(str(path))
    embedded, text = set(), ""
    for page in reader.pages:
        text += page.extract_text() or ""
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else None
            if descriptor is not None and "/FontFile2" in descriptor:
                embedded.add(str(descriptor.get("/FontName", "")))
    problems = []
    if not any(name.split("+")[-1] == "DejaVuSans" for name in embedded):
        problems.append(f"DejaVu Sans is not embedded (embedded: {sorted(embedded) or 'none'})")
    if words.lower() not in text.lower():
        problems.append(f"no text '{words}' to extract (got {len(text)} characters)")
    return problems


def check_program(where: str, program: Path, work: Path) -> None:
    """The checks every built program goes through."""
    if not program.exists():
        fail(where, f"{program} does not exist")
        return
    home, data = work / "home", work / "folder"
    env = clean_env(home)

    done = run(where, "--version", [str(program), "--version"], env, work)
    if done:
        if done.stdout.strip() == f"networking-folder {VERSION}":
            ok(where, f"--version prints '{done.stdout.strip()}'", done.seconds)
        else:
            fail(where, "--version", f"printed {done.stdout!r}, not 'networking-folder {VERSION}'")

    done = run(where, "demo", [str(program), "demo", "--no-open", "--data-dir", str(data)],
               env, work)
    if done:
        if (data / "networking-folder.sqlite3").exists():
            ok(where, "demo --no-open filled a sample folder", done.seconds)
        else:
            fail(where, "demo", f"no networking-folder.sqlite3 in {data}")
            return

    def check_pdf(name: str, command: list[str], expected_text: str, said: str) -> None:
        pdf = work / f"{command[0]}.pdf"
        done = run(where, name, [str(program), "--data-dir", str(data), *command, "-o", str(pdf)],
                   env, work)
        if done:
            problems = pdf_problems(pdf, expected_text)
            if problems:
                fail(where, name, "\n".join(problems))
            else:
                ok(where, f"{name}: {said}", done.seconds)

    check_pdf("sheet", ["sheet"], "Referral tracking sheet",
              "a PDF with DejaVu Sans embedded and its text")

    done = run(where, "due --json", [str(program), "--data-dir", str(data), "due", "--json"],
               env, work)
    if done:
        try:
            items = json.loads(done.stdout)
            missing = [sorted(DUE_KEYS - set(item)) for item in items if DUE_KEYS - set(item)]
            if not isinstance(items, list) or not items:
                fail(where, "due --json", f"expected a non-empty list, got {done.stdout[:200]!r}")
            elif missing:
                fail(where, "due --json", f"items lack keys: {missing[0]}")
            else:
                ok(where, f"due --json: {len(items)} follow-ups with the documented keys",
                   done.seconds)
        except json.JSONDecodeError as error:
            fail(where, "due --json", f"not JSON ({error}): {done.stdout[:200]!r}")

    check_pdf("report quarter", ["report", "quarter"], "quarter",
              "a PDF with DejaVu Sans embedded")

    window_env = dict(env, NETWORKING_FOLDER_QUIT_AFTER_FIRST_PAINT="1")
    done = run(where, "the window", [str(program), "--data-dir", str(data)], window_env, work)
    if done:
        if "first paint at" in done.stdout:
            ok(where, "the window opened offscreen, painted and closed (exit 0)", done.seconds)
        else:
            fail(where, "the window", f"no 'first paint at' line in {done.stdout[-500:]!r}")


def expect(where: str, condition: bool, what: str, detail: str = "") -> None:
    if condition:
        ok(where, what)
    else:
        fail(where, what, detail)


def check_share(where: str, share: Path, exec_line: str) -> None:
    """The menu entry, the icons and the metainfo under a share/ folder."""
    desktop = share / "applications" / f"{NAME}.desktop"
    text = desktop.read_text(encoding="utf-8") if desktop.exists() else ""
    expect(where, f"\n{exec_line}\n" in f"\n{text}", f"menu entry with {exec_line}",
           text or f"{desktop} is missing")
    expect(where, f"\nIcon={NAME}\n" in text, f"menu entry with Icon={NAME}")
    icons = [share / "icons" / "hicolor" / f"{s}x{s}" / "apps" / f"{NAME}.png"
             for s in (16, 24, 32, 48, 64, 128, 256)]
    icons.append(share / "icons" / "hicolor" / "scalable" / "apps" / f"{NAME}.svg")
    absent = [str(p.relative_to(share)) for p in icons if not p.exists()]
    expect(where, not absent, "icons at 16 to 256 px and scalable", f"missing: {absent}")


def check_licences(where: str, folder: Path) -> None:
    needed = ["LICENSE", "THIRD-PARTY.txt", "Qt/NOTICE.txt", "Qt/LGPL-3.0.txt",
              "DejaVu-fonts/LICENSE-DejaVu.txt"]
    absent = [name for name in needed if not (folder / name).exists()]
    third_party = (folder / "THIRD-PARTY.txt").read_text() if not absent else ""
    names = ("PySide6", "pypdfium2", "reportlab", "peewee", "Python")
    unnamed = [n for n in names if n.lower() not in third_party.lower()]
    expect(where, not absent and not unnamed, f"licences in {folder.name}/",
           f"missing: {absent}, not in THIRD-PARTY.txt: {unnamed}")


def check_dist(work: Path) -> None:
    print("The bundle in dist/:", flush=True)
    check_program("dist", DIST / NAME / NAME, work)
    check_licences("dist", DIST / NAME / "_internal" / "licenses")


def check_deb(work: Path) -> None:
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True,
                          text=True).stdout.strip()
    package = DIST / f"{NAME}_{VERSION}_{arch}.deb"
    print(f"The .deb ({package.name}), unpacked with dpkg-deb -x:", flush=True)
    if not package.exists():
        fail("deb", f"{package} does not exist")
        return
    fields = {}
    for field in ("Package", "Version", "Architecture", "Depends", "Installed-Size"):
        fields[field] = subprocess.run(["dpkg-deb", "-f", str(package), field],
                                       capture_output=True, text=True).stdout.strip()
    expect("deb", fields["Package"] == NAME and fields["Version"] == VERSION
           and fields["Architecture"] == arch and "libc6" in fields["Depends"]
           and fields["Installed-Size"].isdigit(),
           f"control: {NAME} {VERSION} {arch}, Depends and Installed-Size", str(fields))
    root = work / "root"
    done = subprocess.run(["dpkg-deb", "-x", str(package), str(root)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        fail("deb", "dpkg-deb -x", done.stderr)
        return
    link = root / "usr" / "bin" / NAME
    target = os.readlink(link) if link.is_symlink() else None
    expect("deb", target == f"/opt/{NAME}/{NAME}", f"/usr/bin/{NAME} links to /opt/{NAME}/{NAME}",
           f"it is {target!r}")
    check_share("deb", root / "usr" / "share", f"Exec={NAME}")
    metainfo = root / "usr" / "share" / "metainfo" / f"{bundle.APP_ID}.metainfo.xml"
    expect("deb", metainfo.exists(), f"metainfo at /usr/share/metainfo/{metainfo.name}")
    doc = root / "usr" / "share" / "doc" / NAME
    expect("deb", (doc / "copyright").exists(), f"/usr/share/doc/{NAME}/copyright")
    check_licences("deb", doc / "licenses")
    check_program("deb", root / "opt" / NAME / NAME, work)


def check_tarball(work: Path) -> None:
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True,
                          text=True).stdout.strip() if shutil.which("dpkg") else \
        {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine)
    archive = DIST / f"{NAME}-{VERSION}-linux-{arch}.tar.gz"
    print(f"The tarball ({archive.name}) and its install.sh, with a temporary HOME:", flush=True)
    if not archive.exists():
        fail("tarball", f"{archive} does not exist")
        return
    unpacked = work / "unpacked"
    with tarfile.open(archive) as opened:
        names = opened.getnames()
        top = f"{NAME}-{VERSION}"
        stray = [n for n in names if n != top and not n.startswith(top + "/")]
        if stray:
            fail("tarball", f"entries outside {top}/", str(stray[:5]))
            return
        opened.extractall(unpacked, filter="tar") if hasattr(tarfile, "data_filter") \
            else opened.extractall(unpacked)
    folder = unpacked / top
    for name in ("install.sh", f"{NAME}/{NAME}", f"share/applications/{NAME}.desktop",
                 f"share/metainfo/{bundle.APP_ID}.metainfo.xml"):
        expect("tarball", (folder / name).exists(), f"holds {top}/{name}")

    home = work / "home"
    env = clean_env(home)
    env.pop("XDG_DATA_HOME")  # install.sh's default, ~/.local/share
    data_home = home / ".local" / "share"
    user_data = data_home / NAME / "folder"
    user_data.mkdir(parents=True)
    (user_data / "keep-me.txt").write_text("the user's data")
    done = run("tarball", "install.sh", ["sh", str(folder / "install.sh")], env, work)
    if not done:
        return
    ok("tarball", "install.sh ran: " + done.stdout.strip().splitlines()[0], done.seconds)
    installed = home / ".local" / "lib" / NAME
    command = home / ".local" / "bin" / NAME
    expect("tarball", command.is_symlink() and os.readlink(command) == str(installed / NAME),
           f"~/.local/bin/{NAME} links to ~/.local/lib/{NAME}/{NAME}")
    expect("tarball", "which it is not yet" in done.stdout,
           "install.sh says ~/.local/bin is not on PATH (it is not, here)", done.stdout)
    again = dict(env, PATH=f"{home / '.local' / 'bin'}{os.pathsep}{env.get('PATH', '')}")
    done = run("tarball", "install.sh again", ["sh", str(folder / "install.sh")], again, work)
    if done:
        expect("tarball", done.stdout.startswith("Updated to") and f"or type: {NAME}\n"
               in done.stdout, "install.sh again: 'Updated to', and ~/.local/bin on PATH said",
               done.stdout)
    check_share("tarball", data_home, f'Exec="{installed / NAME}"')
    check_program("tarball", command, work)

    done = run("tarball", "install.sh --uninstall",
               ["sh", str(installed / "install.sh"), "--uninstall"], env, work)
    if done:
        left = [p for p in (installed, command, data_home / "applications" / f"{NAME}.desktop",
                            data_home / "icons" / "hicolor" / "48x48" / "apps" / f"{NAME}.png")
                if p.exists() or p.is_symlink()]
        expect("tarball", not left, "install.sh --uninstall removed the program, command, "
               "menu entry and icons", f"left: {left}")
        folders = sorted(str(p) for p in (data_home / "icons").rglob("*"))
        expect("tarball", not folders, "... and the icon folders it had made (nothing else "
               "was in them)", f"left: {folders}")
        expect("tarball", (user_data / "keep-me.txt").exists() and str(user_data.parent)
               in done.stdout, "... and left the data folder alone, saying where it is",
               done.stdout)


def main(argv: list[str]) -> int:
    started = time.monotonic()
    parts = argv or ["dist", "deb", "tarball"]
    if not sys.platform.startswith("linux"):
        parts = [p for p in parts if p == "dist"]
    with tempfile.TemporaryDirectory(prefix="nf-smoke-") as temp:
        for part in parts:
            work = Path(temp) / part
            work.mkdir()
            {"dist": check_dist, "deb": check_deb, "tarball": check_tarball}[part](work)
    seconds = time.monotonic() - started
    if failures:
        print(f"smoke test: {len(failures)} FAILED ({seconds:.0f} s):", file=sys.stderr)
        for failure in failures:
            print(f"  - {failure.splitlines()[0]}", file=sys.stderr)
        return 1
    print(f"smoke test: every check passed ({seconds:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
