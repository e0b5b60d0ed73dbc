"""The quick note: a legal pad beside every call (seed 000), saved as it is typed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.model import Draft, InteractionKind, Note
from networking_folder.domain.validation import MAX_DATE, MIN_DATE
from networking_folder.services import Folder
from networking_folder.store.errors import FolderError
from networking_folder.ui.formatting import (
    format_datetime,
    from_qdate,
    readable_date_edit,
    to_qdate,
)
from networking_folder.ui.widgets.contact_picker import ContactPicker
from networking_folder.ui.widgets.form import FieldErrors, try_save

AUTOSAVE_MS = 600  # a draft is in the file within a second of the last keystroke


class QuickNoteWindow(QWidget):
    """A window of its own (not modal): several can be open, the main window stays usable."""

    # Keys of the note window (not actions), for Help → Keyboard shortcuts.
    KEYS = (
        ("Save the note", "Ctrl+Return", "In a quick note: save it, with its next step"),
        ("Close the note", "Esc", "In a quick note: asks before throwing away what you wrote"),
    )
    saved = Signal(int)
    made = Signal(str, object)  # what was saved (in words) and the rows it made: its undo

    def __init__(self, folder: Folder, draft: Draft | None = None, parent=None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.folder = folder
        self.draft = draft or Draft(at=dt.datetime.now().replace(second=0, microsecond=0))
        self._finished = False
        self.setWindowTitle("Quick note")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(560, 560)
        self.errors = FieldErrors()

        form = QFormLayout()
        self.contact = ContactPicker(folder.contacts.choices(), "Who was it with? Type a name…")
        if self.draft.contact_id:
            self.contact.set_contact(self.draft.contact_id)
        elif self.draft.contact_name:
            self.contact.edit.setText(self.draft.contact_name)
        self.errors.add_row(form, "&With:", self.contact, "contact")
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.kind = QComboBox()
        for kind in InteractionKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.setCurrentIndex(self.kind.findData(self.draft.kind.value))
        at = self.draft.at or dt.datetime.now()
        self.when = WholeDateTimeEdit(
            QDateTime(to_qdate(at.date()), QDateTime.currentDateTime().time())
        )
        readable_date_edit(self.when, with_time=True)
        self.when.setTime(QDateTime.fromString(at.strftime("%H:%M"), "HH:mm").time())
        self.when.setCalendarPopup(True)
        self.when.setAccessibleName("When")
        self.kind.setAccessibleName("Kind")
        self.when.setDateRange(to_qdate(MIN_DATE), to_qdate(MAX_DATE))
        row_layout.addWidget(self.kind)
        row_layout.addWidget(self.when, 1)
        form.addRow("&Kind:", row)
        self.body = QPlainTextEdit(self.draft.body)
        self.body.setPlaceholderText("What was said, what you learned, what you promised…")
        self.body.setTabChangesFocus(True)
        self.body.setMinimumHeight(220)
        self.errors.add_row(form, "&Note:", self.body, "body", grow=True)
        next_row = QWidget()
        next_layout = QHBoxLayout(next_row)
        next_layout.setContentsMargins(0, 0, 0, 0)
        self.next_step = QLineEdit(self.draft.next_step)
        self.next_step.setPlaceholderText("Optional: becomes a follow-up")
        self.has_due = QCheckBox("due")
        self.next_due = QDateEdit(
            to_qdate(self.draft.next_due or dt.date.today() + dt.timedelta(days=1))
        )
        readable_date_edit(self.next_due)
        self.next_due.setCalendarPopup(True)
        self.next_due.setAccessibleName("Next step due")
        self.next_step.setAccessibleName("Next step")
        self.next_due.setDateRange(to_qdate(MIN_DATE), to_qdate(MAX_DATE))
        self.has_due.setChecked(bool(self.draft.next_step))
        next_layout.addWidget(self.next_step, 1)
        next_layout.addWidget(self.has_due)
        next_layout.addWidget(self.next_due)
        self.errors.add_row(form, "Ne&xt step:", next_row, "next_step")
        self.errors.alias("next_due", "next_step")
        self.status = QLabel("")
        self.status.setObjectName("draft_status")
        self.status.setStyleSheet("color: palette(placeholder-text);")
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("&Save note", QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = buttons.addButton(
            "&Discard", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.save_button.setToolTip("Save (Ctrl+Enter)")
        buttons.accepted.connect(self.save)
        self.discard_button.clicked.connect(self.discard)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

        for keys in (QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")):
            QShortcut(keys, self, self.save, context=Qt.ShortcutContext.WindowShortcut)
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self,
            self.discard,
            context=Qt.ShortcutContext.WindowShortcut,
        )

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.keep_draft)
        for signal in (
            self.body.textChanged,
            self.contact.changed,
            self.next_step.textChanged,
            self.kind.currentIndexChanged,
            self.when.dateTimeChanged,
            self.next_due.dateChanged,
            self.has_due.toggled,
        ):
            signal.connect(lambda *_: self._autosave.start())
        self.next_step.textEdited.connect(lambda text: self.has_due.setChecked(bool(text.strip())))
        (self.body if self.draft.contact_id or self.draft.contact_name else self.contact).setFocus()

    # -- the draft ---------------------------------------------------------------------
    def current(self) -> Draft:
        qdt = self.when.dateTime()
        at = dt.datetime(
            qdt.date().year(),
            qdt.date().month(),
            qdt.date().day(),
            qdt.time().hour(),
            qdt.time().minute(),
        )
        contact_id = self.contact.contact_id()
        return Draft(
            body=self.body.toPlainText(),
            contact_id=contact_id,
            contact_name=self.contact.new_name(),
            kind=InteractionKind(self.kind.currentData()),
            at=at,
            next_step=self.next_step.text().strip(),
            next_due=from_qdate(self.next_due.date()) if self.has_due.isChecked() else None,
            id=self.draft.id,
            # About the referral it was opened from, while it is still with its prospect.
            referral_id=self.draft.referral_id if contact_id == self.draft.contact_id else None,
        )

    def keep_draft(self) -> None:
        """Write what is typed to the folder's drafts (called shortly after each change)."""
        if self._finished:
            return
        draft = self.current()
        if draft.is_empty and draft.id is None:
            return
        try:
            self.draft.id = self.folder.drafts.save(draft)
        except FolderError as exc:
            self.status.setText(f"⚠ Not kept: {exc}")
            return
        self.status.setText(f"Draft kept {format_datetime(dt.datetime.now())}")

    # -- finishing ---------------------------------------------------------------------
    def save(self) -> None:
        self._autosave.stop()
        draft = self.current()
        saved: list[int] = []

        def do_save() -> None:
            note = Note(
                draft.body,
                contact_id=draft.contact_id,
                referral_id=draft.referral_id,
                kind=draft.kind,
                at=draft.at,
            )
            note_id, made = self.folder.made_by(
                lambda: self.folder.notes.log(
                    note,
                    new_contact=draft.contact_name,
                    next_step=draft.next_step,
                    next_due=draft.next_due,
                    draft_id=self.draft.id,
                )
            )
            saved.append((note_id, made))

        if try_save(self, self.errors, do_save):
            self._finished = True
            note_id, made = saved[0]
            self.saved.emit(note_id)
            self.made.emit(f"{draft.kind.label} note", made)
            self.close()
        else:
            self.keep_draft()

    def discard(self) -> None:
        draft = self.current()
        if not draft.is_empty:
            answer = QMessageBox.question(
                self,
                "Discard note",
                "Throw this note away? What you typed will be lost.",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        self._autosave.stop()
        self._finished = True
        self.folder.drafts.discard(self.draft.id)
        self.close()

    def closeEvent(self, event) -> None:
        if not self._finished:
            # Closed with the window's own button: keep the draft, it is offered again later.
            self._autosave.stop()
            self.keep_draft()
        super().closeEvent(event)


class WholeDateTimeEdit(QDateTimeEdit):
    """Tab leaves the field, instead of walking through its day, month, year, hour and
    minute first (the arrows and the calendar still change each part)."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 - Qt's name
        return QWidget.focusNextPrevChild(self, next)

