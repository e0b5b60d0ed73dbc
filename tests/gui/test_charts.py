"""The home page's two charts (ui/widgets/charts.py), as a user reads them: the busiest month
has the tallest bar, the axes count in whole numbers and round steps, the busiest partner is
at the top, gave to the left and received to the right, nothing written over anything else at
the window's usual widths, the palette's colours in light and dark, and a picture (no focus,
no mouse)."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QPalette

from networking_folder.domain.model import short_money
from networking_folder.services.demo import fill_demo_folder
from networking_folder.services.home import Balance, Month
from networking_folder.ui import theme
from networking_folder.ui.widgets.charts import BalanceChart, MonthsChart, nice_step, ticks

# A year to Nov 2026: September the busiest month (8 received), money only in the last two.
COUNTS = [(0, 0), (1, 0), (0, 2), (0, 0), (3, 1), (0, 0), (2, 2), (1, 0), (0, 0), (5, 8),
          (4, 3), (5, 3)]  # fmt: skip
MONTHS = [
    Month(dt.date(2025 + (11 + i) // 12, (11 + i) % 12 + 1, 1), given, received,
          2_110_000 if i == 11 else 0, 780_000 if i >= 10 else 0)
    for i, (given, received) in enumerate(COUNTS)
]  # fmt: skip
ROWS = [Balance(1, "Fatima Haddad", 1, 1), Balance(2, "Tom Becker", 2, 0),
        Balance(3, "Αλέξης Παπαδόπουλος", 1, 1), Balance(4, "Priya Raman", 0, 1)]  # fmt: skip
# What each chart gets in the window 1180 and 1366 pixels wide (measured on the home page).
WIDTHS = {1180: (659, 439), 1366: (770, 514)}


@pytest.fixture(autouse=True)
def _with_dejavu(dejavu):
    """Every test here measures text in the shipped DejaVu Sans."""


@pytest.fixture
def palette(qapp):
    """The application's palette, "light" or "dark", for one test; put back after."""
    before = QPalette(qapp.palette())

    def use(kind: str) -> None:
        qapp.setPalette(theme.dark_palette() if kind == "dark" else qapp.style().standardPalette())

    yield use
    qapp.setPalette(before)


ALIVE: list = []  # the charts of the running test (qtbot holds them only weakly)


@pytest.fixture(autouse=True)
def alive():
    yield
    ALIVE.clear()


def shown(qtbot, chart, width: int, height: int = 330):
    qtbot.addWidget(chart)
    ALIVE.append(chart)
    chart.resize(width, height)
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def months_chart(qtbot, width=WIDTHS[1366][0], months=MONTHS) -> MonthsChart:
    chart = shown(qtbot, MonthsChart(), width)
    chart.show_months(months)
    return chart


def balance_chart(qtbot, width=WIDTHS[1366][1], rows=ROWS) -> BalanceChart:
    chart = shown(qtbot, BalanceChart(), width)
    chart.show_balance(rows)
    return chart


def overlaps(drawing) -> list[tuple[str, str]]:
    """Pairs of words written over each other."""
    words = drawing.words
    return [(a.text, b.text) for i, a in enumerate(words) for b in words[i + 1:]
            if a.rect.intersects(b.rect)]  # fmt: skip


def inside(view, drawing) -> list[str]:
    """Words that reach past the view's edges (cut off)."""
    area = QRectF(view.rect())
    return [w.text for w in drawing.words if not area.contains(w.rect)]


def pixel(view, x: float, y: float) -> QColor:
    return view.grab().toImage().pixelColor(int(x), int(y))


def panel_ticks(drawing, title: str) -> list[str]:
    """The value axis's words beside the panel with this title, from the bottom up."""
    (panel,) = [w.rect for w in drawing.of_kind("axis") if w.text == title]
    beside = [w for w in drawing.of_kind("tick")
              if panel.top() - 1 <= w.rect.center().y() <= panel.bottom() + 1]  # fmt: skip
    return [w.text for w in sorted(beside, key=lambda w: -w.rect.top())]


