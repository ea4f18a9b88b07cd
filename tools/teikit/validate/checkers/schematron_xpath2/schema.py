"""An XPath 2 Schematron schema read into plain data: namespaces, and patterns of rules of assertions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from teikit.errors import TeikitError
from teikit.findings import severity_of
from teikit.xmlio import SCH_NS, parse_file

_S = f"{{{SCH_NS}}}"

@dataclass(frozen=True)
class Assertion:
    """An sch:assert (fires when its test is false) or sch:report (fires when true): ISO Schematron's assertions."""

    is_assert: bool
    test: str
    message: etree._Element  # the sch:assert/sch:report element, for its text, sch:name and sch:value-of
    severity: str
    line: int  # in the Schematron file, for messages about the schema itself


@dataclass(frozen=True)
class Rule:
    """An sch:rule: the nodes its context matches, its lets, and its assertions."""

    context: str
    lets: tuple[tuple[str, str], ...]
    checks: tuple[Assertion, ...]

    @property
    def let_names(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.lets)


@dataclass(frozen=True)
class Pattern:
    """An sch:pattern: a node is handled by the first of its rules whose context matches it."""

    id: str
    rules: tuple[Rule, ...]


def load_schematron(path: str | Path) -> tuple[dict[str, str], list[Pattern]]:
    """Namespaces and patterns of an ISO Schematron schema, or of the Schematron embedded in a RELAX NG schema."""
    root = parse_file(path).getroot()
    namespaces = {ns.get("prefix"): ns.get("uri") for ns in root.iter(f"{_S}ns")}
    patterns = []
    for number, pattern in enumerate(root.iter(f"{_S}pattern"), 1):
        if pattern.get("abstract") == "true" or pattern.get("is-a"):
            raise TeikitError("abstract patterns are not supported", path, pattern.sourceline)
        rules = []
        for rule in pattern.iterfind(f"{_S}rule"):
            if rule.get("abstract") == "true" or rule.find(f"{_S}extends") is not None:
                raise TeikitError("abstract rules (extends) are not supported", path, rule.sourceline)
            lets = tuple((let.get("name"), let.get("value")) for let in rule.iterfind(f"{_S}let"))
            checks = tuple(
                Assertion(
                    is_assert=child.tag == f"{_S}assert",
                    test=child.get("test"),
                    message=child,
                    severity=severity_of(child.get("role") or rule.get("role")),
                    line=child.sourceline or 0,
                )
                for child in rule
                if child.tag in (f"{_S}assert", f"{_S}report")
            )
            rules.append(Rule(rule.get("context"), lets, checks))
        if pattern.find(f"{_S}let") is not None:
            raise TeikitError("pattern-level sch:let is not supported", path, pattern.sourceline)
        patterns.append(Pattern(pattern.get("id") or f"pattern-{number}", tuple(rules)))
    if root.find(f"{_S}let") is not None:
        raise TeikitError("schema-level sch:let is not supported", path)
    return namespaces, patterns

