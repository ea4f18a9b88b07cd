"""The word oracle of the export tests: the words a TEI document's texts hold under a view, worked out from the TEI
alone (not from the stylesheets), and the words a reader sees in an exported page.

The policy it encodes, the same the exporters promise (README, "Every word kept"):
- the header, fw, stand-off data, facsimiles are not text; the reading view shows corr/reg/expan and the lemma, and
  hides del; the diplomatic view shows sic/orig/abbr and del;
- blocks and breaks end words, except a break inside a word: @break="no", or without @break type="hyphenInWord" or
  rend="hidden"; breaks that follow each other with only white space or fw between them are one break, inside a word
  if any of them is; in the diplomatic view a line break always ends a line;
- a break naming another edition than the base one (@ed, @edRef) is not there at all;
- in the reading view a hyphen printed just before a break inside a word goes;
- a note's words are words of their own, and the text around its anchor reads on (a note inside a word leaves the
  word whole): `plain_text_words` takes the note markers and the diplomatic view's editorial brackets out of a word
  as a reader does ("ikā[1]nuṣṭhāna" is one word with a note, "ṇotpatti[r]" one word with a supplied letter).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter

from lxml import etree
from lxml import html as lxml_html

from teikit.xmlio import TEI_NS

NS = {"t": TEI_NS}
MATHML_NS = "http://www.w3.org/1998/Math/MathML"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
BREAKS = {"lb", "pb", "cb", "milestone", "gb"}
HYPHENS = "-\u2010\u00ac\u2e17\u00ad"
_HARD, _GLUE, _SOFT = "\ue000", "\ue001", "\ue002"  # block end, break inside a word, break between words
_RUN = re.compile(f"[\\s{_HARD}{_GLUE}{_SOFT}]*[{_HARD}{_GLUE}{_SOFT}][\\s{_HARD}{_GLUE}{_SOFT}]*")

# Elements that end a word: blocks (kept here independently of the stylesheets, so that a stylesheet that glues two
# blocks into one word is caught).
BLOCKS = {
    "p", "ab", "head", "l", "lg", "sp", "speaker", "stage", "list", "item", "table", "row", "cell", "figure",
    "figDesc", "note", "div", "div1", "div2", "div3", "div4", "div5", "div6", "div7", "front", "body", "back", "group",
    "text", "trailer", "closer", "opener", "dateline", "salute", "signed", "byline", "epigraph", "argument",
    "postscript", "docTitle", "titlePart", "docAuthor", "docImprint", "docDate", "titlePage", "castList", "castGroup",
    "castItem", "floatingText", "bibl", "quote", "caesura", "space", "listBibl", "listPerson", "person", "place",
    "org", "cit", "formula", "eTree", "eLeaf", "forest", "graph", "node", "arc", "tree", "leaf", "iNode", "root", "gap",
}
_SKIPPED = {"teiHeader", "fw", "standOff", "facsimile", "sourceDoc"}


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _same(word: str) -> str:
    """A word as compared: compatibility-normalised (NFKC: "²" is "2", "ﬁ" is "fi") and case-folded, so that what
    plain text shows of a rendition (capitals, superscript digits) is the same word."""
    return unicodedata.normalize("NFKC", word).casefold()


def missing_words(expected: list[str], got: str) -> Counter:
    """Words (with counts) the export lacks: the multiset difference expected - got."""
    return Counter(map(_same, expected)) - Counter(map(_same, words(got)))


# A bracketed mark inside a word, "ikā[1]nuṣ" or "ṇotpatti[r]" (a note marker, a supplied letter, "[?]").
_MARK_IN_WORD = re.compile(
    r"(?<=\S)\[([^\[\]\s]{0,16})\](?=\S)|(?<=\S)\[([^\[\]\s]{0,16})\]|\[([^\[\]\s]{0,16})\](?=\S)"
)


def plain_text_words(text: str, labels: set[str]) -> str:
    """The plain text as a reader takes its words: note markers ([1], [*]: `labels`) inside or at the end of a
    word are not part of it, and editorial brackets inside a word ("ṇotpatti[r]") do not split it."""

    def unmark(match: re.Match) -> str:
        inner = next(group for group in match.groups() if group is not None)
        return "" if inner in labels or inner == "?" else inner

    return _MARK_IN_WORD.sub(unmark, text)


def note_labels(tree: etree._ElementTree) -> set[str]:
    """The markers the exports print for the notes of a document: their @n, or their running number."""
    notes = tree.getroot().xpath("//t:text//t:note", namespaces=NS)
    return {*(" ".join((n.get("n") or "").split()) for n in notes), *(str(i) for i in range(1, len(notes) + 1))}


def _first_edition(el: etree._Element) -> str:
    return (" ".join(f"{el.get('ed', '')} {el.get('edRef', '')}".replace("#", " ").split()) + " ").split(" ")[0]


def base_edition(tree: etree._ElementTree, edition: str | None = None) -> str:
    """The edition whose breaks count: the one asked for, else the one most breaks name ('' when none names one)."""
    if edition:
        return edition.replace("#", "").strip()
    counts: Counter = Counter()
    order: dict[str, int] = {}
    for el in tree.iter(*(f"{{{TEI_NS}}}{name}" for name in ("lb", "pb", "cb", "milestone"))):
        if el.get("ed") is not None or el.get("edRef") is not None:
            name = _first_edition(el)
            counts[name] += 1
            order.setdefault(name, len(order))
    if not counts:
        return ""
    return min(counts, key=lambda name: (-counts[name], order[name]))


def _break_kind(el: etree._Element, base: str) -> str:
    named = f"{el.get('ed', '')} {el.get('edRef', '')}".replace("#", " ").split()
    if named and base and base not in named:
        return "other"
    if el.get("break") == "no":
        return "internal"
    if el.get("break") is None and (el.get("type") == "hyphenInWord" or "hidden" in (el.get("rend") or "").split()):
        return "internal"
    return "boundary"


def expected_words(
    tree: etree._ElementTree, view: str = "reading", edition: str | None = None, labels: set[str] | None = None
) -> list[str]:
    """The words of every text of a TEI document under `view`, counted from the TEI (see the module's policy).

    With `labels` (for comparing with plain text), bracketed marks are taken out of words as `plain_text_words`
    does, so that a word the source itself writes with brackets ("āgama[vi]jñānaṃ") is counted alike on both sides.
    """
    base = base_edition(tree, edition)
    ids = {el.get(XML_ID): el for el in tree.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    parts: list[str] = []
    lifted: list[str] = []  # the words of notes: apart from the text around their anchor, which reads on

    def _walked(child: etree._Element) -> str:
        nonlocal parts
        outer, parts = parts, []
        walk(child)
        inner, parts = parts, outer
        return "".join(inner) + (child.tail or "")

    def walk(el: etree._Element) -> None:
        nonlocal parts
        if not isinstance(el.tag, str):  # comments, processing instructions
            return
        qname = etree.QName(el)
        name = qname.localname if qname.namespace == TEI_NS else None
        if name in _SKIPPED or (name == "del" and view == "reading"):
            return
        if qname.namespace == MATHML_NS:  # each token of a formula is a word of its own
            parts.extend([_HARD, el.text or "", *(_walked(child) for child in el), _HARD])
            return
        if name == "g":
            parts.append(_glyph(el, ids, view))
            return
        if name == "note":
            outer, parts = parts, [_HARD]
            for child in [el.text or "", *el]:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)
                    parts.append(child.tail or "")
            lifted.extend([*parts, _HARD])
            parts = outer
            return
        if name in BREAKS:
            kind = _break_kind(el, base)
            if kind != "other" and name == "lb" and view == "diplomatic":
                parts.append(_HARD)  # the diplomatic view shows every line of the base edition
            elif kind == "internal":
                if view == "reading":
                    _drop_hyphen(el, parts)
                parts.append(_GLUE)
            elif kind != "other":
                parts.append(_SOFT)
            return
        block = name in BLOCKS
        if block:
            parts.append(_HARD)
        if el.text:
            parts.append(el.text)
        for child in _shown_children(el, name, view):
            walk(child)
            if child.tail and name not in ("choice", "app"):
                parts.append(child.tail)
        if block:
            parts.append(_HARD)

    for text in tree.getroot().xpath("//t:text[not(ancestor::t:text)]", namespaces=NS):
        walk(text)
    text = _RUN.sub(_resolve_run, "".join(parts) + _HARD + "".join(lifted))
    return words(text if labels is None else plain_text_words(text, labels))


def _glyph(g: etree._Element, ids: dict, view: str) -> str:
    """A glyph's characters: the standard mapping of its declaration in the reading view, else what the source has
    (its content, the diplomatic mapping, any mapping, the declared name in brackets)."""
    decl = ids.get((g.get("ref") or "").lstrip("#"))
    mappings = {} if decl is None else {m.get("type"): "".join(m.itertext()) for m in decl.iter(f"{{{TEI_NS}}}mapping")}
    standard = (mappings.get("standard") or mappings.get("normalized") or "").strip()
    content = "".join(g.itertext())
    if view == "reading" and standard:
        return standard
    for candidate in (content, mappings.get("diplomatic"), standard, *mappings.values()):
        if candidate and candidate.strip():
            return candidate
    return "[" + (decl.findtext(f"{{{TEI_NS}}}glyphName") or decl.findtext(f"{{{TEI_NS}}}charName") or "" if decl
                  is not None else "") + "]"


def _resolve_run(match: re.Match) -> str:
    run = match.group()
    if _HARD in run or _GLUE not in run:
        return " "
    return ""


def _drop_hyphen(el: etree._Element, parts: list[str]) -> None:
    """The reading view drops a hyphen printed just before a break inside a word, when the text that ends with it is
    the break's own sibling text (what the stylesheets can see), with only white space and breaks between them."""
    node = el.getprevious()
    while node is not None and isinstance(node.tag, str) and etree.QName(node).localname in BREAKS | {"fw"} \
            and not (node.tail or "").strip():
        node = node.getprevious()
    text = (node.tail if node is not None else el.getparent().text) or ""
    body = text.rstrip()
    if len(body) > 1 and body[-1] in HYPHENS:
        for i in range(len(parts) - 1, -1, -1):
            if parts[i] is text or parts[i] == text:
                parts[i] = body[:-1]
                return


def _shown_children(el: etree._Element, name: str | None, view: str) -> list[etree._Element]:
    if name == "choice":
        chosen = _chosen(el, view)
        return [chosen] if chosen is not None else []
    if name == "app":
        lemma = el.xpath("(t:lem | t:rdg | t:rdgGrp/t:rdg)[1]", namespaces=NS)
        return lemma[:1]
    return list(el)


def _chosen(choice: etree._Element, view: str) -> etree._Element | None:
    reading = choice.xpath("(t:corr | t:reg | t:expan | t:seg | t:choice)[1]", namespaces=NS)
    original = choice.xpath("(t:sic | t:orig | t:abbr)[1]", namespaces=NS)
    if reading and original:
        return original[0] if view == "diplomatic" else reading[0]
    elements = [c for c in choice if isinstance(c.tag, str)]
    return elements[0] if elements else None


# ---------------------------------------------------------------- what a reader of the page sees

_HTML_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "td", "th", "tr", "br",
                "blockquote", "figure", "figcaption", "caption", "dt", "dd", "ol", "ul", "aside", "summary",
                "details", "table", "nav", "header", "footer", "main", "body")


