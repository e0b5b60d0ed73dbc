"""Build a large folder for benchmarks: 10,000 contacts, 100,000 referrals, 100,000 notes.

    python benchmarks/make_large_folder.py DIR [--contacts N] [--referrals N] [--notes N]

Rows go in with bulk SQL in one transaction (the services would take minutes for this much),
through a folder opened by the program so that the schema is the real one. Each row gets its
UUIDv7 as the services would give it, and the change log then holds every record as it stands
(logged once, as for a folder made before the log): a folder made here can be opened, edited
through the services, and replayed like any other.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from networking_folder.services import Folder  # noqa: E402
from networking_folder.store import changelog  # noqa: E402
from networking_folder.store.identity import new_uuid  # noqa: E402

FIRST = [
    "Maria",
    "Ben",
    "Zoë",
    "Łukasz",
    "Aisha",
    "Kenji",
    "Priya",
    "Tom",
    "Grace",
    "Omar",
    "Lucy",
    "Diego",
    "Chloé",
    "Raj",
    "Emily",
    "Noah",
    "Olivia",
    "Mateo",
    "Ava",
    "Liam",
    "Sofia",
    "Дмитрий",
    "Αλέξης",
    "Ingrid",
]
LAST = [
    "Alvarez",
    "Carter",
    "Ørsted",
    "Żółć",
    "Bello",
    "Watanabe",
    "Raman",
    "Becker",
    "Kim",
    "Farouk",
    "Nguyen",
    "Morales",
    "Martin",
    "Patel",
    "Stone",
    "Williams",
    "Brown",
    "García",
    "Johnson",
    "Murphy",
    "Rossi",
    "Müller",
]
TRADES = [
    "Realtor",
    "Estate attorney",
    "CPA",
    "Insurance agent",
    "Mortgage broker",
    "Roofer",
    "Designer",
    "IT consultant",
    "Dentist",
    "Caterer",
    "Printer",
    "HR consultant",
    "Translator",
    "Chiropractor",
]
NEEDS = [
    "Rolling over a 401(k)",
    "Saving for college",
    "Retirement income plan",
    "Life insurance after a baby",
    "Selling the business",
    "Inherited money",
    "Second opinion on a portfolio",
    "Buying a first home",
    "Needs a will and a trust",
    "Office IT is a mess",
    "Roof damage after the storm",
    "Refinancing",
]
TEMPLATES = [
    "Called {first} about the referral from {other}; left a message, will try again {day}.",
    "One-to-one with {first} at {company}: best clients are {trade} owners who just sold a business.",
    "{first} wants to talk after the holidays. Budget is tight but the need is real.",
    "Met {first} at the chamber mixer. Spouse works at the hospital, two kids in school.",
    "Sent {first} the brochure on rolling over a 401(k). Follow up next week.",
    "{first} asked for an introduction to a good {trade}; thought of {other}.",
    "Coffee with {first}: planning to retire in two years, worried about income.",
    "Video call with {first} and {other} about the estate plan; very warm introduction.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def note_text(rng: random.Random) -> str:
    """A few sentences as an advisor writes them after a call."""
    parts = []
    for _ in range(rng.randint(1, 4)):
        parts.append(
            rng.choice(TEMPLATES).format(
                first=rng.choice(FIRST),
                other=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                company=f"{rng.choice(LAST)} & Co",
                trade=rng.choice(TRADES).lower(),
                day=rng.choice(DAYS),
            )
        )
    return " ".join(parts)


def build(
    directory: Path, contacts: int, referrals: int, notes: int, seed: int = 7
) -> dict[str, int]:
    rng = random.Random(seed)
    now = "2026-11-23 09:00:00"
    today = dt.date(2026, 11, 23)
    with Folder.open(directory) as folder:
        if not folder.is_empty():
            raise SystemExit(f"{directory} already holds data")
        conn = folder.db.connection()
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO contact (id, name, company, profession, phones, emails, is_partner, rapport, "
            "created_at, updated_at, uuid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    i,
                    f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    f"{rng.choice(LAST)} {rng.choice(['& Co', 'LLC', 'Group'])}",
                    rng.choice(TRADES),
                    json.dumps([f"(212) 555-{i % 10000:04d}"]),
                    json.dumps([f"person{i}@example.com"]),
                    int(i % 20 == 0),
                    rng.randint(1, 5),
                    now,
                    now,
                    new_uuid(),
                )
                for i in range(1, contacts + 1)
            ),
        )
        partners = list(range(1, contacts + 1, 20))
        statuses = {
            "given": [
                "given",
                "partner_contacted",
                "meeting_held",
                "closed_business",
                "not_a_fit",
                "no_response",
            ],
            "received": [
                "received",
                "contacted",
                "meeting_held",
                "closed_business",
                "not_a_fit",
                "lost",
            ],
        }

        def referral(i: int):
            direction = "given" if i % 2 else "received"
            partner = rng.choice(partners)
            status = rng.choice(statuses[direction])
            return (
                i,
                (today - dt.timedelta(days=rng.randint(0, 1500))).isoformat(),
                direction,
                partner if direction == "received" else None,
                partner if direction == "given" else None,
                rng.randint(1, contacts),
                rng.choice(NEEDS),
                rng.randint(1, 5),
                status,
                rng.randint(1000, 500000) * 100 if status == "closed_business" else None,
                now,
                now,
                new_uuid(),
            )

        conn.executemany(
            "INSERT INTO referral (id, date, direction, referrer_id, recipient_id, prospect_id, need, warmth, status, "
            "value_cents, created_at, updated_at, uuid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (referral(i) for i in range(1, referrals + 1)),
        )
        conn.executemany(
            "INSERT INTO note (kind, at, contact_id, body, created_at, updated_at, uuid) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    "call",
                    now,
                    rng.randint(1, contacts),
                    note_text(rng),
                    now,
                    now,
                    new_uuid(),
                )
                for _ in range(notes)
            ),
        )
        conn.executemany(
            "INSERT INTO follow_up (kind, title, due, contact_id, referral_id, rule, created_at, "
            "updated_at, uuid) VALUES ('custom', ?, ?, ?, ?, '', ?, ?, ?)",
            (
                (
                    f"Follow up {i}",
                    (today + dt.timedelta(days=rng.randint(-30, 60))).isoformat(),
                    rng.randint(1, contacts),
                    rng.randint(1, referrals),
                    now,
                    now,
                    new_uuid(),
                )
                for i in range(referrals // 5)
            ),
        )
        conn.execute("COMMIT")
        # The change log holds every record as it stands (as for a folder made before the
        # log): what the services would have logged, one entry per record.
        with folder.transaction():
            changelog.append(conn, folder.device, changelog.baseline(conn))
        return folder.counts()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--notes", type=int, default=100_000)
    args = parser.parse_args()
    started = time.perf_counter()
    counts = build(args.directory, args.contacts, args.referrals, args.notes)
    print(f"built {args.directory} in {time.perf_counter() - started:.1f} s: {counts}")


if __name__ == "__main__":
    main()
