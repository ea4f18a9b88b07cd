"""Pages: folio lines to pb and fw, paragraphs and words that continue across a page, pages that end a paragraph."""

from __future__ import annotations

import shutil
from pathlib import Path

from .helpers import CONV, XML_ID, copy_alone, rules, tei, xp


def test_footer_markers_number_the_following_page_and_keep_the_folio(two_pages) -> None:
    root, _ = two_pages
    assert [pb.get("n") for pb in xp(root, "//t:pb")] == ["7", "8", "9"]
    assert [fw.text for fw in xp(root, "//t:fw")] == ["page 7", "page 8", "page 9"]
    assert all(fw.get("place") == "bottom" for fw in xp(root, "//t:fw"))
    assert xp(root, "string(//t:sourceDesc//t:bibl/t:note[@type='byline'][1])") == "by A. Writer"


def test_header_reading_numbers_pages_one_less(tmp_path: Path) -> None:
    for name in ("two-pages.txt", "two-pages.works.toml"):
        shutil.copy(CONV / name, tmp_path / name)
    (tmp_path / "two-pages.header.toml").write_text('[edition]\npage_marker = "header"\n')
    root, _ = tei(tmp_path / "two-pages.txt")
    assert [pb.get("n") for pb in xp(root, "//t:pb")] == ["6", "7", "8", "9"]
    assert {fw.get("place") for fw in xp(root, "//t:fw")} == {"top"}
    assert "read as headers" in xp(root, "string(//t:interpretation)")


def test_quotation_crossing_a_page_stays_one_quote_with_the_pb_inside(two_pages) -> None:
    root, _ = two_pages
    quote = xp(root, "//t:quote[@xml:id='qa']")[0]
    assert xp(quote, "t:pb/@n") == ["8"]
    assert "".join(quote.itertext()).endswith("ends on the next one.")
    assert xp(quote, "local-name(..)") == "cit"


def test_paragraph_continues_across_the_page_and_word_broken_across_pages_is_joined(two_pages) -> None:
    root, _ = two_pages
    p = xp(root, "//t:pb[@break='no']/..")[0]
    assert xp(root, "//t:pb[@break='no']/@n") == ["9"]
    assert "The text facilitates a broken word" in "".join(t for t in p.itertext() if t != "page 8")
    assert len(xp(root, "//t:div[@type='section']/t:p")) == 1  # three source lines, one paragraph


def test_page_final_hyphen_of_an_unknown_word_is_kept_and_warned(tmp_path: Path) -> None:
    path = copy_alone("two-pages.txt", tmp_path, lambda d: d.replace(b"good order facilitates", b"good order"))
    root, findings = tei(path)
    assert not xp(root, "//t:pb[@break='no']")
    assert "page-final-hyphen" in rules(findings)


def test_text_starting_mid_sentence_on_a_fresh_page_keeps_its_orphan_note(tmp_path: Path) -> None:
    root, findings = tei(CONV / "orphan-note.txt")
    orphan = xp(root, "//t:note[@anchored='false']")
    assert [n.get(XML_ID) for n in orphan] == ["fn3-1"]
    assert xp(root, "//t:div/*[1]/@n") == ["3"] and xp(root, "local-name(//t:div/*[2])") == "note"
    assert "starts-mid-sentence" in rules(findings) and "orphan-note" in rules(findings)
    anchored = xp(root, "//t:p/t:note")
    assert [n.get(XML_ID) for n in anchored] == ["fn4-1"]
    assert "ibid-orphan" in rules(findings)


def test_letter_spacing_becomes_hi_and_paragraph_ends_at_a_page_end_are_warned(rules_doc) -> None:
    root, findings = rules_doc
    assert [h.text for h in xp(root, "//t:hi[@rendition='#spaced']")] == ["decisive"]
    assert [f.line for f in findings if f.rule == "page-ends-paragraph"] == [7, 13, 17]
    assert [pb.get("n") for pb in xp(root, "//t:pb")] == ["10", "11", "12", "13"]
    assert len(xp(root, "//t:body//t:p")) == 4
