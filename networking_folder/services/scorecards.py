"""Partner scorecards: who sends business, what it is worth, who is owed, who is going quiet.

What the figures mean (the help says the same):
- counts go by the referral's date; closed value by the day the business closed (its status
  change to "closed business");
- conversion = received referrals of the period that closed as business ÷ all received
  referrals of the period (open ones included); none when nothing was received;
- median days to first contact = from the day you gave a referral to the day the partner
  first moved it on (its "partner contacted" step, or a later one when that was skipped);
- "I owe" = referrals they sent you this period minus those you sent them;
- trend = referrals both ways this period against the period before;
- one-to-ones = those logged in the period, the last ever, and the next (the earliest open
  follow-up about them that says "one-to-one").
Records in the trash count for nothing. Every figure is read with a handful of grouped queries,
whatever the number of partners.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from networking_folder.store.values import as_date

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

# The day each referral's business closed: its last step to "closed business".
CLOSED_ON = """(SELECT referral_id, date(max(at)) AS day FROM status_change
                 WHERE to_status = 'closed_business' GROUP BY referral_id)"""
FIRST_CONTACT_STEPS = ("partner_contacted", "meeting_held", "closed_business")
SORTS = ("most", "owe", "quiet")


# A follow-up "about a one-to-one" says so in its title, in any of the usual spellings.
ONE_TO_ONE_WORDS = ("one-to-one", "one to one", "1-to-1", "1:1")
ONE_TO_ONE_TITLE = " OR ".join(f"title LIKE '%{w}%'" for w in ONE_TO_ONE_WORDS)


def is_about_a_one_to_one(title: str) -> bool:
    title = title.casefold()
    return any(w in title for w in ONE_TO_ONE_WORDS)


@dataclass(frozen=True, slots=True)
class Quarter:
    year: int
    number: int  # 1-4

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = re.fullmatch(r"(\d{4})-Q([1-4])", text.strip(), re.IGNORECASE)
        if not match:
            raise ValueError(f"“{text}” is not a quarter: write it as YYYY-Qn, e.g. 2026-Q4")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        """The day after the quarter's last."""
        return Quarter(self.year + self.number // 4, self.number % 4 + 1).start

    def previous(self) -> Quarter:
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    @classmethod
    def recent(cls, today: dt.date, count: int = 8) -> list[Quarter]:
        """This quarter and the ``count - 1`` before it, newest first (a window's choices)."""
        quarters = [cls.of(today)]
        while len(quarters) < count:
            quarters.append(quarters[-1].previous())
        return quarters

    @property
    def label(self) -> str:
        """As people say it: "Q4 2026"."""
        return f"Q{self.number} {self.year}"

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"


@dataclass(frozen=True, slots=True)
class Scorecard:
    id: int
    uuid: str
    name: str
    is_partner: bool
    given: int
    received: int
    closed_value_received_cents: int
    closed_value_given_cents: int
    conversion: float | None
    median_days_to_first_contact: float | None
    one_to_ones: int
    last_one_to_one: dt.date | None
    next_one_to_one: dt.date | None
    last_touch: dt.date | None
    not_following_up: bool
    trend: int  # referrals both ways, this period minus the one before

    @property
    def owe(self) -> int:
        return self.received - self.given


class ScorecardService:
    def __init__(self, folder: Folder) -> None:
        self.folder = folder

    def of(self, contact_id: int, quarter: Quarter, today: dt.date) -> Scorecard | None:
        """One person's scorecard (a partner's page): the same figures, read for them alone."""
        cards = self.partners(quarter, today, only=contact_id)
        return cards[0] if cards else None

    def partners(
        self,
        quarter: Quarter | None = None,
        today: dt.date | None = None,
        sort: str = "most",
        only: int | None = None,
    ) -> list[Scorecard]:
        """A scorecard for every partner, and for everyone you exchanged referrals with in the
        quarter or the one before; sorted by ``sort`` ("most" sends me the most, "owe", "quiet").
        With ``only``, that one person's (whether a partner or not)."""
        today = today or dt.date.today()
        quarter = quarter or Quarter.of(today)
        now, before = (quarter.start.isoformat(), quarter.end.isoformat()), (
            quarter.previous().start.isoformat(),
            quarter.start.isoformat(),
        )
        q = self.folder.query
        # For one person: each query keeps to their referrals (through the contact indexes).
        mine = "" if only is None else f" AND (recipient_id = {int(only)} OR referrer_id = {int(only)})"
        r_mine = mine.replace("recipient_id", "r.recipient_id").replace("referrer_id", "r.referrer_id")
        counts: dict[int, dict[str, int]] = {}
        earlier: dict[int, int] = {}
        # This quarter's and the one before's in one pass over the referrals' date index.
        for partner, direction, this, last in q(
            f"""SELECT coalesce(recipient_id, referrer_id), direction,
                      sum(date >= ?), sum(date < ?) FROM referral
               WHERE deleted_at IS NULL AND date >= ? AND date < ?{mine} GROUP BY 1, 2""",
            (now[0], now[0], before[0], now[1]),
        ):
            if this:
                counts.setdefault(partner, {})[direction] = this
            if last:
                earlier[partner] = earlier.get(partner, 0) + last
        closed: dict[int, dict[str, int]] = {}
        for partner, direction, value in q(
            f"""SELECT coalesce(r.recipient_id, r.referrer_id), r.direction,
                      sum(coalesce(r.value_cents, 0))
               FROM referral r JOIN {CLOSED_ON} c ON c.referral_id = r.id
               WHERE r.deleted_at IS NULL AND r.status = 'closed_business'
                 AND c.day >= ? AND c.day < ?{r_mine} GROUP BY 1, 2""",
            now,
        ):
            closed.setdefault(partner, {})[direction] = value
        conversion = {
            partner: (won / total if total else None)
            for partner, total, won in q(
                f"""SELECT referrer_id, count(*), sum(status = 'closed_business') FROM referral
                   WHERE deleted_at IS NULL AND direction = 'received' AND date >= ? AND date < ?
                   {mine} GROUP BY 1""",
                now,
            )
        }
        days: dict[int, list[int]] = {}
        steps = ",".join(f"'{s}'" for s in FIRST_CONTACT_STEPS)
        for partner, given_on, first in q(
            f"""SELECT r.recipient_id, r.date, min(s.at) FROM referral r
                JOIN status_change s ON s.referral_id = r.id AND s.to_status IN ({steps})
                WHERE r.deleted_at IS NULL AND r.direction = 'given' AND r.date >= ? AND r.date < ?
                {r_mine} GROUP BY r.id""",
            now,
        ):
            moved = as_date(first[:10]) if isinstance(first, str) else first.date()
            days.setdefault(partner, []).append(max(0, (moved - as_date(given_on)).days))
        # Who gets a card: every partner, and whoever exchanged referrals with you in the
        # quarter or the one before. The per-person figures below are read for them alone
        # (through the contact indexes), not for all 10,000 contacts.
        involved = set(counts) | set(earlier)
        if only is None:
            people = [
                row
                for row in q("SELECT id, uuid, name, is_partner FROM contact WHERE deleted_at IS NULL")
                if row[3] or row[0] in involved
            ]
        else:
            people = q(
                "SELECT id, uuid, name, is_partner FROM contact WHERE deleted_at IS NULL AND id = ?",
                (only,),
            )
        ids = json.dumps([row[0] for row in people])
        one_to_ones: dict[int, tuple[int, dt.date | None]] = {}
        for contact, in_period, last in q(
            """SELECT n.contact_id, sum(n.at >= ? AND n.at < ?), max(n.at)
               FROM json_each(?) AS j JOIN note n ON n.contact_id = j.value
               WHERE n.deleted_at IS NULL AND n.kind = 'one_to_one' GROUP BY 1""",
            (*now, ids),
        ):
            one_to_ones[contact] = (in_period or 0, as_date(str(last)[:10]) if last else None)
        next_one: dict[int, dt.date] = {
            contact: as_date(due)
            for contact, due in q(
                f"""SELECT contact_id, min(due) FROM follow_up
                   WHERE contact_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL
                     AND state = 'open'
                     AND ({ONE_TO_ONE_TITLE})
                   GROUP BY 1""",
                (ids,),
            )
        }
        # The last touch as of the period's end (or today, in the period still running):
        # nothing dated after it, a referral entered for next week included.
        touched_before = min(today + dt.timedelta(days=1), quarter.end).isoformat()
        touches: dict[int, dt.date] = {
            contact: as_date(day)
            for contact, day in q(
                # (Joined from the list of ids, each a lookup in a contact index: "IN (list)"
                # made SQLite scan the referrals instead, 300 ms on the benchmark folder.)
                """WITH touch(contact_id, day) AS (
                       SELECT n.contact_id, date(max(n.at)) FROM json_each(?1) AS j
                        JOIN note n ON n.contact_id = j.value
                        WHERE n.deleted_at IS NULL AND n.at < ?2 GROUP BY 1
                       UNION ALL SELECT r.prospect_id, max(r.date) FROM json_each(?1) AS j
                        JOIN referral r ON r.prospect_id = j.value
                        WHERE r.deleted_at IS NULL AND r.date < ?2 GROUP BY 1
                       UNION ALL SELECT r.referrer_id, max(r.date) FROM json_each(?1) AS j
                        JOIN referral r ON r.referrer_id = j.value
                        WHERE r.deleted_at IS NULL AND r.date < ?2 GROUP BY 1
                       UNION ALL SELECT r.recipient_id, max(r.date) FROM json_each(?1) AS j
                        JOIN referral r ON r.recipient_id = j.value
                        WHERE r.deleted_at IS NULL AND r.date < ?2 GROUP BY 1
                       UNION ALL SELECT f.contact_id, date(max(f.completed_at)) FROM json_each(?1) AS j
                        JOIN follow_up f ON f.contact_id = j.value
                        WHERE f.deleted_at IS NULL AND f.state = 'done' AND f.completed_at < ?2
                        GROUP BY 1)
                   SELECT contact_id, max(day) FROM touch GROUP BY contact_id""",
                (ids, touched_before),
            )
            if day
        }
        import statistics  # (only here: it is slow to import, and nothing at start-up needs it)

        warned = self.folder.rules.partner_warnings(today, only)
        cards = []
        for contact_id, uuid, name, is_partner in people:
            each_way = counts.get(contact_id, {})
            given, received = each_way.get("given", 0), each_way.get("received", 0)
            worth = closed.get(contact_id, {})
            held, last_one = one_to_ones.get(contact_id, (0, None))
            cards.append(
                Scorecard(
                    id=contact_id,
                    uuid=uuid,
                    name=name,
                    is_partner=bool(is_partner),
                    given=given,
                    received=received,
                    closed_value_received_cents=worth.get("received", 0),
                    closed_value_given_cents=worth.get("given", 0),
                    conversion=conversion.get(contact_id),
                    median_days_to_first_contact=(
                        statistics.median(days[contact_id]) if contact_id in days else None
                    ),
                    one_to_ones=held,
                    last_one_to_one=last_one,
                    next_one_to_one=next_one.get(contact_id),
                    last_touch=touches.get(contact_id),
                    not_following_up=contact_id in warned,
                    trend=given + received - earlier.get(contact_id, 0),
                )
            )
        return sort_cards(cards, sort)


def sort_cards(cards: list[Scorecard], sort: str) -> list[Scorecard]:
    by_name = sorted(cards, key=lambda c: c.name.casefold())
    if sort == "most":  # sends me the most: referrals, then what they were worth
        return sorted(by_name, key=lambda c: (-c.received, -c.closed_value_received_cents))
    if sort == "owe":  # those who sent me more than I sent them, most first
        return sorted(by_name, key=lambda c: -c.owe)
    if sort == "quiet":  # fewer referrals than the quarter before, then the longest untouched
        return sorted(by_name, key=lambda c: (c.trend, c.last_touch or dt.date.min))
    raise ValueError(f"unknown sort: {sort} (one of {', '.join(SORTS)})")
