"""The Follow-ups tab: what to do, for whom, by when."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QHBoxLayout

from networking_folder.domain.model import FollowUp, FollowUpRow, FollowUpState
from networking_folder.services import Change
from networking_folder.ui.commands import DoneCommand
from networking_folder.ui.formatting import format_date
from networking_folder.ui.icons import icon
from networking_folder.ui.models.row_table_model import Column
from networking_folder.ui.tabs.record_tab import RecordTab


def is_overdue(row: FollowUpRow, today: dt.date) -> bool:
    return row.state is FollowUpState.OPEN and row.due < today


class FollowUpsTab(RecordTab):
    noun = "follow-up"
    plural = "follow-ups"
    settings_key = "follow_ups"
    changes = frozenset({Change.FOLLOW_UPS, Change.CONTACTS, Change.REFERRALS})

    def columns(self) -> list[Column]:
        def due_text(row: FollowUpRow) -> str:
            text = format_date(row.due)
            return f"{text} · Overdue" if is_overdue(row, dt.date.today()) else text

        return [
            Column(
                "Due",
                due_text,
                sort_key=lambda r: r.due,
                searchable=False,
                width=150,
                icon=lambda r: icon("overdue") if is_overdue(r, dt.date.today()) else None,
            ),
            Column("What", lambda r: r.title, width=260),
            Column("Who", lambda r: r.contact, width=170),
            Column("Referral", lambda r: r.referral, width=240),
            Column("State", lambda r: r.state.label, width=80),
            Column("Made by", lambda r: f"Rule {r.rule}" if r.rule else "You", width=80),
            Column("Why", lambda r: r.reason, width=260),
        ]

    def extend_toolbar(self, layout: QHBoxLayout) -> None:
        self.show_finished = QCheckBox("Show &done and cancelled", self)
        self.show_finished.toggled.connect(lambda _on: self.reload())
        layout.insertWidget(1, self.show_finished)

    def button_actions(self) -> list[str]:
        return ["mark_done"]

    def context_actions(self) -> list[str | None]:
        return ["mark_done", None, "new", "edit", None, "delete"]

    def load_rows(self) -> list[FollowUpRow]:
        rows = self.folder.follow_ups.rows()
        if not self.show_finished.isChecked():
            rows = [row for row in rows if row.state is FollowUpState.OPEN]
        return rows

    def _open_dialog(self, follow_up: FollowUp, save, referral_label: str = "") -> bool:
        from networking_folder.ui.dialogs.follow_up_dialog import FollowUpDialog

        dialog = FollowUpDialog(
            follow_up, self.folder.contacts.choices(), save, referral_label, self
        )
        return bool(dialog.exec())

    def new_record(self) -> None:
        created: list[int] = []

        def save(follow_up: FollowUp, new_contact: str) -> None:
            created.append(self.folder.follow_ups.create(follow_up, new_contact))

        from networking_folder.ui.dialogs.follow_up_dialog import new_follow_up

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

    def mark_done_selected(self) -> None:
        rows = [
            r
            for r in self.folder.follow_ups.rows(self.selected_ids())
            if r.state is FollowUpState.OPEN
        ]
        if not rows:
            return
        ids = [r.id for r in rows]
        self.folder.follow_ups.complete(ids)
        text = (
            f"Mark “{rows[0].title}” done"
            if len(rows) == 1
            else f"Mark {len(rows)} follow-ups done"
        )
        self.undo_stack.push(
            DoneCommand(
                text,
                undo=lambda: self.folder.follow_ups.reopen(ids),
                redo=lambda: self.folder.follow_ups.complete(ids),
            )
        )
