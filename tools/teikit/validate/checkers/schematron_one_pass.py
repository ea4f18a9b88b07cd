"""ISO Schematron (XPath 1) compiled into one XSLT pass over the document, instead of one pass per pattern.

The ISO skeleton, which lxml.isoschematron compiles, walks the whole document once for each pattern, and visits
every attribute on the way. Here the document is walked once. The walk's template for an element holds, pattern by
pattern, a choice among the rules that may match its name: each rule's context path becomes a test on the node itself
(`tei:text//tei:p` is `self::tei:p[ancestor::tei:text]`, as the XPath 2 runner's sieve makes them), and the first
rule that holds wins, as in the skeleton. A pattern with a context that is no such path (an attribute, `id()`, a
position) keeps its rules as templates of a mode of its own, with the skeleton's match patterns and priorities, and
the walk applies that mode to each node it may match (to attributes too when a rule can match one). Every expression
goes through `xpath_rewrite` first. On sarit the project's patterns take a third of the skeleton's CPU time.

What the compiler does not know (a default phase, pattern-level lets, `subject`, XSLT other than keys) makes
`generate_one_pass` raise `Unsupported`, and the checker then runs lxml's skeleton instead: the same findings, slower.
`tests/validate/test_schematron_one_pass.py` proves the findings the same on every fixture and corpus file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree, isoschematron

from teikit.errors import TeikitError
from teikit.findings import severity_of
from teikit.validate.checkers.schematron_xpath2.queries import _split_union, _strip_predicates
from teikit.validate.checkers.schematron_xpath2.sieve import self_test
from teikit.validate.checkers.xpath_rewrite import (
    EXTENSIONS_NS,
    SCAN_PARAMETER,
    among,
    document_strings,
    from_root,
    prefiltered,
    scanned,
)
from teikit.xmlio import SCH_NS, XSL_NS, parse_bytes, xslt_access_control

_S = f"{{{SCH_NS}}}"
_X = f"{{{XSL_NS}}}"
# What a rule's content and a schema's may hold; anything else is Unsupported (the skeleton runs instead).
_RULE_CHILDREN = {f"{_S}{n}" for n in ("let", "assert", "report", "extends", "title", "p")}
_SCHEMA_CHILDREN = {f"{_S}{n}" for n in ("ns", "let", "pattern", "title", "p", "phase", "diagnostics", "properties")}
_SCHEMA_CHILDREN |= {f"{_X}key"}
# The last step of a context branch that names one element: "tei:p", "p", "child::tei:p".
_ELEMENT_STEP = re.compile(r"(?:child::)?(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)")
_ANY_ELEMENT_STEP = re.compile(r"(?:child::)?(?:[A-Za-z_][\w.-]*:)?\*")


class Unsupported(Exception):
    """A schema the one-pass compiler does not compile (the reason is the message)."""


@dataclass(frozen=True)
class Check:
    """An assert or report of the schema, as its findings are reported."""

    rule: str  # the finding's rule: the check's @id, else its rule's, else its pattern's, else "schematron"
    severity: str


class _LetValues:
    """The string values of the nodes of each schema let compared by `teikit:among`, for the document being checked
    (computed when first asked)."""

    def __init__(self, lets: dict[str, etree.XPath]) -> None:
        self.lets = lets
        self.tree: etree._ElementTree | None = None
        self._values: dict[str, set[str]] = {}

    def start(self, tree: etree._ElementTree) -> None:
        self.tree, self._values = tree, {}

    def among(self, _context: object, name: str, operand: object) -> bool:
        """XPath's `$name = operand` for a string, or for each node of a node-set, operand."""
        if name not in self._values:
            self._values[name] = {_string(node) for node in self.lets[name](self.tree)}
        values = self._values[name]
        if isinstance(operand, list):
            return any(_string(node) in values for node in operand)
        return str(operand) in values


def _string(node: object) -> str:
    return node.xpath("string()") if isinstance(node, etree._Element) else str(node)


