"""The home page's charts, painted with QPainter in the palette's colours.

Two bar charts is all the program draws, so it draws them itself: no chart library, no numpy
(pyqtgraph and numpy were 50 MB of the bundle and a quarter of a second to import). The page
still makes the charts after the window's first paint, as it did then.

Both charts are still pictures: no focus, no zoom, no pan, no context menu (an advisor reads
them, not explores them). Each has a legend of its own in plain words above it and a text
alternative for screen readers (its accessible description).

Each picture is worked out first as a ``Drawing`` (the bars, the grid lines, the axes and the
words, each with its place), which ``paintEvent`` only paints: the tests read the same
drawing the user sees.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QLineF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from networking_folder.domain.model import format_money, short_money
from networking_folder.services.home import Balance, Month
from networking_folder.ui import theme

TICK_GAP = 6  # between a tick's label and the plot
MIN_TICK_SPACE = 1.9  # line heights between two ticks of a value axis, at least
NAMES_AT_MOST = 220  # pixels for the partners' names; longer names are elided


def legend(entries: list[tuple[str, str]]) -> str:
    """Coloured squares and words: [(colour name, words)]."""
    return "&nbsp;&nbsp;&nbsp;".join(
        f'<span style="color: {theme.colour(name).name()}">■</span>&nbsp;{html.escape(words)}'
        for name, words in entries
    )


def nice_step(top: float, intervals: int, least: float = 1) -> float:
    """The smallest round step (1, 2 or 5 times a power of ten, and at least ``least``) that
    reaches ``top`` in ``intervals`` steps or fewer. ``least`` 1 keeps counts whole."""
    wanted = max(top / max(1, intervals), least)
    power = 10 ** math.floor(math.log10(wanted))
    for multiple in (1, 2, 5, 10):
        step = multiple * power
        if step >= wanted * (1 - 1e-9) and math.ceil(top / step - 1e-9) <= max(1, intervals):
            return max(step, least)
    return max(10 * power, least)


def ticks(top: float, length: float, space: float, least: float) -> list[float]:
    """The values of a value axis from 0, a round step apart, the last at or above ``top``,
    no closer than ``space`` pixels on an axis ``length`` pixels long."""
    intervals = max(1, int(length // space))
    step = nice_step(top, intervals, least)
    count = max(1, math.ceil(top / step - 1e-9))
    return [i * step for i in range(count + 1)]


@dataclass(slots=True)
class Bar:
    colour: str  # a name in theme.COLOURS
    rect: QRectF
    value: float


@dataclass(slots=True)
class Words:
    text: str
    rect: QRectF  # where the words stand, as painted (a turned text's box is upright)
    align: Qt.AlignmentFlag
    kind: str  # "tick", "month", "name", "axis"
    turned: bool = False  # read from bottom to top (an axis's title)


@dataclass(slots=True)
class Drawing:
    """A chart's picture: what is painted, where (in the view's pixels), in which order."""

    grid: list[QLineF] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    axes: list[QLineF] = field(default_factory=list)  # the zero lines, over the bars' feet
    words: list[Words] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Words]:
        return [w for w in self.words if w.kind == kind]


class View(QWidget):
    """The painted part of a chart. Subclasses say what to draw (``drawing``)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a picture: nothing to do by key
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._drawing: Drawing | None = None

    # -- what both views share ------------------------------------------------------------------
    def tick_font(self) -> QFont:
        font = QFont(self.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(max(8.0, font.pointSizeF() - 1))
        return font

    def metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.tick_font())

    def plot_bottom(self) -> int:
        """The value axis's zero (months) or the count axis (balance): the same height in both
        views, so the two charts side by side line up."""
        return self.height() - math.ceil(self.metrics().height()) - TICK_GAP

    def plot_top(self) -> int:
        return math.ceil(self.metrics().height() / 2) + 2  # the top tick's label fits

    def drawing(self) -> Drawing:
        """What is painted at the view's present size (worked out once per size and data)."""
        if self._drawing is None:
            self._drawing = self.work_out()
        return self._drawing

    def work_out(self) -> Drawing:
        raise NotImplementedError

    def redraw(self) -> None:
        self._drawing = None
        self.update()

    def resizeEvent(self, event) -> None:
        self._drawing = None
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._drawing = None
        super().changeEvent(event)

    def paintEvent(self, _event) -> None:
        drawing = self.drawing()
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        painter = QPainter(self)
        # Lines and bars sit on whole pixels, unsmoothed: crisp edges. Words are smoothed.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(theme.colour("chart_grid", palette), 0))
        painter.drawLines(drawing.grid)
        painter.setPen(Qt.PenStyle.NoPen)
        for bar in drawing.bars:
            painter.fillRect(bar.rect, theme.colour(bar.colour, palette))
        axis = QColor(text)
        axis.setAlphaF(0.55)
        painter.setPen(QPen(axis, 0))
        painter.drawLines(drawing.axes)
        painter.setPen(text)
        fonts = {"axis": self.font()}  # an axis's title in the window's font, the rest smaller
        tick_font = self.tick_font()
        for words in drawing.words:
            painter.setFont(fonts.get(words.kind, tick_font))
            align = words.align.value | Qt.TextFlag.TextDontClip.value
            if words.turned:
                painter.save()
                painter.translate(words.rect.center())
                painter.rotate(-90)
                upright = QRectF(-words.rect.height() / 2, -words.rect.width() / 2,
                                 words.rect.height(), words.rect.width())  # fmt: skip
                painter.drawText(upright, align, words.text)
                painter.restore()
            else:
                painter.drawText(words.rect, align, words.text)
        painter.end()


