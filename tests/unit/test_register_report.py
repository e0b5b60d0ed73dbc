"""The promoter register's report (issue 14, item 3): one dict, written as JSON, CSV and PDF
with the same figures; ``networking-folder register``; a year's report; the chain heads."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os

import pypdf
import pytest

from networking_folder.cli import main
from networking_folder.domain.model import Contact, Direction, Referral, format_money
from networking_folder.domain.promoters import Compensation
from networking_folder.domain.validation import ValidationError
from networking_folder.services import register_report
from networking_folder.services.demo import fill_demo_folder
from networking_folder.services.folder import DATA_FILE_NAME
from networking_folder.store import changelog
from networking_folder.store.errors import FolderError

DEMO_DAY = dt.date(2026, 11, 23)


def pdf_text(data: dict) -> tuple[str, list[str]]:
    out = io.BytesIO()
    register_report.render_pdf(data, out)
    pages = [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(out).pages]
    return " ".join(pages), pages


@pytest.fixture
def hand_made(folder):
    """Pat, who referred one prospect (Dec 20, 2024) and was given three things: 900.00 cash
    for that referral (Dec 28, 2024; its disclosure given only on Mar 1, 2026), 950.00 of
    tickets (Aug 1, 2025) and a 100.00 fee (Feb 1, 2026); and Quinn, who referred one
    prospect in 2025 and was given nothing."""
    pat = folder.contacts.create(Contact(name="Pat Promoter", company="Pat & Co"))
    quinn = folder.contacts.create(Contact(name="Quinn Nothing"))
    ron = folder.contacts.create(Contact(name="Ron Prospect"))
    sue = folder.contacts.create(Contact(name="Sue Prospect"))
    first = folder.referrals.create(Referral(Direction.RECEIVED, pat, ron, dt.date(2024, 12, 20)))
    folder.referrals.create(Referral(Direction.RECEIVED, quinn, sue, dt.date(2025, 5, 5)))
    add = folder.promoters.add
    add(Compensation(dt.date(2024, 12, 28), 90_000, "Referral fee", True, first, promoter_id=pat))
    add(Compensation(dt.date(2025, 8, 1), 95_000, "Season tickets", False, promoter_id=pat))
    add(Compensation(dt.date(2026, 2, 1), 10_000, "Finder's fee", True, promoter_id=pat))
    folder.promoters.disclose(first, dt.date(2026, 3, 1), "Letter handed over")
    return folder


# -- one dict, three files, the same figures ------------------------------------------------
def test_the_json_and_the_pdf_carry_the_same_figures(folder):
    fill_demo_folder(folder, today=DEMO_DAY)
    data = register_report.report(folder, today=DEMO_DAY)
    assert json.loads(json.dumps(data)) == data  # JSON-able as it is
    assert data["as_of"] == data["made_on"] == "2026-11-23" and data["year"] is None
    assert data["threshold_cents"] == 100_000 and "not legal advice" in data["note"]
    text, pages = pdf_text(data)
    assert text.startswith("Promoter register")
    assert "Every item recorded; totals and warnings as of Nov 23, 2026" in text
    assert "Threshold: 1,000.00" in text and "It is not legal advice." in text
    assert data["promoters"] and data["totals"]["items"] == 6
    for p in data["promoters"]:
        assert p["name"] in text
        assert format_money(p["twelve_month_total_cents"]) in text
        for item in p["items"]:
            assert format_money(item["value_cents"]) in text, (p["name"], item)
            assert item["description"] in text
    # The demo's promoter paid 750 + 250 + 120 in the last twelve months, with no agreement.
    (over,) = [p for p in data["promoters"] if p["over_threshold"] and not p["agreement_on"]]
    assert over["twelve_month_total_cents"] == 112_000 and "1,120.00" in text
    for warning in data["warnings"]:
        assert warning["text"] in text
    assert text.count("R11") >= 2 * len(data["warnings"])  # under the person, and together
    assert "Change log chain heads" in text
    for head in data["chain_heads"]:
        assert head["hash"] in text.replace(" ", "") and head["device"] in text
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page


def test_the_same_register_gives_the_same_bytes(folder):
    fill_demo_folder(folder, today=DEMO_DAY)
    data = register_report.report(folder, today=DEMO_DAY)
    first, second = io.BytesIO(), io.BytesIO()
    register_report.render_pdf(data, first)
    register_report.render_pdf(data, second)
    assert first.getvalue() == second.getvalue()
    # Every font is embedded: the DejaVu fonts (Sans Mono for the hashes).
    fonts = set()
    for page in pypdf.PdfReader(first).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVuSans" in f for f in fonts), fonts
    assert any("Mono" in f for f in fonts)


def test_the_chain_heads_are_the_folders_on_the_day(folder):
    fill_demo_folder(folder, today=DEMO_DAY)
    data = register_report.report(folder, today=DEMO_DAY)
    heads = changelog.heads(folder.db.connection())
    assert heads
    assert data["chain_heads"] == [
        {"device": device, "seq": seq, "hash": digest} for device, (seq, digest) in heads.items()
    ]


def test_records_carry_their_uuids_and_an_unrecorded_value_stays_unrecorded(hand_made):
    folder = hand_made
    pat = folder.contacts.find_by_name("Pat Promoter")[0].id
    folder.promoters.add(Compensation(dt.date(2026, 4, 1), None, "Wine", promoter_id=pat))
    data = register_report.report(folder, today=dt.date(2026, 6, 30))
    (line,) = [p for p in data["promoters"] if p["name"] == "Pat Promoter"]
    assert line["uuid"] == folder.uuids("contact", [pat])[pat]
    ids = [i["id"] for i in line["items"]]
    assert [i["uuid"] for i in line["items"]] == [folder.uuids("compensation", ids)[i] for i in ids]
    wine = line["items"][-1]
    assert wine["value_cents"] is None and wine["description"] == "Wine"
    assert data["totals"]["items_without_value"] == 1
    text, _ = pdf_text(data)
    assert "not recorded" in text
    header, *rows = register_report.csv_rows(data)
    (row,) = [dict(zip(header, r, strict=True)) for r in rows if "Wine" in r]
    assert row["value"] == "" and row["cash_or_non_cash"] == "non-cash"


# -- a year's report ------------------------------------------------------------------------
def test_a_year_lists_its_items_and_is_as_of_its_last_day(hand_made):
    today = dt.date(2026, 6, 30)

    def pat(year):
        data = register_report.report(hand_made, year, today)
        (line,) = [p for p in data["promoters"] if p["name"] == "Pat Promoter"]
        return data, line

    data, line = pat(2025)
    assert (data["year"], data["as_of"]) == (2025, "2025-12-31")
    assert [i["given_on"] for i in line["items"]] == ["2025-08-01"]
    assert line["items_value_cents"] == data["totals"]["value_cents"] == 95_000
    assert line["twelve_month_total_cents"] == 95_000  # the 365 days to Dec 31, 2025
    # The fee of Dec 2024 was for a referral disclosed only in March 2026: not yet on file.
    assert [w["kind"] for w in line["warnings"]] == ["undisclosed"]
    assert line["disclosed_count"] == 0
    assert [r["date"] for r in line["referrals"]] == ["2024-12-20"]  # the one warned of
    assert "Quinn Nothing" in [p["name"] for p in data["promoters"]]  # referred in 2025

    data, line = pat(2026)  # this year: as of today
    assert (data["year"], data["as_of"]) == (2026, "2026-06-30")
    assert [i["given_on"] for i in line["items"]] == ["2026-02-01"]
    assert line["twelve_month_total_cents"] == 105_000  # Aug 2025's tickets count too
    assert line["over_threshold"] and [w["kind"] for w in line["warnings"]] == ["no_agreement"]
    assert "Quinn Nothing" not in [p["name"] for p in data["promoters"]]  # nothing in 2026

    data, line = pat(2024)
    assert data["as_of"] == "2024-12-31"
    assert [i["value_cents"] for i in line["items"]] == [90_000]

    data, line = pat(None)  # no year: every item, as of today
    assert data["as_of"] == "2026-06-30" and len(line["items"]) == 3
    assert data["totals"]["items"] == 3 and data["totals"]["value_cents"] == 195_000
    text, _ = pdf_text(register_report.report(hand_made, 2025, today))
    assert "Items given in 2025; totals and warnings as of Dec 31, 2025" in text
    assert "950.00" in text and "900.00" not in text and "Given in 2025" in text


@pytest.mark.parametrize(
    ("year", "words"),
    [(2027, "2027 has not come yet: choose 2026 or an earlier year."),
     (1899, "1899 is too early: choose 1900 or later.")],
)  # fmt: skip
def test_a_year_to_come_or_before_1900_is_refused(folder, year, words):
    with pytest.raises(ValidationError) as refused:
        register_report.report(folder, year, dt.date(2026, 6, 30))
    assert refused.value.field == "year" and refused.value.message == words


# -- the CSV --------------------------------------------------------------------------------
def test_the_csv_has_a_row_per_item_and_one_for_each_promoter_given_nothing(hand_made, tmp_path):
    target = tmp_path / "register.csv"
    rows_written = register_report.write_csv(hand_made, target, today=dt.date(2026, 6, 30))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == rows_written == 3 + 1
    pat = [r for r in rows if r["promoter"] == "Pat Promoter"]
    assert [(r["given_on"], r["value"], r["cash_or_non_cash"]) for r in pat] == [
        ("2024-12-28", "900.00", "cash"),
        ("2025-08-01", "950.00", "non-cash"),
        ("2026-02-01", "100.00", "cash"),
    ]
    fee = pat[0]
    assert (fee["referral_date"], fee["referral_prospect"]) == ("2024-12-20", "Ron Prospect")
    assert (fee["disclosed_on"], fee["disclosed_how"]) == ("2026-03-01", "Letter handed over")
    assert fee["company"] == "Pat & Co" and fee["twelve_month_total"] == "1050.00"
    (quinn,) = [r for r in rows if r["promoter"] == "Quinn Nothing"]
    assert quinn["given_on"] == quinn["value"] == quinn["description"] == ""
    assert quinn["promoter_uuid"]


def test_money_in_the_csv_is_plain():
    assert register_report.plain_money(125_050) == "1250.50"
    assert register_report.plain_money(7) == "0.07"
    assert register_report.plain_money(None) == ""


def test_files_are_private_whole_and_never_inside_the_folder(hand_made, tmp_path):
    old = os.umask(0o022)
    try:
        for suffix, write in register_report.WRITERS.items():
            target = tmp_path / f"register{suffix}"
            write(hand_made, target, today=dt.date(2026, 6, 30))
            assert target.stat().st_mode & 0o777 == 0o600, suffix
            inside = hand_made.directory / f"register{suffix}"
            with pytest.raises(FolderError, match="inside the folder"):
                write(hand_made, inside, today=dt.date(2026, 6, 30))
            assert not inside.exists()
    finally:
        os.umask(old)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "folder", "register.csv", "register.json", "register.pdf"
    ]  # (no temporary file left beside them)  # fmt: skip
    data = json.loads((tmp_path / "register.json").read_text(encoding="utf-8"))
    assert data["totals"]["items"] == 3
    assert pypdf.PdfReader(tmp_path / "register.pdf").pages[0].extract_text().startswith(
        "Promoter register"
    )


# -- networking-folder register -------------------------------------------------------------
def test_register_json_lists_the_warnings_of_both_kinds(folder, capsys):
    fill_demo_folder(folder)  # today's demo: the command is as of today
    directory = str(folder.directory)
    folder.close()
    path = folder.directory / DATA_FILE_NAME
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert main(["--data-dir", directory, "register", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    kinds = sorted((w["kind"], w["rule"]) for w in data["warnings"])
    assert kinds == [("no_agreement", "R11"), ("undisclosed", "R11")]
    for warning in data["warnings"]:
        (person,) = [p for p in data["promoters"] if p["name"] == warning["name"]]
        assert warning["kind"] in [w["kind"] for w in person["warnings"]]
        assert warning["contact_uuid"] == person["uuid"]
    assert data["totals"]["warnings"] == 2
    assert main(["--data-dir", directory, "register"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Promoter register as of ") and "Warnings: 2" in text
    assert "not legal advice" in text and "R11" not in text  # people read words, not keys
    for warning in data["warnings"]:
        assert warning["text"] in text
    (head,) = data["chain_heads"]
    assert f"head {head['device']}:{head['seq']}:{head['hash']}" in text
    # It only reads: the data file is as it was, and no log beside it.
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not path.with_name(f"{path.name}-wal").exists()


def test_register_year_and_output_files(hand_made, tmp_path, capsys):
    directory = str(hand_made.directory)
    hand_made.close()
    assert main(["--data-dir", directory, "register", "--year", "2025", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["year"], data["as_of"]) == (2025, "2025-12-31")
    (pat,) = [p for p in data["promoters"] if p["name"] == "Pat Promoter"]
    assert [i["given_on"] for i in pat["items"]] == ["2025-08-01"]
    for suffix in (".pdf", ".csv", ".json"):
        target = tmp_path / f"out{suffix}"
        assert main(["--data-dir", directory, "register", "--year", "2025", "-o", str(target)]) == 0
        captured = capsys.readouterr()
        assert captured.out.strip() == str(target)
        assert captured.err.startswith("Wrote the promoter register: ")
        assert target.stat().st_mode & 0o777 == 0o600
    text = " ".join(pypdf.PdfReader(tmp_path / "out.pdf").pages[0].extract_text().split())
    assert "Items given in 2025" in text
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["as_of"] == "2025-12-31"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--year", "2999"], "2999 has not come yet"),
        (["--year", "1850"], "1850 is too early"),
        (["-o", "register.txt"], "give a file name ending in .pdf, .csv or .json"),
        (["--json", "-o", "register.pdf"], "--json prints the register"),
    ],
)
def test_register_refuses_a_bad_year_or_file_in_one_line(hand_made, tmp_path, capsys, args, words):
    directory = str(hand_made.directory)
    hand_made.close()
    args = [str(tmp_path / a) if a.startswith("register.") else a for a in args]
    assert main(["--data-dir", directory, "register", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.strip().splitlines()
    assert words in line
    assert list(tmp_path.iterdir()) == [tmp_path / "folder"]


def test_register_year_that_is_no_year_is_a_command_line_mistake(hand_made, capsys):
    directory = str(hand_made.directory)
    hand_made.close()
    with pytest.raises(SystemExit) as bad:
        main(["--data-dir", directory, "register", "--year", "twenty"])
    assert bad.value.code == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "“twenty” is not a year: write it as YYYY" in line


def test_register_is_in_the_help(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "register" in capsys.readouterr().out
