"""Every change the user makes is one undo step (issue 10, item 6): quick notes, one-to-ones,
events and restores from the trash too; only the one-way actions end the history, and they
say so first."""

from __future__ import annotations

from PySide6.QtCore import Qt

from networking_folder.domain.model import Contact
from tests.gui.helpers import type_into, type_text
from tests.gui.test_quick_note import note_window


def names(folder):
    return sorted(r.name for r in folder.contacts.rows())


def test_a_quick_note_with_a_new_person_and_a_next_step_is_one_undo_step(
    qtbot, folder, make_window
):
    window = make_window(folder)
    note = note_window(qtbot, window)
    type_into(qtbot, note.contact.edit, "Priya Raman")
    type_text(qtbot, note.body, "Met at the mixer; wants a refinance quote.")
    note.next_step.setText("Send Priya the rates")
    note.has_due.setChecked(True)
    note.save()
    qtbot.waitUntil(lambda: folder.counts()["notes"] == 1)
    assert names(folder) == ["Priya Raman"] and folder.counts()["follow_ups"] == 1
    assert window.undo_stack.undoText() == "Save Note note"
    window.actions["undo"].trigger()
    assert folder.counts()["notes"] == 0 and names(folder) == []
    assert folder.counts()["follow_ups"] == 0, "its next step went with it"
    window.actions["redo"].trigger()
    assert folder.counts()["notes"] == 1 and names(folder) == ["Priya Raman"]
    assert folder.counts()["follow_ups"] == 1


def test_a_one_to_one_is_undoable(qtbot, folder, make_window):
    folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    window = make_window(folder)
    window.actions["one_to_one"].trigger()
    (note,) = window.note_windows
    qtbot.waitExposed(note)
    type_into(qtbot, note.contact.edit, "Maria Alvarez")
    type_text(qtbot, note.body, "Learned her ideal client: relocating families.")
    note.save()
    qtbot.waitUntil(lambda: folder.counts()["notes"] == 1)
    window.actions["undo"].trigger()
    assert folder.counts()["notes"] == 0 and names(folder) == ["Maria Alvarez"]


def test_an_event_with_new_people_is_one_undo_step(qtbot, folder, make_window, monkeypatch):
    from networking_folder.ui.dialogs.event_dialog import EventDialog

    folder.contacts.create(Contact(name="Maria Alvarez"))

    def drive(dialog):
        dialog.show()
        type_into(qtbot, dialog.name, "Chamber mixer")
        for name in ("Maria Alvarez", "Omar Farouk"):
            type_into(qtbot, dialog.picker.edit, name)
            qtbot.keyClick(dialog.picker.edit, Qt.Key.Key_Return)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(EventDialog, "exec", drive)
    window = make_window(folder)
    window.actions["event"].trigger()
    assert names(folder) == ["Maria Alvarez", "Omar Farouk"]
    assert folder.counts()["notes"] == 2 and folder.counts()["follow_ups"] == 1
    assert window.undo_stack.undoText() == "Save event"
    window.actions["undo"].trigger()
    assert names(folder) == ["Maria Alvarez"], "the new person went with the event"
    assert folder.counts()["notes"] == 0 and folder.counts()["follow_ups"] == 0
    window.actions["redo"].trigger()
    assert names(folder) == ["Maria Alvarez", "Omar Farouk"]
    assert folder.counts()["notes"] == 2


def test_opening_the_trash_keeps_the_history_and_a_restore_is_undoable(
    qtbot, folder, make_window, monkeypatch, answer_yes
):
    from networking_folder.ui.dialogs.trash_dialog import TrashDialog

    ann = folder.contacts.create(Contact(name="Ann Lee"))
    window = make_window(folder)
    window.contacts_tab.select_id(ann)
    window.actions["delete"].trigger()
    assert names(folder) == []
    steps = window.undo_stack.count()

    monkeypatch.setattr(TrashDialog, "exec", lambda d: 0)  # opened, looked at, closed
    window.actions["trash"].trigger()
    assert window.undo_stack.count() == steps, "looking at the trash changes nothing"

    def restore_ann(dialog):
        dialog.list.item(0).setSelected(True)
        qtbot.mouseClick(dialog.restore, Qt.MouseButton.LeftButton)
        return 0

    monkeypatch.setattr(TrashDialog, "exec", restore_ann)
    window.actions["trash"].trigger()
    assert names(folder) == ["Ann Lee"]
    assert window.undo_stack.undoText() == "Restore from the trash"
    window.actions["undo"].trigger()
    assert names(folder) == []
    window.actions["undo"].trigger()  # and the delete before it, too
    assert names(folder) == ["Ann Lee"]


def test_emptying_the_trash_asks_says_undo_stops_there_then_ends_the_history(
    qtbot, folder, make_window, monkeypatch, answer_yes
):
    from networking_folder.ui.dialogs.trash_dialog import TrashDialog

    ann = folder.contacts.create(Contact(name="Ann Lee"))
    window = make_window(folder)
    window.contacts_tab.select_id(ann)
    window.actions["delete"].trigger()
    assert window.undo_stack.count() == 1
    asked = answer_yes

    def empty(dialog):
        qtbot.mouseClick(dialog.empty, Qt.MouseButton.LeftButton)
        return 0

    monkeypatch.setattr(TrashDialog, "exec", empty)
    window.actions["trash"].trigger()
    assert "cannot be undone" in asked[-1] and "Undo will no longer reach back" in asked[-1]
    assert window.undo_stack.count() == 0


def test_undo_and_redo_keep_short_labels_and_say_the_action_in_a_tooltip(
    qtbot, folder, make_window, answer_yes
):
    ann = folder.contacts.create(Contact(name="Ann Lee with a rather long name indeed"))
    window = make_window(folder)
    undo, redo = window.actions["undo"], window.actions["redo"]
    assert not undo.isEnabled() and not redo.isEnabled()
    window.contacts_tab.select_id(ann)
    window.actions["delete"].trigger()
    assert undo.isEnabled() and undo.text() == "&Undo"
    assert undo.toolTip().startswith("Undo: Delete") and "Ann Lee" in undo.toolTip()
    undo.trigger()
    assert redo.isEnabled() and redo.text() == "&Redo" and redo.toolTip().startswith("Redo: Delete")


def test_emptying_the_trash_says_what_stays_for_the_records_and_until_when(
    qtbot, folder, make_window, monkeypatch, answer_yes
):
    import datetime as dt

    from PySide6.QtWidgets import QMessageBox

    from networking_folder.domain.model import Note
    from networking_folder.services.trash import years_after
    from networking_folder.ui.dialogs.trash_dialog import TrashDialog
    from networking_folder.ui.formatting import format_date

    ann = folder.contacts.create(Contact(name="Ann Lee"))
    folder.notes.create(Note("Coffee; she wants a plan", contact_id=ann))
    folder.contacts.delete([ann])
    window = make_window(folder)
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text: said.append((title, text)))

    def empty(dialog):
        qtbot.mouseClick(dialog.empty, Qt.MouseButton.LeftButton)
        return 0

    monkeypatch.setattr(TrashDialog, "exec", empty)
    window.actions["trash"].trigger()
    ((title, text),) = said
    until = format_date(years_after(dt.date.today(), 5))
    assert title == "Kept for your records"
    assert text.startswith("1 note stayed in the trash, with the people they name")
    assert f"can be removed on {until}" in text
    assert folder.query("SELECT count(*) FROM note")[0][0] == 1
