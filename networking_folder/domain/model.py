"""Entities and the words of the domain (docs/follow-up-rules.md, "The words"), as plain dataclasses and enums.

Views and table models receive these, never live database rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class Direction(str, Enum):
    GIVEN = "given"
    RECEIVED = "received"

    @property
    def label(self) -> str:
        return "Given" if self is Direction.GIVEN else "Received"


class Status(str, Enum):
    """A referral's status. Given and received referrals share the end states."""

    GIVEN = "given"
    PARTNER_CONTACTED = "partner_contacted"
    RECEIVED = "received"
    CONTACTED = "contacted"
    MEETING_HELD = "meeting_held"
    CLOSED_BUSINESS = "closed_business"
    NOT_A_FIT = "not_a_fit"
    NO_RESPONSE = "no_response"
    LOST = "lost"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self not in CLOSED_STATUSES


STATUS_LABELS = {
    Status.GIVEN: "Given",
    Status.PARTNER_CONTACTED: "Partner contacted prospect",
    Status.RECEIVED: "Received",
    Status.CONTACTED: "Contacted",
    Status.MEETING_HELD: "Meeting held",
    Status.CLOSED_BUSINESS: "Closed business",
    Status.NOT_A_FIT: "Not a fit",
    Status.NO_RESPONSE: "No response",
    Status.LOST: "Lost",
}

CLOSED_STATUSES = frozenset(
    {Status.CLOSED_BUSINESS, Status.NOT_A_FIT, Status.NO_RESPONSE, Status.LOST}
)

# The path each kind of referral walks (docs/follow-up-rules.md).
STATUSES_BY_DIRECTION: dict[Direction, tuple[Status, ...]] = {
    Direction.GIVEN: (
        Status.GIVEN,
        Status.PARTNER_CONTACTED,
        Status.MEETING_HELD,
        Status.CLOSED_BUSINESS,
        Status.NOT_A_FIT,
        Status.NO_RESPONSE,
    ),
    Direction.RECEIVED: (
        Status.RECEIVED,
        Status.CONTACTED,
        Status.MEETING_HELD,
        Status.CLOSED_BUSINESS,
        Status.NOT_A_FIT,
        Status.LOST,
    ),
}


def initial_status(direction: Direction) -> Status:
    return STATUSES_BY_DIRECTION[direction][0]


class FeeKind(str, Enum):
    NONE = "none"
    FEE = "fee"
    GIFT = "gift"

    @property
    def label(self) -> str:
        return {"none": "None", "fee": "Referral fee", "gift": "Gift"}[self.value]


class FollowUpState(str, Enum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"open": "Open", "done": "Done", "cancelled": "Cancelled"}[self.value]


class FollowUpKind(str, Enum):
    FIRST_CONTACT = "first_contact"
    REPORT_BACK = "report_back"
    CHECK_IN_PARTNER = "check_in_partner"
    CHECK_IN_PROSPECT = "check_in_prospect"
    FEEDBACK = "feedback"
    RECON_MEETING = "recon_meeting"
    THANK_PRIVATELY = "thank_privately"
    THANK_PUBLICLY = "thank_publicly"
    RECONNECT = "reconnect"
    ASK_ALSO_GIVEN = "ask_also_given"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return FOLLOW_UP_KIND_LABELS[self]


FOLLOW_UP_KIND_LABELS = {
    FollowUpKind.FIRST_CONTACT: "First contact",
    FollowUpKind.REPORT_BACK: "Report back to the referrer",
    FollowUpKind.CHECK_IN_PARTNER: "Check in with the partner",
    FollowUpKind.CHECK_IN_PROSPECT: "Check in with the prospect",
    FollowUpKind.FEEDBACK: "Feedback to the referrer",
    FollowUpKind.RECON_MEETING: "Recon meeting",
    FollowUpKind.THANK_PRIVATELY: "Thank privately",
    FollowUpKind.THANK_PUBLICLY: "Thank at the meeting",
    FollowUpKind.RECONNECT: "Reconnect",
    FollowUpKind.ASK_ALSO_GIVEN: "Ask who else got the referral",
    FollowUpKind.CUSTOM: "Follow-up",
}


