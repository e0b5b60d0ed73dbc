"""What the four working tabs share: a search box, a table, New / Edit / Delete."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from networking_folder.services import Change, Folder
from networking_folder.ui.commands import DoneCommand
from networking_folder.ui.models.row_table_model import Column, RowTableModel


class RecordTab(QWidget):
    """Subclasses say what they show (``columns``, ``load_rows``) and how to edit it."""

    countChanged = Signal(str)
    selectionChanged = Signal()

    noun = "record"
    plural = "records"
    settings_key = "records"
    changes: frozenset[Change] = frozenset()
    default_sort = (0, Qt.SortOrder.AscendingOrder)

    def __init__(
        self, folder: Folder, undo_stack: QUndoStack, actions: dict[str, QAction], parent=None
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self.undo_stack = undo_stack
        self.actions = actions
        self._loaded = False
        self._stale = True

        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(f"Find {self.plural} (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(f"Find {self.plural}")
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)

        self.model = RowTableModel(self.columns(), self)
        self.view = QTableView(self)
        self.view.setObjectName("table")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        # Fixed row height: the view never measures 100k rows.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        for number, column in enumerate(self.model.columns):
            header.resizeSection(number, column.width)
        self.view.sortByColumn(*self.default_sort)
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.selectionChanged.emit())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._emit_count())

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        for name in self.button_actions():
            button = QToolButton(self)
            button.setDefaultAction(actions[name])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            top.addWidget(button)
        self.extend_toolbar(top)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

        folder.subscribe(self._on_change)

    # -- what subclasses provide ----------------------------------------------------
    def columns(self) -> Sequence[Column]:
        raise NotImplementedError

    def load_rows(self) -> list[Any]:
        raise NotImplementedError

    # Dialogs are imported when first opened, not at start-up (it keeps the first paint quick).

    def new_record(self) -> None:
        raise NotImplementedError

    def edit_record(self, row_id: int) -> None:
        raise NotImplementedError

    def delete_records(self, ids: list[int]) -> None:
        raise NotImplementedError

    def button_actions(self) -> list[str]:
        """Actions shown as buttons beside the search box (the toolbar has the common ones)."""
        return []

    def context_actions(self) -> list[str | None]:
        return ["new", "edit", None, "delete"]

    def extend_toolbar(self, layout: QHBoxLayout) -> None:
        """Room for a tab's own controls beside the search box."""

    # -- loading ---------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def ensure_loaded(self) -> None:
        if self._stale:
            self.reload()

    def reload(self) -> None:
        """Fetch the rows again, keeping the selection."""
        selected = self.selected_ids()
        current = self.current_id()
        self.model.set_rows(self.load_rows())
        self._stale = False
        self._loaded = True
        self.select_ids(selected, current)
        self._emit_count()

    def invalidate(self) -> None:
        """Show the rows afresh: now if the tab is on screen, else when it is next shown."""
        self._stale = True
        if self.isVisible():
            self.reload()

    def _on_change(self, changes: frozenset[Change]) -> None:
        if not changes & self.changes:
            return
        self._stale = True
        if self.isVisible():
            # Coalesce a burst of changes into one reload, after the current event.
            QTimer.singleShot(0, self._reload_if_stale)

    def _reload_if_stale(self) -> None:
        if self._stale:
            self.reload()

    def detach(self) -> None:
        self.folder.unsubscribe(self._on_change)

    # -- selection -------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.model.row_at(r).id for r in rows if r < self.model.rowCount()]

    def current_id(self) -> int | None:
        row = self.model.row(self.view.currentIndex())
        return None if row is None else row.id

    def select_ids(self, ids: Sequence[int], current: int | None = None) -> None:
        selection = self.view.selectionModel()
        selection.clearSelection()
        wanted = set(ids)
        first = None
        if wanted:
            from PySide6.QtCore import QItemSelection, QItemSelectionModel

            chosen = QItemSelection()
            for position in range(self.model.rowCount()):
                if self.model.row_at(position).id in wanted:
                    chosen.select(
                        self.model.index(position, 0),
                        self.model.index(position, len(self.model.columns) - 1),
                    )
                    first = first if first is not None else position
            selection.select(chosen, QItemSelectionModel.SelectionFlag.Select)
        target = (
            self.model.index_of_id(current)
            if current is not None
            else (self.model.index(first, 0) if first is not None else None)
        )
        if target is not None and target.isValid():
            from PySide6.QtCore import QItemSelectionModel

            selection.setCurrentIndex(target, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(target)

    def select_id(self, row_id: int) -> None:
        self.select_ids([row_id], row_id)

    # -- undoable changes ------------------------------------------------------------
    def push_created(self, text: str, row_id: int, delete: Callable[[list[int]], int]) -> None:
        """Record a creation already made; undo moves it to the trash, redo brings it back."""
        batches: list[int] = []
        self.undo_stack.push(
            DoneCommand(
                text,
                undo=lambda: batches.append(delete([row_id])),
                redo=lambda: self.folder.trash.restore(batches.pop()),
            )
        )

    def push_edited(
        self, text: str, before: Any, after: Any, update: Callable[[Any], None]
    ) -> None:
        self.undo_stack.push(
            DoneCommand(text, undo=lambda: update(before), redo=lambda: update(after))
        )

    def delete_undoably(
        self, text: str, ids: list[int], delete: Callable[[list[int]], int]
    ) -> None:
        """Move rows to the trash now; undo restores exactly what went."""
        batches = [delete(ids)]
        self.undo_stack.push(
            DoneCommand(
                text,
                undo=lambda: self.folder.trash.restore(batches[-1]),
                redo=lambda: batches.append(delete(ids)),
            )
        )

    def confirm_delete(self, what: str, extra: str = "") -> bool:
        text = f"Move {what} to the trash?"
        if extra:
            text += f"\n\n{extra}"
        text += "\n\nYou can undo this with Edit → Undo (Ctrl+Z)."
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText("Move to trash")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        return box.exec() == QMessageBox.StandardButton.Yes

    # -- actions ---------------------------------------------------------------------
    def edit_selected(self) -> None:
        row_id = self.current_id()
        if row_id is None:
            ids = self.selected_ids()
            row_id = ids[0] if ids else None
        if row_id is not None:
            self.edit_record(row_id)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.delete_records(ids)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        self._emit_count()

    def eventFilter(self, watched, event) -> bool:
        # Down arrow in the search box moves into the results, Escape clears the search.
        from PySide6.QtCore import QEvent

        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Down and self.model.rowCount():
                self.view.setFocus()
                if not self.view.currentIndex().isValid():
                    self.view.selectRow(0)
                return True
            if event.matches(QKeySequence.StandardKey.Cancel) and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def context_menu(self) -> QMenu:
        """The menu of the row under the cursor: the window's actions, and a tab's own."""
        menu = QMenu(self)
        for name in self.context_actions():
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions[name])
        return menu

    def _context_menu(self, position) -> None:
        self.context_menu().popup(self.view.viewport().mapToGlobal(position))

    def count_text(self) -> str:
        shown, total = self.model.rowCount(), self.model.total_count()
        noun = self.noun if total == 1 else self.plural
        text = f"{shown:,} of {total:,} {noun}" if shown != total else f"{total:,} {noun}"
        selected = len(self.view.selectionModel().selectedRows())
        return f"{text} · {selected:,} selected" if selected > 1 else text

    def _emit_count(self) -> None:
        self.countChanged.emit(self.count_text())

    # -- remembered layout -----------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue(f"tables/{self.settings_key}", self.view.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value(f"tables/{self.settings_key}")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.view.horizontalHeader().restoreState(state)
