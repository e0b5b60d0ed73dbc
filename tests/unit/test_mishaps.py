"""Ordinary mishaps around the data file (issue 9): an emptied or missing file, a full disk,
a restore while another process has the folder open, a damaged header, foreign files,
output paths that point into the folder, leftovers of killed processes. Each test failed
on the code before its fix."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap

import pytest

from networking_folder.domain.model import Contact
from networking_folder.services import Folder
from networking_folder.services.backups import restore, thin
from networking_folder.services.folder import DATA_FILE_NAME
from networking_folder.store import backup as store_backup
from networking_folder.store.errors import (
    DiskFull,
    DiskProblem,
    FolderDamaged,
    FolderError,
    FolderInUse,
    FolderLocked,
    NotAFolderFile,
)
from tests.unit.test_cli import run


def make_folder(directory, people=30, backup=True):
    with Folder.open(directory) as folder:
        for n in range(people):
            folder.contacts.create(Contact(name=f"Person {n}", notes="n" * 100))
        if backup:
            folder.backups.make(now=dt.datetime.now() - dt.timedelta(minutes=5))
    return directory / DATA_FILE_NAME


def names_in(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM contact")}
    finally:
        conn.close()


def backups_holding(directory):
    return sorted(
        sum(store_backup.counts_in(p).values())
        for p in (directory / "backups").glob("networking-folder-*.sqlite3")
    )


# -- 1. an empty or missing data file beside backups is damage -------------------------------
@pytest.mark.parametrize("mishap", ["emptied", "deleted"])
def test_an_emptied_or_deleted_data_file_beside_backups_is_damage_not_a_new_folder(
    tmp_path, mishap
):
    path = make_folder(tmp_path / "f")
    if mishap == "emptied":
        path.write_bytes(b"")
    else:
        path.unlink()
    before = backups_holding(tmp_path / "f")
    result = run("backup", "--data-dir", str(tmp_path / "f"))
    assert result.returncode == 1, result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert ("empty" if mishap == "emptied" else "missing") in line and "backups" in line
    assert backups_holding(tmp_path / "f") == before == [30], "no backup of nothing, none lost"
    with pytest.raises(FolderDamaged):
        Folder.open(tmp_path / "f")
    assert path.exists() == (mishap == "emptied") and (not path.exists() or not path.stat().st_size)
    # The window's start (no display here) names the backup to restore instead of opening.
    window = run("--data-dir", str(tmp_path / "f"))
    assert window.returncode == 1 and "networking-folder restore" in window.stderr


def test_a_missing_data_file_with_only_its_log_left_is_damage_too(tmp_path):
    path = make_folder(tmp_path / "f", backup=False)
    os.link(path, tmp_path / "kept")  # keep the bytes; a -wal stands where the file was
    path.unlink()
    (tmp_path / "f" / f"{DATA_FILE_NAME}-wal").write_bytes(b"\0" * 32)
    with pytest.raises(FolderDamaged, match="log files SQLite keeps beside it"):
        Folder.open(tmp_path / "f")
    assert not path.exists()


def test_thinning_never_drops_the_newest_backup_that_holds_data(tmp_path):
    directory = tmp_path / "backups"
    directory.mkdir()
    full = make_folder(tmp_path / "full", people=40, backup=False)
    empty = make_folder(tmp_path / "empty", people=0, backup=False)
    start = dt.datetime(2026, 1, 1, 9)
    for day in range(400):  # a year of backups of an emptied folder after one good one
        source = full if day == 0 else empty
        when = start + dt.timedelta(days=day)
        shutil.copy(source, directory / f"networking-folder-{when:%Y%m%d-%H%M%S}.sqlite3")
        thin(directory, when.date())
    kept = backups_holding(tmp_path)
    assert 40 in kept, "the last backup that held the folder's data is still there"


def test_thinning_keeps_the_last_full_backup_when_newer_ones_are_much_smaller(tmp_path):
    directory = tmp_path / "backups"
    directory.mkdir()
    big = make_folder(tmp_path / "big", people=60, backup=False)
    small = make_folder(tmp_path / "small", people=3, backup=False)
    start = dt.datetime(2026, 1, 1, 9)
    for day in range(400):
        source = big if day == 0 else small
        when = start + dt.timedelta(days=day)
        shutil.copy(source, directory / f"networking-folder-{when:%Y%m%d-%H%M%S}.sqlite3")
        thin(directory, when.date())
    assert 60 in backups_holding(tmp_path)


@pytest.mark.parametrize(
    "command", [["due"], ["search", "maria"], ["sheet"], ["check"], ["backup"]]
)
def test_read_only_commands_never_create_a_folder(tmp_path, command):
    missing = tmp_path / "no-such-folder"
    result = run(*command, "--data-dir", str(missing))
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "no folder" in line
    assert not missing.exists()
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    assert run(*command, "--data-dir", str(empty_dir)).returncode == 1
    assert list(empty_dir.iterdir()) == []


# -- 2 and 12. a full disk is a full disk, never damage ---------------------------------------
@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB file system of its own (a tmpfs), so that the disk can really fill up."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("a small file system can only be mounted as root")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill(disk):
    """Fill the disk to the last byte; returns the filler, to remove to make room."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as f, contextlib.suppress(OSError):
        while True:
            f.write(b"\0" * 4096)
    return filler


