"""Add or edit a contact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.model import Contact, Group, Timeline
from networking_folder.domain.validation import (
    MAX_DATE,
    MIN_DATE,
    ValidationError,
    check_email,
    check_phone,
    split_list,
)
from networking_folder.ui.formatting import (
    format_date,
    from_qdate,
    readable_date_edit,
    relative_due,
    to_qdate,
)
from networking_folder.ui.widgets.form import FieldErrors, save_cancel_buttons, text_box, try_save

RAPPORT_CHOICES = [
    (None, "—"),
    (1, "1 · Barely know them"),
    (2, "2 · Acquaintance"),
    (3, "3 · Know them; not yet proven"),
    (4, "4 · Trust them"),
    (5, "5 · Would refer my best client"),
]


class ContactDialog(QDialog):
    """``save`` receives the Contact and stores it; a ValidationError it raises is shown at
    the field and the dialog stays open, so nothing typed is lost."""

    def __init__(
        self,
        contact: Contact,
        groups: list[Group],
        save: Callable[[Contact], None],
        parent=None,
        warning: str | None = None,
        timeline: Timeline | None = None,
        open_entry: Callable[[str, int], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._contact = contact
        self._save = save
        self.setWindowTitle("Edit contact" if contact.id else "New contact")
        self.setMinimumWidth(520)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Contact sections")
        self.errors = FieldErrors(self.tabs)

        # -- the person ------------------------------------------------------------
        details = QWidget()
        form = QFormLayout(details)
        self.name = QLineEdit(contact.name)
        self.name.setPlaceholderText("Required")
        self.errors.add_row(form, "&Name:", self.name, "name")
        self.company = self.errors.add_row(form, "&Company:", QLineEdit(contact.company))
        self.profession = self.errors.add_row(form, "&Profession:", QLineEdit(contact.profession))
        self.phones = QLineEdit("; ".join(contact.phones))
        self.phones.setPlaceholderText("e.g. (212) 555-0143; separate several with ;")
        self.errors.add_row(form, "P&hone:", self.phones, "phones")
        self.emails = QLineEdit("; ".join(contact.emails))
        self.emails.setPlaceholderText("e.g. name@example.com; separate several with ;")
        self.errors.add_row(form, "&Email:", self.emails, "emails")
        self.address = self.errors.add_row(form, "&Address:", text_box(54))
        self.address.setPlainText(contact.address)
        self.website = self.errors.add_row(form, "&Website:", QLineEdit(contact.website))
        self.linkedin = self.errors.add_row(form, "&LinkedIn:", QLineEdit(contact.linkedin))
        self.tabs.addTab(details, "&Details")

        # -- the relationship -------------------------------------------------------
        networking = QWidget()
        form = QFormLayout(networking)
        self.is_partner = QCheckBox("A referral partner: we pass referrals to each other")
        self.is_partner.setChecked(contact.is_partner)
        form.addRow("", self.is_partner)
        self.groups = QListWidget()
        self.groups.setFixedHeight(80)
        for group in groups:
            item = QListWidgetItem(group.name)
            item.setData(Qt.ItemDataRole.UserRole, group.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if group.id in contact.group_ids else Qt.CheckState.Unchecked
            )
            self.groups.addItem(item)
        if not groups:
            self.groups.addItem("No groups yet: add them with File → Networking groups…")
            self.groups.setEnabled(False)
        self.errors.add_row(form, "&Groups:", self.groups, "groups")
        self.how_met = QLineEdit(contact.how_met)
        self.how_met.setPlaceholderText("e.g. Chamber mixer at the Riverside Hotel")
        self.errors.add_row(form, "How &met:", self.how_met, "how_met")
        met_row = QWidget()
        met_layout = QHBoxLayout(met_row)
        met_layout.setContentsMargins(0, 0, 0, 0)
        self.met_known = QCheckBox("Met on")
        self.met_on = QDateEdit(to_qdate(contact.met_on) if contact.met_on else QDate.currentDate())
        readable_date_edit(self.met_on)
        self.met_on.setCalendarPopup(True)
        self.met_on.setDateRange(to_qdate(MIN_DATE), to_qdate(MAX_DATE))
        self.met_known.setChecked(contact.met_on is not None)
        self.met_on.setEnabled(contact.met_on is not None)
        self.met_known.toggled.connect(self.met_on.setEnabled)
        met_layout.addWidget(self.met_known)
        met_layout.addWidget(self.met_on, 1)
        form.addRow("", met_row)
        self.rapport = QComboBox()
        for value, label in RAPPORT_CHOICES:
            self.rapport.addItem(label, value)
        self.rapport.setCurrentIndex(max(0, self.rapport.findData(contact.rapport)))
        self.rapport.setToolTip("Never refer someone you don't trust to deliver.")
        self.errors.add_row(form, "&Rapport / trust:", self.rapport, "rapport")
        self.ideal_referral = self.errors.add_row(
            form, "&Ideal referral:", text_box(), "ideal_referral"
        )
        self.ideal_referral.setPlainText(contact.ideal_referral)
        self.ideal_referral.setPlaceholderText(
            "The client they want, and the trigger to listen for"
        )
        self.ask = self.errors.add_row(form, "Their current &ask:", QLineEdit(), "ask")
        self.ask.setText(contact.ask)
        self.ask.setPlaceholderText("The introduction they ask for now (dated when it changes)")
        if contact.ask_set_on is not None:
            self.ask.setToolTip(f"Asked on {format_date(contact.ask_set_on)}")
        self.cadence = QSpinBox()
        self.cadence.setRange(0, 3650)
        self.cadence.setSpecialValueText("Not set")
        self.cadence.setSuffix(" days")
        self.cadence.setValue(contact.cadence_days or 0)
        self.errors.add_row(form, "&Keep in touch every:", self.cadence, "cadence_days")
        self.tags = QLineEdit(", ".join(contact.tags))
        self.tags.setPlaceholderText("e.g. golf, board member")
        self.errors.add_row(form, "&Tags:", self.tags, "tags")
        self.tabs.addTab(networking, "Ne&tworking")

        notes = QWidget()
        notes_layout = QVBoxLayout(notes)
        self.notes = QPlainTextEdit(contact.notes)
        self.notes.setTabChangesFocus(True)
        notes_layout.addWidget(self.notes)
        self.tabs.addTab(notes, "N&otes")

        if timeline is not None:
            self.tabs.addTab(self._timeline_page(timeline, open_entry), "Time&line")

        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        # R6: a partner who does not act on referrals is flagged where the user will see it.
        self.warning = QLabel(f"⚠ {warning}" if warning else "")
        self.warning.setObjectName("partner_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            "QLabel { background: #fff4ce; color: #4a3b00; padding: 6px; border: 1px solid #c9a400; }"
        )
        self.warning.setVisible(bool(warning))
        layout.addWidget(self.warning)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

        # Say what is wrong as soon as the user leaves the field, not only at Save.
        self.phones.editingFinished.connect(self._check_phones)
        self.emails.editingFinished.connect(self._check_emails)
        self.name.textEdited.connect(lambda _t: self.errors.clear("name"))
        self.name.setFocus()

    def _timeline_page(self, timeline: Timeline, open_entry) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        last = format_date(timeline.last_touch) if timeline.last_touch else "never"
        self.timeline_summary = QLabel(
            f"Referrals you gave them: {timeline.given} · they gave you: {timeline.received} · last touch: {last}"
        )
        self.timeline_summary.setWordWrap(True)
        self.timeline = QListWidget()
        self.timeline.setAlternatingRowColors(True)
        today = dt.date.today()
        for entry in timeline.entries:
            when = format_date(entry.when.date())
            detail = entry.detail
            if entry.kind == "follow_up" and detail == "Due":  # "Due tomorrow", "3 days late"
                relative = relative_due(entry.when.date(), today)
                late = entry.when.date() < today
                detail = f"Overdue · {relative}" if late else f"Due {relative}".strip()
            item = QListWidgetItem(f"{when}   {entry.title}" + (f"\n{detail}" if detail else ""))
            item.setData(Qt.ItemDataRole.UserRole, (entry.kind, entry.id))
            item.setToolTip("Double-click to open")
            self.timeline.addItem(item)
        if not timeline.entries:
            self.timeline.addItem(
                "Nothing yet: notes, referrals and follow-ups about them will show here."
            )
        if open_entry is not None:

            def activate(item: QListWidgetItem) -> None:
                target = item.data(Qt.ItemDataRole.UserRole)
                if target:
                    open_entry(*target)

            self.timeline.itemActivated.connect(activate)
        layout.addWidget(self.timeline_summary)
        layout.addWidget(self.timeline, 1)
        return page

    def _check_phones(self) -> None:
        self.errors.clear("phones")
        try:
            for number in split_list(self.phones.text()):
                check_phone(number)
        except ValidationError as exc:
            self.errors.show("phones", exc.message)

    def _check_emails(self) -> None:
        self.errors.clear("emails")
        try:
            for address in split_list(self.emails.text()):
                check_email(address)
        except ValidationError as exc:
            self.errors.show("emails", exc.message)

    def contact(self) -> Contact:
        """What the form holds now."""
        group_ids = []
        for row in range(self.groups.count()):
            item = self.groups.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                group_ids.append(item.data(Qt.ItemDataRole.UserRole))
        return Contact(
            id=self._contact.id,
            name=self.name.text(),
            company=self.company.text().strip(),
            profession=self.profession.text().strip(),
            phones=split_list(self.phones.text()),
            emails=split_list(self.emails.text()),
            address=self.address.toPlainText().strip(),
            website=self.website.text().strip(),
            linkedin=self.linkedin.text().strip(),
            is_partner=self.is_partner.isChecked(),
            group_ids=group_ids,
            how_met=self.how_met.text().strip(),
            met_on=from_qdate(self.met_on.date()) if self.met_known.isChecked() else None,
            rapport=self.rapport.currentData(),
            ideal_referral=self.ideal_referral.toPlainText().strip(),
            ask=self.ask.text().strip(),
            ask_set_on=self._contact.ask_set_on,  # a changed ask is dated when saved
            cadence_days=self.cadence.value() or None,
            tags=[t.strip() for t in self.tags.text().split(",") if t.strip()],
            notes=self.notes.toPlainText(),
        )

    def accept(self) -> None:
        if try_save(self, self.errors, lambda: self._save(self.contact())):
            super().accept()
