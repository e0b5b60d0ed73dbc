"""After a change, a list (referrals, contacts, follow-ups) shows it by reading only the
rows of the records that changed: the edited row shows its new value, stays selected, moves
where the sort puts it or leaves when it no longer matches the search (or, a follow-up, once
done); a new referral comes in at its place, a deleted one goes, and undo brings it back. Whatever the folder cannot say exactly (a change made by
another program) still reads the whole list."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from networking_folder.domain.model import Contact, Direction, Referral, Status
from networking_folder.services import Change
from tests.gui.helpers import visible_column

DATE, PARTNER, PROSPECT, NEED, STATUS = 0, 1, 2, 3, 6
DAY = dt.date(2026, 11, 2)


@pytest.fixture
def referrals(folder):
    maria = folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    ids = {}
    for days, prospect, need in (
        (0, "Ben Carter", "Roof damage after the storm"),
        (3, "Ana Ruiz", "Rolling over a 401(k)"),
        (6, "Omar Farouk", "Selling the business"),
        (9, "Zoë Kim", "Storm shutters"),
    ):
        person = folder.contacts.create(Contact(name=prospect))
        ids[prospect] = folder.referrals.create(
            Referral(Direction.GIVEN, maria, person, DAY - dt.timedelta(days=days), need=need)
        )
    folder.referrals.create(
        Referral(Direction.RECEIVED, maria, folder.contacts.create(Contact(name="Ed Wu")), DAY)
    )
    ids["maria"] = maria
    return ids


def counting_reads(window, name: str, monkeypatch):
    """The window's tab ``name``, on screen with its rows read; ``tab.reads`` counts how often it
    reads every row from then on, and ``tab.window_`` is the window."""
    tab = window.tabs.page(name)
    window.tabs.setCurrentWidget(tab)
    tab.ensure_loaded()
    reads = []
    load_rows = tab.load_rows
    monkeypatch.setattr(tab, "load_rows", lambda: reads.append(1) or load_rows())
    tab.reads, tab.window_ = reads, window
    return tab


@pytest.fixture
def given(folder, referrals, make_window, monkeypatch):
    """The window on Referrals Given, counting its reads of every row."""
    return counting_reads(make_window(folder), "given_tab", monkeypatch)


def prospects(tab) -> list[str]:
    return visible_column(tab, PROSPECT)


def test_an_edit_shows_in_its_row_which_stays_current(qtbot, folder, referrals, given):
    assert prospects(given) == ["Ben Carter", "Ana Ruiz", "Omar Farouk", "Zoë Kim"]  # newest first
    given.select_id(referrals["Ana Ruiz"])
    given.move_to(referrals["Ana Ruiz"], Status.MEETING_HELD)  # the row's "Move to" menu
    qtbot.waitUntil(lambda: visible_column(given, STATUS)[1] == "Meeting held")
    assert given.current_id() == referrals["Ana Ruiz"], "the edited row is still the current one"
    assert given.window_.count_label.text() == "4 referrals"
    given.window_.actions["undo"].trigger()
    qtbot.waitUntil(lambda: visible_column(given, STATUS)[1] == "Given")
    assert given.reads == [], "the list was not read again whole, only the row"


def test_a_row_that_no_longer_matches_the_search_leaves(qtbot, folder, referrals, given):
    qtbot.keyClicks(given.search, "storm")
    assert prospects(given) == ["Ben Carter", "Zoë Kim"]
    ben = folder.referrals.get(referrals["Ben Carter"])
    folder.referrals.update(dataclasses.replace(ben, need="A new roof"))
    qtbot.waitUntil(lambda: prospects(given) == ["Zoë Kim"])
    assert given.window_.count_label.text() == "1 of 4 referrals"
    folder.referrals.update(dataclasses.replace(ben, need="Roof after the storm"))
    qtbot.waitUntil(lambda: prospects(given) == ["Ben Carter", "Zoë Kim"])
    given.search.clear()
    assert visible_column(given, NEED)[0] == "Roof after the storm"
    assert given.reads == []


def test_a_new_date_moves_the_row_where_the_sort_puts_it(qtbot, folder, referrals, given):
    zoe = folder.referrals.get(referrals["Zoë Kim"])
    folder.referrals.update(dataclasses.replace(zoe, date=DAY - dt.timedelta(days=4)))
    qtbot.waitUntil(lambda: prospects(given) == ["Ben Carter", "Ana Ruiz", "Zoë Kim", "Omar Farouk"])
    assert visible_column(given, DATE) == sorted(visible_column(given, DATE), key=lambda d: (
        dt.datetime.strptime(d, "%a %d %b %Y")), reverse=True)
    assert given.reads == []


def test_new_and_deleted_referrals_come_and_go_and_undo_brings_them_back(
    qtbot, folder, referrals, given, answer_yes
):
    dana = folder.contacts.create(Contact(name="Dana Scully"))
    folder.referrals.create(
        Referral(Direction.GIVEN, referrals["maria"], dana, DAY - dt.timedelta(days=5), need="A will")
    )
    order = ["Ben Carter", "Ana Ruiz", "Dana Scully", "Omar Farouk", "Zoë Kim"]
    qtbot.waitUntil(lambda: prospects(given) == order)
    assert given.window_.count_label.text() == "5 referrals"

    given.select_id(referrals["Omar Farouk"])
    given.delete_selected()  # (answered "Move to trash")
    qtbot.waitUntil(lambda: "Omar Farouk" not in prospects(given))
    assert given.window_.count_label.text() == "4 referrals"
    given.window_.actions["undo"].trigger()
    qtbot.waitUntil(lambda: prospects(given) == order)
    assert given.reads == []


def test_a_partner_renamed_is_renamed_in_every_row(qtbot, folder, referrals, given):
    maria = folder.contacts.get(referrals["maria"])
    folder.contacts.update(dataclasses.replace(maria, name="Maria Alvarez-Ruiz"))
    qtbot.waitUntil(lambda: set(visible_column(given, PARTNER)) == {"Maria Alvarez-Ruiz"})
    assert given.reads == []


def test_the_other_list_catches_up_when_shown(qtbot, folder, referrals, given):
    window = given.window_
    received = window.received_tab
    window.tabs.setCurrentWidget(received)
    qtbot.waitUntil(lambda: prospects(received) == ["Ed Wu"])
    window.tabs.setCurrentWidget(given)
    ed = next(r for r in folder.referrals.rows(Direction.RECEIVED))
    folder.referrals.set_status(ed.id, Status.CONTACTED)
    window.tabs.setCurrentWidget(received)
    qtbot.waitUntil(lambda: visible_column(received, STATUS) == ["Contacted"])


def test_a_change_made_by_another_program_reads_the_whole_list(qtbot, folder, referrals, given):
    folder.announce(Change)  # (what the window does when another program changed the file)
    qtbot.waitUntil(lambda: given.reads == [1])
    assert prospects(given) == ["Ben Carter", "Ana Ruiz", "Omar Farouk", "Zoë Kim"]


@pytest.fixture
def contacts(folder, referrals, make_window, monkeypatch):
    """The window on Contacts, counting its reads of every row."""
    return counting_reads(make_window(folder), "contacts_tab", monkeypatch)


COMPANY, GROUPS, PARTNER_FLAG = 1, 4, 3


def test_a_contact_edited_or_put_in_a_group_shows_in_its_row(qtbot, folder, referrals, contacts):
    from networking_folder.domain.model import Group

    names = visible_column(contacts, 0)
    assert names == sorted(names) and "Ben Carter" in names
    ben = next(c for c in folder.contacts.choices() if c.name == "Ben Carter")
    contacts.select_id(ben.id)
    folder.contacts.update(dataclasses.replace(folder.contacts.get(ben.id), company="Carter Bakery"))
    qtbot.waitUntil(lambda: visible_column(contacts, COMPANY)[names.index("Ben Carter")] == "Carter Bakery")
    assert contacts.current_id() == ben.id
    chapter = folder.groups.create(Group("BNI Downtown"))
    folder.contacts.update(dataclasses.replace(folder.contacts.get(ben.id), group_ids=[chapter]))
    qtbot.waitUntil(lambda: visible_column(contacts, GROUPS)[names.index("Ben Carter")] == "BNI Downtown")
    folder.groups.update(dataclasses.replace(folder.groups.get(chapter), name="BNI Uptown"))
    qtbot.waitUntil(lambda: visible_column(contacts, GROUPS)[names.index("Ben Carter")] == "BNI Uptown")
    folder.contacts.update(dataclasses.replace(folder.contacts.get(ben.id), name="Benjamin Carter"))
    qtbot.waitUntil(lambda: "Benjamin Carter" in visible_column(contacts, 0))
    assert visible_column(contacts, 0) == sorted(visible_column(contacts, 0)), "still in order"
    assert contacts.reads == []


def test_a_partners_flag_follows_their_referrals_without_a_reload(
    qtbot, folder, referrals, contacts
):
    from networking_folder.domain.model import Direction

    row = visible_column(contacts, 0).index("Maria Alvarez")
    given = folder.referrals.rows(Direction.GIVEN)
    assert visible_column(contacts, PARTNER_FLAG)[row] == "Not following up", "weeks old, given"
    for referral in given:
        folder.referrals.set_status(referral.id, Status.PARTNER_CONTACTED)
    qtbot.waitUntil(lambda: visible_column(contacts, PARTNER_FLAG)[row] == "Partner")
    for referral in given:
        folder.referrals.set_status(referral.id, Status.NO_RESPONSE)
    qtbot.waitUntil(lambda: visible_column(contacts, PARTNER_FLAG)[row] == "Not following up")
    assert contacts.reads == []


@pytest.fixture
def follow_ups(folder, make_window, monkeypatch):
    """The window on Follow-ups, with three of them about Ben, Ana and Omar (Ben's late),
    counting its reads of every row."""
    from networking_folder.domain.model import FollowUp

    today = dt.date.today()
    ids = {}
    for days, name in ((-3, "Ben Carter"), (2, "Ana Ruiz"), (20, "Omar Farouk")):
        person = folder.contacts.create(Contact(name=name))
        ids[name] = folder.follow_ups.create(
            FollowUp(f"Call {name.split()[0]}", today + dt.timedelta(days=days), contact_id=person)
        )
    tab = counting_reads(make_window(folder, tab="follow_ups_tab"), "follow_ups_tab", monkeypatch)
    tab.ids = ids
    return tab


WHAT, WHO, FOLLOW_UP_STATE = 2, 3, 5


def test_a_follow_up_done_leaves_the_list_and_undo_brings_it_back(qtbot, follow_ups, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    window = follow_ups.window_
    title = lambda: window.tabs.tabText(window.tabs.index_of("follow_ups_tab"))  # noqa: E731
    assert visible_column(follow_ups, WHAT) == ["Call Ben", "Call Ana", "Call Omar"]
    assert title() == "F&ollow-ups (1 overdue)"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Left a message", True))
    follow_ups.select_id(follow_ups.ids["Ben Carter"])
    window.actions["mark_done"].trigger()
    qtbot.waitUntil(lambda: visible_column(follow_ups, WHAT) == ["Call Ana", "Call Omar"])
    assert window.count_label.text() == "2 follow-ups"
    qtbot.waitUntil(lambda: title() == "F&ollow-ups")
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: visible_column(follow_ups, WHAT) == ["Call Ben", "Call Ana", "Call Omar"])
    qtbot.waitUntil(lambda: title() == "F&ollow-ups (1 overdue)")
    assert follow_ups.reads == [], "the list was not read again whole, only the row"


def test_with_finished_ones_shown_a_follow_up_done_stays_and_says_so(qtbot, folder, follow_ups):
    follow_ups.show_finished.setChecked(True)  # (that reads the list again: counted from here)
    follow_ups.reads.clear()
    folder.follow_ups.complete([follow_ups.ids["Ana Ruiz"]], "Booked a meeting")
    qtbot.waitUntil(lambda: visible_column(follow_ups, WHAT) == ["Call Ben", "Call Omar", "Call Ana"])
    assert visible_column(follow_ups, FOLLOW_UP_STATE)[-1] == "Done"
    assert visible_column(follow_ups, 0)[-1] == "Done", "in the Done group, after the open ones"
    assert follow_ups.reads == []


def test_a_snoozed_follow_up_moves_where_its_new_date_puts_it(qtbot, folder, follow_ups):
    later = dt.date.today() + dt.timedelta(days=30)
    folder.follow_ups.reschedule([follow_ups.ids["Ben Carter"]], later)
    qtbot.waitUntil(lambda: visible_column(follow_ups, WHAT) == ["Call Ana", "Call Omar", "Call Ben"])
    assert follow_ups.reads == []


def test_a_contact_renamed_is_renamed_in_their_follow_ups(qtbot, folder, follow_ups):
    ana = next(c for c in folder.contacts.choices() if c.name == "Ana Ruiz")
    folder.contacts.update(dataclasses.replace(folder.contacts.get(ana.id), name="Ana Ruiz-Soto"))
    qtbot.waitUntil(lambda: visible_column(follow_ups, WHO) == ["Ben Carter", "Ana Ruiz-Soto", "Omar Farouk"])
    assert follow_ups.reads == []


def test_a_referral_edited_shows_in_the_follow_ups_it_brought(qtbot, folder, follow_ups):
    REFERRAL = 4
    maria = folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    ed = folder.contacts.create(Contact(name="Ed Wu"))
    referral = folder.referrals.create(
        Referral(Direction.GIVEN, maria, ed, dt.date.today(), need="A will")
    )
    qtbot.waitUntil(lambda: "Given: Ed Wu — A will" in visible_column(follow_ups, REFERRAL))
    brought = visible_column(follow_ups, REFERRAL).count("Given: Ed Wu — A will")
    folder.referrals.update(dataclasses.replace(folder.referrals.get(referral), need="A trust"))
    qtbot.waitUntil(
        lambda: visible_column(follow_ups, REFERRAL).count("Given: Ed Wu — A trust") == brought
    )
    assert "Given: Ed Wu — A will" not in visible_column(follow_ups, REFERRAL)
    assert follow_ups.reads == []
