"""The home page's figures (issue 12, item 1) against the hand-counted folder: the quarter at a
glance, the last twelve months, the balance per partner; and each group's next meeting, which
skips a public holiday and brings the thank-yous owed there with their amounts."""

from __future__ import annotations

import datetime as dt

from networking_folder.domain.model import Group
from networking_folder.services.home import month_starts
from networking_folder.services.scorecards import Quarter
from tests.unit.known_folder import Q4, TODAY


def test_the_quarter_at_a_glance_matches_the_hand_count(known):
    totals = known.home.quarter(Q4)
    # Given: Ann on Oct 1, Nov 10 and Dec 31, Cy on Dec 1. Received: Ann on Oct 15 and Nov 1,
    # Bob three times on Oct 10; the one in the trash is left out.
    assert (totals.given, totals.received) == (4, 5)
    # Closed by the day it closed: Oct 20 (1,200.00) and Oct 5 (300.00, a Q3 referral).
    assert totals.closed_value_received_cents == 150_000
    assert totals.closed_value_given_cents == 50_000
    assert totals.one_to_ones == 1
    assert totals.conversion == 1 / 5  # of the five received this quarter, one closed
    nothing = known.home.quarter(Quarter(2025, 1))
    assert (nothing.given, nothing.received, nothing.conversion) == (0, 0, None)


def test_the_last_twelve_months(known):
    months = {m.start: m for m in known.home.months(TODAY)}
    assert list(months) == [dt.date(2026, n, 1) for n in range(1, 13)]
    assert (months[dt.date(2026, 9, 1)].given, months[dt.date(2026, 9, 1)].received) == (1, 1)
    october = months[dt.date(2026, 10, 1)]
    assert (october.given, october.received, october.closed_value_received_cents) == (1, 4, 150_000)
    november = months[dt.date(2026, 11, 1)]
    assert (november.given, november.received) == (1, 1)  # the trash left out
    december = months[dt.date(2026, 12, 1)]
    assert (december.given, december.closed_value_given_cents) == (2, 50_000)
    assert months[dt.date(2026, 5, 1)].received == 1
    assert month_starts(dt.date(2026, 2, 14), 3) == [
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]


def test_the_balance_per_partner_busiest_first(known):
    rows = [(b.name, b.given, b.received) for b in known.home.balance(Q4)]
    assert rows == [("Ann", 3, 2), ("Bob", 0, 3), ("Cy", 1, 0)]
    assert [b.name for b in known.home.balance(Q4, limit=1)] == ["Ann"]


def test_the_next_meeting_skips_thanksgiving_and_brings_the_thank_yous(known):
    known.settings.set("calendar.country", "US")
    chapter = known.groups.create(Group("Thursday chapter", meeting_weekday=3))
    known.groups.create(Group("Tuesday leads", meeting_weekday=1, meets_on_holidays=True))
    ann = next(c for c in known.contacts.rows() if c.name == "Ann")
    record = known.contacts.get(ann.id)
    known.contacts.update(_in_group(record, chapter))
    monday = dt.date(2026, 11, 23)
    tuesday, thursday = known.home.meetings(monday)
    assert (tuesday.group, tuesday.day, tuesday.skipped_holiday) == (
        "Tuesday leads",
        dt.date(2026, 11, 24),
        "",
    )
    assert (thursday.day, thursday.skipped_holiday, thursday.skipped_on) == (
        dt.date(2026, 12, 3),
        "Thanksgiving Day",
        dt.date(2026, 11, 26),
    )
    # Ann's two closed referrals earn thank-yous, privately and publicly (R5), and her open one a
    # public thank-you of its own (R9); she is in the Thursday chapter.
    owed = sorted((t.name, t.value_cents or 0, t.public) for t in thursday.thank_yous)
    assert owed == [
        ("Ann", 0, True),
        ("Ann", 30_000, False),
        ("Ann", 30_000, True),
        ("Ann", 120_000, False),
        ("Ann", 120_000, True),
    ]
    # Bob's three referrals and Eve's one: they are in no group, so their thanks (R9) go to
    # the soonest meeting.
    assert sorted((t.name, t.public) for t in tuesday.thank_yous) == [
        ("Bob", True), ("Bob", True), ("Bob", True), ("Eve", True),
    ]  # fmt: skip
    # On the meeting day itself, that day is the next meeting.
    assert known.home.meetings(dt.date(2026, 12, 3))[0].day == dt.date(2026, 12, 3)


def _in_group(contact, group_id):
    contact.group_ids = [group_id]
    return contact
