"""Prune what a customization leaves dangling: references to elements, classes and macros it deletes or omits.

Sound pruning (the default): a reference to something the schema does not have matches nothing (RELAX NG's
`notAllowed`), and the patterns around it are simplified by the rules of the algebra: a sequence with an
impossible part is impossible, an alternative of it is dropped, an optional impossible part disappears. An element
whose content (or a required attribute) thereby becomes impossible can never be valid: it is left out, with a
warning, and references to it are pruned in turn, until nothing changes. Documents the TEI's full schema rejects
for a missing required child stay rejected.

"stylesheets" pruning reproduces the TEI Stylesheets (odd2odd/odd2relax): dangling references are removed, so
that a required child that was deleted becomes no child at all (their issues #235 and #561). It is there to show
where teikit's schemas differ from theirs, and for projects that rely on that looseness.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from teikit.findings import Finding
from teikit.schema.model import (
    EMPTY,
    NOT_ALLOWED,
    AnyElement,
    Attribute,
    AttributeChoice,
    AttributeItem,
    ClassAttribute,
    ClassAttributes,
    Data,
    Empty,
    Group,
    Pattern,
    Ref,
    Rng,
    Schema,
    Text,
    ValueList,
    Values,
)

SOUND, STYLESHEETS = "sound", "stylesheets"


@dataclass(frozen=True, slots=True)
class _Void:
    """(stylesheets pruning) a removed reference: nothing at all, not even an empty alternative."""


VOID = _Void()
_ALWAYS = (Text, Empty, Data, AnyElement, Rng)


def members(schema: Schema, ref: Ref) -> list[str]:
    """The members of the class `ref` names that the schema has, minus those its @include/@except leave out."""
    found = [m for m in schema.members.get(ref.key, ()) if m in schema.elements or m in schema.classes]
    if ref.only:
        found = [m for m in found if m in ref.only]
    if ref.without:
        found = [m for m in found if m not in ref.without]
    return found


class _Satisfiable:
    """Which elements, classes and macros can match anything: a least fixpoint, computed by rounds."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.elements: set[str] = set()
        self.macros: set[str] = set()
        self.extra = {a.get("name", "")[len(schema.prefix):] for e in schema.externals for a in e.additions}
        self.known_classes: set[tuple[str, str, tuple, tuple]] = set()  # satisfiable: stays so as rounds go on
        self._required: dict[str, list[Attribute]] = {}

    def run(self) -> None:
        changed = True
        pending_e, pending_m = dict(self.schema.elements), dict(self.schema.macros)
        while changed:
            changed = False
            for ident, macro in list(pending_m.items()):
                if self.ok(macro.content):
                    self.macros.add(ident)
                    del pending_m[ident]
                    changed = True
            for ident, element in list(pending_e.items()):
                if self.ok(element.content) and self.attributes_ok(element.attributes):
                    self.elements.add(ident)
                    del pending_e[ident]
                    changed = True

    def ok(self, p: Pattern) -> bool:
        if getattr(p, "min", 1) == 0:
            return True
        return self.core(p)

    def core(self, p: Pattern) -> bool:
        if isinstance(p, Ref):
            if p.kind == "element":
                return p.key in self.elements
            if p.kind in ("macro", "data"):
                return p.key in self.macros
            if p.kind == "class":
                return self.class_ok(p, set())
            return True  # an external grammar's pattern
        if isinstance(p, Group):
            if p.kind == "alternate":
                return any(self.ok(i) for i in p.items)
            return all(self.ok(i) for i in p.items)
        if isinstance(p, _ALWAYS):
            return True
        if isinstance(p, Values):
            return bool(p.values)
        if isinstance(p, ValueList):
            return p.min == 0 or self.ok(p.item)
        return False  # NotAllowed

    def class_ok(self, ref: Ref, seen: set[str]) -> bool:
        memo = (ref.key, ref.expand, ref.only, ref.without)
        if memo in self.known_classes:
            return True
        if ref.key in seen or ref.key not in self.schema.classes:
            return False
        expand = ref.expand or "alternation"
        if ref.key in self.extra or expand in ("sequenceOptional", "sequenceOptionalRepeatable"):
            self.known_classes.add(memo)
            return True
        found = members(self.schema, ref)
        if expand == "alternation":
            ok = any(self.member_ok(m, expand, seen | {ref.key}) for m in found)
        else:
            ok = bool(found) and all(self.member_ok(m, expand, seen | {ref.key}) for m in found)
        if ok:
            self.known_classes.add(memo)
        return ok

    def member_ok(self, ident: str, expand: str, seen: set[str]) -> bool:
        if ident in self.schema.elements:
            return ident in self.elements
        return self.class_ok(Ref("class", ident, expand=expand), seen)

    def attributes_ok(self, items: tuple[AttributeItem, ...]) -> bool:
        for item in items:
            if isinstance(item, ClassAttributes):
                required = self._required.get(item.cls)
                if required is None:
                    required = self._required[item.cls] = list(self.required(item, set()))
            else:
                required = self.required(item, set())
            for att in required:
                if not self.ok(att.value):
                    return False
        return True

    def required(self, item: AttributeItem, seen: set[str]):
        """The required attributes an item declares (those of a class, of the classes above it too)."""
        if isinstance(item, Attribute):
            if item.required:
                yield item
        elif isinstance(item, ClassAttributes):
            cls = self.schema.classes.get(item.cls)
            if cls is not None and item.cls not in seen:
                seen.add(item.cls)
                for own in cls.attributes:
                    yield from self.required(own, seen)
                for sup in cls.classes:
                    yield from self.required(ClassAttributes(sup), seen)
        elif isinstance(item, ClassAttribute):
            cls = self.schema.classes.get(item.cls)
            for own in cls.attributes if cls is not None else ():
                if isinstance(own, Attribute) and own.ident == item.ident and own.required:
                    yield own


