"""`teikit report`: the JSON reports of several runs, the shards of one corpus most often, read back and merged.

Shards of one run (`validate --shard K/N --format json`, on N CI jobs or Slurm tasks) come back together in the
order of the whole run (each file's `position`), so that the merged report, in any format, is the report one run
over the whole corpus would have written: same files, same order, same findings and summary. Its time is that of
the slowest shard (they ran side by side). Reports of separate runs (without shards) follow each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from teikit.errors import TeikitError, byte_position
from teikit.findings import SEVERITIES, Finding
from teikit.validate.reports.json import JSON_FORMAT
from teikit.validate.run import Check, FileResult


@dataclass(frozen=True)
class Report:
    """One JSON report read back."""

    path: str
    checks: tuple[Check, ...]
    results: tuple[FileResult, ...]
    seconds: float | None
    shard: tuple[int, int, int] | None  # (K, N, files of the whole run)


def read_report(path: str | Path) -> Report:
    """A `teikit validate --format json` report; anything else is an input error naming the file."""
    import json  # (as in the JSON writer: json is imported by what needs it)

    give = "give the reports of teikit validate --format json"
    try:
        raw = Path(path).read_bytes()
        if not raw.strip():
            raise TeikitError(f"the file is empty: {give}", path, 1, 1)
        data = json.loads(raw.decode("utf-8-sig"))
    except FileNotFoundError:
        raise TeikitError("no such report", path) from None
    except IsADirectoryError:
        raise TeikitError(f"is a folder: {give}", path) from None
    except OSError as err:
        raise TeikitError(f"cannot read this report: {err.strerror or err}", path) from None
    except UnicodeDecodeError as err:
        raise TeikitError(f"not UTF-8 (byte 0x{raw[err.start]:02x}): {give}", path,
                          *byte_position(raw, err.start)) from None
    except json.JSONDecodeError as err:
        raise TeikitError(f"not JSON ({err.msg}): {give}", path, err.lineno, err.colno) from None
    except RecursionError:  # (json recurses once per level: a hostile file is not a report)
        raise TeikitError(f"nested too deeply to be a report: {give}", path) from None
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise TeikitError(f"not a teikit validate report (its format is not {JSON_FORMAT}): {give}", path)
    try:
        checks = tuple(Check(c["kind"], Path(c["schema"]), c.get("engine")) for c in data["checks"])
        results = tuple(_result(entry, len(checks)) for entry in data["files"])
        shard = data.get("shard")
        shard = (int(shard["index"]), int(shard["count"]), int(shard["files"])) if shard else None
        seconds = data.get("summary", {}).get("seconds")
    except (KeyError, TypeError, ValueError, IndexError) as err:
        raise TeikitError(f"a teikit validate report with a part missing or wrong ({err!r}): was it edited?",
                          path) from None
    if shard and any(r.position is None for r in results):
        raise TeikitError("a shard's report without the files' positions: was it edited?", path)
    return Report(str(path), checks, results, seconds, shard)


def _result(entry: dict, checks: int) -> FileResult:
    """A file's result: its findings back in the check that made them (None: well-formedness)."""
    well_formed: list[Finding] = []
    by_check: list[list[Finding]] = [[] for _ in range(checks)]
    for f in entry["findings"]:
        if f["severity"] not in SEVERITIES:
            raise ValueError(f"severity {f['severity']!r}")
        finding = Finding(entry["file"], int(f["line"]), int(f["column"]), f["severity"], f["rule"], f["message"])
        check = f.get("check")
        (well_formed if check is None else by_check[int(check)]).append(finding)
    position = entry.get("position")
    return FileResult(entry["file"], tuple(well_formed), tuple(map(tuple, by_check)),
                      None if position is None else int(position))


def merge_reports(paths: list[str | Path]) -> Report:
    """The reports at `paths` as one: the shards of one run in the whole run's order (all N of them must be
    there), or separate runs one after the other. They must have run the same checks."""
    if not paths:
        raise TeikitError("report needs at least one JSON report of teikit validate")
    reports = [read_report(path) for path in paths]
    first = reports[0]
    for report in reports[1:]:
        if report.checks != first.checks:
            raise TeikitError(f"these reports ran different checks ({_checks(report)}; {first.path}: "
                              f"{_checks(first)}): merge only runs of the same checks", report.path)
    sharded = [r for r in reports if r.shard]
    if sharded and len(sharded) != len(reports):
        raise TeikitError("some reports are shards (--shard) and some are not: merge the shards of one run",
                          next(r for r in reports if not r.shard).path)
    if sharded:
        results = _shards_in_order(reports)
    else:
        results = [result for report in reports for result in report.results]
        _refuse_repeats(reports)
    times = [r.seconds for r in reports if r.seconds is not None]
    return Report(", ".join(r.path for r in reports), first.checks, tuple(results), max(times) if times else None,
                  None)


def _shards_in_order(reports: list[Report]) -> list[FileResult]:
    count, total = reports[0].shard[1], reports[0].shard[2]
    seen: dict[int, str] = {}
    for report in reports:
        index, n, files = report.shard
        if (n, files) != (count, total):
            raise TeikitError(f"shard {index}/{n} of a run of {files} files, with shards of a run of {total} files "
                              f"in {count} parts: merge the shards of one run", report.path)
        if index in seen:
            raise TeikitError(f"shard {index}/{n} is given twice (also {seen[index]})", report.path)
        seen[index] = report.path
    missing = [f"{k}/{count}" for k in range(1, count + 1) if k not in seen]
    if missing:
        raise TeikitError(f"shard{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing: give the reports "
                          f"of all {count} shards of the run")
    results = sorted((result for report in reports for result in report.results), key=lambda r: r.position)
    if [r.position for r in results] != list(range(total)):
        raise TeikitError(f"the shards' files are not the {total} files of one run: were the reports edited?")
    return [FileResult(r.file, r.well_formed, r.by_check) for r in results]


def _refuse_repeats(reports: list[Report]) -> None:
    where: dict[str, str] = {}
    for report in reports:
        for result in report.results:
            if result.file in where:
                raise TeikitError(f"{result.file} is in two reports (also {where[result.file]}): merge each run "
                                  "once", report.path)
            where[result.file] = report.path


def _checks(report: Report) -> str:
    return ", ".join(str(check) for check in report.checks) or "none"