def test_a_full_disk_is_reported_as_full_and_nothing_is_called_damaged(small_disk):
    path = make_folder(small_disk / "f", people=20)
    before = path.read_bytes()
    fill(small_disk)
    for command in (["check"], ["due"], ["search", "person"], ["backup"]):
        result = run(*command, "--data-dir", str(small_disk / "f"))
        assert "damaged" not in result.stderr.lower(), (command, result.stderr)
        assert "restore" not in result.stderr, "a full disk never leads to a restore"
        if result.returncode:
            assert "disk" in result.stderr.lower()
    with contextlib.suppress(DiskFull, DiskProblem):
        Folder.open(small_disk / "f").close()  # the window: a clear message, never damage
    assert path.read_bytes() == before
    assert not list((small_disk / "f").glob("*.damaged-*")), "nothing was moved aside"


def test_a_disk_that_fills_at_commit_time_says_so_and_the_folder_works_again(small_disk):
    make_folder(small_disk / "f", people=5, backup=False)
    folder = Folder.open(small_disk / "f")
    try:
        filler = fill(small_disk)
        with pytest.raises(DiskFull, match="disk is full: nothing was saved"):
            for n in range(50):
                folder.contacts.create(Contact(name=f"Big {n}", notes="b" * 60_000))
        assert not folder.db.connection().in_transaction, "the failed change was rolled back"
        filler.unlink()  # room is made
        folder.contacts.create(Contact(name="After the cleanup"))
        assert "After the cleanup" in {r.name for r in folder.contacts.rows()}
    finally:
        folder.close()


def test_recovery_puts_the_damaged_file_back_if_the_backup_cannot_be_put_in_place(
    tmp_path, monkeypatch
):
    from networking_folder.services import backups

    path = make_folder(tmp_path / "f")
    wal = tmp_path / "f" / f"{DATA_FILE_NAME}-wal"
    path.write_bytes(b"SQLite format 3\0" + b"\x10\x00\x02\x02\x00\x40\x20\x20" + os.urandom(4000))
    wal.write_bytes(b"a log")
    damaged = path.read_bytes()

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "put_in_place", disk_full)
    good = backups.newest_good_backup(path)
    with pytest.raises(OSError):
        backups.recover(path, good.path)
    assert path.read_bytes() == damaged and wal.read_bytes() == b"a log", "moved back as it was"
    assert not list((tmp_path / "f").glob("*.damaged-*"))


