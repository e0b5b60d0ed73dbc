"""A referral's page beside its list: who was referred to whom and for what, how to reach the
prospect, the steps it has walked and the next one, what comes next (and why each follow-up
exists), and its history with every note in full; read without opening a dialog."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.model import (
    CLOSED_STATUSES,
    STATUSES_BY_DIRECTION,
    Direction,
    FeeKind,
    FollowUpRow,
    FollowUpState,
    ReferralDetail,
    Status,
    format_money,
)
from networking_folder.services import Change
from networking_folder.ui import theme
from networking_folder.ui.formatting import due_words, format_date, format_datetime, stars
from networking_folder.ui.widgets.detail_page import (
    DetailPage,
    changes_html,
    heading,
    link,
    page_button,
    paragraphs,
    plain_label,
    reach_links,
    rich_label,
    title_label,
)

EMPTY_TEXT = "Select a referral to see where it stands"
ASKS = {Status.CLOSED_BUSINESS, Status.NOT_A_FIT}  # these ask for the value / why


def status_tone(label: str) -> str:
    """A status chip's tone: closed business is good news, the other ends are ended."""
    if label == Status.CLOSED_BUSINESS.label:
        return "good"
    if label in {status.label for status in CLOSED_STATUSES}:
        return "ended"
    return "open"


def path_of(direction: Direction) -> list[Status]:
    """The steps a referral walks when it goes well: given (or received) to closed business."""
    return [s for s in STATUSES_BY_DIRECTION[direction] if s.is_open] + [Status.CLOSED_BUSINESS]


def next_step(direction: Direction, status: Status) -> Status | None:
    path = path_of(direction)
    if status not in path or status is path[-1]:
        return None
    return path[path.index(status) + 1]


def _unbroken(text: str) -> str:
    """A step's name never wraps inside itself, only between steps."""
    return html.escape(text).replace(" ", "&nbsp;")


def why_text(follow_up: FollowUpRow) -> str:
    """Why a follow-up exists, in words: the rule's reason (never its key) and the details it
    wrote; or, for one the user made, that they did."""
    from networking_folder.domain.rules import plain_reason  # (loaded after the first paint)

    reason = plain_reason(follow_up.rule)
    if not reason:
        return "You added it" + (f": {follow_up.reason}" if follow_up.reason else ".")
    said = reason[:1].upper() + reason[1:]
    return f"{said}. {follow_up.reason}".strip() if follow_up.reason else f"{said}."


