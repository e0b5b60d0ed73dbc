"""The child of the crash test: random use-cases on a folder, each reported once it returned.

    python tests/crash_worker.py DIR SEED

Prints "OK <kind> <key>" after each operation has returned (so it is committed), and runs
until it is killed. The parent kills it with SIGKILL at a random moment and then checks
that the file is sound and that everything reported is there.
"""

from __future__ import annotations

import datetime as dt
import random
import sys

from networking_folder.domain.model import Contact, Direction, FollowUp, Note, Referral
from networking_folder.services import Folder


def main() -> None:
    directory, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    folder = Folder.open(directory)
    contacts: list[int] = [r.id for r in folder.contacts.rows()]
    step = 0
    while True:
        step += 1
        key = f"{seed}-{step}"
        choice = rng.random()
        if choice < 0.35 or len(contacts) < 2:
            contacts.append(
                folder.contacts.create(
                    Contact(name=f"Person {key}", notes="n" * rng.randint(0, 3000))
                )
            )
            print(f"OK contact {key}", flush=True)
        elif choice < 0.6:
            a, b = rng.sample(contacts, 2)
            folder.referrals.create(
                Referral(
                    rng.choice(list(Direction)), a, b, dt.date(2026, 11, 20), need=f"Need {key}"
                )
            )
            print(f"OK referral {key}", flush=True)
        elif choice < 0.8:
            folder.notes.create(
                Note(
                    f"Note {key} " + "word " * rng.randint(1, 500), contact_id=rng.choice(contacts)
                )
            )
            print(f"OK note {key}", flush=True)
        elif choice < 0.9:
            folder.follow_ups.create(
                FollowUp(f"Follow-up {key}", dt.date(2026, 12, 1), contact_id=rng.choice(contacts))
            )
            print(f"OK follow_up {key}", flush=True)
        else:
            victim = rng.choice(contacts)
            contacts.remove(victim)
            batch = folder.contacts.delete([victim])
            folder.trash.restore(batch)
            contacts.append(victim)
            print(f"OK restore {key}", flush=True)


if __name__ == "__main__":
    main()
