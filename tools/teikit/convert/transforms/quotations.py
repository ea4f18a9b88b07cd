"""encode_quotations: text between outer quotation marks becomes a `quote` (an attributed quotation listed in the
data, or followed by a citation), a `soCalled` (scare quotes) or, inside a note, a `title`; the segments of one
quotation are linked by @next/@prev, and a quotation with its citation (and the citation's note) becomes a `cit`.
What the data does not settle the profile's heuristics guess, each guess a warning: a full sentence is a quotation,
other quoted text a scare quote. quote and soCalled keep what the marks enclosed, punctuation included."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from teikit.convert.editorial import Quotation, data_paths
from teikit.convert.transforms.base import Context
from teikit.convert.tree import TK_BLOCKQUOTE, TK_DISPLAY, XML_ID, Slot, line_of, local, tei, top_slots, wrap_span


def _norm(text: str, ctx: Context) -> str:
    return " ".join(ctx.profile.with_em_dashes(ctx.profile.nbsp_run.sub(" ", text)).split())


def _marks(el: etree._Element, mark: str) -> list[tuple[Slot, int]]:
    found = []
    for slot in top_slots(el):
        s = slot.get()
        i = s.find(mark)
        while i >= 0:
            found.append((slot, i))
            i = s.find(mark, i + 1)
    return found


def _span_text(el: etree._Element, a: tuple[Slot, int], b: tuple[Slot, int]) -> str:
    """The parent-level text between two marks (enough to recognise a segment by its first words)."""
    slots = top_slots(el)
    ia, ib = slots.index(a[0]), slots.index(b[0])
    if ia == ib:
        return a[0].get()[a[1] + 1: b[1]]
    parts = [a[0].get()[a[1] + 1:], *(s.get() for s in slots[ia + 1: ib]), b[0].get()[: b[1]]]
    return " ".join(parts)


def _cited_after(slot: Slot, offset: int) -> bool:
    """Whether a citation follows the closing mark at slot[offset], with at most an author's note between."""
    if slot.get()[offset + 1:].strip():
        return False
    if slot.tail:
        node = slot.el.getnext()
    else:
        node = slot.el[0] if len(slot.el) else None
    while node is not None and local(node) in ("note", "anchor") and not (node.tail or "").strip():
        node = node.getnext()
    return node is not None and local(node) == "bibl"


def _pairs(el: etree._Element, ctx: Context) -> list[tuple[tuple[Slot, int], tuple[Slot, int]]]:
    marks = _marks(el, ctx.profile.quote_mark)
    if len(marks) % 2 and local(el) == "l":  # a quotation may run over lines of verse: its marks stay as printed
        ctx.messages.warn(line_of(el), "quote-marks-kept", f"a quotation mark opens or closes across lines of verse "
                          f"(an odd number of {ctx.profile.quote_mark} in this line): the marks are kept as printed")
        return []
    if len(marks) % 2:
        raise ctx.messages.error(line_of(marks[-1][0].el, marks[-1][0].tail), f"unbalanced quotation marks "
                                 f"({len(marks)} {ctx.profile.quote_mark} in the paragraph, even after joining "
                                 "pages): check the transcription")
    return [(marks[i], marks[i + 1]) for i in range(0, len(marks), 2)]


def _wrap_trimmed(el, a, b, new, ctx: Context) -> etree._Element:
    """Wrap between the marks, leaving trailing punctuation ("cabinet,") outside the new element."""
    (sb, j) = b
    s = sb.get()
    sb.set(s[:j] + s[j + 1:])  # the closing mark
    inner = s[:j] if sb != a[0] else s[a[1] + 1: j]
    m = ctx.profile.trailing_punctuation.search(inner)
    k = len(m.group()) if m else 0
    return wrap_span(el, (a[0], a[1] + 1), (sb, j - k), new, drop=(1, 0))


def _bare(text: str, ctx: Context) -> str:
    return ctx.profile.trailing_punctuation.sub("", text).strip()


