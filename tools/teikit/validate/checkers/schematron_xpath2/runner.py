"""The XPath 2 Schematron checker: each document against every pattern, in document order.

Rules' contexts and plain tests go to libxml2 (see `queries`), the plain checks of one-rule patterns first through
the one-pass sieve (see `sieve`); elementpath evaluates only the rest, on the nodes an XPath 1 prefilter leaves, and
wraps the document only when some rule needs it.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from lxml import etree

from teikit.errors import TeikitError
from teikit.findings import Finding
from teikit.validate.checker import Checker
from teikit.validate.checkers.schematron_xpath2.queries import CURRENT_VAR, Queries, elementpath
from teikit.validate.checkers.schematron_xpath2.schema import Assertion, Pattern, Rule, load_schematron
from teikit.validate.checkers.schematron_xpath2.sieve import Sieve
from teikit.validate.document import Document
from teikit.validate.locate import locate_elements
from teikit.xmlio import SCH_NS

_S = f"{{{SCH_NS}}}"
_SPACES = re.compile(r"\s+")


class SchematronXPath2Checker(Checker):
    """Checks documents against an XPath 2 Schematron; each finding's rule is the id of its pattern."""

    kind = "schematron"

    def __init__(self, path: str | Path) -> None:
        super().__init__(Path(path))
        self.namespaces, self.patterns, self.lets, keys = load_schematron(self.path)
        self.queries = Queries(self.namespaces, self.path, keys)
        self._sieve: Sieve | None = None

    def prepare(self) -> None:
        self.sieve()

    def check(self, doc: Document) -> list[Finding]:
        return _Run(self, doc).findings()

    def sieve(self) -> Sieve:
        """The one-pass XSLT for the plain checks, built on first use."""
        if self._sieve is None:
            self._sieve = Sieve(self.queries, self.patterns)
        return self._sieve