def prune(schema: Schema, deleted: set[str], mode: str = SOUND, blame=None) -> list[Finding]:
    """Simplify every pattern of `schema` in place; return warnings about elements left out.

    `blame(ident)`: (file, line, column) of what brought a declaration in, for the warnings (else the spec's)."""
    if mode == STYLESHEETS:
        _StylesheetsPruner(schema, deleted).run()
        drop_unused_attribute_classes(schema)
        return []
    sat = _Satisfiable(schema)
    sat.run()
    warnings = []
    for ident, element in list(schema.elements.items()):
        if ident not in sat.elements:
            cause = _cause(schema, sat, element.content) or "a required attribute allows no value"
            file, line, column = blame(ident) if blame else (element.where.file, element.where.line, 1)
            module = f" (module {element.module})" if element.module else ""
            warnings.append(Finding(file, line, column, "warning", "odd-element-impossible",
                                    f"element {ident!r}{module} can never be valid in this schema: {cause}; "
                                    f"it is left out (include what it requires, or delete {ident!r} to say so)"))
            del schema.elements[ident]
    for ident in [m for m in schema.macros if m not in sat.macros]:
        del schema.macros[ident]
    pruner = _SoundPruner(schema, sat)
    pruner.run()
    drop_unused_attribute_classes(schema)
    return warnings


def drop_unused_attribute_classes(schema: Schema) -> None:
    """Attribute classes no element uses (directly or through a class) go, with their constraints."""
    used: set[str] = set()
    todo = []
    for element in schema.elements.values():
        todo.extend(element.classes)
        todo.extend(_class_refs(element.attributes))
    while todo:
        ident = todo.pop()
        cls = schema.classes.get(ident)
        if ident in used or cls is None or cls.type != "atts":
            continue
        used.add(ident)
        todo.extend(cls.classes)
        todo.extend(_class_refs(cls.attributes))
    for ident in [c for c, cls in schema.classes.items() if cls.type == "atts" and c not in used]:
        del schema.classes[ident]


def _class_refs(items: tuple[AttributeItem, ...]):
    for item in items:
        if isinstance(item, (ClassAttributes, ClassAttribute)):
            yield item.cls
        elif isinstance(item, AttributeChoice):
            yield from _class_refs(item.items)


def _cause(schema: Schema, sat: _Satisfiable, p: Pattern) -> str:
    """Why a pattern can match nothing: the first required reference to something missing or impossible."""
    if isinstance(p, Ref) and p.min > 0 and not sat.core(p):
        noun = {"element": "element", "class": "class", "macro": "macro", "data": "datatype"}.get(p.kind, p.kind)
        have = p.key in schema.elements or p.key in schema.classes or p.key in schema.macros
        return f"its content requires {noun} {p.key!r}, which " + (
            "can never be valid either" if have else "this schema does not have")
    if isinstance(p, Group) and p.min > 0:
        parts = p.items if p.kind != "alternate" else p.items[:1]
        for item in parts:
            found = _cause(schema, sat, item)
            if found:
                return found
    return ""


