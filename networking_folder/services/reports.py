"""The reports' data, read from the folder, and writing a PDF whole or not at all."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from networking_folder.services.scorecards import Quarter

if TYPE_CHECKING:
    from networking_folder.reports.one_to_one import OneToOne
    from networking_folder.reports.quarter import QuarterReport
    from networking_folder.services.folder import Folder


def owner_line(folder: Folder) -> str:
    profile = folder.profile.get()
    return " · ".join(part for part in (profile.name, profile.business) if part)


def quarter_report(folder: Folder, quarter: Quarter, today: dt.date) -> QuarterReport:
    from networking_folder.reports.quarter import QuarterReport
    from networking_folder.services.sheet import paper

    last_day = min(today, quarter.end - dt.timedelta(days=1))
    return QuarterReport(
        quarter=quarter,
        owner=owner_line(folder),
        printed_on=today,
        paper=paper(folder),
        totals=folder.home.quarter(quarter),
        before=folder.home.quarter(quarter.previous()),
        months=folder.home.months(last_day),
        balance=folder.home.balance(quarter, limit=12),
        cards=folder.scorecards.partners(quarter, today),
    )


def default_quarter_file(quarter: Quarter) -> str:
    return f"quarter-report-{quarter}.pdf"


def write_pdf(target: Path, render: Callable[[BinaryIO], int], prefix: str = ".report-") -> int:
    """Write a PDF to ``target`` whole or not at all (a temporary file beside it, then a
    rename); returns its number of pages."""
    target = Path(target)
    handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=".pdf", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            pages = render(out)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return pages


def write_quarter_report(report: QuarterReport, target: Path) -> int:
    from networking_folder.reports.quarter import render

    return write_pdf(target, lambda out: render(report, out))


def write_one_to_one(sheet: OneToOne, target: Path) -> int:
    from networking_folder.reports.one_to_one import render

    return write_pdf(target, lambda out: render(sheet, out))
