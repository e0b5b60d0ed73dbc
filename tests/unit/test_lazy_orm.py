"""A folder opens, and its first screen is read, without peewee (a quarter of the window's
start-up imports): peewee loads with the first record used, and takes over the connection the
folder already has (store/orm.py). Each case runs in a fresh interpreter, where peewee is
not loaded yet (in this one, other tests have loaded it)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

from networking_folder.services.folder import DATA_FILE_NAME

OPEN = """
import sys, datetime as dt
from networking_folder.domain.model import Contact, Group
from networking_folder.services import Folder
from networking_folder.services.folder import Change
def peewee():
    return "peewee" in sys.modules
"""


def run(script: str, *args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", OPEN + textwrap.dedent(script), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()


def names_in(directory) -> list[str]:
    with sqlite3.connect(directory / DATA_FILE_NAME) as conn:
        return [name for (name,) in conn.execute("SELECT name FROM contact ORDER BY name")]


def test_the_first_screen_is_read_without_peewee_and_the_first_save_loads_it(tmp_path):
    seen = run(
        """
        folder = Folder.open(sys.argv[1])
        folder.profile.is_set_up(), folder.settings.get("calendar.country")
        folder.follow_ups.first_due(dt.date.today(), 10)
        folder.changed_elsewhere()
        print(peewee())
        folder.contacts.create(Contact(name="Ann Lee"))
        print(peewee(), [r.name for r in folder.contacts.rows()])
        folder.close()
        """,
        str(tmp_path),
    )
    assert seen == ["False", "True", "['Ann", "Lee']"]
    assert names_in(tmp_path) == ["Ann Lee"]


def test_a_save_through_a_record_joins_the_transaction_already_begun(tmp_path):
    """Peewee takes over the folder's own connection, in the middle of a transaction: a
    failure rolls back what was written before it loaded and what it wrote, together."""
    seen = run(
        """
        folder = Folder.open(sys.argv[1])
        try:
            with folder.transaction(Change.CONTACTS):
                folder.connection().execute(
                    "INSERT INTO setting (key, value) VALUES ('written.before', '1')")
                folder.contacts.create(Contact(name="Ann Lee"))
                print(peewee(), folder.connection().in_transaction)
                raise RuntimeError("the step after failed")
        except RuntimeError:
            pass
        print(folder.settings.get("written.before"), len(folder.contacts.rows()))
        with folder.transaction(Change.CONTACTS):
            folder.contacts.create(Contact(name="Bea Moss"))
        folder.close()
        """,
        str(tmp_path),
    )
    assert seen == ["True", "True", "None", "0"]
    assert names_in(tmp_path) == ["Bea Moss"], "the later save landed, in the file itself"


def test_records_loaded_after_two_folders_opened_write_to_the_last_one(tmp_path):
    """The records follow the folder opened last, whether they were loaded before it opened
    or only after (a service whose module uses them, imported later)."""
    seen = run(
        """
        first = Folder.open(sys.argv[1])
        second = Folder.open(sys.argv[2])
        print(peewee())
        second.groups.create(Group(name="Tuesday chapter"))
        third = Folder.open(sys.argv[3])
        third.contacts.create(Contact(name="Cy Dunn"))
        for folder in (first, second, third):
            folder.close()
        """,
        *(str(tmp_path / name) for name in ("one", "two", "three")),
    )
    assert seen == ["False"]
    groups = {}
    for name in ("one", "two", "three"):
        with sqlite3.connect(tmp_path / name / DATA_FILE_NAME) as conn:
            groups[name] = [g for (g,) in conn.execute("SELECT name FROM networking_group")]
    assert groups == {"one": [], "two": ["Tuesday chapter"], "three": []}
    assert [names_in(tmp_path / name) for name in ("one", "two", "three")] == [[], [], ["Cy Dunn"]]


def test_the_records_stay_with_the_last_opened_when_another_folder_first_uses_them(tmp_path):
    """An older folder whose peewee side is made later (a draft saved in it) does not take
    the records over from the folder opened after it."""
    seen = run(
        """
        from networking_folder.domain.model import Draft
        first, second = Folder.open(sys.argv[1]), Folder.open(sys.argv[2])
        for folder, name in ((first, "Alice in the first"), (second, "Bob in the second")):
            with folder.transaction(Change.CONTACTS):
                folder.connection().execute(
                    "INSERT INTO contact (uuid, name, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?)", (name, name, "2026-11-24 09:00:00", "2026-11-24 09:00:00"))
        first.drafts.save(Draft(body="a note half written"))
        print(second.contacts.get(1).name.replace(" ", "_"))
        first.close(), second.close()
        """,
        str(tmp_path / "one"),
        str(tmp_path / "two"),
    )
    assert seen == ["Bob_in_the_second"]


def test_a_record_first_used_while_a_long_read_is_under_way(tmp_path):
    """Peewee may take the connection over in the middle of a read (a list read row by row):
    the read goes on, and the connection is the folder's still."""
    seen = run(
        """
        folder = Folder.open(sys.argv[1])
        with folder.transaction(Change.CONTACTS):
            for name in ("Ann Lee", "Bea Moss"):
                folder.connection().execute(
                    "INSERT INTO contact (uuid, name, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?)", (name, name, "2026-11-24 09:00:00", "2026-11-24 09:00:00"))
        rows = folder.query_each("SELECT id FROM contact ORDER BY id")
        first = next(rows)[0]
        print(folder.contacts.get(first).name.replace(" ", "_"), [i for (i,) in rows])
        print(folder.db.connection() is folder.connection(), peewee())
        folder.close()
        """,
        str(tmp_path),
    )
    assert seen == ["Ann_Lee", "[2]", "True", "True"]
