"""A received referral, from receipt to closed business, through the real widgets (issue 3)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from networking_folder.domain.model import Contact, FollowUpState, Group, Status
from networking_folder.ui.dialogs.referral_dialog import ReferralDialog
from tests.gui.helpers import select_row_with, type_into, visible_column

WHAT = 2


@pytest.fixture
def answers(monkeypatch):
    given = {"text": "", "number": 0.0}
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (given["text"], True))
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a, **k: (given["number"], True))
    return given


def open_titles(folder):
    return sorted(r.title for r in folder.follow_ups.rows() if r.state is FollowUpState.OPEN)


def complete_in_tab(qtbot, window, title):
    window.tabs.setCurrentWidget(window.follow_ups_tab)
    tab = window.follow_ups_tab
    qtbot.waitUntil(lambda: title in visible_column(tab, WHAT))
    select_row_with(qtbot, tab, title, column=WHAT)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)  # Enter completes
    qtbot.waitUntil(lambda: title not in visible_column(tab, WHAT))


def move_in_tab(qtbot, window, prospect, status):
    window.tabs.setCurrentWidget(window.received_tab)
    tab = window.received_tab
    select_row_with(qtbot, tab, prospect, column=2)
    menu = tab.context_menu()
    (move,) = [a.menu() for a in menu.actions() if a.menu() is not None]
    (action,) = [a for a in move.actions() if a.text().rstrip("…") == status.label]
    action.trigger()
    qtbot.waitUntil(lambda: status.label in visible_column(tab, 6))


def test_received_referral_from_receipt_to_closed_business(
    qtbot, folder, make_window, drive_dialog, answers
):
    folder.settings.set("calendar.country", "US")
    group = folder.groups.create(Group("BNI Downtown", meeting_weekday=2))
    folder.contacts.create(
        Contact(name="Maria Alvarez", company="Alvarez Realty", is_partner=True, group_ids=[group])
    )
    window = make_window(folder)
    window.tabs.setCurrentWidget(window.received_tab)

    # 1. Record the referral; nothing else to do: R1 makes the first-contact follow-up.
    def fill(dialog: ReferralDialog):
        type_into(qtbot, dialog.partner.edit, "Maria Alvarez")
        type_into(qtbot, dialog.prospect.edit, "Ben Carter")
        type_into(qtbot, dialog.need, "Rolling over a 401(k)")
        dialog.group.setCurrentIndex(dialog.group.findData(group))

    drive_dialog(ReferralDialog, fill)
    window.actions["new"].trigger()
    # R1 makes the first-contact follow-up, R9 the public thank-you at the next meeting.
    first_call, thanks = open_titles(folder)
    assert first_call == "First contact: call Ben Carter"
    assert thanks.startswith("Thank Maria Alvarez at the meeting on Wed ")
    assert thanks.endswith(" for referring Ben Carter")
    complete_in_tab(qtbot, window, thanks)

    # 2. Call Ben and mark it done: R2 asks to tell Maria, and R10 to ask her who else got it.
    answers["text"] = "Spoke for 20 minutes; meeting next week"
    complete_in_tab(qtbot, window, "First contact: call Ben Carter")
    ask = "Ask Maria Alvarez: did anyone else get the referral of Ben Carter?"
    assert open_titles(folder) == [ask, "Tell Maria Alvarez: you have called Ben Carter"]
    # Marking the question done asks for her answer, and the referral keeps it.
    answers["text"] = "Lucy at Raman Mortgage"
    complete_in_tab(qtbot, window, ask)
    (referral,) = folder.referrals.rows()
    assert folder.referrals.get(referral.id).also_given_to == "Lucy at Raman Mortgage"
    window.actions["undo"].trigger()
    assert folder.referrals.get(referral.id).also_given_to == ""
    assert ask in open_titles(folder), "undone: the question is open again"
    window.actions["redo"].trigger()
    assert folder.referrals.get(referral.id).also_given_to == "Lucy at Raman Mortgage"
    assert open_titles(folder) == ["Tell Maria Alvarez: you have called Ben Carter"]

    # 3. Move it to "Contacted" from the row's menu: one report to Maria, the newest.
    move_in_tab(qtbot, window, "Ben Carter", Status.CONTACTED)
    assert open_titles(folder) == ["Tell Maria Alvarez: Ben Carter — contacted"]
    complete_in_tab(qtbot, window, "Tell Maria Alvarez: Ben Carter — contacted")

    # 4. In the dialog, the "Meeting held" button moves it on.
    def meeting(dialog: ReferralDialog):
        qtbot.mouseClick(dialog.step_buttons[Status.MEETING_HELD], Qt.MouseButton.LeftButton)

    drive_dialog(ReferralDialog, meeting)
    window.tabs.setCurrentWidget(window.received_tab)
    select_row_with(qtbot, window.received_tab, "Ben Carter", column=2)
    window.actions["edit"].trigger()
    assert open_titles(folder) == ["Tell Maria Alvarez: Ben Carter — meeting held"]
    complete_in_tab(qtbot, window, "Tell Maria Alvarez: Ben Carter — meeting held")

    # 5. Closed business, with its value: R5 asks for a private and a public thank-you.
    answers["number"] = 4200.0
    move_in_tab(qtbot, window, "Ben Carter", Status.CLOSED_BUSINESS)
    titles = open_titles(folder)
    assert titles[0] == "Thank Maria Alvarez at the meeting on " + titles[0].split(" on ", 1)[1]
    assert titles[1] == "Thank Maria Alvarez privately"
    referral_id = folder.referrals.rows()[0].id
    assert folder.referrals.get(referral_id).value_cents == 420_000
    assert "4,200.00" in visible_column(window.received_tab, 7)
    for title in titles:
        complete_in_tab(qtbot, window, title)
    assert open_titles(folder) == []

    # The history shows every step, in the dialog.
    history = [h.to_status for h in folder.referrals.history(referral_id)]
    assert history == [
        Status.RECEIVED,
        Status.CONTACTED,
        Status.MEETING_HELD,
        Status.CLOSED_BUSINESS,
    ]
    seen = {}
    drive_dialog(
        ReferralDialog, lambda d: seen.setdefault("history", d.history.count()), press_save=False
    )
    window.tabs.setCurrentWidget(window.received_tab)
    select_row_with(qtbot, window.received_tab, "Ben Carter", column=2)
    window.actions["edit"].trigger()
    assert seen["history"] == 4

    # Undo back through the move to closed business: the two completions reopen the thank-yous,
    # then undoing the move puts the status back and withdraws the thank-yous it made.
    window.actions["undo"].trigger()  # completing the last thank-you
    window.actions["undo"].trigger()  # completing the first thank-you
    window.actions["undo"].trigger()  # the move to closed business
    qtbot.waitUntil(lambda: folder.referrals.get(referral_id).status is Status.MEETING_HELD)
    assert open_titles(folder) == [], "the open thank-yous it made were withdrawn"


def test_not_a_fit_from_the_menu_asks_why(qtbot, folder, make_window, answers):
    from networking_folder.domain.model import Direction, Referral

    maria = folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    ben = folder.contacts.create(Contact(name="Ben Carter"))
    import datetime as dt

    rid = folder.referrals.create(Referral(Direction.RECEIVED, maria, ben, dt.date.today()))
    window = make_window(folder)
    answers["text"] = "Wanted a tax attorney, not a planner"
    move_in_tab(qtbot, window, "Ben Carter", Status.NOT_A_FIT)
    assert folder.referrals.history(rid)[-1].note == "Wanted a tax attorney, not a planner"
    assert {"Give Maria Alvarez feedback on Ben Carter", "Recon meeting with Maria Alvarez"} <= set(
        open_titles(folder)
    )
