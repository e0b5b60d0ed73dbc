"""One page to take to a one-to-one (seed 004: get to know their business well enough to pass
them referrals): who they are and the referrals they want, what they ask for now, everything
between you both ways with its value, what is still open, your last notes, and good questions
to ask. Portrait, the folder's paper; it flows onto a second page only when the history is
long (the header row repeats, no row is split)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Paragraph, Spacer

from networking_folder.reports import pdf

HISTORY_SHOWN = 8  # the newest referrals between you, and
OPEN_SHOWN = 8  # the soonest open items: the sheet stays one page


@dataclass(frozen=True)
class Exchange:
    """A referral between you and them."""

    date: dt.date
    you_gave: bool
    prospect: str
    need: str
    status: str
    value: str  # "" when none


@dataclass(frozen=True)
class OneToOne:
    name: str
    owner: str
    printed_on: dt.date
    paper: str
    work: str  # "Realtor · Alvarez Realty"
    reach: str  # phones and emails
    groups: str
    how_met: str
    ideal_referral: str
    ask: str
    ask_set_on: dt.date | None
    figures: list[tuple[str, str]] = field(default_factory=list)  # ("Referrals", "…")
    exchanges: list[Exchange] = field(default_factory=list)
    open_items: list[tuple[dt.date, str]] = field(default_factory=list)  # (due, what)
    notes: list[tuple[dt.datetime, str, str]] = field(default_factory=list)  # (at, kind, text)
    questions: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"One-to-one with {self.name}"


def day(value: dt.date) -> str:
    return f"{value:%b} {value.day}, {value.year}"


def _line(label: str, text: str) -> Paragraph:
    return Paragraph(f"<b>{pdf.escape(label)}:</b> {pdf.escape(text)}", pdf.BODY)


def build_story(sheet: OneToOne, width: float) -> list:
    story: list = [
        Paragraph(pdf.escape(sheet.title), pdf.TITLE),
        Paragraph(pdf.escape(" · ".join(p for p in (sheet.work, day(sheet.printed_on)) if p)),
                  pdf.QUIET),  # fmt: skip
        Paragraph("Who they are", pdf.HEADING),
    ]
    for label, text in (
        ("Reach them", sheet.reach),
        ("Groups", sheet.groups),
        ("How you met", sheet.how_met),
        ("Ideal referral", sheet.ideal_referral or "not written down yet (ask them)"),
    ):
        if text:
            story.append(_line(label, text))
    ask = sheet.ask or "none written down (ask what they want now)"
    if sheet.ask and sheet.ask_set_on:
        ask += f" (since {day(sheet.ask_set_on)})"
    story.append(_line("What they ask for now", ask))
    if sheet.figures:
        story.append(Paragraph("Between you", pdf.HEADING))
        story += [_line(label, text) for label, text in sheet.figures]
    story.append(Paragraph("Referrals both ways", pdf.HEADING))
    if not sheet.exchanges:
        story.append(Paragraph("None yet, either way.", pdf.BODY))
    else:
        shown = sheet.exchanges[:HISTORY_SHOWN]  # the newest: the sheet stays one page
        rows = [
            [day(e.date), "You → them" if e.you_gave else "They → you", e.prospect, e.need,
             e.status, e.value or "–"]
            for e in shown
        ]  # fmt: skip
        header = ["Date", "Way", "Who", "Need", "Where it stands", "Value"]
        # Date, way and value as wide as they need; who, need and status share the rest.
        fixed = pdf.fit_widths(header, [[r[0], r[1], "", "", "", r[5]] for r in rows], 0)
        free = width - fixed[0] - fixed[1] - fixed[5]
        widths = [fixed[0], fixed[1], free * 0.28, free * 0.42, free * 0.30, fixed[5]]
        story.append(pdf.table(header, rows, widths, right=(5,)))
        earlier = len(sheet.exchanges) - len(shown)
        if earlier:
            words = f"{earlier} earlier referral{'s' * (earlier != 1)}"
            story.append(Paragraph(f"And {words} between you (on their page).", pdf.QUIET))
    story.append(Paragraph("Open items", pdf.HEADING))
    if not sheet.open_items:
        story.append(Paragraph("Nothing open with them.", pdf.BODY))
    else:
        rows = [[day(due), what] for due, what in sheet.open_items[:OPEN_SHOWN]]
        widths = pdf.fit_widths(["Due", "What"], [[r[0], ""] for r in rows], width, stretch=1)
        story.append(pdf.table(["Due", "What"], rows, widths))
        later = len(sheet.open_items) - len(rows)
        if later:
            story.append(Paragraph(f"And {later} more after these (on the Follow-ups tab).", pdf.QUIET))
    story.append(Paragraph("Your last notes", pdf.HEADING))
    if not sheet.notes:
        story.append(Paragraph("No notes with them yet.", pdf.BODY))
    for at, kind, text in sheet.notes:
        when = f"{day(at.date())} · {kind}"
        story.append(Paragraph(f"<b>{pdf.escape(when)}</b>", pdf.BODY))
        story.append(Paragraph(pdf.escape(text).replace("\n", "<br/>"), pdf.BODY))
        story.append(Spacer(1, 3))
    story.append(Paragraph("Good questions to ask", pdf.HEADING))
    story += [Paragraph(f"☐ {pdf.escape(q)}", pdf.BODY) for q in sheet.questions]
    return story


def render(sheet: OneToOne, out: Path | str | BinaryIO) -> int:
    """Write the sheet as PDF to ``out``; returns the number of pages."""
    return pdf.render_portrait(
        out, sheet.paper, sheet.title, sheet.printed_on, lambda w: build_story(sheet, w)
    )
