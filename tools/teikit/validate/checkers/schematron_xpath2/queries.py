"""What the XPath 2 Schematron runner knows of each expression: whether libxml2 (XPath 1) may run it, and how.

Speed comes from letting libxml2 do what means the same in XPath 1: a rule's context is looked for with XPath 1
when it is plain XPath 1 (almost all are), so a rule costs nothing on documents without its elements; a test that
is plain XPath 1 without comparisons (whose meaning is the same in both versions) is evaluated by libxml2 directly.
`Queries` compiles each expression once, for the life of a checker, and keeps what it derives from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from teikit.errors import TeikitError
from teikit.validate.checkers.schematron_xpath2.schema import Assertion

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
POSITIONAL = re.compile(r"\b(?:position|last)\s*\(")
# A named step "prefix:local" (not an attribute, not an axis such as "ancestor::").
_NAMED_STEP = re.compile(r"(?<![@\w.:-])([A-Za-z_][\w.-]*):([A-Za-z_][\w.-]*)")
# A path of steps only, e.g. "ancestor::tei:l" or "../@from" (no function call, operator or space).
_PLAIN_PATH = re.compile(r"[\w:.\-/*@]+")
# XPath 2 value comparisons, e.g. "@mode eq 'delete'", and the general comparison of XPath 1 for each.
_VALUE_COMPARISON = re.compile(r"\s(eq|ne|lt|le|gt|ge)\s")
_GENERAL = {"eq": "=", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
# XSLT's current(), which TEI's tests use (e.g. "ancestor::tei:l[. = current()]").
CURRENT = re.compile(r"\bcurrent\(\s*\)")
CURRENT_VAR = "teikit_current"
# XSLT's key(), e.g. "key('idrefs', @xml:id)" (not a step named key, nor map:keys()).
_KEY_CALL = re.compile(r"(?<![\w.:@$-])key\s*\(")
KEY_VAR = "teikit_key"
# A last step that selects nodes other than elements, e.g. "text()" in "tei:p/text()" (jTEI's).
_NOT_ELEMENT = re.compile(r"\b(?:text|node|comment|processing-instruction)\(\s*[^()]*\)\s*$")
# A kind test of an attribute by its name without a prefix, e.g. "self::attribute(to)" (jTEI's).
_ATTRIBUTE_TEST = re.compile(r"(?<![\w.-])(?<!\w:)attribute\(\s*([A-Za-z_][\w.-]*)\s*\)")



def elementpath() -> Any:
    """elementpath (XPath 2 and later), imported on first use: TEI's constraints run on most documents (the chapter
    among them) without it, and importing it costs 0.14 s, twice the whole TEI All check of the chapter."""
    import elementpath.xpath31

    _remember_regex_translations()
    return elementpath


def _remember_regex_translations() -> None:
    """elementpath translates the XML Schema regex of each matches(), replace() and tokenize() call again, 8 ms for
    one with \\w or \\W: remembered, jTEI's test document is checked in 0.2 s instead of 3.7 (its text() rules)."""
    import functools

    from elementpath.xpath2 import _xpath2_functions
    from elementpath.xpath30 import _xpath30_functions

    translate = getattr(_xpath2_functions, "translate_pattern", None)
    if translate is not None and not hasattr(translate, "cache_info"):
        remembered = functools.lru_cache(maxsize=1024)(translate)
        for module in (_xpath2_functions, _xpath30_functions):
            if getattr(module, "translate_pattern", None) is translate:
                module.translate_pattern = remembered


