"""Settings kept in the folder itself (they travel with it), as JSON values."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder


class SettingsService:
    def __init__(self, folder: Folder) -> None:
        self.folder = folder

    def get(self, key: str, default: Any = None) -> Any:
        # In SQL, not through a record: the first screen reads settings before peewee loads.
        rows = self.folder.query("SELECT value FROM setting WHERE key = ?", (key,))
        return default if not rows else json.loads(rows[0][0])

    def set(self, key: str, value: Any) -> None:
        from networking_folder.services.folder import Change

        with self.folder.transaction(Change.SETTINGS):
            self._put(key, value)

    def set_many(self, values: dict[str, Any]) -> None:
        """Several settings, saved together (one transaction)."""
        from networking_folder.services.folder import Change

        with self.folder.transaction(Change.SETTINGS, Change.FOLLOW_UPS):
            for key, value in values.items():
                self._put(key, value)

    def _put(self, key: str, value: Any) -> None:
        self.folder.writes.put_setting(key, json.dumps(value))

    def next_sequence(self, key: str) -> int:
        """The next number of a counter kept in the folder; call inside a transaction."""
        value = int(self.get(key, 0)) + 1
        self._put(key, value)
        return value
