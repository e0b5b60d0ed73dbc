"""Showing values in words a person uses: "Mon 23 Nov 2026", "today", "3 days late", "1 day".

The program speaks English, so its dates do too, in every locale (``domain.text.day_words``,
shared with the command line): QLocale's short format under C/POSIX is "23 11 2026".
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale

from networking_folder.domain.text import day_words

# For QDateEdit.setDisplayFormat, with an English QLocale on the edit (see readable_date_edit).
DATE_EDIT_FORMAT = "ddd d MMM yyyy"


def format_date(value: dt.date | None) -> str:
    """Like "Mon 23 Nov 2026"; empty for None."""
    return "" if value is None else day_words(value)


def format_time(value: dt.time | dt.datetime) -> str:
    """Like "14:05", or "2:05 pm" where the user's locale keeps a 12-hour clock (the US)."""
    if "a" in QLocale().timeFormat(QLocale.FormatType.ShortFormat).lower():
        return f"{value.hour % 12 or 12}:{value.minute:02d} {'am' if value.hour < 12 else 'pm'}"
    return f"{value.hour:02d}:{value.minute:02d}"


def format_datetime(value: dt.datetime | None) -> str:
    """Like "Mon 23 Nov 2026, 14:05"; empty for None."""
    if value is None:
        return ""
    return f"{format_date(value.date())}, {format_time(value)}"


def count(number: int, noun: str, plural: str | None = None) -> str:
    """The noun agrees with the number: "1 day", "3 days", "1,200 contacts"."""
    return f"{number:,} {noun if number == 1 else (plural or noun + 's')}"


def relative_due(due: dt.date, today: dt.date) -> str:
    """Words for a due date where they help: "1 day late", "3 days late", "today",
    "tomorrow", "in 4 days" within the coming week; empty further out."""
    days = (due - today).days
    if days < 0:
        return f"{count(-days, 'day')} late"
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {count(days, 'day')}" if days < 7 else ""


def due_words(due: dt.date, today: dt.date) -> str:
    """The date and its relative words: "Fri 20 Nov 2026 · 3 days late"."""
    relative = relative_due(due, today)
    return f"{format_date(due)} · {relative}" if relative else format_date(due)


def stars(warmth: int, out_of: int = 5) -> str:
    """Warmth 1-5 as "★★★☆☆" (shown with a word beside it, never alone)."""
    warmth = max(0, min(out_of, warmth))
    return "★" * warmth + "☆" * (out_of - warmth)


def readable_date_edit(edit, with_time: bool = False) -> None:
    """A QDateEdit (or QDateTimeEdit, ``with_time``) that shows "Mon 23 Nov 2026" whatever
    the locale (C shows "23 11 2026")."""
    first_day = QLocale().firstDayOfWeek()  # the user's week, before the English locale
    edit.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    edit.setDisplayFormat(f"{DATE_EDIT_FORMAT}  HH:mm" if with_time else DATE_EDIT_FORMAT)
    calendar = edit.calendarWidget() if edit.calendarPopup() else None
    if calendar is not None:
        calendar.setFirstDayOfWeek(first_day)


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())
