"""ISO Schematron with XPath 2 (queryBinding xslt2), as TEI's own constraints need: a small runner on elementpath.

lxml's Schematron speaks XPath 1 only, and TEI's constraints use XPath 2 (`eq`, `castable as`, sequences,
`tokenize`). This runner implements what those constraints use: `sch:ns`, patterns of rules in order (a node is
handled by the first rule of a pattern whose context matches it), rule-level `sch:let`, `sch:assert` and
`sch:report` with `sch:name` and `sch:value-of` in their messages, and `role` as the severity.

Speed: a rule's context is first looked for with libxml2's XPath 1 when it is plain XPath 1 (almost all are), so a
rule costs nothing on documents without its elements; elementpath (XPath 2) then evaluates the lets and tests on the
nodes found, and wraps the document only when some rule matched. A test that is plain XPath 1 without comparisons
(whose meaning is the same in both versions) is evaluated by libxml2 directly.

Most checks are plain XPath 1 on a context named by its element (`tei:lg`, `tei:l//tei:p`). Looking each one up
costs a walk over the whole document, so these are first run together by `_Sieve`: one XSLT 1.0 pass whose
templates, keyed by element name, say which checks fire anywhere. Only those are then looked for one by one (to
find the nodes and messages); on a valid document, none.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from teikit.errors import TeikitError
from teikit.findings import Finding
from teikit.xmlio import parse_bytes, parse_file, xslt_access_control

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
_S = f"{{{SCH_NS}}}"
# Schematron roles and the severity of their findings; a missing role is an error.
SEVERITY = {"warning": "warning", "warn": "warning", "info": "info", "information": "info"}
# An expression whose meaning may differ between XPath 1 and 2: comparisons, variables, XPath 2 syntax that
# libxml2 might still parse. Such tests always go to elementpath.
# `=` and `!=` mean the same in both when comparing nodes and literals (string values; numbers as numbers), and
# `eq`/`ne` on single values (an attribute, normalize-space(.)) mean what `=`/`!=` do; `<`, `>` do not (XPath 1
# compares numbers, XPath 2 strings).
_NOT_PLAIN_XPATH1 = re.compile(
    r"[<>]|\$(?!teikit_current\b)|\b(?:lt|le|gt|ge|is|instance|castable|cast|treat|every|some|for|if)\b"
)
# A function call or node test, e.g. "count(" or "text(", and those XPath 1 has (with the same meaning in 2).
_FUNCTION_CALL = re.compile(r"(?<![\w.:-])([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*\(")
_XPATH1_FUNCTIONS = frozenset(
    "last position count id local-name namespace-uri name string concat starts-with contains substring-before "
    "substring-after substring string-length normalize-space translate boolean not true false lang number sum "
    "floor ceiling round text node comment processing-instruction".split()
)
# A variable reference, e.g. "$gi".
_VARIABLE = re.compile(r"\$([A-Za-z_][\w.-]*)")
_EQ_NE = re.compile(r"\s(eq|ne)\s")
_SPACES = re.compile(r"\s+")
# A count compared with a number, e.g. "count( child::* ) > 0": the same in XPath 1 and 2.
_COUNT_COMPARISON = re.compile(r"count\(\s*[^()]*\)\s*(?:=|!=|<=|>=|<|>)\s*\d+")
# The top-level predicates of a step, e.g. "[@when]" in "tei:*[@when]" (no nested brackets inside).
_PREDICATE = re.compile(r"\[([^\[\]]*)\]")
# A conjunct that needs an attribute: "@when", "starts-with( @spanTo, '#')".
_REQUIRED_ATTRIBUTE = re.compile(r"@([A-Za-z_][\w.-]*)|starts-with\(\s*@([A-Za-z_][\w.-]*)\s*,.*\)")
# `count(PATH) > N` or `count(PATH) gt N`: PATH selects something.
_COUNT_ABOVE = re.compile(r"count\(\s*(.+?)\s*\)\s*(?:>|gt)\s*\d+")
# Tests whose value depends on the position of the node among others: never evaluated in bulk.
_POSITIONAL = re.compile(r"\b(?:position|last)\s*\(")
# A named step "prefix:local" (not an attribute, not an axis such as "ancestor::").
_NAMED_STEP = re.compile(r"(?<![@\w.:-])([A-Za-z_][\w.-]*):([A-Za-z_][\w.-]*)")
# A path of steps only, e.g. "ancestor::tei:l" or "../@from" (no function call, operator or space).
_PLAIN_PATH = re.compile(r"[\w:.\-/*@]+")
# XPath 2 value comparisons, e.g. "@mode eq 'delete'", and the general comparison of XPath 1 for each.
_VALUE_COMPARISON = re.compile(r"\s(eq|ne|lt|le|gt|ge)\s")
_GENERAL = {"eq": "=", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
# XSLT's current(), which TEI's tests use (e.g. "ancestor::tei:l[. = current()]").
_CURRENT = re.compile(r"\bcurrent\(\s*\)")
CURRENT_VAR = "teikit_current"
# One step of a context path on the child axis: a name test, then its predicates (e.g. "tei:list[@type='gloss']").
_NAME_TEST = re.compile(r"(?:[A-Za-z_][\w.-]*:)?(?:[A-Za-z_][\w.-]*|\*)")
XSL_NS = "http://www.w3.org/1999/XSL/Transform"


@dataclass(frozen=True)
class _Check:
    """An sch:assert (fires when its test is false) or sch:report (fires when true)."""

    is_assert: bool
    test: str
    message: etree._Element  # the sch:assert/sch:report element, for its text, sch:name and sch:value-of
    severity: str
    line: int  # in the Schematron file, for messages about the schema itself


@dataclass(frozen=True)
class _Rule:
    context: str
    lets: tuple[tuple[str, str], ...]
    checks: tuple[_Check, ...]

    @property
    def let_names(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.lets)


@dataclass(frozen=True)
class _Pattern:
    id: str
    rules: tuple[_Rule, ...]


def load_schematron(path: str | Path) -> tuple[dict[str, str], list[_Pattern]]:
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
                _Check(
                    is_assert=child.tag == f"{_S}assert",
                    test=child.get("test"),
                    message=child,
                    severity=SEVERITY.get(child.get("role") or rule.get("role") or "", "error"),
                    line=child.sourceline or 0,
                )
                for child in rule
                if child.tag in (f"{_S}assert", f"{_S}report")
            )
            rules.append(_Rule(rule.get("context"), lets, checks))
        if pattern.find(f"{_S}let") is not None:
            raise TeikitError("pattern-level sch:let is not supported", path, pattern.sourceline)
        patterns.append(_Pattern(pattern.get("id") or f"pattern-{number}", tuple(rules)))
    if root.find(f"{_S}let") is not None:
        raise TeikitError("schema-level sch:let is not supported", path)
    return namespaces, patterns


def extract_schematron(data: bytes, name: str) -> bytes:
    """The Schematron embedded in a RELAX NG schema (its sch:ns and sch:pattern), as one ISO Schematron schema."""
    root = parse_bytes(data, name).getroot()
    schema = etree.Element(f"{_S}schema", queryBinding="xslt2", nsmap={"sch": SCH_NS})
    for child in root.iter(f"{_S}ns", f"{_S}pattern"):
        schema.append(copy.deepcopy(child))
    return etree.tostring(schema, encoding="utf-8", xml_declaration=True)


class SchematronChecker:
    """Checks documents against an XPath 2 Schematron; each finding's rule is the id of its pattern."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.namespaces, self.patterns = load_schematron(self.path)
        self._xpath1: dict[str, etree.XPath | None] = {}
        self._xpath2: dict[str, Any] = {}
        self._context_names: dict[str, set[str] | None] = {}
        self._parser = None
        self._sieve: _Sieve | None = None

    def check(
        self, tree: etree._ElementTree, name: str, names: tuple[set[str], set[str]] | None = None
    ) -> list[Finding]:
        """Findings of one document (empty when every constraint holds).

        `names`: the document's `document_names`, when the caller has them already."""
        return _Run(self, tree, name, names).findings()

    def check_batch(self, docs: Iterable[Any]) -> list[Finding]:
        """Findings of many documents: (path, tree) pairs or objects with `path` (or `name`) and `tree`."""
        findings: list[Finding] = []
        for doc in docs:
            if isinstance(doc, tuple):
                name, tree = doc
            else:
                name, tree = getattr(doc, "path", None) or doc.name, doc.tree
            findings.extend(self.check(tree, str(name)))
        return findings

    def sieve(self) -> _Sieve:
        """The one-pass XSLT for the plain checks, built on first use."""
        if self._sieve is None:
            self._sieve = _Sieve(self)
        return self._sieve

    # --- compiled expressions, kept for the life of the checker ---

    def xpath1(
        self, expr: str, as_context: bool = False, plain: bool = False, variables: frozenset[str] = frozenset()
    ) -> etree.XPath | None:
        """`expr` compiled by libxml2 when its meaning is the same in XPath 1 and 2, else None.

        `plain`: a context already made XPath 1 by `_context_xpath1`. `variables`: the names of the lets that
        the runner will pass (each evaluated by libxml2 too)."""
        key = f"{as_context}:{plain}:{sorted(variables)}:{expr}"
        if key not in self._xpath1:
            if plain:
                try:
                    self._xpath1[key] = etree.XPath(expr, namespaces=self.namespaces)
                except (etree.XPathSyntaxError, etree.XPathEvalError):
                    self._xpath1[key] = None
            elif set(_VARIABLE.findall(expr)) - variables - {CURRENT_VAR}:
                self._xpath1[key] = None
            else:
                self._xpath1[key] = self._compile1(expr, as_context, variables)
        return self._xpath1[key]

    def bulk(self, context: str, check: _Check, present: set[str]) -> etree.XPath | None:
        """One XPath 1 query for the nodes where `check` fires in `context`, when both are plain XPath 1."""
        plain_context = self._context_xpath1(context, present)
        key = f"bulk:{check.is_assert}:{plain_context}\n{check.test}"
        if key not in self._xpath1:
            compiled = None
            if (
                plain_context
                and self.xpath1(check.test) is not None
                and not _POSITIONAL.search(check.test)
                and not _CURRENT.search(check.test)
            ):
                test = self.xpath1(check.test).path
                compiled = self._filtered(plain_context, f"not({test})" if check.is_assert else test)
            self._xpath1[key] = compiled
        return self._xpath1[key]

    def report_candidates(self, context: str, check: _Check, present: set[str]) -> etree.XPath | None:
        """For a report that elementpath must evaluate, one XPath 1 query for the only nodes where it can fire:
        those where its plain conjuncts hold and its path without predicates selects something."""
        plain_context = self._context_xpath1(context, present)
        key = f"candidates:{plain_context}\n{check.test}"
        if key not in self._xpath1:
            compiled = None
            needs = [
                self.xpath1(c).path
                for c in self.conjuncts(check.test)
                if self.xpath1(c) is not None and not _CURRENT.search(c)
            ]
            if self.widened_path(check.test) is not None:
                needs.append(_strip_predicates(check.test).strip())
            if plain_context and needs and not any(_POSITIONAL.search(n) for n in needs):
                compiled = self._filtered(plain_context, " and ".join(f"({n})" for n in needs))
            self._xpath1[key] = compiled
        return self._xpath1[key]

    def _filtered(self, plain_context: str, condition: str) -> etree.XPath | None:
        """`(CONTEXT)[CONDITION]` compiled by libxml2, or None when it is not XPath 1 after all."""
        try:
            return etree.XPath(f"({plain_context})[{condition}]", namespaces=self.namespaces)
        except (etree.XPathSyntaxError, etree.XPathEvalError):
            return None

    def _context_xpath1(self, context: str, present: set[str] | None = None) -> str | None:
        """A rule context as an XPath 1 expression that selects its nodes from the root, or None.

        With `present` (the element names of a document), only the branches of the context whose named steps
        all occur in it: "" when none can match.
        """
        branches = self._context_branches(context)
        if branches is None:
            return None
        return " | ".join(xpath for xpath, names, _ in branches if present is None or names <= present)

    def _context_branches(self, context: str) -> list[tuple[str, frozenset[str], str]] | None:
        """Each branch of a rule context (`a | b`, `(a | b)/c` distributed) in plain XPath 1: (an expression that
        selects its nodes from the root, the element names it needs, the branch as written), or None."""
        key = f"branches:{context}"
        if key not in self._context_names:
            # XPath 2 value comparisons on single attributes mean what XPath 1's general comparisons mean, so
            # `@type eq 'x'` becomes `@type = 'x'`.
            plain_expr = _VALUE_COMPARISON.sub(lambda m: f" {_GENERAL[m[1]]} ", context)
            branches = [d for b in _split_union(plain_expr) for d in _distribute(b)]
            if any(b.startswith("(") or "@" in _strip_predicates(b) for b in branches):
                self._context_names[key] = None  # attribute contexts: elementpath
            else:
                self._context_names[key] = [(self._branch_xpath(b), self._step_names(b), b) for b in branches]
        return self._context_names[key]

    def _branch_xpath(self, branch: str) -> str:
        """One branch of a rule context as an XPath 1 expression from the root.

        A single step that requires an attribute (`tei:*[@when]`) is looked for through that attribute: libxml2
        finds `/descendant::*/@when/parent::tei:*[@when]` in half the time of `//tei:*[@when]`, whose predicate
        makes it collect every node of the document first.
        """
        if branch.startswith("/"):
            return branch
        if "/" not in _strip_predicates(branch):
            attributes = self.context_attributes(branch)
            if attributes:
                return f"/descendant::*/@{min(attributes)}/parent::{branch}"
        return f"//{branch}"

    def _step_names(self, path: str) -> frozenset[str]:
        """The element names (Clark notation) of the named steps of a path, outside its predicates: a node
        can match the path only in a document that has all of them."""
        names = set()
        for prefix, local in _NAMED_STEP.findall(_strip_predicates(path)):
            if prefix in self.namespaces:
                names.add(f"{{{self.namespaces[prefix]}}}{local}")
        return frozenset(names)

    def _compile1(self, expr: str, as_context: bool, variables: frozenset[str] = frozenset()) -> etree.XPath | None:
        if as_context:
            plain = self._context_xpath1(expr)
            if plain is None:
                return None
        else:
            # current() becomes a variable that the runner sets to the context node.
            plain = _EQ_NE.sub(lambda m: " = " if m[1] == "eq" else " != ", _CURRENT.sub(f"${CURRENT_VAR}", expr))
            checked = _VARIABLE.sub(lambda m: "''" if m[1] in variables else m[0], plain)
            if _NOT_PLAIN_XPATH1.search(_COUNT_COMPARISON.sub("true()", checked)):
                return None
            if set(_FUNCTION_CALL.findall(re.sub(r"'[^']*'|\"[^\"]*\"", "''", plain))) - _XPATH1_FUNCTIONS:
                return None  # an XPath 2 function (tokenize, matches...): libxml2 would fail only when run
        try:
            return etree.XPath(plain, namespaces=self.namespaces)
        except (etree.XPathSyntaxError, etree.XPathEvalError):
            return None

    def widened_path(self, expr: str) -> etree.XPath | None:
        """For a test that is a plain path with predicates, the path without them (XPath 1), else None.

        Dropping predicates can only widen what a path selects, so when the widened path selects nothing the
        test is false: libxml2 answers that in microseconds, sparing elementpath most of its work.
        """
        key = f"widened:{expr}"
        if key not in self._xpath1:
            path = _strip_predicates(expr).strip()
            compiled = None
            if _PLAIN_PATH.fullmatch(path) and path != expr.strip():
                try:
                    compiled = etree.XPath(path, namespaces=self.namespaces)
                except (etree.XPathSyntaxError, etree.XPathEvalError):
                    compiled = None
            self._xpath1[key] = compiled
        return self._xpath1[key]

    def conjuncts(self, expr: str) -> list[str]:
        """The top-level operands of `a and b and c` (just [expr] when it is not such a conjunction)."""
        key = f"and:{expr}"
        if key not in self._context_names:
            parts = _split_top_level(expr, lambda i: 4 if expr.startswith((" and ", "\nand "), i) else 0)
            self._context_names[key] = parts  # (the cache of derived strings is shared)
        return self._context_names[key]

    def context_attributes(self, context: str) -> set[str]:
        """Attributes (no namespace) that a node matching `context` must carry, as far as is plain to see.

        A single-branch context `step[p1][p2]...`: each predicate must hold, and a predicate `a and b` fails
        when a conjunct `@x` or `starts-with(@x, ...)` does, so @x is required.
        """
        key = f"atts:{context}"
        if key not in self._context_names:
            required: set[str] = set()
            for conjunct in self._predicate_conjuncts(context):
                match = _REQUIRED_ATTRIBUTE.fullmatch(conjunct)
                if match:
                    required.add(match[1] or match[2])
            self._context_names[key] = required
        return self._context_names[key]

    def context_required_names(self, context: str) -> set[str]:
        """Element names (Clark notation) that must all occur in a document for `context` to match anything, as
        far as is plain to see: those of a path P in a predicate conjunct `count(P) > N` (e.g. TEI's
        `/*[count(//tei:constraintDecl) gt 1]`, which elementpath would otherwise count on every document)."""
        key = f"required:{context}"
        if key not in self._context_names:
            required: set[str] = set()
            for conjunct in self._predicate_conjuncts(context):
                match = _COUNT_ABOVE.fullmatch(conjunct)
                if match and "|" not in match[1] and "(" not in match[1]:
                    required |= self._step_names(match[1])
            self._context_names[key] = required
        return self._context_names[key]

    def _predicate_conjuncts(self, context: str) -> list[str]:
        """The conjuncts of the predicates of a single-branch context (`a[p and q][r]`: p, q, r), each of which
        must hold for a node to match; none for a union."""
        if len(_split_union(context)) != 1 or context.strip().startswith("("):
            return []
        return [c.strip() for p in _PREDICATE.findall(context) for c in self.conjuncts(p.strip())]

    def context_names(self, context: str) -> set[str] | None:
        """The element names (Clark notation) one of which a node matching `context` must have, or None."""
        if context not in self._context_names:
            names = _last_names(context)
            if names is not None:
                prefixed = [n.split(":", 1) for n in names]
                names = {f"{{{self.namespaces[p]}}}{local}" for p, local in prefixed if p in self.namespaces}
            self._context_names[context] = names
        return self._context_names[context]

    def xpath2(self, expr: str) -> Any:
        """`expr` parsed by elementpath (lazily imported: it costs ~0.1 s to import).

        The XPath 3.1 parser, a superset of XPath 2: TEI's tests also use `||` and generate-id(), which the
        XSLT processors that TEI runs them with (Saxon) accept.
        """
        if expr not in self._xpath2:
            if self._parser is None:
                from elementpath.xpath31 import XPath31Parser

                self._parser = XPath31Parser(namespaces=self.namespaces)
            try:
                # XSLT's current() is the rule's context node: the runner binds it as a variable.
                self._xpath2[expr] = self._parser.parse(_CURRENT.sub(f"${CURRENT_VAR}", expr))
            except Exception as err:  # elementpath raises its own error types for syntax errors
                raise TeikitError(f"Schematron XPath does not parse: {expr!r}: {err}", self.path) from None
        return self._xpath2[expr]


