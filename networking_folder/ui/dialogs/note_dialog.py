"""A note, read in full: what a search result or a timeline entry opens."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from networking_folder.domain.model import InteractionKind, Note
from networking_folder.ui.formatting import format_datetime


class NoteDialog(QDialog):
    """Shows one note whole, wrapped; ``openContact(id)`` when the user asks for its person."""

    openContact = Signal(int)
    addToCalendar = Signal()  # (a one-to-one: put it in the user's calendar program)

    def __init__(self, note: Note, contact_name: str = "", parent=None) -> None:
        super().__init__(parent)
        self.note = note
        self.setWindowTitle(f"{note.kind.label} with {contact_name}" if contact_name else note.kind.label)
        self.resize(560, 420)
        when = format_datetime(note.at) if note.at else ""
        self.heading = QLabel(" · ".join(part for part in (note.kind.label, when, contact_name) if part))
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = QPlainTextEdit(note.body)
        self.body.setReadOnly(True)
        self.body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.body.setAccessibleName("Note")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        if note.contact_id is not None:
            self.contact_button = buttons.addButton(
                f"Open {contact_name or 'contact'}", QDialogButtonBox.ButtonRole.ActionRole
            )
            self.contact_button.clicked.connect(self._open_contact)
        if note.kind is InteractionKind.ONE_TO_ONE:
            self.calendar_button = buttons.addButton(
                "Add to ca&lendar", QDialogButtonBox.ButtonRole.ActionRole
            )
            self.calendar_button.setToolTip("Put this one-to-one in your calendar program")
            self.calendar_button.clicked.connect(self.addToCalendar)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.body, 1)
        layout.addWidget(buttons)

    def _open_contact(self) -> None:
        self.accept()
        self.openContact.emit(self.note.contact_id)