class MonthsView(View):
    """Two panels over one month axis: the referrals each way (side by side in each month),
    and below, the closed business each way."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.months: list[Month] = []

    def sizeHint(self) -> QSize:
        return QSize(480, 260)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 260)

    def work_out(self) -> Drawing:
        drawing = Drawing()
        months = self.months
        if not months:
            return drawing
        fm = self.metrics()
        line = fm.height()
        top, bottom = self.plot_top(), self.plot_bottom()
        between = math.ceil(line * 2)  # the room between the two panels
        usable = max(40, bottom - top - between)
        counts_height = round(usable * 3 / 5)
        counts = (top, top + counts_height)  # (top, bottom) of each panel, in pixels
        worth = (counts[1] + between, bottom)
        space = line * MIN_TICK_SPACE
        count_ticks = ticks(max(max(m.given, m.received) for m in months),
                            counts[1] - counts[0], space, least=1)  # fmt: skip
        worth_ticks = ticks(max(max(m.closed_value_given_cents, m.closed_value_received_cents)
                                for m in months),
                            worth[1] - worth[0], space, least=100)  # fmt: skip
        count_words = [f"{v:.0f}" for v in count_ticks]
        worth_words = [short_money(v) for v in worth_ticks]
        widest = max(fm.horizontalAdvance(w) for w in count_words + worth_words)
        title_width = math.ceil(QFontMetricsF(self.font()).height())
        left = math.ceil(title_width + TICK_GAP + widest + TICK_GAP)
        right = self.width() - TICK_GAP
        slot = (right - left) / len(months)

        def x_at(position: float) -> int:
            return round(left + position * slot)

        panels = (
            ("Referrals", counts, count_ticks, count_words, "given", "received",
             lambda m: (m.given, m.received)),
            ("Closed", worth, worth_ticks, worth_words, "given_closed", "received_closed",
             lambda m: (m.closed_value_given_cents, m.closed_value_received_cents)),
        )  # fmt: skip
        for title, (high, low), values, words, first, second, of in panels:
            scale = (low - high) / values[-1]
            for value, text in zip(values, words, strict=True):
                y = round(low - value * scale)
                if value:
                    drawing.grid.append(QLineF(left, y, right, y))
                width = fm.horizontalAdvance(text)
                drawing.words.append(Words(text, QRectF(left - TICK_GAP - width, y - line / 2,
                                                        width, line),
                                           Qt.AlignmentFlag.AlignRight
                                           | Qt.AlignmentFlag.AlignVCenter, "tick"))  # fmt: skip
            drawing.words.append(Words(title, QRectF(0, high, title_width, low - high),
                                       Qt.AlignmentFlag.AlignCenter, "axis", turned=True))  # fmt: skip
            for i, month in enumerate(months):
                for value, colour, start, end in zip(
                    of(month), (first, second), (0.14, 0.51), (0.49, 0.86), strict=True
                ):
                    x0, x1, y = x_at(i + start), x_at(i + end), round(low - value * scale)
                    if value and y == low:
                        y = low - 1  # a value too small for a pixel still shows
                    drawing.bars.append(Bar(f"chart_{colour}", QRectF(x0, y, x1 - x0, low - y),
                                            value))  # fmt: skip
            drawing.axes.append(QLineF(left, low, right, low))
        drawing.words.extend(self.month_words(fm, left, slot, bottom))
        return drawing

    def month_words(self, fm: QFontMetricsF, left: float, slot: float, bottom: int) -> list[Words]:
        """The months' names under the axis, with the year ("Jan ’26") where a year starts and
        at the first one shown. Every month when they fit; if not, the first one's year is
        left to the January beside it; then every second (third...) month, counted back from
        this one, so that no two names touch."""
        months = self.months
        line = fm.height()
        space = fm.horizontalAdvance("  ")
        words: list[Words] = []
        for every in range(1, len(months) + 1):
            shown = [i for i in range(len(months)) if (len(months) - 1 - i) % every == 0]
            new_year = len({months[i].start.year for i in shown}) > 1
            for first_year in (True, False) if new_year else (True,):
                words, years = [], set()
                for i in shown:
                    start = months[i].start
                    text = f"{start:%b}"
                    if start.year not in years:  # the first month shown of its year
                        if i != shown[0] or first_year:
                            text += f" ’{start:%y}"
                        years.add(start.year)
                    width = fm.horizontalAdvance(text)
                    centre = left + (i + 0.5) * slot
                    x = min(max(0.0, centre - width / 2), self.width() - width)
                    words.append(Words(text, QRectF(x, bottom + TICK_GAP / 2, width, line),
                                       Qt.AlignmentFlag.AlignCenter, "month"))  # fmt: skip
                if all(a.rect.right() + space <= b.rect.left()
                       for a, b in zip(words, words[1:], strict=False)):  # fmt: skip
                    return words
        return words[-1:]


class BalanceView(View):
    """One row per partner: what you gave them to the left of the zero line, what they sent
    you to the right, the busiest at the top."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Balance] = []

    def sizeHint(self) -> QSize:
        return QSize(320, 220)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 220)

    def work_out(self) -> Drawing:
        drawing = Drawing()
        rows = self.rows
        if not rows:
            return drawing
        fm = self.metrics()
        line = fm.height()
        top, bottom = self.plot_top(), self.plot_bottom()
        names = min(NAMES_AT_MOST, max(fm.horizontalAdvance(b.name) for b in rows),
                    self.width() // 3)  # fmt: skip
        left = math.ceil(names + 2 * TICK_GAP)
        right = self.width() - TICK_GAP - math.ceil(fm.horizontalAdvance("00") / 2)
        zero = round((left + right) / 2)
        half = min(zero - left, right - zero)
        widest = max(max(b.given, b.received) for b in rows)
        # The same counts each way from zero, no closer than four digits' room.
        steps = ticks(widest, half, fm.horizontalAdvance("0000") + 2 * TICK_GAP, least=1)
        scale = half / steps[-1]
        for value in steps:
            for x in sorted({round(zero - value * scale), round(zero + value * scale)}):
                if value:
                    drawing.grid.append(QLineF(x, top, x, bottom))
                text = f"{value:.0f}"
                width = fm.horizontalAdvance(text)
                left_edge = min(max(0.0, x - width / 2), self.width() - width)
                drawing.words.append(Words(text, QRectF(left_edge, bottom + TICK_GAP / 2,
                                                        width, line),
                                           Qt.AlignmentFlag.AlignCenter, "tick"))  # fmt: skip
        row = (bottom - top) / len(rows)
        thick = max(2, round(min(row * 0.6, line * 1.8)))
        for i, balance in enumerate(rows):
            middle = top + (i + 0.5) * row
            y = round(middle - thick / 2)
            x = round(zero - balance.given * scale)
            drawing.bars.append(Bar("chart_given", QRectF(x, y, zero - x, thick), balance.given))
            drawing.bars.append(Bar("chart_received", QRectF(zero, y,
                                                             round(balance.received * scale),
                                                             thick),
                                    balance.received))  # fmt: skip
            name = fm.elidedText(balance.name, Qt.TextElideMode.ElideRight, names)
            width = fm.horizontalAdvance(name)
            drawing.words.append(Words(name, QRectF(left - TICK_GAP - width, middle - line / 2,
                                                    width, line),
                                       Qt.AlignmentFlag.AlignRight
                                       | Qt.AlignmentFlag.AlignVCenter, "name"))  # fmt: skip
        drawing.axes.append(QLineF(zero, top, zero, bottom))
        drawing.axes.append(QLineF(left, bottom, right, bottom))
        return drawing


class Chart(QWidget):
    """A title, a legend line and the painted chart (``view``), in the palette's colours."""

    def __init__(self, title: str, view: View, parent=None) -> None:
        super().__init__(parent)
        self.title = QLabel(f"<b>{html.escape(title)}</b>", self)
        self.key = QLabel(self)
        self.key.setTextFormat(Qt.TextFormat.RichText)
        self._key: tuple[list[tuple[str, str]] | str, ...] = ()
        self.view = view
        view.setParent(self)
        view.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.key)
        layout.addWidget(self.view, 1)

    def show_key(self, *parts: list[tuple[str, str]] | str) -> None:
        """The legend: lists of (colour name, words), and HTML between them."""
        self._key = parts
        self.key.setText("".join(legend(p) if isinstance(p, list) else p for p in parts))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._key:
            self.show_key(*self._key)  # the squares in the new palette's colours


