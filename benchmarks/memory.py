"""Peak memory with the large folder open and every tab visited, against a bare window.

    python benchmarks/memory.py [--folder DIR] [--runs 3]

Each measure is taken in a child process of its own, in this run, as the peak resident set
size the process reached (resource.getrusage(RUSAGE_SELF).ru_maxrss):

- bare: a QMainWindow (as the start-up benchmark's bare window: PySide6's QApplication and
  QMainWindow), shown, its events processed;
- ours: the window as the program builds it (MainWindow on Folder.open(DIR), the folder made
  by make_large_folder.py: 10,000 contacts, 100,000 referrals and notes), shown, after the
  day's rules and the backup on opening, then every tab made current in turn (each read as it
  is shown, its page following, its charts drawn), its events processed for a moment.

Prints the medians of --runs runs of each, the target (2 x bare + 150 MB) and the ratio of
ours to the target (<= 1 meets it). Settings go to a temporary place, never the user's.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEAK = re.compile(r"^peak (\d+) kB$", re.MULTILINE)

BARE = r"""
import resource
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1180, 720)
window.show()
app.processEvents()
print(f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} kB", flush=True)
"""

OURS = r"""
import resource
import sys
import time

from networking_folder.app import make_application
from networking_folder.services import Folder
from networking_folder.ui.main_window import MainWindow


def settle(app, seconds=0.5):
    # (What a tab does after its first paint, its page's timer, the charts: let it happen.)
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        app.processEvents()


app = make_application()
folder = Folder.open(sys.argv[1])
window = MainWindow(folder)
window.resize(1366, 768)
window.show()
deadline = time.perf_counter() + 300
while not (window.backups.started and not window.backups.running):
    if time.perf_counter() > deadline:
        raise SystemExit("the window's day never started")
    app.processEvents()
for index in range(window.tabs.count()):
    window.tabs.setCurrentIndex(index)
    page = window.tabs.currentWidget()
    getattr(page, "ensure_loaded", lambda: None)()
    settle(app)
shown = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
print("tabs: " + ", ".join(shown), flush=True)
print(f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} kB", flush=True)
window.close()
folder.close()
"""


def child_env(scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = str(scratch / "config")  # QSettings: never the user's
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def peak_of(command: list[str], env: dict[str, str]) -> tuple[int, str]:
    """The child's peak resident set size in kB, and what else it printed."""
    out = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
    found = PEAK.findall(out.stdout)
    if out.returncode != 0 or not found:
        raise SystemExit(
            f"{' '.join(command[:3])} exited {out.returncode} without its peak:\n"
            f"{out.stdout}{out.stderr}"
        )
    return int(found[-1]), PEAK.sub("", out.stdout).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, help="a large folder (made if not given)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each (3)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="nf-bench-memory-"))
    try:
        folder = args.folder
        if folder is None:
            sys.path.insert(0, str(ROOT))
            from benchmarks.make_large_folder import build

            folder = scratch / "large"
            print(f"large folder: {build(folder, 10_000, 100_000, 100_000)}")
        env = child_env(scratch)
        bare, ours, said = [], [], ""
        for _ in range(args.runs):  # interleaved
            bare.append(peak_of([sys.executable, "-c", BARE], env)[0])
            kb, said = peak_of([sys.executable, "-c", OURS, str(folder)], env)
            ours.append(kb)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    bare_mb = statistics.median(bare) / 1024
    ours_mb = statistics.median(ours) / 1024
    target = 2 * bare_mb + 150
    print(said)
    print(f"peak resident memory, median of {args.runs} runs each (child processes):")
    print(f"  bare QMainWindow: {bare_mb:.0f} MB")
    print(
        f"  Networking Folder, the large folder open and every tab visited: {ours_mb:.0f} MB "
        f"({ours_mb / bare_mb:.2f}x the bare window)"
    )
    print(
        f"  target 2 x bare + 150 MB = {target:.0f} MB: ours is {ours_mb / target:.2f} of it "
        f"({'met' if ours_mb <= target else 'over'})"
    )


if __name__ == "__main__":
    main()
