"""Edit → Find duplicates: pairs of contacts that may be one person, each looked at side by
side before anything happens.

The list shows the pairs services/duplicates.py finds (a shared email, phone or LinkedIn
profile first, then names alike). The selected pair is shown field by field: what each holds
and what the kept contact will hold after the merge. Where both hold different values, the
user picks one (the merge waits until each is picked). "Keep the other one" swaps which
contact stays. Merge asks before it writes; it is one step on the window's undo stack, as is
"Not the same person", which stops the pair from being suggested again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.text import in_words
from networking_folder.domain.validation import ValidationError
from networking_folder.services import Folder, duplicates
from networking_folder.ui.commands import DoneCommand
from networking_folder.ui.formatting import count
from networking_folder.ui.theme import colour

LONGEST_SHOWN = 240  # characters of a long value (notes) shown in a cell; the tooltip has all


class PairModel(QAbstractTableModel):
    """The pairs to review: who, and why they may be one person."""

    HEADERS = ("Contact", "May be the same as", "Why")

    def __init__(self, pairs: list[duplicates.DuplicatePair], parent=None) -> None:
        super().__init__(parent)
        self.pairs = pairs

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.pairs)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        pair = self.pairs[index.row()]
        if index.column() == 2:
            return pair.reason
        return (pair.a, pair.b)[index.column()].label

    def set_pairs(self, pairs: list[duplicates.DuplicatePair]) -> None:
        self.beginResetModel()
        self.pairs = pairs
        self.endResetModel()


def _cell(text: str) -> QLabel:
    shown = text if len(text) <= LONGEST_SHOWN else text[:LONGEST_SHOWN].rstrip() + "…"
    label = QLabel(shown)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if shown != text:
        label.setToolTip(text)
    return label


class MergeView(QWidget):
    """One pair side by side: each field of the kept contact, of the other, and after the
    merge; a choice on each field where the two differ."""

    decided = Signal()  # a choice was made or changed

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.preview: duplicates.MergePreview | None = None
        self.choices: dict[str, str] = {}
        self._groups: list[QButtonGroup] = []
        self._after: dict[str, QLabel] = {}
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(6)
        for column, stretch in enumerate((0, 2, 2, 2)):
            self.grid.setColumnStretch(column, stretch)

    def show_preview(self, preview: duplicates.MergePreview | None) -> None:
        self.preview = preview
        self.choices = {}
        self._groups = []
        self._after = {}
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        if preview is None:
            return
        kept, other = preview.before
        conflicts = {c.field: c for c in preview.conflicts}
        for column, text in enumerate(
            ("", f"Kept: {preview.keep.name}", f"Merged in: {preview.other.name}", "After the merge")
        ):
            heading = QLabel(text)
            heading.setWordWrap(True)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.grid.addWidget(heading, 0, column, Qt.AlignmentFlag.AlignTop)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        self.grid.addWidget(line, 1, 0, 1, 4)
        row = 2
        for name, label in duplicates.FIELD_LABELS.items():
            ours = duplicates.shown(name, kept.get(name))
            theirs = duplicates.shown(name, other.get(name))
            after = duplicates.shown(name, preview.values.get(name))
            if not (ours or theirs or after) or (name == "is_partner" and after != "yes"):
                continue  # (nothing to say, or "Partner: no" three times)
            field_label = QLabel(label)
            # (level with a choice's text, which sits lower in its taller radio button)
            upright = Qt.AlignmentFlag.AlignVCenter if name in conflicts else Qt.AlignmentFlag.AlignTop
            field_label.setAlignment(Qt.AlignmentFlag.AlignLeft | upright)
            self.grid.addWidget(field_label, row, 0)
            if name in conflicts:
                group = QButtonGroup(self)
                for column, (side, text) in enumerate((("keep", ours), ("other", theirs)), 1):
                    choice = QRadioButton(text if len(text) <= LONGEST_SHOWN else text[:LONGEST_SHOWN] + "…")
                    choice.setToolTip(text)
                    choice.setAccessibleName(f"{label}: use “{text}”")
                    choice.setProperty("side", side)
                    group.addButton(choice)
                    self.grid.addWidget(choice, row, column)
                group.buttonToggled.connect(
                    lambda button, on, name=name: on and self._choose(name, button.property("side"))
                )
                self._groups.append(group)
                after_label = QLabel("Choose one")
                after_label.setStyleSheet(f"color: {colour('overdue').name()};")
                after_label.setAlignment(Qt.AlignmentFlag.AlignLeft | upright)
                self._after[name] = after_label
                self.grid.addWidget(after_label, row, 3)
            else:
                self.grid.addWidget(_cell(ours), row, 1)
                self.grid.addWidget(_cell(theirs), row, 2)
                self.grid.addWidget(_cell(after), row, 3)
            row += 1
        self.grid.setRowStretch(row, 1)

    def _choose(self, name: str, side: str) -> None:
        self.choices[name] = side
        conflict = next(c for c in self.preview.conflicts if c.field == name)
        label = self._after[name]
        label.setText(conflict.kept_text if side == "keep" else conflict.other_text)
        label.setStyleSheet("")
        self.decided.emit()

    def undecided(self) -> list[str]:
        """The labels of the fields still waiting for a choice."""
        if self.preview is None:
            return []
        return [c.label for c in self.preview.conflicts if c.field not in self.choices]

    def choose(self, name: str, side: str) -> None:
        """Pick a side for one field, as a click on its value does."""
        for group in self._groups:
            for button in group.buttons():
                accessible = button.accessibleName()
                if accessible.startswith(duplicates.FIELD_LABELS[name] + ":") and (
                    button.property("side") == side
                ):
                    button.setChecked(True)
                    return
        raise KeyError(name)


class DuplicatesDialog(QDialog):
    """The pairs to review and the selected one's merge; merges and "not the same person"
    go onto ``undo_stack`` as they happen."""

    merged = Signal(int, int)  # kept contact, merged-in contact (now in the trash)

    def __init__(self, folder: Folder, undo_stack, parent=None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.undo_stack = undo_stack
        self.keep_id: int | None = None
        self.other_id: int | None = None
        self.setWindowTitle("Find duplicates")
        self.setMinimumSize(720, 480)
        self.resize(960, 640)

        self.intro = QLabel(
            "People who may be in your folder twice. Look at each pair: merge them into one, "
            "or say they are different people."
        )
        self.intro.setWordWrap(True)
        self.model = PairModel(self._find_pairs(), self)
        self.table = QTableView()
        self.table.setAccessibleName("Pairs to review")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(0, 250)
        header.resizeSection(1, 250)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())

        self.none_left = QLabel("No more pairs to review: no one seems to be in your folder twice.")
        self.none_left.setWordWrap(True)

        self.view = MergeView()
        self.view.decided.connect(self._update_buttons)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.view)
        self.swap = QPushButton("&Keep the other one")
        self.swap.setToolTip("Keep the other contact of the pair and merge this one into it")
        self.swap.clicked.connect(self._swap)
        self.moves = QLabel()
        self.moves.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(
            f"QLabel {{ background: {colour('warning_back').name()};"
            f" color: {colour('warning_text').name()};"
            f" border: 1px solid {colour('warning_border').name()};"
            " border-radius: 4px; padding: 6px; }"
        )
        self.problem.hide()

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 8, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.moves, 1)
        top.addWidget(self.swap, 0, Qt.AlignmentFlag.AlignTop)
        lower_layout.addLayout(top)
        lower_layout.addWidget(self.problem)
        lower_layout.addWidget(scroll, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([170, 430])
        self.lower = lower

        self.not_same = QPushButton("&Not the same person")
        self.not_same.setToolTip("These are two people: never suggest this pair again")
        self.not_same.clicked.connect(self._dismiss)
        self.merge_button = QPushButton("&Merge…")
        self.merge_button.clicked.connect(self.merge)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.not_same)
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.merge_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.none_left)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._after_list_changed()

    # -- the list ------------------------------------------------------------------------
    def _find_pairs(self) -> list[duplicates.DuplicatePair]:
        # A fraction of a second on 10,000 contacts (benchmarks/duplicates.py): not worth a
        # thread, but worth a busy cursor.
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return duplicates.find_pairs(self.folder)
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _after_list_changed(self) -> None:
        has_pairs = self.model.rowCount() > 0
        self.none_left.setVisible(not has_pairs)
        self.table.setVisible(has_pairs)
        self.lower.setVisible(has_pairs)
        self.not_same.setVisible(has_pairs)
        self.merge_button.setVisible(has_pairs)
        self.hint.setVisible(has_pairs)
        if has_pairs:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self._show_selected()
        else:
            self.keep_id = self.other_id = None
            self.view.show_preview(None)
            self._update_buttons()

    def current_pair(self) -> duplicates.DuplicatePair | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.pairs[index.row()] if index.isValid() else None

    def _show_selected(self) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        self.keep_id, self.other_id = pair.a.id, pair.b.id
        self._show_merge()

    def _swap(self) -> None:
        self.keep_id, self.other_id = self.other_id, self.keep_id
        self._show_merge()

    # -- the selected pair ------------------------------------------------------------------
    def _show_merge(self) -> None:
        try:
            preview = duplicates.merge_preview(self.folder, self.keep_id, self.other_id)
        except ValidationError as exc:  # one of them was deleted or merged meanwhile
            self.view.show_preview(None)
            self.moves.setText("")
            self._say_problem(exc.message)
            self._update_buttons()
            return
        self.view.show_preview(preview)
        moving = [
            count(n, noun)
            for n, noun in (
                (preview.referrals, "referral"),
                (preview.notes, "note"),
                (preview.follow_ups, "follow-up"),
                (preview.memberships, "group"),
            )
            if n
        ]
        moved = (
            f"{in_words(moving)} of {preview.other.name} move to {preview.keep.name}; "
            if moving
            else ""
        )
        self.moves.setText(
            f"{moved}{preview.other.name} goes to the trash, and Undo brings them back."
        )
        self._say_problem(preview.problem)
        self._update_buttons()

    def _say_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _update_buttons(self) -> None:
        preview = self.view.preview
        undecided = self.view.undecided()
        can_merge = preview is not None and not preview.problem and not undecided
        self.merge_button.setEnabled(can_merge)
        self.swap.setEnabled(preview is not None)
        self.not_same.setEnabled(self.current_pair() is not None)
        if undecided:
            fields = in_words([name.lower() for name in undecided])
            self.hint.setText(f"Both hold a different {fields}: choose which to keep.")
        else:
            self.hint.setText("")

    # -- acting on it ----------------------------------------------------------------------
    def merge(self) -> bool:
        """Merge the pair as shown, on the user's yes; True when merged."""
        preview = self.view.preview
        if preview is None or not self.merge_button.isEnabled():
            return False
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Merge contacts",
            f"Merge {preview.other.name} into {preview.keep.name}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText("&Merge")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setInformativeText(
            f"{self.moves.text()}\n\nYou can take it back with Edit → Undo."
        )
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        keep_id, other_id = self.keep_id, self.other_id
        try:
            step = duplicates.merge(self.folder, keep_id, other_id, self.view.choices)
        except ValidationError as exc:  # changed meanwhile: say so, write nothing
            self._say_problem(exc.message)
            self._show_merge()
            return False
        self.undo_stack.push(
            DoneCommand(
                f"Merge {preview.other.name} into {preview.keep.name}",
                undo=step.undo,
                redo=step.redo,
            )
        )
        self.merged.emit(keep_id, other_id)
        # Found again: the merged-in contact's pairs are gone, the kept one's carry its name
        # (and keys) as they are now.
        self.model.set_pairs(self._find_pairs())
        self._after_list_changed()
        return True

    def _dismiss(self) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        step = duplicates.dismiss(self.folder, pair.a.id, pair.b.id)
        self.undo_stack.push(
            DoneCommand(
                f"Not the same person: {pair.a.name} and {pair.b.name}",
                undo=step.undo,
                redo=step.redo,
            )
        )
        self.model.set_pairs([p for p in self.model.pairs if p is not pair])
        self._after_list_changed()
