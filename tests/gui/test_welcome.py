"""First start (issue 10, item 1): a welcome page instead of four empty grids, and lists that
say what goes in them."""

from __future__ import annotations

from PySide6.QtCore import QProcess, Qt

from networking_folder.domain.model import Contact
from networking_folder.ui.dialogs.contact_dialog import ContactDialog
from tests.gui.helpers import type_into


def test_an_empty_folder_opens_on_the_welcome_page_and_sets_up_in_one_form(
    qtbot, folder, make_window, monkeypatch
):
    window = make_window(folder)
    page = window.welcome
    assert page is not None and window.pages.currentWidget() is page
    type_into(qtbot, page.name, "Ana Silva")
    type_into(qtbot, page.business, "Silva Wealth")
    type_into(qtbot, page.profession, "Financial advisor")
    page.ideal.setPlainText("Business owners selling within five years")
    type_into(qtbot, page.ask, "A CPA who serves dentists")
    group = page.group_rows[0]
    type_into(qtbot, group.name, "BNI Downtown")
    group.weekday.setCurrentIndex(group.weekday.findData(2))
    page.country.setCurrentIndex(page.country.findData("US"))
    page.region.setCurrentIndex(page.region.findData("NY"))
    qtbot.mouseClick(page.set_up_button, Qt.MouseButton.LeftButton)

    profile = folder.profile.get()
    assert (profile.name, profile.business, profile.ask) == ("Ana Silva", "Silva Wealth", "A CPA who serves dentists")
    assert (profile.country, profile.subdivision) == ("US", "NY")
    assert [(g.name, g.meeting_weekday) for g in profile.groups] == [("BNI Downtown", 2)]
    assert window.pages.currentWidget() is window.tabs
    assert window.current_tab() is window.contacts_tab

    # The empty list says what goes there, with the button that adds the first one.
    tab = window.contacts_tab
    qtbot.waitUntil(lambda: tab.empty_state.isVisible())
    assert "partners, prospects, clients" in tab.empty_label.text()
    opened = []
    monkeypatch.setattr(ContactDialog, "exec", lambda d: opened.append(d.windowTitle()) or 0)
    qtbot.mouseClick(tab.empty_button, Qt.MouseButton.LeftButton)
    assert opened == ["New contact"]


def test_a_missing_name_is_said_at_its_field_and_nothing_is_saved(qtbot, folder, make_window):
    window = make_window(folder)
    page = window.welcome
    type_into(qtbot, page.business, "Silva Wealth")
    qtbot.mouseClick(page.set_up_button, Qt.MouseButton.LeftButton)
    assert "tracking sheet" in page.errors.message("name")
    assert page.business.text() == "Silva Wealth", "what was typed stays"
    assert window.pages.currentWidget() is page and not folder.profile.is_set_up()


def test_try_it_with_sample_data_opens_the_demo_in_its_own_folder(
    qtbot, folder, make_window, monkeypatch
):
    started = []
    monkeypatch.setattr(
        QProcess, "startDetached", lambda program, args: started.append(args) or (True, 1)
    )
    window = make_window(folder)
    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert started == [["-m", "networking_folder", "demo"]]
    assert folder.is_empty(), "the user's own folder is left as it is"


def test_a_folder_with_data_opens_on_its_tabs_and_every_empty_list_says_what_goes_there(
    qtbot, folder, make_window
):
    folder.contacts.create(Contact(name="Ann Lee"))
    window = make_window(folder)
    assert window.welcome is None and window.pages.currentWidget() is window.tabs
    for tab, words in (
        (window.given_tab, "Log a referral you gave"),
        (window.received_tab, "Log a referral you received"),
        (window.follow_ups_tab, "Add a follow-up"),
    ):
        window.tabs.setCurrentWidget(tab)
        qtbot.waitUntil(lambda tab=tab: tab.empty_state.isVisible())
        assert tab.empty_button.text() == words and tab.empty_label.text()
    window.tabs.setCurrentWidget(window.contacts_tab)
    assert not getattr(window.contacts_tab, "empty_state", None) or not window.contacts_tab.empty_state.isVisible()
    window.contacts_tab.search.setText("zzz")
    qtbot.waitUntil(lambda: window.contacts_tab.empty_state.isVisible())
    assert "Nothing here matches “zzz”" in window.contacts_tab.empty_label.text()
    assert not window.contacts_tab.empty_button.isVisible()
