"""Notes and logged interactions (calls, one-to-ones, events)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from networking_folder.domain.model import (
    Contact,
    FollowUp,
    FollowUpKind,
    InteractionKind,
    Note,
    Status,
)
from networking_folder.domain.validation import MAX_TEXT, ValidationError, check_date, clean_text
from networking_folder.store.records import NoteRecord, now

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder


class NoteService:
    def __init__(self, folder: Folder) -> None:
        self.folder = folder

    def create(self, note: Note) -> int:
        """Save a note; for a contact it counts as a touch (R7's clock starts again)."""
        from networking_folder.services.folder import Change

        if len(note.body) > MAX_TEXT:
            raise ValidationError("body", "That note is too long (over five million characters).")
        body = clean_text("body", note.body, "The note")
        if not body.strip():
            raise ValidationError("body", "The note is empty: write something first.")
        check_date("at", note.at, "The note's date")
        at = note.at or now()
        with self.folder.transaction(Change.NOTES, Change.CONTACTS, Change.FOLLOW_UPS):
            note_id = self.folder.writes.create(
                NoteRecord,
                kind=note.kind.value,
                at=at,
                contact=note.contact_id,
                referral=note.referral_id,
                body=body,
            )
            if note.contact_id:
                self.folder.rules.touched(note.contact_id, at.date(), note.kind.label)
            return note_id

    def log(
        self,
        note: Note,
        new_contact: str = "",
        next_step: str = "",
        next_due: dt.date | None = None,
        draft_id: int | None = None,
    ) -> int:
        """Save a note from the quick-note window, all in one transaction: a new contact named
        only by a name, the note, its next step as a follow-up, and the end of its draft."""
        from networking_folder.services.folder import Change

        check_date("next_due", next_due, "The next step's date")
        with self.folder.transaction(Change.NOTES, Change.CONTACTS, Change.FOLLOW_UPS):
            if new_contact.strip():
                note.contact_id = self.folder.contacts.create(
                    Contact(name=new_contact, how_met=note.kind.label)
                )
            note_id = self.create(note)
            if next_step.strip():
                if next_due is None:
                    raise ValidationError("next_due", "When is the next step due?")
                when = (note.at or now()).date()
                self.folder.follow_ups.create(
                    FollowUp(
                        title=next_step,
                        due=next_due,
                        contact_id=note.contact_id,
                        referral_id=note.referral_id or self._open_referral_of(note.contact_id),
                        kind=FollowUpKind.CUSTOM,
                        reason=f"The next step from your {note.kind.label.lower()} note of {when:%b} {when.day}.",
                    )
                )
            self.folder.drafts.discard(draft_id)
        return note_id

    def _open_referral_of(self, prospect_id: int | None) -> int | None:
        """The referral a next step is about: the one open referral whose prospect the note is
        with (so the tracking sheet shows it as that referral's next step); None if there
        is none, or several to choose from."""
        if prospect_id is None:
            return None
        rows = self.folder.query(
            "SELECT id, status FROM referral WHERE deleted_at IS NULL AND prospect_id = ?",
            (prospect_id,),
        )
        open_ones = [rid for rid, status in rows if Status(status).is_open]
        return open_ones[0] if len(open_ones) == 1 else None

    def log_event(
        self, name: str, on: dt.datetime, people: list[int], new_people: list[str], body: str = ""
    ) -> list[int]:
        """A networking event and the people met there, in one transaction: each new person is
        added (R1 gives them a first-contact follow-up) and everyone gets a note of it, which
        counts as a touch. Returns the ids of everyone met."""
        from networking_folder.domain import rules
        from networking_folder.services.folder import Change

        name = clean_text("name", name, "The event's name", one_line=True)
        if not name:
            raise ValidationError("name", "Name the event (for example “Chamber mixer”).")
        check_date("when", on, "The event's date")
        body = clean_text("body", body, "The note")
        new_people = [clean_text("people", n, "A name", one_line=True) for n in new_people]
        new_people = [n for n in new_people if n]
        if not people and not new_people:
            raise ValidationError("people", "Add the people you met.")
        with self.folder.transaction(Change.NOTES, Change.CONTACTS, Change.FOLLOW_UPS):
            calendar = self.folder.rules.calendar()
            met = list(dict.fromkeys(people))
            for person in new_people:
                contact_id = self.folder.contacts.create(
                    Contact(name=person, how_met=name, met_on=on.date())
                )
                self.folder.rules.plant(
                    rules.first_contact_for_new_person(
                        contact_id, person, on.date(), name, calendar
                    )
                )
                met.append(contact_id)
            text = f"Met at {name}." + (f"\n\n{body.strip()}" if body.strip() else "")
            for contact_id in met:
                self.create(Note(text, contact_id=contact_id, kind=InteractionKind.EVENT, at=on))
        return met

    def get(self, note_id: int) -> Note:
        rec = NoteRecord.get_by_id(note_id)
        return Note(
            rec.body, rec.contact_id, rec.referral_id, InteractionKind(rec.kind), rec.at, rec.id
        )

    def for_contact(self, contact_id: int) -> list[Note]:
        query = (
            NoteRecord.live().where(NoteRecord.contact == contact_id).order_by(NoteRecord.at.desc())
        )
        return [
            Note(
                rec.body, rec.contact_id, rec.referral_id, InteractionKind(rec.kind), rec.at, rec.id
            )
            for rec in query
        ]
