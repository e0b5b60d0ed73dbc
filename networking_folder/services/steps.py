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

    def undo(self) -> None:
        from networking_folder.services.folder import Change

        folder = self.folder
        with folder.transaction(*Change):
            conn = folder.db.connection()
            batch = None
            for op in reversed(self.operations):
                if op.field == CREATED and op.table in _TRASHABLE:
                    if batch is None:
                        batch = folder.trash.new_batch()
                    stamp = changelog.to_logged(conn, op.table, "deleted_at", _stored_now())
                    self._set(conn, op.table, op.record, "deleted_at", None, stamp)
                    self._set(conn, op.table, op.record, "trash_batch", _current(
                        conn, op.table, op.record, "trash_batch"), batch)
                elif op.field == CREATED:
                    self._purge(conn, op.table, op.record)
                elif op.field == PURGED:
                    folder.apply([Operation(op.table, op.record, CREATED, None, op.old)])
                else:
                    self._set(conn, op.table, op.record, op.field, op.new, op.old)

    def redo(self) -> None:
        from networking_folder.services.folder import Change

        folder = self.folder
        with folder.transaction(*Change):
            conn = folder.db.connection()
            for op in self.operations:
                if op.field == CREATED and _exists(conn, op.table, op.record):
                    # Taken back into the trash by undo: out again, as it was made.
                    for name in ("deleted_at", "trash_batch"):
                        self._set(conn, op.table, op.record, name,
                                  _current(conn, op.table, op.record, name), op.new.get(name))
                elif op.field == CREATED:
                    folder.apply([op])
                elif op.field == PURGED:
                    self._purge(conn, op.table, op.record)
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

    def _purge(self, conn, table: str, record: str) -> None:
        if not _exists(conn, table, record):
            return
        row = changelog.row_as_logged(conn, table, "uuid = ?", (record,))
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
