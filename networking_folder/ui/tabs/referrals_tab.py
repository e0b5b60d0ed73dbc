"""The Referrals Given and Referrals Received tabs."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from networking_folder.domain.model import (
    STATUSES_BY_DIRECTION,
    Direction,
    Referral,
    ReferralRow,
    Status,
    format_money,
)
from networking_folder.domain.validation import ValidationError
from networking_folder.services import Change, Folder
from networking_folder.ui.commands import DoneCommand
from networking_folder.ui.formatting import format_date, stars
from networking_folder.ui.models.row_table_model import Column
from networking_folder.ui.tabs.record_tab import RecordTab
from networking_folder.ui.theme import ChipDelegate
from networking_folder.ui.widgets.referral_page import ASKS, ReferralPage, next_step, status_tone

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
        # v3: beside the referral's page, the group on the page
        self.settings_key = f"referrals_{direction.value}_v3"
        super().__init__(folder, undo_stack, actions, parent)
        # Master–detail: the list on the left, the current referral's page on the right.
        self.page = ReferralPage(folder)
        self.page.edit.connect(self.edit_record)
        self.page.moveTo.connect(self._move_from_page)
        self.add_side_page(self.page, f"referrals_{direction.value}_splitter", (900, 420))
        self.search.setPlaceholderText(f"Find referrals {direction.value} (Ctrl+F)")
        # Where each referral stands, as a chip: the word stays, the tone helps the eye.
        status = [c.title for c in self.model.columns].index("Status")
        self.view.setItemDelegateForColumn(status, ChipDelegate(status_tone, self.view))

    def columns(self) -> list[Column]:
        partner = "Given to" if self.direction is Direction.GIVEN else "From"
        # Who, for whom, what they need and where it stands on screen, beside the referral's
        # page (which shows the rest); Kind, Warmth, Value and Group one right-click away.
        return [
            Column(
                "Date",
                lambda r: format_date(r.date),
                sort_key=lambda r: r.date,
                searchable=False,
                width=125,
            ),
            Column(partner, lambda r: r.partner, width=150),
            Column("Prospect", lambda r: r.prospect, width=150),
            Column("Need", lambda r: r.need, width=250),
            Column("Kind", lambda r: "Lead" if r.is_lead else "Referral", width=80, shown=False),
            Column(
                "Warmth",
                lambda r: stars(r.warmth) if r.warmth else "",
                sort_key=lambda r: r.warmth,
                tooltip=lambda r: f"Warmth {r.warmth} of 5" if r.warmth else "",
                width=95,
                shown=False,
            ),
            Column("Status", lambda r: r.status.label, width=190),
            Column(
                "Value",
                lambda r: format_money(r.value_cents),
                sort_key=lambda r: r.value_cents,
                align_right=True,
                width=100,
                shown=False,
            ),
            Column("Group", lambda r: r.group, width=160, shown=False),
        ]

    def empty_text(self) -> tuple[str, str]:
        if self.direction is Direction.GIVEN:
            return (
                "Introductions you make to your partners go here, with the check-ins that follow.",
                "Log a referral you gave",
            )
        return (
            "Introductions your partners make to you go here, with your first call and "
            "thank-yous.",
            "Log a referral you received",
        )

    def load_rows(self) -> list[ReferralRow]:
        return self.folder.referrals.rows(self.direction)

    def first_screen(self, limit: int) -> tuple[list[ReferralRow], int] | None:
        column, order = self.model.sorted_by()
        if column != 0:  # (by date, the list's usual order, SQL can sort as the list does)
            return None
        descending = order == Qt.SortOrder.DescendingOrder
        return self.folder.referrals.first_by_date(self.direction, limit, descending)

    def rows_touched(self, touched) -> tuple[set[int], list[ReferralRow]] | None:
        # The referrals changed, and those naming a contact or group that changed (their
        # names are in the rows); a referral purged: every row.
        ids = self.folder.referrals.ids_touched(touched)
        if ids is None or len(ids) > self.PARTIAL_LIMIT:
            return None
        return ids, self.folder.referrals.rows(self.direction, ids=ids) if ids else []

    def _open_dialog(self, referral: Referral, save) -> bool:
        from networking_folder.ui.dialogs.referral_dialog import ReferralDialog

        history = self.folder.referrals.history(referral.id) if referral.id else None
        dialog = ReferralDialog(
            referral, self.folder.contacts.choices(), self.folder.groups.all(), save, history, self
        )
        return bool(dialog.exec())

    def new_record(self, partner_id: int = 0) -> None:
        """A new referral; ``partner_id`` fills in the partner (from a contact's page)."""
        created: list[int] = []

        def save(form: ReferralForm) -> None:
            created.append(
                self.folder.referrals.create(form.referral, form.new_partner, form.new_prospect)
            )

        blank = Referral(
            direction=self.direction, partner_id=partner_id, prospect_id=0, date=dt.date.today()
        )
        if self._open_dialog(blank, save):
            self.push_created(
                f"Add referral {self.direction.value}", created[0], self.folder.referrals.delete
            )
            self.catch_up()  # (now: the new row is there to select)
            self.select_id(created[0])

    def edit_record(self, row_id: int) -> None:
        before = self.folder.referrals.get(row_id)
        saved: list[ReferralForm] = []
        change: dict[str, int | None] = {}

        def save(form: ReferralForm) -> None:
            change["id"] = self.folder.referrals.update(
                form.referral,
                note=form.status_note,
                new_partner=form.new_partner,
                new_prospect=form.new_prospect,
                on=form.status_on,
            )
            saved.append(form)

        if self._open_dialog(self.folder.referrals.get(row_id), save):
            form = saved[0]
            self._push_status_edit(
                "Edit referral", before, form.referral, form.status_note, change, form.status_on
            )

    def _push_status_edit(self, text, before, after, note, change, on=None) -> None:
        """Undo puts the referral back and withdraws what its status change made (R2, R4, R5)."""

        def undo() -> None:
            self.folder.referrals.update(before, undo_of=change["id"])

        def redo() -> None:
            change["id"] = self.folder.referrals.update(after, note=note, on=on)

        self.undo_stack.push(DoneCommand(text, undo=undo, redo=redo))

    # -- moving a referral along -----------------------------------------------------------
    def context_menu(self) -> QMenu:
        menu = super().context_menu()
        row = self.model.row(self.view.currentIndex())
        if row is None:
            return menu
        move = QMenu("&Move to", menu)
        for status in STATUSES_BY_DIRECTION[self.direction]:
            action = move.addAction(status.label + ("…" if status in ASKS else ""))
            action.setEnabled(status is not row.status)
            action.triggered.connect(lambda _checked=False, s=status: self.move_current_to(s))
        menu.insertMenu(menu.actions()[0], move)
        menu.insertSeparator(menu.actions()[1])
        return menu

    def _move_from_page(self, referral_id: int, status: Status) -> None:
        """The page's "Move to" button: only while that is still the referral's next step (the
        page may be a moment behind a change made elsewhere)."""
        rows = self.folder.referrals.rows(ids=[referral_id])
        if rows and next_step(self.direction, rows[0].status) is status:
            self.move_to(referral_id, status)

    def move_current_to(self, status: Status) -> None:
        row = self.model.row(self.view.currentIndex())
        if row is not None:
            self.move_to(row.id, status)

    def move_to(self, referral_id: int, status: Status) -> None:
        rows = self.folder.referrals.rows(ids=[referral_id])
        if not rows or rows[0].status is status:
            return
        row = rows[0]
        note, value = "", None
        if status is Status.CLOSED_BUSINESS:
            amount, ok = QInputDialog.getDouble(
                self,
                "Closed business",
                f"What is the business from {row.prospect} worth?",
                0,
                0,
                1e9,
                2,
            )
            if not ok:
                return
            value = round(amount * 100)
        elif status is Status.NOT_A_FIT:
            note, ok = QInputDialog.getText(
                self,
                "Not a fit",
                f"Why was {row.prospect} not a fit? (The referrer needs to hear it.)",
            )
            if not ok:
                return
        before = self.folder.referrals.get(row.id)
        try:
            change = {"id": self.folder.referrals.set_status(row.id, status, note, value)}
        except ValidationError as exc:
            QMessageBox.warning(self, "Not moved", exc.message)
            return
        after = self.folder.referrals.get(row.id)
        self._push_status_edit(f"Move to “{status.label}”", before, after, note, change)

    def delete_records(self, ids: list[int]) -> None:
        rows = self.folder.referrals.rows(ids=ids)
        what = (
            f"the referral of “{rows[0].prospect}”" if len(rows) == 1 else f"{len(rows)} referrals"
        )
        if self.confirm_delete(what, "Their follow-ups and notes go with them."):
            self.delete_undoably(f"Delete {what}", ids, self.folder.referrals.delete)