@dataclass(frozen=True)
class OnePass:
    """The compiled pass and the check each finding's number refers to."""

    transform: etree.XSLT
    checks: tuple[Check, ...]
    values: _LetValues
    scans: tuple[re.Pattern, ...]  # what the document's strings are searched for (xpath_rewrite.scanned)

    def run(self, tree: etree._ElementTree) -> list[tuple[Check, str, str]]:
        """(check, location path of the node it fired on, message) for each finding in `tree`.

        The location is `/*[i]/*[j]...` (the element's position among its siblings at each level; its parent's for
        an attribute, "" for the document node). Raises etree.XSLTApplyError when a query fails."""
        self.values.start(tree)
        strings = document_strings(tree) if self.scans else ""
        found = {SCAN_PARAMETER.format(i): "true()" if scan.search(strings) else "false()"
                 for i, scan in enumerate(self.scans)}
        try:
            result = self.transform(tree, **found)
        finally:
            self.values.start(None)
        root = result.getroot()
        if root is None:
            return []
        return [(self.checks[int(f.get("n"))], f.get("l", ""), " ".join("".join(f.itertext()).split())) for f in root]


def expand(schema: etree._ElementTree) -> etree._ElementTree:
    """The schema after ISO Schematron's first two steps, as lxml.isoschematron runs them: includes resolved and
    abstract patterns instantiated."""
    return isoschematron.iso_abstract_expand(isoschematron.iso_dsdl_include(schema))


@dataclass(frozen=True)
class _Rewrite:
    """What is done to every XPath expression of the schema before libxslt sees it (see xpath_rewrite)."""

    sets: set[str]  # the schema lets compared by set look-ups
    scans: list[str]  # the regular expressions of `scanned`, appended to as expressions are rewritten

    def __call__(self, expr: str) -> str:
        return among(scanned(prefiltered(expr), self.scans), self.sets)


@dataclass
class _Rule:
    """A concrete rule: its lets and checks (with the number of its first check), and each branch of its context
    as (the element it names: a Clark name, "{uri}*" or "*"; a test on the node itself), or None when some branch
    is not such a path (the pattern is then matched by XSLT templates, as the skeleton does)."""

    content: list[etree._Element]
    first: int
    branches: list[tuple[str, str]] | None


@dataclass
class _Pattern:
    mode: str
    rules: list[_Rule]
    targets: set[tuple[str, str]]  # (kind, Clark name) for each context branch (see `_targets`)

    @property
    def inline(self) -> bool:
        return all(rule.branches is not None for rule in self.rules)


@dataclass(frozen=True)
class Compiled:
    """What the compiler makes of a schema, before libxslt compiles it: kept between runs by `one_pass_cache`."""

    stylesheet: bytes
    checks: tuple[Check, ...]
    namespaces: dict[str, str]
    sets: dict[str, str]  # the schema lets compared through sets of their values: name -> XPath
    scans: tuple[str, ...]  # the regular expressions of xpath_rewrite.scanned


def generate_one_pass(schema: etree._ElementTree) -> Compiled:
    """The one-pass stylesheet of an expanded ISO Schematron schema (see `expand`), and what its findings refer to;
    raises Unsupported."""
    root = schema.getroot()
    _refuse_unsupported(root)
    namespaces = {ns.get("prefix"): ns.get("uri") for ns in root.iterfind(f"{_S}ns")}
    xsl = etree.Element(f"{_X}stylesheet", version="1.0", nsmap={"xsl": XSL_NS, "teikit": EXTENSIONS_NS, **namespaces})
    etree.SubElement(xsl, f"{_X}output", method="xml")
    # Schema lets that select nodes by paths from the root are compared through sets of their values (xpath_rewrite).
    local = {let.get("name") for let in root.iterfind(f"{_S}pattern/{_S}rule/{_S}let")}
    sets = {let.get("name"): let.get("value") for let in root.iterfind(f"{_S}let")
            if from_root(let.get("value") or "") and let.get("name") not in local}
    rewrite = _Rewrite(set(sets), [])
    for child in root:
        if child.tag == f"{_X}key":
            xsl.append(_copy(child))
        elif child.tag == f"{_S}let":
            _variable(xsl, child, rewrite)
    checks: list[Check] = []
    patterns = []
    for number, pattern in enumerate(p for p in root.iterfind(f"{_S}pattern") if p.get("abstract") != "true"):
        rules, targets = [], set()
        for rule in _rules(pattern):
            content = _rule_content(rule, root)
            rules.append(_Rule(content, len(checks), _self_tests(rule.get("context"), namespaces, rewrite)))
            checks += [_check_entry(item, rule, pattern) for item in content if item.tag != f"{_S}let"]
            targets |= set(_targets(rule.get("context"), namespaces))
        patterns.append(_Pattern(f"p{number}", rules, targets))
        if not patterns[-1].inline:
            _templates(xsl, patterns[-1], [r.get("context") for r in _rules(pattern)], rewrite)
    _walk(xsl, patterns, namespaces, rewrite)
    for number in range(len(rewrite.scans)):  # true unless the checker finds the document cannot match
        etree.SubElement(xsl, f"{_X}param", name=SCAN_PARAMETER.format(number), select="true()")
    return Compiled(etree.tostring(xsl), tuple(checks), namespaces, sets, tuple(rewrite.scans))


