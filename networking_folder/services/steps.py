"""A step the user can undo and redo, kept as the operations it made (Folder.recording).

Undo applies each operation's inverse, newest first; redo applies them again in order. Each
checks that the record still holds what the step left (or found) in it, so a change made
meanwhile (by another program on the same folder) is never overwritten: the whole undo is
refused instead, and nothing of it is written. Records the step made go to the trash on undo
(one batch), as any made record does, and come back out of it on redo: something made later
may still point at them, and the trash keeps that link whole.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

from networking_folder.store import changelog
from networking_folder.store.changelog import CREATED, PURGED, Operation
from networking_folder.store.errors import FolderError
from networking_folder.store.records import TRASHABLE, now

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

_TRASHABLE = {record._meta.table_name for record in TRASHABLE}


class ChangedMeanwhile(FolderError):
    """The records a step changed were changed again since: undoing it would lose that."""


class RecordedStep:
    def __init__(self, folder: Folder, operations: list[Operation]) -> None:
        self.folder = folder
        self.operations = list(operations)

    def __bool__(self) -> bool:
        return bool(self.operations)

    def undo(self, forget: bool = False) -> None:
        """Take the step back. ``forget``: records it made are removed for good rather than
        put in the trash (a step stopped halfway, which the user never saw done)."""
        from networking_folder.services.folder import Change

        folder = self.folder
        with folder.transaction(*Change):
            conn = folder.connection()
            batch = None
            for op in reversed(self.operations):
                if forget and op.field == CREATED and self._purge_if_free(conn, op):
                    continue
                if op.field == CREATED and op.table in _TRASHABLE and op.new.get("deleted_at") is None:
                    if batch is None:
                        batch = folder.trash.new_batch()
                    stamp = changelog.to_logged(conn, op.table, "deleted_at", _stored_now())
                    self._set(conn, op.table, op.record, "deleted_at", None, stamp)
                    self._set(conn, op.table, op.record, "trash_batch", _current(
                        conn, op.table, op.record, "trash_batch"), batch)
                elif op.field == CREATED:  # (or made in the trash already: an archive's)
                    self._purge(conn, op.table, op.record, op.new)
                elif op.field == PURGED:
                    folder.apply([Operation(op.table, op.record, CREATED, None, op.old)])
                else:
                    self._set(conn, op.table, op.record, op.field, op.new, op.old)

    def redo(self) -> None:
        from networking_folder.services.folder import Change

        folder = self.folder
        with folder.transaction(*Change):
            conn = folder.connection()
            for op in self.operations:
                if op.field == CREATED and _exists(conn, op.table, op.record):
                    # Taken back into the trash by undo: out again, as it was made.
                    for name in ("deleted_at", "trash_batch"):
                        self._set(conn, op.table, op.record, name,
                                  _current(conn, op.table, op.record, name), op.new.get(name))
                elif op.field == CREATED:
                    folder.apply([op])
                elif op.field == PURGED:
                    self._purge(conn, op.table, op.record, op.old)
                else:
                    self._set(conn, op.table, op.record, op.field, op.old, op.new)

    # -- helpers ---------------------------------------------------------------------------
    def _set(self, conn, table: str, record: str, field: str, expected, value) -> None:
        current = _current(conn, table, record, field)
        if _same(current, value):
            return
        if not _same(current, expected):
            raise ChangedMeanwhile(
                "This cannot be undone: what it changed was changed again since (perhaps by "
                "another program on this folder). Nothing was changed."
            )
        self.folder.apply([Operation(table, record, field, current, value)])

    def _purge_if_free(self, conn, op: Operation) -> bool:
        """Remove a record the step made, unless something else refers to it now."""
        savepoint = "nf_forget"
        conn.execute(f"SAVEPOINT {savepoint}")
        try:
            self._purge(conn, op.table, op.record, op.new)
        except sqlite3.IntegrityError:
            conn.execute(f"ROLLBACK TO {savepoint}")
            conn.execute(f"RELEASE {savepoint}")
            return False
        conn.execute(f"RELEASE {savepoint}")
        return True

    def _purge(self, conn, table: str, record: str, expected: dict) -> None:
        """Remove a record that should hold ``expected``: refused when it was changed since
        (a later step's setting, say, that this undo would otherwise take with it)."""
        if not _exists(conn, table, record):
            return
        row = changelog.row_as_logged(conn, table, "uuid = ?", (record,))
        if not _same(row, expected):
            raise ChangedMeanwhile(
                "This cannot be undone: what it made was changed again since (perhaps by "
                "another program on this folder). Nothing was changed."
            )
        self.folder.apply([Operation(table, record, PURGED, row)])


def _exists(conn, table: str, record: str) -> bool:
    return conn.execute(f"SELECT 1 FROM {table} WHERE uuid = ?", (record,)).fetchone() is not None


def _current(conn, table: str, record: str, field: str):
    row = conn.execute(f"SELECT {field} FROM {table} WHERE uuid = ?", (record,)).fetchone()
    if row is None:
        raise ChangedMeanwhile(
            "This cannot be undone: a record it changed is no longer in the folder "
            "(perhaps emptied from the trash). Nothing was changed."
        )
    return changelog.to_logged(conn, table, field, row[0])


def _same(a, b) -> bool:
    # Logged values are JSON-able: compare them as the log would write them.
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _stored_now() -> str:
    return now().isoformat(" ")


class ChunkedWrite:
    """A long change written in short transactions (so the window's draft saves never wait
    behind it), recorded as one step. ``write`` does one item inside a transaction; call
    ``next_chunk`` until it returns False (the window does so between events, the command
    line in a loop). ``cancel`` takes back what was written; so does a failure."""

    def __init__(self, folder: Folder, items: list, write, changes, chunk: int) -> None:
        self.folder = folder
        self.items = items
        self.write = write
        self.changes = tuple(changes)
        self.chunk = max(1, chunk)
        self.done = 0
        self.operations: list[Operation] = []

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def finished(self) -> bool:
        return self.done >= self.total

    def next_chunk(self) -> bool:
        """Write the next chunk; False once everything is written."""
        if self.finished:
            return False
        part = self.items[self.done : self.done + self.chunk]
        try:
            with self.folder.recording() as recorded, self.folder.transaction(*self.changes):
                for item in part:
                    self.write(item)
        except BaseException:
            self.cancel()
            raise
        self.operations += recorded
        self.done += len(part)
        return not self.finished

    def cancel(self) -> None:
        if self.operations:
            RecordedStep(self.folder, self.operations).undo(forget=True)
            self.operations = []
        self.done = 0

    def step(self) -> RecordedStep:
        return RecordedStep(self.folder, self.operations)

    def run(self, progress=None, stop=None) -> RecordedStep | None:
        """All of it at once (the command line, tests); None when ``stop`` said to stop."""
        while not self.finished:
            if stop is not None and stop():
                self.cancel()
                return None
            self.next_chunk()
            if progress is not None:
                try:
                    progress(self.done, self.total)
                except BaseException:
                    self.cancel()
                    raise
        return self.step()
