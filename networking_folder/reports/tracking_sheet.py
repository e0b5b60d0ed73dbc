"""The weekly tracking sheet (R8 in docs/follow-up-rules.md): what the user carries into the meeting.

Landscape, Letter or A4, legible in black and white. Two columns: referrals given and
received with where each stands, then ruled rows to write new referrals during the
meeting; follow-ups due and overdue with a box to tick, thank-yous owed and the partner
balance. Tables repeat their header row on a new page and never split a row.
Output is byte-identical for the same data (ReportLab's invariant mode).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
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
    Flowable,
    Frame,
    FrameBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tables import CellStyle

from networking_folder.resources import resource_path

FONT, BOLD = "NF-DejaVuSans", "NF-DejaVuSans-Bold"
TICK_BOX = "☐"
PAPERS = {"letter": LETTER, "a4": A4}
# Countries whose offices use US Letter; everyone else uses A4.
LETTER_COUNTRIES = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "SV", "NI", "PR", "BZ"}
)

HEADER = 55  # points from the top of the page to the rule under a two-line header
GRID = colors.Color(0.35, 0.35, 0.35)
SHADE = colors.Color(0.88, 0.88, 0.88)
SIZE = 8.5  # table type: no smaller (issue 12)
ROW = 11  # points: a one-line row


@dataclass(frozen=True)
class SheetReferral:
    date: dt.date
    partner: str
    prospect: str
    need: str
    status: str
    next_step: str  # short: the partner and the prospect are on the row already
    reach: str = ""  # the prospect's phone or email (received referrals: to call them)
    days_open: int | None = None  # since the referral was made
    next_due: dt.date | None = None
    tick: bool = False  # the next step is due this week or overdue: a box to tick on the row
    late: bool = False


@dataclass(frozen=True)
class SheetOneToOne:
    day: dt.date
    who: str
    held: bool  # logged (held) or planned (an open follow-up)


@dataclass(frozen=True)
class SheetFollowUp:
    due: dt.date
    title: str
    who: str
    overdue: bool
    worth: str = ""  # a thank-you's closed business, "12,000"
    about: str = ""  # what a thank-you is for: "referring Ben Carter"
    private: bool = False  # a thank-you in private (the others are at the meeting)
    place: str = ""  # where it happens (a recon meeting: the partner's place of work)


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
    blank_rows: int = 7  # at least: the ruled rows fill what the column has left
    one_to_ones: list[SheetOneToOne] = field(default_factory=list)
    asks: list[tuple[str, str]] = field(default_factory=list)  # (partner, their current ask)
    skipped_holiday: str = ""  # "Thanksgiving Day" when the week's meeting day is one

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
    folder = resource_path("fonts")
    pdfmetrics.registerFont(TTFont(FONT, str(folder.joinpath("DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder.joinpath("DejaVuSans-Bold.ttf"))))
    from reportlab.lib.fonts import addMapping

    for bold, italic in ((0, 0), (0, 1), (1, 0), (1, 1)):  # <b> in a paragraph: the bold one
        addMapping(FONT, bold, italic, BOLD if bold else FONT)


def escape(text: str) -> str:
    """``text`` as a paragraph's markup: its own ``&``, ``<`` and ``>`` are not tags."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _short_date(day: dt.date) -> str:
    return f"{day:%b} {day.day}"


