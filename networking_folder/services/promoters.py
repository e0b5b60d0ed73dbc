"""The promoter register (R11): the people who refer prospects to you, what they were given,
their agreements and the disclosures of their referrals; and the register's warnings.

The arithmetic and the warnings' words are domain/promoters.py's; here the rows are read and
written (every change through ``folder.writes``, so it is logged and can be undone).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from networking_folder.domain import promoters as rules
from networking_folder.domain.promoters import Compensation, RegisterWarning
from networking_folder.domain.validation import (
    MAX_CENTS,
    ValidationError,
    check_cents,
    check_date,
    clean_text,
)
from networking_folder.store.records import CompensationRecord, ContactRecord, ReferralRecord, now
from networking_folder.store.values import as_date

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

THRESHOLD_KEY = "promoters.threshold_cents"


@dataclass(frozen=True, slots=True)
class PromoterFacts:
    """What the register keeps about the person: your client or not, and their agreement."""

    contact_id: int
    is_client: bool | None = None  # None: not recorded yet
    agreement_on: dt.date | None = None  # the written agreement's day
    agreement_kept_at: str = ""  # where it is kept: "Signed copy, office cabinet B"


@dataclass(frozen=True, slots=True)
class ReferralDisclosure:
    """A referral the promoter made to you, and its disclosure (if one is recorded)."""

    referral_id: int
    date: dt.date
    prospect: str
    disclosed_on: dt.date | None
    how: str

    @property
    def disclosed(self) -> bool:
        return self.disclosed_on is not None


@dataclass(frozen=True, slots=True)
class PromoterEntry:
    """One person's line of the register on a day."""

    contact_id: int
    name: str
    company: str
    facts: PromoterFacts
    items: list[Compensation]
    referrals: list[ReferralDisclosure]
    total_cents: int  # given in the twelve months ending on the day asked
    threshold_cents: int
    warnings: list[RegisterWarning] = field(default_factory=list)

    @property
    def disclosed(self) -> int:
        return sum(r.disclosed for r in self.referrals)

    @property
    def over_threshold(self) -> bool:
        return self.total_cents > self.threshold_cents

    @property
    def client_words(self) -> str:
        return {None: "not recorded", True: "yes", False: "no"}[self.facts.is_client]

    def referral(self, referral_id: int | None) -> ReferralDisclosure | None:
        return next((r for r in self.referrals if r.referral_id == referral_id), None)


@dataclass(frozen=True, slots=True)
class PersonWarning:
    contact_id: int
    name: str
    warning: RegisterWarning


_ITEM_SQL = """
    SELECT c.id, c.promoter_id, c.referral_id, c.given_on, c.value_cents, c.cash, c.description
    FROM compensation AS c JOIN contact AS p ON p.id = c.promoter_id
    WHERE c.deleted_at IS NULL AND p.deleted_at IS NULL"""


def _item(row: tuple) -> Compensation:
    item_id, promoter, referral, given_on, value, cash, description = row
    return Compensation(
        as_date(given_on), value, description, bool(cash), referral, item_id, promoter
    )


def _facts(contact_id: int, is_client: int | None, on: str | None, kept_at: str) -> PromoterFacts:
    return PromoterFacts(
        contact_id, None if is_client is None else bool(is_client), as_date(on), kept_at
    )


