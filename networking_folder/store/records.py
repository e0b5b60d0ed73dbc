"""Peewee records over the tables made by ``migrations``. Only ``services`` use them.

They are bound to the open folder's database by ``bind``; nothing outside the store and
the services ever holds one (views get the dataclasses of ``domain.model``).
"""

from __future__ import annotations

import datetime as dt

import peewee as pw

from networking_folder.store.identity import new_uuid


class Record(pw.Model):
    # The record's name in every copy of the folder (version 5); row ids are this file's own.
    uuid = pw.TextField(default=new_uuid, unique=True)

    class Meta:
        database = None  # bound to the open folder by bind()
        legacy_table_names = False


class SoftDeleted(Record):
    deleted_at = pw.DateTimeField(null=True)
    trash_batch = pw.IntegerField(null=True)

    @classmethod
    def live(cls):
        return cls.select().where(cls.deleted_at.is_null())


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class ContactRecord(SoftDeleted):
    name = pw.TextField()
    company = pw.TextField(default="")
    profession = pw.TextField(default="")
    phones = pw.TextField(default="[]")  # JSON list
    emails = pw.TextField(default="[]")  # JSON list
    address = pw.TextField(default="")
    website = pw.TextField(default="")
    linkedin = pw.TextField(default="")
    is_partner = pw.BooleanField(default=False)
    how_met = pw.TextField(default="")
    met_on = pw.DateField(null=True)
    rapport = pw.IntegerField(null=True)
    ideal_referral = pw.TextField(default="")
    cadence_days = pw.IntegerField(null=True)
    tags = pw.TextField(default="[]")  # JSON list
    notes = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)
    ask = pw.TextField(default="")  # version 6: a partner's current ask
    ask_set_on = pw.DateField(null=True)  # the day it was set
    sources = pw.TextField(default="[]")  # version 8: JSON [[source, key], ...] of imports
    # version 9, the promoter register: your client or not (None: not recorded), and the
    # written agreement on file (its day, where it is kept)
    is_client = pw.BooleanField(null=True)
    agreement_on = pw.DateField(null=True)
    agreement_kept_at = pw.TextField(default="")

    class Meta:
        table_name = "contact"


class GroupRecord(SoftDeleted):
    name = pw.TextField(unique=True)
    meeting_weekday = pw.IntegerField(null=True)
    meeting_time = pw.TextField(null=True)  # "HH:MM"
    location = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)
    meets_on_holidays = pw.BooleanField(default=False)  # version 4

    class Meta:
        table_name = "networking_group"


class MembershipRecord(Record):
    contact = pw.ForeignKeyField(ContactRecord, column_name="contact_id", on_delete="CASCADE")
    group = pw.ForeignKeyField(GroupRecord, column_name="group_id", on_delete="CASCADE")

    class Meta:
        table_name = "membership"


class ReferralRecord(SoftDeleted):
    date = pw.DateField()
    direction = pw.TextField()
    referrer = pw.ForeignKeyField(ContactRecord, column_name="referrer_id", null=True)
    recipient = pw.ForeignKeyField(ContactRecord, column_name="recipient_id", null=True)
    prospect = pw.ForeignKeyField(ContactRecord, column_name="prospect_id")
    group = pw.ForeignKeyField(GroupRecord, column_name="group_id", null=True)
    need = pw.TextField(default="")
    is_lead = pw.BooleanField(default=False)
    warmth = pw.IntegerField(default=3)
    best_time_to_call = pw.TextField(default="")
    budget = pw.TextField(default="")
    urgency = pw.TextField(default="")
    learned = pw.TextField(default="")
    also_given_to = pw.TextField(default="")
    status = pw.TextField()
    value_cents = pw.IntegerField(null=True)
    fee_kind = pw.TextField(default="none")
    fee_description = pw.TextField(default="")
    fee_disclosed_on = pw.DateField(null=True)  # the day its disclosure was given
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)
    disclosed_how = pw.TextField(default="")  # version 9: how it was given

    class Meta:
        table_name = "referral"


class StatusChangeRecord(Record):
    referral = pw.ForeignKeyField(ReferralRecord, column_name="referral_id", on_delete="CASCADE")
    at = pw.DateTimeField(default=now)
    from_status = pw.TextField(null=True)
    to_status = pw.TextField()
    by = pw.TextField(default="you")
    note = pw.TextField(default="")

    class Meta:
        table_name = "status_change"


class FollowUpRecord(SoftDeleted):
    kind = pw.TextField()
    title = pw.TextField()
    due = pw.DateField()
    contact = pw.ForeignKeyField(ContactRecord, column_name="contact_id", null=True)
    referral = pw.ForeignKeyField(ReferralRecord, column_name="referral_id", null=True)
    state = pw.TextField(default="open")
    outcome = pw.TextField(default="")
    completed_at = pw.DateTimeField(null=True)
    rule = pw.TextField(default="")
    reason = pw.TextField(default="")
    place = pw.TextField(default="")  # where it happens, when that matters
    rule_key = pw.TextField(null=True)
    made_by_change = pw.ForeignKeyField(
        StatusChangeRecord, column_name="made_by_change_id", null=True
    )
    closed_by_change = pw.ForeignKeyField(
        StatusChangeRecord, column_name="closed_by_change_id", null=True
    )
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)

    class Meta:
        table_name = "follow_up"


class NoteRecord(SoftDeleted):
    kind = pw.TextField(default="note")
    at = pw.DateTimeField(default=now)
    contact = pw.ForeignKeyField(ContactRecord, column_name="contact_id", null=True)
    referral = pw.ForeignKeyField(ReferralRecord, column_name="referral_id", null=True)
    body = pw.TextField()
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)

    class Meta:
        table_name = "note"


class CompensationRecord(SoftDeleted):
    """Something of value given to a promoter (version 9): cash, or a gift, a meal, tickets."""

    promoter = pw.ForeignKeyField(ContactRecord, column_name="promoter_id")
    referral = pw.ForeignKeyField(ReferralRecord, column_name="referral_id", null=True)
    given_on = pw.DateField()
    value_cents = pw.IntegerField(null=True)  # None: not recorded (a gift moved from version 8)
    cash = pw.BooleanField(default=False)
    description = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)

    class Meta:
        table_name = "compensation"


class SettingRecord(Record):
    key = pw.TextField(primary_key=True)
    value = pw.TextField()

    class Meta:
        table_name = "setting"


ALL_RECORDS = (
    ContactRecord,
    GroupRecord,
    MembershipRecord,
    ReferralRecord,
    StatusChangeRecord,
    FollowUpRecord,
    NoteRecord,
    CompensationRecord,
    SettingRecord,
)

# Tables that hold soft-deleted rows, in the order they are purged when the trash is emptied.
TRASHABLE = (FollowUpRecord, NoteRecord, CompensationRecord, ReferralRecord, ContactRecord,
             GroupRecord)  # fmt: skip


def bind(db: pw.Database) -> None:
    db.bind(ALL_RECORDS, bind_refs=False, bind_backrefs=False)


def _bind_to_the_open_folder() -> None:
    """Loaded after a folder opened (it opens without peewee): bound to its database."""
    from networking_folder.store import db

    if db.records_database is not None:
        db.records_database()  # (the folder's peewee database, made and bound: Folder.db)


_bind_to_the_open_folder()
