"""Search everything from the toolbar, through the real field."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from networking_folder.domain.model import Contact, Direction, Note, Referral
from networking_folder.ui.dialogs.contact_dialog import ContactDialog
from networking_folder.ui.dialogs.referral_dialog import ReferralDialog
from tests.gui.helpers import type_text


def test_ctrl_k_type_pick_and_open(qtbot, folder, make_window, monkeypatch):
    zoe = folder.contacts.create(Contact(name="Zoë Ørsted", company="Ørsted Law"))
    muller = folder.contacts.create(Contact(name="Lucas Müller"))
    folder.referrals.create(
        Referral(Direction.GIVEN, zoe, muller, dt.date(2026, 11, 2), need="Zoning permit help")
    )
    folder.notes.create(Note("Zoë asked about zoning", contact_id=zoe))
    window = make_window(folder)
    box = window.search_box

    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert box.hasFocus()
    type_text(qtbot, box, "zo")
    kinds = [hit.kind for hit in box.hits()]
    assert kinds == ["contact", "referral", "note"], "grouped: contacts, referrals, notes"
    shown = [box.results.item(r).text().split("\n")[0] for r in range(box.results.count())]
    assert shown[0] == "Contacts" and "Referrals" in shown and "Notes" in shown
    assert box.results.isVisible()

    # A person or a referral found shows their page beside the list: no dialog to read it.
    monkeypatch.setattr(ContactDialog, "exec", lambda d: pytest.fail("a contact dialog opened"))
    monkeypatch.setattr(ReferralDialog, "exec", lambda d: pytest.fail("a dialog opened"))
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the first result is selected
    assert not box.results.isVisible()
    assert window.tabs.currentWidget() is window.contacts_tab
    assert window.contacts_tab.current_id() == zoe
    qtbot.waitUntil(lambda: window.contacts_tab.page.showing() == "Zoë Ørsted")

    box.setFocus()
    box.clear()
    type_text(qtbot, box, "zon")
    qtbot.keyClick(box, Qt.Key.Key_Down)  # past the contacts heading… to the referral
    qtbot.keyClick(box, Qt.Key.Key_Up)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    given = window.given_tab
    assert window.tabs.currentWidget() is given
    qtbot.waitUntil(lambda: given.page.showing() == "Lucas Müller")
    assert given.page.need.text() == "Needs: Zoning permit help"

    box.clear()
    type_text(qtbot, box, 'NEAR("')
    assert box.hits() == [] and "Nothing found" in box.results.item(0).text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert not box.results.isVisible()


def test_the_results_fit_under_the_field_inside_the_window_without_scroll_bars(
    qtbot, folder, make_window
):
    for n in range(4):
        folder.contacts.create(Contact(name=f"Zora Example {n}", company="A long company name " * 3))
        folder.notes.create(Note(f"Zora said something long {n} " * 10, contact_id=None))
    window = make_window(folder)
    window.resize(1000, 700)
    box = window.search_box
    box.setFocus()
    type_text(qtbot, box, "zora")
    popup = box.results
    assert popup.isVisible()
    assert not popup.verticalScrollBar().isVisible() and not popup.horizontalScrollBar().isVisible()
    shown = sum(popup.visualItemRect(popup.item(r)).height() for r in range(popup.count()))
    assert popup.viewport().height() >= shown, "every result shows whole"
    inside = window.geometry()
    assert popup.geometry().right() <= inside.right() and popup.geometry().left() >= inside.left()


def test_ctrl_k_selects_the_old_query_to_type_over_it(qtbot, folder, make_window):
    folder.contacts.create(Contact(name="Zoë Ørsted"))
    window = make_window(folder)
    box = window.search_box
    box.setFocus()
    type_text(qtbot, box, "zo")
    window.current_tab().view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert box.hasFocus() and box.selectedText() == "zo"


def test_a_note_chosen_in_the_results_opens_the_note_itself(qtbot, folder, make_window, monkeypatch):
    from networking_folder.ui.dialogs.note_dialog import NoteDialog

    zoe = folder.contacts.create(Contact(name="Zoë Ørsted"))
    folder.notes.create(Note("Quarterly review: wants a zoning referral " + "and more " * 200, contact_id=zoe))
    window = make_window(folder)
    shown = []
    monkeypatch.setattr(NoteDialog, "exec", lambda d: shown.append(d.body.toPlainText()) or 0)
    monkeypatch.setattr(ContactDialog, "exec", lambda d: shown.append("contact dialog") or 0)
    box = window.search_box
    box.setFocus()
    type_text(qtbot, box, "quarterly")
    assert [hit.kind for hit in box.hits()] == ["note"]
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert len(shown) == 1 and shown[0].startswith("Quarterly review") and shown[0].endswith("more ")