class MonthsChart(Chart):
    """The last twelve months: referrals given and received (bars side by side), and below,
    the closed business each way by the month it closed."""

    def __init__(self, parent=None) -> None:
        super().__init__("The last 12 months", MonthsView(), parent)
        self.setObjectName("months_chart")
        self.view.setMinimumHeight(260)

    def show_months(self, months: list[Month]) -> None:
        self.show_key(
            [("chart_given", "Given"), ("chart_received", "Received")],
            "&nbsp;&nbsp;&nbsp;·&nbsp;&nbsp;&nbsp;Closed business: ",
            [("chart_given_closed", "given"), ("chart_received_closed", "received")],
        )
        self.view.months = list(months)
        self.view.redraw()
        self.setAccessibleDescription(
            "; ".join(
                f"{m.start:%B %Y}: {m.given} given, {m.received} received, closed "
                f"{format_money(m.closed_value_received_cents)} received and "
                f"{format_money(m.closed_value_given_cents)} given"
                for m in months
            )
        )


class BalanceChart(Chart):
    """Give and receive with each partner this quarter: what you gave them to the left, what
    they sent you to the right, the busiest partner at the top."""

    def __init__(self, parent=None) -> None:
        super().__init__("Give and receive, this quarter", BalanceView(), parent)
        self.setObjectName("balance_chart")
        self.view.setMinimumHeight(220)
        self.empty = QLabel("No referrals either way yet this quarter.", self)
        self.empty.setEnabled(False)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout().addWidget(self.empty, 1)
        self.empty.hide()

    def show_balance(self, rows: list[Balance]) -> None:
        self.show_key([("chart_given", "You gave them"), ("chart_received", "They sent you")])
        self.view.rows = list(rows)
        self.view.redraw()
        self.view.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if not rows:
            self.setAccessibleDescription(self.empty.text())
            return
        self.setAccessibleDescription(
            "; ".join(f"{b.name}: you gave {b.given}, they sent {b.received}" for b in rows)
        )