# -- the last twelve months ------------------------------------------------------------------------
def test_the_busiest_month_has_the_tallest_bar_and_each_month_its_pair(qtbot):
    drawing = months_chart(qtbot).view.drawing()
    received = [b for b in drawing.bars if b.colour == "chart_received"]
    given_ = [b for b in drawing.bars if b.colour == "chart_given"]
    assert len(received) == len(given_) == 12
    tallest = max(range(12), key=lambda i: received[i].rect.height())
    assert MONTHS[tallest].start == dt.date(2026, 9, 1)
    # Given on the left of received, in the same month, never touching the next month's.
    for i in range(12):
        assert given_[i].rect.right() <= received[i].rect.left()
        if i:
            assert received[i - 1].rect.right() < given_[i].rect.left()
    # Heights in proportion: 4 given in October is half of 8 received in September.
    assert received[9].rect.height() == pytest.approx(2 * given_[10].rect.height(), abs=1)
    # No count, no bar; closed business only where it closed.
    assert received[0].rect.height() == 0
    closed = [b for b in drawing.bars if b.colour == "chart_received_closed"]
    assert [b.rect.height() > 0 for b in closed] == [False] * 11 + [True]


def test_the_axes_count_whole_referrals_and_round_money(qtbot):
    drawing = months_chart(qtbot).view.drawing()
    assert panel_ticks(drawing, "Referrals") == ["0", "2", "4", "6", "8"]
    money = panel_ticks(drawing, "Closed")
    assert money[0] == "0" and all(m.endswith("k") for m in money[1:]), money
    steps = {int(m[:-1]) for m in money[1:]}
    assert steps <= {10, 20, 30}, money  # 21,100 of closed business: 10k steps
    # The axis's titles, read upwards beside their panels.
    assert [w.text for w in drawing.of_kind("axis")] == ["Referrals", "Closed"]
    assert all(w.turned for w in drawing.of_kind("axis"))


def test_a_quiet_year_still_counts_in_whole_numbers(qtbot):
    one = [Month(m.start, 0, 0, 0, 0) for m in MONTHS]
    one[-1] = Month(MONTHS[-1].start, 0, 1, 5_000, 0)  # one referral, 50 closed
    drawing = months_chart(qtbot, months=one).view.drawing()
    words = [w.text for w in drawing.of_kind("tick")]
    assert words[:2] == ["0", "1"]  # never 0.5
    assert all(w.isdigit() or w.endswith("k") for w in words), words


@pytest.mark.parametrize("window", sorted(WIDTHS))
def test_the_months_are_named_under_their_bars_and_no_words_overlap(qtbot, window):
    chart = months_chart(qtbot, WIDTHS[window][0])
    drawing = chart.view.drawing()
    names = [w.text for w in drawing.of_kind("month")]
    # All twelve; the first one's year when there is room (else January's tells it).
    first = "Dec ’25" if window == 1366 else "Dec"
    assert names == [first, "Jan ’26", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                     "Sep", "Oct", "Nov"]  # fmt: skip
    given_ = [b for b in drawing.bars if b.colour == "chart_given"]
    received = [b for b in drawing.bars if b.colour == "chart_received"]
    for month, left, right in zip(drawing.of_kind("month"), given_, received, strict=True):
        assert left.rect.left() < month.rect.center().x() < right.rect.right()
    assert not overlaps(drawing)
    assert not inside(chart.view, drawing)


def test_on_a_narrow_window_every_second_month_is_named_this_one_always(qtbot):
    chart = months_chart(qtbot, 340)
    drawing = chart.view.drawing()
    names = [w.text for w in drawing.of_kind("month")]
    assert names == ["Jan ’26", "Mar", "May", "Jul", "Sep", "Nov"]  # the year at its first
    assert not overlaps(drawing)
    assert not inside(chart.view, drawing)


