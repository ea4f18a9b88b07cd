"""Passages without parsing: a document is serialised once, with the byte offsets of the elements its citable
units need, and a passage is then a slice of those bytes between the start tags of the elements open at its start
and the end tags of those open at its end (the spec's "sub-tree", inside `dts:wrapper`).

A point of the document is (offset, chain): a byte offset and the elements open there, outermost first, as numbers
into the document's table of start tags. A passage from point A to point B is well-formed: the slice closes the
elements of A's chain that B's lacks and opens those of B's chain that A's lacks, so the passage opens the chains'
common part and the rest of A's before the slice, and closes the rest of B's and the common part after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
DTS_NS = "https://w3id.org/api/dts#"
WRAPPER_OPEN = f'<dts:wrapper xmlns:dts="{DTS_NS}">'.encode()
WRAPPER_CLOSE = b"</dts:wrapper>"
# Elements that stay outside the wrapper when they are open at both ends of a passage, as in the spec's examples.
FRAME = frozenset({"TEI", "teiCorpus", "text", "body", "front", "back", "group"})
# The markers put around each element to be located: <?tkb 12?> before its start tag, <?tke 12?> after its end tag.
_MARKER = re.compile(rb"<\?tk([be]) (\d+)\?>")
# The name in a start tag: `<tei:div n="1">` -> `tei:div`.
_TAG_NAME = re.compile(rb"<([^\s/>]+)")

Point = tuple[int, tuple[int, ...]]


@dataclass
class Serialised:
    """A document serialised once: its bytes, and the start tags of the elements located in it."""

    data: bytes
    start_tags: list[bytes]
    frame: frozenset[int]  # the located elements that stay outside the wrapper

    def end_tag(self, number: int) -> bytes:
        return b"</" + _TAG_NAME.match(self.start_tags[number])[1] + b">"

    def passage(self, start: Point, stop: Point) -> bytes:
        """The TEI response for the passage between two points (see the module's docstring)."""
        (begin, opened), (end, closing) = start, stop
        common = 0
        while common < min(len(opened), len(closing)) and opened[common] == closing[common]:
            common += 1
        frame = 0
        while frame < common and opened[frame] in self.frame:
            frame += 1
        parts = [XML_DECLARATION, *(self.start_tags[n] for n in opened[:frame]), WRAPPER_OPEN,
                 *(self.start_tags[n] for n in opened[frame:]), self.data[begin:end],
                 *(self.end_tag(n) for n in reversed(closing[frame:])), WRAPPER_CLOSE,
                 *(self.end_tag(n) for n in reversed(opened[:frame])), b"\n"]
        return b"".join(parts)


def serialise(root: etree._Element, located: list[etree._Element]) -> tuple[Serialised, dict, dict]:
    """Serialise `root` (UTF-8) locating `located` (and their ancestors up to `root`).

    Returns the Serialised document and, for each located element (by identity), its chain (its ancestors'
    numbers, outermost first, then its own) and its (begin, end) byte offsets: the start of its start tag, and
    the end of its end tag. The tree is changed (markers added) and must not be used afterwards.
    """
    numbers: dict[etree._Element, int] = {root: 0}
    order: list[etree._Element] = [root]
    for el in located:
        chain = [el, *el.iterancestors()]
        for node in reversed(chain[: chain.index(root)] if root in chain else chain):
            if node not in numbers:
                numbers[node] = len(order)
                order.append(node)
    for number, el in enumerate(order):
        if number:  # the root's offsets are those of the whole serialisation
            el.addprevious(etree.ProcessingInstruction("tkb", str(number)))
            end = etree.ProcessingInstruction("tke", str(number))
            end.tail, el.tail = el.tail, None  # (lxml's addnext would put the marker after the tail)
            el.addnext(end)
    marked = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    pieces, offsets, size, last = [], {0: [0, 0]}, 0, 0
    for match in _MARKER.finditer(marked):
        pieces.append(marked[last:match.start()])
        size += match.start() - last
        last = match.end()
        offsets.setdefault(int(match[2]), [0, 0])[0 if match[1] == b"b" else 1] = size
    pieces.append(marked[last:])
    data = b"".join(pieces)
    offsets[0] = [0, len(data)]
    start_tags = [data[b: data.index(b">", b) + 1] for b, _ in (offsets[n] for n in range(len(order)))]
    frame = frozenset(n for n, el in enumerate(order) if etree.QName(el).localname in FRAME)
    chains, spans = {}, {}
    for el in located:
        chain = [el, *el.iterancestors()]
        chain = chain[: chain.index(root) + 1] if root in chain else chain
        chains[el] = tuple(numbers[n] for n in reversed(chain))
        spans[el] = tuple(offsets[numbers[el]])
    return Serialised(data, start_tags, frame), chains, spans


def inner_text(passage: bytes) -> str:
    """The text inside the wrapper of a passage (for tests and the round-trip check): its string value."""
    from teikit.xmlio import parse_bytes

    root = parse_bytes(passage).getroot()
    wrapper = root.find(f".//{{{DTS_NS}}}wrapper")
    return wrapper.xpath("string()") if wrapper is not None else root.xpath("string()")
