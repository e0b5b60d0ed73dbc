"""Backups of the folder: taken with SQLite's online backup API, checked, thinned, restored.

A backup is a file ``backups/networking-folder-YYYYmmdd-HHMMSS[-why].sqlite3`` beside the
data file, private to the user. Thinning keeps the newest of each of the last 7 days, 4
weeks and 12 months; backups taken before an upgrade or a restore are never thinned.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from networking_folder.store.backup import (
    backup_database,
    check_file,
    copy_into_place,
    counts_in,
    read_only,
)
from networking_folder.store.db import probe
from networking_folder.store.errors import FolderDamaged, FolderError

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


def to_keep(backups: list[BackupInfo], today: dt.date) -> set[Path]:
    """The backups thinning keeps: the newest of each of the last 7 days, 4 weeks, 12 months."""
    keep = {b.path for b in backups if b.why.startswith(KEPT_ALWAYS)}
    newest_first = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    if newest_first:
        keep.add(newest_first[0].path)
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
            else self.directory / f"networking-folder-{stamp}{suffix}.sqlite3"
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
    source = read_only(data_file)
    try:
        backup_database(source, target)
    except sqlite3.Error as exc:
        raise FolderError(f"The backup could not be written to {target}: {exc}.") from exc
    finally:
        source.close()
    problems = check_file(target)
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
    keep = to_keep(backups, today)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def restore(data_file: Path, backup: Path) -> Path:
    """Put ``backup`` in place of the folder's data file; the current file is backed up first.

    Call with the folder closed. Refuses a file that is not a sound folder; returns the path
    of the backup of what was replaced.
    """
    backup, data_file = Path(backup), Path(data_file)
    probe(backup, quick_check=True)  # raises for anything that is not a sound folder file
    if check_file(backup, full=True):
        raise FolderDamaged(f"{backup} is damaged; nothing was restored.")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    safety = data_file.parent / "backups" / f"networking-folder-{stamp}-before-restore.sqlite3"
    if data_file.exists() and data_file.stat().st_size:
        take_backup(data_file, safety)
    copy_into_place(backup, data_file)
    return safety


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
            probe(backup.path, quick_check=False)
        except FolderError:
            continue
        if not check_file(backup.path):
            return backup
    return None


def recover(data_file: Path, backup: Path) -> Path:
    """Move a damaged data file aside (renamed, never written to) and put ``backup`` in its
    place; returns where the damaged file now is."""
    data_file = Path(data_file)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = data_file.with_name(f"{data_file.name}.damaged-{stamp}")
    data_file.rename(aside)
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{data_file}{suffix}")
        if companion.exists():
            companion.rename(Path(f"{aside}{suffix}"))
    copy_into_place(backup, data_file)
    return aside
