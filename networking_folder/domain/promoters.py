"""The promoter register's arithmetic (R11 in docs/follow-up-rules.md): what a person who refers prospects was
given in the last twelve months, and the warnings a register shows.

Under the SEC Marketing Rule (17 CFR 275.206(4)-1) someone who refers prospective clients to
an adviser is a promoter: each referral comes with disclosures, and compensation above a de
minimis amount (the rule's example: $1,000 or less in the preceding twelve months) needs a
written agreement. The program records facts and warns; it gives no legal advice.

Plain data in, plain data out: no database, no Qt (the services read the rows and ask here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from networking_folder.domain.model import whole_money
from networking_folder.domain.text import day_words

RULE = "R11"
DEFAULT_THRESHOLD_CENTS = 100_000  # $1,000: the rule's own example of de minimis
WINDOW_DAYS = 365  # "the preceding twelve months": the 365 days ending on the day asked


@dataclass(frozen=True, slots=True)
class Compensation:
    """One thing of value given to a promoter: cash (a fee) or not (a gift, a meal, tickets)."""

    given_on: dt.date
    value_cents: int | None  # None: not recorded (a gift whose worth was never written down)
    description: str = ""
    cash: bool = False
    referral_id: int | None = None  # the referral it was for, if any
    id: int | None = None
    promoter_id: int | None = None

    @property
    def what(self) -> str:
        return self.description or ("Referral fee" if self.cash else "Gift")

    @property
    def value_words(self) -> str:
        return "value not recorded" if self.value_cents is None else whole_money(self.value_cents)


@dataclass(frozen=True, slots=True)
class RegisterWarning:
    """A warning of the register (never a follow-up): what is missing, in words."""

    kind: str  # "undisclosed" (compensation, no disclosure for its referral) or "no_agreement"
    text: str
    referral_id: int | None = None
    rule: str = RULE


def window(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the twelve months that end on ``day`` (both counted)."""
    return day - dt.timedelta(days=WINDOW_DAYS - 1), day


def twelve_month_total(items: Iterable[Compensation], day: dt.date) -> int:
    """The value (in cents) of what was given in the 365 days ending on ``day``, inclusive;
    anything dated after ``day`` is not counted yet."""
    first, last = window(day)
    return sum(item.value_cents or 0 for item in items if first <= item.given_on <= last)


def warnings(
    name: str,
    items: Iterable[Compensation],
    disclosed: Collection[int],
    agreement_on: dt.date | None,
    day: dt.date,
    threshold_cents: int = DEFAULT_THRESHOLD_CENTS,
) -> list[RegisterWarning]:
    """The register's warnings for one promoter on ``day``: each referral they were given
    something for and whose disclosure is not recorded (``disclosed``: the referrals that have
    one); and, when the twelve-month total is over the threshold, no written agreement on file
    by that day."""
    items = [item for item in items if item.given_on <= day]
    said: list[RegisterWarning] = []
    seen: set[int] = set()
    for item in sorted(items, key=lambda i: (i.given_on, i.id or 0)):
        referral = item.referral_id
        if referral is None or referral in disclosed or referral in seen:
            continue
        seen.add(referral)
        said.append(
            RegisterWarning(
                "undisclosed",
                f"{name} was given “{item.what}” ({item.value_words}) on "
                f"{day_words(item.given_on)} for a referral with no disclosure recorded.",
                referral,
            )
        )
    total = twelve_month_total(items, day)
    if total > threshold_cents and (agreement_on is None or agreement_on > day):
        said.append(
            RegisterWarning(
                "no_agreement",
                f"{name} was given {whole_money(total)} in the last twelve months, over your "
                f"{whole_money(threshold_cents)} threshold, and no written agreement is on file.",
            )
        )
    return said
