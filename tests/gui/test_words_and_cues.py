"""Words a person uses and cues they can see (issue 10, items 4 and 5), in the real widgets."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDateEdit

from networking_folder.domain.model import Contact, Direction, FollowUp, Referral, Status
from networking_folder.domain.rules import RULES
from networking_folder.ui import theme
from networking_folder.ui.formatting import (
    count,
    format_date,
    format_datetime,
    readable_date_edit,
    relative_due,
    stars,
)

WHEN, DUE, WHAT, STATE, MADE_BY = 0, 1, 2, 5, 6
DATE_IN_WORDS = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}"
)
KEYS = re.compile(r"\b(" + "|".join(sorted(RULES, key=len, reverse=True)) + r")\b")


@pytest.fixture
def c_locale():
    """QLocale as under LANG=C: its own short date would be "23 11 2026"."""
    before = QLocale()
    QLocale.setDefault(QLocale.c())
    yield
    QLocale.setDefault(before)


@pytest.fixture
def palette(qapp):
    """Set the application's palette ("light" or "dark") for one test, then put it back."""
    before = QPalette(qapp.palette())

    def use(kind: str) -> QPalette:
        qapp.setPalette(theme.dark_palette() if kind == "dark" else qapp.style().standardPalette())
        return qapp.palette()

    yield use
    qapp.setPalette(before)


@pytest.fixture
def rule_made(folder):
    """Follow-ups the rules made (R1, R2, R3, R5) with one overdue and one due today."""
    today = dt.date.today()
    maria = folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    ben = folder.contacts.create(Contact(name="Ben Carter"))
    lucy = folder.contacts.create(Contact(name="Lucy Nguyen"))
    received = folder.referrals.create(
        Referral(Direction.RECEIVED, maria, ben, today - dt.timedelta(days=10))
    )
    folder.referrals.set_status(received, Status.CONTACTED)
    folder.referrals.set_status(received, Status.CLOSED_BUSINESS, value_cents=120_000)
    folder.referrals.create(Referral(Direction.GIVEN, maria, lucy, today - dt.timedelta(days=30)))
    folder.follow_ups.create(FollowUp("Call Ben", today, contact_id=ben))
    rules = {row.rule for row in folder.follow_ups.rows()}
    assert {"R1", "R2", "R3", "R5"} <= rules, rules
    return {"maria": maria, "ben": ben, "received": received}


def test_dates_read_as_words_whatever_the_locale(qapp, c_locale):
    assert QLocale().toString(QDate(2026, 11, 23), QLocale.FormatType.ShortFormat) == (
        "23 11 2026"
    ), "the trap this avoids"
    assert format_date(dt.date(2026, 11, 23)) == "Mon 23 Nov 2026"
    assert format_date(dt.date(2027, 1, 2)) == "Sat 2 Jan 2027"
    assert format_datetime(dt.datetime(2026, 11, 23, 14, 5)) == "Mon 23 Nov 2026, 14:05"
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert format_datetime(dt.datetime(2026, 11, 23, 14, 5)) == "Mon 23 Nov 2026, 2:05 pm"
    assert format_datetime(dt.datetime(2026, 11, 23, 0, 30)) == "Mon 23 Nov 2026, 12:30 am"
    QLocale.setDefault(QLocale.c())
    edit = QDateEdit(QDate(2026, 11, 23))
    readable_date_edit(edit)
    assert edit.text() == "Mon 23 Nov 2026", "a date field reads the same way"


def test_dates_under_lang_c_in_a_fresh_program():
    """As the user starts it under LANG=C.UTF-8: Qt sets the C library's locale from the
    environment, and nothing of it shows in a date."""
    script = (
        "import datetime as dt\n"
        "from PySide6.QtCore import QDate, QLocale\n"
        "from PySide6.QtWidgets import QApplication, QDateEdit\n"
        "from networking_folder.ui.formatting import format_date, format_datetime, readable_date_edit\n"
        "app = QApplication([])\n"
        "edit = QDateEdit(QDate(2026, 11, 23)); readable_date_edit(edit)\n"
        "print(QLocale().name())\n"
        "print(format_date(dt.date(2026, 11, 23)))\n"
        "print(format_datetime(dt.datetime(2026, 11, 23, 9, 30)))\n"
        "print(edit.text())\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "C",
        "Mon 23 Nov 2026",
        "Mon 23 Nov 2026, 09:30",
        "Mon 23 Nov 2026",
    ]


