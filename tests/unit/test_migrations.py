"""Every migration upgrades a file of the previous version; backups come first.

A test named ``test_upgrade_to_v<N>`` must exist for every registered migration N.
"""

from __future__ import annotations

import datetime as dt
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


CURRENT = migrations.LATEST_VERSION
NEXT = CURRENT + 1


def register_next(monkeypatch, migrate):
    """A migration past the real last one, registered for one test only."""
    monkeypatch.setitem(migrations.MIGRATIONS, NEXT, migrate)
    monkeypatch.setattr(migrations, "LATEST_VERSION", NEXT)


def register_birthday(monkeypatch, calls):
    def add_birthday(conn):
        """Version N: contacts have a birthday."""
        calls.append(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.execute("ALTER TABLE contact ADD COLUMN birthday DATE")

    register_next(monkeypatch, add_birthday)


def _current_folder_with(directory, name):
    from networking_folder.domain.model import Contact

    with Folder.open(directory) as folder:
        folder.contacts.create(Contact(name=name))


def test_backup_is_taken_before_migrating(tmp_path, monkeypatch):
    directory = tmp_path / "f"
    _current_folder_with(directory, "Before the upgrade")
    calls = []

    def add_birthday(conn):
        """Version N: contacts have a birthday."""
        backups = list((directory / "backups").glob("*.sqlite3"))
        calls.append(len(backups))  # the backup exists by the time the migration runs
        conn.execute("ALTER TABLE contact ADD COLUMN birthday DATE")

    register_next(monkeypatch, add_birthday)
    Folder.open(directory).close()
    assert calls == [1]
    (backup,) = (directory / "backups").glob(f"*-before-upgrade-from-v{CURRENT}.sqlite3")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT name FROM contact").fetchall() == [("Before the upgrade",)]
    assert (backup.stat().st_mode & 0o777) == 0o600


def test_migrating_twice_changes_nothing(tmp_path, monkeypatch):
    directory = tmp_path / "f"
    _current_folder_with(directory, "Ann")
    calls = []
    register_birthday(monkeypatch, calls)
    Folder.open(directory).close()
    Folder.open(directory).close()
    assert calls == [CURRENT], "the migration ran once, from the current version"
    with sqlite3.connect(directory / DATA_FILE_NAME) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == NEXT
    assert len(list((directory / "backups").glob("*.sqlite3"))) == 1


def test_a_failing_migration_leaves_the_file_at_its_old_version(tmp_path, monkeypatch):
    directory = tmp_path / "f"
    _current_folder_with(directory, "Ann")

    def broken(conn):
        """Version N: fails halfway."""
        conn.execute("ALTER TABLE contact ADD COLUMN birthday DATE")
        raise RuntimeError("boom")

    register_next(monkeypatch, broken)
    with pytest.raises(RuntimeError):
        Folder.open(directory)
    with sqlite3.connect(directory / DATA_FILE_NAME) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT
        columns = [row[1] for row in conn.execute("PRAGMA table_info(contact)")]
        assert "birthday" not in columns, "the half-done migration was rolled back"
        assert conn.execute("SELECT name FROM contact").fetchall() == [("Ann",)]


def v1_file(path):
    """A folder file exactly as version 1 left it: migration 1 only, with rows in it."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply(conn, 1)
    now = "2026-11-20 10:00:00"
    conn.execute(
        "INSERT INTO contact (id, name, created_at, updated_at) VALUES (1, 'Maria', ?, ?), (2, 'Ben', ?, ?)",
        (now, now, now, now),
    )
    conn.execute(
        "INSERT INTO referral (id, date, direction, referrer_id, prospect_id, status, created_at, updated_at) "
        "VALUES (1, '2026-11-20', 'received', 1, 2, 'received', ?, ?)",
        (now, now),
    )
    conn.execute(
        "INSERT INTO follow_up (kind, title, due, contact_id, referral_id, rule, created_at, updated_at) "
        "VALUES ('first_contact', 'Call Ben', '2026-11-23', 2, 1, 'R1', ?, ?)",
        (now, now),
    )
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()


def test_upgrade_to_v2(tmp_path):
    directory = tmp_path / "f"
    directory.mkdir()
    v1_file(directory / DATA_FILE_NAME)
    with Folder.open(directory) as folder:
        (row,) = folder.follow_ups.rows()
        assert (row.title, row.rule, row.referral_id) == ("Call Ben", "R1", 1)
        columns = {r[1] for r in folder.db.execute_sql("PRAGMA table_info(follow_up)").fetchall()}
        assert {"rule_key", "made_by_change_id", "closed_by_change_id"} <= columns
        assert (
            folder.db.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
        )
    (backup,) = (directory / "backups").glob("*-before-upgrade-from-v1.sqlite3")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1


def test_upgrade_to_v3(tmp_path):
    """A version-2 file with rows: after the upgrade they are all found by search."""
    directory = tmp_path / "f"
    directory.mkdir()
    path = directory / DATA_FILE_NAME
    v1_file(path)
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply(conn, 2)
    now = "2026-11-20 10:00:00"
    conn.execute("UPDATE contact SET name = 'Zoë Müller' WHERE id = 2")
    conn.execute("UPDATE referral SET need = 'Rolling over a 401(k)' WHERE id = 1")
    conn.execute(
        "INSERT INTO note (kind, at, contact_id, body, created_at, updated_at) "
        "VALUES ('call', ?, 2, 'Talked about Łódź and the bakery lease', ?, ?)",
        (now, now, now),
    )
    conn.execute(
        "INSERT INTO contact (name, created_at, updated_at, deleted_at) VALUES ('In the trash', ?, ?, ?)",
        (now, now, now),
    )
    conn.close()
    with Folder.open(directory) as folder:
        assert (
            folder.db.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
        )
        assert [(h.kind, h.title) for h in folder.search.find("zoe mull")] == [
            ("contact", "Zoë Müller")
        ]
        assert [h.kind for h in folder.search.find("rolling")] == ["referral"]
        assert [h.kind for h in folder.search.find("lodz")] == ["note"]
        assert folder.search.find("trash") == []
        assert folder.db.execute_sql("SELECT count(*) FROM draft").fetchone()[0] == 0


def v3_file(path):
    """A folder file as version 3 left it: migrations 1-3 only, with the rows of ``v1_file``."""
    from networking_folder.domain.text import fold

    v1_file(path)
    conn = sqlite3.connect(path, isolation_level=None)
    # The search index's triggers call nf_fold, as every connection of the program has it.
    conn.create_function("nf_fold", 1, lambda text: None if text is None else fold(text))
    migrations.apply(conn, 2)
    migrations.apply(conn, 3)
    return conn


def test_upgrade_to_v4(tmp_path):
    """A version-3 file with a group: its rows stay, and the group does not meet on holidays."""
    directory = tmp_path / "f"
    directory.mkdir()
    conn = v3_file(directory / DATA_FILE_NAME)
    now = "2026-11-20 10:00:00"
    conn.execute(
        "INSERT INTO networking_group (id, name, meeting_weekday, meeting_time, location, created_at) "
        "VALUES (1, 'BNI Downtown', 3, '07:00', 'Riverside Hotel', ?)",
        (now,),
    )
    conn.execute("INSERT INTO membership (contact_id, group_id) VALUES (1, 1)")
    conn.execute("UPDATE referral SET group_id = 1 WHERE id = 1")
    conn.close()
    with Folder.open(directory) as folder:
        assert (
            folder.db.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
        )
        columns = {
            r[1]: r for r in folder.db.execute_sql("PRAGMA table_info(networking_group)").fetchall()
        }
        assert "meets_on_holidays" in columns
        assert columns["meets_on_holidays"][3] == 1, "NOT NULL"
        (group,) = folder.groups.all()
        assert (group.name, group.meeting_weekday, group.meeting_time, group.location) == (
            "BNI Downtown",
            3,
            dt.time(7, 0),
            "Riverside Hotel",
        )
        assert group.meets_on_holidays is False, "existing groups do not meet on holidays"
        assert folder.contacts.get(1).group_ids == [1]
        assert folder.referrals.get(1).group_id == 1
        group.meets_on_holidays = True
        folder.groups.update(group)
        assert folder.groups.get(1).meets_on_holidays is True
    (backup,) = (directory / "backups").glob("*-before-upgrade-from-v3.sqlite3")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3


def v4_file_full_of_rows(path) -> sqlite3.Connection:
    """A version-4 file with rows in every record table: some made in the same second, some
    in the trash, settings and memberships that keep no time."""
    conn = v3_file(path)
    migrations.apply(conn, 4)
    base = dt.datetime(2025, 3, 1, 9, 0, 0)
    for number in range(3, 63):  # v1_file has contacts 1 and 2
        made = (base + dt.timedelta(hours=number // 3)).isoformat(" ")  # three a second
        conn.execute(
            "INSERT INTO contact (id, name, phones, created_at, updated_at, deleted_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (number, f"Person {number}", f'["555-01{number:02d}"]', made, made,
             made if number % 10 == 0 else None),
        )  # fmt: skip
    conn.execute(
        "INSERT INTO networking_group (id, name, created_at) VALUES (1, 'BNI Downtown', ?)",
        ("2025-01-05 08:00:00",),
    )
    conn.executemany(
        "INSERT INTO membership (contact_id, group_id) VALUES (?, 1)", [(n,) for n in (3, 4, 5)]
    )
    for number in range(2, 22):
        made = (base + dt.timedelta(days=number)).isoformat(" ")
        conn.execute(
            "INSERT INTO referral (id, date, direction, referrer_id, prospect_id, need, status, "
            "created_at, updated_at) VALUES (?, ?, 'received', 3, ?, 'A will', 'received', ?, ?)",
            (number, made[:10], number + 10, made, made),
        )
        conn.execute(
            "INSERT INTO status_change (referral_id, at, to_status) VALUES (?, ?, 'received')",
            (number, made),
        )
        conn.execute(
            "INSERT INTO follow_up (kind, title, due, referral_id, rule, created_at, updated_at) "
            "VALUES ('first_contact', 'Call', ?, ?, 'R1', ?, ?)",
            (made[:10], number, made, made),
        )
        conn.execute(
            "INSERT INTO note (kind, at, contact_id, body, created_at, updated_at) "
            "VALUES ('call', ?, ?, 'Spoke about the will', ?, ?)",
            (made, number + 10, made, made),
        )
    conn.executemany(
        "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
        [("profile", '{"name": "Ann"}'), ("trash_batch_seq", "4")],
    )
    return conn


def table_rows(conn, table: str, without: tuple[str, ...] = ()) -> list[tuple]:
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in without]
    return conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid").fetchall()


def rows_of_a_file_at(directory, version: int) -> dict[str, list[tuple]]:
    """A folder in ``directory`` whose data file is at ``version`` (4 or later), full of
    rows; returns every record table's rows as they are, to compare after an upgrade."""
    directory.mkdir()
    conn = v4_file_full_of_rows(directory / DATA_FILE_NAME)
    for later in range(5, version + 1):
        migrations.apply(conn, later)
    tables = migrations.V5_RECORD_TABLES if version < 9 else migrations.RECORD_TABLES
    before = {table: table_rows(conn, table) for table in tables}
    conn.close()
    return before


# The columns later versions added to the tables of version 5.
V9_COLUMNS = ("is_client", "agreement_on", "agreement_kept_at", "disclosed_how")


def test_upgrade_to_v5(tmp_path):
    """Every record gets a version-7 UUID in the order it was made; every other value of
    every row is as it was, byte for byte; the change log starts empty."""
    import uuid

    directory = tmp_path / "f"
    directory.mkdir()
    conn = v4_file_full_of_rows(directory / DATA_FILE_NAME)
    before = {table: table_rows(conn, table) for table in migrations.V5_RECORD_TABLES}
    assert sum(len(rows) for rows in before.values()) >= 150
    conn.close()

    with Folder.open(directory) as folder:
        raw = folder.db.connection()
        assert raw.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
        for table, made_at in migrations.V5_RECORD_TABLES.items():
            # (Less the columns of later versions.)
            later = ("uuid", "ask", "ask_set_on", "place", "sources", *V9_COLUMNS)
            assert table_rows(raw, table, without=later) == before[table], table
            order = f"{made_at}, rowid" if made_at else "rowid"
            rows = raw.execute(f"SELECT uuid, {made_at or 'NULL'} FROM {table} ORDER BY {order}")
            uuids = []
            for text, made in rows.fetchall():
                value = uuid.UUID(text)
                assert value.version == 7 and value.variant == uuid.RFC_4122, text
                if made:  # the UUID's time is when the row was made
                    expected = int(dt.datetime.fromisoformat(made).timestamp() * 1000)
                    assert value.int >> 80 == expected, (table, made)
                uuids.append(text)
            assert uuids == sorted(uuids), f"{table}: UUIDs in the order the rows were made"
            assert len(set(uuids)) == len(uuids)
        # The log begins with every record as it stood (the settings that are bookkeeping
        # aside), so that it holds the whole folder: applied to an empty one, it makes this one.
        from networking_folder.store import changelog

        rows = sum(len(r) for t, r in before.items() if t != "setting") + 1  # + the profile
        assert raw.execute("SELECT count(*) FROM change_log").fetchone()[0] == rows
        assert {f for (f,) in raw.execute("SELECT DISTINCT field FROM change_log")} == {
            changelog.EXISTING
        }
        assert changelog.verify(raw) == []
        from networking_folder.store import records
        from tests.unit.test_change_log import all_records

        with Folder.open(tmp_path / "replayed") as copy:
            with copy.transaction():
                changelog.receive(copy.db.connection(), changelog.entries(raw))
            assert all_records(copy.db.connection()) == all_records(raw)
        records.bind(folder.db)  # (the records follow the folder opened last)
        # The program reads the upgraded rows as before, search included.
        assert folder.contacts.get(3).phones == ["555-0103"]
        assert [h.kind for h in folder.search.find("will")][:1] in (["note"], ["referral"])
        # The search index follows a change to the text it holds (its triggers were remade).
        person = folder.contacts.get(3)
        person.name = "Wanda Quist"
        folder.contacts.update(person)
        assert [h.title for h in folder.search.find("wanda")] == ["Wanda Quist"]
        assert "Person 3" not in [h.title for h in folder.search.find("person 3")]
        # A record made now has a UUID of its own, later than every migrated one.
        from networking_folder.domain.model import Contact

        made = folder.contacts.create(Contact(name="New"))
        newest = raw.execute("SELECT uuid FROM contact WHERE id = ?", (made,)).fetchone()[0]
        assert newest > max(u for (u,) in raw.execute("SELECT uuid FROM contact WHERE id <> ?", (made,)))


def test_upgrade_to_v6(tmp_path):
    """A version-5 file: every row stays as it was, and each contact gets an empty ask with
    no day."""
    directory = tmp_path / "f"
    before = rows_of_a_file_at(directory, 5)
    with Folder.open(directory) as folder:
        raw = folder.db.connection()
        assert raw.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
        for table in migrations.V5_RECORD_TABLES:
            later = ("ask", "ask_set_on", "place", "sources", *V9_COLUMNS)
            assert table_rows(raw, table, without=later) == before[table], table
        assert raw.execute("SELECT DISTINCT ask, ask_set_on FROM contact").fetchall() == [("", None)]
        ann = folder.contacts.get(3)
        assert (ann.ask, ann.ask_set_on) == ("", None)


def test_upgrade_to_v7(tmp_path):
    """A version-6 file: every row stays as it was, each follow-up gets an empty place, and
    a place can then be kept."""
    from networking_folder.domain.model import FollowUp

    directory = tmp_path / "f"
    before = rows_of_a_file_at(directory, 6)
    with Folder.open(directory) as folder:
        raw = folder.db.connection()
        assert raw.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
        for table in migrations.V5_RECORD_TABLES:
            without = ("place", "sources", *V9_COLUMNS)
            assert table_rows(raw, table, without=without) == before[table], table
        assert raw.execute("SELECT DISTINCT place FROM follow_up").fetchall() == [("",)]
        made = folder.follow_ups.create(
            FollowUp("Recon with Ann", dt.date(2026, 12, 1), contact_id=3, place="Ann's office")
        )
        assert folder.follow_ups.get(made).place == "Ann's office"


def test_upgrade_to_v8(tmp_path):
    """A version-7 file: every row stays as it was, each contact comes from nowhere yet, and
    where an imported contact came from is then kept (and not lost by an edit in the form)."""
    from networking_folder.domain.model import Contact

    directory = tmp_path / "f"
    before = rows_of_a_file_at(directory, 7)
    with Folder.open(directory) as folder:
        raw = folder.db.connection()
        assert raw.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
        for table in migrations.V5_RECORD_TABLES:
            without = ("sources", *V9_COLUMNS)
            assert table_rows(raw, table, without=without) == before[table], table
        assert raw.execute("SELECT DISTINCT sources FROM contact").fetchall() == [("[]",)]
        made = folder.contacts.create(
            Contact("Ann Imported", sources=[("vcard", "urn:uuid:1234")])
        )
        ann = folder.contacts.get(made)
        assert ann.sources == [("vcard", "urn:uuid:1234")]
        ann.sources = []  # (the form does not carry them)
        ann.company = "Acme"
        folder.contacts.update(ann)
        assert folder.contacts.get(made).sources == [("vcard", "urn:uuid:1234")]


def v8_baseline(conn) -> list:
    """changelog.baseline as a version-8 file has it (the program's knows today's tables)."""
    from networking_folder.store import changelog

    operations = []
    for table in changelog.IN_ORDER:
        if table not in migrations.V5_RECORD_TABLES:
            continue
        names = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in ("id", "uuid")]
        for row in conn.execute(f"SELECT uuid, {', '.join(names)} FROM {table} ORDER BY uuid"):
            values = {}
            for name, value in zip(names, row[1:], strict=True):
                target = changelog.REFERENCES.get((table, name))
                if target and value is not None:
                    value = conn.execute(f"SELECT uuid FROM {target} WHERE id = ?", (value,)).fetchone()[0]
                values[name] = value
            if table == "setting" and values["key"] in changelog.UNLOGGED_SETTINGS:
                continue
            operations.append(changelog.Operation(table, row[0], changelog.EXISTING, None, values))
    return operations


