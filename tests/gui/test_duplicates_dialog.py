"""Edit → Find duplicates in the real window: pairs to review, the merge side by side with a
choice where both differ, a yes before anything is written, one step to undo, the pair kept
apart, and a merge the folder refuses."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QRadioButton

from networking_folder.domain.model import Contact, Direction, Note, Referral
from networking_folder.ui.dialogs.duplicates_dialog import DuplicatesDialog


def live_names(folder) -> list[str]:
    return sorted(row.name for row in folder.contacts.rows())


def drive(monkeypatch, qtbot, act):
    """DuplicatesDialog.exec(): shown, then ``act(dialog)``, then closed; the dialogs driven."""
    driven = []

    def exec_(dialog):
        driven.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        act(dialog)
        dialog.reject()
        dialog.parentWidget().window().activateWindow()
        return dialog.result()

    monkeypatch.setattr(DuplicatesDialog, "exec", exec_)
    return driven


def texts(widget) -> list[str]:
    """What the merge view says, row by row, as a reader sees it."""
    grid = widget.grid
    shown = (grid.itemAt(i).widget() for i in range(grid.count()))
    return [w.text() for w in shown if isinstance(w, (QLabel, QRadioButton)) and w.text()]


def two_anns(folder):
    folder.settings.set("calendar.country", "US")
    ann = folder.contacts.create(
        Contact(name="Ann Lee", company="Acme", emails=["ann@acme.example"], rapport=4,
                how_met="BNI visitor day")  # fmt: skip
    )
    other = folder.contacts.create(
        Contact(name="Ann Lee, CFP®", emails=["ANN@acme.example"], phones=["(202) 555-0143"],
                rapport=5, how_met="Chamber mixer", profession="Planner")  # fmt: skip
    )
    folder.notes.create(Note("Coffee at the fair", contact_id=other))
    return ann, other


def test_a_pair_is_merged_side_by_side_on_a_yes_and_undone_in_one_step(
    folder, make_window, qtbot, monkeypatch, answer_yes
):
    ann, other = two_anns(folder)
    folder.contacts.create(Contact(name="Bob Stone"))
    window = make_window(folder)
    seen = {}

    def act(dialog):
        assert dialog.model.rowCount() == 1
        assert dialog.model.index(0, 2).data() == "same email ann@acme.example"
        assert (dialog.keep_id, dialog.other_id) == (ann, other)
        shown = texts(dialog.view)
        assert "Kept: Ann Lee" in shown and "Merged in: Ann Lee, CFP®" in shown
        assert "Planner" in shown  # only the other has a profession: it comes along
        assert "1 note of Ann Lee, CFP® move to Ann Lee" in dialog.moves.text()
        # Both say how they met, and differently: nothing merges until the user picks.
        assert not dialog.merge_button.isEnabled()
        seen["hint"] = dialog.hint.text()
        dialog.view.choose("how_met", "other")
        assert not dialog.merge_button.isEnabled()
        dialog.view.choose("rapport", "keep")
        assert dialog.merge_button.isEnabled() and dialog.hint.text() == ""
        assert "Chamber mixer" in texts(dialog.view)  # what the kept contact will say
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        seen["left"] = dialog.none_left.isVisible()

    drive(monkeypatch, qtbot, act)
    window.actions["find_duplicates"].trigger()
    assert seen["hint"] == "Both hold a different how you met and rapport: choose which to keep."
    assert answer_yes == ["Merge Ann Lee, CFP® into Ann Lee?"]
    assert seen["left"]  # the only pair is gone from the list
    assert live_names(folder) == ["Ann Lee, CFP®", "Bob Stone"]
    kept = folder.contacts.get(ann)
    assert (kept.how_met, kept.rapport, kept.profession) == ("Chamber mixer", 4, "Planner")
    assert [n.body for n in folder.notes.for_contact(ann)] == ["Coffee at the fair"]
    qtbot.waitUntil(lambda: window.contacts_tab.model.rowCount() == 2)

    window.actions["undo"].trigger()
    assert live_names(folder) == ["Ann Lee", "Ann Lee, CFP®", "Bob Stone"]
    assert folder.contacts.get(ann).how_met == "BNI visitor day"
    assert [n.body for n in folder.notes.for_contact(other)] == ["Coffee at the fair"]
    qtbot.waitUntil(lambda: window.contacts_tab.model.rowCount() == 3)
    window.actions["redo"].trigger()
    assert live_names(folder) == ["Ann Lee, CFP®", "Bob Stone"]


def test_nothing_is_merged_without_the_users_yes(folder, make_window, qtbot, monkeypatch):
    ann, other = two_anns(folder)
    window = make_window(folder)
    asked = []

    def no(box):
        asked.append(box.text())
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", no)

    def act(dialog):
        dialog.view.choose("how_met", "keep")
        dialog.view.choose("rapport", "keep")
        assert dialog.merge() is False

    drive(monkeypatch, qtbot, act)
    window.actions["find_duplicates"].trigger()
    assert asked == ["Merge Ann Lee, CFP® into Ann Lee?"]
    assert live_names(folder) == ["Ann Lee", "Ann Lee, CFP®"]
    assert not window.undo_stack.canUndo()


def test_keep_the_other_one_swaps_which_contact_stays(
    folder, make_window, qtbot, monkeypatch, answer_yes
):
    ann, other = two_anns(folder)
    window = make_window(folder)

    def act(dialog):
        dialog.view.choose("how_met", "keep")  # (a swap asks again)
        qtbot.mouseClick(dialog.swap, Qt.MouseButton.LeftButton)
        assert (dialog.keep_id, dialog.other_id) == (other, ann)
        assert "Kept: Ann Lee, CFP®" in texts(dialog.view)
        assert dialog.view.undecided() == ["How you met", "Rapport"]
        dialog.view.choose("how_met", "keep")
        dialog.view.choose("rapport", "keep")
        assert dialog.merge()

    drive(monkeypatch, qtbot, act)
    window.actions["find_duplicates"].trigger()
    assert answer_yes == ["Merge Ann Lee into Ann Lee, CFP®?"]
    assert [c.id for c in folder.contacts.rows()] == [other]
    kept = folder.contacts.get(other)
    assert (kept.how_met, kept.rapport, kept.company) == ("Chamber mixer", 5, "Acme")


def test_not_the_same_person_is_remembered_and_undone(folder, make_window, qtbot, monkeypatch):
    two_anns(folder)
    window = make_window(folder)
    listed = []

    def act(dialog):
        listed.append(dialog.model.rowCount())
        if dialog.model.rowCount():
            qtbot.mouseClick(dialog.not_same, Qt.MouseButton.LeftButton)
            assert dialog.none_left.isVisible()
            assert not dialog.merge_button.isVisible()

    drive(monkeypatch, qtbot, act)
    window.actions["find_duplicates"].trigger()
    window.actions["find_duplicates"].trigger()  # not suggested again
    assert listed == [1, 0]
    assert window.undo_stack.undoText().startswith("Not the same person")
    window.actions["undo"].trigger()
    window.actions["find_duplicates"].trigger()
    assert listed[-1] == 1
    assert live_names(folder) == ["Ann Lee", "Ann Lee, CFP®"]  # nothing else changed


def test_a_merge_the_folder_refuses_says_why_and_cannot_be_pressed(
    folder, make_window, qtbot, monkeypatch
):
    ann, other = two_anns(folder)
    folder.referrals.create(
        Referral(Direction.GIVEN, ann, other, dt.date(2026, 3, 2), need="A plan")
    )
    window = make_window(folder)
    seen = {}

    def act(dialog):
        dialog.view.choose("how_met", "keep")
        dialog.view.choose("rapport", "keep")
        seen["problem"] = dialog.problem.text() if dialog.problem.isVisible() else ""
        seen["can_merge"] = dialog.merge_button.isEnabled()

    drive(monkeypatch, qtbot, act)
    window.actions["find_duplicates"].trigger()
    assert "you referred Ann Lee, CFP® to Ann Lee" in seen["problem"]
    assert seen["can_merge"] is False
    assert live_names(folder) == ["Ann Lee", "Ann Lee, CFP®"]


def test_a_note_being_written_about_the_merged_in_contact_follows_to_the_kept_one(
    folder, make_window, qtbot, monkeypatch, answer_yes
):
    ann, other = two_anns(folder)
    window = make_window(folder)
    note = window.open_quick_note()
    note.contact.set_contact(other)
    note.body.setPlainText("Called about the plan")

    def act(dialog):
        dialog.view.choose("how_met", "keep")
        dialog.view.choose("rapport", "keep")
        assert dialog.merge()

    drive(monkeypatch, qtbot, act)
    window.actions["find_duplicates"].trigger()
    assert note.contact.contact_id() == ann
    qtbot.mouseClick(note.save_button, Qt.MouseButton.LeftButton)
    assert "Called about the plan" in [n.body for n in folder.notes.for_contact(ann)]
