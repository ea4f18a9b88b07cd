"""TEI All conformance, fast: validate against a copy of tei_all.rng pruned to the elements a batch uses.

Compiling the whole of tei_all.rng takes libxml2 12-15 s. A document can only ever match the element patterns
whose names it contains, so every other element pattern may be replaced by `notAllowed` without changing any
verdict. `notAllowed` is then propagated as RELAX NG's simplification does (section 4.19): a group or oneOrMore
holding it is notAllowed, a choice drops it, optional/zeroOrMore of it is empty, a ref to a define that became
notAllowed is notAllowed; defines no longer reachable from the start are dropped. No `notAllowed` is left inside a
content model (libxml2 would lose its compiled automaton for it and validate about 20 times slower), except as the
whole content of an element that the batch uses and that can never be valid (it needs an element the batch lacks).

The pruned schema is small (a few hundred defines instead of 1,200) and compiles in tens of milliseconds. It is
cached on disk by a hash of tei_all.rng and of the element names, and compiled once per process.
"""

from __future__ import annotations

import copy
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from teikit.errors import Finding, TeikitError
from teikit.xmlio import TEI_NS, atomic_write, parse_bytes, parse_file

RNG_NS = "http://relaxng.org/ns/structure/1.0"
RULE = "tei-all"
# Bump when the pruning changes, so that schemas cached by an older teikit are not reused.
PRUNE_VERSION = "1"
# The roots TEI All allows; always kept so that the start pattern never becomes notAllowed and libxml2 can say
# what is wrong with a document whose root is something else.
ROOT_NAMES = frozenset({f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus"})

_R = f"{{{RNG_NS}}}"
# Patterns whose children form an implicit group (RELAX NG 4.12: more than one child means `group`).
_GROUPING = {"group", "oneOrMore", "zeroOrMore", "optional", "list", "mixed", "interleave", "define", "start"}
# Leaf patterns kept as they are: they contain no element pattern, so pruning cannot change them.
_LEAVES = {"text", "empty", "data", "value", "attribute"}


class _NotAllowed:
    """The `notAllowed` pattern during simplification (never written out inside a content model)."""


NOT_ALLOWED = _NotAllowed()
Pattern = Any  # an lxml element of the output schema, or NOT_ALLOWED


def find_tei_all(explicit: str | None = None) -> Path:
    """The tei_all.rng to use: the path given, else $TEIKIT_TEI_ALL, else a copy in teikit's cache folder."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise TeikitError("no such file: give the path of tei_all.rng to --tei-all", path)
        return path
    env = os.environ.get("TEIKIT_TEI_ALL")
    if env:
        path = Path(env)
        if not path.is_file():
            raise TeikitError("TEIKIT_TEI_ALL names no file: set it to the path of tei_all.rng", path)
        return path
    cached = cache_dir() / "tei_all.rng"
    if cached.is_file():
        return cached
    raise TeikitError(
        "TEI All schema not found: pass its path (--tei-all PATH/tei_all.rng), set TEIKIT_TEI_ALL, "
        f"or copy tei_all.rng to {cached}"
    )


def cache_dir() -> Path:
    """$TEIKIT_CACHE_DIR, else $XDG_CACHE_HOME/teikit, else ~/.cache/teikit."""
    if os.environ.get("TEIKIT_CACHE_DIR"):
        return Path(os.environ["TEIKIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "teikit"


def element_names(tree: etree._ElementTree | etree._Element) -> set[str]:
    """The names (`{ns}local`) of every element in a document."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    return {el.tag for el in root.iter() if isinstance(el.tag, str)}


# ---------------------------------------------------------------------------------------------------------------
# Pruning


class _Source:
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


def _element_name(el: etree._Element) -> str | None:
    """`{ns}local` of an element pattern with a plain name, None for a name class (wildcards)."""
    name = el.get("name")
    if name is None:
        return None
    if ":" in name:
        prefix, local = name.split(":", 1)
        return f"{{{el.nsmap[prefix]}}}{local}"
    ns = next((a.get("ns") for a in el.iterancestors() if a.get("ns") is not None), "")
    return f"{{{el.get('ns', ns)}}}{name}"


class _Pruner:
    """One derivation: the source grammar restricted to element names `names`."""

    def __init__(self, source: _Source, names: frozenset[str]) -> None:
        self.source = source
        self.names = names
        self.out = etree.Element(f"{_R}grammar", source.root.attrib, nsmap=source.root.nsmap)
        self.memo: dict[str, Pattern] = {}  # define name -> simplified body (NOT_ALLOWED or an element)
        self.pending: list[str] = []
        self.written: set[str] = set()

    def run(self) -> etree._Element:
        start = self._group(self.source.start)
        if start is NOT_ALLOWED:  # cannot happen while ROOT_NAMES are kept; kept as a guard
            raise TeikitError("pruned TEI All has no possible root")
        start_el = etree.SubElement(self.out, f"{_R}start")
        start_el.append(start)
        while self.pending:  # write every define that the output refers to, and what those refer to
            name = self.pending.pop()
            define = etree.SubElement(self.out, f"{_R}define", name=name)
            _append_unwrapped(define, self.memo[name])
        return self.out

    def _ref(self, name: str) -> Pattern:
        if name not in self.memo:
            define = self.source.defines.get(name)
            if define is None:
                raise TeikitError(f"ref to undefined pattern {name!r}")
            self.memo[name] = None  # a loop through refs only is not RELAX NG; elements break real loops
            self.memo[name] = self._group(define)
        body = self.memo[name]
        if body is NOT_ALLOWED:
            return NOT_ALLOWED
        if body is not None and body.tag == f"{_R}empty":
            return _new("empty")
        if name not in self.written:
            self.written.add(name)
            self.pending.append(name)
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
        if kind in _LEAVES:
            return _copy(node)
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
            return NOT_ALLOWED  # the batch has no element of this name: this pattern can match nothing
        element = etree.Element(f"{_R}element", node.attrib)
        children = list(node)
        if name is None:  # a name class (wildcard) is the first child
            element.append(_copy(children[0]))
            children = children[1:]
        content = self._group(children)
        if content is NOT_ALLOWED:
            # Used by the batch but unsatisfiable here (needs an element the batch lacks): keep it, with nothing
            # allowed inside, so that libxml2 reports the element itself as invalid.
            etree.SubElement(element, f"{_R}notAllowed")
        else:
            _append_unwrapped(element, content)
        return element


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


def _wrap(kind: str, *children: etree._Element) -> etree._Element:
    el = _new(kind)
    el.extend(children)
    return el


def _copy(node: etree._Element) -> etree._Element:
    return copy.deepcopy(node)


def prune(source: _Source, names: Iterable[str]) -> bytes:
    """The RELAX NG (XML syntax) of `source` restricted to the element names `names`."""
    grammar = _Pruner(source, frozenset(names) | ROOT_NAMES).run()
    return etree.tostring(grammar, encoding="utf-8", xml_declaration=True)
