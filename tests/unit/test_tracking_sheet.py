"""The weekly tracking sheet, read back from the PDF as a reader (or a PDF tool) would."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pypdf
import pytest

from networking_folder.domain.model import (
    Contact,
    Direction,
    FollowUp,
    Group,
    Referral,
    Status,
)
from networking_folder.reports.tracking_sheet import (
    TICK_BOX,
    SheetBalance,
    SheetData,
    SheetFollowUp,
    SheetReferral,
    render,
)
from networking_folder.services import sheet

MONDAY = dt.date(2026, 11, 23)
UNICODE_NAMES = ["Zoë Ørsted", "Łukasz Żółć", "Αλέξης", "Дмитрий"]


def pdf_of(data: SheetData) -> pypdf.PdfReader:
    out = io.BytesIO()
    render(data, out)
    return pypdf.PdfReader(io.BytesIO(out.getvalue()))


def text_of(reader: pypdf.PdfReader) -> str:
    """The words of every page in reading order (table cells come out one per line)."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def typical_week(due: int = 25, each_way: int = 15, paper: str = "letter") -> SheetData:
    names = UNICODE_NAMES + ["Maria Alvarez", "Ben Carter"]
    return SheetData(
        week_start=MONDAY,
        group="BNI Downtown",
        meeting=dt.datetime(2026, 11, 25, 7, 0),
        ask="Introductions to CPAs who serve dentists",
        printed_on=MONDAY,
        paper=paper,
        given=[
            SheetReferral(
                MONDAY - dt.timedelta(days=i),
                names[i % 6],
                f"Pg {i}",
                "A will",
                "Given",
                "Check in",
            )
            for i in range(each_way)
        ],
        received=[
            SheetReferral(
                MONDAY - dt.timedelta(days=i),
                names[i % 6],
                f"Pr {i}",
                "401(k)",
                "Contacted",
                "Report back",
            )
            for i in range(each_way)
        ],
        due=[
            SheetFollowUp(
                MONDAY + dt.timedelta(days=i % 7 - 3), f"Follow-up {i}", names[i % 6], i % 7 < 3
            )
            for i in range(due)
        ],
        thanks=[
            SheetFollowUp(
                MONDAY + dt.timedelta(days=2), "Thank Maria Alvarez privately", "Ben Carter", False
            )
        ],
        balance=[SheetBalance(name, i, 2) for i, name in enumerate(names)],
        quarter="Q4 2026",
    )


def test_every_section_with_the_right_names_in_the_right_place():
    text = text_of(pdf_of(typical_week()))
    sections = [
        "Referral tracking sheet",
        "Week 48 (Nov 23–29, 2026)",
        "BNI Downtown",
        "Meeting: Wednesday Nov 25, 07:00",
        "My ask this week: Introductions to CPAs who serve dentists",
        "Referrals given — open (15)",
        "Referrals received — open (15)",
        "New referrals — write them in during the meeting",
        "Follow-ups due this week and overdue (25)",
        "Thank-yous owed (1)",
        "Partner balance — Q4 2026",
    ]
    positions = [text.index(section) for section in sections]
    assert positions == sorted(positions), "sections in reading order"
    given_at, received_at, blank_at = positions[5], positions[6], positions[7]
    assert given_at < text.index("Pg 14") < received_at
    assert received_at < text.index("Pr 14") < blank_at
    assert "Pg " not in text[received_at:]
    assert text.index("Thank Maria Alvarez privately") > positions[9]


def test_one_tick_box_per_follow_up_and_thank_you():
    data = typical_week(due=11)
    assert text_of(pdf_of(data)).count(TICK_BOX) == 11 + len(data.thanks)


def test_names_in_any_script_print_and_stay_extractable():
    text = text_of(pdf_of(typical_week()))
    for name in UNICODE_NAMES:
        assert name in text
    fonts = set()
    for page in pdf_of(typical_week()).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVuSans" in f for f in fonts), f"only the embedded font: {fonts}"


