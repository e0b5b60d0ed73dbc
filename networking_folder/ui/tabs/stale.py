"""What every tab does about changes to the folder: a change of a kind it shows marks it
stale; it reads itself again when next on screen (at once if it is on screen, once per burst
of changes, after the current event)."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from networking_folder.services import Change


class ReadWhenShown:
    """Mixed into a QWidget (before it) that defines ``reload()`` and subscribes
    ``_on_change`` to its folder; ``changes`` says which kinds of change it shows."""

    changes: frozenset[Change] = frozenset()
    _stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def ensure_loaded(self) -> None:
        if self._stale:
            self.reload()

    def invalidate(self) -> None:
        """Show it afresh: now if the tab is on screen, else when it is next shown."""
        self._stale = True
        if self.isVisible():
            self.reload()

    def _on_change(self, changes: frozenset[Change]) -> None:
        if not changes & self.changes:
            return
        self.mark_stale()

    def mark_stale(self) -> None:
        """Read again after the current event when on screen (a burst of changes, once)."""
        self._stale = True
        if self.isVisible():
            QTimer.singleShot(0, self, self._reload_if_stale)

    def _reload_if_stale(self) -> None:
        if self._stale:
            self.reload()
