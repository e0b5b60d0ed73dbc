"""A sample folder with realistic data, for trying the program (``networking-folder demo``).

Dates are relative to ``today`` so that there is always something due and overdue.
The same seed and day give the same folder.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from networking_folder.domain.model import (
    STATUSES_BY_DIRECTION,
    Contact,
    Direction,
    FeeKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Group,
    InteractionKind,
    Note,
    Referral,
    Status,
)
from networking_folder.store.records import FollowUpRecord, ReferralRecord, StatusChangeRecord

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

PARTNERS = [
    (
        "Maria Alvarez",
        "Alvarez Realty",
        "Realtor",
        "First-time buyers relocating for work; listen for 'we're expecting'.",
    ),
    ("Zoë Ørsted", "Ørsted Law", "Estate attorney", "Parents of young children without a will."),
    (
        "Łukasz Żółć",
        "Żółć Accounting",
        "CPA",
        "Small-business owners who just got a surprise tax bill.",
    ),
    ("Dmitri Volkov", "Volkov Insurance", "Insurance agent", "Families who just bought a home."),
    ("Priya Raman", "Raman Mortgage", "Mortgage broker", "Renters paying over $2,500 a month."),
    ("James O'Connor", "O'Connor Roofing", "Roofer", "Homeowners after a hailstorm."),
    (
        "Aisha Bello",
        "Bello Design",
        "Interior designer",
        "New homeowners; listen for 'we just closed'.",
    ),
    ("Kenji Watanabe", "Watanabe IT", "IT consultant", "Offices of 5–50 people with no IT person."),
    ("Αλέξης Παπαδόπουλος", "Papadopoulos Dental", "Dentist", "Families new to the area."),
    ("Sofia Rossi", "Rossi Catering", "Caterer", "Companies planning a year-end party."),
    ("Tom Becker", "Becker Print", "Printer", "Anyone opening a shop or an office."),
    ("Fatima Haddad", "Haddad HR", "HR consultant", "Firms growing past 20 staff."),
    (
        "Дмитрий Соколов",
        "Sokolov Translations",
        "Translator",
        "Importers and law firms with Russian clients.",
    ),
    ("Grace Kim", "Kim Chiropractic", "Chiropractor", "Desk workers with back pain."),
]
PROSPECTS = [
    ("Ben Carter", "Carter Bakery"),
    ("Lucy Nguyen", ""),
    ("Omar Farouk", "Farouk Imports"),
    ("Hannah Schmidt", "Schmidt & Co"),
    ("Diego Morales", ""),
    ("Chloé Martin", "Atelier Martin"),
    ("Raj Patel", "Patel Pharmacy"),
    ("Emily Stone", ""),
    ("Noah Williams", "Williams Garage"),
    ("Olivia Brown", ""),
    ("Mateo García", "García Builders"),
    ("Ava Johnson", ""),
    ("Liam Murphy", "Murphy's Pub"),
    ("Isabella Costa", ""),
    ("Ethan Clarke", "Clarke Dental Lab"),
    ("Mia Fischer", ""),
    ("Lucas Müller", "Müller Metalwork"),
    ("Amelia Wright", ""),
    ("Henry Adams", "Adams Florist"),
    ("Harper Lee", ""),
    ("Jack Wilson", "Wilson Logistics"),
    ("Ella Thompson", ""),
    ("Samuel Green", "Green Landscaping"),
    ("Nora Hughes", ""),
    ("Yusuf Demir", "Demir Kebab"),
    ("Ingrid Larsen", ""),
]
# What prospects referred to you (the advisor) need.
NEEDS = [
    "Rolling over a 401(k) from a previous employer",
    "Saving for a child's college",
    "Retirement income plan, retiring in two years",
    "Life insurance after a new baby",
    "Selling the business in five years",
    "Inherited money and not sure what to do",
    "Wants a second opinion on their portfolio",
]
# What the prospects you refer to each partner need: their line of work, not yours.
NEEDS_BY_PROFESSION = {
    "Realtor": ["Buying a first home next spring", "Selling to move closer to family"],
    "Estate attorney": ["Needs a will and a trust", "Power of attorney for an ageing parent"],
    "CPA": ["Looking for a CPA for the business", "Behind on quarterly tax filings"],
    "Insurance agent": ["Home and auto insurance after moving", "Business liability cover"],
    "Mortgage broker": ["Refinancing the mortgage", "Pre-approval before house hunting"],
    "Roofer": ["Roof damage after the storm", "Old roof leaking over the kitchen"],
    "Interior designer": ["Redecorating after moving in", "Refitting a small office"],
    "IT consultant": ["Office IT is a mess", "Laptops and backups for 12 staff"],
    "Dentist": ["Looking for a family dentist", "Crown needed, no dentist since moving"],
    "Caterer": ["Planning a company party for 80", "Lunch for a board meeting"],
    "Printer": ["Signs and cards for a new shop", "Brochures for a trade show"],
    "HR consultant": ["First HR handbook for 25 staff", "Hiring their first manager"],
    "Translator": ["Contracts to translate from Russian", "Website in Russian for importers"],
    "Chiropractor": ["Back pain from the desk job", "Neck pain after a car accident"],
}
LEARNED = [
    "Best after 5 pm; two kids; spouse is a nurse.",
    "Budget around $2k; wants it done this quarter.",
    "Very busy; prefers text first.",
    "Met at the chamber mixer; warm and chatty.",
    "",
]


def _phone(rng: random.Random, used: set[int]) -> str:
    """A fictional number (555-0100 to 0199), each person their own: two sharing one would
    show up in Find duplicates as one person. (The next free one, so that the draws after it
    stay as they were.)"""
    number = rng.choice([212, 646, 718, 917]) * 100 + rng.randint(0, 99)
    while number in used:
        number += 1
    used.add(number)
    return f"({number // 100}) 555-01{number % 100:02d}"


def _email(name: str, company: str) -> str:
    local = (
        "".join(ch for ch in name.split()[0].lower() if ch.isascii() and ch.isalpha()) or "hello"
    )
    domain = (
        "".join(ch for ch in (company or name).lower() if ch.isascii() and ch.isalnum())
        or "example"
    )
    return f"{local}@{domain}.example.com"


# What a few partners asked the group for lately (their "ask", on their page and the sheet).
ASKS = {
    "Maria Alvarez": "An introduction to the HR lead at a company moving staff into town",
    "Łukasz Żółć": "Owners of restaurants or shops who do their own books",
    "Kenji Watanabe": "Dental or medical practices that need their systems looked after",
}
MY_ASK = "An introduction to a CPA who looks after small-business owners"


def fill_demo_folder(folder: Folder, today: dt.date | None = None, seed: int = 2026) -> None:
    """Fill an empty folder with two groups, ~40 contacts, ~30 referrals, follow-ups and notes."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    chapter = folder.groups.create(
        Group("BNI Downtown Chapter", 2, dt.time(7, 0), "Riverside Hotel, room B")
    )
    chamber = folder.groups.create(
        Group("Midtown Chamber of Commerce", 3, dt.time(17, 30), "Chamber offices")
    )

    phones_used: set[int] = set()
    partners: list[int] = []
    for index, (name, company, profession, ideal) in enumerate(PARTNERS):
        groups = [chapter] if index < 9 else [chamber]
        if index % 4 == 0:
            groups.append(chamber)
        partners.append(
            folder.contacts.create(
                Contact(
                    name=name,
                    company=company,
                    profession=profession,
                    is_partner=True,
                    phones=[_phone(rng, phones_used)],
                    emails=[_email(name, company)],
                    group_ids=sorted(set(groups)),
                    rapport=rng.choice([3, 4, 4, 5, 5]),
                    ideal_referral=ideal,
                    cadence_days=90,
                    how_met=rng.choice(
                        ["Chapter member", "One-to-one after a chapter visit", "Chamber mixer"]
                    ),
                    met_on=today - dt.timedelta(days=rng.randint(60, 900)),
                    tags=["partner"],
                    ask=ASKS.get(name, ""),
                    ask_set_on=today - dt.timedelta(days=12) if name in ASKS else None,
                )
            )
        )
    prospects: list[int] = []
    for name, company in PROSPECTS:
        prospects.append(
            folder.contacts.create(
                Contact(
                    name=name,
                    company=company,
                    phones=[_phone(rng, phones_used)] if rng.random() < 0.8 else [],
                    emails=[_email(name, company)] if rng.random() < 0.7 else [],
                    how_met=rng.choice(["Referred", "Met at a mixer", "Client's neighbour", ""]),
                    notes=rng.choice(LEARNED),
                )
            )
        )

    plans = []
    for direction in (Direction.GIVEN, Direction.RECEIVED):
        path = STATUSES_BY_DIRECTION[direction]
        for _ in range(2):
            for final in path:
                plans.append((direction, final))
    plans += [
        (Direction.RECEIVED, Status.RECEIVED),
        (Direction.RECEIVED, Status.CONTACTED),
        (Direction.GIVEN, Status.GIVEN),
        (Direction.GIVEN, Status.PARTNER_CONTACTED),
    ]
    rng.shuffle(plans)

    for number, (direction, final) in enumerate(plans):
        days_ago = rng.randint(1, 75)
        date = today - dt.timedelta(days=days_ago)
        partner = partners[number % len(partners)]
        prospect = prospects[number % len(prospects)]
        closed = final is Status.CLOSED_BUSINESS
        referral = Referral(
            direction=direction,
            partner_id=partner,
            prospect_id=prospect,
            date=date,
            need=rng.choice(
                NEEDS
                if direction is Direction.RECEIVED
                else NEEDS_BY_PROFESSION[PARTNERS[number % len(partners)][2]]
            ),
            is_lead=rng.random() < 0.2,
            warmth=rng.randint(2, 5),
            best_time_to_call=rng.choice(["Mornings", "After 5 pm", "Weekends", ""]),
            budget=rng.choice(["", "About $5,000", "Not discussed"]),
            urgency=rng.choice(["This month", "This quarter", "No rush"]),
            learned=rng.choice(LEARNED),
            group_id=chapter if number % 3 else chamber,
            value_cents=rng.randint(5, 120) * 10_000 if closed else None,
        )
        if direction is Direction.GIVEN and closed and number % 2:  # a thank-you to you
            referral.fee_kind, referral.fee_description = FeeKind.GIFT, "Gift card, $50"
            referral.fee_disclosed_on = date
        ref_id = folder.referrals.create(referral)
        for status in _walk_to(direction, final):
            referral = folder.referrals.get(ref_id)
            referral.status = status
            folder.referrals.update(
                referral,
                note="Not what I do; wrong size of firm." if status is Status.NOT_A_FIT else "",
            )
        _spread_history(folder, ref_id, date, today, rng)

    _fill_register(folder, today)
    for contact_id in rng.sample(partners, 8):
        folder.notes.create(
            Note(
                body=rng.choice(
                    [
                        "One-to-one over coffee. Her best clients come from accountants; she wants intros to CPAs.",
                        "Called to catch up. Busy season; asked me to keep an eye out for families moving to town.",
                        "Video call: walked through each other's ideal referral. Follow up with two names next week.",
                        "Met at the chapter breakfast. Gave a 60-second pitch about retirement income.",
                    ]
                ),
                contact_id=contact_id,
                kind=rng.choice(
                    [InteractionKind.ONE_TO_ONE, InteractionKind.CALL, InteractionKind.VIDEO_CALL]
                ),
                at=dt.datetime.combine(
                    today - dt.timedelta(days=rng.randint(1, 60)), dt.time(9 + rng.randint(0, 8), 0)
                ),
            )
        )
    # Some of what the rules asked for is already done, as it would be in a kept folder.
    thanks = [r.id for r in folder.follow_ups.rows() if r.kind is FollowUpKind.THANK_PRIVATELY]
    folder.follow_ups.complete(thanks, "Sent a handwritten card and a gift card.")
    first_calls = [
        r.id
        for r in folder.follow_ups.rows()
        if r.kind is FollowUpKind.FIRST_CONTACT and r.state is FollowUpState.OPEN
    ]
    folder.follow_ups.complete(first_calls[:1], "Left a voicemail and sent an email.")
    # Older check-ins were done at the time; what fell due this past week is still waiting.
    long_ago = [
        r.id
        for r in folder.follow_ups.rows()
        if r.state is FollowUpState.OPEN and r.due < today - dt.timedelta(days=7)
    ]
    folder.follow_ups.complete(long_ago[: max(0, len(long_ago) - 2)], "Done; they connected.")
    # Most referrers were asked long ago whether anyone else got the referral (R10).
    asked = [r for r in folder.follow_ups.rows() if r.rule == "R10" and r.state is FollowUpState.OPEN]
    for number, question in enumerate(asked[:-2]):
        answer = "Also to a planner at her bank" if number % 5 == 2 else ""
        folder.follow_ups.answer_also_given(question.id, answer)
    folder.apply_daily_rules(today)
    folder.settings.set("sheet.ask", MY_ASK)
    for partner in partners[:3]:
        folder.follow_ups.create(
            FollowUp(
                title="Book a one-to-one",
                due=today + dt.timedelta(days=rng.randint(2, 20)),
                contact_id=partner,
                kind=FollowUpKind.CUSTOM,
                reason="Get to know their business better.",
            )
        )


