"""A partner's current ask is a field of its own, with the day it was set (issue 12, item 4):
set today when it is written or changed, kept while it stays, cleared with it; migrated files
get the empty field; the change log and history name it."""

from __future__ import annotations

import datetime as dt

import pytest

from networking_folder.domain.model import Contact
from networking_folder.domain.validation import ValidationError


def test_an_ask_is_dated_when_it_is_set_and_when_it_changes(folder, monkeypatch):
    ann = folder.contacts.create(Contact(name="Ann", is_partner=True, ask="Dentists  near the park"))
    first = folder.contacts.get(ann)
    assert (first.ask, first.ask_set_on) == ("Dentists near the park", dt.date.today())

    first.ask_set_on = dt.date(2026, 10, 1)  # as if set then
    folder.contacts.update(first)
    kept = folder.contacts.get(ann)
    kept.company = "Ann & Co"  # an edit that leaves the ask alone keeps its day
    folder.contacts.update(kept)
    assert folder.contacts.get(ann).ask_set_on == dt.date(2026, 10, 1)

    kept.ask = "Family businesses planning a sale"
    folder.contacts.update(kept)
    assert folder.contacts.get(ann).ask_set_on == dt.date.today(), "a new ask, a new day"

    cleared = folder.contacts.get(ann)
    cleared.ask = ""
    folder.contacts.update(cleared)
    assert (folder.contacts.get(ann).ask, folder.contacts.get(ann).ask_set_on) == ("", None)


def test_an_ask_is_one_line_and_a_bad_day_is_said_at_its_field(folder):
    ann = folder.contacts.create(Contact(name="Ann", ask="Landlords\nand builders"))
    assert folder.contacts.get(ann).ask == "Landlords and builders"
    with pytest.raises(ValidationError) as caught:
        folder.contacts.create(Contact(name="Bo", ask="Landlords", ask_set_on=dt.date(1066, 1, 1)))
    assert caught.value.field == "ask_set_on"


def test_the_history_names_the_ask(folder):
    ann = folder.contacts.create(Contact(name="Ann", is_partner=True))
    contact = folder.contacts.get(ann)
    contact.ask = "Landlords"
    folder.contacts.update(contact)
    record = folder.uuids("contact", [ann])[ann]
    words = " ".join(str(change) for change in folder.history.of(record))
    assert "current ask" in words and "Landlords" in words
