"""The figures of the home page ("Today"): the quarter at a glance, the last twelve months,
the balance with each partner, and what to bring to each group's next meeting.

The figures mean what the scorecards' do (services/scorecards.py): counts go by the
referral's date, closed value by the day the business closed; records in the trash count for
nothing. Each figure is one grouped query over an index, so the page fills in at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from networking_folder.domain.model import FollowUpKind
from networking_folder.services.scorecards import CLOSED_ON, Quarter

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

THANK_KINDS = (FollowUpKind.THANK_PUBLICLY.value, FollowUpKind.THANK_PRIVATELY.value)


@dataclass(frozen=True, slots=True)
class Totals:
    """One period's referrals both ways and what they were worth."""

    given: int = 0
    received: int = 0
    closed_value_received_cents: int = 0
    closed_value_given_cents: int = 0
    one_to_ones: int = 0
    received_closed: int = 0  # received in the period and closed as business (by now)

    @property
    def conversion(self) -> float | None:
        """Share of the period's received referrals that closed; none when none came."""
        return self.received_closed / self.received if self.received else None


@dataclass(frozen=True, slots=True)
class Month:
    start: dt.date  # its first day
    given: int
    received: int
    closed_value_received_cents: int
    closed_value_given_cents: int


@dataclass(frozen=True, slots=True)
class Balance:
    contact_id: int
    name: str
    given: int  # referrals you gave them
    received: int  # referrals they sent you


@dataclass(frozen=True, slots=True)
class ThankYou:
    follow_up_id: int
    contact_id: int | None
    name: str
    title: str
    due: dt.date
    value_cents: int | None  # the closed business it thanks for, when it has a value
    public: bool


@dataclass(frozen=True, slots=True)
class Meeting:
    group_id: int
    group: str
    day: dt.date
    time: dt.time | None
    location: str
    skipped_holiday: str  # the holiday it skips this week ("" when none)
    skipped_on: dt.date | None
    thank_yous: list[ThankYou] = field(default_factory=list)


