"""Opening the data file safely (docs/data-file-safety.md).

The order matters: everything that can refuse a file is checked through a read-only
connection first, so a file we refuse is left byte-for-byte as it was. Only then is the
file opened for writing, backed up if it needs migrating, and migrated.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from networking_folder.domain.text import fold
from networking_folder.store import migrations
from networking_folder.store.backup import backup_database, read_only
from networking_folder.store.errors import (
    FolderDamaged,
    FolderError,
    FolderReadOnly,
    FolderTooNew,
    NotAFolderFile,
    classify,
    raise_classified,
)

if TYPE_CHECKING:
    from networking_folder.store.orm import FolderDatabase

SQLITE_HEADER = b"SQLite format 3\x00"

# The records (store/records.py) use the database of the folder opened last. The folder
# leaves here how to make its peewee database, for the records to be bound to it as they
# load: a window's folder opens without loading peewee (store/orm.py).
records_database: Callable[[], object] | None = None
PRAGMAS = (
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("synchronous", "full"),  # the user's file: a power cut must not lose a saved change
    ("cache_size", -16_000),  # KiB
)


@contextlib.contextmanager
def private_files():
    """Files created inside (the database, its WAL and shared-memory files) are 0600."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def _writable(path: Path) -> bool:
    """Writable by us, and not marked read-only by its owner (root ignores the permission
    bits, but a user who took away the write bits meant it)."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & stat.S_IWUSR)


# quick_check reads every page (about 130 ms for a 56 MB folder); above this size it is
# left out of the start-up path, to be run in the background once the window is up.
QUICK_CHECK_LIMIT = 16 * 1024 * 1024


def probe(path: Path, *, quick_check: bool | None = None, own: bool = True) -> int:
    """Check an existing file without writing to it; returns its schema version.

    ``own`` says the file is a folder's own data file, where a garbled header is damage
    (a backup can be offered); any other file (one to restore from) is then just not ours.
    Raises NotAFolderFile, FolderDamaged, FolderTooNew, DiskProblem... ``quick_check``
    (default: for files up to QUICK_CHECK_LIMIT) also reads every page to find damage.
    """
    if quick_check is None:
        quick_check = path.stat().st_size <= QUICK_CHECK_LIMIT
    try:
        with open(path, "rb") as f:
            header = f.read(100)
    except OSError as exc:
        raise FolderError(f"The file {path} cannot be read ({exc.strerror}).") from exc
    if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        # The rest of SQLite's header (its fixed payload fractions 64/32/32), or backups
        # beside it, say this was a folder's file whose first bytes were damaged.
        if own and (header[21:24] == b"\x40\x20\x20" or traces_of_a_folder(path)):
            raise FolderDamaged(
                f"The data file {path} is damaged (its header is not that of a Networking Folder "
                "file); it was left untouched."
            )
        raise NotAFolderFile(f"{path} is not a Networking Folder data file; it was left untouched.")
    try:
        conn = read_only(path)
    except sqlite3.Error as exc:
        raise classify(exc, path) or FolderDamaged(
            f"The data file {path} cannot be read ({exc}); it was left untouched."
        ) from exc
    try:
        # Both are read from the file's header, before anything a newer SQLite may have written.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != migrations.APPLICATION_ID:
            # A file with nothing in it yet is a folder whose making was cut short; anything
            # else must carry our application id, or it is another program's (left untouched).
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if not (own and version == 0 and tables == 0 and app_id == 0):
                what = "an empty SQLite file" if tables == 0 else "an SQLite file of another program"
                raise NotAFolderFile(
                    f"{path} is {what}, not a Networking Folder; it was left untouched."
                )
        if version > migrations.LATEST_VERSION:
            raise FolderTooNew(
                f"The folder {path} was saved by a newer Networking Folder "
                f"(data version {version}; this one reads up to {migrations.LATEST_VERSION}). "
                "Update the program to open it; the file was left untouched."
            )
        problems = [row[0] for row in conn.execute("PRAGMA quick_check")] if quick_check else ["ok"]
        if problems != ["ok"]:
            raise FolderDamaged(
                f"The data file {path} is damaged ({problems[0]}); it was left untouched."
            )
    except sqlite3.DatabaseError as exc:
        raise classify(exc, path) or FolderDamaged(
            f"The data file {path} is damaged ({exc}); it was left untouched."
        ) from exc
    finally:
        conn.close()
    return version


def traces_of_a_folder(path: Path) -> list[Path]:
    """What shows that a folder lived here: its backups, its write-ahead log. A data file
    that is missing or empty beside any of these is damage, never a new folder."""
    path = Path(path)
    # SQLite removes both when the last connection closes cleanly (and our read-only
    # commands tidy away the empty ones they leave): here, they are a folder's.
    found = [p for p in (Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]
    backups = backup_dir_for(path)
    if backups.is_dir():
        found.append(backups)
    return found


def refuse_lost_data(path: Path) -> None:
    """A data file that is missing or empty (or holds no folder yet) beside the traces of a
    folder is damage: raise FolderDamaged rather than let an empty folder take its place."""
    traces = traces_of_a_folder(path)
    if traces:
        state = (
            "missing"
            if not path.exists()
            else "empty" if not path.stat().st_size else "without any of its data"
        )
        held = "backups" if backup_dir_for(path) in traces else "the log files SQLite keeps beside it"
        raise FolderDamaged(
            f"The data file {path} is {state}, although the folder holds {held}; "
            "no new folder was made in its place."
        )


def check_folder_access(data_file: Path) -> None:
    """Refuse a folder this user may not enter or read (another user's, or one whose
    permissions were changed), or whose data file they may not read: a message, not a
    traceback from the first file touched in it."""
    directory = Path(data_file).parent
    keep_out = (
        f"You may not open the folder {directory}: its permissions keep you out "
        "(it may belong to another user on this computer)."
    )
    if not os.access(directory, os.R_OK | os.X_OK):
        raise FolderError(keep_out)
    if os.path.lexists(data_file) and not os.access(data_file, os.R_OK):
        raise FolderError(keep_out)


def check_data_file_path(path: Path) -> None:
    """Refuse what cannot be a data file: a directory, a link to nothing, one in a folder
    this user may not open."""
    path = Path(path)
    if path.parent.is_dir():
        check_folder_access(path)
    if path.is_symlink() and not path.exists():
        raise FolderError(
            f"The data file {path} is a link to {os.readlink(path)}, which does not exist."
        )
    if path.exists() and not path.is_file():
        raise FolderError(f"{path} should be the folder's data file, but it is not a file.")


def add_functions(conn: sqlite3.Connection) -> None:
    """What every connection to a data file must know: nf_fold, which the search index's
    triggers call."""
    conn.create_function("nf_fold", 1, _fold_or_none, deterministic=True)


def _fold_or_none(text: str | None) -> str | None:
    return None if text is None else fold(text)


def connect(path: Path | str, *, pragmas=PRAGMAS, busy_timeout: float = 5.0) -> sqlite3.Connection:
    """A connection as peewee would make it (autocommit: transactions are begun explicitly),
    with the folder's pragmas and functions."""
    conn = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None)
    try:
        for name, value in pragmas:
            conn.execute(f"PRAGMA {name} = {value}")
        add_functions(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def open_connection(path: Path, *, busy_timeout: float = 5.0) -> sqlite3.Connection:
    """Open (creating if new) and migrate the folder's data file; raises FolderError."""
    path = Path(path)
    check_data_file_path(path)
    exists = path.exists() and path.stat().st_size > 0
    version = probe(path) if exists else 0
    if version == 0:
        refuse_lost_data(path)
    if exists and not _writable(path):
        raise FolderReadOnly(
            f"The data file {path} is read-only: make it writable, or copy it elsewhere."
        )
    directory = path.parent
    if not directory.is_dir():
        raise FolderReadOnly(f"The folder {directory} does not exist.")
    if not _writable(directory):
        raise FolderReadOnly(
            f"The folder {directory} is read-only: the program needs to write beside its data file."
        )

    conn = None
    try:
        with private_files():
            make_private(path)  # before SQLite opens it, so its -wal and -shm are born private
            conn = connect(path, busy_timeout=busy_timeout)
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                raise FolderError(
                    f"The folder {path} is on a drive that does not support safe saving."
                )
            todo = migrations.pending(version)
            if todo and version > 0:
                backup_before_migration(conn, path, version)
            for target in todo:
                migrations.apply(conn, target)
        os.chmod(path, 0o600)
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise_classified(exc, path)
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return conn


def open_database(path: Path, *, busy_timeout: float = 5.0) -> FolderDatabase:
    """``open_connection``, through peewee (for what works with records from the start)."""
    from networking_folder.store.orm import adopt

    conn = open_connection(path, busy_timeout=busy_timeout)
    return adopt(conn, str(path), busy_timeout=busy_timeout)


def make_private(path: Path) -> None:
    """The data file and its side files readable and writable by the user alone (SQLite
    gives the -wal and -shm files the data file's permissions)."""
    for each in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            if stat.S_IMODE(each.stat().st_mode) & 0o077:
                os.chmod(each, stat.S_IMODE(each.stat().st_mode) & 0o700)


def backup_dir_for(path: Path) -> Path:
    return Path(path).parent / "backups"


def backup_before_migration(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backup_dir_for(path) / f"{path.stem}-{stamp}-before-upgrade-from-v{version}.sqlite3"
    return backup_database(conn, target)
