"""The converter's messages: anomalies found on the way, each tied to a source line (FILE:LINE: warning: ...)."""

from __future__ import annotations

from pathlib import Path

from teikit.errors import Finding, TeikitError


class Report:
    """Collects warnings and notes; an error is raised at once, since the output would be wrong."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.findings: list[Finding] = []

    def warn(self, line: int | None, rule: str, message: str) -> None:
        self.findings.append(Finding(self.source, line or 0, 0, "warning", rule, message))

    def warn_at(self, file: str | Path, line: int | None, rule: str, message: str) -> None:
        """A warning about another file than the transcription (an editorial data file)."""
        self.findings.append(Finding(str(file), line or 0, 0, "warning", rule, message))

    def info(self, line: int | None, rule: str, message: str) -> None:
        self.findings.append(Finding(self.source, line or 0, 0, "info", rule, message))

    def error(self, line: int | None, message: str) -> TeikitError:
        """The error to raise: `raise report.error(line, "...")`."""
        return TeikitError(message, self.source, line)

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]


def format_finding(finding: Finding, severity: str | None = None) -> str:
    """`FILE:LINE: warning: message`, the form compilers use, so editors can jump to the line."""
    where = f"{finding.file}:{finding.line}" if finding.line else finding.file
    return f"{where}: {severity or finding.severity}: {finding.message} [{finding.rule}]"
