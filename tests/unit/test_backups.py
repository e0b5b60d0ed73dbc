"""Backups: checked, private, thinned, restored, and the check command."""

from __future__ import annotations

import datetime as dt
import os
import shlex
import sqlite3
import stat

import pytest

from networking_folder.domain.model import Contact
from networking_folder.services import Folder
from networking_folder.services.backups import BackupInfo, parse, restore, to_keep
from networking_folder.services.folder import DATA_FILE_NAME
from networking_folder.store.errors import FolderError
from tests.unit.test_cli import run


def test_a_backup_is_consistent_checked_and_private(folder):
    folder.contacts.create(Contact(name="Zoë Ørsted"))
    path = folder.backups.make()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name FROM contact").fetchall() == [("Zoë Ørsted",)]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [b.path for b in folder.backups.all()] == [path]
    assert folder.backups.all()[0].counts == {"contacts": 1, "referrals": 0, "notes": 0}


def test_thinning_over_a_simulated_year_keeps_7_days_4_weeks_12_months():
    start = dt.datetime(2025, 11, 23, 9, 0)
    backups = []
    for day in range(366):  # three backups a day for a year, and one before an upgrade
        for hour in (0, 4, 8):  # 09:00, 13:00, 17:00
            when = start + dt.timedelta(days=day, hours=hour)
            backups.append(BackupInfo(f"b-{when:%Y%m%d%H}", when, ""))
    upgrade = BackupInfo("b-upgrade", start + dt.timedelta(days=40), "before-upgrade-from-v2")
    backups.append(upgrade)
    today = (start + dt.timedelta(days=365)).date()
    kept = to_keep(backups, today)
    kept_infos = [b for b in backups if b.path in kept]
    assert upgrade.path in kept, "a backup taken before an upgrade is never thinned"
    days = {b.taken_at.date() for b in kept_infos}
    last_week = {today - dt.timedelta(days=n) for n in range(7)}
    assert last_week <= days, "one for each of the last 7 days"
    months = {(b.taken_at.year, b.taken_at.month) for b in kept_infos}
    assert len(months) >= 12, "one for each of the last 12 months"
    newest = max(backups, key=lambda b: b.taken_at)
    assert newest.path in kept
    assert len(kept) <= 7 + 4 + 12 + 2, f"thinned down, kept {len(kept)} of {len(backups)}"
    regular_days = [b.taken_at.date() for b in kept_infos if not b.why]
    assert len(regular_days) == len(set(regular_days)), "at most one per day"


def test_thinning_happens_after_each_regular_backup(folder):
    for day in range(20):
        folder.backups.make(now=dt.datetime(2026, 11, 1, 9) + dt.timedelta(days=day))
    names = sorted(b.taken_at.date() for b in folder.backups.all())
    assert len(names) < 20 and names[-1] == dt.date(2026, 11, 20)
    assert parse(folder.backups.all()[0].path).taken_at == dt.datetime(2026, 11, 20, 9)


def test_restore_backs_up_the_current_file_first_then_swaps(tmp_path):
    with Folder.open(tmp_path / "f") as folder:
        folder.contacts.create(Contact(name="Kept in the backup"))
        backup = folder.backups.make()
        folder.contacts.create(Contact(name="Added after the backup"))
    restored = restore(tmp_path / "f" / DATA_FILE_NAME, backup)
    with Folder.open(tmp_path / "f") as folder:
        assert [r.name for r in folder.contacts.rows()] == ["Kept in the backup"]
    assert restored.aside is None, "a sound file is backed up, not moved aside"
    with sqlite3.connect(restored.safety) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM contact")}
    assert names == {"Kept in the backup", "Added after the backup"}, "nothing is lost by restoring"


def test_restore_refuses_a_file_that_is_not_a_folder(tmp_path):
    Folder.open(tmp_path / "f").close()
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"hello")
    before = (tmp_path / "f" / DATA_FILE_NAME).read_bytes()
    with pytest.raises(FolderError):
        restore(tmp_path / "f" / DATA_FILE_NAME, bogus)
    assert (tmp_path / "f" / DATA_FILE_NAME).read_bytes() == before


