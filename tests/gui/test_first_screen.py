"""A window that opens on a long Contacts list paints its first screen of rows first (read
with a LIMIT query) and reads the rest just after: the first rows are exactly those the
whole list shows at its top, in either order, with accents, case and namesakes; the count
says every contact from the start; and a row asked for, or a search typed, before the rest
was read finds it among them all."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from networking_folder.domain.model import Contact
from networking_folder.ui.main_window import MainWindow
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
