"""Follow-ups: dated things to do about a contact or a referral."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from networking_folder.domain.model import (
    Contact,
    FollowUp,
    FollowUpKind,
    FollowUpRow,
    FollowUpState,
)
from networking_folder.domain.validation import ValidationError, check_date, clean_text
from networking_folder.store.values import as_date, as_datetime

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

_ROWS_SQL = """
    SELECT f.id, f.due, f.title, f.kind, coalesce(c.name, prospect.name, ''), coalesce(f.contact_id, r.prospect_id),
           f.referral_id,
           CASE WHEN r.id IS NULL THEN ''
                ELSE (CASE r.direction WHEN 'given' THEN 'Given: ' ELSE 'Received: ' END)
                     || prospect.name || CASE WHEN r.need <> '' THEN ' — ' || r.need ELSE '' END END,
           f.state, f.rule, f.reason, f.completed_at, f.place
    FROM follow_up f
    LEFT JOIN contact c ON c.id = f.contact_id
    LEFT JOIN referral r ON r.id = f.referral_id
    LEFT JOIN contact prospect ON prospect.id = r.prospect_id
    WHERE f.deleted_at IS NULL"""


class FollowUpService:
    def __init__(self, folder: Folder) -> None:
        self.folder = folder

    def rows(
        self,
        ids: Iterable[int] | None = None,
        open_due_by: dt.date | None = None,
        referral_id: int | None = None,
        limit: int | None = None,
    ) -> list[FollowUpRow]:
        sql, params = _ROWS_SQL, []
        if ids is not None:
            ids = list(ids)
            sql += f" AND f.id IN ({','.join('?' * len(ids))})"
            params = ids
        if referral_id is not None:
            sql += " AND f.referral_id = ?"
            params.append(referral_id)
        if open_due_by is not None:
            sql += " AND f.state = 'open' AND f.due <= ?"
            params.append(open_due_by.isoformat())
        if limit is not None:
            sql += " ORDER BY f.due, f.id LIMIT ?"
            params.append(limit)
        else:  # (a sort keeps this order among equal keys: ``first_open_by_due`` counts on it)
            sql += " ORDER BY f.id"
        kinds = {k.value: k for k in FollowUpKind}
        states = {s.value: s for s in FollowUpState}
        # One object for each name, label, reason and day however many rows repeat it (the
        # rules' follow-ups repeat their reasons; a referral's name its follow-ups').
        share, days = {}.setdefault, {}
        return [
            FollowUpRow(
                i,
                days.get(du) or days.setdefault(du, as_date(du)),
                ti,
                kinds.get(ki, FollowUpKind.CUSTOM),
                share(co, co),
                ci,
                ri,
                share(re, re),
                states[st],
                ru,
                share(rs, rs),
                as_datetime(ca),
                share(pl, pl),
            )
            for i, du, ti, ki, co, ci, ri, re, st, ru, rs, ca, pl in self.folder.query_each(
                sql, params
            )
        ]

    def first_open_by_due(
        self, limit: int, descending: bool = False
    ) -> tuple[list[FollowUpRow], int]:
        """The first ``limit`` open follow-ups by due day, exactly as the list sorts all of
        them (equal days as ``rows`` gives them), and how many are open: the first screen of
        a long list, read in a millisecond from the index on (deleted_at, state, due)."""
        order = "DESC" if descending else "ASC"
        return self.folder.first_rows(
            "FROM follow_up WHERE deleted_at IS NULL AND state = 'open'",
            f"due {order}, id",
            (),
            limit,
            self.rows,
        )

    def ids_touched(self, touched: dict[str, frozenset[str] | set[str]]) -> set[int] | None:
        """The follow-ups whose rows (``rows``) a change to these records may have changed,
        given as Folder.touched gives them (UUIDs by table): the follow-ups themselves, those
        about a changed contact, and those of a changed referral or of a referral about a
        changed prospect (the row names them). None when a follow-up, contact or referral
        named is no longer in the folder (purged: which rows it was in went with it)."""
        from networking_folder.services.writes import chunked

        conn = self.folder.connection()
        ids: set[int] = set()
        found: dict[str, list[int]] = {}
        for table in ("follow_up", "contact", "referral"):
            uuids = touched.get(table, ())
            found[table] = self.folder.ids_of(table, uuids)
            if len(found[table]) < len(uuids):
                return None
        ids.update(found["follow_up"])
        contacts, referrals = found["contact"], found["referral"]
        if contacts:
            ids.update(i for (i,) in chunked(conn, "SELECT id FROM follow_up WHERE contact_id IN", contacts))
            about = "SELECT id FROM referral WHERE prospect_id IN"
            referrals = sorted({*referrals, *(i for (i,) in chunked(conn, about, contacts))})
        if referrals:
            ids.update(i for (i,) in chunked(conn, "SELECT id FROM follow_up WHERE referral_id IN", referrals))
        return ids

    def due_by(self, day: dt.date) -> list[FollowUpRow]:
        """Open follow-ups due on or before ``day``, the most overdue first."""
        return sorted(self.rows(open_due_by=day), key=lambda r: (r.due, r.id))

    def first_due(self, day: dt.date, limit: int) -> tuple[list[FollowUpRow], int, int]:
        """The ``limit`` most overdue of the open follow-ups due by ``day``, how many are due
        in all and how many of them are late (the index on state and due: no row is read
        beyond those shown)."""
        ((due, late),) = self.folder.query(
            """SELECT count(*), coalesce(sum(due < ?), 0) FROM follow_up
               WHERE deleted_at IS NULL AND state = 'open' AND due <= ?""",
            (day.isoformat(), day.isoformat()),
        )
        return self.rows(open_due_by=day, limit=limit), due, late

    def get(self, follow_up_id: int) -> FollowUp:
        from networking_folder.store.records import FollowUpRecord

        rec = FollowUpRecord.get_by_id(follow_up_id)
        return FollowUp(
            title=rec.title,
            due=rec.due,
            contact_id=rec.contact_id,
            referral_id=rec.referral_id,
            kind=FollowUpKind(rec.kind),
            state=FollowUpState(rec.state),
            rule=rec.rule,
            reason=rec.reason,
            outcome=rec.outcome,
            completed_at=rec.completed_at,
            id=rec.id,
            place=rec.place,
        )

    @staticmethod
    def _columns(follow_up: FollowUp) -> dict:
        title = clean_text("title", follow_up.title, "What is to be done", one_line=True)
        if not title:
            raise ValidationError("title", "Say what is to be done.")
        if follow_up.due is None:
            raise ValidationError("due", "A follow-up needs a due date.")
        check_date("due", follow_up.due, "The due date")
        return {
            "title": title,
            "due": follow_up.due,
            "contact": follow_up.contact_id,
            "referral": follow_up.referral_id,
            "kind": follow_up.kind.value,
            "state": follow_up.state.value,
            "rule": follow_up.rule,
            "reason": clean_text("reason", follow_up.reason, "The notes"),
            "outcome": clean_text("outcome", follow_up.outcome, "How it went"),
            "completed_at": follow_up.completed_at,
            "place": clean_text("place", follow_up.place, "Where", one_line=True),
        }

    def _add_new_contact(self, follow_up: FollowUp, new_contact: str) -> None:
        if new_contact.strip():
            follow_up.contact_id = self.folder.contacts.create(Contact(name=new_contact))

    def create(self, follow_up: FollowUp, new_contact: str = "") -> int:
        """Save a new follow-up (and the contact it is about, when named only by a name)."""
        from networking_folder.services.folder import Change
        from networking_folder.store.records import FollowUpRecord

        columns = self._columns(follow_up)
        with self.folder.transaction(Change.FOLLOW_UPS, Change.CONTACTS):
            self._add_new_contact(follow_up, new_contact)
            columns["contact"] = follow_up.contact_id
            return self.folder.writes.create(FollowUpRecord, **columns)

    def update(self, follow_up: FollowUp, new_contact: str = "") -> None:
        from networking_folder.services.folder import Change
        from networking_folder.store.records import FollowUpRecord, now

        columns = self._columns(follow_up)
        with self.folder.transaction(Change.FOLLOW_UPS, Change.CONTACTS):
            self._add_new_contact(follow_up, new_contact)
            columns["contact"] = follow_up.contact_id
            self.folder.writes.update(FollowUpRecord, follow_up.id, **columns, updated_at=now())

    def complete(self, ids: int | Iterable[int], outcome: str = "") -> None:
        """Mark open follow-ups done, with an optional note of how it went."""
        from networking_folder.services.folder import Change
        from networking_folder.store.records import FollowUpRecord, now

        ids = [ids] if isinstance(ids, int) else list(ids)
        outcome = clean_text("outcome", outcome, "How it went").strip()
        with self.folder.transaction(Change.FOLLOW_UPS):
            records = list(
                FollowUpRecord.select().where(
                    FollowUpRecord.id.in_(ids), FollowUpRecord.state == FollowUpState.OPEN.value
                )
            )
            self.folder.writes.each(
                FollowUpRecord,
                [r.id for r in records],
                state=FollowUpState.DONE.value,
                outcome=outcome,
                completed_at=now(),
                updated_at=now(),
            )
            self.folder.rules.follow_ups_completed(records, dt.date.today())

    def reschedule(self, ids: int | Iterable[int], due: dt.date) -> dict[int, dt.date]:
        """Move open follow-ups to ``due`` (snooze or reschedule); returns their old dates, for undo."""
        from networking_folder.services.folder import Change
        from networking_folder.store.records import FollowUpRecord, now

        ids = [ids] if isinstance(ids, int) else list(ids)
        if due is None:
            raise ValidationError("due", "Choose the new date.")
        check_date("due", due, "The new date")
        with self.folder.transaction(Change.FOLLOW_UPS):
            query = FollowUpRecord.select().where(
                FollowUpRecord.id.in_(ids), FollowUpRecord.state == FollowUpState.OPEN.value
            )
            old = {r.id: as_date(r.due) for r in query}
            self.folder.writes.each(FollowUpRecord, list(old), due=due, updated_at=now())
        return old

    def restore_dates(self, dates: dict[int, dt.date]) -> None:
        """Undo of ``reschedule``."""
        from networking_folder.services.folder import Change
        from networking_folder.store.records import FollowUpRecord, now

        with self.folder.transaction(Change.FOLLOW_UPS):
            for follow_up_id, due in dates.items():
                self.folder.writes.update(FollowUpRecord, follow_up_id, due=due, updated_at=now())

    def cancel(self, ids: int | Iterable[int], reason: str = "") -> None:
        """Decide not to do them: they stay in the folder, cancelled, with why."""
        from networking_folder.services.folder import Change
        from networking_folder.store.records import FollowUpRecord, now

        ids = [ids] if isinstance(ids, int) else list(ids)
        reason = clean_text("outcome", reason, "Why").strip()
        with self.folder.transaction(Change.FOLLOW_UPS):
            self.folder.writes.update_where(
                FollowUpRecord,
                FollowUpRecord.id.in_(ids) & (FollowUpRecord.state == FollowUpState.OPEN.value),
                state=FollowUpState.CANCELLED.value,
                outcome=reason,
                completed_at=now(),
                updated_at=now(),
            )

    def reopen(self, ids: int | Iterable[int]) -> None:
        """Undo of ``complete``: the follow-ups are open again (and what completing made goes)."""
        from networking_folder.services.folder import Change
        from networking_folder.store.records import FollowUpRecord, now

        ids = [ids] if isinstance(ids, int) else list(ids)
        with self.folder.transaction(Change.FOLLOW_UPS):
            records = list(FollowUpRecord.select().where(FollowUpRecord.id.in_(ids)))
            self.folder.writes.each(
                FollowUpRecord,
                ids,
                state=FollowUpState.OPEN.value,
                outcome="",
                completed_at=None,
                updated_at=now(),
            )
            self.folder.rules.follow_ups_reopened(records)

    NO_ONE_ELSE = "No one else"

    def answer_also_given(self, follow_up_id: int, answer: str) -> str:
        """R10 answered: mark the question done and put the referrer's answer in the
        referral's "also given to" (empty: no one else), in one step; returns what "also
        given to" said before, for undo."""
        from networking_folder.services.folder import Change
        from networking_folder.store.records import FollowUpRecord, ReferralRecord, now

        answer = clean_text("answer", answer, "Also given to", one_line=True).strip()
        with self.folder.transaction(Change.FOLLOW_UPS, Change.REFERRALS, Change.CONTACTS):
            record = FollowUpRecord.get_or_none(
                FollowUpRecord.id == follow_up_id,
                FollowUpRecord.deleted_at.is_null(),
                FollowUpRecord.state == FollowUpState.OPEN.value,
            )
            referral = record and ReferralRecord.get_or_none(
                ReferralRecord.id == record.referral_id, ReferralRecord.deleted_at.is_null()
            )
            if referral is None:
                raise ValidationError(
                    "answer", "This question is no longer open (or its referral was deleted)."
                )
            before = referral.also_given_to
            kept = answer or self.NO_ONE_ELSE
            self.folder.writes.update(
                ReferralRecord, record.referral_id, also_given_to=kept, updated_at=now()
            )
            self.complete(follow_up_id, f"Also given to: {kept}")  # (asking was a touch)
        return before

    def unanswer_also_given(self, follow_up_id: int, before: str) -> None:
        """Undo of ``answer_also_given``."""
        from networking_folder.services.folder import Change
        from networking_folder.store.records import FollowUpRecord, ReferralRecord, now

        record = FollowUpRecord.get_by_id(follow_up_id)
        with self.folder.transaction(Change.FOLLOW_UPS, Change.REFERRALS):
            self.folder.writes.update(
                ReferralRecord, record.referral_id, also_given_to=before, updated_at=now()
            )
            self.reopen(follow_up_id)

    def delete(self, ids: Iterable[int]) -> int:
        from networking_folder.services.folder import Change
        from networking_folder.store.records import FollowUpRecord

        with self.folder.transaction(Change.FOLLOW_UPS):
            batch = self.folder.trash.new_batch()
            self.folder.trash.move(FollowUpRecord, list(ids), batch)
        return batch
