"""The calendar feed (issue 13): open follow-ups as all-day events with a morning alarm,
one-to-ones as timed events, each group's weekly meeting as one rule with public holidays
left out; stable UIDs; a private file written whole, never inside the folder; and "Add to
calendar", a file of one event.

Every file is read back twice: with icalendar (which wrote it) and with vobject, an
independent reader, whose ``getrruleset`` expands the weekly rule with its EXDATEs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import stat

import icalendar
import pytest
import vobject

from networking_folder.domain.model import (
    Contact,
    Direction,
    FollowUp,
    Group,
    InteractionKind,
    Note,
    Referral,
)
from networking_folder.domain.validation import ValidationError
from networking_folder.services import Folder
from networking_folder.services import calendar_feed as feed
from networking_folder.services.demo import fill_demo_folder
from networking_folder.store.errors import FolderError

TODAY = dt.date(2026, 11, 2)  # a Monday
THANKSGIVING = dt.date(2026, 11, 26)  # a Thursday, a US public holiday
LABOR_DAY = dt.date(2026, 9, 7)  # a Monday
COLUMBUS_DAY = dt.date(2026, 10, 12)  # a Monday


@pytest.fixture
def filled(folder):
    """A US folder: four groups, follow-ups in every state, one-to-ones old and new."""
    f = folder
    f.settings.set("calendar.country", "US")
    ann = f.contacts.create(Contact(name="Ann Lee", is_partner=True))
    bob = f.contacts.create(Contact(name="Bob Ray", is_partner=True))
    ids = {
        "chapter": f.groups.create(Group("Thursday Chapter", 3, dt.time(7, 0), "Hotel, room B")),
        "club": f.groups.create(
            Group("Holiday Club", 3, dt.time(12, 15), meets_on_holidays=True)
        ),
        "mixer": f.groups.create(Group("Monday Mixer", 0)),  # a day, no time
        "online": f.groups.create(Group("Online Circle")),  # no meeting day: left out
    }
    ids["brochure"] = f.follow_ups.create(
        FollowUp("Send the brochure", dt.date(2026, 11, 5), contact_id=ann,
                 reason="She asked for it at the mixer.", place="Ann's office")
    )  # fmt: skip
    ids["late"] = f.follow_ups.create(FollowUp("Call back", dt.date(2026, 10, 28), contact_id=bob))
    ids["planned"] = f.follow_ups.create(
        FollowUp("One-to-one with Bob Ray", dt.date(2026, 11, 10), contact_id=bob)
    )
    ids["done"] = f.follow_ups.create(FollowUp("Done already", dt.date(2026, 11, 6)))
    f.follow_ups.complete(ids["done"])
    ids["cancelled"] = f.follow_ups.create(FollowUp("Not after all", dt.date(2026, 11, 6)))
    f.follow_ups.cancel(ids["cancelled"])
    ids["trashed"] = f.follow_ups.create(FollowUp("In the trash", dt.date(2026, 11, 6)))
    f.follow_ups.delete([ids["trashed"]])
    one_to_one = InteractionKind.ONE_TO_ONE
    ids["held"] = f.notes.create(
        Note("Coffee: she wants couples buying a first home.", contact_id=ann, kind=one_to_one,
             at=dt.datetime(2026, 10, 20, 9, 30))
    )  # fmt: skip
    ids["old"] = f.notes.create(
        Note("Lunch", contact_id=ann, kind=one_to_one, at=dt.datetime(2026, 6, 1, 12))
    )
    ids["call"] = f.notes.create(
        Note("Quick call", contact_id=bob, kind=InteractionKind.CALL,
             at=dt.datetime(2026, 10, 21, 16))
    )  # fmt: skip
    f.ids = ids
    return f


def read_both(data: bytes):
    """The file through icalendar and through vobject; both must read it whole."""
    return icalendar.Calendar.from_ical(data), vobject.readOne(data.decode("utf-8"))


def events_by_summary(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def uuid_of(folder, table: str, row_id: int) -> str:
    return folder.uuids(table, [row_id])[row_id]


def occurrences(vevent, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days the rule (less its EXDATEs) puts a meeting on, from vobject's expansion."""
    days = []
    for moment in vevent.getrruleset(addRDate=True):
        day = moment.date() if isinstance(moment, dt.datetime) else moment
        if day > end:
            break
        if day >= start:
            days.append(day)
    return days


