"""Text folding for finding things: case and accents do not matter ("zoe" finds "Zoë")."""

from __future__ import annotations

import unicodedata

# Letters that carry no combining mark to strip, folded by hand.
_EXTRA = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d"}
)


def fold(text: str) -> str:
    """Lower-case, accent-free form of ``text`` for matching."""
    text = text.casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_EXTRA)
