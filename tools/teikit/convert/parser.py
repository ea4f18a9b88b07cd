"""Parser: typed blocks -> a TEI tree (text/body/div) with source lines kept in temporary attributes.

Paragraphs continue across a page break when the text before it does not end a sentence; footnote blocks stay
where they were (inside the continuing paragraph, before the folio) until `place_notes_at_anchors` moves them."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from teikit.convert import lexer as lx
from teikit.convert.editorial import Editorial, readings_hint
from teikit.convert.messages import Messages
from teikit.convert.profile import Profile
from teikit.convert.tree import TK_DISPLAY, TK_INDEX, TK_LABEL, TK_LINE, TK_UNPLACED, XML_ID, local, tei
from teikit.xmlio import TEI_NS


@dataclass
class Parsed:
    """The tree and what the header needs from the text (bylines, page range)."""

    root: etree._Element
    chapter: etree._Element  # the division holding the text (the body, when the text has several)
    bylines: dict[str, str] = field(default_factory=dict)
    first_page: int | None = None
    last_page: int | None = None
    text: str | None = None  # the text as the reader took it in, when not the transcription's lines (Markdown)


def _append_text(el: etree._Element, text: str) -> None:
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def _last_text(el: etree._Element) -> str:
    return (el[-1].tail if len(el) else el.text) or ""


def new_document(data: Editorial) -> tuple[etree._Element, etree._Element]:
    """A TEI root with text/body, and its chapter division (xml:id and n from the header data)."""
    edition = data.header.get("edition", {})
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    text = etree.SubElement(root, "{http://www.tei-c.org/ns/1.0}text")
    body = etree.SubElement(text, text.tag.replace("text", "body"))
    chapter = tei("div", {"type": "chapter", "n": edition.get("chapter_n"), XML_ID: edition.get("chapter_id", "ch")})
    body.append(chapter)
    return root, chapter


def supply_head(chapter: etree._Element, data: Editorial, messages: Messages) -> None:
    """The chapter heading the copy lacks, from the header data (edition.chapter_head), or a warning."""
    edition = data.header.get("edition", {})
    head_text = edition.get("chapter_head")
    if head_text:
        head = tei("head")
        head.append(tei("supplied", {"reason": edition.get("chapter_head_reason", "omitted-in-copy"),
                                     "source": edition.get("chapter_head_source")}, head_text))
        chapter.append(head)
        messages.warn(1, "heading-supplied", f"the chapter heading is missing from the copy; supplied from the "
                    f"header data: '{head_text}'")
    else:
        messages.warn(1, "heading-missing", "the transcription has no chapter heading and the header data supplies "
                    "none (edition.chapter_head)")


def continues_after_break(before: str, line: int, profile: Profile, data: Editorial, messages: Messages) -> bool:
    """Whether the text at `line`, after a page break, continues the paragraph whose text is `before`: the editor's
    reading, else (the page_end_paragraphs heuristic) yes when `before` does not end a sentence; a sentence ending
    exactly at the page end cannot tell, and is read as the paragraph's end with a warning."""
    if line in data.readings.paragraph_joins or line in data.readings.paragraph_breaks:
        return line in data.readings.paragraph_joins
    if not profile.guess_page_end_paragraphs:
        return False
    if not profile.sentence_end.search(before.rstrip()):
        return True
    messages.warn(line, "page-ends-paragraph", "a sentence ends exactly at the page end: read as the end of the "
                  "paragraph (the text cannot tell); " + readings_hint(messages.source, "paragraph_breaks",
                                                                      "paragraph_joins", line))
    return False


