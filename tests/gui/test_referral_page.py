"""A referral's page beside its list (issue 10, items 2 and 7): who and for whom, the prospect's
phone and email as links, the status steps and the next one in a click (undoable), why each
follow-up exists, and the history with every note in full; nothing read needs a dialog."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QTextDocumentFragment
from PySide6.QtWidgets import QDialog

from networking_folder.domain.model import (
    Contact,
    Direction,
    Group,
    InteractionKind,
    Note,
    Referral,
    Status,
)
from networking_folder.domain.rules import RULES
from networking_folder.ui.dialogs.follow_up_dialog import FollowUpDialog
from networking_folder.ui.dialogs.note_dialog import NoteDialog
from networking_folder.ui.widgets.referral_page import EMPTY_TEXT
from tests.gui.helpers import select_row_with

NOTE = (
    "Called Dana back after the referral went through.\n"
    "She wants the rollover done before the plan's blackout period in January; "
    "send the transfer forms by Friday."
)


def plain(label) -> str:
    return QTextDocumentFragment.fromHtml(label.text()).toPlainText().replace("\u200b", "")


@pytest.fixture
def no_dialogs(monkeypatch):
    def refuse(dialog):
        raise AssertionError(f"reading opened a dialog: {type(dialog).__name__}")

    monkeypatch.setattr(QDialog, "exec", refuse)


def give_referral(folder) -> tuple[int, int, int]:
    """Maria (a partner) gets Dana Whitfield, who needs a 401(k) rollover; a note about it."""
    group = folder.groups.create(Group("BNI Downtown"))
    maria = folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    dana = folder.contacts.create(
        Contact(name="Dana Whitfield", phones=["(212) 555-0199"], emails=["dana@example.com"])
    )
    referral = folder.referrals.create(
        Referral(
            direction=Direction.GIVEN,
            partner_id=maria,
            prospect_id=dana,
            date=dt.date.today(),
            need="401(k) rollover",
            warmth=4,
            best_time_to_call="Mornings",
            group_id=group,
        )
    )
    folder.notes.create(
        Note(
            NOTE,
            contact_id=dana,
            referral_id=referral,
            kind=InteractionKind.CALL,
            at=dt.datetime.now().replace(microsecond=0),
        )
    )
    return referral, maria, dana


def show_page(qtbot, window, tab, prospect: str):
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0)
    column = [c.title for c in tab.model.columns].index("Prospect")
    select_row_with(qtbot, tab, prospect, column)
    qtbot.waitUntil(lambda: tab.page.showing() == prospect and tab.page.content.isVisible())
    return tab.page


def test_selecting_a_referral_shows_its_page_beside_the_list(
    qtbot, folder, make_window, no_dialogs, monkeypatch
):
    give_referral(folder)
    window = make_window(folder)
    tab = window.given_tab
    assert tab.splitter.widget(0) is tab.view and tab.splitter.widget(1) is tab.page
    page = show_page(qtbot, window, tab, "Dana Whitfield")
    tab.view.clearSelection()  # no current row: the page says what it is for
    tab.view.setCurrentIndex(tab.model.index(-1, -1))
    qtbot.waitUntil(lambda: tab.page.empty.isVisible())
    assert tab.page.empty.text() == EMPTY_TEXT
    assert page.showing() == ""

    page = show_page(qtbot, window, tab, "Dana Whitfield")
    assert page.chip.text() == "Given"
    who = plain(page.who)
    assert who.startswith("A referral you gave Maria Alvarez · ")
    assert who.endswith(" · BNI Downtown")
    assert page.need.text() == "Needs: 401(k) rollover"
    assert "★★★★☆" in page.fact_labels["warmth"][1].text()
    assert page.fact_labels["best_time"][1].text() == "Mornings"
    assert not page.fact_labels["value"][1].isVisible()  # nothing closed: not said
    # The prospect's phone and email open the dialer and the mail program.
    assert plain(page.reach) == "☎ (212) 555-0199   ✉ dana@example.com"
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    hrefs = re.findall(r'href="([^"]+)"', page.reach.text())
    for href in hrefs:
        page.reach.linkActivated.emit(href)
    assert [url.toString() for url in opened] == ["tel:2125550199", "mailto:dana@example.com"]
    # The steps, each with a mark and its words (never colour alone).
    assert plain(page.steps) == (
        "● Given  ›  ○ Partner contacted prospect  ›  ○ Meeting held  ›  ○ Closed business"
    )
    # The whole note, every line of it.
    story = plain(page.story)
    assert NOTE.splitlines()[1] in story
    assert "Logged as given" in story


def test_the_next_step_is_one_click_and_undoable(qtbot, folder, make_window, no_dialogs):
    referral, _maria, _dana = give_referral(folder)
    window = make_window(folder)
    page = show_page(qtbot, window, window.given_tab, "Dana Whitfield")
    assert page.next_button.text() == "Move to “Partner contacted prospect”"

    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert folder.referrals.get(referral).status is Status.PARTNER_CONTACTED
    qtbot.waitUntil(lambda: page.chip.text() == "Partner contacted prospect")
    assert plain(page.steps).startswith("✓ Given  ›  ● Partner contacted prospect  ›  ○")
    assert page.next_button.text() == "Move to “Meeting held”"
    assert "Given → Partner contacted prospect" in plain(page.story)
    # The change log's words, under Changes (newest first).
    changes = plain(page.story).split("Changes", 1)[1]
    assert changes.index("status: given → partner contacted prospect") < changes.index("recorded")

    window.undo_stack.undo()
    assert folder.referrals.get(referral).status is Status.GIVEN
    qtbot.waitUntil(lambda: page.chip.text() == "Given")


def test_a_referral_that_ended_shows_how_far_it_got(qtbot, folder, make_window, no_dialogs):
    referral, _maria, _dana = give_referral(folder)
    folder.referrals.set_status(referral, Status.PARTNER_CONTACTED)
    folder.referrals.set_status(referral, Status.NOT_A_FIT, "Already has an advisor")
    window = make_window(folder)
    page = show_page(qtbot, window, window.given_tab, "Dana Whitfield")
    assert plain(page.steps) == "✓ Given  ›  ✓ Partner contacted prospect  ›  ✕ Not a fit"
    assert not page.next_button.isVisible()  # nothing comes after an end
    assert "Already has an advisor" in plain(page.story)


def test_each_follow_up_says_why_it_exists_and_opens_in_one_click(
    qtbot, folder, make_window, monkeypatch
):
    referral, _maria, _dana = give_referral(folder)
    made = [f for f in folder.follow_ups.rows(referral_id=referral) if f.rule]
    assert made, "the rules made follow-ups for a referral given"
    window = make_window(folder)
    page = show_page(qtbot, window, window.given_tab, "Dana Whitfield")
    story = plain(page.story)
    for follow_up in made:
        assert follow_up.title in story
        assert f"Why: {RULES[follow_up.rule][:1].upper()}{RULES[follow_up.rule][1:]}." in story
    shown = re.findall(r"\bR\d+\b", story)
    assert shown == [], f"rule keys on the page: {shown}"

    opened = []
    monkeypatch.setattr(FollowUpDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    page.story.linkActivated.emit(f"entry:follow_up/{made[0].id}")
    assert len(opened) == 1 and opened[0].windowTitle()


def test_names_and_notes_on_the_page_open_what_they_name(qtbot, folder, make_window, monkeypatch):
    _referral, maria, _dana = give_referral(folder)
    window = make_window(folder)
    page = show_page(qtbot, window, window.given_tab, "Dana Whitfield")

    notes = []
    monkeypatch.setattr(NoteDialog, "exec", lambda dialog: notes.append(dialog) or 0)
    note_link = re.search(r'href="(entry:note/\d+)"', page.story.text())[1]
    page.story.linkActivated.emit(note_link)
    assert len(notes) == 1

    # The partner's name shows their page, not a dialog.
    monkeypatch.setattr(QDialog, "exec", lambda dialog: pytest.fail("a dialog opened"))
    page.who.linkActivated.emit(f"entry:contact/{maria}")
    contacts = window.contacts_tab
    assert window.tabs.currentWidget() is contacts
    qtbot.waitUntil(lambda: contacts.page.showing() == "Maria Alvarez")


def test_a_call_logged_from_the_page_is_in_its_history(qtbot, folder, make_window, no_dialogs):
    referral, _maria, dana = give_referral(folder)
    window = make_window(folder)
    page = show_page(qtbot, window, window.given_tab, "Dana Whitfield")
    qtbot.mouseClick(page.note_button, Qt.MouseButton.LeftButton)
    assert len(window.note_windows) == 1
    note = window.note_windows[0]
    qtbot.waitUntil(lambda: note.isVisible())
    assert note.current().contact_id == dana  # the prospect, already chosen
    note.body.setPlainText("Left a voicemail about the transfer forms.")
    note.save()
    (saved,) = [n for n in folder.notes.for_contact(dana) if "voicemail" in n.body]
    assert saved.referral_id == referral
    qtbot.waitUntil(lambda: "Left a voicemail about the transfer forms." in plain(page.story))


def test_the_page_follows_the_list_through_a_delete_and_its_undo(
    qtbot, folder, make_window, answer_yes
):
    referral, maria, _dana = give_referral(folder)
    other = folder.contacts.create(Contact(name="Omar Farouk"))
    second = folder.referrals.create(
        Referral(Direction.GIVEN, maria, other, dt.date.today(), need="Bookkeeping")
    )
    window = make_window(folder)
    tab = window.given_tab
    page = show_page(qtbot, window, tab, "Dana Whitfield")
    window.actions["delete"].trigger()
    qtbot.waitUntil(lambda: page.showing() != "Dana Whitfield")
    window.undo_stack.undo()  # back in the list
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    # The page shows the list's current row, whichever it is; never one the list lost.
    qtbot.waitUntil(lambda: page.record_id == tab.current_id())
    # A filter that hides the shown referral takes the page with it.
    page = show_page(qtbot, window, tab, "Dana Whitfield")
    tab.search.setText("Bookkeeping")
    qtbot.waitUntil(lambda: page.record_id == tab.current_id())
    assert page.record_id != referral
    # The button moves the referral the page shows, and only to its next step.
    tab.search.clear()
    page = show_page(qtbot, window, tab, "Omar Farouk")
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert folder.referrals.get(second).status is Status.PARTNER_CONTACTED
    assert folder.referrals.get(referral).status is Status.GIVEN
    tab._move_from_page(second, Status.PARTNER_CONTACTED)  # a moment-old click: no step back
    assert folder.referrals.get(second).status is Status.PARTNER_CONTACTED


def test_a_received_referral_walks_its_own_steps_and_can_be_lost(
    qtbot, folder, make_window, no_dialogs
):
    maria = folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    ben = folder.contacts.create(Contact(name="Ben <b>Carter</b> & Sons"))
    referral = folder.referrals.create(
        Referral(Direction.RECEIVED, maria, ben, dt.date.today(), need="<i>Estate</i> plan")
    )
    window = make_window(folder)
    page = show_page(qtbot, window, window.received_tab, "Ben <b>Carter</b> & Sons")
    assert page.title.text() == "Ben <b>Carter</b> & Sons"  # the name as typed, tags and all
    assert plain(page.who).startswith("A referral from Maria Alvarez · ")
    assert page.need.text() == "Needs: <i>Estate</i> plan"
    assert plain(page.steps) == (
        "● Received  ›  ○ Contacted  ›  ○ Meeting held  ›  ○ Closed business"
    )
    folder.referrals.set_status(referral, Status.CONTACTED)
    folder.referrals.set_status(referral, Status.LOST, "Went with his brother-in-law")
    qtbot.waitUntil(lambda: page.chip.text() == "Lost")
    assert plain(page.steps) == "✓ Received  ›  ✓ Contacted  ›  ✕ Lost"
    assert "Went with his brother-in-law" in plain(page.story)


def test_a_fee_not_yet_disclosed_is_said_on_the_page(qtbot, folder, make_window, no_dialogs):
    from networking_folder.domain.model import FeeKind

    referral, _maria, _dana = give_referral(folder)
    changed = folder.referrals.get(referral)
    changed.fee_kind, changed.fee_description = FeeKind.GIFT, "Dinner voucher"
    folder.referrals.update(changed)
    window = make_window(folder)
    page = show_page(qtbot, window, window.given_tab, "Dana Whitfield")
    assert page.fact_labels["fee"][1].text() == (
        "Gift · Dinner voucher · ⚠ not disclosed to the client yet"
    )


def test_a_partner_in_the_trash_is_said_not_shown_as_someone_else(
    qtbot, folder, make_window, no_dialogs
):
    referral, maria, _dana = give_referral(folder)
    batch = folder.referrals.delete([referral])
    folder.contacts.delete([maria])
    folder.trash.restore(batch)  # the referral back; its partner still in the trash
    window = make_window(folder)
    page = show_page(qtbot, window, window.given_tab, "Dana Whitfield")
    page.who.linkActivated.emit(f"entry:contact/{maria}")
    contacts = window.contacts_tab
    assert window.tabs.currentWidget() is contacts
    assert contacts.current_id() is None
    assert "in the trash" in window.statusBar().currentMessage()


def test_the_referral_page_has_accessible_names_and_follows_the_palette(
    qtbot, qapp, folder, make_window
):
    from networking_folder.ui import theme

    give_referral(folder)
    window = make_window(folder)
    page = show_page(qtbot, window, window.given_tab, "Dana Whitfield")
    for widget in (page.content, page.reach, page.steps, page.story):
        assert widget.accessibleName(), widget.objectName()
    for button in (page.next_button, page.note_button, page.edit_button):
        assert button.text() and button.toolTip()
    before = qapp.palette()
    try:
        qapp.setPalette(theme.dark_palette())
        qtbot.waitUntil(lambda: theme.is_dark(page.palette()))
        # The chip is drawn in the dark palette's colours, its word unchanged.
        assert theme.colour("chip_open_back", page.palette()).name() in page.chip.styleSheet()
        assert page.chip.text() == "Given"
    finally:
        qapp.setPalette(before)


def test_a_follow_up_says_why_on_its_row_and_opens_its_referral_page(
    qtbot, folder, make_window, no_dialogs
):
    referral, _maria, _dana = give_referral(folder)
    window = make_window(folder)
    tab = window.follow_ups_tab
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0)
    why = [c.title for c in tab.model.columns].index("Why")
    row = next(r for r in range(tab.model.rowCount()) if tab.model.row_at(r).rule)
    follow_up = tab.model.row_at(row)
    tip = tab.model.data(tab.model.index(row, why), Qt.ItemDataRole.ToolTipRole)
    reason = RULES[follow_up.rule]
    assert tip.startswith(f"{reason[:1].upper()}{reason[1:]}. ")
    assert follow_up.reason in tip and follow_up.rule not in tip

    # "Open referral" shows the referral's page (reading needs no dialog).
    tab.select_id(follow_up.id)
    window.actions["open_referral"].trigger()
    given = window.given_tab
    assert window.tabs.currentWidget() is given and given.current_id() == referral
    qtbot.waitUntil(lambda: given.page.showing() == "Dana Whitfield")
