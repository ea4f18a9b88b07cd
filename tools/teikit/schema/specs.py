"""Read resolved specifications (TEI XML) into the model: content patterns, attributes, classes, constraints.

Attributes an element inherits from its attribute classes are handled as the TEI Stylesheets do: an element that
redefines, changes or deletes one of them gets the attributes of that class (and of the classes above it) one by
one, the one it overrides merged with its own definition; otherwise it refers to the class as a whole.
"""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from teikit.schema.customization import Customization, error
from teikit.schema.merge import local, merge_attdef
from teikit.schema.model import (
    EMPTY,
    NOT_ALLOWED,
    TEXT,
    UNBOUNDED,
    AnyElement,
    Attribute,
    AttributeChoice,
    AttributeItem,
    ClassAttribute,
    ClassAttributes,
    ClassDecl,
    Constraint,
    Data,
    Deprecation,
    ElementDecl,
    Group,
    MacroDecl,
    Pattern,
    Ref,
    Rng,
    Schema,
    ValueList,
    Values,
    Where,
)
from teikit.xmlio import RNG_NS, TEI_NS, XML_NS

_T = f"{{{TEI_NS}}}"
_R = f"{{{RNG_NS}}}"
_EXPANSIONS = ("alternation", "sequence", "sequenceOptional", "sequenceOptionalRepeatable", "sequenceRepeatable")


