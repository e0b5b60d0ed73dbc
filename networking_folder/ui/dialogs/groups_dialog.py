"""Manage the networking groups: name, meeting day and time, place, holidays."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.model import WEEKDAYS, Group
from networking_folder.services import Folder
from networking_folder.ui.widgets.form import FieldErrors, try_save


class GroupsDialog(QDialog):
    def __init__(self, folder: Folder, parent=None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.setWindowTitle("Networking groups")
        self.setMinimumWidth(560)
        self.list = QListWidget()
        self.list.setAccessibleName("Groups")
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        add = QPushButton("&Add group")
        add.clicked.connect(self._add)
        self.remove = QPushButton("&Delete group")
        self.remove.clicked.connect(self._delete)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(self.remove)
        left.addLayout(row)

        self.editor = QWidget()
        form = QFormLayout(self.editor)
        self.errors = FieldErrors()
        self.name = self.errors.add_row(form, "&Name:", QLineEdit(), "name")
        self.weekday = QComboBox()
        self.weekday.addItem("—", None)
        for number, day in enumerate(WEEKDAYS):
            self.weekday.addItem(day, number)
        self.errors.add_row(form, "&Meets on:", self.weekday, "meeting_weekday")
        time_row = QWidget()
        time_layout = QHBoxLayout(time_row)
        time_layout.setContentsMargins(0, 0, 0, 0)
        self.has_time = QCheckBox("at")
        self.time = QTimeEdit(QTime(7, 0))
        self.time.setAccessibleName("Meeting time")
        self.time.setDisplayFormat("HH:mm")
        self.has_time.toggled.connect(self.time.setEnabled)
        time_layout.addWidget(self.has_time)
        time_layout.addWidget(self.time, 1)
        form.addRow("", time_row)
        self.on_holidays = QCheckBox("Meets on public &holidays")
        self.on_holidays.setToolTip(
            "Unchecked: when the meeting day is a public holiday the group meets the week after, "
            "and thank-yous and the tracking sheet use that meeting."
        )
        form.addRow("", self.on_holidays)
        self.location = self.errors.add_row(form, "&Where:", QLineEdit())
        save = QPushButton("&Save group")
        save.clicked.connect(self._save)
        form.addRow("", save)

        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.editor, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(close)
        self._reload()

    def _reload(self, select: int | None = None) -> None:
        self.list.clear()
        for group in self.folder.groups.all():
            item = QListWidgetItem(f"{group.name}\n{group.meeting_label}".strip())
            item.setData(Qt.ItemDataRole.UserRole, group.id)
            self.list.addItem(item)
            if group.id == select:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._show_current()

    def _current_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _show_current(self) -> None:
        self.errors.clear()
        group_id = self._current_id()
        group = self.folder.groups.get(group_id) if group_id else Group("")
        self.remove.setEnabled(group_id is not None)
        self.name.setText(group.name)
        self.weekday.setCurrentIndex(max(0, self.weekday.findData(group.meeting_weekday)))
        self.has_time.setChecked(group.meeting_time is not None)
        self.time.setEnabled(group.meeting_time is not None)
        if group.meeting_time:
            self.time.setTime(QTime(group.meeting_time.hour, group.meeting_time.minute))
        self.on_holidays.setChecked(group.meets_on_holidays)
        self.location.setText(group.location)

    def _add(self) -> None:
        self.list.setCurrentItem(None)
        self.list.clearSelection()
        self._show_current()
        self.name.setFocus()

    def _group(self) -> Group:
        time = self.time.time()
        return Group(
            name=self.name.text(),
            meeting_weekday=self.weekday.currentData(),
            meeting_time=dt.time(time.hour(), time.minute()) if self.has_time.isChecked() else None,
            location=self.location.text(),
            id=self._current_id(),
            meets_on_holidays=self.on_holidays.isChecked(),
        )

    def _save(self) -> None:
        group = self._group()
        saved: list[int] = []

        def save() -> None:
            if group.id is None:
                saved.append(self.folder.groups.create(group))
            else:
                self.folder.groups.update(group)
                saved.append(group.id)

        if try_save(self, self.errors, save):
            self._reload(select=saved[0])

    def _delete(self) -> None:
        group_id = self._current_id()
        if group_id is None:
            return
        name = self.folder.groups.get(group_id).name
        answer = QMessageBox.question(
            self,
            "Delete group",
            f"Move the group “{name}” to the trash? Its members stay in your folder.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.folder.groups.delete(group_id)
            self._reload()
