"""Marking follow-ups done and putting them off, each one step to undo: the same from the
Follow-ups tab (the rows selected) and from the home page (one row)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from networking_folder.domain.model import FollowUpKind
from networking_folder.domain.validation import ValidationError
from networking_folder.services import Folder
from networking_folder.ui.commands import DoneCommand
from networking_folder.ui.formatting import format_date


def mark_done(parent: QWidget, folder: Folder, undo_stack, ids: list[int], what: str) -> None:
    """Ask how it went (optional), then mark ``what`` (“the title” or "3 follow-ups") done.
    The question to a referrer (R10) asks for their answer instead, and keeps it."""
    questions = [r.id for r in folder.follow_ups.rows(ids) if r.kind is FollowUpKind.ASK_ALSO_GIVEN]
    for question in questions:  # each asks for the referrer's answer, one by one
        answer_also_given(parent, folder, undo_stack, question)
    ids = [i for i in ids if i not in questions]
    if not ids:
        return
    if questions:
        what = f"{len(ids)} follow-up{'s' if len(ids) > 1 else ''}"
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
        QLineEdit.EchoMode.Normal, referral.also_given_to,
    )  # fmt: skip
    if not ok:
        return
    try:
        before = folder.follow_ups.answer_also_given(follow_up_id, answer)
    except ValidationError as problem:  # answered or deleted meanwhile
        QMessageBox.information(parent, "Who else got the referral?", problem.message)
        return
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
