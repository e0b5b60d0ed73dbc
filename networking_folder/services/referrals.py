"""Referrals given and received, and the history of their statuses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from networking_folder.domain.model import (
    STATUSES_BY_DIRECTION,
    Contact,
    Direction,
    FeeKind,
    InteractionKind,
    Note,
    Referral,
    ReferralDetail,
    ReferralRow,
    Status,
    StatusChange,
)
from networking_folder.domain.validation import (
    ValidationError,
    check_date,
    clean_referral,
    clean_text,
)
from networking_folder.store.values import as_date

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

_FIELDS = (
    "date", "need", "is_lead", "warmth", "best_time_to_call", "budget", "urgency", "learned",
    "also_given_to", "value_cents", "fee_description", "fee_disclosed_on", "disclosed_how",
)  # fmt: skip

# The unary "+" keeps SQLite off the (deleted_at, direction, date) index: nearly every row
# is live and half are of one direction, so a table scan is faster (240 ms, not 350, for 50k).
_ROWS_SQL = """
    SELECT r.id, r.date, r.direction, coalesce(partner.name, ''), prospect.name, r.need,
           r.is_lead, r.warmth, r.status, r.value_cents, coalesce(g.name, '')
    FROM referral r
    JOIN contact prospect ON prospect.id = r.prospect_id
    LEFT JOIN contact partner ON partner.id = coalesce(r.recipient_id, r.referrer_id)
    LEFT JOIN networking_group g ON g.id = r.group_id
    WHERE +r.deleted_at IS NULL"""


def _check_status_change(referral: Referral, note: str) -> None:
    """Closed business says what it was worth; "not a fit" says why (the referrer must hear it)."""
    if referral.status is Status.CLOSED_BUSINESS and referral.value_cents is None:
        raise ValidationError("value", "Closed business needs its value (0 if there was none).")
    if referral.status is Status.NOT_A_FIT and not note.strip():
        raise ValidationError("note", "Say why it was not a fit: the referrer needs to hear it.")


class ReferralService:
    def __init__(self, folder: Folder) -> None:
        self.folder = folder

    def rows(
        self, direction: Direction | None = None, ids: Iterable[int] | None = None
    ) -> list[ReferralRow]:
        """The lists' rows, by id (a sort keeps that order among equal keys: ``first_by_date``
        counts on it)."""
        sql, params = _ROWS_SQL, []
        if direction is not None:
            sql += " AND +r.direction = ?"
            params.append(direction.value)
        if ids is not None:
            ids = list(ids)
            sql += f" AND r.id IN ({','.join('?' * len(ids))})"
            params.extend(ids)
        sql += " ORDER BY r.id"  # (the table's own order: nothing to sort)
        statuses = {s.value: s for s in Status}
        directions = {d.value: d for d in Direction}
        # One object for each name, need, group and day however many rows repeat it: a list
        # of 50,000 referrals then holds 10 MB less (and a day is parsed once).
        share, days = {}.setdefault, {}
        return [
            ReferralRow(
                i, days.get(d) or days.setdefault(d, as_date(d)), directions[di],
                share(pa, pa), share(pr, pr), share(ne, ne), bool(le), wa, statuses[st], va,
                share(gr, gr),
            )
            for i, d, di, pa, pr, ne, le, wa, st, va, gr in self.folder.query_each(sql, params)
        ]  # fmt: skip

    def first_by_date(
        self, direction: Direction, limit: int, descending: bool = True
    ) -> tuple[list[ReferralRow], int]:
        """The first ``limit`` rows of a list sorted by date, exactly as the list sorts all of
        them (equal dates as ``rows`` gives them), and how many there are: the first screen of
        a long list, read in a millisecond from the index on (deleted_at, direction, date)."""
        order = "DESC" if descending else "ASC"
        return self.folder.first_rows(
            "FROM referral WHERE deleted_at IS NULL AND direction = ?",
            f"date {order}, id",
            (direction.value,),
            limit,
            lambda ids: self.rows(direction, ids),
        )

    def ids_touched(self, touched: dict[str, frozenset[str] | set[str]]) -> set[int] | None:
        """The referrals whose rows (``rows``) a change to these records may have changed,
        given as Folder.touched gives them (UUIDs by table): the referrals themselves, and
        those naming a changed contact or group. None when a referral named is no longer in
        the folder (purged: which row it was went with it)."""
        from networking_folder.services.writes import chunked

        conn = self.folder.connection()
        referrals = touched.get("referral", ())
        ids = set(self.folder.ids_of("referral", referrals))
        if len(ids) < len(referrals):
            return None
        for table, columns in (
            ("contact", ("prospect_id", "recipient_id", "referrer_id")),
            ("networking_group", ("group_id",)),
        ):
            named = self.folder.ids_of(table, touched.get(table, ()))
            for column in columns if named else ():
                select = f"SELECT id FROM referral WHERE {column} IN"
                ids.update(i for (i,) in chunked(conn, select, named))
        return ids

    def get(self, referral_id: int) -> Referral:
        from networking_folder.store.records import ReferralRecord

        rec = ReferralRecord.get_by_id(referral_id)
        direction = Direction(rec.direction)
        partner = rec.recipient_id if direction is Direction.GIVEN else rec.referrer_id
        return Referral(
            direction=direction,
            partner_id=partner,
            prospect_id=rec.prospect_id,
            status=Status(rec.status),
            fee_kind=FeeKind(rec.fee_kind),
            group_id=rec.group_id,
            id=rec.id,
            **{name: getattr(rec, name) for name in _FIELDS},
        )

    def history(self, referral_id: int) -> list[StatusChange]:
        from networking_folder.store.records import StatusChangeRecord

        query = (
            StatusChangeRecord.select()
            .where(StatusChangeRecord.referral == referral_id)
            .order_by(StatusChangeRecord.at, StatusChangeRecord.id)
        )
        return [
            StatusChange(
                rec.at,
                Status(rec.from_status) if rec.from_status else None,
                Status(rec.to_status),
                rec.by,
                rec.note,
            )
            for rec in query
        ]

    def detail(self, referral_id: int) -> ReferralDetail | None:
        """Everything a referral's page shows, read in one go; None once it is deleted."""
        from networking_folder.store.records import NoteRecord

        rows = self.rows(ids=[referral_id])
        if not rows:
            return None
        row, referral = rows[0], self.get(referral_id)
        prospect = self.folder.contacts.get(referral.prospect_id)
        notes = [
            Note(rec.body, rec.contact_id, rec.referral_id, InteractionKind(rec.kind), rec.at, rec.id)
            for rec in NoteRecord.live()
            .where(NoteRecord.referral == referral_id)
            .order_by(NoteRecord.at.desc(), NoteRecord.id.desc())
        ]
        return ReferralDetail(
            referral=referral,
            row=row,
            prospect_phones=prospect.phones,
            prospect_emails=prospect.emails,
            history=self.history(referral_id),
            follow_ups=sorted(
                self.folder.follow_ups.rows(referral_id=referral_id), key=lambda f: (f.due, f.id)
            ),
            notes=notes,
        )

    def _columns(self, referral: Referral) -> dict:
        from networking_folder.store.records import ContactRecord

        referral = clean_referral(referral)
        if referral.status not in STATUSES_BY_DIRECTION[referral.direction]:
            raise ValidationError(
                "status",
                f"“{referral.status.label}” is not a status of a {referral.direction.value} referral.",
            )
        for field, contact_id in (
            ("partner", referral.partner_id),
            ("prospect", referral.prospect_id),
        ):
            if not ContactRecord.select().where(ContactRecord.id == contact_id).exists():
                raise ValidationError(field, "That contact no longer exists.")
        columns = {name: getattr(referral, name) for name in _FIELDS}
        columns.update(
            direction=referral.direction.value,
            referrer=referral.referrer_id,
            recipient=referral.recipient_id,
            prospect=referral.prospect_id,
            group=referral.group_id,
            status=referral.status.value,
            fee_kind=referral.fee_kind.value,
        )
        return columns

    def _add_new_contacts(self, referral: Referral, new_partner: str, new_prospect: str) -> None:
        """Contacts typed by name only in the referral's form are created with it."""
        if new_partner.strip():
            referral.partner_id = self.folder.contacts.create(
                Contact(name=new_partner, is_partner=True)
            )
        if new_prospect.strip():
            referral.prospect_id = self.folder.contacts.create(Contact(name=new_prospect))

    def create(self, referral: Referral, new_partner: str = "", new_prospect: str = "") -> int:
        """Save a new referral (and any new partner or prospect named only by a name); the
        rules make its follow-ups in the same transaction."""
        from networking_folder.services.folder import Change
        from networking_folder.store.records import ReferralRecord, StatusChangeRecord, now

        with self.folder.transaction(Change.REFERRALS, Change.CONTACTS, Change.FOLLOW_UPS):
            self._add_new_contacts(referral, new_partner, new_prospect)
            columns = self._columns(referral)
            writes = self.folder.writes
            made = writes.create(ReferralRecord, **columns)
            writes.create(
                StatusChangeRecord,
                referral=made,
                at=now(),
                from_status=None,
                to_status=columns["status"],
            )
            self.folder.rules.referral_created(made)
        return made

    def update(
        self,
        referral: Referral,
        note: str = "",
        new_partner: str = "",
        new_prospect: str = "",
        undo_of: int | None = None,
        on: dt.date | None = None,
    ) -> int | None:
        """Save an edited referral. A new status goes into its history and the rules act on
        it; returns the id of that status change (None when the status stayed). ``on``: the day
        the step happened, when it is recorded later (default today), so that the scorecards'
        days to first contact measure right.

        ``undo_of`` names a status change being undone: it leaves the history, the open
        follow-ups it made are withdrawn and the ones it closed reopen.
        """
        from networking_folder.services.folder import Change
        from networking_folder.store.records import (
            CompensationRecord,
            ReferralRecord,
            StatusChangeRecord,
            now,
        )

        note = clean_text("note", note, "The note")
        with self.folder.transaction(
            Change.REFERRALS, Change.FOLLOW_UPS, Change.CONTACTS, Change.REGISTER
        ):
            self._add_new_contacts(referral, new_partner, new_prospect)
            columns = self._columns(referral)
            old = ReferralRecord.get_or_none(
                ReferralRecord.id == referral.id, ReferralRecord.deleted_at.is_null()
            )
            if old is None:
                raise ValidationError(
                    "need", "This referral was deleted meanwhile; nothing was saved."
                )
            if old.direction != columns["direction"]:
                raise ValidationError(
                    "direction", "A referral cannot change from given to received."
                )
            writes = self.folder.writes
            writes.update(ReferralRecord, referral.id, **columns, updated_at=now())
            if old.referrer_id != columns["referrer"]:  # what was given for it goes along
                writes.update_where(
                    CompensationRecord,
                    CompensationRecord.referral == referral.id,
                    promoter=columns["referrer"],
                    updated_at=now(),
                )
            change_id = None
            if old.status != columns["status"]:
                undone = StatusChangeRecord.get_or_none(
                    StatusChangeRecord.id == undo_of, StatusChangeRecord.referral == referral.id
                )
                if undone is not None and undone.from_status == columns["status"]:
                    self.folder.rules.status_change_undone(undone.id)
                    writes.purge_where(StatusChangeRecord, StatusChangeRecord.id == undone.id)
                else:
                    _check_status_change(referral, note)
                    check_date("on", on, "The day it happened")
                    # (The form also keeps it to today or before; a folder kept on another
                    # clock, as the tests' is, may date it later.)
                    if on is not None and on < as_date(columns["date"]):
                        raise ValidationError(
                            "on",
                            "The step cannot have happened before the referral was made: "
                            "choose its day or a later one.",
                        )
                    at = now() if on is None else dt.datetime.combine(on, now().time())
                    change_id = writes.create(
                        StatusChangeRecord,
                        referral=referral.id,
                        at=at,
                        from_status=old.status,
                        to_status=columns["status"],
                        note=note,
                    )
            self.folder.rules.referral_updated(
                referral.id, as_date(old.date), Status(old.status), change_id,
                old.group_id, columns.get("group"),
            )  # fmt: skip
        return change_id

    def set_status(
        self,
        referral_id: int,
        status: Status,
        note: str = "",
        value_cents: int | None = None,
        on: dt.date | None = None,
    ) -> int | None:
        """Move a referral to ``status`` (closed business with its value; "not a fit" with why)
        as of ``on`` (default today); returns the status change, for undo."""
        referral = self.get(referral_id)
        if status is Status.CLOSED_BUSINESS:
            referral.value_cents = value_cents
        referral.status = status
        return self.update(referral, note=note.strip(), on=on)

    def delete(self, ids: Iterable[int]) -> int:
        from networking_folder.services.folder import Change
        from networking_folder.store.records import (
            CompensationRecord,
            FollowUpRecord,
            NoteRecord,
            ReferralRecord,
        )

        ids = list(ids)
        trash = self.folder.trash
        with self.folder.transaction(
            Change.REFERRALS, Change.FOLLOW_UPS, Change.NOTES, Change.REGISTER
        ):
            batch = trash.new_batch()
            trash.move(
                FollowUpRecord,
                [f.id for f in FollowUpRecord.live().where(FollowUpRecord.referral.in_(ids))],
                batch,
            )
            trash.move(
                NoteRecord,
                [n.id for n in NoteRecord.live().where(NoteRecord.referral.in_(ids))],
                batch,
            )
            trash.move(
                CompensationRecord,
                [c.id for c in CompensationRecord.live().where(CompensationRecord.referral.in_(ids))],
                batch,
            )
            trash.move(ReferralRecord, ids, batch)
        return batch