def _unlisted(text: str, cited: bool, line: int | None, ctx: Context) -> str:
    """What quoted text the quotation data does not list is: "quote", "soCalled", or "" (left as printed)."""
    if _bare(text, ctx) in {_bare(_norm(t, ctx), ctx) for t in ctx.data.scare_quotes}:
        return "soCalled"
    if cited:
        return "quote"
    if ctx.data.other_quotations:
        return ctx.data.other_quotations
    name = data_paths(Path(ctx.messages.source))["quotations"].name
    shown = text if len(text) <= 50 else text[:47] + "..."
    settle = (f"list it in {name} as a [[quotation]] (segments = [\"{' '.join(text.split()[:5])}\"]), add it to "
              "scare_quotes there, or set others = \"soCalled\" or \"quote\" for every quotation not listed")
    words = len(text.split())
    if ctx.profile.guess_quotations and words >= ctx.profile.full_sentence_min_words \
            and ctx.profile.full_sentence.match(text):
        ctx.messages.warn(line, "quotation-guessed", f"\"{shown}\" read as a quotation (a full sentence in quotation "
                          f"marks, no citation): a guess; {settle}")
        return "quote"
    if ctx.profile.guess_scare_quotes:
        ctx.messages.warn(line, "scare-quote-guessed", f"\"{shown}\" read as a scare quote (soCalled): a guess; "
                          f"{settle}")
        return "soCalled"
    return ""


class _Segments:
    """The quotation data's segments by their opening words: for a quotation in the text, the first segment (in the
    data's order) that it begins with and that no earlier quotation took. (Trying every segment on every quotation
    grew with the square of the text: 13 s of a 4 MB transcription's 15.)"""

    def __init__(self, quotations: list[Quotation], ctx: Context) -> None:
        self._by_start: dict[str, list[tuple[int, Quotation, int]]] = {}
        order = 0
        for q in quotations:
            for k, start in enumerate(q.segments):
                self._by_start.setdefault(_norm(start, ctx), []).append((order, q, k))
                order += 1
        self._lengths = sorted({len(start) for start in self._by_start})
        self._next = dict.fromkeys(self._by_start, 0)  # the first segment of each start not taken yet

    def take(self, text: str) -> tuple[Quotation, int] | None:
        candidates = []
        for length in self._lengths:
            start = text[:length]
            if len(start) == length and start in self._by_start and self._next[start] < len(self._by_start[start]):
                candidates.append((self._by_start[start][self._next[start]], start))
        if not candidates:
            return None
        (_, q, k), start = min(candidates, key=lambda c: c[0][0])
        self._next[start] += 1
        return q, k


def encode_quotations(ctx: Context) -> None:
    segments = _Segments(ctx.data.quotations, ctx)
    found: dict[tuple[str, int], etree._Element] = {}
    autos: list[etree._Element] = []
    for block in ctx.blocks():
        for a, b in reversed(_pairs(block, ctx)):
            text = _norm(_span_text(block, a, b), ctx)
            match = segments.take(text)
            line = line_of(a[0].el, a[0].tail)
            kind = "quote" if match else _unlisted(text, _cited_after(*b), line, ctx)
            if kind != "quote":
                if kind:
                    wrap_span(block, (a[0], a[1] + 1), b, tei(kind), drop=(1, 1))
                continue
            quote = tei("quote")
            if match:
                q, k = match
                quote.set(XML_ID, q.segment_ids()[k])
                rend = q.rend or ("block" if block.get(TK_DISPLAY) else "")
                found[(q.id, k)] = quote
            else:
                autos.append(quote)
                rend = "block" if block.get(TK_DISPLAY) else ""
                if ctx.data.quotations and _cited_after(*b):
                    ctx.messages.warn(line, "quotation-not-in-data", f"quotation '{text[:40]}...' is "
                                      "followed by a citation but not listed in the quotation data")
            if rend and rend != "inline":
                quote.set("rend", rend)
            wrap_span(block, (a[0], a[1] + 1), b, quote, drop=(1, 1))
        for quote in [q for q in block if local(q) == "quote"]:
            _make_cit(quote)
    order = {el: i for i, el in enumerate(ctx.chapter.iter("{*}quote"))}
    for n, quote in enumerate(sorted(autos, key=order.__getitem__), 1):
        quote.set(XML_ID, f"qx{n:02d}")
    for q in ctx.data.quotations:
        parts = [found.get((q.id, k)) for k in range(len(q.segments))]
        for k, el in enumerate(parts):
            if el is None:
                ctx.messages.warn(None, "quotation-not-found", f"quotation {q.id}: segment '{q.segments[k]}' not "
                                "found in the text (check its opening words in the quotation data)")
        present = [el for el in parts if el is not None]
        if q.italics_lost and present:
            ctx.messages.warn(line_of(present[0]), "italics-lost", f"quotation {q.id}: the print's italics are lost "
                            "in the copy and cannot be recovered")
        for first, second in zip(present, present[1:], strict=False):
            first.set("next", f"#{second.get(XML_ID)}")
            second.set("prev", f"#{first.get(XML_ID)}")
        if q.work and present and all(local(el.getparent()) != "cit" for el in present):
            present[0].set("corresp", f"#{q.work}")
            if q.cert:
                present[0].set("cert", q.cert)
    for note in ctx.chapter.iter("{*}note"):
        for a, b in reversed(_pairs(note, ctx)):
            title = tei("title", {"level": "m"})
            _wrap_trimmed(note, a, b, title, ctx)
            work = next((w for w in ctx.data.works if w.title == (title.text or "").strip()
                         or (title.text or "").strip() in w.match), None)
            if work is not None:
                title.set("level", work.level)
                title.set("ref", f"#{work.id}")


