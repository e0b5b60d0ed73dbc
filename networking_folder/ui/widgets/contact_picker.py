"""Pick a contact by typing part of their name; a name that matches nobody makes a new one."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from networking_folder.services.contacts import ContactChoice


class ContactPicker(QWidget):
    changed = Signal()

    def __init__(
        self, choices: list[ContactChoice], placeholder: str = "Type a name…", parent=None
    ) -> None:
        super().__init__(parent)
        self._by_label: dict[str, int] = {}
        labels = []
        seen: dict[str, int] = {}
        for choice in choices:
            label = choice.label
            if label in seen:  # two people with the same name and company: tell them apart
                label = f"{label} #{choice.id}"
            seen[label] = choice.id
            self._by_label[label.casefold()] = choice.id
            labels.append(label)
        self._labels = {cid: lab for lab, cid in seen.items()}
        # A bare name finds its contact too, when only one contact has it.
        names: dict[str, list[int]] = {}
        for choice in choices:
            names.setdefault(choice.name.casefold(), []).append(choice.id)
        for name, ids in names.items():
            if len(ids) == 1:
                self._by_label.setdefault(name, ids[0])
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        completer = QCompleter(QStringListModel(labels, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        self.edit.setCompleter(completer)
        self.hint = QLabel(self)
        self.hint.setObjectName("hint")
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.hint.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._update_hint)
        completer.activated.connect(lambda _text: self._update_hint())

    def set_contact(self, contact_id: int | None) -> None:
        self.edit.setText(self._labels.get(contact_id, "") if contact_id is not None else "")

    def contact_id(self) -> int | None:
        """The chosen contact, or None when the text names nobody in the folder."""
        return self._by_label.get(" ".join(self.edit.text().split()).casefold())

    def new_name(self) -> str:
        """The name typed for a new contact ('' when an existing one is chosen or nothing typed)."""
        text = " ".join(self.edit.text().split())
        return "" if not text or self.contact_id() is not None else text

    def _update_hint(self) -> None:
        name = self.new_name()
        self.hint.setVisible(bool(name))
        if name:
            self.hint.setText(f"New contact: “{name}” will be added to your folder.")
        self.changed.emit()