class Reader:
    """Builds the model of one schema from its specifications (ident -> spec element, in compiled order)."""

    def __init__(self, custom: Customization, specs: dict[str, etree._Element], external: frozenset[str],
                 stylesheets: bool = False) -> None:
        self.custom = custom
        self.stylesheets = stylesheets
        self._class_idents: dict[str, frozenset[str]] = {}
        self.specs = specs
        self.external = external
        self.lang = custom.spec.get("docLang") or custom.spec.get("targetLang") or "en"

    # ---- the whole schema ----
    def schema(self) -> Schema:
        custom = self.custom
        schema = Schema(
            ident=custom.ident, ns=custom.ns, prefix=custom.prefix, start=(), elements={}, classes={},
            macros={}, constraints=[], externals=[], default_exceptions=custom.default_exceptions,
            query_binding=custom.query_binding, odd_path=custom.path,
        )
        for ident, spec in self.specs.items():
            for member in spec.iterchildren(f"{_T}classes"):
                for m in member.iterchildren(f"{_T}memberOf"):
                    if local(self.specs.get(m.get("key"), spec)) == "classSpec":
                        schema.members.setdefault(m.get("key"), []).append(ident)
        for ident, spec in self.specs.items():
            kind = local(spec)
            if kind == "classSpec":
                schema.classes[ident] = self.class_decl(spec)
            elif kind in ("macroSpec", "dataSpec"):
                schema.macros[ident] = MacroDecl(ident, "macro" if kind == "macroSpec" else "data",
                                                 self.spec_content(spec), spec.get("module", ""), _where(spec),
                                                 spec.get("prefix", ""))
        for ident, spec in self.specs.items():
            if local(spec) == "elementSpec":
                schema.elements[ident] = self.element_decl(spec)
        for spec in self.specs.values():
            schema.constraints.extend(self.constraints(spec))
            schema.deprecations.extend(self.deprecations(spec, schema))
        return schema

    # ---- declarations ----
    def element_decl(self, spec: etree._Element) -> ElementDecl:
        ident = spec.get("ident")
        return ElementDecl(
            ident=ident, name=_alt_ident(spec) or ident, ns=spec.get("ns", ""), module=spec.get("module", ""),
            content=self.spec_content(spec), attributes=self.element_attributes(spec),
            classes=tuple(m.get("key") for m in spec.iterfind(f"{_T}classes/{_T}memberOf")),
            doc=self.doc(spec), where=_where(spec), prefix=spec.get("prefix", ""),
        )

    def class_decl(self, spec: etree._Element) -> ClassDecl:
        ident = spec.get("ident")
        attributes: tuple[AttributeItem, ...] = ()
        attlist = spec.find(f"{_T}attList")
        if attlist is not None:
            attributes = self._attlist(attlist, ident, {}, set())
        return ClassDecl(ident, spec.get("type", ""), tuple(m.get("key") for m in
                                                            spec.iterfind(f"{_T}classes/{_T}memberOf")),
                         attributes, spec.get("module", ""), _where(spec), spec.get("prefix", ""))

    def doc(self, spec: etree._Element) -> str:
        """The documentation of a specification: "(gloss) description", in the ODD's language else English."""
        gloss, desc = (_text(_in_lang(spec, name, self.lang)) for name in ("gloss", "desc"))
        return f"({gloss}) {desc}" if gloss and desc else gloss or desc

    # ---- content ----
    def spec_content(self, spec: etree._Element) -> Pattern:
        vallist = spec.find(f"{_T}valList")
        if vallist is not None and vallist.get("type") == "closed":
            return _values(vallist)
        content = spec.find(f"{_T}content")
        if content is None:
            return EMPTY
        kids = [c for c in content if isinstance(c.tag, str)]
        if not kids:
            return EMPTY
        items = tuple(self.pattern(k) for k in kids)
        return items[0] if len(items) == 1 else Group("sequence", items)

    def pattern(self, el: etree._Element) -> Pattern:
        tag = el.tag
        if tag.startswith(_R):
            return self.rng(el)
        name = local(el)
        if name in ("sequence", "alternate", "interleave"):
            items = tuple(self.pattern(c) for c in el if isinstance(c.tag, str))
            lo, hi = _occurs(el)
            if not items:
                return EMPTY if name != "alternate" else NOT_ALLOWED
            return Group(name, items, lo, hi)
        if name == "elementRef":
            key = el.get("key")
            kind = "external" if key not in self.specs and key in self.external else "element"
            return Ref(kind, key, *_occurs(el))
        if name == "classRef":
            expand = el.get("expand") or ""
            return Ref("class", el.get("key"), *_occurs(el), expand=expand,
                       only=tuple((el.get("include") or "").split()), without=tuple((el.get("except") or "").split()))
        if name == "macroRef":
            return Ref("macro", el.get("key"), *_occurs(el))
        if name == "dataRef":
            return self.data_ref(el)
        if name == "textNode":
            return TEXT
        if name == "empty":
            return EMPTY
        if name == "anyElement":
            excluded = self.custom.default_exceptions
            if el.get("except"):
                excluded = tuple((ns, "") for ns in el.get("except").split())
            return AnyElement(excluded, *_occurs(el))
        if name == "valList":
            return _values(el)
        raise error(f"<{name}> is not a content model element: use sequence, alternate, elementRef, classRef, "
                    "macroRef, dataRef, textNode, anyElement, valList or empty", el)

    def data_ref(self, el: etree._Element) -> Pattern:
        if el.get("key"):
            return Ref("data", el.get("key"))
        if el.get("name"):
            params = [("pattern", el.get("restriction"))] if el.get("restriction") else []
            params.extend((f.get("name"), f.get("value")) for f in el.iterchildren(f"{_T}dataFacet"))
            return Data(el.get("name"), tuple(params))
        raise error("<dataRef> needs @key (a TEI datatype) or @name (an XML Schema datatype)", el)

    def rng(self, el: etree._Element) -> Pattern:
        """RELAX NG written in the ODD (content models before Pure ODD), read into the same patterns."""
        name = local(el)
        kids = [c for c in el if isinstance(c.tag, str) and c.tag.startswith(_R)]
        if name == "ref":
            return self._rng_ref(el.get("name", ""))
        if name in ("zeroOrMore", "oneOrMore", "optional"):
            lo, hi = {"zeroOrMore": (0, UNBOUNDED), "oneOrMore": (1, UNBOUNDED), "optional": (0, 1)}[name]
            inner = self._rng_group("sequence", kids)
            return _repeat(inner, lo, hi)
        if name in ("group", "choice", "interleave"):
            return self._rng_group({"group": "sequence", "choice": "alternate"}.get(name, name), kids)
        if name == "mixed":
            return Group("interleave", (TEXT, self._rng_group("sequence", kids)))
        if name == "text":
            return TEXT
        if name == "empty":
            return EMPTY
        if name == "notAllowed":
            return NOT_ALLOWED
        if name == "value":
            return Values((el.text or "",))
        if name == "data" and el.find(f"{_R}except") is None:
            return Data(el.get("type", "string"),
                        tuple((p.get("name"), p.text or "") for p in el.iterchildren(f"{_R}param")))
        if name == "list" and len(kids) == 1:
            return ValueList(self.rng(kids[0]), 1, 1)
        return Rng(el, id(el))

    def _rng_group(self, kind: str, kids: list[etree._Element]) -> Pattern:
        items = tuple(self.rng(k) for k in kids)
        if not items:
            return EMPTY
        return items[0] if len(items) == 1 else Group(kind, items)

    def _rng_ref(self, name: str) -> Pattern:
        prefix = self.custom.prefix
        ident = name[len(prefix):] if prefix and name.startswith(prefix) else name
        base, _, suffix = ident.partition("_")
        if suffix in _EXPANSIONS and local(self.specs.get(base, _NONE)) == "classSpec":
            return Ref("class", base, expand=suffix)
        kind = {"elementSpec": "element", "classSpec": "class", "macroSpec": "macro",
                "dataSpec": "data"}.get(local(self.specs.get(ident, _NONE)))
        if kind is None:
            kind = "external" if name in self.external else "element"
            ident = name if kind == "external" else ident
        return Ref(kind, ident)

    # ---- attributes ----
    def element_attributes(self, spec: etree._Element) -> tuple[AttributeItem, ...]:
        attlist = spec.find(f"{_T}attList")
        own = {} if attlist is None else {a.get("ident"): a for a in attlist.iter(f"{_T}attDef")}
        items: list[AttributeItem] = []
        encountered: set[str] = set()
        for member in spec.iterfind(f"{_T}classes/{_T}memberOf"):
            key = member.get("key")
            cls = self.specs.get(key)
            if cls is None or local(cls) != "classSpec" or cls.get("type") != "atts":
                continue
            overridden = own and any(i in own for i in self.class_attribute_idents(key))
            if not overridden:
                items.append(ClassAttributes(key))
                continue
            self._expand_class(key, own, items, encountered, set())
        if attlist is not None:
            items.extend(self._attlist(attlist, "", own, encountered))
        return tuple(items)

    def class_attribute_idents(self, key: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        """The attributes of an attribute class and of the classes above it."""
        known = self._class_idents.get(key)
        if known is not None:
            return known
        cls = self.specs.get(key)
        if cls is None or key in seen or local(cls) != "classSpec":
            return frozenset()
        found = {att.get("ident") for att in cls.iterfind(f"{_T}attList//{_T}attDef")}
        for member in cls.iterfind(f"{_T}classes/{_T}memberOf"):
            found |= self.class_attribute_idents(member.get("key"), seen | {key})
        self._class_idents[key] = frozenset(found)
        return self._class_idents[key]

    def _expand_class(self, key: str, own: dict[str, etree._Element], items: list[AttributeItem],
                      encountered: set[str], seen: set[str]) -> None:
        cls = self.specs.get(key)
        if cls is None or key in seen or local(cls) != "classSpec" or cls.get("type") != "atts":
            return
        seen.add(key)
        for att in cls.iterfind(f"{_T}attList//{_T}attDef"):
            ident = att.get("ident")
            encountered.add(ident)
            override = own.get(ident)
            if override is None:
                items.append(ClassAttribute(key, ident))
            elif override.get("mode") == "delete":
                continue
            elif override.get("mode") == "change":
                items.append(self.attribute(merge_attdef(att, override, self.stylesheets), key))
            else:
                items.append(self.attribute(override, key))
        for member in cls.iterfind(f"{_T}classes/{_T}memberOf"):
            self._expand_class(member.get("key"), own, items, encountered, seen)

    def _attlist(self, attlist: etree._Element, origin: str, own: dict[str, etree._Element],
                 encountered: set[str]) -> tuple[AttributeItem, ...]:
        """The attributes of an attList (nested attLists are choices or groups); `origin`: the class, or ""."""
        items: list[AttributeItem] = []
        for child in attlist:
            if child.tag == f"{_T}attList":
                nested = self._attlist(child, origin, own, encountered)
                if nested:
                    items.append(AttributeChoice(child.get("org") or "group", nested))
            elif child.tag == f"{_T}attDef":
                ident = child.get("ident", "")
                if ident in encountered or ident.startswith("xmlns"):
                    continue  # placed already, with the class attribute it overrides
                if child.get("mode") in (None, "add", "replace"):
                    items.append(self.attribute(child, origin))
            elif child.tag == f"{_T}attRef" and child.get("class"):
                items.append(ClassAttribute(child.get("class"), child.get("name")))
        if attlist.get("org") == "choice" and attlist.getparent().tag != f"{_T}attList" and items:
            return (AttributeChoice("choice", tuple(items)),)
        return tuple(items)

    def attribute(self, att: etree._Element, origin: str) -> Attribute:
        ident = att.get("ident")
        ns = att.get("ns", "")
        if ident.startswith("xml:"):
            ns = XML_NS
        name = _alt_ident(att) or ident
        default = " ".join((att.findtext(f"{_T}defaultVal") or "").split())
        return Attribute(ident, name, ns, att.get("usage") == "req", self.attribute_value(att), default,
                         self.doc(att), origin)

    def attribute_value(self, att: etree._Element) -> Pattern:
        """The value pattern: a closed list's values; a semi-open list's values or its datatype; the datatype."""
        datatype = att.find(f"{_T}datatype")
        vallist = att.find(f"{_T}valList")
        kind = vallist.get("type", "open") if vallist is not None else ""
        if kind == "closed":
            value: Pattern = _values(vallist)
        else:
            value = self._datatype(datatype)
            if kind == "semi":
                typed = value if datatype is not None else Data("Name")
                value = Group("alternate", (_values(vallist), typed))
        if datatype is None:
            return value
        lo, hi = _occurs(datatype)
        if (lo, hi) == (1, 1) or value == TEXT:
            return value
        if (lo, hi) == (0, 1):
            return Group("sequence", (value,), 0, 1)
        return ValueList(value, lo, hi)

    def _datatype(self, datatype: etree._Element | None) -> Pattern:
        if datatype is None:
            return TEXT
        kids = [c for c in datatype if isinstance(c.tag, str)]
        if not kids:
            return TEXT
        if len(kids) > 1:
            raise error("<datatype> must hold one dataRef", datatype)
        return self.data_ref(kids[0]) if kids[0].tag == f"{_T}dataRef" else self.rng(kids[0])

    # ---- constraints and deprecations ----
    def constraints(self, spec: etree._Element) -> list[Constraint]:
        kind, ident = local(spec), spec.get("ident")
        found = []
        for cs in spec.iter(f"{_T}constraintSpec"):
            if cs.get("scheme") not in ("schematron", "isoschematron") or cs.get("mode") == "delete":
                continue
            lang = cs.get(f"{{{XML_NS}}}lang")
            if lang is not None and lang != self.lang:
                continue  # the same constraint, with its messages in another language
            constraint = cs.find(f"{_T}constraint")
            if constraint is None:
                continue
            parent = cs.getparent()
            attribute = parent.get("ident") if parent.tag == f"{_T}attDef" else ""
            found.append(Constraint(cs.get("ident", ""), cs.get("scheme"), kind, ident, attribute,
                                    spec.get("ns", "") if kind == "elementSpec" else "", constraint, _where(cs)))
        return found

    def deprecations(self, spec: etree._Element, schema: Schema) -> list[Deprecation]:
        kind, ident = local(spec), spec.get("ident")
        found = []
        if kind == "elementSpec" and spec.get("validUntil"):
            found.append(Deprecation("element", ident, "", "", spec.get("validUntil")))
        for att in spec.iterfind(f"{_T}attList//{_T}attDef"):
            if att.get("validUntil") and kind in ("elementSpec", "classSpec"):
                found.append(Deprecation("attribute", ident if kind == "elementSpec" else "", att.get("ident"), "",
                                         att.get("validUntil"), () if kind == "elementSpec" else (ident,)))
            if kind == "elementSpec":
                for item in att.iterfind(f"{_T}valList/{_T}valItem[@validUntil]"):
                    found.append(Deprecation("value", ident, att.get("ident"), item.get("ident"),
                                             item.get("validUntil")))
        return found


_NONE = etree.Element("none")


def _where(spec: etree._Element) -> Where:
    return Where(spec.getroottree().docinfo.URL or "", spec.sourceline or 0, spec)


def _alt_ident(spec: etree._Element) -> str:
    alt = spec.find(f"{_T}altIdent")
    return " ".join((alt.text or "").split()) if alt is not None else ""


def _values(vallist: etree._Element) -> Pattern:
    values = tuple(_alt_ident(v) or v.get("ident", "") for v in vallist.iterchildren(f"{_T}valItem"))
    return Values(values) if values else NOT_ALLOWED


def _occurs(el: etree._Element) -> tuple[int, int]:
    def number(name: str) -> int:
        raw = el.get(name)
        if raw is None:
            return 1
        if raw == "unbounded":
            return UNBOUNDED
        if not raw.strip().isdigit():
            raise error(f"@{name}={raw!r} is not a whole number or 'unbounded'", el)
        return int(raw)

    lo, hi = number("minOccurs"), number("maxOccurs")
    if lo == UNBOUNDED or (hi != UNBOUNDED and hi < lo):
        raise error(f"minOccurs={el.get('minOccurs')} and maxOccurs={el.get('maxOccurs')} allow nothing", el)
    return lo, hi


def _repeat(p: Pattern, lo: int, hi: int) -> Pattern:
    """`p` repeated lo..hi times (folded into a reference or group that occurs once)."""
    if isinstance(p, (Ref, Group)) and (p.min, p.max) == (1, 1):
        return replace(p, min=lo, max=hi)
    return Group("sequence", (p,), lo, hi)


def _in_lang(spec: etree._Element, name: str, lang: str) -> etree._Element | None:
    first = None
    for el in spec.iterchildren(f"{_T}{name}"):
        el_lang = el.get(f"{{{XML_NS}}}lang")
        if el_lang == lang:
            return el
        if first is None and el_lang in (None, "en"):
            first = el
    return first


def _text(el: etree._Element | None) -> str:
    """Plain text of a gloss or desc: <gi>p</gi> reads "<p>", <att>n</att> "@n"."""
    if el is None:
        return ""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            inner = _text(child)
            name = local(child)
            parts.append(f"<{inner}>" if name == "gi" else f"@{inner}" if name == "att" else inner)
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())
