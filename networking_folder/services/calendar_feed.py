"""The calendar feed (issue 13): an .ics file of open follow-ups, one-to-ones and the groups'
weekly meetings, for a calendar program to subscribe to; and "Add to calendar", a file of
one event to open.

Only reads the folder (so it works on a snapshot as well); the files are written whole or
not at all, private to the user, and never inside the folder. See interop/ics.py for how
the items are put in iCalendar terms.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from networking_folder.domain.model import InteractionKind
from networking_folder.domain.rules import next_meeting
from networking_folder.domain.text import day_words
from networking_folder.domain.validation import ValidationError
from networking_folder.interop import ics
from networking_folder.services.folder import outside_folder
from networking_folder.services.scorecards import is_about_a_one_to_one
from networking_folder.store.errors import DiskFull, FolderError
from networking_folder.store.values import as_date, as_datetime

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

FEED_PATH = "calendar.feed_path"  # the setting: where the feed is written (None: no feed)
HELD_DAYS = 90  # held one-to-ones this far back are in the feed
ONE_TO_ONE_LENGTH = dt.timedelta(hours=1)
MEETING_LENGTH = dt.timedelta(minutes=90)  # a BNI-style chapter meeting; the folder keeps none
MONTHS_BACK = 3  # meetings shown from the first of the month this many months ago...
DAYS_AHEAD = 366  # ...and public holidays left out of them this far ahead
MAX_NOTE = 1000  # characters of a note in an event's description (the folder has it whole)
KINDS = ("follow_up", "note")  # what "Add to calendar" takes

_FOLLOW_UPS_SQL = """
    SELECT f.uuid, f.due, f.title, f.reason, f.place, f.updated_at,
           coalesce(c.name, prospect.name, ''), r.direction, coalesce(partner.name, ''),
           coalesce(prospect.name, ''), coalesce(r.need, '')
    FROM follow_up f
    LEFT JOIN contact c ON c.id = f.contact_id
    LEFT JOIN referral r ON r.id = f.referral_id
    LEFT JOIN contact prospect ON prospect.id = r.prospect_id
    LEFT JOIN contact partner ON partner.id = coalesce(r.referrer_id, r.recipient_id)
    WHERE f.deleted_at IS NULL"""
_NOTES_SQL = """
    SELECT n.uuid, n.at, n.kind, n.body, n.updated_at, coalesce(c.name, '')
    FROM note n LEFT JOIN contact c ON c.id = n.contact_id
    WHERE n.deleted_at IS NULL"""
_GROUPS_SQL = """
    SELECT uuid, name, meeting_weekday, meeting_time, location, meets_on_holidays
    FROM networking_group
    WHERE deleted_at IS NULL AND meeting_weekday IS NOT NULL
    ORDER BY name COLLATE NOCASE"""


# -- the setting ---------------------------------------------------------------------------
def feed_path(folder: Folder) -> Path | None:
    """Where the feed is written, or None when the user keeps no feed."""
    value = folder.settings.get(FEED_PATH)
    return Path(value) if value else None


def set_feed_path(folder: Folder, path: Path | str | None) -> Path | None:
    """Choose where the feed is written (None or "": no feed). Raises ValidationError for a
    place inside the folder or one that is not a file name in an existing directory."""
    if path is None or not str(path).strip():
        folder.settings.set(FEED_PATH, None)
        return None
    target = Path(str(path).strip()).expanduser().absolute()
    try:
        outside_folder(folder.directory, target)
    except FolderError as exc:
        raise ValidationError("feed_path", str(exc)) from None
    if target.is_dir():
        raise ValidationError("feed_path", f"{target} is a directory: give the file a name.")
    if not target.parent.is_dir():
        raise ValidationError("feed_path", f"There is no directory {target.parent}.")
    folder.settings.set(FEED_PATH, str(target))
    return target


# -- what goes in the feed -----------------------------------------------------------------
def feed_items(folder: Folder, today: dt.date) -> list[ics.Item]:
    """Open follow-ups, one-to-ones held in the last HELD_DAYS days (planned ones are open
    follow-ups) and each group's weekly meeting."""
    rows = folder.query(f"{_FOLLOW_UPS_SQL} AND f.state = 'open' ORDER BY f.due, f.id")
    items: list[ics.Item] = [_follow_up(row, today) for row in rows]
    since = today - dt.timedelta(days=HELD_DAYS)
    rows = folder.query(
        f"{_NOTES_SQL} AND n.kind = ? AND n.at >= ? ORDER BY n.at, n.id",
        (InteractionKind.ONE_TO_ONE.value, since.isoformat()),
    )
    items += [_note(row) for row in rows]
    items += _meetings(folder, today)
    return items


def _follow_up(row: tuple, today: dt.date) -> ics.AllDayItem:
    uuid, due, title, reason, place, updated, name, direction, partner, prospect, need = row
    due = as_date(due)
    summary = title
    if name and name.casefold() not in title.casefold():
        summary = f"{title} — {name}"
    lines = []
    if due < today:
        # An overdue follow-up stays in sight until acted on: it is shown today (the feed is
        # rewritten each day the program runs), and says when it was due.
        late = (today - due).days
        lines.append(f"Due {day_words(due)} ({late} day{'s' if late != 1 else ''} late).")
    if reason.strip():
        lines.append(reason.strip())
    if direction:
        what = f"{prospect} — {need}" if need.strip() else prospect
        if direction == "given":
            lines.append(f"Referral given to {partner}: {what}")
        else:
            lines.append(f"Referral received from {partner}: {what}")
    categories = ("Follow-up", "One-to-one") if is_about_a_one_to_one(title) else ("Follow-up",)
    return ics.AllDayItem(
        uid=ics.uid_for(uuid),
        day=max(due, today),
        summary=summary,
        description="\n\n".join(lines),
        location=place,
        categories=categories,
        revised=as_datetime(updated),
    )