# -- 3. nothing replaces the file while another process has the folder open -----------------
HOLDER = textwrap.dedent(
    """
    import sys
    from networking_folder.services import Folder
    folder = Folder.open(sys.argv[1])
    if sys.argv[2] == "window":
        folder.lock.hold_window()
    print("open", flush=True)
    sys.stdin.readline()
    folder.contacts.create(__import__("networking_folder.domain.model").domain.model.Contact(name="Saved after"))
    folder.close()
    print("saved", flush=True)
    """
)


def hold_open(directory, role):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(directory), role],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "open"
    return holder


@pytest.mark.parametrize(
    ("role", "named"),
    [("window", "open in the Networking Folder window"), ("command", "another Networking Folder command")],
)
def test_restore_refuses_while_another_process_has_the_folder_open(tmp_path, role, named):
    path = make_folder(tmp_path / "f")
    (backup,) = (tmp_path / "f" / "backups").glob("*.sqlite3")
    holder = hold_open(tmp_path / "f", role)
    try:
        result = run("restore", str(backup), "--yes", "--data-dir", str(tmp_path / "f"))
        assert result.returncode == 1
        (line,) = result.stderr.strip().splitlines()
        assert named in line and "close it first" in line or "try again" in line
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "saved"
    finally:
        holder.kill()
        holder.wait()
    assert "Saved after" in names_in(path), "the other process's save is in the file"


def test_a_crashed_holder_leaves_no_lock_behind(tmp_path):
    make_folder(tmp_path / "f")
    (backup,) = (tmp_path / "f" / "backups").glob("*.sqlite3")
    holder = hold_open(tmp_path / "f", "window")
    holder.kill()  # SIGKILL: no chance to let go of anything
    holder.wait()
    result = run("restore", str(backup), "--yes", "--data-dir", str(tmp_path / "f"))
    assert result.returncode == 0, result.stderr


def test_the_window_cannot_restore_while_a_command_has_the_folder_open(tmp_path):
    make_folder(tmp_path / "f")
    (backup,) = (tmp_path / "f" / "backups").glob("*.sqlite3")
    folder = Folder.open(tmp_path / "f")
    folder.lock.hold_window()
    holder = hold_open(tmp_path / "f", "command")
    try:
        with pytest.raises(FolderInUse, match="another Networking Folder command"):
            folder.restore_backup(backup)
        folder.contacts.create(Contact(name="Still working"))  # the folder is still open
    finally:
        holder.kill()
        holder.wait()
        folder.close()
    assert "Still working" in names_in(tmp_path / "f" / DATA_FILE_NAME)


# -- 4. restoring over a damaged file moves it aside ------------------------------------------
def test_restore_over_a_damaged_file_moves_it_and_its_logs_aside_untouched(tmp_path):
    path = make_folder(tmp_path / "f", people=300)
    (backup,) = (tmp_path / "f" / "backups").glob("*.sqlite3")
    data = bytearray(path.read_bytes())
    middle = len(data) // 4096 // 2 * 4096
    data[middle : middle + 8192] = os.urandom(8192)
    path.write_bytes(bytes(data))
    wal = tmp_path / "f" / f"{DATA_FILE_NAME}-wal"
    wal.write_bytes(b"log of the damaged file")
    result = run("restore", str(backup), "--yes", "--data-dir", str(tmp_path / "f"))
    assert result.returncode == 0, result.stderr
    (aside,) = [
        p for p in (tmp_path / "f").glob("*.damaged-*") if not p.name.endswith(("-wal", "-shm"))
    ]
    assert aside.read_bytes() == bytes(data), "the damaged file, untouched"
    assert f"{aside}" in result.stdout
    assert (tmp_path / "f" / f"{aside.name}-wal").read_bytes() == b"log of the damaged file"
    assert run("check", "--data-dir", str(tmp_path / "f")).returncode == 0
    assert len(names_in(path)) == 300


