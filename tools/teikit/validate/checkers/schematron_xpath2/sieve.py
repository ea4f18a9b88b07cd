"""The one-pass sieve: the plain XPath 1 checks of a Schematron schema run together in one XSLT pass.

Looking each check up costs a walk over the whole document; most checks are plain XPath 1 on a context named by its
element (`tei:lg`, `tei:l//tei:p`), so one pass whose templates, keyed by element name, say which of them fire
anywhere replaces those walks. Only the checks that fire are then looked for (to find nodes and messages); on a
valid document, none. On sarit's 3 MB text the pass takes 35 ms where one query per check took 130 ms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from teikit.validate.checkers.schematron_xpath2.queries import CURRENT, CURRENT_VAR, POSITIONAL, Queries
from teikit.validate.checkers.schematron_xpath2.schema import Assertion, Pattern
from teikit.xmlio import XSL_NS, xslt_access_control

# One step of a context path on the child axis: a name test, then its predicates (e.g. "tei:list[@type='gloss']").
_NAME_TEST = re.compile(r"(?:[A-Za-z_][\w.-]*:)?(?:[A-Za-z_][\w.-]*|\*)")


class Sieve:
    """The plain XPath 1 checks of one-rule patterns, run in a single XSLT pass that says which of them fire.

    A check is taken when its test is plain XPath 1 (current() is XSLT's own) and every branch of its context is
    a path of named steps on the child axis without positional predicates, ending in an element name (not a
    wildcard: a wildcard's checks would be tested on every element, which is slower than one lookup). Each branch
    becomes a test on the node itself (`tei:l//tei:p` is `self::tei:p[ancestor::tei:l]`) inside the template for
    its last element name. A fired check may have fired on several nodes: the caller looks them up.
    """

    def __init__(self, queries: Queries, patterns: Sequence[Pattern]) -> None:
        self.checks: list[Assertion] = []  # index in the pass's output -> check
        # One template per element (Clark name: two prefixes of one namespace must not make two templates, of
        # which XSLT would run only one), written with the first prefix bound to its namespace.
        templates: dict[str, tuple[str, list[tuple[str, int]]]] = {}
        prefixes = {uri: prefix for prefix, uri in reversed(queries.namespaces.items())}
        for pattern in patterns:
            if len(pattern.rules) != 1 or pattern.rules[0].lets:
                continue
            rule = pattern.rules[0]
            branches = self._branches(queries, rule.context)
            for check in rule.checks if branches else ():
                fires = self._fires(queries, check)
                if fires is None:
                    continue
                for name, itself in branches:
                    prefix, _, local = name.rpartition(":")
                    uri = queries.namespaces.get(prefix, "") if prefix else ""
                    match = f"{prefixes[uri]}:{local}" if uri else local
                    templates.setdefault(f"{{{uri}}}{local}", (match, []))[1].append(
                        (f"({itself}) and {fires}", len(self.checks))
                    )
                self.checks.append(check)
        self.transform = self._compile(queries.namespaces, sorted(templates.values())) if self.checks else None

    @staticmethod
    def _branches(queries: Queries, context: str) -> list[tuple[str, str]] | None:
        """(last element name, test on the node itself) for each branch of a context, or None."""
        branches = queries.context_branches(context)
        if not branches:
            return None
        found = []
        for _, _, branch in branches:
            converted = self_test(branch)
            if converted is None or converted[0].endswith("*"):
                return None
            try:
                etree.XPath(converted[1], namespaces=queries.namespaces)
            except (etree.XPathSyntaxError, etree.XPathEvalError):
                return None  # XPath 2 in a predicate (e.g. `@mode = ('add', 'change')`)
            found.append(converted)
        return found

    @staticmethod
    def _fires(queries: Queries, check: Assertion) -> str | None:
        """The XPath 1 condition for `check` to fire on the context node, or None when it is not plain XPath 1."""
        compiled = queries.xpath1(check.test)
        if compiled is None or POSITIONAL.search(check.test):
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

    def fired(self, tree: etree._ElementTree) -> set[Assertion] | None:
        """The checks that fire somewhere in `tree`, or None when there is no pass or it could not run (deeply
        nested XML)."""
        if self.transform is None:
            return None
        try:
            output = str(self.transform(tree))
        except etree.XSLTApplyError:
            return None
        return {self.checks[int(index)] for index in output.split()}


def self_test(branch: str) -> tuple[str, str] | None:
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
        if re.search(r"\[\s*\d", predicates) or POSITIONAL.search(predicates) or CURRENT.search(predicates):
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
