"""Other projects' TEI: a hand-made corpus of structures we do not use, and the real corpora in ../shared."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from conftest import SHARED
from teikit import export
from teikit.export import ExportOptions
from teikit.xmlio import parse_bytes, parse_file

from .helpers import (
    CORPUS_SAMPLE,
    check_every_word_kept,
    epub_of_file,
    epub_text,
    expected_words,
    flat,
    html_of,
    html_view_text,
    missing_words,
    note_labels,
    page_problems,
    plain_text_words,
    text_of,
)


def test_other_projects_structures_render_in_both_formats():
    page = html_of(CORPUS_SAMPLE)
    assert len(page.xpath("//article[@class='member']")) == 2
    assert page.xpath("count(//div[@class='lg']/div[@class='l'])") == 3
    assert page.xpath("string(//div[@class='sp'][1]/div[@class='speaker'])") == "Hamlet"
    assert page.xpath("count(//table//tr)") == 2 and page.xpath("string(//th[1])") == "Thing"
    assert page.xpath("count(//figure)") == 1 and not page.xpath("//img")
    app = page.xpath("//span[@class='app']")[0]
    assert app.text == "bathed" and "bathud #B" in app.text_content()
    assert page.xpath("string(//del[@class='dipl'])") == "sentences"
    text = text_of(CORPUS_SAMPLE)
    assert "Whan that April" in text and "The drought of Marche" in text and "sentences" not in text
    assert "    And bathed every veyne in swich licour" in text
    assert "Thing | Cost" in text and "alpha the first letter" in text and "[…]" in text
    assert "an unknownword inside." in flat(text)  # an unknown element keeps its text
    dipl = text_of(CORPUS_SAMPLE, view="diplomatic")
    assert "Whan that Aprille" in dipl and "The droghte" in dipl and "teh" in dipl and "matter[?]" in dipl


def test_break_inside_a_word_ignores_the_white_space_around_it():
    tree = parse_bytes(
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>one pra\n   <lb break="no"/>\n  siddha two'
        b'<lb break="no"/>three\n<pb n="2" break="no"/>  four <lb/> five</p></body></text></TEI>', "breaks.xml")
    text = export.export_tree(tree, ExportOptions(target="text"))
    assert text.endswith("one prasiddha twothreefour five\n")
    page = lxml_html.fromstring(export.export_tree(tree, ExportOptions(target="html")).encode())
    assert page.xpath("string(//main//p)").startswith("one pra") and "siddha two" in page.xpath("string(//main//p)")
    assert "pra\n" not in page.xpath("string(//main//p)") and "three\n" not in page.xpath("string(//main//p)")
    assert expected_words(tree) == ["one", "prasiddha", "twothreefour", "five"]


def test_other_projects_sample_keeps_every_word():
    check_every_word_kept(CORPUS_SAMPLE, parse_file(CORPUS_SAMPLE))


def _corpus_files() -> list:
    files = sorted((SHARED / "corpora").glob("*/*.xml"))
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{SHARED / 'corpora'} is absent: set TEIKIT_SHARED"))]
    return [pytest.param(f, id=f"{f.parent.name}/{f.name}") for f in files]


@pytest.mark.slow
@pytest.mark.corpora
@pytest.mark.parametrize("path", _corpus_files())
def test_corpus_file_exports_without_losing_a_word(path):
    """Each corpus file is parsed once and exported to each format; every word of its texts is in the plain text,
    in the page as a reader sees it and in the EPUB, in both views, counted as a multiset."""
    tree = parse_file(path)
    page = export.export_tree(tree, ExportOptions(target="html"), str(path))
    assert page.startswith("<!DOCTYPE html>") and "<main" in page
    assert not page_problems(page)
    lines = export.export_tree(tree, ExportOptions(target="text"), str(path)).splitlines()
    assert all(len(line) <= 72 or " " not in line.strip() for line in lines)
    assert not [line for line in lines if "  " in line.strip()] and "\ufdd0" not in "".join(lines)
    for view in ("reading", "diplomatic"):
        expected = expected_words(tree, view)
        assert expected, "no words found in the text"
        text = export.export_tree(tree, ExportOptions(target="text", view=view), str(path))
        labels = note_labels(tree)
        missing = missing_words(expected_words(tree, view, labels=labels), plain_text_words(text, labels))
        assert not missing, f"{view}: {sum(missing.values())} of {len(expected)} words missing from the text, " \
            f"e.g. {missing.most_common(8)}"
        missing = missing_words(expected, html_view_text(page, view))
        assert not missing, f"{view}: {sum(missing.values())} of {len(expected)} words missing from the page, " \
            f"e.g. {missing.most_common(8)}"
        book = plain_text_words(epub_text(epub_of_file(path, view)), labels)
        missing = missing_words(expected_words(tree, view, labels=labels), book)
        assert not missing, f"{view}: {sum(missing.values())} of {len(expected)} words missing from the EPUB, " \
            f"e.g. {missing.most_common(8)}"
