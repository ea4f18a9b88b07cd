"""`teikit validate`: run the checks asked for, write the report, return the exit code."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from teikit import outputs
from teikit.errors import TeikitError
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
    force: bool = False,
    odd: str | None = None,
    source: str | None = None,
) -> int:
    """Validate `paths` and report in `fmt` to stdout or to the file `output`: 0 when valid, 1 when not, 2 when a
    file could not be read (the worst seen; every file is checked and reported whatever the others are).

    `jobs` worker processes share the files; `shard` ("K/N") keeps only the K-th of N parts of them. `odd` (with
    its P5 `source`) adds the RELAX NG and Schematron compiled from it to `schemas`. The report `output` may not be
    an input, and replaces a file teikit did not write only with `force`.
    """
    started = time.perf_counter()
    files = collect_paths(paths, keep_missing=True)
    if not files:
        raise TeikitError(f"no .xml files found in {', '.join(paths)}: give TEI files, or folders that hold some")
    if output:  # before anything is read, and again when the report is written
        read = [Path(s) for s in (*schemas, odd, source) if s]
        read += [Path(tei_all)] if isinstance(tei_all, str | Path) else []
        outputs.check_outputs([output], outputs.documents(files, paths, read))
        outputs.refuse_replacing(output, force, 0, tolerance=1.0)
    if odd:
        from teikit.schema.compile import odd_schemas  # the schema stage, only for --odd (20 ms of imports)

        schemas = [*schemas, *map(str, odd_schemas(odd, source))]
    checks = plan_checks(schemas, tei_all, xsd_engine)
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
        with outputs.claim([Path(output).parent], quiet):
            outputs.write_file(output, report, force)
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
    return summary.exit_code


def _append(path: Path, text: str) -> None:
    """Add `text` at the end of `path` (GitHub's step summary file collects every step's sections: not teikit's)."""
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    outputs.atomic_write(path, before + text, record=False)
