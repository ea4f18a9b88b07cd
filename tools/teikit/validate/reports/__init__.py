"""Report writers for `teikit validate`: they only format results. Each takes the checks that ran and one
`FileResult` per file, in input order; adding a format is adding its module and one line in `WRITERS`."""

from __future__ import annotations

from collections.abc import Sequence

from teikit.validate.reports.github import render_github, render_step_summary
from teikit.validate.reports.json import render_json
from teikit.validate.reports.junit import render_junit
from teikit.validate.reports.sarif import render_sarif
from teikit.validate.reports.summary import Summary, summarize
from teikit.validate.reports.text import render_text
from teikit.validate.run import Check, FileResult

WRITERS = {"text": render_text, "json": render_json, "junit": render_junit, "github": render_github,
           "sarif": render_sarif}
FORMATS = tuple(WRITERS)


def render(
    fmt: str, checks: Sequence[Check], results: Sequence[FileResult], quiet: bool = False, seconds: float | None = None,
    shard: tuple[int, int, int] | None = None,
) -> str:
    """The whole report in format `fmt` (one of FORMATS); `seconds` is the run's wall time; `shard` (K, N, files of
    the whole run) says, in the JSON report, which shard of a run it is."""
    if fmt == "json":
        return render_json(checks, results, quiet, seconds, shard)
    return WRITERS[fmt](checks, results, quiet, seconds)


__all__ = ["FORMATS", "Summary", "render", "render_step_summary", "summarize"]
