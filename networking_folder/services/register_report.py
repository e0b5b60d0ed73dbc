"""The promoter register's report (issue 14, item 3): the register as one document to hand to
an examiner, as JSON, CSV or PDF, and the change log's chain heads on the day it was made.

``report()`` reads the register (services/promoters.py) into a plain, JSON-able dict; the
three writers put that same dict into a file, so the PDF, the CSV and the JSON always carry
the same figures. Without a year the report is as of today and lists every item ever
recorded (not the trash); with a year it is as of that year's last day (or today, for this
year), lists the items given in that year, and its twelve-month totals and warnings are those
of that day: a disclosure or an agreement dated later was not on file yet.

Reports only read: the command line makes them on a snapshot (``Folder.snapshot``). Each file
is written whole or not at all and is private to the user (0600), never inside the folder:
export.py's own helpers do that here too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from networking_folder.domain import promoters as rules
from networking_folder.domain.validation import ValidationError

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder
    from networking_folder.services.promoters import PromoterEntry

FIRST_YEAR = 1900
NOTE = (
    "This register is a record of facts kept by the adviser: the people who refer prospects, "
    "what they were given, their agreements and the disclosures of their referrals. It is "
    "not legal advice."
)
CSV_COLUMNS = [
    "promoter",
    "company",
    "client",
    "agreement_on",
    "agreement_kept_at",
    "twelve_month_total",
    "given_on",
    "value",
    "cash_or_non_cash",
    "description",
    "referral_date",
    "referral_prospect",
    "disclosed_on",
    "disclosed_how",
    "promoter_uuid",
    "item_uuid",
    "referral_uuid",
]


def check_year(year: int | None, today: dt.date) -> int | None:
    """``year`` if a register can be made for it: from 1900 to this year."""
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValidationError("year", f"“{year}” is not a year: write it as YYYY.")
    if year > today.year:
        raise ValidationError(
            "year", f"{year} has not come yet: choose {today.year} or an earlier year."
        )
    if year < FIRST_YEAR:
        raise ValidationError("year", f"{year} is too early: choose {FIRST_YEAR} or later.")
    return year


def as_of(year: int | None, today: dt.date) -> dt.date:
    """The day a report is as of: today, or the year's last day if that has passed."""
    return today if year is None else min(dt.date(year, 12, 31), today)


def report(folder: Folder, year: int | None = None, today: dt.date | None = None) -> dict:
    """The register as a JSON-able dict (dates ISO, money in ``*_cents`` integers). See the
    module's docstring for what ``year`` changes."""
    from networking_folder.services.export import _one_read
    from networking_folder.services.reports import owner_line
    from networking_folder.store import changelog

    today = today or dt.date.today()
    year = check_year(year, today)
    day = as_of(year, today)
    with _one_read(folder):
        entries = folder.promoters.register(day)
        threshold = folder.promoters.threshold_cents()
        owner = owner_line(folder)
        heads = changelog.heads(folder.connection())
        contacts = folder.uuids("contact", (e.contact_id for e in entries))
        items = folder.uuids("compensation", (i.id for e in entries for i in e.items))
        referrals = folder.uuids(
            "referral", (r.referral_id for e in entries for r in e.referrals)
        )
    promoters = []
    for entry in entries:
        line = _line(entry, year, day, threshold, contacts, items, referrals)
        if line is not None:
            promoters.append(line)
    warnings = [
        {"name": p["name"], "contact_id": p["id"], "contact_uuid": p["uuid"], **w}
        for p in promoters
        for w in p["warnings"]
    ]
    listed = [i for p in promoters for i in p["items"]]
    return {
        "format": "networking-folder-promoter-register",
        "title": "Promoter register",
        "made_on": today.isoformat(),
        "as_of": day.isoformat(),
        "year": year,
        "adviser": owner,
        "threshold_cents": threshold,
        "window_days": rules.WINDOW_DAYS,
        "note": NOTE,
        "promoters": promoters,
        "warnings": warnings,
        "totals": {
            "promoters": len(promoters),
            "items": len(listed),
            "value_cents": sum(i["value_cents"] or 0 for i in listed),
            "items_without_value": sum(i["value_cents"] is None for i in listed),
            "over_threshold": sum(p["over_threshold"] for p in promoters),
            "warnings": len(warnings),
        },
        "chain_heads": [
            {"device": device, "seq": seq, "hash": digest}
            for device, (seq, digest) in sorted(heads.items())
        ],
    }