class ReferralPage(DetailPage):
    """``follow(referral_id)`` with the list's current row; the buttons say what to do."""

    moveTo = Signal(int, object)  # the referral, the status to move it to
    logNote = Signal(int)  # a call or note with the prospect
    edit = Signal(int)
    object_name = "referral_page"
    empty_text = EMPTY_TEXT
    accessible_name = "Referral page"
    watched = frozenset(
        {Change.CONTACTS, Change.GROUPS, Change.REFERRALS, Change.FOLLOW_UPS, Change.NOTES}
    )

    # -- the widgets --------------------------------------------------------------------
    def build(self) -> QWidget:
        self.title = self.page_title = title_label("referral_prospect", self.font())
        self.chip = QLabel()
        self.chip.setObjectName("referral_status_chip")
        self.chip.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        # "You gave this to Maria Alvarez · Mon 9 Nov 2026 · Downtown Leads", names as links.
        self.who = rich_label("referral_who")
        self.who.linkActivated.connect(self.anchor_clicked)
        self.reach = rich_label("referral_reach", "The prospect's phone and email")
        self.reach.linkActivated.connect(self.open_link)
        self.need = plain_label("referral_need")

        self.steps = rich_label("referral_steps", "Status steps")
        self.next_button = page_button("referral_next_step", "", "", "done")  # (set by draw)
        self.next_button.clicked.connect(self._move_on)
        self.note_button = page_button(
            "referral_log_note",
            "Log a call or note…",
            "Write down a call or a meeting with the prospect",
            "note",
        )
        self.note_button.clicked.connect(lambda: self.emit_for_record(self.logNote))
        self.edit_button = page_button(
            "referral_edit", "Edit…", "Change this referral's details or status", "edit"
        )
        self.edit_button.clicked.connect(lambda: self.emit_for_record(self.edit))
        # The next step on a row of its own (its name is long), the others under it: the
        # page stays as narrow as the pane it is in.
        actions = QGridLayout()
        actions.setSpacing(6)
        actions.addWidget(self.next_button, 0, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        actions.addWidget(self.note_button, 1, 0)
        actions.addWidget(self.edit_button, 1, 1)
        actions.setColumnStretch(2, 1)

        # The details, each only when it says something.
        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(12)
        self.facts.setVerticalSpacing(3)
        self.facts.setColumnStretch(1, 1)
        self.fact_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for row, (key, title) in enumerate(
            (
                ("warmth", "Warmth"),
                ("value", "Business closed"),
                ("best_time", "Best time to call"),
                ("budget", "Budget"),
                ("urgency", "Urgency"),
                ("also", "Also given to"),
                ("fee", "Fee or gift"),
                ("disclosure", "Disclosure"),
            )
        ):
            caption = QLabel(f"{title}:")
            caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            value = plain_label(f"referral_{key}")
            self.facts.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
            self.facts.addWidget(value, row, 1)
            self.fact_labels[key] = (caption, value)

        # What comes next (and why), then everything that happened, newest first.
        self.story = rich_label("referral_story", "Follow-ups and history")
        self.story.linkActivated.connect(self.anchor_clicked)
        inner = QWidget()
        inner.setObjectName("referral_page_inner")
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 0, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.who)
        layout.addWidget(self.reach)
        layout.addWidget(self.need)
        layout.addSpacing(4)
        layout.addWidget(self.steps)
        layout.addLayout(actions)
        layout.addSpacing(4)
        layout.addLayout(self.facts)
        layout.addWidget(self.story)
        layout.addStretch(1)
        return inner

    def paint_cues(self) -> None:
        self.who.clear()
        self.reach.clear()
        self.steps.clear()
        self.story.clear()
        super().paint_cues()

    # -- drawing --------------------------------------------------------------------------
    def read(self, referral_id: int) -> tuple[ReferralDetail, list] | None:
        detail = self.folder.referrals.detail(referral_id)
        if detail is None:
            return None  # deleted (or never there)
        record = self.folder.uuids("referral", [referral_id])[referral_id]
        return detail, self.folder.history.of(record)

    def draw(self, shown: tuple[ReferralDetail, list]) -> None:
        detail, changes = shown
        referral, row = detail.referral, detail.row
        self.title.setText(row.prospect)
        tone = status_tone(row.status.label)
        self.chip.setText(row.status.label)
        self.chip.setStyleSheet(theme.chip_style(tone))
        partner = link(f"entry:contact/{referral.partner_id}", row.partner)
        kind = "lead" if referral.is_lead else "referral"
        if referral.direction is Direction.GIVEN:
            who = f"A {kind} you gave {partner}"
        else:
            who = f"A {kind} from {partner}"
        parts = [who, html.escape(format_date(referral.date))]
        if row.group:
            parts.append(html.escape(row.group))
        self.who.setText(" · ".join(parts))
        self.reach.setText(reach_links(detail.prospect_phones, detail.prospect_emails))
        self.need.setText(f"Needs: {referral.need}" if referral.need else "")
        self.need.setVisible(bool(referral.need))
        self._draw_steps(detail)
        self._draw_facts(detail)
        self._draw_story(detail, changes)

    def _draw_steps(self, detail: ReferralDetail) -> None:
        """The path as words with marks: ✓ done, ● where it stands, ○ still to come; a
        referral that ended another way shows how far it got, then ✕ and how it ended."""
        referral = detail.referral
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        path = path_of(referral.direction)
        status = referral.status
        reached = {change.to_status for change in detail.history} | {status}
        parts = []
        if status in path:
            at = path.index(status)
            for number, step in enumerate(path):
                label = _unbroken(step.label)
                if number < at:
                    parts.append(f"✓&nbsp;{label}")
                elif number == at:
                    parts.append(f"<b>●&nbsp;{label}</b>")
                else:
                    parts.append(f'<span style="color: {muted}">○&nbsp;{label}</span>')
        else:
            parts += [f"✓&nbsp;{_unbroken(s.label)}" for s in path if s in reached]
            parts.append(f"<b>✕&nbsp;{_unbroken(status.label)}</b>")
        self.steps.setText(" &nbsp;›&nbsp; ".join(parts))
        step = next_step(referral.direction, status)
        self.next_button.setVisible(step is not None)
        if step is not None:
            self.next_button.setText(f"Move to “{step.label}”" + ("…" if step in ASKS else ""))
            self.next_button.setToolTip(f"The next step: {step.label}")
            self._next = step

    def _draw_facts(self, detail: ReferralDetail) -> None:
        referral = detail.referral
        fee = disclosure = ""
        if referral.fee_disclosed_on and referral.fee_kind is FeeKind.NONE:
            disclosure = " · ".join(
                part
                for part in (f"given {format_date(referral.fee_disclosed_on)}", referral.disclosed_how)
                if part
            )
        if referral.fee_kind is not FeeKind.NONE:
            disclosed = (
                f"disclosed {format_date(referral.fee_disclosed_on)}"
                if referral.fee_disclosed_on
                else "⚠ not disclosed to the client yet"  # R11: a mark and the words
            )
            fee = " · ".join(
                part
                for part in (referral.fee_kind.label, referral.fee_description, disclosed,
                             referral.disclosed_how if referral.fee_disclosed_on else "")
                if part
            )  # fmt: skip
        values = {
            "warmth": f"{stars(referral.warmth)}  {referral.warmth} of 5" if referral.warmth else "",
            "value": format_money(referral.value_cents) if referral.value_cents is not None else "",
            "best_time": referral.best_time_to_call,
            "budget": referral.budget,
            "urgency": referral.urgency,
            "also": referral.also_given_to,
            "fee": fee,
            "disclosure": disclosure,
        }
        for key, (caption, label) in self.fact_labels.items():
            label.setText(values[key])
            caption.setVisible(bool(values[key]))
            label.setVisible(bool(values[key]))

    def _draw_story(self, detail: ReferralDetail, changes: list) -> None:
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        late = theme.colour("overdue", self.palette()).name()
        today = self.today()
        parts = []
        if detail.referral.learned.strip():
            parts.append(heading("What you learned") + f"<p>{paragraphs(detail.referral.learned)}</p>")
        coming = [f for f in detail.follow_ups if f.state is FollowUpState.OPEN]
        if coming:
            parts.append(heading("Coming up"))
        for follow_up in coming:
            words = due_words(follow_up.due, today)
            colour = late if follow_up.due < today else muted  # "late" is in the words too
            anchor = link(f"entry:follow_up/{follow_up.id}", follow_up.title, underline=False)
            parts.append(
                f'<p style="margin-top: 6px; margin-bottom: 0">'
                f'<span style="color: {colour}">{html.escape(words)}</span>&nbsp;&nbsp;{anchor}'
                f'<br><span style="color: {muted}">Why: {html.escape(why_text(follow_up))}'
                "</span></p>"
            )
        # Everything that happened, newest first: status changes, notes, finished follow-ups.
        happened = []
        for change in detail.history:
            moved = (
                f"{change.from_status.label} → {change.to_status.label}"
                if change.from_status
                else f"Logged as {change.to_status.label.lower()}"
            )
            body = paragraphs(change.note)
            happened.append((change.at, html.escape(moved), body))
        for note in detail.notes:
            title = link(f"entry:note/{note.id}", note.kind.label, underline=False)
            happened.append((note.at, title, paragraphs(note.body)))
        for follow_up in detail.follow_ups:
            if follow_up.state is FollowUpState.OPEN:
                continue
            word = "Done" if follow_up.state is FollowUpState.DONE else "Cancelled"
            anchor = link(f"entry:follow_up/{follow_up.id}", follow_up.title, underline=False)
            when = follow_up.completed_at or dt.datetime.combine(follow_up.due, dt.time(0))
            happened.append((when, f"{word}: {anchor}", ""))
        # Newest first; within one second, the later-written first (the order they came in).
        order = sorted(range(len(happened)), key=lambda n: (happened[n][0], n), reverse=True)
        parts.append(heading("History"))
        for at, title, body in (happened[n] for n in order):
            parts.append(
                f'<p style="margin-top: 8px; margin-bottom: 0">'
                f'<span style="color: {muted}">{html.escape(format_datetime(at))}</span>'
                f"&nbsp;&nbsp;<b>{title}</b>" + (f"<br>{body}" if body else "") + "</p>"
            )
        parts.append(changes_html(changes, muted))
        self.story.setText("".join(parts))

    # -- what the user does ------------------------------------------------------------------
    def _move_on(self) -> None:
        if self.record_id is not None and self.next_button.isVisible():
            self.moveTo.emit(self.record_id, self._next)
