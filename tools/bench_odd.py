"""`make bench`, the ODD part (issue 13): `teikit schema EXEMPLAR.odd` of each TEI exemplar as a whole process, cold
and found in the cache, `validate --odd`, and peak memory, each against its goal, with the TEI Stylesheets' figures
(quoted: teikit never needs Java). Run alone with `python tools/bench.py odd`.

Each figure is a median, of wall time and of CPU time (user + system, of the process): on this shared machine other
users' load inflates the first and hardly the second, so both are printed, and a goal is met when the wall time is
within it, nearly met ("CPU only") when only the CPU time is.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 7

# The TEI Stylesheets (odd2odd + odd2relax, Saxon, Java) on these machines, from ../shared/tei/README.md: 4-9 s an
# exemplar on a quiet machine, tei_all 8.7 s, JVM included.
STYLESHEETS_TEI_ALL, STYLESHEETS_OTHERS = 8.7, (4.0, 9.0)
GOALS = {"tei_all cold": 1.0, "other exemplar cold": 0.5, "cached": 0.05, "memory MB": 300}


def shared() -> Path:
    """../shared, or $TEIKIT_SHARED."""
    return Path(os.environ.get("TEIKIT_SHARED", ROOT.parent / "shared"))


def run_timed(cmd: list[str], env: dict | None, verdicts: tuple[int, ...] | None = (0,)) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak resident bytes) of one run of `cmd` as a child process; an exit status not
    in `verdicts` (unless None) stops the bench."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if verdicts is not None and os.waitstatus_to_exitcode(status) not in verdicts:
        raise SystemExit(f"bench: {' '.join(cmd)} failed (exit {os.waitstatus_to_exitcode(status)})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def medians(cmds: list[list[str]], envs: list[dict], runs: int = RUNS, verdicts=(0,)) -> list[tuple[float, float]]:
    """(median wall, median CPU) of each command, run in turn run after run, so that load falls on all alike."""
    times: list[list[tuple[float, float]]] = [[] for _ in cmds]
    for run in range(runs):
        for cmd, env, mine in zip(cmds, envs, times, strict=True):
            mine.append(run_timed(cmd, env(run) if callable(env) else env, verdicts)[:2])
    return [(statistics.median(w for w, _ in mine), statistics.median(c for _, c in mine)) for mine in times]


def verdict(figure: tuple[float, float], goal: float) -> str:
    wall, cpu = figure
    return "met" if wall <= goal else ("CPU only" if cpu <= goal else "MISSED")


def bench_odd(notes: list[str]) -> list[tuple[str, float]]:
    """The rows and notes of the ODD part; nothing (and a note) without ../shared/tei/p5."""
    exemplars = shared() / "tei" / "p5" / "exemplars"
    source = shared() / "tei" / "p5" / "p5subset.xml"
    if not source.is_file():
        notes.append("odd: skipped, ../shared/tei/p5 is absent (set TEIKIT_SHARED)")
        return []
    teikit = [sys.executable, "-m", "teikit"]
    schema = [*teikit, "schema", "-q", "--source", str(source)]
    names = sorted(p.stem for p in exemplars.glob("*.odd"))
    rows, goals = [], []
    with tempfile.TemporaryDirectory() as tmp:
        def cold_env(name: str):
            return lambda run: {**os.environ, "TEIKIT_CACHE_DIR": f"{tmp}/cache-{name}-{run}"}  # empty each run

        cmds = [[*schema, str(exemplars / f"{n}.odd"), "-o", f"{tmp}/out"] for n in names]
        cold = dict(zip(names, medians(cmds, [cold_env(n) for n in names]), strict=True))
        others = [n for n in names if n != "tei_all"]
        slowest = max(others, key=lambda n: cold[n][0])
        rows += [("schema tei_all.odd, cold", cold["tei_all"][0]),
                 (f"schema, each other exemplar, cold: median of {len(others)}",
                  statistics.median(cold[n][0] for n in others)),
                 (f"schema, slowest other exemplar ({slowest}), cold", cold[slowest][0])]
        goals.append(("schema tei_all.odd cold", cold["tei_all"], GOALS["tei_all cold"]))
        goals += [(f"schema {n}.odd cold", cold[n], GOALS["other exemplar cold"]) for n in others]

        warm = {**os.environ, "TEIKIT_CACHE_DIR": f"{tmp}/cache-warm"}
        tei_all = cmds[names.index("tei_all")]
        run_timed(tei_all, warm)  # fills the cache
        time.sleep(2.1)  # the outputs it wrote are older than digests.py's moment: their digests are remembered
        run_timed(tei_all, warm)
        cached, version = medians([tei_all, [*teikit, "--version"]], [warm, warm], runs=2 * RUNS + 1)
        rows += [("schema tei_all.odd, found in the cache (whole process)", cached[0]),
                 ("teikit --version (the same runs, in turn)", version[0])]
        goals.append(("schema tei_all.odd found in the cache", cached, GOALS["cached"]))
        code = ("import statistics, sys, time; from teikit.schema.compile import compile_odd; ts = []\n"
                "for _ in range(9):\n t = time.perf_counter(); compile_odd(sys.argv[1], sys.argv[2]); "
                "ts.append(time.perf_counter() - t)\nprint(statistics.median(ts))")
        done = subprocess.run([sys.executable, "-c", code, str(exemplars / "tei_all.odd"), str(source)], cwd=ROOT,
                              check=True, capture_output=True, text=True, env=warm)
        rows.append(("compile_odd(tei_all.odd), found in the cache (in a process)", float(done.stdout)))

        # validate --odd against validate --schema of the files it compiled (its cache entry), in turn.
        odd, document = exemplars / "tei_lite.odd", exemplars / "tei_lite.tei"
        validate = [*teikit, "validate", "-q", "-j", "1"]
        by_odd = [*validate, "--odd", str(odd), "--source", str(source), str(document)]
        run_timed(by_odd, warm, verdicts=(0, 1))
        code = "import sys; from teikit.schema.compile import odd_schemas; print(*odd_schemas(*sys.argv[1:]))"
        done = subprocess.run([sys.executable, "-c", code, str(odd), str(source)], cwd=ROOT, check=True,
                              capture_output=True, text=True, env=warm)
        by_schema = [*validate, *(a for p in done.stdout.split() for a in ("--schema", p)), str(document)]
        with_odd, with_schemas = medians([by_odd, by_schema], [warm, warm], runs=2 * RUNS + 1, verdicts=(0, 1))
        added = (with_odd[0] - with_schemas[0], with_odd[1] - with_schemas[1])
        rows += [("validate --odd tei_lite.odd tei_lite.tei (compiled, cached)", with_odd[0]),
                 ("validate --schema of the same compiled RNG + Schematron", with_schemas[0])]
        goals.append(("validate --odd: added to validate --schema (goal: the cached compile above)", added, cached[0]))

        peak = max(run_timed(tei_all, cold_env("memory")(run))[2] for run in range(3))
    notes.append(f"odd: tei_all cold / TEI Stylesheets (8.7 s, quoted): "
                 f"{cold['tei_all'][0] / STYLESHEETS_TEI_ALL:.3f}x; slowest other exemplar cold / the Stylesheets' "
                 f"fastest (4 s): "
                 f"{cold[slowest][0] / STYLESHEETS_OTHERS[0]:.3f}x (their range 4-9 s)")
    notes.append("odd: each exemplar cold, wall / CPU (s): "
                 + ", ".join(f"{n} {cold[n][0]:.2f}/{cold[n][1]:.2f}" for n in names))
    for name, (wall, cpu), goal in goals:
        notes.append(f"odd goal: {name}: {wall:.3f} s (CPU {cpu:.3f} s), goal <= {goal:.3g} s: "
                     f"{verdict((wall, cpu), goal)}")
    met = "met" if peak / 1e6 <= GOALS["memory MB"] else "MISSED"
    notes.append(f"odd goal: schema tei_all.odd cold, peak memory: {peak / 1e6:.0f} MB, goal <= 300 MB: {met}")
    return rows
