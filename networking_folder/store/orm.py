"""Peewee's view of an open data file, made the first time a record is used.

The folder opens its file with sqlite3 alone (store/db.py): the window's first screen is read
with plain SQL, and peewee (with everything it imports: a quarter of a start-up's imports)
loads only when a service first reads or writes through a record. Peewee then takes over the
connection the folder already has, rather than opening a second one: the same transaction,
the same functions, the same change counter (``PRAGMA data_version``).
"""

from __future__ import annotations

import sqlite3

import peewee

from networking_folder.store.db import PRAGMAS, add_functions


class FolderDatabase(peewee.SqliteDatabase):
    """Every connection knows nf_fold, which the search index's triggers call. One made by
    ``adopt`` takes the folder's open connection as its first."""

    def __init__(self, *args, adopt: sqlite3.Connection | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._adopted = adopt

    def _connect(self) -> sqlite3.Connection:
        conn, self._adopted = self._adopted, None
        if conn is None:
            return super()._connect()
        # Its pragmas and nf_fold are set already: some pragmas cannot be set again inside a
        # transaction (a first write through a record may come there), and SQLite refuses to
        # replace a function while a statement is running. Peewee's own functions are added.
        pragmas, self._pragmas = self._pragmas, ()
        try:
            super()._add_conn_hooks(conn)
        finally:
            self._pragmas = pragmas
        return conn

    def _add_conn_hooks(self, conn: sqlite3.Connection) -> None:
        super()._add_conn_hooks(conn)
        add_functions(conn)


def adopt(
    conn: sqlite3.Connection, database: str, *, pragmas=PRAGMAS, busy_timeout: float = 5.0
) -> FolderDatabase:
    """A peewee database whose connection is ``conn``, already open (on this thread: peewee
    keeps a connection per thread, and connects here, at once)."""
    db = FolderDatabase(database, pragmas=pragmas, timeout=busy_timeout, adopt=conn)
    db.connect()
    return db
