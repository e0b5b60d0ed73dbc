"""Filter latency on a large folder, against a bare line edit typed into in the same run.

    python benchmarks/filter.py [--folder DIR] [--rounds 3]

Prints keystroke-to-repaint latency (median and p95 over --rounds rounds of the same 50
keystrokes, 3 by default) in the Contacts tab (10,000 rows), Referrals Given (50,000) and a
table of all 100,000 referrals (target p95 <= 25 ms at 100,000 rows), each with its ratio to a
bare QLineEdit beside an empty QTableView typed into in the same run. The first keystroke into
each table (which reads its rows' search text) is timed on its own. Start-up is timed by
benchmarks/startup.py.

Runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise. Settings are kept in a
temporary place, never the user's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def keystroke_latencies(
    app, tab, queries: list[str], keystrokes: int = 50, rounds: int = 3
) -> list[float]:
    """The latency of each of ``keystrokes`` keystrokes typing and erasing ``queries``, in
    ``rounds`` rounds from an empty search (one busy moment of the machine moves a p95 of 50
    keystrokes by itself)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    times = []
    sequence = []
    for query in queries:
        sequence += list(query) + ["\b"] * len(query)
    for _round in range(rounds):
        tab.search.clear()
        app.processEvents()
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


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def report(name: str, rows: int, times: list[float], bare: list[float] | None = None) -> None:
    against = ""
    if bare:
        against = (
            f"; {statistics.median(times) / statistics.median(bare):.1f}x the bare median, "
            f"{p95(times) / p95(bare):.1f}x the bare p95"
        )
    print(
        f"filter {name} ({rows:,} rows): median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {p95(times) * 1000:.1f} ms over {len(times)} keystrokes{against}"
        + (" (target p95 <= 25 ms)" if rows >= 100_000 else "")
    )


def first_keystroke(app, tab, key: str = "e") -> float:
    """The first search in a table, which reads every row's search text once."""
    from PySide6.QtTest import QTest

    tab.search.clear()
    app.processEvents()
    started = time.perf_counter()
    QTest.keyClicks(tab.search, key)
    tab.view.viewport().repaint()
    app.processEvents()
    took = time.perf_counter() - started
    tab.search.clear()
    app.processEvents()
    return took


def filtering(folder_dir: Path, rounds: int = 3) -> None:
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
    # The day's rules and the backup on opening (a copy of the whole file on the worker
    # thread) come after the first paint: let them finish before timing keystrokes.
    deadline = time.perf_counter() + 120
    while not (window.backups.started and not window.backups.running):
        if time.perf_counter() > deadline:
            raise SystemExit("the window's day never started")
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
    bare_times = keystroke_latencies(app, bare, queries, rounds=rounds)
    report("bare line edit, no table work", 0, bare_times)

    for tab in (window.contacts_tab, window.given_tab):
        window.tabs.setCurrentWidget(tab)  # on screen: each keystroke repaints its rows
        tab.ensure_loaded()
        app.processEvents()
        name = window.tabs.tabText(window.tabs.indexOf(tab)).replace("&", "")
        first = first_keystroke(app, tab)
        print(f"first keystroke in {name} (reads the rows' search text): {first * 1000:.0f} ms")
        times = keystroke_latencies(app, tab, queries, rounds=rounds)
        report(name, tab.model.total_count(), times, bare_times)

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
    first = first_keystroke(app, everything)
    print(f"first keystroke in all referrals (reads the rows' search text): {first * 1000:.0f} ms")
    report(
        "all referrals",
        everything.model.total_count(),
        keystroke_latencies(app, everything, queries, rounds=rounds),
        bare_times,
    )
    window.close()
    folder.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--folder", type=Path, help="a large folder (made by make_large_folder.py if not given)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the 50 keystrokes (3)")
    args = parser.parse_args()
    folder = args.folder
    if folder is None:
        from benchmarks.make_large_folder import build

        folder = Path(tempfile.mkdtemp(prefix="nf-bench-")) / "large"
        counts = build(folder, 10_000, 100_000, 100_000)
        print(f"large folder: {counts}")
    filtering(folder, args.rounds)


if __name__ == "__main__":
    main()
