"""Copies of the data file, taken with SQLite's online backup API.

A file copy would miss what is still in the write-ahead log; the backup API copies the
database as one consistent snapshot, whatever is in the WAL.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


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
