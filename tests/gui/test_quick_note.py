"""The quick note through the real window, and drafts that survive a crash."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from networking_folder.domain.model import Contact, FollowUpState, InteractionKind
from networking_folder.services import Folder
from networking_folder.ui.dialogs.quick_note import QuickNoteWindow
from tests.gui.helpers import type_into, type_text


def note_window(qtbot, window) -> QuickNoteWindow:
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    (note,) = window.note_windows
    qtbot.waitExposed(note)
    note.activateWindow()
    qtbot.waitUntil(note.isActiveWindow)
    return note


def test_quick_note_with_a_new_contact_and_a_next_step(qtbot, folder, make_window):
    window = make_window(folder)
    note = note_window(qtbot, window)
    type_into(qtbot, note.contact.edit, "Nora Hughes")
    note.kind.setCurrentIndex(note.kind.findData(InteractionKind.CALL.value))
    type_into(qtbot, note.body, "Called Nora — she wants a retirement plan review. 🙂 Ελληνικά")
    type_into(qtbot, note.next_step, "Send Nora the review checklist")
    assert note.has_due.isChecked(), "typing a next step gives it a due date"
    qtbot.keyClick(note.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.note_windows)
    (nora,) = folder.contacts.find_by_name("Nora Hughes")
    (saved,) = folder.notes.for_contact(nora.id)
    assert saved.body == "Called Nora — she wants a retirement plan review. 🙂 Ελληνικά"
    assert saved.kind is InteractionKind.CALL
    (step,) = [r for r in folder.follow_ups.rows() if r.title == "Send Nora the review checklist"]
    assert step.contact == "Nora Hughes" and step.state is FollowUpState.OPEN
    assert step.due == dt.date.today() + dt.timedelta(days=1)
    assert folder.drafts.all() == [], "a saved note is no longer a draft"


def test_the_draft_is_kept_as_you_type_and_escape_asks_first(
    qtbot, folder, make_window, monkeypatch
):
    ann = folder.contacts.create(Contact(name="Ann Lee"))
    window = make_window(folder)
    note = note_window(qtbot, window)
    type_into(qtbot, note.contact.edit, "Ann Lee")
    type_text(qtbot, note.body, "Half a thought")
    # (Kept a moment after the last key; the wait allows a slow disk, not a slow design.)
    qtbot.waitUntil(lambda: [d.body for d in folder.drafts.all()] == ["Half a thought"])
    assert folder.drafts.all()[0].contact_id == ann
    assert folder.counts()["notes"] == 0, "a draft is not a note"

    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answers.pop(0)
    )
    qtbot.keyClick(note.body, Qt.Key.Key_Escape)
    assert note.isVisible() and "Throw this note away?" in asked[0]
    qtbot.keyClick(note.body, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.note_windows)
    assert folder.drafts.all() == []


def test_an_empty_note_is_refused_at_the_field(qtbot, folder, make_window):
    window = make_window(folder)
    note = note_window(qtbot, window)
    note.save()
    assert note.isVisible()
    assert "empty" in note.errors.message("body")
    note.discard()


CHILD = textwrap.dedent("""
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    from PySide6.QtTest import QTest
    from networking_folder.services import Folder
    from networking_folder.ui.dialogs.quick_note import QuickNoteWindow
    app = QApplication([])
    folder = Folder.open(sys.argv[1])
    window = QuickNoteWindow(folder)
    window.show()
    QTest.keyClicks(window.body, "The first part of the call.")
    while not folder.drafts.all():  # however long the autosave takes on a busy machine
        app.processEvents()
        time.sleep(0.02)
    print("KEPT", flush=True)
    for n, letter in enumerate(" And then she said" * 50):  # still typing when the kill comes
        QTest.keyClicks(window.body, letter)
        app.processEvents()
        if n == 5:
            print("TYPING", flush=True)
        time.sleep(0.02)
