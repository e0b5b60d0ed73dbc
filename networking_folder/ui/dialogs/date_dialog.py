"""Ask for one date, with a calendar."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCalendarWidget, QDialog, QDialogButtonBox, QVBoxLayout

from networking_folder.domain.validation import MAX_DATE, MIN_DATE
from networking_folder.ui.formatting import from_qdate, to_qdate


class DateDialog(QDialog):
    def __init__(self, title: str, start: dt.date, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.calendar = QCalendarWidget(self)
        self.calendar.setDateRange(to_qdate(MIN_DATE), to_qdate(MAX_DATE))
        self.calendar.setSelectedDate(to_qdate(start))
        self.calendar.setGridVisible(True)
        self.calendar.activated.connect(lambda _d: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.calendar)
        layout.addWidget(buttons)

    def date(self) -> dt.date:
        return from_qdate(self.calendar.selectedDate())


def ask_date(parent, title: str, start: dt.date) -> dt.date | None:
    dialog = DateDialog(title, start, parent)
    return dialog.date() if dialog.exec() else None
