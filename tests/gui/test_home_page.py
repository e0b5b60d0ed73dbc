"""The home page, "Today" (issue 12, item 1): it is the first tab and where a new window opens;
follow-ups overdue and due today are acted on in place (done, snoozed, undone); each group's
next meeting skips a public holiday and lists the thank-yous owed there with their amounts;
the quarter's figures; the charts, drawn after the first paint."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QInputDialog, QLabel, QPushButton, QToolButton

from networking_folder.domain.model import (
    Contact,
    Direction,
    FollowUp,
    Group,
    Referral,
    Status,
)

MONDAY = dt.date(2026, 11, 23)  # Thanksgiving is on Thursday the 26th


@pytest.fixture
def folder_with_work(folder):
    folder.settings.set("calendar.country", "US")
    chapter = folder.groups.create(Group("Thursday chapter", meeting_weekday=3))
    ann = folder.contacts.create(Contact(name="Ann Partner", is_partner=True, group_ids=[chapter]))
    zoe = folder.contacts.create(Contact(name="Zoe Prospect"))
    won = folder.referrals.create(
        Referral(Direction.RECEIVED, ann, zoe, dt.date(2026, 10, 5), need="Retirement plan")
    )
    folder.referrals.set_status(won, Status.CLOSED_BUSINESS, value_cents=1_250_000, on=MONDAY)
    folder.follow_ups.create(FollowUp("Call Bea back", MONDAY - dt.timedelta(days=3), contact_id=zoe))
    folder.follow_ups.create(FollowUp("Send the brochure", MONDAY, contact_id=zoe))
    folder.follow_ups.create(FollowUp("Later on", MONDAY + dt.timedelta(days=9), contact_id=zoe))
    folder.settings.set("sheet.ask", "Owners of family businesses")
    return folder


def open_home(make_window, folder):
    window = make_window(folder, tab="")  # nothing saved: a new user's window
    window.clock = lambda: MONDAY
    window.home_tab.invalidate()
    return window


def due_titles(window) -> list[str]:
    """The titles listed as due (those the rules made for the referral are left out)."""
    labels = window.home_tab.body.findChildren(QLabel)
    return sorted(
        label.text().split(">")[1].split("<")[0] if "<a" in label.text() else label.text()
        for label in labels
        if label.objectName().startswith("home_due_")
        and not label.isHidden()
        and not label.text().split(">")[1].startswith(("Thank", "Call Zoe", "Let "))
    )


def shown(window, kind, name):
    """The control of that name on the page now (not one of the last reload's, going)."""
    (widget,) = [w for w in window.home_tab.body.findChildren(kind, name) if not w.isHidden()]
    return widget


def follow_up_id(folder, title: str) -> int:
    return next(r.id for r in folder.follow_ups.rows() if r.title == title)


def test_a_new_window_opens_on_the_home_page_first(make_window, folder_with_work):
    window = make_window(folder_with_work, tab="")
    assert window.tabs.indexOf(window.home_tab) == 0
    assert window.tabs.currentWidget() is window.home_tab
    assert window.tabs.tabText(0) == "&Today"



def test_new_on_the_home_page_adds_a_contact(qtbot, make_window, folder_with_work, monkeypatch):
    from networking_folder.ui.dialogs.contact_dialog import ContactDialog

    opened = []
    monkeypatch.setattr(ContactDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    window = make_window(folder_with_work, tab="")
    window.actions["new"].trigger()
    assert len(opened) == 1 and window.tabs.currentWidget() is window.contacts_tab


def test_the_tab_last_shown_is_where_the_window_opens_next(qtbot, make_window, folder_with_work):
    window = make_window(folder_with_work, tab="")
    window.tabs.setCurrentWidget(window.follow_ups_tab)
    window.close()
    again = make_window(folder_with_work, tab=None)  # as the last window left it
    assert again.tabs.currentWidget() is again.follow_ups_tab


def test_what_is_due_is_listed_and_marked_done_in_place(qtbot, make_window, folder_with_work, monkeypatch):
    window = open_home(make_window, folder_with_work)
    assert due_titles(window) == ["Call Bea back", "Send the brochure"]
    assert "overdue" in window.home_tab.due_title.text()
    chips = {w.text() for w in window.home_tab.body.findChildren(QLabel) if not w.isHidden()}
    assert {"3 days late", "Today"} <= chips

    call = follow_up_id(folder_with_work, "Call Bea back")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Left a message", True))
    shown(window, QPushButton, f"home_done_{call}").click()
    qtbot.waitUntil(lambda: due_titles(window) == ["Send the brochure"])
    assert folder_with_work.follow_ups.get(call).state.value == "done"
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: due_titles(window) == ["Call Bea back", "Send the brochure"])


def test_opening_reads_the_home_page_once_and_a_new_day_reads_it_again(
    qtbot, make_window, folder, monkeypatch
):
    """The day starts just after the first paint. When its rules make nothing, the page
    painted is already the day's: it used to be read again, its figures and charts twice."""
    from networking_folder.ui.tabs.home_tab import HomeTab

    folder.contacts.create(Contact(name="Tom Becker", cadence_days=30))  # the rules look
    reads = []
    real_reload, real_rest = HomeTab.reload, HomeTab.show_rest
    monkeypatch.setattr(HomeTab, "reload", lambda tab: reads.append("page") or real_reload(tab))
    monkeypatch.setattr(HomeTab, "show_rest", lambda tab: reads.append("rest") or real_rest(tab))
    window = make_window(folder, tab="")  # (it waits for the day to start)
    qtbot.waitUntil(lambda: "rest" in reads)
    assert reads == ["page", "rest"]

    tomorrow = dt.date.today() + dt.timedelta(days=1)
    window.clock = lambda: tomorrow
    window.check_date()  # the minute's look at the date
    qtbot.waitUntil(lambda: reads.count("rest") == 2)
    assert reads == ["page", "rest", "page", "rest"]


def test_snoozing_from_the_home_page_moves_it_off_today(qtbot, make_window, folder_with_work):
    window = open_home(make_window, folder_with_work)
    send = follow_up_id(folder_with_work, "Send the brochure")
    button = shown(window, QToolButton, f"home_snooze_{send}")
    tomorrow = next(a for a in button.menu().actions() if a.text().startswith("&Tomorrow"))
    tomorrow.trigger()
    qtbot.waitUntil(lambda: due_titles(window) == ["Call Bea back"])
    assert folder_with_work.follow_ups.get(send).due == MONDAY + dt.timedelta(days=1)
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: due_titles(window) == ["Call Bea back", "Send the brochure"])


