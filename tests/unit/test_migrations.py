"""Every migration upgrades a file of the previous version; backups come first.

A test named ``test_upgrade_to_v<N>`` must exist for every registered migration N.
"""

from __future__ import annotations

import sqlite3
import sys

import pytest

from networking_folder.services import Folder
from networking_folder.services.folder import DATA_FILE_NAME
from networking_folder.store import migrations


def test_every_migration_has_its_own_test():
    here = sys.modules[__name__]
    missing = [v for v in migrations.MIGRATIONS if not hasattr(here, f"test_upgrade_to_v{v}")]
    assert not missing, f"migrations without a test: {missing}"


def test_every_migration_says_what_it_changes():
    for version, func in migrations.MIGRATIONS.items():
        assert func.__doc__ and func.__doc__.startswith(f"Version {version}:"), version


def test_upgrade_to_v1(tmp_path):
    """Version 0 is an empty SQLite file (as a brand-new file is)."""
    directory = tmp_path / "f"
    directory.mkdir()
    sqlite3.connect(directory / DATA_FILE_NAME).close()
    with Folder.open(directory) as folder:
        assert folder.counts() == dict.fromkeys(folder.counts(), 0)
        version = folder.db.connection().execute("PRAGMA user_version").fetchone()[0]
        assert version >= 1
    assert not (directory / "backups").exists(), "an empty file has nothing to back up"


def register_v2(monkeypatch, calls):
    """A second migration, registered for one test only, to exercise the upgrade path."""

    def add_birthday(conn):
        """Version 2: contacts have a birthday."""
        calls.append(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.execute("ALTER TABLE contact ADD COLUMN birthday DATE")

    monkeypatch.setitem(migrations.MIGRATIONS, 2, add_birthday)
    monkeypatch.setattr(migrations, "LATEST_VERSION", 2)


def _v1_folder_with(directory, name):
    from networking_folder.domain.model import Contact

    with Folder.open(directory) as folder:
        folder.contacts.create(Contact(name=name))


def test_backup_is_taken_before_migrating(tmp_path, monkeypatch):
    directory = tmp_path / "f"
    _v1_folder_with(directory, "Before the upgrade")
    calls = []

    def add_birthday(conn):
        """Version 2: contacts have a birthday."""
        backups = list((directory / "backups").glob("*.sqlite3"))
        calls.append(len(backups))  # the backup exists by the time the migration runs
        conn.execute("ALTER TABLE contact ADD COLUMN birthday DATE")

    monkeypatch.setitem(migrations.MIGRATIONS, 2, add_birthday)
    monkeypatch.setattr(migrations, "LATEST_VERSION", 2)
    Folder.open(directory).close()
    assert calls == [1]
    (backup,) = (directory / "backups").glob("*-before-upgrade-from-v1.sqlite3")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT name FROM contact").fetchall() == [("Before the upgrade",)]
    assert (backup.stat().st_mode & 0o777) == 0o600


def test_migrating_twice_changes_nothing(tmp_path, monkeypatch):
    directory = tmp_path / "f"
    _v1_folder_with(directory, "Ann")
    calls = []
    register_v2(monkeypatch, calls)
    Folder.open(directory).close()
    Folder.open(directory).close()
    assert calls == [1], "the migration ran once, from version 1"
    with sqlite3.connect(directory / DATA_FILE_NAME) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert len(list((directory / "backups").glob("*.sqlite3"))) == 1


def test_a_failing_migration_leaves_the_file_at_its_old_version(tmp_path, monkeypatch):
    directory = tmp_path / "f"
    _v1_folder_with(directory, "Ann")

    def broken(conn):
        """Version 2: fails halfway."""
        conn.execute("ALTER TABLE contact ADD COLUMN birthday DATE")
        raise RuntimeError("boom")

    monkeypatch.setitem(migrations.MIGRATIONS, 2, broken)
    monkeypatch.setattr(migrations, "LATEST_VERSION", 2)
    with pytest.raises(RuntimeError):
        Folder.open(directory)
    with sqlite3.connect(directory / DATA_FILE_NAME) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        columns = [row[1] for row in conn.execute("PRAGMA table_info(contact)")]
        assert "birthday" not in columns, "the half-done migration was rolled back"
        assert conn.execute("SELECT name FROM contact").fetchall() == [("Ann",)]
