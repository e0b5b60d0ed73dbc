"""After an edit, how long until the list shows it: Referrals Given over 50,000 referrals, and
Follow-ups over 20,000.

    python benchmarks/reload.py [--folder DIR] [--edits 25]

Works on a copy of the large folder (made by make_large_folder.py when not given), so the
edits never pile up in it. The window is the real one (MainWindow on the copy) with Referrals
Given on screen, after the day's rules and the backup on opening have run. Each edit moves one
referral on screen to another status through the real service
(folder.referrals.set_status: its transaction, the follow-up rules, the change log) and
then lets the window do what it does about it. Prints, as median and p95 over --edits edits:

- bare: QStandardItemModel.setData of one cell of a 50,000-row QTableView and its repaint;
- the tab: from the change being committed (the folder's first listener) until the table
  shows the new status and has repainted; and the service call alone, and the two together
  (edits one after another; the first after the rows were read, which indexes their ids,
  printed on its own);
- full reload: the tab's reload() after the same edit, and its repaint (how every change
  reached the table before partial updates), over as many edits after those;

with the tab's ratios to the bare figure and to the full reload (target: the tab <= 30 ms).
Then the same on Follow-ups (its 20,000 open ones, by when they are due): each edit marks a
follow-up on screen done, so that its row leaves the list (finished ones are not shown),
and the next opens it again, so that it comes back (folder.follow_ups.complete and reopen).
Runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise; settings go to a
temporary place.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA_FILE = "networking-folder.sqlite3"


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def line(name: str, times: list[float], extra: str = "") -> str:
    return (
        f"  {name}: median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {p95(times) * 1000:.1f} ms{extra}"
    )


def copy_folder(source: Path, target: Path) -> None:
    """The folder's data file, copied through SQLite's online backup (never a file copy)."""
    target.mkdir(parents=True, mode=0o700)
    reader = sqlite3.connect(f"file:{source / DATA_FILE}?mode=ro", uri=True)
    writer = sqlite3.connect(target / DATA_FILE)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def wait_until(app, condition, what: str, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit(f"gave up waiting for {what}")
        app.processEvents()


def bare_set_data(app, rows: int, edits: int) -> list[float]:
    """setData of one cell in a QStandardItemModel of ``rows`` rows, and the repaint."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    model = QStandardItemModel(rows, 5)
    for row in range(rows):
        for column, text in enumerate(("Mon 23 Nov 2026", "Maria Alvarez", "Ben Carter",
                                       "Rolling over a 401(k)", "Given")):  # fmt: skip
            model.setItem(row, column, QStandardItem(text))
    view = QTableView()
    view.setModel(model)
    view.resize(1180, 720)
    view.show()
    app.processEvents()
    times = []
    for number in range(edits):
        started = time.perf_counter()
        model.setData(model.index(number % 20, 4), "Meeting held" if number % 2 else "Contacted")
        view.viewport().repaint()
        app.processEvents()
        times.append(time.perf_counter() - started)
    view.close()
    return times


