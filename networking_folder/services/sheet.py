"""Gathering the weekly tracking sheet's data from the folder, and writing the PDF."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from networking_folder.domain.locale_defaults import default_country
from networking_folder.domain.model import Direction, FollowUpKind, FollowUpState, Group, Status
from networking_folder.domain.rules import next_meeting
from networking_folder.domain.text import sort_key
from networking_folder.domain.validation import ValidationError

if TYPE_CHECKING:
    from networking_folder.domain.calendar import BusinessCalendar
    from networking_folder.reports.tracking_sheet import SheetData
    from networking_folder.services.folder import Folder

THANKS = {FollowUpKind.THANK_PRIVATELY, FollowUpKind.THANK_PUBLICLY}
# Shorter words where the table column is narrow.
SHEET_STATUS = {Status.PARTNER_CONTACTED: "Partner contacted"}


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def parse_week(text: str) -> dt.date:
    """``2026-W48`` -> the Monday of that ISO week."""
    from networking_folder.domain.validation import MAX_DATE, MIN_DATE

    try:
        year, week = text.upper().split("-W")
        start = dt.date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        raise ValidationError(
            "week", f"“{text}” is not a week: write it as YYYY-Www, e.g. 2026-W48"
        ) from None
    if not MIN_DATE.year <= int(year) <= MAX_DATE.year:  # 9999-W52 would overflow later
        raise ValidationError(
            "week", f"“{text}” is out of range: weeks must be between 1900 and 2199"
        )
    return start


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date, str]:
    """The quarter of ``day``: its first and last days, and its name ("Q4 2026")."""
    from networking_folder.services.scorecards import Quarter

    quarter = Quarter.of(day)
    return quarter.start, quarter.end - dt.timedelta(days=1), quarter.label


def meeting_on_or_after(
    group: Group, day: dt.date, calendar: BusinessCalendar | None = None
) -> dt.date | None:
    """The group's first real meeting on or after ``day``: a public holiday in ``calendar``
    is skipped unless the group meets on holidays."""
    return next_meeting(
        day - dt.timedelta(days=1), group.meeting_weekday, calendar, group.meets_on_holidays
    )


def default_group(folder: Folder, today: dt.date) -> Group | None:
    """The group whose next meeting comes first (the first by name when none has a day)."""
    groups = folder.groups.all()
    if not groups:
        return None
    calendar = folder.rules.calendar()
    dated = [
        (meeting_on_or_after(g, today, calendar), g.name, g)
        for g in groups
        if g.meeting_weekday is not None
    ]
    return min(dated)[2] if dated else groups[0]


def find_group(folder: Folder, name: str) -> Group:
    wanted = " ".join(name.split()).casefold()
    for group in folder.groups.all():
        if group.name.casefold() == wanted:
            return group
    known = ", ".join(f"“{g.name}”" for g in folder.groups.all()) or "none yet"
    raise ValidationError("group", f"There is no group called “{name}” (groups: {known}).")


def default_week(
    group: Group | None, today: dt.date, calendar: BusinessCalendar | None = None
) -> dt.date:
    """The week of the group's next real meeting (skipping the public holidays of
    ``calendar``, the folder's, unless the group meets on them), or this week."""
    if group is not None and group.meeting_weekday is not None:
        return monday(meeting_on_or_after(group, today, calendar))
    return monday(today)


def paper(folder: Folder) -> str:
    from networking_folder.reports.tracking_sheet import paper_for_country

    chosen = folder.settings.get("sheet.paper", "auto")
    if chosen in ("letter", "a4"):
        return chosen
    return paper_for_country(folder.settings.get("calendar.country") or default_country())


