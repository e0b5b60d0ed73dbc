"""``audit --verify`` (issue 11, item 4): a change log edited, added to or cut in the file is
found and its first broken entry named; a tail cut off is found against a backup's head; a
restore is logged, so the heads it replaced are no false alarm."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from networking_folder.cli import main
from networking_folder.domain.model import Contact
from networking_folder.services import Folder
from networking_folder.services.demo import fill_demo_folder
from networking_folder.services.folder import DATA_FILE_NAME
from networking_folder.store import changelog

COLUMNS = ("seq", "hlc", "tbl", "record", "field", "old", "new", "prev_hash", "hash")


@pytest.fixture(scope="module")
def logged_file(tmp_path_factory) -> Path:
    """A folder file whose log has a few hundred entries (the demo, a contact edited)."""
    directory = tmp_path_factory.mktemp("logged")
    with Folder.open(directory) as folder:
        fill_demo_folder(folder, today=dt.date(2026, 11, 23))
        person = folder.contacts.get(folder.contacts.rows()[0].id)
        person.notes = "Two kids; prefers mornings."
        folder.contacts.update(person)
    return directory / DATA_FILE_NAME


def audit(directory: Path, capsys, *extra: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["audit", "--verify", "--data-dir", str(directory), *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_whole_log_passes(logged_file, tmp_path, capsys):
    directory = tmp_path / "f"
    directory.mkdir()
    shutil.copy(logged_file, directory / DATA_FILE_NAME)
    code, out, err = audit(directory, capsys)
    assert code == 0, err
    assert "Every chain is whole" in out and "entries from 1 device" in out


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_edit_insertion_or_removal_in_the_log_is_named(logged_file, capsys, data):
    with tempfile.TemporaryDirectory() as temp:
        directory = Path(temp)
        shutil.copy(logged_file, directory / DATA_FILE_NAME)
        conn = sqlite3.connect(directory / DATA_FILE_NAME, isolation_level=None)
        (device, last), = conn.execute("SELECT device, max(seq) FROM change_log GROUP BY device")
        kind = data.draw(st.sampled_from(["edit", "insert", "remove"]), label="kind")
        if kind == "edit":
            seq = data.draw(st.integers(1, last), label="entry")
            column = data.draw(st.sampled_from(COLUMNS), label="column")
            (old,) = conn.execute(
                f"SELECT {column} FROM change_log WHERE device = ? AND seq = ?", (device, seq)
            ).fetchone()
            if column == "seq":  # renumbered past the end: its place is empty
                value = data.draw(st.integers(last + 1, last + 1000), label="value")
            else:
                value = data.draw(st.text(min_size=1, max_size=70).filter(lambda v: v != old))
            conn.execute(
                f"UPDATE change_log SET {column} = ? WHERE device = ? AND seq = ?",
                (value, device, seq),
            )
            named = seq
        elif kind == "insert":
            # A forged entry: after the last of this device, or the first of a made-up one.
            forged_device = data.draw(st.sampled_from([device, "forged-device"]), label="device")
            seq = last + 1 if forged_device == device else 1
            fields = [data.draw(st.text(max_size=70), label=c) for c in COLUMNS[1:]]
            conn.execute(
                "INSERT INTO change_log (device, seq, hlc, tbl, record, field, old, new,"
                " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (forged_device, seq, *fields),
            )
            device, named = forged_device, seq
        else:  # removed from the middle (a cut tail is for the backups to catch: below)
            seq = data.draw(st.integers(1, last - 1), label="entry")
            conn.execute("DELETE FROM change_log WHERE device = ? AND seq = ?", (device, seq))
            named = seq
        conn.close()
        code, _out, err = audit(directory, capsys)
    assert code == 1
    assert f"device {device}, entry {named}:" in err, err


def test_a_log_cut_short_is_found_against_a_backups_head(logged_file, tmp_path, capsys):
    directory = tmp_path / "f"
    (directory / "backups").mkdir(parents=True)
    shutil.copy(logged_file, directory / DATA_FILE_NAME)
    assert main(["backup", "--data-dir", str(directory)]) == 0
    conn = sqlite3.connect(directory / DATA_FILE_NAME, isolation_level=None)
    (device, last), = conn.execute("SELECT device, max(seq) FROM change_log GROUP BY device")
    conn.execute("DELETE FROM change_log WHERE seq > ?", (last - 3,))  # the tail cut off
    conn.close()
    code, _out, err = audit(directory, capsys)
    assert code == 1
    assert f"device {device}, entry {last}: is missing: the log was cut short" in err
    assert "networking-folder-" in err, "says which backup recorded the head"


def rewrite_log(directory: Path, number: int, new_value) -> None:
    """What someone with the file and this program's source can do: change the ``number``th
    entry's new value and recompute every hash after it, so that the chain is whole again."""
    conn = sqlite3.connect(directory / DATA_FILE_NAME, isolation_level=None)
    rows = conn.execute(
        "SELECT device, seq, hlc, tbl, record, field, old, new FROM change_log ORDER BY seq"
    ).fetchall()
    prev = changelog.GENESIS
    for place, (device, seq, hlc, table, record, field, old, new) in enumerate(rows):
        if place == number:
            new = new_value(new)
        digest = changelog.entry_hash(device, seq, hlc, table, record, field, old, new, prev)
        conn.execute(
            "UPDATE change_log SET new = ?, prev_hash = ?, hash = ? WHERE device = ? AND seq = ?",
            (new, prev, digest, device, seq),
        )
        prev = digest
    conn.close()


