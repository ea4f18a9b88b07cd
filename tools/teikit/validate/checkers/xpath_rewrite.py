"""Rewrites of XPath 1 expressions that keep their value and spare libxml2 work, for the one-pass Schematron.

`prefiltered`: a cheap necessary condition before the costly string tests, `contains(translate(...), ...)`.
libxml2's translate() looks every character of its string up in its second argument, one by one: on prose it is
most of the time Schematron takes (teikit's note-label rule translates every text node twice). But
`contains(translate(X, 'F', 'T'), 'L')` can only hold when X contains, for each character of L that no character of
F becomes, that character itself (and for a character that some do, one of them): a plain `contains(X, c)`, which
is a byte search. So each such call is rewritten `(contains(X, c) and contains(translate(X, 'F', 'T'), 'L'))`,
and `starts-with(translate(X, 'F', 'T'), 'L')` likewise with `starts-with(X, c)`: the same value, found sooner.

`among`: a schema-wide let that holds the nodes of some paths from the root (`//@xml:id`), compared for equality
with a string (`$ids = substring(., 2)`), is a search through all those nodes for each comparison: a document with
twice as many ids and pointers takes four times as long. The comparison is true exactly when the string is one of
the nodes' string values, so it becomes `teikit:among('ids', substring(., 2))`, a look-up in a set of those values
that the one-pass checker makes once per document (an xsl:key would do the same, but key() searches the document of
the context node, which inside `str:tokenize(...)[...]`, where teikit's rules compare, is the tokens' own).

`scanned`: where no character can be looked for first (teikit's letter-spacing rule turns every letter into x and
looks for ' x x x x '), `contains(translate(., 'F', 'T'), 'L')` can only hold when some string of the document (its
text, an attribute's value, a comment) holds what could become L: a regular expression of L with each character
replaced by the class of those that become it. The checker searches the document's strings for it once (`scan`),
and the call becomes `($teikit-scan-N and CALL)`: the same value, and libxslt's translate() runs on no node at all
when the document has no such string (the one pass over the 22 files of sarit and eltec-eng: 2.75 -> 1.88 s CPU).
"""

from __future__ import annotations

import re

from lxml import etree

from teikit.validate.checkers.schematron_xpath2.queries import _closing, _split_top_level, _split_union
from teikit.validate.checkers.schematron_xpath2.queries import _in_string as _in_literal

_CALL = re.compile(r"(?<![\w.:-])(contains|starts-with)\s*\(")
_TRANSLATE = re.compile(r"translate\s*\(")
_NORMALIZE = re.compile(r"normalize-space\s*\((.*)\)", re.DOTALL)
MAX_CHOICES = 2  # a character that more characters of F become is not worth testing
# A comparison `$name = OPERAND` or `OPERAND = $name` (not !=, <=, >=), and what may stand before and after it.
_EQUALS_LEFT = re.compile(r"\$([A-Za-z_][\w.-]*)\s*=(?!=)\s*")
_STRING_FUNCTIONS = ("substring", "substring-before", "substring-after", "concat", "normalize-space", "string",
                     "translate")
_ATTRIBUTE = re.compile(r"@[A-Za-z_][\w.:-]*")
# The extension function that `among` writes, and its namespace (the one-pass checker implements it).
EXTENSIONS_NS = "urn:teikit:xslt"
AMONG = "teikit:among"


def prefiltered(expr: str) -> str:
    """`expr` with each `contains(translate(X, 'F', 'T'), 'L')` and `starts-with(translate(...), 'L')` given its
    necessary condition (see the module's docstring); everything else as it was."""
    out, at = [], 0
    for start, end in _calls(expr):
        if start < at:
            continue  # inside a call already rewritten
        rewritten = _rewrite(expr[start:end])
        if rewritten is not None:
            out.append(expr[at:start])
            out.append(rewritten)
            at = end
    out.append(expr[at:])
    return "".join(out)


# Extension functions (str:tokenize, dyn:map, exsl:node-set...) and document() may make strings of the context that
# are not the document's: `scanned` leaves an expression that calls one alone.
_FOREIGN = re.compile(r"[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*\s*\(|document\s*\(|namespace::")
SCAN_PARAMETER = "teikit-scan-{}"


