"""The change log (issue 11): every change made through the services leaves its operations,
chained per device; the whole log, applied to an empty folder, makes the same folder."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid

import pytest

from networking_folder.domain.model import (
    Contact,
    Direction,
    FollowUp,
    Group,
    InteractionKind,
    Note,
    Referral,
    Status,
)
from networking_folder.services import Folder
from networking_folder.services.demo import fill_demo_folder
from networking_folder.services.profile import Profile
from networking_folder.store import changelog
from networking_folder.store.changelog import CREATED, PURGED
from networking_folder.store.migrations import RECORD_TABLES

TODAY = dt.date(2026, 11, 23)


def logged_by(folder: Folder, action) -> list[changelog.Entry]:
    """Run ``action``; the entries it added to this device's chain."""
    conn = folder.db.connection()
    before = changelog.head(conn, folder.device)[0]
    action()
    return changelog.entries(conn, "device = ? AND seq > ?", (folder.device, before))


def what(entries) -> set[tuple[str, str]]:
    return {(e.table, e.field) for e in entries}


def uuid_of(folder: Folder, table: str, row_id: int) -> str:
    return folder.uuids(table, [row_id])[row_id]


def test_every_write_use_case_leaves_its_operations(folder):
    f = folder
    # Contacts and groups.
    group = None

    def make_group():
        nonlocal group
        group = f.groups.create(Group("BNI Downtown", meeting_weekday=2, meeting_time=dt.time(7)))

    made = logged_by(f, make_group)
    assert what(made) == {("networking_group", CREATED)}
    assert made[0].record == uuid_of(f, "networking_group", group)
    assert made[0].operation.new["name"] == "BNI Downtown"

    ids: dict[str, int] = {}
    made = logged_by(
        f, lambda: ids.update(maria=f.contacts.create(Contact(name="Maria", group_ids=[group])))
    )
    assert what(made) == {("contact", CREATED), ("membership", CREATED)}
    membership = next(e for e in made if e.table == "membership").operation.new
    # References are written as the records' UUIDs, never as this file's row numbers.
    assert membership == {
        "contact_id": uuid_of(f, "contact", ids["maria"]),
        "group_id": uuid_of(f, "networking_group", group),
    }

    maria = f.contacts.get(ids["maria"])
    maria.company, maria.group_ids = "Alvarez Realty", []
    made = logged_by(f, lambda: f.contacts.update(maria))
    # (updated_at too, unless the second has not turned since the contact was made)
    assert what(made) - {("contact", "updated_at")} == {("contact", "company"), ("membership", PURGED)}
    company = next(e for e in made if e.field == "company").operation
    assert (company.old, company.new) == ("", "Alvarez Realty")
    assert logged_by(f, lambda: f.contacts.update(f.contacts.get(ids["maria"]))) == [], (
        "saving without a change logs nothing"
    )
    made = logged_by(f, lambda: f.groups.update(Group("BNI Uptown", id=group)))
    assert what(made) == {("networking_group", "name"), ("networking_group", "meeting_weekday"),
                          ("networking_group", "meeting_time")}  # fmt: skip

    # A referral: made, its status moved, the move undone; its follow-ups come with it.
    ids["dana"] = f.contacts.create(Contact(name="Dana"))

    def give():
        ids["ref"] = f.referrals.create(
            Referral(Direction.GIVEN, ids["maria"], ids["dana"], TODAY, need="A will")
        )

    made = logged_by(f, give)
    assert {("referral", CREATED), ("status_change", CREATED), ("follow_up", CREATED)} <= what(made)
    change: dict[str, int | None] = {}
    made = logged_by(
        f, lambda: change.update(id=f.referrals.set_status(ids["ref"], Status.PARTNER_CONTACTED))
    )
    assert {("referral", "status"), ("status_change", CREATED)} <= what(made)
    status = next(e for e in made if e.field == "status").operation
    assert (status.old, status.new) == ("given", "partner_contacted")
    before = f.referrals.get(ids["ref"])
    before.status = Status.GIVEN
    made = logged_by(f, lambda: f.referrals.update(before, undo_of=change["id"]))
    assert {("referral", "status"), ("status_change", PURGED)} <= what(made), "undo is a change"

    # Follow-ups: made, edited, done, reopened, moved, moved back, cancelled.
    def add_follow_up():
        ids["fu"] = f.follow_ups.create(FollowUp("Call Dana", TODAY, contact_id=ids["dana"]))

    assert what(logged_by(f, add_follow_up)) == {("follow_up", CREATED)}
    assert what(logged_by(f, lambda: f.follow_ups.complete(ids["fu"], "Done"))) >= {
        ("follow_up", "state"), ("follow_up", "outcome"), ("follow_up", "completed_at")
    }  # fmt: skip
    assert ("follow_up", "state") in what(logged_by(f, lambda: f.follow_ups.reopen(ids["fu"])))
    old: dict[int, dt.date] = {}
    moved = logged_by(f, lambda: old.update(f.follow_ups.reschedule(ids["fu"], TODAY + dt.timedelta(3))))
    assert what(moved) - {("follow_up", "updated_at")} == {("follow_up", "due")}
    back = logged_by(f, lambda: f.follow_ups.restore_dates(old))
    assert what(back) - {("follow_up", "updated_at")} == {("follow_up", "due")}
    assert ("follow_up", "state") in what(logged_by(f, lambda: f.follow_ups.cancel([ids["fu"]])))

    # Notes, a quick note with its next step, an event with new people.
    made = logged_by(f, lambda: f.notes.create(Note("Coffee", contact_id=ids["dana"])))
    assert ("note", CREATED) in what(made)
    made = logged_by(
        f,
        lambda: f.notes.log(
            Note("Called", contact_id=ids["dana"], kind=InteractionKind.CALL),
            next_step="Send forms",
            next_due=TODAY + dt.timedelta(days=2),
        ),
    )
    assert {("note", CREATED), ("follow_up", CREATED)} <= what(made)
    made = logged_by(
        f, lambda: f.notes.log_event("Chamber mixer", dt.datetime(2026, 11, 20, 18), [ids["dana"]], ["Omar"])
    )
    assert {("contact", CREATED), ("note", CREATED), ("follow_up", CREATED)} <= what(made)

    # The trash: deletes are tombstones, restores bring them back, emptying purges.
    batch: dict[str, int] = {}
    made = logged_by(f, lambda: batch.update(b=f.contacts.delete([ids["dana"]])))
    assert ("contact", "deleted_at") in what(made) and ("referral", "deleted_at") in what(made)
    assert not any(e.field == PURGED for e in made), "a delete is a tombstone, not a removal"
    made = logged_by(f, lambda: f.trash.restore(batch["b"]))
    assert all(e.field == "deleted_at" and e.operation.new is None for e in made) and made
    assert what(logged_by(f, lambda: f.trash.discard(batch["b"]))) >= {("contact", "deleted_at")}
    f.trash.set_retention_years(0)  # (nothing kept for the records: all of it goes)
    made = logged_by(f, f.trash.empty)
    assert {("contact", PURGED), ("referral", PURGED), ("status_change", PURGED)} <= what(made)
    gone = next(e for e in made if e.table == "contact")
    assert gone.operation.old["name"] == "Dana", "the log keeps what a purged record held"

    # Settings that matter are logged; counters, the backups' marks and drafts are not.
    assert what(logged_by(f, lambda: f.settings.set("sheet.ask", "A CPA"))) == {("setting", CREATED)}
    made = logged_by(
        f,
        lambda: f.profile.set_up(Profile(name="Ann Lee", business="Lee Planning", country="US")),
    )
    assert ("setting", CREATED) in what(made), "the profile, first set up"
    from networking_folder.domain.model import Draft

    assert logged_by(f, lambda: f.drafts.save(Draft(body="half a thought"))) == []
    keys = {e.operation.new.get("key") for e in changelog.entries(f.db.connection(), "field = ?", (CREATED,)) if e.table == "setting"}
    assert keys.isdisjoint(changelog.UNLOGGED_SETTINGS)

    # The day's rules (R7, keep in touch) are changes too.
    partner = f.contacts.create(Contact(name="Old Friend", is_partner=True, met_on=dt.date(2025, 1, 2)))
    made = logged_by(f, lambda: f.apply_daily_rules(TODAY + dt.timedelta(days=365)))
    assert any(e.table == "follow_up" and e.field == CREATED for e in made), partner

    assert changelog.verify(f.db.connection()) == []