def test_a_rewritten_log_is_found_against_a_printed_head(logged_file, tmp_path, capsys):
    """Someone who edits an entry and recomputes every hash after it: the chain is whole,
    but the head printed earlier by ``check`` is no longer in it."""
    directory = tmp_path / "f"
    directory.mkdir()
    shutil.copy(logged_file, directory / DATA_FILE_NAME)
    capsys.readouterr()
    assert main(["check", "--data-dir", str(directory)]) == 0
    printed = capsys.readouterr().out.split("Change log head ")[1].strip()
    rewrite_log(directory, 5, lambda new: changelog.canonical("Something else"))
    code, _out, _err = audit(directory, capsys)
    assert code == 0, "a log rewritten whole is not caught by itself: tamper-evident, not proof"
    code, _out, err = audit(directory, capsys, "--head", printed)
    assert code == 1 and "differs from the recorded head" in err


def test_a_restore_is_logged_and_the_heads_it_replaced_are_no_alarm(tmp_path, capsys):
    directory = tmp_path / "f"
    with Folder.open(directory) as folder:
        folder.contacts.create(Contact(name="Before the backup"))
        older = folder.backups.make("older")
        folder.contacts.create(Contact(name="After the backup"))
        folder.backups.make("newer")  # a newer backup, whose head the restore will replace
        folder.restore_backup(older)
        conn = folder.db.connection()
        (restore,) = changelog.entries(conn, "tbl = ?", (changelog.FOLDER,))
        assert restore.field == changelog.RESTORED
        assert restore.operation.new["backup"] == older.name
        assert restore.operation.old, "the heads of the log it replaced"
        assert [c.name for c in folder.contacts.choices()] == ["Before the backup"]
    code, out, err = audit(directory, capsys)
    assert code == 0, err


def test_a_restore_excuses_only_the_heads_it_replaced(tmp_path, capsys):
    """After a restore of an older backup, a rewrite of the log (hashes recomputed) is still
    found against the backups: the restore names the heads it replaced, no more."""
    directory = tmp_path / "f"
    with Folder.open(directory) as folder:
        for number in range(5):
            folder.contacts.create(Contact(name=f"Person {number}"))
        older = folder.backups.make("older")
        folder.contacts.create(Contact(name="After the backup"))
        folder.backups.make("newer")
        folder.restore_backup(older)
        folder.contacts.create(Contact(name="After the restore"))
    assert audit(directory, capsys)[0] == 0
    # an entry from before the restored backup, rewritten
    rewrite_log(
        directory, 1, lambda new: changelog.canonical({**json.loads(new), "name": "Someone else"})
    )
    code, _out, err = audit(directory, capsys)
    assert code == 1 and "differs from the recorded head" in err, err


def test_recovering_from_a_damaged_file_is_no_false_alarm(tmp_path, capsys):
    from networking_folder.services.backups import restore

    directory = tmp_path / "f"
    with Folder.open(directory) as folder:
        folder.contacts.create(Contact(name="Kept"))
        older = folder.backups.make("older")
        folder.contacts.create(Contact(name="Lost with the damage"))
        folder.backups.make("newer")
    data = directory / DATA_FILE_NAME
    data.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)  # damaged
    restored = restore(data, older)
    assert restored.aside is not None and not restored.unlogged
    code, out, err = audit(directory, capsys)
    assert code == 0, err


def test_a_file_to_check_against_must_hold_a_log(logged_file, tmp_path, capsys):
    directory = tmp_path / "f"
    directory.mkdir()
    shutil.copy(logged_file, directory / DATA_FILE_NAME)
    stranger = tmp_path / "notes.sqlite3"
    sqlite3.connect(stranger).close()
    code, _out, err = audit(directory, capsys, "--against", str(stranger))
    assert code == 1 and "holds no change log" in err
