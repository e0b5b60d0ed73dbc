"""Copies of the data file, taken with SQLite's online backup API.

A file copy would miss what is still in the write-ahead log; the backup API copies the
database as one consistent snapshot, whatever is in the WAL.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that can never write to the file (used to check, count and copy it)."""
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)


def backup_database(
    source: sqlite3.Connection, target: Path, journal_mode: str = "DELETE", replacing: bool = False
) -> Path:
    """Write a consistent copy of ``source`` to ``target``, private to the user and flushed
    to disk, under a temporary name first so that ``target`` is never half-written.

    ``replacing`` a live data file also removes its old WAL and shared-memory files just
    before the rename: a log of the old file must never replay onto the new one.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = target.with_name(f".{target.name}.partial")
    old_umask = os.umask(0o077)
    try:
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest)
            dest.execute(f"PRAGMA journal_mode = {journal_mode}")
        finally:
            dest.close()
        with open(partial, "rb+") as f:
            os.fsync(f.fileno())
        os.chmod(partial, 0o600)
        if replacing:
            for leftover in (Path(f"{target}-wal"), Path(f"{target}-shm")):
                leftover.unlink(missing_ok=True)
        os.replace(partial, target)
    finally:
        os.umask(old_umask)
        partial.unlink(missing_ok=True)
    return target


def check_file(path: Path, full: bool = False) -> list[str]:
    """Problems SQLite finds in the file (an empty list when sound), read-only."""
    conn = read_only(path)
    try:
        pragma = "integrity_check" if full else "quick_check"
        problems = [row[0] for row in conn.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    return [] if problems == ["ok"] else problems


def counts_in(path: Path) -> dict[str, int]:
    """How many live contacts, referrals and notes a folder file holds (read-only)."""
    conn = read_only(path)
    try:
        return {
            table_label: conn.execute(
                f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL"
            ).fetchone()[0]
            for table_label, table in (
                ("contacts", "contact"),
                ("referrals", "referral"),
                ("notes", "note"),
            )
        }
    finally:
        conn.close()


def copy_into_place(source: Path, target: Path) -> None:
    """Replace the data file ``target`` by a consistent copy of the folder file ``source``,
    atomically (a flushed copy renamed over it)."""
    src = read_only(source)
    try:
        backup_database(src, target, journal_mode="WAL", replacing=True)
    finally:
        src.close()
