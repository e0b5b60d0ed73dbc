"""Drafts: the note being written, saved as it is typed, so that nothing typed is lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from networking_folder.domain.model import Draft, InteractionKind
from networking_folder.domain.validation import scrub_text
from networking_folder.store.records import now
from networking_folder.store.values import as_date, as_datetime

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

_COLUMNS = "id, contact_id, contact_name, kind, at, body, next_step, next_due, updated_at"


class DraftService:
    def __init__(self, folder: Folder) -> None:
        self.folder = folder

    def save(self, draft: Draft) -> int:
        """Keep the draft (one small transaction); returns its id. Never a note until saved.
        Nothing typed is refused here (saving the note checks it): text that cannot be stored
        as it is, such as half of an emoji, is scrubbed."""
        values = (
            draft.contact_id,
            scrub_text(draft.contact_name),
            draft.kind.value,
            draft.at.isoformat(sep=" ") if draft.at else None,
            scrub_text(draft.body),
            scrub_text(draft.next_step),
            draft.next_due.isoformat() if draft.next_due else None,
            now().isoformat(sep=" "),
        )
        with self.folder.transaction():
            if draft.id is None:
                cursor = self.folder.db.execute_sql(
                    "INSERT INTO draft (contact_id, contact_name, kind, at, body, next_step, next_due, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    values,
                )
                draft.id = cursor.lastrowid
            else:
                cursor = self.folder.db.execute_sql(
                    "UPDATE draft SET contact_id = ?, contact_name = ?, kind = ?, at = ?, body = ?, next_step = ?, "
                    "next_due = ?, updated_at = ? WHERE id = ?",
                    (*values, draft.id),
                )
                if cursor.rowcount == 0:  # discarded elsewhere meanwhile: keep what is typed
                    draft.id = None
                    return self.save(draft)
        return draft.id

    def discard(self, draft_id: int | None) -> None:
        if draft_id is not None:
            with self.folder.transaction():
                self.folder.db.execute_sql("DELETE FROM draft WHERE id = ?", (draft_id,))

    def all(self) -> list[Draft]:
        """Drafts left from before, oldest first (those with anything in them)."""
        rows = self.folder.query(f"SELECT {_COLUMNS} FROM draft ORDER BY updated_at, id")
        drafts = [
            Draft(
                body=body,
                contact_id=contact_id,
                contact_name=contact_name,
                kind=InteractionKind(kind),
                at=as_datetime(at),
                next_step=next_step,
                next_due=as_date(next_due),
                updated_at=as_datetime(updated),
                id=draft_id,
            )
            for draft_id, contact_id, contact_name, kind, at, body, next_step, next_due, updated in rows
        ]
        return [d for d in drafts if not d.is_empty]
