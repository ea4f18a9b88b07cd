"""The HTML reading edition of the sample: one self-contained page, its metadata, structure, notes, corrections,
views, citations and index."""

from __future__ import annotations

from teikit.export import ExportOptions, export_file

from .helpers import CORPUS_SAMPLE, NS, SAMPLE, check_notes_linked_both_ways, html_of, page_problems


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
    about = sample_html.xpath("string(//details[@class='about'])")
    assert "J. V. Stalin" in about
    assert "The Foundations of Leninism (Peking: Foreign Languages Press, 1975; date uncertain), pp. 39–52" in about
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
    # A second place on the same page is a numbered "+" beside the first, never "p. 40, p. 40" (issue 15).
    backs = lenin.xpath(".//span[@class='occurrences']/a")
    assert [a.text_content() for a in backs] == ["p. 40", "+", "p. 42", "+"]
    assert [a.get("aria-label") for a in backs] == [None, "p. 40, place 2", None, "p. 42, place 4"]
    assert "p. 40 +, p. 42 +)" in lenin.xpath("string(.//span[@class='occurrences'])")


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
