"""The Follow-ups tab: what to do, for whom, by when, grouped Overdue / Today / This week / Later / Done."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QInputDialog, QMenu, QToolButton

from networking_folder.domain.calendar import next_week
from networking_folder.domain.model import FollowUp, FollowUpRow, FollowUpState
from networking_folder.services import Change
from networking_folder.ui import follow_up_actions
from networking_folder.ui.commands import DoneCommand
from networking_folder.ui.formatting import due_words, format_date
from networking_folder.ui.models.row_table_model import OVERDUE, TODAY, Column
from networking_folder.ui.tabs.record_tab import RecordTab
from networking_folder.ui.theme import ChipDelegate, tinted_icon
from networking_folder.ui.widgets.referral_page import why_text

GROUPS = ("Overdue", "Today", "This week", "Later", "Done", "Cancelled")
STATE_TONES = {FollowUpState.OPEN.label: "open", FollowUpState.DONE.label: "good"}


def group_of(row: FollowUpRow, today: dt.date) -> str:
    if row.state is FollowUpState.DONE:
        return "Done"
    if row.state is FollowUpState.CANCELLED:
        return "Cancelled"
    if row.due < today:
        return "Overdue"
    if row.due == today:
        return "Today"
    end_of_week = today + dt.timedelta(days=6 - today.weekday())
    return "This week" if row.due <= end_of_week else "Later"


def is_overdue(row: FollowUpRow, today: dt.date) -> bool:
    return group_of(row, today) == "Overdue"


def made_by(row: FollowUpRow) -> str:
    """Who made it, in words: "You", or the rule's plain reason ("Check-in after a referral
    you gave"); the rule's key stays in the data."""
    from networking_folder.domain.rules import plain_reason  # (loaded after the first paint)

    reason = plain_reason(row.rule)
    return reason[:1].upper() + reason[1:] if reason else "You"



def what_and_where(row: FollowUpRow) -> str:
    """The title on hover, and where it happens (a recon meeting: their place of work)."""
    return f"{row.title}\nAt {row.place}" if row.place else row.title

