"""What every PDF of the program shares: the embedded fonts, "Page n of m", the paper, one
table style, and black-and-white charts drawn with ReportLab's own graphics (vectors: they
print sharp, and two fills told apart by their shade and outline, not their colour)."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table, TableStyle

# The tracking sheet's own (it came first): the DejaVu fonts, embedded, and the canvas that
# numbers its pages.
from networking_folder.domain.model import short_money
from networking_folder.reports.tracking_sheet import (
    BOLD,
    FONT,
    PAPERS,
    _register_fonts,
    column_need,
    escape,
)
from networking_folder.reports.tracking_sheet import _NumberedCanvas as NumberedCanvas

__all__ = [
    "BOLD", "FONT", "MONO", "PAPERS", "NumberedCanvas", "register_fonts", "escape", "A4", "LETTER",
]  # fmt: skip

MONO = "NF-DejaVuSansMono"  # for what is read character by character: a hash, a UUID


def register_fonts() -> None:
    """The DejaVu fonts (Sans, its bold, Sans Mono), embedded, and <b> in a paragraph
    meaning the bold one."""
    _register_fonts()
    from reportlab.pdfbase import pdfmetrics

    if MONO not in pdfmetrics.getRegisteredFontNames():
        from reportlab.pdfbase.ttfonts import TTFont

        from networking_folder.resources import resource_path

        fonts = resource_path("fonts")
        pdfmetrics.registerFont(TTFont(MONO, str(fonts.joinpath("DejaVuSansMono.ttf"))))


SIZE = 9  # table type: never below 8.5 pt
GRID = colors.Color(0.35, 0.35, 0.35)
SHADE = colors.Color(0.88, 0.88, 0.88)
DARK = colors.Color(0.25, 0.25, 0.25)  # what you gave
LIGHT = colors.Color(0.82, 0.82, 0.82)  # what you received


def style(name: str, size: float = SIZE, bold: bool = False, **more) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=BOLD if bold else FONT, fontSize=size, leading=size * 1.25, **more
    )


BODY = style("body")
CELL = style("cell")
HEAD = style("head", 8.5, bold=True)
HEADING = style("heading", 11, bold=True, spaceBefore=7, spaceAfter=3)
TITLE = style("title", 17, bold=True, spaceAfter=2)
QUIET = style("quiet", SIZE, textColor=colors.Color(0.3, 0.3, 0.3))


def cell(text: str, bold: bool = False) -> Paragraph:
    """Table text that wraps within its column (never cut with an ellipsis)."""
    return Paragraph(escape(text), HEAD if bold else CELL)


PAD = 3  # points each side of a cell's text


def fit_widths(header: list[str], rows: list[list], width: float, stretch: int = 0) -> list[float]:
    """Columns as wide as their widest figure and their heading's longest word (headings
    wrap between words, never inside one); what is left goes to column ``stretch``."""
    widths = []
    for n, heading in enumerate(header):
        values = [r[n] for r in rows if not isinstance(r[n], Paragraph)]
        widths.append(column_need(heading, values, HEAD.fontSize, SIZE) + 2 * PAD + 1)
    widths[stretch] += max(0, width - sum(widths))
    return widths


def table(header: list[str], rows: list[list], widths: list[float], right: tuple = ()) -> Table:
    """A ruled table whose header row repeats on each page; no row is split."""
    # Figures (the right-aligned columns) stay plain strings, which ALIGN moves; the rest are
    # paragraphs, which wrap.
    data = [[cell(h, bold=True) for h in header]] + [
        [
            c if isinstance(c, Paragraph) else str(c) if n in right else cell(str(c))
            for n, c in enumerate(row)
        ]
        for row in rows
    ]
    t = Table(data, colWidths=widths, repeatRows=1, splitByRow=1, hAlign="LEFT")
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # (the heading row too: else Helvetica, unembedded)
        ("FONTSIZE", (0, 1), (-1, -1), SIZE),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for column in right:
        commands.append(("ALIGN", (column, 1), (column, -1), "RIGHT"))
    t.setStyle(TableStyle(commands))
    return t


def _legend(drawing: Drawing, x: float, y: float, names: list[tuple[colors.Color, str]]) -> None:
    legend = Legend()
    legend.x, legend.y = x - 92 * len(names), y  # (at the right, inside the drawing)
    legend.fontName, legend.fontSize = FONT, 8.5
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 92
    legend.dx = legend.dy = 8
    legend.strokeColor = colors.black
    legend.strokeWidth = 0.5
    legend.colorNamePairs = names
    drawing.add(legend)


def month_bars(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[float], colors.Color]],
    width: float,
    height: float = 150,
    money: bool = False,
) -> Drawing:
    """Grouped vertical bars, one group per month."""
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 10, title, fontName=BOLD, fontSize=10))
    chart = VerticalBarChart()
    chart.x, chart.y = 42, 24
    chart.width, chart.height = width - 52, height - 66  # the legend goes under the title
    chart.data = [values for _name, values, _fill in series]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8.5
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 8.5
    chart.valueAxis.valueMin = 0
    top = max([max(values, default=0) for _n, values, _f in series] + [100 if money else 1])
    chart.valueAxis.valueMax = top * 1.15
    if money:
        chart.valueAxis.labelTextFormat = short_money
    else:
        chart.valueAxis.valueStep = max(1, round(top / 5))
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = SHADE
    chart.barSpacing = 1
    chart.groupSpacing = 6
    for number, (_name, _values, fill) in enumerate(series):
        chart.bars[number].fillColor = fill
        chart.bars[number].strokeColor = colors.black
        chart.bars[number].strokeWidth = 0.5
    drawing.add(chart)
    _legend(drawing, width, height - 22, [(fill, name) for name, _v, fill in series])
    return drawing


def _shortened(name: str, room: float) -> str:
    """A chart's label within ``room`` points (the scorecards' table has the name whole)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(name, FONT, 8.5) <= room:
        return name
    while name and stringWidth(name + "…", FONT, 8.5) > room:
        name = name[:-1]
    return name + "…"


