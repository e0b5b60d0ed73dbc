"""Backups of the folder: taken with SQLite's online backup API, checked, thinned, restored.

A backup is a file ``backups/networking-folder-YYYYmmdd-HHMMSS[-why].sqlite3`` beside the
data file, private to the user. Thinning keeps the newest of each of the last 7 days, 4
weeks and 12 months; backups taken before an upgrade or a restore are never thinned.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from networking_folder.store.backup import (
    backup_database,
    check_file,
    counts_in,
    move_aside,
    put_back,
    put_in_place,
    read_only,
    sweep_partials,
    unique_path,
)
from networking_folder.store.db import check_data_file_path, probe, refuse_lost_data
from networking_folder.store.errors import FolderDamaged, FolderError, classify

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

NAME = re.compile(r"^networking-folder-(\d{8}-\d{6})(?:-(?P<why>[a-z0-9-]+))?\.sqlite3$")
KEEP_DAYS, KEEP_WEEKS, KEEP_MONTHS = 7, 4, 12
KEPT_ALWAYS = ("before-restore", "before-upgrade")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    why: str  # "" for a regular backup

    @property
    def counts(self) -> dict[str, int]:
        return counts_in(self.path)


def parse(path: Path) -> BackupInfo | None:
    match = NAME.match(path.name)
    if match is None:
        return None
    return BackupInfo(
        path, dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S"), match.group("why") or ""
    )


def to_keep(
    backups: list[BackupInfo], today: dt.date, records: dict[Path, int] | None = None
) -> set[Path]:
    """The backups thinning keeps: the newest of each of the last 7 days, 4 weeks, 12 months.

    With ``records`` (how many contacts, referrals and notes each holds) it also keeps the
    newest backup that holds any data, and the newest that holds at least half as much as
    the fullest: newer backups of an emptied or much smaller folder never push out the last
    good one.
    """
    keep = {b.path for b in backups if b.why.startswith(KEPT_ALWAYS)}
    newest_first = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    if newest_first:
        keep.add(newest_first[0].path)
    if records:
        most = max(records.values(), default=0)
        for enough in (1, (most + 1) // 2):
            holding = [b for b in newest_first if records.get(b.path, 0) >= max(enough, 1)]
            if holding:
                keep.add(holding[0].path)
    for periods, key in (
        (KEEP_DAYS, lambda d: d.toordinal()),
        (KEEP_WEEKS, lambda d: d.isocalendar()[:2]),
        (KEEP_MONTHS, lambda d: (d.year, d.month)),
    ):
        seen: list = []
        for backup in newest_first:
            period = key(backup.taken_at.date())
            if period not in seen:
                seen.append(period)
                if len(seen) > periods:
                    break
                keep.add(backup.path)
    return keep


class BackupService:
    def __init__(self, folder: Folder) -> None:
        self.folder = folder

    @property
    def directory(self) -> Path:
        return self.folder.directory / "backups"

    def all(self) -> list[BackupInfo]:
        """Backups beside the folder, newest first."""
        if not self.directory.is_dir():
            return []
        found = [parse(p) for p in self.directory.glob("networking-folder-*.sqlite3")]
        return sorted((b for b in found if b is not None), key=lambda b: b.taken_at, reverse=True)

    def make(
        self, why: str = "", target: Path | None = None, now: dt.datetime | None = None
    ) -> Path:
        """Write a backup, check it, and (for a regular one) thin the old ones; returns its path."""
        stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
        suffix = f"-{why}" if why else ""
        path = (
            Path(target)
            if target
            else unique_path(self.directory / f"networking-folder-{stamp}{suffix}.sqlite3")
        )
        return take_backup(
            self.folder.path,
            path,
            thin_today=None if (why or target) else (now or dt.datetime.now()).date(),
        )

    def thin(self, today: dt.date) -> list[Path]:
        return thin(self.directory, today)


def take_backup(data_file: Path, target: Path, thin_today: dt.date | None = None) -> Path:
    """A checked backup of ``data_file``, through a connection of its own (so it can run on a
    worker thread while the window keeps its connection)."""
    if target.parent.name == "backups":  # the folder's own; never a place the user named
        sweep_partials(target.parent)
    # An emptied, missing or replaced data file (under a running window, say) is never copied
    # over the good backups: say it is damaged instead.
    check_data_file_path(data_file)
    if not Path(data_file).exists() or not Path(data_file).stat().st_size:
        refuse_lost_data(Path(data_file))
    try:
        # A damaged file is said, never copied over the good backups (checked here once, for
        # the command line and the window alike).
        if probe(Path(data_file)) == 0:
            refuse_lost_data(Path(data_file))
        source = read_only(data_file)
        try:
            backup_database(source, target)
        finally:
            source.close()
        problems = check_file(target)
    except sqlite3.Error as exc:
        cause = classify(exc, data_file)
        if isinstance(cause, FolderDamaged):  # the data file itself: say so, never hide it
            raise cause from exc
        reason = str(cause) if cause is not None else str(exc)
        raise FolderError(f"The backup could not be written to {target}: {reason}") from exc
    except OSError as exc:
        raise FolderError(
            f"The backup could not be written to {target}: {exc.strerror or exc}."
        ) from exc
    if problems:
        target.unlink(missing_ok=True)
        raise FolderDamaged(f"The backup failed its check ({problems[0]}); it was removed.")
    if thin_today is not None:
        thin(target.parent, thin_today)
    return target


def thin(directory: Path, today: dt.date) -> list[Path]:
    """Remove the backups thinning does not keep; returns those removed."""
    found = [parse(p) for p in Path(directory).glob("networking-folder-*.sqlite3")]
    backups = [b for b in found if b is not None]
    keep = to_keep(backups, today, {b.path: records_in(b.path) for b in backups})
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def records_in(path: Path) -> int:
    """Contacts, referrals and notes in a backup; 0 for one that cannot be read."""
    try:
        return sum(counts_in(path).values())
    except sqlite3.Error:
        return 0


@dataclass(frozen=True)
class Restored:
    """What a restore did with the data that was there before."""

    safety: Path | None  # a backup of the sound data that was replaced
    aside: Path | None  # a damaged data file, moved aside untouched (its logs beside it)
    unlogged: str = ""  # why the restore is not in the change log, if it could not be written

    def said(self) -> str:
        """Where the data that was replaced went, in a user's words."""
        if self.unlogged:
            return f"{self._kept()} {self.unlogged}"
        return self._kept()

    def _kept(self) -> str:
        if self.safety is not None:
            return f"What you had is kept in {self.safety.name}."
        if self.aside is not None:
            return f"The damaged file was kept aside, untouched, as {self.aside.name}."
        return "There was no data file before."