def test_upgrade_to_v9(tmp_path):
    """A version-8 file whose change log has begun: each received referral's fee or gift
    becomes a compensation item of its referrer (valued at the amount its words name, in the
    trash with its referral), and the referral keeps its disclosure day but no fee; a given
    referral's fee (your income) stays; every other value of every row is as it was; the
    move is logged, so replaying the log makes the same folder."""
    from networking_folder.store import changelog, identity
    from tests.unit.test_change_log import all_records

    directory = tmp_path / "f"
    directory.mkdir()
    conn = v4_file_full_of_rows(directory / DATA_FILE_NAME)
    for later in range(5, 9):
        migrations.apply(conn, later)
    fees = {  # referral: (kind, words, disclosed on, in the trash)
        2: ("fee", "Referral fee $1,250.50", "2025-03-10", False),
        3: ("gift", "Gift card, $50", None, False),
        4: ("gift", "Bottle of wine", None, True),
        5: ("fee", "", "2025-03-12", False),
        6: ("none", "Lunch $40", None, False),  # words with no kind (the old form let it be)
    }
    for number, (kind, words, disclosed, trashed) in fees.items():
        conn.execute(
            "UPDATE referral SET fee_kind = ?, fee_description = ?, fee_disclosed_on = ?,"
            " deleted_at = ?, trash_batch = ? WHERE id = ?",
            (kind, words, disclosed, "2025-04-01 10:00:00" if trashed else None,
             7 if trashed else None, number),
        )  # fmt: skip
    conn.execute(
        "INSERT INTO referral (id, date, direction, recipient_id, prospect_id, status, fee_kind,"
        " fee_description, created_at, updated_at, uuid) VALUES (40, '2025-05-01', 'given', 3,"
        " 30, 'given', 'fee', 'My fee $300', '2025-05-01 09:00:00', '2025-05-01 09:00:00',"
        " '01960000-0000-7000-8000-000000000040')"
    )
    conn.execute("BEGIN IMMEDIATE")
    changelog.append(conn, identity.device_id(), v8_baseline(conn))  # the log began at v8
    conn.execute("COMMIT")
    before = {table: table_rows(conn, table) for table in migrations.V5_RECORD_TABLES}
    logged_before = conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    conn.close()

    with Folder.open(directory) as folder:
        raw = folder.db.connection()
        assert raw.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
        items = raw.execute(
            "SELECT r.id, p.name, c.given_on, c.value_cents, c.cash, c.description,"
            " c.deleted_at IS NOT NULL, c.trash_batch, c.uuid IS NOT NULL"
            " FROM compensation AS c JOIN referral AS r ON r.id = c.referral_id"
            " JOIN contact AS p ON p.id = c.promoter_id ORDER BY r.id"
        ).fetchall()
        assert items == [
            (2, "Person 3", "2025-03-03", 125050, 1, "Referral fee $1,250.50", 0, None, 1),
            (3, "Person 3", "2025-03-04", 5000, 0, "Gift card, $50", 0, None, 1),
            (4, "Person 3", "2025-03-05", None, 0, "Bottle of wine", 1, 7, 1),
            (5, "Person 3", "2025-03-06", None, 1, "Referral fee", 0, None, 1),
            (6, "Person 3", "2025-03-07", 4000, 0, "Lunch $40", 0, None, 1),
        ]
        received = raw.execute(
            "SELECT DISTINCT fee_kind, fee_description FROM referral WHERE direction = 'received'"
        ).fetchall()
        assert received == [("none", "")]
        disclosed = raw.execute(
            "SELECT id, fee_disclosed_on, disclosed_how FROM referral"
            " WHERE fee_disclosed_on IS NOT NULL ORDER BY id"
        ).fetchall()
        assert disclosed == [(2, "2025-03-10", ""), (5, "2025-03-12", "")]
        assert raw.execute("SELECT fee_kind, fee_description FROM referral WHERE id = 40").fetchone() == (
            "fee", "My fee $300",
        )
        # Everything else as it was.
        moved = ("fee_kind", "fee_description")
        for table in migrations.V5_RECORD_TABLES:
            rows = table_rows(raw, table, without=V9_COLUMNS + (moved if table == "referral" else ()))
            kept = before[table]
            if table == "referral":
                names = [r[1] for r in raw.execute("PRAGMA table_info(referral)")
                         if r[1] not in V9_COLUMNS]  # fmt: skip
                drop = [names.index(n) for n in moved]
                kept = [tuple(v for i, v in enumerate(row) if i not in drop) for row in kept]
            assert rows == kept, table
        assert raw.execute("SELECT DISTINCT is_client, agreement_on, agreement_kept_at FROM contact").fetchall() == [
            (None, None, "")
        ]
        # The move is in the log, chained; replayed, the log makes this same folder.
        logged = raw.execute(
            "SELECT count(*) FROM change_log WHERE tbl = 'compensation' AND field = ?",
            (changelog.CREATED,),
        ).fetchone()[0]
        assert logged == 5 and raw.execute("SELECT count(*) FROM change_log").fetchone()[0] > logged_before
        assert changelog.verify(raw) == []
        from networking_folder.store import records

        with Folder.open(tmp_path / "replayed") as copy:
            with copy.transaction():
                changelog.receive(copy.db.connection(), changelog.entries(raw))
            assert all_records(copy.db.connection()) == all_records(raw)
        records.bind(folder.db)
        # The register reads them: Person 3 was given $1,340.50 recorded (and a fee unvalued).
        entry = folder.promoters.entry(3, dt.date(2025, 6, 1))
        assert entry.total_cents == 134050
        assert [i.value_words for i in entry.items] == [
            "1,250.50", "50", "value not recorded", "40",
        ]


