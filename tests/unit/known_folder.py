"""A small folder whose figures were worked out by hand (for the scorecards, the home page
and the quarter's report): quarter edges, closed value by the day it closed, conversion,
median days to first contact, one-to-ones, the trash left out."""

from __future__ import annotations

import datetime as dt

import pytest

from networking_folder.domain.model import (
    Contact,
    Direction,
    FollowUp,
    InteractionKind,
    Note,
    Referral,
    Status,
)
from networking_folder.services.scorecards import Quarter

Q4 = Quarter(2026, 4)
TODAY = dt.date(2026, 12, 31)


def moved(folder, referral: int, status: Status, on: dt.date, value: int | None = None) -> None:
    """Move a referral on, recorded as happening on ``on`` (the day its status change carries)."""
    folder.referrals.set_status(referral, status, value_cents=value, on=on)


@pytest.fixture
def known(folder):
    f = folder
    ann = f.contacts.create(Contact(name="Ann", is_partner=True))
    bob = f.contacts.create(Contact(name="Bob", is_partner=True))
    cy = f.contacts.create(Contact(name="Cy"))
    f.contacts.create(Contact(name="Dee", is_partner=True))
    eve = f.contacts.create(Contact(name="Eve"))
    prospects = iter(f.contacts.create(Contact(name=f"Prospect {n}")) for n in range(20))

    def refer(direction, partner, day):
        return f.referrals.create(
            Referral(direction, partner, next(prospects), day, need="Something")
        )

    given, received = Direction.GIVEN, Direction.RECEIVED
    first = refer(given, ann, dt.date(2026, 10, 1))  # the quarter's first day: in
    moved(f, first, Status.PARTNER_CONTACTED, dt.date(2026, 10, 3))  # 2 days
    second = refer(given, ann, dt.date(2026, 11, 10))
    moved(f, second, Status.PARTNER_CONTACTED, dt.date(2026, 11, 20))  # 10 days
    moved(f, second, Status.CLOSED_BUSINESS, dt.date(2026, 12, 31), 50_000)  # closed: in
    refer(given, ann, dt.date(2026, 12, 31))  # the last day: in; not moved on
    refer(given, ann, dt.date(2027, 1, 1))  # the next quarter: out
    refer(given, ann, dt.date(2026, 9, 30))  # the quarter before (for the trend)
    won = refer(received, ann, dt.date(2026, 10, 15))
    moved(f, won, Status.CLOSED_BUSINESS, dt.date(2026, 10, 20), 120_000)
    refer(received, ann, dt.date(2026, 11, 1))  # still open: counts against conversion
    late = refer(received, ann, dt.date(2026, 9, 15))  # made last quarter, closed in this one
    moved(f, late, Status.CLOSED_BUSINESS, dt.date(2026, 10, 5), 30_000)
    f.referrals.delete([refer(received, ann, dt.date(2026, 11, 5))])  # in the trash: nothing
    for _ in range(3):
        refer(received, bob, dt.date(2026, 10, 10))
    refer(given, cy, dt.date(2026, 12, 1))
    refer(received, eve, dt.date(2026, 5, 1))  # two quarters back, not a partner: not listed
    f.notes.create(Note("Coffee", contact_id=ann, kind=InteractionKind.ONE_TO_ONE,
                        at=dt.datetime(2026, 10, 12, 8)))  # fmt: skip
    f.notes.create(Note("Lunch", contact_id=ann, kind=InteractionKind.ONE_TO_ONE,
                        at=dt.datetime(2026, 6, 1, 12)))  # fmt: skip
    f.follow_ups.create(FollowUp("One-to-one with Ann", dt.date(2026, 12, 5), contact_id=ann))
    return f


