"""Bringing people in from other programs' files: read, match, preview, then write.

A file is read and matched against the folder before anything is written (``plan``): each
person is new, or the same as someone already in the folder (found by where they came from,
their LinkedIn profile, an email or a phone number), and then only the folder's empty fields
are filled; a field that differs is a decision for the user, never overwritten unasked. The
changes then go in (``apply``) in short transactions, so the window's draft saves never wait
behind a long import, and are recorded as one step to undo. Stopped or failed halfway, what
was written is taken back: nothing is half-imported. Importing the same file again changes
nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from networking_folder.domain.model import CONTACT_FIELD_LABELS, Contact
from networking_folder.domain.validation import (
    MAX_NAME,
    MAX_TEXT,
    PHONE_EXTENSION,
    PhoneNumbers,
    ValidationError,
    check_email,
    clean_text,
    default_region,
)
from networking_folder.interop.cards import (
    ARCHIVE,
    CSV,
    FORMATS,
    LINKEDIN,
    VCARD,
    Card,
    ReadFile,
    Unreadable,
    linkedin_key,
)
from networking_folder.services.steps import ChunkedWrite, RecordedStep
from networking_folder.store.errors import FolderError
from networking_folder.store.records import ContactRecord, now

if TYPE_CHECKING:
    from networking_folder.interop.csv_read import Mapping
    from networking_folder.services.folder import Folder

MAX_FILE_BYTES = 200 * 1024 * 1024  # more than any address book: a wrong file, not contacts
CHUNK = 250  # people per transaction: a few tens of milliseconds each
MAPPINGS_KEY = "import.csv_mappings"  # the columns the user chose, by the file's header

# The fields an import fills or offers (in this order, with the preview's words for them).
FIELD_LABELS = {
    name: CONTACT_FIELD_LABELS[name]
    for name in ("name", "company", "profession", "phones", "emails", "address", "website",
                 "linkedin", "how_met", "met_on", "notes")
}  # fmt: skip
_LISTS = ("phones", "emails")


class ImportProblem(FolderError):
    """A file that cannot be imported at all (missing, unreadable, not contacts)."""


@dataclass(slots=True)
class Difference:
    """A field where the file and the folder disagree: the user decides."""

    field: str
    ours: str  # as the preview shows it
    theirs: str
    value: Any  # what the field becomes if the user takes theirs

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


@dataclass(slots=True)
class Planned:
    """What an import does with one person of the file."""

    card: Card
    contact: Contact | None = None  # a new person (cleaned), None when matched
    contact_id: int | None = None  # the matched person in the folder
    name: str = ""  # the matched person's name in the folder
    matched_by: str = ""  # "where they came from", "email", "phone", "LinkedIn profile"
    fills: dict[str, Any] = field(default_factory=dict)  # empty fields filled (shown values)
    differences: list[Difference] = field(default_factory=list)
    same_as: int | None = None  # a card earlier in the file this one joined

    @property
    def is_new(self) -> bool:
        return self.contact_id is None and self.same_as is None


@dataclass(slots=True)
class ImportPlan:
    source: str  # the file's name, for messages
    format: str
    noun: str = "Card"
    planned: list[Planned] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    # Per contact: the columns to write when nothing is decided otherwise (internal).
    _writes: dict[int, dict[str, Any]] = field(default_factory=dict)
    _news: list[Contact] = field(default_factory=list)

    @property
    def new(self) -> list[Planned]:
        return [p for p in self.planned if p.is_new]

    @property
    def matched(self) -> list[Planned]:
        return [p for p in self.planned if p.contact_id is not None]

    @property
    def filling(self) -> list[Planned]:
        return [p for p in self.matched if p.fills]

    @property
    def deciding(self) -> list[Planned]:
        return [p for p in self.planned if p.differences]

    @property
    def joined(self) -> list[Planned]:
        return [p for p in self.planned if p.same_as is not None]

    @property
    def warnings(self) -> list[str]:
        return [f"{self.noun} {p.card.number}: {w}" for p in self.planned for w in p.card.warnings]

    def changes_anything(self, take: Iterable[tuple[int, str]] = ()) -> bool:
        return bool(self._news or self._writes or set(take))

    def summary(self) -> str:
        """The preview in words, for people (the command line's output)."""
        lines = [
            f"{self.source}: {count(len(self.planned) + len(self.unreadable), self.noun.lower())} "
            f"({self.format})",
            f"  New: {len(self.new)}",
            f"  Already in your folder: {len(self.matched)}"
            + (f", {len(self.filling)} with empty fields to fill" if self.filling else ""),
        ]
        if self.joined:
            lines.append(f"  The same person twice in the file: {len(self.joined)} (joined)")
        lines.append(f"  Need your decision: {len(self.deciding)}")
        lines.append(f"  Could not be read: {len(self.unreadable)}")
        for p in self.filling:
            filled = ", ".join(FIELD_LABELS[f].lower() for f in p.fills)
            lines.append(f"    {p.name}: fills {filled}")
        for p in self.deciding:
            for d in p.differences:
                lines.append(
                    f"    {p.name or p.card.name}: {d.label.lower()} differs "
                    f"(yours: {one_line(d.ours)}; the file's: {one_line(d.theirs)})"
                )
        for u in self.unreadable:
            lines.append(f"    {u.said(self.noun)}")
        for warning in self.warnings:
            lines.append(f"    {warning}")
        return "\n".join(lines)

    def as_json(self) -> dict:
        def person(p: Planned) -> dict:
            out = {
                "number": p.card.number,
                "name": p.card.name,
                "source": p.card.source,
                "key": p.card.key,
            }
            if p.contact_id is not None:
                out.update(contact_id=p.contact_id, matched_by=p.matched_by,
                           fills=sorted(p.fills))  # fmt: skip
            if p.same_as is not None:
                out["same_as_number"] = p.same_as
            if p.differences:
                out["differences"] = [
                    {"field": d.field, "yours": d.ours, "theirs": d.theirs} for d in p.differences
                ]
            if p.card.warnings:
                out["warnings"] = list(p.card.warnings)
            return out

        return {
            "file": self.source,
            "format": self.format,
            "new": len(self.new),
            "matched": len(self.matched),
            "filled": len(self.filling),
            "joined": len(self.joined),
            "need_decision": len(self.deciding),
            "unreadable": [{"number": u.number, "reason": u.reason} for u in self.unreadable],
            "people": [person(p) for p in self.planned],
        }


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


_DIALLED = re.compile(r"\+?[\d\s().\-/]+")  # digits, and what people write between them
MAX_PHONE = 40


_DATE_SHAPED = re.compile(r"\d{4}[-/.]\d\d?[-/.]\d\d?|\d\d?[-/.]\d\d?[-/.]\d{2,4}")
LOCAL_DIGITS = 6  # the fewest digits of a number kept as written (local numbers run 6 to 8)


def _looks_dialled(written: str) -> bool:
    """A number as someone would dial it, complete or not: six digits or more, with only
    spaces, dashes, dots, brackets, a leading + and an extension. Not "n/a", "Tel geschäftlich",
    a date ("1980-05-12", "12/05/1980") or a short code such as a ZIP code."""
    body = PHONE_EXTENSION.sub("", written)
    return (
        bool(_DIALLED.fullmatch(body))
        and not _DATE_SHAPED.fullmatch(body.strip())
        and sum(c.isdigit() for c in body) >= LOCAL_DIGITS
    )


def one_line(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


# -- reading ----------------------------------------------------------------------------------
def read_bytes(path: Path) -> bytes:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportProblem(f"{path.name} is {size // 2**20} MB: too large to be contacts.")
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportProblem(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise ImportProblem(f"{path} is a folder, not a file.") from None
    except PermissionError:
        raise ImportProblem(f"{path} cannot be read: you have no permission to read it.") from None
    except OSError as exc:
        raise ImportProblem(f"{path} cannot be read: {exc.strerror or exc}.") from None


def sniff_format(data: bytes, name: str = "") -> str:
    """The format of a file by its content (its name only breaks a tie)."""
    from networking_folder.interop import csv_read
    from networking_folder.interop.vcard_read import looks_like_vcard

    if looks_like_vcard(data):
        return VCARD
    from networking_folder.services.archive import looks_like_archive

    if looks_like_archive(data):
        return ARCHIVE
    if name.lower().endswith((".vcf", ".vcard")):
        return VCARD
    table = csv_read.read_table(data[:65536])
    return csv_read.detect_format(table.header)


def read_file(data: bytes, fmt: str | None = None, mapping: Mapping | None = None,
              name: str = "") -> ReadFile:  # fmt: skip
    """The people in a file's bytes (no database needed: run it before any transaction)."""
    from networking_folder.interop import csv_read
    from networking_folder.interop.vcard_read import read_vcards

    fmt = fmt or sniff_format(data, name)
    if fmt not in FORMATS:
        raise ImportProblem(f"“{fmt}” is not a format: choose one of {', '.join(FORMATS)}.")
    if fmt == ARCHIVE:
        raise ImportProblem("A folder archive is imported whole (services/archive.py), not as cards.")
    if fmt == VCARD:
        return read_vcards(data)
    return csv_read.read_csv(data, None if fmt == CSV and mapping else fmt, mapping)


# -- matching ---------------------------------------------------------------------------------
def folder_region(folder: Folder) -> str:
    return folder.settings.get("calendar.country") or default_region()


class _Index:
    """The folder's people by every key an import matches on."""

    def __init__(self, folder: Folder, phones: PhoneNumbers) -> None:
        self.by: dict[tuple[str, str], int] = {}
        self.people: dict[int, dict[str, Any]] = {}
        rows = folder.query(
            "SELECT id, name, company, profession, phones, emails, address, website, linkedin,"
            " how_met, met_on, notes, tags, sources FROM contact WHERE deleted_at IS NULL"
            " ORDER BY id"
        )
        for (cid, name, company, profession, phones_json, emails_json, address, website,
             linkedin, how_met, met_on, notes, tags, sources) in rows:  # fmt: skip
            person = {
                "name": name, "company": company, "profession": profession,
                "phones": json.loads(phones_json), "emails": json.loads(emails_json),
                "address": address, "website": website, "linkedin": linkedin,
                "how_met": how_met, "met_on": met_on, "notes": notes,
                "tags": json.loads(tags), "sources": [tuple(s) for s in json.loads(sources)],
            }  # fmt: skip
            self.people[cid] = person
            self.add(cid, person, phones)

    def add(self, who, person: dict, phones: PhoneNumbers) -> None:
        for source, key in person.get("sources", []):
            self.by.setdefault(("source", f"{source}\n{key}"), who)
        if person.get("linkedin") and linkedin_key(person["linkedin"]):
            self.by.setdefault(("linkedin", linkedin_key(person["linkedin"])), who)
        for email in person.get("emails", []):
            self.by.setdefault(("email", email.casefold()), who)
        for phone in person.get("phones", []):
            key = phones.key(phone)
            if len(key) >= 7:  # (a short extension alone says nothing of who it is)
                self.by.setdefault(("phone", key), who)

    def find(self, card: Card, contact: Contact, phones: PhoneNumbers):
        keys = [("source", f"{card.source}\n{card.key}", "where they came from")]
        if contact.linkedin and linkedin_key(contact.linkedin):
            keys.append(("linkedin", linkedin_key(contact.linkedin), "LinkedIn profile"))
        keys += [("email", e.casefold(), "email") for e in contact.emails]
        keys += [("phone", phones.key(p), "phone") for p in contact.phones]
        for kind, key, words in keys:
            found = self.by.get((kind, key))
            if found is not None:
                return found, words
        return None, ""


# -- the plan ---------------------------------------------------------------------------------
def _clean(card: Card, phones: PhoneNumbers) -> Contact:
    """The card as a contact the folder can keep; what cannot be kept is said in its
    warnings (a bad email or phone is left out, never the whole card)."""
    warn = card.warnings.append

    def text(value: str, label: str, one: bool = True) -> str:
        try:
            value = clean_text("import", value, label, one_line=one)
        except ValidationError:
            value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            value = clean_text("import", value, label, one_line=one)
        if not one:
            value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        return value

    name = text(card.name, "The name")
    if len(name) > MAX_NAME:
        warn(f"the name was longer than {MAX_NAME} characters and was cut.")
        name = name[:MAX_NAME].rstrip()
    contact = Contact(
        name=name,
        company=text(card.company, "The company"),
        profession=text(card.profession, "The profession"),
        address=text(card.address, "The address", one=False)[:MAX_TEXT],
        website=text(card.website, "The website"),
        linkedin=text(card.linkedin, "The LinkedIn address"),
        notes=text(card.notes, "The notes", one=False)[:MAX_TEXT],
        how_met=text(card.how_met, "How you met"),
        met_on=card.met_on,
        tags=[t for t in (text(t, "A tag") for t in card.tags) if t],
    )
    for email in card.emails:
        email = text(email, "An email")
        try:
            normal = check_email(email)
        except ValidationError:
            warn(f"“{one_line(email, 80)}” is not an email address and was left out.")
            continue
        if normal.casefold() not in (e.casefold() for e in contact.emails):
            contact.emails.append(normal)
    for phone in card.phones:
        written = " ".join(text(phone, "A phone").split())
        e164 = phones.e164(written)
        if e164 is not None:
            if e164 not in contact.phones:
                contact.phones.append(e164)
        elif _looks_dialled(written) and len(written) <= MAX_PHONE:
            # A local number, or one from a country the file does not say: kept as it is
            # written (nothing typed is lost), for the user to check.
            if written not in contact.phones:
                contact.phones.append(written)
            warn(f"“{written}” is not a complete phone number: kept as written, for you to complete.")
        else:
            warn(f"“{one_line(phone, 80)}” is not a phone number and was left out.")
    if card.source == LINKEDIN or (card.key and linkedin_key(card.key) and card.key == card.linkedin):
        card.key = linkedin_key(card.key) or card.key
    contact.sources = [(card.source, card.key)]
    return contact


def _shown(name: str, value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _compare(ours: dict[str, Any], theirs: Contact) -> tuple[dict[str, Any], list[Difference]]:
    """Fills (our field is empty, theirs is not) and differences (both hold something else)."""
    fills: dict[str, Any] = {}
    differences: list[Difference] = []
    for name in FIELD_LABELS:
        mine, incoming = ours.get(name), getattr(theirs, name)
        if name == "met_on":
            mine = mine if isinstance(mine, (dt.date, type(None))) else dt.date.fromisoformat(str(mine)[:10])
        if incoming in (None, "", []):
            continue
        if mine in (None, "", []):
            fills[name] = incoming
            continue
        if name in _LISTS:
            have = {v.casefold() for v in mine}
            extra = [v for v in incoming if v.casefold() not in have]
            if extra:
                differences.append(Difference(name, _shown(name, mine), _shown(name, mine + extra), mine + extra))
        elif name == "notes":
            if " ".join(incoming.split()) not in " ".join(mine.split()):
                differences.append(Difference(name, mine, incoming, f"{mine}\n\n{incoming}"))
        elif name == "name":
            if " ".join(mine.casefold().split()) != " ".join(incoming.casefold().split()):
                differences.append(Difference(name, mine, incoming, incoming))
        elif name == "linkedin":
            same_profile = linkedin_key(mine) and linkedin_key(mine) == linkedin_key(incoming)
            same_text = mine.strip().rstrip("/").casefold() == incoming.strip().rstrip("/").casefold()
            if not (same_profile or same_text):
                differences.append(Difference(name, mine, incoming, incoming))
        elif _shown(name, mine).strip().casefold() != _shown(name, incoming).strip().casefold():
            differences.append(Difference(name, _shown(name, mine), _shown(name, incoming), incoming))
    return fills, differences


def prepare(read: ReadFile, region: str) -> list[Contact]:
    """Each card cleaned into a contact (emails checked, phones in E.164): the slow part of
    a plan that needs no database, so the window does it on its worker."""
    phones = PhoneNumbers(region)
    return [_clean(card, phones) for card in read.cards]


def plan(
    folder: Folder, read: ReadFile, source: str = "", prepared: list[Contact] | None = None
) -> ImportPlan:
    """What importing ``read`` would do to the folder; nothing is written."""
    phones = PhoneNumbers(folder_region(folder))
    if prepared is None:
        prepared = prepare(read, phones.region)
    index = _Index(folder, phones)
    result = ImportPlan(source, read.format, read.noun, unreadable=list(read.unreadable))
    news: dict[int, tuple[Planned, Contact]] = {}  # by card number
    for card, contact in zip(read.cards, prepared, strict=True):
        planned = Planned(card)
        found, words = index.find(card, contact, phones)
        if isinstance(found, str):  # a card earlier in this file: the same person twice
            first, new_contact = news[int(found)]
            planned.same_as = first.card.number
            fills, _ = _compare(_as_dict(new_contact), contact)
            for name, value in fills.items():
                setattr(new_contact, name, value)
            for name in _LISTS:
                have = {v.casefold() for v in getattr(new_contact, name)}
                getattr(new_contact, name).extend(
                    v for v in getattr(contact, name) if v.casefold() not in have
                )
            if contact.sources[0] not in new_contact.sources:
                new_contact.sources.append(contact.sources[0])
            index.add(found, _as_dict(contact), phones)
        elif found is not None:
            planned.contact_id, planned.matched_by = found, words
            ours = index.people[found]
            # (Earlier cards of this file may have filled some fields already.)
            current = {**ours, **result._writes.get(found, {})}
            planned.name = current["name"]
            planned.fills, planned.differences = _compare(current, contact)
            writes = dict(planned.fills)
            sources = list(current["sources"])
            if contact.sources[0] not in sources:
                writes["sources"] = sources + [contact.sources[0]]
            new_tags = [t for t in contact.tags if t not in current["tags"]]
            if new_tags:
                writes["tags"] = current["tags"] + new_tags
            if writes:
                result._writes.setdefault(found, {}).update(writes)
            index.add(found, _as_dict(contact), phones)
        else:
            planned.contact = contact
            news[card.number] = (planned, contact)
            result._news.append(contact)
            index.add(str(card.number), _as_dict(contact), phones)
        result.planned.append(planned)
    return result


def _as_dict(contact: Contact) -> dict[str, Any]:
    return {name: getattr(contact, name) for name in (*FIELD_LABELS, "tags", "sources")}


# -- writing ----------------------------------------------------------------------------------
Progress = Callable[[int, int], None]


def writing(
    folder: Folder, the_plan: ImportPlan, take: Iterable[tuple[int, str]] = (), chunk: int = CHUNK
) -> ChunkedWrite:
    """The plan's writes: new people made, empty fields filled, and the differences the user
    took (``take``: (card number, field) pairs) written; ``chunk`` people per transaction."""
    from networking_folder.services.contacts import ContactService
    from networking_folder.services.folder import Change

    taken = set(take)
    updates: dict[int, dict[str, Any]] = {cid: dict(w) for cid, w in the_plan._writes.items()}
    for p in the_plan.planned:
        for d in p.differences:
            if (p.card.number, d.field) in taken and p.contact_id is not None:
                updates.setdefault(p.contact_id, {})[d.field] = d.value
    work: list[tuple[str, Any]] = [("new", c) for c in the_plan._news]
    work += [("update", item) for item in sorted(updates.items())]

    def write(item: tuple[str, Any]) -> None:
        kind, what = item
        if kind == "new":
            folder.writes.create(ContactRecord, **ContactService._columns(what))
            return
        cid, values = what
        folder.writes.update_where(
            ContactRecord,
            (ContactRecord.id == cid) & ContactRecord.deleted_at.is_null(),
            **_columns(values),
            updated_at=now(),
        )

    return ChunkedWrite(folder, work, write, [Change.CONTACTS], chunk)


def apply(
    folder: Folder,
    the_plan: ImportPlan,
    take: Iterable[tuple[int, str]] = (),
    progress: Progress | None = None,
    stop: Callable[[], bool] | None = None,
    chunk: int = CHUNK,
) -> RecordedStep | None:
    """Write the whole plan (see ``writing``). Returns the step that undoes it all, or None
    when ``stop`` said to stop: everything written is then taken back, as on a failure."""
    return writing(folder, the_plan, take, chunk).run(progress, stop)


def _columns(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, value in values.items():
        if name in ("phones", "emails", "tags"):
            out[name] = json.dumps(value, ensure_ascii=False)
        elif name == "sources":
            out[name] = json.dumps([list(pair) for pair in value], ensure_ascii=False)
        else:
            out[name] = value
    return out


# -- remembered column mappings ---------------------------------------------------------------
def header_signature(header: list[str]) -> str:
    return "\x1f".join(" ".join(c.casefold().split()) for c in header)


def remembered_mapping(folder: Folder, header: list[str]) -> Mapping | None:
    saved = folder.settings.get(MAPPINGS_KEY, {}) or {}
    mapping = saved.get(header_signature(header))
    return {k: list(v) for k, v in mapping.items()} if mapping else None


def remember_mapping(folder: Folder, header: list[str], mapping: Mapping) -> None:
    saved = dict(folder.settings.get(MAPPINGS_KEY, {}) or {})
    saved[header_signature(header)] = {k: list(v) for k, v in mapping.items() if v}
    folder.settings.set(MAPPINGS_KEY, saved)
