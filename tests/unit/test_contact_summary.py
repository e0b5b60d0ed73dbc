"""A contact's page in numbers: ContactService.summary (no Qt)."""

from __future__ import annotations

import datetime as dt

from networking_folder.domain.model import (
    Contact,
    Direction,
    FollowUp,
    FollowUpState,
    Group,
    InteractionKind,
    Note,
    Referral,
    Status,
)

DAY = dt.date(2026, 11, 2)


def refer(folder, direction, partner, prospect, status=None, value_cents=None, note=""):
    referral_id = folder.referrals.create(
        Referral(direction=direction, partner_id=partner, prospect_id=prospect, date=DAY)
    )
    if status is not None:
        folder.referrals.set_status(referral_id, status, note, value_cents)
    return referral_id


def test_the_summary_counts_each_way_with_the_business_that_closed(folder):
    maria = folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    tom = folder.contacts.create(Contact(name="Tom Becker", is_partner=True))
    ben, ana, eve = (folder.contacts.create(Contact(name=n)) for n in ("Ben", "Ana", "Eve"))
    # Given to Maria: one closed (3,700.00), one still open.
    refer(folder, Direction.GIVEN, maria, ben, Status.CLOSED_BUSINESS, 370_000)
    refer(folder, Direction.GIVEN, maria, ana)
    # Received from Maria: two closed, one not a fit.
    refer(folder, Direction.RECEIVED, maria, eve, Status.CLOSED_BUSINESS, 120_050)
    refer(folder, Direction.RECEIVED, maria, ben, Status.CLOSED_BUSINESS, 50_000)
    refer(folder, Direction.RECEIVED, maria, ana, Status.NOT_A_FIT, note="Wanted a broker")
    # Not Maria's: given to Tom, and Maria as a prospect; and one in the trash.
    refer(folder, Direction.GIVEN, tom, eve, Status.CLOSED_BUSINESS, 999_900)
    refer(folder, Direction.RECEIVED, tom, maria, Status.CLOSED_BUSINESS, 888_800)
    gone = refer(folder, Direction.GIVEN, maria, eve, Status.CLOSED_BUSINESS, 777_700)
    folder.referrals.delete([gone])

    summary = folder.contacts.summary(maria)
    assert (summary.given, summary.given_closed, summary.given_value_cents) == (2, 1, 370_000)
    assert (summary.received, summary.received_closed, summary.received_value_cents) == (
        3,
        2,
        170_050,
    )
    nobody = folder.contacts.summary(eve)  # a prospect: nothing each way
    assert (nobody.given, nobody.received, nobody.given_value_cents) == (0, 0, 0)


def test_the_summary_has_the_next_follow_up_the_last_touch_groups_and_notes_in_full(folder):
    maria = folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    other = folder.contacts.create(Contact(name="Ben Carter"))
    chamber = folder.groups.create(Group("Midtown Chamber"))
    bni = folder.groups.create(Group("BNI Downtown"))
    folder.contacts.update(
        Contact(name="Maria Alvarez", is_partner=True, group_ids=[chamber, bni], id=maria)
    )
    body = "Coffee at the Riverside.\nShe wants first-time buyers.\n\nCall her Friday."
    note_id = folder.notes.create(
        Note(body, contact_id=maria, kind=InteractionKind.CALL, at=dt.datetime(2026, 3, 4, 9))
    )
    folder.notes.create(Note("Not about Maria", contact_id=other, at=dt.datetime(2026, 5, 1)))
    for title, due, state in (
        ("Done long ago", dt.date(2026, 1, 2), FollowUpState.DONE),
        ("Send the open-house list", dt.date(2026, 3, 20), FollowUpState.OPEN),
        ("Book a one-to-one", dt.date(2026, 4, 1), FollowUpState.OPEN),
    ):
        done_at = dt.datetime(2026, 1, 2, 10) if state is FollowUpState.DONE else None
        folder.follow_ups.create(
            FollowUp(title, due, contact_id=maria, state=state, completed_at=done_at)
        )
    folder.follow_ups.create(FollowUp("Ben's, earlier", dt.date(2026, 2, 1), contact_id=other))

    summary = folder.contacts.summary(maria)
    assert (summary.next_due, summary.next_title) == (
        dt.date(2026, 3, 20),
        "Send the open-house list",
    )
    assert summary.last_touch == dt.date(2026, 3, 4)  # the call (the done follow-up is older)
    assert summary.groups == ["BNI Downtown", "Midtown Chamber"]
    assert summary.notes == {note_id: body}  # whole, every line; only hers
    (entry,) = [e for e in summary.timeline.entries if e.kind == "note"]
    assert entry.id == note_id

    quiet = folder.contacts.summary(other)
    assert quiet.groups == [] and quiet.next_title == "Ben's, earlier"
