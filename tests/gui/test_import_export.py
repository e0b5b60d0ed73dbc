"""File → Import contacts… and File → Export… in the real window: the preview before anything
is written, decisions, the progress bar and its Cancel, one step to undo, the mapping of any
other CSV, and a command-line import while the window is open."""

from __future__ import annotations

import json
import os

from PySide6.QtCore import Qt

from networking_folder.domain.model import Contact
from networking_folder.services import Folder, importer
from networking_folder.ui.dialogs import import_dialog
from networking_folder.ui.dialogs.export_dialog import ExportDialog
from networking_folder.ui.dialogs.import_dialog import MAPPING, PREVIEW, WRITING, ImportDialog

CARDS = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Apple\r\nEMAIL:ann@apple.example\r\nORG:Pear Co\r\n"
    b"TITLE:Grower\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Bo Banana\r\nTEL;CELL:202-555-0100\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nEND:VCARD\r\n"
)


def names(folder) -> set[str]:
    return {row.name for row in folder.contacts.rows()}


def drive_import(monkeypatch, qtbot, act):
    """ImportDialog.exec(): shown, waited on until it reaches the preview (or the mapping),
    then ``act(dialog)``; returns the dialogs driven."""
    driven = []

    def exec_(dialog):
        driven.append(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.pages.currentIndex() in (MAPPING, PREVIEW) or not dialog.isVisible())
        act(dialog)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15000)
        dialog.parentWidget().window().activateWindow()
        return dialog.result()

    monkeypatch.setattr(ImportDialog, "exec", exec_)
    return driven


def test_import_previews_then_brings_people_in_as_one_step_to_undo(
    folder, make_window, qtbot, monkeypatch, tmp_path
):
    folder.settings.set("calendar.country", "US")
    ann = folder.contacts.create(Contact(name="Ann Apple", company="Apple Orchards",
                                         emails=["ann@apple.example"]))
    path = tmp_path / "phone.vcf"
    path.write_bytes(CARDS)
    window = make_window(folder)
    seen = {}

    def act(dialog):
        assert dialog.pages.currentIndex() == PREVIEW
        seen["summary"] = dialog.summary.text()
        seen["problems"] = dialog.problems.toPlainText()
        seen["decisions"] = dialog.model.rowCount()
        assert names(folder) == {"Ann Apple"}  # the preview wrote nothing
        qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)

    drive_import(monkeypatch, qtbot, act)
    assert window.import_contacts(path)
    assert "New people: <b>1</b>" in seen["summary"]
    assert "Already in your folder: <b>1</b>" in seen["summary"]
    assert "Need your decision: <b>1</b>" in seen["summary"]
    assert "Card 3: it has no name, email or phone." in seen["problems"]
    assert seen["decisions"] == 1  # the company differs: not taken unless ticked
    assert names(folder) == {"Ann Apple", "Bo Banana"}
    assert folder.contacts.get(ann).company == "Apple Orchards"
    assert folder.contacts.get(ann).profession == "Grower"  # empty: filled
    qtbot.waitUntil(lambda: window.contacts_tab.model.rowCount() == 2)
    assert window.undo_stack.undoText() == "Import phone.vcf"
    window.undo_stack.undo()
    assert names(folder) == {"Ann Apple"}
    assert folder.contacts.get(ann).profession == ""
    window.undo_stack.redo()
    assert names(folder) == {"Ann Apple", "Bo Banana"}


def test_a_ticked_decision_takes_the_files_value(folder, make_window, qtbot, monkeypatch, tmp_path):
    ann = folder.contacts.create(Contact(name="Ann Apple", company="Apple Orchards",
                                         emails=["ann@apple.example"]))
    path = tmp_path / "phone.vcf"
    path.write_bytes(CARDS)
    window = make_window(folder)

    def act(dialog):
        model = dialog.model
        assert model.data(model.index(0, 3)) == "Apple Orchards"
        assert model.data(model.index(0, 4)) == "Pear Co"
        model.setData(model.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)

    drive_import(monkeypatch, qtbot, act)
    window.import_contacts(path)
    assert folder.contacts.get(ann).company == "Pear Co"


