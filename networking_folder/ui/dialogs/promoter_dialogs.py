"""The promoter register's forms: something given to a person who refers prospects to you
(with the disclosure of the referral it was for), and their facts (client or not, agreement).

Each save is one step to undo: ``step`` holds it after the dialog is accepted.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.model import format_money
from networking_folder.domain.promoters import Compensation
from networking_folder.domain.validation import MAX_DATE, MIN_DATE, parse_amount
from networking_folder.services import Folder
from networking_folder.services.promoters import PromoterFacts
from networking_folder.services.steps import RecordedStep
from networking_folder.ui.formatting import format_date, from_qdate, readable_date_edit, to_qdate
from networking_folder.ui.widgets.form import FieldErrors, save_cancel_buttons, try_save

NOT_ADVICE = "The register records facts and warns; it is not legal advice."


def _date_edit(day: dt.date | None, name: str) -> QDateEdit:
    edit = QDateEdit(to_qdate(day) if day else QDate.currentDate())
    edit.setCalendarPopup(True)
    readable_date_edit(edit)
    edit.setDateRange(to_qdate(MIN_DATE), to_qdate(MAX_DATE))
    edit.setAccessibleName(name)
    return edit


class CompensationDialog(QDialog):
    """Record (or change) something given to a promoter: a fee, a gift, a meal, tickets."""

    def __init__(
        self, folder: Folder, promoter_id: int, item: Compensation | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self.promoter_id = promoter_id
        self.item = item
        self.step: RecordedStep | None = None
        entry = folder.promoters.entry(promoter_id)
        name = folder.contacts.get(promoter_id).name
        self.referrals = entry.referrals if entry else []
        self.setWindowTitle(f"Given to {name}" if item else f"Record something given to {name}")
        self.setMinimumWidth(520)
        self.errors = FieldErrors()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        self.given_on = _date_edit(item.given_on if item else None, "Given on")
        self.errors.add_row(form, "Given &on:", self.given_on, "given_on")
        self.description = QLineEdit(item.description if item else "")
        self.description.setPlaceholderText("Referral fee; dinner at Nino's; two concert tickets")
        self.errors.add_row(form, "&What:", self.description, "description")
        self.value = QLineEdit(
            "" if item is None or item.value_cents is None else format_money(item.value_cents)
        )
        self.value.setPlaceholderText("What it was worth, e.g. 120 or 1,250.50")
        self.errors.add_row(form, "&Value:", self.value, "value")
        self.kind = QComboBox()
        self.kind.addItem("Not cash: a gift, a meal, tickets", False)
        self.kind.addItem("Cash: a referral fee", True)
        self.kind.setCurrentIndex(1 if item and item.cash else 0)
        self.errors.add_row(form, "&Kind:", self.kind, "cash")
        self.referral = QComboBox()
        self.referral.addItem("No referral in particular", None)
        for r in reversed(self.referrals):  # the latest first
            self.referral.addItem(f"{format_date(r.date)} · {r.prospect}", r.referral_id)
        if item and item.referral_id is not None:
            self.referral.setCurrentIndex(max(0, self.referral.findData(item.referral_id)))
        elif self.referrals and item is None:
            self.referral.setCurrentIndex(1)  # usually for their latest referral
        self.errors.add_row(form, "&For the referral:", self.referral, "referral")

        # The referral's disclosure, recorded here too when it was not yet.
        disclosure = QWidget()
        row = QHBoxLayout(disclosure)
        row.setContentsMargins(0, 0, 0, 0)
        self.disclosed = QCheckBox("Disclosure given on")
        self.disclosed_on = _date_edit(None, "Day the disclosure was given")
        row.addWidget(self.disclosed)
        row.addWidget(self.disclosed_on, 1)
        self.errors.add_row(form, "", disclosure, "disclosed_on")
        self.disclosed_how = QLineEdit()
        self.disclosed_how.setPlaceholderText("In writing at the first meeting; by email…")
        self.errors.add_row(form, "&How:", self.disclosed_how, "disclosed_how")
        self.disclosure_said = QLabel()
        self.disclosure_said.setWordWrap(True)
        form.addRow("", self.disclosure_said)
        self.disclosed.toggled.connect(self._enable_disclosure)
        self.referral.currentIndexChanged.connect(self._show_disclosure)
        self._show_disclosure()

        note = QLabel(NOT_ADVICE)
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(save_cancel_buttons(self))

    def _chosen(self):
        return next(
            (r for r in self.referrals if r.referral_id == self.referral.currentData()), None
        )

    def _show_disclosure(self) -> None:
        chosen = self._chosen()
        self.disclosed.blockSignals(True)
        if chosen is None:
            self.disclosed.setChecked(False)
            self.disclosure_said.setText("")
        else:
            self.disclosed.setChecked(chosen.disclosed)
            if chosen.disclosed_on:
                self.disclosed_on.setDate(to_qdate(chosen.disclosed_on))
            self.disclosed_how.setText(chosen.how)
            self.disclosure_said.setText(
                "" if chosen.disclosed else "⚠ No disclosure is recorded for this referral yet."
            )
        self.disclosed.blockSignals(False)
        self.disclosed.setEnabled(chosen is not None)
        self._enable_disclosure()

    def _enable_disclosure(self) -> None:
        on = self.disclosed.isChecked() and self._chosen() is not None
        self.disclosed_on.setEnabled(on)
        self.disclosed_how.setEnabled(on)

    def form(self) -> Compensation:
        return Compensation(
            given_on=from_qdate(self.given_on.date()),
            value_cents=parse_amount("value", self.value.text(), "Its value"),
            description=self.description.text().strip(),
            cash=bool(self.kind.currentData()),
            referral_id=self.referral.currentData(),
            id=self.item.id if self.item else None,
            promoter_id=self.promoter_id,
        )

    def _save(self) -> None:
        item = self.form()
        chosen = self._chosen()
        register = self.folder.promoters
        with self.folder.recording() as recorded, self.folder.transaction():
            if item.id is None:
                register.add(item)
            else:
                register.update(item)
            if chosen is not None:
                on = from_qdate(self.disclosed_on.date()) if self.disclosed.isChecked() else None
                how = self.disclosed_how.text() if on else ""
                if (on, how.strip()) != (chosen.disclosed_on, chosen.how):
                    register.disclose(chosen.referral_id, on, how)
        self.step = RecordedStep(self.folder, recorded)

    def accept(self) -> None:
        if try_save(self, self.errors, self._save):
            super().accept()


class PromoterFactsDialog(QDialog):
    """Whether the person is your client, and the written agreement on file."""

    def __init__(self, folder: Folder, contact_id: int, parent=None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.contact_id = contact_id
        self.step: RecordedStep | None = None
        facts = folder.promoters.facts(contact_id)
        name = folder.contacts.get(contact_id).name
        self.setWindowTitle(f"{name}: client and agreement")
        self.setMinimumWidth(480)
        self.errors = FieldErrors()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.is_client = QComboBox()
        for text, value in (("Not recorded", None), ("Yes", True), ("No", False)):
            self.is_client.addItem(text, value)
        self.is_client.setCurrentIndex({None: 0, True: 1, False: 2}[facts.is_client])
        self.errors.add_row(form, f"Is {name} your &client?", self.is_client, "is_client")
        agreement = QWidget()
        row = QHBoxLayout(agreement)
        row.setContentsMargins(0, 0, 0, 0)
        self.on_file = QCheckBox("On file, signed on")
        self.on_file.setChecked(facts.agreement_on is not None)
        self.agreement_on = _date_edit(facts.agreement_on, "Day the agreement was signed")
        row.addWidget(self.on_file)
        row.addWidget(self.agreement_on, 1)
        self.errors.add_row(form, "Written &agreement:", agreement, "agreement_on")
        self.kept_at = QLineEdit(facts.agreement_kept_at)
        self.kept_at.setPlaceholderText("Signed copy in the compliance binder; scanned to…")
        self.errors.add_row(form, "&Kept at:", self.kept_at, "agreement_kept_at")
        self.on_file.toggled.connect(self.agreement_on.setEnabled)
        self.on_file.toggled.connect(self.kept_at.setEnabled)
        self.agreement_on.setEnabled(self.on_file.isChecked())
        self.kept_at.setEnabled(self.on_file.isChecked())
        threshold = folder.promoters.threshold_cents()
        note = QLabel(
            f"A written agreement is needed when what you give a promoter comes to more than "
            f"{format_money(threshold).removesuffix('.00')} in twelve months (your threshold, "
            f"in File → Settings). {NOT_ADVICE}"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(save_cancel_buttons(self))

    def form(self) -> PromoterFacts:
        on = from_qdate(self.agreement_on.date()) if self.on_file.isChecked() else None
        return PromoterFacts(
            self.contact_id,
            self.is_client.currentData(),
            on,
            self.kept_at.text() if on else "",
        )

    def _save(self) -> None:
        with self.folder.recording() as recorded:
            self.folder.promoters.set_facts(self.form())
        self.step = RecordedStep(self.folder, recorded)

    def accept(self) -> None:
        if try_save(self, self.errors, self._save):
            super().accept()