def parse(blocks: list[lx.Block], profile: Profile, data: Editorial, messages: Messages) -> Parsed:
    """Build the body; pages are numbered by the page-marker reading (footer: a marker closes its page)."""
    footer = data.page_mode == "footer"
    root, chapter = new_document(data)
    chapter_id = chapter.get(XML_ID)
    markers = [int(b.n) for b in blocks if b.kind == lx.PAGE_MARKER]
    parsed = Parsed(root, chapter)
    messages.info(None, "page-mode", f"page markers read as {data.page_mode}s (header data edition.page_marker)")
    # a header-style marker before any text opens the first page itself; otherwise the text starts on a page of its own
    opening = not footer and next(b for b in blocks if b.kind != lx.BYLINE).kind == lx.PAGE_MARKER
    if markers:
        parsed.first_page = markers[0] if footer or opening else markers[0] - 1
        parsed.last_page = markers[-1] + 1 if footer else markers[-1]
        if not opening:
            chapter.append(tei("pb", {"n": str(parsed.first_page)}))
    first_text = next((b for b in blocks if b.kind not in (lx.BYLINE, lx.PAGE_MARKER, lx.NOTE_BLOCK)), None)
    if first_text is None or first_text.kind != lx.HEADING:
        supply_head(chapter, data, messages)
    headed_sections = 0
    section_ids: set[str] = set()

    container = chapter
    last: etree._Element | None = None  # the last paragraph-like element, which a page break may continue
    pending: list[etree._Element] = []  # notes, folio and pb met since `last`
    current_list: etree._Element | None = None
    page = parsed.first_page
    started = False

    def flush(into: etree._Element) -> None:
        for el in pending:
            into.append(el)
        pending.clear()

    for block in blocks:
        if block.kind == lx.BYLINE:
            parsed.bylines[block.n] = block.text
            messages.info(block.line, "byline-moved", f"byline '{block.text}' moved to the teiHeader")
            continue
        if block.kind == lx.NOTE_BLOCK:
            for note in block.notes:
                pending.append(tei("note", {"place": "foot", TK_LABEL: note.label, TK_INDEX: str(note.index),
                                            TK_UNPLACED: "1", TK_LINE: str(block.line)}, note.text))
            continue
        if block.kind == lx.PAGE_MARKER:
            number = int(block.n)
            page = number + 1 if footer else number
            fw = tei("fw", {"type": "pageNum", "place": "bottom" if footer else "top", TK_LINE: str(block.line)},
                     block.text)
            pb = tei("pb", {"n": str(page), TK_LINE: str(block.line)})
            pending.extend([fw, pb] if footer else [pb, fw])
            continue
        # a text block
        if not started and block.text[:1].islower():
            messages.warn(block.line, "starts-mid-sentence", "the text starts in mid-sentence: it continues a page "
                        "that is not in the copy")
        started = True
        has_break = any(local(e) == "pb" for e in pending)
        if block.kind == lx.PARAGRAPH and last is not None and has_break \
                and continues_after_break(_last_text(last), block.line, profile, data, messages):
            _append_text(last, " ")
            for el in pending:
                if local(el) == "pb":
                    el.set(TK_LINE, str(block.line))
            flush(last)
            _append_text(last, block.text)
            continue
        if block.kind == lx.HEADING:
            if block is first_text:
                flush(chapter)
                chapter.append(tei("head", {TK_LINE: str(block.line)}, block.text))
            else:
                headed_sections += 1
                section = tei("div", {"type": "section", "n": str(headed_sections),
                                      XML_ID: f"{chapter_id}-h{headed_sections}"})
                chapter.append(section)
                flush(section)
                section.append(tei("head", {TK_LINE: str(block.line)}, block.text))
                container = section
            current_list, last = None, None  # a heading never continues after a page break
            continue
        if block.kind == lx.SECTION_START:
            ident = f"{chapter_id}-s{block.n}"
            if ident in section_ids:
                messages.warn(block.line, "section-number-repeated", f"section {block.n}) is numbered as an earlier "
                              "one: kept with its printed number (check the numbering)")
                ident = f"{ident}-{sum(1 for i in section_ids if i.startswith(ident))+1}"
            section_ids.add(ident)
            section = tei("div", {"type": "section", "n": block.n, XML_ID: ident})
            chapter.append(section)
            container = section
            current_list = None
            flush(section)
            parts = profile.run_in_head_end.split(block.text, maxsplit=1)
            head = tei("head", {"rend": "run-in", TK_LINE: str(block.line)})
            label = etree.SubElement(head, head.tag.replace("head", "label"))
            label.text = f"{block.n})"
            label.tail = " " + parts[0]
            section.append(head)
            last = head
            if len(parts) > 1:
                last = _paragraph(section, parts[1], block, profile)
            continue
        if block.kind == lx.LIST_ITEM:
            if current_list is None or last is None or last.getparent() is not current_list:
                flush(container)
                current_list = tei("list", {"type": "ordered", "rend": "alpha-paren"})
                container.append(current_list)
            else:
                flush(current_list)
            item = tei("item", {"n": block.n, TK_LINE: str(block.line)}, block.text)
            if profile.is_display(block.width):
                item.set(TK_DISPLAY, "1")
            current_list.append(item)
            last = item
            continue
        flush(container)
        current_list = None
        last = _paragraph(container, block.text, block, profile)
    if pending and local(pending[-1]) == "pb" and blocks[-1].kind == lx.PAGE_MARKER:
        pending.pop()  # the text ends with its last page: no page follows
        parsed.last_page = int(blocks[-1].n) if footer else parsed.last_page
    if pending:
        flush(container)
    _link_lists(chapter, data, messages)
    if blocks and blocks[-1].kind != lx.PAGE_MARKER:
        messages.warn(blocks[-1].line, "no-final-marker", "the file ends without a page marker: the last page "
                    "is not closed (truncated copy?)")
    return parsed


def _link_lists(chapter: etree._Element, data: Editorial, messages: Messages) -> None:
    """Point the items of a list at what they announce (header data [[list]]: n, items_corresp)."""
    lists = list(chapter.iter("{*}list"))
    for spec in data.header.get("list", []):
        n, targets = int(spec.get("n", 0)), spec.get("items_corresp", [])
        if not 1 <= n <= len(lists) or len(lists[n - 1]) != len(targets):
            messages.warn(None, "list-link", f"header data [[list]] n={n}: no such list with {len(targets)} items")
            continue
        for item, target in zip(lists[n - 1], targets, strict=True):
            item.set("corresp", target)


def _paragraph(container: etree._Element, text: str, block: lx.Block, profile: Profile) -> etree._Element:
    p = tei("p", {TK_LINE: str(block.line)}, text)
    if profile.is_display(block.width):
        p.set(TK_DISPLAY, "1")
    container.append(p)
    return p