def all_records(conn: sqlite3.Connection) -> dict[str, list[dict]]:
    """Every record, by table: its UUID and its values, references as UUIDs (row numbers are
    each file's own); the settings that are bookkeeping left out."""
    out = {}
    for table in RECORD_TABLES:
        names = changelog.columns(conn, table)
        rows = []
        for row in conn.execute(f"SELECT uuid, {', '.join(names)} FROM {table} ORDER BY uuid"):
            values = {n: changelog.to_logged(conn, table, n, v) for n, v in zip(names, row[1:], strict=True)}
            if table == "setting" and values["key"] in changelog.UNLOGGED_SETTINGS:
                continue
            rows.append({"uuid": row[0], **values})
        out[table] = rows
    return out


def test_the_whole_log_applied_to_an_empty_folder_makes_the_same_folder(tmp_path, folder):
    fill_demo_folder(folder, today=TODAY)
    # And the rest of life: edits, a delete and its restore, an emptied trash.
    first = folder.contacts.rows()[0]
    person = folder.contacts.get(first.id)
    person.notes = "Prefers mornings.\nTwo kids."
    folder.contacts.update(person)
    batch = folder.contacts.delete([folder.contacts.rows()[1].id])
    folder.trash.restore(batch)
    folder.referrals.delete([folder.referrals.rows()[0].id])
    folder.trash.empty()
    source = folder.db.connection()
    logged = changelog.entries(source)
    assert len(logged) > 500

    copy = Folder.open(tmp_path / "replayed")
    with copy.transaction():
        taken = changelog.receive(copy.db.connection(), logged)
    assert taken == len(logged)
    target = copy.db.connection()
    assert all_records(target) == all_records(source)
    assert changelog.heads(target) == changelog.heads(source)
    assert changelog.verify(target) == []
    # What the triggers keep (the search index) follows, as for a change made there.
    name = folder.contacts.get(first.id).name
    assert [h.title for h in copy.search.find(name)][:1] == [name]
    # Taken in again: nothing changes.
    with copy.transaction():
        assert changelog.receive(target, logged) == 0
    copy.close()