def run(folder_dir: Path, edits: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from networking_folder.app import make_application
    from networking_folder.domain.model import Status
    from networking_folder.services import Folder
    from networking_folder.ui.main_window import MainWindow

    app = make_application()
    folder = Folder.open(folder_dir)
    committed: list[float] = []
    folder.subscribe(lambda _changes: committed.append(time.perf_counter()))  # heard first
    window = MainWindow(folder)
    window.resize(1366, 768)
    window.show()
    wait_until(app, lambda: window.backups.started, "the day to start")
    wait_until(app, lambda: not window.backups.running, "the backup on opening")
    tab = on_screen(app, window, window.given_tab)
    model = tab.model
    print(f"Referrals Given: {model.rowCount():,} referrals, sorted by date, newest first")

    def edit(number: int) -> tuple[float, float, float]:
        """Move a row on screen to another status."""
        position = number % 20
        row = model.row_at(position)
        status = Status.MEETING_HELD if row.status is not Status.MEETING_HELD else Status.PARTNER_CONTACTED

        def shows_it() -> bool:
            now = model.row_at(position) if position < model.rowCount() else None
            return now is not None and now.id == row.id and now.status is status

        return timed_edit(
            app, tab, committed, lambda: folder.referrals.set_status(row.id, status), shows_it
        )

    report(app, tab, "one referral's status", edit, committed, edits)
    follow_ups_section(app, window, folder, committed, edits)
    window.close()
    folder.close()


def on_screen(app, window, tab):
    """``tab`` shown, its rows read and painted."""
    window.tabs.setCurrentWidget(tab)
    tab.ensure_loaded()
    app.processEvents()
    return tab


def timed_edit(app, tab, committed: list[float], change, shows_it) -> tuple[float, float, float]:
    """Make ``change()``, wait until ``shows_it()`` and repaint the table: when it started, when
    the change was committed (the folder's first listener) and when it was shown and painted."""
    app.processEvents()
    committed.clear()
    started = time.perf_counter()
    change()
    wait_until(app, shows_it, "the table to show the edit", timeout=30)
    tab.view.viewport().repaint()
    app.processEvents()
    return started, committed[0], time.perf_counter()


def report(app, tab, what: str, edit, committed: list[float], edits: int) -> None:
    """Time ``edit(number)`` (returning started, committed and shown-and-painted times)
    --edits times, then the same edits followed by a full reload of the tab, and print both,
    against a bare one-cell edit of a table as long as the tab's."""
    bare = bare_set_data(app, tab.model.rowCount(), edits)
    started, at_commit, done = edit(0)  # (the first after the rows were read: told apart)
    first = done - at_commit
    ours, service, total = [], [], []
    for number in range(1, edits + 1):
        started, at_commit, done = edit(number)
        ours.append(done - at_commit)
        service.append(at_commit - started)
        total.append(done - started)
    # The same edits shown the old way: every row read again.
    full = []
    for number in range(edits):
        edit(number)
        started = time.perf_counter()
        tab.reload()
        tab.view.viewport().repaint()
        app.processEvents()
        full.append(time.perf_counter() - started)

    print(f"after an edit of {what}, over {edits} edits:")
    print(line("bare QStandardItemModel.setData + repaint", bare))
    print(
        line(
            "the tab, from the change committed to the table repainted",
            ours,
            f"; {statistics.median(ours) / statistics.median(bare):.1f}x the bare median, "
            f"{statistics.median(ours) / statistics.median(full):.2f}x the full reload's "
            "(target <= 30 ms)",
        )
    )
    print(f"  the first edit after the rows were read (it indexes their ids): {first * 1000:.1f} ms")
    print(line("the service call (rules, change log, commit)", service))
    print(line("service and table together", total))
    print(
        line(
            "full reload (tab.reload()) + repaint",
            full,
            f"; {statistics.median(full) / statistics.median(bare):.1f}x the bare median",
        )
    )


def follow_ups_section(app, window, folder, committed: list[float], edits: int) -> None:
    """The Follow-ups tab: one follow-up on screen marked done (its row leaves the list), the
    next edit opening it again (it comes back), and so on."""
    tab = on_screen(app, window, window.follow_ups_tab)
    model = tab.model
    print(f"Follow-ups: {model.rowCount():,} open follow-ups, by when they are due")
    done_last: list[int] = []

    def edit(_number: int) -> tuple[float, float, float]:
        if done_last:  # (it comes back)
            row_id = done_last.pop()
            change, shown = lambda: folder.follow_ups.reopen([row_id]), True
        else:  # (it leaves)
            row_id = model.row_at(5).id
            done_last.append(row_id)
            change, shown = lambda: folder.follow_ups.complete([row_id]), False
        return timed_edit(
            app, tab, committed, change, lambda: model.index_of_id(row_id).isValid() is shown
        )

    report(app, tab, "one follow-up (done, then open again)", edit, committed, edits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, help="a large folder (made if not given)")
    parser.add_argument("--edits", type=int, default=25, help="edits to time (25)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="nf-bench-reload-"))
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")  # never the user's settings
    try:
        copy = scratch / "large"
        if args.folder is None:
            from benchmarks.make_large_folder import build

            print(f"large folder: {build(copy, 10_000, 100_000, 100_000)}")
        else:
            copy_folder(args.folder, copy)
        run(copy, args.edits)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
