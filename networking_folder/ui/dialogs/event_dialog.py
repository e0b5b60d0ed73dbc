"""Log a networking event and the people met there; new people are added on the spot."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, QEvent, Qt, QTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.validation import MAX_DATE, MIN_DATE
from networking_folder.services import Folder
from networking_folder.ui.formatting import readable_date_edit, to_qdate
from networking_folder.ui.widgets.contact_picker import ContactPicker
from networking_folder.ui.widgets.form import FieldErrors, save_cancel_buttons, text_box, try_save


class EventDialog(QDialog):
    def __init__(self, folder: Folder, parent=None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.met: list[int] = []
        self.setWindowTitle("Log an event")
        self.setMinimumWidth(520)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Chamber mixer at the Riverside Hotel")
        self.errors.add_row(form, "&Event:", self.name, "name")
        now = dt.datetime.now()
        self.when = QDateTimeEdit(QDateTime(to_qdate(now.date()), QTime(now.hour, 0)))
        readable_date_edit(self.when, with_time=True)
        self.when.setCalendarPopup(True)
        self.when.setDateRange(to_qdate(MIN_DATE), to_qdate(MAX_DATE))
        form.addRow("&When:", self.when)
        adder = QWidget()
        adder_layout = QHBoxLayout(adder)
        adder_layout.setContentsMargins(0, 0, 0, 0)
        self.picker = ContactPicker(folder.contacts.choices(), "Type a name, then Enter")
        self.picker.edit.setAccessibleName("Add a person")
        self.add_button = QPushButton("&Add")
        self.add_button.clicked.connect(self.add_person)
        self.picker.edit.installEventFilter(self)  # Enter there adds the person
        adder_layout.addWidget(self.picker, 1)
        adder_layout.addWidget(self.add_button)
        form.addRow("&People met:", adder)
        self.people = QListWidget()
        self.people.setAccessibleName("People met")
        self.people.setFixedHeight(140)
        remove = QPushButton("Remove")
        remove.clicked.connect(
            lambda: [self.people.takeItem(self.people.row(i)) for i in self.people.selectedItems()]
        )
        people_box = QWidget()
        people_layout = QVBoxLayout(people_box)
        people_layout.setContentsMargins(0, 0, 0, 0)
        people_layout.addWidget(self.people)
        people_layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignRight)
        self.errors.add_row(form, "", people_box, "people")
        self.notes = text_box(90)
        self.notes.setPlaceholderText("Anything worth remembering about the event (optional)")
        form.addRow("&Notes:", self.notes)
        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.name.setFocus()

    def eventFilter(self, watched, event) -> bool:
        # The line edit passes Enter on to the dialog, which would press Save: keep it here.
        is_enter = event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        )
        if watched is self.picker.edit and is_enter:
            self.picker.edit.completer().popup().hide()
            self.add_person()
            return True
        return super().eventFilter(watched, event)

    def add_person(self) -> None:
        contact_id, name = self.picker.contact_id(), self.picker.new_name()
        if contact_id is None and not name:
            return
        label = self.picker.edit.text().strip() if contact_id is not None else f"{name} (new)"
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, contact_id)
        item.setData(Qt.ItemDataRole.UserRole + 1, name)
        self.people.addItem(item)
        self.picker.edit.clear()
        self.picker.setFocus()

    def chosen(self) -> tuple[list[int], list[str]]:
        existing, new = [], []
        for row in range(self.people.count()):
            item = self.people.item(row)
            if item.data(Qt.ItemDataRole.UserRole) is not None:
                existing.append(item.data(Qt.ItemDataRole.UserRole))
            else:
                new.append(item.data(Qt.ItemDataRole.UserRole + 1))
        return existing, new

    def accept(self) -> None:
        qdt = self.when.dateTime()
        on = dt.datetime(
            qdt.date().year(),
            qdt.date().month(),
            qdt.date().day(),
            qdt.time().hour(),
            qdt.time().minute(),
        )
        existing, new = self.chosen()

        def save() -> None:
            self.met, self.made = self.folder.made_by(
                lambda: self.folder.notes.log_event(
                    self.name.text(), on, existing, new, self.notes.toPlainText()
                )
            )

        if try_save(self, self.errors, save):
            super().accept()