def _note(row: tuple) -> ics.TimedItem:
    uuid, at, kind, body, updated, name = row
    kinds = {k.value: k for k in InteractionKind}
    kind = kinds.get(kind, InteractionKind.NOTE)
    label = kind.label  # "One-to-one", "Call", "Video call"...
    if not name:
        summary = label
    elif kind is InteractionKind.ONE_TO_ONE:
        summary = f"One-to-one with {name}"
    else:
        summary = f"{label}: {name}"
    text = body.strip()
    if len(text) > MAX_NOTE:
        text = text[:MAX_NOTE].rsplit(" ", 1)[0] + " … (the rest is in your folder)"
    return ics.TimedItem(
        uid=ics.uid_for(uuid),
        start=as_datetime(at),
        duration=ONE_TO_ONE_LENGTH,
        summary=summary,
        description=text,
        categories=(label,),
        revised=as_datetime(updated),
    )


def _meetings(folder: Folder, today: dt.date) -> list[ics.WeeklySeries]:
    rows = folder.query(_GROUPS_SQL)
    if not rows:
        return []
    calendar = folder.rules.calendar()
    # From the first of a month (so the series' start moves monthly, not daily) to a year on;
    # the feed is rewritten as the program runs, so the holidays left out move on with it.
    start = _months_before(today, MONTHS_BACK)
    end = today + dt.timedelta(days=DAYS_AHEAD)
    series = []
    for uuid, name, weekday, time, location, on_holidays in rows:
        # The first real meeting: the series never starts on a day it leaves out.
        first = next_meeting(start - dt.timedelta(days=1), weekday, calendar, bool(on_holidays))
        skipped = []
        if not on_holidays:
            day = first
            while day <= end:
                if calendar.holiday_name(day) is not None:
                    skipped.append(day)
                day += dt.timedelta(weeks=1)
        series.append(
            ics.WeeklySeries(
                uid=ics.uid_for(uuid),
                first=first,
                time=dt.time.fromisoformat(time) if time else None,
                duration=MEETING_LENGTH,
                summary=name,
                description=(
                    "The group's weekly meeting (on public holidays too)."
                    if on_holidays
                    else "The group's weekly meeting (not on public holidays)."
                ),
                location=location,
                categories=("Networking group",),
                skipped=tuple(skipped),
            )
        )
    return series


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _stamp(today: dt.date) -> dt.datetime:
    """The DTSTAMP of items without a time of their own revision (the groups): the day's
    start, so that the same data on the same day makes the same file."""
    return dt.datetime.combine(today, dt.time())


def feed_bytes(folder: Folder, today: dt.date) -> bytes:
    return ics.feed(feed_items(folder, today), _stamp(today))


# -- writing -------------------------------------------------------------------------------
def write_feed(folder: Folder, target: Path | str, today: dt.date) -> Path:
    """Write the feed to ``target``, whole or not at all, private to the user. A file that
    already holds the same feed is left alone, so that a change elsewhere in the folder does
    not make a subscribed calendar (or a syncing service) fetch it again. Raises FolderError."""
    return _write(folder, Path(target), feed_bytes(folder, today), skip_same=True)


def refresh_feed(folder: Folder, today: dt.date | None = None) -> Path | None:
    """Rewrite the feed where the settings say (after a change, at start-up, on a new day);
    None when the user keeps no feed. Raises FolderError."""
    target = feed_path(folder)
    if target is None:
        return None
    return write_feed(folder, target, today or dt.date.today())


def event_file(
    folder: Folder, kind: str, row_id: int, target: Path | str, today: dt.date | None = None
) -> Path:
    """"Add to calendar": a file of one event, for a follow-up (``kind`` "follow_up") or a
    note such as a one-to-one ("note"), made as in the feed and with the same UID, so that
    adding it again after a change updates it. Raises ValidationError when the record is
    gone (or in the trash), FolderError when the file cannot be written."""
    if kind not in KINDS:
        raise ValueError(f"not a kind of calendar item: {kind!r}")
    if kind == "follow_up":
        rows = folder.query(f"{_FOLLOW_UPS_SQL} AND f.id = ?", (row_id,))
        items = [_follow_up(row, today or dt.date.today()) for row in rows]
    else:
        rows = folder.query(f"{_NOTES_SQL} AND n.id = ?", (row_id,))
        items = [_note(row) for row in rows]
    if not items:
        what = "follow-up" if kind == "follow_up" else "note"
        raise ValidationError(
            "kind", f"That {what} is no longer in the folder (or it is in the trash)."
        )
    data = ics.single_event(items[0], dt.datetime.now())
    return _write(folder, Path(target), data, skip_same=False)


def _write(folder: Folder, target: Path, data: bytes, skip_same: bool) -> Path:
    outside_folder(folder.directory, target)
    try:
        if skip_same and _holds(target, data):
            return target
        # mkstemp makes the file 0600; the rename keeps that mode.
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as exc:
        error = DiskFull if exc.errno == errno.ENOSPC else FolderError
        raise error(f"Cannot write the calendar file {target}: {exc.strerror or exc}.") from exc
    return target


def _holds(target: Path, data: bytes) -> bool:
    """Whether ``target`` is a private file that already holds ``data``."""
    try:
        if target.is_symlink() or not target.is_file():
            return False
        if os.name == "posix" and target.stat().st_mode & 0o077:
            return False
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False
