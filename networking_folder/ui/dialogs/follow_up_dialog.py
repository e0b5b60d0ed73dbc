"""Add or edit a follow-up of the user's own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from networking_folder.domain.model import FollowUp
from networking_folder.domain.rules import plain_reason
from networking_folder.domain.validation import MAX_DATE, MIN_DATE
from networking_folder.services.contacts import ContactChoice
from networking_folder.ui.formatting import from_qdate, readable_date_edit, to_qdate
from networking_folder.ui.widgets.contact_picker import ContactPicker
from networking_folder.ui.widgets.form import FieldErrors, save_cancel_buttons, try_save


class FollowUpDialog(QDialog):
    def __init__(
        self,
        follow_up: FollowUp,
        contacts: list[ContactChoice],
        save: Callable[[FollowUp, str], None],
        referral_label: str = "",
        parent=None,
    ) -> None:
        super().__init__(parent)
        self._follow_up = follow_up
        self._save = save
        self.setWindowTitle("Edit follow-up" if follow_up.id else "New follow-up")
        self.setMinimumWidth(460)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.title = QLineEdit(follow_up.title)
        self.title.setPlaceholderText("e.g. Call to set up a one-to-one")
        self.errors.add_row(form, "&What:", self.title, "title")
        self.due = QDateEdit(to_qdate(follow_up.due))
        readable_date_edit(self.due)
        self.due.setCalendarPopup(True)
        self.due.setDateRange(to_qdate(MIN_DATE), to_qdate(MAX_DATE))
        self.errors.add_row(form, "&Due:", self.due, "due")
        self.contact = ContactPicker(contacts, "Who is it about? (optional)")
        self.contact.set_contact(follow_up.contact_id)
        self.errors.add_row(form, "Wh&o:", self.contact, "contact")
        self.place = QLineEdit(follow_up.place)
        self.place.setPlaceholderText("Where it happens (optional)")
        self.errors.add_row(form, "W&here:", self.place, "place")
        if referral_label:
            form.addRow("Referral:", QLabel(referral_label))
        if follow_up.rule:
            why = QLabel(f"{plain_reason(follow_up.rule).capitalize()}. {follow_up.reason}")
            why.setWordWrap(True)
            form.addRow("Made by:", why)
        self.reason = QPlainTextEdit(follow_up.reason if not follow_up.rule else "")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        self.reason.setPlaceholderText("Why, or what to say (optional)")
        if not follow_up.rule:
            self.errors.add_row(form, "&Notes:", self.reason, "reason")
        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.title.setFocus()

    def follow_up(self) -> FollowUp:
        f = self._follow_up
        return FollowUp(
            id=f.id,
            title=self.title.text(),
            due=from_qdate(self.due.date()),
            contact_id=self.contact.contact_id(),
            referral_id=f.referral_id,
            kind=f.kind,
            state=f.state,
            rule=f.rule,
            reason=f.reason if f.rule else self.reason.toPlainText().strip(),
            outcome=f.outcome,
            completed_at=f.completed_at,
            place=self.place.text().strip(),
        )

    def accept(self) -> None:
        if try_save(
            self, self.errors, lambda: self._save(self.follow_up(), self.contact.new_name())
        ):
            super().accept()


def new_follow_up(today: dt.date | None = None) -> FollowUp:
    return FollowUp(title="", due=(today or dt.date.today()) + dt.timedelta(days=1))
