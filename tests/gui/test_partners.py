"""Partner scorecards in the window (issue 12, item 2): the sortable Partners view, its three
orders, its quarters and headings, and a partner's scorecard on their contact page, against the
hand-counted folder of the scorecards' unit tests."""

from __future__ import annotations

from PySide6.QtCore import Qt

from networking_folder.domain.model import Contact
from tests.unit.known_folder import TODAY


def partners_of(qtbot, make_window, folder):
    window = make_window(folder)
    window.clock = lambda: TODAY
    window.tabs.setCurrentWidget(window.partners_tab)
    qtbot.waitUntil(lambda: window.partners_tab.names() != [])
    return window, window.partners_tab


def test_the_partners_view_in_its_three_orders(qtbot, make_window, known):
    window, tab = partners_of(qtbot, make_window, known)
    assert tab.names() == ["Bob", "Ann", "Cy", "Dee"]  # sends me the most
    assert tab.summary.text() == "4 partners · 1 sent you more than you sent them"
    tab.sort.setCurrentIndex(tab.sort.findData("owe"))
    assert tab.names() == ["Bob", "Dee", "Ann", "Cy"]
    tab.sort.setCurrentIndex(tab.sort.findData("quiet"))
    assert tab.names() == ["Dee", "Cy", "Bob", "Ann"]
    ann = tab.names().index("Ann")
    row = [tab.proxy.index(ann, c).data() for c in range(tab.proxy.columnCount())]
    assert row[:8] == ["Ann", "3", "2", "", "1,500", "500", "50%", "6"]
    assert row[-1] == "▲ 3 more"


def test_a_heading_sorts_and_a_second_click_turns_it_round(qtbot, make_window, known):
    window, tab = partners_of(qtbot, make_window, known)
    header = tab.view.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.viewport().rect().topLeft() + _centre_of(header, 1))  # fmt: skip
    assert tab.names()[0] == "Ann", "Given: the most first"
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.viewport().rect().topLeft() + _centre_of(header, 1))  # fmt: skip
    assert tab.names()[-1] == "Ann"


def _centre_of(header, section):
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, 5)


def test_another_quarter_and_opening_a_partner(qtbot, make_window, known):
    window, tab = partners_of(qtbot, make_window, known)
    tab.quarter.setCurrentIndex(tab.quarter.findData("2026-Q3"))
    ann = tab.names().index("Ann")
    assert [tab.proxy.index(ann, c).data() for c in (1, 2)] == ["1", "1"]
    tab.view.doubleClicked.emit(tab.proxy.index(ann, 0))
    assert window.tabs.currentWidget() is window.contacts_tab
    assert window.contacts_tab.current_id() == tab.proxy.index(ann, 0).data(Qt.ItemDataRole.UserRole)


def test_a_partners_page_shows_their_scorecard(qtbot, make_window, known):
    window = make_window(known)
    window.clock = lambda: TODAY
    page = window.contacts_tab.page
    ann = next(c.id for c in known.contacts.rows() if c.name == "Ann")
    window.show_page_of(window.contacts_tab, ann)
    page.load(ann)
    text = page.scorecard.text()
    assert "This quarter (Q4 2026)" in text
    assert "you gave them 3, they sent you 2" in text
    assert "1,500 from theirs, 500 from yours" in text
    assert "after 6 days (median)" in text
    assert "1 this quarter; last Mon 12 Oct 2026; next Sat 5 Dec 2026" in text
    assert "▲ 3 more than the quarter before" in text
    eve = next(c.id for c in known.contacts.rows() if c.name == "Eve")
    page.load(eve)
    assert not page.scorecard.isVisibleTo(page), "not a partner: no scorecard"


def test_a_partners_ask_is_typed_in_their_form_and_shown_on_their_page(
    qtbot, make_window, known, drive_dialog
):
    import datetime as dt

    from networking_folder.ui.dialogs.contact_dialog import ContactDialog

    window = make_window(known)
    ann = next(c.id for c in known.contacts.rows() if c.name == "Ann")
    window.show_page_of(window.contacts_tab, ann)

    def fill(dialog):
        dialog.ask.setText("  Owners of dental practices ")

    drive_dialog(ContactDialog, fill)
    window.contacts_tab.edit_record(ann)
    assert (known.contacts.get(ann).ask, known.contacts.get(ann).ask_set_on) == (
        "Owners of dental practices",
        dt.date.today(),
    )
    page = window.contacts_tab.page
    page.load(ann)
    assert "Their ask: “Owners of dental practices” (since" in page.about.text()


def test_the_status_bar_counts_the_partners_of_the_quarter_shown(qtbot, make_window, known):
    window, tab = partners_of(qtbot, make_window, known)
    assert window.count_label.text() == "4 partners"
    known.contacts.create(Contact(name="Fay", is_partner=True))
    qtbot.waitUntil(lambda: window.count_label.text() == "5 partners")