def scanned(expr: str, scans: list[str]) -> str:
    """`expr` with each `contains(translate(., 'F', 'T'), 'L')`, or `contains(concat('A', translate(., 'F', 'T'),
    'B'), 'L')`, that `prefiltered` would leave alone written `($teikit-scan-N and CALL)`, N the index in `scans`
    (appended to) of the regular expression that the document's strings must match (see the module's docstring)."""
    if _FOREIGN.search(expr):
        return expr
    out, at = [], 0
    for start, end in _calls(expr):
        if start < at or _rewrite(expr[start:end]) is not None:
            continue
        pattern = _scan_pattern(expr[start:end])
        if pattern is not None:
            if pattern not in scans:
                scans.append(pattern)
            out += [expr[at:start], f"(${SCAN_PARAMETER.format(scans.index(pattern))} and {expr[start:end]})"]
            at = end
    out.append(expr[at:])
    return "".join(out)


def _scan_pattern(call: str) -> str | None:
    """The regular expression that a string X must match for `contains(translate(X...), 'L')` to hold, or None."""
    if call[: call.index("(")].strip() != "contains":
        return None
    args = _arguments(call[call.index("(") + 1 : -1])
    if len(args) != 2 or not _literal(args[1]):
        return None
    haystack, wanted = args[0].strip(), _literal(args[1])
    before = after = ""
    concat = re.match(r"concat\s*\(", haystack)
    if concat and _closing(haystack, concat.end() - 1) == len(haystack) - 1:
        parts = _arguments(haystack[concat.end() : -1])
        if len(parts) != 3 or _literal(parts[0]) is None or _literal(parts[2]) is None:
            return None
        before, haystack, after = _literal(parts[0]), parts[1].strip(), _literal(parts[2])
    translate = _TRANSLATE.match(haystack)
    if translate is None or _closing(haystack, translate.end() - 1) != len(haystack) - 1:
        return None
    parts = _arguments(haystack[translate.end() : -1])
    if len(parts) != 3 or parts[0].strip() != ".":
        return None
    source, target = _literal(parts[1]), _literal(parts[2])
    # What comes from the literals around may stand at either end of L; the rest must come from X itself.
    core = wanted[len(before) : len(wanted) - len(after)]
    if source is None or target is None or not core or any(source.index(c) >= len(target) for c in source):
        return None  # (a character that translate() removes could stand anywhere in between)
    classes = [_preimage(char, source, target) for char in core]
    if not all(classes):
        return None
    return "".join(re.escape(min(chars)) if len(chars) == 1 else f"[{''.join(map(re.escape, sorted(chars)))}]"
                   for chars in classes)


def document_strings(tree: etree._ElementTree) -> str:
    """Every string value a node of `tree` may have is a substring of this: its text (in document order), each
    attribute's value, each comment's and processing instruction's, apart."""
    parts = [etree.tostring(tree, method="text", encoding="unicode")]
    parts += [value for element in tree.iter(etree.Element) for value in element.attrib.values()]
    root = tree.getroot()
    around = [*root.itersiblings(preceding=True), *root.itersiblings()]  # before and after the root element
    parts += [node.text or "" for node in [*tree.iter(etree.Comment, etree.ProcessingInstruction), *around]]
    return "\x00".join(parts)


def _calls(expr: str) -> list[tuple[int, int]]:
    """(start, end) of each contains(...) or starts-with(...) call outside string literals."""
    found = []
    for match in _CALL.finditer(expr):
        if _in_literal(expr, match.start()):
            continue
        end = _closing(expr, match.end() - 1)
        if end is not None:
            found.append((match.start(), end + 1))
    return found


