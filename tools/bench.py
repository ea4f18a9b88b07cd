"""`make bench`: wall-clock medians of teikit's commands, with ratios against reference tools where they exist."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
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


def bench_deposit(teikit: list[str]) -> list[tuple[str, float]]:
    """`teikit deposit` of the edition (validate, bag, zip, records) against bagit.py bagging the same payload."""
    edition = ROOT / "tei" / "foundations-of-leninism-ch4.xml"
    exports = [ROOT / "build" / f"{edition.stem}{suffix}" for suffix in (".html", ".txt")]
    if not edition.is_file() or not all(p.is_file() for p in exports):
        return [("teikit deposit: skipped, run `make` first (needs the edition and its exports)", float("nan"))]
    with tempfile.TemporaryDirectory() as tmp:
        ours = median_wall([*teikit, "deposit", str(edition), "-o", f"{tmp}/out", "--force"])
        payload, copy = Path(tmp) / "out" / edition.stem / "data", Path(tmp) / "ref"
        # The reference copies the payload as teikit does, then makes the bag alone (same two checksums).
        bag = f'"{sys.executable}" -m bagit -q --sha256 --sha512 "{copy}"'
        script = f'rm -rf "{copy}" && cp -r "{payload}" "{copy}" && {bag}'
        reference = median_wall(["sh", "-c", script])
    return [
        (f"teikit deposit, edition ({ours / reference:.1f}x bagit.py)", ours),
        ("bagit.py, same payload (reference: bag only)", reference),
    ]


def main() -> int:
    teikit = [sys.executable, "-m", "teikit"]
    rows = [("teikit --version (process start)", median_wall([*teikit, "--version"]))]
    rows += bench_deposit(teikit)
    width = max(len(name) for name, _ in rows)
    print(f"{'task':<{width}}  median (s)   runs={RUNS}")
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