def _fill_register(folder: Folder, today: dt.date) -> None:
    """The promoter register at work (R11): a referrer given a gift, disclosed; one over the
    threshold with no agreement on file; one given something for a referral whose disclosure
    is not recorded; one paid a fee under a signed agreement."""
    from networking_folder.domain.promoters import Compensation
    from networking_folder.services.promoters import PromoterFacts

    theirs: dict[int, list[tuple[int, dt.date]]] = {}
    for referral_id, referrer, day in folder.query(
        "SELECT id, referrer_id, date FROM referral WHERE direction = 'received'"
        " AND deleted_at IS NULL ORDER BY date, id"
    ):
        theirs.setdefault(referrer, []).append((referral_id, dt.date.fromisoformat(day)))
    gift, over, undisclosed, signed = sorted(theirs, key=lambda p: (-len(theirs[p]), p))[:4]
    register = folder.promoters

    def after(day: dt.date, days: int) -> dt.date:
        return min(day + dt.timedelta(days=days), today)

    def give(person, what, cents, day, cash=False, referral=None):
        register.add(Compensation(day, cents, what, cash, referral, promoter_id=person))

    first, day = theirs[gift][0]
    register.disclose(first, day, "Written disclosure handed to the prospect at the first meeting")
    give(gift, "Gift card", 5_000, after(day, 3), referral=first)
    register.set_facts(PromoterFacts(gift, is_client=False))

    for referral_id, day in theirs[over]:
        register.disclose(referral_id, day, "Promoter disclosure sent by email")
    first, day = theirs[over][0]
    give(over, "Referral fee", 75_000, after(day, 5), cash=True, referral=first)
    give(over, "Concert tickets for two", 25_000, today - dt.timedelta(days=30))
    give(over, "Dinner at Nino's", 12_000, today - dt.timedelta(days=12))
    register.set_facts(PromoterFacts(over, is_client=False))

    first, day = theirs[undisclosed][0]
    give(undisclosed, "Bottle of wine", 6_000, after(day, 2), referral=first)
    register.set_facts(PromoterFacts(undisclosed, is_client=True))

    first, day = theirs[signed][0]
    register.disclose(first, day, "Form ADV Part 2A and the promoter disclosure, by email")
    register.set_facts(
        PromoterFacts(signed, False, today - dt.timedelta(days=200),
                      "Signed copy in the compliance binder, tab P")  # fmt: skip
    )
    give(signed, "Referral fee", 150_000, after(day, 7), cash=True, referral=first)