def month_starts(today: dt.date, months: int = 12) -> list[dt.date]:
    """The first days of the last ``months`` months, this one last."""
    year, month = today.year, today.month
    starts = []
    for _ in range(months):
        starts.append(dt.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


class HomeService:
    def __init__(self, folder: Folder) -> None:
        self.folder = folder

    def totals(self, start: dt.date, end: dt.date) -> Totals:
        """Figures for the days from ``start`` up to (not including) ``end``."""
        q = self.folder.query
        span = (start.isoformat(), end.isoformat())
        given = received = received_closed = 0
        for direction, number, closed in q(
            """SELECT direction, count(*), sum(status = 'closed_business') FROM referral
               WHERE deleted_at IS NULL AND date >= ? AND date < ? GROUP BY direction""",
            span,
        ):
            if direction == "given":
                given = number
            else:
                received, received_closed = number, closed or 0
        worth = {"given": 0, "received": 0}
        for direction, value in q(
            f"""SELECT r.direction, sum(coalesce(r.value_cents, 0)) FROM referral r
                JOIN {CLOSED_ON} c ON c.referral_id = r.id
                WHERE r.deleted_at IS NULL AND r.status = 'closed_business'
                  AND c.day >= ? AND c.day < ? GROUP BY r.direction""",
            span,
        ):
            worth[direction] = value or 0
        ((one_to_ones,),) = q(
            """SELECT count(*) FROM note WHERE deleted_at IS NULL AND kind = 'one_to_one'
               AND date(at) >= ? AND date(at) < ?""",
            span,
        )
        return Totals(given, received, worth["received"], worth["given"], one_to_ones, received_closed)

    def quarter(self, quarter: Quarter) -> Totals:
        return self.totals(quarter.start, quarter.end)

    def months(self, today: dt.date, months: int = 12) -> list[Month]:
        """Referrals both ways and closed value both ways, month by month, this one last."""
        starts = month_starts(today, months)
        first = starts[0].isoformat()
        counts: dict[str, dict[str, int]] = {}
        for month, direction, number in self.folder.query(
            """SELECT substr(date, 1, 7), direction, count(*) FROM referral
               WHERE deleted_at IS NULL AND date >= ? AND date <= ? GROUP BY 1, 2""",
            (first, today.isoformat()),
        ):
            counts.setdefault(month, {})[direction] = number
        worth: dict[str, dict[str, int]] = {}
        for month, direction, value in self.folder.query(
            f"""SELECT substr(c.day, 1, 7), r.direction, sum(coalesce(r.value_cents, 0))
                FROM referral r JOIN {CLOSED_ON} c ON c.referral_id = r.id
                WHERE r.deleted_at IS NULL AND r.status = 'closed_business'
                  AND c.day >= ? AND c.day <= ? GROUP BY 1, 2""",
            (first, today.isoformat()),
        ):
            worth.setdefault(month, {})[direction] = value or 0
        result = []
        for start in starts:
            key = start.isoformat()[:7]
            n, v = counts.get(key, {}), worth.get(key, {})
            result.append(
                Month(
                    start,
                    n.get("given", 0),
                    n.get("received", 0),
                    v.get("received", 0),
                    v.get("given", 0),
                )
            )
        return result

    def balance(self, quarter: Quarter, limit: int = 8) -> list[Balance]:
        """Who you exchanged referrals with in the quarter, both ways: the ``limit`` busiest,
        the busiest first."""
        rows: dict[int, list] = {}
        for contact_id, name, direction, number in self.folder.query(
            """SELECT c.id, c.name, r.direction, count(*) FROM referral r
               JOIN contact c ON c.id = coalesce(r.recipient_id, r.referrer_id)
               WHERE r.deleted_at IS NULL AND c.deleted_at IS NULL AND r.date >= ? AND r.date < ?
               GROUP BY c.id, r.direction""",
            (quarter.start.isoformat(), quarter.end.isoformat()),
        ):
            row = rows.setdefault(contact_id, [name, 0, 0])
            row[1 if direction == "given" else 2] = number
        ranked = sorted(rows.items(), key=lambda kv: (-(kv[1][1] + kv[1][2]), kv[1][0].casefold()))
        return [Balance(cid, name, g, r) for cid, (name, g, r) in ranked[:limit]]

    def thank_yous(self) -> list[ThankYou]:
        """Thank-yous owed (open), the earliest first, with the value of the business."""
        kinds = ",".join("?" * len(THANK_KINDS))
        return [
            ThankYou(fid, cid, name or "", title, dt.date.fromisoformat(due), value, kind == THANK_KINDS[0])
            for fid, cid, name, title, due, value, kind in self.folder.query(
                f"""SELECT f.id, f.contact_id, c.name, f.title, f.due, r.value_cents, f.kind
                    FROM follow_up f LEFT JOIN contact c ON c.id = f.contact_id
                    LEFT JOIN referral r ON r.id = f.referral_id AND r.deleted_at IS NULL
                    WHERE f.deleted_at IS NULL AND f.state = 'open' AND f.kind IN ({kinds})
                    ORDER BY f.due, f.id""",
                THANK_KINDS,
            )
        ]

    def meetings(self, today: dt.date) -> list[Meeting]:
        """Each group's next real meeting (today's included; public holidays skipped unless
        the group meets on them), the soonest first, with the thank-yous to give there: those
        owed to its members, and those owed to people in no group at the soonest meeting."""
        from networking_folder.domain.rules import next_meeting

        calendar = self.folder.rules.calendar()
        groups = [g for g in self.folder.groups.all() if g.meeting_weekday is not None]
        if not groups:
            return []
        found = []
        for group in groups:
            day = next_meeting(
                today - dt.timedelta(days=1), group.meeting_weekday, calendar, group.meets_on_holidays
            )
            plain = next_meeting(today - dt.timedelta(days=1), group.meeting_weekday)
            skipped = "" if plain == day else (calendar.holiday_name(plain) or "a public holiday")
            found.append((day, group.name.casefold(), group, skipped, plain))
        found.sort(key=lambda f: (f[0], f[1]))
        members: dict[int, set[int]] = {}
        for group_id, contact_id in self.folder.query("SELECT group_id, contact_id FROM membership"):
            members.setdefault(group_id, set()).add(contact_id)
        in_a_group = set().union(*members.values()) if members else set()
        thanks = self.thank_yous()
        meetings = []
        for number, (day, _key, group, skipped, plain) in enumerate(found):
            own = members.get(group.id, set())
            mine = [
                t
                for t in thanks
                if t.contact_id in own or (number == 0 and t.contact_id not in in_a_group)
            ]
            meetings.append(
                Meeting(
                    group.id, group.name, day, group.meeting_time, group.location, skipped,
                    plain if skipped else None, mine,
                )  # fmt: skip
            )
        return meetings

    def ask(self) -> str:
        """The user's ask: what they ask their groups for this week."""
        return self.folder.settings.get("sheet.ask", "") or ""
