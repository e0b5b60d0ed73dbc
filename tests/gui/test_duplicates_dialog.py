"""Edit → Find duplicates in the real window: pairs to review, the merge side by side with a
choice where both differ, a yes before anything is written, one step to undo, the pair kept
apart, and a merge the folder refuses."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QScrollArea

from networking_folder.domain.model import Contact, Direction, Note, Referral
from networking_folder.store.errors import FolderError
from networking_folder.ui.dialogs.duplicates_dialog import Choice, DuplicatesDialog
from networking_folder.ui.formatting import format_date
from tests.gui.test_accessibility import focus_chain, reading_order_breaks, unnamed


def live_names(folder) -> list[str]:
    return sorted(row.name for row in folder.contacts.rows())


def drive(monkeypatch, qtbot, act):
    """DuplicatesDialog.exec(): shown, then ``act(dialog)``, then closed; the dialogs driven."""
    driven = []

    def exec_(dialog):
        driven.append(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)  # (keys and focus go where a user's would)
        act(dialog)
        dialog.reject()
        dialog.parentWidget().window().activateWindow()
        return dialog.result()

    monkeypatch.setattr(DuplicatesDialog, "exec", exec_)
    return driven


def texts(widget) -> list[str]:
    """What the merge view says, row by row, as a reader sees it."""
    grid = widget.grid
    shown = [grid.itemAt(i).widget() for i in range(grid.count())]
    shown = [w.label if isinstance(w, Choice) else w for w in shown]
    return [w.text() for w in shown if isinstance(w, QLabel) and w.text()]


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
        assert "Kept: Ann Lee (Acme)" in shown and "Merged in: Ann Lee, CFP®" in shown
        assert "Planner" in shown  # only the other has a profession: it comes along
        assert dialog.moves.text() == (
            "Merging moves 1 note from Ann Lee, CFP® to Ann Lee (Acme), and puts Ann Lee, CFP® "
            "in the trash."
        )
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
    assert seen["hint"] == "They differ in how you met and rapport: choose which to keep."
    assert answer_yes == ["Merge Ann Lee, CFP® into Ann Lee (Acme)?"]
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
    assert asked == ["Merge Ann Lee, CFP® into Ann Lee (Acme)?"]
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
        assert dialog.view.choices == {}  # (a choice made before the swap is not kept)
        assert dialog.view.undecided() == ["How you met", "Rapport"]
        dialog.view.choose("how_met", "keep")
        dialog.view.choose("rapport", "keep")
        assert dialog.merge()

    drive(monkeypatch, qtbot, act)
    window.actions["find_duplicates"].trigger()
    assert answer_yes == ["Merge Ann Lee (Acme) into Ann Lee, CFP®?"]
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


def test_long_values_wrap_an_ampersand_is_shown_and_twins_are_told_apart_by_their_day(
    folder, make_window, qtbot, monkeypatch
):
    long_one = "Business owners selling within five years & their CPAs; " * 8
    folder.contacts.create(Contact(name="Ann Lee", emails=["ann@x.example"], ideal_referral=long_one))
    folder.contacts.create(Contact(name="Ann Lee", emails=["ann@x.example"],
                                   ideal_referral="Smith & Jones, the dentists"))  # fmt: skip
    window = make_window(folder)
    seen = {}

    def act(dialog):
        dialog.resize(960, 640)
        qtbot.waitUntil(lambda: dialog.view.width() > 0)
        scroll = dialog.findChild(QScrollArea)
        seen["fits"] = dialog.view.minimumSizeHint().width() <= scroll.viewport().width()
        seen["shown"] = texts(dialog.view)
        seen["radio"] = dialog.view.radios[("ideal_referral", "other")].accessibleName()

    drive(monkeypatch, qtbot, act)
    window.actions["find_duplicates"].trigger()
    assert seen["fits"]  # nothing pushed out of sight to the right
    assert "Smith & Jones, the dentists" in seen["shown"]
    assert seen["radio"] == "Ideal referral: use “Smith & Jones, the dentists”"
    added = format_date(dt.date.today())
    assert f"Kept: Ann Lee, added {added}" in seen["shown"]


def test_the_dialog_goes_by_keyboard_in_reading_order_with_every_control_named(
    folder, make_window, qtbot, monkeypatch
):
    two_anns(folder)
    window = make_window(folder)
    seen = {}

    def act(dialog):
        seen["unnamed"] = unnamed(dialog)
        seen["breaks"] = reading_order_breaks(dialog)
        chain = focus_chain(dialog)
        seen["order"] = [type(w).__name__ for w in chain]
        # Tab from the list reaches the swap, then the choices; Space picks one.
        dialog.table.setFocus()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Tab)
        seen["after_list"] = QApplication.focusWidget() is dialog.swap
        for name in ("how_met", "rapport"):
            radio = dialog.view.radios[(name, "keep")]
            radio.setFocus()
            qtbot.keyClick(radio, Qt.Key.Key_Space)
        seen["can_merge"] = dialog.merge_button.isEnabled()

    drive(monkeypatch, qtbot, act)
    window.actions["find_duplicates"].trigger()
    assert seen["unnamed"] == [] and seen["breaks"] == []
    order = seen["order"]
    radios = [i for i, kind in enumerate(order) if kind == "QRadioButton"]
    assert len(radios) == 4 and radios == list(range(radios[0], radios[0] + 4))
    assert radios[-1] < max(i for i, kind in enumerate(order) if kind == "QPushButton")
    assert seen["after_list"] and seen["can_merge"]


def test_the_next_pair_takes_the_place_of_one_kept_apart(folder, make_window, qtbot, monkeypatch):
    for name, again in (("Ann Lee", "A. Lee"), ("Bo Chan", "B. Chan"), ("Cy Young", "C. Young")):
        email = f"{name.split()[0].lower()}@x.example"
        folder.contacts.create(Contact(name=name, emails=[email]))
        folder.contacts.create(Contact(name=again, emails=[email]))
    window = make_window(folder)
    seen = []

    def act(dialog):
        assert dialog.model.rowCount() == 3
        dialog.table.selectRow(1)
        seen.append(dialog.current_pair().a.name)
        qtbot.mouseClick(dialog.not_same, Qt.MouseButton.LeftButton)
        seen.append(dialog.current_pair().a.name)
        seen.append(dialog.view.preview.keep.name)

    drive(monkeypatch, qtbot, act)
    window.actions["find_duplicates"].trigger()
    assert seen[0] != seen[1] and seen[1] == seen[2]  # the next pair, shown
    assert seen[1] not in ("Ann Lee", seen[0])


def test_a_file_that_cannot_be_written_is_said_in_the_dialog(
    folder, make_window, qtbot, monkeypatch, answer_yes
):
    from networking_folder.services import duplicates

    two_anns(folder)
    window = make_window(folder)

    def full_disk(*_args, **_kwargs):
        raise FolderError("The disk is full: nothing was changed.")

    monkeypatch.setattr(duplicates, "merge", full_disk)
    seen = {}

    def act(dialog):
        dialog.view.choose("how_met", "keep")
        dialog.view.choose("rapport", "keep")
        seen["merged"] = dialog.merge()
        seen["problem"] = dialog.problem.text() if dialog.problem.isVisible() else ""

    drive(monkeypatch, qtbot, act)
    window.actions["find_duplicates"].trigger()
    assert seen == {"merged": False, "problem": "Not merged: The disk is full: nothing was changed."}
    assert live_names(folder) == ["Ann Lee", "Ann Lee, CFP®"]