def test_the_device_is_this_users_and_a_copied_folder_elsewhere_is_another(
    tmp_path, folder, monkeypatch
):
    from networking_folder.store.identity import device_id

    here = device_id()
    assert uuid.UUID(here).version == 7 and device_id() == here, "made once, then kept"
    folder.contacts.create(Contact(name="Made here"))
    folder.close()
    # The same folder opened by another user account (or machine): another device.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))
    with Folder.open(tmp_path / "folder") as moved:
        assert moved.device != here
        moved.contacts.create(Contact(name="Made elsewhere"))
        heads = changelog.heads(moved.db.connection())
        assert set(heads) == {here, moved.device}
        assert changelog.verify(moved.db.connection()) == []


def test_two_programs_on_one_machine_never_share_a_sequence_number(tmp_path):
    """The window and the command line write the same device's chain; each takes its numbers
    inside its own IMMEDIATE transaction."""
    window = Folder.open(tmp_path / "f")
    command_line = Folder.open(tmp_path / "f")
    for number in range(10):
        (window if number % 2 else command_line).contacts.create(Contact(name=f"P{number}"))
    conn = window.db.connection()
    seqs = [row[0] for row in conn.execute("SELECT seq FROM change_log ORDER BY seq")]
    assert seqs == list(range(1, len(seqs) + 1))
    assert changelog.verify(conn) == []
    window.close()
    command_line.close()


@pytest.mark.parametrize("last", [None, "1700000000000-00007"])
def test_the_clock_never_goes_back(last):
    earlier = 1_600_000_000_000  # a wall clock set back
    stamp = changelog.next_hlc(last, now_ms=earlier)
    assert last is None or stamp > last
    assert changelog.next_hlc(stamp, now_ms=earlier) > stamp


