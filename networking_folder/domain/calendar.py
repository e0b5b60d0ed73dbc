"""The business calendar: which days count for follow-ups (rule R1 and the like).

Weekends and the public holidays of the user's country (and subdivision: a US state, a
UK nation) are not business days. Holidays come from the ``holidays`` package, so
"observed" days are right: Independence Day on a Saturday is taken on the Friday.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import holidays

from networking_folder.domain.locale_defaults import default_country

ONE_DAY = dt.timedelta(days=1)


class UnknownCountry(ValueError):
    pass


class BusinessCalendar:
    def __init__(self, country: str | None = None, subdivision: str | None = None) -> None:
        import holidays  # here, not at the top: it costs 0.1 s and start-up needs no calendar

        self.country = (country or default_country()).upper()
        self.subdivision = subdivision or None
        if self.country not in holidays.list_supported_countries():
            raise UnknownCountry(f"No public holidays are known for the country “{self.country}”.")
        supported = holidays.list_supported_countries()[self.country]
        if self.subdivision is not None and self.subdivision not in supported:
            raise UnknownCountry(f"“{self.subdivision}” is not a region of {self.country}.")

    @cached_property
    def _holidays(self) -> holidays.HolidayBase:
        import holidays

        # Years are filled in on demand as dates are asked about.
        return holidays.country_holidays(self.country, subdiv=self.subdivision)

    def holiday_name(self, day: dt.date) -> str | None:
        return self._holidays.get(day)

    def is_business_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self._holidays

    def next_business_day(self, day: dt.date) -> dt.date:
        """The first business day after ``day`` (R1: within 24 hours, but a Friday, a weekend
        or the eve of a holiday rolls on to the next business day)."""
        day += ONE_DAY
        while not self.is_business_day(day):
            day += ONE_DAY
        return day

    def on_or_after(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a business day, else the next one."""
        return day if self.is_business_day(day) else self.next_business_day(day)


def next_week(today: dt.date) -> dt.date:
    """Monday of next week (snoozing "to next week")."""
    return today + dt.timedelta(days=7 - today.weekday())


def _readable(class_name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", class_name)


def countries() -> list[tuple[str, str]]:
    """(code, name) of every country with known public holidays, by name."""
    from holidays import registry

    pairs = {entry[1]: _readable(entry[0]) for entry in registry.COUNTRIES.values()}
    return sorted(pairs.items(), key=lambda pair: pair[1])


def subdivisions(country: str) -> list[tuple[str, str]]:
    """(code, name) of a country's regions (US states, UK nations…), by name."""
    import holidays

    codes = holidays.list_supported_countries().get(country.upper(), [])
    names = {
        code: name
        for name, code in getattr(
            holidays.country_holidays(country.upper()), "subdivisions_aliases", {}
        ).items()
    }
    return sorted(((code, names.get(code, code)) for code in codes), key=lambda pair: pair[1])
