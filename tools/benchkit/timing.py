"""How `make bench` times commands: whole processes, medians, run in turn with their reference tools."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = 7


def median_wall(cmd: list[str], runs: int = RUNS) -> float:
    """Median wall time in seconds of running `cmd` as a whole process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_wall_any_exit(
    cmd: list[str], runs: int = RUNS, env: dict | None = None, verdicts: tuple[int, ...] = (0, 1)
) -> float:
    """Like `median_wall`, for commands whose exit status is a verdict (1 = invalid), not a failure."""
    return statistics.median(measure(cmd, env, verdicts).wall for _ in range(runs))


def interleaved_medians(
    cmds: list[list[str]], runs: int = RUNS, env: dict | None = None, verdicts: tuple[int, ...] = (0, 1)
) -> list[float]:
    """Median wall times of several commands run in turn, run after run: a slow spell of this shared machine then
    falls on all of them alike, and their ratio holds."""
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for cmd, mine in zip(cmds, times, strict=True):
            mine.append(measure(cmd, env, verdicts).wall)
    return [statistics.median(mine) for mine in times]


@dataclass(frozen=True)
class Run:
    """One whole process: wall time, CPU time (user + system, its children included) and peak resident memory."""

    wall: float
    cpu: float
    peak: int  # bytes, of the process or of its largest child (a worker), whichever is larger


def measure(cmd: list[str], env: dict | None = None, verdicts: tuple[int, ...] = (0, 1)) -> Run:
    """Run `cmd` once; a failure (an exit status not in `verdicts`) stops the bench with its message."""
    with tempfile.TemporaryFile() as errors:  # (a file, not a pipe, which a chatty command would fill and block)
        start = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        errors.seek(0)
        error = errors.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in verdicts:
        raise SystemExit(f"bench: {' '.join(cmd)} failed ({code}): {error.strip()[-500:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)


def load() -> str:
    """The machine's load (1-minute average, and cores), to print beside figures taken on a shared machine."""
    return f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
