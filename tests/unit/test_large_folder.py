"""benchmarks/make_large_folder.py at a small size: the folder it makes is a folder like any
other (every record has its UUID, the change log holds them), so it opens, takes an edit
through the services, and its log replays into the same records."""

from __future__ import annotations

from benchmarks.make_large_folder import build
from networking_folder.domain.model import Direction, Status
from networking_folder.services import Folder
from networking_folder.store import changelog
from networking_folder.store.migrations import RECORD_TABLES
from tests.unit.test_change_log import all_records


def test_a_made_folder_has_uuids_and_survives_an_edit(tmp_path):
    counts = build(tmp_path / "large", 50, 100, 100)
    assert counts["contacts"] == 50 and counts["notes"] == 100
    assert counts["referrals_given"] + counts["referrals_received"] == 100

    with Folder.open(tmp_path / "large") as folder:
        conn = folder.db.connection()
        for table in RECORD_TABLES:
            rows, missing, distinct = conn.execute(
                f"SELECT count(*), count(*) - count(uuid), count(DISTINCT uuid) FROM {table}"
            ).fetchone()
            assert missing == 0, f"{table}: {missing} rows without a UUID"
            assert distinct == rows, f"{table}: UUIDs repeat"
        logged = conn.execute("SELECT count(*) FROM change_log WHERE tbl <> 'folder'").fetchone()
        assert logged[0] >= 50 + 100 + 100, "the log holds the records it was made with"

        row = next(r for r in folder.referrals.rows(Direction.GIVEN) if r.status is Status.GIVEN)
        folder.referrals.set_status(row.id, Status.MEETING_HELD)
        person = folder.contacts.get(1)
        person.company = "Renamed & Co"
        folder.contacts.update(person)

        assert folder.referrals.rows(ids=[row.id])[0].status is Status.MEETING_HELD
        assert folder.contacts.get(1).company == "Renamed & Co"
        assert changelog.verify(conn) == []
        source = all_records(conn)
        entries = changelog.entries(conn)

    with Folder.open(tmp_path / "replayed") as copy:
        with copy.transaction():
            changelog.receive(copy.db.connection(), entries)
        assert all_records(copy.db.connection()) == source
