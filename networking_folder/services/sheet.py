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
from networking_folder.domain.model import (
    Direction,
    FollowUpKind,
    FollowUpState,
    Group,
    Status,
    whole_money,
)
from networking_folder.domain.rules import next_meeting
from networking_folder.domain.text import sort_key
from networking_folder.domain.validation import ValidationError
from networking_folder.services.scorecards import is_about_a_one_to_one

if TYPE_CHECKING:
    from networking_folder.domain.calendar import BusinessCalendar
    from networking_folder.reports.tracking_sheet import SheetData
    from networking_folder.services.folder import Folder

THANKS = {FollowUpKind.THANK_PRIVATELY, FollowUpKind.THANK_PUBLICLY}
# Shorter words where the table column is narrow.
SHEET_STATUS = {Status.PARTNER_CONTACTED: "Contacted"}  # (in the "Given to" table)


# A referral's next step on its row, short: the partner and the prospect are on the row.
STEP_WORDS = {
    FollowUpKind.FIRST_CONTACT: "First contact",
    FollowUpKind.REPORT_BACK: "Report back",
    FollowUpKind.CHECK_IN_PARTNER: "Check in with partner",
    FollowUpKind.CHECK_IN_PROSPECT: "Check in with prospect",
    FollowUpKind.FEEDBACK: "Feedback",
    FollowUpKind.RECON_MEETING: "Recon meeting",
    FollowUpKind.ASK_ALSO_GIVEN: "Ask who else got it",
}


def step_text(follow_up) -> str:
    return STEP_WORDS.get(follow_up.kind) or follow_up.title


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
        SheetOneToOne,
        SheetReferral,
    )

    week_end = week_start + dt.timedelta(days=6)
    follow_ups = sorted(
        (f for f in folder.follow_ups.rows() if f.state is FollowUpState.OPEN),
        key=lambda f: (f.due, f.id),
    )
    next_step: dict[int, object] = {}  # referral id -> its first open follow-up
    for f in follow_ups:  # (a thank-you is not a step: those are listed on their own)
        if f.referral_id is not None and f.referral_id not in next_step and f.kind not in THANKS:
            next_step[f.referral_id] = f

    # How to reach each received referral's prospect: their first phone, else their email.
    reach = {
        rid: phone or email or ""
        for rid, phone, email in folder.query(
            """SELECT r.id, json_extract(c.phones, '$[0]'), json_extract(c.emails, '$[0]')
               FROM referral r JOIN contact c ON c.id = r.prospect_id
               WHERE r.deleted_at IS NULL AND r.direction = 'received'"""
        )
    }
    on_rows: set[int] = set()  # follow-ups ticked on their referral's row, not listed again

    def referral_row(r) -> SheetReferral:
        step = next_step.get(r.id)
        due_now = step is not None and step.due <= week_end and step.kind not in THANKS
        if due_now:
            on_rows.add(step.id)
        return SheetReferral(
            r.date,
            r.partner,
            r.prospect,
            r.need,
            SHEET_STATUS.get(r.status, r.status.label),
            step_text(step) if step is not None else "—",
            reach.get(r.id, ""),
            max(0, (today - r.date).days),
            step.due if step is not None else None,
            tick=due_now,
            late=step is not None and step.due < today,
        )

    worth: dict[int, int] = {}  # referral id -> its closed business, for the thank-yous
    prospect: dict[int, str] = {}

    def referrals(direction: Direction) -> list[SheetReferral]:
        everything = folder.referrals.rows(direction)
        worth.update((r.id, r.value_cents) for r in everything if r.value_cents)
        prospect.update((r.id, r.prospect) for r in everything)
        rows = [r for r in everything if r.status.is_open]
        return [referral_row(r) for r in sorted(rows, key=lambda r: (r.date, r.id))]

    given, received = referrals(Direction.GIVEN), referrals(Direction.RECEIVED)

    def item(f) -> SheetFollowUp:
        return SheetFollowUp(f.due, f.title, f.contact, f.due < today, place=f.place)

    def thank_you(f) -> SheetFollowUp:
        """What a rule's thank-you is for, in a few words (its title says it at length)."""
        value, whom = worth.get(f.referral_id), prospect.get(f.referral_id, "")
        about = {"R9": f"referring {whom}", "R5": f"closed business: {whom}"}.get(f.rule, "")
        return SheetFollowUp(
            f.due, f.title, f.contact, f.due < today, whole_money(value) if value else "",
            about if whom else "", f.kind is FollowUpKind.THANK_PRIVATELY,
        )  # fmt: skip

    due = [
        item(f)
        for f in follow_ups
        if f.due <= week_end and f.kind not in THANKS and f.id not in on_rows
    ]
    thanks = [thank_you(f) for f in follow_ups if f.kind in THANKS]

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

    meeting, skipped = None, ""
    if group is not None and group.meeting_weekday is not None:
        # The next real meeting: in a week whose meeting day is a holiday, the one after.
        calendar = folder.rules.calendar()
        day = meeting_on_or_after(group, week_start, calendar)
        meeting = dt.datetime.combine(day, group.meeting_time or dt.time(0))
        usual = meeting_on_or_after(group, week_start)
        if usual != day:
            name = calendar.holiday_name(usual) or "a public holiday"
            skipped = f"{usual:%a} {usual:%b} {usual.day} is {name}"

    # The week's one-to-ones: those held (logged) and those planned (open follow-ups).
    one_to_ones = [
        SheetOneToOne(dt.date.fromisoformat(str(at)[:10]), name, True)
        for at, name in folder.query(
            """SELECT n.at, c.name FROM note n JOIN contact c ON c.id = n.contact_id
               WHERE n.deleted_at IS NULL AND n.kind = 'one_to_one'
                 AND date(n.at) BETWEEN ? AND ? ORDER BY n.at""",
            (week_start.isoformat(), week_end.isoformat()),
        )
    ] + [
        SheetOneToOne(f.due, f.contact, False)
        for f in follow_ups
        if week_start <= f.due <= week_end and is_about_a_one_to_one(f.title)
    ]
    one_to_ones.sort(key=lambda o: (o.day, not o.held))
    # Each partner's current ask (the group's members when a group is chosen).
    members = (
        "AND c.id IN (SELECT contact_id FROM membership WHERE group_id = ?)"
        if group is not None and group.id is not None
        else ""
    )
    asks = sorted(
        folder.query(
            f"""SELECT c.name, c.ask FROM contact c WHERE c.deleted_at IS NULL AND c.is_partner
                AND c.ask <> '' {members}""",
            (group.id,) if members else (),
        ),
        key=lambda row: sort_key(row[0]),
    )
    return SheetData(
        week_start=week_start,
        group=group.name if group else "",
        meeting=meeting,
        ask=folder.settings.get("sheet.ask", "") or "",
        printed_on=today,
        paper=paper(folder),
        given=given,
        received=received,
        due=due,
        thanks=thanks,
        balance=balance,
        quarter=q_label,
        one_to_ones=one_to_ones,
        asks=[(name, ask) for name, ask in asks],
        skipped_holiday=skipped,
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
