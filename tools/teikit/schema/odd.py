"""Read a self-contained (pure) TEI ODD into plain data: elements, classes, macros, datatypes, rules."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teikit.errors import TeikitError
from teikit.xmlio import SCH_NS, TEI_NS, XSL_NS, parse_file

UNBOUNDED = -1  # maxOccurs="unbounded"

_T = f"{{{TEI_NS}}}"


# ---- content models (pure ODD: sequence, alternate, elementRef, classRef, macroRef, textNode, empty) ----
@dataclass(frozen=True)
class Particle:
    """One node of a content model: `kind` is sequence|alternate|element|class|macro|text|empty."""

    kind: str
    key: str = ""
    children: tuple[Particle, ...] = ()
    min: int = 1
    max: int = 1  # UNBOUNDED for "unbounded"


@dataclass(frozen=True)
class Datatype:
    """An attribute's datatype: XSD built-in type names (more than one = a union), and list bounds."""

    builtins: tuple[str, ...]
    key: str = ""  # the dataSpec it came from, for the manual
    min: int = 1
    max: int = 1


@dataclass(frozen=True)
class Value:
    ident: str
    desc: str = ""


@dataclass(frozen=True)
class Attribute:
    ident: str
    required: bool
    datatype: Datatype
    values: tuple[Value, ...] | None  # a closed value list, or None
    desc: str = ""
    origin: str = ""  # the class it was inherited from, "" when declared on the element


@dataclass(frozen=True)
class Rule:
    """A Schematron rule (one constraintSpec): its id, description, and the sch:rule elements (copies)."""

    ident: str
    desc: str
    element: str  # the elementSpec it is declared in, "" for a document-wide rule
    rules: tuple[etree._Element, ...] = field(compare=False)


@dataclass(frozen=True)
class ElementDecl:
    ident: str
    gloss: str
    desc: str
    classes: tuple[str, ...]
    content: Particle
    attributes: tuple[Attribute, ...]
    line: int


@dataclass(frozen=True)
class ClassDecl:
    ident: str
    type: str  # "atts" | "model"
    desc: str
    classes: tuple[str, ...]
    attributes: tuple[Attribute, ...]


@dataclass(frozen=True)
class MacroDecl:
    ident: str
    desc: str
    content: Particle


@dataclass(frozen=True)
class Odd:
    """A whole customisation: what the schema generators need, in document order."""

    path: str
    ident: str
    start: str
    ns: str
    title: str
    intro: tuple[str, ...]  # the body's paragraphs, as plain text, for the manual
    elements: tuple[ElementDecl, ...]
    classes: tuple[ClassDecl, ...]
    macros: tuple[MacroDecl, ...]
    datatypes: tuple[tuple[str, Datatype, str], ...]  # (ident, datatype, desc)
    rules: tuple[Rule, ...]
    setup: tuple[etree._Element, ...] = field(compare=False)  # sch:ns, sch:let, xsl:key shared by all rules

    def attribute_groups(self, el: ElementDecl) -> tuple[tuple[str, ...], tuple[Attribute, ...]]:
        """The attribute classes `el` uses unchanged (by name), and the attributes to declare on it directly."""
        whole = []
        for cls in self.classes:
            if cls.type == "atts" and cls.ident in el.classes and cls.attributes:
                if set(cls.attributes) <= set(el.attributes):
                    whole.append(cls.ident)
        own = tuple(a for a in el.attributes if a.origin not in whole)
        return tuple(whole), own

    def members(self, class_ident: str) -> tuple[str, ...]:
        """Element idents that are members of a model class, directly or through member classes; sorted."""
        found: set[str] = set()
        todo = [class_ident]
        seen: set[str] = set()
        while todo:
            cls = todo.pop()
            if cls in seen:
                continue
            seen.add(cls)
            found.update(e.ident for e in self.elements if cls in e.classes)
            todo.extend(c.ident for c in self.classes if cls in c.classes)
        return tuple(sorted(found))


def _text(el: etree._Element | None) -> str:
    """The normalised text of a gloss/desc, as plain text: <gi>pb</gi> reads "<pb>", <att>n</att> "@n"."""
    if el is None:
        return ""

    def flat(node: etree._Element) -> str:
        inner = (node.text or "") + "".join(
            (flat(c) if isinstance(c.tag, str) else "") + (c.tail or "") for c in node)  # comments: tail only
        kind = etree.QName(node).localname
        return {"gi": f"<{inner}>", "att": f"@{inner}"}.get(kind, inner) if node is not el else inner

    return " ".join(flat(el).split())


def _occurs(el: etree._Element, path: str) -> tuple[int, int]:
    def num(name: str) -> int:
        raw = el.get(name, "1")
        if raw == "unbounded":
            return UNBOUNDED
        try:
            return int(raw)
        except ValueError:
            raise TeikitError(f"@{name}={raw!r} is not a number or 'unbounded'", path, el.sourceline) from None

    lo, hi = num("minOccurs"), num("maxOccurs")
    if lo < 0 or (hi != UNBOUNDED and hi < max(lo, 1)):
        raise TeikitError(f"minOccurs={lo} and maxOccurs={hi} make no sense", path, el.sourceline)
    return lo, hi