def load_one_pass(compiled: Compiled) -> OnePass:
    """The pass libxslt compiles from `compiled`; raises Unsupported when it does not compile."""
    try:
        values = _LetValues({name: etree.XPath(value, namespaces=compiled.namespaces)
                             for name, value in compiled.sets.items()})
        transform = etree.XSLT(parse_bytes(compiled.stylesheet, "the one-pass stylesheet"),
                               access_control=xslt_access_control(),
                               extensions={(EXTENSIONS_NS, "among"): values.among})
        scans = tuple(re.compile(p) for p in compiled.scans)
    except (etree.XSLTParseError, etree.XPathSyntaxError, TeikitError, re.error) as err:
        raise Unsupported(f"the one-pass stylesheet does not compile: {err}") from None
    return OnePass(transform, compiled.checks, values, scans)


def _templates(xsl: etree._Element, pattern: _Pattern, contexts: list[str], rewrite: _Rewrite) -> None:
    """A pattern's rules as templates of its own mode, as the skeleton writes them: the first rule that matches a
    node wins; a node no rule matches is left alone (the walk goes on)."""
    for priority, (rule, context) in enumerate(zip(pattern.rules, contexts, strict=True)):
        template = etree.SubElement(xsl, f"{_X}template", match=context, mode=pattern.mode,
                                    priority=str(1000 - priority))
        _body(template, rule, rewrite)
    etree.SubElement(xsl, f"{_X}template", match="/ | node() | @*", mode=pattern.mode, priority="-1000")


def _body(parent: etree._Element, rule: _Rule, rewrite: _Rewrite) -> None:
    """A rule's lets and checks, in order, in `parent` (a template, or a branch of the walk's choice)."""
    number = rule.first
    for item in rule.content:
        if item.tag == f"{_S}let":
            _variable(parent, item, rewrite)
        else:
            _check(parent, item, number, rewrite)
            number += 1


def _self_tests(context: str, namespaces: dict[str, str], rewrite: _Rewrite) -> list[tuple[str, str]] | None:
    """Each branch of a rule context as (the element it names, a test on the node itself), or None."""
    found = []
    for branch in _split_union(context):
        converted = self_test(branch)
        if converted is None:
            return None
        step, test = converted
        prefix, _, local = step.rpartition(":")
        if prefix and prefix not in namespaces:
            return None
        uri = namespaces.get(prefix, "") if prefix else ""
        found.append(("*" if step == "*" else f"{{{uri}}}{local}", rewrite(test)))
    return found


def _refuse_unsupported(root: etree._Element) -> None:
    if root.get("defaultPhase"):
        raise Unsupported("a default phase")
    for child in root:
        if isinstance(child.tag, str) and child.tag not in _SCHEMA_CHILDREN:
            raise Unsupported(f"<{child.tag}> in the schema")
    for pattern in root.iterfind(f"{_S}pattern"):
        if pattern.get("documents") is not None or pattern.find(f"{_S}let") is not None:
            raise Unsupported("pattern-level lets or documents")
        for rule in pattern.iterfind(f"{_S}rule"):
            if rule.get("subject") is not None or rule.xpath("sch:assert/@subject|sch:report/@subject",
                                                              namespaces={"sch": SCH_NS}):
                raise Unsupported("subject")
            for child in rule:
                if isinstance(child.tag, str) and child.tag not in _RULE_CHILDREN:
                    raise Unsupported(f"<{child.tag}> in a rule")


