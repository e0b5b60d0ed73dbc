"""How long the tracking sheet takes, against a bare ReportLab table of the same rows.

    python benchmarks/sheet.py [--rows 500] [--runs 15]

Both are built in this run, to memory, with the same font, in interleaved runs (a busy
moment of the machine falls on both alike): the bare one is a single platypus Table of the
rows with a header row and fixed column widths and row heights, on landscape Letter. Prints
the medians and the ratio (target <= 1.25).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.pagesizes import LETTER, landscape  # noqa: E402
from reportlab.platypus import SimpleDocTemplate, Table  # noqa: E402

from networking_folder.reports import tracking_sheet as ts  # noqa: E402

NAMES = [
    "Zoë Ørsted",
    "Łukasz Żółć",
    "Αλέξης Παπαδόπουλος",
    "Дмитрий Соколов",
    "Maria Alvarez",
    "Ben Carter",
]


def sheet_of(rows: int) -> ts.SheetData:
    """``rows`` rows in all, spread over the sheet's tables as a very busy folder would."""
    day = dt.date(2026, 11, 23)
    quarter = rows // 4
    return ts.SheetData(
        week_start=day,
        group="BNI Downtown",
        meeting=dt.datetime(2026, 11, 25, 7),
        ask="CPAs",
        printed_on=day,
        given=[
            ts.SheetReferral(day, NAMES[i % 6], NAMES[(i + 1) % 6], "Need", "Given", "Check in")
            for i in range(quarter)
        ],
        received=[
            ts.SheetReferral(
                day, NAMES[i % 6], NAMES[(i + 2) % 6], "Need", "Contacted", "Report back"
            )
            for i in range(quarter)
        ],
        due=[
            ts.SheetFollowUp(day, f"Follow-up {i}", NAMES[i % 6], i % 3 == 0)
            for i in range(quarter)
        ],
        thanks=[],
        balance=[
            ts.SheetBalance(f"{NAMES[i % 6]} {i}", i % 4, i % 3) for i in range(rows - 3 * quarter)
        ],
    )


def bare_table(rows: int) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(LETTER), invariant=1)
    data = [["Date", "Partner", "Prospect", "Status", "Next step"]]
    data += [["Nov 23", NAMES[i % 6], NAMES[(i + 1) % 6], "Given", "Check in"] for i in range(rows)]
    # Fixed widths and heights, as the sheet's tables have: the leanest table ReportLab draws.
    widths = [doc.width / 5] * 5
    table = Table(
        data,
        colWidths=widths,
        rowHeights=[ts.ROW] * len(data),
        repeatRows=1,
        style=[("FONT", (0, 0), (-1, -1), ts.FONT, ts.SIZE)],
    )
    doc.build([table])
    return out.getvalue()


def timed(funcs, runs: int) -> list[float]:
    """The median time of each of ``funcs``, run in turn ``runs`` times."""
    times: list[list[float]] = [[] for _ in funcs]
    for _ in range(runs):
        for func, its in zip(funcs, times, strict=True):
            started = time.perf_counter()
            func()
            its.append(time.perf_counter() - started)
    return [statistics.median(its) for its in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    ts._register_fonts()
    data = sheet_of(args.rows)
    pages = ts.render(data, io.BytesIO())
    bare_table(args.rows)
    bare, ours = timed(
        [lambda: bare_table(args.rows), lambda: ts.render(data, io.BytesIO())], args.runs
    )
    print(
        f"{args.rows} rows, median of {args.runs}: bare ReportLab table {bare * 1000:.0f} ms, "
        f"tracking sheet {ours * 1000:.0f} ms ({pages} pages), ratio {ours / bare:.2f} "
        "(target <= 1.25)"
    )


if __name__ == "__main__":
    main()