def _line(
    entry: PromoterEntry,
    year: int | None,
    day: dt.date,
    threshold: int,
    contacts: dict[int, str],
    items: dict[int, str],
    referrals: dict[int, str],
) -> dict | None:
    """One promoter's part of the report, or None when a year's report has nothing of theirs
    (nothing given or referred in the year, no total or warning on its last day, and no
    agreement on file by then)."""
    facts = entry.facts
    said = entry.warnings  # (as of the day: a disclosure or agreement dated later not yet)
    given = [i for i in entry.items if year is None or i.given_on.year == year]
    named = {i.referral_id for i in given} | {w.referral_id for w in said}
    theirs = [
        r
        for r in entry.referrals
        if year is None or (r.date.year == year and r.date <= day) or r.referral_id in named
    ]
    on_file = facts.agreement_on is not None and facts.agreement_on <= day
    if year is not None and not (given or theirs or said or entry.total_cents or on_file):
        return None

    def referral_of(referral_id: int | None) -> dict | None:
        found = entry.referral(referral_id)
        if found is None:
            return None
        return {
            "id": found.referral_id,
            "uuid": referrals.get(found.referral_id),
            "date": found.date.isoformat(),
            "prospect": found.prospect,
        }

    return {
        "id": entry.contact_id,
        "uuid": contacts.get(entry.contact_id),
        "name": entry.name,
        "company": entry.company,
        "client": facts.is_client,
        "agreement_on": _iso(facts.agreement_on),
        "agreement_kept_at": facts.agreement_kept_at,
        "agreement_on_file": on_file,
        "twelve_month_total_cents": entry.total_cents,
        "over_threshold": entry.total_cents > threshold,
        "items_value_cents": sum(i.value_cents or 0 for i in given),
        "items": [
            {
                "id": i.id,
                "uuid": items.get(i.id),
                "given_on": i.given_on.isoformat(),
                "value_cents": i.value_cents,
                "cash": i.cash,
                "description": i.what,
                "referral": referral_of(i.referral_id),
            }
            for i in given
        ],
        "referrals": [
            {
                "id": r.referral_id,
                "uuid": referrals.get(r.referral_id),
                "date": r.date.isoformat(),
                "prospect": r.prospect,
                "disclosed_on": _iso(r.disclosed_on),
                "how": r.how if r.disclosed_on else "",
            }
            for r in theirs
        ],
        "referrals_count": len(theirs),
        "disclosed_count": sum(bool(r.disclosed_on and r.disclosed_on <= day) for r in theirs),
        "warnings": [
            {
                "rule": w.rule,
                "kind": w.kind,
                "text": w.text,
                "referral_id": w.referral_id,
                "referral_uuid": referrals.get(w.referral_id) if w.referral_id else None,
            }
            for w in said
        ],
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def plain_money(cents: int | None) -> str:
    """Money for a spreadsheet: "1250.50" (no thousands separator); "" when not recorded."""
    if cents is None:
        return ""
    whole, part = divmod(abs(cents), 100)
    return f"{'-' if cents < 0 else ''}{whole}.{part:02d}"


def yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def csv_rows(data: dict) -> list[list[str]]:
    """The report as CSV rows, the header first: one row per item listed, and one for each
    promoter with none (their item columns empty), so that nobody is missing."""
    rows = [list(CSV_COLUMNS)]
    for p in data["promoters"]:
        person = {
            "promoter": p["name"],
            "company": p["company"],
            "client": yes_no(p["client"]),
            "agreement_on": p["agreement_on"] or "",
            "agreement_kept_at": p["agreement_kept_at"],
            "twelve_month_total": plain_money(p["twelve_month_total_cents"]),
            "promoter_uuid": p["uuid"] or "",
        }
        referrals = {r["id"]: r for r in p["referrals"]}
        for item in p["items"] or [None]:
            row = dict(person)
            if item is not None:
                referral = referrals.get((item["referral"] or {}).get("id"), {})
                row.update({
                    "given_on": item["given_on"],
                    "value": plain_money(item["value_cents"]),
                    "cash_or_non_cash": "cash" if item["cash"] else "non-cash",
                    "description": item["description"],
                    "referral_date": (item["referral"] or {}).get("date", ""),
                    "referral_prospect": (item["referral"] or {}).get("prospect", ""),
                    "disclosed_on": referral.get("disclosed_on") or "",
                    "disclosed_how": referral.get("how", ""),
                    "item_uuid": item["uuid"] or "",
                    "referral_uuid": (item["referral"] or {}).get("uuid") or "",
                })  # fmt: skip
            rows.append([row.get(column, "") for column in CSV_COLUMNS])
    return rows


def default_file_name(data: dict, suffix: str = ".pdf") -> str:
    when = data["year"] if data["year"] is not None else data["as_of"]
    return f"promoter-register-{when}{suffix}"


# -- writing -------------------------------------------------------------------------------
def write_json(
    folder: Folder, path: Path | str, year: int | None = None, today: dt.date | None = None,
    data: dict | None = None,
) -> dict:  # fmt: skip
    """The report as one JSON document in ``path``; returns the report. ``data``: a report
    made already (by ``report``), written as it is."""
    from networking_folder.services.export import _target, _write_json, _write_whole

    target = _target(folder, path)
    data = data if data is not None else report(folder, year, today)
    _write_whole({target: lambda out: _write_json(out, data)})
    return data


def write_csv(
    folder: Folder, path: Path | str, year: int | None = None, today: dt.date | None = None,
    data: dict | None = None,
) -> int:  # fmt: skip
    """The report as CSV in ``path`` (UTF-8 with a BOM, for Excel; money as "1250.50");
    returns the number of rows under the header."""
    from networking_folder.services.export import _target, _write_csv, _write_whole

    target = _target(folder, path)
    rows = csv_rows(data if data is not None else report(folder, year, today))
    _write_whole({target: lambda out: _write_csv(out, rows)})
    return len(rows) - 1


def write_pdf(
    folder: Folder, path: Path | str, year: int | None = None, today: dt.date | None = None,
    data: dict | None = None,
) -> int:  # fmt: skip
    """The report as a PDF in ``path``, on the folder's paper; returns its number of pages."""
    from networking_folder.services.export import _target, _write_whole
    from networking_folder.services.sheet import paper

    target = _target(folder, path)
    data = data if data is not None else report(folder, year, today)
    chosen = paper(folder)
    pages: list[int] = []
    _write_whole({target: lambda out: pages.append(render_pdf(data, out, chosen))})
    return pages[0]


def render_pdf(data: dict, out: Path | str | BinaryIO, paper: str = "letter") -> int:
    """The report's PDF into ``out`` (a path or a binary file); returns its number of pages."""
    from networking_folder.reports.register import render  # (ReportLab loads on first use)

    return render(data, out, paper)


WRITERS = {".pdf": write_pdf, ".csv": write_csv, ".json": write_json}



def text(data: dict) -> str:
    """The report as plain text for people (the command line): dates in words, money with
    two decimals, plain warnings (their rule keys are in the JSON)."""
    from networking_folder.domain.model import format_money
    from networking_folder.domain.text import day_words

    def words(iso: str | None) -> str:
        return day_words(dt.date.fromisoformat(iso)) if iso else ""

    def money(cents: int | None) -> str:
        return "value not recorded" if cents is None else format_money(cents)

    threshold = money(data["threshold_cents"])
    period = (
        f"items given in {data['year']}" if data["year"] is not None else "every item recorded"
    )
    lines = [
        f"Promoter register as of {words(data['as_of'])} ({period})"
        + (f" — {data['adviser']}" if data["adviser"] else ""),
        f"Threshold: {threshold} in the twelve months ending on the day.",
        data["note"],
    ]
    if not data["promoters"]:
        lines += ["", "No promoters are in the register for this period."]
    for p in data["promoters"]:
        client = {None: "not recorded", True: "yes", False: "no"}[p["client"]]
        agreement = "none on file"
        if p["agreement_on"]:
            agreement = f"signed {words(p['agreement_on'])}"
            if not p["agreement_on_file"]:
                agreement += " (later: not on file yet)"
            if p["agreement_kept_at"]:
                agreement += f", kept at: {p['agreement_kept_at']}"
        over = f"over the {threshold} threshold" if p["over_threshold"] else "within the threshold"
        lines += [
            "",
            p["name"] + (f" — {p['company']}" if p["company"] else ""),
            f"  Client: {client} · Written agreement: {agreement}",
            f"  Twelve-month total: {money(p['twelve_month_total_cents'])}, {over}",
            f"  Referrals: {p['referrals_count']}, {p['disclosed_count']} disclosed",
        ]
        if not p["items"]:
            lines.append("  Nothing given is recorded.")
        for item in p["items"]:
            referral = item["referral"]
            lines.append(
                f"  Given {words(item['given_on'])}: {money(item['value_cents'])}, "
                f"{'cash' if item['cash'] else 'non-cash'}, {item['description']}"
                + (f" (for the referral of {referral['prospect']}, "
                   f"{words(referral['date'])})" if referral else "")
            )  # fmt: skip
        for r in p["referrals"]:
            disclosed = (
                f"disclosed {words(r['disclosed_on'])}" + (f" ({r['how']})" if r["how"] else "")
                if r["disclosed_on"]
                else "no disclosure recorded"
            )
            lines.append(f"  Referred {r['prospect']} on {words(r['date'])}: {disclosed}")
        lines += [f"  ⚠ {w['text']}" for w in p["warnings"]]
    count = len(data["warnings"])
    lines += ["", f"Warnings: {count}" if count else "Warnings: none"]
    lines += [f"  ⚠ {w['text']}" for w in data["warnings"]]
    lines += ["", f"Change log chain heads on {words(data['made_on'])}:"]
    lines += [f"  head {h['device']}:{h['seq']}:{h['hash']}" for h in data["chain_heads"]]
    if not data["chain_heads"]:
        lines.append("  (the change log is empty)")
    return "\n".join(lines)