def test_the_grid_lies_behind_the_bars(qtbot, palette):
    palette("light")
    chart = months_chart(qtbot)
    drawing = chart.view.drawing()
    september = [b for b in drawing.bars if b.colour == "chart_received"][9]
    line = next(g for g in drawing.grid if september.rect.top() < g.y1() < september.rect.bottom())
    across = pixel(chart.view, september.rect.center().x(), line.y1())
    assert across == theme.colour("chart_received")
    # The same line in December, which had no referrals: the grid's colour.
    assert pixel(chart.view, line.x1() + 3, line.y1()) == theme.colour("chart_grid")


# -- give and receive, this quarter ------------------------------------------------------------------
def test_the_busiest_partner_is_at_the_top_gave_left_received_right(qtbot):
    chart = balance_chart(qtbot)
    drawing = chart.view.drawing()
    names = drawing.of_kind("name")
    assert [w.text for w in names] == [b.name for b in ROWS]
    assert [w.rect.top() for w in names] == sorted(w.rect.top() for w in names)
    zero = next(a for a in drawing.axes if a.x1() == a.x2()).x1()
    gave = [b for b in drawing.bars if b.colour == "chart_given"]
    sent = [b for b in drawing.bars if b.colour == "chart_received"]
    for row, left, right, name in zip(ROWS, gave, sent, names, strict=True):
        assert left.rect.right() == zero == right.rect.left()
        assert (left.value, right.value) == (row.given, row.received)
        assert name.rect.right() < left.rect.left() or row.given == 0
        assert abs(left.rect.center().y() - name.rect.center().y()) <= 1
    # Tom Becker's two given reach twice as far as Fatima Haddad's one.
    assert gave[1].rect.width() == pytest.approx(2 * gave[0].rect.width(), abs=1)
    # The counts under it: whole numbers, the same each way from zero.
    counts = sorted(drawing.of_kind("tick"), key=lambda w: w.rect.left())
    assert [w.text for w in counts] == ["2", "1", "0", "1", "2"]
    assert counts[2].rect.center().x() == pytest.approx(zero, abs=1)


@pytest.mark.parametrize("window", sorted(WIDTHS))
def test_the_balance_has_no_words_over_each_other(qtbot, window):
    rows = [Balance(i, name, i % 3, (i + 1) % 4)
            for i, name in enumerate(["Fatima Haddad", "Grace Kim", "Tom Becker",
                                      "Αλέξης Παπαδόπουλος", "Dmitri Volkov", "James O'Connor",
                                      "Maria Alvarez", "Priya Raman"])]  # fmt: skip
    chart = balance_chart(qtbot, WIDTHS[window][1], rows)
    drawing = chart.view.drawing()
    assert not overlaps(drawing)
    assert not inside(chart.view, drawing)


def test_a_very_long_name_is_shortened_not_cut(qtbot):
    long = "Dr. Bartholomew Maximilian Featherstonehaugh-Cholmondeley of Kensington"
    chart = balance_chart(qtbot, rows=[Balance(1, long, 3, 2)])
    drawing = chart.view.drawing()
    (name,) = drawing.of_kind("name")
    assert name.text.endswith("…") and name.text != long
    assert not inside(chart.view, drawing)
    assert long in chart.accessibleDescription()


def test_a_quarter_without_referrals_says_so(qtbot):
    chart = balance_chart(qtbot, rows=[])
    assert chart.empty.isVisible() and not chart.view.isVisible()
    assert chart.accessibleDescription() == "No referrals either way yet this quarter."
    chart.show_balance(ROWS)
    assert chart.view.isVisible() and not chart.empty.isVisible()