def _particle(el: etree._Element, path: str) -> Particle:
    tag = etree.QName(el).localname
    if el.tag == f"{_T}sequence" or el.tag == f"{_T}alternate":
        kids = tuple(_particle(c, path) for c in el if isinstance(c.tag, str))
        if not kids:
            raise TeikitError(f"empty <{tag}> in a content model", path, el.sourceline)
        lo, hi = _occurs(el, path)
        return Particle(tag, children=kids, min=lo, max=hi)
    if el.tag in (f"{_T}elementRef", f"{_T}classRef"):
        lo, hi = _occurs(el, path)
        return Particle("element" if tag == "elementRef" else "class", key=el.get("key", ""), min=lo, max=hi)
    if el.tag == f"{_T}macroRef":
        return Particle("macro", key=el.get("key", ""))
    if el.tag == f"{_T}textNode":
        return Particle("text")
    if el.tag == f"{_T}empty":
        return Particle("empty")
    raise TeikitError(
        f"<{tag}> is not supported in a content model: use sequence, alternate, elementRef, classRef, macroRef, "
        "textNode or empty",
        path, el.sourceline,
    )


def _content(spec: etree._Element, path: str) -> Particle:
    content = spec.find(f"{_T}content")
    if content is None:
        raise TeikitError(f"<{etree.QName(spec).localname} ident=\"{spec.get('ident')}\"> has no <content>",
                          path, spec.sourceline)
    kids = [c for c in content if isinstance(c.tag, str)]
    if len(kids) != 1:
        raise TeikitError("<content> must hold exactly one particle (wrap several in <sequence>)",
                          path, content.sourceline)
    return _particle(kids[0], path)


def _datatype(att: etree._Element, datatypes: dict[str, Datatype], path: str) -> Datatype:
    dt = att.find(f"{_T}datatype")
    if dt is None:
        return Datatype(("token",), key="teidata.enumerated")
    ref = dt.find(f"{_T}dataRef")
    if ref is None:
        raise TeikitError("<datatype> must hold a <dataRef>", path, dt.sourceline)
    lo, hi = _occurs(dt, path)
    if ref.get("key"):
        base = datatypes.get(ref.get("key"))
        if base is None:
            raise TeikitError(f"dataRef key=\"{ref.get('key')}\" names no dataSpec", path, ref.sourceline)
        return Datatype(base.builtins, key=ref.get("key"), min=lo, max=hi)
    if ref.get("name"):
        return Datatype((ref.get("name"),), key=ref.get("name"), min=lo, max=hi)
    raise TeikitError("<dataRef> needs @key or @name", path, ref.sourceline)


def _attributes(spec: etree._Element) -> list[tuple[str, etree._Element]]:
    attlist = spec.find(f"{_T}attList")
    return [(a.get("ident", ""), a) for a in ([] if attlist is None else attlist.findall(f"{_T}attDef"))]


def _attribute(att: etree._Element, datatypes: dict[str, Datatype], path: str, origin: str = "") -> Attribute:
    vallist = att.find(f"{_T}valList")
    values = None
    if vallist is not None:
        if vallist.get("type") != "closed":
            raise TeikitError("only closed value lists (valList type=\"closed\") are supported; use a datatype "
                              "for open values", path, vallist.sourceline)
        values = tuple(Value(v.get("ident", ""), _text(v.find(f"{_T}desc")) or _text(v.find(f"{_T}gloss")))
                       for v in vallist.findall(f"{_T}valItem"))
        if not values:
            raise TeikitError("an empty closed value list allows nothing", path, vallist.sourceline)
    datatype = _datatype(att, datatypes, path)
    if values is not None and datatype.max != 1:
        raise TeikitError("a closed value list with a list datatype is not supported", path, att.sourceline)
    return Attribute(
        ident=att.get("ident", ""),
        required=att.get("usage") == "req",
        datatype=datatype,
        values=values,
        desc=_text(att.find(f"{_T}desc")),
        origin=origin,
    )


def _classes(spec: etree._Element) -> tuple[str, ...]:
    return tuple(m.get("key", "") for m in spec.findall(f"{_T}classes/{_T}memberOf"))


def _rules(spec: etree._Element, element: str, path: str) -> Rule:
    ident = spec.get("ident", "")
    if spec.get("scheme") != "schematron":
        raise TeikitError(f"constraintSpec {ident!r}: only scheme=\"schematron\" is supported", path, spec.sourceline)
    constraint = spec.find(f"{_T}constraint")
    rules = [] if constraint is None else constraint.findall(f"{{{SCH_NS}}}rule")
    if not rules:
        raise TeikitError(f"constraintSpec {ident!r} holds no sch:rule", path, spec.sourceline)
    asserts = [a for r in rules for a in r.iterchildren(f"{{{SCH_NS}}}assert", f"{{{SCH_NS}}}report")]
    if len([a for a in asserts if not a.get("id")]) > 1:
        raise TeikitError(f"constraintSpec {ident!r} has several asserts without @id: give each its own id",
                          path, spec.sourceline)
    return Rule(ident, _text(spec.find(f"{_T}desc")), element, tuple(copy.deepcopy(r) for r in rules))


