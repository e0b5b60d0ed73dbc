"""Every importer fuzzed: whatever bytes a file holds, reading never raises (a bad card or
row is reported), and an import either goes in whole or leaves nothing behind."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from networking_folder.interop.csv_read import read_csv
from networking_folder.interop.vcard_read import read_vcards
from networking_folder.services import Folder, archive, importer
from networking_folder.store.errors import FolderError

# Pieces real files are made of, shuffled into files that no program wrote.
LINES = st.sampled_from([
    b"BEGIN:VCARD", b"END:VCARD", b"VERSION:2.1", b"VERSION:3.0", b"VERSION:4.0",
    b"FN:Ann Example", b"N:Example;Ann;;;", b"N:;;;;", b"FN;CHARSET=SHIFT_JIS:\x8eR\x93c",
    b"FN;CHARSET=nonsense:Zo\xeb", b"EMAIL;INTERNET:ann@example.com", b"EMAIL:not an email",
    b"TEL;CELL:202-555-0100", b"TEL:call me", b"ORG:Acme;Sales", b"NOTE;ENCODING=QUOTED-PRINTABLE:a=",
    b"=0D=0Ab", b"=ZZ", b"PHOTO;ENCODING=BASE64:", b"/9j/4AAQ", b" folded", b"\tfolded",
    b"item1.URL:https\\://www.linkedin.com/in/x", b"X-ABLabel:x", b"#comment", b"", b":",
    b";;;", b"UID:u-1", b"ADR:;;1 Main;Town;;;", b"CATEGORIES:a,b", b"\xff\xfe", b"\x00",
    b"BEGIN:VCARD\r\nFN:\xe9\r\nEND:VCARD", b"TEL;VALUE=uri:tel:+1-418-656-9254;ext=102",
])  # fmt: skip
VCARD_FILES = st.lists(LINES, max_size=40).flatmap(
    lambda lines: st.sampled_from([b"\r\n", b"\n", b"\r"]).map(lambda eol: eol.join(lines))
)
CELLS = st.sampled_from(["First Name", "Last Name", "URL", "Email Address", "Company", "Name",
                         "E-mail 1 - Value", "Phone 1 - Value", "Notes", "Connected On", "Ann",
                         "ann@example.com", "12 Jan 2024", '"quoted, cell"', '"open', "", "é",
                         "Business Street", "Job Title", "a ::: b"])  # fmt: skip
CSV_FILES = st.lists(
    st.lists(CELLS, max_size=8).map(",".join), max_size=12
).map(lambda rows: "\n".join(rows).encode("utf-8"))


@settings(max_examples=300, deadline=None)
@given(data=st.one_of(VCARD_FILES, st.binary(max_size=400)))
def test_reading_any_vcard_file_never_raises(data):
    read = read_vcards(data)
    for card in read.cards:
        assert card.name.strip() and card.key
    for bad in read.unreadable:
        assert bad.reason


@settings(max_examples=300, deadline=None)
@given(data=st.one_of(CSV_FILES, st.binary(max_size=400)))
def test_reading_any_csv_file_never_raises(data):
    read = read_csv(data)
    for card in read.cards:
        assert card.name.strip()


@settings(max_examples=200, deadline=None)
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                      st.just(b'{"format": "networking-folder-archive", "version": 1, "schema": 1,'
                              b' "records": {"contact": [{"uuid": 1}, {"name": "x"}, 3]}}')))
def test_a_broken_archive_is_refused_plainly(data):
    with tempfile.TemporaryDirectory() as directory, Folder.open(Path(directory) / "f") as folder:
        try:
            the_plan = archive.plan_archive(folder, data, "x.json")
        except archive.ArchiveProblem as exc:
            assert str(exc)
        else:
            archive.apply_archive(folder, the_plan)


def rows(folder) -> dict[str, list]:
    return {t: folder.query(f"SELECT * FROM {t} ORDER BY id")
            for t in ("contact", "note", "referral", "follow_up", "membership")}  # fmt: skip


def live(folder) -> list:
    return folder.query("SELECT * FROM contact WHERE deleted_at IS NULL ORDER BY id")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=VCARD_FILES, fail_at=st.integers(min_value=0, max_value=3), take=st.booleans())
def test_an_import_goes_in_whole_or_not_at_all(data, fail_at, take):
    with tempfile.TemporaryDirectory() as directory, Folder.open(Path(directory) / "f") as folder:
        folder.settings.set("calendar.country", "US")
        importer.apply(folder, importer.plan(folder, importer.read_file(b"BEGIN:VCARD\r\nFN:Ann "
                                                                          b"Example\r\nEND:VCARD\r\n")))
        before, live_before = rows(folder), live(folder)
        the_plan = importer.plan(folder, importer.read_file(data, "vcard"), "fuzz")
        chosen = [(p.card.number, d.field) for p in the_plan.deciding for d in p.differences] if take else []
        calls = []

        def fail(done, total):
            calls.append(done)
            if len(calls) > fail_at:
                raise FolderError("The disk is full.")

        try:
            step = importer.apply(folder, the_plan, chosen, progress=fail, chunk=1)
        except FolderError:
            assert rows(folder) == before  # nothing half-written
            return
        after = rows(folder)
        if step is not None:
            step.undo()  # (the people it made go to the trash, as any undone record does)
            assert live(folder) == live_before
            step.redo()
            assert rows(folder) == after
