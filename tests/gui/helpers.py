from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication


def visible_column(tab, column: int) -> list[str]:
    model = tab.model
    return [
        model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
        for row in range(model.rowCount())
    ]


def select_row_with(qtbot, tab, text: str, column: int = 0) -> None:
    values = visible_column(tab, column)
    row = values.index(text)
    tab.view.selectRow(row)
    tab.view.setCurrentIndex(tab.model.index(row, 0))


def type_text(qtbot, widget, text: str) -> None:
    """Type as a keyboard would; QTest only synthesises ASCII keys, so other letters arrive
    as key events that carry their text (as an input method delivers them)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
                )


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    if hasattr(widget, "selectAll"):
        widget.selectAll()
    type_text(qtbot, widget, text)
