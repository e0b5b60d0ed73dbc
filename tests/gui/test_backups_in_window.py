"""Automatic backups from the window: on open if changed, every 30 minutes if changed, on close."""

from __future__ import annotations

import threading

from networking_folder.domain.model import Contact
from networking_folder.services import Folder
from networking_folder.services import backups as backup_service
from networking_folder.ui import backup_scheduler


def backups(folder):
    return [b.path.name for b in folder.backups.all()]


def test_backups_on_open_on_change_and_on_close_off_the_ui_thread(
    qtbot, tmp_path, make_window, monkeypatch
):
    threads = []
    real = backup_service.take_backup

    def spy(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(backup_service, "take_backup", spy)  # (looked up when a backup is taken)
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


def test_no_backup_on_open_when_nothing_changed(qtbot, tmp_path, make_window, monkeypatch):
    folder = Folder.open(tmp_path / "f")
    folder.contacts.create(Contact(name="Ann Lee", cadence_days=30))  # the daily rules look
    folder.backups.make()
    folder.backup_done(folder.change_count())
    taken = []
    real = backup_service.take_backup
    monkeypatch.setattr(
        backup_service, "take_backup", lambda *a, **k: taken.append(a) or real(*a, **k)
    )
    changes = folder.change_count()
    window = make_window(folder)  # it waits until the backup on opening was considered
    assert window.backups.started and not window.backups.running
    # The day's rules ran and made nothing: that is no change, and no reason for a backup
    # (one was taken at every opening, a copy of the whole file each time).
    assert folder.change_count() == changes
    assert taken == [] and len(backups(folder)) == 1
    window.close()
    assert taken == [] and len(backups(folder)) == 1, "nor on closing"
    folder.close()


def test_restore_from_backup_through_the_dialog(
    qtbot, tmp_path, make_window, monkeypatch, busy_machine
):
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


def test_work_submitted_after_shutdown_is_dropped_not_raised(qtbot):
    """A timer that fires after the window closed used to hit "cannot schedule new futures
    after shutdown" in a slot."""
    from networking_folder.ui.worker import Worker

    worker = Worker()
    worker.shutdown()
    called = []
    future = worker.submit(lambda: called.append("ran"), on_done=called.append)
    assert future.cancelled() and worker.pending == 0
    assert called == []


def test_results_finished_before_shutdown_are_delivered_during_it(qtbot):
    """Not later, from the event queue, when the folder may already be closed or replaced."""
    from networking_folder.ui.worker import Worker

    worker = Worker()
    delivered = []
    worker.submit(lambda: 42, on_done=delivered.append)
    worker.submit(lambda: 1 / 0, on_error=lambda exc: delivered.append(type(exc).__name__))
    worker.shutdown()  # no event processing between submit and here
    assert delivered == [42, "ZeroDivisionError"] and worker.pending == 0


def test_a_backup_running_at_close_counts_and_is_not_taken_twice(qtbot, tmp_path, monkeypatch):
    from networking_folder.ui.worker import Worker

    taken = []
    real = backup_service.take_backup

    def spy(source, target, **kwargs):
        taken.append(target)
        return real(source, target, **kwargs)

    monkeypatch.setattr(backup_service, "take_backup", spy)  # (looked up when a backup is taken)
    folder = Folder.open(tmp_path / "f")
    folder.contacts.create(Contact(name="Ann Lee"))
    scheduler = backup_scheduler.BackupScheduler(folder, Worker())
    scheduler.start()  # the backup on opening, on the worker...
    scheduler.on_close()  # ...and the window closes before its result came back
    assert len(taken) == 1, "the backup on opening covered everything: none more at close"
    assert not folder.needs_backup() and not scheduler.running
    folder.close()


def test_a_window_closed_before_its_first_backup_queues_nothing(qtbot, tmp_path, monkeypatch):
    """On a busy machine the window's first paint queues start_day, and the window can close
    before it comes round: then it must neither raise nor restart the backup timer."""
    from networking_folder.ui.main_window import MainWindow

    folder = Folder.open(tmp_path / "f")
    folder.contacts.create(Contact(name="Ann Lee"))
    window = MainWindow(folder)
    qtbot.addWidget(window)
    window.show()
    window.close()  # before any event ran: the backup on closing is taken here
    assert backups(folder) and not folder.needs_backup()
    folder.contacts.create(Contact(name="Ben Carter"))  # so a backup would be wanted

    window.start_day()  # what the first paint queued, coming round late
    assert not window.backups.running and not window.backups.timer.isActive()
    assert window.worker.pending == 0
    window.backups.backup_if_changed()  # and the 30-minute timer, had it been running
    assert not window.backups.running and window.worker.pending == 0
    folder.close()
