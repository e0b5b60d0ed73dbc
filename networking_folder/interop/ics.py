"""Calendar files (iCalendar, RFC 5545) built with the icalendar library from plain items.

Choices made for the calendar programs people actually use (Outlook, Apple Calendar,
Thunderbird, GNOME/Evolution, Google Calendar through a subscription):

- Follow-ups are all-day VEVENTs, not VTODOs: most calendar programs never show a VTODO.
  They are TRANSPARENT (a reminder, not time taken) and carry one DISPLAY alarm at 09:00 on
  the day (TRIGGER:PT9H after the day's start). The morning it is due is when a to-do helps;
  "the day before" (-PT15H) would ring on Sundays and holidays, since rule R1 puts follow-ups
  on business days. Outlook drops alarms after an event's start and Google ignores a feed's
  alarms; both then apply their own default reminders, which is no worse than none.
- Times are floating (local time, no TZID). The folder keeps plain local times and no zone;
  a local user's calendar program reads a floating time in its own zone, a weekly 07:00
  stays 07:00 across daylight-saving changes, and there is no VTIMEZONE to get wrong (the
  machine's IANA zone name cannot be found reliably everywhere; a wrong TZID is worse than
  none).
- A UID is the record's UUID with "@networking-folder": the same item keeps its UID in every
  rewrite (and when its date moves), so a subscribed calendar updates it in place.
- A weekly meeting is one VEVENT with RRULE:FREQ=WEEKLY and one EXDATE line per skipped day
  (some clients read only the first date of a comma-separated EXDATE).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

UID_DOMAIN = "networking-folder"
PRODID = "-//Networking Folder//Networking Folder//EN"
CALENDAR_NAME = "Networking Folder"
# How often a subscribing program should read the file again (RFC 7986 REFRESH-INTERVAL, and
# X-PUBLISHED-TTL for Outlook and Apple). The file is local, so reading it is cheap.
REFRESH = dt.timedelta(minutes=15)
MORNING_ALARM = dt.timedelta(hours=9)  # 09:00 on an all-day item's day
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Control characters (other than tab and line feed) are not allowed in iCalendar text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def uid_for(record_uuid: str) -> str:
    """The UID of a record's calendar item: stable for as long as the record lives."""
    return f"{record_uuid}@{UID_DOMAIN}"


@dataclass(frozen=True, slots=True)
class AllDayItem:
    """An all-day event: a follow-up on its day."""

    uid: str
    day: dt.date
    summary: str
    description: str = ""
    location: str = ""
    categories: tuple[str, ...] = ()
    alarm: dt.timedelta | None = MORNING_ALARM  # after the day's start (midnight)
    revised: dt.datetime | None = None  # DTSTAMP: when the record last changed


@dataclass(frozen=True, slots=True)
class TimedItem:
    """An event at a local (floating) time: a one-to-one."""

    uid: str
    start: dt.datetime  # naive: local time
    duration: dt.timedelta
    summary: str
    description: str = ""
    location: str = ""
    categories: tuple[str, ...] = ()
    revised: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class WeeklySeries:
    """A group's weekly meeting: from ``first`` on, every week on its weekday, at ``time``
    (None: an all-day series), less the ``skipped`` days (public holidays)."""

    uid: str
    first: dt.date
    time: dt.time | None
    duration: dt.timedelta
    summary: str
    description: str = ""
    location: str = ""
    categories: tuple[str, ...] = ()
    skipped: tuple[dt.date, ...] = ()
    revised: dt.datetime | None = None


Item = AllDayItem | TimedItem | WeeklySeries


def feed(items: Iterable[Item], stamp: dt.datetime) -> bytes:
    """A calendar to subscribe to: named, with a refresh hint. ``stamp`` is the DTSTAMP of
    items that do not say when they were revised."""
    from icalendar import vDuration

    calendar = _calendar()
    calendar.add("name", CALENDAR_NAME)
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH).to_ical().decode())
    for item in items:
        calendar.add_component(_event(item, stamp))
    return calendar.to_ical()


def single_event(item: Item, stamp: dt.datetime) -> bytes:
    """A file holding one event, to open in a calendar program ("Add to calendar"). No
    calendar name: Apple Calendar would offer to make a new calendar of it."""
    calendar = _calendar()
    calendar.add_component(_event(item, stamp))
    return calendar.to_ical()


def _calendar():
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar


def _event(item: Item, stamp: dt.datetime):
    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", _utc(item.revised or stamp))
    event.add("summary", _text(item.summary))
    if isinstance(item, AllDayItem):
        _all_day(event, item.day)
        if item.alarm is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", _text(item.summary))
            alarm.add("trigger", item.alarm)
            event.add_component(alarm)
    elif isinstance(item, TimedItem):
        event.add("dtstart", item.start.replace(tzinfo=None, microsecond=0))
        event.add("dtend", (item.start + item.duration).replace(tzinfo=None, microsecond=0))
    else:
        if item.time is None:
            _all_day(event, item.first)
            skipped = list(item.skipped)
        else:
            start = dt.datetime.combine(item.first, item.time.replace(tzinfo=None, microsecond=0))
            event.add("dtstart", start)
            event.add("dtend", start + item.duration)
            skipped = [dt.datetime.combine(day, start.time()) for day in item.skipped]
        event.add("rrule", {"freq": "weekly", "byday": ICAL_DAYS[item.first.weekday()]})
        for day in sorted(set(skipped)):
            event.add("exdate", day)
    if item.description:
        event.add("description", _text(item.description))
    if item.location:
        event.add("location", _text(item.location))
    if item.categories:
        event.add("categories", [_text(c) for c in item.categories])
    return event


def _all_day(event, day: dt.date) -> None:
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # shown, but the day is not marked busy


def _utc(moment: dt.datetime) -> dt.datetime:
    """DTSTAMP is in UTC; a naive time is the machine's local time."""
    return moment.astimezone(dt.timezone.utc).replace(microsecond=0)


def _text(text: str) -> str:
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