def _rewrite(call: str) -> str | None:
    name = call[: call.index("(")].strip()
    args = _arguments(call[call.index("(") + 1 : -1])
    if len(args) != 2:
        return None
    haystack, wanted = args
    literal = _literal(wanted)
    translate = _TRANSLATE.match(haystack)
    if literal is None or not literal or translate is None or _closing(haystack, translate.end() - 1) != len(
        haystack
    ) - 1:
        return None
    parts = _arguments(haystack[translate.end() : -1])
    if len(parts) != 3:
        return None
    subject, source, target = parts[0], _literal(parts[1]), _literal(parts[2])
    if source is None or target is None:
        return None
    if name == "starts-with":
        if len(source) > len(target):
            return None  # characters that translate() removes could come before the first one kept
        choices = _preimage(literal[0], source, target)
        if not 1 <= len(choices) <= MAX_CHOICES:
            return None
        condition = " or ".join(f"starts-with({subject}, {_quote(c)})" for c in sorted(choices))
        return f"(({condition}) and {call})"
    tests = []
    for char in sorted(set(literal), key=_rarity):
        choices = _preimage(char, source, target)
        if char.isspace() or not 1 <= len(choices) <= MAX_CHOICES:
            continue
        # normalize-space() changes only white space, so a character that is not one is looked for in its argument.
        inner = _NORMALIZE.fullmatch(subject)
        plain = (inner[1].strip() or ".") if inner and not any(c.isspace() for c in choices) else subject
        tests.append(" or ".join(f"contains({plain}, {_quote(c)})" for c in sorted(choices)))
        if len(tests) == 2:
            break
    if not tests:
        return None
    return "(" + " and ".join(f"({t})" for t in tests) + f" and {call})"


def _preimage(char: str, source: str, target: str) -> set[str]:
    """The characters that translate(., source, target) turns into `char` (itself, unless source has it)."""
    found = set() if char in source else {char}
    for i, c in enumerate(source):
        if source.index(c) == i and i < len(target) and target[i] == char:
            found.add(c)
    return found


def _rarity(char: str) -> tuple[int, str]:
    """Punctuation first (rare in text, so the best filter), then digits, then letters."""
    return (0 if not char.isalnum() else 1 if char.isdigit() else 2, char)


def _quote(char: str) -> str:
    return f'"{char}"' if char == "'" else f"'{char}'"


def _literal(text: str) -> str | None:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" and text[0] not in text[1:-1]:
        return text[1:-1]
    return None


def _arguments(text: str) -> list[str]:
    """The top-level, comma-separated arguments of a call."""
    return _split_top_level(text, lambda i: 1 if text[i] == "," else 0)


def from_root(value: str) -> bool:
    """Whether a let's value is a union of paths from the root without positions (`//tei:person/@xml:id |
    //tei:personGrp/@xml:id`), which lxml's XPath selects as libxslt would."""
    branches = _split_union(value)
    return bool(value.strip()) and all(
        b.startswith("//") and not re.search(r"[($]|\[\s*\d|last|position", b) for b in branches
    )


def among(expr: str, names: set[str]) -> str:
    """`expr` with each `$name = OPERAND` whose let is in `names` and whose OPERAND is a string (a literal, a
    string function's call, `.` or an attribute) written `teikit:among('name', OPERAND)`."""
    out, at = [], 0
    for match in _EQUALS_LEFT.finditer(expr):
        if match.start() < at or match[1] not in names or _in_literal(expr, match.start()):
            continue
        if not _stands_alone_before(expr, match.start()):
            continue
        end = _operand_end(expr, match.end())
        if end is None or not _stands_alone_after(expr, end):
            continue
        out.append(expr[at : match.start()])
        out.append(f"{AMONG}('{match[1]}', {expr[match.end():end].strip()})")
        at = end
    out.append(expr[at:])
    return "".join(out)


def _operand_end(expr: str, start: int) -> int | None:
    """The end of a string operand starting at `start`: a literal, a string function's call, `.` or `@name`."""
    rest = expr[start:]
    if rest and rest[0] in "'\"":
        close = rest.find(rest[0], 1)
        return None if close < 0 else start + close + 1
    if rest.startswith(".") and not rest.startswith(".."):
        return None if re.match(r"\.[\w/\[]", rest) else start + 1
    attribute = _ATTRIBUTE.match(rest)
    if attribute:
        following = rest[attribute.end() : attribute.end() + 1]
        return None if following and following in "/[(" else start + attribute.end()
    for name in _STRING_FUNCTIONS:
        call = re.match(rf"{re.escape(name)}\s*\(", rest)
        if call:
            close = _closing(rest, call.end() - 1)
            return None if close is None else start + close + 1
    return None


def _stands_alone_before(expr: str, index: int) -> bool:
    before = expr[:index].rstrip()
    return not before or before.endswith(("(", "[", ",")) or re.search(r"(?<![\w.-])(?:and|or)$", before) is not None


def _stands_alone_after(expr: str, index: int) -> bool:
    after = expr[index:].lstrip()
    return not after or after.startswith((")", "]", ",")) or re.match(r"(?:and|or)(?![\w.-])", after) is not None

