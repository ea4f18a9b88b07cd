"""teikit export: the HTML reading edition and the plain text, on our sample, the edition and other projects' TEI."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from conftest import FIXTURES, ROOT, SHARED, run_cli
from teikit import export
from teikit.errors import TeikitError
from teikit.export import ExportOptions, export_file, layout_text
from teikit.xmlio import TEI_NS, XML_NS, parse_bytes, parse_file

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


# ---------------------------------------------------------------- the sample edition (ENCODING.md §4), HTML

@pytest.fixture(scope="module")
def sample_html() -> lxml_html.HtmlElement:
    return html_of(SAMPLE)


@pytest.fixture(scope="module")
def sample_tei() -> etree._ElementTree:
    return parse_file(SAMPLE)


def test_html_is_one_self_contained_html5_page(sample_html):
    page = export_file(SAMPLE, ExportOptions(target="html"))
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert not sample_html.xpath("//script | //link | //img | //iframe | //*[@src] | //*[@style]")
    css = " ".join(sample_html.xpath("//style/text()"))
    assert "url(" not in css and "@import" not in css
    assert ".rend-spaced{letter-spacing:0.3em;}" in css  # the header's rendition, as a class


def test_html_title_and_metadata_come_from_the_header(sample_html):
    assert sample_html.findtext(".//title").startswith("The Dictatorship of the Proletariat")
    assert sample_html.xpath("string(//h1)") == sample_html.findtext(".//title")
    about = sample_html.xpath("string(//section[@class='about'])")
    assert "J. V. Stalin" in about
    assert "The Foundations of Leninism (Peking: Foreign Languages Press, 1975 (date uncertain)), pp. 39–52" in about
    assert "Corrections: OCR errors as choice/sic/corr." in about
    licence = sample_html.xpath("//a[@rel='license']")
    assert licence and licence[0].get("href") == "https://creativecommons.org/licenses/by/4.0/"


def test_html_landmarks_and_headings_in_order(sample_html):
    assert sample_html.xpath("count(//header) = 1 and count(//main) = 1 and count(//nav) = 1 and count(//footer) = 1")
    levels = [int(h.tag[1]) for h in sample_html.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_html_contents_list_every_division_heading(sample_html, sample_tei):
    toc = sample_html.xpath("//nav//a")
    heads = sample_tei.xpath("//t:text//t:*[starts-with(local-name(), 'div')]/t:head", namespaces=NS)
    assert len(toc) == len(heads) == 3
    for link in toc:
        assert sample_html.xpath(f"count(//*[@id='{link.get('href')[1:]}'])") == 1
    assert toc[0].text_content() == "IV. The Dictatorship of the Proletariat"


def test_html_page_numbers_are_linkable_anchors(sample_html):
    folios = sample_html.xpath("//span[@class='pb' or @class='pb inword']")
    assert [f.get("id") for f in folios] == ["p39", "p40", "p41", "p42"]
    for folio in folios:
        assert folio.xpath("a/@href") == [f"#{folio.get('id')}"]
    assert sample_html.get_element_by_id("p42").get("class") == "pb inword"  # facili|tates: no bar inside a word


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


def test_html_notes_are_linked_both_ways(sample_html, sample_tei):
    assert check_notes_linked_both_ways(sample_html, sample_tei) == 5


def test_html_tells_authors_notes_from_publishers(sample_html):
    author = sample_html.get_element_by_id("fn45-s")
    assert "author" in author.get("class").split()
    assert author.xpath("string(.//span[@class='note-kind'])") == "Author's note"
    publisher = sample_html.get_element_by_id("fn41-1")
    assert publisher.xpath("string(.//span[@class='note-kind'])") == "Publisher's note"
    assert sample_html.xpath("count(//a[@role='doc-noteref'][contains(@class, 'author')])") == 2


def test_html_footnotes_are_numbered_as_printed_with_their_page(sample_html):
    items = sample_html.xpath("//section[@id='footnotes']//li")
    labels = [(i.xpath("string(span[@class='note-label'])"), i.xpath("string(a[@class='note-page'])")) for i in items]
    assert labels == [("1", "p. 39"), ("1", "p. 41"), ("2", "p. 41"), ("*", "p. 41")]


def test_html_corrections_show_the_reading_with_the_original_on_hover_and_focus(sample_html):
    choices = sample_html.xpath("//span[starts-with(@class, 'choice')]")
    assert len(choices) == 4
    stroke = [c for c in choices if "strcke" in c.text_content()][0]
    read, dipl = stroke.xpath("span[@class='read']")[0], stroke.xpath("span[@class='dipl']")[0]
    assert read.text == "stroke" and read.get("tabindex") == "0"
    assert read.xpath("string(span[@class='tip'])") == "printed: strcke"
    assert dipl.text == "strcke" and dipl.xpath("string(span[@class='tip'])") == "corrected: stroke"
    css = " ".join(sample_html.xpath("//style/text()"))
    assert ".choice>span:hover>.tip,.choice>span:focus>.tip" in css


def test_html_switch_between_reading_and_diplomatic_views(sample_html):
    radios = sample_html.xpath("//fieldset[@class='view-switch']//input[@type='radio']")
    states = [(r.get("value"), r.get("checked") is not None) for r in radios]
    assert states == [("reading", True), ("diplomatic", False)]
    diplomatic = html_of(SAMPLE, view="diplomatic")
    assert diplomatic.xpath("//input[@value='diplomatic']/@checked")


def test_html_quotations_as_encoded_and_citations_linked_to_the_bibliography(sample_html, sample_tei):
    assert len(sample_html.xpath("//blockquote")) == 4
    assert sample_html.xpath("//q[not(@class)]")[0].text.startswith("The fundamental question")
    cites = sample_tei.xpath("//t:text//t:bibl[@corresp]", namespaces=NS)
    links = sample_html.xpath("//cite[@class='bibl']//a[@class='cite-link']")
    assert len(links) == len(cites) == 3
    for link in links:
        assert sample_html.get_element_by_id(link.get("href")[1:]).tag == "li"


def test_html_bibliography_is_complete_and_links_back(sample_html, sample_tei):
    entries = sample_tei.xpath("//t:listBibl/t:bibl/@xml:id", namespaces=NS)
    for entry in entries:
        item = sample_html.get_element_by_id(entry)
        citing = f"//t:text//*[self::t:bibl or self::t:note][@corresp='#{entry}']"
        cited = sample_tei.xpath(f"count({citing})", namespaces=NS)
        backs = item.xpath(".//span[@class='occurrences']/a")
        assert len(backs) == cited
        for a in backs:
            target = sample_html.get_element_by_id(a.get("href")[1:])
            assert target.tag == "cite" or target.get("role") == "doc-footnote"
    prrk = sample_html.get_element_by_id("lenin-prrk")
    assert [a.text_content() for a in prrk.xpath(".//span[@class='occurrences']/a")] == [
        "p. 39 n. 1", "p. 41", "p. 41 n. 1", "p. 41"]


def test_html_names_link_to_a_complete_index(sample_html, sample_tei):
    entries = sample_tei.xpath("//t:standOff//*[self::t:person or self::t:personGrp or self::t:place or self::t:org]"
                               "/@xml:id", namespaces=NS)
    assert len(entries) == 8
    index = sample_html.get_element_by_id("index")
    for entry in entries:
        assert index.xpath(f"count(.//li[@id='{entry}'])") == 1, entry
    names = sample_tei.xpath("//t:text//*[@ref]", namespaces=NS)
    links = sample_html.xpath("//main//a[contains(@class, 'name')]")
    assert len(links) == len(names) == 10
    lenin = sample_html.get_element_by_id("lenin")
    assert [a.text for a in lenin.xpath(".//span[@class='occurrences']/a")] == ["p. 40", "p. 40", "p. 42", "p. 42"]


def test_html_letter_spacing_and_italics_as_encoded(sample_html):
    assert [s.text for s in sample_html.xpath("//span[contains(@class, 'rend-spaced')]")] == ["smashing", "destruction"]
    assert [i.text for i in sample_html.xpath("//i[contains(@class, 'italic')]")] == ["for", "against"]


def test_html_pages_have_unique_ids_working_links_and_ordered_headings():
    for source in (SAMPLE, CORPUS_SAMPLE):
        for notes in ("end", "paragraph"):
            assert not page_problems(export_file(source, ExportOptions(target="html", notes=notes))), (source, notes)


def test_html_is_deterministic():
    assert export_file(SAMPLE, ExportOptions(target="html")) == export_file(SAMPLE, ExportOptions(target="html"))


def test_html_notes_after_paragraph_when_asked():
    page = html_of(SAMPLE, notes="paragraph")
    assert not page.xpath("//section[@id='footnotes']")
    asides = page.xpath("//aside[@class='notes-here']")
    assert [li.get("id") for a in asides for li in a.xpath(".//li")] == ["fn39-1", "fn41-1", "fn41-2", "fn45-s"]


# ---------------------------------------------------------------- the sample edition, plain text

def test_text_reading_view_has_corrections_and_no_markup():
    text = text_of(SAMPLE)
    assert "at one stroke." in flat(text) and "strcke" not in text
    assert "pp. 173 and 189.)" in flat(text) and "l89" not in text
    assert "facilitates" in text
    assert "<" not in text and not [line for line in text.splitlines() if "  " in line.strip()]
    assert "[p." not in text and "IV. The Dictatorship of the Proletariat\n=======" in text


def test_text_diplomatic_view_is_as_printed():
    text = flat(text_of(SAMPLE, view="diplomatic"))
    assert "at one strcke." in text and "stroke" not in text
    assert "super-revolution ary" in text
    assert "[IV. The Dictatorship of the Proletariat]" in text  # supplied heading in brackets


def test_text_lines_fit_the_width():
    for width in (72, 40):
        for line in text_of(SAMPLE, width=width).splitlines():
            assert len(line) <= width or " " not in line.strip(), line


def test_text_notes_follow_their_paragraph_or_the_end():
    by_paragraph = text_of(SAMPLE)
    para = by_paragraph.index("(See Vol. XXIII, p. 355) [1]")
    assert by_paragraph.index("[1] Ibid.") > para
    assert by_paragraph.index("[1] Ibid.") < by_paragraph.index("The proletarian revolution is impossible")
    at_end = text_of(SAMPLE, notes="end")
    assert at_end.index("[1] (p. 41) Ibid.") > at_end.index("Footnotes\n=========")
    assert at_end.count("[*] (p. 41) My italics.") == 1 and by_paragraph.count("[*] My italics.") == 1


def test_text_page_markers_only_on_request():
    text = text_of(SAMPLE, pages=True)
    assert [int(n) for n in re.findall(r"\[p\.\u00a0(\d+)\]", text)] == [39, 40, 41, 42]
    assert "facili[p.\u00a042]tates" in text


def test_text_keeps_every_word_of_the_sample_in_both_views():
    tree = parse_file(SAMPLE)
    for view in ("reading", "diplomatic"):
        assert not missing_words(expected_words(tree, view), text_of(SAMPLE, view=view)), view
    page = export.export_tree(tree, ExportOptions(target="html"))
    assert not missing_words(expected_words(tree), html_reading_text(page))


def test_layout_text_collapses_spaces_and_wraps():
    raw = "\ufdd0  one\n  two \u00a0 three\ufdd1\ufdd0\ufdd2" + "word " * 30 + "\ufdd0\ufdd0"
    out = layout_text(raw, 30)
    assert out.startswith("one two three\n\n    word word")
    assert all(len(line) <= 30 for line in out.splitlines())
    assert out.endswith("word\n")
    ellipsis = layout_text("\ufdd0" + "x" * 20 + " labour . . .).", 25)
    assert ellipsis == "x" * 20 + "\nlabour . . .).\n"


# ---------------------------------------------------------------- other projects' TEI (hand-made corpus)

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
    tree = parse_file(CORPUS_SAMPLE)
    for view in ("reading", "diplomatic"):
        assert not missing_words(expected_words(tree, view), text_of(CORPUS_SAMPLE, view=view)), view
    page = export.export_tree(tree, ExportOptions(target="html"))
    assert not missing_words(expected_words(tree), html_reading_text(page))


def _corpus_files() -> list:
    files = sorted((SHARED / "corpora").glob("*/*.xml"))
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{SHARED / 'corpora'} is absent: set TEIKIT_SHARED"))]
    return [pytest.param(f, id=f"{f.parent.name}/{f.name}") for f in files]


@pytest.mark.slow
@pytest.mark.corpora
@pytest.mark.parametrize("path", _corpus_files())
def test_corpus_file_exports_without_losing_a_word(path):
    """Each corpus file is parsed once and exported once per format; every word of its texts (reading view) is in
    the plain text, counted as a multiset."""
    tree = parse_file(path)
    page = export.export_tree(tree, ExportOptions(target="html"), str(path))
    assert page.startswith("<!DOCTYPE html>") and "<main" in page
    assert not page_problems(page)
    text = export.export_tree(tree, ExportOptions(target="text"), str(path))
    expected = expected_words(tree)
    assert expected, "no words found in the text"
    missing = missing_words(expected, text)
    assert not missing, f"{sum(missing.values())} of {len(expected)} words missing, e.g. {missing.most_common(8)}"
    lines = text.splitlines()
    assert all(len(line) <= 72 or " " not in line.strip() for line in lines)
    assert not [line for line in lines if "  " in line.strip()] and "\ufdd0" not in text
    # The HTML too: a word it lacks must at least be part of one of its words. Where the source has no white space
    # around a page break or a note inside a word ("tāmā<pb/>trasāmyād"), the page shows one word where this
    # test's word count (which takes pb and note as word ends) sees two.
    html_missing = missing_words(expected, html_reading_text(page))
    vocabulary = set(words(html_reading_text(page)))
    lost = sorted(w for w in html_missing if not any(w in v for v in vocabulary))
    assert not lost, f"{len(lost)} words missing from the HTML, e.g. {lost[:8]}"


# ---------------------------------------------------------------- the edition (once the converter has landed)

@pytest.fixture(scope="module")
def edition() -> etree._ElementTree:
    if not EDITION.exists():
        pytest.skip(f"{EDITION.relative_to(ROOT)} is not built yet (the converter lands it on main)")
    return parse_file(EDITION)


@pytest.fixture(scope="module")
def edition_html(edition) -> lxml_html.HtmlElement:
    return html_of(EDITION)


def test_edition_page_anchors_39_to_52(edition_html):
    ids = [f.get("id") for f in edition_html.xpath("//span[starts-with(@class, 'pb')]")]
    assert ids == [f"p{n}" for n in range(39, 53)]


def test_edition_all_14_notes_reachable_and_linked_back(edition_html, edition):
    footnotes = edition.xpath("//t:text//t:note[@place='foot']", namespaces=NS)
    assert len(footnotes) == 14
    assert check_notes_linked_both_ways(edition_html, edition) >= 14


def test_edition_corrections_in_both_views(edition, edition_html):
    corrections = edition.xpath("//t:text//t:choice[t:sic and t:corr]", namespaces=NS)
    assert len(corrections) >= 15
    assert len(edition_html.xpath("//span[starts-with(@class, 'choice correction')]")) == len(corrections)
    reading, diplomatic = text_of(EDITION), text_of(EDITION, view="diplomatic")
    for choice in corrections:
        sic = "".join(choice.find(T + "sic").itertext())
        corr = "".join(choice.find(T + "corr").itertext())
        if re.fullmatch(r"\w[\w-]*\w", sic):  # a whole word: findable as such
            assert sic not in words(reading) and sic in diplomatic, sic
            assert corr in reading, corr


def test_edition_bibliography_and_index_complete(edition, edition_html):
    for entry in edition.xpath("//t:listBibl/t:bibl/@xml:id", namespaces=NS):
        assert edition_html.xpath(f"count(//li[@id='{entry}'])") == 1, entry
    for entry in edition.xpath("//*[self::t:person or self::t:personGrp or self::t:place or self::t:org]/@xml:id",
                               namespaces=NS):
        assert edition_html.xpath(f"count(//li[@id='{entry}'])") == 1, entry
    for cite in edition_html.xpath("//a[@class='cite-link'] | //main//a[contains(@class, 'name')]"):
        assert edition_html.xpath(f"count(//*[@id='{cite.get('href')[1:]}'])") == 1, cite.get("href")


def test_edition_text_is_clean_plain_text(edition):
    for view in ("reading", "diplomatic"):
        text = text_of(EDITION, view=view)
        lines = text.splitlines()
        assert all(len(line) <= 72 or " " not in line.strip() for line in lines)
        assert not [line for line in lines if "  " in line.strip()]
        assert "<" not in text and "\ufdd0" not in text and "\ufdd1" not in text
        assert text.count("=======") >= 2 and "----------" in text  # headings set off


def test_edition_page_has_unique_ids_working_links_and_ordered_headings(edition):
    for notes in ("end", "paragraph"):
        assert not page_problems(export_file(EDITION, ExportOptions(target="html", notes=notes)))


def test_edition_keeps_every_word(edition):
    for view in ("reading", "diplomatic"):
        assert not missing_words(expected_words(edition, view), text_of(EDITION, view=view)), view
    page = export_file(EDITION, ExportOptions(target="html"))
    assert not missing_words(expected_words(edition), html_reading_text(page))


# ---------------------------------------------------------------- the library and the command line

def test_each_stylesheet_is_compiled_once_per_process():
    assert export.stylesheet("html") is export.stylesheet("html")
    assert export.stylesheet("text") is export.stylesheet("text")


def test_unknown_target_and_bad_width_are_clear_errors():
    with pytest.raises(TeikitError, match="unknown export target"):
        export.stylesheet("pdf")
    with pytest.raises(TeikitError, match="unknown notes placement"):
        export_file(SAMPLE, ExportOptions(target="text", notes="margin"))
    with pytest.raises(TeikitError, match="too narrow"):
        export_file(SAMPLE, ExportOptions(target="text", width=5))


def test_cli_one_file_to_stdout_and_to_a_file(tmp_path):
    result = run_cli("export", str(SAMPLE), "--to", "text", "--width", "60")
    assert result.returncode == 0, result.stderr
    assert "at one stroke." in result.stdout and max(map(len, result.stdout.splitlines())) <= 60
    out = tmp_path / "chapter.html"
    result = run_cli("export", str(SAMPLE), "--to", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_several_files_go_to_a_folder(tmp_path):
    out = tmp_path / "out"
    result = run_cli("export", str(SAMPLE), str(CORPUS_SAMPLE), "--to", "text", "--diplomatic", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["other-projects-corpus.txt", "sample-edition.txt"]
    assert "strcke" in (tmp_path / "out" / "sample-edition.txt").read_text(encoding="utf-8")
    result = run_cli("export", str(SAMPLE), str(CORPUS_SAMPLE), "--to", "text")
    assert result.returncode == 2 and "several files need -o FOLDER" in result.stderr
    folder = tmp_path / "from-folder"
    result = run_cli("export", str(FIXTURES / "export"), "--to", "html", "-o", str(folder))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["other-projects-corpus.html", "sample-edition.html"]
    listed = tmp_path / "from-stdin"
    result = run_cli("export", "-", "--to", "text", "-o", str(listed), stdin=f"{SAMPLE}\n")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in listed.iterdir()] == ["sample-edition.txt"]


def test_cli_corpus_in_parallel_goes_on_past_a_broken_file_and_ends_with_a_summary(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a", "b", "c"):
        (corpus / f"{name}.xml").write_bytes(SAMPLE.read_bytes())
    (corpus / "broken.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'>\n<text>", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("export", str(corpus), "--to", "text", "-o", str(out), "--jobs", "2")
    assert result.returncode == 2
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt", "c.txt"]
    errors, summary = result.stderr.splitlines()
    assert errors.startswith(f"teikit: error: {corpus / 'broken.xml'}:2:7: not well-formed XML")
    assert re.fullmatch(r"4 files exported to text in \d+\.\d\d s: 3 written, 1 failed", summary)
    one_job = tmp_path / "one-job"
    assert run_cli("export", str(corpus / "a.xml"), str(corpus / "b.xml"), "--to", "text", "-o", str(one_job),
                   "-j", "1").returncode == 0
    assert (one_job / "a.txt").read_bytes() == (out / "a.txt").read_bytes()


def test_cli_shards_export_disjoint_parts_of_a_corpus(tmp_path):
    written = []
    for shard in ("1/2", "2/2"):
        out = tmp_path / shard.replace("/", "-of-")
        result = run_cli("export", str(FIXTURES / "export"), "--to", "html", "-o", str(out), "--shard", shard)
        assert result.returncode == 0, result.stderr
        written.append({p.name for p in out.iterdir()})
    assert written[0] | written[1] == {"other-projects-corpus.html", "sample-edition.html"}
    assert not written[0] & written[1]


def test_cli_refuses_to_replace_a_file_by_a_shorter_one_unless_forced(tmp_path):
    out = tmp_path / "chapter.txt"
    out.write_text("x" * 100_000, encoding="utf-8")
    result = run_cli("export", str(SAMPLE), "--to", "text", "-o", str(out))
    assert result.returncode == 2 and "--force" in result.stderr and out.stat().st_size == 100_000
    result = run_cli("export", str(SAMPLE), "--to", "text", "-o", str(out), "--force")
    assert result.returncode == 0 and "stroke" in out.read_text(encoding="utf-8")


def test_cli_bad_input_is_one_line_with_the_place(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>\n<p>open</text></TEI>", encoding="utf-8")
    result = run_cli("export", str(bad), "--to", "html")
    assert result.returncode == 2
    assert re.fullmatch(rf"teikit: error: {re.escape(str(bad))}:2:\d+: not well-formed XML: .*\n", result.stderr)
    html = tmp_path / "page.xml"
    html.write_text('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
                    encoding="utf-8")
    result = run_cli("export", str(html), "--to", "text")
    assert result.returncode == 2
    assert result.stderr.startswith(f"teikit: error: {html}:2:1: not a TEI document: the root element is ")
    result = run_cli("export", str(tmp_path / "absent.xml"), "--to", "text")
    assert result.returncode == 2 and "no such file" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- in a browser (headless Chromium)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.mark.slow
@pytest.mark.browser
def test_browser_follows_a_footnote_and_back_and_switches_views(tmp_path):
    """Opens the HTML in Debian's Chromium (driven by Playwright, never its own browser download): a footnote link
    and its way back, the reading/diplomatic switch by keyboard, a correction's original on focus, no console error,
    no network request; saves a screenshot under build/ for review."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: apt-get install chromium (.ci/run does) to run the browser test")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
    source = EDITION if EDITION.exists() else SAMPLE
    page_file = tmp_path / "edition.html"
    page_file.write_text(export_file(source, ExportOptions(target="html")), encoding="utf-8")
    shot = ROOT / "build" / f"{source.stem}.png"
    shot.parent.mkdir(exist_ok=True)
    problems: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("file:") else None)
            page.goto(page_file.as_uri())

            # A footnote marker leads to its note, and the note's back link to the marker.
            marker = page.locator("a[role='doc-noteref']").first
            note_id = marker.get_attribute("href")[1:]
            marker.click()
            assert page.evaluate("location.hash") == f"#{note_id}"
            assert page.locator(f"[id='{note_id}']").evaluate("e => e.matches(':target')")
            page.locator(f"[id='{note_id}'] a[role='doc-backlink']").first.click()
            assert page.evaluate("location.hash") == f"#{marker.get_attribute('id')}"

            # The reading view shows the correction; its original appears on focus (keyboard) too.
            correction = page.locator(".choice.correction > .read").first
            corrected = correction.evaluate("e => e.firstChild.textContent")
            printed = page.locator(".choice.correction > .dipl").first.evaluate("e => e.firstChild.textContent")
            assert correction.is_visible() and not page.locator(".choice.correction > .dipl").first.is_visible()
            tip = correction.locator(".tip")
            assert not tip.is_visible()
            correction.hover()
            assert tip.is_visible()
            page.mouse.move(0, 0)
            assert not tip.is_visible()
            correction.focus()
            assert tip.is_visible() and tip.inner_text().endswith(printed.strip())
            page.screenshot(path=str(shot), full_page=False)

            # The switch, by keyboard: arrow keys move between the two radio buttons.
            page.locator("#view-reading").focus()
            page.keyboard.press("ArrowRight")
            assert page.locator("#view-diplomatic").is_checked()
            assert page.locator(".choice.correction > .dipl").first.is_visible()
            assert not correction.is_visible()
            text = page.locator("main").inner_text()
            assert printed in text
            page.keyboard.press("ArrowLeft")
            assert page.locator("#view-reading").is_checked() and correction.is_visible()
            assert corrected in page.locator("main").inner_text()
        finally:
            browser.close()
    assert not problems, problems
    assert not requests, f"the page loaded from the network: {requests}"
    assert shot.stat().st_size > 10_000
