"""Search everything from the toolbar (Ctrl+K): results as you type, grouped by kind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLineEdit

from networking_folder.services import Folder
from networking_folder.services.search import SearchHit

if TYPE_CHECKING:
    from PySide6.QtWidgets import QListWidget, QListWidgetItem

HEADINGS = {"contact": "Contacts", "referral": "Referrals", "note": "Notes"}
HIT_ROLE = Qt.ItemDataRole.UserRole + 1


class SearchBox(QLineEdit):
    """``opened(kind, id)`` when the user picks a result."""

    opened = Signal(str, int)

    def __init__(self, folder: Folder, parent=None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.setObjectName("search_everything")
        self.setPlaceholderText("Search everything (Ctrl+K)")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(260)
        self.setAccessibleName("Search everything")
        self._results: QListWidget | None = None  # made with the first search (start-up)
        self.textEdited.connect(self.refresh)
        self.textChanged.connect(lambda text: self._hide_results() if not text else None)

    @property
    def results(self) -> QListWidget:
        """The list of results, which floats under the field without taking the keyboard
        from it. Owned by the field (a parentless widget outlives QApplication and crashes
        the exit), yet a window of its own."""
        if self._results is not None:
            return self._results
        from PySide6.QtWidgets import QListWidget

        results = self._results = QListWidget(self)
        results.setWindowFlags(Qt.WindowType.ToolTip)
        results.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        results.setUniformItemSizes(False)
        results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        results.setTextElideMode(Qt.TextElideMode.ElideRight)
        results.setStyleSheet(
            "QListWidget { border: 1px solid palette(dark); background: palette(base); }"
            "QListWidget::item { padding: 3px 8px; border-bottom: 1px solid palette(midlight); }"
            "QListWidget::item:selected { background: palette(highlight); color: palette(highlighted-text); }"
        )
        results.itemClicked.connect(self._open_item)
        return results

    def _hide_results(self) -> None:
        if self._results is not None:
            self._results.hide()

    def refresh(self) -> None:
        text = self.text().strip()
        if not text:
            self._hide_results()
            if self._results is not None:
                self._results.clear()
            return
        from PySide6.QtWidgets import QListWidgetItem

        self.results.clear()
        hits = self.folder.search.find(text)
        if not hits:
            empty = QListWidgetItem(f"Nothing found for “{text}”")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(empty)
        kind = None
        for hit in hits:
            if hit.kind != kind:
                kind = hit.kind
                heading = QListWidgetItem(HEADINGS[kind])
                heading.setFlags(Qt.ItemFlag.NoItemFlags)
                font = QFont(self.font())
                font.setBold(True)
                heading.setFont(font)
                self.results.addItem(heading)
            item = QListWidgetItem(f"{hit.title}\n{hit.snippet}" if hit.snippet else hit.title)
            item.setData(HIT_ROLE, hit)
            item.setToolTip(hit.snippet)
            self.results.addItem(item)
        self._select(self._first_hit_row())
        self._place()
        self.results.show()

    def hits(self) -> list[SearchHit]:
        """The results shown now, in order."""
        if self._results is None:
            return []
        return [
            self.results.item(row).data(HIT_ROLE)
            for row in range(self.results.count())
            if self.results.item(row).data(HIT_ROLE) is not None
        ]

    def _place(self) -> None:
        """Under the field, tall enough for what it shows (up to a screenful), and inside
        the window: a popup that runs past the window's edge is cut off on a laptop."""
        window = self.window().geometry()
        screen = (self.screen() or self.window().screen()).availableGeometry()
        right = min(window.right(), screen.right())
        width = min(max(self.width(), 460), max(right - window.left() - 8, self.width()))
        self.results.setFixedWidth(width)
        line = self.results.fontMetrics().lineSpacing()
        height = 6
        for row in range(self.results.count()):
            item = self.results.item(row)
            lines = item.text().count("\n") + 1
            height += lines * line + 8  # the item's padding and its rule
        below = self.mapToGlobal(QPoint(0, self.height()))
        room = min(window.bottom(), screen.bottom()) - below.y() - 8
        fits = height <= room
        self.results.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded if not fits else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.results.setFixedHeight(max(min(height, room), 2 * line))
        x = min(below.x(), right - width - 1)  # pulled left rather than past the edge
        self.results.move(QPoint(max(x, min(window.left(), screen.left())), below.y()))

    def _first_hit_row(self) -> int:
        for row in range(self.results.count()):
            if self.results.item(row).data(HIT_ROLE) is not None:
                return row
        return -1

    def _select(self, row: int) -> None:
        if row >= 0:
            self.results.setCurrentRow(row)

    def _step(self, delta: int) -> None:
        row = self.results.currentRow() + delta
        while 0 <= row < self.results.count():
            if self.results.item(row).data(HIT_ROLE) is not None:
                self._select(row)
                return
            row += delta

    def _open_item(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE) if item is not None else None
        if hit is not None:
            self.results.hide()
            self.opened.emit(hit.kind, hit.id)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if self._results is not None and self._results.isVisible():
            if key == Qt.Key.Key_Down:
                self._step(1)
                return
            if key == Qt.Key.Key_Up:
                self._step(-1)
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open_item(self.results.currentItem())
                return
            if key == Qt.Key.Key_Escape:
                self.results.hide()
                return
        elif key == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self._hide_results()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.Hide:
            self._hide_results()
        return super().event(event)
