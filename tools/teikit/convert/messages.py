"""The converter's messages: anomalies found on the way, each tied to a source line (FILE:LINE: warning: ...)."""

from __future__ import annotations

from pathlib import Path

from teikit.errors import TeikitError
from teikit.findings import Finding


class Messages:
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
        """The error to raise: `raise messages.error(line, "...")`."""
        return TeikitError(message, self.source, line)