def test_cancel_while_writing_leaves_nothing_imported(folder, make_window, qtbot, monkeypatch, tmp_path):
    path = tmp_path / "many.vcf"
    path.write_bytes(b"".join(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person %d\r\nEND:VCARD\r\n" % n for n in range(60)))
    real_writing = importer.writing
    window = make_window(folder)
    progress = []
    driven = []

    def writing_then_cancel(f, p, t=(), chunk=importer.CHUNK):
        # Ten people a chunk; the user clicks Cancel once twenty are in (between chunks, as a
        # click comes between events), so the test does not race the chunks.
        chunked = real_writing(f, p, t, 10)
        real_next_chunk = chunked.next_chunk

        def next_chunk():
            more = real_next_chunk()
            if chunked.done >= 20 and not progress:
                progress.append(chunked.done)
                qtbot.mouseClick(driven[0].cancel_button, Qt.MouseButton.LeftButton)
            return more

        chunked.next_chunk = next_chunk
        return chunked

    monkeypatch.setattr(importer, "writing", writing_then_cancel)

    def act(dialog):
        qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
        assert dialog.pages.currentIndex() == WRITING

    driven = drive_import(monkeypatch, qtbot, act)
    assert not window.import_contacts(path)
    assert progress == [20]  # the import was stopped partway, with 20 of 60 written
    assert driven[0].writing_label.text() == "Stopping, and taking back what was imported…"
    assert names(folder) == set()
    assert window.undo_stack.count() == 0


def test_any_other_csv_asks_for_its_columns_once(folder, make_window, qtbot, monkeypatch, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(b"Who;Firm;Mail\nDee Dee;Dee Corp;dee@corp.example\n")
    window = make_window(folder)
    pages = []

    def act(dialog):
        pages.append(dialog.pages.currentIndex())
        if dialog.pages.currentIndex() == MAPPING:
            boxes = dict(dialog.column_choices)
            assert boxes["Mail"].currentData() == "emails"  # guessed
            qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)  # no name chosen yet
            assert dialog.mapping_error.isVisible()
            boxes["Who"].setCurrentIndex(boxes["Who"].findData("name"))
            boxes["Firm"].setCurrentIndex(boxes["Firm"].findData("company"))
            qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PREVIEW)
        qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)

    drive_import(monkeypatch, qtbot, act)
    window.import_contacts(path)
    assert pages == [MAPPING]
    dee = folder.contacts.get(folder.contacts.rows()[0].id)
    assert (dee.name, dee.company, dee.emails) == ("Dee Dee", "Dee Corp", ["dee@corp.example"])
    # The same columns again: straight to the preview, with the choices remembered.
    path.write_bytes(b"Who;Firm;Mail\nEd Egg;Egg Ltd;ed@egg.example\n")
    window.import_contacts(path)
    assert pages == [MAPPING, PREVIEW]
    assert names(folder) == {"Dee Dee", "Ed Egg"}


def test_an_unreadable_file_is_said_plainly(folder, make_window, qtbot, monkeypatch, tmp_path):
    warned = []
    monkeypatch.setattr(import_dialog.QMessageBox, "warning",
                        lambda parent, title, text: warned.append(text))
    window = make_window(folder)
    dialog = ImportDialog(folder, tmp_path / "missing.vcf", window.worker, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(warned))
    assert "There is no file" in warned[0]
    assert names(folder) == set()


def test_an_import_from_the_command_line_shows_in_the_open_window(folder, make_window, qtbot, tmp_path):
    folder.contacts.create(Contact(name="Cy Cherry"))
    window = make_window(folder)
    assert window.contacts_tab.model.rowCount() == 1
    with Folder.open(folder.directory) as other:  # (another program: its own connection)
        importer.apply(other, importer.plan(other, importer.read_file(CARDS), "x"))
    from networking_folder.store import records

    records.bind(folder.db)  # (the records follow the folder opened last, as in one process)
    qtbot.waitUntil(lambda: window.contacts_tab.model.rowCount() == 3, timeout=10000)
    assert "changed by another program" in window.statusBar().currentMessage()


def test_export_writes_a_private_file_of_the_chosen_kind(folder, make_window, qtbot, monkeypatch, tmp_path):
    folder.contacts.create(Contact(name="Ann Apple", emails=["ann@apple.example"]))
    window = make_window(folder)
    target = tmp_path / "out" / "archive.json"
    target.parent.mkdir()
    monkeypatch.setattr(ExportDialog, "choose_target", lambda self, name, f: str(target))
    dialog = ExportDialog(folder, window.clock(), window)
    qtbot.addWidget(dialog)
    dialog.findChild(type(dialog.choices.button(0)), "export_json").setChecked(True)
    dialog.export()
    archive = json.loads(target.read_text(encoding="utf-8"))
    assert [c["name"] for c in archive["records"]["contact"]] == ["Ann Apple"]
    assert os.stat(target).st_mode & 0o777 == 0o600
    assert "Wrote" in window.statusBar().currentMessage()