def _lines(text: str, width: float, font: str, size: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    return simpleSplit(" ".join(text.split()), font, size, width) or [""]


class _Sheet(BaseDocTemplate):
    """Two lines of header (the sheet and its week, the group; the ask, the meeting), a
    third for the ask or the holiday flag only when needed, then two columns."""

    ASK_LABEL = "My ask this week: "

    def __init__(self, out, data: SheetData) -> None:
        pagesize = landscape(PAPERS[data.paper])
        margin = 0.45 * inch
        self.data = data
        # The ask wraps onto more lines rather than being cut, and the header grows with it.
        room = pagesize[0] - 2 * margin - pdfmetrics.stringWidth(self.ASK_LABEL, BOLD, 9)
        room -= max(pdfmetrics.stringWidth(self._when(), FONT, 9.5),
                    pdfmetrics.stringWidth(self._flag(), BOLD, 9)) + 18  # fmt: skip
        self.ask_lines = _lines(data.ask, room, FONT, 9) if data.ask.strip() else []
        lines = max(len(self.ask_lines), 2 if data.skipped_holiday else 1)
        self.header = HEADER + 11 * (lines - 1)
        super().__init__(
            out,
            pagesize=pagesize,
            leftMargin=margin,
            rightMargin=margin,
            topMargin=self.header + 6,
            bottomMargin=0.4 * inch,
            title=f"Tracking sheet — {data.week_label}",
            author="Networking Folder",
            creator="Networking Folder",
            invariant=1,
        )
        gap = 0.25 * inch
        # The referrals (six columns of words) get the wider column; the lists to tick the other.
        width = (self.width - gap) * 0.6
        self.column_width, self.right_width = width, self.width - gap - width
        frames = [
            Frame(x, self.bottomMargin, w, self.height, id=name, leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
            for name, x, w in (
                ("left", self.leftMargin, width),
                ("right", self.leftMargin + width + gap, self.right_width),
            )
        ]  # fmt: skip
        self.addPageTemplates([PageTemplate(id="sheet", frames=frames, onPage=self._decorate)])

    def _flag(self) -> str:
        if not self.data.skipped_holiday:
            return ""
        return f"⚑ Not on the usual day: {self.data.skipped_holiday}"

    def _when(self) -> str:
        meeting = self.data.meeting
        if not meeting:
            return ""
        when = f"Meeting: {meeting:%A} {_short_date(meeting.date())}"
        return when + (f", {meeting:%H:%M}" if meeting.time() != dt.time(0) else "")

    def _decorate(self, canvas: Canvas, doc) -> None:
        data = self.data
        width, height = self.pagesize
        top = height - 0.4 * inch
        right = width - self.rightMargin
        canvas.saveState()
        canvas.setFillColor(colors.black)
        canvas.setFont(BOLD, 14)
        title = "Referral tracking sheet"
        canvas.drawString(self.leftMargin, top - 6, title)
        canvas.setFont(FONT, 10)
        canvas.drawString(
            self.leftMargin + pdfmetrics.stringWidth(title, BOLD, 14) + 10, top - 6,
            data.week_label,
        )  # fmt: skip
        canvas.setFont(BOLD, 11)
        canvas.drawRightString(right, top - 6, data.group or "All groups")
        canvas.setFont(FONT, 9.5)
        canvas.drawRightString(right, top - 20, self._when())
        if data.skipped_holiday:  # the usual day is a public holiday: said, flagged
            canvas.setFont(BOLD, 9)
            canvas.drawRightString(right, top - 31, self._flag())
        canvas.setFont(BOLD, 9)
        canvas.drawString(self.leftMargin, top - 20, self.ASK_LABEL)
        offset = pdfmetrics.stringWidth(self.ASK_LABEL, BOLD, 9)
        canvas.setFont(FONT, 9)
        for n, line in enumerate(self.ask_lines):
            canvas.drawString(self.leftMargin + offset, top - 20 - 11 * n, line)
        if not self.ask_lines:  # a line to write it on by hand
            canvas.setLineWidth(0.4)
            canvas.line(
                self.leftMargin + offset, top - 21, self.leftMargin + self.width * 0.6, top - 21
            )
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.8)
        canvas.line(self.leftMargin, height - self.header, right, height - self.header)
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
        self.drawString(margin, 0.25 * inch, f"Printed {self.printed_on} · Networking Folder")
        self.drawRightString(width - margin, 0.25 * inch, f"Page {self._pageNumber} of {total}")
        self.restoreState()


_HEADING = ParagraphStyle(
    "heading", fontName=BOLD, fontSize=9.5, leading=11, spaceBefore=2, spaceAfter=2
)


def _heading(text: str, count: int | None = None, note: str = "") -> Paragraph:
    suffix = f"  ({count})" if count is not None else ""
    quiet = f'  <font name="{FONT}" size="{SIZE}">{escape(note)}</font>' if note else ""
    return Paragraph(escape(f"{text}{suffix}") + quiet, _HEADING)


_CELL = ParagraphStyle("cell", fontName=FONT, fontSize=SIZE, leading=SIZE + 1)
_HEAD = ParagraphStyle("head", fontName=BOLD, fontSize=SIZE, leading=SIZE + 1)
_CENTER = ParagraphStyle("center", parent=_CELL, alignment=1)
_BOX = ParagraphStyle("box", fontName=FONT, fontSize=10, leading=SIZE + 1, alignment=1)


PAD = 2.5  # points of padding left and right of a table's cells
TOP_PAD, BOTTOM_PAD = 0.5, 1.5  # and above and below


def _cell(
    value: str | Paragraph, style: ParagraphStyle = _CELL, width: float = 0
) -> str | Paragraph:
    """A table cell: text that fits on one line in ``width`` points (less the padding) as
    plain text, which the table draws where a one-line paragraph of that style would put it
    (the table's style gives its font, leading and alignment) at a tenth of the cost; text
    that wraps as a paragraph."""
    if isinstance(value, Paragraph):
        return value
    text = " ".join(str(value).split())
    room = width - 2 * PAD - 0.01  # (a hair short: what only just fits wraps, as it did)
    if not text:
        return ()  # (no flowables: drawn as nothing, of no height, as an empty paragraph was)
    if _width(text, style.fontName, style.fontSize) <= room:
        return text
    return Paragraph(escape(text), style)


def _cell_style(style: ParagraphStyle, leading: float | None = None) -> CellStyle:
    """A table cell's style for text in ``style``: its font, leading and alignment, the
    sheet's padding, the text at the top."""
    cell = CellStyle(style.name)
    cell.fontname, cell.fontsize = style.fontName, style.fontSize
    cell.leading = style.leading if leading is None else leading
    cell.alignment = "CENTER" if style.alignment == 1 else "LEFT"
    cell.valign = "TOP"
    cell.leftPadding = cell.rightPadding = PAD
    cell.topPadding, cell.bottomPadding = TOP_PAD, BOTTOM_PAD
    return cell


def _plain_height(row: list) -> float | None:
    """The height of a row of plain one-line cells (and empty ones), as the table would
    measure it; None for a row with a paragraph (the table measures that one)."""
    if not all(isinstance(cell, (str, tuple)) for cell in row):
        return None
    lines = any(isinstance(cell, str) for cell in row)
    return TOP_PAD + (SIZE + 1) * lines + BOTTOM_PAD


@lru_cache(maxsize=8192)
def _width(text: str, font: str, size: float) -> float:
    """The width of ``text`` in points (names, statuses and dates repeat down a sheet)."""
    return pdfmetrics.stringWidth(text, font, size)


def _table(
    header: list[str],
    rows: list[list],
    widths: list[float],
    empty: str,
    row_height: float | None = None,
    center: tuple[int, ...] = (),
    boxes: bool = False,
) -> Table:
    """A ruled table: its text wraps onto more lines (nothing is cut), its header row repeats
    where it goes on over a page, and no row is split. An empty table says so in full."""

    def style_of(column: int) -> ParagraphStyle:
        if boxes and column == 0:
            return _BOX
        return _CENTER if column in center else _CELL

    styles = [style_of(n) for n in range(len(header))]
    cells = [[_cell(title, _HEAD, w) for title, w in zip(header, widths, strict=True)]]
    cells += [
        [_cell(value, styles[n], widths[n]) for n, value in enumerate(row)] for row in rows
    ]
    if not rows:
        cells.append([_cell(empty)] + [""] * (len(header) - 1))
    # Rows of plain cells are not measured (a third of the time the tables took).
    heights = [_plain_height(row) for row in cells]
    if not rows:
        heights[1] = None  # (the table measures the line saying it is empty)
    if row_height is not None:  # ruled rows to write in by hand
        heights = heights[:1] + [row_height] * (len(cells) - 1)
    # Each cell's style (font, leading, alignment, padding), made once for the whole table:
    # plain text in its paragraph style's font, leading and alignment (the empty line's in the
    # table's font, as before). Shared, never changed (no cell style command follows), they
    # spare the table a style of its own for each cell and eight passes over them all.
    head = _cell_style(_HEAD)
    body = [_cell_style(style) for style in styles]
    plain = _cell_style(_CELL, leading=1.2 * SIZE)
    cell_styles = [[head] * len(header)] + [body] * len(rows)
    if not rows:
        cell_styles.append([plain] * len(header))
    table = Table(
        cells, colWidths=widths, rowHeights=heights, repeatRows=1, splitByRow=1, hAlign="LEFT",
        cellStyles=cell_styles,
    )  # fmt: skip
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, GRID),
        ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
    ]
    if not rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(style))
    return table


