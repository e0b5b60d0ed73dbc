"""The trash: deleted rows stay in the file until the user empties it.

Everything deleted by one action shares a batch number, so "Undo" (or "Restore") brings
back a contact together with the referrals and follow-ups that went with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from peewee import fn

from networking_folder.domain.validation import ValidationError
from networking_folder.store.records import (
    TRASHABLE,
    CompensationRecord,
    ContactRecord,
    FollowUpRecord,
    GroupRecord,
    MembershipRecord,
    NoteRecord,
    ReferralRecord,
    SoftDeleted,
    StatusChangeRecord,
    now,
)
from networking_folder.store.values import as_date

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

ALL_CHANGES = ("contacts", "groups", "referrals", "follow_ups", "notes")
RETENTION_KEY = "retention.years"
DEFAULT_RETENTION_YEARS = 5  # Rule 204-2's five years; 0 turns keeping off
MAX_RETENTION_YEARS = 50


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (Feb 29 becomes Feb 28 in a year without one)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_after(day: dt.date, years: int) -> dt.date:
    return years_before(day, -years)


@dataclass(frozen=True, slots=True)
class Held:
    """What stays in the trash when it is emptied: records inside the retention window."""

    referrals: int
    notes: int
    first_removable: dt.date | None  # the first day one of them can go
    years: int
    compensation: int = 0  # items of the promoter register

    @property
    def any(self) -> bool:
        return bool(self.referrals or self.notes or self.compensation)


@dataclass(frozen=True, slots=True)
class TrashBatch:
    batch: int
    deleted_at: str
    contacts: int
    referrals: int
    follow_ups: int
    notes: int
    groups: int
    summary: str  # e.g. the name of the contact that was deleted
    compensation: int = 0  # items of the promoter register


# What the retention window keeps in the trash (with the contacts and referrals they name).
_KEPT = (ReferralRecord, NoteRecord, CompensationRecord)


class TrashService:
    def __init__(self, folder: Folder) -> None:
        self.folder = folder

    def new_batch(self) -> int:
        """A number no row in the folder carries yet: the counter's next, or past the highest
        in the tables (a copy made by replaying the change log has rows but not the counter,
        which is bookkeeping and not logged)."""
        counter = self.folder.settings.next_sequence("trash_batch_seq")
        highest = max(
            self.folder.query(f"SELECT coalesce(max(trash_batch), 0) FROM {r._meta.table_name}")[0][0]
            for r in TRASHABLE
        )
        if counter > highest:
            return counter
        self.folder.settings._put("trash_batch_seq", highest + 1)
        return highest + 1

    def move(self, record: type[SoftDeleted], ids: Iterable[int], batch: int) -> int:
        """Soft-delete: each row's ``deleted_at`` is its tombstone (logged like any change)."""
        ids = list(ids)
        if not ids:
            return 0
        return self.folder.writes.update_where(
            record,
            record.id.in_(ids) & record.deleted_at.is_null(),
            deleted_at=now(),
            trash_batch=batch,
        )

    def restore(self, batch: int) -> None:
        """Bring back everything deleted together as ``batch``. The rows keep their batch
        number, so that undoing the restore (``discard``) trashes the same rows again."""
        from networking_folder.services.folder import Change

        with self.folder.transaction(*Change):
            for record in TRASHABLE:
                self.folder.writes.update_where(record, record.trash_batch == batch, deleted_at=None)

    def discard(self, batch: int) -> None:
        """Put back in the trash what ``restore(batch)`` brought out (its undo)."""
        from networking_folder.services.folder import Change

        with self.folder.transaction(*Change):
            for record in TRASHABLE:
                self.folder.writes.update_where(
                    record,
                    (record.trash_batch == batch) & record.deleted_at.is_null(),
                    deleted_at=now(),
                )

    def take_back(self, made: dict[str, list[int]]) -> int:
        """Move rows a use-case made (``Folder.made_by``) to the trash, as one batch: the undo
        of logging a note or an event. ``restore`` of the batch is its redo."""
        from networking_folder.services.folder import Change

        by_table = {record._meta.table_name: record for record in TRASHABLE}
        with self.folder.transaction(*Change):
            batch = self.new_batch()
            for table, ids in made.items():
                self.move(by_table[table], ids, batch)
            return batch

    def batches(self) -> list[TrashBatch]:
        sql = """
            SELECT b.trash_batch, max(b.deleted_at),
                   sum(b.t = 'c'), sum(b.t = 'r'), sum(b.t = 'f'), sum(b.t = 'n'), sum(b.t = 'g'),
                   group_concat(b.label, ', '), sum(b.t = 'p')
            FROM (
                SELECT trash_batch, deleted_at, 'c' AS t, name AS label FROM contact WHERE deleted_at IS NOT NULL
                UNION ALL SELECT trash_batch, deleted_at, 'r', NULL FROM referral WHERE deleted_at IS NOT NULL
                UNION ALL SELECT trash_batch, deleted_at, 'f', NULL FROM follow_up WHERE deleted_at IS NOT NULL
                UNION ALL SELECT trash_batch, deleted_at, 'n', NULL FROM note WHERE deleted_at IS NOT NULL
                UNION ALL SELECT trash_batch, deleted_at, 'g', name FROM networking_group WHERE deleted_at IS NOT NULL
                UNION ALL SELECT trash_batch, deleted_at, 'p', NULL FROM compensation WHERE deleted_at IS NOT NULL
            ) AS b GROUP BY b.trash_batch ORDER BY max(b.deleted_at) DESC, b.trash_batch DESC"""
        out = []
        for batch, at, c, r, f, n, g, labels, p in self.folder.query(sql):
            out.append(TrashBatch(batch, str(at), c, r, f, n, g, (labels or "")[:200], p))
        return out

    # -- keeping records (an adviser keeps them at least five years: SEC Rule 204-2) ---------
    def retention_years(self) -> int:
        """How many years after its last change a referral, a note or an item of the promoter
        register is kept (0: not kept)."""
        years = self.folder.settings.get(RETENTION_KEY, DEFAULT_RETENTION_YEARS)
        return years if isinstance(years, int) and 0 <= years <= MAX_RETENTION_YEARS else DEFAULT_RETENTION_YEARS

    def set_retention_years(self, years: int) -> None:
        if not isinstance(years, int) or not 0 <= years <= MAX_RETENTION_YEARS:
            raise ValidationError(
                "retention", f"Keep records for 0 to {MAX_RETENTION_YEARS} years (0: not kept)."
            )
        self.folder.settings.set(RETENTION_KEY, years)

    def _kept_after(self, today: dt.date) -> str | None:
        """Records last changed after this day (ISO) are inside the retention window."""
        years = self.retention_years()
        return years_before(today, years).isoformat() if years else None

    def held(self, today: dt.date | None = None) -> Held:
        """What emptying the trash would keep on ``today`` (inside the retention window)."""
        today = today or dt.date.today()
        after = self._kept_after(today)
        if after is None:
            return Held(0, 0, None, self.retention_years())
        counts = {}
        for record in _KEPT:
            (row,) = self.folder.query(
                f"SELECT count(*), min(date(updated_at)) FROM {record._meta.table_name}"
                " WHERE deleted_at IS NOT NULL AND date(updated_at) > ?",
                (after,),
            )
            counts[record] = row
        first = min((as_date(r[1]) for r in counts.values() if r[1]), default=None)
        until = years_after(first, self.retention_years()) if first else None
        return Held(
            counts[ReferralRecord][0],
            counts[NoteRecord][0],
            until,
            self.retention_years(),
            counts[CompensationRecord][0],
        )

    def empty(self, today: dt.date | None = None) -> int:
        """Delete for good what is in the trash; returns how many rows went.

        A contact still named by a referral or a note that is not in the trash stays in the
        trash (the referral needs it); it goes when that referral does. Inside the retention
        window (``retention_years`` after a record's last change, counted on ``today``),
        referrals, notes and compensation items stay in the trash, and with them the contacts
        and referrals they name.
        """
        from networking_folder.services.folder import Change

        after = self._kept_after(today or dt.date.today())

        def gone_now(record):
            gone = record.deleted_at.is_null(False)
            if record is ReferralRecord:  # (a note or an item kept keeps its referral)
                noted = NoteRecord.select(NoteRecord.referral).where(NoteRecord.referral.is_null(False))
                paid = CompensationRecord.select(CompensationRecord.referral).where(
                    CompensationRecord.referral.is_null(False)
                )
                gone &= ReferralRecord.id.not_in(noted) & ReferralRecord.id.not_in(paid)
            if after is None or record not in _KEPT:
                return gone
            return gone & (fn.date(record.updated_at) <= after)

        removed = 0
        purge = self.folder.writes.purge_where
        with self.folder.transaction(*Change):
            for record in (FollowUpRecord, NoteRecord, CompensationRecord):
                removed += purge(record, gone_now(record))
            # A referral's status history goes with it (logged, not by ON DELETE CASCADE).
            trashed = ReferralRecord.select(ReferralRecord.id).where(gone_now(ReferralRecord))
            purge(StatusChangeRecord, StatusChangeRecord.referral.in_(trashed))
            removed += purge(ReferralRecord, gone_now(ReferralRecord))
            still_named = (
                NoteRecord.select(NoteRecord.contact).where(NoteRecord.contact.is_null(False))
                .union(CompensationRecord.select(CompensationRecord.promoter))
                .union(ReferralRecord.select(ReferralRecord.prospect))
                .union(
                    ReferralRecord.select(ReferralRecord.referrer).where(
                        ReferralRecord.referrer.is_null(False)
                    )
                )
                .union(
                    ReferralRecord.select(ReferralRecord.recipient).where(
                        ReferralRecord.recipient.is_null(False)
                    )
                )
            )
            gone = ContactRecord.deleted_at.is_null(False) & ContactRecord.id.not_in(still_named)
            # A contact's memberships go with it (the schema's ON DELETE CASCADE would take
            # them unlogged).
            purge(
                MembershipRecord,
                MembershipRecord.contact.in_(ContactRecord.select(ContactRecord.id).where(gone)),
            )
            removed += purge(ContactRecord, gone)
            purge(
                MembershipRecord,
                MembershipRecord.group.in_(
                    GroupRecord.select(GroupRecord.id).where(GroupRecord.deleted_at.is_null(False))
                ),
            )
            removed += purge(GroupRecord, GroupRecord.deleted_at.is_null(False))
        return removed