def restore(data_file: Path, backup: Path) -> Restored:
    """Put ``backup`` in place of the folder's data file.

    Call with the folder closed and its lock held exclusively. Refuses a file that is not
    a sound folder file. Sound data is backed up first; a damaged data file (and its -wal
    and -shm) is moved aside untouched, exactly as the window's recovery does. A full disk
    or an I/O error on the way is a FolderError, with the folder as it was.
    """
    backup, data_file = Path(backup), Path(data_file)
    try:
        probe(backup, quick_check=True, own=False)  # raises for anything not a folder file
        if check_file(backup, full=True):
            raise FolderDamaged(f"{backup} is damaged; nothing was restored.")
        check_data_file_path(data_file)
        if not data_file.exists() or not data_file.stat().st_size:
            restored = Restored(None, recover(data_file, backup))
            return _logged(restored, data_file, backup, {})
        try:
            # A file with no folder in it yet (its making was cut short) is replaced too.
            damaged = probe(data_file, quick_check=True) == 0 or bool(check_file(data_file))
        except FolderDamaged:
            damaged = True
        from networking_folder.store import changelog

        replaced = {} if damaged else changelog.read_heads(data_file)
        if damaged:
            restored = Restored(None, recover(data_file, backup))
        else:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            safety = unique_path(
                data_file.parent / "backups" / f"networking-folder-{stamp}-before-restore.sqlite3"
            )
            take_backup(data_file, safety)
            put_in_place(backup, data_file)
            restored = Restored(safety, None)
        return _logged(restored, data_file, backup, replaced)
    except sqlite3.Error as exc:
        cause = classify(exc, data_file)
        raise FolderError(f"Nothing was restored: {cause or exc}") from exc
    except OSError as exc:
        raise FolderError(f"Nothing was restored: {exc.strerror or exc}.") from exc


