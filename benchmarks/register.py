"""The promoter register on a large folder, against a bare read of the same rows, in one run.

    python benchmarks/register.py [--promoters 500] [--referrals 50000] [--items 5000] [--runs 7]

A folder of ``promoters`` people who sent you ``referrals`` received referrals (half of them
with a disclosure recorded) and were given ``items`` compensation items over three years.
Times, each the median of ``runs``:
- ``warnings(day)``: what the home page asks after every change (R11's warnings);
- ``register(day)``: every promoter's line, as the register window and the report read it;
- ``entry(id, day)``: one person's line, as their page reads it;
against the baseline: a plain SELECT of the same items and received referrals.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from networking_folder.services import Folder  # noqa: E402
from networking_folder.store.identity import new_uuid  # noqa: E402

DAY = dt.date(2026, 11, 24)


def fill(folder: Folder, promoters: int, referrals: int, items: int) -> None:
    rng = random.Random(14)
    made = f"{DAY.isoformat()} 09:00:00"
    conn = folder.db.connection()
    with folder.transaction():
        conn.executemany(
            "INSERT INTO contact (id, uuid, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            [(n, new_uuid(), f"Person {n:05d}", made, made) for n in range(1, promoters + referrals + 1)],
        )
        rows = []
        for n in range(1, referrals + 1):
            day = DAY - dt.timedelta(days=rng.randint(0, 1000))
            disclosed = day.isoformat() if rng.random() < 0.5 else None
            rows.append((n, new_uuid(), day.isoformat(), rng.randint(1, promoters),
                         promoters + n, disclosed, made, made))  # fmt: skip
        conn.executemany(
            "INSERT INTO referral (id, uuid, date, direction, referrer_id, prospect_id, status,"
            " fee_disclosed_on, created_at, updated_at)"
            " VALUES (?, ?, ?, 'received', ?, ?, 'received', ?, ?, ?)",
            rows,
        )
        referrer = {n: r[3] for n, r in zip(range(1, referrals + 1), rows, strict=True)}
        given = []
        for _ in range(items):
            referral = rng.randint(1, referrals)
            day = DAY - dt.timedelta(days=rng.randint(0, 1100))
            given.append((new_uuid(), referrer[referral], referral, day.isoformat(),
                          rng.randint(10, 900) * 100, int(rng.random() < 0.3), "Thank-you", made, made))  # fmt: skip
        conn.executemany(
            "INSERT INTO compensation (uuid, promoter_id, referral_id, given_on, value_cents, cash,"
            " description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            given,
        )


def median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--promoters", type=int, default=500)
    parser.add_argument("--referrals", type=int, default=50_000)
    parser.add_argument("--items", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory, Folder.open(Path(directory)) as folder:
        start = time.perf_counter()
        fill(folder, args.promoters, args.referrals, args.items)
        print(f"folder: {args.promoters} promoters, {args.referrals} received referrals, "
              f"{args.items} items (made in {time.perf_counter() - start:.1f} s)")  # fmt: skip
        register = folder.promoters

        def bare():
            folder.query("SELECT promoter_id, referral_id, given_on, value_cents, cash, description"
                         " FROM compensation WHERE deleted_at IS NULL")  # fmt: skip
            folder.query("SELECT referrer_id, id, date, prospect_id, fee_disclosed_on, disclosed_how"
                         " FROM referral WHERE deleted_at IS NULL AND direction = 'received'")  # fmt: skip

        baseline = median_ms(bare, args.runs)
        print(f"baseline (a bare SELECT of the items and received referrals): {baseline:.1f} ms")
        for name, action in (
            ("warnings(day), the home page's", lambda: register.warnings(DAY)),
            ("register(day), the window's and the report's", lambda: register.register(DAY)),
            ("entry(id, day), a person's page", lambda: register.entry(7, DAY)),
        ):
            took = median_ms(action, args.runs)
            print(f"{name}: {took:.1f} ms ({took / baseline:.2f}× the baseline)")
        said = register.warnings(DAY)
        print(f"warnings on {DAY}: {len(said)}")


if __name__ == "__main__":
    main()
