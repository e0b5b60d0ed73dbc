"""The promoter register as a PDF (issue 14, item 3): what an adviser hands to an examiner.

It takes the plain dict of services/register_report.py (the JSON and the CSV are made from
the same dict, so the three carry the same figures). Portrait, the folder's paper, the
embedded DejaVu fonts, "Page n of m"; byte-identical for the same data (ReportLab's
invariant mode).

The order: the title, the day and year, the threshold and the note that this is a record of
facts, not legal advice; a summary with one row per promoter; each promoter's items, their
referrals with each disclosure, and their warnings; every warning again, together; and the
change log's chain heads on the day the report was made.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from networking_folder.domain.model import format_money
from networking_folder.domain.text import MONTH_NAMES
from networking_folder.reports import pdf

# Headings stay with what follows them (never last on a page).
HEADING = pdf.style("heading kept", 11, bold=True, spaceBefore=10, spaceAfter=3, keepWithNext=1)
SUBHEADING = pdf.style("subheading", 10.5, bold=True, spaceBefore=2, spaceAfter=2, keepWithNext=1)
SMALL_HEADING = pdf.style("small heading", 9.5, bold=True, spaceBefore=5, spaceAfter=2,
                          keepWithNext=1)  # fmt: skip
SMALL_BODY = pdf.style("small body", pdf.SIZE, spaceBefore=5, spaceAfter=2)
NOTE = pdf.style("note", pdf.SIZE, spaceBefore=3, spaceAfter=3)
WARNING = pdf.style("warning", pdf.SIZE, leftIndent=12, firstLineIndent=-12, spaceAfter=2)
RIGHT = pdf.style("right", pdf.SIZE, alignment=TA_RIGHT)
MONO = ParagraphStyle("mono", fontName=pdf.MONO, fontSize=8.5, leading=8.5 * 1.25)  # hashes

NOT_RECORDED = "not recorded"


def day(iso: str | None) -> str:
    """A date as the reports write it: "Nov 24, 2026"."""
    if not iso:
        return ""
    d = dt.date.fromisoformat(iso)
    return f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}"


def money(cents: int | None) -> str:
    """Two decimals and thousands separators: "1,250.50"."""
    return NOT_RECORDED if cents is None else format_money(cents)


def client(value: bool | None) -> str:
    return {None: NOT_RECORDED, True: "yes", False: "no"}[value]


def _p(text: str, style=pdf.CELL) -> Paragraph:
    return Paragraph(pdf.escape(text), style)


def _widths(
    header: list[str], rows: list[list], width: float, shares: dict[int, float],
    also: dict[int, list[str]] | None = None,
) -> list[float]:  # fmt: skip
    """Columns as wide as their widest figure (those of ``also`` too: the text of a column's
    paragraphs) and their heading's longest word; the columns in ``shares`` (of wrapping
    text) share what is left by their weights."""
    also = also or {}
    need = [
        0.0
        if n in shares
        else pdf.column_need(
            h, [r[n] for r in rows if not isinstance(r[n], Paragraph)] + also.get(n, []),
            pdf.HEAD.fontSize, pdf.SIZE,
        ) + 2 * pdf.PAD + 1
        for n, h in enumerate(header)
    ]  # fmt: skip
    for n in shares:  # a wrapping column is at least as wide as its heading's longest word
        need[n] = pdf.column_need(header[n], [], pdf.HEAD.fontSize, pdf.SIZE) + 2 * pdf.PAD + 1
    left = max(0.0, width - sum(need))
    weight = sum(shares.values())
    return [need[n] + left * shares.get(n, 0) / weight for n in range(len(header))]


def _summary(data: dict, width: float) -> list:
    given = f"Given in {data['year']}" if data["year"] is not None else "Given, all time"
    header = ["Promoter", "Client", "Written agreement", given, "12-month total",
              "Referrals (disclosed)", "Warnings"]  # fmt: skip
    rows = []
    for p in data["promoters"]:
        who = pdf.escape(p["name"])
        if p["company"]:
            who += f'<br/><font color="#444444">{pdf.escape(p["company"])}</font>'
        agreement = day(p["agreement_on"]) if p["agreement_on"] else "none"
        if p["agreement_on"] and not p["agreement_on_file"]:
            agreement += " (signed later)"
        total = money(p["twelve_month_total_cents"])
        rows.append([
            Paragraph(who, pdf.CELL),
            client(p["client"]),
            agreement,
            money(p["items_value_cents"]),
            # Over the threshold: said in words under the figure (never by a colour alone).
            Paragraph(f"{total}<br/><b>over</b>", RIGHT) if p["over_threshold"] else total,
            f"{p['referrals_count']} ({p['disclosed_count']})",
            str(len(p["warnings"])) if p["warnings"] else "–",
        ])  # fmt: skip
    if not rows:
        return [_p("No promoters are in the register for this period.", pdf.BODY)]
    figures = [money(p["twelve_month_total_cents"]) for p in data["promoters"]]
    widths = _widths(header, rows, width, {0: 1.0}, also={4: figures})
    t = pdf.table(header, rows, widths, right=(3, 4, 5, 6))
    totals = data["totals"]
    said = (
        f"{totals['promoters']} promoter{'s' * (totals['promoters'] != 1)}; "
        f"{totals['items']} item{'s' * (totals['items'] != 1)} listed, worth "
        f"{money(totals['value_cents'])}"
        + (f" ({totals['items_without_value']} without a recorded value)"
           if totals["items_without_value"] else "")
        + f"; {totals['over_threshold']} over the threshold; "
        f"{totals['warnings']} warning{'s' * (totals['warnings'] != 1)}."
    )  # fmt: skip
    return [t, Spacer(1, 3), _p(said, pdf.QUIET)]


def _facts(p: dict, data: dict) -> Paragraph:
    agreement = "none on file"
    if p["agreement_on"]:
        agreement = f"signed {day(p['agreement_on'])}"
        if not p["agreement_on_file"]:
            agreement += f" (after {day(data['as_of'])}: not on file yet)"
        if p["agreement_kept_at"]:
            agreement += f", kept at: {p['agreement_kept_at']}"
    verdict = "over" if p["over_threshold"] else "within"
    parts = [
        f"<b>Client:</b> {pdf.escape(client(p['client']))}",
        f"<b>Written agreement:</b> {pdf.escape(agreement)}",
        f"<b>Given in the twelve months to {day(data['as_of'])}:</b> "
        f"{money(p['twelve_month_total_cents'])}, {verdict} the "
        f"{money(data['threshold_cents'])} threshold",
    ]
    return Paragraph(" · ".join(parts), NOTE)


def _items(p: dict, width: float) -> list:
    header = ["Given on", "Value", "Cash or non-cash", "What", "For the referral of"]
    rows = []
    for item in p["items"]:
        ref = item["referral"]
        rows.append([
            day(item["given_on"]),
            money(item["value_cents"]),
            "cash" if item["cash"] else "non-cash",
            _p(item["description"]),
            _p(f"{ref['prospect']} ({day(ref['date'])})" if ref else "–"),
        ])  # fmt: skip
    return [pdf.table(header, rows, _widths(header, rows, width, {3: 1.2, 4: 1.0}), right=(1,))]


def _referrals(p: dict, width: float) -> list:
    header = ["Referral of", "Date", "Disclosure given on", "How it was given"]
    rows = [
        [
            _p(r["prospect"]),
            day(r["date"]),
            day(r["disclosed_on"]) if r["disclosed_on"] else "not recorded",
            _p(r["how"] or "–"),
        ]
        for r in p["referrals"]
    ]
    return [pdf.table(header, rows, _widths(header, rows, width, {0: 0.8, 3: 1.4}))]


def _warning(rule: str, text: str) -> Paragraph:
    return Paragraph(f"<b>{pdf.escape(rule)} ⚠</b> {pdf.escape(text)}", WARNING)


def _promoter(p: dict, data: dict, width: float, lead: list) -> list:
    year = data["year"]
    title = p["name"] + (f" — {p['company']}" if p["company"] else "")
    block: list = [*lead, _p(title, SUBHEADING), _facts(p, data)]
    if p["items"]:
        block.append(_p(f"Compensation ({len(p['items'])})", SMALL_HEADING))
        block += _items(p, width)
    else:
        when = f" in {year}" if year is not None else ""
        block.append(
            Paragraph(f"<b>Compensation:</b> nothing given{when} is recorded.", SMALL_BODY)
        )
    if p["referrals"]:
        block.append(
            _p(f"Referrals and their disclosures ({p['referrals_count']}, "
               f"{p['disclosed_count']} disclosed)", SMALL_HEADING)
        )  # fmt: skip
        block += _referrals(p, width)
    else:
        when = f" in {year}" if year is not None else ""
        block.append(Paragraph(f"<b>Referrals:</b> none from them{when}.", SMALL_BODY))
    if p["warnings"]:
        block.append(_p(f"Warnings ({len(p['warnings'])})", SMALL_HEADING))
        block += [_warning(w["rule"], w["text"]) for w in p["warnings"]]
    if p["uuid"]:
        block.append(_p(f"Their contact record: {p['uuid']}", pdf.QUIET))
    # A promoter's part stays on one page when it fits on one; a long one goes on over pages,
    # its tables' headers repeated.
    return [KeepTogether(block), Spacer(1, 10)]


def _all_warnings(data: dict, width: float) -> list:
    story: list = [_p(f"Warnings ({len(data['warnings'])})", HEADING)]
    if not data["warnings"]:
        story.append(_p(f"None on {day(data['as_of'])}.", pdf.BODY))
        return story
    header = ["Promoter", "Rule", "Warning"]
    rows = [[_p(w["name"]), w["rule"], _p(w["text"])] for w in data["warnings"]]
    story.append(pdf.table(header, rows, _widths(header, rows, width, {0: 0.3, 2: 1.0})))
    return story


def _heads(data: dict, width: float) -> list:
    story: list = [
        _p("Change log chain heads", HEADING),
        _p(
            "Every change to the folder is logged, and each device's entries are chained by "
            "hashes, so that an entry edited, inserted or removed later shows. These are the "
            f"chains' last entries on {day(data['made_on'])}, the day this register was made. "
            "To check later that the log still holds them: networking-folder audit --verify "
            "--head DEVICE:SEQ:HASH.",
            NOTE,
        ),
    ]
    if not data["chain_heads"]:
        story.append(_p("The change log is empty.", pdf.BODY))
        return [KeepTogether(story)]
    rows = []
    for head in data["chain_heads"]:
        digest = head["hash"]
        half = (len(digest) + 1) // 2
        # A hash of 64 characters does not fit beside its device: two even halves.
        rows.append([
            Paragraph(pdf.escape(head["device"]), MONO),
            str(head["seq"]),
            Paragraph(f"{pdf.escape(digest[:half])}<br/>{pdf.escape(digest[half:])}", MONO),
        ])  # fmt: skip
    header = ["Device", "Seq", "Hash (SHA-256)"]
    size = MONO.fontSize
    device = max(stringWidth(h["device"], pdf.MONO, size) for h in data["chain_heads"])
    digest = max(stringWidth(h["hash"][: (len(h["hash"]) + 1) // 2], pdf.MONO, size)
                 for h in data["chain_heads"])  # fmt: skip
    seq = pdf.column_need("Seq", [r[1] for r in rows], pdf.HEAD.fontSize, pdf.SIZE)
    widths = [device + 2 * pdf.PAD + 2, seq + 2 * pdf.PAD + 1, digest + 2 * pdf.PAD + 2]
    story.append(pdf.table(header, rows, widths, right=(1,)))
    return [KeepTogether(story)]  # the heading, what the heads are, and the heads: one page


def build_story(data: dict, width: float) -> list:
    year = data["year"]
    period = (
        f"Items given in {year}; totals and warnings as of {day(data['as_of'])}"
        if year is not None
        else f"Every item recorded; totals and warnings as of {day(data['as_of'])}"
    )
    story: list = [
        _p("Promoter register", pdf.TITLE),
        _p(" · ".join(x for x in (data["adviser"], period) if x), pdf.QUIET),
        Spacer(1, 6),
        Paragraph(
            f"<b>Threshold:</b> {money(data['threshold_cents'])} given to one promoter in the "
            f"twelve months ({data['window_days']} days) ending on the day; above it, the "
            "register looks for a written agreement on file.",
            NOTE,
        ),
        _p(data["note"], NOTE),
        _p("Summary", HEADING),
    ]
    story += _summary(data, width)
    if data["promoters"]:
        heading = [_p("The promoters", HEADING)]  # (goes with the first one's part)
        for n, p in enumerate(data["promoters"]):
            story += _promoter(p, data, width, heading if n == 0 else [])
    story += _all_warnings(data, width)
    story += _heads(data, width)
    return story


def render(data: dict, out: Path | str | BinaryIO, paper: str = "letter") -> int:
    """Write the register as PDF to ``out``; returns the number of pages."""
    title = "Promoter register" + (f" {data['year']}" if data["year"] is not None else "")
    made_on = dt.date.fromisoformat(data["made_on"])
    return pdf.render_portrait(out, paper, title, made_on, lambda w: build_story(data, w))

