"""The trash: what was deleted, brought back or emptied for good."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from networking_folder.domain.text import in_words
from networking_folder.services import Folder
from networking_folder.services.trash import TrashBatch
from networking_folder.ui.formatting import count, format_date, format_datetime


def describe(batch: TrashBatch) -> str:
    parts = []
    for number, noun in (
        (batch.contacts, "contact"),
        (batch.referrals, "referral"),
        (batch.follow_ups, "follow-up"),
        (batch.notes, "note"),
        (batch.groups, "group"),
        (batch.compensation, "compensation item"),
    ):
        if number:
            parts.append(count(number, noun))
    try:
        when = format_datetime(dt.datetime.fromisoformat(batch.deleted_at))
    except ValueError:
        when = batch.deleted_at
    names = f": {batch.summary}" if batch.summary else ""
    return f"{when} — {', '.join(parts)}{names}"


class TrashDialog(QDialog):
    def __init__(self, folder: Folder, parent=None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.restored: list[int] = []  # batches brought back (each one undoable)
        self.emptied = False  # emptied for good: Undo cannot reach back past it
        self.setWindowTitle("Trash")
        self.setMinimumSize(560, 360)
        self.list = QListWidget()
        self.list.setAccessibleName("Deleted records")
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.empty_label = QLabel("The trash is empty.")
        self.restore = QPushButton("&Restore")
        self.restore.clicked.connect(self._restore)
        self.empty = QPushButton("&Empty trash…")
        self.empty.clicked.connect(self._empty)
        self.list.itemSelectionChanged.connect(self._update)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore)
        buttons.addStretch(1)
        buttons.addWidget(self.empty)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Deleted records stay here until you empty the trash. Things deleted together "
                "come back together."
            )
        )
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self._reload()

    def _reload(self) -> None:
        self.list.clear()
        for batch in self.folder.trash.batches():
            item = QListWidgetItem(describe(batch))
            item.setData(Qt.ItemDataRole.UserRole, batch.batch)
            self.list.addItem(item)
        self._update()

    def _update(self) -> None:
        has_any = self.list.count() > 0
        self.empty_label.setVisible(not has_any)
        self.empty.setEnabled(has_any)
        self.restore.setEnabled(bool(self.list.selectedItems()))

    def _restore(self) -> None:
        for item in self.list.selectedItems():
            batch = item.data(Qt.ItemDataRole.UserRole)
            self.folder.trash.restore(batch)
            self.restored.append(batch)
        self._reload()

    def _empty(self) -> None:
        answer = QMessageBox.question(
            self,
            "Empty trash",
            "Delete everything in the trash for good?\n\nThis cannot be undone, and Undo "
            "will no longer reach back past this point.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            held = self.folder.trash.held()
            self.folder.trash.empty()
            self.emptied = True
            self._reload()
            if held.any:
                self._say_held(held)

    def _say_held(self, held) -> None:
        """Why some of it is still here, and until when (records an adviser must keep)."""
        kept = in_words([
            count(n, noun)
            for n, noun in (
                (held.referrals, "referral"),
                (held.notes, "note"),
                (held.compensation, "compensation item"),
            )
            if n
        ])  # fmt: skip
        QMessageBox.information(
            self,
            "Kept for your records",
            f"{kept} stayed in the trash, with the people they name: you keep records for "
            f"{held.years} years after their last change (File → Settings). The first of them "
            f"can be removed on {format_date(held.first_removable)}.",
        )
