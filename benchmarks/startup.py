"""Start-up: from launching the real program to the first paint of its window with its first
rows, against a bare PySide6 QMainWindow launched the same way, in one run.

    python benchmarks/startup.py [--folder DIR] [--small-folder DIR] [--runs 15]
                                 [--bundle dist/networking-folder/networking-folder] [--x11]

Each case is a process of its own, launched --runs times, interleaved with the others so a
busy moment hurts all alike (after one warm-up launch of each); medians are printed with
their ranges and the ratio to the bare window's median (targets: 1.5 on the large folder,
1.3 on an empty one, and at most 10% more on 10,000 contacts than on 1,000).

- bare: `python -c <a QMainWindow>` that reports its first paint and quits;
- the real entry, `python -m networking_folder --data-dir DIR`, on the large folder (10,000
  contacts, 100,000 referrals and notes: benchmarks/make_large_folder.py) opening on its
  home page, the same opening on Contacts (10,000 rows), on Referrals Given (50,000) and on
  Follow-ups (the open ones of 20,000), a folder a tenth of the size, and
  an empty folder (the welcome page);
- with --bundle, the frozen program (`python3 dev.py package` builds it) on the large and
  the empty folder, against the same bare window (run by Python: there is no frozen bare
  window to compare with).

The program reports its first paint and closes when NETWORKING_FOLDER_QUIT_AFTER_FIRST_PAINT=1
(for benchmarks and tests only). By default windows go to Qt's offscreen platform; with --x11
each run gets a real X server (Xvfb) and the paint is of a mapped window. Settings, the
runtime directory (XDG_RUNTIME_DIR, which a desktop session always sets) and bytecode caches
live in a temporary place, never the user's.
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_PAINT = re.compile(r"^first paint at (\d+\.\d+) with (\d+) rows$", re.MULTILINE)

BARE = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(f"first paint at {time.time():.6f} with 0 rows", flush=True)
            QApplication.instance().quit()
        return False
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1180, 720)
spy = FirstPaint()
window.installEventFilter(spy)
window.show()
app.exec()
"""


def environment(scratch: Path, config: str, display: str | None) -> dict[str, str]:
    env = dict(os.environ)
    # As an installed program starts: from cached bytecode (pip and the bundle compile it).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "bytecode")
    if display:
        env["DISPLAY"], env["QT_QPA_PLATFORM"] = display, "xcb"
    else:
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = str(scratch / config)  # QSettings: the user's are never touched
    # As in a desktop session, which always has one (the window's socket goes there).
    runtime = scratch / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["NETWORKING_FOLDER_QUIT_AFTER_FIRST_PAINT"] = "1"
    return env


def time_to_first_paint(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds from launching the process to its first paint, and the rows it showed."""
    started = time.time()
    out = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    found = FIRST_PAINT.findall(out.stdout)
    if out.returncode != 0 or not found:
        raise SystemExit(
            f"{' '.join(command)} exited {out.returncode} without a first paint:\n"
            f"{out.stdout}{out.stderr}"
        )
    painted_at, rows = found[-1]
    return float(painted_at) - started, int(rows)


def start_x_server() -> tuple[subprocess.Popen, str]:
    for number in range(90, 120):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            break
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if time.monotonic() > deadline or server.poll() is not None:
            raise SystemExit("Xvfb did not start")
        time.sleep(0.05)  # (waiting for a server to come up: no clock is measured here)
    return server, f":{number}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=ROOT / "benchmarks" / "out" / "large")
    parser.add_argument("--small-folder", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=15, help="interleaved runs of each (15)")
    parser.add_argument("--bundle", type=Path, default=None, help="the frozen program to time too")
    parser.add_argument("--x11", action="store_true", help="paint on Xvfb, not offscreen")
    args = parser.parse_args()
    make = [sys.executable, str(ROOT / "benchmarks" / "make_large_folder.py")]
    if not args.folder.exists():
        subprocess.run([*make, str(args.folder)], check=True)
    small = args.small_folder or args.folder.with_name(args.folder.name + "-tenth")
    if not small.exists():
        subprocess.run(
            [*make, str(small), "--contacts", "1000", "--referrals", "10000", "--notes", "10000"],
            check=True,
        )

    scratch = Path(tempfile.mkdtemp(prefix="nf-bench-start-"))
    server, display = start_x_server() if args.x11 else (None, None)
    try:
        home = environment(scratch, "config", display)

        def opening_on(tab_name: str) -> dict[str, str]:
            """Settings of a window closed on this tab, which it opens on again."""
            conf = scratch / tab_name / "Networking Folder" / "Networking Folder.conf"
            conf.parent.mkdir(parents=True)
            conf.write_text(f"[window]\ntab_name={tab_name}\n")
            return environment(scratch, tab_name, display)

        ours = [sys.executable, "-m", "networking_folder", "--data-dir"]
        cases: dict[str, tuple[str, list[str], dict[str, str]]] = {
            "bare": ("a bare QMainWindow", [sys.executable, "-c", BARE], home),
            "large": ("the large folder, on its home page", [*ours, str(args.folder)], home),
            "large_list": (
                "the large folder, on Contacts",
                [*ours, str(args.folder)],
                opening_on("contacts_tab"),
            ),
            "large_given": (
                "the large folder, on Referrals Given",
                [*ours, str(args.folder)],
                opening_on("given_tab"),
            ),
            "large_follow_ups": (
                "the large folder, on Follow-ups",
                [*ours, str(args.folder)],
                opening_on("follow_ups_tab"),
            ),
            "small": ("a folder a tenth of its size, home page", [*ours, str(small)], home),
            "empty": ("an empty folder (the welcome page)", [*ours, str(scratch / "empty")], home),
        }
        if args.bundle:
            frozen = [str(args.bundle.resolve()), "--data-dir"]
            cases["bundle_large"] = ("the bundle, large folder", [*frozen, str(args.folder)], home)
            cases["bundle_empty"] = (
                "the bundle, empty folder",
                [*frozen, str(scratch / "empty-bundle")],
                home,
            )
        times: dict[str, list[float]] = {name: [] for name in cases}
        rows: dict[str, int] = {}
        for _label, command, env in cases.values():  # warm-up: caches, and the empty folders
            time_to_first_paint(command, env)
        for _ in range(args.runs):
            for name, (_label, command, env) in cases.items():
                seconds, rows[name] = time_to_first_paint(command, env)
                times[name].append(seconds)
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        shutil.rmtree(scratch, ignore_errors=True)

    median = {name: statistics.median(values) for name, values in times.items()}
    bare = median["bare"]
    where = "on Xvfb (mapped windows)" if args.x11 else "offscreen"
    print(f"start-up, launch to first paint, {where}: median of {args.runs} interleaved runs")
    targets = {"large": 1.5, "large_list": 1.5, "large_given": 1.5, "large_follow_ups": 1.5,
               "empty": 1.3, "bundle_large": 1.5}  # fmt: skip
    for name, (label, _command, _env) in cases.items():
        spread = f"{min(times[name]) * 1000:.0f}–{max(times[name]) * 1000:.0f} ms"
        line = f"  {label}: {median[name] * 1000:.0f} ms (range {spread})"
        if name != "bare":
            target = f" (target <= {targets[name]})" if name in targets else ""
            line += f", {rows[name]:,} rows painted, ratio {median[name] / bare:.2f}{target}"
        print(line)
    growth = median["large"] / median["small"] - 1
    print(f"  growth from 1,000 to 10,000 contacts: {growth * 100:+.1f}% (target <= +10%)")


if __name__ == "__main__":
    main()
