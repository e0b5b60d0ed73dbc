"""The reports (issue 12, item 4): the quarter's report and the one-to-one sheet, their text and
pages against the hand-counted folder, and `networking-folder report`."""

from __future__ import annotations

import io

import pypdf
import pytest

from networking_folder.cli import main
from networking_folder.domain.model import Contact
from networking_folder.reports import one_to_one as one_to_one_pdf
from networking_folder.reports import quarter as quarter_pdf
from networking_folder.services import reports
from tests.unit.known_folder import Q4, TODAY


def pages_of(render, report) -> list[str]:
    out = io.BytesIO()
    render(report, out)
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(out).pages]


def test_the_quarter_report_says_the_hand_counted_figures(known):
    report = reports.quarter_report(known, Q4, TODAY)
    pages = pages_of(quarter_pdf.render, report)
    text = " ".join(pages)
    assert "Quarter report — Q4 2026" in pages[0]
    assert "Referrals given 4 1" in text  # this quarter 4, the quarter before 1
    assert "Referrals received 5 1" in text
    assert "Closed business from referrals received 1,500 –" in text
    assert "Closed business from referrals given 500 –" in text
    # Q3's one received referral closed (in October): conversion goes by where it stands.
    assert "Received referrals that closed 20% (1 of 5) 100% (1 of 1)" in text
    assert "Referrals, the last 12 months" in text and "Give and receive with each partner" in text
    # Ann's scorecard row: given 3, received 2, 1,500 and 500 closed, half of hers closed,
    # 6 days to first contact, one one-to-one, last touch (as of the quarter's end), trend +3.
    assert "Ann 3 2 1,500 500 50% 6 1 Dec 31, 2026 +3" in text
    assert "What the figures mean" in text
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page


def test_the_same_folder_gives_the_same_bytes(known):
    report = reports.quarter_report(known, Q4, TODAY)
    first, second = io.BytesIO(), io.BytesIO()
    quarter_pdf.render(report, first)
    quarter_pdf.render(report, second)
    assert first.getvalue() == second.getvalue()


def test_the_one_to_one_sheet(known):
    ann = reports.find_person(known, "ann")
    contact = known.contacts.get(ann)
    contact.ask = "Owners of dental practices"
    known.contacts.update(contact)
    sheet = reports.one_to_one(known, ann, TODAY)
    pages = pages_of(one_to_one_pdf.render, sheet)
    text = " ".join(pages)
    assert len(pages) == 1 and "One-to-one with Ann" in text
    assert "What they ask for now: Owners of dental practices (since" in text
    assert "They → you" in text and "You → them" in text
    assert "Closed business 1,200" in text and "Closed business 500" in text
    # Her open items, the soonest first (nineteen: sixteen, the public thank-you for her open
    # referral and the question of who else got each of the two that closed; the sheet shows
    # eight and says so).
    assert "Oct 14, 2026 Check in with Ann" in text
    assert "And 11 more after these (on the Follow-ups tab)." in text
    assert "Coffee" in text and "Lunch" in text  # her last notes
    assert "Is “Owners of dental practices” still what you want most?" in text
    assert "Prospect" in text and "Something" in text


def test_a_name_that_matches_several_people_lists_them(known, tmp_path, capsys):
    known.contacts.create(Contact(name="Ann Other"))
    with pytest.raises(reports.NameProblem, match="could be any of 2 people: Ann .*Ann Other"):
        reports.find_person(known, "an")
    assert reports.find_person(known, "Ann") != reports.find_person(known, "Ann Other")
    directory = str(known.directory)
    known.close()
    code = main(["--data-dir", directory, "report", "one-to-one", "an", "-o", str(tmp_path / "x.pdf")])
    assert code == 1
    err = capsys.readouterr().err
    assert "could be any of" in err and "Ann Other (contact:" in err
    assert not (tmp_path / "x.pdf").exists()
    assert main(["--data-dir", directory, "report", "one-to-one", "Nobody Here"]) == 1
    assert "No one in the folder is called “Nobody Here”" in capsys.readouterr().err


def test_report_commands_write_their_pdfs(known, tmp_path, capsys):
    directory = str(known.directory)
    known.close()
    target = tmp_path / "q.pdf"
    assert main(["--data-dir", directory, "report", "quarter", "--quarter", "2026-Q4", "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == str(target)
    assert "Quarter report — Q4 2026" in pypdf.PdfReader(target).pages[0].extract_text()
    sheet = tmp_path / "ann.pdf"
    assert main(["--data-dir", directory, "report", "one-to-one", "Ann", "-o", str(sheet)]) == 0
    assert "One-to-one with Ann" in pypdf.PdfReader(sheet).pages[0].extract_text()
    with pytest.raises(SystemExit) as bad:
        main(["--data-dir", directory, "report", "quarter", "--quarter", "2026-Q5"])
    assert bad.value.code == 2
