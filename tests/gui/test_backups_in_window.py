"""Automatic backups from the window: on open if changed, every 30 minutes if changed, on close."""

from __future__ import annotations

import threading

from networking_folder.domain.model import Contact
from networking_folder.services import Folder
from networking_folder.ui import backup_scheduler


def backups(folder):
    return [b.path.name for b in folder.backups.all()]


def test_backups_on_open_on_change_and_on_close_off_the_ui_thread(
    qtbot, tmp_path, make_window, monkeypatch
):
    threads = []
    real = backup_scheduler.take_backup

    def spy(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(backup_scheduler, "take_backup", spy)
    folder = Folder.open(tmp_path / "f")
    folder.contacts.create(Contact(name="Ann Lee"))
    window = make_window(folder)
    qtbot.waitUntil(lambda: len(backups(folder)) == 1, timeout=5000)
    qtbot.waitUntil(lambda: not window.backups.running)
    assert threads == [False], "taken on the worker thread"
    assert not folder.needs_backup()
    assert "Backup saved" in window.statusBar().currentMessage()

    window.backups.backup_if_changed()  # the 30-minute timer, nothing new
    assert len(backups(folder)) == 1 and len(threads) == 1

    folder.contacts.create(Contact(name="Ben Carter"))
    assert folder.needs_backup()
    window.backups.backup_if_changed()  # the 30-minute timer, something new
    qtbot.waitUntil(lambda: not window.backups.running and not folder.needs_backup(), timeout=5000)

    folder.contacts.create(Contact(name="Chloé Martin"))
    window.close()  # the backup on closing
    assert not folder.needs_backup()
    folder.close()


def test_no_backup_on_open_when_nothing_changed(qtbot, tmp_path, make_window):
    folder = Folder.open(tmp_path / "f")
    folder.contacts.create(Contact(name="Ann Lee"))
    folder.backups.make()
    folder.backup_done(folder.change_count())
    window = make_window(folder)
    qtbot.wait(300)
    assert len(backups(folder)) == 1 and not window.backups.running
    window.close()
    assert len(backups(folder)) == 1, "nothing changed, so no backup on closing either"
    folder.close()


def test_restore_from_backup_through_the_dialog(qtbot, tmp_path, make_window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from networking_folder.ui.dialogs.restore_dialog import RestoreDialog
    from tests.gui.helpers import visible_column

    folder = Folder.open(tmp_path / "f")
    folder.contacts.create(Contact(name="In the backup"))
    folder.backups.make()
    folder.backup_done(folder.change_count())
    window = make_window(folder)
    folder.contacts.create(Contact(name="Made later"))
    qtbot.waitUntil(lambda: "Made later" in visible_column(window.contacts_tab, 0))
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes,
    )
    seen = {}

    def drive(dialog):
        seen["listed"] = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        dialog.list.setCurrentRow(0)
        dialog.restore_selected()
        return dialog.result()

    monkeypatch.setattr(RestoreDialog, "exec", drive)
    window.actions["restore"].trigger()
    assert "1 contacts" in seen["listed"][0] or "1 contact" in seen["listed"][0]
    assert (
        "Changes made after that time will be gone" in asked[0]
        and "kept as a backup first" in asked[0]
    )
    qtbot.waitUntil(lambda: visible_column(window.contacts_tab, 0) == ["In the backup"])
    assert any(b.why == "before-restore" for b in folder.backups.all()), "what was there is kept"
    assert not window.undo_stack.canUndo()
    folder.contacts.create(Contact(name="After the restore"))  # and the folder works on
    window.close()
    folder.close()