def test_the_feed_reads_back_whole_with_two_readers(filled):
    data = feed.feed_bytes(filled, TODAY)
    ical, vcal = read_both(data)

    assert str(ical["VERSION"]) == "2.0"
    assert "Networking Folder" in str(ical["PRODID"])
    assert str(ical["X-WR-CALNAME"]) == "Networking Folder"
    assert ical["REFRESH-INTERVAL"].dt == dt.timedelta(minutes=15)
    assert str(ical["X-PUBLISHED-TTL"]) == "PT15M"
    assert vcal.x_wr_calname.value == "Networking Folder"
    # Three open follow-ups, one recent one-to-one, three groups with a meeting day.
    expected = {
        "Send the brochure — Ann Lee",
        "Call back — Bob Ray",
        "One-to-one with Bob Ray",  # the title names him already
        "One-to-one with Ann Lee",
        "Thursday Chapter",
        "Holiday Club",
        "Monday Mixer",
    }
    assert set(events_by_summary(ical)) == expected
    assert len(ical.walk("VEVENT")) == len(expected)
    assert {e.summary.value for e in vcal.vevent_list} == expected
    for event in vcal.vevent_list:
        assert event.uid.value.endswith("@networking-folder")
        assert event.dtstamp.value.tzinfo is not None  # DTSTAMP is UTC
    assert len({e.uid.value for e in vcal.vevent_list}) == len(expected)
    assert not ical.walk("VTODO")  # most calendar programs never show one


def test_follow_ups_are_all_day_events_with_an_alarm_that_morning(filled):
    ical, vcal = read_both(feed.feed_bytes(filled, TODAY))
    brochure = events_by_summary(ical)["Send the brochure — Ann Lee"]

    assert brochure["DTSTART"].params.get("VALUE") == "DATE"
    assert brochure["DTSTART"].dt == dt.date(2026, 11, 5)
    assert brochure["DTEND"].dt == dt.date(2026, 11, 6)
    assert str(brochure["TRANSP"]) == "TRANSPARENT"  # the day is not marked busy
    assert str(brochure["LOCATION"]) == "Ann's office"
    assert "She asked for it at the mixer." in str(brochure["DESCRIPTION"])
    assert brochure["UID"] == f"{uuid_of(filled, 'follow_up', filled.ids['brochure'])}@networking-folder"
    (alarm,) = brochure.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == dt.timedelta(hours=9)  # 09:00 on the day it is due

    other = {e.summary.value: e for e in vcal.vevent_list}["Send the brochure — Ann Lee"]
    assert other.dtstart.value == dt.date(2026, 11, 5)
    assert other.dtend.value == dt.date(2026, 11, 6)
    assert other.valarm.trigger.value == dt.timedelta(hours=9)
    assert other.location.value == "Ann's office"

    planned = events_by_summary(ical)["One-to-one with Bob Ray"]
    assert "One-to-one" in planned["CATEGORIES"].cats


def test_an_overdue_follow_up_is_shown_today_and_says_when_it_was_due(filled):
    ical, vcal = read_both(feed.feed_bytes(filled, TODAY))
    late = events_by_summary(ical)["Call back — Bob Ray"]

    assert late["DTSTART"].dt == TODAY
    assert "Due Wed 28 Oct 2026 (5 days late)." in str(late["DESCRIPTION"])
    assert {e.summary.value: e for e in vcal.vevent_list}["Call back — Bob Ray"].dtstart.value == TODAY


def test_held_one_to_ones_are_timed_local_events_of_an_hour(filled):
    ical, vcal = read_both(feed.feed_bytes(filled, TODAY))
    held = events_by_summary(ical)["One-to-one with Ann Lee"]

    assert held["DTSTART"].dt == dt.datetime(2026, 10, 20, 9, 30)  # floating: local time
    assert held["DTEND"].dt == dt.datetime(2026, 10, 20, 10, 30)
    assert "TZID" not in held["DTSTART"].params
    assert "couples buying a first home" in str(held["DESCRIPTION"])
    assert held["UID"] == f"{uuid_of(filled, 'note', filled.ids['held'])}@networking-folder"
    other = {e.summary.value: e for e in vcal.vevent_list}["One-to-one with Ann Lee"]
    assert other.dtstart.value == dt.datetime(2026, 10, 20, 9, 30)
    # The June lunch is more than 90 days back; a call is not a one-to-one.
    text = feed.feed_bytes(filled, TODAY).decode()
    assert "Lunch" not in text and "Quick call" not in text


