"""`teikit validate`: run the checks asked for, write the report, return the exit code."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from teikit import xmlio
from teikit.errors import EXIT_INVALID, EXIT_OK
from teikit.parallel import Progress, collect_paths, parse_shard, select_shard
from teikit.validate.reports import render, render_step_summary, summarize
from teikit.validate.run import plan_checks, validate

STEP_SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


def run_validate(
    paths: Sequence[str],
    schemas: Sequence[str] = (),
    tei_all: str | bool | None = None,
    fmt: str = "text",
    output: str | None = None,
    quiet: bool = False,
    verbose: bool = False,
    xsd_engine: str | None = None,
    jobs: int = 1,
    shard: str | None = None,
) -> int:
    """Validate `paths` and report in `fmt` to stdout or to the file `output`; 0 when valid, 1 when not.

    `jobs` worker processes share the files; `shard` ("K/N") keeps only the K-th of N parts of them.
    """
    started = time.perf_counter()
    checks = plan_checks(schemas, tei_all, xsd_engine)
    files = collect_paths(paths)
    if shard:
        files = select_shard(files, *parse_shard(shard))
    progress = Progress(len(files), sys.stderr, enabled=not quiet)
    try:
        results = validate(files, checks, jobs, progress)
    finally:
        progress.close()
    seconds = time.perf_counter() - started
    report = render(fmt, checks, results, quiet, seconds)
    summary = summarize(results, seconds)
    if output:
        xmlio.atomic_write(output, report)
        if not quiet:
            print(summary, file=sys.stderr)
    else:
        sys.stdout.write(report)
    if fmt == "github" and os.environ.get(STEP_SUMMARY_ENV):
        _append(Path(os.environ[STEP_SUMMARY_ENV]), render_step_summary(checks, results, seconds))
    if verbose:
        for check in checks:
            print(f"checked: {check}", file=sys.stderr)
        print(f"time: {seconds:.3f} s with {jobs} job{'s' if jobs != 1 else ''}", file=sys.stderr)
    return EXIT_INVALID if summary.invalid else EXIT_OK


def _append(path: Path, text: str) -> None:
    """Add `text` at the end of `path` (GitHub's step summary file collects every step's sections)."""
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    xmlio.atomic_write(path, before + text)