def test_backup_restore_and_check_on_the_command_line(tmp_path):
    with Folder.open(tmp_path / "f") as folder:
        for n in range(300):
            folder.contacts.create(Contact(name=f"Person {n}", notes="x" * 200))
    data = ["--data-dir", str(tmp_path / "f")]
    result = run("backup", "-o", str(tmp_path / "mine.sqlite3"), *data)
    assert result.returncode == 0 and result.stdout.strip() == str(tmp_path / "mine.sqlite3")
    check = run("check", *data)
    assert check.returncode == 0 and "sound — 300 contacts" in check.stdout
    refused = run("restore", str(tmp_path / "mine.sqlite3"), *data)
    assert refused.returncode == 1 and "--yes" in refused.stderr
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a folder at all")
    bad = run("restore", str(garbage), "--yes", *data)
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1
    good = run("restore", str(tmp_path / "mine.sqlite3"), "--yes", *data)
    assert good.returncode == 0, good.stderr
    assert run("check", *data).returncode == 0


def test_check_on_a_file_with_garbage_in_its_middle_exits_1(tmp_path):
    with Folder.open(tmp_path / "f") as folder:
        for n in range(400):
            folder.contacts.create(Contact(name=f"Person {n}", notes="y" * 300))
    path = tmp_path / "f" / DATA_FILE_NAME
    data = bytearray(path.read_bytes())
    middle = len(data) // 4096 // 2 * 4096
    data[middle : middle + 8192] = os.urandom(8192)
    path.write_bytes(bytes(data))
    result = run("check", "--data-dir", str(tmp_path / "f"))
    assert result.returncode == 1
    assert "DAMAGED" in result.stderr


def damage(path):
    data = bytearray(path.read_bytes())
    middle = len(data) // 4096 // 2 * 4096
    data[middle : middle + 8192] = os.urandom(8192)
    path.write_bytes(bytes(data))


def folder_with_backup_then_damage(directory):
    with Folder.open(directory) as folder:
        for n in range(300):
            folder.contacts.create(Contact(name=f"Person {n}", notes="z" * 300))
        backup = folder.backups.make()
        folder.contacts.create(Contact(name="Added after the backup"))
    path = directory / DATA_FILE_NAME
    damage(path)
    return path, backup


def test_recover_moves_the_damaged_file_aside_untouched_and_puts_the_backup_in_place(tmp_path):
    from networking_folder.services.backups import newest_good_backup, recover

    path, backup = folder_with_backup_then_damage(tmp_path / "f")
    damaged = path.read_bytes()
    bad_backup = tmp_path / "f" / "backups" / "networking-folder-29990101-000000.sqlite3"
    bad_backup.write_bytes(damaged)  # the newest by its name, but damaged: skipped
    good = newest_good_backup(path)
    assert good is not None and good.path == backup
    aside = recover(path, good.path)
    assert aside.read_bytes() == damaged, "the damaged file is kept as it was"
    with Folder.open(tmp_path / "f") as folder:
        assert folder.counts()["contacts"] == 300


def test_a_damaged_folder_on_the_command_line_names_the_backup_to_restore(tmp_path):
    path, backup = folder_with_backup_then_damage(tmp_path / "f")
    before = path.read_bytes()
    result = run("--data-dir", str(tmp_path / "f"))  # no display: the line, then exit 1
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    command = line.split("To restore the newest good backup: ")[1]
    assert "damaged" in line and command.startswith(f"networking-folder restore {backup}")
    assert path.read_bytes() == before
    # The printed command works as printed, from anywhere: it names the folder.
    restored = run(*shlex.split(command)[1:])
    assert restored.returncode == 0, restored.stderr
    assert run("check", "--data-dir", str(tmp_path / "f")).returncode == 0


@pytest.mark.parametrize(
    "change",
    [
        "the ask typed on the home page",
        "two people told apart in Find duplicates",
        "a draft of a quick note",
        "a contact",
    ],
)
def test_every_change_of_the_users_is_one_a_backup_keeps(folder, change):
    """A setting or a draft alone is a change too: it used to reach a backup only because
    each opening counted as a change, which it no longer does when the rules make nothing."""
    from networking_folder.domain.model import Draft
    from networking_folder.services.duplicates import dismiss

    ann = folder.contacts.create(Contact(name="Ann Lee"))
    twin = folder.contacts.create(Contact(name="Ann Lee"))
    folder.backup_done(folder.change_count())  # the backup on closing, say
    assert not folder.needs_backup(), "a backup taken is no change itself"
    folder.apply_daily_rules(dt.date.today())
    assert not folder.needs_backup(), "nor is a run of the rules that makes nothing"
    make = {
        "the ask typed on the home page": lambda: folder.settings.set("sheet.ask", "Dentists"),
        "two people told apart in Find duplicates": lambda: dismiss(folder, ann, twin),
        "a draft of a quick note": lambda: folder.drafts.save(Draft(body="Half a thought")),
        "a contact": lambda: folder.contacts.create(Contact(name="Ben Carter")),
    }
    make[change]()
    assert folder.needs_backup()
