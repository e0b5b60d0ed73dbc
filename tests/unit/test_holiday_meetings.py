"""Groups do not meet on public holidays unless they say so (issue 9, item 16).

A Thursday chapter does not meet on Thanksgiving (Thu 2026-11-26 in the US): the public
thank-you "at the group's next meeting" (R5) and the meeting the tracking sheet announces
are the next real meeting, Thu 2026-12-03. A group that meets on holidays keeps the 26th.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from networking_folder.domain.calendar import BusinessCalendar
from networking_folder.domain.model import (
    Contact,
    Direction,
    FollowUpKind,
    FollowUpState,
    Group,
    Referral,
    Status,
)
from networking_folder.domain.rules import next_meeting
from networking_folder.services import rules as rule_service
from networking_folder.services import sheet

THURSDAY = 3
CLOSED_ON = dt.date(2026, 11, 23)  # a Monday
THANKSGIVING = dt.date(2026, 11, 26)
NEXT_REAL_MEETING = dt.date(2026, 12, 3)


@pytest.fixture
def us(folder):
    folder.settings.set("calendar.country", "US")
    return folder


@pytest.fixture
def closed_on_monday(monkeypatch):
    """The rules see "today" as Mon 2026-11-23, the day the referral is closed."""

    class Monday(dt.date):
        @classmethod
        def today(cls):
            return CLOSED_ON

    monkeypatch.setattr(
        rule_service,
        "dt",
        SimpleNamespace(date=Monday, datetime=dt.datetime, timedelta=dt.timedelta),
    )


def close_a_referral(folder, group_id):
    maria = folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    ben = folder.contacts.create(Contact(name="Ben Carter"))
    rid = folder.referrals.create(
        Referral(Direction.RECEIVED, maria, ben, dt.date(2026, 11, 20), group_id=group_id)
    )
    folder.referrals.set_status(rid, Status.CLOSED_BUSINESS, value_cents=250_000)
    rows = [
        r
        for r in folder.follow_ups.rows()
        if r.referral_id == rid and r.state is FollowUpState.OPEN
    ]
    return {r.kind: r for r in rows}


# -- the domain --------------------------------------------------------------------------
def test_next_meeting_skips_a_public_holiday_unless_the_group_meets_on_holidays():
    us = BusinessCalendar("US")
    assert us.holiday_name(THANKSGIVING) == "Thanksgiving Day"
    assert next_meeting(CLOSED_ON, THURSDAY, us) == NEXT_REAL_MEETING
    assert next_meeting(CLOSED_ON, THURSDAY, us, meets_on_holidays=True) == THANKSGIVING
    assert next_meeting(CLOSED_ON, THURSDAY) == THANKSGIVING, "no calendar: no holidays"
    # An ordinary week is untouched, and "strictly after" still holds.
    assert next_meeting(dt.date(2026, 11, 16), THURSDAY, us) == dt.date(2026, 11, 19)
    assert next_meeting(NEXT_REAL_MEETING, THURSDAY, us) == dt.date(2026, 12, 10)
    # Two holidays in a row on the meeting day: Christmas and New Year's Day 2026 are Fridays.
    assert next_meeting(dt.date(2026, 12, 21), 4, us) == dt.date(2027, 1, 8)
    assert next_meeting(dt.date(2026, 11, 20), THURSDAY, None) == THANKSGIVING
    assert next_meeting(CLOSED_ON, None, us) is None


# -- R5, through the services --------------------------------------------------------------
def test_r5_public_thanks_skip_thanksgiving(us, closed_on_monday):
    group = us.groups.create(Group("BNI Downtown", meeting_weekday=THURSDAY))
    thanks = close_a_referral(us, group)
    public, private = thanks[FollowUpKind.THANK_PUBLICLY], thanks[FollowUpKind.THANK_PRIVATELY]
    assert public.due == NEXT_REAL_MEETING
    assert public.title == "Thank Maria Alvarez at the meeting on Thu Dec 03"
    assert private.due == dt.date(2026, 12, 2), "privately, the day before that meeting"


def test_r5_public_thanks_on_the_holiday_for_a_group_that_meets_on_holidays(us, closed_on_monday):
    group = us.groups.create(
        Group("Holiday Breakfast Club", meeting_weekday=THURSDAY, meets_on_holidays=True)
    )
    assert us.groups.get(group).meets_on_holidays is True
    thanks = close_a_referral(us, group)
    assert thanks[FollowUpKind.THANK_PUBLICLY].due == THANKSGIVING
    assert thanks[FollowUpKind.THANK_PUBLICLY].title.endswith("on Thu Nov 26")
    assert thanks[FollowUpKind.THANK_PRIVATELY].due == dt.date(2026, 11, 25)


def test_a_new_group_does_not_meet_on_holidays_and_the_setting_is_kept(us):
    group = us.groups.create(Group("BNI Downtown", meeting_weekday=THURSDAY))
    saved = us.groups.get(group)
    assert saved.meets_on_holidays is False
    saved.meets_on_holidays = True
    us.groups.update(saved)
    assert us.groups.get(group).meets_on_holidays is True
    assert [g.meets_on_holidays for g in us.groups.all()] == [True]


# -- the tracking sheet ------------------------------------------------------------------
def test_the_sheet_announces_the_next_real_meeting(us):
    group_id = us.groups.create(
        Group("BNI Downtown", meeting_weekday=THURSDAY, meeting_time=dt.time(7, 0))
    )
    group = us.groups.get(group_id)
    calendar = us.rules.calendar()
    # Thanksgiving week has no meeting: its sheet announces the next one, the week after.
    data = sheet.sheet_data(us, CLOSED_ON, group, CLOSED_ON)
    assert data.meeting == dt.datetime(2026, 12, 3, 7, 0)
    assert sheet.default_week(group, CLOSED_ON, calendar) == dt.date(2026, 11, 30)
    # An ordinary week announces its own meeting.
    week = dt.date(2026, 11, 16)
    assert sheet.sheet_data(us, week, group, week).meeting == dt.datetime(2026, 11, 19, 7, 0)

    group.meets_on_holidays = True
    us.groups.update(group)
    group = us.groups.get(group_id)
    assert sheet.default_week(group, CLOSED_ON, calendar) == CLOSED_ON
    assert sheet.sheet_data(us, CLOSED_ON, group, CLOSED_ON).meeting == dt.datetime(
        2026, 11, 26, 7, 0
    )


def test_the_default_group_is_the_one_that_really_meets_first(us):
    us.groups.create(Group("Thursday Chapter", meeting_weekday=THURSDAY))
    us.groups.create(Group("Monday Leads", meeting_weekday=0))
    tuesday = dt.date(2026, 11, 24)
    # Thursday Chapter would meet on Thanksgiving (the 26th), but meets on Dec 3: Monday
    # Leads, on Nov 30, comes first.
    assert sheet.default_group(us, tuesday).name == "Monday Leads"