def test_settings_choose_the_calendar_feed_and_changes_rewrite_it(
    folder, make_window, qtbot, drive_dialog, tmp_path
):
    from networking_folder.domain.model import FollowUp
    from networking_folder.ui.dialogs.settings_dialog import SettingsDialog

    folder.contacts.create(Contact(name="Ann Apple"))
    window = make_window(folder)
    feed = tmp_path / "cal" / "networking.ics"
    feed.parent.mkdir()
    drive_dialog(SettingsDialog, lambda d: d.feed_path.setText(str(feed)))
    window.edit_settings()
    folder.follow_ups.create(FollowUp("Call Ann about the lunch", window.clock()))
    qtbot.waitUntil(lambda: feed.exists() and b"Call Ann about the lunch" in feed.read_bytes(),
                    timeout=10000)
    assert os.stat(feed).st_mode & 0o777 == 0o600
    # A place that cannot be: said at the field, the dialog stays open.
    driven = drive_dialog(SettingsDialog, lambda d: d.feed_path.setText(str(tmp_path / "nowhere" / "x.ics")))
    window.edit_settings()
    dialog = driven.driven[-1] if hasattr(driven, "driven") else None
    assert dialog is None or dialog.result() == 0


def test_add_to_calendar_opens_one_event_of_the_follow_up(folder, make_window, qtbot, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from networking_folder.domain.model import FollowUp
    from tests.gui.helpers import select_row_with

    ann = folder.contacts.create(Contact(name="Ann Apple"))
    made = folder.follow_ups.create(FollowUp("Send Ann the proposal", contact_id=ann,
                                             due=__import__("datetime").date.today()))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    window = make_window(folder, tab="follow_ups_tab")
    window.follow_ups_tab.ensure_loaded()
    qtbot.waitUntil(lambda: window.follow_ups_tab.model.rowCount() > 0)
    select_row_with(qtbot, window.follow_ups_tab, "Send Ann the proposal", column=2)  # (What)
    assert window.actions["add_to_calendar"].isEnabled()
    window.actions["add_to_calendar"].trigger()
    (path,) = opened
    text = __import__("pathlib").Path(path).read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 1 and "Send Ann the proposal" in text
    assert folder.query("SELECT uuid FROM follow_up WHERE id = ?", (made,))[0][0] in text


def test_a_one_to_one_opened_from_the_timeline_goes_to_the_calendar(
    folder, make_window, qtbot, monkeypatch
):
    import datetime as dt
    from pathlib import Path

    from PySide6.QtGui import QDesktopServices

    from networking_folder.domain.model import InteractionKind, Note
    from networking_folder.ui.dialogs.note_dialog import NoteDialog

    ann = folder.contacts.create(Contact(name="Ann Apple"))
    held = folder.notes.create(Note("Talked about her ideal client", contact_id=ann,
                                    kind=InteractionKind.ONE_TO_ONE,
                                    at=dt.datetime(2026, 11, 20, 8, 30)))  # fmt: skip
    call = folder.notes.create(Note("Quick call", contact_id=ann, kind=InteractionKind.CALL))
    opened, buttons = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)

    def exec_(dialog):
        button = getattr(dialog, "calendar_button", None)
        buttons.append(button)
        if button is not None:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return 0

    monkeypatch.setattr(NoteDialog, "exec", exec_)
    window = make_window(folder)
    from tests.gui.helpers import select_row_with

    page = window.contacts_tab.page  # Ann's page, and her timeline on it
    select_row_with(qtbot, window.contacts_tab, "Ann Apple")
    qtbot.waitUntil(lambda: page.showing() == "Ann Apple" and page.content.isVisible())
    assert f"entry:note/{held}" in page.timeline.text()
    page.timeline.linkActivated.emit(f"entry:note/{call}")  # (only a one-to-one is an event)
    page.timeline.linkActivated.emit(f"entry:note/{held}")
    assert buttons[0] is None and buttons[1] is not None
    (path,) = opened
    text = Path(path).read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 1 and "One-to-one with Ann Apple" in text
    import icalendar

    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert (start.date(), start.hour, start.minute) == (dt.date(2026, 11, 20), 8, 30)
    assert folder.query("SELECT uuid FROM note WHERE id = ?", (held,))[0][0] in text


def test_when_no_calendar_program_opens_the_event_the_window_says_where_it_is(
    folder, make_window, qtbot, monkeypatch
):
    import datetime as dt
    from pathlib import Path

    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    from networking_folder.domain.model import InteractionKind, Note

    ann = folder.contacts.create(Contact(name="Ann Apple"))
    held = folder.notes.create(Note("Coffee", contact_id=ann, kind=InteractionKind.ONE_TO_ONE,
                                    at=dt.datetime(2026, 11, 20, 8, 30)))  # fmt: skip
    said = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)  # no calendar program
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, title, text: said.append(text))
    window = make_window(folder)
    target = window.open_in_calendar("note", held)
    (text,) = said
    assert str(target) in text and "Import" in text
    assert Path(target).read_text(encoding="utf-8").count("BEGIN:VEVENT") == 1
