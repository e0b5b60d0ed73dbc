"""A person as read from another program's file, before they meet the folder."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

# Where a card came from: the import's formats, as kept in a contact's sources.
VCARD = "vcard"
GOOGLE = "google"
OUTLOOK = "outlook"
LINKEDIN = "linkedin"
CSV = "csv"
ARCHIVE = "json"
FORMATS = (VCARD, GOOGLE, OUTLOOK, LINKEDIN, CSV, ARCHIVE)


@dataclass(slots=True)
class Card:
    """One person of a file: a vCard, or a row of a CSV export."""

    number: int  # the card's (or the row's) number in the file, from 1, for messages
    name: str = ""
    company: str = ""
    profession: str = ""
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    address: str = ""
    website: str = ""
    linkedin: str = ""
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    how_met: str = ""
    met_on: dt.date | None = None
    source: str = VCARD
    key: str = ""  # the source's own name for them: a vCard UID, a profile URL, a row's id
    warnings: list[str] = field(default_factory=list)  # what of the card was left out, and why

    def fill_key(self) -> None:
        """Without a key of the source's own, one made from who they are: the same card
        read again gets the same key (and an edited phone or email does not change it)."""
        if not self.key:
            who = "|".join(" ".join(part.casefold().split()) for part in (self.name, self.company))
            self.key = "content:" + hashlib.sha1(who.encode("utf-8")).hexdigest()[:20]


@dataclass(slots=True)
class Unreadable:
    """A card or row that could not be read, and why (the rest of the file still is)."""

    number: int
    reason: str

    def said(self, noun: str = "Card") -> str:
        return f"{noun} {self.number}: {self.reason}"


@dataclass(slots=True)
class ReadFile:
    """What a file held: its format, the people read from it and what could not be read."""

    format: str
    cards: list[Card] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    noun: str = "Card"  # "Card" for vCards, "Row" for CSV files (in messages)


_LINKEDIN = re.compile(r"(?i)^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(in|pub|company)/([^/?#\s]+)")


def linkedin_key(url: str) -> str:
    """A LinkedIn profile address in one spelling (scheme, country host, case, trailing slash
    and query aside), or "" when it is not one."""
    match = _LINKEDIN.match(url.strip())
    if not match:
        return ""
    return f"https://www.linkedin.com/{match.group(1).lower()}/{match.group(2).lower()}"


def is_linkedin(url: str) -> bool:
    return bool(linkedin_key(url))
