"""Copies of the data file, taken with SQLite's online backup API, and putting one in place.

A file copy would miss what is still in the write-ahead log; the backup API copies the
database as one consistent snapshot, whatever is in the WAL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import stat
import time
from pathlib import Path
from urllib.parse import quote

# A copy is written under ".NAME.PID.partial" first; one whose process is gone (killed) or
# that is a day old is a leftover, swept when the folder opens and before each backup.
_PARTIAL = re.compile(r"^\.networking-folder[^/]*?\.sqlite3(?:\.(?P<pid>\d+))?\.partial$")
STALE_PARTIAL_SECONDS = 24 * 3600


def _writable_by_owner(path: Path) -> bool:
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & stat.S_IWUSR)


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that can never write to the file (used to check, count and copy it).

    A file nobody may write (and with no log beside it) is opened as immutable, so that
    SQLite leaves no -wal and -shm files behind: made read-only like their data file, they
    would break every write once the file is writable again.
    """
    path = Path(path)
    uri = f"file:{quote(str(path))}?mode=ro"
    with contextlib.suppress(OSError):
        if not _writable_by_owner(path) and not Path(f"{path}-wal").exists():
            uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True)


def _fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` survive a power cut (where the system allows it)."""
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: not ours to judge
    return True


def sweep_partials(directory: Path) -> list[Path]:
    """Remove our own copies left half-written by a killed process (named as _partial_for
    names them, nothing else); returns what was removed."""
    removed = []
    try:
        entries = list(Path(directory).iterdir())
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _PARTIAL.match(entry.name)
        if match is None:
            continue
        with contextlib.suppress(OSError):
            pid = match.group("pid")
            stale = now - entry.stat().st_mtime > STALE_PARTIAL_SECONDS
            if pid is None or not _pid_alive(int(pid)) or stale:
                entry.unlink()
                removed.append(entry)
    return removed


def unique_path(path: Path) -> Path:
    """``path``, or the first of ``name-2``, ``name-3``... that is free: two backups or two
    restores within one second must not overwrite one another."""
    path = Path(path)
    stem, suffix = (path.name[: -len(".sqlite3")], ".sqlite3") if path.name.endswith(".sqlite3") else (path.name, "")
    candidate, n = path, 1
    while candidate.exists() or Path(f"{candidate}-wal").exists():
        n += 1
        candidate = path.with_name(f"{stem}-{n}{suffix}")
    return candidate


def _partial_for(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.partial")


def backup_database(source: sqlite3.Connection, target: Path, journal_mode: str = "DELETE") -> Path:
    """Write a consistent copy of ``source`` to ``target``, private to the user and flushed
    to disk, under a temporary name first so that ``target`` is never half-written."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = _write_copy(source, target, journal_mode)
    try:
        os.replace(partial, target)
        _fsync_directory(target.parent)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _write_copy(source: sqlite3.Connection, target: Path, journal_mode: str) -> Path:
    """A flushed, private copy of ``source`` beside ``target``; returns its (partial) path."""
    partial = _partial_for(target)
    old_umask = os.umask(0o077)
    try:
        partial.unlink(missing_ok=True)
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest)
            dest.execute(f"PRAGMA journal_mode = {journal_mode}")
        finally:
            dest.close()
        os.chmod(partial, 0o600)
        with open(partial, "rb+") as f:
            os.fsync(f.fileno())
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        os.umask(old_umask)
    return partial


def check_file(path: Path, full: bool = False) -> list[str]:
    """Problems SQLite finds in the file (an empty list when sound), read-only.

    Raises sqlite3 errors that are not about the file itself (a full disk, an I/O error)."""
    from networking_folder.store.errors import SQLITE_CORRUPT, SQLITE_NOTADB, sqlite_code

    conn = read_only(path)
    try:
        pragma = "integrity_check" if full else "quick_check"
        problems = [row[0] for row in conn.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as exc:
        if sqlite_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return [str(exc)]
        raise
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


def side_files(data_file: Path) -> list[Path]:
    return [Path(f"{data_file}-wal"), Path(f"{data_file}-shm")]


def fold_log_into_file(data_file: Path) -> None:
    """Checkpoint the data file so that its -wal holds nothing the file lacks; then the log
    can go without losing a committed change. Call only while no one else has it open."""
    conn = sqlite3.connect(data_file)
    try:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise sqlite3.OperationalError("database is locked")
    finally:
        conn.close()  # the last connection: SQLite removes the (now empty) log itself


def put_in_place(source: Path, data_file: Path) -> None:
    """Replace a sound data file (or none) by a consistent copy of the folder file
    ``source``. Every step leaves either the old data or the new data whole: the new copy
    is written and flushed beside the file, the old file's log is folded into it, only then
    are its (empty) side files removed and the copy renamed over it."""
    src = read_only(source)
    try:
        partial = _write_copy(src, data_file, journal_mode="WAL")
    finally:
        src.close()
    try:
        if data_file.exists():
            fold_log_into_file(data_file)
        for leftover in side_files(data_file):
            leftover.unlink(missing_ok=True)
        os.replace(partial, data_file)
        _fsync_directory(data_file.parent)
    finally:
        partial.unlink(missing_ok=True)


def move_aside(data_file: Path) -> list[tuple[Path, Path]]:
    """Rename a damaged data file and its side files to dated names, untouched; returns the
    (old, new) names of what was moved, the data file first. All or nothing."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = unique_path(data_file.with_name(f"{data_file.name}.damaged-{stamp}"))
    plan = [(data_file, aside)] + [
        (side, Path(f"{aside}{side.name[len(data_file.name):]}")) for side in side_files(data_file)
    ]
    moved: list[tuple[Path, Path]] = []
    try:
        for original, new_name in plan:
            if original.exists() or original.is_symlink():
                original.rename(new_name)
                moved.append((original, new_name))
    except BaseException:
        put_back(moved)
        raise
    return moved


def put_back(moved: list[tuple[Path, Path]]) -> None:
    """Undo move_aside (the step after it failed)."""
    for original, new_name in reversed(moved):
        with contextlib.suppress(OSError):
            new_name.rename(original)
