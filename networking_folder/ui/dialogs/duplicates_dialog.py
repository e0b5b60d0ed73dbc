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

import itertools

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
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
from networking_folder.store.errors import FolderError
from networking_folder.store.values import as_datetime
from networking_folder.ui.commands import DoneCommand
from networking_folder.ui.formatting import count, format_date
from networking_folder.ui.models.row_table_model import Column, RowTableModel
from networking_folder.ui.theme import colour, warning_style

LONGEST_SHOWN = 240  # characters of a long value (notes) shown in a cell; the tooltip has all


# The pairs to review: who, and why they may be one person (in find_pairs' order, best first).
PAIR_COLUMNS = (
    Column("Contact", lambda pair: pair.a.label, width=250),
    Column("May be the same as", lambda pair: pair.b.label, width=250),
    Column("Why", lambda pair: pair.reason),
)


def _cell(text: str) -> QLabel:
    shown = text if len(text) <= LONGEST_SHOWN else text[:LONGEST_SHOWN].rstrip() + "…"
    label = QLabel(shown)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # (a value is never markup)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if shown != text:
        label.setToolTip(text)
    return label


def names_of(preview: duplicates.MergePreview) -> tuple[str, str]:
    """The two contacts as the user tells them apart: name and company, and the day each
    came into the folder when even those are the same (as they often are for duplicates)."""
    keep, other = preview.keep.label, preview.other.label
    if keep.casefold() == other.casefold():
        kept, merged = preview.before
        keep = f"{keep}, added {format_date(as_datetime(kept['created_at']).date())}"
        other = f"{other}, added {format_date(as_datetime(merged['created_at']).date())}"
    return keep, other


class Choice(QWidget):
    """One side of a field where the two differ: a radio button and its value, wrapped (a
    radio button's own text does not wrap, and a long value would push the other side out of
    sight). A click on the value chooses it too."""

    def __init__(self, text: str, accessible: str, parent=None) -> None:
        super().__init__(parent)
        self.radio = QRadioButton()
        self.radio.setAccessibleName(accessible)
        self.label = _cell(text)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.radio, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.radio.setChecked(True)
        super().mouseReleaseEvent(event)


