"""The promoter register's arithmetic (R11): the rolling twelve-month total at its edges, and
each warning appearing and going away when its cause is fixed."""

from __future__ import annotations

import datetime as dt

import pytest

from networking_folder.domain.promoters import Compensation, twelve_month_total, warnings, window

DAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize(("days_back", "counted"), [(0, True), (364, True), (365, False), (366, False)])
def test_the_twelve_months_are_the_365_days_ending_on_the_day_asked(days_back, counted):
    given = DAY - dt.timedelta(days=days_back)
    items = [Compensation(given, 40_000), Compensation(DAY, 10_000)]
    assert twelve_month_total(items, DAY) == 10_000 + (40_000 if counted else 0)
    assert window(DAY) == (DAY - dt.timedelta(days=364), DAY)


def test_across_a_leap_day_the_window_is_still_365_days():
    day = dt.date(2028, 3, 1)  # 2028-02-29 is inside the window: it starts a day later
    first, last = window(day)
    assert (last - first).days + 1 == 365 and first == dt.date(2027, 3, 3)


def test_what_is_dated_after_the_day_asked_is_not_counted_yet():
    items = [Compensation(DAY + dt.timedelta(days=1), 90_000), Compensation(DAY, 5_000)]
    assert twelve_month_total(items, DAY) == 5_000
    assert warnings("Ann", items, set(), None, DAY, threshold_cents=50_000) == []


def test_compensation_without_a_disclosure_warns_until_one_is_recorded():
    items = [Compensation(DAY, 5_000, "Dinner at Nobu", referral_id=7),
             Compensation(DAY, 2_000, "Tickets", referral_id=7),  # one warning per referral
             Compensation(DAY, 1_000, "Thank-you card")]  # for no referral: nothing to disclose  # fmt: skip
    (said,) = warnings("Ann Lee", items, set(), None, DAY)
    assert (said.rule, said.kind, said.referral_id) == ("R11", "undisclosed", 7)
    assert said.text == (
        "Ann Lee was given “Dinner at Nobu” (50) on Tue 24 Nov 2026 for a referral with no "
        "disclosure recorded."
    )
    assert warnings("Ann Lee", items, {7}, None, DAY) == []


@pytest.mark.parametrize(("total", "warned"), [(100_000, False), (100_001, True)])
def test_over_the_threshold_without_an_agreement_warns_until_one_is_on_file(total, warned):
    items = [Compensation(DAY - dt.timedelta(days=30), total, cash=True)]
    said = warnings("Bo Chan", items, set(), None, DAY)
    assert [w.kind for w in said] == (["no_agreement"] if warned else [])
    if warned:
        assert said[0].text == (
            "Bo Chan was given 1,000.01 in the last twelve months, over your 1,000 threshold, "
            "and no written agreement is on file."
        )
    # An agreement on file by the day asked ends it; one signed later is not on file yet.
    assert warnings("Bo Chan", items, set(), DAY, DAY) == []
    later = warnings("Bo Chan", items, set(), DAY + dt.timedelta(days=1), DAY)
    assert [w.kind for w in later] == (["no_agreement"] if warned else [])


def test_the_threshold_is_the_users():
    items = [Compensation(DAY, 60_000, cash=True)]
    assert warnings("Cy", items, set(), None, DAY, threshold_cents=50_000)[0].kind == "no_agreement"
    assert warnings("Cy", items, set(), None, DAY, threshold_cents=60_000) == []
