"""`teikit validate`: run the checks asked for, write the report, return the exit code; and `teikit report`,
which writes the merged reports of several runs."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from teikit import outputs
from teikit.errors import TeikitError
from teikit.parallel import Progress, collect_paths, parse_shard, select_shard
from teikit.validate.merge import merge_reports
from teikit.validate.reports import render, render_step_summary, summarize
from teikit.validate.run import Check, FileResult, plan_checks, validate

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
    progress: str = "auto",
    force: bool = False,
    odd: str | None = None,
    source: str | None = None,
) -> int:
    """Validate `paths` and report in `fmt` to stdout or to the file `output`: 0 when valid, 1 when not, 2 when a
    file could not be read (the worst seen; every file is checked and reported whatever the others are).

    `jobs` worker processes share the files; `shard` ("K/N") keeps only the K-th of N parts of them (the JSON
    report then says which, for `teikit report`). `progress`: "auto" (a bar on a terminal), "bar", "lines" (a line
    every few files, for CI logs) or "none". `odd` (with its P5 `source`) adds the RELAX NG and Schematron compiled
    from it to `schemas`. The report `output` may not be an input, and replaces a file teikit did not write only
    with `force`.
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
    whole = None
    if shard:
        k, n = parse_shard(shard)
        every = files
        files = select_shard(every, k, n)
        whole = (k, n, len(every))
    meter = Progress(len(files), sys.stderr, enabled=not quiet, mode=progress)
    try:
        results = validate(files, checks, jobs, meter)
    finally:
        meter.close()
    if whole:
        position = {path: i for i, path in enumerate(every)}
        results = [replace(result, position=position[path]) for path, result in zip(files, results, strict=True)]
    seconds = time.perf_counter() - started
    code = write_report(fmt, checks, results, seconds, output, quiet, whole, force)
    if verbose:
        for check in checks:
            print(f"checked: {check}", file=sys.stderr)
        print(f"time: {seconds:.3f} s with {jobs} job{'s' if jobs != 1 else ''}", file=sys.stderr)
    return code


def run_report(reports: Sequence[str], fmt: str = "text", output: str | None = None, quiet: bool = False,
               force: bool = False) -> int:
    """`teikit report`: merge the JSON reports of `teikit validate` (the shards of one run, most often) and write
    them as one report in `fmt`, as one run over all their files would have; 0 when every file is valid, 1 when one
    is not, 2 when one could not be read. The `output` may not be one of the reports (checked before any is read),
    and replaces a file teikit did not write only with `force`."""
    if output:
        outputs.check_outputs([output], outputs.Inputs(files=tuple(map(Path, reports))))
        outputs.refuse_replacing(output, force, 0, tolerance=1.0)
    merged = merge_reports(list(reports))
    return write_report(fmt, merged.checks, merged.results, merged.seconds, output, quiet, force=force)


def write_report(
    fmt: str, checks: Sequence[Check], results: Sequence[FileResult], seconds: float | None, output: str | None,
    quiet: bool, shard: tuple[int, int, int] | None = None, force: bool = False,
) -> int:
    """Write the report in `fmt` to `output` (the summary then on stderr; by the house rules, `force` to replace a
    file teikit did not write) or stdout, and GitHub's step summary for the github format in Actions; the exit code
    of the results (the worst seen)."""
    report = render(fmt, checks, results, quiet, seconds, shard)
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
    return summary.exit_code


def _append(path: Path, text: str) -> None:
    """Add `text` at the end of `path` (GitHub's step summary file collects every step's sections)."""
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    outputs.atomic_write(path, before + text, record=False)
