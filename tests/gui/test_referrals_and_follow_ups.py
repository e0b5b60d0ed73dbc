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
    [(Direction.GIVEN, "given_tab", 1), (Direction.RECEIVED, "received_tab", 2)],
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
    assert visible_column(tab, 5) == ["3", "5"]
    tab.view.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    assert visible_column(tab, 5) == ["5", "3"]

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
    window.tabs.setCurrentIndex(1)
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


def test_follow_ups_add_mark_done_undo_and_show_overdue(
    qtbot, folder, people, make_window, drive_dialog
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
    window.tabs.setCurrentIndex(3)
    tab = window.follow_ups_tab
    assert visible_column(tab, 0)[0].endswith("· Overdue"), (
        "overdue is said in words, not colour alone"
    )
    assert tab.model.data(tab.model.index(0, 0), Qt.ItemDataRole.DecorationRole) is not None
    assert visible_column(tab, 5) == ["Rule R1"]

    def fill(dialog: FollowUpDialog):
        type_into(qtbot, dialog.title, "Book a one-to-one")
        type_into(qtbot, dialog.contact.edit, "Maria Alvarez")

    drive_dialog(FollowUpDialog, fill)
    window.actions["new"].trigger()
    qtbot.waitUntil(lambda: "Book a one-to-one" in visible_column(tab, 1))
    assert (
        visible_column(tab, 2)[visible_column(tab, 1).index("Book a one-to-one")] == "Maria Alvarez"
    )

    select_row_with(qtbot, tab, "Call Ben", column=1)
    assert window.actions["mark_done"].isEnabled()
    window.actions["mark_done"].trigger()
    qtbot.waitUntil(lambda: "Call Ben" not in visible_column(tab, 1))
    tab.show_finished.setChecked(True)
    assert "Done" in visible_column(tab, 4)
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: folder.follow_ups.rows()[0].state is FollowUpState.OPEN)


def test_each_tab_has_a_count_in_the_status_bar(qtbot, folder, people, make_window):
    window = make_window(folder)
    expected = ["2 contacts", "0 referrals", "0 referrals", "0 follow-ups"]
    for index, text in enumerate(expected):
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
    window.tabs.setCurrentIndex(3)
    tab = window.follow_ups_tab
    assert visible_column(tab, 1) == ["Thank Maria at the meeting", "Call Ben"], "soonest due first"

    def fill(dialog: FollowUpDialog):
        type_into(qtbot, dialog.title, "Call Ben about the bakery lease")

    drive_dialog(FollowUpDialog, fill)
    select_row_with(qtbot, tab, "Call Ben", column=1)
    window.actions["edit"].trigger()
    qtbot.waitUntil(lambda: "Call Ben about the bakery lease" in visible_column(tab, 1))

    qtbot.keyClicks(tab.search, "lease")
    assert visible_column(tab, 1) == ["Call Ben about the bakery lease"]
    tab.search.clear()
    tab.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert visible_column(tab, 1) == [
        "Call Ben about the bakery lease",
        "Thank Maria at the meeting",
    ]

    select_row_with(qtbot, tab, "Thank Maria at the meeting", column=1)
    window.actions["delete"].trigger()
    qtbot.waitUntil(lambda: visible_column(tab, 1) == ["Call Ben about the bakery lease"])
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: len(visible_column(tab, 1)) == 2)
    window.actions["undo"].trigger()  # and the edit
    qtbot.waitUntil(lambda: "Call Ben" in visible_column(tab, 1))


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
    window.tabs.setCurrentIndex(3)
    window.follow_ups_tab.view.customContextMenuRequested.emit(
        window.follow_ups_tab.view.rect().center()
    )
    assert [t for t in shown[-1] if t][0] == "Mark &done"
