"""File → Export…: the contacts as vCards, every table as CSV, the whole folder as an archive,
or the follow-ups and meetings as a calendar file. Every file written is private to the user."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
)

from networking_folder.services import Folder
from networking_folder.store.errors import FolderError

# (key, label, suggested file name, file dialog filter)
CHOICES = (
    ("vcard", "Contacts as &vCards (.vcf, version 4.0: Apple, Google, Thunderbird, phones)",
     "contacts.vcf", "vCards (*.vcf)"),
    ("vcard3", "Contacts as vCards for &older Outlook (version 3.0)",
     "contacts-outlook.vcf", "vCards (*.vcf)"),
    ("csv", "Every table as &CSV files, in one .zip (opens in Excel)",
     "networking-folder-tables.zip", "Zip files (*.zip)"),
    ("json", "The &whole folder as one archive (.json), which Import takes back whole",
     "networking-folder-archive.json", "Archives (*.json)"),
    ("ics", "Follow-ups, one-to-ones and group &meetings as a calendar (.ics)",
     "networking-folder.ics", "Calendars (*.ics)"),
)  # fmt: skip


class ExportDialog(QDialog):
    def __init__(self, folder: Folder, today: dt.date, parent=None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.today = today
        self.written: Path | None = None
        self.setWindowTitle("Export")
        layout = QVBoxLayout(self)
        intro = QLabel("What to write (the file is private to you):")
        layout.addWidget(intro)
        self.choices = QButtonGroup(self)
        for i, (key, label, _name, _filter) in enumerate(CHOICES):
            button = QRadioButton(label)
            button.setObjectName(f"export_{key}")
            self.choices.addButton(button, i)
            layout.addWidget(button)
        self.choices.button(0).setChecked(True)
        buttons = QDialogButtonBox()
        self.go = buttons.addButton("&Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> tuple[str, str, str, str]:
        return CHOICES[self.choices.checkedId()]

    def choose_target(self, suggested: str, file_filter: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export", str(Path.home() / suggested), file_filter
        )
        return path

    def export(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        from networking_folder.services import calendar_feed, export
        from networking_folder.services.folder import outside_folder

        key, _label, suggested, file_filter = self.chosen()
        target = self.choose_target(suggested, file_filter)
        if not target:
            return
        target = Path(target)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            outside_folder(self.folder.directory, target)
            if key in ("vcard", "vcard3"):
                n = export.export_vcard(self.folder, target, "3.0" if key == "vcard3" else "4.0")
                said = f"{n} contact{'s' * (n != 1)}"
            elif key == "csv":
                counts = export.export_csv(self.folder, target)
                said = f"{len(counts)} tables"
            elif key == "json":
                counts = export.export_json(self.folder, target)
                said = f"{sum(counts.values())} records"
            else:
                calendar_feed.write_feed(self.folder, target, self.today)
                said = "the calendar"
        except FolderError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "Export", str(exc))
            return
        QApplication.restoreOverrideCursor()
        self.written = target
        parent = self.parent()
        if parent is not None and hasattr(parent, "statusBar"):
            parent.statusBar().showMessage(f"Wrote {said} to {target}", 10000)
        self.accept()
