"""Every partner's scorecard on the large folder, against one bare grouped count, in one run.

    python benchmarks/scorecards.py [--folder DIR] [--runs 9]

Times folder.scorecards.partners() for the current quarter (all the figures: counts, closed
value by closing day, conversion, median days to first contact, one-to-ones, last touch, the
R6 warnings) on a folder of 10,000 contacts and 100,000 referrals (made by
make_large_folder.py when --folder is not given); the baseline is one bare
"count referrals per partner" query on the same file. Prints medians and the ratio
(target: under 300 ms).
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

from networking_folder.services import Folder  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    directory = args.folder
    if directory is None:
        import subprocess

        directory = Path(tempfile.mkdtemp(prefix="nf-bench-cards-")) / "large"
        maker = Path(__file__).with_name("make_large_folder.py")
        subprocess.run([sys.executable, str(maker), str(directory)], check=True)
    bare, ours, count = [], [], 0
    with Folder.open(directory) as folder:
        today = dt.date.today()
        for _ in range(args.runs):
            began = time.perf_counter()
            folder.query(
                "SELECT coalesce(recipient_id, referrer_id), count(*) FROM referral "
                "WHERE deleted_at IS NULL GROUP BY 1"
            )
            bare.append(time.perf_counter() - began)
            began = time.perf_counter()
            count = len(folder.scorecards.partners(today=today))
            ours.append(time.perf_counter() - began)
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"scorecards of {count:,} partners (median of {args.runs} runs):")
    print(f"  one bare grouped count of the referrals {b * 1000:.0f} ms")
    print(f"  every scorecard, every figure         {o * 1000:.0f} ms, ratio {o / b:.1f} (target < 300 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
