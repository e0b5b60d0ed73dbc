"""Start-up and filter latency on a large folder, against a bare PySide6 window, in one run.

    python benchmarks/startup_and_filter.py [--folder DIR] [--runs 5]

Prints:
- start-up: time from process start to the first paint of the main window's table on the
  large folder, versus a bare QMainWindow in a process of its own (median of --runs), and
  the ratio (target <= 1.5);
- filtering: keystroke-to-repaint latency (median and p95 over 50 keystrokes) in the
  Contacts tab (10,000 rows), Referrals Given (50,000) and a table of all 100,000 referrals
  (target p95 <= 50 ms at 100,000 rows).

Runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARE = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(time.time(), flush=True)
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

OURS = r"""
import sys, time
from pathlib import Path
from PySide6.QtCore import QEvent, QObject
from networking_folder.app import make_application, window_title
from networking_folder.services import Folder
app = make_application()
from networking_folder.ui.main_window import MainWindow
folder = Folder.open(Path(sys.argv[1]))
window = MainWindow(folder, window_title(folder))
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        # The table of the tab shown, painted with its rows: what the user sees first.
        if event.type() == QEvent.Type.Paint and window.current_tab().model.rowCount():
            print(time.time(), flush=True)
            app.quit()
        return False
spy = FirstPaint()
for tab in window.all_tabs():
    tab.view.viewport().installEventFilter(spy)
window.show()
app.exec()
folder.close()
"""


def time_to_first_paint(script: str, *args: str) -> float:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, check=True
    )
    return float(out.stdout.strip().splitlines()[-1]) - started


def start_up(folder: Path, runs: int) -> None:
    time_to_first_paint(BARE)  # warm the file cache for both
    time_to_first_paint(OURS, str(folder))
    bare, ours = [], []
    for _ in range(runs):  # interleaved, so a busy moment hurts both alike
        bare.append(time_to_first_paint(BARE))
        ours.append(time_to_first_paint(OURS, str(folder)))
    b, o = statistics.median(bare), statistics.median(ours)
    print(
        f"start-up to first paint (median of {runs}): bare QMainWindow {b * 1000:.0f} ms, "
        f"Networking Folder on the large folder {o * 1000:.0f} ms, ratio {o / b:.2f} (target <= 1.5)"
    )


def keystroke_latencies(app, tab, queries: list[str], keystrokes: int = 50) -> list[float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    times = []
    tab.search.clear()
    app.processEvents()
    sequence = []
    for query in queries:
        sequence += list(query) + ["\b"] * len(query)
    for key in sequence[:keystrokes]:
        started = time.perf_counter()
        if key == "\b":
            QTest.keyClick(tab.search, Qt.Key.Key_Backspace)
        else:
            QTest.keyClicks(tab.search, key)
        tab.view.viewport().repaint()
        app.processEvents()
        times.append(time.perf_counter() - started)
    return times


def report(name: str, rows: int, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    print(
        f"filter {name} ({rows:,} rows): median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms over {len(times)} keystrokes (target p95 <= 50 ms)"
    )


def filtering(folder_dir: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from networking_folder.app import make_application
    from networking_folder.domain.model import Direction
    from networking_folder.services import Folder
    from networking_folder.ui.main_window import MainWindow
    from networking_folder.ui.tabs.referrals_tab import ReferralsTab

    app = make_application()
    folder = Folder.open(folder_dir)
    window = MainWindow(folder)
    window.show()
    app.processEvents()
    queries = ["maria", "carter", "zoe", "401", "muller", "xq", "roof damage"]

    # Bare baseline in the same run: a QLineEdit and a QTableView over an empty model.
    from PySide6.QtCore import QStringListModel
    from PySide6.QtWidgets import QLineEdit, QTableView, QVBoxLayout, QWidget

    bare = QWidget()
    bare.search, bare.view = QLineEdit(bare), QTableView(bare)
    bare.view.setModel(QStringListModel([]))
    layout = QVBoxLayout(bare)
    layout.addWidget(bare.search)
    layout.addWidget(bare.view)
    bare.resize(1180, 720)
    bare.show()
    report("bare line edit, no table work", 0, keystroke_latencies(app, bare, queries))

    for index, tab in ((0, window.contacts_tab), (1, window.given_tab)):
        window.tabs.setCurrentIndex(index)
        tab.ensure_loaded()
        app.processEvents()
        report(
            window.tabs.tabText(index).replace("&", ""),
            tab.model.total_count(),
            keystroke_latencies(app, tab, queries),
        )

    class AllReferralsTab(ReferralsTab):
        def load_rows(self):
            return self.folder.referrals.rows()

    everything = AllReferralsTab(folder, Direction.GIVEN, window.undo_stack, window.actions)
    window.tabs.addTab(everything, "All referrals")
    started = time.perf_counter()
    window.tabs.setCurrentWidget(everything)  # showing the tab loads it
    everything.ensure_loaded()
    print(
        f"loading all {everything.model.total_count():,} referrals into a table: "
        f"{(time.perf_counter() - started) * 1000:.0f} ms"
    )
    app.processEvents()
    report(
        "all referrals",
        everything.model.total_count(),
        keystroke_latencies(app, everything, queries),
    )
    window.close()
    folder.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--folder", type=Path, help="a large folder (made by make_large_folder.py if not given)"
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = args.folder
    if folder is None:
        from benchmarks.make_large_folder import build

        folder = Path(tempfile.mkdtemp(prefix="nf-bench-")) / "large"
        counts = build(folder, 10_000, 100_000, 100_000)
        print(f"large folder: {counts}")
    start_up(folder, args.runs)
    filtering(folder)


if __name__ == "__main__":
    main()