def test_a_weekly_meeting_leaves_out_public_holidays(filled):
    ical, vcal = read_both(feed.feed_bytes(filled, TODAY))
    chapter = events_by_summary(ical)["Thursday Chapter"]

    assert chapter["RRULE"]["FREQ"] == ["WEEKLY"]
    assert chapter["RRULE"]["BYDAY"] == ["TH"]
    assert chapter["DTSTART"].dt.time() == dt.time(7, 0)
    assert chapter["DTEND"].dt - chapter["DTSTART"].dt == dt.timedelta(minutes=90)
    assert str(chapter["LOCATION"]) == "Hotel, room B"
    # The one Thursday holiday from August 2026 to a year after today.
    assert excluded_days(chapter) == [dt.datetime(2026, 11, 26, 7, 0)]

    vevent = {e.summary.value: e for e in vcal.vevent_list}["Thursday Chapter"]
    assert occurrences(vevent, dt.date(2026, 11, 1), dt.date(2026, 12, 10)) == [
        dt.date(2026, 11, 5),
        dt.date(2026, 11, 12),
        dt.date(2026, 11, 19),
        # no meeting on Thanksgiving, the 26th
        dt.date(2026, 12, 3),
        dt.date(2026, 12, 10),
    ]
    # The series begins a few months back and holidays are left out a year ahead.
    first = next(iter(vevent.getrruleset(addRDate=True)))
    assert dt.date(2026, 8, 1) <= first.date() < dt.date(2026, 8, 8)
    # Four weeks on, the window has moved a year ahead: to Veterans Day and Thanksgiving 2027.
    later = icalendar.Calendar.from_ical(feed.feed_bytes(filled, dt.date(2026, 11, 30)))
    assert excluded_days(events_by_summary(later)["Thursday Chapter"]) == [
        dt.datetime(2026, 11, 26, 7, 0),
        dt.datetime(2027, 11, 11, 7, 0),
        dt.datetime(2027, 11, 25, 7, 0),
    ]


def test_a_group_that_meets_on_holidays_keeps_them(filled):
    _, vcal = read_both(feed.feed_bytes(filled, TODAY))
    club = {e.summary.value: e for e in vcal.vevent_list}["Holiday Club"]

    assert THANKSGIVING in occurrences(club, dt.date(2026, 11, 20), dt.date(2026, 11, 30))
    assert not hasattr(club, "exdate")


def test_a_group_without_a_time_meets_all_day_and_one_without_a_day_is_left_out(filled):
    ical, vcal = read_both(feed.feed_bytes(filled, TODAY))
    mixer = events_by_summary(ical)["Monday Mixer"]

    assert mixer["DTSTART"].params.get("VALUE") == "DATE"
    assert mixer["RRULE"]["BYDAY"] == ["MO"]
    vevent = {e.summary.value: e for e in vcal.vevent_list}["Monday Mixer"]
    days = occurrences(vevent, dt.date(2026, 9, 1), dt.date(2026, 10, 31))
    assert LABOR_DAY not in days and COLUMBUS_DAY not in days
    assert dt.date(2026, 9, 14) in days and dt.date(2026, 10, 5) in days
    assert "Online Circle" not in events_by_summary(ical)


def test_uids_stay_the_same_across_writes_and_when_a_follow_up_moves(filled, tmp_path):
    target = tmp_path / "out" / "networking.ics"
    target.parent.mkdir()
    feed.write_feed(filled, target, TODAY)
    before = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    filled.follow_ups.reschedule(filled.ids["brochure"], dt.date(2026, 11, 12))
    feed.write_feed(filled, target, TODAY)
    after = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")}

    assert set(after) == set(before)
    uid = f"{uuid_of(filled, 'follow_up', filled.ids['brochure'])}@networking-folder"
    assert before[uid]["DTSTART"].dt == dt.date(2026, 11, 5)
    assert after[uid]["DTSTART"].dt == dt.date(2026, 11, 12)  # moved, not duplicated