class _Pruner:
    """Rewrites every pattern of the schema; subclasses say what a dangling reference becomes."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema

    def run(self) -> None:
        schema = self.schema
        for ident, macro in schema.macros.items():
            schema.macros[ident] = replace(macro, content=self.top(macro.content))
        for ident, cls in schema.classes.items():
            schema.classes[ident] = replace(cls, attributes=self.attributes(cls.attributes))
        for ident, element in schema.elements.items():
            schema.elements[ident] = replace(element, content=self.top(element.content),
                                             attributes=self.attributes(element.attributes))
        kept = set(schema.elements) | set(schema.classes)
        schema.members = {c: [m for m in ms if m in kept] for c, ms in schema.members.items() if c in schema.classes}

    def top(self, p: Pattern) -> Pattern:
        return self.simplify(p)

    def dangling(self, ref: Ref) -> Pattern:
        raise NotImplementedError

    def present(self, ref: Ref) -> bool:
        raise NotImplementedError

    def simplify(self, p: Pattern) -> Pattern:
        if isinstance(p, Ref):
            return p if self.present(p) else self.dangling(p)
        if isinstance(p, Group):
            return self.group(p)
        if isinstance(p, ValueList):
            item = self.simplify(p.item)
            if item is NOT_ALLOWED:
                return EMPTY if p.min == 0 else NOT_ALLOWED
            return replace(p, item=item)
        if isinstance(p, Values) and not p.values:
            return NOT_ALLOWED
        return p

    def group(self, g: Group) -> Pattern:
        items = [self.simplify(i) for i in g.items]
        if g.kind == "alternate":
            items = [i for i in items if i is not NOT_ALLOWED]
            core: Pattern = NOT_ALLOWED if not items else EMPTY if all(i is EMPTY for i in items) else None
            items = _dedupe_empty(items)
        else:
            if any(i is NOT_ALLOWED for i in items):
                core = NOT_ALLOWED
            else:
                items = [i for i in items if i is not EMPTY]
                core = EMPTY if not items else None
        if core is NOT_ALLOWED:
            return EMPTY if g.min == 0 else NOT_ALLOWED
        if core is EMPTY:
            return EMPTY
        if len(items) == 1 and (g.min, g.max) == (1, 1):
            return items[0]
        return Group(g.kind, tuple(items), g.min, g.max)

    def attributes(self, items: tuple[AttributeItem, ...]) -> tuple[AttributeItem, ...]:
        kept: list[AttributeItem] = []
        for item in items:
            if isinstance(item, Attribute):
                value = self.simplify(item.value)
                if value is NOT_ALLOWED or value is VOID:
                    continue  # an optional attribute that allows no value (a required one made the element go)
                kept.append(replace(item, value=value))
            elif isinstance(item, (ClassAttributes, ClassAttribute)):
                if item.cls in self.schema.classes:
                    kept.append(item)
            elif isinstance(item, AttributeChoice):
                inner = self.attributes(item.items)
                if inner:
                    kept.append(AttributeChoice(item.org, inner))
        return tuple(kept)


def _dedupe_empty(items: list[Pattern]) -> list[Pattern]:
    """An alternative of several empties needs one."""
    out, seen_empty = [], False
    for i in items:
        if i is EMPTY:
            if seen_empty:
                continue
            seen_empty = True
        out.append(i)
    return out


class _SoundPruner(_Pruner):
    def __init__(self, schema: Schema, sat: _Satisfiable) -> None:
        super().__init__(schema)
        self.sat = sat
        for ident in [c for c, cls in schema.classes.items() if cls.type == "model"
                      and not sat.class_ok(Ref("class", c), set())]:
            del schema.classes[ident]

    def present(self, ref: Ref) -> bool:
        return self.sat.core(ref)

    def dangling(self, ref: Ref) -> Pattern:
        return EMPTY if ref.min == 0 else NOT_ALLOWED


class _StylesheetsPruner(_Pruner):
    """What odd2odd and odd2relax do: references to what the schema lacks are removed; model classes without
    members stay, as notAllowed."""

    def __init__(self, schema: Schema, deleted: set[str]) -> None:
        super().__init__(schema)
        self.deleted = deleted

    def present(self, ref: Ref) -> bool:
        if ref.kind == "element":
            return ref.key in self.schema.elements
        if ref.kind in ("macro", "data"):
            return ref.key in self.schema.macros
        if ref.kind == "class":
            return ref.key in self.schema.classes
        return True

    def dangling(self, ref: Ref) -> Pattern:
        return VOID

    def top(self, p: Pattern) -> Pattern:
        result = self.simplify(p)
        return EMPTY if result is VOID else result

    def group(self, g: Group) -> Pattern:
        simplified = [self.simplify(i) for i in g.items]
        items = [i for i in simplified if i is not VOID]
        if g.kind != "alternate":
            items = [i for i in items if i is not EMPTY]
        if not items:
            return VOID if all(i is VOID for i in simplified) else EMPTY
        if len(items) == 1 and (g.min, g.max) == (1, 1):
            return items[0]
        return Group(g.kind, tuple(items), g.min, g.max)
