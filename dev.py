#!/usr/bin/env python3
"""Set up and run Networking Folder from a clone, with nothing but Python 3.10+.

    python3 dev.py start [ARGS...]   set up .venv, then start the program (ARGS go to it)
    python3 dev.py test [ARGS...]    set up .venv, then run every test (ARGS go to pytest) and ruff
    python3 dev.py package           set up .venv, then build the program for this system into
                                     dist/: the PyInstaller bundle and the wheel, and on Linux
                                     the .deb and the tarball (packaging/README.md)
    python3 dev.py smoke             package (unless dist/ is up to date), then run the built
                                     program itself, from dist/, the .deb and the tarball

Setting up means: make a virtual environment in .venv and install the program into it
with its test tools (and PyInstaller, for package and smoke); it is done again only when
pyproject.toml changes or a command needs a tool not yet installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed-from"


def _say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def set_up(extras: tuple[str, ...] = ("test",)) -> None:
    """The stamp holds the hash of pyproject.toml it was installed from, then the extras."""
    if sys.version_info < (3, 10):  # noqa: UP036 - dev.py itself may meet an older Python
        sys.exit("dev.py: Networking Folder needs Python 3.10 or newer.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = STAMP.read_text().split() if PYTHON.exists() and STAMP.exists() else []
    installed = set(stamp[1].split(",")) if len(stamp) > 1 else {"test"}
    if stamp and stamp[0] == wanted and installed.issuperset(extras):
        return
    if not PYTHON.exists():
        _say(f"creating the virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    every = sorted(set(extras) | (installed if stamp else set()))
    tools = "its test tools" if every == ["test"] else "its tools (" + ", ".join(every) + ")"
    _say(f"installing Networking Folder and {tools} (first time only)")
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "-e", f"{ROOT}[{','.join(every)}]"], check=True)
    STAMP.write_text(f"{wanted}\n{','.join(every)}\n")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("start", "test", "package", "smoke"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command in ("package", "smoke"):
        set_up(("test", "package"))  # test: the smoke test reads the PDFs with pypdf
        build = [str(PYTHON), str(ROOT / "packaging" / "build.py")]
        if command == "package":
            return subprocess.call([*build, *rest], cwd=ROOT)
        built = subprocess.call([*build, "--if-stale"], cwd=ROOT)
        smoke = [str(PYTHON), str(ROOT / "packaging" / "smoke_test.py"), *rest]
        return built or subprocess.call(smoke, cwd=ROOT)
    set_up()
    if command == "start":
        return subprocess.call([str(PYTHON), "-m", "networking_folder", *rest])
    tests = subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT)
    lint = subprocess.call([str(PYTHON), "-m", "ruff", "check", "."], cwd=ROOT)
    return tests or lint


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
