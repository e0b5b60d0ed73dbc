"""Marking follow-ups done and putting them off, each one step to undo: the same from the
Follow-ups tab (the rows selected) and from the home page (one row)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from networking_folder.domain.model import FollowUpKind
from networking_folder.services import Folder
from networking_folder.ui.commands import DoneCommand
from networking_folder.ui.formatting import format_date


def mark_done(parent: QWidget, folder: Folder, undo_stack, ids: list[int], what: str) -> None:
    """Ask how it went (optional), then mark ``what`` (“the title” or "3 follow-ups") done.
    The question to a referrer (R10) asks for their answer instead, and keeps it."""
    if len(ids) == 1 and folder.follow_ups.get(ids[0]).kind is FollowUpKind.ASK_ALSO_GIVEN:
        answer_also_given(parent, folder, undo_stack, ids[0])
        return
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


def answer_also_given(parent: QWidget, folder: Folder, undo_stack, follow_up_id: int) -> None:
    """R10: what the referrer said, kept in the referral's "also given to"."""
    follow_up = folder.follow_ups.get(follow_up_id)
    referral = folder.referrals.get(follow_up.referral_id)
    who = folder.contacts.get(referral.partner_id).name
    prospect = folder.contacts.get(referral.prospect_id).name
    answer, ok = QInputDialog.getText(
        parent, "Who else got the referral?",
        f"Did {who} also refer {prospect} to someone else?\n\n"
        "Write whom (it is kept with the referral), or leave it empty if no one else:",
        QLineEdit.EchoMode.Normal, "",
    )  # fmt: skip
    if not ok:
        return
    before = folder.follow_ups.answer_also_given(follow_up_id, answer)
    undo_stack.push(
        DoneCommand(
            f"Note who else got the referral of {prospect}",
            undo=lambda: folder.follow_ups.unanswer_also_given(follow_up_id, before),
            redo=lambda: folder.follow_ups.answer_also_given(follow_up_id, answer),
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