def _distribute(branch: str) -> list[str]:
    """`(a | b)/c` as [`a/c`, `b/c`] and `(a | b)[p]` as [`a[p]`, `b[p]`], so that XPath 1 can select them.

    (Only for rule contexts, whose predicates are never positional.)
    """
    branch = branch.strip()
    if not branch.startswith("("):
        return [branch]
    depth, end = 0, 0
    while end < len(branch):
        depth += (branch[end] == "(") - (branch[end] == ")")
        if depth == 0:
            break
        end += 1
    rest = branch[end + 1 :]
    return [d + rest for inner in _split_union(branch[1:end]) for d in _distribute(inner)]


def _strip_predicates(expr: str) -> str:
    """`expr` without its [predicates] (nested ones too)."""
    out, depth = [], 0
    for ch in expr:
        depth += ch == "["
        if depth == 0:
            out.append(ch)
        depth -= ch == "]"
    return "".join(out)


def _last_names(context: str) -> list[str] | None:
    """Element names (`prefix:local`), one of which a node matching `context` must have; None when unknown.

    Used to skip, without evaluating it, a context that elementpath would look for in vain.
    """
    names: list[str] = []
    for branch in _split_union(context):
        path = _strip_predicates(branch).strip()
        if path.endswith(")"):
            inner = _last_names(path[path.index("(") + 1 : -1])
            if inner is None:
                return None
            names.extend(inner)
            continue
        steps = [s for s in re.split(r"/+", path) if s and not s.lstrip().startswith("@")]
        last = steps[-1].strip() if steps else ""
        if not re.fullmatch(r"[\w.-]+:[\w.-]+", last):
            return None  # a wildcard, an axis, the root...
        names.append(last)
    return names


