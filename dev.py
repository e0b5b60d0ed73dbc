#!/usr/bin/env python3
"""Set up and run Networking Folder from a clone, with nothing but Python 3.10+.

    python3 dev.py start [ARGS...]   set up .venv, then start the program (ARGS go to it)
    python3 dev.py test [ARGS...]    set up .venv, then run every test (ARGS go to pytest) and ruff

Setting up means: make a virtual environment in .venv and install the program into it
with its test tools; it is done again only when pyproject.toml changes.
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


def set_up() -> None:
    if sys.version_info < (3, 10):  # noqa: UP036 - dev.py itself may meet an older Python
        sys.exit("dev.py: Networking Folder needs Python 3.10 or newer.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not PYTHON.exists():
        _say(f"creating the virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    _say("installing Networking Folder and its test tools (first time only)")
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("start", "test"):
        print(__doc__)
        return 2
    set_up()
    command, rest = argv[0], argv[1:]
    if command == "start":
        return subprocess.call([str(PYTHON), "-m", "networking_folder", *rest])
    tests = subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT)
    lint = subprocess.call([str(PYTHON), "-m", "ruff", "check", "."], cwd=ROOT)
    return tests or lint


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