def test_relative_words_and_counts_agree_in_number():
    today = dt.date(2026, 11, 23)
    words = [relative_due(today + dt.timedelta(days=n), today) for n in (-3, -1, 0, 1, 2, 6, 7)]
    assert words == ["3 days late", "1 day late", "today", "tomorrow", "in 2 days", "in 6 days", ""]
    assert [count(n, "contact") for n in (0, 1, 2, 1200)] == [
        "0 contacts",
        "1 contact",
        "2 contacts",
        "1,200 contacts",
    ]
    assert stars(3) == "★★★☆☆" and stars(5) == "★★★★★"


def test_follow_ups_tab_speaks_in_words_with_cues_beyond_colour(
    qtbot, qtmodeltester, folder, rule_made, make_window, c_locale
):
    today = dt.date.today()
    window = make_window(folder)
    window.tabs.setCurrentWidget(window.follow_ups_tab)
    tab = window.follow_ups_tab
    model = tab.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    qtmodeltester.check(model)
    rows = {model.data(model.index(r, WHAT)): r for r in range(model.rowCount())}

    overdue = rows["Check in with Maria Alvarez"]  # R3: given 30 days ago, due after 14
    assert model.data(model.index(overdue, WHEN)) == "Overdue"
    due_text = model.data(model.index(overdue, DUE))
    assert DATE_IN_WORDS.match(due_text), due_text
    assert re.search(r" · \d+ days late$", due_text), "late is said in words"
    assert model.data(model.index(overdue, WHEN), Qt.ItemDataRole.DecorationRole) is not None
    red = model.data(model.index(overdue, DUE), Qt.ItemDataRole.ForegroundRole)
    assert red == theme.colour("overdue")
    assert model.data(model.index(overdue, MADE_BY)) == "Check-in after a referral you gave"

    due_today = rows["Call Ben"]
    assert model.data(model.index(due_today, DUE)) == f"{format_date(today)} · today"
    assert model.data(model.index(due_today, WHEN), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(due_today, DUE), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(due_today, MADE_BY)) == "You"

    # An elided cell shows everything on hover.
    assert model.data(model.index(overdue, DUE), Qt.ItemDataRole.ToolTipRole) == due_text

    # The state is drawn as a chip: its colour is on screen in the State column.
    tab.view.scrollTo(model.index(due_today, STATE))
    qtbot.waitUntil(lambda: tab.view.isVisible())
    image = tab.view.viewport().grab().toImage()
    cell = tab.view.visualRect(model.index(due_today, STATE))
    chip = theme.colour("chip_open_back").rgb()
    found = {image.pixel(x, cell.center().y()) for x in range(cell.left() + 1, cell.right() - 1)}
    assert chip in found, "a chip behind the word Open"


def test_no_rule_key_reaches_the_window(qtbot, folder, rule_made, make_window):
    from networking_folder.ui.dialogs.contact_dialog import ContactDialog
    from networking_folder.ui.dialogs.referral_dialog import ReferralDialog

    window = make_window(folder)
    window.follow_ups_tab.show_finished.setChecked(True)
    seen = []
    for index in range(window.tabs.count()):
        page = window.tabs.widget(index)
        if not hasattr(page, "model"):
            continue
        window.tabs.setCurrentIndex(index)
        page.ensure_loaded()
        model = page.model
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(model.index(row, column), role)
                    if value:
                        seen.append((model.headerData(column, Qt.Orientation.Horizontal), value))
    assert any(title == "Made by" for title, _ in seen), "the rule-made rows were looked at"
    assert [(title, text) for title, text in seen if KEYS.search(text)] == []

    qtbot.waitUntil(window.banner.isVisible)
    assert not KEYS.search(window.banner.label.text())
    assert DATE_IN_WORDS.match(window.banner.label.text().removeprefix("Today, "))

    timeline = folder.contacts.timeline(rule_made["maria"])
    dialog = ContactDialog(
        folder.contacts.get(rule_made["maria"]), folder.groups.all(), lambda *a: None,
        window, timeline=timeline, open_entry=None,
    )  # fmt: skip
    lines = [dialog.timeline.item(r).text() for r in range(dialog.timeline.count())]
    assert len(lines) >= 4 and all(DATE_IN_WORDS.match(line) for line in lines), lines
    assert not any(KEYS.search(line) for line in lines)
    assert any(line.endswith(" days late") for line in lines), "an overdue check-in says so"

    received = rule_made["received"]
    history = folder.referrals.history(received)
    dialog = ReferralDialog(
        folder.referrals.get(received), folder.contacts.choices(), folder.groups.all(),
        lambda form: None, history, window,
    )  # fmt: skip
    lines = [dialog.history.item(r).text() for r in range(dialog.history.count())]
    assert len(lines) == 3 and all(DATE_IN_WORDS.match(line) for line in lines), lines
    assert not any(KEYS.search(line) for line in lines)
    assert dialog.warmth.currentText().startswith("★★★"), "warmth as stars, with its word"