def _split_union(expr: str) -> list[str]:
    """The top-level branches of `a | b` (not splitting inside brackets, parentheses or quotes)."""
    return _split_top_level(expr, lambda i: 1 if expr[i] == "|" else 0)


def _split_top_level(expr: str, separator_at: Callable[[int], int]) -> list[str]:
    """`expr` cut where `separator_at(i)` gives a separator's length, outside brackets, parentheses and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(expr):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and (length := separator_at(i)):
            parts.append(expr[start:i].strip())
            start = i + length
    parts.append(expr[start:].strip())
    return parts


class _Sieve:
    """The plain XPath 1 checks of one-rule patterns, run in a single XSLT pass that says which of them fire.

    A check is taken when its test is plain XPath 1 (current() is XSLT's own) and every branch of its context is
    a path of named steps on the child axis without positional predicates, ending in an element name (not a
    wildcard: a wildcard's checks would be tested on every element, which is slower than one lookup). Each branch
    becomes a test on the node itself (`tei:l//tei:p` is `self::tei:p[ancestor::tei:l]`) inside the template for
    its last element name. A fired check may have fired on several nodes: the caller looks them up.
    """

    def __init__(self, checker: SchematronChecker) -> None:
        self.checks: list[_Check] = []  # index in the pass's output -> check
        # One template per element (Clark name: two prefixes of one namespace must not make two templates, of
        # which XSLT would run only one), written with the first prefix bound to its namespace.
        templates: dict[str, tuple[str, list[tuple[str, int]]]] = {}
        prefixes = {uri: prefix for prefix, uri in reversed(checker.namespaces.items())}
        for pattern in checker.patterns:
            if len(pattern.rules) != 1 or pattern.rules[0].lets:
                continue
            rule = pattern.rules[0]
            branches = self._branches(checker, rule.context)
            for check in rule.checks if branches else ():
                fires = self._fires(checker, check)
                if fires is None:
                    continue
                for name, itself in branches:
                    prefix, _, local = name.rpartition(":")
                    uri = checker.namespaces.get(prefix, "") if prefix else ""
                    match = f"{prefixes[uri]}:{local}" if uri else local
                    templates.setdefault(f"{{{uri}}}{local}", (match, []))[1].append(
                        (f"({itself}) and {fires}", len(self.checks))
                    )
                self.checks.append(check)
        self.transform = self._compile(checker.namespaces, sorted(templates.values())) if self.checks else None

    @staticmethod
    def _branches(checker: SchematronChecker, context: str) -> list[tuple[str, str]] | None:
        """(last element name, test on the node itself) for each branch of a context, or None."""
        branches = checker._context_branches(context)
        if not branches:
            return None
        found = []
        for _, _, branch in branches:
            converted = _self_test(branch)
            if converted is None or converted[0].endswith("*"):
                return None
            try:
                etree.XPath(converted[1], namespaces=checker.namespaces)
            except (etree.XPathSyntaxError, etree.XPathEvalError):
                return None  # XPath 2 in a predicate (e.g. `@mode = ('add', 'change')`)
            found.append(converted)
        return found

    @staticmethod
    def _fires(checker: SchematronChecker, check: _Check) -> str | None:
        """The XPath 1 condition for `check` to fire on the context node, or None when it is not plain XPath 1."""
        compiled = checker.xpath1(check.test)
        if compiled is None or _POSITIONAL.search(check.test):
            return None
        test = compiled.path.replace(f"${CURRENT_VAR}", "current()")
        return f"not({test})" if check.is_assert else f"boolean({test})"

    @staticmethod
    def _compile(namespaces: dict[str, str], templates: list[tuple[str, list[tuple[str, int]]]]) -> etree.XSLT | None:
        """The stylesheet: for each (match, [(condition, check number)]), a template that prints the numbers of the
        checks whose condition holds, then goes on with the element's children."""
        xsl = f"{{{XSL_NS}}}"
        root = etree.Element(f"{xsl}stylesheet", version="1.0", nsmap={"xsl": XSL_NS, **namespaces})
        etree.SubElement(root, f"{xsl}output", method="text")
        # Elements without checks are walked by the default template; text is never visited.
        for match, tests in [("/", []), ("*", []), *templates]:
            template = etree.SubElement(root, f"{xsl}template", match=match)
            for condition, number in tests:
                etree.SubElement(template, f"{xsl}if", test=condition).text = f"{number} "
            etree.SubElement(template, f"{xsl}apply-templates", select="*")
        try:
            return etree.XSLT(root, access_control=xslt_access_control())
        except etree.XSLTParseError:
            return None  # cannot happen once each test compiled as XPath; kept as a guard: no sieve, same findings

    def fired(self, tree: etree._ElementTree) -> set[_Check] | None:
        """The checks that fire somewhere in `tree`, or None when there is no pass or it could not run (deeply
        nested XML)."""
        if self.transform is None:
            return None
        try:
            output = str(self.transform(tree))
        except etree.XSLTApplyError:
            return None
        return {self.checks[int(index)] for index in output.split()}


def _self_test(branch: str) -> tuple[str, str] | None:
    """For a context path on the child axis (`a/b//c[p]`), its last name test and an XPath test on the node itself
    that holds exactly when the node matches the path (`self::c[p][ancestor::b[parent::a]]`); None otherwise."""
    steps: list[tuple[str, str, str]] = []  # (separator before the step: "", "/" or "//"; name test; predicates)
    rest = branch.strip()
    while rest:
        separator = "//" if rest.startswith("//") else "/" if rest.startswith("/") else ""
        rest = rest[len(separator):]
        if steps and not separator:
            return None  # something other than a step follows one (an operator, a function...)
        match = _NAME_TEST.match(rest)
        if match is None:
            return None  # an attribute, an axis, a function call...
        end = match.end()
        while end < len(rest) and rest[end] == "[":  # predicates, which may nest
            depth = 0
            for i in range(end, len(rest)):
                depth += (rest[i] == "[") - (rest[i] == "]")
                if depth == 0:
                    break
            else:
                return None
            end = i + 1
        predicates = rest[match.end():end]
        if re.search(r"\[\s*\d", predicates) or _POSITIONAL.search(predicates) or _CURRENT.search(predicates):
            return None
        steps.append((separator, match.group(0), predicates))
        rest = rest[end:].lstrip()
    if not steps:
        return None
    test = ""
    for i, (separator, name, predicates) in enumerate(steps):
        condition = f"{name}{predicates}"
        if i == 0 and separator == "/":
            condition += "[not(parent::*)]"  # the root element
        if test:
            condition += f"[{test}]"
        after = steps[i + 1][0] if i + 1 < len(steps) else None
        test = f"{'parent' if after == '/' else 'ancestor'}::{condition}" if after else f"self::{condition}"
    return steps[-1][1], test


class _Run:
    """One document against all patterns."""

    def __init__(
        self, checker: SchematronChecker, tree: etree._ElementTree, name: str, names: tuple | None = None
    ) -> None:
        self.checker = checker
        self.tree = tree
        self.name = name
        self._context = None  # elementpath's view of the document, built when first needed
        self._nodes: dict[Any, Any] = {}
        self._names, self._attributes = names if names is not None else (None, set())

    def findings(self) -> list[Finding]:
        """Every finding, at the line and column of its context element."""
        from teikit.validate.locate import locate_elements

        raw = self._raw_findings()
        places = locate_elements(self.tree, [element for element, _ in raw])
        return [
            Finding(self.name, line, column, f.severity, f.rule, f.message)
            for (_, f), (line, column) in zip(raw, places, strict=True)
        ]

    def _raw_findings(self) -> list[tuple[etree._Element, Finding]]:
        found: list[tuple[etree._Element, Finding]] = []
        sieve = self.checker.sieve()
        fired = sieve.fired(self.tree)
        # Checks the sieve ran and found silent need no lookup.
        silent = set() if fired is None else set(sieve.checks) - fired
        for pattern in self.checker.patterns:
            if len(pattern.rules) == 1 and not pattern.rules[0].lets:
                found.extend(self._apply_in_bulk(pattern, pattern.rules[0], silent))
                continue
            # Nodes handled by an earlier rule of this pattern; the set keeps their lxml proxies alive, so that
            # the same node is the same object in every rule's list.
            done: set[Any] = set()
            for rule in pattern.rules:
                for node in self._matches(rule.context):
                    key = getattr(node, "elem", node)
                    if key in done:
                        continue
                    done.add(key)
                    found.extend(self._apply(pattern, rule, node))
        return found

    def _apply_in_bulk(
        self, pattern: _Pattern, rule: _Rule, silent: set[_Check] = frozenset()
    ) -> list[tuple[etree._Element, Finding]]:
        """A one-rule pattern without lets: each plain XPath 1 check is one libxml2 query for the nodes where it
        fires, `(CONTEXT)[TEST]` for a report and `(CONTEXT)[not(TEST)]` for an assert; other checks go node by
        node. Checks in `silent` are known to fire nowhere."""
        nodes: list[Any] | None = None
        found = []
        for check in rule.checks:
            if check in silent:
                continue
            bulk = self.checker.bulk(rule.context, check, self._element_names())
            if bulk is not None:
                if self._skipped(rule.context):
                    continue
                fired = [n for n in bulk(self.tree) if isinstance(n, etree._Element)]
            else:
                present = self._element_names()
                candidates = None if check.is_assert else self.checker.report_candidates(rule.context, check, present)
                if candidates is not None:
                    todo = [] if self._skipped(rule.context) else candidates(self.tree)
                else:
                    if nodes is None:
                        nodes = self._matches(rule.context)
                    todo = nodes
                fired = [n for n in todo if self._fires(check, n)]
            for node in fired:
                element = node if isinstance(node, etree._Element) else _element_of(node)
                element = self.tree.getroot() if element is None else element
                try:
                    message = self._message(check, node, {})
                except Exception as err:  # an XPath dynamic error in a message: say so rather than stop
                    message = f"{check.message.text or ''} (message could not be evaluated: {err})"
                found.append((element, Finding(self.name, element.sourceline or 1, 1, check.severity, pattern.id,
                                               _SPACES.sub(" ", message).strip())))
        return found

    def _fires(self, check: _Check, node: Any) -> bool:
        if not check.is_assert and self._surely_false(check.test, node):
            return False
        try:
            return self._boolean(check.test, node, {}) != check.is_assert
        except TeikitError:
            raise
        except Exception:  # an XPath dynamic error: the constraint cannot hold
            return True

    # --- selecting context nodes ---

    def _matches(self, context: str) -> list[Any]:
        """The nodes matching a rule context, in document order: lxml elements, or elementpath nodes."""
        if self._skipped(context):
            return []
        plain = self.checker._context_xpath1(context, self._element_names())
        if plain == "":
            return []
        if plain is not None:
            fast = self.checker.xpath1(plain, as_context=True, plain=True)
            if fast is not None:
                return [n for n in fast(self.tree) if isinstance(n, etree._Element)]
        token = self.checker.xpath2(context if context.startswith("/") else f"//({context})")
        return list(token.select(self._xpath_context()))

    def _skipped(self, context: str) -> bool:
        """True when the context's element or a required attribute is absent: no pass over the document."""
        names = self.checker.context_names(context)
        if names is not None and not names & self._element_names():
            return True
        if not self.checker.context_required_names(context) <= self._element_names():
            return True
        attributes = self.checker.context_attributes(context)
        return bool(attributes) and not attributes <= self._attribute_names()

    def _element_names(self) -> set[str]:
        if self._names is None:
            self._names, self._attributes = document_names(self.tree)
        return self._names

    def _attribute_names(self) -> set[str]:
        self._element_names()
        return self._attributes

    # --- evaluating ---

    def _xpath_context(self, item: Any = None, variables: dict | None = None) -> Any:
        if self._context is None:
            from elementpath import XPathContext

            self._context = XPathContext(self.tree)
        context = self._context
        context.item = item
        context.variables = variables or {}
        context.position = context.size = 1
        context.axis = None
        return context

    def _node(self, node: Any) -> Any:
        """elementpath's node for an lxml element (elementpath nodes are returned as they are)."""
        if not isinstance(node, etree._Element):
            return node
        if not self._nodes:
            root = self._xpath_context().root
            for item in root.iter_descendants():
                elem = getattr(item, "elem", None)
                if isinstance(elem, etree._Element):
                    self._nodes[elem] = item
        return self._nodes[node]

    def _evaluate(self, expr: str, node: Any, variables: dict) -> Any:
        token = self.checker.xpath2(expr)
        item = self._node(node)
        return token.evaluate(self._xpath_context(item, {**variables, CURRENT_VAR: item}))

    def _surely_false(self, expr: str, node: Any) -> bool:
        """True when a top-level conjunct of `expr` (`a and b`) is plain XPath 1 and false on `node`."""
        if not isinstance(node, etree._Element):
            return False
        for conjunct in self.checker.conjuncts(expr):
            fast = self.checker.xpath1(conjunct)
            if fast is not None and not _xpath1_true(fast(node, **{CURRENT_VAR: node})):
                return True
        return False

    def _boolean(self, expr: str, node: Any, variables: dict) -> bool:
        fast = None if variables else self.checker.xpath1(expr)
        if fast is not None and isinstance(node, etree._Element):
            return _xpath1_true(fast(node, **{CURRENT_VAR: node}))
        widened = self.checker.widened_path(expr)
        if widened is not None and isinstance(node, etree._Element) and not widened(node):
            return False  # the path without its predicates selects nothing: so does the path
        token = self.checker.xpath2(expr)
        return token.boolean_value(self._evaluate(expr, node, variables))

    def _apply(self, pattern: _Pattern, rule: _Rule, node: Any) -> list[tuple[etree._Element, Finding]]:
        element = node if isinstance(node, etree._Element) else _element_of(node)
        if element is None:
            element = self.tree.getroot()
        line = element.sourceline or 1
        try:
            variables: dict[str, Any] | None = None  # the rule's lets, evaluated when a test needs them
            plain = self._plain_lets(rule, node)  # the lets in XPath 1, when each of them is plain
            found = []
            for check in rule.checks:
                if not check.is_assert and self._surely_false(check.test, node):
                    continue  # a report whose test is false: nothing to say
                fast = self.checker.xpath1(check.test, variables=rule.let_names) if plain is not None else None
                if fast is not None:
                    fired = _xpath1_true(fast(node, **plain, **{CURRENT_VAR: node})) != check.is_assert
                else:
                    if variables is None:
                        variables = self._xpath2_lets(rule, node)
                    fired = self._boolean(check.test, node, variables) != check.is_assert
                if fired:
                    if variables is None:
                        variables = self._xpath2_lets(rule, node)
                    message = self._message(check, node, variables)
                    found.append((element, Finding(self.name, line, 1, check.severity, pattern.id, message)))
            return found
        except TeikitError:
            raise
        except Exception as err:  # an XPath dynamic error (a failed cast...) stops this rule, as it would in XSLT
            message = f"constraint could not be evaluated: {err}"
            return [(element, Finding(self.name, line, 1, "warning", pattern.id, message))]

    def _plain_lets(self, rule: _Rule, node: Any) -> dict[str, Any] | None:
        """The rule's lets evaluated by libxml2 when each is plain XPath 1 (on an lxml node), else None."""
        if not isinstance(node, etree._Element):
            return None
        values: dict[str, Any] = {}
        for let_name, let_value in rule.lets:
            fast = self.checker.xpath1(let_value, variables=frozenset(values))
            if fast is None:
                return None
            values[let_name] = fast(node, **values, **{CURRENT_VAR: node})
        return values

    def _xpath2_lets(self, rule: _Rule, node: Any) -> dict[str, Any]:
        variables: dict[str, Any] = {}
        for let_name, let_value in rule.lets:
            variables[let_name] = self._evaluate(let_value, node, variables)
        return variables

    def _message(self, check: _Check, node: Any, variables: dict) -> str:
        parts = [check.message.text or ""]
        for child in check.message:
            if child.tag == f"{_S}name":
                path = child.get("path")
                parts.append(_string(self._evaluate(path, node, variables)) if path else _name(node))
            elif child.tag == f"{_S}value-of":
                parts.append(_string(self._evaluate(child.get("select"), node, variables)))
            parts.append(child.tail or "")
        return _SPACES.sub(" ", "".join(parts)).strip()


def document_names(tree: etree._ElementTree) -> tuple[set[str], set[str]]:
    """The element names and the attribute names (Clark notation) that occur in a document, in one pass."""
    elements: set[str] = set()
    attributes: set[str] = set()
    for el in tree.iter():
        if isinstance(el.tag, str):
            elements.add(el.tag)
            if el.attrib:
                attributes.update(el.attrib)
    return elements, attributes


def _xpath1_true(value: Any) -> bool:
    """XPath's boolean() of an lxml XPath result (NaN is false)."""
    return not (isinstance(value, float) and math.isnan(value)) and bool(value)


def _element_of(node: Any) -> etree._Element | None:
    """The lxml element of an elementpath node (an attribute's owner for an attribute)."""
    while node is not None:
        elem = getattr(node, "elem", None)
        if isinstance(elem, etree._Element):
            return elem
        node = getattr(node, "parent", None)
    return None


def _name(node: Any) -> str:
    element = node if isinstance(node, etree._Element) else _element_of(node)
    if element is None:
        return ""
    qname = etree.QName(element)
    prefix = element.prefix
    return f"{prefix}:{qname.localname}" if prefix else qname.localname


def _string(value: Any) -> str:
    """XPath string value of a result: a sequence is joined with spaces."""
    if isinstance(value, list):
        return " ".join(_string(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "string_value"):
        return str(value.string_value)
    if isinstance(value, etree._Element):
        return "".join(value.itertext())
    return str(value)
