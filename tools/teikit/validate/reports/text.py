"""The report for people: one `file:line:col: severity [rule] message` line per finding, then the summary."""

from __future__ import annotations

from collections.abc import Sequence

from teikit.validate.reports.summary import summarize
from teikit.validate.run import Check, FileResult


def render_text(
    checks: Sequence[Check], results: Sequence[FileResult], quiet: bool = False, seconds: float | None = None
) -> str:
    """Finding lines, then a summary line (quiet: error lines only)."""
    lines = [str(f) for result in results for f in result.findings if not quiet or f.severity == "error"]
    if not quiet:
        lines.append(str(summarize(results, seconds)))
    return "".join(line + "\n" for line in lines)
