"""File → Restore from backup…: the backups, what each holds, and putting one back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
)

from networking_folder.services import Folder
from networking_folder.services.backups import BackupInfo
from networking_folder.store.errors import FolderError
from networking_folder.ui.formatting import count, format_datetime


def describe(backup: BackupInfo) -> str:
    counts = backup.counts
    why = {"before-restore": " (taken before a restore)"}.get(backup.why, "")
    if backup.why.startswith("before-upgrade"):
        why = " (taken before an upgrade)"
    return (
        f"{format_datetime(backup.taken_at)}{why}\n"
        f"{count(counts['contacts'], 'contact')} · {count(counts['referrals'], 'referral')} · "
        f"{count(counts['notes'], 'note')}"
    )


class RestoreDialog(QDialog):
    def __init__(self, folder: Folder, parent=None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.restored = None
        self.setWindowTitle("Restore from backup")
        self.setMinimumSize(520, 420)
        try:
            now = folder.counts()
            holds = (
                f"Your folder now: {count(now['contacts'], 'contact')} · "
                f"{count(now['referrals_given'] + now['referrals_received'], 'referral')} · "
                f"{count(now['notes'], 'note')}."
            )
        except FolderError:  # damaged: the very reason to restore
            holds = "Your folder's data file cannot be read now (it is damaged)."
        self.current = QLabel(f"{holds}\nBackups are kept in {folder.backups.directory}")
        self.current.setWordWrap(True)
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.list = QListWidget()
        self.list.setAccessibleName("Backups")
        self.list.setAlternatingRowColors(True)
        for backup in folder.backups.all():
            item = QListWidgetItem(describe(backup))
            item.setData(Qt.ItemDataRole.UserRole, backup)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.list.addItem("No backups yet: one is made when the folder changes.")
            self.list.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton("&Restore…", QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setEnabled(self.list.isEnabled())
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.restore_selected())
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def restore_selected(self) -> None:
        item = self.list.currentItem()
        backup = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if backup is None:
            return
        text = (
            f"Replace your folder with the backup from {format_datetime(backup.taken_at)}?\n\n"
            "Changes made after that time will be gone from the folder; what you have now is "
            "kept as a backup first, so you can come back to it.\n\nThis cannot be undone with "
            "Undo, and Undo will no longer reach back past this point."
        )
        answer = QMessageBox.question(
            self,
            "Restore",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.restored = self.folder.restore_backup(backup.path)
        except FolderError as exc:  # open elsewhere, a full disk: said here, nothing changed
            QMessageBox.warning(self, "Restore", str(exc))
            return
        self.accept()
