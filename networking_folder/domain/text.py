"""Text folding for finding things: case and accents do not matter ("zoe" finds "Zoë"); and
dates in words."""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import lru_cache

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


@lru_cache(maxsize=65_536)
def sort_key(text: str) -> str:
    """``fold`` for sorting short values such as names, remembered: a table of 10,000 contacts
    asks for the same few thousand names again at every sort and reload."""
    return fold(text)


def in_words(parts: list[str]) -> str:
    """A list as a sentence says it: "a", "a and b", "a, b and c"."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


# The program speaks English, and so do its dates, in every locale: not strftime's %a and %b,
# which follow the C library's locale (Qt sets it from the environment when the window starts),
# nor QLocale's short format (under C/POSIX "23 11 2026"). ISO dates are for CSV and JSON.
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_words(day: dt.date) -> str:
    """A date for people, on screen and in the command line's text: "Mon 23 Nov 2026"."""
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
