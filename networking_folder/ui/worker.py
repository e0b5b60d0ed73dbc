"""One serialized worker thread for slow work (backups), so the window never waits on it.

Results come back on the main thread: the signals are received by this object, which
lives there, so Qt queues them across threads. The work gets no peewee connection: it
opens what it needs itself (a sqlite3 connection of its own, for a backup).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal


def _ignore(_value: object) -> None:
    return None


class Worker(QObject):
    _finished = Signal(object, object)  # callback, result
    _failed = Signal(object, object)  # callback, exception

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="networking-folder-worker"
        )
        self._finished.connect(self._deliver)
        self._failed.connect(self._deliver)
        self.pending = 0

    def submit(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> Future:
        self.pending += 1

        def run() -> None:
            try:
                result = work()
            except Exception as exc:  # handed to on_error on the main thread
                self._failed.emit(on_error or _ignore, exc)
            else:
                self._finished.emit(on_done or _ignore, result)

        return self._pool.submit(run)

    def _deliver(self, callback: Callable[[Any], None], value: object) -> None:
        self.pending -= 1
        callback(value)

    def shutdown(self) -> None:
        """Wait for what is running to finish (called before the folder closes)."""
        self._pool.shutdown(wait=True)