def _widths(total: float, parts: list[float]) -> list[float]:
    scale = total / sum(parts)
    return [p * scale for p in parts]


def column_need(heading: str, values, heading_size: float = SIZE, size: float = SIZE) -> float:
    """The points a column needs (less its padding) so that neither its widest value nor a
    word of its heading wraps (a heading may wrap between its words)."""
    words = max((_width(w, BOLD, heading_size) for w in heading.split()), default=0)
    widest = max((_width(str(v), FONT, size) for v in values), default=0)
    return max(words, widest)


def _fit_columns(
    header: list[str], rows: list[list[str]], total: float, plan: list[tuple[str, float]]
) -> list[float]:
    """Column widths for ``total`` points: a ("fit", cap) column as wide as its widest value
    and its heading's longest word (at most ``cap``), so it does not wrap; the ("share",
    weight) columns share what is left, and their words wrap."""
    pad = 2 * 2.5 + 4  # the cell's padding, and room for a bold word or a larger box
    widths: list[float] = []
    for n, (how, amount) in enumerate(plan):
        if how == "share":
            widths.append(0.0)
            continue
        widths.append(min(column_need(header[n], [r[n] for r in rows]) + pad, amount))
    left = max(0.0, total - sum(widths))
    weights = sum(amount for how, amount in plan if how == "share")
    return [
        w if how == "fit" else left * amount / weights
        for w, (how, amount) in zip(widths, plan, strict=True)
    ]