class _Run:
    """One document against all patterns."""

    def __init__(self, checker: SchematronXPath2Checker, doc: Document) -> None:
        self.checker = checker
        self.queries = checker.queries
        self.doc = doc
        self.tree = doc.tree
        self.name = doc.name
        self._context = None  # elementpath's view of the document, built when first needed
        self._nodes: dict[Any, Any] = {}
        self._globals: dict[str, Any] = {}  # the schema's and patterns' lets, each evaluated when first used
        self._evaluating: list[str] = []

    def findings(self) -> list[Finding]:
        """Every finding, at the line and column of its context element."""
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
        self, pattern: Pattern, rule: Rule, silent: set[Assertion] = frozenset()
    ) -> list[tuple[etree._Element, Finding]]:
        """A one-rule pattern without lets: each plain XPath 1 check is one libxml2 query for the nodes where it
        fires, `(CONTEXT)[TEST]` for a report and `(CONTEXT)[not(TEST)]` for an assert; other checks go node by
        node. Checks in `silent` are known to fire nowhere."""
        nodes: list[Any] | None = None
        found = []
        for check in rule.checks:
            if check in silent:
                continue
            bulk = self.queries.bulk(rule.context, check, self._element_names())
            if bulk is not None:
                if self._skipped(rule.context):
                    continue
                fired = [n for n in bulk(self.tree) if isinstance(n, etree._Element)]
            else:
                present = self._element_names()
                candidates = None if check.is_assert else self.queries.report_candidates(rule.context, check, present)
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

    def _fires(self, check: Assertion, node: Any) -> bool:
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
        plain = self.queries.context_xpath1(context, self._element_names())
        if plain == "":
            return []
        if plain is not None:
            fast = self.queries.xpath1(plain, as_context=True, plain=True)
            if fast is not None:
                return [n for n in fast(self.tree) if isinstance(n, etree._Element)]
        token = self.queries.xpath2(context if context.startswith("/") else f"//({context})")
        lets = self._lets_for(context)
        return list(token.select(self._xpath_context(None, lets)))

    def _skipped(self, context: str) -> bool:
        """True when the context's element or a required attribute is absent: no pass over the document."""
        names = self.queries.context_names(context)
        if names is not None and not names & self._element_names():
            return True
        if not self.queries.context_required_names(context) <= self._element_names():
            return True
        attributes = self.queries.context_attributes(context)
        return bool(attributes) and not attributes <= self._attribute_names()

    def _element_names(self) -> set[str]:
        return self.doc.elements_and_attributes[0]

    def _attribute_names(self) -> set[str]:
        return self.doc.elements_and_attributes[1]

    # --- evaluating ---

    def _xpath_context(self, item: Any = None, variables: dict | None = None) -> Any:
        if self._context is None:
            self._context = elementpath().XPathContext(self.tree)
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
        token = self.queries.xpath2(expr)
        item = self._node(node)
        lets = self._lets_for(expr)
        return token.evaluate(self._xpath_context(item, {**lets, **variables, CURRENT_VAR: item}))

    def _lets_for(self, expr: str) -> dict[str, Any]:
        """The global lets `expr` refers to, evaluated (once per document) with the document node as context."""
        names = self.queries.variables(expr) & self.checker.lets.keys()
        for name in names - self._globals.keys():
            if name in self._evaluating:
                cycle = " -> ".join([*self._evaluating, name])
                raise TeikitError(f"these sch:let refer to each other in a loop: {cycle}", self.checker.path)
            self._evaluating.append(name)
            try:
                value = self.checker.lets[name]
                lets = self._lets_for(value)
                root = self._xpath_context().root
                token = self.queries.xpath2(value)
                self._globals[name] = token.evaluate(self._xpath_context(root, {**lets, CURRENT_VAR: root}))
            finally:
                self._evaluating.pop()
        return {name: self._globals[name] for name in names}

    def _surely_false(self, expr: str, node: Any) -> bool:
        """True when a top-level conjunct of `expr` (`a and b`) is plain XPath 1 and false on `node`."""
        if not isinstance(node, etree._Element):
            return False
        for conjunct in self.queries.conjuncts(expr):
            fast = self.queries.xpath1(conjunct)
            if fast is not None and not _xpath1_true(fast(node, **{CURRENT_VAR: node})):
                return True
        return False

    def _boolean(self, expr: str, node: Any, variables: dict) -> bool:
        fast = None if variables else self.queries.xpath1(expr)
        if fast is not None and isinstance(node, etree._Element):
            return _xpath1_true(fast(node, **{CURRENT_VAR: node}))
        widened = self.queries.widened_path(expr)
        if widened is not None and isinstance(node, etree._Element) and not widened(node):
            return False  # the path without its predicates selects nothing: so does the path
        token = self.queries.xpath2(expr)
        return token.boolean_value(self._evaluate(expr, node, variables))

    def _apply(self, pattern: Pattern, rule: Rule, node: Any) -> list[tuple[etree._Element, Finding]]:
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
                fast = self.queries.xpath1(check.test, variables=rule.let_names) if plain is not None else None
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

    def _plain_lets(self, rule: Rule, node: Any) -> dict[str, Any] | None:
        """The rule's lets evaluated by libxml2 when each is plain XPath 1 (on an lxml node), else None."""
        if not isinstance(node, etree._Element):
            return None
        values: dict[str, Any] = {}
        for let_name, let_value in rule.lets:
            fast = self.queries.xpath1(let_value, variables=frozenset(values))
            if fast is None:
                return None
            values[let_name] = fast(node, **values, **{CURRENT_VAR: node})
        return values

    def _xpath2_lets(self, rule: Rule, node: Any) -> dict[str, Any]:
        variables: dict[str, Any] = {}
        for let_name, let_value in rule.lets:
            variables[let_name] = self._evaluate(let_value, node, variables)
        return variables

    def _message(self, check: Assertion, node: Any, variables: dict) -> str:
        parts = [check.message.text or ""]
        for child in check.message:
            if child.tag == f"{_S}name":
                path = child.get("path")
                parts.append(_string(self._evaluate(path, node, variables)) if path else _name(node))
            elif child.tag == f"{_S}value-of":
                parts.append(_string(self._evaluate(child.get("select"), node, variables)))
            parts.append(child.tail or "")
        return _SPACES.sub(" ", "".join(parts)).strip()


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
    if isinstance(value, float):  # an xs:double as XPath writes it: 4, not 4.0
        if math.isnan(value) or math.isinf(value):
            return "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "string_value"):
        return str(value.string_value)
    if isinstance(value, etree._Element):
        return "".join(value.itertext())
    return str(value)
