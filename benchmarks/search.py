"""Search latency over a large folder, against a bare FTS5 query on the same index, in one run.

    python benchmarks/search.py [--folder DIR]

Types realistic searches one keystroke at a time ("m", "ma", "mar", … as a user does)
and times folder.search.find for each: median and p95 over the keystrokes (target p95
<= 30 ms at 100,000 notes). The baseline is one bare MATCH query on the notes' index, newest
first, without the other kinds, titles or snippets; a ranked query (ORDER BY rank, what the first version
did) is timed too, to show why it was dropped.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from networking_folder.services import Folder  # noqa: E402
from networking_folder.services.search import match_expression  # noqa: E402

SEARCHES = [
    "maria",
    "retire income",
    "müller",
    "401k rollover",
    "dentist",
    "zoe",
    "chamber mixer",
    "estate plan",
]


def keystrokes() -> list[str]:
    typed = []
    for text in SEARCHES:
        typed += [text[:n] for n in range(1, len(text) + 1)]
    return typed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(fraction * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--folder", type=Path, help="a large folder (made by make_large_folder.py if not given)"
    )
    args = parser.parse_args()
    directory = args.folder
    if directory is None:
        from benchmarks.make_large_folder import build

        directory = Path(tempfile.mkdtemp(prefix="nf-bench-")) / "large"
        print(f"large folder: {build(directory, 10_000, 100_000, 100_000)}")
    with Folder.open(directory) as folder:
        notes = folder.counts()["notes"]
        typed = keystrokes()
        folder.search.find("warm up the cache")
        bare, ranked, ours = [], [], []
        for text in typed:
            expression = match_expression(text)
            started = time.perf_counter()
            folder.query(
                "SELECT rowid FROM search_note WHERE search_note MATCH ? ORDER BY rowid DESC LIMIT 90",
                (expression,),
            )
            bare.append(time.perf_counter() - started)
            started = time.perf_counter()
            folder.query(
                "SELECT rowid FROM search_note WHERE search_note MATCH ? ORDER BY rank LIMIT 90",
                (expression,),
            )
            ranked.append(time.perf_counter() - started)
            started = time.perf_counter()
            folder.search.find(text)
            ours.append(time.perf_counter() - started)
    for name, times in (("bare FTS5 query", bare), ("ranked query", ranked), ("search.find", ours)):
        print(
            f"{name:16} over {notes:,} notes: median {statistics.median(times) * 1000:.1f} ms, "
            f"p95 {percentile(times, 0.95) * 1000:.1f} ms ({len(times)} keystrokes)"
        )
    print(
        f"ratio of medians {statistics.median(ours) / statistics.median(bare):.2f}; target p95 <= 30 ms"
    )


if __name__ == "__main__":
    main()