# -- 5. writes begin IMMEDIATE; a failed one is rolled back; read-only commands only read ----
def test_a_change_holds_the_write_lock_from_its_start(folder):
    other = sqlite3.connect(folder.path, timeout=0, isolation_level=None)
    try:
        with folder.transaction():
            folder.query("SELECT count(*) FROM contact")  # a read first, as services do
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")  # the other writer waits for us...
            folder.contacts.create(Contact(name="Mine"))  # ...and ours cannot be refused
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_after_a_lock_error_the_transaction_is_rolled_back_and_later_writes_work(tmp_path):
    make_folder(tmp_path / "f", backup=False)
    folder = Folder.open(tmp_path / "f", busy_timeout=0.05)
    other = sqlite3.connect(folder.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(FolderLocked, match="in use by another program"):
            folder.contacts.create(Contact(name="Refused"))
        # A change whose only write is the change counter, as the daily rules on a quiet day.
        with pytest.raises(FolderLocked, match="in use by another program"):
            folder.apply_daily_rules(dt.date(2026, 11, 23))
        assert not folder.db.connection().in_transaction
        other.execute("ROLLBACK")
        for n in range(20):
            folder.contacts.create(Contact(name=f"Later {n}"))
    finally:
        other.close()
        folder.close()  # does not raise
    assert {f"Later {n}" for n in range(20)} <= names_in(tmp_path / "f" / DATA_FILE_NAME)


def test_due_never_writes_the_data_file_yet_shows_the_daily_reminders(tmp_path):
    with Folder.open(tmp_path / "f") as folder:
        folder.contacts.create(Contact(name="Quiet Partner", is_partner=True))
        folder.db.execute_sql("UPDATE contact SET created_at = '2025-01-01 09:00:00'")
    path = tmp_path / "f" / DATA_FILE_NAME
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    result = run("due", "--json", "--data-dir", str(tmp_path / "f"))
    assert result.returncode == 0, result.stderr
    assert any(item["contact"] == "Quiet Partner" and item["rule"] == "R7" for item in __import__("json").loads(result.stdout))
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert not (tmp_path / "f" / "backups").exists()


def test_an_older_file_is_read_through_a_migrated_copy_and_left_as_it_was(tmp_path):
    from tests.unit.test_migrations import v1_file

    (tmp_path / "f").mkdir()
    path = tmp_path / "f" / DATA_FILE_NAME
    v1_file(path)
    before = path.read_bytes()
    for command in (["due", "--on", "2026-12-31"], ["search", "maria"], ["sheet", "-o", str(tmp_path / "s.pdf")]):
        result = run(*command, "--data-dir", str(tmp_path / "f"))
        assert result.returncode == 0, (command, result.stderr)
    assert "Maria" in run("search", "maria", "--data-dir", str(tmp_path / "f")).stdout
    assert path.read_bytes() == before
    assert not (tmp_path / "f" / "backups").exists()


# -- 6. a restore killed at any step leaves the old or the new data whole ---------------------
WAL_WRITER = textwrap.dedent(
    """
    import os, sys
    from networking_folder.domain.model import Contact
    from networking_folder.services import Folder
    folder = Folder.open(sys.argv[1])
    folder.db.execute_sql("PRAGMA wal_autocheckpoint = 0")
    folder.contacts.create(Contact(name="Only in the log"))
    os._exit(0)  # killed: the committed change stays in the -wal
    """
)


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs but the finally blocks."""


def test_a_restore_killed_at_any_file_step_leaves_old_or_new_data_whole(tmp_path, monkeypatch):
    pristine = tmp_path / "pristine"
    make_folder(pristine, people=10)
    (backup,) = (pristine / "backups").glob("*.sqlite3")
    with Folder.open(pristine) as folder:  # in the file, not in the backup
        folder.contacts.create(Contact(name="After the backup"))
    subprocess.run([sys.executable, "-c", WAL_WRITER, str(pristine)], check=True)
    assert (pristine / f"{DATA_FILE_NAME}-wal").stat().st_size > 0
    old = names_in(pristine / DATA_FILE_NAME)
    assert "Only in the log" in old
    new = names_in(backup)
    steps = ("replace", "rename", "unlink", "fsync", "chmod", "remove")
    real = {name: getattr(os, name) for name in steps}
    step = 0
    while True:
        step += 1
        work = tmp_path / f"kill-{step}"
        shutil.copytree(pristine, work)
        calls = 0

        def maybe_kill(name, *args, _step=step, **kwargs):
            nonlocal calls
            calls += 1
            if calls == _step:
                raise Killed(name)
            return real[name](*args, **kwargs)

        for name in steps:
            monkeypatch.setattr(os, name, lambda *a, _n=name, **k: maybe_kill(_n, *a, **k))
        try:
            restore(work / DATA_FILE_NAME, work / "backups" / backup.name)
            finished = True
        except Killed:
            finished = False
        finally:
            for name in steps:
                monkeypatch.setattr(os, name, real[name])
        assert names_in(work / DATA_FILE_NAME) in (old, new), f"killed at file step {step}"
        if finished:
            assert names_in(work / DATA_FILE_NAME) == new
            break
    assert step > 4, "the restore went through several file steps"


# -- 7. side files are as private as the file -------------------------------------------------
def test_a_data_file_that_arrived_world_readable_gets_private_logs(tmp_path):
    path = make_folder(tmp_path / "f", backup=False)
    os.chmod(path, 0o644)
    old_umask = os.umask(0o022)
    try:
        with Folder.open(tmp_path / "f") as folder:
            folder.contacts.create(Contact(name="A private note"))
            for each in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
                assert stat.S_IMODE(each.stat().st_mode) == 0o600, each.name
    finally:
        os.umask(old_umask)


# -- 9. no output path may point into the folder ----------------------------------------------
@pytest.mark.parametrize(
    "target",
    [DATA_FILE_NAME, f"{DATA_FILE_NAME}-wal", f"{DATA_FILE_NAME}-shm", "backups/x.sqlite3", "."],
)
def test_output_paths_inside_the_folder_are_refused(tmp_path, target):
    path = make_folder(tmp_path / "f")
    before = path.read_bytes()
    for command in ("sheet", "backup"):
        result = run(command, "-o", str(tmp_path / "f" / target), "--data-dir", str(tmp_path / "f"))
        assert result.returncode == 1, result.stdout
        assert "inside the folder" in result.stderr
    assert path.read_bytes() == before


def test_backup_into_a_directory_writes_a_file_there(tmp_path):
    make_folder(tmp_path / "f", backup=False)
    out = tmp_path / "out"
    out.mkdir()
    result = run("backup", "-o", str(out), "--data-dir", str(tmp_path / "f"))
    assert result.returncode == 0, result.stderr
    (written,) = out.iterdir()
    assert result.stdout.strip() == str(written) and len(names_in(written)) == 30


# -- 10. only our own files ------------------------------------------------------------------
@pytest.mark.parametrize("version", [1, 2, 3])
def test_a_foreign_sqlite_file_that_looks_like_an_old_folder_is_refused_untouched(tmp_path, version):
    (tmp_path / "f").mkdir()
    path = tmp_path / "f" / DATA_FILE_NAME
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute(f"PRAGMA user_version = {version}")
    before = path.read_bytes()
    with pytest.raises(NotAFolderFile, match="another program"):
        Folder.open(tmp_path / "f")
    assert run("due", "--data-dir", str(tmp_path / "f")).returncode == 1
    assert path.read_bytes() == before


@pytest.mark.parametrize("kind", ["empty", "foreign"])
def test_restore_refuses_an_empty_or_foreign_sqlite_file(tmp_path, kind):
    path = make_folder(tmp_path / "f")
    before = path.read_bytes()
    candidate = tmp_path / "candidate.sqlite3"
    with sqlite3.connect(candidate) as conn:
        if kind == "foreign":
            conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
            conn.execute("PRAGMA user_version = 2")
        else:
            conn.execute("PRAGMA user_version = 0")
    with pytest.raises(NotAFolderFile):
        restore(path, candidate)
    result = run("restore", str(candidate), "--yes", "--data-dir", str(tmp_path / "f"))
    assert result.returncode == 1 and "not a Networking Folder" in result.stderr
    assert path.read_bytes() == before


# -- 11. leftovers of killed backups are swept ------------------------------------------------
def test_partial_copies_left_by_killed_backups_are_swept(tmp_path):
    make_folder(tmp_path / "f")
    backups = tmp_path / "f" / "backups"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftovers = [
        backups / ".networking-folder-20261101-090000.sqlite3.partial",  # older naming
        backups / f".networking-folder-20261102-090000.sqlite3.{dead.pid}.partial",
        tmp_path / "f" / f".{DATA_FILE_NAME}.{dead.pid}.partial",
    ]
    running = backups / f".networking-folder-20261103-090000.sqlite3.{os.getpid()}.partial"
    for each in [*leftovers, running]:
        each.write_bytes(b"\0" * 100_000)
    Folder.open(tmp_path / "f").close()
    assert [p for p in leftovers if p.exists()] == []
    assert running.exists(), "a copy still being written is left alone"
    leftovers[0].write_bytes(b"\0")
    assert run("backup", "--data-dir", str(tmp_path / "f")).returncode == 0
    assert not leftovers[0].exists(), "swept before a backup too"


# -- 13. a read-only file is read without leaving read-only logs ------------------------------
def test_check_and_backup_of_a_read_only_file_leave_nothing_that_breaks_later_writes(tmp_path):
    path = make_folder(tmp_path / "f", backup=False)
    os.chmod(path, 0o400)
    assert run("check", "--data-dir", str(tmp_path / "f")).returncode == 0
    backup = run("backup", "--data-dir", str(tmp_path / "f"))
    assert backup.returncode == 0, backup.stderr
    assert not path.with_name(f"{path.name}-wal").exists()
    assert not path.with_name(f"{path.name}-shm").exists()
    os.chmod(path, 0o600)
    with Folder.open(tmp_path / "f") as folder:
        folder.contacts.create(Contact(name="Written again"))
    assert "Written again" in names_in(path)


# -- 14 (the file's part). what stands where the data file should be --------------------------
@pytest.mark.parametrize("thing", ["directory", "dangling link"])
def test_something_else_where_the_data_file_should_be_is_one_clear_line(tmp_path, thing):
    (tmp_path / "f").mkdir()
    path = tmp_path / "f" / DATA_FILE_NAME
    if thing == "directory":
        path.mkdir()
    else:
        path.symlink_to(tmp_path / "nowhere.sqlite3")
    for command in ([], ["due"], ["check"], ["backup"], ["search", "x"], ["sheet"]):
        result = run(*command, "--data-dir", str(tmp_path / "f"))
        assert result.returncode == 1, command
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    with pytest.raises(FolderError):
        Folder.open(tmp_path / "f")
    assert not (tmp_path / "nowhere.sqlite3").exists()


# -- 15. a damaged header is damage, with the backup offered ----------------------------------
def test_a_damaged_header_is_called_damaged_and_the_backup_is_offered(tmp_path):
    path = make_folder(tmp_path / "f")
    data = bytearray(path.read_bytes())
    data[0:16] = os.urandom(16)
    path.write_bytes(bytes(data))
    result = run("--data-dir", str(tmp_path / "f"))
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "damaged" in line and "networking-folder restore" in line
    assert path.read_bytes() == bytes(data)


@pytest.mark.parametrize("mishap", ["emptied", "deleted"])
def test_a_file_emptied_under_an_open_folder_is_never_backed_up_over_the_good_ones(
    tmp_path, mishap
):
    make_folder(tmp_path / "f")
    folder = Folder.open(tmp_path / "f")  # as the window holds it
    try:
        if mishap == "emptied":
            folder.path.write_bytes(b"")
        else:
            folder.path.unlink()
        with pytest.raises(FolderDamaged):
            folder.backups.make(now=dt.datetime.now() + dt.timedelta(days=1))
    finally:
        folder.close()
    assert backups_holding(tmp_path / "f") == [30]


def test_a_sheet_half_written_by_a_killed_run_is_swept_by_the_next_one(tmp_path):
    make_folder(tmp_path / "f", backup=False)
    out = tmp_path / "out"
    out.mkdir()
    left = out / ".tracking-sheet-k1ll3d.pdf"
    left.write_bytes(b"%PDF-1.4 half")
    old = dt.datetime.now().timestamp() - 2 * 3600
    os.utime(left, (old, old))
    fresh = out / ".tracking-sheet-wr1t1ng.pdf"  # another run's, still being written
    fresh.write_bytes(b"%PDF-1.4")
    result = run("sheet", "-o", str(out / "sheet.pdf"), "--data-dir", str(tmp_path / "f"))
    assert result.returncode == 0, result.stderr
    assert not left.exists() and fresh.exists()


# -- what a review found (issue 9, second pass) -----------------------------------------------
def test_backup_into_a_directory_of_the_users_never_sweeps_their_files(tmp_path):
    make_folder(tmp_path / "f", backup=False)
    out = tmp_path / "out"
    out.mkdir()
    theirs = [out / ".holiday-video.mp4.partial", out / ".report.999999.partial"]
    for each in theirs:
        each.write_bytes(b"mine")
    assert run("backup", "-o", str(out), "--data-dir", str(tmp_path / "f")).returncode == 0
    assert all(each.exists() for each in theirs)


def test_read_only_commands_leave_no_logs_that_would_later_look_like_a_folder(tmp_path):
    path = make_folder(tmp_path / "f", backup=False)
    for command in (["due"], ["search", "person"], ["check"], ["sheet", "-o", str(tmp_path / "s.pdf")]):
        assert run(*command, "--data-dir", str(tmp_path / "f")).returncode == 0, command
        assert not path.with_name(f"{path.name}-wal").exists(), command
        assert not path.with_name(f"{path.name}-shm").exists(), command


def test_an_unborn_data_file_beside_backups_is_checked_and_restored_as_damage(tmp_path):
    path = make_folder(tmp_path / "f")
    (backup,) = (tmp_path / "f" / "backups").glob("*.sqlite3")
    path.unlink()
    with sqlite3.connect(path) as conn:  # a file SQLite made, the folder never written
        conn.execute("PRAGMA journal_mode = wal")
    check = run("check", "--data-dir", str(tmp_path / "f"))
    assert check.returncode == 1 and "DAMAGED" in check.stderr and "Traceback" not in check.stderr
    assert "networking-folder restore" in check.stderr
    result = run("restore", str(backup), "--yes", "--data-dir", str(tmp_path / "f"))
    assert result.returncode == 0, result.stderr
    assert len(names_in(path)) == 30


def test_two_restores_in_one_second_keep_both_safety_backups(tmp_path, monkeypatch):
    from networking_folder.services import backups

    path = make_folder(tmp_path / "f", people=2)
    (first_backup,) = (tmp_path / "f" / "backups").glob("*.sqlite3")
    frozen = dt.datetime(2026, 11, 23, 9, 0, 0)

    class FrozenClock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return frozen

    monkeypatch.setattr(backups.dt, "datetime", FrozenClock)
    one = restore(path, first_backup)  # the folder had 2: kept
    with Folder.open(tmp_path / "f") as folder:
        folder.contacts.create(Contact(name="Third"))
    two = restore(path, first_backup)  # the folder had 3: kept as well
    assert one.safety != two.safety
    assert len(names_in(one.safety)) == 2 and len(names_in(two.safety)) == 3


def test_a_disk_error_during_restore_is_one_line_and_the_folder_is_as_it_was(tmp_path):
    path = make_folder(tmp_path / "f", people=200)
    (backup,) = (tmp_path / "f" / "backups").glob("*.sqlite3")
    path.write_bytes(b"SQLite format 3\0" + b"\x10\x00\x02\x02\x00\x40\x20\x20" + os.urandom(50_000))
    damaged = path.read_bytes()
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))\n"
        "from networking_folder.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "restore", str(backup), "--yes", "--data-dir", str(tmp_path / "f")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert "Nothing was restored" in line and "disk" in line
    assert path.read_bytes() == damaged, "the damaged file is back where it was"


RESTORER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from networking_folder.services.backups import restore
    from networking_folder.store.lock import FolderLock
    lock = FolderLock(Path(sys.argv[1]))
    lock.exclusive()
    print("held", flush=True)
    sys.stdin.readline()
    restore(Path(sys.argv[1]) / "networking-folder.sqlite3", Path(sys.argv[2]))
    lock.release()
    print("restored", flush=True)
    """
)


