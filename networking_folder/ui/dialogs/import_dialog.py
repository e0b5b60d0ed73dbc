"""File → Import contacts…: read a file, say what it would change, then bring it in.

Reading (and cleaning every card) runs on the window's worker, so a big file never freezes the
window; any other CSV first asks which column holds what (remembered for files with the same
columns). The preview says how many people are new, how many are already in the folder (and
what filling their empty fields changes), where the file and the folder disagree (each a
choice, "keep mine" unless ticked), and every card that could not be read and why. Nothing is
written before Import is pressed; then the people go in a few hundred at a time, between the
window's other work, with a progress bar and a Cancel that takes back whatever was written.
The finished import is one step on the window's undo stack (``step``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from networking_folder.services import Folder
from networking_folder.store.errors import FolderError
from networking_folder.ui.formatting import count

READING, MAPPING, PREVIEW, WRITING = range(4)


class DecisionModel(QAbstractTableModel):
    """The fields where the file and the folder disagree; a tick takes the file's value."""

    HEADERS = ("Use the file's", "Person", "Field", "In your folder", "In the file")

    def __init__(self, planned: list, parent=None) -> None:
        super().__init__(parent)
        self.rows = [(p, d) for p in planned for d in p.differences]
        self.taken: set[tuple[int, str]] = set()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def _key(self, row: int) -> tuple[int, str]:
        planned, difference = self.rows[row]
        return planned.card.number, difference.field

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        planned, difference = self.rows[index.row()]
        column = index.column()
        if column == 0 and role == Qt.ItemDataRole.CheckStateRole:
            taken = self._key(index.row()) in self.taken
            return Qt.CheckState.Checked if taken else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = ("", planned.name or planned.card.name, difference.label,
                    difference.ours, difference.theirs)[column]  # fmt: skip
            if role == Qt.ItemDataRole.DisplayRole:
                return " ".join(text.split())
            return text or None
        return None

    def flags(self, index):
        flags = super().flags(index)
        if index.isValid() and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        key = self._key(index.row())
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.taken.add(key)
        else:
            self.taken.discard(key)
        self.dataChanged.emit(index, index, [role])
        return True


