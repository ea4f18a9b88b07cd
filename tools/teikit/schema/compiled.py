"""Write the compiled ODD: the customization resolved against its source, every specification the schema keeps in
its schemaSpec (content models as pruned, in Pure ODD), the modules used described by their moduleSpecs.

A compiled ODD needs no source: it can be compiled again, or be the `@source` of another ODD (a chain).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from lxml import etree

from teikit.schema.merge import local
from teikit.schema.model import (
    UNBOUNDED,
    AnyElement,
    Data,
    Empty,
    Group,
    Pattern,
    Ref,
    Rng,
    Text,
    ValueList,
    Values,
)
from teikit.xmlio import TEI_NS

if TYPE_CHECKING:
    from teikit.schema.build import Build

_T = f"{{{TEI_NS}}}"
_GROUP = {"sequence": "sequence", "alternate": "alternate", "interleave": "interleave"}


def to_compiled_odd(b: Build) -> etree._ElementTree:
    """The compiled ODD of a build, as a new TEI document (the ODD's own header and prose around it)."""
    original = b.custom.spec
    position = list(b.custom.tree.iter(f"{_T}schemaSpec")).index(original)
    root = copy.deepcopy(b.custom.tree.getroot())
    spec = list(root.iter(f"{_T}schemaSpec"))[position]
    for group in list(root.iter(f"{_T}specGrp")):
        group.getparent().remove(group)
    compiled = etree.Element(f"{_T}schemaSpec", {k: v for k, v in original.attrib.items() if k != "source"})
    if b.source is not None:
        compiled.append(etree.Comment(f" compiled by teikit from {b.custom.path} against {b.source.path}"
                                      f"{' (TEI ' + b.source.version + ')' if b.source.version else ''} "))
    schema = b.schema
    kept = {**{i: "element" for i in schema.elements}, **{i: "class" for i in schema.classes},
            **{i: "macro" for i in schema.macros}}
    modules = []
    for ident, resolved in b.resolved.specs.items():
        if ident not in kept:
            continue
        out = copy.deepcopy(resolved)
        out.attrib.pop("mode", None)
        if not out.get("module"):
            out.set("module", f"derived-module-{b.custom.ident}")
        if out.get("module") not in modules:
            modules.append(out.get("module"))
        for member in list(out.iterfind(f"{_T}classes/{_T}memberOf")):
            if member.get("key") not in kept:
                member.getparent().remove(member)
        if kept[ident] == "element":
            _set_content(out, schema.elements[ident].content)
        elif kept[ident] == "macro":
            _set_content(out, schema.macros[ident].content)
        compiled.append(out)
    for cs in b.resolved.constraints:
        compiled.append(copy.deepcopy(cs))
    for module in modules:
        found = b.source.modules.get(module) if b.source is not None else None
        if found is not None:
            compiled.append(copy.deepcopy(found))
        else:
            etree.SubElement(compiled, f"{_T}moduleSpec", ident=module)
    spec.getparent().replace(spec, compiled)
    tree = etree.ElementTree(root)
    return tree


def _set_content(spec: etree._Element, pattern: Pattern) -> None:
    old = spec.find(f"{_T}content")
    content = etree.Element(f"{_T}content")
    if not isinstance(pattern, Empty):
        content.append(to_odd(pattern))
    else:
        etree.SubElement(content, f"{_T}empty")
    if old is not None:
        spec.replace(old, content)
        return
    for vallist in spec.iterchildren(f"{_T}valList"):
        spec.remove(vallist)
    after = [c for c in spec if isinstance(c.tag, str) and local(c) in ("altIdent", "equiv", "gloss", "desc",
                                                                         "classes")]
    index = spec.index(after[-1]) + 1 if after else 0
    spec.insert(index, content)


def _occurs(el: etree._Element, lo: int, hi: int) -> etree._Element:
    if lo != 1:
        el.set("minOccurs", str(lo))
    if hi != 1:
        el.set("maxOccurs", "unbounded" if hi == UNBOUNDED else str(hi))
    return el


def to_odd(p: Pattern) -> etree._Element:
    """A content pattern in Pure ODD."""
    if isinstance(p, Ref):
        tag = {"element": "elementRef", "external": "elementRef", "class": "classRef", "macro": "macroRef",
               "data": "dataRef"}[p.kind]
        el = _occurs(etree.Element(f"{_T}{tag}", key=p.key), p.min, p.max)
        if p.expand:
            el.set("expand", p.expand)
        if p.only:
            el.set("include", " ".join(p.only))
        if p.without:
            el.set("except", " ".join(p.without))
        return el
    if isinstance(p, Group):
        el = _occurs(etree.Element(f"{_T}{_GROUP[p.kind]}"), p.min, p.max)
        el.extend(to_odd(i) for i in p.items)
        return el
    if isinstance(p, Text):
        return etree.Element(f"{_T}textNode")
    if isinstance(p, Data):
        el = etree.Element(f"{_T}dataRef", name=p.type)
        for name, value in p.params:
            if name == "pattern":
                el.set("restriction", value)
            else:
                etree.SubElement(el, f"{_T}dataFacet", name=name, value=value)
        return el
    if isinstance(p, Values):
        el = etree.Element(f"{_T}valList", type="closed")
        for value in p.values:
            etree.SubElement(el, f"{_T}valItem", ident=value)
        return el
    if isinstance(p, AnyElement):
        el = _occurs(etree.Element(f"{_T}anyElement"), p.min, p.max)
        if p.excluded and all(not local_name for _, local_name in p.excluded):
            el.set("except", " ".join(ns for ns, _ in p.excluded))
        return el
    if isinstance(p, ValueList):
        return to_odd(p.item)
    if isinstance(p, Rng):
        return copy.deepcopy(p.element)
    return etree.Element(f"{_T}empty")