def encode_block_quotations(ctx: Context) -> None:
    """The paragraphs (and verse) the Markdown reader marked as a "> " block quotation become quote rend="block": a
    paragraph's content moves into the quote, except a citation closing it, which joins it in a cit; the parts of
    one block quotation are linked by @next/@prev."""
    groups: dict[str, list[etree._Element]] = {}
    for el in ctx.chapter.iter():
        if isinstance(el.tag, str) and el.get(TK_BLOCKQUOTE):
            groups.setdefault(el.get(TK_BLOCKQUOTE), []).append(el)
    for number, members in groups.items():
        quotes = [_quote_block(el) for el in members]
        if len(quotes) > 1:
            for k, quote in enumerate(quotes):
                quote.set(XML_ID, f"bq{number}{chr(ord('a') + k)}")
            for first, second in zip(quotes, quotes[1:], strict=False):
                first.set("next", f"#{second.get(XML_ID)}")
                second.set("prev", f"#{first.get(XML_ID)}")


def _quote_block(el: etree._Element) -> etree._Element:
    quote = tei("quote", {"rend": "block"})
    if local(el) != "p":  # verse: the quote holds the lg
        el.addprevious(quote)
        quote.tail, el.tail = el.tail, None
        quote.append(el)
        return quote
    children = list(el)
    ends = [not (c.tail or "").strip() for c in children]
    cut = len(children)  # a citation closing the paragraph (its bibl, and the bibl's note) stays outside the quote
    if cut and local(children[-1]) == "bibl" and ends[-1]:
        cut -= 1
    elif cut > 1 and local(children[-1]) == "note" and local(children[-2]) == "bibl" and ends[-1] and ends[-2]:
        cut -= 2
    quote.text, el.text = el.text, None
    for child in children[:cut]:
        quote.append(child)
    el.insert(0, quote)
    _make_cit(quote)
    return quote


def _make_cit(quote: etree._Element) -> None:
    """quote [author's note] bibl [its note] -> one cit (cit holds no text, so only whitespace may lie between)."""
    members = [quote]
    node = quote
    while (node.tail or "").strip() == "" and (nxt := node.getnext()) is not None and local(nxt) in ("note", "anchor"):
        members.append(nxt)
        node = nxt
    nxt = node.getnext()
    if (node.tail or "").strip() or nxt is None or local(nxt) != "bibl":
        return
    members.append(nxt)
    after = nxt.getnext()
    if not (nxt.tail or "").strip() and after is not None and local(after) == "note":
        members.append(after)
    parent = quote.getparent()
    cit = tei("cit")
    parent.insert(parent.index(quote), cit)
    cit.tail = members[-1].tail
    members[-1].tail = None
    for el in members:
        cit.append(el)
