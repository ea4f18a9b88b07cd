"""The summary of a validation: files, verdicts and findings counted, as every report format ends with it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from teikit.validate.run import FileResult


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
    unreadable: int = 0  # of the invalid files, those that could not be read as documents at all

    @property
    def exit_code(self) -> int:
        """The worst exit code of the files: 2 when one could not be read, 1 when one is invalid, else 0."""
        return 2 if self.unreadable else 1 if self.invalid else 0

    def __str__(self) -> str:
        took = f" in {self.seconds:.2f} s" if self.seconds is not None else ""
        text = (
            f"{plural(self.files, 'file')} checked{took}: {self.valid} valid, {self.invalid} invalid"
            f"{f' ({self.unreadable} unreadable)' if self.unreadable else ''}, "
            f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')}"
        )
        text += f", {plural(self.infos, 'info')}" if self.infos else ""
        if self.by_rule:
            text += "; by rule: " + ", ".join(f"{rule} {count}" for rule, count in self.by_rule.items())
        return text


def plural(count: int, word: str) -> str:
    """"1 file", "2 files"."""
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
        unreadable=sum(result.unreadable for result in results),
    )