class PromoterService:
    def __init__(self, folder: Folder) -> None:
        self.folder = folder

    # -- the threshold ---------------------------------------------------------------------
    def threshold_cents(self) -> int:
        cents = self.folder.settings.get(THRESHOLD_KEY, rules.DEFAULT_THRESHOLD_CENTS)
        ok = isinstance(cents, int) and not isinstance(cents, bool) and 0 <= cents <= MAX_CENTS
        return cents if ok else rules.DEFAULT_THRESHOLD_CENTS

    def set_threshold_cents(self, cents: int) -> None:
        check_cents("threshold", cents, "The threshold")
        if cents is None:
            raise ValidationError("threshold", "Give the threshold an amount.")
        from networking_folder.services.folder import Change

        with self.folder.transaction(Change.SETTINGS, Change.REGISTER):  # the warnings move
            self.folder.settings._put(THRESHOLD_KEY, cents)

    # -- reading ---------------------------------------------------------------------------
    def facts(self, contact_id: int) -> PromoterFacts:
        rows = self.folder.query(
            "SELECT is_client, agreement_on, agreement_kept_at FROM contact WHERE id = ?",
            (contact_id,),
        )
        if not rows:
            raise ValidationError("contact", "That contact no longer exists.")
        return _facts(contact_id, *rows[0])

    def item(self, item_id: int) -> Compensation:
        rows = self.folder.query(
            "SELECT id, promoter_id, referral_id, given_on, value_cents, cash, description"
            " FROM compensation WHERE id = ? AND deleted_at IS NULL",
            (item_id,),
        )
        if not rows:
            raise ValidationError("item", "That item is no longer in the register.")
        return _item(rows[0])

    def _items(self, contact_ids: list[int] | None = None) -> dict[int, list[Compensation]]:
        """Live items of live promoters (of ``contact_ids`` only, when given), by promoter."""
        where, params = "", []
        if contact_ids is not None:
            where = f" AND c.promoter_id IN ({','.join('?' * len(contact_ids))})"
            params = contact_ids
        items: dict[int, list[Compensation]] = {}
        for row in self.folder.query(_ITEM_SQL + where + " ORDER BY c.given_on, c.id", params):
            item = _item(row)
            items.setdefault(item.promoter_id, []).append(item)
        return items

    def _referrals(self, contact_ids: Iterable[int] | None) -> dict[int, list[ReferralDisclosure]]:
        where, params = "", []
        if contact_ids is not None:
            ids = list(contact_ids)
            where = f" AND r.referrer_id IN ({','.join('?' * len(ids))})"
            params = ids
        out: dict[int, list[ReferralDisclosure]] = {}
        for referrer, *row in self.folder.query(
            "SELECT r.referrer_id, r.id, r.date, p.name, r.fee_disclosed_on, r.disclosed_how"
            " FROM referral AS r JOIN contact AS p ON p.id = r.prospect_id"
            # (the unary "+" keeps SQLite on the referrer's index for a few people: the
            # (deleted_at, direction, date) one would walk every received referral)
            " WHERE +r.deleted_at IS NULL AND +r.direction = 'received'" + where
            + " ORDER BY r.date, r.id",
            params,
        ):
            referral_id, day, prospect, disclosed_on, how = row
            out.setdefault(referrer, []).append(
                ReferralDisclosure(referral_id, as_date(day), prospect, as_date(disclosed_on), how)
            )
        return out

    def entry(self, contact_id: int, day: dt.date | None = None) -> PromoterEntry | None:
        """The person's line of the register on ``day`` (today); None if they are no promoter."""
        found = self.register(day, only=[contact_id])
        return found[0] if found else None

    def register(
        self, day: dt.date | None = None, only: list[int] | None = None
    ) -> list[PromoterEntry]:
        """Every promoter's line on ``day`` (today), by name: everyone in the folder who
        referred a prospect to you, was given something, or has an agreement on file."""
        day = day or dt.date.today()
        threshold = self.threshold_cents()
        one = ""
        params: list = []
        if only is not None:
            one = f" AND c.id IN ({','.join('?' * len(only))})"
            params = list(only)
        people = self.folder.query(
            "SELECT c.id, c.name, c.company, c.is_client, c.agreement_on, c.agreement_kept_at"
            " FROM contact AS c WHERE c.deleted_at IS NULL" + one + " AND ("
            " c.agreement_on IS NOT NULL OR c.is_client IS NOT NULL"
            " OR EXISTS (SELECT 1 FROM referral AS r WHERE r.referrer_id = c.id"
            "  AND r.deleted_at IS NULL AND r.direction = 'received')"
            " OR EXISTS (SELECT 1 FROM compensation AS i WHERE i.promoter_id = c.id"
            "  AND i.deleted_at IS NULL))"
            " ORDER BY c.name COLLATE NOCASE, c.id",
            params,
        )
        ids = [p[0] for p in people]
        items = self._items(ids if only is not None else None)
        referrals = self._referrals(ids if only is not None else None)
        out = []
        for contact_id, name, company, is_client, on, kept_at in people:
            facts = _facts(contact_id, is_client, on, kept_at)
            theirs = items.get(contact_id, [])
            mine = referrals.get(contact_id, [])
            # (a disclosure counts from its day: a register as of an earlier day lacks it)
            disclosed = {r.referral_id for r in mine if r.disclosed and r.disclosed_on <= day}
            out.append(
                PromoterEntry(
                    contact_id,
                    name,
                    company,
                    facts,
                    theirs,
                    mine,
                    rules.twelve_month_total(theirs, day),
                    threshold,
                    rules.warnings(name, theirs, disclosed, facts.agreement_on, day, threshold),
                )
            )
        return out

    def warnings(self, day: dt.date | None = None) -> list[PersonWarning]:
        """Every warning of the register on ``day`` (today), by person: only the people who
        were given something are read (the home page asks on every change)."""
        day = day or dt.date.today()
        threshold = self.threshold_cents()
        items = self._items()
        if not items:
            return []
        ids = sorted(items)
        marks = ",".join("?" * len(ids))
        people = self.folder.query(
            f"SELECT id, name, agreement_on FROM contact WHERE id IN ({marks})"
            " ORDER BY name COLLATE NOCASE, id",
            ids,
        )
        named = [i.referral_id for theirs in items.values() for i in theirs if i.referral_id]
        disclosed = set()
        for start in range(0, len(named), 500):
            chunk = named[start : start + 500]
            disclosed |= {
                r
                for (r,) in self.folder.query(
                    f"SELECT id FROM referral WHERE id IN ({','.join('?' * len(chunk))})"
                    " AND fee_disclosed_on <= ?",
                    [*chunk, day.isoformat()],
                )
            }
        return [
            PersonWarning(contact_id, name, warning)
            for contact_id, name, on in people
            for warning in rules.warnings(
                name, items[contact_id], disclosed, as_date(on), day, threshold
            )
        ]

    # -- changes ---------------------------------------------------------------------------
    def set_facts(self, facts: PromoterFacts) -> None:
        """Keep whether the person is your client and their agreement (its day, where)."""
        from networking_folder.services.folder import Change

        check_date("agreement_on", facts.agreement_on, "The agreement's day")
        kept_at = clean_text("agreement_kept_at", facts.agreement_kept_at, "Where it is kept",
                             one_line=True).strip()  # fmt: skip
        if facts.agreement_on is None and kept_at:
            raise ValidationError("agreement_on", "On what day was the agreement signed?")
        if facts.agreement_on and facts.agreement_on > dt.date.today():
            raise ValidationError("agreement_on", "An agreement on file is signed already: "
                                  "its day cannot be later than today.")  # fmt: skip
        with self.folder.transaction(Change.CONTACTS, Change.REGISTER):
            updated = self.folder.writes.update_where(
                ContactRecord,
                (ContactRecord.id == facts.contact_id) & ContactRecord.deleted_at.is_null(),
                is_client=facts.is_client,
                agreement_on=facts.agreement_on,
                agreement_kept_at=kept_at,
                updated_at=now(),
            )
            if not updated:
                raise ValidationError("contact", "This contact was deleted meanwhile; nothing was saved.")

    def _clean(self, item: Compensation) -> dict:
        if item.promoter_id is None:
            raise ValidationError("promoter", "Whom was it given to?")
        if item.given_on is None:
            raise ValidationError("given_on", "On what day was it given?")
        check_date("given_on", item.given_on, "The day it was given")
        check_cents("value", item.value_cents, "Its value")
        description = clean_text("description", item.description, "What it was", one_line=True)
        if not description.strip():
            raise ValidationError(
                "description", "Say what it was: “Referral fee”, “Dinner at Nino's”, “Two tickets”."
            )
        if not ContactRecord.live().where(ContactRecord.id == item.promoter_id).exists():
            raise ValidationError("promoter", "That contact is no longer in the folder.")
        if item.referral_id is not None:
            referral = ReferralRecord.get_or_none(ReferralRecord.id == item.referral_id)
            if (
                referral is None
                or referral.deleted_at is not None
                or referral.direction != "received"
                or referral.referrer_id != item.promoter_id
            ):
                raise ValidationError(
                    "referral", "Choose one of the referrals this person gave you, or none."
                )
        return {
            "promoter": item.promoter_id,
            "referral": item.referral_id,
            "given_on": item.given_on,
            "value_cents": item.value_cents,
            "cash": bool(item.cash),
            "description": description.strip(),
        }

    def add(self, item: Compensation) -> int:
        """Record something given to a promoter; returns its id."""
        from networking_folder.services.folder import Change

        values = self._clean(item)
        with self.folder.transaction(Change.REGISTER):
            return self.folder.writes.create(CompensationRecord, **values)

    def update(self, item: Compensation) -> None:
        from networking_folder.services.folder import Change

        if item.id is None:
            raise ValueError("update() needs a saved item")
        values = self._clean(item)
        with self.folder.transaction(Change.REGISTER):
            updated = self.folder.writes.update_where(
                CompensationRecord,
                (CompensationRecord.id == item.id) & CompensationRecord.deleted_at.is_null(),
                **values,
                updated_at=now(),
            )
            if not updated:
                raise ValidationError("item", "That item was deleted meanwhile; nothing was saved.")

    def delete(self, ids: Iterable[int]) -> int:
        """Move items to the trash (one batch, which restore brings back); returns the batch."""
        from networking_folder.services.folder import Change

        with self.folder.transaction(Change.REGISTER):
            batch = self.folder.trash.new_batch()
            self.folder.trash.move(CompensationRecord, list(ids), batch)
            return batch

    def disclose(self, referral_id: int, on: dt.date | None, how: str = "") -> None:
        """Record that a referral's disclosure was given, on a day and how (``on`` None takes
        the record back)."""
        from networking_folder.services.folder import Change

        check_date("disclosed_on", on, "The day it was disclosed")
        how = clean_text("disclosed_how", how, "How it was disclosed", one_line=True).strip()
        if on is not None and on > dt.date.today():
            raise ValidationError("disclosed_on", "A disclosure recorded was given already: "
                                  "its day cannot be later than today.")  # fmt: skip
        with self.folder.transaction(Change.REFERRALS, Change.REGISTER):
            updated = self.folder.writes.update_where(
                ReferralRecord,
                (ReferralRecord.id == referral_id) & ReferralRecord.deleted_at.is_null(),
                fee_disclosed_on=on,
                disclosed_how=how if on else "",
                updated_at=now(),
            )
            if not updated:
                raise ValidationError("referral", "That referral is no longer in the folder.")