def html_view_text(page: str | bytes, view: str = "reading") -> str:
    """What a reader of the page sees in `view`, as text, as the browser's innerText gives it: what CSS hides in
    that view is left out (the other view's spans, tooltips, note markers, the page labels' generated content) and
    blocks are separated by white space. The metadata, contents and switch (header, nav, About) are left out too."""
    doc = lxml_html.fromstring(page.encode("utf-8") if isinstance(page, str) else page)
    hidden = ["//style", "//header", "//nav", "//details[contains(@class, 'about')]", "//section[@class='about']",
              "//*[@class='tip']", "//a[@class='folio']", "//a[@role='doc-noteref']"]
    if view == "diplomatic":
        hidden += ["//*[contains(concat(' ', @class, ' '), ' choice ')]/*[@class = 'read']", "//*[@class='read-only']"]
    else:
        hidden.append("//*[contains(concat(' ', @class, ' '), ' dipl ')]")
    for element in doc.xpath(" | ".join(hidden)):
        element.drop_tree()
    for element in doc.iter(*_HTML_BLOCKS):
        element.text = " " + (element.text or "")
        element.tail = " " + (element.tail or "")
    return doc.text_content()


def html_reading_text(page: str) -> str:
    return html_view_text(page, "reading")


_XHTML = {"h": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
          "opf": "http://www.idpf.org/2007/opf"}
