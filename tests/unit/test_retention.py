"""Records kept as long as the rules ask (issue 14, item 4): inside the window, emptying the
trash leaves referrals, notes and the contacts they name in it, and says until when; outside
it, they go, and the change log keeps the record that they went. On a simulated clock."""

from __future__ import annotations

import datetime as dt

import pytest

from networking_folder.domain.model import Contact, Direction, Note, Referral
from networking_folder.domain.validation import ValidationError
from networking_folder.services.trash import DEFAULT_RETENTION_YEARS, years_after
from networking_folder.store import changelog

TODAY = dt.date(2031, 6, 15)


def last_changed(folder, table: str, row_id: int, day: dt.date) -> None:
    """As if the record had last been changed on ``day`` (the clock of the test)."""
    with folder.transaction():
        folder.db.execute_sql(
            f"UPDATE {table} SET updated_at = ? WHERE id = ?", (f"{day.isoformat()} 10:00:00", row_id)
        )


@pytest.fixture
def trashed(folder):
    """Maria (a partner) referred Ben; Ben is deleted, with the referral and a note."""
    maria = folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    ben = folder.contacts.create(Contact(name="Ben Ortiz"))
    referral = folder.referrals.create(Referral(Direction.RECEIVED, maria, ben, dt.date(2026, 6, 1)))
    note = folder.notes.create(Note("Ben wants a plan for his kids", contact_id=ben))
    folder.contacts.delete([ben])
    return folder, dict(maria=maria, ben=ben, referral=referral, note=note)


def remaining(folder) -> dict[str, int]:
    return {t: folder.query(f"SELECT count(*) FROM {t}")[0][0] for t in ("contact", "referral", "note")}


@pytest.mark.parametrize(("days_inside", "kept"), [(1, True), (0, False), (-1, False)])
def test_inside_the_window_emptying_keeps_referrals_notes_and_whom_they_name(trashed, days_inside, kept):
    folder, ids = trashed
    assert folder.trash.retention_years() == DEFAULT_RETENTION_YEARS == 5
    # Last changed so that the five years end ``days_inside`` days after today.
    changed = years_after(TODAY, -5) + dt.timedelta(days=days_inside)
    last_changed(folder, "referral", ids["referral"], changed)
    last_changed(folder, "note", ids["note"], changed)
    held = folder.trash.held(TODAY)
    folder.trash.empty(TODAY)
    if kept:
        assert remaining(folder) == {"contact": 2, "referral": 1, "note": 1}
        assert (held.referrals, held.notes) == (1, 1)
        assert held.first_removable == years_after(changed, 5) == TODAY + dt.timedelta(days=1)
        assert [b.contacts for b in folder.trash.batches()] == [1]  # Ben stays, in the trash
    else:
        assert remaining(folder) == {"contact": 1, "referral": 0, "note": 0}
        assert not held.any and folder.trash.batches() == []


def test_a_note_kept_keeps_the_contact_and_the_referral_it_names(trashed):
    folder, ids = trashed
    old = years_after(TODAY, -9)
    last_changed(folder, "referral", ids["referral"], old)  # its own years are over...
    folder.trash.empty(TODAY)  # ...but the note (changed today) names Ben
    assert remaining(folder) == {"contact": 2, "referral": 0, "note": 1}


def test_with_keeping_turned_off_everything_in_the_trash_goes_and_the_log_says_so(trashed):
    folder, ids = trashed
    referral_uuid = folder.uuids("referral", [ids["referral"]])[ids["referral"]]
    folder.trash.set_retention_years(0)
    assert not folder.trash.held(TODAY).any
    folder.trash.empty(TODAY)
    assert remaining(folder) == {"contact": 1, "referral": 0, "note": 0}
    gone = [e for e in changelog.entries(folder.db.connection()) if e.record == referral_uuid]
    assert gone[-1].field == changelog.PURGED  # the log keeps the record that it went


@pytest.mark.parametrize("years", [-1, 51, 2.5, "5"])
def test_the_years_are_a_whole_number_from_0_to_50(folder, years):
    with pytest.raises(ValidationError, match="0 to 50 years"):
        folder.trash.set_retention_years(years)
    folder.trash.set_retention_years(7)
    assert folder.trash.retention_years() == 7


def test_a_leap_day_counts_to_the_28th_in_a_year_without_one():
    assert years_after(dt.date(2028, 2, 29), 5) == dt.date(2033, 2, 28)
