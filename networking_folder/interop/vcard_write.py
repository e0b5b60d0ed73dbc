"""Contacts as vCards: 4.0 (RFC 6350) by default, 3.0 (RFC 2426) for older programs (Outlook).

What each card holds: FN (the name exactly as kept), N (the name split: see ``split_name``),
ORG (company), TITLE (profession), TEL (phones), EMAIL, ADR (our address is free text: it goes
whole into the street part, its line breaks kept), URL (website), the LinkedIn profile, NOTE,
CATEGORIES (tags), UID (``urn:uuid:`` and the record's UUID, so a re-import finds the same
person) and REV (the record's last change, in UTC). The first phone and email are marked
preferred when there are several.

The LinkedIn profile is written as ``URL;TYPE=linkedin:`` in 4.0 and as Apple's
``X-SOCIALPROFILE;TYPE=linkedin:`` in 3.0 (RFC 2426 defines no TYPE for URL, and Outlook takes
the first URL as the web page, which stays the website). A reader takes either one, or any
URL whose address is a LinkedIn one, as the LinkedIn field.

vobject builds and checks each card; the escaping and the folding are ours. vobject would
escape a web address's commas as if it were text, and it leaves unfolded any line shorter than
75 characters, which in Greek, Cyrillic or Japanese can be twice or three times 75 octets.
Semicolons are escaped in every text value, as 3.0 asks and 4.0 allows (RFC 6350, 3.4): Apple's
Contacts has misread a bare one when a folded line went on with a colon.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import NamedTuple

from networking_folder import __version__
from networking_folder.domain.model import Contact

VERSIONS = ("4.0", "3.0")
PRODID = f"-//Networking Folder//Networking Folder {__version__}//EN"
LINE_OCTETS = 75  # RFC 6350 3.2 and RFC 2426 2.6: lines longer than this are folded

_PREFIXES = {"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "ph.d", "md", "m.d", "esq"}
# Scripts that write the family name first (Chinese, Japanese, Korean).
_FAMILY_FIRST = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://|^(mailto|tel):", re.IGNORECASE)


class CardSource(NamedTuple):
    """A contact to write, with its record's UUID and last change (REV; now when None).
    A plain (uuid, contact) pair does as well."""

    uuid: str
    contact: Contact
    updated_at: dt.datetime | None = None


class Name(NamedTuple):
    family: str = ""
    given: str = ""
    additional: str = ""
    prefix: str = ""
    suffix: str = ""


def write_cards(contacts: Iterable[tuple], version: str = "4.0") -> str:
    """Every contact as a vCard of ``version``, one after another: text with CRLF line ends
    and lines folded at 75 octets, to be written as UTF-8."""
    if version not in VERSIONS:
        raise ValueError(f"vCard version {version!r} is not one of {', '.join(VERSIONS)}")
    return "".join(_card(CardSource(*entry), version) for entry in contacts)


def split_name(name: str) -> Name:
    """The parts of a name as one text: the last word is the family name and the rest the
    given names ("Mary Ann Smith"); "Smith, Mary" is family first; a name in Chinese,
    Japanese or Korean script is family first ("日本 太郎"); a lone word is a given name.
    Titles before (Dr., Mr.) and after (Jr., III, PhD) go to the prefix and the suffix."""
    words = name.split()
    prefix = suffix = ""
    if "," in name:
        before, after = (part.strip() for part in name.split(",", 1))
        if _bare(after) not in _SUFFIXES:
            family, given = before, " ".join(after.split())
            return Name(family=" ".join(family.split()), given=given)
        words, suffix = before.split(), after
    if len(words) > 1 and _bare(words[0]) in _PREFIXES:
        prefix, words = words[0], words[1:]
    if len(words) > 1 and _bare(words[-1]) in _SUFFIXES:
        suffix, words = words[-1], words[:-1]
    if len(words) <= 1:
        return Name(given=" ".join(words), prefix=prefix, suffix=suffix)
    if _FAMILY_FIRST.search(name):
        return Name(family=words[0], given=" ".join(words[1:]), prefix=prefix, suffix=suffix)
    return Name(family=words[-1], given=" ".join(words[:-1]), prefix=prefix, suffix=suffix)


def _bare(word: str) -> str:
    return word.strip().rstrip(".").casefold()


# -- one card ----------------------------------------------------------------------------------
def _card(source: CardSource, version: str) -> str:
    import vobject  # (loaded on first use: never on the window's start path)

    contact = source.contact
    card = vobject.vCard()
    lines: list[tuple[str, str, dict[str, list[str]]]] = [
        ("VERSION", version, {}),
        ("PRODID", PRODID, {}),
        ("UID", f"urn:uuid:{source.uuid}", {}),
        ("FN", _text(contact.name), {}),
        ("N", _compound(split_name(contact.name)), {}),
    ]
    if contact.company:
        lines.append(("ORG", _compound([contact.company]), {}))
    if contact.profession:
        lines.append(("TITLE", _text(contact.profession), {}))
    for name, values in (("TEL", contact.phones), ("EMAIL", contact.emails)):
        for index, value in enumerate(values):
            preferred = index == 0 and len(values) > 1
            lines.append((name, _text(value), _preferred(version) if preferred else {}))
    if contact.address:
        # Box, extended, street, city, region, code, country: free text has no parts.
        lines.append(("ADR", _compound(["", "", contact.address, "", "", "", ""]), {}))
    if contact.website:
        lines.append(("URL", _uri(contact.website), {}))
    if contact.linkedin:
        name = "URL" if version == "4.0" else "X-SOCIALPROFILE"
        lines.append((name, _uri(contact.linkedin), {"TYPE": ["linkedin"]}))
    if contact.notes:
        lines.append(("NOTE", _text(contact.notes), {}))
    if contact.tags:
        lines.append(("CATEGORIES", ",".join(_text(t) for t in contact.tags), {}))
    lines.append(("REV", _timestamp(source.updated_at), {}))
    for name, value, params in lines:
        line = card.add(name)
        line.isNative = False  # (N, ADR and ORG come as vobject's objects: ours is text)
        line.value = value
        line.params.update(params)
        line.encoded = True  # escaped above, as the version asks: vobject leaves it as it is
    unfolded = card.serialize(lineLength=10**9)  # folded below, by octets
    return "".join(_fold(line) + "\r\n" for line in unfolded.split("\r\n") if line)


def _preferred(version: str) -> dict[str, list[str]]:
    return {"PREF": ["1"]} if version == "4.0" else {"TYPE": ["pref"]}


def _text(value: str) -> str:
    """A text value, escaped: backslashes, commas, semicolons and line breaks."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _compound(parts: Iterable[str]) -> str:
    """A value of parts (N, ADR, ORG): each part escaped, joined by bare semicolons."""
    return ";".join(_text(part) for part in parts)


def _uri(value: str) -> str:
    """A web address as a URI: one line, no spaces, a scheme ("www.x.com" is https)."""
    value = "%20".join(value.split())
    return value if _SCHEME.match(value) else f"https://{value}"


def _timestamp(moment: dt.datetime | None) -> str:
    """REV in UTC; a moment without a zone is this computer's local time (as SQLite keeps
    the records' times)."""
    moment = moment or dt.datetime.now(dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """A content line folded at 75 octets: each continuation begins with a space, and no
    UTF-8 character is split between two lines."""
    if len(line.encode("utf-8")) <= LINE_OCTETS:
        return line
    pieces, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = LINE_OCTETS if not pieces else LINE_OCTETS - 1  # (the space that continues)
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)
