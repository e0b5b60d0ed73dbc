"""Form helpers: each field can show its own error message right beneath it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.validation import ValidationError
from networking_folder.store.errors import FolderError

ERROR_STYLE = "color: #b00020;"  # also said in words, never by colour alone


def save_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """Save and Cancel, wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def text_box(height: int = 60) -> QPlainTextEdit:
    """A few lines of plain text in a form; Tab moves on rather than typing a tab."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def name_after_label(widget: QWidget, label: str) -> None:
    """Give a field its label's words as its accessible name (a screen reader says them; Qt
    finds a buddy label only beside the field, and our fields sit in a holder with their
    error line). A picker's inner line edit gets the name too."""
    name = label.replace("&", "").strip().rstrip(":").strip()
    if not name:
        return
    for target in (widget, getattr(widget, "edit", None), widget.focusProxy()):
        if isinstance(target, QWidget) and not target.accessibleName():
            target.setAccessibleName(name)


class FieldErrors:
    """Puts a field and a (hidden) error label into a form; shows and clears messages."""

    def __init__(self, tabs: QTabWidget | None = None) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self._tabs = tabs

    def add_row(
        self,
        form: QFormLayout,
        label: str,
        widget: QWidget,
        field: str | None = None,
        grow: bool = False,
    ) -> QWidget:
        holder = QWidget()
        # Never taller than its contents (spare height goes below the form), unless the row is
        # the one meant to take it, like the body of a note.
        vertical = QSizePolicy.Policy.Expanding if grow else QSizePolicy.Policy.Maximum
        holder.setSizePolicy(QSizePolicy.Policy.Preferred, vertical)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        if field:
            error = QLabel()
            error.setObjectName(f"error_{field}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            error.hide()
            box.addWidget(error)
            self._fields[field] = (widget, error)
        form.addRow(label, holder)
        text_label = form.labelForField(holder)
        if isinstance(text_label, QLabel):
            text_label.setBuddy(widget)
        name_after_label(widget, label)
        return widget

    def error_label(self, field: str, widget: QWidget) -> QLabel:
        """An error label for ``field`` to place anywhere (outside a form row); focus goes
        to ``widget`` when it shows."""
        error = QLabel()
        error.setObjectName(f"error_{field}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        self._fields[field] = (widget, error)
        return error

    def alias(self, field: str, shown_at: str) -> None:
        """Errors about ``field`` are shown at the row of ``shown_at``."""
        self._fields[field] = self._fields[shown_at]

    def show(self, field: str, message: str) -> None:
        widget, error = self._fields.get(field) or next(iter(self._fields.values()))
        error.setText(f"⚠ {message}")
        error.show()
        widget.setAccessibleDescription(message)
        if self._tabs is not None:
            page = widget
            while page is not None and self._tabs.indexOf(page) < 0:
                page = page.parentWidget()
            if page is not None:
                self._tabs.setCurrentWidget(page)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self, field: str | None = None) -> None:
        for name, (widget, error) in list(self._fields.items()):
            if field is None or name == field:
                error.clear()
                error.hide()
                widget.setAccessibleDescription("")

    def message(self, field: str) -> str:
        _widget, error = self._fields[field]
        return error.text().removeprefix("⚠ ") if error.isVisibleTo(error.parentWidget()) else ""


def try_save(parent: QWidget, errors: FieldErrors, save) -> bool:
    """Run ``save``; on bad input show it at its field, on a file problem say so. Either way
    the form stays open with everything typed in it."""
    errors.clear()
    try:
        save()
    except ValidationError as exc:
        errors.show(exc.field, exc.message)
        return False
    except FolderError as exc:
        QMessageBox.warning(parent, "Not saved", f"{exc}\n\nWhat you typed is still in the form.")
        return False
    return True
