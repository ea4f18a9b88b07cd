"""The report for GitHub Actions: workflow commands that annotate each finding, and a Markdown step summary."""

from __future__ import annotations

from collections.abc import Sequence

from teikit.validate.reports.summary import plural, summarize
from teikit.validate.run import Check, FileResult

# The step summary lists at most this many findings: GitHub refuses step summaries over 1 MiB.
SUMMARY_ROWS = 200

# GitHub workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render_github(
    checks: Sequence[Check], results: Sequence[FileResult], quiet: bool = False, seconds: float | None = None
) -> str:
    """One `::error file=...,line=...,col=...,title=rule::message` command per finding, then the summary line."""
    lines = []
    for result in results:
        for f in result.findings:
            if quiet and f.severity != "error":
                continue
            place = f",line={f.line}" + (f",col={f.column}" if f.column else "") if f.line else ""  # when known
            props = f"file={_escape_property(f.file)}{place},title={_escape_property(f.rule)}"
            lines.append(f"::{_COMMANDS[f.severity]} {props}::{_escape_data(f.message)}")
    lines.append(str(summarize(results, seconds)))
    return "".join(line + "\n" for line in lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_step_summary(checks: Sequence[Check], results: Sequence[FileResult], seconds: float | None = None) -> str:
    """A Markdown section for $GITHUB_STEP_SUMMARY: the summary line and a table of findings."""
    summary = summarize(results, seconds)
    verdict = "all valid" if not summary.invalid else f"{plural(summary.invalid, 'invalid file')}"
    lines = ["### teikit validate: " + verdict, "", str(summary), ""]
    lines.append("Checks: " + ", ".join(f"{check.kind} `{check.schema}`" for check in checks))
    findings = [f for result in results for f in result.findings]
    if findings:
        lines += ["", "| file | line | col | severity | rule | message |", "|---|---:|---:|---|---|---|"]
        for f in findings[:SUMMARY_ROWS]:
            cells = [f"`{f.file}`", str(f.line), str(f.column), f.severity, f"`{f.rule}`", f.message]
            lines.append("| " + " | ".join(_escape_cell(c) for c in cells) + " |")
        if len(findings) > SUMMARY_ROWS:
            lines += ["", f"... and {len(findings) - SUMMARY_ROWS} more findings (see the job's log)."]
    return "\n".join(lines) + "\n\n"


def _escape_cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())
