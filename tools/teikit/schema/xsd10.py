"""Write a compiled schema as W3C XML Schema 1.0, where XML Schema can express it.

Every element is declared globally (XML Schema cannot say which may be a document's root) and referred to; model
classes and macros are model groups, attribute classes attribute groups, datatypes simple types. Text anywhere in
a content model makes the type mixed (XML Schema cannot say where the text goes): the one approximation, besides
`anyElement` (any element of another namespace) and attribute choices (each attribute optional).

What XML Schema 1.0 cannot express stops the writer with `XsdUnsupported`, naming the first element concerned:
a content model that is not deterministic (Unique Particle Attribution: two particles could match the same element
at the same point), an included RELAX NG grammar, RELAX NG written in the ODD, an interleave of repeated parts.
"""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from teikit.schema.model import (
    UNBOUNDED,
    AnyElement,
    Attribute,
    AttributeChoice,
    AttributeItem,
    ClassAttribute,
    ClassAttributes,
    Data,
    Empty,
    Group,
    NotAllowed,
    Pattern,
    Ref,
    Rng,
    Schema,
    Text,
    ValueList,
    Values,
    Where,
)
from teikit.schema.prune import members

XS_NS = "http://www.w3.org/2001/XMLSchema"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_XSD = "xml.xsd"
EXAMPLES_NS = "http://www.tei-c.org/ns/Examples"
_X = f"{{{XS_NS}}}"


class XsdUnsupported(Exception):
    """The schema has something XML Schema 1.0 cannot express; `where` is the element it is in."""

    def __init__(self, message: str, where: Where | None = None) -> None:
        super().__init__(message)
        self.where = where


def _x(tag: str, parent: etree._Element | None = None, **attrib: str) -> etree._Element:
    return etree.Element(f"{_X}{tag}", attrib) if parent is None else etree.SubElement(parent, f"{_X}{tag}", attrib)


def _occurs(el: etree._Element, lo: int, hi: int) -> etree._Element:
    if lo != 1:
        el.set("minOccurs", str(lo))
    if hi != 1:
        el.set("maxOccurs", "unbounded" if hi == UNBOUNDED else str(hi))
    return el


Positions = frozenset  # of (element name, particle): what a pattern may begin with; a particle is the path of
# ids of the references that lead to it, for a group referred to from two places has two particles for each element