def read_odd(path: str | Path) -> Odd:
    """Read and check an ODD file; raise TeikitError naming file and line for anything unsupported or dangling."""
    path = str(path)
    tree = parse_file(path)
    spec = tree.find(f".//{_T}schemaSpec")
    if spec is None:
        raise TeikitError("no <schemaSpec> found: is this a TEI ODD?", path, 1, 1)

    datatypes: dict[str, Datatype] = {}
    datatype_list = []
    for ds in spec.iter(f"{_T}dataSpec"):
        content = ds.find(f"{_T}content")
        refs = [] if content is None else list(content.iter(f"{_T}dataRef"))
        if not refs or any(not r.get("name") for r in refs):
            raise TeikitError("a dataSpec's content must be dataRef name=\"...\" (XSD built-ins), or an "
                              "alternate of them", path, ds.sourceline)
        dt = Datatype(tuple(r.get("name") for r in refs), key=ds.get("ident", ""))
        datatypes[ds.get("ident", "")] = dt
        datatype_list.append((ds.get("ident", ""), dt, _text(ds.find(f"{_T}desc"))))

    classes = []
    class_atts: dict[str, list[Attribute]] = {}
    for cs in spec.iter(f"{_T}classSpec"):
        ident = cs.get("ident", "")
        atts = [_attribute(a, datatypes, path, origin=ident) for _, a in _attributes(cs)]
        class_atts[ident] = atts
        classes.append(ClassDecl(ident, cs.get("type", ""), _text(cs.find(f"{_T}desc")), _classes(cs), tuple(atts)))

    macros = tuple(MacroDecl(m.get("ident", ""), _text(m.find(f"{_T}desc")), _content(m, path))
                   for m in spec.iter(f"{_T}macroSpec"))

    elements = []
    rules = []
    setup: list[etree._Element] = []
    for es in spec.iter(f"{_T}elementSpec"):
        ident = es.get("ident", "")
        member = _classes(es)
        effective: dict[str, Attribute] = {}
        for cls in member:
            for att in class_atts.get(cls, []):
                effective[att.ident] = att
        for name, att in _attributes(es):
            if att.get("mode") == "delete":
                effective.pop(name, None)
            else:
                effective[name] = _attribute(att, datatypes, path)
        elements.append(ElementDecl(ident, _text(es.find(f"{_T}gloss")), _text(es.find(f"{_T}desc")), member,
                                    _content(es, path), tuple(effective.values()), es.sourceline or 0))
    for cs in spec.iter(f"{_T}constraintSpec"):
        owner = cs.getparent()
        element = owner.get("ident", "") if owner.tag == f"{_T}elementSpec" else ""
        constraint = cs.find(f"{_T}constraint")
        shared = [] if constraint is None else [
            c for c in constraint
            if c.tag in (f"{{{SCH_NS}}}ns", f"{{{SCH_NS}}}let", f"{{{XSL_NS}}}key")
        ]
        if shared and len(shared) == len([c for c in constraint if isinstance(c.tag, str)]):
            setup.extend(copy.deepcopy(c) for c in shared)
            continue
        rules.append(_rules(cs, element, path))

    title_el = tree.find(f"{_T}teiHeader/{_T}fileDesc/{_T}titleStmt/{_T}title")
    body = tree.find(f"{_T}text/{_T}body")
    intro = tuple(_text(p) for p in (body.findall(f"{_T}p") if body is not None else []))
    odd = Odd(path, spec.get("ident", "schema"), spec.get("start", "TEI"), spec.get("ns", TEI_NS), _text(title_el),
              intro, tuple(elements), tuple(classes), macros, tuple(datatype_list), tuple(rules), tuple(setup))
    _check_references(odd, spec, path)
    return odd


def _check_references(odd: Odd, spec: etree._Element, path: str) -> None:
    """Every elementRef, classRef, macroRef and memberOf names something declared; idents are unique."""
    names = {"element": {e.ident for e in odd.elements}, "class": {c.ident for c in odd.classes},
             "macro": {m.ident for m in odd.macros}}
    seen: set[str] = set()
    for ident in [e.ident for e in odd.elements] + [r.ident for r in odd.rules]:
        if ident in seen:
            raise TeikitError(f"{ident!r} is declared twice", path, spec.sourceline)
        seen.add(ident)
    for tag, kind in (("elementRef", "element"), ("classRef", "class"), ("macroRef", "macro"),
                      ("memberOf", "class")):
        for ref in spec.iter(f"{_T}{tag}"):
            if ref.get("key") not in names[kind]:
                raise TeikitError(f"<{tag} key=\"{ref.get('key')}\"> names no declared {kind}", path, ref.sourceline)
    if odd.start not in names["element"]:
        raise TeikitError(f"the start element {odd.start!r} is not declared", path, spec.sourceline)
    for cls in odd.classes:
        if cls.type == "model" and not odd.members(cls.ident):
            raise TeikitError(f"model class {cls.ident!r} has no members", path, spec.sourceline)
