"""The weekly tracking sheet (DOMAIN.md R8, seed 002): what the user carries into the meeting.

Landscape, Letter or A4, legible in black and white. Two columns: referrals given and
received with where each stands, then ruled rows to write new referrals during the
meeting; follow-ups due and overdue with a box to tick, thank-yous owed and the partner
balance. Tables repeat their header row on a new page and never split a row.
Output is byte-identical for the same data (ReportLab's invariant mode).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

FONT, BOLD = "NF-DejaVuSans", "NF-DejaVuSans-Bold"
TICK_BOX = "☐"
PAPERS = {"letter": LETTER, "a4": A4}
# Countries whose offices use US Letter; everyone else uses A4.
LETTER_COUNTRIES = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "SV", "NI", "PR", "BZ"}
)

HEADER = 66  # points from the top of the page to the rule under the header
GRID = colors.Color(0.35, 0.35, 0.35)
SHADE = colors.Color(0.88, 0.88, 0.88)
SIZE = 7.2
ROW = 10  # points: 15 referrals each way, 25 follow-ups and the blank rows fit one page


@dataclass(frozen=True)
class SheetReferral:
    date: dt.date
    partner: str
    prospect: str
    need: str
    status: str
    next_step: str


@dataclass(frozen=True)
class SheetFollowUp:
    due: dt.date
    title: str
    who: str
    overdue: bool


@dataclass(frozen=True)
class SheetBalance:
    partner: str
    given: int
    received: int


@dataclass(frozen=True)
class SheetData:
    week_start: dt.date  # a Monday
    group: str
    meeting: dt.datetime | None
    ask: str
    printed_on: dt.date
    paper: str = "letter"  # "letter" or "a4"
    given: list[SheetReferral] = field(default_factory=list)
    received: list[SheetReferral] = field(default_factory=list)
    due: list[SheetFollowUp] = field(default_factory=list)
    thanks: list[SheetFollowUp] = field(default_factory=list)
    balance: list[SheetBalance] = field(default_factory=list)
    quarter: str = ""
    blank_rows: int = 5

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)

    @property
    def week_label(self) -> str:
        year, week, _ = self.week_start.isocalendar()
        start, end = self.week_start, self.week_end
        span = (
            f"{start:%b} {start.day}–{end.day}, {end.year}"
            if start.month == end.month
            else (f"{start:%b} {start.day} – {end:%b} {end.day}, {end.year}")
        )
        return f"Week {week} ({span})"


def paper_for_country(country: str) -> str:
    return "letter" if country.upper() in LETTER_COUNTRIES else "a4"


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = resources.files("networking_folder.resources").joinpath("fonts")
    pdfmetrics.registerFont(TTFont(FONT, str(folder.joinpath("DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder.joinpath("DejaVuSans-Bold.ttf"))))


def fit(text: str, width: float, font: str = FONT, size: float = SIZE) -> str:
    """``text`` on one line within ``width`` points, cut with an ellipsis when too long."""
    text = " ".join(text.split())
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _short_date(day: dt.date) -> str:
    return f"{day:%b} {day.day}"


class _Sheet(BaseDocTemplate):
    def __init__(self, out, data: SheetData) -> None:
        pagesize = landscape(PAPERS[data.paper])
        margin = 0.45 * inch
        super().__init__(
            out,
            pagesize=pagesize,
            leftMargin=margin,
            rightMargin=margin,
            topMargin=HEADER + 8,
            bottomMargin=0.45 * inch,
            title=f"Tracking sheet — {data.week_label}",
            author="Networking Folder",
            creator="Networking Folder",
            invariant=1,
        )
        self.data = data
        gap = 0.3 * inch
        width = (self.width - gap) / 2
        self.column_width = width
        frames = [
            Frame(
                self.leftMargin,
                self.bottomMargin,
                width,
                self.height,
                id="left",
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            ),
            Frame(
                self.leftMargin + width + gap,
                self.bottomMargin,
                width,
                self.height,
                id="right",
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            ),
        ]
        self.addPageTemplates([PageTemplate(id="sheet", frames=frames, onPage=self._decorate)])

    def _decorate(self, canvas: Canvas, doc) -> None:
        data = self.data
        width, height = self.pagesize
        top = height - 0.4 * inch
        right = width - self.rightMargin
        canvas.saveState()
        canvas.setFillColor(colors.black)
        canvas.setFont(BOLD, 14)
        canvas.drawString(self.leftMargin, top - 6, "Referral tracking sheet")
        canvas.setFont(FONT, 10)
        canvas.drawString(self.leftMargin, top - 19, data.week_label)
        canvas.setFont(BOLD, 11)
        canvas.drawRightString(right, top - 6, data.group or "All groups")
        if data.meeting:
            when = f"Meeting: {data.meeting:%A} {_short_date(data.meeting.date())}"
            if data.meeting.time() != dt.time(0):
                when += f", {data.meeting:%H:%M}"
            canvas.setFont(FONT, 9.5)
            canvas.drawRightString(right, top - 19, when)
        label = "My ask this week: "
        canvas.setFont(BOLD, 9)
        canvas.drawString(self.leftMargin, top - 32, label)
        offset = pdfmetrics.stringWidth(label, BOLD, 9)
        if data.ask.strip():
            canvas.setFont(FONT, 9)
            ask = fit(data.ask, self.width - offset, FONT, 9)
            canvas.drawString(self.leftMargin + offset, top - 32, ask)
        else:  # a line to write it on by hand
            canvas.setLineWidth(0.4)
            canvas.line(
                self.leftMargin + offset, top - 33, self.leftMargin + self.width * 0.6, top - 33
            )
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.8)
        canvas.line(self.leftMargin, height - HEADER, right, height - HEADER)
        canvas.restoreState()


class _NumberedCanvas(Canvas):
    """Draws "Page n of m" once the number of pages is known."""

    printed_on = ""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["initialFontName"] = (
            kwargs.get("initialFontName") or FONT
        )  # else Helvetica, unembedded
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        width, _height = self._pagesize
        self.saveState()
        self.setFont(FONT, 7.5)
        self.setFillColor(colors.black)
        margin = 0.45 * inch
        self.drawString(margin, 0.3 * inch, f"Printed {self.printed_on} · Networking Folder")
        self.drawRightString(width - margin, 0.3 * inch, f"Page {self._pageNumber} of {total}")
        self.restoreState()


def _heading(text: str, count: int | None = None) -> Paragraph:
    style = ParagraphStyle(
        "h", fontName=BOLD, fontSize=9.5, leading=11, spaceBefore=2, spaceAfter=2
    )
    suffix = f"  ({count})" if count is not None else ""
    return Paragraph(f"{text}{suffix}", style)


def _table(
    header: list[str],
    rows: list[list[str]],
    widths: list[float],
    empty: str,
    row_height: float = ROW,
    center: tuple[int, ...] = (),
    boxes: bool = False,
) -> Table:
    body = rows or [[empty] + [""] * (len(header) - 1)]
    cells = [[fit(title, width - 6, BOLD) for title, width in zip(header, widths, strict=True)]]
    cells += [
        [fit(str(value), width - 6) for value, width in zip(row, widths, strict=True)]
        for row in body
    ]
    table = Table(
        cells,
        colWidths=widths,
        rowHeights=[ROW + 1] + [row_height] * len(body),
        repeatRows=1,
        hAlign="LEFT",
    )
    style = [
        ("FONT", (0, 0), (-1, 0), BOLD, SIZE),
        ("FONT", (0, 1), (-1, -1), FONT, SIZE),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, GRID),
        ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    for column in center:
        style.append(("ALIGN", (column, 0), (column, -1), "CENTER"))
    if boxes and rows:  # a box big enough to tick with a pen
        style.append(("FONT", (0, 1), (0, -1), FONT, 10))
    if not rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(style))
    return table


def _widths(total: float, parts: list[float]) -> list[float]:
    scale = total / sum(parts)
    return [p * scale for p in parts]


def _tick_table(header: list[str], items: list[SheetFollowUp], width: float, empty: str) -> Table:
    """Things to do, each with a box to tick with a pen."""
    rows = [
        [TICK_BOX, _short_date(f.due) + (" · late" if f.overdue else ""), f.title, f.who]
        for f in items
    ]
    return _table(
        header, rows, _widths(width, [0.45, 0.75, 2.55, 1.15]), empty, center=(0,), boxes=True
    )


def _referral_table(
    partner: str, referrals: list[SheetReferral], width: float, empty: str
) -> Table:
    """Open referrals one way, with where each stands."""
    rows = [[_short_date(r.date), r.partner, r.prospect, r.status, r.next_step] for r in referrals]
    widths = _widths(width, [0.6, 1.15, 1.15, 1.2, 1.7])
    return _table(["Date", partner, "Prospect", "Status", "Next step"], rows, widths, empty)


def build_story(data: SheetData, width: float) -> list:
    story: list = [
        _heading("Referrals given — open", len(data.given)),
        _referral_table("Given to", data.given, width, "No open referrals given."),
        Spacer(1, 4),
        _heading("Referrals received — open", len(data.received)),
        _referral_table("From", data.received, width, "No open referrals received."),
        Spacer(1, 4),
        KeepTogether(
            [
                _heading("New referrals — write them in during the meeting"),
                _table(
                    ["G / R", "Partner", "Prospect", "Need", "Phone / email"],
                    [[""] * 5 for _ in range(data.blank_rows)],
                    _widths(width, [0.45, 1.15, 1.15, 1.6, 1.3]),
                    "",
                    row_height=17,
                ),
            ]
        ),
        FrameBreak(),
        _heading("Follow-ups due this week and overdue", len(data.due)),
        _tick_table(["Done", "Due", "What", "Who"], data.due, width, "Nothing due this week."),
        Spacer(1, 4),
        _heading("Thank-yous owed", len(data.thanks)),
        _tick_table(["Done", "By", "Thank", "For"], data.thanks, width, "No thank-yous owed."),
        Spacer(1, 4),
        _heading(f"Partner balance — {data.quarter}" if data.quarter else "Partner balance"),
        _table(
            ["Partner", "Given", "Received", "Balance"],
            [
                [
                    b.partner,
                    str(b.given),
                    str(b.received),
                    f"{b.given - b.received:+d}" if b.given != b.received else "0",
                ]
                for b in data.balance
            ],
            _widths(width, [2.6, 0.8, 0.8, 0.8]),
            "No referrals with partners this quarter.",
            center=(1, 2, 3),
        ),
    ]
    return story


def render(data: SheetData, out: Path | str | BinaryIO) -> int:
    """Write the sheet as PDF to ``out`` (a path or a binary file); returns the page count."""
    _register_fonts()
    doc = _Sheet(str(out) if isinstance(out, Path) else out, data)
    canvas_class = type(
        "SheetCanvas",
        (_NumberedCanvas,),
        {"printed_on": f"{data.printed_on:%b} {data.printed_on.day}, {data.printed_on.year}"},
    )
    doc.build(build_story(data, doc.column_width), canvasmaker=canvas_class)
    return doc.page