def test_a_restore_slipping_in_while_the_window_converts_its_lock_loses_nothing(
    tmp_path, monkeypatch
):
    """flock converts shared to exclusive by letting go first: another restore can slip in.
    The window then waits for the folder, reopens the file that was put in place, and its
    next saves land in it (they used to go on, unlocked, into a file that was replaced)."""
    from networking_folder.store import lock as lock_module

    make_folder(tmp_path / "f", people=3)
    (backup,) = (tmp_path / "f" / "backups").glob("*.sqlite3")
    folder = Folder.open(tmp_path / "f")
    folder.lock.hold_window()
    folder.contacts.create(Contact(name="Before"))
    real_try_lock = lock_module._try_lock
    other = {}

    def the_gap(handle, how, *, wait=False):
        if how == lock_module._EXCLUSIVE and "child" not in other:
            lock_module._unlock(handle)  # what flock does first
            child = subprocess.Popen(
                [sys.executable, "-c", RESTORER, str(tmp_path / "f"), str(backup)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            )
            other["child"] = child
            assert child.stdout.readline().strip() == "held"
        elif how == lock_module._SHARED and wait and "child" in other and "let go" not in other:
            # This process's exclusive try has failed and it is about to wait for the folder:
            # only now does the other restore go on (so it cannot finish before that try).
            other["let go"] = True
            other["child"].stdin.write("\n")
            other["child"].stdin.flush()
        return real_try_lock(handle, how, wait=wait)

    monkeypatch.setattr(lock_module, "_try_lock", the_gap)
    try:
        with pytest.raises(FolderInUse):
            folder.restore_backup(backup)
        assert "let go" in other, "the window waited for the folder"
        assert other["child"].stdout.readline().strip() == "restored"
        assert folder.lock.mode == "shared", "the window holds the folder again"
        assert "Before" not in {r.name for r in folder.contacts.rows()}, "it sees the new file"
        folder.contacts.create(Contact(name="Saved after"))
    finally:
        if "let go" not in other:  # (never left waiting for a word that will not come)
            other["child"].stdin.write("\n")
            other["child"].stdin.flush()
        other["child"].wait()
        folder.close()
    assert "Saved after" in names_in(tmp_path / "f" / DATA_FILE_NAME)


@pytest.fixture
def folder_kept_out(tmp_path, monkeypatch):
    """A folder with data that this user may not open (another user's, say). Run as root,
    who may open anything, the kernel's answer is stood in for: os.access says no for it."""
    directory = tmp_path / "theirs"
    make_folder(directory, people=3, backup=False)
    if os.geteuid() != 0:
        directory.chmod(0)
        yield directory
        directory.chmod(0o700)
        return
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        inside = os.path.abspath(path) == str(directory) or str(path).startswith(f"{directory}/")
        return False if inside else real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    yield directory


@pytest.mark.parametrize("command", ["due", "check", "search", "backup"])
def test_a_folder_this_user_may_not_open_gets_a_message_not_a_traceback(
    folder_kept_out, capsys, command
):
    from tests.unit.test_cli import run_main

    words = ["Ann"] if command == "search" else []
    assert run_main(command, *words, "--data-dir", str(folder_kept_out)) == 1
    err = capsys.readouterr().err
    assert "its permissions keep you out" in err and "Traceback" not in err
    with pytest.raises(FolderError, match="its permissions keep you out"):
        Folder.open(folder_kept_out)
