"""The flagship edition exported: its pages, notes, corrections, bibliography and index, every word kept."""

from __future__ import annotations

import re

from teikit.export import ExportOptions, export_file

from .helpers import EDITION, NS, T, check_every_word_kept, check_notes_linked_both_ways, page_problems, text_of, words


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
    check_every_word_kept(EDITION, edition)
