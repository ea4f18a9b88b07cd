"""The report for code scanning: SARIF 2.1.0 (OASIS), which GitHub code scanning and other CI dashboards read.

One run of one tool (teikit) with a rule per finding rule (rng, xsd, tei-all, well-formed, and each Schematron rule
id), and a result per finding at its file, line and column (counted in characters, as teikit counts them). Paths
that are relative stay relative to `%SRCROOT%`, the folder teikit ran in, so that GitHub places them in the
repository; others become file: URIs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from teikit import __version__
from teikit.validate.run import Check, FileResult

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# What a check's own rule is (its grammar), and what the other rules of a check are, for the rule descriptions.
_GRAMMARS = {"rng": "RELAX NG grammar", "xsd": "XML Schema", "tei-all": "TEI All's grammar"}
_RULES = {"schematron": "Schematron rule", "tei-all": "TEI All's Schematron constraint"}


def render_sarif(
    checks: Sequence[Check], results: Sequence[FileResult], quiet: bool = False, seconds: float | None = None
) -> str:
    """A SARIF 2.1.0 log of every finding (quiet: errors only)."""
    rules: dict[str, dict] = {}
    index: dict[str, int] = {}
    found = []
    for result in results:
        for finding, check in zip(result.findings, result.checks_of(), strict=True):
            if quiet and finding.severity != "error":
                continue
            if finding.rule not in rules:
                rules[finding.rule] = _rule(finding.rule, None if check is None else checks[check])
                index[finding.rule] = len(index)
            region = {"startLine": max(finding.line, 1), **({"startColumn": finding.column} if finding.column else {})}
            found.append({
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                "level": _LEVELS[finding.severity],
                "message": {"text": finding.message},
                "locations": [{"physicalLocation": {"artifactLocation": _artifact(finding.file), "region": region}}],
            })
    run = {
        "tool": {"driver": {"name": "teikit", "version": __version__, "semanticVersion": __version__,
                            "rules": list(rules.values())}},
        "invocations": [{"executionSuccessful": True}],
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": found,
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    import json  # here, as in the JSON report: json is imported only by the reports that need it

    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(rule: str, check: Check | None) -> dict:
    """The descriptor of a rule: what it checks, and in which schema."""
    if check is None:
        text = "The file is well-formed XML that teikit can read"
    elif rule == check.kind:
        text = f"{_GRAMMARS.get(check.kind, check.kind)} {check.schema}"
    else:
        text = f"{_RULES.get(check.kind, check.kind)} {rule} of {check.schema}"
    return {"id": rule, "shortDescription": {"text": text}}


def _artifact(file: str) -> dict:
    path = Path(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(PurePosixPath(*path.parts).as_posix()), "uriBaseId": "%SRCROOT%"}
