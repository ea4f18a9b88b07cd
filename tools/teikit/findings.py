"""Findings: what every stage reports about a place in a file, the one severity map, the one way to print one."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("error", "warning", "info")
# A Schematron @role (or any checker's level word) and the severity of its findings; every other role is an error.
_ROLE_SEVERITY = {
    "warning": "warning",
    "warn": "warning",
    "info": "info",
    "information": "info",
    "informational": "info",
}


def severity_of(role: str | None) -> str:
    """The severity a role names: warning/warn, info/information/informational, and error for anything else."""
    return _ROLE_SEVERITY.get((role or "").strip().lower(), "error")


@dataclass(frozen=True, order=True)
class Finding:
    """One message about one place: what validators, converters and checkers yield.

    A line or column of 0 means unknown (the converter knows lines of its source, not columns).
    """

    file: str
    line: int
    column: int
    severity: str  # "error" | "warning" | "info"
    rule: str
    message: str

    def location(self) -> str:
        """`file:line:col`, without the parts that are unknown (no column without a line)."""
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}" if self.column else f"{self.file}:{self.line}"

    def format(self, severity: str | None = None, compiler: bool = False) -> str:
        """The finding as one line: `file:line:col: severity [rule] message`, as validators print it, or with
        `compiler`, `file:line: severity: message [rule]`, the form compilers use, so that editors jump to the line.
        `severity` replaces the finding's own (the converter's --strict prints warnings as errors)."""
        severity = severity or self.severity
        if compiler:
            return f"{self.location()}: {severity}: {self.message} [{self.rule}]"
        return f"{self.location()}: {severity} [{self.rule}] {self.message}"

    def __str__(self) -> str:
        return self.format()
