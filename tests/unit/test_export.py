"""Exports (issue 13): vCards that other programs read back as they were, CSV files Excel opens
(a folder of them, or a .zip), the JSON archive of the whole folder; each one private, whole or
not at all, never inside the folder, and made from a snapshot without touching the data file."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import errno
import io
import json
import os
import zipfile

import icalendar
import pytest
import vobject
from icalendar.parser import Contentlines

from networking_folder import __version__
from networking_folder.domain.model import (
    Contact,
    Direction,
    FollowUp,
    Group,
    InteractionKind,
    Note,
    Referral,
)
from networking_folder.interop.vcard_read import read_vcards
from networking_folder.interop.vcard_write import split_name, write_cards
from networking_folder.services import Folder
from networking_folder.services.demo import fill_demo_folder
from networking_folder.services.export import (
    CSV_FILES,
    export_csv,
    export_json,
    export_vcard,
)
from networking_folder.store import changelog, migrations
from networking_folder.store.errors import DiskFull, FolderError

NOTE = 'Met at Café Ölund, Tuesday; likes "fika".\nKids: 2, dog; cat.\nPath C:\\Users\\zoe'
TARO_NOTE = "東京で会った、ゴルフ好き；週末は不可。\n" * 4 + "二行目"


@pytest.fixture
def filled(folder):
    """Zoë and Taro with everything a card holds, Mary plain, someone in the trash, a group,
    a referral with its status changes and follow-ups, a note."""
    f = folder
    group = f.groups.create(Group("BNI Söder", meeting_weekday=2, meeting_time=dt.time(7)))
    zoe = f.contacts.create(Contact(
        "Zoë Ångström", company="Ångström & Söhne, AG", profession="Estate attorney; notary",
        phones=["+46 8 123 456 78", "+46 70 765 43 21"],
        emails=["zoe@angstrom.example.se", "zoe.a@example.com"],
        address="Storgatan 1\n114 51 Stockholm\nSweden", website="www.angstrom.example.se",
        linkedin="https://www.linkedin.com/in/zoe-angstrom", notes=NOTE,
        tags=["partner", "law, estates"], is_partner=True, group_ids=[group],
    ))  # fmt: skip
    taro = f.contacts.create(Contact(
        "日本 太郎", company="日本商事株式会社", phones=["+81 3-1234-5678"],
        emails=["taro@example.jp"], notes=TARO_NOTE,
    ))  # fmt: skip
    mary = f.contacts.create(Contact("Mary Ann Smith", emails=["mary@example.com"]))
    gone = f.contacts.create(Contact("Gone Person", group_ids=[group]))
    f.contacts.delete([gone])
    referral = f.referrals.create(
        Referral(Direction.RECEIVED, zoe, taro, dt.date(2026, 11, 2), need="A will; soon, please")
    )
    f.notes.create(Note("Lunch, then coffee;\nwarm", contact_id=mary, kind=InteractionKind.CALL))
    f.follow_ups.create(FollowUp("Call Taro", dt.date(2026, 11, 5), referral_id=referral))
    f.settings.set("sheet.ask", "An introduction to a notary")
    return f


def live_contacts(folder) -> list[Contact]:
    ids = folder.query("SELECT id FROM contact WHERE deleted_at IS NULL")
    return sorted((folder.contacts.get(i) for (i,) in ids), key=lambda c: c.name.casefold())


def test_split_name():
    assert split_name("Mary Ann Smith")[:2] == ("Smith", "Mary Ann")
    assert split_name("Smith, Mary")[:2] == ("Smith", "Mary")
    assert split_name("日本 太郎")[:2] == ("日本", "太郎")  # the family name comes first
    assert split_name("Cher")[:2] == ("", "Cher")
    assert split_name("Dr. John Smith Jr.") == ("Smith", "John", "", "Dr.", "Jr.")


# -- vCards ------------------------------------------------------------------------------------
def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    assert not any(b"\n" in line or b"\r" in line for line in lines), "a bare line break"
    return lines


def read_with_icalendar(text: str) -> list[dict]:
    """Each card's values through icalendar (a parser of its own, not vobject's): content
    lines unescaped for the one-value properties, its vCard types for N and ORG."""
    cards, card = [], None
    for line in Contentlines.from_ical(text):
        if not line:
            continue
        name, params, value = line.parts()
        if name == "BEGIN":
            card = {}
        elif name == "END":
            cards.append(card)
        else:
            card.setdefault(name, []).append((value, dict(params)))
    components = icalendar.Component.from_ical(text, multiple=True)
    for card, component in zip(cards, components, strict=True):
        card["N"] = component["N"].fields
        card["ORG"] = component["ORG"].fields if "ORG" in component else ()
    return cards


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_vcards_read_back_the_same_through_vobject_and_icalendar(filled, tmp_path, version):
    target = tmp_path / "contacts.vcf"
    assert export_vcard(filled, target, version) == 3  # (not the one in the trash)
    data = target.read_bytes()
    lines = physical_lines(data)
    assert all(len(line) <= 75 for line in lines), "a line longer than 75 octets"
    text = data.decode("utf-8")
    expected = live_contacts(filled)
    assert [c.name for c in expected] == ["Mary Ann Smith", "Zoë Ångström", "日本 太郎"]

    cards = list(vobject.readComponents(text))
    assert [c.fn.value for c in cards] == [c.name for c in expected]
    for card, contact in zip(cards, expected, strict=True):
        assert card.version.value == version
        assert [e.value for e in card.contents.get("email", [])] == contact.emails
        assert [t.value for t in card.contents.get("tel", [])] == contact.phones
        orgs, notes = card.contents.get("org", []), card.contents.get("note", [])
        assert [o.value for o in orgs] == ([[contact.company]] if contact.company else [])
        assert [n.value for n in notes] == ([contact.notes] if contact.notes else [])
        assert card.uid.value.startswith("urn:uuid:")

    for card, contact in zip(read_with_icalendar(text), expected, strict=True):
        assert card["VERSION"] == [(version, {})]
        assert card["FN"] == [(contact.name, {})]
        assert [v for v, _ in card.get("EMAIL", [])] == contact.emails
        assert [v for v, _ in card.get("TEL", [])] == contact.phones
        assert [v for v, _ in card.get("NOTE", [])] == ([contact.notes] if contact.notes else [])
        assert card["ORG"] == ((contact.company,) if contact.company else ())
        name = split_name(contact.name)
        assert (card["N"].family, card["N"].given) == (name.family, name.given)

    zoe = dict(zip([c.fn.value for c in cards], cards, strict=True))["Zoë Ångström"]
    assert (zoe.n.value.family, zoe.n.value.given) == ("Ångström", "Zoë")
    assert zoe.title.value == "Estate attorney; notary"
    assert zoe.adr.value.street == "Storgatan 1\n114 51 Stockholm\nSweden"
    uuid = filled.query("SELECT uuid FROM contact WHERE name = 'Zoë Ångström'")[0][0]
    assert zoe.uid.value == f"urn:uuid:{uuid}"
    preferred = {"4.0": {"PREF": ["1"]}, "3.0": {"TYPE": ["pref"]}}[version]
    assert zoe.contents["tel"][0].params == preferred  # the first of several
    assert zoe.contents["tel"][1].params == {}


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_a_reimport_reads_every_field_back(filled, tmp_path, version):
    """Our own reader (what an import of the file sees): the LinkedIn profile apart from the
    website, the UID as the card's key, the tags, the address's lines."""
    target = tmp_path / "contacts.vcf"
    export_vcard(filled, target, version)
    read = read_vcards(target.read_bytes())
    assert not read.unreadable
    uuids = dict(filled.query("SELECT name, uuid FROM contact"))
    for card, contact in zip(read.cards, live_contacts(filled), strict=True):
        assert not card.warnings
        for field in ("name", "company", "profession", "phones", "emails", "address",
                      "linkedin", "notes", "tags"):  # fmt: skip
            assert getattr(card, field) == getattr(contact, field), field
        assert card.key == f"urn:uuid:{uuids[contact.name]}"
    zoe = next(card for card in read.cards if card.name == "Zoë Ångström")
    assert zoe.website == "https://www.angstrom.example.se"  # (a URL has a scheme)
    linkedin = {"4.0": "URL;TYPE=linkedin:", "3.0": "X-SOCIALPROFILE;TYPE=linkedin:"}[version]
    assert linkedin + "https://www.linkedin.com/in/zoe-angstrom" in target.read_text()


def test_long_lines_fold_by_octets_never_inside_a_character():
    # 60 characters, 180 octets: short enough in characters for vobject to leave it whole.
    note = "日本語" * 20
    text = write_cards([("0190a1b2-0000-7000-8000-000000000001", Contact("Ann", notes=note))])
    lines = physical_lines(text.encode("utf-8"))
    folded = [line for line in lines if line.startswith(b" ")]
    assert len(folded) >= 2
    assert all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode("utf-8")  # (raises if a character was cut in two)
    assert vobject.readOne(text).note.value == note


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_semicolons_inside_a_part_do_not_split_it(version):
    """A semicolon in a company or an address is escaped, as compound values need. (Not
    checked through icalendar: its 7.3 unescapes N, ADR and ORG twice, and splits there.)"""
    contact = Contact("Pat O'Neil", company="Smith; Jones LLP", address="Unit 4; Dock Road",
                      notes="a; b, c\\d")  # fmt: skip
    text = write_cards([("0190a1b2-0000-7000-8000-000000000002", contact)], version)
    card = vobject.readOne(text)
    assert card.org.value == ["Smith; Jones LLP"]
    assert card.adr.value.street == "Unit 4; Dock Road"
    assert card.note.value == "a; b, c\\d"
    (read,) = read_vcards(text.encode("utf-8")).cards
    assert (read.company, read.address, read.notes) == (
        contact.company, contact.address, contact.notes
    )  # fmt: skip


def test_a_vcard_version_must_be_one_we_write(filled, tmp_path):
    with pytest.raises(ValueError):
        export_vcard(filled, tmp_path / "c.vcf", "2.1")
    assert not (tmp_path / "c.vcf").exists()


# -- CSV ---------------------------------------------------------------------------------------
def live_rows(folder, table: str) -> int:
    sql = {
        "membership": "SELECT count(*) FROM membership m JOIN contact c ON c.id = m.contact_id "
        "JOIN networking_group g ON g.id = m.group_id "
        "WHERE c.deleted_at IS NULL AND g.deleted_at IS NULL",
        "status_change": "SELECT count(*) FROM status_change s JOIN referral r "
        "ON r.id = s.referral_id WHERE r.deleted_at IS NULL",
    }.get(table, f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL")
    return folder.query(sql)[0][0]


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_files_one_per_table_open_as_excel_reads_them(filled, tmp_path):
    fill_demo_folder(filled)
    target = tmp_path / "export"
    counts = export_csv(filled, target)
    assert set(counts) == set(CSV_FILES)
    assert sorted(p.name for p in target.iterdir()) == sorted(f"{n}.csv" for n in CSV_FILES)
    assert (target.stat().st_mode & 0o777) == 0o700
    files = {}
    for name, table in CSV_FILES.items():
        path = target / f"{name}.csv"
        assert (path.stat().st_mode & 0o777) == 0o600
        files[name] = rows = read_csv(path.read_bytes())
        assert counts[name] == len(rows) == live_rows(filled, table) > 0, name
        assert list(rows[0])[0] == "uuid"
        uuids = {uuid for (uuid,) in filled.query(f"SELECT uuid FROM {table}")}
        assert {row["uuid"] for row in rows} <= uuids

    contacts = {row["name"]: row for row in files["contacts"]}
    assert "Gone Person" not in contacts  # the trash stays out
    zoe = contacts["Zoë Ångström"]
    assert zoe["notes"] == NOTE and contacts["日本 太郎"]["notes"] == TARO_NOTE
    assert zoe["phones"] == "; ".join(filled.contacts.get(1).phones)
    assert zoe["tags"] == "partner; law, estates"
    assert zoe["is_partner"] == "yes"
    group = next(row for row in files["groups"] if row["name"] == "BNI Söder")
    assert group["meeting_weekday"] == "Wednesday"
    assert {(m["contact_name"], m["group_name"]) for m in files["memberships"]} >= {
        ("Zoë Ångström", "BNI Söder")
    }
    assert ("Gone Person", "BNI Söder") not in {
        (m["contact_name"], m["group_name"]) for m in files["memberships"]
    }
    referral = next(row for row in files["referrals"] if row["need"] == "A will; soon, please")
    assert (referral["referrer_uuid"], referral["referrer_name"]) == (zoe["uuid"], zoe["name"])
    assert referral["prospect_name"] == "日本 太郎" and referral["recipient_uuid"] == ""
    assert referral["date"] == "2026-11-02" and referral["value_cents"] == ""
    call = next(row for row in files["follow_ups"] if row["title"] == "Call Taro")
    assert (call["referral_uuid"], call["referral_prospect"]) == (referral["uuid"], "日本 太郎")
    changes = [row for row in files["status_changes"] if row["referral_uuid"] == referral["uuid"]]
    assert [row["to_status"] for row in changes] == ["received"]
    note = next(row for row in files["notes"] if row["contact_name"] == "Mary Ann Smith")
    assert note["body"] == "Lunch, then coffee;\nwarm" and note["kind"] == "call"


def test_the_zip_holds_the_same_files(filled, tmp_path):
    in_folder = export_csv(filled, tmp_path / "files")
    in_zip = export_csv(filled, tmp_path / "export.ZIP")
    assert in_zip == in_folder
    assert (tmp_path / "export.ZIP").stat().st_mode & 0o777 == 0o600
    with zipfile.ZipFile(tmp_path / "export.ZIP") as archive:
        assert archive.testzip() is None
        assert archive.namelist() == [f"{name}.csv" for name in CSV_FILES]
        for name in CSV_FILES:
            assert archive.read(f"{name}.csv") == (tmp_path / "files" / f"{name}.csv").read_bytes()
            assert (archive.getinfo(f"{name}.csv").external_attr >> 16) & 0o777 == 0o600


def test_a_csv_export_needs_a_folder_or_a_zip(filled, tmp_path):
    (tmp_path / "taken").write_text("mine")
    with pytest.raises(FolderError, match="is a file"):
        export_csv(filled, tmp_path / "taken")
    with pytest.raises(FolderError, match="one file per table"):
        export_csv(filled, tmp_path / "contacts.csv")
    assert (tmp_path / "taken").read_text() == "mine"
    assert not (tmp_path / "contacts.csv").exists()


# -- the JSON archive --------------------------------------------------------------------------
def test_the_archive_holds_every_record_of_every_table(filled, tmp_path):
    fill_demo_folder(filled)
    target = tmp_path / "folder.json"
    counts = export_json(filled, target)
    assert target.stat().st_mode & 0o777 == 0o600
    archive = json.loads(target.read_text(encoding="utf-8"))
    assert list(archive) == ["format", "version", "schema", "exported_at", "app_version", "records"]
    assert archive["format"] == "networking-folder-archive" and archive["version"] == 1
    assert archive["schema"] == migrations.LATEST_VERSION
    assert archive["app_version"] == __version__
    assert dt.datetime.fromisoformat(archive["exported_at"]).tzinfo is not None
    records = archive["records"]
    assert list(records) == list(changelog.IN_ORDER)
    conn = filled.db.connection()
    for table, rows in records.items():
        assert counts[table] == len(rows)
        where = " WHERE key NOT IN ('meta.changes', 'backup.at_change', 'trash_batch_seq')"
        sql = f"SELECT uuid FROM {table}" + (where if table == "setting" else "")
        assert [row["uuid"] for row in rows] == sorted(u for (u,) in filled.query(sql)), table
        assert rows, table
        for row in rows:
            assert list(row) == ["uuid", *changelog.columns(conn, table)]
    assert {r["key"] for r in records["setting"]} == {"sheet.ask"}  # (no bookkeeping)

    contacts = {row["name"]: row for row in records["contact"]}
    assert contacts["Gone Person"]["deleted_at"]  # the trash is in the archive
    assert contacts["Zoë Ångström"]["notes"] == NOTE
    assert json.loads(contacts["Zoë Ångström"]["tags"]) == ["partner", "law, estates"]
    referral = next(r for r in records["referral"] if r["need"] == "A will; soon, please")
    # References are the other records' UUIDs, dates the text SQLite holds.
    assert referral["referrer_id"] == contacts["Zoë Ångström"]["uuid"]
    assert referral["prospect_id"] == contacts["日本 太郎"]["uuid"]
    assert referral["recipient_id"] is None and referral["date"] == "2026-11-02"
    uuids = {table: {row["uuid"] for row in rows} for table, rows in records.items()}
    for (table, column), points_to in changelog.REFERENCES.items():
        for row in records[table]:
            assert row[column] is None or row[column] in uuids[points_to], (table, column)
    assert "日本 太郎" in target.read_text(encoding="utf-8")  # (UTF-8, not \\u escapes)


def test_two_archives_of_the_same_data_differ_only_in_their_time(filled, tmp_path):
    export_json(filled, tmp_path / "a.json")
    export_json(filled, tmp_path / "b.json")
    first, second = ((tmp_path / n).read_text(encoding="utf-8").splitlines() for n in ("a.json", "b.json"))
    differ = [(a, b) for a, b in zip(first, second, strict=True) if a != b]
    assert all('"exported_at"' in a for a, _ in differ)


# -- every export -------------------------------------------------------------------------------
EXPORTS = {
    "vcard": (lambda f, t: export_vcard(f, t), "contacts.vcf"),
    "vcard 3.0": (lambda f, t: export_vcard(f, t, "3.0"), "contacts.vcf"),
    "csv": (export_csv, "csv"),
    "zip": (export_csv, "export.zip"),
    "json": (export_json, "folder.json"),
}


@pytest.mark.parametrize("kind", EXPORTS)
@pytest.mark.parametrize("umask", [0o000, 0o277])
def test_exports_are_private_whatever_the_umask(filled, tmp_path, kind, umask):
    export, name = EXPORTS[kind]
    old = os.umask(umask)
    try:
        export(filled, tmp_path / name)
    finally:
        os.umask(old)
    target = tmp_path / name
    for path in [target, *target.iterdir()] if target.is_dir() else [target]:
        assert path.stat().st_mode & 0o777 == (0o700 if path.is_dir() else 0o600), path
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize("kind", EXPORTS)
def test_a_target_inside_the_folder_is_refused(filled, tmp_path, kind):
    export, name = EXPORTS[kind]
    (tmp_path / "link").symlink_to(filled.directory)
    before = sorted(p.name for p in filled.directory.rglob("*"))
    for target in (filled.directory / name, filled.directory / "backups" / name,
                   tmp_path / "link" / name, filled.directory):  # fmt: skip
        with pytest.raises(FolderError, match="inside the folder"):
            export(filled, target)
    assert sorted(p.name for p in filled.directory.rglob("*")) == before


def test_exporting_from_a_snapshot_leaves_the_data_file_as_it_was(tmp_path):
    directory = tmp_path / "folder"
    with Folder.open(directory) as folder:
        fill_demo_folder(folder)
        folder.contacts.create(Contact("Zoë Ångström", notes=NOTE))
    data_file = directory / "networking-folder.sqlite3"
    before = data_file.read_bytes(), data_file.stat().st_mtime_ns
    files = sorted(p.name for p in directory.iterdir())
    with Folder.snapshot(directory) as snapshot:
        for kind, (export, name) in EXPORTS.items():
            place = tmp_path / "out" / kind.replace(" ", "-")
            place.mkdir(parents=True)
            export(snapshot, place / name)
            assert (place / name).exists()
    assert (data_file.read_bytes(), data_file.stat().st_mtime_ns) == before
    assert sorted(p.name for p in directory.iterdir()) == files


@pytest.fixture
def out(tmp_path):
    (tmp_path / "out").mkdir()
    return tmp_path / "out"


@pytest.mark.parametrize("kind", EXPORTS)
def test_a_full_disk_leaves_no_half_written_export(filled, out, monkeypatch, kind):
    export, name = EXPORTS[kind]
    target = out / name
    if kind == "csv":
        target.mkdir()
        (target / "contacts.csv").write_text("the last export")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DiskFull, match="The disk is full"):
        export(filled, target)
    left = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    assert left == (["csv", "csv/contacts.csv"] if kind == "csv" else [])
    if kind == "csv":  # (the files of the last export stay as they were)
        assert (target / "contacts.csv").read_text() == "the last export"


def test_a_place_that_cannot_be_written_is_said_plainly(filled, out, monkeypatch):
    def refused(source, destination):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(FolderError, match="you may not write there"):
        export_json(filled, out / "folder.json")
    assert list(out.iterdir()) == []
    monkeypatch.undo()
    with pytest.raises(FolderError, match="does not exist"):
        export_vcard(filled, out / "missing" / "contacts.vcf")
