"""The contact's page beside the list (issue 10, item 2): read without a dialog, follows the
current row lazily, reloads on change, and its buttons open the usual windows."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QTextDocumentFragment
from PySide6.QtWidgets import QDialog

from networking_folder.domain.model import (
    Contact,
    Direction,
    FollowUp,
    Group,
    InteractionKind,
    Note,
    Referral,
    Status,
)
from networking_folder.ui.dialogs.contact_dialog import ContactDialog
from networking_folder.ui.dialogs.referral_dialog import ReferralDialog
from networking_folder.ui.formatting import format_date
from networking_folder.ui.widgets.contact_page import EMPTY_TEXT
from tests.gui.helpers import select_row_with, type_into

LONG_NOTE = (
    "Coffee at the Riverside Hotel after the chapter meeting. She is moving her office to "
    "Main Street in March and wants to meet the new landlord's other tenants.\n\n"
    "Her ideal referral: first-time buyers relocating for work; listen for 'we're expecting'. "
    "She will send the Hendersons my way once their offer is accepted.\n"
    "Next time: ask about the school-district seminar she runs every spring."
)


def plain(label) -> str:
    """A rich-text label as the user reads it."""
    return QTextDocumentFragment.fromHtml(label.text()).toPlainText().replace("\u200b", "")


def add_maria(folder, **extra) -> int:
    group = folder.groups.create(Group("BNI Downtown"))
    return folder.contacts.create(
        Contact(
            name="Maria Alvarez",
            company="Alvarez Realty",
            profession="Realtor",
            phones=["(212) 555-0143"],
            emails=["maria@alvarez.example.com"],
            is_partner=True,
            group_ids=[group],
            **extra,
        )
    )


def show_page(qtbot, window, name: str):
    tab, page = window.contacts_tab, window.contacts_tab.page
    select_row_with(qtbot, tab, name)
    qtbot.waitUntil(lambda: page.showing() == name and page.content.isVisible())
    return page


@pytest.fixture
def no_dialogs(monkeypatch):
    def refuse(dialog):
        raise AssertionError(f"reading opened a dialog: {type(dialog).__name__}")

    monkeypatch.setattr(QDialog, "exec", refuse)


def test_selecting_a_contact_shows_their_page_beside_the_list(
    qtbot, folder, make_window, no_dialogs, monkeypatch
):
    maria = add_maria(folder)
    folder.contacts.create(Contact(name="Ben Carter", company="Carter Bakery"))
    window = make_window(folder)
    tab = window.contacts_tab
    page = tab.page
    assert tab.splitter.widget(0) is tab.view and tab.splitter.widget(1) is page
    assert page.isVisible() and page.empty.isVisible() and page.empty.text() == EMPTY_TEXT

    page = show_page(qtbot, window, "Maria Alvarez")
    assert page.contact_id == maria and not page.empty.isVisible()
    assert page.work.text() == "Realtor · Alvarez Realty"
    assert page.badge.isVisible() and page.badge.text() == "Partner"
    assert page.groups.isVisible() and page.groups.text() == "Groups: BNI Downtown"
    assert page.name.geometry().right() < page.badge.geometry().left()  # side by side
    assert 'href="tel:2125550143"' in page.reach.text()
    assert 'href="mailto:maria@alvarez.example.com"' in page.reach.text()
    assert "(212) 555-0143" in plain(page.reach) and "maria@alvarez.example.com" in plain(
        page.reach
    )

    # The email link, by keyboard as by mouse: the system's mail program opens.
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    page.reach.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(page.reach, Qt.Key.Key_Tab)  # the phone…
    qtbot.keyClick(page.reach, Qt.Key.Key_Tab)  # …then the email
    qtbot.keyClick(page.reach, Qt.Key.Key_Return)
    assert [url.toString() for url in opened] == ["mailto:maria@alvarez.example.com"]
    assert opened[0].scheme() == "mailto"

    page = show_page(qtbot, window, "Ben Carter")  # no partner, no groups, no phone
    assert not page.badge.isVisible() and not page.groups.isVisible()
    assert page.work.text() == "Carter Bakery"
    assert plain(page.reach) == "No phone or email yet"


def test_at_a_glance_the_referrals_each_way_their_value_and_the_next_follow_up(
    qtbot, folder, make_window, no_dialogs
):
    maria = add_maria(folder)
    prospects = [folder.contacts.create(Contact(name=f"Prospect {n}")) for n in range(4)]
    day = dt.date.today() - dt.timedelta(days=3)
    given = folder.referrals.create(Referral(Direction.GIVEN, maria, prospects[0], day))
    folder.referrals.set_status(given, Status.CLOSED_BUSINESS, value_cents=370_000)
    for prospect in prospects[1:]:
        folder.referrals.create(Referral(Direction.RECEIVED, maria, prospect, day))
    # The earliest open one, four days late (before the thank-yous for the referrals, R9).
    soon = dt.date.today() - dt.timedelta(days=4)
    folder.follow_ups.create(FollowUp("Send her the seminar dates", soon, contact_id=maria))
    folder.notes.create(
        Note("Quick call", contact_id=maria, at=dt.datetime.combine(day, dt.time(9)))
    )

    window = make_window(folder)
    page = show_page(qtbot, window, "Maria Alvarez")
    assert page.given.text() == "1 · 1 closed, worth 3,700.00"
    assert page.received.text() == "3 · none closed yet"
    assert page.last_touch.text() == f"{format_date(day)} · 3 days ago"
    assert page.next_follow_up.text() == (
        f"{format_date(soon)} · 4 days late — Send her the seminar dates"
    )
    assert page.next_icon.isVisible(), "late: an icon beside the words"
    summary = folder.contacts.summary(maria)
    assert (summary.given, summary.received, summary.next_due) == (1, 3, soon)
    assert "Coming up" in plain(page.timeline)


def test_a_partner_who_does_not_follow_up_is_flagged_on_their_page(
    qtbot, folder, make_window, no_dialogs
):
    maria = add_maria(folder)
    tom = folder.contacts.create(Contact(name="Tom Becker", is_partner=True))
    for number in range(2):
        prospect = folder.contacts.create(Contact(name=f"Prospect {number}"))
        rid = folder.referrals.create(
            Referral(Direction.GIVEN, tom, prospect, dt.date.today() - dt.timedelta(days=40))
        )
        folder.referrals.set_status(rid, Status.NO_RESPONSE)
    folder.referrals.create(Referral(Direction.GIVEN, maria, prospect, dt.date.today()))
    window = make_window(folder)
    page = show_page(qtbot, window, "Tom Becker")
    qtbot.waitUntil(page.warning.isVisible)
    assert page.warning_text.text().startswith("Not following up:")
    assert "2 referrals you gave Tom Becker got no response" in page.warning_text.text()
    assert page.warning_icon.pixmap() is not None and not page.warning_icon.pixmap().isNull()
    page = show_page(qtbot, window, "Maria Alvarez")
    assert not page.warning.isVisible()


def test_a_long_note_is_on_the_page_in_full_and_wrapped(qtbot, folder, make_window, no_dialogs):
    maria = add_maria(folder)
    folder.notes.create(
        Note(LONG_NOTE, contact_id=maria, kind=InteractionKind.CALL, at=dt.datetime(2026, 3, 4, 9))
    )
    window = make_window(folder)
    window.resize(1366, 768)
    page = show_page(qtbot, window, "Maria Alvarez")
    text = plain(page.timeline)
    for line in LONG_NOTE.splitlines():
        assert line in text  # every line, whole: not one clipped line
    assert "Wed 4 Mar 2026" in text and "Call" in text
    # Wrapped inside the page: no wider than what the page shows, many lines tall.
    assert page.timeline.wordWrap()
    assert page.timeline.width() <= page.content.viewport().width()
    qtbot.waitUntil(lambda: page.timeline.height() > 6 * page.timeline.fontMetrics().height())


def test_the_page_buttons_open_the_right_windows(qtbot, folder, make_window, drive_dialog):
    maria = add_maria(folder)
    ben = folder.contacts.create(Contact(name="Ben Carter"))
    window = make_window(folder)
    page = show_page(qtbot, window, "Maria Alvarez")

    # A note, and a one-to-one: the quick note window, about her.
    qtbot.mouseClick(page.buttons["note"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.buttons["one_to_one"], Qt.MouseButton.LeftButton)
    note, one_to_one = window.note_windows
    assert note.contact.contact_id() == maria and note.kind.currentData() == "note"
    assert one_to_one.contact.contact_id() == maria
    assert one_to_one.kind.currentData() == InteractionKind.ONE_TO_ONE.value
    for quick in (note, one_to_one):
        quick.discard()

    # A referral given to her, one received from her: the referral dialog, her name filled in.
    def fill(dialog: ReferralDialog):
        assert dialog.partner.contact_id() == maria
        dialog.prospect.set_contact(ben)

    drive_dialog(ReferralDialog, fill)
    qtbot.mouseClick(page.buttons["given"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.buttons["received"], Qt.MouseButton.LeftButton)
    made = folder.referrals.rows()
    assert sorted((r.direction, r.partner, r.prospect) for r in made) == [
        (Direction.GIVEN, "Maria Alvarez", "Ben Carter"),
        (Direction.RECEIVED, "Maria Alvarez", "Ben Carter"),
    ]
    assert window.tabs.currentWidget() is window.contacts_tab, "the page stays in sight"
    # (Both at once: a redraw between the two saves shows the first one alone.)
    qtbot.waitUntil(lambda: (page.given.text(), page.received.text()) == ("1 · none closed yet",) * 2)

    # Edit: the contact dialog, and the page shows the change once it is saved.
    def rename(dialog: ContactDialog):
        assert dialog.name.text() == "Maria Alvarez"
        type_into(qtbot, dialog.profession, "Broker")

    drive_dialog(ContactDialog, rename)
    qtbot.mouseClick(page.buttons["edit"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.work.text() == "Broker · Alvarez Realty")
    window.actions["undo"].trigger()  # one step back, and the page follows
    qtbot.waitUntil(lambda: page.work.text() == "Realtor · Alvarez Realty")


def test_the_page_follows_the_current_row_and_reloads_on_change(
    qtbot, folder, make_window, no_dialogs
):
    maria = add_maria(folder)
    folder.contacts.create(Contact(name="Ben Carter"))
    window = make_window(folder)
    tab = window.contacts_tab
    page = show_page(qtbot, window, "Ben Carter")
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Down)  # the next row down: Maria
    qtbot.waitUntil(lambda: page.showing() == "Maria Alvarez")
    assert page.contact_id == maria == tab.current_id()

    # A note saved elsewhere (the quick note, the command line): the page reloads.
    folder.notes.create(Note("Met at the mixer", contact_id=maria))
    qtbot.waitUntil(lambda: "Met at the mixer" in plain(page.timeline))
    # Her details change: so does the page.
    contact = folder.contacts.get(maria)
    contact.company = "Alvarez & Daughters Realty"
    folder.contacts.update(contact)
    qtbot.waitUntil(lambda: page.work.text() == "Realtor · Alvarez & Daughters Realty")
    # …and its Changes say what changed, from the change log.
    assert "company: “Alvarez Realty” → “Alvarez & Daughters Realty”" in plain(page.timeline)

    # Gone to the trash: the page does not show a deleted person.
    folder.contacts.delete([maria])
    qtbot.waitUntil(page.empty.isVisible)
    assert page.contact_id is None


def test_arrowing_through_many_contacts_reads_only_where_the_user_stops(
    qtbot, folder, make_window, no_dialogs, monkeypatch
):
    for number in range(300):
        folder.contacts.create(Contact(name=f"Contact {number:03d}"))
    window = make_window(folder)
    tab, page = window.contacts_tab, window.contacts_tab.page
    read = []
    real = folder.contacts.summary
    monkeypatch.setattr(
        folder.contacts, "summary", lambda contact_id: read.append(contact_id) or real(contact_id)
    )
    page = show_page(qtbot, window, "Contact 000")
    assert read == [page.contact_id]
    read.clear()

    tab.view.setFocus()
    # A held arrow key: each press comes before the page's timer runs out. (Key clicks are
    # delivered at once, without turning the event loop, so no timer can run in between,
    # however busy the machine; no guess at how fast it is.)
    for _ in range(100):
        qtbot.keyClick(tab.view, Qt.Key.Key_Down)
    assert read == [], "nothing read while the row is moving"
    qtbot.waitUntil(lambda: page.showing() == "Contact 100")
    assert read == [tab.current_id()], f"{len(read)} reads for 100 rows"

    # Hidden behind another tab: the current row moves, nothing is read…
    read.clear()
    window.tabs.setCurrentWidget(window.given_tab)
    qtbot.waitUntil(lambda: not page.isVisible())
    tab.select_id(folder.contacts.find_by_name("Contact 250")[0].id)
    folder.notes.create(Note("A change while away", contact_id=tab.current_id()))
    page._timer.timeout.emit()  # the page's timer runs out while it is hidden
    assert read == []
    # …until the page is shown again: then once.
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: page.showing() == "Contact 250")
    assert len(read) == 1
    assert "A change while away" in plain(page.timeline)


def test_the_split_between_list_and_page_is_remembered(qtbot, folder, make_window):
    folder.contacts.create(Contact(name="Ann Lee"))  # (an empty folder shows its welcome page)
    window = make_window(folder)
    window.resize(1200, 700)
    splitter = window.contacts_tab.splitter
    qtbot.waitUntil(lambda: splitter.sizes()[1] > 0)
    total = sum(splitter.sizes())
    splitter.setSizes([total - 420, 420])
    wanted = splitter.sizes()
    window.close()
    again = make_window(folder)
    again.resize(1200, 700)
    page_width = lambda: again.contacts_tab.splitter.sizes()[1]  # noqa: E731
    qtbot.waitUntil(lambda: abs(page_width() - wanted[1]) <= 30)


def shows_colour(widget, wanted, tolerance: int = 12) -> bool:
    image = widget.grab().toImage()
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if all(
                abs(a - b) <= tolerance
                for a, b in zip(c.getRgb()[:3], wanted.getRgb()[:3], strict=True)
            ):
                return True
    return False


def test_links_stay_readable_when_the_palette_turns_dark(qtbot, qapp, folder, make_window):
    from PySide6.QtGui import QPalette

    from networking_folder.ui import theme

    add_maria(folder)
    window = make_window(folder)
    page = show_page(qtbot, window, "Maria Alvarez")
    light_link = page.palette().color(QPalette.ColorRole.Link)
    before = qapp.palette()
    try:
        qapp.setPalette(theme.dark_palette())
        dark_link = theme.dark_palette().color(QPalette.ColorRole.Link)
        assert dark_link != light_link
        qtbot.waitUntil(lambda: shows_colour(page.reach, dark_link))
        assert not shows_colour(page.reach, light_link), "a link left in the light colour"
    finally:
        qapp.setPalette(before)
