"""The home page's charts, drawn with pyqtgraph (Qt-native, painted with QPainter in the
palette's colours). This module is imported after the window's first paint: pyqtgraph and
numpy take a quarter of a second to load, which the user never waits for.

Both charts are still pictures: no zoom, no pan, no context menu (an advisor reads them, not
explores them). Each has a legend of its own in plain words above it and a text alternative
for screen readers (its accessible description)."""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from networking_folder.domain.model import format_money, short_money
from networking_folder.services.home import Balance, Month
from networking_folder.ui import theme

pg.setConfigOptions(antialias=True, background=None)  # the window's own background


def legend(entries: list[tuple[str, str]]) -> str:
    """Coloured squares and words: [(colour name, words)]."""
    return "&nbsp;&nbsp;&nbsp;".join(
        f'<span style="color: {theme.colour(name).name()}">■</span>&nbsp;{html.escape(words)}'
        for name, words in entries
    )


def whole_numbers(values, _scale, _spacing) -> list[str]:
    """Counts on an axis: whole numbers only, without a sign (the balance's left side)."""
    return [f"{abs(v):.0f}" if float(v).is_integer() else "" for v in values]


class Chart(QWidget):
    """A title, a legend line and a pyqtgraph plot area, in the palette's colours."""

    def __init__(self, title: str, parent=None) -> None:
        super().__init__(parent)
        self.title = QLabel(f"<b>{html.escape(title)}</b>", self)
        self.key = QLabel(self)
        self.key.setTextFormat(Qt.TextFormat.RichText)
        self.view = pg.GraphicsLayoutWidget(self)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a picture: nothing to do by key
        self.view.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setAccessibleName(title)
        self.view.setMinimumHeight(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.key)
        layout.addWidget(self.view, 1)

    def plot(self, row: int, bottom_axis: bool = True) -> pg.PlotItem:
        plot = self.view.addPlot(row=row, col=0)
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.showGrid(x=False, y=True, alpha=0.6)
        if not bottom_axis:
            plot.hideAxis("bottom")
        plot.getAxis("left").setWidth(56)  # stacked plots line up
        return plot

    def style_axes(self, plot: pg.PlotItem) -> None:
        text = self.palette().color(QPalette.ColorRole.WindowText)
        grid = theme.colour("chart_grid")
        font = QFont(self.font())
        font.setPointSizeF(max(8.0, font.pointSizeF() - 1))
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setZValue(-1)  # its grid lines behind the bars, not across them
            axis.setPen(pg.mkPen(grid))
            axis.setTextPen(pg.mkPen(text))
            axis.setTickFont(font)

    def bars(self, plot: pg.PlotItem, **options) -> pg.BarGraphItem:
        item = pg.BarGraphItem(pen=pg.mkPen(None), **options)
        plot.addItem(item)
        return item


class MonthsChart(Chart):
    """The last twelve months: referrals given and received (bars side by side), and below,
    the closed business each way by the month it closed."""

    def __init__(self, parent=None) -> None:
        super().__init__("The last 12 months", parent)
        self.setObjectName("months_chart")
        self.view.setMinimumHeight(260)

    def show_months(self, months: list[Month]) -> None:
        self.view.clear()
        self.key.setText(
            legend([("chart_given", "Given"), ("chart_received", "Received")])
            + "&nbsp;&nbsp;&nbsp;·&nbsp;&nbsp;&nbsp;Closed business: "
            + legend([("chart_given_closed", "given"), ("chart_received_closed", "received")])
        )
        xs = list(range(len(months)))
        ticks = [[(x, f"{m.start:%b}" + (f" ’{m.start:%y}" if m.start.month == 1 or x == 0 else ""))
                  for x, m in enumerate(months)]]  # fmt: skip
        counts = self.plot(0, bottom_axis=False)
        self.bars(counts, x=[x - 0.18 for x in xs], height=[m.given for m in months], width=0.34,
                  brush=theme.colour("chart_given"))  # fmt: skip
        self.bars(counts, x=[x + 0.18 for x in xs], height=[m.received for m in months], width=0.34,
                  brush=theme.colour("chart_received"))  # fmt: skip
        counts.setLabel("left", "Referrals")
        worth = self.plot(1)
        self.bars(worth, x=[x - 0.18 for x in xs], width=0.34,
                  height=[m.closed_value_given_cents for m in months],
                  brush=theme.colour("chart_given_closed"))  # fmt: skip
        self.bars(worth, x=[x + 0.18 for x in xs], width=0.34,
                  height=[m.closed_value_received_cents for m in months],
                  brush=theme.colour("chart_received_closed"))  # fmt: skip
        worth.setLabel("left", "Closed")
        worth.getAxis("left").tickStrings = lambda values, _scale, _spacing: [
            short_money(v) for v in values
        ]
        worth.getAxis("bottom").setTicks(ticks)
        # (The first month's label reaches past the plot's edge: shown all the same.)
        worth.getAxis("bottom").setStyle(hideOverlappingLabels=False)
        worth.setXLink(counts)
        for plot, top in (
            (counts, max([m.given for m in months] + [m.received for m in months] + [1])),
            (worth, max([m.closed_value_given_cents for m in months]
                        + [m.closed_value_received_cents for m in months] + [100])),
        ):  # fmt: skip
            self.style_axes(plot)
            plot.setXRange(-0.6, len(months) - 0.4, padding=0)
            plot.setYRange(0, top * 1.1, padding=0)
        counts.getAxis("left").tickStrings = whole_numbers
        self.view.ci.layout.setRowStretchFactor(0, 3)
        self.view.ci.layout.setRowStretchFactor(1, 2)
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
        super().__init__("Give and receive, this quarter", parent)
        self.setObjectName("balance_chart")
        self.empty = QLabel("No referrals either way yet this quarter.", self)
        self.empty.setEnabled(False)
        self.layout().addWidget(self.empty)
        self.empty.hide()

    def show_balance(self, rows: list[Balance]) -> None:
        self.view.clear()
        self.key.setText(
            legend([("chart_given", "You gave them"), ("chart_received", "They sent you")])
        )
        self.view.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if not rows:
            self.setAccessibleDescription(self.empty.text())
            return
        plot = self.plot(0)
        # The partners' names, as wide as the longest needs (not the months' fixed width).
        name_width = max(self.fontMetrics().horizontalAdvance(b.name) for b in rows)
        plot.getAxis("left").setWidth(min(name_width + 16, 220))
        ys = list(range(len(rows)))[::-1]  # the busiest at the top
        self.bars(plot, x0=[-b.given for b in rows], y=ys, width=[b.given for b in rows],
                  height=0.6, brush=theme.colour("chart_given"))  # fmt: skip
        self.bars(plot, x0=[0] * len(rows), y=ys, width=[b.received for b in rows],
                  height=0.6, brush=theme.colour("chart_received"))  # fmt: skip
        plot.getAxis("left").setTicks([[(y, b.name) for y, b in zip(ys, rows, strict=True)]])
        widest = max(max(b.given, b.received) for b in rows)
        plot.getAxis("bottom").tickStrings = whole_numbers
        plot.addLine(x=0, pen=pg.mkPen(self.palette().color(QPalette.ColorRole.WindowText)))
        self.style_axes(plot)
        plot.showGrid(x=True, y=False, alpha=0.6)
        plot.setXRange(-widest - 0.5, widest + 0.5, padding=0)
        plot.setYRange(-0.6, len(rows) - 0.4, padding=0)
        self.setAccessibleDescription(
            "; ".join(f"{b.name}: you gave {b.given}, they sent {b.received}" for b in rows)
        )
