"""Automatic backups: when the folder opens (if it changed since the last backup), every 30
minutes while changes are being made, and when the window closes. Taken on the worker
thread; a failure is said in the status bar, never in a box that blocks work."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from networking_folder.services import Folder
from networking_folder.store.backup import unique_path
from networking_folder.store.errors import FolderDamaged

if TYPE_CHECKING:
    from networking_folder.ui.worker import Worker

INTERVAL_MS = 30 * 60 * 1000


class BackupScheduler(QObject):
    message = Signal(str)

    def __init__(self, folder: Folder, worker: Worker, parent=None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.worker = worker
        self.running = False
        self.started = False  # start() has run: the backup on opening was considered
        self.closed = False  # on_close() has run: nothing more is queued
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.backup_if_changed)

    def start(self) -> None:
        if self.closed:  # the window closed before its first paint's work came round
            return
        self.started = True
        self.backup_if_changed()
        self.timer.start()

    def _target(self):
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        return unique_path(self.folder.backups.directory / f"networking-folder-{stamp}.sqlite3")

    def backup_if_changed(self) -> None:
        if self.closed or self.running or not self.folder.needs_backup():
            return
        from networking_folder.services.backups import take_backup  # (after the first paint)

        self.running = True
        at_change = self.folder.change_count()
        source, target, today = self.folder.path, self._target(), dt.date.today()
        queued = self.worker.submit(
            lambda: take_backup(source, target, thin_today=today),
            on_done=lambda path: self._done(at_change, path),
            on_error=self._failed,
        )
        if queued.cancelled():  # a worker already shut down takes nothing more
            self.running = False

    def _done(self, at_change: int, path) -> None:
        self.running = False
        self.folder.backup_done(at_change)
        self.message.emit(f"Backup saved: {path.name}")

    def _failed(self, exc: Exception) -> None:
        self.running = False
        if isinstance(exc, FolderDamaged):  # never copy a damaged file over the good backups
            self.timer.stop()
            self.message.emit(f"⚠ Automatic backups stopped, so the good ones stay: {exc}")
            return
        self.message.emit(f"⚠ The automatic backup failed: {exc}")

    def on_close(self) -> None:
        """The last backup, on the way out (waits for one already running)."""
        self.closed = True
        self.timer.stop()
        self.worker.shutdown()
        if self.folder.needs_backup():
            from networking_folder.services.backups import take_backup

            at_change = self.folder.change_count()
            try:
                take_backup(self.folder.path, self._target(), thin_today=dt.date.today())
                self.folder.backup_done(at_change)
            except Exception as exc:  # never stop the window from closing
                self.message.emit(f"⚠ The backup on closing failed: {exc}")
