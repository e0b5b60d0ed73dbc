"""The services against a plain in-memory model of the folder (hypothesis stateful testing)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    precondition,
    rule,
)

from networking_folder.domain.model import Contact, Direction, Note, Referral
from networking_folder.domain.validation import ValidationError
from networking_folder.services import Folder

names = st.text(
    alphabet=st.characters(categories=("L", "N", "Zs", "P", "So")), min_size=0, max_size=30
)


class FolderModel(RuleBasedStateMachine):
    contacts = Bundle("contacts")

    def __init__(self) -> None:
        super().__init__()
        self.directory = Path(tempfile.mkdtemp(prefix="nf-state-"))
        self.folder = Folder.open(self.directory / "f")
        self.people: dict[int, str] = {}  # live contacts
        self.referrals: dict[int, tuple[int, int]] = {}  # live referral -> (partner, prospect)
        self.notes: dict[int, int] = {}  # live note -> contact
        self.trash: list[
            tuple[int, dict, dict, dict]
        ] = []  # (batch, people, referrals, notes) gone

    def teardown(self) -> None:
        self.folder.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    @rule(target=contacts, name=names)
    def add_contact(self, name):
        clean = " ".join(name.split())
        try:
            contact_id = self.folder.contacts.create(Contact(name=name))
        except ValidationError:
            assert not clean or len(clean) > 200
            return None
        assert clean
        self.people[contact_id] = clean
        return contact_id

    @rule(contact=contacts, name=names)
    def rename(self, contact, name):
        if contact not in self.people:
            return
        edited = self.folder.contacts.get(contact)
        edited.name = name
        try:
            self.folder.contacts.update(edited)
        except ValidationError:
            return
        self.people[contact] = " ".join(name.split())

    @rule(partner=contacts, prospect=contacts, direction=st.sampled_from(list(Direction)))
    def refer(self, partner, prospect, direction):
        if partner not in self.people or prospect not in self.people or partner == prospect:
            return
        rid = self.folder.referrals.create(
            Referral(direction, partner, prospect, dt.date(2026, 11, 20))
        )
        self.referrals[rid] = (partner, prospect)

    @rule(contact=contacts, body=st.text(min_size=1, max_size=50))
    def write_note(self, contact, body):
        if contact not in self.people:
            return
        try:
            note_id = self.folder.notes.create(Note(body, contact_id=contact))
        except ValidationError:
            # Refused only when nothing is left once control characters are dropped, or
            # when it holds half a surrogate pair (text no file can store).
            printable = "".join(c for c in body if c in "\t\n\r\x85" or c.isprintable() or c.isspace())
            assert not printable.strip() or any("\ud800" <= c <= "\udfff" for c in body)
            return
        self.notes[note_id] = contact

    @rule(contact=consumes(contacts))
    def delete(self, contact):
        if contact not in self.people:
            return
        batch = self.folder.contacts.delete([contact])
        gone_people = {contact: self.people.pop(contact)}
        gone_refs = {r: pair for r, pair in self.referrals.items() if contact in pair}
        for r in gone_refs:
            del self.referrals[r]
        gone_notes = {n: c for n, c in self.notes.items() if c == contact}
        for n in gone_notes:
            del self.notes[n]
        self.trash.append((batch, gone_people, gone_refs, gone_notes))

    @precondition(lambda self: self.trash)
    @rule()
    def undo_last_delete(self):
        batch, people, refs, notes = self.trash.pop()
        self.folder.trash.restore(batch)
        self.people.update(people)
        self.referrals.update(refs)
        self.notes.update(notes)

    @precondition(lambda self: self.trash)
    @rule()
    def empty_trash(self):
        self.folder.trash.empty()
        self.trash.clear()

    @invariant()
    def the_folder_shows_what_the_model_holds(self):
        assert {r.id: r.name for r in self.folder.contacts.rows()} == self.people
        assert {r.id for r in self.folder.referrals.rows()} == set(self.referrals)
        counts = self.folder.counts()
        assert counts["notes"] == len(self.notes)
        assert counts["contacts"] == len(self.people)


FolderModel.TestCase.settings = settings(max_examples=25, stateful_step_count=25, deadline=None)
test_services_match_the_model = FolderModel.TestCase