def test_a_records_history_is_told_in_words(folder, capsys):
    from networking_folder.cli import main

    group = folder.groups.create(Group("BNI Downtown"))
    maria = folder.contacts.create(Contact(name="Maria", group_ids=[group]))
    dana = folder.contacts.create(Contact(name="Dana"))
    referral = folder.referrals.create(
        Referral(Direction.GIVEN, maria, dana, TODAY, need="A will")
    )
    folder.referrals.set_status(referral, Status.PARTNER_CONTACTED)
    changed = folder.referrals.get(referral)
    changed.need = "A trust"
    folder.referrals.update(changed)
    folder.trash.restore(folder.referrals.delete([referral]))
    record = uuid_of(folder, "referral", referral)
    assert [line.words for line in folder.history.of(record)] == [
        "recorded",
        "status: given → partner contacted prospect",
        "need: “A will” → “A trust”",
        "moved to the trash",
        "brought back from the trash",
    ]
    import re

    line = folder.history.of(record)[1]
    assert re.fullmatch(
        r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} · "
        r"status: given → partner contacted prospect",
        line.text,
    ), line.text
    assert [line.words for line in folder.history.of(uuid_of(folder, "contact", maria))] == [
        "recorded",
        "joined BNI Downtown",
    ]
    directory = str(folder.directory)
    folder.close()

    capsys.readouterr()
    assert main(["history", f"referral:{referral}", "--data-dir", directory]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"History of the referral of Dana ({record})"
    assert "· status: given → partner contacted prospect" in out
    assert main(["history", record, "--json", "--data-dir", directory]) == 0
    import json

    document = json.loads(capsys.readouterr().out)
    assert (document["uuid"], document["table"], document["id"]) == (record, "referral", referral)
    status = document["entries"][1]
    assert (status["field"], status["old"], status["new"]) == ("status", "given", "partner_contacted")
    assert status["seq"] >= 1 and status["device"]
    # A bare number that names a contact and a referral both is refused, saying so.
    assert referral == maria == 1, "referral 1 and contact 1, in a new folder"
    assert main(["history", "1", "--data-dir", directory]) == 1
    assert "say which" in capsys.readouterr().err
    assert main(["history", "contact:999", "--data-dir", directory]) == 1
    assert "There is no contact 999" in capsys.readouterr().err


def test_emptying_the_trash_logs_all_it_takes_with_it(tmp_path, folder):
    """What the schema would remove or clear along with a purged record (a live follow-up of
    a contact in the trash, a referral's deleted group) is a logged change too: a replay with
    no foreign keys to repeat the cascades still makes the same folder."""
    group = folder.groups.create(Group("Old chamber"))
    maria = folder.contacts.create(Contact(name="Maria"))
    dana = folder.contacts.create(Contact(name="Dana"))
    ed = folder.contacts.create(Contact(name="Ed"))
    folder.referrals.create(
        Referral(Direction.GIVEN, maria, dana, TODAY, need="A will", group_id=group)
    )
    call_ed = folder.follow_ups.create(FollowUp("Call Ed", TODAY, contact_id=ed))
    first = folder.follow_ups.delete([call_ed])
    folder.contacts.delete([ed])
    folder.trash.restore(first)  # the follow-up back, its contact still in the trash
    folder.groups.delete(group)  # still named by the referral

    made = logged_by(folder, folder.trash.empty)
    purged = [e.operation.old.get("title") for e in made if e.table == "follow_up" and e.field == PURGED]
    assert purged == ["Call Ed"], "the live follow-up of a purged contact goes, logged"
    cleared = [e for e in made if e.table == "referral" and e.field == "group_id"]
    assert len(cleared) == 1 and cleared[0].operation.new is None
    assert folder.referrals.rows()[0].group == ""

    source = folder.db.connection()
    copy = Folder.open(tmp_path / "replayed")
    target = copy.db.connection()
    target.execute("PRAGMA foreign_keys = OFF")  # the log alone, no cascades to help it
    with copy.transaction():
        changelog.receive(target, changelog.entries(source))
    target.execute("PRAGMA foreign_keys = ON")
    assert all_records(target) == all_records(source)
    copy.close()


def test_the_clock_moves_on_when_its_counter_is_full():
    stamp = changelog.next_hlc("1700000000000-99999", now_ms=1_600_000_000_000)
    assert stamp == "1700000000001-00000" and stamp > "1700000000000-99999"


def test_a_damaged_device_identity_is_replaced_once_and_kept(tmp_path, monkeypatch):
    from networking_folder.store import identity

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    place = identity._device_file()
    place.parent.mkdir(parents=True)
    place.write_text("not a uuid\n")
    made = identity.device_id()
    assert uuid.UUID(made).version == 7
    assert place.read_text().strip() == made, "the damaged file is replaced"
    identity._devices.clear()  # a new process
    assert identity.device_id() == made


def test_restoring_a_backup_from_before_the_log_logs_what_it_holds(tmp_path):
    """The backup taken before the upgrade to the change log, restored: its records are logged
    as they stand, then the restore, so the log still holds the whole folder."""
    from tests.unit.test_migrations import v4_file_full_of_rows

    old = tmp_path / "networking-folder-20250101-090000-before-upgrade-from-v4.sqlite3"
    v4_file_full_of_rows(old).close()
    with Folder.open(tmp_path / "f") as folder:
        folder.contacts.create(Contact(name="Made after the upgrade"))
        folder.restore_backup(old)
        conn = folder.db.connection()
        fields = [e.field for e in changelog.entries(conn)]
        assert fields.count(changelog.EXISTING) == 149, "150 rows, one a counter"
        assert fields[-1] == changelog.RESTORED
        person = folder.contacts.get(3)
        person.company = "Edited after the restore"
        folder.contacts.update(person)
        assert changelog.verify(conn) == []
        source_records = all_records(conn)
        logged = changelog.entries(conn)
    with Folder.open(tmp_path / "replayed") as copy:
        with copy.transaction():
            changelog.receive(copy.db.connection(), logged)
        assert all_records(copy.db.connection()) == source_records


def test_a_replayed_copy_never_reuses_a_trash_batch(tmp_path, folder):
    """The trash's batch counter is bookkeeping, not logged: a copy made from the log numbers
    its next batch past those its rows carry, so an undo never brings back strangers."""
    old = folder.contacts.create(Contact(name="Long gone"))
    folder.contacts.delete([old])
    copy = Folder.open(tmp_path / "replayed")
    with copy.transaction():
        changelog.receive(copy.db.connection(), changelog.entries(folder.db.connection()))
    fresh = copy.contacts.create(Contact(name="Deleted today"))
    batch = copy.contacts.delete([fresh])
    copy.trash.restore(batch)  # the undo of today's delete
    assert [c.name for c in copy.contacts.choices()] == ["Deleted today"]
    copy.close()