def _what(item: SheetFollowUp) -> str:
    """The follow-up's title, and whom it is about when the title does not say."""
    what = item.title
    if item.who and item.who.casefold() not in item.title.casefold():
        what += f" — {item.who}"
    if item.place:
        what += f" — at {item.place}"
    return f"{what} — {item.worth}" if item.worth else what


def _tick_table(header: list[str], items: list[SheetFollowUp], width: float, empty: str) -> Table:
    """Things to do, each with a box to tick with a pen."""
    rows = [
        [TICK_BOX, _short_date(f.due) + (" · late" if f.overdue else ""), _what(f)] for f in items
    ]
    plan = [("fit", 30), ("fit", 70), ("share", 1)]
    widths = _fit_columns(header, rows, width, plan)
    return _table(header, rows, widths, empty, boxes=True)


def _thanks_table(items: list[SheetFollowUp], width: float) -> Table:
    """Whom to thank, and for what: at the meeting unless it says privately."""
    rows = []
    for f in items:
        words = [f.about or f.title]
        words += [w for w in (f.worth, "privately" if f.private else "") if w]
        if f.overdue:
            words.append(f"late (was {_short_date(f.due)})")
        rows.append([TICK_BOX, f.who or "—", " · ".join(words)])
    header = ["Done", "Thank", "For"]
    widths = _fit_columns(header, rows, width, [("fit", 30), ("fit", 110), ("share", 1)])
    return _table(header, rows, widths, "No thank-yous owed.", boxes=True)