def test_amounts_named_in_words():
    assert migrations.dollars_named("Gift card, $50") == 5000
    assert migrations.dollars_named("$1,250.50 fee") == 125050
    assert migrations.dollars_named("$ 75.5 dinner") == 7550
    assert migrations.dollars_named("2 tickets") is None
    assert migrations.dollars_named("") is None
    assert migrations.dollars_named("Fee of $99999999999999999999 (typo)") is None  # past the most kept
    assert migrations.dollars_named("$100,000,000,000") == 10**13


def test_a_version_8_file_read_for_a_command_is_upgraded_in_memory_and_logs_nothing(
    tmp_path, monkeypatch
):
    """A command that only reads a version-8 file (``due``, ``register``) reads it through an
    upgraded copy: the same items each time (their UUIDs come from the referrals'), no entry
    in the copy's log, so the heads it prints are the file's, and this device's identity is
    never asked for."""
    from networking_folder.store import changelog, identity

    directory = tmp_path / "f"
    directory.mkdir()
    conn = v4_file_full_of_rows(directory / DATA_FILE_NAME)
    for later in range(5, 9):
        migrations.apply(conn, later)
    conn.execute("UPDATE referral SET fee_kind = 'gift', fee_description = 'Wine $30' WHERE id = 2")
    conn.execute("BEGIN IMMEDIATE")
    changelog.append(conn, identity.device_id(), v8_baseline(conn))
    conn.execute("COMMIT")
    heads = changelog.heads(conn)
    conn.close()

    def no_identity():
        raise AssertionError("a copy read for a command asked for the device's identity")

    monkeypatch.setattr(identity, "device_id", no_identity)
    seen = []
    for _ in range(2):
        copy = Folder.snapshot(directory)
        raw = copy.db.connection()
        seen.append(raw.execute("SELECT uuid, value_cents FROM compensation").fetchall())
        assert changelog.heads(raw) == heads
        copy.close()
    assert seen[0] == seen[1] and seen[0][0][1] == 3000
    monkeypatch.undo()
    with Folder.open(directory) as folder:  # the real upgrade makes the same item
        assert folder.query("SELECT uuid, value_cents FROM compensation") == seen[0]
