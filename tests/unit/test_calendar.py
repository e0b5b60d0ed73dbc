"""The business calendar behind rule R1."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from networking_folder.domain.calendar import BusinessCalendar, UnknownCountry

D = dt.date


@pytest.mark.parametrize(
    ("country", "subdivision", "received", "due", "why"),
    [
        ("US", None, D(2026, 11, 18), D(2026, 11, 19), "an ordinary Wednesday: the next day"),
        ("US", None, D(2026, 11, 20), D(2026, 11, 23), "a Friday rolls to Monday"),
        ("US", None, D(2026, 11, 21), D(2026, 11, 23), "a Saturday rolls to Monday"),
        (
            "US",
            None,
            D(2026, 11, 25),
            D(2026, 11, 27),
            "the eve of Thanksgiving rolls past it to Friday",
        ),
        ("US", None, D(2026, 11, 26), D(2026, 11, 27), "on Thanksgiving itself: the Friday after"),
        (
            "US",
            None,
            D(2026, 7, 2),
            D(2026, 7, 6),
            "July 4th 2026 is a Saturday, observed Friday the 3rd",
        ),
        (
            "US",
            None,
            D(2026, 12, 24),
            D(2026, 12, 28),
            "Christmas Eve: past Christmas and the weekend",
        ),
        (
            "US",
            None,
            D(2027, 1, 15),
            D(2027, 1, 19),
            "Friday before Martin Luther King Jr. Day: Tuesday",
        ),
        (
            "US",
            "MA",
            D(2027, 4, 16),
            D(2027, 4, 20),
            "Massachusetts keeps Patriots' Day (a Monday)",
        ),
        ("US", None, D(2027, 4, 16), D(2027, 4, 19), "the rest of the US does not"),
        (
            "GB",
            "ENG",
            D(2026, 12, 24),
            D(2026, 12, 29),
            "England: Christmas, then Boxing Day observed on Monday 28th",
        ),
        (
            "DE",
            None,
            D(2026, 10, 2),
            D(2026, 10, 5),
            "Germany: Day of German Unity on a Saturday is not moved",
        ),
        ("DE", None, D(2026, 4, 2), D(2026, 4, 7), "Germany: Good Friday and Easter Monday"),
    ],
)
def test_next_business_day(country, subdivision, received, due, why):
    assert BusinessCalendar(country, subdivision).next_business_day(received) == due, why


def test_holidays_have_names():
    calendar = BusinessCalendar("US")
    assert "Thanksgiving" in calendar.holiday_name(D(2026, 11, 26))
    assert calendar.holiday_name(D(2026, 11, 24)) is None


def test_an_unknown_country_is_refused_with_a_message():
    with pytest.raises(UnknownCountry, match="XX"):
        BusinessCalendar("XX")
    with pytest.raises(UnknownCountry, match="not a region"):
        BusinessCalendar("US", "ZZ")


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31)),
    country=st.sampled_from(["US", "GB", "DE", "CA"]),
)
def test_next_business_day_is_later_a_business_day_and_within_a_week(day, country):
    calendar = BusinessCalendar(country)
    following = calendar.next_business_day(day)
    assert following > day
    assert calendar.is_business_day(following)
    assert (following - day).days <= 7
    # and no business day was skipped on the way
    between = [day + dt.timedelta(days=n) for n in range(1, (following - day).days)]
    assert not any(calendar.is_business_day(d) for d in between)


def test_countries_and_regions_have_names_for_the_settings():
    from networking_folder.domain.calendar import countries, subdivisions

    names = dict(countries())
    assert (
        names["US"] == "United States"
        and names["GB"] == "United Kingdom"
        and names["DE"] == "Germany"
    )
    assert ("ENG", "England") in subdivisions("GB")
    assert ("MA", "Massachusetts") in subdivisions("US")