def _next_step(referral: SheetReferral) -> tuple[str, str | Paragraph]:
    """What comes next on a referral (as text to measure, and as the cell: a paragraph when
    a word is bold or a box to tick is larger); when it is due this week or late, a box to
    tick."""
    plain = referral.next_step or "—"
    if referral.next_due is not None:
        plain += f" · {_short_date(referral.next_due)}"
    if not (referral.late or referral.tick):
        return plain, plain
    text = escape(plain)
    if referral.late:
        text, plain = text + " · <b>late</b>", plain + " · late"
    if referral.tick:
        text, plain = f'<font size="10">{TICK_BOX}</font> {text}', f"{TICK_BOX} {plain}"
    return plain, Paragraph(text, _CELL)


def _days(days: int | None) -> str:
    return "" if days is None else str(days)


def _referral_table(
    partner: str, referrals: list[SheetReferral], width: float, empty: str, received: bool = False
) -> Table:
    """Open referrals one way, with where each stands; a received one with how to reach the
    prospect and how many days it has been open."""
    steps = [_next_step(r) for r in referrals]
    if received:  # how long it has waited says more at the meeting than the day it came
        header = ["Days", partner, "Prospect", "Phone or email", "Status", "Next step"]
        rows = [
            [_days(r.days_open), r.partner, r.prospect, r.reach, r.status, step[0]]
            for r, step in zip(referrals, steps, strict=True)
        ]  # fmt: skip
        plan = [("fit", 40), ("share", 1), ("share", 1), ("fit", 80), ("fit", 75), ("fit", 130)]
        widths = _fit_columns(header, rows, width, plan)
        for row, step in zip(rows, steps, strict=True):
            row[-1] = step[1]
        return _table(header, rows, widths, empty, center=(0,))
    header = ["Days", partner, "Prospect", "Status", "Next step"]
    rows = [
        [_days(r.days_open), r.partner, r.prospect, r.status, step[0]]
        for r, step in zip(referrals, steps, strict=True)
    ]
    widths = _fit_columns(
        header, rows, width, [("fit", 40), ("share", 1), ("share", 1), ("fit", 85), ("fit", 175)]
    )
    for row, step in zip(rows, steps, strict=True):
        row[-1] = step[1]
    return _table(header, rows, widths, empty, center=(0,))


def _balance_table(balance: list[SheetBalance], width: float) -> Table:
    """Given against received per partner, in two halves side by side (a short list)."""

    def cells(b: SheetBalance | None) -> list[str]:
        if b is None:
            return [""] * 4
        net = f"{b.given - b.received:+d}".replace("-", "−") if b.given != b.received else "0"
        return [b.partner, str(b.given), str(b.received), net]

    half = (len(balance) + 1) // 2
    left, right = balance[:half], balance[half:]
    rows = [cells(a) + cells(right[n] if n < len(right) else None) for n, a in enumerate(left)]
    header = ["Partner", "G", "R", "±"] * 2
    plan = [("share", 1), ("fit", 40), ("fit", 40), ("fit", 30)] * 2
    widths = _fit_columns(header, [[""] * 8] + rows, width, plan)
    table = _table(
        header, rows, widths, "No referrals with partners this quarter.", center=(1, 2, 3, 5, 6, 7)
    )
    if rows:  # a firmer line between the halves
        table.setStyle(TableStyle([("LINEBEFORE", (4, 0), (4, -1), 0.8, colors.black)]))
    return table


def _one_to_ones(meetings: list[SheetOneToOne]) -> Paragraph:
    """The week's one-to-ones on a line or two (the planned ones are also to do above)."""
    if not meetings:
        return Paragraph("No one-to-ones this week.", _CELL)
    said = [
        f"{escape(o.who)} ({_short_date(o.day)}, {'held' if o.held else 'planned'})"
        for o in meetings
    ]
    return Paragraph(" · ".join(said), _CELL)