# -- both --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["light", "dark"])
def test_the_colours_follow_the_palette(qtbot, palette, kind):
    palette(kind)
    months, balance = months_chart(qtbot), balance_chart(qtbot)
    text = months.palette().color(QPalette.ColorRole.WindowText)
    for chart in (months, balance):
        drawing = chart.view.drawing()
        image = chart.view.grab().toImage()
        for bar in drawing.bars:
            if bar.rect.width() > 2 and bar.rect.height() > 2:
                centre = bar.rect.center()
                assert image.pixelColor(int(centre.x()), int(centre.y())) == theme.colour(bar.colour)
        # The words are in the palette's text colour: the darkest (lightest) pixel of a
        # tick's label is the text colour, readable on the window's background.
        words = drawing.of_kind("tick")[-1].rect
        inks = [image.pixelColor(x, y) for x in range(int(words.left()), int(words.right()))
                for y in range(int(words.top()), int(words.bottom()))]  # fmt: skip
        ink = (min if kind == "light" else max)(inks, key=QColor.lightness)
        assert math.dist(ink.getRgb()[:3], text.getRgb()[:3]) < 60, (ink.name(), text.name())
    assert theme.colour("chart_given").name() in months.key.text()
    assert ("#6ea6e6" if kind == "dark" else "#3b78c3") in balance.key.text()


def test_the_legend_follows_a_switch_of_palette(qtbot, palette):
    palette("light")
    chart = months_chart(qtbot)
    assert "#3b78c3" in chart.key.text()
    palette("dark")
    qtbot.waitUntil(lambda: "#6ea6e6" in chart.key.text())


def test_the_charts_are_pictures_no_focus_no_mouse(qtbot):
    for chart, title in ((months_chart(qtbot), "The last 12 months"),
                         (balance_chart(qtbot), "Give and receive, this quarter")):  # fmt: skip
        assert chart.view.focusPolicy() == Qt.FocusPolicy.NoFocus
        assert chart.view.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        assert chart.view.accessibleName() == title
        assert title in chart.title.text()
    assert months_chart(qtbot).objectName() == "months_chart"
    assert balance_chart(qtbot).objectName() == "balance_chart"
    description = months_chart(qtbot).accessibleDescription()
    assert description.startswith("December 2025: 0 given, 0 received, closed 0.00 received")
    assert "November 2026: 5 given, 3 received, closed 21,100.00 received and 7,800.00 given" in (
        description
    )


# -- the round steps ---------------------------------------------------------------------------
@given(top=st.integers(0, 10**9), length=st.integers(20, 2000), least=st.sampled_from([1, 100]))
def test_ticks_are_round_whole_steps_reaching_the_top(top, length, least):
    values = ticks(top, length, 28, least)
    step = values[1] - values[0]
    assert values[0] == 0 and values[-1] >= top and len(values) >= 2
    assert step >= least and step % least == 0
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 9) in (1, 2, 5)
    assert len(values) - 1 <= max(1, length // 28) or step == least
    assert values[-2] < top or top == 0  # no empty step on top


def test_nice_step_examples():
    assert nice_step(8, 4) == 2
    assert nice_step(21_100_00, 3, 100) == 10_000_00
    assert nice_step(0, 4) == 1
    assert nice_step(3, 10) == 1  # never half a referral
    assert short_money(nice_step(2_110_000, 3, 100)) == "10k"


# -- on the home page ------------------------------------------------------------------------------
@pytest.mark.parametrize("width", [1180, 1366])
def test_on_the_home_page_at_the_usual_widths_nothing_is_written_over(
    qtbot, make_window, folder, width
):
    fill_demo_folder(folder)
    window = make_window(folder, tab="")
    window.resize(width, 768)
    qtbot.waitUntil(lambda: window.home_tab._charts is not None)
    months, balance = window.home_tab._charts
    qtbot.waitUntil(lambda: months.view.width() > 0.45 * width)
    for chart in (months, balance):
        drawing = chart.view.drawing()
        assert drawing.bars, chart.objectName()
        assert not overlaps(drawing), chart.objectName()
        assert not inside(chart.view, drawing), chart.objectName()
    assert len(months.view.drawing().of_kind("month")) == 12
    # Side by side, the two charts' bottom axes are one line.
    bottom = [max(a.y1() for a in c.view.drawing().axes) + c.view.mapTo(window, QPoint()).y()
              for c in (months, balance)]  # fmt: skip
    assert bottom[0] == bottom[1]
