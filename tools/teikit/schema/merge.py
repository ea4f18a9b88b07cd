"""Apply a `mode="change"` specification to the one it changes, giving a new specification (TEI XML).

The rules are those of the Guidelines (and of the TEI Stylesheets' odd2odd): each part the change has replaces the
same part of the original (gloss, desc, content, ...); the parts that have identities are merged one by one:
class memberships (`classes mode="change"`, `memberOf mode="add|delete"`), attributes (`attDef mode="add|change|
replace|delete"`, and in an attribute `valList mode="add|change|replace|delete"` with its `valItem`s) and
constraints (`constraintSpec` by ident). Neither input is modified.

`stylesheets=True` reproduces a deviation of the TEI Stylesheets: in a changed attribute, a `valList` without
@mode (the default, "add") is ignored, and the original's kept. TEI's own source relies on the Guidelines' reading
(castItem, recording, tag, classSpec... give a closed list to an attribute of att.typed that way).
"""

from __future__ import annotations

import copy

from lxml import etree

from teikit.xmlio import TEI_NS

_T = f"{{{TEI_NS}}}"

# The parts of a specification, in the order the TEI schema wants them; each is replaced as a whole.
_ELEMENT_PARTS = ("altIdent", "equiv", "gloss", "desc", "classes", "content", "valList", "constraintSpec", "attList",
                  "model", "exemplum", "remarks", "listRef")
_CLASS_PARTS = ("altIdent", "equiv", "gloss", "desc", "classes", "constraintSpec", "attList", "exemplum", "remarks",
                "listRef")
_MACRO_PARTS = ("altIdent", "equiv", "gloss", "desc", "content", "valList", "stringVal", "constraintSpec",
                "exemplum", "remarks", "listRef")
_ATT_PARTS = ("altIdent", "equiv", "gloss", "desc", "datatype", "constraintSpec", "defaultVal", "valList", "valDesc",
              "exemplum", "remarks")
_PROCESSING_MODEL = ("model", "modelGrp", "modelSequence")
_PARTS = {"elementSpec": _ELEMENT_PARTS, "classSpec": _CLASS_PARTS, "macroSpec": _MACRO_PARTS,
          "dataSpec": _MACRO_PARTS}


def local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _kids(el: etree._Element | None, name: str) -> list[etree._Element]:
    if el is None:
        return []
    if name == "model":
        return [c for c in el if isinstance(c.tag, str) and local(c) in _PROCESSING_MODEL]
    return list(el.iterchildren(f"{_T}{name}"))


def _shell(base: etree._Element, change: etree._Element) -> etree._Element:
    """A new element named like `base`, with base's attributes updated by the change's (never @mode)."""
    attrib = {k: v for k, v in base.attrib.items() if k != "mode"}
    attrib.update({k: v for k, v in change.attrib.items() if k != "mode"})
    return etree.Element(base.tag, attrib, nsmap=base.nsmap)


def merge_spec(base: etree._Element, change: etree._Element, stylesheets: bool = False) -> etree._Element:
    """`base` (an elementSpec, classSpec, macroSpec or dataSpec) as changed by `change` (same kind, mode="change")."""
    kind = local(base)
    merged = _shell(base, change)
    for part in _PARTS[kind]:
        if part == "classes":
            classes = merge_classes(base.find(f"{_T}classes"), change.find(f"{_T}classes"))
            if classes is not None:
                merged.append(classes)
        elif part == "constraintSpec":
            merged.extend(merge_constraints(base, change))
        elif part == "attList":
            attlist = merge_attlist(base.find(f"{_T}attList"), change.find(f"{_T}attList"), kind == "elementSpec",
                                    stylesheets)
            if attlist is not None:
                merged.append(attlist)
        elif part == "valList" and kind == "elementSpec":
            ours = _kids(change, "valList")
            if ours and ours[0].get("mode") == "delete":
                continue
            merged.extend(copy.deepcopy(e) for e in (ours[:1] or _kids(base, "valList")))
        else:
            ours = _kids(change, part)
            merged.extend(copy.deepcopy(e) for e in (ours or _kids(base, part)))
    return merged


def merge_classes(base: etree._Element | None, change: etree._Element | None) -> etree._Element | None:
    """Class memberships: `classes mode="change"` adds and deletes memberOfs; otherwise the change's replace all."""
    if change is None:
        return copy.deepcopy(base) if base is not None else None
    result = etree.Element(f"{_T}classes")
    if change.get("mode") == "change":
        dropped = {m.get("key") for m in change.iterchildren(f"{_T}memberOf") if m.get("mode") == "delete"}
        added = [m for m in change.iterchildren(f"{_T}memberOf") if m.get("mode") in (None, "add")]
        kept = [] if base is None else [m for m in base.iterchildren(f"{_T}memberOf")
                                         if m.get("key") not in dropped]
        keys = {m.get("key") for m in kept}
        for member in kept + [m for m in added if m.get("key") not in keys]:
            result.append(_member(member))
    else:
        for member in change.iterchildren(f"{_T}memberOf"):
            if member.get("mode") != "delete":
                result.append(_member(member))
    return result


def _member(member: etree._Element) -> etree._Element:
    return etree.Element(f"{_T}memberOf", {k: v for k, v in member.attrib.items() if k != "mode"})