class InteractionKind(str, Enum):
    NOTE = "note"
    CALL = "call"
    VIDEO_CALL = "video_call"
    IN_PERSON = "in_person"
    EMAIL = "email"
    ONE_TO_ONE = "one_to_one"
    EVENT = "event"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").replace("one to one", "one-to-one").capitalize()


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(slots=True)
class Group:
    """A networking group: a BNI-style chapter, a chamber, a leads group."""

    name: str
    meeting_weekday: int | None = None  # 0 = Monday, as datetime.date.weekday()
    meeting_time: dt.time | None = None
    location: str = ""
    id: int | None = None
    # Groups do not meet on public holidays (the folder's calendar) unless this says so.
    meets_on_holidays: bool = False

    @property
    def meeting_label(self) -> str:
        if self.meeting_weekday is None:
            return ""
        day = WEEKDAYS[self.meeting_weekday]
        return f"{day} {self.meeting_time:%H:%M}" if self.meeting_time else day


# A contact's fields in the words the window uses (an import's preview, a merge's choices).
CONTACT_FIELD_LABELS = {
    "name": "Name",
    "company": "Company",
    "profession": "Profession",
    "phones": "Phones",
    "emails": "Emails",
    "address": "Address",
    "website": "Website",
    "linkedin": "LinkedIn",
    "how_met": "How you met",
    "met_on": "Met on",
    "rapport": "Rapport",
    "ideal_referral": "Ideal referral",
    "cadence_days": "Keep in touch every",
    "notes": "Notes",
    "tags": "Tags",
    "is_partner": "Partner",
    "ask": "Their ask",
    "sources": "Imported from",
}


@dataclass(slots=True)
class Contact:
    """Everyone in the folder. ``is_partner`` marks those the user exchanges referrals with."""

    name: str
    company: str = ""
    profession: str = ""
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    address: str = ""
    website: str = ""
    linkedin: str = ""
    is_partner: bool = False
    group_ids: list[int] = field(default_factory=list)
    how_met: str = ""
    met_on: dt.date | None = None
    rapport: int | None = None  # 1-5: would I trust them to deliver?
    ideal_referral: str = ""
    cadence_days: int | None = None  # keep-in-touch cadence
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    id: int | None = None
    ask: str = ""  # a partner's current ask: the introductions they want now
    ask_set_on: dt.date | None = None  # the day it was set (kept while the ask stays)
    # Where they were imported from: (source, key) pairs, e.g. ("vcard", the card's UID).
    sources: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class ContactRow:
    """One line of the Contacts table."""

    id: int
    name: str
    company: str
    profession: str
    phone: str
    email: str
    groups: str
    is_partner: bool
    rapport: int | None
    updated_at: dt.datetime


@dataclass(slots=True)
class Referral:
    """A referral or a lead, given to a partner or received from one."""

    direction: Direction
    partner_id: int  # the recipient of a given referral, the referrer of a received one
    prospect_id: int
    date: dt.date
    need: str = ""
    is_lead: bool = False  # a lead: a name and a need, no introduction made
    warmth: int = 3  # 1-5
    best_time_to_call: str = ""
    budget: str = ""
    urgency: str = ""
    learned: str = ""  # everything else learned about the prospect
    also_given_to: str = ""
    status: Status | None = None
    value_cents: int | None = None  # closed business
    fee_kind: FeeKind = FeeKind.NONE
    fee_description: str = ""
    fee_disclosed_on: dt.date | None = None  # the day its disclosure was given
    group_id: int | None = None
    id: int | None = None
    disclosed_how: str = ""  # how it was given: "in writing at the first meeting"

    def __post_init__(self) -> None:
        if self.status is None:
            self.status = initial_status(self.direction)

    @property
    def referrer_id(self) -> int | None:
        """None stands for the user."""
        return self.partner_id if self.direction is Direction.RECEIVED else None

    @property
    def recipient_id(self) -> int | None:
        return self.partner_id if self.direction is Direction.GIVEN else None


@dataclass(slots=True)
class ReferralRow:
    """One line of a Referrals table."""

    id: int
    date: dt.date
    direction: Direction
    partner: str
    prospect: str
    need: str
    is_lead: bool
    warmth: int
    status: Status
    value_cents: int | None
    group: str


