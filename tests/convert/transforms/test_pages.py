"""join_broken_words alone: a word hyphenated at a page end, across the notes and folio of that page."""

from __future__ import annotations

from teikit.convert.editorial import Editorial
from teikit.convert.transforms.pages import join_broken_words

from .helpers import context, findings, markup, unplaced_note

BROKEN = ('<pb n="7"/><p tk:line="1">The text facili-' + unplaced_note("1", "A note.")
          + '<fw type="pageNum" tk:line="3">page 7</fw><pb n="8" tk:line="5"/>tates a broken word.</p>')


def test_word_broken_across_page_is_joined_with_break_no() -> None:
    ctx = context(BROKEN, Editorial(lexicon=("facilitates",)))
    join_broken_words(ctx)
    assert markup(ctx.chapter) == (
        '<pb n="7"/><p>The text facili<note place="foot">A note.</note><fw type="pageNum">page 7</fw>'
        '<pb n="8" break="no"/>tates a broken word.</p>')
    assert findings(ctx) == [("info", "broken-word", 5)]


def test_a_word_the_transcription_uses_elsewhere_is_joined_too() -> None:
    ctx = context(BROKEN, source_text="Order facilitates reading. The text facili-\n\ntates a broken word.")
    join_broken_words(ctx)
    assert ctx.chapter.xpath("string(*[local-name()='p']/*[local-name()='pb']/@break)") == "no"


def test_hyphen_before_a_page_is_kept_and_warned_when_the_joined_word_is_unknown() -> None:
    ctx = context(BROKEN)
    join_broken_words(ctx)
    assert markup(ctx.chapter).startswith('<pb n="7"/><p>The text facili-<note')
    assert ctx.chapter.find(".//{*}pb[@n='8']").get("break") is None
    assert findings(ctx) == [("warning", "page-final-hyphen", 5)]
