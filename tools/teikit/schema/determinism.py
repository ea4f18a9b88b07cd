"""Whether a content model is deterministic as XML Schema 1.0 requires (Unique Particle Attribution, as libxml2
checks it): no element may be matched by two particles that go on differently."""

from __future__ import annotations

from teikit.schema.model import UNBOUNDED, AnyElement, Empty, Group, NotAllowed, Pattern, Ref, Schema, Where
from teikit.schema.prune import members


class XsdUnsupported(Exception):
    """The schema has something XML Schema 1.0 cannot express; `where` is the element it is in."""

    def __init__(self, message: str, where: Where | None = None) -> None:
        super().__init__(message)
        self.where = where



Positions = frozenset  # of (element name, particle): what a pattern may begin with; a particle is the path of
# ids of the references that lead to it, for a group referred to from two places has two particles for each element


class Determinism:
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
            self.classes[key] = class_pattern(self.schema, ref)
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


def class_pattern(schema: Schema, ref: Ref) -> Pattern:
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