def test_a_follow_up_done_or_put_in_the_trash_leaves_the_feed(filled):
    def summaries():
        return set(events_by_summary(icalendar.Calendar.from_ical(feed.feed_bytes(filled, TODAY))))

    assert "Send the brochure — Ann Lee" in summaries()
    filled.follow_ups.complete(filled.ids["brochure"])
    assert "Send the brochure — Ann Lee" not in summaries()
    assert "Call back — Bob Ray" in summaries()
    filled.follow_ups.delete([filled.ids["late"]])
    assert "Call back — Bob Ray" not in summaries()
    assert {"Done already", "Not after all", "In the trash"}.isdisjoint(summaries())


def test_the_file_is_private_whole_and_left_alone_when_nothing_changed(filled, tmp_path):
    target = tmp_path / "networking.ics"
    assert feed.write_feed(filled, target, TODAY) == target

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == feed.feed_bytes(filled, TODAY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "networking.ics"]  # no temp
    written = target.stat()
    filled.contacts.create(Contact(name="Cy"))  # nothing the feed shows
    feed.write_feed(filled, target, TODAY)
    assert (target.stat().st_ino, target.stat().st_mtime_ns) == (written.st_ino, written.st_mtime_ns)
    filled.follow_ups.create(FollowUp("New one", dt.date(2026, 11, 20)))
    feed.write_feed(filled, target, TODAY)
    assert b"SUMMARY:New one" in target.read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_place_inside_the_folder_is_refused(filled):
    inside = filled.directory / "calendar.ics"
    with pytest.raises(FolderError, match="inside the folder"):
        feed.write_feed(filled, inside, TODAY)
    with pytest.raises(FolderError, match="inside the folder"):
        feed.event_file(filled, "follow_up", filled.ids["brochure"], inside)
    with pytest.raises(ValidationError, match="inside the folder"):
        feed.set_feed_path(filled, filled.directory / "backups" / "calendar.ics")
    assert not inside.exists()
    assert feed.feed_path(filled) is None


def test_a_place_that_cannot_be_written_is_a_folder_error(filled, tmp_path):
    with pytest.raises(FolderError, match="Cannot write the calendar file"):
        feed.write_feed(filled, tmp_path / "missing" / "calendar.ics", TODAY)
    with pytest.raises(FolderError, match="Cannot write the calendar file"):
        feed.write_feed(filled, tmp_path, TODAY)  # a directory
    assert not (tmp_path / "missing").exists()


def test_the_setting_says_where_the_feed_is_rewritten(filled, tmp_path):
    assert feed.refresh_feed(filled, TODAY) is None  # no feed until one is chosen
    target = tmp_path / "feed.ics"
    assert feed.set_feed_path(filled, target) == target
    assert filled.settings.get(feed.FEED_PATH) == str(target)
    assert feed.feed_path(filled) == target
    assert feed.refresh_feed(filled, TODAY) == target
    assert target.read_bytes() == feed.feed_bytes(filled, TODAY)
    with pytest.raises(ValidationError, match="no directory"):
        feed.set_feed_path(filled, tmp_path / "missing" / "feed.ics")
    feed.set_feed_path(filled, None)
    assert feed.feed_path(filled) is None


