"""The Referrals Given and Referrals Received tabs."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from networking_folder.domain.model import Direction, Referral, ReferralRow, format_money
from networking_folder.services import Change, Folder
from networking_folder.ui.commands import DoneCommand
from networking_folder.ui.formatting import format_date
from networking_folder.ui.models.row_table_model import Column
from networking_folder.ui.tabs.record_tab import RecordTab

if TYPE_CHECKING:
    from networking_folder.ui.dialogs.referral_dialog import ReferralForm


class ReferralsTab(RecordTab):
    noun = "referral"
    plural = "referrals"
    changes = frozenset({Change.REFERRALS, Change.CONTACTS, Change.GROUPS})
    default_sort = (0, Qt.SortOrder.DescendingOrder)

    def __init__(
        self, folder: Folder, direction: Direction, undo_stack, actions, parent=None
    ) -> None:
        self.direction = direction
        self.settings_key = f"referrals_{direction.value}"
        super().__init__(folder, undo_stack, actions, parent)
        self.search.setPlaceholderText(f"Find referrals {direction.value} (Ctrl+F)")

    def columns(self) -> list[Column]:
        partner = "Given to" if self.direction is Direction.GIVEN else "From"
        return [
            Column(
                "Date",
                lambda r: format_date(r.date),
                sort_key=lambda r: r.date,
                searchable=False,
                width=95,
            ),
            Column(partner, lambda r: r.partner, width=170),
            Column("Prospect", lambda r: r.prospect, width=170),
            Column("Need", lambda r: r.need, width=260),
            Column("Kind", lambda r: "Lead" if r.is_lead else "Referral", width=70),
            Column(
                "Warmth",
                lambda r: str(r.warmth),
                sort_key=lambda r: r.warmth,
                align_right=True,
                width=65,
            ),
            Column("Status", lambda r: r.status.label, width=170),
            Column(
                "Value",
                lambda r: format_money(r.value_cents),
                sort_key=lambda r: r.value_cents,
                align_right=True,
                width=90,
            ),
            Column("Group", lambda r: r.group, width=150),
        ]

    def load_rows(self) -> list[ReferralRow]:
        return self.folder.referrals.rows(self.direction)

    def _open_dialog(self, referral: Referral, save) -> bool:
        from networking_folder.ui.dialogs.referral_dialog import ReferralDialog

        history = self.folder.referrals.history(referral.id) if referral.id else None
        dialog = ReferralDialog(
            referral, self.folder.contacts.choices(), self.folder.groups.all(), save, history, self
        )
        return bool(dialog.exec())

    def new_record(self) -> None:
        created: list[int] = []

        def save(form: ReferralForm) -> None:
            created.append(
                self.folder.referrals.create(form.referral, form.new_partner, form.new_prospect)
            )

        blank = Referral(
            direction=self.direction, partner_id=0, prospect_id=0, date=dt.date.today()
        )
        if self._open_dialog(blank, save):
            self.push_created(
                f"Add referral {self.direction.value}", created[0], self.folder.referrals.delete
            )
            self.reload()
            self.select_id(created[0])

    def edit_record(self, row_id: int) -> None:
        before = self.folder.referrals.get(row_id)
        saved: list[Referral] = []
        change: dict[str, int | None] = {}

        def save(form: ReferralForm) -> None:
            change["id"] = self.folder.referrals.update(
                form.referral, new_partner=form.new_partner, new_prospect=form.new_prospect
            )
            saved.append(form.referral)

        def undo() -> None:
            # Undoing a status change withdraws the follow-ups it made (rules R2, R4, R5).
            self.folder.referrals.update(before, undo_of=change["id"])

        def redo() -> None:
            change["id"] = self.folder.referrals.update(saved[0])

        if self._open_dialog(self.folder.referrals.get(row_id), save):
            self.undo_stack.push(DoneCommand("Edit referral", undo=undo, redo=redo))

    def delete_records(self, ids: list[int]) -> None:
        rows = self.folder.referrals.rows(ids=ids)
        what = (
            f"the referral of “{rows[0].prospect}”" if len(rows) == 1 else f"{len(rows)} referrals"
        )
        if self.confirm_delete(what, "Their follow-ups and notes go with them."):
            self.delete_undoably(f"Delete {what}", ids, self.folder.referrals.delete)
