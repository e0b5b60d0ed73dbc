"""Undo and redo of use-cases: each user action is done through the services first, then
recorded here with how to take it back."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand


class DoneCommand(QUndoCommand):
    """An action already carried out; ``undo`` and ``redo`` call the services again."""

    def __init__(self, text: str, undo: Callable[[], None], redo: Callable[[], None]) -> None:
        super().__init__(text)
        self._undo = undo
        self._redo = redo
        self._done_already = True

    def redo(self) -> None:
        if self._done_already:  # QUndoStack.push() calls redo(); the action already ran
            self._done_already = False
            return
        self._redo()

    def undo(self) -> None:
        self._undo()

    @classmethod
    def of(cls, text: str, step) -> DoneCommand:
        """A step the services recorded (services/steps.py RecordedStep), as done."""
        return cls(text, undo=step.undo, redo=step.redo)
