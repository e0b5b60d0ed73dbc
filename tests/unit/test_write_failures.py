"""Disk full, read-only, lost lock: the change is rolled back whole, the message is clear,
and the folder keeps working with what was saved."""

from __future__ import annotations

import datetime as dt

import pytest

from networking_folder.domain.model import Contact, Direction, Referral
from networking_folder.store.errors import DiskFull


def fill_the_disk(folder) -> None:
    pages = folder.db.execute_sql("PRAGMA page_count").fetchone()[0]
    folder.db.execute_sql(f"PRAGMA max_page_count = {pages + 2}")


def test_disk_full_rolls_back_says_so_and_works_again_when_there_is_room(folder):
    maria = folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    before = folder.counts()
    heard = []
    folder.subscribe(heard.append)
    fill_the_disk(folder)
    with pytest.raises(DiskFull, match="disk is full: nothing was saved"):
        for n in range(200):  # one of these runs out of room
            folder.referrals.create(
                Referral(Direction.RECEIVED, maria, 0, dt.date(2026, 11, 20), need="x" * 3000),
                new_prospect=f"Prospect {n}",
            )
    after = folder.counts()
    # Whatever went in before the disk filled is whole; the failing one left nothing behind.
    assert (
        after["contacts"] - before["contacts"]
        == after["referrals_received"] - before["referrals_received"]
    )
    follow_ups = folder.db.execute_sql("SELECT count(*) FROM follow_up").fetchone()[0]
    assert follow_ups == 2 * after["referrals_received"], (
        "each saved referral has its R1 and R9 follow-ups, no half ones"
    )
    assert [r.name for r in folder.contacts.rows()][0] == "Maria Alvarez", "reading still works"
    folder.db.execute_sql("PRAGMA max_page_count = 1073741823")  # room is made
    folder.contacts.create(Contact(name="After the cleanup"))
    assert "After the cleanup" in {r.name for r in folder.contacts.rows()}
    assert folder.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
