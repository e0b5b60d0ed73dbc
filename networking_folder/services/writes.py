"""How the services change records: each change becomes operations (store/changelog.py),
applied through the one ``apply`` and logged in the same transaction.

The services speak in Peewee's field names and Python values (dates, flags); here they become
the columns and the values SQLite keeps, so the log holds exactly what the file holds and a
replay of it gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import peewee as pw

from networking_folder.store import changelog
from networking_folder.store.changelog import CREATED, PURGED, Operation
from networking_folder.store.identity import new_uuid

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder
    from networking_folder.store.records import Record


def stored(field: pw.Field, value: Any) -> Any:
    """A Python value as SQLite keeps it (as the sqlite3 module's adapters wrote it before)."""
    value = field.db_value(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return value


class Writes:
    def __init__(self, folder: Folder) -> None:
        self.folder = folder

    # -- Peewee's names to the table's ------------------------------------------------------
    @staticmethod
    def _field(model: type[Record], key: str) -> pw.Field:
        fields = model._meta.fields
        if key in fields:
            return fields[key]
        for field in fields.values():
            if field.column_name == key:
                return field
        raise KeyError(f"{model._meta.table_name} has no field {key}")

    def _columns(self, model: type[Record], values: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for key, value in values.items():
            field = self._field(model, key)
            out[field.column_name] = stored(field, value)
        return out

    @staticmethod
    def _table(model: type[Record]) -> str:
        return model._meta.table_name

    def _logged(self, table: str, column: str, value: Any) -> Any:
        return changelog.to_logged(self.folder.connection(), table, column, value)

    # -- changes ----------------------------------------------------------------------------
    def create(self, model: type[Record], **values: Any) -> int:
        """A new record; the fields not given take the model's defaults. Returns its row id."""
        conn = self.folder.connection()
        table = self._table(model)
        given = self._columns(model, values)
        row = {}
        for column in changelog.columns(conn, table):
            if column in given:
                row[column] = given[column]
                continue
            field = self._field(model, column)
            default = field.default() if callable(field.default) else field.default
            row[column] = stored(field, default) if default is not None else None
        logged = {column: self._logged(table, column, value) for column, value in row.items()}
        (made,) = self.folder.apply([Operation(table, new_uuid(), CREATED, None, logged)])
        return made

    def update(self, model: type[Record], row_id: int, **values: Any) -> bool:
        """Change a record's fields; False when there is no such row. Only fields whose value
        changes are written (and logged); ``updated_at`` alone is no change."""
        return bool(self.update_where(model, model.id == row_id, **values))

    def update_where(self, model: type[Record], where: pw.Expression, **values: Any) -> int:
        """Change these fields of every record that matches; returns how many matched."""
        conn = self.folder.connection()
        table = self._table(model)
        new = self._columns(model, values)
        names = list(new)
        query = model.select(model.id).where(where)
        sql, params = query.sql()
        matched = 0
        operations = []
        for (row_id,) in conn.execute(sql, params).fetchall():
            matched += 1
            current = conn.execute(
                f"SELECT uuid, {', '.join(names)} FROM {table} WHERE id = ?", (row_id,)
            ).fetchone()
            record, old = current[0], dict(zip(names, current[1:], strict=True))
            changed = [n for n in names if old[n] != new[n]]
            if not changed or changed == ["updated_at"]:
                continue
            operations += [
                Operation(
                    table,
                    record,
                    name,
                    self._logged(table, name, old[name]),
                    self._logged(table, name, new[name]),
                )
                for name in changed
            ]
        self.folder.apply(operations)
        return matched

    def purge_where(self, model: type[Record], where: pw.Expression) -> int:
        """Delete matching records for good (emptying the trash); the log keeps what they held.
        What refers to them goes as the schema says (ON DELETE CASCADE: purged too; SET NULL:
        the reference cleared), each a logged operation: SQLite is never left to do it
        silently."""
        ids = self.ids(model, where)
        self._purge(self._table(model), ids)
        return len(ids)

    def _purge(self, table: str, ids: list[int]) -> None:
        if not ids:
            return
        conn = self.folder.connection()
        for (child, column), target in changelog.REFERENCES.items():
            if target != table:
                continue
            referring = chunked(conn, f"SELECT id, uuid, {column} FROM {child} WHERE {column} IN", ids)
            if not referring:
                continue
            action = _on_delete(conn, child, column)
            if action == "CASCADE":
                self._purge(child, [row[0] for row in referring])
            elif action == "SET NULL":
                self.folder.apply(
                    [
                        Operation(child, record, column, self._logged(child, column, old), None)
                        for _id, record, old in referring
                    ]
                )
            # (NO ACTION: SQLite refuses the purge; the caller keeps such records)
        operations = [
            Operation(table, record, PURGED, changelog.row_as_logged(conn, table, "id = ?", (i,)))
            for i, record in chunked(conn, f"SELECT id, uuid FROM {table} WHERE id IN", ids)
        ]
        self.folder.apply(operations)

    def put_setting(self, key: str, text: str) -> None:
        """A setting's JSON text; counters and the backups' marks are kept but not logged."""
        conn = self.folder.connection()
        row = conn.execute("SELECT uuid, value FROM setting WHERE key = ?", (key,)).fetchone()
        log = key not in changelog.UNLOGGED_SETTINGS
        if row is None:
            op = Operation("setting", new_uuid(), CREATED, None, {"key": key, "value": text})
        elif row[1] != text:
            op = Operation("setting", row[0], "value", row[1], text)
        else:
            return
        self.folder.apply([op], log=log)

    def ids(self, model: type[Record], where: pw.Expression) -> list[int]:
        sql, params = model.select(model.id).where(where).sql()
        return [row[0] for row in self.folder.connection().execute(sql, params)]

    def each(self, model: type[Record], ids: Iterable[int], **values: Any) -> int:
        ids = list(ids)
        return self.update_where(model, model.id.in_(ids), **values) if ids else 0


def chunked(conn, select: str, ids: list[int]) -> list[tuple]:
    """``select`` ending in "IN", for any number of ids (SQLite limits parameters)."""
    rows: list[tuple] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows += conn.execute(f"{select} ({','.join('?' * len(chunk))})", chunk).fetchall()
    return rows


_actions: dict[tuple[str, str], str] = {}


def _on_delete(conn, table: str, column: str) -> str:
    """What the schema does to ``table.column`` when the row it names is deleted."""
    if (table, column) not in _actions:
        for row in conn.execute(f"PRAGMA foreign_key_list({table})"):
            _actions[(table, row[3])] = row[6].upper()
    return _actions.get((table, column), "NO ACTION")