@pytest.mark.parametrize("kind", ["light", "dark"])
def test_cues_are_readable_on_light_and_dark_palettes(
    qtbot, folder, rule_made, make_window, palette, kind
):
    used = palette(kind)
    assert theme.is_dark(used) == (kind == "dark")
    base = used.color(QPalette.ColorRole.Base)
    alternate = used.color(QPalette.ColorRole.AlternateBase)

    window = make_window(folder)
    window.tabs.setCurrentWidget(window.follow_ups_tab)
    model = window.follow_ups_tab.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    overdue = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == "Overdue")
    red = model.data(model.index(overdue, DUE), Qt.ItemDataRole.ForegroundRole)
    light, dark = theme.COLOURS["overdue"]
    assert red == QColor(dark if kind == "dark" else light), "the colour follows the palette"
    assert theme.contrast(red, base) >= 4.5 and theme.contrast(red, alternate) >= 4.5

    # The overdue icon is recoloured from the palette when painted, not baked into the SVG.
    icon = model.data(model.index(overdue, WHEN), Qt.ItemDataRole.DecorationRole)
    image = icon.pixmap(32).toImage()
    opaque = {
        image.pixelColor(x, y).rgb()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    }
    assert opaque == {red.rgb()}

    # The banner's background and words.
    banner = window.banner
    qtbot.waitUntil(banner.isVisible)
    picture = banner.grab().toImage()
    back = picture.pixelColor(4, picture.height() // 2)
    assert back == theme.colour("banner_back")
    words = banner.label.palette().color(QPalette.ColorRole.WindowText)
    assert theme.contrast(words, back) >= 4.5
    assert banner.overdue_icon.isVisible(), "overdue: an icon beside the word"

    # Every chip's word stands out from its chip.
    for tone in ("open", "good", "ended", "warn"):
        text, back = theme.colour(f"chip_{tone}_text"), theme.colour(f"chip_{tone}_back")
        assert theme.contrast(text, back) >= 4.5, tone


def test_the_theme_follows_the_system_scheme(qapp, palette):
    palette("light")
    theme.follow_scheme(qapp, Qt.ColorScheme.Dark)
    assert theme.is_dark(qapp.palette())
    theme.follow_scheme(qapp, Qt.ColorScheme.Unknown)
    assert theme.is_dark(qapp.palette()), "no scheme to follow: the palette stays"
    theme.follow_scheme(qapp, Qt.ColorScheme.Light)
    assert not theme.is_dark(qapp.palette())


def test_the_trash_counts_in_agreement(qapp, c_locale):
    from networking_folder.services.trash import TrashBatch
    from networking_folder.ui.dialogs.trash_dialog import describe

    batch = TrashBatch(1, "2026-11-23T09:30:00", 1, 2, 1, 0, 0, "Ben Carter")
    assert describe(batch) == (
        "Mon 23 Nov 2026, 09:30 — 1 contact, 2 referrals, 1 follow-up: Ben Carter"
    )


def test_a_referrals_status_is_a_chip_and_its_warmth_is_stars(qtbot, folder, make_window):
    from networking_folder.domain.model import Contact, Direction, Referral, Status

    maria = folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    ben = folder.contacts.create(Contact(name="Ben Carter"))
    rid = folder.referrals.create(
        Referral(Direction.RECEIVED, maria, ben, dt.date(2026, 11, 20), warmth=4)
    )
    referral = folder.referrals.get(rid)
    referral.status = Status.CONTACTED
    folder.referrals.update(referral)
    window = make_window(folder)
    tab = window.received_tab
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    titles = [c.title for c in tab.model.columns]
    status, warmth = titles.index("Status"), titles.index("Warmth")
    assert tab.model.data(tab.model.index(0, warmth)) == "★★★★☆"
    assert tab.model.data(tab.model.index(0, status)) == "Contacted", "the word stays"
    qtbot.waitUntil(tab.view.isVisible)
    image = tab.view.viewport().grab().toImage()
    cell = tab.view.visualRect(tab.model.index(0, status))
    found = {image.pixel(x, cell.center().y()) for x in range(cell.left() + 1, cell.right() - 1)}
    assert theme.colour("chip_open_back").rgb() in found, "a chip behind the word"