def balance_bars(
    title: str, names: list[str], given: list[int], received: list[int], width: float
) -> Drawing:
    """Referrals each way with each partner: horizontal bars, the busiest at the top."""
    rows = max(1, len(names))
    height = 50 + rows * 22
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 10, title, fontName=BOLD, fontSize=10))
    from reportlab.pdfbase.pdfmetrics import stringWidth

    chart = HorizontalBarChart()
    # Room at the left for the longest name (a third of the width at most; longer ones wrap
    # nowhere, so they are shortened).
    room = min(max(stringWidth(n, FONT, 8.5) for n in names) + 10, width / 3) if names else 60
    names = [_shortened(n, room - 10) for n in names]
    chart.x, chart.y = room, 22
    chart.width, chart.height = width - room - 10, height - 58
    # ReportLab draws the first category at the bottom: reversed, the busiest is on top.
    chart.data = [given[::-1], received[::-1]]
    chart.categoryAxis.categoryNames = names[::-1]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8.5
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 8.5
    chart.valueAxis.valueMin = 0
    top = max(given + received + [1])
    chart.valueAxis.valueMax = top + 1
    chart.valueAxis.valueStep = max(1, round(top / 5))
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = SHADE
    for number, fill in enumerate((DARK, LIGHT)):
        chart.bars[number].fillColor = fill
        chart.bars[number].strokeColor = colors.black
        chart.bars[number].strokeWidth = 0.5
    drawing.add(chart)
    _legend(drawing, width, height - 22, [(DARK, "You gave them"), (LIGHT, "They sent you")])
    return drawing


def render_portrait(out, paper: str, title: str, printed_on, story_of) -> int:
    """Write a portrait report to ``out`` (a path or a binary file): ``story_of(width)`` gives
    its flowables for the text width; every page says "Page n of m" and when it was printed.
    Byte-identical for the same data (ReportLab's invariant mode). Returns the page count."""
    from pathlib import Path

    from reportlab.lib.units import inch
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    margin = 0.6 * inch
    doc = SimpleDocTemplate(
        str(out) if isinstance(out, Path) else out,
        pagesize=PAPERS[paper],
        leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=0.7 * inch,
        title=title, author="Networking Folder", creator="Networking Folder", invariant=1,
    )  # fmt: skip
    printed = f"{printed_on:%b} {printed_on.day}, {printed_on.year}"
    canvas = type("ReportCanvas", (NumberedCanvas,), {"printed_on": printed})
    doc.build(story_of(doc.width), canvasmaker=canvas)
    return doc.page
