"""Opening the data file: what is refused is left byte-for-byte as it was."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import threading

import pytest

from networking_folder.services import Folder
from networking_folder.services.folder import DATA_FILE_NAME
from networking_folder.store import migrations
from networking_folder.store.db import open_database
from networking_folder.store.errors import (
    FolderDamaged,
    FolderLocked,
    FolderReadOnly,
    FolderTooNew,
    NotAFolderFile,
)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_folder_file(directory, contacts=3):
    with Folder.open(directory) as folder:
        from networking_folder.domain.model import Contact

        for number in range(contacts):
            folder.contacts.create(Contact(name=f"Person {number}"))
    return directory / DATA_FILE_NAME


def test_new_file_runs_the_whole_chain(tmp_path):
    db = open_database(tmp_path / "new.sqlite3")
    conn = db.connection()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "contact",
        "networking_group",
        "membership",
        "referral",
        "status_change",
        "follow_up",
        "note",
    } <= tables
    db.close()


def test_connection_is_safe(tmp_path):
    db = open_database(tmp_path / "new.sqlite3")
    conn = db.connection()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    db.close()


def test_files_are_private_to_the_user(tmp_path):
    path = make_folder_file(tmp_path / "f")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "f").st_mode) == 0o700


def test_opening_twice_changes_nothing(tmp_path):
    path = make_folder_file(tmp_path / "f")

    def schema():
        with sqlite3.connect(path) as conn:
            return (
                conn.execute("PRAGMA user_version").fetchone()[0],
                sorted(conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()),
                conn.execute("SELECT count(*) FROM contact").fetchone()[0],
            )

    first = schema()
    Folder.open(tmp_path / "f").close()
    assert schema() == first
    assert not (tmp_path / "f" / "backups").exists(), "no migration ran, so no backup is taken"


def test_newer_file_is_refused_and_untouched(tmp_path):
    path = make_folder_file(tmp_path / "f")
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    before = digest(path)
    with pytest.raises(FolderTooNew, match="newer Networking Folder"):
        Folder.open(tmp_path / "f")
    assert digest(path) == before


def test_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path):
    directory = tmp_path / "f"
    directory.mkdir()
    path = directory / DATA_FILE_NAME
    path.write_bytes(b"These are my notes, not a database.\n" * 100)
    before = digest(path)
    with pytest.raises(NotAFolderFile, match="not a Networking Folder data file"):
        Folder.open(directory)
    assert digest(path) == before
    made = sorted(p.name for p in directory.iterdir() if not p.name.endswith(".lock"))
    assert made == [DATA_FILE_NAME], "nothing but the folder's lock file is made beside it"


def test_another_programs_sqlite_file_is_refused_and_untouched(tmp_path):
    directory = tmp_path / "f"
    directory.mkdir()
    path = directory / DATA_FILE_NAME
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    before = digest(path)
    with pytest.raises(NotAFolderFile, match="another program"):
        Folder.open(directory)
    assert digest(path) == before


def test_damaged_file_is_refused_and_untouched(tmp_path):
    path = make_folder_file(tmp_path / "f", contacts=400)
    data = bytearray(path.read_bytes())
    page_size = 4096
    # Scribble over the middle pages (not the header): the kind of damage a bad disk does.
    middle = len(data) // page_size // 2 * page_size
    data[middle : middle + 2 * page_size] = os.urandom(2 * page_size)
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises((FolderDamaged, NotAFolderFile), match="damaged|not a Networking"):
        Folder.open(tmp_path / "f")
    assert digest(path) == before


def test_read_only_directory_is_refused_and_untouched(tmp_path):
    path = make_folder_file(tmp_path / "f")
    before = digest(path)
    os.chmod(tmp_path / "f", 0o500)
    try:
        with pytest.raises(FolderReadOnly, match="read-only"):
            Folder.open(tmp_path / "f")
    finally:
        os.chmod(tmp_path / "f", 0o700)
    assert digest(path) == before


def test_read_only_file_is_refused_and_untouched(tmp_path):
    path = make_folder_file(tmp_path / "f")
    before = digest(path)
    os.chmod(path, 0o400)
    with pytest.raises(FolderReadOnly, match="read-only"):
        Folder.open(tmp_path / "f")
    assert digest(path) == before


def test_a_folder_locked_by_another_program_says_so(tmp_path):
    from networking_folder.domain.model import Contact

    make_folder_file(tmp_path / "f")
    blocker = sqlite3.connect(tmp_path / "f" / DATA_FILE_NAME, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        folder = Folder.open(tmp_path / "f", busy_timeout=0.1)
        with pytest.raises(FolderLocked, match="in use by another program"):
            folder.contacts.create(Contact(name="Blocked"))
        folder.close()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with Folder.open(tmp_path / "f") as folder:
        assert "Blocked" not in [row.name for row in folder.contacts.rows()]


def test_writes_from_two_threads_use_their_own_connections(tmp_path):
    from networking_folder.domain.model import Contact

    with Folder.open(tmp_path / "f") as folder:
        errors = []

        def add(name):
            try:
                folder.contacts.create(Contact(name=name))
            except Exception as exc:  # pragma: no cover - shown in the assertion
                errors.append(exc)

        worker = threading.Thread(target=add, args=("From a worker",))
        worker.start()
        worker.join()
        add("From the main thread")
        assert not errors
        assert {"From a worker", "From the main thread"} <= {r.name for r in folder.contacts.rows()}