class _Determinism:
    """Unique Particle Attribution, as libxml2 checks it: no element may be matched by two particles that go on
    differently. First sets hold (name, particle) pairs, so that a part that loops back to itself is no clash."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.memo: dict[tuple, tuple[Positions, bool]] = {}
        self.classes: dict[tuple, Pattern] = {}
        self.checked: set[tuple] = set()
        self.singles: dict[tuple, bool] = {}
        self.bodies: dict[int, tuple[Pattern, tuple[Positions, bool]]] = {}

    def class_pattern(self, ref: Ref) -> Pattern:
        key = (ref.key, ref.expand, ref.only, ref.without)
        if key not in self.classes:
            self.classes[key] = _class_pattern(self.schema, ref)
        return self.classes[key]

    def first(self, p: Pattern) -> tuple[Positions, bool]:
        """(what it can begin with, whether it can match nothing)."""
        names, nullable = self.body(p)
        return names, nullable or getattr(p, "min", 1) == 0

    def body(self, p: Pattern) -> tuple[Positions, bool]:
        """`first`, leaving out the pattern's own minOccurs (remembered: patterns are immutable and shared)."""
        known = self.bodies.get(id(p))
        if known is not None and known[0] is p:
            return known[1]
        result = self._body(p)
        self.bodies[id(p)] = (p, result)
        return result

    def _body(self, p: Pattern) -> tuple[Positions, bool]:
        if isinstance(p, (Ref, Group)) and not (isinstance(p, Ref) and p.kind == "element") and self.single_body(p):
            # written as one choice of each element once (XsdWriter.single_elements): one particle per element
            names, _ = self._ref(p) if isinstance(p, Ref) else self._group(p)
            return frozenset((name, (id(p),)) for name, _ in names), False
        if isinstance(p, Ref):
            return self._ref(p)
        return self._group(p)

    def _group(self, p: Pattern) -> tuple[Positions, bool]:
        if isinstance(p, Group):
            if p.kind == "alternate":
                parts = [self.first(i) for i in p.items]
                return frozenset().union(*(n for n, _ in parts)), any(e for _, e in parts)
            names: Positions = frozenset()
            for item in p.items:
                item_names, item_nullable = self.first(item)
                names |= item_names
                if not item_nullable:
                    return names, False
            return names, True
        if isinstance(p, AnyElement):
            return frozenset({("*", (id(p),))}), False
        return frozenset(), True

    def _ref(self, p: Ref) -> tuple[Positions, bool]:
        if p.kind == "element":
            return frozenset({(p.key, (id(p),))}), False
        names, nullable = self._target(p)
        here = id(p)
        return frozenset((name, (here, *path)) for name, path in names), nullable

    def _target(self, p: Ref) -> tuple[Positions, bool]:
        """What the group or class a reference names may begin with, its particles counted from there."""
        key = (p.kind, p.key, p.expand, p.only, p.without)
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = (frozenset(), True)  # a recursion through groups begins with nothing new
        if p.kind in ("macro", "data"):
            macro = self.schema.macros.get(p.key)
            result = self.first(macro.content) if macro is not None else (frozenset(), True)
        else:
            result = self.first(self.class_pattern(p))
        self.memo[key] = result
        return result

    def check(self, p: Pattern, owner: str, follow: Positions = frozenset()) -> None:
        """Raise XsdUnsupported where an element could match two particles: where a part that may end (optional or
        repeated) begins with an element that may also begin what follows it, or where two alternatives begin
        with the same element and go on differently (alternatives of single elements go on alike)."""
        if not isinstance(p, (Ref, Group)):
            return
        own = self.body(p)[0]
        if (p.min, p.max) != (1, 1):
            self._clash(own, follow, owner)
        inner = follow | own if p.max != 1 else follow
        if isinstance(p, Ref):
            if p.kind == "element":
                return
            key = (p.kind, p.key, p.expand, p.only, p.without, inner)
            if key in self.checked:
                return
            self.checked.add(key)
            body = self.schema.macros[p.key].content if p.kind != "class" else self.class_pattern(p)
            self.check(body, owner, inner)
            return
        if p.kind == "alternate":
            seen: dict[str, tuple[tuple, bool]] = {}
            for item in p.items:
                single = self._single(item)
                for name, particle in self.first(item)[0]:
                    other = seen.get(name)
                    if other is not None and other[0] != particle and not (single and other[1]):
                        raise XsdUnsupported(f"the content of <{owner}> offers <{name}> in two alternatives that go "
                                             "on differently (XML Schema requires deterministic content models)")
                    seen[name] = (particle, single)
                self.check(item, owner, inner)
            return
        after = inner
        for item in reversed(p.items):  # each part is followed by what may begin the parts after it
            self.check(item, owner, after)
            names, nullable = self.first(item)
            after = names | after if nullable else names

    def _clash(self, names: Positions, follow: Positions, owner: str) -> None:
        if not names or not follow:
            return
        ours: dict[str, set[tuple]] = {}
        for name, particle in names:
            ours.setdefault(name, set()).add(particle)
        for name, particle in follow:
            if name in ours and ours[name] != {particle}:
                raise XsdUnsupported(f"in the content of <{owner}>, <{name}> may either go on an optional or "
                                     "repeated part or begin what follows it (XML Schema requires deterministic "
                                     "content models)")

    def _single(self, p: Pattern) -> bool:
        """Matches exactly one element, whichever: an element, or an alternative of such."""
        return getattr(p, "min", 0) == 1 and getattr(p, "max", 0) == 1 and self.single_body(p)

    def single_body(self, p: Pattern) -> bool:
        """`_single`, leaving out the pattern's own occurrences."""
        if isinstance(p, Ref):
            if p.kind == "element":
                return True
            if p.kind != "class" or p.expand:
                return False
            key = (p.key, p.only, p.without)
            if key not in self.singles:
                self.singles[key] = False  # (while looking: a class within itself is no single element)
                self.singles[key] = self._single(self.class_pattern(p))
            return self.singles[key]
        if isinstance(p, Group) and p.kind == "alternate":
            return all(self._single(i) for i in p.items)
        return False


def _class_pattern(schema: Schema, ref: Ref) -> Pattern:
    """A class reference as the alternative (or sequence) of its members."""
    expand = ref.expand if ref.expand and ref.expand != "alternation" else ""
    found = members(schema, ref)
    items = []
    for m in found:
        kind = "element" if m in schema.elements else "class"
        items.append(Ref(kind, m, expand=expand if kind == "class" else ""))
    if not items:
        return NotAllowed() if expand in ("", "sequenceRepeatable") else Empty()
    if not expand:
        return Group("alternate", tuple(items))
    lo, hi = {"sequence": (1, 1), "sequenceOptional": (0, 1), "sequenceRepeatable": (1, UNBOUNDED),
              "sequenceOptionalRepeatable": (0, UNBOUNDED)}[expand]
    return Group("sequence", tuple(Group("sequence", (i,), lo, hi) for i in items))


