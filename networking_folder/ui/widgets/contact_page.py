"""A contact's page beside the list: who they are, how to reach them, how the referrals stand,
and everything that happened with them, read without opening a dialog.

The page follows the list's current row (KeePassXC's entry preview), but lazily (Picard's
throttled detail pane): a new row only starts a short single-shot timer, so arrowing through
10,000 contacts reads one contact, the one the user stops on; and nothing is read while the
page is hidden. A change to the folder marks the page stale; it redraws when next shown
(Anki's stale page). The page only emits signals for its buttons: the window decides what
they open.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.model import Contact, ContactSummary, TimelineEntry, format_money
from networking_folder.services import Change, Folder
from networking_folder.ui import theme
from networking_folder.ui.formatting import (
    count,
    due_words,
    format_date,
    format_datetime,
)

EMPTY_TEXT = "Select a contact to see their page"
# The page's buttons: name, text, tooltip, icon, the signal each emits (in reading order).
BUTTONS = (
    ("note", "Log a call or note…", "Write down a call, a meeting or a thought", "note", "logNote"),
    ("one_to_one", "One-to-one…", "Write down a one-to-one with them", "groups", "oneToOne"),
    ("edit", "Edit…", "Change their details", "edit", "edit"),
    ("given", "Referral to them…", "Record a referral you gave them", "new", "referGiven"),
    ("received", "Referral from them…", "Record a referral they gave you", "new", "referReceived"),
)
DELAY_MS = 150  # after the current row stops moving
SHOWN_AT_FIRST = 200  # timeline entries drawn before "Show all"
WATCHED = frozenset(
    {Change.CONTACTS, Change.GROUPS, Change.REFERRALS, Change.FOLLOW_UPS, Change.NOTES}
)


def tel_url(phone: str) -> str:
    """A tel: link dialers accept: the digits, a leading +, an extension after ;ext=."""
    match = re.search(r"(?i)\s*(?:ext\.?|x)\s*(\d+)\s*$", phone)
    number = phone[: match.start()] if match else phone
    digits = re.sub(r"[^\d+]", "", number)
    digits = digits[:1] + digits[1:].replace("+", "")
    return f"tel:{digits}" + (f";ext={match.group(1)}" if match else "")


def web_url(address: str) -> str:
    return address if re.match(r"(?i)^[a-z][a-z0-9+.-]*://", address) else f"https://{address}"


def days_ago(day: dt.date, today: dt.date) -> str:
    days = (today - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 0:
        return f"in {count(-days, 'day')}"
    return f"{count(days, 'day')} ago"


def _link(url: str, text: str, underline: bool = True) -> str:
    style = "" if underline else ' style="text-decoration: none"'
    return f'<a href="{html.escape(url, quote=True)}"{style}>{html.escape(text)}</a>'


def _breakable(text: str) -> str:
    """Long unbroken runs (a pasted link) get places to wrap, so nothing runs off the page."""
    return re.sub(r"\S{40,}", lambda m: "\u200b".join(re.findall(".{1,20}", m[0])), text)


class ContactPage(QWidget):
    """``follow(contact_id)`` with the list's current row; the buttons say what to open."""

    logNote = Signal(int)
    referGiven = Signal(int)
    referReceived = Signal(int)
    oneToOne = Signal(int)
    edit = Signal(int)
    openEntry = Signal(str, int)  # a timeline entry: "note", "referral" or "follow_up"

    def __init__(
        self,
        folder: Folder,
        warning_for: Callable[[int], str] = lambda _contact_id: "",
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contact_page")
        self.folder = folder
        self.warning_for = warning_for  # R6 "not following up", cached by the list
        self.today = dt.date.today  # what day it is (tests set another)
        self.contact_id: int | None = None  # whose page is on screen
        self._wanted: int | None = None  # whose page the list asks for
        self._stale = False  # the folder changed since the page was drawn
        self._shown: tuple[Contact, ContactSummary] | None = None
        self._show_all = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self._update)

        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setObjectName("contact_page_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # follows the palette
        # One page that scrolls as a whole: on a laptop the notes get the height they need.
        self.content = QScrollArea()
        self.content.setObjectName("contact_page_scroll")
        self.content.setAccessibleName("Contact page")
        self.content.setFrameShape(QFrame.Shape.NoFrame)
        self.content.setWidgetResizable(True)
        self.content.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.empty)
        self._stack.addWidget(self.content)
        self._build_content()
        self.setMinimumWidth(340)
        self._paint_cues()
        folder.subscribe(self._on_change)

    # -- the widgets --------------------------------------------------------------------
    def _build_content(self) -> None:
        self.name = QLabel()
        self.name.setObjectName("contact_name")
        self.name.setWordWrap(True)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.name.setFont(font)
        self.badge = QLabel("Partner")
        self.badge.setObjectName("partner_badge")
        self.badge.setToolTip("A referral partner: you pass referrals to each other")
        self.badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        top = QHBoxLayout()
        top.addWidget(self.name)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        self.work = self._plain_label("contact_work")  # "Realtor · Alvarez Realty"
        self.groups = self._plain_label("contact_groups")

        self.warning = QFrame()
        self.warning.setObjectName("partner_warning")
        self.warning_icon = QLabel()
        self.warning_icon.setAccessibleName("Warning")
        self.warning_text = self._plain_label("partner_warning_text")
        row = QHBoxLayout(self.warning)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(self.warning_icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.warning_text, 1)

        # Phone, email and web as links the system opens (a dialer, the mail program).
        self.reach = QLabel()
        self.reach.setObjectName("contact_reach")
        self.reach.setWordWrap(True)
        self.reach.setTextFormat(Qt.TextFormat.RichText)
        self.reach.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.reach.setOpenExternalLinks(False)
        self.reach.linkActivated.connect(self.open_link)
        self.about = self._plain_label("contact_about")

        # At a glance: the referrals each way, the last touch, the next follow-up.
        glance = QGridLayout()
        glance.setHorizontalSpacing(12)
        glance.setVerticalSpacing(3)
        glance.setColumnStretch(2, 1)
        self.given = self._plain_label("glance_given")
        self.received = self._plain_label("glance_received")
        self.last_touch = self._plain_label("glance_last_touch")
        self.next_icon = QLabel()
        self.next_icon.setAccessibleName("Late")
        self.next_follow_up = self._plain_label("glance_next_follow_up")
        for number, (title, value) in enumerate(
            (
                ("Referrals you gave them", self.given),
                ("Referrals they gave you", self.received),
                ("Last touch", self.last_touch),
                ("Next follow-up", self.next_follow_up),
            )
        ):
            caption = QLabel(f"{title}:")
            caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            glance.addWidget(caption, number, 0, Qt.AlignmentFlag.AlignTop)
            glance.addWidget(value, number, 2)
        glance.addWidget(self.next_icon, 3, 1, Qt.AlignmentFlag.AlignTop)

        self.buttons: dict[str, QPushButton] = {}
        actions = QGridLayout()
        actions.setSpacing(6)
        for place, (name, text, tip, icon_name, signal_name) in enumerate(BUTTONS):
            signal = getattr(self, signal_name)
            button = QPushButton(text)
            button.setObjectName(f"page_{name}")
            button.setToolTip(tip)
            button.setIcon(theme.tinted_icon(icon_name))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, signal=signal: self._emit(signal))
            self.buttons[name] = button
            actions.addWidget(button, place // 3, place % 3)

        # The timeline: open follow-ups, then every note (in full), referral and follow-up.
        self.timeline = QLabel()
        self.timeline.setObjectName("contact_timeline")
        self.timeline.setAccessibleName("Timeline")
        self.timeline.setWordWrap(True)
        self.timeline.setTextFormat(Qt.TextFormat.RichText)
        self.timeline.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.timeline.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.timeline.setOpenExternalLinks(False)
        self.timeline.linkActivated.connect(self._anchor_clicked)
        inner = QWidget()
        inner.setObjectName("contact_page_inner")
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 0, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.work)
        layout.addWidget(self.groups)
        layout.addWidget(self.warning)
        layout.addWidget(self.reach)
        layout.addWidget(self.about)
        layout.addSpacing(4)
        layout.addLayout(glance)
        layout.addSpacing(4)
        layout.addLayout(actions)
        layout.addSpacing(4)
        layout.addWidget(self.timeline)
        layout.addStretch(1)
        self.content.setWidget(inner)

    def _plain_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _paint_cues(self) -> None:
        """The badge, the warning and the late mark in the theme's colours for this palette."""
        self.badge.setStyleSheet(
            f"QLabel {{ background: {theme.colour('chip_good_back').name()};"
            f" color: {theme.colour('chip_good_text').name()};"
            " border-radius: 8px; padding: 2px 10px; }"
        )
        self.warning.setStyleSheet(
            f"QFrame#partner_warning {{ background: {theme.colour('warning_back').name()};"
            f" border: 1px solid {theme.colour('warning_border').name()}; border-radius: 4px; }}"
            f" QLabel {{ color: {theme.colour('warning_text').name()}; background: transparent; }}"
        )
        size = self.fontMetrics().height()
        self.warning_icon.setPixmap(theme.tinted_icon("overdue", "warning_text").pixmap(size))
        self.next_icon.setPixmap(theme.tinted_icon("overdue", "overdue").pixmap(size))
        if self._shown is not None:
            # Rich text keeps the link colours it was laid out with (and a label skips the
            # same text set again): drawn afresh in this palette's.
            self.reach.clear()
            self.timeline.clear()
            self._draw(*self._shown)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._paint_cues()

    # -- following the list --------------------------------------------------------------
    def follow(self, contact_id: int | None) -> None:
        """Show this contact (None: nobody) once the current row stops moving."""
        self._wanted = contact_id
        self._timer.start()

    def _update(self) -> None:
        if not self.isVisible():
            return  # drawn when shown (showEvent)
        if self._wanted != self.contact_id or self._stale:
            self.load(self._wanted)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._wanted != self.contact_id or self._stale:
            self._timer.start(0)

    def _on_change(self, changes: frozenset[Change]) -> None:
        if changes & WATCHED and self._wanted is not None:
            self._stale = True
            if self.isVisible():
                self._timer.start()

    def refresh_warning(self) -> None:
        """The list's R6 warnings were read again: the page says the same."""
        if self.contact_id is not None:
            self._show_warning(self.warning_for(self.contact_id))

    def detach(self) -> None:
        self._timer.stop()
        self.folder.unsubscribe(self._on_change)

    # -- drawing --------------------------------------------------------------------------
    def load(self, contact_id: int | None) -> None:
        """Read the contact and draw the page now."""
        self._stale = False
        self._wanted = contact_id
        live = contact_id is not None and self.folder.contacts.rows([contact_id])
        if not live:
            self.contact_id, self._shown = None, None
            self._stack.setCurrentWidget(self.empty)
            return
        if contact_id != self.contact_id:
            self._show_all = False
        contact = self.folder.contacts.get(contact_id)
        summary = self.folder.contacts.summary(contact_id)
        self.contact_id, self._shown = contact_id, (contact, summary)
        self._draw(contact, summary)
        self._stack.setCurrentWidget(self.content)

    def _draw(self, contact: Contact, summary: ContactSummary) -> None:
        today = self.today()
        self.name.setText(contact.name)
        self.badge.setVisible(contact.is_partner)
        work = " · ".join(part for part in (contact.profession, contact.company) if part)
        self.work.setText(work)
        self.work.setVisible(bool(work))
        self.groups.setText(f"Groups: {', '.join(summary.groups)}")
        self.groups.setVisible(bool(summary.groups))
        self._show_warning(self.warning_for(contact.id))

        links = [f"☎ {_link(tel_url(p), p)}" for p in contact.phones]
        links += [f"✉ {_link('mailto:' + e, e)}" for e in contact.emails]
        links += [_link(web_url(w), w) for w in (contact.website, contact.linkedin) if w]
        self.reach.setText("&nbsp;&nbsp; ".join(links) or "No phone or email yet")
        about = []
        if contact.ideal_referral:
            about.append(f"Ideal referral: {contact.ideal_referral}")
        met = " · ".join(p for p in (contact.how_met, format_date(contact.met_on)) if p)
        if met:
            about.append(f"How you met: {met}")
        self.about.setText("\n".join(about))
        self.about.setVisible(bool(about))

        self.given.setText(
            self._each_way(summary.given, summary.given_closed, summary.given_value_cents)
        )
        self.received.setText(
            self._each_way(summary.received, summary.received_closed, summary.received_value_cents)
        )
        if summary.last_touch is None:
            self.last_touch.setText("Never")
        else:
            touch = summary.last_touch
            self.last_touch.setText(f"{format_date(touch)} · {days_ago(touch, today)}")
        late = summary.next_due is not None and summary.next_due < today
        if summary.next_due is None:
            self.next_follow_up.setText("None planned")
        else:
            when = due_words(summary.next_due, today)
            self.next_follow_up.setText(f"{when} — {summary.next_title}")
        self.next_icon.setVisible(late)
        self._draw_timeline()

    def _show_warning(self, text: str) -> None:
        self.warning_text.setText(text)  # "Not following up: …" (the rule says it whole)
        self.warning.setVisible(bool(text))

    @staticmethod
    def _each_way(number: int, closed: int, value_cents: int) -> str:
        if not number:
            return "None yet"
        if not closed:
            return f"{number} · none closed yet"
        return f"{number} · {closed} closed, worth {format_money(value_cents)}"

    def _draw_timeline(self) -> None:
        """Open follow-ups first, soonest first ("Coming up"); then everything that happened,
        newest first, each note in full."""
        if self._shown is None:
            return
        contact, summary = self._shown
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        late = theme.colour("overdue", self.palette()).name()
        entries = summary.timeline.entries
        coming = sorted(
            (e for e in entries if e.kind == "follow_up" and e.detail == "Due"),
            key=lambda e: (e.when, e.id),
        )
        history = [e for e in entries if not (e.kind == "follow_up" and e.detail == "Due")]
        drawn = history if self._show_all else history[:SHOWN_AT_FIRST]
        parts = []
        if contact.notes.strip():
            parts.append(_heading("About them") + f"<p>{_paragraphs(contact.notes)}</p>")
        if coming:
            parts.append(_heading("Coming up"))
            parts += [self._coming_html(entry, muted, late) for entry in coming]
        parts.append(_heading("Timeline"))
        parts += [self._entry_html(entry, summary.notes, muted) for entry in drawn]
        if len(drawn) < len(history):
            more = count(len(history), "entry", "entries")
            parts.append(f'<p style="margin-top: 10px"><a href="more:">Show all {more}</a></p>')
        if not history:
            parts.append(
                f'<p style="color: {muted}">Nothing yet: notes, calls and referrals with them '
                "will show here.</p>"
            )
        self.timeline.setText("".join(parts))

    def _coming_html(self, entry: TimelineEntry, muted: str, late: str) -> str:
        day = entry.when.date()
        words = due_words(day, self.today())
        if day < self.today():  # the word "late" says it; the colour only repeats it
            when = f'<span style="color: {late}">{html.escape(words)}</span>'
        else:
            when = f'<span style="color: {muted}">{html.escape(words)}</span>'
        title = entry.title.removeprefix("Follow-up: ")
        link = _link(f"entry:{entry.kind}/{entry.id}", title, underline=False)
        return f'<p style="margin-top: 4px; margin-bottom: 0">{when}&nbsp;&nbsp;{link}</p>'

    def _entry_html(self, entry: TimelineEntry, notes: dict[int, str], muted: str) -> str:
        day = entry.when.date()
        when = format_datetime(entry.when) if entry.kind == "note" else format_date(day)
        title = _link(f"entry:{entry.kind}/{entry.id}", entry.title, underline=False)
        if entry.kind == "note":
            body = _paragraphs(notes.get(entry.id, entry.detail))
        else:
            body = html.escape(_breakable(entry.detail))
        return (
            f'<p style="margin-top: 8px; margin-bottom: 0">'
            f'<span style="color: {muted}">{html.escape(when)}</span>'
            f"&nbsp;&nbsp;<b>{title}</b>" + (f"<br>{body}" if body else "") + "</p>"
        )

    # -- what the user does ------------------------------------------------------------------
    def _emit(self, signal) -> None:
        if self.contact_id is not None:
            signal.emit(self.contact_id)

    def open_link(self, link: str) -> None:
        QDesktopServices.openUrl(QUrl(link))

    def _anchor_clicked(self, link: str) -> None:
        url = QUrl(link)
        if url.scheme() == "more":
            self._show_all = True
            self._draw_timeline()
            return
        kind, _, number = url.path().partition("/")
        if url.scheme() == "entry" and number.isdigit():
            self.openEntry.emit(kind, int(number))


def _heading(text: str) -> str:
    return f'<p style="margin-top: 14px; margin-bottom: 2px; font-size: large"><b>{text}</b></p>'


def _paragraphs(text: str) -> str:
    """Plain text as HTML, every line kept."""
    return html.escape(_breakable(text.strip())).replace("\n", "<br>")
