"""The open folder: its data file, its services, and the news of what changed."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path

import peewee

from networking_folder.store import records
from networking_folder.store.db import open_database
from networking_folder.store.errors import FolderError, classify

DATA_FILE_NAME = "networking-folder.sqlite3"


class Change(str, Enum):
    """Kinds of data a use-case may change; views showing that kind reload."""

    CONTACTS = "contacts"
    GROUPS = "groups"
    REFERRALS = "referrals"
    FOLLOW_UPS = "follow_ups"
    NOTES = "notes"
    SETTINGS = "settings"


Listener = Callable[[frozenset[Change]], None]


class Folder:
    """One open folder. Open with ``Folder.open(directory)``; close when done."""

    def __init__(self, directory: Path, db: peewee.SqliteDatabase) -> None:
        from networking_folder.services.backups import BackupService
        from networking_folder.services.contacts import ContactService
        from networking_folder.services.drafts import DraftService
        from networking_folder.services.followups import FollowUpService
        from networking_folder.services.groups import GroupService
        from networking_folder.services.notes import NoteService
        from networking_folder.services.referrals import ReferralService
        from networking_folder.services.rules import RuleEngine
        from networking_folder.services.search import SearchService
        from networking_folder.services.settings import SettingsService
        from networking_folder.services.trash import TrashService

        self.directory = Path(directory)
        self.db = db
        self._listeners: list[Listener] = []
        self._depth = 0
        self._pending: set[Change] = set()
        self.settings = SettingsService(self)
        self.rules = RuleEngine(self)
        self.contacts = ContactService(self)
        self.groups = GroupService(self)
        self.referrals = ReferralService(self)
        self.follow_ups = FollowUpService(self)
        self.notes = NoteService(self)
        self.trash = TrashService(self)
        self.search = SearchService(self)
        self.drafts = DraftService(self)
        self.backups = BackupService(self)

    @classmethod
    def open(cls, directory: Path | str, *, busy_timeout: float = 5.0) -> Folder:
        """Open the folder in ``directory`` (created if missing); raises FolderError."""
        directory = Path(directory).expanduser()
        try:
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise FolderError(f"Cannot create the folder {directory}: {exc.strerror}.") from exc
        db = open_database(directory / DATA_FILE_NAME, busy_timeout=busy_timeout)
        records.bind(db)
        return cls(directory, db)

    @property
    def path(self) -> Path:
        return self.directory / DATA_FILE_NAME

    @property
    def name(self) -> str:
        return self.directory.name

    def close(self) -> None:
        if not self.db.is_closed():
            # Fold the write-ahead log back into the file so it is whole on its own.
            with contextlib.suppress(peewee.DatabaseError):
                self.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            self.db.close()

    def __enter__(self) -> Folder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- news of changes -------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @contextlib.contextmanager
    def transaction(self, *changes: Change) -> Iterator[None]:
        """One use-case: all of it is saved, or none of it; listeners hear after the commit."""
        self._depth += 1
        self._pending.update(changes)
        committed = False
        try:
            atomic = self.db.atomic()
            atomic.__enter__()
            try:
                yield
            except BaseException as exc:
                # SQLite rolls the whole transaction back by itself on a full disk or an I/O
                # error; the failed ROLLBACK must not hide why.
                with contextlib.suppress(sqlite3.Error, peewee.DatabaseError):
                    atomic.__exit__(type(exc), exc, exc.__traceback__)
                raise
            if self._depth == 1 and self._pending - {Change.SETTINGS}:
                # Counts changes, so backups know whether there is anything new to keep.
                self.settings._put("meta.changes", self.change_count() + 1)
            atomic.__exit__(None, None, None)  # commit (which can fail too: a full disk)
            committed = True
        except FolderError:
            raise
        except (sqlite3.Error, peewee.DatabaseError) as exc:
            if isinstance(exc, peewee.IntegrityError):
                raise  # a broken constraint is our bug, not the user's disk
            raise (classify(exc, self.path) or exc) from exc
        finally:
            self._depth -= 1
            if self._depth == 0:
                news = frozenset(self._pending)
                self._pending.clear()
                if committed and news:
                    for listener in list(self._listeners):
                        listener(news)

    def restore_backup(self, backup: Path) -> Path:
        """Put a backup in place of this folder's data and carry on with it; what was there is
        backed up first (its path is returned). Everyone hears that everything changed."""
        from networking_folder.services.backups import restore

        self.close()
        try:
            safety = restore(self.path, backup)
        finally:
            self.db = open_database(self.path)  # the restored data, or the old if it failed
            records.bind(self.db)
        for listener in list(self._listeners):
            listener(frozenset(Change))
        return safety

    def change_count(self) -> int:
        """How many changes the folder has seen (a counter kept in the file)."""
        return int(self.settings.get("meta.changes", 0))

    def needs_backup(self) -> bool:
        return self.change_count() != int(self.settings.get("backup.at_change", -1))

    def backup_done(self, at_change: int) -> None:
        """Remember that the data as it was at ``at_change`` is in a backup."""
        self.settings.set("backup.at_change", at_change)

    def apply_daily_rules(self, today: dt.date | None = None) -> int:
        """Rules that depend on the date (R7, keep in touch); safe to run any number of times."""
        with self.transaction(Change.FOLLOW_UPS):
            return self.rules.daily(today or dt.date.today())

    def query(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        """Rows of a read-only query, as plain tuples."""
        try:
            return self.db.execute_sql(sql, params).fetchall()
        except (sqlite3.Error, peewee.DatabaseError) as exc:
            raise (classify(exc, self.path) or exc) from exc

    def counts(self) -> dict[str, int]:
        sql = """SELECT
            (SELECT count(*) FROM contact WHERE deleted_at IS NULL),
            (SELECT count(*) FROM referral WHERE deleted_at IS NULL AND direction = 'given'),
            (SELECT count(*) FROM referral WHERE deleted_at IS NULL AND direction = 'received'),
            (SELECT count(*) FROM follow_up WHERE deleted_at IS NULL),
            (SELECT count(*) FROM note WHERE deleted_at IS NULL),
            (SELECT count(*) FROM networking_group WHERE deleted_at IS NULL)"""
        keys = (
            "contacts",
            "referrals_given",
            "referrals_received",
            "follow_ups",
            "notes",
            "groups",
        )
        return dict(zip(keys, self.query(sql)[0], strict=True))

    def is_empty(self) -> bool:
        return not any(self.counts().values())