""")


def test_a_draft_survives_sigkill_mid_typing_and_is_offered_back(qtbot, tmp_path, monkeypatch):
    from networking_folder.ui.main_window import MainWindow

    Folder.open(tmp_path / "f").close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path / "f")],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdout.readline().strip() == "KEPT"
        assert child.stdout.readline().strip() == "TYPING"  # mid-typing
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL

    folder = Folder.open(tmp_path / "f")
    try:
        (draft,) = folder.drafts.all()
        assert draft.body.startswith("The first part of the call.")
        assert folder.counts()["notes"] == 0

        asked = []

        def click_open(box):
            asked.append(box.text())
            next(b for b in box.buttons() if b.text() == "&Open").click()
            return 0

        monkeypatch.setattr(QMessageBox, "exec", click_open)
        window = MainWindow(folder)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: len(window.note_windows) == 1)
        assert asked == ["You have 1 unsaved note from before."]
        assert window.note_windows[0].body.toPlainText() == draft.body
        window.note_windows[0].save()
        qtbot.waitUntil(lambda: folder.counts()["notes"] == 1)
        assert folder.drafts.all() == []
    finally:
        window.close()
        folder.close()


def test_log_an_event_with_new_people_through_the_dialog(qtbot, folder, make_window, monkeypatch):
    from networking_folder.domain.model import FollowUpKind
    from networking_folder.ui.dialogs.event_dialog import EventDialog

    folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))

    def drive(dialog):
        dialog.show()
        type_into(qtbot, dialog.name, "Chamber mixer")
        for name in ("Maria Alvarez", "Omar Farouk", "Chloé Martin"):
            type_into(qtbot, dialog.picker.edit, name)
            qtbot.keyClick(dialog.picker.edit, Qt.Key.Key_Return)
        assert [dialog.people.item(i).text() for i in range(dialog.people.count())] == [
            "Maria Alvarez",
            "Omar Farouk (new)",
            "Chloé Martin (new)",
        ]
        assert dialog.isVisible(), "Enter adds a person; it does not save the dialog"
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(EventDialog, "exec", drive)
    window = make_window(folder)
    window.actions["event"].trigger()
    firsts = sorted(
        r.contact for r in folder.follow_ups.rows() if r.kind is FollowUpKind.FIRST_CONTACT
    )
    assert firsts == ["Chloé Martin", "Omar Farouk"]
    assert folder.counts()["notes"] == 3 and folder.counts()["contacts"] == 3


def test_log_a_one_to_one_opens_a_quick_note_set_for_it(qtbot, folder, make_window):
    window = make_window(folder)
    window.actions["one_to_one"].trigger()
    (note,) = window.note_windows
    assert note.kind.currentData() == InteractionKind.ONE_TO_ONE.value
    note.close()


def test_tab_goes_from_the_date_straight_to_the_note(qtbot, folder, make_window):
    window = make_window(folder)
    note = note_window(qtbot, window)
    note.when.setFocus()
    qtbot.waitUntil(note.when.hasFocus)
    qtbot.keyClick(note.when, Qt.Key.Key_Tab)
    assert note.body.hasFocus(), "one Tab, not one per part of the date"
    note.discard()


def test_a_next_step_about_a_referrals_prospect_is_linked_to_that_referral(folder):
    from networking_folder.domain.model import Direction, Note, Referral

    maria = folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    ben = folder.contacts.create(Contact(name="Ben Carter"))
    referral = folder.referrals.create(Referral(Direction.RECEIVED, maria, ben, dt.date(2026, 11, 20)))
    folder.notes.log(
        Note("Called Ben: wants a review", contact_id=ben),
        next_step="Send Ben the review checklist",
        next_due=dt.date(2026, 11, 27),
    )
    (step,) = [f for f in folder.follow_ups.due_by(dt.date(2026, 12, 31)) if f.title.startswith("Send Ben")]
    assert step.referral_id == referral
