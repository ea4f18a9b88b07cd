"""One-mutation variants of a TEI document, made deterministically (a seeded random generator).

Four kinds, each a mistake encoders make: an element moved out of place, an attribute value outside its closed
list, a child element removed (often a required one), an element in a foreign namespace inserted.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator

from lxml import etree

FOREIGN_NS = "urn:x-teikit:mutant"
BAD_VALUE = "teikit-not-a-listed-value"
KINDS = ("moved", "value", "child-removed", "foreign")


def _elements(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter(etree.Element) if e is not root]


def _detach(element: etree._Element) -> None:
    """Take an element out of its parent, leaving the text after it (its tail, which lxml moves with it) in place."""
    parent = element.getparent()
    if element.tail:
        before = element.getprevious()
        if before is not None:
            before.tail = (before.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
        element.tail = None
    parent.remove(element)


def moved(root: etree._Element, rng: random.Random) -> bool:
    """Move an element into another element (not inside itself), at a random position."""
    candidates = _elements(root)
    if len(candidates) < 2:
        return False
    element = rng.choice(candidates)
    inside = set(element.iter(etree.Element))
    targets = [t for t in root.iter(etree.Element) if t not in inside and t is not element.getparent()]
    if not targets:
        return False
    target = rng.choice(targets)
    _detach(element)
    target.insert(rng.randint(0, len(target)), element)
    return True


def value(root: etree._Element, rng: random.Random, closed: dict[str, list[str]]) -> bool:
    """Give an attribute that has a closed list of values (`closed`: element name -> attributes) another value."""
    places = [(e, a) for e in root.iter(etree.Element) for a in closed.get(etree.QName(e).localname, ())]
    present = [(e, a) for e, a in places if e.get(a) is not None]
    choice = present or places
    if not choice:
        return False
    element, attribute = rng.choice(choice)
    element.set(attribute if ":" not in attribute else "{http://www.w3.org/XML/1998/namespace}" +
                attribute.split(":", 1)[1], BAD_VALUE)
    return True


def child_removed(root: etree._Element, rng: random.Random) -> bool:
    """Remove one child element of an element that has some (the first more often: often the required one)."""
    parents = [e for e in root.iter(etree.Element) if any(isinstance(c.tag, str) for c in e)]
    if not parents:
        return False
    parent = rng.choice(parents)
    kids = [c for c in parent if isinstance(c.tag, str)]
    _detach(kids[0] if rng.random() < 0.6 else rng.choice(kids))
    return True


def foreign(root: etree._Element, rng: random.Random) -> bool:
    """Insert an element of a namespace no TEI schema knows."""
    target = rng.choice(list(root.iter(etree.Element)))
    mark = etree.Element(f"{{{FOREIGN_NS}}}mark", nsmap={"m": FOREIGN_NS})
    target.insert(rng.randint(0, len(target)), mark)
    return True


def mutants(tree: etree._ElementTree, seed: str, closed: dict[str, list[str]], per_kind: int = 1
            ) -> Iterator[tuple[str, bytes]]:
    """(kind, document bytes) for `per_kind` variants of each kind; the same seed always gives the same variants."""
    rng = random.Random(seed)
    for kind in KINDS:
        for _ in range(per_kind):
            root = copy.deepcopy(tree.getroot())
            if kind == "moved":
                done = moved(root, rng)
            elif kind == "value":
                done = value(root, rng, closed)
            elif kind == "child-removed":
                done = child_removed(root, rng)
            else:
                done = foreign(root, rng)
            if done:
                yield kind, etree.tostring(root, xml_declaration=True, encoding="UTF-8")
