"""The open folder: its data file, its services, and the news of what changed."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sqlite3
import sys
import weakref
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from networking_folder.store import db as store_db
from networking_folder.store import migrations
from networking_folder.store.backup import read_only, sweep_partials
from networking_folder.store.db import (
    PRAGMAS,
    check_data_file_path,
    check_folder_access,
    connect,
    open_connection,
    probe,
    refuse_lost_data,
)
from networking_folder.store.errors import FolderError, FolderMissing, raise_classified
from networking_folder.store.lock import FolderLock, tidy_after_reading

if TYPE_CHECKING:
    from networking_folder.services.backups import BackupService
    from networking_folder.services.contacts import ContactService
    from networking_folder.services.drafts import DraftService
    from networking_folder.services.followups import FollowUpService
    from networking_folder.services.groups import GroupService
    from networking_folder.services.notes import NoteService
    from networking_folder.services.profile import ProfileService
    from networking_folder.services.referrals import ReferralService
    from networking_folder.services.rules import RuleEngine
    from networking_folder.services.search import SearchService
    from networking_folder.services.settings import SettingsService
    from networking_folder.services.trash import TrashService
    from networking_folder.store.orm import FolderDatabase

DATA_FILE_NAME = "networking-folder.sqlite3"
SNAPSHOT_PRAGMAS = (("foreign_keys", 1),)  # a copy in memory: nothing to make durable


class Change(str, Enum):
    """Kinds of data a use-case may change; views showing that kind reload."""

    CONTACTS = "contacts"
    GROUPS = "groups"
    REFERRALS = "referrals"
    FOLLOW_UPS = "follow_ups"
    NOTES = "notes"
    SETTINGS = "settings"
    REGISTER = "register"  # the promoter register: compensation, agreements, disclosures


Listener = Callable[[frozenset[Change]], None]
T = TypeVar("T")


def database_errors() -> tuple[type[BaseException], ...]:
    """What a failed statement raises: sqlite3's errors, and once peewee is loaded (it
    loads with the first record used: store/orm.py) its wrappers of them too."""
    peewee = sys.modules.get("peewee")
    return (sqlite3.Error,) if peewee is None else (sqlite3.Error, peewee.DatabaseError)


class Folder:
    """One open folder. Open with ``Folder.open(directory)``; close when done."""

    # The services, each made on its first use (they hold nothing but the folder): a first
    # screen that needs only the profile does not import the others' modules. (Imports
    # written out, not looked up by name, so the bundle's analysis finds them.)
    @functools.cached_property
    def settings(self) -> SettingsService:
        from networking_folder.services.settings import SettingsService

        return SettingsService(self)

    @functools.cached_property
    def rules(self) -> RuleEngine:
        from networking_folder.services.rules import RuleEngine

        return RuleEngine(self)

    @functools.cached_property
    def contacts(self) -> ContactService:
        from networking_folder.services.contacts import ContactService

        return ContactService(self)

    @functools.cached_property
    def groups(self) -> GroupService:
        from networking_folder.services.groups import GroupService

        return GroupService(self)

    @functools.cached_property
    def referrals(self) -> ReferralService:
        from networking_folder.services.referrals import ReferralService

        return ReferralService(self)

    @functools.cached_property
    def follow_ups(self) -> FollowUpService:
        from networking_folder.services.followups import FollowUpService

        return FollowUpService(self)

    @functools.cached_property
    def notes(self) -> NoteService:
        from networking_folder.services.notes import NoteService

        return NoteService(self)

    @functools.cached_property
    def trash(self) -> TrashService:
        from networking_folder.services.trash import TrashService

        return TrashService(self)

    @functools.cached_property
    def search(self) -> SearchService:
        from networking_folder.services.search import SearchService

        return SearchService(self)

    @functools.cached_property
    def drafts(self) -> DraftService:
        from networking_folder.services.drafts import DraftService

        return DraftService(self)

    @functools.cached_property
    def backups(self) -> BackupService:
        from networking_folder.services.backups import BackupService

        return BackupService(self)

    @functools.cached_property
    def profile(self) -> ProfileService:
        from networking_folder.services.profile import ProfileService

        return ProfileService(self)

    def __init__(
        self,
        directory: Path,
        conn: sqlite3.Connection,
        lock: FolderLock | None = None,
        *,
        busy_timeout: float = 5.0,
        database: str | None = None,
        pragmas: tuple = PRAGMAS,
    ) -> None:
        self.directory = Path(directory)
        # The data file's connection; peewee takes it over when a record is first used (db).
        self._conn: sqlite3.Connection | None = conn
        self._db: FolderDatabase | None = None
        # What peewee's database is called, and set on a connection it opens itself.
        self._database = database or str(self.directory / DATA_FILE_NAME)
        self._pragmas = pragmas
        self._records_hook = None  # set when it becomes the folder opened last
        self._busy_timeout = busy_timeout
        self.lock = lock
        self.read_only = lock is None  # a snapshot: changes go to memory, never to the file
        self._listeners: list[Listener] = []
        self._depth = 0
        self._pending: set[Change] = set()
        # The records the news is about: UUIDs by table, for listeners to read while they are
        # told (a list then updates only those rows); None when unknown (another program's
        # change, a restore), which means everything.
        self.touched: dict[str, frozenset[str]] | None = None
        self._touched: dict[str, set[str]] = {}
        self.log_changes = True  # benchmarks/change_log.py turns it off for its baseline
        self._device: str | None = None
        self._history = None
        self._writes = None
        self._recordings: list[list] = []  # open recording() lists, innermost last
        self._data_version: int | None = None  # SQLite's, at the last changed_elsewhere()

    @classmethod
    def open(cls, directory: Path | str, *, busy_timeout: float = 5.0) -> Folder:
        """Open the folder in ``directory`` (made if missing) and hold it open (a shared
        lock) until closed; raises FolderError."""
        directory = Path(directory).expanduser()
        try:
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise FolderError(f"Cannot create the folder {directory}: {exc.strerror}.") from exc
        check_folder_access(directory / DATA_FILE_NAME)  # (before the lock and the sweeps)
        lock = FolderLock(directory)
        try:
            lock.share()
            sweep_partials(directory)
            sweep_partials(directory / "backups")
            conn = open_connection(directory / DATA_FILE_NAME, busy_timeout=busy_timeout)
        except BaseException:
            lock.release()
            raise
        folder = cls(directory, conn, lock, busy_timeout=busy_timeout)
        folder._follow_the_last_opened()
        folder._log_baseline()
        return folder

    def _follow_the_last_opened(self) -> None:
        """The records follow the folder opened last (tests and benchmarks open two at once):
        bound to it now if they are loaded, else as they load (store/db.records_database)."""
        folder = weakref.ref(self)

        def database():
            opened = folder()
            return None if opened is None or opened.is_closed() else opened.db

        self._records_hook = store_db.records_database = database
        if "networking_folder.store.records" in sys.modules:
            self.db  # noqa: B018 (made now, and the records bound to it)

    @property
    def db(self) -> FolderDatabase:
        """The folder's peewee database, over the same connection (store/orm.py); made, and
        the records bound to it, the first time a service reads or writes a record."""
        if self._db is None:
            from networking_folder.store import records
            from networking_folder.store.orm import FolderDatabase, adopt

            if self._conn is None:  # closed: peewee opens the file again, as it always would
                self._db = FolderDatabase(
                    self._database, pragmas=self._pragmas, timeout=self._busy_timeout
                )
            else:  # (the connection is let go only once peewee holds it)
                self._db = adopt(
                    self._conn, self._database, pragmas=self._pragmas,
                    busy_timeout=self._busy_timeout,
                )  # fmt: skip
                self._conn = None
            if store_db.records_database is self._records_hook:  # (only the last opened's)
                records.bind(self._db)
        return self._db

    def connection(self) -> sqlite3.Connection:
        """The data file's connection, for statements in SQL (on the window's thread)."""
        if self._db is None and self._conn is not None:
            return self._conn
        return self.db.connection()

    def is_closed(self) -> bool:
        return self._conn is None if self._db is None else self._db.is_closed()

    def _log_baseline(self) -> None:
        """A folder from before the change log: what it holds is logged once, as it stands."""
        conn = self.connection()
        if conn.execute(
            "SELECT EXISTS (SELECT 1 FROM change_log WHERE tbl <> 'folder')"
        ).fetchone()[0]:
            return  # (the usual case, decided without loading the log's code)
        from networking_folder.store import changelog

        if not changelog.needs_baseline(conn):
            return
        with self.transaction(quiet=True):  # (the log of what is there: no change to it)
            if changelog.needs_baseline(conn):  # (another program may have done it meanwhile)
                changelog.append(conn, self.device, changelog.baseline(conn))

    @classmethod
    def snapshot(cls, directory: Path | str) -> Folder:
        """The folder as it is now, read into memory, for commands that only read: the data
        file is never written (nor a folder made), and a file of an older version is read
        through a migrated copy. Date-driven rules may run on the copy."""
        directory = Path(directory).expanduser()
        path = existing_data_file(directory)
        lock = FolderLock(directory)
        try:
            lock.share()
            version = probe(path)
            if version == 0:
                refuse_lost_data(path)
            conn = connect(":memory:", pragmas=SNAPSHOT_PRAGMAS)
            source = read_only(path)
            try:
                source.backup(conn)
            finally:
                source.close()
        except sqlite3.Error as exc:
            raise_classified(exc, path)
        finally:
            lock.release()
        tidy_after_reading(path)
        for target in migrations.pending(version):
            migrations.apply(conn, target)
        copy = cls(directory, conn, database=":memory:", pragmas=SNAPSHOT_PRAGMAS)
        copy._follow_the_last_opened()
        copy.log_changes = False  # the day's rules on a throwaway copy are no one's changes
        return copy

    @property
    def path(self) -> Path:
        return self.directory / DATA_FILE_NAME

    @property
    def name(self) -> str:
        return self.directory.name

    def close(self) -> None:
        if not self.is_closed():
            conn = self.connection()
            if conn.in_transaction:  # never left open, but never closed over either
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            # Fold the write-ahead log back into the file so it is whole on its own.
            if not self.read_only:
                with contextlib.suppress(*database_errors()):
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            with contextlib.suppress(*database_errors()):
                if self._db is None:
                    self._conn = None
                    conn.close()
                else:
                    self._db.close()
        if self.lock is not None:
            self.lock.release()

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
    def transaction(self, *changes: Change, quiet: bool = False) -> Iterator[None]:
        """One use-case: all of it is saved, or none of it; listeners hear after the commit.

        It counts as a change (for backups: ``needs_backup``) when it names a kind of change
        or writes anything, a draft or a setting included; one that writes nothing is none.
        ``quiet``: the program's own bookkeeping (which backup holds what, the change log's
        first entries for what a folder already held), never counted.

        The outermost transaction begins IMMEDIATE, so it takes the write lock at once and
        waits out the busy timeout behind another writer (a DEFERRED one fails at once when
        it upgrades its lock). A failed transaction is always rolled back, and the error
        that made it fail is the one reported (not a failed ROLLBACK after SQLite's own).
        """
        self._depth += 1
        depth = self._depth
        savepoint = f"nf_{depth}"
        self._pending.update(changes)
        committed = False
        try:
            conn = self.connection()
            if depth == 1:
                if conn.in_transaction:  # left by a failure we could not roll back then
                    conn.execute("ROLLBACK")
                conn.execute("BEGIN IMMEDIATE")
                written = conn.total_changes
            else:
                conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield
                if depth == 1 and not quiet and (self._pending or conn.total_changes != written):
                    # Counts changes, so backups know whether there is anything new to keep.
                    self.settings._put("meta.changes", self.change_count() + 1)
                conn.execute("COMMIT" if depth == 1 else f"RELEASE {savepoint}")
            except BaseException:
                _roll_back(conn, None if depth == 1 else savepoint)
                raise
            committed = depth == 1
        except FolderError:
            raise
        except database_errors() as exc:
            peewee = sys.modules.get("peewee")
            if isinstance(exc, sqlite3.IntegrityError) or (
                peewee is not None and isinstance(exc, peewee.IntegrityError)
            ):
                raise  # a broken constraint is our bug, not the user's disk
            raise_classified(exc, self.path)
        finally:
            self._depth -= 1
            if self._depth == 0:
                news = frozenset(self._pending)
                self._pending.clear()
                touched, self._touched = self._touched, {}
                if committed and news:
                    told = self.touched
                    self.touched = {t: frozenset(uuids) for t, uuids in touched.items()}
                    try:
                        for listener in list(self._listeners):
                            listener(news)
                    finally:
                        self.touched = told

    def changed_elsewhere(self) -> bool:
        """Whether another connection (another program, such as an import from the command
        line) committed a change to the file since the last look: SQLite's data_version, which
        our own commits never move. The first look only takes the mark."""
        try:
            version = self.connection().execute("PRAGMA data_version").fetchone()[0]
        except database_errors():
            return False  # (a closed or damaged file says so elsewhere)
        seen, self._data_version = self._data_version, version
        return seen is not None and seen != version

    def announce(self, changes: Iterable[Change]) -> None:
        """Tell everyone listening that these kinds of data changed (outside a transaction:
        changes another program made)."""
        news = frozenset(changes)
        for listener in list(self._listeners):
            listener(news)

    def restore_backup(self, backup: Path):
        """Put a backup in place of this folder's data and carry on with it (what was there is
        backed up first, or moved aside if damaged: see backups.restore). Refuses, with the
        folder left as it was, while another process has the folder open. Everyone hears
        that everything changed (the file may also have been replaced by another process
        while this one waited for it)."""
        from networking_folder.services.backups import restore

        self.close_database()  # nothing of ours is open while the file may be replaced
        failure: BaseException | None = None
        restored = None
        try:
            self.lock.exclusive()  # raises FolderInUse, naming who has it open
            try:
                restored = restore(self.path, backup)
            finally:
                self.lock.share(wait=True)
        except BaseException as exc:
            failure = exc
        try:
            # The restored data, or the old if it failed.
            self._conn, self._db = open_connection(self.path, busy_timeout=self._busy_timeout), None
            self._data_version = None  # (a new connection counts afresh)
            self._follow_the_last_opened()
            self._log_baseline()
        except FolderError as reopen:
            if failure is None:
                raise
            raise FolderError(f"{failure} {reopen}") from failure
        finally:
            for listener in list(self._listeners):
                listener(frozenset(Change))
        if failure is not None:
            raise failure
        return restored

    def close_database(self) -> None:
        """Close the connection but keep holding the folder (its lock)."""
        lock, self.lock = self.lock, None
        try:
            self.close()
        finally:
            self.lock = lock

    @property
    def writes(self):
        """How the services change records (services/writes.py), made on the first change."""
        from networking_folder.services.writes import Writes

        if self._writes is None:
            self._writes = Writes(self)
        return self._writes

    @property
    def scorecards(self):
        """Partner scorecards (services/scorecards.py), made on first use."""
        from networking_folder.services.scorecards import ScorecardService

        return ScorecardService(self)

    @property
    def promoters(self):
        """The promoter register (services/promoters.py), made on first use."""
        from networking_folder.services.promoters import PromoterService

        return PromoterService(self)

    @property
    def home(self):
        """The home page's figures (services/home.py), made on first use."""
        from networking_folder.services.home import HomeService

        return HomeService(self)

    @property
    def history(self):
        """Records' histories from the change log (made on first use: not on the start path)."""
        from networking_folder.services.history import HistoryService

        if self._history is None:
            self._history = HistoryService(self)
        return self._history

    @property
    def device(self) -> str:
        """The device this program runs on (kept in the user's configuration, not here)."""
        if self._device is None:
            from networking_folder.store.identity import device_id

            self._device = device_id()
        return self._device

    def apply(self, operations: list, log: bool = True) -> list[int]:
        """Make a change: its operations applied to the tables and written to the change log,
        in the open transaction (the one way the services change records). Returns the row
        ids of the records it made."""
        from networking_folder.store import changelog

        if self._depth == 0:
            raise RuntimeError("a change is made inside folder.transaction()")
        conn = self.connection()
        made = changelog.apply(conn, operations)
        for op in operations:
            self._touched.setdefault(op.table, set()).add(op.record)
        if log:  # (bookkeeping, such as the change counter, is no one's step to undo)
            for recorded in self._recordings:
                recorded.extend(operations)
        if log and self.log_changes:
            changelog.append(conn, self.device, operations)
        return made

    @contextlib.contextmanager
    def recording(self) -> Iterator[list]:
        """The operations of every change made inside, in order (for an undo that takes
        exactly them back: services/steps.py). Recordings may nest."""
        recorded: list = []
        self._recordings.append(recorded)
        try:
            yield recorded
        finally:
            self._recordings.remove(recorded)

    def made_by(self, action: Callable[[], T]) -> tuple[T, dict[str, list[int]]]:
        """Run a use-case and say which contacts, notes, follow-ups and referrals it made
        (for its undo). One IMMEDIATE transaction around it: no other writer can add a row
        between the two looks at the highest ids."""
        tables = ("contact", "note", "follow_up", "referral")
        with self.transaction():
            before = {t: self.query(f"SELECT coalesce(max(id), 0) FROM {t}")[0][0] for t in tables}
            result = action()
            made = {
                t: [
                    row[0]
                    for row in self.query(
                        f"SELECT id FROM {t} WHERE id > ? AND deleted_at IS NULL", (before[t],)
                    )
                ]
                for t in tables
            }
        return result, {t: ids for t, ids in made.items() if ids}

    def change_count(self) -> int:
        """How many changes the folder has seen (a counter kept in the file)."""
        return int(self.settings.get("meta.changes", 0))

    def needs_backup(self) -> bool:
        return self.change_count() != int(self.settings.get("backup.at_change", -1))

    def backup_done(self, at_change: int) -> None:
        """Remember that the data as it was at ``at_change`` is in a backup (bookkeeping:
        itself no change, and nobody is told)."""
        with self.transaction(quiet=True):
            self.settings._put("backup.at_change", at_change)

    def apply_daily_rules(self, today: dt.date | None = None) -> int:
        """Rules that depend on the date (R7, keep in touch); safe to run any number of times.
        Returns how many follow-ups they made. Only then is it a change: one that makes
        nothing is not counted (so opening the window is not a reason for a backup) and
        nobody is told (the lists are not read again)."""
        with self.transaction():
            made = self.rules.daily(today or dt.date.today())
            if made:
                self._pending.add(Change.FOLLOW_UPS)
        return made

    def query(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        """Rows of a read-only query, as plain tuples."""
        try:
            return self.connection().execute(sql, params).fetchall()
        except database_errors() as exc:
            raise_classified(exc, self.path)

    def first_rows(
        self, live: str, order_by: str, params: tuple, limit: int, rows_of: Callable
    ) -> tuple[list, int]:
        """A long list's first screen: the ids of the first ``limit`` records of ``live``
        ("FROM table WHERE ...", with ``params``) in ``order_by``, read in a few milliseconds;
        ``rows_of(ids)`` makes their rows, returned in that order, with how many
        records ``live`` has in all."""
        sql = f"SELECT id {live} ORDER BY {order_by} LIMIT ?"
        ids = [i for (i,) in self.query(sql, (*params, limit))]
        ((total,),) = self.query(f"SELECT count(*) {live}", params)
        by_id = {row.id: row for row in rows_of(ids)}
        return [by_id[i] for i in ids], total

    def query_each(self, sql: str, params: tuple | list = ()) -> Iterator[tuple]:
        """Rows of a read-only query one at a time: a long list is made from them without
        every row's tuple held at once as well (50,000 referrals: 14 MB less at the peak)."""
        try:
            yield from self.connection().execute(sql, params)
        except database_errors() as exc:
            raise_classified(exc, self.path)

    def ids_of(self, table: str, uuids: Iterable[str]) -> list[int]:
        """The row ids of the records of ``table`` with these UUIDs (those still in the file)."""
        from networking_folder.services.writes import chunked

        select = f"SELECT id FROM {table} WHERE uuid IN"
        return [i for (i,) in chunked(self.connection(), select, sorted(uuids))]

    def uuids(self, table: str, ids: Iterable[int | None]) -> dict[int, str]:
        """The UUIDs of these rows of ``table`` (a record table), by row id."""
        from networking_folder.store.migrations import RECORD_TABLES

        if table not in RECORD_TABLES:
            raise ValueError(f"not a record table: {table}")
        from networking_folder.services.writes import chunked

        wanted = sorted({i for i in ids if i is not None})
        try:
            select = f"SELECT id, uuid FROM {table} WHERE id IN"
            return dict(chunked(self.connection(), select, wanted))
        except database_errors() as exc:
            raise_classified(exc, self.path)

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

    def holds_anything(self) -> bool:
        """Whether any contact, referral, note or group is in the folder (the trash included):
        one look per table that stops at the first row, so it costs nothing at start-up (a
        full count took a third of a second on a folder of 100,000 referrals)."""
        sql = " OR ".join(
            f"EXISTS (SELECT 1 FROM {table})"
            for table in ("contact", "referral", "note", "networking_group")
        )
        return bool(self.query(f"SELECT {sql}")[0][0])

    def is_empty(self) -> bool:
        return not any(self.counts().values())


def _roll_back(conn: sqlite3.Connection, savepoint: str | None) -> None:
    """Undo a failed transaction (or savepoint). SQLite may have rolled the whole
    transaction back by itself (a full disk, an I/O error): then there is nothing to undo."""
    if not conn.in_transaction:
        return
    with contextlib.suppress(sqlite3.Error):
        if savepoint is None:
            conn.execute("ROLLBACK")
        else:
            conn.execute(f"ROLLBACK TO {savepoint}")
            conn.execute(f"RELEASE {savepoint}")


def outside_folder(directory: Path, target: Path) -> Path:
    """``target`` if it is outside the folder in ``directory``; a PDF or a copy written over
    the data file, its logs or its backups would replace the folder. Raises FolderError."""
    folder = Path(os.path.realpath(directory))
    place = Path(os.path.realpath(target))
    if place == folder or folder in place.parents:
        raise FolderError(
            f"{target} is inside the folder {directory}, where it could overwrite your data: "
            "choose a place outside it."
        )
    return Path(target)


def existing_data_file(directory: Path) -> Path:
    """The data file of the folder in ``directory``, for what only reads it: never made
    here. A missing or empty one beside a folder's traces is damage (FolderDamaged)."""
    directory = Path(directory)
    if not os.path.isdir(directory):  # (False, not an error, when a parent keeps us out)
        if os.path.lexists(directory.parent) and not os.access(directory.parent, os.X_OK):
            check_folder_access(directory)  # (says the parent keeps us out)
        raise FolderMissing(f"There is no folder in {directory} (it does not exist).")
    path = directory / DATA_FILE_NAME
    check_data_file_path(path)
    if not path.exists() or not path.stat().st_size:
        refuse_lost_data(path)
        raise FolderMissing(f"There is no folder in {directory}.")
    return path