def test_add_to_calendar_writes_one_event_with_the_records_uid(filled, tmp_path):
    follow_up = feed.event_file(
        filled, "follow_up", filled.ids["brochure"], tmp_path / "follow-up.ics", today=TODAY
    )
    note = feed.event_file(filled, "note", filled.ids["held"], tmp_path / "one-to-one.ics")

    for path, table, key in ((follow_up, "follow_up", "brochure"), (note, "note", "held")):
        ical, vcal = read_both(path.read_bytes())
        (event,) = ical.walk("VEVENT")
        assert event["UID"] == f"{uuid_of(filled, table, filled.ids[key])}@networking-folder"
        assert len(vcal.vevent_list) == 1
        assert "X-WR-CALNAME" not in ical  # added to the user's calendar, not a new one
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    (event,) = icalendar.Calendar.from_ical(follow_up.read_bytes()).walk("VEVENT")
    assert event["DTSTART"].dt == dt.date(2026, 11, 5)
    assert event.walk("VALARM")
    (event,) = icalendar.Calendar.from_ical(note.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "One-to-one with Ann Lee"
    assert event["DTSTART"].dt == dt.datetime(2026, 10, 20, 9, 30)

    with pytest.raises(ValidationError, match="no longer in the folder"):
        feed.event_file(filled, "follow_up", filled.ids["trashed"], tmp_path / "gone.ics")
    assert not (tmp_path / "gone.ics").exists()


def test_a_referrals_follow_up_says_what_the_referral_is(filled):
    ann = filled.contacts.find_by_name("Ann Lee")[0].id
    ben = filled.contacts.create(Contact(name="Ben Carter"))
    filled.referrals.create(
        Referral(Direction.GIVEN, ann, ben, dt.date(2026, 10, 30), need="A home for a growing family")
    )
    ical = icalendar.Calendar.from_ical(feed.feed_bytes(filled, TODAY))
    described = [
        str(e["DESCRIPTION"]) for e in ical.walk("VEVENT") if "Ben Carter" in str(e["SUMMARY"])
    ]
    assert described
    assert all(
        "Referral given to Ann Lee: Ben Carter — A home for a growing family" in d
        for d in described
    )


def test_a_snapshot_writes_the_feed_and_leaves_the_data_file_untouched(filled, tmp_path):
    directory = filled.directory
    filled.close()
    data_file = directory / "networking-folder.sqlite3"
    before = (hashlib.sha256(data_file.read_bytes()).hexdigest(), data_file.stat().st_mtime_ns)
    files_before = sorted(p.name for p in directory.iterdir())

    copy = Folder.snapshot(directory)
    try:
        target = feed.write_feed(copy, tmp_path / "snapshot.ics", TODAY)
        event = feed.event_file(copy, "note", 1, tmp_path / "note.ics")
    finally:
        copy.close()

    assert len(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")) == 7
    assert len(icalendar.Calendar.from_ical(event.read_bytes()).walk("VEVENT")) == 1
    after = (hashlib.sha256(data_file.read_bytes()).hexdigest(), data_file.stat().st_mtime_ns)
    assert after == before
    assert sorted(p.name for p in directory.iterdir()) == files_before


def test_the_demo_folder_makes_a_feed_both_readers_take(tmp_path):
    today = dt.date(2026, 11, 23)
    with Folder.open(tmp_path / "demo") as folder:
        folder.settings.set("calendar.country", "US")
        fill_demo_folder(folder, today=today)
        data = feed.feed_bytes(folder, today)
        open_ones = len([r for r in folder.follow_ups.rows() if r.state.value == "open"])
        (held,) = folder.query(
            "SELECT count(*) FROM note WHERE deleted_at IS NULL AND kind = 'one_to_one' AND at >= ?",
            ((today - dt.timedelta(days=90)).isoformat(),),
        )[0]
    ical, vcal = read_both(data)

    assert len(ical.walk("VEVENT")) == len(vcal.vevent_list) == open_ones + held + 2
    names = {e.summary.value for e in vcal.vevent_list}
    assert any("Дмитрий Соколов" in n for n in names)  # long names in non-Latin letters
    assert {str(e["SUMMARY"]) for e in ical.walk("VEVENT")} == names


def test_the_feed_is_the_same_for_the_same_data_and_day(filled):
    data = feed.feed_bytes(filled, TODAY)
    assert data == feed.feed_bytes(filled, TODAY)
    lines = data.split(b"\r\n")  # iCalendar's line ends, on every system
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2] == b"END:VCALENDAR"
    assert all(len(line) <= 75 for line in lines)  # folded


def excluded_days(event: icalendar.Event) -> list:
    """The EXDATEs of an event, whether icalendar gives one line or a list of them."""
    lines = event.get("EXDATE", [])
    lines = lines if isinstance(lines, list) else [lines]
    return sorted(d.dt for line in lines for d in line.dts)
