"""Reading contacts from CSV files: Google Contacts and Outlook exports, LinkedIn's
Connections.csv, and any other table through a column mapping.

The header row is found by what it says, not by its place: LinkedIn starts its file with a
few lines of notes. A mapping says which columns hold each of a contact's fields; the known
exports have theirs, any other file gets a guess from its column names that the user checks
(and the folder remembers, by the file's header).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from networking_folder.interop.cards import (
    CSV,
    GOOGLE,
    LINKEDIN,
    OUTLOOK,
    Card,
    ReadFile,
    Unreadable,
    is_linkedin,
)

# The fields a column can fill; several columns may fill a list (phones, emails) or a name.
FIELDS = {
    "name": "Full name",
    "prefix": "Name prefix (Dr., Mrs.)",
    "first_name": "First name",
    "middle_name": "Middle name",
    "last_name": "Last name",
    "suffix": "Name suffix (Jr., CPA)",
    "company": "Company",
    "profession": "Job title",
    "phones": "Phone",
    "emails": "Email",
    "address": "Address",
    "website": "Website",
    "linkedin": "LinkedIn profile",
    "notes": "Notes",
    "tags": "Tags",
    "key": "Its own id",
}
Mapping = dict[str, list[str]]  # field -> the columns that fill it, in order

_SYNONYMS = {
    "name": ("name", "full name", "display name", "contact", "contact name", "fullname"),
    "first_name": ("first name", "given name", "first", "forename", "firstname"),
    "middle_name": ("middle name", "additional name", "middle"),
    "last_name": ("last name", "surname", "family name", "last", "lastname"),
    "prefix": ("name prefix", "prefix", "honorific"),
    "suffix": ("suffix", "name suffix"),
    "company": ("company", "organization", "organisation", "org", "employer", "business",
                "firm", "organization name", "organization 1 - name"),
    "profession": ("title", "job title", "position", "profession", "occupation", "role",
                   "organization title", "organization 1 - title"),
    "notes": ("notes", "note", "comments", "comment", "description", "remarks"),
    "tags": ("tags", "categories", "labels", "groups", "group membership"),
    "key": ("id", "contact id", "uid", "uuid", "record id"),
}  # fmt: skip
_ROWS_TO_SEARCH = 30  # the header is within the first rows (LinkedIn: after 3 lines of notes)
MAX_ROWS = 1_000_000


@dataclass(slots=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number, cells)
    header_number: int = 1


def decode(data: bytes) -> str:
    """The file's text: its byte-order mark says the encoding; otherwise UTF-8, and else
    windows-1252 (what Excel and Outlook write on Windows)."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("windows-1252", "replace")


def _header_score(cells: list[str]) -> int:
    score = 0
    for cell in cells:
        name = _norm(cell)
        if not name:
            continue
        if any(name in words for words in _SYNONYMS.values()) or _pattern_field(name):
            score += 1
    return score