def _walk_to(direction: Direction, final: Status) -> list[Status]:
    """The statuses a referral passes through after its first, ending at ``final``."""
    path = STATUSES_BY_DIRECTION[direction]
    contacted, meeting = path[1], path[2]
    return {
        path[0]: [],
        contacted: [contacted],
        meeting: [contacted, meeting],
        Status.CLOSED_BUSINESS: [contacted, meeting, final],
        Status.NOT_A_FIT: [contacted, final],
    }.get(final, [final])


def _spread_history(
    folder: Folder, ref_id: int, start: dt.date, today: dt.date, rng: random.Random
) -> None:
    """Status changes made by the generator all happened "now": spread them over the weeks since."""
    changes = list(
        StatusChangeRecord.select()
        .where(StatusChangeRecord.referral == ref_id)
        .order_by(StatusChangeRecord.id)
    )
    span = max((today - start).days, 1)
    with folder.transaction():
        for step, change in enumerate(changes):
            day = start + dt.timedelta(days=min(span, step * max(1, span // max(len(changes), 1))))
            change.at = dt.datetime.combine(
                day, dt.time(rng.randint(8, 18), rng.choice([0, 15, 30, 45]))
            )
            writes = folder.writes
            writes.update(StatusChangeRecord, change.id, at=change.at)
            # What the change closed (a first call made, a report back) was done then, too.
            writes.update_where(
                FollowUpRecord,
                (FollowUpRecord.closed_by_change == change.id)
                & FollowUpRecord.completed_at.is_null(False),
                completed_at=change.at,
                updated_at=change.at,
            )
        folder.writes.update(
            ReferralRecord, ref_id, created_at=changes[0].at, updated_at=changes[-1].at
        )
