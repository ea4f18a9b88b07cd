"""place_notes_at_anchors: each footnote moves from its page's note block to its anchor in the text.

Labels restart on every page, so notes and anchors are matched page by page. A note whose anchor is not on its
page is kept as an orphan (anchored="false") at the start of the page; a duplicated label is matched by the order
of the anchors; an author's note with several anchors is placed once and pointed at by `anchor` elements; numbers
from `endnote_min` up with no note on their page point to placeholder end-of-book notes."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from lxml import etree

from teikit.convert.transforms.base import Context
from teikit.convert.tree import (
    TK_LABEL,
    TK_UNPLACED,
    XML_ID,
    Slot,
    line_of,
    local,
    remove_keep_tail,
    replace,
    slots,
    tei,
)


@dataclass
class _Anchor:
    slot: Slot
    start: int
    end: int
    label: str
    star: bool


@dataclass
class _Page:
    n: str
    pb: etree._Element | None
    anchors: list[_Anchor] = field(default_factory=list)
    notes: list[etree._Element] = field(default_factory=list)


def _pages(ctx: Context) -> list[_Page]:
    first = ctx.chapter.find(".//{*}pb")
    pages = [_Page(first.get("n") if first is not None else "", None)]
    for slot in slots(ctx.chapter, frozenset({"note", "fw"})):
        el = slot.el
        if slot.tail and local(el) == "note" and el.get(TK_UNPLACED):
            pages[-1].notes.append(el)
        elif not slot.tail and local(el) == "pb":
            if pages[-1].pb is None and el is first:
                pages[-1].pb = el
            else:
                pages.append(_Page(el.get("n"), el))
        s = slot.get()
        if not s or local(el) == "fw" and not slot.tail:
            continue
        for m in ctx.profile.numbered_anchor.finditer(s):
            pages[-1].anchors.append(_Anchor(slot, m.start(), m.end(), m.group("num"), False))
        for m in ctx.profile.star_anchor.finditer(s):
            pages[-1].anchors.append(_Anchor(slot, m.start(), m.end(), m.group(), True))
    return pages


def _note_attrs(ctx: Context, kind: str) -> dict:
    conf = ctx.data.header.get("notes", {}).get(kind, {})
    return {"type": conf.get("type"), "resp": conf.get("resp")}


def place_notes_at_anchors(ctx: Context) -> None:
    edits: list[tuple[_Anchor, etree._Element, bool]] = []  # (anchor, element, replaces the label text)
    orphans: list[tuple[etree._Element, _Page]] = []
    endnotes: dict[int, int] = {}
    used_ids: set[str] = set()

    def new_id(base: str) -> str:
        nid, k = base, 2
        while nid in used_ids:
            nid, k = f"{base}-{k}", k + 1
        used_ids.add(nid)
        return nid

    for page in _pages(ctx):
        numbered = [a for a in page.anchors if not a.star]
        stars = defaultdict(list)
        for a in page.anchors:
            if a.star:
                stars[a.label].append(a)
        num_notes = [n for n in page.notes if n.get(TK_LABEL).isdigit()]
        star_notes = [n for n in page.notes if not n.get(TK_LABEL).isdigit()]
        labels = Counter(n.get(TK_LABEL) for n in num_notes)
        pairs: list[tuple[_Anchor, etree._Element]] = []
        if any(c > 1 for c in labels.values()):
            local_anchors = [a for a in numbered if not ctx.profile.is_endnote(int(a.label)) or a.label in labels]
            dup = sorted(k for k, c in labels.items() if c > 1)
            ctx.messages.warn(line_of(num_notes[0]), "duplicate-label", f"note label [{dup[0]}] printed twice on page "
                            f"{page.n}: notes matched to the anchors in order")
            pairs = list(zip(local_anchors, num_notes, strict=False))
        else:
            by_label = {n.get(TK_LABEL): n for n in num_notes}
            pairs = [(a, by_label[a.label]) for a in numbered if a.label in by_label]
        matched_anchors = {id(a) for a, _ in pairs}
        for a in numbered:
            if id(a) in matched_anchors:
                continue
            number = int(a.label)
            if ctx.profile.is_endnote(number):
                endnotes[number] = line_of(a.slot.el) or 0
                edits.append((a, tei("ptr", {"type": "endnote", "n": a.label, "target": f"#en{a.label}"}), True))
                ctx.messages.info(line_of(a.slot.el), "endnote", f"[{a.label}] read as a reference to the book's "
                                "end-of-volume notes (placeholder note, text not in the copy)")
            else:
                raise ctx.messages.error(line_of(a.slot.el), f"anchor [{a.label}] has no note labelled [{a.label}] in "
                                       f"the note block of its page ({page.n or 'first page'}): add the note or "
                                       "correct the anchor")
        matched_notes = set()
        for a, note in pairs:
            matched_notes.add(note)
            note.set("n", a.label)
            note.set(XML_ID, new_id(f"fn{page.n}-{a.label}"))
            note.attrib.update({k: v for k, v in _note_attrs(ctx, "numbered").items() if v})
            edits.append((a, note, True))
        for i, note in enumerate(star_notes):
            label = note.get(TK_LABEL)
            anchors = stars.get(label, [])
            note.set("n", label)
            note.set(XML_ID, new_id(f"fn{page.n}-s" + (str(i + 1) if i else "")))
            note.attrib.update({k: v for k, v in _note_attrs(ctx, "star").items() if v})
            if not anchors:
                continue
            matched_notes.add(note)
            if len(anchors) == 1:
                edits.append((anchors[0], note, True))
            else:
                ids = [f"a{page.n}-s{k}" for k in range(1, len(anchors) + 1)]
                for a, aid in zip(anchors, ids, strict=True):
                    edits.append((a, tei("anchor", {XML_ID: new_id(aid)}), True))
                note.set("target", " ".join(f"#{x}" for x in ids))
                edits.append((_Anchor(anchors[-1].slot, anchors[-1].end, anchors[-1].end, label, True), note, False))
                ctx.messages.info(line_of(note), "multi-anchor", f"note {label} on page {page.n} has "
                                f"{len(anchors)} anchors: placed after the last, linked by @target")
        for label, anchors in stars.items():
            if not any(n.get(TK_LABEL) == label for n in star_notes):
                raise ctx.messages.error(line_of(anchors[0].slot.el), f"anchor '{label}' has no note '{label}' in "
                                       f"the note block of its page ({page.n or 'first page'})")
        for note in page.notes:
            if note in matched_notes:
                continue
            if note.get(XML_ID) is None:
                note.set("n", note.get(TK_LABEL))
                note.set(XML_ID, new_id(f"fn{page.n}-{note.get(TK_LABEL)}"))
                note.attrib.update({k: v for k, v in _note_attrs(ctx, "numbered").items() if v})
            note.set("anchored", "false")
            ctx.messages.warn(line_of(note), "orphan-note", f"note [{note.get(TK_LABEL)}] on page {page.n} has no "
                            "anchor on its page (it belongs to text not in the copy): kept at the page start, "
                            'anchored="false"')
            orphans.append((note, page))
    _apply(edits)
    for note, page in orphans:
        _place_at_page_start(note, page, ctx)
    if endnotes:
        div = ctx.end_notes()
        gap = ctx.data.header.get("notes", {}).get("end_gap_reason", "not-in-copy-text")
        for number in sorted(endnotes):
            note = tei("note", {XML_ID: f"en{number}", "n": str(number), "place": "end",
                                **{k: v for k, v in _note_attrs(ctx, "end").items() if v}})
            note.append(tei("gap", {"reason": gap}))
            div.append(note)
    for note in ctx.chapter.iter("{*}note"):
        for attr in (TK_UNPLACED,):
            note.attrib.pop(attr, None)


def _place_at_page_start(note: etree._Element, page: _Page, ctx: Context) -> None:
    remove_keep_tail(note)
    target = page.pb
    if target is None:
        head = ctx.chapter.find("{*}head")
        target = head if head is not None else None
    elif target.getnext() is not None and local(target.getnext()) == "head":
        target = target.getnext()
    if target is None:
        ctx.chapter.insert(0, note)
        return
    note.tail = target.tail
    target.tail = None
    parent = target.getparent()
    parent.insert(parent.index(target) + 1, note)


def _apply(edits: list[tuple[_Anchor, etree._Element, bool]]) -> None:
    """Replace anchors by their elements, last first within each text slot so offsets stay valid."""
    by_slot: dict[Slot, list] = defaultdict(list)
    for anchor, el, replaces in edits:
        by_slot[anchor.slot].append((anchor.start, anchor.end if replaces else anchor.start, el))
    for slot, items in by_slot.items():
        for start, end, el in sorted(items, key=lambda x: (x[0], x[1]), reverse=True):
            if local(el) == "note" and el.getparent() is not None:
                remove_keep_tail(el)
            replace(slot, start, end, el, keep=False)
