"""A contact's page beside the list: who they are, how to reach them, how the referrals stand,
and everything that happened with them, read without opening a dialog (``DetailPage`` says how
it follows the list)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.model import (
    Contact,
    ContactSummary,
    TimelineEntry,
    format_money,
    whole_money,
)
from networking_folder.services import Change, Folder
from networking_folder.ui import theme
from networking_folder.ui.formatting import count, due_words, format_date, format_datetime
from networking_folder.ui.widgets.detail_page import (
    DetailPage,
    breakable,
    changes_html,
    days_ago,
    heading,
    link,
    page_button,
    paragraphs,
    plain_label,
    reach_links,
    rich_label,
    title_label,
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
SHOWN_AT_FIRST = 200  # timeline entries drawn before "Show all"

if TYPE_CHECKING:
    from networking_folder.services.promoters import PromoterEntry
    from networking_folder.services.scorecards import Scorecard


def _warning_box(name: str) -> tuple[QFrame, QLabel, QLabel]:
    """A warning on the page: a box (coloured by ``paint_cues``), its mark and its words."""
    box = QFrame()
    box.setObjectName(name)
    icon = QLabel()
    icon.setAccessibleName("Warning")
    text = plain_label(f"{name}_text")
    row = QHBoxLayout(box)
    row.setContentsMargins(8, 6, 8, 6)
    row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(text, 1)
    return box, icon, text


class ContactPage(DetailPage):
    """``follow(contact_id)`` with the list's current row; the buttons say what to open."""

    logNote = Signal(int)
    referGiven = Signal(int)
    referReceived = Signal(int)
    oneToOne = Signal(int)
    edit = Signal(int)
    showFiguresHelp = Signal()
    recordCompensation = Signal(int)  # the promoter register: something given to them
    editPromoterFacts = Signal(int)  # their client-or-not and written agreement
    openRegister = Signal(int)
    object_name = "contact_page"
    empty_text = EMPTY_TEXT
    accessible_name = "Contact page"
    watched = frozenset(
        {Change.CONTACTS, Change.GROUPS, Change.REFERRALS, Change.FOLLOW_UPS, Change.NOTES,
         Change.REGISTER}
    )  # fmt: skip

    def __init__(
        self,
        folder: Folder,
        warning_for: Callable[[int], str] = lambda _contact_id: "",
        parent=None,
    ) -> None:
        super().__init__(folder, parent)
        self.warning_for = warning_for  # R6 "not following up", cached by the list
        self._show_all = False

    @property
    def contact_id(self) -> int | None:
        """Whose page is on screen."""
        return self.record_id

    # -- the widgets --------------------------------------------------------------------
    def build(self) -> QWidget:
        self.name = self.page_title = title_label("contact_name", self.font())
        self.badge = QLabel("Partner")
        self.badge.setObjectName("partner_badge")
        self.badge.setToolTip("A referral partner: you pass referrals to each other")
        self.badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        top = QHBoxLayout()
        top.addWidget(self.name)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        self.work = plain_label("contact_work")  # "Realtor · Alvarez Realty"
        self.groups = plain_label("contact_groups")

        self.warning, self.warning_icon, self.warning_text = _warning_box("partner_warning")

        # Phone, email and web as links the system opens (a dialer, the mail program).
        self.reach = rich_label("contact_reach")
        self.reach.linkActivated.connect(self.open_link)
        self.about = plain_label("contact_about")

        # At a glance: the referrals each way, the last touch, the next follow-up.
        glance = QGridLayout()
        glance.setHorizontalSpacing(12)
        glance.setVerticalSpacing(3)
        glance.setColumnStretch(2, 1)
        self.given = plain_label("glance_given")
        self.received = plain_label("glance_received")
        self.last_touch = plain_label("glance_last_touch")
        self.next_icon = QLabel()
        self.next_icon.setAccessibleName("Late")
        self.next_follow_up = plain_label("glance_next_follow_up")
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

        # A partner's scorecard for this quarter (the Partners view has everyone's).
        self.scorecard = rich_label("contact_scorecard")
        self.scorecard.linkActivated.connect(lambda _link: self.showFiguresHelp.emit())

        # The promoter register (R11), for someone who refers prospects to you: its warnings
        # in the page's warning colours, then their line of the register.
        self.register_warning, self.register_warning_icon, self.register_warning_text = (
            _warning_box("register_warning")
        )
        self.register = rich_label("contact_register", "Promoter register")
        self.register.linkActivated.connect(self._register_link)

        self.buttons: dict[str, QPushButton] = {}
        actions = QGridLayout()
        actions.setSpacing(6)
        for place, (name, text, tip, icon_name, signal_name) in enumerate(BUTTONS):
            signal = getattr(self, signal_name)
            button = page_button(f"page_{name}", text, tip, icon_name)
            button.clicked.connect(lambda _=False, signal=signal: self.emit_for_record(signal))
            self.buttons[name] = button
            actions.addWidget(button, place // 3, place % 3)

        # The timeline: open follow-ups, then every note (in full), referral and follow-up.
        self.timeline = rich_label("contact_timeline", "Timeline")
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
        layout.addWidget(self.scorecard)
        layout.addWidget(self.register_warning)
        layout.addWidget(self.register)
        layout.addSpacing(4)
        layout.addLayout(actions)
        layout.addSpacing(4)
        layout.addWidget(self.timeline)
        layout.addStretch(1)
        return inner

    def paint_cues(self) -> None:
        """The badge, the warning and the late mark in the theme's colours for this palette."""
        self.badge.setStyleSheet(theme.chip_style("good"))
        size = self.fontMetrics().height()
        mark = theme.tinted_icon("overdue", "warning_text").pixmap(size)
        for box, icon in ((self.warning, self.warning_icon),
                          (self.register_warning, self.register_warning_icon)):  # fmt: skip
            box.setStyleSheet(theme.warning_style(f"QFrame#{box.objectName()}"))
            icon.setPixmap(mark)
        self.next_icon.setPixmap(theme.tinted_icon("overdue", "overdue").pixmap(size))
        # Rich text keeps the link colours it was laid out with (and a label skips the same
        # text set again): drawn afresh in this palette's.
        self.reach.clear()
        self.timeline.clear()
        self.register.clear()
        super().paint_cues()

    def refresh_warning(self) -> None:
        """The list's R6 warnings were read again: the page says the same."""
        if self.contact_id is not None and self.content is not None:
            self._show_warning(self.warning_for(self.contact_id))

    # -- drawing --------------------------------------------------------------------------
    def read(self, contact_id: int) -> tuple | None:
        if not self.folder.contacts.rows([contact_id]):
            return None  # deleted (or never there)
        record = self.folder.uuids("contact", [contact_id])[contact_id]
        contact = self.folder.contacts.get(contact_id)
        card = None
        if contact.is_partner:
            from networking_folder.services.scorecards import Quarter

            today = self.today()
            card = self.folder.scorecards.of(contact_id, Quarter.of(today), today)
        return (
            contact,
            self.folder.contacts.summary(contact_id),
            self.folder.history.of(record),
            card,
            self.folder.promoters.entry(contact_id, self.today()),
        )

    def forget(self) -> None:
        self._show_all = False

    def draw(self, shown: tuple) -> None:
        self._draw(shown[0], shown[1])
        self._draw_scorecard(shown[3])
        self._draw_register(shown[4])

    def _draw_register(self, entry: PromoterEntry | None) -> None:
        """Their line of the promoter register, and its warnings (R11), for a promoter."""
        said = entry.warnings if entry else []
        self.register_warning_text.setText(
            "\n".join(f"Promoter register ({w.rule}): {w.text}" for w in said)
        )
        self.register_warning.setVisible(bool(said))
        self.register.setVisible(entry is not None)
        if entry is None:
            self.register.clear()
            return
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        facts = entry.facts
        if facts.agreement_on:
            agreement = f"signed {format_date(facts.agreement_on)}"
            if facts.agreement_kept_at:
                agreement += f" · kept at {facts.agreement_kept_at}"
        else:
            agreement = "none on file"
        given = f"{whole_money(entry.total_cents)} " + (
            f"— over your {whole_money(entry.threshold_cents)} threshold"
            if entry.over_threshold
            else f"of your {whole_money(entry.threshold_cents)} threshold"
        )
        referrals = (
            f"{len(entry.referrals)}, {entry.disclosed} with a disclosure recorded"
            if entry.referrals
            else "none yet"
        )
        rows = [
            ("Your client", entry.client_words),
            ("Written agreement", agreement),
            ("Given, last 12 months", given),
            ("Their referrals", referrals),
        ]
        rows += [
            ("Given" if number == 0 else "",
             f"{format_date(item.given_on)} · {item.what} · {item.value_words}")
            for number, item in enumerate(reversed(entry.items[-5:]))
        ]  # fmt: skip
        cells = "".join(
            f'<tr><td style="color: {muted}; padding-right: 12px">'
            f"{html.escape(k) + ':' if k else ''}</td><td>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        more = (
            f" ({count(len(entry.items) - 5, 'more item')} in the register)"
            if len(entry.items) > 5
            else ""
        )
        self.register.setText(
            f'<p style="margin-top: 8px; margin-bottom: 2px"><b>Promoter register</b>{more}'
            f'&nbsp;&nbsp;<a href="register:open">Open the register</a></p><table>{cells}</table>'
            f'<p style="margin-top: 4px"><a href="register:give">Record something given…</a>'
            f'&nbsp;&nbsp;·&nbsp;&nbsp;<a href="register:facts">Client and agreement…</a></p>'
        )

    def _register_link(self, url_text: str) -> None:
        signal = {
            "give": self.recordCompensation,
            "facts": self.editPromoterFacts,
            "open": self.openRegister,
        }.get(QUrl(url_text).path())
        if signal is not None:
            self.emit_for_record(signal)

    def _draw_scorecard(self, card: Scorecard | None) -> None:
        self.scorecard.setVisible(card is not None)
        if card is None:
            self.scorecard.clear()
            return
        from networking_folder.services.scorecards import Quarter  # (a partner's page only)

        quarter = Quarter.of(self.today())
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()

        rows = [
            ("Referrals", f"you gave them {card.given}, they sent you {card.received}"
             + (f" (you owe them {card.owe})" if card.owe > 0 else "")),
            ("Closed business", f"{whole_money(card.closed_value_received_cents)} from theirs, "
             f"{whole_money(card.closed_value_given_cents)} from yours"),
            ("Theirs that closed", "none received yet" if card.conversion is None
             else f"{card.conversion:.0%}"),
            ("First contact", "no referral of yours moved on yet"
             if card.median_days_to_first_contact is None
             else f"after {card.median_days_to_first_contact:g} days (median)"),
            ("Following up", "⚠ not following up" if card.not_following_up
             else "yes" if card.given else "– (no referral of yours yet)"),
            ("One-to-ones", f"{card.one_to_ones} this quarter"
             + (f"; last {format_date(card.last_one_to_one)}" if card.last_one_to_one else "")
             + (f"; next {format_date(card.next_one_to_one)}" if card.next_one_to_one else "")),
            ("Trend", {1: f"▲ {card.trend} more than", -1: f"▼ {-card.trend} fewer than",
                       0: "as many as"}[(card.trend > 0) - (card.trend < 0)]
             + " the quarter before"),
        ]  # fmt: skip
        cells = "".join(
            f'<tr><td style="color: {muted}; padding-right: 12px">{html.escape(k)}:</td>'
            f"<td>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        self.scorecard.setText(
            f'<p style="margin-top: 8px; margin-bottom: 2px"><b>This quarter '
            f"({quarter.label})</b>&nbsp;&nbsp;"
            f'<a href="figures:">What these mean</a></p><table>{cells}</table>'
        )

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

        extra = (contact.website, contact.linkedin)
        self.reach.setText(reach_links(contact.phones, contact.emails, extra))
        about = []
        if contact.ask:
            since = f" (since {format_date(contact.ask_set_on)})" if contact.ask_set_on else ""
            about.append(f"Their ask: “{contact.ask}”{since}")
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
        contact, summary, changes, _card, _entry = self._shown
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
            parts.append(heading("About them") + f"<p>{paragraphs(contact.notes)}</p>")
        if coming:
            parts.append(heading("Coming up"))
            parts += [self._coming_html(entry, muted, late) for entry in coming]
        parts.append(heading("Timeline"))
        parts += [self._entry_html(entry, summary.notes, muted) for entry in drawn]
        if len(drawn) < len(history):
            more = count(len(history), "entry", "entries")
            parts.append(f'<p style="margin-top: 10px"><a href="more:">Show all {more}</a></p>')
        if not history:
            parts.append(
                f'<p style="color: {muted}">Nothing yet: notes, calls and referrals with them '
                "will show here.</p>"
            )
        parts.append(changes_html(changes, muted))
        self.timeline.setText("".join(parts))

    def _coming_html(self, entry: TimelineEntry, muted: str, late: str) -> str:
        day = entry.when.date()
        words = due_words(day, self.today())
        if day < self.today():  # the word "late" says it; the colour only repeats it
            when = f'<span style="color: {late}">{html.escape(words)}</span>'
        else:
            when = f'<span style="color: {muted}">{html.escape(words)}</span>'
        title = entry.title.removeprefix("Follow-up: ")
        anchor = link(f"entry:{entry.kind}/{entry.id}", title, underline=False)
        return f'<p style="margin-top: 4px; margin-bottom: 0">{when}&nbsp;&nbsp;{anchor}</p>'

    def _entry_html(self, entry: TimelineEntry, notes: dict[int, str], muted: str) -> str:
        day = entry.when.date()
        when = format_datetime(entry.when) if entry.kind == "note" else format_date(day)
        title = link(f"entry:{entry.kind}/{entry.id}", entry.title, underline=False)
        if entry.kind == "note":
            body = paragraphs(notes.get(entry.id, entry.detail))
        else:
            body = html.escape(breakable(entry.detail))
        return (
            f'<p style="margin-top: 8px; margin-bottom: 0">'
            f'<span style="color: {muted}">{html.escape(when)}</span>'
            f"&nbsp;&nbsp;<b>{title}</b>" + (f"<br>{body}" if body else "") + "</p>"
        )

    # -- what the user does ------------------------------------------------------------------
    def _anchor_clicked(self, url_text: str) -> None:
        if QUrl(url_text).scheme() == "more":
            self._show_all = True
            self._draw_timeline()
        else:
            self.anchor_clicked(url_text)
