"""Importing a 10,000-card vCard file into a folder, stage by stage, against a bare baseline.

    python benchmarks/import_vcards.py [--cards 10000]

Makes a vCard 3.0 file of CARDS people (names, two phones, an email, a company, a title, a
note, a LinkedIn URL, a UID), then times, in one run: reading it (our pre-pass and vobject),
planning (cleaning each card, normalising phones to E.164, checking emails, matching against
the folder), writing it (in short transactions, logged, recorded for undo), and planning it
again (the second import, which changes nothing). The baseline is the bare cost of putting
the same number of rows into SQLite with executemany, measured on the same machine in the
same run. The target: the whole import under 20 s. It also counts how often the progress
callback reported (the window's progress bar moves that many times).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from networking_folder.services import Folder, importer  # noqa: E402


def vcards(count: int) -> bytes:
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bench-{i}\r\nFN:Person {i} Example\r\n"
        "N:Example;Person {i};;;\r\nORG:Company {c};\r\nTITLE:Planner\r\n"
        "TEL;TYPE=CELL:(202) 555-{p:04d}\r\nTEL;TYPE=WORK:+1 312 555 {p:04d}\r\n"
        "EMAIL;TYPE=INTERNET:person{i}@example.com\r\n"
        "URL:https://www.linkedin.com/in/person-{i}\r\n"
        "NOTE:Met at the chamber breakfast\\, {i}. Likes golf.\r\nEND:VCARD\r\n"
    )
    return "".join(card.format(i=i, c=i % 700, p=i % 10000) for i in range(count)).encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    args = parser.parse_args()
    data = vcards(args.cards)
    work = Path(tempfile.mkdtemp(prefix="nf-bench-import-"))

    start = time.perf_counter()
    conn = sqlite3.connect(work / "bare.sqlite3")
    conn.execute("CREATE TABLE t (name TEXT, emails TEXT, phones TEXT, notes TEXT)")
    with conn:
        conn.executemany(
            "INSERT INTO t VALUES (?, ?, ?, ?)",
            [(f"Person {i}", f'["p{i}@example.com"]', "[]", "note") for i in range(args.cards)],
        )
    conn.close()
    bare = time.perf_counter() - start

    with Folder.open(work / "folder") as folder:
        folder.settings.set("calendar.country", "US")
        t0 = time.perf_counter()
        read = importer.read_file(data, "vcard")
        t1 = time.perf_counter()
        the_plan = importer.plan(folder, read, "bench.vcf")
        t2 = time.perf_counter()
        moves = []
        step = importer.apply(folder, the_plan, progress=lambda d, t: moves.append(d))
        t3 = time.perf_counter()
        again = importer.plan(folder, importer.read_file(data, "vcard"), "bench.vcf")
        t4 = time.perf_counter()
        assert len(the_plan.new) == args.cards and not again.changes_anything(), "import failed"
        assert step is not None
    total = t3 - t0
    print(f"cards: {args.cards}  ({len(data) / 2**20:.1f} MB)")
    print(f"read:        {t1 - t0:6.2f} s")
    print(f"plan:        {t2 - t1:6.2f} s")
    print(f"write:       {t3 - t2:6.2f} s  (progress reported {len(moves)} times)")
    print(f"import:      {total:6.2f} s  (target: under 20 s)")
    print(f"again:       {t4 - t3:6.2f} s  (read and plan; nothing to write)")
    print(f"bare insert: {bare:6.3f} s  -> import is {total / bare:.0f}x a bare executemany")
    return 0


if __name__ == "__main__":
    sys.exit(main())
