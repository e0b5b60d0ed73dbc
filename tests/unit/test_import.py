"""Importing people from vCards and CSV exports: tolerant reading, matching, filling only what
is empty, the preview, one step to undo, and nothing half-imported."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from networking_folder.domain.model import Contact
from networking_folder.domain.validation import ValidationError
from networking_folder.interop.vcard_read import read_vcards
from networking_folder.services import importer

OUTLOOK_21 = (
    b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
    b"N;CHARSET=Windows-1252:M\xfcller;J\xfcrgen\r\n"
    b"FN;CHARSET=Windows-1252:J\xfcrgen M\xfcller\r\n"
    b"ORG:Contoso Ltd;Sales\r\nTITLE:Financial Planner\r\n"
    b"NOTE;ENCODING=QUOTED-PRINTABLE:Met at the fair, 2019=0D=0A=\r\n"
    b"Likes golf; two kids=\r\n"
    b", both at college\r\n"
    b"TEL;WORK;VOICE:(425) 555-0100\r\nTEL;CELL:425.555.0199\r\n"
    b"EMAIL;PREF;INTERNET:jurgen@contoso.example\r\n"
    b"PHOTO;ENCODING=BASE64;TYPE=JPEG:\r\n/9j/4AAQSkZJRgABAQEAYABgAAD\r\nAAAAAAAAAAAAAA==\r\n\r\n"
    b"ADR;WORK;ENCODING=QUOTED-PRINTABLE:;;1 Main St=0D=0ASuite 2;Redmond;WA;98052;USA\r\n"
    b"END:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Apple\r\nUID:apple-1\r\n"
    b"item1.URL:https\\://www.linkedin.com/in/annapple/\r\nitem1.X-ABLabel:profile\r\n"
    b"item2.EMAIL;type=INTERNET;type=pref:ann@apple.example\r\nitem2.X-ABLabel:_$!<Work>!$_\r\n"
    b"END:VCARD\r\n"
)


@pytest.fixture
def us(folder):
    folder.settings.set("calendar.country", "US")
    return folder


def imported(folder, data: bytes, fmt=None, take=()):
    read = importer.read_file(data, fmt)
    the_plan = importer.plan(folder, read, "test file")
    step = importer.apply(folder, the_plan, take)
    return the_plan, step


def everyone(folder) -> dict[str, Contact]:
    return {c.name: c for c in (folder.contacts.get(r.id) for r in folder.contacts.rows())}


def test_an_outlook_21_card_reads_whole_and_a_bad_card_is_reported_by_number():
    read = read_vcards(OUTLOOK_21)
    assert [u.number for u in read.unreadable] == [2]
    assert "no name" in read.unreadable[0].reason
    jurgen, ann = read.cards
    assert jurgen.name == "Jürgen Müller"
    assert jurgen.company == "Contoso Ltd"
    assert jurgen.profession == "Financial Planner"
    assert jurgen.notes == "Met at the fair, 2019\nLikes golf; two kids, both at college"
    assert jurgen.phones == ["(425) 555-0100", "425.555.0199"]
    assert jurgen.address == "1 Main St\nSuite 2\nRedmond WA 98052\nUSA"
    assert (ann.key, ann.emails, ann.linkedin) == (
        "apple-1", ["ann@apple.example"], "https://www.linkedin.com/in/annapple/")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_unicode_files_with_or_without_their_mark(codec):
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nEMAIL:zoe@example.com\r\nEND:VCARD\r\n"
    read = read_vcards(text.encode(codec))
    assert [c.name for c in read.cards] == ["Zoë Ångström"]


def test_a_shift_jis_value_named_by_its_charset():
    data = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT_JIS:" + "山田 太郎".encode("shift_jis")
            + b"\r\nTEL;CELL:+81 90-1234-5678\r\nEND:VCARD\r\n")
    (card,) = read_vcards(data).cards
    assert card.name == "山田 太郎"


def test_import_normalises_phones_and_remembers_where_people_came_from(us):
    the_plan, step = imported(us, OUTLOOK_21)
    assert (len(the_plan.new), len(the_plan.unreadable)) == (2, 1)
    people = everyone(us)
    jurgen = people["Jürgen Müller"]
    assert jurgen.phones == ["+14255550100", "+14255550199"]
    assert jurgen.emails == ["jurgen@contoso.example"]
    assert jurgen.sources[0][0] == "vcard"
    assert people["Ann Apple"].sources == [("vcard", "apple-1")]


def test_a_number_that_is_not_complete_is_kept_as_written_and_said(us):
    cards = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lou Local\r\nTEL;TYPE=HOME:555-0143\r\n"
        b"TEL;TYPE=CELL:123 456\r\nTEL;TYPE=WORK:(202) 555-0100 ext. 7\r\nTEL:n/a\r\n"
        b"TEL:Tel gesch\xc3\xa4ftlich\r\nTEL:12\r\nTEL:1980-05-12\r\nTEL:12/05/1980\r\n"
        b"TEL:10001\r\nEND:VCARD\r\n"
    )
    the_plan, _step = imported(us, cards)
    lou = everyone(us)["Lou Local"]
    # A full number in E.164; a local one (no area code) and a short one as written.
    assert lou.phones == ["555-0143", "123 456", "+12025550100 ext. 7"]
    said = "\n".join(w for w in the_plan.warnings)
    for kept in ("555-0143", "123 456"):
        assert f"“{kept}” is not a complete phone number: kept as written, for you to complete." in said
    # Words, dates and a ZIP code in a phone field are no number.
    for dropped in ("n/a", "Tel geschäftlich", "12", "1980-05-12", "12/05/1980", "10001"):
        assert f"“{dropped}” is not a phone number and was left out." in said
    # The contact can still be changed with the number as it is; a new one is checked.
    lou.company = "Local Co"
    us.contacts.update(lou)
    assert us.contacts.get(lou.id).company == "Local Co"
    lou.phones = [*lou.phones, "123 4567 8"]
    with pytest.raises(ValidationError, match="123 4567 8"):
        us.contacts.update(lou)
    # Another file, another card for them (no UID, another name), with the local number
    # spelled another way: found by that number.
    other = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:L. Local\r\nTEL:555 0143\r\nEND:VCARD\r\n"
    again = importer.plan(us, importer.read_file(other), "another")
    (found,) = again.matched
    assert (found.contact_id, found.matched_by) == (lou.id, "phone")


def test_importing_the_same_file_again_changes_nothing(us):
    imported(us, OUTLOOK_21)
    before = us.change_count()
    log = us.query("SELECT count(*) FROM change_log")[0][0]
    again = importer.plan(us, importer.read_file(OUTLOOK_21), "again")
    assert (len(again.new), len(again.matched), len(again.filling), len(again.deciding)) == (0, 2, 0, 0)
    assert not again.changes_anything()
    importer.apply(us, again)
    assert us.change_count() == before
    assert us.query("SELECT count(*) FROM change_log")[0][0] == log


def test_found_again_by_its_key_even_without_an_email(us):
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kim Key\r\nUID:k-1\r\nEND:VCARD\r\n"
    imported(us, card)
    renamed = card.replace(b"Kim Key", b"Kimberly Key").replace(b"END:VCARD", b"TITLE:CPA\r\nEND:VCARD")
    the_plan, _ = imported(us, renamed)
    (p,) = the_plan.planned
    assert (p.contact_id is not None, p.matched_by) == (True, "where they came from")
    assert list(p.fills) == ["profession"]
    assert [d.field for d in p.differences] == ["name"]  # never renamed unasked
    assert set(everyone(us)) == {"Kim Key"}
    assert everyone(us)["Kim Key"].profession == "CPA"


def test_a_match_fills_empty_fields_and_leaves_differences_to_the_user(us):
    made = us.contacts.create(Contact(name="Ann Apple", company="Apple Orchards",
                                      emails=["ann@apple.example"]))
    card = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Apple\r\nEMAIL:ANN@apple.example\r\n"
            b"ORG:Pear Co\r\nTITLE:Grower\r\nTEL:202-555-0143\r\nEND:VCARD\r\n")
    the_plan, _ = imported(us, card)
    (p,) = the_plan.planned
    assert (p.contact_id, p.matched_by) == (made, "email")
    assert sorted(p.fills) == ["phones", "profession"]
    assert [(d.field, d.ours, d.theirs) for d in p.differences] == [
        ("company", "Apple Orchards", "Pear Co")]
    ann = us.contacts.get(made)
    assert (ann.company, ann.profession, ann.phones) == ("Apple Orchards", "Grower", ["+12025550143"])
    # Taken in the window: the file's value is written.
    the_plan, _ = imported(us, card, take=[(1, "company")])
    assert us.contacts.get(made).company == "Pear Co"


def test_the_preview_writes_nothing_and_says_everything(us):
    us.contacts.create(Contact(name="Ann Apple", company="Apple Orchards", emails=["ann@apple.example"]))
    before = us.query("SELECT count(*) FROM change_log")[0][0]
    card = OUTLOOK_21.replace(b"FN:Ann Apple", b"FN:Ann Apple\r\nORG:Pear Co")
    the_plan = importer.plan(us, importer.read_file(card), "contacts.vcf")
    assert us.query("SELECT count(*) FROM change_log")[0][0] == before
    text = the_plan.summary()
    assert "New: 1" in text and "Already in your folder: 1" in text
    assert "Need your decision: 1" in text and "company differs" in text
    assert "Card 2: it has no name, email or phone." in text
    as_json = the_plan.as_json()
    assert (as_json["new"], as_json["matched"], as_json["need_decision"]) == (1, 1, 1)
    json.dumps(as_json)


def test_the_same_person_twice_in_one_file_is_made_once(us):
    data = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Twice\r\nEMAIL:bo@x.example\r\nEND:VCARD\r\n"
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Twice\r\nEMAIL:bo@x.example\r\nTEL:+1 202 555 0100\r\nEND:VCARD\r\n")
    the_plan, _ = imported(us, data)
    assert (len(the_plan.new), len(the_plan.joined)) == (1, 1)
    assert everyone(us)["Bo Twice"].phones == ["+12025550100"]


def test_bad_values_are_left_out_with_a_reason_not_the_card(us):
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy\r\nEMAIL:not-an-address\r\nTEL:call me\r\nEND:VCARD\r\n"
    the_plan, _ = imported(us, data)
    assert len(the_plan.new) == 1
    assert any("not-an-address" in w for w in the_plan.warnings)
    assert any("call me" in w for w in the_plan.warnings)
    assert everyone(us)["Cy"].emails == []


def test_an_import_is_one_step_to_undo_and_redo(us):
    made = us.contacts.create(Contact(name="Ann Apple", emails=["ann@apple.example"]))
    _, step = imported(us, OUTLOOK_21)
    assert set(everyone(us)) == {"Ann Apple", "Jürgen Müller"}
    assert us.contacts.get(made).sources == [("vcard", "apple-1")]
    step.undo()
    assert set(everyone(us)) == {"Ann Apple"}
    assert us.contacts.get(made).sources == []
    step.redo()
    assert set(everyone(us)) == {"Ann Apple", "Jürgen Müller"}
    assert us.contacts.get(made).sources == [("vcard", "apple-1")]


def test_stopping_halfway_leaves_nothing_imported(us):
    cards = b"".join(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person %d\r\nEND:VCARD\r\n" % n for n in range(30)
    )
    the_plan = importer.plan(us, importer.read_file(cards), "many")
    seen = []
    step = importer.apply(us, the_plan, progress=lambda d, t: seen.append((d, t)),
                          stop=lambda: len(seen) >= 2, chunk=10)
    assert step is None
    assert seen == [(10, 30), (20, 30)]
    assert everyone(us) == {}


def test_a_failure_halfway_takes_back_what_was_written(us, monkeypatch):
    from networking_folder.store.errors import FolderError

    cards = b"".join(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:P %d\r\nEND:VCARD\r\n" % n for n in range(30))
    the_plan = importer.plan(us, importer.read_file(cards), "many")

    def full(done, total):
        if done == 20:
            raise FolderError("The disk is full.")

    with pytest.raises(FolderError):
        importer.apply(us, the_plan, progress=full, chunk=10)
    assert everyone(us) == {}


def test_linkedin_connections_with_notes_before_the_header(us):
    data = (b'Notes:\n"When exporting your connection data, you may notice that some of the '
            b'email addresses are missing."\n\n'
            b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b"Ann,Lee,https://www.linkedin.com/in/annlee,,Acme,CFO,12 Jan 2024\n"
            b'Bo,Kim,https://www.linkedin.com/in/bokim,bo@kim.example,"Kim, Inc.",Owner,03 Feb 2023\n')
    the_plan, _ = imported(us, data)
    assert the_plan.format == "linkedin" and len(the_plan.new) == 2
    ann = everyone(us)["Ann Lee"]
    assert (ann.company, ann.profession, ann.how_met, ann.met_on) == (
        "Acme", "CFO", "LinkedIn", dt.date(2024, 1, 12))
    assert ann.sources == [("linkedin", "https://www.linkedin.com/in/annlee")]
    # Again, even though Ann has no email: found by her profile.
    again = importer.plan(us, importer.read_file(data), "again")
    assert (len(again.new), again.changes_anything()) == (0, False)


def test_a_csv_of_another_program_through_a_mapping_that_is_remembered(us):
    from networking_folder.interop import csv_read

    data = "Who;Firm;Mobile;Mail;Remarks\nDee Dee;Dee Corp;202-555-0177;dee@corp.example;Great ü\n".encode("cp1252")
    table = csv_read.read_table(data)
    assert table.header == ["Who", "Firm", "Mobile", "Mail", "Remarks"]
    guessed = csv_read.mapping_for(table.header, "csv")
    assert guessed["phones"] == ["Mobile"] and guessed["emails"] == ["Mail"]
    assert "name" not in guessed  # ("Who" is no name the guess knows)
    mapping = {**guessed, "name": ["Who"], "company": ["Firm"], "notes": ["Remarks"]}
    importer.remember_mapping(us, table.header, mapping)
    assert importer.remembered_mapping(us, table.header) == mapping
    the_plan, _ = imported(us, data, take=())  # (sniffed as a CSV; mapping given below)
    assert the_plan.unreadable  # without the mapping: no column holds a name
    read = importer.read_file(data, "csv", importer.remembered_mapping(us, table.header))
    importer.apply(us, importer.plan(us, read, "dee.csv"))
    dee = everyone(us)["Dee Dee"]
    assert (dee.company, dee.phones, dee.emails, dee.notes) == (
        "Dee Corp", ["+12025550177"], ["dee@corp.example"], "Great ü")


def test_an_undo_never_takes_away_what_a_later_change_made_of_its_records(us):
    from networking_folder.services.steps import ChangedMeanwhile, RecordedStep

    with us.recording() as made:
        us.settings.set("import.csv_mappings", {"a": {"name": ["Who"]}})
    first = RecordedStep(us, made)
    us.settings.set("import.csv_mappings", {"a": {"name": ["Who"]}, "b": {"name": ["Name"]}})
    with pytest.raises(ChangedMeanwhile):
        first.undo()  # (it made the setting; a later change added to it)
    assert us.settings.get("import.csv_mappings") == {"a": {"name": ["Who"]}, "b": {"name": ["Name"]}}