@dataclass(slots=True)
class StatusChange:
    at: dt.datetime
    from_status: Status | None
    to_status: Status
    by: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReferralDetail:
    """What a referral's page shows: who and for whom, the prospect's phone and email, where it
    stands and how it got there, what comes next and every note about it."""

    referral: Referral
    row: ReferralRow  # partner, prospect and group by name
    prospect_phones: list[str]
    prospect_emails: list[str]
    history: list[StatusChange]  # oldest first
    follow_ups: list[FollowUpRow]  # this referral's, open and finished
    notes: list[Note]  # about this referral, newest first


@dataclass(slots=True)
class FollowUp:
    """A dated thing to do about a contact or a referral."""

    title: str
    due: dt.date
    contact_id: int | None = None
    referral_id: int | None = None
    kind: FollowUpKind = FollowUpKind.CUSTOM
    state: FollowUpState = FollowUpState.OPEN
    rule: str = ""  # "R1".."R8"; empty when the user made it
    reason: str = ""
    outcome: str = ""
    completed_at: dt.datetime | None = None
    id: int | None = None
    place: str = ""  # where it happens (a recon meeting: the partner's place of work)


@dataclass(slots=True)
class FollowUpRow:
    id: int
    due: dt.date
    title: str
    kind: FollowUpKind
    contact: str
    contact_id: int | None
    referral_id: int | None
    referral: str
    state: FollowUpState
    rule: str
    reason: str
    completed_at: dt.datetime | None
    place: str = ""


@dataclass(slots=True)
class Note:
    """A note or a logged interaction: a call, a one-to-one, an event."""

    body: str
    contact_id: int | None = None
    referral_id: int | None = None
    kind: InteractionKind = InteractionKind.NOTE
    at: dt.datetime | None = None
    id: int | None = None


def format_money(cents: int | None) -> str:
    if cents is None:
        return ""
    return f"{cents / 100:,.2f}"


def whole_money(cents: int) -> str:
    """A figure's money: "12,000", "12,000.50" (no ".00" on a whole amount)."""
    return format_money(cents).removesuffix(".00")


def short_money(cents: float) -> str:
    """A chart axis's money: 0, 950, 12k, 1.2M (whole units)."""
    units = cents / 100
    for size, suffix in ((1_000_000, "M"), (1_000, "k")):
        if abs(units) >= size:
            return f"{units / size:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{units:.0f}"


@dataclass(slots=True)
class Draft:
    """A note being written: kept in the folder until it is saved as a note (or discarded)."""

    body: str = ""
    contact_id: int | None = None
    contact_name: str = ""  # typed for a contact not yet in the folder
    kind: InteractionKind = InteractionKind.NOTE
    at: dt.datetime | None = None
    next_step: str = ""
    next_due: dt.date | None = None
    updated_at: dt.datetime | None = None
    id: int | None = None
    # The referral it is about (opened from a referral's page); not kept with the draft: a
    # draft brought back after a crash is about its contact only.
    referral_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.body.strip() or self.next_step.strip())


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    kind: str  # "note", "referral" or "follow_up"
    id: int
    when: dt.datetime
    title: str
    detail: str


@dataclass(frozen=True, slots=True)
class Timeline:
    entries: list[TimelineEntry]
    given: int  # referrals the user gave this person (as a partner)
    received: int  # referrals this person gave the user
    last_touch: dt.date | None


@dataclass(frozen=True, slots=True)
class ContactSummary:
    """What a contact's page shows: the referrals each way and what closed, the last touch,
    the next follow-up, their groups, and their timeline with each note in full."""

    given: int  # referrals the user gave them (they were the recipient)
    given_closed: int  # of those, closed business
    given_value_cents: int  # the value of that closed business
    received: int  # referrals they gave the user (they were the referrer)
    received_closed: int
    received_value_cents: int
    last_touch: dt.date | None
    next_due: dt.date | None  # the earliest open follow-up about them
    next_title: str
    groups: list[str]
    timeline: Timeline
    notes: dict[int, str]  # each note's full text by id (the timeline holds its first line)