def _norm(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").replace("_", " ").strip().casefold().split())


def _pattern_field(name: str) -> str | None:
    if "linkedin" in name:
        return "linkedin"
    if re.search(r"e-?mail|\bmail\b", name) and not re.search(r"type|label", name):
        return "emails"
    if re.search(r"phone|mobile|\bcell\b|\btel\b", name) and not re.search(r"type|label", name):
        return "phones"
    if re.search(r"website|web page|homepage|\burl\b|web site", name) and "type" not in name:
        return "website"
    if re.search(r"address|street", name) and not re.search(r"e-?mail|type|label|^im ?address", name):
        return "address"
    return None


def read_table(data: bytes) -> Table:
    """The rows of a CSV file, with its header row found by its content."""
    text = decode(data).replace("\x00", "")
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    head: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            head.append((number, cells))
            if number >= _ROWS_TO_SEARCH:
                break
    except csv.Error:
        pass
    best = max(head, key=lambda row: (_header_score(row[1]), -row[0]), default=(1, []))
    if _header_score(best[1]) == 0:
        best = next(((n, c) for n, c in head if any(x.strip() for x in c)), (1, []))
    table = Table([c.replace("\ufeff", "").strip() for c in best[1]], header_number=best[0])
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            number += 1
            table.rows.append((number, []))  # (reported: unreadable row)
            continue
        number += 1
        if number <= table.header_number:
            continue
        if not any(cell.strip() for cell in cells):
            continue
        table.rows.append((number, cells))
        if len(table.rows) >= MAX_ROWS:
            break
    return table


def detect_format(header: list[str]) -> str:
    names = {_norm(c) for c in header}
    if {"first name", "last name", "url", "connected on"} <= names:
        return LINKEDIN
    if any(re.fullmatch(r"e-mail \d+ - value", n) for n in names):
        return GOOGLE
    if {"first name", "last name"} <= names and (
        "e-mail address" in names or "business phone" in names or "mobile phone" in names
    ):
        return OUTLOOK
    return CSV


def mapping_for(header: list[str], fmt: str) -> Mapping:
    """Which columns fill which field: the known exports' own columns, or a guess from the
    names of any other file's columns."""
    mapping: Mapping = {}

    def add(field_name: str, column: str) -> None:
        if column not in mapping.setdefault(field_name, []):
            mapping[field_name].append(column)

    for column in header:
        name = _norm(column)
        if not name:
            continue
        if fmt == GOOGLE and re.fullmatch(r"(e-mail|phone|website|address) \d+ - (type|label)", name):
            continue
        if fmt == GOOGLE and name.startswith("address ") and not name.endswith("formatted"):
            continue  # (the parts of an address Google also gives whole, as "Formatted")
        if fmt == OUTLOOK and "fax" in name:
            continue
        if fmt == OUTLOOK and name == "title":
            add("prefix", column)  # (Outlook's "Title" is Dr. or Mrs.; the job is "Job Title")
            continue
        if fmt == OUTLOOK and re.match(r"(business|home|other) (street|city|state|postal|country|po box)", name):
            add("address", column)
            continue
        if fmt == LINKEDIN and name == "url":
            add("linkedin", column)
            add("key", column)
            continue
        if fmt == LINKEDIN and name == "connected on":
            continue  # (read on its own: the day they met)
        for field_name, words in _SYNONYMS.items():
            if name in words:
                add(field_name, column)
                break
        else:
            pattern = _pattern_field(name)
            if pattern:
                add(pattern, column)
    return {k: v for k, v in mapping.items() if v}


def read_csv(data: bytes, fmt: str | None = None, mapping: Mapping | None = None) -> ReadFile:
    """Every person of a CSV file. ``fmt`` is found from the header when not given; a
    ``mapping`` (the user's, for any other CSV) replaces the guessed one."""
    table = read_table(data)
    fmt = fmt or detect_format(table.header)
    mapping = mapping or mapping_for(table.header, fmt)
    return cards_of(table, fmt, mapping)


def cards_of(table: Table, fmt: str, mapping: Mapping) -> ReadFile:
    result = ReadFile(fmt, noun="Row")
    index = {column: i for i, column in reversed(list(enumerate(table.header)))}
    wanted = {f: [index[c] for c in cols if c in index] for f, cols in mapping.items()}
    connected = next((i for c, i in index.items() if _norm(c) == "connected on"), None)
    if not table.header:
        result.unreadable.append(Unreadable(0, "the file is empty."))
        return result
    named = any(wanted.get(f) for f in ("name", "first_name", "last_name"))
    if not named and (fmt == CSV or not any(wanted.get(f) for f in ("emails", "company"))):
        # (Any other CSV: a guess that names people after their company would be wrong.)
        result.unreadable.append(
            Unreadable(table.header_number, "no column is chosen as the name: say which one is.")
        )
        return result
    for number, cells in table.rows:
        if not cells:
            result.unreadable.append(Unreadable(number, "the row could not be read as CSV."))
            continue

        def cell(i: int, cells: list[str] = cells) -> str:
            return cells[i].strip() if i < len(cells) else ""

        def values(field_name: str) -> list[str]:
            return [v for v in (cell(i) for i in wanted.get(field_name, [])) if v]

        card = Card(number, source=fmt)
        card.name = " ".join(values("name")[:1]) or " ".join(
            values("prefix") + values("first_name") + values("middle_name")
            + values("last_name") + values("suffix")
        )
        card.name = " ".join(card.name.split())
        card.company = next(iter(values("company")), "")
        card.profession = next(iter(values("profession")), "")
        for value in values("phones"):
            for phone in _several(value):
                if phone not in card.phones:
                    card.phones.append(phone)
        for value in values("emails"):
            for email in _several(value):
                if email.lower() not in (e.lower() for e in card.emails):
                    card.emails.append(email)
        card.address = _address(wanted.get("address", []), table.header, cell)
        for value in values("linkedin") + values("website"):
            for url in _several(value):
                if is_linkedin(url):
                    card.linkedin = card.linkedin or url
                elif _norm(url) and not card.website:
                    card.website = url
        card.notes = "\n\n".join(values("notes"))
        for value in values("tags"):
            for tag in re.split(r"\s*(?::::|;|,)\s*", value):
                tag = tag.strip().lstrip("*").strip()
                if tag and tag.lower() not in ("mycontacts", "starred") and tag not in card.tags:
                    card.tags.append(tag)
        card.key = next(iter(values("key")), "")
        if fmt == LINKEDIN:
            card.how_met = "LinkedIn"
            card.met_on = _day(cell(connected)) if connected is not None else None
        if not card.name:
            card.name = card.company or (card.emails[0] if card.emails else "") or (
                card.phones[0] if card.phones else ""
            )
        if not card.name:
            result.unreadable.append(Unreadable(number, "it has no name, email or phone."))
            continue
        card.fill_key()
        result.cards.append(card)
    return result


def _several(value: str) -> list[str]:
    """Google puts several values in one cell, as "a ::: b"."""
    return [v.strip() for v in value.split(":::") if v.strip()]


def _address(columns: list[int], header: list[str], cell) -> str:
    """An address from one column, or from parts (Outlook: a business, a home and another
    address, each as street, city, state, postal code and country): the first with anything
    in it, its street on a line, its town's parts on the next, its country on the last."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for i in columns:
        name = _norm(header[i]) if i < len(header) else ""
        kind = re.match(r"(business|home|other)\b|address (\d+)", name)
        groups.setdefault(kind.group(0) if kind else "", []).append((name, cell(i)))
    for parts in groups.values():
        if not any(value for _, value in parts):
            continue
        whole = [v for n, v in parts if v and re.fullmatch(
            r"((business|home|other) )?address|address \d+ - formatted", n)]  # fmt: skip
        if whole or len(parts) == 1:
            return (whole or [parts[0][1]])[0]
        street = [v for n, v in parts if v and re.search(r"street|po box|address", n)]
        country = [v for n, v in parts if v and "country" in n]
        town = [v for n, v in parts if v and v not in street + country]
        return "\n".join(line for line in ("\n".join(street), " ".join(town), " ".join(country)) if line)
    return ""


def _day(text: str) -> dt.date | None:
    text = text.strip()
    for pattern in ("%d %b %Y", "%d %B %Y", "%m/%d/%y", "%m/%d/%Y", "%Y-%m-%d", "%b %d, %Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