_EPUB_BLOCKS = ("p", "div", "li", "br", "aside", "section", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th",
                "blockquote", "dt", "dd")


def epub_text(book: bytes) -> str:
    """The text of an EPUB's content documents in spine order, as a reader sees it: note markers are not part of the
    words beside them, blocks are separated by white space."""
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        opf = etree.fromstring(archive.read("EPUB/package.opf"))
        hrefs = {i.get("id"): i.get("href") for i in opf.xpath("//opf:item", namespaces=_XHTML)}
        documents = [etree.fromstring(archive.read(f"EPUB/{hrefs[ref]}"))
                     for ref in opf.xpath("//opf:itemref/@idref", namespaces=_XHTML)]
    parts = []
    for doc in documents:
        for marker in doc.xpath("//h:a[@epub:type='noteref']", namespaces=_XHTML):
            _drop_keep_tail(marker)
        for el in doc.iter(*(f"{{{_XHTML['h']}}}{name}" for name in _EPUB_BLOCKS)):
            el.tail = " " + (el.tail or "")
            el.text = " " + (el.text or "")
        parts.append("".join(doc.xpath("//h:body//text()", namespaces=_XHTML)))
    return " ".join(parts)


def _drop_keep_tail(el: etree._Element) -> None:
    parent, previous, tail = el.getparent(), el.getprevious(), el.tail or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)
