"""Contacts: the people in the folder."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from networking_folder.domain.model import (
    Contact,
    ContactRow,
    ContactSummary,
    InteractionKind,
    Status,
    Timeline,
    TimelineEntry,
)
from networking_folder.domain.validation import ValidationError, clean_contact
from networking_folder.store.values import as_date, as_datetime

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

_FIELDS = (
    "name", "company", "profession", "address", "website", "linkedin", "is_partner",
    "how_met", "met_on", "rapport", "ideal_referral", "cadence_days", "notes", "ask",
    "ask_set_on",
)  # fmt: skip

_ROWS_SQL = """
    SELECT c.id, c.name, c.company, c.profession,
           coalesce(json_extract(c.phones, '$[0]'), ''), coalesce(json_extract(c.emails, '$[0]'), ''),
           coalesce((SELECT group_concat(g.name, ', ') FROM membership m
                     JOIN networking_group g ON g.id = m.group_id AND g.deleted_at IS NULL
                     WHERE m.contact_id = c.id), ''),
           c.is_partner, c.rapport, c.updated_at
    FROM contact c WHERE c.deleted_at IS NULL"""


@dataclass(frozen=True, slots=True)
class ContactChoice:
    """A contact as a picker shows it."""

    id: int
    name: str
    company: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.company})" if self.company else self.name


@dataclass(frozen=True, slots=True)
class DeleteImpact:
    referrals: int
    follow_ups: int
    notes: int
    compensation: int = 0  # items of the promoter register


class ContactService:
    def __init__(self, folder: Folder) -> None:
        self.folder = folder

    # -- reading -------------------------------------------------------------------
    def rows(self, ids: Iterable[int] | None = None) -> list[ContactRow]:
        """The list's rows, by name then id (a sort keeps that order among equal keys:
        ``first_by_name`` counts on it)."""
        sql, params = _ROWS_SQL, []
        if ids is not None:
            ids = list(ids)
            sql += f" AND c.id IN ({','.join('?' * len(ids))})"
            params = ids
        sql += " ORDER BY c.name, c.id"  # (the index's order: nothing to sort)
        return [
            ContactRow(i, n, co, pr, ph, em, gr, bool(pa), ra, as_datetime(up))
            for i, n, co, pr, ph, em, gr, pa, ra, up in self.folder.query(sql, params)
        ]

    def first_by_name(self, limit: int, descending: bool = False) -> tuple[list[ContactRow], int]:
        """The first ``limit`` rows of the list sorted by name, exactly as the list sorts all
        of them (by ``sort_key`` of the name; equal keys as ``rows`` gives them), and how many
        contacts there are: the first screen of a long list, read in a few milliseconds."""
        from networking_folder.domain.text import sort_key

        # SQLite compares the keys' UTF-8 bytes, which order as Python compares the strings.
        self.folder.connection().create_function("sort_key", 1, sort_key, deterministic=True)
        order = "DESC" if descending else "ASC"
        return self.folder.first_rows(
            "FROM contact WHERE deleted_at IS NULL",
            f"sort_key(name) {order}, name, id",
            (),
            limit,
            self.rows,
        )

    def ids_touched(self, touched: dict[str, frozenset[str] | set[str]]) -> set[int] | None:
        """The contacts whose rows (``rows``) a change to these records may have changed,
        given as Folder.touched gives them (UUIDs by table): the contacts themselves, those
        whose groups changed (a membership, a group's name). None when a contact or a
        membership named is no longer in the folder (purged: which row it was went with it)."""
        from networking_folder.services.writes import chunked

        conn = self.folder.connection()
        contacts = touched.get("contact", ())
        ids = set(self.folder.ids_of("contact", contacts))
        memberships = sorted(touched.get("membership", ()))
        found = chunked(conn, "SELECT contact_id FROM membership WHERE uuid IN", memberships)
        if len(ids) < len(contacts) or len(found) < len(memberships):
            return None
        ids.update(i for (i,) in found)
        named = self.folder.ids_of("networking_group", touched.get("networking_group", ()))
        select = "SELECT contact_id FROM membership WHERE group_id IN"
        ids.update(i for (i,) in chunked(conn, select, named))
        return ids

    def get(self, contact_id: int) -> Contact:
        from networking_folder.store.records import ContactRecord, MembershipRecord

        rec = ContactRecord.get_by_id(contact_id)
        group_ids = [
            m.group_id
            for m in MembershipRecord.select(MembershipRecord.group).where(
                MembershipRecord.contact == contact_id
            )
        ]
        return Contact(
            **{name: getattr(rec, name) for name in _FIELDS},
            phones=json.loads(rec.phones),
            emails=json.loads(rec.emails),
            tags=json.loads(rec.tags),
            sources=[tuple(pair) for pair in json.loads(rec.sources)],
            group_ids=sorted(group_ids),
            id=rec.id,
        )

    def timeline(self, contact_id: int) -> Timeline:
        """Everything about one person, newest first: notes, referrals, follow-ups."""
        entries: list[TimelineEntry] = []
        kinds = {k.value: k for k in InteractionKind}
        for note_id, kind, at, body in self.folder.query(
            "SELECT id, kind, at, body FROM note WHERE contact_id = ? AND deleted_at IS NULL",
            (contact_id,),
        ):
            first = next((line for line in body.splitlines() if line.strip()), "")
            entries.append(
                TimelineEntry("note", note_id, as_datetime(at), kinds[kind].label, first[:200])
            )
        sql = """SELECT r.id, r.date, r.direction, r.status, r.need, prospect.name, partner.id, partner.name
                 FROM referral r JOIN contact prospect ON prospect.id = r.prospect_id
                 JOIN contact partner ON partner.id = coalesce(r.recipient_id, r.referrer_id)
                 WHERE r.deleted_at IS NULL AND (r.prospect_id = ? OR r.referrer_id = ? OR r.recipient_id = ?)"""
        given = received = 0
        statuses = {s.value: s for s in Status}
        for (
            rid,
            date,
            direction,
            status,
            need,
            pname,
            partner_id,
            partner,
        ) in self.folder.query(sql, (contact_id,) * 3):
            if partner_id == contact_id:
                if direction == "given":
                    given += 1
                    title = f"You referred {pname} to them"
                else:
                    received += 1
                    title = f"They referred {pname} to you"
            else:
                title = (
                    f"Referred to {partner}"
                    if direction == "given"
                    else f"Referred to you by {partner}"
                )
            when = dt.datetime.combine(as_date(date), dt.time(0))
            detail = " · ".join(part for part in (need, statuses[status].label) if part)
            entries.append(TimelineEntry("referral", rid, when, title, detail))
        for fid, title, due, state, completed_at in self.folder.query(
            "SELECT id, title, due, state, completed_at FROM follow_up WHERE contact_id = ? AND deleted_at IS NULL",
            (contact_id,),
        ):
            if completed_at:
                when, word = (
                    as_datetime(completed_at),
                    "Done" if state == "done" else "Cancelled",
                )
            else:
                when, word = dt.datetime.combine(as_date(due), dt.time(0)), "Due"
            entries.append(TimelineEntry("follow_up", fid, when, f"Follow-up: {title}", word))
        entries.sort(key=lambda e: (e.when, e.kind, e.id), reverse=True)
        touches = [e.when.date() for e in entries if e.kind in ("note", "referral")]
        touches += [e.when.date() for e in entries if e.kind == "follow_up" and e.detail == "Done"]
        return Timeline(entries, given, received, max(touches) if touches else None)

    def summary(self, contact_id: int) -> ContactSummary:
        """A contact's page: referrals each way with the business they closed, the last
        touch, the next open follow-up, their groups, and the timeline with notes in full."""
        timeline = self.timeline(contact_id)
        closed = {
            direction: (number, value)
            for direction, number, value in self.folder.query(
                """SELECT direction, count(*), coalesce(sum(value_cents), 0) FROM referral
                   WHERE (recipient_id = ? OR referrer_id = ?) AND +deleted_at IS NULL
                     AND +status = 'closed_business' GROUP BY direction""",
                (contact_id, contact_id),
            )
        }
        g_closed, g_value = closed.get("given", (0, 0))
        r_closed, r_value = closed.get("received", (0, 0))
        due = self.folder.query(  # through the contact's index, not every open follow-up
            """SELECT due, title FROM follow_up WHERE contact_id = ? AND +deleted_at IS NULL
               AND +state = 'open' ORDER BY due, id LIMIT 1""",
            (contact_id,),
        )
        groups = self.folder.query(
            """SELECT g.name FROM membership m JOIN networking_group g ON g.id = m.group_id
               WHERE m.contact_id = ? AND g.deleted_at IS NULL ORDER BY g.name COLLATE NOCASE""",
            (contact_id,),
        )
        notes = self.folder.query(
            "SELECT id, body FROM note WHERE contact_id = ? AND deleted_at IS NULL", (contact_id,)
        )
        return ContactSummary(
            given=timeline.given,
            given_closed=g_closed,
            given_value_cents=g_value,
            received=timeline.received,
            received_closed=r_closed,
            received_value_cents=r_value,
            last_touch=timeline.last_touch,
            next_due=as_date(due[0][0]) if due else None,
            next_title=due[0][1] if due else "",
            groups=[name for (name,) in groups],
            timeline=timeline,
            notes=dict(notes),
        )

    def choices(self) -> list[ContactChoice]:
        """Every live contact, by name, for type-ahead pickers."""
        sql = "SELECT id, name, company FROM contact WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE"
        return [ContactChoice(*row) for row in self.folder.query(sql)]

    def find_by_name(self, name: str) -> list[ContactChoice]:
        sql = (
            "SELECT id, name, company FROM contact WHERE deleted_at IS NULL "
            "AND name = ? COLLATE NOCASE ORDER BY id"
        )
        return [ContactChoice(*row) for row in self.folder.query(sql, (" ".join(name.split()),))]

    # -- writing -------------------------------------------------------------------
    def create(self, contact: Contact) -> int:
        from networking_folder.services.folder import Change
        from networking_folder.store.records import ContactRecord

        contact = clean_contact(contact)
        if contact.ask and contact.ask_set_on is None:
            contact.ask_set_on = dt.date.today()
        with self.folder.transaction(Change.CONTACTS):
            made = self.folder.writes.create(ContactRecord, **self._columns(contact))
            self._set_groups(made, contact.group_ids)
        return made

    def create_quick(self, name: str) -> int:
        """A new contact from just a name (typed into a referral's picker)."""
        return self.create(Contact(name=name))

    def update(self, contact: Contact) -> None:
        from networking_folder.services.folder import Change
        from networking_folder.store.records import ContactRecord, now

        if contact.id is None:
            raise ValueError("update() needs a saved contact")
        stored = self.folder.query("SELECT phones FROM contact WHERE id = ?", (contact.id,))
        contact = clean_contact(contact, stored_phones=json.loads(stored[0][0]) if stored else ())
        with self.folder.transaction(Change.CONTACTS, Change.REFERRALS, Change.FOLLOW_UPS):
            for old_ask, old_day in self.folder.query(
                "SELECT ask, ask_set_on FROM contact WHERE id = ?", (contact.id,)
            ):
                if contact.ask == old_ask:
                    continue
                # A new ask is dated today, unless the caller gave it a day of its own.
                if not contact.ask:
                    contact.ask_set_on = None
                elif contact.ask_set_on is None or contact.ask_set_on == as_date(old_day):
                    contact.ask_set_on = dt.date.today()
            columns = self._columns(contact)
            del columns["sources"]  # kept by imports and merges, not by the form
            updated = self.folder.writes.update_where(
                ContactRecord,
                (ContactRecord.id == contact.id) & ContactRecord.deleted_at.is_null(),
                **columns,
                updated_at=now(),
            )
            if not updated:
                raise ValidationError(
                    "name", "This contact was deleted meanwhile; nothing was saved."
                )
            self._set_groups(contact.id, contact.group_ids)

    def delete_impact(self, ids: Iterable[int]) -> DeleteImpact:
        from networking_folder.store.records import CompensationRecord, FollowUpRecord, NoteRecord

        ids = list(ids)
        refs = self._referral_ids(ids)
        follow_ups = (
            FollowUpRecord.live()
            .where((FollowUpRecord.contact.in_(ids)) | (FollowUpRecord.referral.in_(refs)))
            .count()
        )
        notes = NoteRecord.live().where(NoteRecord.contact.in_(ids)).count()
        items = (
            CompensationRecord.live()
            .where(CompensationRecord.promoter.in_(ids) | CompensationRecord.referral.in_(refs))
            .count()
        )
        return DeleteImpact(len(refs), follow_ups, notes, items)

    def delete(self, ids: Iterable[int]) -> int:
        """Move contacts to the trash with their referrals, follow-ups and notes; returns the
        trash batch, which ``folder.trash.restore`` brings back whole."""
        from networking_folder.services.folder import Change
        from networking_folder.store.records import (
            CompensationRecord,
            ContactRecord,
            FollowUpRecord,
            NoteRecord,
            ReferralRecord,
        )

        ids = list(ids)
        trash = self.folder.trash
        with self.folder.transaction(*Change):
            batch = trash.new_batch()
            refs = self._referral_ids(ids)
            for record, person in (  # what names them, or one of their referrals
                (FollowUpRecord, FollowUpRecord.contact),
                (NoteRecord, NoteRecord.contact),
                (CompensationRecord, CompensationRecord.promoter),
            ):
                named = record.live().where(person.in_(ids) | record.referral.in_(refs))
                trash.move(record, [r.id for r in named], batch)
            trash.move(ReferralRecord, refs, batch)
            trash.move(ContactRecord, ids, batch)
        return batch

    # -- helpers -------------------------------------------------------------------
    @staticmethod
    def _referral_ids(contact_ids: list[int]) -> list[int]:
        from networking_folder.store.records import ReferralRecord

        r = ReferralRecord
        query = (
            r.live()
            .select(r.id)
            .where(
                r.prospect.in_(contact_ids)
                | r.referrer.in_(contact_ids)
                | r.recipient.in_(contact_ids)
            )
        )
        return [row.id for row in query]

    @staticmethod
    def _columns(contact: Contact) -> dict:
        columns = {name: getattr(contact, name) for name in _FIELDS}
        columns.update(
            phones=json.dumps(contact.phones, ensure_ascii=False),
            emails=json.dumps(contact.emails, ensure_ascii=False),
            tags=json.dumps(contact.tags, ensure_ascii=False),
            sources=json.dumps([list(pair) for pair in contact.sources], ensure_ascii=False),
        )
        return columns

    def _set_groups(self, contact_id: int, group_ids: list[int]) -> None:
        from networking_folder.store.records import GroupRecord, MembershipRecord

        wanted = set(group_ids)
        known = {
            g.id for g in GroupRecord.select(GroupRecord.id).where(GroupRecord.id.in_(list(wanted)))
        }
        if wanted - known:
            raise ValidationError("groups", "One of the chosen groups no longer exists.")
        writes = self.folder.writes
        writes.purge_where(
            MembershipRecord,
            (MembershipRecord.contact == contact_id) & MembershipRecord.group.not_in(list(wanted)),
        )
        member_of = {
            m.group_id
            for m in MembershipRecord.select(MembershipRecord.group).where(
                MembershipRecord.contact == contact_id
            )
        }
        for group_id in sorted(wanted - member_of):
            writes.create(MembershipRecord, contact=contact_id, group=group_id)
