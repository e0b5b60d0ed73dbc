"""Run the crash worker, kill it with SIGKILL at a random moment, and check the folder."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

WORKER = Path(__file__).with_name("crash_worker.py")
QUERIES = {
    # Live or in the trash: the worker's delete-then-restore step may be cut between the two.
    "contact": "SELECT count(*) FROM contact WHERE name = ?",
    "referral": "SELECT count(*) FROM referral WHERE need = ?",
    "note": "SELECT count(*) FROM note WHERE body LIKE ? || ' %'",
    "follow_up": "SELECT count(*) FROM follow_up WHERE title = ?",
}
PREFIX = {"contact": "Person ", "referral": "Need ", "note": "Note ", "follow_up": "Follow-up "}


def crash_once(directory: Path, seed: int, rng: random.Random) -> tuple[int, list[str]]:
    """Kill a worker once; returns how many operations it reported and any problems found."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(WORKER.parent.parent), env.get("PYTHONPATH", "")])
    child = subprocess.Popen(
        [sys.executable, str(WORKER), str(directory), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    reported: list[str] = []
    reader = threading.Thread(
        target=lambda: reported.extend(line.strip() for line in child.stdout), daemon=True
    )
    reader.start()
    time.sleep(rng.uniform(0.6, 2.0))  # the worker is mid-work when the kill comes
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    reader.join(timeout=10)
    problems = []
    if child.returncode != -signal.SIGKILL:
        problems.append(
            f"worker ended by itself ({child.returncode}): {child.stderr.read()[-500:]}"
        )
    path = directory / "networking-folder.sqlite3"
    conn = sqlite3.connect(path)  # opening replays the WAL, as the program would
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            problems.append(f"integrity_check: {verdict}")
        for line in reported:
            if not line.startswith("OK "):
                continue
            _, kind, key = line.split()
            if kind == "restore":
                continue
            if conn.execute(QUERIES[kind], (PREFIX[kind] + key,)).fetchone()[0] < 1:
                problems.append(f"lost: {kind} {key}, reported before the kill")
    finally:
        conn.close()
    return len(reported), problems


def main() -> None:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(
        description="Crash the folder at random and check it every time."
    )
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="nf-crash-")) / "folder"
    rng = random.Random(1)
    total, failures = 0, 0
    for run in range(args.runs):
        count, problems = crash_once(directory, run, rng)
        total += count
        if problems:
            failures += 1
            print(f"run {run}: {problems[:3]}")
    print(
        f"{args.runs} kills, {total:,} operations reported before them, {failures} runs with problems"
    )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
