"""The home page, "Today": what to do now, what to bring to the next meeting, and how the
networking pays off (the quarter at a glance and two charts).

It opens instantly: its first paint shows the follow-ups due and the quarter's figures (a few
indexed queries); the meetings (which need the holiday tables) fill in just after, and the
charts (painted with QPainter) after that. A change to the folder marks the page stale; it is read again
when it is next on screen, once per burst of changes.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.calendar import next_week
from networking_folder.domain.model import whole_money
from networking_folder.services import Change, Folder
from networking_folder.ui import theme
from networking_folder.ui.formatting import count, format_date, format_time, relative_due
from networking_folder.ui.tabs.stale import ReadWhenShown

LINKS = Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
DUE_SHOWN = 8  # the rest are one click away, on the Follow-ups tab
# What the page shows. Not settings: the backups' bookkeeping and the sheet dialog's paper
# write them often; the ask is changed here (read again then) and a new calendar starts a
# new day (the window reads the page again).
WATCHED = frozenset({Change.CONTACTS, Change.GROUPS, Change.REFERRALS, Change.FOLLOW_UPS, Change.NOTES,
                     Change.REGISTER})  # fmt: skip


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.2)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


class Figure(QFrame):
    """One figure of the quarter: a large number and what it counts."""

    def __init__(self, caption: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("figure")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.number = QLabel("–", self)
        font = QFont(self.number.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.number.setFont(font)
        self.caption = QLabel(caption, self)
        self.caption.setWordWrap(True)
        self.detail = QLabel(self)
        self.detail.setEnabled(False)  # the palette's quieter text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(1)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        layout.addWidget(self.detail)
        # One width for all six; one height: the row's (a caption on two lines sets it).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(120)

    def set(self, number: str, detail: str = "") -> None:
        self.number.setText(number)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setAccessibleName(f"{self.caption.text()}: {number}{', ' + detail if detail else ''}")


class HomeTab(ReadWhenShown, QScrollArea):
    """The first tab. It only emits signals for what it opens: the window decides how."""

    openEntry = Signal(str, int)  # ("contact" | "referral" | "follow_up", id)
    showFollowUps = Signal()
    showPartners = Signal()
    showHelp = Signal()
    showRegister = Signal()
    changes = WATCHED

    def __init__(self, folder: Folder, undo_stack, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("home_tab")
        self.setAccessibleName("Today")
        self.folder = folder
        self.undo_stack = undo_stack
        self.today = dt.date.today  # the window sets its clock
        self._charts = None  # (MonthsChart, BalanceChart), made after the first paint
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget(self)
        self.body.setObjectName("home_body")
        self.setWidget(self.body)
        self._built = False
        self._rest_waiting = False
        self.body.installEventFilter(self)
        folder.subscribe(self._on_change)

    def build(self) -> None:
        """The page's widgets, made when it is first shown (a window left on another tab
        never waits for them)."""
        if self._built:
            return
        self._built = True
        outer = QVBoxLayout(self.body)
        outer.setContentsMargins(16, 12, 16, 16)
        outer.setSpacing(10)

        top = QHBoxLayout()
        top.setSpacing(24)
        due_column = QVBoxLayout()
        self.due_title = section_title("To do today")
        due_column.addWidget(self.due_title)
        self.due_grid = QGridLayout()
        self.due_grid.setHorizontalSpacing(8)
        self.due_grid.setVerticalSpacing(4)
        self.due_grid.setColumnStretch(1, 1)
        due_column.addLayout(self.due_grid)
        self.due_more = QLabel(self.body)
        self.due_more.setTextInteractionFlags(LINKS)
        self.due_more.linkActivated.connect(lambda _link: self.showFollowUps.emit())
        due_column.addWidget(self.due_more)
        # The promoter register's warnings (R11): not follow-ups, but not to be missed.
        self.register_warnings = QLabel(self.body)
        self.register_warnings.setObjectName("home_register_warnings")
        self.register_warnings.setWordWrap(True)
        self.register_warnings.setTextFormat(Qt.TextFormat.RichText)
        self.register_warnings.setTextInteractionFlags(LINKS)
        self.register_warnings.setAccessibleName("Promoter register warnings")
        self.register_warnings.linkActivated.connect(self._link)
        self.register_warnings.hide()
        due_column.addSpacing(6)
        due_column.addWidget(self.register_warnings)
        due_column.addStretch(1)
        top.addLayout(due_column, 3)

        meeting_column = QVBoxLayout()
        meeting_column.addWidget(section_title("Next meetings"))
        self.meetings = QLabel("…", self.body)
        self.meetings.setObjectName("home_meetings")
        self.meetings.setWordWrap(True)
        self.meetings.setTextFormat(Qt.TextFormat.RichText)
        self.meetings.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.meetings.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                              | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)  # fmt: skip
        self.meetings.linkActivated.connect(self._link)
        meeting_column.addWidget(self.meetings)
        self.ask_button = QPushButton("Change your &ask…", self.body)
        self.ask_button.clicked.connect(self.edit_ask)
        ask_row = QHBoxLayout()
        ask_row.addWidget(self.ask_button)
        ask_row.addStretch(1)
        meeting_column.addLayout(ask_row)
        meeting_column.addStretch(1)
        top.addLayout(meeting_column, 2)
        outer.addLayout(top)

        quarter_row = QHBoxLayout()
        self.quarter_title = section_title("This quarter")
        quarter_row.addWidget(self.quarter_title)
        quarter_row.addStretch(1)
        for text, signal in (
            ("Partners…", self.showPartners),
            ("What these figures mean", self.showHelp),
        ):
            link = QLabel(f'<a href="#">{text}</a>', self.body)
            link.setTextInteractionFlags(LINKS)
            link.linkActivated.connect(lambda _l, signal=signal: signal.emit())
            quarter_row.addWidget(link)
        outer.addLayout(quarter_row)
        figures = QGridLayout()
        figures.setSpacing(8)
        self.figures = {
            "given": Figure("Referrals given"),
            "received": Figure("Referrals received"),
            "closed_received": Figure("Closed business received"),
            "closed_given": Figure("Closed business given"),
            "one_to_ones": Figure("One-to-ones held"),
            "conversion": Figure("Received that closed"),
        }
        for number, figure in enumerate(self.figures.values()):
            figures.addWidget(figure, 0, number)
            figures.setColumnStretch(number, 1)  # six figures of one width
        outer.addLayout(figures)

        self.chart_row = QHBoxLayout()
        self.chart_row.setSpacing(24)
        self.charts_waiting = QLabel("Drawing the charts…", self.body)
        self.charts_waiting.setEnabled(False)
        self.chart_row.addWidget(self.charts_waiting)
        outer.addLayout(self.chart_row, 1)
        outer.addStretch(0)

    # -- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        """What is quick now (the first follow-ups due); the figures, the meetings and the
        charts just after, so a first paint never waits for a scan of the quarter, the holiday
        tables or the chart library."""
        self.build()
        self._stale = False
        today = self.today()
        self.show_due(today)
        # After the page is painted (a timer posted now could run before that paint).
        self._rest_waiting = True
        self.body.update()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.body and event.type() == QEvent.Type.Paint and self._rest_waiting:
            self._rest_waiting = False
            QTimer.singleShot(0, self, self.show_rest)
        return super().eventFilter(watched, event)

    def show_rest(self) -> None:
        if self.folder.is_closed():  # (the window closed meanwhile)
            return
        today = self.today()
        self.show_register_warnings(today)
        self.show_quarter(today)
        self.show_meetings(today)
        self.show_charts(today)

    def show_register_warnings(self, today: dt.date) -> None:
        """R11's warnings, each with a link to the person, and one to the register."""
        said = self.folder.promoters.warnings(today)
        self.register_warnings.setVisible(bool(said))
        if not said:
            self.register_warnings.clear()
            return
        self.register_warnings.setStyleSheet(
            theme.warning_style("QLabel#home_register_warnings", "6px 8px")
        )
        lines = "".join(
            f'<p style="margin-top: 2px; margin-bottom: 2px">⚠ {html.escape(w.warning.text)}'
            f' <a href="contact:{w.contact_id}">Open their page</a></p>'
            for w in said
        )
        self.register_warnings.setText(
            f"<p style='margin-bottom: 4px'><b>Promoter register ({said[0].warning.rule})</b>"
            f"&nbsp;&nbsp;<a href='register:'>Open the register</a></p>{lines}"
        )

    # -- to do today ------------------------------------------------------------------------
    def show_due(self, today: dt.date) -> None:
        while self.due_grid.count():
            item = self.due_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()  # (gone from the page now; deleted once events allow)
                item.widget().deleteLater()
        rows, due, overdue = self.folder.follow_ups.first_due(today, DUE_SHOWN)
        self.due_title.setText(
            "To do today" + (f" ({count(overdue, 'overdue', 'overdue')})" if overdue else "")
        )
        if not rows:
            done = QLabel("Nothing is due today. Well done.", self.body)
            done.setObjectName("home_nothing_due")
            self.due_grid.addWidget(done, 0, 0, 1, 4)
            done.show()
        for number, row in enumerate(rows):
            self._due_row(number, row, today)
        hidden = due - len(rows)
        self.due_more.setText(
            f'<a href="#">{count(hidden, "more", "more")} on the Follow-ups tab</a>' if hidden > 0 else ""
        )
        self.due_more.setVisible(hidden > 0)

    def _due_row(self, number: int, row, today: dt.date) -> None:
        when = QLabel(relative_due(row.due, today).capitalize(), self.body)
        tone = "warn" if row.due < today else "open"
        when.setStyleSheet(theme.chip_style(tone))
        when.setAlignment(Qt.AlignmentFlag.AlignCenter)
        about = row.referral or row.contact
        if about and about in row.title:
            about = ""
        if row.place:  # where it happens: a recon meeting at their place of work
            about = " · ".join(w for w in (about, f"At {row.place}") if w)
        target = ("referral", row.referral_id) if row.referral_id else ("contact", row.contact_id)
        title = html.escape(row.title)
        if target[1] is not None:
            title = f'<a href="{target[0]}:{target[1]}">{title}</a>'
        words = f"{title}" + (
            f'<br><span style="color: {theme.colour("placeholder").name()}">'
            f"{html.escape(about)}</span>"
            if about
            else ""
        )
        label = QLabel(words, self.body)
        label.setObjectName(f"home_due_{row.id}")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(LINKS)
        label.linkActivated.connect(self._link)
        done = QPushButton("✓ Done…", self.body)
        done.setObjectName(f"home_done_{row.id}")
        done.setToolTip(f"Mark “{row.title}” done, with a note of how it went")
        done.clicked.connect(lambda _c=False, row=row: self.mark_done(row))
        snooze = QToolButton(self.body)
        snooze.setObjectName(f"home_snooze_{row.id}")
        snooze.setText("Snooze")
        snooze.setToolTip(f"Put “{row.title}” off")
        snooze.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        snooze.setMenu(self.snooze_menu(row, today, snooze))
        for column, widget in enumerate((when, label, done, snooze)):
            self.due_grid.addWidget(widget, number, column, Qt.AlignmentFlag.AlignTop)
            widget.show()  # now, not when the layout's queued show comes round

    def snooze_menu(self, row, today: dt.date, parent) -> QMenu:
        menu = QMenu(parent)
        tomorrow = today + dt.timedelta(days=1)
        menu.addAction(f"&Tomorrow ({format_date(tomorrow)})", lambda: self.move(row, tomorrow))
        week = next_week(today)
        menu.addAction(f"&Next week ({format_date(week)})", lambda: self.move(row, week))
        menu.addAction("&Pick a date…", lambda: self.pick_date(row))
        return menu

    def mark_done(self, row) -> None:
        from networking_folder.ui import follow_up_actions  # (its dialogs: not at start-up)

        follow_up_actions.mark_done(self, self.folder, self.undo_stack, [row.id], f"“{row.title}”")

    def move(self, row, due: dt.date, verb: str = "Snooze") -> None:
        from networking_folder.ui import follow_up_actions

        follow_up_actions.move(self.folder, self.undo_stack, [row.id], due, verb)

    def pick_date(self, row) -> None:
        from networking_folder.ui.dialogs.date_dialog import ask_date

        due = ask_date(self, "Reschedule to", max(row.due, self.today()))
        if due is not None:
            self.move(row, due, "Reschedule")

    def _link(self, target: str) -> None:
        kind, _, number = target.partition(":")
        if kind == "register":
            self.showRegister.emit()
            return
        if kind in ("contact", "referral", "follow_up") and number.isdigit():
            self.openEntry.emit(kind, int(number))

    # -- next meetings ------------------------------------------------------------------------
    def show_meetings(self, today: dt.date) -> None:
        meetings = self.folder.home.meetings(today)
        ask = self.folder.home.ask()
        quiet = theme.colour("placeholder").name()
        parts = []
        if not meetings:
            parts.append(
                "No group has a meeting day yet. File → Networking groups… sets when they meet."
            )
        for meeting in meetings:
            when = format_date(meeting.day)
            if meeting.day == today:
                when = f"today, {when}"
            if meeting.time is not None:
                when += f", {format_time(meeting.time)}"
            text = f"<b>{html.escape(meeting.group)}</b> — {html.escape(when)}"
            if meeting.skipped_holiday:
                text += (
                    f'<br><span style="color: {quiet}">Not on {format_date(meeting.skipped_on)}: '
                    f"{html.escape(meeting.skipped_holiday)}.</span>"
                )
            if meeting.location:
                text += f"<br>{html.escape(meeting.location)}"
            if meeting.thank_yous:
                items = []
                for t in meeting.thank_yous:
                    worth = f" — {whole_money(t.value_cents)}" if t.value_cents else ""
                    how = "in front of the group" if t.public else "privately"
                    name = html.escape(t.name or t.title)
                    if t.contact_id is not None:
                        name = f'<a href="contact:{t.contact_id}">{name}</a>'
                    items.append(f"<li>{name}{worth} ({how})</li>")
                text += (
                    '<br>Thank-yous to give:<ul style="margin-top: 0; margin-left: -20px">'
                    + "".join(items)
                    + "</ul>"
                )
            else:
                text += f'<br><span style="color: {quiet}">No thank-yous owed.</span>'
            parts.append(text)
        ask_text = (
            f"Your ask: “{html.escape(ask)}”"
            if ask
            else f'<span style="color: {quiet}">You have not written an ask yet.</span>'
        )
        parts.append(ask_text)
        self.meetings.setText("<p>" + "</p><p>".join(parts) + "</p>")

    def edit_ask(self) -> None:
        ask, ok = QInputDialog.getText(
            self, "Your ask", "What do you ask your groups for this week?\n"
            "(“An introduction to a family business owner planning to retire”)",
            QLineEdit.EchoMode.Normal, self.folder.home.ask(),
        )  # fmt: skip
        if ok:
            from networking_folder.domain.validation import ValidationError, clean_text

            try:
                cleaned = clean_text("ask", ask, "Your ask", one_line=True)
            except ValidationError as exc:
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(self, "Your ask", exc.message)
                return
            self.folder.settings.set("sheet.ask", cleaned)
            self.invalidate()

    # -- this quarter --------------------------------------------------------------------------
    def show_quarter(self, today: dt.date) -> None:
        from networking_folder.services.scorecards import Quarter

        quarter = Quarter.of(today)
        self.quarter_title.setText(f"This quarter ({quarter.label}) at a glance")
        totals = self.folder.home.quarter(quarter)
        f = self.figures
        f["given"].set(str(totals.given))
        f["received"].set(str(totals.received))
        f["closed_received"].set(whole_money(totals.closed_value_received_cents))
        f["closed_given"].set(whole_money(totals.closed_value_given_cents))
        f["one_to_ones"].set(str(totals.one_to_ones))
        if totals.conversion is None:
            f["conversion"].set("–", "none received yet")
        else:
            f["conversion"].set(
                f"{totals.conversion:.0%}", f"{totals.received_closed} of {totals.received}"
            )

    # -- charts --------------------------------------------------------------------------------
    def show_charts(self, today: dt.date) -> None:
        from networking_folder.services.scorecards import Quarter

        if self._charts is None:
            from networking_folder.ui.widgets.charts import BalanceChart, MonthsChart

            self._charts = (MonthsChart(self.body), BalanceChart(self.body))
            self.chart_row.removeWidget(self.charts_waiting)
            self.charts_waiting.deleteLater()
            self.chart_row.addWidget(self._charts[0], 3)
            self.chart_row.addWidget(self._charts[1], 2)
        months, balance = self._charts
        months.show_months(self.folder.home.months(today))
        balance.show_balance(self.folder.home.balance(Quarter.of(today)))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._charts is not None:
            self.mark_stale()  # the charts' colours are the palette's

    # -- what the window asks of every tab ---------------------------------------------------------
    def rows_shown(self) -> int:
        """How many follow-ups are listed as due."""
        buttons = self.body.findChildren(QPushButton)
        return sum(1 for b in buttons if b.objectName().startswith("home_done_") and not b.isHidden())

    def count_text(self) -> str:
        return ""

    def selected_ids(self) -> list[int]:
        return []

    def detach(self) -> None:
        self.folder.unsubscribe(self._on_change)
