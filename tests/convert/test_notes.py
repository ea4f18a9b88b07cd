"""Notes: each footnote at its anchor, orphan, duplicated, several-anchored and end-of-book notes."""

from __future__ import annotations

import pytest

from teikit.convert import convert
from teikit.errors import TeikitError

from .helpers import CONV, XML_ID, tei, xp


def test_a_note_block_with_several_notes_puts_each_at_its_anchor(two_pages) -> None:
    root, _ = two_pages
    notes = xp(root, "//t:note[@place='foot']")
    assert [(n.get(XML_ID), n.get("n")) for n in notes] == [("fn8-1", "1"), ("fn8-2", "2"), ("fn9-s", "*")]
    assert xp(root, "local-name(//t:note[@xml:id='fn8-1']/preceding-sibling::*[1])") == "bibl"
    text = "".join(xp(root, "//t:div[@type='section']/t:p")[0].itertext())
    assert "[1]" not in text and "[2]" not in text and "*" not in text


def test_an_anchor_without_a_note_is_an_error_at_its_line() -> None:
    with pytest.raises(TeikitError) as err:
        convert(CONV / "invalid" / "anchor-without-note.txt")
    assert err.value.line == 1 and "anchor [1] has no note" in err.value.message


def test_endnote_numbers_become_pointers_to_placeholder_notes(two_pages) -> None:
    root, _ = two_pages
    assert xp(root, "//t:ptr[@type='endnote']/@target") == ["#en12"]
    placeholder = xp(root, "//t:back//t:note[@xml:id='en12']")[0]
    assert xp(placeholder, "t:gap/@reason") == ["not-in-copy-text"] and "".join(placeholder.itertext()) == ""


def test_asterisk_note_marks_its_word_italic() -> None:
    root, _ = tei(CONV / "two-pages.txt")
    hi = xp(root, "//t:hi[@rendition='#italic']")
    assert [h.text for h in hi] == ["this"]
    assert xp(hi[0], "local-name(following-sibling::*[1])") == "note"
    assert xp(root, "//t:tagsDecl/t:rendition/@xml:id") == ["spaced", "italic"]


def test_duplicated_label_is_matched_by_anchor_order_and_corrected_from_the_data(rules_doc) -> None:
    root, findings = rules_doc
    assert [(n.get(XML_ID), n.get("n")) for n in xp(root, "//t:note[@place='foot']")] == [
        ("fn10-1", "1"), ("fn10-2", "2"), ("fn11-s", "*")]
    label = xp(root, "//t:note[@xml:id='fn10-2']/t:label")[0]
    assert (xp(label, "string(t:choice/t:sic)"), xp(label, "string(t:choice/t:corr)")) == ("[1]", "[2]")
    assert label.tail == " "
    assert any(f.rule == "duplicate-label" and f.line == 3 for f in findings)


def test_author_note_with_two_anchors_points_at_both(rules_doc) -> None:
    root, _ = rules_doc
    note = xp(root, "//t:note[@n='*']")[0]
    assert note.get("target") == "#a11-s1 #a11-s2"
    assert xp(root, "//t:anchor/@xml:id") == ["a11-s1", "a11-s2"]
    assert [h.text for h in xp(root, "//t:hi[@rendition='#italic']")] == ["strong", "weak"]