def sheet_data(
    folder: Folder, week_start: dt.date, group: Group | None, today: dt.date
) -> SheetData:
    from networking_folder.reports.tracking_sheet import (
        SheetBalance,
        SheetData,
        SheetFollowUp,
        SheetReferral,
    )

    week_end = week_start + dt.timedelta(days=6)
    follow_ups = [f for f in folder.follow_ups.rows() if f.state is FollowUpState.OPEN]
    next_step: dict[int, str] = {}
    for f in sorted(follow_ups, key=lambda f: (f.due, f.id)):
        if f.referral_id is not None and f.referral_id not in next_step:
            next_step[f.referral_id] = f"{f.title} ({f.due:%b} {f.due.day})"

    def referrals(direction: Direction) -> list[SheetReferral]:
        rows = [r for r in folder.referrals.rows(direction) if r.status.is_open]
        return [
            SheetReferral(
                r.date,
                r.partner,
                r.prospect,
                r.need,
                SHEET_STATUS.get(r.status, r.status.label),
                next_step.get(r.id, "—"),
            )
            for r in sorted(rows, key=lambda r: (r.date, r.id))
        ]

    def item(f) -> SheetFollowUp:
        return SheetFollowUp(f.due, f.title, f.contact, f.due < today)

    due = [
        item(f)
        for f in sorted(follow_ups, key=lambda f: (f.due, f.id))
        if f.due <= week_end and f.kind not in THANKS
    ]
    thanks = [item(f) for f in sorted(follow_ups, key=lambda f: (f.due, f.id)) if f.kind in THANKS]

    q_start, q_end, q_label = quarter_of(week_start)
    counts: dict[str, list[int]] = {}
    sql = """SELECT c.name, r.direction, count(*) FROM referral r
             JOIN contact c ON c.id = coalesce(r.recipient_id, r.referrer_id)
             WHERE r.deleted_at IS NULL AND r.date BETWEEN ? AND ? GROUP BY c.id, r.direction"""
    for name, direction, count in folder.query(sql, (q_start.isoformat(), q_end.isoformat())):
        counts.setdefault(name, [0, 0])[0 if direction == "given" else 1] += count
    if group is not None and group.id is not None:
        members = folder.query(
            """SELECT c.name FROM membership m JOIN contact c ON c.id = m.contact_id
               WHERE m.group_id = ? AND c.deleted_at IS NULL AND c.is_partner""",
            (group.id,),
        )
        for (name,) in members:
            counts.setdefault(name, [0, 0])
    balance = [
        SheetBalance(name, g, r)
        for name, (g, r) in sorted(counts.items(), key=lambda kv: sort_key(kv[0]))
    ]

    meeting = None
    if group is not None and group.meeting_weekday is not None:
        # The next real meeting: in a week whose meeting day is a holiday, the one after.
        day = meeting_on_or_after(group, week_start, folder.rules.calendar())
        meeting = dt.datetime.combine(day, group.meeting_time or dt.time(0))
    return SheetData(
        week_start=week_start,
        group=group.name if group else "",
        meeting=meeting,
        ask=folder.settings.get("sheet.ask", "") or "",
        printed_on=today,
        paper=paper(folder),
        given=referrals(Direction.GIVEN),
        received=referrals(Direction.RECEIVED),
        due=due,
        thanks=thanks,
        balance=balance,
        quarter=q_label,
    )


def default_file_name(week_start: dt.date) -> str:
    year, week, _ = week_start.isocalendar()
    return f"tracking-sheet-{year}-W{week:02d}.pdf"


def write_sheet(data: SheetData, target: Path) -> int:
    """Write the PDF to ``target`` whole or not at all (a temporary file, then a rename)."""
    from networking_folder.reports.tracking_sheet import render

    target = Path(target)
    _sweep_half_written_sheets(target.parent)
    handle, temporary = tempfile.mkstemp(
        prefix=".tracking-sheet-", suffix=".pdf", dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as out:
            pages = render(data, out)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return pages


HALF_WRITTEN_SECONDS = 3600  # a sheet is written in well under a second


def _sweep_half_written_sheets(directory: Path) -> None:
    """Remove what a killed run left beside its target (an hour-old temporary sheet)."""
    now = time.time()
    for leftover in Path(directory).glob(".tracking-sheet-*.pdf"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > HALF_WRITTEN_SECONDS:
                leftover.unlink()