class ImportDialog(QDialog):
    def __init__(self, folder: Folder, path: Path, worker, parent=None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.path = Path(path)
        self.worker = worker
        self.step = None  # the finished import, for the undo stack
        self.the_plan = None
        self.said = ""  # what the import did, for the status bar
        self._read = None
        self._data = b""
        self._writing = None
        self._cancelled = False
        self.setWindowTitle(f"Import {self.path.name}")
        self.setMinimumSize(640, 460)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._reading_page())
        self.pages.addWidget(self._mapping_page())
        self.pages.addWidget(self._preview_page())
        self.pages.addWidget(self._writing_page())
        self.buttons = QDialogButtonBox()
        self.go = QPushButton("&Import")
        self.go.setDefault(True)
        self.buttons.addButton(self.go, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.go.clicked.connect(self._go)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        self._show_page(READING)
        QTimer.singleShot(0, self, self._start_reading)

    # -- pages --------------------------------------------------------------------------------
    def _reading_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.reading_label = QLabel(f"Reading {self.path.name}…")
        self.reading_bar = QProgressBar()
        self.reading_bar.setRange(0, 0)  # (how long a file takes to read is not known ahead)
        self.reading_bar.setAccessibleName("Reading the file")
        layout.addStretch(1)
        layout.addWidget(self.reading_label)
        layout.addWidget(self.reading_bar)
        layout.addStretch(2)
        return page

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(
            "This file is not an export that Networking Folder knows. Say which column holds "
            "what (the first row's values are shown); columns left out are not imported. "
            "Your choices are remembered for files with the same columns."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.mapping_form = QFormLayout()
        holder = QWidget()
        holder.setLayout(self.mapping_form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)
        self.mapping_error = QLabel()
        self.mapping_error.setWordWrap(True)
        self.mapping_error.hide()
        layout.addWidget(self.mapping_error)
        self.column_choices: list[tuple[str, QComboBox]] = []
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.decisions_label = QLabel(
            "Where the file and your folder disagree, your folder's value is kept unless you "
            "tick “Use the file's”:"
        )
        self.decisions_label.setWordWrap(True)
        layout.addWidget(self.decisions_label)
        self.decisions = QTableView()
        self.decisions.setAccessibleName("Decisions")
        self.decisions.setAlternatingRowColors(True)
        self.decisions.verticalHeader().hide()
        self.decisions.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        layout.addWidget(self.decisions, 2)
        self.problems_label = QLabel("What could not be read, what was left out, and what to check:")
        layout.addWidget(self.problems_label)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName("Problems")
        layout.addWidget(self.problems, 1)
        return page

    def _writing_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.writing_label = QLabel("Importing…")
        self.writing_bar = QProgressBar()
        self.writing_bar.setAccessibleName("Importing")
        layout.addStretch(1)
        layout.addWidget(self.writing_label)
        layout.addWidget(self.writing_bar)
        layout.addStretch(2)
        return page

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.go.setVisible(page in (MAPPING, PREVIEW))
        self.go.setText("&Continue" if page == MAPPING else "&Import")

    # -- reading ------------------------------------------------------------------------------
    def _start_reading(self, mapping=None) -> None:
        from networking_folder.services import importer

        region = importer.folder_region(self.folder)
        path, data = self.path, self._data

        def work():
            raw = data or importer.read_bytes(path)
            fmt = importer.sniff_format(raw, path.name)
            if fmt == "json":
                return raw, fmt, None, None, None
            if fmt == "csv" and mapping is None:
                from networking_folder.interop import csv_read

                return raw, fmt, csv_read.read_table(raw), None, None
            read = importer.read_file(raw, fmt, mapping, path.name)
            return raw, fmt, None, read, importer.prepare(read, region)

        self._show_page(READING)
        self.worker.submit(work, self._read_done, self._read_failed)

    def _read_failed(self, exc: Exception) -> None:
        if self._cancelled:
            return
        message = str(exc) if isinstance(exc, FolderError) else (
            f"{self.path.name} could not be read: {exc}")  # fmt: skip
        QMessageBox.warning(self, self.windowTitle(), message)
        self.reject()

    def _read_done(self, result) -> None:
        from networking_folder.services import archive, importer

        if self._cancelled:
            return
        self._data, fmt, table, read, prepared = result
        try:
            if fmt == "json":
                self.the_plan = archive.plan_archive(self.folder, self._data, self.path.name)
            elif table is not None:
                remembered = importer.remembered_mapping(self.folder, table.header)
                if remembered is not None:
                    self._start_reading(remembered)
                    return
                self._ask_mapping(table)
                return
            else:
                self.the_plan = importer.plan(self.folder, read, self.path.name, prepared)
        except archive.ArchiveProblem as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            self.reject()
            return
        self._preview()

    # -- any other CSV: the mapping -------------------------------------------------------------
    def _ask_mapping(self, table) -> None:
        from networking_folder.interop import csv_read

        self._table = table
        guessed = csv_read.mapping_for(table.header, "csv")
        chosen = {column: name for name, columns in guessed.items() for column in columns}
        first = table.rows[0][1] if table.rows else []
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.column_choices = []
        for i, column in enumerate(table.header):
            if not column:
                continue
            box = QComboBox()
            box.addItem("Leave out", None)
            for name, label in csv_read.FIELDS.items():
                box.addItem(label, name)
            box.setCurrentIndex(max(0, box.findData(chosen.get(column))))
            sample = first[i] if i < len(first) else ""
            label = QLabel(f"{column}  <span style='color: gray'>({_short(sample) or 'empty'})</span>")
            box.setAccessibleName(f"Column {column}")
            self.mapping_form.addRow(label, box)
            self.column_choices.append((column, box))
        self._show_page(MAPPING)

    def chosen_mapping(self) -> dict[str, list[str]]:
        mapping: dict[str, list[str]] = {}
        for column, box in self.column_choices:
            if box.currentData():
                mapping.setdefault(box.currentData(), []).append(column)
        return mapping

    def _mapping_chosen(self) -> None:
        from networking_folder.services import importer

        mapping = self.chosen_mapping()
        if not any(mapping.get(f) for f in ("name", "first_name", "last_name")):
            self.mapping_error.setText("⚠ Choose the column that holds the name (or the first and last name).")
            self.mapping_error.show()
            return
        self.mapping_error.hide()
        try:
            importer.remember_mapping(self.folder, self._table.header, mapping)
        except FolderError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        self._start_reading(mapping)

    # -- the preview ----------------------------------------------------------------------------
    def _preview(self) -> None:
        the_plan = self.the_plan
        if the_plan.format == "json":
            self.summary.setText(the_plan.summary().replace("\n", "<br>"))
            self.decisions_label.hide()
            self.decisions.hide()
            problems = the_plan.skipped
        else:
            noun = the_plan.noun.lower()
            read = len(the_plan.planned) + len(the_plan.unreadable)
            lines = [
                f"<b>{self.path.name}</b>: {count(read, noun)} ({_FORMAT_NAMES.get(the_plan.format, the_plan.format)})",
                f"New people: <b>{len(the_plan.new)}</b>",
                f"Already in your folder: <b>{len(the_plan.matched)}</b>"
                + (f" ({len(the_plan.filling)} with empty fields to fill)" if the_plan.filling else ""),
            ]
            if the_plan.joined:
                lines.append(f"In the file twice (made once): <b>{len(the_plan.joined)}</b>")
            lines.append(f"Need your decision: <b>{len(the_plan.deciding)}</b>")
            lines.append(f"Could not be read: <b>{len(the_plan.unreadable)}</b>")
            self.summary.setText("<br>".join(lines))
            self.model = DecisionModel(the_plan.deciding, self)
            self.decisions.setModel(self.model)
            header = self.decisions.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setStretchLastSection(True)
            for column, width in enumerate((110, 150, 90, 150)):
                self.decisions.setColumnWidth(column, width)
            shown = bool(self.model.rows)
            self.decisions_label.setVisible(shown)
            self.decisions.setVisible(shown)
            problems = [u.said(the_plan.noun) for u in the_plan.unreadable] + the_plan.warnings
            fills = [
                f"{p.name}: fills {', '.join(_label(f) for f in p.fills)}" for p in the_plan.filling
            ]
            problems = problems + (["", "Empty fields that will be filled:", *fills] if fills else [])
        self.problems.setPlainText("\n".join(problems))
        self.problems_label.setVisible(bool(problems))
        self.problems.setVisible(bool(problems))
        if not the_plan.changes_anything() and not (the_plan.format != "json" and the_plan.deciding):
            self.summary.setText(
                self.summary.text() + "<br><br>Your folder already has everything in this file: "
                "there is nothing to import."
            )
            self.go.setEnabled(False)
        self._show_page(PREVIEW)

    def taken(self) -> set[tuple[int, str]]:
        model = getattr(self, "model", None)
        return set(model.taken) if model is not None else set()

    # -- writing --------------------------------------------------------------------------------
    def _go(self) -> None:
        if self.pages.currentIndex() == MAPPING:
            self._mapping_chosen()
            return
        from networking_folder.services import archive, importer

        if self.the_plan.format == "json":
            self._writing = archive.writing_archive(self.folder, self.the_plan)
        else:
            self._writing = importer.writing(self.folder, self.the_plan, self.taken())
        if self._writing.total == 0:
            self._finish()
            return
        self.writing_bar.setRange(0, self._writing.total)
        self.writing_bar.setValue(0)
        self._show_page(WRITING)
        QTimer.singleShot(0, self, self._next_chunk)

    def _next_chunk(self) -> None:
        writing = self._writing
        if writing is None:
            return
        if self._cancelled:
            self._take_back()
            return
        try:
            more = writing.next_chunk()  # (a failure takes back what was written)
        except FolderError as exc:
            self._writing = None
            QMessageBox.warning(
                self, self.windowTitle(), f"{exc}\n\nNothing of {self.path.name} was imported."
            )
            self.reject()
            return
        if self._cancelled:  # Cancel was pressed while the chunk was written
            self._take_back()
            return
        self.writing_bar.setValue(writing.done)
        self.writing_label.setText(f"Importing… {writing.done:,} of {writing.total:,}")
        if more:
            QTimer.singleShot(0, self, self._next_chunk)
        else:
            self._finish()

    def _take_back(self) -> None:
        writing, self._writing = self._writing, None
        try:
            writing.cancel()
        except FolderError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
        super().reject()

    def _finish(self) -> None:
        writing, self._writing = self._writing, None
        self.step = writing.step() if writing is not None else None
        if self.step is not None and not self.step:
            self.step = None
        the_plan = self.the_plan
        if the_plan.format == "json":
            self.said = f"Imported {sum(the_plan.new.values())} records from {self.path.name}."
        else:
            self.said = (
                f"Imported {self.path.name}: {count(len(the_plan.new), 'new person')}"
                .replace("new persons", "new people")
                + (f", {len(the_plan.filling)} filled in" if the_plan.filling else "")
                + "."
            )
        self.accept()

    def reject(self) -> None:
        if self._writing is not None:
            # Halfway through: stop after this chunk and take back what was written.
            self._cancelled = True
            self.writing_label.setText("Stopping, and taking back what was imported…")
            self.cancel_button.setEnabled(False)
            return
        self._cancelled = True
        super().reject()


_FORMAT_NAMES = {
    "vcard": "vCard",
    "google": "Google Contacts CSV",
    "outlook": "Outlook CSV",
    "linkedin": "LinkedIn connections",
    "csv": "CSV",
    "json": "folder archive",
}


def _label(field: str) -> str:
    from networking_folder.services.importer import FIELD_LABELS

    return FIELD_LABELS.get(field, field).lower()


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    text = text if len(text) <= 40 else text[:39] + "…"
    return text.replace("&", "&amp;").replace("<", "&lt;")
