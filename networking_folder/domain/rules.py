"""The folder's rules (R1-R7, R9, R10 in docs/follow-up-rules.md): which follow-ups a change calls for.

Pure functions: given facts about a referral or a contact, they return the follow-ups a
rule wants, each with a stable ``key``. The services apply them inside the transaction of
the change, and the key makes that idempotent: a follow-up whose key exists is not made
again. Every follow-up says which rule made it and why, in the user's words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from networking_folder.domain.calendar import BusinessCalendar
from networking_folder.domain.model import Direction, FollowUpKind, Status
from networking_folder.domain.text import DAY_NAMES, MONTH_NAMES

# The registry of rule keys (docs/follow-up-rules.md): the key is stored on each follow-up and kept in JSON
# ("rule": "R3"); people read the plain reason instead, on screen and in the command line's text.
RULES: dict[str, str] = {
    "R1": "first contact within a business day",
    "R2": "report back to your referrer",
    "R3": "check-in after a referral you gave",
    "R4": "feedback on a referral that was not a fit",
    "R5": "thank-you for closed business",
    "R6": "a partner not following up",
    "R7": "keep in touch",
    "R8": "the weekly tracking sheet",
    "R9": "thank-you for a referral received",
    "R10": "ask whether others got the referral too",
    "R11": "disclosure of a fee or gift",
}


def plain_reason(rule: str) -> str:
    """What made a follow-up, in words: "" for one the user made, never the key itself."""
    if not rule:
        return ""
    return RULES.get(rule, "one of the folder's rules")


def _month_day(day: dt.date) -> str:
    """Like "Nov 02" (the rules' reasons, as they have always read)."""
    return f"{MONTH_NAMES[day.month - 1]} {day.day:02d}"


@dataclass(frozen=True)
class RuleSettings:
    check_in_days: int = 14  # R3: check in this long after giving a referral
    partner_cadence_days: int = 90  # R7: keep in touch with partners at least this often
    not_following_threshold: int = 2  # R6: this many referrals not acted on makes a warning


@dataclass(frozen=True)
class ReferralFacts:
    id: int
    direction: Direction
    date: dt.date
    status: Status
    partner_id: int
    partner: str
    prospect_id: int
    prospect: str
    meeting_weekday: int | None = None  # of the referral's group, for R5 and R9
    meets_on_holidays: bool = False  # the group meets even on a public holiday
    partner_workplace: str = ""  # their business and its address: where a recon meeting is
    also_given_to: str = ""  # the referrer's answer, once asked (R10)


@dataclass(frozen=True)
class Planned:
    """A follow-up a rule calls for."""

    key: str
    rule: str
    kind: FollowUpKind
    title: str
    due: dt.date
    contact_id: int | None
    referral_id: int | None
    reason: str
    place: str = ""


def next_meeting(
    after: dt.date,
    weekday: int | None,
    calendar: BusinessCalendar | None = None,
    meets_on_holidays: bool = False,
) -> dt.date | None:
    """The group's next real meeting strictly after ``after``; None when it has no meeting day.

    Groups do not meet on public holidays (a Thursday chapter skips Thanksgiving) unless
    ``meets_on_holidays``: a meeting day that is a holiday in ``calendar`` moves on a week.
    Without a calendar every meeting day counts.
    """
    if weekday is None:
        return None
    first = after + dt.timedelta(days=(weekday - after.weekday()) % 7 or 7)
    if calendar is None or meets_on_holidays:
        return first
    for weeks in range(53):  # no country keeps a whole year of one weekday as holidays
        day = first + dt.timedelta(weeks=weeks)
        if calendar.holiday_name(day) is None:
            return day
    return first


def first_contact(f: ReferralFacts, calendar: BusinessCalendar) -> Planned:
    """R1: a received referral is called within one business day."""
    return Planned(
        key=f"R1:referral:{f.id}",
        rule="R1",
        kind=FollowUpKind.FIRST_CONTACT,
        title=f"First contact: call {f.prospect}",
        due=calendar.next_business_day(f.date),
        contact_id=f.prospect_id,
        referral_id=f.id,
        reason=f"{f.partner} referred {f.prospect} to you on {_month_day(f.date)}. Call within one business day: "
        "speed shows you can be trusted with referrals.",
    )


def first_contact_for_new_person(
    contact_id: int, name: str, met_on: dt.date, where: str, calendar: BusinessCalendar
) -> Planned:
    """R1 for someone new met at an event."""
    return Planned(
        key=f"R1:contact:{contact_id}",
        rule="R1",
        kind=FollowUpKind.FIRST_CONTACT,
        title=f"First contact: follow up with {name}",
        due=calendar.next_business_day(met_on),
        contact_id=contact_id,
        referral_id=None,
        reason=f"You met {name} {('at ' + where) if where else ''} on {_month_day(met_on)}. "
        "Follow up within one business day.".replace("  ", " "),
    )


def check_ins(
    f: ReferralFacts, settings: RuleSettings, calendar: BusinessCalendar
) -> list[Planned]:
    """R3: two weeks after giving a referral, check in with both the partner and the prospect."""
    due = calendar.on_or_after(f.date + dt.timedelta(days=settings.check_in_days))
    why = f"You referred {f.prospect} to {f.partner} on {_month_day(f.date)}: did they connect, how did it go?"
    return [
        Planned(
            f"R3:partner:{f.id}",
            "R3",
            FollowUpKind.CHECK_IN_PARTNER,
            f"Check in with {f.partner}",
            due,
            f.partner_id,
            f.id,
            why,
        ),
        Planned(
            f"R3:prospect:{f.id}",
            "R3",
            FollowUpKind.CHECK_IN_PROSPECT,
            f"Check in with {f.prospect}",
            due,
            f.prospect_id,
            f.id,
            why,
        ),
    ]


def _at_the_meeting(meeting: dt.date | None) -> str:
    if meeting is None:
        return "at your group's next meeting"
    return f"at the meeting on {DAY_NAMES[meeting.weekday()]} {_month_day(meeting)}"


def public_thanks_for_referral(f: ReferralFacts, calendar: BusinessCalendar) -> Planned:
    """R9: every referral received earns a public thank-you at the group's next meeting,
    closed business or not (seed 001, "Recognition")."""
    meeting = next_meeting(f.date, f.meeting_weekday, calendar, f.meets_on_holidays)
    return Planned(
        f"R9:{f.id}",
        "R9",
        FollowUpKind.THANK_PUBLICLY,
        f"Thank {f.partner} {_at_the_meeting(meeting)} for referring {f.prospect}",
        meeting or calendar.next_business_day(f.date),
        f.partner_id,
        f.id,
        f"{f.partner} referred {f.prospect} to you. Recognise every referral in front of the "
        "group, not only the ones that become business: it is how referrals keep coming.",
    )


def ask_also_given(f: ReferralFacts, due: dt.date) -> Planned:
    """R10: with the first report back on a received referral, ask the referrer whether they
    also gave it to someone else (seed 001, "Resources"); the answer goes into "also given to"."""
    return Planned(
        f"R10:{f.id}",
        "R10",
        FollowUpKind.ASK_ALSO_GIVEN,
        f"Ask {f.partner}: did anyone else get the referral of {f.prospect}?",
        due,
        f.partner_id,
        f.id,
        f"When you first report back to {f.partner}, ask whether they also referred "
        f"{f.prospect} to someone else: you will know whom you are working beside.",
    )


def on_created(
    f: ReferralFacts, settings: RuleSettings, calendar: BusinessCalendar
) -> list[Planned]:
    if f.direction is Direction.RECEIVED:
        return [first_contact(f, calendar), public_thanks_for_referral(f, calendar)]
    return check_ins(f, settings, calendar)


def on_status_changed(
    f: ReferralFacts,
    old: Status,
    changed_on: dt.date,
    settings: RuleSettings,
    calendar: BusinessCalendar,
) -> list[Planned]:
    """What a received referral's new status calls for (R2, R4, R5). ``f.status`` is the new one.

    Given referrals ask for nothing on a status change: their check-ins (R3) stand.
    """
    if f.direction is not Direction.RECEIVED or f.status is old or f.status is Status.RECEIVED:
        return []
    soon = calendar.next_business_day(changed_on)
    referrer, prospect = f.partner, f.prospect
    if f.status is Status.NOT_A_FIT:
        meeting = calendar.on_or_after(changed_on + dt.timedelta(days=7))
        return [
            Planned(
                f"R4:feedback:{f.id}",
                "R4",
                FollowUpKind.FEEDBACK,
                f"Give {referrer} feedback on {prospect}",
                soon,
                f.partner_id,
                f.id,
                f"{prospect} was not a fit. Always tell the referrer, kindly and plainly, so the next one is.",
            ),
            Planned(
                f"R4:recon:{f.id}",
                "R4",
                FollowUpKind.RECON_MEETING,
                f"Recon meeting with {referrer}",
                meeting,
                f.partner_id,
                f.id,
                f"An off-target referral: meet {referrer} at their place of work to refocus what "
                "they send (there, it does not feel like being singled out)."
                + ("" if f.partner_workplace else " Their page has no address yet: add it."),
                place=f.partner_workplace or f"{referrer}'s place of work",
            ),
        ]
    if f.status is Status.CLOSED_BUSINESS:
        meeting = next_meeting(changed_on, f.meeting_weekday, calendar, f.meets_on_holidays)
        private_due = soon if meeting is None else max(changed_on, meeting - dt.timedelta(days=1))
        public_due = meeting or soon
        where = _at_the_meeting(meeting)
        return [
            Planned(
                f"R5:private:{f.id}",
                "R5",
                FollowUpKind.THANK_PRIVATELY,
                f"Thank {referrer} privately",
                private_due,
                f.partner_id,
                f.id,
                f"{prospect} became closed business. Thank {referrer} before the next meeting, "
                "in a way they will remember.",
            ),
            Planned(
                f"R5:public:{f.id}",
                "R5",
                FollowUpKind.THANK_PUBLICLY,
                f"Thank {referrer} {where}",
                public_due,
                f.partner_id,
                f.id,
                f"Closed business from {referrer}'s referral: thank them in front of the group.",
            ),
        ]
    # R2: let the referrer know how it is going, at each step.
    return [
        Planned(
            f"R2:{f.id}:{f.status.value}",
            "R2",
            FollowUpKind.REPORT_BACK,
            f"Tell {referrer}: {prospect} — {f.status.label.lower()}",
            soon,
            f.partner_id,
            f.id,
            f"Let {referrer} know your progress with the referral they gave you.",
        ),
    ]


def report_back_after_first_contact(
    f: ReferralFacts, done_on: dt.date, calendar: BusinessCalendar
) -> Planned:
    """R2 when the first contact is done while the referral still says "received"."""
    return Planned(
        f"R2:{f.id}:first_contact",
        "R2",
        FollowUpKind.REPORT_BACK,
        f"Tell {f.partner}: you have called {f.prospect}",
        calendar.next_business_day(done_on),
        f.partner_id,
        f.id,
        f"Let {f.partner} know you followed up on the referral they gave you.",
    )


def reconnect(
    contact_id: int, name: str, last_touch: dt.date, cadence_days: int, today: dt.date
) -> Planned | None:
    """R7: someone not touched for longer than their cadence gets a reconnect follow-up."""
    if (today - last_touch).days <= cadence_days:
        return None
    return Planned(
        f"R7:{contact_id}:{last_touch.isoformat()}",
        "R7",
        FollowUpKind.RECONNECT,
        f"Reconnect with {name}",
        today,
        contact_id,
        None,
        f"No contact since {_month_day(last_touch)}, {last_touch.year}: longer than your keep-in-touch cadence of {cadence_days} days.",
    )


def not_following_up(name: str, not_acted_on: int, threshold: int) -> str | None:
    """R6: the warning on a partner who repeatedly does not act on the referrals given to them."""
    if not_acted_on < threshold:
        return None
    return (
        f"Not following up: {not_acted_on} referrals you gave {name} got no response or no contact. "
        "Talk with them before you give the next one."
    )
