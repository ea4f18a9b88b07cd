"""What the export tests share: the sample documents, export shortcuts, and the oracles a test checks an export
against (the words a text must keep, what a reader of the page sees, what makes a page hard to use)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from conftest import FIXTURES, ROOT
from teikit.export import ExportOptions, export_file
from teikit.xmlio import TEI_NS, XML_NS

SAMPLE = FIXTURES / "export" / "sample-edition.xml"
CORPUS_SAMPLE = FIXTURES / "export" / "other-projects-corpus.xml"
EDITION = ROOT / "tei" / "foundations-of-leninism-ch4.xml"
T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
NS = {"t": TEI_NS}


def html_of(path: Path, **options) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(export_file(path, ExportOptions(target="html", **options)).encode("utf-8"))


def text_of(path: Path, **options) -> str:
    return export_file(path, ExportOptions(target="text", **options))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def flat(text: str) -> str:
    """The text with every run of white space (line ends included) as one space."""
    return " ".join(text.split())


# ---------------------------------------------------------------- the words a text export must contain

# Elements that end a word: blocks and breaks (TEI's notion; kept here independently of the stylesheets, so that a
# stylesheet that glues two blocks into one word is caught).
_BOUNDARY = {
    "p", "ab", "head", "l", "lg", "sp", "speaker", "stage", "list", "item", "table", "row", "cell", "figure",
    "figDesc", "note", "div", "div1", "div2", "div3", "div4", "div5", "div6", "div7", "front", "body", "back", "group",
    "text", "trailer", "closer", "opener", "dateline", "salute", "signed", "byline", "epigraph", "argument",
    "postscript", "docTitle", "titlePart", "docAuthor", "docImprint", "docDate", "titlePage", "castList", "castGroup",
    "castItem", "floatingText", "bibl", "quote", "lb", "pb", "cb", "milestone", "caesura", "space", "listBibl",
    "listPerson", "person", "place", "org", "cit",
}


def expected_words(tree: etree._ElementTree, view: str = "reading") -> list[str]:
    """The words of every text of a TEI document, under the same view policy as the exporters: the header, fw and
    stand-off data are not text; the reading view hides sic/orig/abbr where choice offers a correction, and del;
    the diplomatic view hides corr/reg/expan there; an apparatus shows its lemma (or first reading)."""
    parts: list[str] = []
    glue = [False]  # after a break inside a word: the next text loses its leading white space

    def add(text: str) -> None:
        if glue[0]:
            text = text.lstrip()
            glue[0] = not text
        parts.append(text)

    def walk(el: etree._Element) -> None:
        if not isinstance(el.tag, str):  # comments, processing instructions
            if el.tail:
                add(el.tail)
            return
        qname = etree.QName(el)
        name = qname.localname if qname.namespace == TEI_NS else None
        skip = name in ("teiHeader", "fw", "standOff", "facsimile", "sourceDoc") or (
            name == "del" and view == "reading"
        )
        # A line broken inside a word is still a line in the diplomatic view.
        in_word = el.get("break") == "no" and name in ("lb", "pb", "cb") and not (name == "lb" and view == "diplomatic")
        boundary = name in _BOUNDARY and not in_word
        if in_word:  # the white space around a break inside a word is not text
            while parts and not parts[-1].strip():
                parts.pop()
            if parts:
                parts[-1] = parts[-1].rstrip()
            glue[0] = True
        if boundary:
            add(" ")
        if not skip:
            if el.text:
                add(el.text)
            children = list(el)
            if name == "choice":
                children = [_chosen(el, view)] if _chosen(el, view) is not None else []
            elif name == "app":
                lemma = next(iter(el.xpath("(t:lem | t:rdg | t:rdgGrp/t:rdg)[1]", namespaces=NS)), None)
                children = [lemma] if lemma is not None else []
            for child in children:
                walk(child)
        if boundary:
            add(" ")
        if el.tail and el.getparent() is not None and etree.QName(el.getparent()).localname not in ("choice", "app"):
            add(el.tail)

    root = tree.getroot()
    texts = root.xpath("//t:text[not(ancestor::t:text)]", namespaces=NS)
    for text in texts:
        walk(text)
        parts.append(" ")
    return words("".join(parts))


def _chosen(choice: etree._Element, view: str) -> etree._Element | None:
    reading = choice.xpath("(t:corr | t:reg | t:expan | t:seg | t:choice)[1]", namespaces=NS)
    original = choice.xpath("(t:sic | t:orig | t:abbr)[1]", namespaces=NS)
    if reading and original:
        return original[0] if view == "diplomatic" else reading[0]
    elements = [c for c in choice if isinstance(c.tag, str)]
    return elements[0] if elements else None


_HTML_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "td", "th", "tr", "br",
                "blockquote", "figure", "figcaption", "caption", "dt", "dd", "ol", "ul", "aside")


def html_reading_text(page: str) -> str:
    """What a reader of the HTML sees in the reading view, as text: without the header, contents, styles,
    tooltips, diplomatic-only spans, folios and note markers; blocks separated by spaces as a browser shows them."""
    doc = lxml_html.fromstring(page.encode("utf-8"))
    hidden = ("//style | //header | //nav | //section[@class='about'] | //span[@class='tip'] | //a[@class='folio']"
              " | //*[contains(concat(' ', @class, ' '), ' dipl ')] | //a[@role='doc-noteref']")
    for element in doc.xpath(hidden):
        element.drop_tree()
    for element in doc.iter(*_HTML_BLOCKS):
        element.text = " " + (element.text or "")
        element.tail = " " + (element.tail or "")
    return doc.text_content()


def page_problems(page: str) -> list[str]:
    """What would make a page hard to use: duplicate ids, links to nothing, links in links, skipped heading levels."""
    doc = lxml_html.fromstring(page.encode("utf-8"))
    ids = Counter(doc.xpath("//@id"))
    problems = [f"id {i} used {n} times" for i, n in ids.items() if n > 1]
    problems += [f"link to nothing: {h}" for h in doc.xpath("//a/@href[starts-with(., '#')]") if h[1:] not in ids]
    problems += [f"link inside a link: {a.get('href')}" for a in doc.xpath("//a//a")]
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    problems += [f"heading h{a} followed by h{b}" for a, b in zip(levels, levels[1:], strict=False) if b - a > 1]
    return problems


def missing_words(expected: list[str], got: str) -> Counter:
    """Words (with counts) the export lacks: the multiset difference expected - got."""
    return Counter(expected) - Counter(words(got))


def check_notes_linked_both_ways(page: lxml_html.HtmlElement, tei: etree._ElementTree) -> int:
    """Every collected note is in the notes list; each anchored note is reached from its marker(s) and links back
    to them; a note without anchor (orphan) links back to its page. Returns the number of notes checked."""
    notes = tei.xpath("//t:text//t:note[not(ancestor::t:note)]", namespaces=NS)
    for note in notes:
        note_id = note.get(XML_ID)
        item = page.get_element_by_id(note_id)
        assert item.get("role") in ("doc-footnote", "doc-endnote")
        markers = page.xpath(f"//a[@role='doc-noteref'][@href='#{note_id}']")
        back = [a.get("href")[1:] for a in item.xpath(".//a[@role='doc-backlink']")]
        if note.get("anchored") == "false":
            assert not markers and back and back[0].startswith("p"), note_id
            continue
        pointers = tei.xpath(f"//t:ptr[@target='#{note_id}']", namespaces=NS)
        expected = len(note.get("target", "").split()) or len(pointers) or 1
        assert len(markers) == expected, note_id
        assert sorted(back) == sorted(m.get("id") for m in markers), note_id
        label = note.get("n")
        assert all(m.text_content() == label for m in markers)
        assert item.xpath("string(.//span[@class='note-label'])") == label
    return len(notes)


def check_every_word_kept(path: Path, tree: etree._ElementTree) -> None:
    """Every word of the document's texts is in its plain text, in both views, and in what a reader of its HTML page
    sees (reading view), counted as multisets."""
    for view in ("reading", "diplomatic"):
        assert not missing_words(expected_words(tree, view), text_of(path, view=view)), view
    page = export_file(path, ExportOptions(target="html"))
    assert not missing_words(expected_words(tree), html_reading_text(page))