def test_more_due_than_shown_says_how_many_more(qtbot, make_window, folder):
    from networking_folder.ui.tabs.home_tab import DUE_SHOWN

    ann = folder.contacts.create(Contact(name="Ann"))
    for number in range(DUE_SHOWN + 3):
        folder.follow_ups.create(FollowUp(f"Call {number}", MONDAY, contact_id=ann))
    window = open_home(make_window, folder)
    more = window.home_tab.due_more
    assert not more.isHidden()
    assert ">3 more on the Follow-ups tab<" in more.text()  # "more", never "mores"


def test_nothing_due_says_so(qtbot, make_window, folder):
    folder.contacts.create(Contact(name="Ann"))
    window = open_home(make_window, folder)
    assert shown(window, QLabel, "home_nothing_due").text().startswith("Nothing is due")


def test_the_next_meeting_skips_thanksgiving_and_brings_the_thank_yous(qtbot, make_window, folder_with_work):
    window = open_home(make_window, folder_with_work)
    meetings = window.home_tab.meetings
    qtbot.waitUntil(lambda: "Thursday chapter" in meetings.text())
    text = meetings.text()
    assert "Thu 3 Dec 2026" in text and "Not on Thu 26 Nov 2026: Thanksgiving Day" in text
    assert "Ann Partner</a> — 12,500 (in front of the group)" in text
    assert "Ann Partner</a> — 12,500 (privately)" in text
    assert "Owners of family businesses" in text
    opened = []
    window.home_tab.openEntry.connect(lambda kind, number: opened.append((kind, number)))
    meetings.linkActivated.emit("contact:1")
    assert opened == [("contact", 1)]


def test_the_ask_is_changed_from_the_home_page(qtbot, make_window, folder_with_work, monkeypatch):
    window = open_home(make_window, folder_with_work)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  Dentists   near the park ", True))
    window.home_tab.ask_button.click()
    assert folder_with_work.settings.get("sheet.ask") == "Dentists near the park"
    qtbot.waitUntil(lambda: "Dentists near the park" in window.home_tab.meetings.text())


def test_the_quarter_at_a_glance(qtbot, make_window, folder_with_work):
    window = open_home(make_window, folder_with_work)
    figures = window.home_tab.figures
    qtbot.waitUntil(lambda: "Q4 2026" in window.home_tab.quarter_title.text())
    assert figures["received"].number.text() == "1"
    assert figures["given"].number.text() == "0"
    assert figures["closed_received"].number.text() == "12,500"
    assert (figures["conversion"].number.text(), figures["conversion"].detail.text()) == ("100%", "1 of 1")


def test_the_charts_come_after_the_first_paint(qtbot, make_window, folder_with_work):
    """At the first paint of the home page neither the charts, the meetings (holiday tables)
    nor the quarter's figures (a scan of its referrals) are there yet; they fill in just
    after."""
    from networking_folder.ui.main_window import MainWindow

    seen = {}

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and not seen:
                home = watched.parentWidget().parentWidget()
                seen["charts"] = home._charts is not None
                seen["meetings"] = home.meetings.text()
                seen["figures"] = home.figures["received"].number.text()
                seen["due"] = due_titles(home.window())
            return False

    spy = FirstPaint()
    original = MainWindow.first_paint_target

    def watched(self):
        target = original(self)
        target.installEventFilter(spy)
        return target

    import unittest.mock

    with unittest.mock.patch.object(MainWindow, "first_paint_target", watched):
        window = make_window(folder_with_work, tab="")
    assert seen["charts"] is False and seen["meetings"] == "…" and seen["figures"] == "–"
    assert seen["due"], "the follow-ups due are in the first paint"
    qtbot.waitUntil(lambda: window.home_tab._charts is not None)
    months, balance = window.home_tab._charts
    assert "October 2026: 0 given, 1 received" in months.accessibleDescription()
    assert "Ann Partner: you gave 0, they sent 1" in balance.accessibleDescription()
