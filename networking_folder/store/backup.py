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


def backup_database(source: sqlite3.Connection, target: Path) -> Path:
    """Write a consistent copy of ``source`` to ``target`` (private to the user)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = target.with_name(target.name + ".partial")
    old_umask = os.umask(0o077)
    try:
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        os.chmod(partial, 0o600)
        os.replace(partial, target)  # never leave a half-written backup under the real name
    finally:
        os.umask(old_umask)
        if partial.exists():
            partial.unlink()
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
    """Replace ``target`` by a consistent copy of the folder file ``source``, atomically: the
    copy is made beside the target, flushed to disk, then renamed over it."""
    target = Path(target)
    partial = target.with_name(f".{target.name}.restoring")
    old_umask = os.umask(0o077)
    try:
        src = read_only(source)
        dest = sqlite3.connect(partial)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode = WAL")
        finally:
            dest.close()
            src.close()
        with open(partial, "rb+") as f:
            os.fsync(f.fileno())
        for leftover in (Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(
                missing_ok=True
            )  # a log of the old file must never replay onto the new one
        os.replace(partial, target)
        os.chmod(target, 0o600)
    finally:
        os.umask(old_umask)
        partial.unlink(missing_ok=True)