def _rules(pattern: etree._Element) -> list[etree._Element]:
    """The concrete rules of a pattern (abstract rules are only for sch:extends), each with a context."""
    rules = [r for r in pattern.iterfind(f"{_S}rule") if r.get("abstract") != "true"]
    for rule in rules:
        if not rule.get("context"):
            raise Unsupported("a rule without context")
    return rules


def _rule_content(rule: etree._Element, root: etree._Element, depth: int = 0) -> list[etree._Element]:
    """A rule's lets and checks in order, with those of the abstract rules it extends in place of each extends."""
    if depth > 10:
        raise Unsupported("extends nested too deep")
    items = []
    for child in rule:
        if child.tag == f"{_S}extends":
            found = root.xpath(".//sch:rule[@abstract='true'][@id=$id]", namespaces={"sch": SCH_NS},
                               id=child.get("rule", ""))
            if not found or child.get("href"):
                raise Unsupported("extends of an unknown rule")
            items.extend(_rule_content(found[0], root, depth + 1))
        elif child.tag in (f"{_S}let", f"{_S}assert", f"{_S}report"):
            items.append(child)
    return items


def _check_entry(check: etree._Element, rule: etree._Element, pattern: etree._Element) -> Check:
    """The rule and severity of a check's findings: as lxml's skeleton reports them, after teikit gives each check
    without @id or @role those of its rule (see schematron._inherit_rule_ids)."""
    rule_id = check.get("id") or rule.get("id") or pattern.get("id") or "schematron"
    return Check(rule_id, severity_of(check.get("role") or rule.get("role")))


def _variable(parent: etree._Element, let: etree._Element, rewrite: _Rewrite) -> None:
    if not let.get("value"):
        raise Unsupported("a let without @value")  # (the skeleton refuses it too, and says so)
    etree.SubElement(parent, f"{_X}variable", name=let.get("name"), select=rewrite(let.get("value")))


def _check(template: etree._Element, check: etree._Element, number: int, rewrite: _Rewrite) -> None:
    """The XSLT of an assert (a finding when its test is false) or a report (when true), as the skeleton writes it."""
    test = rewrite(check.get("test"))
    choose = etree.SubElement(template, f"{_X}choose")
    if check.tag == f"{_S}assert":
        etree.SubElement(choose, f"{_X}when", test=test)
        fire = etree.SubElement(choose, f"{_X}otherwise")
    else:
        fire = etree.SubElement(choose, f"{_X}when", test=test)
    finding = etree.SubElement(fire, "f", n=str(number))
    location = etree.SubElement(finding, f"{_X}attribute", name="l")
    etree.SubElement(location, f"{_X}call-template", name="teikit-location")
    _message(finding, check)


def _message(out: etree._Element, source: etree._Element) -> None:
    """The text of an assert or report with its sch:value-of and sch:name evaluated (other markup, e.g. sch:emph,
    keeps only its text, as in the report's words)."""
    _text(out, source.text)
    for child in source:
        if child.tag == f"{_S}value-of":
            etree.SubElement(out, f"{_X}value-of", select=child.get("select"))
        elif child.tag == f"{_S}name":
            etree.SubElement(out, f"{_X}value-of", select=f"name({child.get('path') or '.'})")
        elif child.tag in (f"{_S}diagnostics", f"{_S}properties") or not isinstance(child.tag, str):
            pass
        else:
            _message(out, child)
        _text(out, child.tail)


def _text(out: etree._Element, text: str | None) -> None:
    if text:
        etree.SubElement(out, f"{_X}text").text = text


def _targets(context: str, namespaces: dict[str, str]) -> list[tuple[str, str]]:
    """What the branches of a rule context can match: ("element", Clark name), ("any", "") for any element,
    ("attribute", "") or ("other", "") for anything (the document node, comments...)."""
    found = []
    for branch in _split_union(context):
        last = re.split(r"/+", _strip_predicates(branch).strip())[-1].strip()
        named = _ELEMENT_STEP.fullmatch(last)
        if named and named[1] in (None, *namespaces) and last not in ("node", "text"):
            found.append(("element", f"{{{namespaces.get(named[1], '') if named[1] else ''}}}{named[2]}"))
        elif _ANY_ELEMENT_STEP.fullmatch(last):
            found.append(("any", ""))
        elif last.startswith(("@", "attribute::")):
            found.append(("attribute", ""))
        elif last == "" and branch.strip() == "/":
            continue  # the document node: every pattern is applied to it
        else:
            found.append(("other", ""))
    return found


