"""What is overdue and due today: a banner the user can dismiss, never a modal that blocks work."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton

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
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#today_banner { background: #e8f0fa; border: 1px solid #9db7d9; border-radius: 4px; }"
        )
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
        self.show()