class Queries:
    """The expressions of one Schematron schema, compiled once (libxml2 or elementpath) and analysed once."""

    def __init__(self, namespaces: dict[str, str], path: Path, keys: dict[str, list[tuple[str, str]]] | None = None
                 ) -> None:
        self.namespaces = namespaces
        self.path = path  # for errors about the schema
        self.keys = keys or {}  # the schema's xsl:keys, for key()
        self._xpath1: dict[str, etree.XPath | None] = {}
        self._xpath2: dict[str, Any] = {}
        self._derived: dict[str, Any] = {}  # strings and name sets derived from expressions
        self._parser = None

    def xpath1(
        self, expr: str, as_context: bool = False, plain: bool = False, variables: frozenset[str] = frozenset()
    ) -> etree.XPath | None:
        """`expr` compiled by libxml2 when its meaning is the same in XPath 1 and 2, else None.

        `plain`: a context already made XPath 1 by `context_xpath1`. `variables`: the names of the lets that
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

    def bulk(self, context: str, check: Assertion, present: set[str]) -> etree.XPath | None:
        """One XPath 1 query for the nodes where `check` fires in `context`, when both are plain XPath 1."""
        plain_context = self.context_xpath1(context, present)
        key = f"bulk:{check.is_assert}:{plain_context}\n{check.test}"
        if key not in self._xpath1:
            compiled = None
            if (
                plain_context
                and self.xpath1(check.test) is not None
                and not POSITIONAL.search(check.test)
                and not CURRENT.search(check.test)
            ):
                test = self.xpath1(check.test).path
                compiled = self._filtered(plain_context, f"not({test})" if check.is_assert else test)
            self._xpath1[key] = compiled
        return self._xpath1[key]

    def report_candidates(self, context: str, check: Assertion, present: set[str]) -> etree.XPath | None:
        """For a report that elementpath must evaluate, one XPath 1 query for the only nodes where it can fire:
        those where its plain conjuncts hold and its path without predicates selects something."""
        plain_context = self.context_xpath1(context, present)
        key = f"candidates:{plain_context}\n{check.test}"
        if key not in self._xpath1:
            compiled = None
            needs = [
                self.xpath1(c).path
                for c in self.conjuncts(check.test)
                if self.xpath1(c) is not None and not CURRENT.search(c)
            ]
            if self.widened_path(check.test) is not None:
                needs.append(_strip_predicates(check.test).strip())
            if plain_context and needs and not any(POSITIONAL.search(n) for n in needs):
                compiled = self._filtered(plain_context, " and ".join(f"({n})" for n in needs))
            self._xpath1[key] = compiled
        return self._xpath1[key]

    def _filtered(self, plain_context: str, condition: str) -> etree.XPath | None:
        """`(CONTEXT)[CONDITION]` compiled by libxml2, or None when it is not XPath 1 after all."""
        try:
            return etree.XPath(f"({plain_context})[{condition}]", namespaces=self.namespaces)
        except (etree.XPathSyntaxError, etree.XPathEvalError):
            return None

    def context_xpath1(self, context: str, present: set[str] | None = None) -> str | None:
        """A rule context as an XPath 1 expression that selects its nodes from the root, or None.

        With `present` (the element names of a document), only the branches of the context whose named steps
        all occur in it: "" when none can match.
        """
        branches = self.context_branches(context)
        if branches is None:
            return None
        return " | ".join(xpath for xpath, names, _ in branches if present is None or names <= present)

    def context_branches(self, context: str) -> list[tuple[str, frozenset[str], str]] | None:
        """Each branch of a rule context (`a | b`, `(a | b)/c` distributed) in plain XPath 1: (an expression that
        selects its nodes from the root, the element names it needs, the branch as written), or None."""
        key = f"branches:{context}"
        if key not in self._derived:
            # XPath 2 value comparisons on single attributes mean what XPath 1's general comparisons mean, so
            # `@type eq 'x'` becomes `@type = 'x'`.
            plain_expr = _VALUE_COMPARISON.sub(lambda m: f" {_GENERAL[m[1]]} ", context)
            branches = [d for b in _split_union(plain_expr) for d in _distribute(b)]
            if (any(b.startswith("(") or "@" in _strip_predicates(b) or _NOT_ELEMENT.search(_strip_predicates(b))
                    for b in branches) or _VARIABLE.search(context)):
                # contexts of attributes, text and other nodes that are not elements, and those that use a let
                self._derived[key] = None
            else:
                self._derived[key] = [(self._branch_xpath(b), self._step_names(b), b) for b in branches]
        return self._derived[key]

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
            plain = self.context_xpath1(expr)
            if plain is None:
                return None
        else:
            # current() becomes a variable that the runner sets to the context node.
            plain = _EQ_NE.sub(lambda m: " = " if m[1] == "eq" else " != ", CURRENT.sub(f"${CURRENT_VAR}", expr))
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
        if key not in self._derived:
            parts = _split_top_level(expr, lambda i: 4 if expr.startswith((" and ", "\nand "), i) else 0)
            self._derived[key] = parts
        return self._derived[key]

    def variables(self, expr: str) -> frozenset[str]:
        """The names of the variables `expr` refers to (`$name`, those of the keys it looks up too), as far as a
        pattern can tell."""
        key = f"vars:{expr}"
        if key not in self._derived:
            self._derived[key] = frozenset(_VARIABLE.findall(self.expand_keys(expr)))
        return self._derived[key]

    def expand_keys(self, expr: str) -> str:
        """`expr` with each call of XSLT's key('NAME', VALUES) written out in XPath 3: the nodes of the context
        node's document that an xsl:key of that name matches and whose `use` value equals one of VALUES,
        `(let $teikit_key := (VALUES) return //(MATCH)[(USE) = $teikit_key])`, in document order."""
        out, at = [], 0
        for call in _KEY_CALL.finditer(expr):
            if call.start() < at or _in_string(expr, call.start()):
                continue
            end = _closing(expr, call.end() - 1)
            inside = expr[call.end():end] if end is not None else ""
            args = _split_top_level(inside, lambda i, text=inside: 1 if text[i] == "," else 0)
            quoted = args[0][:1] in ("'", '"') and args[0][-1:] == args[0][:1]
            if end is None or len(args) != 2 or not quoted:
                raise TeikitError(f"key() is supported with a name in quotes and a value, no third argument: {expr!r}",
                                  self.path)
            name = args[0][1:-1]
            if name not in self.keys:
                raise TeikitError(f"key({name!r}) in {expr!r}: the schema has no xsl:key of that name", self.path)
            found = " | ".join(f"//({match})[({use}) = ${KEY_VAR}]" for match, use in self.keys[name])
            out.append(f"{expr[at:call.start()]}(let ${KEY_VAR} := ({self.expand_keys(args[1])}) return {found})")
            at = end + 1
        return "".join(out) + expr[at:]

    def context_attributes(self, context: str) -> set[str]:
        """Attributes (no namespace) that a node matching `context` must carry, as far as is plain to see.

        A single-branch context `step[p1][p2]...`: each predicate must hold, and a predicate `a and b` fails
        when a conjunct `@x` or `starts-with(@x, ...)` does, so @x is required.
        """
        key = f"atts:{context}"
        if key not in self._derived:
            required: set[str] = set()
            for conjunct in self._predicate_conjuncts(context):
                match = _REQUIRED_ATTRIBUTE.fullmatch(conjunct)
                if match:
                    required.add(match[1] or match[2])
            self._derived[key] = required
        return self._derived[key]

    def context_required_names(self, context: str) -> set[str]:
        """Element names (Clark notation) that must all occur in a document for `context` to match anything, as
        far as is plain to see: those of a path P in a predicate conjunct `count(P) > N` (e.g. TEI's
        `/*[count(//tei:constraintDecl) gt 1]`, which elementpath would otherwise count on every document)."""
        key = f"required:{context}"
        if key not in self._derived:
            required: set[str] = set()
            for conjunct in self._predicate_conjuncts(context):
                match = _COUNT_ABOVE.fullmatch(conjunct)
                if match and "|" not in match[1] and "(" not in match[1]:
                    required |= self._step_names(match[1])
            self._derived[key] = required
        return self._derived[key]

    def _predicate_conjuncts(self, context: str) -> list[str]:
        """The conjuncts of the predicates of a single-branch context (`a[p and q][r]`: p, q, r), each of which
        must hold for a node to match; none for a union."""
        if len(_split_union(context)) != 1 or context.strip().startswith("("):
            return []
        return [c.strip() for p in _PREDICATE.findall(context) for c in self.conjuncts(p.strip())]

    def context_names(self, context: str) -> set[str] | None:
        """The element names (Clark notation) one of which a node matching `context` must have, or None."""
        if context not in self._derived:
            names = _last_names(context)
            if names is not None:
                prefixed = [n.split(":", 1) for n in names]
                names = {f"{{{self.namespaces[p]}}}{local}" for p, local in prefixed if p in self.namespaces}
            self._derived[context] = names
        return self._derived[context]

    def xpath2(self, expr: str) -> Any:
        """`expr` parsed by elementpath.

        The XPath 3.1 parser, a superset of XPath 2: TEI's tests also use `||` and generate-id(), which the
        XSLT processors that TEI runs them with (Saxon) accept.
        """
        if expr not in self._xpath2:
            if self._parser is None:
                # No network, ever: unparsed-text() and its kind refuse every URL (jTEI's lets ask for one).
                self._parser = elementpath().xpath31.XPath31Parser(namespaces=self.namespaces,
                                                                   allow_external_resources=False)
            try:
                # XSLT's current() is the rule's context node: the runner binds it as a variable; its key() is
                # written out in XPath (expand_keys).
                written = _named_attribute_tests(self.expand_keys(expr))
                self._xpath2[expr] = self._parser.parse(CURRENT.sub(f"${CURRENT_VAR}", written))
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


def _named_attribute_tests(expr: str) -> str:
    """`attribute(NAME)` as `attribute()[local-name() = 'NAME' and namespace-uri() = '']`, which means the same:
    elementpath 5 reads a NAME that is also a keyword (to, div, and, ...) as that operator and fails."""
    return _ATTRIBUTE_TEST.sub(
        lambda m: m[0] if _in_string(expr, m.start()) else
        f"attribute()[local-name() = '{m[1]}' and namespace-uri() = '']", expr)


def _in_string(expr: str, at: int) -> bool:
    """True when `expr[at]` is inside a string literal."""
    quote = ""
    for ch in expr[:at]:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
    return bool(quote)


def _closing(expr: str, opening: int) -> int | None:
    """The index of the parenthesis that closes the one at `opening` (outside string literals), None if none."""
    depth, quote = 0, ""
    for i in range(opening, len(expr)):
        ch = expr[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
    return None