class FollowUpsTab(RecordTab):
    noun = "follow-up"
    plural = "follow-ups"
    # Keys of the list itself (not actions), for Help → Keyboard shortcuts.
    KEYS = (
        ("Mark the selected follow-up done", "Enter", "In the follow-ups list, with a note"),
        ("Snooze the selected follow-up", "S", "In the follow-ups list: a day, a week, a date"),
    )
    settings_key = "follow_ups_v4"  # v3: dates in words need a wider Due; v4: a Where column
    changes = frozenset({Change.FOLLOW_UPS, Change.CONTACTS, Change.REFERRALS})
    overdueChanged = Signal(int)
    openContact = Signal(int)
    openReferral = Signal(int)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # On this tab, Enter completes the follow-up and S snoozes it. An event filter, because
        # the table takes Enter for itself before a shortcut would see it.
        self.view.installEventFilter(self)
        state = next(n for n, c in enumerate(self.model.columns) if c.title == "State")
        self.view.setItemDelegateForColumn(
            state, ChipDelegate(lambda text: STATE_TONES.get(text, "ended"), self.view)
        )

    def eventFilter(self, watched, event) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress and not event.modifiers():
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.actions["mark_done"].trigger()
                return True
            if event.key() == Qt.Key.Key_S:
                self.snooze_menu_at_current()
                return True
        return super().eventFilter(watched, event)

    def today(self) -> dt.date:
        return dt.date.today()

    def columns(self) -> list[Column]:
        def when(row: FollowUpRow) -> str:
            return group_of(row, self.today())

        def due_text(row: FollowUpRow) -> str:
            # "Fri 20 Nov 2026 · 3 days late", "… · today": words, not colour alone.
            if row.state is not FollowUpState.OPEN:
                return format_date(row.due)
            return due_words(row.due, self.today())

        def cue(row: FollowUpRow) -> str | None:
            return {"Overdue": OVERDUE, "Today": TODAY}.get(when(row))

        return [
            Column(
                "When",
                when,
                sort_key=lambda r: (GROUPS.index(when(r)), r.due),
                width=105,
                icon=lambda r: (
                    tinted_icon("overdue", "overdue") if is_overdue(r, self.today()) else None
                ),
                cue=cue,
            ),
            Column("Due", due_text, sort_key=lambda r: r.due, searchable=False, width=215, cue=cue),
            # Where it happens, on hover (and in the Where column, from the header's menu).
            Column("What", lambda r: r.title, width=240, tooltip=what_and_where),
            Column("Who", lambda r: r.contact, width=150),
            Column("Referral", lambda r: r.referral, width=190),
            Column("State", lambda r: r.state.label, width=90),
            # The Why column says it at length; this one is in the header's menu.
            Column("Made by", made_by, width=200, shown=False),
            # Its whole reason on hover: the rule's, in words, and the details it wrote.
            Column("Why", lambda r: r.reason, width=300, tooltip=why_text),
            # Where it happens, when that matters (a recon meeting: their place of work).
            Column("Where", lambda r: r.place, width=170, shown=False),
        ]

    def extend_toolbar(self, layout: QHBoxLayout) -> None:
        self.show_finished = QCheckBox("Show &done and cancelled", self)
        self.show_finished.toggled.connect(lambda _on: self.reload())
        layout.insertWidget(1, self.show_finished)

    def button_actions(self) -> list[str]:
        return ["mark_done", "snooze"]

    def context_actions(self) -> list[str | None]:
        return [
            "mark_done",
            "snooze",
            "reschedule",
            "cancel_follow_up",
            None,
            "open_contact",
            "open_referral",
            None,
            "new",
            "edit",
            None,
            "delete",
        ]

    def empty_text(self) -> tuple[str, str]:
        return (
            "What to do and when: follow-ups appear here by themselves as you log referrals, "
            "and you can add your own.",
            "Add a follow-up",
        )

    def load_rows(self) -> list[FollowUpRow]:
        rows = self.folder.follow_ups.rows()
        today = self.today()
        self.overdueChanged.emit(sum(1 for r in rows if is_overdue(r, today)))
        if not self.show_finished.isChecked():
            rows = [row for row in rows if row.state is FollowUpState.OPEN]
        return rows

    def first_screen(self, limit: int) -> tuple[list[FollowUpRow], int] | None:
        column, order = self.model.sorted_by()
        # Open follow-ups alone: When (Overdue, Today, This week, Later) and Due then both
        # sort by the due day, which SQL can sort as the list does.
        if column not in (0, 1) or self.show_finished.isChecked():
            return None
        descending = order == Qt.SortOrder.DescendingOrder
        first = self.folder.follow_ups.first_open_by_due(limit, descending)
        # The tab's title says how many are overdue from the first paint, as load_rows does.
        _rows, _due, overdue = self.folder.follow_ups.first_due(self.today(), 0)
        self.overdueChanged.emit(overdue)
        return first

    def rows_touched(self, touched) -> tuple[set[int], list[FollowUpRow]] | None:
        # The follow-ups changed, and those naming a contact or referral that changed; a
        # finished one leaves the list unless finished ones are shown. The overdue count
        # beside the tab's title is the window's to keep (it counts after every change).
        ids = self.folder.follow_ups.ids_touched(touched)
        if ids is None or len(ids) > self.PARTIAL_LIMIT:
            return None
        rows = self.folder.follow_ups.rows(ids) if ids else []
        if not self.show_finished.isChecked():
            rows = [row for row in rows if row.state is FollowUpState.OPEN]
        return ids, rows

    def selected_rows(self) -> list[FollowUpRow]:
        wanted = set(self.selected_ids())
        return [
            self.model.row_at(p)
            for p in range(self.model.rowCount())
            if self.model.row_at(p).id in wanted
        ]

    def selected_open_ids(self) -> list[int]:
        return [r.id for r in self.selected_rows() if r.state is FollowUpState.OPEN]

    # -- dialogs -----------------------------------------------------------------------
    def _open_dialog(self, follow_up: FollowUp, save, referral_label: str = "") -> bool:
        from networking_folder.ui.dialogs.follow_up_dialog import FollowUpDialog

        dialog = FollowUpDialog(
            follow_up, self.folder.contacts.choices(), save, referral_label, self
        )
        return bool(dialog.exec())

    def new_record(self) -> None:
        from networking_folder.ui.dialogs.follow_up_dialog import new_follow_up

        created: list[int] = []

        def save(follow_up: FollowUp, new_contact: str) -> None:
            created.append(self.folder.follow_ups.create(follow_up, new_contact))

        if self._open_dialog(new_follow_up(), save):
            self.push_created("Add follow-up", created[0], self.folder.follow_ups.delete)
            self.reload()
            self.select_id(created[0])

    def edit_record(self, row_id: int) -> None:
        before = self.folder.follow_ups.get(row_id)
        saved: list[FollowUp] = []
        label = next((r.referral for r in self.folder.follow_ups.rows([row_id])), "")

        def save(follow_up: FollowUp, new_contact: str) -> None:
            self.folder.follow_ups.update(follow_up, new_contact)
            saved.append(follow_up)

        if self._open_dialog(self.folder.follow_ups.get(row_id), save, label):
            self.push_edited("Edit follow-up", before, saved[0], self.folder.follow_ups.update)

    def delete_records(self, ids: list[int]) -> None:
        what = "this follow-up" if len(ids) == 1 else f"{len(ids)} follow-ups"
        if self.confirm_delete(what):
            self.delete_undoably(f"Delete {what}", ids, self.folder.follow_ups.delete)

    # -- acting on follow-ups ------------------------------------------------------------
    def mark_done_selected(self) -> None:
        rows = [r for r in self.selected_rows() if r.state is FollowUpState.OPEN]
        if not rows:
            return
        what = f"“{rows[0].title}”" if len(rows) == 1 else f"{len(rows)} follow-ups"
        ids = [r.id for r in rows]
        follow_up_actions.mark_done(self, self.folder, self.undo_stack, ids, what)

    def move_selected(self, due: dt.date, verb: str = "Snooze") -> None:
        ids = self.selected_open_ids()
        if ids:
            follow_up_actions.move(self.folder, self.undo_stack, ids, due, verb)

    def ask_date(self, title: str) -> dt.date | None:
        from networking_folder.ui.dialogs.date_dialog import ask_date

        rows = self.selected_rows()
        start = rows[0].due if rows else self.today()
        return ask_date(self, title, max(start, self.today()))

    def reschedule_selected(self) -> None:
        due = self.ask_date("Reschedule to")
        if due is not None:
            self.move_selected(due, "Reschedule")

    def snooze_menu(self) -> QMenu:
        """Later than it is now due: "Tomorrow" only for what is due today or late; for what
        is already due tomorrow or after, a day or a week after that."""
        menu = QMenu(self)
        today = self.today()
        rows = self.selected_rows()
        base = max([today, *(r.due for r in rows)])
        day = base + dt.timedelta(days=1)
        menu.addAction(
            f"&{'Tomorrow' if base == today else 'A day later'} ({format_date(day)})",
            lambda: self.move_selected(day),
        )
        week = next_week(base)
        menu.addAction(
            f"&{'Next week' if base == today else 'A week later'} ({format_date(week)})",
            lambda: self.move_selected(week),
        )
        menu.addAction("&Pick a date…", self.reschedule_selected)
        return menu

    def snooze_menu_at_current(self) -> None:
        """Under the Snooze button when it was clicked; at the row when S was pressed."""
        if not self.selected_open_ids():
            return
        for button in self.findChildren(QToolButton):
            if button.defaultAction() is self.actions.get("snooze") and button.underMouse():
                self.show_menu(self.snooze_menu(), button.mapToGlobal(button.rect().bottomLeft()))
                return
        rect = self.view.visualRect(self.view.currentIndex())
        self.show_menu(self.snooze_menu(), self.view.viewport().mapToGlobal(rect.bottomLeft()))

    def show_menu(self, menu: QMenu, position) -> None:
        """Run a popup menu (one place, so tests can stand in for the user's choice)."""
        menu.exec(position)

    def cancel_selected(self) -> None:
        ids = self.selected_open_ids()
        if not ids:
            return
        reason, ok = QInputDialog.getText(
            self, "Cancel follow-up", "Why will you not do it? (optional)"
        )
        if not ok:
            return
        self.folder.follow_ups.cancel(ids, reason)
        self.undo_stack.push(
            DoneCommand(
                "Cancel follow-up",
                undo=lambda: self.folder.follow_ups.reopen(ids),
                redo=lambda: self.folder.follow_ups.cancel(ids, reason),
            )
        )

    def open_contact_of_current(self) -> None:
        row = self.model.row(self.view.currentIndex())
        if row is not None and row.contact_id:
            self.openContact.emit(row.contact_id)

    def open_referral_of_current(self) -> None:
        row = self.model.row(self.view.currentIndex())
        if row is not None and row.referral_id:
            self.openReferral.emit(row.referral_id)