DAYS_NOTE = "Days: since the referral was made"


class _RuledRows(Flowable):
    """The heading and the ruled rows to write new referrals in by hand: as many rows as the
    rest of the column holds (the page is not left blank), at least ``least``; when fewer
    fit, the whole block moves on (it is never split)."""

    ROW = 17  # points: room for handwriting

    def __init__(self, header: list[str], parts: list[float], least: int, most: int) -> None:
        super().__init__()
        self.header, self.parts, self.least, self.most = header, parts, least, most
        self.heading = _heading("New referrals — write them in during the meeting")
        self.rows = least

    def _table(self, width: float) -> Table:
        return _table(
            self.header, [[""] * len(self.header)] * self.rows, _widths(width, self.parts), "",
            row_height=self.ROW,
        )  # fmt: skip

    def wrap(self, available_width: float, available_height: float):
        _w, heading = self.heading.wrap(available_width, available_height)
        self.heading_height = heading + self.heading.getSpaceAfter()
        _w, one = self._table(available_width).wrap(available_width, available_height)
        header_row = one - self.rows * self.ROW
        room = int((available_height - self.heading_height - header_row - 1) // self.ROW)
        self.rows = max(self.least, min(self.most, room))
        self.table = self._table(available_width)
        _w, height = self.table.wrap(available_width, available_height)
        self.width, self.height = available_width, self.heading_height + height
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list:
        return []  # whole, on the next column or page

    def draw(self) -> None:
        table_height = self.height - self.heading_height
        self.table.drawOn(self.canv, 0, 0)
        self.heading.drawOn(self.canv, 0, table_height + self.heading.getSpaceAfter())


def build_story(data: SheetData, width: float, right: float | None = None) -> list:
    """The referrals in the left column, what to do and whom to thank or ask in the right."""
    left, width = width, right or width
    on_rows = any(r.tick for r in data.given + data.received)
    due = "More follow-ups due this week and overdue" if on_rows else (
        "Follow-ups due this week and overdue"
    )
    story: list = [
        _heading("Referrals given — open", len(data.given), note=DAYS_NOTE),
        _referral_table("Given to", data.given, left, "No open referrals given."),
        Spacer(1, 4),
        _heading("Referrals received — open", len(data.received), note=DAYS_NOTE),
        _referral_table(
            "From", data.received, left, "No open referrals received.", received=True
        ),
        Spacer(1, 4),
        _heading("What partners ask for — give during the meeting", len(data.asks)),
        _table(
            ["Partner", "Their ask"],
            [[name, ask] for name, ask in data.asks],
            _widths(left, [1.2, 4.0]),
            "No partner’s ask is written down yet (their page has a field for it).",
        ),
        Spacer(1, 4),
        _RuledRows(
            ["G/R", "Partner", "Prospect", "Need", "Phone or email"],
            [0.5, 1.15, 1.15, 1.6, 1.3],
            least=data.blank_rows,
            most=16,
        ),
        FrameBreak(),
        _heading(due, len(data.due)),
        _tick_table(["Done", "Due", "What"], data.due, width, "Nothing else is due this week."
                    if on_rows else "Nothing is due this week."),
        Spacer(1, 4),
        _heading("Thank-yous owed", len(data.thanks), note="at the meeting, unless it says privately"),
        _thanks_table(data.thanks, width),
        Spacer(1, 4),
        _heading("One-to-ones this week", len(data.one_to_ones)),
        _one_to_ones(data.one_to_ones),
        Spacer(1, 4),
        _heading(
            f"Partner balance — {data.quarter}" if data.quarter else "Partner balance",
            note="G given, R received",
        ),
        _balance_table(data.balance, width),
    ]  # fmt: skip
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
    doc.build(build_story(data, doc.column_width, doc.right_width), canvasmaker=canvas_class)
    return doc.page
