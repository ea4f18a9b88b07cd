"""Citation trees of a TEI document: those its refsDecl/citeStructure declare, or else teikit's default tree, as
citable units in document order (pre-order: a unit, its descendants, then its next sibling).

XPaths in citeStructure (@match, @use, citeData/@use) are XPath 2 as TEI says, evaluated by elementpath with TEI as
the default element namespace (so `/TEI/text/body/div` works as it is written in TEI documents). An outer @match is
absolute; an inner one is evaluated from each element its parent matched; @use from each matched element, with
position() its place among the elements matched there.

The default tree, for documents that declare none: the body's `div` nesting (div, div1 ... div7). In the body and in
every division that holds divisions, each division is a unit numbered by its place among its sibling divisions
(`2.3`: the third division of the second); the other elements there that carry text (a `head`, a `trailer`, a
paragraph beside divisions) are units too, named after the element and their place among its siblings of that name
(`2.head1`), so that no word of the body is left out of the deepest units. A body without divisions is cited by its
paragraphs (`1`, `2`, ...). A division with text of its own between its children is not divided further.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from teikit.errors import TeikitError
from teikit.xmlio import TEI_NS

DC_TERMS = "http://purl.org/dc/terms/"
DEFAULT_TREE_DESCRIPTION = (
    "teikit's default citation tree (the document declares no refsDecl/citeStructure): the body's divisions, "
    "numbered by position (2.3), with the other elements that carry text named after the element (2.head1); "
    "a body without divisions is cited by its paragraphs."
)
# A TEI division: div, or the numbered div1 ... div7.
_DIV = re.compile(r"div[1-7]?$")


@dataclass
class Found:
    """A citable unit found in a document (before its passage is located in the serialisation)."""

    identifier: str
    level: int
    parent: str | None
    cite_type: str
    element: etree._Element
    milestone: bool = False  # an empty element (pb): its passage runs to the next unit of its kind
    metadata: dict[str, list[str]] = field(default_factory=dict)  # property URI -> values (citeData)
    sibling_key: int = 0  # units of one citeStructure in one parent share a key (a milestone's next is among them)


@dataclass
class Tree:
    identifier: str | None  # None for the default tree of the document
    description: str | None
    structure: list[dict]  # the CiteStructure objects of DTS
    units: list[Found]


def local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _has_text(el: etree._Element) -> bool:
    return any(t.strip() for t in el.itertext())


def _own_text(el: etree._Element) -> bool:
    """Whether `el` has text of its own, outside its child elements."""
    return bool((el.text or "").strip()) or any((c.tail or "").strip() for c in el)


def _is_div(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and el.tag.startswith(f"{{{TEI_NS}}}") and bool(_DIV.match(local(el)))


def citation_trees(tei: etree._Element, name: str) -> tuple[list[Tree], list[str]]:
    """The citation trees of the TEI element `tei` (its own tree's root), the default one first, and warnings.

    A declared tree that cannot be read (an XPath that does not parse, an empty or repeated identifier) is left
    out with a warning; when none is left, the default tree is used.
    """
    warnings: list[str] = []
    trees: list[Tree] = []
    decls = [r for r in tei.iterfind(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}encodingDesc/{{{TEI_NS}}}refsDecl")
             if r.find(f"{{{TEI_NS}}}citeStructure") is not None]
    decls.sort(key=lambda r: r.get("default") != "true")  # stable: the first declared, unless another says default
    for number, decl in enumerate(decls, 1):
        ident = None if not trees else (decl.get("n") or f"tree{number}")
        try:
            trees.append(_declared_tree(tei, decl, ident, name))
        except TeikitError as err:
            warnings.append(str(err))
    if not trees:
        tree = default_tree(tei)
        if tree is not None:
            trees.append(tree)
    return trees, warnings


def _declared_tree(tei: etree._Element, decl: etree._Element, ident: str | None, name: str) -> Tree:
    structures = [_read_structure(s, name) for s in decl.iterfind(f"{{{TEI_NS}}}citeStructure")]
    resolver = _Resolver(tei, name)
    units: list[Found] = []
    resolver.find(structures, None, None, 1, units)
    seen: dict[str, Found] = {}
    for unit in units:
        if unit.identifier in seen:
            raise TeikitError(f"citation tree {ident or '(default)'}: identifier {unit.identifier!r} names two "
                              f"units (also line {seen[unit.identifier].element.sourceline}): the tree is not used",
                              name, unit.element.sourceline)
        seen[unit.identifier] = unit
    return Tree(ident, None, [s.json() for s in structures], units)


@dataclass
class _Structure:
    cite_type: str
    match: str
    use: str
    delim: str
    line: int
    children: list[_Structure]
    data: list[tuple[str, str]]  # (property, use)

    def json(self) -> dict:
        out: dict = {"@type": "CiteStructure", "citeType": self.cite_type}
        if self.children:
            out["citeStructure"] = [c.json() for c in self.children]
        return out


def _read_structure(el: etree._Element, name: str) -> _Structure:
    if not el.get("match") or not el.get("use"):
        raise TeikitError("citeStructure needs @match and @use: the tree is not used", name, el.sourceline)
    return _Structure(
        el.get("unit") or "unit", el.get("match"), el.get("use"), el.get("delim") or "", el.sourceline or 0,
        [_read_structure(c, name) for c in el.iterfind(f"{{{TEI_NS}}}citeStructure")],
        [(d.get("property", ""), d.get("use", "")) for d in el.iterfind(f"{{{TEI_NS}}}citeData")],
    )


class _Resolver:
    """Evaluates a tree's XPaths on one document with elementpath (imported here: it costs 0.1 s to import)."""

    def __init__(self, tei: etree._Element, name: str):
        from elementpath import XPath2Parser, get_node_tree

        self.name = name
        self.parser = XPath2Parser(namespaces={"tei": TEI_NS}, default_namespace=TEI_NS)
        self.root = get_node_tree(tei.getroottree())
        self.compiled: dict[str, object] = {}
        self.keys = 0
        # Document order, to sort what a match selects (elementpath does not always return `//pb` in order).
        self.order = {el: i for i, el in enumerate(tei.iter())}

    def evaluate(self, expr: str, item: etree._Element | None, line: int, position: int = 1, size: int = 1):
        from elementpath import XPathContext

        token = self.compiled.get(expr)
        if token is None:
            try:
                token = self.compiled[expr] = self.parser.parse(expr)
            except Exception as err:  # elementpath has its own error types for syntax errors
                raise TeikitError(f"citeStructure XPath {expr!r} does not parse ({err}): the tree is not used",
                                  self.name, line) from None
        context = XPathContext(self.root, item=item) if item is not None else XPathContext(self.root)
        context.position, context.size = position, size
        try:
            return token.get_results(context)
        except Exception as err:
            raise TeikitError(f"citeStructure XPath {expr!r} fails ({err}): the tree is not used",
                              self.name, line) from None

    def value(self, expr: str, item: etree._Element, line: int, position: int, size: int) -> str:
        result = self.evaluate(expr, item, line, position, size)
        first = result[0] if isinstance(result, list) and result else result
        if isinstance(first, etree._Element):
            return _text(first)
        if isinstance(first, float) and first.is_integer():
            first = int(first)
        return " ".join(str(first).split()) if first is not None and first != [] else ""

    def find(self, structures: list[_Structure], context: etree._Element | None, parent: Found | None,
             level: int, out: list[Found]) -> None:
        """Append the units `structures` match in `context` (the document when None), with their descendants."""
        matched: list[tuple[etree._Element, _Structure, int, int, int]] = []
        for structure in structures:
            result = self.evaluate(structure.match, context, structure.line)
            nodes = [n for n in result if isinstance(n, etree._Element)] if isinstance(result, list) else []
            nodes.sort(key=lambda n: self.order.get(n, 0))
            self.keys += 1
            matched.extend((node, structure, i, len(nodes), self.keys) for i, node in enumerate(nodes, 1))
        matched.sort(key=lambda m: self.order.get(m[0], 0))
        for node, structure, position, size, key in matched:
            value = self.value(structure.use, node, structure.line, position, size)
            if not value:
                raise TeikitError(f"citeStructure @use {structure.use!r} gives no value for <{local(node)}> "
                                  "(an empty citation identifier): the tree is not used", self.name, node.sourceline)
            ident = f"{parent.identifier}{structure.delim}{value}" if parent else value
            unit = Found(ident, level, parent.identifier if parent else None, structure.cite_type, node,
                         milestone=not len(node) and not (node.text or "").strip(), sibling_key=key)
            for prop, use in structure.data:
                values = self.evaluate(use, node, structure.line) if use else []
                texts = [_text(v) if isinstance(v, etree._Element) else " ".join(str(v).split())
                         for v in (values if isinstance(values, list) else [values])]
                if prop and any(texts):
                    unit.metadata.setdefault(prop, []).extend(t for t in texts if t)
            out.append(unit)
            if structure.children and not unit.milestone:
                self.find(structure.children, node, unit, level + 1, out)


def default_tree(tei: etree._Element) -> Tree | None:
    """teikit's default tree (see the module's docstring), or None for a document without a body to cite."""
    body = tei.find(f"{{{TEI_NS}}}text/{{{TEI_NS}}}body")
    if body is None or _own_text(body):
        return None
    units: list[Found] = []
    _default_units(body, None, 1, units, top=True)
    if not units:
        return None
    return Tree(None, DEFAULT_TREE_DESCRIPTION, _structure_of(units), units)


def _default_units(container: etree._Element, parent: Found | None, level: int, out: list[Found], top: bool) -> None:
    children = [c for c in container if isinstance(c.tag, str)]
    divs = [c for c in children if _is_div(c)]
    main = divs or ([c for c in children if c.tag == f"{{{TEI_NS}}}p"] if top else [])
    place = {el: i for i, el in enumerate(main, 1)}
    named: Counter[str] = Counter()
    for child in children:
        if child in place:
            value = str(place[child])
            cite_type = (" ".join(child.get("type", "").split()) or "div") if divs else "paragraph"
        elif _has_text(child):
            named[local(child)] += 1
            value, cite_type = f"{local(child)}{named[local(child)]}", local(child)
        else:
            continue  # milestones (pb, lb, anchor) and empty elements: no text to cite
        unit = Found(f"{parent.identifier}.{value}" if parent else value, level,
                     parent.identifier if parent else None, cite_type, child)
        head = child.find(f"{{{TEI_NS}}}head") if divs and child in place else None
        if head is not None and _text(head):
            unit.metadata[f"{DC_TERMS}title"] = [_text(head)]
        out.append(unit)
        if child in place and divs and any(_is_div(g) for g in child) and not _own_text(child):
            _default_units(child, unit, level + 1, out, top=False)


def _structure_of(units: list[Found]) -> list[dict]:
    """The CiteStructure objects describing the types found at each level (in the order first met)."""
    root: dict = {}
    by_ident = {u.identifier: u for u in units}
    for unit in units:
        path = []
        current: Found | None = unit
        while current is not None:
            path.append(current.cite_type)
            current = by_ident.get(current.parent) if current.parent else None
        node = root
        for cite_type in reversed(path):
            node = node.setdefault(cite_type, {})

    def json(tree: dict) -> list[dict]:
        out = []
        for cite_type, children in tree.items():
            entry: dict = {"@type": "CiteStructure", "citeType": cite_type}
            if children:
                entry["citeStructure"] = json(children)
            out.append(entry)
        return out

    return json(root)
