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


QUESTIONS = [
    "What is the introduction you want most right now, and how would I recognise it?",
    "Who was your best client this year, and how did you meet them?",
    "What do you hear a prospect say just before they need you?",
    "Which of the people I referred to you went well, which did not, and what should I listen for?",
    "Is there a meeting with one of our referrals we could go to together?",
    "Who in your network would I be a good referral for?",
]
MAX_NOTE = 700  # characters of each note on the sheet (the folder has it whole)


class NameProblem(Exception):
    """The name given for a one-to-one matches nobody, or several people."""


def find_person(folder: Folder, name: str) -> int:
    """The one contact called ``name`` (capitals and spacing aside), else a plain message
    that lists those it could be."""
    wanted = " ".join(name.split())
    if wanted.casefold().startswith("contact:") and wanted[8:].isdigit():
        if folder.contacts.rows([int(wanted[8:])]):
            return int(wanted[8:])
        raise NameProblem(f"There is no {wanted} in the folder (or it is in the trash).")
    exact = folder.contacts.find_by_name(wanted)
    if len(exact) == 1:
        return exact[0].id
    if not exact:
        from networking_folder.domain.text import fold

        key = fold(wanted)
        exact = [c for c in folder.contacts.choices() if key in fold(c.name)]
        if len(exact) == 1:
            return exact[0].id
    if not exact:
        raise NameProblem(f"No one in the folder is called “{wanted}”.")
    listed = "; ".join(f"{c.label} (contact:{c.id})" for c in exact[:20])
    more = f"; and {len(exact) - 20} more" if len(exact) > 20 else ""
    raise NameProblem(
        f"“{wanted}” could be any of {len(exact)} people: {listed}{more}. "
        "Give the whole name, or contact:ID."
    )


def one_to_one(folder: Folder, contact_id: int, today: dt.date) -> OneToOne:
    from networking_folder.domain.model import InteractionKind, Status, whole_money
    from networking_folder.reports.one_to_one import Exchange, OneToOne
    from networking_folder.services.sheet import paper

    contact = folder.contacts.get(contact_id)
    summary = folder.contacts.summary(contact_id)
    card = folder.scorecards.of(contact_id, Quarter.of(today), today)
    statuses = {s.value: s.label for s in Status}
    exchanges = [
        Exchange(dt.date.fromisoformat(date), direction == "given", prospect, need,
                 statuses.get(status, status), whole_money(value) if value else "")
        for date, direction, prospect, need, status, value in folder.query(
            """SELECT r.date, r.direction, p.name, r.need, r.status, r.value_cents
               FROM referral r JOIN contact p ON p.id = r.prospect_id
               WHERE r.deleted_at IS NULL AND (r.referrer_id = ?1 OR r.recipient_id = ?1)
               ORDER BY r.date DESC, r.id DESC""",
            (contact_id,),
        )
    ]  # fmt: skip
    open_items = [
        (dt.date.fromisoformat(due), title)
        for due, title in folder.query(
            """SELECT f.due, f.title FROM follow_up f LEFT JOIN referral r ON r.id = f.referral_id
               WHERE f.deleted_at IS NULL AND f.state = 'open'
                 AND (f.contact_id = ?1 OR r.referrer_id = ?1 OR r.recipient_id = ?1)
               ORDER BY f.due, f.id""",
            (contact_id,),
        )
    ]
    kinds = {k.value: k.label for k in InteractionKind}
    notes = []
    for at, kind, body in folder.query(
        """SELECT at, kind, body FROM note WHERE contact_id = ? AND deleted_at IS NULL
           ORDER BY at DESC, id DESC LIMIT 3""",
        (contact_id,),
    ):
        text = body.strip()
        if len(text) > MAX_NOTE:
            text = text[:MAX_NOTE].rsplit(" ", 1)[0] + " … (the rest is in the folder)"
        notes.append((dt.datetime.fromisoformat(str(at)), kinds.get(kind, kind), text))
    def each_way(number: int, closed: int, cents: int) -> str:
        if not number:
            return "none"
        if not closed:
            return f"{number}, none closed yet"
        return f"{number}, {closed} closed ({whole_money(cents)})"

    figures = [(
        "All the time you have known them",
        f"you gave them {each_way(summary.given, summary.given_closed, summary.given_value_cents)}; "
        f"they gave you {each_way(summary.received, summary.received_closed, summary.received_value_cents)}",
    )]  # fmt: skip
    if card is not None:
        quarter = Quarter.of(today)
        figures.append((
            f"This quarter ({quarter.label})",
            f"you gave {card.given}, they sent {card.received}; one-to-ones {card.one_to_ones}"
            + (f"; they first contact your referrals after {card.median_days_to_first_contact:g} days"
               if card.median_days_to_first_contact is not None else "")
            + ("; not following up on yours lately" if card.not_following_up else ""),
        ))  # fmt: skip
    if summary.last_touch:
        figures.append(("Last touch", f"{summary.last_touch:%b} {summary.last_touch.day}, {summary.last_touch.year}"))
    questions = list(QUESTIONS)
    if contact.ask:
        questions[0] = f"Is “{contact.ask}” still what you want most? How would I recognise it?"
    return OneToOne(
        name=contact.name,
        owner=owner_line(folder),
        printed_on=today,
        paper=paper(folder),
        work=" · ".join(p for p in (contact.profession, contact.company) if p),
        reach=" · ".join([*contact.phones, *contact.emails]),
        groups=", ".join(summary.groups),
        how_met=" · ".join(
            p for p in (contact.how_met, f"{contact.met_on:%b} {contact.met_on.day}, {contact.met_on.year}"
                        if contact.met_on else "") if p
        ),  # fmt: skip
        ideal_referral=" ".join(contact.ideal_referral.split()),
        ask=contact.ask,
        ask_set_on=contact.ask_set_on,
        figures=figures,
        exchanges=exchanges,
        open_items=open_items,
        notes=notes,
        questions=questions,
    )


def default_one_to_one_file(name: str, today: dt.date) -> str:
    import re

    slug = re.sub(r"[^\w]+", "-", name.casefold()).strip("-") or "partner"
    return f"one-to-one-{slug}-{today.isoformat()}.pdf"
