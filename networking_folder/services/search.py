"""Finding anything in a keystroke: contacts, notes and referral needs (SQLite FTS5).

The indexes (one per kind) are kept in step by triggers (store/migrations.py, version 3), inside the same
transaction as every change. What the user types is never handed to FTS5 as syntax: it is
cut into words, folded like the index, and each word becomes a quoted prefix term, so
input such as ``"``, ``*``, ``AND`` or ``NEAR(`` simply searches for those letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from networking_folder.domain.text import fold
from networking_folder.store.migrations import SEARCH_TABLES

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

KIND_ORDER = ("contact", "referral", "note")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str  # "contact", "note" or "referral"
    id: int
    title: str
    snippet: str


def match_expression(text: str) -> str:
    """The FTS5 query for what the user typed: every word, as a prefix; "" when no words.

    A last word of one letter, after others, is left out: it is the start of a word still
    being typed, and matches nearly everything."""
    words = _WORD.findall(fold(text))[:12]
    if len(words) > 1 and len(words[-1]) == 1:
        words.pop()
    return " ".join(f'"{word}"*' for word in words)


class SearchService:
    def __init__(self, folder: Folder) -> None:
        self.folder = folder

    def find(self, text: str, limit: int = 30) -> list[SearchHit]:
        """Matches grouped by kind: contacts (those whose name matches first), referrals, notes;
        newest first within each."""
        expression = match_expression(text)
        if not expression:
            return []
        words = _WORD.findall(fold(text))
        hits: list[SearchHit] = []
        for kind in KIND_ORDER:
            # Newest first, not by rank: ranking every match of a short prefix over 100,000
            # notes took 50-150 ms; streaming them in rowid order stops at the limit.
            table = SEARCH_TABLES[kind][0]
            rows = self.folder.query(
                f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ?",
                (expression, limit),
            )
            found = self._describe(kind, [rowid for (rowid,) in rows], words)
            if kind == "contact":
                found.sort(key=lambda hit: not _names_match(hit.title, words))
            hits.extend(found)
        return hits

    def _describe(self, kind: str, ids: list[int], words: list[str]) -> list[SearchHit]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        if kind == "contact":
            sql = f"SELECT id, name, company || CASE WHEN profession <> '' THEN ' · ' || profession ELSE '' END FROM contact WHERE id IN ({marks})"
        elif kind == "referral":
            sql = f"""SELECT r.id, (CASE r.direction WHEN 'given' THEN 'Given: ' ELSE 'Received: ' END) || p.name,
                             r.need || ' ' || r.learned
                      FROM referral r JOIN contact p ON p.id = r.prospect_id WHERE r.id IN ({marks})"""
        else:
            sql = f"""SELECT n.id, coalesce(c.name, 'Note') || ' · ' || substr(n.at, 1, 10), n.body
                      FROM note n LEFT JOIN contact c ON c.id = n.contact_id WHERE n.id IN ({marks})"""
        found = {row[0]: row for row in self.folder.query(sql, ids)}
        return [
            SearchHit(kind, i, found[i][1], snippet(found[i][2] or "", words))
            for i in ids
            if i in found
        ]


def _names_match(name: str, words: list[str]) -> bool:
    """Every word typed begins a word of the name."""
    parts = _WORD.findall(fold(name))
    return all(any(part.startswith(word) for part in parts) for word in words)


def snippet(text: str, words: list[str], width: int = 90) -> str:
    """A line of ``text`` around the first word found (accents and case ignored)."""
    text = " ".join(text.split())
    folded = fold(text)
    starts = [folded.find(w) for w in words if folded.find(w) >= 0]
    # fold() keeps one character per character for nearly all text; when it does not, show the start.
    start = min(starts) if starts and len(folded) == len(text) else 0
    begin = max(0, start - width // 3)
    piece = text[begin : begin + width]
    return ("…" if begin else "") + piece + ("…" if begin + width < len(text) else "")
