"""Markdown reader: a Markdown-style transcription, parsed by markdown-it-py (CommonMark, with its footnote plugin),
becomes the tree the plain-text parser builds (div/head by heading level, p, list/item, hi, notes at their anchors,
pb, lg/l for verse), which the same transforms then finish. Markdown's syntax is markdown-it's: this module only maps
its tokens, and stops on a token it does not know rather than lose its text."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from teikit.convert.editorial import Editorial
from teikit.convert.messages import Messages
from teikit.convert.parser import Parsed, continues_after_break, new_document, supply_head
from teikit.convert.profile import Profile
from teikit.convert.tree import TK_BLOCKQUOTE, TK_LINE, XML_ID, local, tei, text_of

DIV_TYPES = ("chapter", "section", "subsection")  # by depth; deeper divisions have no type
_NOT_ID = re.compile(r"[^\w.-]")  # characters a footnote label may have that an xml:id may not: "[^a b]" -> "a-b"


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).use(footnote_plugin)  # raw HTML is text, never markup
    md.core.ruler.disable("footnote_tail")  # keep each definition where it stands, unreferenced ones too
    return md


def _mixed(parent: etree._Element, text: str) -> None:
    """Append text to mixed content: after the last child, else as the element's text."""
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _closing(tokens: list[Token], i: int) -> int:
    """The index of the token that closes the one opened at `i`."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


@dataclass
class _Pages:
    """Page breaks met so far: their numbers must follow each other."""

    numbers: list[int] = field(default_factory=list)
    text_before_first: bool = False

    def add(self, number: int, line: int, messages: Messages) -> etree._Element:
        if self.numbers and number != self.numbers[-1] + 1:
            raise messages.error(line, f"page {number} does not follow page {self.numbers[-1]}: pages must be "
                                     "consecutive")
        self.numbers.append(number)
        return tei("pb", {"n": str(number), TK_LINE: str(line)})


class _Reader:
    """One pass over markdown-it's tokens, building the TEI tree."""

    def __init__(self, tokens: list[Token], referenced: set[str], profile: Profile, data: Editorial,
                 messages: Messages) -> None:
        self.tokens, self.referenced = tokens, referenced
        self.profile, self.data, self.messages = profile, data, messages
        self.root, self.chapter = new_document(data)
        self.body = self.chapter.getparent()
        self.pages = _Pages()
        self.kept: list[str] = []  # the text put into the tree, for the conservation check
        self.refs: dict[str, list[etree._Element]] = defaultdict(list)  # footnote label -> its anchors
        self.definitions: dict[str, tuple[int, int]] = {}  # footnote label -> token range of its text
        self.pending: list[etree._Element] = []  # page breaks met between blocks
        self.last: etree._Element | None = None  # the paragraph a page break may continue
        self.quotes = 0

    # --- the document's divisions --------------------------------------------------------------------------------

    def read(self) -> Parsed:
        levels = [int(t.tag[1]) for t in self.tokens if t.type == "heading_open"]
        top = min(levels, default=0)
        single = levels.count(top) == 1 and self._first_block() == "heading_open"
        if not levels:
            supply_head(self.chapter, self.data, self.messages)
        self.stack: list[tuple[int, etree._Element]] = [(top - 1, self.chapter)]
        if levels and not single:  # several top-level headings (or text before the first): body holds chapters
            self.body.remove(self.chapter)
            self.chapter = self.body
            self.stack = [(top - 1, self.body)]
        self._collect_definitions()
        self._blocks(0, len(self.tokens))
        self._place_notes()
        for el in self.pending:
            self.messages.info(int(el.get(TK_LINE)), "page-at-end", f"page {el.get('n')} begins at the very end: "
                               "nothing is on it, so it is left out")
            self.pages.numbers.remove(int(el.get("n")))
        parsed = Parsed(self.root, self.chapter)
        if self.pages.numbers:
            before = self.pages.text_before_first and self.pages.numbers[0] > 1  # text on the page before the first
            parsed.first_page = self.pages.numbers[0] - (1 if before else 0)
            parsed.last_page = self.pages.numbers[-1]
            if before:
                self.chapter.insert(0, tei("pb", {"n": str(parsed.first_page)}))
        parsed.text = "\n".join(self.kept)
        return parsed

    def _first_block(self) -> str:
        """The type of the first block of the document that is not a page marker."""
        for i, t in enumerate(self.tokens):
            if t.level == 0 and t.nesting >= 0 and t.type != "inline" \
                    and not (t.type == "paragraph_open" and self._marker_text(self.tokens[i + 1])):
                return t.type
        return ""

    def _division(self, token: Token) -> etree._Element:
        level = int(token.tag[1])
        if len(self.stack) == 1 and self.stack[0][1] is not self.body and self.stack[0][0] == level - 1 \
                and self.chapter.find("{*}head") is None and not self._has_content(self.chapter):
            return self.chapter  # the one top heading: the chapter's own
        while len(self.stack) > 1 and self.stack[-1][0] >= level:
            self.stack.pop()
        parent = self.stack[-1][1]
        depth = len(self.stack) - (1 if parent is self.body else 0)
        siblings = sum(1 for c in parent if local(c) == "div") + 1
        base = self.data.header.get("edition", {}).get("chapter_id", "ch")
        if parent is self.body:
            ident, n = f"{base}{siblings}", str(siblings)
        else:
            ident = f"{parent.get(XML_ID)}-s{siblings}" if depth == 1 else f"{parent.get(XML_ID)}.{siblings}"
            n = str(siblings)
        div = tei("div", {"type": DIV_TYPES[depth] if depth < len(DIV_TYPES) else None, "n": n, XML_ID: ident})
        parent.append(div)
        self.stack.append((level, div))
        return div

    @staticmethod
    def _has_content(el: etree._Element) -> bool:
        return any(local(c) != "pb" for c in el) or bool((el.text or "").strip())

    # --- blocks ----------------------------------------------------------------------------------------------

    def _blocks(self, start: int, end: int, within: etree._Element | None = None, quote: int = 0) -> None:
        """Map the block tokens in [start, end) into `within` (None: the current division, which headings change);
        `quote` numbers an enclosing block quotation."""
        i = start
        while i < end:
            container = self.stack[-1][1] if within is None else within
            t = self.tokens[i]
            close = _closing(self.tokens, i) if t.nesting == 1 else i
            line = t.map[0] + 1 if t.map else None
            if t.type == "heading_open":
                if quote or local(container) not in ("div", "body"):
                    self._warn_demoted(line, "a heading inside a quotation or a list is read as a paragraph")
                    self._paragraph(self.tokens[i + 1], container, line, quote)
                else:
                    div = self._division(t)
                    head = tei("head", {TK_LINE: str(line)})
                    self._flush(div)
                    div.append(head)
                    self._inline(self.tokens[i + 1], head, line)
                    self.last = None
            elif t.type == "paragraph_open":
                self._paragraph(self.tokens[i + 1], container, line, quote)
            elif t.type in ("bullet_list_open", "ordered_list_open"):
                self._list(i, close, container, quote, line)
            elif t.type == "blockquote_open":
                if not quote:
                    self.quotes += 1
                self._blocks(i + 1, close, within, quote or self.quotes)
            elif t.type == "footnote_reference_open":
                if t.meta["label"] not in self.referenced:
                    self._orphan(t, i, close, container, line)
            elif t.type in ("code_block", "fence"):
                self._warn_demoted(line, "indented by four spaces or fenced, Markdown reads this as code: kept as a "
                                   "paragraph (indent it less, or remove the fence, to say so)")
                p = self._new_block("p", container, line, quote)
                self._text(p, " ".join(t.content.split()))
            elif t.type == "hr":
                self.messages.info(line, "thematic-break", "a thematic break (---, ***) marks no TEI element")
            else:
                raise self.messages.error(line, f"Markdown element '{t.type}' is not read by teikit: please report it")
            i = close + 1

    def _warn_demoted(self, line: int | None, message: str) -> None:
        self.messages.warn(line, "markdown-demoted", message)

    def _new_block(self, tag: str, container: etree._Element, line: int | None, quote: int) -> etree._Element:
        self._flush(container)
        el = tei(tag, {TK_LINE: str(line) if line else None, TK_BLOCKQUOTE: str(quote) if quote else None})
        container.append(el)
        return el

    def _flush(self, container: etree._Element) -> None:
        for pb in self.pending:
            container.append(pb)
        self.pending.clear()

    def _marker_text(self, inline: Token) -> re.Match | None:
        """The page marker that is all of a paragraph ("---page 12---", "{pb n=12}"), if it is one."""
        if inline.type != "inline" or len(inline.children or []) != 1 or inline.children[0].type != "text":
            return None
        text = inline.children[0].content.strip()
        return self.profile.page_marker.fullmatch(text) or self.profile.page_break.fullmatch(text)

    def _page_number(self, match: re.Match) -> int:
        number = int(match.group("n"))
        lined = match.re is self.profile.page_marker and self.data.page_mode == "footer"
        return number + 1 if lined else number  # a footer-style marker closes its page

    def _paragraph(self, inline: Token, container: etree._Element, line: int | None, quote: int) -> None:
        marker = self._marker_text(inline)
        if marker:
            self.pending.append(self.pages.add(self._page_number(marker), line, self.messages))
            return
        if self.pending and self.last is not None and self.last.getparent() is container and not quote \
                and local(container) in ("div", "body") \
                and continues_after_break(text_of(self.last), line, self.profile, self.data, self.messages):
            _mixed(self.last, " ")
            self._flush(self.last)
            self._inline(inline, self.last, line)
            return
        hard = any(c.type == "hardbreak" for c in inline.children or [])
        verse = hard and self.profile.verse == "hard-breaks" and local(container) in ("div", "body")
        block = self._new_block("lg" if verse else "p", container, line, quote)
        if verse:
            block.append(tei("l", {TK_LINE: str(line)}))
        self._inline(inline, block[-1] if verse else block, line, lines_into=block if verse else None)
        self.last = None if verse or quote else block

    def _list(self, start: int, end: int, container: etree._Element, quote: int, line: int | None) -> None:
        t = self.tokens[start]
        ordered = t.type == "ordered_list_open"
        rend = ("numbered-paren" if t.markup == ")" else "numbered-dot") if ordered else None
        if quote:  # a list in a block quotation: inside a paragraph of the quotation, which may hold lists
            container = self._new_block("p", container, line, quote)
        else:
            self._flush(container)
        lst = tei("list", {"type": "ordered" if ordered else "bulleted", "rend": rend, TK_LINE: str(line)})
        container.append(lst)
        i = start + 1
        while i < end:
            close = _closing(self.tokens, i)
            item_line = self.tokens[i].map[0] + 1 if self.tokens[i].map else line
            item = tei("item", {"n": self.tokens[i].info or None, TK_LINE: str(item_line)})
            lst.append(item)
            paragraphs = sum(1 for k in range(i + 1, close) if self.tokens[k].type == "paragraph_open"
                             and self.tokens[k].level == self.tokens[i].level + 1)
            self._item(i + 1, close, item, paragraphs > 1)
            i = close + 1
        self.last = None

    def _item(self, start: int, end: int, item: etree._Element, paragraphs: bool) -> None:
        i = start
        while i < end:
            t = self.tokens[i]
            close = _closing(self.tokens, i) if t.nesting == 1 else i
            line = t.map[0] + 1 if t.map else None
            if t.type == "paragraph_open" and not paragraphs:
                self._inline(self.tokens[i + 1], item, line)
            else:
                self._blocks(i, close + 1, item)
            i = close + 1

    # --- inline content --------------------------------------------------------------------------------------

    def _text(self, parent: etree._Element, text: str) -> None:
        if text.strip():
            self.started = True
            if not self.pages.numbers:
                self.pages.text_before_first = True
        self.kept.append(text)
        _mixed(parent, text)

    def _inline(self, inline: Token, parent: etree._Element, line: int | None,
                lines_into: etree._Element | None = None) -> None:
        """The inline tokens of one block into `parent`; with `lines_into` (an lg), each hard break starts an l."""
        stack = [parent]
        for child in inline.children or []:
            top = stack[-1]
            kind = child.type
            if kind == "text":
                self._inline_text(child.content, top, line)
            elif kind in ("softbreak", "hardbreak"):
                if kind == "hardbreak" and (lines_into is None or len(stack) > 1):
                    self.messages.warn(line, "line-break-ignored", "a hard line break outside verse (in a list, a "
                                       "note, a heading or emphasis) is read as a space")
                line = line + 1 if line else line
                if kind == "hardbreak" and lines_into is not None and len(stack) == 1:
                    stack[0] = tei("l", {TK_LINE: str(line)})
                    lines_into.append(stack[0])
                else:
                    _mixed(top, " ")
            elif kind in ("em_open", "strong_open"):
                hi = tei("hi", {"rend": "italic" if kind == "em_open" else "bold"})
                top.append(hi)
                stack.append(hi)
            elif kind == "link_open":
                ref = tei("ref", {"target": child.attrs.get("href") or None})
                top.append(ref)
                stack.append(ref)
            elif kind in ("em_close", "strong_close", "link_close"):
                stack.pop()
            elif kind == "code_inline":
                self._text(top, child.content)
            elif kind == "image":
                self.messages.warn(line, "image", f"image '{child.attrs.get('src')}' is not encoded: its description "
                                   "is kept as text")
                self._text(top, child.content)
            elif kind == "footnote_ref":
                anchor = tei("anchor", {TK_LINE: str(line)})
                top.append(anchor)
                self.refs[child.meta["label"]].append(anchor)
            else:
                raise self.messages.error(line, f"Markdown element '{kind}' is not read by teikit: please report it")

    def _inline_text(self, text: str, parent: etree._Element, line: int | None) -> None:
        """Text, with its "{pb n=12}" page breaks (and "---page 12---" lines within a paragraph) as pb."""
        whole = self.profile.page_marker.fullmatch(text.strip())
        if whole:
            parent.append(self.pages.add(self._page_number(whole), line, self.messages))
            return
        if self.profile.page_marker_like.match(text.strip()):
            raise self.messages.error(line, f"'{text.strip()}' looks like a page marker but is not one: correct it")
        if "[^" in text:
            self.messages.warn(line, "footnote-undefined", f"'{text.strip()[:40]}' looks like a footnote reference, "
                               "but no footnote of that label is defined ([^label]: its text)")
        at = 0
        for m in self.profile.page_break.finditer(text):
            self._text(parent, text[at:m.start()])
            parent.append(self.pages.add(int(m.group("n")), line, self.messages))
            at = m.end()
        self._text(parent, text[at:])

    # --- footnotes -------------------------------------------------------------------------------------------

    def _collect_definitions(self) -> None:
        for i, t in enumerate(self.tokens):
            if t.type == "footnote_reference_open":
                self.definitions[t.meta["label"]] = (i, _closing(self.tokens, i))

    def _note(self, label: str, line: int | None) -> etree._Element:
        kind = "numbered" if label.isdigit() else "star"
        conf = self.data.header.get("notes", {}).get(kind, {})
        return tei("note", {"place": "foot", "n": label, XML_ID: f"fn-{_NOT_ID.sub('-', label)}",
                            "type": conf.get("type"), "resp": conf.get("resp"), TK_LINE: str(line)})

    def _fill(self, note: etree._Element, start: int, end: int) -> None:
        """A footnote's text into its note: one paragraph as the note's text, several as p."""
        paragraphs = sum(1 for k in range(start + 1, end) if self.tokens[k].type == "paragraph_open"
                         and self.tokens[k].level == self.tokens[start].level + 1)
        last, self.last = self.last, None
        self._item(start + 1, end, note, paragraphs > 1)
        self.last = last

    def _orphan(self, t: Token, start: int, end: int, container: etree._Element, line: int | None) -> None:
        note = self._note(t.meta["label"], line)
        note.set("anchored", "false")
        self._flush(container)
        container.append(note)
        self._fill(note, start, end)
        self.messages.warn(line, "orphan-note", f"footnote [^{t.meta['label']}] is never referenced: kept where it is "
                           'defined, anchored="false"')

    def _place_notes(self) -> None:
        """Each footnote at its reference; one referred to several times after the last, pointing at each. (A note
        may refer to another: its anchors are met while it is filled.)"""
        placed: set[str] = set()
        while todo := [label for label in self.refs if label not in placed]:
            for label in todo:
                placed.add(label)
                self._place_note(label, self.refs[label])

    def _place_note(self, label: str, anchors: list[etree._Element]) -> None:
        start, end = self.definitions[label]
        note = self._note(label, self.tokens[start].map[0] + 1 if self.tokens[start].map else None)
        self._fill(note, start, end)
        last = anchors[-1]
        if len(anchors) > 1:
            ids = [f"a-{note.get(XML_ID)[3:]}-{k}" for k in range(1, len(anchors) + 1)]
            for anchor, aid in zip(anchors, ids, strict=True):
                anchor.set(XML_ID, aid)
            note.set("target", " ".join(f"#{a}" for a in ids))
        note.tail, last.tail = last.tail, None
        last.addnext(note)
        if len(anchors) == 1:
            last.getparent().remove(last)


def read_markdown(text: str, profile: Profile, data: Editorial, messages: Messages) -> Parsed:
    """The TEI tree of a Markdown-style transcription (see the module's docstring)."""
    env: dict = {}
    tokens = _markdown().parse(text, env)
    if not any(t.type == "inline" and t.content.strip() for t in tokens):
        raise messages.error(1, "no text to convert (only Markdown markup)")
    referenced = {key[1:] for key, n in env.get("footnotes", {}).get("refs", {}).items() if n >= 0}
    return _Reader(tokens, referenced, profile, data, messages).read()