def _logged(restored: Restored, data_file: Path, backup: Path, replaced: dict) -> Restored:
    """The backup is in place whatever happens here: a log that cannot be written (a full
    disk) is said, never reported as "nothing was restored"."""
    try:
        log_restore(data_file, backup, replaced)
    except (sqlite3.Error, OSError, FolderError) as exc:
        return dataclasses.replace(
            restored, unlogged=f"The restore could not be noted in the change log ({exc})."
        )
    return restored


def log_restore(data_file: Path, backup: Path, replaced: dict[str, tuple[int, str]]) -> None:
    """A restore is itself a change, logged in the restored file. It names, exactly, the heads
    the restored log no longer holds: the replaced log's, and those of the backups taken since
    the restored one (a later audit against them knows why they are gone, and nothing else is
    excused). A restored file from before the change log first logs what it holds."""
    from networking_folder.store import changelog
    from networking_folder.store.db import open_database
    from networking_folder.store.identity import device_id, new_uuid

    others = {}
    for other in sorted(Path(data_file).parent.joinpath("backups").glob("networking-folder-*.sqlite3")):
        for device, head in changelog.read_heads(other).items():
            others.setdefault((device, *head), other.name)
    db = open_database(data_file)  # (an older backup is brought up to date first)
    try:
        conn = db.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            device = device_id()
            if changelog.needs_baseline(conn):
                changelog.append(conn, device, changelog.baseline(conn))
            held = changelog.heads(conn)
            gone = {(d, *head) for d, head in replaced.items()} | set(others)
            superseded = sorted(
                [d, seq, digest]
                for d, seq, digest in gone
                if conn.execute(
                    "SELECT 1 FROM change_log WHERE device = ? AND seq = ? AND hash = ?",
                    (d, seq, digest),
                ).fetchone() is None
            )
            operation = changelog.Operation(
                changelog.FOLDER,
                new_uuid(),
                changelog.RESTORED,
                {"replaced": superseded},
                {"backup": Path(backup).name, "heads": held},
            )
            changelog.append(conn, device, [operation])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        db.close()


def restore_command(directory: Path, backup: Path) -> str:
    """The command line that restores ``backup`` into the folder in ``directory``."""
    import shlex

    return (
        f"networking-folder restore {shlex.quote(str(backup))} "
        f"--data-dir {shlex.quote(str(directory))} --yes"
    )


def newest_good_backup(data_file: Path) -> BackupInfo | None:
    """The newest backup beside ``data_file`` that passes its check."""
    directory = Path(data_file).parent / "backups"
    found = (
        [parse(p) for p in directory.glob("networking-folder-*.sqlite3")]
        if directory.is_dir()
        else []
    )
    for backup in sorted(
        (b for b in found if b is not None), key=lambda b: b.taken_at, reverse=True
    ):
        try:
            probe(backup.path, quick_check=False, own=False)
            if not check_file(backup.path):
                return backup
        except (FolderError, sqlite3.Error):
            continue
    return None


def recover(data_file: Path, backup: Path) -> Path | None:
    """Move a damaged (or empty) data file and its side files aside, renamed and never
    written to, and put ``backup`` in its place; returns the data file's new name (None if
    there was none). If putting the backup in place fails, everything is moved back."""
    data_file = Path(data_file)
    moved = move_aside(data_file)
    try:
        put_in_place(Path(backup), data_file)
    except BaseException:
        put_back(moved)
        raise
    return next((new_name for original, new_name in moved if original == data_file), None)
