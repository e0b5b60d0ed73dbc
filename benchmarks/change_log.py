"""What the change log costs a write, against the same writes without it, in one run.

    python benchmarks/change_log.py [--writes 1000] [--rounds 10]

Two folders filled alike (the demo data); the same 1,000 writes made in each, each in its own
transaction as the window makes them (a note logged, a contact edited, a follow-up done, a
referral moved on, a contact added), in interleaved rounds so that the machine's moods fall on
both. One folder logs its changes; the other runs with the log switched off (the bare
baseline: the same services, the same apply, no log entries). Prints the time per write of
each (medians over the rounds) and the ratio (target <= 1.20), and the log's size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from networking_folder.domain.model import Contact, Note, Status  # noqa: E402
from networking_folder.services import Folder  # noqa: E402
from networking_folder.services.demo import fill_demo_folder  # noqa: E402
from networking_folder.store import records  # noqa: E402

TODAY = dt.date(2026, 11, 23)
NEXT = {
    Status.GIVEN: Status.PARTNER_CONTACTED,
    Status.PARTNER_CONTACTED: Status.MEETING_HELD,
    Status.RECEIVED: Status.CONTACTED,
    Status.CONTACTED: Status.MEETING_HELD,
}


def one_write(folder: Folder, number: int) -> None:
    """The window's everyday writes, in turn; each is one transaction of its own."""
    people = folder.contacts.rows()
    person = people[number % len(people)]
    kind = number % 5
    if kind == 0:
        folder.notes.create(Note(f"Called about the plan, take {number}.", contact_id=person.id))
    elif kind == 1:
        contact = folder.contacts.get(person.id)
        contact.notes = f"Prefers mornings (noted {number})."
        folder.contacts.update(contact)
    elif kind == 2:
        due = folder.follow_ups.due_by(TODAY + dt.timedelta(days=400))
        if due:
            folder.follow_ups.complete(due[0].id, "Done")
        else:
            folder.contacts.create(Contact(name=f"Someone {number}"))
    elif kind == 3:
        moving = [r for r in folder.referrals.rows() if r.status in NEXT]
        if moving:
            folder.referrals.set_status(moving[0].id, NEXT[moving[0].status])
        else:
            folder.contacts.create(Contact(name=f"Someone {number}"))
    else:
        folder.contacts.create(Contact(name=f"New person {number}", company="Acme"))


def timed_round(folder: Folder, start: int, count: int) -> float:
    records.bind(folder.db)  # two folders open in one process: the records follow this one
    began = time.perf_counter()
    for number in range(start, start + count):
        one_write(folder, number)
    return (time.perf_counter() - began) / count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nf-bench-log-"))
    logged, bare = Folder.open(work / "logged"), Folder.open(work / "bare")
    bare.log_changes = False
    for folder in (logged, bare):
        records.bind(folder.db)
        fill_demo_folder(folder, today=TODAY)
    per_round = max(1, args.writes // args.rounds)
    times: dict[str, list[float]] = {"logged": [], "bare": []}
    for round_number in range(args.rounds):
        order = [("logged", logged), ("bare", bare)]
        if round_number % 2:
            order.reverse()  # neither always goes first
        for name, folder in order:
            times[name].append(timed_round(folder, round_number * per_round, per_round))
    with_log = statistics.median(times["logged"])
    without = statistics.median(times["bare"])
    entries = logged.query("SELECT count(*) FROM change_log")[0][0]
    size = logged.query("SELECT sum(length(old) + length(new)) FROM change_log")[0][0] or 0
    print(
        f"{per_round * args.rounds:,} writes, each in its own transaction "
        f"({args.rounds} interleaved rounds, medians):"
    )
    print(f"  without the change log {without * 1000:.2f} ms a write (the baseline)")
    print(
        f"  with the change log    {with_log * 1000:.2f} ms a write, "
        f"ratio {with_log / without:.2f} (target <= 1.20)"
    )
    print(f"  the log: {entries:,} entries, {size / 1024:,.0f} KiB of values")
    logged.close()
    bare.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
