"""Report writers for `teikit validate`: text for people, JSON for programs, JUnit XML and GitHub annotations for CI.

They only format results; every writer takes the checks that ran and one `FileResult` per file, in input order.

The JSON report (format "teikit-validate/1") is one object:

    {"format": "teikit-validate/1", "teikit": "0.1.0",
     "checks": [{"kind": "rng", "schema": "teikit.rng"}, {"kind": "xsd", "schema": "teikit.xsd", "engine": "libxml2"}],
     "summary": {"files": 2, "valid": 1, "invalid": 1, "errors": 3, "warnings": 0, "infos": 0},
     "files": [{"file": "a.xml", "valid": false,
                "findings": [{"line": 3, "column": 5, "severity": "error", "rule": "rng", "message": "..."}]}]}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from teikit import __version__
from teikit.findings import Finding
from teikit.validate.run import Check, FileResult

FORMATS = ("text", "json", "junit", "github")
JSON_FORMAT = "teikit-validate/1"

# The step summary lists at most this many findings: GitHub refuses step summaries over 1 MiB.
SUMMARY_ROWS = 200


@dataclass(frozen=True)
class Summary:
    files: int
    valid: int
    invalid: int
    errors: int
    warnings: int
    infos: int
    by_rule: dict[str, int]  # findings per rule, most frequent first
    seconds: float | None = None  # wall time of the whole run, when known

    def __str__(self) -> str:
        took = f" in {self.seconds:.2f} s" if self.seconds is not None else ""
        text = (
            f"{_plural(self.files, 'file')} checked{took}: {self.valid} valid, {self.invalid} invalid, "
            f"{_plural(self.errors, 'error')}, {_plural(self.warnings, 'warning')}"
        )
        text += f", {_plural(self.infos, 'info')}" if self.infos else ""
        if self.by_rule:
            text += "; by rule: " + ", ".join(f"{rule} {count}" for rule, count in self.by_rule.items())
        return text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summarize(results: Sequence[FileResult], seconds: float | None = None) -> Summary:
    findings = [f for result in results for f in result.findings]
    valid = sum(result.valid for result in results)
    counts = Counter(f.rule for f in findings)
    return Summary(
        by_rule=dict(sorted(counts.items(), key=lambda item: (-item[1], item[0]))),
        seconds=seconds,
        files=len(results),
        valid=valid,
        invalid=len(results) - valid,
        errors=sum(f.severity == "error" for f in findings),
        warnings=sum(f.severity == "warning" for f in findings),
        infos=sum(f.severity == "info" for f in findings),
    )


def render(
    fmt: str, checks: Sequence[Check], results: Sequence[FileResult], quiet: bool = False, seconds: float | None = None
) -> str:
    """The whole report in format `fmt` ("text", "json", "junit" or "github"); `seconds` is the run's wall time."""
    writers = {"text": render_text, "json": render_json, "junit": render_junit, "github": render_github}
    return writers[fmt](checks, results, quiet, seconds)


def render_text(
    checks: Sequence[Check], results: Sequence[FileResult], quiet: bool = False, seconds: float | None = None
) -> str:
    """`file:line:col: severity [rule] message` lines, then a summary line (quiet: error lines only)."""
    lines = [str(f) for result in results for f in result.findings if not quiet or f.severity == "error"]
    if not quiet:
        lines.append(str(summarize(results, seconds)))
    return "".join(line + "\n" for line in lines)


def render_json(
    checks: Sequence[Check], results: Sequence[FileResult], quiet: bool = False, seconds: float | None = None
) -> str:
    report = {
        "format": JSON_FORMAT,
        "teikit": __version__,
        "checks": [
            {"kind": check.kind, "schema": str(check.schema), **({"engine": check.engine} if check.engine else {})}
            for check in checks
        ],
        "summary": {**vars(summarize(results)), "seconds": None if seconds is None else round(seconds, 3)},
        "files": [
            {
                "file": result.file,
                "valid": result.valid,
                "findings": [
                    {
                        "line": f.line,
                        "column": f.column,
                        "severity": f.severity,
                        "rule": f.rule,
                        "message": f.message,
                    }
                    for f in result.findings
                ],
            }
            for result in results
        ],
    }
    import json  # only for this format: 4 ms at start otherwise

    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def render_junit(
    checks: Sequence[Check], results: Sequence[FileResult], quiet: bool = False, seconds: float | None = None
) -> str:
    """JUnit XML: a testsuite for well-formedness and one per check, a testcase per file in each.

    A file fails a suite when that check found an error in it; its findings are the failure's text. A file that is
    not well-formed is skipped by the other suites. Warnings and infos go to the testcase's system-out.
    """
    root = etree.Element("testsuites", name="teikit validate")
    suites = [("well-formed", "well-formed", [r.well_formed for r in results])]
    for index, check in enumerate(checks):
        suites.append((str(check), check.kind, [r.by_check[index] for r in results]))
    total = failed = 0
    for suite_name, kind, per_file in suites:
        suite = etree.SubElement(root, "testsuite", name=suite_name)
        failures = skipped = 0
        for result, found in zip(results, per_file, strict=True):
            case = etree.SubElement(suite, "testcase", classname=f"teikit.{kind}", name=result.file, file=result.file)
            errors = [f for f in found if f.severity == "error"]
            if kind != "well-formed" and not result.parsed:
                etree.SubElement(case, "skipped", message="not well-formed XML")
                skipped += 1
            elif errors:
                failure = etree.SubElement(case, "failure", message=_failure_message(errors), type=errors[0].rule)
                failure.text = "".join(f"{f}\n" for f in errors)
                failures += 1
            notes = [f for f in found if f.severity != "error"]
            if notes:
                etree.SubElement(case, "system-out").text = "".join(f"{f}\n" for f in notes)
        suite.set("tests", str(len(results)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", str(skipped))
        total += len(results)
        failed += failures
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")
    if seconds is not None:
        root.set("time", f"{seconds:.3f}")
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8").decode("utf-8")


def _failure_message(errors: list[Finding]) -> str:
    first = errors[0]
    more = f" (and {_plural(len(errors) - 1, 'more error')})" if len(errors) > 1 else ""
    return f"line {first.line}: [{first.rule}] {first.message}{more}"


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
            props = f"file={_escape_property(f.file)},line={f.line},col={f.column},title={_escape_property(f.rule)}"
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
    verdict = "all valid" if not summary.invalid else f"{_plural(summary.invalid, 'invalid file')}"
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