@pytest.mark.parametrize(("paper", "size"), [("letter", (792, 612)), ("a4", (842, 595))])
def test_landscape_on_the_chosen_paper(paper, size):
    page = pdf_of(typical_week(paper=paper)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == size and width > height


def test_a_typical_week_fits_one_page_and_a_long_one_flows_with_headers_repeated():
    assert len(pdf_of(typical_week(due=25, each_way=15)).pages) == 1
    reader = pdf_of(typical_week(due=120, each_way=30))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Referral tracking sheet Week 48" in text, "every page says which week it is"
    whole = " ".join(pages)
    assert whole.count("Follow-ups due this week and overdue (120)") == 1
    assert whole.count("Done Due What Who") >= 2, (
        "the table's header row is repeated where it continues"
    )
    for number in range(120):  # no follow-up lost or cut in two at a page break
        assert f"Follow-up {number} " in whole + " "


def test_the_same_data_gives_the_same_bytes():
    first, second = io.BytesIO(), io.BytesIO()
    render(typical_week(), first)
    render(typical_week(), second)
    assert first.getvalue() == second.getvalue()


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed"
)
def test_page_one_rendered_is_not_blank(tmp_path):
    path = tmp_path / "sheet.pdf"
    render(typical_week(), path)
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "30", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
    )
    (image,) = tmp_path.glob("page*.pgm")
    data = image.read_bytes()
    header_end = data.index(b"255\n") + 4  # P5 header: magic, size, maximum
    pixels = data[header_end:]
    dark = sum(1 for value in pixels if value < 128)
    assert dark > len(pixels) * 0.01, "ink on the page"


# -- the data, from a folder ------------------------------------------------------------
@pytest.fixture
def week_folder(folder):
    folder.settings.set("calendar.country", "US")
    group = folder.groups.create(
        Group("BNI Downtown", meeting_weekday=2, meeting_time=dt.time(7, 0))
    )
    maria = folder.contacts.create(
        Contact(name="Maria Alvarez", is_partner=True, group_ids=[group])
    )
    folder.contacts.create(Contact(name="Quiet Partner", is_partner=True, group_ids=[group]))
    ben = folder.contacts.create(Contact(name="Ben Carter"))
    zoe = folder.contacts.create(Contact(name="Zoë Ørsted"))
    given = folder.referrals.create(Referral(Direction.GIVEN, maria, ben, dt.date(2026, 11, 16)))
    received = folder.referrals.create(
        Referral(Direction.RECEIVED, maria, zoe, dt.date(2026, 11, 20))
    )
    closed = folder.referrals.create(Referral(Direction.RECEIVED, maria, ben, dt.date(2026, 10, 5)))
    folder.referrals.set_status(closed, Status.CLOSED_BUSINESS, value_cents=100_000)
    folder.follow_ups.create(FollowUp("Far in the future", dt.date(2027, 3, 1), contact_id=ben))
    return folder, group, given, received


def test_sheet_data_from_the_folder(week_folder):
    folder, group, given, received = week_folder
    data = sheet.sheet_data(folder, MONDAY, folder.groups.get(group), MONDAY)
    assert [r.prospect for r in data.given] == ["Ben Carter"]
    assert data.given[0].next_step.startswith("Check in with")
    assert [r.prospect for r in data.received] == ["Zoë Ørsted"], "closed business is not open"
    assert data.received[0].next_step == "First contact: call Zoë Ørsted (Nov 23)"
    titles = [f.title for f in data.due]
    assert "First contact: call Zoë Ørsted" in titles and "Far in the future" not in titles
    assert {f.title.split(" at ")[0] for f in data.thanks} >= {
        "Thank Maria Alvarez privately",
        "Thank Maria Alvarez",
    }
    assert all(f.title.startswith("Thank") for f in data.thanks)
    balance = {b.partner: (b.given, b.received) for b in data.balance}
    assert balance == {"Maria Alvarez": (1, 2), "Quiet Partner": (0, 0)}
    assert data.meeting == dt.datetime(2026, 11, 25, 7, 0) and data.group == "BNI Downtown"


def test_default_week_is_the_next_meeting_and_paper_follows_the_setting(week_folder):
    folder, group, _, _ = week_folder
    wednesday_group = folder.groups.get(group)
    assert sheet.default_week(wednesday_group, dt.date(2026, 11, 26)) == dt.date(
        2026, 11, 30
    )  # Thursday: next week
    assert (
        sheet.default_week(wednesday_group, dt.date(2026, 11, 25)) == MONDAY
    )  # meeting day itself
    assert sheet.default_week(None, dt.date(2026, 11, 26)) == MONDAY
    assert sheet.paper(folder) == "letter"
    folder.settings.set("calendar.country", "DE")
    assert sheet.paper(folder) == "a4"
    folder.settings.set("sheet.paper", "letter")
    assert sheet.paper(folder) == "letter"
    assert sheet.parse_week("2026-W48") == MONDAY
    with pytest.raises(Exception, match="YYYY-Www"):
        sheet.parse_week("week 48")
