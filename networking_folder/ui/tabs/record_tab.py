"""What the four working tabs share: a search box, a table, New / Edit / Delete."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from networking_folder.services import Change, Folder
from networking_folder.ui.commands import DoneCommand
from networking_folder.ui.models.row_table_model import ONE_BY_ONE, Column, RowTableModel
from networking_folder.ui.tabs.stale import ReadWhenShown


class RecordTab(ReadWhenShown, QWidget):
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
        # Records changed since the rows were read (UUIDs by table, as Folder.touched says):
        # only their rows are read again (catch_up), while the tab is not stale.
        self._touched: dict[str, set[str]] = {}

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
        self.view.setAccessibleName(self.plural.capitalize())
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
        # A narrowed column still shows a few letters (the full text is in its tooltip).
        header.setMinimumSectionSize(max(48, 6 * header.fontMetrics().averageCharWidth()))
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_context_menu)
        # Until the user sizes a column, widths follow the table: the defaults where they fit,
        # shrunk alike where they don't, so no tab scrolls sideways on a laptop.
        self._widths_set = False
        self._arranging = False
        self._laid_out = False  # the table has had its real width once
        self._after_paint: list = []  # extras that wait until the rows are on screen
        self.page = None  # the record's page beside the list, if the tab has one
        self.reset_columns()
        header.sectionResized.connect(self._section_resized)
        self.view.viewport().installEventFilter(self)
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

    def rows_touched(self, touched: dict[str, set[str]]) -> tuple[set[int], list[Any]] | None:
        """After a change to these records (UUIDs by table): the ids of the rows it may have
        changed, and those rows as they are now (an id without a row has left the list).
        None: read every row again (the default, for a tab that cannot tell)."""
        return None

    def first_screen(self, limit: int) -> tuple[list[Any], int] | None:
        """The first ``limit`` rows exactly as the list will order them, and how many rows
        there are in all, read quickly for the window's first paint; None (the default) when
        the tab cannot read them apart from the rest in the current order."""
        return None

    # -- loading ---------------------------------------------------------------------
    PARTIAL_LIMIT = 500  # more changed records or rows than this: every row is read again
    FIRST_SCREEN = 100  # rows painted first when the window opens on a long list
    _first_screen_total: int | None = None  # all the rows, while only the first are read

    def load_for_opening(self) -> None:
        """As the window opens on this tab: its first screen of rows only, when the tab can
        read them apart, and the rest just after they are painted (``read_the_rest``)."""
        if self._loaded:
            return
        first = self.first_screen(self.FIRST_SCREEN)
        if first is None or first[1] <= len(first[0]):
            self.ensure_loaded()
            return
        rows, self._first_screen_total = first
        self.model.set_rows(rows)
        self._stale = False
        self._loaded = True
        self._emit_count()
        self.after_paint(self.read_the_rest)

    def read_the_rest(self) -> None:
        """Every row, after a first screen; nothing if they were read already."""
        if self._first_screen_total is not None:
            self.reload()

    def reload(self) -> None:
        """Fetch the rows again, keeping the selection."""
        self._first_screen_total = None
        selected = self.selected_ids()
        current = self.current_id()
        self._touched = {}
        self.model.set_rows(self.load_rows())
        self._stale = False
        self._loaded = True
        self.select_ids(selected, current)
        self._emit_count()

    def _on_change(self, changes: frozenset[Change]) -> None:
        """A change the tab shows: only the rows of the records it touched are read again
        when the folder says which they were; every row when it cannot (another program's
        change, a restore) or when they are many (an import)."""
        if not changes & self.changes:
            return
        touched = self.folder.touched
        if touched is None or self._stale or not self._loaded or self._first_screen_total is not None:
            self.mark_stale()
            return
        for table, uuids in touched.items():
            self._touched.setdefault(table, set()).update(uuids)
        if sum(map(len, self._touched.values())) > self.PARTIAL_LIMIT:
            self.mark_stale()
        elif self.isVisible():
            QTimer.singleShot(0, self, self.catch_up)

    def catch_up(self) -> None:
        """Show the changes made since the rows were read: the rows of the records changed
        (moved where the sort puts them, gone if they no longer match the search), or every
        row when the tab is stale."""
        if self._stale:
            if self._loaded or self.isVisible():
                self.reload()
            return
        touched, self._touched = self._touched, {}
        if not touched:
            return
        found = self.rows_touched(touched)
        if found is None or len(found[0]) > self.PARTIAL_LIMIT:
            self.reload()
            return
        ids, rows = found
        current = self.current_id()
        if len(ids) <= ONE_BY_ONE:  # (the selection and the current row follow their rows)
            self.model.update_rows(ids, rows)
        else:  # (the model is reset: select again, as after a reload)
            selected = self.selected_ids()
            self.model.update_rows(ids, rows)
            self.select_ids(selected, current)
        if current is not None and not self.model.index_of_id(current).isValid():
            # Its row went (deleted, or no longer found): no row is current, as after a
            # reload (the view would have moved on to the row above).
            self.view.selectionModel().clearCurrentIndex()
        self._emit_count()

    def showEvent(self, event) -> None:
        super().showEvent(event)  # (a stale tab reads every row)
        if self._touched:
            self.catch_up()

    def ensure_loaded(self) -> None:
        super().ensure_loaded()
        if self._touched:
            self.catch_up()

    def after_paint(self, callback) -> None:
        """Run ``callback`` once the rows have been painted: the user sees the list first, and
        extras that take a scan of the folder (a rule's warnings) fill in after it."""
        if callback not in self._after_paint:
            self._after_paint.append(callback)
        self.view.viewport().update()

    def add_side_page(self, page, splitter_name: str, sizes: tuple[int, int] = (800, 520)) -> None:
        """Master–detail: the list on the left, ``page`` (a DetailPage) on the right, following
        the current row; where the user puts the handle is remembered."""
        self.page = page
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName(splitter_name)
        self.splitter.setChildrenCollapsible(False)
        layout = self.layout()
        at = layout.indexOf(self.view)
        layout.removeWidget(self.view)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(page)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes(list(sizes))  # until the user moves the handle (remembered)
        layout.insertWidget(at, self.splitter, 1)
        self.view.selectionModel().currentRowChanged.connect(
            lambda *_: page.follow(self.current_id())
        )
        # A reload or a filter resets the model without moving the current row's signal: the
        # page follows the list's current row then too (none: the empty page).
        self.model.modelReset.connect(lambda: page.follow(self.current_id()))
        self.model.layoutChanged.connect(lambda *_: page.follow(self.current_id()))

    def detach(self) -> None:
        self.folder.unsubscribe(self._on_change)
        if self.page is not None:
            self.page.detach()

    # -- selection -------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.model.row_at(r).id for r in rows if r < self.model.rowCount()]

    def current_id(self) -> int | None:
        row = self.model.row(self.view.currentIndex())
        return None if row is None else row.id

    def select_ids(self, ids: Sequence[int], current: int | None = None) -> None:
        self.read_the_rest()  # (a row asked for may be past the first screen)
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
        self.read_the_rest()  # (typed before they were read: the search is over them all)
        self.model.set_filter(text)
        # The rows' layout now, not from a timer after the next paint: the rows are then
        # painted once a keystroke, not twice (6 ms a paint at 100,000 rows).
        self.view.doItemsLayout()
        self._emit_count()

    def eventFilter(self, watched, event) -> bool:
        from PySide6.QtCore import QEvent

        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._laid_out = True
            if getattr(self, "empty_state", None) is not None:
                self.empty_state.setGeometry(self.view.viewport().rect())
            if not self._widths_set:
                self.fit_columns(event.size().width())
            return False
        if watched is self.view.viewport() and event.type() == QEvent.Type.Paint:
            if self._after_paint:
                waiting, self._after_paint = self._after_paint, []
                for callback in waiting:
                    QTimer.singleShot(0, self, callback)
            return False
        # Down arrow in the search box moves into the results, Escape clears the search.
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
        if self._first_screen_total is not None:  # (the first rows of them all are shown)
            shown = total = self._first_screen_total
        noun = self.noun if total == 1 else self.plural
        text = f"{shown:,} of {total:,} {noun}" if shown != total else f"{total:,} {noun}"
        selected = len(self.view.selectionModel().selectedRows())
        return f"{text} · {selected:,} selected" if selected > 1 else text

    def _emit_count(self) -> None:
        self.countChanged.emit(self.count_text())
        self._show_empty_state()

    # -- the empty state: what goes here, and the button that adds the first one ------
    def empty_text(self) -> tuple[str, str]:
        """(one line on what goes in this list, the button that adds the first one)."""
        return (f"No {self.plural} yet.", f"Add the first {self.noun}")

    def _show_empty_state(self) -> None:
        empty = self._loaded and self.model.rowCount() == 0
        if not empty:
            if getattr(self, "empty_state", None) is not None:
                self.empty_state.hide()
            return
        if getattr(self, "empty_state", None) is None:
            from PySide6.QtWidgets import QLabel, QPushButton

            self.empty_state = QWidget(self.view.viewport())
            self.empty_state.setObjectName("empty_state")
            self.empty_label = QLabel(self.empty_state)
            self.empty_label.setWordWrap(True)
            self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.empty_button = QPushButton(self.empty_state)
            self.empty_button.clicked.connect(lambda: self.new_record())
            box = QVBoxLayout(self.empty_state)
            box.addStretch(1)
            box.addWidget(self.empty_label)
            box.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignHCenter)
            box.addStretch(2)
        searching = self.search.text().strip()
        if searching:
            self.empty_label.setText(f"Nothing here matches “{searching}”.")
            self.empty_button.hide()
        else:
            line, button = self.empty_text()
            self.empty_label.setText(line)
            self.empty_button.setText(button)
            self.empty_button.show()
        self.empty_state.setGeometry(self.view.viewport().rect())
        self.empty_state.show()
        self.empty_state.raise_()

    # -- columns: priorities, the header's menu, widths that fit ------------------------
    def reset_columns(self) -> None:
        """The columns as shipped: the less important hidden, in their order, at their widths."""
        header = self.view.horizontalHeader()
        self._arranging = True
        try:
            for number, column in enumerate(self.model.columns):
                header.moveSection(header.visualIndex(number), number)
                header.setSectionHidden(number, False)  # a hidden title has no size to measure
                header.resizeSection(number, self._default_width(number))
                header.setSectionHidden(number, not column.shown)
        finally:
            self._arranging = False
        self._widths_set = False
        self.fit_columns()

    def _default_width(self, number: int) -> int:
        # Never narrower than the column's title (and the sort arrow) needs.
        return max(self.model.columns[number].width, self._least_width(number))

    def _least_width(self, number: int) -> int:
        header = self.view.horizontalHeader()
        return max(header.minimumSectionSize(), header.sectionSizeHint(number))

    def shown_columns(self) -> list[int]:
        """The logical numbers of the columns on screen, left to right."""
        header = self.view.horizontalHeader()
        return [
            header.logicalIndex(visual)
            for visual in range(header.count())
            if not header.isSectionHidden(header.logicalIndex(visual))
        ]

    def fit_columns(self, available: int | None = None) -> None:
        """Narrow the widest shown columns first, none below its title, until all fit.

        Long text gives way (it elides, whole in its tooltip) before a date or a name does.
        While the user has not sized a column, each starts from its default width (so the
        columns grow back when the window does); after, from the width the user gave it.
        The last column stretches over whatever room is left.
        """
        header = self.view.horizontalHeader()
        shown = self.shown_columns()
        if available is None and self._laid_out:
            available = self.view.viewport().width()
        if not shown or not available or available <= 0:
            return  # not laid out yet: the first resize fits the columns
        if self._widths_set:
            widths = {n: header.sectionSize(n) for n in shown}
        else:
            widths = {n: self._default_width(n) for n in shown}
        least = {n: min(widths[n], self._least_width(n)) for n in shown}

        def capped(cap: int) -> dict[int, int]:
            return {n: max(least[n], min(widths[n], cap)) for n in shown}

        if sum(widths.values()) > available:
            low, high = 0, max(widths.values())  # the widest cap at which all still fit
            while low < high:
                middle = (low + high + 1) // 2
                if sum(capped(middle).values()) <= available:
                    low = middle
                else:
                    high = middle - 1
            widths = capped(low)
        self._arranging = True
        try:
            for number in shown:
                if header.sectionSize(number) != widths[number]:
                    header.resizeSection(number, widths[number])
        finally:
            self._arranging = False

    def _section_resized(self, number: int, _old: int, _new: int) -> None:
        # The stretched last column is sized by the header itself, never by the user alone.
        shown = self.shown_columns()
        if not self._arranging and shown and number != shown[-1] and number in shown:
            self._widths_set = True

    def show_column(self, number: int, show: bool) -> None:
        header = self.view.horizontalHeader()
        if not show and self.shown_columns() == [number]:
            return  # one column always stays
        self._arranging = True
        try:
            header.setSectionHidden(number, not show)
            if show and header.sectionSize(number) < self._least_width(number):
                header.resizeSection(number, self._default_width(number))
        finally:
            self._arranging = False
        self.fit_columns()
        top = self.view.indexAt(QPoint(0, 0))
        if show and top.isValid():  # in sight, should the table be too narrow for it
            self.view.scrollTo(top.siblingAtColumn(number))

    def header_menu(self) -> QMenu:
        """Which columns to show, ticked; and the way back to the columns as shipped."""
        menu = QMenu(self)
        menu.setObjectName("columns_menu")
        header = self.view.horizontalHeader()
        shown = self.shown_columns()
        for number in sorted(range(header.count()), key=header.visualIndex):
            action = menu.addAction(self.model.columns[number].title)
            action.setCheckable(True)
            action.setChecked(number in shown)
            action.setEnabled(shown != [number])  # the last column on screen stays
            action.toggled.connect(lambda on, number=number: self.show_column(number, on))
        menu.addSeparator()
        menu.addAction("&Reset columns", self.reset_columns)
        return menu

    def _header_context_menu(self, position) -> None:
        menu = self.header_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.horizontalHeader().viewport().mapToGlobal(position))

    # -- remembered layout -----------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue(f"tables/{self.settings_key}", self.view.horizontalHeader().saveState())
        settings.setValue(f"tables/{self.settings_key}_widths_set", self._widths_set)
        if self.page is not None:
            settings.setValue(f"splitters/{self.settings_key}", self.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value(f"tables/{self.settings_key}")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self._arranging = True
            try:
                restored = self.view.horizontalHeader().restoreState(state)
            finally:
                self._arranging = False
            if restored:
                # Widths the user set stay as they were (so do those of a layout saved
                # before widths followed the window); the others fit the table again.
                set_key = f"tables/{self.settings_key}_widths_set"
                self._widths_set = settings.value(set_key, True, type=bool)
        if self.page is not None:
            splitter = settings.value(f"splitters/{self.settings_key}")
            if isinstance(splitter, QByteArray) and not splitter.isEmpty():
                self.splitter.restoreState(splitter)
