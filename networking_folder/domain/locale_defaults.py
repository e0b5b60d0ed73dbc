"""Defaults taken from the system locale, with the US when it says nothing."""

from __future__ import annotations

import locale
import re


def default_country() -> str:
    """The country of the system locale (``en_GB`` -> ``GB``); US when unknown."""
    try:
        lang = locale.getlocale()[0] or ""
    except ValueError:
        lang = ""
    match = re.search(r"_([A-Za-z]{2})\b", lang)
    return match.group(1).upper() if match else "US"
