"""The crash test at length: 500 kills at random moments (the test suite runs 25).

python benchmarks/crash_stress.py [--runs 500]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.crash_check import main  # noqa: E402

if __name__ == "__main__":
    main()
