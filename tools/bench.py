"""`make bench`: wall-clock medians of teikit's commands, with ratios against reference tools where they exist."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 7


def median_wall(cmd: list[str], runs: int = RUNS) -> float:
    """Median wall time in seconds of running `cmd` as a whole process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    teikit = [sys.executable, "-m", "teikit"]
    rows = [("teikit --version (process start)", median_wall([*teikit, "--version"]))]
    width = max(len(name) for name, _ in rows)
    print(f"{'task':<{width}}  median (s)   runs={RUNS}")
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
