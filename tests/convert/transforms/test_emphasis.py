"""mark_emphasis alone: letter-spaced words and words an author's-note asterisk follows become hi."""

from __future__ import annotations

from teikit.convert.transforms.emphasis import mark_emphasis

from .helpers import context, findings, markup


def test_letter_spaced_word_becomes_hi_spaced_and_is_warned() -> None:
    ctx = context('<p tk:line="2">at one s m a s h i n g blow</p>')
    mark_emphasis(ctx)
    assert markup(ctx.chapter) == '<p>at one <hi rendition="#spaced">smashing</hi> blow</p>'
    assert findings(ctx) == [("warning", "letter-spacing", 2)]


def test_word_before_an_asterisk_becomes_hi_italic_and_the_asterisk_stays_for_its_note() -> None:
    ctx = context("<p>for* the dictatorship and against* it</p>")
    mark_emphasis(ctx)
    assert markup(ctx.chapter) == ('<p><hi rend="italic" rendition="#italic">for</hi>* the dictatorship and '
                                   '<hi rend="italic" rendition="#italic">against</hi>* it</p>')


def test_notes_folios_and_single_letters_are_not_emphasis() -> None:
    chapter = ('<p>a) b) c) d) J. St. and pp. 3<note place="foot">not s p a c e d here*</note>'
               '<fw type="pageNum">p a g e 7*</fw></p>')
    ctx = context(chapter)
    mark_emphasis(ctx)
    assert markup(ctx.chapter) == chapter and findings(ctx) == []