class MergeView(QWidget):
    """One pair side by side: each field of the kept contact, of the other, and after the
    merge; a choice on each field where the two differ."""

    decided = Signal()  # a choice was made or changed

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.preview: duplicates.MergePreview | None = None
        self.choices: dict[str, str] = {}
        self.radios: dict[tuple[str, str], QRadioButton] = {}  # (field, side): its button
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
        self.radios = {}
        self._after = {}
        for group in self._groups:
            group.deleteLater()
        self._groups = []
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        if preview is None:
            return
        kept, other = preview.before
        keep_name, other_name = names_of(preview)
        conflicts = {c.field: c for c in preview.conflicts}
        for column, text in enumerate(
            ("", f"Kept: {keep_name}", f"Merged in: {other_name}", "After the merge")
        ):
            heading = _cell(text)
            heading.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.grid.addWidget(heading, 0, column)
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
            field_label = _cell(label)
            field_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.grid.addWidget(field_label, row, 0)
            if name in conflicts:
                group = QButtonGroup(self)
                for column, (side, text) in enumerate((("keep", ours), ("other", theirs)), 1):
                    choice = Choice(text, f"{label}: use “{text}”")
                    self.radios[(name, side)] = choice.radio
                    group.addButton(choice.radio)
                    self.grid.addWidget(choice, row, column)
                    choice.radio.toggled.connect(
                        lambda on, name=name, side=side: on and self._choose(name, side)
                    )
                self._groups.append(group)
                after_label = _cell("Choose one")
                after_label.setStyleSheet(f"color: {colour('overdue').name()};")
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

    def choice_buttons(self) -> list[QRadioButton]:
        """The radio buttons, row by row (for the Tab order)."""
        return list(self.radios.values())

    def undecided(self) -> list[str]:
        """The labels of the fields still waiting for a choice."""
        if self.preview is None:
            return []
        return [c.label for c in self.preview.conflicts if c.field not in self.choices]

    def choose(self, name: str, side: str) -> None:
        """Pick a side for one field, as a click on its value does."""
        self.radios[(name, side)].setChecked(True)


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
        self._selecting = False
        self.setWindowTitle("Find duplicates")
        self.setMinimumSize(720, 480)
        self.resize(960, 640)

        self.intro = QLabel(
            "People who may be in your folder twice. Look at each pair: merge them into one, "
            "or say they are different people."
        )
        self.intro.setWordWrap(True)
        self.model = RowTableModel(PAIR_COLUMNS, self)
        self.model.set_rows(self._find_pairs())
        self.table = QTableView()
        self.table.setAccessibleName("Pairs to review")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, spec in enumerate(PAIR_COLUMNS):
            header.resizeSection(column, spec.width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())

        self.none_left = QLabel("No more pairs to review: no one seems to be in your folder twice.")
        self.none_left.setWordWrap(True)

        self.view = MergeView()
        self.view.decided.connect(self._update_buttons)
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # (Tab goes to the choices in it)
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
        self.problem.setStyleSheet(warning_style("QLabel", "6px"))
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
        self.close_button = close.button(QDialogButtonBox.StandardButton.Close)
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

    def _after_list_changed(self, row: int = 0) -> None:
        """Show the list as it now is, with the pair at ``row`` (or the last) selected."""
        has_pairs = self.model.rowCount() > 0
        self.none_left.setVisible(not has_pairs)
        self.table.setVisible(has_pairs)
        self.lower.setVisible(has_pairs)
        self.not_same.setVisible(has_pairs)
        self.merge_button.setVisible(has_pairs)
        self.hint.setVisible(has_pairs)
        if has_pairs:
            index = self.model.index(min(row, self.model.rowCount() - 1), 0)
            self._selecting = True  # shown once, below (whether or not the row changes)
            try:
                self.table.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
            finally:
                self._selecting = False
            self._show_selected()
        else:
            self.keep_id = self.other_id = None
            self.view.show_preview(None)
            self._update_buttons()

    def current_pair(self) -> duplicates.DuplicatePair | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.row(index)

    def _show_selected(self) -> None:
        pair = self.current_pair()
        if pair is None or self._selecting:
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
        keep_name, other_name = names_of(preview)
        moving = [
            count(n, noun)
            for n, noun in (
                (preview.referrals, "referral"),
                (preview.notes, "note"),
                (preview.follow_ups, "follow-up"),
                (preview.memberships, "group membership"),
            )
            if n
        ]
        if moving:
            said = (
                f"Merging moves {in_words(moving)} from {other_name} to {keep_name}, and "
                f"puts {other_name} in the trash."
            )
        else:
            said = (
                f"Merging puts {other_name} in the trash (they have no referrals, notes or "
                "follow-ups of their own)."
            )
        self.moves.setText(said)
        self._say_problem(preview.problem)
        self._update_buttons()
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab goes down the dialog: the list, the swap, each choice row by row, then the
        buttons (the choices are made after the buttons, and would come last)."""
        chain = [self.table, self.swap, *self.view.choice_buttons(), self.not_same,
                 self.merge_button, self.close_button]  # fmt: skip
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

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
            self.hint.setText(f"They differ in {fields}: choose which to keep.")
        else:
            self.hint.setText("")

    # -- acting on it ----------------------------------------------------------------------
    def merge(self) -> bool:
        """Merge the pair as shown, on the user's yes; True when merged."""
        preview = self.view.preview
        if preview is None or not self.merge_button.isEnabled():
            return False
        keep_name, other_name = names_of(preview)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Merge contacts",
            f"Merge {other_name} into {keep_name}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText("&Merge")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setInformativeText(f"{self.moves.text()}\n\nEdit → Undo takes the merge back.")
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        keep_id, other_id = self.keep_id, self.other_id
        row = self.table.selectionModel().currentIndex().row()
        try:
            step = duplicates.merge(self.folder, keep_id, other_id, self.view.choices)
        except (ValidationError, FolderError) as exc:  # changed meanwhile, or the file
            self._show_merge()  # (as it is now; nothing was written)
            self._say_problem(f"Not merged: {getattr(exc, 'message', None) or exc}")
            return False
        self.undo_stack.push(DoneCommand.of(f"Merge {other_name} into {keep_name}", step))
        self.merged.emit(keep_id, other_id)
        # Found again: the merged-in contact's pairs are gone, the kept one's carry its name
        # (and keys) as they are now. The next pair takes the merged one's place.
        self.model.set_rows(self._find_pairs())
        self._after_list_changed(row)
        return True

    def _dismiss(self) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        row = self.table.selectionModel().currentIndex().row()
        try:
            step = duplicates.dismiss(self.folder, pair.a.id, pair.b.id)
        except (ValidationError, FolderError) as exc:
            self._say_problem(f"Not kept apart: {getattr(exc, 'message', None) or exc}")
            return
        self.undo_stack.push(
            DoneCommand.of(f"Not the same person: {pair.a.name} and {pair.b.name}", step)
        )
        others = (self.model.row_at(i) for i in range(self.model.rowCount()))
        self.model.set_rows([p for p in others if p is not pair])
        self._after_list_changed(row)
