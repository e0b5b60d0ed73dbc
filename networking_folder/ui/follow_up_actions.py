"""Marking follow-ups done and putting them off, each one step to undo: the same from the
Follow-ups tab (the rows selected) and from the home page (one row)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from networking_folder.services import Folder
from networking_folder.ui.commands import DoneCommand
from networking_folder.ui.formatting import format_date


def mark_done(parent: QWidget, folder: Folder, undo_stack, ids: list[int], what: str) -> None:
    """Ask how it went (optional), then mark ``what`` (“the title” or "3 follow-ups") done."""
    outcome, ok = QInputDialog.getText(
        parent, "Mark done", f"Mark {what} done.\n\nHow did it go? (optional)",
        QLineEdit.EchoMode.Normal, "",
    )  # fmt: skip
    if not ok:
        return
    folder.follow_ups.complete(ids, outcome)
    undo_stack.push(
        DoneCommand(
            f"Mark {what} done",
            undo=lambda: folder.follow_ups.reopen(ids),
            redo=lambda: folder.follow_ups.complete(ids, outcome),
        )
    )


def move(folder: Folder, undo_stack, ids: list[int], due: dt.date, verb: str = "Snooze") -> None:
    old = folder.follow_ups.reschedule(ids, due)
    undo_stack.push(
        DoneCommand(
            f"{verb} to {format_date(due)}",
            undo=lambda: folder.follow_ups.restore_dates(old),
            redo=lambda: folder.follow_ups.reschedule(ids, due),
        )
    )
