"""Record or edit a referral, given or received."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.model import (
    STATUSES_BY_DIRECTION,
    Direction,
    FeeKind,
    Group,
    Referral,
    Status,
    StatusChange,
)
from networking_folder.domain.validation import MAX_DATE, MIN_DATE
from networking_folder.services.contacts import ContactChoice
from networking_folder.ui.formatting import (
    format_datetime,
    from_qdate,
    readable_date_edit,
    stars,
    to_qdate,
)
from networking_folder.ui.widgets.contact_picker import ContactPicker
from networking_folder.ui.widgets.form import FieldErrors, save_cancel_buttons, text_box, try_save

# Stars with a word beside them: the count is not left to the eye alone.
WARMTH = [
    f"{stars(n)}  {word}"
    for n, word in enumerate(
        ("Cold", "Cool", "Warm", "Very warm", "Hot: expects the call today"), start=1
    )
]


@dataclass
class ReferralForm:
    """What the dialog hands to its ``save``: the referral and any contacts typed as new."""

    referral: Referral
    new_partner: str
    new_prospect: str
    status_note: str = ""  # why it was not a fit
    status_on: dt.date | None = None  # the day a new status happened (None: today)


class ReferralDialog(QDialog):
    def __init__(
        self,
        referral: Referral,
        contacts: list[ContactChoice],
        groups: list[Group],
        save: Callable[[ReferralForm], None],
        history: list[StatusChange] | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self._referral = referral
        self._save = save
        given = referral.direction is Direction.GIVEN
        noun = "referral given" if given else "referral received"
        self.setWindowTitle(f"Edit {noun}" if referral.id else f"New {noun}")
        self.setMinimumWidth(560)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Referral sections")
        self.errors = FieldErrors(self.tabs)

        page = QWidget()
        form = QFormLayout(page)
        self.date = QDateEdit(to_qdate(referral.date))
        self.date.setCalendarPopup(True)
        readable_date_edit(self.date)
        self.date.setDateRange(to_qdate(MIN_DATE), to_qdate(MAX_DATE))
        self.errors.add_row(form, "&Date:", self.date, "date")
        self.partner = ContactPicker(contacts, "Type the partner's name…")
        self.partner.set_contact(referral.partner_id or None)
        self.errors.add_row(
            form, "Given &to:" if given else "Received &from:", self.partner, "partner"
        )
        self.prospect = ContactPicker(contacts, "Type the prospect's name…")
        self.prospect.set_contact(referral.prospect_id or None)
        self.errors.add_row(form, "&Prospect:", self.prospect, "prospect")

        kind_row = QWidget()
        kind_layout = QVBoxLayout(kind_row)
        kind_layout.setContentsMargins(0, 0, 0, 0)
        self.is_referral = QRadioButton("Referral: the prospect expects to be contacted")
        self.is_lead = QRadioButton("Lead: a name and a need, no introduction made")
        self._kind_group = QButtonGroup(self)
        self._kind_group.addButton(self.is_referral)
        self._kind_group.addButton(self.is_lead)
        (self.is_lead if referral.is_lead else self.is_referral).setChecked(True)
        kind_layout.addWidget(self.is_referral)
        kind_layout.addWidget(self.is_lead)
        form.addRow("Kind:", kind_row)
        self.warmth = QComboBox()
        self.warmth.addItems(WARMTH)
        self.warmth.setCurrentIndex(referral.warmth - 1)
        self.errors.add_row(form, "&Warmth:", self.warmth, "warmth")
        self.need = self.errors.add_row(form, "N&eed:", text_box(), "need")
        self.need.setPlainText(referral.need)
        self.need.setPlaceholderText("In the prospect's own words")
        self.group = QComboBox()
        self.group.addItem("—", None)
        for group in groups:
            self.group.addItem(group.name, group.id)
        chosen = referral.group_id
        if referral.id is None and chosen is None and len(groups) == 1:
            chosen = groups[0].id  # one group: a new referral is most likely through it
        self.group.setCurrentIndex(max(0, self.group.findData(chosen)))
        self.errors.add_row(form, "G&roup:", self.group, "group")
        status_row = QWidget()
        status_layout = QHBoxLayout(status_row)
        status_layout.setContentsMargins(0, 0, 0, 0)
        self.status = QComboBox()
        for status in STATUSES_BY_DIRECTION[referral.direction]:
            self.status.addItem(status.label, status.value)
        self.status.setCurrentIndex(max(0, self.status.findData(referral.status.value)))
        self.value = QDoubleSpinBox()
        self.value.setRange(0, 100_000_000)
        self.value.setDecimals(2)
        self.value.setGroupSeparatorShown(True)
        self.value.setPrefix("Value ")
        self.value.setValue((referral.value_cents or 0) / 100)
        status_layout.addWidget(self.status, 1)
        status_layout.addWidget(self.value)
        self.errors.add_row(form, "&Status:", status_row, "status")
        self.errors.alias("value", "status")
        # A step recorded late happened earlier: its day counts (days to first contact).
        self.status_on = QDateEdit(to_qdate(dt.date.today()))
        readable_date_edit(self.status_on)
        self.status_on.setCalendarPopup(True)
        earliest = min(referral.date, dt.date.today()) if referral.date else MIN_DATE
        self.status_on.setDateRange(to_qdate(earliest), to_qdate(dt.date.today()))
        self.status_on.setToolTip("The day this step happened, if not today")
        self.errors.add_row(form, "Happe&ned on:", self.status_on, "on")
        steps = QWidget()
        steps_layout = QHBoxLayout(steps)
        steps_layout.setContentsMargins(0, 0, 0, 0)
        steps_layout.setSpacing(4)
        self.step_buttons: dict[Status, QPushButton] = {}
        for status in STATUSES_BY_DIRECTION[referral.direction][1:]:
            button = QPushButton(status.label)
            button.setToolTip(f"Move this referral to “{status.label}”")
            button.clicked.connect(lambda _checked=False, s=status: self.move_to(s))
            steps_layout.addWidget(button)
            self.step_buttons[status] = button
        steps_layout.addStretch(1)
        form.addRow("Move to:", steps)
        self.why = QLineEdit()
        self.why.setPlaceholderText("What was off target? The referrer needs to hear it.")
        self.errors.add_row(form, "&Why not a fit:", self.why, "note")
        self._main_form = form
        self._original_status = referral.status
        self.status.currentIndexChanged.connect(self._status_changed)
        self._status_changed()
        self.tabs.addTab(page, "&Referral")

        learned = QWidget()
        form = QFormLayout(learned)
        self.best_time = self.errors.add_row(
            form, "&Best time to call:", QLineEdit(referral.best_time_to_call)
        )
        self.budget = self.errors.add_row(form, "Bu&dget:", QLineEdit(referral.budget))
        self.urgency = self.errors.add_row(form, "&Urgency:", QLineEdit(referral.urgency))
        self.learned = self.errors.add_row(form, "&Anything else:", text_box(90), "learned")
        self.learned.setPlainText(referral.learned)
        self.also_given_to = self.errors.add_row(
            form, "Also &given to:", QLineEdit(referral.also_given_to)
        )
        self.also_given_to.setPlaceholderText("Anyone else this prospect was referred to")
        self.tabs.addTab(learned, "What you &learned")

        fee = QWidget()
        form = QFormLayout(fee)
        received = referral.direction is Direction.RECEIVED
        self.fee_kind = QComboBox()
        for kind in FeeKind:
            self.fee_kind.addItem(kind.label, kind.value)
        self.fee_kind.setCurrentIndex(self.fee_kind.findData(referral.fee_kind.value))
        self.fee_description = QLineEdit(referral.fee_description)
        if not received:  # your income; what you give a promoter is in the register
            self.errors.add_row(form, "&Fee or gift:", self.fee_kind, "fee_kind")
            self.errors.add_row(form, "&What:", self.fee_description, "fee_description")
        disclosed_row = QWidget()
        disclosed_layout = QHBoxLayout(disclosed_row)
        disclosed_layout.setContentsMargins(0, 0, 0, 0)
        self.disclosed = QCheckBox("Disclosure given on")
        self.disclosed.setToolTip(
            "The day the prospect was told of any fee or gift for this referral"
        )
        self.disclosed_on = QDateEdit(
            to_qdate(referral.fee_disclosed_on)
            if referral.fee_disclosed_on
            else QDate.currentDate()
        )
        self.disclosed_on.setCalendarPopup(True)
        readable_date_edit(self.disclosed_on)
        self.disclosed_on.setDateRange(to_qdate(MIN_DATE), to_qdate(MAX_DATE))
        self.disclosed_on.setAccessibleName("Day the disclosure was given")
        self.disclosed.setChecked(referral.fee_disclosed_on is not None)
        self.disclosed_on.setEnabled(referral.fee_disclosed_on is not None)
        disclosed_layout.addWidget(self.disclosed)
        disclosed_layout.addWidget(self.disclosed_on, 1)
        self.errors.add_row(form, "", disclosed_row, "fee_disclosed_on")
        self.disclosed_how = QLineEdit(referral.disclosed_how)
        self.disclosed_how.setPlaceholderText("In writing at the first meeting; by email…")
        self.disclosed_how.setEnabled(referral.fee_disclosed_on is not None)
        self.errors.add_row(form, "&How:", self.disclosed_how, "disclosed_how")
        self.disclosed.toggled.connect(self.disclosed_on.setEnabled)
        self.disclosed.toggled.connect(self.disclosed_how.setEnabled)
        if received:
            words = (
                "Anything you give the person who referred them (a fee, a gift, a meal) is "
                "kept in the promoter register, on their page: it warns when a referral "
                "they were paid for has no disclosure recorded. It is a record of facts, not "
                "legal advice."
            )
        else:
            words = (
                "An undisclosed fee betrays the prospect's trust: tell them of any fee or "
                "gift you receive for this referral."
            )
        warning = QLabel(words)
        warning.setWordWrap(True)
        form.addRow("", warning)
        self.tabs.addTab(fee, "&Disclosure" if received else "Fee / &gift")

        if history:
            self.history = QListWidget()
            for change in history:
                text = f"{format_datetime(change.at)}  {change.to_status.label}"
                if change.note:
                    text += f" — {change.note}"
                self.history.addItem(text)
            self.tabs.addTab(self.history, "&History")

        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        (self.partner if not referral.partner_id else self.need).setFocus()

    def move_to(self, status: Status) -> None:
        self.status.setCurrentIndex(self.status.findData(status.value))
        if status is Status.CLOSED_BUSINESS:
            self.value.setFocus()
            self.value.selectAll()
        elif status is Status.NOT_A_FIT:
            self.why.setFocus()

    def _status_changed(self) -> None:
        status = Status(self.status.currentData())
        closed = status is Status.CLOSED_BUSINESS
        self.value.setEnabled(closed)
        self.value.setVisible(closed)
        asks_why = status is Status.NOT_A_FIT and self._original_status is not Status.NOT_A_FIT
        self.why.setVisible(asks_why)
        self._main_form.setRowVisible(self.why.parentWidget(), asks_why)
        moved = self._referral.id is not None and status is not self._original_status
        self._main_form.setRowVisible(self.status_on.parentWidget(), moved)
        for step, button in self.step_buttons.items():
            button.setEnabled(step is not status)

    def form(self) -> ReferralForm:
        status = Status(self.status.currentData())
        value = round(self.value.value() * 100) if status is Status.CLOSED_BUSINESS else None
        referral = Referral(
            id=self._referral.id,
            direction=self._referral.direction,
            partner_id=self.partner.contact_id() or 0,
            prospect_id=self.prospect.contact_id() or 0,
            date=from_qdate(self.date.date()),
            need=self.need.toPlainText().strip(),
            is_lead=self.is_lead.isChecked(),
            warmth=self.warmth.currentIndex() + 1,
            best_time_to_call=self.best_time.text().strip(),
            budget=self.budget.text().strip(),
            urgency=self.urgency.text().strip(),
            learned=self.learned.toPlainText().strip(),
            also_given_to=self.also_given_to.text().strip(),
            status=status,
            value_cents=value,
            fee_kind=FeeKind(self.fee_kind.currentData()),
            fee_description=self.fee_description.text().strip(),
            fee_disclosed_on=from_qdate(self.disclosed_on.date())
            if self.disclosed.isChecked()
            else None,
            disclosed_how=self.disclosed_how.text().strip() if self.disclosed.isChecked() else "",
            group_id=self.group.currentData(),
        )
        note = self.why.text().strip() if self.why.isVisibleTo(self) else ""
        moved = self._referral.id is not None and status is not self._original_status
        on = from_qdate(self.status_on.date()) if moved else None
        return ReferralForm(referral, self.partner.new_name(), self.prospect.new_name(), note, on)

    def accept(self) -> None:
        if try_save(self, self.errors, lambda: self._save(self.form())):
            super().accept()
