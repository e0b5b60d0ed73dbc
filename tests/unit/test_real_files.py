"""Real files that other programs wrote (tests/data/interop, each file's source and licence in
its README): every person comes through with their name, emails, phones, company, job and
notes. The vCards are checked against expected.json, which was decoded from the files' bytes
independently of our reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from networking_folder.interop.csv_read import read_csv
from networking_folder.interop.vcard_read import read_vcards
from networking_folder.services import importer

DATA = Path(__file__).resolve().parents[1] / "data" / "interop"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
VCARD_FILES = sorted(name for name in EXPECTED if not name.startswith("_"))


def text(value: str) -> str:
    """Notes as a reader sees them: line breaks as one kind, no trailing spaces."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").strip().splitlines()
    return "\n".join(line.rstrip() for line in lines)


def test_every_vcard_file_of_the_folder_is_checked():
    assert {p.name for p in DATA.glob("*.vcf")} == set(VCARD_FILES)


@pytest.mark.parametrize("name", VCARD_FILES)
def test_a_real_vcard_file_reads_as_its_people(name):
    read = read_vcards((DATA / name).read_bytes())
    expected = EXPECTED[name]
    assert read.unreadable == []
    assert len(read.cards) == len(expected)
    for card, person in zip(read.cards, expected, strict=True):
        emails = list(dict.fromkeys(e["value"] for e in person.get("emails", [])))
        # (A card with no name at all is named after its email: Android writes such cards.)
        assert card.name == (" ".join(person.get("fn", "").split()) or emails[0])
        assert card.emails == emails
        phones = [" ".join(p["value"].split()).removeprefix("tel:") for p in person.get("phones", [])]
        assert card.phones == list(dict.fromkeys(p for p in phones if p))
        org = (person.get("org") or [[""]])[0]
        assert card.company == next((" ".join(o.split()) for o in org if o.strip()), "")
        titles = person.get("title") or person.get("role") or [""]
        assert card.profession == " ".join(titles[0].split())
        notes = [text(n) for n in person.get("notes", [])]
        assert card.notes == "\n\n".join(n for n in notes if n)


def test_outlook_2007_with_its_photo_and_key_left_out_imports_whole(folder):
    folder.settings.set("calendar.country", "US")
    read = read_vcards((DATA / "ezvcard-outlook-2007.vcf").read_bytes())
    the_plan = importer.plan(folder, read, "outlook")
    importer.apply(folder, the_plan)
    (row,) = folder.contacts.rows()
    mike = folder.contacts.get(row.id)
    assert mike.name == "Mr. Michael Angstadt Jr."
    assert mike.emails == ["mike.angstadt@gmail.com"]
    assert mike.phones == ["+11115551111", "+11115552222", "+11115554444", "+11115553333"]
    assert (mike.company, mike.profession) == ("TheCompany", "TheJobTitle")
    assert mike.website == "http://mikeangstadt.name"
    assert mike.address.startswith("TheOffice\n222 Broadway\nNew York NY 99999")
    assert mike.notes.startswith("This is the NOTE field\nI assume it encodes")


def test_the_rfc_6350_card_keeps_its_extension(folder):
    folder.settings.set("calendar.country", "CA")
    read = read_vcards((DATA / "ezvcard-rfc6350-example-4.0.vcf").read_bytes())
    importer.apply(folder, importer.plan(folder, read, "rfc"))
    simon = folder.contacts.get(folder.contacts.rows()[0].id)
    assert simon.phones == ["+14186569254 ext. 102", "+14182626501"]
    assert simon.emails == ["simon.perreault@viagenie.ca"]
    # (No UID on this card: it is known again by who it is.)
    assert [kind for kind, _key in simon.sources] == ["vcard"]
    again = importer.plan(folder, read_vcards((DATA / "ezvcard-rfc6350-example-4.0.vcf").read_bytes()))
    assert (len(again.new), again.changes_anything()) == (0, False)


def test_google_contacts_csv():
    (card,) = read_csv((DATA / "folkerkinzel-google-contacts.csv").read_bytes()).cards
    assert card.source == "google"
    assert card.name == "Dr. Max Middle Name Mustermann jr."
    assert card.emails[:3] == ["ohneLabel@folker.de", "ohneLabel2@folker.de", "privat@folker-kinzel.de"]
    assert len(card.emails) == 11  # (" ::: " splits a cell's several values)
    assert "Tel geschäftlich" in card.phones and len(card.phones) == 10
    assert (card.company, card.profession) == ("Firma", "Position")
    assert card.notes == "Kommentar ÄÄÄÄÄÄ ääääää ÖÖÖÖÖÖ öööööö ÜÜÜÜÜÜ üüüüüü ßßßßßß"
    assert card.website == "http://www.musterworks.de"
    assert card.address.startswith("Eisenbahnstraße")


@pytest.mark.parametrize(
    "name, emails, note_start",
    [
        ("folkerkinzel-google-contacts-outlook-format.csv",
         ["privat@folker-kinzel.de", "andere@folker-kinzel.de", "business@folker-kinzel.de"],
         "Kommentar ÄÄÄÄÄÄ"),
        ("folkerkinzel-outlook-com-web.csv",
         ["privat@folker-kinzel.de", "business@folker-kinzel.de", "andere@folker-kinzel.de"],
         "Kommentar"),
    ],
)  # fmt: skip
def test_outlook_csv(name, emails, note_start):
    read = read_csv((DATA / name).read_bytes())
    (card,) = read.cards
    assert read.format == "outlook"
    assert card.name.startswith("Dr. Max Middle Name Mustermann")
    assert card.emails == emails
    assert (card.company, card.profession) == ("Firma", "Position")
    assert "Tel geschäftlich" in card.phones and "Handy" in card.phones
    assert not any("Fax" in p for p in card.phones)
    assert card.notes.startswith(note_start)


def test_a_german_thunderbird_csv_needs_its_columns_named_then_reads_right():
    data = (DATA / "folkerkinzel-thunderbird-de-windows-1252.csv").read_bytes()
    assert read_csv(data).unreadable  # no column it knows as a name: the user maps them
    from networking_folder.interop.csv_read import read_table

    header = read_table(data).header
    assert "Anzeigename" in header
    mapping = {
        "name": ["Anzeigename"],
        "emails": ["Primäre E-Mail-Adresse", "Sekundäre E-Mail-Adresse"],
        "company": ["Firma"] if "Firma" in header else ["Organisation"],
        "notes": [c for c in header if c.startswith("Notiz")],
    }
    (card,) = read_csv(data, "csv", mapping).cards
    assert card.name == "Dr. Max Middle Name Mustermann jr."
    assert card.emails == ["privat@folker-kinzel.de", "business@folker-kinzel.de"]
    assert card.notes == "Kommentar für Maxl"
