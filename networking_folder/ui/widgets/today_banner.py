"""What is overdue and due today: a banner the user can dismiss, never a modal that blocks work."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton

from networking_folder.ui import theme
from networking_folder.ui.formatting import format_date


def summary(overdue: int, due_today: int) -> str:
    parts = []
    if overdue:
        parts.append(f"{overdue} overdue")
    if due_today:
        parts.append(f"{due_today} due today")
    return " and ".join(parts)


class TodayBanner(QFrame):
    showRequested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("today_banner")
        # Painted from the theme's table (paintEvent), so it follows a light or dark palette.
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.overdue_icon = QLabel(self)  # beside the words when something is overdue
        self.overdue_icon.setAccessibleName("Overdue")
        self.overdue_icon.hide()  # (drawn when first shown: rendering it costs the first paint 7 ms)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.show_button = QPushButton("Show &follow-ups", self)
        self.show_button.clicked.connect(self.showRequested)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setToolTip("Dismiss until tomorrow")
        self.close_button.setAccessibleName("Dismiss")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.addWidget(self.overdue_icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.show_button)
        layout.addWidget(self.close_button)
        self.hide()

    def show_for(self, day: dt.date, overdue: int, due_today: int) -> None:
        """Show the day's summary, or stay hidden when nothing is due."""
        text = summary(overdue, due_today)
        if not text:
            self.hide()
            return
        self.label.setText(f"Today, {format_date(day)}: {text}.")
        if overdue > 0 and self.overdue_icon.pixmap().isNull():
            self._tint_icon()
        self.overdue_icon.setVisible(overdue > 0)
        self.show()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        # The icon's colour follows the palette, light or dark (once it has been drawn).
        palette_changed = (event.Type.PaletteChange, event.Type.ApplicationPaletteChange)
        if event.type() in palette_changed and not self.overdue_icon.pixmap().isNull():
            self._tint_icon()

    def _tint_icon(self) -> None:
        size = self.fontMetrics().height()
        self.overdue_icon.setPixmap(theme.tinted_icon("overdue", "overdue").pixmap(size))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(theme.colour("banner_border"), 1))
        painter.setBrush(theme.colour("banner_back"))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.end()