class XsdWriter:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.root = etree.Element(f"{_X}schema", nsmap={"xs": XS_NS, "tei": schema.ns},
                                  targetNamespace=schema.ns, elementFormDefault="qualified")
        self.groups: dict[str, Pattern] = {}  # group name -> pattern, written after the elements
        self.attribute_groups: set[str] = set()
        self.xml_attributes: dict[str, Attribute] = {}
        self.determinism = _Determinism(schema)
        self.others: dict[str, tuple[str, str, etree._Element]] = {}  # ns -> (prefix, file name, schema root)

    def write(self, source_name: str) -> dict[str, etree._ElementTree]:
        schema = self.schema
        if schema.externals:
            raise XsdUnsupported(f"the schema includes a RELAX NG grammar ({schema.externals[0].url}), which XML "
                                 "Schema cannot import")
        self.root.append(etree.Comment(f" Generated by 'teikit schema' from {source_name}: do not edit; edit the "
                                       "ODD. "))
        _x("import", self.root, namespace=XML_NS, schemaLocation=XML_XSD)
        for element in schema.elements.values():  # one more schema document for each other namespace
            if element.ns and element.ns != schema.ns and element.ns not in self.others:
                prefix = "teix" if element.ns == EXAMPLES_NS else f"ns{len(self.others) + 1}"
                location = f"{schema.ident}.{prefix}.xsd"
                self.others[element.ns] = (prefix, location, etree.Element(
                    f"{_X}schema", nsmap={"xs": XS_NS, "tei": schema.ns, prefix: element.ns},
                    targetNamespace=element.ns, elementFormDefault="qualified"))
                other = self.others[element.ns][2]
                other.append(etree.Comment(f" Generated by 'teikit schema' from {source_name}: the elements in "
                                           f"{element.ns}. "))
                _x("import", other, namespace=schema.ns, schemaLocation=f"{schema.ident}.xsd")
                _x("import", self.others[element.ns][2], namespace=XML_NS, schemaLocation=XML_XSD)
                _x("import", self.root, namespace=element.ns, schemaLocation=location)
        if self.others:
            nsmap = {**self.root.nsmap, **{p: ns for ns, (p, _, _) in self.others.items()}}
            root = etree.Element(self.root.tag, dict(self.root.attrib), nsmap=nsmap)
            root.extend(list(self.root))
            self.root = root
        for element in schema.elements.values():
            try:
                self.element(element)
            except XsdUnsupported as err:
                raise XsdUnsupported(str(err), err.where or element.where) from None
        done: set[str] = set()
        while len(done) < len(self.groups):
            for name in [n for n in self.groups if n not in done]:
                done.add(name)
                self.group(name, self.groups[name])
        written: set[str] = set()
        while written != self.attribute_groups:
            for ident in sorted(self.attribute_groups - written):
                written.add(ident)
                self.attribute_group(ident)
        files = {f"{schema.ident}.xsd": etree.ElementTree(self.root), XML_XSD: self.xml_xsd()}
        files.update({location: etree.ElementTree(doc) for _, location, doc in self.others.values()})
        return files

    # ---- declarations ----
    def element(self, decl) -> None:
        self.determinism.check(decl.content, decl.name)
        home = self.others[decl.ns][2] if decl.ns in self.others else self.root
        el = _x("element", home, name=decl.name)
        if decl.doc:
            _x("documentation", _x("annotation", el)).text = decl.doc
        ctype = _x("complexType", el)
        if isinstance(decl.content, (Data, Values)) or (isinstance(decl.content, Ref) and decl.content.kind == "data"):
            named = _x("simpleType", home, name=f"{decl.ident}.content")
            named.extend(self.simple_type(decl.content))
            prefix = self.others[decl.ns][0] if decl.ns in self.others else "tei"
            extension = _x("extension", _x("simpleContent", ctype), base=f"{prefix}:{decl.ident}.content")
            self.attributes(extension, decl.attributes)
            return
        if _has_text(decl.content, self.schema, set()):
            ctype.set("mixed", "true")
        particle = self.particle(decl.content, decl.name)
        if particle is not None:
            ctype.append(particle if particle.tag in (f"{_X}sequence", f"{_X}choice", f"{_X}all", f"{_X}group")
                         else _wrap("sequence", particle))
        self.attributes(ctype, decl.attributes)

    def group(self, name: str, pattern: Pattern) -> None:
        group = _x("group", self.root, name=name)
        particle = self.particle(pattern, name)
        if particle is None or particle.tag not in (f"{_X}sequence", f"{_X}choice"):
            particle = _wrap("sequence", *([particle] if particle is not None else []))
        for attr in ("minOccurs", "maxOccurs"):  # a group's top particle may not repeat: wrap it once more
            if particle.get(attr) is not None:
                particle = _wrap("sequence", particle)
                break
        group.append(particle)

    def attribute_group(self, ident: str) -> None:
        cls = self.schema.classes[ident]
        group = _x("attributeGroup", self.root, name=ident)
        for sup in cls.classes:
            if sup in self.schema.classes and self.schema.classes[sup].type == "atts":
                self.attribute_groups.add(sup)
                _x("attributeGroup", group, ref=f"tei:{sup}")
        self.attributes(group, cls.attributes)

    def attributes(self, parent: etree._Element, items: tuple[AttributeItem, ...]) -> None:
        for item in items:
            if isinstance(item, Attribute):
                parent.append(self.attribute(item))
            elif isinstance(item, ClassAttributes):
                self.attribute_groups.add(item.cls)
                _x("attributeGroup", parent, ref=f"tei:{item.cls}")
            elif isinstance(item, ClassAttribute):
                cls = self.schema.classes.get(item.cls)
                att = next((a for a in _flat(cls.attributes) if a.ident == item.ident), None) if cls else None
                if att is not None:
                    parent.append(self.attribute(att))
            elif isinstance(item, AttributeChoice):  # approximated: each of them optional
                self.attributes(parent, tuple(_optional(a) for a in _flat(item.items)))

    def attribute(self, att: Attribute) -> etree._Element:
        if att.ns == XML_NS:
            self.xml_attributes.setdefault(att.name.removeprefix("xml:"), att)
            el = _x("attribute", ref=f"xml:{att.name.removeprefix('xml:')}")  # the xml prefix is always bound
        elif att.ns:
            raise XsdUnsupported(f"attribute {att.name} is in namespace {att.ns}: XML Schema needs a schema document "
                                 "for it")
        else:
            el = _x("attribute", name=att.name)
            self.set_type(el, att.value)
        if att.required:
            el.set("use", "required")
        elif att.default:
            el.set("default", att.default)
        return el

    # ---- simple types ----
    def set_type(self, el: etree._Element, p: Pattern) -> None:
        if isinstance(p, Text):
            el.set("type", "xs:string")
        elif isinstance(p, Data) and not p.params:
            el.set("type", f"xs:{p.type}")
        else:
            el.append(self.simple_type(p))

    def simple_type(self, p: Pattern) -> etree._Element:
        st = _x("simpleType")
        if isinstance(p, Ref) and p.kind == "data":
            macro = self.schema.macros.get(p.key)
            return self.simple_type(macro.content) if macro is not None else self.simple_type(Text())
        if isinstance(p, Data):
            restriction = _x("restriction", st, base=f"xs:{p.type}")
            for name, value in p.params:
                _x(name, restriction, value=value)
        elif isinstance(p, Values):
            restriction = _x("restriction", st, base="xs:token")
            for v in p.values:
                _x("enumeration", restriction, value=v)
        elif isinstance(p, ValueList):
            restriction = _x("restriction", st)
            _x("list", _x("simpleType", restriction)).append(self.simple_type(p.item))
            if p.min:
                _x("minLength", restriction, value=str(p.min))
            if p.max != UNBOUNDED:
                _x("maxLength", restriction, value=str(p.max))
        elif isinstance(p, Group) and p.kind == "alternate":
            union = _x("union", st)
            union.extend(self.simple_type(i) for i in p.items)
        elif isinstance(p, Group) and len(p.items) == 1:
            return self.simple_type(p.items[0])
        else:
            _x("restriction", st, base="xs:string")
        return st

    # ---- particles ----
    def particle(self, p: Pattern, owner: str) -> etree._Element | None:
        if isinstance(p, (Text, Empty)):
            return None
        if isinstance(p, Ref):
            if p.kind == "element":
                decl = self.schema.elements[p.key]
                prefix = self.others[decl.ns][0] if decl.ns in self.others else "tei"
                return _occurs(_x("element", ref=f"{prefix}:{decl.name}"), p.min, p.max)
            if p.kind == "data":
                raise XsdUnsupported(f"<{owner}> mixes elements and datatype {p.key} in its content")
            if p.kind == "external":
                raise XsdUnsupported(f"<{owner}> refers to {p.key} of an included RELAX NG grammar")
            if p.kind == "class" and (p.min, p.max) != (1, 1) and self.single_elements(p) is not None:
                return self.particle(Group("alternate", (replace(p, min=1, max=1),), p.min, p.max), owner)
            name = p.key if p.kind == "macro" else self.class_group(p)
            if p.kind == "macro":
                self.groups.setdefault(p.key, self.schema.macros[p.key].content)
            return _occurs(_x("group", ref=f"tei:{name}"), p.min, p.max)
        if isinstance(p, Group):
            if p.kind == "interleave":
                return self.interleave(p, owner)
            names = self.single_elements(p)
            if names is not None:  # one element of several, each once: a choice without repeats (see above)
                refs = [self.particle(Ref("element", n), owner) for n in names]
                return _occurs(refs[0] if len(refs) == 1 else _wrap("choice", *refs), p.min, p.max)
            kids = [k for k in (self.particle(i, owner) for i in p.items) if k is not None]
            if not kids:
                return None
            return _occurs(_wrap("sequence" if p.kind == "sequence" else "choice", *kids), p.min, p.max)
        if isinstance(p, AnyElement):
            return _occurs(_x("any", namespace="##other", processContents="lax"), p.min, p.max)
        if isinstance(p, NotAllowed):
            return _x("choice")  # an empty choice matches nothing
        if isinstance(p, Rng):
            raise XsdUnsupported(f"<{owner}> is defined in RELAX NG in the ODD")
        raise XsdUnsupported(f"<{owner}> has values or data among elements in its content")

    def class_group(self, ref: Ref) -> str:
        expand = ref.expand if ref.expand and ref.expand != "alternation" else ""
        name = ref.key + (f"_{expand}" if expand else "")
        if ref.only or ref.without:
            name += "_" + "_".join(ref.only or ("except",) + ref.without)
        self.groups.setdefault(name, _class_pattern(self.schema, ref))
        return name

    def single_elements(self, p: Pattern) -> list[str] | None:
        """The elements of a pattern that matches exactly one element of several (an alternative of elements and
        classes of elements), each named once, in order; None for any other pattern.

        An element often belongs to two classes offered side by side (head is in model.pLike.front and in
        model.divTop): as two particles, XML Schema's Unique Particle Attribution forbids it; one choice of each
        element once says the same."""
        if not self.determinism.single_body(p):
            return None
        names: dict[str, None] = {}

        def collect(q: Pattern) -> None:
            if isinstance(q, Ref) and q.kind == "element":
                names[q.key] = None
            elif isinstance(q, Ref):
                collect(self.determinism.class_pattern(q))
            elif isinstance(q, Group):
                for item in q.items:
                    collect(item)

        collect(p)
        return list(names)

    def interleave(self, p: Group, owner: str) -> etree._Element:
        parts = [i for i in p.items if not isinstance(i, Text)]
        if any(not (isinstance(i, Ref) and i.kind == "element" and i.max == 1) for i in parts) or p.max != 1:
            raise XsdUnsupported(f"<{owner}> interleaves repeated parts, which XML Schema 1.0 cannot express")
        return _occurs(_wrap("all", *(self.particle(i, owner) for i in parts)), p.min, 1)

    def xml_xsd(self) -> etree._ElementTree:
        root = etree.Element(f"{_X}schema", nsmap={"xs": XS_NS}, targetNamespace=XML_NS)
        root.append(etree.Comment(" Generated by 'teikit schema': the xml: attributes the schema beside it uses. "))
        for name in sorted(self.xml_attributes):
            el = _x("attribute", root, name=name)
            self.set_type(el, self.xml_attributes[name].value)
        return etree.ElementTree(root)


def _wrap(tag: str, *kids: etree._Element) -> etree._Element:
    el = _x(tag)
    el.extend(kids)
    return el


def _optional(att: Attribute) -> Attribute:
    return replace(att, required=False)


def _flat(items: tuple[AttributeItem, ...]):
    for item in items:
        if isinstance(item, AttributeChoice):
            yield from _flat(item.items)
        elif isinstance(item, Attribute):
            yield item


def _has_text(p: Pattern, schema: Schema, seen: set[str]) -> bool:
    if isinstance(p, Text):
        return True
    if isinstance(p, Group):
        return any(_has_text(i, schema, seen) for i in p.items)
    if isinstance(p, Ref) and p.kind == "macro" and p.key not in seen:
        seen.add(p.key)
        macro = schema.macros.get(p.key)
        return macro is not None and _has_text(macro.content, schema, seen)
    return isinstance(p, AnyElement)


def to_xsd(schema: Schema, source_name: str) -> dict[str, etree._ElementTree]:
    """The XML Schema (and xml.xsd beside it) of a compiled schema; XsdUnsupported when it cannot express it."""
    return XsdWriter(schema).write(source_name)
