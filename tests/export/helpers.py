"""What the export tests share: the sample documents, export shortcuts, and the oracles a test checks an export
against (the words a text must keep, what a reader of the page sees, what makes a page hard to use)."""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from conftest import FIXTURES, ROOT
from teikit.export import ExportOptions, export_file
from teikit.xmlio import TEI_NS, XML_NS

from .words import (
    epub_text,
    expected_words,
    html_reading_text,
    html_view_text,
    missing_words,
    note_labels,
    plain_text_words,
    words,
)

__all__ = ["epub_text", "expected_words", "html_reading_text", "html_view_text", "missing_words", "plain_text_words",
           "words"]

SAMPLE = FIXTURES / "export" / "sample-edition.xml"
CORPUS_SAMPLE = FIXTURES / "export" / "other-projects-corpus.xml"
EDITION = ROOT / "tei" / "foundations-of-leninism-ch4.xml"
T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
NS = {"t": TEI_NS}


def html_of(path: Path, **options) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(export_file(path, ExportOptions(target="html", **options)).encode("utf-8"))


@functools.cache
def epub_of_file(path: Path, view: str = "reading") -> bytes:
    """A document's EPUB in `view`, made once per test session: epubcheck's run and the word tests check the same
    book."""
    return export_file(path, ExportOptions(target="epub", view=view))


def text_of(path: Path, **options) -> str:
    return export_file(path, ExportOptions(target="text", **options))


def flat(text: str) -> str:
    """The text with every run of white space (line ends included) as one space."""
    return " ".join(text.split())


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


def check_notes_linked_both_ways(page: lxml_html.HtmlElement, tei: etree._ElementTree) -> int:
    """Every collected note is in the notes list; each anchored note is reached from its marker(s) and links back
    to them; a note without anchor (orphan) links back to its page. Returns the number of notes checked."""
    notes = tei.xpath("//t:text//t:note[not(ancestor::t:note)]", namespaces=NS)
    for note in notes:
        note_id = note.get(XML_ID)
        item = page.get_element_by_id(note_id)
        assert item.get("role") == ("note" if note.get("place") == "end" else "doc-footnote")
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
    """Every word of the document's texts is in its plain text, in what a reader of its HTML page sees and in its
    EPUB, in both views, counted as multisets."""
    page = export_file(path, ExportOptions(target="html"))
    labels = note_labels(tree)
    for view in ("reading", "diplomatic"):
        expected = expected_words(tree, view, labels=labels)
        assert not missing_words(expected, plain_text_words(text_of(path, view=view), labels)), f"{view} text"
        assert not missing_words(expected_words(tree, view), html_view_text(page, view)), f"{view} page"
        assert not missing_words(expected, plain_text_words(epub_text(epub_of_file(path, view)), labels)), \
            f"{view} EPUB"
