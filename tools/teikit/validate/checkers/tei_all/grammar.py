"""TEI All's grammar pruned to the names a batch of documents uses: same verdicts, a fraction of the work.

Compiling the whole of tei_all.rng takes libxml2 12-15 s. A document can only ever match the element patterns
whose names it contains, so every other element pattern may be replaced by `notAllowed` without changing any
verdict; the same holds for the attribute patterns of an element that no element of that name in the batch
carries (TEI elements allow 30-80 attributes each, and libxml2 tries every allowed attribute on every element:
pruning them more than halves the time it takes to validate). Attribute classes are therefore written inline, per
element. `notAllowed` is then propagated as RELAX NG's simplification does (section 4.19): a group or oneOrMore
holding it is notAllowed, a choice drops it, optional/zeroOrMore of it is empty, a ref to a define that became
notAllowed is notAllowed; defines no longer reachable from the start are dropped. No `notAllowed` is left inside a
content model (libxml2 would lose its compiled automaton for it and validate about 20 times slower), except as the
whole content of an element that the batch uses and that can never be valid (it needs an element the batch lacks).

The pruned grammar is small (a few hundred defines instead of 1,200) and compiles in a few milliseconds.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from lxml import etree

from teikit.errors import TeikitError
from teikit.validate.checkers.tei_all.datatypes import read_datatypes_as_jing
from teikit.validate.names import split_names
from teikit.xmlio import RNG_NS, TEI_ROOTS, XML_NS, parse_bytes

_R = f"{{{RNG_NS}}}"
# A name set (see teikit.validate.names) holds element names and "TAG\t@ATTR" pairs; ALL_ATTRIBUTES, or no
# attribute at all, keeps every attribute pattern.
ALL_ATTRIBUTES = "@*"
# Suffix of the defines written for stub mode (see _Pruner.stub); TEI names no pattern so.
STUB_SUFFIX = "__teikit_stub"
# Leaf patterns kept as they are: they contain no element pattern, so pruning cannot change them.
_LEAVES = {"text", "empty", "data", "value", "attribute"}


class _NotAllowed:
    """The `notAllowed` pattern during simplification (never written out inside a content model)."""


NOT_ALLOWED = _NotAllowed()
Pattern = Any  # an lxml element of the output schema, or NOT_ALLOWED


class Source:
    """tei_all.rng stripped of annotations (documentation, Schematron), its defines indexed by name."""

    def __init__(self, data: bytes, name: str) -> None:
        root = parse_bytes(data, name).getroot()
        if root.tag != f"{_R}grammar":
            raise TeikitError("not a RELAX NG grammar (XML syntax) with a <grammar> root", name, 1, 1)
        for el in list(root.iter()):
            if not isinstance(el.tag, str) or not el.tag.startswith(_R):
                if el.getparent() is not None:  # annotations and comments mean nothing to validation
                    el.getparent().remove(el)
            else:
                for attr in [a for a in el.attrib if a.startswith("{")]:
                    del el.attrib[attr]
        self.root = root
        self.defines: dict[str, etree._Element] = {}
        for define in root.iterfind(f"{_R}define"):
            if define.get("combine") or define.get("name") in self.defines:
                raise TeikitError(f"define {define.get('name')!r} is combined: not supported", name)
            self.defines[define.get("name")] = define
        if root.find(f"{_R}include") is not None or root.find(f".//{_R}externalRef") is not None:
            raise TeikitError("include/externalRef are not supported: use a flattened tei_all.rng", name)
        self.start = root.find(f"{_R}start")
        if self.start is None:
            raise TeikitError("the grammar has no <start>", name)
        self._holds: dict[str, bool] = {}

    def holds_attributes(self, name: str) -> bool:
        """True when define `name` holds an attribute pattern outside any element pattern, directly or through
        refs: an attribute class, whose pruning depends on the element that refers to it."""
        if name not in self._holds:
            self._holds[name] = False  # (refs alone never loop in RELAX NG; elements are not followed)
            todo = list(self.defines[name])
            while todo:
                node = todo.pop()
                kind = node.tag[len(_R):]
                if kind == "attribute" or (kind == "ref" and self.holds_attributes(node.get("name"))):
                    self._holds[name] = True
                    break
                if kind != "element":
                    todo.extend(node)
        return self._holds[name]


def _element_name(el: etree._Element) -> str | None:
    """`{ns}local` of an element pattern with a plain name, None for a name class (wildcards)."""
    name = el.get("name")
    if name is None or ":" in name:
        return _prefixed(el, name)
    ns = next((a.get("ns") for a in el.iterancestors() if a.get("ns") is not None), "")
    return f"{{{el.get('ns', ns)}}}{name}"


def _attribute_name(el: etree._Element) -> str | None:
    """`@{ns}local` (or `@local`) of an attribute pattern with a plain name, None for a name class.

    Unlike an element's, an attribute's name is in no namespace unless it says so (RELAX NG 4.8)."""
    name = el.get("name")
    if name is None or ":" in name:
        clark = _prefixed(el, name)
        return None if clark is None else f"@{clark}"
    return f"@{{{el.get('ns')}}}{name}" if el.get("ns") else f"@{name}"


def _prefixed(el: etree._Element, name: str | None) -> str | None:
    """The Clark name of a prefixed name (`xml:id`, `tei:p`) as written on pattern `el`; None for no name."""
    if name is None:
        return None
    prefix, local = name.split(":", 1)
    return f"{{{XML_NS if prefix == 'xml' else el.nsmap[prefix]}}}{local}"



class _Pruner:
    """One derivation: the source grammar restricted to a name set (see ALL_ATTRIBUTES)."""

    def __init__(self, source: Source, names: frozenset[str]) -> None:
        self.source = source
        self.names = names
        self.all_attributes = ALL_ATTRIBUTES in names
        # Element name -> the attributes ("@" + Clark name) its elements carry in the batch.
        self.carried: dict[str, set[str]] = {}
        for name in names:
            if "\t" in name:
                tag, attribute = name.split("\t", 1)
                self.carried.setdefault(tag, set()).add(attribute)
        # For a wildcard element (anyName), which may be any of them: every attribute the batch carries.
        self.anywhere: set[str] = set().union(*self.carried.values())
        self.here = self.anywhere  # the attributes allowed to the element being built
        self.out = etree.Element(f"{_R}grammar", source.root.attrib, nsmap=source.root.nsmap)
        # Output define name -> simplified body (NOT_ALLOWED or an element; None while being computed).
        self.memo: dict[str, Pattern] = {}
        # In stub mode (inside an element the batch uses but that would otherwise allow nothing), an unused element
        # becomes `element X { empty }` instead of notAllowed, and unused attributes are kept: they still match
        # nothing in the batch, but libxml2 then reports the real mistake ("Did not expect element Y there",
        # a missing required attribute) as the full schema does.
        self.stub = False

    def run(self) -> etree._Element:
        start = self._group(self.source.start)
        if start is NOT_ALLOWED:  # cannot happen while the TEI roots are kept; kept as a guard
            raise TeikitError("pruned TEI All has no possible root")
        start_el = etree.SubElement(self.out, f"{_R}start")
        start_el.append(start)
        # Write the defines reachable from the start (content first built in normal mode and then rebuilt in stub
        # mode may have referred to defines that nothing refers to any more).
        todo = [start]
        written: set[str] = set()
        while todo:
            for ref in todo.pop().iter(f"{_R}ref"):
                name = ref.get("name")
                if name not in written:
                    written.add(name)
                    define = etree.SubElement(self.out, f"{_R}define", name=name)
                    _append_unwrapped(define, self.memo[name])
                    todo.append(define)
        return self.out

    def _ref(self, source_name: str) -> Pattern:
        if not self.stub and not self.all_attributes and self.source.holds_attributes(source_name):
            # An attribute class: pruned for the element being built, so written in place rather than shared.
            return self._group(self.source.defines[source_name])
        name = f"{source_name}{STUB_SUFFIX}" if self.stub else source_name
        if name not in self.memo:
            define = self.source.defines.get(source_name)
            if define is None:
                raise TeikitError(f"ref to undefined pattern {source_name!r}")
            self.memo[name] = None  # a loop through refs only is not RELAX NG; elements break real loops
            self.memo[name] = self._group(define)
        body = self.memo[name]
        if body is NOT_ALLOWED:
            return NOT_ALLOWED
        if body is not None and body.tag == f"{_R}empty":
            return _new("empty")
        return _new("ref", name=name)

    def _group(self, parent: Iterable[etree._Element]) -> Pattern:
        """The children of `parent` as one pattern (an implicit group)."""
        items = []
        for child in parent:
            pattern = self._pattern(child)
            if pattern is NOT_ALLOWED:
                return NOT_ALLOWED
            if pattern.tag != f"{_R}empty":
                items.append(pattern)
        if not items:
            return _new("empty")
        if len(items) == 1:
            return items[0]
        group = _new("group")
        group.extend(items)
        return group

    def _pattern(self, node: etree._Element) -> Pattern:
        kind = node.tag[len(_R):]
        if kind == "attribute" and not self.stub and not self.all_attributes:
            name = _attribute_name(node)
            if name is not None and name not in self.here:
                return NOT_ALLOWED  # no element of this name in the batch carries it: as for elements
        if kind in _LEAVES:
            return _copy_leaf(node)
        if kind == "ref":
            return self._ref(node.get("name"))
        if kind == "element":
            return self._element(node)
        if kind == "choice":
            return self._choice(node)
        if kind == "notAllowed":
            return NOT_ALLOWED
        inner = self._group(node)
        if kind == "group":
            return inner
        if kind in ("optional", "zeroOrMore"):
            if inner is NOT_ALLOWED or inner.tag == f"{_R}empty":
                return _new("empty")
            return _wrap(kind, inner)
        if kind == "oneOrMore":
            if inner is NOT_ALLOWED or inner.tag == f"{_R}empty":
                return inner
            return _wrap(kind, inner)
        if kind in ("list", "mixed", "interleave"):
            return NOT_ALLOWED if inner is NOT_ALLOWED else _wrap(kind, inner)
        raise TeikitError(f"unexpected RELAX NG pattern <{kind}> in tei_all.rng")

    def _choice(self, node: etree._Element) -> Pattern:
        alternatives: list[etree._Element] = []
        has_empty = False
        for child in node:
            pattern = self._pattern(child)
            if pattern is NOT_ALLOWED:
                continue
            if pattern.tag == f"{_R}empty":
                has_empty = True
                continue
            if pattern.tag == f"{_R}choice":  # flatten nested choices: fewer nodes for libxml2
                alternatives.extend(pattern)
            else:
                alternatives.append(pattern)
        if not alternatives:
            return _new("empty") if has_empty else NOT_ALLOWED
        if has_empty:
            inner = alternatives[0] if len(alternatives) == 1 else _wrap("choice", *alternatives)
            return _wrap("optional", inner)
        return alternatives[0] if len(alternatives) == 1 else _wrap("choice", *alternatives)

    def _element(self, node: etree._Element) -> Pattern:
        name = _element_name(node)
        if name is not None and name not in self.names:
            # The batch has no element of this name: this pattern can match nothing.
            return _wrap("element", _new("empty"), **node.attrib) if self.stub else NOT_ALLOWED
        element = etree.Element(f"{_R}element", node.attrib)
        children = list(node)
        if name is None:  # a name class (wildcard) is the first child
            element.append(_copy(children[0]))
            children = children[1:]
        outer, self.stub = self.stub, False
        outer_here, self.here = self.here, self.anywhere if name is None else self.carried.get(name, set())
        content = self._group(children)
        if content is NOT_ALLOWED:
            # Used by the batch, but every content it allows needs an element the batch lacks: the element is
            # invalid wherever it occurs. Keep its content model with stubs so that libxml2 says why.
            self.stub = True
            content = self._group(children)
        self.stub, self.here = outer, outer_here
        _append_unwrapped(element, content)
        return element


# Where libxml2 and jing read XML Schema datatypes differently, teikit follows jing (the TEI's reference
# validator). Each entry: type -> (a pattern that the value must also match, a pattern of values jing accepts
# and libxml2 refuses, or None). XSD regex, anchored at both ends.


def _copy_leaf(node: etree._Element) -> etree._Element:
    """A copy of a pattern without element patterns (attribute, data, value...), datatypes read as jing does."""
    return read_datatypes_as_jing(_copy(node))


def _new(kind: str, **attrib: str) -> etree._Element:
    return etree.Element(f"{_R}{kind}", attrib)


def _append_unwrapped(parent: etree._Element, pattern: etree._Element) -> None:
    """Append `pattern` to an element or define, a group as its items (the implicit group of RELAX NG).

    libxml2 takes the attributes among an element's own children apart from its content model; an explicit
    <group> around them would hide them and cost the element its compiled automaton.
    """
    if pattern.tag == f"{_R}group":
        parent.extend(list(pattern))
    else:
        parent.append(pattern)


def _wrap(kind: str, *children: etree._Element, **attrib: str) -> etree._Element:
    el = _new(kind, **attrib)
    el.extend(children)
    return el


def _copy(node: etree._Element) -> etree._Element:
    return copy.deepcopy(node)


def prune(source: Source, names: Iterable[str]) -> bytes:
    """The RELAX NG (XML syntax) of `source` restricted to a name set (see ALL_ATTRIBUTES and `carried_names`);
    element names alone keep every attribute pattern."""
    grammar = _Pruner(source, complete_names(names)).run()
    return etree.tostring(grammar, encoding="utf-8", xml_declaration=True)


def complete_names(names: Iterable[str]) -> frozenset[str]:
    """`names` with the roots TEI All allows (always kept, so that the start pattern never becomes notAllowed and
    libxml2 can say what is wrong with a document whose root is something else), and with ALL_ATTRIBUTES when it
    names no attribute."""
    wanted = frozenset(names) | TEI_ROOTS
    return wanted if any("\t" in name for name in wanted) else wanted | {ALL_ATTRIBUTES}


def covers(have: set[str] | frozenset[str], wanted: frozenset[str]) -> bool:
    """True when a grammar pruned for the names `have` gives the same verdicts as one pruned for `wanted`."""
    if ALL_ATTRIBUTES in have:
        return split_names(wanted)[0] <= have
    return wanted <= have