def _walk(xsl: etree._Element, patterns: list[_Pattern], namespaces: dict[str, str], rewrite: _Rewrite) -> None:
    """The one walk: the patterns matched by templates on the document node, then for each element, in pattern
    order, the rules written inline that may match its name and the modes of the others that may."""
    dispatched = [p for p in patterns if not p.inline]
    attributes = [p.mode for p in dispatched if {"attribute", "other"} & {kind for kind, _ in p.targets}]
    others = [p.mode for p in dispatched if "other" in {kind for kind, _ in p.targets}]
    start = etree.SubElement(xsl, f"{_X}template", match="/")
    result = etree.SubElement(start, "r")
    for pattern in dispatched:
        etree.SubElement(result, f"{_X}apply-templates", select=".", mode=pattern.mode)
    for mode in others:  # comments and processing instructions beside the root element
        etree.SubElement(result, f"{_X}apply-templates", select="comment() | processing-instruction()", mode=mode)
    etree.SubElement(result, f"{_X}apply-templates", select="*", mode="walk")
    names = {name for p in patterns for kind, name in p.targets if kind == "element"}
    names |= {step for p in patterns for r in p.rules for step, _ in r.branches or () if not step.endswith("*")}
    prefixes = {uri: prefix for prefix, uri in reversed(namespaces.items())}
    for name in ["*", *sorted(names)]:
        uri, _, local = name[1:].partition("}")
        match = "*" if name == "*" else f"{prefixes[uri]}:{local}" if uri else local
        template = etree.SubElement(xsl, f"{_X}template", match=match, mode="walk")
        _inline(template, [p for p in patterns if p.inline], name, rewrite)
        for pattern in dispatched:
            if {("any", ""), ("other", ""), ("element", name)} & pattern.targets:
                etree.SubElement(template, f"{_X}apply-templates", select=".", mode=pattern.mode)
        for mode in attributes:
            etree.SubElement(template, f"{_X}apply-templates", select="@*", mode=mode)
        for mode in others:
            etree.SubElement(template, f"{_X}apply-templates", select="comment() | processing-instruction()",
                             mode=mode)
        etree.SubElement(template, f"{_X}apply-templates", select="*", mode="walk")
    location = etree.SubElement(xsl, f"{_X}template", name="teikit-location")
    each = etree.SubElement(location, f"{_X}for-each", select="ancestor-or-self::*")
    etree.SubElement(each, f"{_X}text").text = "/*["
    etree.SubElement(each, f"{_X}value-of", select="count(preceding-sibling::*) + 1")
    etree.SubElement(each, f"{_X}text").text = "]"


def _inline(template: etree._Element, patterns: list[_Pattern], name: str, rewrite: _Rewrite) -> None:
    """The rules of the inline patterns that may match elements called `name` ("*": any other), in the walk's
    template for it: for each pattern a choice, whose first branch that holds on the node wins."""
    for pattern in patterns:
        choices = _choices(pattern, name)
        if choices:
            choose = etree.SubElement(template, f"{_X}choose")
            for test, rule in choices:
                _body(etree.SubElement(choose, f"{_X}when", test=test), rule, rewrite)


def _choices(pattern: _Pattern, name: str) -> list[tuple[str, _Rule]]:
    """(test on the node, rule) for each rule of an inline pattern with a branch that may match `name`."""
    uri = name[1:].partition("}")[0] if name != "*" else None
    choices = []
    for rule in pattern.rules:
        tests = [test for step, test in rule.branches or ()
                 if step == "*" or step == name or (step.endswith("}*") and (uri is None or step == f"{{{uri}}}*"))]
        if tests:
            choices.append((" or ".join(f"({t})" for t in tests) if len(tests) > 1 else tests[0], rule))
    return choices


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))
