"""An XPath 2 Schematron schema read into plain data: namespaces, and patterns of rules of assertions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from teikit.errors import TeikitError
from teikit.findings import severity_of
from teikit.xmlio import SCH_NS, XSL_NS, parse_file

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


class Schema(NamedTuple):
    """A Schematron schema: its namespaces (prefix -> URI), patterns, global lets (name -> expression) and XSLT keys
    (name -> (match, use) of each xsl:key of that name)."""

    namespaces: dict[str, str]
    patterns: list[Pattern]
    lets: dict[str, str]
    keys: dict[str, list[tuple[str, str]]]


def load_schematron(path: str | Path) -> Schema:
    """An ISO Schematron schema, or the Schematron embedded in a RELAX NG schema.

    The global lets are those of the schema and of its patterns: each is evaluated once per document, the document
    node as its context, and every rule of every pattern sees it, as the ISO skeleton and SchXslt make them (XSLT
    variables at the top level) and as schemas written for them rely on (TEI's jTEI declares its lets in a pattern
    of their own). A name declared twice among them is an error of the schema; a rule's own let may hide one. The
    `xsl:key`s, which the XSLT query bindings allow, are what XSLT's key() looks up (queries.expand_keys)."""
    root = parse_file(path).getroot()
    namespaces = {ns.get("prefix"): ns.get("uri") for ns in root.iter(f"{_S}ns")}
    global_lets: dict[str, str] = {}
    in_patterns = (let for pattern in root.iter(f"{_S}pattern") for let in pattern.iterchildren(f"{_S}let"))
    for let in [*root.iterchildren(f"{_S}let"), *in_patterns]:
        name, value = let.get("name"), let.get("value")
        if not name or value is None:
            raise TeikitError("an sch:let needs @name and @value (a let whose content is its value is not supported)",
                              path, let.sourceline)
        if name in global_lets:
            raise TeikitError(f"sch:let name={name!r} is declared twice among the schema's and patterns' lets, which "
                              "are global", path, let.sourceline)
        global_lets[name] = value
    patterns = []
    for number, pattern in enumerate(root.iter(f"{_S}pattern"), 1):
        if pattern.get("abstract") == "true" or pattern.get("is-a"):
            raise TeikitError("abstract patterns are not supported", path, pattern.sourceline)
        rules = []
        for rule in pattern.iterfind(f"{_S}rule"):
            if rule.get("abstract") == "true" or rule.find(f"{_S}extends") is not None:
                raise TeikitError("abstract rules (extends) are not supported", path, rule.sourceline)
            lets = tuple((let.get("name"), let.get("value")) for let in rule.iterfind(f"{_S}let"))
            if any(value is None for _, value in lets):
                raise TeikitError("an sch:let needs @value (a let whose content is its value is not supported)", path,
                                  rule.sourceline)
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
        patterns.append(Pattern(pattern.get("id") or f"pattern-{number}", tuple(rules)))
    keys: dict[str, list[tuple[str, str]]] = {}
    for key in root.iter(f"{{{XSL_NS}}}key"):
        if not key.get("name") or not key.get("match") or not key.get("use"):
            raise TeikitError("an xsl:key needs @name, @match and @use (a key whose content is its value is not "
                              "supported)", path, key.sourceline)
        keys.setdefault(key.get("name"), []).append((key.get("match"), key.get("use")))
    return Schema(namespaces, patterns, global_lets, keys)

