"""Referrals Given, Referrals Received and Follow-ups through their real widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from networking_folder.domain.model import (
    Contact,
    Direction,
    FollowUp,
    FollowUpState,
    Referral,
    Status,
)
from networking_folder.ui.dialogs.follow_up_dialog import FollowUpDialog
from networking_folder.ui.dialogs.referral_dialog import ReferralDialog
from tests.gui.helpers import select_row_with, type_into, visible_column


@pytest.fixture
def people(folder):
    maria = folder.contacts.create(
        Contact(name="Maria Alvarez", company="Alvarez Realty", is_partner=True)
    )
    ben = folder.contacts.create(Contact(name="Ben Carter", company="Carter Bakery"))
    return maria, ben


@pytest.mark.parametrize(
    ("direction", "tab_name", "index"),
    [(Direction.GIVEN, "given_tab", 2), (Direction.RECEIVED, "received_tab", 3)],
)
def test_referral_tab_create_edit_filter_sort_delete_undo(
    qtbot, folder, people, make_window, drive_dialog, answer_yes, direction, tab_name, index
):
    maria, ben = people
    folder.referrals.create(
        Referral(direction, maria, ben, dt.date(2026, 11, 2), need="Roof damage after the storm")
    )
    window = make_window(folder)
    window.tabs.setCurrentIndex(index)
    tab = getattr(window, tab_name)
    assert window.count_label.text() == "1 referral"

    def fill_new(dialog: ReferralDialog):
        type_into(qtbot, dialog.partner.edit, "mar")  # type-ahead offers Maria
        completer = dialog.partner.edit.completer()
        assert completer.completionCount() == 1
        assert completer.currentCompletion() == "Maria Alvarez (Alvarez Realty)"
        type_into(qtbot, dialog.partner.edit, completer.currentCompletion())
        type_into(qtbot, dialog.prospect.edit, "Łukasz Żółć")  # nobody yet: made on the spot
        assert "New contact" in dialog.prospect.hint.text()
        type_into(qtbot, dialog.need, "Needs a will and a trust")
        dialog.is_lead.setChecked(True)
        dialog.warmth.setCurrentIndex(4)

    drive_dialog(ReferralDialog, fill_new)
    window.actions["new"].trigger()
    qtbot.waitUntil(lambda: "Łukasz Żółć" in visible_column(tab, 2))
    row = next(r for r in folder.referrals.rows(direction) if r.prospect == "Łukasz Żółć")
    assert (row.partner, row.is_lead, row.warmth, row.status) == (
        "Maria Alvarez",
        True,
        5,
        row.status,
    )
    assert row.status in (Status.GIVEN, Status.RECEIVED)
    assert folder.contacts.find_by_name("Łukasz Żółć"), "the new prospect is in the folder"

    # Edit: move it on to "meeting held"; the history records it.
    def fill_edit(dialog: ReferralDialog):
        dialog.status.setCurrentIndex(dialog.status.findData(Status.MEETING_HELD.value))

    drive_dialog(ReferralDialog, fill_edit)
    select_row_with(qtbot, tab, "Łukasz Żółć", column=2)
    window.actions["edit"].trigger()
    qtbot.waitUntil(lambda: "Meeting held" in visible_column(tab, 6))
    assert [h.to_status for h in folder.referrals.history(row.id)][-1] is Status.MEETING_HELD

    # Filter on the need; sort by warmth.
    qtbot.keyClicks(tab.search, "storm")
    assert visible_column(tab, 2) == ["Ben Carter"]
    tab.search.clear()
    tab.view.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    assert visible_column(tab, 5) == ["★★★☆☆", "★★★★★"]  # warmth, as stars
    tab.view.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    assert visible_column(tab, 5) == ["★★★★★", "★★★☆☆"]

    # Delete, then undo.
    select_row_with(qtbot, tab, "Ben Carter", column=2)
    window.actions["delete"].trigger()
    qtbot.waitUntil(lambda: "Ben Carter" not in visible_column(tab, 2))
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: "Ben Carter" in visible_column(tab, 2))


def test_referral_needs_a_partner_said_at_the_field(
    qtbot, folder, people, make_window, drive_dialog
):
    window = make_window(folder)
    window.tabs.setCurrentWidget(window.given_tab)
    seen = {}

    def fill(dialog: ReferralDialog):
        type_into(qtbot, dialog.prospect.edit, "Ben Carter")
        dialog.accept()
        seen["open"] = dialog.isVisible()
        seen["message"] = dialog.errors.message("partner")

    drive_dialog(ReferralDialog, fill, press_save=False)
    window.actions["new"].trigger()
    assert seen == {"open": True, "message": "Choose the partner."}
    assert folder.referrals.rows() == []


WHEN, DUE, WHAT, WHO, REFERRAL, STATE, MADE_BY, WHY, WHERE = range(9)


@pytest.fixture
def answer_text(monkeypatch):
    """QInputDialog.getText answered with a given text (the prompt is recorded)."""
    from PySide6.QtWidgets import QInputDialog

    answers = {"text": "", "asked": []}

    def get_text(parent, title, label, *args, **kwargs):
        answers["asked"].append(label)
        return answers["text"], True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return answers


def test_follow_ups_add_mark_done_undo_and_show_overdue(
    qtbot, folder, people, make_window, drive_dialog, answer_text
):
    maria, ben = people
    today = dt.date.today()
    folder.follow_ups.create(
        FollowUp(
            "Call Ben",
            today - dt.timedelta(days=2),
            contact_id=ben,
            rule="R1",
            reason="A referral you received: call within one business day.",
        )
    )
    window = make_window(folder)
    window.tabs.setCurrentWidget(window.follow_ups_tab)
    tab = window.follow_ups_tab
    assert visible_column(tab, WHEN) == ["Overdue"]
    assert visible_column(tab, DUE)[0].endswith("· 2 days late"), (
        "overdue is said in words, not colour alone"
    )
    assert tab.model.data(tab.model.index(0, WHEN), Qt.ItemDataRole.DecorationRole) is not None
    assert visible_column(tab, MADE_BY) == ["First contact within a business day"], (
        "a plain reason, never the rule's key"
    )
    assert window.tabs.tabText(window.tabs.indexOf(window.follow_ups_tab)) == "F&ollow-ups (1 overdue)"

    def fill(dialog: FollowUpDialog):
        type_into(qtbot, dialog.title, "Book a one-to-one")
        type_into(qtbot, dialog.contact.edit, "Maria Alvarez")

    drive_dialog(FollowUpDialog, fill)
    window.actions["new"].trigger()
    qtbot.waitUntil(lambda: "Book a one-to-one" in visible_column(tab, WHAT))
    assert (
        visible_column(tab, WHO)[visible_column(tab, WHAT).index("Book a one-to-one")]
        == "Maria Alvarez"
    )
    assert visible_column(tab, WHEN) == ["Overdue", "This week" if today.weekday() < 6 else "Later"]

    # Enter on the row completes it, with a note of how it went.
    answer_text["text"] = "Left a voicemail"
    select_row_with(qtbot, tab, "Call Ben", column=WHAT)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Call Ben" not in visible_column(tab, WHAT))
    assert "How did it go?" in answer_text["asked"][-1]
    done = next(r for r in folder.follow_ups.rows() if r.title == "Call Ben")
    assert folder.follow_ups.get(done.id).outcome == "Left a voicemail"
    # (The title follows on a timer of its own.)
    qtbot.waitUntil(
        lambda: window.tabs.tabText(window.tabs.indexOf(window.follow_ups_tab)) == "F&ollow-ups"
    )
    tab.show_finished.setChecked(True)
    assert "Done" in visible_column(tab, WHEN)
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: folder.follow_ups.get(done.id).state is FollowUpState.OPEN)


def test_follow_ups_snooze_reschedule_cancel_and_open(
    qtbot, folder, people, make_window, answer_text, monkeypatch
):
    from networking_folder.ui.dialogs import date_dialog
    from networking_folder.ui.dialogs.contact_dialog import ContactDialog

    maria, ben = people
    today = dt.date.today()
    fid = folder.follow_ups.create(FollowUp("Call Ben", today, contact_id=ben))
    window = make_window(folder)
    window.tabs.setCurrentWidget(window.follow_ups_tab)
    tab = window.follow_ups_tab
    select_row_with(qtbot, tab, "Call Ben", column=WHAT)

    # S opens the snooze menu at the row; choose "Tomorrow".
    chosen = []

    def pick(tab_, menu, position):
        chosen.append([a.text() for a in menu.actions()])
        menu.actions()[0].trigger()

    monkeypatch.setattr(type(tab), "show_menu", pick)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_S)
    assert chosen and chosen[0][0].startswith("&Tomorrow") and chosen[0][2] == "&Pick a date…"
    qtbot.waitUntil(lambda: folder.follow_ups.get(fid).due == today + dt.timedelta(days=1))
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: folder.follow_ups.get(fid).due == today)

    # Reschedule to a date picked in the calendar dialog.
    target = today + dt.timedelta(days=10)
    monkeypatch.setattr(date_dialog, "ask_date", lambda parent, title, start: target)
    select_row_with(qtbot, tab, "Call Ben", column=WHAT)
    window.actions["reschedule"].trigger()
    qtbot.waitUntil(lambda: folder.follow_ups.get(fid).due == target)
    qtbot.waitUntil(lambda: visible_column(tab, WHEN) == ["Later"])  # ten days on is past this week

    # Open the contact it is about.
    opened = []
    monkeypatch.setattr(
        ContactDialog, "exec", lambda dialog: opened.append(dialog.name.text()) or 0
    )
    select_row_with(qtbot, tab, "Call Ben", column=WHAT)
    window.actions["open_contact"].trigger()
    assert opened == ["Ben Carter"]

    # Cancel, with why: it leaves the open list but stays in the folder.
    answer_text["text"] = "Ben moved away"
    window.actions["cancel_follow_up"].trigger()
    qtbot.waitUntil(lambda: "Call Ben" not in visible_column(tab, WHAT))
    assert folder.follow_ups.get(fid).state is FollowUpState.CANCELLED
    tab.show_finished.setChecked(True)
    assert visible_column(tab, WHEN) == ["Cancelled"]


def test_each_tab_has_a_count_in_the_status_bar(qtbot, folder, people, make_window):
    window = make_window(folder)
    expected = ["2 contacts", "0 referrals", "0 referrals", "0 follow-ups"]
    for index, text in enumerate(expected, start=1):
        window.tabs.setCurrentIndex(index)
        assert window.count_label.text() == text


def test_follow_ups_edit_filter_sort_delete_undo(
    qtbot, folder, people, make_window, drive_dialog, answer_yes
):
    maria, ben = people
    today = dt.date.today()
    folder.follow_ups.create(FollowUp("Call Ben", today + dt.timedelta(days=3), contact_id=ben))
    folder.follow_ups.create(
        FollowUp("Thank Maria at the meeting", today + dt.timedelta(days=1), contact_id=maria)
    )
    window = make_window(folder)
    window.tabs.setCurrentWidget(window.follow_ups_tab)
    tab = window.follow_ups_tab
    assert visible_column(tab, WHAT) == ["Thank Maria at the meeting", "Call Ben"], (
        "soonest due first"
    )

    def fill(dialog: FollowUpDialog):
        type_into(qtbot, dialog.title, "Call Ben about the bakery lease")

    drive_dialog(FollowUpDialog, fill)
    select_row_with(qtbot, tab, "Call Ben", column=WHAT)
    window.actions["edit"].trigger()
    qtbot.waitUntil(lambda: "Call Ben about the bakery lease" in visible_column(tab, WHAT))

    qtbot.keyClicks(tab.search, "lease")
    assert visible_column(tab, WHAT) == ["Call Ben about the bakery lease"]
    tab.search.clear()
    tab.view.sortByColumn(DUE, Qt.SortOrder.DescendingOrder)
    assert visible_column(tab, WHAT) == [
        "Call Ben about the bakery lease",
        "Thank Maria at the meeting",
    ]

    select_row_with(qtbot, tab, "Thank Maria at the meeting", column=WHAT)
    window.actions["delete"].trigger()
    qtbot.waitUntil(lambda: visible_column(tab, WHAT) == ["Call Ben about the bakery lease"])
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: len(visible_column(tab, WHAT)) == 2)
    window.actions["undo"].trigger()  # and the edit
    qtbot.waitUntil(lambda: "Call Ben" in visible_column(tab, WHAT))


def test_the_context_menu_offers_the_tabs_commands(qtbot, folder, people, make_window, monkeypatch):
    from PySide6.QtWidgets import QMenu

    shown = []
    monkeypatch.setattr(
        QMenu, "popup", lambda menu, pos, at=None: shown.append([a.text() for a in menu.actions()])
    )
    window = make_window(folder)
    tab = window.contacts_tab
    select_row_with(qtbot, tab, "Ben Carter")
    tab.view.customContextMenuRequested.emit(tab.view.visualRect(tab.view.currentIndex()).center())
    assert [t for t in shown[-1] if t] == ["&New…", "&Edit…", "&Delete"]
    window.tabs.setCurrentWidget(window.follow_ups_tab)
    window.follow_ups_tab.view.customContextMenuRequested.emit(
        window.follow_ups_tab.view.rect().center()
    )
    assert [t for t in shown[-1] if t][:2] == ["Mark &done…", "&Snooze"]


def test_snooze_offers_later_than_the_item_is_already_due_and_pops_up_at_the_button(
    qtbot, folder, people, make_window, monkeypatch
):
    from PySide6.QtWidgets import QToolButton

    maria, ben = people
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    folder.follow_ups.create(FollowUp("Call Ben", tomorrow, contact_id=ben))
    window = make_window(folder)
    window.tabs.setCurrentWidget(window.follow_ups_tab)
    tab = window.follow_ups_tab
    select_row_with(qtbot, tab, "Call Ben", column=WHAT)
    shown = []
    monkeypatch.setattr(
        type(tab), "show_menu", lambda tab_, menu, at: shown.append(([a.text() for a in menu.actions()], at))
    )
    (button,) = [b for b in tab.findChildren(QToolButton) if b.defaultAction() is window.actions["snooze"]]
    monkeypatch.setattr(QToolButton, "underMouse", lambda self: self is button)
    window.actions["snooze"].trigger()  # as a click on the button does
    texts, at = shown[0]
    assert texts[0].startswith("&A day later") and "Tomorrow" not in texts[0]
    assert at == button.mapToGlobal(button.rect().bottomLeft()), "under the button"


def test_a_new_referral_goes_through_the_only_group(qtbot, folder, people, make_window, monkeypatch):
    from networking_folder.domain.model import Group

    only = folder.groups.create(Group("BNI Downtown", 2))
    window = make_window(folder)
    window.tabs.setCurrentWidget(window.given_tab)
    seen = []
    monkeypatch.setattr(ReferralDialog, "exec", lambda d: seen.append(d.group.currentData()) or 0)
    window.actions["new"].trigger()
    assert seen == [only]


def test_a_recon_meeting_says_where_in_the_tab_and_on_the_home_page_and_a_place_can_be_edited(
    qtbot, folder, people, make_window, drive_dialog
):
    from networking_folder.domain.model import FollowUpKind

    maria, ben = people
    partner = folder.contacts.get(maria)
    partner.address = "12 Main St, Springfield"
    folder.contacts.update(partner)
    rid = folder.referrals.create(Referral(Direction.RECEIVED, maria, ben, dt.date.today()))
    folder.referrals.set_status(rid, Status.NOT_A_FIT, note="Wanted a tax attorney")
    window = make_window(folder)
    window.tabs.setCurrentWidget(window.follow_ups_tab)
    tab = window.follow_ups_tab
    column = WHERE
    assert tab.model.headerData(column, Qt.Orientation.Horizontal) == "Where"
    recon = next(r for r in folder.follow_ups.rows() if r.kind is FollowUpKind.RECON_MEETING)
    row = visible_column(tab, WHAT).index(recon.title)
    assert visible_column(tab, column)[row] == "Alvarez Realty, 12 Main St, Springfield"

    def fill(dialog: FollowUpDialog):
        assert dialog.place.text() == "Alvarez Realty, 12 Main St, Springfield"
        dialog.place.setText("Her new office, 40 Elm St")

    drive_dialog(FollowUpDialog, fill)
    select_row_with(qtbot, tab, recon.title, column=WHAT)
    window.actions["edit"].trigger()
    qtbot.waitUntil(lambda: "Her new office, 40 Elm St" in visible_column(tab, column))
    assert folder.follow_ups.get(recon.id).place == "Her new office, 40 Elm St"

    # On the home page, a follow-up due today says where, under what it is.
    from PySide6.QtWidgets import QLabel

    coffee = folder.follow_ups.create(
        FollowUp("Coffee with Maria", dt.date.today(), contact_id=maria, place="Blue Bottle, 5th Ave")
    )
    window.tabs.setCurrentWidget(window.home_tab)
    qtbot.waitUntil(lambda: window.home_tab.body.findChild(QLabel, f"home_due_{coffee}") is not None)
    label = window.home_tab.body.findChild(QLabel, f"home_due_{coffee}")
    assert "At Blue Bottle, 5th Ave" in label.text()


def test_a_step_recorded_late_carries_the_day_it_happened(
    qtbot, folder, people, make_window, drive_dialog
):
    from networking_folder.ui.formatting import to_qdate

    maria, ben = people
    given = folder.referrals.create(
        Referral(Direction.GIVEN, maria, ben, dt.date.today() - dt.timedelta(days=10))
    )
    window = make_window(folder)
    window.tabs.setCurrentWidget(window.given_tab)
    happened = dt.date.today() - dt.timedelta(days=6)
    seen = {}

    def fill(dialog: ReferralDialog):
        seen["before"] = dialog.status_on.isVisibleTo(dialog)  # no step yet: no day to ask
        qtbot.mouseClick(dialog.step_buttons[Status.PARTNER_CONTACTED], Qt.MouseButton.LeftButton)
        seen["after"] = dialog.status_on.isVisibleTo(dialog)
        seen["default"] = dialog.status_on.date() == to_qdate(dt.date.today())
        seen["range"] = (dialog.status_on.minimumDate(), dialog.status_on.maximumDate()) == (
            to_qdate(dt.date.today() - dt.timedelta(days=10)), to_qdate(dt.date.today()),
        )  # between the referral's day and today  # fmt: skip
        dialog.status_on.setDate(to_qdate(happened))

    drive_dialog(ReferralDialog, fill)
    select_row_with(qtbot, window.given_tab, "Ben Carter", column=2)
    window.actions["edit"].trigger()
    assert seen == {"before": False, "after": True, "default": True, "range": True}
    def contacted_on():
        steps = folder.referrals.history(given)
        return [h.at.date() for h in steps if h.to_status is Status.PARTNER_CONTACTED]

    assert contacted_on() == [happened]
    # Undo and redo keep the day.
    window.actions["undo"].trigger()
    assert folder.referrals.get(given).status is Status.GIVEN
    assert contacted_on() == []
    window.actions["redo"].trigger()
    assert contacted_on() == [happened]