def merge_constraints(base: etree._Element, change: etree._Element) -> list[etree._Element]:
    """The change's constraintSpecs (but deletions), then the base's that the change neither replaces nor deletes."""
    ours = list(change.iterchildren(f"{_T}constraintSpec"))
    touched = {c.get("ident") for c in ours}
    result = [_without_mode(c) for c in ours if c.get("mode") != "delete"]
    result.extend(copy.deepcopy(c) for c in base.iterchildren(f"{_T}constraintSpec") if c.get("ident") not in touched)
    return result


def _without_mode(el: etree._Element) -> etree._Element:
    new = copy.deepcopy(el)
    new.attrib.pop("mode", None)
    return new


def merge_attlist(base: etree._Element | None, change: etree._Element | None, on_element: bool,
                  stylesheets: bool = False) -> etree._Element | None:
    """Attributes, one by one. On an element, a change or deletion of an attribute the element does not declare
    itself is kept as it is (with its @mode): it is about an attribute the element inherits from a class."""
    if change is None:
        return copy.deepcopy(base) if base is not None else None
    result = etree.Element(f"{_T}attList", {k: v for k, v in (base.attrib if base is not None else {}).items()})
    if change.get("org"):
        result.set("org", change.get("org"))
    own = {} if base is None else {a.get("ident"): a for a in base.iter(f"{_T}attDef")}
    edits = {a.get("ident"): a for a in change.iterchildren(f"{_T}attDef") if a.get("mode") not in (None, "add")}
    for att in change.iterchildren(f"{_T}attDef"):
        mode = att.get("mode")
        if mode in (None, "add") or (mode == "replace" and att.get("ident") in own):
            result.append(_without_mode(att))
        elif on_element and att.get("ident") not in own:
            result.append(copy.deepcopy(att))  # about an inherited attribute: resolved with the class's
    result.extend(copy.deepcopy(r) for r in change.iterchildren(f"{_T}attRef"))
    if base is not None:
        _merge_own(base, result, edits, on_element, stylesheets)
    return result if len(result) else None


def _merge_own(base: etree._Element, into: etree._Element, edits: dict[str, etree._Element], on_element: bool,
               stylesheets: bool) -> None:
    for child in base:
        if child.tag == f"{_T}attList":
            nested = etree.SubElement(into, f"{_T}attList", dict(child.attrib))
            _merge_own(child, nested, edits, on_element, stylesheets)
            if not len(nested):
                into.remove(nested)
        elif child.tag == f"{_T}attDef":
            edit = edits.get(child.get("ident"))
            mode = edit.get("mode") if edit is not None else None
            if mode == "delete":
                if on_element and child.get("mode"):
                    into.append(copy.deepcopy(edit))  # the deleted attribute overrode a class's: delete that too
            elif mode == "replace":
                continue  # already added, in the change's place
            elif mode == "change":
                into.append(merge_attdef(child, edit, stylesheets))
            else:
                into.append(copy.deepcopy(child))
        elif child.tag == f"{_T}attRef":
            into.append(copy.deepcopy(child))


def merge_attdef(old: etree._Element, new: etree._Element, stylesheets: bool = False) -> etree._Element:
    """An attribute definition `old` as changed by `new` (attDef mode="change")."""
    attrib = {"ident": old.get("ident")}
    for name in ("mode", "ns"):
        if old.get(name):
            attrib[name] = old.get(name)
    if new.get("ns"):
        attrib["ns"] = new.get("ns")
    usage = new.get("usage") or old.get("usage")
    if usage:
        attrib["usage"] = usage
    merged = etree.Element(f"{_T}attDef", attrib)
    for part in _ATT_PARTS:
        if part == "valList":
            vallist = merge_vallist(old.find(f"{_T}valList"), new.find(f"{_T}valList"), stylesheets)
            if vallist is not None:
                merged.append(vallist)
            continue
        ours = _kids(new, part)
        merged.extend(copy.deepcopy(e) for e in (ours or _kids(old, part)))
    return merged


def merge_vallist(old: etree._Element | None, new: etree._Element | None,
                  stylesheets: bool = False) -> etree._Element | None:
    """A value list as changed: `delete` removes it, `add` and `replace` put the new one in its place, `change`
    merges the items (delete, replace, change, add) and keeps the old list's type unless it names its own."""
    if new is None or (stylesheets and new.get("mode") is None):
        return copy.deepcopy(old) if old is not None else None
    mode = new.get("mode")
    if mode == "delete":
        return None
    if mode != "change" or old is None:
        return _without_mode(new)
    result = etree.Element(f"{_T}valList", {k: v for k, v in old.attrib.items() if k != "mode"})
    result.attrib.update({k: v for k, v in new.attrib.items() if k != "mode"})
    edits = {v.get("ident"): v for v in new.iterchildren(f"{_T}valItem")}
    for item in old.iterchildren(f"{_T}valItem"):
        edit = edits.get(item.get("ident"))
        edit_mode = edit.get("mode") if edit is not None else None
        if edit_mode in ("delete", "replace"):
            continue
        if edit_mode == "change":
            changed = etree.SubElement(result, f"{_T}valItem", dict(item.attrib))
            for part in ("altIdent", "equiv", "gloss", "desc"):
                ours = _kids(edit, part)
                changed.extend(copy.deepcopy(e) for e in (ours or _kids(item, part)))
        else:
            result.append(copy.deepcopy(item))
    old_idents = {v.get("ident") for v in old.iterchildren(f"{_T}valItem")}
    for item in new.iterchildren(f"{_T}valItem"):
        if item.get("mode") == "replace" or (item.get("mode") in (None, "add") and item.get("ident") not in
                                              old_idents):
            result.append(_without_mode(item))
    return result
