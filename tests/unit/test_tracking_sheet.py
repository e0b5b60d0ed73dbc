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
    SheetOneToOne,
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


def typical_week(due: int = 14, each_way: int = 9, paper: str = "letter") -> SheetData:
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
        "Referrals given — open (9)",
        "Referrals received — open (9)",
        "What partners ask for — give during the meeting (0)",
        "New referrals — write them in during the meeting",
        "Follow-ups due this week and overdue (14)",
        "Thank-yous owed (1)",
        "One-to-ones this week (0)",
        "Partner balance — Q4 2026",
    ]
    positions = [text.index(section) for section in sections]
    assert positions == sorted(positions), "sections in reading order"
    given_at, received_at, asks_at = positions[5], positions[6], positions[7]
    assert given_at < text.index("Pg 8") < received_at
    assert received_at < text.index("Pr 8") < asks_at
    assert "Pg " not in text[received_at:]
    assert text.index("Thank Maria Alvarez privately") > positions[10]


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
    # A typical week: nine open referrals each way and fourteen follow-ups due, at 8.5 pt.
    assert len(pdf_of(typical_week(due=14, each_way=9)).pages) == 1
    reader = pdf_of(typical_week(due=120, each_way=30))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Referral tracking sheet Week 48" in text, "every page says which week it is"
    whole = " ".join(pages)
    assert whole.count("Follow-ups due this week and overdue (120)") == 1
    assert whole.count("Done Due What") >= 2, (
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
    # The check-in, two weeks after Nov 16, falls next week: said on the row, nothing to tick.
    (check_in,) = data.given
    assert (check_in.next_step, check_in.next_due, check_in.tick) == (
        "Check in with partner", dt.date(2026, 11, 30), False,
    )  # fmt: skip
    assert [r.prospect for r in data.received] == ["Zoë Ørsted"], "closed business is not open"
    # The first call is due today: ticked on the referral's row, so not listed again below.
    (call,) = data.received
    assert (call.next_step, call.next_due, call.tick, call.late) == (
        "First contact", MONDAY, True, False,
    )  # fmt: skip
    titles = [f.title for f in data.due]
    assert "First contact: call Zoë Ørsted" not in titles and "Far in the future" not in titles
    # The closed business, thanked privately and at the meeting with its value (R5); the open
    # referral, thanked at the meeting too (R9).
    assert sorted((f.who, f.about, f.worth, f.private) for f in data.thanks) == [
        ("Maria Alvarez", "closed business: Ben Carter", "1,000", False),
        ("Maria Alvarez", "closed business: Ben Carter", "1,000", True),
        ("Maria Alvarez", "referring Zoë Ørsted", "", False),
    ]
    text = text_of(pdf_of(data))
    assert "Maria Alvarez closed business: Ben Carter · 1,000 · privately" in text
    assert "Maria Alvarez referring Zoë Ørsted" in text
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


# -- nothing cut, type large enough, the week's one-to-ones and asks (issue 12, item 5) ----------
def long_words_week() -> SheetData:
    data = typical_week()
    long = "Ask about the estate plan for the family business and the trust for the grandchildren"
    return SheetData(
        **{
            **data.__dict__,
            "given": [SheetReferral(MONDAY, "Maria Alvarez", "Bartholomew Featherstonehaugh-Smythe",
                                    long, "Partner contacted", long)],
            "received": [SheetReferral(MONDAY - dt.timedelta(days=12), "Ben Carter", "Zoë Ørsted",
                                       long, "Received", long, "(212) 555-0147", 12)],
            "due": [SheetFollowUp(MONDAY, long, "Bartholomew Featherstonehaugh-Smythe", False)],
            "thanks": [SheetFollowUp(MONDAY, "Thank Maria Alvarez in front of the group for the "
                                     "introduction to the Featherstonehaugh-Smythe family", "Maria", False)],
            "one_to_ones": [SheetOneToOne(MONDAY, "Maria Alvarez", True),
                            SheetOneToOne(MONDAY + dt.timedelta(days=3), "Ben Carter", False)],
            "asks": [("Maria Alvarez", "Families relocating for work who need a realtor by spring")],
            "skipped_holiday": "Thu Nov 26 is Thanksgiving Day",
            "ask": f"{long}, and then {long.lower()} who live out of state",
        }
    )  # fmt: skip


def test_nothing_is_cut_with_an_ellipsis_and_long_text_wraps():
    reader = pdf_of(long_words_week())
    lines = [line for page in reader.pages for line in page.extract_text().splitlines()]
    assert not [line for line in lines if line.rstrip().endswith("…")], "no row ends in …"
    text = text_of(reader)
    assert "grandchildren" in text and "Featherstonehaugh-Smythe" in text  # all of it, wrapped
    assert "who live out of state" in text, "the header's ask wraps too"
    empty = text_of(pdf_of(SheetData(MONDAY, "", None, "", MONDAY)))
    for said in ("No open referrals given.", "No open referrals received.",
                 "Nothing is due this week.", "No thank-yous owed.", "No one-to-ones this week.",
                 "No referrals with partners this quarter."):  # fmt: skip
        assert said in empty, said


def test_table_type_is_never_smaller_than_eight_and_a_half_points():
    sizes = []

    def visit(text, _cm, tm, _font, size):
        if text.strip():
            sizes.append((round(size * abs(tm[0] or 1), 2), text.strip()))

    for page in pdf_of(long_words_week()).pages:
        page.extract_text(visitor_text=visit)
    small = [t for size, t in sizes if size < 8.5 and not t.startswith(("Printed", "Page"))]
    assert sizes and not small, small


def test_received_referrals_say_how_to_reach_the_prospect_and_days_open():
    text = text_of(pdf_of(long_words_week()))
    assert "12 Ben Carter Zoë Ørsted (212) 555-0147 Received" in text
    assert "One-to-ones this week (2)" in text
    assert "Maria Alvarez (Nov 23, held) · Ben Carter (Nov 26, planned)" in text
    assert "What partners ask for — give during the meeting (1)" in text
    assert "Families relocating for work who need a realtor by spring" in text
    assert "⚑ Not on the usual day: Thu Nov 26 is Thanksgiving Day" in text


def test_a_next_step_due_this_week_is_ticked_on_its_row_and_late_ones_say_so():
    data = typical_week(due=0, each_way=0)
    ticked = SheetReferral(MONDAY, "Maria Alvarez", "Ben Carter", "", "Given",
                           "Check in with partner", next_due=MONDAY - dt.timedelta(days=4),
                           tick=True, late=True)  # fmt: skip
    later = SheetReferral(MONDAY, "Maria Alvarez", "Zoë Ørsted", "", "Given",
                          "Check in with partner", next_due=MONDAY + dt.timedelta(days=9))  # fmt: skip
    text = text_of(pdf_of(SheetData(**{**data.__dict__, "given": [ticked, later]})))
    assert f"{TICK_BOX} Check in with partner · Nov 19 · late" in text
    assert "Check in with partner · Dec 2" in text
    assert text.count(TICK_BOX) == 1 + len(data.thanks), "a box only where something is due"
    assert "More follow-ups due this week and overdue (0)" in text
    assert "Nothing else is due this week." in text


def test_the_ruled_rows_fill_what_the_column_has_left():
    from networking_folder.reports.tracking_sheet import _RuledRows

    parts = [0.5, 1.15, 1.15, 1.6, 1.3]
    quiet, busy = _RuledRows(["G/R"] * 5, parts, 7, 16), _RuledRows(["G/R"] * 5, parts, 7, 16)
    quiet.wrap(400, 400)
    busy.wrap(400, 150)
    assert quiet.rows > busy.rows == 7, "a quiet week gets more rows; a busy one its seven"
    assert quiet.height <= 400
    assert busy.split(400, 150) == [], "never split: the block moves on whole"


def test_the_demo_folders_week_fits_one_page(folder):
    from networking_folder.services.demo import fill_demo_folder

    fill_demo_folder(folder, today=MONDAY)
    group = sheet.default_group(folder, MONDAY)
    week = sheet.default_week(group, MONDAY, folder.rules.calendar())
    data = sheet.sheet_data(folder, week, group, MONDAY)
    assert data.given and data.received and data.due and data.thanks and data.asks
    text = text_of(pdf := pdf_of(data))
    assert len(pdf.pages) == 1
    assert len(pdf_of(SheetData(**{**data.__dict__, "paper": "a4"})).pages) == 1, "A4 as well"
    assert "My ask this week: An introduction to a CPA" in text


def test_the_folder_gives_the_weeks_one_to_ones_asks_and_holiday(week_folder):
    from networking_folder.domain.model import InteractionKind, Note

    folder, group, _given, _received = week_folder
    maria = folder.contacts.find_by_name("Maria Alvarez")[0].id
    contact = folder.contacts.get(maria)
    contact.ask = "Families relocating for work"
    folder.contacts.update(contact)
    folder.notes.create(Note("Coffee", contact_id=maria, kind=InteractionKind.ONE_TO_ONE,
                             at=dt.datetime(2026, 11, 24, 8)))  # fmt: skip
    folder.follow_ups.create(FollowUp("One-to-one with Maria", dt.date(2026, 11, 27), contact_id=maria))
    data = sheet.sheet_data(folder, MONDAY, folder.groups.get(group), MONDAY)
    assert [(o.day.day, o.who, o.held) for o in data.one_to_ones] == [
        (24, "Maria Alvarez", True), (27, "Maria Alvarez", False),
    ]  # fmt: skip
    assert data.asks == [("Maria Alvarez", "Families relocating for work")]
    assert data.received[0].days_open == 3 and data.received[0].reach == ""
    thursday = folder.groups.create(Group("Thursday chapter", meeting_weekday=3))
    skipped = sheet.sheet_data(folder, MONDAY, folder.groups.get(thursday), MONDAY)
    assert skipped.meeting.date() == dt.date(2026, 12, 3)
    assert skipped.skipped_holiday == "Thu Nov 26 is Thanksgiving Day"


def test_a_follow_up_with_a_place_says_where_on_the_sheet(week_folder):
    folder, group, _given, received = week_folder
    maria = folder.contacts.find_by_name("Maria Alvarez")[0].id
    contact = folder.contacts.get(maria)
    contact.company, contact.address = "Alvarez Realty", "12 Main St"
    folder.contacts.update(contact)
    folder.referrals.set_status(received, Status.NOT_A_FIT, note="Wanted a tax attorney")
    # The recon meeting falls a week later: the sheet of that week lists it, with its place.
    (recon,) = [f for f in folder.follow_ups.rows() if f.title.startswith("Recon meeting")]
    week = sheet.monday(recon.due)
    data = sheet.sheet_data(folder, week, folder.groups.get(group), week)
    text = text_of(pdf_of(data))
    assert "Recon meeting with Maria Alvarez — at Alvarez Realty, 12 Main St" in text
