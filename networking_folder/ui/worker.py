"""One serialized worker thread for slow work (backups), so the window never waits on it.

Results come back on the main thread: the signals are received by this object, which
lives there, so Qt queues them across threads. The work gets no peewee connection: it
opens what it needs itself (a sqlite3 connection of its own, for a backup).

Once shut down (the window is closing, or a restore is about to replace the file), nothing
more runs: a late ``submit`` (a timer that fired after the window closed) is dropped, and
results already finished are handed over during ``shutdown``, while the folder is still open,
never afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor


def _ignore(_value: object) -> None:
    return None


class Worker(QObject):
    _finished = Signal(object, object)  # callback, result
    _failed = Signal(object, object)  # callback, exception

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._pool: ThreadPoolExecutor | None = None  # made with the first work (start-up)
        self._finished.connect(self._deliver)
        self._failed.connect(self._deliver)
        self.pending = 0
        self.closed = False

    def submit(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> Future:
        from concurrent.futures import Future, ThreadPoolExecutor

        if self.closed:  # too late: the folder is closing; the work is dropped, not raised
            dropped: Future = Future()
            dropped.cancel()
            return dropped
        self.pending += 1
        if self._pool is None:
            self._pool = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="networking-folder-worker"
            )

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
        """Wait for what is running to finish and hand over its result (called before the
        folder closes); anything submitted afterwards is dropped."""
        self.closed = True
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        # The results wait in the event queue as queued calls to this object: deliver them
        # now, or they would arrive after the folder has closed (or been replaced).
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
