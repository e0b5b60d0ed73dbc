"""A window that opens on a long Contacts list paints its first screen of rows first (read
with a LIMIT query) and reads the rest just after: the first rows are exactly those the
whole list shows at its top, in either order, with accents, case and namesakes; the count
says every contact from the start; and a row asked for, or a search typed, before the rest
was read finds it among them all."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt

from networking_folder.domain.model import Contact, Direction, FollowUp, Referral
from networking_folder.ui.main_window import MainWindow
from networking_folder.ui.tabs.record_tab import RecordTab
from tests.gui.helpers import visible_column

# Names whose order depends on folding accents and case, namesakes (equal keys: by id), and
# enough others to go past the first screen.
TRICKY = ["Émile Zola", "emile zola", "Emile Zola", "Zoë Kim", "zoe kim", "Zoe Kim", "Ana Ruiz",
          "ana ruiz", "Ángel Díaz", "angel diaz", "Øyvind Berg", "Oyvind Berg", "Łukasz Nowak",
          "O'Brien", "Obrien", "van Dyke", "Van Dyke", "Ben Carter", "Ben Carter", "ß Strauss",
          "ss Strauss", "Ärger", "Arger", "Äsa", "Zed", "zed", "Zed"]  # fmt: skip


@pytest.fixture
def long_list(folder):
    for n, name in enumerate(TRICKY * 3):
        folder.contacts.create(Contact(name=name, company=f"Firm {n}"))
    for n in range(80):
        folder.contacts.create(Contact(name=f"{'AZ'[n % 2]}person {n:03}"))
    return len(TRICKY) * 3 + 80


def open_window(qtbot, folder) -> MainWindow:
    QSettings().setValue("window/tab_name", "contacts_tab")
    window = MainWindow(folder, "test")  # (not shown yet: what its first paint will show)
    qtbot.addWidget(window)
    return window


def ids_shown(tab) -> list[int]:
    return [tab.model.row_at(n).id for n in range(tab.model.rowCount())]


def show_and_read_the_rest(qtbot, window: MainWindow, total: int) -> None:
    window.show()
    qtbot.waitUntil(lambda: window.contacts_tab.model.rowCount() == total)
    qtbot.waitUntil(lambda: window.backups.started and not window.backups.running, timeout=15000)


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_the_first_screen_is_the_top_of_the_whole_list(qtbot, folder, long_list, order):
    if order is Qt.SortOrder.DescendingOrder:  # the user left the list sorted Z to A
        window = open_window(qtbot, folder)
        show_and_read_the_rest(qtbot, window, long_list)
        window.contacts_tab.view.sortByColumn(0, order)
        window.close()
    window = open_window(qtbot, folder)
    tab = window.contacts_tab
    first = ids_shown(tab)
    assert len(first) == tab.FIRST_SCREEN < long_list
    assert window.count_label.text() == f"{long_list} contacts"
    show_and_read_the_rest(qtbot, window, long_list)
    every = ids_shown(tab)
    assert first == every[: len(first)], "the same rows, namesakes included, in the same order"
    names = visible_column(tab, 0)
    # One key for the three (accents and case folded), as they are written among equals.
    zoes = [n for n in names if n.casefold() in ("zoe kim", "zoë kim")]
    assert zoes == ["Zoe Kim"] * 3 + ["Zoë Kim"] * 3 + ["zoe kim"] * 3
    assert len(set(every)) == long_list
    assert window.count_label.text() == f"{long_list} contacts"
    window.close()


def test_a_row_asked_for_before_the_rest_is_read_is_found(qtbot, folder, long_list):
    window = open_window(qtbot, folder)
    tab = window.contacts_tab
    last = folder.contacts.create(Contact(name="Zzyzx Last"))  # past the first screen
    tab.select_id(last)
    assert tab.current_id() == last
    assert tab.model.rowCount() == long_list + 1


def test_a_search_typed_before_the_rest_is_read_searches_them_all(qtbot, folder, long_list):
    window = open_window(qtbot, folder)
    tab = window.contacts_tab
    tab.search.setText("zperson")
    assert len(visible_column(tab, 0)) == 40
    assert window.count_label.text() == f"40 of {long_list} contacts"


# Referrals Given and Follow-ups, the two other long lists, open the same way: by date (or due
# day), many rows sharing a day, in either order; a small first screen, so that a day's rows
# straddle its edge.
DAYS = [dt.date(2026, 3, d) for d in (9, 2, 9, 16, 9, 2, 23)]


@pytest.fixture
def small_first_screen(monkeypatch):
    monkeypatch.setattr(RecordTab, "FIRST_SCREEN", 12)


def reopened_on(qtbot, folder, tab_name: str, column: int, order) -> tuple[MainWindow, object]:
    """A window opening on this tab, which was left sorted on this column in this order."""
    QSettings().setValue("window/tab_name", tab_name)
    window = MainWindow(folder, "test")
    qtbot.addWidget(window)
    window.show()
    tab = window.tabs.page(tab_name)
    qtbot.waitUntil(lambda: tab._first_screen_total is None and tab._loaded)
    tab.view.sortByColumn(column, order)
    window.close()
    window = MainWindow(folder, "test")  # (not shown yet: what its first paint will show)
    qtbot.addWidget(window)
    return window, window.tabs.page(tab_name)


@pytest.mark.parametrize("order", [Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder])
def test_referrals_open_on_the_top_of_the_whole_list(qtbot, folder, small_first_screen, order):
    partner = folder.contacts.create(Contact(name="Pat Partner"))
    for n in range(40):
        prospect = folder.contacts.create(Contact(name=f"Prospect {n:02}"))
        folder.referrals.create(Referral(Direction.GIVEN, partner, prospect, DAYS[n % 7]))
    for n in range(5):  # the other list's
        prospect = folder.contacts.create(Contact(name=f"Lead {n}"))
        folder.referrals.create(Referral(Direction.RECEIVED, partner, prospect, DAYS[0]))
    window, tab = reopened_on(qtbot, folder, "given_tab", 0, order)
    first = ids_shown(tab)
    assert len(first) == 12
    assert window.count_label.text() == "40 referrals"
    window.show()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 40)
    every = ids_shown(tab)
    assert first == every[:12], "the same rows, those of the same day included, in the same order"
    dates = [tab.model.row_at(n).date for n in range(40)]
    assert dates == sorted(dates, reverse=order is Qt.SortOrder.DescendingOrder)
    assert window.count_label.text() == "40 referrals"
    qtbot.waitUntil(lambda: window.backups.started and not window.backups.running, timeout=15000)
    window.close()


@pytest.mark.parametrize(
    ("column", "order"),
    [(0, Qt.SortOrder.AscendingOrder), (0, Qt.SortOrder.DescendingOrder),
     (1, Qt.SortOrder.DescendingOrder)],
)  # fmt: skip
def test_follow_ups_open_on_the_top_of_the_open_ones(
    qtbot, folder, small_first_screen, column, order
):
    ann = folder.contacts.create(Contact(name="Ann Lee"))
    today = dt.date.today()
    ids = [
        folder.follow_ups.create(
            FollowUp(f"Call {n}", today + dt.timedelta(days=n % 5 - 2), contact_id=ann)
        )
        for n in range(40)
    ]
    folder.follow_ups.complete(ids[:12:2])  # done and cancelled ones are not listed
    folder.follow_ups.cancel(ids[1:4:2], reason="moved away")
    window, tab = reopened_on(qtbot, folder, "follow_ups_tab", column, order)
    first = ids_shown(tab)
    assert len(first) == 12
    assert window.count_label.text() == "32 follow-ups"
    finished = {*range(0, 12, 2), *range(1, 4, 2)}
    overdue = sum(1 for n in range(40) if n % 5 < 2 and n not in finished)
    title = window.tabs.tabText(window.tabs.indexOf(tab))
    assert title.endswith(f"({overdue} overdue)"), "said from the first paint"
    window.show()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 32)
    every = ids_shown(tab)
    assert first == every[:12], "the same rows, those due the same day included, in the same order"
    assert not set(ids[:12:2]) & set(every)
    assert window.count_label.text() == "32 follow-ups"
    qtbot.waitUntil(lambda: window.backups.started and not window.backups.running, timeout=15000)
    window.close()
