"""The report for programs: JSON, format "teikit-validate/1", stable. One object:

    {"format": "teikit-validate/1", "teikit": "0.1.0",
     "checks": [{"kind": "rng", "schema": "teikit.rng"}, {"kind": "xsd", "schema": "teikit.xsd", "engine": "libxml2"}],
     "summary": {"files": 2, "valid": 1, "invalid": 1, "errors": 3, "warnings": 0, "infos": 0, "by_rule": {...},
                 "unreadable": 0, "seconds": 0.05},
     "files": [{"file": "a.xml", "valid": false,
                "findings": [{"line": 3, "column": 5, "severity": "error", "rule": "rng", "message": "...",
                              "check": 0}]}]}

A finding's `check` is the index in `checks` of the check that made it (null for a file that is not well-formed).
A run of one shard (`--shard K/N`) also says which, `"shard": {"index": K, "count": N, "files": F}` (F: the files
of the whole run), and each file its `position` among those F: what `teikit report` merges shards by.
"""

from __future__ import annotations

from collections.abc import Sequence

from teikit import __version__
from teikit.validate.reports.summary import summarize
from teikit.validate.run import Check, FileResult

JSON_FORMAT = "teikit-validate/1"


def render_json(
    checks: Sequence[Check], results: Sequence[FileResult], quiet: bool = False, seconds: float | None = None,
    shard: tuple[int, int, int] | None = None,
) -> str:
    """The report as JSON; `shard` is (K, N, files of the whole run) for a run of one shard."""
    report = {
        "format": JSON_FORMAT,
        "teikit": __version__,
        "checks": [
            {"kind": check.kind, "schema": str(check.schema), **({"engine": check.engine} if check.engine else {})}
            for check in checks
        ],
        "summary": {**vars(summarize(results)), "seconds": None if seconds is None else round(seconds, 3)},
        **({"shard": dict(zip(("index", "count", "files"), shard, strict=True))} if shard else {}),
        "files": [
            {
                "file": result.file,
                **({"position": result.position} if result.position is not None else {}),
                "valid": result.valid,
                "findings": [
                    {
                        "line": f.line,
                        "column": f.column,
                        "severity": f.severity,
                        "rule": f.rule,
                        "message": f.message,
                        "check": check,
                    }
                    for f, check in zip(result.findings, result.checks_of(), strict=True)
                ],
            }
            for result in results
        ],
    }
    import json  # here, as traceback in cli (with tempfile, no longer used: 4-8% of validating the edition)

    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
