"""place_notes_at_anchors alone: each footnote from its page's note block to its anchor in the text."""

from __future__ import annotations

import pytest

from teikit.convert.editorial import Editorial
from teikit.convert.transforms.notes import place_notes_at_anchors
from teikit.errors import TeikitError

from .helpers import context, findings, markup, unplaced_note

FOLIO = '<fw type="pageNum" tk:line="3">page 7</fw><pb n="8" tk:line="3"/>'


def test_each_note_moves_to_its_anchor_and_is_numbered_as_printed() -> None:
    ctx = context('<pb n="7"/><p tk:line="1">A claim[1] and a second[2] one.' + unplaced_note("1", "First note.")
                  + unplaced_note("2", "Second note.", index=2) + FOLIO + "</p>")
    place_notes_at_anchors(ctx)
    assert markup(ctx.chapter) == (
        '<pb n="7"/><p>A claim<note place="foot" n="1" xml:id="fn7-1">First note.</note> and a second'
        '<note place="foot" n="2" xml:id="fn7-2">Second note.</note> one.<fw type="pageNum">page 7</fw>'
        '<pb n="8"/></p>')
    assert findings(ctx) == []


def test_a_note_without_anchor_on_its_page_is_kept_at_the_page_start_as_not_anchored() -> None:
    ctx = context('<pb n="7"/><p tk:line="1">No anchor here.</p>' + unplaced_note("1", "Orphan.") + FOLIO)
    place_notes_at_anchors(ctx)
    assert markup(ctx.chapter) == ('<pb n="7"/><note place="foot" n="1" xml:id="fn7-1" anchored="false">Orphan.'
                                   '</note><p>No anchor here.</p><fw type="pageNum">page 7</fw><pb n="8"/>')
    assert findings(ctx) == [("warning", "orphan-note", 2)]


def test_a_high_number_without_note_points_to_a_placeholder_end_note() -> None:
    ctx = context('<pb n="7"/><p tk:line="1">See the end.[12]</p>')
    place_notes_at_anchors(ctx)
    assert markup(ctx.chapter) == '<pb n="7"/><p>See the end.<ptr type="endnote" n="12" target="#en12"/></p>'
    assert markup(ctx.root.find("{*}text/{*}back")) == (
        '<div type="notes"><note xml:id="en12" n="12" place="end"><gap reason="not-in-copy-text"/></note></div>')


def test_an_authors_note_with_two_anchors_is_placed_once_and_points_at_both() -> None:
    data = Editorial(header={"notes": {"star": {"type": "authorial"}}})
    ctx = context('<pb n="7"/><p tk:line="1">for* and against* it.' + unplaced_note("*", "My italics.") + "</p>", data)
    place_notes_at_anchors(ctx)
    assert markup(ctx.chapter) == (
        '<pb n="7"/><p>for<anchor xml:id="a7-s1"/> and against<anchor xml:id="a7-s2"/><note place="foot" n="*" '
        'xml:id="fn7-s" type="authorial" target="#a7-s1 #a7-s2">My italics.</note> it.</p>')


def test_a_label_printed_twice_is_matched_to_the_anchors_in_order_and_warned() -> None:
    ctx = context('<pb n="7"/><p tk:line="1">One[1] and two[2].' + unplaced_note("1", "First.")
                  + unplaced_note("1", "Second.", index=2) + FOLIO + "</p>")
    place_notes_at_anchors(ctx)
    assert [(n.get("n"), n.text) for n in ctx.chapter.iter("{*}note")] == [("1", "First."), ("2", "Second.")]
    assert findings(ctx) == [("warning", "duplicate-label", 2)]


def test_an_anchor_without_a_note_on_its_page_is_an_error_at_its_line() -> None:
    ctx = context('<pb n="7"/><p tk:line="4">A claim[1].</p>')
    with pytest.raises(TeikitError, match=r"anchor \[1\] has no note labelled \[1\]") as err:
        place_notes_at_anchors(ctx)
    assert err.value.line == 4
