"""Helpers for editing mixed content in lxml: text slots (an element's text or tail), wrapping a stretch of text
in a new element, and the converter's temporary attributes (source lines), removed by the writer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from teikit.xmlio import TEI_NS, XML_NS

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
TK_NS = "urn:teikit:convert"  # temporary attributes, stripped before writing
TK_LINE = f"{{{TK_NS}}}line"
TK_LABEL = f"{{{TK_NS}}}label"  # a note's label as printed
TK_INDEX = f"{{{TK_NS}}}index"  # a note's position in its block
TK_UNPLACED = f"{{{TK_NS}}}unplaced"  # a note still where its block was
TK_DISPLAY = f"{{{TK_NS}}}display"  # a paragraph set as a display quotation
TK_BLOCKQUOTE = f"{{{TK_NS}}}blockquote"  # a paragraph or verse of a Markdown "> " block quotation: its number
TEMPORARY = (TK_LINE, TK_LABEL, TK_INDEX, TK_UNPLACED, TK_DISPLAY, TK_BLOCKQUOTE)  # what the writer strips


def tei(tag: str, attrib: dict | None = None, text: str | None = None) -> etree._Element:
    el = etree.Element(T + tag, {k: v for k, v in (attrib or {}).items() if v not in (None, "")})
    el.text = text
    return el


def local(el: etree._Element) -> str:
    """The local name ("p" for {tei}p); "" for comments and processing instructions."""
    tag = el.tag
    return tag[tag.rfind("}") + 1:] if isinstance(tag, str) else ""


@dataclass(frozen=True)
class Slot:
    """A run of character data: `el.text` (tail=False) or `el.tail` (tail=True)."""

    el: etree._Element
    tail: bool

    def get(self) -> str:
        return (self.el.tail if self.tail else self.el.text) or ""

    def set(self, value: str) -> None:
        if self.tail:
            self.el.tail = value or None
        else:
            self.el.text = value or None


def slots(el: etree._Element, skip: frozenset[str] = frozenset()) -> Iterator[Slot]:
    """Every text slot inside `el` in document order (not el's own tail); elements named in `skip` are not entered."""
    yield Slot(el, False)
    for child in el:
        if isinstance(child.tag, str) and local(child) not in skip:
            yield from slots(child, skip)
        yield Slot(child, True)


def top_slots(el: etree._Element) -> list[Slot]:
    """The text slots at `el`'s own level: its text and its children's tails."""
    return [Slot(el, False), *(Slot(c, True) for c in el)]


def replace(slot: Slot, start: int, end: int, new: etree._Element, keep: bool = True) -> etree._Element:
    """Put `new` where slot[start:end] was; with keep, that text becomes new's content (appended to it)."""
    s = slot.get()
    if keep:
        if len(new):
            new[-1].tail = (new[-1].tail or "") + s[start:end]
        else:
            new.text = (new.text or "") + s[start:end]
    new.tail = s[end:] or None
    slot.set(s[:start])
    if slot.tail:
        parent = slot.el.getparent()
        parent.insert(parent.index(slot.el) + 1, new)
    else:
        slot.el.insert(0, new)
    return new


def wrap_span(parent: etree._Element, a: tuple[Slot, int], b: tuple[Slot, int], new: etree._Element,
              drop: tuple[int, int] = (0, 0)) -> etree._Element:
    """Wrap parent-level text from position a to position b (both in `top_slots(parent)`) in `new`, children
    between included; `drop` characters are removed before a and after b (e.g. the quotation marks)."""
    (sa, i), (sb, j) = a, b
    left, right = drop
    if sa == sb:
        s = sa.get()
        new.text = s[i:j]
        new.tail = s[j + right:] or None
        sa.set(s[: i - left])
        if sa.tail:
            parent.insert(parent.index(sa.el) + 1, new)
        else:
            parent.insert(0, new)
        return new
    first = parent.index(sa.el) + 1 if sa.tail else 0
    last = parent.index(sb.el)
    s = sa.get()
    new.text = s[i:]
    sa.set(s[: i - left])
    moved = list(parent)[first: last + 1]
    tail = sb.get()
    parent.insert(first, new)
    for child in moved:
        new.append(child)
    moved[-1].tail = tail[:j] or None
    new.tail = tail[j + right:] or None
    return new


def remove_keep_tail(el: etree._Element) -> None:
    """Remove `el` but keep its tail text in place."""
    parent = el.getparent()
    tail = el.tail
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def line_of(el: etree._Element, tail: bool = False) -> int | None:
    """The source line of `el`: that of its note, or of the nearest element at or before it in the body. With
    `tail`, of the text after `el` (after a note, that is the text around the note, not the note's)."""
    for node in (el, *el.iterancestors()):
        if local(node) == "note" and node.get(TK_LINE) and not (tail and node is el):
            return int(node.get(TK_LINE))
    for node in _backwards_from(el):
        line = node.get(TK_LINE)
        if line is not None:
            return int(line)
    return None


def _backwards_from(el: etree._Element) -> Iterator[etree._Element]:
    """`el` and the elements before it in document order, nearest first: its ancestors, and the elements before it
    outside notes (a note has its own line), but not notes themselves. Walked lazily, so that finding the nearest
    costs what lies between, not the whole document (an XPath `preceding::` collected the whole document on every
    call: converting a 2 MB transcription took 95 s)."""
    ancestors = list(el.iterancestors())
    # Elements before `node` at its level are inside a note when an ancestor from node's parent up is one.
    outermost = max((i for i, a in enumerate(ancestors) if local(a) == "note"), default=-1)
    if local(el) != "note":
        yield el
    node = el
    for level, parent in enumerate(ancestors):
        if level > outermost:
            for before in node.itersiblings(preceding=True):
                yield from _subtree_backwards(before)
        if local(parent) != "note":
            yield parent
        node = parent
    for before in node.itersiblings(preceding=True):  # (the root's siblings: comments, processing instructions)
        yield from _subtree_backwards(before)


def _subtree_backwards(el: etree._Element) -> Iterator[etree._Element]:
    """The elements of `el`'s subtree in reverse document order (last descendant first, `el` last), notes left out."""
    if not isinstance(el.tag, str) or local(el) == "note":
        return
    for child in reversed(el):
        yield from _subtree_backwards(child)
    yield el


def text_of(el: etree._Element, skip: frozenset[str] = frozenset()) -> str:
    return "".join(s.get() for s in slots(el, skip))
