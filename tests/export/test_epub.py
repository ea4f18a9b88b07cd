"""EPUB 3: its structure (chapters, navigation, footnotes, page list, metadata), every word kept in both views, the
same bytes for the same SOURCE_DATE_EPOCH, and epubcheck's verdict (tests/export/epubcheck.py)."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from teikit import export
from teikit.export import ExportOptions
from teikit.xmlio import parse_file

from .epubcheck import BROKEN_BOOK, epubcheck_books_to_check
from .helpers import (
    CORPUS_SAMPLE,
    EDITION,
    SAMPLE,
    epub_text,
    expected_words,
    missing_words,
    note_labels,
    plain_text_words,
)

XHTML = {"h": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


def epub_of(path, **options) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(export.export_file(path, ExportOptions(target="epub", **options))))


def xml(book: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(book.read(name))


def test_epub_zip_starts_with_the_stored_mimetype_and_is_reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = export.export_file(SAMPLE, ExportOptions(target="epub"))
    second = export.export_file(SAMPLE, ExportOptions(target="epub"))
    assert first == second
    book = zipfile.ZipFile(io.BytesIO(first))
    info = book.infolist()[0]
    assert info.filename == "mimetype" and info.compress_type == zipfile.ZIP_STORED
    assert book.read("mimetype") == b"application/epub+zip" and first[30:38] == b"mimetype"
    assert all(i.date_time == (2023, 11, 14, 22, 13, 20) for i in book.infolist())
    modified = xml(book, "EPUB/package.opf").xpath("string(//opf:meta[@property='dcterms:modified'])", namespaces=OPF)
    assert modified == "2023-11-14T22:13:20Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")
    assert export.export_file(SAMPLE, ExportOptions(target="epub")) != first


def test_epub_metadata_from_the_header_with_accessibility(edition):
    book = epub_of(EDITION)
    opf = xml(book, "EPUB/package.opf")
    meta = {name: opf.xpath(f"string(//dc:{name})", namespaces=OPF) for name in ("title", "creator", "language",
                                                                                 "rights", "identifier", "source")}
    assert meta["title"].startswith("The Dictatorship of the Proletariat") and meta["creator"] == "J. V. Stalin"
    assert meta["language"] == "en" and "creativecommons.org/licenses/by/4.0" in meta["rights"]
    assert meta["identifier"] and "Foreign Languages Press" in meta["source"]
    properties = opf.xpath("//opf:meta/@property", namespaces=OPF)
    for prop in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
                 "schema:accessibilityHazard", "schema:accessibilitySummary", "dcterms:conformsTo"):
        assert prop in properties, prop
    features = opf.xpath("//opf:meta[@property='schema:accessibilityFeature']/text()", namespaces=OPF)
    assert {"tableOfContents", "pageNavigation", "structuralNavigation"} <= set(features)


def test_epub_one_chapter_per_top_level_division_with_navigation(edition):
    book = epub_of(EDITION)
    divisions = edition.xpath("//t:text/*[self::t:front or self::t:body or self::t:back]/t:div",
                              namespaces={"t": "http://www.tei-c.org/ns/1.0"})
    chapters = [n for n in book.namelist() if n.startswith("EPUB/chapter-")]
    assert len(chapters) == len(divisions) == 2
    nav = xml(book, "EPUB/nav.xhtml")
    toc = nav.xpath("//h:nav[@epub:type='toc']//h:a/text()", namespaces=XHTML)
    assert "IV. The Dictatorship of the Proletariat" in toc
    assert any(t.startswith("1) The dictatorship of the proletariat as the instrument") for t in toc)
    pages = nav.xpath("//h:nav[@epub:type='page-list']//h:a", namespaces=XHTML)
    assert [a.text for a in pages] == [str(n) for n in range(39, 53)]
    for a in pages:  # every page link reaches its page break
        name, fragment = a.get("href").split("#")
        assert xml(book, f"EPUB/{name}").xpath(f"//*[@id='{fragment}']/@epub:type", namespaces=XHTML) == ["pagebreak"]


def test_epub_footnotes_are_epub_footnotes_linked_both_ways(edition):
    book = epub_of(EDITION)
    chapter = xml(book, "EPUB/chapter-1.xhtml")
    notes = chapter.xpath("//h:aside[@epub:type='footnote']", namespaces=XHTML)
    assert len(notes) == 14
    for note in notes:
        back = note.xpath(".//h:a[@role='doc-backlink']/@href", namespaces=XHTML)
        assert back, note.get("id")
        for href in back:
            assert chapter.xpath(f"count(//*[@id='{href[1:]}'])") == 1 or href.startswith("#p")
    markers = chapter.xpath("//h:a[@epub:type='noteref']", namespaces=XHTML)
    assert markers and all(chapter.xpath(f"count(//h:aside[@id='{m.get('href')[1:]}'])", namespaces=XHTML) == 1
                           for m in markers)


@pytest.mark.parametrize("path", [SAMPLE, CORPUS_SAMPLE, EDITION], ids=lambda p: p.name)
@pytest.mark.parametrize("view", ["reading", "diplomatic"])
def test_epub_keeps_every_word(path, view):
    if not path.exists():
        pytest.skip(f"{path} is not built")
    tree = parse_file(path)
    labels = note_labels(tree)
    text = plain_text_words(epub_text(export.export_file(path, ExportOptions(target="epub", view=view))), labels)
    assert not missing_words(expected_words(tree, view, labels=labels), text)


def _books() -> list:
    """The edition and every file of the shared corpora, all checked in one JVM by the session fixture."""
    return [pytest.param(f, id=f"{f.parent.name}/{f.stem}") for f in epubcheck_books_to_check()]


@pytest.mark.slow
@pytest.mark.epubcheck
@pytest.mark.parametrize("path", _books())
def test_epubcheck_finds_nothing(path, epubcheck_books):
    verdict = epubcheck_books[path]
    assert verdict.clean, verdict.messages[:10]


@pytest.mark.slow
@pytest.mark.epubcheck
def test_epubcheck_rejects_a_book_without_its_navigation_document(epubcheck_books):
    """The batch run reports each book's own verdict: the sample without the nav.xhtml its package names fails."""
    (verdict,) = [v for book, v in epubcheck_books.items() if book.name == BROKEN_BOOK]
    assert not verdict.clean and any("nav.xhtml" in m for m in verdict.messages), verdict.messages
